package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A published proposal whose mentee has been given a mentor another way
// meanwhile (an admin's /mentor pair, or a /mentor request accepted) is
// not accepted into a second mentor: the mentee's Accept withdraws it,
// says why, and the mentor who had accepted hears that it won't go ahead.
func TestAcceptingAProposalAfterTheMenteeGotAMentorElsewhereWithdrawsIt(t *testing.T) {
	for _, how := range []string{"pair", "request"} {
		t.Run(how, func(t *testing.T) {
			e := matchEnv(t)
			matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "weekly", capacity: "1"})
			matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "weekly"})
			msg, _ := matchRun(e)
			e.matchClick(dana, msg, "match_publish")
			askAlice := e.waitDM(alice, "A mentoring match for you")
			askGrace := e.waitDM(grace, "A mentoring match for you")
			e.matchClick(alice, askAlice, "proposal_accept")
			e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, askAlice), "You accepted") })

			switch how {
			case "pair":
				e.pair(carol, grace)
			case "request":
				if got := e.cmd(grace, "/mentor", "request <@UCAROL|carol> could you mentor me?"); !strings.Contains(got, "I've asked <@UCAROL>") {
					t.Fatalf("request = %q", got)
				}
				e.matchClick(carol, e.waitDM(carol, "would like you to be their mentor"), "request_accept")
				e.waitDM(grace, "<@UCAROL> accepted your request")
			}
			e.eventually("grace's pair with carol", func() bool { return len(e.matchPairs()) == 1 })

			e.matchClick(grace, askGrace, "proposal_accept")
			e.settle()
			if ps := e.matchPairs(); len(ps) != 1 || ps[0].MentorID != carol {
				t.Fatalf("pairs after grace accepts the old proposal = %+v; want only carol's with her", ps)
			}
			if got := e.cmd(grace, "/mentor", "pairs"); strings.Contains(got, "UALICE") {
				t.Errorf("grace's /mentor pairs names alice: %q", got)
			}
			mine := matchCurrent(e, askGrace)
			if text := blockText(mine.Blocks); !strings.Contains(text, "won't go ahead") || !strings.Contains(text, "<@UCAROL>") ||
				strings.Contains(text, "now a pair") {
				t.Errorf("grace's proposal DM after her accept = %s; want it withdrawn because carol mentors her", text)
			}
			if ids := matchActionIDs(mine); len(ids) != 0 {
				t.Errorf("grace's proposal DM still has buttons: %v", ids)
			}
			note := e.waitDM(alice, "Your proposed match with")
			if !contains(note, "<@UGRACE>") || !contains(note, "paired with a mentor") {
				t.Errorf("alice's note = %q", note.Text)
			}
			if contains(note, "UCAROL") {
				t.Errorf("alice is told who grace's mentor is: %q", note.Text)
			}
			if text := blockText(matchCurrent(e, askAlice).Blocks); !strings.Contains(text, "won't go ahead") {
				t.Errorf("alice's proposal DM still waits for grace: %s", text)
			}
			if n := len(e.dms(grace, "Welcome to mentoring")) + len(e.dms(alice, "Welcome to mentoring")); n > 1 {
				t.Errorf("%d welcome DMs; want only grace's with carol", n)
			}
			// Alice's place is free again: the next round may propose her.
			if s, err := e.app.DB.Signup(e.ctx, alice); err != nil || s.Status != "waiting" {
				t.Errorf("alice's sign-up = %+v, %v; want waiting", s, err)
			}
			matchNoFailures(e)
		})
	}
}

// Two people proposed as "alice mentors grace" who have been paired the
// other way round meanwhile are a pair already: the pair closes the
// proposal for both, and an Accept pressed on an old copy of it makes no
// pair and tells nobody. (It used to stay open until the first Accept,
// which withdrew it and told grace it "won't go ahead".)
func TestAcceptingAProposalAfterTheTwoWerePairedTheOtherWayRoundWithdrawsIt(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "weekly", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "weekly"})
	dms := matchPublish(e, alice, grace)
	askAlice, askGrace := dms[0], dms[1]
	e.pair(grace, alice)
	e.settle()
	e.wantProposalClosedByPair(askAlice, alice)
	e.wantProposalClosedByPair(askGrace, grace)

	if got := e.press(alice, "proposal_accept", itoa(proposalID(t, e, alice))); !strings.Contains(got, "paired since") {
		t.Errorf("alice's Accept on an old copy: %q", got)
	}
	e.settle()
	if ps := e.matchPairs(); len(ps) != 1 || ps[0].MentorID != grace {
		t.Fatalf("pairs after alice accepts = %+v; want only grace mentoring alice", ps)
	}
	for _, who := range []struct {
		user string
		dm   slacksim.Message
	}{{alice, askAlice}, {grace, askGrace}} {
		text := blockText(matchCurrent(e, who.dm).Blocks)
		if strings.Contains(text, "accepted too") {
			t.Errorf("%s's proposal DM = %s; want no pair made from it", who.user, text)
		}
		if ids := matchActionIDs(matchCurrent(e, who.dm)); len(ids) != 0 {
			t.Errorf("%s's proposal DM still has buttons: %v", who.user, ids)
		}
	}
	if got := e.dms(grace, "Your proposed match with"); len(got) != 0 {
		t.Errorf("grace was told of alice's press: %s", e.describeDMs(grace))
	}
	matchNoFailures(e)
}
