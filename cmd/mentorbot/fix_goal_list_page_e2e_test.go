package main

import (
	"strings"
	"testing"
)

// Asking for a page after the only one of a goal list says that the list
// is all on one page and which command shows it, not that "`/goal list 1`
// shows the last one", which reads as the last goal.
func TestGoalListPageAfterTheOnlyOne(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2027-03-31")
	e.goalAdd(bob, "Ship 3 PRs by 2027-02-28")
	for _, c := range []struct{ who, text, want string }{
		{bob, "list 2", "That list has 2 goals, all on one page: `/goal list` shows them."},
		{alice, "list <@UBOB|bob> 3", "That list has 2 goals, all on one page: `/goal list @bob` shows them."},
	} {
		if got := e.cmd(c.who, "/goal", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/goal %s = %q, want %q", c.text, got, c.want)
		}
	}
	if got := e.cmd(bob, "/goal", "list 2"); strings.Contains(got, "shows the last one") {
		t.Errorf("/goal list 2 = %q", got)
	}
}

// The same for a pair's to-dos: /session todos @partner N past the only
// page says they are all on one page.
func TestPairTodosPageAfterTheOnlyOne(t *testing.T) {
	e := goalEnv(t)
	e.cmd(alice, "/session", "log we met todo: read the book todo: @me send slides")
	want := "Your pair with <@UBOB> has 2 open to-dos, all on one page: `/session todos @bob` shows them."
	if got := e.cmd(alice, "/session", "todos <@UBOB|bob> 2"); !strings.Contains(got, want) {
		t.Errorf("/session todos @bob 2 = %q, want %q", got, want)
	}
}
