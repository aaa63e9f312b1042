package datetext_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has

	"github.com/mentorbot/mentorbot/internal/datetext"
)

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// In Auckland it is already Wednesday 2026-12-02 12:30 while UTC is still on
// Tuesday 2026-12-01.
var now = time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)

func date(s string) datetext.Date {
	d, err := datetext.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// wantUserError checks that err is a *datetext.Error whose text contains
// every part.
func wantUserError(t *testing.T, err error, parts ...string) {
	t.Helper()
	var e *datetext.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want a *datetext.Error", err, err)
	}
	for _, p := range parts {
		if !strings.Contains(e.Error(), p) {
			t.Errorf("error %q does not contain %q", e.Error(), p)
		}
	}
}

func TestDate(t *testing.T) {
	d := datetext.Date{Year: 2026, Month: time.December, Day: 5}
	if got := d.String(); got != "2026-12-05" {
		t.Errorf("String = %q", got)
	}
	if !d.Before(date("2026-12-06")) || !d.Before(date("2027-01-01")) || d.Before(d) || date("2027-01-01").Before(d) {
		t.Error("Before is wrong")
	}
	if got := d.AddDays(30); got != date("2027-01-04") {
		t.Errorf("AddDays(30) = %s", got)
	}
	if got := d.Weekday(); got != time.Saturday {
		t.Errorf("Weekday = %s", got)
	}
	if !(datetext.Date{}).IsZero() || d.IsZero() {
		t.Error("IsZero is wrong")
	}
	t.Run("DateOf reads the date in the time's own zone", func(t *testing.T) {
		if got := datetext.DateOf(now); got != date("2026-12-01") {
			t.Errorf("UTC: %s", got)
		}
		if got := datetext.DateOf(now.In(mustLoc(t, "Pacific/Auckland"))); got != date("2026-12-02") {
			t.Errorf("Auckland: %s", got)
		}
	})
}

func TestDateAt(t *testing.T) {
	berlin, ny := mustLoc(t, "Europe/Berlin"), mustLoc(t, "America/New_York")
	tests := []struct {
		name       string
		date       string
		hour, min  int
		loc        *time.Location
		want       string // UTC
		wantOffset string
	}{
		{"winter in Berlin", "2027-01-04", 15, 0, berlin, "2027-01-04T14:00:00Z", "CET"},
		{"summer in Berlin", "2027-07-05", 15, 0, berlin, "2027-07-05T13:00:00Z", "CEST"},
		{"missing time in Berlin moves forward an hour", "2027-03-28", 2, 30, berlin, "2027-03-28T01:30:00Z", "CEST"},
		{"repeated time in Berlin is the first one", "2027-10-31", 2, 30, berlin, "2027-10-31T00:30:00Z", "CEST"},
		{"after the repeated hour in Berlin", "2027-10-31", 3, 0, berlin, "2027-10-31T02:00:00Z", "CET"},
		{"missing time in New York moves forward an hour", "2027-03-14", 2, 30, ny, "2027-03-14T07:30:00Z", "EDT"},
		{"repeated time in New York is the first one", "2027-11-07", 1, 30, ny, "2027-11-07T05:30:00Z", "EDT"},
		{"UTC", "2027-11-07", 1, 30, time.UTC, "2027-11-07T01:30:00Z", "UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := date(tt.date).At(tt.hour, tt.min, tt.loc)
			if got.UTC().Format(time.RFC3339) != tt.want {
				t.Errorf("At = %s, want %s", got.UTC().Format(time.RFC3339), tt.want)
			}
			if zone, _ := got.Zone(); zone != tt.wantOffset {
				t.Errorf("zone = %s, want %s", zone, tt.wantOffset)
			}
		})
	}
	t.Run("In is the start of the day", func(t *testing.T) {
		got := date("2027-03-28").In(berlin)
		if want := time.Date(2027, 3, 27, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
			t.Errorf("In = %s, want %s", got, want)
		}
	})
}

func TestParseISODate(t *testing.T) {
	if d, err := datetext.ParseISODate(" 2028-02-29 "); err != nil || d != (datetext.Date{Year: 2028, Month: 2, Day: 29}) {
		t.Errorf("leap day: %v %v", d, err)
	}
	for _, bad := range []string{"", "2027-02-29", "2026-13-01", "15.12.2026", "2026/12/15", "tomorrow"} {
		_, err := datetext.ParseISODate(bad)
		wantUserError(t, err, "YYYY-MM-DD")
	}
}

func TestParseDate(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	tests := []struct {
		in, want string
	}{
		{"2026-12-15", "2026-12-15"},
		{"2026/12/15", "2026-12-15"},
		{"today", "2026-12-02"},
		{"Tomorrow", "2026-12-03"},
		{"in 3 weeks", "2026-12-23"},
		{"this week", "2026-12-04"},
		{"this month", "2026-12-31"},
		{"this quarter", "2026-12-31"},
		{"this year", "2026-12-31"},
		{"in 10 days", "2026-12-12"},
		{"in 2 months", "2027-02-02"},
		{"in a week", "2026-12-09"},
		{"in one year", "2027-12-02"},
		{"friday", "2026-12-04"},
		{"next friday", "2026-12-04"},
		{"fri", "2026-12-04"},
		{"wednesday", "2026-12-09"}, // today is Wednesday: the next one is a week away
		{"next wednesday", "2026-12-09"},
		{"this wednesday", "2026-12-02"}, // today, as end of week is on a Friday
		{"this weds", "2026-12-02"},
		{"this friday", "2026-12-04"},
		{"this tuesday", "2026-12-08"},
		{"Dec 15", "2026-12-15"},
		{"December 15", "2026-12-15"},
		{"15 Dec", "2026-12-15"},
		{"15th of December", "2026-12-15"},
		{"Dec 15 2027", "2027-12-15"},
		{"Dec 15, 2027", "2027-12-15"},
		{"dec. 15th.", "2026-12-15"},
		{"Dec 2", "2026-12-02"},
		// A month and day that passed more than three months ago is next
		// year's; one that passed more recently is refused (below).
		{"Aug 31", "2027-08-31"},
		{"Jan 5", "2027-01-05"},
		{"end of month", "2026-12-31"},
		{"end of year", "2026-12-31"},
		{"2026-12-02", "2026-12-02"},
		// Short forms and loose deadlines people type.
		{"tmrw", "2026-12-03"},
		{"tmr", "2026-12-03"},
		{"the 20th", "2026-12-20"},
		{"20th", "2026-12-20"},
		{"the 20", "2026-12-20"},
		{"the 2nd", "2026-12-02"}, // today
		{"1st", "2027-01-01"},
		{"the 31st", "2026-12-31"},
		{"the 15th of December", "2026-12-15"},
		{"eow", "2026-12-04"}, // today is Wednesday: the coming Friday
		{"EOW", "2026-12-04"},
		{"end of week", "2026-12-04"},
		{"end of the week", "2026-12-04"},
		{"the end of this week", "2026-12-04"},
		{"end of next week", "2026-12-11"},
		{"eod", "2026-12-02"},
		{"end of the day", "2026-12-02"},
		{"the end of the month", "2026-12-31"},
		{"end of next month", "2027-01-31"},
		{"end of February", "2027-02-28"},
		{"end of August", "2027-08-31"},
		{"end of Feb 2028", "2028-02-29"},
		{"q1", "2027-03-31"},
		{"Q4", "2026-12-31"},
		{"q2 2027", "2027-06-30"},
		{"end of Q3", "2027-09-30"},
		{"the end of q1", "2027-03-31"},
		{"eoq", "2026-12-31"},
		{"end of next quarter", "2027-03-31"},
		{"end of next year", "2027-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := datetext.ParseDate(tt.in, now, auckland)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("ParseDate(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
	t.Run("the end of the week", func(t *testing.T) {
		for _, c := range []struct{ today, eow, nextWeek string }{
			{"2027-01-04", "2027-01-08", "2027-01-15"}, // Monday
			{"2027-01-08", "2027-01-08", "2027-01-15"}, // Friday: today
			{"2027-01-09", "2027-01-15", "2027-01-15"}, // Saturday: next week's Friday either way
			{"2027-01-10", "2027-01-15", "2027-01-15"}, // Sunday
		} {
			at := date(c.today).At(12, 0, time.UTC)
			if got, err := datetext.ParseDate("eow", at, time.UTC); err != nil || got.String() != c.eow {
				t.Errorf("eow on %s (%s) = %s, %v; want %s", c.today, date(c.today).Weekday(), got, err, c.eow)
			}
			if got, err := datetext.ParseDate("end of next week", at, time.UTC); err != nil || got.String() != c.nextWeek {
				t.Errorf("end of next week on %s (%s) = %s, %v; want %s", c.today, date(c.today).Weekday(), got, err, c.nextWeek)
			}
		}
	})
	t.Run("a quarter is the next one that has not ended", func(t *testing.T) {
		at := date("2027-04-01").At(12, 0, time.UTC)
		for in, want := range map[string]string{"q1": "2028-03-31", "q2": "2027-06-30", "eoq": "2027-06-30", "end of next quarter": "2027-09-30"} {
			if got, err := datetext.ParseDate(in, at, time.UTC); err != nil || got.String() != want {
				t.Errorf("%s on 2027-04-01 = %s, %v; want %s", in, got, err, want)
			}
		}
		if got, err := datetext.ParseDate("q1", date("2027-03-31").At(12, 0, time.UTC), time.UTC); err != nil || got.String() != "2027-03-31" {
			t.Errorf("q1 on its last day = %s, %v", got, err)
		}
	})
	t.Run("29 February without a year is next year's when it has one", func(t *testing.T) {
		for today, want := range map[string]string{"2027-12-14": "2028-02-29", "2028-01-10": "2028-02-29"} {
			if got, err := datetext.ParseDate("Feb 29", date(today).At(12, 0, time.UTC), time.UTC); err != nil || got.String() != want {
				t.Errorf("Feb 29 on %s = %s, %v; want %s", today, got, err, want)
			}
		}
		_, err := datetext.ParseDate("29 February", date("2028-07-01").At(12, 0, time.UTC), time.UTC)
		wantUserError(t, err, "There is no 29 February in 2029", `"Feb 28"`)
	})
	t.Run("the 31st is in the next month that has one", func(t *testing.T) {
		got, err := datetext.ParseDate("the 31st", date("2027-04-05").At(12, 0, time.UTC), time.UTC)
		if err != nil || got.String() != "2027-05-31" {
			t.Errorf("got %s, %v", got, err)
		}
	})
	t.Run("in 1 month from the 31st is the end of the next month", func(t *testing.T) {
		got, err := datetext.ParseDate("in 1 month", time.Date(2027, 1, 31, 12, 0, 0, 0, time.UTC), time.UTC)
		if err != nil || got.String() != "2027-02-28" {
			t.Errorf("got %s, %v", got, err)
		}
	})

	errs := []struct {
		name, in string
		want     []string
	}{
		{"yesterday in Auckland is today in UTC", "2026-12-01", []string{"already passed", "2026-12-01", "2027-01-01"}},
		{"yesterday", "yesterday", []string{"already passed"}},
		{"past month and day with a year", "Nov 30 2026", []string{"already passed"}},
		// Today is Wednesday 2 December in Auckland.
		{"last monday", "last monday", []string{"already passed", "2026-11-30 is before today, 2026-12-02"}},
		{"last wednesday is a week ago", "Last Wednesday", []string{"already passed", "2026-11-25 is before today"}},
		{"previous friday", "previous fri", []string{"already passed", "2026-11-27 is before today"}},
		{"a month and day that was yesterday", "Dec 1", []string{"1 December has passed (it was yesterday)", "Pick today or a later day", `"Dec 1 2027"`}},
		{"a month and day three months ago", "1st of September", []string{"1 September has passed (it was 92 days ago)", `"Sep 1 2027"`}},
		{"no such day", "2026-02-30", []string{`There is no date "2026-02-30"`, "YYYY-MM-DD"}},
		{"no such day without a year", "Feb 30", []string{"no 30 February", "Feb 28"}},
		// Not the next leap year's, years away, with nothing said: a
		// month and day without a year is this year's or next year's.
		{"no 29 February next year", "Feb 29", []string{"There is no 29 February in 2027", `"Feb 28"`}},
		{"no 29 February next year, with the day's name", "Mon 29 Feb", []string{"no 29 February in 2027", `"Feb 28"`}},
		{"day and month order is ambiguous", "12/11/2026", []string{"can't tell", "YYYY-MM-DD"}},
		{"dotted dates are ambiguous too", "03.04.2027", []string{"can't tell", "either way round"}},
		{"a month without a day", "december", []string{"Which day of December", "Dec 31"}},
		{"a year alone", "2027", []string{"whole year", "2027-12-31"}},
		{"nonsense", "someday", []string{`couldn't read "someday"`, "next friday"}},
		{"next month without a day", "next month", []string{"Which day of next month?", `"Jan 15"`, `"end of next month"`}},
		{"next year without a day", "next year", []string{"Which day of next year?", "2027-06-30"}},
		{"the end of something else", "end of the book", []string{`couldn't read "end of the book" as a date`}},
		{"a day no month has", "the 32nd", []string{"No month has a day 32"}},
		{"a day zero", "0th", []string{"No month has a day 0"}},
		{"a month's end that just passed", "end of November", []string{"30 November has passed (it was 2 days ago)", `"Nov 30 2027"`}},
		{"a quarter of a year that passed", "q3 2026", []string{"already passed", "2026-09-30"}},
		{"a bare day number is not a date", "20", []string{`couldn't read "20"`}},
		{"empty", "  ", []string{"Tell me a date"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, err := datetext.ParseDate(tt.in, now, auckland)
			wantUserError(t, err, tt.want...)
		})
	}

	// The end of a round must come after today: today is refused with
	// words that do not ask for today, as a past day is.
	if got, err := datetext.ParseLaterDate("tomorrow", now, auckland); err != nil || got.String() != "2026-12-03" {
		t.Errorf("ParseLaterDate(tomorrow) = %s, %v", got, err)
	}
	_, err := datetext.ParseLaterDate("today", now, auckland)
	wantUserError(t, err, "2026-12-02 is today", "pick a day after today")
	_, err = datetext.ParseLaterDate("Nov 20", now, auckland)
	wantUserError(t, err, "20 November has passed (it was 12 days ago)", "Pick a day after today", `"Nov 20 2027"`)
	_, err = datetext.ParseLaterDate("yesterday", now, auckland)
	wantUserError(t, err, "already passed", "Pick a day after today")
	if err != nil && strings.Contains(err.Error(), "today or a later") {
		t.Errorf("ParseLaterDate(yesterday) asks for today: %v", err)
	}
}

// A date written with slashes, dots or dashes and the year last is day
// and month either way round (24/12/2026 in Europe, 12/24/2026 in the
// US). When only one reading is a date (one number is above 12, so it is
// the day), it is that date; when both are the same day, that day; only
// when they are two different days is the person asked which.
func TestParseDateDayMonthYear(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	for _, tt := range []struct{ in, want string }{
		{"24/12/2026", "2026-12-24"},
		{"12/24/2026", "2026-12-24"},
		{"15.12.2026", "2026-12-15"},
		{"12.15.2026", "2026-12-15"},
		{"24-12-2026", "2026-12-24"},
		{"12-24-2026", "2026-12-24"},
		{"5/13/2027", "2027-05-13"},
		{"13/5/2027", "2027-05-13"},
		{"29/02/2028", "2028-02-29"},
		{"02/29/2028", "2028-02-29"},
		{"05/05/2027", "2027-05-05"}, // either way round, the same day
		{"31/12/2026.", "2026-12-31"},
	} {
		got, err := datetext.ParseDate(tt.in, now, auckland)
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"two different days", "03/04/2027", []string{"can't tell", "either way round", "YYYY-MM-DD"}},
		{"two different days, dotted", "4.3.2027", []string{"can't tell", "either way round"}},
		{"no such day either way round", "30/02/2027", []string{`There is no date "30/02/2027"`, "YYYY-MM-DD"}},
		{"no such day, shouted", "30/02/2027!!", []string{`There is no date "30/02/2027" — check`}},
		{"two different days, with a full stop", "03/04/2027.", []string{"can't tell", `which day "03/04/2027" means`}},
		{"no month 13 either way round", "13/13/2027", []string{`There is no date "13/13/2027"`}},
		{"a day zero", "00/12/2027", []string{`There is no date "00/12/2027"`}},
		{"not a leap year", "29/02/2027", []string{`There is no date "29/02/2027"`}},
		{"a past day read one way", "25/11/2026", []string{"already passed", "2026-11-25"}},
		{"a past day read the other way", "11/25/2026", []string{"already passed", "2026-11-25"}},
		// 1 Dec or 12 Jan: both have passed, so which was meant does not
		// matter; asking would only lead to a second refusal.
		{"passed either way round", "1/12/2026", []string{"already passed"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := datetext.ParseDate(tt.in, now, auckland)
			wantUserError(t, err, tt.want...)
			if err != nil && strings.Contains(err.Error(), "either way round") && !strings.Contains(strings.Join(tt.want, " "), "can't tell") {
				t.Errorf("ParseDate(%q) says the order is unclear: %v", tt.in, err)
			}
		})
	}
	// Without a year, with a slash: a month and day read as "Dec 20"
	// is, when one order only is a date.
	for _, tt := range []struct{ in, want string }{
		{"12/20", "2026-12-20"},
		{"20/12", "2026-12-20"},
		{"12/25.", "2026-12-25"},
		{"1/15", "2027-01-15"},
		{"15/1", "2027-01-15"},
		{"5/5", "2027-05-05"},
		{"Sat 3/4", "2027-04-03"},
		{"Thu 3/4", "2027-03-04"},
		{"Sun 20/12", "2026-12-20"},
	} {
		got, err := datetext.ParseDate(tt.in, now, auckland)
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"3/4", []string{`can't tell which day "3/4" means`, "either way round", "YYYY-MM-DD"}},
		{"1/12", []string{"can't tell", "either way round"}}, // 1 December passed yesterday; 12 January comes
		{"12/2", []string{"can't tell", "either way round"}}, // today, or 12 February
		{"13/13", []string{`There is no date "13/13"`}},
		{"11/10", []string{"10 November has passed (it was 22 days ago)"}}, // 11 October passed too
		{"30/2", []string{`There is no date "30/2"`}},
		{"11/30", []string{"30 November has passed (it was 2 days ago)", `"Nov 30 2027"`}},
		{"Mon 20/12", []string{"20 December 2026 is a Sunday, not a Monday"}},
		{"12.20", []string{`couldn't read "12.20"`}}, // a figure, more often than not
	} {
		_, err := datetext.ParseDate(tt.in, now, auckland)
		wantUserError(t, err, tt.want...)
	}
	if goal, due, ok, err := datetext.SplitDue("Ship v2 by 12/20", now, auckland); err != nil || !ok || goal != "Ship v2" || due.String() != "2026-12-20" {
		t.Errorf("SplitDue with 12/20 = %q, %s, %v, %v", goal, due, ok, err)
	}
	// A round's end must come after today, in these forms too.
	_, err := datetext.ParseLaterDate("13/12/2026", date("2026-12-13").At(12, 0, time.UTC), time.UTC)
	wantUserError(t, err, "2026-12-13 is today")
	if got, err := datetext.ParseLaterDate("31/12/2026", now, auckland); err != nil || got.String() != "2026-12-31" {
		t.Errorf("ParseLaterDate(31/12/2026) = %s, %v", got, err)
	}
	// A year in two digits could be at either end: asked for in full.
	_, err = datetext.ParseDate("24/12/26", now, auckland)
	wantUserError(t, err, "year", "YYYY-MM-DD")
	if goal, due, ok, err := datetext.SplitDue("Ship v2 by 24/12/2026", now, auckland); err != nil || !ok || goal != "Ship v2" || due.String() != "2026-12-24" {
		t.Errorf("SplitDue with 24/12/2026 = %q, %s, %v, %v", goal, due, ok, err)
	}
}

// The bot writes a date "Fri 4 Dec 2026" (LongDay, the goal lists and
// replies): typed back with its day's name, as it often is when copied
// from a message ("by Fri 4 Dec 2026", "Friday, December 4"), it is read.
// A day's name that does not agree with the date is a slip, and says so.
func TestParseDateWithTheDaysName(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	for in, want := range map[string]string{
		"Fri 4 Dec 2026":               "2026-12-04",
		"Fri 4 Dec":                    "2026-12-04",
		"Friday, December 4":           "2026-12-04",
		"Friday, December 4th, 2026":   "2026-12-04",
		"fri. dec 4":                   "2026-12-04",
		"Wed 2 Dec 2026":               "2026-12-02", // today
		datetext.LongDay("2027-01-15"): "2027-01-15",
	} {
		got, err := datetext.ParseDate(in, now, auckland)
		if err != nil || got.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	_, err := datetext.ParseDate("Mon 4 Dec 2026", now, auckland)
	wantUserError(t, err, "4 December 2026 is a Friday, not a Monday")
	_, err = datetext.ParseDate("Tue 1 Dec 2026", now, auckland)
	wantUserError(t, err, "already passed")
	if goal, due, ok, err := datetext.SplitDue("Ship the RFC by Fri 4 Dec 2026", now, auckland); err != nil || !ok || goal != "Ship the RFC" || due.String() != "2026-12-04" {
		t.Errorf("SplitDue with the day's name = %q, %s, %v, %v", goal, due, ok, err)
	}
}

// A day's name before a date in figures ("Thu 24/12/2026", copied from a
// calendar) is read as before a month's name: the date, when the name
// agrees with it, and a clear word when it does not. When day and month
// could be either way round, the name tells which.
func TestParseDateWithTheDaysNameAndFigures(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	for in, want := range map[string]string{
		"Thu 24/12/2026":       "2026-12-24",
		"Thursday 24/12/2026":  "2026-12-24",
		"Thu 12/24/2026":       "2026-12-24",
		"thu. 24.12.2026":      "2026-12-24",
		"Thursday, 24-12-2026": "2026-12-24",
		"Thu 2026-12-24":       "2026-12-24",
		"Thu 04/03/2027":       "2027-03-04", // 3 April 2027 is a Saturday
		"Sat 04/03/2027":       "2027-04-03",
	} {
		got, err := datetext.ParseDate(in, now, auckland)
		if err != nil || got.String() != want {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"the wrong day's name", "Fri 24/12/2026", []string{"24 December 2026 is a Thursday, not a Friday"}},
		{"the wrong day's name, US order", "Friday 12/24/2026", []string{"24 December 2026 is a Thursday, not a Friday"}},
		{"the wrong day's name, ISO", "Fri 2026-12-24", []string{"24 December 2026 is a Thursday, not a Friday"}},
		{"a name that fits neither reading", "Mon 04/03/2027", []string{"can't tell", "either way round"}},
		{"no such day", "Thu 30/02/2027", []string{`There is no date "30/02/2027"`}},
		{"a past day", "Tue 24/11/2026", []string{"already passed"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := datetext.ParseDate(tt.in, now, auckland)
			wantUserError(t, err, tt.want...)
		})
	}
	if goal, due, ok, err := datetext.SplitDue("ship it by Thu 24/12/2026", now, auckland); err != nil || !ok || goal != "ship it" || due.String() != "2026-12-24" {
		t.Errorf("SplitDue with Thu 24/12/2026 = %q, %s, %v, %v", goal, due, ok, err)
	}
}

func TestDateAtEnd(t *testing.T) {
	for _, tt := range []struct {
		in, phrase, due string // phrase "" when there is none
	}{
		{"Ship 3 PRs in 3 weeks", "in 3 weeks", "2026-12-22"},
		{"Ship 3 PRs due 2027-01-20", "2027-01-20", "2027-01-20"},
		{"Send the draft next friday.", "next friday", "2026-12-04"},
		{"Send the draft the end of the week", "the end of the week", "2026-12-04"},
		{"Read 2 books Dec 31", "Dec 31", "2026-12-31"},
		{"Run 5k in 30 minutes", "", ""},
		{"Ship 3 PRs", "", ""},
		{"in 3 weeks", "", ""},
		{"Cut build time by 20%", "", ""},
		{"Learn Go by doing", "", ""},
		// A past day is no hint, nor is the weekday at its end.
		{"Send the draft last monday", "", ""},
	} {
		phrase, due, ok := datetext.DateAtEnd(tt.in, now, time.UTC)
		if phrase != tt.phrase || ok != (tt.phrase != "") || (ok && due.String() != tt.due) {
			t.Errorf("DateAtEnd(%q) = %q, %s, %v; want %q, %s", tt.in, phrase, due, ok, tt.phrase, tt.due)
		}
	}
}

func TestSplitDue(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland")
	tests := []struct {
		name, in string
		goal     string
		due      string // "" when ok is false
	}{
		{"an ISO date after by", "Ship the RFC by 2026-12-15", "Ship the RFC", "2026-12-15"},
		{"by as an ordinary word", "learn by doing", "learn by doing", ""},
		{"a percentage is not a date", "Cut build time by 20%", "Cut build time by 20%", ""},
		{"a count is not a date", "Grow the guild by 3 people", "Grow the guild by 3 people", ""},
		{"a fraction after a change is not a date", "Reduce alerts by 1/20", "Reduce alerts by 1/20", ""},
		{"a day and month after a deliverable is", "Ship the RFC by 12/20", "Ship the RFC", "2026-12-20"},
		{"a date that is no fraction in lowest terms", "Reduce my backlog by 3/15", "Reduce my backlog", "2027-03-15"},
		{"a change with its own amount has a date", "Increase test coverage to 80% by 1/31", "Increase test coverage to 80%", "2027-01-31"},
		{"improve is no change of an amount", "Improve my conference talk by 3/15", "Improve my conference talk", "2027-03-15"},
		{"the last by wins", "Learn by doing by Dec 15", "Learn by doing", "2026-12-15"},
		{"any case and spacing", "Ship it  BY  next friday", "Ship it", "2026-12-04"},
		{"trailing comma before by", "Ship the RFC, by end of month", "Ship the RFC", "2026-12-31"},
		{"an emoji before by keeps its colons", "Ship it :tada: by 2026-12-15", "Ship it :tada:", "2026-12-15"},
		{"a colon after a word before by goes", "Ship it: by 2026-12-15", "Ship it", "2026-12-15"},
		{"relative dates", "Give a talk by in 3 weeks", "Give a talk", "2026-12-23"},
		{"a possessive is not a date", "Give 2 talks by friday's meetup", "Give 2 talks by friday's meetup", ""},
		{"no by at all", "Ship the RFC", "Ship the RFC", ""},
		{"by at the start is not a split", "by 2026-12-15", "by 2026-12-15", ""},
		// Loose deadlines people type.
		{"the 20th", "Finish the course by the 20th", "Finish the course", "2026-12-20"},
		{"20th", "Finish the course by 20th", "Finish the course", "2026-12-20"},
		{"EOW", "Send the draft by EOW", "Send the draft", "2026-12-04"},
		{"the end of the week", "Send the draft by the end of the week", "Send the draft", "2026-12-04"},
		{"tmrw", "Book the room by tmrw", "Book the room", "2026-12-03"},
		{"Q1", "Get certified by Q1", "Get certified", "2027-03-31"},
		{"before a date", "Read 2 books before Dec 31", "Read 2 books", "2026-12-31"},
		{"the last of by and before wins", "Learn by doing before Dec 31", "Learn by doing", "2026-12-31"},
		// Ordinary text stays the goal.
		{"by and a gerund", "Get promoted by doing great work", "Get promoted by doing great work", ""},
		{"before and a thing", "Learn Go by pairing before the offsite", "Learn Go by pairing before the offsite", ""},
		{"the end of something else", "Understand the plot by the end of the book", "Understand the plot by the end of the book", ""},
		{"an ordinal before a noun", "Cut costs by 3rd party consolidation", "Cut costs by 3rd party consolidation", ""},
		{"a time of day is a habit", "Answer email before noon", "Answer email before noon", ""},
		// "in 3 weeks" without "by" is left in the text: "get new hires
		// shipping in 2 weeks" names a measure, not a deadline.
		{"in N weeks without by", "Get new hires shipping in 2 weeks", "Get new hires shipping in 2 weeks", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			goal, due, ok, err := datetext.SplitDue(tt.in, now, auckland)
			if err != nil {
				t.Fatal(err)
			}
			if goal != tt.goal || ok != (tt.due != "") || (ok && due.String() != tt.due) {
				t.Errorf("SplitDue(%q) = %q, %s, %v; want %q, %q", tt.in, goal, due, ok, tt.goal, tt.due)
			}
		})
	}
	errs := []struct {
		name, in string
		want     string
	}{
		{"an invalid date", "Ship the RFC by 2026-02-30", `no date "2026-02-30"`},
		{"a past date", "Ship the RFC by 2026-11-30", "already passed"},
		{"a year alone", "Ship v2 by 2027", "whole year"},
		{"a month alone", "Ship v2 by March", "Which day of March"},
		{"an ambiguous date", "Ship v2 by 03/04/2027", "can't tell"},
		{"next month", "Ship v2 by next month", "Which day of next month?"},
		{"end of a sprint", "Ship v2 by end of sprint", `couldn't read "end of sprint" as a date`},
		{"mid-month", "Ship v2 by mid March", `couldn't read "mid March" as a date`},
		{"early next week", "Ship v2 by early next week", `couldn't read "early next week" as a date`},
		{"an invalid date after before", "Ship v2 before Feb 30", "no 30 February"},
		{"a day no month has", "Ship v2 by the 32nd", "No month has a day 32"},
		{"a date that just passed", "Ship v2 by Nov 30", "30 November has passed"},
		{"last weekday", "Ship v2 by last monday", "2026-11-30 is before today"},
		{"previous weekday", "Ship v2 by previous friday", "2026-11-27 is before today"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, _, ok, err := datetext.SplitDue(tt.in, now, auckland)
			if ok {
				t.Error("ok = true")
			}
			wantUserError(t, err, tt.want)
		})
	}
}

// A span from today at the end of a goal, without "by", is its deadline,
// unless it measures the goal.
func TestSplitPeriod(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	for _, tt := range []struct {
		in, goal, due string // due "" when ok is false
	}{
		{"Give a talk at the team meetup in 3 weeks", "Give a talk at the team meetup", "2026-12-23"},
		{"Give a talk in two weeks.", "Give a talk", "2026-12-16"},
		{"Read 2 books within 2 months", "Read 2 books", "2027-02-02"},
		{"Ship the RFC, in a week", "Ship the RFC", "2026-12-09"},
		{"Ship the RFC in the next 10 days", "Ship the RFC", "2026-12-12"},
		{"Get comfortable with Go In 1 Month", "Get comfortable with Go", "2027-01-02"},
		{"Get promoted in 6 months", "Get promoted", "2027-06-02"},
		{"Finish the Go course within 30 days", "Finish the Go course", "2027-01-01"},
		// Not a deadline.
		{"Respond to code reviews within 2 days", "", ""},
		{"Reply to every question within a day", "", ""},
		{"Fix P1 bugs in 2 days", "", ""},
		{"Reduce review turnaround to within 2 days", "", ""},
		{"Cut onboarding from 6 weeks to in 3 weeks", "", ""},
		{"Meet my mentor once in 2 weeks", "", ""},
		{"Run 5k in 30 minutes", "", ""},
		{"Get new hires shipping in 2 weeks", "", ""},
		{"Improve onboarding docs so new hires ship in 2 weeks", "", ""},
		{"in 3 weeks", "", ""},
		{"Ship the RFC in many weeks", "", ""},
		{"Ship the RFC in 3 weeks' time", "", ""},
		{"Ship the RFC", "", ""},
	} {
		goal, due, ok := datetext.SplitPeriod(tt.in, now, auckland)
		if ok != (tt.due != "") || (ok && (goal != tt.goal || due.String() != tt.due)) || (!ok && goal != tt.in) {
			t.Errorf("SplitPeriod(%q) = %q, %s, %v; want %q, %q", tt.in, goal, due, ok, tt.goal, tt.due)
		}
	}
}

func TestZonesLoadOnce(t *testing.T) {
	var z datetext.Zones
	a, err := z.Load("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := z.Load("Europe/Berlin"); a != b {
		t.Error("a second load gave another *time.Location")
	}
	if _, err := z.Load("Mars/Olympus_Mons"); err == nil {
		t.Error("an unknown zone loaded")
	}
	if l, err := z.Load("UTC"); err != nil || l.String() != "UTC" {
		t.Errorf("UTC = %v, %v", l, err)
	}
}

// A person's zone is their profile's when it loads; otherwise the
// programme's default, and UTC when there is none, so that a caller never
// holds a nil *time.Location.
func TestZonesFor(t *testing.T) {
	var z datetext.Zones
	tokyo, err := z.Load("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	def, err := z.Load("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		tz   string
		def  *time.Location
		want *time.Location
	}{
		{"Asia/Tokyo", def, tokyo},
		{"", def, def},
		{"Mars/Olympus_Mons", def, def},
		{"Asia/Tokyo", nil, tokyo},
		{"", nil, time.UTC},
		{"Mars/Olympus_Mons", nil, time.UTC},
	} {
		if got := z.For(tt.tz, tt.def); got != tt.want {
			t.Errorf("For(%q, %v) = %v, want %v", tt.tz, tt.def, got, tt.want)
		}
	}
}

func TestLooksLikeDate(t *testing.T) {
	for _, s := range []string{
		"2026-13-01", "03/04/2027", "2027", "Feb 30", "fri", "fridays", "tomorrow", "tmrw", "eow", "q3", "Q3 2027",
		"20th", "the 20", "32nd of May", "in 3 weeks", "in two fortnights", "next month", "this week", "next sprint",
		"end of sprint", "the end of the quarter", "end of Q2", "mid March", "early next week", "late Sept",
		"start of next month", "beginning of the year", "end of day", "last monday", "previous Fri",
	} {
		if !datetext.LooksLikeDate(s) {
			t.Errorf("LooksLikeDate(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "doing great work", "20%", "3 people", "20", "friday's meetup", "the end of the book", "3rd party tools",
		"the offsite", "noon", "midnight", "next steps", "this approach", "end", "in time", "the way", "late night", "last mile", "previous job", "last",
	} {
		if datetext.LooksLikeDate(s) {
			t.Errorf("LooksLikeDate(%q) = true", s)
		}
	}
}

func TestLongDay(t *testing.T) {
	for in, want := range map[string]string{"2026-11-05": "Thu 5 Nov 2026", "2027-05-28": "Fri 28 May 2027", "soon": "soon", "2027-02-30": "2027-02-30"} {
		if got := datetext.LongDay(in); got != want {
			t.Errorf("LongDay(%q) = %q, want %q", in, got, want)
		}
	}
}

// A Slack profile may have an offset and no zone's name: its fixed zone is
// named "UTC+05:30" and that name loads back as the same offset, so a
// meeting rule stored in it reads back too. Offset 0 is "nothing known".
func TestOffsetZones(t *testing.T) {
	for offset, want := range map[int]string{
		5*3600 + 30*60:   "UTC+05:30",
		-3 * 3600:        "UTC-03:00",
		14 * 3600:        "UTC+14:00",
		-(9*3600 + 1800): "UTC-09:30",
		0:                "",
		15 * 3600:        "",
	} {
		got := datetext.OffsetZoneName(offset)
		if got != want {
			t.Errorf("OffsetZoneName(%d) = %q, want %q", offset, got, want)
		}
		if got == "" {
			continue
		}
		var z datetext.Zones
		loc, err := z.Load(got)
		if err != nil {
			t.Fatalf("Load(%q): %v", got, err)
		}
		if name, off := now.In(loc).Zone(); name != got || off != offset {
			t.Errorf("Load(%q) is %s at %d, want %s at %d", got, name, off, got, offset)
		}
	}
	for _, bad := range []string{"UTC+00:00", "UTC+15:00", "UTC+05:60", "UTC+5:30"} {
		if _, err := datetext.LoadZone(bad); err == nil {
			t.Errorf("LoadZone(%q) loaded", bad)
		}
	}
}

// A zone without letters for its abbreviation is named by its offset as
// offset-only zones are, never as a bare "+11".
func TestZoneAbbr(t *testing.T) {
	at := time.Date(2027, 4, 3, 14, 0, 0, 0, time.UTC) // DST in Lord Howe, not in Kathmandu
	for _, c := range []struct{ zone, want string }{
		{"Australia/Lord_Howe", "UTC+11:00"},
		{"Asia/Kathmandu", "UTC+05:45"},
		{"Pacific/Kiritimati", "UTC+14:00"},
		{"America/Sao_Paulo", "UTC-03:00"},
		{"UTC+11:00", "UTC+11:00"}, // a profile's offset-only zone reads the same
		{"Pacific/Marquesas", "UTC-09:30"},
		{"Europe/Berlin", "CEST"},
		{"America/New_York", "EDT"},
		{"UTC", "UTC"},
		{"UTC+05:30", "UTC+05:30"},
	} {
		loc, err := datetext.LoadZone(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := datetext.ZoneAbbr(at.In(loc)); got != c.want {
			t.Errorf("ZoneAbbr in %s = %q, want %q", c.zone, got, c.want)
		}
	}
	loc, _ := datetext.LoadZone("Australia/Adelaide")
	if got, want := datetext.FormatZoned(at.In(loc), "Mon 2 Jan 2006 at 15:04"), "Sun 4 Apr 2027 at 00:30 ACDT"; got != want {
		t.Errorf("FormatZoned = %q, want %q", got, want)
	}
}

// A day name may end in a full stop, as a short one is often written and
// a sentence may end; two stops, or a stop alone, are no day.
func TestWeekdayWithFullStop(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Weekday
		ok   bool
	}{
		{"tue", time.Tuesday, true},
		{"tue.", time.Tuesday, true},
		{"Fri.", time.Friday, true},
		{"THURS.", time.Thursday, true},
		{"weds.", time.Wednesday, true},
		{"monday", time.Monday, true},
		{"monday.", time.Monday, true},
		{"Sunday.", time.Sunday, true},
		{"tue..", 0, false},
		{".", 0, false},
		{"", 0, false},
	} {
		if got, ok := datetext.Weekday(c.in); ok != c.ok || ok && got != c.want {
			t.Errorf("Weekday(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
