package main

import (
	"strings"
	"testing"
)

// TestAdminsArePointedTheRightWay: an admin in no pair is pointed to the
// programme's pairs, not told to ask an admin; someone in no pair is told
// who the admins are, not given an admin's command; an admin's help lists
// the admin forms of topics and cohort under the admins' heading.
func TestAdminsArePointedTheRightWay(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(dana, "/mentor", "pairs"); !strings.Contains(got, "/mentor pairs all") || strings.Contains(got, "ask a programme admin") {
		t.Errorf("the admin's /mentor pairs: %q", got)
	}
	home := homeText(homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "How to get a mentor") }))
	if !strings.Contains(home, "*Ask a programme admin* (<@UDANA>)") || strings.Contains(home, "/mentor pair`") {
		t.Errorf("carol's Home:\n%s", home)
	}
	// An admin in no pair is not sent to ask an admin, herself.
	home = homeText(homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "How to get a mentor") }))
	if strings.Contains(home, "Ask a programme admin") || !strings.Contains(home, "Pair yourself up") {
		t.Errorf("dana's Home:\n%s", home)
	}
	if got := e.cmd(dana, "/session", "list"); strings.Contains(got, "ask a programme admin") || !strings.Contains(got, "/mentor pair @mentor @mentee") {
		t.Errorf("dana's /session list: %q", got)
	}
	help := e.cmd(dana, "/mentor", "help")
	_, admin, ok := strings.Cut(help, "*For programme admins*")
	if !ok || !strings.Contains(admin, "/mentor topics [add|remove") || !strings.Contains(admin, "/mentor cohort [start") {
		t.Errorf("the admin's help:\n%s", help)
	}
	if got := e.cmd(carol, "/mentor", "help"); strings.Contains(got, "[add|remove") || !strings.Contains(got, "/mentor topics") {
		t.Errorf("carol's help:\n%s", got)
	}
}

// TestNamingSomeoneWithNoPairSaysHowToGetOne: someone in no pair who names
// a partner is told how to get a pair, not pointed to an empty list.
func TestNamingSomeoneWithNoPairSaysHowToGetOne(t *testing.T) {
	e := newEnv(t)
	got := e.cmd(carol, "/mentor", "feedback <@UALICE|alice> thanks")
	if !strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "/mentor request @someone") {
		t.Errorf("carol's feedback to alice: %q", got)
	}
}
