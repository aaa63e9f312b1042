package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Schedule is a pair's meeting plan: when it meets and for how long. A pair
// has at most one; /mentor meet replaces it. The store does not interpret
// Rule: bot and scheduler decode it with cadence.Decode.
type Schedule struct {
	PairID int64
	// Rule is cadence.Rule.Encode(), zone included, e.g.
	// "weekly thu 15:00 Europe/Berlin from 2026-11-05", so that a weekly
	// 15:00 in Berlin stays 15:00 in Berlin across DST.
	Rule     string
	Duration time.Duration // how long each meeting lasts; > 0
	SetBy    string        // the member who set it
	SetAt    time.Time
}

// MeetingPlan is what it takes to list a pair's meetings, read in one
// snapshot: the pair (its Status says whether meetings are paused), its
// schedule if it has one, and the changes to single meetings.
type MeetingPlan struct {
	Pair      Pair
	Schedule  Schedule
	Scheduled bool // false: the pair has no schedule (Schedule is zero)
	// Changes to single meetings from two days before the read on (older
	// ones no longer matter to anyone planning).
	Changes
	changesFrom time.Time // what Changes reach back to; zero: unknown
}

// ChangesFrom returns what MeetingChanges(t) would, from the changes the
// plan holds, when they reach back to t; ok is false when they do not.
// A DM about a meeting checks that it still takes place: with its plan
// in hand, that takes no second read.
func (p MeetingPlan) ChangesFrom(t time.Time) (c Changes, ok bool) {
	if p.changesFrom.IsZero() || t.Before(p.changesFrom) {
		return Changes{}, false
	}
	for _, s := range p.Skips {
		if !s.Before(t) {
			c.Skips = append(c.Skips, s)
		}
	}
	for _, m := range p.Moves {
		if !m.From.Before(t) || !m.To.Before(t) {
			c.Moves = append(c.Moves, m)
		}
	}
	for _, m := range p.Back {
		if !m.From.Before(t) {
			c.Back = append(c.Back, m)
		}
	}
	return c, true
}

// Changes are the changes made to single meetings of a pair's schedule:
// skipped ones, and ones moved to another time.
type Changes struct {
	Skips []time.Time // skipped meetings, ascending
	Moves []Move      // by the time moved from, ascending
	// Back are meetings moved back to their scheduled time after the
	// mentee had an agenda prompt for them where they had been moved
	// (MoveMeetingTx keeps the row, moved to its own time, for its
	// PromptedFor). They take place as scheduled: no skip, no move.
	Back []Move
	// Last is when the latest of these skips and moves was made.
	Last time.Time
}

// Move is one meeting of a schedule moved to another time (/mentor move).
type Move struct {
	From time.Time // the meeting as scheduled
	To   time.Time // when it takes place instead
	At   time.Time // when it was moved
	By   string    // who moved it
	// PromptKnown says whether the move recorded PromptedFor: where the
	// meeting was when the mentee last had its agenda prompt (sent, or
	// being sent), zero for none yet. Moves made before it was recorded
	// have it false, unless migration 29 found their prompt among those
	// sent.
	PromptKnown bool
	PromptedFor time.Time
}

// MovedBack returns the record of the meeting scheduled at t having been
// moved back to t after its mentee had its agenda prompt elsewhere (a
// Move with From and To both t); ok is false when there is none.
func (c Changes) MovedBack(t time.Time) (Move, bool) {
	for _, m := range c.Back {
		if m.From.Equal(t) {
			return m, true
		}
	}
	return Move{}, false
}

// Skipped reports whether the meeting at t was skipped.
func (c Changes) Skipped(t time.Time) bool {
	for _, s := range c.Skips {
		if s.Equal(t) {
			return true
		}
	}
	return false
}

// Off lists the times at which a meeting of the schedule does not take
// place: skipped, or moved away.
func (c Changes) Off() []time.Time {
	out := slices.Clone(c.Skips)
	for _, m := range c.Moves {
		out = append(out, m.From)
	}
	return out
}

// MovedIn lists the times meetings were moved to, ascending.
func (c Changes) MovedIn() []time.Time {
	var out []time.Time
	for _, m := range c.Moves {
		out = append(out, m.To)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

// MoveFrom returns the move that took the meeting scheduled at t
// elsewhere; ok is false when none did.
func (c Changes) MoveFrom(t time.Time) (Move, bool) {
	for _, m := range c.Moves {
		if m.From.Equal(t) {
			return m, true
		}
	}
	return Move{}, false
}

// MoveTo returns the move that brought a meeting to t; ok is false when
// none did.
func (c Changes) MoveTo(t time.Time) (Move, bool) {
	for _, m := range c.Moves {
		if m.To.Equal(t) {
			return m, true
		}
	}
	return Move{}, false
}

// Paused reports whether the pair's meetings are on hold.
func (p MeetingPlan) Paused() bool { return p.Pair.Status == PairPaused }

// skipHorizon is how far back MeetingPlan's changes reach: as far as a
// session may be logged from a follow-up's button for its meeting.
const skipHorizon = 14 * 24 * time.Hour

// sqlQuerier is what both a write transaction and a read snapshot offer.
type sqlQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readSnapshot runs fn in a read transaction on the read pool, so that the
// several queries of one answer see one state of the database.
func (db *DB) readSnapshot(ctx context.Context, fn func(q sqlQuerier) error) error {
	tx, err := db.read.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.discard(ctx)
	return fn(tx)
}

// memberPair loads pair id for actor: ENotFound when it does not exist or
// actor is not a member (the two look the same on purpose). actor "" skips
// the check (the scheduler's readers).
func memberPair(ctx context.Context, q sqlQuerier, actor string, id int64) (Pair, error) {
	p, err := scanPair(q.QueryRowContext(ctx, `SELECT `+pairColumns+` FROM pairs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && actor != "" && !p.Has(actor)) {
		return Pair{}, Errorf(ENotFound, "I couldn't find that pair among yours.")
	}
	if err != nil {
		return Pair{}, fmt.Errorf("load pair %d: %w", id, err)
	}
	return p, nil
}

// livePair is memberPair for a change: EConflict when the pair has ended.
func livePair(ctx context.Context, q sqlQuerier, actor string, id int64) (Pair, error) {
	p, err := memberPair(ctx, q, actor, id)
	if err != nil {
		return Pair{}, err
	}
	if !p.Live() {
		return Pair{}, Errorf(EConflict, "Your pair with <@%s> has ended, so I haven't done anything: nothing more can be added to it. Its history stays; `/mentor pairs` lists your pairs.", p.Partner(actor))
	}
	return p, nil
}

func scanSchedule(s scanner) (Schedule, error) {
	var sc Schedule
	var mins, at int64
	if err := s.Scan(&sc.PairID, &sc.Rule, &mins, &sc.SetBy, &at); err != nil {
		return Schedule{}, err
	}
	sc.Duration, sc.SetAt = time.Duration(mins)*time.Minute, fromUnix(at)
	return sc, nil
}

const scheduleColumns = `pair_id, rule, duration_min, set_by, set_at`

// ReplacedSchedule returns the schedule pair pairID had before its
// current one, and when it was replaced; ok is false when it had none.
// It is for the scheduler: nobody's access is checked.
func (db *DB) ReplacedSchedule(ctx context.Context, pairID int64) (sc Schedule, replaced time.Time, ok bool, err error) {
	var mins, set, at int64
	err = db.read.QueryRowContext(ctx, `SELECT pair_id, rule, duration_min, set_at, replaced_at FROM schedule_history
		WHERE pair_id = ? ORDER BY replaced_at DESC LIMIT 1`, pairID).Scan(&sc.PairID, &sc.Rule, &mins, &set, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return Schedule{}, time.Time{}, false, nil
	}
	if err != nil {
		return Schedule{}, time.Time{}, false, fmt.Errorf("load the replaced schedule of pair %d: %w", pairID, err)
	}
	sc.Duration, sc.SetAt = time.Duration(mins)*time.Minute, fromUnix(set)
	return sc, fromUnix(at), true, nil
}

func loadSchedule(ctx context.Context, q sqlQuerier, pairID int64) (Schedule, bool, error) {
	sc, err := scanSchedule(q.QueryRowContext(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE pair_id = ?`, pairID))
	if errors.Is(err, sql.ErrNoRows) {
		return Schedule{}, false, nil
	}
	if err != nil {
		return Schedule{}, false, fmt.Errorf("load schedule of pair %d: %w", pairID, err)
	}
	return sc, true, nil
}

// loadChanges loads the changes to single meetings of pair pairID that
// matter from from on: skips at or after it, and moves from or to a time
// at or after it.
func loadChanges(ctx context.Context, q sqlQuerier, pairID int64, from time.Time) (Changes, error) {
	var c Changes
	rows, err := q.QueryContext(ctx, `SELECT starts_at, moved_to, skipped_by, skipped_at, prompted_for FROM meeting_skips
		WHERE pair_id = ? AND (starts_at >= ? OR moved_to >= ?) ORDER BY starts_at`, pairID, unix(from), unix(from))
	if err != nil {
		return Changes{}, fmt.Errorf("load changed meetings of pair %d: %w", pairID, err)
	}
	err = each(rows, func(s scanner) error {
		var at, to, when, promptedFor int64
		var by string
		if err := s.Scan(&at, &to, &by, &when, &promptedFor); err != nil {
			return fmt.Errorf("load changed meetings of pair %d: %w", pairID, err)
		}
		c.add(at, to, by, when, promptedFor)
		return nil
	})
	if err != nil {
		return Changes{}, err
	}
	return c, nil
}

// add notes a row of meeting_skips.
func (c *Changes) add(startsAt, movedTo int64, by string, at, promptedFor int64) {
	if t := fromUnix(at); t.After(c.Last) {
		c.Last = t
	}
	if movedTo == 0 {
		c.Skips = append(c.Skips, fromUnix(startsAt))
		return
	}
	mv := Move{From: fromUnix(startsAt), To: fromUnix(movedTo), At: fromUnix(at), By: by,
		PromptKnown: promptedFor >= 0, PromptedFor: fromUnix(max(promptedFor, 0))}
	if movedTo == startsAt {
		c.Back = append(c.Back, mv)
		return
	}
	c.Moves = append(c.Moves, mv)
}

func loadPlan(ctx context.Context, q sqlQuerier, actor string, pairID int64, now time.Time) (MeetingPlan, error) {
	var mp MeetingPlan
	var err error
	if mp.Pair, err = memberPair(ctx, q, actor, pairID); err != nil {
		return MeetingPlan{}, err
	}
	if mp.Schedule, mp.Scheduled, err = loadSchedule(ctx, q, pairID); err != nil {
		return MeetingPlan{}, err
	}
	mp.changesFrom = now.Add(-skipHorizon)
	if mp.Changes, err = loadChanges(ctx, q, pairID, mp.changesFrom); err != nil {
		return MeetingPlan{}, err
	}
	return mp, nil
}

// Meetings returns pair pairID's meeting plan for actor, a member of the
// pair; ENotFound for anyone else. Ended pairs are returned too (their
// Pair.Live() is false).
func (db *DB) Meetings(ctx context.Context, actor string, pairID int64) (MeetingPlan, error) {
	var mp MeetingPlan
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		var err error
		mp, err = loadPlan(ctx, q, actor, pairID, db.clock.Now())
		return err
	})
	return mp, err
}

// MeetingsTx is Meetings inside a write transaction: the plan as the
// commit will leave it, for the DM that tells of a change to it.
func MeetingsTx(ctx context.Context, tx *Tx, actor string, pairID int64) (MeetingPlan, error) {
	return loadPlan(ctx, tx.q, actor, pairID, tx.Now)
}

// LoadMeetingPlan is Meetings without an access check, for the scheduler,
// which acts for nobody in particular. ENotFound if there is no such pair.
func (db *DB) LoadMeetingPlan(ctx context.Context, pairID int64) (MeetingPlan, error) {
	var mp MeetingPlan
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		var err error
		mp, err = loadPlan(ctx, q, "", pairID, db.clock.Now())
		return err
	})
	return mp, err
}

// Schedule returns a pair's schedule without an access check (for the
// scheduler); ok is false when the pair has none.
func (db *DB) Schedule(ctx context.Context, pairID int64) (Schedule, bool, error) {
	return loadSchedule(ctx, db.read, pairID)
}

// MeetingChanges returns the changes to single meetings of the pair that
// matter from from on (skips at or after it, moves from or to a time at or
// after it), without an access check (for the scheduler).
func (db *DB) MeetingChanges(ctx context.Context, pairID int64, from time.Time) (Changes, error) {
	return loadChanges(ctx, db.read, pairID, from)
}

// PausedAt reports whether pair pairID's meetings were paused at t (a
// pause takes in its start, not its end), without an access check: a
// meeting that fell in a pause did not take place.
func (db *DB) PausedAt(ctx context.Context, pairID int64, t time.Time) (bool, error) {
	var paused bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pair_pauses
		WHERE pair_id = ? AND from_at <= ? AND (until_at = 0 OR until_at > ?))`, pairID, unix(t), unix(t)).Scan(&paused); err != nil {
		return false, fmt.Errorf("read pauses of pair %d: %w", pairID, err)
	}
	return paused, nil
}

// SetSchedule sets (or replaces) the meetings of pair pairID, which actor
// must be a member of: rule is cadence.Rule.Encode() and dur the length of
// each meeting. In the same commit it
//   - forgets skips and moves of the old schedule that lie in the future (a
//     new cadence starts clean; past ones stay for the programme's figures),
//   - moves open agenda items that were meant for a future meeting of the
//     old schedule to "the next meeting" (meeting_at 0; the caller pins
//     them to the new schedule's first with PinAgendaTx), and
//   - resumes the pair if it was paused: setting a schedule is asking to meet.
//
// The caller has checked that rule has a meeting in the future.
// ENotFound for non-members, EConflict for an ended pair, EInvalid for an
// empty rule or a non-positive duration.
func (db *DB) SetSchedule(ctx context.Context, actor string, pairID int64, rule string, dur time.Duration) (Schedule, error) {
	var sc Schedule
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		sc, err = SetScheduleTx(ctx, tx, actor, pairID, rule, dur)
		return err
	})
	return sc, err
}

// SetScheduleTx is SetSchedule inside a larger commit: the schedule and
// the DM that tells the partner of it are stored together or not at all.
func SetScheduleTx(ctx context.Context, tx *Tx, actor string, pairID int64, rule string, dur time.Duration) (Schedule, error) {
	if rule == "" || dur <= 0 {
		return Schedule{}, Errorf(EInvalid, "A schedule needs a time and a length.")
	}
	p, err := livePair(ctx, tx.q, actor, pairID)
	if err != nil {
		return Schedule{}, err
	}
	var was string
	var wasMin int64
	if err := tx.q.QueryRowContext(ctx, `SELECT rule, duration_min FROM schedules WHERE pair_id = ?`, pairID).Scan(&was, &wasMin); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Schedule{}, fmt.Errorf("load schedule of pair %d: %w", pairID, err)
	}
	sc := Schedule{PairID: pairID, Rule: rule, Duration: dur.Truncate(time.Minute), SetBy: actor, SetAt: tx.Now}
	if sc.Duration < time.Minute {
		sc.Duration = time.Minute
	}
	lengthOnly := was == rule && wasMin != int64(sc.Duration/time.Minute)
	// The schedule replaced is kept for the report's missed meetings.
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO schedule_history (pair_id, rule, duration_min, set_at, replaced_at)
		SELECT pair_id, rule, duration_min, set_at, ? FROM schedules WHERE pair_id = ? AND set_at < ?`, unix(tx.Now), pairID, unix(tx.Now)); err != nil {
		return Schedule{}, fmt.Errorf("keep the schedule pair %d had: %w", pairID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO schedules (pair_id, rule, duration_min, set_by, set_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (pair_id) DO UPDATE SET rule = excluded.rule, duration_min = excluded.duration_min,
			set_by = excluded.set_by, set_at = excluded.set_at`,
		pairID, rule, int64(sc.Duration/time.Minute), actor, unix(tx.Now)); err != nil {
		return Schedule{}, fmt.Errorf("set schedule of pair %d: %w", pairID, err)
	}
	// A new length for the same meetings keeps their skips and their
	// agenda. Anything else starts afresh: setting the very same
	// meetings again is how a skip is undone.
	if !lengthOnly {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM meeting_skips WHERE pair_id = ? AND (starts_at >= ? OR moved_to >= ?)`,
			pairID, unix(tx.Now), unix(tx.Now)); err != nil {
			return Schedule{}, fmt.Errorf("clear skips of pair %d: %w", pairID, err)
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = 0 WHERE pair_id = ? AND status = 'open' AND meeting_at >= ?`,
			pairID, unix(tx.Now)); err != nil {
			return Schedule{}, fmt.Errorf("retarget agenda of pair %d: %w", pairID, err)
		}
	}
	if p.Status == PairPaused {
		if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET status = 'active' WHERE id = ?`, pairID); err != nil {
			return Schedule{}, fmt.Errorf("resume pair %d: %w", pairID, err)
		}
		return sc, endPauseTx(ctx, tx, pairID)
	}
	return sc, nil
}

// scheduledPairTx checks that pair pairID is actor's, live, not paused and
// scheduled, before one of its meetings is changed (verb: "skip", "move"),
// and returns its schedule.
func scheduledPairTx(ctx context.Context, tx *Tx, actor string, pairID int64, verb string) (Schedule, error) {
	p, err := livePair(ctx, tx.q, actor, pairID)
	if err != nil {
		return Schedule{}, err
	}
	if p.Status == PairPaused {
		return Schedule{}, Errorf(EConflict, "Your meetings with <@%s> are paused, so there is nothing to %s. `/mentor resume` starts them again.", p.Partner(actor), verb)
	}
	sc, ok, err := loadSchedule(ctx, tx.q, pairID)
	if err != nil {
		return Schedule{}, err
	}
	if !ok {
		return Schedule{}, Errorf(EConflict, "You and <@%s> have no meetings scheduled. Set them with `/mentor meet`.", p.Partner(actor))
	}
	return sc, nil
}

// SkipMeeting skips the pair's meeting that starts at startsAt, which the
// caller has computed as an occurrence of the pair's schedule. Open agenda
// items meant for it wait for the next meeting instead (meeting_at 0; the
// caller pins them to the one after the skipped one with PinAgendaTx).
// ENotFound for non-members; EConflict when the pair has ended, is paused,
// has no schedule, or the meeting is already skipped; EInvalid when
// startsAt is not in the future.
func (db *DB) SkipMeeting(ctx context.Context, actor string, pairID int64, startsAt time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := SkipMeetingTx(ctx, tx, actor, pairID, startsAt)
		return err
	})
}

// SkipMeetingTx is SkipMeeting inside a larger commit: the skip and the
// DM that tells the partner of it are stored together or not at all. It
// says how many open agenda items were the skipped meeting's.
func SkipMeetingTx(ctx context.Context, tx *Tx, actor string, pairID int64, startsAt time.Time) (int64, error) {
	if _, err := scheduledPairTx(ctx, tx, actor, pairID, "skip"); err != nil {
		return 0, err
	}
	if !startsAt.After(tx.Now) {
		return 0, Errorf(EInvalid, "That meeting has already started; only future meetings can be skipped.")
	}
	// A meeting moved back to its time (Changes.Back) takes place as
	// scheduled: its row becomes the skip.
	res, err := tx.q.ExecContext(ctx, `INSERT INTO meeting_skips (pair_id, starts_at, skipped_by, skipped_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (pair_id, starts_at) DO UPDATE SET moved_to = 0, skipped_by = excluded.skipped_by, skipped_at = excluded.skipped_at,
			prompted_for = excluded.prompted_for WHERE moved_to = starts_at`, pairID, unix(startsAt), actor, unix(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("skip meeting of pair %d: %w", pairID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var movedTo int64
		if err := tx.q.QueryRowContext(ctx, `SELECT moved_to FROM meeting_skips WHERE pair_id = ? AND starts_at = ?`, pairID, unix(startsAt)).Scan(&movedTo); err == nil && movedTo != 0 {
			return 0, Errorf(EConflict, "That meeting has just been moved. `/mentor next` shows when it is now.")
		}
		return 0, Errorf(EConflict, "That meeting is already skipped.")
	}
	res, err = tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = 0 WHERE pair_id = ? AND status = 'open' AND meeting_at = ?`,
		pairID, unix(startsAt))
	if err != nil {
		return 0, fmt.Errorf("retarget agenda of pair %d: %w", pairID, err)
	}
	return res.RowsAffected()
}

// UnskipMeetingTx takes back the skip of the pair's meeting at startsAt,
// made under the schedule set at setAt: the meeting takes place after
// all. The open items the skip sent on to the meeting after it (heir, as
// the caller computes it with the skip still in place; zero when there
// is none) come back to it: those pinned there, or left waiting for "the
// next meeting", that were added before the skip. Added since, they are
// taken for the next meeting's, which the caller knows best. The scheduler
// plans the meeting again once told (the bot's meetingsChanged).
// ENotFound for non-members; EConflict when the pair has ended or is
// paused, its meetings were set anew since setAt, or the meeting is not
// skipped (taken back already, or never skipped); EInvalid when startsAt
// is not in the future.
func UnskipMeetingTx(ctx context.Context, tx *Tx, actor string, pairID int64, setAt, startsAt, heir time.Time) error {
	p, err := livePair(ctx, tx.q, actor, pairID)
	if err != nil {
		return err
	}
	if p.Status == PairPaused {
		return Errorf(EConflict, "Your meetings with <@%s> are paused, so no meeting takes place until one of you types `/mentor resume`. I haven't changed anything.", p.Partner(actor))
	}
	sc, ok, err := loadSchedule(ctx, tx.q, pairID)
	if err != nil {
		return err
	}
	// Meetings set anew since forgot the skip, or kept it (a new length
	// alone) under a schedule the caller did not work from.
	if !ok || !sc.SetAt.Equal(setAt) {
		return Errorf(EConflict, "Your meetings have been set anew since, so that skip is no longer there to take back. `/mentor next` shows them.")
	}
	if !startsAt.After(tx.Now) {
		return Errorf(EInvalid, "That meeting's time has passed, so it can't take place after all.")
	}
	var skippedAt int64
	err = tx.q.QueryRowContext(ctx, `DELETE FROM meeting_skips WHERE pair_id = ? AND starts_at = ? AND moved_to = 0 RETURNING skipped_at`,
		pairID, unix(startsAt)).Scan(&skippedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Errorf(EConflict, "That meeting isn't skipped any more. `/mentor next` shows when you meet.")
	}
	if err != nil {
		return fmt.Errorf("take back the skip of pair %d's meeting: %w", pairID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = ? WHERE pair_id = ? AND status = 'open' AND meeting_at IN (0, ?) AND created_at <= ?`,
		unix(startsAt), pairID, unix(heir), skippedAt); err != nil {
		return fmt.Errorf("bring back the agenda of pair %d's meeting: %w", pairID, err)
	}
	return nil
}

// MoveMeeting moves the pair's meeting that was scheduled at from (an
// occurrence of its schedule, which the caller has computed, perhaps moved
// already) to to, in the future; cur is when it takes place now (from, or
// where it was moved). Open agenda items meant for it go with it. Moving
// it back to from undoes the move. ENotFound for non-members; EConflict
// when the pair has ended, is paused or has no schedule, or the meeting
// has started or was skipped; EInvalid when to is not in the future.
func (db *DB) MoveMeeting(ctx context.Context, actor string, pairID int64, setAt, from, cur, to time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error { return MoveMeetingTx(ctx, tx, actor, pairID, setAt, from, cur, to, to) })
}

// MoveMeetingTx is MoveMeeting inside a larger commit: the move and the
// DM that tells the partner of it are stored together or not at all. The
// meeting's open agenda items go to agendaTo: to, or, for a meeting moved
// past later ones, the next of those, whose agenda they become (pinned to
// a meeting after the next, they would be shown on every agenda before it
// and covered by no session but its own; left at the old time, a session
// logged meanwhile would cover them).
func MoveMeetingTx(ctx context.Context, tx *Tx, actor string, pairID int64, setAt, from, cur, to, agendaTo time.Time) error {
	sc, err := scheduledPairTx(ctx, tx, actor, pairID, "move")
	if err != nil {
		return err
	}
	// The caller worked from the schedule set at setAt; one set since
	// may not have the meeting at all.
	if !sc.SetAt.Equal(setAt) {
		return Errorf(EConflict, "Your meetings have just been set anew. `/mentor next` shows them.")
	}
	if !cur.After(tx.Now) {
		return Errorf(EConflict, "That meeting has already started; only future meetings can be moved.")
	}
	if !to.After(tx.Now) {
		return Errorf(EInvalid, "That time has already passed; pick one in the future.")
	}
	// before: the row's prompted_for (where an earlier move found it last
	// prompted); movedAt: when that move was made.
	var movedTo, before, movedAt int64
	err = tx.q.QueryRowContext(ctx, `SELECT moved_to, prompted_for, skipped_at FROM meeting_skips WHERE pair_id = ? AND starts_at = ?`,
		pairID, unix(from)).Scan(&movedTo, &before, &movedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows) && !cur.Equal(from):
		return Errorf(EConflict, "That meeting has just been moved back. `/mentor next` shows when it is now.")
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("load meeting of pair %d: %w", pairID, err)
	case movedTo == 0:
		return Errorf(EConflict, "That meeting was skipped. To meet then after all, set your meetings again with `/mentor meet`.")
	case movedTo == unix(from) && !cur.Equal(from):
		return Errorf(EConflict, "That meeting has just been moved back. `/mentor next` shows when it is now.")
	case movedTo != unix(cur):
		return Errorf(EConflict, "That meeting has just been moved. `/mentor next` shows when it is now.")
	}
	// Where the meeting was when the mentee last had its agenda prompt:
	// as scheduled, where it was moved before, or where an earlier move
	// found it last prompted. The planner gives the moved meeting a new
	// prompt or not by this, not by what the settings of a later day
	// would say of when the first was due.
	var promptedFor int64
	err = tx.q.QueryRowContext(ctx, `SELECT CAST(ref AS INTEGER) FROM notifications INDEXED BY notifications_pair
		WHERE pair_id <> 0 AND pair_id = ? AND status IN ('sending', 'sent') AND kind = 'agenda_prompt' AND ref IN (?, ?, ?)
		ORDER BY status = 'sending' DESC, sent_at DESC LIMIT 1`,
		pairID, strconv.FormatInt(unix(from), 10), strconv.FormatInt(unix(cur), 10), strconv.FormatInt(before, 10)).Scan(&promptedFor)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("agenda prompt of pair %d's meeting: %w", pairID, err)
	}
	if to.Equal(from) && (promptedFor == 0 || promptedFor == unix(from)) {
		// Back at its time, the meeting is planned as scheduled, and a
		// prompt had for that time is its key's, which goes once.
		_, err = tx.q.ExecContext(ctx, `DELETE FROM meeting_skips WHERE pair_id = ? AND starts_at = ?`, pairID, unix(from))
	} else {
		// Moved back after a prompt for where it had been moved, the
		// row stays, moved to its own time (Changes.Back): deleted, it
		// would take with it the record of that prompt, and the meeting
		// would be prompted for again at its time.
		_, err = tx.q.ExecContext(ctx, `INSERT INTO meeting_skips (pair_id, starts_at, moved_to, skipped_by, skipped_at, prompted_for) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (pair_id, starts_at) DO UPDATE SET moved_to = excluded.moved_to, skipped_by = excluded.skipped_by,
				skipped_at = excluded.skipped_at, prompted_for = excluded.prompted_for`, pairID, unix(from), unix(to), actor, unix(tx.Now), promptedFor)
	}
	if err != nil {
		return fmt.Errorf("move meeting of pair %d: %w", pairID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = ? WHERE pair_id = ? AND status = 'open' AND meeting_at = ?`,
		unix(agendaTo), pairID, unix(cur)); err != nil {
		return fmt.Errorf("move agenda of pair %d: %w", pairID, err)
	}
	if to.Equal(from) && !cur.Equal(from) {
		// Moved back from past a later meeting, which its agenda went to
		// (the next meeting's, as the move said): what was there by the
		// move comes back with it; what was added since stays.
		if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = ? WHERE pair_id = ? AND status = 'open'
			AND meeting_at > ? AND meeting_at < ? AND created_at <= ?`, unix(agendaTo), pairID, unix(from), unix(cur), movedAt); err != nil {
			return fmt.Errorf("bring back the agenda of pair %d's meeting: %w", pairID, err)
		}
	}
	return nil
}

// PairView is what /mentor next and /mentor agenda show of a pair, read
// in one snapshot: its meeting plan, open agenda and, when asked for, its
// open to-dos.
type PairView struct {
	MeetingPlan
	Agenda []AgendaItem
	Todos  []Todo // open ones
	// HadTodos says the pair has ever had a to-do, open or done, to tell
	// "none yet" from "all done".
	HadTodos bool
}

// ViewPair returns pair pairID's view for actor, a member; ENotFound for
// anyone else. With todos it holds the open to-dos too. One snapshot and
// one access check, where reading each part on its own took a read
// transaction and the pair's row apiece: a fifth of a /mentor next.
func (db *DB) ViewPair(ctx context.Context, actor string, pairID int64, todos bool) (PairView, error) {
	var v PairView
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		var err error
		if v.MeetingPlan, err = loadPlan(ctx, q, actor, pairID, db.clock.Now()); err != nil {
			return err
		}
		if v.Agenda, err = openAgenda(ctx, q, pairID); err != nil || !todos {
			return err
		}
		if v.Todos, err = openTodos(ctx, q, pairID); err != nil {
			return err
		}
		if v.HadTodos = len(v.Todos) > 0; !v.HadTodos {
			v.HadTodos, err = hadTodos(ctx, q, pairID)
		}
		return err
	})
	return v, err
}
