package main

import (
	"fmt"
	"testing"
)

// A goal saved from the form as "… by June" keeps its words; a later edit
// of its date alone is held to June as a new goal's is.
func TestGoalEditOfTheDateAloneAgreesWithTheGoalsWords(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(bob, "/goal", "")
	v := e.waitModal(bob, "goal_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Ship the CLI by June"}, "goal_due": {"due": "2027-06-15"}})
	if err != nil || !sub.Closed {
		t.Fatalf("add: %v %+v", err, sub)
	}
	gs := e.goalsStored(bob)
	id := gs[len(gs)-1].ID
	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", id))
	v = e.waitModal(bob, "goal_form")
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Ship the CLI by June"}, "goal_due": {"due": "2027-09-01"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range e.goalsStored(bob) {
		if g.ID == id {
			if sub.Closed || g.DueOn != "2027-06-15" {
				t.Errorf("a date outside June taken for a goal that says by June: stored %q due %s", g.Text, g.DueOn)
			}
		}
	}
}
