package scheduler_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// pacedNotifier sends one notification per interval of the fake clock, as
// the bot's Slack client does under Slack's limits, recording when each
// went.
type pacedNotifier struct {
	clk      *clock.Fake
	interval time.Duration
	mu       sync.Mutex
	at       map[string]time.Time
	due      map[string]time.Time
}

func (p *pacedNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at[n.Key], p.due[n.Key] = p.clk.Now(), n.DueAt
	p.clk.Advance(p.interval)
	return scheduler.Sent{Channel: "D" + n.RecipientID, TS: fmt.Sprint(len(p.at))}, nil
}

func (p *pacedNotifier) Find(context.Context, store.Notification) (scheduler.Sent, bool, error) {
	return scheduler.Sent{}, false, nil
}

// runBurst runs the dispatcher from start until want notifications were
// sent, at rate a second; setup queues them.
func runBurst(t *testing.T, start time.Time, rate float64, want int, setup func(context.Context, *store.DB, *scheduler.Scheduler)) *pacedNotifier {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := clock.NewFake(start)
	db, err := store.Open(ctx, storetest.Path(t, "b.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	nt := &pacedNotifier{clk: clk, interval: time.Duration(float64(time.Second) / rate), at: map[string]time.Time{}, due: map[string]time.Time{}}
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), Workers: 1, SendRate: rate})
	setup(ctx, db, sched)
	done := make(chan error, 1)
	go func() { done <- sched.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		nt.mu.Lock()
		n := len(nt.at)
		nt.mu.Unlock()
		if n >= want {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d sent by %v", n, want, clk.Now())
		}
		// Only the dispatcher's own timer is left: it sleeps until the next
		// thing to do.
		if clk.Waiters() == 1 {
			if next, ok := clk.Next(); ok {
				clk.Set(next)
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	cancel()
	<-done
	return nt
}

func queueOutbox(t *testing.T, ctx context.Context, db *store.DB, n int, due time.Time) {
	t.Helper()
	for i := range n {
		if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("intro:%d", i), Kind: "intro", RecipientID: fmt.Sprintf("U%04d", i),
			Payload: `{"text":"hi"}`, DueAt: due, ExpiresAt: due.Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
}

func earliestLatest(nt *pacedNotifier) (early, late time.Duration) {
	first := true
	for k, at := range nt.at {
		d := at.Sub(nt.due[k])
		if first || -d > early {
			early = -d
		}
		if first || d > late {
			late = d
		}
		first = false
	}
	return early, late
}

func TestBurstStartsEarlyEnoughAndNoEarlier(t *testing.T) {
	start := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)
	nine := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	// 600 due at nine, at 1 a second: 10 minutes of sending.
	nt := runBurst(t, start, 1, 600, func(ctx context.Context, db *store.DB, _ *scheduler.Scheduler) { queueOutbox(t, ctx, db, 600, nine) })
	early, late := earliestLatest(nt)
	if late > 0 {
		t.Errorf("the last went %v late", late)
	}
	if early > 10*time.Minute+30*time.Second || early < 10*time.Minute {
		t.Errorf("the first went %v early, want about 10 minutes", early)
	}
}

func TestBurstTooBigGoesNoMoreThanMaxEarly(t *testing.T) {
	start := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)
	nine := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	// 1,200 at 1 a second need 20 minutes: 15 early, the tail 5 late.
	nt := runBurst(t, start, 1, 1200, func(ctx context.Context, db *store.DB, _ *scheduler.Scheduler) { queueOutbox(t, ctx, db, 1200, nine) })
	early, late := earliestLatest(nt)
	if early != scheduler.DefaultMaxEarly {
		t.Errorf("the first went %v early, want %v", early, scheduler.DefaultMaxEarly)
	}
	if late < 4*time.Minute || late > 6*time.Minute {
		t.Errorf("the last went %v late, want about 5 minutes", late)
	}
}

func TestBurstKeepsQuietHours(t *testing.T) {
	start := time.Date(2026, 11, 2, 7, 30, 0, 0, time.UTC)
	eight := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC) // 09:00 in Berlin: the check-in
	quiet := "22:00-09:00"
	nt := runBurst(t, start, 1, 302, func(ctx context.Context, db *store.DB, sched *scheduler.Scheduler) {
		for _, u := range []store.Profile{{ID: "UMENTOR", TZ: "Europe/Berlin"}, {ID: "UMENTEE", TZ: "Europe/Berlin"}} {
			if _, err := db.SaveProfile(ctx, u, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SaveSettings(ctx, "UMENTOR", store.Settings{CheckinsOn: true, NudgesOn: true, QuietHours: &quiet}); err != nil {
			t.Fatal(err)
		}
		p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
		if err != nil {
			t.Fatal(err)
		}
		sched.PairChanged(ctx, p.ID)
		queueOutbox(t, ctx, db, 300, eight)
	})
	var mentor, mentee string
	for k := range nt.at {
		switch k {
		case "checkin:to=UMENTOR:on=2026-11-02":
			mentor = k
		case "checkin:to=UMENTEE:on=2026-11-02":
			mentee = k
		}
	}
	if mentor == "" || mentee == "" {
		t.Fatalf("check-ins not sent: %v", nt.at)
	}
	if at := nt.at[mentor]; at.Before(eight) {
		t.Errorf("check-in to someone quiet until 09:00 went at %v, before 09:00 Berlin", at)
	}
	if at := nt.at[mentee]; !at.Before(eight) {
		t.Errorf("check-in to someone not quiet went at %v; it may go early in a burst", at)
	}
	_, late := earliestLatest(nt)
	if late > 5*time.Second {
		t.Errorf("the last went %v late", late)
	}
}
