package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Goal statuses.
const (
	GoalOpen    = "open"
	GoalDone    = "done"
	GoalDropped = "dropped"
)

// Limits on a goal's text fields, in characters. The bot checks them first
// with a friendly answer; the store refuses anything longer as a backstop.
const (
	MaxGoalText    = 300  // the goal itself
	MaxGoalDetail  = 1000 // how success is measured, why it matters, a progress note
	MaxGoalComment = 2500 // a comment on a goal
)

// Goal is a mentee's goal. Its ID is the number people see as #N. Only the
// owner changes it; the owner's mentors (live pairs in which the owner is the
// mentee) read it and comment on it; nobody else learns that it exists.
type Goal struct {
	ID       int64
	OwnerID  string
	Text     string // as the person typed it (never Slack-escaped)
	Measure  string // how success is measured; "" when not given
	Why      string // why it matters; "" when not given
	DueOn    string // 'YYYY-MM-DD' or ""
	Status   string // GoalOpen, GoalDone, GoalDropped
	Progress int    // 0..100

	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time // zero while open
}

// Open reports whether the goal is still being worked on.
func (g Goal) Open() bool { return g.Status == GoalOpen }

// Overdue reports whether an open goal's due date is before today
// ('YYYY-MM-DD', in whatever zone the caller reads "today").
func (g Goal) Overdue(today string) bool { return g.Open() && g.DueOn != "" && g.DueOn < today }

// GoalInput is what a person says about a goal when adding or editing it.
type GoalInput struct {
	Text    string
	Measure string
	Why     string
	DueOn   string // 'YYYY-MM-DD' or "" for none
}

// GoalProgress is one progress update of a goal: its history shows movement.
type GoalProgress struct {
	ID      int64
	GoalID  int64
	Percent int
	Note    string
	ByUser  string
	At      time.Time
}

// GoalComment is a comment on a goal by its owner or one of their mentors.
// A mentor's comment is for the owner alone (and its author); the owner's
// own notes go to all their mentors.
type GoalComment struct {
	ID       int64
	GoalID   int64
	AuthorID string
	Text     string
	At       time.Time
}

const goalColumns = `id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at`

func scanGoal(s scanner) (Goal, error) {
	var g Goal
	var created, updated, closed int64
	if err := s.Scan(&g.ID, &g.OwnerID, &g.Text, &g.Measure, &g.Why, &g.DueOn, &g.Status, &g.Progress, &created, &updated, &closed); err != nil {
		return Goal{}, err
	}
	g.CreatedAt, g.UpdatedAt, g.ClosedAt = fromUnix(created), fromUnix(updated), fromUnix(closed)
	return g, nil
}

func queryGoals(ctx context.Context, q sqlQuerier, where string, args ...any) ([]Goal, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+goalColumns+` FROM goals WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanGoal)
}

// goalNotFound is the one answer for a goal that does not exist or that the
// actor may not know about; the two must read the same.
func goalNotFound(id int64) error {
	return Errorf(ENotFound, "I couldn't find goal #%d among yours. `/goal list` shows your goals and their numbers.", id)
}

// mentorsOf lists the mentors of owner's live pairs.
func mentorsOf(ctx context.Context, q sqlQuerier, owner string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT mentor_id FROM pairs WHERE mentee_id = ? AND status <> 'ended' ORDER BY mentor_id`, owner)
	if err != nil {
		return nil, fmt.Errorf("mentors of %s: %w", owner, err)
	}
	return collect(rows, scanOne[string])
}

// isMentorOf reports whether actor mentors owner in a live pair.
func isMentorOf(ctx context.Context, q sqlQuerier, actor, owner string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pairs WHERE mentor_id = ? AND mentee_id = ? AND status <> 'ended'`, actor, owner).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check mentor of %s: %w", owner, err)
	}
	return n > 0, nil
}

// readGoal loads goal id if actor may read it (its owner or one of the
// owner's mentors); ENotFound otherwise.
func readGoal(ctx context.Context, q sqlQuerier, actor string, id int64) (Goal, error) {
	g, err := scanGoal(q.QueryRowContext(ctx, `SELECT `+goalColumns+` FROM goals WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Goal{}, goalNotFound(id)
	}
	if err != nil {
		return Goal{}, fmt.Errorf("load goal %d: %w", id, err)
	}
	if g.OwnerID == actor {
		return g, nil
	}
	ok, err := isMentorOf(ctx, q, actor, g.OwnerID)
	if err != nil {
		return Goal{}, err
	}
	if !ok {
		return Goal{}, goalNotFound(id)
	}
	return g, nil
}

// ownGoalTx loads goal id for a change by actor: ENotFound for anyone who
// may not read it, EForbidden for a mentor (who knows it exists but may only
// comment), EConflict when it is closed and open is required.
func ownGoalTx(ctx context.Context, tx *Tx, actor string, id int64, mustBeOpen bool) (Goal, error) {
	g, err := readGoal(ctx, tx.q, actor, id)
	if err != nil {
		return Goal{}, err
	}
	if g.OwnerID != actor {
		return Goal{}, notOwner(g)
	}
	if mustBeOpen && !g.Open() {
		return Goal{}, Errorf(EConflict, "Goal #%d is %s, so I haven't changed it. `/goal reopen %d` opens it again; `/goal add` sets a new one.", id, g.Status, id)
	}
	return g, nil
}

// notOwner is the refusal for a mentor, who may read and comment on a
// mentee's goal but not change or share it.
func notOwner(g Goal) error {
	return Errorf(EForbidden, "Goal #%d is <@%s>'s, so only they can change or share it. As their mentor you can comment: `/goal comment %d your thoughts`.", g.ID, g.OwnerID, g.ID)
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkGoalInput normalises and validates a goal's fields.
func checkGoalInput(in GoalInput) (GoalInput, error) {
	in.Text = strings.TrimSpace(in.Text)
	in.Measure = strings.TrimSpace(in.Measure)
	in.Why = strings.TrimSpace(in.Why)
	in.DueOn = strings.TrimSpace(in.DueOn)
	if in.Text == "" {
		return in, Errorf(EInvalid, "Please say what the goal is.")
	}
	for _, f := range []struct {
		what, s string
		max     int
	}{{"goal", in.Text, MaxGoalText}, {"measure", in.Measure, MaxGoalDetail}, {"reason", in.Why, MaxGoalDetail}} {
		if err := checkLength(f.what, f.s, f.max); err != nil {
			return in, err
		}
	}
	if in.DueOn != "" {
		if _, err := time.Parse(time.DateOnly, in.DueOn); err != nil || !dateRe.MatchString(in.DueOn) {
			return in, Errorf(EInvalid, "%s is not a date; write it as YYYY-MM-DD.", quote(in.DueOn))
		}
	}
	return in, nil
}

func checkLength(what, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EInvalid, "That %s is %d characters long; the limit is %d. Please shorten it.", what, n, max)
	}
	return nil
}

// AddGoal stores a new open goal owned by actor (goals are always one's
// own). The caller has checked that a due date is not in the past in the
// person's zone. EInvalid for an empty or over-long field.
func (db *DB) AddGoal(ctx context.Context, actor string, in GoalInput) (Goal, error) {
	in, err := checkGoalInput(in)
	if err != nil {
		return Goal{}, err
	}
	var g Goal
	err = db.InTx(ctx, func(tx *Tx) error {
		if err := ensureUserTx(ctx, tx, actor); err != nil {
			return err
		}
		now := unix(tx.Now)
		res, err := tx.q.ExecContext(ctx, `INSERT INTO goals (owner_id, text, measure, why, due_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			actor, in.Text, in.Measure, in.Why, in.DueOn, now, now)
		if err != nil {
			return fmt.Errorf("add goal: %w", err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("add goal: %w", err)
		}
		g = Goal{ID: id, OwnerID: actor, Text: in.Text, Measure: in.Measure, Why: in.Why, DueOn: in.DueOn,
			Status: GoalOpen, CreatedAt: fromUnix(now), UpdatedAt: fromUnix(now)}
		return nil
	})
	return g, err
}

// Goal returns goal id if actor is its owner or one of the owner's mentors;
// ENotFound otherwise, whether or not it exists.
func (db *DB) Goal(ctx context.Context, actor string, id int64) (Goal, error) {
	return readGoal(ctx, db.read, actor, id)
}

// OwnGoal returns goal id only if actor owns it: what a person may edit or
// share. ENotFound for anyone who may not read it, EForbidden for the
// owner's mentors. Closed goals are returned too; callers decide.
func (db *DB) OwnGoal(ctx context.Context, actor string, id int64) (Goal, error) {
	g, err := readGoal(ctx, db.read, actor, id)
	if err != nil {
		return Goal{}, err
	}
	if g.OwnerID != actor {
		return Goal{}, notOwner(g)
	}
	return g, nil
}

// LoadGoal returns a goal without an access check: for the scheduler, which
// acts for nobody in particular. ENotFound if there is no such goal.
func (db *DB) LoadGoal(ctx context.Context, id int64) (Goal, error) {
	g, err := scanGoal(db.read.QueryRowContext(ctx, `SELECT `+goalColumns+` FROM goals WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Goal{}, Errorf(ENotFound, "There is no goal #%d.", id)
	}
	if err != nil {
		return Goal{}, fmt.Errorf("load goal %d: %w", id, err)
	}
	return g, nil
}

// Goals lists ownerID's goals for actor, who must be ownerID or one of
// their mentors: open ones first (earliest due date first, undated last),
// then, when includeClosed, done and dropped ones, most recently closed
// first. Anyone else gets EForbidden, which says nothing about whether
// ownerID has goals.
func (db *DB) Goals(ctx context.Context, actor, ownerID string, includeClosed bool) ([]Goal, error) {
	if err := mayReadGoals(ctx, db.read, actor, ownerID); err != nil {
		return nil, err
	}
	return listGoals(ctx, db.read, ownerID, includeClosed)
}

// GoalList is Goals with ownerID's goals counted by status, all of them,
// read in one snapshot with one access check: what /goal list and the
// Home show.
func (db *DB) GoalList(ctx context.Context, actor, ownerID string, includeClosed bool) (goals []Goal, byStatus map[string]int, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		if err := mayReadGoals(ctx, q, actor, ownerID); err != nil {
			return err
		}
		if goals, err = listGoals(ctx, q, ownerID, includeClosed); err != nil {
			return err
		}
		byStatus, err = countGoals(ctx, q, ownerID)
		return err
	})
	return goals, byStatus, err
}

// mayReadGoals refuses (EForbidden) an actor who is neither ownerID nor
// one of their mentors.
func mayReadGoals(ctx context.Context, q sqlQuerier, actor, ownerID string) error {
	if actor == ownerID {
		return nil
	}
	ok, err := isMentorOf(ctx, q, actor, ownerID)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(EForbidden, "You can only see your own goals and those of your mentees.")
	}
	return nil
}

func listGoals(ctx context.Context, q sqlQuerier, ownerID string, includeClosed bool) ([]Goal, error) {
	where := `owner_id = ?`
	if !includeClosed {
		where += ` AND status = 'open'`
	}
	gs, err := queryGoals(ctx, q, where+` ORDER BY status <> 'open', CASE WHEN status = 'open' THEN due_on = '' END, CASE WHEN status = 'open' THEN due_on END, closed_at DESC, id`, ownerID)
	if err != nil {
		return nil, fmt.Errorf("list goals of %s: %w", ownerID, err)
	}
	return gs, nil
}

func countGoals(ctx context.Context, q sqlQuerier, ownerID string) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM goals WHERE owner_id = ? GROUP BY status`, ownerID)
	if err != nil {
		return nil, fmt.Errorf("count goals of %s: %w", ownerID, err)
	}
	out := map[string]int{}
	err = each(rows, func(s scanner) error {
		var st string
		var n int
		if err := s.Scan(&st, &n); err != nil {
			return err
		}
		out[st] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count goals of %s: %w", ownerID, err)
	}
	return out, nil
}

// UpdateGoal replaces the text, measure, reason and due date of an open
// goal; only its owner may. ENotFound for strangers, EForbidden for the
// owner's mentors, EConflict for a closed goal, EInvalid for bad fields.
func (db *DB) UpdateGoal(ctx context.Context, actor string, id int64, in GoalInput) (Goal, error) {
	in, err := checkGoalInput(in)
	if err != nil {
		return Goal{}, err
	}
	var g Goal
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		if g, err = ownGoalTx(ctx, tx, actor, id, true); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE goals SET text = ?, measure = ?, why = ?, due_on = ?, updated_at = ? WHERE id = ?`,
			in.Text, in.Measure, in.Why, in.DueOn, unix(tx.Now), id); err != nil {
			return fmt.Errorf("update goal %d: %w", id, err)
		}
		g.Text, g.Measure, g.Why, g.DueOn, g.UpdatedAt = in.Text, in.Measure, in.Why, in.DueOn, fromUnix(unix(tx.Now))
		return nil
	})
	return g, err
}

// SetGoalProgress records progress (0..100) on an open goal of actor's,
// with an optional note, and keeps it in the goal's history. It returns
// the goal as it is now and the progress it had before. The same figure
// with no note records nothing: EConflict.
func (db *DB) SetGoalProgress(ctx context.Context, actor string, id int64, percent int, note string) (g Goal, before int, err error) {
	note = strings.TrimSpace(note)
	if percent < 0 || percent > 100 {
		return Goal{}, 0, Errorf(EInvalid, "Progress is a percentage from 0 to 100, for example `/goal progress %d 40%%`.", id)
	}
	if err := checkLength("note", note, MaxGoalDetail); err != nil {
		return Goal{}, 0, err
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		if g, err = ownGoalTx(ctx, tx, actor, id, true); err != nil {
			return err
		}
		before = g.Progress
		if percent == before && note == "" {
			// Nothing to record: the history keeps changes and notes.
			return Errorf(EConflict, "Goal #%d is already at %d%%, so nothing changed. To note how it's going, add a few words: `/goal progress %d %d%% what happened`.",
				id, percent, id, percent)
		}
		return setProgressTx(ctx, tx, &g, actor, percent, note)
	})
	return g, before, err
}

func setProgressTx(ctx context.Context, tx *Tx, g *Goal, actor string, percent int, note string) error {
	now := unix(tx.Now)
	if _, err := tx.q.ExecContext(ctx, `UPDATE goals SET progress = ?, updated_at = ? WHERE id = ?`, percent, now, g.ID); err != nil {
		return fmt.Errorf("set progress of goal %d: %w", g.ID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO goal_progress (goal_id, percent, note, by_user, at) VALUES (?, ?, ?, ?, ?)`,
		g.ID, percent, note, actor, now); err != nil {
		return fmt.Errorf("record progress of goal %d: %w", g.ID, err)
	}
	g.Progress, g.UpdatedAt = percent, fromUnix(now)
	return nil
}

// CloseGoal marks an open goal of actor's done or dropped. Done sets its
// progress to 100 (recorded in the history when it changes); dropped keeps
// the progress reached. EConflict when it is already closed.
func (db *DB) CloseGoal(ctx context.Context, actor string, id int64, status string) (Goal, error) {
	var g Goal
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		g, err = CloseGoalTx(ctx, tx, actor, id, status, "")
		return err
	})
	return g, err
}

// CloseGoalTx is CloseGoal inside a larger commit: a goal done and the
// DMs that tell the owner's mentors of it are stored together or not at
// all. It also records note (why the goal was closed; at most
// MaxGoalDetail characters) in the goal's progress history, at the
// progress it has; an empty note records nothing.
func CloseGoalTx(ctx context.Context, tx *Tx, actor string, id int64, status, note string) (Goal, error) {
	if status != GoalDone && status != GoalDropped {
		return Goal{}, fmt.Errorf("close goal %d: status %q is neither done nor dropped", id, status)
	}
	note = strings.TrimSpace(note)
	if err := checkLength("note", note, MaxGoalDetail); err != nil {
		return Goal{}, err
	}
	g, err := ownGoalTx(ctx, tx, actor, id, false)
	if err != nil {
		return Goal{}, err
	}
	if !g.Open() {
		return Goal{}, Errorf(EConflict, "Goal #%d is already %s.", id, g.Status)
	}
	switch {
	case status == GoalDone && (g.Progress != 100 || note != ""):
		if err := setProgressTx(ctx, tx, &g, actor, 100, note); err != nil {
			return Goal{}, err
		}
	case note != "":
		if err := setProgressTx(ctx, tx, &g, actor, g.Progress, note); err != nil {
			return Goal{}, err
		}
	}
	now := unix(tx.Now)
	if _, err := tx.q.ExecContext(ctx, `UPDATE goals SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?`, status, now, now, id); err != nil {
		return Goal{}, fmt.Errorf("close goal %d: %w", id, err)
	}
	g.Status, g.ClosedAt, g.UpdatedAt = status, fromUnix(now), fromUnix(now)
	return g, nil
}

// CommentGoalTx stores a comment by actor — the goal's owner or one of
// their mentors — on any goal they may read, open or closed, inside a
// larger commit: the comment and the DMs that pass it on are stored
// together or not at all. It returns the comment, the goal, and who
// should hear about it: the owner when a mentor comments, the owner's
// mentors when the owner does.
func CommentGoalTx(ctx context.Context, tx *Tx, actor string, id int64, text string) (c GoalComment, g Goal, notify []string, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return GoalComment{}, Goal{}, nil, Errorf(EInvalid, "What would you like to say? For example `/goal comment %d Great progress — want to rehearse the talk on Friday?`", id)
	}
	if err := checkLength("comment", text, MaxGoalComment); err != nil {
		return GoalComment{}, Goal{}, nil, err
	}
	if g, err = readGoal(ctx, tx.q, actor, id); err != nil {
		return GoalComment{}, Goal{}, nil, err
	}
	if actor == g.OwnerID {
		if notify, err = mentorsOf(ctx, tx.q, g.OwnerID); err != nil {
			return GoalComment{}, Goal{}, nil, err
		}
	} else {
		notify = []string{g.OwnerID}
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO goal_comments (goal_id, author_id, text, at) VALUES (?, ?, ?, ?)`, id, actor, text, unix(tx.Now))
	if err != nil {
		return GoalComment{}, Goal{}, nil, fmt.Errorf("comment on goal %d: %w", id, err)
	}
	cid, err := res.LastInsertId()
	if err != nil {
		return GoalComment{}, Goal{}, nil, fmt.Errorf("comment on goal %d: %w", id, err)
	}
	c = GoalComment{ID: cid, GoalID: id, AuthorID: actor, Text: text, At: fromUnix(unix(tx.Now))}
	return c, g, notify, nil
}

// GoalComments lists the comments on a goal that actor may read, oldest
// first: the owner reads them all; a mentor reads their own and the
// owner's notes (which went to all the owner's mentors), never another
// mentor's, which are between that mentor and the mentee. ENotFound for
// anyone who may not read the goal.
func (db *DB) GoalComments(ctx context.Context, actor string, id int64) ([]GoalComment, error) {
	g, err := readGoal(ctx, db.read, actor, id)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, goal_id, author_id, text, at FROM goal_comments
		WHERE goal_id = ? AND (? = ? OR author_id IN (?, ?)) ORDER BY at, id`, id, actor, g.OwnerID, actor, g.OwnerID)
	if err != nil {
		return nil, fmt.Errorf("comments of goal %d: %w", id, err)
	}
	return collect(rows, func(s scanner) (GoalComment, error) {
		var c GoalComment
		var at int64
		if err := s.Scan(&c.ID, &c.GoalID, &c.AuthorID, &c.Text, &at); err != nil {
			return GoalComment{}, err
		}
		c.At = fromUnix(at)
		return c, nil
	})
}

// GoalProgress is a goal's progress history, oldest first, for its owner or
// one of their mentors; ENotFound for anyone else.
func (db *DB) GoalProgress(ctx context.Context, actor string, id int64) ([]GoalProgress, error) {
	if _, err := readGoal(ctx, db.read, actor, id); err != nil {
		return nil, err
	}
	return goalProgress(ctx, db.read, `goal_id = ?`, id)
}

func goalProgress(ctx context.Context, q sqlQuerier, where string, args ...any) ([]GoalProgress, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, goal_id, percent, note, by_user, at FROM goal_progress WHERE `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("goal progress: %w", err)
	}
	return collect(rows, func(s scanner) (GoalProgress, error) {
		var p GoalProgress
		var at int64
		if err := s.Scan(&p.ID, &p.GoalID, &p.Percent, &p.Note, &p.ByUser, &at); err != nil {
			return GoalProgress{}, err
		}
		p.At = fromUnix(at)
		return p, nil
	})
}

// GoalMentors lists the mentors of ownerID's live pairs: the people who may
// read ownerID's goals besides ownerID. No access check.
func (db *DB) GoalMentors(ctx context.Context, ownerID string) ([]string, error) {
	return mentorsOf(ctx, db.read, ownerID)
}
