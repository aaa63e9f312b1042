package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/store"
)

// seedSpec says what seedBench writes.
type seedSpec struct {
	Pairs int
	Now   time.Time // the programme's "now": history ends here
	// History is how far back the pairs go (a year for the main run);
	// NoteWeeks how many of its last weeks of sent notifications are kept.
	History   time.Duration
	NoteWeeks int
	// Zones are the members' time zones, each pair in one, by share.
	Zones []zoneShare
	// NoSchedules leaves the pairs without meetings (the fan-out and burst
	// runs, where only the DMs under test may fall due).
	NoSchedules bool
	// PoolEvery: every PoolEvery-th pair is remembered for the command mix.
	PoolEvery int
}

type zoneShare struct {
	Zone  string
	Share int
}

// benchZones is where a large programme's people are.
var benchZones = []zoneShare{
	{"Europe/Berlin", 30}, {"America/New_York", 25}, {"America/Los_Angeles", 15},
	{"Europe/London", 12}, {"Asia/Kolkata", 12}, {"Asia/Tokyo", 6},
}

// poolPair is a seeded pair the command mix acts in, with the numbers its
// commands need.
type poolPair struct {
	Mentor, Mentee string
	OpenGoal       int64   // open, no date: /goal progress
	SpareGoal      int64   // open: one /goal done
	OpenTodos      []int64 // /session done, one each
}

// seedResult is what the seeding wrote.
type seedResult struct {
	People []string
	Pool   []poolPair
	Rows   int64
}

func mentorID(i int) string { return fmt.Sprintf("UM%06d", i) }
func menteeID(i int) string { return fmt.Sprintf("UE%06d", i) }

// seedBench writes spec's pairs with their history into a new database at
// path, in large transactions of multi-row INSERTs (through store's InTx,
// not per-pair methods: 100,000 pairs take seconds, not hours). Everything
// is derived from the pair's number, so runs are reproducible.
func seedBench(ctx context.Context, path string, spec seedSpec) (seedResult, error) {
	var res seedResult
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return res, err
	}
	defer db.Close()
	zones := make([]string, 0, 100)
	locs := map[string]*time.Location{}
	for _, z := range spec.Zones {
		loc, err := time.LoadLocation(z.Zone)
		if err != nil {
			return res, fmt.Errorf("seed: %w", err)
		}
		locs[z.Zone] = loc
		for range z.Share {
			zones = append(zones, z.Zone)
		}
	}
	// Secondary indexes are dropped while seeding and built again at the
	// end from their own definitions: building an index from sorted data
	// is many times faster than growing it row by row.
	var indexes []string
	err = db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
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
			names, indexes = append(names, name), append(indexes, def)
		}
		rows.Close()
		for _, n := range names {
			if _, err := tx.Tx.ExecContext(ctx, `DROP INDEX `+n); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return res, fmt.Errorf("seed: drop indexes: %w", err)
	}
	rules := map[string]seedRule{}
	var goalID, sessionID, todoID int64
	const chunk = 2000
	for start := 0; start < spec.Pairs; start += chunk {
		end := min(start+chunk, spec.Pairs)
		err := db.InTx(ctx, func(tx *store.Tx) error {
			// The writer's only connection: a larger page cache for the
			// seeding, dropped with the connection.
			if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
				return err
			}
			// Rows refer to rows of other batches: check at commit.
			if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
				return err
			}
			w := newSeedWriter(ctx, tx)
			defer w.close()
			for i := start; i < end; i++ {
				zone := zones[(i*7)%len(zones)]
				p := seedPair{i: i, id: int64(i + 1), mentor: mentorID(i), mentee: menteeID(i), zone: zone, loc: locs[zone]}
				if err := w.pair(spec, p, rules, &goalID, &sessionID, &todoID, &res); err != nil {
					return err
				}
			}
			err := w.flush()
			res.Rows += w.rows
			return err
		})
		if err != nil {
			return res, fmt.Errorf("seed pairs %d–%d: %w", start, end, err)
		}
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -65536`); err != nil {
			return err
		}
		for _, def := range indexes {
			if _, err := tx.Tx.ExecContext(ctx, def); err != nil {
				return fmt.Errorf("%s: %w", def, err)
			}
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("seed: build indexes: %w", err)
	}
	return res, nil
}

type seedPair struct {
	i              int
	id             int64
	mentor, mentee string
	zone           string
	loc            *time.Location
}

// seedRule is a meeting rule with its occurrences over the history.
type seedRule struct {
	enc string
	occ []time.Time
}

var (
	seedDays    = []string{"mon", "tue", "wed", "thu", "fri"}
	seedCadence = []string{"biweekly", "monthly first", "biweekly", "monthly second", "weekly", "biweekly", "monthly third", "biweekly", "monthly last", "biweekly"}
)

func (w *seedWriter) pair(spec seedSpec, p seedPair, rules map[string]seedRule, goalID, sessionID, todoID *int64, res *seedResult) error {
	now := spec.Now
	created := now.Add(-spec.History).Add(-time.Duration(p.i%97) * time.Hour)
	if spec.History == 0 {
		created = now.Add(-24 * time.Hour)
	}
	dm := func(u string) string { return "D" + u }
	for _, u := range []string{p.mentor, p.mentee} {
		name := strings.ToLower(u)
		if err := w.add("users", "user_id, name, real_name, tz, dm_channel, fetched_at, last_active_at",
			u, name, "Person "+u[1:], p.zone, dm(u), now.Unix(), now.Add(-time.Duration(p.i%200)*time.Hour).Unix()); err != nil {
			return err
		}
		res.People = append(res.People, u)
	}
	if err := w.add("pairs", "id, mentor_id, mentee_id, status, created_by, created_at", p.id, p.mentor, p.mentee, "active", "UBENCHADMIN", created.Unix()); err != nil {
		return err
	}
	pool := spec.PoolEvery > 0 && p.i%spec.PoolEvery == 0
	var pp poolPair
	if pool {
		pp = poolPair{Mentor: p.mentor, Mentee: p.mentee}
	}

	// Goals: two done, one with a date ahead, one without, one spare.
	goals := []struct {
		text, due, status string
		progress          int
		age               time.Duration
	}{
		{"Give a talk at the internal tech day", "", "done", 100, 300 * 24 * time.Hour},
		{"Ship the on-call runbook for the payments service", "", "done", 100, 200 * 24 * time.Hour},
		{"Lead the design review of the new billing pipeline by the end of the quarter", now.AddDate(0, 2, p.i%28).Format("2006-01-02"), "open", 40, 90 * 24 * time.Hour},
		{"Read two books on distributed systems and share notes", "", "open", 30, 60 * 24 * time.Hour},
		{"Pair with three other teams for a day each", "", "open", 0, 20 * 24 * time.Hour},
	}
	for gi, g := range goals {
		*goalID++
		at := maxT(created, now.Add(-g.age))
		closed := int64(0)
		if g.status == "done" {
			closed = at.Add(45 * 24 * time.Hour).Unix()
		}
		if err := w.add("goals", "id, owner_id, text, measure, why, due_on, status, progress, created_at, updated_at, closed_at",
			*goalID, p.mentee, g.text, "a date and a number", "it is what the next level asks for", g.due, g.status, g.progress,
			at.Unix(), at.Add(24*time.Hour).Unix(), closed); err != nil {
			return err
		}
		for k := 1; k <= 3 && g.progress > 0; k++ {
			if err := w.add("goal_progress", "goal_id, percent, note, by_user, at", *goalID, g.progress*k/3, "step "+fmt.Sprint(k), p.mentee,
				at.Add(time.Duration(k)*7*24*time.Hour).Unix()); err != nil {
				return err
			}
		}
		if pool && gi == 3 {
			pp.OpenGoal = *goalID
		}
		if pool && gi == 4 {
			pp.SpareGoal = *goalID
		}
	}
	if spec.NoSchedules {
		if pool {
			res.Pool = append(res.Pool, pp)
		}
		return nil
	}

	// The meeting rule and its occurrences over the history (shared by
	// the pairs with the same rule, so computed once).
	when := fmt.Sprintf("%s %s %d:%02d", seedCadence[p.i%len(seedCadence)], seedDays[(p.i/3)%5], 9+(p.i/7)%8, 30*((p.i/11)%2))
	rk := when + "|" + p.zone
	r, ok := rules[rk]
	if !ok {
		rule, _, err := cadence.ParseMeet(when, p.loc, now.Add(-spec.History-5*24*time.Hour))
		if err != nil {
			return fmt.Errorf("rule %q: %w", when, err)
		}
		r = seedRule{enc: rule.Encode(), occ: rule.Between(now.Add(-spec.History-4*24*time.Hour), now)}
		rules[rk] = r
	}
	if err := w.add("schedules", "pair_id, rule, duration_min, set_by, set_at", p.id, r.enc, 30, p.mentor, created.Unix()); err != nil {
		return err
	}
	// Of the meetings since the pair began: two skipped, most logged
	// (notes, one or two to-dos, an agenda item covered), some not.
	var held []time.Time
	skips := 0
	for k, at := range r.occ {
		if at.Before(created) {
			continue
		}
		switch {
		case skips < 2 && k%9 == 4:
			skips++
			if err := w.add("meeting_skips", "pair_id, starts_at, skipped_by, skipped_at", p.id, at.Unix(), p.mentee, at.Add(-48*time.Hour).Unix()); err != nil {
				return err
			}
		case (k+p.i)%10 < 6:
			held = append(held, at)
		}
	}
	for k, at := range held {
		*sessionID++
		sid := *sessionID
		logged := at.Add(50 * time.Minute)
		if err := w.add("sessions", "id, pair_id, n, held_on, meeting_at, notes, logged_by, created_at", sid, p.id, k+1, at.In(p.loc).Format("2006-01-02"), at.Unix(),
			"Talked through the design doc and the feedback from the last review; agreed on next steps for the rollout.", p.mentee, logged.Unix()); err != nil {
			return err
		}
		recent := k >= len(held)-2
		for t := 0; t < k%3; t++ {
			*todoID++
			status, doneAt, doneBy := "done", logged.Add(5*24*time.Hour).Unix(), p.mentee
			if recent {
				status, doneAt, doneBy = "open", 0, ""
				if pool {
					pp.OpenTodos = append(pp.OpenTodos, *todoID)
				}
			}
			if err := w.add("todos", "id, pair_id, session_id, owner_id, text, status, created_at, done_at, done_by", *todoID, p.id, sid, p.mentee,
				"Write up the rollout plan and share it with the team", status, logged.Unix(), doneAt, doneBy); err != nil {
				return err
			}
		}
		if k%2 == 0 {
			if err := w.add("agenda_items", "pair_id, author_id, text, meeting_at, status, session_id, created_at", p.id, p.mentee,
				"How to get more visibility for my work", at.Unix(), "covered", sid, at.Add(-72*time.Hour).Unix()); err != nil {
				return err
			}
		}
		// Feedback both ways after every 4th session, the fit check after the first.
		if n := k + 1; n == 1 || n%4 == 0 {
			kind, rating, fit := "rating", 4+k%2, ""
			if n == 1 {
				kind, rating, fit = "fit", 0, "yes"
			}
			for _, from := range []string{p.mentor, p.mentee} {
				to := p.mentee
				if from == p.mentee {
					to = p.mentor
				}
				if err := w.add("feedback", "pair_id, from_id, to_id, kind, rating, fit, text, created_at", p.id, from, to, kind, rating, fit,
					"Helpful and to the point.", logged.Add(24*time.Hour).Unix()); err != nil {
					return err
				}
			}
		}
	}
	if err := w.add("agenda_items", "pair_id, author_id, text, meeting_at, status, session_id, created_at", p.id, p.mentee,
		"Promotion case: what is missing?", 0, "open", nil, now.Add(-24*time.Hour).Unix()); err != nil {
		return err
	}

	// Sent notifications of the last NoteWeeks weeks: the weekly check-ins,
	// and for each meeting two reminders each, the agenda prompt and, when
	// it was not logged, the follow-ups.
	notesFrom := now.AddDate(0, 0, -7*spec.NoteWeeks)
	logged := map[int64]bool{}
	for _, at := range held {
		logged[at.Unix()] = true
	}
	for d := notesFrom; d.Before(now); d = d.AddDate(0, 0, 7) {
		day := d.In(p.loc).Format("2006-01-02")
		for _, u := range []string{p.mentor, p.mentee} {
			if err := w.note(fmt.Sprintf("checkin:to=%s:on=%s", u, day), "checkin", u, 0, day, d, dm(u)); err != nil {
				return err
			}
		}
	}
	for _, at := range r.occ {
		if at.Before(notesFrom) || at.Before(created) {
			continue
		}
		ref := fmt.Sprint(at.Unix())
		for _, u := range []string{p.mentor, p.mentee} {
			for _, lead := range []string{"24h", "1h"} {
				d, _ := time.ParseDuration(lead)
				if err := w.note(fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", lead, p.id, at.Unix(), u), "reminder", u, p.id, ref, at.Add(-d), dm(u)); err != nil {
					return err
				}
			}
			if !logged[at.Unix()] {
				if err := w.note(fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.id, at.Unix(), u), "followup", u, p.id, ref, at.Add(90*time.Minute), dm(u)); err != nil {
					return err
				}
			}
		}
		if err := w.note(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", p.id, at.Unix(), p.mentee), "agenda_prompt", p.mentee, p.id, ref, at.Add(-48*time.Hour), dm(p.mentee)); err != nil {
			return err
		}
	}
	if pool {
		res.Pool = append(res.Pool, pp)
	}
	return nil
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// seedWriter batches rows per table into multi-row INSERTs, prepared once
// per transaction for the full batch size.
type seedWriter struct {
	ctx    context.Context
	tx     *store.Tx
	tables map[string]*seedTable
	order  []string
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

func newSeedWriter(ctx context.Context, tx *store.Tx) *seedWriter {
	return &seedWriter{ctx: ctx, tx: tx, tables: map[string]*seedTable{}}
}

func (w *seedWriter) add(table, cols string, vals ...any) error {
	t, ok := w.tables[table]
	if !ok {
		t = &seedTable{head: "INSERT INTO " + table + " (" + cols + ") VALUES ", ncols: len(vals)}
		w.tables[table] = t
		w.order = append(w.order, table)
	}
	t.args = append(t.args, vals...)
	t.n++
	w.rows++
	if t.n < seedBatch {
		return nil
	}
	// Its parents first (the tables first used before it), so that no
	// row waits for its parent: an outstanding foreign-key violation
	// makes SQLite scan the child table at each parent insert.
	for _, name := range w.order {
		if name == table {
			break
		}
		if err := w.flushTable(w.tables[name]); err != nil {
			return fmt.Errorf("insert into %s: %w", name, err)
		}
	}
	return w.flushTable(t)
}

// note adds a sent notification.
func (w *seedWriter) note(key, kind, to string, pair int64, ref string, due time.Time, channel string) error {
	return w.add("notifications", "key, kind, recipient_id, pair_id, ref, due_at, expires_at, status, attempts, channel, ts, created_at, sent_at",
		key, kind, to, pair, ref, due.Unix(), due.Add(24*time.Hour).Unix(), "sent", 1, channel, fmt.Sprintf("%d.000100", due.Unix()),
		due.Add(-72*time.Hour).Unix(), due.Unix())
}

func (t *seedTable) query(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", t.ncols), ",") + ")"
	return t.head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

func (w *seedWriter) flushTable(t *seedTable) error {
	if t.n == 0 {
		return nil
	}
	var err error
	if t.n == seedBatch {
		if t.stmt == nil {
			if t.stmt, err = w.tx.PrepareContext(w.ctx, t.query(seedBatch)); err != nil {
				return err
			}
		}
		_, err = t.stmt.ExecContext(w.ctx, t.args...)
	} else {
		// Past the store's statement cache: these shapes are one-offs.
		_, err = w.tx.Tx.ExecContext(w.ctx, t.query(t.n), t.args...)
	}
	t.args, t.n = t.args[:0], 0
	return err
}

// flush writes what is batched, parents before children.
func (w *seedWriter) flush() error {
	for _, name := range w.order {
		if err := w.flushTable(w.tables[name]); err != nil {
			return fmt.Errorf("insert into %s: %w", name, err)
		}
	}
	return nil
}

func (w *seedWriter) close() {
	for _, t := range w.tables {
		if t.stmt != nil {
			_ = t.stmt.Close()
		}
	}
}
