package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// SIGTERM finishes in-flight work, but not for ever: an orchestrator kills
// the process a few seconds after it (docker stop waits 10 s), mid-write.
// A command stuck on a Slack call that Slack holds for a minute is cut a
// grace period into the shutdown, and the process exits with the database
// closed; a command that Slack answers in normal time still finishes.
// After the restart the cut command has left nothing behind, and the one
// that finished is there.
func TestShutdownCutsAStuckCommandAfterTheGrace(t *testing.T) {
	clk, sim, cfg := simAndConfig(t)
	ctx, cancelAll := context.WithCancel(context.Background())
	e := &env{t: t, ctx: ctx, sim: sim, clock: clk, cfg: cfg}
	logs := &testLog{}
	var out io.Writer = io.Discard
	if os.Getenv("MENTORBOT_TEST_LOG") != "" {
		out = os.Stderr
	}
	logs.next = slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug})
	const grace = 2 * time.Second
	start := func() func(time.Duration) {
		var stop func(time.Duration)
		e.app, stop = runServe(t, ctx, cfg, serveOptions{Clock: clk, Logger: slog.New(logs), ShutdownGrace: grace})
		e.waitReady()
		return stop
	}
	stop := start()
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			stop(waitLimit)
		}
		cancelAll()
		sim.Close()
	})

	// carol's command looks up her profile, which Slack holds for a
	// minute: longer than any grace.
	held := make(chan struct{}, 1)
	sim.StartOutage(slacksim.Outage{Method: "users.info", Until: clk.Now().Add(time.Hour), Delay: time.Minute, Applied: true, Reached: held})
	go func() { _, _ = sim.SlashCommand(ctx, carol, "", "/goal", "add Held by Slack by 2030-01-01") }()
	waitSignal(t, held, "carol's command never looked up her profile")
	// erin's, a moment later, is answered in normal time.
	sim.EndOutages()
	quick := make(chan struct{}, 1)
	sim.StartOutage(slacksim.Outage{Method: "users.info", Until: clk.Now().Add(time.Hour), Delay: 500 * time.Millisecond, Applied: true, Reached: quick})
	erinAnswer := make(chan string, 1)
	go func() {
		res, err := sim.SlashCommand(ctx, erin, "", "/goal", "add Answered in time by 2030-01-01")
		if err != nil {
			erinAnswer <- "error: " + err.Error()
			return
		}
		erinAnswer <- string(res.Ack) // read here: a goroutine may not end the test
	}()
	waitSignal(t, quick, "erin's command never looked up her profile")

	began := time.Now()
	stop(grace + 5*time.Second) // fails the test when serve has not returned by then
	stopped = true
	if took := time.Since(began); took > grace+2*time.Second {
		t.Errorf("the stop took %v with a command stuck on Slack; want at most the grace (%v) and a little", took, grace)
	}
	if got := <-erinAnswer; !strings.Contains(got, "Answered in time") {
		t.Errorf("erin's command in flight at the stop was acked with %s; want it done", got)
	}
	// carol's command was acked empty within Slack's deadline, and Slack
	// will not deliver it again: she is told, once, that it was not done
	// (it was cut before it wrote anything), and nothing else.
	var told []string
	for _, m := range sim.MessagesTo(carol) {
		if m.Via == "response_url" {
			told = append(told, m.Text)
		}
	}
	if len(told) != 1 || !strings.Contains(told[0], "I'm restarting, so I didn't do that") {
		t.Errorf("carol, whose command the shutdown cut before it wrote, was told %q; want once that it was not done", told)
	}
	if n := logs.count(slog.LevelWarn, "shutdown grace over; cancelling the handlers still running"); n != 1 {
		t.Errorf("lines saying what the shutdown cut: %d, want 1", n)
	}
	if n := logs.count(slog.LevelError, "close database"); n != 0 {
		t.Errorf("the database did not close cleanly (%d errors)", n)
	}

	// The same database, opened again: it was closed cleanly.
	sim.EndOutages()
	stop = start()
	stopped = false
	if got := e.cmd(erin, "/goal", "list"); !strings.Contains(got, "Answered in time") {
		t.Errorf("erin's goals after the restart: %q; want the goal her finished command added", got)
	}
	if got := e.cmd(carol, "/goal", "list"); strings.Contains(got, "Held by Slack") {
		t.Errorf("carol's goals after the restart: %q; want none from the command the shutdown cut", got)
	}
}

// waitSignal waits for one value on ch, failing the test with msg after
// waitLimit.
func waitSignal(t *testing.T, ch <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLimit):
		t.Fatal(msg)
	}
}
