package scheduler_test

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// crashedClaim opens a database at path holding one DM due at start whose
// send a killed process had under way (claimed, its two-minute lease
// ahead), and one more DM due at start, not claimed yet. The killed
// process held the sender lock, unless it was a mentorbot from before
// the lock (lockless).
func crashedClaim(t *testing.T, ctx context.Context, path string, clk clock.Clock, lockless bool) (claimed, pending string) {
	t.Helper()
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !lockless {
		if held, err := db.LockSender(); !held || err != nil {
			t.Fatalf("lock: %v %v", held, err)
		}
	}
	claimed, pending = "reminder:pair=1:at=x:to=UBOB", "reminder:pair=2:at=x:to=UCAROL"
	if _, err := db.Enqueue(ctx, store.Notification{Key: claimed, Kind: "intro", RecipientID: "UBOB",
		Payload: `{"text":"hi"}`, ExpiresAt: clk.Now().Add(90 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimDue(ctx, clk.Now(), 2*time.Minute, 10); err != nil || len(got) != 1 {
		t.Fatalf("claim: %v %v", got, err)
	}
	if _, err := db.Enqueue(ctx, store.Notification{Key: pending, Kind: "intro", RecipientID: "UCAROL",
		Payload: `{"text":"hi"}`, ExpiresAt: clk.Now().Add(90 * time.Second)}); err != nil {
		t.Fatal(err)
	}
	return claimed, pending
}

// testLockPoll is how often these tests' schedulers try the sender lock
// again (a second in production): the wait for another process to stop
// is wall-clock time.
const testLockPoll = 20 * time.Millisecond

// runScheduler runs a scheduler on db until the test ends.
func runScheduler(t *testing.T, db *store.DB, nt scheduler.Notifier, clk clock.Clock) {
	t.Helper()
	runSchedulerWith(t, scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), Logger: slog.New(slog.DiscardHandler)})
}

// runSchedulerWith runs a scheduler built with o until the test ends,
// trying the sender lock every testLockPoll.
func runSchedulerWith(t *testing.T, o scheduler.Options) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	o.SenderLockPoll = testLockPoll
	s := scheduler.New(o)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// waitSent waits, in real time with the programme clock standing still,
// until every key is recorded as sent.
func waitSent(t *testing.T, db *store.DB, keys ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, key := range keys {
		for {
			n, err := db.Notification(context.Background(), key)
			if err == nil && n.Status == store.NoteSent {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s is still %s with the clock standing still", key, n.Status)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// TestStartLooksForSendsCutShortByACrashOnceTheyCouldHaveLanded: a process
// was killed with a send under way, which Slack may still be taking in.
// The next start, alone on the database, sends the rest at once, and
// looks for the cut send in the DM once it could have landed
// (scheduler.Landing): not at once, when a post Slack was still taking in
// is not found yet and goes twice; nor when the lease lapses two minutes
// on, by when a reminder may be past its meeting and dropped.
func TestStartLooksForSendsCutShortByACrashOnceTheyCouldHaveLanded(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	path := storetest.Path(t, "m.db")
	claimed, pending := crashedClaim(t, ctx, path, clk, false)
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nt := newFakeNotifier(clk)
	runScheduler(t, db, nt, clk)
	waitSent(t, db, pending)
	// Real time, for the dispatcher to do anything it would do now.
	time.Sleep(10 * testLockPoll)
	if n, err := db.Notification(ctx, claimed); err != nil || n.Status != store.NoteSending || n.Attempts != 1 {
		t.Fatalf("the cut send was taken up before it could have landed: %+v %v", n, err)
	}
	// The dead process's post lands in the DM a moment after the start.
	nt.landed(claimed)
	clk.Advance(scheduler.Landing)
	waitSent(t, db, claimed)
	if got := nt.keys(""); !slices.Equal(got, []string{pending}) {
		t.Errorf("posted %v, want only %s: %s had landed", got, pending, claimed)
	}
}

// TestSecondProcessSendsNothingUntilTheFirstStops: in a rolling deploy
// the new process starts while the old one is sending. The new one must
// not take over the old one's send under way (it would post it twice), nor
// send beside it; when the old one stops, the new one sends what is left,
// the send the old one never finished included, once each.
func TestSecondProcessSendsNothingUntilTheFirstStops(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	path := storetest.Path(t, "m.db")
	claimed, pending := crashedClaim(t, ctx, path, clk, false)
	// The old process, sending: it holds the lock and the claim.
	old, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	closeOld := sync.OnceValue(old.Close)
	defer closeOld()
	if held, err := old.LockSender(); !held || err != nil {
		t.Fatalf("the first process takes the sender lock: %v %v", held, err)
	}
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if held, err := db.LockSender(); held || err != nil {
		t.Fatalf("a second process takes the lock held by the first: %v %v", held, err)
	}
	nt := newFakeNotifier(clk)
	waiting := &logSignal{prefix: "another mentorbot process is sending", seen: make(chan struct{})}
	runSchedulerWith(t, scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), Logger: slog.New(waiting)})
	select {
	case <-waiting.seen:
	case <-time.After(10 * time.Second):
		t.Fatal("the new process never found the old one sending")
	}
	// Nothing must happen: given many tries of the lock to go wrong, in
	// real time, as the other process's life is.
	time.Sleep(10 * testLockPoll)
	if got := nt.keys(""); len(got) != 0 {
		t.Fatalf("the new process sent %v while the old one was sending", got)
	}
	if n, err := db.Notification(ctx, claimed); err != nil || n.Status != store.NoteSending || n.Attempts != 1 {
		t.Fatalf("the old process's claim was taken over: %+v %v", n, err)
	}
	closeOld() // the old process stops (or dies: the kernel drops its lock either way)
	waitSent(t, db, pending)
	clk.Advance(scheduler.Landing) // the old one's send under way could have landed
	waitSent(t, db, claimed)
	if got := nt.keys(""); len(got) != 2 || !slices.Contains(got, claimed) || !slices.Contains(got, pending) {
		t.Errorf("posted %v, want each of the two once", got)
	}
}

// TestStartLeavesTheClaimOfAProcessWithoutTheLock: the rolling deploy that
// upgrades to the sender lock starts this version while the one before it,
// which never takes the lock, is sending. The new one takes the free lock
// but must not take over the old one's send under way (it would post it
// twice): that claim is waited out, while the rest goes at once.
func TestStartLeavesTheClaimOfAProcessWithoutTheLock(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	path := storetest.Path(t, "m.db")
	claimed, pending := crashedClaim(t, ctx, path, clk, true)
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nt := newFakeNotifier(clk)
	runScheduler(t, db, nt, clk)
	waitSent(t, db, pending)
	// Taken over, the claim would have gone in the same pass as the
	// other: a moment more for it, which must stay put.
	time.Sleep(100 * time.Millisecond)
	if n, err := db.Notification(ctx, claimed); err != nil || n.Status != store.NoteSending || n.Attempts != 1 {
		t.Fatalf("the old process's claim was taken over: %+v %v", n, err)
	}
	if got := nt.keys(""); !slices.Equal(got, []string{pending}) {
		t.Errorf("posted %v, want only %s", got, pending)
	}
}

// TestSenderSendsWhatAnotherProcessStored: a DM stored by a second
// process on the database (one waiting for the sender lock answers
// commands meanwhile: an intro, a request) goes within seconds, though
// nothing in the sending process was told of it and its programme clock
// stands still.
func TestSenderSendsWhatAnotherProcessStored(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	path := storetest.Path(t, "m.db")
	sender, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sender.Close() })
	nt := newFakeNotifier(clk)
	s := scheduler.New(scheduler.Options{DB: sender, Notifier: nt, Clock: clk, Config: testConfig(), Logger: slog.New(slog.DiscardHandler),
		OtherProcessPoll: 50 * time.Millisecond})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Run(runCtx)
	}()
	t.Cleanup(func() { cancel(); <-done })
	other, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	time.Sleep(2 * 50 * time.Millisecond) // the sender asleep, with nothing due for an hour
	if _, err := other.Enqueue(ctx, store.Notification{Key: "intro:pair=1:to=UBOB", Kind: "intro", RecipientID: "UBOB",
		Payload: `{"text":"hi"}`, ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	waitSent(t, sender, "intro:pair=1:to=UBOB")
}

// TestProcessWaitingForTheLockSendsNothingAfterARestore: a bot started
// while `mentorbot restore` held the sender lock waits for it, with the
// old file open. Restore moves that file aside; the bot must not send
// from it once it has the lock (the restored file would send it again).
func TestProcessWaitingForTheLockSendsNothingAfterARestore(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	ctx := context.Background()
	path := storetest.Path(t, "m.db")
	_, pending := crashedClaim(t, ctx, path, clk, false)
	restore, err := store.Open(ctx, path, store.Options{Clock: clk}) // holds the lock, as restore does
	if err != nil {
		t.Fatal(err)
	}
	closeRestore := sync.OnceValue(restore.Close)
	defer closeRestore()
	if held, err := restore.LockSender(); !held || err != nil {
		t.Fatalf("lock: %v %v", held, err)
	}
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	nt := newFakeNotifier(clk)
	s := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), Logger: slog.New(slog.DiscardHandler),
		SenderLockPoll: testLockPoll})
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- s.Run(runCtx) }()
	// The restore: the open file moves aside, another takes its name.
	if err := os.Rename(path, path+".replaced"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path + ".replaced")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	closeRestore()
	// It stops, to be started on the restored file, having sent nothing.
	select {
	case err := <-stopped:
		if !errors.Is(err, store.ErrReplaced) {
			t.Errorf("Run returned %v, want store.ErrReplaced", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the scheduler goes on with its file replaced")
	}
	if got := nt.keys(""); len(got) != 0 {
		t.Errorf("sent %v (of %s and another) from the database a restore replaced", got, pending)
	}
}

// logSignal is a log handler that closes seen at the first record whose
// message begins with prefix.
type logSignal struct {
	prefix string
	seen   chan struct{}
	once   sync.Once
}

func (h *logSignal) Enabled(context.Context, slog.Level) bool { return true }

func (h *logSignal) Handle(_ context.Context, r slog.Record) error {
	if strings.HasPrefix(r.Message, h.prefix) {
		h.once.Do(func() { close(h.seen) })
	}
	return nil
}

func (h *logSignal) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logSignal) WithGroup(string) slog.Handler      { return h }
