package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A nudge of the third unanswered round that goes late (the bot was asleep
// from just after the round's first nudge until the next morning) still
// reaches the person with its round: it is not held for the stop as if it
// began a fourth round, and the stop comes a day after the round.
func TestSchedLateNudgeOfTheThirdRoundStillGoes(t *testing.T) {
	for _, c := range []struct{ name, wake string }{
		// Asleep through the follow-up's time, until 08:00 New York on
		// Monday, an hour before the stop.
		{"woken after quiet hours", "2026-11-09 13:00"},
		// Until 06:00 there: the follow-up waits out bob's quiet hours,
		// and is still of the third round when they end.
		{"woken in quiet hours", "2026-11-09 11:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Goal reminders on Friday to Sunday, 6–8 Nov, at 09:00 New
			// York (14:00 UTC): three rounds, unanswered.
			e := nudgeEnv(t, 9, 10, 11)
			// A meeting on Sunday at 09:00 New York: its follow-up, due at
			// 10:30 there (15:30 UTC), belongs to the third round.
			e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-08 09:00")
			e.schedWalk(schedAt("2026-11-08 14:30"))
			if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
				t.Fatalf("goal reminders: %d, want 3\n%s", n, e.describeDMs(bob))
			}
			e.clock.Set(schedAt(c.wake))
			e.settle()
			e.schedWalk(schedAt("2026-11-09 13:50"))
			if n := len(e.dms(bob, "How did your meeting")); n != 1 {
				t.Errorf("the third round's follow-up, late: %d sent, want 1\n%s", n, e.describeDMs(bob))
			}
			e.schedWalk(schedAt("2026-11-09 15:00"))
			if n := len(e.dms(bob, "stop them for now")); n != 1 {
				t.Errorf("stop notices: %d, want 1 (the third round is still unanswered)\n%s", n, e.describeDMs(bob))
			}
		})
	}
}

// The notice that nudges stopped, once they are turned back on in the
// settings, says they are back on, not that they stopped and how to turn
// them on.
func TestNudgesStoppedNoticeSaysWhenTheyAreBackOn(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	notice := e.waitDM(bob, "stop them for now")
	e.schedClick(bob, notice, "notify_settings")
	v := e.waitModal(bob, "settings")
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"settings_toggles": {"value": []string{"checkins", "nudges"}}}); len(res.Errors) > 0 {
		t.Fatalf("settings: %v", res.Errors)
	}
	e.idle()
	got, err := e.waitMessageAs(notice, func(m slacksim.Message) bool { return contains(m, "are back on") })
	if err != nil {
		t.Fatalf("the notice does not say nudges are back on (%v): %s", err, got.Text+" "+blockText(got.Blocks))
	}
	for _, stale := range []string{"stop them for now", "Turn nudges on again", "notify_settings"} {
		if contains(got, stale) {
			t.Errorf("the notice, nudges back on, still has %q: %s", stale, got.Text+" "+blockText(got.Blocks))
		}
	}
	if strings.Contains(got.Text, "stopped sending") {
		t.Errorf("the notice's text still says nudges stopped: %q", got.Text)
	}
}
