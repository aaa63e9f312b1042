package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of /session once two people are paired again after an
// earlier pair of theirs ended: the earlier pair's sessions and to-dos
// read as the earlier pair's, in every list that shows them.

// listRow is the line of a /session list answer that shows session #n.
func listRow(t *testing.T, list string, n int) string {
	t.Helper()
	for _, l := range strings.Split(list, "\n") {
		if strings.Contains(l, "*#"+strconv.Itoa(n)+"*") {
			return l
		}
	}
	t.Fatalf("no session #%d in %q", n, list)
	return ""
}

// /session list without a name marks a session of an ended pair as the
// earlier pair's when the two are paired again, as /session list @bob
// does, so that it is not taken for the new pair's; a session of an
// ended pair with someone not paired again is not marked.
func TestSessionListUnnamedMarksTheEarlierPair(t *testing.T) {
	e := meetEnv(t)
	e.pair(alice, carol)
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> first chat"); !strings.Contains(got, "Logged session") {
		t.Fatalf("log with bob: %q", got)
	}
	if got := e.cmd(alice, "/session", "log <@UCAROL|carol> carol chat"); !strings.Contains(got, "Logged session") {
		t.Fatalf("log with carol: %q", got)
	}
	e.endPair(alice, carol)
	e.endPair(bob, alice)
	e.settle()
	e.pairAgain(alice, bob)
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> second chat"); !strings.Contains(got, "Logged session") {
		t.Fatalf("log with bob again: %q", got)
	}

	list := e.cmd(alice, "/session", "list")
	if row := listRow(t, list, 1); !strings.Contains(row, "with <@UBOB>") || !strings.Contains(row, "your earlier pair, ended") {
		t.Errorf("alice's list, the earlier pair's session: %q", row)
	}
	if row := listRow(t, list, 3); strings.Contains(row, "earlier") {
		t.Errorf("alice's list, the new pair's session is marked: %q", row)
	}
	// Carol and alice were paired once: nothing to tell apart.
	if row := listRow(t, list, 2); !strings.Contains(row, "with <@UCAROL>") || strings.Contains(row, "earlier") {
		t.Errorf("alice's list, the session with carol: %q", row)
	}
	// Both lists say the same of the same session.
	named := e.cmd(alice, "/session", "list <@UBOB|bob>")
	if row := listRow(t, named, 1); !strings.Contains(row, "your earlier pair, ended") {
		t.Errorf("alice's list with bob: %q", row)
	}
	if row := listRow(t, e.cmd(bob, "/session", "list"), 1); !strings.Contains(row, "your earlier pair, ended") {
		t.Errorf("bob's list, the earlier pair's session: %q", row)
	}
}

// /session todos @erin, once carol and erin are paired again, lists the
// open to-dos carol still has from their earlier pair, marked as its, as
// /session todos does; she closes them from there as from that list.
// Erin's to-dos of the earlier pair are hers alone to close, so carol's
// list leaves them out, and erin's own list has them.
func TestSessionTodosWithPartnerPairedAgainShowsTheEarlierPairs(t *testing.T) {
	e := newEnv(t)
	e.pair(carol, erin)
	got := e.cmd(carol, "/session", "log kick-off todo: @me send erin the slides todo: read chapter 3")
	slides := sessionTodoNumber(t, got, "send erin the slides")
	chapter := sessionTodoNumber(t, got, "read chapter 3")
	e.endPair(carol, erin)
	e.settle()
	e.pairAgain(carol, erin)

	// Before the new pair has a to-do of its own.
	named := e.cmd(carol, "/session", "todos <@UERIN|erin>")
	if strings.Contains(named, "no open to-dos") || !strings.Contains(named, "send erin the slides — from your pair with <@UERIN>, ended") {
		t.Errorf("carol's to-dos with erin, none yet in the new pair: %q", named)
	}
	if strings.Contains(named, "read chapter 3") {
		t.Errorf("carol is shown erin's to-do of the ended pair, which only erin may close: %q", named)
	}
	if !strings.Contains(named, "todo_done_"+strconv.FormatInt(slides, 10)) {
		t.Errorf("carol's earlier to-do has no Done button: %q", named)
	}
	unnamed := e.cmd(carol, "/session", "todos")
	if !strings.Contains(unnamed, "send erin the slides — from your pair with <@UERIN>, ended") {
		t.Errorf("carol's to-dos: %q", unnamed)
	}

	// The new pair's come first, the earlier pair's under the note.
	got = e.cmd(carol, "/session", "log catch-up todo: @me book the room")
	room := sessionTodoNumber(t, got, "book the room")
	named = e.cmd(carol, "/session", "todos <@UERIN|erin>")
	iRoom, iNote, iSlides := strings.Index(named, "book the room"), strings.Index(named, "From pairs that have ended"), strings.Index(named, "send erin the slides")
	if iRoom < 0 || iNote < iRoom || iSlides < iNote || !strings.Contains(named, "(2, 2 of them yours)") {
		t.Errorf("carol's to-dos with erin, both pairs: %q", named)
	}
	if strings.Contains(named, "book the room — from") {
		t.Errorf("the new pair's to-do is marked as an earlier pair's: %q", named)
	}

	// /session done closes the earlier one, as from /session todos.
	if got := e.cmd(carol, "/session", "done "+strconv.FormatInt(slides, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Errorf("carol closing her earlier to-do: %q", got)
	}
	named = e.cmd(carol, "/session", "todos <@UERIN|erin>")
	if strings.Contains(named, "send erin the slides") || strings.Contains(named, "ended") || !strings.Contains(named, "book the room") {
		t.Errorf("carol's to-dos with erin after done: %q", named)
	}

	// Erin's list with carol has her own earlier to-do, which its Done
	// button closes.
	res := e.cmdIn(erin, e.dmChannel(erin), "/session", "todos <@UCAROL|carol>")
	if res.Message == nil {
		t.Fatal("erin's to-dos with carol showed nothing")
	}
	hers := ackText(t, res)
	if res.Ack == nil {
		hers = res.Message.Text + "\n" + blockText(res.Message.Blocks)
	}
	if !strings.Contains(hers, "read chapter 3 — from your pair with <@UCAROL>, ended") || !strings.Contains(hers, "book the room") {
		t.Errorf("erin's to-dos with carol: %q", hers)
	}
	if _, err := e.sim.ClickButton(meetCtx(e), erin, *res.Message, "todo_done_"+strconv.FormatInt(chapter, 10)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "erin's earlier to-do to be closed", func() bool {
		td, err := e.app.DB.Todo(e.ctx, erin, chapter)
		return err == nil && td.Status == store.TodoDone && td.DoneBy == erin
	})
	if td, err := e.app.DB.Todo(e.ctx, carol, room); err != nil || td.Status != store.TodoOpen {
		t.Errorf("the new pair's to-do: %+v, %v", td, err)
	}
}
