package bot

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// The examples that the help of /mentor meet and /mentor move (the Home's
// Schedule button, their usage replies) shows someone for a known pair:
// times that are daytime for both members, as the welcome DM's are
// (meetExampleClocks). They are worked out only for those answers, which
// are rare: each reads the partner once.

// helpExamples is, for one member of a pair, the times of day (HH:MM, in
// their zone) of the meetings the help of /mentor meet and move suggests,
// each daytime for both members for its whole length, so that typed as
// shown it draws no warning of the partner's night. A zero field is one
// not worked out: the help shows 15:00 (16:00 the same day for a move).
type helpExamples struct {
	meetExample // weekly (thu) and firstTue: the welcome DM's
	// long is that of "biweekly thu HH:MM for 45m": the weekly meetings'
	// time, checked for longExample rather than the default length.
	long string
	move moveExample // for moving the next meeting; zero when there is none
}

// longExample is the length of the example meetings that show "for".
const longExample = 45 * time.Minute

// moveExample is what the help of /mentor move suggests for moving a
// meeting: sameDay, a time of its own day, "" when no other time that day
// suits both members; or day (a weekday, "thu") at clock.
type moveExample struct {
	sameDay    string
	day, clock string
}

// helpExamplesFor is the helpExamples of viewer, paired with partner,
// seen at now; with the moveExample of their next meeting, at next for
// dur, when next is not zero. The partner is read as stored, as
// meetExampleClocks reads them.
func (b *Bot) helpExamplesFor(ctx context.Context, viewer store.User, partner string, next time.Time, dur time.Duration, now time.Time) helpExamples {
	us, them := b.pairDaytimes(ctx, viewer, partner)
	ex := helpExamples{
		meetExample: meetExample{
			weekly:   exampleClock(us, them, "weekly thu", now),
			firstTue: exampleClock(us, them, "monthly first tue", now),
		},
		// "weekly thu", not "biweekly thu": the biweekly meetings are
		// among the weekly ones whichever week they are typed in.
		long: exampleClockFor(us, them, "weekly thu", longExample, now),
	}
	if !next.IsZero() {
		ex.move = moveExampleOf(us, them, next, cmp.Or(dur, cadence.DefaultDuration), now)
	}
	return ex
}

// pairDaytimes is the daytime of viewer and of partner, who is read as
// stored, as meetExampleClocks reads them: one read of the store, not of
// Slack.
func (b *Bot) pairDaytimes(ctx context.Context, viewer store.User, partner string) (us, them daytime) {
	pu, err := readUser(ctx, b.db, partner)
	if err != nil {
		pu = store.User{ID: partner} // the default zone and night
	}
	return b.daytimeOf(viewer), b.daytimeOf(pu)
}

// moveExampleOf is the moveExample, in us's zone, of a meeting at cur for
// dur, seen at now. The same day, it is the time nearest to an hour later
// (the 16:00 long shown for a meeting at 15:00) that is still ahead and
// daytime for both for dur. The other day is Thursday, or Friday for a
// meeting on a Thursday ("thu" could name the meeting's own time), at
// the time of day exampleClockFor finds for it.
func moveExampleOf(us, them daytime, cur time.Time, dur time.Duration, now time.Time) moveExample {
	lt := cur.In(us.loc)
	ex := moveExample{day: "thu"}
	if lt.Weekday() == time.Thursday {
		ex.day = "fri"
	}
	ex.clock = exampleClockFor(us, them, "weekly "+ex.day, dur, now)
	day, at := datetext.DateOf(lt), lt.Hour()*60+lt.Minute()
	for _, d := range moveOffsets {
		m := at + d
		if m < 0 || m >= minutesPerDay {
			continue
		}
		t := day.At(m/60, m%60, us.loc)
		if wt := t.In(us.loc); wt.Hour()*60+wt.Minute() != m { // skipped by the clocks that day
			continue
		}
		if t.After(now) && us.holds(t, dur) && them.holds(t, dur) {
			ex.sameDay = fmt.Sprintf("%02d:%02d", m/60, m%60)
			break
		}
	}
	return ex
}

// moveOffsets are the minutes from a meeting's time that moveExampleOf
// tries on its day, in order: an hour later, an hour earlier, then out
// from the meeting's time by half hours, the later of two first.
var moveOffsets = func() []int {
	ds := []int{60, -60}
	for d := 30; d < minutesPerDay; d += 30 {
		if d != 60 {
			ds = append(ds, d, -d)
		}
	}
	return ds
}()

// meetExamplesText is the examples of /mentor meet, as its usage
// replies show them, for r's user and pair p; when known is false, for no
// pair in particular.
func (b *Bot) meetExamplesText(r *request, p store.Pair, known bool) string {
	date := datetext.DateOf(r.now.In(r.loc)).AddDays(7)
	if !known {
		return fmt.Sprintf("`/mentor meet weekly thu 15:00`, `/mentor meet biweekly tue 9:30 for 45m`, `/mentor meet monthly first mon 10:00` or `/mentor meet %s 14:00`", date)
	}
	partner := p.Partner(r.user.ID)
	h, ex := b.handle(r.ctx, partner), b.helpExamplesFor(r.ctx, r.user, partner, time.Time{}, 0, r.now)
	weekly := cmp.Or(ex.weekly, "15:00")
	return fmt.Sprintf("`/mentor meet %s weekly thu %s`, `/mentor meet %s biweekly thu %s for 45m`, `/mentor meet %s monthly first tue %s` or `/mentor meet %s %s %s`",
		h, weekly, h, cmp.Or(ex.long, "15:00"), h, cmp.Or(ex.firstTue, "15:00"), h, date, weekly)
}

// moveExamples is the examples of /mentor move for moving a meeting, ex,
// as its usage replies show them, with h the partner as typed: the same
// day (when some time suits both), then another day. "" for h and a zero
// ex give those of no pair in particular.
func moveExamples(h string, ex moveExample) []string {
	if h != "" {
		h += " "
	}
	if ex.day == "" {
		ex = moveExample{sameDay: "16:00", day: "thu", clock: "15:00"}
	}
	other := fmt.Sprintf("`/mentor move %s%s %s`", h, ex.day, ex.clock)
	if ex.sameDay == "" {
		return []string{other}
	}
	return []string{fmt.Sprintf("`/mentor move %s%s` (the same day)", h, ex.sameDay), other}
}

// moveHelpOf is the partner as typed and the moveExample of the next
// meeting of the pair args (of /mentor move) is for, when that pair is
// known without asking (knownPair) and has a meeting ahead; "" and zero
// otherwise.
func (b *Bot) moveHelpOf(r *request, args string) (string, moveExample) {
	p, ok := r.knownPair(args)
	if !ok {
		return "", moveExample{}
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil || !mp.Scheduled || mp.Paused() {
		return "", moveExample{}
	}
	next, _, err := upcomingMeetings(&b.zones, mp, r.now, 1)
	if err != nil || len(next) == 0 {
		return "", moveExample{}
	}
	partner := p.Partner(r.user.ID)
	us, them := b.pairDaytimes(r.ctx, r.user, partner)
	return b.handle(r.ctx, partner), moveExampleOf(us, them, next[0], mp.Schedule.Duration, r.now)
}

// knownPair is the live pair that args (of /mentor meet or move, the
// partner first when named) is for, when that is known without asking:
// the one with the partner named, or the person's only one. ok is false
// when it is not, or the pairs could not be read: the answer then shows
// the examples of no pair in particular.
func (r *request) knownPair(args string) (p store.Pair, ok bool) {
	partner, _ := leadingMention(args)
	pairs, err := r.b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return store.Pair{}, false
	}
	if partner == "" {
		if len(pairs) != 1 {
			return store.Pair{}, false
		}
		return pairs[0], true
	}
	for _, p := range pairs {
		if p.Partner(r.user.ID) == partner {
			return p, true
		}
	}
	return store.Pair{}, false
}
