package main

import (
	"strconv"
	"strings"
	"testing"
)

// /mentor next says "None yet." of a pair's to-dos before it has had
// any, and "nicely done" once it closed those it had.
func TestHoursNextTodosNoneYet(t *testing.T) {
	e := meetEnv(t)
	got := e.meetAnswer(alice, "/mentor", "next")
	if !strings.Contains(got, "*Open to-dos*\n_None yet._") || strings.Contains(got, "nicely done") {
		t.Errorf("a pair that never had a to-do: %q", got)
	}
	logged := e.cmd(bob, "/session", "log notes todo: read the SRE book")
	n := sessionTodoNumber(t, logged, "read the SRE book")
	if got := e.meetAnswer(alice, "/mentor", "next"); !strings.Contains(got, "read the SRE book") {
		t.Errorf("an open to-do: %q", got)
	}
	e.cmd(bob, "/session", "done "+strconv.FormatInt(n, 10))
	if got := e.meetAnswer(alice, "/mentor", "next"); !strings.Contains(got, "_None — nicely done._") {
		t.Errorf("a pair that closed its to-dos: %q", got)
	}
}
