package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Someone signed up as both who has their mentor and still has a place
// as a mentor is waiting; changing their topics with /mentor join ("change
// anything below and press Save") edits the sign-up. It must not put them
// back in the pool for a second mentor, nor at the back of the queue.
func TestAuditEditingAWaitingSignupKeepsWhatItHad(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UB", store.RoleBoth, 2, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UB"}})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UM", "UB"} {
		if _, err := db.AnswerProposal(ctx, u, pub[0].ID, true); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := db.Signup(ctx, "UB")
	if before.Status != store.SignupWaiting {
		t.Fatalf("UB, with a mentor place free: %s, want waiting", before.Status)
	}
	clk.Advance(time.Hour)
	if _, err := db.SaveSignup(ctx, "UB", store.Signup{Role: store.RoleBoth, Cadence: "weekly", Capacity: 2, Topics: []string{"go", "rust"}}); err != nil {
		t.Fatal(err)
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pool.Signups {
		if s.UserID != "UB" {
			continue
		}
		if pool.NeedsMentor(s) {
			t.Errorf("after editing their topics, UB needs a mentor again, though UM is theirs")
		}
		if !s.CreatedAt.Equal(before.CreatedAt) {
			t.Errorf("editing moved UB's sign-up from %v to %v", before.CreatedAt, s.CreatedAt)
		}
		if pool.FreePlaces(s) != 2 {
			t.Errorf("UB has %d free places, want 2", pool.FreePlaces(s))
		}
	}
}

// The DMs a publication brings are queued in its commit: when queueing
// one fails, nothing is published, so Publish can be pressed again,
// rather than answering "already published" with DMs left unqueued.
func TestPublishRoundQueuesItsDMsInTheSameCommit(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM1", store.RoleMentor, 1, "go")
	join(t, db, "UM2", store.RoleMentor, 1, "go")
	join(t, db, "UE1", store.RoleMentee, 0, "go")
	join(t, db, "UE2", store.RoleMentee, 0, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM1", MenteeID: "UE1"}, {MentorID: "UM2", MenteeID: "UE2"}})
	if err != nil {
		t.Fatal(err)
	}
	note := func(p store.Proposal) store.Notification {
		return store.Notification{Key: "test:" + p.MenteeID, Kind: "test", RecipientID: p.MenteeID, Ref: "x"}
	}
	calls := 0
	_, _, err = db.PublishRound(ctx, "UADMIN", round, func(p store.Proposal) ([]store.Notification, error) {
		if calls++; calls == 2 {
			return nil, errors.New("boom")
		}
		return []store.Notification{note(p)}, nil
	})
	if err == nil {
		t.Fatal("publish whose second DM failed: no error")
	}
	if _, err := db.Notification(ctx, "test:UE1"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the first DM of a failed publication was kept: %v", err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, func(p store.Proposal) ([]store.Notification, error) {
		return []store.Notification{note(p)}, nil
	})
	if err != nil || len(pub) != 2 {
		t.Fatalf("publish again: %d published, %v", len(pub), err)
	}
	for _, u := range []string{"UE1", "UE2"} {
		if _, err := db.Notification(ctx, "test:"+u); err != nil {
			t.Errorf("DM to %s: %v", u, err)
		}
	}
}
