package scheduler_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// TestGivenBackRetryIsLookedForBeforeItIsDropped: a retry's claim (its
// first post reached Slack, the answer was lost) given back unsent at a
// shutdown, whose time passes while the bot is down, is looked for in the
// DM's history, found, and recorded as sent. DropExpired used to drop it
// unseen, recorded as never sent, out of reach of later edits.
func TestGivenBackRetryIsLookedForBeforeItIsDropped(t *testing.T) {
	r := newPlainRig(t)
	key := "intro:req"
	_, ln := r.withMetrics(key)
	r.enqueue(t, "req", "UMENTOR", 0, 5*time.Minute)
	r.dispatch(t) // posted, the answer lost: waits for its retry
	if n := r.note(t, "req"); n.Status != store.NoteSending || n.LastError == "" {
		t.Fatalf("after the lost answer: %+v", n)
	}
	r.clk.Advance(15 * time.Second)
	claimed, err := r.db.ClaimDue(r.ctx, r.clk.Now(), 2*time.Minute, 10)
	if err != nil || len(claimed) != 1 || claimed[0].Attempts != 2 {
		t.Fatalf("claim: %+v, %v", claimed, err)
	}
	if err := r.db.ReleaseClaims(r.ctx, claimed); err != nil { // a shutdown before its send began
		t.Fatal(err)
	}
	r.clk.Advance(time.Hour) // down past its time
	r.dispatch(t)
	n := r.note(t, "req")
	if n.Status != store.NoteSent || r.nt.finds.Load() != 1 || ln.count(key) != 1 {
		t.Errorf("a DM Slack has: %s after %d looks, posted %d times; want sent after one look, posted once", n.Status, r.nt.finds.Load(), ln.count(key))
	}
}

// findFails is a notifier whose look in the DM's history always fails.
type findFails struct {
	*failingNotifier
	finds int
}

func (f *findFails) Find(context.Context, store.Notification) (scheduler.Sent, bool, error) {
	f.finds++
	return scheduler.Sent{}, false, errors.New("slack: account_inactive")
}

// TestExpiredClaimWhoseHistoryCannotBeReadIsGivenUp: a claim past its time
// whose DM history cannot be read is looked for for an hour, then dropped
// as perhaps delivered, not retried for the day a send is.
func TestExpiredClaimWhoseHistoryCannotBeReadIsGivenUp(t *testing.T) {
	r := newPlainRig(t)
	ff := &findFails{failingNotifier: r.nt}
	m := metrics.New()
	r.s = scheduler.New(scheduler.Options{DB: r.db, Notifier: ff, Clock: r.clk, Config: testConfig(), Metrics: m})
	r.nt.failOnce["intro:x"] = true
	r.enqueue(t, "x", "UX", 0, 30*time.Second)
	r.dispatch(t)
	for range 30 {
		r.clk.Advance(5 * time.Minute)
		r.dispatch(t)
	}
	n := r.note(t, "x")
	if n.Status != store.NoteDropped || n.Attempts == 0 {
		t.Errorf("after 2.5 h: %s, %d attempts; want dropped as tried", n.Status, n.Attempts)
	}
	if ff.finds > 20 || m.Value(droppedMetric) != 1 {
		t.Errorf("looked %d times, %s = %v; want a dozen or so looks and one drop", ff.finds, droppedMetric, m.Value(droppedMetric))
	}
}

// slowFind is a notifier whose look in the DM's history takes two minutes
// (its turn after an outage, pages of history) and finds nothing.
type slowFind struct {
	*failingNotifier
	advance func(time.Duration)
}

func (f *slowFind) Find(context.Context, store.Notification) (scheduler.Sent, bool, error) {
	f.advance(2 * time.Minute)
	return scheduler.Sent{}, false, nil
}

// TestClaimThatExpiresWhileLookedForIsNotPosted: its time passes during the
// look in its DM's history; not found, it is dropped, not posted late.
func TestClaimThatExpiresWhileLookedForIsNotPosted(t *testing.T) {
	r := newPlainRig(t)
	r.s = scheduler.New(scheduler.Options{DB: r.db, Notifier: &slowFind{failingNotifier: r.nt, advance: r.clk.Advance}, Clock: r.clk, Config: testConfig()})
	r.nt.failOnce["intro:x"] = true
	r.enqueue(t, "x", "UX", 0, time.Minute)
	r.dispatch(t) // times out; its retry in 10 s
	r.clk.Advance(15 * time.Second)
	r.dispatch(t)
	if n := r.note(t, "x"); n.Status != store.NoteDropped || r.nt.count("intro:x") != 0 {
		t.Errorf("%s, posted %d times; want dropped, never posted", n.Status, r.nt.count("intro:x"))
	}
}

// TestDowntimeDropsAreCounted: after two weeks down, the reminders and
// follow-ups whose time passed are dropped and /metrics counts each, at
// the start's re-plan and at a full one. The re-plan used to mark them
// dropped itself, uncounted.
func TestDowntimeDropsAreCounted(t *testing.T) {
	for _, full := range []bool{false, true} {
		r := newRig(t, utc("2026-11-02 07:00"))
		p := r.pair(alice, bob)
		r.meet(p, "weekly mon 15:00")
		r.runUntil(utc("2026-11-03 00:00"))
		r.clk.Set(utc("2026-11-16 10:00"))
		db, err := store.Open(r.ctx, r.path, store.Options{Clock: r.clk})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		r.db = db
		m := metrics.New()
		r.sched = scheduler.New(scheduler.Options{DB: db, Notifier: r.nt, Clock: r.clk, Config: r.cfg, Metrics: m})
		if full {
			err = r.sched.ReplanAll(r.ctx)
		} else {
			err = r.sched.Start(r.ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		r.dispatch()
		dropped, err := r.db.Notifications(r.ctx, store.NoteFilter{Status: store.NoteDropped})
		if err != nil {
			t.Fatal(err)
		}
		if len(dropped) == 0 || m.Value(droppedMetric) != float64(len(dropped)) {
			t.Errorf("full=%v: %d dropped, %s = %v; want each counted", full, len(dropped), droppedMetric, m.Value(droppedMetric))
		}
	}
}
