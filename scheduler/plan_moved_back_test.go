package scheduler_test

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A meeting moved back to its time keeps the record of where the mentee
// last had its agenda prompt (store.Changes.Back): prompted where it had
// been moved, less than the lead before its time, it gets no second
// prompt; prompted longer ago than that, or not at all, it gets its own.
func TestPlanAgendaPromptOfAMeetingMovedBack(t *testing.T) {
	back := utc("2026-11-05 14:00") // as scheduled, moved away and back
	key := "agenda_prompt:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB"
	for _, c := range []struct {
		name         string
		promptedFor  time.Time
		wantPrompted bool
	}{
		{"prompted where it had been moved, within the lead", utc("2026-11-04 14:00"), true},
		{"prompted where it had been moved, the lead before", utc("2026-11-03 14:00"), false},
		{"given back, never reached the mentee", time.Time{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.now = utc("2026-11-03 10:00") // its own prompt due at 14:00
			w.pair.Back = []store.Move{{From: back, To: back, At: w.now, By: alice, PromptKnown: true, PromptedFor: c.promptedFor}}
			due, _ := w.plan(t)
			if _, own := due[key]; own == c.wantPrompted {
				t.Errorf("its own prompt planned: %v (due %q), want %v", own, due[key], !c.wantPrompted)
			}
		})
	}
}
