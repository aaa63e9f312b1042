package main

import (
	"strings"
	"testing"
)

// alice's reminder, rendered with bob's agenda item, is held by a 429 when
// bob asks to be forgotten: it is not posted after his forget (their pair
// has ended with it, and the item is gone).
func TestForgetStopsAReminderWithTheirAgendaInFlight(t *testing.T) {
	e, _ := moveEnv(t)
	e.cmd(bob, "/mentor", "agenda wombat secret plan")
	e.schedWalk(schedAt("2026-11-04 13:59"))
	held, wait := e.dispatchHeldBy429(schedAt("2026-11-04 14:00"))
	if held != e.dmChannel(alice) {
		t.Fatalf("the DM held by the 429 is %s, want one of alice's", held)
	}
	pgForget(e, bob)
	after := len(e.sim.CallsTo("chat.postMessage"))
	wait()
	e.settle()
	e.idle()
	for _, c := range e.sim.CallsTo("chat.postMessage")[after:] {
		if c.Params.Get("channel") == e.dmChannel(alice) && (strings.Contains(c.Params.Get("text"), "wombat") || strings.Contains(c.Params.Get("blocks"), "wombat")) {
			t.Errorf("bob's agenda item posted to alice after his forget: %q", c.Params.Get("text"))
		}
	}
	for _, m := range e.dms(alice, "wombat") {
		t.Errorf("alice still sees bob's words: %q", m.Text)
	}
}
