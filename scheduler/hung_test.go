package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// hangingNotifier holds every Send to the recipients in hang until their
// channel is closed, or the send's context ends, as Slack does when a call
// hangs until the client's timeout; the others go at once. It counts the
// look-ups in the DM history, the sends under way at once, and the calls
// that tell of DMs given up.
type hangingNotifier struct {
	*fakeNotifier
	hang    map[string]chan struct{} // recipient -> closed to let the send go on
	entered chan string              // the key of each send that hangs, as it begins
	fail    atomic.Pointer[error]    // when set, the next send that hung fails with it once let go

	finds, undelivered atomic.Int32
	mu                 sync.Mutex
	now, most          int // sends under way, and the most at once
}

func (h *hangingNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	h.mu.Lock()
	h.now++
	h.most = max(h.most, h.now)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.now--
		h.mu.Unlock()
	}()
	if release, ok := h.hang[n.RecipientID]; ok {
		h.entered <- n.Key
		select {
		case <-release:
		case <-ctx.Done():
			return scheduler.Sent{}, ctx.Err()
		}
		if err := h.fail.Swap(nil); err != nil {
			return scheduler.Sent{}, *err
		}
	}
	return h.fakeNotifier.Send(ctx, n)
}

func (h *hangingNotifier) Find(ctx context.Context, n store.Notification) (scheduler.Sent, bool, error) {
	h.finds.Add(1)
	return h.fakeNotifier.Find(ctx, n)
}

// Undelivered implements scheduler.UndeliveredWatcher: the bot withdraws
// a mentoring request whose DM to the mentor was given up.
func (h *hangingNotifier) Undelivered(context.Context) { h.undelivered.Add(1) }

func (h *hangingNotifier) mostAtOnce() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.most
}

func (f *fakeNotifier) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent[key]
}

func (f *fakeNotifier) sentAt(key string) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.at[key]
}

// dm is an intro DM for the hung rig: key intro:NAME, to to, due and
// expiring that long after the start (expiry 0: an hour).
type dm struct {
	name, to     string
	due, expires time.Duration
}

// hungRig runs a scheduler (Run) whose sends to the recipients in hang
// hang, with dms queued, and a straggler bound of 20 ms; it returns once
// the first send hangs. stop ends Run and returns what it returned.
type hungRig struct {
	ctx   context.Context
	clk   *clock.Fake
	start time.Time
	db    *store.DB
	nt    *hangingNotifier
	s     *scheduler.Scheduler
	stop  func() error
	done  chan error // Run's return
}

func newHungRig(t *testing.T, o scheduler.Options, hang []string, dms ...dm) *hungRig {
	t.Helper()
	r := &hungRig{start: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC), ctx: context.Background()}
	r.clk = clock.NewFake(r.start)
	db, err := store.Open(r.ctx, storetest.Path(t, "h.db"), store.Options{Clock: r.clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.db = db
	r.nt = &hangingNotifier{fakeNotifier: newFakeNotifier(r.clk), hang: map[string]chan struct{}{}, entered: make(chan string, 8)}
	for _, u := range hang {
		r.nt.hang[u] = make(chan struct{})
	}
	for _, m := range dms {
		exp := m.expires
		if exp == 0 {
			exp = time.Hour
		}
		if _, err := db.Enqueue(r.ctx, store.Notification{Key: "intro:" + m.name, Kind: "intro", RecipientID: m.to,
			Payload: `{"text":"hi"}`, DueAt: r.start.Add(m.due), ExpiresAt: r.start.Add(exp)}); err != nil {
			t.Fatal(err)
		}
	}
	o.DB, o.Notifier, o.Clock, o.Config, o.StragglerAfter = db, r.nt, r.clk, testConfig(), 20*time.Millisecond
	r.s = scheduler.New(o)
	runCtx, cancel := context.WithCancel(r.ctx)
	r.done = make(chan error, 1)
	go func() { r.done <- r.s.Run(runCtx) }()
	r.stop = sync.OnceValue(func() error {
		cancel()
		return <-r.done
	})
	t.Cleanup(func() {
		for _, c := range r.nt.hang {
			select {
			case <-c:
			default:
				close(c)
			}
		}
		_ = r.stop()
	})
	r.hung(t)
	return r
}

// hung waits for a send to hang, and returns its key.
func (r *hungRig) hung(t *testing.T) string {
	t.Helper()
	select {
	case k := <-r.nt.entered:
		return k
	case <-time.After(10 * time.Second):
		t.Fatal("no send began to hang")
		return ""
	}
}

// status is the stored status of intro:name, and its attempts.
func (r *hungRig) status(t *testing.T, name string) (string, int) {
	t.Helper()
	n, err := r.db.Notification(r.ctx, "intro:"+name)
	if err != nil {
		t.Fatal(err)
	}
	return n.Status, n.Attempts
}

// waitFor polls cond for a few seconds of real time: the sends run on
// their own goroutines.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestHungSendHoldsBackOnlyItsRecipient: Slack does not answer one
// chat.postMessage (it hangs until the client's 20 s timeout). The DMs to
// other people that fall due meanwhile go at their time; they used to
// wait until the hung send ended, as the dispatcher waited for its whole
// batch before it claimed the next. A DM due to the same person later is
// not even claimed while the first hangs (it would overtake it, or be
// looked for in Slack's history as a second attempt): it goes right
// after it, in order, and each DM goes once.
func TestHungSendHoldsBackOnlyItsRecipient(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung-later", to: "UHUNG", due: 10 * time.Second},
		dm{name: "bob", to: "UBOB", due: 10 * time.Second}, dm{name: "carol", to: "UCAROL", due: 20 * time.Second})

	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob, due 10 s after a send that hangs, went while it hung", func() bool { return r.nt.count("intro:bob") == 1 })
	if at, want := r.nt.sentAt("intro:bob"), r.start.Add(10*time.Second); !at.Equal(want) {
		t.Errorf("the DM to bob went at %v, want its time %v", at, want)
	}
	if st, attempts := r.status(t, "hung-later"); st != store.NotePending || attempts != 0 {
		t.Errorf("the later DM to UHUNG while the first hangs: %s, attempt %d; want pending, not claimed", st, attempts)
	}
	// Whoever moves a virtual clock asks first: the hung send is under way
	// (bob's ends once it is recorded).
	waitFor(t, "Sending = 1 while a send hangs", func() bool { return r.s.Sending() == 1 })

	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to carol went while the send to UHUNG still hung", func() bool { return r.nt.count("intro:carol") == 1 })

	close(r.nt.hang["UHUNG"])
	waitFor(t, "all four recorded as sent", func() bool {
		for _, k := range []string{"hung", "hung-later", "bob", "carol"} {
			if st, _ := r.status(t, k); st != store.NoteSent {
				return false
			}
		}
		return r.s.Sending() == 0
	})
	if got := r.nt.keys(""); len(got) != 4 || got[0] != "intro:bob" || got[1] != "intro:carol" || got[2] != "intro:hung" || got[3] != "intro:hung-later" {
		t.Errorf("sent %v, want bob's, carol's, then UHUNG's two in order", got)
	}
	for _, k := range []string{"hung", "hung-later", "bob", "carol"} {
		if c := r.nt.count("intro:" + k); c != 1 {
			t.Errorf("intro:%s posted %d times, want 1", k, c)
		}
		if _, attempts := r.status(t, k); attempts != 1 {
			t.Errorf("intro:%s sent at attempt %d, want 1", k, attempts)
		}
	}
	if n := r.nt.finds.Load(); n != 0 {
		t.Errorf("looked in the DM history %d times, want none: nothing was claimed twice", n)
	}
}

// TestHungSendsKeepTheirWorkers: sends that hang keep their worker while
// the dispatcher goes on, so that with them the sends under way never
// exceed Workers: with both workers hung, the DM to bob waits for one.
func TestHungSendsKeepTheirWorkers(t *testing.T) {
	r := newHungRig(t, scheduler.Options{Workers: 2}, []string{"UHUNG", "UHUNG2"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung2", to: "UHUNG2"}, dm{name: "bob", to: "UBOB", due: 10 * time.Second})
	r.hung(t) // the second
	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob claimed", func() bool { st, _ := r.status(t, "bob"); return st != store.NotePending })
	// No virtual time to move here: a short real wait that a third worker
	// would use to send it.
	time.Sleep(50 * time.Millisecond)
	if c := r.nt.count("intro:bob"); c != 0 {
		t.Errorf("the DM to bob went while both workers hung")
	}
	close(r.nt.hang["UHUNG"])
	waitFor(t, "the DM to bob went once a worker was free", func() bool { return r.nt.count("intro:bob") == 1 })
	close(r.nt.hang["UHUNG2"])
	waitFor(t, "all sent", func() bool { return r.nt.count("intro:hung") == 1 && r.nt.count("intro:hung2") == 1 })
	if most := r.nt.mostAtOnce(); most > 2 {
		t.Errorf("%d sends at once, want at most the 2 workers", most)
	}
}

// TestExpiryWhileASendHangs: the time of two DMs to the same person
// passes while the first one's send hangs (the second waits behind it),
// and a pass runs meanwhile for someone else's DM. The one being sent is
// not dropped as a dead process's claim would be: Slack answers, and it
// is recorded as sent, once, and nobody is told it never went (the bot
// withdraws a mentoring request whose DM to the mentor was given up,
// while the mentor gets it). The one behind it, whose send never began,
// is not sent that late, about what is over: it is dropped when its turn
// comes, and the bot told. It used to be sent however late.
func TestExpiryWhileASendHangs(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG", expires: 30 * time.Second}, dm{name: "hung-2", to: "UHUNG", expires: 30 * time.Second},
		dm{name: "bob", to: "UBOB", due: 35 * time.Second})
	r.clk.Advance(40 * time.Second)
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })
	// Run's own passes may all have begun before the clock moved: this
	// one surely drops what is past its time now.
	if _, err := r.s.DispatchDue(r.ctx); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"hung", "hung-2"} {
		if st, _ := r.status(t, k); st != store.NoteSending {
			t.Errorf("intro:%s, expired while its recipient's send hangs: %s, want still sending", k, st)
		}
	}
	if n := r.nt.undelivered.Load(); n != 0 {
		t.Errorf("told %d times of DMs given up while the send hung, want none", n)
	}
	close(r.nt.hang["UHUNG"])
	waitFor(t, "both DMs to UHUNG settled", func() bool {
		a, _ := r.status(t, "hung")
		b, _ := r.status(t, "hung-2")
		return a != store.NoteSending && b != store.NoteSending
	})
	if st, _ := r.status(t, "hung"); st != store.NoteSent {
		t.Errorf("intro:hung, whose send was under way: %s, want sent", st)
	}
	if c := r.nt.count("intro:hung"); c != 1 {
		t.Errorf("intro:hung posted %d times, want 1", c)
	}
	if st, _ := r.status(t, "hung-2"); st != store.NoteDropped {
		t.Errorf("intro:hung-2, past its time before its send began: %s, want dropped", st)
	}
	if c := r.nt.count("intro:hung-2"); c != 0 {
		t.Errorf("intro:hung-2 posted %d times after its time, want never", c)
	}
	waitFor(t, "the bot told of the DM dropped", func() bool { return r.nt.undelivered.Load() > 0 })
	if n := r.nt.finds.Load(); n != 0 {
		t.Errorf("looked in the DM history %d times, want none: neither DM went before", n)
	}
}

// TestHungSendThatTimesOutKeepsItsRecipientsOrder: a hung call usually
// ends at the client's timeout, unsure whether Slack took the DM: it is
// to be tried again in 10 s. The DMs to the same person queued behind it
// (in its batch, or due later) used to go at once, before it: now they
// wait for its retry and go after it, in due order, each once. Others'
// DMs are not held back meanwhile, and Run sleeps until the retry, not
// through it, nor round in circles before it.
func TestHungSendThatTimesOutKeepsItsRecipientsOrder(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung-2", to: "UHUNG"}, dm{name: "hung-later", to: "UHUNG", due: 10 * time.Second},
		dm{name: "bob", to: "UBOB", due: 10 * time.Second}, dm{name: "carol", to: "UCAROL", due: 15 * time.Second})
	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })

	// What the bot's client returns when Slack did not answer in time.
	timeout := errors.New("chat.postMessage: outcome unknown (timeout): context deadline exceeded")
	r.nt.fail.Store(&timeout)
	close(r.nt.hang["UHUNG"])
	retryAt := r.start.Add(20 * time.Second) // 10 s after the timeout
	waitFor(t, "the timed-out send waits for its retry", func() bool {
		n, err := r.db.Notification(r.ctx, "intro:hung")
		return err == nil && n.Status == store.NoteSending && n.LastError != "" && n.LeaseUntil.Equal(retryAt)
	})
	waitFor(t, "the DM behind it given back", func() bool { st, attempts := r.status(t, "hung-2"); return st == store.NotePending && attempts == 0 })

	r.clk.Advance(5 * time.Second)
	waitFor(t, "the DM to carol went while UHUNG's waited for the retry", func() bool { return r.nt.count("intro:carol") == 1 })
	if at, want := r.nt.sentAt("intro:carol"), r.start.Add(15*time.Second); !at.Equal(want) {
		t.Errorf("the DM to carol went at %v, want its time %v", at, want)
	}
	waitFor(t, "Run sleeps until the retry", func() bool { next, ok := r.clk.Next(); return ok && next.Equal(retryAt) })
	if got := r.nt.keys(""); len(got) != 2 {
		t.Errorf("before the retry, sent %v; want only bob's and carol's", got)
	}

	r.clk.Set(retryAt)
	waitFor(t, "UHUNG's three DMs recorded as sent", func() bool {
		for _, k := range []string{"hung", "hung-2", "hung-later"} {
			if st, _ := r.status(t, k); st != store.NoteSent {
				return false
			}
		}
		return true
	})
	want := []string{"intro:bob", "intro:carol", "intro:hung", "intro:hung-2", "intro:hung-later"}
	if got := r.nt.keys(""); !slices.Equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	for k, attempts := range map[string]int{"hung": 2, "hung-2": 1, "hung-later": 1} {
		if c := r.nt.count("intro:" + k); c != 1 {
			t.Errorf("intro:%s posted %d times, want 1", k, c)
		}
		if _, a := r.status(t, k); a != attempts {
			t.Errorf("intro:%s sent at attempt %d, want %d", k, a, attempts)
		}
	}
	if n := r.nt.finds.Load(); n != 1 {
		t.Errorf("looked in the DM history %d times, want once, for the DM that timed out", n)
	}
}

// TestRunWaitsWhileASendHangsPastItsLease: a send hangs past its claim's
// lease (the programme clock moved on meanwhile: the playground, tests)
// with its recipient's next DM due. Neither the lapsed claim nor the DM
// is anything Run can claim while the send is under way, so neither is
// a wake: Run sleeps on its clock rather than pass again and again until
// the send ends.
func TestRunWaitsWhileASendHangsPastItsLease(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung-later", to: "UHUNG", due: 10 * time.Second},
		dm{name: "bob", to: "UBOB", due: 3 * time.Minute})
	r.clk.Advance(3 * time.Minute) // past the hung claim's two-minute lease
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })
	waitFor(t, "Run sleeps on its clock while the send hangs", func() bool {
		next, ok := r.clk.Next()
		return ok && next.After(r.clk.Now())
	})
	if st, attempts := r.status(t, "hung-later"); st != store.NotePending || attempts != 0 {
		t.Errorf("the later DM to UHUNG while the first hangs: %s, attempt %d; want pending, not claimed", st, attempts)
	}
	close(r.nt.hang["UHUNG"])
	waitFor(t, "UHUNG's DMs went once the send ended", func() bool { return r.nt.count("intro:hung-later") == 1 })
	if got := r.nt.keys(""); !slices.Equal(got, []string{"intro:bob", "intro:hung", "intro:hung-later"}) {
		t.Errorf("sent %v, want bob's, then UHUNG's two in order", got)
	}
}

// TestBurstLeavesAHungRecipient: a burst ahead is started early (SendRate)
// while a send to one of its recipients hangs, past its lease. That
// person's DM in the burst is not released early meanwhile (it would
// overtake the one that hangs, or be claimed twice): the others are. It
// goes once the send ended, after it, once.
func TestBurstLeavesAHungRecipient(t *testing.T) {
	dms := []dm{{name: "hung", to: "UHUNG"}, {name: "burst-hung", to: "UHUNG", due: 10*time.Minute - time.Second}}
	for i := range 59 {
		dms = append(dms, dm{name: fmt.Sprintf("burst-%02d", i), to: fmt.Sprintf("U%02d", i), due: 10 * time.Minute})
	}
	r := newHungRig(t, scheduler.Options{SendRate: 1}, []string{"UHUNG"}, dms...)
	// 60 DMs at one a second start at 8m45s at the latest; the hung
	// claim's lease lapsed at 2m.
	r.clk.Advance(9 * time.Minute)
	waitFor(t, "part of the burst released early", func() bool { return len(r.nt.keys("")) >= 10 })
	if st, attempts := r.status(t, "burst-hung"); st != store.NotePending || attempts != 0 {
		t.Errorf("UHUNG's DM in the burst while the first hangs: %s, attempt %d; want pending, not claimed", st, attempts)
	}
	close(r.nt.hang["UHUNG"])
	r.clk.Advance(time.Minute)
	waitFor(t, "the whole burst sent", func() bool { return len(r.nt.keys("")) == len(dms) })
	got := r.nt.keys("")
	if h, b := slices.Index(got, "intro:hung"), slices.Index(got, "intro:burst-hung"); h < 0 || b < h {
		t.Errorf("sent %v: UHUNG's DM in the burst went before the one that hung", got)
	}
	for _, m := range dms {
		if c := r.nt.count("intro:" + m.name); c != 1 {
			t.Errorf("intro:%s posted %d times, want 1", m.name, c)
		}
	}
	if n := r.nt.finds.Load(); n != 0 {
		t.Errorf("looked in the DM history %d times, want none: nothing was claimed twice", n)
	}
}

// TestHungSendThatFailsAfterItsTime: a send hangs past its DM's time,
// then fails in a way that may pass (Slack may have taken it). It is not
// posted again once its time has passed, nor dropped unseen: at its retry
// it is looked for in the DM's history and, not there, dropped, and the
// bot is told a DM was given up. It used to be dropped by the next pass
// without a look, recorded as never sent whether Slack had it or not.
func TestHungSendThatFailsAfterItsTime(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG", expires: 30 * time.Second}, dm{name: "bob", to: "UBOB", due: 35 * time.Second})
	r.clk.Advance(40 * time.Second)
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })
	err := errors.New("slack: internal_error")
	r.nt.fail.Store(&err)
	close(r.nt.hang["UHUNG"])
	waitFor(t, "the failed send waits for its retry", func() bool {
		n, err := r.db.Notification(r.ctx, "intro:hung")
		return err == nil && n.Status == store.NoteSending && n.LastError != ""
	})
	if n := r.nt.finds.Load(); n != 0 {
		t.Errorf("looked in the DM history %d times before the retry, want none", n)
	}
	r.clk.Advance(10 * time.Second)
	waitFor(t, "the failed send dropped", func() bool { st, _ := r.status(t, "hung"); return st == store.NoteDropped })
	if c := r.nt.count("intro:hung"); c != 0 {
		t.Errorf("posted %d times, want none", c)
	}
	if n := r.nt.finds.Load(); n != 1 {
		t.Errorf("looked in the DM history %d times, want once, before it was dropped", n)
	}
	waitFor(t, "the bot told of it", func() bool { return r.nt.undelivered.Load() > 0 })
}

// TestShutdownWaitsForAHungSend: a shutdown comes while a send that Run
// went on without hangs, with a DM behind it in its batch and a later one
// held back. Run returns only once the send ended (and was recorded):
// the database closes after Run. The DM behind it, not started, and the
// later one are pending, not attempted, for the next start to send.
func TestShutdownWaitsForAHungSend(t *testing.T) {
	r := newHungRig(t, scheduler.Options{}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung-2", to: "UHUNG"}, dm{name: "hung-later", to: "UHUNG", due: 10 * time.Second},
		dm{name: "bob", to: "UBOB", due: 10 * time.Second})
	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })
	stopped := make(chan error, 1)
	go func() { stopped <- r.stop() }()
	select {
	case <-stopped:
		t.Fatal("Run returned while a send was under way")
	case <-time.After(100 * time.Millisecond):
	}
	close(r.nt.hang["UHUNG"])
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if st, _ := r.status(t, "hung"); st != store.NoteSent {
		t.Errorf("the send under way when Run returned: %s, want sent", st)
	}
	for _, k := range []string{"hung-2", "hung-later"} {
		if st, attempts := r.status(t, k); st != store.NotePending || attempts != 0 {
			t.Errorf("intro:%s after the shutdown: %s, attempt %d; want pending, not attempted", k, st, attempts)
		}
	}
	if got := r.nt.keys(""); len(got) != 2 {
		t.Errorf("sent %v, want bob's and the one under way", got)
	}
}

// TestShutdownCutsAHungSendAfterItsGrace: Slack never answers the send
// that Run went on without, and a shutdown comes. After the grace the
// send is cut short, its lease ended (the next start looks for it in the
// DM at once), and the DM behind it released; Run returns then, and no
// send goes after it returned.
func TestShutdownCutsAHungSendAfterItsGrace(t *testing.T) {
	r := newHungRig(t, scheduler.Options{SendGrace: 50 * time.Millisecond}, []string{"UHUNG"},
		dm{name: "hung", to: "UHUNG"}, dm{name: "hung-2", to: "UHUNG"}, dm{name: "bob", to: "UBOB", due: 10 * time.Second})
	r.clk.Advance(10 * time.Second)
	waitFor(t, "the DM to bob went", func() bool { return r.nt.count("intro:bob") == 1 })
	began := time.Now()
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took < 50*time.Millisecond {
		t.Errorf("Run returned %v after the shutdown began, before the send's grace of 50ms", took)
	}
	n, err := r.db.Notification(r.ctx, "intro:hung")
	if err != nil || n.Status != store.NoteSending || n.LeaseUntil.After(r.clk.Now()) {
		t.Errorf("the send cut short: %s, lease until %v (now %v), %v; want its lease ended", n.Status, n.LeaseUntil, r.clk.Now(), err)
	}
	if st, attempts := r.status(t, "hung-2"); st != store.NotePending || attempts != 0 {
		t.Errorf("the DM behind it: %s, attempt %d; want pending, not attempted", st, attempts)
	}
	close(r.nt.hang["UHUNG"])
	time.Sleep(50 * time.Millisecond) // whatever would still send, after Run returned
	select {
	case k := <-r.nt.entered:
		t.Errorf("%s began to send after Run returned", k)
	default:
	}
	if got := r.nt.keys(""); len(got) != 1 {
		t.Errorf("sent %v, want only bob's DM", got)
	}
}
