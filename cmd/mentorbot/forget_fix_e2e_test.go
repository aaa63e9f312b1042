package main

import (
	"testing"
)

// When the person asked to mentor is forgotten, the requester, who may
// have no relationship with them, is told they left the programme, as a
// proposal's other person is, not that they asked for their data to be
// deleted.
func TestForgetOfTheOneAskedTellsTheRequesterNeutrally(t *testing.T) {
	e := newEnv(t)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	pgClick(e, alice, pgForgetMessage(e, alice), "forget_confirm")
	pgWait(e, alice, "your data is deleted")
	e.settle()
	m := e.waitDM(bob, "won't get an answer")
	if contains(m, "delete their data") || !contains(m, "left the programme") {
		t.Errorf("bob told of alice's forget: %q, want that she has left the programme", m.Text)
	}
}
