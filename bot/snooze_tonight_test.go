package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// A snooze "until DATE" that falls wholly in the typer's quiet hours is
// taken (it may hold their partner's nudges), with a hint of the day
// after, which would keep DATE free of theirs too.
func TestSnoozeTonightOnlyHint(t *testing.T) {
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
		want       string // "": no hint
	}{
		{"until tomorrow at 23:00", "2026-11-02 23:00", "2026-11-03 00:00", night, "to keep Tue 3 Nov free of them too: `/mentor snooze @bob until 2026-11-04`"},
		{"until tomorrow at 18:00, before the quiet hours", "2026-11-02 18:00", "2026-11-03 00:00", night, ""},
		{"no quiet hours", "2026-11-02 23:00", "2026-11-03 00:00", datetext.QuietHours{}, ""},
		{"quiet hours that end before midnight", "2026-11-02 23:00", "2026-11-03 00:00", datetext.QuietHours{Start: 22 * 60, End: 23*60 + 30, Set: true}, ""},
		{"a snooze that ends at another time", "2026-11-02 23:00", "2026-11-03 01:00", night, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := tonightOnly(at(c.until), at(c.now), berlin, c.quiet, "@bob")
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Errorf("hint %q, want %q", got, c.want)
			}
		})
	}
}
