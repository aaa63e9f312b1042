package cadence_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
)

// describeForByEveryOccurrence is how DescribeFor was written before it
// looked only where the zones' gap changes: read every occurrence of the
// year from the next one at the rule's time, and compare each one's
// weekday and time for the reader.
func describeForByEveryOccurrence(r cadence.Rule, reader *time.Location, next time.Time) string {
	d := r.Describe()
	atItsTime := func(o time.Time) bool { l := o.In(r.Loc); return l.Hour() == r.Hour && l.Minute() == r.Minute }
	var usual []time.Time
	ref := next
	if r.Kind != cadence.Once {
		for _, o := range r.Occurrences(next, 60, nil) {
			if atItsTime(o) {
				ref = o
				break
			}
		}
		if atItsTime(ref) {
			usual = slices.DeleteFunc(r.Between(ref, ref.AddDate(1, 0, 0)), func(o time.Time) bool { return !atItsTime(o) })
		}
	}
	theirs, ours := ref.In(r.Loc), ref.In(reader)
	moves := slices.ContainsFunc(usual, func(o time.Time) bool { return o.In(reader).Format("Mon 15:04") != ours.Format("Mon 15:04") })
	if theirs.Format("Mon 15:04") == ours.Format("Mon 15:04") && !moves {
		return d
	}
	var when string
	switch r.Kind {
	case cadence.Once:
		when = next.In(reader).Format("Mon 2 Jan 15:04")
	case cadence.Monthly:
		when = "the next on " + next.In(reader).Format("Mon 2 Jan 15:04")
	default:
		when = ours.Format("Monday 15:04")
	}
	until := ""
	if moves {
		until = " until the clocks change"
	}
	return strings.TrimSuffix(d, ")") + "; " + when + " your time" + until + ")"
}

// DescribeFor finds what reading every occurrence of the year finds, for
// rules of every kind between zones that change their clocks on other
// days, or not at all, or by half an hour.
func TestDescribeForAgreesWithEveryOccurrence(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles",
		"Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Australia/Lord_Howe", "America/Santiago", "Pacific/Auckland"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	rng := rand.New(rand.NewPCG(9, 39))
	kinds := []cadence.Kind{cadence.Weekly, cadence.Biweekly, cadence.Monthly}
	moving := 0
	for i := range 3000 {
		loc := zones[rng.IntN(len(zones))]
		reader := zones[rng.IntN(len(zones))]
		// Some in the years the zone data gives as a rule, not a list of
		// changes (from 2037, and at once in the binary's embedded
		// data): Go's ZoneBounds there ends a leap year a day early.
		year := 2026
		if i%3 == 0 {
			year = 2036 + rng.IntN(20)
		}
		start := time.Date(year, 1, 1, 0, 0, 0, 0, loc).Add(time.Duration(rng.IntN(3*365*24)) * time.Hour)
		ordinal := []int{1, 2, 3, 4, -1}[rng.IntN(5)]
		r := cadence.Rule{Kind: kinds[rng.IntN(len(kinds))], Start: start, Weekday: time.Weekday(rng.IntN(7)),
			Ordinal: ordinal, Hour: rng.IntN(24), Minute: 30 * rng.IntN(2), Loc: loc}
		if i%10 == 0 {
			r.Hour = 2 // the hour the clocks most often skip or repeat
		}
		next, ok := r.Next(start.Add(time.Duration(rng.IntN(400*24)) * time.Hour))
		if !ok {
			continue
		}
		if got, want := r.DescribeFor(reader, next), describeForByEveryOccurrence(r, reader, next); got != want {
			t.Fatalf("%+v for a reader in %s at %s:\n got %q\nwant %q", r, reader, next, got, want)
		} else if strings.HasSuffix(got, "until the clocks change)") {
			moving++
		}
	}
	// Else the cases would not test what the change of clocks does.
	if moving < 500 {
		t.Errorf("only %d of the cases change with the clocks", moving)
	}
}

func BenchmarkDescribeFor(b *testing.B) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ny, _ := time.LoadLocation("America/New_York")
	r := cadence.Rule{Kind: cadence.Weekly, Weekday: time.Thursday, Hour: 15, Loc: berlin, Start: time.Date(2026, 1, 1, 15, 0, 0, 0, berlin)}
	next, _ := r.Next(time.Date(2026, 12, 7, 0, 0, 0, 0, berlin))
	for b.Loop() {
		r.DescribeFor(ny, next)
	}
}
