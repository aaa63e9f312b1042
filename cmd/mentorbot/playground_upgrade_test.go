package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// olderDatabase makes a mentorbot database as the binary before this one
// left it: every migration but the last applied, readable by others (as
// files made before the binary made them private were). It returns its
// path and its schema version.
func olderDatabase(t *testing.T) (path string, version int) {
	t.Helper()
	dir := filepath.Join("..", "..", "store", "migrations")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	version = len(entries) - 1
	if version != store.SchemaVersion()-1 {
		t.Fatalf("%d migration files, but this binary is at schema version %d", len(entries), store.SchemaVersion())
	}
	path = filepath.Join(t.TempDir(), "older.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, e := range entries[:version] { // ReadDir sorts by name: 0001_, 0002_, …
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version, 0x4d4e5452)); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, version
}

// schemaVersion is the user_version of the database at path, read
// without changing it.
func schemaVersion(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// A playground started with a bad setting on a kept database stops
// before it opens it: the database is as the older binary left it, which
// can still open it. It used to migrate it first and refuse the setting
// after.
func TestPlaygroundBadSettingLeavesTheDatabaseAlone(t *testing.T) {
	path, version := olderDatabase(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"MENTORBOT_DB": path, "MENTORBOT_REMIND_BEFORE": "2x"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out lockedBuffer
	err = run(ctx, []string{"playground", "-addr", "127.0.0.1:0"}, func(k string) (string, bool) { v, ok := vars[k]; return v, ok }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), `MENTORBOT_REMIND_BEFORE="2x"`) {
		t.Fatalf("playground with MENTORBOT_REMIND_BEFORE=2x: %v, want it refused\n%s", err, &out)
	}
	if got := schemaVersion(t, path); got != version {
		t.Errorf("schema version %d after the refused start, want %d as it was", got, version)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, before) {
		t.Error("the refused start changed the database file")
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("the refused start left %s%s", filepath.Base(path), side)
		}
	}
}

// A playground that upgrades a kept database says so in its log, as
// `run` does, at its default level: which migrations it applied, and
// that it made the files private.
func TestPlaygroundLogsTheUpgradeOfAKeptDatabase(t *testing.T) {
	path, version := olderDatabase(t)
	_, _, stderr, stop := startPlaygroundLogs(t, map[string]string{"MENTORBOT_DB": path})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	logs := stderr.String()
	if !strings.Contains(logs, "applied migration") || !strings.Contains(logs, fmt.Sprintf("%04d_", version+1)) {
		t.Errorf("the log does not name the migration applied:\n%s", logs)
	}
	if !strings.Contains(logs, "database files made readable by their owner only") {
		t.Errorf("the log does not say the files were made private:\n%s", logs)
	}
	if got := schemaVersion(t, path); got != store.SchemaVersion() {
		t.Errorf("schema version %d after the playground, want %d", got, store.SchemaVersion())
	}

	// A level that was set is kept: ERROR hides them.
	path, _ = olderDatabase(t)
	_, _, stderr, stop = startPlaygroundLogs(t, map[string]string{"MENTORBOT_DB": path, "MENTORBOT_LOG_LEVEL": "ERROR"})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if logs := stderr.String(); strings.Contains(logs, "applied migration") {
		t.Errorf("MENTORBOT_LOG_LEVEL=ERROR, and the log has INFO lines:\n%s", logs)
	}
}
