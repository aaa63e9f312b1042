package main

import (
	"context"
	"runtime/metrics"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A virtual clock for the rate-limited runs: the simulator's limits, the
// bot's pacing and Retry-After waits, and the scheduler all run on one
// clock.Fake, which a driver moves to the next timer as soon as the whole
// process is idle, that is when every goroutine waits (on a timer, a lock
// or the network) and no request to the simulator is on its way. Minutes of
// rate-limited sending then take seconds, and the time they take is
// exactly what the limits and the bot's own pacing make it: the bot's CPU
// time counts as zero, so the figures do not depend on the machine.

func schedSamples() []metrics.Sample {
	return []metrics.Sample{
		{Name: "/sched/goroutines/running:goroutines"},
		{Name: "/sched/goroutines/runnable:goroutines"},
		{Name: "/sched/goroutines/not-in-go:goroutines"},
	}
}

// idleSyscalls is how many goroutines sit in system calls while the
// process does nothing (os/signal's receiver, for one): the driver's
// baseline, read before the bot starts.
func idleSyscalls() uint64 {
	s := schedSamples()
	least := ^uint64(0)
	for range 20 {
		metrics.Read(s)
		least = min(least, s[2].Value.Uint64())
		time.Sleep(100 * time.Microsecond)
	}
	return least
}

// driveClock moves clk to its next timer whenever the process is idle,
// until ctx ends. It returns how many times it moved the clock.
func driveClock(ctx context.Context, clk *clock.Fake, req *slacksim.InFlight, syscalls uint64) int {
	samples := schedSamples()
	idle := func() bool {
		if req.Count() != 0 {
			return false
		}
		metrics.Read(samples)
		// This goroutine is the one running.
		return samples[0].Value.Uint64() <= 1 && samples[1].Value.Uint64() == 0 && samples[2].Value.Uint64() <= syscalls
	}
	moves := 0
	for ctx.Err() == nil {
		// Idle three times in a row, 50µs apart, with the same timers.
		w := clk.Waiters()
		quiet := true
		for range 3 {
			time.Sleep(50 * time.Microsecond)
			if !idle() || clk.Waiters() != w {
				quiet = false
				break
			}
		}
		if !quiet {
			continue
		}
		if next, ok := clk.Next(); ok {
			clk.Set(next)
			moves++
		}
	}
	return moves
}

// offsetClock is real time shifted to start at a fixed instant, so that
// the programme's state (what is due, which day it is) is the same in
// every run while latencies are real.
type offsetClock struct{ d time.Duration }

func newOffsetClock(start time.Time) offsetClock { return offsetClock{time.Until(start)} }

func (o offsetClock) Now() time.Time                       { return time.Now().Add(o.d) }
func (o offsetClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }
