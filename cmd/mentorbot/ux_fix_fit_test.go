package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// fitCheckToAlice pairs alice with bob, has alice log sessions sessions
// and returns the good-fit check she got after the first.
func fitCheckToAlice(t *testing.T, sessions int) (*env, slacksim.Message) {
	t.Helper()
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	for i := 1; i <= sessions; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	return e, e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", ps[0].ID, alice))
}

// The good-fit check may be answered long after the first session: its
// "Not sure" answer speaks of where the pair is, not always of an early
// start.
func TestFitUnsureAnswerFitsWhenItIsGiven(t *testing.T) {
	cases := []struct {
		sessions int
		want     []string
		not      []string
	}{
		{1, []string{"early on", "Give it two or three meetings"}, nil},
		{5, []string{"5 sessions"}, []string{"early on", "two or three meetings"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("after %d sessions", c.sessions), func(t *testing.T) {
			e, fit := fitCheckToAlice(t, c.sessions)
			e.schedClick(alice, fit, "notify_fit_unsure")
			got := e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
			for _, w := range c.want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("answer lacks %q: %s", w, got.Text)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got.Text, w) {
					t.Errorf("answer says %q: %s", w, got.Text)
				}
			}
		})
	}
}

// A good-fit answer from a check still on screen after the pair ended (or
// whose buttons could not be taken away) is not needed any more: it says
// so, stores nothing and tells nobody.
func TestFitAnswerAfterThePairEnded(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "ended") {
		t.Fatalf("ending the pair: %q", got)
	}
	e.settle()
	sentTo := func() int { return len(e.dms(bob, "")) + len(e.dms(dana, "")) + len(e.dms(erin, "")) }
	before := sentTo()
	for _, answer := range []string{"yes", "unsure", "no"} {
		got := e.press(alice, "notify_fit_"+answer, fmt.Sprintf("%d:%s", p.ID, answer))
		if !strings.Contains(got, "already ended") || !strings.Contains(got, "isn't needed") || strings.Contains(got, "planned or logged") {
			t.Errorf("%s after the end = %q, want that the pair has ended and the answer isn't needed", answer, got)
		}
	}
	e.settle()
	if fs, err := e.app.DB.FeedbackGiven(e.ctx, alice, p.ID, "", p.CreatedAt); err != nil || len(fs) != 0 {
		t.Errorf("stored after the end: %+v, %v", fs, err)
	}
	if n := sentTo() - before; n != 0 {
		t.Errorf("%d DMs sent to others for answers after the end", n)
	}
}
