package cadence

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
)

// DefaultDuration is how long a meeting lasts when `for …` is left out.
const DefaultDuration = 30 * time.Minute

// The allowed meeting lengths.
const (
	MinDuration = 5 * time.Minute
	MaxDuration = 8 * time.Hour
)

var (
	ordinals = map[string]int{
		"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
		"fourth": 4, "4th": 4, "last": -1,
	}
	isoLikeRe = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)
)

// ParseMeet reads the WHEN (and optional "for DURATION") of `/mentor meet`,
// with the partner mention already removed:
//
//	2026-12-03 14:00              a single meeting (also "tomorrow 3pm", "dec 3 14:00")
//	weekly monday 15:00           also "every monday 15:00", "every week mon 15:00"
//	biweekly tue 9:30             also "fortnightly", "every other tue", "every 2 weeks tue 9:30"
//	monthly last fri 16:00        first, second, third, fourth or last
//
// The word that says how often may also come last ("tue 15:00 weekly"),
// and the time before the day ("weekly 15:00 tue"); see reorder. Each is
// optionally followed, or preceded, by "for 45m", "for 1h30m", "for 1 hour" (default
// 30m, from 5m to 8h). Day names are full or short, in any case; times are
// 24-hour H:MM or am/pm ("3pm", "3:30pm"); "at", "on" and "the" may be added,
// and full stops as in a sentence ("weekly tue. 10:00."). 24:00 is refused
// with how to write it, as 00:00 of the next day.
// Times are read in loc. For a recurring rule, Start is the first occurrence
// strictly after now. A one-off must be after now and at most two years ahead.
func ParseMeet(text string, loc *time.Location, now time.Time) (Rule, time.Duration, error) {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	p := parser{text: strings.TrimSpace(text), loc: loc, now: now}
	words := endStop(strings.Fields(strings.ToLower(p.text)))
	if len(words) == 0 {
		return Rule{}, 0, errorf("Tell me when to meet, for example \"weekly monday 15:00\", \"biweekly tue 9:30\", \"monthly last fri 16:00\" or %q.", p.example())
	}
	dur := DefaultDuration
	if i := slices.Index(words, "for"); i >= 0 {
		// Its length is what follows "for", to the end; or, said first
		// ("for 45 minutes weekly tue 15:00"), the longest run of words
		// after it that reads as one.
		n := len(words) - i - 1
		if _, err := p.duration(strings.Join(words[i+1:], " ")); err != nil {
			for k := n - 1; k > 0; k-- {
				if _, err := p.duration(strings.Join(words[i+1:i+1+k], " ")); err == nil {
					n = k
					break
				}
			}
		}
		d, err := p.duration(strings.Join(words[i+1:i+1+n], " "))
		if err != nil {
			return Rule{}, 0, err
		}
		// Kept for advice that gives the WHEN back ("weekly fri
		// 00:00 for 45m" for 24:00): without it, the meeting would be
		// set to the default length.
		p.length = " " + strings.Join(words[i:i+1+n], " ")
		dur, words = d, slices.Concat(words[:i], words[i+1+n:])
	}
	words = tidy(words)
	if len(words) == 0 {
		return Rule{}, 0, p.unreadable()
	}
	words, err := reorder(words)
	if err != nil {
		return Rule{}, 0, err
	}
	var r Rule
	switch words[0] {
	case "weekly":
		r, err = p.recurring(Weekly, words[1:])
	case "biweekly", "fortnightly", "bi-weekly":
		r, err = p.recurring(Biweekly, words[1:])
	case "monthly":
		r, err = p.monthly(words[1:])
	default:
		r, err = p.once(words)
	}
	return r, dur, err
}

// endStop drops the full stop that ends a WHEN typed as a sentence
// ("weekly thu 15:00."), but not the one of "p.m.", which tidy and
// datetext.ParseClock read. A day name's own ("tue.") is
// datetext.Weekday's.
func endStop(words []string) []string {
	if n := len(words); n > 0 {
		last := words[n-1]
		if strings.HasSuffix(last, ".") && !strings.HasSuffix(last, "a.m.") && !strings.HasSuffix(last, "p.m.") {
			if last = strings.TrimSuffix(last, "."); last == "" {
				return words[:n-1]
			}
			words[n-1] = last
		}
	}
	return words
}

// tidy drops filler words and joins "3 pm" into "3pm".
func tidy(words []string) []string {
	var out []string
	for _, w := range words {
		switch {
		case w == "at" || w == "on" || w == "the":
		case (w == "am" || w == "pm" || w == "a.m." || w == "p.m.") && len(out) > 0:
			out[len(out)-1] += w
		default:
			out = append(out, w)
		}
	}
	return out
}

// cadenceWords are the words that say how often a pair meets, each with
// the one ParseMeet reads first.
var cadenceWords = map[string]string{
	"weekly": "weekly", "biweekly": "biweekly", "bi-weekly": "biweekly", "fortnightly": "biweekly", "monthly": "monthly",
}

// everyPhrases are the ways of saying how often with "every", each with the
// cadence word it means; "every other tue" and "every tue" are read as
// the cadence word and the day.
var everyPhrases = []struct {
	words   []string
	cadence string
}{
	{[]string{"every", "other", "week"}, "biweekly"},
	{[]string{"every", "second", "week"}, "biweekly"},
	{[]string{"every", "2nd", "week"}, "biweekly"},
	{[]string{"every", "2", "weeks"}, "biweekly"},
	{[]string{"every", "two", "weeks"}, "biweekly"},
	{[]string{"every", "1", "week"}, "weekly"},
	{[]string{"every", "one", "week"}, "weekly"},
	{[]string{"every", "week"}, "weekly"},
	{[]string{"every", "month"}, "monthly"},
	{[]string{"every", "other"}, "biweekly"}, // "every other tue"
	{[]string{"every"}, "weekly"},            // "every tue"
}

// reorder puts the words of a WHEN in the order the parser reads them, so
// that people may write them as they say them:
//
//   - "every week", "every 2 weeks", "every two weeks", "every other week"
//     and "every month" are the cadence words weekly, biweekly and monthly;
//   - a cadence word may come anywhere ("tue 15:00 weekly"): it is read
//     first; the same one twice counts once, two different ones are refused;
//   - the time of day may come before the day ("weekly 15:00 tue", "3pm
//     tomorrow"): it is read last. Only a word ParseClock reads counts,
//     which has a colon or am/pm, so the "3" of "3 dec" is never taken;
//     words after the time stay where they are, to be refused as such.
func reorder(words []string) ([]string, error) {
	var kinds, rest []string
	for i := 0; i < len(words); i++ {
		if k, ok := cadenceWords[words[i]]; ok {
			kinds = append(kinds, k)
			continue
		}
		if words[i] == "every" {
			for _, ph := range everyPhrases {
				if !slices.Equal(words[i:min(i+len(ph.words), len(words))], ph.words) {
					continue
				}
				if len(ph.words) < 3 && i+2 < len(words) && (words[i+2] == "weeks" || words[i+2] == "months") {
					// "every 3 weeks": not a rhythm the bot keeps.
					return nil, errorf("I can set meetings every week, every two weeks or once a month, not every %s %s. "+
						"For example \"weekly monday 15:00\", \"biweekly tue 9:30\" or \"monthly last fri 16:00\".", words[i+1], words[i+2])
				}
				kinds = append(kinds, ph.cadence)
				i += len(ph.words) - 1
				break
			}
			continue
		}
		rest = append(rest, words[i])
	}
	slices.Sort(kinds)
	kinds = slices.Compact(kinds)
	if len(kinds) > 1 {
		return nil, errorf("Should it be %s? Choose one, for example \"weekly monday 15:00\", \"biweekly tue 9:30\" or \"monthly last fri 16:00\".", strings.Join(kinds, " or "))
	}
	return append(kinds, timeLast(rest)...), nil
}

// timeLast moves a time of day that comes first ("16:00 thu", "3pm
// tomorrow") to the end, where the parsers read it, when it is the only
// time among words.
func timeLast(words []string) []string {
	if len(words) > 1 && isClock(words[0]) && !slices.ContainsFunc(words[1:], isClock) {
		return append(words[1:], words[0])
	}
	return words
}

// isClock reports whether w is a time of day, 24:00 too: where it stands
// says what it is meant as, and clock says why it is refused.
func isClock(w string) bool {
	_, _, err := datetext.ParseClock(w)
	return err == nil || endOfDay(w)
}

type parser struct {
	text string
	loc  *time.Location
	now  time.Time
	// moving: one meeting's new time (ParseMove), with ex as its example.
	moving bool
	ex     string
	// length is the "for …" of the WHEN, as typed, with a space before
	// it; "" when there is none.
	length string
}

func (p parser) example() string {
	if p.ex != "" {
		return p.ex
	}
	return datetext.DateOf(p.now).AddDays(7).String() + " 14:00"
}

// exampleClock is the time of day of p.example().
func (p parser) exampleClock() string {
	ex := p.example()
	return ex[strings.LastIndexByte(ex, ' ')+1:]
}

func (p parser) unreadable() error {
	if p.moving {
		return errorf("I couldn't read %q as the meeting's new time. Try \"16:00\" (the same day), \"thu 15:00\" or %q.", p.text, p.example())
	}
	return errorf("I couldn't read %q as a meeting time. Try \"weekly monday 15:00\", \"biweekly tue 9:30\", \"monthly last fri 16:00\" or %q.", p.text, p.example())
}

// hoursThenMinutes is a length like "1h30": hours, then minutes without
// their unit.
var hoursThenMinutes = regexp.MustCompile(`^\d{1,2}h\d{1,2}$`)

func (p parser) duration(s string) (time.Duration, error) {
	if s == "" {
		return 0, errorf("How long is the meeting? Put a length after \"for\", for example \"weekly monday 15:00 for 45m\".")
	}
	d, err := datetext.ParseDuration(s)
	if n, nerr := strconv.Atoi(s); nerr == nil && n >= 0 && len(s) <= 6 {
		// A bare number is minutes: "for 90". Bounded like the rest below.
		d, err = time.Duration(n)*time.Minute, nil
	} else if err != nil && hoursThenMinutes.MatchString(s) {
		d, err = datetext.ParseDuration(s + "m") // "for 1h30", as people write it
	} else if z, zerr := time.ParseDuration(s); err != nil && zerr == nil && z == 0 {
		d, err = 0, nil // "for 0m" is read, and is too short
	}
	if err != nil {
		return 0, errorf("I couldn't read \"for %s\" as how long the meeting lasts. Try \"for 30m\", \"for 1h\", \"for 1h30m\" or minutes alone, \"for 90\".", s)
	}
	if d < MinDuration || d > MaxDuration {
		return 0, errorf("A meeting can last from 5 minutes to 8 hours, so \"for %s\" won't fit. Try \"for 45m\" or \"for 1h\".", s)
	}
	return d, nil
}

// clock reads the time of day that words hold. midnight is how to write
// the same moment as 00:00 of the next day ("weekly fri 00:00"), for one
// who typed 24:00; "" when there is no such way.
func (p parser) clock(words []string, example, midnight string) (int, int, error) {
	if len(words) == 0 {
		return 0, 0, errorf("Add a time of day, for example %q.", example)
	}
	if len(words) > 1 {
		return 0, 0, errorf("I didn't understand %q after the time. Write it like %q, optionally followed by \"for 45m\".", strings.Join(words[1:], " "), example)
	}
	h, m, err := datetext.ParseClock(words[0])
	if err != nil && endOfDay(words[0]) {
		// 24:00 is 24-hour HH:MM as people write it, but it names the
		// end of a day, which is 00:00 of the next: say that, rather than
		// that it is not HH:MM. Not read as that: the day typed would be
		// the wrong one.
		if midnight == "" {
			return 0, 0, errorf("%q is the end of the day, not a time of day: pick one from 00:00 to 23:59, for example %q.", words[0], example)
		}
		return 0, 0, errorf("%q is the end of the day, not a time of day: write it as 00:00 of the next day, %q.", words[0], midnight)
	}
	if err != nil {
		return 0, 0, errorf("I couldn't read %q as a time of day. Use 24-hour HH:MM or am/pm, for example %q.", words[0], example)
	}
	return h, m, nil
}

// endOfDay reports whether w is 24:00, the end of a day.
func endOfDay(w string) bool { return w == "24:00" }

// dayAfter is the short name of the day after wd, as a WHEN writes it.
func dayAfter(wd time.Weekday) string { return strings.ToLower(((wd + 1) % 7).String()[:3]) }

func isWeekday(w string) bool {
	_, err := weekday(w, "")
	return err == nil
}

func weekday(w, example string) (time.Weekday, error) {
	wd, ok := datetext.Weekday(w)
	if !ok && len(w) > 3 {
		// "mondays", and "mondays." in a sentence: the full stop
		// comes off before the plural's s.
		wd, ok = datetext.Weekday(strings.TrimSuffix(strings.TrimSuffix(w, "."), "s"))
	}
	if !ok {
		if isClock(w) {
			// "weekly 15:00": a time where the day goes.
			return 0, errorf("Which day? Name it before the time, for example %q.", example)
		}
		return 0, errorf("I don't know the day %q. Use a day name such as \"monday\" or \"mon\", for example %q.", w, example)
	}
	return wd, nil
}

func (p parser) recurring(kind Kind, words []string) (Rule, error) {
	example := kind.String() + " monday 15:00"
	if len(words) == 0 {
		return Rule{}, errorf("Which day and time? For example %q.", example)
	}
	wd, err := weekday(words[0], example)
	if err != nil {
		return Rule{}, err
	}
	h, m, err := p.clock(words[1:], example, kind.String()+" "+dayAfter(wd)+" 00:00"+p.length)
	if err != nil {
		return Rule{}, err
	}
	r := Rule{Kind: kind, Weekday: wd, Hour: h, Minute: m, Loc: p.loc}
	d := datetext.DateOf(p.now)
	for d.Weekday() != wd || !d.At(h, m, p.loc).After(p.now) {
		d = d.AddDays(1)
	}
	r.Start = d.At(h, m, p.loc)
	return r, nil
}

func (p parser) monthly(words []string) (Rule, error) {
	const example = "monthly last fri 16:00"
	if len(words) == 0 {
		return Rule{}, errorf("Which week, day and time? For example %q or \"monthly first mon 10:00\".", example)
	}
	if words[0] == "fifth" || words[0] == "5th" {
		return Rule{}, errorf("Not every month has a fifth one, so I can't offer \"fifth\". Try \"last\" instead, for example %q.", example)
	}
	n, ok := ordinals[words[0]]
	if !ok {
		return Rule{}, errorf("For a monthly meeting, say which one: first, second, third, fourth or last, for example %q.", example)
	}
	if len(words) < 2 {
		return Rule{}, errorf("Which day and time? For example %q.", example)
	}
	wd, err := weekday(words[1], example)
	if err != nil {
		return Rule{}, err
	}
	// 00:00 after the last Friday is not always on the last Saturday:
	// no way to write it.
	h, m, err := p.clock(words[2:], example, "")
	if err != nil {
		return Rule{}, err
	}
	r := Rule{Kind: Monthly, Weekday: wd, Ordinal: n, Hour: h, Minute: m, Loc: p.loc}
	y, mon := p.now.Year(), p.now.Month()
	r.Start = r.monthly(y, mon)
	if !r.Start.After(p.now) {
		r.Start = r.monthly(y, mon+1)
	}
	return r, nil
}

// once reads a single meeting: an ISO date, or any date datetext.ParseDate
// reads ("tomorrow", "next fri", "dec 3"), followed by a time.
func (p parser) once(words []string) (Rule, error) {
	example := p.example()
	var date datetext.Date
	var err error
	switch {
	case isoLikeRe.MatchString(words[0]):
		if date, err = datetext.ParseISODate(words[0]); err != nil {
			return Rule{}, errorf("There is no date \"%s\". Write the date as YYYY-MM-DD, for example %q.", words[0], example)
		}
		words = words[1:]
	case isWeekday(words[0]):
		// The suggestion is one the parser reads: the day and the time
		// typed (or an example time), and the length, nothing else that
		// was. 24:00, which it refuses, is written as 00:00 of the next
		// day.
		day, at := words[0], "15:00"
		if i := slices.IndexFunc(words, isClock); i > 0 {
			at = words[i]
		}
		if endOfDay(at) {
			wd, _ := weekday(day, "")
			day, at = dayAfter(wd), "00:00"
		}
		return Rule{}, errorf("Every week? Write \"weekly %s %s%s\". For a single meeting, give the date, for example %q.",
			day, at, p.length, example)
	default:
		d, err := datetext.ParseDate(strings.Join(words, " "), p.now, p.loc)
		if err == nil {
			date, words = d, nil // a date with no time
			break
		}
		if e := (*datetext.Error)(nil); errors.As(err, &e) && e.Passed() {
			// A date with no time that has passed ("dec 14" on 15
			// December): say so, rather than read "dec" as the date,
			// with a day to write instead that has the example's time:
			// a day alone is refused next.
			return Rule{}, &Error{Msg: e.WithTime(p.exampleClock() + p.length).Msg}
		}
		if len(words) < 2 {
			return Rule{}, p.unreadable()
		}
		dateText := strings.Join(words[:len(words)-1], " ")
		if date, err = datetext.ParseDate(dateText, p.now, p.loc); err != nil {
			var e *datetext.Error
			if datetext.LooksLikeDate(dateText) && errors.As(err, &e) {
				// A date with a mistake in it, or a past one: the day
				// suggested instead gets the time typed, as it is
				// refused without one.
				clock := words[len(words)-1]
				if _, _, err := datetext.ParseClock(clock); err != nil {
					clock = p.exampleClock()
				}
				return Rule{}, &Error{Msg: e.WithTime(clock + p.length).Msg}
			}
			return Rule{}, p.unreadable()
		}
		words = words[len(words)-1:]
	}
	if len(words) == 0 {
		return Rule{}, errorf("Add a time to the date, for example \"%s 14:00\".", date)
	}
	h, m, err := p.clock(words, example, date.AddDays(1).String()+" 00:00"+p.length)
	if err != nil {
		return Rule{}, err
	}
	start, err := p.at(date, h, m, example)
	if err != nil {
		return Rule{}, err
	}
	if start.After(p.now.AddDate(2, 0, 0)) {
		if p.moving {
			return Rule{}, errorf("%s is more than two years away. Pick a date up to %s.", date, datetext.DateOf(p.now.AddDate(2, 0, 0)))
		}
		return Rule{}, errorf("%s is more than two years away. Pick a date up to %s, or set up a repeating meeting such as \"monthly first mon 10:00\".",
			date, datetext.DateOf(p.now.AddDate(2, 0, 0)))
	}
	return Rule{Kind: Once, Start: start, Weekday: start.Weekday(), Hour: start.Hour(), Minute: start.Minute(), Loc: p.loc}, nil
}

// Encode returns the stable storage form of r, which Decode reads back:
//
//	once 2026-12-03 14:00 Europe/Berlin
//	weekly mon 15:00 Europe/Berlin from 2026-12-07
//	biweekly tue 09:30 UTC from 2026-12-08
//	monthly last fri 16:00 America/New_York from 2026-12-25
//
// The zone is stored by name, so a rule whose Loc has no IANA name (a
// time.FixedZone) does not round-trip. The zero Rule encodes as "".
func (r Rule) Encode() string {
	loc := r.loc()
	day := strings.ToLower(r.Weekday.String()[:3])
	at := fmt.Sprintf("%02d:%02d", r.Hour, r.Minute)
	from := datetext.DateOf(r.Start.In(loc))
	switch r.Kind {
	case Once:
		return fmt.Sprintf("once %s %s %s", from, r.Start.In(loc).Format("15:04"), loc)
	case Weekly, Biweekly:
		return fmt.Sprintf("%s %s %s %s from %s", r.Kind, day, at, loc, from)
	case Monthly:
		return fmt.Sprintf("monthly %s %s %s %s from %s", ordinalNames[r.Ordinal], day, at, loc, from)
	}
	return ""
}

// Decode reads what Encode wrote. It checks that the stored first date fits
// the rule.
func Decode(s string) (Rule, error) { return DecodeIn(s, datetext.LoadZone) }

// DecodeIn is Decode with the zones from load: a caller decoding many rules
// (the scheduler re-planning every pair) passes a cache, as each
// time.LoadLocation reads and keeps the zone's whole table.
func DecodeIn(s string, load func(name string) (*time.Location, error)) (Rule, error) {
	w := strings.Fields(s)
	bad := func(why string) (Rule, error) {
		return Rule{}, errorf("The stored meeting schedule %q is damaged (%s). Set it again with `/mentor meet`, for example \"weekly monday 15:00\".", s, why)
	}
	if len(w) < 4 {
		return bad("too short")
	}
	var r Rule
	var fromText string
	var rest []string // [day, time, zone] or [date, time, zone]
	switch w[0] {
	case "once":
		r.Kind, rest, fromText = Once, w[1:], w[1]
		if len(w) != 4 {
			return bad("wrong length")
		}
	case "weekly", "biweekly":
		r.Kind = Weekly
		if w[0] == "biweekly" {
			r.Kind = Biweekly
		}
		if len(w) != 6 || w[4] != "from" {
			return bad("wrong length")
		}
		rest, fromText = w[1:4], w[5]
	case "monthly":
		if len(w) != 7 || w[5] != "from" {
			return bad("wrong length")
		}
		n, ok := ordinals[w[1]]
		if !ok {
			return bad("unknown week " + w[1])
		}
		r.Kind, r.Ordinal, rest, fromText = Monthly, n, w[2:5], w[6]
	default:
		return bad("unknown kind " + w[0])
	}
	from, err := datetext.ParseISODate(fromText)
	if err != nil {
		return bad("bad date " + fromText)
	}
	if r.Hour, r.Minute, err = datetext.ParseClock(rest[1]); err != nil {
		return bad("bad time " + rest[1])
	}
	if r.Loc, err = load(rest[2]); err != nil {
		return bad("unknown time zone " + rest[2])
	}
	r.Weekday = from.Weekday()
	if r.Kind != Once {
		wd, ok := datetext.Weekday(rest[0])
		if !ok || wd != from.Weekday() {
			return bad("the first date is not a " + rest[0])
		}
		if r.Kind == Monthly && nthWeekday(from.Year, from.Month, wd, r.Ordinal) != from {
			return bad("the first date is not the " + ordinalNames[r.Ordinal] + " " + rest[0])
		}
	}
	r.Start = from.At(r.Hour, r.Minute, r.Loc)
	return r, nil
}

// ParseMove reads the WHEN of `/mentor move`, the new time of one meeting,
// which now takes place at meeting: a time alone ("16:00", "4pm") is on
// the meeting's own day; otherwise a date and a time as for a single
// meeting ("2026-12-10 15:00", "thu 15:00", "tomorrow 9am"; a day name is
// the next such day). The result is in the future, at most two years ahead,
// and read in loc. A moved meeting keeps its length: "for …" is refused,
// and so is a recurring WHEN, which belongs to `/mentor meet`.
func ParseMove(text string, meeting time.Time, loc *time.Location, now time.Time) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	example := datetext.DateOf(meeting.In(loc)).AddDays(1).String() + " " + meeting.In(loc).Format("15:04")
	p := parser{text: strings.TrimSpace(text), loc: loc, now: now, moving: true, ex: example}
	words := tidy(endStop(strings.Fields(strings.ToLower(p.text))))
	// "move to thu 16:00", "move it to 4pm", as people say it.
	if len(words) > 1 && words[0] == "it" && words[1] == "to" {
		words = words[2:]
	} else if len(words) > 0 && words[0] == "to" {
		words = words[1:]
	}
	switch {
	case len(words) == 0:
		return time.Time{}, errorf("Tell me when the meeting should be instead, for example \"16:00\" (the same day), \"thu 15:00\" or %q.", example)
	case slices.Contains(words, "for"):
		return time.Time{}, errorf("A moved meeting keeps its length. Give just the new time, for example %q; `/mentor meet` changes the length of your meetings.", example)
	case slices.ContainsFunc(words, func(w string) bool { _, ok := cadenceWords[w]; return ok || w == "every" }):
		return time.Time{}, errorf("`/mentor move` moves only your next meeting. To change all of them, use `/mentor meet %s`.", strings.Join(words, " "))
	}
	words = timeLast(words) // "16:00 thu"
	if len(words) == 1 && words[0][0] >= '0' && words[0][0] <= '9' && !isoLikeRe.MatchString(words[0]) {
		// A time alone: on the meeting's own day.
		h, m, err := p.clock(words, "16:00", datetext.DateOf(meeting.In(loc)).AddDays(1).String()+" 00:00")
		if err != nil {
			return time.Time{}, err
		}
		return p.at(datetext.DateOf(meeting.In(loc)), h, m, example)
	}
	if isWeekday(words[0]) {
		// "thu 15:00": the coming Thursday, today if it is Thursday and
		// 15:00 is still ahead.
		if wd, _ := weekday(words[0], ""); wd == now.Weekday() {
			r, err := p.once(append([]string{"today"}, words[1:]...))
			if err == nil {
				return r.Start, nil
			}
			if slices.ContainsFunc(words[1:], endOfDay) {
				// "thu 24:00" on a Thursday is the end of today: the
				// advice is tomorrow's 00:00, not a week later's.
				return time.Time{}, err
			}
		}
		words = append([]string{"next"}, words...)
	}
	r, err := p.once(words)
	if err != nil {
		return time.Time{}, err
	}
	return r.Start, nil
}

// at is day at h:m in p.loc, refused when the clocks skip it or it has
// passed.
func (p parser) at(day datetext.Date, h, m int, example string) (time.Time, error) {
	start := day.At(h, m, p.loc)
	// Passed first: a time the clocks skipped on a day gone by would
	// otherwise be answered with a time to pick that has passed too.
	if !start.After(p.now) {
		return time.Time{}, errorf("That time has already passed (%s). Pick a time in the future, for example %q.",
			datetext.FormatZoned(start, "Mon 2 Jan 2006 at 15:04"), example)
	}
	if start.Hour() != h || start.Minute() != m {
		return time.Time{}, errorf("%02d:%02d does not exist on %s in %s: the clocks go forward then. Pick another time, such as %q.",
			h, m, start.Format("Mon 2 Jan 2006"), p.loc, day.String()+" "+start.Format("15:04"))
	}
	return start, nil
}
