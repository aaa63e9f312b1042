package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Delivery is a Socket Mode delivery the bot has taken on (see the
// deliveries table).
type Delivery struct {
	ReceivedAt time.Time
	// DoneAt is zero while it is being handled, when the process that
	// took it on stopped before it finished, or when its reply was blanked
	// because it may quote someone who asked to be forgotten (Forget): a
	// redelivery is then answered as one of an interrupted delivery.
	DoneAt time.Time
	// Reply is the payload it was acknowledged with (JSON); "" for none.
	Reply string
}

// deliveryKeep is how long a delivery is remembered. Slack gives up on an
// unacknowledged envelope within minutes.
const deliveryKeep = 24 * time.Hour

// Claims. A delivery is recorded as taken on in the commit of its first
// write, not in a transaction of its own before the work: what a command
// changes and the record that it was done then commit together, so a
// redelivery finds the record exactly when there is something not to do
// twice. A command that only reads writes no claim at all (done again, it
// answers the same), and a write command spends no extra transaction
// before its answer.

// Claim is a delivery's claim, carried in the context of the work it does
// (WithClaim); InTx records it with the first write that commits.
type Claim struct {
	mu      sync.Mutex // held by the InTx that may record it
	keys    []string
	made    bool // recorded
	settled bool // the work is over: no later write records it
}

type claimKey struct{}

// WithClaim returns ctx carrying a claim on the delivery known by keys
// (its envelope ID and, when it has one, its trigger ID).
func WithClaim(ctx context.Context, keys []string) (context.Context, *Claim) {
	c := &Claim{keys: keys}
	return context.WithValue(ctx, claimKey{}, c), c
}

// WithoutClaim returns ctx without its delivery's claim, for work handed
// to the background: its writes are not the delivery's, and must neither
// record the claim nor be refused for it.
func WithoutClaim(ctx context.Context) context.Context {
	return context.WithValue(ctx, claimKey{}, (*Claim)(nil))
}

// RecordClaim records ctx's claim now, when it is not yet recorded: for a
// handler about to do what a redelivery must not do again and that is not
// a database write (upload a file, open a modal).
func (db *DB) RecordClaim(ctx context.Context) error {
	if c, _ := ctx.Value(claimKey{}).(*Claim); c == nil || c.Made() {
		return nil
	}
	return db.InTx(ctx, func(*Tx) error { return nil }) // InTx records it
}

// awaited reports whether ctx is a delivery's work that is not over: its
// writes are what a person waits on (the ack, a modal to open), not
// background work.
func awaited(ctx context.Context) bool {
	c, _ := ctx.Value(claimKey{}).(*Claim)
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.settled
}

// Settle ends the claim's work: writes that run later with its context
// (background work the delivery started) no longer record it. It reports
// whether a write did.
func (c *Claim) Settle() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.settled = true
	return c.made
}

// Made reports whether a write recorded the claim.
func (c *Claim) Made() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}

// pendingClaim returns ctx's claim, locked, when it is still to be
// recorded; the caller unlocks it.
func pendingClaim(ctx context.Context) *Claim {
	c, _ := ctx.Value(claimKey{}).(*Claim)
	if c == nil || len(c.keys) == 0 {
		return nil
	}
	c.mu.Lock()
	if c.made || c.settled {
		c.mu.Unlock()
		return nil
	}
	return c
}

// ErrTakenOn is the error of a write whose delivery was taken on by
// another delivery of the same command meanwhile (Slack's redelivery,
// handled by another process): nothing was written.
var ErrTakenOn = Errorf(EConflict, "I have already done this: Slack sent it to me twice. Check the result before you try again.")

// claimTx records c in tx.
func claimTx(ctx context.Context, tx *Tx, c *Claim) error {
	for _, k := range c.keys {
		n, err := tx.q.ExecContext(ctx, `INSERT INTO deliveries (key, received_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, k, unix(tx.Now))
		if err != nil {
			return fmt.Errorf("claim delivery %s: %w", k, err)
		}
		if k, _ := n.RowsAffected(); k == 0 {
			return ErrTakenOn
		}
	}
	return nil
}

// FinishDelivery records, after a delivery was handled and acknowledged
// with reply, that actor (when not "") did something, as Touch; and, when
// its claim was recorded (claimed), that it was done, for whom (actor) and
// with what reply.
// It also forgets deliveries older than deliveryKeep.
func (db *DB) FinishDelivery(ctx context.Context, keys []string, claimed bool, reply, actor string) error {
	return db.InTx(ctx, func(tx *Tx) error {
		if claimed && len(keys) > 0 {
			args := []any{unix(tx.Now), reply, actor}
			for _, k := range keys {
				args = append(args, k)
			}
			_, err := tx.q.ExecContext(ctx, `UPDATE deliveries SET done_at = ?, reply = ?, user_id = ? WHERE key IN (?`+strings.Repeat(",?", len(keys)-1)+`)`, args...)
			if err != nil {
				return fmt.Errorf("finish delivery %s: %w", keys[0], err)
			}
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM deliveries WHERE received_at < ?`, unix(tx.Now.Add(-deliveryKeep))); err != nil {
			return fmt.Errorf("prune deliveries: %w", err)
		}
		if actor != "" {
			return touchTx(ctx, tx, actor)
		}
		return nil
	})
}

// LookupDelivery returns what was recorded for the delivery known by any
// of keys; ok is false when none was taken on.
func (db *DB) LookupDelivery(ctx context.Context, keys []string) (d Delivery, ok bool, err error) {
	err = db.readSnapshot(ctx, func(q sqlQuerier) error {
		d, ok, err = findDelivery(ctx, q, keys)
		return err
	})
	return d, ok, err
}

func findDelivery(ctx context.Context, q sqlQuerier, keys []string) (Delivery, bool, error) {
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	var received, done int64
	var d Delivery
	err := q.QueryRowContext(ctx, `SELECT received_at, done_at, reply FROM deliveries WHERE key IN (?`+strings.Repeat(",?", len(keys)-1)+`)
		ORDER BY done_at DESC LIMIT 1`, args...).Scan(&received, &done, &d.Reply)
	if errors.Is(err, sql.ErrNoRows) {
		return Delivery{}, false, nil
	}
	if err != nil {
		return Delivery{}, false, fmt.Errorf("look up delivery %s: %w", keys[0], err)
	}
	d.ReceivedAt, d.DoneAt = fromUnix(received), fromUnix(done)
	return d, true, nil
}

// LastReceived is when the latest command, click or event still on record
// was received; zero when none is. A change that people make through Slack
// is recorded with its delivery, so a start that finds a change not yet
// re-planned (a crash came between the two) knows about when it was made.
func (db *DB) LastReceived(ctx context.Context) (time.Time, error) {
	var at int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(received_at), 0) FROM deliveries`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("read the last delivery's time: %w", err)
	}
	return fromUnix(at), nil
}
