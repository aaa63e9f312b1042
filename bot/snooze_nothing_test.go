package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// A snooze is refused only when it falls wholly in the typer's quiet
// hours: it would hold nothing they would otherwise get.
func TestSnoozeHoldsNothing(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	night := datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}
	for _, c := range []struct {
		name       string
		now, until string
		quiet      datetext.QuietHours
		want       []string // "" : no refusal
	}{
		{"until tomorrow at 23:00", "2026-11-02 23:00", "2026-11-03 00:00", night,
			[]string{"Tomorrow, Tue 3 Nov, starts at midnight", "(20:00-08:00)", "until 08:00", `"until 2026-11-04"`, "Wed 4 Nov, from 08:00"}},
		{"until tomorrow at 18:00, before the quiet hours", "2026-11-02 18:00", "2026-11-03 00:00", night, nil},
		{"no quiet hours", "2026-11-02 23:00", "2026-11-03 00:00", datetext.QuietHours{}, nil},
		{"quiet hours that end before midnight", "2026-11-02 23:00", "2026-11-03 00:00", datetext.QuietHours{Start: 22 * 60, End: 23*60 + 30, Set: true}, nil},
		{"a snooze that ends at another time", "2026-11-02 23:00", "2026-11-03 01:00", night,
			[]string{"would end at 01:00", "until 08:00 anyway", "I haven't changed anything"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := snoozeHoldsNothing(at(c.until), at(c.now), berlin, c.quiet)
			if c.want == nil {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("not refused")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "`") {
				t.Errorf("%q is not plain text, as a form's error must be", err)
			}
		})
	}
}
