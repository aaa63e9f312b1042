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
	order  []string // the tables by first use
	rows   int64
}

type seedTable struct {
	head  string // INSERT INTO t (cols) VALUES
	ncols int
	args  []any
	n     int
	stmt  *sql.Stmt
}

// seedBatch is how many rows one INSERT carries.
const seedBatch = 256

// User adds u's row: its ID, Name, RealName, TZ, DMChannel, FetchedAt
// and LastActiveAt.
func (s *Seeder) User(u User) error {
	return s.add("users", "user_id, name, real_name, tz, dm_channel, fetched_at, last_active_at",
		u.ID, u.Name, u.RealName, u.TZ, u.DMChannel, unix(u.FetchedAt), unix(u.LastActiveAt))
}

// Pair adds p's row: its ID, MentorID, MenteeID, Status, CreatedBy and
// CreatedAt.
func (s *Seeder) Pair(p Pair) error {
	return s.add("pairs", "id, mentor_id, mentee_id, status, created_by, created_at",
		p.ID, p.MentorID, p.MenteeID, p.Status, p.CreatedBy, unix(p.CreatedAt))
}

// Goal adds g's row, ID included.
func (s *Seeder) Goal(g Goal) error {
	return s.add("goals", "id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at",
		g.ID, g.OwnerID, g.Text, g.Measure, g.Why, g.DueOn, g.Status, g.Progress, unix(g.CreatedAt), unix(g.UpdatedAt), unix(g.ClosedAt))
}

// GoalProgress adds p's row; its ID is the database's.
func (s *Seeder) GoalProgress(p GoalProgress) error {
	return s.add("goal_progress", "goal_id, percent, note, by_user, at", p.GoalID, p.Percent, p.Note, p.ByUser, unix(p.At))
}

// Schedule adds sc's row.
func (s *Seeder) Schedule(sc Schedule) error {
	return s.add("schedules", "pair_id, rule, duration_min, set_by, set_at",
		sc.PairID, sc.Rule, int(sc.Duration/time.Minute), sc.SetBy, unix(sc.SetAt))
}

// MeetingSkip adds the skip of pairID's meeting at startsAt, by by at at.
func (s *Seeder) MeetingSkip(pairID int64, startsAt time.Time, by string, at time.Time) error {
	return s.add("meeting_skips", "pair_id, starts_at, skipped_by, skipped_at", pairID, unix(startsAt), by, unix(at))
}

// Session adds se's row, ID included, as the pair's n-th session (its
// Todos and Covered are not written: add them on their own).
func (s *Seeder) Session(se Session, n int) error {
	return s.add("sessions", "id, pair_id, n, held_on, meeting_at, notes, logged_by, created_at",
		se.ID, se.PairID, n, se.HeldOn, unix(se.MeetingAt), se.Notes, se.LoggedBy, unix(se.CreatedAt))
}

// Todo adds t's row, ID included.
func (s *Seeder) Todo(t Todo) error {
	return s.add("todos", "id, pair_id, session_id, owner_id, text, status, created_at, done_at, done_by",
		t.ID, t.PairID, t.SessionID, t.OwnerID, t.Text, t.Status, unix(t.CreatedAt), unix(t.DoneAt), t.DoneBy)
}

// AgendaItem adds a's row; its ID is the database's.
func (s *Seeder) AgendaItem(a AgendaItem) error {
	var session any // NULL while open
	if a.SessionID != 0 {
		session = a.SessionID
	}
	return s.add("agenda_items", "pair_id, author_id, text, meeting_at, status, session_id, created_at",
		a.PairID, a.AuthorID, a.Text, unix(a.MeetingAt), a.Status, session, unix(a.CreatedAt))
}

// Feedback adds f's row; its ID is the database's.
func (s *Seeder) Feedback(f Feedback) error {
	return s.add("feedback", "pair_id, from_id, to_id, kind, rating, fit, text, created_at",
		f.PairID, f.FromID, f.ToID, f.Kind, f.Rating, f.Fit, f.Text, unix(f.CreatedAt))
}

// Notification adds n's row: its Key, Kind, RecipientID, PairID, Ref,
// DueAt, ExpiresAt, Status, Attempts, Channel, TS, CreatedAt and SentAt.
func (s *Seeder) Notification(n Notification) error {
	return s.add("notifications", "key, kind, recipient_id, pair_id, ref, due_at, expires_at, status, attempts, channel, ts, created_at, sent_at",
		n.Key, n.Kind, n.RecipientID, n.PairID, n.Ref, unix(n.DueAt), unix(n.ExpiresAt), n.Status, n.Attempts, n.Channel, n.TS,
		unix(n.CreatedAt), unix(n.SentAt))
}

func (s *Seeder) add(table, cols string, vals ...any) error {
	t, ok := s.tables[table]
	if !ok {
		t = &seedTable{head: "INSERT INTO " + table + " (" + cols + ") VALUES ", ncols: len(vals)}
		s.tables[table] = t
		s.order = append(s.order, table)
	}
	t.args = append(t.args, vals...)
	t.n++
	s.rows++
	if t.n < seedBatch {
		return nil
	}
	// Its parents first (the tables first used before it), so that no
	// row waits for its parent: an outstanding foreign-key violation
	// makes SQLite scan the child table at each parent insert.
	for _, name := range s.order {
		if name == table {
			break
		}
		if err := s.flushTable(s.tables[name]); err != nil {
			return fmt.Errorf("insert into %s: %w", name, err)
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
	return err
}

// flush writes what is batched, parents before children.
func (s *Seeder) flush() error {
	for _, name := range s.order {
		if err := s.flushTable(s.tables[name]); err != nil {
			return fmt.Errorf("insert into %s: %w", name, err)
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
