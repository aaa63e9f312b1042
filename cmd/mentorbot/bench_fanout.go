package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// virtualRun is the bot against a rate-limited simulator on a virtual
// clock, with its own database.
type virtualRun struct {
	clk    *clock.Fake
	sim    *slacksim.Server
	app    *app
	cancel context.CancelFunc
	done   chan error
	moves  chan int
	began  time.Time // wall clock
}

// startVirtual seeds pairs in zone, starts the simulator and the bot on a
// fake clock set to start, and the driver that moves it.
func (b *bench) startVirtual(ctx context.Context, name string, pairs int, zone string, start time.Time) (*virtualRun, error) {
	dbPath := filepath.Join(b.dir, name+".db")
	seeded, err := seedBench(ctx, dbPath, seedSpec{Pairs: pairs, Now: start, Zones: []zoneShare{{zone, 1}}, NoSchedules: true})
	if err != nil {
		return nil, err
	}
	v := &virtualRun{clk: clock.NewFake(start), done: make(chan error, 1), moves: make(chan int, 1), began: time.Now()}
	v.sim = slacksim.New(slacksim.Options{Clock: v.clk, RateLimits: true,
		WorkspacePostLimit: slacksim.Limit{PerMinute: b.o.postLimit, Burst: slacksim.DefaultWorkspacePostLimit.Burst}})
	for _, id := range seeded.People {
		v.sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id), TZ: zone})
	}
	// The seeded year of DMs taught the bot these people's DM channels, as
	// the welcome DM of pairing does in a new programme: the fan-out is
	// chat.postMessage alone.
	cfg, err := benchConfig(v.sim, dbPath)
	if err != nil {
		return nil, err
	}
	req := &slacksim.InFlight{Next: slackTransport()}
	syscalls := idleSyscalls()
	ctx, v.cancel = context.WithCancel(ctx)
	ready := make(chan *app, 1)
	go func() {
		v.done <- serve(ctx, cfg, serveOptions{Clock: v.clk, NetWait: v.clk, HTTPClient: &http.Client{Transport: bot.TrimAnswers(req)},
			Logger: slog.New(slog.DiscardHandler), SlackLimits: benchLimits(b.o.postLimit), Started: func(a *app) { ready <- a }})
	}()
	select {
	case v.app = <-ready:
	case err := <-v.done:
		v.sim.Close()
		return nil, fmt.Errorf("bench: bot stopped: %w", err)
	}
	go func() { v.moves <- driveClock(ctx, v.clk, req, syscalls) }()
	return v, nil
}

func (v *virtualRun) stop() (moves int) {
	v.cancel()
	<-v.done
	moves = <-v.moves
	v.sim.Close()
	return moves
}

// sentStats is what became of the check-ins of a run.
type sentStats struct {
	sent, other      int
	first, last      time.Time // sent_at
	earliest, latest time.Duration
}

// waitCheckins waits (wall clock) until all n check-ins due before
// before are done and reports when they went relative to their due times.
// Those due later (the next week's, which the moving clock may reach
// before a look sees this week's done) are not the run's.
func (v *virtualRun) waitCheckins(ctx context.Context, n int, before time.Time) (sentStats, error) {
	var st sentStats
	deadline := time.Now().Add(15 * time.Minute)
	for {
		var err error
		st, err = checkinStats(ctx, v.app.DB, before)
		if err != nil {
			return st, err
		}
		if st.sent+st.other >= n {
			return st, nil
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("bench: %d of %d check-ins done by %v (virtual)", st.sent+st.other, n, v.clk.Now())
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func checkinStats(ctx context.Context, db *store.DB, before time.Time) (sentStats, error) {
	var st sentStats
	ns, err := db.Notifications(ctx, store.NoteFilter{Kind: "checkin", Limit: 1 << 30})
	if err != nil {
		return st, err
	}
	for _, n := range ns {
		if !n.DueAt.Before(before) {
			continue
		}
		switch n.Status {
		case store.NoteSent:
		case store.NotePending, store.NoteSending:
			continue
		default:
			st.other++
			continue
		}
		st.sent++
		d := n.SentAt.Sub(n.DueAt)
		if st.sent == 1 || n.SentAt.Before(st.first) {
			st.first = n.SentAt
		}
		if n.SentAt.After(st.last) {
			st.last = n.SentAt
		}
		st.earliest, st.latest = max(st.earliest, -d), max(st.latest, d)
	}
	return st, nil
}

// fanOut sends fanout check-ins that are all due at the start, through
// Slack's limits, and compares the time it takes with the least those
// limits allow.
func (b *bench) fanOut(ctx context.Context) error {
	n := b.o.fanout &^ 1
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) // a Monday, 09:00 in the members' zone
	v, err := b.startVirtual(ctx, "fanout", n/2, "UTC", start)
	if err != nil {
		return err
	}
	st, err := v.waitCheckins(ctx, n, start.Add(24*time.Hour))
	wall := time.Since(v.began)
	limited := v.sim.RateLimited()
	opened := len(v.sim.CallsTo("conversations.open"))
	moves := v.stop()
	if err != nil {
		return err
	}
	w := slacksim.DefaultWorkspacePostLimit
	w.PerMinute = b.o.postLimit
	bound := time.Duration(max(0, float64(n)-w.Burst) / (w.PerMinute / 60) * float64(time.Second))
	actual := st.last.Sub(start)
	// All within Slack's burst there is no wait to compare with: the
	// figure is 1 when they went at once, and fails when they did not.
	ratio, boundNote := 1.0, ""
	switch {
	case bound > 0:
		ratio = float64(actual) / float64(bound)
	case actual > 5*time.Second:
		ratio = 1 + actual.Seconds()
		boundNote = "; all fit in the burst, yet took long"
	default:
		boundNote = "; all fit in the burst, so no wait is needed"
	}
	storm := sum(limited)
	b.add("fan-out: DMs due at once", float64(n), "DMs", fmt.Sprintf("%d sent, %d not (obsolete or failed); check-ins, rendered from the database", st.sent, st.other))
	b.add("fan-out: lower bound", bound.Seconds(), "s", fmt.Sprintf("(N − burst %.0f) at Slack's workspace-wide %.0f chat.postMessage a minute (our assumption; Slack: \"several hundred\")", w.Burst, w.PerMinute))
	b.addTarget("fan-out: time / lower bound", ratio, "x", "≤ 1.05", ratio <= 1.05 && st.other == 0,
		fmt.Sprintf("took %v virtual (%.1f s wall, %d clock moves)%s", actual.Round(time.Second), wall.Seconds(), moves, boundNote))
	b.addTarget("fan-out: HTTP 429s", float64(storm), "count", "no storm (≤ 1%)", float64(storm) <= 0.01*float64(n),
		fmt.Sprintf("%s; conversations.open calls: %d", formatCounts(limited), opened))
	return nil
}

// burst sends the check-ins of burst people in one zone, all due at 09:00
// on Monday, through Slack's limits: when does sending start, and how
// late does the last one go?
func (b *bench) burst(ctx context.Context) error {
	n := b.o.burst &^ 1
	ny, _ := time.LoadLocation("America/New_York")
	nine := time.Date(2026, 11, 2, 9, 0, 0, 0, ny)
	v, err := b.startVirtual(ctx, "burst", n/2, "America/New_York", nine.Add(-30*time.Minute))
	if err != nil {
		return err
	}
	st, err := v.waitCheckins(ctx, n, nine.Add(24*time.Hour))
	wall := time.Since(v.began)
	limited := v.sim.RateLimited()
	moves := v.stop()
	if err != nil {
		return err
	}
	perMin := b.o.postLimit
	b.add("burst: check-ins due 09:00", float64(n), "DMs", fmt.Sprintf("%d pairs in America/New_York; %d sent, %d not; at most %.0f a minute", n/2, st.sent, st.other, perMin))
	b.addTarget("burst: first sent before its time", st.earliest.Minutes(), "min", "≤ 15 min", st.earliest <= 15*time.Minute,
		fmt.Sprintf("sending started %s", st.first.In(ny).Format("15:04:05")))
	b.addTarget("burst: last sent after its time", st.latest.Minutes(), "min", "≤ 1 min", st.latest <= time.Minute && st.other == 0,
		fmt.Sprintf("last at %s; %.1f s wall, %d clock moves; 429s: %s", st.last.In(ny).Format("15:04:05"), wall.Seconds(), moves, formatCounts(limited)))
	return nil
}

func sum(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s %d", k, v))
	}
	return strings.Join(parts, ", ")
}
