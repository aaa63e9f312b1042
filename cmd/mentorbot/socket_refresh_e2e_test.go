package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Slack refreshes each Socket Mode connection now and then. With
// MENTORBOT_SOCKET_CONNECTIONS=2, a command typed while one reconnects
// must reach the bot on its other connection:
// Slack does not hold a slash command for a connection to come back, the
// person sees it fail. Here the refreshed connection cannot come back at
// all (apps.connections.open is down), so only the other one can carry it.
func TestCommandDuringAConnectionsRefreshIsAnswered(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_SOCKET_CONNECTIONS", "2"))
	e.eventually("both Socket Mode connections to be live", func() bool { return e.sim.LiveConnections() == 2 })
	e.sim.StartOutage(slacksim.Outage{Method: "apps.connections.open", Status: 503, Until: e.clock.Now().Add(24 * time.Hour)})
	e.sim.RefreshOne("refresh_requested")
	e.eventually("the refreshed connection to close", func() bool { return e.sim.Connections() == 1 })
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("/mentor pair during a refresh = %q", got)
	}
	e.sim.EndOutages()
	e.eventually("the refreshed connection to come back", func() bool { return e.sim.LiveConnections() == 2 })
}
