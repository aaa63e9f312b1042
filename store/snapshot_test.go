package store_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// nameOf reads a person's stored name under ctx.
func nameOf(t *testing.T, ctx context.Context, db *store.DB, id string) string {
	t.Helper()
	u, err := db.User(ctx, id)
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	return u.Name
}

func rename(t *testing.T, ctx context.Context, db *store.DB, id, name string) {
	t.Helper()
	if err := db.SaveProfile(ctx, store.Profile{ID: id, Name: name, TZ: "UTC"}); err != nil {
		t.Fatalf("rename %s: %v", id, err)
	}
}

func TestSnapshotReadsOneStateUntilTheRequestWrites(t *testing.T) {
	bg := context.Background()
	db, _ := MustOpen(t)
	rename(t, bg, db, "U1", "before")

	ctx, end := db.Snapshot(bg)
	defer end()
	if got := nameOf(t, ctx, db, "U1"); got != "before" {
		t.Fatalf("first read = %q", got)
	}
	rename(t, bg, db, "U1", "by someone else") // outside the request
	if got := nameOf(t, ctx, db, "U1"); got != "before" {
		t.Errorf("second read in the snapshot = %q, want the state of its first read", got)
	}
	if got := nameOf(t, bg, db, "U1"); got != "by someone else" {
		t.Errorf("read outside the snapshot = %q", got)
	}

	rename(t, ctx, db, "U1", "by the request") // the request's own write
	if got := nameOf(t, ctx, db, "U1"); got != "by the request" {
		t.Errorf("read after the request's write = %q, want what it wrote", got)
	}

	rename(t, bg, db, "U1", "later")
	store.ReleaseSnapshot(ctx) // as before a call to Slack
	if got := nameOf(t, ctx, db, "U1"); got != "later" {
		t.Errorf("read after a release = %q, want the newest state", got)
	}

	end()
	rename(t, bg, db, "U1", "after the end")
	if got := nameOf(t, ctx, db, "U1"); got != "after the end" {
		t.Errorf("read after the end = %q, want the newest state", got)
	}
	if got := nameOf(t, store.WithoutClaim(ctx), db, "U1"); got != "after the end" {
		t.Errorf("read in background work = %q", got)
	}
}

// Snapshots hold reader connections; past their share, reads go alone
// rather than wait, and nothing blocks.
func TestSnapshotsLeaveReadersFree(t *testing.T) {
	bg := context.Background()
	db, _ := MustOpen(t)
	rename(t, bg, db, "U1", "v1")
	var held []context.Context
	for range 8 {
		ctx, end := db.Snapshot(bg)
		defer end()
		nameOf(t, ctx, db, "U1") // begins it, or reads alone
		held = append(held, ctx)
	}
	rename(t, bg, db, "U1", "v2")
	stale := 0
	for _, ctx := range held {
		if nameOf(t, ctx, db, "U1") == "v1" {
			stale++
		}
	}
	if stale == 0 || stale == len(held) {
		t.Errorf("%d of %d requests read in a snapshot; want some, not all", stale, len(held))
	}
	// Reads outside every snapshot still have a connection.
	if got := nameOf(t, bg, db, "U1"); got != "v2" {
		t.Errorf("plain read = %q", got)
	}
	if _, err := db.PairsOf(bg, "U1", false); err != nil {
		t.Errorf("read in a transaction of its own: %v", err)
	}
}
