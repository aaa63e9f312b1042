package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A MENTORBOT_DB that points at somebody else's file (a typo, a path
// meant for another service) is refused before anything is changed: not
// its permissions, not its journal mode, not a byte of it.
func TestOpenLeavesAForeignFileAsItWas(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	text := filepath.Join(dir, "passwd")
	if err := os.WriteFile(text, []byte("root:x:0:0:root:/root:/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Another program's SQLite database, with its own application_id.
	other := filepath.Join(dir, "other.db")
	odb, err := sql.Open("sqlite", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"PRAGMA application_id = 42", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"} {
		if _, err := odb.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	odb.Close()
	if err := os.Chmod(other, 0o644); err != nil {
		t.Fatal(err)
	}
	// Most SQLite databases never set an application_id at all.
	plain := filepath.Join(dir, "plain.db")
	pdb, err := sql.Open("sqlite", "file:"+plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE t (x)", "INSERT INTO t VALUES (1)"} {
		if _, err := pdb.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	pdb.Close()
	if err := os.Chmod(plain, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{text, other, plain} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, path, store.Options{})
			if err == nil {
				db.Close()
				t.Fatal("opened a file that is not mentorbot's database")
			}
			if !errors.Is(err, store.ErrNotOurDatabase) {
				t.Errorf("err = %v, want store.ErrNotOurDatabase", err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if mode := st.Mode().Perm(); mode != 0o644 {
				t.Errorf("mode became %v, want it left at -rw-r--r--", mode)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the file's bytes changed (journal mode or content)")
			}
			for _, side := range []string{"-wal", "-shm"} {
				if _, err := os.Stat(path + side); err == nil {
					t.Errorf("%s%s was created beside it", filepath.Base(path), side)
				}
			}
		})
	}
}

// A database file SQLite created but no migration filled (a first start
// stopped early) is mentorbot's to fill; so is one of its own.
func TestOpenTakesAnEmptyDatabaseAndItsOwn(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	edb, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := edb.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
		t.Fatal(err)
	}
	edb.Close()
	for range 2 { // empty, then its own
		db, err := store.Open(ctx, path, store.Options{})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		db.Close()
	}
}
