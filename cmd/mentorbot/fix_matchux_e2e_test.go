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

// The usage of /mentor leave does not speak of someone's pairs as if
// they had some: it is the same for everyone.
func TestLeaveUsageSpeaksOfPairsOnlyAsMaybe(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	got := e.cmd(grace, "/mentor", "leave now")
	if !strings.Contains(got, "Usage: `/mentor leave`") || strings.Contains(got, "Your pairs") {
		t.Errorf("leave usage to someone in no pair = %q; want no \"Your pairs\"", got)
	}
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

// A mentee open to any topic reads "you're open to any topic" in their
// proposal DM, and the mentor reads it with the mentee's name; the
// admin's review keeps "mentee open to any topic".
func TestProposalReasonsSpeakToTheReader(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee"})
	msg, text := matchRun(e)
	if !strings.Contains(text, "<@UALICE> mentors <@UGRACE>\nmentee open to any topic") {
		t.Fatalf("review:\n%s", text)
	}
	e.matchClick(dana, msg, "match_publish")
	mentee := blockText(matchDM(e, grace, "A mentoring match for you").Blocks)
	mentor := blockText(matchDM(e, alice, "A mentoring match for you").Blocks)
	if !strings.Contains(mentee, "*Why you two:* you're open to any topic") || strings.Contains(mentee, "mentee open") {
		t.Errorf("the mentee's proposal DM: %s", mentee)
	}
	if !strings.Contains(mentor, "*Why you two:* <@UGRACE> is open to any topic") || strings.Contains(mentor, "mentee open") {
		t.Errorf("the mentor's proposal DM: %s", mentor)
	}
	matchNoFailures(e)
}

// With two admins, the one whose proposal was replaced by the other's
// newer /mentor match is told who replaced it and what to do, not to
// "publish the newest one", which they cannot see.
func TestPublishingAReplacedRoundNamesTheAdminWhoReplacedIt(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_ADMINS", dana+","+carol))
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	old, _ := matchRun(e)
	res := e.cmdIn(carol, e.dmChannel(carol), "/mentor", "match")
	if res.Message == nil || !strings.Contains(ackText(t, res), "<@UALICE> mentors <@UBOB>") {
		t.Fatalf("carol's /mentor match: %+v", res)
	}
	e.matchClick(dana, old, "match_publish")
	got := pgWait(e, dana, "replaced")
	text := got.Text + blockText(got.Blocks)
	for _, want := range []string{"<@UCAROL>", "`/mentor match`"} {
		if !strings.Contains(text, want) {
			t.Errorf("dana's answer lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "publish the newest one") {
		t.Errorf("dana is told to publish a proposal she cannot see: %s", text)
	}
	e.settle()
	if n := len(e.dms(alice, "mentoring match")); n != 0 {
		t.Errorf("the replaced round was published: %d DMs", n)
	}
	// Carol's round is untouched and publishes.
	e.matchClick(carol, *res.Message, "match_publish")
	matchDM(e, bob, "A mentoring match for you")
	matchNoFailures(e)
}

// An admin's /mentor pair between publishing and both accepting can fill
// a mentor's places. Both accepted, so the pair is still made; the mentor
// reads that they now have more mentees than they offered to take,
// whichever of the two accepts last.
func TestAcceptingPastTheMentorsCapacityMakesThePairAndSaysSo(t *testing.T) {
	for _, mentorLast := range []bool{true, false} {
		e := matchEnv(t)
		matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
		matchJoin(e, grace, signup{role: "mentee", other: "Go"})
		msg, _ := matchRun(e)
		e.matchClick(dana, msg, "match_publish")
		askAlice := matchDM(e, alice, "A mentoring match for you")
		askGrace := matchDM(e, grace, "A mentoring match for you")
		if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
			t.Fatalf("pair = %q", got)
		}
		first, second := askAlice, askGrace
		firstUser, secondUser := alice, grace
		if !mentorLast {
			first, second, firstUser, secondUser = askGrace, askAlice, grace, alice
		}
		e.matchClick(firstUser, first, "proposal_accept")
		matchEventually(e, "the first acceptance", func() bool { return contains(matchCurrent(e, first), "You accepted") })
		e.matchClick(secondUser, second, "proposal_accept")
		matchEventually(e, "the pair", func() bool { return len(e.matchPairs()) == 2 })
		matchEventually(e, "alice's proposal DM to show the pair", func() bool { return contains(matchCurrent(e, askAlice), "now a pair") })
		if note := matchDM(e, alice, "more than the 1"); !contains(note, "2 mentees") {
			t.Errorf("mentor last %v: alice's note does not say she is over the capacity she gave: %q", mentorLast, note.Text)
		}
		if n := len(e.dms(grace, "mentees")); n != 0 {
			t.Errorf("mentor last %v: grace reads about alice's capacity in %d DMs", mentorLast, n)
		}
		if gracesDM := blockText(matchCurrent(e, askGrace).Blocks); strings.Contains(gracesDM, "mentees") {
			t.Errorf("mentor last %v: grace reads about alice's capacity: %s", mentorLast, gracesDM)
		}
		matchNoFailures(e)
	}
}

// The mentor hears that a pair took them past their capacity even when
// the edit of their proposal DM does not go through (Slack refusing it,
// or the mentor's own answer racing it): the note is a DM of its own.
func TestOverCapacityNoteIsItsOwnDM(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	askAlice := matchDM(e, alice, "A mentoring match for you")
	askGrace := matchDM(e, grace, "A mentoring match for you")
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair = %q", got)
	}
	e.matchClick(alice, askAlice, "proposal_accept")
	matchEventually(e, "alice's acceptance", func() bool { return contains(matchCurrent(e, askAlice), "You accepted") })
	e.sim.FailNext("chat.update", 20, "internal_error", 0)
	e.matchClick(grace, askGrace, "proposal_accept")
	matchEventually(e, "the pair", func() bool { return len(e.matchPairs()) == 2 })
	m := matchDM(e, alice, "more than the 1")
	if !contains(m, "2 mentees") {
		t.Errorf("the note to alice lacks her load: %q", m.Text)
	}
	if got := e.dms(grace, "mentees"); len(got) != 0 {
		t.Errorf("grace reads about alice's capacity: %q", got[0].Text)
	}
}
