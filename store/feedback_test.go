package store_test

import (
	"context"
	"errors"
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

// One good-fit answer per person and pair, one rating per feedback prompt
// sent: a second press, or a round never asked, stores nothing, even
// when the presses come together.
func TestFeedbackOncePerQuestion(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	count := func(kind string) int {
		t.Helper()
		given, err := db.FeedbackGiven(ctx, "UMENTEE", p.ID, kind, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return len(given)
	}

	// Five presses at once: one answer.
	errs := make(chan error, 5)
	for _, fit := range []string{store.FitNo, store.FitNo, store.FitYes, store.FitUnsure, store.FitNo} {
		go func() {
			_, _, err := db.GiveFeedback(ctx, "UMENTEE", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: fit})
			errs <- err
		}()
	}
	refused := 0
	for range 5 {
		switch err := <-errs; {
		case errors.Is(err, store.ErrAnswered):
			refused++
		case err != nil:
			t.Fatal(err)
		}
	}
	if n := count(store.FeedbackFit); n != 1 || refused != 4 {
		t.Errorf("five good-fit presses at once stored %d answers and refused %d, want 1 and 4", n, refused)
	}
	// The partner answers for themselves.
	if _, _, err := db.GiveFeedback(ctx, "UMENTOR", store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitYes}); err != nil {
		t.Errorf("the mentor's own good-fit answer: %v", err)
	}

	rate := func(who, key string) error {
		_, _, err := db.GiveFeedback(ctx, who, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 5, Prompt: key})
		return err
	}
	const n4, n8 = "feedback_prompt:pair=1:n=4:to=UMENTEE", "feedback_prompt:pair=1:n=8:to=UMENTEE"
	// Not sent yet, or sent to someone else: not asked.
	if _, err := db.Enqueue(ctx, store.Notification{Key: n4, Kind: "feedback_prompt", RecipientID: "UMENTEE", PairID: p.ID, Ref: "4", DueAt: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	sendNote(t, db, "feedback_prompt:pair=1:n=4:to=UMENTOR", "UMENTOR", p.ID, "")
	for _, c := range []struct{ who, key string }{{"UMENTEE", n4}, {"UMENTEE", n8}, {"UMENTEE", "feedback_prompt:pair=1:n=4:to=UMENTOR"}} {
		if err := rate(c.who, c.key); !errors.Is(err, store.ErrNotAsked) {
			t.Errorf("%s rates %s: err = %v, want not asked", c.who, c.key, err)
		}
		if _, _, err := db.FeedbackPrompt(ctx, c.who, p.ID, c.key); !errors.Is(err, store.ErrNotAsked) {
			t.Errorf("FeedbackPrompt(%s, %s): err = %v, want not asked", c.who, c.key, err)
		}
	}
	if n := count(store.FeedbackRating); n != 0 {
		t.Fatalf("ratings of prompts never sent: %d stored", n)
	}

	n, err := db.Notification(ctx, n4)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, n.ID, "DUMENTEE", "1.000002"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	for range 3 {
		go func() { errs <- rate("UMENTEE", n4) }()
	}
	refused = 0
	for range 3 {
		switch err := <-errs; {
		case errors.Is(err, store.ErrAnswered):
			refused++
		case err != nil:
			t.Fatal(err)
		}
	}
	if n := count(store.FeedbackRating); n != 1 || refused != 2 {
		t.Errorf("three ratings of one prompt at once stored %d and refused %d, want 1 and 2", n, refused)
	}
	if got, answered, err := db.FeedbackPrompt(ctx, "UMENTEE", p.ID, n4); err != nil || !answered || got.TS != "1.000002" {
		t.Errorf("FeedbackPrompt after the rating = %+v, %v, %v; want it answered", got, answered, err)
	}
}
