package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Quiet hours that do not cover the small hours (a programme's lunch,
// 12:00–14:00) are not anyone's night: noon is not warned of, and 3 a.m.
// still is, as the night of 08:00–20:00 daytime. testStart is Monday
// 2026-11-02; Berlin (alice) is six hours ahead of New York (bob).
func TestNightIsNotMiddayQuietHours(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "12:00-14:00"))
	e.pairAliceAndBob()

	// 18:30 in Berlin is 12:30 for bob: in the programme's quiet hours,
	// but his day.
	if got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 18:30"); strings.Contains(got, ":warning:") || !strings.Contains(got, "are set") {
		t.Errorf("12:30 warned of as night: %q", got)
	}
	// 09:00 in Berlin is 03:00 for bob. Both are in the day from 14:00
	// to 20:00 Berlin time; 14:00 is nearest.
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 09:00")
	want := ":warning: That's 03:00 on Wednesday for <@UBOB> (America/New_York), in their night — " +
		"`/mentor meet @bob weekly wed 14:00` would be daytime for both of you (Wednesday 08:00 for them)."
	if !strings.Contains(got, want) {
		t.Errorf("03:00 not warned of: want %q in\n%s", want, got)
	}

	// Bob's own midday quiet hours are no night either; the programme's
	// hours then say when it is.
	e2 := newEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "22:00-06:00"))
	e2.pairAliceAndBob()
	s := store.DefaultSettings()
	s.QuietHours = new("12:00-13:00")
	if err := e2.app.DB.SaveSettings(e2.ctx, bob, s); err != nil {
		t.Fatal(err)
	}
	if got := e2.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 18:30"); strings.Contains(got, ":warning:") {
		t.Errorf("12:30 warned of under bob's own quiet hours 12:00-13:00: %q", got)
	}
	got = e2.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 09:00")
	if want := ":warning: That's 03:00 on Wednesday for <@UBOB> (America/New_York), in their night"; !strings.Contains(got, want) {
		t.Errorf("03:00 under the programme's quiet hours 22:00-06:00: want %q in\n%s", want, got)
	}
}
