package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// homeLogTodos logs sessions in pair p with n to-dos, the first mine of
// them the logger's (alice's), the rest bob's, "to-do 1" to "to-do n".
func homeLogTodos(e *env, p store.Pair, n, mine int) {
	e.t.Helper()
	for from := 0; from < n; from += store.MaxSessionTodos {
		var todos []store.NewTodo
		for i := from; i < min(n, from+store.MaxSessionTodos); i++ {
			owner := bob
			if i < mine {
				owner = alice
			}
			todos = append(todos, store.NewTodo{OwnerID: owner, Text: fmt.Sprintf("to-do %d", i+1)})
		}
		if _, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Todos: todos}); err != nil {
			e.t.Fatal(err)
		}
	}
}

// todoNumberRe finds the to-dos homeLogTodos made in a list of them.
var todoNumberRe = regexp.MustCompile(`to-do (\d+)\b`)

// The Home shows five of a pair's open to-dos; its pointer to the rest
// names the command that lists them all, page by page (/session todos
// @partner), not /mentor next, which cuts them again.
func TestHomePointsToTheCommandThatListsAllThePairsTodos(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 100, 22) // 78 of the 100 are bob's

	txt := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	want := "…and 95 more open to-dos in this pair, 78 of them yours: `/session todos @alice` lists all of the pair's, 40 to a page."
	if !strings.Contains(txt, want) {
		t.Errorf("bob's Home lacks %q:\n%s", want, txt)
	}
	if strings.Contains(txt, "/mentor next") {
		t.Errorf("bob's Home still points to /mentor next:\n%s", txt)
	}
	// The command named lists every one of them, page by page.
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		got := e.cmd(bob, "/session", fmt.Sprintf("todos <@UALICE|alice> %d", page))
		for _, m := range todoNumberRe.FindAllStringSubmatch(got, -1) {
			seen[m[1]] = true
		}
		if page < 3 && !strings.Contains(got, fmt.Sprintf("`/session todos @alice %d`", page+1)) {
			t.Errorf("page %d does not point to the next:\n%s", page, got)
		}
	}
	if len(seen) != 100 {
		t.Errorf("/session todos @alice's pages list %d of the 100 to-dos", len(seen))
	}

	// None of carol's: the pair's list too.
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
	ps, err := e.app.DB.PairsOf(e.ctx, carol, false)
	if err != nil || len(ps) != 1 {
		t.Fatalf("carol's pairs = %v, %v", ps, err)
	}
	if _, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: ps[0].ID, HeldOn: "2026-11-02",
		Todos: []store.NewTodo{{OwnerID: alice, Text: "a1"}, {OwnerID: alice, Text: "a2"}, {OwnerID: alice, Text: "a3"},
			{OwnerID: alice, Text: "a4"}, {OwnerID: alice, Text: "a5"}, {OwnerID: alice, Text: "a6"}, {OwnerID: alice, Text: "a7"}}}); err != nil {
		t.Fatal(err)
	}
	ctxt := homeText(homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "a5") }))
	if want := "…and 2 more open to-dos in this pair, none of them yours: `/session todos @alice` lists all of the pair's, 40 to a page."; !strings.Contains(ctxt, want) {
		t.Errorf("carol's Home lacks %q:\n%s", want, ctxt)
	}
}

// A Done button on a Home drawn before the to-do was closed elsewhere
// only brings the Home up to date: no DM about it, as a Done press that
// closes the to-do sends none.
func TestStaleHomeDoneSendsNoDM(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	s, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02",
		Todos: []store.NewTodo{{Text: "read book"}, {Text: "write notes"}}})
	if err != nil {
		t.Fatal(err)
	}
	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "read book") })
	// Closed behind the Home's back: the Home still shows it with Done.
	if _, err := e.app.DB.CompleteTodo(e.ctx, bob, s.Todos[0].ID); err != nil {
		t.Fatal(err)
	}
	before := len(e.dms(bob, ""))
	if _, err := e.sim.ClickButtonValue(e.ctx, bob, v.Message(), "home_todo_done", fmt.Sprint(s.Todos[0].ID)); err != nil {
		t.Fatal(err)
	}
	e.idle()
	if dms := e.dms(bob, ""); len(dms) != before {
		t.Fatalf("a stale Done on the Home sent bob a DM:%s", e.describeDMs(bob))
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "read book") })
	if !strings.Contains(homeText(v), "write notes") {
		t.Errorf("the Home lost the other to-do")
	}
}
