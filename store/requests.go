package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Request is someone asking someone else to be their mentor.
type Request struct {
	ID          int64
	RequesterID string // the would-be mentee
	MentorID    string
	Message     string
	Status      string // pending, accepted, declined, cancelled
	CreatedAt   time.Time
	AnsweredAt  time.Time
	PairID      int64
	// Undelivered is set by WithdrawUndeliveredTx: what became of its DM
	// to the mentor, NoteFailed (Slack refused it) or NoteDropped (its
	// time passed before it could be sent).
	Undelivered string
	// AlreadyPaired is set by AnswerRequestTx when an answered request found
	// the two already in a live pair (an admin paired them meanwhile): no
	// pair was made, PairID is the existing one.
	AlreadyPaired bool
}

// CreateRequest records a pending mentoring request. EConflict when the
// two are already paired or the same request is pending.
func (db *DB) CreateRequest(ctx context.Context, requester, mentor, message string) (Request, error) {
	var r Request
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		r, err = CreateRequestTx(ctx, tx, requester, mentor, message)
		return err
	})
	return r, err
}

// CreateRequestTx is CreateRequest inside a larger commit: the request and
// the DM that asks the mentor are stored together or not at all.
func CreateRequestTx(ctx context.Context, tx *Tx, requester, mentor, message string) (Request, error) {
	r := Request{RequesterID: requester, MentorID: mentor, Message: message, Status: "pending"}
	if requester == mentor {
		return Request{}, Errorf(EInvalid, "You can't be your own mentor — ask someone else.")
	}
	live, err := queryPairs(ctx, tx.q, `status <> 'ended' AND ((mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?))`,
		mentor, requester, requester, mentor)
	if err != nil {
		return Request{}, fmt.Errorf("create request: %w", err)
	}
	if len(live) > 0 {
		return Request{}, Errorf(EConflict, "You and <@%s> are already a pair.", mentor)
	}
	var n int
	if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM pair_requests WHERE requester_id = ? AND mentor_id = ? AND status = 'pending'`,
		requester, mentor).Scan(&n); err != nil {
		return Request{}, fmt.Errorf("create request: %w", err)
	}
	if n > 0 {
		return Request{}, Errorf(EConflict, "You have already asked <@%s>; they haven't answered yet. `/mentor request cancel @name` withdraws your request.", mentor)
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO pair_requests (requester_id, mentor_id, message, created_at) VALUES (?, ?, ?, ?)`,
		requester, mentor, message, unix(tx.Now))
	if err != nil {
		return Request{}, fmt.Errorf("create request: %w", err)
	}
	r.ID, _ = res.LastInsertId()
	r.CreatedAt = tx.Now
	return r, nil
}

// WithdrawRequestTx cancels requester's pending request to mentor and
// returns it; ENotFound when there is none.
func WithdrawRequestTx(ctx context.Context, tx *Tx, requester, mentor string) (Request, error) {
	r := Request{RequesterID: requester, MentorID: mentor, Status: "cancelled", AnsweredAt: tx.Now}
	var created int64
	err := tx.q.QueryRowContext(ctx, `UPDATE pair_requests SET status = 'cancelled', answered_at = ?
		WHERE requester_id = ? AND mentor_id = ? AND status = 'pending' RETURNING id, created_at`,
		unix(tx.Now), requester, mentor).Scan(&r.ID, &created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Request{}, Errorf(ENotFound, "You have no request waiting for an answer from <@%s>, so there is nothing to withdraw.", mentor)
	case err != nil:
		return Request{}, fmt.Errorf("withdraw request of %s to %s: %w", requester, mentor, err)
	}
	r.CreatedAt = fromUnix(created)
	return r, nil
}

// LastWithdrawnTx is when requester last withdrew a request to mentor
// (WithdrawRequestTx); zero when never. A request cancelled because its
// DM never reached the mentor (WithdrawUndeliveredTx) is no withdrawal.
func LastWithdrawnTx(ctx context.Context, tx *Tx, requester, mentor string) (time.Time, error) {
	var at sql.NullInt64
	if err := tx.q.QueryRowContext(ctx, `SELECT max(r.answered_at) FROM pair_requests r WHERE r.requester_id = ? AND r.mentor_id = ? AND r.status = 'cancelled' AND r.pair_id IS NULL
		AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.key = 'request:' || r.id AND `+undeliveredNoteSQL+`)`,
		requester, mentor).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("last withdrawn request of %s to %s: %w", requester, mentor, err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return fromUnix(at.Int64), nil
}

// LastDeclinedTx is when mentor last declined a request of requester's
// that still stands as their answer; zero when none does. A pair of the
// two made since (either way round, ended or not) answers it otherwise.
func LastDeclinedTx(ctx context.Context, tx *Tx, requester, mentor string) (time.Time, error) {
	var at sql.NullInt64
	if err := tx.q.QueryRowContext(ctx, `SELECT max(r.answered_at) FROM pair_requests r WHERE r.requester_id = ? AND r.mentor_id = ? AND r.status = 'declined'
		AND NOT EXISTS (SELECT 1 FROM pairs p WHERE p.created_at >= r.answered_at
			AND ((p.mentor_id = r.mentor_id AND p.mentee_id = r.requester_id) OR (p.mentor_id = r.requester_id AND p.mentee_id = r.mentor_id)))`,
		requester, mentor).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("last declined request of %s to %s: %w", requester, mentor, err)
	}
	return fromUnix(at.Int64), nil
}

// AnswerRequestTx accepts or declines a pending request addressed to
// actor, inside a larger commit: the answer, the pair it makes and the DMs
// that tell of them are stored together or not at all. Accepting creates
// the pair and returns it. When the two are already in a live pair (made
// since the request, by an admin or another request), either answer
// settles the request without making another: it returns that pair with
// AlreadyPaired set, the request marked accepted, or cancelled when it was
// declined or the pair has the roles the other way round. (Making a pair
// closes the requests between its two, so this is for requests left
// open by an older version.) A request that is not actor's is ENotFound;
// one already answered, or closed by a pair, is EConflict.
func AnswerRequestTx(ctx context.Context, tx *Tx, actor string, id int64, accept bool) (Request, Pair, error) {
	var (
		r Request
		p Pair
	)
	var answered, created int64
	var pairID sql.NullInt64
	err := tx.q.QueryRowContext(ctx, `SELECT id, requester_id, mentor_id, message, status, created_at, answered_at, pair_id
		FROM pair_requests WHERE id = ?`, id).Scan(&r.ID, &r.RequesterID, &r.MentorID, &r.Message, &r.Status, &created, &answered, &pairID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && r.MentorID != actor) {
		return Request{}, Pair{}, Errorf(ENotFound, "I couldn't find that request.")
	}
	if err != nil {
		return Request{}, Pair{}, fmt.Errorf("load request %d: %w", id, err)
	}
	r.CreatedAt, r.AnsweredAt, r.PairID = fromUnix(created), fromUnix(answered), pairID.Int64
	switch {
	case r.Status == "cancelled" && r.PairID == 0:
		// Withdrawn by the requester (or never delivered): nobody
		// answered it.
		return Request{}, Pair{}, Errorf(EConflict, "<@%s> withdrew this request, so there is nothing to answer.", r.RequesterID)
	case r.Status == "cancelled":
		// Closed by a pair of the two made since (closeRequestsOfPairTx).
		if p, err := loadPairTx(ctx, tx, "", r.PairID); err == nil && !p.Live() {
			return Request{}, Pair{}, Errorf(EConflict, "You and <@%s> were paired after this request, so there is nothing to answer. `/mentor pairs` lists your pairs.", r.RequesterID)
		}
		return Request{}, Pair{}, Errorf(EConflict, "You and <@%s> are already a pair, so there is nothing to answer. `/mentor pairs` lists your pairs.", r.RequesterID)
	case r.Status != "pending":
		return Request{}, Pair{}, Errorf(EConflict, "You already answered this request (%s).", r.Status)
	}
	r.Status, r.AnsweredAt = "declined", tx.Now
	// Looked for on a decline too: a requester who has been welcomed
	// to the pair since must not be told the mentor can't take them on.
	live, err := queryPairs(ctx, tx.q, `status <> 'ended' AND ((mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?))`,
		r.MentorID, r.RequesterID, r.RequesterID, r.MentorID)
	if err != nil {
		return Request{}, Pair{}, fmt.Errorf("answer request %d: %w", id, err)
	}
	switch {
	case len(live) > 0:
		p, r.PairID, r.AlreadyPaired = live[0], live[0].ID, true
		r.Status = "accepted"
		if !accept || p.MentorID != r.MentorID {
			r.Status = "cancelled" // they are a pair, but not by this answer, or not as asked
		}
	case accept:
		if p, err = createPairTx(ctx, tx, actor, r.MentorID, r.RequesterID); err != nil {
			return Request{}, Pair{}, err
		}
		r.Status, r.PairID = "accepted", p.ID
	}
	_, err = tx.q.ExecContext(ctx, `UPDATE pair_requests SET status = ?, answered_at = ?, pair_id = NULLIF(?, 0) WHERE id = ?`,
		r.Status, unix(tx.Now), r.PairID, id)
	if err != nil {
		return Request{}, Pair{}, fmt.Errorf("answer request %d: %w", id, err)
	}
	return r, p, nil
}

// closeRequestsOfPairTx closes, in the commit that makes pair pairID of
// a and c, every pending request between the two, either way round: the
// pair answers them. Each is marked cancelled with the pair, as a
// request answered when the two were paired already is, and unlike a
// withdrawal, which has no pair: it is no withdrawal to wait after
// (LastWithdrawnTx), nor one to say the requester withdrew.
func closeRequestsOfPairTx(ctx context.Context, tx *Tx, pairID int64, a, c string) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE pair_requests SET status = 'cancelled', answered_at = ?, pair_id = ?
		WHERE status = 'pending' AND ((requester_id = ? AND mentor_id = ?) OR (requester_id = ? AND mentor_id = ?))`,
		unix(tx.Now), pairID, a, c, c, a); err != nil {
		return fmt.Errorf("close requests between %s and %s: %w", a, c, err)
	}
	return nil
}

// RequestsClosedByPairTx lists, oldest first, the requests that the
// making of pair pairID closed (closeRequestsOfPairTx), for the DMs that
// asked about them to say so in the same commit. A request accepted to
// make the pair is not among them: its answer says so.
func RequestsClosedByPairTx(ctx context.Context, tx *Tx, pairID int64) ([]Request, error) {
	return requestsClosedByPair(ctx, tx.q, pairID)
}

// RequestsClosedByPair is RequestsClosedByPairTx on the read pool: what
// is committed.
func (db *DB) RequestsClosedByPair(ctx context.Context, pairID int64) ([]Request, error) {
	return requestsClosedByPair(ctx, db.read, pairID)
}

func requestsClosedByPair(ctx context.Context, q sqlQuerier, pairID int64) ([]Request, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, requester_id, mentor_id, created_at, answered_at FROM pair_requests
		WHERE pair_id = ? AND status = 'cancelled' ORDER BY id`, pairID)
	if err != nil {
		return nil, fmt.Errorf("requests closed by pair %d: %w", pairID, err)
	}
	reqs, err := collect(rows, func(s scanner) (Request, error) {
		r := Request{Status: "cancelled", PairID: pairID}
		var created, answered int64
		err := s.Scan(&r.ID, &r.RequesterID, &r.MentorID, &created, &answered)
		r.CreatedAt, r.AnsweredAt = fromUnix(created), fromUnix(answered)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("requests closed by pair %d: %w", pairID, err)
	}
	return reqs, nil
}

// undeliveredRequestsSQL is the FROM and WHERE of the pending requests
// whose DM surely never reached the mentor (see WithdrawUndeliveredTx).
const undeliveredRequestsSQL = `FROM pair_requests r JOIN notifications n ON n.key = 'request:' || r.id
	WHERE r.status = 'pending' AND n.recipient_id = r.mentor_id AND n.created_at >= r.created_at
		AND ` + undeliveredNoteSQL

// undeliveredNoteSQL is the condition on a notification n that surely
// never reached its recipient: refused for good by Slack, or dropped past
// its time without a try (before any claim, or at its first claim before
// its send began) or not found in the DM's history after one that failed
// (MarkDroppedUntried).
const undeliveredNoteSQL = `((n.status = 'failed' AND n.refused = 1) OR (n.status = 'dropped' AND n.attempts = 0))`

// AnyUndeliveredRequest reports, on the read pool, whether
// WithdrawUndeliveredTx would withdraw anything: most sweeps find nothing,
// and need not take the write lock to find it.
func (db *DB) AnyUndeliveredRequest(ctx context.Context) (bool, error) {
	var found bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 `+undeliveredRequestsSQL+`)`).Scan(&found); err != nil {
		return false, fmt.Errorf("look for undelivered requests: %w", err)
	}
	return found, nil
}

// WithdrawUndeliveredTx cancels, in tx, every pending request whose DM to
// the mentor (key "request:ID") surely never reached them: refused for
// good by Slack (MarkRefused), or dropped past its time without a try or
// after a look in the DM's history that did not find it. Nobody can
// answer such a request. A DM given up
// after failures that may have reached Slack is left alone: the mentor
// may hold its buttons. It returns the requests, each with Undelivered
// saying why, for the requesters to be told in the same commit. It looks
// at the store, not at one failure, so that a crash between a failure and
// its sweep is caught by the next sweep.
func WithdrawUndeliveredTx(ctx context.Context, tx *Tx) ([]Request, error) {
	rows, err := tx.q.QueryContext(ctx, `SELECT r.id, r.requester_id, r.mentor_id, r.message, r.created_at, n.status `+undeliveredRequestsSQL)
	if err != nil {
		return nil, fmt.Errorf("list undelivered requests: %w", err)
	}
	reqs, err := collect(rows, func(s scanner) (Request, error) {
		var r Request
		var created int64
		err := s.Scan(&r.ID, &r.RequesterID, &r.MentorID, &r.Message, &created, &r.Undelivered)
		r.CreatedAt, r.Status = fromUnix(created), "cancelled"
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("list undelivered requests: %w", err)
	}
	for i := range reqs {
		if _, err := tx.q.ExecContext(ctx, `UPDATE pair_requests SET status = 'cancelled', answered_at = ? WHERE id = ? AND status = 'pending'`,
			unix(tx.Now), reqs[i].ID); err != nil {
			return nil, fmt.Errorf("withdraw request %d: %w", reqs[i].ID, err)
		}
		reqs[i].AnsweredAt = tx.Now
	}
	return reqs, nil
}

// PendingRequests lists the pending requests user made or was asked,
// oldest first; only the two people in a request see it.
func (db *DB) PendingRequests(ctx context.Context, user string) ([]Request, error) {
	return pendingRequestsOf(ctx, db.read, user)
}

// pendingRequestsOf lists the pending requests user made or was asked,
// oldest first.
func pendingRequestsOf(ctx context.Context, q sqlQuerier, user string) ([]Request, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, requester_id, mentor_id, created_at FROM pair_requests
		WHERE status = 'pending' AND (requester_id = ? OR mentor_id = ?) ORDER BY id`, user, user)
	if err != nil {
		return nil, fmt.Errorf("list pending requests of %s: %w", user, err)
	}
	reqs, err := collect(rows, func(s scanner) (Request, error) {
		var r Request
		var created int64
		err := s.Scan(&r.ID, &r.RequesterID, &r.MentorID, &created)
		r.CreatedAt, r.Status = fromUnix(created), "pending"
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("list pending requests of %s: %w", user, err)
	}
	return reqs, nil
}
