package main

import (
	"strings"
	"testing"
)

// /mentor leave says that pairs carry on only to someone in a pair.
func TestLeaveSaysPairsCarryOnOnlyToSomeoneInAPair(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	if got := e.cmd(grace, "/mentor", "leave"); !strings.Contains(got, "You've left matching") || strings.Contains(got, "carr") {
		t.Errorf("leave by someone in no pair = %q; want no word of pairs", got)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair = %q", got)
	}
	matchJoin(e, bob, signup{role: "mentor", other: "Go", capacity: "1"})
	if got := e.cmd(bob, "/mentor", "leave"); !strings.Contains(got, "You've left matching") || !strings.Contains(got, "The pair you're already in carries on") {
		t.Errorf("leave by someone in a pair = %q; want that the pair carries on", got)
	}
	matchNoFailures(e)
}

// A second /mentor leave says they already left (and how to join again);
// someone who never joined reads that they aren't signed up.
func TestLeavingTwiceSaysYouAlreadyLeft(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(carol, "/mentor", "leave"); !strings.Contains(got, "not signed up") || !strings.Contains(got, "`/mentor join`") || strings.Contains(got, "already left") {
		t.Errorf("leave by someone who never joined = %q", got)
	}
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	e.cmd(grace, "/mentor", "leave")
	got := e.cmd(grace, "/mentor", "leave")
	if !strings.Contains(got, "already left") || !strings.Contains(got, "`/mentor join`") || strings.Contains(got, "not signed up") {
		t.Errorf("second leave = %q; want that she already left, and how to join again", got)
	}
	matchNoFailures(e)
}
