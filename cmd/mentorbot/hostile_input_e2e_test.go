package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Hostile and over-long input, typed as people type it: the answer names
// the limit, shows what was typed as typed (and not a page of it), and
// nothing changes.

// More to-dos than one /session done closes are refused with the limit,
// not with the usage, which reads as if the numbers were written wrong.
func TestSessionDoneWithTooManyNumbersNamesTheLimit(t *testing.T) {
	e := newEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	var todos []string
	for i := range 11 {
		todos = append(todos, "todo: task "+string(rune('a'+i)))
	}
	if got := e.cmd(alice, "/session", "log <@UBOB> notes "+strings.Join(todos, " ")); !strings.Contains(got, "*To-dos* (11)") {
		t.Fatalf("log: %q", got)
	}
	got := e.cmd(bob, "/session", "done 1 2 3 4 5 6 7 8 9 10 11")
	if !strings.Contains(got, "up to 10") || !strings.Contains(got, "11") || strings.HasPrefix(got, "Usage") {
		t.Errorf("/session done with 11 numbers = %q; want the limit of 10 named", got)
	}
	if open := e.cmd(bob, "/session", "todos"); !strings.Contains(open, "(11)") {
		t.Errorf("a refused /session done closed to-dos: %q", open)
	}
	// Ten is fine.
	if got := e.cmd(bob, "/session", "done 1 2 3 4 5 6 7 8 9 10"); strings.Count(got, "done (marked by you)") < 10 {
		t.Errorf("/session done with 10 numbers = %q", got)
	}
}

// A topic that is too long, or has a comma, is echoed as typed — not in
// Go's quoting, with backslashes before quotes and \u escapes for
// invisible characters — and briefly, whatever was pasted; a topic to
// remove that is not on the list too.
func TestTopicRefusalsEchoTheTopicAsTypedAndBriefly(t *testing.T) {
	e := newEnv(t)
	long := `A "talk" on ` + "\u202eRTL\u202c" + strings.Repeat(" &amp; more", 400)
	got := e.cmd(dana, "/mentor", "topics add "+long)
	if !strings.Contains(got, "the limit is 60") {
		t.Fatalf("too long a topic: %q", got)
	}
	for _, bad := range []string{`\"`, `\u`} {
		if strings.Contains(got, bad) {
			t.Errorf("the refusal shows %q, not what was typed: %.300q", bad, got)
		}
	}
	// As typed, but for the bidirectional controls: left in, a cut that
	// drops the closing one would show the rest of the answer reversed.
	if !strings.Contains(got, `A "talk" on `+"\ufffdRTL\ufffd") {
		t.Errorf("the refusal does not show the topic's start as typed, bidi controls made visible: %.300q", got)
	}
	if n := utf8.RuneCountInString(got); n > 400 {
		t.Errorf("the refusal is %d characters long; it echoes the whole paste: %.200q…", n, got)
	}
	if list := e.cmd(dana, "/mentor", "topics"); strings.Contains(list, "talk") {
		t.Errorf("a refused topic was stored: %q", list)
	}
	got = e.cmd(dana, "/mentor", "topics remove "+strings.Repeat("&amp;", 3000))
	if !strings.Contains(got, "Not on the list") {
		t.Fatalf("remove an unknown topic: %q", got)
	}
	if n := utf8.RuneCountInString(got); n > 400 {
		t.Errorf("the answer to removing an unknown topic is %d characters long: %.200q…", n, got)
	}
}
