package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of how /goal and /mentor snooze read dates, goal
// numbers and percentages.

// datesEnv is an env with no pairs whose clock was moved to at (after
// testStart), so that "today" is a chosen day.
func datesEnv(t *testing.T, at time.Time) *env {
	t.Helper()
	e := newEnv(t)
	e.clock.Set(at)
	e.settle()
	return e
}

// dec15 is Tuesday 15 December 2026, 10:00 in New York (bob's zone).
var dec15 = time.Date(2026, 12, 15, 15, 0, 0, 0, time.UTC)

// wantAnswer fails unless answer contains every part.
func wantAnswer(t *testing.T, what, answer string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(answer, p) {
			t.Errorf("%s: the answer lacks %q:\n%s", what, p, answer)
		}
	}
}

// wantNoGoals fails if user has any goal stored.
func (e *env) wantNoGoals(user string) {
	e.t.Helper()
	if gs := e.goalsStored(user); len(gs) != 0 {
		e.t.Errorf("goals stored: %+v", gs)
	}
}

func TestGoalDateThatJustPassedIsRefused(t *testing.T) {
	e := datesEnv(t, dec15)

	got := e.goalAdd(bob, "Read 2 books by Dec 14")
	wantAnswer(t, "by Dec 14", got, "I haven't added the goal", "14 December has passed (it was yesterday)", "Dec 14 2027")
	got = e.goalAdd(bob, "Read 2 books by 1 November")
	wantAnswer(t, "by 1 November", got, "1 November has passed (it was 44 days ago)", "Nov 1 2027")
	if strings.Contains(got, "Added goal") {
		t.Errorf("a goal was added: %s", got)
	}
	e.wantNoGoals(bob)

	// Next year's, said so, is taken.
	got = e.goalAdd(bob, "Read 2 books by Dec 14 2027")
	wantAnswer(t, "by Dec 14 2027", got, "Added goal *#1*", "Tue 14 Dec 2027")
	if strings.Contains(got, "has passed") {
		t.Errorf("by Dec 14 2027 is called passed: %s", got)
	}

	// Further back, a month and day is next year's: soon, with no word…
	got = e.goalAdd(bob, "Read 3 books by Jan 5")
	wantAnswer(t, "by Jan 5", got, "Added goal *#2*", "Tue 5 Jan 2027")
	if strings.Contains(got, "has passed") {
		t.Errorf("by Jan 5 is called passed: %s", got)
	}
	// …or more than half a year away, with the notice.
	got = e.goalAdd(bob, "Read 4 books by Aug 1")
	wantAnswer(t, "by Aug 1", got, "Added goal *#3*", "1 August has passed this year, so the goal is due Sun 1 Aug 2027", "`/goal edit 3`")
	if g := e.goalStored(3); g.DueOn != "2027-08-01" {
		t.Errorf("goal 3 is due %q", g.DueOn)
	}
}

// "by Feb 29" typed in a year whose next February has no 29th is refused,
// as "by Feb 31" is, naming the day that year has: not quietly read as the
// next leap year's, more than a year away.
func TestGoalByFeb29WithNoLeapDayComingIsRefused(t *testing.T) {
	e := datesEnv(t, dec15)
	for _, text := range []string{"Run a 10k by Feb 29", "Run a 10k by 29th of February"} {
		got := e.goalAdd(bob, text)
		wantAnswer(t, text, got, "I haven't added the goal", "There is no 29 February in 2027", `"Feb 28"`)
		if strings.Contains(got, "2028") {
			t.Errorf("%s: the answer names 2028:\n%s", text, got)
		}
	}
	e.wantNoGoals(bob)
	// The day it suggests is taken.
	wantAnswer(t, "by Feb 28", e.goalAdd(bob, "Run a 10k by Feb 28"), "Added goal *#1*", "Sun 28 Feb 2027")
}

func TestGoalLooseDeadlines(t *testing.T) {
	e := datesEnv(t, dec15)

	// Deadlines typed loosely are read, and the goal's text loses them.
	for _, c := range []struct{ text, goal, due, shown string }{
		{"Read 2 books by the 20th", "Read 2 books", "2026-12-20", "Sun 20 Dec 2026"},
		{"Read 2 books by 20th", "Read 2 books", "2026-12-20", "Sun 20 Dec 2026"},
		{"Send the draft by EOW", "Send the draft", "2026-12-18", "Fri 18 Dec 2026"},
		{"Send the draft by end of week", "Send the draft", "2026-12-18", "Fri 18 Dec 2026"},
		{"Book a room by tmrw", "Book a room", "2026-12-16", "Wed 16 Dec 2026"},
		{"Get certified by Q1", "Get certified", "2027-03-31", "Wed 31 Mar 2027"},
		{"Read 2 books before Dec 31", "Read 2 books", "2026-12-31", "Thu 31 Dec 2026"},
		{"Lead a project by this quarter", "Lead a project", "2026-12-31", "Thu 31 Dec 2026"},
	} {
		got := e.goalAdd(bob, c.text)
		wantAnswer(t, c.text, got, "Added goal", c.shown)
		if strings.Contains(got, "no deadline") {
			t.Errorf("%q: tip about no deadline:\n%s", c.text, got)
		}
		if g := e.goalStored(goalNumberIn(t, got)); g.Text != c.goal || g.DueOn != c.due {
			t.Errorf("%q stored as %q due %q; want %q due %s", c.text, g.Text, g.DueOn, c.goal, c.due)
		}
	}
	before := len(e.goalsStored(bob))

	// A deadline that is not a date is refused, and nothing is added.
	for _, c := range []struct{ text, want string }{
		{"Ship v2 by next month", `Which day of next month? For example "Jan 15" or "end of next month"`},
		{"Ship v2 by end of sprint", `I couldn't read "end of sprint" as a date`},
		{"Ship v2 by mid January", `I couldn't read "mid January" as a date`},
		{"Ship v2 before Feb 30", "There is no 30 February"},
	} {
		got := e.goalAdd(bob, c.text)
		wantAnswer(t, c.text, got, "I haven't added the goal", c.want)
	}
	got := e.goalAdd(bob, "before Dec 31")
	wantAnswer(t, "before Dec 31", got, "What's the goal?", "I haven't added anything")
	if n := len(e.goalsStored(bob)); n != before {
		t.Errorf("refused goals were stored: %d goals, want %d", n, before)
	}

	// A period without "by" is not taken as the deadline, but the tip says
	// how to make it one, rather than that the goal has none.
	got = e.goalAdd(bob, "Ship 3 PRs this month")
	if !strings.Contains(got, "this month") || !strings.Contains(got, "Thu 31 Dec 2026") {
		t.Errorf("a period at the end, without by: %s", got)
	}

	// Ordinary words after "by" or "before" are the goal's own.
	for _, text := range []string{"Get promoted by doing great work", "Learn Go by pairing before the offsite"} {
		got := e.goalAdd(bob, text)
		if g := e.goalStored(goalNumberIn(t, got)); g.Text != text || g.DueOn != "" {
			t.Errorf("%q stored as %q due %q", text, g.Text, g.DueOn)
		}
	}
}

func TestSnoozeInMonths(t *testing.T) {
	e := goalEnv(t) // alice mentors bob; bob is in New York, where it is 03:00 on Mon 2 Nov
	snoozedUntil := func() time.Time {
		t.Helper()
		ps, err := e.app.DB.PairsOf(e.ctx, bob, false)
		if err != nil || len(ps) != 1 {
			t.Fatalf("pairs: %v, %v", ps, err)
		}
		return ps[0].SnoozedUntil
	}

	for _, text := range []string{"0d", "0 days"} {
		got := e.cmd(bob, "/mentor", "snooze "+text)
		wantAnswer(t, "snooze "+text, got, "A snooze lasts at least a day")
		if strings.Contains(got, "couldn't read") {
			t.Errorf("snooze %s is called unreadable: %s", text, got)
		}
	}
	got := e.cmd(bob, "/mentor", "snooze 4 months")
	wantAnswer(t, "snooze 4 months", got, "A snooze can last at most 90 days")
	if u := snoozedUntil(); !u.IsZero() {
		t.Fatalf("a refused snooze snoozed the pair until %s", u)
	}

	for _, c := range []struct {
		text string
		want time.Time
		says string
	}{
		{"1 month", time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), "Snoozed"}, // 03:00 EST
		// The same end again is the same snooze.
		{"a month", time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), "already snoozed until"},
		{"2 months", time.Date(2027, 1, 2, 8, 0, 0, 0, time.UTC), "Snoozed"},
	} {
		got := e.cmd(bob, "/mentor", "snooze "+c.text)
		wantAnswer(t, "snooze "+c.text, got, c.says)
		if u := snoozedUntil(); !u.Equal(c.want) {
			t.Errorf("snooze %s: until %s, want %s", c.text, u.UTC(), c.want)
		}
	}
}

func TestGoalProgressPercentFirstAndRounded(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	e.goalAdd(bob, "Read 3 books by 2026-12-31")

	// The percentage before the goal's number is read the other way round.
	got := e.cmd(bob, "/goal", "progress 50% 2 halfway there")
	wantAnswer(t, "progress 50% 2", got, "Goal *#2*: 0% → *50%*", "halfway there")
	if g := e.goalStored(2); g.Progress != 50 {
		t.Errorf("goal 2 is at %d%%", g.Progress)
	}
	if g := e.goalStored(1); g.Progress != 0 {
		t.Errorf("goal 1 changed: %d%%", g.Progress)
	}
	// Not when it is unclear which is which: nothing changes.
	wantAnswer(t, "progress 50 2", e.cmd(bob, "/goal", "progress 50 2"), "I couldn't find goal #50")
	wantAnswer(t, "progress 50% 2%", e.cmd(bob, "/goal", "progress 50% 2%"), "Which goal?")
	if g := e.goalStored(2); g.Progress != 50 {
		t.Errorf("goal 2 changed to %d%%", g.Progress)
	}

	// A percentage with decimals is rounded, and the answer says so.
	got = e.cmd(bob, "/goal", "progress 2 33.3%")
	wantAnswer(t, "progress 2 33.3%", got, "50% → *33%*", "I rounded 33.3% to 33%")
	if g := e.goalStored(2); g.Progress != 33 {
		t.Errorf("goal 2 is at %d%%, want 33", g.Progress)
	}
	got = e.cmd(bob, "/goal", "progress 2 40.0%")
	if strings.Contains(got, "rounded") {
		t.Errorf("40.0%% is said to be rounded: %s", got)
	}
	got = e.cmd(bob, "/goal", "progress 2 100.5%")
	wantAnswer(t, "progress 2 100.5%", got, "Progress is a percentage from 0 to 100")
	if g := e.goalStored(2); g.Progress != 40 {
		t.Errorf("goal 2 is at %d%%, want 40", g.Progress)
	}
}

func TestGoalDropKeepsTheReason(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	e.goalAdd(bob, "Read 3 books by 2026-12-31")
	e.goalAdd(bob, "Learn Rust by 2026-12-31")
	e.cmd(bob, "/goal", "progress 3 20%")

	got := e.cmd(bob, "/goal", "drop #3 no longer relevant &lt;!channel&gt;")
	wantAnswer(t, "drop #3 with a reason", got, "Dropped goal *#3*", "I've kept your reason", "no longer relevant @channel")
	if g := e.goalStored(3); g.Status != store.GoalDropped || g.Progress != 20 {
		t.Errorf("goal 3 = %+v", g)
	}
	show := e.cmd(bob, "/goal", "show 3")
	wantAnswer(t, "show 3", show, "20% — Dropped: no longer relevant")
	// alice, bob's mentor, reads it too.
	wantAnswer(t, "alice's show 3", e.cmd(alice, "/goal", "show 3"), "Dropped: no longer relevant")

	// A lone number after the goal's may be another goal: refused.
	got = e.cmd(bob, "/goal", "drop 2 1")
	wantAnswer(t, "drop 2 1", got, "`/goal drop` takes just the goal's number", "nothing changed")
	for _, id := range []int64{1, 2} {
		if g := e.goalStored(id); !g.Open() {
			t.Errorf("goal %d closed: %+v", id, g)
		}
	}
	// A reason too long for the history is refused, and the goal stays.
	got = e.cmd(bob, "/goal", "drop 2 "+strings.Repeat("x", 2000))
	wantAnswer(t, "drop with a long reason", got, "That reason is", "Please shorten it")
	if g := e.goalStored(2); !g.Open() {
		t.Errorf("goal 2 closed: %+v", g)
	}
	// done takes no reason.
	got = e.cmd(bob, "/goal", "done 2 finally")
	wantAnswer(t, "done 2 finally", got, "`/goal done` takes just the goal's number")
	if g := e.goalStored(2); !g.Open() {
		t.Errorf("goal 2 closed: %+v", g)
	}
}

// A date typed with slashes, dots or dashes and the year last is read
// when only one order of day and month makes a date (24/12/2026 in
// Europe, 12/24/2026 in the US), in every command that takes a date, and
// the answer writes it with the month's name; only two different days
// (03/04/2027) are asked about.
func TestDatesWithSlashesAndDots(t *testing.T) {
	e := goalEnv(t) // alice mentors bob; today is Mon 2 Nov 2026

	for _, text := range []string{"Read 2 books by 24/12/2026", "Read 2 books by 12/24/2026", "Read 2 books by 24.12.2026"} {
		got := e.goalAdd(bob, text)
		wantAnswer(t, text, got, "Added goal", "due Thu 24 Dec 2026")
		if g := e.goalStored(goalNumberIn(t, got)); g.Text != "Read 2 books" || g.DueOn != "2026-12-24" {
			t.Errorf("%q stored as %q due %q", text, g.Text, g.DueOn)
		}
	}
	before := len(e.goalsStored(bob))
	for _, c := range []struct{ text, want string }{
		{"Read 3 books by 03/04/2027", `I can't tell which day "03/04/2027" means: day and month could be either way round`},
		{"Read 3 books by 30/02/2027", `There is no date "30/02/2027"`},
		{"Read 3 books by 25/10/2026", "That date has already passed (2026-10-25 is before today, 2026-11-02)"},
	} {
		got := e.goalAdd(bob, c.text)
		wantAnswer(t, c.text, got, "I haven't added the goal", c.want)
	}
	if n := len(e.goalsStored(bob)); n != before {
		t.Errorf("refused goals were stored: %d goals, want %d", n, before)
	}

	got := e.cmd(alice, "/mentor", "meet <@UBOB> 24.12.2026 15:00")
	wantAnswer(t, "meet 24.12.2026 15:00", got, "is set", "Thu 24 Dec 2026 at 15:00")

	got = e.cmd(bob, "/mentor", "snooze until 11/30/2026")
	wantAnswer(t, "snooze until 11/30/2026", got, "Snoozed", "Mon 30 Nov 2026")
	if ps, err := e.app.DB.PairsOf(e.ctx, bob, false); err != nil || len(ps) != 1 || !ps[0].SnoozedUntil.Equal(time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("after snooze until 11/30/2026 (midnight in New York): %+v, %v", ps, err)
	}

	got = e.cmd(dana, "/mentor", "cohort start Spring 2027 --until 30-06-2027")
	wantAnswer(t, "cohort start --until 30-06-2027", got, "Started the round", "until Wed 30 Jun 2027")
}

// "by last monday" is the past day it names, refused as "by yesterday"
// is: not left in the goal's words with "monday" taken for the coming one.
func TestGoalByLastWeekdayIsRefusedAsPassed(t *testing.T) {
	e := datesEnv(t, time.Date(2026, 12, 22, 15, 0, 0, 0, time.UTC)) // Tue 22 Dec, 10:00 for bob
	for text, day := range map[string]string{
		"Ship the RFC by last monday":     "2026-12-21",
		"Ship the RFC by last friday":     "2026-12-18",
		"Ship the RFC by previous friday": "2026-12-18",
		"Ship the RFC by yesterday":       "2026-12-21",
	} {
		got := e.goalAdd(bob, text)
		wantAnswer(t, text, got, "I haven't added the goal", "That date has already passed ("+day+" is before today, 2026-12-22)")
		if strings.Contains(got, "Next time") {
			t.Errorf("%s: a tip about a later day:\n%s", text, got)
		}
	}
	e.wantNoGoals(bob)
}

// On a Friday, "by this friday" is today, as "by end of week" is; a bare
// "by friday" is the next one, a week on.
func TestGoalByThisFridayOnAFridayIsToday(t *testing.T) {
	e := datesEnv(t, time.Date(2026, 11, 6, 15, 0, 0, 0, time.UTC)) // Fri 6 Nov, 10:00 for bob
	for text, due := range map[string]string{
		"Ship A by this friday": "2026-11-06",
		"Ship B by eow":         "2026-11-06",
		"Ship C by friday":      "2026-11-13",
	} {
		id := goalNumberIn(t, e.goalAdd(bob, text))
		if g := e.goalStored(id); g.DueOn != due {
			t.Errorf("%s: due %q, want %s", text, g.DueOn, due)
		}
	}
}

// A span from today at the end of a goal is its deadline, without "by",
// from /goal add and from the form; one that measures the goal stays in
// its words. A day and month with a slash and no year is read when one
// order only is a date, as with the year; 3/4 is asked about.
func TestGoalEndingInASpanAndYearlessSlashDates(t *testing.T) {
	e := goalEnv(t) // today is Mon 2 Nov 2026
	for _, c := range []struct{ text, goal, due, shown string }{
		{"Give a talk at the team meetup in 3 weeks", "Give a talk at the team meetup", "2026-11-23", "due Mon 23 Nov 2026"},
		{"Give a talk in two weeks", "Give a talk", "2026-11-16", "due Mon 16 Nov 2026"},
		{"Read 2 books within 2 months", "Read 2 books", "2027-01-02", "due Sat 2 Jan 2027"},
		{"Read 3 books by 12/20", "Read 3 books", "2026-12-20", "due Sun 20 Dec 2026"},
		{"Read 4 books by 20/12", "Read 4 books", "2026-12-20", "due Sun 20 Dec 2026"},
	} {
		got := e.goalAdd(bob, c.text)
		wantAnswer(t, c.text, got, "Added goal", c.shown)
		if strings.Contains(got, "no deadline") {
			t.Errorf("%s: a deadline tip:\n%s", c.text, got)
		}
		if g := e.goalStored(goalNumberIn(t, got)); g.Text != c.goal || g.DueOn != c.due {
			t.Errorf("%q stored as %q due %q", c.text, g.Text, g.DueOn)
		}
	}
	got := e.goalAdd(bob, "Get new hires shipping in 2 weeks")
	if g := e.goalStored(goalNumberIn(t, got)); g.Text != "Get new hires shipping in 2 weeks" || g.DueOn != "" {
		t.Errorf("a span that measures the goal: %+v", g)
	}
	before := len(e.goalsStored(bob))
	wantAnswer(t, "by 3/4", e.goalAdd(bob, "Read 5 books by 3/4"), "I haven't added the goal",
		`I can't tell which day "3/4" means: day and month could be either way round`)
	if n := len(e.goalsStored(bob)); n != before {
		t.Errorf("an ambiguous date stored a goal")
	}

	// From the form with no date picked, the span is the deadline; with
	// one picked, the goal keeps its words and the date picked.
	ctx := goalCtx(e)
	e.cmd(bob, "/goal", "add")
	v := e.waitModal(bob, "goal_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Run a workshop in 3 weeks"}}); err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("the span alone: %v, %+v", err, sub)
	}
	newest := func() store.Goal {
		var last store.Goal
		for _, g := range e.goalsStored(bob) {
			if g.ID > last.ID {
				last = g
			}
		}
		return last
	}
	if g := newest(); g.Text != "Run a workshop" || g.DueOn != "2026-11-23" {
		t.Errorf("stored from the form: %+v", g)
	}
	e.cmd(bob, "/goal", "add")
	v = e.waitModal(bob, "goal_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Run a meetup in 3 weeks"}, "goal_due": {"due": "2026-12-01"}}); err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("the span and a date picked: %v, %+v", err, sub)
	}
	if g := newest(); g.Text != "Run a meetup in 3 weeks" || g.DueOn != "2026-12-01" {
		t.Errorf("stored from the form: %+v", g)
	}
}
