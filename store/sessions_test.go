package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

func TestLogSessionWithTodos(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	clk.Advance(3 * 24 * time.Hour)
	meeting := clk.Now().Add(-time.Hour)

	s, err := db.LogSession(ctx, mentor, store.NewSession{
		PairID: p.ID, HeldOn: "2026-11-05", MeetingAt: meeting, Notes: "  career paths ",
		Todos: []store.NewTodo{{Text: "read the SRE book"}, {OwnerID: mentor, Text: "intro to the SRE team"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.ID == 0 || s.Notes != "career paths" || s.LoggedBy != mentor || !s.MeetingAt.Equal(meeting) || len(s.Todos) != 2 {
		t.Fatalf("LogSession = %+v", s)
	}
	if s.Todos[0].OwnerID != mentee || s.Todos[1].OwnerID != mentor {
		t.Errorf("owners = %s, %s; want the mentee by default and the named mentor", s.Todos[0].OwnerID, s.Todos[1].OwnerID)
	}

	// Readers.
	if ok, err := db.MeetingLogged(ctx, p.ID, meeting); err != nil || !ok {
		t.Errorf("MeetingLogged(meeting) = %v, %v; want true", ok, err)
	}
	if ok, _ := db.MeetingLogged(ctx, p.ID, meeting.Add(7*24*time.Hour)); ok {
		t.Error("MeetingLogged for another meeting = true")
	}
	if got, ok, err := db.SessionOn(ctx, p.ID, meeting); err != nil || !ok || got.ID != s.ID {
		t.Errorf("SessionOn = %+v, %v, %v", got, ok, err)
	}
	if n, err := db.SessionCount(ctx, p.ID); err != nil || n != 1 {
		t.Errorf("SessionCount = %d, %v", n, err)
	}
	if last, ok, err := db.LastSession(ctx, p.ID); err != nil || !ok || last.ID != s.ID {
		t.Errorf("LastSession = %+v, %v, %v", last, ok, err)
	}
	if ss, _ := db.SessionsSince(ctx, p.ID, clk.Now().Add(time.Second)); len(ss) != 0 {
		t.Errorf("SessionsSince(later) = %+v, want none", ss)
	}
	if ss, _ := db.SessionsSince(ctx, p.ID, clk.Now()); len(ss) != 1 {
		t.Errorf("SessionsSince(now) = %+v, want the session", ss)
	}

	clk.Advance(time.Hour)
	s2, err := db.LogSession(ctx, mentee, store.NewSession{PairID: p.ID, HeldOn: "2026-11-03", Notes: "backfilled"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.Sessions(ctx, mentee, 0, 0)
	if err != nil || len(list) != 2 || list[0].ID != s.ID || list[1].ID != s2.ID || len(list[0].Todos) != 2 {
		t.Errorf("Sessions = %+v, %v; want newest day first with to-dos", list, err)
	}
	got, err := db.Session(ctx, mentor, s.ID)
	if err != nil || len(got.Todos) != 2 || got.Notes != "career paths" {
		t.Errorf("Session = %+v, %v", got, err)
	}

	// To-dos: listing and closing.
	mine, err := db.MyOpenTodos(ctx, mentee)
	if err != nil || len(mine) != 1 || mine[0].Text != "read the SRE book" {
		t.Errorf("MyOpenTodos(mentee) = %+v, %v", mine, err)
	}
	if all, _ := db.PairTodos(ctx, mentee, p.ID); len(all) != 2 {
		t.Errorf("PairTodos = %+v, want both", all)
	}
	// Either member may close a to-do, once.
	done, err := db.CompleteTodo(ctx, mentor, s.Todos[0].ID)
	if err != nil || done.Status != store.TodoDone || done.DoneBy != mentor || done.DoneAt.IsZero() {
		t.Errorf("CompleteTodo = %+v, %v", done, err)
	}
	_, err = db.CompleteTodo(ctx, mentee, s.Todos[0].ID)
	wantCode(t, "complete twice", err, store.EConflict)
	if open, _ := db.OpenTodos(ctx, p.ID); len(open) != 1 || open[0].ID != s.Todos[1].ID {
		t.Errorf("OpenTodos after done = %+v", open)
	}
	if mine, _ := db.MyOpenTodos(ctx, mentee); len(mine) != 0 {
		t.Errorf("MyOpenTodos after done = %+v", mine)
	}
}

func TestLogSessionRules(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	_, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02",
		Notes: "x", Todos: []store.NewTodo{{OwnerID: outsider, Text: "coffee"}}})
	wantCode(t, "to-do for an outsider", err, store.EInvalid)
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-02-30", Notes: "x"})
	wantCode(t, "impossible date", err, store.EInvalid)
	// The pair was created on 2 November at 09:00 UTC: no session before
	// that day, read in the logger's zone (1 November in Honolulu), or in
	// every zone when none is given.
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "1990-01-01", Notes: "x"})
	wantCode(t, "a day long before the pair", err, store.EInvalid)
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-01", Notes: "x", Loc: time.UTC})
	wantCode(t, "the day before the pair, in UTC", err, store.EInvalid)
	if !strings.Contains(store.ErrorMessage(err), "started on 2026-11-02") {
		t.Errorf("before the pair: %q", store.ErrorMessage(err))
	}
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-10-31", Notes: "x"})
	wantCode(t, "two days before the pair, in no zone", err, store.EInvalid)
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "  "})
	wantCode(t, "nothing to log", err, store.EInvalid)
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Todos: []store.NewTodo{{Text: " "}}})
	wantCode(t, "empty to-do", err, store.EInvalid)
	if n, _ := db.SessionCount(ctx, p.ID); n != 0 {
		t.Errorf("refused logs left %d sessions", n)
	}
	honolulu, err := time.LoadLocation("Pacific/Honolulu")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-01", Notes: "x", Loc: honolulu}); err != nil {
		t.Errorf("the pair's first day in Honolulu: %v", err)
	}
	if todos, _ := db.OpenTodos(ctx, p.ID); len(todos) != 0 {
		t.Errorf("refused logs left to-dos %+v", todos)
	}
}

func TestSessionPrivacy(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "secret",
		Todos: []store.NewTodo{{Text: "private thing"}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.LogSession(ctx, outsider, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x"})
	wantCode(t, "outsider logs", err, store.ENotFound)
	_, err = db.Session(ctx, outsider, s.ID)
	wantCode(t, "outsider reads session", err, store.ENotFound)
	_, missingErr := db.Session(ctx, outsider, s.ID+100)
	theirs := strings.ReplaceAll(store.ErrorMessage(err), fmt.Sprint(s.ID), "N")
	missing := strings.ReplaceAll(store.ErrorMessage(missingErr), fmt.Sprint(s.ID+100), "N")
	if theirs == "" || theirs != missing {
		t.Errorf("someone else's session and a missing one answer differently: %q vs %q", store.ErrorMessage(err), store.ErrorMessage(missingErr))
	}
	_, err = db.Sessions(ctx, outsider, p.ID, 0)
	wantCode(t, "outsider lists pair sessions", err, store.ENotFound)
	if list, err := db.Sessions(ctx, outsider, 0, 0); err != nil || len(list) != 0 {
		t.Errorf("outsider's own sessions = %+v, %v; want none", list, err)
	}
	_, err = db.Todo(ctx, outsider, s.Todos[0].ID)
	wantCode(t, "outsider reads to-do", err, store.ENotFound)
	_, err = db.CompleteTodo(ctx, outsider, s.Todos[0].ID)
	wantCode(t, "outsider closes to-do", err, store.ENotFound)
	_, err = db.CompleteTodo(ctx, outsider, 12345)
	wantCode(t, "no such to-do", err, store.ENotFound)
	_, err = db.PairTodos(ctx, outsider, p.ID)
	wantCode(t, "outsider lists pair to-dos", err, store.ENotFound)
	if mine, _ := db.MyOpenTodos(ctx, outsider); len(mine) != 0 {
		t.Errorf("outsider's to-dos = %+v", mine)
	}
	if todo, _ := db.Todo(ctx, mentee, s.Todos[0].ID); todo.Status != store.TodoOpen {
		t.Errorf("outsider's attempts changed the to-do: %+v", todo)
	}

	// After the pair ends: no new logs, history readable, to-dos closable.
	if _, err := db.EndPair(ctx, mentee, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x"})
	wantCode(t, "log on an ended pair", err, store.EConflict)
	if list, _ := db.Sessions(ctx, mentee, 0, 0); len(list) != 1 {
		t.Errorf("history after end = %+v", list)
	}
	// The check-in's list leaves the ended pair out; the full list keeps
	// its to-dos, which can still be closed.
	if mine, _ := db.MyOpenTodos(ctx, mentee); len(mine) != 0 {
		t.Errorf("MyOpenTodos lists an ended pair's to-dos: %+v", mine)
	}
	if all, err := db.AllMyOpenTodos(ctx, mentee); err != nil || len(all) != 1 || all[0].ID != s.Todos[0].ID || all[0].PairID != p.ID {
		t.Errorf("AllMyOpenTodos after the end = %+v, %v; want the ended pair's to-do", all, err)
	}
	if all, _ := db.AllMyOpenTodos(ctx, outsider); len(all) != 0 {
		t.Errorf("AllMyOpenTodos(outsider) = %+v", all)
	}
	// Only by its owner: the ex-partner's change would reach them from a
	// pair they left.
	_, err = db.CompleteTodo(ctx, mentor, s.Todos[0].ID)
	wantCode(t, "the ex-partner closing the owner's to-do", err, store.EForbidden)
	if _, err := db.CompleteTodo(ctx, mentee, s.Todos[0].ID); err != nil {
		t.Errorf("closing a to-do of an ended pair: %v", err)
	}
	_, _, err = db.ReopenTodo(ctx, mentor, s.Todos[0].ID, nil)
	wantCode(t, "the ex-partner reopening the owner's to-do", err, store.EForbidden)
	if all, _ := db.AllMyOpenTodos(ctx, mentee); len(all) != 0 {
		t.Errorf("AllMyOpenTodos after done = %+v", all)
	}
}

func TestLogSessionFirstForMeeting(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	meeting := clk.Now().Add(-time.Hour)
	day := clk.Now().Format(time.DateOnly)
	first, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: day, MeetingAt: meeting, Notes: "first", FirstForMeeting: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.LogSession(ctx, mentee, store.NewSession{PairID: p.ID, HeldOn: day, MeetingAt: meeting, Notes: "again", FirstForMeeting: true})
	wantCode(t, "the meeting logged twice", err, store.EConflict)
	if want := fmt.Sprintf("already logged as #%d (by <@%s>)", first.ID, mentor); !strings.Contains(store.ErrorMessage(err), want) {
		t.Errorf("message %q lacks %q", store.ErrorMessage(err), want)
	}
	if n, _ := db.SessionCount(ctx, p.ID); n != 1 {
		t.Errorf("%d sessions after the refusal; want 1", n)
	}
	// Without the flag, a second session of the day is another meeting.
	if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: p.ID, HeldOn: day, MeetingAt: meeting, Notes: "met again"}); err != nil {
		t.Errorf("a second session: %v", err)
	}
}

// Only the member who logged a session edits its notes; a session with no
// to-dos keeps some.
func TestEditSessionNotes(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "carrer paths"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.EditSessionNotes(ctx, mentee, s.ID, "mine now", nil, nil)
	wantCode(t, "edit the partner's session", err, store.EForbidden)
	_, err = db.EditSessionNotes(ctx, outsider, s.ID, "sneaky", nil, nil)
	wantCode(t, "edit as a stranger", err, store.ENotFound)
	_, err = db.EditSessionNotes(ctx, mentor, s.ID, "  ", nil, nil)
	wantCode(t, "empty the notes of a session without to-dos", err, store.EInvalid)
	if got, _ := db.Session(ctx, mentor, s.ID); got.Notes != "carrer paths" {
		t.Fatalf("refused edits changed the notes: %q", got.Notes)
	}
	got, err := db.EditSessionNotes(ctx, mentor, s.ID, " career paths ", nil, nil)
	if err != nil || got.Notes != "career paths" {
		t.Fatalf("edit = %+v, %v", got, err)
	}
	if stored, _ := db.Session(ctx, mentee, s.ID); stored.Notes != "career paths" {
		t.Errorf("stored notes: %q", stored.Notes)
	}
	// With a to-do, the notes may go.
	s2, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x", Todos: []store.NewTodo{{Text: "read"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.EditSessionNotes(ctx, mentor, s2.ID, "", nil, nil); err != nil || got.Notes != "" || len(got.Todos) != 1 {
		t.Errorf("empty notes beside a to-do: %+v, %v", got, err)
	}
}

// An edit adds to-dos as a log does: the mentee's unless one names a
// member, in the same commit as the notes; none for an outsider, none
// once the pair has ended.
func TestEditSessionNotesAddsTodos(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "career paths"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.EditSessionNotes(ctx, mentor, s.ID, "changed", []store.NewTodo{{OwnerID: outsider, Text: "say hi"}}, nil)
	wantCode(t, "a to-do for an outsider", err, store.EInvalid)
	if got, _ := db.Session(ctx, mentor, s.ID); got.Notes != "career paths" || len(got.Todos) != 0 {
		t.Fatalf("a refused edit changed the session: %+v", got)
	}
	got, err := db.EditSessionNotes(ctx, mentor, s.ID, "career paths", []store.NewTodo{{Text: "read the book"}, {OwnerID: mentor, Text: "send slides"}}, nil)
	if err != nil || len(got.Todos) != 2 || got.Todos[0].OwnerID != mentee || got.Todos[1].OwnerID != mentor {
		t.Fatalf("edit with to-dos = %+v, %v", got, err)
	}
	if stored, _ := db.Session(ctx, mentee, s.ID); len(stored.Todos) != 2 {
		t.Errorf("stored to-dos: %+v", stored.Todos)
	}
	if _, err := db.EndPair(ctx, mentor, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.EditSessionNotes(ctx, mentor, s.ID, "career paths", []store.NewTodo{{Text: "too late"}}, nil)
	wantCode(t, "a to-do for an ended pair", err, store.EConflict)
	if _, err := db.EditSessionNotes(ctx, mentor, s.ID, "career paths, mended", nil, nil); err != nil {
		t.Errorf("mending the notes of an ended pair's session: %v", err)
	}
}

// A session has at most MaxSessionTodos to-dos, counted in the edit's own
// commit: an edit that would pass it is refused whole, and so is a log
// with too many.
func TestEditSessionNotesKeepsTheTodoLimit(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	todos := func(n int) []store.NewTodo {
		out := make([]store.NewTodo, n)
		for i := range out {
			out[i] = store.NewTodo{Text: fmt.Sprintf("step %d", i+1)}
		}
		return out
	}
	_, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x", Todos: todos(store.MaxSessionTodos + 1)})
	wantCode(t, "log one to-do too many", err, store.EInvalid)
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "plans", Todos: todos(store.MaxSessionTodos - 2)})
	if err != nil {
		t.Fatal(err)
	}
	// Two edits each passed the form's check against the to-dos it read;
	// the second one's commit finds the first's.
	if _, err := db.EditSessionNotes(ctx, mentor, s.ID, "plans, more", todos(2), nil); err != nil {
		t.Fatalf("edit up to the limit: %v", err)
	}
	_, err = db.EditSessionNotes(ctx, mentor, s.ID, "plans, changed", todos(1), nil)
	wantCode(t, "edit past the limit", err, store.EInvalid)
	if err != nil && !strings.Contains(err.Error(), "up to 20") {
		t.Errorf("the refusal doesn't say the limit: %v", err)
	}
	got, err := db.Session(ctx, mentor, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Todos) != store.MaxSessionTodos || got.Notes != "plans, more" {
		t.Errorf("the refused edit changed the session: %d to-dos, notes %q", len(got.Todos), got.Notes)
	}
}

// ViewPair tells a pair that never had a to-do from one that closed them
// all, for its members only, through the todos_pair index.
func TestViewPairHadTodos(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	if v, err := db.ViewPair(ctx, mentee, p.ID, true); err != nil || v.HadTodos {
		t.Errorf("a new pair: HadTodos = %v, %v; want false", v.HadTodos, err)
	}
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "x",
		Todos: []store.NewTodo{{Text: "read the SRE book"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CompleteTodo(ctx, mentee, s.Todos[0].ID); err != nil {
		t.Fatal(err)
	}
	if v, err := db.ViewPair(ctx, mentor, p.ID, true); err != nil || !v.HadTodos || len(v.Todos) != 0 {
		t.Errorf("after a to-do was done: HadTodos = %v, open %d, %v; want true, 0", v.HadTodos, len(v.Todos), err)
	}
	_, err = db.ViewPair(ctx, outsider, p.ID, true)
	wantCode(t, "an outsider asks", err, store.ENotFound)

	plan, err := queryPlan(ctx, db, "SELECT EXISTS (SELECT 1 FROM todos WHERE pair_id = ?)", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "todos_pair") {
		t.Errorf("the probe does not use todos_pair:\n  %s", strings.Join(plan, "\n  "))
	}
}

// SessionsPage pages through the sessions, most recent first, and counts
// them all; an outsider gets none of a pair's.
func TestSessionsPage(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	clk.Advance(30 * 24 * time.Hour)
	var ids []int64
	for day := 1; day <= 5; day++ {
		s, err := db.LogSession(ctx, mentee, store.NewSession{PairID: p.ID, HeldOn: fmt.Sprintf("2026-11-%02d", day+2), Notes: "n"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append([]int64{s.ID}, ids...) // newest first
	}
	for _, pairID := range []int64{0, p.ID} {
		page, total, err := db.SessionsPage(ctx, mentor, pairID, 2, 2)
		if err != nil || total != 5 || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[3] {
			t.Errorf("SessionsPage(pair %d, 2, 2) = %+v, %d, %v; want #%d, #%d of 5", pairID, page, total, err, ids[2], ids[3])
		}
		if page, total, err := db.SessionsPage(ctx, mentor, pairID, 4, 2); err != nil || total != 5 || len(page) != 1 || page[0].ID != ids[4] {
			t.Errorf("last page of pair %d = %+v, %d, %v", pairID, page, total, err)
		}
	}
	_, _, err := db.SessionsPage(ctx, outsider, p.ID, 0, 10)
	wantCode(t, "outsider pages pair sessions", err, store.ENotFound)
	if page, total, err := db.SessionsPage(ctx, outsider, 0, 0, 10); err != nil || total != 0 || len(page) != 0 {
		t.Errorf("outsider's own sessions = %+v, %d, %v; want none", page, total, err)
	}
}
