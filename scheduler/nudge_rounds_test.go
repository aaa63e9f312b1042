package scheduler_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// A nudge of the third unanswered round that goes late (the bot was down
// from just after the round's first until the next morning) still goes
// with its round: it neither waits for the stop, which would cancel it,
// nor counts as a fourth round.
func TestSchedLateNudgeOfTheThirdRoundGoesWithIt(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00") // 14:00 UTC; follow-ups at 15:30 UTC
	// Its reminder goes on Thursday the 19th at 09:00 New York (14:00
	// UTC), the third round of bob's nudges; that day's follow-up, 90
	// minutes later, belongs to it.
	if _, err := r.db.AddGoal(r.ctx, bob, store.GoalInput{Text: "Give a talk", DueOn: "2026-11-22"}); err != nil {
		t.Fatal(err)
	}
	r.sched.UserChanged(r.ctx, bob)
	r.runUntil(utc("2026-11-19 14:30"))
	if got := r.nt.keys(scheduler.KindGoalDue); len(got) != 1 {
		t.Fatalf("goal reminders before the downtime: %v", got)
	}
	// Down until 08:00 New York on Friday, an hour before the stop.
	r.clk.Set(utc("2026-11-20 13:00"))
	r.start()
	r.runUntil(utc("2026-11-20 13:30"))
	followup := fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, utc("2026-11-19 14:00").Unix(), bob)
	if r.nt.sent[followup] != 1 {
		n, _ := r.db.Notification(r.ctx, followup)
		t.Errorf("the third round's late follow-up: sent %d times, want once (%s, due %s)", r.nt.sent[followup], n.Status, n.DueAt)
	}
	if u, err := r.db.User(r.ctx, bob); err != nil || u.UnansweredNudges != scheduler.MaxUnansweredNudges {
		t.Errorf("bob's unanswered rounds: %d (%v), want %d", u.UnansweredNudges, err, scheduler.MaxUnansweredNudges)
	}
	// Still unanswered: the stop comes at its time, once.
	r.runUntil(utc("2026-11-21 00:00"))
	if got := r.nt.keys(scheduler.KindNudgesStopped); len(got) != 1 || !strings.Contains(got[0], "to="+bob) {
		t.Errorf("notices that nudges stop: %v, want bob's", got)
	}
}

// logCount counts the log records with a message.
type logCount struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *logCount) Enabled(context.Context, slog.Level) bool { return true }
func (c *logCount) Handle(_ context.Context, r slog.Record) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[r.Message]++
	return nil
}
func (c *logCount) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *logCount) WithGroup(string) slog.Handler      { return c }

func (c *logCount) take(msg string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.n[msg]
	delete(c.n, msg)
	return k
}

const heldForTheStop = "held: the last nudge still awaits an answer"

// A nudge held while the notice that nudges stop waits looks again every
// ten minutes, also while a burst of DMs is on its way ahead of time (the
// dispatcher releasing it early): not at each pass of the burst.
func TestSchedHeldNudgeWaitsItsStepDuringABurst(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	logs := &logCount{n: map[string]int{}}
	r.sched = scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: r.cfg, Logger: slog.New(logs), SendRate: 1})
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00") // follow-ups at 15:30 UTC: three rounds by the 19th
	// Its reminder, at 09:00 New York on the 20th (14:00 UTC), would be
	// a fourth round: it waits for the notice, due at 15:30 UTC.
	if _, err := r.db.AddGoal(r.ctx, bob, store.GoalInput{Text: "Give a talk", DueOn: "2026-11-23"}); err != nil {
		t.Fatal(err)
	}
	r.sched.UserChanged(r.ctx, bob)
	// 1,200 DMs due at 14:30, 20 minutes' worth at one a second: the
	// dispatcher starts them early.
	for i := range 1200 {
		if _, err := r.db.Enqueue(r.ctx, store.Notification{Key: fmt.Sprintf("news:%d", i), Kind: "news", RecipientID: fmt.Sprintf("UNEWS%d", i),
			DueAt: utc("2026-11-20 14:30"), Payload: `{"text":"news"}`}); err != nil {
			t.Fatal(err)
		}
	}
	r.runUntil(utc("2026-11-20 13:50"))
	logs.take(heldForTheStop)
	// The dispatcher's passes during the burst, every releaseStep.
	for r.clk.Now().Before(utc("2026-11-20 14:40")) {
		r.clk.Advance(15 * time.Second)
		r.dispatch()
	}
	if got := len(r.nt.keys("news")); got != 1200 {
		t.Fatalf("burst: %d sent, want 1200", got)
	}
	if got := logs.take(heldForTheStop); got > 5 {
		t.Errorf("the goal reminder was held %d times from 14:00 to 14:40, want at most 5 (every 10 minutes)", got)
	}
	if got := r.nt.keys(scheduler.KindGoalDue); len(got) != 0 {
		t.Errorf("goal reminders sent while the third round awaited its answer: %v", got)
	}
}
