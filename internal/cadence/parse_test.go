package cadence_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has

	"github.com/mentorbot/mentorbot/internal/cadence"
)

func mustLoc(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// now is Tuesday 2026-12-01 11:00 in Berlin.
var now = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func wantUserError(t *testing.T, err error, parts ...string) {
	t.Helper()
	var e *cadence.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want a *cadence.Error", err, err)
	}
	for _, p := range parts {
		if !strings.Contains(e.Error(), p) {
			t.Errorf("error %q does not contain %q", e.Error(), p)
		}
	}
}

func TestParseMeet(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	tests := []struct {
		in       string
		kind     cadence.Kind
		weekday  time.Weekday
		ordinal  int
		start    string // in Berlin
		duration time.Duration
	}{
		{"weekly monday 15:00", cadence.Weekly, time.Monday, 0, "2026-12-07 15:00", 30 * time.Minute},
		{"weekly Mon 15:00 for 1h", cadence.Weekly, time.Monday, 0, "2026-12-07 15:00", time.Hour},
		{"weekly tue 10:00 for 90", cadence.Weekly, time.Tuesday, 0, "2026-12-08 10:00", 90 * time.Minute},
		{"weekly tue 10:00 for 1h30", cadence.Weekly, time.Tuesday, 0, "2026-12-08 10:00", 90 * time.Minute},
		{"WEEKLY MONDAYS 15:00", cadence.Weekly, time.Monday, 0, "2026-12-07 15:00", 30 * time.Minute},
		{"weekly on Monday at 3:30pm for 90m", cadence.Weekly, time.Monday, 0, "2026-12-07 15:30", 90 * time.Minute},
		{"weekly tue 11:30", cadence.Weekly, time.Tuesday, 0, "2026-12-01 11:30", 30 * time.Minute},
		{"weekly tue 11:00", cadence.Weekly, time.Tuesday, 0, "2026-12-08 11:00", 30 * time.Minute}, // now is not strictly after now
		{"every friday 17:00 for 45 min", cadence.Weekly, time.Friday, 0, "2026-12-04 17:00", 45 * time.Minute},
		{"biweekly tue 9:30", cadence.Biweekly, time.Tuesday, 0, "2026-12-08 09:30", 30 * time.Minute},
		{"every other thursday 08:00 for 1 hour", cadence.Biweekly, time.Thursday, 0, "2026-12-03 08:00", time.Hour},
		{"fortnightly wed 10:00", cadence.Biweekly, time.Wednesday, 0, "2026-12-02 10:00", 30 * time.Minute},
		{"monthly last fri 16:00", cadence.Monthly, time.Friday, -1, "2026-12-25 16:00", 30 * time.Minute},
		{"monthly first tue 10:00", cadence.Monthly, time.Tuesday, 1, "2027-01-05 10:00", 30 * time.Minute},
		{"monthly first tue 12:00", cadence.Monthly, time.Tuesday, 1, "2026-12-01 12:00", 30 * time.Minute},
		{"monthly second wednesday 3 pm", cadence.Monthly, time.Wednesday, 2, "2026-12-09 15:00", 30 * time.Minute},
		{"monthly on the third Thu at 9:00 for 5m", cadence.Monthly, time.Thursday, 3, "2026-12-17 09:00", 5 * time.Minute},
		{"monthly 4th sat 10:00 for 8h", cadence.Monthly, time.Saturday, 4, "2026-12-26 10:00", 8 * time.Hour},
		{"2026-12-03 14:00", cadence.Once, time.Thursday, 0, "2026-12-03 14:00", 30 * time.Minute},
		{"2026-12-03 2pm for 45 min", cadence.Once, time.Thursday, 0, "2026-12-03 14:00", 45 * time.Minute},
		{"2026-12-01 11:01", cadence.Once, time.Tuesday, 0, "2026-12-01 11:01", 30 * time.Minute},
		{"tomorrow 9:00", cadence.Once, time.Wednesday, 0, "2026-12-02 09:00", 30 * time.Minute},
		{"next friday at 10am", cadence.Once, time.Friday, 0, "2026-12-04 10:00", 30 * time.Minute},
		{"dec 24 10:00", cadence.Once, time.Thursday, 0, "2026-12-24 10:00", 30 * time.Minute},
		{"2028-11-30 10:00", cadence.Once, time.Thursday, 0, "2028-11-30 10:00", 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, d, err := cadence.ParseMeet(tt.in, berlin, now)
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != tt.kind || r.Weekday != tt.weekday || r.Ordinal != tt.ordinal || d != tt.duration {
				t.Errorf("got %v %v ordinal %d for %s, want %v %v ordinal %d for %s", r.Kind, r.Weekday, r.Ordinal, d, tt.kind, tt.weekday, tt.ordinal, tt.duration)
			}
			if got := r.Start.In(berlin).Format("2006-01-02 15:04"); got != tt.start {
				t.Errorf("Start = %s, want %s", got, tt.start)
			}
			if r.Loc != berlin || r.Hour != r.Start.In(berlin).Hour() || r.Minute != r.Start.In(berlin).Minute() {
				t.Errorf("Loc %v, %02d:%02d does not match Start %s", r.Loc, r.Hour, r.Minute, r.Start)
			}
			if first, ok := r.Next(now); !ok || !first.Equal(r.Start) {
				t.Errorf("Next(now) = %s, %v; want Start", first, ok)
			}
		})
	}

	errs := []struct {
		name, in string
		want     []string
	}{
		{"empty", "  ", []string{"Tell me when to meet", `"weekly monday 15:00"`}},
		{"a misspelt kind", "wekly mon 15:00", []string{`couldn't read "wekly mon 15:00"`, `"weekly monday 15:00"`, `"biweekly tue 9:30"`, `"monthly last fri 16:00"`, `"2026-12-08 14:00"`}},
		{"a misspelt day", "weekly mnday 15:00", []string{`don't know the day "mnday"`, `"weekly monday 15:00"`}},
		{"a time where the day goes", "weekly 15:00", []string{"Which day? Name it before the time", `"weekly monday 15:00"`}},
		{"a time where the day goes, cadence last", "15:00 weekly", []string{"Which day?"}},
		{"no day", "biweekly", []string{"Which day and time", `"biweekly monday 15:00"`}},
		{"no time", "weekly monday", []string{"Add a time of day", `"weekly monday 15:00"`}},
		{"an impossible time", "weekly monday 25:00", []string{`couldn't read "25:00" as a time of day`, "24-hour"}},
		{"a 12-hour time without am or pm", "weekly monday 3", []string{`couldn't read "3" as a time of day`}},
		{"words after the time", "weekly monday 15:00 sharp", []string{`didn't understand "sharp"`}},
		{"a fifth weekday", "monthly fifth fri 16:00", []string{"fifth", `"monthly last fri 16:00"`}},
		{"a monthly without which week", "monthly fri 16:00", []string{"first, second, third, fourth or last"}},
		{"a monthly without a day", "monthly last", []string{"Which day and time"}},
		{"a weekday alone", "monday 15:00", []string{"Every week?", `"weekly monday 15:00"`, `"2026-12-08 14:00"`}},
		{"a one-off in the past", "2026-11-30 14:00", []string{"That time has already passed", "Mon 30 Nov 2026 at 14:00 CET", `"2026-12-08 14:00"`}},
		{"a one-off earlier today", "2026-12-01 10:30", []string{"That time has already passed"}},
		{"a one-off right now", "2026-12-01 11:00", []string{"That time has already passed"}},
		{"a one-off on a past relative date", "yesterday 10:00", []string{"already passed"}},
		{"a month and day that just passed", "nov 30 14:00", []string{"30 November has passed (it was yesterday)", `"Nov 30 2027 14:00"`}},
		{"a month and day that just passed, without a time", "nov 30", []string{"30 November has passed (it was yesterday)"}},
		{"no such date", "2026-02-30 14:00", []string{`no date "2026-02-30"`, "YYYY-MM-DD"}},
		{"a one-off too far ahead", "2028-12-02 10:00", []string{"more than two years away", "up to 2028-12-01", "monthly first mon 10:00"}},
		{"a date without a time", "2026-12-03", []string{`Add a time to the date, for example "2026-12-03 14:00"`}},
		{"a relative date without a time", "next friday", []string{`Add a time to the date, for example "2026-12-04 14:00"`}},
		{"a meeting too short", "weekly monday 15:00 for 2m", []string{"from 5 minutes to 8 hours", `"for 2m"`}},
		{"a meeting too long", "weekly monday 15:00 for 9h", []string{"from 5 minutes to 8 hours"}},
		{"for without a length", "weekly monday 15:00 for", []string{"How long", "for 45m"}},
		{"an unreadable length", "weekly monday 15:00 for ages", []string{`"for ages"`, `"for 1h30m"`, `"for 90"`}},
		{"too many minutes", "weekly monday 15:00 for 600", []string{"from 5 minutes to 8 hours", `"for 600"`}},
		{"too few minutes", "weekly monday 15:00 for 3", []string{"from 5 minutes to 8 hours", `"for 3"`}},
		{"no length at all", "weekly monday 15:00 for 0m", []string{"from 5 minutes to 8 hours", `"for 0m"`}},
		{"a huge number", "weekly monday 15:00 for 9999999999", []string{`couldn't read "for 9999999999"`}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := cadence.ParseMeet(tt.in, berlin, now)
			wantUserError(t, err, tt.want...)
		})
	}
}

func TestParseMeetReadsTheTypistsZone(t *testing.T) {
	ny := mustLoc(t, "America/New_York") // now is Tue 05:00 there
	r, _, err := cadence.ParseMeet("weekly tue 9:30", ny, now)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 1, 14, 30, 0, 0, time.UTC); !r.Start.Equal(want) {
		t.Errorf("Start = %s, want %s (09:30 EST today)", r.Start, want)
	}
	if _, _, err := cadence.ParseMeet("2026-12-01 09:30", ny, now); err != nil {
		t.Errorf("09:30 is still ahead in New York: %v", err)
	}
}

// A one-off time that the clocks skip (spring forward) is refused, with
// the time that exists instead, rather than moved without a word.
func TestParseMeetRefusesATimeTheClocksSkip(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	_, _, err := cadence.ParseMeet("2027-03-28 02:30", berlin, now)
	var e *cadence.Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "02:30 does not exist on Sun 28 Mar 2027") || !strings.Contains(e.Msg, `"2027-03-28 03:30"`) {
		t.Errorf("ParseMeet in the gap: %v", err)
	}
	if _, _, err := cadence.ParseMeet("2027-03-28 03:30", berlin, now); err != nil {
		t.Errorf("the time after the gap: %v", err)
	}
	// In a gap gone by, the answer is that it has passed: the time it
	// would offer instead has passed too.
	if _, _, err := cadence.ParseMeet("2026-03-29 02:30", berlin, now); err == nil || !strings.Contains(err.Error(), "already passed") {
		t.Errorf("ParseMeet in a past gap: %v", err)
	}
}

func TestEncodeDecode(t *testing.T) {
	berlin, ny := mustLoc(t, "Europe/Berlin"), mustLoc(t, "America/New_York")
	tests := []struct {
		in   string
		loc  *time.Location
		want string
	}{
		{"weekly monday 15:00", berlin, "weekly mon 15:00 Europe/Berlin from 2026-12-07"},
		{"biweekly tue 9:30", time.UTC, "biweekly tue 09:30 UTC from 2026-12-08"},
		{"monthly last fri 16:00", ny, "monthly last fri 16:00 America/New_York from 2026-12-25"},
		{"monthly second sun 2:30", ny, "monthly second sun 02:30 America/New_York from 2026-12-13"},
		{"2026-12-03 14:00", berlin, "once 2026-12-03 14:00 Europe/Berlin"},
		{"2027-10-31 02:30", berlin, "once 2027-10-31 02:30 Europe/Berlin"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			r, _, err := cadence.ParseMeet(tt.in, tt.loc, now)
			if err != nil {
				t.Fatal(err)
			}
			s := r.Encode()
			if s != tt.want {
				t.Errorf("Encode = %q, want %q", s, tt.want)
			}
			back, err := cadence.Decode(s)
			if err != nil {
				t.Fatal(err)
			}
			if back.Kind != r.Kind || !back.Start.Equal(r.Start) || back.Weekday != r.Weekday || back.Ordinal != r.Ordinal ||
				back.Hour != r.Hour || back.Minute != r.Minute || back.Loc.String() != r.Loc.String() {
				t.Errorf("Decode(Encode()) = %+v, want %+v", back, r)
			}
			if back.Encode() != s {
				t.Errorf("re-encoded as %q", back.Encode())
			}
			if back.Describe() != r.Describe() {
				t.Errorf("Describe after a round trip: %q, want %q", back.Describe(), r.Describe())
			}
		})
	}
	t.Run("the zero rule encodes as empty", func(t *testing.T) {
		if s := (cadence.Rule{}).Encode(); s != "" {
			t.Errorf("got %q", s)
		}
	})
	bad := []string{
		"",
		"weekly mon 15:00 Europe/Berlin",
		"weekly mon 15:00 Europe/Berlin from 2026-12-08",      // a Tuesday
		"monthly last fri 16:00 UTC from 2026-12-18",          // not the last Friday
		"monthly fifth fri 16:00 UTC from 2026-12-25",         // no such week
		"weekly mon 15:00 Mars/Olympus_Mons from 2026-12-07",  // no such zone
		"weekly mon 25:00 UTC from 2026-12-07",                // no such time
		"hourly mon 15:00 UTC from 2026-12-07",                // no such kind
		"once 2026-02-30 14:00 UTC",                           // no such date
		"weekly mon 15:00 Europe/Berlin since 2026-12-07",     // not the format
		"monthly last fri 16:00 UTC from 2026-12-25 and more", // too long
	}
	for _, s := range bad {
		t.Run("rejects "+s, func(t *testing.T) {
			_, err := cadence.Decode(s)
			wantUserError(t, err, "damaged", "/mentor meet")
		})
	}
}

func TestDescribe(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	tests := []struct {
		in, want string
	}{
		{"weekly monday 15:00", "every Monday at 15:00 (Europe/Berlin)"},
		{"biweekly tue 9:30", "every other Tuesday at 09:30 (Europe/Berlin)"},
		{"monthly last fri 16:00", "on the last Friday of each month at 16:00 (Europe/Berlin)"},
		{"monthly first mon 8am", "on the first Monday of each month at 08:00 (Europe/Berlin)"},
		{"2026-12-03 14:00", "once, on Thu 3 Dec 2026 at 14:00 (Europe/Berlin)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, _, err := cadence.ParseMeet(tt.in, berlin, now)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Describe(); got != tt.want {
				t.Errorf("Describe = %q, want %q", got, tt.want)
			}
		})
	}
	if got := (cadence.Rule{}).Describe(); got != "no meetings scheduled" {
		t.Errorf("zero rule: %q", got)
	}
}

func TestParseMove(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)       // Monday
	meeting := time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC) // Thursday 15:00 in Berlin
	for _, c := range []struct{ text, want string }{
		{"16:00", "2026-12-10 16:00"},
		{"4pm", "2026-12-10 16:00"},
		{"fri 10:00", "2026-12-11 10:00"},
		{"on friday at 10am", "2026-12-11 10:00"},
		{"2026-12-14 09:30", "2026-12-14 09:30"},
		{"tomorrow 9:00", "2026-12-08 09:00"},
		{"mon 15:00", "2026-12-07 15:00"}, // today, Monday, still ahead
		{"mon 08:30", "2026-12-14 08:30"}, // today's has passed: next Monday
	} {
		got, err := cadence.ParseMove(c.text, meeting, berlin, now)
		if err != nil || got.In(berlin).Format("2006-01-02 15:04") != c.want {
			t.Errorf("ParseMove(%q) = %v, %v; want %s", c.text, got.In(berlin), err, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"", "Tell me when"},
		{"weekly fri 10:00", "To change all of them, use `/mentor meet weekly fri 10:00`"},
		{"fri 10:00 for 1h", "keeps its length"},
		{"25:00", "time of day"},
		{"garbage", `I couldn't read "garbage" as the meeting's new time. Try "16:00" (the same day), "thu 15:00" or "2026-12-11 15:00".`},
		{"2026-12-01 10:00", `for example "2026-12-11 15:00"`},
		{"2026-12-01 10:00", "already passed"},
		{"2027-03-28 02:30", "does not exist"},
	} {
		_, err := cadence.ParseMove(c.text, meeting, berlin, now)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseMove(%q) = %v, want an error with %q", c.text, err, c.want)
		}
	}
}

// People write the WHEN as they say it: how often first or last, "every
// two weeks" in words, the time before the day. Each reads as its
// canonical form does.
func TestParseMeetAsPeopleSayIt(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, c := range []struct{ in, same string }{
		{"tue 15:00 weekly", "weekly tue 15:00"},
		{"weekly tue 15:00 weekly", "weekly tue 15:00"},
		{"tue 15:00 weekly for 45m", "weekly tue 15:00 for 45m"},
		{"for 45m weekly tue 15:00", "weekly tue 15:00 for 45m"},
		{"weekly for 1h tue 15:00", "weekly tue 15:00 for 1h"},
		{"for 45 minutes weekly tue 15:00", "weekly tue 15:00 for 45m"},
		{"for 1h 30m weekly tue 15:00", "weekly tue 15:00 for 90m"},
		{"for 1 hour weekly tue 15:00", "weekly tue 15:00 for 1h"},
		{"every 2 weeks tue 15:00", "biweekly tue 15:00"},
		{"every two weeks on tuesday at 3pm", "biweekly tue 15:00"},
		{"every other week tue 15:00", "biweekly tue 15:00"},
		{"tue 15:00 every 2 weeks", "biweekly tue 15:00"},
		{"every week tue 15:00", "weekly tue 15:00"},
		{"every week on tuesday", "weekly tuesday"}, // the same error: no time
		{"tue 15:00 fortnightly", "biweekly tue 15:00"},
		{"last fri 16:00 monthly", "monthly last fri 16:00"},
		{"every month last fri 16:00", "monthly last fri 16:00"},
		{"weekly 15:00 tue", "weekly tue 15:00"},
		{"biweekly 9:30am tue for 1h", "biweekly tue 9:30 for 1h"},
		{"monthly 16:00 last fri", "monthly last fri 16:00"},
		{"14:00 2026-12-03", "2026-12-03 14:00"},
		{"3pm tomorrow", "tomorrow 15:00"},
		{"every tuesday 15:00", "weekly tue 15:00"},
		{"every other tuesday 15:00", "biweekly tue 15:00"},
	} {
		t.Run(c.in, func(t *testing.T) {
			r, d, err := cadence.ParseMeet(c.in, berlin, now)
			want, wantD, wantErr := cadence.ParseMeet(c.same, berlin, now)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("ParseMeet(%q) = %v; %q gives %v", c.in, err, c.same, wantErr)
			}
			if r.Encode() != want.Encode() || d != wantD {
				t.Errorf("ParseMeet(%q) = %q for %s; %q gives %q for %s", c.in, r.Encode(), d, c.same, want.Encode(), wantD)
			}
		})
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		// The advice is what the parser reads, without the word that was
		// already there.
		{"tue 15:00", []string{`Every week? Write "weekly tue 15:00"`}},
		{"tue 15:00 sharp", []string{`Every week? Write "weekly tue 15:00"`}},
		{"tue", []string{`Every week? Write "weekly tue 15:00"`}},
		{"every 3 weeks tue 15:00", []string{"every week, every two weeks or once a month, not every 3 weeks", `"biweekly tue 9:30"`}},
		{"every 2 months last fri 16:00", []string{"not every 2 months"}},
		{"weekly tue 15:00 monthly", []string{"Should it be monthly or weekly?", `"weekly monday 15:00"`}},
	} {
		t.Run(c.in, func(t *testing.T) {
			_, _, err := cadence.ParseMeet(c.in, berlin, now)
			wantUserError(t, err, c.want...)
		})
	}
	// What the advice says is read.
	if _, _, err := cadence.ParseMeet("weekly tue 15:00", berlin, now); err != nil {
		t.Errorf("the advised form is refused: %v", err)
	}
}

func TestParseMoveAsPeopleSayIt(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	now := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)       // Monday
	meeting := time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC) // Thursday 15:00 in Berlin
	for _, c := range []struct{ text, want string }{
		{"to thu 16:00", "2026-12-10 16:00"},
		{"To fri 10:00", "2026-12-11 10:00"},
		{"it to 4pm", "2026-12-10 16:00"},
		{"to tomorrow at 9:00", "2026-12-08 09:00"},
		{"16:00 fri", "2026-12-11 16:00"},
	} {
		got, err := cadence.ParseMove(c.text, meeting, berlin, now)
		if err != nil || got.In(berlin).Format("2006-01-02 15:04") != c.want {
			t.Errorf("ParseMove(%q) = %v, %v; want %s", c.text, got.In(berlin), err, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"to", "Tell me when"},
		{"fri 10:00 weekly", "To change all of them, use `/mentor meet fri 10:00 weekly`"},
		{"to every 2 weeks fri 10:00", "To change all of them, use `/mentor meet every 2 weeks fri 10:00`"},
	} {
		_, err := cadence.ParseMove(c.text, meeting, berlin, now)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseMove(%q) = %v, want an error with %q", c.text, err, c.want)
		}
	}
}

// A WHEN typed as a sentence reads as it would without its full stops:
// after a short day name, and at the end; "p.m." keeps its own.
func TestParseMeetWithFullStops(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, c := range []struct{ in, same string }{
		{"weekly tue. 10:00", "weekly tue 10:00"},
		{"weekly Fri. 10:00", "weekly fri 10:00"},
		{"weekly thurs. 10:00", "weekly thu 10:00"},
		{"weekly thu 15:00.", "weekly thu 15:00"},
		{"weekly thu 3pm.", "weekly thu 15:00"},
		{"weekly thu 3 p.m.", "weekly thu 15:00"},
		{"weekly thu 15:00 for 45m.", "weekly thu 15:00 for 45m"},
		{"monthly last fri. 16:00.", "monthly last fri 16:00"},
		{"2026-12-10 14:00.", "2026-12-10 14:00"},
		{"weekly 15:00 tue.", "weekly tue 15:00"},
		// A full name too: the bot knows the day.
		{"weekly monday. 10:00", "weekly monday 10:00"},
		// The plural too: the full stop comes off before its s.
		{"weekly mondays. 10:00", "weekly monday 10:00"},
		{"weekly 10:00 fridays.", "weekly fri 10:00"},
	} {
		r, d, err := cadence.ParseMeet(c.in, berlin, now)
		want, wantD, wantErr := cadence.ParseMeet(c.same, berlin, now)
		if err != nil || wantErr != nil || r.Encode() != want.Encode() || d != wantD {
			t.Errorf("ParseMeet(%q) = %q for %s, %v; %q gives %q for %s, %v", c.in, r.Encode(), d, err, c.same, want.Encode(), wantD, wantErr)
		}
	}
	meeting := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) // Thursday 15:00 in Berlin
	if got, err := cadence.ParseMove("to fri. 10:00.", meeting, berlin, now); err != nil || got.In(berlin).Format("2006-01-02 15:04") != "2026-12-04 10:00" {
		t.Errorf("ParseMove(to fri. 10:00.) = %v, %v", got, err)
	}
}

// 24:00 is 24-hour HH:MM as people write it, but names the end of a day:
// the answer says how to write that moment, as 00:00 of the next day.
func TestParseMeet2400SaysHowToWriteIt(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, c := range []struct{ in, want string }{
		{"weekly thu 24:00", `"24:00" is the end of the day, not a time of day: write it as 00:00 of the next day, "weekly fri 00:00".`},
		{"weekly sat 24:00", `write it as 00:00 of the next day, "weekly sun 00:00".`},
		{"biweekly tue 24:00", `write it as 00:00 of the next day, "biweekly wed 00:00".`},
		{"weekly 24:00 thu", `write it as 00:00 of the next day, "weekly fri 00:00".`},
		{"2026-12-10 24:00", `write it as 00:00 of the next day, "2026-12-11 00:00".`},
		{"2026-12-31 24:00.", `write it as 00:00 of the next day, "2027-01-01 00:00".`},
		{"monthly last fri 24:00", `"24:00" is the end of the day, not a time of day: pick one from 00:00 to 23:59, for example "monthly last fri 16:00".`},
		// The length is kept: without it, the advice would set 30 minutes.
		{"weekly thu 24:00 for 45m", `write it as 00:00 of the next day, "weekly fri 00:00 for 45m".`},
		{"2026-12-10 24:00 for 1 hour.", `write it as 00:00 of the next day, "2026-12-11 00:00 for 1 hour".`},
		// A day without "weekly": the advice is one the parser reads.
		{"thu 24:00", `Every week? Write "weekly fri 00:00".`},
		{"sat 24:00 for 45m", `Every week? Write "weekly sun 00:00 for 45m".`},
		{"thu 15:00 for 45m", `Every week? Write "weekly thu 15:00 for 45m".`},
	} {
		_, _, err := cadence.ParseMeet(c.in, berlin, now)
		wantUserError(t, err, c.want)
	}
	// The way it advises is read.
	for _, in := range []string{"weekly fri 00:00", "2026-12-11 00:00", "weekly fri 00:00 for 45m", "2026-12-11 00:00 for 1 hour"} {
		if _, _, err := cadence.ParseMeet(in, berlin, now); err != nil {
			t.Errorf("ParseMeet(%q) = %v", in, err)
		}
	}
	meeting := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC) // Thursday 3 December
	_, err := cadence.ParseMove("24:00", meeting, berlin, now)
	wantUserError(t, err, `write it as 00:00 of the next day, "2026-12-04 00:00".`)
	// On a Thursday, "thu 24:00" is the end of that day, not of the next
	// Thursday.
	thursday := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	for _, in := range []string{"thu 24:00", "to 24:00 thursday"} {
		_, err = cadence.ParseMove(in, meeting, berlin, thursday)
		wantUserError(t, err, `write it as 00:00 of the next day, "2026-12-04 00:00".`)
	}
	// Other hours past 23 are no time of day, and said so as before.
	_, _, err = cadence.ParseMeet("weekly thu 24:30", berlin, now)
	wantUserError(t, err, `I couldn't read "24:30" as a time of day.`)
}

// A past date in a meeting's WHEN is answered with a day to write
// instead that has a time too, the one typed when there was one: the day
// alone, typed as suggested, would be refused for want of a time.
func TestPastDateSuggestsADayWithATime(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	meeting := time.Date(2026, 12, 10, 14, 0, 0, 0, time.UTC) // Thursday 15:00 in Berlin
	for _, c := range []struct{ text, want string }{
		{"yesterday 10:00", `for example "2026-12-31 10:00".`},
		{"20/11/2026 9am", `for example "2026-12-31 9am".`},
		{"nov 20 10:00", `write the year: "Nov 20 2027 10:00".`},
		{"last friday 10:00", `for example "2026-12-31 10:00".`},
	} {
		_, err := cadence.ParseMove(c.text, meeting, berlin, now)
		wantUserError(t, err, c.want)
		_, _, err = cadence.ParseMeet(c.text, berlin, now)
		wantUserError(t, err, c.want)
		_, _, err = cadence.ParseMeet(c.text+" for 1h", berlin, now)
		wantUserError(t, err, strings.TrimSuffix(c.want, `".`)+` for 1h".`)
	}
	// No time typed: the example's.
	_, err := cadence.ParseMove("nov 20", meeting, berlin, now)
	wantUserError(t, err, `"Nov 20 2027 15:00".`)
	_, _, err = cadence.ParseMeet("nov 20", berlin, now)
	wantUserError(t, err, `"Nov 20 2027 14:00".`)
	// What the suggestion says is read.
	if _, _, err := cadence.ParseMeet("Nov 20 2027 10:00 for 1h", berlin, now); err != nil {
		t.Errorf("the suggested WHEN: %v", err)
	}
}
