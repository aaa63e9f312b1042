package main

import (
	"fmt"
	"strings"
	"testing"
)

// Starting a round while one runs points to the step that closes it: after
// `/mentor cohort end` has asked the pairs, that is `/mentor cohort end
// now`, not the command the admin just ran.
func TestCohortStartWhileOneRunsPointsToTheStepLeft(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start T4 --until 2027-02-28"); !strings.Contains(got, "Started the round *T4*") {
		t.Fatalf("start = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort start T5 --until 2027-03-31"); !strings.Contains(got, "`/mentor cohort end now`") {
		t.Errorf("start while T4 runs, not asked yet = %q; want both steps named", got)
	}
	matchFrankAndGrace(e)
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "asked the pair of *T4*") {
		t.Fatalf("cohort end = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort start T5 --until 2027-03-31")
	if !strings.Contains(got, "still running") || !strings.Contains(got, "`/mentor cohort end now`") ||
		strings.Contains(strings.ReplaceAll(got, "`/mentor cohort end now`", ""), "`/mentor cohort end`") {
		t.Errorf("start after the pairs were asked = %q; want it to point to `/mentor cohort end now` only", got)
	}
}

// The admin's help line for /mentor cohort names every form, `end now`
// included, as `/mentor cohort` with a wrong word does.
func TestCohortHelpNamesEndNow(t *testing.T) {
	e := matchEnv(t)
	for _, args := range []string{"help", "cohort help", "cohort frobnicate"} {
		if got := e.cmd(dana, "/mentor", args); !strings.Contains(got, "end now") {
			t.Errorf("/mentor %s for an admin = %q; want `end now` named", args, got)
		}
	}
	if got := e.cmd(bob, "/mentor", "help"); strings.Contains(got, "end now") {
		t.Errorf("/mentor help for someone not an admin names `end now`: %q", got)
	}
}

// `--until=DATE` is read as `--until DATE`.
func TestCohortStartTakesUntilWithAnEqualsSign(t *testing.T) {
	e := matchEnv(t)
	got := e.cmd(dana, "/mentor", "cohort start Spring --until=2027-03-01")
	if !strings.Contains(got, "Started the round *Spring*") || !strings.Contains(got, "2027") {
		t.Fatalf("start with --until= : %q", got)
	}
	c, err := e.app.DB.CurrentCohort(e.ctx)
	if err != nil || c.Name != "Spring" || c.EndsOn != "2027-03-01" {
		t.Errorf("round = %+v, %v", c, err)
	}
}

// Adding more topics than the list has room for says how many there
// would be and that nothing was added, rather than that the list is full.
func TestTopicsAddPastTheLimitSaysHowManyAndThatNothingWasAdded(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go, SRE")
	var many []string
	for i := 1; i <= 120; i++ {
		many = append(many, fmt.Sprint(i))
	}
	got := e.cmd(dana, "/mentor", "topics add "+strings.Join(many, ","))
	if !strings.Contains(got, "would make 122 topics") || !strings.Contains(got, "at most 100") || !strings.Contains(got, "Nothing was added") ||
		strings.Contains(got, "list is full") {
		t.Errorf("adding 120 topics to 2 = %q", got)
	}
	if topics, _ := e.app.DB.Topics(e.ctx); len(topics) != 2 {
		t.Errorf("%d topics after the refused add, want 2", len(topics))
	}
}
