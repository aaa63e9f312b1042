package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// roundShows is what an admin reads of the running round.
func roundShows(e *env) string {
	e.t.Helper()
	return e.cmd(dana, "/mentor", "cohort")
}

// A round started by an admin with no zone in Slack reads its dates in
// the programme's default zone, as its start did: its last day lasts
// until midnight there. Read in UTC, a round ending on Tuesday in Los
// Angeles was over, and stopped taking pairs, from Tuesday 16:00.
func TestMatch2RoundOfAnAdminWithoutAZoneUsesTheDefaultZone(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_DEFAULT_TZ", "America/Los_Angeles"))
	e.sim.AddUser(slacksim.User{ID: dana, Name: "dana", RealName: "Dana Diaz"})
	if got := e.cmd(dana, "/mentor", "cohort start Short --until 2026-11-10"); !strings.Contains(got, "Started the round *Short*") {
		t.Fatalf("start = %q", got)
	}
	// Wednesday 05:00 UTC: Tuesday 21:00 in Los Angeles, the round's last
	// day still.
	e.advance(time.Date(2026, 11, 11, 5, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	if got := roundShows(e); strings.Contains(got, "end date has passed") {
		t.Errorf("on its last day in Los Angeles the round reads %q", got)
	}
	e.advance(4 * time.Hour) // Wednesday 01:00 in Los Angeles
	if got := roundShows(e); !strings.Contains(got, "end date has passed") {
		t.Errorf("the day after its end the round reads %q", got)
	}
}

// A round keeps the zone it was started in: its admin moving to
// Auckland does not end it half a day early.
func TestMatch2RoundKeepsItsZoneWhenItsAdminMoves(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Short --until 2026-11-10"); !strings.Contains(got, "Started the round *Short*") {
		t.Fatalf("start = %q", got)
	}
	u, _ := e.sim.User(dana)
	u.TZ = "Pacific/Auckland"
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	e.waitUser(dana, "a zone of Pacific/Auckland", func(p store.User) bool { return p.TZ == "Pacific/Auckland" })
	// Tuesday 12:00 in London, where it started; Wednesday 01:00 in
	// Auckland.
	e.advance(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	if got := roundShows(e); strings.Contains(got, "end date has passed") {
		t.Errorf("on its last day in London the round reads %q", got)
	}
}
