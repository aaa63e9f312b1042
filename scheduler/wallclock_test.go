package scheduler

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// A check-in schedule fires once for each wall-clock time it names, in the
// hours the clocks skip and repeat too, where robfig/cron fires never or
// twice.
func TestWallClockFiresOnceAcrossClockChanges(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	firings := func(spec string, from, to time.Time) []time.Time {
		s, err := cron.ParseStandard(spec)
		if err != nil {
			t.Fatal(err)
		}
		var out []time.Time
		for f := (wallClock{s}).Next(from); !f.IsZero() && f.Before(to); f = (wallClock{s}).Next(f) {
			out = append(out, f.UTC())
		}
		return out
	}
	utc := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// London skips 01:00-02:00 on 28 March 2027 and repeats 01:00-02:00
	// on 31 October.
	for _, c := range []struct {
		spec     string
		from, to string
		want     []string
	}{
		{"30 1 * * SUN", "2027-03-20 00:00", "2027-04-05 00:00", []string{"2027-03-21 01:30", "2027-03-28 01:30", "2027-04-04 00:30"}},
		{"30 1 * * SUN", "2027-10-23 00:00", "2027-11-08 00:00", []string{"2027-10-24 00:30", "2027-10-31 00:30", "2027-11-07 01:30"}},
		{"0 9 * * MON", "2027-03-27 00:00", "2027-04-06 00:00", []string{"2027-03-29 08:00", "2027-04-05 08:00"}},
		// Every 30 minutes through the repeated hour: 01:00 and 01:30 BST
		// (00:00, 00:30 UTC) once each, nothing as they come again in GMT,
		// then 02:00 GMT.
		{"*/30 * * * *", "2027-10-30 23:45", "2027-10-31 02:15", []string{"2027-10-31 00:00", "2027-10-31 00:30", "2027-10-31 02:00"}},
	} {
		var want []time.Time
		for _, w := range c.want {
			want = append(want, utc(w))
		}
		got := firings(c.spec, utc(c.from).In(london), utc(c.to))
		if len(got) != len(want) {
			t.Errorf("%s from %s: %v, want %v", c.spec, c.from, got, want)
			continue
		}
		for i := range got {
			if !got[i].Equal(want[i]) {
				t.Errorf("%s from %s: %v, want %v", c.spec, c.from, got, want)
				break
			}
		}
	}
}
