package scheduler

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

const (
	helpSent   = "Notifications delivered to Slack."
	helpFailed = "Notifications Slack refused for good."
)

// planChunk is how many pairs (or people) one re-plan transaction covers,
// so that a full re-plan of a large programme never holds the write lock
// for long.
const planChunk = 100

// lookback is how far back the planner reads skips and sessions: far
// enough for the quiet-pair check and for follow-ups still waiting.
const lookback = QuietAfter + PlanHorizon

// ReplanAll re-plans every live pair's and every member's notifications
// (and cancels what is pending for pairs and people that no longer get
// any), comparing each plan with what is stored. It runs when the
// configuration or the planning rules changed, or nothing was planned yet;
// otherwise the daily re-plan (ReplanDue) visits only the plans that ran
// out.
func (s *Scheduler) ReplanAll(ctx context.Context) error {
	return s.replan(ctx, true)
}

// ReplanDue brings every plan up to now, as ReplanAll would, by visiting
// only the pairs and people whose plan ran out (Plan.Until), changed, or
// has a notification still pending after its time (store.PlanDue): the
// rest are planned already. It falls back to ReplanAll when the
// configuration changed since the last plan. Run calls it at start, so that
// what changed while the process was down is caught up: rows still in
// time are kept or added and go out, those whose time has passed are not
// planned (and stored ones are dropped by the dispatcher). It runs again
// every day so that the planning horizon never runs out.
func (s *Scheduler) ReplanDue(ctx context.Context) error {
	return s.replan(ctx, false)
}

func (s *Scheduler) replan(ctx context.Context, all bool) error {
	s.pl.mu.Lock()
	defer s.pl.mu.Unlock()
	return s.replanLocked(ctx, all, time.Time{})
}

// replanLocked is replan with s.pl.mu held. changedAt, when not zero, is
// when the last changes not yet re-planned were made (see store.Late).
func (s *Scheduler) replanLocked(ctx context.Context, all bool, changedAt time.Time) (err error) {
	start := s.clock.Now()
	defer func() {
		// A failed re-plan (the database refusing writes) is tried again
		// after a pause that grows, not on every pass of the dispatcher.
		if err != nil {
			s.pl.retry = min(max(2*s.pl.retry, time.Minute), 30*time.Minute)
			s.pl.nextFull = start.Add(s.pl.retry)
		} else {
			s.pl.retry = 0
		}
	}()
	began := time.Now() // how long it takes, not programme time
	var total store.ReconcileStats
	unchanged := 0 // plans a full re-plan found standing as stored
	state, err := s.db.PlanState(ctx)
	if err != nil {
		return err
	}
	all = all || state.FullAt.IsZero() || state.Config != s.cfg.fingerprint()
	// What planning had already covered before this run: late rows up to
	// there were not wanted when due; later ones were missed while down.
	through, err := s.plannedThrough(ctx, state)
	if err != nil {
		return err
	}
	late := store.Late{PlannedThrough: through, ChangedAt: changedAt}
	s.pl.track.start()
	defer s.pl.track.stop()
	var pairIDs []int64
	var userIDs []string
	if all {
		if pairIDs, err = s.db.PlanPairIDs(ctx, pairKinds); err != nil {
			return err
		}
		if userIDs, err = s.db.PlanUserIDs(ctx, userKinds); err != nil {
			return err
		}
	} else if pairIDs, userIDs, err = s.db.PlanDue(ctx, start, pairKinds, userKinds); err != nil {
		return err
	}
	// Comparing every plan is bound by reading and planning, which then
	// takes both cores; a daily re-plan by storing, beside one reader.
	loaders := 1
	if all {
		loaders = 2
	}
	prefetchPairs := s.prefetchPairs
	var full *fullRun
	if all {
		// A plan with rows still pending after their time is planned now:
		// after downtime, planning says which of them still go, which the
		// plan made when it was stored did not (see fullCheck).
		if full, err = s.newFullRun(ctx, start, loaders); err != nil {
			return err
		}
		prefetchPairs = func(ctx context.Context, ids []int64) (prefetched[int64], error) {
			return s.prefetchPairsFull(ctx, ids, full)
		}
	}
	err = pipelined(ctx, slices.Collect(slices.Chunk(pairIDs, planChunk)), loaders, prefetchPairs, func(ids []int64, pre prefetched[int64]) error {
		if s.beforeStore != nil {
			s.beforeStore()
		}
		unchanged += len(pre.same)
		if ids = pre.toStore(ids); len(ids) == 0 {
			return nil
		}
		return s.db.InTx(ctx, func(tx *store.Tx) error {
			st, err := s.storePairsTx(ctx, tx, ids, pre, late)
			total = total.Add(st)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("re-plan pairs: %w", err)
	}
	// A full re-plan's chunks are runs of the sorted list of everybody
	// planned, read by range; the daily re-plan's are spread thinly.
	loadUsers := s.db.LoadPlanUsers
	if all {
		loadUsers = s.db.LoadPlanUsersRun
	}
	prefetchUsers := func(ctx context.Context, ids []string) (prefetched[string], error) {
		return s.prefetchUsers(ctx, ids, loadUsers, full)
	}
	err = pipelined(ctx, slices.Collect(slices.Chunk(userIDs, planChunk)), loaders, prefetchUsers, func(ids []string, pre prefetched[string]) error {
		unchanged += len(pre.same)
		if ids = pre.toStore(ids); len(ids) == 0 {
			return nil
		}
		return s.db.InTx(ctx, func(tx *store.Tx) error {
			st, err := s.storeUsersTx(ctx, tx, ids, pre, late)
			total = total.Add(st)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("re-plan people: %w", err)
	}
	if err := s.db.SetPlanState(ctx, store.PlanState{FullAt: start, Config: s.cfg.fingerprint()}); err != nil {
		return err
	}
	s.pl.nextFull = start.Add(replanAfter(s.cfg, start))
	s.metrics.Observe("mentorbot_plan_seconds", "Time to bring every pair's planned notifications up to date.", time.Since(began))
	s.log.Info("re-planned notifications", "all", all, "pairs", len(pairIDs), "people", len(userIDs), "added", total.Added,
		"moved", total.Moved, "revived", total.Revived, "cancelled", total.Cancelled, "unchanged", unchanged, "took", time.Since(began))
	return nil
}

// plannedThrough is how far planning had looked before now: the last full
// plan's horizon. Late rows up to there were not wanted when due; later
// ones were missed while the process was down.
func (s *Scheduler) plannedThrough(ctx context.Context, st store.PlanState) (time.Time, error) {
	last := st.FullAt
	if last.IsZero() {
		// A database from before the state was kept: what was last planned.
		var err error
		if last, err = s.db.LastPlanned(ctx, append(slices.Clone(pairKinds), userKinds...)); err != nil {
			return time.Time{}, err
		}
	}
	if last.IsZero() {
		return time.Time{}, nil
	}
	return last.Add(PlanHorizon), nil
}

// Start plans what a start needs: the daily re-plan when the last one is
// older than its interval (everything when it was made with another
// configuration, or never ran); otherwise only the pairs and people whose
// state changed without their plan following (a crash between a change
// and its re-plan), which keeps a restart's cost to what changed, not the
// programme's size.
//
// It holds the planning lock throughout, so a Start beside a running Run
// (a test, the bench) waits for the other's plan instead of racing it.
func (s *Scheduler) Start(ctx context.Context) error {
	s.pl.mu.Lock()
	defer s.pl.mu.Unlock()
	st, err := s.db.PlanState(ctx)
	if err != nil {
		return err
	}
	// A change still marked for re-planning was made before the last
	// process stopped, about when it last heard from Slack.
	changedAt, err := s.db.LastReceived(ctx)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	next := st.FullAt.Add(replanAfter(s.cfg, st.FullAt))
	if !st.FullAt.IsZero() && st.Config != s.cfg.fingerprint() {
		// A new configuration is a change made now: a reminder at a new
		// lead time, or a check-in at a new hour, whose time passed before
		// this start was never due (as for a change of someone's own
		// settings), and is not sent late. What changed before the stop
		// is planned first, late from when it changed.
		n, err := s.replanDirty(ctx, store.Late{PlannedThrough: st.FullAt.Add(PlanHorizon), ChangedAt: changedAt})
		if err != nil {
			return err
		}
		rules, settings := fingerprintChange(st.Config, s.cfg.fingerprint())
		what := "new configuration"
		switch {
		case rules && len(settings) > 0:
			what = "new configuration and new planning rules (an upgrade)"
		case rules:
			what = "new planning rules (an upgrade)"
		}
		s.log.Info(what+"; re-planned what changed while stopped, then everything", "pairs_and_people", n, "settings_changed", settings)
		return s.replanLocked(ctx, false, time.Time{})
	}
	if st.FullAt.IsZero() || !now.Before(next) {
		return s.replanLocked(ctx, false, changedAt)
	}
	s.pl.nextFull = next
	late := store.Late{PlannedThrough: st.FullAt.Add(PlanHorizon), ChangedAt: changedAt}
	n, err := s.replanDirty(ctx, late)
	if err != nil {
		return err
	}
	// What fell due while stopped is planned again too, as the daily
	// re-plan would: of a meeting's reminders whose time came while
	// stopped, only the latest still goes, not each at once.
	k, err := s.replanLate(ctx, late)
	s.log.Info("re-planned what changed while stopped", "pairs_and_people", n, "with_late_notifications", k, "next_full_plan", next)
	return err
}

// replanLate re-plans the pairs and people with planned notifications
// still pending after their time.
func (s *Scheduler) replanLate(ctx context.Context, late store.Late) (int, error) {
	pairs, users, err := s.db.LateOwners(ctx, s.clock.Now(), pairKinds, userKinds)
	if err != nil {
		return 0, err
	}
	for chunk := range slices.Chunk(pairs, planChunk) {
		if err := s.db.InTx(ctx, func(tx *store.Tx) error {
			_, _, err := s.replanPairsTx(ctx, tx, chunk, late)
			return err
		}); err != nil {
			return 0, fmt.Errorf("re-plan pairs with late notifications: %w", err)
		}
	}
	for chunk := range slices.Chunk(users, planChunk) {
		if err := s.db.InTx(ctx, func(tx *store.Tx) error {
			_, err := s.replanUsersTx(ctx, tx, chunk, late)
			return err
		}); err != nil {
			return 0, fmt.Errorf("re-plan people with late notifications: %w", err)
		}
	}
	return len(pairs) + len(users), nil
}

// fingerprintSettings names the settings a fingerprint records, by its
// keys; the rest of it (the version of the rules, the planning horizon)
// changes only with the binary.
var fingerprintSettings = []struct{ key, name string }{
	{"remind", "MENTORBOT_REMIND_BEFORE"},
	{"agenda", "MENTORBOT_AGENDA_PROMPT_BEFORE"},
	{"followup", "MENTORBOT_FOLLOWUP_AFTER"},
	{"checkin", "MENTORBOT_CHECKIN_SCHEDULE"},
	{"quiet", "MENTORBOT_QUIET_HOURS"},
	{"tz", "MENTORBOT_DEFAULT_TZ"},
}

// fingerprintChange says what differs between the fingerprints was and
// now (Config.fingerprint): the planning rules, which only an upgrade
// changes, and the settings that differ, by their variables' names. A
// part of was that cannot be read (an older binary's form) counts as
// changed rules.
func fingerprintChange(was, now string) (rules bool, settings []string) {
	parse := func(fp string) map[string]string {
		m := map[string]string{}
		version, rest, _ := strings.Cut(fp, "|")
		m["version"] = version // "v10"
		for part := range strings.SplitSeq(rest, "|") {
			if k, v, ok := strings.Cut(part, "="); ok {
				m[k] = v
			}
		}
		return m
	}
	w, n := parse(was), parse(now)
	for _, f := range fingerprintSettings {
		if w[f.key] != n[f.key] {
			settings = append(settings, f.name)
		}
		delete(w, f.key)
		delete(n, f.key)
	}
	return !maps.Equal(w, n), settings
}

// replanDirty re-plans every pair and person marked as changed, in chunks,
// and reports how many it re-planned. A zero late.PlannedThrough adds
// nothing late, as PairChanged does.
func (s *Scheduler) replanDirty(ctx context.Context, late store.Late) (int, error) {
	total := 0
	for {
		pairs, users, err := s.db.Dirty(ctx, planChunk)
		if err != nil || len(pairs)+len(users) == 0 {
			return total, err
		}
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			th := late
			if th.PlannedThrough.IsZero() {
				th.PlannedThrough = tx.Now.Add(PlanHorizon) // as PairChanged: nothing late is new
			}
			if _, _, err := s.replanPairsTx(ctx, tx, pairs, th); err != nil {
				return err
			}
			_, err := s.replanUsersTx(ctx, tx, users, th)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("re-plan changed pairs and people: %w", err)
		}
		total += len(pairs) + len(users)
	}
}

// PairChanged re-plans one pair at once, in one transaction: what no
// longer matches the plan (a skip, a new time, a pause, an end, a logged
// session) is cancelled and what is new is added; the members' check-ins
// and goal reminders follow too (a pause or a snooze changes them). Then
// it wakes the dispatcher. Errors are logged: the daily re-plan and the
// check at send time are the safety net.
func (s *Scheduler) PairChanged(ctx context.Context, pairID int64) {
	ctx = context.WithoutCancel(ctx)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		late := store.Late{PlannedThrough: tx.Now.Add(PlanHorizon)} // nothing late is new
		_, members, err := s.replanPairsTx(ctx, tx, []int64{pairID}, late)
		if err != nil {
			return err
		}
		_, err = s.replanUsersTx(ctx, tx, members, late)
		return err
	})
	if err != nil {
		s.log.Error("re-plan pair", "pair", pairID, "err", err)
	}
	s.Kick()
}

// UserChanged re-plans what is pending for one person (their settings,
// goals or zone changed): their check-ins and goal reminders, and the
// notifications of every pair they are in.
func (s *Scheduler) UserChanged(ctx context.Context, userID string) {
	ctx = context.WithoutCancel(ctx)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		ids, err := store.PlanPairIDsOfTx(ctx, tx, userID, pairKinds)
		if err != nil {
			return err
		}
		late := store.Late{PlannedThrough: tx.Now.Add(PlanHorizon)} // nothing late is new
		if _, _, err := s.replanPairsTx(ctx, tx, ids, late); err != nil {
			return err
		}
		_, err = s.replanUsersTx(ctx, tx, []string{userID}, late)
		return err
	})
	if err != nil {
		s.log.Error("re-plan person", "user", userID, "err", err)
	}
	s.Kick()
}

// replanPairsTx re-plans the pair-kind notifications of pairs ids inside
// tx, from the state tx sees (late: see store.Late).
// It returns the members of those pairs.
func (s *Scheduler) replanPairsTx(ctx context.Context, tx *store.Tx, ids []int64, late store.Late) (store.ReconcileStats, []string, error) {
	if len(ids) == 0 {
		return store.ReconcileStats{}, nil, nil
	}
	s.pl.track.touch(ids, nil)
	plans, members, err := s.planPairsTx(ctx, tx, ids)
	if err != nil {
		return store.ReconcileStats{}, nil, err
	}
	st, err := storePairPlansTx(ctx, tx, ids, plans, late)
	if err != nil {
		return st, members, err
	}
	return st, members, store.ClearDirtyTx(ctx, tx, ids, nil)
}

// replanUsersTx re-plans the check-ins and goal reminders of people ids
// inside tx.
func (s *Scheduler) replanUsersTx(ctx context.Context, tx *store.Tx, ids []string, late store.Late) (store.ReconcileStats, error) {
	if len(ids) == 0 {
		return store.ReconcileStats{}, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	s.pl.track.touch(nil, ids)
	plans, err := s.planUsersTx(ctx, tx, ids)
	if err != nil {
		return store.ReconcileStats{}, err
	}
	st, err := storeUserPlansTx(ctx, tx, ids, plans, late)
	if err != nil {
		return st, err
	}
	return st, store.ClearDirtyTx(ctx, tx, nil, ids)
}

// storePairPlansTx makes the stored notifications of pairs ids match
// their plans (a pair without one gets none) and records until when the
// plans hold.
func storePairPlansTx(ctx context.Context, tx *store.Tx, ids []int64, plans map[int64]Plan, late store.Late) (store.ReconcileStats, error) {
	rows, marks := flatten(ids, plans)
	st, err := store.ReconcileTx(ctx, tx, store.PlanScope{PairIDs: ids, Kinds: pairKinds, Late: late}, rows...)
	if err != nil {
		return st, err
	}
	return st, store.SetPlanUntilTx(ctx, tx, marks, nil)
}

// storeUserPlansTx is storePairPlansTx for people.
func storeUserPlansTx(ctx context.Context, tx *store.Tx, ids []string, plans map[string]Plan, late store.Late) (store.ReconcileStats, error) {
	rows, marks := flatten(ids, plans)
	st, err := store.ReconcileTx(ctx, tx, store.PlanScope{Recipients: ids, Kinds: userKinds, Late: late}, rows...)
	if err != nil {
		return st, err
	}
	return st, store.SetPlanUntilTx(ctx, tx, nil, marks)
}

// flatten lists the rows of the plans of ids, a slice a plan (not copied
// into one: see store.ReconcileTx), and the mark of each.
func flatten[K comparable](ids []K, plans map[K]Plan) ([][]store.Notification, map[K]store.PlanMark) {
	rows := make([][]store.Notification, 0, len(ids))
	marks := make(map[K]store.PlanMark, len(ids))
	for _, id := range ids {
		p := plans[id]
		rows = append(rows, p.Rows)
		marks[id] = p.mark()
	}
	return rows, marks
}

// planPairsTx plans pairs ids from what tx sees, and lists their members.
func (s *Scheduler) planPairsTx(ctx context.Context, tx *store.Tx, ids []int64) (map[int64]Plan, []string, error) {
	return s.planPairs(ctx, tx.Now, ids, func(ctx context.Context, ids []int64, from time.Time) ([]store.PlanPair, map[string]store.User, error) {
		return store.LoadPlanPairsTx(ctx, tx, ids, from)
	})
}

// planUsersTx plans people ids from what tx sees.
func (s *Scheduler) planUsersTx(ctx context.Context, tx *store.Tx, ids []string) (map[string]Plan, error) {
	return s.planUsers(ctx, tx.Now, ids, func(ctx context.Context, ids []string) ([]store.PlanUser, error) {
		return store.LoadPlanUsersTx(ctx, tx, ids)
	})
}

// planPairs plans pairs ids as of now from what load reads (the storing
// transaction, or a read snapshot beside it), and lists their members.
func (s *Scheduler) planPairs(ctx context.Context, now time.Time, ids []int64,
	load func(ctx context.Context, ids []int64, from time.Time) ([]store.PlanPair, map[string]store.User, error)) (plans map[int64]Plan, members []string, err error) {
	if len(ids) == 0 {
		return map[int64]Plan{}, nil, nil
	}
	pl, err := newPlanner(&s.zones, s.cfg, now)
	if err != nil {
		return nil, nil, err
	}
	return s.planPairsWith(ctx, pl, ids, load)
}

// planPairsWith is planPairs with the planner pl, as of pl.now.
func (s *Scheduler) planPairsWith(ctx context.Context, pl *planner, ids []int64,
	load func(ctx context.Context, ids []int64, from time.Time) ([]store.PlanPair, map[string]store.User, error)) (plans map[int64]Plan, members []string, err error) {
	plans = make(map[int64]Plan, len(ids))
	if len(ids) == 0 {
		return plans, nil, nil
	}
	pairs, users, err := load(ctx, ids, pl.now.Add(-lookback))
	if err != nil {
		return nil, nil, err
	}
	for _, pp := range pairs {
		plans[pp.Pair.ID] = pl.planPair(pp, users)
		members = append(members, pp.Pair.MentorID, pp.Pair.MenteeID)
	}
	return plans, members, nil
}

// planUsers is planPairs for people.
func (s *Scheduler) planUsers(ctx context.Context, now time.Time, ids []string,
	load func(ctx context.Context, ids []string) ([]store.PlanUser, error)) (map[string]Plan, error) {
	plans := make(map[string]Plan, len(ids))
	if len(ids) == 0 {
		return plans, nil
	}
	pl, err := newPlanner(&s.zones, s.cfg, now)
	if err != nil {
		return nil, err
	}
	people, err := load(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, pu := range people {
		plans[pu.User.ID] = pl.planUser(pu)
	}
	return plans, nil
}

// The full re-plan is pipelined: a goroutine reads the next chunk's pairs
// (or people) on a read connection and plans them while the writer stores
// the last chunk, so the two cores share the work and the write lock is
// held only to compare and store. What the read saw may be out of date by
// the time it is stored: a change committed since is either still marked in
// plan_dirty, or was re-planned by PairChanged or UserChanged, which the
// tracking notes. Such pairs and people are read and planned again inside
// the storing transaction.

// prefetched is one chunk's plan, made from a read snapshot taken after
// the tracking's generation gen. A full re-plan also finds plans that
// stand as stored (same): nothing of theirs is stored again.
type prefetched[K comparable] struct {
	gen   int64
	plans map[K]Plan
	same  map[K]bool
}

// toStore is ids without those whose plans stand as stored.
func (pre prefetched[K]) toStore(ids []K) []K {
	if len(pre.same) == 0 {
		return ids
	}
	return without(ids, pre.same)
}

// without is ids less those in drop, in a slice of its own.
func without[K comparable](ids []K, drop map[K]bool) []K {
	return slices.DeleteFunc(slices.Clone(ids), func(id K) bool { return drop[id] })
}

func (s *Scheduler) prefetchPairs(ctx context.Context, ids []int64) (prefetched[int64], error) {
	pre := prefetched[int64]{gen: s.pl.track.generation()}
	// Those marked changed are planned in the storing transaction anyway
	// (their mark must go with a plan made from what it sees): not here.
	dirty, _, err := s.db.DirtyAmong(ctx, ids, nil)
	if err != nil {
		return pre, err
	}
	todo := without(ids, dirty)
	pre.plans, _, err = s.planPairs(ctx, s.clock.Now().UTC(), todo, s.db.LoadPlanPairs)
	return pre, err
}

// prefetchPairsFull is prefetchPairs for a full re-plan: a pair whose
// stored plan, made again as of when it was made, comes out the same
// (fullCheck) is left as it is, and its rows are not read.
func (s *Scheduler) prefetchPairsFull(ctx context.Context, ids []int64, full *fullRun) (prefetched[int64], error) {
	pre := prefetched[int64]{gen: s.pl.track.generation()}
	dirty, _, err := s.db.DirtyAmong(ctx, ids, nil)
	if err != nil {
		return pre, err
	}
	todo := without(ids, dirty)
	now := s.clock.Now().UTC()
	marks, err := s.db.PairPlanMarks(ctx, todo)
	if err != nil {
		return pre, err
	}
	// The pairs to check are read once, from far enough back for the
	// oldest plan's look-back; the rest are planned now, from a read of
	// what planning now reads (the older sessions and moves read for the
	// checks are not its input).
	from := now
	var checked, again []int64
	for _, id := range todo {
		if m, ok := marks[id]; ok && checkable(m, now) && !full.latePairs[id] {
			checked = append(checked, id)
			from = minTime(from, m.At)
		} else {
			again = append(again, id)
		}
	}
	pre.same = map[int64]bool{}
	check := full.lease()
	defer check.release()
	if len(checked) > 0 {
		pairs, users, err := s.db.LoadPlanPairs(ctx, checked, from.Add(-lookback))
		if err != nil {
			return pre, err
		}
		for _, pp := range pairs {
			id := pp.Pair.ID
			m := marks[id]
			if stands(m, check.planner(m.At).planPair(pp, users)) {
				pre.same[id] = true
			} else {
				again = append(again, id)
			}
		}
	}
	pre.plans, _, err = s.planPairsWith(ctx, check.planner(now), again, s.db.LoadPlanPairs)
	return pre, err
}

// prefetchUsers is prefetchPairs for people, read by load; in a full
// re-plan (full given), as prefetchPairsFull.
func (s *Scheduler) prefetchUsers(ctx context.Context, ids []string, load func(context.Context, []string) ([]store.PlanUser, error), full *fullRun) (prefetched[string], error) {
	pre := prefetched[string]{gen: s.pl.track.generation()}
	_, dirty, err := s.db.DirtyAmong(ctx, nil, ids)
	if err != nil {
		return pre, err
	}
	todo := without(ids, dirty)
	now := s.clock.Now().UTC()
	if full == nil {
		pre.plans, err = s.planUsers(ctx, now, todo, load)
		return pre, err
	}
	marks, err := s.db.UserPlanMarksRun(ctx, todo)
	if err != nil {
		return pre, err
	}
	// A person's plan reads no look-back: one read serves both the checks
	// and the plans made now.
	people, err := load(ctx, todo)
	if err != nil {
		return pre, err
	}
	check := full.lease()
	defer check.release()
	pre.same, pre.plans = map[string]bool{}, make(map[string]Plan, len(people))
	for _, pu := range people {
		id := pu.User.ID
		if m, ok := marks[id]; ok && checkable(m, now) && !full.lateUsers[id] {
			if stands(m, check.planner(m.At).planUser(pu)) {
				pre.same[id] = true
				continue
			}
		}
		pre.plans[id] = check.planner(now).planUser(pu)
	}
	return pre, nil
}

// fullRun is what the chunks of one full re-plan share: the pairs and
// people with planned rows still pending after their time, and planners
// whose caches outlast a chunk (planners), one for each loader at a time.
type fullRun struct {
	latePairs map[int64]bool
	lateUsers map[string]bool
	planners  chan *planner
}

func (s *Scheduler) newFullRun(ctx context.Context, now time.Time, loaders int) (*fullRun, error) {
	pairs, users, err := s.db.LateOwners(ctx, now, pairKinds, userKinds)
	if err != nil {
		return nil, err
	}
	r := &fullRun{latePairs: make(map[int64]bool, len(pairs)), lateUsers: make(map[string]bool, len(users)),
		planners: make(chan *planner, loaders)}
	for _, id := range pairs {
		r.latePairs[id] = true
	}
	for _, id := range users {
		r.lateUsers[id] = true
	}
	for range loaders {
		pl, err := newPlanner(&s.zones, s.cfg, now)
		if err != nil {
			return nil, err
		}
		r.planners <- pl
	}
	return r, nil
}

// lease takes one of the run's planners for a chunk; release gives it
// back.
func (r *fullRun) lease() *fullCheck {
	return &fullCheck{run: r, base: <-r.planners, at: map[int64]*planner{}}
}

func (c *fullCheck) release() {
	// Rules differ by their first date, so in a programme whose pairs all
	// began on days of their own the cache of decoded rules would grow to
	// one a pair over the run.
	if len(c.base.rules) > maxKeptRules {
		clear(c.base.rules)
	}
	c.run.planners <- c.base
}

const maxKeptRules = 4096

// fullCheck is how a full re-plan tells that a stored plan stands without
// reading its rows. The plan is made again as of the instant it was made
// (store.PlanMark.At), from what is stored now, under the rules and
// configuration of now. The same digest and Until mean the same plan as
// stored then; a plan holds until its Until (TestPlanHoldsUntilItsUntil),
// so made now it would be the stored one less what has expired or come
// due, which is what the rows stored then are, less what was sent or
// dropped since, and for rows the dispatcher held (for quiet hours, or a
// nudge's answer: store.HoldClaim) or cancelled at send time as obsolete.
// A held row is looked at again when it is released, under the quiet
// hours of then (so a new configuration's longer ones still hold it; with
// shorter ones it goes at the old hold's end, later than it might); a
// row cancelled as obsolete would be refused again. A pair or person with rows still pending after their
// time (after downtime) is planned now, as the daily re-plan does: which
// of those still go is for planning now to say.
// Nothing about the pair or person changed since, or it would be marked
// in plan_dirty (left out) and have been planned again (a newer At).
// Whatever does not come out the same is planned now and compared row by
// row, as before: a change of configuration that moves a reminder, or new
// rules that change a plan.
//
// The plans of a chunk are made at many instants (as many as the days
// their plans were made on, and the changes since), by planners that
// share one base's caches (planner.at).
type fullCheck struct {
	run  *fullRun
	base *planner
	at   map[int64]*planner // by instant (UnixNano)
}

func (c *fullCheck) planner(at time.Time) *planner {
	pl := c.at[at.UnixNano()]
	if pl == nil {
		pl = c.base.at(at)
		c.at[at.UnixNano()] = pl
	}
	return pl
}

// stands reports whether p, made again as of m.At, is the plan that m
// was recorded for.
func stands(m store.PlanMark, p Plan) bool {
	// Until is stored to the second; the digest has it whole.
	return p.Digest == m.Digest && !p.Until.IsZero() && p.Until.Unix() == m.Until.Unix()
}

// checkable reports whether a full re-plan at now can check the stored
// plan of mark m by its digest: one recorded, made before now, and
// holding still.
func checkable(m store.PlanMark, now time.Time) bool {
	return m.Digest != 0 && !m.At.IsZero() && !m.At.After(now) && m.Until.After(now)
}

// storePairsTx stores a prefetched chunk of pairs' plans; the pairs changed
// since the prefetch are planned again from what tx sees.
func (s *Scheduler) storePairsTx(ctx context.Context, tx *store.Tx, ids []int64, pre prefetched[int64], late store.Late) (store.ReconcileStats, error) {
	dirty, _, err := store.DirtyAmongTx(ctx, tx, ids, nil)
	if err != nil {
		return store.ReconcileStats{}, err
	}
	changed, _ := s.pl.track.since(pre.gen, ids, nil)
	again := pre.still(ids, dirty, changed)
	fresh, _, err := s.planPairsTx(ctx, tx, again)
	if err != nil {
		return store.ReconcileStats{}, err
	}
	maps.Copy(pre.plans, fresh)
	st, err := storePairPlansTx(ctx, tx, ids, pre.plans, late)
	if err != nil {
		return st, err
	}
	return st, store.ClearDirtyTx(ctx, tx, again, nil)
}

// storeUsersTx is storePairsTx for people.
func (s *Scheduler) storeUsersTx(ctx context.Context, tx *store.Tx, ids []string, pre prefetched[string], late store.Late) (store.ReconcileStats, error) {
	_, dirty, err := store.DirtyAmongTx(ctx, tx, nil, ids)
	if err != nil {
		return store.ReconcileStats{}, err
	}
	_, changed := s.pl.track.since(pre.gen, nil, ids)
	again := pre.still(ids, dirty, changed)
	fresh, err := s.planUsersTx(ctx, tx, again)
	if err != nil {
		return store.ReconcileStats{}, err
	}
	maps.Copy(pre.plans, fresh)
	st, err := storeUserPlansTx(ctx, tx, ids, pre.plans, late)
	if err != nil {
		return st, err
	}
	return st, store.ClearDirtyTx(ctx, tx, nil, again)
}

// still keeps, of a chunk's prefetched plans, those that still hold, and
// lists the ids to plan again: not prefetched (marked changed at the
// read, or not found), marked changed now (dirty), or re-planned since the
// read (changed).
func (pre prefetched[K]) still(ids []K, dirty, changed map[K]bool) (again []K) {
	for _, id := range ids {
		if _, ok := pre.plans[id]; !ok || dirty[id] || changed[id] {
			delete(pre.plans, id)
			again = append(again, id)
		}
	}
	return again
}

// pipelined runs load for the chunks in goroutines of their own (loaders
// of them, each taking every loaders-th chunk, at most one chunk ahead of
// apply), and apply in the caller's goroutine in chunk order.
func pipelined[C, R any](ctx context.Context, chunks []C, loaders int, load func(context.Context, C) (R, error), apply func(C, R) error) error {
	type loaded struct {
		r   R
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loaders = max(1, min(loaders, len(chunks)))
	next := make([]chan loaded, loaders)
	var wg sync.WaitGroup
	defer wg.Wait() // runs before cancel: every return below cancels first
	for w := range next {
		next[w] = make(chan loaded, 1)
		wg.Go(func() {
			defer close(next[w])
			for i := w; i < len(chunks); i += loaders {
				r, err := load(ctx, chunks[i])
				select {
				case next[w] <- loaded{r, err}:
				case <-ctx.Done():
					return
				}
				if err != nil {
					return
				}
			}
		})
	}
	for i, c := range chunks {
		l, ok := <-next[i%loaders]
		switch {
		case !ok:
			cancel()
			return ctx.Err()
		case l.err != nil:
			cancel()
			return l.err
		}
		if err := apply(c, l.r); err != nil {
			cancel()
			return err
		}
	}
	return nil
}

// planTracking notes, while a full re-plan runs, which pairs and people
// were re-planned by anything else and when (a generation), so that a
// chunk planned from an older read is planned again where they are.
type planTracking struct {
	mu    sync.Mutex
	on    bool
	gen   int64
	pairs map[int64]int64
	users map[string]int64
}

func (t *planTracking) start() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.pairs, t.users = true, map[int64]int64{}, map[string]int64{}
}

func (t *planTracking) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.on, t.pairs, t.users = false, nil, nil
}

func (t *planTracking) generation() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.gen
}

// touch notes pairs and users as re-planned now.
func (t *planTracking) touch(pairs []int64, users []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.on {
		return
	}
	t.gen++
	for _, id := range pairs {
		t.pairs[id] = t.gen
	}
	for _, id := range users {
		t.users[id] = t.gen
	}
}

// since reports which of pairs and users were re-planned after
// generation gen.
func (t *planTracking) since(gen int64, pairs []int64, users []string) (map[int64]bool, map[string]bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ps, us := map[int64]bool{}, map[string]bool{}
	for _, id := range pairs {
		if t.pairs[id] > gen {
			ps[id] = true
		}
	}
	for _, id := range users {
		if t.users[id] > gen {
			us[id] = true
		}
	}
	return ps, us
}

// planDue runs the daily re-plan when it is due, so that the horizon
// rolls forward (next week's reminders, check-ins), and then deletes the
// settled notifications past keeping.
func (s *Scheduler) planDue(ctx context.Context) error {
	if wake, ok := s.nextPlanWake(ctx); !ok || s.clock.Now().Before(wake) {
		return nil
	}
	if !s.pl.mu.TryLock() {
		return nil // a re-plan is running
	}
	defer s.pl.mu.Unlock()
	if err := s.replanLocked(ctx, false, time.Time{}); err != nil {
		return err
	}
	s.prune.Store(true) // DispatchDue deletes what is past keeping
	return nil
}

// deletableKinds are the kinds whose settled notifications are deleted
// once past keeping. Planning never wants one of them again once it is
// that old: a meeting's notifications are planned only while the meeting
// is at most a few days past, and a check-in only while its firing is the
// last before today (lastFiringBefore looks back 35 days, under
// minKeepSettled). The others are kept: a snooze can move a goal reminder,
// a quiet-pair nudge or a prompt after a session to its end however old
// they are, and the bot's own DMs are looked up by key.
var deletableKinds = []string{KindReminder, KindAgenda, KindFollowup, KindCheckin}

// minKeepSettled is the least that KeepSettled can be (see deletableKinds).
const minKeepSettled = 40 * 24 * time.Hour

// deleteSettled deletes up to batches batches of the settled notifications
// past keeping, each batch a short commit of its own, and reports whether
// more are left: the first pass after an upgrade may have millions to
// delete, and dispatching must not wait for them all.
func (s *Scheduler) deleteSettled(ctx context.Context, batches int) (more bool, err error) {
	const batch = 1000
	before := s.clock.Now().Add(-s.keep)
	var total int64
	defer func() {
		if total > 0 {
			s.log.Info("deleted settled notifications past keeping", "count", total, "expired_before", before, "more", more)
			s.metrics.Add("mentorbot_notifications_deleted_total", "Settled notifications deleted once past keeping.", float64(total))
		}
	}()
	for range batches {
		k, err := s.db.DeleteSettled(ctx, before, deletableKinds, batch)
		total += k
		if err != nil || k < batch {
			return false, err
		}
	}
	return true, nil
}

// sweepDirty re-plans what changed without being re-planned: a
// PairChanged or UserChanged that failed, or one still on its way (then
// planning twice is harmless).
func (s *Scheduler) sweepDirty(ctx context.Context) error {
	if !s.pl.mu.TryLock() {
		return nil // a full re-plan is running; it covers them
	}
	defer s.pl.mu.Unlock()
	_, err := s.replanDirty(ctx, store.Late{})
	return err
}

// nextPlanWake is when planning next has something to do: the daily
// re-plan (at once when none has run yet).
func (s *Scheduler) nextPlanWake(ctx context.Context) (time.Time, bool) {
	if !s.pl.mu.TryLock() {
		return time.Time{}, false // running now; it sets the next time
	}
	defer s.pl.mu.Unlock()
	if s.pl.nextFull.IsZero() {
		return s.clock.Now(), true
	}
	return s.pl.nextFull, true
}

// NextPlan is when the scheduler next plans ahead (the daily re-plan,
// which stores the notifications of the days coming into reach); ok is
// false before its first.
func (s *Scheduler) NextPlan() (time.Time, bool) {
	s.pl.mu.Lock()
	defer s.pl.mu.Unlock()
	return s.pl.nextFull, !s.pl.nextFull.IsZero()
}

// storeSent records that Slack accepted n. A nudge counts against its
// recipient in the same commit; the third unanswered one in a row stops
// nudges and queues the one DM that says how to turn them back on.
func (s *Scheduler) storeSent(ctx context.Context, n store.Notification, sent Sent) error {
	if n.Payload != "" || !IsNudge(n.Kind) {
		return s.db.MarkSent(ctx, n.ID, sent.Channel, sent.TS)
	}
	// The last nudge gets a day to be answered: the notice (and the stop,
	// StopNudges in deliver) comes then, at the hour the nudge itself was
	// allowed to come.
	due := s.clock.Now().Add(NudgeGrace)
	if u, err := s.db.User(ctx, n.RecipientID); err == nil {
		// Like the nudges it is about, it waits for quiet hours to end
		// (a day on, the hour may be quiet after a change of settings or
		// of the clocks).
		if held, err := s.quietHold(u, due); err == nil {
			due = held
		}
	}
	notice := store.Notification{Key: fmt.Sprintf("%s:to=%s:at=%d", KindNudgesStopped, n.RecipientID, due.Unix()),
		Kind: KindNudgesStopped, RecipientID: n.RecipientID, DueAt: due, ExpiresAt: due.Add(nudgeValid)}
	queued, err := s.db.MarkNudgeSent(ctx, n, sent.Channel, sent.TS, MaxUnansweredNudges, NudgeRound, notice)
	if err != nil {
		return err
	}
	if queued {
		s.log.Info("nudges stop unless answered", "user", n.RecipientID, "count", MaxUnansweredNudges, "at", due)
	}
	return nil
}

// registerPlanMetrics adds the queue's gauges to /metrics. The three read
// one count of the queue, made at most once per scrape; the counts by kind
// of what was sent, failed and dropped are counters (dispatch.go): a gauge
// counting the whole table by kind and status took 120 ms a scrape at
// 20,000 pairs.
func (s *Scheduler) registerPlanMetrics() {
	// Every kind shows from the start, at 0.
	for _, k := range append(slices.Clone(pairKinds), userKinds...) {
		s.metrics.Add("mentorbot_notifications_sent_total", helpSent, 0, "kind", k)
		s.metrics.Add("mentorbot_notifications_failed_total", helpFailed, 0, "kind", k)
	}
	backlog := func(pick func(store.NoteBacklog) int) func(context.Context, func(string, float64)) {
		return func(ctx context.Context, emit func(string, float64)) {
			b, err := s.backlog.get(s.clock.Now(), func(now time.Time) (store.NoteBacklog, error) {
				// Bounded, so that a locked database cannot hold a scrape
				// for ever; and ended with the scrape's request, so that
				// one whose scraper gave up stops counting.
				ctx, cancel := context.WithTimeout(ctx, backlogTimeout)
				defer cancel()
				return s.db.NotificationBacklog(ctx, now)
			})
			if err != nil {
				if ctx.Err() == nil {
					s.log.Warn("count the notification queue for /metrics", "err", err)
				}
				return
			}
			emit("", float64(pick(b)))
		}
	}
	s.metrics.GaugeFunc("mentorbot_notifications_pending", "Notifications waiting for their time (due or not).",
		backlog(func(b store.NoteBacklog) int { return b.Pending }))
	s.metrics.GaugeFunc("mentorbot_notifications_due", "Notifications due now and not yet sent: the backlog.",
		backlog(func(b store.NoteBacklog) int { return b.Due }))
	s.metrics.GaugeFunc("mentorbot_notifications_in_flight", "Notifications being sent or waiting to retry.",
		backlog(func(b store.NoteBacklog) int { return b.Sending }))
}

// backlogMemo keeps the last count of the queue for backlogFresh, in real
// time and in programme time: long enough for the three gauges of one
// scrape, too short for a scrape to read a count from before a change. In
// programme time too, so that a clock moved on (a test's, the
// playground's) counts again.
type backlogMemo struct {
	mu    sync.Mutex
	at    time.Time // programme time counted at
	taken time.Time // real time counted at
	b     store.NoteBacklog
}

const (
	backlogFresh   = 100 * time.Millisecond
	backlogTimeout = 5 * time.Second
)

func (m *backlogMemo) get(now time.Time, count func(time.Time) (store.NoteBacklog, error)) (store.NoteBacklog, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.taken.IsZero() && !now.Before(m.at) && now.Sub(m.at) < backlogFresh && time.Since(m.taken) < backlogFresh {
		return m.b, nil
	}
	b, err := count(now)
	if err != nil {
		return store.NoteBacklog{}, err
	}
	m.at, m.taken, m.b = now, time.Now(), b
	return b, nil
}
