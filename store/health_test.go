package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// A full disk: the write fails whole with a message for people, the
// SQLite error stays inspectable, and WriteHealth reports it for a minute.
func TestFullDiskIsUnavailable(t *testing.T) {
	db, clk := MustOpen(t)
	ctx := context.Background()
	if err := db.WriteHealth(); err != nil {
		t.Fatalf("healthy database: %v", err)
	}
	if _, err := db.SetMaxPages(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// Longer than the pages the migrations freed: it needs more space
	// whatever is free.
	big := store.Notification{Key: "big", Kind: "intro", RecipientID: "UBOB", Payload: strings.Repeat("x", 100000)}
	_, err := db.Enqueue(ctx, big)
	if store.ErrorCode(err) != store.EUnavailable || !strings.Contains(store.ErrorMessage(err), "try again") {
		t.Fatalf("err = %v (%q), want EUnavailable with a kind message", err, store.ErrorMessage(err))
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != 13 {
		t.Errorf("the SQLite error is not in the chain: %v", err)
	}
	if _, err := db.Notification(ctx, "big"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the refused write left a row: %v", err)
	}
	if err := db.WriteHealth(); err == nil || !strings.Contains(err.Error(), "full") {
		t.Errorf("WriteHealth = %v, want the full disk", err)
	}
	clk.Advance(time.Minute)
	if err := db.WriteHealth(); err != nil {
		t.Errorf("WriteHealth a minute later: %v", err)
	}
	// Space comes back.
	if _, err := db.SetMaxPages(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Enqueue(ctx, big); err != nil {
		t.Fatalf("after space came back: %v", err)
	}
}

// A damaged database file (garbage over a page, as a backup copied over
// the file and then a stale -wal replayed leave it): the read that meets
// the damage fails, and from then on Damage says so, with what to do,
// whichever read or write found it.
func TestDamagedFileIsReported(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddGoal(ctx, "UMENTEE", store.GoalInput{Text: "Give a talk"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Damage(); err != nil {
		t.Fatalf("a sound database is damaged: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Garbage over the goals table's page, in the file itself.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var root, pageSize int64
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'goals'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, int(pageSize)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()

	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer db.Close()
	if err := db.Damage(); err != nil {
		t.Fatalf("damaged before anything read the page: %v", err)
	}
	// Pairs are elsewhere: reads that do not meet the damage work.
	if _, err := db.AllPairs(ctx, true); err != nil {
		t.Fatalf("pairs: %v", err)
	}
	if err := db.Damage(); err != nil {
		t.Fatalf("damaged after a read of sound pages: %v", err)
	}
	if _, err := db.Goals(ctx, "UMENTEE", "UMENTEE", true); err == nil {
		t.Fatal("goals read from a damaged page")
	}
	err = db.Damage()
	if err == nil || !strings.Contains(err.Error(), "the file is damaged (database disk image is malformed") ||
		!strings.HasSuffix(err.Error(), "restore a backup") {
		t.Fatalf("Damage = %v, want the file damaged and a backup restored", err)
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != 11 {
		t.Errorf("the SQLite error is not in the chain: %v", err)
	}
	// It lasts: the file does not mend.
	if _, err := db.AllPairs(ctx, true); err != nil {
		t.Fatalf("pairs: %v", err)
	}
	if db.Damage() == nil {
		t.Error("the damage was forgotten after a read that worked")
	}
}

// A write refused because another program held the database locked past
// the busy timeout is not a storage failure (WriteHealth stays nil: a
// backup holds it briefly), but LockedRecently reports it for a minute,
// for /metrics.
func TestLockedDatabaseIsReportedForAMinute(t *testing.T) {
	t.Parallel() // it waits out SQLite's busy timeout, a second here
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(ctx, path, store.Options{Clock: clk, BusyTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.LockedRecently() {
		t.Fatal("a new database is locked")
	}
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	conn, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	_, err = db.AddGoal(ctx, "UBOB", store.GoalInput{Text: "Give a talk"})
	conn.ExecContext(ctx, `ROLLBACK`)
	if store.ErrorCode(err) != store.EUnavailable || !strings.Contains(store.ErrorMessage(err), "locked") {
		t.Fatalf("write under another's lock: %v", err)
	}
	if !db.LockedRecently() || db.WriteHealth() != nil {
		t.Errorf("after a write refused for a lock: locked %v, write health %v", db.LockedRecently(), db.WriteHealth())
	}
	clk.Advance(time.Minute)
	if db.LockedRecently() {
		t.Error("still reported locked a minute later")
	}
}
