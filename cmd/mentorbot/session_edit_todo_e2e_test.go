package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// editSessionNotes has user save notes in the form of /session edit id.
func (e *env) editSessionNotes(user string, id int64, notes string) {
	e.t.Helper()
	e.cmd(user, "/session", fmt.Sprintf("edit %d", id))
	v := e.waitModal(user, "session_edit_form")
	sub, err := e.sim.SubmitView(meetCtx(e), user, v.ID, map[string]map[string]any{"notes": {"notes": notes}})
	if err != nil || len(sub.Errors) > 0 {
		e.t.Fatalf("%s saves the notes of session #%d: %v %+v", user, id, err, sub)
	}
	e.idle()
	e.settle()
}

// postedSince is the DMs user has had from the bot first posted after
// message seq last (edits of older ones are not among them).
func (e *env) postedSince(user string, last int64) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range e.dms(user, "") {
		if m.Seq > last {
			out = append(out, m)
		}
	}
	return out
}

// describe is msgs for a failure message.
func describe(msgs []slacksim.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "\n  [#%d %s] %s", m.Seq, m.Via, truncateForLog(m.Text+" "+blockText(m.Blocks)))
	}
	return b.String()
}

// sessionTodo is the stored to-do of session id with that text.
func (e *env) sessionTodo(id int64, text string) store.Todo {
	e.t.Helper()
	s, err := e.app.DB.Session(e.ctx, alice, id)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, t := range s.Todos {
		if t.Text == text {
			return t
		}
	}
	e.t.Fatalf("session #%d has no to-do %q: %+v", id, text, s.Todos)
	return store.Todo{}
}

// A to-do that the logger gives their partner by editing the notes of a
// session days later reaches the partner as a new DM, with its Done
// button: the edit of their old DM of the session, which also lists it
// now, is one Slack does not notify of.
func TestSessionEditTellsTheOwnerOfANewTodo(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.cmd(bob, "/session", "log we met todo: update my CV")
	old := e.waitDM(alice, "we met")
	e.advance(48 * time.Hour)
	id := e.sessionsStored()[0].ID
	last := e.sim.LastSeq()

	e.editSessionNotes(bob, id, "better notes todo: @alice send slides")
	td := e.sessionTodo(id, "send slides")
	if td.OwnerID != alice {
		t.Fatalf("the to-do is %s's", td.OwnerID)
	}
	e.schedWaitMessage(old, func(m slacksim.Message) bool { return contains(m, "better notes") && contains(m, "send slides") })

	done := fmt.Sprintf("todo_done_%d", td.ID)
	fresh := e.postedSince(alice, last)
	if len(fresh) != 1 || !contains(fresh[0], "send slides") {
		t.Fatalf("alice has %d new DMs, want 1 of the to-do:%s", len(fresh), describe(fresh))
	}
	m := fresh[0]
	for _, want := range []string{"<@UBOB>", fmt.Sprintf("#%d", id), fmt.Sprintf("#%d", td.ID), done} {
		if !contains(m, want) {
			t.Errorf("alice's DM of the new to-do lacks %q: %s | %s", want, m.Text, blockText(m.Blocks))
		}
	}
	if contains(m, "update my CV") {
		t.Errorf("alice's DM of the new to-do lists a to-do the session had before: %s", blockText(m.Blocks))
	}

	// Its Done button closes the to-do, and shows it closed there.
	if _, err := e.sim.ClickButton(ctx, alice, m, done); err != nil {
		t.Fatal(err)
	}
	e.schedWaitMessage(m, func(m slacksim.Message) bool { return contains(m, "done (marked by you)") })
	if got := e.sessionTodo(id, "send slides"); got.Status != store.TodoDone {
		t.Errorf("the to-do is %s after its Done button", got.Status)
	}
	noFailures(t, e)
}

// An edit that gives the partner no new to-do (notes alone, or a to-do of
// the logger's own) sends the partner nothing new: their DM of the session
// follows the notes, as before. Nor is the logger told of their own to-do.
func TestSessionEditWithoutANewTodoForThePartnerSendsNothingNew(t *testing.T) {
	e := meetEnv(t)
	e.cmd(bob, "/session", "log we met todo: @alice send slides")
	old := e.waitDM(alice, "we met")
	e.advance(48 * time.Hour)
	id := e.sessionsStored()[0].ID
	last := e.sim.LastSeq()

	e.editSessionNotes(bob, id, "better notes")
	e.schedWaitMessage(old, func(m slacksim.Message) bool { return contains(m, "better notes") })
	if got := e.postedSince(alice, last); len(got) != 0 {
		t.Errorf("alice has %d new DMs after an edit of the notes alone:%s", len(got), describe(got))
	}

	last = e.sim.LastSeq() // bob's own copy of the session came with the first edit
	e.editSessionNotes(bob, id, "better notes todo: @bob polish the CV")
	if got := e.sessionTodo(id, "polish the CV"); got.OwnerID != bob {
		t.Fatalf("the to-do is %s's", got.OwnerID)
	}
	e.schedWaitMessage(old, func(m slacksim.Message) bool { return contains(m, "polish the CV") })
	if got := e.postedSince(alice, last); len(got) != 0 {
		t.Errorf("alice has %d new DMs after bob gave himself a to-do:%s", len(got), describe(got))
	}
	// The answer to the edit says the notes were saved; nothing more
	// tells bob of what he just typed.
	for _, m := range e.postedSince(bob, last) {
		if contains(m, "polish the CV") {
			t.Errorf("bob has a new DM of his own to-do:%s", describe([]slacksim.Message{m}))
		}
	}
	noFailures(t, e)
}

// A to-do added while the partner's DM of the session has yet to go
// (waiting out a Slack error) goes in that DM, a new message: no second
// message tells of it.
func TestSessionEditBeforeThePartnersDMWentSendsOneMessage(t *testing.T) {
	e := meetEnv(t)
	e.settle()
	last := e.sim.LastSeq()
	e.sim.FailNext("chat.postMessage", 1, "internal_error", 500)
	e.cmd(bob, "/session", "log we met todo: update my CV")
	e.eventually("alice's DM of the session to wait for its retry", func() bool {
		for _, n := range e.notes() {
			if n.RecipientID == alice && n.Kind == "session_logged" && n.Status == store.NoteSending && n.LastError != "" {
				return true
			}
		}
		return false
	})
	id := e.sessionsStored()[0].ID
	e.editSessionNotes(bob, id, "better notes todo: @alice send slides")
	e.advance(maxRetryBackoff)
	var got []slacksim.Message // the good-fit check that follows a first session aside
	for _, m := range e.postedSince(alice, last) {
		if contains(m, "send slides") {
			got = append(got, m)
		}
	}
	if len(got) != 1 || !contains(got[0], "better notes") {
		t.Errorf("alice has %d new DMs of the to-do, want her DM of the session alone:%s", len(got), describe(got))
	}
	noFailures(t, e)
}
