package bot

import (
	"fmt"
	"regexp"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// The warning that a meeting starts in the partner's night.

// defaultNight is the night of someone whose quiet hours (their own and
// the programme's) say nothing of when they sleep: their daytime is
// 08:00–20:00.
var defaultNight = datetext.QuietHours{Start: 20 * 60, End: 8 * 60, Set: true}

// nightCore is the heart of anyone's night. Quiet hours are taken as
// someone's night only when they cover all of it: quiet hours of
// 22:00–06:00 say when that person sleeps, but a programme's 12:00–14:00
// (lunch, when the bot holds its messages back) does not make noon their
// night, nor 3 a.m. their day.
var nightCore = datetext.QuietHours{Start: 2 * 60, End: 4 * 60, Set: true}

// daytime is when someone can be asked to meet: outside their night.
type daytime struct {
	loc   *time.Location
	night datetext.QuietHours // always Set
	own   bool                // night is their own quiet hours (their settings)
}

// daytimeOf is u's daytime, in their zone: outside their own quiet hours
// when they set some that cover nightCore, else outside the programme's
// (MENTORBOT_QUIET_HOURS) when those do, else 08:00–20:00. Quiet hours set
// to "none" hold nothing back for them, but are no wish to meet at any
// hour: the programme's or the default apply. Quiet hours that are not a
// night are no warning at all: they hold back the bot's check-ins and
// nudges, not the meetings people agree on.
func (b *Bot) daytimeOf(u store.User) daytime { return daytimeIn(u, b.loc(u), b.cfg.QuietHours) }

// daytimeIn is daytimeOf for u, whose zone is loc, in a programme whose
// quiet hours (MENTORBOT_QUIET_HOURS) are programme: the notifier, which
// has no Bot, works out the same daytime as the commands.
func daytimeIn(u store.User, loc *time.Location, programme string) daytime {
	d := daytime{loc: loc, night: defaultNight}
	if own := u.Settings.QuietHours; own != nil {
		if q, err := datetext.ParseQuietHours(*own); err == nil && coversNightCore(q) {
			d.night, d.own = q, true
			return d
		}
	}
	if q, err := datetext.ParseQuietHours(programme); err == nil && coversNightCore(q) {
		d.night = q
	}
	return d
}

// coversNightCore reports whether q holds every minute of nightCore, so
// that q can stand for someone's night.
func coversNightCore(q datetext.QuietHours) bool {
	if !q.Set {
		return false
	}
	for m := nightCore.Start; m < nightCore.End; m++ {
		if !q.Contains(time.Date(2000, 1, 1, 0, m, 0, 0, time.UTC), time.UTC) {
			return false
		}
	}
	return true
}

// holds reports whether a meeting from t for dur is all in d's daytime,
// by the wall clock at its start.
func (d daytime) holds(t time.Time, dur time.Duration) bool {
	lt := t.In(d.loc)
	q := d.night
	dayLen := (q.Start - q.End + minutesPerDay) % minutesPerDay // > 0: a span never starts where it ends
	into := (lt.Hour()*60 + lt.Minute() - q.End + minutesPerDay) % minutesPerDay
	return into+max(1, int((dur+time.Minute-1)/time.Minute)) <= dayLen
}

const minutesPerDay = 24 * 60

// meetNightWarning is nightWarning for a schedule set by r's user (rule,
// read in their zone, for dur), judged at its next meeting: its
// suggestion is the same command at another time of that day. A
// recurring one may suggest a time already past that day: its meetings
// then start a week (or a month) on.
func (b *Bot) meetNightWarning(r *request, partner string, rule cadence.Rule, dur time.Duration, unclear bool) string {
	first, ok := rule.Next(r.now)
	if !ok {
		return ""
	}
	after := time.Time{}
	if rule.Kind == cadence.Once {
		after = r.now
	}
	handle := b.handle(r.ctx, partner)
	return b.nightWarning(r, partner, first, dur, after, unclear, func(t time.Time) string {
		return "/mentor meet " + handle + " " + meetWhenTyped(rule, t) + meetForTyped(dur)
	})
}

// nightWarning is the line that tells r's user, who set a meeting with
// partner at at for dur, that it starts in the partner's night (as
// daytimeOf has it: quiet hours that cover the small hours, or
// 08:00–20:00 as daytime); "" when it does not. It suggests the time of
// that same day (in r's user's zone), on the half hour and after after
// (when not zero), nearest to at whose whole meeting is daytime for both
// of them, as typed with command; or says there is none. When the hour
// was typed unclear (3:00, no am or pm: see hourUnclear) and at is in the
// small hours of r's user's own night, the afternoon twelve hours on is
// suggested instead if it suits both, and asked about when it is only r's
// user's night (meantAfternoon). Nothing is refused: people may agree on
// odd hours.
func (b *Bot) nightWarning(r *request, partner string, at time.Time, dur time.Duration, after time.Time, unclear bool, command func(time.Time) string) string {
	pu, err := b.slack.Profile(r.ctx, partner)
	if err != nil {
		pu = store.User{ID: partner} // the default zone and night
	}
	them := b.daytimeOf(pu)
	us := b.daytimeOf(r.user)
	us.loc = r.loc
	if !them.night.Contains(at, them.loc) {
		if !unclear {
			return ""
		}
		return ownNightLine(us, them, at, dur, after, command)
	}
	day := datetext.DateOf(at.In(r.loc))
	var better time.Time
	for m := 0; m < minutesPerDay; m += 30 {
		t := day.At(m/60, m%60, r.loc)
		if lt := t.In(r.loc); lt.Hour() != m/60 || lt.Minute() != m%60 {
			continue // skipped by the clocks that day
		}
		if (!after.IsZero() && !t.After(after)) || !us.holds(t, dur) || !them.holds(t, dur) {
			continue
		}
		if better.IsZero() || t.Sub(at).Abs() < better.Sub(at).Abs() {
			better = t
		}
	}
	if pm, ok := meantAfternoon(us, them, at, dur, after); ok && unclear {
		better = pm // the small hours for both: the afternoon was meant, not the nearest morning
	}
	ownQuiet, suggest := "", ""
	if them.own {
		ownQuiet = them.night.String()
	}
	if !better.IsZero() {
		suggest = command(better)
	}
	return nightLine(nightNote{partner: partner, at: at, ploc: them.loc, ownQuiet: ownQuiet, suggest: suggest, better: better, loc: r.loc, ahead: !after.IsZero()})
}

// meantAfternoon is the time twelve hours after at, when at is in the
// small hours of the setter's own night (before 07:00, their night) and
// that afternoon time is daytime for both and still to come (after
// after): most likely 3:00 typed for 15:00. ok is false otherwise, since a
// time that early on purpose needs no remark.
func meantAfternoon(us, them daytime, at time.Time, dur time.Duration, after time.Time) (time.Time, bool) {
	lt := at.In(us.loc)
	// Twelve hours on by the wall clock, whatever the clocks do that day.
	pm := datetext.DateOf(lt).At(lt.Hour()+12, lt.Minute(), us.loc)
	if lt.Hour() >= 7 || !us.night.Contains(at, us.loc) || pm.In(us.loc).Hour() != lt.Hour()+12 ||
		!us.holds(pm, dur) || !them.holds(pm, dur) || (!after.IsZero() && !pm.After(after)) {
		return time.Time{}, false
	}
	return pm, true
}

// unclearHourRe finds a time of day typed as H:MM with a one-digit hour
// (not 0) and no am or pm after it: "3:00", but not "03:00", "0:30",
// "15:00" or "3:00am".
var unclearHourRe = regexp.MustCompile(`(?i)(?:^|[\s,])[1-9]:\d\d(\s*[ap]\.?m\b\.?)?`)

// hourUnclear reports whether the meeting time in typed may mean the
// afternoon: an hour of one digit with no am or pm, as people write 3:00
// for 15:00. A time with its leading zero or am is meant as typed.
func hourUnclear(typed string) bool {
	for _, m := range unclearHourRe.FindAllStringSubmatch(typed, -1) {
		if m[1] == "" {
			return true
		}
	}
	return false
}

// ownNightLine is the line that asks the setter of a meeting in the small
// hours of their own night (but not their partner's) whether they meant
// the afternoon; "" when meantAfternoon finds none.
func ownNightLine(us, them daytime, at time.Time, dur time.Duration, after time.Time, command func(time.Time) string) string {
	pm, ok := meantAfternoon(us, them, at, dur, after)
	if !ok {
		return ""
	}
	return fmt.Sprintf(":crescent_moon: That's %s at night for you. If you meant %s, `%s` sets that.",
		at.In(us.loc).Format("15:04"), pm.In(us.loc).Format("15:04"), command(pm))
}
