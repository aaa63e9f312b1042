package main

import (
	"strings"
	"testing"
)

// The same meetings set again with another length are a change, said as
// one to both (the answer and the partner's DM), though not as a new
// schedule that replaces the old: the meetings, their skips and agenda,
// stay as they were.
func TestMeetWithAnotherLengthSaysSo(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00")
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00 for 45m")
	want := "_Only their length changed, from 30 min to 45 min; the meetings are the same._"
	if !strings.Contains(got, "45 min.") || !strings.Contains(got, want) || strings.Contains(got, "replaces") {
		t.Errorf("a new length is not said: want %q in\n%s", want, got)
	}
	dm := e.waitDM(bob, "45 min")
	if text := dm.Text + "\n" + blockText(dm.Blocks); !strings.Contains(text, want) {
		t.Errorf("bob's DM does not say the length changed: want %q in\n%s", want, text)
	}

	// A one-off too; and another time with another length names the
	// old length with the schedule it replaces.
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-20 10:00")
	if got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> 2026-11-20 10:00 for 1h"); !strings.Contains(got, "_Only their length changed, from 30 min to 1 h;") {
		t.Errorf("a one-off's new length: %s", got)
	}
	got = e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 16:00")
	if want := "_This replaces the earlier schedule: once, on Fri 20 Nov 2026 at 10:00 (Europe/Berlin), 1 h._"; !strings.Contains(got, want) || strings.Contains(got, "Only their length") {
		t.Errorf("a new time and length: want %q in\n%s", want, got)
	}
}

// Paused meetings set again with another length are back on: that is
// not "only" a new length, and the meetings are not the same as they
// were, paused; both the setter and the partner are told.
func TestMeetAnotherLengthWhilePausedResumes(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00")
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00 for 45m")
	want := "_Their length changed, from 30 min to 45 min._"
	if !strings.Contains(got, want) || !strings.Contains(got, "Your paused meetings are back on.") || strings.Contains(got, "Only their length") || strings.Contains(got, "the same") {
		t.Errorf("resumed with a new length: want %q and no \"only\" in\n%s", want, got)
	}
	dm := e.waitDM(bob, "45 min")
	if text := dm.Text + "\n" + blockText(dm.Blocks); !strings.Contains(text, want) || strings.Contains(text, "Only their length") {
		t.Errorf("bob's DM: want %q and no \"only\" in\n%s", want, text)
	}
}
