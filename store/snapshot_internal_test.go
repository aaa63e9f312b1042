package store

import (
	"context"
	"path/filepath"
	"testing"
)

// A release asked for while a readSnapshot callback is reading on the
// transaction waits for the callback: it keeps reading, and the
// transaction and its slot are given back when it returns.
func TestSnapshotReleaseWaitsForItsReader(t *testing.T) {
	bg := context.Background()
	db, err := Open(bg, filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, end := db.Snapshot(bg)
	defer end()
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		ReleaseSnapshot(ctx)
		if got := db.read.snapshotTx(ctx); got != nil {
			t.Error("a read after the release still joins the released transaction")
		}
		return q.QueryRowContext(ctx, `SELECT count(*) FROM pairs`).Scan(&n)
	})
	if err != nil {
		t.Fatalf("reading on after a release: %v", err)
	}
	s := ctx.Value(snapshotKey{}).(*snapshot)
	s.mu.Lock()
	open, held := s.tx != nil, len(db.read.slots)
	s.mu.Unlock()
	if open || held != 0 {
		t.Errorf("after the callback: transaction open %v, slots held %d; want none", open, held)
	}
	if db.read.snapshotTx(ctx) == nil {
		t.Error("the next read does not begin a new snapshot")
	}
}
