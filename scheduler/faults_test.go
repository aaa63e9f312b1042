package scheduler_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// blockingNotifier holds every Send until release is closed, or its
// context ends (a send cut short).
type blockingNotifier struct {
	*fakeNotifier
	entered chan string
	release chan struct{}
	finds   atomic.Int32
}

func (b *blockingNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	b.entered <- n.Key
	select {
	case <-b.release:
	case <-ctx.Done():
		return scheduler.Sent{}, ctx.Err()
	}
	return b.fakeNotifier.Send(ctx, n)
}

func (b *blockingNotifier) Find(ctx context.Context, n store.Notification) (scheduler.Sent, bool, error) {
	b.finds.Add(1)
	return b.fakeNotifier.Find(ctx, n)
}

// blockingRig is a scheduler whose sends wait for nt.release, with n intro
// DMs to bob due at once ("intro:pair=1:to=UBOB", pair=2…).
func blockingRig(t *testing.T, n int) (context.Context, *clock.Fake, *store.DB, *blockingNotifier, *scheduler.Scheduler) {
	t.Helper()
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	clk := clock.NewFake(start)
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.Path(t, "m.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nt := &blockingNotifier{fakeNotifier: newFakeNotifier(clk), entered: make(chan string, 1), release: make(chan struct{})}
	s := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig()})
	for i := range n {
		if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("intro:pair=%d:to=UBOB", i+1), Kind: "intro", RecipientID: "UBOB",
			Payload: `{"text":"hi"}`, ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	return ctx, clk, db, nt, s
}

// TestClaimedAgainWhileSending: a send outlives its lease (the programme
// clock jumped, as in the playground, or Slack is slow). Another
// dispatcher pass of the same process does not claim it again: its
// recipient's claims are held until the send ends. A claim of it made
// past that bookkeeping (here straight from the store) meets the
// backstop: it is left to the send under way, which posts it once and
// records it; it used to look in the history (not there yet) and post it
// again.
func TestClaimedAgainWhileSending(t *testing.T) {
	ctx, clk, db, nt, s := blockingRig(t, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := s.DispatchDue(ctx); err != nil {
			t.Error(err)
		}
	})
	key := <-nt.entered
	release := sync.OnceFunc(func() { close(nt.release) })
	defer wg.Wait()
	defer release()
	clk.Advance(10 * time.Minute) // past the two-minute lease
	if _, err := s.DispatchDue(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Notification(ctx, key); err != nil || n.Attempts != 1 {
		t.Errorf("a second pass while the send is under way: attempt %d (%v), want the first still", n.Attempts, err)
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), 2*time.Minute, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim again: %+v, %v", claimed, err)
	}
	second := make(chan struct{})
	go func() {
		defer close(second)
		scheduler.Deliver(ctx, s, claimed[0])
	}()
	select {
	case <-second:
	case <-nt.entered:
		t.Error("the claim made again sends it while the first send is under way")
		return
	}
	release()
	wg.Wait()
	if got := nt.sent[key]; got != 1 {
		t.Errorf("posted %d times, want 1", got)
	}
	if n := nt.finds.Load(); n != 0 {
		t.Errorf("looked in the history %d times while the send was under way", n)
	}
	n, err := db.Notification(ctx, key)
	if err != nil || n.Status != store.NoteSent {
		t.Errorf("%s: %s %v", key, n.Status, err)
	}
}

// TestClaimTakenOverBeforeItsSend: a pass claims a notification, but its
// send waits for a worker while the programme clock moves past the lease
// (the playground, a loaded machine). A later pass claims it again, finds
// it not yet in the history, sends it, and finishes before the first
// send begins: that send must see that its claim was taken over. It used
// to post the DM a second time (TestFaultDiskFull, under load). A claim
// whose lease ran out but that nobody took over is still sent, once.
func TestClaimTakenOverBeforeItsSend(t *testing.T) {
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	for _, takenOver := range []bool{true, false} {
		clk := clock.NewFake(start)
		ctx := context.Background()
		db, err := store.Open(ctx, storetest.Path(t, fmt.Sprintf("m%v.db", takenOver)), store.Options{Clock: clk})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		nt := newFakeNotifier(clk)
		s := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig()})
		key := "intro:pair=1:to=UBOB"
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "UBOB",
			Payload: `{"text":"hi"}`, ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimDue(ctx, clk.Now(), 2*time.Minute, 10)
		if err != nil || len(claimed) != 1 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		clk.Advance(10 * time.Minute) // past the lease, before the send
		if takenOver {
			if _, err := s.DispatchDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		scheduler.Deliver(ctx, s, claimed[0])
		if got := nt.sent[key]; got != 1 {
			t.Errorf("taken over %v: posted %d times, want 1", takenOver, got)
		}
		if n, err := db.Notification(ctx, key); err != nil || n.Status != store.NoteSent {
			t.Errorf("taken over %v: %s %v, want sent", takenOver, n.Status, err)
		}
	}
}

// countingHandler counts error records.
type countingHandler struct{ errors atomic.Int32 }

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		h.errors.Add(1)
	}
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

// TestRunDoesNotSpinWhileTheDatabaseFails: every write fails (here the
// database is closed under the scheduler; a full disk or a long lock do
// the same to the re-plan and the claims). Run logs and waits, on its
// clock, before it tries again; it used to try again at once, in a loop
// that burned a core and flooded the log for as long as the fault lasted.
func TestRunDoesNotSpinWhileTheDatabaseFails(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(ctx, storetest.Path(t, "m.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	h := &countingHandler{}
	s := scheduler.New(scheduler.Options{DB: db, Notifier: newFakeNotifier(clk), Clock: clk, Config: testConfig(), Logger: slog.New(h)})
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Run(ctx)
	}()
	// The clock stands still: after the first failures, Run sleeps on it,
	// on a timer that only the clock moving fires (a timer of no duration
	// fires at once and is never a waiter). A Run that tried again at once
	// would never be found waiting.
	deadline := time.Now().Add(30 * time.Second)
	for clk.Waiters() == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("Run never waited on its clock after %d failures: it spins", h.errors.Load())
		}
		time.Sleep(time.Millisecond)
	}
	if next, _ := clk.Next(); next.Sub(clk.Now()) < time.Second {
		t.Errorf("Run waits %v after a failure, want a pause of at least a second", next.Sub(clk.Now()))
	}
	first := h.errors.Load()
	// When the clock moves past the pause, it tries again, once.
	clk.Advance(time.Minute)
	deadline = time.Now().Add(5 * time.Second)
	for h.errors.Load() == first && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if h.errors.Load() == first {
		t.Error("Run never tried again after its pause")
	}
	cancel()
	<-done
}

// TestShutdownReleasesUnstartedSends: a shutdown (SIGTERM) comes while a
// claimed batch is being sent. The send under way finishes; the ones not
// yet started go back to pending, so that the next start sends them at
// once, without waiting out their leases or looking in Slack for them.
func TestShutdownReleasesUnstartedSends(t *testing.T) {
	ctx, clk, db, nt, s := blockingRig(t, 3)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = s.DispatchDue(runCtx)
	}()
	first := <-nt.entered
	stop()
	close(nt.release)
	<-done
	if n, err := db.Notification(ctx, first); err != nil || n.Status != store.NoteSent {
		t.Errorf("the send under way: %s %v, want sent", n.Status, err)
	}
	pending, err := db.Notifications(ctx, store.NoteFilter{Status: store.NotePending})
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending after the shutdown: %+v, %v; want the 2 not started", pending, err)
	}
	for _, n := range pending {
		if n.Attempts != 0 {
			t.Errorf("%s: attempts %d, want 0", n.Key, n.Attempts)
		}
	}
	// The next start, at the same moment, sends them without a look-up.
	s2 := scheduler.New(scheduler.Options{DB: db, Notifier: nt.fakeNotifier, Clock: clk, Config: testConfig()})
	if _, err := s2.DispatchDue(ctx); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if k := fmt.Sprintf("intro:pair=%d:to=UBOB", i+1); nt.sent[k] != 1 {
			t.Errorf("%s posted %d times, want 1", k, nt.sent[k])
		}
	}
	// A first attempt: no look-up in Slack's history came first.
	for _, n := range pending {
		if got, err := db.Notification(ctx, n.Key); err != nil || got.Attempts != 1 {
			t.Errorf("%s sent at attempt %d (%v), want 1", n.Key, got.Attempts, err)
		}
	}
}

// TestShutdownCutsAHungSendAndTheNextStartLooksAtOnce: Slack does not
// answer a send, and a shutdown's grace runs out. The send is cut short,
// and its lease ends then, so that the next start, at the same moment,
// looks for it in the DM at once rather than minutes later when the lease
// would have lapsed. Slack had taken it: it is found, not sent again.
func TestShutdownCutsAHungSendAndTheNextStartLooksAtOnce(t *testing.T) {
	ctx, clk, db, nt, _ := blockingRig(t, 1)
	s := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), SendGrace: 20 * time.Millisecond})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = s.DispatchDue(runCtx)
	}()
	key := <-nt.entered
	stop()
	<-done // cut short after the grace: release is never closed
	n, err := db.Notification(ctx, key)
	if err != nil || n.Status != store.NoteSending || n.LeaseUntil.After(clk.Now()) {
		t.Fatalf("the send cut short: %s, lease until %v (now %v), %v; want its lease ended", n.Status, n.LeaseUntil, clk.Now(), err)
	}
	// Slack took the message although it never answered.
	if _, err := nt.fakeNotifier.Send(ctx, n); err != nil {
		t.Fatal(err)
	}
	s2 := scheduler.New(scheduler.Options{DB: db, Notifier: nt.fakeNotifier, Clock: clk, Config: testConfig()})
	if _, err := s2.DispatchDue(ctx); err != nil {
		t.Fatal(err)
	}
	if nt.sent[key] != 1 {
		t.Errorf("%s posted %d times in all, want 1: the next start sent it again", key, nt.sent[key])
	}
	if got, err := db.Notification(ctx, key); err != nil || got.Status != store.NoteSent || got.TS != "found" {
		t.Errorf("after the next start: %s, ts %q (%v); want sent, found in the DM", got.Status, got.TS, err)
	}
}

// TestRunStoppedWhilePlanningLogsNoError: a stop (SIGTERM, or a start-up
// that failed elsewhere) while the plan at start runs is no fault, and
// logs no ERROR that an operator would take for one.
func TestRunStoppedWhilePlanningLogsNoError(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	db, err := store.Open(context.Background(), storetest.Path(t, "m.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h := &countingHandler{}
	s := scheduler.New(scheduler.Options{DB: db, Notifier: newFakeNotifier(clk), Clock: clk, Config: testConfig(), Logger: slog.New(h)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.Run(ctx)
	if n := h.errors.Load(); n != 0 {
		t.Errorf("a stop while planning logged %d errors", n)
	}
}
