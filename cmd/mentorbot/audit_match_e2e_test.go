package main

import (
	"slices"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// When someone leaves matching, the proposal DMs of their open proposal
// stop asking: the one who had accepted no longer reads that the pair is
// made as soon as the other accepts, and neither keeps Accept / Decline.
func TestAuditLeavingUpdatesBothProposalDMs(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	aliceDM := matchDM(e, alice, "A mentoring match for you")
	graceDM := matchDM(e, grace, "A mentoring match for you")
	e.matchClick(alice, aliceDM, "proposal_accept")
	matchEventually(e, "alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "You accepted") })

	e.cmd(grace, "/mentor", "leave")
	matchDM(e, alice, "won't go ahead")
	matchEventually(e, "alice's proposal DM to say it won't go ahead", func() bool {
		cur := matchCurrent(e, aliceDM)
		return contains(cur, "won't go ahead") && !contains(cur, "as soon as")
	})
	for _, dm := range []slacksim.Message{aliceDM, graceDM} {
		matchEventually(e, "the proposal buttons to go", func() bool {
			ids := matchActionIDs(matchCurrent(e, dm))
			return !slices.Contains(ids, "proposal_accept") && !slices.Contains(ids, "proposal_decline")
		})
		if cur := matchCurrent(e, dm); !contains(cur, "won't go ahead") {
			t.Errorf("proposal DM in %s after the leave: %q", dm.Channel, blockText(cur.Blocks))
		}
	}
	matchNoFailures(e)
}
