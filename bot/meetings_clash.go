package bot

import (
	"fmt"
	"time"
)

// clashHorizon is how far ahead a pair's new meeting times are compared
// with the meetings of the setter's other pairs.
const clashHorizon = 8 * 7 * 24 * time.Hour

// clashLine is the line that tells r's user, who just set or moved the
// meetings of pair pairID, that one of them (within clashHorizon)
// overlaps a meeting of another of their pairs; "" when none does. Only
// the user's own pairs are looked at: the partner's other pairs are the
// partner's business. Nothing is refused: one of the two may be about to
// move.
func (b *Bot) clashLine(r *request, pairID int64) string {
	mine, err := b.db.Meetings(r.ctx, r.user.ID, pairID)
	if err != nil {
		return ""
	}
	times, _, err := upcomingMeetings(&b.zones, mine, r.now, clashMeetings)
	if err != nil || len(times) == 0 {
		return ""
	}
	pairs, err := b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		b.log.Warn("look for clashing meetings", "user", r.user.ID, "err", err)
		return ""
	}
	end := r.now.Add(clashHorizon)
	for _, q := range pairs {
		if q.ID == pairID {
			continue
		}
		other, err := b.db.Meetings(r.ctx, r.user.ID, q.ID)
		if err != nil || !other.Scheduled || other.Paused() {
			continue
		}
		rule, err := decodeSchedule(&b.zones, other.Schedule.Rule)
		if err != nil {
			continue
		}
		series, odur := meetingSeries(rule, other.Changes), other.Schedule.Duration
		for _, t := range times {
			if !t.Before(end) {
				break
			}
			// Theirs overlaps [t, t+dur) when it starts less than its own
			// length before t, or before t+dur.
			if o := series.Between(t.Add(-odur+time.Nanosecond), t.Add(mine.Schedule.Duration)); len(o) > 0 {
				return fmt.Sprintf(":warning: Heads-up: your meeting of %s overlaps your meeting with <@%s> of %s. "+
					"`/mentor move` moves one meeting; `/mentor meet` sets other times.",
					meetWhen(t, r.loc), q.Partner(r.user.ID), meetWhen(o[0], r.loc))
			}
		}
	}
	return ""
}

// clashMeetings bounds how many of the new meetings clashLine compares:
// weekly ones reach clashHorizon with it.
const clashMeetings = 9
