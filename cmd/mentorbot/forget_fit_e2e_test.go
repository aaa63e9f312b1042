package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The good-fit answer is just between the one who gave it and mentorbot:
// when their partner forgets their data, the count of deleted feedback the
// partner is shown holds only the feedback they gave or could read, so it
// does not tell them that the other answered the check about them.
func TestForgetCountsNoPartnersGoodFitAnswer(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> Thanks for the intro to the SRE team"); !strings.Contains(got, "passed your feedback on") {
		t.Fatalf("feedback answer = %q", got)
	}
	e.idle()

	m := pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	done := pgWait(e, bob, "your data is deleted")
	if !contains(done, "1 piece of feedback,") {
		t.Errorf("bob is told of feedback he never saw: %s", done.Text)
	}
	// Not counted, but deleted all the same, as /mentor forget promises.
	if fit, err := e.app.DB.FeedbackGiven(e.ctx, alice, p.ID, store.FeedbackFit, p.CreatedAt); err != nil || len(fit) != 0 {
		t.Errorf("alice's good-fit answer about bob after his forget = %+v, %v", fit, err)
	}
	pgNoFailures(e)
}
