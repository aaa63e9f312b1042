package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The bot's own DMs (its outbox) that follow what they are about: taken
// back when it is undone, queued again when it is redone, revised when it
// changes.

// RetractDM takes back the DM the bot queued under key, for something
// undone before the DM could matter: a pending one is cancelled, and the
// row is returned so that one sent already can be edited (its Channel and
// TS). ENotFound when there is no such DM.
func (db *DB) RetractDM(ctx context.Context, key string) (Notification, error) {
	var n Notification
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		n, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ?`, key))
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENotFound, "no notification %s", key)
		}
		if err != nil {
			return fmt.Errorf("load notification %s: %w", key, err)
		}
		if n.Status != NotePending {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'cancelled', last_error = 'retracted' WHERE id = ? AND status = 'pending'`, n.ID); err != nil {
			return fmt.Errorf("retract %s: %w", key, err)
		}
		n.Status = NoteCancelled
		return nil
	})
	return n, err
}

// RequeueDM queues n as Enqueue does; a DM with its key that RetractDM
// took back before it went is queued again with n's content. One sent
// already is returned, for the caller to edit back: a close undone and
// made again within the second its key is named by. queued reports
// whether n will be sent.
func (db *DB) RequeueDM(ctx context.Context, n Notification) (sent Notification, queued bool, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		if queued, err = EnqueueTx(ctx, tx, n); err != nil || queued {
			return err
		}
		if sent, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ?`, n.Key)); err != nil {
			return fmt.Errorf("load notification %s: %w", n.Key, err)
		}
		if sent.Status != NoteCancelled {
			return nil
		}
		if n.DueAt.IsZero() {
			n.DueAt = tx.Now
		}
		if n.ExpiresAt.IsZero() {
			n.ExpiresAt = n.DueAt.Add(24 * time.Hour)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET status = 'pending', payload = ?, due_at = ?, expires_at = ?, attempts = 0, last_error = ''
			WHERE id = ? AND status = 'cancelled'`, n.Payload, unix(n.DueAt), unix(n.ExpiresAt), sent.ID); err != nil {
			return fmt.Errorf("queue %s again: %w", n.Key, err)
		}
		queued = true
		return nil
	})
	return sent, queued, err
}

// ReviseDM gives the DM queued under key new content, payload: one still
// pending goes with it, and the row is returned so that one sent already
// can be edited (its Channel and TS). ENotFound when there is no such DM.
func (db *DB) ReviseDM(ctx context.Context, key, payload string) (Notification, error) {
	var n Notification
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		n, err = scanNote(tx.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ?`, key))
		if errors.Is(err, sql.ErrNoRows) {
			return Errorf(ENotFound, "no notification %s", key)
		}
		if err != nil {
			return fmt.Errorf("load notification %s: %w", key, err)
		}
		if n.Status != NotePending {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE notifications SET payload = ? WHERE id = ? AND status = 'pending'`, payload, n.ID); err != nil {
			return fmt.Errorf("revise %s: %w", key, err)
		}
		n.Payload = payload
		return nil
	})
	return n, err
}
