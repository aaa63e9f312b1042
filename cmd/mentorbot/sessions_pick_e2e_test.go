package main

import (
	"strings"
	"testing"
	"time"
)

// TestSessionLogPickedLaterIsHeldTheDayItWasTyped: someone in two pairs
// types /session log on Monday and presses "With …" in the "which pair?"
// answer 30 hours later: the session is held on Monday, the day it was
// typed in their zone, not on the day of the press.
func TestSessionLogPickedLaterIsHeldTheDayItWasTyped(t *testing.T) {
	e := twoPairEnv(t) // Monday 2 November, 09:00 in alice's Berlin
	// Meetings later that Monday, after the typing: not the ones logged.
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-02 18:00")
	e.cmd(alice, "/mentor", "meet <@UCAROL|carol> 2026-11-02 19:00")
	res := pickPrompt(t, e, "/session", "log late click test")
	e.clock.Advance(30 * time.Hour) // Tuesday 15:00 in Berlin
	e.settle()
	if _, err := e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, "pick_partner0", buttonValue(t, res.Message.Blocks, "pick_partner0")); err != nil {
		t.Fatal(err)
	}
	e.idle()
	var logged int
	for _, mentee := range []string{bob, carol} {
		ss, err := e.app.DB.Sessions(e.ctx, mentee, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			logged++
			if s.HeldOn != "2026-11-02" || s.Notes != "late click test" || !s.MeetingAt.IsZero() {
				t.Errorf("session logged by the press: held on %s, notes %q, meeting %v; want 2026-11-02 and no meeting (it began after the typing)", s.HeldOn, s.Notes, s.MeetingAt)
			}
		}
	}
	if logged != 1 {
		t.Fatalf("%d sessions logged by one press", logged)
	}
	if got := e.cmd(alice, "/session", "list"); !strings.Contains(got, "*#1* · Mon 2 Nov 2026") {
		t.Errorf("alice's list: %q", got)
	}
	noFailures(t, e)
}
