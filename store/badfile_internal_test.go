package store

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// IsBadFile tells SQLite's refusal of the file itself (it cannot be
// opened there, or it is no database) from other failures, for main to
// name MENTORBOT_DB without reading the driver's codes.
func TestIsBadFile(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"no such directory": filepath.Join(dir, "nope", "x.db"), "not a database": junk} {
		raw, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = raw.Exec(`SELECT count(*) FROM sqlite_master`)
		raw.Close()
		if err == nil || !IsBadFile(err) {
			t.Errorf("%s: IsBadFile(%v) = false, want true", name, err)
		}
	}
	if IsBadFile(nil) || IsBadFile(errors.New("disk full")) {
		t.Error("IsBadFile is true for an error that is not SQLite's")
	}
}
