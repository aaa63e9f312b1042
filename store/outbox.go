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
// changes. Each works on the row under key, inside the transaction of the
// change it follows (whose actor check covers it), and returns the row so
// that the caller edits one Slack has already: its Channel and TS. A row
// being sent (claimed) gets the new content as its payload: when its send
// is recorded, the sender compares the payload it sent with the stored one
// and edits the message if they differ.

// noteRetracted marks a DM cancelled because what it told was undone:
// only such a DM is queued again when the undone is redone.
const noteRetracted = "retracted"

func noteByKeyTx(ctx context.Context, tx *Tx, recipient, key string) (Notification, error) {
	n, err := scanNote(tx.q.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ? AND recipient_id = ?`, key, recipient))
	if errors.Is(err, sql.ErrNoRows) {
		return Notification{}, Errorf(ENotFound, "no notification %s", key)
	}
	if err != nil {
		return Notification{}, fmt.Errorf("load notification %s: %w", key, err)
	}
	return n, nil
}

// RetractDMTx takes back the DM queued to recipient under key, for
// something undone: a pending one is cancelled; one being sent gets
// payload, what the DM is to say now that it is undone. ENotFound when
// there is no such DM.
func RetractDMTx(ctx context.Context, tx *Tx, recipient, key, payload string) (Notification, error) {
	n, err := noteByKeyTx(ctx, tx, recipient, key)
	if err != nil {
		return n, err
	}
	switch n.Status {
	case NotePending:
		if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'cancelled', last_error = ? WHERE id = ?`, noteRetracted, n.ID); err != nil {
			return n, fmt.Errorf("retract %s: %w", key, err)
		}
		n.Status, n.LastError = NoteCancelled, noteRetracted
	case NoteSending:
		if err := setPayloadTx(ctx, tx, &n, payload); err != nil {
			return n, err
		}
	case NoteCancelled:
		// Taken back in flight by a forget (Forget, NoteForgotten): never
		// posted, unless Slack had accepted it already, when it is
		// recorded as sent and edited to payload (the bot's DMRecorded),
		// which quotes nobody's words.
		if n.LastError == NoteForgotten {
			if err := setPayloadTx(ctx, tx, &n, payload); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// ReviseDMTx gives the DM queued to recipient under key new content,
// payload: one not sent yet (pending or being sent) goes with it.
// ENotFound when there is no such DM.
func ReviseDMTx(ctx context.Context, tx *Tx, recipient, key, payload string) (Notification, error) {
	n, err := noteByKeyTx(ctx, tx, recipient, key)
	if err != nil {
		return n, err
	}
	if n.Status == NotePending || n.Status == NoteSending {
		err = setPayloadTx(ctx, tx, &n, payload)
	}
	return n, err
}

func setPayloadTx(ctx context.Context, tx *Tx, n *Notification, payload string) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET payload = ? WHERE id = ?`, payload, n.ID); err != nil {
		return fmt.Errorf("revise %s: %w", n.Key, err)
	}
	n.Payload = payload
	return nil
}

// RequeueDMTx queues n as EnqueueTx does. A DM with its key that
// RetractDMTx took back before it went is queued again with n's content;
// one not sent yet gets n's content. The row is returned when it was
// there already: sent, for the caller to edit back (an undone close
// redone within the second its key is named by). queued reports whether
// n will be sent.
func RequeueDMTx(ctx context.Context, tx *Tx, n Notification) (had Notification, queued bool, err error) {
	if queued, err = EnqueueTx(ctx, tx, n); err != nil || queued {
		return had, queued, err
	}
	if had, err = noteByKeyTx(ctx, tx, n.RecipientID, n.Key); err != nil {
		return had, false, err
	}
	switch {
	case had.Status == NoteCancelled && had.LastError == noteRetracted:
		if n.DueAt.IsZero() {
			n.DueAt = tx.Now
		}
		if n.ExpiresAt.IsZero() {
			n.ExpiresAt = n.DueAt.Add(24 * time.Hour)
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'pending', payload = ?, due_at = ?, expires_at = ?, attempts = 0, last_error = '', lease_locked = 0
			WHERE id = ? AND status = 'cancelled'`, n.Payload, unix(n.DueAt), unix(n.ExpiresAt), had.ID); err != nil {
			return had, false, fmt.Errorf("queue %s again: %w", n.Key, err)
		}
		return had, true, nil
	case had.Status == NotePending || had.Status == NoteSending:
		return had, true, setPayloadTx(ctx, tx, &had, n.Payload)
	}
	return had, false, nil
}
