package cadence_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
)

// FuzzParseMeet checks that any text gives either a friendly error or a rule
// whose first occurrence is after now and which survives Encode and Decode.
func FuzzParseMeet(f *testing.F) {
	for _, s := range []string{"weekly monday 15:00", "biweekly tue 9:30 for 1h", "monthly last fri 4pm", "2026-12-03 14:00", "tomorrow 3:30 pm", "every other sat 23:59 for 8h"} {
		f.Add(s)
	}
	berlin := mustLoc(f, "Europe/Berlin")
	f.Fuzz(func(t *testing.T, s string) {
		r, d, err := cadence.ParseMeet(s, berlin, now)
		if err != nil {
			var e *cadence.Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("ParseMeet(%q): %v is not a friendly error", s, err)
			}
			return
		}
		if !r.Start.After(now) || d < 5*time.Minute || d > 8*time.Hour {
			t.Fatalf("ParseMeet(%q) = %+v, %s", s, r, d)
		}
		back, err := cadence.Decode(r.Encode())
		if err != nil || !back.Start.Equal(r.Start) {
			t.Fatalf("round trip of %q: %+v, %v", r.Encode(), back, err)
		}
	})
}
