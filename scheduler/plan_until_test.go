package scheduler_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// The daily re-plan trusts Plan.Until: a pair or person whose plan has not
// run out and whose state has not changed is not planned again. So for
// random states, planning at any instant t between now and Until must want
// nothing that the plan made at now did not (same key, same times), and
// whatever it no longer wants must be a row whose time has come by t (the
// dispatcher sends it, or the daily re-plan visits its pair because it is
// still pending after its time) or whose time to make sense has passed (the
// dispatcher drops it). Each case walks on from one Until to the next, as
// the daily re-plan would.
func TestPlanHoldsUntilItsUntil(t *testing.T) {
	cases, steps := 600, 6
	if testing.Short() || raceEnabled {
		cases = 60
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for c := range cases {
		s := randomPlanState(t, rng)
		now := s.now
		for step := range steps {
			pair, err := scheduler.PlanPair(s.cfg, s.pairAt(now), s.users, now)
			if err != nil {
				t.Fatal(err)
			}
			users := map[string]scheduler.Plan{}
			for _, id := range []string{alice, bob} {
				if users[id], err = scheduler.PlanUser(s.cfg, s.userAt(id), now); err != nil {
					t.Fatal(err)
				}
			}
			plans := map[string]scheduler.Plan{"pair": pair, alice: users[alice], bob: users[bob]}
			for who, p := range plans {
				if p.Until.IsZero() {
					continue
				}
				if !p.Until.After(now) {
					t.Fatalf("case %d (%s) step %d, %s: plan at %v holds only until %v: it would be planned on every re-plan", c, s.desc, step, who, now, p.Until)
				}
				for _, at := range samplesBetween(rng, now, p.Until) {
					var later scheduler.Plan
					if who == "pair" {
						later, _ = scheduler.PlanPair(s.cfg, s.pairAt(at), s.users, at)
					} else {
						later, _ = scheduler.PlanUser(s.cfg, s.userAt(who), at)
					}
					if msg := planHolds(p.Rows, later.Rows, at); msg != "" {
						t.Fatalf("case %d (%s) step %d, %s: planned at %v, until %v; at %v: %s", c, s.desc, step, who, now, p.Until, at, msg)
					}
				}
			}
			// On to the earliest Until, as the daily re-plan would go.
			next := time.Time{}
			for _, p := range plans {
				if !p.Until.IsZero() && p.Until.After(now) && (next.IsZero() || p.Until.Before(next)) {
					next = p.Until
				}
			}
			if next.IsZero() {
				break
			}
			now = next
		}
	}
}

// planHolds reports how later (planned at at) departs from earlier, or "".
func planHolds(earlier, later []store.Notification, at time.Time) string {
	byKey := map[string]store.Notification{}
	for _, n := range earlier {
		byKey[n.Key] = n
	}
	seen := map[string]bool{}
	for _, n := range later {
		seen[n.Key] = true
		e, ok := byKey[n.Key]
		if !ok {
			return fmt.Sprintf("wants %s (due %v, expires %v), which the plan did not", n.Key, n.DueAt, n.ExpiresAt)
		}
		if !e.DueAt.Equal(n.DueAt) || !e.ExpiresAt.Equal(n.ExpiresAt) {
			return fmt.Sprintf("%s moved: due %v→%v, expires %v→%v", n.Key, e.DueAt, n.DueAt, e.ExpiresAt, n.ExpiresAt)
		}
	}
	for _, e := range earlier {
		if !seen[e.Key] && e.DueAt.After(at) && e.ExpiresAt.After(at) {
			return fmt.Sprintf("no longer wants %s (due %v, expires %v), before its time", e.Key, e.DueAt, e.ExpiresAt)
		}
	}
	return ""
}

// samplesBetween picks instants in [from, until): both ends' neighbours,
// evenly spread ones and random ones.
func samplesBetween(rng *rand.Rand, from, until time.Time) []time.Time {
	span := until.Sub(from)
	if span <= 0 {
		return nil
	}
	out := []time.Time{from, until.Add(-time.Second)}
	for i := 1; i < 6; i++ {
		out = append(out, from.Add(span*time.Duration(i)/6))
	}
	for range 4 {
		out = append(out, from.Add(time.Duration(rng.Int64N(int64(span)))))
	}
	return slices.DeleteFunc(out, func(t time.Time) bool { return t.Before(from) })
}

// planState is one random pair, its members and their goals, fixed in
// time; pairAt and userAt give what the loaders would hand the planner at
// an instant.
type planState struct {
	desc     string
	cfg      scheduler.Config
	now      time.Time
	pair     store.PlanPair // every session and skip
	users    map[string]store.User
	goals    []store.Goal
	sessions []store.PlanSession
}

func randomPlanState(t testing.TB, rng *rand.Rand) *planState {
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	now := utc("2026-01-05 00:00").Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))).Truncate(time.Minute)
	cfg := testConfig()
	schedules := []string{"0 9 * * MON", "0 9 * * MON", "30 8 * * FRI", "0 9 * * *", "0 9,17 * * *", "0 7 * * 1-5", ""}
	cfg.CheckinSchedule = pick(schedules)
	cfg.QuietHours = pick([]string{"20:00-08:00", "", "22:00-07:00"})
	cfg.AgendaPromptBefore = []time.Duration{0, 48 * time.Hour, 2 * time.Hour}[rng.IntN(3)]
	cfg.FollowupAfter = []time.Duration{time.Hour, 0, 26 * time.Hour}[rng.IntN(3)]
	cfg.RemindBefore = [][]time.Duration{{24 * time.Hour, time.Hour}, {time.Hour}, {}, {72 * time.Hour, 24 * time.Hour, 15 * time.Minute}}[rng.IntN(4)]

	created := now.Add(-time.Duration(rng.Int64N(int64(200 * 24 * time.Hour))))
	s := &planState{cfg: cfg, now: now}
	p := store.Pair{ID: 3, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: created}
	switch rng.IntN(6) {
	case 0:
		p.Status = store.PairPaused
	case 1, 2:
		p.SnoozedUntil = now.Add(time.Duration(rng.Int64N(int64(70*24*time.Hour))) - 10*24*time.Hour)
	}
	s.pair.Pair = p
	whens := []string{"weekly thu 15:00", "biweekly mon 9:30", "monthly first tue 10:00", "monthly last fri 16:00", "weekly sun 3:00", "once", ""}
	when := pick(whens)
	var setAt time.Time
	if when != "" {
		setAt = created.Add(time.Duration(rng.Int64N(int64(now.Sub(created)) + 1)))
		if rng.IntN(4) == 0 {
			setAt = now.Add(-time.Duration(rng.Int64N(int64(2 * time.Hour)))) // just set
		}
		zone := pick(zones)
		if when == "once" {
			when = setAt.In(mustLoc(t, zone)).Add(time.Duration(1+rng.IntN(30)) * 24 * time.Hour).Format("2006-01-02 15:04")
		}
		enc := rule(t, when, mustLoc(t, zone), setAt)
		s.pair.Schedule = store.Schedule{PairID: 3, Rule: enc, Duration: []time.Duration{30 * time.Minute, time.Hour}[rng.IntN(2)], SetAt: setAt}
		s.pair.Scheduled = true
		// Skips of some occurrences around now.
		r, err := cadence.Decode(enc)
		if err != nil {
			t.Fatal(err)
		}
		skipEvery := 2 + rng.IntN(4) // some pairs skip half their meetings
		for _, o := range r.Between(now.Add(-60*24*time.Hour), now.Add(90*24*time.Hour)) {
			switch {
			case rng.IntN(skipEvery) == 0:
				s.pair.Skips = append(s.pair.Skips, o.UTC())
			case rng.IntN(5) == 0:
				// Moved up to two days earlier or three later, before it
				// began and before the new time.
				to := o.Add(time.Duration(rng.IntN(20*24)-8*24+1) * 15 * time.Minute)
				at := o
				for _, t := range []time.Time{to, now} {
					if t.Before(at) {
						at = t
					}
				}
				at = at.Add(-time.Duration(1+rng.IntN(5*24)) * time.Hour)
				s.pair.Moves = append(s.pair.Moves, store.Move{From: o.UTC(), To: to.UTC(), At: at, By: bob})
			}
		}
	}
	// Sessions, logged at random instants before now, some for a meeting.
	n := rng.IntN(10)
	var at []time.Time
	for range n {
		at = append(at, created.Add(time.Duration(rng.Int64N(int64(now.Sub(created))+1))))
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	for i, c := range at {
		s.sessions = append(s.sessions, store.PlanSession{N: i + 1, HeldOn: c.Format("2006-01-02"), CreatedAt: c})
	}
	s.users = map[string]store.User{}
	for _, id := range []string{alice, bob} {
		u := store.User{ID: id, TZ: pick(zones), Settings: store.DefaultSettings()}
		switch rng.IntN(8) {
		case 0:
			u.Settings.NudgesOn = false
		case 1:
			u.Settings.CheckinsOn = false
		case 2:
			qh := pick([]string{"18:00-09:00", ""})
			u.Settings.QuietHours = &qh
		case 3:
			rb := pick([]string{"2h", "", "48h,30m"})
			u.Settings.RemindBefore = &rb
		}
		s.users[id] = u
	}
	for i := range rng.IntN(3) {
		due := now.Add(time.Duration(rng.Int64N(int64(40*24*time.Hour))) - 5*24*time.Hour).Format("2006-01-02")
		s.goals = append(s.goals, store.Goal{ID: int64(i + 1), OwnerID: bob, DueOn: due, Status: store.GoalOpen, CreatedAt: created})
	}
	s.desc = fmt.Sprintf("%q %q, %d sessions, %d skips, moves %v, status %s, snoozed until %v, check-ins %q, quiet %q, leads %v",
		when, s.pair.Schedule.Rule, len(s.sessions), len(s.pair.Skips), s.pair.Moves, p.Status, p.SnoozedUntil, cfg.CheckinSchedule, cfg.QuietHours, cfg.RemindBefore)
	return s
}

// pairAt is the pair as the loader hands it to the planner at now: skips
// and sessions from the look-back on, the last session, and for a pair
// snoozed past the look-back the first and every fourth.
func (s *planState) pairAt(now time.Time) store.PlanPair {
	from := now.Add(-(scheduler.QuietAfter + scheduler.PlanHorizon))
	pp := s.pair
	pp.Skips = slices.DeleteFunc(slices.Clone(s.pair.Skips), func(t time.Time) bool { return t.Before(from) })
	pp.Moves = slices.DeleteFunc(slices.Clone(s.pair.Moves), func(m store.Move) bool { return m.From.Before(from) && m.To.Before(from) })
	pp.Sessions = nil
	for i, ss := range s.sessions {
		last := i == len(s.sessions)-1
		held := s.pair.Pair.SnoozedUntil.After(from) && (ss.N == 1 || ss.N%scheduler.FeedbackEvery == 0)
		if !ss.CreatedAt.Before(from) || last || held {
			pp.Sessions = append(pp.Sessions, ss)
		}
	}
	pp.SessionCount = len(s.sessions)
	return pp
}

func (s *planState) userAt(id string) store.PlanUser {
	pu := store.PlanUser{User: s.users[id], Known: true, Pairs: []store.Pair{s.pair.Pair}}
	for _, g := range s.goals {
		if g.OwnerID == id {
			pu.Goals = append(pu.Goals, g)
		}
	}
	return pu
}

// Two ways time changes a quiet-pair nudge that random states seldom
// reach, both under a snooze that holds the nudge: a meeting beyond the
// nudge's reach passes (it becomes the nudge's start), and the last
// meeting leaves the look-back (the start falls back to an older one).
// Either changes the nudge's key while the held nudge has not gone out, so
// the plan must run out by then.
func TestPlanUntilQuietPairCases(t *testing.T) {
	cfg := testConfig()
	cfg.QuietHours = ""
	users := map[string]store.User{
		alice: {ID: alice, TZ: "UTC", Settings: store.DefaultSettings()},
		bob:   {ID: bob, TZ: "UTC", Settings: store.DefaultSettings()},
	}
	for _, c := range []struct {
		name                   string
		created, meeting       string // the pair's creation (its meeting set then) and its one meeting
		snoozedUntil, now, bad string // bad: an instant at which the plan no longer holds
	}{
		// Planned the morning of the change, so that the weekly cut
		// (midnight at the earliest) does not hide a missing bound.
		{"a meeting passes", "2026-09-23 10:00", "2026-11-04 10:00", "2026-11-07 10:00", "2026-11-04 06:00", "2026-11-04 11:00"},
		{"the meeting leaves the look-back", "2026-09-20 10:00", "2026-10-01 10:00", "2026-11-10 10:00", "2026-11-08 06:00", "2026-11-08 11:00"},
	} {
		t.Run(c.name, func(t *testing.T) {
			created := utc(c.created)
			pp := store.PlanPair{
				Pair:      store.Pair{ID: 3, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: created, SnoozedUntil: utc(c.snoozedUntil)},
				Schedule:  store.Schedule{PairID: 3, Rule: rule(t, c.meeting, mustLoc(t, "UTC"), created), Duration: 30 * time.Minute, SetAt: created},
				Scheduled: true,
			}
			plan, err := scheduler.PlanPair(cfg, pp, users, utc(c.now))
			if err != nil {
				t.Fatal(err)
			}
			later, _ := scheduler.PlanPair(cfg, pp, users, utc(c.bad))
			if planHolds(plan.Rows, later.Rows, utc(c.bad)) == "" {
				t.Fatalf("the case does not change the plan by %s: %v", c.bad, plan.Rows)
			}
			if plan.Until.After(utc(c.bad)) {
				t.Errorf("planned at %s, the plan holds until %v, past %s, when it no longer does", c.now, plan.Until, c.bad)
			}
		})
	}
}
