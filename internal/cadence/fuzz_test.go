package cadence_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
)

// FuzzParseMeet checks that any text gives either a friendly error or a rule
// whose first occurrence is after now, whose meetings come in order, and
// which survives Encode and Decode.
func FuzzParseMeet(f *testing.F) {
	for _, s := range []string{
		"weekly monday 15:00", "biweekly tue 9:30 for 1h", "monthly last fri 4pm", "2026-12-03 14:00", "tomorrow 3:30 pm",
		"every other sat 23:59 for 8h", "every mondays at 9am", "fortnightly on the wed 12:00", "monthly first sun 0:00 for 5m",
		"monthly fifth fri 10:00", "monthly 2nd", "weekly", "2026-02-30 10:00", "2029-01-01 10:00", "2026-03-29 02:30",
		"dec 3 14:00", "next fri 3 pm", "weekly mon 15:00 for", "weekly mon 15:00 for 9h", "weekly mon 15:00 for 1mo",
		"for for for", "at on the", "weekly mon 15:00 extra words", "monday 15:00", "in 3 weeks 10:00", "yesterday 10:00",
		"weekly thu 25:00", "weekly thu 12:00pm", "\x00", strings.Repeat("weekly ", 100),
		"tue 15:00 weekly", "every 2 weeks tue 15:00", "every two weeks", "every 3 weeks tue 15:00", "weekly 15:00 tue",
		"15:00", "15:00 16:00", "every", "every other", "every every week", "weekly tue 15:00 monthly", strings.Repeat("every ", 50),
		"weekly tue. 10:00", "weekly thu 15:00.", "weekly thu 3 p.m.", ".", "weekly thu 24:00", "2026-12-10 24:00", "weekly 24:00 sat",
	} {
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
		if !r.Start.After(now) || d < cadence.MinDuration || d > cadence.MaxDuration {
			t.Fatalf("ParseMeet(%q) = %+v, %s", s, r, d)
		}
		if r.Kind == cadence.Once && r.Start.After(now.AddDate(2, 0, 0)) {
			t.Fatalf("ParseMeet(%q): a one-off more than two years away: %v", s, r.Start)
		}
		checkRule(t, s, r)
	})
}

// FuzzDecode checks that a stored schedule, however damaged, decodes to a
// friendly error or to a rule that encodes back to itself.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"once 2026-12-03 14:00 Europe/Berlin", "weekly mon 15:00 Europe/Berlin from 2026-12-07",
		"biweekly tue 09:30 UTC from 2026-12-08", "monthly last fri 16:00 America/New_York from 2026-12-25",
		"monthly first mon 10:00 UTC from 2026-12-07", "weekly tue 15:00 UTC from 2026-12-07",
		"weekly mon 15:00 ../../etc/passwd from 2026-12-07", "weekly mon 15:00 Local from 2026-12-07",
		"once 0001-01-01 00:00 UTC", "weekly sat 23:59 UTC from 9999-12-25", "monthly fifth mon 10:00 UTC from 2026-12-07",
		"once 2026-03-29 02:30 Europe/Berlin", "", "once", "weekly mon 15:00 UTC to 2026-12-07",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := cadence.Decode(s)
		if err != nil {
			var e *cadence.Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("Decode(%q): %v is not a friendly error", s, err)
			}
			return
		}
		if r.Kind < cadence.Once || r.Kind > cadence.Monthly || r.Hour < 0 || r.Hour > 23 || r.Minute < 0 || r.Minute > 59 {
			t.Fatalf("Decode(%q) = %+v", s, r)
		}
		checkRule(t, s, r)
	})
}

// checkRule checks what holds for every valid rule: Encode and Decode agree,
// Describe says something, and occurrences come in order, at or after both
// the time asked for and the rule's start.
func checkRule(t *testing.T, s string, r cadence.Rule) {
	t.Helper()
	back, err := cadence.Decode(r.Encode())
	if err != nil || !back.Start.Equal(r.Start) || back.Kind != r.Kind || back.Weekday != r.Weekday || back.Ordinal != r.Ordinal ||
		(r.Kind != cadence.Once && (back.Hour != r.Hour || back.Minute != r.Minute)) {
		t.Fatalf("round trip of %q (from %q): %+v, %v; want %+v", r.Encode(), s, back, err, r)
	}
	if back.Encode() != r.Encode() {
		t.Fatalf("Encode is not stable: %q then %q", r.Encode(), back.Encode())
	}
	if r.Describe() == "" || r.Describe() == "no meetings scheduled" {
		t.Fatalf("Describe of %q = %q", s, r.Describe())
	}
	from := now
	occ := r.Occurrences(from, 6, nil)
	if len(occ) == 0 && r.Start.After(from) {
		t.Fatalf("%q starts %v but has no occurrence after %v", r.Encode(), r.Start, from)
	}
	for i, o := range occ {
		if o.Before(from) || o.Before(r.Start) || (i > 0 && !o.After(occ[i-1])) {
			t.Fatalf("occurrences of %q from %v out of order: %v", r.Encode(), from, occ)
		}
		if r.Kind != cadence.Once && o.In(r.Loc).Weekday() != r.Weekday && o.In(r.Loc).Hour() == r.Hour {
			t.Fatalf("occurrence %v of %q is not on a %v", o, r.Encode(), r.Weekday)
		}
	}
	if r.Kind == cadence.Once && len(occ) > 1 {
		t.Fatalf("a one-off %q has %d occurrences", r.Encode(), len(occ))
	}
	if len(occ) > 0 {
		if between := r.Between(from, occ[len(occ)-1].Add(time.Nanosecond)); len(between) != len(occ) {
			t.Fatalf("Between and Occurrences of %q disagree: %v vs %v", r.Encode(), between, occ)
		}
	}
}

// FuzzParseMove: any text is a time in the future, at most two years on,
// or a friendly error.
func FuzzParseMove(f *testing.F) {
	for _, s := range []string{
		"16:00", "4pm", "fri 10:00", "on friday at 10am", "2026-12-14 09:30", "tomorrow 9:00", "weekly fri 10:00",
		"fri 10:00 for 1h", "25:00", "2026-12-01 10:00", "2027-03-28 02:30", "", "0", "#3", "next", "dec 3 14:00", "\x00",
		"to thu 16:00", "it to 4pm", "to", "it to", "16:00 fri", "fri 10:00 weekly", "to to 16:00",
	} {
		f.Add(s)
	}
	berlin := mustLoc(f, "Europe/Berlin")
	meeting := now.Add(72 * time.Hour)
	f.Fuzz(func(t *testing.T, s string) {
		to, err := cadence.ParseMove(s, meeting, berlin, now)
		if err != nil {
			var e *cadence.Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("ParseMove(%q): %v is not a friendly error", s, err)
			}
			return
		}
		if !to.After(now) || to.After(now.AddDate(2, 0, 1)) {
			t.Fatalf("ParseMove(%q) = %v, not in the future within two years of %v", s, to, now)
		}
	})
}
