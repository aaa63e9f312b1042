package main

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// behindARetry queues two DMs to bob and makes the first a send that
// failed at its first try, to be tried again at retryAt; the second is
// due now. The first is queued for later and claimed by ID, and the
// second queued once the retry holds bob back, so that the app's own
// dispatcher (running beside the test) can take neither first.
func behindARetry(t *testing.T, e *env, retryAt time.Time) {
	t.Helper()
	enqueue := func(key string, due time.Time) {
		if _, err := e.app.DB.Enqueue(e.ctx, store.Notification{Key: key, Kind: "intro", RecipientID: bob,
			Payload: `{"text":"hi"}`, DueAt: due, ExpiresAt: e.clock.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	enqueue("test:failed", e.clock.Now().Add(30*time.Minute))
	failed, err := e.app.DB.Notification(e.ctx, "test:failed")
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.app.DB.ClaimIDs(e.ctx, []int64{failed.ID}, e.clock.Now(), time.Minute)
	if err != nil || len(got) != 1 {
		t.Fatalf("claim the DM to fail: %+v, %v", got, err)
	}
	if err := e.app.DB.MarkRetry(e.ctx, failed.ID, "chat.postMessage: outcome unknown (timeout)", retryAt); err != nil {
		t.Fatal(err)
	}
	enqueue("test:behind", e.clock.Now())
}

// TestPlaygroundSettleAndNextSkipDMsBehindARetry: in the playground, a
// DM waiting behind its recipient's retry is not due now. "next" used to
// say a notification was due now and keep the clock where it was, and
// each step of the clock settled for 5 s of wall-clock time, waiting for
// a DM the dispatcher does not take before the retry.
func TestPlaygroundSettleAndNextSkipDMsBehindARetry(t *testing.T) {
	e := newEnv(t)
	e.settle()
	retryAt := e.clock.Now().Add(10 * time.Second)
	behindARetry(t, e, retryAt)
	if at, ok, err := e.app.DB.NextDue(e.ctx); err != nil || !ok || !at.Equal(retryAt) {
		t.Errorf("next due = %v, %v, %v; want the retry at %v", at, ok, err, retryAt)
	}
	start := time.Now()
	if err := settleDue(e.ctx, e.app, e.clock); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("settling took %v of wall-clock time, waiting for a DM behind a retry", took)
	}
	if n, err := e.app.DB.Notification(e.ctx, "test:behind"); err != nil || n.Status != store.NotePending {
		t.Errorf("the DM behind the retry: %s, %v; want still pending", n.Status, err)
	}
}

// fatalTB records a test helper's fatal failure and ends the goroutine
// it runs in, as testing.T does.
type fatalTB struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.msg = fmt.Sprintf(format, args...)
	f.mu.Unlock()
	runtime.Goexit()
}

// TestSettleFailsOnARetryTooFarOff: the tests' settle skips a DM waiting
// behind its recipient's retry, as the store does; a retry further off
// than the longest backoff (a wrong lease) would hold the DM back unseen,
// so settle fails on it rather than skip.
func TestSettleFailsOnARetryTooFarOff(t *testing.T) {
	e := newEnv(t)
	e.settle()
	behindARetry(t, e, e.clock.Now().Add(time.Hour))
	tb := &fatalTB{TB: t}
	quiet := *e
	quiet.t = tb
	done := make(chan struct{})
	go func() {
		defer close(done)
		quiet.settle()
	}()
	<-done
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if !strings.Contains(tb.msg, "test:failed waits for a retry") {
		t.Errorf("settle beside a retry an hour off: %q; want it to fail on it", tb.msg)
	}
}
