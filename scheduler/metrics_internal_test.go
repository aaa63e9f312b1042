package scheduler

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// One scrape reads the three queue gauges a few microseconds apart on the
// real clock: they share one count. A clock moved on (a test's, the
// playground's) counts again.
func TestBacklogMemoCountsOncePerScrape(t *testing.T) {
	var m backlogMemo
	counts := 0
	count := func(time.Time) (store.NoteBacklog, error) {
		counts++
		return store.NoteBacklog{Pending: counts}, nil
	}
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if _, err := m.get(now.Add(time.Duration(i)*time.Microsecond), count); err != nil {
			t.Fatal(err)
		}
	}
	if counts != 1 {
		t.Errorf("one scrape counted the queue %d times, want once", counts)
	}
	b, err := m.get(now.Add(time.Hour), count)
	if err != nil {
		t.Fatal(err)
	}
	if counts != 2 || b.Pending != 2 {
		t.Errorf("after the clock moved an hour: %d counts, pending %d; want a new count", counts, b.Pending)
	}
}
