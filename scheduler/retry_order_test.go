package scheduler_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// failingNotifier fails the sends whose key is in failOnce, once each, in
// a way that may pass (Slack answering 500, a timeout); it counts the
// look-ups in the DM history and the calls that tell of DMs given up.
type failingNotifier struct {
	*hangingNotifier
	mu       sync.Mutex
	failOnce map[string]bool
}

func (f *failingNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	f.mu.Lock()
	fail := f.failOnce[n.Key]
	delete(f.failOnce, n.Key)
	f.mu.Unlock()
	if fail {
		return scheduler.Sent{}, errors.New("chat.postMessage: outcome unknown (timeout): context deadline exceeded")
	}
	return f.hangingNotifier.Send(ctx, n)
}

// plainRig is a scheduler on a fake clock whose notifier posts at once
// (see failingNotifier), for DispatchDue and Deliver.
type plainRig struct {
	ctx   context.Context
	clk   *clock.Fake
	start time.Time
	path  string
	db    *store.DB
	nt    *failingNotifier
	s     *scheduler.Scheduler
}

func newPlainRig(t *testing.T) *plainRig {
	t.Helper()
	r := &plainRig{ctx: context.Background(), start: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), path: storetest.Path(t, "p.db")}
	r.clk = clock.NewFake(r.start)
	db, err := store.Open(r.ctx, r.path, store.Options{Clock: r.clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.db = db
	r.nt = &failingNotifier{failOnce: map[string]bool{},
		hangingNotifier: &hangingNotifier{fakeNotifier: newFakeNotifier(r.clk), hang: map[string]chan struct{}{}, entered: make(chan string, 8)}}
	r.s = scheduler.New(scheduler.Options{DB: db, Notifier: r.nt, Clock: r.clk, Config: testConfig()})
	return r
}

// enqueue queues intro:name to to, due and expiring that long after the
// start.
func (r *plainRig) enqueue(t *testing.T, name, to string, due, expires time.Duration) {
	t.Helper()
	if _, err := r.db.Enqueue(r.ctx, store.Notification{Key: "intro:" + name, Kind: "intro", RecipientID: to,
		Payload: `{"text":"hi"}`, DueAt: r.start.Add(due), ExpiresAt: r.start.Add(expires)}); err != nil {
		t.Fatal(err)
	}
}

func (r *plainRig) note(t *testing.T, name string) store.Notification {
	t.Helper()
	n, err := r.db.Notification(r.ctx, "intro:"+name)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (r *plainRig) dispatch(t *testing.T) {
	t.Helper()
	if _, err := r.s.DispatchDue(r.ctx); err != nil {
		t.Fatal(err)
	}
}

// TestRetryHoldsBackItsRecipientsLaterDMs: of two DMs to bob claimed in
// one batch, the first fails in a way that may pass (Slack did not answer
// in time: it may have the DM), to be tried again in 10 s. The second
// used to go at once, before it: now it is given back (pending, its
// attempt returned) and waits, as does bob's DM due meanwhile, while
// carol's goes; at the retry they go after the first, in order, each once,
// and only the first is looked for in the DM's history.
func TestRetryHoldsBackItsRecipientsLaterDMs(t *testing.T) {
	r := newPlainRig(t)
	r.enqueue(t, "first", "UBOB", 0, time.Hour)
	r.enqueue(t, "second", "UBOB", 0, time.Hour)
	r.enqueue(t, "later", "UBOB", 5*time.Second, time.Hour)
	r.enqueue(t, "carol", "UCAROL", 5*time.Second, time.Hour)
	r.nt.failOnce["intro:first"] = true
	r.dispatch(t)
	retryAt := r.start.Add(10 * time.Second)
	if n := r.note(t, "first"); n.Status != store.NoteSending || !n.LeaseUntil.Equal(retryAt) {
		t.Fatalf("the DM that failed: %s until %v, want waiting for its retry at %v", n.Status, n.LeaseUntil, retryAt)
	}
	if n := r.note(t, "second"); n.Status != store.NotePending || n.Attempts != 0 {
		t.Errorf("the DM behind it: %s, attempt %d; want pending, its attempt given back", n.Status, n.Attempts)
	}
	if wake, ok, err := r.db.NextWake(r.ctx); err != nil || !ok || !wake.Equal(r.start.Add(5*time.Second)) {
		t.Errorf("next wake %v, %v, %v; want carol's DM at +5s, not bob's due ones", wake, ok, err)
	}

	r.clk.Advance(5 * time.Second)
	r.dispatch(t)
	if got := r.nt.keys(""); !slices.Equal(got, []string{"intro:carol"}) {
		t.Errorf("before the retry, sent %v; want only carol's", got)
	}
	if wake, ok, err := r.db.NextWake(r.ctx); err != nil || !ok || !wake.Equal(retryAt) {
		t.Errorf("next wake %v, %v, %v; want the retry at %v", wake, ok, err, retryAt)
	}

	r.clk.Set(retryAt)
	r.dispatch(t)
	want := []string{"intro:carol", "intro:first", "intro:second", "intro:later"}
	if got := r.nt.keys(""); !slices.Equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	for name, attempts := range map[string]int{"first": 2, "second": 1, "later": 1} {
		if n := r.note(t, name); n.Status != store.NoteSent || n.Attempts != attempts {
			t.Errorf("intro:%s: %s at attempt %d, want sent at attempt %d", name, n.Status, n.Attempts, attempts)
		}
	}
	if n := r.nt.finds.Load(); n != 1 {
		t.Errorf("looked in the DM history %d times, want once, for the DM that failed", n)
	}
}

// TestLateClaimIsDroppedNotSent: a claim whose DM's time passed before
// its send began (it waited behind a send that hung, or for a worker) is
// not sent about what is over. Never tried before, it is dropped at once;
// tried before (it may have reached Slack), it is looked for first:
// found, it is recorded as sent; not found, dropped. The bot is told of
// each DM dropped (a mentoring request whose DM is dropped is withdrawn).
func TestLateClaimIsDroppedNotSent(t *testing.T) {
	r := newPlainRig(t)
	r.enqueue(t, "fresh", "UA", 0, 30*time.Second)
	r.enqueue(t, "took", "UB", 0, 30*time.Second)
	r.enqueue(t, "lost", "UC", 0, 30*time.Second)
	first, err := r.db.ClaimDue(r.ctx, r.clk.Now(), 2*time.Minute, 10)
	if err != nil || len(first) != 3 {
		t.Fatalf("claim: %+v, %v", first, err)
	}
	// The fresh claim's send waits past its DM's time, within its lease.
	r.clk.Advance(time.Minute)
	scheduler.Deliver(r.ctx, r.s, first[0])
	if n := r.note(t, "fresh"); n.Status != store.NoteDropped {
		t.Errorf("a claim past its time before its first send: %s, want dropped", n.Status)
	}
	if r.nt.count("intro:fresh") != 0 || r.nt.finds.Load() != 0 {
		t.Errorf("a claim past its time before its first send was posted or looked for")
	}
	if n := r.nt.undelivered.Load(); n != 1 {
		t.Errorf("told %d times of DMs given up, want once", n)
	}

	// The other two were sent, perhaps, and their claims lapsed; Slack
	// has one of them. Claimed again, each is a second attempt.
	if _, err := r.nt.fakeNotifier.Send(r.ctx, first[1]); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(2 * time.Minute)
	again, err := r.db.ClaimDue(r.ctx, r.clk.Now(), 2*time.Minute, 10)
	if err != nil || len(again) != 2 {
		t.Fatalf("claim again: %+v, %v", again, err)
	}
	for _, n := range again {
		scheduler.Deliver(r.ctx, r.s, n)
	}
	if n := r.note(t, "took"); n.Status != store.NoteSent || n.TS != "found" {
		t.Errorf("a late claim that Slack had: %s, ts %q; want sent, found in the DM", n.Status, n.TS)
	}
	if n := r.note(t, "lost"); n.Status != store.NoteDropped {
		t.Errorf("a late claim that Slack did not have: %s, want dropped", n.Status)
	}
	if r.nt.count("intro:took") != 1 || r.nt.count("intro:lost") != 0 {
		t.Errorf("posted took %d times, lost %d times; want once (before), never", r.nt.count("intro:took"), r.nt.count("intro:lost"))
	}
	if n := r.nt.finds.Load(); n != 2 {
		t.Errorf("looked in the DM history %d times, want twice", n)
	}
	if n := r.nt.undelivered.Load(); n != 2 {
		t.Errorf("told %d times of DMs given up, want twice", n)
	}
}

// TestRecordAgainBesideAPass: Slack took a DM but the database refused
// its recording (a full disk); a later pass records it again. A pass
// running beside that one (the playground's settle beside Run), once the
// DM's time has passed, must not drop it as a send cut short, nor tell the
// bot it never went (the bot would withdraw a request whose DM the mentor
// got): it used to, while the first pass held it in neither list it
// spares, and the recording then set it back to sent.
func TestRecordAgainBesideAPass(t *testing.T) {
	r := newPlainRig(t)
	r.enqueue(t, "req", "UMENTOR", 0, 30*time.Second)
	raw, err := sql.Open("sqlite", "file:"+r.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON notifications WHEN NEW.status = 'sent'
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	r.dispatch(t)
	if c := r.nt.count("intro:req"); c != 1 {
		t.Fatalf("posted %d times, want once", c)
	}
	if n := r.note(t, "req"); n.Status != store.NoteSending {
		t.Fatalf("while the database refuses the record: %s, want sending", n.Status)
	}
	if _, err := raw.Exec(`DROP TRIGGER refuse_sent`); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(3 * time.Minute) // past its time, and its lease
	beside := sync.OnceFunc(func() { r.dispatch(t) })
	scheduler.SetBeforeRecordAgain(r.s, beside)
	r.dispatch(t)
	if n := r.note(t, "req"); n.Status != store.NoteSent {
		t.Errorf("recorded again: %s, want sent", n.Status)
	}
	if c := r.nt.count("intro:req"); c != 1 {
		t.Errorf("posted %d times, want once", c)
	}
	if n := r.nt.undelivered.Load(); n != 0 {
		t.Errorf("told %d times that a DM Slack took was given up, want never", n)
	}
}

// alwaysFailing fails every send of key bad in a way that may pass (as a
// payload that does not decode does, or a renderer's plain error).
type alwaysFailing struct {
	*failingNotifier
	bad string
}

func (a *alwaysFailing) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	if n.Key == a.bad {
		return scheduler.Sent{}, errors.New("intro:poison: invalid character 'x' looking for beginning of value")
	}
	return a.failingNotifier.Send(ctx, n)
}

// TestFailingDMDoesNotHoldBackItsRecipient: a DM that keeps failing is
// retried for up to a day. Its recipient's other DMs wait behind its
// first two tries only (what a hung call that timed out needs); they used
// to wait behind every retry, for the whole day: bob's reminder was
// dropped as expired, his request sent a day late.
func TestFailingDMDoesNotHoldBackItsRecipient(t *testing.T) {
	r := newPlainRig(t)
	an := &alwaysFailing{failingNotifier: r.nt, bad: "intro:poison"}
	r.s = scheduler.New(scheduler.Options{DB: r.db, Notifier: an, Clock: r.clk, Config: testConfig()})
	r.enqueue(t, "poison", "UBOB", 0, 48*time.Hour)
	r.enqueue(t, "reminder", "UBOB", time.Minute, 30*time.Minute)
	r.enqueue(t, "request", "UBOB", 2*time.Hour, 26*time.Hour)
	r.enqueue(t, "carol", "UCAROL", time.Minute, 30*time.Minute)
	for range 3 * 60 { // 3 h, a pass a minute
		r.dispatch(t)
		r.clk.Advance(time.Minute)
	}
	for name, latest := range map[string]time.Duration{"reminder": 3 * time.Minute, "request": 2 * time.Hour, "carol": time.Minute} {
		n := r.note(t, name)
		if n.Status != store.NoteSent || r.nt.count("intro:"+name) != 1 {
			t.Errorf("intro:%s: %s, posted %d times; want sent once", name, n.Status, r.nt.count("intro:"+name))
			continue
		}
		if at := r.nt.sentAt("intro:" + name); at.After(r.start.Add(latest)) {
			t.Errorf("intro:%s sent at +%v, want by +%v", name, at.Sub(r.start), latest)
		}
	}
	if n := r.note(t, "poison"); n.Status != store.NoteSending || n.LastError == "" {
		t.Errorf("the failing DM: %s (%q), want still waiting for a retry", n.Status, n.LastError)
	}
}
