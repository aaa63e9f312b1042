package main

import (
	"strings"
	"testing"
)

// An answer to the closing question can be changed until the round
// closes, and the last one counts: grace chose to end, then to continue,
// and with frank's Continue their pair carries on past the round. Her own
// question keeps its buttons after each answer, frank's is redrawn when
// both chose to continue, and once the round has closed neither can
// change it any more.
func TestMatch3ClosingAnswerCanChangeUntilTheRoundCloses(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	ask := e.waitDM(grace, "is closing")
	e.matchClick(grace, ask, "cohort_end")
	if m := closingDM(e, grace); !contains(m, "You chose to end") || !strings.Contains(string(m.Blocks), "cohort_continue") {
		t.Fatalf("grace's question after she chose to end = %q", blockText(m.Blocks))
	}
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.matchClick(grace, ask, "cohort_continue")
	e.eventually("frank told that both chose to continue", func() bool {
		return contains(closingDM(e, frank), "You both chose to continue")
	})
	if m := closingDM(e, grace); !contains(m, "You both chose to continue") || !strings.Contains(string(m.Blocks), "cohort_end") {
		t.Errorf("grace's question after she changed her mind = %q", blockText(m.Blocks))
	}
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "1 pair chose to continue, 0 to end") {
		t.Errorf("/mentor cohort = %q", got)
	}

	closeRound(e)
	e.waitDM(grace, "You both chose to continue, so your pair with <@UFRANK> carries on")
	if ps := e.matchPairs(); len(ps) != 1 || !ps[0].Live() {
		t.Fatalf("pairs after the round closed = %+v; want frank and grace's carrying on", ps)
	}
	e.eventually("the buttons taken off grace's question", func() bool {
		m := closingDM(e, grace)
		return contains(m, "The round has closed") && !strings.Contains(string(m.Blocks), "cohort_end")
	})
	matchNoFailures(e)
}
