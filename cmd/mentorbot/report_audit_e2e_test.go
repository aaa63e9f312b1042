package main

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The report and export faults an audit found in the playground (dana an
// admin; alice, bob, carol, erin, farid and gus in pairs).

// raFeedback is every feedback figure dana reads: the lines of the
// report's feedback section, every feedback row of its CSV (value and
// note) and the feedback line of her Home.
func raFeedback(e *env) []string {
	e.t.Helper()
	files := pgFilesNamed(e, dana, "mentorbot-report-")
	var out []string
	in := false
	for _, l := range strings.Split(e.cmd(dana, "/mentor", "report"), "\n") {
		switch {
		case strings.HasPrefix(l, "*Feedback*"):
			in = true
		case strings.HasPrefix(l, "*Quiet pairs*"):
			in = false
		}
		if in {
			out = append(out, "report "+l)
		}
	}
	e.eventually("the report's CSV", func() bool { return pgFilesNamed(e, dana, "mentorbot-report-") == files+1 })
	var content []byte
	for _, f := range e.sim.FilesTo(dana) {
		if strings.HasPrefix(f.Name, "mentorbot-report-") {
			content = f.Content
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		e.t.Fatalf("the report's CSV: %v\n%s", err, content)
	}
	for _, r := range rows {
		if r[0] == "feedback" {
			out = append(out, "csv "+strings.Join(r, ","))
		}
	}
	out = append(out, "home "+rfHome(e, "*Feedback:*"))
	return out
}

// The audit's finding: five mentees rated (1 to 5) and answered the
// good-fit check; bob asked to be forgotten. The report's message kept
// "5 answers from 5 people", but its CSV dropped to "ratings,4" and
// "raters,4" beside "all_ratings_answers,5": the file contradicted itself,
// and the drop was bob's answers. Every feedback figure sums closed groups,
// which keep their totals after a forget, and how many answers wait for a
// group is not shown: that number would drop by the answers of whoever
// is forgotten (bob's second rating, alice's one as a mentor here).
func TestReportFeedbackDoesNotMoveWhenSomeoneIsForgotten(t *testing.T) {
	e := newEnv(t)
	pairs := map[string]store.Pair{}
	for _, pr := range [][2]string{{alice, bob}, {alice, carol}, {alice, dana}, {erin, "UFARID"}, {erin, "UGUS"}} {
		p, err := e.app.DB.CreatePair(e.ctx, dana, pr[0], pr[1])
		if err != nil {
			t.Fatal(err)
		}
		pairs[pr[1]] = p
	}
	give := func(from, mentee string, in store.NewFeedback) {
		t.Helper()
		in.PairID = pairs[mentee].ID
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, from, in); err != nil {
			t.Fatal(err)
		}
	}
	for i, mentee := range []string{bob, carol, dana, "UFARID", "UGUS"} {
		give(mentee, mentee, store.NewFeedback{Kind: store.FeedbackFit, Fit: store.FitYes})
		give(mentee, mentee, store.NewFeedback{Kind: store.FeedbackRating, Rating: i + 1})
	}
	// Answers no group counts yet: bob's second rating, and alice's as
	// bob's mentor.
	give(bob, bob, store.NewFeedback{Kind: store.FeedbackRating, Rating: 5})
	give(alice, bob, store.NewFeedback{Kind: store.FeedbackRating, Rating: 4})
	e.settle()

	before := raFeedback(e)
	for _, want := range []string{"report • all ratings: *3.0* / 5 (5 answers from 5 people)",
		"report • good fit: 5 yes · 0 not sure · 0 no (from 5 people)",
		"csv feedback,all_ratings_answers,all time,5,counted so far"} {
		if !slices.Contains(before, want) {
			t.Errorf("the feedback figures lack %q:\n%s", want, strings.Join(before, "\n"))
		}
	}
	// Nothing shown counts the answers themselves: no line may move with
	// one person's answers, as a count of the answers waiting would.
	for _, l := range before {
		for _, not := range []string{",ratings,", ",raters,", "_waiting,", "7 ratings", "2 ratings", "of 5 people so far"} {
			if strings.Contains(l, not) {
				t.Errorf("a feedback line counts answers outside a closed group (%q): %q", not, l)
			}
		}
	}

	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
	e.settle()
	if n := queryInt(t, e.cfg.DB, `SELECT count(*) FROM feedback WHERE from_id = 'UBOB' OR to_id = 'UBOB'`); n != 0 {
		t.Fatalf("%d answers by or about bob after his forget", n)
	}
	if after := raFeedback(e); !slices.Equal(after, before) {
		t.Errorf("bob's forget moved the feedback figures:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	pgNoFailures(e)
}
