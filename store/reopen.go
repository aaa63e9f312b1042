package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Reopening what was closed: a Done pressed by mistake, in a check-in or a
// reminder where one press closes a to-do or a goal, is undone.

// ReopenTodo opens to-do id again; either member of its pair may, as
// either may close it (of an ended pair, only its owner). It returns the to-do as it
// is now and as it was, closed (who closed it, and when). also, when not
// nil, runs in the same commit once it is open: the DMs that follow the
// undo (RetractDMTx, EnqueueTx). ENotFound for anyone else or no such
// to-do; EConflict when it is open.
func (db *DB) ReopenTodo(ctx context.Context, actor string, id int64, also func(tx *Tx, was Todo) error) (t, was Todo, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		var p Pair
		if was, p, err = memberTodo(ctx, tx.q, actor, id); err != nil {
			return err
		}
		if was.Status != TodoDone {
			return Errorf(EConflict, "To-do #%d is open already.", id)
		}
		if err := endedPartnersTodo(was, p, actor, "open again"); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE todos SET status = 'open', done_at = 0, done_by = '' WHERE id = ?`, id); err != nil {
			return fmt.Errorf("reopen to-do %d: %w", id, err)
		}
		t = was
		t.Status, t.DoneAt, t.DoneBy = TodoOpen, fromUnix(0), ""
		if also != nil {
			return also(tx, was)
		}
		return nil
	})
	return t, was, err
}

// ReopenGoal opens a done or dropped goal of actor's again. A goal that
// Done took to 100% goes back to the progress it had: the history loses
// the entry the close wrote, so that an undone Done leaves no trace. It
// returns the goal as it is now and as it was, closed; also, when not nil,
// runs in the same commit once it is open (the DMs that follow the undo).
// ENotFound, or EForbidden for a mentor, as for any change; EConflict when
// it is open.
func (db *DB) ReopenGoal(ctx context.Context, actor string, id int64, also func(tx *Tx, was Goal) error) (g, was Goal, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		var err error
		if was, err = ownGoalTx(ctx, tx, actor, id, false); err != nil {
			return err
		}
		if was.Open() {
			return Errorf(EConflict, "Goal #%d is open already.", id)
		}
		g = was
		if was.Status == GoalDone {
			if g.Progress, err = undoDoneProgress(ctx, tx, was); err != nil {
				return err
			}
		}
		now := unix(tx.Now)
		if _, err := tx.q.ExecContext(ctx, `UPDATE goals SET status = 'open', closed_at = 0, progress = ?, updated_at = ? WHERE id = ?`,
			g.Progress, now, id); err != nil {
			return fmt.Errorf("reopen goal %d: %w", id, err)
		}
		g.Status, g.ClosedAt, g.UpdatedAt = GoalOpen, fromUnix(0), fromUnix(now)
		if also != nil {
			return also(tx, was)
		}
		return nil
	})
	return g, was, err
}

// undoDoneProgress removes the 100% that closing g as done recorded (by
// its owner, at its close, without a note) and returns the progress before
// it; g's progress when Done recorded nothing (it was at 100% already).
func undoDoneProgress(ctx context.Context, tx *Tx, g Goal) (int, error) {
	var rowID int64
	err := tx.q.QueryRowContext(ctx, `SELECT id FROM goal_progress WHERE goal_id = ? ORDER BY at DESC, id DESC LIMIT 1`, g.ID).Scan(&rowID)
	if errors.Is(err, sql.ErrNoRows) {
		return g.Progress, nil
	}
	if err != nil {
		return 0, fmt.Errorf("load progress of goal %d: %w", g.ID, err)
	}
	res, err := tx.q.ExecContext(ctx, `DELETE FROM goal_progress WHERE id = ? AND percent = 100 AND note = '' AND by_user = ? AND at = ?`,
		rowID, g.OwnerID, unix(g.ClosedAt))
	if err != nil {
		return 0, fmt.Errorf("undo progress of goal %d: %w", g.ID, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return g.Progress, nil
	}
	var before int
	err = tx.q.QueryRowContext(ctx, `SELECT percent FROM goal_progress WHERE goal_id = ? ORDER BY at DESC, id DESC LIMIT 1`, g.ID).Scan(&before)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("load progress of goal %d: %w", g.ID, err)
	}
	return before, nil
}
