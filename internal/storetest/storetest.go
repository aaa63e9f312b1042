// Package storetest gives tests a database file with every migration
// applied, without applying them in each test: under the race detector
// the migrations take most of a second, and hundreds of tests open a
// database. The tests of the migrations themselves open new files.
package storetest

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

// migrated is the file a first store.Open leaves, every migration applied
// and nothing else, made once per test binary; it is never changed.
var migrated = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "mentorbot-migrated-")
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

// WriteMigrated writes a copy of the migrated file at path, unless a file
// is there already (one a test made itself), which it leaves alone.
func WriteMigrated(tb testing.TB, path string) {
	tb.Helper()
	raw, err := migrated()
	if err != nil {
		tb.Fatalf("a migrated database: %v", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return
	}
	if err != nil {
		tb.Fatal(err)
	}
	_, err = f.Write(raw)
	if err = errors.Join(err, f.Close()); err != nil {
		tb.Fatal(err)
	}
}

// Path writes a copy of the migrated file, named name, in a temp dir of
// tb's and returns its path, for store.Open to find up to date.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	WriteMigrated(tb, path)
	return path
}
