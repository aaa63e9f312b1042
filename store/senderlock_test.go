package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// TestEndLeasesEndsOnlySendsADeadLockHolderHadUnderWay: of the claims in
// the database when a process takes the sender lock, those made by the
// holder before it are sends its death cut short, a retry among them; a
// claim made without the lock may be a live process's, and one waiting to
// be retried after a failure is no send under way.
func TestEndLeasesEndsOnlySendsADeadLockHolderHadUnderWay(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "m.db")
	enqueueOne := func(db *store.DB, key string) store.Notification {
		t.Helper()
		// Each to someone else: a young retry holds back its recipient's
		// other DMs (store.HoldsBack), and one row of each is claimed here.
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "U" + key,
			Payload: `{"text":"hi"}`, ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		got, err := db.ClaimDue(ctx, clk.Now(), 2*time.Minute, 10)
		if err != nil || len(got) != 1 || got[0].Key != key {
			t.Fatalf("claim %s: %v %v", key, got, err)
		}
		return got[0]
	}
	// A process without the lock (a mentorbot from before it), alive.
	old, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	enqueueOne(old, "unlocked")

	dead, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if held, err := dead.LockSender(); !held || err != nil {
		t.Fatalf("lock: %v %v", held, err)
	}
	enqueueOne(dead, "in-flight")
	waiting := enqueueOne(dead, "waiting")
	if err := dead.MarkRetry(ctx, waiting.ID, "slack 500", clk.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	retried := enqueueOne(dead, "retried")
	if err := dead.MarkRetry(ctx, retried.ID, "slack 500", clk.Now()); err != nil {
		t.Fatal(err)
	}
	if got, err := dead.ClaimDue(ctx, clk.Now(), 2*time.Minute, 10); err != nil || len(got) != 1 || got[0].Key != "retried" {
		t.Fatalf("claim the retry: %v %v", got, err)
	}
	// Claimed under the lock, given back at a stop, then claimed by a
	// mentorbot from before the lock, which leaves the mark as it finds it.
	released := enqueueOne(dead, "released")
	if err := dead.ReleaseClaims(ctx, []store.Notification{released}); err != nil {
		t.Fatal(err)
	}
	if err := old.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecForTest(ctx, `UPDATE notifications SET status = 'sending', lease_until = ?, attempts = attempts + 1 WHERE key = 'released'`,
			clk.Now().Add(2*time.Minute).Unix())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// Part of a burst, claimed ahead of its time.
	if _, err := dead.Enqueue(ctx, store.Notification{Key: "early", Kind: "intro", RecipientID: "UEARLY",
		Payload: `{"text":"hi"}`, DueAt: clk.Now().Add(10 * time.Minute), ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	early, err := dead.Notification(ctx, "early")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := dead.ClaimIDs(ctx, []int64{early.ID}, clk.Now(), 2*time.Minute); err != nil || len(got) != 1 {
		t.Fatalf("claim ahead: %v %v", got, err)
	}
	if err := dead.Close(); err != nil { // its death drops the lock
		t.Fatal(err)
	}

	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if held, err := db.LockSender(); !held || err != nil {
		t.Fatalf("lock: %v %v", held, err)
	}
	if k, err := db.EndLeases(ctx, clk.Now()); err != nil || k != 3 {
		t.Errorf("ended %d leases (%v), want 3: the send in flight, the retry in flight, the one ahead", k, err)
	}
	for key, ended := range map[string]bool{"in-flight": true, "retried": true, "early": true, "unlocked": false, "waiting": false, "released": false} {
		n, err := db.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if got := !n.LeaseUntil.After(clk.Now()); got != ended {
			t.Errorf("%s: lease until %v; ended = %v, want %v", key, n.LeaseUntil, got, ended)
		}
	}
}
