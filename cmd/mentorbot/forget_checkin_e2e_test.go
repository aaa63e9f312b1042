package main

import (
	"strings"
	"testing"
	"time"
)

// A mentor's weekly check-in, drawn with a mentee's goals and waiting to
// be posted (conversations.open held by a 429) when that mentee's forget
// commits, is drawn again before it goes: the forgotten mentee's goals
// are not posted, and the mentor's other mentee's still are. A partner's
// forget does not take back the mentor's own DMs; it used to leave this
// one as drawn.
func TestCheckinDrawnBeforeAPartnersForgetIsDrawnAgain(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.pair(alice, carol)
	e.waitDM(carol, "Welcome to mentoring")
	pgGoal(e, bob, "Wombat migration goal")
	pgGoal(e, carol, "Carol's kiwi goal")
	// Alice's check-in: Monday 9 November, 09:00 in Berlin.
	due := time.Date(2026, 11, 9, 8, 0, 0, 0, time.UTC)
	e.advance(due.Add(-time.Minute).Sub(e.clock.Now()))
	if err := e.app.DB.SetDMChannel(e.ctx, alice, ""); err != nil {
		t.Fatal(err)
	}
	e.forgetWhileChannelOpens(due, bob)
	e.settle()
	got := blockText(e.schedDM("checkin:to=UALICE:on=2026-11-09").Blocks)
	if strings.Contains(got, "Wombat") {
		t.Errorf("alice's check-in, posted after bob's forget, lists his goal:\n%s", got)
	}
	if !strings.Contains(got, "kiwi") {
		t.Errorf("alice's check-in lost carol's goal:\n%s", got)
	}
}
