package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

func TestFeedback(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	start := clk.Now()

	f, fp, err := db.GiveFeedback(ctx, "UMENTEE", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 4, Text: "  clear & kind  "})
	if err != nil {
		t.Fatal(err)
	}
	if f.ToID != "UMENTOR" || f.FromID != "UMENTEE" || f.Rating != 4 || f.Text != "clear & kind" || fp.ID != p.ID || f.ID == 0 {
		t.Errorf("rating stored as %+v (pair %+v)", f, fp)
	}
	if _, _, err := db.GiveFeedback(ctx, "UMENTOR", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}

	for _, bad := range []store.NewFeedback{
		{PairID: p.ID, Kind: store.FeedbackRating, Rating: 0},
		{PairID: p.ID, Kind: store.FeedbackRating, Rating: 6},
		{PairID: p.ID, Kind: store.FeedbackFit, Fit: "maybe"},
		{PairID: p.ID, Kind: store.FeedbackNote, Text: "   "},
		{PairID: p.ID, Kind: store.FeedbackNote, Text: string(make([]byte, store.MaxFeedbackText+1))},
	} {
		if _, _, err := db.GiveFeedback(ctx, "UMENTEE", bad); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("GiveFeedback(%+v): err = %v, want invalid", bad, err)
		}
	}
	// Only members may give feedback in a pair, and nobody learns it exists.
	if _, _, err := db.GiveFeedback(ctx, "USTRANGER", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 5}); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("stranger's feedback: err = %v, want not found", err)
	}
	if _, err := db.FeedbackGiven(ctx, "USTRANGER", p.ID, "", start); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("stranger reads feedback: err = %v, want not found", err)
	}

	given, err := db.FeedbackGiven(ctx, "UMENTEE", p.ID, store.FeedbackRating, start)
	if err != nil || len(given) != 1 || given[0].Rating != 4 {
		t.Errorf("given = %+v, %v", given, err)
	}
	clk.Advance(time.Hour)
	if given, _ := db.FeedbackGiven(ctx, "UMENTEE", p.ID, store.FeedbackRating, clk.Now()); len(given) != 0 {
		t.Errorf("given since later = %+v, want none", given)
	}
	// The mentor receives the rating; the mentee never sees the mentor's fit answer.
	if got, _ := db.FeedbackReceived(ctx, "UMENTOR", 0); len(got) != 1 || got[0].Kind != store.FeedbackRating {
		t.Errorf("mentor received %+v", got)
	}
	if got, _ := db.FeedbackReceived(ctx, "UMENTEE", 0); len(got) != 0 {
		t.Errorf("mentee received %+v, want nothing (fit answers are private)", got)
	}

	if _, err := db.EndPair(ctx, "UMENTOR", p.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.GiveFeedback(ctx, "UMENTEE", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 3}); store.ErrorCode(err) != store.EConflict {
		t.Errorf("feedback in an ended pair: err = %v, want conflict", err)
	}
}

func TestProgrammeAdmins(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for _, p := range []store.Profile{{ID: "UA", IsAdmin: true}, {ID: "UB"}, {ID: "UC", IsAdmin: true, Deleted: true}} {
		if _, err := db.SaveProfile(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ProgrammeAdmins(ctx)
	if err != nil || len(got) != 1 || got[0] != "UA" {
		t.Errorf("admins = %v, %v; want [UA]", got, err)
	}
}
