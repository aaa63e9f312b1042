package bot

import (
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
)

// A check-in is called weekly only when the schedule fires once a week.
func TestCheckinName(t *testing.T) {
	for spec, want := range map[string]string{
		"0 9 * * MON":     "weekly check-in",
		"30 16 * * FRI":   "weekly check-in",
		"0 9 * * MON,THU": "check-in",
		"0 10 1 * *":      "check-in",
		"0 9 * * *":       "check-in",
		"not a spec":      "check-in",
	} {
		if got := (Config{Config: scheduler.Config{CheckinSchedule: spec}}).checkinName(); got != want {
			t.Errorf("checkinName(%q) = %q, want %q", spec, got, want)
		}
	}
}
