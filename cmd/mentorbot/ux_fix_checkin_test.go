package main

import (
	"strings"
	"testing"
)

// The weekly check-in of someone in two pairs names the pair of each open
// to-do; someone in one pair gets the lines as before.
func TestCheckinNamesThePairOfEachTodoForSomeoneInTwoPairs(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
	for _, c := range []string{
		"log <@UBOB|bob> we met todo: @me send bob the talk outline todo: read the book",
		"log <@UCAROL|carol> we met todo: @me find carol a reviewer",
	} {
		if got := e.cmd(alice, "/session", c); !strings.Contains(got, "#") {
			t.Fatalf("/session %s = %q", c, got)
		}
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	ci := blockText(e.schedDM("checkin:to=UALICE:on=2026-11-09").Blocks)
	for _, want := range []string{"send bob the talk outline — you _(with <@UBOB>)_", "find carol a reviewer — you _(with <@UCAROL>)_"} {
		if !strings.Contains(ci, want) {
			t.Errorf("alice's check-in lacks %q:\n%s", want, ci)
		}
	}
	bobs := blockText(e.schedDM("checkin:to=UBOB:on=2026-11-09").Blocks)
	if !strings.Contains(bobs, "read the book — you") || strings.Contains(bobs, "_(with") {
		t.Errorf("bob's check-in, of his one pair:\n%s", bobs)
	}
}
