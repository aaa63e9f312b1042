package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// fakeNotifier records what the dispatcher sends, like a DM history.
type fakeNotifier struct {
	mu       sync.Mutex
	sent     map[string]int // key -> times posted
	order    []store.Notification
	at       map[string]time.Time
	clk      clock.Clock
	obsolete func(store.Notification) bool
}

func newFakeNotifier(clk clock.Clock) *fakeNotifier {
	return &fakeNotifier{sent: map[string]int{}, at: map[string]time.Time{}, clk: clk}
}

func (f *fakeNotifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.obsolete != nil && f.obsolete(n) {
		return scheduler.Sent{}, scheduler.ErrObsolete
	}
	f.sent[n.Key]++
	f.order = append(f.order, n)
	f.at[n.Key] = f.clk.Now()
	return scheduler.Sent{Channel: "D" + n.RecipientID, TS: fmt.Sprint(len(f.order))}, nil
}

func (f *fakeNotifier) Find(ctx context.Context, n store.Notification) (scheduler.Sent, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return scheduler.Sent{Channel: "D" + n.RecipientID, TS: "found"}, f.sent[n.Key] > 0, nil
}

// landed records key as in the DM's history, posted by another process.
func (f *fakeNotifier) landed(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent[key]++
}

func (f *fakeNotifier) keys(kind string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, n := range f.order {
		if kind == "" || n.Kind == kind {
			out = append(out, n.Key)
		}
	}
	return out
}

type rig struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	clk   *clock.Fake
	nt    *fakeNotifier
	sched *scheduler.Scheduler
	path  string
	cfg   scheduler.Config
}

func newRig(t *testing.T, start time.Time) *rig { return newRigConfig(t, start, testConfig()) }

// inReach counts the weekly meetings from first on whose rows a plan of
// pair made now has: those whose longest lead (the agenda prompt's) is
// within the pair's reach (scheduler.PairReach).
func (r *rig) inReach(pair int64, first time.Time) int {
	reach := scheduler.PairReach(r.clk.Now(), pair)
	n := 0
	for at := first; !at.Add(-r.cfg.AgendaPromptBefore).After(reach); at = at.AddDate(0, 0, 7) {
		n++
	}
	return n
}

func newRigConfig(t *testing.T, start time.Time, cfg scheduler.Config) *rig {
	t.Helper()
	r := &rig{t: t, ctx: context.Background(), clk: clock.NewFake(start), path: storetest.Path(t, "m.db"), cfg: cfg}
	r.nt = newFakeNotifier(r.clk)
	r.open()
	return r
}

// open (re)starts the process: a new DB handle and a new scheduler, which
// plans everything.
func (r *rig) open() {
	r.t.Helper()
	r.process()
	if err := r.sched.ReplanAll(r.ctx); err != nil {
		r.t.Fatal(err)
	}
}

// process gives the rig a new DB handle and a new scheduler, as a new
// process has.
func (r *rig) process() {
	r.t.Helper()
	db, err := store.Open(r.ctx, r.path, store.Options{Clock: r.clk})
	if err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() { db.Close() })
	r.db = db
	r.sched = scheduler.New(scheduler.Options{DB: db, Notifier: r.nt, Clock: r.clk, Config: r.cfg})
}

// start starts the process again as a start after a stop does: a new DB
// handle and a new scheduler, which plans what Start plans.
func (r *rig) start() {
	r.t.Helper()
	r.process()
	if err := r.sched.Start(r.ctx); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) dispatch() {
	r.t.Helper()
	if _, err := r.sched.DispatchDue(r.ctx); err != nil {
		r.t.Fatal(err)
	}
}

// runUntil moves the clock from one due time to the next, dispatching at
// each, until end.
func (r *rig) runUntil(end time.Time) {
	r.t.Helper()
	for {
		r.dispatch()
		next, ok, err := r.db.NextWake(r.ctx)
		if err != nil {
			r.t.Fatal(err)
		}
		// The daily re-plan: at most a day between passes.
		if day := r.clk.Now().Add(24 * time.Hour); !ok || next.After(day) {
			next = day
		}
		if next.After(end) {
			r.clk.Set(end)
			r.dispatch()
			return
		}
		if !next.After(r.clk.Now()) {
			next = r.clk.Now().Add(time.Second)
		}
		r.clk.Set(next)
	}
}

func (r *rig) pending(kind string) []store.Notification {
	r.t.Helper()
	ns, err := r.db.Notifications(r.ctx, store.NoteFilter{Kind: kind, Status: store.NotePending})
	if err != nil {
		r.t.Fatal(err)
	}
	return ns
}

func (r *rig) pair(mentor, mentee string) store.Pair {
	r.t.Helper()
	for _, u := range []store.Profile{{ID: mentor, TZ: "Europe/Berlin"}, {ID: mentee, TZ: "America/New_York"}} {
		if _, err := r.db.SaveProfile(r.ctx, u, nil); err != nil {
			r.t.Fatal(err)
		}
	}
	p, err := r.db.CreatePair(r.ctx, "UADMIN", mentor, mentee)
	if err != nil {
		r.t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	return p
}

func (r *rig) meet(p store.Pair, when string) {
	r.t.Helper()
	rule, dur, err := cadence.ParseMeet(when, mustLoc(r.t, "Europe/Berlin"), r.clk.Now())
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.db.SetSchedule(r.ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
		r.t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
}

func TestSchedPairChangedFollowsSkipPauseEnd(t *testing.T) {
	r := newRig(t, utc("2026-11-02 08:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	nov5 := utc("2026-11-05 14:00")
	rem := func() []string {
		var out []string
		for _, n := range r.pending(scheduler.KindReminder) {
			out = append(out, n.Key)
		}
		return out
	}
	thursdays := r.inReach(p.ID, utc("2026-11-05 14:00"))
	if got := rem(); thursdays < 1 || len(got) != 4*thursdays {
		t.Fatalf("pending reminders after meet = %v, want 24h and 1h for both, for %d meetings", got, thursdays)
	}
	checkins := map[string]bool{}
	for _, n := range r.pending(scheduler.KindCheckin) {
		checkins[n.Key] = true
		if reach := scheduler.PersonReach(r.clk.Now(), n.RecipientID); n.DueAt.After(reach) {
			t.Errorf("check-in %s due %v past the reach %v", n.Key, n.DueAt, reach)
		}
	}
	for _, k := range []string{"checkin:to=UALICE:on=2026-11-02", "checkin:to=UALICE:on=2026-11-09", "checkin:to=UBOB:on=2026-11-02", "checkin:to=UBOB:on=2026-11-09"} {
		if !checkins[k] {
			t.Errorf("%s is not pending, want this week's and next for both: %v", k, checkins)
		}
	}

	// Skip: that meeting's reminders, agenda prompt and follow-ups go at once.
	if err := r.db.SkipMeeting(r.ctx, bob, p.ID, nov5); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	for _, n := range r.pending("") {
		if n.PairID == p.ID && n.Ref == fmt.Sprint(nov5.Unix()) {
			t.Errorf("still pending after skip: %s", n.Key)
		}
	}
	cancelled, _ := r.db.Notifications(r.ctx, store.NoteFilter{PairID: p.ID, Status: store.NoteCancelled})
	if len(cancelled) != 7 { // 4 reminders, an agenda prompt, 2 follow-ups
		t.Errorf("cancelled after skip: %d rows, want 7", len(cancelled))
	}

	// Move the meetings to Tuesdays: new rows for the new time.
	r.meet(p, "weekly tue 10:00")
	// Tuesdays from 3 November, 10:00 Berlin.
	tuesdays := 4 * r.inReach(p.ID, utc("2026-11-03 09:00"))
	if got := rem(); len(got) != tuesdays || !strings.Contains(got[0], fmt.Sprint(utc("2026-11-03 09:00").Unix())) {
		t.Errorf("after the move: %v, want %d", got, tuesdays)
	}

	// Pause: no meeting notifications and no check-ins; resume brings them back.
	if _, err := r.db.SetPaused(r.ctx, alice, p.ID, true); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	if got := r.pending(""); len(got) != 0 {
		t.Errorf("pending while paused: %v", got)
	}
	if _, err := r.db.SetPaused(r.ctx, alice, p.ID, false); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	if got := rem(); len(got) != tuesdays {
		t.Errorf("after resume: %v, want %d", got, tuesdays)
	}

	// Snooze: check-ins move to its end; reminders stay.
	if _, err := r.db.Snooze(r.ctx, bob, p.ID, utc("2026-11-06 12:00")); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	for _, n := range r.pending(scheduler.KindCheckin) {
		if n.DueAt.Before(utc("2026-11-06 12:00")) {
			t.Errorf("check-in %s due %v during the snooze", n.Key, n.DueAt)
		}
	}
	if got := rem(); len(got) != tuesdays {
		t.Errorf("snooze changed reminders: %v, want %d", got, tuesdays)
	}

	// End: nothing stays pending.
	if _, err := r.db.EndPair(r.ctx, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	if got := r.pending(""); len(got) != 0 {
		t.Errorf("pending after end: %v", got)
	}
	// And a full re-plan does not bring anything back.
	if err := r.sched.ReplanAll(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.pending(""); len(got) != 0 {
		t.Errorf("pending after end and re-plan: %v", got)
	}
}

func TestSchedSendsEachOnceAcrossRestarts(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	r.runUntil(utc("2026-11-12 00:00"))
	r.open() // restart on the same database
	// The third follow-up has a day to be answered.
	r.runUntil(utc("2026-11-21 00:00"))
	r.open()
	r.dispatch()

	for k, n := range r.nt.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
	// Three meetings (5, 12, 19 Nov), none logged.
	for kind, want := range map[string]int{scheduler.KindReminder: 12, scheduler.KindAgenda: 3, scheduler.KindCheckin: 6} {
		if got := len(r.nt.keys(kind)); got != want {
			t.Errorf("%s sent %d, want %d: %v", kind, got, want, r.nt.keys(kind))
		}
	}
	// Each at its time.
	for key, at := range r.nt.at {
		n, err := r.db.Notification(r.ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if !at.Equal(n.DueAt) {
			t.Errorf("%s sent at %v, due %v", key, at, n.DueAt)
		}
	}
	// The follow-ups: three nudges to each without a response, then nudges stop.
	if got := len(r.nt.keys(scheduler.KindFollowup)); got != 6 {
		t.Errorf("follow-ups sent %d, want 6: %v", got, r.nt.keys(scheduler.KindFollowup))
	}
	if got := r.nt.keys(scheduler.KindNudgesStopped); len(got) != 2 {
		t.Errorf("nudges-stopped notices %v, want one each", got)
	}
	u, _ := r.db.User(r.ctx, bob)
	if u.NudgesStoppedAt.IsZero() || u.UnansweredNudges != 3 {
		t.Errorf("bob: stopped %v, unanswered %d", u.NudgesStoppedAt, u.UnansweredNudges)
	}
}

func TestSchedNudgesStopAfterThreeUnanswered(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	r.runUntil(utc("2026-11-06 00:00"))            // one follow-up each
	if err := r.db.Touch(r.ctx, bob); err != nil { // bob answers
		t.Fatal(err)
	}
	r.runUntil(utc("2026-11-28 00:00")) // three more meetings, and a day to answer the last
	fu := map[string]int{}
	for _, k := range r.nt.keys(scheduler.KindFollowup) {
		fu[k[strings.LastIndex(k, "to=")+3:]]++
	}
	// alice: three, then stopped. bob: one, answered, three more, stopped.
	if fu[alice] != 3 || fu[bob] != 4 {
		t.Errorf("follow-ups per person %v, want alice 3, bob 4", fu)
	}
	notices := r.nt.keys(scheduler.KindNudgesStopped)
	if len(notices) != 2 {
		t.Errorf("notices %v", notices)
	}
	// Turning nudges on again brings them back.
	u, _ := r.db.User(r.ctx, alice)
	if err := r.db.SaveSettings(r.ctx, alice, u.Settings); err != nil {
		t.Fatal(err)
	}
	r.sched.UserChanged(r.ctx, alice)
	r.runUntil(utc("2026-12-04 00:00"))
	fu = map[string]int{}
	for _, k := range r.nt.keys(scheduler.KindFollowup) {
		fu[k[strings.LastIndex(k, "to=")+3:]]++
	}
	if fu[alice] != 4 {
		t.Errorf("alice's follow-ups after turning nudges on: %d, want 4", fu[alice])
	}
}

func TestSchedObsoleteAtSendTimeIsCancelled(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	r.nt.obsolete = func(n store.Notification) bool { return n.Kind == scheduler.KindAgenda }
	r.runUntil(utc("2026-11-04 00:00"))
	if got := r.nt.keys(scheduler.KindAgenda); len(got) != 0 {
		t.Errorf("obsolete agenda prompt sent: %v", got)
	}
	ns, _ := r.db.Notifications(r.ctx, store.NoteFilter{Kind: scheduler.KindAgenda, Status: store.NoteCancelled})
	if len(ns) != 1 {
		t.Errorf("cancelled agenda prompts: %v", ns)
	}
}

func TestSchedCatchUpAfterDowntime(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	r.runUntil(utc("2026-11-03 00:00"))
	// Down from Tuesday until Thursday 13:30 UTC: the agenda prompt (due
	// Tuesday 14:00, while the meeting was more than an hour away) and the
	// 24h reminder are missed; the 1h reminder is late but before the
	// meeting starts.
	r.clk.Set(utc("2026-11-05 13:30"))
	r.open()
	r.dispatch()
	got := map[string]bool{}
	for _, k := range r.nt.keys("") {
		got[k] = true
	}
	nov5 := fmt.Sprint(utc("2026-11-05 14:00").Unix())
	for _, k := range []string{"reminder:1h:pair=1:at=" + nov5 + ":to=UBOB", "reminder:1h:pair=1:at=" + nov5 + ":to=UALICE"} {
		if !got[k] {
			t.Errorf("not caught up: %s; sent %v", k, r.nt.keys(""))
		}
	}
	for _, k := range []string{"reminder:24h:pair=1:at=" + nov5 + ":to=UBOB", "agenda_prompt:pair=1:at=" + nov5 + ":to=UBOB"} {
		if got[k] {
			t.Errorf("sent although its time had passed: %s", k)
		}
	}
	dropped, _ := r.db.Notifications(r.ctx, store.NoteFilter{Status: store.NoteDropped})
	if len(dropped) == 0 {
		t.Error("nothing recorded as dropped")
	}
}

func TestSchedCatchUpAfterLongDowntime(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly mon 15:00")
	r.runUntil(utc("2026-11-03 00:00"))
	sentBefore := len(r.nt.keys(""))
	// Down for two weeks, longer than the planning horizon: back on Monday
	// 16 November at 10:00 UTC. alice's check-in (09:00 Berlin) was missed
	// today and still goes; bob's (09:00 New York) is later today. Of the
	// meetings in between nothing is sent late; today's 14:00 meeting has
	// not started, so its missed 24h reminders and agenda prompt still make
	// sense and go at once.
	r.clk.Set(utc("2026-11-16 10:00"))
	r.open()
	r.dispatch()
	today := utc("2026-11-16 14:00").Unix()
	late := r.nt.keys("")[sentBefore:]
	slices.Sort(late)
	want := []string{
		fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, today),
		"checkin:to=UALICE:on=2026-11-16",
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, today),
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, today),
	}
	if !slices.Equal(late, want) {
		t.Errorf("sent on coming back: %v, want %v", late, want)
	}
	r.runUntil(utc("2026-11-16 15:00"))
	got := map[string]bool{}
	for _, k := range r.nt.keys("") {
		got[k] = true
	}
	for _, k := range []string{"checkin:to=UBOB:on=2026-11-16", fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, utc("2026-11-16 14:00").Unix())} {
		if !got[k] {
			t.Errorf("not sent: %s", k)
		}
	}
	for k, n := range r.nt.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
}

// With a check-in schedule that fires every five minutes, each firing
// reaches each member once, for longer than one capped plan lasts.
func TestSchedFrequentCheckinsKeepComing(t *testing.T) {
	cfg := testConfig()
	cfg.CheckinSchedule = "*/5 * * * *"
	cfg.QuietHours = ""
	r := newRigConfig(t, utc("2026-11-02 10:01"), cfg)
	r.pair(alice, bob)
	r.runUntil(utc("2026-11-02 18:01")) // 8 hours: 96 firings, twice the cap
	for _, who := range []string{alice, bob} {
		n := 0
		for _, k := range r.nt.keys(scheduler.KindCheckin) {
			if strings.Contains(k, ":to="+who+":") {
				n++
			}
		}
		if n != 96 {
			t.Errorf("%s got %d check-ins in 8 hours, want 96", who, n)
		}
	}
	for k, n := range r.nt.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
}

// A crash between a change and its re-plan leaves the pair marked; the
// next start re-plans it, and only what changed, when the last full plan
// is recent.
func TestSchedStartReplansWhatChangedWithoutItsPlan(t *testing.T) {
	r := newRig(t, utc("2026-11-02 08:00"))
	p := r.pair(alice, bob)
	q := r.pair("UCAROL", "UDAN")
	r.meet(p, "weekly thu 15:00")
	r.meet(q, "weekly fri 10:00")
	before, err := r.db.PlanState(r.ctx)
	if err != nil || before.FullAt.IsZero() {
		t.Fatalf("plan state after the first full plan: %+v, %v", before, err)
	}
	// The change is committed; the process dies before PairChanged.
	rule, dur, err := cadence.ParseMeet("weekly wed 11:00", mustLoc(t, "Europe/Berlin"), r.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.SetSchedule(r.ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
		t.Fatal(err)
	}
	if pairs, _, err := r.db.Dirty(r.ctx, 10); err != nil || !slices.Contains(pairs, p.ID) {
		t.Fatalf("pair %d not marked after its schedule changed: %v, %v", p.ID, pairs, err)
	}

	r.clk.Advance(2 * time.Hour)
	r.start()
	after, err := r.db.PlanState(r.ctx)
	if err != nil || !after.FullAt.Equal(before.FullAt) {
		t.Errorf("a start two hours after a full plan planned everything again: %+v -> %+v (%v)", before, after, err)
	}
	wed := utc("2026-11-04 10:00")
	thu := utc("2026-11-05 14:00")
	got := map[string]bool{}
	for _, n := range r.pending(scheduler.KindReminder) {
		got[n.Key] = true
	}
	if !got[fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, wed.Unix())] {
		t.Errorf("the new Wednesday meeting has no reminder: %v", got)
	}
	if got[fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix())] {
		t.Errorf("the old Thursday meeting is still reminded of")
	}
	if pairs, users, err := r.db.Dirty(r.ctx, 10); err != nil || len(pairs)+len(users) != 0 {
		t.Errorf("marks left after the start: %v %v %v", pairs, users, err)
	}

	// A change to the configuration plans everything anew.
	r.cfg.RemindBefore = []time.Duration{2 * time.Hour}
	r.start()
	if st, _ := r.db.PlanState(r.ctx); !st.FullAt.After(before.FullAt) {
		t.Error("a new configuration did not bring a full plan")
	}
	if n := len(r.pending(scheduler.KindReminder)); n == 0 {
		t.Error("no reminders after the full plan")
	}
	for _, n := range r.pending(scheduler.KindReminder) {
		if !strings.HasPrefix(n.Key, "reminder:2h:") {
			t.Errorf("reminder with the old lead time still pending: %s", n.Key)
		}
	}
}

// Start may be called beside a running Run (the bench times a restart's
// plan that way, tests do too): both plan under one lock, so neither
// reads the other's bookkeeping half-written (the race detector checks),
// and what they leave is one plan, not two.
func TestSchedStartsBesideEachOther(t *testing.T) {
	r := newRig(t, utc("2026-11-02 08:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	for _, changed := range []bool{false, true} {
		if changed {
			r.cfg.RemindBefore = []time.Duration{2 * time.Hour}
		} else {
			// Changed without its re-plan, as by a crash: Start plans it.
			rule, dur, err := cadence.ParseMeet("weekly wed 11:00", mustLoc(t, "Europe/Berlin"), r.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.db.SetSchedule(r.ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
				t.Fatal(err)
			}
		}
		s := scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: r.cfg})
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Go(func() { errs <- s.Start(r.ctx) })
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		keys := map[string]bool{}
		for _, n := range r.pending(scheduler.KindReminder) {
			if keys[n.Key] {
				t.Errorf("%s pending twice", n.Key)
			}
			keys[n.Key] = true
		}
		wed := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, utc("2026-11-04 10:00").Unix())
		for k := range keys {
			if changed && !strings.HasPrefix(k, "reminder:2h:") {
				t.Errorf("after the new configuration, %s is still pending", k)
			}
		}
		if !changed && !keys[wed] {
			t.Errorf("the new Wednesday meeting has no reminder: %v", keys)
		}
		if changed && len(keys) == 0 {
			t.Error("no reminders after the new configuration")
		}
	}
}

// A re-plan that never happened (PairChanged failed) is caught up by the
// dispatcher's next pass.
func TestSchedDispatchSweepsChangesWithoutPlans(t *testing.T) {
	r := newRig(t, utc("2026-11-02 08:00"))
	p := r.pair(alice, bob)
	rule, dur, err := cadence.ParseMeet("weekly thu 15:00", mustLoc(t, "Europe/Berlin"), r.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.db.SetSchedule(r.ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
		t.Fatal(err)
	}
	if n := len(r.pending(scheduler.KindReminder)); n != 0 {
		t.Fatalf("%d reminders before any re-plan", n)
	}
	r.dispatch()
	if n, want := len(r.pending(scheduler.KindReminder)), 4*r.inReach(p.ID, utc("2026-11-05 14:00")); n != want {
		t.Errorf("%d reminders pending after the dispatcher's pass, want %d", n, want)
	}
}

// A full re-plan reads and plans a chunk of pairs before the transaction
// that stores it. A pair that ends in between is planned again from what
// that transaction sees, whether its own re-plan already ran (the tracking
// notes it) or not yet (plan_dirty marks it): its reminders are not
// brought back from the older read.
func TestFullReplanDoesNotStoreAPlanReadBeforeAChange(t *testing.T) {
	for _, replanned := range []bool{true, false} {
		t.Run(fmt.Sprintf("re-planned before the store: %v", replanned), func(t *testing.T) {
			r := newRig(t, utc("2026-11-02 08:00"))
			p := r.pair(alice, bob)
			r.meet(p, "weekly thu 15:00")
			if len(r.pending(scheduler.KindReminder)) == 0 {
				t.Fatal("no reminders planned")
			}
			done := false
			scheduler.SetBeforeStore(r.sched, func() {
				if done {
					return
				}
				done = true
				if _, err := r.db.EndPair(r.ctx, alice, p.ID); err != nil {
					t.Fatal(err)
				}
				if replanned {
					r.sched.PairChanged(r.ctx, p.ID)
				}
			})
			if err := r.sched.ReplanAll(r.ctx); err != nil {
				t.Fatal(err)
			}
			if !done {
				t.Fatal("the hook never ran")
			}
			if n := len(r.pending(scheduler.KindReminder)); n != 0 {
				t.Errorf("%d reminders pending for an ended pair after the full re-plan", n)
			}
		})
	}
}

// The daily re-plan visits only the plans that ran out, changed, or have
// something pending after its time; what it leaves must be exactly what a
// full re-plan, comparing everything, would leave. Pairs of every kind run
// for five weeks through the dispatcher (which re-plans daily), and each
// morning a full re-plan must find nothing to change.
func TestDailyReplanLeavesWhatAFullOneWould(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	mixedProgramme(r)

	// Just planned, and what was due sent: nothing has run out.
	r.dispatch()
	if pairs, users, err := r.db.PlanDue(r.ctx, r.clk.Now(), []string{scheduler.KindReminder}, []string{scheduler.KindCheckin}); err != nil || len(pairs)+len(users) != 0 {
		t.Fatalf("due just after planning: pairs %v, people %v (%v), want none", pairs, users, err)
	}
	// Each day just after the daily re-plan (at the hour of the first):
	// between two, rows entering the horizon wait for the next one, with
	// either kind of re-plan.
	for day := utc("2026-11-03 07:00"); day.Before(utc("2026-12-08 00:00")); day = day.Add(24 * time.Hour) {
		r.runUntil(day)
		r.sameAsFullReplan(day.String(), func() {})
	}
	if len(r.nt.keys(scheduler.KindReminder)) == 0 || len(r.nt.keys(scheduler.KindCheckin)) == 0 || len(r.nt.keys(scheduler.KindGoalDue)) == 0 {
		t.Errorf("sent: %v", r.nt.keys(""))
	}
}

// After downtime, a start re-plans what ran out while the process was down
// and what is still pending after its time (of a meeting's reminders only
// the latest goes): it must leave what a full re-plan would.
func TestStartAfterDowntimeLeavesWhatAFullOneWould(t *testing.T) {
	for _, c := range []struct {
		stop string
		down time.Duration
	}{
		{"2026-11-10 07:00", 26 * time.Hour},
		{"2026-11-12 13:30", 4*24*time.Hour + 13*time.Hour},
		{"2026-11-18 22:10", 9 * 24 * time.Hour},
	} {
		t.Run(c.stop, func(t *testing.T) {
			r := newRig(t, utc("2026-11-02 07:00"))
			mixedProgramme(r)
			r.runUntil(utc(c.stop))
			r.clk.Set(utc(c.stop).Add(c.down))
			r.sameAsFullReplan(fmt.Sprintf("after %v down", c.down), func() {
				r.sched = scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: r.cfg})
				if err := r.sched.Start(r.ctx); err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

// mixedProgramme sets up pairs of every kind: weekly, biweekly, monthly and
// one-off meetings, a paused pair, a snoozed one, one with no meetings, a
// mentee with goals and a logged session.
func mixedProgramme(r *rig) {
	t := r.t
	t.Helper()
	weekly, biweekly, monthly := r.pair(alice, bob), r.pair("UCAROL", "UDAVE"), r.pair("UERIN", "UFRANK")
	once, paused, snoozed := r.pair("UGRACE", "UHEIDI"), r.pair("UIVAN", "UJUDY"), r.pair("UKEN", "ULIN")
	r.pair("UMIA", "UNOAH") // no meetings
	r.meet(weekly, "weekly thu 15:00")
	r.meet(biweekly, "biweekly mon 9:30")
	r.meet(monthly, "monthly last fri 16:00")
	r.meet(once, "2026-11-20 11:00")
	r.meet(paused, "weekly tue 10:00")
	r.meet(snoozed, "weekly wed 8:00")
	if _, err := r.db.SetPaused(r.ctx, "UIVAN", paused.ID, true); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, paused.ID)
	if _, err := r.db.Snooze(r.ctx, "ULIN", snoozed.ID, utc("2026-11-20 12:00")); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, snoozed.ID)
	for _, due := range []string{"2026-11-10", "2026-11-25", "2026-12-20"} {
		if _, err := r.db.AddGoal(r.ctx, bob, store.GoalInput{Text: "ship " + due, DueOn: due}); err != nil {
			t.Fatal(err)
		}
	}
	r.sched.UserChanged(r.ctx, bob)
	if _, err := r.db.LogSession(r.ctx, "UDAVE", store.NewSession{PairID: biweekly.ID, HeldOn: "2026-11-02", Notes: "kick-off"}); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, biweekly.ID)
}

// sameAsFullReplan runs replan, which must leave the pending notifications
// that a full re-plan (ReplanAll) leaves. The full re-plan runs on a
// backup taken before replan, so that the rig goes on from its own plans:
// twice, once comparing every plan row by row (the plans' digests wiped
// from the copy) and once as it runs, taking the plans whose digests
// check out as they stand.
func (r *rig) sameAsFullReplan(when string, replan func()) {
	t := r.t
	t.Helper()
	type row struct {
		due, exp time.Time
	}
	snapshot := func(db *store.DB) map[string]row {
		ns, err := db.Notifications(r.ctx, store.NoteFilter{Status: store.NotePending})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]row{}
		for _, n := range ns {
			out[n.Key] = row{n.DueAt, n.ExpiresAt}
		}
		return out
	}
	full := map[string]map[string]row{}
	for _, how := range []string{"row by row", "by digest"} {
		copyPath := filepath.Join(t.TempDir(), "copy.db")
		if err := r.db.Backup(r.ctx, copyPath); err != nil {
			t.Fatal(err)
		}
		if how == "row by row" {
			wipeDigests(t, copyPath)
		}
		cp, err := store.Open(r.ctx, copyPath, store.Options{Clock: r.clk})
		if err != nil {
			t.Fatal(err)
		}
		if err := scheduler.New(scheduler.Options{DB: cp, Notifier: r.nt, Clock: r.clk, Config: r.cfg}).ReplanAll(r.ctx); err != nil {
			t.Fatal(err)
		}
		full[how] = snapshot(cp)
		cp.Close()
	}
	replan()
	ours := snapshot(r.db)
	for how, full := range full {
		for k, w := range full {
			if d, ok := ours[k]; !ok {
				t.Errorf("%s: left out %s (due %v), which a full re-plan (%s) plans", when, k, w.due, how)
			} else if d != w {
				t.Errorf("%s: %s due %v expiring %v, after a full re-plan (%s) %v %v", when, k, d.due, d.exp, how, w.due, w.exp)
			}
		}
		for k := range ours {
			if _, ok := full[k]; !ok {
				t.Errorf("%s: kept %s, which a full re-plan (%s) cancels", when, k, how)
			}
		}
	}
}

// wipeDigests makes the database at path forget its plans' digests, as
// one whose plans an older version stored: a full re-plan then compares
// every plan with its stored rows.
func wipeDigests(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE plan_until SET digest = 0, planned_at = 0`); err != nil {
		t.Fatal(err)
	}
}

// A snooze holds a check-in to the snooze's end on the check-in's own
// day; one that it holds past its day is not sent (old news by then), and
// the next week's comes as usual.
func TestSnoozeHoldsACheckinOnlyWithinItsDay(t *testing.T) {
	r := newRig(t, utc("2026-11-01 10:00")) // a Sunday
	p := r.pair(alice, bob)
	// Until Monday 12:00 UTC: alice's check-in (09:00 Berlin, 08:00 UTC)
	// waits for it; bob's (09:00 New York) comes after it anyway.
	if _, err := r.db.Snooze(r.ctx, alice, p.ID, utc("2026-11-02 12:00")); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	r.runUntil(utc("2026-11-03 00:00"))
	// Then until Wednesday: the next Monday's are held past no day.
	if _, err := r.db.Snooze(r.ctx, bob, p.ID, utc("2026-11-11 12:00")); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	r.runUntil(utc("2026-11-20 00:00"))
	for key, want := range map[string]time.Time{
		"checkin:to=UALICE:on=2026-11-02": utc("2026-11-02 12:00"),
		"checkin:to=UBOB:on=2026-11-02":   utc("2026-11-02 14:00"),
		"checkin:to=UALICE:on=2026-11-16": utc("2026-11-16 08:00"),
		"checkin:to=UBOB:on=2026-11-16":   utc("2026-11-16 14:00"),
	} {
		if n := r.nt.sent[key]; n != 1 || !r.nt.at[key].Equal(want) {
			t.Errorf("%s: sent %d times, at %v; want once at %v", key, n, r.nt.at[key], want)
		}
	}
	for _, key := range []string{"checkin:to=UALICE:on=2026-11-09", "checkin:to=UBOB:on=2026-11-09"} {
		if n := r.nt.sent[key]; n != 0 {
			t.Errorf("%s, held by the snooze past its day, sent at %v", key, r.nt.at[key])
		}
	}
}

// Settled meeting notifications and check-ins are deleted once past
// keeping, after the daily pass; what is deleted is never planned or sent
// again, the recent ones stay (a person's export shows them), and so do
// the other kinds, which a snooze could want again.
func TestSchedDeletesSettledPastKeeping(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	const keep = 40 * 24 * time.Hour // the least there is
	r.sched = scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: r.cfg, KeepSettled: keep})
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00")
	r.runUntil(utc("2027-01-25 00:00"))

	for k, n := range r.nt.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", k, n)
		}
	}
	// Twelve Thursdays, 5 November to 21 January: their 24-hour
	// reminders, once each, though the first ones' rows are gone.
	var remind []string
	for _, k := range r.nt.keys(scheduler.KindReminder) {
		if strings.HasPrefix(k, "reminder:24h:") {
			remind = append(remind, k)
		}
	}
	if len(remind) != 24 {
		t.Errorf("24-hour reminders sent %d, want 24: %v", len(remind), remind)
	}
	all, err := r.db.Notifications(r.ctx, store.NoteFilter{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	// The pass runs daily: a row may outlive keeping by up to a day.
	cutoff := r.clk.Now().Add(-keep - 24*time.Hour)
	recent, other := 0, 0
	for _, n := range all {
		if n.Status == store.NotePending || n.Status == store.NoteSending {
			continue
		}
		switch n.Kind {
		case scheduler.KindReminder, scheduler.KindAgenda, scheduler.KindFollowup, scheduler.KindCheckin:
		default:
			other++ // kept: nudges stopped notices here
			continue
		}
		if n.ExpiresAt.Before(cutoff) {
			t.Errorf("%s (%s, expired %v) is still kept at %v", n.Key, n.Status, n.ExpiresAt, r.clk.Now())
		}
		if n.Status == store.NoteSent {
			recent++
		}
	}
	if recent == 0 {
		t.Error("no sent notification is kept: the last 40 days' should be")
	}
	if other == 0 {
		t.Error("the nudges-stopped notices of November are gone; only meeting notifications and check-ins are deleted")
	}
	if old, err := r.db.Notification(r.ctx, fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, utc("2026-11-05 14:00").Unix())); err == nil {
		t.Errorf("the first meeting's reminder is still kept: %+v", old)
	}
}

// After downtime, a check-in or nudge that is late goes only when its
// recipient's quiet hours allow, and is dropped when they last past the
// time it makes sense; the plan had put it outside them at its own time.
func TestSchedLateCheckinsAndNudgesWaitOutQuietHours(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob) // alice in Berlin, bob in New York
	r.meet(p, "weekly thu 17:00")
	r.runUntil(utc("2026-11-08 12:00"))

	// Down until Monday 23:00 in New York (Tuesday 05:00 in Berlin): bob's
	// Monday check-in is late, and his quiet hours last into Tuesday.
	r.clk.Set(utc("2026-11-10 04:00"))
	r.open()
	r.runUntil(utc("2026-11-10 20:00"))
	for _, k := range []string{"checkin:to=UBOB:on=2026-11-09", "checkin:to=UALICE:on=2026-11-09"} {
		if r.nt.sent[k] > 0 {
			t.Errorf("%s sent late, at %s", k, r.nt.at[k].Format(time.DateTime))
		}
	}
	bobs, err := r.db.Notification(r.ctx, "checkin:to=UBOB:on=2026-11-09")
	if err != nil || bobs.Status != store.NoteDropped {
		t.Errorf("bob's late check-in: %+v, %v; want dropped", bobs, err)
	}

	// Down from before Thursday's follow-ups (17:30 UTC) until Friday 05:00
	// UTC, in both members' quiet hours: each goes at 08:00 their time.
	r.runUntil(utc("2026-11-12 17:00"))
	r.clk.Set(utc("2026-11-13 05:00"))
	r.open()
	r.runUntil(utc("2026-11-13 20:00"))
	at := fmt.Sprint(utc("2026-11-12 16:00").Unix())
	for to, want := range map[string]time.Time{alice: utc("2026-11-13 07:00"), bob: utc("2026-11-13 13:00")} {
		k := "followup:pair=1:at=" + at + ":to=" + to
		if r.nt.sent[k] != 1 || !r.nt.at[k].Equal(want) {
			t.Errorf("%s sent %d times, at %s; want once at %s", k, r.nt.sent[k], r.nt.at[k].Format(time.DateTime), want.Format(time.DateTime))
		}
		// Held, not retried: sent at its first attempt, so nobody looked
		// in Slack's history for it first.
		if n, err := r.db.Notification(r.ctx, k); err != nil || n.Attempts != 1 {
			t.Errorf("%s sent at attempt %d (%v), want 1", k, n.Attempts, err)
		}
	}
}

// A crash between a resume and its re-plan: the start after it, minutes
// later, still sends what the resume released (the reminder that fell due
// during the pause), as the re-plan would have at the resume.
func TestStartAfterACrashSendsWhatAResumeReleased(t *testing.T) {
	r := newRig(t, utc("2026-11-02 08:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00") // 14:00 UTC
	meeting := utc("2026-11-05 14:00")
	r.clk.Set(utc("2026-11-03 09:00"))
	if _, err := r.db.SetPaused(r.ctx, p.MentorID, p.ID, true); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	r.runUntil(utc("2026-11-05 09:00")) // the 24h reminders fell due on Wednesday

	// The resume is committed with its delivery; the process dies before
	// PairChanged and starts again ten minutes later.
	ctx, _ := store.WithClaim(r.ctx, []string{"envelope:resume"})
	if _, err := r.db.SetPaused(ctx, p.MentorID, p.ID, false); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(10 * time.Minute)
	r.start()
	r.runUntil(meeting)
	for _, to := range []string{alice, bob} {
		for _, lead := range []string{"24h", "1h"} {
			key := fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", lead, p.ID, meeting.Unix(), to)
			if got := r.nt.sent[key]; got != 1 {
				t.Errorf("%s sent %d times, want once", key, got)
			}
		}
	}
	agenda := fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", p.ID, meeting.Unix(), bob)
	if got := r.nt.sent[agenda]; got != 1 {
		t.Errorf("%s sent %d times, want once", agenda, got)
	}
	if at := r.nt.at[fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", p.ID, meeting.Unix(), bob)]; !at.Equal(utc("2026-11-05 09:10")) {
		t.Errorf("the released reminder went at %v, want at the start after the crash", at)
	}
}

// A new configuration at a start is a change made then: a reminder at a
// new lead time whose time passed before the start is not sent late,
// however long ago the bot last heard from Slack; the leads still ahead
// go as planned, and what was sent is not sent again.
func TestStartWithANewLeadTimeSendsNothingLateForIt(t *testing.T) {
	r := newRig(t, utc("2026-12-06 22:00"))
	p := r.pair(alice, bob)
	// The last the bot heard from Slack: the meeting being set.
	rule, dur, err := cadence.ParseMeet("2026-12-08 05:00", mustLoc(t, "Europe/Berlin"), r.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := store.WithClaim(r.ctx, []string{"envelope:meet"})
	if _, err := r.db.SetSchedule(ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	meeting := utc("2026-12-08 04:00")
	r.runUntil(utc("2026-12-07 08:00")) // the 24h reminders went at 04:00

	r.cfg.RemindBefore = []time.Duration{26 * time.Hour, 2 * time.Hour}
	r.start()
	r.runUntil(meeting)
	for _, to := range []string{alice, bob} {
		for lead, want := range map[string]int{"24h": 1, "26h": 0, "2h": 1} {
			key := fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", lead, p.ID, meeting.Unix(), to)
			if got := r.nt.sent[key]; got != want {
				t.Errorf("%s sent %d times, want %d", key, got, want)
			}
		}
	}
}

// A new lead time that takes the place of a reminder still pending goes
// at once when its own time has passed: the person gets the reminder
// that was coming, at the new lead, rather than none.
func TestStartWithANewLeadTimeKeepsAReminderThatWasComing(t *testing.T) {
	r := newRig(t, utc("2026-12-06 22:00"))
	p := r.pair(alice, bob)
	rule, dur, err := cadence.ParseMeet("2026-12-08 05:00", mustLoc(t, "Europe/Berlin"), r.clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := store.WithClaim(r.ctx, []string{"envelope:meet"})
	if _, err := r.db.SetSchedule(ctx, p.MentorID, p.ID, rule.Encode(), dur); err != nil {
		t.Fatal(err)
	}
	r.sched.PairChanged(r.ctx, p.ID)
	meeting := utc("2026-12-08 04:00")
	r.runUntil(utc("2026-12-07 03:00")) // 25h before: the 24h reminders are still to come

	r.cfg.RemindBefore = []time.Duration{26 * time.Hour, 2 * time.Hour}
	r.start()
	r.runUntil(meeting)
	for _, to := range []string{alice, bob} {
		for lead, want := range map[string]int{"24h": 0, "26h": 1, "2h": 1} {
			key := fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", lead, p.ID, meeting.Unix(), to)
			if got := r.nt.sent[key]; got != want {
				t.Errorf("%s sent %d times, want %d", key, got, want)
			}
		}
		key := fmt.Sprintf("reminder:26h:pair=%d:at=%d:to=%s", p.ID, meeting.Unix(), to)
		if at := r.nt.at[key]; !at.Equal(utc("2026-12-07 03:00")) {
			t.Errorf("%s went at %v, want at the start", key, at)
		}
	}
}
