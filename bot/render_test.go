package bot

import (
	"testing"
	"time"
)

// A reminder a minute or so before its meeting says so; only one sent in
// its last half minute says the meeting is starting.
func TestUntilText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "starting now",
		time.Minute:      "in a minute",
		89 * time.Second: "in a minute",
		2 * time.Minute:  "in 2 minutes",
		45 * time.Minute: "in 45 minutes",
		time.Hour:        "in about an hour",
		90 * time.Minute: "in about an hour and a half",
		2 * time.Hour:    "in about 2 hours",
		24 * time.Hour:   "in about 24 hours",
		36 * time.Hour:   "in about 36 hours",
		48 * time.Hour:   "in 2 days",
		72 * time.Hour:   "in 3 days",
	} {
		if got := untilText(d); got != want {
			t.Errorf("untilText(%v) = %q, want %q", d, got, want)
		}
	}
}
