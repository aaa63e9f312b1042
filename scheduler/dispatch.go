// Package scheduler decides what is due when and delivers it exactly once.
//
// # Planning
//
// Planning (plan.go) is a pure function from the state of a pair (its
// schedule, skips, logged sessions), its members (zones, own settings) and
// their goals, at an instant, to notifications with stable keys: what, for
// whom, and for which meeting occurrence, day or goal, e.g.
// "reminder:24h:pair=3:at=1767261600:to=UBOB". Rows are stored under a
// unique key, so planning twice is harmless. Everything due in the next
// PlanHorizon (8 days) is planned and stored ahead; a full re-plan runs at
// start and then daily, so the horizon never runs out. PairChanged and
// UserChanged re-plan one pair or one person at once, in one transaction
// with the state they read: rows the plan no longer wants are cancelled,
// new ones added, moved ones re-timed (replan.go). At send time the bot
// renders each notification from the state of that moment and cancels it
// (ErrObsolete) if it no longer applies, so a change that races a send is
// caught either way.
//
// # Exactly once
//
// A notification is stored before it is sent, and marked sent in the same
// process right after Slack accepts it; a send that has started is allowed
// to finish (and be recorded) even when shutdown begins. If the process
// dies between Slack accepting a message and the mark (the one window), or
// a send fails in a way that leaves it unclear whether Slack got it, the
// row's lease lapses, the row is claimed again with Attempts > 1, and the
// dispatcher first looks for the message in the recipient's DM history by
// the key it carries in Slack message metadata; it sends only if the
// message is not there. Within one process, a recipient's claims are held
// until their sends end (claimsHeld), and nothing more of a recipient held
// is claimed, so no pass claims a row again while its send is under way
// (should one, the row is left to that send: a backstop); and a claim
// whose lease ran out before its send began (it waited for a worker while
// the clock moved on) is sent only if it still stands, as a later claim
// may have sent the row in between. So nothing is lost: a row is only
// ever done as sent, cancelled (no longer relevant), dropped (its time to
// make sense passed) or failed (Slack refused it, or lookups kept failing
// for the whole retry budget — then it is recorded as failed, never sent
// blind).
// And nothing is sent twice, unless a message Slack accepted inside that
// window is missing from the history when the dispatcher looks (someone
// deleted it). One process at a time sends from a database (the sender
// lock, senderlock.go), so a second one, started before the first stops,
// never takes over a send still going on; the one that takes the lock
// next looks at once for the sends its dead predecessor had under way.
//
// # Pace
//
// The bot's Slack client paces itself by Slack's rate limits, so the
// dispatcher's workers wait their turn instead of meeting 429s; with
// Options.SendRate the dispatcher also sees a burst coming that the limits
// cannot send in its minute, and starts it early enough (burst.go). A send
// that Slack is slow to answer (up to the client's timeout) holds back
// its recipient's later DMs, which must not overtake it, and a worker;
// after Options.StragglerAfter, the dispatcher goes on with the other
// recipients' DMs without it (see claimsHeld). A send to be tried again
// after its first or second claim (a hung call that timed out) holds them
// back until its retry, as its claim does in the store
// (store.HeldRetryAttempts), and they go after it; one that keeps failing
// holds nothing back, lest one bad DM hold up a person's DMs for the day
// it is retried.
package scheduler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/store"
)

var (
	// ErrPermanent marks a failure that retrying will not fix (the user
	// left, the channel is gone): the notification is recorded as failed.
	ErrPermanent = errors.New("permanent failure")
	// ErrObsolete marks a notification that no longer makes sense when it
	// is about to be sent (its meeting was skipped, its to-do closed): it is
	// cancelled, not sent.
	ErrObsolete = errors.New("no longer relevant")
)

// Sent is where Slack put a message.
type Sent struct{ Channel, TS string }

// Notifier sends notifications to Slack; the bot implements it.
type Notifier interface {
	// Send renders and posts n, carrying n.Key in the message metadata.
	Send(ctx context.Context, n store.Notification) (Sent, error)
	// Find looks for a message carrying n.Key in the recipient's DM.
	Find(ctx context.Context, n store.Notification) (Sent, bool, error)
}

// RecordWatcher is a Notifier that is told when a send is stored as sent.
// A change made while a DM was in flight (rendered, then held by a 429)
// can only be squared with that DM once it is recorded: before, it is
// neither pending, to re-plan, nor sent, to edit. n is the claim that was
// sent (its Payload, what went); found is true when the send was found in
// the DM's history (after a crash, say) rather than made now.
type RecordWatcher interface {
	Recorded(ctx context.Context, n store.Notification, found bool)
}

// UndeliveredWatcher is a Notifier that is told when DMs were given up
// for good (refused by Slack, or dropped past their time), so that whoever
// waits on one can be told instead of waiting for ever (a mentoring
// request nobody received). It looks in the store for what to settle, so
// that a call lost to a crash is made up by the next (and at start).
type UndeliveredWatcher interface {
	Undelivered(ctx context.Context)
}

// QuietHoursKinds is a Notifier some of whose own kinds of DM (queued by
// the bot, not planned here) always wait out the recipient's quiet hours:
// news with no hurry, queued days ahead. They are held at send time, by
// the zone and quiet hours of that moment, which may have changed since.
type QuietHoursKinds interface {
	WaitsOutQuietHours(kind string) bool
}

// Options build a Scheduler.
type Options struct {
	DB       *store.DB
	Notifier Notifier
	Clock    clock.Clock // the programme clock; nil = real
	Logger   *slog.Logger
	Metrics  *metrics.Registry
	Config   Config
	// Workers is how many recipients are served at once (default 16).
	Workers int
	// Lease is how long a claimed notification is held before another
	// dispatcher may take it over (default 2 minutes).
	Lease time.Duration
	// OtherProcessPoll is how often, in wall-clock time, the sending
	// process looks for DMs that another process on the database stored
	// (default 5 s).
	OtherProcessPoll time.Duration
	// SenderLockPoll is how often, in wall-clock time, a process that
	// found another one sending from the database tries the sender lock
	// again (default 1 s).
	SenderLockPoll time.Duration
	// SendRate is how many notifications a second the Notifier sends at
	// most, sustained (Slack's chat.postMessage limit as the bot's client
	// paces itself by it). With it the dispatcher sees bursts coming and
	// starts them early enough (burst.go); 0 means unknown: nothing goes
	// before its time.
	SendRate float64
	// MaxEarly bounds how long before its due time a notification may go
	// in a burst (default DefaultMaxEarly; negative: never early).
	MaxEarly time.Duration
	// KeepSettled is how long meeting notifications and check-ins that
	// were sent, dropped, cancelled or failed are kept after their time to
	// make sense ended (default DefaultKeepSettled, at least 40 days): the
	// dispatcher deletes older ones after each daily re-plan, so the table
	// holds months, not the programme's whole history (deletableKinds).
	KeepSettled time.Duration
	// SendGrace bounds how long a send under way may go on once a
	// shutdown began (default DefaultSendGrace, wall-clock time).
	SendGrace time.Duration
	// StragglerAfter is how long, in wall-clock time (Slack's pace, not
	// the programme's), Run's dispatcher waits for a recipient's sends
	// before it goes on with everybody else's DMs without them (default
	// DefaultStragglerAfter). Those sends keep their worker, and the
	// recipient's later DMs wait for them.
	StragglerAfter time.Duration
}

// DefaultStragglerAfter: a single send takes well under a second, unless
// a Slack call hangs (until the client's 20 s timeout), and holding up
// everybody's DMs for that would make a reminder with a short lead late.
// Sends also wait for the client's pacing (about one post a second to a
// channel, some 300 a minute to the workspace), so a recipient with
// several DMs in a batch, and any group late in a burst, straggles too:
// harmless, as the pass only goes on without them, their DMs in order.
const DefaultStragglerAfter = 2 * time.Second

// DefaultKeepSettled keeps a settled notification for 90 days past its
// expiry: long enough for anybody's export to show the DMs of the last
// quarter, short enough that the copies of old DMs do not pile up.
const DefaultKeepSettled = 90 * 24 * time.Hour

// Scheduler plans notifications and dispatches them.
type Scheduler struct {
	db       *store.DB
	notifier Notifier
	clock    clock.Clock
	log      *slog.Logger
	metrics  *metrics.Registry
	cfg      Config
	workers  int
	lease    time.Duration
	// otherPoll is Options.OtherProcessPoll.
	otherPoll time.Duration
	lockPoll  time.Duration // SenderLockPoll
	sendRate  float64
	maxEarly  time.Duration
	keep      time.Duration // KeepSettled
	grace     time.Duration // SendGrace
	straggle  time.Duration // StragglerAfter
	prune     atomic.Bool   // settled notifications past keeping may be left to delete
	kick      chan struct{}
	pl        *planState // planning bookkeeping (plan.go)
	sending   inFlight   // notifications this process is sending now
	senders   senders    // the goroutines that send
	// slots holds a token for each recipient being served (s.workers in
	// all), across passes: the sends that a pass went on without keep
	// theirs, so that they and the next pass's never exceed s.workers.
	slots chan struct{}
	// claimMu makes a claim and the holding of what it took one step: a
	// pass running beside another (the playground's, a test's, Run's) sees
	// every claim the other holds.
	claimMu sync.Mutex
	held    claimsHeld // claims this process has taken and not yet done with
	// unrecorded are notifications Slack accepted whose recording failed
	// (the database refusing writes): each pass tries again, so that once
	// the database takes writes they are recorded at once rather than when
	// their lease runs out (a restart forgets them; then the lease and the
	// look in the DM's history settle them).
	unrecorded unrecordedSends
	backlog    backlogMemo // the queue's gauges, read once per scrape
	zones      datetext.Zones
	// beforeStore, in tests, runs between a full re-plan's read of a chunk
	// of pairs and the transaction that stores its plan.
	beforeStore func()
	// beforeRecordAgain, in tests, runs once a pass has taken sends whose
	// recording failed, before it records them again.
	beforeRecordAgain func()
}

type unrecordedSends struct {
	mu sync.Mutex
	m  map[int64]*unrecordedSend
}

type unrecordedSend struct {
	n     store.Notification
	sent  Sent
	found bool // found in the DM's history, not sent now (RecordWatcher)
	// recording: a pass is storing it now; the others leave it.
	recording bool
}

func (u *unrecordedSends) add(n store.Notification, sent Sent, found bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[int64]*unrecordedSend{}
	}
	u.m[n.ID] = &unrecordedSend{n: n, sent: sent, found: found}
}

// take lists the sends to record again that no other pass is recording,
// and marks them as the caller's. They stay listed until done. (A pass
// beside it never drops one as expired meanwhile: DropExpired leaves
// claims alone.)
func (u *unrecordedSends) take() []unrecordedSend {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []unrecordedSend
	for _, r := range u.m {
		if !r.recording {
			r.recording = true
			out = append(out, *r)
		}
	}
	return out
}

// done ends the caller's recording of id: recorded, it is forgotten;
// otherwise the next pass tries again.
func (u *unrecordedSends) done(id int64, recorded bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if r := u.m[id]; r != nil {
		if recorded {
			delete(u.m, id)
		} else {
			r.recording = false
		}
	}
}

// inFlight is the set of notifications being sent by this process. Their
// leases can lapse while a send is still going on: the programme clock
// may jump (tests, the playground) or a send may be slow. A dispatcher
// pass that claims such a notification again must leave it to the send
// already under way, which records the outcome; sending it again would
// post it twice.
type inFlight struct {
	mu  sync.Mutex
	ids map[int64]bool
}

// start reports whether id was not being sent, and marks it.
func (f *inFlight) start(id int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ids[id] {
		return false
	}
	if f.ids == nil {
		f.ids = map[int64]bool{}
	}
	f.ids[id] = true
	return true
}

func (f *inFlight) end(id int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.ids, id)
}

func (f *inFlight) len() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.ids)
}

// claimsHeld is what this process has claimed and not yet done with: the
// claims of the recipients that dispatcher passes are sending to,
// including those a pass of Run went on without (their sends hang, see
// StragglerAfter). While a recipient's claims are held, their later DMs
// are not claimed, as they would overtake the ones held (the store only
// leaves a recipient waiting for a young retry, store.HeldRetryAttempts:
// this process's sends under way are its own to leave, through this set,
// which also counts after a lease lapses while the send goes on, as the
// programme clock moves; a dead process's are ended by EndLeases); a held
// claim whose time passes is dropped only as its turn comes, if its send
// has not begun (see deliver; DropExpired leaves claims alone); and Run
// does not return (the database then closes) while any is held.
type claimsHeld struct {
	mu sync.Mutex
	by map[string]*recipientClaims
	// idle is closed when the last held claim is done; nil while none is.
	idle chan struct{}
}

type recipientClaims struct {
	n int // claims held
	// passed: a claim or a wake went on without the recipient's later
	// DMs, so whoever ends their claims kicks the dispatcher for them.
	passed bool
}

// hold adds claims ns.
func (h *claimsHeld) hold(ns []store.Notification) {
	if len(ns) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.by == nil {
		h.by = map[string]*recipientClaims{}
	}
	if len(h.by) == 0 {
		h.idle = make(chan struct{})
	}
	for _, n := range ns {
		r := h.by[n.RecipientID]
		if r == nil {
			r = &recipientClaims{}
			h.by[n.RecipientID] = r
		}
		r.n++
	}
}

// done ends claims ns; it reports whether a recipient whose later DMs
// were passed over has none held any more.
func (h *claimsHeld) done(ns []store.Notification) (passed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, n := range ns {
		r := h.by[n.RecipientID]
		if r == nil {
			continue
		}
		if r.n--; r.n <= 0 {
			passed = passed || r.passed
			delete(h.by, n.RecipientID)
		}
	}
	if len(h.by) == 0 && h.idle != nil {
		close(h.idle)
		h.idle = nil
	}
	return passed
}

// passOver lists the recipients with claims held, whose later DMs the
// caller leaves for now: the end of their claims will kick the dispatcher.
func (h *claimsHeld) passOver() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]string, 0, len(h.by))
	for r, c := range h.by {
		c.passed = true
		out = append(out, r)
	}
	return out
}

// wait waits until no claim is held, for at most d of wall-clock time; it
// reports whether none is.
func (h *claimsHeld) wait(d time.Duration) bool {
	h.mu.Lock()
	idle := h.idle
	h.mu.Unlock()
	if idle == nil {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
		return true
	case <-t.C:
		return false
	}
}

// claim runs take, which claims notifications leaving the recipients
// leave alone, with the recipients whose claims are held, and holds what
// it claimed.
func (s *Scheduler) claim(take func(leave []string) ([]store.Notification, error)) ([]store.Notification, error) {
	s.claimMu.Lock()
	defer s.claimMu.Unlock()
	ns, err := take(s.held.passOver())
	if err != nil {
		return nil, err
	}
	s.held.hold(ns)
	return ns, nil
}

// Sending reports how many sends this process has under way. A retry
// waiting for its time and a send under way look alike in the database
// (a claim with an error and a lease ahead), so whoever moves a virtual
// clock asks here before moving it past a lease that a send still holds.
func (s *Scheduler) Sending() int { return s.sending.len() }

// New returns a Scheduler; Run starts it.
func New(o Options) *Scheduler {
	s := &Scheduler{db: o.DB, notifier: o.Notifier, clock: clock.Or(o.Clock), log: o.Logger, metrics: o.Metrics,
		cfg: o.Config, workers: o.Workers, lease: o.Lease, otherPoll: o.OtherProcessPoll, lockPoll: o.SenderLockPoll, sendRate: o.SendRate, maxEarly: o.MaxEarly, keep: o.KeepSettled, grace: o.SendGrace,
		straggle: o.StragglerAfter, kick: make(chan struct{}, 1), pl: &planState{},
		senders: senders{work: make(chan func()), quit: make(chan struct{})}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.workers <= 0 {
		s.workers = 16
	}
	s.slots = make(chan struct{}, s.workers)
	if s.lease <= 0 {
		s.lease = 2 * time.Minute
	}
	if s.otherPoll <= 0 {
		s.otherPoll = otherProcessPoll
	}
	if s.lockPoll <= 0 {
		s.lockPoll = senderLockPoll
	}
	if s.maxEarly == 0 {
		s.maxEarly = DefaultMaxEarly
	}
	if s.keep <= 0 {
		s.keep = DefaultKeepSettled
	}
	s.keep = max(s.keep, minKeepSettled)
	if s.grace <= 0 {
		s.grace = DefaultSendGrace
	}
	if s.straggle <= 0 {
		s.straggle = DefaultStragglerAfter
	}
	if s.metrics != nil {
		s.registerPlanMetrics()
	}
	return s
}

// Kick wakes the dispatcher at once.
func (s *Scheduler) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run re-plans every pair (catching up on what changed while the process
// was down), then dispatches until ctx ends, sleeping on the clock until the
// next notification is due or a Kick. It returns once the sends under way
// have ended, or SendGrace (and a moment to record them) after ctx ended.
func (s *Scheduler) Run(ctx context.Context) error {
	// Idle senders would otherwise outlive Run, and the database it used,
	// by up to senderIdle.
	defer s.senders.stop()
	if err := s.Start(ctx); err != nil && ctx.Err() == nil {
		// Stopped while planning (a SIGTERM, a failed start-up) is no
		// fault: the next start plans again.
		s.log.Error("plan at start", "err", err)
	}
	if err := s.holdSenderLock(ctx); errors.Is(err, store.ErrReplaced) {
		return fmt.Errorf("scheduler: %w", err)
	} else if err != nil {
		return nil // stopped while another process was sending
	}
	var pause time.Duration // after a failed pass
	pass := true
	for {
		if pass {
			n, err := s.dispatch(ctx, true)
			if err != nil && ctx.Err() == nil {
				// The database refuses (a full disk, a long lock): what is
				// due stays due, and trying again at once would only spin.
				pause = min(max(2*pause, time.Second), time.Minute)
				s.log.Error("dispatch", "err", err, "retry_in", pause)
			} else {
				pause = 0
			}
			if n > 0 && err == nil {
				// Sending took time: more may be due, or a burst ahead may
				// need its next part on the way.
				continue
			}
		}
		pass = true
		wait := time.Hour
		// A recipient whose claims are held waits until their sends end,
		// which kicks the dispatcher: what is due of theirs is no wake.
		switch next, ok, err := s.db.NextWake(ctx, s.held.passOver()...); {
		case err != nil && ctx.Err() == nil:
			// Not knowing when the next one is due, look again soon rather
			// than sleep through it.
			pause = min(max(2*pause, time.Second), time.Minute)
			s.log.Error("find when the next notification is due", "err", err, "retry_in", pause)
			wait = pause
		case err == nil && ok:
			wait = next.Sub(s.clock.Now())
		}
		if wake, ok := s.nextPlanWake(ctx); ok && wake.Sub(s.clock.Now()) < wait {
			wait = wake.Sub(s.clock.Now())
		}
		if wake, ok := s.releaseWake(ctx); ok && wake.Sub(s.clock.Now()) < wait {
			wait = wake.Sub(s.clock.Now())
		}
		if s.prune.Load() {
			wait = 0 // more to delete: another pass at once
		}
		wait = max(wait, pause, 0)
		if wait == 0 {
			continue
		}
		t := s.clock.NewTimer(wait)
		// Another process on the database (one waiting for the sender
		// lock, in a rolling deploy) stores DMs due at once that no Kick
		// here tells of. Every otherProcessPoll of wall-clock time (not
		// the programme's: it is the other process's pace), the wait is
		// reckoned again, which costs a read; a pass follows only if that
		// finds something due. Not while a failed pass backs off.
		poll := time.NewTimer(s.otherPoll)
		if pause > 0 {
			poll.Stop()
		}
		select {
		case <-ctx.Done():
			t.Stop()
			poll.Stop()
			// Sends that a pass went on without end within their grace,
			// and release the claims behind them, before the database
			// closes.
			if !s.held.wait(s.grace + recordAfterGrace) {
				s.log.Warn("sends still under way after the shutdown's grace; the next start looks for them in their DMs")
			}
			return nil
		case <-s.kick:
			t.Stop()
		case <-t.C():
		case <-poll.C:
			t.Stop()
			pass = false
		}
		poll.Stop()
	}
}

// recordAfterGrace is how long Run waits, past SendGrace, for sends cut
// short by a shutdown to be recorded and the claims behind them released.
const recordAfterGrace = time.Second

// DispatchDue sends everything due now and reports how many notifications
// it handled; it returns once their sends have ended. A recipient whose
// earlier DMs this process is still sending (Run went on without a send
// that hangs) is left for later: their DMs go in order.
func (s *Scheduler) DispatchDue(ctx context.Context) (int, error) {
	return s.dispatch(ctx, false)
}

// dispatch is DispatchDue. goOn: Run's pass, which goes on without the
// sends that straggle (StragglerAfter) rather than wait for them.
func (s *Scheduler) dispatch(ctx context.Context, goOn bool) (int, error) {
	// A shutdown cancels ctx, and what it interrupts is no error.
	if err := s.planDue(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("plan", "err", err)
	}
	if err := s.sweepDirty(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("re-plan changes", "err", err)
	}
	again := s.unrecorded.take()
	if len(again) > 0 && s.beforeRecordAgain != nil {
		s.beforeRecordAgain()
	}
	for _, r := range again {
		err := s.storeSent(context.WithoutCancel(ctx), r.n, r.sent)
		s.unrecorded.done(r.n.ID, err == nil)
		if err != nil {
			s.log.Error("mark sent", "key", r.n.Key, "err", err)
			continue
		}
		s.recorded(ctx, r.n, r.found)
	}
	if s.prune.Load() {
		more, err := s.deleteSettled(ctx, 20)
		if err != nil {
			s.log.Error("delete settled notifications", "err", err) // the next daily pass tries again
		}
		s.prune.Store(more)
	}
	if d, err := s.dropExpired(ctx); err != nil {
		return 0, err
	} else if k := d.Count(); k > 0 {
		s.log.Info("dropped notifications whose time has passed", "count", k, "by_kind", d.ByKind)
		s.metrics.Add("mentorbot_notifications_dropped_total", helpDropped, float64(k))
		s.undelivered(ctx)
	}
	total := 0
	for ctx.Err() == nil {
		batch, err := s.claim(func(leave []string) ([]store.Notification, error) {
			return s.db.ClaimDue(ctx, s.clock.Now(), s.lease, s.batchSize(), leave...)
		})
		if err != nil {
			return total, err
		}
		if len(batch) == 0 {
			break
		}
		s.deliverBatch(ctx, batch, goOn)
		total += len(batch)
	}
	if ctx.Err() != nil {
		return total, ctx.Err()
	}
	// What is due is on its way; now what of a burst ahead must start.
	early, err := s.releaseEarly(ctx)
	if err != nil {
		return total, err
	}
	if len(early) > 0 {
		s.deliverBatch(ctx, early, goOn)
		total += len(early)
	}
	return total, ctx.Err()
}

// dropExpired drops what is past its time and was never claimed, or
// given back unsent. Claims are left to deliver (store.DropExpired): this
// process's own, whose sends may still reach Slack (a claim that a hung
// send holds back expires meanwhile: deliver drops it if its send has not
// begun), the sends Slack took whose recording failed, and those that may
// have reached Slack (a retry after a timeout, a dead process's), which
// deliver looks for in the DM's history before it drops them.
func (s *Scheduler) dropExpired(ctx context.Context) (store.Dropped, error) {
	return s.db.DropExpired(ctx, s.clock.Now())
}

// batchSize is how many notifications one claim takes: at most 256, and
// no more than SendRate lets go in half a lease, so that a claimed batch
// is sent long before another dispatcher may take its rows over.
func (s *Scheduler) batchSize() int {
	n := 256
	if s.sendRate > 0 {
		n = min(n, max(s.workers, int(s.sendRate*s.lease.Seconds()/2)))
	}
	return n
}

// deliverBatch sends a batch (its claims held), up to s.workers
// recipients at once with those still served from earlier passes, each
// recipient's notifications in order, one at a time. It returns once they
// have all been sent; or, with goOn, once those still being sent have
// been for s.straggle: they go on in the background, holding their
// worker and their claims, and kick the dispatcher when they end if their
// recipient's later DMs were passed over meanwhile.
func (s *Scheduler) deliverBatch(ctx context.Context, batch []store.Notification, goOn bool) {
	byRecipient := map[string][]store.Notification{}
	var order []string
	for _, n := range batch {
		if _, ok := byRecipient[n.RecipientID]; !ok {
			order = append(order, n.RecipientID)
		}
		byRecipient[n.RecipientID] = append(byRecipient[n.RecipientID], n)
	}
	for _, ns := range byRecipient {
		// Claimed by due time, then id. Within a second, the bot's own
		// DMs (a payload) go first: such a DM tells of a change, and what
		// the change made due at once may be older rows planned again,
		// with smaller ids (the reminders that fell due in a pause, sent
		// at the resume, would otherwise reach the partner before the
		// news that the meetings resumed).
		slices.SortStableFunc(ns, func(a, b store.Notification) int {
			return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(sendOrder(a), sendOrder(b)), cmp.Compare(a.ID, b.ID))
		})
	}
	// Each group tells its index when it ends; buffered, so that one that
	// ends after this pass went on never blocks.
	ended := make(chan int, len(order))
	began := make([]time.Time, 0, len(order)) // wall-clock, by index
launch:
	for i, r := range order {
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
			// Shutting down while every worker is busy: the rest are not
			// started (see sendGroup).
			var rest []store.Notification
			for _, r := range order[i:] {
				rest = append(rest, byRecipient[r]...)
			}
			s.releaseUnsent(ctx, rest)
			s.endHold(rest)
			break launch
		}
		began = append(began, time.Now())
		ns := byRecipient[r]
		s.senders.run(func() {
			defer func() { <-s.slots; ended <- i }()
			s.sendGroup(ctx, ns)
		})
	}
	s.awaitGroups(ctx, began, ended, goOn)
}

// awaitGroups waits for the recipient groups of a batch, begun at began,
// to end, each sending its index on ended. goOn: it returns once those
// still running have all run for s.straggle, unless ctx has ended (a
// shutdown waits for what it lets finish).
func (s *Scheduler) awaitGroups(ctx context.Context, began []time.Time, ended <-chan int, goOn bool) {
	running := make([]bool, len(began))
	for i := range running {
		running[i] = true
	}
	// The groups began in index order: the youngest still running is the
	// last that is, and once it has run for s.straggle the others have.
	youngest := len(began) - 1
	var timer *time.Timer
	for left := len(began); left > 0; {
		var straggle <-chan time.Time
		if goOn && ctx.Err() == nil {
			for !running[youngest] {
				youngest--
			}
			d := s.straggle - time.Since(began[youngest])
			if d <= 0 {
				return
			}
			if timer == nil {
				timer = time.NewTimer(d)
				defer timer.Stop()
			} else {
				timer.Reset(d)
			}
			straggle = timer.C
		}
		select {
		case i := <-ended:
			running[i] = false
			left--
		case <-straggle:
		}
	}
}

// sendGroup sends one recipient's claims of a batch, in order, and ends
// their hold.
func (s *Scheduler) sendGroup(ctx context.Context, ns []store.Notification) {
	defer s.endHold(ns)
	for i, n := range ns {
		if ctx.Err() != nil {
			// Shutting down: the rest are not started. Released, they go
			// as soon as the bot is back, not after their leases.
			s.releaseUnsent(ctx, ns[i:])
			return
		}
		if s.deliver(ctx, n) && n.Attempts < store.HeldRetryAttempts && i+1 < len(ns) {
			// It is to be tried again after its first or second claim (a
			// hung call that timed out): sent now, the rest would overtake
			// it. They wait for its retry (the store leaves a recipient
			// with a young retry, store.HeldRetryAttempts), and are
			// claimed with it, after it in due order. Released, they are
			// pending again, without the attempt. A send that keeps
			// failing holds nothing back: the rest go on.
			s.releaseUnsent(ctx, ns[i+1:])
			return
		}
	}
}

// endHold ends the hold of claims ns, sent or given back.
func (s *Scheduler) endHold(ns []store.Notification) {
	if s.held.done(ns) {
		// A pass (or Run's reckoning of its next wake) left this
		// recipient's later DMs while these were sent: they go now, not
		// at the next wake.
		s.Kick()
	}
}

// releaseUnsent gives back claims whose send never began (a shutdown came
// first, or an earlier DM of their recipient's is to be tried again). The
// caller ends their hold.
func (s *Scheduler) releaseUnsent(ctx context.Context, ns []store.Notification) {
	if err := s.db.ReleaseClaims(context.WithoutCancel(ctx), ns); err != nil {
		s.log.Error("release unsent notifications; they go when their leases lapse", "count", len(ns), "err", err)
	}
}

// sendOrder puts, within a due second, the bot's own DMs (a payload: its
// content) before the rows the scheduler planned.
func sendOrder(n store.Notification) int {
	if n.Payload == "" {
		return 1
	}
	return 0
}

// senders runs the sends of dispatcher passes on goroutines that wait a
// while for the next pass's. A send runs SQLite (C compiled to Go: deep
// frames), and on a fresh goroutine each send grew the stack by copying
// it several times: 3% of a simulated year's CPU.
type senders struct {
	work chan func()
	// quit ends the senders once Run has returned: a send still under
	// way finishes first, and nothing waits for the next.
	quit     chan struct{}
	quitOnce sync.Once
}

// stop ends the senders waiting for work, and each busy one once its job
// ends.
func (p *senders) stop() { p.quitOnce.Do(func() { close(p.quit) }) }

// senderIdle is how long a sender waits for more before it ends.
const senderIdle = 10 * time.Second

// run runs job on a waiting sender, or on a new one when none waits.
func (p *senders) run(job func()) {
	select {
	case p.work <- job:
	default:
		go p.loop(job)
	}
}

func (p *senders) loop(job func()) {
	// Wall-clock time: how long an idle goroutine is kept.
	idle := time.NewTimer(senderIdle)
	defer idle.Stop()
	for {
		job()
		idle.Reset(senderIdle)
		select {
		case job = <-p.work:
		case <-idle.C:
			return
		case <-p.quit:
			return
		}
	}
}

// DefaultSendGrace bounds how long a send that has started may go on after
// a shutdown began: it finishes and is recorded, rather than being cut off
// half-way (which would leave it to the look-up after the next start).
// Within the 10 s a container gets between SIGTERM and SIGKILL (docker
// stop), as the bot's handlers are (bot.shutdownGrace).
const DefaultSendGrace = 8 * time.Second

// deliver sends claim n, or settles it otherwise. It reports whether the
// claim stands, to be tried again later (a failure that may pass, see
// retry): the recipient's later DMs then wait for it (sendGroup).
func (s *Scheduler) deliver(parent context.Context, n store.Notification) (retrying bool) {
	if !s.sending.start(n.ID) {
		// A backstop: a claim is held until its send ends (claimsHeld), and
		// nothing of a recipient held is claimed, so no pass of this
		// process claims a row whose send is under way; a claim made
		// around the dispatcher's bookkeeping would.
		s.log.Debug("claimed again while its send is under way; left to that send", "key", n.Key)
		return false
	}
	defer s.sending.end(n.ID)
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	defer cancel()
	// Wall-clock time, as Slack's own timeouts are.
	stop := context.AfterFunc(parent, func() { time.AfterFunc(s.grace, cancel) })
	defer stop()
	log := s.log.With("key", n.Key, "attempt", n.Attempts)
	if !s.clock.Now().Before(n.LeaseUntil) {
		// The lease ran out before the send began (it waited for a worker
		// while time moved on): a later pass may have claimed the row again
		// and sent it, and finished before this one started, so the guard
		// above let it through. Only a claim still standing is sent.
		cur, err := s.db.Notification(ctx, n.Key)
		if err != nil {
			// Still claimed, its lease lapsed: the next pass claims it
			// again, with the recipient's later DMs behind it.
			log.Error("check a claim whose lease ran out; left for the next pass", "err", err)
			return true
		}
		if cur.Status != store.NoteSending || cur.Attempts != n.Attempts {
			log.Debug("claim taken over while it waited; left to the newer claim", "status", cur.Status, "attempts", cur.Attempts)
			return false
		}
	}
	// Its time to make sense may have passed since it was claimed (it
	// waited behind its recipient's earlier DM, whose send hung, or for a
	// worker), or before it was claimed again (a retry, a dead process's
	// claim: DropExpired leaves claims to this). One whose send never
	// began is dropped now, as DropExpired would have, rather than sent
	// however late; one that may have reached Slack is looked for first.
	expired := !s.clock.Now().Before(n.ExpiresAt)
	if expired && n.Attempts <= 1 {
		s.dropLate(ctx, n, log)
		return false
	}
	if n.Attempts > 1 {
		// It may have reached Slack before a crash or a timeout: look first.
		sent, found, err := s.notifier.Find(ctx, n)
		if err != nil {
			if expired && s.clock.Now().Sub(n.ExpiresAt) >= lookGiveUp {
				// Past its time, and its history could not be read for an
				// hour: it will not be sent, and is given up as dropped,
				// perhaps delivered (not withdrawn as never delivered).
				log.Warn("gave up looking for a notification past its time; dropped", "err", err)
				s.settleDropped(ctx, n, fmt.Errorf("its time passed, and its DM's history could not be read: %w", err), false)
				return false
			}
			return s.retry(ctx, n, fmt.Errorf("look for earlier send: %w", err))
		}
		if found {
			log.Info("notification was already delivered; not sending again")
			s.markSent(ctx, n, sent, true)
			return false
		}
		// Asked again: a look that took long (history paging, its turn
		// after an outage) may have outlasted its time.
		if expired || !s.clock.Now().Before(n.ExpiresAt) {
			s.dropLate(ctx, n, log)
			return false
		}
	}
	held := !n.Planned().Equal(n.DueAt)
	if now := s.clock.Now(); s.waitsOutQuietHours(n.Kind) || heldByQuietHours(n.Kind) && (now.Sub(n.DueAt) > lateForQuietHours || held) {
		// Planned outside quiet hours, but going late (after downtime, or
		// retried), or queued without regard to them: the recipient's
		// quiet hours apply to now. So they do to one held before (for
		// quiet hours, or a nudge's answer): those may have changed since
		// the hold was set, and a full re-plan keeps a plan that stands
		// with its rows as the dispatcher left them (scheduler.fullCheck).
		if at := s.quietHoldAt(ctx, n.RecipientID, now); at.After(now) {
			if !at.Before(n.ExpiresAt) {
				log.Info("late, in the recipient's quiet hours, which end after it makes sense; dropped", "quiet_until", at)
				s.drop(ctx, n, errors.New("late, and quiet hours until after it made sense"))
				return false
			}
			// The recipient's other DMs (reminders, which quiet hours do
			// not hold) go meanwhile.
			log.Info("late, in the recipient's quiet hours; held until they end", "until", at)
			if err := s.db.HoldClaim(context.WithoutCancel(ctx), n, at); err != nil {
				log.Error("hold for quiet hours; the lease holds it instead", "err", err)
			}
			return false
		}
	}
	if IsNudge(n.Kind) && n.Payload == "" {
		if at, hold, err := s.nudgeHold(ctx, n); err != nil {
			return s.retry(ctx, n, err)
		} else if hold {
			log.Info("held: the last nudge still awaits an answer", "until", at)
			if err := s.db.HoldClaim(context.WithoutCancel(ctx), n, at); err != nil {
				log.Error("hold for the last nudge's answer; the lease holds it instead", "err", err)
			}
			return false
		}
	}
	if n.Kind == KindNudgesStopped {
		// Nudges stop as the notice goes, unless the person answered
		// since the last one.
		stopped, err := s.db.StopNudges(ctx, n.RecipientID, MaxUnansweredNudges, nudgeKinds)
		if err != nil {
			return s.retry(ctx, n, err)
		}
		if !stopped {
			log.Info("nudges go on: answered since, or turned off by choice")
			s.finish(ctx, n, store.NoteCancelled, errors.New("answered since"))
			return false
		}
		log.Info("nudges stopped after unanswered ones", "user", n.RecipientID, "count", MaxUnansweredNudges)
	}
	sent, err := s.notifier.Send(ctx, n)
	switch {
	case err == nil:
		s.markSent(ctx, n, sent, false)
	case errors.Is(err, ErrObsolete):
		log.Info("notification no longer relevant", "reason", err)
		replan, merr := s.db.MarkObsolete(context.WithoutCancel(ctx), n, err.Error())
		if s.settled(n, store.NoteCancelled, merr) && replan {
			// A move made while it was being sent took it as had; the
			// store gave that back, and planned again, the moved
			// meeting gets its prompt. (Only then: planning a pair at
			// every prompt dropped as obsolete would revive one the
			// planner still wants, and send it to be dropped again.)
			s.PairChanged(ctx, n.PairID)
		}
	case errors.Is(err, ErrPermanent):
		log.Warn("notification failed for good", "err", err)
		s.fail(ctx, n, err, true)
	case ctx.Err() != nil:
		// Cut short by a shutdown, past its grace: Slack may have taken
		// it. Its lease ends now, so that the next start looks for it in
		// the DM at once (a claim again is a later attempt), rather than
		// after the lease, minutes on.
		log.Warn("send cut short by the shutdown; the next start looks for it in the DM before sending it again", "err", err)
		if err := s.db.MarkRetry(context.WithoutCancel(ctx), n.ID, "cut short by a shutdown", s.clock.Now()); err != nil {
			log.Error("end the lease of a send cut short; it goes when the lease lapses", "err", err)
		}
		return true
	default:
		return s.retry(ctx, n, err)
	}
	return false
}

// helpDropped is the help of mentorbot_notifications_dropped_total.
const helpDropped = "Notifications dropped unsent: their time passed before they could go (downtime, retries, the recipient's quiet hours)."

// dropLate drops claim n, whose time to make sense passed before it could
// be sent, as DropExpired drops the rows it finds so: logged, and dropped
// (drop).
func (s *Scheduler) dropLate(ctx context.Context, n store.Notification, log *slog.Logger) {
	log.Info("dropped a notification whose time passed before it could be sent", "kind", n.Kind, "recipient", n.RecipientID, "expired", n.ExpiresAt)
	s.drop(ctx, n, errors.New("its time passed before it could be sent"))
}

// drop ends claim n as dropped, for reason. Whatever the reason (its time
// passed, or the recipient's quiet hours outlast it), a drop is counted
// with those DropExpired makes, so that /metrics shows every DM lost,
// and the bot is told (a mentoring request whose DM is dropped is
// withdrawn). deliver drops only a DM that surely never reached Slack: a
// first claim (no send of it was tried), or one looked for in the DM's
// history and not found, the look by which it would otherwise be sent
// again. It is recorded so (store.MarkDroppedUntried), as DropExpired's
// drops are: recorded as maybe delivered, a request's DM would leave the
// requester waiting for an answer that cannot come.
func (s *Scheduler) drop(ctx context.Context, n store.Notification, reason error) {
	s.settleDropped(ctx, n, reason, true)
}

// settleDropped records claim n as dropped for reason, and counts it; unsent
// says it surely never reached Slack (store.MarkDroppedUntried), else it
// may have (MarkDone: a request's DM is then not withdrawn).
func (s *Scheduler) settleDropped(ctx context.Context, n store.Notification, reason error, unsent bool) {
	var err error
	if unsent {
		err = s.db.MarkDroppedUntried(context.WithoutCancel(ctx), n, reason.Error())
	} else {
		err = s.db.MarkDone(context.WithoutCancel(ctx), n, store.NoteDropped, reason.Error())
	}
	if s.settled(n, store.NoteDropped, err) {
		s.metrics.Add("mentorbot_notifications_dropped_total", helpDropped, 1)
		s.undelivered(ctx)
	}
}

// lookGiveUp is how long past its time a claim whose DM history cannot be
// read is looked for before it is given up: with Slack failing for longer,
// retrying it for the day a send is retried buys nothing.
const lookGiveUp = time.Hour

// nudgeHoldStep is how often a nudge held for the last one's answer looks
// again: an answer lets it go within that, not at the end of the day.
const nudgeHoldStep = 10 * time.Minute

// nudgeHold reports whether nudge n waits, and until when it looks again.
// After the third unanswered round of nudges, the notice that stops them
// waits a day for an answer (NudgeGrace): a nudge that would start another
// round waits with it, and goes only if the answer came; the stop cancels
// it otherwise. A nudge of the third round itself goes with it, as nudges
// that arrive together count once: one that was due within the round
// belongs to it however late it goes (after downtime, or retries), as
// MarkNudgeSent counts it.
func (s *Scheduler) nudgeHold(ctx context.Context, n store.Notification) (time.Time, bool, error) {
	now := s.clock.Now()
	w, held, err := s.nudgeHeld(ctx, n, now)
	if err != nil || !held {
		return time.Time{}, false, err
	}
	at := now.Add(nudgeHoldStep)
	if after := w.NoticeDue.Add(time.Minute); after.Before(at) {
		at = maxTime(after, now.Add(time.Minute)) // once the notice has gone
	}
	// Let go after an answer, it is still a nudge: not in quiet hours.
	return s.quietHoldAt(ctx, n.RecipientID, at), true, nil
}

// nudgeHeld reports whether nudge n, sent at now, would start a round
// after the third unanswered one while the notice that stops nudges waits
// (see nudgeHold), and what that wait is.
func (s *Scheduler) nudgeHeld(ctx context.Context, n store.Notification, now time.Time) (store.NudgeStopWait, bool, error) {
	w, pending, err := s.db.PendingNudgeStop(ctx, n.RecipientID, KindNudgesStopped)
	if err != nil || !pending || w.Unanswered < MaxUnansweredNudges || minTime(n.Planned(), now).Before(w.LastNudge.Add(NudgeRound)) {
		return w, false, err
	}
	return w, true, nil
}

// lateForQuietHours is how late a check-in or nudge goes before its
// recipient's quiet hours are looked at again: the plan put it outside them,
// and a send a little late is still that time.
const lateForQuietHours = time.Minute

// heldByQuietHours reports whether notifications of kind wait out their
// recipient's quiet hours: check-ins and nudges; meeting reminders do not.
func heldByQuietHours(kind string) bool {
	return kind == KindCheckin || kind == KindNudgesStopped || IsNudge(kind)
}

// waitsOutQuietHours reports whether the notifier's own notifications of
// kind always wait out their recipient's quiet hours (QuietHoursKinds).
func (s *Scheduler) waitsOutQuietHours(kind string) bool {
	q, ok := s.notifier.(QuietHoursKinds)
	return ok && q.WaitsOutQuietHours(kind)
}

// quietHoldAt is the first instant from now that the recipient's quiet
// hours allow; now itself when they are unknown.
func (s *Scheduler) quietHoldAt(ctx context.Context, recipient string, now time.Time) time.Time {
	u, err := s.db.User(ctx, recipient)
	if store.ErrorCode(err) == store.ENotFound {
		u, err = store.User{ID: recipient, Settings: store.DefaultSettings()}, nil
	}
	if err == nil {
		var at time.Time
		if at, err = s.quietHold(u, now); err == nil {
			return at
		}
	}
	s.log.Error("read the recipient's quiet hours; sending now", "user", recipient, "err", err)
	return now
}

// quietHold is t, or the end of u's quiet hours when t falls in them.
func (s *Scheduler) quietHold(u store.User, t time.Time) (time.Time, error) {
	pl, err := newPlanner(&s.zones, s.cfg, t)
	if err != nil {
		return t, err
	}
	return pl.person(u.ID, u, true).hold(t, time.Time{}), nil
}

// Retries of a send that failed in a way that may pass (Slack down, slow
// or failing for a while): 10 s after the first try, doubling up to
// maxRetryBackoff, for as long as the notification still makes sense (the
// dispatcher drops it once past its ExpiresAt, after a look in the DM's
// history for one that may have gone, for up to lookGiveUp) but at most
// retryFor after it was
// due; then it is recorded as failed. A count of attempts would give up
// on a long Slack outage while the message still mattered.
const (
	maxRetryBackoff = 10 * time.Minute
	retryFor        = 24 * time.Hour
)

// retry schedules claim n to be tried again after err, or records it as
// failed once it has been tried for retryFor; it reports whether it is
// to be tried again (the claim stands, until the retry's time).
func (s *Scheduler) retry(ctx context.Context, n store.Notification, err error) bool {
	now := s.clock.Now()
	backoff := min(time.Duration(1<<min(n.Attempts, 10))*5*time.Second, maxRetryBackoff)
	if now.Add(backoff).After(n.DueAt.Add(retryFor)) {
		s.log.Error("notification failed after retries", "key", n.Key, "attempts", n.Attempts, "err", err)
		s.fail(ctx, n, err, false)
		return false
	}
	s.metrics.Add("mentorbot_notification_retries_total", "Notification sends that failed and will be tried again.", 1, "kind", n.Kind)
	s.log.Warn("notification send failed; will retry", "key", n.Key, "err", err, "in", backoff)
	if err := s.db.MarkRetry(context.WithoutCancel(ctx), n.ID, err.Error(), now.Add(backoff)); err != nil {
		// Still claimed: it is tried again when its lease lapses.
		s.log.Error("mark retry", "key", n.Key, "err", err)
	}
	return true
}

func (s *Scheduler) markSent(ctx context.Context, n store.Notification, sent Sent, found bool) {
	// Even when shutting down, record what Slack accepted.
	if err := s.storeSent(context.WithoutCancel(ctx), n, sent); err != nil {
		s.log.Error("mark sent", "key", n.Key, "err", err)
		s.unrecorded.add(n, sent, found)
		return
	}
	s.recorded(ctx, n, found)
}

// recorded counts n, stored as sent, and tells the notifier.
func (s *Scheduler) recorded(ctx context.Context, n store.Notification, found bool) {
	s.metrics.Add("mentorbot_notifications_sent_total", helpSent, 1, "kind", n.Kind)
	if w, ok := s.notifier.(RecordWatcher); ok {
		w.Recorded(context.WithoutCancel(ctx), n, found)
	}
}

// fail records n as failed for good and tells the notifier. refused: its
// send was refused for good (ErrPermanent), so the DM surely never reached
// its recipient, unlike one given up after failures it may have survived;
// that is recorded apart from the reason's text (store.MarkRefused).
func (s *Scheduler) fail(ctx context.Context, n store.Notification, reason error, refused bool) {
	// Counted once recorded: a claim a forget took back meanwhile
	// (store.ErrClaimGone) is no failure.
	if !refused {
		if s.finish(ctx, n, store.NoteFailed, reason) {
			s.metrics.Add("mentorbot_notifications_failed_total", helpFailed, 1, "kind", n.Kind)
			s.undelivered(ctx)
		}
		return
	}
	if err := s.db.MarkRefused(context.WithoutCancel(ctx), n, reason.Error()); errors.Is(err, store.ErrClaimGone) {
		s.log.Info("notification no longer claimed; its failure not recorded", "key", n.Key, "err", reason)
		return
	} else if err != nil {
		s.log.Error("mark notification", "key", n.Key, "status", store.NoteFailed, "err", err)
		return
	}
	s.metrics.Add("mentorbot_notifications_failed_total", helpFailed, 1, "kind", n.Kind)
	s.undelivered(ctx)
}

// undelivered tells the notifier that DMs were given up for good.
func (s *Scheduler) undelivered(ctx context.Context) {
	if w, ok := s.notifier.(UndeliveredWatcher); ok {
		w.Undelivered(context.WithoutCancel(ctx))
	}
}

// finish ends n with status; it reports whether that was recorded.
func (s *Scheduler) finish(ctx context.Context, n store.Notification, status string, reason error) bool {
	return s.settled(n, status, s.db.MarkDone(context.WithoutCancel(ctx), n, status, reason.Error()))
}

// settled reports whether the settling of n with status, which answered
// err, was recorded, and logs why not.
func (s *Scheduler) settled(n store.Notification, status string, err error) bool {
	if errors.Is(err, store.ErrClaimGone) {
		// No longer this claim (a forget took it back, or it was claimed
		// again after its lease lapsed): it stays as that left it.
		s.log.Info("notification no longer claimed; left as it is", "key", n.Key, "status", status)
		return false
	} else if err != nil {
		s.log.Error("mark notification", "key", n.Key, "status", status, "err", err)
		return false
	}
	return true
}
