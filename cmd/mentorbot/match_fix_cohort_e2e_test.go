package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// cohortAsk runs `/mentor cohort end` as dana and, when it asks first
// whether to ask the pairs before the round's end date, confirms; it
// returns what dana reads at the end.
func cohortAsk(e *env) string {
	e.t.Helper()
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end")
	if res.Message == nil {
		return ackText(e.t, res)
	}
	if !strings.Contains(string(res.Message.Blocks), actionCohortAskID) {
		return res.Message.Text + "\n" + blockText(res.Message.Blocks)
	}
	e.matchClick(dana, *res.Message, actionCohortAskID)
	cur := matchCurrent(e, *res.Message)
	return cur.Text + "\n" + blockText(cur.Blocks)
}

// actionCohortAskID is the button that confirms asking a round's pairs
// before its end date.
const actionCohortAskID = "cohort_ask"

// cohortPair starts the round Winter (until Sun 28 Feb 2027) and makes
// frank and grace a pair in it through matching.
func cohortPair(e *env) {
	e.t.Helper()
	if got := e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		e.t.Fatalf("start = %q", got)
	}
	matchFrankAndGrace(e)
	if p := e.matchPairs()[0]; p.CohortID == 0 {
		e.t.Fatalf("the pair %+v is not in the round", p)
	}
}

// closingDM is user's closing question as it reads now.
func closingDM(e *env, user string) slacksim.Message {
	e.t.Helper()
	return matchCurrent(e, e.waitDM(user, "is closing"))
}

// When both chose to continue and one then changes their mind, the
// other's question no longer says that the pair carries on: it did, and
// they learnt otherwise only when the round closed and ended their pair.
func TestMatchFixClosingBothContinueThenOneEnds(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	e.matchClick(grace, e.waitDM(grace, "is closing"), "cohort_continue")
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.eventually("grace told that both chose to continue", func() bool {
		return contains(closingDM(e, grace), "You both chose to continue")
	})

	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_end")
	e.eventually("grace's question redrawn", func() bool {
		return !contains(closingDM(e, grace), "You both chose to continue")
	})
	if m := closingDM(e, grace); !contains(m, "You chose to continue") || !contains(m, "only if <@UFRANK> chooses to continue too") ||
		!strings.Contains(string(m.Blocks), "cohort_continue") {
		t.Errorf("grace's question after frank chose to end = %q", blockText(m.Blocks))
	}
	if m := closingDM(e, frank); !contains(m, "You chose to end") {
		t.Errorf("frank's question = %q", blockText(m.Blocks))
	}

	// And back: both continue again, and grace reads it.
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.eventually("grace told again that both chose to continue", func() bool {
		return contains(closingDM(e, grace), "You both chose to continue")
	})
	matchNoFailures(e)
}
