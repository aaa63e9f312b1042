package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// When both of a proposed pair accept at about the same time, neither
// proposal DM is left saying it waits for the other. Eight pairs answer
// at once, so that the race of the two answers is run eight times.
func TestMatchBothAcceptAtOnceLeavesNoStaleProposal(t *testing.T) {
	e := newEnv(t)
	e.cmd(dana, "/mentor", "topics add System design")
	var people []string
	for i := range 8 {
		for _, role := range []string{"mentor", "mentee"} {
			id := fmt.Sprintf("U%sX%d", strings.ToUpper(role), i)
			e.sim.AddUser(slacksim.User{ID: id, Name: fmt.Sprintf("%s%d", role, i), RealName: fmt.Sprintf("%s %d", role, i), TZ: "Europe/Paris"})
			matchJoin(e, id, signup{role: role, topics: []string{"System design"}, capacity: "1"})
			people = append(people, id)
		}
	}
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	matchEventually(e, "the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })
	asks := map[string]slacksim.Message{}
	for _, id := range people {
		asks[id] = matchDM(e, id, "A mentoring match for you")
	}

	var wg sync.WaitGroup
	for id, m := range asks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.sim.ClickButton(matchCtx(e), id, m, "proposal_accept"); err != nil {
				t.Errorf("%s accepts: %v", id, err)
			}
		}()
	}
	wg.Wait()
	matchEventually(e, "the pairs", func() bool { return len(e.matchPairs()) == 8 })
	e.idle()
	for id, m := range asks {
		if got := blockText(matchCurrent(e, m).Blocks); strings.Contains(got, "as soon as") || !strings.Contains(got, "now a pair") {
			t.Errorf("%s's proposal DM after both accepted: %s", id, got)
		}
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
	matchEventually(e, "the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })
	ask := blockText(matchDM(e, bob, "A mentoring match for you").Blocks)
	why, _, _ := strings.Cut(ask[strings.Index(ask, "*Why you two:*"):], "\n")
	if strings.Contains(why, "apart") || !strings.Contains(why, "both: Go") {
		t.Errorf("the reasons line = %q", why)
	}
	if !strings.Contains(ask, "Note: 6 h apart") {
		t.Errorf("bob's proposal DM has no note of the zones: %s", ask)
	}
	matchNoFailures(e)
}
