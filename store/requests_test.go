package store_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

func TestAcceptingARequestWhenAlreadyPairedSettlesIt(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name           string
		mentor, mentee string // the pair an admin made after the request
		status         string
	}{
		{"as asked", "UMENTOR", "UMENTEE", "accepted"},
		{"roles the other way round", "UMENTEE", "UMENTOR", "cancelled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := MustOpen(t)
			req, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "please")
			if err != nil {
				t.Fatal(err)
			}
			made, err := db.CreatePair(ctx, "UADMIN", c.mentor, c.mentee)
			if err != nil {
				t.Fatal(err)
			}
			got, p, err := db.AnswerRequest(ctx, "UMENTOR", req.ID, true)
			if err != nil {
				t.Fatalf("accept: %v", err)
			}
			if !got.AlreadyPaired || got.Status != c.status || got.PairID != made.ID || p.ID != made.ID || p.MentorID != c.mentor {
				t.Errorf("accept = %+v, pair %+v; want settled as %s with pair %d", got, p, c.status, made.ID)
			}
			if all, _ := db.AllPairs(ctx, true); len(all) != 1 {
				t.Errorf("%d pairs, want only the admin's", len(all))
			}
			// Settled: not pending any more, and a new request is refused
			// because they are a pair, not because one is pending.
			if _, _, err := db.AnswerRequest(ctx, "UMENTOR", req.ID, true); store.ErrorCode(err) != store.EConflict {
				t.Errorf("answering again: %v, want a conflict", err)
			}
			if _, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", ""); store.ErrorMessage(err) == "" ||
				store.ErrorCode(err) != store.EConflict {
				t.Errorf("a new request: %v, want a conflict", err)
			}
		})
	}
}

func TestAcceptingARequestMakesThePair(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	req, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "")
	if err != nil {
		t.Fatal(err)
	}
	got, p, err := db.AnswerRequest(ctx, "UMENTOR", req.ID, true)
	if err != nil || got.AlreadyPaired || got.Status != "accepted" || p.MentorID != "UMENTOR" || p.MenteeID != "UMENTEE" {
		t.Fatalf("accept = %+v, %+v, %v", got, p, err)
	}
}
