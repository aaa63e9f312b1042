package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// carol's mentoring request reaches alice, but Slack's answer to the post
// never comes (the bot's timeout): the DM waits for its retry, to be
// looked for in alice's DM first. The bot is then down for more than a
// week, past the DM's time. Back, it looks before it drops: the DM is in
// alice's history, so it is recorded as sent, and when carol withdraws
// the request alice's copy says so, without its buttons. The DM used to
// be dropped unseen, recorded as never sent: alice kept a request with
// live buttons that carol had withdrawn.
func TestSchedRequestDMWhoseAnswerWasLostIsFoundAfterItsTime(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{slackTimeout: time.Second})
	e.settle()
	reached := make(chan struct{}, 8)
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: e.clock.Now().Add(time.Hour), Delay: 3 * time.Second, Applied: true, Reached: reached})
	if got := e.cmd(carol, "/mentor", "request <@UALICE|alice> would you mentor me?"); !strings.Contains(got, "alice") && !strings.Contains(got, "UALICE") {
		t.Fatalf("request: %q", got)
	}
	select {
	case <-reached:
	case <-time.After(waitLimit):
		t.Fatal("the request DM was never posted")
	}
	e.eventually("the post to time out, its retry waiting", func() bool {
		for _, n := range e.notes() {
			if n.Kind == "request" {
				return n.Status == store.NoteSending && n.LastError != ""
			}
		}
		return false
	})
	e.sim.EndOutages()
	if n := len(e.dms(alice, "mentor")); n != 1 {
		t.Fatalf("alice has %d request DMs in Slack, want 1:%s", n, e.describeDMs(alice))
	}

	e.clock.Advance(8 * 24 * time.Hour) // down past the DM's time, a week
	e.settle()
	for _, n := range e.notes() {
		if n.Kind == "request" && n.Status != store.NoteSent {
			t.Errorf("the request DM alice has: %s (%s), want sent", n.Status, n.LastError)
		}
	}
	if got := e.cmd(carol, "/mentor", "request cancel <@UALICE>"); !strings.Contains(got, "withdrawn your request") {
		t.Fatalf("withdraw: %q", got)
	}
	e.settle()
	e.idle()
	e.eventually("alice's copy of the request to say it was withdrawn", func() bool { return len(e.dms(alice, "withdrew")) == 1 })
	for _, m := range e.dms(alice, "") {
		if strings.Contains(string(m.Blocks), "request_accept") {
			t.Errorf("alice is left with the buttons of a withdrawn request: %q", m.Text)
		}
	}
	if n := len(e.dms(alice, "mentor")); n != 1 {
		t.Errorf("alice has %d request DMs, want the one, edited:%s", n, e.describeDMs(alice))
	}
}
