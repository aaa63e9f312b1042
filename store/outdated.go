package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// NoteOutdated begins the LastError of a sent DM that was edited to say its
// meeting no longer takes place (MarkOutdated), so that it is edited once
// for each reason, and edited back if the meeting comes back.
const NoteOutdated = "outdated"

// NoteBackOn is the LastError of a sent DM marked NoteOutdated before,
// edited back to say its meeting takes place after all: not outdated,
// yet its text is the bot's, not the reminder's (told apart from one never
// outdated, whose buttons its pair's end leaves).
const NoteBackOn = "back-on"

// NoteEnded is the LastError of a sent DM of a pair that has ended, edited
// to lose its buttons (or found to have none left), so that it is edited
// once.
const NoteEnded = "pair-ended"

// SentBeforeMeetings lists the DMs of the given kinds sent about pair
// pairID's meetings that have not begun by now (their expiry, the meeting
// or an hour before it, is after now): a reminder or agenda prompt whose
// meeting may since have been moved, skipped or cancelled, or have come
// back (those marked NoteOutdated).
func (db *DB) SentBeforeMeetings(ctx context.Context, pairID int64, kinds []string, now time.Time) ([]Notification, error) {
	return db.sentDMs(ctx, fmt.Sprintf("before pair %d's meetings", pairID), "notifications_pair",
		`pair_id <> 0 AND pair_id = ? AND kind IN (`+placeholders(len(kinds))+`) AND expires_at > ?`,
		append(append([]any{pairID}, anyArgs(kinds)...), unix(now))...)
}

// sentDMs lists the DMs sent that match where, read through index, oldest
// first; what says which in an error.
func (db *DB) sentDMs(ctx context.Context, what, index, where string, args ...any) ([]Notification, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+noteColumns+` FROM notifications INDEXED BY `+index+`
		WHERE status = 'sent' AND `+where+` ORDER BY due_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list DMs sent %s: %w", what, err)
	}
	out, err := collect(rows, scanNote)
	if err != nil {
		return nil, fmt.Errorf("list DMs sent %s: %w", what, err)
	}
	return out, nil
}

// MarkOutdated records what the sent DM id says of its meeting: mark,
// NoteOutdated with a digest of its text when it says the meeting no longer
// takes place, so that a new reason edits it again; NoteBackOn when it
// was edited back to say the meeting takes place after all; "" when it
// says nothing of the kind. NoteEnded marks a DM whose buttons went
// with its pair's end.
func (db *DB) MarkOutdated(ctx context.Context, id int64, mark string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET last_error = ? WHERE id = ? AND status = 'sent'`, mark, id); err != nil {
			return fmt.Errorf("mark DM %d outdated: %w", id, err)
		}
		return nil
	})
}

// SentGoalDMs lists the DMs of kinds sent to owner about goal id (their
// Ref starts with the goal's number), oldest first: what to edit when the
// goal changes.
func (db *DB) SentGoalDMs(ctx context.Context, owner string, id int64, kinds []string) ([]Notification, error) {
	return db.sentDMs(ctx, fmt.Sprintf("about goal %d", id), "notifications_recipient",
		`pair_id = 0 AND recipient_id = ? AND kind IN (`+placeholders(len(kinds))+`) AND ref LIKE ?`,
		append(append([]any{owner}, anyArgs(kinds)...), strconv.FormatInt(id, 10)+":%")...)
}

// SentPersonDMs lists the DMs of kinds sent to recipient about no pair
// (their own: check-ins, goal reminders, the notice that nudges stopped)
// that expire after after (zero: every one), oldest first: what to redraw
// when what they show changes.
func (db *DB) SentPersonDMs(ctx context.Context, recipient string, kinds []string, after time.Time) ([]Notification, error) {
	return db.sentDMs(ctx, "to "+recipient, "notifications_recipient",
		`pair_id = 0 AND recipient_id = ? AND kind IN (`+placeholders(len(kinds))+`) AND expires_at > ?`,
		append(append([]any{recipient}, anyArgs(kinds)...), unix(after))...)
}

// SentPairDMs lists the DMs of kinds sent about pair pairID, oldest first:
// notices that a newer one may make untrue.
func (db *DB) SentPairDMs(ctx context.Context, pairID int64, kinds []string) ([]Notification, error) {
	return db.SentBeforeMeetings(ctx, pairID, kinds, time.Time{}) // every expiry is after the zero time
}
