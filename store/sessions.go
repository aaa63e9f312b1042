package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Session is a logged meeting of a pair: what was discussed and the to-dos
// that came out of it. Its ID is shown as #N.
type Session struct {
	ID     int64
	PairID int64
	HeldOn string // 'YYYY-MM-DD', the day it was held in the logger's zone
	// HeldToday: it was logged on the day it was held, in the logger's
	// zone (HeldOn is the logger's date of CreatedAt); false for a day
	// picked before the day of logging. Both members are shown HeldOn
	// either way; the report uses this to tell when it was logged.
	HeldToday bool
	// MeetingAt is the scheduled meeting it belongs to (the pair's meeting
	// on HeldOn); zero when there was none.
	MeetingAt time.Time
	Notes     string // as typed (unescaped), without the to-do parts
	LoggedBy  string
	CreatedAt time.Time
	// Todos are the to-dos logged with the session, by number (filled by
	// LogSession, Session and Sessions; nil from the scheduler's readers).
	Todos []Todo
	// Covered are the agenda items this session marked covered (filled by
	// LogSession and Session).
	Covered []AgendaItem
}

// To-do statuses.
const (
	TodoOpen = "open"
	TodoDone = "done"
)

// Todo is an action item from a session, owned by one member of the pair.
// Its ID is shown as #N.
type Todo struct {
	ID        int64
	PairID    int64
	SessionID int64 // 0: not from a session
	OwnerID   string
	Text      string // as typed (unescaped)
	Status    string
	CreatedAt time.Time
	DoneAt    time.Time // zero while open
	DoneBy    string
}

// NewTodo is a to-do to log with a session.
type NewTodo struct {
	OwnerID string // a member of the pair; "" means the mentee
	Text    string
}

// NewSession is what LogSession records.
type NewSession struct {
	PairID int64
	// HeldOn is the day of the meeting, 'YYYY-MM-DD' in the logger's zone
	// (Loc); the caller has checked that it is not in the future. It is
	// not before the day the pair was created.
	HeldOn string
	// Loc is the logger's zone, in which HeldOn is read against the day
	// the pair was created. Nil reads it in the earliest zone (UTC−12), so
	// that only a day before the pair existed anywhere is refused.
	Loc *time.Location
	// MeetingAt links the session to the pair's scheduled meeting of that
	// day; zero when there was none.
	MeetingAt time.Time
	// CoverUntil: open agenda items meant for a meeting before it (or for
	// no particular meeting) and added before it are marked covered by this
	// session. Zero means the moment of logging.
	CoverUntil time.Time
	Notes      string
	Todos      []NewTodo
	// FirstForMeeting refuses the session (EConflict) when the meeting at
	// MeetingAt already has one: the log was meant for that meeting (the
	// follow-up's form), not for a second one the same day.
	FirstForMeeting bool
}

const sessionColumns = `id, pair_id, held_on, held_today, meeting_at, notes, logged_by, created_at`

func scanSession(s scanner) (Session, error) {
	var ss Session
	var at, created int64
	if err := s.Scan(&ss.ID, &ss.PairID, &ss.HeldOn, &ss.HeldToday, &at, &ss.Notes, &ss.LoggedBy, &created); err != nil {
		return Session{}, err
	}
	ss.MeetingAt, ss.CreatedAt = fromUnix(at), fromUnix(created)
	return ss, nil
}

func querySessions(ctx context.Context, q sqlQuerier, tail string, args ...any) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions `+tail, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanSession)
}

const todoColumns = `id, pair_id, COALESCE(session_id, 0), owner_id, text, status, created_at, done_at, done_by`

func scanTodo(s scanner) (Todo, error) {
	var t Todo
	var created, done int64
	if err := s.Scan(&t.ID, &t.PairID, &t.SessionID, &t.OwnerID, &t.Text, &t.Status, &created, &done, &t.DoneBy); err != nil {
		return Todo{}, err
	}
	t.CreatedAt, t.DoneAt = fromUnix(created), fromUnix(done)
	return t, nil
}

func queryTodos(ctx context.Context, q sqlQuerier, where string, args ...any) ([]Todo, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+todoColumns+` FROM todos WHERE `+where+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanTodo)
}

// validDay reports whether s is a real 'YYYY-MM-DD' date.
func validDay(s string) bool {
	t, err := time.Parse("2006-01-02", s)
	return err == nil && t.Format("2006-01-02") == s
}

// earliestZone is the zone where a day starts last, UTC−12: a day is
// before an instant everywhere when it is before it there.
var earliestZone = time.FixedZone("UTC-12", -12*60*60)

// LogSession records a session of pair in.PairID logged by actor, a member,
// with its to-dos, and marks the agenda items it covered, in one commit.
// The returned Session has its Todos and Covered items. ENotFound for
// non-members; EConflict for an ended pair, and for a meeting logged
// already when FirstForMeeting is set; EInvalid for a bad date, a day
// before the pair was created, a session with neither notes nor to-dos, an
// empty to-do, or a to-do owned by someone outside the pair.
func (db *DB) LogSession(ctx context.Context, actor string, in NewSession) (Session, error) {
	var s Session
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		s, err = LogSessionTx(ctx, tx, actor, in)
		return err
	})
	return s, err
}

// LogSessionTx is LogSession inside a larger commit: the session and the
// DM that tells the partner of it, which names it by its number, are
// stored together or not at all.
func LogSessionTx(ctx context.Context, tx *Tx, actor string, in NewSession) (Session, error) {
	p, err := livePair(ctx, tx.q, actor, in.PairID)
	if err != nil {
		return Session{}, err
	}
	if !validDay(in.HeldOn) {
		return Session{}, Errorf(EInvalid, "I couldn't read %s as a date; use YYYY-MM-DD.", quote(in.HeldOn))
	}
	loc := in.Loc
	if loc == nil {
		loc = earliestZone
	}
	// 'YYYY-MM-DD' strings compare as the days they are.
	if started := p.CreatedAt.In(loc).Format(time.DateOnly); in.HeldOn < started {
		return Session{}, Errorf(EInvalid, "Your pair with <@%s> started on %s, so there is no session to log before that day.",
			p.Partner(actor), started)
	}
	if in.FirstForMeeting && !in.MeetingAt.IsZero() {
		prev, logged, err := sessionOn(ctx, tx.q, in.PairID, in.MeetingAt)
		if err != nil {
			return Session{}, err
		}
		if logged {
			by := "<@" + prev.LoggedBy + ">"
			if prev.LoggedBy == actor {
				by = "you"
			}
			return Session{}, Errorf(EConflict, "This meeting is already logged as #%d (by %s). If you met again, change the date or use `/session log`.", prev.ID, by)
		}
	}
	notes := strings.TrimSpace(in.Notes)
	if notes == "" && len(in.Todos) == 0 {
		return Session{}, Errorf(EInvalid, "There is nothing to log: add what you talked about, or a to-do (`todo: …`).")
	}
	if err := checkNewTodos(p, 0, in.Todos); err != nil {
		return Session{}, err
	}
	// Known only with the logger's zone: without it, the day stays as
	// typed.
	today := in.Loc != nil && in.HeldOn == tx.Now.In(in.Loc).Format(time.DateOnly)
	res, err := tx.q.ExecContext(ctx, `INSERT INTO sessions (pair_id, n, held_on, held_today, meeting_at, notes, logged_by, created_at)
		VALUES (?, COALESCE((SELECT n FROM sessions WHERE pair_id = ? ORDER BY created_at DESC, id DESC LIMIT 1), 0) + 1, ?, ?, ?, ?, ?, ?)`,
		in.PairID, in.PairID, in.HeldOn, today, unix(in.MeetingAt), notes, actor, unix(tx.Now))
	if err != nil {
		return Session{}, fmt.Errorf("log session of pair %d: %w", in.PairID, err)
	}
	id, _ := res.LastInsertId()
	s := Session{ID: id, PairID: in.PairID, HeldOn: in.HeldOn, HeldToday: today, Notes: notes, LoggedBy: actor, CreatedAt: tx.Now}
	if !in.MeetingAt.IsZero() {
		s.MeetingAt = in.MeetingAt.UTC()
	}
	if s.Todos, err = addSessionTodosTx(ctx, tx, p, id, in.Todos); err != nil {
		return Session{}, err
	}
	until := in.CoverUntil
	if until.IsZero() {
		until = tx.Now.Add(time.Second) // everything added up to now
	}
	if s.Covered, err = coverAgendaTx(ctx, tx, in.PairID, id, until); err != nil {
		return Session{}, err
	}
	// The follow-up the partner was sent is answered too: a meeting
	// logged by one member is not a nudge the other left unanswered.
	// Their run (one person's, across their pairs) starts again
	// whole: someone whose pair meets is not one to stop nudging.
	return s, clearNudgeRunTx(ctx, tx, p.Partner(actor))
}

// MaxSessionTodos is how many to-dos one session can have: its DMs list
// them all, within Slack's block limits.
const MaxSessionTodos = 20

// TooManyTodos refuses (EInvalid) n to-dos for one session, more than it
// can have.
func TooManyTodos(n int) error {
	return Errorf(EInvalid, "That's %d to-dos; one session can have up to %d. Please keep the most important ones.", n, MaxSessionTodos)
}

// checkNewTodos refuses (EInvalid) todos added to a session that has had
// of them already when that makes more than MaxSessionTodos, an empty
// to-do, or one owned by someone outside pair p.
func checkNewTodos(p Pair, had int, todos []NewTodo) error {
	if n := had + len(todos); n > MaxSessionTodos {
		return TooManyTodos(n)
	}
	for i, td := range todos {
		if strings.TrimSpace(td.Text) == "" {
			return Errorf(EInvalid, "To-do %d is empty; write what needs doing after `todo:`.", i+1)
		}
		if td.OwnerID != "" && !p.Has(td.OwnerID) {
			return Errorf(EInvalid, "<@%s> isn't in your pair, so I can't give them a to-do. A to-do belongs to <@%s> or <@%s>.",
				td.OwnerID, p.MentorID, p.MenteeID)
		}
	}
	return nil
}

// addSessionTodosTx adds todos, checked by checkNewTodos, to session id of
// pair p, and returns them as stored.
func addSessionTodosTx(ctx context.Context, tx *Tx, p Pair, id int64, todos []NewTodo) ([]Todo, error) {
	var out []Todo
	for _, td := range todos {
		owner := td.OwnerID
		if owner == "" {
			owner = p.MenteeID
		}
		text := strings.TrimSpace(td.Text)
		res, err := tx.q.ExecContext(ctx, `INSERT INTO todos (pair_id, session_id, owner_id, text, created_at) VALUES (?, ?, ?, ?, ?)`,
			p.ID, id, owner, text, unix(tx.Now))
		if err != nil {
			return nil, fmt.Errorf("add to-do to session %d: %w", id, err)
		}
		tid, _ := res.LastInsertId()
		out = append(out, Todo{ID: tid, PairID: p.ID, SessionID: id, OwnerID: owner, Text: text, Status: TodoOpen, CreatedAt: tx.Now})
	}
	return out, nil
}

// fillSession attaches a session's to-dos and covered agenda items.
func fillSession(ctx context.Context, q sqlQuerier, s *Session) error {
	var err error
	if s.Todos, err = queryTodos(ctx, q, `session_id = ?`, s.ID); err != nil {
		return fmt.Errorf("load to-dos of session %d: %w", s.ID, err)
	}
	if s.Covered, err = queryAgenda(ctx, q, `session_id = ?`, s.ID); err != nil {
		return fmt.Errorf("load agenda of session %d: %w", s.ID, err)
	}
	return nil
}

// Session returns session id, with its to-dos and covered agenda items, for
// actor, a member of its pair; ENotFound for anyone else or no such session.
func (db *DB) Session(ctx context.Context, actor string, id int64) (Session, error) {
	var s Session
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		var err error
		if s, err = memberSession(ctx, q, actor, id); err != nil {
			return err
		}
		return fillSession(ctx, q, &s)
	})
	return s, err
}

// memberSession loads session id for actor, a member of its pair;
// ENotFound for anyone else or no such session.
func memberSession(ctx context.Context, q sqlQuerier, actor string, id int64) (Session, error) {
	ss, err := querySessions(ctx, q, `WHERE id = ?`, id)
	if err != nil {
		return Session{}, fmt.Errorf("load session %d: %w", id, err)
	}
	notFound := Errorf(ENotFound, "I couldn't find session #%d among your pairs' sessions. `/session list` shows them.", id)
	if len(ss) == 0 {
		return Session{}, notFound
	}
	if _, err := memberPair(ctx, q, actor, ss[0].PairID); err != nil {
		if ErrorCode(err) == ENotFound {
			return Session{}, notFound
		}
		return Session{}, err
	}
	return ss[0], nil
}

// EditSessionNotes replaces the notes of session id: the member who
// logged it may, to mend a typo or add what they forgot, and adds todos to
// it (as LogSession does; the pair must be live for that). A session with
// no to-dos keeps some notes. It returns the session as it is now, with
// its to-dos and covered agenda items. ENotFound for anyone outside the
// pair or no such session; EForbidden for the partner; EInvalid for no
// notes where they are all the session has, and for to-dos as LogSession;
// EConflict for to-dos added to an ended pair's session.
//
// also, when not nil, runs in the same commit with the session as it is
// now: the revision of the partner's DM of it.
func (db *DB) EditSessionNotes(ctx context.Context, actor string, id int64, notes string, todos []NewTodo, also func(tx *Tx, s Session) error) (Session, error) {
	notes = strings.TrimSpace(notes)
	var s Session
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		if s, err = memberSession(ctx, tx.q, actor, id); err != nil {
			return err
		}
		if err := SessionEditRefusal(s, actor); err != nil {
			return err
		}
		if err := fillSession(ctx, tx.q, &s); err != nil {
			return err
		}
		if notes == "" && len(s.Todos) == 0 && len(todos) == 0 {
			return Errorf(EInvalid, "Session #%d has no to-dos, so its notes are all it has: keep some.", id)
		}
		if len(todos) > 0 {
			p, err := livePair(ctx, tx.q, actor, s.PairID)
			if err != nil {
				return err
			}
			if err := checkNewTodos(p, len(s.Todos), todos); err != nil {
				return err
			}
			added, err := addSessionTodosTx(ctx, tx, p, id, todos)
			if err != nil {
				return err
			}
			s.Todos = append(s.Todos, added...)
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE sessions SET notes = ? WHERE id = ?`, notes, id); err != nil {
			return fmt.Errorf("edit notes of session %d: %w", id, err)
		}
		s.Notes = notes
		if also != nil {
			return also(tx, s)
		}
		return nil
	})
	return s, err
}

// SessionEditRefusal is why actor, a member of its pair, may not edit
// session s's notes (EForbidden), or nil when they may: they logged it.
func SessionEditRefusal(s Session, actor string) error {
	switch s.LoggedBy {
	case actor:
		return nil
	case "": // its logger asked to be forgotten
		return Errorf(EForbidden, "Session #%d's notes can't be edited any more. Log your own with `/session log`.", s.ID)
	default:
		return Errorf(EForbidden, "Only <@%s>, who logged session #%d, can edit its notes. Log your own with `/session log`.", s.LoggedBy, s.ID)
	}
}

// Sessions lists the most recent sessions (newest first by day held, then
// by number; at most limit, 0 meaning 20) of pair pairID, or of every pair
// actor is or was in when pairID is 0, each with its to-dos. ENotFound when
// actor is not a member of pairID.
func (db *DB) Sessions(ctx context.Context, actor string, pairID int64, limit int) ([]Session, error) {
	if limit <= 0 {
		limit = 20
	}
	out, _, err := db.SessionsPage(ctx, actor, pairID, 0, limit)
	return out, err
}

// SessionsPage is Sessions from the offset-th on (0: the most recent), at
// most limit of them, with how many there are in all, read at one moment.
func (db *DB) SessionsPage(ctx context.Context, actor string, pairID int64, offset, limit int) ([]Session, int, error) {
	var ids []int64
	if pairID != 0 {
		ids = []int64{pairID}
	}
	return db.SessionsOfPairsPage(ctx, actor, ids, offset, limit)
}

// SessionsOfPairsPage is SessionsPage for the sessions of several pairs
// of actor's (all of them when pairIDs is empty): those with one partner,
// ended pairs and a pair made again.
func (db *DB) SessionsOfPairsPage(ctx context.Context, actor string, pairIDs []int64, offset, limit int) ([]Session, int, error) {
	var out []Session
	var total int
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		where, args := `WHERE pair_id IN (SELECT id FROM pairs WHERE mentor_id = ? OR mentee_id = ?)`, []any{actor, actor}
		if len(pairIDs) > 0 {
			for _, id := range pairIDs {
				if _, err := memberPair(ctx, q, actor, id); err != nil {
					return err
				}
			}
			where, args = `WHERE pair_id IN (`+placeholders(len(pairIDs))+`)`, anyArgs(pairIDs)
		}
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sessions `+where, args...).Scan(&total); err != nil {
			return fmt.Errorf("count sessions of %s: %w", actor, err)
		}
		var err error
		out, err = querySessions(ctx, q, where+` ORDER BY held_on DESC, id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
		if err != nil {
			return fmt.Errorf("list sessions of %s: %w", actor, err)
		}
		for i := range out {
			if out[i].Todos, err = queryTodos(ctx, q, `session_id = ?`, out[i].ID); err != nil {
				return fmt.Errorf("load to-dos of session %d: %w", out[i].ID, err)
			}
		}
		return nil
	})
	return out, total, err
}

// SessionsSince lists the pair's sessions logged at or after t, oldest
// first, without to-dos and without an access check (for the scheduler).
func (db *DB) SessionsSince(ctx context.Context, pairID int64, t time.Time) ([]Session, error) {
	out, err := querySessions(ctx, db.read, `WHERE pair_id = ? AND created_at >= ? ORDER BY created_at, id`, pairID, unix(t))
	if err != nil {
		return nil, fmt.Errorf("list sessions of pair %d: %w", pairID, err)
	}
	return out, nil
}

// LastSession returns the pair's most recently logged session, without an
// access check (for the scheduler); ok is false when there is none.
func (db *DB) LastSession(ctx context.Context, pairID int64) (Session, bool, error) {
	out, err := querySessions(ctx, db.read, `WHERE pair_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`, pairID)
	if err != nil {
		return Session{}, false, fmt.Errorf("last session of pair %d: %w", pairID, err)
	}
	if len(out) == 0 {
		return Session{}, false, nil
	}
	return out[0], true, nil
}

// SessionCount counts the pair's logged sessions, without an access check
// (for the scheduler's feedback prompts and the admins' figures).
func (db *DB) SessionCount(ctx context.Context, pairID int64) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE pair_id = ?`, pairID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count sessions of pair %d: %w", pairID, err)
	}
	return n, nil
}

// SessionOn returns the first session logged for the pair's scheduled
// meeting at meetingAt, without an access check; ok is false when that
// meeting was not logged.
func (db *DB) SessionOn(ctx context.Context, pairID int64, meetingAt time.Time) (Session, bool, error) {
	return sessionOn(ctx, db.read, pairID, meetingAt)
}

func sessionOn(ctx context.Context, q sqlQuerier, pairID int64, meetingAt time.Time) (Session, bool, error) {
	out, err := querySessions(ctx, q, `WHERE pair_id = ? AND meeting_at = ? ORDER BY id LIMIT 1`, pairID, unix(meetingAt))
	if err != nil {
		return Session{}, false, fmt.Errorf("session of pair %d at %d: %w", pairID, unix(meetingAt), err)
	}
	if len(out) == 0 {
		return Session{}, false, nil
	}
	return out[0], true, nil
}

// MeetingLogged reports whether a session was logged for the pair's
// scheduled meeting at meetingAt (so that no follow-up is sent for it).
// No access check: for the scheduler.
func (db *DB) MeetingLogged(ctx context.Context, pairID int64, meetingAt time.Time) (bool, error) {
	_, ok, err := db.SessionOn(ctx, pairID, meetingAt)
	return ok, err
}

// --- to-dos ---

// todoNotFound is the one answer for a to-do that does not exist and one
// that is not the actor's to know about.
func todoNotFound(id int64) error {
	return Errorf(ENotFound, "I couldn't find to-do #%d among your pairs' to-dos. `/session todos` lists yours.", id)
}

func memberTodo(ctx context.Context, q sqlQuerier, actor string, id int64) (Todo, Pair, error) {
	t, err := scanTodo(q.QueryRowContext(ctx, `SELECT `+todoColumns+` FROM todos WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Todo{}, Pair{}, todoNotFound(id)
	}
	if err != nil {
		return Todo{}, Pair{}, fmt.Errorf("load to-do %d: %w", id, err)
	}
	p, err := memberPair(ctx, q, actor, t.PairID)
	if ErrorCode(err) == ENotFound {
		return Todo{}, Pair{}, todoNotFound(id)
	}
	if err != nil {
		return Todo{}, Pair{}, err
	}
	return t, p, nil
}

// endedPartnersTodo refuses actor a change (verb) to t, their partner's
// to-do, once their pair p has ended: what was the partner's is theirs
// alone to tidy up, and the ex-partner's change would reach them as a DM
// from a pair they left. Their own to-dos stay actor's to close.
func endedPartnersTodo(t Todo, p Pair, actor, verb string) error {
	if p.Live() || t.OwnerID == actor {
		return nil
	}
	return Errorf(EForbidden, "To-do #%d is from your pair with <@%s> that has ended, so it is theirs to %s now; I haven't changed it.", t.ID, t.OwnerID, verb)
}

// Todo returns to-do id for actor, a member of its pair; ENotFound for
// anyone else or no such to-do.
func (db *DB) Todo(ctx context.Context, actor string, id int64) (Todo, error) {
	t, _, err := memberTodo(ctx, db.read, actor, id)
	return t, err
}

// CompleteTodo marks to-do id done; either member of its pair may (of an
// ended pair, only its owner, to tidy up). ENotFound for anyone else or no such to-do;
// EConflict when it is already done.
func (db *DB) CompleteTodo(ctx context.Context, actor string, id int64) (Todo, error) {
	var t Todo
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		t, err = CompleteTodoTx(ctx, tx, actor, id)
		return err
	})
	return t, err
}

// CompleteTodoTx is CompleteTodo inside a larger commit: the to-do done
// and the DM that tells its owner of it are stored together or not at
// all.
func CompleteTodoTx(ctx context.Context, tx *Tx, actor string, id int64) (Todo, error) {
	t, p, err := memberTodo(ctx, tx.q, actor, id)
	if err != nil {
		return Todo{}, err
	}
	if t.Status == TodoDone {
		by := "you"
		if t.DoneBy != actor {
			by = "<@" + t.DoneBy + ">"
		}
		return Todo{}, Errorf(EConflict, "To-do #%d is already done (marked by %s).", id, by)
	}
	if err := endedPartnersTodo(t, p, actor, "close"); err != nil {
		return Todo{}, err
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE todos SET status = 'done', done_at = ?, done_by = ? WHERE id = ?`, unix(tx.Now), actor, id); err != nil {
		return Todo{}, fmt.Errorf("complete to-do %d: %w", id, err)
	}
	t.Status, t.DoneAt, t.DoneBy = TodoDone, tx.Now, actor
	return t, nil
}

// MyOpenTodos lists the open to-dos owned by actor in their live pairs,
// oldest first. The scheduler's check-in uses it with the recipient as
// actor: a pair that has ended sends nothing any more, so its to-dos are
// left out (AllMyOpenTodos has them).
func (db *DB) MyOpenTodos(ctx context.Context, actor string) ([]Todo, error) {
	out, err := queryTodos(ctx, db.read, `owner_id = ? AND status = 'open'
		AND pair_id IN (SELECT id FROM pairs WHERE status <> 'ended' AND (mentor_id = ? OR mentee_id = ?))`, actor, actor, actor)
	if err != nil {
		return nil, fmt.Errorf("list to-dos of %s: %w", actor, err)
	}
	return out, nil
}

// AllMyOpenTodos lists the open to-dos owned by actor in every pair they
// are or were in, oldest first: those of ended pairs too, since either
// member may still close them (CompleteTodo). The caller tells them apart
// by their pair.
func (db *DB) AllMyOpenTodos(ctx context.Context, actor string) ([]Todo, error) {
	out, err := queryTodos(ctx, db.read, `owner_id = ? AND status = 'open'
		AND pair_id IN (SELECT id FROM pairs WHERE mentor_id = ? OR mentee_id = ?)`, actor, actor, actor)
	if err != nil {
		return nil, fmt.Errorf("list all to-dos of %s: %w", actor, err)
	}
	return out, nil
}

// PairTodos lists the open to-dos of pair pairID (both members'), oldest
// first, for actor, a member; ENotFound for anyone else.
func (db *DB) PairTodos(ctx context.Context, actor string, pairID int64) ([]Todo, error) {
	var out []Todo
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		if _, err := memberPair(ctx, q, actor, pairID); err != nil {
			return err
		}
		var err error
		out, err = openTodos(ctx, q, pairID)
		return err
	})
	return out, err
}

// hadTodos reports whether pair pairID has ever had a to-do.
func hadTodos(ctx context.Context, q sqlQuerier, pairID int64) (bool, error) {
	var had bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM todos WHERE pair_id = ?)`, pairID).Scan(&had); err != nil {
		return false, fmt.Errorf("any to-do of pair %d: %w", pairID, err)
	}
	return had, nil
}

// OpenTodos is PairTodos without an access check, for the scheduler.
func (db *DB) OpenTodos(ctx context.Context, pairID int64) ([]Todo, error) {
	return openTodos(ctx, db.read, pairID)
}

// openTodos reads pair pairID's open to-dos, oldest first.
func openTodos(ctx context.Context, q sqlQuerier, pairID int64) ([]Todo, error) {
	out, err := queryTodos(ctx, q, `pair_id = ? AND status = 'open'`, pairID)
	if err != nil {
		return nil, fmt.Errorf("list to-dos of pair %d: %w", pairID, err)
	}
	return out, nil
}

// SameDaySession returns the pair's latest other session held on the day
// session s was held and logged before it, if any; only for a member of
// the pair (actor). Without its to-dos: it is named, not shown.
func (db *DB) SameDaySession(ctx context.Context, actor string, s Session) (Session, bool, error) {
	ss, err := querySessions(ctx, db.read, `WHERE pair_id = ? AND held_on = ? AND id < ?
		AND EXISTS (SELECT 1 FROM pairs WHERE id = ? AND (mentor_id = ? OR mentee_id = ?)) ORDER BY id DESC LIMIT 1`,
		s.PairID, s.HeldOn, s.ID, s.PairID, actor, actor)
	if err != nil {
		return Session{}, false, fmt.Errorf("sessions of pair %d on %s: %w", s.PairID, s.HeldOn, err)
	}
	if len(ss) == 0 {
		return Session{}, false, nil
	}
	return ss[0], true, nil
}
