package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/store"
)

// These tests wait in real time: the lock another process holds, SQLite's
// busy timeout (10 s) and the store's look at the lock on an idle bot
// (every 5 s) all run on the wall clock, not the store's.

// foreignLock takes the database's write lock from a connection of its
// own, as another program writing to the file would, and returns what
// lets it go.
func foreignLock(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
			t.Fatal(err)
		}
		conn.Close()
	}
}

// An idle bot (nobody typing, nothing due, so nothing written) whose
// database another program holds locked past the busy timeout reports it
// all the same, for a minute after, as a write refused for the lock does:
// otherwise the operator sees nothing until somebody's command fails.
func TestLockOnAnIdleBotIsReported(t *testing.T) {
	t.Parallel()
	path := storetest.Path(t, "m.db")
	db, clk := openAt(t, path)
	release := foreignLock(t, path)
	deadline := time.Now().Add(40 * time.Second)
	for !db.LockedRecently() {
		if time.Now().After(deadline) {
			release()
			t.Fatal("another program has held the database locked for 40 s and nothing reports it")
		}
		time.Sleep(50 * time.Millisecond)
	}
	release()
	if err := db.WriteHealth(); err != nil {
		t.Errorf("a lock is reported as a storage failure: %v", err)
	}
	if !db.LockedRecently() {
		t.Error("the lock was forgotten as soon as it was let go")
	}
	if _, err := db.AddGoal(context.Background(), "UBOB", store.GoalInput{Text: "Give a talk"}); err != nil {
		t.Fatalf("write after the lock was let go: %v", err)
	}
	clk.Advance(time.Minute)
	if db.LockedRecently() {
		t.Error("still reported locked a minute after the lock was let go")
	}
}

// A lock held for less than the busy timeout (a short backup) would only
// have delayed a write, not refused it: it is not reported, even when the
// store looked at the lock while it was held.
func TestBriefLockOnAnIdleBotIsNotReported(t *testing.T) {
	t.Parallel()
	path := storetest.Path(t, "m.db")
	db, _ := openAt(t, path)
	release := foreignLock(t, path)
	// Longer than the pause between two looks at the lock, shorter than
	// the busy timeout.
	time.Sleep(6 * time.Second)
	release()
	time.Sleep(time.Second)
	if db.LockedRecently() {
		t.Error("a lock held for 6 s is reported as past the 10 s busy timeout")
	}
}

// The bot's own write transaction holds the write lock too, for as long
// as it runs: that is not another program locking the database out,
// however long it lasts.
func TestOwnLongWriteIsNotReportedLocked(t *testing.T) {
	t.Parallel()
	path := storetest.Path(t, "m.db")
	db, _ := openAt(t, path)
	// Longer than a look at the lock plus the busy timeout, so that looks
	// start and wait out the timeout while it runs.
	const hold = 17 * time.Second
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		end := time.Now().Add(hold)
		for time.Now().Before(end) {
			if db.LockedRecently() {
				t.Error("the bot's own write transaction is reported as another's lock")
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if db.LockedRecently() {
		t.Error("after the bot's own long write transaction, the database is reported locked")
	}
}

// openAt opens the store at path on a fake clock.
func openAt(t *testing.T, path string) (*store.DB, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, clk
}

// Closing the store (a shutdown) does not wait for a look at the lock to
// wait out the busy timeout.
func TestCloseDuringALookAtTheLockIsPrompt(t *testing.T) {
	t.Parallel()
	path := storetest.Path(t, "m.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	release := foreignLock(t, path)
	defer release()
	time.Sleep(6 * time.Second) // a look has begun, and waits
	start := time.Now()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Close took %v under another's lock", took)
	}
}
