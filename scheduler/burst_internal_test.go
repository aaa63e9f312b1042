package scheduler

import (
	"testing"
	"time"
)

func TestReleaseCount(t *testing.T) {
	now := time.Date(2026, 11, 2, 8, 50, 0, 0, time.UTC)
	at := func(d time.Duration, n int) []time.Time {
		var out []time.Time
		for range n {
			out = append(out, now.Add(d))
		}
		return out
	}
	cases := []struct {
		name string
		dues []time.Time
		rate float64
		want int
	}{
		{"nothing ahead", nil, 5, 0},
		// One DM 10 s ahead is sent on its time, not a step early.
		{"a lone DM", at(10*time.Second, 1), 5, 0},
		{"two together", at(10*time.Second, 2), 5, 0},
		{"fits after its time", at(10*time.Minute, 100), 5, 0},
		// 3,000 due in 10 minutes need 600 s at 5/s: 0 s to spare, so
		// what the next 15 s can send must be on its way.
		{"burst that needs the whole time", at(10*time.Minute, 3000), 5, 75},
		{"burst too big for the time", at(10*time.Minute, 4000), 5, 1075},
		{"unknown rate", at(time.Minute, 4000), 0, 0},
		{"later burst pushes an earlier one", append(at(time.Minute, 10), at(2*time.Minute, 600)...), 5, 10 + 600 - 5*(105)},
	}
	for _, c := range cases {
		if got := releaseCount(now, c.dues, c.rate, releaseStep); got != c.want {
			t.Errorf("%s: releaseCount = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestNextRelease(t *testing.T) {
	nine := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	var dues []time.Time
	for range 4000 {
		dues = append(dues, nine)
	}
	// 4,000 at 5/s take 800 s: start 13m20s (and a step) before nine.
	got, ok := nextRelease(dues, 5, releaseStep, DefaultMaxEarly)
	if want := nine.Add(-800*time.Second - releaseStep); !ok || !got.Equal(want) {
		t.Errorf("nextRelease = %v, want %v", got, want)
	}
	// 6,000 would need 20 minutes: never more than 15 early.
	for range 2000 {
		dues = append(dues, nine)
	}
	if got, _ := nextRelease(dues, 5, releaseStep, DefaultMaxEarly); !got.Equal(nine.Add(-DefaultMaxEarly)) {
		t.Errorf("nextRelease of a burst too big = %v, want 15 minutes early", got)
	}
	// A lone DM is released only for the fifth of a second it takes to
	// send: the check-in of 09:00 shows 09:00 in Slack, not 08:59.
	if got, _ := nextRelease([]time.Time{nine}, 5, releaseStep, DefaultMaxEarly); !got.Equal(nine.Add(-200 * time.Millisecond)) {
		t.Errorf("nextRelease of one DM = %v, want a fifth of a second before its time", got)
	}
	if _, ok := nextRelease(nil, 5, releaseStep, DefaultMaxEarly); ok {
		t.Error("nextRelease with nothing ahead is ok")
	}
}
