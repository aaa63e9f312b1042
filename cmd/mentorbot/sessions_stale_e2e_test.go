package main

import (
	"strings"
	"testing"
	"time"
)

// When both members log the same meeting, the second is told that the
// first logged it already, and their session is kept beside it.
func TestSecondLogOfAMeetingSaysItWasLogged(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly tue 15:00")
	e.clock.Set(utc(2026, 11, 3, 15, 0))
	e.settle()
	first := e.cmd(alice, "/session", "log we talked about the SRE book")
	if !strings.Contains(first, "your meeting of") {
		t.Fatalf("alice's log = %q", first)
	}
	got := e.cmd(bob, "/session", "log my notes of our chat")
	t.Logf("bob: %s", got)
	if !strings.Contains(got, "<@UALICE> already logged this meeting as *#1*; yours is kept beside it, as *#2*") {
		t.Errorf("bob's log of the same meeting = %q", got)
	}
	_ = time.Second
}
