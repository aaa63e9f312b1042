package main

import (
	"strings"
	"testing"
)

// End-to-end tests of /session found by an outside audit: to-dos that
// start with a possessive, a to-do that is only a name.

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
