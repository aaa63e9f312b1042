package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// migrated is the file a first Open leaves, every migration applied and
// nothing else, made once per test binary; it is never changed.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "store-migrated-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "mentorbot.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		return nil, err
	}
	if err := db.Close(); err != nil {
		return nil, err
	}
	// The last connection's close moves the WAL into the file.
	if st, err := os.Stat(path + "-wal"); err == nil && st.Size() > 0 {
		return nil, fmt.Errorf("%s-wal still holds %d bytes after the close", path, st.Size())
	}
	return os.ReadFile(path)
})

// migratedPath puts a copy of a freshly migrated database file in a temp
// dir of tb's and returns its path, for store.Open to find up to date.
// Applying the migrations takes most of a second under the race detector
// and nothing the tests that use it check happens before they are done;
// the tests of the migrations themselves open new files.
func migratedPath(tb testing.TB, name string) string {
	tb.Helper()
	raw, err := migrated()
	if err != nil {
		tb.Fatalf("a migrated database: %v", err)
	}
	path := filepath.Join(tb.TempDir(), name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		tb.Fatal(err)
	}
	_, err = f.Write(raw)
	err = errors.Join(err, f.Close())
	if err != nil {
		tb.Fatal(err)
	}
	return path
}
