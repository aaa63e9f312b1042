package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A check-in is for its week. MENTORBOT_CHECKIN_SCHEDULE moved from
// Monday to Tuesday mid-week: the people who had Monday's check-in do not
// get a second one on Tuesday; the next week's goes on its new day.
func TestCheckinScheduleMovedMidWeekSendsNoSecondCheckin(t *testing.T) {
	clk, sim, cfg := simAndConfig(t) // the default: Mondays at 09:00
	useMigratedDB(t, cfg)
	t.Cleanup(sim.Close)
	e := &env{t: t, ctx: context.Background(), sim: sim, clock: clk, cfg: cfg, net: &fastNet{}}
	start := func(cfg config) func(time.Duration) {
		app, stop := runServe(t, e.ctx, cfg, serveOptions{Clock: clk, NetWait: e.net})
		e.app, e.cfg = app, cfg
		e.waitReady()
		return stop
	}
	stop := start(cfg)
	e.pair(alice, bob)
	// Monday 2 November, 09:00 in Berlin has passed by noon UTC.
	e.schedWalk(time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC))
	if n := len(checkinsTo(e, alice)); n != 1 {
		t.Fatalf("alice has %d check-ins on Monday, want 1:\n%s", n, e.describeDMs(alice))
	}
	stop(10 * time.Second)

	cfg.CheckinSchedule = "0 9 * * TUE"
	stop = start(cfg)
	defer stop(10 * time.Second)
	e.schedWalk(time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC))
	if n := len(checkinsTo(e, alice)); n != 1 {
		t.Errorf("alice has %d check-ins after Tuesday, want Monday's alone:\n%s", n, e.describeDMs(alice))
	}
	e.schedWalk(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC))
	got := checkinsTo(e, alice)
	if len(got) != 2 || !strings.Contains(schedKey(got[1]), "on=2026-11-10") {
		t.Errorf("alice's check-ins after the next Tuesday: %d, want Monday's and the next Tuesday's:\n%s", len(got), e.describeDMs(alice))
	}
}

// checkinsTo is the check-in DMs user has had.
func checkinsTo(e *env, user string) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range e.dms(user, "") {
		if strings.HasPrefix(schedKey(m), "checkin:") {
			out = append(out, m)
		}
	}
	return out
}
