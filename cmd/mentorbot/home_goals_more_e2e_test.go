package main

import (
	"encoding/json"
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
	e.pair(alice, carol)
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
	nv := homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "read book") })
	if !strings.Contains(homeText(nv), "write notes") {
		t.Errorf("the Home lost the other to-do")
	}
}

// goalShowPage runs /goal show with args for user and checks the answer
// against Slack's limits; it returns the answer's text.
func goalShowPage(e *env, user, args string) string {
	e.t.Helper()
	res := e.cmdIn(user, e.dmChannel(user), "/goal", "show "+args)
	if res.Message == nil {
		e.t.Fatalf("/goal show %s: no answer", args)
	}
	var blocks []json.RawMessage
	if err := json.Unmarshal(res.Message.Blocks, &blocks); err != nil {
		e.t.Fatal(err)
	}
	if len(blocks) > 50 {
		e.t.Errorf("/goal show %s has %d blocks", args, len(blocks))
	}
	if n := slacksim.BlocksTextLen(res.Message.Blocks); n > 10000 { // the bot's budget; Slack has refused 11,341
		e.t.Errorf("/goal show %s has %d characters of text in its blocks", args, n)
	}
	for _, b := range blocks {
		var s struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		}
		if err := json.Unmarshal(b, &s); err == nil && s.Type == "section" {
			if n := len([]rune(s.Text.Text)); n > 3000 {
				e.t.Errorf("/goal show %s has a section of %d characters", args, n)
			}
			if brokenEntityRe.MatchString(s.Text.Text + " ") {
				e.t.Errorf("/goal show %s cuts an entity: %q", args, s.Text.Text)
			}
		}
	}
	return res.Message.Text + "\n" + blockText(res.Message.Blocks)
}

// brokenEntityRe is an escape cut in two, at the end of a section or
// where a section was cut.
var brokenEntityRe = regexp.MustCompile(`&(?:a|am|amp|l|lt|g|gt)?[^a-z;]`)

// /goal show is the goal's whole history: each progress note and comment
// in full, and, where they do not all fit in one message, the latest
// first with the command that shows the older ones.
func TestGoalShowShowsTheWholeHistory(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Read 3 books by 2027-01-15")
	var note strings.Builder
	for i := 0; note.Len() < 960; i++ {
		fmt.Fprintf(&note, "alpha&amp;beta %d ", i)
	}
	note.WriteString("END-OF-NOTE")
	if got := e.cmd(bob, "/goal", "progress 1 50 "+note.String()); !strings.Contains(got, "50%") {
		t.Fatalf("progress with a long note = %q", got)
	}
	comment := func(tag string) string {
		var c strings.Builder
		fmt.Fprintf(&c, "%s <@UBOB|bob> ", tag)
		for i := 0; c.Len() < 2450; i++ {
			fmt.Fprintf(&c, "word%d ", i)
		}
		return c.String() + "END-OF-" + tag
	}
	if got := e.cmd(alice, "/goal", "comment 1 "+comment("FIRST")); !strings.Contains(got, "comment") {
		t.Fatalf("a long comment = %q", got)
	}
	for i := 1; i <= 10; i++ {
		e.cmd(bob, "/goal", fmt.Sprintf("progress 1 %d step %d done", 50+i, i))
	}
	got := goalShowPage(e, bob, "1")
	for _, want := range []string{note.String(), "END-OF-NOTE", "END-OF-FIRST", "word300 ", "step 1 done", "step 10 done", "*Progress*", "*Comments*"} {
		if !strings.Contains(got, want) {
			t.Errorf("/goal show 1 lacks %q:\n%s", truncateForLog(want), got)
		}
	}
	if strings.Contains(got, "earlier updates") || strings.Contains(got, "page 2") {
		t.Errorf("/goal show 1 leaves something out:\n%s", got)
	}

	// Five more long comments do not fit in one message: the latest come
	// first, and the older ones on the next pages, each whole, once.
	for i := 2; i <= 6; i++ {
		e.cmd(alice, "/goal", fmt.Sprintf("comment 1 %s", comment(fmt.Sprintf("C%d", i))))
	}
	first := goalShowPage(e, bob, "1")
	if !strings.Contains(first, "END-OF-C6") || !strings.Contains(first, "step 10 done") {
		t.Errorf("the first page lacks the latest:\n%s", first)
	}
	if !strings.Contains(first, "Older ones: `/goal show 1 page 2`") || !strings.Contains(first, "page 1 of ") {
		t.Errorf("the first page does not point to the older ones:\n%s", first)
	}
	all := first
	pages := 1
	for p := 2; strings.Contains(all, fmt.Sprintf("`/goal show 1 page %d`", p)); p++ {
		all += goalShowPage(e, bob, fmt.Sprintf("1 page %d", p))
		pages++
	}
	if !strings.Contains(all, "These are the oldest. Back to the latest: `/goal show 1`.") {
		t.Errorf("the last page does not say so:\n%s", all)
	}
	for _, tag := range []string{"FIRST", "C2", "C3", "C4", "C5", "C6", "NOTE"} {
		if n := strings.Count(all, "END-OF-"+tag); n != 1 {
			t.Errorf("the %d pages show %s's end %d times", pages, tag, n)
		}
	}
	if got := e.cmd(bob, "/goal", fmt.Sprintf("show 1 page %d", pages+1)); !strings.Contains(got, fmt.Sprintf("so there is no page %d", pages+1)) {
		t.Errorf("a page too far = %q", got)
	}
	// A number alone after the goal's is not read as a page.
	if got := e.cmd(bob, "/goal", "show 1 2"); !strings.Contains(got, "takes just the goal's number") || !strings.Contains(got, "`/goal show 1 page 2`") {
		t.Errorf("/goal show 1 2 = %q", got)
	}
}

// A comment that escaping makes longer than a message (2,500 "&", 12,500
// characters as sent) is split over sections and pages, never inside an
// "&amp;", and every one of its characters is shown.
func TestGoalShowSplitsAnEntryLongerThanAMessage(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Read 3 books by 2027-01-15")
	e.cmd(bob, "/goal", "progress 1 10 started")
	if got := e.cmd(alice, "/goal", "comment 1 "+strings.Repeat("&amp;", 2500)); !strings.Contains(got, "comment") {
		t.Fatalf("comment = %q", got)
	}
	all := goalShowPage(e, bob, "1")
	for p := 2; strings.Contains(all, fmt.Sprintf("`/goal show 1 page %d`", p)); p++ {
		all += goalShowPage(e, bob, fmt.Sprintf("1 page %d", p))
	}
	if n := strings.Count(all, "&amp;"); n != 2500 {
		t.Errorf("the pages show %d of the comment's 2500 &", n)
	}
	if !strings.Contains(all, "started") {
		t.Errorf("the progress note is missing")
	}
}

// A comment split over pages says, at each part after the first, whose
// and of when it is: a page may begin with it.
func TestGoalShowContinuedCommentsSayWhose(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Read 3 books by 2027-01-15")
	long := strings.Repeat("R&D and Q&A work ", 147) // 2,499 characters, about 3,100 escaped
	for range 6 {
		if got := e.cmd(alice, "/goal", "comment 1 "+long); !strings.Contains(got, "comment") {
			t.Fatalf("comment = %q", got)
		}
	}
	all := goalShowPage(e, bob, "1")
	for p := 2; strings.Contains(all, fmt.Sprintf("`/goal show 1 page %d`", p)); p++ {
		all += goalShowPage(e, bob, fmt.Sprintf("1 page %d", p))
	}
	if n := strings.Count(all, "(continued): …"); n != 6 {
		t.Errorf("%d continued parts name their author; want 6", n)
	}
	for _, line := range strings.Split(all, "\n") {
		if strings.HasPrefix(line, "…") {
			t.Errorf("a part begins with no author: %.60q", line)
		}
	}
}

// With six open to-dos all her own, alice's Home shows five and counts the
// sixth as one: "1 more open to-do of yours … lists it". /mentor next,
// which shows fifteen, counts a sixteenth the same way.
func TestHomeCountsOneMoreOfYourOwnToDosAsOne(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 6, 6) // all six are alice's

	txt := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	if want := "…and 1 more open to-do of yours: `/session todos` lists it, 40 to a page."; !strings.Contains(txt, want) {
		t.Errorf("alice's Home lacks %q:\n%s", want, txt)
	}

	homeLogTodos(e, p, 10, 10) // sixteen, all alice's
	got := e.cmd(alice, "/mentor", "next <@UBOB|bob>")
	if want := "…and 1 more to-do of yours. `/session todos` lists it, 40 to a page."; !strings.Contains(got, want) {
		t.Errorf("alice's /mentor next lacks %q:\n%s", want, got)
	}
}

// The Home's pointers to the to-dos it had no room for count one as one.
func TestHomeCountsOneMoreToDoAsOne(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 6, 0) // all six are bob's

	txt := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	if want := "…and 1 more open to-do in this pair, not yours: `/session todos @bob` lists all of the pair's, 40 to a page."; !strings.Contains(txt, want) {
		t.Errorf("alice's Home lacks %q:\n%s", want, txt)
	}

	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	txt = homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "pairs that have ended") }))
	if want := "…and 1 more: `/session todos` lists it."; !strings.Contains(txt, want) {
		t.Errorf("bob's Home lacks %q:\n%s", want, txt)
	}
}
