package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// Checkpoints. By default SQLite copies the WAL back into the database file
// (a checkpoint) in the connection whose commit takes the WAL past 1,000
// pages. Under a stream of commands that was several times a second, and
// the command whose commit drew it waited for the copy and its fsyncs,
// with every other write queued behind it on the one write connection:
// it was the whole tail of the command latency (p99 8 ms; 2.5 ms without).
// So the writer's automatic checkpoints are off (see dsn) and the DB runs
// them itself, on a connection of their own: in WAL mode a checkpoint goes
// on beside the writer and the readers.

// checkpointPause is the least time between two checkpoints: commits in
// between go on into the WAL and are copied by the next one. Real time:
// it paces disk work, not anything in the programme.
const checkpointPause = 250 * time.Millisecond

type checkpointer struct {
	conn *sql.DB
	log  *slog.Logger
	// probe looks at the write lock on conn when nothing has been
	// committed for a while (DB.probeLock): the checkpointer is the
	// store's one goroutine that runs whether or not the bot writes.
	probe func(context.Context, *sql.DB)
	// probeEvery is Options.LockProbeEvery.
	probeEvery time.Duration
	ctx        context.Context // ended by close, which a probe does not wait out
	end        context.CancelFunc
	kick       chan struct{} // a commit happened
	stop       chan struct{}
	done       chan struct{}
}

// startCheckpointer starts the checkpoints of the database at path, on a
// connection of their own opened with source (the writer's dsn).
func startCheckpointer(path, source string, probeEvery time.Duration, log *slog.Logger, see func(error), probe func(context.Context, *sql.DB)) (*checkpointer, error) {
	// Watched as the other connections are: a checkpoint that meets a
	// damaged file says so (/healthz), not only that the WAL grows.
	conn, err := openWatched(source, see)
	if err != nil {
		return nil, fmt.Errorf("open database %s for checkpoints: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxLifetime(0)
	c := &checkpointer{conn: conn, log: log, probe: probe, probeEvery: probeEvery, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	c.ctx, c.end = context.WithCancel(context.Background())
	go c.run()
	return c, nil
}

// committed tells the checkpointer that the WAL grew. It never blocks.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer close(c.done)
	failing := false
	// A bot that commits meets any lock in its own writes; one that has
	// not committed since the last look looks again.
	look := time.NewTimer(c.probeEvery)
	defer look.Stop()
	committed := false
	for {
		select {
		case <-c.stop:
			return
		case <-look.C:
			if !committed && c.probe != nil {
				c.probe(c.ctx, c.conn)
			}
			committed = false
			look.Reset(c.probeEvery)
			continue
		case <-c.kick:
			committed = true
		}
		err := c.checkpoint()
		switch {
		case err != nil && !failing:
			// Nothing is lost: the frames stay in the WAL, readers find them
			// there, and the next checkpoint copies them.
			c.log.Warn("checkpoint failed; the WAL grows until one succeeds", "err", err)
		case err == nil && failing:
			c.log.Info("checkpoints succeed again")
		}
		failing = err != nil
		t := time.NewTimer(checkpointPause)
		select {
		case <-c.stop:
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// checkpoint copies what the WAL holds into the database file, as far as
// no reader still needs the older pages (PASSIVE: it never waits).
func (c *checkpointer) checkpoint() error {
	_, _, _, err := walCheckpoint(context.Background(), c.conn, "PASSIVE")
	return err
}

// walCheckpoint runs a checkpoint of mode on q: whether it was busy (it
// could not finish), the WAL's frames and how many were copied.
func walCheckpoint(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, mode string) (busy bool, frames, copied int, err error) {
	if err := q.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &copied); err != nil {
		return false, 0, 0, fmt.Errorf("checkpoint (%s): %w", mode, err)
	}
	return busy, frames, copied, nil
}

// Checkpoint copies everything in the WAL into the database file and
// empties the WAL, waiting for readers to finish with older pages. A
// running bot never needs it (its checkpointer keeps the WAL short); the
// bench does, after writing a simulated day in one commit.
//
// The background checkpointer may be running one of its own, which makes
// this one busy at once (SQLite does not wait for another checkpoint): it
// is tried again, for up to 10 s.
func (db *DB) Checkpoint(ctx context.Context) error {
	// TRUNCATE takes the write lock while it waits for readers.
	defer db.health.writing()()
	deadline := time.Now().Add(10 * time.Second)
	for {
		busy, frames, copied, err := walCheckpoint(ctx, db.write, "TRUNCATE")
		if err != nil {
			return err
		}
		if !busy {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("checkpoint: still busy after 10 s (%d of %d frames copied)", copied, frames)
		}
		// Wall-clock time: the other checkpoint runs in real time.
		if err := clock.Sleep(ctx, clock.Real{}, 20*time.Millisecond); err != nil {
			return err
		}
	}
}

// close stops the checkpointer; the last connection to close checkpoints
// what is left.
func (c *checkpointer) close() error {
	c.end()
	close(c.stop)
	<-c.done
	return c.conn.Close()
}
