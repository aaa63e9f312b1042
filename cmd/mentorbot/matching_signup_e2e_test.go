package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// TestMatchSignupsOfPeopleInPairsArePromisedOnlyWhatMatchingDoes: alice
// already mentors bob (an admin paired them) when, in that same minute,
// bob signs up as a mentee and alice as a mentor for one mentee. Bob is
// told he already has a mentor and that matching looks for another one
// besides alice, which the next round does (frank); his Home says he is
// signed up. Alice is told her one place is taken by her pair with bob,
// not promised a match; her join form does not say she waits for the
// next round; and the round's review names her among those left
// unmatched, with why.
func TestMatchSignupsOfPeopleInPairsArePromisedOnlyWhatMatchingDoes(t *testing.T) {
	e := matchEnv(t)
	e.pair(alice, bob)
	if got := e.cmd(bob, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(bob, "match_join")
	if form := modalText(t, v); !strings.Contains(form, "You already have a mentor, <@UALICE>: signing up as a mentee looks for another mentor for you besides them") {
		t.Errorf("bob's join form, before he signs up, does not say what a sign-up does with his mentor: %q", form)
	}
	if err := e.sim.CloseView(matchCtx(e), bob, v.ID); err != nil {
		t.Fatal(err)
	}

	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	joined := e.waitDM(bob, "signed up for matching")
	if got := joined.Text + blockText(joined.Blocks); !strings.Contains(got, "You already have a mentor, <@UALICE>: as a mentee, matching looks for another mentor for you besides them") {
		t.Errorf("bob's confirmation does not say that matching looks for a second mentor: %q", got)
	}
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	joined = e.waitDM(alice, "signed up for matching")
	got := joined.Text + blockText(joined.Blocks)
	if !strings.Contains(got, "your 1 place is taken by your pair with <@UBOB>, so matching won't propose you another mentee") {
		t.Errorf("alice's confirmation does not say her place is taken: %q", got)
	}
	if strings.Contains(got, "I'll DM you your match") {
		t.Errorf("alice, with no place left, is promised a match: %q", got)
	}
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v = e.waitModal(alice, "match_join")
	if form := modalText(t, v); strings.Contains(form, "waiting for the next matching round") || !strings.Contains(form, "your 1 place is taken by your pair with <@UBOB>") {
		t.Errorf("alice's join form: %q; want why the next round won't propose her anyone", form)
	}
	if err := e.sim.CloseView(matchCtx(e), alice, v.ID); err != nil {
		t.Fatal(err)
	}
	homeOpen(e, bob, func(s string) bool {
		return strings.Contains(s, "You're in 1 mentoring pair") && strings.Contains(s, "also signed up for matching as a mentee")
	})

	// Alone in the pool but for bob, alice is named, not "nobody waits".
	matchJoin(e, frank, signup{role: "mentor", other: "Go"})
	_, text := matchRun(e)
	if !strings.Contains(text, "<@UFRANK> mentors <@UBOB>") {
		t.Errorf("bob, told matching looks for another mentor, is not proposed one:\n%s", text)
	}
	if !strings.Contains(text, "<@UALICE> as a mentor: their 1 place is taken by their pair with <@UBOB>") {
		t.Errorf("the review does not name alice, signed up with no place left:\n%s", text)
	}
	matchNoFailures(e)
}

// TestMatchRoundPastItsEndDateTakesNoNewPairs: dana starts the round
// Winter 2027 until 31 January. On that day every programme admin hears
// that it ends (dana, of MENTORBOT_ADMINS, and erin, a workspace admin),
// each in the morning of their own zone. On 3 February a round of
// matching is told in its review that the programme round has ended; its
// proposal DMs do not say the match is part of it, the pair made does not
// join it, and closing the round asks and ends nothing of that pair.
func TestMatchRoundPastItsEndDateTakesNoNewPairs(t *testing.T) {
	e := matchEnv(t)
	e.cmd(erin, "/mentor", "help") // the bot learns that erin is a workspace admin
	startRound(e, "Winter 2027", "2027-01-31")
	e.clock.Set(time.Date(2027, 1, 31, 18, 0, 0, 0, time.UTC))
	e.settle()
	for _, u := range []string{dana, erin} {
		e.waitDM(u, "The round *Winter 2027*")
	}
	if m := e.waitDM(erin, "reaches its end date today"); !strings.Contains(m.Text, "started by <@UDANA>") {
		t.Errorf("erin's notice does not say who started the round: %q", m.Text)
	}

	e.clock.Set(time.Date(2027, 2, 3, 10, 0, 0, 0, time.UTC))
	e.settle()
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, text := matchRun(e)
	if !strings.Contains(text, "The programme round *Winter 2027* ended on") || !strings.Contains(text, "pairs made now don't join it") {
		t.Errorf("the review after the round's end date does not say the pairs won't join it:\n%s", text)
	}
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, bob} {
		m := e.waitDM(u, "A mentoring match for you")
		if got := blockText(m.Blocks); strings.Contains(got, "Part of the programme round") {
			t.Errorf("%s's proposal, after the round's end date, says it is part of it: %q", u, got)
		}
		e.matchClick(u, m, "proposal_accept")
	}
	e.eventually("alice and bob paired", func() bool { return len(e.matchPairs()) == 1 })
	if p := e.matchPairs()[0]; p.CohortID != 0 {
		t.Errorf("the pair made after the round's end date joined round %d", p.CohortID)
	}
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "It had no active pairs") {
		t.Errorf("cohort end = %q; want the round closed with no pair in it", got)
	}
	if ps := e.matchPairs(); len(ps) != 1 || !ps[0].Live() {
		t.Errorf("closing the round ended the pair made after it: %+v", ps)
	}
	matchNoFailures(e)
}

// TestMatchNamesWithFormattingAreRefused: a round named "*Winter*" or
// "```code```", and a topic "*bold*", whether an admin adds it or someone
// types it when they join, would break the bold they are shown in (or
// show bold in a list). They are refused with why; nothing is stored.
func TestMatchNamesWithFormattingAreRefused(t *testing.T) {
	e := matchEnv(t)
	for _, name := range []string{"&lt;!channel&gt; *Winter*", "```code```", "_Spring_", "~Summer~"} {
		got := e.cmd(dana, "/mentor", "cohort start "+name+" --until 2027-01-31")
		if !strings.Contains(got, "can't contain `*`, `_`, `~` or backticks") || strings.Contains(got, "Started") {
			t.Errorf("cohort start %s = %q; want it refused", name, got)
		}
	}
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "No programme round is running") {
		t.Errorf("a round was started: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "topics add Go, *bold*"); !strings.Contains(got, "A topic can't contain `*`") {
		t.Errorf("topics add *bold* = %q; want it refused", got)
	}
	if topics, _ := e.app.DB.Topics(e.ctx); len(topics) != 0 {
		t.Errorf("topics stored: %q", topics)
	}
	if got := e.cmd(carol, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(carol, "match_join")
	sub, err := e.sim.SubmitView(matchCtx(e), carol, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go, *bold*"}})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Closed || !strings.Contains(sub.Errors["topics_other"], "can't contain * _ ~ or backticks") {
		t.Errorf("join with the topic *bold*: %+v; want it refused in the form", sub)
	}
	matchNoFailures(e)
}

// TestMatchLapsedProposalIsNotedOrPassedOver: alice accepted a match with
// bob, who never answered, and it lapsed. The next round proposes them
// again (nobody else fits), and its review says that they were proposed
// before and that bob left it unanswered. Once frank, who fits bob as
// well, signs up, the round proposes frank instead.
func TestMatchLapsedProposalIsNotedOrPassedOver(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, alice, bob)
	e.matchClick(alice, dms[0], "proposal_accept")
	e.advance(store.ProposalTTL + 10*time.Hour) // 13:00 in New York, out of bob's quiet hours
	e.waitDM(bob, "has lapsed")

	_, text := matchRun(e)
	if !strings.Contains(text, "<@UALICE> mentors <@UBOB>") {
		t.Fatalf("alice and bob, the only fit, are not proposed again:\n%s", text)
	}
	if !strings.Contains(text, "Proposed before, on ") || !strings.Contains(text, "it lapsed unanswered by <@UBOB>") {
		t.Errorf("the review proposes alice and bob again with no word of the lapse:\n%s", text)
	}
	matchJoin(e, frank, signup{role: "mentor", other: "Go"})
	if _, text := matchRun(e); !strings.Contains(text, "<@UFRANK> mentors <@UBOB>") {
		t.Errorf("with frank a fit too, the lapsed pair is proposed again:\n%s", text)
	}
	matchNoFailures(e)
}

// TestMatchCohortNamesUndecidedPairsAndRemindsThem: once a round's pairs
// have been asked whether to continue, /mentor cohort names, for the
// admin, the pairs that have not decided and who has not answered; a
// second /mentor cohort end reminds those who have not, once a day, since
// a pair that never answers ends with the round.
func TestMatchCohortNamesUndecidedPairsAndRemindsThem(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2027-02-28")
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "SRE"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "SRE"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, frank, bob, carol} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("two pairs", func() bool { return len(e.matchPairs()) == 2 })
	if got := cohortAsk(e); !strings.Contains(got, "asked the 2 pairs") {
		t.Fatalf("cohort end = %q", got)
	}
	e.matchClick(alice, e.waitDM(alice, "is closing"), "cohort_continue")

	got := e.cmd(dana, "/mentor", "cohort")
	for _, want := range []string{"*Not decided yet*", "<@UALICE> mentoring <@UBOB>: <@UALICE> chose to continue; <@UBOB> hasn't answered",
		"<@UFRANK> mentoring <@UCAROL>: neither has answered"} {
		if !strings.Contains(got, want) {
			t.Errorf("/mentor cohort lacks %q: %q", want, got)
		}
	}
	if got := e.cmd(bob, "/mentor", "cohort"); strings.Contains(got, "Not decided") {
		t.Errorf("a member is shown the admin's list: %q", got)
	}
	got = e.cmd(dana, "/mentor", "cohort end")
	if !strings.Contains(got, "I've reminded <@UBOB>, <@UFRANK> and <@UCAROL>, who haven't answered yet") {
		t.Errorf("cohort end again = %q; want the undecided reminded", got)
	}
	e.settle()
	if got := e.dms(alice, "A reminder"); len(got) != 0 {
		t.Errorf("alice, who answered, was reminded: %q", got[0].Text)
	}
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "had a reminder in the last 20 hours already") {
		t.Errorf("cohort end a third time the same day = %q", got)
	}
	// Past midnight UTC, but within 20 hours: still no second reminder.
	now := e.clock.Now().UTC()
	e.advance(time.Date(now.Year(), now.Month(), now.Day()+1, 0, 5, 0, 0, time.UTC).Sub(now))
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "had a reminder in the last 20 hours already") {
		t.Errorf("cohort end just after midnight UTC = %q", got)
	}
	e.settle()
	// Each reminder waits out its reader's quiet hours: bob's, asked for
	// at 03:00 in New York, came in his morning.
	for _, u := range []string{bob, frank, carol} {
		e.waitDM(u, "A reminder: the programme round *Winter*")
	}
	if n := len(e.dms(bob, "A reminder: the programme round")); n != 1 {
		t.Errorf("bob was reminded %d times", n)
	}
	matchNoFailures(e)
}

// A publish with no programme round running says nothing about a round.
func TestMatchPublishWithoutARoundSaysNothingOfOne(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentor", other: "Go"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.waitDM(grace, "A mentoring match for you")
	e.idle()
	cur, _ := e.sim.LookupMessage(msg.Channel, msg.TS)
	if text := cur.Text + blockText(cur.Blocks); !strings.Contains(text, "Published:") || strings.Contains(text, "programme round") {
		t.Errorf("the publish reads %q", text)
	}
}
