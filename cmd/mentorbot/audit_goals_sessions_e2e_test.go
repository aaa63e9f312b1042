package main

import (
	"fmt"
	"strings"
	"testing"
)

// End-to-end tests from an audit of /goal and /session as people use them.

// The form that edits a session's notes shows them as they read, "@carol",
// not in Slack's markup ("<@UCAROL|carol>"), as the goal form does; saved
// unchanged, or edited around a mention, the notes keep the mention.
func TestSessionEditFormShowsNotesAsTheyRead(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log talked with <@UCAROL|carol> about <https://go.dev|Go> &amp; more")
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	id := ss[0].ID
	stored := ss[0].Notes

	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v := goalWaitView(t, e, alice, "session_edit_form")
	shown := initialValue(t, v, "notes")
	if want := "talked with @carol about https://go.dev & more"; shown != want {
		t.Errorf("the form shows the notes as %q, want %q", shown, want)
	}

	// Saved as shown: the notes are as they were, the mention kept.
	if sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": shown}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); got.Notes != stored {
		t.Errorf("notes saved unchanged are now %q, were %q", got.Notes, stored)
	}

	// Edited around the mention: the mention stays one.
	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v = goalWaitView(t, e, alice, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "talked with @carol about testing"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); !strings.Contains(got.Notes, "<@UCAROL|carol>") || !strings.Contains(got.Notes, "about testing") {
		t.Errorf("edited notes are %q", got.Notes)
	}
	noFailures(t, e)
}

// Someone in no pair who logs a session is told so in a sentence that
// reads right: "… yet. To start one: ask someone …", not "… yet. ask
// someone …"; for an admin, the same with how they make one.
func TestNoPairAnswerReadsAsSentences(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{carol, dana} {
		got := e.cmd(who, "/session", "log we met todo: something")
		if !strings.Contains(got, "You're not in a mentoring pair yet. To start one: ") {
			t.Errorf("%s's /session log outside a pair: %q", who, got)
		}
	}
}

// A name Slack did not make a mention of ("@bobb": misspelt, or nobody in
// the workspace) is answered as /session list answers it: that person
// could not be found, and how to pick them; not with the bare usage, which
// leaves the person to guess what was wrong.
func TestUnknownNameInGoalListAndTodos(t *testing.T) {
	e := goalEnv(t)
	for _, c := range []struct{ command, text, usage string }{
		{"/goal", "list @bobb", "`/goal list @mentee`"},
		{"/goal", "list @bobb all", "`/goal list @mentee`"},
		{"/session", "todos @bobb", "`/session todos @partner`"},
	} {
		got := e.cmd(alice, c.command, c.text)
		if !strings.Contains(got, "I couldn't find @bobb in this workspace") || !strings.Contains(got, c.usage) {
			t.Errorf("%s %s: %q", c.command, c.text, got)
		}
	}
}

// Notes typed as a list, with a to-do on a bulleted line ("- todo: …"),
// keep their notes and lose the bullet: the bullet alone is not a line of
// the notes ("> -"), as the form's to-dos field drops it too.
func TestSessionLogBulletedTodoLines(t *testing.T) {
	e := goalEnv(t)
	got := e.cmd(bob, "/session", "log we talked about the CV\n- todo: update the CV\n• TODO: read the guide\n* todo: <@UALICE|alice> intro\n1. todo: book a room\n- and the next steps")
	for _, want := range []string{"update the CV — you", "read the guide — you", "intro — <@UALICE>", "book a room — you"} {
		if !strings.Contains(got, want) {
			t.Errorf("the answer has no %q: %q", want, got)
		}
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	if want := "we talked about the CV\n- and the next steps"; ss[0].Notes != want {
		t.Errorf("notes = %q, want %q", ss[0].Notes, want)
	}
}

// /goal share typed in a DM between two people (the mentee and a
// colleague) posts the goal there, for both to see, as the person asked:
// only in the DM with the bot, where nobody else would see a post, is the
// goal just shown to them, with how to share it.
func TestGoalShareInADMWithSomeone(t *testing.T) {
	e := goalEnv(t)
	n := goalNumberIn(t, e.goalAdd(bob, "Give 2 talks by 2026-12-15"))
	res := e.cmdIn(bob, e.sim.DirectMessage(bob, carol), "/goal", fmt.Sprintf("share %d", n))
	if rt := goalResponseType(t, res); rt != "in_channel" || strings.Contains(ackText(t, res), "only you see it") {
		t.Errorf("share in bob's DM with carol: %q, %q", rt, ackText(t, res))
	}
	res = e.cmdIn(bob, e.dmChannel(bob), "/goal", fmt.Sprintf("share %d", n))
	if rt := goalResponseType(t, res); rt != "ephemeral" || !strings.Contains(ackText(t, res), "only you see it") {
		t.Errorf("share in the DM with the bot: %q, %q", rt, ackText(t, res))
	}
	noFailures(t, e)
}

// /session log starting with a name Slack did not make a mention of
// ("@alcie": misspelt, or nobody in the workspace) was meant to name the
// partner: it is refused with how to pick them, as /mentor feedback and
// /session list refuse it, and nothing is logged (not a session of the
// only pair whose notes start "@alcie").
func TestSessionLogWithAnUnknownName(t *testing.T) {
	e := goalEnv(t)
	for _, text := range []string{"log @alcie we talked todo: x", "log @alcie"} {
		got := e.cmd(bob, "/session", text)
		if !strings.Contains(got, "I couldn't find @alcie in this workspace") || !strings.Contains(got, "Nothing was logged") {
			t.Errorf("/session %s: %q", text, got)
		}
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Errorf("logged: %+v", ss)
	}
}

// In the session form, "todo: …" typed in the notes (as /session log and
// its help teach) makes a to-do too, as in the slash command, beside those
// of the To-dos field; it does not stay in the notes, where it would read
// as a to-do that nobody has. A bad one is shown under the notes, and
// nothing is stored.
func TestSessionFormTodosInTheNotes(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	open := func() string {
		e.cmdIn(bob, e.dmChannel(bob), "/session", "")
		return goalWaitView(t, e, bob, "session_log").ID
	}
	v := open()
	sub, err := e.sim.SubmitView(ctx, bob, v, map[string]map[string]any{
		"date": {"date": "2026-11-02"}, "notes": {"notes": "talked about the CV todo: @carol send a template"}, "todos": {"todos": ""},
	})
	if err != nil || sub.Closed || !strings.Contains(sub.Errors["notes"], "@carol") {
		t.Errorf("a to-do in the notes for someone outside the pair: %v %+v", err, sub)
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Fatalf("stored %+v", ss)
	}
	sub, err = e.sim.SubmitView(ctx, bob, v, map[string]map[string]any{
		"date":  {"date": "2026-11-02"},
		"notes": {"notes": "talked about the CV\ntodo: update the CV todo: @alice send a template"},
		"todos": {"todos": "1. book a mock interview\n– read 1.5 chapters"},
	})
	if err != nil || !sub.Closed {
		t.Fatalf("log: %v %+v", err, sub)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	if ss[0].Notes != "talked about the CV" {
		t.Errorf("notes = %q", ss[0].Notes)
	}
	var got []string
	for _, td := range ss[0].Todos {
		got = append(got, td.OwnerID+":"+td.Text)
	}
	// The To-dos field's list marks go, as the notes' do.
	if want := "UBOB:update the CV|UALICE:send a template|UBOB:book a mock interview|UBOB:read 1.5 chapters"; strings.Join(got, "|") != want {
		t.Errorf("to-dos = %q, want %q", strings.Join(got, "|"), want)
	}
}
