package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// An outside audit of matching, feedback, the report, settings and the
// App Home: each test is a case a programme lead or a participant would
// notice.

// A mentor with two places is proposed two mentees; the first pair is
// made, the second mentee declines. The decline's note tells the mentor
// they're back in the pool, and the next /mentor match must find them: it
// proposes them to the next mentee who fits.
func TestUXMatchMentorWithAPlaceLeftAfterADeclineIsProposedAgain(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "Go"})
	msg, text := matchRun(e)
	if !strings.Contains(text, "2 pairs") {
		t.Fatalf("first round = %q", text)
	}
	e.matchClick(dana, msg, "match_publish")
	var toBob, toCarol = matchDM(e, bob, "A mentoring match for you"), matchDM(e, carol, "A mentoring match for you")
	for _, m := range matchDMsFor(e, alice, "A mentoring match for you") {
		if contains(m, "<@UBOB>") {
			e.matchClick(alice, m, "proposal_accept")
		}
	}
	e.matchClick(bob, toBob, "proposal_accept")
	matchEventually(e, "alice and bob paired", func() bool { return len(e.matchPairs()) == 1 })
	e.matchClick(carol, toCarol, "proposal_decline")
	matchDM(e, alice, "won't go ahead this time. You're back in the pool")

	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	_, text = matchRun(e)
	if !strings.Contains(text, "<@UALICE> mentors <@UGRACE>") {
		t.Errorf("after the decline, the next round = %q; want alice, with a place left, proposed to grace", text)
	}
	matchNoFailures(e)
}

// matchDMsFor lists the DMs to user containing want, oldest first.
func matchDMsFor(e *env, user, want string) []slacksim.Message {
	e.t.Helper()
	matchDM(e, user, want)
	return e.dms(user, want)
}

// Closing a round with one pair that chose to end and one that has not
// decided ends both: the admin's confirmation says two, as its button
// does, not one.
func TestUXMatchCohortEndNowCountsEveryPairItEnds(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		t.Fatalf("start = %q", got)
	}
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "SRE"})
	matchJoin(e, grace, signup{role: "mentor", other: "UX"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "SRE"})
	matchJoin(e, erin, signup{role: "mentee", other: "UX"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, frank, grace, bob, carol, erin} {
		e.matchClick(u, matchDM(e, u, "A mentoring match for you"), "proposal_accept")
	}
	matchEventually(e, "three pairs", func() bool { return len(e.matchPairs()) == 3 })
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "asked the 3 pairs") {
		t.Fatalf("cohort end = %q", got)
	}
	for _, c := range []struct{ user, action string }{
		{alice, "cohort_continue"}, {bob, "cohort_continue"}, // carries on
		{carol, "cohort_end"},      // ends
		{grace, "cohort_continue"}, // erin undecided: ends
	} {
		e.matchClick(c.user, matchDM(e, c.user, "is closing"), c.action)
	}
	matchEventually(e, "the answers", func() bool {
		return strings.Contains(e.cmd(dana, "/mentor", "cohort"), "1 pair chose to continue, 1 to end, 1 not decided")
	})
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil {
		t.Fatal("cohort end now showed nothing")
	}
	got := blockText(res.Message.Blocks)
	if !strings.Contains(got, "Close and end 2 pairs") || !strings.Contains(got, "ends 2 pairs") || strings.Contains(got, "ends it") {
		t.Errorf("end now = %q; want it to say, as its button does, that 2 pairs end", got)
	}
	matchNoFailures(e)
}

// A matched pair's welcome suggests meeting as often as they chose when
// they signed up (the mentee's choice), not every week; a pair an admin
// made gets the usual suggestion.
func TestUXMatchWelcomeSuggestsTheChosenCadence(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "monthly"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go", cadence: "biweekly"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, matchDM(e, alice, "A mentoring match for you"), "proposal_accept")
	e.matchClick(bob, matchDM(e, bob, "A mentoring match for you"), "proposal_accept")
	for _, u := range []struct{ id, want string }{
		{bob, "every two weeks, as you chose when you signed up: `/mentor meet @alice biweekly thu 15:00`"},
		{alice, "every two weeks, as <@UBOB> chose when signing up: `/mentor meet @bob biweekly thu 15:00`"},
	} {
		if m := matchDM(e, u.id, "Welcome to mentoring"); !contains(m, u.want) || contains(m, "weekly thu 15:00` (or") {
			t.Errorf("%s's welcome does not suggest bob's every two weeks:\n%s", u.id, e.describeDMs(u.id))
		}
	}
	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair carol and erin: %q", got)
	}
	if m := matchDM(e, erin, "Welcome to mentoring"); !contains(m, "Schedule your meetings: `/mentor meet @carol weekly thu 15:00` (or `biweekly`") {
		t.Errorf("erin's welcome:\n%s", e.describeDMs(erin))
	}
	matchNoFailures(e)
}

// A mentor paired through matching with places left still waits in the
// pool, and her Home says so, with how to withdraw; her mentee's does not.
func TestUXMatchHomeOfAMentorWithPlacesLeft(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, matchDM(e, alice, "A mentoring match for you"), "proposal_accept")
	e.matchClick(bob, matchDM(e, bob, "A mentoring match for you"), "proposal_accept")
	matchEventually(e, "alice and bob paired", func() bool { return len(e.matchPairs()) == 1 })
	const waiting = "also signed up for matching as a mentor"
	homeOpen(e, alice, func(s string) bool {
		return strings.Contains(s, "You're in 1 mentoring pair") && strings.Contains(s, waiting) && strings.Contains(s, "`/mentor leave` withdraws")
	})
	if got := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "You're in 1 mentoring pair") })); strings.Contains(got, "signed up for matching") {
		t.Errorf("bob, matched, is told he is still signed up: %q", got)
	}
	// A mentee who signed up and was then paired by an admin has a mentor:
	// matching proposes her no more, and her Home does not say it will.
	matchJoin(e, carol, signup{role: "mentee", other: "Go"})
	if got := e.cmd(dana, "/mentor", "pair <@UFRANK|frank> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair frank and carol: %q", got)
	}
	if got := homeText(homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "You're in 1 mentoring pair") })); strings.Contains(got, "signed up for matching") {
		t.Errorf("carol, paired by an admin, is told she is still signed up: %q", got)
	}
	matchNoFailures(e)
}
