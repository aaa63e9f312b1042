package scheduler

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Bursts. Slack lets a bot post only so many messages a minute (SendRate),
// yet thousands of check-ins can fall due in the same minute (everyone in
// one zone at 09:00 on Monday). Sent only from their due time on, the last
// of them would go many minutes late. So the dispatcher looks ahead: it
// works out, from the due times in the queue, the latest moment each
// notification can start and still go out by its due time at SendRate
// (sending in due order, as late as possible), and releases it then. A
// notification goes at most MaxEarly before its due time, so a burst that
// SendRate cannot send even in MaxEarly still goes late at its tail.
//
// Check-ins and nudges wait for quiet hours and snoozes, agenda prompts
// for quiet hours: those are never sent early while the recipient is in
// their quiet hours; check-ins and nudges not when a snooze of theirs ends
// between now and the due time either; nor is a nudge held for the answer
// to the last unanswered round.

const (
	// DefaultMaxEarly bounds how long before its due time a notification
	// may go when a burst needs it.
	DefaultMaxEarly = 15 * time.Minute
	// releaseStep is how far ahead the dispatcher releases at a time, and
	// so how often at most it looks again during a burst.
	releaseStep = 15 * time.Second
)

// releaseCount is how many of dues (sorted, the queue after now) must be on
// their way at now+lookahead(j) so that, sent one after another at rate a
// second, none goes after its due time: the largest shortfall
// j − rate·(d_j − t_j) over the first j.
func releaseCount(now time.Time, dues []time.Time, rate float64, step time.Duration) int {
	if rate <= 0 {
		return 0
	}
	need := 0.0
	for j, d := range dues {
		t := now.Add(lookahead(j, rate, step))
		need = max(need, float64(j+1)-rate*d.Sub(t).Seconds())
	}
	return min(len(dues), int(math.Ceil(need-1e-9)))
}

// lookahead is how far ahead of its own deadline the j-th of the queue is
// released: a step, so that a burst goes out in batches a step apart
// rather than one wake per message, but no more than the time the j ahead
// of it take. The first of the queue waits for nobody, and goes on its
// own time: a lone DM, such as a single 09:00 check-in, is not sent a
// step early (it read 08:59 in Slack).
func lookahead(j int, rate float64, step time.Duration) time.Duration {
	return min(step, time.Duration(float64(j)/rate*float64(time.Second)))
}

// nextRelease is when releaseCount first becomes positive for dues, and
// never before the first is within maxEarly of its due time; ok is false
// when dues is empty.
func nextRelease(dues []time.Time, rate float64, step, maxEarly time.Duration) (time.Time, bool) {
	if len(dues) == 0 || rate <= 0 {
		return time.Time{}, false
	}
	var best time.Time
	for j, d := range dues {
		t := d.Add(-time.Duration(float64(j+1) / rate * float64(time.Second))).Add(-lookahead(j, rate, step))
		if best.IsZero() || t.Before(best) {
			best = t
		}
	}
	if first := dues[0].Add(-maxEarly); best.Before(first) {
		best = first
	}
	return best, true
}

// queueAhead lists the due times of what is pending after now, far enough
// ahead for a burst due within MaxEarly to be seen whole.
func (s *Scheduler) queueAhead(ctx context.Context, now time.Time) ([]time.Time, error) {
	horizon := 2 * s.maxEarly
	limit := int(s.sendRate*horizon.Seconds()) + 1
	return s.db.DueTimes(ctx, now, now.Add(horizon), limit)
}

// releaseEarly claims what of the burst ahead must go now (see Bursts).
func (s *Scheduler) releaseEarly(ctx context.Context) ([]store.Notification, error) {
	if s.sendRate <= 0 || s.maxEarly <= 0 {
		return nil, nil
	}
	now := s.clock.Now()
	dues, err := s.queueAhead(ctx, now)
	if err != nil {
		return nil, err
	}
	k := releaseCount(now, dues, s.sendRate, releaseStep)
	if k == 0 {
		return nil, nil
	}
	ns, err := s.db.Upcoming(ctx, now, now.Add(s.maxEarly), k)
	if err != nil {
		return nil, err
	}
	early := newEarlyCheck(s, now)
	ns = slices.DeleteFunc(ns, func(n store.Notification) bool { return !early.allowed(ctx, n) })
	if len(ns) == 0 {
		return nil, nil
	}
	return s.claim(func(leave []string) ([]store.Notification, error) {
		ids := make([]int64, 0, len(ns))
		for _, n := range ns {
			// Not before the DMs of theirs still being sent (claimsHeld).
			if !slices.Contains(leave, n.RecipientID) {
				ids = append(ids, n.ID)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		return s.db.ClaimIDs(ctx, ids, now, s.lease)
	})
}

// releaseWake is when releaseEarly next has something to do; ok is false
// when nothing is ahead.
func (s *Scheduler) releaseWake(ctx context.Context) (time.Time, bool) {
	if s.sendRate <= 0 || s.maxEarly <= 0 {
		return time.Time{}, false
	}
	now := s.clock.Now()
	dues, err := s.queueAhead(ctx, now)
	if err != nil {
		if ctx.Err() == nil { // not a shutdown
			s.log.Error("look ahead in the queue", "err", err)
		}
		return time.Time{}, false
	}
	t, ok := nextRelease(dues, s.sendRate, releaseStep, s.maxEarly)
	if ok && !t.After(now) {
		// Released already but held (quiet hours, a snooze): look again
		// in a while rather than at once.
		t = now.Add(releaseStep)
	}
	return t, ok
}

// earlyCheck tells whether a notification may go before its due time now.
type earlyCheck struct {
	s   *Scheduler
	now time.Time
	pl  *planner
}

func newEarlyCheck(s *Scheduler, now time.Time) *earlyCheck {
	pl, err := newPlanner(&s.zones, s.cfg, now)
	if err != nil {
		pl = nil
	}
	return &earlyCheck{s: s, now: now, pl: pl}
}

// allowed: any notification, except a check-in, agenda prompt or nudge
// whose recipient is in their quiet hours now, a check-in or nudge whose
// recipient has a snooze that ends before it is due, and a nudge held for
// the answer to the last unanswered round.
func (e *earlyCheck) allowed(ctx context.Context, n store.Notification) bool {
	if n.Payload != "" || (n.Kind != KindCheckin && n.Kind != KindAgenda && !IsNudge(n.Kind)) {
		return true
	}
	if e.pl == nil {
		return false
	}
	u, err := e.s.db.User(ctx, n.RecipientID)
	known := err == nil
	if err != nil && store.ErrorCode(err) != store.ENotFound {
		return false
	}
	m := e.pl.person(n.RecipientID, u, known)
	if m.quiet.Contains(e.now, m.loc) {
		return false
	}
	if n.Kind == KindAgenda {
		return true // quiet hours hold it, snoozes do not
	}
	if IsNudge(n.Kind) {
		// Releasing one held for the answer to the third round early
		// only makes dispatch claim and hold it again, at every pass of
		// the burst.
		if _, held, err := e.s.nudgeHeld(ctx, n, e.now); err != nil || held {
			return false
		}
	}
	pairs, err := e.s.db.PairsOf(ctx, n.RecipientID, false)
	if err != nil {
		return false
	}
	return !slices.ContainsFunc(pairs, func(p store.Pair) bool {
		return p.SnoozedUntil.After(e.now) && !p.SnoozedUntil.After(n.DueAt)
	})
}
