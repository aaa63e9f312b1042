// Package datetext reads the dates, durations, lead times and quiet hours that
// people type into mentorbot, and turns calendar dates and wall-clock times
// into instants in a time zone.
//
// Nothing here reads the clock: "now" and the *time.Location are always passed
// in. Every error is an *Error whose text is written for the person in Slack.
package datetext

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error is a mistake in what someone typed. Msg is a friendly sentence that
// says what was wrong and shows a correct example; callers can errors.As it.
type Error struct {
	Msg  string
	past bool // a readable date that has passed
	// first and last bound a stretch of the calendar named without the
	// day in it ("June", "next month", "2027"): not a mistake, only not
	// a day, which a day picked elsewhere may settle. Zero for none.
	first, last Date
	unread      bool // words that look like a date but are not read as one
	// pick is the day a past date's message ends on, as an example to
	// write instead (head is the message before it), for WithTime; ""
	// for none.
	head, pick string
}

func (e *Error) Error() string { return e.Msg }

// Passed reports whether the input was a date, read without a mistake,
// that is before the first day allowed (see ParseDate).
func (e *Error) Passed() bool { return e.past }

// Period reports whether the input named a month or a year that has not
// ended, rather than a day in it ("June", "June 2027", "next month",
// "next year", "2027"), and its first and last day. Msg asks which day.
func (e *Error) Period() (first, last Date, ok bool) {
	return e.first, e.last, !e.first.IsZero()
}

// Unread reports whether the input looked like a date but is words this
// package does not read ("end of sprint", "mid March", "in 3
// fortnights"), or a year gone, which is more likely a number ("by
// 2000"): what they mean is for the person to say, unlike a day that does
// not exist ("Feb 30"), one the words cannot tell ("03/04/2027") or one
// that has passed.
func (e *Error) Unread() bool { return e.unread }

// WithTime returns e with the day its message suggests instead of a past
// date followed by clock ("2027-03-21 10:00"), for input that needs a
// time of day too (a meeting's): the day alone would only be refused
// next for want of one. Any other error comes back as it is.
func (e *Error) WithTime(clock string) *Error {
	if e.pick == "" || clock == "" {
		return e
	}
	c := *e
	c.pick = e.pick + " " + clock
	c.Msg = c.head + strconv.Quote(c.pick) + "."
	return &c
}

// UserMessage is the text to show the person who typed the input.
func (e *Error) UserMessage() string { return e.Msg }

func errorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// pastError is the error of a date that has passed: head, then the day
// to pick, quoted, as an example (see WithTime).
func pastError(head, pick string) error {
	return &Error{Msg: head + strconv.Quote(pick) + ".", past: true, head: head, pick: pick}
}

// periodErrorf is errorf for a month or a year named without the day,
// first to last; a period that has ended is only a mistake.
func periodErrorf(first, last, today Date, format string, args ...any) error {
	e := &Error{Msg: fmt.Sprintf(format, args...)}
	if !last.Before(today) {
		e.first, e.last = first, last
	}
	return e
}

// unreadErrorf is errorf for words that look like a date but are not
// read as one.
func unreadErrorf(format string, args ...any) error {
	return &Error{Msg: fmt.Sprintf(format, args...), unread: true}
}

// Date is a calendar date with no time of day or zone. The zero Date means
// "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// DateOf returns t's calendar date in t.Location().
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool {
	if d.Year != o.Year {
		return d.Year < o.Year
	}
	if d.Month != o.Month {
		return d.Month < o.Month
	}
	return d.Day < o.Day
}

// AddDays returns the date n days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.noon().Weekday() }

func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

func (d Date) valid() bool { return d.Month >= 1 && d.Month <= 12 && DateOf(d.noon()) == d }

// In returns the instant at which day d starts in loc (normally midnight; in a
// zone that skips midnight for DST, the first instant of the day).
func (d Date) In(loc *time.Location) time.Time { return d.At(0, 0, loc) }

// At returns the wall-clock time hour:minute on day d in loc.
//
// A wall time that does not exist (inside a spring-forward gap) moves forward
// by the length of the gap: 02:30 becomes 03:30 in Europe/Berlin and in
// America/New_York. (time.Date moves it forward in zones east of UTC but
// back in zones west of it; At is the same everywhere.) An ambiguous wall
// time (repeated when the clocks go back) is its first instance, the one
// with the larger UTC offset.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	if all := d.Instances(hour, minute, loc); len(all) > 0 {
		return all[0]
	}
	// In a gap: read the wall time with the offset from before the gap.
	wall := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, time.UTC)
	_, before := wall.Add(-14 * time.Hour).In(loc).Zone()
	return wall.Add(-time.Duration(before) * time.Second).In(loc)
}

// Instances returns, in order, every instant whose wall-clock time in loc is
// hour:minute on day d: none in a gap, two when the clocks go back over it.
func (d Date) Instances(hour, minute int, loc *time.Location) []time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, time.UTC)
	// Every instance of wall lies within [wall-14h, wall+12h], so the offsets
	// in force at the edges are the candidates, with time.Date's own guess.
	_, before := wall.Add(-14 * time.Hour).In(loc).Zone()
	_, after := wall.Add(14 * time.Hour).In(loc).Zone()
	if before == after {
		// The common case, and a hot one (every planned meeting): no change
		// of offset near this day, so exactly one instance.
		return []time.Time{wall.Add(-time.Duration(before) * time.Second).In(loc)}
	}
	_, guess := time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc).Zone()
	var out []time.Time
	for _, off := range []int{before, guess, after} {
		c := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if sameWall(c, wall) && !slices.ContainsFunc(out, c.Equal) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

func sameWall(a, b time.Time) bool {
	return DateOf(a) == DateOf(b) && a.Hour() == b.Hour() && a.Minute() == b.Minute()
}

var isoRe = regexp.MustCompile(`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$`)

// ParseISODate reads YYYY-MM-DD.
func ParseISODate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	m := isoRe.FindStringSubmatch(s)
	if m == nil || strings.Contains(s, "/") {
		return Date{}, errorf("I couldn't read %q as a date. Write it as YYYY-MM-DD: the year, then the month and the day.", s)
	}
	return isoDate(m)
}

// LongDay writes a day typed YYYY-MM-DD the way the bot's messages write
// one: "Thu 5 Nov 2026"; anything else as it is.
func LongDay(day string) string {
	d, err := ParseISODate(day)
	if err != nil {
		return day
	}
	return d.In(time.UTC).Format("Mon 2 Jan 2006")
}

func isoDate(m []string) (Date, error) {
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	date := Date{y, time.Month(mo), d}
	if !date.valid() {
		return Date{}, errorf("There is no date %q — check the month and the day. Write it as YYYY-MM-DD: the year, then the month and the day.", m[0])
	}
	return date, nil
}

var (
	months = map[string]time.Month{
		"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
		"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
		"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
		"nov": 11, "november": 11, "dec": 12, "december": 12,
	}
	weekdays = map[string]time.Weekday{
		"sun": 0, "sunday": 0, "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2,
		"wed": 3, "weds": 3, "wednesday": 3, "thu": 4, "thur": 4, "thurs": 4, "thursday": 4,
		"fri": 5, "friday": 5, "sat": 6, "saturday": 6,
	}
	numberWords = map[string]int{
		"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
		"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	}
	dayMonthRe = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{2,4})$`)
	// shortDayMonthRe is a day and a month without a year, with a slash
	// only: "4.25" and "10-15" are more often a figure or a range.
	shortDayMonthRe = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})$`)
	dayRe           = regexp.MustCompile(`^(\d{1,2})(st|nd|rd|th)?$`)
	yearRe          = regexp.MustCompile(`^\d{4}$`)
)

// Weekday reads a day name, full or abbreviated ("mon", "Tuesday", "thurs"),
// in any case, and with one full stop after it: an abbreviation's, as it
// is often written ("tue.", "Thurs."), or a sentence's ("weekly monday.
// 10:00" is understood, as ParseDate reads "next monday.").
func Weekday(s string) (time.Weekday, bool) {
	wd, ok := weekdays[strings.TrimSuffix(strings.ToLower(s), ".")]
	return wd, ok
}

// ParseDate reads a due date relative to now, read in loc:
//
//	2026-12-15, 2026/12/15
//	24/12/2026, 12/24/2026        (day and month either way round, with / . or -:
//	                              read when one order only is a date; 03/04/2027 is asked)
//	24/12, 12/24                  (the same without a year, with / only; 3/4 is asked)
//	today, tomorrow, tmrw, tmr, end of day, eod
//	in 3 weeks, in 10 days, in 2 months, in a year
//	friday, next friday           (both the first Friday after today)
//	this friday                   (the same, but today on a Friday, as "end of week" is)
//	last friday, previous friday  (the last Friday before today: a past date, refused)
//	Dec 15, December 15, 15 Dec, 15th of December, Dec 15 2027, Dec 15, 2027
//	Tue 15 Dec 2026, Tuesday, December 15 (the day's name must agree)
//	Thu 24/12/2026, Thu 2026-12-24 (likewise; Thu 04/03/2027 is 4 March)
//	the 20th, 20th                (the next 20th of a month, today or later)
//	end of week, eow              (the coming Friday, today on a Friday)
//	end of next week              (the Friday of next week)
//	end of month, eom, end of next month, end of December
//	q1 … q4, end of q2, q3 2027   (the last day of the quarter, the next that has not ended)
//	end of quarter, eoq, end of next quarter
//	end of year, eoy, end of next year
//	this week, this month, this quarter, this year (its end, as above)
//
// A leading "the" is ignored ("the end of the week"). "next month" and
// "next year" alone are refused with a question: which day?
//
// A month and day without a year is the next such day, today or later,
// unless that day passed within the last three months (recentlyPassed):
// "Dec 14" typed on 15 December is more likely a slip than a plan for next
// year, so it is refused as a past date, with the form that names next
// year's ("Dec 14 2027"). A date before today is an error.
func ParseDate(s string, now time.Time, loc *time.Location) (Date, error) {
	return parseFrom(s, now, loc, 0)
}

// ParseLaterDate is ParseDate for a day that must come after today (the
// end of a round): today is an error too.
func ParseLaterDate(s string, now time.Time, loc *time.Location) (Date, error) {
	return parseFrom(s, now, loc, 1)
}

// parseFrom parses s and refuses a date before today plus days.
func parseFrom(s string, now time.Time, loc *time.Location, days int) (Date, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := DateOf(now.In(loc))
	d, yearless, err := parseDate(s, today)
	if err != nil {
		return Date{}, err
	}
	switch {
	case d.Before(today) && yearless:
		return Date{}, passedMonthDay(d, today, days)
	case d.Before(today):
		if days > 0 {
			return Date{}, pastError(fmt.Sprintf("That date has already passed (%s is before today, %s). Pick a day after today, for example ", d, today),
				today.AddDays(30).String())
		}
		return Date{}, pastError(fmt.Sprintf("That date has already passed (%s is before today, %s). Pick today or a later day, for example ", d, today),
			today.AddDays(30).String())
	case d.Before(today.AddDays(days)):
		return Date{}, pastError(fmt.Sprintf("%s is today; pick a day after today, for example ", d), today.AddDays(30).String())
	}
	return d, nil
}

// recentlyPassed is how many days back a month and day typed without a
// year is still read as this year's, which has passed, rather than as next
// year's: about three months.
const recentlyPassed = 92

// passedMonthDay is the answer to a month and day typed without a year
// that passed recently (d, within recentlyPassed days of today). It names
// the form that means next year's, in case that was meant. days is as for
// parseFrom.
func passedMonthDay(d, today Date, days int) error {
	ago := "yesterday"
	if n := int(today.noon().Sub(d.noon()).Hours() / 24); n != 1 {
		ago = fmt.Sprintf("%d days ago", n)
	}
	next := Date{d.Year + 1, d.Month, d.Day}
	for !next.valid() { // Feb 29
		next.Year++
	}
	pick := "Pick today or a later day"
	if days > 0 {
		pick = "Pick a day after today"
	}
	return pastError(fmt.Sprintf("%d %s has passed (it was %s). %s, or if you meant next year's, write the year: ", d.Day, d.Month, ago, pick),
		fmt.Sprintf("%s %d %d", d.Month.String()[:3], next.Day, next.Year))
}

func normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimRight(s, ".!")
	s = strings.ReplaceAll(s, ",", " ")
	return strings.Join(strings.Fields(s), " ")
}

// parseDate reads s as ParseDate does, without refusing past dates.
// yearless reports a month and day read without a year, which may be a
// recent day that has passed (see monthDay).
func parseDate(s string, today Date) (d Date, yearless bool, err error) {
	in := normalize(s)
	w := strings.Fields(in)
	unreadable := func() error {
		return unreadErrorf("I couldn't read %q as a date. Try %q, \"Dec 15\", \"next friday\" or \"end of month\".",
			strings.TrimSpace(s), today.AddDays(30).String())
	}
	if len(w) == 0 {
		return Date{}, false, errorf("Tell me a date, for example %q, \"next friday\" or \"end of month\".", today.AddDays(30).String())
	}
	the := len(w) > 1 && w[0] == "the" // "the 20th", "the end of the week"
	if the {
		w = w[1:]
		in = strings.Join(w, " ")
	}
	switch in {
	case "today":
		return today, false, nil
	case "tomorrow", "tmrw", "tmr":
		return today.AddDays(1), false, nil
	case "yesterday":
		return today.AddDays(-1), false, nil
	case "eod", "eow", "eom", "eoq", "eoy":
		d, _, _ := endOf(map[string]string{"eod": "day", "eow": "week", "eom": "month", "eoq": "quarter", "eoy": "year"}[in], today)
		return d, false, nil
	case "this week", "this month", "this quarter", "this year":
		// A goal for "this quarter" is due when the quarter ends.
		d, _, _ := endOf(strings.TrimPrefix(in, "this "), today)
		return d, false, nil
	case "next week":
		return today.AddDays(7), false, nil
	case "next month":
		next := addMonths(today, 1)
		return Date{}, false, periodErrorf(Date{next.Year, next.Month, 1}, monthEnd(next.Year, next.Month), today,
			"Which day of next month? For example %q or \"end of next month\".", fmt.Sprintf("%s 15", next.Month.String()[:3]))
	case "next year":
		return Date{}, false, periodErrorf(Date{today.Year + 1, time.January, 1}, Date{today.Year + 1, time.December, 31}, today,
			"Which day of next year? For example \"%d-06-30\" or \"end of next year\".", today.Year+1)
	}
	if rest, ok := strings.CutPrefix(in, "end of "); ok {
		if d, yearless, ok := endOf(rest, today); ok {
			return d, yearless, nil
		}
		return Date{}, false, unreadable()
	}
	if d, ok := quarterEnd(w, today); ok {
		return d, false, nil
	}
	if m := dayRe.FindStringSubmatch(in); m != nil && (m[2] != "" || the) {
		return nextDayOfMonth(m[1], today)
	}
	if m := isoRe.FindStringSubmatch(in); m != nil {
		d, err := isoDate(m)
		return d, false, err
	}
	if yearOnlyRe.MatchString(in) {
		y, _ := strconv.Atoi(in)
		msg := fmt.Sprintf("%q is a whole year — which day? For example \"%s-12-31\".", in, in)
		if y < today.Year {
			// "Increase signups by 2000": a year gone is more likely
			// a number than a deadline.
			return Date{}, false, unreadErrorf("%s", msg)
		}
		return Date{}, false, periodErrorf(Date{y, time.January, 1}, Date{y, time.December, 31}, today, "%s", msg)
	}
	if m := dayMonthRe.FindStringSubmatch(in); m != nil {
		d, err := dayMonthDate(m, today)
		return d, false, err
	}
	if m := shortDayMonthRe.FindStringSubmatch(in); m != nil {
		return shortDayMonth(m, -1, today)
	}
	if len(w) == 3 && w[0] == "in" {
		if d, ok := addPeriod(today, w[1], w[2]); ok {
			return d, false, nil
		}
		return Date{}, false, unreadable()
	}
	if len(w) == 2 && (w[0] == "last" || w[0] == "previous") {
		// Read, so that it is refused as the past day it is, not left in
		// a goal's words with its weekday taken for the coming one.
		if wd, ok := weekdays[strings.TrimSuffix(w[1], ".")]; ok {
			n := (int(today.Weekday())-int(wd)+6)%7 + 1 // 1..7: strictly before today
			return today.AddDays(-n), false, nil
		}
	}
	thisDay := len(w) == 2 && w[0] == "this"
	if len(w) == 2 && (w[0] == "next" || w[0] == "this" || w[0] == "on") {
		w = w[1:]
	}
	if wd, ok := weekdays[strings.TrimSuffix(w[0], "s")]; ok && len(w) == 1 {
		n := (int(wd)-int(today.Weekday())+6)%7 + 1 // 1..7: strictly after today
		if thisDay && wd == today.Weekday() {
			// "this friday" said on a Friday is today, as "end of week"
			// is; a bare "friday" then means the coming one, a week on.
			n = 0
		}
		return today.AddDays(n), false, nil
	}
	// A day's name before a month and day is how the bot writes a date
	// ("Fri 4 Dec 2026"), and people copy it back: the date is read, and a
	// name that does not agree with it is a slip, to be told, not guessed.
	// Before a date in figures ("Thu 24/12/2026", "Thu 2026-12-24") it is
	// the same, and it also tells which way round day and month are.
	if wd, ok := weekdays[strings.TrimSuffix(w[0], ".")]; ok && len(w) >= 2 {
		var d Date
		var yearless bool
		var err error
		switch m, iso, short := dayMonthRe.FindStringSubmatch(w[1]), isoRe.FindStringSubmatch(w[1]), shortDayMonthRe.FindStringSubmatch(w[1]); {
		case len(w) == 2 && m != nil:
			d, err = dayMonthDateOn(m, wd, today)
		case len(w) == 2 && short != nil:
			d, yearless, err = shortDayMonth(short, wd, today)
		case len(w) == 2 && iso != nil:
			d, err = isoDate(iso)
		case len(w) >= 3:
			d, yearless, err = monthDay(w[1:], today, unreadable)
		default:
			return monthDay(w, today, unreadable)
		}
		if err == nil && !d.Before(today) && d.Weekday() != wd {
			return Date{}, false, errorf("%d %s %d is a %s, not a %s. Check the date, or leave the day's name out.", d.Day, d.Month, d.Year, d.Weekday(), wd)
		}
		return d, yearless, err
	}
	return monthDay(w, today, unreadable)
}

// dayMonthDate reads m, a match of dayMonthRe: a day and a month in either
// order, then the year. Europe writes 24/12/2026, the US 12/24/2026; a
// number above 12 can only be the day, so when just one order is a date it
// is that date, and when both orders are the same day (5/5) it is that
// day. Two different days are asked about, as is a year in two digits
// (26/12/24 may be written year first) — unless both days have passed:
// every caller refuses a day before today, so which was meant does not
// matter, and the later is returned, to be refused as passed rather than
// asked about and refused then.
func dayMonthDate(m []string, today Date) (Date, error) {
	return dayMonthDateOn(m, -1, today)
}

// oneReading is the day that a day and a month typed either way round
// (typed) mean, of days, the readings that are dates (day first, then
// month first; none the same): one reading is that day; two are asked
// about, unless both have passed (the later, to be refused as passed)
// or wd, a day's name typed before it (-1 for none), agrees with one
// only; none is no date.
func oneReading(days []Date, wd time.Weekday, typed string, today Date) (Date, error) {
	if len(days) == 2 && wd >= 0 && (days[0].Weekday() == wd) != (days[1].Weekday() == wd) {
		if days[0].Weekday() != wd {
			days = days[1:]
		}
		days = days[:1]
	}
	example := today.AddDays(30).String()
	switch {
	case len(days) == 1:
		return days[0], nil
	case len(days) == 2 && days[0].Before(today) && days[1].Before(today):
		if days[0].Before(days[1]) {
			return days[1], nil
		}
		return days[0], nil
	case len(days) == 2:
		return Date{}, errorf("I can't tell which day %q means: day and month could be either way round. Write it as YYYY-MM-DD, for example %q.", typed, example)
	}
	return Date{}, errorf("There is no date %q — check the day and the month. Write it as YYYY-MM-DD, for example %q.", typed, example)
}

// shortDayMonth reads m, a match of shortDayMonthRe: a day and a month
// in either order without a year ("12/20", "20/12"). Each order that is
// a month and day is read as a month and day without a year is (see
// monthDay): the next such day, or one that passed recently, which the
// caller refuses. As for dayMonthDate, one reading is that date, two
// different days are asked about unless both have passed (the later is
// returned, to be refused), and none is no date. wd, when it is a
// weekday (not -1), is a day's name typed before the date, which picks
// the reading it agrees with.
func shortDayMonth(m []string, wd time.Weekday, today Date) (Date, bool, error) {
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	var days []Date
	for _, md := range [][2]int{{b, a}, {a, b}} { // day first, then month first
		if d := yearlessDay(time.Month(md[0]), md[1], today); !d.IsZero() && !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	d, err := oneReading(days, wd, m[0], today)
	return d, err == nil, err
}

// yearlessDay is day of month mon typed without a year, read as monthDay
// reads one: the next such day, today or later, or the last one when it
// passed within recentlyPassed days; zero when there is none this year or
// next (no month 13, no 30 February, no 29 February next year).
func yearlessDay(mon time.Month, day int, today Date) Date {
	if mon < 1 || mon > 12 {
		return Date{}
	}
	var next, last Date
	for y := today.Year; y <= today.Year+1 && next.IsZero(); y++ {
		if d := (Date{y, mon, day}); d.valid() && !d.Before(today) {
			next = d
		}
	}
	for y := today.Year; y >= today.Year-8 && last.IsZero(); y-- {
		if d := (Date{y, mon, day}); d.valid() && d.Before(today) {
			last = d
		}
	}
	return recentOrNext(next, last, today)
}

// dayMonthDateOn is dayMonthDate for a date typed after a day's name
// ("Thu 03/04/2027"): when day and month could be either way round and
// the name agrees with one reading only, that reading is meant. Otherwise
// it is read as without the name, which the caller then checks.
func dayMonthDateOn(m []string, wd time.Weekday, today Date) (Date, error) {
	typed := m[0] // as typed, but for the punctuation normalize drops ("30/02/2027!")
	if len(m[3]) != 4 {
		return Date{}, errorf("I can't tell which year %q means. Write the year in full, or the date as YYYY-MM-DD, for example %q.", typed, today.AddDays(30).String())
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	var days []Date
	for _, d := range []Date{{y, time.Month(b), a}, {y, time.Month(a), b}} { // day first, then month first
		if d.valid() && !slices.Contains(days, d) {
			days = append(days, d)
		}
	}
	return oneReading(days, wd, typed, today)
}

// endOf reads what follows "end of": day, week, next week, month, next
// month, a month's name (with a year or not), quarter, next quarter, q1 …
// q4 (with a year or not), year, next year; each may follow "the" or
// "this". ok is false for anything else. A month's name without a year is
// read as a month and day is (see monthDay), yearless then.
func endOf(rest string, today Date) (d Date, yearless, ok bool) {
	rest = strings.TrimPrefix(rest, "the ")
	rest = strings.TrimPrefix(rest, "this ")
	wd := int(today.Weekday())
	switch rest {
	case "day", "today":
		return today, false, true
	case "week":
		return today.AddDays((int(time.Friday) - wd + 7) % 7), false, true
	case "next week":
		// The Friday of the week (Monday to Sunday) after this one.
		return today.AddDays(11 - (wd+6)%7), false, true
	case "month":
		return monthEnd(today.Year, today.Month), false, true
	case "next month":
		next := addMonths(today, 1)
		return monthEnd(next.Year, next.Month), false, true
	case "quarter", "next quarter":
		q := (int(today.Month)-1)/3 + 1
		if rest == "next quarter" {
			q++
		}
		return monthEnd(today.Year, time.Month(3*q)), false, true
	case "year":
		return Date{today.Year, time.December, 31}, false, true
	case "next year":
		return Date{today.Year + 1, time.December, 31}, false, true
	}
	w := strings.Fields(rest)
	if d, ok := quarterEnd(w, today); ok {
		return d, false, true
	}
	if len(w) == 0 || len(w) > 2 {
		return Date{}, false, false
	}
	mon, ok := months[strings.TrimSuffix(w[0], ".")]
	if !ok {
		return Date{}, false, false
	}
	if len(w) == 2 {
		if !yearRe.MatchString(w[1]) {
			return Date{}, false, false
		}
		y, _ := strconv.Atoi(w[1])
		return monthEnd(y, mon), false, true
	}
	next, last := monthEnd(today.Year, mon), monthEnd(today.Year-1, mon)
	if next.Before(today) {
		next, last = monthEnd(today.Year+1, mon), next
	}
	return recentOrNext(next, last, today), true, true
}

// recentOrNext is the day meant by one typed without its year: last (the
// latest such day before today; zero for none) when it passed within
// recentlyPassed days, which the caller refuses as past, else next (the
// first today or later; zero for none). Today itself is next.
func recentOrNext(next, last, today Date) Date {
	if next != today && !last.IsZero() && !last.Before(today.AddDays(-recentlyPassed)) {
		return last
	}
	return next
}

// monthEnd is the last day of month m of year (m may be 13: next January).
func monthEnd(year int, m time.Month) Date {
	return DateOf(time.Date(year, m+1, 0, 12, 0, 0, 0, time.UTC))
}

var quarterRe = regexp.MustCompile(`^q([1-4])$`)

// quarterEnd reads "q2" or "q2 2027": the last day of that quarter, without
// a year the next one that has not ended.
func quarterEnd(w []string, today Date) (Date, bool) {
	if len(w) == 0 || len(w) > 2 {
		return Date{}, false
	}
	m := quarterRe.FindStringSubmatch(w[0])
	if m == nil {
		return Date{}, false
	}
	q, _ := strconv.Atoi(m[1])
	if len(w) == 2 {
		if !yearRe.MatchString(w[1]) {
			return Date{}, false
		}
		y, _ := strconv.Atoi(w[1])
		return monthEnd(y, time.Month(3*q)), true
	}
	if d := monthEnd(today.Year, time.Month(3*q)); !d.Before(today) {
		return d, true
	}
	return monthEnd(today.Year+1, time.Month(3*q)), true
}

// nextDayOfMonth reads "20" of "the 20th": the next 20th of a month, today
// or later (the 31st is in the next month that has one).
func nextDayOfMonth(num string, today Date) (Date, bool, error) {
	n, _ := strconv.Atoi(num)
	if n < 1 || n > 31 {
		return Date{}, false, errorf("No month has a day %d. Try \"the 20th\", \"Dec 15\" or %q.", n, today.AddDays(30).String())
	}
	for i := range 13 {
		first := time.Date(today.Year, today.Month+time.Month(i), 1, 12, 0, 0, 0, time.UTC)
		if d := (Date{first.Year(), first.Month(), n}); d.valid() && !d.Before(today) {
			return d, false, nil
		}
	}
	panic("unreachable: every day from 1 to 31 comes within 13 months")
}

// addPeriod adds "3" "weeks" to today. Months and years keep the day of the
// month, or use the month's last day when it is shorter (Jan 31 + 1 month is
// the last day of February).
func addPeriod(today Date, num, unit string) (Date, bool) {
	n, ok := periodCount(num)
	if !ok {
		return Date{}, false
	}
	switch strings.TrimSuffix(unit, "s") {
	case "day", "d":
		return today.AddDays(n), true
	case "week", "w", "wk":
		return today.AddDays(7 * n), true
	case "month":
		return addMonths(today, n), true
	case "year", "yr":
		return addMonths(today, 12*n), true
	}
	return Date{}, false
}

// periodCount reads a period's number: digits, or a word ("two").
func periodCount(num string) (int, bool) {
	if n, ok := numberWords[num]; ok {
		return n, true
	}
	n, err := strconv.Atoi(num)
	return n, err == nil && n >= 0 && n <= 3650
}

func addMonths(d Date, n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.Day, last)}
}

// monthDay reads "dec 15", "15 dec", "15th of december", each with an
// optional year. Without a year it is the next such day, today or later, or
// the last one when that passed within recentlyPassed days (a past date,
// which the caller refuses); yearless is true then.
func monthDay(w []string, today Date, unreadable func() error) (Date, bool, error) {
	var mon time.Month
	var day, year int
	for i, tok := range w {
		if m, ok := months[strings.TrimSuffix(tok, ".")]; ok && mon == 0 {
			mon = m
			continue
		}
		if m := dayRe.FindStringSubmatch(tok); m != nil && day == 0 {
			day, _ = strconv.Atoi(m[1])
			continue
		}
		if yearRe.MatchString(tok) && year == 0 && i == len(w)-1 && mon != 0 && day != 0 {
			year, _ = strconv.Atoi(tok)
			continue
		}
		if yearRe.MatchString(tok) && i == len(w)-1 && mon != 0 && day == 0 {
			// "June 2027" names a month, not a day in it: answered as
			// words not read, but it is the month's.
			y, _ := strconv.Atoi(tok)
			return Date{}, false, periodErrorf(Date{y, mon, 1}, monthEnd(y, mon), today, "%s", unreadable().Error())
		}
		if tok == "of" && i > 0 && day != 0 && mon == 0 {
			continue
		}
		return Date{}, false, unreadable()
	}
	if mon == 0 {
		return Date{}, false, unreadable()
	}
	if day == 0 {
		// The month meant is the next that has not ended.
		y := today.Year
		if monthEnd(y, mon).Before(today) {
			y++
		}
		return Date{}, false, periodErrorf(Date{y, mon, 1}, monthEnd(y, mon), today,
			"Which day of %s? Add the day, for example %q.", mon, fmt.Sprintf("%s %d", mon.String()[:3], lastDay(today.Year, mon)))
	}
	if year != 0 {
		d := Date{year, mon, day}
		if !d.valid() {
			return Date{}, false, errorf("There is no %d %s %d — check the day. For example %q.", day, mon, year, fmt.Sprintf("%s %d %d", mon.String()[:3], lastDay(year, mon), year))
		}
		return d, false, nil
	}
	// No year: the next such day, today or later, unless the last one
	// passed recently. It is this year's or next year's: a Feb 29 that
	// only a leap year further off has would be a deadline years away
	// that nobody typing "Feb 29" meant, so it is refused below, as
	// "Feb 30" is.
	if d := yearlessDay(mon, day, today); !d.IsZero() {
		return d, true, nil
	}
	if mon == time.February && day == 29 {
		// Feb 29 in the year its February comes next, which is no leap year.
		y := today.Year
		if (Date{y, mon, lastDay(y, mon)}).Before(today) {
			y++
		}
		return Date{}, false, errorf("There is no %d %s in %d — check the day. For example %q.", day, mon, y, fmt.Sprintf("%s %d", mon.String()[:3], lastDay(y, mon)))
	}
	return Date{}, false, errorf("There is no %d %s — check the day. For example %q.", day, mon, fmt.Sprintf("%s %d", mon.String()[:3], lastDay(today.Year, mon)))
}

func lastDay(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// dueRe is the word before a due date at the end of a goal: "by" or
// "before".
var dueRe = regexp.MustCompile(`(?i)\s+(?:by|before)\s+`)

// SplitDue splits "/goal add" text at its last " by " or " before " when
// what follows is a date: "Ship the RFC by 2026-12-15" gives ("Ship the
// RFC", 2026-12-15, true, nil). When what follows is plainly meant as a
// deadline (LooksLikeDate: "by end of sprint", "by next month", "before
// Feb 30") but is not a valid date, or has passed, the error says so. When
// it is ordinary text ("learn by doing", "cut build time by 20%", "get
// promoted by doing great work"), the whole text is the goal and ok is
// false.
func SplitDue(text string, now time.Time, loc *time.Location) (goal string, due Date, ok bool, err error) {
	text = strings.TrimSpace(text)
	all := dueRe.FindAllStringIndex(text, -1)
	if len(all) == 0 {
		return text, Date{}, false, nil
	}
	at := all[len(all)-1]
	head := strings.TrimSpace(text[:at[0]])
	if !emojiEndRe.MatchString(head) {
		// "Ship it :tada: by Friday" keeps the colon that closes its emoji.
		head = strings.TrimRight(head, ",;:-–—")
	}
	tail := text[at[1]:]
	if head == "" || changeByFraction(head, tail) {
		return text, Date{}, false, nil
	}
	d, err := ParseDate(tail, now, loc)
	switch {
	case err == nil:
		return strings.TrimSpace(head), d, true, nil
	case LooksLikeDate(tail):
		return text, Date{}, false, err
	}
	return text, Date{}, false, nil
}

// changeVerbRe starts a goal that changes an amount, after which "by
// 1/20" may be how much (changeByFractionRe: a yearless day and month, or
// a fraction, alone).
var (
	changeVerbRe       = regexp.MustCompile(`(?i)^\s*(?:reduce|cut|increase|raise|lower|decrease|grow|drop|shrink|boost|speed\s+up|trim|slash)\b`)
	changeByFractionRe = regexp.MustCompile(`^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*[.!]?\s*$`)
)

// changeByFraction reports whether "by TAIL" after head is how much an
// amount changes, not a date: "Reduce alerts by 1/20". Only a goal that
// changes an amount, names none of its own ("Increase coverage to 80%
// by 1/31" has its amount, so the date is a date), and a proper fraction
// in lowest terms (3/15 and 2/28 are dates).
func changeByFraction(head, tail string) bool {
	m := changeByFractionRe.FindStringSubmatch(tail)
	if m == nil || !changeVerbRe.MatchString(head) || strings.ContainsAny(head, "0123456789") {
		return false
	}
	n, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	for a, b := n, d; ; {
		if b == 0 {
			return n > 0 && n < d && a == 1
		}
		a, b = b, a%b
	}
}

// periodAtEndRe is "in 3 weeks", "within two months", "in the next 10
// days" at the end of a goal: the number and the unit.
var periodAtEndRe = regexp.MustCompile(`(?i)[\s,;:\-–—]+(?:in|within)\s+(the\s+next\s+)?([a-z0-9]+)\s+(days?|weeks?|months?|years?)[\s.!]*$`)

// periodIsMeasureRe is text before "in 3 weeks" that makes the span a
// measure, not a deadline: a "so (that)" clause ("so new hires ship in 2
// weeks"), or getting someone doing something ("Get new hires shipping
// in 2 weeks").
var periodIsMeasureRe = regexp.MustCompile(`(?i)\bso(?:\s+that)?\s|^\s*(?:get|have|help|keep)\s.*[a-z]ing$|\b(?:to|under|below|than|from|of|down|once|twice|times|every|each|per)$`)

// SplitPeriod splits a goal that ends in a span from today without "by":
// "Give a talk at the meetup in 3 weeks", "… within two months", "… in
// the next 10 days" give the goal before it and the day the span ends.
// ok is false when there is no such span, no goal before it, or the span
// measures the goal rather than ending it ("Onboard new hires so they
// ship in 2 weeks", "Get new hires shipping in 2 weeks"). Minutes and
// hours are never a deadline ("Run 5k in 30 minutes"), nor a few days
// without "the next" ("Respond to reviews within 2 days").
func SplitPeriod(text string, now time.Time, loc *time.Location) (goal string, due Date, ok bool) {
	if loc == nil {
		loc = time.UTC
	}
	text = strings.TrimSpace(text)
	m := periodAtEndRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text, Date{}, false
	}
	head := strings.TrimSpace(text[:m[0]])
	if head == "" || periodIsMeasureRe.MatchString(head) {
		return text, Date{}, false
	}
	unit, num := strings.ToLower(text[m[6]:m[7]]), strings.ToLower(text[m[4]:m[5]])
	if n, _ := periodCount(num); m[2] < 0 && strings.HasPrefix(unit, "day") && n < 7 {
		// "Respond to code reviews within 2 days" is a turnaround, not
		// a deadline; "in the next 2 days" or "in 10 days" is one.
		return text, Date{}, false
	}
	d, ok := addPeriod(DateOf(now.In(loc)), num, unit)
	if !ok {
		return text, Date{}, false
	}
	return head, d, true
}

// DateAtEnd finds a date at the end of text with no "by" or "before" in
// front of it, which SplitDue leaves in the goal's words: "Ship 3 PRs in 3
// weeks" gives ("in 3 weeks", 2026-12-23, true). Reading it as the
// deadline could misread a goal ("Run 5k in 30 minutes", "Get new hires
// shipping in 2 weeks", "Read 2 books Dec 31" may be a reading plan), so
// it is for a hint that "by" would make it one; SplitPeriod takes the
// spans that are plainly deadlines.
// Only a phrase that LooksLikeDate and ParseDate reads counts, and never
// the whole text; when the longest phrase that LooksLikeDate is not read
// ("last monday"), there is none.
func DateAtEnd(text string, now time.Time, loc *time.Location) (phrase string, due Date, ok bool) {
	words := strings.Fields(text)
	// The longest date phrase people type ("the end of next week") has
	// five words.
	for k := min(len(words)-1, 5); k >= 1; k-- {
		phrase := strings.TrimRight(strings.Join(words[len(words)-k:], " "), ".!")
		if !LooksLikeDate(phrase) {
			continue
		}
		d, err := ParseDate(phrase, now, loc)
		if err != nil {
			// A date that is no good ("last monday", "Feb 30"): a shorter
			// end of it ("monday", "30") would be another day.
			break
		}
		return phrase, d, true
	}
	return "", Date{}, false
}

var (
	// emojiEndRe is an emoji code at the end of text, ":tada:".
	emojiEndRe  = regexp.MustCompile(`(^|\s):[a-z0-9_+'-]+:$`)
	dateShapeRe = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$`)
	yearOnlyRe  = regexp.MustCompile(`^(19|20)\d{2}$`)

	// timeWords name a day and nothing else. (Not "noon", "midnight" or
	// "tonight": "reply to email before noon" is a habit, not a deadline.)
	timeWords = map[string]bool{
		"today": true, "tomorrow": true, "tmrw": true, "tmr": true, "yesterday": true,
		"eod": true, "eow": true, "eom": true, "eoq": true, "eoy": true,
	}
	// periodWords name a stretch of the calendar; they read as a time
	// after "next", "this", "end of" and the like.
	periodWords = map[string]bool{
		"day": true, "week": true, "weekend": true, "month": true, "quarter": true, "year": true,
		"sprint": true, "term": true, "semester": true, "half": true,
	}
	// whenWords start a phrase that is a time when a period, a month, a
	// weekday or a quarter follows ("end of sprint", "mid march", "early
	// next week"), and ordinary words otherwise ("the end of the book").
	whenWords = map[string]bool{
		"next": true, "this": true, "coming": true, "end": true, "start": true, "beginning": true,
		"middle": true, "mid": true, "early": true, "late": true,
	}
)

// LooksLikeDate reports whether s is plainly meant as a date, so that when
// ParseDate fails on it the error is worth showing rather than treating s
// as ordinary text. The rule, after a leading "the": s starts with
//
//   - a month or a weekday ("Feb 30", "fri"), a word that only names a
//     day ("tomorrow", "tmrw", "eow"), a quarter ("q3"), a date's shape
//     ("2026-13-01", "03/04/2027") or is a year alone ("2027");
//   - a day of the month alone ("20th", "the 20"), or one before a month
//     ("32nd of May"), but not before other words ("3rd party tools");
//   - "in" and a number, as "in 3 weeks";
//   - "last" or "previous" and a weekday ("last monday"), a past day;
//   - "next", "this", "coming", "end", "start", "mid", "early", "late"
//     and the like, followed (after "of", "the", "this" or "next") by a
//     period ("week", "month", "sprint"), a month, a weekday or a quarter:
//     "next month", "end of sprint", "mid March".
//
// Anything else is ordinary text: "doing great work", "20%", "3 people",
// "friday's meetup", "the end of the book".
func LooksLikeDate(s string) bool {
	w := strings.Fields(normalize(s))
	the := len(w) > 1 && w[0] == "the"
	if the {
		w = w[1:]
	}
	if len(w) == 0 {
		return false
	}
	first := strings.TrimSuffix(w[0], ".")
	if timeWords[first] || quarterRe.MatchString(first) || isCalendarWord(first) {
		return true
	}
	if (first == "last" || first == "previous") && len(w) == 2 {
		_, ok := weekdays[strings.TrimSuffix(w[1], ".")]
		return ok
	}
	if first == "in" {
		if len(w) != 3 {
			return false
		}
		_, num := numberWords[w[1]]
		_, err := strconv.Atoi(w[1])
		return num || err == nil
	}
	if whenWords[first] {
		rest := w[1:]
		for len(rest) > 0 && (rest[0] == "of" || rest[0] == "the" || rest[0] == "this" || rest[0] == "next") {
			rest = rest[1:]
		}
		if len(rest) == 0 {
			return false
		}
		next := strings.TrimSuffix(rest[0], ".")
		return periodWords[strings.TrimSuffix(next, "s")] || isCalendarWord(next) || quarterRe.MatchString(next)
	}
	if dateShapeRe.MatchString(first) || (yearOnlyRe.MatchString(first) && len(w) == 1) {
		return true
	}
	if m := dayRe.FindStringSubmatch(first); m != nil {
		if len(w) == 1 {
			return m[2] != "" || the
		}
		next := w[1]
		if next == "of" && len(w) > 2 {
			next = w[2]
		}
		_, ok := months[strings.TrimSuffix(next, ".")]
		return ok
	}
	return false
}

// isCalendarWord reports whether w is a month or a weekday (or weekdays:
// "fridays").
func isCalendarWord(w string) bool {
	_, month := months[w]
	_, day := weekdays[strings.TrimSuffix(w, "s")]
	return month || day
}
