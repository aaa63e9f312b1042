package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/store"

	_ "modernc.org/sqlite"
)

// openWithPairs opens a store on a file of its own and commits n pairs.
func openWithPairs(t *testing.T, n int) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := storetest.Path(t, "ckpt.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := range n {
		addPair(t, db, i)
	}
	return db, path
}

func addPair(t *testing.T, db *store.DB, i int) {
	t.Helper()
	if _, err := db.CreatePair(context.Background(), "UADMIN", fmt.Sprintf("UM%03d", i), fmt.Sprintf("UE%03d", i)); err != nil {
		t.Fatal(err)
	}
}

// pairsInFile counts the pairs in the database file alone, ignoring the
// WAL (immutable=1); -1 when not even the schema is there yet.
func pairsInFile(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM pairs`).Scan(&n); err != nil {
		return -1
	}
	return n
}

// What is committed reaches the database file itself while the bot runs,
// not only its WAL: checkpoints run in the background, since the writer no
// longer runs them in its commits.
func TestCommitsAreCheckpointedInTheBackground(t *testing.T) {
	const pairs = 50
	_, path := openWithPairs(t, pairs)
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := pairsInFile(t, path)
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
	db, path := openWithPairs(t, 20)
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() != 0 {
		t.Errorf("WAL after a checkpoint: %v, %v", st, err)
	}
	if n := pairsInFile(t, path); n != 20 {
		t.Errorf("pairs in the database file: %d, want 20", n)
	}
}

// A checkpoint that meets another one running (the background
// checkpointer's) waits its turn rather than failing.
func TestCheckpointBesideAnother(t *testing.T) {
	ctx := context.Background()
	db, path := openWithPairs(t, 0)
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
		addPair(t, db, i)
		if err := db.Checkpoint(ctx); err != nil {
			t.Fatalf("checkpoint %d: %v", i, err)
		}
	}
	close(stop)
	<-done
}
