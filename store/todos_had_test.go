package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// PairHadTodos tells a pair that never had a to-do from one that closed
// them all, for its members only, through the todos_pair index.
func TestPairHadTodos(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	if had, err := db.PairHadTodos(ctx, mentee, p.ID); err != nil || had {
		t.Errorf("a new pair: PairHadTodos = %v, %v; want false", had, err)
	}
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x",
		Todos: []store.NewTodo{{Text: "read the SRE book"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CompleteTodo(ctx, mentee, s.Todos[0].ID); err != nil {
		t.Fatal(err)
	}
	if had, err := db.PairHadTodos(ctx, mentor, p.ID); err != nil || !had {
		t.Errorf("after a to-do was done: PairHadTodos = %v, %v; want true", had, err)
	}
	_, err = db.PairHadTodos(ctx, outsider, p.ID)
	wantCode(t, "an outsider asks", err, store.ENotFound)

	plan, err := queryPlan(ctx, db, "SELECT EXISTS (SELECT 1 FROM todos WHERE pair_id = ?)", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "todos_pair") {
		t.Errorf("the probe does not use todos_pair:\n  %s", strings.Join(plan, "\n  "))
	}
}
