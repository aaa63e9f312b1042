package main

import (
	"strings"
	"testing"
)

// TestOddSpacesSeparateWords: a no-break space (pasted from a web page, or
// Option+Space on a Mac) and a zero-width space look like a space or
// nothing; the bot reads them as a space, so the command does what it
// shows, and a goal of nothing but a zero-width space is no goal.
func TestOddSpacesSeparateWords(t *testing.T) {
	e := goalEnv(t)
	if got := e.cmd(bob, "/goal", "add\u00a0Run a\u00a0marathon by\u00a02027-05-01"); !strings.Contains(got, "Added goal") {
		t.Fatalf("add with no-break spaces: %q", got)
	}
	gs := e.goalsStored(bob)
	if len(gs) != 1 || gs[0].Text != "Run a marathon" || gs[0].DueOn != "2027-05-01" {
		t.Fatalf("stored %+v", gs)
	}
	if got := e.cmd(bob, "/goal", "progress\u202f1\u00a050%"); !strings.Contains(got, "50%") {
		t.Errorf("progress with odd spaces: %q", got)
	}
	if got := e.cmd(bob, "/goal", "done\u00a0#1"); strings.Contains(got, "I don't know") {
		t.Errorf("done with a no-break space: %q", got)
	}
	if g := e.goalStored(gs[0].ID); g.Open() {
		t.Errorf("goal still open after done: %+v", g)
	}
	e.cmd(bob, "/goal", "add \u200b")
	e.cmd(bob, "/goal", "add\u3000\u200b\ufeff")
	if gs := e.goalsStored(bob); len(gs) != 1 {
		t.Errorf("an invisible goal was stored: %+v", gs)
	}
}
