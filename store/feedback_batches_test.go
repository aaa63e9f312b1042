package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// fbPairs makes n pairs, UM<i> mentoring UE<i>.
func fbPairs(t *testing.T, db *store.DB, n int) []store.Pair {
	t.Helper()
	pairs := make([]store.Pair, n)
	for i := range pairs {
		p, err := db.CreatePair(context.Background(), "UADMIN", fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i))
		if err != nil {
			t.Fatal(err)
		}
		pairs[i] = p
	}
	return pairs
}

// fbFit gives from's good-fit answer in p.
func fbFit(t *testing.T, db *store.DB, p store.Pair, from, answer string) {
	t.Helper()
	if _, _, err := db.GiveFeedback(context.Background(), from, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: answer}); err != nil {
		t.Fatal(err)
	}
}

// fbFigures are the report's feedback figures, as an admin reads them
// (what waits is left out: a count of answers, not what they say).
type fbFigures struct {
	All, OfMentors, OfMentees store.Rating
	Fit                       store.FitCounts
}

func fbReport(t *testing.T, db *store.DB) (fbFigures, store.Report) {
	t.Helper()
	rep, err := db.ProgrammeReport(context.Background(), testNow, rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := db.ProgrammeSummary(context.Background(), testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := fbFigures{rep.RatingsAll, rep.RatingsOfMentors, rep.RatingsOfMentees, rep.Fit}
	// The admin's Home reads the same figures.
	if g := (fbFigures{sum.RatingsAll, sum.RatingsOfMentors, sum.RatingsOfMentees, sum.Fit}); g != f {
		t.Errorf("the Home's figures %+v differ from the report's %+v", g, f)
	}
	return f, rep
}

// testNow is a time for a report: feedback figures do not depend on it.
var testNow = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// The reproduction of the audit: five people answer the good-fit check
// Yes; a sixth (whose pair the admin knows has just met) answers No. The
// figures must not move by that one answer, nor by the next three: only
// once the answers waiting hold five different people do they move, all
// together.
func TestFeedbackFitCountsMoveByWholeBatches(t *testing.T) {
	db, _ := MustOpen(t)
	pairs := fbPairs(t, db, 10)
	for i := 0; i < 5; i++ {
		fbFit(t, db, pairs[i], fmt.Sprintf("UE%d", i), store.FitYes)
	}
	before, _ := fbReport(t, db)
	if f := before.Fit; f.Yes != 5 || f.Unsure != 0 || f.No != 0 || f.People != 5 {
		t.Fatalf("fit after five yes = %+v, want 5 yes from 5 people", f)
	}

	fbFit(t, db, pairs[5], "UE5", store.FitNo) // farid
	if after, _ := fbReport(t, db); after != before {
		t.Errorf("after one more answer the figures are %+v, want them as before, %+v", after, before)
	}
	for i := 6; i < 9; i++ {
		fbFit(t, db, pairs[i], fmt.Sprintf("UE%d", i), store.FitYes)
		if got, _ := fbReport(t, db); got != before {
			t.Errorf("with %d answers waiting the figures are %+v, want them as before", i-4, got)
		}
	}
	// One person answering again (the check of another pair of theirs:
	// one answer per pair) is still four people.
	again, err := db.CreatePair(context.Background(), "UADMIN", "UMX", "UE7")
	if err != nil {
		t.Fatal(err)
	}
	fbFit(t, db, again, "UE7", store.FitYes)
	if got, _ := fbReport(t, db); got != before {
		t.Errorf("with four people's answers waiting the figures are %+v, want them as before", got)
	}
	fbFit(t, db, pairs[9], "UE9", store.FitUnsure)
	got, _ := fbReport(t, db)
	if f := got.Fit; f.Yes != 9 || f.Unsure != 1 || f.No != 1 || f.People != 10 {
		t.Errorf("fit once five more people answered = %+v, want 9 yes, 1 not sure, 1 no from 10 people", f)
	}
	if got.All.N != 0 || got.OfMentors.N != 0 || got.OfMentees.N != 0 {
		t.Errorf("ratings moved with good-fit answers: %+v", got)
	}
}

// The same for ratings: a sixth rating leaves the averages as they were,
// however exactly an admin reads them (the CSV has two decimals), and
// each side has batches of its own, so that neither side nor the whole
// moves by fewer than five people's answers.
func TestFeedbackRatingsMoveByWholeBatches(t *testing.T) {
	db, _ := MustOpen(t)
	pairs := fbPairs(t, db, 10)
	for i, r := range []int{4, 4, 4, 5, 4} {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), r, testNow)
	}
	before, _ := fbReport(t, db)
	if r := before.All; r.N != 5 || r.People != 5 || math.Abs(r.Average-4.2) > 1e-9 || before.OfMentors != r {
		t.Fatalf("ratings after five = %+v, want 4.2 from 5 answers of 5 people", before)
	}
	rpRating(t, db, pairs[5], "UE5", "UM5", 1, testNow) // farid
	// A mentor's ratings are another figure's: four mentors rating moves
	// neither their side nor the whole.
	for i := 0; i < 4; i++ {
		rpRating(t, db, pairs[i], fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i), 2, testNow)
	}
	if after, _ := fbReport(t, db); after != before {
		t.Errorf("after farid's rating and four mentors' the figures are %+v, want them as before, %+v", after, before)
	}
	for i := 6; i < 10; i++ {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 3, testNow)
	}
	got, _ := fbReport(t, db)
	if r := got.OfMentors; r.N != 10 || r.People != 10 || math.Abs(r.Average-(21+1+12)/10.0) > 1e-9 {
		t.Errorf("mentees' ratings once five more people rated = %+v, want 3.4 from 10 answers of 10 people", r)
	}
	if got.All != got.OfMentors || got.OfMentees.N != 0 {
		t.Errorf("all ratings = %+v and mentors' = %+v, want the mentees' side only while the mentors' waits", got.All, got.OfMentees)
	}
	// A fifth mentor closes their side's batch; UE0, who also mentors
	// UE10, is counted once among all raters.
	extra, err := db.CreatePair(context.Background(), "UADMIN", "UE0", "UE10")
	if err != nil {
		t.Fatal(err)
	}
	rpRating(t, db, extra, "UE0", "UE10", 5, testNow)
	got, _ = fbReport(t, db)
	if r := got.OfMentees; r.N != 5 || r.People != 5 || math.Abs(r.Average-13/5.0) > 1e-9 {
		t.Errorf("mentors' ratings = %+v, want 2.6 from 5 answers of 5 people", r)
	}
	if r := got.All; r.N != 15 || r.People != 14 || math.Abs(r.Average-47/15.0) > 1e-9 {
		t.Errorf("all ratings = %+v, want 15 answers from 14 people", r)
	}
}

// /mentor forget deletes a person's answers, but the figures keep the
// totals of the batches they were counted in: deleting them from the
// figures would move them by exactly that person's answers. Their answers
// still waiting go, and the next batch needs five people as ever.
func TestFeedbackForgetMovesNoFigure(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	pairs := fbPairs(t, db, 12)
	for i := 0; i < 6; i++ {
		fbFit(t, db, pairs[i], fmt.Sprintf("UE%d", i), store.FitYes)
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 2+i%4, testNow)
	}
	fbFit(t, db, pairs[6], "UE6", store.FitNo)
	before, _ := fbReport(t, db)
	if before.Fit.Total() != 5 || before.All.N != 5 {
		t.Fatalf("figures = %+v, want batches of 5", before)
	}
	// UE0 was counted; UE6's answer waits. Their partners' answers about
	// them are deleted too.
	for _, who := range []string{"UE0", "UE6", "UM1"} {
		if _, err := db.Forget(ctx, who, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := fbReport(t, db); got != before {
			t.Errorf("after %s is forgotten the figures are %+v, want them as before, %+v", who, got, before)
		}
	}
	for i := 7; i < 10; i++ {
		fbFit(t, db, pairs[i], fmt.Sprintf("UE%d", i), store.FitUnsure)
	}
	if got, _ := fbReport(t, db); got != before {
		t.Errorf("with UE5 and three more waiting the figures are %+v, want them as before", got)
	}
	fbFit(t, db, pairs[10], "UE10", store.FitUnsure)
	if got, _ := fbReport(t, db); got.Fit != (store.FitCounts{Yes: 6, Unsure: 4, People: 10}) {
		t.Errorf("fit once five people waited = %+v, want 6 yes, 4 not sure from 10 people", got.Fit)
	}
}

// Upgrading to batches: the answers given before make one batch per figure
// the report showed, so that the first report after the upgrade shows the
// same figures as the last one before it (a change would be the answers
// of fewer than five people), and the answers of a figure it held back
// wait for a batch.
func TestFeedbackBatchesOfAnswersGivenBefore(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name             string
		mentees, mentors int // people who rated, each once
		fits             int
		want             fbFigures
		waiting          int
		// fresh is how many new mentees may rate before a batch of
		// mentees' ratings closes: 4 less those waiting.
		fresh int
	}{
		{name: "neither side had five people, both together had", mentees: 3, mentors: 3, fits: 5,
			want: fbFigures{All: store.Rating{N: 6, People: 6, Average: 3}, Fit: store.FitCounts{Yes: 5, People: 5}}, fresh: 4},
		{name: "one side had five people", mentees: 5, mentors: 2, fits: 4,
			want:    fbFigures{All: store.Rating{N: 5, People: 5, Average: 4}, OfMentors: store.Rating{N: 5, People: 5, Average: 4}},
			waiting: 2 + 4, fresh: 4},
		{name: "both sides had", mentees: 5, mentors: 5,
			want: fbFigures{All: store.Rating{N: 10, People: 10, Average: 3}, OfMentors: store.Rating{N: 5, People: 5, Average: 4},
				OfMentees: store.Rating{N: 5, People: 5, Average: 2}}, fresh: 4},
		{name: "too few people", mentees: 2, mentors: 2, fits: 3, waiting: 4 + 3, fresh: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			db, err := store.Open(ctx, path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			pairs := fbPairs(t, db, 5)
			for i := 0; i < tc.mentees; i++ {
				rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 4, testNow)
			}
			for i := 0; i < tc.mentors; i++ {
				rpRating(t, db, pairs[i], fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i), 2, testNow)
			}
			for i := 0; i < tc.fits; i++ {
				fbFit(t, db, pairs[i], fmt.Sprintf("UE%d", i), store.FitYes)
			}
			db.Close()
			// Back to schema 18, before batches.
			raw, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{`DROP INDEX feedback_open`, `DROP INDEX feedback_counted`, `ALTER TABLE feedback DROP COLUMN batch_id`, `DROP TABLE feedback_batches`, `ALTER TABLE sessions DROP COLUMN held_today`, `ALTER TABLE signups DROP COLUMN after_pair`, `ALTER TABLE pairs DROP COLUMN snoozed_at`, `DROP TABLE checkin_pairs`, `ALTER TABLE notifications DROP COLUMN lease_locked`, `DROP TABLE forgotten`, `ALTER TABLE cohorts DROP COLUMN tz`, `ALTER TABLE meeting_skips DROP COLUMN prompted_for`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 18`} {
				if _, err := raw.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			raw.Close()
			if db, err = store.Open(ctx, path, store.Options{}); err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got, _ := fbReport(t, db)
			// The report does not say how many wait (a count that
			// moves by one person's answers): the database does.
			if raw, err = sql.Open("sqlite", "file:"+path+"?mode=ro"); err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var waiting int
			if err := raw.QueryRow(`SELECT count(*) FROM feedback WHERE batch_id IS NULL AND kind <> 'note'`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
			if got != tc.want || waiting != tc.waiting {
				t.Errorf("figures after the upgrade = %+v (%d waiting), want %+v (%d waiting)", got, waiting, tc.want, tc.waiting)
			}
			// New answers join the batches open: up to four
			// people's move nothing.
			more := fbPairs2(t, db, tc.fresh)
			for i, p := range more {
				rpRating(t, db, p, fmt.Sprintf("UN%d", i), fmt.Sprintf("UK%d", i), 1, testNow)
			}
			if got2, _ := fbReport(t, db); got2 != got {
				t.Errorf("%d new ratings moved the figures from %+v to %+v", tc.fresh, got, got2)
			}
		})
	}
}

// fbPairs2 makes n more pairs, UK<i> mentoring UN<i>.
func fbPairs2(t *testing.T, db *store.DB, n int) []store.Pair {
	t.Helper()
	pairs := make([]store.Pair, n)
	for i := range pairs {
		p, err := db.CreatePair(context.Background(), "UADMIN", fmt.Sprintf("UK%d", i), fmt.Sprintf("UN%d", i))
		if err != nil {
			t.Fatal(err)
		}
		pairs[i] = p
	}
	return pairs
}
