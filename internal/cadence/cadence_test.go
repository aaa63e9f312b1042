package cadence_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
)

// rule decodes a stored rule, so that tests can state rules compactly.
func rule(tb testing.TB, s string) cadence.Rule {
	tb.Helper()
	r, err := cadence.Decode(s)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func formatUTC(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.UTC().Format(time.RFC3339)
	}
	return out
}

func TestOccurrencesKeepWallClockAcrossDST(t *testing.T) {
	tests := []struct {
		name string
		rule string
		from string
		want []string // UTC
	}{
		{"weekly into summer time in Berlin", "weekly mon 15:00 Europe/Berlin from 2027-03-22", "2027-03-01T00:00:00Z",
			[]string{"2027-03-22T14:00:00Z", "2027-03-29T13:00:00Z", "2027-04-05T13:00:00Z"}},
		{"weekly into winter time in Berlin", "weekly mon 15:00 Europe/Berlin from 2027-10-25", "2027-10-01T00:00:00Z",
			[]string{"2027-10-25T13:00:00Z", "2027-11-01T14:00:00Z", "2027-11-08T14:00:00Z"}},
		{"weekly on the Sunday of the change in Berlin, a missing hour moves forward", "weekly sun 02:30 Europe/Berlin from 2027-03-21", "2027-03-01T00:00:00Z",
			[]string{"2027-03-21T01:30:00Z", "2027-03-28T01:30:00Z", "2027-04-04T00:30:00Z"}}, // 02:30 CET, 03:30 CEST, 02:30 CEST
		{"weekly on the Sunday of the change in Berlin, a repeated hour is the first", "weekly sun 02:30 Europe/Berlin from 2027-10-24", "2027-10-01T00:00:00Z",
			[]string{"2027-10-24T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-07T01:30:00Z"}}, // CEST, CEST (first), CET
		{"weekly into summer time in New York", "weekly mon 15:00 America/New_York from 2027-03-08", "2027-03-01T00:00:00Z",
			[]string{"2027-03-08T20:00:00Z", "2027-03-15T19:00:00Z"}},
		{"weekly on the Sunday of the change in New York, a missing hour moves forward", "weekly sun 02:30 America/New_York from 2027-03-07", "2027-03-01T00:00:00Z",
			[]string{"2027-03-07T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-21T06:30:00Z"}}, // 02:30 EST, 03:30 EDT, 02:30 EDT
		{"weekly on the Sunday of the change in New York, a repeated hour is the first", "weekly sun 01:30 America/New_York from 2027-10-31", "2027-10-01T00:00:00Z",
			[]string{"2027-10-31T05:30:00Z", "2027-11-07T05:30:00Z", "2027-11-14T06:30:00Z"}}, // EDT, EDT (first), EST
		{"biweekly into summer time in Berlin", "biweekly fri 09:00 Europe/Berlin from 2027-03-19", "2027-03-01T00:00:00Z",
			[]string{"2027-03-19T08:00:00Z", "2027-04-02T07:00:00Z", "2027-04-16T07:00:00Z"}},
		{"biweekly into winter time in New York", "biweekly tue 09:30 America/New_York from 2027-10-26", "2027-10-01T00:00:00Z",
			[]string{"2027-10-26T13:30:00Z", "2027-11-09T14:30:00Z", "2027-11-23T14:30:00Z"}},
		{"monthly on the last Sunday in Berlin, the day of both changes", "monthly last sun 10:00 Europe/Berlin from 2027-02-28", "2027-02-01T00:00:00Z",
			[]string{"2027-02-28T09:00:00Z", "2027-03-28T08:00:00Z", "2027-04-25T08:00:00Z"}},
		{"monthly across the October change in Berlin", "monthly last sun 02:30 Europe/Berlin from 2027-09-26", "2027-09-01T00:00:00Z",
			[]string{"2027-09-26T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-28T01:30:00Z"}},
		{"monthly on the second Sunday in New York, a missing hour moves forward", "monthly second sun 02:30 America/New_York from 2027-02-14", "2027-02-01T00:00:00Z",
			[]string{"2027-02-14T07:30:00Z", "2027-03-14T07:30:00Z", "2027-04-11T06:30:00Z"}},
		{"monthly on the first Sunday in New York, the November change", "monthly first sun 09:00 America/New_York from 2027-10-03", "2027-10-01T00:00:00Z",
			[]string{"2027-10-03T13:00:00Z", "2027-11-07T14:00:00Z", "2027-12-05T14:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rule(t, tt.rule)
			got := r.Occurrences(utc(tt.from), len(tt.want), nil)
			if !slices.Equal(formatUTC(got), tt.want) {
				t.Errorf("Occurrences = %v, want %v", formatUTC(got), tt.want)
			}
			for _, o := range got {
				if o.Location() != r.Loc {
					t.Errorf("%s is not in the rule's zone", o)
				}
			}
		})
	}
}

func TestMonthEnds(t *testing.T) {
	tests := []struct {
		name, rule string
		from, to   string
		want       []string // dates
	}{
		{"last friday in 2027, February has 28 days", "monthly last fri 16:00 UTC from 2027-01-29", "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z",
			[]string{"2027-01-29", "2027-02-26", "2027-03-26"}},
		{"last friday in 2028, a leap year", "monthly last fri 16:00 UTC from 2028-01-28", "2028-01-01T00:00:00Z", "2028-04-01T00:00:00Z",
			[]string{"2028-01-28", "2028-02-25", "2028-03-31"}},
		{"last tuesday of February 2028 is the leap day", "monthly last tue 16:00 UTC from 2028-01-25", "2028-01-01T00:00:00Z", "2028-04-01T00:00:00Z",
			[]string{"2028-01-25", "2028-02-29", "2028-03-28"}},
		{"fourth friday is not always the last", "monthly fourth fri 16:00 UTC from 2027-01-22", "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z",
			[]string{"2027-01-22", "2027-02-26", "2027-03-26"}},
		{"first monday on the first of the month", "monthly first mon 16:00 UTC from 2027-02-01", "2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z",
			[]string{"2027-02-01", "2027-03-01"}},
		{"last day of the year", "monthly last fri 16:00 UTC from 2027-12-31", "2027-12-01T00:00:00Z", "2028-02-01T00:00:00Z",
			[]string{"2027-12-31", "2028-01-28"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, o := range rule(t, tt.rule).Between(utc(tt.from), utc(tt.to)) {
				got = append(got, o.Format("2006-01-02"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Between = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBiweeklyKeepsItsPhaseAcrossAYear(t *testing.T) {
	r := rule(t, "biweekly tue 09:30 Europe/Berlin from 2027-01-05")
	all := r.Between(r.Start, r.Start.AddDate(1, 0, 0))
	if len(all) != 27 { // Jan 5 + 26 fortnights is Jan 4, 2028
		t.Fatalf("got %d meetings in a year, want 27", len(all))
	}
	for i, o := range all {
		if o.Weekday() != time.Tuesday || o.Hour() != 9 || o.Minute() != 30 {
			t.Errorf("meeting %d is %s", i, o)
		}
		if i > 0 && all[i-1].AddDate(0, 0, 14).Format("2006-01-02") != o.Format("2006-01-02") {
			t.Errorf("meeting %d (%s) is not two weeks after %s", i, o, all[i-1])
		}
	}
	if last := all[len(all)-1].Format("2006-01-02"); last != "2028-01-04" {
		t.Errorf("last = %s", last)
	}
	berlin := r.Loc
	tests := []struct {
		name, at, want string // in Berlin
	}{
		{"in an on week, before the meeting", "2027-06-08 09:00", "2027-06-08 09:30"},
		{"exactly at a meeting", "2027-06-08 09:30", "2027-06-08 09:30"},
		{"just after a meeting", "2027-06-08 09:31", "2027-06-22 09:30"},
		{"in an off week", "2027-06-15 09:00", "2027-06-22 09:30"},
		{"next December", "2027-12-20 00:00", "2027-12-21 09:30"},
		{"the year after", "2028-06-01 00:00", "2028-06-06 09:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, _ := time.ParseInLocation("2006-01-02 15:04", tt.at, berlin)
			got, ok := r.Next(at)
			if !ok || got.Format("2006-01-02 15:04") != tt.want {
				t.Errorf("Next(%s) = %s, %v; want %s", tt.at, got, ok, tt.want)
			}
		})
	}
}

func TestNext(t *testing.T) {
	weekly := rule(t, "weekly mon 15:00 UTC from 2027-01-11")
	once := rule(t, "once 2027-01-11 15:00 UTC")
	tests := []struct {
		name   string
		r      cadence.Rule
		at     string
		want   string
		wantOK bool
	}{
		{"nothing precedes Start", weekly, "2026-01-01T00:00:00Z", "2027-01-11T15:00:00Z", true},
		{"at an occurrence is that occurrence", weekly, "2027-01-18T15:00:00Z", "2027-01-18T15:00:00Z", true},
		{"just after an occurrence is the next", weekly, "2027-01-18T15:00:01Z", "2027-01-25T15:00:00Z", true},
		{"a one-off ahead", once, "2027-01-01T00:00:00Z", "2027-01-11T15:00:00Z", true},
		{"a one-off at its time", once, "2027-01-11T15:00:00Z", "2027-01-11T15:00:00Z", true},
		{"a one-off in the past has none", once, "2027-01-11T15:00:01Z", "", false},
		{"the zero rule has none", cadence.Rule{}, "2027-01-01T00:00:00Z", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.r.Next(utc(tt.at))
			if ok != tt.wantOK || (ok && got.UTC().Format(time.RFC3339) != tt.want) {
				t.Errorf("Next = %s, %v; want %s, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
	t.Run("a nil Loc means UTC", func(t *testing.T) {
		r := cadence.Rule{Kind: cadence.Weekly, Start: utc("2027-01-11T15:00:00Z"), Weekday: time.Monday, Hour: 15}
		got, ok := r.Next(utc("2027-01-12T00:00:00Z"))
		if !ok || !got.Equal(utc("2027-01-18T15:00:00Z")) {
			t.Errorf("got %s, %v", got, ok)
		}
	})
}

func TestOccurrencesWithSkip(t *testing.T) {
	r := rule(t, "weekly mon 15:00 UTC from 2027-01-11")
	from := utc("2027-01-01T00:00:00Z")
	skipped := map[string]bool{"2027-01-18": true, "2027-02-01": true}
	tests := []struct {
		name string
		n    int
		skip func(time.Time) bool
		want []string
	}{
		{"no skip", 3, nil, []string{"2027-01-11", "2027-01-18", "2027-01-25"}},
		{"skipped meetings are left out and later ones fill in", 3,
			func(t time.Time) bool { return skipped[t.Format("2006-01-02")] },
			[]string{"2027-01-11", "2027-01-25", "2027-02-08"}},
		{"skipping everything ends", 3, func(time.Time) bool { return true }, nil},
		{"none asked for", 0, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, o := range r.Occurrences(from, tt.n, tt.skip) {
				got = append(got, o.Format("2006-01-02"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Occurrences = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("a one-off has at most one", func(t *testing.T) {
		once := rule(t, "once 2027-01-11 15:00 UTC")
		if got := once.Occurrences(from, 5, nil); len(got) != 1 {
			t.Errorf("got %v", got)
		}
	})
}

func TestBetween(t *testing.T) {
	r := rule(t, "weekly mon 15:00 UTC from 2027-01-11")
	tests := []struct {
		name, from, to string
		want           int
	}{
		{"from is included", "2027-01-11T15:00:00Z", "2027-01-18T15:00:00Z", 1},
		{"to is excluded", "2027-01-11T15:00:01Z", "2027-01-18T15:00:00Z", 0},
		{"a span before Start is empty", "2026-01-01T00:00:00Z", "2027-01-11T15:00:00Z", 0},
		{"four weeks", "2027-01-01T00:00:00Z", "2027-02-05T00:00:00Z", 4},
		{"an empty span", "2027-02-05T00:00:00Z", "2027-01-01T00:00:00Z", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Between(utc(tt.from), utc(tt.to)); len(got) != tt.want {
				t.Errorf("Between = %v, want %d", got, tt.want)
			}
		})
	}
}

func TestDescribeForAReaderInAnotherZone(t *testing.T) {
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	la, _ := time.LoadLocation("America/Los_Angeles")
	next := time.Date(2026, 12, 7, 7, 0, 0, 0, kolkata) // a Monday
	for _, c := range []struct {
		rule cadence.Rule
		loc  *time.Location
		want string
	}{
		{cadence.Rule{Kind: cadence.Biweekly, Weekday: time.Monday, Hour: 7, Loc: kolkata}, la, "every other Monday at 07:00 (Asia/Kolkata; Sunday 17:30 your time until the clocks change)"},
		{cadence.Rule{Kind: cadence.Weekly, Weekday: time.Monday, Hour: 7, Loc: kolkata}, kolkata, "every Monday at 07:00 (Asia/Kolkata)"},
		{cadence.Rule{Kind: cadence.Monthly, Ordinal: 1, Weekday: time.Monday, Hour: 7, Loc: kolkata}, la, "on the first Monday of each month at 07:00 (Asia/Kolkata; the next on Sun 6 Dec 17:30 your time until the clocks change)"},
		{cadence.Rule{Kind: cadence.Once, Start: next, Loc: kolkata}, la, "once, on Mon 7 Dec 2026 at 07:00 (Asia/Kolkata; Sun 6 Dec 17:30 your time)"},
	} {
		if got := c.rule.DescribeFor(c.loc, next); got != c.want {
			t.Errorf("DescribeFor = %q, want %q", got, c.want)
		}
	}
	// Los Angeles changes its clocks and Kolkata does not: the reader's
	// time holds only until then, and a rule with the same clock on the
	// next day but not later says so too.
	dst := time.Date(2027, 3, 9, 9, 0, 0, 0, la) // the Tuesday before the change
	weekly := cadence.Rule{Kind: cadence.Weekly, Weekday: time.Tuesday, Hour: 9, Loc: la}
	if got, want := weekly.DescribeFor(kolkata, dst), "every Tuesday at 09:00 (America/Los_Angeles; Tuesday 22:30 your time until the clocks change)"; got != want {
		t.Errorf("DescribeFor across a change of clocks = %q, want %q", got, want)
	}
	ny, _ := time.LoadLocation("America/New_York")
	utc := cadence.Rule{Kind: cadence.Weekly, Weekday: time.Tuesday, Hour: 14, Loc: time.UTC}
	if got := utc.DescribeFor(ny, time.Date(2027, 3, 2, 14, 0, 0, 0, time.UTC)); !strings.Contains(got, "Tuesday 09:00 your time until the clocks change") {
		t.Errorf("DescribeFor from UTC to New York = %q", got)
	}
	// A zone with the same clock there says nothing more.
	calcutta, _ := time.LoadLocation("Asia/Calcutta")
	r := cadence.Rule{Kind: cadence.Weekly, Weekday: time.Monday, Hour: 7, Loc: kolkata}
	if got := r.DescribeFor(calcutta, next); got != r.Describe() {
		t.Errorf("same clock: %q", got)
	}
}

// A first meeting at a time the clocks skip (Sydney, 02:30 on 3 October
// 2027) takes place an hour later; the description keeps the usual time,
// for the setter and for a reader elsewhere.
func TestDescribeForAFirstMeetingTheClocksShift(t *testing.T) {
	sydney, _ := time.LoadLocation("Australia/Sydney")
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	r := cadence.Rule{Kind: cadence.Weekly, Weekday: time.Sunday, Hour: 2, Minute: 30, Loc: sydney}
	next, ok := r.Next(time.Date(2027, 9, 27, 0, 0, 0, 0, sydney))
	if !ok || next.In(sydney).Hour() != 3 {
		t.Fatalf("the first meeting is at %v, want 03:30 (02:30 does not exist)", next.In(sydney))
	}
	if got, want := r.DescribeFor(sydney, next), "every Sunday at 02:30 (Australia/Sydney)"; got != want {
		t.Errorf("for the setter: %q, want %q", got, want)
	}
	if got, want := r.DescribeFor(kolkata, next), "every Sunday at 02:30 (Australia/Sydney; Saturday 21:00 your time until the clocks change)"; got != want {
		t.Errorf("for a reader in Kolkata: %q, want %q", got, want)
	}
	// A monthly rule names its next meeting's date: the shifted one.
	m := cadence.Rule{Kind: cadence.Monthly, Ordinal: 1, Weekday: time.Sunday, Hour: 2, Minute: 30, Loc: sydney}
	next, _ = m.Next(time.Date(2027, 9, 27, 0, 0, 0, 0, sydney))
	if got, want := m.DescribeFor(kolkata, next), "the next on Sat 2 Oct 22:00 your time"; !strings.Contains(got, want) {
		t.Errorf("monthly for a reader in Kolkata: %q, want it to say %q", got, want)
	}
}

// ClockNote explains a meeting that a change of the clocks moves: one
// whose time the clocks skip is later, one whose time happens twice is
// at the first; every other meeting, and one moved in, has no note.
func TestClockNote(t *testing.T) {
	cases := []struct {
		name, rule, at, want string
	}{
		{"US spring forward, weekly", "weekly sun 02:30 America/New_York from 2027-03-07", "2027-03-14T07:30:00Z",
			"On Sun 14 Mar 2027 the clocks in America/New_York skip 02:30 (they go forward an hour), so that meeting is at 03:30 there."},
		{"EU spring forward, monthly", "monthly last sun 02:15 Europe/Berlin from 2027-02-28", "2027-03-28T01:15:00Z",
			"On Sun 28 Mar 2027 the clocks in Europe/Berlin skip 02:15 (they go forward an hour), so that meeting is at 03:15 there."},
		{"a week later, as usual", "weekly sun 02:30 America/New_York from 2027-03-07", "2027-03-21T06:30:00Z", ""},
		{"US fall back, once", "once 2027-11-07 01:30 America/New_York", "2027-11-07T05:30:00Z",
			"On Sun 7 Nov 2027 the clocks in America/New_York go back an hour, so 01:30 happens twice there: that meeting is at the first 01:30 (EDT)."},
		{"Auckland fall back, weekly", "weekly sun 02:30 Pacific/Auckland from 2027-03-28", "2027-04-03T13:30:00Z",
			"On Sun 4 Apr 2027 the clocks in Pacific/Auckland go back an hour, so 02:30 happens twice there: that meeting is at the first 02:30 (NZDT)."},
		{"Lord Howe goes back half an hour", "weekly sun 01:45 Australia/Lord_Howe from 2027-03-28", "2027-04-03T14:45:00Z",
			"On Sun 4 Apr 2027 the clocks in Australia/Lord_Howe go back 30 minutes, so 01:45 happens twice there: that meeting is at the first 01:45 (UTC+11:00)."},
		{"an ordinary day", "weekly wed 15:00 Europe/Berlin from 2027-03-03", "2027-03-31T13:00:00Z", ""},
		{"no DST in Kolkata", "weekly mon 07:00 Asia/Kolkata from 2027-03-15", "2027-03-15T01:30:00Z", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rule(t, c.rule)
			at := utc(c.at)
			if !r.Has(at) {
				t.Fatalf("%s is not a meeting of %q", at, c.rule)
			}
			if got := r.ClockNote(at); got != c.want {
				t.Errorf("ClockNote(%s)\n got %q\nwant %q", c.at, got, c.want)
			}
		})
	}
	// A meeting moved to a time that happens twice is explained by its own
	// wall time; moved to an ordinary time, not at all.
	r := rule(t, "weekly wed 15:00 America/New_York from 2027-11-03")
	if got, want := r.ClockNote(utc("2027-11-07T05:45:00Z")), "so 01:45 happens twice there: that meeting is at the first 01:45 (EDT)"; !strings.Contains(got, want) {
		t.Errorf("moved to 01:45 on the fall-back day: %q lacks %q", got, want)
	}
	if got := r.ClockNote(utc("2027-11-08T15:00:00Z")); got != "" {
		t.Errorf("moved to an ordinary time: %q", got)
	}
}
