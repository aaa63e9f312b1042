package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A round ends at least 7 days after the day it starts (a week later, on
// the same weekday), and one that would end sooner is refused with the
// earliest end date allowed, and nothing is started: too short for its
// pairs to meet, its end-date reminder would come days after its start.
// Six days after is refused, seven days after is the first date allowed.
func TestMatch3RoundOfUnderAWeekIsRefused(t *testing.T) {
	e := matchEnv(t)                                           // Mon 2 Nov 2026, 08:00 in dana's London
	for _, until := range []string{"tomorrow", "2026-11-08"} { // 1 and 6 days after today
		got := e.cmd(dana, "/mentor", "cohort start Quick --until "+until)
		if !strings.Contains(got, "ends at least 7 days after it starts") || !strings.Contains(got, "on or after Mon 9 Nov 2026") || strings.Contains(got, "Started") {
			t.Errorf("a round until %s = %q", until, got)
		}
		if c, err := e.app.DB.CurrentCohort(e.ctx); store.ErrorCode(err) != store.ENotFound {
			t.Fatalf("a round until %s was started: %+v, %v", until, c, err)
		}
	}
	// Exactly 7 days after today: the earliest end date the refusals name.
	if got := e.cmd(dana, "/mentor", "cohort start Quick --until 2026-11-09"); !strings.Contains(got, "Started the round *Quick*, from today, Mon 2 Nov 2026, until Mon 9 Nov 2026") {
		t.Errorf("a round of exactly seven days = %q", got)
	}
	// No end-date reminder was queued for the refused rounds (the one
	// until tomorrow would have come at 9:00 tomorrow); the round started
	// has its own on Mon 9 Nov.
	e.advance(24*time.Hour + 2*time.Hour) // Tue 3 Nov, 10:00
	if got := e.dms(dana, "reaches its end date"); len(got) != 0 {
		t.Errorf("dana reminded of a refused round: %q", got[0].Text)
	}
	matchNoFailures(e)
}

// While a round runs, starting another is refused for that first, whatever
// else is wrong with the new one (its end date, its name): that is what
// the admin has to deal with before anything else, and told only about
// the date, they would fix it to hear next that the round still runs.
func TestMatch3StartingWhileARoundRunsSaysSoFirst(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026, 08:00 in dana's London
	if got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1*") {
		t.Fatalf("start = %q", got)
	}
	// A new round with nothing else wrong hears only that Q1 runs.
	want := e.cmd(dana, "/mentor", "cohort start Q2 --until 2027-06-30")
	if !strings.Contains(want, "The round *Q1* is still running (until Wed 31 Mar 2027)") || !strings.Contains(want, "`/mentor cohort end`") {
		t.Fatalf("cohort start Q2 while Q1 runs = %q", want)
	}
	for _, args := range []string{
		"Q2 --until 2026-11-07", // 5 days out: too short
		"Q2 --until 2029-01-01", // over two years out
		"Q2 --until 2026-10-01", // passed
		"Q2 --until someday",    // not a date
		"q1 --until 2026-11-07", // the running round's own name, too short
	} {
		if got := e.cmd(dana, "/mentor", "cohort start "+args); got != want {
			t.Errorf("cohort start %s while Q1 runs = %q, want what a valid one hears: %q", args, got, want)
		}
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err != nil || c.Name != "Q1" {
		t.Fatalf("current round = %+v, %v; want Q1 alone", c, err)
	}
	matchNoFailures(e)
}

// A closed round's name is refused before the end date is looked at: a
// name and a date both wrong would otherwise take two tries to hear of.
func TestMatch3ClosedRoundsNameIsRefusedBeforeTheDate(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	if got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1*") {
		t.Fatalf("start = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort end now"); !strings.Contains(got, "Closed the round *Q1*") {
		t.Fatalf("end now = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2026-11-05")
	if !strings.Contains(got, "There was a round called *Q1* already") || strings.Contains(got, "at least") || strings.Contains(got, "Started") {
		t.Errorf("cohort start under a closed round's name, too short = %q", got)
	}
	matchNoFailures(e)
}
