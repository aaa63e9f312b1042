package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A "todo: …" part typed into the form that edits a session's notes adds a
// to-do to that session, as /session log and the log form do: the
// mentee's unless it names a member, listed with its number in the
// answer and in the partner's DM, and not left in the notes. A to-do for
// someone outside the pair is refused under the notes, changing nothing.
func TestSessionEditFormTurnsTodoPartsIntoTodos(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log career paths")
	e.settle()
	told := e.waitDM(bob, "career paths")
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	id := ss[0].ID

	// Someone outside the pair: refused under the notes, nothing saved.
	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v := goalWaitView(t, e, alice, "session_edit_form")
	sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "career paths, changed todo: <@UCAROL|carol> say hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["notes"], "isn't in your pair") {
		t.Errorf("a to-do for carol: errors %+v, want one under the notes", sub.Errors)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); got.Notes != "career paths" || len(got.Todos) != 0 {
		t.Errorf("after the refused edit the session is %q with %d to-dos", got.Notes, len(got.Todos))
	}

	sub, err = e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "career paths\ntodo: read the SRE book\n- todo: @me send the slides"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	got, err := e.app.DB.Session(e.ctx, alice, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notes != "career paths" {
		t.Errorf("the notes are %q; the to-dos stayed in them", got.Notes)
	}
	owners := map[string]string{}
	for _, td := range got.Todos {
		owners[td.Text] = td.OwnerID
	}
	if len(got.Todos) != 2 || owners["read the SRE book"] != bob || owners["send the slides"] != alice {
		t.Fatalf("the session's to-dos are %+v; want bob's SRE book and alice's slides", got.Todos)
	}
	answer := pgWait(e, alice, "Saved the notes of session")
	for _, td := range got.Todos {
		if !contains(answer, fmt.Sprintf("#%d", td.ID)) || !contains(answer, td.Text) {
			t.Errorf("the answer does not list to-do #%d %q: %s", td.ID, td.Text, answer.Text)
		}
	}
	e.schedWaitMessage(told, func(m slacksim.Message) bool {
		return contains(m, "read the SRE book") && contains(m, "send the slides")
	})
	if todos := e.cmd(bob, "/session", "todos"); !strings.Contains(todos, "read the SRE book") {
		t.Errorf("bob's /session todos = %q", todos)
	}
}
