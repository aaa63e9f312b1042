package main

import (
	"context"
	"testing"
)

// Writing to the bot in its DM answers a nudge as a command does: the
// audit's Bob wrote "We met, it went well, thanks!" after three nudges
// and was later told they went unanswered. The bot's answer, that it
// reads only slash commands, stays.
func TestMessageToTheBotAnswersTheNudges(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-08 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
		t.Fatalf("goal reminders: %d, want 3\n%s", n, e.describeDMs(bob))
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if err := e.sim.MessageEvent(ctx, bob, "We met, it went well, thanks!"); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "I only read slash commands")
	e.schedWalk(schedAt("2026-11-10 15:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("nudges stopped although bob wrote back\n%s", e.describeDMs(bob))
	}
	if u, _ := e.app.DB.User(e.ctx, bob); !u.NudgesStoppedAt.IsZero() || u.LastActiveAt.Before(schedAt("2026-11-08 15:00")) {
		t.Errorf("bob after writing to the bot: nudges stopped at %v, last active at %v", u.NudgesStoppedAt, u.LastActiveAt)
	}
	if n := len(e.dms(bob, "was due on")); n == 0 {
		t.Errorf("no overdue nudge after bob wrote back\n%s", e.describeDMs(bob))
	}
}
