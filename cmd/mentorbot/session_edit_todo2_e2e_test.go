package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// givenTodoDM has bob log a session with notes, two days later edit them
// to give alice a to-do ("send slides"), and returns the session's number,
// that to-do and alice's one new DM of it, with its Done button.
func givenTodoDM(e *env, notes string) (int64, store.Todo, slacksim.Message) {
	e.t.Helper()
	e.cmd(bob, "/session", "log "+notes)
	e.waitDM(alice, "we met")
	e.advance(48 * time.Hour)
	id := e.sessionsStored()[0].ID
	last := e.sim.LastSeq()
	e.editSessionNotes(bob, id, "better notes todo: @alice send slides")
	td := e.sessionTodo(id, "send slides")
	fresh := e.postedSince(alice, last)
	if len(fresh) != 1 || !contains(fresh[0], fmt.Sprintf("todo_done_%d", td.ID)) {
		e.t.Fatalf("alice has %d new DMs, want 1 of the to-do with its Done button:%s", len(fresh), describe(fresh))
	}
	return id, td, fresh[0]
}

// The DM of a to-do that an edit of a session's notes gave the partner is
// one more copy of that to-do with a Done button: closed another way
// (/session done, the Done button of the session's own DM), it shows the
// to-do done and offers the button no more, as the session's DM does. An
// edit never takes a to-do away or changes one, so a later edit, which
// sends a DM of its own new to-do, leaves the earlier DM as it is.
func TestSessionEditTodoDMFollowsItsTodoClosedElsewhere(t *testing.T) {
	for _, c := range []struct {
		name  string
		close func(e *env, id int64)
	}{
		{"by its owner's /session done", func(e *env, id int64) {
			if got := e.cmd(alice, "/session", fmt.Sprintf("done %d", id)); !strings.Contains(got, "one") {
				e.t.Fatalf("/session done %d: %q", id, got)
			}
		}},
		{"by the partner's /session done", func(e *env, id int64) {
			if got := e.cmd(bob, "/session", fmt.Sprintf("done %d", id)); !strings.Contains(got, "one") {
				e.t.Fatalf("bob's /session done %d: %q", id, got)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := meetEnv(t)
			id, td, given := givenTodoDM(e, "we met todo: update my CV")

			// A second edit gives her another to-do: the first DM's to-do
			// is still open and still hers to close there.
			last := e.sim.LastSeq()
			e.editSessionNotes(bob, id, "better notes todo: @alice book the room")
			if got := e.postedSince(alice, last); len(got) != 1 || !contains(got[0], "book the room") {
				t.Fatalf("alice's DMs after the second edit:%s", describe(got))
			}
			if m, _ := e.sim.LookupMessage(given.Channel, given.TS); !contains(m, fmt.Sprintf("todo_done_%d", td.ID)) {
				t.Errorf("the second edit took the Done button of an open to-do off the first DM: %s", blockText(m.Blocks))
			}

			c.close(e, td.ID)
			e.settle()
			m := e.schedWaitMessageFor(given, func(m slacksim.Message) bool {
				return !contains(m, fmt.Sprintf("todo_done_%d", td.ID))
			})
			if !contains(m, "send slides") || !contains(m, "done") {
				t.Errorf("alice's DM of the to-do, closed elsewhere: %s", blockText(m.Blocks))
			}
			noFailures(t, e)
		})
	}
}

// The DM of a to-do given by an edit says at its foot whether one is left
// to close: pressing Done on it says "All done.", and Undo there asks for
// it to be closed again, as the to-do's line does.
func TestSessionEditTodoDMFootFollowsItsButtons(t *testing.T) {
	e := meetEnv(t)
	_, td, given := givenTodoDM(e, "we met")
	open := fmt.Sprintf("`/session done %d`", td.ID)
	e.schedClick(alice, given, fmt.Sprintf("todo_done_%d", td.ID))
	m := e.schedWaitMessage(given, func(m slacksim.Message) bool { return contains(m, "All done.") })
	if contains(m, open) {
		t.Errorf("done, the DM still asks for it: %s", blockText(m.Blocks))
	}
	e.schedClick(alice, m, "todo_reopen_"+fmt.Sprint(td.ID))
	m = e.schedWaitMessage(given, func(m slacksim.Message) bool { return contains(m, open) })
	if contains(m, "All done.") {
		t.Errorf("opened again, the DM still says all done: %s", blockText(m.Blocks))
	}
	noFailures(t, e)
}
