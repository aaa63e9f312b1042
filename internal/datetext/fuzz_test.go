package datetext_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// fuzzSeeds are inputs of every parser of the package, good and bad, so that
// each fuzz target starts from the shapes people type.
var fuzzSeeds = []string{
	"2026-12-15", "2026/12/15", "2026-02-30", "0000-01-01", "9999-12-31", "12/11/2026", "2027",
	"24/12/2026", "12/24/2026", "15.12.2026", "24-12-2026", "05/05/2027", "30/02/2027", "13/13/2027", "24/12/26", "until 24.12.2026",
	"today", "tomorrow", "yesterday", "next friday", "this mon", "this wed", "this Wednesday.", "on weds", "fridays", "next week",
	"in 3 weeks", "in a year", "in 3650 years", "in 2 months", "in -1 days", "end of month", "eoy",
	"Dec 15, 2027", "15th of December", "feb 29", "Feb 30 2027", "dec.", "Nov 30", "end of november",
	"tmrw", "tmr", "the 20th", "31st", "the 32nd", "eow", "end of the week", "end of next week", "eod",
	"next month", "next year", "end of next month", "end of feb 2028", "q1", "Q3 2027", "end of q4", "eoq",
	"end of next quarter", "end of the book", "mid march", "2 months", "a month", "1mo", "0d", "0 months",
	"1h30m", "1.5h", "45 min", "an hour", "1 hour 30 minutes", "2w", "10d", "3 mo", "1e308h", "NaNh", "-5m", "0m", ".h", "1h-2h",
	"until 2026-12-20", "for 2w", "till friday", "to dec 24", "off",
	"20:00-08:00", "22:00 to 23:30", "24:00-08:00", "08:00–08:00", "3pm-9am", "3 p.m.-7am",
	"24h, 1h", "2d,30m", ",,,", "31d", "59s",
	"15:00", "9:30", "3pm", "12am", "12:60", "13pm", "0:00",
	"Ship the RFC by 2026-12-15", "learn by doing", "cut build time by 20% by dec 1", "by tomorrow", " by by by ",
	"Read 2 books before Dec 31", "Ship by EOW", "Ship by the 20th", "Ship by next month", "Get promoted by doing great work",
	"Ship by last monday", "12/20", "20/12", "3/4", "Sat 3/4", "0/0", "99/99", "Ship by 12/20", "by 1/2",
	"Ship by June 2027", "Increase signups by 2000", "by Nov 2025", "june 2027", "1999",
	"Give a talk in 3 weeks", "x within two months", "x in the next 10 days", "x in 3650 years", "x in 9999 days", "in 2 weeks",
	"Get new hires shipping in 2 weeks", "x so y in 2 weeks", "previous fri", "last", "Send it last friday.",
	"\x00", "ǅ", "\u00a0by\u00a0next friday", strings.Repeat("1h", 200),
}

// FuzzParse checks that no text makes a parser panic or return anything but
// a friendly error, that what the parsers return stays within the bounds
// their documentation promises, and that what the package writes reads back.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	auckland := mustLoc(f, "Pacific/Auckland")
	f.Fuzz(func(t *testing.T, s string) {
		check := func(what string, err error) {
			t.Helper()
			var e *datetext.Error
			if err != nil && (!errors.As(err, &e) || e.Msg == "" || e.UserMessage() != e.Msg) {
				t.Fatalf("%s(%q): %v is not a friendly error", what, s, err)
			}
			// An error is of one kind at most, and a period is one that
			// has not ended, first to last.
			if e != nil {
				first, last, period := e.Period()
				if n := btoi(period) + btoi(e.Unread()) + btoi(e.Passed()); n > 1 {
					t.Fatalf("%s(%q): %v is of %d kinds", what, s, err, n)
				}
				if period && (last.Before(first) || last.Before(datetext.DateOf(now.In(auckland)))) {
					t.Fatalf("%s(%q): period %s to %s", what, s, first, last)
				}
			}
		}
		today := datetext.DateOf(now.In(auckland))

		d, err := datetext.ParseDate(s, now, auckland)
		check("ParseDate", err)
		if err == nil && d.Before(today) {
			t.Fatalf("ParseDate(%q) = %s, in the past", s, d)
		}
		if err == nil {
			if back, err := datetext.ParseISODate(d.String()); err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %s, which ParseISODate reads as %s, %v", s, d, back, err)
			}
		}

		iso, err := datetext.ParseISODate(s)
		check("ParseISODate", err)
		if err == nil && iso.String() != strings.TrimSpace(s) && !strings.ContainsAny(s, "/") {
			// "2026-1-5" is accepted and written "2026-01-05"; both must agree.
			if back, err := datetext.ParseISODate(iso.String()); err != nil || back != iso {
				t.Fatalf("ParseISODate(%q) = %s does not round-trip: %s, %v", s, iso, back, err)
			}
		}

		goal, due, dated, err := datetext.SplitDue(s, now, auckland)
		check("SplitDue", err)
		switch {
		case err != nil:
		case dated && (goal == "" || due.Before(today) || !strings.HasPrefix(strings.TrimSpace(s), goal)):
			t.Fatalf("SplitDue(%q) = %q, %s, %v", s, goal, due, dated)
		case !dated && (goal != strings.TrimSpace(s) || !due.IsZero()):
			t.Fatalf("SplitDue(%q) without a date = %q, %s", s, goal, due)
		}

		if goal, due, ok := datetext.SplitPeriod(s, now, auckland); ok && (goal == "" || due.Before(today) || !strings.HasPrefix(strings.TrimSpace(s), goal)) {
			t.Fatalf("SplitPeriod(%q) = %q, %s", s, goal, due)
		} else if !ok && (goal != strings.TrimSpace(s) || !due.IsZero()) {
			t.Fatalf("SplitPeriod(%q) without a span = %q, %s", s, goal, due)
		}

		dur, err := datetext.ParseDuration(s)
		check("ParseDuration", err)
		if err == nil && (dur <= 0 || dur > 100*365*24*time.Hour) {
			t.Fatalf("ParseDuration(%q) = %v, out of bounds", s, dur)
		}

		until, err := datetext.ParseSnooze(s, now, auckland)
		check("ParseSnooze", err)
		// A duration lasts at least a day; "until DATE" ends at the start of a
		// later day; at most 90 days either way (a DST change may add an hour).
		if err == nil && (!until.After(now) || until.Sub(now) > 90*24*time.Hour+time.Hour ||
			(dur > 0 && dur < 24*time.Hour && !strings.Contains(s, "until"))) {
			t.Fatalf("ParseSnooze(%q) = %v, %v after now", s, until, until.Sub(now))
		}

		leads, err := datetext.ParseLeadTimes(s)
		check("ParseLeadTimes", err)
		if err == nil {
			if leads == nil {
				t.Fatalf("ParseLeadTimes(%q) = nil", s)
			}
			for i, l := range leads {
				if l < time.Minute || l > 30*24*time.Hour || (i > 0 && l >= leads[i-1]) {
					t.Fatalf("ParseLeadTimes(%q) = %v: out of bounds or order", s, leads)
				}
			}
			back, err := datetext.ParseLeadTimes(datetext.FormatLeadTimes(leads))
			if err != nil || !slices.Equal(back, leads) {
				t.Fatalf("lead times %v written as %q read back as %v, %v", leads, datetext.FormatLeadTimes(leads), back, err)
			}
		}

		q, err := datetext.ParseQuietHours(s)
		check("ParseQuietHours", err)
		if err == nil {
			if q.Set && (q.Start < 0 || q.Start >= 24*60 || q.End < 0 || q.End >= 24*60 || q.Start == q.End) {
				t.Fatalf("ParseQuietHours(%q) = %+v, out of bounds", s, q)
			}
			if back, err := datetext.ParseQuietHours(q.String()); err != nil || back != q {
				t.Fatalf("quiet hours %+v written as %q read back as %+v, %v", q, q, back, err)
			}
			if q.Set && q.Contains(q.NextAllowed(now, auckland), auckland) {
				t.Fatalf("NextAllowed of %s is quiet", q)
			}
		}

		h, m, err := datetext.ParseClock(s)
		check("ParseClock", err)
		if err == nil && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}

		// LooksLikeDate and Weekday only answer yes or no; they must not panic.
		_ = datetext.LooksLikeDate(s)
		if wd, ok := datetext.Weekday(s); ok && (wd < time.Sunday || wd > time.Saturday) {
			t.Fatalf("Weekday(%q) = %d", s, wd)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
