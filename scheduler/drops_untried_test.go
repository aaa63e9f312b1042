package scheduler_test

import (
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// TestRequestDroppedBeforeItsFirstSendIsWithdrawn: a mentoring request's
// DM is claimed, but its time passes before its send begins (it waited
// behind its mentor's earlier DM, whose send hung). It never reached the
// mentor, as surely as one whose time passed before any claim: the
// request is withdrawn, for the bot to tell the requester (Undelivered),
// rather than left waiting for an answer nobody can give. It used to be
// recorded as tried, which the sweep takes for a DM that may have gone.
func TestRequestDroppedBeforeItsFirstSendIsWithdrawn(t *testing.T) {
	r := newPlainRig(t)
	req, err := r.db.CreateRequest(r.ctx, "UASKER", "UMENTOR", "")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("request:%d", req.ID)
	if _, err := r.db.Enqueue(r.ctx, store.Notification{Key: key, Kind: "request", RecipientID: "UMENTOR", Payload: `{"text":"hi"}`,
		DueAt: r.start, ExpiresAt: r.start.Add(30 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	claimed, err := r.db.ClaimDue(r.ctx, r.clk.Now(), 2*time.Minute, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %+v, %v", claimed, err)
	}
	r.clk.Advance(time.Minute) // its send waits past its time, within its lease
	scheduler.Deliver(r.ctx, r.s, claimed[0])
	if n, err := r.db.Notification(r.ctx, key); err != nil || n.Status != store.NoteDropped {
		t.Fatalf("%s: %s, %v; want dropped", key, n.Status, err)
	}
	if c := r.nt.count(key); c != 0 || r.nt.finds.Load() != 0 {
		t.Errorf("posted %d times, looked for %d times; want neither", c, r.nt.finds.Load())
	}
	if n := r.nt.undelivered.Load(); n != 1 {
		t.Errorf("told %d times of DMs given up, want once", n)
	}
	if got, want := r.withdrawUndelivered(t), map[int64]string{req.ID: store.NoteDropped}; !maps.Equal(got, want) {
		t.Errorf("withdrawn as undelivered: %v, want %v", got, want)
	}
}

// TestRequestLookedForAndNotFoundIsWithdrawn: a request's DM whose post
// failed in a way that may have reached Slack, and whose time passed
// before its retry, is looked for in the DM's history; not there, it
// surely never reached the mentor, so the request is withdrawn and the
// requester told, as for a DM never tried. It used to stay pending, the
// requester waiting for an answer that could not come.
func TestRequestLookedForAndNotFoundIsWithdrawn(t *testing.T) {
	r := newPlainRig(t)
	req, err := r.db.CreateRequest(r.ctx, "UASKER", "UMENTOR", "")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("request:%d", req.ID)
	r.nt.failOnce[key] = true
	if _, err := r.db.Enqueue(r.ctx, store.Notification{Key: key, Kind: "request", RecipientID: "UMENTOR", Payload: `{"text":"hi"}`,
		DueAt: r.start, ExpiresAt: r.start.Add(5 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	r.dispatch(t)
	r.clk.Advance(3 * time.Minute) // past its time and its retry
	r.dispatch(t)
	n, err := r.db.Notification(r.ctx, key)
	if err != nil || n.Status != store.NoteDropped {
		t.Fatalf("%s: %s, %v; want dropped", key, n.Status, err)
	}
	if c, f := r.nt.count(key), r.nt.finds.Load(); c != 0 || f != 1 {
		t.Errorf("posted %d times, looked for %d times; want 0 and 1", c, f)
	}
	if got, want := r.withdrawUndelivered(t), map[int64]string{req.ID: store.NoteDropped}; !maps.Equal(got, want) {
		t.Errorf("withdrawn as undelivered: %v, want %v", got, want)
	}
}

// withdrawUndelivered runs the sweep that withdraws the requests whose DM
// surely never reached the mentor, and says which it withdrew, and why.
func (r *plainRig) withdrawUndelivered(t *testing.T) map[int64]string {
	t.Helper()
	got := map[int64]string{}
	if err := r.db.InTx(r.ctx, func(tx *store.Tx) error {
		reqs, err := store.WithdrawUndeliveredTx(r.ctx, tx)
		for _, q := range reqs {
			got[q.ID] = q.Undelivered
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return got
}
