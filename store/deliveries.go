package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Delivery is a Socket Mode delivery the bot has taken on (see the
// deliveries table).
type Delivery struct {
	ReceivedAt time.Time
	// DoneAt is zero while it is being handled, or when the process that
	// took it on stopped before it finished.
	DoneAt time.Time
	// Reply is the payload it was acknowledged with (JSON); "" for none.
	Reply string
}

// deliveryKeep is how long a delivery is remembered. Slack gives up on an
// unacknowledged envelope within minutes.
const deliveryKeep = 24 * time.Hour

// ClaimDelivery takes on a delivery known by keys (its envelope ID and,
// when it has one, its trigger ID), unless a delivery with any of those
// keys was taken on before. first reports which: when false, prior is
// what the earlier one recorded. A first delivery also records that actor
// (when not "") did something, as Touch, in the same commit: one write
// fewer before a command's answer.
func (db *DB) ClaimDelivery(ctx context.Context, keys []string, actor string) (prior Delivery, first bool, err error) {
	if len(keys) == 0 {
		if actor != "" {
			err = db.Touch(ctx, actor)
		}
		return Delivery{}, true, err
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		var found bool
		if prior, found, err = findDelivery(ctx, tx, keys); err != nil || found {
			return err
		}
		first = true
		if actor != "" {
			if err := touchTx(ctx, tx, actor); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE received_at < ?`, unix(tx.Now.Add(-deliveryKeep))); err != nil {
			return fmt.Errorf("prune deliveries: %w", err)
		}
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (key, received_at) VALUES (?, ?)`, k, unix(tx.Now)); err != nil {
				return fmt.Errorf("claim delivery %s: %w", k, err)
			}
		}
		return nil
	})
	return prior, first, err
}

// FinishDelivery records that the delivery known by keys was handled and
// acknowledged with reply.
func (db *DB) FinishDelivery(ctx context.Context, keys []string, reply string) error {
	if len(keys) == 0 {
		return nil
	}
	return db.InTx(ctx, func(tx *Tx) error {
		args := []any{unix(tx.Now), reply}
		for _, k := range keys {
			args = append(args, k)
		}
		_, err := tx.ExecContext(ctx, `UPDATE deliveries SET done_at = ?, reply = ? WHERE key IN (?`+strings.Repeat(",?", len(keys)-1)+`)`, args...)
		if err != nil {
			return fmt.Errorf("finish delivery %s: %w", keys[0], err)
		}
		return nil
	})
}

// LookupDelivery returns what was recorded for the delivery known by any
// of keys; ok is false when none was taken on.
func (db *DB) LookupDelivery(ctx context.Context, keys []string) (d Delivery, ok bool, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		d, ok, err = findDelivery(ctx, q, keys)
		return err
	})
	return d, ok, err
}

func findDelivery(ctx context.Context, q sqlQuerier, keys []string) (Delivery, bool, error) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	var received, done int64
	var d Delivery
	err := q.QueryRowContext(ctx, `SELECT received_at, done_at, reply FROM deliveries WHERE key IN (?`+strings.Repeat(",?", len(keys)-1)+`)
		ORDER BY done_at DESC LIMIT 1`, args...).Scan(&received, &done, &d.Reply)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, false, nil
	}
	if err != nil {
		return Delivery{}, false, fmt.Errorf("look up delivery %s: %w", keys[0], err)
	}
	d.ReceivedAt, d.DoneAt = fromUnix(received), fromUnix(done)
	return d, true, nil
}
