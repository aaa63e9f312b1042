package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A round's name that can never be taken (a formatting character in it,
// or too long) is refused before the end date is looked at: told only
// that the date is too early, the admin would fix it to hear next that
// the name won't do. The answer is the same whatever the date, and
// nothing is started.
func TestMatch4BadRoundNameIsRefusedBeforeTheDate(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	long := strings.Repeat("x", 90)
	for _, tc := range []struct{ name, want string }{
		{"Spring*27", "A round's name can't contain `*`"},
		{long, "That name is 90 characters long; the limit is 80."},
	} {
		want := e.cmd(dana, "/mentor", "cohort start "+tc.name+" --until 2027-06-30")
		if !strings.Contains(want, tc.want) || strings.Contains(want, "Started") {
			t.Fatalf("cohort start %.12s… with a valid date = %q", tc.name, want)
		}
		for _, until := range []string{"tomorrow", "2029-01-01", "2026-10-01", "someday"} {
			if got := e.cmd(dana, "/mentor", "cohort start "+tc.name+" --until "+until); got != want {
				t.Errorf("cohort start %.12s… --until %s = %q, want what a valid date hears: %q", tc.name, until, got, want)
			}
		}
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); store.ErrorCode(err) != store.ENotFound {
		t.Fatalf("a refused round was started: %+v, %v", c, err)
	}
	// Nothing of the refused names was kept: a good name starts at once.
	if got := e.cmd(dana, "/mentor", "cohort start Spring 27 --until 2027-06-30"); !strings.Contains(got, "Started the round *Spring 27*") {
		t.Errorf("start under a good name = %q", got)
	}
	matchNoFailures(e)
}

// The refusal of a start while a round runs names that round without the
// bidirectional controls typed in its name, as the refusal of a closed
// round's name does: one left open would turn the rest of the sentence
// around. It still comes first, before a bad name or date.
func TestMatch4RunningRoundsNameIsShownNeutral(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	if got := e.cmd(dana, "/mentor", "cohort start Q1 \u202eRTL --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1 \ufffdRTL*") {
		t.Fatalf("start = %q", got)
	}
	// Every message that names the round shows the control as such: the
	// name reaches every pair of the round.
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "The current round is *Q1 \ufffdRTL*") {
		t.Errorf("/mentor cohort = %q", got)
	}
	for _, args := range []string{"Q2 --until 2027-06-30", "Q2*x --until tomorrow"} {
		got := e.cmd(dana, "/mentor", "cohort start "+args)
		if !strings.Contains(got, "The round *Q1 \ufffdRTL* is still running (until Wed 31 Mar 2027)") {
			t.Errorf("cohort start %s while Q1 runs = %q", args, got)
		}
		if i := strings.IndexAny(got, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"); i >= 0 {
			t.Errorf("cohort start %s: the refusal echoes %U: %q", args, []rune(got[i:])[0], got)
		}
	}
	matchNoFailures(e)
}
