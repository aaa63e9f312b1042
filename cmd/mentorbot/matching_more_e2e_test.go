package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// When someone leaves matching, the proposal DMs of their open proposal
// stop asking: the one who had accepted no longer reads that the pair is
// made as soon as the other accepts, and neither keeps Accept / Decline.
func TestLeavingUpdatesBothProposalDMs(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, alice, grace)
	aliceDM, graceDM := dms[0], dms[1]
	e.matchClick(alice, aliceDM, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "You accepted") })

	e.cmd(grace, "/mentor", "leave")
	e.waitDM(alice, "won't go ahead")
	e.eventually("alice's proposal DM to say it won't go ahead", func() bool {
		cur := matchCurrent(e, aliceDM)
		return contains(cur, "won't go ahead") && !contains(cur, "as soon as")
	})
	for _, dm := range []slacksim.Message{aliceDM, graceDM} {
		e.eventually("the proposal buttons to go", func() bool {
			ids := matchActionIDs(matchCurrent(e, dm))
			return !slices.Contains(ids, "proposal_accept") && !slices.Contains(ids, "proposal_decline")
		})
		if cur := matchCurrent(e, dm); !contains(cur, "won't go ahead") {
			t.Errorf("proposal DM in %s after the leave: %q", dm.Channel, blockText(cur.Blocks))
		}
	}
	matchNoFailures(e)
}

// A published proposal nobody finished answering lapses after
// store.ProposalTTL; both people are told, the one who accepted included,
// who would otherwise wait for a pair that never comes. A proposal both
// accepted says nothing then.
func TestLapsedProposalIsToldToBoth(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "Rust", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Rust"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, e.waitDM(alice, "A mentoring match for you"), "proposal_accept")
	for _, u := range []string{frank, bob} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("frank and bob's pair", func() bool { return len(e.matchPairs()) == 1 })

	e.advance(store.ProposalTTL - time.Hour)
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse before it lapsed: %s", e.describeDMs(alice))
	}
	e.advance(2 * time.Hour)
	for _, u := range []string{alice, grace} {
		m := e.waitDM(u, "has lapsed")
		for _, want := range []string{"won't go ahead", "still in the pool"} {
			if !contains(m, want) {
				t.Errorf("lapse DM to %s lacks %q: %q", u, want, m.Text)
			}
		}
	}
	for _, u := range []string{frank, bob} {
		if got := e.dms(u, "lapsed"); len(got) != 0 {
			t.Errorf("%s, paired, was told of a lapse: %q", u, got[0].Text)
		}
	}
	matchNoFailures(e)
}

// A lapse that falls in the night reaches each person in their morning.
func TestLapsedProposalWaitsForTheMorning(t *testing.T) {
	e := matchEnv(t)
	e.clock.Set(utc(2026, 11, 10, 1, 0)) // 02:00 in Berlin
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.waitDM(alice, "A mentoring match for you")
	e.advance(utc(2026, 11, 24, 6, 30).Sub(e.clock.Now())) // 07:30 in Berlin, the lapse 5½ hours old
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse in the night: %s", e.describeDMs(alice))
	}
	e.advance(time.Hour)
	for _, u := range []string{alice, grace} {
		e.waitDM(u, "has lapsed")
	}
	matchNoFailures(e)
}

// The lapse notice keeps the reader's quiet hours and zone as they are
// when it falls due, not as they were when the round was published: two
// weeks is long enough for either to change.
func TestLapsedProposalFollowsQuietHoursChangedSincePublish(t *testing.T) {
	e := matchEnv(t)
	e.clock.Set(utc(2026, 11, 10, 1, 0)) // 02:00 in Berlin
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.waitDM(alice, "A mentoring match for you")
	e.waitDM(grace, "A mentoring match for you")

	// Alice sleeps late now; Grace has moved to Tokyo, where the lapse
	// (01:01 UTC) falls at 10:01.
	s := store.DefaultSettings()
	s.QuietHours = new("01:00-10:00")
	if err := e.app.DB.SaveSettings(e.ctx, alice, s); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.ChangeUser(e.ctx, slacksim.User{ID: grace, Name: "grace", RealName: "Grace Green", TZ: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	e.waitUser(grace, "a zone of Asia/Tokyo", func(p store.User) bool { return p.TZ == "Asia/Tokyo" })

	e.advance(utc(2026, 11, 24, 1, 30).Sub(e.clock.Now()))
	e.waitDM(grace, "has lapsed")                          // her morning in Tokyo, not Berlin's
	e.advance(utc(2026, 11, 24, 8, 30).Sub(e.clock.Now())) // 09:30 in Berlin
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse in her new quiet hours (until 10:00): %s", e.describeDMs(alice))
	}
	e.advance(time.Hour)
	e.waitDM(alice, "has lapsed")
	matchNoFailures(e)
}

// A topic typed twice in one add (in any case) is added once, not also
// reported as already on the list; removing several says "them".
func TestTopicsAddTwiceInOneGoAndRemoveSeveral(t *testing.T) {
	e := matchEnv(t)
	got := e.cmd(dana, "/mentor", "topics add Go, go, Rust")
	if got != ":label: Added Go, Rust." {
		t.Errorf("add = %q, want only %q", got, ":label: Added Go, Rust.")
	}
	got = e.cmd(dana, "/mentor", "topics remove go, rust")
	if want := "Removed Go, Rust. People who chose them keep them in their sign-up."; got != want {
		t.Errorf("remove = %q, want %q", got, want)
	}
	e.cmd(dana, "/mentor", "topics add Go")
	if got, want := e.cmd(dana, "/mentor", "topics remove Go"), "Removed Go. People who chose it keep it in their sign-up."; got != want {
		t.Errorf("remove one = %q, want %q", got, want)
	}
}

// A round of one pair reads in the singular, and once its end date has
// passed the admin is not told "when the round is over".
func TestCohortOfOnePairReadsWell(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28")
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, bob} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("the pair", func() bool { return len(e.matchPairs()) == 1 })

	e.clock.Set(time.Date(2027, 3, 2, 10, 0, 0, 0, time.UTC))
	e.settle()
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "Its end date has passed") || strings.Contains(got, "When the round is over") {
		t.Errorf("cohort after its end date = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort end")
	if !strings.Contains(got, "I've asked the pair of *Winter*") || strings.Contains(got, "the 1 pair") {
		t.Errorf("cohort end = %q; want \"the pair\"", got)
	}
	got = e.cmd(dana, "/mentor", "cohort end now")
	if !strings.Contains(got, "ends 1 pair where not both chose to continue") || strings.Contains(got, "every one") {
		t.Errorf("cohort end now = %q", got)
	}
}

// /mentor leave says that pairs carry on only to someone in a pair.
func TestLeaveSaysPairsCarryOnOnlyToSomeoneInAPair(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	if got := e.cmd(grace, "/mentor", "leave"); !strings.Contains(got, "You've left matching") || strings.Contains(got, "carr") {
		t.Errorf("leave by someone in no pair = %q; want no word of pairs", got)
	}
	e.pair(alice, bob)
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
	mentee := blockText(e.waitDM(grace, "A mentoring match for you").Blocks)
	mentor := blockText(e.waitDM(alice, "A mentoring match for you").Blocks)
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
	e.waitDM(bob, "A mentoring match for you")
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
		askAlice := e.waitDM(alice, "A mentoring match for you")
		askGrace := e.waitDM(grace, "A mentoring match for you")
		e.pair(alice, bob)
		first, second := askAlice, askGrace
		firstUser, secondUser := alice, grace
		if !mentorLast {
			first, second, firstUser, secondUser = askGrace, askAlice, grace, alice
		}
		e.matchClick(firstUser, first, "proposal_accept")
		e.eventually("the first acceptance", func() bool { return contains(matchCurrent(e, first), "You accepted") })
		e.matchClick(secondUser, second, "proposal_accept")
		e.eventually("the pair", func() bool { return len(e.matchPairs()) == 2 })
		e.eventually("alice's proposal DM to show the pair", func() bool { return contains(matchCurrent(e, askAlice), "now a pair") })
		if note := e.waitDM(alice, "more than the 1"); !contains(note, "2 mentees") {
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
	dms := matchPublish(e, alice, grace)
	askAlice, askGrace := dms[0], dms[1]
	e.pair(alice, bob)
	e.matchClick(alice, askAlice, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, askAlice), "You accepted") })
	e.sim.FailNext("chat.update", 20, "internal_error", 0)
	e.matchClick(grace, askGrace, "proposal_accept")
	e.eventually("the pair", func() bool { return len(e.matchPairs()) == 2 })
	m := e.waitDM(alice, "more than the 1")
	if !contains(m, "2 mentees") {
		t.Errorf("the note to alice lacks her load: %q", m.Text)
	}
	if got := e.dms(grace, "mentees"); len(got) != 0 {
		t.Errorf("grace reads about alice's capacity: %q", got[0].Text)
	}
}

// A mentor with two places is proposed two mentees; the first pair is
// made, the second mentee declines. The decline's note tells the mentor
// they're back in the pool, and the next /mentor match must find them: it
// proposes them to the next mentee who fits.
func TestMatchMentorWithAPlaceLeftAfterADeclineIsProposedAgain(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "Go"})
	msg, text := matchRun(e)
	if !strings.Contains(text, "2 pairs") {
		t.Fatalf("first round = %q", text)
	}
	e.matchClick(dana, msg, "match_publish")
	var toBob, toCarol = e.waitDM(bob, "A mentoring match for you"), e.waitDM(carol, "A mentoring match for you")
	for _, m := range matchDMsFor(e, alice, "A mentoring match for you") {
		if contains(m, "<@UBOB>") {
			e.matchClick(alice, m, "proposal_accept")
		}
	}
	e.matchClick(bob, toBob, "proposal_accept")
	e.eventually("alice and bob paired", func() bool { return len(e.matchPairs()) == 1 })
	e.matchClick(carol, toCarol, "proposal_decline")
	e.waitDM(alice, "won't go ahead this time. You're back in the pool")

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
	e.waitDM(user, want)
	return e.dms(user, want)
}

// Closing a round with one pair that chose to end and one that has not
// decided ends both: the admin's confirmation says two, as its button
// does, not one.
func TestMatchCohortEndNowCountsEveryPairItEnds(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2027-02-28")
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "SRE"})
	matchJoin(e, grace, signup{role: "mentor", other: "UX"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "SRE"})
	matchJoin(e, erin, signup{role: "mentee", other: "UX"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, frank, grace, bob, carol, erin} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("three pairs", func() bool { return len(e.matchPairs()) == 3 })
	if got := cohortAsk(e); !strings.Contains(got, "asked the 3 pairs") {
		t.Fatalf("cohort end = %q", got)
	}
	for _, c := range []struct{ user, action string }{
		{alice, "cohort_continue"}, {bob, "cohort_continue"}, // carries on
		{carol, "cohort_end"},      // ends
		{grace, "cohort_continue"}, // erin undecided: ends
	} {
		e.matchClick(c.user, e.waitDM(c.user, "is closing"), c.action)
	}
	e.eventually("the answers", func() bool {
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
// they signed up (the mentee's choice), not every week, and says what the
// other chose rather than that both chose it; a pair an admin made gets
// the usual suggestion.
func TestMatchWelcomeSuggestsTheChosenCadence(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "monthly"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go", cadence: "biweekly"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, e.waitDM(alice, "A mentoring match for you"), "proposal_accept")
	e.matchClick(bob, e.waitDM(bob, "A mentoring match for you"), "proposal_accept")
	for _, u := range []struct{ id, want string }{
		{bob, "every two weeks, as you chose when you signed up (<@UALICE> chose once a month: agree on one between you): `/mentor meet @alice biweekly thu 13:30`"}, // 19:30 for alice in Berlin
		{alice, "every two weeks, as <@UBOB> chose when signing up (you chose once a month: agree on one between you): `/mentor meet @bob biweekly thu 15:00`"},
	} {
		if m := e.waitDM(u.id, "Welcome to mentoring"); !contains(m, u.want) || contains(m, "` (or `biweekly`") { // not the usual suggestion too
			t.Errorf("%s's welcome does not suggest bob's every two weeks:\n%s", u.id, e.describeDMs(u.id))
		}
	}
	e.pair(carol, erin)
	if m := e.waitDM(erin, "Welcome to mentoring"); !contains(m, "Schedule your meetings: `/mentor meet @carol weekly thu 15:00` (or `biweekly`") {
		t.Errorf("erin's welcome:\n%s", e.describeDMs(erin))
	}
	matchNoFailures(e)
}

// A mentor paired through matching with places left still waits in the
// pool, and her Home says so, with how to withdraw; her mentee's does not.
func TestMatchHomeOfAMentorWithPlacesLeft(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, e.waitDM(alice, "A mentoring match for you"), "proposal_accept")
	e.matchClick(bob, e.waitDM(bob, "A mentoring match for you"), "proposal_accept")
	e.eventually("alice and bob paired", func() bool { return len(e.matchPairs()) == 1 })
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
	e.pair(frank, carol)
	if got := homeText(homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "You're in 1 mentoring pair") })); strings.Contains(got, "signed up for matching") {
		t.Errorf("carol, paired by an admin, is told she is still signed up: %q", got)
	}
	matchNoFailures(e)
}

// Six hours apart is no reason to pair two people: the proposal DM shows it
// as a note, not under "Why you two".
func TestMatchProposalNotesAFarZoneInsteadOfGivingItAsAReason(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", topics: []string{"Go"}})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.eventually("the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })
	ask := blockText(e.waitDM(bob, "A mentoring match for you").Blocks)
	why, _, _ := strings.Cut(ask[strings.Index(ask, "*Why you two:*"):], "\n")
	if strings.Contains(why, "apart") || !strings.Contains(why, "both: Go") {
		t.Errorf("the reasons line = %q", why)
	}
	if !strings.Contains(ask, "Note: time zones 6 h apart") {
		t.Errorf("bob's proposal DM has no note of the zones: %s", ask)
	}
	matchNoFailures(e)
}

// A proposal's reasons read in the join form's words, as its note does:
// "every two weeks", not "biweekly".
func TestProposalReasonsInTheFormsWords(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentor", other: "Go", cadence: "biweekly"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "biweekly"})
	_, text := matchRun(e)
	if !strings.Contains(text, "both prefer to meet every two weeks") || strings.Contains(text, "biweekly") {
		t.Errorf("review = %q", text)
	}
}

// A proposal notes that the two prefer different cadences and names
// whose time zone is unknown, to the admin and to each of the two as
// they read it.
func TestMatchNotesDifferingCadencesAndWhoseZoneIsUnknown(t *testing.T) {
	e := matchEnv(t)
	e.sim.AddUser(slacksim.User{ID: gus, Name: "gus", RealName: "Gus Gray"})
	matchJoin(e, alice, signup{role: "mentor", other: "Go, design", cadence: "biweekly", capacity: "2"})
	matchJoin(e, gus, signup{role: "mentee", cadence: "monthly"})
	msg, _ := matchRun(e)
	review := blockText(msg.Blocks)
	if want := "<@UALICE> mentors <@UGUS>\nmentee open to any topic — note: <@UGUS> has no time zone in Slack; <@UALICE> prefers every two weeks, <@UGUS> once a month"; !strings.Contains(review, want) {
		t.Errorf("the review lacks %q:\n%s", want, review)
	}
	e.matchClick(dana, msg, "match_publish")
	for _, c := range []struct{ who, want string }{
		{alice, "Note: <@UGUS> has no time zone in Slack; you prefer every two weeks, <@UGUS> once a month"},
		{gus, "Note: you have no time zone in your Slack profile; <@UALICE> prefers every two weeks, you once a month"},
	} {
		if m := e.waitDM(c.who, "A mentoring match for you"); !contains(m, c.want) {
			t.Errorf("%s's proposal lacks %q:\n%s", c.who, c.want, blockText(m.Blocks))
		}
	}
	matchNoFailures(e)
}
