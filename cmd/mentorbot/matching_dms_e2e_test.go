package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// proposalAsks reports whether a proposal DM still shows Accept or
// Decline.
func proposalAsks(m slacksim.Message) bool {
	ids := matchActionIDs(m)
	return slices.Contains(ids, "proposal_accept") || slices.Contains(ids, "proposal_decline")
}

// After /mentor forget, the proposal DMs of the open proposal it withdrew
// stop asking, as after /mentor leave: the one who had accepted no longer
// reads that the pair is made as soon as the other accepts, the forgotten
// person's own DM loses its buttons, and neither keeps why the two fit,
// which the forget deleted. Their profile is not looked up again for it.
func TestForgetUpdatesBothProposalDMs(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "weekly", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go", cadence: "weekly"})
	dms := matchPublish(e, alice, bob)
	aliceDM, bobDM := dms[0], dms[1]
	if !contains(aliceDM, "both prefer to meet every week") {
		t.Fatalf("the proposal gives no reasons, so the test does not test: %q", blockText(aliceDM.Blocks))
	}
	e.matchClick(alice, aliceDM, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "as soon as") })

	pgForget(e, bob)
	e.waitDM(alice, "won't go ahead: they have left the programme")
	e.settle()
	for _, c := range []struct {
		who  string
		dm   slacksim.Message
		want string
	}{{alice, aliceDM, "This match won't go ahead"}, {bob, bobDM, "You deleted your data, so this match won't go ahead"}} {
		e.eventually(c.who+"'s proposal DM to stop asking", func() bool {
			cur := matchCurrent(e, c.dm)
			return contains(cur, c.want) && !proposalAsks(cur)
		})
		cur := matchCurrent(e, c.dm)
		if contains(cur, "as soon as") || contains(cur, "both prefer to meet every week") {
			t.Errorf("%s's proposal DM after bob's forget: %q", c.who, blockText(cur.Blocks))
		}
	}
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.Name != "" || u.RealName != "" || u.TZ != "" {
		t.Errorf("bob's profile after his forget: %+v, %v; want it blank", u, err)
	}
	matchNoFailures(e)
}

// A lapsed proposal's DMs stop asking along with the notice of the lapse:
// the one who accepted no longer waits for the other, and the one who did
// not answer has no buttons that would answer only that it lapsed.
func TestLapsedProposalUpdatesBothProposalDMs(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, alice, bob)
	aliceDM, bobDM := dms[0], dms[1]
	e.matchClick(alice, aliceDM, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "as soon as") })

	// The notice waits out each reader's night: in steps of 6 hours, a
	// day brings each of them into their daytime.
	e.advance(store.ProposalTTL + time.Hour)
	for range 4 {
		if len(e.dms(alice, "has lapsed")) > 0 && len(e.dms(bob, "has lapsed")) > 0 {
			break
		}
		e.advance(6 * time.Hour)
	}
	for _, c := range []struct {
		who string
		dm  slacksim.Message
	}{{alice, aliceDM}, {bob, bobDM}} {
		e.waitDM(c.who, "has lapsed")
		e.eventually(c.who+"'s proposal DM to say it lapsed", func() bool {
			cur := matchCurrent(e, c.dm)
			return contains(cur, "This match lapsed") && !proposalAsks(cur) && !contains(cur, "as soon as")
		}, func() string { return blockText(matchCurrent(e, c.dm).Blocks) })
	}
	matchNoFailures(e)
}

// modalText is the text of a modal's blocks.
func modalText(t *testing.T, v slacksim.View) string {
	t.Helper()
	var m struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(v.JSON, &m); err != nil {
		t.Fatalf("modal %s: %v", v.ID, err)
	}
	return blockText(m.Blocks)
}

// Someone with a match waiting for their answer who opens /mentor join
// reads about the match there, as on their Home, rather than that they
// wait for the next round; saving a role that leaves out the one the
// match gives them withdraws it, and both hear it, as after a leave:
// accepting it later would make them what they just said they don't want
// to be.
func TestJoinWithAMatchWaitingSaysSoAndAnotherRoleWithdrawsIt(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, alice, bob)
	aliceDM, bobDM := dms[0], dms[1]
	e.matchClick(alice, aliceDM, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "as soon as") })

	if got := e.cmd(bob, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(bob, "match_join")
	text := modalText(t, v)
	for _, want := range []string{"A match is waiting for your answer:* <@UALICE> as your mentor", "leaves out being a mentee withdraws it"} {
		if !strings.Contains(text, want) {
			t.Errorf("bob's join form lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "waiting for the next matching round") {
		t.Errorf("bob's join form hides the match waiting for him: %s", text)
	}
	e.sim.CloseView(matchCtx(e), bob, v.ID)

	matchJoin(e, bob, signup{role: "mentor", other: "Go", capacity: "1"})
	confirm := e.waitDM(bob, "updated your sign-up")
	for _, want := range []string{"as a *mentor*", "withdrawn it", "<@UALICE> (they'd have been your mentor)"} {
		if !contains(confirm, want) {
			t.Errorf("bob's confirmation lacks %q: %q", want, confirm.Text)
		}
	}
	e.waitDM(alice, "won't go ahead: they've changed their sign-up")
	for _, c := range []struct {
		who  string
		dm   slacksim.Message
		want string
	}{{alice, aliceDM, "This match won't go ahead"}, {bob, bobDM, "You changed your role for matching, so this match won't go ahead"}} {
		e.eventually(c.who+"'s proposal DM to stop asking", func() bool {
			cur := matchCurrent(e, c.dm)
			return contains(cur, c.want) && !proposalAsks(cur) && !contains(cur, "as soon as")
		}, func() string { return blockText(matchCurrent(e, c.dm).Blocks) })
	}
	if open, err := e.app.DB.OpenProposals(e.ctx, bob); err != nil || len(open) != 0 {
		t.Errorf("bob's open proposals after he became a mentor only: %+v, %v", open, err)
	}
	if n := len(e.matchPairs()); n != 0 {
		t.Errorf("%d pairs made", n)
	}
	matchNoFailures(e)
}

// Saving the join form again says that the sign-up was updated, not that
// they signed up; a role that still fits an open match leaves it open.
func TestJoinAgainSaysTheSignupWasUpdated(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.waitDM(bob, "A mentoring match for you")

	matchJoin(e, bob, signup{role: "both", other: "Go, SRE", capacity: "1"})
	confirm := e.waitDM(bob, "updated your sign-up")
	if !contains(confirm, "both a *mentee* and a *mentor*") || contains(confirm, "withdrawn") {
		t.Errorf("bob's confirmation = %q", confirm.Text)
	}
	if got := e.dms(bob, "You're signed up for matching"); len(got) != 1 {
		t.Errorf("bob got %d first-time confirmations: %s", len(got), e.describeDMs(bob))
	}
	if open, err := e.app.DB.OpenProposals(e.ctx, bob); err != nil || len(open) != 1 {
		t.Errorf("bob's open proposals after he added a role: %+v, %v", open, err)
	}
	if got := e.dms(alice, "won't go ahead"); len(got) != 0 {
		t.Errorf("alice was told: %q", got[0].Text)
	}
	matchNoFailures(e)
}
