package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// LatestTime is the latest instant the database has a record of: a
// virtual clock's time (NoteClock), a Slack delivery received, a
// notification planned or sent, the last plan. A virtual clock that
// reopens a database starts from there, so that its pairs, goals and
// meetings are not in its future. Zero for a new database.
func (db *DB) LatestTime(ctx context.Context) (time.Time, error) {
	var latest int64
	var plan, clock string
	err := db.read.QueryRowContext(ctx, `SELECT MAX(
			(SELECT COALESCE(MAX(received_at), 0) FROM deliveries),
			(SELECT COALESCE(MAX(created_at), 0) FROM notifications),
			(SELECT COALESCE(MAX(sent_at), 0) FROM notifications)),
		COALESCE((SELECT value FROM scheduler_state WHERE name = 'full_plan_at'), '0'),
		COALESCE((SELECT value FROM scheduler_state WHERE name = 'virtual_clock'), '0')`).Scan(&latest, &plan, &clock)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the latest time recorded: %w", err)
	}
	for _, s := range []string{plan, clock} {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > latest {
			latest = n
		}
	}
	return fromUnix(latest), nil
}

// NoteClock records the time of a virtual clock that was moved (the
// playground's), for LatestTime.
func (db *DB) NoteClock(ctx context.Context, t time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO scheduler_state (name, value) VALUES ('virtual_clock', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, strconv.FormatInt(unix(t), 10)); err != nil {
			return fmt.Errorf("record the virtual clock: %w", err)
		}
		return nil
	})
}

// MarkLive records mark, what names the database file (its path, its
// identity on disk), as the one `mentorbot run` serves a Slack workspace
// from, so that the playground can refuse it (LiveFile).
func (db *DB) MarkLive(ctx context.Context, mark string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO scheduler_state (name, value) VALUES ('live_file', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, mark); err != nil {
			return fmt.Errorf("record the live database's mark: %w", err)
		}
		return nil
	})
}

// LiveFile is what MarkLive recorded last; "" when nothing was, also in
// a database not migrated yet (it reads without migrating: NoMigrate).
func (db *DB) LiveFile(ctx context.Context) (string, error) {
	var mark string
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM scheduler_state WHERE name = 'live_file'), '')
		WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scheduler_state')`).Scan(&mark); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read the live database's mark: %w", err)
	}
	return mark, nil
}
