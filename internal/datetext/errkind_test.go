package datetext_test

import (
	"errors"
	"testing"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// A date SplitDue refuses is one of four kinds, which a form with a date
// picker answers differently: a period named without its day ("by June"),
// which a day picked in it settles; words not read as a date ("by end of
// sprint"), which a picked day says; a day that has passed; and a
// mistake ("by Feb 30"), which no picked day mends.
func TestSplitDueErrorKinds(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland") // today is Wed 2026-12-02 there
	for _, tt := range []struct {
		in          string
		first, last string // the period, "" for none
		unread      bool
		passed      bool
	}{
		{in: "Ship v2 by March", first: "2027-03-01", last: "2027-03-31"},
		{in: "Ship v2 by december", first: "2026-12-01", last: "2026-12-31"},
		{in: "Ship v2 by November", first: "2027-11-01", last: "2027-11-30"}, // this year's has ended
		{in: "Ship v2 by June 2027", first: "2027-06-01", last: "2027-06-30"},
		{in: "Ship v2 by Feb 2028", first: "2028-02-01", last: "2028-02-29"},
		{in: "Ship v2 by next month", first: "2027-01-01", last: "2027-01-31"},
		{in: "Ship v2 before the next month", first: "2027-01-01", last: "2027-01-31"},
		{in: "Ship v2 by next year", first: "2027-01-01", last: "2027-12-31"},
		{in: "Ship v2 by 2027", first: "2027-01-01", last: "2027-12-31"},
		{in: "Ship v2 by 2026", first: "2026-01-01", last: "2026-12-31"},
		{in: "Ship v2 by end of sprint", unread: true},
		{in: "Ship v2 by mid March", unread: true},
		{in: "Ship v2 by early next week", unread: true},
		{in: "Ship v2 by in 3 fortnights", unread: true},
		{in: "Ship v2 by Nov 30", passed: true},
		{in: "Ship v2 by 2026-11-30", passed: true},
		{in: "Ship v2 by Nov 2025"},                    // a month long gone: a mistake
		{in: "Increase signups by 2000", unread: true}, // a number, more likely
		{in: "Ship v2 by 2025", unread: true},
		{in: "Ship v2 by 2026-02-30"},
		{in: "Ship v2 before Feb 30"},
		{in: "Ship v2 by 30/02/2027"},
		{in: "Ship v2 by 03/04/2027"},
		{in: "Ship v2 by 3/4/27"},
		{in: "Ship v2 by the 32nd"},
		{in: "Ship v2 by Thu 4 Dec 2026"}, // a Friday
	} {
		_, _, ok, err := datetext.SplitDue(tt.in, now, auckland)
		var e *datetext.Error
		if ok || !errors.As(err, &e) {
			t.Errorf("SplitDue(%q) = %v, %v; want a *datetext.Error", tt.in, ok, err)
			continue
		}
		first, last, period := e.Period()
		if want := tt.first != ""; period != want || (period && (first.String() != tt.first || last.String() != tt.last)) {
			t.Errorf("SplitDue(%q) Period = %s, %s, %v; want %q, %q", tt.in, first, last, period, tt.first, tt.last)
		}
		if e.Unread() != tt.unread || e.Passed() != tt.passed {
			t.Errorf("SplitDue(%q): Unread %v, Passed %v; want %v, %v (%s)", tt.in, e.Unread(), e.Passed(), tt.unread, tt.passed, e.Msg)
		}
	}
}

// Reading a period does not change what /goal add answers.
func TestPeriodKeepsItsAnswer(t *testing.T) {
	auckland := mustLoc(t, "Pacific/Auckland")
	for in, want := range map[string]string{
		"Ship v2 by June 2027": `couldn't read "June 2027" as a date`,
		"Ship v2 by March":     "Which day of March",
		"Ship v2 by 2027":      "whole year",
		"Ship v2 by 2025":      "whole year",
		"Ship v2 by next year": "Which day of next year?",
	} {
		_, _, _, err := datetext.SplitDue(in, now, auckland)
		wantUserError(t, err, want)
	}
}
