package bot

import (
	"context"
	"sync"
)

// Work that can wait for the ack.
//
// A command that changes a pair's meetings, sessions or goals re-plans the
// pair's notifications, which reads and rewrites a week of them: several
// milliseconds that the person waiting for the answer gains nothing from.
// Under a context from afterAck those re-plans are collected and run once
// the command is acknowledged. Nothing is lost if the process stops in
// between: the change itself marked the pair in plan_dirty in its own
// commit, and the scheduler re-plans what is marked at start and on every
// pass.

type afterAckKey struct{}

type afterAckList struct {
	mu  sync.Mutex
	fns []func()
	ran bool // the ack has gone: what comes now runs at once
}

// afterAck returns a context under which pairChanged and userChanged wait,
// and the function that runs what waited (once, after the ack).
func afterAck(ctx context.Context) (context.Context, func()) {
	l := &afterAckList{}
	return context.WithValue(ctx, afterAckKey{}, l), func() {
		l.mu.Lock()
		fns := l.fns
		l.fns, l.ran = nil, true
		l.mu.Unlock()
		for _, fn := range fns {
			fn()
		}
	}
}

// later runs fn after the ack when ctx is from afterAck and the ack has
// not gone yet, else at once. Work a handler started in the background
// keeps its context, so it may ask after the ack.
func later(ctx context.Context, fn func()) {
	if l, ok := ctx.Value(afterAckKey{}).(*afterAckList); ok {
		l.mu.Lock()
		if !l.ran {
			l.fns = append(l.fns, fn)
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
	}
	fn()
}

// pairChanged has the scheduler re-plan the pair, after the ack when
// there is one to wait for.
func (b *Bot) pairChanged(ctx context.Context, pairID int64) {
	later(ctx, func() {
		ctx := b.detach(ctx)
		b.sched.PairChanged(ctx, pairID)
		b.refreshPairHomes(ctx, pairID)
	})
}

// meetingsChanged is pairChanged for a change to the pair's meetings (set,
// skipped, moved, paused, the pair ended): the reminders and agenda
// prompts already sent for meetings that no longer take place are edited
// to say so (outdateMeetingDMs), and when the pair has ended its other
// DMs lose their buttons (retireEndedPairDMs). Every way of ending a pair
// calls it. pressed is the ts of the DM whose button made the change (""
// for none): the press's answer has replaced it, and is left as it is.
func (b *Bot) meetingsChanged(ctx context.Context, pairID int64, pressed string) {
	b.recentMeetings.note(pairID, b.clock.Now())
	b.pairChanged(ctx, pairID)
	later(ctx, func() {
		ctx := b.detach(ctx)
		b.outdateMeetingDMs(ctx, pairID, pressed)
		b.retireEndedPairDMs(ctx, pairID)
		// The week's check-ins name the next meeting: one skipped,
		// moved, paused or ended is no longer it.
		if p, err := b.db.LoadPair(ctx, pairID); err == nil {
			for _, u := range []string{p.MentorID, p.MenteeID} {
				b.redrawLatestCheckin(ctx, u, pressed)
			}
		} else {
			b.log.Warn("check-ins to redraw after a change of meetings", "pair", pairID, "err", err)
		}
	})
}

// refreshPairHomes brings both members' open App Homes up to date with a
// change to their pair (a meeting moved, a session logged, the pair
// ended); a Home that is not open is left alone.
func (b *Bot) refreshPairHomes(ctx context.Context, pairID int64) {
	p, err := b.db.LoadPair(ctx, pairID)
	if err != nil {
		b.log.Warn("refresh homes of a pair", "pair", pairID, "err", err)
		return
	}
	b.refreshHome(ctx, p.MentorID, p.MenteeID)
}

// userChanged has the scheduler re-plan what is pending for the person,
// after the ack when there is one to wait for.
func (b *Bot) userChanged(ctx context.Context, userID string) {
	later(ctx, func() { b.sched.UserChanged(b.detach(ctx), userID) })
}
