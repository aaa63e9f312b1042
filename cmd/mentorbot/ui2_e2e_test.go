package main

import (
	"strings"
	"testing"
)

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
