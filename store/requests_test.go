package store_test

import (
	"context"
	"fmt"
	"slices"
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

// The sweep withdraws the pending requests whose DM was given up for
// good (failed, or dropped past its time), once, and only those: not one
// whose DM is still to go or went, nor one already answered.
func TestWithdrawUndeliveredRequests(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	ask := func(requester, dmStatus string) store.Request {
		t.Helper()
		req, err := db.CreateRequest(ctx, requester, "UMENTOR", "")
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("request:%d", req.ID)
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "request", RecipientID: "UMENTOR", Payload: "{}"}); err != nil {
			t.Fatal(err)
		}
		if dmStatus != store.NotePending {
			n, err := db.Notification(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.MarkDone(ctx, n.ID, dmStatus, "test"); err != nil {
				t.Fatal(err)
			}
		}
		return req
	}
	failed, dropped := ask("UFAILED", store.NoteFailed), ask("UDROPPED", store.NoteDropped)
	ask("UWAITING", store.NotePending)
	answered := ask("UANSWERED", store.NoteFailed)
	if _, _, err := db.AnswerRequest(ctx, "UMENTOR", answered.ID, false); err != nil {
		t.Fatal(err)
	}
	sweep := func() []int64 {
		var ids []int64
		err := db.InTx(ctx, func(tx *store.Tx) error {
			reqs, err := store.WithdrawUndeliveredTx(ctx, tx)
			for _, r := range reqs {
				ids = append(ids, r.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(ids)
		return ids
	}
	if got, want := sweep(), []int64{failed.ID, dropped.ID}; !slices.Equal(got, want) {
		t.Errorf("withdrawn %v, want %v", got, want)
	}
	if got := sweep(); len(got) != 0 {
		t.Errorf("withdrawn again: %v", got)
	}
	// Withdrawn, the same request may be made again.
	if _, err := db.CreateRequest(ctx, "UFAILED", "UMENTOR", ""); err != nil {
		t.Errorf("asking again after the withdrawal: %v", err)
	}
}
