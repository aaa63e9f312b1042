package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"modernc.org/sqlite"
)

// SQLite's primary result codes that mean the database cannot take writes
// now, whatever is written: the disk (or a quota) is full, the file
// cannot be written, or another connection holds the lock beyond the
// busy timeout.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// writeFailWindow is how long after a write failed for want of space (or
// an I/O error) the database is reported as failing writes (WriteHealth).
// A window rather than "until the next write succeeds": on a full disk
// small writes that reuse space can succeed while anything that needs
// more fails, and the report should not flap with them.
const writeFailWindow = time.Minute

// writeHealth remembers the last write that failed for storage reasons.
type writeHealth struct {
	mu  sync.Mutex
	at  time.Time // on the store's clock
	err error
}

// unavailable turns an error from a write transaction into a domain error
// with a message for the person in Slack when SQLite refused the write
// for want of space or a lock, and records storage failures for
// WriteHealth. Other errors are returned unchanged.
func (db *DB) unavailable(err error) error {
	if err == nil || ErrorCode(err) != "" {
		return err
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqliteFull, sqliteIOErr, sqliteReadOnly, sqliteCantOpen:
		db.health.mu.Lock()
		db.health.at, db.health.err = db.clock.Now(), err
		db.health.mu.Unlock()
		db.log.Error("database write failed", "err", err)
		return &Error{Code: EUnavailable, err: err, Message: ":warning: I couldn't save that: my storage is full or failing right now, " +
			"so nothing was changed. Please try again in a little while."}
	case sqliteBusy, sqliteLocked:
		db.log.Warn("database locked past the busy timeout", "err", err)
		return &Error{Code: EUnavailable, err: err, Message: ":hourglass: I'm busy (my database is locked, perhaps by a backup), " +
			"so nothing was changed. Please try again in a minute."}
	}
	return err
}

// WriteHealth returns the error of the last write that failed for storage
// reasons (a full disk, an I/O error) if it happened less than a minute
// ago, and nil otherwise. /healthz reports it.
func (db *DB) WriteHealth() error {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	if db.health.err == nil || db.clock.Now().Sub(db.health.at) >= writeFailWindow {
		return nil
	}
	return fmt.Errorf("writes failing: %w", db.health.err)
}

// SetMaxPages caps the database at n pages for this process's writes
// (SQLite's max_page_count, which cannot go below the pages in use): a
// write that needs more space then fails with SQLITE_FULL, as on a full
// disk. n <= 0 lifts the cap. It returns the pages in use. Fault tests use
// it to fill the disk.
func (db *DB) SetMaxPages(ctx context.Context, n int64) (int64, error) {
	if n <= 0 {
		n = 0xfffffffe // SQLite's default
	}
	var max, used int64
	if err := db.write.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n)).Scan(&max); err != nil {
		return 0, fmt.Errorf("set max_page_count: %w", err)
	}
	if err := db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&used); err != nil {
		return 0, fmt.Errorf("read page_count: %w", err)
	}
	return used, nil
}
