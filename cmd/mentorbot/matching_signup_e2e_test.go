package main

import (
	"strings"
	"testing"
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
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair alice and bob: %q", got)
	}
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
