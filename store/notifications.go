package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Notification statuses.
const (
	NotePending   = "pending"   // waiting for its due time
	NoteSending   = "sending"   // claimed by a dispatcher (or waiting to retry until lease_until)
	NoteSent      = "sent"      // Slack accepted it
	NoteDropped   = "dropped"   // its time passed while it still made sense; never sent
	NoteCancelled = "cancelled" // the state it was about changed (skip, end, log)
	NoteFailed    = "failed"    // Slack refused it for good (user gone, channel gone)
)

// NoteForgotten is the last error of a DM cancelled while it was being
// sent because its recipient asked to be forgotten (Forget): it is not to
// be posted unless Slack has accepted it already (ForgetState).
const NoteForgotten = "forgotten"

// Notification is a DM the bot owes somebody. Key is its stable identity
// (what, for whom, for which meeting or week): planning the same key twice
// stores it once, and the key travels with the Slack message as metadata so
// that a send cut short by a crash can be found again.
type Notification struct {
	ID          int64
	Key         string
	Kind        string
	RecipientID string
	PairID      int64  // 0: not about a pair
	Ref         string // what it is about: a meeting's unix time, a goal number, a week
	DueAt       time.Time
	ExpiresAt   time.Time // past this it no longer makes sense and is dropped
	Status      string
	Attempts    int
	LeaseUntil  time.Time
	LastError   string
	Channel, TS string
	CreatedAt   time.Time
	SentAt      time.Time
	// PlannedAt is when it was due before a hold for quiet hours moved
	// DueAt on (HoldClaim); zero when DueAt is that time. See Planned.
	PlannedAt time.Time
	// Payload is a pre-rendered message (JSON of bot's message type) for
	// one-off DMs such as the intro; "" means the bot renders it from Kind
	// and Ref when it is sent, so that it shows the state of that moment.
	Payload string
	// ClaimedAt is when this process claimed it (ClaimDue, ClaimIDs; not
	// stored): a send an earlier claim had under way could have landed
	// by then, so a DM's history read since shows it.
	ClaimedAt time.Time
}

const noteColumns = `id, key, kind, recipient_id, pair_id, ref, due_at, expires_at, status, attempts, lease_until,
	last_error, channel, ts, created_at, sent_at, payload, planned_at`

// Planned is when n was due as planned, before any hold for quiet hours.
func (n Notification) Planned() time.Time {
	if !n.PlannedAt.IsZero() {
		return n.PlannedAt
	}
	return n.DueAt
}

func scanNote(s scanner) (Notification, error) {
	var n Notification
	var due, exp, lease, created, sent, planned int64
	err := s.Scan(&n.ID, &n.Key, &n.Kind, &n.RecipientID, &n.PairID, &n.Ref, &due, &exp, &n.Status, &n.Attempts, &lease,
		&n.LastError, &n.Channel, &n.TS, &created, &sent, &n.Payload, &planned)
	if err != nil {
		return Notification{}, err
	}
	n.DueAt, n.ExpiresAt, n.LeaseUntil, n.CreatedAt, n.SentAt = fromUnix(due), fromUnix(exp), fromUnix(lease), fromUnix(created), fromUnix(sent)
	if planned != 0 {
		n.PlannedAt = fromUnix(planned)
	}
	return n, nil
}

// Enqueue stores a notification unless one with the same key exists; it
// reports whether it was new. A zero ExpiresAt means a day after DueAt.
func (db *DB) Enqueue(ctx context.Context, n Notification) (bool, error) {
	var added bool
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		added, err = EnqueueTx(ctx, tx, n)
		return err
	})
	return added, err
}

// QueuedSinceTx reports whether a notification whose key starts with
// prefix was queued after since: what is sent at most once in a while,
// whatever its key's day says.
func QueuedSinceTx(ctx context.Context, tx *Tx, prefix string, since time.Time) (bool, error) {
	var found bool
	err := tx.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notifications WHERE key >= ? AND key < ? AND created_at > ?)`,
		prefix, prefix+"\xff", unix(since)).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("look for %s…: %w", prefix, err)
	}
	return found, nil
}

// EnqueueTx is Enqueue inside a larger commit.
func EnqueueTx(ctx context.Context, tx *Tx, n Notification) (bool, error) {
	if n.DueAt.IsZero() {
		n.DueAt = tx.Now
	}
	if n.ExpiresAt.IsZero() {
		n.ExpiresAt = n.DueAt.Add(24 * time.Hour)
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO notifications (key, kind, recipient_id, pair_id, ref, due_at, expires_at, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		n.Key, n.Kind, n.RecipientID, n.PairID, n.Ref, unix(n.DueAt), unix(n.ExpiresAt), n.Payload, unix(tx.Now))
	if err != nil {
		return false, fmt.Errorf("enqueue %s: %w", n.Key, err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// Dropped says what DropExpired dropped: how many of each kind.
type Dropped struct {
	ByKind map[string]int
}

// Count is how many were dropped.
func (d Dropped) Count() int {
	n := 0
	for _, k := range d.ByKind {
		n += k
	}
	return n
}

// DropExpired marks pending notifications whose time to make sense has
// passed, and that were never tried, as dropped, and says which (Dropped).
// It leaves alone claims (status sending) and pending rows tried before (a
// retry's claim given back at a shutdown, a row a restore marks to look
// for): a send under way, or cut short by a crash, or waiting for its
// retry after a timeout, may have reached Slack, and recorded as
// never sent it would escape every later edit of its DM (a withdrawn
// request, an ended pair). The dispatcher claims them when their lease or
// retry is up and looks for them in the DM's history first, recording
// them as sent where they are found and dropping them only where they
// are not; a claim whose send never began is dropped as its turn comes.
func (db *DB) DropExpired(ctx context.Context, now time.Time) (Dropped, error) {
	d := Dropped{ByKind: map[string]int{}}
	err := db.InTx(ctx, func(tx *Tx) error {
		clear(d.ByKind)
		// A pending row that has expired is due too (due_at < expires_at):
		// asked so, notifications_due finds it among the backlog.
		rows, err := tx.q.QueryContext(ctx, `UPDATE notifications SET status = 'dropped'
			WHERE status = 'pending' AND due_at <= ? AND expires_at <= ? AND sent_at = 0 AND attempts = 0
			RETURNING kind`, unix(now), unix(now))
		if err != nil {
			return fmt.Errorf("drop expired notifications: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			if err := rows.Scan(&kind); err != nil {
				return fmt.Errorf("drop expired notifications: %w", err)
			}
			d.ByKind[kind]++
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("drop expired notifications: %w", err)
		}
		return rows.Close()
	})
	return d, err
}

// DeleteSettled deletes up to limit planned notifications of kinds that
// are settled (sent, dropped, cancelled or failed) and whose time to make
// sense ended before before, returning how many. The caller chooses kinds
// that planning never wants again once they are that old (the scheduler:
// those tied to a meeting or a check-in firing long past), so that none is
// planned, or sent, again; the bot's own DMs (payload) are kept, for they
// are looked up by key.
func (db *DB) DeleteSettled(ctx context.Context, before time.Time, kinds []string, limit int) (int64, error) {
	var k int64
	err := db.InTx(ctx, func(tx *Tx) error {
		// Through notifications_due: due_at < expires_at, so the rows are
		// within each status's range of due times up to before.
		args := append([]any{unix(before), unix(before)}, anyArgs(kinds)...)
		res, err := tx.q.ExecContext(ctx, `DELETE FROM notifications WHERE id IN (
			SELECT id FROM notifications INDEXED BY notifications_due
			WHERE status IN ('sent', 'dropped', 'cancelled', 'failed') AND due_at < ? AND expires_at < ?
				AND payload = '' AND kind IN (`+placeholders(len(kinds))+`) LIMIT ?)`,
			append(args, limit)...)
		if err != nil {
			return fmt.Errorf("delete settled notifications: %w", err)
		}
		k, _ = res.RowsAffected()
		return nil
	})
	return k, err
}

// ClaimDue takes up to limit notifications that are due at now (pending
// and due, or claimed before and whose lease has lapsed), oldest first, and
// leases them until now+lease. A claimed notification with Attempts > 1 may
// have reached Slack already: look for it before sending again. Nothing
// is taken of a recipient whose send waits for one of its first retries
// (see youngRetries), nor of the recipients leave: the caller still sends
// earlier DMs of theirs, which these would overtake (a handful of people,
// whose sends Slack is slow to answer).
func (db *DB) ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int, leave ...string) ([]Notification, error) {
	var ns []Notification
	err := db.InTx(ctx, func(tx *Tx) error {
		behind, err := behindRetries(ctx, tx.q, now)
		if err != nil {
			return fmt.Errorf("claim due notifications: %w", err)
		}
		args := append([]any{unix(now.Add(lease)), db.holdsSender(), unix(now), unix(now)}, anyArgs(leave)...)
		args = append(append(args, behind.args...), limit)
		rows, err := tx.q.QueryContext(ctx, claimDueSQL(len(leave), behind.list), args...)
		if err != nil {
			return fmt.Errorf("claim due notifications: %w", err)
		}
		if ns, err = collect(rows, scanNote); err != nil {
			return fmt.Errorf("claim due notifications: %w", err)
		}
		return nil
	})
	for i := range ns {
		ns[i].ClaimedAt = now
	}
	return ns, err
}

// claimDueSQL is ClaimDue's statement, leaving nLeave recipients and
// those of the list behind (behindRetries; "" is none).
func claimDueSQL(nLeave int, behind string) string {
	return `UPDATE notifications SET status = 'sending', lease_until = ?, attempts = attempts + 1, lease_locked = ?
		WHERE id IN (
			SELECT id FROM notifications
			WHERE ((status = 'pending' AND due_at <= ?) OR (status = 'sending' AND lease_until <= ?))` +
		notRecipients(nLeave) + notIn(behind) + `
			ORDER BY due_at, id LIMIT ?)
		RETURNING ` + noteColumns
}

// notRecipients is a term leaving out n recipients; none is no term at
// all, as NOT IN (NULL) would match no row.
func notRecipients(n int) string {
	if n == 0 {
		return ""
	}
	return notIn(placeholders(n))
}

// notIn is a term leaving out the recipients of list, a list of
// placeholders or a query; "" is no term at all.
func notIn(list string) string {
	if list == "" {
		return ""
	}
	return ` AND recipient_id NOT IN (` + list + `)`
}

// HeldRetryAttempts: a send waiting for its retry holds back its
// recipient's later DMs only while it has been tried fewer times than
// this, that is behind its first two tries' retries (10 s, then 20 s,
// see the scheduler's retry): what a hung call that ended at the
// client's timeout needs, so that the DMs behind it do not overtake it.
// A DM that keeps failing (a payload that does not decode, Slack down
// for an hour) is retried for up to a day: holding the person's other
// DMs back that long would drop their reminders and delay their requests
// by as much, so after that they go as before.
const HeldRetryAttempts = 3

// youngRetries lists the recipients with a send waiting for one of its
// first retries (MarkRetry, HeldRetryAttempts) still ahead of its first
// argument (now); its second is HeldRetryAttempts. Their other DMs are
// neither claimed nor a wake until it ends: sent after it, they would
// overtake it, and at its retry they are claimed with it, in due order,
// so that it goes first. The caller's own sends under way are its to
// leave (the scheduler's held set), and a dead process's are ended by
// the sender lock's next holder (EndLeases). It reads the 'sending'
// range of notifications_due (a batch in flight, and retries), never the
// backlog.
const youngRetries = `SELECT recipient_id FROM notifications INDEXED BY notifications_due
	WHERE status = 'sending' AND lease_until > ? AND last_error <> '' AND attempts < ?`

// maxListedBehind bounds the recipients behindRetries lists by value;
// beyond it (an outage: many sends waiting for retries) the statements
// read the list themselves, once each, rather than bind that many
// arguments.
const maxListedBehind = 200

// behindList is a list of recipients to leave out: placeholders or a
// query (youngRetries), with its arguments; list "" is none.
type behindList struct {
	list string
	args []any
}

// behindRetries reads the recipients waiting behind a young retry at
// now (youngRetries). Usually there are none, and the statements that
// leave them out need no such term: it would cost a read of the table's
// row for each candidate, to learn its recipient.
func behindRetries(ctx context.Context, q sqlQuerier, now time.Time) (behindList, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT recipient_id FROM (`+youngRetries+`) LIMIT ?`,
		unix(now), HeldRetryAttempts, maxListedBehind+1)
	if err != nil {
		return behindList{}, fmt.Errorf("recipients waiting behind a retry: %w", err)
	}
	ids, err := collect(rows, func(s scanner) (id string, err error) { return id, s.Scan(&id) })
	if err != nil {
		return behindList{}, fmt.Errorf("recipients waiting behind a retry: %w", err)
	}
	switch {
	case len(ids) == 0:
		return behindList{}, nil
	case len(ids) > maxListedBehind:
		return behindList{list: youngRetries, args: []any{unix(now), HeldRetryAttempts}}, nil
	}
	return behindList{list: placeholders(len(ids)), args: anyArgs(ids)}, nil
}

// HoldsBack reports whether claim n, at now, holds back its recipient's
// other DMs (youngRetries): the rule ClaimDue, ClaimIDs, NextWake and
// NextDue go by, for callers that look at the rows themselves (the
// playground's and the tests' settling).
func HoldsBack(n Notification, now time.Time) bool {
	return n.Status == NoteSending && n.LeaseUntil.After(now) && n.LastError != "" && n.Attempts < HeldRetryAttempts
}

// ReleaseClaims undoes the claims of notifications whose send never began
// (a shutdown came first): each is pending again, due at its DueAt, with
// the attempt it was claimed for given back, so that the next start sends
// it at once rather than after its lease, and without looking in Slack for
// it first. A claim that has since changed hands is left alone.
func (db *DB) ReleaseClaims(ctx context.Context, ns []Notification) error {
	if len(ns) == 0 {
		return nil
	}
	return db.InTx(ctx, func(tx *Tx) error {
		// Pending again, the row is nobody's claim (a mentorbot from before
		// migration 25 that claims it next leaves the mark as it finds it).
		st, err := prepare(ctx, tx, `UPDATE notifications SET status = 'pending', due_at = ?, attempts = attempts - 1, lease_until = 0, lease_locked = 0
			WHERE id = ? AND status = 'sending' AND attempts = ?`)
		if err != nil {
			return err
		}
		defer st.close()
		for _, n := range ns {
			if _, err := st.exec(ctx, unix(n.DueAt), n.ID, n.Attempts); err != nil {
				return fmt.Errorf("release notification %d: %w", n.ID, err)
			}
		}
		return nil
	})
}

// HoldClaim is ReleaseClaims for one notification, due again at until:
// for a check-in or nudge that came late into its recipient's quiet hours.
// The time it was due as planned is kept (Notification.Planned).
func (db *DB) HoldClaim(ctx context.Context, n Notification, until time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'pending', planned_at = ?, due_at = ?, attempts = attempts - 1, lease_until = 0, lease_locked = 0
			WHERE id = ? AND status = 'sending' AND attempts = ?`, unix(n.Planned()), unix(until), n.ID, n.Attempts); err != nil {
			return fmt.Errorf("hold notification %d: %w", n.ID, err)
		}
		return nil
	})
}

// MarkSent records that Slack accepted notification id. Concurrent calls
// share a commit (sentBatch): a fan-out's senders each finish a DM at
// about the same time, and a commit of its own for each rewrote the same
// index pages (five indexes name the status) into the WAL again and again.
// It returns once the commit holding id is durable.
func (db *DB) MarkSent(ctx context.Context, id int64, channel, ts string) error {
	return db.sent.mark(ctx, db, sentMark{id: id, channel: channel, ts: ts, done: make(chan error, 1)})
}

type sentMark struct {
	id          int64
	channel, ts string
	done        chan error
}

// sentBatch is MarkSent's group commit: the first caller commits what is
// waiting, and again while more arrives; the others wait for its commit.
type sentBatch struct {
	mu      sync.Mutex
	waiting []sentMark
	leading bool
}

// maxSentBatch bounds one commit of MarkSent.
const maxSentBatch = 256

func (b *sentBatch) mark(ctx context.Context, db *DB, m sentMark) error {
	b.mu.Lock()
	b.waiting = append(b.waiting, m)
	if b.leading {
		b.mu.Unlock()
		return <-m.done
	}
	b.leading = true
	for {
		batch := b.waiting[:min(len(b.waiting), maxSentBatch)]
		b.waiting = b.waiting[len(batch):]
		if len(batch) == 0 {
			b.leading = false
			b.mu.Unlock()
			return <-m.done
		}
		b.mu.Unlock()
		// Others' marks ride on this commit: it must not end with this
		// caller's context.
		err := markSentBatch(context.WithoutCancel(ctx), db, batch)
		for _, m := range batch {
			m.done <- err
		}
		b.mu.Lock()
	}
}

// forgottenSessionDM is a term for a session's DM cancelled by Forget
// while it was being sent.
const forgottenSessionDM = `(status = 'cancelled' AND last_error = '` + NoteForgotten + `' AND kind = 'session_logged')`

// markSentBatch commits one batch of MarkSent. A panic becomes the
// batch's error: the callers waiting on this commit must hear of it, and
// the next caller must be able to lead, or every later MarkSent would hang.
func markSentBatch(ctx context.Context, db *DB, batch []sentMark) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("mark %d notifications sent: panic: %v", len(batch), p)
		}
	}()
	return db.InTx(ctx, func(tx *Tx) error {
		for _, m := range batch {
			// A session's DM sent to someone who was forgotten while it
			// went is not kept track of, as Forget does for those sent
			// before (forgetSessionDMsSQL): the former partner's edits of
			// the session are not for them.
			// (Each term reads the row as it was before the update.)
			if _, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'sent',
				channel = CASE WHEN `+forgottenSessionDM+` THEN '' ELSE ? END, ts = CASE WHEN `+forgottenSessionDM+` THEN '' ELSE ? END,
				sent_at = ?, lease_until = 0, last_error = ''
				WHERE id = ?`, m.channel, m.ts, unix(tx.Now), m.id); err != nil {
				return fmt.Errorf("mark notification %d sent: %w", m.id, err)
			}
		}
		return nil
	})
}

// ForgetState reports whether notification id was cancelled while it was
// being sent because its recipient asked to be forgotten (Forget): a
// claim Slack has not accepted is then not to be posted. It says, in the
// same read, how many /mentor forgets were ever done (Forgets).
func (db *DB) ForgetState(ctx context.Context, id int64) (gone bool, forgets int64, err error) {
	var g sql.NullBool
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT status = 'cancelled' AND last_error = ? FROM notifications WHERE id = ?), `+forgetsSQL,
		NoteForgotten, id).Scan(&g, &forgets)
	if err != nil {
		return false, 0, fmt.Errorf("check whether notification %d was cancelled by a forget: %w", id, err)
	}
	return g.Valid && g.Bool, forgets, nil
}

// Forgets is how many /mentor forgets were ever done. A DM drawn from the
// state of its recipient's pairs (a check-in lists partners' goals) that
// was drawn before another forget committed is drawn again before it goes:
// a partner's forget does not take back their partner's own DMs.
func (db *DB) Forgets(ctx context.Context) (int64, error) {
	var n int64
	if err := db.read.QueryRowContext(ctx, `SELECT `+forgetsSQL).Scan(&n); err != nil {
		return 0, fmt.Errorf("count forgets: %w", err)
	}
	return n, nil
}

const forgetsSQL = `COALESCE((SELECT CAST(value AS INTEGER) FROM scheduler_state WHERE name = 'forgets'), 0)`

// MarkRetry keeps notification id claimed but lets it be taken again at
// retryAt, noting why the last try failed.
func (db *DB) MarkRetry(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error {
		// Waiting to be retried is no send under way (EndLeases).
		_, err := tx.q.ExecContext(ctx, `UPDATE notifications SET lease_until = ?, last_error = ?, lease_locked = 0 WHERE id = ? AND status = 'sending'`,
			unix(retryAt), reason, id)
		if err != nil {
			return fmt.Errorf("mark notification %d for retry: %w", id, err)
		}
		return nil
	})
}

// MarkDone ends claim n (as ClaimDue or ClaimIDs returned it) with a
// final status other than sent (failed, dropped or cancelled) and the
// reason. A failure recorded here is one given up after retries, which
// may have reached Slack; one Slack refused for good is MarkRefused.
func (db *DB) MarkDone(ctx context.Context, n Notification, status, reason string) error {
	_, err := db.markDone(ctx, n, status, reason, false, false)
	return err
}

// MarkObsolete ends claim n as cancelled, no longer relevant. For an
// agenda prompt a move took as had (MoveMeetingTx's prompted_for), it
// gives that back and reports replan: the moved meeting's pair is to be
// planned again, for it to be prompted after all.
func (db *DB) MarkObsolete(ctx context.Context, n Notification, reason string) (replan bool, err error) {
	return db.markDone(ctx, n, NoteCancelled, reason, false, false)
}

// MarkDroppedUntried ends claim n as dropped, a DM that surely never
// reached Slack: its first claim, dropped before any send of it was tried
// (its time passed while it waited for a worker, or behind its
// recipient's send that hung), or a later one, looked for in the DM's
// history and not found. Its attempts are given back, as ReleaseClaims
// gives back an unsent claim's: it is then, like a row DropExpired
// drops, a DM that never reached its recipient (attempts 0, which
// WithdrawUndeliveredTx goes by).
func (db *DB) MarkDroppedUntried(ctx context.Context, n Notification, reason string) error {
	_, err := db.markDone(ctx, n, NoteDropped, reason, false, true)
	return err
}

// MarkRefused ends claim n as failed because Slack refused it for good
// (the user left, the channel is gone): it surely never reached its
// recipient. It is recorded apart from the reason's text, which is for
// people and may be reworded (WithdrawUndeliveredTx goes by it).
func (db *DB) MarkRefused(ctx context.Context, n Notification, reason string) error {
	_, err := db.markDone(ctx, n, NoteFailed, reason, true, false)
	return err
}

// markDone settles claim n only while it is still that claim ('sending',
// for the attempt it was claimed for), as ReleaseClaims and HoldClaim do.
// A row that left it meanwhile is no longer the caller's to settle: one
// Forget cancelled stays so (not dropped or failed), and one re-planning
// revived since (the person forgotten, then paired again) is the
// rejoined person's DM, to be sent, not ended by the old claim.
// It answers ErrClaimGone when the row had left the claim, so that the
// caller counts no drop or failure that was not recorded. untried gives
// back the claim's attempts (MarkDroppedUntried).
func (db *DB) markDone(ctx context.Context, n Notification, status, reason string, refused, untried bool) (unprompted bool, err error) {
	giveBack := 0
	if untried {
		giveBack = n.Attempts
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = ?, last_error = ?, refused = ?, lease_until = 0, attempts = attempts - ?
			WHERE id = ? AND status = 'sending' AND attempts = ?`, status, reason, refused, giveBack, n.ID, n.Attempts)
		if err != nil {
			return fmt.Errorf("mark notification %d %s: %w", n.ID, status, err)
		}
		if k, err := res.RowsAffected(); err == nil && k == 0 {
			return fmt.Errorf("mark notification %d %s: %w", n.ID, status, ErrClaimGone)
		}
		if n.Kind == "agenda_prompt" && n.PairID != 0 && (status == NoteCancelled || refused || untried) {
			// A move made while this prompt was being sent took it as
			// had (MoveMeetingTx's prompted_for); it never reached the
			// mentee, so the moved meeting is to be prompted for after
			// all. The update marks the pair to be planned again.
			res, err := tx.q.ExecContext(ctx, `UPDATE meeting_skips SET prompted_for = 0 WHERE pair_id = ? AND prompted_for > 0 AND prompted_for = CAST(? AS INTEGER)`,
				n.PairID, n.Ref)
			if err != nil {
				return fmt.Errorf("unmark the prompt of pair %d's moved meeting: %w", n.PairID, err)
			}
			k, _ := res.RowsAffected()
			unprompted = k > 0
		}
		return nil
	})
	return unprompted, err
}

// ErrClaimGone is a claim that was no longer the caller's to settle: a
// Forget took it back, or it was claimed again after its lease lapsed.
var ErrClaimGone = errors.New("the claim is no longer held")

// NextWake is the earliest instant at which something may become due: a
// pending notification's due time or a claimed one's lease end, leaving
// out what ClaimDue would not take then: the notifications of a recipient
// waiting behind a young retry (youngRetries; the retry's lease end is
// the wake) and those of the recipients leave (they wait until the
// caller's earlier sends to them end, which wakes the caller). ok is
// false when nothing is waiting.
func (db *DB) NextWake(ctx context.Context, leave ...string) (time.Time, bool, error) {
	now := db.clock.Now()
	behind, err := behindRetries(ctx, db.read, now)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next notification time: %w", err)
	}
	spare := anyArgs(leave)
	args := append(append(spare, behind.args...), spare...)
	if behind.list != "" {
		args = append(append(args, unix(now)), behind.args...)
	}
	var due sql.NullInt64
	if err := db.read.QueryRowContext(ctx, nextWakeSQL(len(leave), behind.list), args...).Scan(&due); err != nil {
		return time.Time{}, false, fmt.Errorf("next notification time: %w", err)
	}
	if !due.Valid {
		return time.Time{}, false, nil
	}
	return fromUnix(due.Int64), true, nil
}

// nextWakeSQL is NextWake's query, leaving nLeave recipients and those of
// the list behind (behindRetries; "" is none). Its first part takes the
// first pending notification in due order that may be claimed: a walk of
// notifications_due that stops there, where min() with the extra terms
// would read every pending row. A lapsed claim of a recipient waiting
// behind a retry waits for it too: a wake now would find nothing to
// claim (Run would spin).
func nextWakeSQL(nLeave int, behind string) string {
	lapsed := ""
	if behind != "" {
		lapsed = ` AND (lease_until > ? OR recipient_id NOT IN (` + behind + `))`
	}
	return `SELECT min(t) FROM (
		SELECT * FROM (SELECT due_at AS t FROM notifications WHERE status = 'pending'` +
		notRecipients(nLeave) + notIn(behind) + ` ORDER BY due_at LIMIT 1)
		UNION ALL SELECT min(lease_until) FROM notifications WHERE status = 'sending'` + notRecipients(nLeave) + lapsed + `)`
}

// NextDue is when the next notification goes, as a person would count
// it: the earliest pending one's due time, or a failed send's retry.
// Unlike NextWake it leaves out the leases of sends under way, which end
// minutes after a DM that is going now; as ClaimDue, it leaves out the
// DMs waiting behind a young retry (youngRetries), which go after it,
// not now. ok is false when nothing waits.
func (db *DB) NextDue(ctx context.Context) (time.Time, bool, error) {
	behind, err := behindRetries(ctx, db.read, db.clock.Now())
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next notification due: %w", err)
	}
	var due sql.NullInt64
	// The first pending one in due order that may go: a walk of
	// notifications_due that stops there.
	if err := db.read.QueryRowContext(ctx, `SELECT min(t) FROM (
		SELECT * FROM (SELECT due_at AS t FROM notifications WHERE status = 'pending'`+notIn(behind.list)+` ORDER BY due_at LIMIT 1)
		UNION ALL SELECT min(lease_until) FROM notifications WHERE status = 'sending' AND last_error <> '')`, behind.args...).Scan(&due); err != nil {
		return time.Time{}, false, fmt.Errorf("next notification due: %w", err)
	}
	if !due.Valid {
		return time.Time{}, false, nil
	}
	return fromUnix(due.Int64), true, nil
}

// Notification returns one notification by key.
func (db *DB) Notification(ctx context.Context, key string) (Notification, error) {
	n, err := scanNote(db.read.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Notification{}, Errorf(ENotFound, "no notification %s", key)
	}
	if err != nil {
		return Notification{}, fmt.Errorf("load notification %s: %w", key, err)
	}
	return n, nil
}

// NoteFilter selects notifications for Notifications.
type NoteFilter struct {
	RecipientID string // "" = anyone
	PairID      int64  // 0 = any
	Kind        string // "" = any
	Status      string // "" = any
	Limit       int    // 0 = 1000
}

// Notifications lists notifications matching f, by due time.
func (db *DB) Notifications(ctx context.Context, f NoteFilter) ([]Notification, error) {
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+noteColumns+` FROM notifications
		WHERE (? = '' OR recipient_id = ?) AND (? = 0 OR pair_id = ?) AND (? = '' OR kind = ?) AND (? = '' OR status = ?)
		ORDER BY due_at, id LIMIT ?`,
		f.RecipientID, f.RecipientID, f.PairID, f.PairID, f.Kind, f.Kind, f.Status, f.Status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	ns, err := collect(rows, scanNote)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return ns, nil
}

// ofRecipient selects a person's notifications (recipientArgs gives its
// arguments) through the two owner indexes: their own (pair_id = 0) by
// recipient, and those about a pair by the pairs they are or were in
// (pairs are never deleted). The owner indexes are partial (migration 7):
// SQLite takes one only when the query's own terms imply its condition,
// so every query through them says pair_id = 0 or pair_id <> 0, and names
// the index (INDEXED BY), so that one that does not fails rather than
// reads the whole table. The statement around it must read notifications
// NOT INDEXED: without statistics SQLite would rather walk a status's
// range of notifications_due (every pending or sent row) than look up the
// few ids; NOT INDEXED leaves it the rowid lookups
// (TestNotificationQueriesUseIndexes).
const ofRecipient = `id IN (SELECT id FROM notifications INDEXED BY notifications_recipient WHERE pair_id = 0 AND recipient_id = ?
	UNION ALL SELECT id FROM notifications INDEXED BY notifications_pair WHERE pair_id <> 0
		AND pair_id IN ` + pairsOfUser + ` AND recipient_id = ?)`

func recipientArgs(user string) []any { return []any{user, user, user, user} }

// cancelPairNotificationsTx cancels what is still pending for a pair; kind
// "" means every kind.
func cancelPairNotificationsTx(ctx context.Context, tx *Tx, pairID int64, kind string) error {
	_, err := tx.q.ExecContext(ctx, `UPDATE notifications INDEXED BY notifications_pair SET status = 'cancelled'
		WHERE pair_id = ? AND pair_id <> 0 AND status = 'pending' AND (? = '' OR kind = ?)`, pairID, kind, kind)
	if err != nil {
		return fmt.Errorf("cancel notifications of pair %d: %w", pairID, err)
	}
	return nil
}

// DueTimes lists the due times of pending notifications due after `after`
// and at or before until, earliest first, at most limit: the queue ahead,
// for the dispatcher to see a burst coming. It reads only the status and
// due-time index.
func (db *DB) DueTimes(ctx context.Context, after, until time.Time, limit int) ([]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT due_at FROM notifications
		WHERE status = 'pending' AND due_at > ? AND due_at <= ? ORDER BY due_at LIMIT ?`, unix(after), unix(until), limit)
	if err != nil {
		return nil, fmt.Errorf("list due times: %w", err)
	}
	return collect(rows, func(s scanner) (time.Time, error) {
		t, err := scanOne[int64](s)
		if err != nil {
			return time.Time{}, fmt.Errorf("list due times: %w", err)
		}
		return fromUnix(t), nil
	})
}

// Upcoming lists the first limit pending notifications due after `after`
// and at or before until, earliest first.
func (db *DB) Upcoming(ctx context.Context, after, until time.Time, limit int) ([]Notification, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+noteColumns+` FROM notifications
		WHERE status = 'pending' AND due_at > ? AND due_at <= ? ORDER BY due_at, id LIMIT ?`, unix(after), unix(until), limit)
	if err != nil {
		return nil, fmt.Errorf("list upcoming notifications: %w", err)
	}
	ns, err := collect(rows, scanNote)
	if err != nil {
		return nil, fmt.Errorf("list upcoming notifications: %w", err)
	}
	return ns, nil
}

// ClaimIDs claims the notifications ids that are still pending, whatever
// their due time, as ClaimDue does (leased until now+lease), in due order;
// as ClaimDue, it leaves the notifications of a recipient waiting behind
// a young retry (youngRetries). The dispatcher uses it to send part
// of a burst early.
func (db *DB) ClaimIDs(ctx context.Context, ids []int64, now time.Time, lease time.Duration) ([]Notification, error) {
	var ns []Notification
	err := db.InTx(ctx, func(tx *Tx) error {
		behind, err := behindRetries(ctx, tx.q, now)
		if err != nil {
			return fmt.Errorf("claim notifications: %w", err)
		}
		for start := 0; start < len(ids); start += 500 {
			chunk := ids[start:min(start+500, len(ids))]
			args := append([]any{unix(now.Add(lease)), db.holdsSender()}, anyArgs(chunk)...)
			rows, err := tx.q.QueryContext(ctx, `UPDATE notifications SET status = 'sending', lease_until = ?, attempts = attempts + 1, lease_locked = ?
				WHERE status = 'pending' AND id IN (`+placeholders(len(chunk))+`)`+notIn(behind.list)+`
				RETURNING `+noteColumns, append(args, behind.args...)...)
			if err != nil {
				return fmt.Errorf("claim notifications: %w", err)
			}
			claimed, err := collect(rows, scanNote)
			if err != nil {
				return fmt.Errorf("claim notifications: %w", err)
			}
			for i := range claimed {
				claimed[i].ClaimedAt = now
			}
			ns = append(ns, claimed...)
		}
		return nil
	})
	sort.Slice(ns, func(i, j int) bool {
		if !ns[i].DueAt.Equal(ns[j].DueAt) {
			return ns[i].DueAt.Before(ns[j].DueAt)
		}
		return ns[i].ID < ns[j].ID
	})
	return ns, err
}

// HasKeyPrefix reports whether a notification's key starts with prefix
// (letters, digits and :=, with no GLOB wildcard): a prefix search of the
// key's unique index.
func (db *DB) HasKeyPrefix(ctx context.Context, prefix string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE key GLOB ? LIMIT 1)`, prefix+"*").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for notifications %s…: %w", prefix, err)
	}
	return n > 0, nil
}

// NudgeStopWait is a person's notice that nudges stop, still to go
// (pending, or being sent), and where their run of unanswered nudges
// stands.
type NudgeStopWait struct {
	NoticeDue  time.Time // when the notice is due
	Unanswered int       // nudges in a row with no response (0 once they answered)
	LastNudge  time.Time // when the last counted round of nudges went; zero once they answered
}

// PendingNudgeStop reports recipient's notice of kind that is still to
// go, and their unanswered nudges; ok is false when there is no notice.
// The scheduler holds nudges back while the notice waits for the last
// one to be answered.
func (db *DB) PendingNudgeStop(ctx context.Context, recipient, kind string) (w NudgeStopWait, ok bool, err error) {
	var due, last int64
	err = db.read.QueryRowContext(ctx, `SELECT n.due_at, u.unanswered_nudges, u.last_nudge_at
		FROM notifications n INDEXED BY notifications_recipient JOIN users u ON u.user_id = n.recipient_id
		WHERE n.pair_id = 0 AND n.recipient_id = ? AND n.status IN ('pending', 'sending') AND n.kind = ? ORDER BY n.due_at LIMIT 1`, recipient, kind).
		Scan(&due, &w.Unanswered, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return w, false, nil
	}
	if err != nil {
		return w, false, fmt.Errorf("look for a pending %s to %s: %w", kind, recipient, err)
	}
	w.NoticeDue, w.LastNudge = fromUnix(due), fromUnix(last)
	return w, true, nil
}
