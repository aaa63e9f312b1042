package store_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The report's feedback figures need MinFeedbackAnswers different people
// behind them: one person answering many prompts is still one person.
func TestProgrammeReportCountsPeopleNotAnswers(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	pairs := make([]store.Pair, 6)
	for i := range pairs {
		p, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i))
		if err != nil {
			t.Fatal(err)
		}
		pairs[i] = p
	}
	report := func() store.Report {
		t.Helper()
		rep, err := db.ProgrammeReport(ctx, now, rpWeekly)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	fit := func(p store.Pair, from, answer string) {
		t.Helper()
		if _, _, err := db.GiveFeedback(ctx, from, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: answer}); err != nil {
			t.Fatal(err)
		}
	}

	// One mentee answers five prompts: none of their ratings shows.
	for i := 0; i < 5; i++ {
		rpRating(t, db, pairs[0], "UE0", "UM0", 2, now)
	}
	rep := report()
	if rep.RatingsOfMentors.N != 0 || rep.RatingsAll.N != 0 || rep.FeedbackAnswers != 5 || rep.FeedbackPeople != 1 {
		t.Errorf("one mentee's five ratings: of mentors %+v, all %+v, answers %d, people %d; want nothing shown, 5 answers from 1 person",
			rep.RatingsOfMentors, rep.RatingsAll, rep.FeedbackAnswers, rep.FeedbackPeople)
	}

	// Four more mentees: five people and nine answers, shown with
	// how many people gave them. No mentor rated, so the overall figure
	// is the mentees' and may show.
	for i := 1; i < 5; i++ {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 4, now)
	}
	rep = report()
	if r := rep.RatingsOfMentors; r.N != 9 || r.People != 5 || math.Abs(r.Average-26.0/9) > 1e-9 {
		t.Errorf("of mentors = %+v, want 9 answers from 5 people", r)
	}
	if r := rep.RatingsAll; r.N != 9 || r.People != 5 {
		t.Errorf("all = %+v, want 9 answers from 5 people", r)
	}

	// One mentor rates five times: their side stays held back, and so does
	// the overall figure, which would give it away.
	for i := 0; i < 5; i++ {
		rpRating(t, db, pairs[0], "UM0", "UE0", 1, now)
	}
	rep = report()
	if rep.RatingsOfMentees.N != 0 || rep.RatingsAll.N != 0 || rep.RatingsOfMentors.People != 5 {
		t.Errorf("one mentor's five ratings: of mentees %+v, all %+v, of mentors %+v; want the mentors' side and the total held back",
			rep.RatingsOfMentees, rep.RatingsAll, rep.RatingsOfMentors)
	}

	// Good fit: five answers from two people are held back whole, a lone
	// "no" included.
	fit(pairs[5], "UE5", store.FitNo)
	for i := 0; i < 4; i++ {
		fit(pairs[1], "UE1", store.FitYes)
	}
	rep = report()
	if rep.Fit.Total() != 0 {
		t.Errorf("fit answers shown from %d people: %+v", rep.Fit.People, rep.Fit)
	}
	// Three more people make five: the breakdown shows.
	for i := 2; i < 5; i++ {
		fit(pairs[i], fmt.Sprintf("UM%d", i), store.FitUnsure)
	}
	rep = report()
	if f := rep.Fit; f.Yes != 4 || f.Unsure != 3 || f.No != 1 || f.People != 5 {
		t.Errorf("fit = %+v, want 4 yes, 3 unsure, 1 no from 5 people", f)
	}
}
