package scheduler_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// hangingNotifier holds every Send to one recipient until release is
// closed, or its context ends, as Slack does when a call hangs until the
// client's timeout; the others go at once.
type hangingNotifier struct {
	*fakeNotifier
	recipient string
	entered   chan string
	release   chan struct{}
}

func (h *hangingNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	if n.RecipientID == h.recipient {
		h.entered <- n.Key
		select {
		case <-h.release:
		case <-ctx.Done():
			return scheduler.Sent{}, ctx.Err()
		}
	}
	return h.fakeNotifier.Send(ctx, n)
}

// hungRig runs a scheduler whose sends to UHUNG hang, with an intro DM due
// at each of dues (key intro:NAME, to UHUNG when NAME starts with "hung",
// else to UBOB); it returns once the first send hangs. stop ends Run and
// returns what it returned.
func hungRig(t *testing.T, grace time.Duration, dues map[string]time.Duration) (ctx context.Context, clk *clock.Fake, db *store.DB, nt *hangingNotifier, s *scheduler.Scheduler, stop func() error) {
	t.Helper()
	start := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	clk = clock.NewFake(start)
	ctx = context.Background()
	db, err := store.Open(ctx, storetest.Path(t, "h.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nt = &hangingNotifier{fakeNotifier: newFakeNotifier(clk), recipient: "UHUNG", entered: make(chan string, 4), release: make(chan struct{})}
	for key, d := range dues {
		to := "UBOB"
		if strings.HasPrefix(key, "hung") {
			to = "UHUNG"
		}
		if _, err := db.Enqueue(ctx, store.Notification{Key: "intro:" + key, Kind: "intro", RecipientID: to,
			Payload: `{"text":"hi"}`, DueAt: start.Add(d), ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	s = scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), SendGrace: grace})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx) }()
	stop = sync.OnceValue(func() error {
		cancel()
		return <-done
	})
	t.Cleanup(func() { _ = stop() })
	select {
	case <-nt.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the send to UHUNG never began")
	}
	return ctx, clk, db, nt, s, stop
}

// waitFor polls cond for a few seconds of real time: the sends run on
// their own goroutines.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func (f *fakeNotifier) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent[key]
}

// TestHungSendHoldsBackOnlyItsRecipient: Slack does not answer one
// chat.postMessage (it hangs until the client's 20 s timeout). The DMs to
// other people that fall due meanwhile go at their time, on the workers
// that are free; they used to wait until the hung send ended, as the
// dispatcher waited for its whole batch before it claimed the next. A DM
// due to the same person waits behind the hung one, in order, and each
// goes once.
func TestHungSendHoldsBackOnlyItsRecipient(t *testing.T) {
	ctx, clk, db, nt, s, _ := hungRig(t, 0, map[string]time.Duration{
		"hung": 0, "bob": 10 * time.Second, "hung-later": 20 * time.Second,
	})
	start := clk.Now()
	clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob, due 10 s after a send that hangs, went while it hung", func() bool { return nt.count("intro:bob") == 1 })
	nt.mu.Lock()
	at := nt.at["intro:bob"]
	nt.mu.Unlock()
	if want := start.Add(10 * time.Second); !at.Equal(want) {
		t.Errorf("the DM to bob went at %v, want its time %v", at, want)
	}

	clk.Advance(10 * time.Second)
	waitFor(t, "the later DM to UHUNG was claimed", func() bool {
		n, err := db.Notification(ctx, "intro:hung-later")
		return err == nil && n.Status == store.NoteSending
	})
	// Claimed, it waits behind the send that hangs, which the clock must
	// not be moved past.
	if got := s.Sending(); got != 2 {
		t.Errorf("Sending = %d with one send hung and one behind it, want 2", got)
	}
	close(nt.release)
	waitFor(t, "both DMs to UHUNG sent", func() bool { return nt.count("intro:hung-later") == 1 })
	waitFor(t, "all recorded", func() bool {
		for _, k := range []string{"intro:hung", "intro:bob", "intro:hung-later"} {
			if n, err := db.Notification(ctx, k); err != nil || n.Status != store.NoteSent {
				return false
			}
		}
		return s.Sending() == 0
	})
	if got := nt.keys(""); len(got) != 3 || got[0] != "intro:bob" || got[1] != "intro:hung" || got[2] != "intro:hung-later" {
		t.Errorf("sent %v, want bob's, then UHUNG's two in order", got)
	}
	for _, k := range []string{"intro:hung", "intro:bob", "intro:hung-later"} {
		if c := nt.count(k); c != 1 {
			t.Errorf("%s posted %d times, want 1", k, c)
		}
	}
}

// TestShutdownWhileASendHangs: a shutdown comes while a send hangs and a
// later DM to the same person waits behind it. Run returns only once the
// hung send was cut short after its grace (its lease ended, for the next
// start to look for it in the DM at once) and the one behind it was
// released unsent, pending as it was, so that the database may close.
func TestShutdownWhileASendHangs(t *testing.T) {
	ctx, clk, db, _, s, stop := hungRig(t, 20*time.Millisecond, map[string]time.Duration{
		"hung": 0, "hung-later": 10 * time.Second,
	})
	clk.Advance(10 * time.Second)
	waitFor(t, "the later DM to UHUNG was claimed", func() bool { return s.Sending() == 2 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Notification(ctx, "intro:hung"); err != nil || n.Status != store.NoteSending || n.LeaseUntil.After(clk.Now()) {
		t.Errorf("the hung send: %s, lease until %v (now %v), %v; want its lease ended", n.Status, n.LeaseUntil, clk.Now(), err)
	}
	if n, err := db.Notification(ctx, "intro:hung-later"); err != nil || n.Status != store.NotePending || n.Attempts != 0 {
		t.Errorf("the DM behind it: %s, attempt %d, %v; want pending, not attempted", n.Status, n.Attempts, err)
	}
}
