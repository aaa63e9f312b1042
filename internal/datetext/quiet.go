package datetext

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// QuietHours is a daily span of wall-clock time in which check-ins and nudges
// wait. Start and End are minutes after midnight; End < Start wraps past
// midnight ("20:00-08:00"). The zero value (Set false) means no quiet hours.
type QuietHours struct {
	Start, End int
	Set        bool
}

// ParseQuietHours reads "20:00-08:00" or "22:00-23:30" (24-hour; "24:00" may
// end a span). "", "off" and "none" give the zero QuietHours. A span that
// starts where it ends is an error. Error messages do not say how to turn
// quiet hours off, since that depends on the caller (an empty setting may
// mean the programme's default there): the caller adds it.
func ParseQuietHours(s string) (QuietHours, error) {
	in := strings.ToLower(strings.TrimSpace(s))
	if in == "" || in == "off" || in == "none" {
		return QuietHours{}, nil
	}
	in = strings.NewReplacer("–", "-", "—", "-", " to ", "-").Replace(in)
	from, to, ok := strings.Cut(in, "-")
	start, err1 := minuteOfDay(from)
	end, err2 := minuteOfDay(to)
	if !ok || err1 != nil || err2 != nil {
		return QuietHours{}, errorf("I couldn't read %q as quiet hours. Write a start and an end in 24-hour time, for example \"20:00-08:00\" or \"22:00-23:30\".", strings.TrimSpace(s))
	}
	if start == end {
		// What turns quiet hours off depends on where they are typed (the
		// settings form, an environment variable), so the callers say it.
		return QuietHours{}, errorf("Quiet hours %q start where they end. Give a span such as \"20:00-08:00\".", strings.TrimSpace(s))
	}
	return QuietHours{Start: start, End: end, Set: true}, nil
}

func minuteOfDay(s string) (int, error) {
	if strings.TrimSpace(s) == "24:00" {
		return 0, nil
	}
	h, m, err := ParseClock(s)
	return h*60 + m, err
}

// String formats q as ParseQuietHours reads it: "20:00-08:00", or "" when
// not set.
func (q QuietHours) String() string {
	if !q.Set {
		return ""
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d", q.Start/60, q.Start%60, q.End/60, q.End%60)
}

// Contains reports whether t, read as a wall-clock time in loc, falls in the
// quiet hours (Start included, End not).
func (q QuietHours) Contains(t time.Time, loc *time.Location) bool {
	if !q.Set {
		return false
	}
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	m := lt.Hour()*60 + lt.Minute()
	if q.Start < q.End {
		return q.Start <= m && m < q.End
	}
	return m >= q.Start || m < q.End
}

// NextAllowed returns the first instant at or after t that is outside the
// quiet hours: t itself when t is not quiet, otherwise normally End on the
// right day. Across a DST change it is exact: when the clocks jump out of the
// quiet span it is the moment of the jump, and when End happens twice it is
// the first time.
func (q QuietHours) NextAllowed(t time.Time, loc *time.Location) time.Time {
	if !q.Contains(t, loc) {
		return t
	}
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	endDay := DateOf(lt)
	if q.Start > q.End && lt.Hour()*60+lt.Minute() >= q.Start {
		endDay = endDay.AddDays(1)
	}
	h, m := q.End/60, q.End%60
	// Candidates: End (each time it happens that day, or where a gap moves
	// it), and any zone change before that, which may move the wall clock
	// out of the quiet span by itself.
	candidates := append(endDay.Instances(h, m, loc), endDay.At(h, m, loc))
	later := slices.MaxFunc(candidates, time.Time.Compare)
	for z := lt; ; {
		_, zoneEnd := z.ZoneBounds()
		if zoneEnd.IsZero() || zoneEnd.After(later) {
			break
		}
		candidates = append(candidates, zoneEnd)
		z = zoneEnd
	}
	best := later
	for _, c := range candidates {
		if !c.Before(t) && c.Before(best) && !q.Contains(c, loc) {
			best = c
		}
	}
	return best.In(loc)
}
