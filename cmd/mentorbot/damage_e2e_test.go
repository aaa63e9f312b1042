package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// TestFaultDamagedDatabase: the database file is damaged under the
// running bot (garbage over the goals table's page, as a backup copied
// over the file and then a stale -wal replayed leave it). A command that
// reads the damaged page fails; from then on /healthz says 503, that the
// file is damaged and what to do, and /metrics shows it, where it used to
// say ok while every read of that table failed.
func TestFaultDamagedDatabase(t *testing.T) {
	e, logs, _ := faultEnv(t, faultOpts{})
	e.pair(alice, bob)
	if got := e.cmd(bob, "/goal", "add Give a lightning talk by 2026-12-01"); !strings.Contains(got, "Give a lightning talk") {
		t.Fatalf("/goal add: %q", got)
	}
	e.settle()
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz before the damage: %d %s", code, body)
	}

	// Everything into the file, then garbage over the goals' page there.
	raw, err := sql.Open("sqlite", "file:"+e.cfg.DB+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var root, pageSize, version int64
	// Until it is whole: a reader of the bot's (a re-plan after the goal,
	// a Home refresh) can hold it back, and then the goals' page would
	// still be read from the WAL, whatever is written over the file.
	for deadline := time.Now().Add(waitLimit); ; {
		var busy, frames, copied int
		if err := raw.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the WAL could not be checkpointed: %d of %d frames copied", copied, frames)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'goals'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(e.cfg.DB, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xa5}, int(pageSize)), (root-1)*pageSize); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A commit, so that the bot's connections drop the pages they hold
	// and read the file again (the version stays as it is).
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", version)); err != nil {
		t.Fatal(err)
	}

	got := e.cmd(bob, "/goal", "list")
	if strings.Contains(got, "Give a lightning talk") {
		t.Fatalf("/goal list read the damaged page: %q", got)
	}
	// Not "try again in a moment": that will not mend a damaged file.
	if !strings.Contains(got, "mentorbot's data needs repair") {
		t.Errorf("/goal list on a damaged file answered %q", got)
	}
	code, body := e.get("/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database: the file is damaged (database disk image is malformed") ||
		!strings.Contains(body, "restore a backup") {
		t.Errorf("/healthz with the file damaged: %d %s", code, body)
	}
	if e.metric("mentorbot_db_damaged") != 1 {
		t.Error("/metrics does not show the database damaged")
	}
	if n := logs.count(slog.LevelError, "the database file is damaged: restore a backup"); n != 1 {
		t.Errorf("the damage was logged %d times, want once", n)
	}
}
