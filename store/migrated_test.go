package store_test

import (
	"path/filepath"
	"testing"

	"github.com/mentorbot/mentorbot/internal/storetest"
)

// migratedPath puts a copy of a freshly migrated database file in a temp
// dir of tb's and returns its path, for store.Open to find up to date
// (storetest): nothing the tests that use it check happens before the
// migrations are done.
func migratedPath(tb testing.TB, name string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	storetest.WriteMigrated(tb, path)
	return path
}
