package main

import (
	"strings"
	"testing"
	"time"
)

// The partner told of a new schedule reads the one it replaces in their
// own time too, as they read the new one.
func TestReplacedScheduleIsInThePartnersTime(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
	e.waitDM(bob, "every Wednesday at 15:00")
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 16:00")
	m := e.waitDM(bob, "This replaces the earlier schedule")
	got := m.Text + "\n" + blockText(m.Blocks)
	if !strings.Contains(got, "This replaces the earlier schedule: every Wednesday at 15:00 (Europe/Berlin; Wednesday 09:00 your time") {
		t.Errorf("bob's DM of the new schedule:\n%s", got)
	}
}

// A one-off that has taken place is told to the partner in their own time
// too, when /mentor next says there is no meeting after it.
func TestPastOneOffIsInTheReadersTime(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-02 15:00")
	e.advance(24 * time.Hour)
	if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "your schedule was once, on Mon 2 Nov 2026 at 15:00 (Europe/Berlin; Mon 2 Nov 09:00 your time)") {
		t.Errorf("bob's /mentor next after the one-off:\n%s", got)
	}
}
