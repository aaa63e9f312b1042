package bot

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
)

// A meeting is in someone's daytime when all of it is outside their
// night, whether the night wraps past midnight or not.
func TestDaytimeHolds(t *testing.T) {
	at := func(hm string) time.Time {
		t, err := time.Parse("2006-01-02 15:04", "2026-11-02 "+hm)
		if err != nil {
			panic(err)
		}
		return t
	}
	wraps := daytime{loc: time.UTC, night: defaultNight} // day 08:00–20:00
	split, err := datetext.ParseQuietHours("12:00-13:00")
	if err != nil {
		t.Fatal(err)
	}
	lunch := daytime{loc: time.UTC, night: split} // day 13:00–12:00
	for _, c := range []struct {
		d    daytime
		at   string
		dur  time.Duration
		want bool
	}{
		{wraps, "08:00", 30 * time.Minute, true},
		{wraps, "07:59", 30 * time.Minute, false},
		{wraps, "19:30", 30 * time.Minute, true},
		{wraps, "19:31", 30 * time.Minute, false},
		{wraps, "20:00", 30 * time.Minute, false},
		{wraps, "03:00", 30 * time.Minute, false},
		{wraps, "08:00", 12 * time.Hour, true},
		{wraps, "08:00", 12*time.Hour + time.Minute, false},
		{lunch, "11:30", 30 * time.Minute, true},
		{lunch, "11:45", 30 * time.Minute, false},
		{lunch, "12:30", 30 * time.Minute, false},
		{lunch, "13:00", 8 * time.Hour, true},
		{lunch, "23:30", time.Hour, true}, // past midnight, still day
		{lunch, "06:00", 8 * time.Hour, false},
	} {
		if got := c.d.holds(at(c.at), c.dur); got != c.want {
			t.Errorf("night %s, %s for %v: holds = %v, want %v", c.d.night, c.at, c.dur, got, c.want)
		}
		// A meeting's start is in the day exactly when it is not in the night.
		if got, night := c.d.holds(at(c.at), time.Minute), c.d.night.Contains(at(c.at), c.d.loc); got == night {
			t.Errorf("night %s, %s: holds for a minute = %v, but Contains = %v", c.d.night, c.at, got, night)
		}
	}
}

// The suggested command is the one typed to set it: the same kind of
// meetings, the same day, the length only when not the default.
func TestMeetWhenTyped(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	mon := time.Date(2026, 11, 30, 9, 30, 0, 0, berlin)
	for _, c := range []struct {
		rule cadence.Rule
		dur  time.Duration
		want string
	}{
		{cadence.Rule{Kind: cadence.Weekly, Weekday: time.Monday, Loc: berlin}, 30 * time.Minute, "weekly mon 09:30"},
		{cadence.Rule{Kind: cadence.Biweekly, Weekday: time.Monday, Loc: berlin}, 45 * time.Minute, "biweekly mon 09:30 for 45m"},
		{cadence.Rule{Kind: cadence.Monthly, Weekday: time.Monday, Ordinal: -1, Loc: berlin}, time.Hour, "monthly last mon 09:30 for 1h"},
		{cadence.Rule{Kind: cadence.Once, Start: mon, Loc: berlin}, 90 * time.Minute, "2026-11-30 09:30 for 1h30m"},
	} {
		got := meetWhenTyped(c.rule, mon) + meetForTyped(c.dur)
		if got != c.want {
			t.Errorf("%v for %v: %q, want %q", c.rule.Kind, c.dur, got, c.want)
		}
		// What is suggested reads back as the same meetings.
		rule, dur, err := cadence.ParseMeet(got, berlin, mon.Add(-time.Hour))
		if next, _ := rule.Next(mon.Add(-time.Hour)); err != nil || rule.Kind != c.rule.Kind || dur != c.dur || !next.Equal(mon) {
			t.Errorf("%q reads back as %v %v (next %v), %v", got, rule.Kind, dur, next, err)
		}
	}
}
