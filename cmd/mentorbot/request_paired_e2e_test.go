package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// requestAsk has requester ask mentor to mentor them and returns the DM
// that asks the mentor, once it has gone.
func (e *env) requestAsk(requester, mentor string) slacksim.Message {
	e.t.Helper()
	if got := e.cmd(requester, "/mentor", fmt.Sprintf("request <@%s> be my mentor", mentor)); !strings.Contains(got, "I've asked <@"+mentor+">") {
		e.t.Fatalf("%s asking %s: %q", requester, mentor, got)
	}
	e.settle()
	return e.waitDM(mentor, fmt.Sprintf("<@%s> would like you to be their mentor", requester))
}

// wantRequestClosedByPair checks that the DM ask, which asked someone
// about a request, now says the two are a pair, without its buttons.
func (e *env) wantRequestClosedByPair(ask slacksim.Message, who string) {
	e.t.Helper()
	e.idle()
	e.eventually(who+"'s request DM to say they are now a pair", func() bool {
		cur, ok := e.sim.LookupMessage(ask.Channel, ask.TS)
		return ok && !strings.Contains(string(cur.Blocks), "request_accept") && contains(cur, "now a pair") && contains(cur, "nothing to answer")
	}, func() string {
		cur, _ := e.sim.LookupMessage(ask.Channel, ask.TS)
		return fmt.Sprintf("%q %s", cur.Text, cur.Blocks)
	})
}

// An admin pairing two people closes the mentoring requests between them,
// either way round, in the same commit: the DMs that asked say they are a
// pair now, without buttons, neither Home shows a request waiting, a press
// on an old button answers nothing twice and tells nobody, and a
// withdrawal finds nothing to withdraw.
func TestAPairMadeByAnAdminClosesTheRequestsBetweenTheTwo(t *testing.T) {
	e := newEnv(t)
	homeOpen(e, bob, nil)
	homeOpen(e, alice, nil)
	ask := e.requestAsk(bob, alice)
	homeWait(e, bob, func(v slacksim.View) bool { return strings.Contains(homeText(v), "You asked <@UALICE>") })
	// Asked the other way round too; its DM may be sent or not when the
	// pair is made.
	if got := e.cmd(alice, "/mentor", "request <@UBOB|bob> or I'll mentor you"); !strings.Contains(got, "I've asked <@UBOB>") {
		t.Fatalf("alice asking bob: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair: %q", got)
	}
	e.settle()
	e.wantRequestClosedByPair(ask, alice)
	if cur, _ := e.sim.LookupMessage(ask.Channel, ask.TS); !contains(cur, "you mentor them") {
		t.Errorf("alice's request DM does not say who mentors whom: %q", cur.Text)
	}
	for _, m := range e.dms(bob, "would like you to be their mentor") {
		if cur, _ := e.sim.LookupMessage(m.Channel, m.TS); strings.Contains(string(cur.Blocks), "request_accept") {
			t.Errorf("bob's copy of alice's request still asks: %q %s", cur.Text, cur.Blocks)
		}
	}
	homeWait(e, bob, func(v slacksim.View) bool {
		return !strings.Contains(homeText(v), "You asked <@UALICE>") && !strings.Contains(homeText(v), "asked you to be their mentor")
	})
	homeWait(e, alice, func(v slacksim.View) bool {
		return !strings.Contains(homeText(v), "asked you to be their mentor") && !strings.Contains(homeText(v), "You asked <@UBOB>")
	})
	if reqs, err := e.app.DB.PendingRequests(e.ctx, bob); err != nil || len(reqs) != 0 {
		t.Errorf("bob's pending requests after the pair: %+v, %v", reqs, err)
	}
	// A press on the old button (a stale copy) settles nothing twice.
	if got := e.press(alice, "request_accept", "1"); !strings.Contains(got, "already a pair") || !strings.Contains(got, "nothing to answer") {
		t.Errorf("Accept pressed after the pair was made: %q", got)
	}
	if n := len(e.dms(bob, "saw your request")) + len(e.dms(bob, "accepted your request")); n != 0 {
		t.Errorf("bob was told %d times of an answer to a request the pair closed", n)
	}
	if got := e.cmd(bob, "/mentor", "request cancel <@UALICE|alice>"); !strings.Contains(got, "nothing to withdraw") {
		t.Errorf("withdrawing the closed request: %q", got)
	}
	e.settle()
	if cur, _ := e.sim.LookupMessage(ask.Channel, ask.TS); contains(cur, "withdrew") {
		t.Errorf("alice's request DM says bob withdrew, though they are a pair: %q", cur.Text)
	}
	noFailures(t, e)
}

// Accepting one of two requests between the same two people, each asking
// the other, closes the other request too.
func TestAcceptingARequestClosesTheOneTheOtherWayRound(t *testing.T) {
	e := newEnv(t)
	homeOpen(e, alice, nil)
	homeOpen(e, carol, nil)
	carolAsks := e.requestAsk(carol, alice)
	aliceAsks := e.requestAsk(alice, carol)
	homeWait(e, alice, func(v slacksim.View) bool { return strings.Contains(homeText(v), "You asked <@UCAROL>") })
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, alice, carolAsks, "request_accept"); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.waitDM(carol, "<@UALICE> accepted your request")
	if p := e.livePairOf(alice, carol); p.MentorID != alice {
		t.Fatalf("the pair: %+v", p)
	}
	e.wantRequestClosedByPair(aliceAsks, carol)
	if cur, _ := e.sim.LookupMessage(aliceAsks.Channel, aliceAsks.TS); !contains(cur, "they mentor you") {
		t.Errorf("carol's request DM does not say who mentors whom: %q", cur.Text)
	}
	homeWait(e, alice, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "You asked <@UCAROL>") })
	homeWait(e, carol, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "asked you to be their mentor") })
	if got := e.press(carol, "request_accept", "2"); !strings.Contains(got, "already a pair") {
		t.Errorf("carol pressing Accept on alice's closed request: %q", got)
	}
	if n := len(e.dms(alice, "saw your request")); n != 0 {
		t.Errorf("alice was told %d times of an answer to her closed request", n)
	}
	if got := e.cmd(alice, "/mentor", "request cancel <@UCAROL|carol>"); !strings.Contains(got, "nothing to withdraw") {
		t.Errorf("alice withdrawing her closed request: %q", got)
	}
	noFailures(t, e)
}

// A match both accept closes the requests between the two as an admin's
// pair does.
func TestAMatchBothAcceptClosesTheRequestsBetweenTheTwo(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "weekly", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "weekly"})
	dms := matchPublish(e, alice, grace)
	ask := e.requestAsk(grace, alice)
	e.matchClick(alice, dms[0], "proposal_accept")
	e.matchClick(grace, dms[1], "proposal_accept")
	e.settle()
	if p := e.livePairOf(alice, grace); p.MentorID != alice {
		t.Fatalf("the pair: %+v", p)
	}
	e.wantRequestClosedByPair(ask, alice)
	if reqs, err := e.app.DB.PendingRequests(e.ctx, grace); err != nil || len(reqs) != 0 {
		t.Errorf("grace's pending requests after the match: %+v, %v", reqs, err)
	}
	matchNoFailures(e)
}
