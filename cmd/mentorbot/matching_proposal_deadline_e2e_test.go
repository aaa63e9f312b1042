package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// A published proposal says by when to answer, in the DM that asks and
// on the Home; four days before it lapses, whoever has not answered is
// reminded, once, in their daytime. Whoever answered is not.
func TestProposalSaysWhenItLapsesAndReminds(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	dms := matchPublish(e, frank, grace) // Mon 2 Nov, 08:00 UTC: 09:00 in Paris and Berlin
	for i, u := range []string{frank, grace} {
		if m := dms[i]; !contains(m, "you both accept, by <!date^") || !contains(m, "|Mon 16 Nov 2026 at 09:00 CET>; after that the match lapses") {
			t.Errorf("%s's proposal doesn't say by when to answer: %q", u, blockText(m.Blocks))
		}
	}
	v := homeOpen(e, grace, func(s string) bool { return strings.Contains(s, "waiting for your answer") })
	if text := homeText(v); !strings.Contains(text, "|Mon 16 Nov 2026 at 09:00 CET>; after that it lapses") {
		t.Errorf("grace's Home = %s", text)
	}
	e.matchClick(frank, dms[0], "proposal_accept")

	e.advance(10*24*time.Hour - time.Hour)
	if got := e.dms(grace, "A reminder"); len(got) != 0 {
		t.Fatalf("reminded before the tenth day: %q", got[0].Text)
	}
	e.advance(2 * time.Hour)
	m := e.waitDM(grace, "A reminder: a mentoring match, <@UFRANK> as your mentor, is waiting for your answer")
	if !contains(m, "|Mon 16 Nov 2026 at 09:00 CET>, it lapses") {
		t.Errorf("reminder = %q", m.Text)
	}
	e.advance(5 * 24 * time.Hour)
	e.waitDM(grace, "has lapsed")
	if n := len(e.dms(grace, "A reminder")); n != 1 {
		t.Errorf("grace reminded %d times", n)
	}
	if got := e.dms(frank, "A reminder"); len(got) != 0 {
		t.Errorf("frank, who accepted, was reminded: %q", got[0].Text)
	}
	matchNoFailures(e)
}

// A proposal both answered before the tenth day reminds nobody.
func TestProposalAnsweredRemindsNobody(t *testing.T) {
	e := matchEnv(t)
	matchFrankAndGrace(e)
	e.advance(11 * 24 * time.Hour)
	for _, u := range []string{frank, grace} {
		if got := e.dms(u, "A reminder"); len(got) != 0 {
			t.Errorf("%s reminded of a match made: %q", u, got[0].Text)
		}
	}
	matchNoFailures(e)
}

// The reminder to answer a proposal, due in the night, comes in the
// reader's morning.
func TestProposalReminderWaitsForTheMorning(t *testing.T) {
	e := matchEnv(t)
	e.clock.Set(utc(2026, 11, 10, 1, 0)) // 02:00 in Berlin
	matchJoin(e, frank, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	matchPublish(e, frank, grace)
	e.advance(utc(2026, 11, 20, 6, 30).Sub(e.clock.Now())) // 07:30 in Berlin, the reminder 5½ hours due
	if got := e.dms(grace, "A reminder"); len(got) != 0 {
		t.Fatalf("reminded in the night: %q", got[0].Text)
	}
	e.advance(time.Hour)
	for _, u := range []string{frank, grace} {
		e.waitDM(u, "A reminder: a mentoring match")
	}
	matchNoFailures(e)
}

// dateToken is the first Slack date token in s: "<!date^…|fallback>".
var dateToken = regexp.MustCompile(`<!date\^[^>]*>`)

// Someone with a match to answer who opens /mentor join reads by when, in
// their own zone, as the proposal DM says it: the date the match lapses.
func TestJoinFormSaysByWhenToAnswerAMatch(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, carol, signup{role: "mentor", other: "Go", capacity: "1"}) // Tokyo
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})                  // New York
	dms := matchPublish(e, carol, bob)                                      // Mon 2 Nov, 08:00 UTC
	for i, c := range []struct{ user, fallback string }{
		{carol, "|Mon 16 Nov 2026 at 17:00 JST>"},
		{bob, "|Mon 16 Nov 2026 at 03:00 EST>"},
	} {
		deadline := dateToken.FindString(blockText(dms[i].Blocks))
		if !strings.HasSuffix(deadline, c.fallback) {
			t.Fatalf("%s's proposal DM says by %q; want it to end %q", c.user, deadline, c.fallback)
		}
		if got := e.cmd(c.user, "/mentor", "join"); got != "" {
			t.Fatalf("/mentor join answered %q; want the modal only", got)
		}
		v := e.waitModal(c.user, "match_join")
		text := modalText(t, v)
		if !strings.Contains(text, "A match is waiting for your answer") || !strings.Contains(text, "by "+deadline+"; after that it lapses") {
			t.Errorf("%s's join form doesn't say by when to answer (%s): %s", c.user, deadline, text)
		}
		e.sim.CloseView(matchCtx(e), c.user, v.ID)
	}
	matchNoFailures(e)
}
