package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// bob's request DM that Slack has already accepted (its answer slow) when
// bob is forgotten cannot be called back: once recorded, it is edited to
// say he withdrew it, without his words or the buttons of a request gone.
func TestForgetEditsARequestDMSlackAcceptedInFlight(t *testing.T) {
	e := newEnv(t)
	e.settle()
	reached := make(chan struct{}, 8)
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: e.clock.Now().Add(time.Hour), Delay: 1500 * time.Millisecond, Applied: true, Reached: reached})
	e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat secret please")
	select {
	case <-reached:
	case <-time.After(10 * time.Second):
		t.Fatal("no post")
	}
	e.sim.EndOutages()
	pgForget(e, bob)
	e.eventually("the request DM settled", func() bool {
		for _, n := range e.notes() {
			if n.Kind == "request" {
				return n.Status == store.NoteSent
			}
		}
		return false
	})
	e.settle()
	e.idle()
	e.eventually("alice's request DM to be edited", func() bool {
		ms := e.dms(alice, "withdrew")
		return len(ms) == 1
	})
	for _, m := range e.dms(alice, "") {
		if strings.Contains(m.Text, "wombat") || strings.Contains(string(m.Blocks), "wombat") || strings.Contains(string(m.Blocks), "request_accept") {
			t.Errorf("alice is left with bob's words or dead buttons: %q", m.Text)
		}
	}
}
