package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// End-to-end tests of /mentor next's wording. testStart is Monday
// 2026-11-02 08:00 UTC.

// /mentor next describes a paused schedule, and one with nothing ahead,
// without parentheses inside parentheses.
func TestHoursNextReadsCleanly(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly tue 15:00")
	e.meetAnswer(alice, "/mentor", "pause")
	got := e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(got, "are *paused*: every Tuesday at 15:00 (Europe/Berlin). `/mentor resume @alice` starts them again.") {
		t.Errorf("paused: %q", got)
	}
	nested := func(s string) bool { return strings.Contains(s, "))") || strings.Contains(s, "((") }
	if nested(got) {
		t.Errorf("nested parentheses: %q", got)
	}

	e.meetAnswer(alice, "/mentor", "resume")
	e.meetAnswer(alice, "/mentor", "meet 2026-11-10 15:00")
	e.meetAnswer(alice, "/mentor", "skip")
	got = e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(got, "and there is no meeting after it; your schedule was once, on Tue 10 Nov 2026 at 15:00 (Europe/Berlin).") || nested(got) {
		t.Errorf("a skipped one-off: %q", got)
	}

	// A one-off that took place: nothing ahead.
	e.meetAnswer(alice, "/mentor", "meet 2026-11-03 15:00")
	e.advance(48 * time.Hour)
	got = e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(got, "have no upcoming meeting; your schedule was once, on Tue 3 Nov 2026 at 15:00 (Europe/Berlin). Set the next one with") || nested(got) {
		t.Errorf("a one-off that took place: %q", got)
	}
}

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
