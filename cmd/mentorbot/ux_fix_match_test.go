package main

import (
	"strings"
	"testing"
)

// Six hours apart is no reason to pair two people: the proposal DM shows it
// as a note, not under "Why you two".
func TestMatchProposalNotesAFarZoneInsteadOfGivingItAsAReason(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", topics: []string{"Go"}})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	matchEventually(e, "the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })
	ask := blockText(matchDM(e, bob, "A mentoring match for you").Blocks)
	why, _, _ := strings.Cut(ask[strings.Index(ask, "*Why you two:*"):], "\n")
	if strings.Contains(why, "apart") || !strings.Contains(why, "both: Go") {
		t.Errorf("the reasons line = %q", why)
	}
	if !strings.Contains(ask, "Note: time zones 6 h apart") {
		t.Errorf("bob's proposal DM has no note of the zones: %s", ask)
	}
	matchNoFailures(e)
}
