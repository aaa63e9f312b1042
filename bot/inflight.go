package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// inFlightFor is how long after a change to a pair's meetings a reminder
// or agenda prompt recorded as sent may have been rendered before it: a
// send holds its claim for the scheduler's lease (2 minutes) at most, and
// Slack's Retry-After waits happen within it.
const inFlightFor = 10 * time.Minute

// recentChanges remembers when each pair's meetings last changed, for the
// pairs that changed within inFlightFor.
type recentChanges struct {
	mu sync.Mutex
	at map[int64]time.Time
}

func (r *recentChanges) note(pairID int64, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.at == nil {
		r.at = map[int64]time.Time{}
	}
	if len(r.at) >= 256 { // a busy hour's changes; the old ones are of no use
		for id, t := range r.at {
			if now.Sub(t) > inFlightFor {
				delete(r.at, id)
			}
		}
	}
	r.at[pairID] = now
}

// since reports whether the pair's meetings changed after t.
func (r *recentChanges) since(pairID int64, t time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	at, ok := r.at[pairID]
	return ok && at.After(t)
}

// recentMoves are the meeting moves this process made lately, by pair. A
// meeting moved again is stored by the time it was first moved from, so a
// DM sent for a time it has since left cannot be followed to where it is
// now from the store: the edit that says it moved again follows it here.
// Lost at a restart, when such an edit says only that it moved again.
type recentMoves struct {
	mu sync.Mutex
	by map[int64][]recentMove
}

type recentMove struct{ from, to, at time.Time }

// movesKept is how long a move is kept: longer than a meeting's DMs are
// sent ahead of it (reminders, the agenda prompt).
const movesKept = 4 * 24 * time.Hour

func (m *recentMoves) note(pairID int64, from, to, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.by == nil {
		m.by = map[int64][]recentMove{}
	}
	if len(m.by) >= 256 {
		for id, mvs := range m.by {
			if now.Sub(mvs[len(mvs)-1].at) > movesKept {
				delete(m.by, id)
			}
		}
	}
	mvs := slices.DeleteFunc(m.by[pairID], func(mv recentMove) bool { return now.Sub(mv.at) > movesKept })
	m.by[pairID] = append(mvs, recentMove{from, to, now})
}

// follow is where the pair's meeting at at went through the moves kept,
// in the order they were made; ok is false when none moved it. sent,
// when not zero, is when a DM about the meeting at at was sent: a move
// into at made by then brought that meeting there, so what left at
// before it was another meeting (two can pass through one time).
func (m *recentMoves) follow(pairID int64, at, sent time.Time) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, moved := at, false
	for _, mv := range m.by[pairID] {
		switch {
		case !sent.IsZero() && mv.to.Equal(at) && !mv.at.After(sent):
			t, moved = at, false
		case mv.from.Equal(t):
			t, moved = mv.to, true
		}
	}
	return t, moved
}

// followedKinds are the outbox DMs whose content follows a change after
// they were queued (retractTx, ReviseDMTx, RequeueDMTx): a row being sent
// gets the new content as its payload. A request's DM is taken back when
// its requester is forgotten; a proposal's when its two are paired.
var followedKinds = []string{"goal_done", "todo_done", "session_logged", "request", "match_proposal"}

// DMRecorded is told when a DM is recorded as sent (Notifier.Recorded),
// to square it with what changed while it was in flight:
//   - a reminder or agenda prompt rendered before a change to its meeting
//     and posted after it (held by a 429, say) was missed by the change's
//     outdateMeetingDMs, which edits only DMs recorded as sent: the pair's
//     are checked again when its meetings changed lately, and always for
//     a send found after a crash (what changed lately is not kept across
//     a restart);
//   - a DM with buttons of a pair that ended while it was in flight loses
//     them, as the end's retireEndedPairDMs did to those already sent, and
//     the partner's DM of a snooze its hints;
//   - an outbox DM whose stored payload changed while it went (an undo, an
//     edit of the notes it quotes) is edited to the stored one;
//   - the notice that a proposal lapsed takes the buttons off the proposal
//     DM it is about (proposalLapsedRecorded).
func (b *Bot) DMRecorded(ctx context.Context, n store.Notification, found bool) {
	switch {
	case n.Kind == scheduler.KindReminder || n.Kind == scheduler.KindAgenda:
		if n.PairID != 0 && (found || b.recentMeetings.since(n.PairID, b.clock.Now().Add(-inFlightFor))) {
			b.outdateMeetingDMs(ctx, n.PairID, "")
		}
	case n.PairID != 0 && (slices.Contains(endedPairKinds, n.Kind) || (n.Kind == kindSnooze && strings.HasPrefix(n.Key, "snooze:"))):
		// The pair's end went through meetingsChanged, which notes it. A
		// snooze's DM has no buttons, but says the nudges resume then.
		if found || b.recentMeetings.since(n.PairID, b.clock.Now().Add(-inFlightFor)) {
			b.retireEndedPairDMs(ctx, n.PairID)
		}
	case n.Kind == kindProposalLapsed:
		b.proposalLapsedRecorded(ctx, n)
	case slices.Contains(followedKinds, n.Kind):
		cur, err := b.db.Notification(ctx, n.Key)
		if err != nil {
			b.log.Warn("recorded dm", "key", n.Key, "err", err)
			return
		}
		if cur.Payload == n.Payload || cur.Payload == "" {
			return // as sent; or its words forgotten since (forget), as the edit would leave them
		}
		rp, err := decodeMessage(cur.Payload)
		if err != nil {
			b.log.Warn("recorded dm", "key", n.Key, "err", err)
			return
		}
		_ = b.editDM(ctx, n.Key, rp) // logged by editDM
	}
}
