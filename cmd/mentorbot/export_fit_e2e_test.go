package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The audit's finding: /mentor export listed alice's private good-fit
// answer among the feedback she gave as given "to" bob, although the
// check promised "<@UBOB> doesn't see it". It is about the pair, and the
// export says bob never saw it. Her rating, which bob does see, stays as
// it was.
func TestExportShowsAGoodFitAnswerAsAboutThePairNotSent(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	for _, in := range []store.NewFeedback{{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}, {PairID: p.ID, Kind: store.FeedbackRating, Rating: 2}} {
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, in); err != nil {
			t.Fatal(err)
		}
	}
	e.settle()
	e.cmd(alice, "/mentor", "export")
	f := pgWaitFile(e, alice, "mentorbot-data-").Files[0]
	var doc struct {
		Given []map[string]any `json:"feedback_given"`
	}
	if err := json.Unmarshal(f.Content, &doc); err != nil {
		t.Fatalf("export file is not JSON: %v\n%s", err, f.Content)
	}
	if len(doc.Given) != 2 {
		t.Fatalf("feedback given = %v, want the good-fit answer and the rating", doc.Given)
	}
	fit, rating := doc.Given[0], doc.Given[1]
	if fit["kind"] != "fit" {
		fit, rating = rating, fit
	}
	if _, ok := fit["to"]; ok || fit["about_pair_with"] != bob || fit["fit"] != "no" || fit["from"] != alice {
		t.Errorf("the good-fit answer is exported as %v, want it about the pair with bob and sent to nobody", fit)
	}
	if s, _ := fit["private"].(string); !strings.Contains(s, "never saw") {
		t.Errorf("the good-fit answer does not say bob never saw it: %v", fit)
	}
	if rating["to"] != bob || rating["rating"] != 2.0 {
		t.Errorf("the rating is exported as %v, want it to bob", rating)
	}
	for _, k := range []string{"about_pair_with", "private"} {
		if _, ok := rating[k]; ok {
			t.Errorf("the rating, which bob sees, has %q: %v", k, rating)
		}
	}
}
