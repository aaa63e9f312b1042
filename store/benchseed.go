package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// What `mentorbot bench` needs of the database beyond the bot's own
// methods: a new database filled with a large programme's history in
// seconds (100,000 pairs through the per-pair methods would take hours),
// a day's sending without a dispatcher, and the floor it measures the bot
// against. The bot never calls these.

// DroppedIndexes are the secondary indexes DropIndexes dropped, for
// RebuildIndexes.
type DroppedIndexes struct {
	defs []string // their CREATE INDEX statements
}

// DropIndexes drops the database's secondary indexes ahead of a bulk load
// (Seed); RebuildIndexes builds them again at its end. Building an index
// from the finished table is many times faster than growing it row by
// row.
func (db *DB) DropIndexes(ctx context.Context) (DroppedIndexes, error) {
	var d DroppedIndexes
	err := db.InTx(ctx, func(tx *Tx) error {
		rows, err := tx.q.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
		if err != nil {
			return err
		}
		var names []string
		for rows.Next() {
			var name, def string
			if err := rows.Scan(&name, &def); err != nil {
				rows.Close()
				return err
			}
			names, d.defs = append(names, name), append(d.defs, def)
		}
		rows.Close()
		for _, n := range names {
			// Past the statement cache: run once.
			if _, err := tx.q.Tx.ExecContext(ctx, `DROP INDEX `+n); err != nil {
				return fmt.Errorf("drop index %s: %w", n, err)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return DroppedIndexes{}, err
	}
	return d, nil
}

// RebuildIndexes builds again the indexes DropIndexes dropped.
func (db *DB) RebuildIndexes(ctx context.Context, d DroppedIndexes) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, seedCacheSize); err != nil {
			return err
		}
		for _, def := range d.defs {
			if _, err := tx.q.Tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("%s: %w", def, err)
			}
		}
		return nil
	})
}

// seedCacheSize gives the writer's only connection a larger page cache
// for a bulk load; it goes with the connection.
const seedCacheSize = `PRAGMA cache_size = -65536`

// Seed runs fn in one write transaction, in which fn adds rows through the
// Seeder, and reports how many rows it added. The rows are written as
// given, ids included, with no check beyond the schema's: it is for
// filling a new database (the bench), not for the bot. Rows may refer to
// rows of another Seed's transaction: foreign keys are checked at commit.
func (db *DB) Seed(ctx context.Context, fn func(*Seeder) error) (rows int64, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, seedCacheSize); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		s := &Seeder{ctx: ctx, tx: tx, tables: map[string]*seedTable{}}
		defer s.close()
		if err := fn(s); err != nil {
			return err
		}
		err := s.flush()
		rows = s.rows
		return err
	})
	return rows, err
}

// Seeder batches the rows of a Seed per table into multi-row INSERTs,
// each prepared once per transaction for the full batch size.
type Seeder struct {
	ctx    context.Context
	tx     *Tx
	tables map[string]*seedTable
	order  []*seedTable // by first use
	rows   int64
}

type seedTable struct {
	name  string
	head  string // INSERT INTO t (cols) VALUES
	ncols int
	args  []any
	n     int
	stmt  *sql.Stmt
	last  []any // each column's last value boxed by str
}

// seedBatch is how many rows one INSERT carries.
const seedBatch = 256

// User adds u's row: its ID, Name, RealName, TZ, DMChannel, FetchedAt
// and LastActiveAt.
func (s *Seeder) User(u User) error {
	t := s.table("users", "user_id, name, real_name, tz, dm_channel, fetched_at, last_active_at")
	return s.add(t, u.ID, u.Name, u.RealName, t.str(3, u.TZ), u.DMChannel, unix(u.FetchedAt), unix(u.LastActiveAt))
}

// Pair adds p's row: its ID, MentorID, MenteeID, Status, CreatedBy and
// CreatedAt.
func (s *Seeder) Pair(p Pair) error {
	t := s.table("pairs", "id, mentor_id, mentee_id, status, created_by, created_at")
	return s.add(t, p.ID, p.MentorID, p.MenteeID, t.str(3, p.Status), t.str(4, p.CreatedBy), unix(p.CreatedAt))
}

// Goal adds g's row, ID included.
func (s *Seeder) Goal(g Goal) error {
	t := s.table("goals", "id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at")
	return s.add(t, g.ID, t.str(1, g.OwnerID), t.str(2, g.Text), t.str(3, g.Measure), t.str(4, g.Why), t.str(5, g.DueOn), t.str(6, g.Status), g.Progress,
		unix(g.CreatedAt), unix(g.UpdatedAt), unix(g.ClosedAt))
}

// GoalProgress adds p's row; its ID is the database's.
func (s *Seeder) GoalProgress(p GoalProgress) error {
	t := s.table("goal_progress", "goal_id, percent, note, by_user, at")
	return s.add(t, p.GoalID, p.Percent, t.str(2, p.Note), t.str(3, p.ByUser), unix(p.At))
}

// Schedule adds sc's row.
func (s *Seeder) Schedule(sc Schedule) error {
	t := s.table("schedules", "pair_id, rule, duration_min, set_by, set_at")
	return s.add(t, sc.PairID, sc.Rule, int(sc.Duration/time.Minute), sc.SetBy, unix(sc.SetAt))
}

// MeetingSkip adds the skip of pairID's meeting at startsAt, by by at at.
func (s *Seeder) MeetingSkip(pairID int64, startsAt time.Time, by string, at time.Time) error {
	t := s.table("meeting_skips", "pair_id, starts_at, skipped_by, skipped_at")
	return s.add(t, pairID, unix(startsAt), by, unix(at))
}

// Session adds se's row, ID included, as the pair's n-th session (its
// Todos and Covered are not written: add them on their own).
func (s *Seeder) Session(se Session, n int) error {
	t := s.table("sessions", "id, pair_id, n, held_on, meeting_at, notes, logged_by, created_at")
	return s.add(t, se.ID, se.PairID, n, se.HeldOn, unix(se.MeetingAt), t.str(5, se.Notes), t.str(6, se.LoggedBy), unix(se.CreatedAt))
}

// Todo adds td's row, ID included.
func (s *Seeder) Todo(td Todo) error {
	t := s.table("todos", "id, pair_id, session_id, owner_id, text, status, created_at, done_at, done_by")
	return s.add(t, td.ID, td.PairID, td.SessionID, t.str(3, td.OwnerID), t.str(4, td.Text), t.str(5, td.Status),
		unix(td.CreatedAt), unix(td.DoneAt), t.str(8, td.DoneBy))
}

// AgendaItem adds a's row; its ID is the database's.
func (s *Seeder) AgendaItem(a AgendaItem) error {
	var session any // NULL while open
	if a.SessionID != 0 {
		session = a.SessionID
	}
	t := s.table("agenda_items", "pair_id, author_id, text, meeting_at, status, session_id, created_at")
	return s.add(t, a.PairID, t.str(1, a.AuthorID), t.str(2, a.Text), unix(a.MeetingAt), t.str(4, a.Status), session, unix(a.CreatedAt))
}

// Feedback adds f's row; its ID is the database's.
func (s *Seeder) Feedback(f Feedback) error {
	t := s.table("feedback", "pair_id, from_id, to_id, kind, rating, fit, text, created_at")
	return s.add(t, f.PairID, f.FromID, f.ToID, t.str(3, f.Kind), f.Rating, t.str(5, f.Fit), t.str(6, f.Text), unix(f.CreatedAt))
}

// Notification adds n's row: its Key, Kind, RecipientID, PairID, Ref,
// DueAt, ExpiresAt, Status, Attempts, Channel, TS, CreatedAt and SentAt.
func (s *Seeder) Notification(n Notification) error {
	t := s.table("notifications", "key, kind, recipient_id, pair_id, ref, due_at, expires_at, status, attempts, channel, ts, created_at, sent_at")
	return s.add(t, n.Key, t.str(1, n.Kind), t.str(2, n.RecipientID), n.PairID, t.str(4, n.Ref), unix(n.DueAt), unix(n.ExpiresAt),
		t.str(7, n.Status), n.Attempts, t.str(9, n.Channel), n.TS, unix(n.CreatedAt), unix(n.SentAt))
}

// table is name's batch, begun at its first use.
func (s *Seeder) table(name, cols string) *seedTable {
	t, ok := s.tables[name]
	if !ok {
		ncols := strings.Count(cols, ",") + 1
		t = &seedTable{name: name, head: "INSERT INTO " + name + " (" + cols + ") VALUES ", ncols: ncols, last: make([]any, ncols)}
		s.tables[name] = t
		s.order = append(s.order, t)
	}
	return t
}

// str boxes v, the row's i-th value, for the INSERT's arguments, reusing
// the box of the column's last value when v is the same. Most columns
// repeat a few values (a status, a kind, a text); boxing each anew was a
// tenth of the seeding's allocations.
func (t *seedTable) str(i int, v string) any {
	if last, ok := t.last[i].(string); ok && last == v {
		return t.last[i]
	}
	b := any(v)
	t.last[i] = b
	return b
}

func (s *Seeder) add(t *seedTable, vals ...any) error {
	t.args = append(t.args, vals...)
	t.n++
	s.rows++
	if t.n < seedBatch {
		return nil
	}
	// Its parents first (the tables first used before it), so that no
	// row waits for its parent: an outstanding foreign-key violation
	// makes SQLite scan the child table at each parent insert.
	for _, p := range s.order {
		if p == t {
			break
		}
		if err := s.flushTable(p); err != nil {
			return err
		}
	}
	return s.flushTable(t)
}

func (t *seedTable) query(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", t.ncols), ",") + ")"
	return t.head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

func (s *Seeder) flushTable(t *seedTable) error {
	if t.n == 0 {
		return nil
	}
	var err error
	if t.n == seedBatch {
		if t.stmt == nil {
			if t.stmt, err = s.tx.q.Tx.PrepareContext(s.ctx, t.query(seedBatch)); err != nil {
				return err
			}
		}
		_, err = t.stmt.ExecContext(s.ctx, t.args...)
	} else {
		// Past the statement cache: these shapes are one-offs.
		_, err = s.tx.q.Tx.ExecContext(s.ctx, t.query(t.n), t.args...)
	}
	t.args, t.n = t.args[:0], 0
	if err != nil {
		return fmt.Errorf("insert into %s: %w", t.name, err)
	}
	return nil
}

// flush writes what is batched, parents before children.
func (s *Seeder) flush() error {
	for _, t := range s.order {
		if err := s.flushTable(t); err != nil {
			return err
		}
	}
	return nil
}

func (s *Seeder) close() {
	for _, t := range s.tables {
		if t.stmt != nil {
			_ = t.stmt.Close()
		}
	}
}

// MarkSentUntil marks every pending notification due by until as sent at
// its due time, as a dispatcher that kept up would have: the bench's day
// of sending, without Slack.
func (db *DB) MarkSentUntil(ctx context.Context, until time.Time) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `UPDATE notifications SET status = 'sent', sent_at = due_at WHERE status = 'pending' AND due_at <= ?`, unix(until))
		return err
	})
}

// FloorInsert writes the i-th row of the bench's floor, a bare insert into
// a small table in a write transaction of its own; DeleteFloorRows removes
// them all.
func (db *DB) FloorInsert(ctx context.Context, i int) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `INSERT INTO topics(name) VALUES (?)`, fmt.Sprintf("bench-floor-%d", i))
		return err
	})
}

// DeleteFloorRows removes the rows FloorInsert wrote.
func (db *DB) DeleteFloorRows(ctx context.Context) error {
	return db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.q.ExecContext(ctx, `DELETE FROM topics WHERE name LIKE 'bench-floor-%'`)
		return err
	})
}
