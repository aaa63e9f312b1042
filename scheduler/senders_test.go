package scheduler_test

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// TestRunLeavesNoSenderBehind: the goroutines that sent Run's DMs wait a
// while for the next pass's; once Run has returned (a shutdown) none is
// left waiting, to outlive the scheduler and the database closed after it.
func TestRunLeavesNoSenderBehind(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.Path(t, "m.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const key = "intro:pair=1:to=UBOB"
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "UBOB",
		Payload: `{"text":"hi"}`, ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	s := scheduler.New(scheduler.Options{DB: db, Notifier: newFakeNotifier(clk), Clock: clk, Config: testConfig(),
		Logger: slog.New(slog.DiscardHandler)})
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Run's passes start the senders from Run's goroutine: its id tells
	// them from those of other tests' schedulers.
	ids := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ids <- goroutineID()
		_ = s.Run(runCtx)
	}()
	runner := <-ids
	waitSent(t, db, key)
	if sendersOf(runner) == 0 {
		t.Fatal("no sender waits for the next pass: this test would prove nothing")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
	}
	// Well within the 10 s a sender waits for more.
	deadline := time.Now().Add(2 * time.Second)
	for sendersOf(runner) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("senders outlive Run: %d still wait for work", sendersOf(runner))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// goroutineID is the calling goroutine's id, as stack traces give it.
func goroutineID() string {
	b := make([]byte, 64)
	b = b[:runtime.Stack(b, false)] // "goroutine 42 [running]:\n..."
	return strings.Fields(string(b))[1]
}

// sendersOf counts the scheduler's sender goroutines that goroutine id
// started.
func sendersOf(id string) int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	k := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "scheduler.(*senders).loop(") && strings.Contains(g, " in goroutine "+id+"\n") {
			k++
		}
	}
	return k
}
