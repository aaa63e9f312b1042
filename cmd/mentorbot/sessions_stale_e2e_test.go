package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// When both members log the same meeting, the second is told that the
// first logged it already, and their session is kept beside it.
func TestSecondLogOfAMeetingSaysItWasLogged(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly tue 15:00")
	e.clock.Set(utc(2026, 11, 3, 15, 0))
	e.settle()
	first := e.cmd(alice, "/session", "log we talked about the SRE book")
	if !strings.Contains(first, "your meeting of") {
		t.Fatalf("alice's log = %q", first)
	}
	got := e.cmd(bob, "/session", "log my notes of our chat")
	if !strings.Contains(got, "<@UALICE> already logged this meeting as *#1*; if this is the same meeting, yours is kept beside it, as *#2*") {
		t.Errorf("bob's log of the same meeting = %q", got)
	}
}

// cmdMsg runs a slash command as user in their DM with the bot and
// returns the answer as a message, to press its buttons.
func (e *env) cmdMsg(user, command, text string) slacksim.Message {
	e.t.Helper()
	res := e.cmdIn(user, e.dmChannel(user), command, text)
	if res.Message == nil {
		e.t.Fatalf("%s %s %s: no answer message (ack %v)", user, command, text, res.Ack)
	}
	return *res.Message
}

// A row button of an ephemeral answer (Slack sends none of its blocks)
// redraws its row in place and keeps the others: Undo on one to-do of a
// /session done answer, Done on one of a /session log answer.
func TestRowButtonsOfAnswersRedrawInPlace(t *testing.T) {
	e := meetEnv(t)
	logged := e.cmdMsg(bob, "/session", "log <@UALICE|alice> we met todo: task A todo: task B todo: task C")
	text := blockText(logged.Blocks)
	a, b, c := sessionTodoNumber(t, text, "task A"), sessionTodoNumber(t, text, "task B"), sessionTodoNumber(t, text, "task C")
	if !logged.Ephemeral {
		t.Fatalf("the answer is not ephemeral: %+v", logged)
	}

	// Done on task C in the /session log answer: that row shows done, the
	// others keep their Done buttons.
	e.schedClick(bob, logged, fmt.Sprintf("todo_done_%d", c))
	e.idle()
	now := e.schedWaitMessage(logged, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d task C~ — done (marked by you)", c))
	})
	raw := string(now.Blocks)
	if !strings.Contains(raw, fmt.Sprintf("todo_done_%d", a)) || !strings.Contains(raw, fmt.Sprintf("todo_done_%d", b)) ||
		strings.Contains(raw, fmt.Sprintf("todo_done_%d", c)) || !contains(now, "Logged session") {
		t.Errorf("the /session log answer after Done on #%d: %s", c, blockText(now.Blocks))
	}

	// /session done A B, then Undo on A: B's row and its Undo stay.
	done := e.cmdMsg(bob, "/session", fmt.Sprintf("done %d %d", a, b))
	e.schedClick(bob, done, fmt.Sprintf("todo_reopen_%d", a))
	e.idle()
	now = e.schedWaitMessage(done, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("*#%d* task A — you", a))
	})
	raw = string(now.Blocks)
	if !contains(now, fmt.Sprintf("~#%d task B~ — done (marked by you)", b)) || !strings.Contains(raw, fmt.Sprintf("todo_reopen_%d", b)) ||
		!strings.Contains(raw, fmt.Sprintf("todo_done_%d", a)) {
		t.Errorf("the /session done answer after Undo on #%d: %s", a, blockText(now.Blocks))
	}
	// Done on A again, in the same answer: both done again.
	e.schedClick(bob, now, fmt.Sprintf("todo_done_%d", a))
	e.idle()
	e.schedWaitMessage(done, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d task A~ — done (marked by you)", a)) && contains(m, fmt.Sprintf("~#%d task B~ — done", b)) &&
			!strings.Contains(string(m.Blocks), "todo_done_")
	})

	// A Done button left behind, pressed on a to-do closed since, says it
	// was done already rather than that this press closed it.
	if got := e.press(bob, "todo_done", strconv.FormatInt(c, 10)); !strings.Contains(got, fmt.Sprintf("~#%d task C~ was already done (marked by you)", c)) {
		t.Errorf("a stale Done on #%d = %q", c, got)
	}
}

// After the logger of a session deletes their data, the partner's DM of
// it still works: Done on their own to-do shows it done there, and Done
// on one of the logger's, deleted with their data, says so.
func TestSessionDMAfterTheLoggerIsForgotten(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log <@UALICE|alice> we met todo: <@UALICE|alice> send article todo: read the book")
	article, book := sessionTodoNumber(t, got, "send article"), sessionTodoNumber(t, got, "read the book")
	dm := e.waitDM(alice, "<@UBOB> logged your session")
	e.settle()

	forget := pgForgetMessage(e, bob)
	pgClick(e, bob, forget, "forget_confirm")
	e.settle()

	// Done on bob's to-do, deleted with his data: the row says so.
	e.schedClick(alice, dm, fmt.Sprintf("todo_done_%d", book))
	e.idle()
	now := e.schedWaitMessage(dm, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d~ — deleted when <@UBOB> deleted their data", book))
	})
	if raw := string(now.Blocks); strings.Contains(raw, fmt.Sprintf("todo_done_%d", book)) || !strings.Contains(raw, fmt.Sprintf("todo_done_%d", article)) {
		t.Errorf("alice's DM after Done on bob's deleted to-do: %s", blockText(now.Blocks))
	}
	if len(e.dms(alice, "couldn't find")) > 0 {
		t.Error("alice was told her Done found no to-do")
	}
	// Done on her own: shown done, in place.
	e.schedClick(alice, now, fmt.Sprintf("todo_done_%d", article))
	e.idle()
	now = e.schedWaitMessage(dm, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d send article~ — done (marked by you)", article))
	})
	if strings.Contains(string(now.Blocks), "todo_done_") || !contains(now, fmt.Sprintf("~#%d~ — deleted when <@UBOB>", book)) {
		t.Errorf("alice's DM after her Done: %s", blockText(now.Blocks))
	}
}

// The follow-up's form submitted after the partner ended the pair logs
// nothing (an ended pair takes no session) but keeps what was typed: the
// form closes and its notes and to-dos come back to keep.
func TestSessionFormAfterThePairEndedKeepsTheNotes(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	thu := utc(2026, 11, 5, 14, 0)
	e.schedWalk(schedAt("2026-11-05 16:00"))
	fu := e.schedDM(fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), bob))
	e.schedClick(bob, fu, "session_log_open")
	v := e.waitModal(bob, "session_log")

	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(strings.ToLower(got), "end") {
		t.Fatalf("alice ends the pair: %q", got)
	}
	e.settle()
	res := e.schedSubmit(bob, v, map[string]map[string]any{"notes": {"notes": "we talked about a<b & the SRE book"}, "todos": {"todos": "read chapter 3"}})
	if !res.Closed {
		t.Fatalf("bob's form: not closed, errors %v", res.Errors)
	}
	got := e.waitDM(bob, "so I couldn't log this session")
	text := blockText(got.Blocks)
	if !strings.Contains(text, "> we talked about a&lt;b &amp; the SRE book") || !strings.Contains(text, "> read chapter 3") || !strings.Contains(text, "<@UALICE>") {
		t.Errorf("bob's notes given back: %s", text)
	}
	if n := len(e.dms(alice, "logged your session")) + len(e.dms(bob, "Logged session")); n != 0 {
		t.Errorf("%d DMs of a session logged", n)
	}
}
