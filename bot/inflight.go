package bot

import (
	"context"
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

// meetingDMRecorded runs when a DM is recorded as sent. A reminder or
// agenda prompt rendered before a change to its meeting and posted after
// it (held by a 429, say) was missed by the change's outdateMeetingDMs,
// which edits only DMs already recorded as sent: it is checked now.
func (b *Bot) meetingDMRecorded(ctx context.Context, n store.Notification) {
	if n.PairID == 0 || (n.Kind != scheduler.KindReminder && n.Kind != scheduler.KindAgenda) {
		return
	}
	if b.recentMeetings.since(n.PairID, b.clock.Now().Add(-inFlightFor)) {
		b.outdateMeetingDMs(ctx, n.PairID)
	}
}
