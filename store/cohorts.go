package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/bidi"
	"github.com/mentorbot/mentorbot/internal/datetext"
)

// Cohorts: the programme run in rounds with a start and an end date.
//
// At most one cohort is active at a time. Pairs made from a matching
// proposal while it is active belong to it (pairs.cohort_id). Closing a
// cohort takes two steps. First every live pair of the cohort is asked
// whether it wants to continue: the question is stored as a proposal with
// round -cohortID for the pair's two people, where mentor_ok and mentee_ok
// hold each answer (1 continue, -1 end, 0 none yet) and the status is
// 'proposed' until both chose to continue ('accepted') or one chose to
// end ('declined'). Then the cohort is ended: its pairs end together,
// except those where both chose to continue. Once the question has been
// asked, or once its end date has passed, new pairs no longer join the
// cohort.

// Cohort statuses.
const (
	CohortActive = "active"
	CohortEnded  = "ended"
)

// MaxCohortName is the longest cohort name.
const MaxCohortName = 80

// Cohort is a round of the programme.
type Cohort struct {
	ID        int64
	Name      string
	StartsOn  string // 'YYYY-MM-DD'
	EndsOn    string // 'YYYY-MM-DD'
	Status    string
	CreatedBy string
	CreatedAt time.Time
	// Asked: the closing question went out to its pairs.
	Asked bool
	// TZ is the zone its dates are read in, saved when it started (the
	// zone of the admin who started it); "" when unknown: the programme's
	// default zone then, as for people without one.
	TZ string
}

// Today is the date at now where the cohort was started (its zone, TZ;
// def, the programme's default zone, when it has none, as its dates were
// read in then; UTC when def is nil): the day its dates are compared
// with. Read in UTC, a round ending on Friday in Los Angeles would be
// over, and stop taking pairs, from 16:00 that Friday.
func (c Cohort) Today(now time.Time, def *time.Location) string {
	loc := def
	if c.TZ != "" {
		if l, err := datetext.LoadZone(c.TZ); err == nil {
			loc = l
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	return datetext.DateOf(now.In(loc)).String()
}

// Over reports whether the cohort's end date has passed at now (Today).
func (c Cohort) Over(now time.Time, def *time.Location) bool {
	return c.EndsOn != "" && c.Today(now, def) > c.EndsOn
}

// TakesPairs reports whether a pair made at now joins the cohort: it is
// active, its closing question has not gone out, and its end date has not
// passed. A pair made after the end date would otherwise be asked at
// once whether to continue after a round it never took part in, and end
// with it.
func (c Cohort) TakesPairs(now time.Time, def *time.Location) bool {
	return c.Status == CohortActive && !c.Asked && !c.Over(now, def)
}

const cohortColumns = `id, name, starts_on, ends_on, status, created_by, created_at,
	EXISTS (SELECT 1 FROM proposals WHERE round = -cohorts.id), tz`

func scanCohort(s scanner) (Cohort, error) {
	var c Cohort
	var created int64
	if err := s.Scan(&c.ID, &c.Name, &c.StartsOn, &c.EndsOn, &c.Status, &c.CreatedBy, &created, &c.Asked, &c.TZ); err != nil {
		return Cohort{}, err
	}
	c.CreatedAt = fromUnix(created)
	return c, nil
}

func noCohort() error {
	return Errorf(ENotFound, "No programme round is running; `/mentor cohort start NAME --until YYYY-MM-DD` (for admins) starts one.")
}

// activeCohortTx returns the active cohort, or ENotFound.
func activeCohortTx(ctx context.Context, q sqlQuerier) (Cohort, error) {
	c, err := scanCohort(q.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts WHERE status = 'active' ORDER BY id DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return Cohort{}, noCohort()
	}
	if err != nil {
		return Cohort{}, fmt.Errorf("load current cohort: %w", err)
	}
	return c, nil
}

// cohortForNewPairTx is the cohort a pair made now joins: the active one,
// unless it takes no more pairs (Cohort.TakesPairs, def its fallback
// zone); zero when none.
func cohortForNewPairTx(ctx context.Context, tx *Tx, def *time.Location) (Cohort, error) {
	c, err := activeCohortTx(ctx, tx.q)
	if ErrorCode(err) == ENotFound || (err == nil && !c.TakesPairs(tx.Now, def)) {
		return Cohort{}, nil
	}
	return c, err
}

// StartCohortTx starts a round of the programme from startsOn to endsOn
// (the caller has checked that actor is an admin and that endsOn is later
// than today), inside a larger commit: the round and the reminder to
// close it are stored together or not at all. tz is the zone its dates
// were read in, which it keeps (Cohort.TZ). EConflict while another is
// active or when the name was used before; EInvalid for a bad name or
// dates.
func StartCohortTx(ctx context.Context, tx *Tx, actor, name, startsOn, endsOn, tz string) (Cohort, error) {
	name = strings.Join(strings.Fields(name), " ")
	if err := CheckCohortName(name); err != nil {
		return Cohort{}, err
	}
	for _, d := range []string{startsOn, endsOn} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return Cohort{}, Errorf(EInvalid, "%s is not a date; write it as YYYY-MM-DD.", quote(d))
		}
	}
	if endsOn <= startsOn {
		return Cohort{}, Errorf(EInvalid, "The round must end after it starts (%s); pick a later end date.", startsOn)
	}
	if err := cohortStartConflictTx(ctx, tx.q, name); err != nil {
		return Cohort{}, err
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO cohorts (name, starts_on, ends_on, created_by, created_at, tz) VALUES (?, ?, ?, ?, ?, ?)`,
		name, startsOn, endsOn, actor, unix(tx.Now), tz)
	if err != nil {
		return Cohort{}, fmt.Errorf("start cohort: %w", err)
	}
	id, _ := res.LastInsertId()
	c, err := scanCohort(tx.q.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts WHERE id = ?`, id))
	if err != nil {
		return Cohort{}, fmt.Errorf("start cohort: load %d: %w", id, err)
	}
	return c, nil
}

// CheckCohortName is the EInvalid for a round's name that no round may
// take (empty, too long, or with a formatting character), nil for one
// that may; its spaces are collapsed first, as StartCohortTx stores it.
// StartCohortTx checks it in its commit: this is for refusing before the
// dates are looked at, so that a bad name and a bad date take one answer.
func CheckCohortName(name string) error {
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		return Errorf(EInvalid, "A round needs a name, e.g. `/mentor cohort start Spring 2027 --until 2027-06-30`.")
	case utf8.RuneCountInString(name) > MaxCohortName:
		return Errorf(EInvalid, "That name is %d characters long; the limit is %d.", utf8.RuneCountInString(name), MaxCohortName)
	}
	return formattingError("A round's name", name)
}

// CohortStartConflict reports why a round called name cannot start now,
// whatever its dates: EConflict while another round is running (said
// first: it is what the admin has to deal with before anything else) or
// when the name was used before; nil when neither. StartCohortTx checks
// the same in its commit: this is for refusing before the dates are
// looked at, so that one answer says what stands in the way.
func (db *DB) CohortStartConflict(ctx context.Context, name string) error {
	return db.readSnapshot(ctx, func(q sqlQuerier) error {
		return cohortStartConflictTx(ctx, q, strings.Join(strings.Fields(name), " "))
	})
}

// cohortStartConflictTx is CohortStartConflict on q, for name as stored.
func cohortStartConflictTx(ctx context.Context, q sqlQuerier, name string) error {
	cur, err := activeCohortTx(ctx, q)
	// Without the bidirectional controls typed in its name, as the
	// refusal of a used name below: one left open could turn the rest of
	// the sentence around.
	running := escape(bidi.Neutral(cur.Name))
	switch {
	case err == nil && cur.Asked:
		// `/mentor cohort end` has asked its pairs already: the step
		// left is the one that closes it.
		return Errorf(EConflict, "The round *%s* is still running (until %s): its pairs have been asked whether to continue. "+
			"Close it with `/mentor cohort end now`, then start the next one.", running, datetext.LongDay(cur.EndsOn))
	case err == nil:
		return Errorf(EConflict, "The round *%s* is still running (until %s). Close it first: `/mentor cohort end` asks each pair whether to continue, "+
			"and `/mentor cohort end now` closes the round.", running, datetext.LongDay(cur.EndsOn))
	case ErrorCode(err) != ENotFound:
		return err
	}
	// A round's name is its own for good, closed or not (the column is
	// UNIQUE): the DMs to its pairs and admins named it, and must still
	// mean that one round. An admin who closed a round early, say to
	// start it again with another end date, reads why the name is taken.
	var was Cohort
	err = q.QueryRowContext(ctx, `SELECT name, starts_on, status FROM cohorts WHERE name = ? COLLATE NOCASE LIMIT 1`, name).
		Scan(&was.Name, &was.StartsOn, &was.Status)
	// In bold, as every message about a round shows its name; without
	// the bidirectional controls typed in it (as quote takes them out),
	// which could turn the rest of the sentence around.
	shown := escape(bidi.Neutral(was.Name))
	switch {
	case err == nil && was.Status == CohortEnded:
		return Errorf(EConflict, "There was a round called *%s* already: started on %s, it has closed, and a closed round keeps its name, "+
			"so that the messages that named it still mean that one round. Please pick another name, e.g. with the year or a number added.",
			shown, datetext.LongDay(was.StartsOn))
	case err == nil:
		return Errorf(EConflict, "There was a round called *%s* already; please pick another name.", shown)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("start cohort: %w", err)
	}
	return nil
}

// CurrentCohort returns the active cohort; ENotFound when none is.
func (db *DB) CurrentCohort(ctx context.Context) (Cohort, error) {
	return activeCohortTx(ctx, db.read)
}

// CohortState is a cohort with its pairs and their closing answers.
type CohortState struct {
	Cohort Cohort
	// Live are its pairs that have not ended; Ended counts the others.
	Live  []Pair
	Ended int
	// Closing maps a live pair's ID to its closing question, once asked.
	Closing map[int64]Proposal
}

// Tally counts the live pairs whose two both chose to continue, where one
// chose to end, and the rest (not asked or not both answered).
func (s CohortState) Tally() (continuing, ending, open int) {
	for _, p := range s.Live {
		q, ok := s.Closing[p.ID]
		switch {
		case ok && q.Status == ProposalAccepted:
			continuing++
		case ok && q.Status == ProposalDeclined:
			ending++
		default:
			open++
		}
	}
	return continuing, ending, open
}

// CohortStatus returns a cohort's pairs and closing answers: for admins,
// whom the caller has checked.
func (db *DB) CohortStatus(ctx context.Context, id int64) (CohortState, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return CohortState{}, fmt.Errorf("cohort status: %w", err)
	}
	defer tx.discard(ctx)
	return cohortStateTx(ctx, tx, id)
}

func cohortStateTx(ctx context.Context, q sqlQuerier, id int64) (CohortState, error) {
	c, err := scanCohort(q.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return CohortState{}, noCohort()
	}
	if err != nil {
		return CohortState{}, fmt.Errorf("load cohort %d: %w", id, err)
	}
	s := CohortState{Cohort: c, Closing: map[int64]Proposal{}}
	pairs, err := queryPairs(ctx, q, `cohort_id = ?`, id)
	if err != nil {
		return CohortState{}, fmt.Errorf("cohort pairs: %w", err)
	}
	for _, p := range pairs {
		if p.Live() {
			s.Live = append(s.Live, p)
		} else {
			s.Ended++
		}
	}
	qs, err := queryProposals(ctx, q, `round = ?`, -id)
	if err != nil {
		return CohortState{}, err
	}
	for _, p := range s.Live {
		for _, pr := range qs {
			if pr.MentorID == p.MentorID && pr.MenteeID == p.MenteeID {
				s.Closing[p.ID] = pr
			}
		}
	}
	return s, nil
}

// AskCohortCloseTx records the closing question for every live pair of
// the active cohort that has not had it (the caller has checked that
// actor is an admin) and returns the new questions, to be sent, inside a
// larger commit: the questions and the DMs that ask them are stored
// together or not at all. From now on new pairs do not join the cohort.
func AskCohortCloseTx(ctx context.Context, tx *Tx, actor string, id int64) ([]Proposal, error) {
	var asked []Proposal
	s, err := cohortStateTx(ctx, tx.q, id)
	if err != nil {
		return nil, err
	}
	if s.Cohort.Status != CohortActive {
		return nil, Errorf(EConflict, "The round *%s* has already ended.", escape(bidi.Neutral(s.Cohort.Name)))
	}
	for _, p := range s.Live {
		if _, ok := s.Closing[p.ID]; ok {
			continue
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO proposals (round, mentor_id, mentee_id, status, created_at) VALUES (?, ?, ?, 'proposed', ?)`,
			-id, p.MentorID, p.MenteeID, unix(tx.Now))
		if err != nil {
			return nil, fmt.Errorf("ask cohort %d: %w", id, err)
		}
		qid, _ := res.LastInsertId()
		asked = append(asked, Proposal{ID: qid, Round: -id, MentorID: p.MentorID, MenteeID: p.MenteeID, Status: ProposalProposed, CreatedAt: tx.Now})
	}
	return asked, nil
}

// ClosingAnswer is the state of a closing question after an answer.
type ClosingAnswer struct {
	Question Proposal
	Cohort   Cohort
	// Before is the question's status before this answer: when it was or
	// becomes ProposalAccepted, the other person's view of it changes too.
	Before string
}

// ClosingQuestion returns closing question id as it stands, with its
// cohort (Before unset); ENotFound for any other id.
func (db *DB) ClosingQuestion(ctx context.Context, id int64) (ClosingAnswer, error) {
	var a ClosingAnswer
	q, err := scanProposal(db.read.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = ? AND round < 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, Errorf(ENotFound, "I couldn't find that question.")
	}
	if err != nil {
		return a, fmt.Errorf("load closing question %d: %w", id, err)
	}
	c, err := scanCohort(db.read.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts WHERE id = ?`, -q.Round))
	if err != nil {
		return a, fmt.Errorf("load cohort %d: %w", -q.Round, err)
	}
	return ClosingAnswer{Question: q, Cohort: c}, nil
}

// AnswerClosing records actor's choice to continue their pair after the
// cohort closes, or to end it then. A choice can be changed until the
// cohort ends. ENotFound for anyone but the two; EConflict once the cohort
// has ended or the pair has ended.
func (db *DB) AnswerClosing(ctx context.Context, actor string, id int64, cont bool) (ClosingAnswer, error) {
	var a ClosingAnswer
	err := db.InTx(ctx, func(tx *Tx) error {
		// A number that exists and one that does not get the same answer.
		notYours := Errorf(ENotFound, "I couldn't find that question among yours.")
		q, err := loadProposalTx(ctx, tx, id)
		if ErrorCode(err) == ENotFound {
			return notYours
		}
		if err != nil {
			return err
		}
		if q.Round >= 0 || !q.Has(actor) {
			return notYours
		}
		c, err := scanCohort(tx.q.QueryRowContext(ctx, `SELECT `+cohortColumns+` FROM cohorts WHERE id = ?`, -q.Round))
		if err != nil {
			return fmt.Errorf("load cohort %d: %w", -q.Round, err)
		}
		if c.Status != CohortActive || q.Status == ProposalDropped {
			return Errorf(EConflict, "The round *%s* has closed, so this choice can't be changed any more.", escape(bidi.Neutral(c.Name)))
		}
		live, err := queryPairs(ctx, tx.q, `status <> 'ended' AND mentor_id = ? AND mentee_id = ?`, q.MentorID, q.MenteeID)
		if err != nil {
			return fmt.Errorf("answer closing: %w", err)
		}
		if len(live) == 0 {
			return Errorf(EConflict, "Your pair with <@%s> has already ended.", q.Other(actor))
		}
		before := q.Status
		v := -1
		if cont {
			v = 1
		}
		if actor == q.MentorID {
			q.MentorOK = v
		} else {
			q.MenteeOK = v
		}
		switch {
		case q.MentorOK == 1 && q.MenteeOK == 1:
			q.Status = ProposalAccepted
		case q.MentorOK == -1 || q.MenteeOK == -1:
			q.Status = ProposalDeclined
		default:
			q.Status = ProposalProposed
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET mentor_ok = ?, mentee_ok = ?, status = ? WHERE id = ?`,
			q.MentorOK, q.MenteeOK, q.Status, id); err != nil {
			return fmt.Errorf("answer closing: %w", err)
		}
		a = ClosingAnswer{Question: q, Cohort: c, Before: before}
		return nil
	})
	return a, err
}

// CohortEnd is what ending a cohort did.
type CohortEnd struct {
	Cohort Cohort
	// Ended are the pairs ended with it; Continuing the pairs whose two
	// both chose to continue.
	Ended, Continuing []Pair
}

// EndCohortTx ends the cohort (the caller has checked that actor is an
// admin) inside a larger commit: the end and the DMs that tell each member
// of it are stored together or not at all. Its live pairs end together,
// except those where both chose to continue, and pending notifications of
// the ended pairs are cancelled in the same commit. EConflict when it has
// ended already.
func EndCohortTx(ctx context.Context, tx *Tx, actor string, id int64) (CohortEnd, error) {
	var e CohortEnd
	s, err := cohortStateTx(ctx, tx.q, id)
	if err != nil {
		return CohortEnd{}, err
	}
	if s.Cohort.Status != CohortActive {
		return CohortEnd{}, Errorf(EConflict, "The round *%s* has already ended.", escape(bidi.Neutral(s.Cohort.Name)))
	}
	for _, p := range s.Live {
		if q, ok := s.Closing[p.ID]; ok && q.Status == ProposalAccepted {
			e.Continuing = append(e.Continuing, p)
			continue
		}
		p, err := endPairTx(ctx, tx, p, actor)
		if err != nil {
			return CohortEnd{}, fmt.Errorf("end cohort %d: %w", id, err)
		}
		e.Ended = append(e.Ended, p)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE round = ? AND status = 'proposed'`, -id); err != nil {
		return CohortEnd{}, fmt.Errorf("end cohort %d: %w", id, err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE cohorts SET status = 'ended' WHERE id = ?`, id); err != nil {
		return CohortEnd{}, fmt.Errorf("end cohort %d: %w", id, err)
	}
	e.Cohort = s.Cohort
	e.Cohort.Status = CohortEnded
	return e, nil
}
