package main

import (
	"strings"
	"testing"
)

// End-to-end tests of /session found by an outside audit.

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
