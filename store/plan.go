package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the scheduler's actor-less readers and writers: loading
// the state that planning needs in one transaction, and bringing the
// pending notifications in line with a plan (ReconcileTx). The scheduler
// acts for nobody in particular, so none of this checks access.

// PlanPair is what the scheduler needs of one pair to plan its
// notifications.
type PlanPair struct {
	Pair      Pair // what planning reads of it (planPairColumns); the rest is zero
	Schedule  Schedule
	Scheduled bool // false: no meetings set
	// Changes to single meetings from the loader's `from` on: skips, and
	// moves from or to a time after it.
	Changes
	// Sessions are the pair's logged sessions that planning looks at: the
	// last, and every one logged since the loader's `from`; for a pair
	// snoozed past `from` also the first and every one whose number is a
	// multiple of 4 (their prompts may still be held). In order of logging.
	Sessions     []PlanSession
	SessionCount int
	// Replaced is the schedule the pair had before Schedule, when it was
	// replaced since the loader's `from`: the follow-ups of its meetings
	// held before the change are still due.
	Replaced   Schedule
	ReplacedAt time.Time // zero: none
	// Pauses are the pair's pauses that ended since the loader's `from`,
	// read only for a pair that resumed since then: a meeting that began
	// in one did not take place, so it has no follow-up.
	Pauses []Pause
}

// Pause is a span in which a pair's meetings were paused.
type Pause struct{ From, Until time.Time }

// PausedAt reports whether the meeting at t began in one of pp.Pauses.
func (pp PlanPair) PausedAt(t time.Time) bool {
	for _, p := range pp.Pauses {
		if !t.Before(p.From) && t.Before(p.Until) {
			return true
		}
	}
	return false
}

// PlanSession is a logged session as the planner sees it.
type PlanSession struct {
	N         int       // its position among the pair's sessions, from 1, in order of logging
	MeetingAt time.Time // the scheduled meeting it belongs to; zero for none
	HeldOn    string    // 'YYYY-MM-DD' in the logger's zone
	CreatedAt time.Time
}

// LastSession returns the most recently logged session; ok is false when
// there is none.
func (pp PlanPair) LastSession() (PlanSession, bool) {
	if len(pp.Sessions) == 0 {
		return PlanSession{}, false
	}
	return pp.Sessions[len(pp.Sessions)-1], true
}

// PlanUser is one person as the planner sees them: their profile and
// settings, their live pairs and their open goals that have a due date.
type PlanUser struct {
	User  User // what planning reads of them (planUserColumns); the rest is zero
	Known bool // false: no users row (the zero User with default settings is used)
	Pairs []Pair
	Goals []Goal // what planning reads of them (planGoalColumns)
}

// The plan loaders read only the columns planning uses. A full re-plan
// reads 400,000 users rows and 300,000 pairs rows at 100,000 pairs, and
// each column read costs: modernc's SQLite takes and releases the
// connection's mutex for every sqlite3_column_* call, and every text
// column is a string to allocate and collect. Reading the users rows
// with every column was a seventh of a full re-plan's CPU; these read
// them in about a third less.
const (
	planUserColumns = `user_id, tz, deleted, is_bot, remind_before, checkins_on, nudges_on, quiet_hours, nudges_stopped_at`
	planPairColumns = `id, mentor_id, mentee_id, status, created_at, snoozed_until, resumed_at`
	planGoalColumns = `id, owner_id, due_on, status, created_at`
)

func scanPlanUser(s scanner) (User, error) {
	var (
		u                    User
		stopped              int64
		remind, quiet        sql.NullString
		deleted, bot, ci, nu bool
	)
	if err := s.Scan(&u.ID, &u.TZ, &deleted, &bot, &remind, &ci, &nu, &quiet, &stopped); err != nil {
		return User{}, err
	}
	u.Deleted, u.IsBot, u.NudgesStoppedAt = deleted, bot, fromUnix(stopped)
	u.Settings = Settings{CheckinsOn: ci, NudgesOn: nu}
	if remind.Valid {
		u.Settings.RemindBefore = &remind.String
	}
	if quiet.Valid {
		u.Settings.QuietHours = &quiet.String
	}
	return u, nil
}

// queryPlanPairs reads the pairs that query (selecting planPairColumns)
// finds, as planning sees them.
func queryPlanPairs(ctx context.Context, q sqlQuerier, query string, args ...any) ([]Pair, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(s scanner) (Pair, error) {
		var p Pair
		var created, snoozed, resumed int64
		if err := s.Scan(&p.ID, &p.MentorID, &p.MenteeID, &p.Status, &created, &snoozed, &resumed); err != nil {
			return Pair{}, err
		}
		p.CreatedAt, p.SnoozedUntil, p.ResumedAt = fromUnix(created), fromUnix(snoozed), fromUnix(resumed)
		return p, nil
	})
}

// PlanScope names the notifications a re-plan is responsible for: the
// rows of Kinds about PairIDs, or the rows of Kinds to Recipients. Rows
// with a pre-rendered payload (the outbox's DMs) are never in scope.
//
// Rows to Recipients are a person's own (pair_id = 0), found through the
// partial notifications_recipient; rows about PairIDs through the partial
// notifications_pair (migration 7).
type PlanScope struct {
	PairIDs    []int64
	Recipients []string
	Kinds      []string
	Late
}

// Late says which wanted rows whose time has passed a re-plan still adds.
type Late struct {
	// PlannedThrough is how far planning had already looked: a wanted row
	// that is not pending and whose time passed (more than LateGrace before
	// the change being planned) is only added, or revived, when it is due
	// after PlannedThrough — something missed while the process was down
	// for longer than the horizon. Anything due earlier was not wanted
	// when it was due (the pair was paused, nudges were off), and its time
	// had passed when that changed, so it stays unsent. The zero time
	// allows every late row.
	PlannedThrough time.Time
	// ChangedAt is when the change being planned was made, when that was
	// before the re-plan: a crash between a change and its re-plan, planned
	// at the next start. Lateness is reckoned from then, so that what the
	// change made due at once (the reminders a resume released, a prompt
	// after a logged session) still goes. Zero: the change is being made
	// now (the transaction's time).
	ChangedAt time.Time
}

// LateGrace is how long after its due time a newly wanted notification
// still goes (the moment of logging a session that brings a prompt, say).
const LateGrace = 5 * time.Minute

// ReconcileStats says what ReconcileTx changed.
type ReconcileStats struct {
	Added     int // new rows
	Moved     int // pending rows whose due or expiry time changed
	Revived   int // cancelled rows that the plan wants again
	Cancelled int // pending rows the plan no longer wants
}

// Add sums two stats.
func (s ReconcileStats) Add(o ReconcileStats) ReconcileStats {
	return ReconcileStats{s.Added + o.Added, s.Moved + o.Moved, s.Revived + o.Revived, s.Cancelled + o.Cancelled}
}

func placeholders(n int) string {
	if n == 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func anyArgs[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// stopNudgesSQL cancels what is pending of a person's nudges (see
// ofRecipient), when they stop.
func stopNudgesSQL(kinds int) string {
	return `UPDATE notifications NOT INDEXED SET status = 'cancelled', last_error = 'nudges stopped'
	WHERE ` + ofRecipient + ` AND status = 'pending' AND payload = '' AND kind IN (` + placeholders(kinds) + `)`
}

// PlanPairIDs lists the pairs a full re-plan looks at: every live pair,
// and any other pair that still has pending notifications of kinds.
func (db *DB) PlanPairIDs(ctx context.Context, kinds []string) ([]int64, error) {
	// An ended pair is looked up in notifications_pair, one seek each:
	// listing the pair IDs of every pending notification read the whole
	// planned reach (tens of rows a pair) to find the few left over.
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM pairs WHERE status <> 'ended'
		UNION SELECT p.id FROM pairs p WHERE p.status = 'ended' AND EXISTS (SELECT 1 FROM notifications n INDEXED BY notifications_pair
			WHERE n.pair_id = p.id AND n.pair_id <> 0 AND n.status = 'pending' AND n.payload = '' AND n.kind IN (`+placeholders(len(kinds))+`))
		ORDER BY 1`, anyArgs(kinds)...)
	if err != nil {
		return nil, fmt.Errorf("list pairs to plan: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list pairs to plan: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PlanUserIDs lists the people a full re-plan looks at: every member of a
// live pair, and anyone who still has pending notifications of kinds.
func (db *DB) PlanUserIDs(ctx context.Context, kinds []string) ([]string, error) {
	// Only planning adds a person's own kinds, and only for members of a
	// pair (pairs are never deleted), so the people left over are among the
	// members of ended pairs: each is looked up in notifications_recipient
	// rather than reading every pending notification.
	in := placeholders(len(kinds))
	rows, err := db.read.QueryContext(ctx, `SELECT mentor_id FROM pairs WHERE status <> 'ended'
		UNION SELECT mentee_id FROM pairs WHERE status <> 'ended'
		UNION SELECT u FROM (SELECT mentor_id AS u FROM pairs WHERE status = 'ended' UNION SELECT mentee_id FROM pairs WHERE status = 'ended')
			WHERE EXISTS (SELECT 1 FROM notifications n INDEXED BY notifications_recipient
				WHERE n.recipient_id = u AND n.pair_id = 0 AND n.status = 'pending' AND n.payload = '' AND n.kind IN (`+in+`))
		ORDER BY 1`, anyArgs(kinds)...)
	if err != nil {
		return nil, fmt.Errorf("list people to plan: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list people to plan: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// pairIDsOfSQL is PlanPairIDsOfTx's query for kinds kinds.
func pairIDsOfSQL(kinds int) string {
	return `WITH mine AS (SELECT id, status FROM pairs WHERE mentor_id = ? UNION SELECT id, status FROM pairs WHERE mentee_id = ?)
		SELECT id FROM mine WHERE status <> 'ended'
		UNION SELECT DISTINCT n.pair_id FROM mine CROSS JOIN notifications n INDEXED BY notifications_pair ON n.pair_id = mine.id
			WHERE n.pair_id <> 0 AND n.status = 'pending' AND n.payload = '' AND n.kind IN (` + placeholders(kinds) + `)
		ORDER BY 1`
}

// PlanPairIDsOfTx lists the pairs user is or was in that a re-plan for
// them looks at: the live ones and those with pending notifications of kinds.
func PlanPairIDsOfTx(ctx context.Context, tx *Tx, user string, kinds []string) ([]int64, error) {
	// The person's pairs come first, through the pairs_mentor and
	// pairs_mentee indexes, and their notifications are then found by pair
	// (CROSS JOIN fixes that order), so that neither table is scanned.
	args := append([]any{user, user}, anyArgs(kinds)...)
	rows, err := tx.q.QueryContext(ctx, pairIDsOfSQL(len(kinds)), args...)
	if err != nil {
		return nil, fmt.Errorf("list pairs of %s to plan: %w", user, err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list pairs of %s to plan: %w", user, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// LoadPlanPairsTx loads the pairs ids (in id order; missing ones are left
// out) with their schedules, the skips from `from` on and the sessions that
// planning needs (see PlanPair.Sessions), and the users row of every
// member that has one.
func LoadPlanPairsTx(ctx context.Context, tx *Tx, ids []int64, from time.Time) ([]PlanPair, map[string]User, error) {
	return loadPlanPairs(ctx, tx.q, ids, from)
}

// LoadPlanPairs is LoadPlanPairsTx on a read snapshot, beside the writer:
// a full re-plan reads and plans the next chunk while the writer stores
// the last.
func (db *DB) LoadPlanPairs(ctx context.Context, ids []int64, from time.Time) (pairs []PlanPair, users map[string]User, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		pairs, users, err = loadPlanPairs(ctx, q, ids, from)
		return err
	})
	return pairs, users, err
}

// LoadPlanUsers is LoadPlanUsersTx on a read snapshot.
func (db *DB) LoadPlanUsers(ctx context.Context, ids []string) (people []PlanUser, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		people, err = loadPlanUsers(ctx, q, ids, false)
		return err
	})
	return people, err
}

// LoadPlanUsersRun is LoadPlanUsers for ids that are (most of) a run of
// consecutive people of PlanUserIDs, as a full re-plan's chunks are: it
// walks the indexes from the least ID to the greatest rather than seeking
// each person's, and skips anyone else the range finds. Given ids spread
// thinly, it would walk far more than it needs: only a full re-plan's
// chunks should use it.
func (db *DB) LoadPlanUsersRun(ctx context.Context, ids []string) (people []PlanUser, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		people, err = loadPlanUsers(ctx, q, ids, true)
		return err
	})
	return people, err
}

// DirtyAmongTx reports which of pairs and users are marked changed and not
// re-planned since (plan_dirty), as tx sees it.
func DirtyAmongTx(ctx context.Context, tx *Tx, pairs []int64, users []string) (map[int64]bool, map[string]bool, error) {
	return dirtyAmong(ctx, tx.q, pairs, users)
}

// DirtyAmong is DirtyAmongTx on the read pool.
func (db *DB) DirtyAmong(ctx context.Context, pairs []int64, users []string) (map[int64]bool, map[string]bool, error) {
	return dirtyAmong(ctx, db.read, pairs, users)
}

func dirtyAmong(ctx context.Context, tx sqlQuerier, pairs []int64, users []string) (map[int64]bool, map[string]bool, error) {
	dp, du := map[int64]bool{}, map[string]bool{}
	if len(pairs)+len(users) == 0 {
		return dp, du, nil
	}
	// Nearly always nothing is marked (a change is re-planned in its own
	// transaction): one look at the table then, rather than binding and
	// seeking a chunk's hundred IDs, twice a chunk of a full re-plan.
	var marked bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM plan_dirty)`).Scan(&marked); err != nil {
		return nil, nil, fmt.Errorf("look for changed pairs and people: %w", err)
	}
	if !marked {
		return dp, du, nil
	}
	// By kind and id, the primary key: one seek each.
	rows, err := tx.QueryContext(ctx, `SELECT kind, id FROM plan_dirty WHERE kind = 'pair' AND id IN (`+placeholders(len(pairs))+`)
		UNION ALL SELECT kind, id FROM plan_dirty WHERE kind = 'user' AND id IN (`+placeholders(len(users))+`)`,
		append(dirtyPairIDs(pairs), anyArgs(users)...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("look for changed pairs and people: %w", err)
	}
	ps, us, err := scanDirty(rows)
	if err != nil {
		return nil, nil, fmt.Errorf("look for changed pairs and people: %w", err)
	}
	for _, p := range ps {
		dp[p] = true
	}
	for _, u := range us {
		du[u] = true
	}
	return dp, du, nil
}

// dirtyPairIDs are pair IDs as plan_dirty stores them (text).
func dirtyPairIDs(pairs []int64) []any {
	ids := make([]any, len(pairs))
	for i, p := range pairs {
		ids[i] = strconv.FormatInt(p, 10)
	}
	return ids
}

// scanDirty reads rows of plan_dirty's (kind, id), and closes them.
func scanDirty(rows *sql.Rows) (pairs []int64, users []string, err error) {
	defer rows.Close()
	for rows.Next() {
		var kind, id string
		if err := rows.Scan(&kind, &id); err != nil {
			return nil, nil, err
		}
		if kind == "user" {
			users = append(users, id)
		} else if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			pairs = append(pairs, n)
		}
	}
	return pairs, users, rows.Err()
}

// loadPlanPairs loads the pairs ids, in order of ID, with what planning
// reads of each from from on, and their members' rows.
func loadPlanPairs(ctx context.Context, tx sqlQuerier, ids []int64, from time.Time) ([]PlanPair, map[string]User, error) {
	users := map[string]User{}
	if len(ids) == 0 {
		return nil, users, nil
	}
	l := pairLoad{tx: tx, from: from}
	l.in, l.args = pairMatch(ids)
	pairs, err := queryPlanPairs(ctx, tx, `SELECT `+planPairColumns+` FROM pairs WHERE `+l.in("id")+` ORDER BY id`, l.args...)
	if err != nil {
		return nil, nil, fmt.Errorf("load pairs to plan: %w", err)
	}
	if len(pairs) != len(ids) {
		// A range read finds the pairs between ids too.
		want := make(map[int64]bool, len(ids))
		for _, id := range ids {
			want[id] = true
		}
		pairs = slices.DeleteFunc(pairs, func(p Pair) bool { return !want[p.ID] })
	}
	out := make([]PlanPair, len(pairs))
	byID := make(map[int64]*PlanPair, len(pairs))
	var members []string
	for i, p := range pairs {
		out[i].Pair = p
		byID[p.ID] = &out[i]
		members = append(members, p.MentorID, p.MenteeID)
	}
	if err := l.schedules(ctx, byID); err != nil {
		return nil, nil, err
	}
	if err := l.changes(ctx, byID); err != nil {
		return nil, nil, err
	}
	if err := l.replaced(ctx, byID); err != nil {
		return nil, nil, err
	}
	if err := l.sessions(ctx, pairs, byID); err != nil {
		return nil, nil, err
	}
	if err := l.pauses(ctx, pairs, byID); err != nil {
		return nil, nil, err
	}
	if err := loadUsersInto(ctx, tx, members, users); err != nil {
		return nil, nil, err
	}
	return out, users, nil
}

// pairLoad is what each step of loadPlanPairs reads with: the condition
// that picks the pairs and from. Each step adds what it reads to the pairs
// in byID (skipping any other pair a range finds), a parameter rather than
// a field: what pairLoad holds goes to the driver, and the map kept with it
// would go to the heap once a load.
type pairLoad struct {
	tx   sqlQuerier
	in   func(col string) string // the condition on a pair ID column
	args []any                   // its arguments
	from time.Time
}

// pairMatch is the condition that finds pairs ids in a column, and its
// arguments: a range when the ids are most of the IDs between the least
// and the greatest, an IN list otherwise. A full re-plan's chunks are runs
// of consecutive pairs: one range read through an index (rows next to
// each other on the same pages) costs much less than a seek per pair,
// which was most of reading them. The range may find other pairs (an
// ended one, one added since the list was read): the readers skip them.
func pairMatch(ids []int64) (func(col string) string, []any) {
	lo, hi := slices.Min(ids), slices.Max(ids)
	if len(ids) > 1 && uint64(hi-lo) < 2*uint64(len(ids)) {
		return func(col string) string { return col + ` BETWEEN ? AND ?` }, []any{lo, hi}
	}
	in := placeholders(len(ids))
	return func(col string) string { return col + ` IN (` + in + `)` }, anyArgs(ids)
}

// schedules reads the pairs' current schedules.
func (l *pairLoad) schedules(ctx context.Context, byID map[int64]*PlanPair) error {
	rows, err := l.tx.QueryContext(ctx, `SELECT `+scheduleColumns+` FROM schedules WHERE `+l.in("pair_id"), l.args...)
	if err != nil {
		return fmt.Errorf("load schedules to plan: %w", err)
	}
	for rows.Next() {
		sc, err := scanSchedule(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("load schedules to plan: %w", err)
		}
		if pp := byID[sc.PairID]; pp != nil {
			pp.Schedule, pp.Scheduled = sc, true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load schedules to plan: %w", err)
	}
	return nil
}

// changes reads the pairs' skipped and moved meetings from from on.
func (l *pairLoad) changes(ctx context.Context, byID map[int64]*PlanPair) error {
	rows, err := l.tx.QueryContext(ctx, `SELECT pair_id, starts_at, moved_to, skipped_by, skipped_at, prompted_for FROM meeting_skips
		WHERE `+l.in("pair_id")+` AND (starts_at >= ? OR moved_to >= ?) ORDER BY pair_id, starts_at`, append(l.args, unix(l.from), unix(l.from))...)
	if err != nil {
		return fmt.Errorf("load skips to plan: %w", err)
	}
	for rows.Next() {
		var id, at, to, when, promptedFor int64
		var by string
		if err := rows.Scan(&id, &at, &to, &by, &when, &promptedFor); err != nil {
			rows.Close()
			return fmt.Errorf("load skips to plan: %w", err)
		}
		if pp := byID[id]; pp != nil {
			pp.add(at, to, by, when, promptedFor)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load skips to plan: %w", err)
	}
	return nil
}

// replaced reads the schedule each pair had before its current one, if
// replaced since from: the last replaced comes last.
func (l *pairLoad) replaced(ctx context.Context, byID map[int64]*PlanPair) error {
	rows, err := l.tx.QueryContext(ctx, `SELECT pair_id, rule, duration_min, set_at, replaced_at FROM schedule_history
		WHERE `+l.in("pair_id")+` AND replaced_at >= ? ORDER BY pair_id, replaced_at`, append(l.args, unix(l.from))...)
	if err != nil {
		return fmt.Errorf("load replaced schedules to plan: %w", err)
	}
	for rows.Next() {
		var sc Schedule
		var mins, set, replaced int64
		if err := rows.Scan(&sc.PairID, &sc.Rule, &mins, &set, &replaced); err != nil {
			rows.Close()
			return fmt.Errorf("load replaced schedules to plan: %w", err)
		}
		sc.Duration, sc.SetAt = time.Duration(mins)*time.Minute, fromUnix(set)
		if pp := byID[sc.PairID]; pp != nil {
			pp.Replaced, pp.ReplacedAt = sc, fromUnix(replaced)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load replaced schedules to plan: %w", err)
	}
	return nil
}

// pauses reads the pauses that ended since from, of the pairs that
// resumed since then: few pairs, so a full re-plan's chunk seldom asks.
func (l *pairLoad) pauses(ctx context.Context, pairs []Pair, byID map[int64]*PlanPair) error {
	var ids []any
	for _, p := range pairs {
		if !p.ResumedAt.Before(l.from) {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := l.tx.QueryContext(ctx, `SELECT pair_id, from_at, until_at FROM pair_pauses
		WHERE pair_id IN (`+placeholders(len(ids))+`) AND until_at >= ? ORDER BY pair_id, from_at`, append(ids, unix(l.from))...)
	if err != nil {
		return fmt.Errorf("load pauses to plan: %w", err)
	}
	for rows.Next() {
		var id, from, until int64
		if err := rows.Scan(&id, &from, &until); err != nil {
			rows.Close()
			return fmt.Errorf("load pauses to plan: %w", err)
		}
		if pp := byID[id]; pp != nil && until > 0 {
			pp.Pauses = append(pp.Pauses, Pause{From: fromUnix(from), Until: fromUnix(until)})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load pauses to plan: %w", err)
	}
	return nil
}

// sessions reads the sessions of pairs that planning looks at: those
// logged since from, and each pair's last (one seek each through
// sessions_pair_created). An older first or fourth session's prompt has
// expired, unless a snooze holds it: a snoozed pair's are read too.
func (l *pairLoad) sessions(ctx context.Context, pairs []Pair, byID map[int64]*PlanPair) error {
	var snoozed []any
	for _, p := range pairs {
		if p.SnoozedUntil.After(l.from) {
			snoozed = append(snoozed, p.ID)
		}
	}
	rows, err := l.tx.QueryContext(ctx, `SELECT pair_id, n, meeting_at, held_on, created_at FROM sessions INDEXED BY sessions_pair_created
			WHERE `+l.in("pair_id")+` AND created_at >= ?
		UNION SELECT s.pair_id, s.n, s.meeting_at, s.held_on, s.created_at FROM pairs p JOIN sessions s
			ON s.id = (SELECT id FROM sessions l WHERE l.pair_id = p.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1)
			WHERE `+l.in("p.id")+`
		UNION SELECT pair_id, n, meeting_at, held_on, created_at FROM sessions
			WHERE pair_id IN (`+placeholders(len(snoozed))+`) AND (n = 1 OR n % 4 = 0)
		ORDER BY 1, 2`, append(append(append(l.args, unix(l.from)), l.args...), snoozed...)...)
	if err != nil {
		return fmt.Errorf("load sessions to plan: %w", err)
	}
	for rows.Next() {
		var (
			id           int64
			s            PlanSession
			at, creation int64
		)
		if err := rows.Scan(&id, &s.N, &at, &s.HeldOn, &creation); err != nil {
			rows.Close()
			return fmt.Errorf("load sessions to plan: %w", err)
		}
		s.MeetingAt, s.CreatedAt = fromUnix(at), fromUnix(creation)
		if pp := byID[id]; pp != nil {
			pp.Sessions = append(pp.Sessions, s)
			pp.SessionCount = s.N // the last comes last
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load sessions to plan: %w", err)
	}
	return nil
}

func loadUsersInto(ctx context.Context, tx sqlQuerier, ids []string, into map[string]User) error {
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := tx.QueryContext(ctx, `SELECT `+planUserColumns+` FROM users WHERE user_id IN (`+placeholders(len(chunk))+`)`, anyArgs(chunk)...)
		if err != nil {
			return fmt.Errorf("load people to plan: %w", err)
		}
		if err := scanUsersInto(rows, into); err != nil {
			return err
		}
	}
	return nil
}

// scanUsersInto reads rows of planUserColumns into into, and closes them.
func scanUsersInto(rows *sql.Rows, into map[string]User) error {
	defer rows.Close()
	for rows.Next() {
		u, err := scanPlanUser(rows)
		if err != nil {
			return fmt.Errorf("load people to plan: %w", err)
		}
		into[u.ID] = u
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load people to plan: %w", err)
	}
	return nil
}

// LoadPlanUsersTx loads the people ids, in the order given, each with
// their live pairs and their open goals that have a due date.
func LoadPlanUsersTx(ctx context.Context, tx *Tx, ids []string) ([]PlanUser, error) {
	return loadPlanUsers(ctx, tx.q, ids, false)
}

// loadPlanUsers loads people ids; ranged: by the range from the least to
// the greatest (see LoadPlanUsersRun).
func loadPlanUsers(ctx context.Context, tx sqlQuerier, ids []string, ranged bool) ([]PlanUser, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	users := map[string]User{}
	in, args := placeholders(len(ids)), anyArgs(ids)
	if ranged {
		args = []any{slices.Min(ids), slices.Max(ids)}
	}
	// match is the condition that finds ids in col.
	match := func(col string) string {
		if ranged {
			return col + ` BETWEEN ? AND ?`
		}
		return col + ` IN (` + in + `)`
	}
	if ranged {
		// The users rows in the range are also those of people not
		// planned (who never joined a pair), however many: the IN list is
		// tested too (+: not used for the search), against the index entry
		// before the row is read, so that each of them costs a step
		// through the index, not a read of their row. The pairs and goals
		// in the range are nearly all of those planned: testing each
		// against the list cost more than the range saved.
		rows, err := tx.QueryContext(ctx, `SELECT `+planUserColumns+` FROM users WHERE `+match("user_id")+` AND +user_id IN (`+in+`)`,
			append(slices.Clone(args), anyArgs(ids)...)...)
		if err != nil {
			return nil, fmt.Errorf("load people to plan: %w", err)
		}
		if err := scanUsersInto(rows, users); err != nil {
			return nil, err
		}
	} else if err := loadUsersInto(ctx, tx, ids, users); err != nil {
		return nil, err
	}
	out := make([]PlanUser, len(ids))
	idx := make(map[string]int, len(ids))
	for i, id := range ids {
		u, ok := users[id]
		if !ok {
			u = User{ID: id, Settings: DefaultSettings()}
		}
		out[i] = PlanUser{User: u, Known: ok}
		idx[id] = i
	}
	// Each through its index and read from the table once: selecting the
	// ids first (id IN (…)) read each row twice and kept an ephemeral
	// table of the ids. UNION drops the second of a pair whose members are
	// both among ids.
	pairs, err := queryPlanPairs(ctx, tx, `SELECT `+planPairColumns+` FROM pairs WHERE status <> 'ended' AND `+match("mentor_id")+`
		UNION SELECT `+planPairColumns+` FROM pairs WHERE status <> 'ended' AND `+match("mentee_id")+` ORDER BY 1`, append(args, args...)...)
	if err != nil {
		return nil, fmt.Errorf("load pairs of people to plan: %w", err)
	}
	for _, p := range pairs {
		for _, m := range []string{p.MentorID, p.MenteeID} {
			if i, ok := idx[m]; ok {
				out[i].Pairs = append(out[i].Pairs, p)
			}
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+planGoalColumns+` FROM goals WHERE `+match("owner_id")+` AND status = 'open' AND due_on <> ''
		ORDER BY owner_id, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("load goals to plan: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g Goal
		var created int64
		if err := rows.Scan(&g.ID, &g.OwnerID, &g.DueOn, &g.Status, &created); err != nil {
			return nil, fmt.Errorf("load goals to plan: %w", err)
		}
		g.CreatedAt = fromUnix(created)
		if i, ok := idx[g.OwnerID]; ok {
			out[i].Goals = append(out[i].Goals, g)
		}
	}
	return out, rows.Err()
}

// ReconcileTx makes the notifications in scope match want, the plan (the
// rows of its slices, in order, as one list): rows
// the plan wants that do not exist are added; pending ones whose due or
// expiry time moved are updated; cancelled ones the plan wants again (and
// that have not expired) become pending again; pending ones the plan no
// longer wants are cancelled. Rows that are being sent, were sent, dropped
// or failed are left alone: a key is delivered at most once.
func ReconcileTx(ctx context.Context, tx *Tx, scope PlanScope, want ...[]Notification) (ReconcileStats, error) {
	// The plan may come in several slices (a chunk's plans, each its
	// own), read in order as one: copying a full re-plan's 1.1 million
	// rows into one slice a chunk was a tenth of what it allocated.
	rows := func(yield func(int, *Notification) bool) {
		i := 0
		for _, ws := range want {
			for j := range ws {
				if !yield(i, &ws[j]) {
					return
				}
				i++
			}
		}
	}
	total := 0
	for _, ws := range want {
		total += len(ws)
	}
	// A full re-plan reads about 1.1 million rows here, in the write
	// lock, nearly all of them wanted as they are. Each stored row is
	// looked up among the wanted keys (first of a key wins) and kept by
	// the wanted row's index: no map is built of the stored rows' keys,
	// and only the few unwanted pending ones are kept aside, to cancel.
	wanted := make(map[string]int, total)
	for i, n := range rows {
		if _, dup := wanted[n.Key]; !dup {
			wanted[n.Key] = i
		}
	}
	have := make([]plannedRow, total) // by index in want
	var unwanted []plannedRow
	var unwantedKeys []string
	err := loadPlanned(ctx, tx, scope, func(key string, r plannedRow) {
		if i, ok := wanted[key]; ok {
			r.stored = true
			have[i] = r
		} else if r.pending {
			unwanted, unwantedKeys = append(unwanted, r), append(unwantedKeys, key)
		}
	})
	if err != nil {
		return ReconcileStats{}, err
	}
	w := reconcileWrites{tx: tx}
	defer w.close()
	changed := scope.changedAt(tx.Now)
	var replaced map[subject]bool // worked out when first needed
	for i, n := range rows {
		if wanted[n.Key] != i {
			continue // a key wanted twice: the first counts
		}
		due, exp := unix(n.DueAt), unix(n.ExpiresAt)
		r := have[i]
		ok := r.stored
		var err error
		missed := scope.missed(n.DueAt, changed) && (!ok || !r.pending)
		if missed && !ok && len(unwanted) > 0 {
			// A row that takes the place of a pending one about the same
			// thing, cancelled here (a reminder at a new lead time, 26h
			// where 24h was, set 25h before), is not missed: the person
			// would otherwise get neither.
			if replaced == nil {
				if replaced, err = replacedSubjects(ctx, tx, unwanted, rows); err != nil {
					return w.st, err
				}
			}
			if s := subjectOf(*n); replaced[s] {
				missed = false
				delete(replaced, s) // one row in the place of the cancelled ones
			}
		}
		switch {
		case missed:
			// Its time had passed when it became wanted: not sent.
		case !ok:
			err = w.add(ctx, *n, due, exp)
		case r.pending && (r.due != due || r.exp != exp):
			err = w.retime(ctx, n.Key, r.id, due, exp)
		case !r.pending:
			err = w.revive(ctx, n.Key, r.id, due, exp)
		}
		if err != nil {
			return w.st, err
		}
	}
	for j, r := range unwanted {
		if err := w.cancel(ctx, unwantedKeys[j], r.id); err != nil {
			return w.st, err
		}
	}
	return w.st, nil
}

// subject is what a notification is about, whatever its time: a
// meeting's reminders at every lead time share one.
type subject struct {
	kind, recipient string
	pairID          int64
	ref             string
}

func subjectOf(n Notification) subject {
	return subject{n.Kind, n.RecipientID, n.PairID, n.Ref}
}

// replacedSubjects are the subjects of the pending rows among unwanted
// whose place no row of want still to come takes: the next of a
// subject's pending rows to go is cancelled, and no wanted row of that
// subject goes before it. A 1h reminder replaced by a 2h one is taken
// care of; a 24h one, due in an hour, where the new leads are 26h and 2h,
// is not.
func replacedSubjects(ctx context.Context, tx *Tx, unwanted []plannedRow, want iter.Seq2[int, *Notification]) (map[subject]bool, error) {
	next := map[subject]int64{} // the first pending row's time, by subject
	var ids []int64
	due := map[int64]int64{}
	for _, r := range unwanted {
		if r.pending {
			ids = append(ids, r.id)
			due[r.id] = r.due
		}
	}
	for chunk := range slices.Chunk(ids, 500) {
		q, err := tx.q.QueryContext(ctx, `SELECT id, kind, recipient_id, pair_id, ref FROM notifications WHERE id IN (`+placeholders(len(chunk))+`)`, anyArgs(chunk)...)
		if err != nil {
			return nil, fmt.Errorf("load replaced notifications: %w", err)
		}
		for q.Next() {
			var id int64
			var s subject
			if err := q.Scan(&id, &s.kind, &s.recipient, &s.pairID, &s.ref); err != nil {
				q.Close()
				return nil, fmt.Errorf("load replaced notifications: %w", err)
			}
			if t, seen := next[s]; !seen || due[id] < t {
				next[s] = due[id]
			}
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, fmt.Errorf("load replaced notifications: %w", err)
		}
	}
	now := unix(tx.Now)
	for _, n := range want {
		if t, ok := next[subjectOf(*n)]; ok && unix(n.DueAt) >= now && unix(n.DueAt) <= t {
			delete(next, subjectOf(*n))
		}
	}
	out := make(map[subject]bool, len(next))
	for s := range next {
		out[s] = true
	}
	return out, nil
}

// plannedRow is a notification in a re-plan's scope, as ReconcileTx
// compares it with the plan.
type plannedRow struct {
	id       int64
	pending  bool // or cancelled: nothing else is read
	due, exp int64
	stored   bool // false: the zero row, for a wanted key not stored
}

// loadPlanned passes to found, with its key, each pending notification
// in scope and each cancelled one that has not expired.
func loadPlanned(ctx context.Context, tx *Tx, scope PlanScope, found func(key string, r plannedRow)) error {
	// Pinned: without statistics SQLite would rather take the status
	// index for a long IN list, and read every pending notification.
	var index, where string
	var args []any
	switch {
	case len(scope.PairIDs) > 0:
		index, where, args = `notifications_pair`, `pair_id <> 0 AND pair_id IN (`+placeholders(len(scope.PairIDs))+`)`, anyArgs(scope.PairIDs)
	case len(scope.Recipients) > 0:
		// Through notifications_recipient, a few rows per person: a key
		// range from the first recipient's keys to the last one's spans
		// everybody in between, which for the two members of one pair is
		// most of the table.
		index, where, args = `notifications_recipient`, `pair_id = 0 AND recipient_id IN (`+placeholders(len(scope.Recipients))+`)`, anyArgs(scope.Recipients)
	default:
		index, where = `notifications_pair`, `pair_id <> 0 AND 0`
	}
	args = append(args, anyArgs(scope.Kinds)...)
	args = append(args, unix(tx.Now))
	// The status is read as a flag, not a string to allocate.
	rows, err := tx.q.QueryContext(ctx, `SELECT id, key, status = 'pending', due_at, expires_at FROM notifications INDEXED BY `+index+`
		WHERE `+where+` AND status IN ('pending', 'cancelled') AND kind IN (`+placeholders(len(scope.Kinds))+`) AND payload = ''
		AND (status = 'pending' OR expires_at > ?)`, args...)
	if err != nil {
		return fmt.Errorf("load planned notifications: %w", err)
	}
	for rows.Next() {
		var r plannedRow
		var key string
		if err := rows.Scan(&r.id, &key, &r.pending, &r.due, &r.exp); err != nil {
			rows.Close()
			return fmt.Errorf("load planned notifications: %w", err)
		}
		found(key, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load planned notifications: %w", err)
	}
	return nil
}

// changedAt is when the change being planned was made: ChangedAt, unless
// that is zero or after now.
func (l Late) changedAt(now time.Time) time.Time {
	if !l.ChangedAt.IsZero() && l.ChangedAt.Before(now) {
		return l.ChangedAt
	}
	return now
}

// missed reports whether a wanted row due at due, for a change made at
// changed, was missed for good if it is not pending: its time had passed
// (beyond LateGrace) and planning had looked past it already.
func (l Late) missed(due, changed time.Time) bool {
	return due.Before(changed.Add(-LateGrace)) && !due.After(l.PlannedThrough) && !l.PlannedThrough.IsZero()
}

// reconcileWrites are ReconcileTx's writes, each through a statement
// prepared the first time it is needed, and what they changed.
type reconcileWrites struct {
	tx                                          *Tx
	addStmt, retimeStmt, reviveStmt, cancelStmt *stmt
	st                                          ReconcileStats
}

// add inserts n, due at due and expiring at exp, unless its key exists.
func (w *reconcileWrites) add(ctx context.Context, n Notification, due, exp int64) error {
	if w.addStmt == nil {
		var err error
		if w.addStmt, err = prepare(ctx, w.tx, `INSERT INTO notifications (key, kind, recipient_id, pair_id, ref, due_at, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`); err != nil {
			return err
		}
	}
	k, err := w.addStmt.exec(ctx, n.Key, n.Kind, n.RecipientID, n.PairID, n.Ref, due, exp, unix(w.tx.Now))
	if err != nil {
		return fmt.Errorf("plan %s: %w", n.Key, err)
	}
	w.st.Added += int(k)
	return nil
}

// retime moves the pending row id (of key) to due and exp.
func (w *reconcileWrites) retime(ctx context.Context, key string, id, due, exp int64) error {
	if w.retimeStmt == nil {
		var err error
		if w.retimeStmt, err = prepare(ctx, w.tx, `UPDATE notifications SET due_at = ?, expires_at = ?, planned_at = 0 WHERE id = ? AND status = 'pending'`); err != nil {
			return err
		}
	}
	if _, err := w.retimeStmt.exec(ctx, due, exp, id); err != nil {
		return fmt.Errorf("re-time %s: %w", key, err)
	}
	w.st.Moved++
	return nil
}

// revive makes the cancelled row id (of key) pending again, due at due
// and expiring at exp.
func (w *reconcileWrites) revive(ctx context.Context, key string, id, due, exp int64) error {
	if w.reviveStmt == nil {
		var err error
		if w.reviveStmt, err = prepare(ctx, w.tx, `UPDATE notifications SET status = 'pending', due_at = ?, expires_at = ?, planned_at = 0, last_error = '', lease_locked = 0
			WHERE id = ? AND status = 'cancelled'`); err != nil {
			return err
		}
	}
	if _, err := w.reviveStmt.exec(ctx, due, exp, id); err != nil {
		return fmt.Errorf("revive %s: %w", key, err)
	}
	w.st.Revived++
	return nil
}

// cancel cancels the pending row id (of key) that the plan no longer
// wants.
func (w *reconcileWrites) cancel(ctx context.Context, key string, id int64) error {
	if w.cancelStmt == nil {
		var err error
		// One whose time to make sense has passed (after downtime) is left
		// to the dispatcher, which drops it and counts the drop, or looks
		// for it first when it may have gone (DropExpired).
		if w.cancelStmt, err = prepare(ctx, w.tx, `UPDATE notifications SET status = 'cancelled', last_error = 'no longer planned'
			WHERE id = ? AND status = 'pending' AND expires_at > ?`); err != nil {
			return err
		}
	}
	k, err := w.cancelStmt.exec(ctx, id, unix(w.tx.Now))
	if err != nil {
		return fmt.Errorf("cancel %s: %w", key, err)
	}
	w.st.Cancelled += int(k)
	return nil
}

// close closes the statements that were prepared.
func (w *reconcileWrites) close() {
	for _, s := range []*stmt{w.addStmt, w.retimeStmt, w.reviveStmt, w.cancelStmt} {
		s.close()
	}
}

// stmt is a statement prepared for one transaction; nil until first used.
type stmt struct{ s *sql.Stmt }

func prepare(ctx context.Context, tx *Tx, q string) (*stmt, error) {
	s, err := tx.q.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return &stmt{s: s}, nil
}

func (s *stmt) exec(ctx context.Context, args ...any) (int64, error) {
	res, err := s.s.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (s *stmt) close() {
	if s != nil {
		_ = s.s.Close()
	}
}

// MarkNudgeSent is MarkSent for a nudge (a follow-up, a goal reminder, a
// feedback prompt…): in the same commit it counts the nudge against its
// recipient's unanswered nudges, once per round (nudges that go, or were
// due, within round of the last counted one join it: one due then but
// sent late, after downtime or retries, is of that round). When that
// makes limit in a row, notice (the DM saying nudges stop, and how to turn
// them back on) is queued, for later: the last nudge needs time to be
// answered too; StopNudges, when the notice goes, stops them unless the
// person answered since. It reports whether the notice was queued. Marking
// a notification that is already sent changes nothing.
func (db *DB) MarkNudgeSent(ctx context.Context, n Notification, channel, ts string, limit int, round time.Duration, notice Notification) (bool, error) {
	queued := false
	err := db.InTx(ctx, func(tx *Tx) error {
		// A nudge Slack accepted just as its recipient asked to be
		// forgotten (Forget cancelled it while it went) is recorded as
		// sent, but not counted: Forget reset their count of unanswered
		// nudges, and a count put back would hold or stop their nudges
		// should they join again.
		var forgotten bool
		err := tx.q.QueryRowContext(ctx, `SELECT status = 'cancelled' AND last_error = ? FROM notifications WHERE id = ?`, NoteForgotten, n.ID).Scan(&forgotten)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("check whether notification %d was cancelled by a forget: %w", n.ID, err)
		}
		res, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'sent', channel = ?, ts = ?, sent_at = ?, lease_until = 0, last_error = ''
			WHERE id = ? AND status <> 'sent'`, channel, ts, unix(tx.Now), n.ID)
		if err != nil {
			return fmt.Errorf("mark notification %d sent: %w", n.ID, err)
		}
		if k, _ := res.RowsAffected(); k == 0 || forgotten {
			return nil
		}
		if err := ensureUserTx(ctx, tx, n.RecipientID); err != nil {
			return err
		}
		var count int
		var stoppedAt int64
		// A nudge due (or sent, if sooner) within round of the last
		// counted one joins its round.
		at := tx.Now
		if due := n.Planned(); due.Before(at) && !due.IsZero() {
			at = due
		}
		if err := tx.q.QueryRowContext(ctx, `UPDATE users SET
				unanswered_nudges = unanswered_nudges + (last_nudge_at <= ?),
				last_nudge_at = CASE WHEN last_nudge_at <= ? THEN ? ELSE last_nudge_at END
			WHERE user_id = ?
			RETURNING unanswered_nudges, nudges_stopped_at`, unix(at.Add(-round)), unix(at.Add(-round)), unix(tx.Now), n.RecipientID).Scan(&count, &stoppedAt); err != nil {
			return fmt.Errorf("count nudge to %s: %w", n.RecipientID, err)
		}
		// Exactly at the limit: one notice a run of unanswered rounds.
		if count != limit || stoppedAt != 0 || notice.Key == "" {
			return nil
		}
		if _, err := EnqueueTx(ctx, tx, notice); err != nil {
			return err
		}
		queued = true
		return nil
	})
	return queued, err
}

// StopNudges stops nudges to user when limit or more in a row went
// unanswered and they have not turned nudges off themselves: it records
// nudges_stopped_at and cancels their pending notifications of nudgeKinds.
// It reports whether nudges are stopped (now, or already).
func (db *DB) StopNudges(ctx context.Context, user string, limit int, nudgeKinds []string) (bool, error) {
	stopped := false
	err := db.InTx(ctx, func(tx *Tx) error {
		var count int
		var on bool
		var stoppedAt int64
		err := tx.q.QueryRowContext(ctx, `SELECT unanswered_nudges, nudges_on, nudges_stopped_at FROM users WHERE user_id = ?`, user).Scan(&count, &on, &stoppedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("stop nudges to %s: %w", user, err)
		}
		if stoppedAt != 0 {
			stopped = true
			return nil
		}
		if count < limit || !on {
			return nil
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE users SET nudges_stopped_at = ? WHERE user_id = ?`, unix(tx.Now), user); err != nil {
			return fmt.Errorf("stop nudges to %s: %w", user, err)
		}
		args := append(recipientArgs(user), anyArgs(nudgeKinds)...)
		if _, err := tx.q.ExecContext(ctx, stopNudgesSQL(len(nudgeKinds)), args...); err != nil {
			return fmt.Errorf("cancel nudges to %s: %w", user, err)
		}
		stopped = true
		return nil
	})
	return stopped, err
}

// LastPlanned is when planning last added a notification of kinds (zero
// when it never did): a full re-plan at start uses it to tell what was
// missed while the process was down from what was never wanted.
func (db *DB) LastPlanned(ctx context.Context, kinds []string) (time.Time, error) {
	var t sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT max(created_at) FROM notifications WHERE payload = '' AND kind IN (`+
		placeholders(len(kinds))+`)`, anyArgs(kinds)...).Scan(&t); err != nil {
		return time.Time{}, fmt.Errorf("last planned: %w", err)
	}
	return fromUnix(t.Int64), nil
}

// NoteBacklog is the queue's state for /metrics.
type NoteBacklog struct {
	Pending int // waiting, due or not
	Due     int // pending and due at the instant asked about: what is late
	Sending int // claimed by a dispatcher or waiting to retry
}

// NotificationBacklog counts the queue at now.
func (db *DB) NotificationBacklog(ctx context.Context, now time.Time) (NoteBacklog, error) {
	var b NoteBacklog
	err := db.read.QueryRowContext(ctx, `SELECT
			COALESCE(sum(status = 'pending'), 0),
			COALESCE(sum(status = 'pending' AND due_at <= ?), 0),
			COALESCE(sum(status = 'sending'), 0)
		FROM notifications WHERE status IN ('pending','sending')`, unix(now)).Scan(&b.Pending, &b.Due, &b.Sending)
	if err != nil {
		return NoteBacklog{}, fmt.Errorf("count notification backlog: %w", err)
	}
	return b, nil
}

// Dirty lists up to limit pairs and people whose planning inputs changed
// (see the plan_dirty triggers) and that have not been re-planned since.
func (db *DB) Dirty(ctx context.Context, limit int) (pairs []int64, users []string, err error) {
	rows, err := db.read.QueryContext(ctx, `SELECT kind, id FROM plan_dirty LIMIT ?`, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("list changed pairs and people: %w", err)
	}
	if pairs, users, err = scanDirty(rows); err != nil {
		return nil, nil, fmt.Errorf("list changed pairs and people: %w", err)
	}
	return pairs, users, nil
}

// ClearDirtyTx removes the re-plan marks of pairs and users: call it in
// the transaction that re-plans them.
func ClearDirtyTx(ctx context.Context, tx *Tx, pairs []int64, users []string) error {
	if len(pairs) > 0 {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM plan_dirty WHERE kind = 'pair' AND id IN (`+placeholders(len(pairs))+`)`, dirtyPairIDs(pairs)...); err != nil {
			return fmt.Errorf("clear re-plan marks: %w", err)
		}
	}
	if len(users) > 0 {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM plan_dirty WHERE kind = 'user' AND id IN (`+placeholders(len(users))+`)`, anyArgs(users)...); err != nil {
			return fmt.Errorf("clear re-plan marks: %w", err)
		}
	}
	return nil
}

// A PlanMark is what plan_until keeps of a stored plan: until when it
// holds, and what a full re-plan needs to tell, without reading the
// plan's rows, that it still stands: the instant it was made and a digest
// of what it wanted then (scheduler.Plan). Zero At or Digest: not known
// (stored by an older version).
type PlanMark struct {
	Until  time.Time
	At     time.Time
	Digest uint64
}

// stored is m as plan_until's columns; until -1 for no row.
func (m PlanMark) stored() planMarkRow {
	if m.Until.IsZero() {
		return planMarkRow{until: -1}
	}
	var at int64
	if !m.At.IsZero() {
		at = m.At.UnixNano()
	}
	return planMarkRow{until: unix(m.Until), at: at, digest: int64(m.Digest)}
}

type planMarkRow struct{ until, at, digest int64 }

func (r planMarkRow) mark() PlanMark {
	m := PlanMark{Until: fromUnix(r.until), Digest: uint64(r.digest)}
	if r.at != 0 {
		m.At = time.Unix(0, r.at).UTC()
	}
	return m
}

// SetPlanUntilTx records the marks of the plans just made for pairs and
// users (see migrations 5 and 32); a zero Until removes the record:
// nothing to plan until a change marks them. Call it in the transaction
// that stores the plans.
func SetPlanUntilTx(ctx context.Context, tx *Tx, pairs map[int64]PlanMark, users map[string]PlanMark) error {
	want := make(map[string]planMarkRow, len(pairs))
	for id, m := range pairs {
		want[strconv.FormatInt(id, 10)] = m.stored()
	}
	if err := setPlanUntil(ctx, tx, "pair", want); err != nil {
		return err
	}
	want = make(map[string]planMarkRow, len(users))
	for id, m := range users {
		want[id] = m.stored()
	}
	return setPlanUntil(ctx, tx, "user", want)
}

// PairPlanMarks reads the marks of the stored plans of pairs ids; those
// with none are not in the map.
func (db *DB) PairPlanMarks(ctx context.Context, ids []int64) (map[int64]PlanMark, error) {
	text := make([]string, len(ids))
	for i, id := range ids {
		text[i] = strconv.FormatInt(id, 10)
	}
	have, err := planMarks(ctx, db.read, "pair", text)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]PlanMark, len(have))
	for i, id := range text {
		if r, ok := have[id]; ok {
			out[ids[i]] = r.mark()
		}
	}
	return out, nil
}

// UserPlanMarksRun is PairPlanMarks for people ids, a run of the sorted
// list of everybody planned (a full re-plan's chunk): read as the range
// from the first to the last, one seek rather than one a person. Nearly
// everybody in the range is planned; the others are left out.
func (db *DB) UserPlanMarksRun(ctx context.Context, ids []string) (map[string]PlanMark, error) {
	out := make(map[string]PlanMark, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	have, err := queryPlanMarks(ctx, db.read, "user", len(ids), `kind = 'user' AND id BETWEEN ? AND ?`, slices.Min(ids), slices.Max(ids))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if r, ok := have[id]; ok {
			out[id] = r.mark()
		}
	}
	return out, nil
}

// planMarks reads the marks of the plans of ids of kind, by id.
func planMarks(ctx context.Context, q sqlQuerier, kind string, ids []string) (map[string]planMarkRow, error) {
	if len(ids) == 0 {
		return map[string]planMarkRow{}, nil
	}
	return queryPlanMarks(ctx, q, kind, len(ids), `kind = ? AND id IN (`+placeholders(len(ids))+`)`, append([]any{kind}, anyArgs(ids)...)...)
}

// queryPlanMarks reads the marks of the plans of kind that where finds,
// for n of them.
func queryPlanMarks(ctx context.Context, q sqlQuerier, kind string, n int, where string, args ...any) (map[string]planMarkRow, error) {
	have := make(map[string]planMarkRow, n)
	rows, err := q.QueryContext(ctx, `SELECT id, until, planned_at, digest FROM plan_until WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read the marks of the plans of %d %ss: %w", n, kind, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var r planMarkRow
		if err := rows.Scan(&id, &r.until, &r.at, &r.digest); err != nil {
			return nil, fmt.Errorf("read the marks of the plans of %d %ss: %w", n, kind, err)
		}
		have[id] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the marks of the plans of %d %ss: %w", n, kind, err)
	}
	return have, nil
}

// setPlanUntil stores the marks in want (until -1: no row) for the ids of
// kind, writing only what differs from what is stored: a full re-plan
// finds nearly every plan holding until when it did, and rewriting
// 300,000 unchanged rows was a third of its writer's time.
func setPlanUntil(ctx context.Context, tx *Tx, kind string, want map[string]planMarkRow) error {
	if len(want) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(want))
	have, err := planMarks(ctx, tx.q, kind, ids)
	if err != nil {
		return err
	}
	var set, del *stmt
	defer func() { set.close(); del.close() }()
	for _, id := range ids {
		m := want[id]
		was, ok := have[id]
		if !ok {
			was = planMarkRow{until: -1}
		}
		switch {
		case m == was || m.until < 0 && was.until < 0:
			continue
		case m.until < 0:
			if del == nil {
				if del, err = prepare(ctx, tx, `DELETE FROM plan_until WHERE kind = ? AND id = ?`); err != nil {
					return err
				}
			}
			_, err = del.exec(ctx, kind, id)
		default:
			if set == nil {
				if set, err = prepare(ctx, tx, `INSERT INTO plan_until (kind, id, until, planned_at, digest) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (kind, id) DO UPDATE SET until = excluded.until, planned_at = excluded.planned_at, digest = excluded.digest`); err != nil {
					return err
				}
			}
			_, err = set.exec(ctx, kind, id, m.until, m.at, m.digest)
		}
		if err != nil {
			return fmt.Errorf("record until when the plan of %s %s holds: %w", kind, id, err)
		}
	}
	return nil
}

// PlanDue lists what the daily re-plan visits at now: the pairs and
// people whose plan ran out by now (plan_until), those marked changed
// (plan_dirty), and those with a notification of the planned kinds still
// pending after its time, which planning at now may no longer want (after
// downtime, of a meeting's reminders only the latest goes). Everything
// else is planned already as a full re-plan would plan it.
func (db *DB) PlanDue(ctx context.Context, now time.Time, pairKinds, userKinds []string) (pairs []int64, users []string, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		rows, err := q.QueryContext(ctx, `SELECT kind, id FROM plan_until WHERE kind = 'pair' AND until <= ?
			UNION SELECT kind, id FROM plan_until WHERE kind = 'user' AND until <= ?
			UNION SELECT kind, id FROM plan_dirty`, unix(now), unix(now))
		if err != nil {
			return err
		}
		if pairs, users, err = scanDirty(rows); err != nil {
			return err
		}
		latePairs, lateUsers, err := lateOwners(ctx, q, now, pairKinds, userKinds)
		pairs, users = append(pairs, latePairs...), append(users, lateUsers...)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list plans that ran out: %w", err)
	}
	slices.Sort(pairs)
	slices.Sort(users)
	return slices.Compact(pairs), slices.Compact(users), nil
}

// LateOwners lists the pairs and people with planned notifications of the
// kinds given still pending after their time: after downtime, their plans
// say which of them still go (of a meeting's reminders, only the latest).
func (db *DB) LateOwners(ctx context.Context, now time.Time, pairKinds, userKinds []string) (pairs []int64, users []string, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		pairs, users, err = lateOwners(ctx, q, now, pairKinds, userKinds)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("list plans with notifications pending after their time: %w", err)
	}
	return pairs, users, nil
}

func lateOwners(ctx context.Context, q sqlQuerier, now time.Time, pairKinds, userKinds []string) ([]int64, []string, error) {
	// Through notifications_due: what is pending and due is the
	// dispatcher's backlog, a few rows when it keeps up.
	late := func(kinds []string, col string) (*sql.Rows, error) {
		return q.QueryContext(ctx, `SELECT DISTINCT `+col+` FROM notifications INDEXED BY notifications_due
			WHERE status = 'pending' AND due_at <= ? AND payload = '' AND kind IN (`+placeholders(len(kinds))+`)`,
			append([]any{unix(now)}, anyArgs(kinds)...)...)
	}
	rows, err := late(pairKinds, "pair_id")
	if err != nil {
		return nil, nil, err
	}
	pairs, err := collect(rows, func(s scanner) (id int64, err error) { return id, s.Scan(&id) })
	if err != nil {
		return nil, nil, err
	}
	if rows, err = late(userKinds, "recipient_id"); err != nil {
		return nil, nil, err
	}
	users, err := collect(rows, func(s scanner) (id string, err error) { return id, s.Scan(&id) })
	return pairs, users, err
}

// PlanState is what the scheduler remembers across restarts about its
// last full plan.
type PlanState struct {
	FullAt time.Time // when the last full plan finished planning ("now" of its start)
	Config string    // the configuration it planned with
}

// PlanState reads the scheduler's state; the zero PlanState when no full
// plan has run.
func (db *DB) PlanState(ctx context.Context) (PlanState, error) {
	var st PlanState
	rows, err := db.read.QueryContext(ctx, `SELECT name, value FROM scheduler_state WHERE name IN ('full_plan_at', 'config')`)
	if err != nil {
		return st, fmt.Errorf("read scheduler state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return st, fmt.Errorf("read scheduler state: %w", err)
		}
		switch name {
		case "full_plan_at":
			if n, err := strconv.ParseInt(value, 10, 64); err == nil {
				st.FullAt = fromUnix(n)
			}
		case "config":
			st.Config = value
		}
	}
	return st, rows.Err()
}

// SetPlanState records a full plan.
func (db *DB) SetPlanState(ctx context.Context, st PlanState) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO scheduler_state (name, value) VALUES ('full_plan_at', ?), ('config', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, strconv.FormatInt(unix(st.FullAt), 10), st.Config)
		if err != nil {
			return fmt.Errorf("save scheduler state: %w", err)
		}
		return nil
	})
}
