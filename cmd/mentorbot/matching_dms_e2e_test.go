package main

import (
	"slices"
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
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	aliceDM := e.waitDM(alice, "A mentoring match for you")
	bobDM := e.waitDM(bob, "A mentoring match for you")
	if !contains(aliceDM, "both prefer weekly") {
		t.Fatalf("the proposal gives no reasons, so the test does not test: %q", blockText(aliceDM.Blocks))
	}
	e.matchClick(alice, aliceDM, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "as soon as") })

	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
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
		if contains(cur, "as soon as") || contains(cur, "both prefer weekly") {
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
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	aliceDM := e.waitDM(alice, "A mentoring match for you")
	bobDM := e.waitDM(bob, "A mentoring match for you")
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
