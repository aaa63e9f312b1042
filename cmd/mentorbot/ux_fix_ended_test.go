package main

import (
	"strings"
	"testing"
)

// Someone whose pair has ended is told so, not that they were never in
// one, and /mentor pairs shows the ended pair with the day it ended.
func TestSomeoneWhosePairEndedIsToldSoAndSeesItListed(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end @bob = %q", got)
	}
	e.settle()

	// The Log session button of an old follow-up (same action and value).
	got := e.press(bob, "session_log_open", itoa(p.ID)+":2026-11-05")
	if strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "Your pair with <@UALICE> ended on") {
		t.Errorf("Log session on an ended pair's follow-up = %q", got)
	}
	for _, c := range []struct{ user, command, text string }{
		{bob, "/mentor", "skip"},
		{bob, "/mentor", "next"},
		{alice, "/mentor", "agenda"},
	} {
		got := e.cmd(c.user, c.command, c.text)
		if strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "ended on") {
			t.Errorf("%s %s after the pair ended = %q", c.command, c.text, got)
		}
	}
	if got := e.cmd(bob, "/mentor", "skip <@UALICE|alice>"); !strings.Contains(got, "Your pair with <@UALICE> ended on") {
		t.Errorf("/mentor skip @alice after the pair ended = %q", got)
	}

	got = e.cmd(bob, "/mentor", "pairs")
	if strings.Contains(got, "not in a pair yet") || !strings.Contains(got, "*Ended* (1)") ||
		!strings.Contains(got, "• <@UALICE> mentored you — ended <!date^") {
		t.Errorf("bob's /mentor pairs = %q", got)
	}
	got = e.cmd(alice, "/mentor", "pairs")
	if !strings.Contains(got, "• You mentored <@UBOB> — ended <!date^") {
		t.Errorf("alice's /mentor pairs = %q", got)
	}

	// A new pair is listed above the ended one.
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and carol: %q", got)
	}
	got = e.cmd(alice, "/mentor", "pairs")
	live, ended, ok := strings.Cut(got, "*Ended* (1)")
	if !ok || !strings.Contains(live, "*Your pairs* (1)\n• You mentor <@UCAROL>") || !strings.Contains(ended, "You mentored <@UBOB>") {
		t.Errorf("alice's /mentor pairs with a live and an ended pair = %q", got)
	}
	// Someone never in a pair still hears how to get one; an admin (erin,
	// per Slack) is pointed to the programme's pairs.
	if got := e.cmd("UNOTZ", "/mentor", "pairs"); !strings.Contains(got, "You're not in a pair yet") {
		t.Errorf("a newcomer's /mentor pairs = %q", got)
	}
	if got := e.cmd(erin, "/mentor", "pairs"); !strings.Contains(got, "`/mentor pairs all` lists the programme's pairs") {
		t.Errorf("erin's /mentor pairs = %q", got)
	}
}
