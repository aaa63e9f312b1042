package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

func TestReopenTodo(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x",
		Todos: []store.NewTodo{{Text: "read the SRE book"}}})
	if err != nil {
		t.Fatal(err)
	}
	id := s.Todos[0].ID
	_, _, err = db.ReopenTodo(ctx, mentee, id, nil)
	wantCode(t, "reopen an open to-do", err, store.EConflict)
	clk.Advance(time.Hour)
	if _, err := db.CompleteTodo(ctx, mentor, id); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.ReopenTodo(ctx, outsider, id, nil)
	wantCode(t, "reopen as a stranger", err, store.ENotFound)
	if got, _ := db.Todo(ctx, mentee, id); got.Status != store.TodoDone {
		t.Fatalf("a stranger's reopen changed the to-do: %+v", got)
	}
	now, was, err := db.ReopenTodo(ctx, mentee, id, nil)
	if err != nil {
		t.Fatal(err)
	}
	if was.DoneBy != mentor || !was.DoneAt.Equal(clk.Now()) || now.Status != store.TodoOpen || now.DoneBy != "" {
		t.Errorf("ReopenTodo = %+v, was %+v", now, was)
	}
	if got, _ := db.Todo(ctx, mentee, id); got.Status != store.TodoOpen || !got.DoneAt.IsZero() || got.DoneBy != "" {
		t.Errorf("stored after reopening: %+v", got)
	}
	if open, _ := db.MyOpenTodos(ctx, mentee); len(open) != 1 {
		t.Errorf("open to-dos after reopening: %d, want 1", len(open))
	}
}

func TestReopenGoal(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	mustPair(t, db)
	g, err := db.AddGoal(ctx, mentee, store.GoalInput{Text: "Give 2 talks", DueOn: "2027-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SetGoalProgress(ctx, mentee, g.ID, 40, "one outline"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if _, err := db.CloseGoal(ctx, mentee, g.ID, store.GoalDone); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.ReopenGoal(ctx, mentor, g.ID, nil)
	wantCode(t, "reopen as the mentor", err, store.EForbidden)
	_, _, err = db.ReopenGoal(ctx, outsider, g.ID, nil)
	wantCode(t, "reopen as a stranger", err, store.ENotFound)
	clk.Advance(time.Minute)
	now, was, err := db.ReopenGoal(ctx, mentee, g.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if was.Status != store.GoalDone || now.Status != store.GoalOpen || now.Progress != 40 || !now.ClosedAt.IsZero() {
		t.Errorf("ReopenGoal = %+v, was %+v", now, was)
	}
	hist, err := db.GoalProgress(ctx, mentee, g.ID)
	if err != nil || len(hist) != 1 || hist[0].Percent != 40 {
		t.Errorf("history after undoing done: %+v %v, want only the 40%%", hist, err)
	}
	_, _, err = db.ReopenGoal(ctx, mentee, g.ID, nil)
	wantCode(t, "reopen an open goal", err, store.EConflict)

	// Done at 100% already, or dropped: the progress stays as it was.
	if _, _, err := db.SetGoalProgress(ctx, mentee, g.ID, 100, "both given"); err != nil {
		t.Fatal(err)
	}
	for _, status := range []string{store.GoalDone, store.GoalDropped} {
		if _, err := db.CloseGoal(ctx, mentee, g.ID, status); err != nil {
			t.Fatal(err)
		}
		if now, _, err := db.ReopenGoal(ctx, mentee, g.ID, nil); err != nil || now.Progress != 100 {
			t.Errorf("reopen after %s at 100%%: %+v %v", status, now, err)
		}
	}
	if hist, _ := db.GoalProgress(ctx, mentee, g.ID); len(hist) != 2 {
		t.Errorf("history: %d entries, want 2 (40%%, 100%% with its note)", len(hist))
	}
}

// A DM taken back: pending, it never goes, and comes back only when what
// it told is redone; being sent, it gets the new content for the sender to
// edit to; sent, it is left for the caller to edit.
func TestRetractAndRequeueDM(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	inTx := func(f func(tx *store.Tx) error) {
		t.Helper()
		if err := db.InTx(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	retract := func(key, payload string) (n store.Notification, err error) {
		err = db.InTx(ctx, func(tx *store.Tx) error {
			n, err = store.RetractDMTx(ctx, tx, mentor, key, payload)
			return err
		})
		return n, err
	}
	_, err := retract("nothing:1", "x")
	wantCode(t, "retract what was never queued", err, store.ENotFound)

	note := func(key, payload string) store.Notification {
		return store.Notification{Key: key, Kind: "x", RecipientID: mentor, Payload: payload}
	}
	for _, k := range []string{"sent:1", "sending:1", "pending:1", "forgotten:1"} {
		if _, err := db.Enqueue(ctx, note(k, "done")); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), time.Minute, 2)
	if err != nil || len(claimed) != 2 || claimed[0].Key != "sent:1" || claimed[1].Key != "sending:1" {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := db.MarkSent(ctx, claimed[0].ID, "D1", "1.1"); err != nil {
		t.Fatal(err)
	}
	if n, err := retract("sent:1", "undone"); err != nil || n.Status != store.NoteSent || n.TS != "1.1" {
		t.Errorf("retract a sent DM: %+v %v, want it as sent, to edit", n, err)
	}
	if n, err := retract("sending:1", "undone"); err != nil || n.Status != store.NoteSending {
		t.Errorf("retract a DM being sent: %+v %v", n, err)
	}
	if n, _ := db.Notification(ctx, "sending:1"); n.Payload != "undone" {
		t.Errorf("a DM being sent keeps %q, want the new content for its sender to edit to", n.Payload)
	}
	if n, err := retract("pending:1", "undone"); err != nil || n.Status != store.NoteCancelled {
		t.Errorf("retract a pending DM: %+v %v", n, err)
	}
	// Cancelled for another reason (its pair ended, say): not brought back.
	inTx(func(tx *store.Tx) error {
		_, err := tx.ExecForTest(ctx, `UPDATE notifications SET status = 'cancelled', last_error = 'pair ended' WHERE key = 'forgotten:1'`)
		return err
	})
	requeue := func(key string) (store.Notification, bool) {
		t.Helper()
		had, queued, err := requeueDM(ctx, db, note(key, "done again"))
		if err != nil {
			t.Fatal(err)
		}
		return had, queued
	}
	if _, queued := requeue("pending:1"); !queued {
		t.Error("a retracted DM redone: not queued again")
	}
	if n, _ := db.Notification(ctx, "pending:1"); n.Status != store.NotePending || n.Payload != "done again" {
		t.Errorf("the retracted DM redone: %+v", n)
	}
	if _, queued := requeue("forgotten:1"); queued {
		t.Error("a DM cancelled for another reason came back")
	}
	if had, queued := requeue("sent:1"); queued || had.Status != store.NoteSent {
		t.Errorf("a sent DM redone: %+v queued %v, want it returned to edit", had, queued)
	}
	if _, queued := requeue("new:1"); !queued {
		t.Error("a new DM was not queued")
	}
}
