package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Starting a round while one runs points to the step that closes it: after
// `/mentor cohort end` has asked the pairs, that is `/mentor cohort end
// now`, not the command the admin just ran.
func TestCohortStartWhileOneRunsPointsToTheStepLeft(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "T4", "2027-02-28")
	if got := e.cmd(dana, "/mentor", "cohort start T5 --until 2027-03-31"); !strings.Contains(got, "`/mentor cohort end now`") {
		t.Errorf("start while T4 runs, not asked yet = %q; want both steps named", got)
	}
	matchFrankAndGrace(e)
	if got := cohortAsk(e); !strings.Contains(got, "asked the pair of *T4*") {
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

// While a published match waits for someone's answer, their Home says so
// (and where to answer) rather than that a match will come; once they
// accept, it says the pair waits for the other's answer.
func TestHomeSaysAMatchIsWaitingForTheAnswer(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	homeOpen(e, grace, func(s string) bool { return strings.Contains(s, "I'll DM you when there's a match") })
	homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "I'll DM you when there's a match") })
	ask := matchPublish(e, grace)[0]
	v := homeWait(e, grace, func(v slacksim.View) bool { return strings.Contains(homeText(v), "waiting for your answer") })
	if text := homeText(v); !strings.Contains(text, "<@UALICE> as your mentor") || strings.Contains(text, "when there's a match") ||
		strings.Contains(text, "Don't want to wait") {
		t.Errorf("grace's Home with a match waiting = %s", text)
	}
	a := homeWait(e, alice, func(v slacksim.View) bool { return strings.Contains(homeText(v), "waiting for your answer") })
	if text := homeText(a); !strings.Contains(text, "you as <@UGRACE>'s mentor") || strings.Contains(text, "another match") {
		t.Errorf("alice's Home with a match waiting = %s", text)
	}
	e.matchClick(grace, ask, "proposal_accept")
	v = homeWait(e, grace, func(v slacksim.View) bool { return strings.Contains(homeText(v), "You accepted a match") })
	if text := homeText(v); !strings.Contains(text, "as soon as <@UALICE> accepts") || strings.Contains(text, "waiting for your answer") {
		t.Errorf("grace's Home after she accepted = %s", text)
	}
}
