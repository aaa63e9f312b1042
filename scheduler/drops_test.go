package scheduler_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// lostAnswers posts the sends whose key is in reachOnce, once each, and
// then fails them as a call whose answer never came does (the client's
// timeout): Slack has the DM, the bot does not know it.
type lostAnswers struct {
	*failingNotifier
	mu        sync.Mutex
	reachOnce map[string]bool
}

func (l *lostAnswers) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	l.mu.Lock()
	lose := l.reachOnce[n.Key]
	delete(l.reachOnce, n.Key)
	l.mu.Unlock()
	if lose {
		if _, err := l.failingNotifier.Send(ctx, n); err != nil {
			return scheduler.Sent{}, err
		}
		return scheduler.Sent{}, errors.New("chat.postMessage: outcome unknown (timeout): context deadline exceeded")
	}
	return l.failingNotifier.Send(ctx, n)
}

// withMetrics gives the rig a scheduler that counts into a registry of its
// own, as /metrics shows it, and whose notifier loses the answers of the
// keys in lose.
func (r *plainRig) withMetrics(lose ...string) (*metrics.Registry, *lostAnswers) {
	m := metrics.New()
	ln := &lostAnswers{failingNotifier: r.nt, reachOnce: map[string]bool{}}
	for _, k := range lose {
		ln.reachOnce[k] = true
	}
	r.s = scheduler.New(scheduler.Options{DB: r.db, Notifier: ln, Clock: r.clk, Config: testConfig(), Metrics: m})
	return m, ln
}

const droppedMetric = "mentorbot_notifications_dropped_total"

// TestQuietHoursDropIsCounted: after downtime, a check-in goes late into
// its recipient's quiet hours, which end after it stops making sense: it
// is dropped, not sent. /metrics counts it among the dropped, as it does
// a DM dropped because its time passed while the bot was down; it used to
// count only the latter, so an operator never saw the check-ins lost to
// quiet hours.
func TestQuietHoursDropIsCounted(t *testing.T) {
	r := newPlainRig(t) // Monday 10:00 UTC; quiet hours 20:00-08:00, UTC
	m, _ := r.withMetrics()
	for _, n := range []store.Notification{
		// Planned for 19:00, making sense until 23:00.
		{Key: "checkin:to=UBOB:on=2026-11-02", Kind: scheduler.KindCheckin, RecipientID: "UBOB",
			DueAt: r.start.Add(9 * time.Hour), ExpiresAt: r.start.Add(13 * time.Hour)},
		// Past its time before the bot was back.
		{Key: "intro:carol", Kind: "intro", RecipientID: "UCAROL", Payload: `{"text":"hi"}`,
			DueAt: r.start.Add(9 * time.Hour), ExpiresAt: r.start.Add(10 * time.Hour)},
	} {
		if _, err := r.db.Enqueue(r.ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	r.clk.Set(r.start.Add(11 * time.Hour)) // back at 21:00: bob is quiet until 08:00
	r.dispatch(t)
	for _, k := range []string{"checkin:to=UBOB:on=2026-11-02", "intro:carol"} {
		if n, err := r.db.Notification(r.ctx, k); err != nil || n.Status != store.NoteDropped {
			t.Errorf("%s: %s, %v; want dropped", k, n.Status, err)
		}
		if c := r.nt.count(k); c != 0 {
			t.Errorf("%s posted %d times, want never", k, c)
		}
	}
	if got := m.Value(droppedMetric); got != 2 {
		t.Errorf("%s = %v, want 2: the check-in the quiet hours outlasted, and the DM whose time passed", droppedMetric, got)
	}
	if n := r.nt.undelivered.Load(); n != 2 {
		t.Errorf("told %d times of DMs given up, want twice", n)
	}
}
