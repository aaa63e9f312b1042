package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of a session's to-dos: how they are typed (one that
// starts with a possessive, one that is only a name), and how the
// logger's own DMs of the session follow them.

// A mention followed by "'s" is what the to-do is about, not its owner:
// "@bob's deck review" is the mentee's by default and keeps its text, in
// /session log and in the form alike.
func TestSessionTodoWithPossessiveMention(t *testing.T) {
	e := meetEnv(t)
	for _, todo := range []string{"<@UALICE|alice>'s deck review", "<@UALICE|alice>’s deck review"} {
		got := e.cmd(alice, "/session", "log notes todo: "+todo)
		if !strings.Contains(got, "@alice's deck review — <@UBOB>") && !strings.Contains(got, "@alice’s deck review — <@UBOB>") {
			t.Errorf("/session log todo: %s = %q", todo, got)
		}
	}

	e.cmd(alice, "/session", "")
	v := e.waitModal(alice, "session_log")
	sub, err := e.sim.SubmitView(meetCtx(e), alice, v.ID, map[string]map[string]any{
		"notes": {"notes": "went well"},
		"todos": {"todos": "@alice's deck review\n@bob’s slides"},
	})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("form with possessives: %v %v", err, sub)
	}
	confirm := e.waitDM(alice, "Logged session")
	if text := blockText(confirm.Blocks); !strings.Contains(text, "@alice's deck review — <@UBOB>") || !strings.Contains(text, "@bob’s slides — <@UBOB>") {
		t.Errorf("form's confirmation: %s", text)
	}
}

// A to-do that is only a name gets the same answer after "todo:" as in the
// form's To-dos field: it names someone, not what to do.
func TestSessionTodoOnlyANameSaysSo(t *testing.T) {
	e := meetEnv(t)
	for _, args := range []string{"log notes todo: <@UALICE|alice>", "log notes todo: @me", "log notes todo: <@UBOB>:"} {
		got := e.cmd(alice, "/session", args)
		if !strings.Contains(got, "To-do 1 names someone but not what to do") || !strings.Contains(got, "Nothing was logged.") {
			t.Errorf("/session %s = %q", args, got)
		}
	}
	if got := e.cmd(alice, "/session", "log notes todo:   "); !strings.Contains(got, "To-do 1 is empty") {
		t.Errorf("an empty to-do: %q", got)
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Errorf("refused logs stored %+v", ss)
	}
}

// The DM that confirms a session logged with the form is the logger's own
// copy of it: a to-do closed elsewhere (by the partner's /session done, or
// in the partner's copy) shows done there too, without its Done button,
// as it does in the partner's copy. Logged from the follow-up's button or
// from /session typed in the DM with the bot.
func TestSessionFormConfirmationFollowsItsTodos(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.cmd(alice, "/mentor", "meet weekly thu 15:00") // 14:00 UTC
	thu := utc(2026, 11, 5, 14, 0)
	e.schedWalk(schedAt("2026-11-05 16:00"))
	fu := e.schedDM(fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), alice))
	e.schedClick(alice, fu, "session_log_open")
	v := e.waitModal(alice, "session_log")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{
		"notes": {"notes": "Went well"},
		"todos": {"todos": "@bob send recap\n@me book the room"},
	}); !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("alice's form: closed %v, errors %v", res.Closed, res.Errors)
	}
	mine := e.waitDM(alice, "Logged session")
	recap := sessionTodoNumber(t, blockText(mine.Blocks), "send recap")
	room := sessionTodoNumber(t, blockText(mine.Blocks), "book the room")
	e.settle()
	if n := len(e.dms(alice, "Logged session")); n != 1 {
		t.Errorf("alice got %d confirmations", n)
	}

	// Bob closes his by command: alice's copy shows it done.
	if got := e.cmd(bob, "/session", fmt.Sprintf("done %d", recap)); !strings.Contains(got, "done") {
		t.Fatalf("bob's /session done: %q", got)
	}
	e.idle()
	e.schedWaitMessage(mine, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d send recap~ — done (marked by <@UBOB>)", recap)) &&
			!strings.Contains(string(m.Blocks), fmt.Sprintf("todo_done_%d", recap)) &&
			strings.Contains(string(m.Blocks), fmt.Sprintf("todo_done_%d", room))
	})
	// Alice closes hers in her copy: it shows done, bob's stays done.
	e.schedClick(alice, mine, fmt.Sprintf("todo_done_%d", room))
	e.idle()
	e.schedWaitMessage(mine, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d book the room~ — done (marked by you)", room)) &&
			contains(m, fmt.Sprintf("~#%d send recap~ — done", recap)) && !strings.Contains(string(m.Blocks), "todo_done_")
	})

	// /session in the DM with the bot, then the partner closes both.
	e.cmd(bob, "/session", "")
	v = e.waitModal(bob, "session_log")
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"notes": {"notes": "coffee"}, "todos": {"todos": "read the SRE book\n@alice intro to the SRE team"}}); !res.Closed {
		t.Fatalf("bob's form: errors %v", res.Errors)
	}
	bobs := e.waitDM(bob, "Logged session")
	book := sessionTodoNumber(t, blockText(bobs.Blocks), "read the SRE book")
	intro := sessionTodoNumber(t, blockText(bobs.Blocks), "intro to the SRE team")
	if !contains(bobs, "already logged this meeting") {
		t.Errorf("bob's confirmation lacks the note of alice's session of that meeting: %s", blockText(bobs.Blocks))
	}
	e.settle()
	if got := e.cmd(alice, "/session", fmt.Sprintf("done %d %d", book, intro)); !strings.Contains(got, "done") {
		t.Fatalf("alice's /session done: %q", got)
	}
	e.idle()
	e.schedWaitMessage(bobs, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d read the SRE book~ — done (marked by <@UALICE>)", book)) &&
			contains(m, fmt.Sprintf("~#%d intro to the SRE team~ — done", intro)) &&
			!strings.Contains(string(m.Blocks), "todo_done_") && contains(m, "already logged this meeting")
	})
}

// staleDoneButtons lists the DMs user sees from the bot that still offer
// a Done button for to-do id.
func (e *env) staleDoneButtons(user string, id int64) []string {
	var out []string
	for _, m := range e.dms(user, "") {
		if strings.Contains(string(m.Blocks), fmt.Sprintf(`"todo_done_%d"`, id)) {
			out = append(out, blockText(m.Blocks))
		}
	}
	return out
}

// The DM that confirms an edit of a session's notes, for a session with no
// DM of its logger's yet (logged by command), becomes the logger's copy of
// the session's DM: a to-do closed elsewhere shows done there, without its
// Done button.
func TestSessionEditConfirmationFollowsItsTodos(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	got := e.cmd(bob, "/session", "log Talked todo: @me write RFC todo: read the book")
	rfc, book := sessionTodoNumber(t, got, "write RFC"), sessionTodoNumber(t, got, "read the book")
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	e.settle()
	e.cmd(bob, "/session", fmt.Sprintf("edit %d", ss[0].ID))
	v := e.waitModal(bob, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"notes": {"notes": "Talked a lot"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	answer := e.waitDM(bob, "Saved the notes of session")
	if !contains(answer, "Talked a lot") || !strings.Contains(string(answer.Blocks), fmt.Sprintf("todo_done_%d", rfc)) {
		t.Fatalf("the edit's confirmation: %s", blockText(answer.Blocks))
	}
	e.settle()

	// Alice closes one, bob the other: the confirmation follows both.
	e.cmd(alice, "/session", fmt.Sprintf("done %d", rfc))
	e.idle()
	e.schedWaitMessage(answer, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d write RFC~ — done (marked by <@UALICE>)", rfc)) &&
			!strings.Contains(string(m.Blocks), fmt.Sprintf("todo_done_%d", rfc)) &&
			strings.Contains(string(m.Blocks), fmt.Sprintf("todo_done_%d", book)) && contains(m, "Talked a lot")
	})
	e.cmd(bob, "/session", fmt.Sprintf("done %d", book))
	e.idle()
	e.schedWaitMessage(answer, func(m slacksim.Message) bool { return !strings.Contains(string(m.Blocks), "todo_done_") })
	e.settle()
	for _, id := range []int64{rfc, book} {
		if stale := e.staleDoneButtons(bob, id); len(stale) > 0 {
			t.Errorf("bob's DMs still offer Done for #%d: %q", id, stale)
		}
	}
	noFailures(t, e)
}

// An edit of the notes of a session whose logger has a DM of it (the log
// form's confirmation) revises that DM in the edit's commit, as it does
// the partner's, and its own confirmation is no second copy with Done
// buttons that would go stale.
func TestSessionEditRevisesTheLoggersOwnDM(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.cmdIn(bob, e.dmChannel(bob), "/session", "")
	v := e.waitModal(bob, "session_log")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"date": {"date": "2026-11-02"}, "notes": {"notes": "first draft of the notes"}, "todos": {"todos": "update my CV"},
	}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("log: %v %+v", err, sub)
	}
	own := e.waitDM(bob, "first draft of the notes")
	cv := sessionTodoNumber(t, blockText(own.Blocks), "update my CV")
	e.settle()
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}

	e.cmd(bob, "/session", fmt.Sprintf("edit %d", ss[0].ID))
	v = e.waitModal(bob, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"notes": {"notes": "the notes, mended"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("edit: %v %+v", err, sub)
	}
	e.idle()
	e.schedWaitMessage(own, func(m slacksim.Message) bool {
		return contains(m, "the notes, mended") && !contains(m, "first draft") && strings.Contains(string(m.Blocks), fmt.Sprintf("todo_done_%d", cv))
	})
	answer := e.waitDM(bob, "Saved the notes of session")
	if !contains(answer, "My message of it in our DM shows the new notes now") {
		t.Errorf("the edit's confirmation: %s", answer.Text)
	}
	e.settle()

	// Edited from a channel: the answer there, ephemeral, which the bot
	// cannot edit, points to the DM too, which shows the new notes.
	e.cmdIn(bob, "C0GENERAL", "/session", fmt.Sprintf("edit %d", ss[0].ID))
	v = e.waitModal(bob, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"notes": {"notes": "the notes, mended twice"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("edit in a channel: %v %+v", err, sub)
	}
	e.idle()
	e.schedWaitMessage(own, func(m slacksim.Message) bool { return contains(m, "the notes, mended twice") })
	eph, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.User == bob && m.Ephemeral && m.Channel == "C0GENERAL" && contains(m, "Saved the notes")
	})
	if err != nil || !contains(eph, "shows the new notes now") || strings.Contains(string(eph.Blocks), "todo_done_") {
		t.Errorf("the answer in the channel (%v): %s %s", err, eph.Text, eph.Blocks)
	}
	e.settle()

	e.cmd(alice, "/session", fmt.Sprintf("done %d", cv))
	e.idle()
	e.schedWaitMessage(own, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d update my CV~ — done (marked by <@UALICE>)", cv)) && contains(m, "the notes, mended twice")
	})
	e.settle()
	if stale := e.staleDoneButtons(bob, cv); len(stale) > 0 {
		t.Errorf("bob's DMs still offer Done for #%d: %q", cv, stale)
	}
	if cur, _ := e.sim.LookupMessage(answer.Channel, answer.TS); contains(cur, "update my CV") && !contains(cur, "done (marked by") {
		t.Errorf("the edit's confirmation shows the closed to-do open: %s", blockText(cur.Blocks))
	}
	noFailures(t, e)
}
