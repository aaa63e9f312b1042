package main

import (
	"strings"
	"testing"
)

// A check-in drawn while a meeting is on says so in its notification: a
// one-off with none after it used to read "no meeting scheduled", and a
// weekly one gave next week's, or another pair's later one, as the next.
func TestCheckinPreviewSaysAMeetingIsOnNow(t *testing.T) {
	t.Run("one-off", func(t *testing.T) {
		e, _ := schedEnv(t)
		e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
		// Mon 9 Nov, 09:00 to 10:00 in New York: bob's check-in is at 09:00.
		e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-09 15:00 for 1h")
		e.schedWalk(schedAt("2026-11-09 14:30"))
		if got, want := e.lastCheckin(bob).Text, "Your weekly mentoring check-in with <@UALICE>: a meeting on now; no open to-dos."; got != want {
			t.Errorf("bob's check-in's text\n = %q\nwant %q", got, want)
		}
		noFailures(t, e)
	})
	t.Run("weekly, and another pair's later", func(t *testing.T) {
		e, _ := schedEnv(t)
		e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
		e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UBOB|bob>")
		e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly mon 15:00 for 1h")
		e.cmd(carol, "/mentor", "meet <@UBOB|bob> 2026-11-11 09:00")
		e.schedWalk(schedAt("2026-11-09 14:30"))
		got := e.lastCheckin(bob).Text
		if !strings.Contains(got, ": a meeting with <@UALICE> on now; no open to-dos.") || strings.Contains(got, "next meeting") {
			t.Errorf("bob's check-in's text = %q; want it to say the meeting with alice is on now", got)
		}
		noFailures(t, e)
	})
}
