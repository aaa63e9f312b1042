package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// wantProposalClosedByPair checks that proposal DM dm, to who, now says
// the two are a pair, without Accept or Decline, and nothing about
// waiting for the other or a lapse.
func (e *env) wantProposalClosedByPair(dm slacksim.Message, who string) {
	e.t.Helper()
	e.idle()
	e.eventually(who+"'s proposal DM to say they are now a pair", func() bool {
		cur := matchCurrent(e, dm)
		return !proposalAsks(cur) && contains(cur, "paired since") && contains(cur, "nothing to answer")
	}, func() string { return blockText(matchCurrent(e, dm).Blocks) })
	if cur := matchCurrent(e, dm); contains(cur, "as soon as") || contains(cur, "lapsed") || contains(cur, "won't go ahead") {
		e.t.Errorf("%s's proposal DM after the pair: %s", who, blockText(cur.Blocks))
	}
}

// The audit's finding: dana publishes a match of alice and grace, then
// pairs the two herself. The proposal stayed open: both DMs kept Accept
// and Decline, both were reminded on day 10 to answer it and told on day
// 14 that it lapsed ("You're still in the pool"), while a live pair, and
// the glance counted it as waiting for answers. Pairing the two closes it
// in the same commit, as it closes the requests between them.
func TestPairingTheTwoOfAnOpenProposalClosesIt(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Rust", cadence: "weekly", capacity: "3"})
	matchJoin(e, grace, signup{role: "mentee", other: "Rust", cadence: "weekly"})
	dms := matchPublish(e, alice, grace)
	askAlice, askGrace := dms[0], dms[1]
	e.pair(alice, grace)
	e.settle()
	e.wantProposalClosedByPair(askAlice, alice)
	e.wantProposalClosedByPair(askGrace, grace)
	if cur := matchCurrent(e, askGrace); !contains(cur, "they mentor you") {
		t.Errorf("grace's proposal DM does not say who mentors whom: %s", blockText(cur.Blocks))
	}
	for _, u := range []string{alice, grace} {
		if ps, err := e.app.DB.OpenProposals(e.ctx, u); err != nil || len(ps) != 0 {
			t.Errorf("%s's open proposals after the pair: %+v, %v", u, ps, err)
		}
	}
	// alice has two places left, and nothing waits for answers.
	want := "*Matching:* 1 waiting to be matched · 0 published proposals waiting for answers"
	if report := e.cmd(dana, "/mentor", "report"); !strings.Contains(report, want) {
		t.Errorf("/mentor report lacks %q: %s", want, report)
	}

	// A press on an old copy of the buttons answers nothing and tells
	// nobody.
	id := itoa(proposalID(t, e, alice))
	if got := e.press(alice, "proposal_accept", id); !strings.Contains(got, "paired since") || !strings.Contains(got, "nothing to answer") {
		t.Errorf("Accept pressed after the pair was made: %q", got)
	}
	if got := e.press(grace, "proposal_decline", id); !strings.Contains(got, "paired since") {
		t.Errorf("Decline pressed after the pair was made: %q", got)
	}

	// No reminder on day 10, no lapse on day 14, and the DMs stay as
	// they are.
	e.schedWalk(e.clock.Now().Add(store.ProposalTTL + 2*24*time.Hour))
	for _, u := range []string{alice, grace} {
		for _, w := range []string{"waiting for your answer", "has lapsed", "won't go ahead", "back in the pool"} {
			if got := e.dms(u, w); len(got) != 0 {
				t.Errorf("%s, paired, was told %q: %s", u, w, e.describeDMs(u))
			}
		}
	}
	e.wantProposalClosedByPair(askAlice, alice)
	e.wantProposalClosedByPair(askGrace, grace)
	if ps := e.matchPairs(); len(ps) != 1 || !ps[0].Live() || ps[0].MentorID != alice {
		t.Errorf("pairs = %+v; want alice mentoring grace, live", ps)
	}
	matchNoFailures(e)
}

// The audit's variant: bob accepts, then dana pairs frank and bob. bob's
// DM said it would make the pair as soon as frank accepts too; frank's
// later Accept told bob the match "won't go ahead: you two have been
// paired since". Both DMs now say they are a pair, and frank's press
// tells bob nothing.
func TestPairingTheTwoAfterOneAcceptedClosesTheProposal(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, frank, bob)
	askFrank, askBob := dms[0], dms[1]
	e.matchClick(bob, askBob, "proposal_accept")
	e.eventually("bob's acceptance", func() bool { return contains(matchCurrent(e, askBob), "as soon as") })

	// The other way round: a pair of the two either way closes it.
	e.pair(bob, frank)
	e.settle()
	e.wantProposalClosedByPair(askFrank, frank)
	e.wantProposalClosedByPair(askBob, bob)
	if cur := matchCurrent(e, askFrank); !contains(cur, "they mentor you") {
		t.Errorf("frank's proposal DM does not say who mentors whom: %s", blockText(cur.Blocks))
	}
	id := itoa(proposalID(t, e, frank))
	if got := e.press(frank, "proposal_accept", id); !strings.Contains(got, "paired since") {
		t.Errorf("frank's Accept after the pair: %q", got)
	}
	e.settle()
	if got := e.dms(bob, "won't go ahead"); len(got) != 0 {
		t.Errorf("bob was told the match won't go ahead: %s", e.describeDMs(bob))
	}
	if ps := e.matchPairs(); len(ps) != 1 || ps[0].MentorID != bob {
		t.Errorf("pairs = %+v; want only bob mentoring frank", ps)
	}
	matchNoFailures(e)
}

// proposalID is the number of the only matching proposal naming who.
func proposalID(t *testing.T, e *env, who string) int64 {
	t.Helper()
	var id int64
	if err := e.dumpConn().QueryRow(`SELECT id FROM proposals WHERE round > 0 AND (mentor_id = ? OR mentee_id = ?)`, who, who).Scan(&id); err != nil {
		t.Fatalf("%s's proposal: %v", who, err)
	}
	return id
}

// A proposal DM that Slack's 429 holds back while dana pairs the two is
// posted as the pair has made it: it says they are a pair, without
// buttons, as one sent before the pair is edited to. One not begun yet
// is never sent.
func TestPairingTheTwoWhileTheirProposalDMIsInFlight(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Rust", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Rust"})
	msg, _ := matchRun(e)
	e.settle()
	posts := len(e.sim.CallsTo("chat.postMessage"))
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 5*time.Second)
	e.matchClick(dana, msg, "match_publish")
	e.eventually("a proposal DM to be held by the 429", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	held := e.sim.CallsTo("chat.postMessage")[posts].Params.Get("channel")
	e.pair(alice, grace)
	release()
	e.settle()
	e.idle()
	asked := 0
	for _, u := range []string{alice, grace} {
		for _, m := range e.dms(u, "A mentoring match for you") {
			asked++
			e.wantProposalClosedByPair(m, u)
		}
	}
	if asked == 0 {
		t.Fatalf("the DM held in %s was never posted:\nalice:%s\ngrace:%s", held, e.describeDMs(alice), e.describeDMs(grace))
	}
	matchNoFailures(e)
}

// A request accepted between the two of an open proposal closes it as an
// admin's pair does.
func TestARequestAcceptedBetweenTheTwoOfAnOpenProposalClosesIt(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, alice, grace)
	ask := e.requestAsk(grace, alice)
	e.matchClick(alice, ask, "request_accept")
	e.settle()
	e.waitDM(grace, "<@UALICE> accepted your request")
	e.wantProposalClosedByPair(dms[0], alice)
	e.wantProposalClosedByPair(dms[1], grace)
	if ps, err := e.app.DB.OpenProposals(e.ctx, alice); err != nil || len(ps) != 0 {
		t.Errorf("alice's open proposals after the request: %+v, %v", ps, err)
	}
	matchNoFailures(e)
}
