package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"

	_ "modernc.org/sqlite"
)

// What is committed reaches the database file itself while the bot runs,
// not only its WAL: checkpoints run in the background, since the writer no
// longer runs them in its commits.
func TestCommitsAreCheckpointedInTheBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const pairs = 50
	for i := range pairs {
		if _, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%03d", i), fmt.Sprintf("UE%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// immutable=1 reads the database file alone, ignoring the WAL.
	inFile := func() int {
		raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM pairs`).Scan(&n); err != nil {
			return -1 // not even the schema is there yet
		}
		return n
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := inFile()
		if n == pairs {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the database file holds %d of %d committed pairs after 10 s: nothing checkpoints the WAL", n, pairs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Checkpoint leaves everything committed in the database file and the WAL
// empty.
func TestCheckpointEmptiesTheWAL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 20 {
		if _, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%03d", i), fmt.Sprintf("UE%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() != 0 {
		t.Errorf("WAL after a checkpoint: %v, %v", st, err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM pairs`).Scan(&n); err != nil || n != 20 {
		t.Errorf("pairs in the database file: %d, %v", n, err)
	}
}

// A checkpoint that meets another one running (the background
// checkpointer's) waits its turn rather than failing.
func TestCheckpointBesideAnother(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ckpt.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			other.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}()
	for i := range 30 {
		if _, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%03d", i), fmt.Sprintf("UE%03d", i)); err != nil {
			t.Fatal(err)
		}
		if err := db.Checkpoint(ctx); err != nil {
			t.Fatalf("checkpoint %d: %v", i, err)
		}
	}
	close(stop)
	<-done
}
