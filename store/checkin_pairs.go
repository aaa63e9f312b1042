package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RecordCheckinPairs records the pairs, by id, that check-in noteID covers
// as it is rendered for sending, in place of what an earlier attempt to
// send it recorded: CheckinPairs then tells a redraw exactly which pairs
// the check-in covered. One row, written in a commit of its own before the
// DM goes, so that a DM Slack took always has its record, even when a
// crash comes before the send is recorded. Without an access check: the
// bot's own bookkeeping, as PausedAt is.
func (db *DB) RecordCheckinPairs(ctx context.Context, noteID int64, pairIDs []int64) error {
	ids := make([]string, len(pairIDs))
	for i, id := range pairIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO checkin_pairs (notification_id, pair_ids) VALUES (?, ?)
			ON CONFLICT (notification_id) DO UPDATE SET pair_ids = excluded.pair_ids`, noteID, strings.Join(ids, ",")); err != nil {
			return fmt.Errorf("record the pairs of check-in %d: %w", noteID, err)
		}
		return nil
	})
}

// CheckinPairs returns the pairs, by id, that check-in noteID covered when
// it went (RecordCheckinPairs); ok is false when none were recorded: a
// check-in sent before they were (migration 24).
func (db *DB) CheckinPairs(ctx context.Context, noteID int64) (pairIDs []int64, ok bool, err error) {
	var list string
	err = db.read.QueryRowContext(ctx, `SELECT pair_ids FROM checkin_pairs WHERE notification_id = ?`, noteID).Scan(&list)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("read the pairs of check-in %d: %w", noteID, err)
	}
	for f := range strings.SplitSeq(list, ",") {
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, false, fmt.Errorf("read the pairs of check-in %d: %q: %w", noteID, list, err)
		}
		pairIDs = append(pairIDs, id)
	}
	return pairIDs, true, nil
}

// LastCheckinDay is the day (its Ref, in the person's zone) of the last
// check-in sent to user other than the one keyed except, if any.
func (db *DB) LastCheckinDay(ctx context.Context, user, except string) (string, bool, error) {
	var day string
	err := db.read.QueryRowContext(ctx, `SELECT ref FROM notifications INDEXED BY notifications_recipient
		WHERE recipient_id = ? AND status = 'sent' AND pair_id = 0 AND kind = 'checkin' AND key <> ?
		ORDER BY sent_at DESC LIMIT 1`, user, except).Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("last check-in of %s: %w", user, err)
	}
	return day, true, nil
}
