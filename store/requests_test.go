package store_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// leftOpen makes request id pending again, as a version that did not
// close the requests of a pair it made left it.
func leftOpen(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecForTest(context.Background(), `UPDATE pair_requests SET status = 'pending', answered_at = 0, pair_id = NULL WHERE id = ?`, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Making a pair, however it is made, closes every request between its
// two, either way round, with the pair: nobody can answer one then, nor
// withdraw it, and none of them holds the requester back from asking
// again as a withdrawal would. Requests with others stay open.
func TestMakingAPairClosesTheRequestsBetweenTheTwo(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	asked, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "please")
	if err != nil {
		t.Fatal(err)
	}
	back, err := db.CreateRequest(ctx, "UMENTOR", "UMENTEE", "or me?")
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateRequest(ctx, "UMENTEE", "UOTHER", "")
	if err != nil {
		t.Fatal(err)
	}
	made, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	closed, err := db.RequestsClosedByPair(ctx, made.ID)
	if err != nil || len(closed) != 2 || closed[0].ID != asked.ID || closed[1].ID != back.ID {
		t.Fatalf("closed by the pair: %+v, %v; want requests %d and %d", closed, err, asked.ID, back.ID)
	}
	if pending, _ := db.PendingRequests(ctx, "UMENTEE"); len(pending) != 1 || pending[0].ID != other.ID {
		t.Errorf("pending after the pair: %+v; want only the request to UOTHER", pending)
	}
	for _, c := range []struct {
		mentor string
		id     int64
	}{{"UMENTOR", asked.ID}, {"UMENTEE", back.ID}} {
		_, _, err := answerRequest(ctx, db, c.mentor, c.id, true)
		if store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "already a pair") {
			t.Errorf("answering request %d: %v; want told they are a pair", c.id, err)
		}
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := store.WithdrawRequestTx(ctx, tx, "UMENTEE", "UMENTOR"); store.ErrorCode(err) != store.ENotFound {
			t.Errorf("withdrawing the closed request: %v; want nothing to withdraw", err)
		}
		if at, err := store.LastWithdrawnTx(ctx, tx, "UMENTEE", "UMENTOR"); err != nil || !at.IsZero() {
			t.Errorf("last withdrawn: %v, %v; a closed request is no withdrawal", at, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPair(ctx, "UMENTEE", made.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := answerRequest(ctx, db, "UMENTOR", asked.ID, true); !strings.Contains(store.ErrorMessage(err), "were paired after this request") {
		t.Errorf("answering after the pair ended: %v", err)
	}
	if _, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "again"); err != nil {
		t.Errorf("asking again once the pair ended: %v", err)
	}
}

// The request accepted to make a pair is accepted, not closed by it.
func TestAcceptedRequestIsNotClosedByThePairItMakes(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	req, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "")
	if err != nil {
		t.Fatal(err)
	}
	back, err := db.CreateRequest(ctx, "UMENTOR", "UMENTEE", "")
	if err != nil {
		t.Fatal(err)
	}
	got, p, err := answerRequest(ctx, db, "UMENTOR", req.ID, true)
	if err != nil || got.Status != "accepted" || got.PairID != p.ID {
		t.Fatalf("accept = %+v, %v", got, err)
	}
	if closed, err := db.RequestsClosedByPair(ctx, p.ID); err != nil || len(closed) != 1 || closed[0].ID != back.ID {
		t.Errorf("closed by the pair: %+v, %v; want only request %d", closed, err, back.ID)
	}
}

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
			leftOpen(t, db, req.ID)
			got, p, err := answerRequest(ctx, db, "UMENTOR", req.ID, true)
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
			if _, _, err := answerRequest(ctx, db, "UMENTOR", req.ID, true); store.ErrorCode(err) != store.EConflict {
				t.Errorf("answering again: %v, want a conflict", err)
			}
			if _, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", ""); store.ErrorMessage(err) == "" ||
				store.ErrorCode(err) != store.EConflict {
				t.Errorf("a new request: %v, want a conflict", err)
			}
		})
	}
}

// A decline that comes after the two were paired settles the request as
// cancelled, with the pair: it is not a refusal to tell the requester of.
func TestDecliningARequestWhenAlreadyPairedSettlesIt(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	req, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "please")
	if err != nil {
		t.Fatal(err)
	}
	made, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	leftOpen(t, db, req.ID)
	got, p, err := answerRequest(ctx, db, "UMENTOR", req.ID, false)
	if err != nil {
		t.Fatalf("decline: %v", err)
	}
	if !got.AlreadyPaired || got.Status != "cancelled" || got.PairID != made.ID || p.ID != made.ID {
		t.Errorf("decline = %+v, pair %+v; want settled as cancelled with pair %d", got, p, made.ID)
	}
	if all, _ := db.AllPairs(ctx, false); len(all) != 1 {
		t.Errorf("%d live pairs, want the admin's", len(all))
	}
}

func TestAcceptingARequestMakesThePair(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	req, err := db.CreateRequest(ctx, "UMENTEE", "UMENTOR", "")
	if err != nil {
		t.Fatal(err)
	}
	got, p, err := answerRequest(ctx, db, "UMENTOR", req.ID, true)
	if err != nil || got.AlreadyPaired || got.Status != "accepted" || p.MentorID != "UMENTOR" || p.MenteeID != "UMENTEE" {
		t.Fatalf("accept = %+v, %+v, %v", got, p, err)
	}
}

// The sweep withdraws the pending requests whose DM surely never reached
// the mentor (refused for good, or dropped untried), once, and only
// those: not one whose DM is still to go or went, nor one given up after
// failures it may have survived, nor one already answered.
func TestWithdrawUndeliveredRequests(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	const refused = "refused" // a dmStatus: failed, refused for good (MarkRefused)
	const untried = "untried" // a dmStatus: dropped at its first claim, before its send began (MarkDroppedUntried)
	const tried = "tried"     // a dmStatus: dropped by a claim that may have sent it (MarkDone)
	ask := func(requester, dmStatus, reason string) store.Request {
		t.Helper()
		req, err := db.CreateRequest(ctx, requester, "UMENTOR", "")
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("request:%d", req.ID)
		dm := store.Notification{Key: key, Kind: "request", RecipientID: "UMENTOR", Payload: "{}"}
		if dmStatus == store.NoteDropped {
			// Its time passed before it was tried: dropped untried.
			dm.DueAt, dm.ExpiresAt = clk.Now().Add(-2*time.Hour), clk.Now().Add(-time.Hour)
		}
		if _, err := db.Enqueue(ctx, dm); err != nil {
			t.Fatal(err)
		}
		if dmStatus == store.NoteDropped {
			if _, err := db.DropExpired(ctx, clk.Now()); err != nil {
				t.Fatal(err)
			}
		} else if dmStatus != store.NotePending {
			n, err := db.Notification(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			switch dmStatus {
			case refused:
				err = db.MarkRefused(ctx, mustClaim(t, db, n), reason)
			case untried:
				err = db.MarkDroppedUntried(ctx, mustClaim(t, db, n), reason)
			case tried:
				err = db.MarkDone(ctx, mustClaim(t, db, n), store.NoteDropped, reason)
			default:
				err = db.MarkDone(ctx, mustClaim(t, db, n), dmStatus, reason)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		return req
	}
	failed := ask("UFAILED", refused, "permanent failure: chat.postMessage: slack: channel_not_found")
	dropped := ask("UDROPPED", store.NoteDropped, "expired")
	droppedClaimed := ask("UCLAIMED", untried, "its time passed before it could be sent")
	ask("UTRIED", tried, "its time passed before it could be sent")
	ask("UWAITING", store.NotePending, "")
	ask("UUNSURE", store.NoteFailed, "chat.postMessage after 5 attempts: outcome unknown (timeout)")
	answered := ask("UANSWERED", refused, "permanent failure")
	if _, _, err := answerRequest(ctx, db, "UMENTOR", answered.ID, false); err != nil {
		t.Fatal(err)
	}
	sweep := func() map[int64]string {
		got := map[int64]string{}
		err := db.InTx(ctx, func(tx *store.Tx) error {
			reqs, err := store.WithdrawUndeliveredTx(ctx, tx)
			for _, r := range reqs {
				got[r.ID] = r.Undelivered
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got, want := sweep(), map[int64]string{failed.ID: store.NoteFailed, dropped.ID: store.NoteDropped, droppedClaimed.ID: store.NoteDropped}; !maps.Equal(got, want) {
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

// A request's number is never given again, even after /mentor forget
// deleted the newest requests: its DM's key ("request:N") outlives it.
func TestRequestNumbersAreNeverReused(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	old, err := db.CreateRequest(ctx, "UALICE", "UMALLORY", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UALICE", nil); err != nil {
		t.Fatal(err)
	}
	req, err := db.CreateRequest(ctx, "UCAROL", "UBOB", "")
	if err != nil {
		t.Fatal(err)
	}
	if req.ID == old.ID {
		t.Errorf("request #%d was given again after a forget", req.ID)
	}
}
