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
	_, _, err = db.ReopenTodo(ctx, mentee, id)
	wantCode(t, "reopen an open to-do", err, store.EConflict)
	clk.Advance(time.Hour)
	if _, err := db.CompleteTodo(ctx, mentor, id); err != nil {
		t.Fatal(err)
	}
	_, _, err = db.ReopenTodo(ctx, outsider, id)
	wantCode(t, "reopen as a stranger", err, store.ENotFound)
	if got, _ := db.Todo(ctx, mentee, id); got.Status != store.TodoDone {
		t.Fatalf("a stranger's reopen changed the to-do: %+v", got)
	}
	now, was, err := db.ReopenTodo(ctx, mentee, id)
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
	_, _, err = db.ReopenGoal(ctx, mentor, g.ID)
	wantCode(t, "reopen as the mentor", err, store.EForbidden)
	_, _, err = db.ReopenGoal(ctx, outsider, g.ID)
	wantCode(t, "reopen as a stranger", err, store.ENotFound)
	clk.Advance(time.Minute)
	now, was, err := db.ReopenGoal(ctx, mentee, g.ID)
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
	_, _, err = db.ReopenGoal(ctx, mentee, g.ID)
	wantCode(t, "reopen an open goal", err, store.EConflict)

	// Done at 100% already, or dropped: the progress stays as it was.
	if _, _, err := db.SetGoalProgress(ctx, mentee, g.ID, 100, "both given"); err != nil {
		t.Fatal(err)
	}
	for _, status := range []string{store.GoalDone, store.GoalDropped} {
		if _, err := db.CloseGoal(ctx, mentee, g.ID, status); err != nil {
			t.Fatal(err)
		}
		if now, _, err := db.ReopenGoal(ctx, mentee, g.ID); err != nil || now.Progress != 100 {
			t.Errorf("reopen after %s at 100%%: %+v %v", status, now, err)
		}
	}
	if hist, _ := db.GoalProgress(ctx, mentee, g.ID); len(hist) != 2 {
		t.Errorf("history: %d entries, want 2 (40%%, 100%% with its note)", len(hist))
	}
}

func TestRetractDM(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	_, err := db.RetractDM(ctx, "nothing:1")
	wantCode(t, "retract what was never queued", err, store.ENotFound)
	for _, k := range []string{"a:1", "b:1"} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: k, Kind: "x", RecipientID: mentor}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), time.Minute, 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	if err := db.MarkSent(ctx, claimed[0].ID, "D1", "1.1"); err != nil {
		t.Fatal(err)
	}
	sent, pending := claimed[0].Key, map[string]string{"a:1": "b:1", "b:1": "a:1"}[claimed[0].Key]
	n, err := db.RetractDM(ctx, sent)
	if err != nil || n.Status != store.NoteSent || n.TS != "1.1" {
		t.Errorf("retract a sent DM: %+v %v, want it as sent", n, err)
	}
	if n, err := db.RetractDM(ctx, pending); err != nil || n.Status != store.NoteCancelled {
		t.Errorf("retract a pending DM: %+v %v", n, err)
	}
	if n, _ := db.Notification(ctx, pending); n.Status != store.NoteCancelled {
		t.Errorf("stored: %+v, want cancelled", n)
	}
}
