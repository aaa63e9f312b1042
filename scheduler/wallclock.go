package scheduler

import (
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// wallClock reads a cron spec by the wall clock of the zone of the time it
// is asked about, as MENTORBOT_CHECKIN_SCHEDULE is read in each person's
// zone, and fires once for each wall-clock time it names. robfig/cron does
// not: a firing in the hour the clocks skip never comes (no check-in that
// week), and one in the hour they repeat comes twice. Here the first goes
// at the same instant after the gap as a meeting would (Date.At: 01:30
// becomes 02:30 when the clocks jump from 01:00), and the second once, at
// the first of its two instants.
type wallClock struct{ spec cron.Schedule }

// Next implements cron.Schedule.
func (w wallClock) Next(t time.Time) time.Time {
	loc := t.Location()
	l := t.In(loc)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
	// Read in UTC, the spec's wall times all exist and none repeats. A
	// wall time may still map to an instant at or before t, in the hour
	// the clocks repeat: the next one is looked for. A wall time and its
	// instant are at most a day apart, so this ends within a day's firings.
	for {
		if wall = w.spec.Next(wall); wall.IsZero() {
			return time.Time{}
		}
		if at := datetext.DateOf(wall).At(wall.Hour(), wall.Minute(), loc); at.After(t) {
			return at
		}
	}
}
