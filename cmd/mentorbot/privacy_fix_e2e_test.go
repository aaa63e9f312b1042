package main

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Fixes of confidentiality defects found by an audit of the real bot.

// One mentee answering five feedback prompts is one person: the report
// must not show their ratings as a programme figure, nor a good-fit
// breakdown from two people in which a lone "no" stands out.
func TestPrivacyReportNeedsFivePeopleNotFiveAnswers(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	for i := 0; i < 5; i++ {
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitYes}); err != nil {
			t.Fatal(err)
		}
	}
	got := e.cmd(dana, "/mentor", "report")
	for _, leak := range []string{"2.0", "5 answers", "1 no", "4 yes"} {
		if strings.Contains(got, leak) {
			t.Errorf("the report shows %q from one or two people:\n%s", leak, got)
		}
	}
	for _, want := range []string{"5 different people", "1 of the 5 people needed has answered", "good fit: not enough answers yet (fewer than 5 people)"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	m := pgWaitFile(e, dana, "mentorbot-report-")
	rows, err := csv.NewReader(bytes.NewReader(m.Files[0].Content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "feedback" && (strings.HasPrefix(r[1], "mentees_on_mentoring") || strings.HasPrefix(r[1], "all_ratings") || strings.HasPrefix(r[1], "good_fit")) && r[3] != "" {
			t.Errorf("the report's CSV shows %s = %q from one or two people", r[1], r[3])
		}
	}
	pgNoFailures(e)
}
