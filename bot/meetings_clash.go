package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// clashHorizon is how far ahead a pair's new meeting times are compared
// with the meetings of its members' other pairs.
const clashHorizon = 8 * 7 * 24 * time.Hour

// otherMeetings reads the meeting plans of user's live pairs other than
// pairID, as user: what their pair's new meetings are compared with. Only
// user's own pairs: each member is told of their own clashes, never of
// the other's pairs.
func (b *Bot) otherMeetings(ctx context.Context, user string, pairID int64) []store.MeetingPlan {
	pairs, err := b.db.PairsOf(ctx, user, false)
	if err != nil {
		b.log.Warn("other pairs' meetings, for clashes", "user", user, "pair", pairID, "err", err)
		return nil
	}
	var out []store.MeetingPlan
	for _, q := range pairs {
		if q.ID == pairID {
			continue
		}
		mp, err := b.db.Meetings(ctx, user, q.ID)
		if err != nil {
			b.log.Warn("other pairs' meetings, for clashes", "user", user, "pair", q.ID, "err", err)
			continue
		}
		out = append(out, mp)
	}
	return out
}

// clashLine is the line that tells user that one of times (meetings of
// dur of their pair with the one handle names), before clashHorizon from
// now, overlaps a meeting of theirs in others; "" when none does. Nothing
// is refused: one of the two may be about to move.
func (b *Bot) clashLine(user, handle string, times []time.Time, dur time.Duration, others []store.MeetingPlan, now time.Time, loc *time.Location) string {
	end := now.Add(clashHorizon)
	for _, mp := range others {
		if !mp.Scheduled || mp.Paused() || !mp.Pair.Live() {
			continue
		}
		rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
		if err != nil {
			b.log.Warn("other pair's meetings, for clashes", "pair", mp.Pair.ID, "err", err)
			continue
		}
		series, odur := meetingSeries(rule, mp.Changes), mp.Schedule.Duration
		for _, t := range times {
			if !t.Before(end) {
				break
			}
			// Theirs overlaps [t, t+dur) when it starts less than its own
			// length before t, or before t+dur.
			if o := series.Between(t.Add(-odur+time.Nanosecond), t.Add(dur)); len(o) > 0 {
				return fmt.Sprintf(":warning: Heads-up: your meeting of %s overlaps your meeting with <@%s> of %s. "+
					"`/mentor move %s` moves one meeting; `/mentor meet %[4]s` sets other times.",
					meetWhen(t, loc), mp.Pair.Partner(user), meetWhen(o[0], loc), handle)
			}
		}
	}
	return ""
}
