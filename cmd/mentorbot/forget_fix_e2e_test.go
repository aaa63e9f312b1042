package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// When the person asked to mentor is forgotten, the requester, who may
// have no relationship with them, is told they left the programme, as a
// proposal's other person is, not that they asked for their data to be
// deleted.
func TestForgetOfTheOneAskedTellsTheRequesterNeutrally(t *testing.T) {
	e := newEnv(t)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	pgClick(e, alice, pgForgetMessage(e, alice), "forget_confirm")
	pgWait(e, alice, "your data is deleted")
	e.settle()
	m := e.waitDM(bob, "won't get an answer")
	if contains(m, "delete their data") || !contains(m, "left the programme") {
		t.Errorf("bob told of alice's forget: %q, want that she has left the programme", m.Text)
	}
}

// A mentoring request whose DM is in flight (held by Slack's 429) when the
// requester is forgotten is withdrawn once it is recorded as sent: the one
// asked is not left with the forgotten person's words and buttons.
func TestForgetOfARequesterWhileTheRequestIsInFlight(t *testing.T) {
	e := newEnv(t)
	posts := len(e.sim.CallsTo("chat.postMessage"))
	e.sim.RateLimitNext("chat.postMessage", 1, 5*time.Second)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat help please")
	for deadline := time.Now().Add(waitLimit); len(e.sim.CallsTo("chat.postMessage")) == posts; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the request DM was never tried")
		}
	}
	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
	var key string
	for _, n := range e.notes() {
		if n.Kind == "request" {
			key = n.Key
			if n.Status != store.NoteSending {
				t.Fatalf("the request DM was %s when bob's forget was done, not in flight", n.Status)
			}
		}
	}
	if key == "" {
		t.Fatal("no request DM")
	}
	e.schedWaitMessage(e.schedDM(key), func(m slacksim.Message) bool {
		return !contains(m, "wombat") && !strings.Contains(string(m.Blocks), "request_accept") && contains(m, "withdrew")
	})
	noFailures(t, e)
}
