package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Pair statuses.
const (
	PairActive = "active"
	PairPaused = "paused" // meetings and their reminders are on hold
	PairEnded  = "ended"  // history stays; nothing is sent any more
)

// Pair is a mentor and a mentee in a mentoring relationship.
type Pair struct {
	ID           int64
	MentorID     string
	MenteeID     string
	Status       string
	CreatedBy    string
	CreatedAt    time.Time
	EndedAt      time.Time // zero while live
	EndedBy      string
	SnoozedUntil time.Time // zero or past: not snoozed
	SnoozedAt    time.Time // when the current snooze was set; zero if before this was kept
	CohortID     int64     // 0: evergreen
	ResumedAt    time.Time // when its meetings last resumed after a pause; zero: never
}

// Has reports whether u is a member of the pair.
func (p Pair) Has(u string) bool { return u == p.MentorID || u == p.MenteeID }

// Partner returns the other member, seen from u.
func (p Pair) Partner(u string) string {
	if u == p.MentorID {
		return p.MenteeID
	}
	return p.MentorID
}

// Role is "mentor" or "mentee" for a member, "" otherwise.
func (p Pair) Role(u string) string {
	switch u {
	case p.MentorID:
		return "mentor"
	case p.MenteeID:
		return "mentee"
	}
	return ""
}

// Live reports whether the pair has not ended.
func (p Pair) Live() bool { return p.Status != PairEnded }

// Snoozed reports whether nudges and check-ins are held at t, by the
// pair's snooze as it stands now.
func (p Pair) Snoozed(t time.Time) bool { return t.Before(p.SnoozedUntil) }

// SnoozedThen reports whether the pair's current snooze held it at t: one
// set after t did not (a check-in sent at t covered the pair). A snooze
// set before snoozed_at was kept counts as set at any t.
func (p Pair) SnoozedThen(t time.Time) bool {
	return p.Snoozed(t) && (p.SnoozedAt.IsZero() || !p.SnoozedAt.After(t))
}

const pairColumns = `id, mentor_id, mentee_id, status, created_by, created_at, ended_at, ended_by, snoozed_until, COALESCE(cohort_id, 0), resumed_at, snoozed_at`

func scanPair(s scanner) (Pair, error) {
	var p Pair
	var created, ended, snoozed, resumed, snoozedAt int64
	if err := s.Scan(&p.ID, &p.MentorID, &p.MenteeID, &p.Status, &p.CreatedBy, &created, &ended, &p.EndedBy, &snoozed, &p.CohortID, &resumed, &snoozedAt); err != nil {
		return Pair{}, err
	}
	p.CreatedAt, p.EndedAt, p.SnoozedUntil, p.ResumedAt, p.SnoozedAt = fromUnix(created), fromUnix(ended), fromUnix(snoozed), fromUnix(resumed), fromUnix(snoozedAt)
	return p, nil
}

func queryPairs(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, where string, args ...any) ([]Pair, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+pairColumns+` FROM pairs WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanPair)
}

// CreatePair makes a live pair. The caller has checked that actor may (an
// admin, or the mentor accepting a request). EConflict if the two are
// already paired in either direction; EInvalid for a self-pair.
func (db *DB) CreatePair(ctx context.Context, actor, mentorID, menteeID string) (Pair, error) {
	var p Pair
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		p, err = createPairTx(ctx, tx, actor, mentorID, menteeID)
		return err
	})
	return p, err
}

// CreatePairTx is CreatePair inside a larger commit: the pair and the
// intro DMs that welcome its members are stored together or not at all.
func CreatePairTx(ctx context.Context, tx *Tx, actor, mentorID, menteeID string) (Pair, error) {
	return createPairTx(ctx, tx, actor, mentorID, menteeID)
}

func createPairTx(ctx context.Context, tx *Tx, actor, mentorID, menteeID string) (Pair, error) {
	if mentorID == menteeID {
		return Pair{}, Errorf(EInvalid, "A pair needs two different people.")
	}
	existing, err := queryPairs(ctx, tx.q, `status <> 'ended' AND ((mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?))`,
		mentorID, menteeID, menteeID, mentorID)
	if err != nil {
		return Pair{}, fmt.Errorf("create pair: %w", err)
	}
	if len(existing) > 0 {
		e := existing[0]
		return Pair{}, Errorf(EConflict, "<@%s> and <@%s> are already a pair (<@%s> mentors <@%s>).", mentorID, menteeID, e.MentorID, e.MenteeID)
	}
	for _, id := range []string{mentorID, menteeID} {
		if err := ensureUserTx(ctx, tx, id); err != nil {
			return Pair{}, err
		}
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO pairs (mentor_id, mentee_id, created_by, created_at) VALUES (?, ?, ?, ?)`,
		mentorID, menteeID, actor, unix(tx.Now))
	if err != nil {
		return Pair{}, fmt.Errorf("create pair: %w", err)
	}
	id, _ := res.LastInsertId()
	// However the pair is made (an admin, a request, a match), it may
	// answer a sign-up for matching: one left waiting would be told it
	// waits while the pool serves it no more, and signing up again, for
	// another mentor, would keep the old time and be served still.
	for _, u := range []string{mentorID, menteeID} {
		if err := settleSignupTx(ctx, tx, u); err != nil {
			return Pair{}, err
		}
	}
	// Likewise the requests between the two, either way round: left
	// open, each would still wait for an answer, and an Accept would
	// find them paired already.
	if err := closeRequestsOfPairTx(ctx, tx, id, mentorID, menteeID); err != nil {
		return Pair{}, err
	}
	return Pair{ID: id, MentorID: mentorID, MenteeID: menteeID, Status: PairActive, CreatedBy: actor, CreatedAt: tx.Now}, nil
}

// PairsOf lists the pairs u is a member of, oldest first; ended ones only
// when withEnded.
func (db *DB) PairsOf(ctx context.Context, u string, withEnded bool) ([]Pair, error) {
	where := `(mentor_id = ? OR mentee_id = ?)`
	if !withEnded {
		where += ` AND status <> 'ended'`
	}
	ps, err := queryPairs(ctx, db.read, where, u, u)
	if err != nil {
		return nil, fmt.Errorf("list pairs of %s: %w", u, err)
	}
	return ps, nil
}

// AllPairs lists every pair, for admins and the scheduler.
func (db *DB) AllPairs(ctx context.Context, withEnded bool) ([]Pair, error) {
	where := `1`
	if !withEnded {
		where = `status <> 'ended'`
	}
	ps, err := queryPairs(ctx, db.read, where)
	if err != nil {
		return nil, fmt.Errorf("list all pairs: %w", err)
	}
	return ps, nil
}

// Pair returns pair id if actor is one of its members; ENotFound otherwise.
func (db *DB) Pair(ctx context.Context, actor string, id int64) (Pair, error) {
	p, err := db.LoadPair(ctx, id)
	if err != nil || !p.Has(actor) {
		if err == nil || ErrorCode(err) == ENotFound {
			return Pair{}, Errorf(ENotFound, "I couldn't find that pair among yours.")
		}
		return Pair{}, err
	}
	return p, nil
}

// LoadPair returns a pair without an access check: for the scheduler, which
// acts for nobody in particular.
func (db *DB) LoadPair(ctx context.Context, id int64) (Pair, error) {
	p, err := scanPair(db.read.QueryRowContext(ctx, `SELECT `+pairColumns+` FROM pairs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Pair{}, Errorf(ENotFound, "There is no pair %d.", id)
	}
	if err != nil {
		return Pair{}, fmt.Errorf("load pair %d: %w", id, err)
	}
	return p, nil
}

func loadPairTx(ctx context.Context, tx *Tx, actor string, id int64) (Pair, error) {
	p, err := scanPair(tx.q.QueryRowContext(ctx, `SELECT `+pairColumns+` FROM pairs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && actor != "" && !p.Has(actor)) {
		return Pair{}, Errorf(ENotFound, "I couldn't find that pair among yours.")
	}
	if err != nil {
		return Pair{}, fmt.Errorf("load pair %d: %w", id, err)
	}
	return p, nil
}

// EndPair ends a live pair that actor is a member of. Pending notifications
// of the pair are cancelled in the same commit; history stays.
func (db *DB) EndPair(ctx context.Context, actor string, id int64) (Pair, error) {
	var p Pair
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		p, err = EndPairTx(ctx, tx, actor, id)
		return err
	})
	return p, err
}

// EndPairTx is EndPair inside a larger commit: the end and the DM that
// tells the partner of it are stored together or not at all. The DM is to
// be queued after the end, which cancels what was pending for the pair.
func EndPairTx(ctx context.Context, tx *Tx, actor string, id int64) (Pair, error) {
	p, err := loadPairTx(ctx, tx, actor, id)
	if err != nil {
		return p, err
	}
	if !p.Live() {
		return p, Errorf(EConflict, "That pair has already ended.")
	}
	return endPairTx(ctx, tx, p, actor)
}

// EndPairAsAdminTx is EndPairTx for a programme admin, who may end any
// live pair, theirs or not; the pair is ended by them. The caller has
// checked that admin is one (as for CreatePair): the store does not know
// who the programme's admins are.
func EndPairAsAdminTx(ctx context.Context, tx *Tx, admin string, id int64) (Pair, error) {
	p, err := loadPairTx(ctx, tx, "", id)
	if err != nil {
		return p, err
	}
	if !p.Live() {
		return p, Errorf(EConflict, "That pair has already ended.")
	}
	return endPairTx(ctx, tx, p, admin)
}

// endPairsOfTx ends every live pair of user, with user as the one who
// ended it, and cancels what was pending for them.
func endPairsOfTx(ctx context.Context, tx *Tx, user string) ([]Pair, error) {
	live, err := queryPairs(ctx, tx.q, `status <> 'ended' AND (mentor_id = ? OR mentee_id = ?)`, user, user)
	if err != nil {
		return nil, fmt.Errorf("pairs of %s: %w", user, err)
	}
	for i, p := range live {
		if live[i], err = endPairTx(ctx, tx, p, user); err != nil {
			return nil, err
		}
	}
	return live, nil
}

// endPairTx ends live pair p (actor is who ended it) and cancels what was
// pending for it. The members' runs of unanswered nudges start again. A
// run is one person's, across all their pairs, and nudges left unanswered
// in a pair that is over should not stop those of their other pairs; a
// notice that nudges stop, queued for them, is then not sent. Nudges from
// their other pairs in the run are forgiven with them: the run cannot
// tell them apart.
func endPairTx(ctx context.Context, tx *Tx, p Pair, actor string) (Pair, error) {
	if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET status = 'ended', ended_at = ?, ended_by = ? WHERE id = ?`, unix(tx.Now), actor, p.ID); err != nil {
		return Pair{}, fmt.Errorf("end pair %d: %w", p.ID, err)
	}
	if err := cancelPairNotificationsTx(ctx, tx, p.ID, ""); err != nil {
		return Pair{}, err
	}
	if err := clearNudgeRunTx(ctx, tx, p.MentorID, p.MenteeID); err != nil {
		return Pair{}, err
	}
	p.Status, p.EndedAt, p.EndedBy = PairEnded, tx.Now, actor
	return p, nil
}

// EndedPairError refuses actor a change to p, which has ended (a pause, a
// snooze), as livePair refuses an addition: naming the partner and where
// to go on.
func EndedPairError(p Pair, actor string) error {
	return Errorf(EConflict, "Your pair with <@%s> has ended, so I haven't changed anything. Its history stays; `/mentor pairs` lists your pairs.", p.Partner(actor))
}

// SetPaused pauses or resumes a live pair's meetings.
func (db *DB) SetPaused(ctx context.Context, actor string, id int64, paused bool) (Pair, error) {
	var p Pair
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		p, err = SetPausedTx(ctx, tx, actor, id, paused)
		return err
	})
	return p, err
}

// SetPausedTx is SetPaused inside a larger commit: a pause or resume and
// the DM that tells the partner of it, stored before any re-plan can see
// the change (a resume makes the reminders it held due).
func SetPausedTx(ctx context.Context, tx *Tx, actor string, id int64, paused bool) (Pair, error) {
	p, err := loadPairTx(ctx, tx, actor, id)
	if err != nil {
		return p, err
	}
	switch {
	case !p.Live():
		return p, EndedPairError(p, actor)
	case paused && p.Status == PairPaused:
		return p, Errorf(EConflict, "Your meetings with <@%s> are already paused. `/mentor resume` starts them again.", p.Partner(actor))
	case !paused && p.Status == PairActive:
		return p, Errorf(EConflict, "Your meetings with <@%s> are not paused.", p.Partner(actor))
	}
	p.Status = PairActive
	if paused {
		p.Status = PairPaused
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET status = ? WHERE id = ?`, p.Status, id); err != nil {
		return p, fmt.Errorf("set pair %d %s: %w", id, p.Status, err)
	}
	if paused {
		return p, startPauseTx(ctx, tx, id)
	}
	return p, endPauseTx(ctx, tx, id)
}

// startPauseTx and endPauseTx keep the pair's pauses (pair_pauses), for
// the report's missed meetings.
func startPauseTx(ctx context.Context, tx *Tx, pairID int64) error {
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO pair_pauses (pair_id, from_at) VALUES (?, ?)`, pairID, unix(tx.Now)); err != nil {
		return fmt.Errorf("record pause of pair %d: %w", pairID, err)
	}
	return nil
}

func endPauseTx(ctx context.Context, tx *Tx, pairID int64) error {
	if _, err := tx.q.ExecContext(ctx, `UPDATE pair_pauses SET until_at = ? WHERE pair_id = ? AND until_at = 0`, unix(tx.Now), pairID); err != nil {
		return fmt.Errorf("record resume of pair %d: %w", pairID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET resumed_at = ? WHERE id = ?`, unix(tx.Now), pairID); err != nil {
		return fmt.Errorf("record resume of pair %d: %w", pairID, err)
	}
	return nil
}

// Snooze holds the pair's nudges and check-ins until until. A snooze ended
// early ends now (until is now): what it held goes then, as at its natural
// end.
func (db *DB) Snooze(ctx context.Context, actor string, id int64, until time.Time) (Pair, error) {
	var p Pair
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		p, err = SnoozeTx(ctx, tx, actor, id, until)
		return err
	})
	return p, err
}

// SnoozeTx is Snooze inside a larger commit: a snooze, or its early end,
// and the DM that tells the partner of it, stored before any re-plan can
// see the change (an end releases what the snooze held).
func SnoozeTx(ctx context.Context, tx *Tx, actor string, id int64, until time.Time) (Pair, error) {
	p, err := loadPairTx(ctx, tx, actor, id)
	if err != nil {
		return p, err
	}
	if !p.Live() {
		return p, EndedPairError(p, actor)
	}
	// snoozed_at is when the snooze in force began: a snooze made longer,
	// or ended early, keeps it, so that a check-in sent while it held still
	// reads as sent to a pair snoozed then (Pair.SnoozedThen).
	if !p.Snoozed(tx.Now) {
		p.SnoozedAt = tx.Now
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET snoozed_until = ?, snoozed_at = ? WHERE id = ?`, unix(until), unix(p.SnoozedAt), id); err != nil {
		return p, fmt.Errorf("snooze pair %d: %w", id, err)
	}
	p.SnoozedUntil = until
	return p, nil
}
