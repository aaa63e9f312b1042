package main

import (
	"strings"
	"testing"
)

// A one-off meeting moved, and then the pair ended before it: bob's DM of
// the move says where it went, and now that it won't take place. It used
// to be left as it was, naming a meeting to come.
func TestEndedPairsMovedOneOffSaysItWontTakePlace(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	p := e.livePairOf(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00")
	e.cmd(alice, "/mentor", "move <@UBOB|bob> 2026-11-06 16:00")
	e.settle()
	n := e.sentKey(t, p.ID, "meeting_moved", bob)

	e.clock.Set(schedAt("2026-11-03 10:00"))
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	m, _ := e.sim.LookupMessage(n.Channel, n.TS)
	shown := blockText(m.Blocks)
	moved := "<@UALICE> moved your meeting from " + meetWhenToken("2026-11-05 14:00", "Thu 5 Nov 2026 at 09:00 EST") +
		" to *" + meetWhenToken("2026-11-06 15:00", "Fri 6 Nov 2026 at 10:00 EST") + "*, for 30 min. Its agenda goes with it."
	if !strings.Contains(shown, moved) {
		t.Errorf("bob's DM of the move lost what happened:\n%s", shown)
	}
	if !strings.Contains(shown, "ended on <!date^") || !strings.Contains(shown, "its meetings won't take place") || !strings.Contains(m.Text, "ended on") {
		t.Errorf("bob's DM of the move does not say the pair ended:\ntext %q\n%s", m.Text, shown)
	}
	noFailures(t, e)
}

// A meeting moved onto one of another pair's: the partner's DM warned of
// the overlap and said how to move it. Once the pair has ended, the
// warning goes whole: its hints would only be refused, and there is
// nothing left to overlap.
func TestEndedPairsMovedDMLosesItsClashWarning(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UBOB|bob>")
	p := e.livePairOf(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00")
	// Thu 12 Nov at 15:00 UTC: 00:00 on the 13th in Tokyo, 16:00 in Berlin.
	e.cmd(carol, "/mentor", "meet <@UBOB|bob> 2026-11-13 00:00")
	e.cmd(alice, "/mentor", "move <@UBOB|bob> 2026-11-12 16:00")
	e.settle()
	n := e.sentKey(t, p.ID, "meeting_moved", bob)
	if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, ":warning: Heads-up") || !contains(m, "`/mentor move @alice`") {
		t.Fatalf("before the end, bob's DM of the move has no warning of the overlap:\n%s", blockText(m.Blocks))
	}

	e.clock.Set(schedAt("2026-11-03 10:00"))
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	m, _ := e.sim.LookupMessage(n.Channel, n.TS)
	shown := blockText(m.Blocks)
	for _, gone := range []string{"Heads-up", "overlaps", "/mentor move", "/mentor meet"} {
		if strings.Contains(m.Text+shown, gone) {
			t.Errorf("after the end, bob's DM of the move still says %q:\ntext %q\n%s", gone, m.Text, shown)
		}
	}
	if !strings.Contains(shown, "<@UALICE> moved your meeting from") || !strings.Contains(shown, "its meetings won't take place") {
		t.Errorf("after the end, bob's DM of the move:\n%s", shown)
	}
	noFailures(t, e)
}
