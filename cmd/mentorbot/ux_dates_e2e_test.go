package main

import (
	"strings"
	"testing"
	"time"
)

// End-to-end tests of how /goal and /mentor snooze read dates, goal
// numbers and percentages, from an outside audit.

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
	}{
		{"1 month", time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)}, // 03:00 EST
		{"a month", time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)},
		{"2 months", time.Date(2027, 1, 2, 8, 0, 0, 0, time.UTC)},
	} {
		got := e.cmd(bob, "/mentor", "snooze "+c.text)
		wantAnswer(t, "snooze "+c.text, got, "Snoozed")
		if u := snoozedUntil(); !u.Equal(c.want) {
			t.Errorf("snooze %s: until %s, want %s", c.text, u.UTC(), c.want)
		}
	}
}
