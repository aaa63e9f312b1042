package main

import (
	"strings"
	"testing"
)

// "/goal progress 1" with no figure opens the progress form, as the goal's
// Update progress button does; for a goal that is not yours it opens
// nothing and says why.
func TestBareGoalProgressOpensTheForm(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmdIn(bob, e.dmChannel(bob), "/goal", "add Give 2 talks by 2026-12-15")

	if got := e.cmd(alice, "/goal", "progress 1"); !strings.Contains(got, "/goal comment") {
		t.Errorf("alice on bob's goal: %q", got)
	}
	if vs := e.sim.OpenViews(alice); len(vs) != 0 {
		t.Errorf("a form opened for alice on bob's goal: %+v", vs)
	}

	if got := e.cmd(bob, "/goal", "progress #1"); got != "" {
		t.Errorf("bare progress answered %q rather than opening the form", got)
	}
	v := e.waitModal(bob, "goal_progress_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_percent": {"percent": "40"},
		"goal_note":    {"note": "outline done"},
	})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("progress form: %v, %+v", err, sub)
	}
	if g := e.goalStored(1); g.Progress != 40 {
		t.Errorf("progress after the form = %d, want 40", g.Progress)
	}

	e.cmd(bob, "/goal", "done 1")
	if got := e.cmd(bob, "/goal", "progress 1"); !strings.Contains(got, "Goal #1 is done") {
		t.Errorf("bare progress on a done goal: %q", got)
	}
}
