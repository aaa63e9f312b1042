package main

import (
	"strings"
	"testing"
)

// An admin's App Home shows the programme at a glance — counts only, as
// `/mentor report` does — and never a goal, a note or a to-do of a pair
// the admin is not in; reopening the Home shows the figures of now.
func TestAdminHomeShowsProgrammeFiguresWithoutPrivateText(t *testing.T) {
	e := newEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UCAROL|carol>")
	e.cmd(bob, "/goal", "add Ship the secret onboarding doc by 2027-01-15")
	e.cmd(bob, "/goal", "add Give 2 private talks by 2027-02-01")
	e.cmd(bob, "/goal", "done 1")
	e.cmd(bob, "/session", "log <@UALICE|alice> confidential career chat todo: hidden follow-up")
	e.idle()

	v := homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "Programme at a glance") })
	txt := homeText(v)
	for _, want := range []string{"*Pairs:* 2 active · 0 paused · 0 ended", "*Sessions logged:* 1", "*Meetings, last 30 days:* 1 held (logged) · 0 skipped", "*Goals:* 2 set · 1 done · 1 open", "/mentor report"} {
		if !strings.Contains(txt, want) {
			t.Errorf("dana's Home lacks %q:\n%s", want, txt)
		}
	}
	for _, private := range []string{"secret onboarding", "private talks", "confidential career", "hidden follow-up"} {
		if strings.Contains(txt, private) {
			t.Errorf("dana's Home shows a pair's private text %q:\n%s", private, txt)
		}
	}
	// Someone who is no admin sees no programme figures.
	if cv := homeOpen(e, carol, nil); strings.Contains(homeText(cv), "Programme at a glance") {
		t.Errorf("carol, no admin, sees the programme's figures:\n%s", homeText(cv))
	}

	e.cmd(erin, "/mentor", "end <@UCAROL|carol>")
	e.idle()
	homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "*Pairs:* 1 active · 0 paused · 1 ended") })
	pgNoFailures(e)
}
