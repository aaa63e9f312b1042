package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A profile past its time (12 hours) is answered from at once and fetched
// again in the background: a command never waits on users.info, even while
// Slack fails it, and the new profile (bob moved to Tokyo) arrives with
// the next command after Slack is back.
func TestStaleProfileIsRefreshedInTheBackground(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(bob, "/goal", "list"); strings.Contains(got, "Sorry") {
		t.Fatalf("/goal list: %q", got)
	}
	calls := func() int { return len(e.sim.CallsTo("users.info")) }
	e.sim.AddUser(slacksim.User{ID: bob, Name: "bob", RealName: "Bob Brown", TZ: "Asia/Tokyo"})
	e.clock.Advance(13 * time.Hour)
	e.sim.StartOutage(slacksim.Outage{Method: "users.info", Until: e.clock.Now().Add(time.Minute), Status: 503})

	before := calls()
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "list")
	if res.Ack == nil || !strings.Contains(ackText(t, res), "goal") {
		t.Fatalf("with users.info failing, /goal list was not answered in its ack: %+v", res)
	}
	waitFor(t, "a background users.info", func() bool { return calls() > before })
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.TZ != "America/New_York" {
		t.Errorf("during the outage bob's profile is %q, %v; want the cached one kept", u.TZ, err)
	}

	e.clock.Advance(2 * time.Minute) // Slack answers again
	e.cmd(bob, "/goal", "list")
	waitFor(t, "bob's new time zone", func() bool {
		u, err := e.app.DB.User(e.ctx, bob)
		return err == nil && u.TZ == "Asia/Tokyo"
	})
}

// waitFor polls cond (for work the bot does in the background) for up to
// 10 s of real time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within 10 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
