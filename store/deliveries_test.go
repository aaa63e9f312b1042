package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A delivery is recorded as taken on by the commit of its first write;
// another delivery of the same command then cannot write, and a write
// that fails records nothing.
func TestClaimIsRecordedWithTheFirstWrite(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	keys := []string{"envelope:E1", "trigger:T1"}

	// A write that fails records no claim.
	cctx, claim := store.WithClaim(ctx, keys)
	boom := errors.New("boom")
	if err := db.InTx(cctx, func(*store.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("failing write: %v", err)
	}
	if _, found, _ := db.LookupDelivery(ctx, keys); found {
		t.Fatal("a rolled-back write recorded the claim")
	}
	// The first write that commits records it, once.
	if err := db.Touch(cctx, mentee); err != nil {
		t.Fatal(err)
	}
	if err := db.Touch(cctx, mentor); err != nil {
		t.Fatalf("a second write of the same delivery: %v", err)
	}
	d, found, err := db.LookupDelivery(ctx, keys)
	if err != nil || !found || !d.DoneAt.IsZero() {
		t.Fatalf("after the first write: %+v, found %v, %v; want taken on, not done", d, found, err)
	}
	if !claim.Settle() {
		t.Error("Settle says no write recorded the claim")
	}

	// Slack's redelivery under a new envelope ID, handled elsewhere: its
	// write is refused and changes nothing.
	other, _ := store.WithClaim(ctx, []string{"envelope:E2", "trigger:T1"})
	if err := db.Touch(other, "UTHIRD"); !errors.Is(err, store.ErrTakenOn) {
		t.Errorf("write of a redelivery: %v, want ErrTakenOn", err)
	}
	if u, err := db.User(ctx, "UTHIRD"); err == nil && !u.LastActiveAt.IsZero() {
		t.Error("the refused write touched its user")
	}

	// Done: the reply is kept and the sender counted as active; someone
	// without a profile (whose data was just deleted) is left alone.
	if _, err := db.SaveProfile(ctx, store.Profile{ID: mentee, Name: "mentee"}, nil); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if err := db.FinishDelivery(ctx, nil, false, "", "UFORGOTTEN"); err != nil {
		t.Fatal(err)
	}
	if u, err := db.User(ctx, "UFORGOTTEN"); err == nil && !u.LastActiveAt.IsZero() {
		t.Error("finishing a delivery touched someone without a profile")
	}
	if err := db.FinishDelivery(ctx, keys, true, `{"text":"ok"}`, mentee); err != nil {
		t.Fatal(err)
	}
	d, _, _ = db.LookupDelivery(ctx, keys)
	if d.DoneAt.IsZero() || d.Reply != `{"text":"ok"}` {
		t.Errorf("after finishing: %+v", d)
	}
	if u, _ := db.User(ctx, mentee); !u.LastActiveAt.Equal(clk.Now()) {
		t.Errorf("last active %v, want %v", u.LastActiveAt, clk.Now())
	}
}

// Work a delivery started that writes after it was settled (a re-plan in
// the background) does not record it.
func TestSettledClaimIsNotRecordedLater(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	keys := []string{"envelope:E9"}
	cctx, claim := store.WithClaim(ctx, keys)
	if claim.Settle() {
		t.Fatal("Settle before any write says it was recorded")
	}
	if err := db.Touch(cctx, mentee); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := db.LookupDelivery(ctx, keys); found {
		t.Error("a write after Settle recorded the claim")
	}
}

// A handler about to do what is not a database write (upload a file, open
// a modal) records its claim first; work handed to the background writes
// without it.
func TestRecordClaimAndWithoutClaim(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	keys := []string{"envelope:E5"}
	cctx, claim := store.WithClaim(ctx, keys)
	bg := store.WithoutClaim(cctx)
	if err := db.Touch(bg, mentee); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := db.LookupDelivery(ctx, keys); found {
		t.Fatal("a background write recorded the delivery's claim")
	}
	if err := db.RecordClaim(cctx); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := db.LookupDelivery(ctx, keys); !found {
		t.Fatal("RecordClaim did not record the claim")
	}
	if !claim.Settle() {
		t.Error("Settle says the claim was not recorded")
	}
	if err := db.RecordClaim(ctx); err != nil {
		t.Errorf("RecordClaim without a claim: %v", err)
	}
}
