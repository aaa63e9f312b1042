package datetext

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

const day = 24 * time.Hour

var durationUnits = map[string]time.Duration{
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"d": day, "day": day, "days": day,
	"w": 7 * day, "wk": 7 * day, "wks": 7 * day, "week": 7 * day, "weeks": 7 * day,
}

// ParseDuration reads a length of time: Go-style "30m", "1h30m", "1.5h", and
// also "2d", "2w", "45 min", "1 hour", "2 hours", "3 days", "1 week",
// "an hour", "1 hour 30 minutes". The result is positive.
func ParseDuration(s string) (time.Duration, error) {
	d, err := sumDuration(s)
	if err != nil {
		return 0, err
	}
	if d > 0 {
		return d, nil
	}
	return 0, errorf("A length of time must be more than zero, for example \"30m\" or \"1h\".")
}

// sumDuration reads s as ParseDuration does, but returns a length of zero
// ("0d") without an error, so that callers can say what the least is.
func sumDuration(s string) (time.Duration, error) {
	bad := func() error {
		return errorf("I couldn't read %q as a length of time. Try \"30m\", \"1h30m\", \"45 min\", \"3 days\" or \"2w\".", strings.TrimSpace(s))
	}
	toks := splitUnits(strings.ToLower(s))
	if len(toks) == 0 {
		return 0, errorf("Tell me a length of time, for example \"30m\", \"1h\" or \"2w\".")
	}
	var total float64
	for i := 0; i < len(toks); i += 2 {
		num, err := strconv.ParseFloat(toks[i], 64)
		if n, ok := numberWords[toks[i]]; ok {
			num, err = float64(n), nil
		}
		if err != nil || num < 0 || math.IsInf(num, 0) {
			return 0, bad()
		}
		if i+1 == len(toks) {
			return 0, errorf("%q needs a unit, for example \"%sm\" for minutes or \"%sh\" for hours.", strings.TrimSpace(s), toks[i], toks[i])
		}
		unit, ok := durationUnits[toks[i+1]]
		if !ok {
			if strings.HasPrefix(toks[i+1], "mo") {
				return 0, errorf("Months differ in length, so I count in days or weeks: try \"30d\" or \"4w\" instead of %q.", strings.TrimSpace(s))
			}
			return 0, bad()
		}
		total += num * float64(unit)
	}
	if total > float64(100*365*day) {
		return 0, errorf("%q is far too long. Try something like \"2w\" or \"30d\".", strings.TrimSpace(s))
	}
	return time.Duration(math.Round(total)), nil
}

// splitUnits turns "1h30m and 2 days" into ["1" "h" "30" "m" "2" "days"],
// dropping "and" and commas.
func splitUnits(s string) []string {
	var toks []string
	var cur strings.Builder
	kind := 0 // 1: digits, 2: letters
	flush := func() {
		if cur.Len() > 0 && cur.String() != "and" {
			toks = append(toks, cur.String())
		}
		cur.Reset()
	}
	for _, r := range s {
		k := 0
		switch {
		case unicode.IsDigit(r) || r == '.':
			k = 1
		case unicode.IsLetter(r):
			k = 2
		}
		if k != kind || k == 0 {
			flush()
		}
		kind = k
		if k == 0 && !unicode.IsSpace(r) && r != ',' {
			toks = append(toks, string(r)) // kept, so that "1h-2h" fails
			continue
		}
		if k != 0 {
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

// thisPeriods are the periods of "this week" and the like.
var thisPeriods = map[string]bool{"week": true, "month": true, "quarter": true, "year": true}

// snoozeMonthsRe is a snooze in calendar months: "1 month", "2 months",
// "a month", "1mo".
var snoozeMonthsRe = regexp.MustCompile(`^(\d{1,4}|[a-z]+) ?(?:mo|mos|mth|mths|month|months)$`)

// ParseSnooze reads the length of a `/mentor snooze`: a duration such as
// "2w", "10d" or "3 days", or calendar months ("1 month", "2 months", "a
// month"), optionally after "for"; or "until DATE" with any date ParseDate
// reads; a bare date means "until" too; "this week" (month, quarter, year)
// holds through its last day. It returns the instant the snooze
// ends: now plus the duration (whole days and months keep the wall-clock
// time in loc; a month from 31 January is the last day of February), or
// the start of DATE in loc. A snooze lasts at least one day and ends at
// most 90 days after now.
func ParseSnooze(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	today := DateOf(now)
	example := today.AddDays(14).String()
	in := normalize(s)
	in = strings.TrimPrefix(in, "for ")
	if in == "" {
		return time.Time{}, errorf("How long should I hold the nudges? For example \"2w\", \"10d\" or \"until %s\".", example)
	}
	// "this week" and the like hold through the period's last day: the
	// snooze ends as the day after it starts.
	rest, _ := cutAny(in, "until ", "till ", "til ", "to ")
	if period, ok := strings.CutPrefix(rest, "this "); ok && thisPeriods[period] {
		end, _, _ := endOf(period, today)
		in = "until " + end.AddDays(1).String()
	}
	if m := snoozeMonthsRe.FindStringSubmatch(in); m != nil {
		n, ok := numberWords[m[1]]
		if !ok {
			var err error
			if n, err = strconv.Atoi(m[1]); err != nil {
				return time.Time{}, errorf("I couldn't read %q as a snooze. Try \"2w\", \"1 month\" or \"until %s\".", strings.TrimSpace(s), example)
			}
		}
		end := addMonths(today, n)
		switch {
		case n == 0:
			return time.Time{}, errorf("A snooze lasts at least a day; %q is shorter. Try \"1d\", \"2w\" or \"until %s\".", strings.TrimSpace(s), example)
		case today.AddDays(90).Before(end):
			return time.Time{}, errorf("A snooze can last at most 90 days; %q would end on %s. Try \"12w\" or \"until %s\".", strings.TrimSpace(s), end, today.AddDays(90))
		}
		return time.Date(end.Year, end.Month, end.Day, now.Hour(), now.Minute(), now.Second(), now.Nanosecond(), loc), nil
	}
	if d, err := sumDuration(in); err == nil {
		if d < day {
			return time.Time{}, errorf("A snooze lasts at least a day; %q is shorter. Try \"1d\", \"2w\" or \"until %s\".", strings.TrimSpace(s), example)
		}
		if d > 90*day {
			return time.Time{}, errorf("A snooze can last at most 90 days; %q is longer. Try \"12w\" or \"until %s\".", strings.TrimSpace(s), today.AddDays(90))
		}
		if d%day == 0 {
			return now.AddDate(0, 0, int(d/day)), nil
		}
		return now.Add(d), nil
	}
	rest, until := cutAny(in, "until ", "till ", "til ", "to ")
	date, _, err := parseDate(rest, today)
	if err != nil {
		if until {
			return time.Time{}, err
		}
		return time.Time{}, errorf("I couldn't read %q as a snooze. Try \"2w\", \"10d\", \"3 days\" or \"until %s\".", strings.TrimSpace(s), example)
	}
	switch {
	case date.Before(today):
		// Not "today or later", as for other dates: a snooze ends after today.
		return time.Time{}, errorf("That date has already passed (%s is before today, %s). Pick a day after today, for example \"until %s\".", date, today, example)
	case !today.Before(date):
		return time.Time{}, errorf("A snooze until %s would end at once. Pick a later day, for example \"until %s\".", date, example)
	}
	if today.AddDays(90).Before(date) {
		return time.Time{}, errorf("A snooze can last at most 90 days, so pick a day up to %s, for example \"until %s\".", today.AddDays(90), example)
	}
	return date.In(loc), nil
}

func cutAny(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return rest, true
		}
	}
	return s, false
}

// ParseLeadTimes reads a comma-separated list of reminder lead times such as
// "24h,1h" or "2d, 30m" (each as ParseDuration reads it, from 1m to 30d). The
// result has no duplicates and is sorted longest first; "" gives an empty,
// non-nil slice.
func ParseLeadTimes(s string) ([]time.Duration, error) {
	out := []time.Duration{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := ParseDuration(part)
		if err != nil {
			// "0m", "-1h": Go reads them, and they are out of range below;
			// one that is in range ("1h1ns") stays unreadable.
			if gd, goErr := time.ParseDuration(part); goErr == nil && (gd < time.Minute || gd > 30*day) {
				d, err = gd, nil
			}
		}
		if err != nil {
			return nil, errorf("I couldn't read %q as a lead time. Write durations separated by commas, for example \"24h,1h\" or \"2d,30m\".", part)
		}
		if d < time.Minute || d > 30*day {
			return nil, errorf("A lead time must be between 1 minute and 30 days; %q is not. For example \"24h,1h\".", part)
		}
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b time.Duration) int { return cmp.Compare(b, a) })
	return out, nil
}

// FormatLeadTimes writes lead times the way ParseLeadTimes (and Go's
// time.ParseDuration, item by item) reads them, compactly: "24h,1h30m,45m".
func FormatLeadTimes(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = compact(d)
	}
	return strings.Join(parts, ",")
}

func compact(d time.Duration) string {
	if d <= 0 || d%time.Second != 0 {
		return d.String()
	}
	var b strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.unit
		}
	}
	return b.String()
}

// ParseClock reads a time of day: 24-hour "15:00" or "9:30", or 12-hour
// "3pm", "3:30pm", "3 pm", "12am".
func ParseClock(s string) (hour, minute int, err error) {
	in := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "")
	in = strings.ReplaceAll(in, ".m.", "m") // "3 p.m."
	bad := errorf("I couldn't read %q as a time of day. Use 24-hour HH:MM or am/pm, for example \"15:00\", \"9:30\" or \"3pm\".", strings.TrimSpace(s))
	ampm := ""
	if strings.HasSuffix(in, "am") || strings.HasSuffix(in, "pm") {
		in, ampm = in[:len(in)-2], in[len(in)-2:]
	}
	h, m, hasColon := strings.Cut(in, ":")
	if !hasColon {
		m = "00"
		if ampm == "" {
			return 0, 0, bad
		}
	}
	if len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, 0, bad
	}
	hour, _ = strconv.Atoi(h)
	minute, _ = strconv.Atoi(m)
	if ampm != "" {
		if hour < 1 || hour > 12 {
			return 0, 0, bad
		}
		hour %= 12
		if ampm == "pm" {
			hour += 12
		}
	}
	if hour > 23 || minute > 59 {
		return 0, 0, bad
	}
	return hour, minute, nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
