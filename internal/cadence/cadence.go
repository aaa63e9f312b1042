// Package cadence reads the WHEN of `/mentor meet` ("weekly monday 15:00",
// "monthly last fri 16:00", "2026-12-03 14:00") into a Rule, stores and
// describes it, and lists the meetings it makes.
//
// Occurrences keep their wall-clock time in the rule's zone across DST: a
// weekly 15:00 Europe/Berlin meeting is 14:00 UTC in winter and 13:00 UTC in
// summer. A wall time that does not exist on a spring-forward day moves
// forward by the gap (02:30 becomes 03:30, as time.Date does); a wall time
// that happens twice on a fall-back day is its first instance.
//
// Nothing here reads the clock. Errors are *Error, written for Slack users.
package cadence

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// Kind is how often a Rule repeats. The zero Kind means "no meetings".
type Kind int

const (
	Once     Kind = iota + 1 // a single meeting at Start
	Weekly                   // every week on Weekday
	Biweekly                 // every other week on Weekday, in phase with Start
	Monthly                  // the Ordinal-th (or last) Weekday of each month
)

func (k Kind) String() string {
	switch k {
	case Once:
		return "once"
	case Weekly:
		return "weekly"
	case Biweekly:
		return "biweekly"
	case Monthly:
		return "monthly"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Rule is when a pair meets.
type Rule struct {
	Kind Kind
	// Start is the meeting time of a one-off, or the first occurrence of a
	// recurring rule (it anchors the biweekly phase). No occurrence precedes it.
	Start   time.Time
	Weekday time.Weekday // recurring rules
	Ordinal int          // Monthly: 1..4, or -1 for the last one of the month
	// Hour and Minute are the wall-clock time in Loc.
	Hour, Minute int
	Loc          *time.Location // nil means UTC
}

// Error is a mistake in what someone typed (or a corrupt stored rule). Msg is
// a friendly sentence with a correct example; callers can errors.As it.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// UserMessage is the text to show the person who typed the input.
func (e *Error) UserMessage() string { return e.Msg }

func errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

func (r Rule) loc() *time.Location {
	if r.Loc == nil {
		return time.UTC
	}
	return r.Loc
}

// Next returns the first occurrence at or after t, in r.Loc; ok is false
// when there is none (a one-off in the past, or a zero Rule).
func (r Rule) Next(t time.Time) (time.Time, bool) {
	loc := r.loc()
	if t.Before(r.Start) {
		t = r.Start
	}
	switch r.Kind {
	case Once:
		if r.Start.Before(t) {
			return time.Time{}, false
		}
		return r.Start.In(loc), true
	case Weekly, Biweekly:
		period := 7
		if r.Kind == Biweekly {
			period = 14
		}
		base := datetext.DateOf(r.Start.In(loc))
		for base.Weekday() != r.Weekday {
			base = base.AddDays(1)
		}
		k := max(0, (dayNumber(datetext.DateOf(t.In(loc)))-dayNumber(base))/period)
		for ; ; k++ {
			if c := base.AddDays(k*period).At(r.Hour, r.Minute, loc); !c.Before(t) {
				return c, true
			}
		}
	case Monthly:
		lt := t.In(loc)
		// Every month has exactly one occurrence, so this month's or the
		// next month's is the one.
		for i := range 2 {
			if c := r.monthly(lt.Year(), lt.Month()+time.Month(i)); !c.Before(t) {
				return c, true
			}
		}
	}
	return time.Time{}, false
}

// monthly returns the occurrence in month m of year y (m may overflow).
func (r Rule) monthly(y int, m time.Month) time.Time {
	return nthWeekday(y, m, r.Weekday, r.Ordinal).At(r.Hour, r.Minute, r.loc())
}

// nthWeekday returns the n-th wd of the month (n = -1: the last one).
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) datetext.Date {
	first := datetext.DateOf(time.Date(y, m, 1, 12, 0, 0, 0, time.UTC))
	if n > 0 {
		return first.AddDays((int(wd)-int(first.Weekday())+7)%7 + 7*(n-1))
	}
	last := datetext.DateOf(time.Date(first.Year, first.Month+1, 0, 12, 0, 0, 0, time.UTC))
	return last.AddDays(-((int(last.Weekday()) - int(wd) + 7) % 7))
}

func dayNumber(d datetext.Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// maxSkipped bounds how many skipped occurrences Occurrences looks past, so
// that a skip func that rejects everything cannot loop forever.
const maxSkipped = 1000

// Occurrences returns up to n occurrences at or after t, in order, leaving
// out those for which skip returns true (skip may be nil). It stops early
// when the rule has no more, or after passing over 1000 skipped ones.
func (r Rule) Occurrences(t time.Time, n int, skip func(time.Time) bool) []time.Time {
	var out []time.Time
	for skipped := 0; len(out) < n && skipped < maxSkipped; {
		c, ok := r.Next(t)
		if !ok {
			break
		}
		if skip != nil && skip(c) {
			skipped++
		} else {
			out = append(out, c)
		}
		t = c.Add(time.Nanosecond)
	}
	return out
}

// Between returns the occurrences in [from, to), in order.
func (r Rule) Between(from, to time.Time) []time.Time {
	var out []time.Time
	for {
		c, ok := r.Next(from)
		if !ok || !c.Before(to) {
			return out
		}
		out = append(out, c)
		from = c.Add(time.Nanosecond)
	}
}

var ordinalNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

// Describe says when the pair meets, for people: "every Monday at 15:00
// (Europe/Berlin)", "every other Tuesday at 09:30 (UTC)", "on the last Friday
// of each month at 16:00 (…)", "once, on Thu 3 Dec 2026 at 14:00 (…)".
func (r Rule) Describe() string {
	loc := r.loc()
	at := fmt.Sprintf("%02d:%02d", r.Hour, r.Minute)
	var s string
	switch r.Kind {
	case Once:
		s = "once, on " + r.Start.In(loc).Format("Mon 2 Jan 2006 at 15:04")
	case Weekly:
		s = fmt.Sprintf("every %s at %s", r.Weekday, at)
	case Biweekly:
		s = fmt.Sprintf("every other %s at %s", r.Weekday, at)
	case Monthly:
		s = fmt.Sprintf("on the %s %s of each month at %s", ordinalNames[r.Ordinal], r.Weekday, at)
	default:
		return "no meetings scheduled"
	}
	return s + " (" + loc.String() + ")"
}

// DescribeFor is Describe for a reader in zone reader, given the rule's
// next occurrence: when the reader's clock differs from the rule's there,
// it also says when that is for them, "every Monday at 07:00
// (Asia/Kolkata; Sunday 17:30 your time)". A zero next leaves it out.
func (r Rule) DescribeFor(reader *time.Location, next time.Time) string {
	d := r.Describe()
	if reader == nil || next.IsZero() || r.Kind == 0 {
		return d
	}
	// A reader in the rule's own zone sees every occurrence at the rule's
	// time, so there is nothing to add; reading a year of occurrences to
	// find that out was a sixth of a /mentor next.
	if reader == r.loc() || reader.String() == r.loc().String() {
		return d
	}
	// A meeting whose time the clocks skip that day takes place later
	// (02:30 becomes 03:30): it says nothing of the usual time, for the
	// setter or the reader. The next one at its time is the reference.
	// A date said is the real next meeting's.
	ref, moves := next, false
	if r.Kind != Once {
		if usual, ok := r.nextUsual(next); ok {
			ref, moves = usual, r.movesFor(reader, usual)
		}
	}
	theirs, ours := ref.In(r.loc()), ref.In(reader)
	if theirs.Format("Mon 15:04") == ours.Format("Mon 15:04") && !moves {
		return d
	}
	var when string
	switch r.Kind {
	case Once:
		when = next.In(reader).Format("Mon 2 Jan 15:04")
	case Monthly: // the reader's day of the week may not repeat monthly
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

// describeOccurrences bounds how far nextUsual looks for an occurrence
// at the rule's time: the clocks skip it at most once a year.
const describeOccurrences = 60

// nextUsual returns the first occurrence at or after t at the rule's own
// time, one the clocks do not shift; ok is false when there is none among
// the next describeOccurrences.
func (r Rule) nextUsual(t time.Time) (time.Time, bool) {
	for range describeOccurrences {
		o, ok := r.Next(t)
		if !ok {
			return time.Time{}, false
		}
		if !r.shifted(o) {
			return o, true
		}
		t = o.Add(time.Nanosecond)
	}
	return time.Time{}, false
}

// movesFor reports whether, over the year from ref (an occurrence at the
// rule's time), the reader sees some occurrence at the rule's time at
// another time of their week than ref: one zone changes its clocks and
// the other does not, or on another day. The gap between the zones changes
// only where one of them changes its clocks, so only the occurrences
// between two such changes where the gap differs from ref's are looked
// at: a few weeks a year, where reading every occurrence of the year was
// most of a /mentor next.
func (r Rule) movesFor(reader *time.Location, ref time.Time) bool {
	end := ref.AddDate(1, 0, 0)
	gap := func(t time.Time) int {
		_, theirs := t.In(r.loc()).Zone()
		_, ours := t.In(reader).Zone()
		return ours - theirs
	}
	at := gap(ref)
	changes := append(clockChanges(r.loc(), ref, end), clockChanges(reader, ref, end)...)
	slices.SortFunc(changes, time.Time.Compare)
	for i, from := range changes {
		if gap(from) == at {
			continue
		}
		to := end
		if i+1 < len(changes) {
			to = changes[i+1]
		}
		for t := from; ; {
			o, ok := r.Next(t)
			if !ok || !o.Before(to) {
				break
			}
			if !r.shifted(o) {
				return true
			}
			t = o.Add(time.Nanosecond)
		}
	}
	return false
}

// clockChanges lists the instants in (from, to) where loc's offset or
// abbreviation changes, and, past its zone data's list of changes, the
// ends of years there.
func clockChanges(loc *time.Location, from, to time.Time) []time.Time {
	var out []time.Time
	for t := from; t.Before(to); {
		_, end := t.In(loc).ZoneBounds()
		switch {
		case end.IsZero() || !end.Before(to):
			return out
		case !end.After(t):
			// Past the listed changes, Go works a year's out from its
			// rule and ends the year 365 days after it began: a leap
			// year's last day has no end. The day after goes on.
			t = t.AddDate(0, 0, 1)
			continue
		}
		out = append(out, end)
		t = end
	}
	return out
}

// ClockNote says, for people, how a change of the clocks in the rule's zone
// moves the meeting at t, or "" when none does. A meeting of the rule whose
// time the clocks skip that day is later by the gap ("On Sun 14 Mar 2027
// the clocks in America/New_York skip 02:30 (they go forward an hour), so
// that meeting is at 03:30 there."); one whose time happens twice, as the
// clocks go back over it, is at the first of the two, which the note names
// by its zone abbreviation. Without a note, someone who typed 02:30 sees
// 03:30 in the confirmation or a reminder and cannot tell why, and nobody
// can tell which 01:30 is meant. A meeting moved to t (not the rule's) is
// judged by its own wall time, which can only repeat: the move refuses a
// time the clocks skip.
func (r Rule) ClockNote(t time.Time) string {
	if r.Kind == 0 || t.IsZero() {
		return ""
	}
	l := t.In(r.loc())
	h, m := l.Hour(), l.Minute()
	if r.Has(t) {
		h, m = r.Hour, r.Minute
	}
	return clockNote(l, h, m)
}

// WallClockNote is ClockNote for a single meeting at t, judged by its own
// wall time in loc (a meeting moved there, say).
func WallClockNote(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(loc)
	return clockNote(l, l.Hour(), l.Minute())
}

// clockNote is the note for a meeting at l (in its zone) that was meant
// for the wall time h:m of its day.
func clockNote(l time.Time, h, m int) string {
	loc := l.Location()
	day := datetext.DateOf(l)
	on := l.Format("Mon 2 Jan 2006")
	wall := fmt.Sprintf("%02d:%02d", h, m)
	instances := day.Instances(h, m, loc)
	switch {
	case len(instances) == 0:
		gap := time.Duration((l.Hour()*60+l.Minute())-(h*60+m)) * time.Minute
		return fmt.Sprintf("On %s the clocks in %s skip %s (they go forward %s), so that meeting is at %s there.",
			on, loc, wall, spanText(gap), l.Format("15:04"))
	case len(instances) > 1:
		return fmt.Sprintf("On %s the clocks in %s go back %s, so %s happens twice there: that meeting is at the first %s (%s).",
			on, loc, spanText(instances[1].Sub(instances[0])), wall, wall, datetext.ZoneAbbr(l))
	}
	return ""
}

// spanText says how far the clocks move: "an hour", "30 minutes".
func spanText(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "an hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

// shifted reports whether the occurrence at t is off the rule's wall-clock
// time: the clocks skipped that time on its day.
func (r Rule) shifted(t time.Time) bool {
	l := t.In(r.loc())
	return l.Hour() != r.Hour || l.Minute() != r.Minute
}

// Series is a schedule's meetings as they take place: its rule's
// occurrences, less those that do not take place at their time (Off:
// skipped, or moved away), plus those moved in from elsewhere (In). A
// meeting moved in and then skipped is in both In and Off.
type Series struct {
	Rule Rule
	Off  []time.Time
	In   []time.Time // ascending
}

func (s Series) off(t time.Time) bool { return slices.ContainsFunc(s.Off, t.Equal) }

// Has reports whether the rule itself has an occurrence at t.
func (r Rule) Has(t time.Time) bool {
	next, ok := r.Next(t)
	return ok && next.Equal(t)
}

// Has reports whether a meeting of the series starts at t.
func (s Series) Has(t time.Time) bool {
	return !s.off(t) && (s.Rule.Has(t) || slices.ContainsFunc(s.In, t.Equal))
}

// Between returns the meetings in [from, to), in order.
func (s Series) Between(from, to time.Time) []time.Time {
	out := slices.DeleteFunc(s.Rule.Between(from, to), s.off)
	for _, t := range s.In {
		if !t.Before(from) && t.Before(to) && !s.off(t) {
			out = append(out, t)
		}
	}
	return sortedUnique(out)
}

// Occurrences returns up to n meetings at or after t, in order (see
// Rule.Occurrences for when it stops early).
func (s Series) Occurrences(t time.Time, n int) []time.Time {
	out := s.Rule.Occurrences(t, n, s.off)
	for _, in := range s.In {
		if !in.Before(t) && !s.off(in) {
			out = append(out, in)
		}
	}
	out = sortedUnique(out)
	return out[:min(n, len(out))]
}

func sortedUnique(ts []time.Time) []time.Time {
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal)
}
