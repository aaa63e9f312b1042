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
// busy timeout and the store's look at the lock on an idle bot all run on
// the wall clock, not the store's. Both are shortened (10 s and 5 s in
// production) so that each test takes a second or two.
const (
	testBusyTimeout = time.Second
	testProbeEvery  = 200 * time.Millisecond
)

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
	// Reported within a look and a busy timeout; ten times that, for a
	// slow machine.
	wait := 10 * (testProbeEvery + testBusyTimeout)
	deadline := time.Now().Add(wait)
	for !db.LockedRecently() {
		if time.Now().After(deadline) {
			release()
			t.Fatalf("another program has held the database locked for %v and nothing reports it", wait)
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
	const hold = 2 * testProbeEvery
	time.Sleep(hold)
	release()
	// Any look begun under the lock has ended.
	time.Sleep(testBusyTimeout)
	if db.LockedRecently() {
		t.Errorf("a lock held for %v is reported as past the %v busy timeout", hold, testBusyTimeout)
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
	const hold = testProbeEvery + testBusyTimeout + 500*time.Millisecond
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
	time.Sleep(testProbeEvery)
	if db.LockedRecently() {
		t.Error("after the bot's own long write transaction, the database is reported locked")
	}
}

// openAt opens the store at path on a fake clock, with the short busy
// timeout and looks at the lock.
func openAt(t *testing.T, path string) (*store.DB, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), path, store.Options{Clock: clk,
		BusyTimeout: testBusyTimeout, LockProbeEvery: testProbeEvery})
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
	// The production busy timeout, so that a Close that waited for the
	// look would take seconds.
	db, err := store.Open(context.Background(), path, store.Options{Clock: clk,
		LockProbeEvery: testProbeEvery})
	if err != nil {
		t.Fatal(err)
	}
	release := foreignLock(t, path)
	defer release()
	time.Sleep(3 * testProbeEvery) // a look has begun, and waits
	start := time.Now()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Close took %v under another's lock", took)
	}
}
