package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Buttons of the meeting feature. The scheduler's reminders and prompts
// reuse them (agendaButton, skipButton build them).
const (
	// actionAgendaAdd opens the "add an agenda item" modal; value: pair ID.
	actionAgendaAdd = "agenda_add"
	// actionMeetingSkip skips one meeting; value: "PAIRID:UNIX" (skipValue).
	actionMeetingSkip = "meeting_skip"
	// actionMeetingMove opens the form that moves one meeting; value: as
	// actionMeetingSkip's.
	actionMeetingMove = "meeting_move"
	// actionAgendaRemove takes an item its author added off the agenda;
	// value: the item's ID.
	actionAgendaRemove = "agenda_remove"
)

// Callback IDs of the meeting modals: add an agenda item, move a meeting.
const (
	cbAgendaAdd   = "agenda_add"
	cbMeetingMove = "meeting_move"
)

// upcomingShown is how many meetings /mentor next and confirmations list.
const upcomingShown = 4

func (b *Bot) meetingCommands() map[string]subcommand {
	return map[string]subcommand{
		"meet": {run: b.cmdMeet,
			usage: "/mentor meet [@partner] WHEN [for 45m] — WHEN: weekly thu 15:00, biweekly tue 9:30, monthly first mon 10:00 or YYYY-MM-DD HH:MM"},
		"next": {run: b.cmdNext, usage: "/mentor next [@partner] — your next meeting, its agenda and open to-dos", reads: true},
		"skip": {run: b.cmdSkip, usage: "/mentor skip [@partner] — skip the next meeting"},
		"move": {run: b.cmdMove,
			usage: "/mentor move [@partner] WHEN — move only the next meeting; WHEN: 16:00 (the same day), thu 15:00 or YYYY-MM-DD HH:MM"},
		"pause":  {run: b.cmdPause(true), usage: "/mentor pause [@partner] — put your meetings on hold"},
		"resume": {run: b.cmdPause(false), usage: "/mentor resume [@partner] — start a paused pair's meetings again"},
		"agenda": {run: b.cmdAgenda,
			usage: "/mentor agenda [@partner] [ITEM] — add ITEM to the next meeting's agenda (`add ITEM` works too); alone or with `list`, show it; `remove N` takes off item N you added"},
	}
}

func (b *Bot) meetingActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionAgendaAdd:    b.actAgendaAdd,
		actionAgendaRemove: b.actAgendaRemove,
		actionMeetingSkip:  b.actMeetingSkip,
		actionMeetingMove:  b.actMeetingMove,
		actionMoveBack:     b.actMoveBack,
		actionUnskip:       b.actUnskip,
		actionTodoDone:     b.actTodoDone,
		actionTodoReopen:   b.actTodoReopen,
		actionLogSession:   b.actLogSessionLive,
		actionSessionEdit:  b.actSessionEdit,
	}
}

// actLogSessionLive is actLogSession, with a button of a pair that has
// ended since (an old follow-up) answered as such: the presser was in a
// pair, so "not in a pair yet" would be wrong.
func (b *Bot) actLogSessionLive(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	idText, _, _ := strings.Cut(act.Value, ":")
	if id, err := strconv.ParseInt(idText, 10, 64); err == nil {
		if p, err := b.db.Pair(r.ctx, r.user.ID, id); err == nil && !p.Live() {
			return actionReply{}, sayf("Your pair with <@%s> ended on %s, so there is no session to log for it any more. "+
				"Its sessions and to-dos stay: `/mentor pairs` shows your pairs, ended ones too.", p.Partner(r.user.ID), dateTokenIn(p.EndedAt, "{date_long}", r.loc))
		}
	}
	return b.actLogSession(r, cb, act)
}

func (b *Bot) meetingViews() map[string]viewHandler {
	return map[string]viewHandler{
		cbAgendaAdd:   b.viewAgendaAdd,
		cbMeetingMove: b.viewMeetingMove,
		cbSessionLog:  b.viewSessionLog,
		cbSessionEdit: b.viewSessionEdit,
	}
}

// decodeSchedule reads a stored schedule, turning a damaged one into a message
// for the person.
func decodeSchedule(zones *datetext.Zones, s string) (cadence.Rule, error) {
	rule, err := cadence.DecodeIn(s, zones.Load)
	var ce *cadence.Error
	if errors.As(err, &ce) {
		return cadence.Rule{}, sayf("%s", esc(ce.Msg))
	}
	return rule, err
}

// parseErrorReply turns the parsing packages' errors into answers; they
// quote what was typed, so they are shown as shownParsed shows them:
// escaped, a mention as plain "@alice", long quotes cut.
func parseErrorReply(err error) error {
	var ce *cadence.Error
	var de *datetext.Error
	switch {
	case errors.As(err, &ce):
		return sayf("%s", shownParsed(ce.Msg))
	case errors.As(err, &de):
		return sayf("%s", shownParsed(de.Msg))
	}
	return err
}

// maxWhenText bounds what /mentor meet and /mentor snooze try to read as a
// time: the longest real one ("monthly fourth wednesday 10:30am for
// 1h30m") is well under it, and the parsers' messages quote what they
// could not read.
const maxWhenText = 100

// tooLongWhen reports whether args (whenArgs's, the partner first if named)
// hold more after the partner than maxWhenText.
func tooLongWhen(args string) bool {
	_, rest := leadingMention(args)
	return utf8.RuneCountInString(strings.TrimSpace(unescapeSlack(rest))) > maxWhenText
}

// quotedRe is a quotation in a parser's message, as %q writes it.
var quotedRe = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// capQuoted cuts each quotation in a parser's message to maxEchoed
// characters: the parsers quote what was typed, whatever its length.
func capQuoted(msg string) string {
	return quotedRe.ReplaceAllStringFunc(msg, func(q string) string {
		inner := q[1 : len(q)-1]
		if utf8.RuneCountInString(inner) <= maxEchoed {
			return q
		}
		return `"` + truncate(inner, maxEchoed) + `"`
	})
}

// upcomingMeetings decodes a pair's schedule and returns up to n meetings
// starting at or after from, leaving out skipped ones. It returns none (and
// the zero Rule) when the pair has no schedule, and none when it is paused
// or has ended. It is the one place the bot lists a pair's meetings.
func upcomingMeetings(zones *datetext.Zones, mp store.MeetingPlan, from time.Time, n int) ([]time.Time, cadence.Rule, error) {
	if !mp.Scheduled {
		return nil, cadence.Rule{}, nil
	}
	rule, err := decodeSchedule(zones, mp.Schedule.Rule)
	if err != nil {
		return nil, cadence.Rule{}, err
	}
	if mp.Paused() || !mp.Pair.Live() {
		return nil, rule, nil
	}
	return meetingSeries(rule, mp.Changes).Occurrences(from, n), rule, nil
}

// meetingSeries is a schedule's meetings as they take place: without the
// skipped ones and those moved away, with those moved in.
func meetingSeries(rule cadence.Rule, c store.Changes) cadence.Series {
	return cadence.Series{Rule: rule, Off: c.Off(), In: c.MovedIn()}
}

// meetingsAround is the pair's meeting under way at now (one that began by
// now and has not ended; zero when none) and up to n meetings after now.
func meetingsAround(zones *datetext.Zones, mp store.MeetingPlan, now time.Time, n int) (onNow time.Time, next []time.Time, rule cadence.Rule, err error) {
	next, rule, err = upcomingMeetings(zones, mp, now.Add(-mp.Schedule.Duration+time.Second), n+1)
	if err != nil {
		return time.Time{}, nil, rule, err
	}
	if len(next) > 0 && !next[0].After(now) {
		return next[0], next[1:], rule, nil
	}
	return time.Time{}, next[:min(n, len(next))], rule, nil
}

// meetingsNow is a pair's meeting under way and its next one (each zero
// when there is none), for saying which meeting an agenda is for.
type meetingsNow struct {
	onNow, next time.Time
	length      time.Duration
}

// endClock is when a meeting that began at start, length long, ends: its
// time of day in the reader's zone (loc), as a Slack date token.
func endClock(start time.Time, length time.Duration, loc *time.Location) string {
	return dateTokenIn(start.Add(length), "{time}", loc)
}

// meetingsNowOf reads pair pairID's meetingsNow for r's user (a member).
func (b *Bot) meetingsNowOf(r *request, pairID int64) (meetingsNow, error) {
	mp, err := b.db.Meetings(r.ctx, r.user.ID, pairID)
	if err != nil {
		return meetingsNow{}, err
	}
	return b.meetingsNowIn(mp, r.now)
}

// meetingsNowIn is meetingsNowOf for a plan already read.
func (b *Bot) meetingsNowIn(mp store.MeetingPlan, now time.Time) (meetingsNow, error) {
	onNow, next, _, err := meetingsAround(&b.zones, mp, now, 1)
	if err != nil {
		return meetingsNow{}, err
	}
	m := meetingsNow{onNow: onNow, length: mp.Schedule.Duration}
	if len(next) > 0 {
		m.next = next[0]
	}
	return m, nil
}

// nextMeeting is the pair's next meeting at or after from; zero when none.
func nextMeeting(zones *datetext.Zones, mp store.MeetingPlan, from time.Time) (time.Time, error) {
	ts, _, err := upcomingMeetings(zones, mp, from, 1)
	if err != nil || len(ts) == 0 {
		return time.Time{}, err
	}
	return ts[0], nil
}

// oneOffFate is what became of a one-off meeting with nothing of it left
// to come.
type oneOffFate int

const (
	oneOffNone     oneOffFate = iota // not such a one-off
	oneOffHeld                       // it took place
	oneOffUnderWay                   // it has begun and not yet ended
	oneOffSkipped                    // it was skipped
	oneOffPaused                     // it fell in a pause, so did not take place
)

// pastOneOff is the pair's one-off meeting once there is nothing of it
// left to come: its time, and what became of it. Zero and oneOffNone when
// mp is not such a one-off. It reads the changes to that meeting afresh,
// since mp's reach back only two days; mp must have been read for a
// member of the pair.
func (b *Bot) pastOneOff(ctx context.Context, mp store.MeetingPlan, now time.Time) (at time.Time, fate oneOffFate, err error) {
	if !mp.Scheduled {
		return time.Time{}, oneOffNone, nil
	}
	rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
	if err != nil || rule.Kind != cadence.Once {
		return time.Time{}, oneOffNone, err
	}
	// A move of it is stored by the time it was moved from, Start, even
	// when it moved earlier.
	c, err := b.db.MeetingChanges(ctx, mp.Pair.ID, rule.Start)
	if err != nil {
		return time.Time{}, oneOffNone, err
	}
	series := meetingSeries(rule, c)
	switch held := series.Between(time.Time{}, now); {
	case len(series.Occurrences(now, 1)) > 0:
		return time.Time{}, oneOffNone, nil // still to come
	case len(held) > 0:
		at = held[len(held)-1]
	case len(c.Skips) > 0:
		return c.Skips[len(c.Skips)-1], oneOffSkipped, nil
	default:
		return time.Time{}, oneOffNone, nil
	}
	// As the programme's report counts it: a meeting that began while the
	// pair was paused did not take place, even if they resumed since.
	paused, err := b.db.PausedAt(ctx, mp.Pair.ID, at)
	switch {
	case err != nil:
		return time.Time{}, oneOffNone, err
	case paused:
		return at, oneOffPaused, nil
	case now.Before(at.Add(cmp.Or(mp.Schedule.Duration, cadence.DefaultDuration))):
		return at, oneOffUnderWay, nil
	}
	return at, oneOffHeld, nil
}

// pastOneOffText says, in loc, what became of the one-off meeting at at,
// as a clause starting with your ("your" or "Your"): "your one-off
// meeting of … has already taken place".
func pastOneOffText(your string, at time.Time, fate oneOffFate, loc *time.Location) string {
	what := your + " one-off meeting of " + meetWhen(at, loc)
	switch fate {
	case oneOffSkipped:
		return what + " was skipped"
	case oneOffPaused:
		return what + " fell while your meetings were paused and didn't take place"
	case oneOffUnderWay:
		return what + " is under way"
	}
	return what + " has already taken place"
}

// meetingOn returns the pair's scheduled, unskipped meeting on day (in loc)
// that has begun by now (or begins within logEarly of it), the one a
// session logged for that day belongs to; zero when none. A session
// logged in the morning is not the meeting still to come that afternoon.
func meetingOn(zones *datetext.Zones, mp store.MeetingPlan, day datetext.Date, loc *time.Location, now time.Time) (time.Time, error) {
	if !mp.Scheduled {
		return time.Time{}, nil
	}
	rule, err := decodeSchedule(zones, mp.Schedule.Rule)
	if err != nil {
		return time.Time{}, err
	}
	series := meetingSeries(rule, mp.Changes)
	for _, t := range series.Between(day.In(loc), day.AddDays(1).In(loc)) {
		if !t.After(now.Add(logEarly)) {
			return t, nil
		}
	}
	if day == datetext.DateOf(now.In(loc)) {
		// A late meeting logged after midnight belongs to the day before.
		prev := series.Between(day.AddDays(-1).In(loc), day.In(loc))
		for i := len(prev) - 1; i >= 0; i-- {
			if t := prev[i]; now.Sub(t) <= logAfterMidnight {
				return t, nil
			}
		}
	}
	return time.Time{}, nil
}

// logAfterMidnight is how long after a meeting of the day before began a
// session logged today still belongs to it.
const logAfterMidnight = 6 * time.Hour

// logEarly: a pair that met a little early may log before its meeting's
// time.
const logEarly = 30 * time.Minute

// skippedBetween lists the plan's skipped meetings in [from, to).
func skippedBetween(mp store.MeetingPlan, from, to time.Time) []time.Time {
	var out []time.Time
	for _, s := range mp.Skips {
		if !s.Before(from) && s.Before(to) {
			out = append(out, s)
		}
	}
	return out
}

// whenArgs reads the partner out of the arguments of a command whose other
// words are a meeting time (/mentor meet, /mentor move), where no mention
// or @ belongs: the partner may be named first, last or anywhere between,
// after "with" too ("weekly tue 15:00 with @alice"). It returns args with
// the mention first, or an answer that says what is wrong: an @name that
// Slack did not turn into a mention (no such person), or two people.
// example is the command written out with "@partner".
func whenArgs(args, example string) (string, *reply) {
	var mention string
	var rest []string
	for _, w := range words(args) {
		if parseMention(w) != "" {
			if mention != "" {
				rp := textReply("A meeting is for one pair, so name one partner, like this: `%s`. I haven't changed anything.", example)
				return "", &rp
			}
			mention = w
			if n := len(rest); n > 0 && strings.EqualFold(rest[n-1], "with") {
				rest = rest[:n-1]
			}
			continue
		}
		if unknownName(w) {
			rp := unknownNameReply(w, "your partner", example, "I haven't changed anything.")
			return "", &rp
		}
		rest = append(rest, w)
	}
	if mention == "" {
		return args, nil
	}
	return strings.Join(append([]string{mention}, rest...), " "), nil
}

func (b *Bot) cmdMeet(r *request, args string) (reply, error) {
	if rp, ok := r.typedNameIn(args, "I haven't changed anything."); ok {
		return rp, nil
	}
	args, refused := whenArgs(args, "/mentor meet @partner weekly thu 15:00")
	if refused != nil {
		return *refused, nil
	}
	// Too long is refused before someone in two pairs is asked which one
	// they mean: the pick would only lead to the refusal. The examples, of
	// this answer and of the usage, are of the pair when it is known
	// without asking: daytime for both members, as the welcome DM's are.
	if tooLongWhen(args) {
		p, known := r.knownPair(args)
		return textReply("That is too long to be a meeting time, so I haven't changed anything. Write it like %s.", b.meetExamplesText(r, p, known)), nil
	}
	usage := func(p store.Pair, known bool) reply {
		return textReply("Usage: `/mentor meet [@partner] WHEN [for DURATION]`, for example %s. %s", b.meetExamplesText(r, p, known), b.zoneLine(r.user, r.loc))
	}
	p, rest, err := r.pairFor(args)
	var amb *ambiguousPair
	if asAmbiguous(err, &amb) {
		// The WHEN is read in the typer's own zone, whichever the pair:
		// one that can't be read, or has passed, is said before asking
		// which pair, which would lead only to that answer.
		when := strings.TrimSpace(unescapeSlack(amb.args))
		if when == "" {
			return usage(store.Pair{}, false), nil
		}
		if _, _, perr := b.parseMeetTyped(r, when); perr != nil {
			return reply{}, perr
		}
	}
	if err != nil {
		return reply{}, err
	}
	rest = strings.TrimSpace(unescapeSlack(rest))
	if rest == "" {
		return usage(p, true), nil
	}
	rule, dur, err := b.parseMeetTyped(r, rest)
	if err != nil {
		return reply{}, err
	}
	prev, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		// Going on without them would set the meetings afresh: fortnightly
		// ones would lose their anchor, and no one would hear what the new
		// schedule replaced.
		return reply{}, fmt.Errorf("read meetings of pair %d: %w", p.ID, err)
	}
	otherWeeks := false
	if prev.Scheduled {
		if old, err := cadence.DecodeIn(prev.Schedule.Rule, b.zones.Load); err == nil && sameRecurring(old, rule) {
			// The same recurring meetings set again keep their anchor, and
			// so their stored rule, skips and agenda (store.SetSchedule).
			// Only fortnightly ones set again exactly as they were, on what
			// was an off week, start afresh: that is how they move to the
			// other weeks.
			first, _ := rule.Next(r.now)
			oldFirst, _ := old.Next(r.now)
			if rule.Kind != cadence.Biweekly || prev.Schedule.Duration != dur.Truncate(time.Minute) || first.Equal(oldFirst) {
				rule.Start = old.Start
			} else {
				otherWeeks = true
			}
		}
	}
	// The same meetings set again, with nothing skipped or moved ahead for
	// it to undo, change nothing: the partner is not told again.
	if unchangedSchedule(prev, rule, dur, r.now) {
		series := meetingSeries(rule, prev.Changes)
		next := series.Occurrences(r.now, upcomingShown)
		ms := meetingSet{setter: r.user.ID, partner: p.Partner(r.user.ID), pairID: p.ID, rule: rule, dur: dur, unchanged: true}
		ms.night = b.meetNightWarning(r, ms.partner, rule, dur, hourUnclear(rest))
		ph := b.handle(r.ctx, ms.partner)
		ahead := series.Between(r.now, r.now.Add(clashHorizon))
		ms.clash = map[string]string{r.user.ID: b.clashLine(r.user.ID, ph, ahead, dur, b.otherMeetings(r.ctx, r.user.ID, p.ID), r.now, r.loc)}
		return withFoot(meetingSetMessage(ms, r.user.ID, ph, next, r.loc), b.zoneNote(r.user)), nil
	}
	// A new schedule replaces the old one: say so when that one still had
	// meetings ahead, so a one-off does not end a weekly rhythm unnoticed.
	var replaced replacedSchedule
	newLength := prev.Scheduled && prev.Schedule.Duration != dur.Truncate(time.Minute)
	if prev.Scheduled && prev.Schedule.Rule != rule.Encode() {
		if ahead, old, err := upcomingMeetings(&b.zones, prev, r.now, 1); err == nil && (len(ahead) > 0 || prev.Paused()) {
			replaced.rule = old
			if len(ahead) > 0 {
				replaced.next = ahead[0]
			} else {
				replaced.next, _ = old.Next(r.now) // paused: its own next, for the reader's time
			}
			if otherWeeks {
				replaced.more += ", which met in the other weeks"
			}
			if newLength {
				replaced.more += ", " + meetDur(prev.Schedule.Duration)
			}
		}
	}
	partner := p.Partner(r.user.ID)
	// Asked before the write, not while holding it.
	ploc, setter, ph := b.zoneOf(r, partner), b.handle(r.ctx, r.user.ID), b.handle(r.ctx, partner)
	mine, theirs := b.otherMeetings(r.ctx, r.user.ID, p.ID), b.otherMeetings(r.ctx, partner, p.ID)
	var ms meetingSet
	var next []time.Time
	// The DM to the partner is queued in the schedule's commit: queued
	// after it, a failure would leave the meetings set, the partner never
	// told, and the setter told that nothing changed. It needs what the
	// commit leaves (the schedule's time, the skips it kept), so it is
	// made inside it.
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		// What the new schedule undoes is told from the meetings as
		// the commit finds them: a skip the partner made since the read
		// above is undone too, and is listed.
		prev, err := store.MeetingsTx(r.ctx, tx, r.user.ID, p.ID)
		if err != nil {
			return err
		}
		sc, err := store.SetScheduleTx(r.ctx, tx, r.user.ID, p.ID, rule.Encode(), dur)
		if err != nil {
			return err
		}
		// Which skips the new schedule kept is the store's to decide
		// (SetSchedule); the same meetings' skips it undid are back on.
		cur, err := store.MeetingsTx(r.ctx, tx, r.user.ID, p.ID)
		if err != nil {
			return err
		}
		var unskipped []time.Time
		var unmoved []store.Move
		if prev.Scheduled && prev.Schedule.Rule == sc.Rule {
			for _, t := range skippedBetween(prev, r.now, r.now.AddDate(10, 0, 0)) {
				// A skip of a meeting moved there is undone with the move.
				if !cur.Skipped(t) && rule.Has(t) {
					unskipped = append(unskipped, t)
				}
			}
			for _, mv := range prev.Moves {
				if _, kept := cur.MoveTo(mv.To); !kept && mv.From.After(r.now) {
					unmoved = append(unmoved, mv)
				}
			}
		}
		series := meetingSeries(rule, cur.Changes)
		next = series.Occurrences(r.now, upcomingShown)
		// The agenda the old meetings had waits for the first of these.
		if len(next) > 0 {
			if err := store.PinAgendaTx(r.ctx, tx, p.ID, next[0], time.Time{}); err != nil {
				return err
			}
		}
		// The same meetings with another length are no new schedule, but
		// a change all the same, which both are told of: as the store
		// found them, like the skips above, not as read before the commit.
		var oldDur time.Duration
		if prev.Scheduled && prev.Schedule.Rule == sc.Rule && prev.Schedule.Duration != sc.Duration {
			oldDur = prev.Schedule.Duration
		}
		resumed := prev.Paused()
		h := fnv.New32a()
		fmt.Fprintf(h, "%s|%d", sc.Rule, sc.Duration)
		key := fmt.Sprintf("meet:pair=%d:set=%d:%08x:%s", p.ID, sc.SetAt.Unix(), h.Sum32(), r.actionKey())
		ms = meetingSet{setter: r.user.ID, partner: partner, pairID: p.ID, rule: rule, dur: dur, resumed: resumed, replaced: replaced, oldDur: oldDur, unskipped: unskipped, unmoved: unmoved}
		// Each member hears of clashes with their own other pairs.
		ahead := series.Between(r.now, r.now.Add(clashHorizon))
		ms.clash = map[string]string{
			r.user.ID: b.clashLine(r.user.ID, ph, ahead, dur, mine, r.now, r.loc),
			partner:   b.clashLine(partner, setter, ahead, dur, theirs, r.now, ploc),
		}
		// News of a single meeting is news until it is over; of
		// recurring ones, for the week any DM has.
		var until time.Time
		if rule.Kind == cadence.Once && len(next) > 0 {
			until = next[0].Add(dur)
		}
		return dmTxUntil(r.ctx, tx, key, "meeting_set", partner, p.ID, meetingSetMessage(ms, partner, setter, next, ploc), until)
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	ms.night = b.meetNightWarning(r, partner, rule, dur, hourUnclear(rest))
	return withFoot(meetingSetMessage(ms, r.user.ID, ph, next, r.loc), b.zoneNote(r.user)), nil
}

// passedWhenTyped refuses a meeting time, typed as when and read as at
// when it was typed, that has passed since; done says what was not ("set", "moved").
func passedWhenTyped(when string, at time.Time, loc *time.Location, done string) error {
	return sayf("That time has already passed: when you typed it, %s meant %s. Pick a time in the future; I haven't %s anything.",
		inCode(esc(truncate(when, maxEchoed))), meetWhen(at, loc), done)
}

// parseMeetTyped reads the WHEN of /mentor meet as of when it was typed
// (request.typed): "tomorrow 09:00" or "thu 15:00" pressed in a "which
// pair?" answer a day later still means the day it meant then, and is
// refused when that has passed, as a date typed in the past is. A
// recurring WHEN keeps its rhythm from now.
func (b *Bot) parseMeetTyped(r *request, when string) (cadence.Rule, time.Duration, error) {
	rule, dur, err := cadence.ParseMeet(when, r.loc, r.typed())
	if err != nil {
		return rule, dur, parseErrorReply(err)
	}
	if rule.Kind != cadence.Once && r.typed().Before(r.now) {
		// The first meeting is the next one from now: the rhythm was
		// valid then, and is now.
		if rule, dur, err = cadence.ParseMeet(when, r.loc, r.now); err != nil {
			return rule, dur, parseErrorReply(err)
		}
	}
	if _, ok := rule.Next(r.now); !ok {
		if rule.Kind == cadence.Once && r.typed().Before(r.now) {
			return rule, dur, passedWhenTyped(when, rule.Start, r.loc, "set")
		}
		return rule, dur, sayf("That time has already passed; pick one in the future.")
	}
	return rule, dur, nil
}

// unchangedSchedule reports whether setting rule for dur would leave the
// pair's meetings as they are: the same stored rule and length, the pair
// not paused, and no skip or move ahead that setting it again would undo.
func unchangedSchedule(prev store.MeetingPlan, rule cadence.Rule, dur time.Duration, now time.Time) bool {
	if !prev.Scheduled || prev.Paused() || prev.Schedule.Rule != rule.Encode() || prev.Schedule.Duration != dur.Truncate(time.Minute) {
		return false
	}
	if len(skippedBetween(prev, now, now.AddDate(10, 0, 0))) > 0 {
		return false
	}
	return !slices.ContainsFunc(prev.Moves, func(mv store.Move) bool { return mv.From.After(now) || mv.To.After(now) })
}

// sameRecurring reports whether a and b repeat alike: the same kind of
// recurring rule, on the same day (and week of the month), at the same
// time in the same zone; a fortnightly pair perhaps in different weeks.
func sameRecurring(a, b cadence.Rule) bool {
	return a.Kind == b.Kind && a.Kind != cadence.Once && a.Kind != 0 && a.Weekday == b.Weekday && a.Ordinal == b.Ordinal &&
		a.Hour == b.Hour && a.Minute == b.Minute && a.Loc.String() == b.Loc.String()
}

// zoneOf is another person's zone, for the fallback text of dates.
func (b *Bot) zoneOf(r *request, id string) *time.Location { return b.zoneOfID(r.ctx, id) }

// zoneOfID is person id's zone, from their Slack profile (asked of Slack
// when the bot has none stored); the default zone when Slack cannot say.
func (b *Bot) zoneOfID(ctx context.Context, id string) *time.Location {
	u, err := b.slack.Profile(ctx, id)
	if err != nil {
		return b.cfg.DefaultTZ
	}
	return b.loc(u)
}

func (b *Bot) cmdNext(r *request, args string) (reply, error) {
	if _, rest := leadingMention(args); rest != "" {
		if hint, ok := r.bareName(args); ok {
			return textReply("%s", hint), nil
		}
		return textReply("I don't understand %s. Usage: `/mentor next [@partner]` — your next meeting, its agenda and open to-dos.",
			inCode("/mentor next "+echoTyped(args, maxEchoed))), nil
	}
	p, _, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	view, err := b.db.ViewPair(r.ctx, r.user.ID, p.ID, true)
	if err != nil {
		return reply{}, err
	}
	mp := view.MeetingPlan
	onNow, next, rule, err := meetingsAround(&b.zones, mp, r.now, upcomingShown)
	if err != nil {
		return reply{}, err
	}
	var skipped []time.Time
	switch {
	case len(next) > 0:
		skipped = skippedBetween(mp, r.now, next[len(next)-1])
	case mp.Scheduled && !mp.Paused() && mp.Pair.Live():
		// Nothing ahead: say so of the skipped meetings too (a one-off
		// meeting that was skipped), not just that there is none.
		skipped = skippedBetween(mp, r.now, r.now.AddDate(100, 0, 0))
	}
	in := nextInfo{
		viewer: r.user.ID, pair: mp.Pair, plan: mp, rule: rule, onNow: onNow, next: next, skipped: skipped,
		agenda: view.Agenda, todos: view.Todos, hadTodos: view.HadTodos, now: r.now, loc: r.loc,
	}
	if !mp.Scheduled || mp.Paused() || len(next) == 0 { // only then is the partner named in an example
		in.partnerHandle = b.handle(r.ctx, p.Partner(r.user.ID))
		in.example = b.meetExampleClocks(r.ctx, mp.Pair.MentorID, mp.Pair.MenteeID, r.now)[r.user.ID]
	}
	rp := nextMessage(in)
	if len(next) == 0 && len(skipped) > 0 && len(rp.Blocks) > 0 && onNow.IsZero() {
		partner := p.Partner(r.user.ID)
		var ts []string
		for _, t := range skipped {
			ts = append(ts, meetWhen(t, r.loc))
		}
		head := fmt.Sprintf(":fast_forward: Your meeting with <@%s> of %s was *skipped*, and there is no meeting after it; your schedule was %s. Set the next one with `/mentor meet %s …`.",
			partner, strings.Join(ts, " and "), pastScheduleFor(rule, r.loc), b.handle(r.ctx, partner))
		rp.Text, rp.Blocks[0] = head, section(head)
	}
	return rp, nil
}

func (b *Bot) cmdSkip(r *request, args string) (reply, error) {
	// Extra words are refused before asking which pair is meant.
	if _, rest := leadingMention(args); rest != "" {
		if hint, ok := r.bareName(args); ok {
			return textReply("%s", hint), nil
		}
		return textReply("Usage: `/mentor skip [@partner]` skips your next meeting. To change the schedule itself, use `/mentor meet`."), nil
	}
	p, _, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return reply{}, err
	}
	h := b.handle(r.ctx, p.Partner(r.user.ID))
	if err := b.meantSinceBegun(r, mp, "nothing was skipped", "`/mentor skip "+h+"` skips"); err != nil {
		return reply{}, err
	}
	next, _, err := b.nextToChange(r, mp, "skip")
	if err != nil {
		return reply{}, err
	}
	return b.skipMeeting(r, p, next)
}

// nextToChange is the pair's next meeting, to skip or move (verb); a
// friendly error when there is none: no schedule, paused, or none ahead.
func (b *Bot) nextToChange(r *request, mp store.MeetingPlan, verb string) (time.Time, cadence.Rule, error) {
	partner := mp.Pair.Partner(r.user.ID)
	switch {
	case !mp.Scheduled:
		return time.Time{}, cadence.Rule{}, sayf("You and <@%s> have no meetings scheduled, so there is nothing to %s. Set them with `/mentor meet %s weekly thu %s`.",
			partner, verb, b.handle(r.ctx, partner), cmp.Or(b.meetExampleClocks(r.ctx, mp.Pair.MentorID, mp.Pair.MenteeID, r.now)[r.user.ID].weekly, "15:00"))
	case mp.Paused():
		return time.Time{}, cadence.Rule{}, sayf("Your meetings with <@%s> are paused, so there is nothing to %s. `/mentor resume %s` starts them again.", partner, verb, b.handle(r.ctx, partner))
	}
	next, rule, err := upcomingMeetings(&b.zones, mp, r.now, 1)
	if err != nil {
		return time.Time{}, cadence.Rule{}, err
	}
	if len(next) == 0 {
		return time.Time{}, cadence.Rule{}, sayf("You and <@%s> have no upcoming meeting to %s. Set one with `/mentor meet %s …`.", partner, verb, b.handle(r.ctx, partner))
	}
	return next[0], rule, nil
}

// cmdMove moves the pair's next meeting, and only that one, to another
// time; the schedule stays as it is.
func (b *Bot) cmdMove(r *request, args string) (reply, error) {
	if rp, ok := r.typedNameIn(args, "I haven't moved anything."); ok {
		return rp, nil
	}
	args, refused := whenArgs(args, "/mentor move @partner thu 15:00")
	if refused != nil {
		return *refused, nil
	}
	// As in cmdMeet, before asking which pair.
	if tooLongWhen(args) {
		// The examples are of the pair's next meeting when that is known
		// (not asked about): daytime for both members.
		return textReply("That is too long to be a meeting time, so I haven't moved anything. Write it like %s.", strings.Join(moveExamples(b.moveHelpOf(r, args)), " or ")), nil
	}
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	rest = strings.TrimSpace(unescapeSlack(rest))
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return reply{}, err
	}
	h := b.handle(r.ctx, p.Partner(r.user.ID))
	if err := b.meantSinceBegun(r, mp, "nothing was moved", "`/mentor move "+h+" WHEN` moves"); err != nil {
		return reply{}, err
	}
	cur, rule, err := b.nextToChange(r, mp, "move")
	if err != nil {
		return reply{}, err
	}
	if rest == "" {
		// Times that are daytime for both members, as the Home's are.
		us, them := b.pairDaytimes(r.ctx, r.user, p.Partner(r.user.ID))
		exs := moveExamples(h, moveExampleOf(us, them, cur, mp.Schedule.Duration, r.now))
		return textReply("Usage: `/mentor move [@partner] WHEN` moves your next meeting (%s) and only that one: %s or `/mentor move %s %s`. %s",
			meetWhen(cur, r.loc), strings.Join(exs, ", "), h, datetext.DateOf(cur.In(r.loc)).AddDays(1).String()+" "+cur.In(r.loc).Format("15:04"), b.zoneLine(r.user, r.loc)), nil
	}
	// Read as of when it was typed, as /mentor meet's WHEN (parseMeetTyped).
	to, err := cadence.ParseMove(rest, cur, r.loc, r.typed())
	if err != nil {
		return reply{}, parseErrorReply(err)
	}
	if !to.After(r.now) {
		return reply{}, passedWhenTyped(rest, to, r.loc, "moved")
	}
	return b.moveMeeting(r, mp, rule, cur, to, hourUnclear(rest), false)
}

// moveMeeting moves the pair's meeting that takes place at cur (an
// upcoming one of mp) to to, and tells both members; back says it goes
// back to where it was before a move (an Undo). Its answer has an Undo
// button. A time that holds a skip or a move away is refused, with the
// button that takes that change back when it can be: /mentor move and
// the Move buttons reach only the meeting they name, not that one.
func (b *Bot) moveMeeting(r *request, mp store.MeetingPlan, rule cadence.Rule, cur, to time.Time, unclear, back bool) (reply, error) {
	p, partner := mp.Pair, mp.Pair.Partner(r.user.ID)
	series, dur := meetingSeries(rule, mp.Changes), mp.Schedule.Duration
	from := cur
	if mv, ok := mp.MoveTo(cur); ok {
		from = mv.From
	}
	if to.Equal(cur) {
		return reply{}, sayf("Your meeting with <@%s> is already %s, so nothing changed.", partner, meetWhen(cur, r.loc))
	}
	if t, ok := overlapping(series, to, dur, cur); ok {
		return reply{}, sayf("That would overlap your meeting with <@%s> of %s, so I haven't moved anything. Pick another time.", partner, meetWhen(t, r.loc))
	}
	// A time a meeting was skipped at, or moved away from, holds that
	// change: another meeting cannot take it (one moved back can).
	if !to.Equal(from) {
		if rp, taken := b.takenTime(r, mp, to); taken {
			return rp, nil
		}
	}
	passed := time.Time{} // the first meeting it now comes after, if any
	overtaken := 0        // how many it now comes after
	if rule.Kind != cadence.Once {
		if after := series.Occurrences(cur.Add(time.Nanosecond), 1); len(after) == 1 && to.After(after[0]) {
			passed = after[0]
			overtaken = len(series.Between(passed, to))
		}
	}
	// Each reader gets the times in their own zone.
	rest := func(loc *time.Location) string {
		switch {
		case rule.Kind == cadence.Once:
			return ""
		case passed.IsZero():
			return " The meetings after it stay as they were."
		case overtaken > 1:
			return fmt.Sprintf(" It now comes after %d of your meetings, from %s on, which stay as they were.", overtaken, meetWhen(passed, loc))
		}
		return fmt.Sprintf(" It now comes after your meeting of %s, which stays as it was.", meetWhen(passed, loc))
	}
	agendaFor := func(loc *time.Location) string {
		if passed.IsZero() {
			return " Its agenda goes with it."
		}
		// Its agenda stays with the next meeting, which is now that one
		// (store.MoveMeetingTx).
		return fmt.Sprintf(" Its agenda is now that of your meeting of %s.", meetWhen(passed, loc))
	}
	ploc := b.zoneOf(r, partner)
	warn := "" // for the mover only
	handle := b.handle(r.ctx, partner)
	if line := b.nightWarning(r, partner, to, dur, r.now, unclear, func(t time.Time) string {
		return "/mentor move " + handle + " " + t.In(r.loc).Format("2006-01-02 15:04")
	}); line != "" {
		warn = "\n" + line
	}
	// A time that happens twice that day (the clocks go back) is the
	// first: the mover, who typed it in their zone, is told which.
	if line := cadence.WallClockNote(to, r.loc); line != "" {
		warn += "\n:clock3: _" + line + "_"
	}
	// Each member hears whether the meeting's new time overlaps one of
	// their own other pairs' meetings.
	moved := []time.Time{to}
	if line := b.clashLine(r.user.ID, handle, moved, dur, b.otherMeetings(r.ctx, r.user.ID, p.ID), r.now, r.loc); line != "" {
		warn += "\n" + line
	}
	theirClash := ""
	if line := b.clashLine(partner, b.handle(r.ctx, r.user.ID), moved, dur, b.otherMeetings(r.ctx, partner, p.ID), r.now, ploc); line != "" {
		theirClash = "\n" + line
	}
	backWord := ""
	if back {
		backWord = " back"
	}
	note := textReply(":arrows_counterclockwise: <@%s> moved your meeting%s from %s to *%s*, for %s.%s%s%s",
		r.user.ID, backWord, meetWhen(cur, ploc), meetWhen(to, ploc), meetDur(mp.Schedule.Duration), rest(ploc), agendaFor(ploc), theirClash)
	// In the move's commit: told after it, a failed DM would leave the
	// meeting moved, the partner never told, and the mover told that
	// nothing changed.
	// It is news until the meeting, at its new time, is over.
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		agendaTo := to
		if !passed.IsZero() {
			agendaTo = passed
		}
		if err := store.MoveMeetingTx(r.ctx, tx, r.user.ID, p.ID, mp.Schedule.SetAt, from, cur, to, agendaTo); err != nil {
			return err
		}
		return dmTxUntil(r.ctx, tx, fmt.Sprintf("move:pair=%d:from=%d:to=%d:%s", p.ID, cur.Unix(), to.Unix(), r.actionKey()), "meeting_moved", partner, p.ID, note, to.Add(mp.Schedule.Duration))
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	b.moves.note(p.ID, cur, to, r.now)
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	rp := withFoot(textReply(":arrows_counterclockwise: Moved your meeting with <@%s>%s from %s to *%s*, for %s.%s%s I've let them know, and reminders follow the new time.%s",
		partner, backWord, meetWhen(cur, r.loc), meetWhen(to, r.loc), meetDur(mp.Schedule.Duration), rest(r.loc), agendaFor(r.loc), warn), b.zoneNote(r.user))
	return withButton(rp, "meeting_moved_undo", button(actionMoveBack, moveBackValue(p.ID, from, cur, to, mp.Schedule.SetAt), "Undo", "")), nil
}

// upcomingAt is the pair's plan and rule when its meeting at at is still
// to come; a friendly error when not (moved, skipped, begun, set anew).
func (b *Bot) upcomingAt(r *request, pairID int64, at time.Time) (store.MeetingPlan, cadence.Rule, error) {
	mp, err := b.db.Meetings(r.ctx, r.user.ID, pairID)
	if err != nil {
		return mp, cadence.Rule{}, err
	}
	if !mp.Pair.Live() {
		return mp, cadence.Rule{}, b.endedPairErr(r, mp.Pair, "/mentor next")
	}
	if !at.After(r.now) {
		return mp, cadence.Rule{}, b.pastMeetingErr(r, mp, at, "move")
	}
	ahead, rule, err := stillAhead(&b.zones, mp, r.now, at)
	if err != nil {
		return mp, rule, err
	}
	if !ahead {
		return mp, rule, b.goneAheadErr(r, mp, at, "move")
	}
	return mp, rule, nil
}

// pastMeetingErr answers a Skip or Move button (verb "skip" or "move") of
// the pair's meeting at at, which has begun by r.now, with what became of
// it: one skipped, moved away or fallen in a pause did not take place,
// whatever its time says. Not "no longer on your schedule" either, which
// would read as if it had been called off just now.
func (b *Bot) pastMeetingErr(r *request, mp store.MeetingPlan, at time.Time, verb string) error {
	// The command named with the partner: alone, it asks someone in more
	// than one pair which one they mean.
	h := b.handle(r.ctx, mp.Pair.Partner(r.user.ID))
	cannot, started, next := "it can't be moved", "it can't be moved", fmt.Sprintf("`/mentor move %s` moves the next one.", h)
	if verb == "skip" {
		cannot, started, next = "there's nothing to skip", "it can't be skipped", fmt.Sprintf("`/mentor skip %s` skips the next one.", h)
	}
	// mp's changes reach back only two days; a button can be older.
	c, err := b.db.MeetingChanges(r.ctx, mp.Pair.ID, at)
	if err != nil {
		return err
	}
	if c.Skipped(at) {
		return sayf("That meeting was skipped, so %s. %s", cannot, next)
	}
	if mv, ok := c.MoveFrom(at); ok {
		return sayf("That meeting was moved to %s. %s", meetWhen(mv.To, r.loc), next)
	}
	if _, in := c.MoveTo(at); !in && mp.Scheduled && mp.Schedule.SetAt.Before(at) {
		// The schedule in force at its time had no meeting then: it was
		// set anew after the button was drawn.
		if rule, err := cadence.DecodeIn(mp.Schedule.Rule, b.zones.Load); err == nil && !rule.Has(at) {
			return sayf("That meeting was no longer on your schedule by its time: your meetings were set anew. %s", next)
		}
	}
	paused, err := b.db.PausedAt(r.ctx, mp.Pair.ID, at)
	if err != nil {
		return err
	}
	switch {
	case paused:
		return sayf("That meeting fell while your meetings were paused and didn't take place, so %s. %s", cannot, next)
	case r.now.Sub(at) < cmp.Or(mp.Schedule.Duration, cadence.DefaultDuration):
		return sayf("That meeting has already started, so %s.", started)
	}
	return sayf("That meeting has already taken place, so %s. %s", cannot, next)
}

// stillAhead reports whether the pair's meeting at at is one of its
// upcoming meetings (upcomingMeetings): not begun, skipped, moved away,
// paused or set anew. A button names its meeting by that time.
func stillAhead(zones *datetext.Zones, mp store.MeetingPlan, now, at time.Time) (bool, cadence.Rule, error) {
	next, rule, err := upcomingMeetings(zones, mp, now, 60)
	return err == nil && slices.ContainsFunc(next, at.Equal), rule, err
}

// actMeetingMove opens the form that moves the meeting named by the
// button, if it is still to come.
func (b *Bot) actMeetingMove(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	pairID, at, ok := parseSkipValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/mentor move` instead.")
	}
	mp, _, err := b.upcomingAt(r, pairID, at)
	if err != nil {
		return actionReply{}, err
	}
	view := moveModal(mp.Pair.Partner(r.user.ID), at, r.loc, modalMeta{Channel: r.channelID, ID: pairID, Extra: strconv.FormatInt(at.Unix(), 10)}, b.zoneNote(r.user) != "")
	if err := b.openModal(r, view); err != nil {
		return actionReply{}, err
	}
	return actionReply{}, nil
}

// viewMeetingMove moves the meeting the form was opened for to the day
// and time chosen, read in the submitter's zone.
func (b *Bot) viewMeetingMove(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	unixAt, err := strconv.ParseInt(meta.Extra, 10, 64)
	if err != nil {
		return viewReply{}, sayf("That form has expired; use `/mentor move` instead.")
	}
	at := time.Unix(unixAt, 0).UTC()
	day, clock := input(cb, blockMoveDay, blockMoveDay), input(cb, blockMoveTime, blockMoveTime)
	switch {
	case day == "":
		return viewReply{Errors: map[string]string{blockMoveDay: "Pick a day."}}, nil
	case clock == "":
		return viewReply{Errors: map[string]string{blockMoveTime: "Pick a time."}}, nil
	}
	if errs := movePickerErrors(day, clock, r.now, r.loc); errs != nil {
		return viewReply{Errors: errs}, nil
	}
	to, err := cadence.ParseMove(day+" "+clock, at, r.loc, r.now)
	if err != nil {
		return viewReply{Errors: map[string]string{blockMoveTime: b.friendly(parseErrorReply(err), "move modal")}}, nil
	}
	mp, rule, err := b.upcomingAt(r, meta.ID, at)
	if err != nil {
		return viewReply{}, err
	}
	rp, err := b.moveMeeting(r, mp, rule, at, to, false, false) // the form's time is on the 24-hour clock
	if isUserError(err) {
		// A time another meeting holds: the form stays open to pick again.
		// One a skip or a move away holds is answered instead (rp), the
		// form closed: the answer's button, which takes that change back,
		// could not be in the form.
		return viewReply{Errors: map[string]string{blockMoveTime: b.friendly(err, "move modal")}}, nil
	}
	if err != nil {
		return viewReply{}, err
	}
	return viewReply{Confirm: &rp}, nil
}

// movePickerErrors checks the move form's day and time (picked as
// "2006-01-02" and "15:04" in loc) as /mentor move would, and says what is
// wrong under the picker that is to change, in the pickers' terms rather
// than with a command to type: a day that does not exist (only a forged
// form sends one), has passed or is more than two years away is the
// day's; a time that has passed today, or that the clocks skip, the
// time's. nil when both are fine.
func movePickerErrors(day, clock string, now time.Time, loc *time.Location) map[string]string {
	d, err := datetext.ParseISODate(day)
	if err != nil {
		return map[string]string{blockMoveDay: "There is no such day. Pick one in the calendar."}
	}
	now = now.In(loc)
	today, last := datetext.DateOf(now), datetext.DateOf(now.AddDate(2, 0, 0))
	switch {
	case d.Before(today):
		return map[string]string{blockMoveDay: fmt.Sprintf("That day has passed. Pick today (%s) or a later day.", goalDate(today))}
	case last.Before(d):
		return map[string]string{blockMoveDay: fmt.Sprintf("That day is more than two years away. Pick a day up to %s.", goalDate(last))}
	}
	hm, err := time.Parse("15:04", clock)
	if err != nil {
		return map[string]string{blockMoveTime: "Pick a time from the list."}
	}
	start := d.At(hm.Hour(), hm.Minute(), loc)
	switch {
	case !start.After(now):
		return map[string]string{blockMoveTime: "That time has already passed. Pick a later time, or a later day."}
	case start.After(now.AddDate(2, 0, 0)):
		// The last day, later than now's time of day.
		return map[string]string{blockMoveTime: fmt.Sprintf("That is more than two years away. Pick a time up to %s, or an earlier day.", now.Format("15:04"))}
	case start.Hour() != hm.Hour() || start.Minute() != hm.Minute():
		return map[string]string{blockMoveTime: fmt.Sprintf("%s doesn't exist on %s in %s: the clocks go forward then. Pick another time.", clock, goalDate(d), loc)}
	}
	return nil
}

// skip skips the pair's meeting at at and tells both members.
func (b *Bot) skipMeeting(r *request, p store.Pair, at time.Time) (reply, error) {
	partner := p.Partner(r.user.ID)
	// Asked before the write, not while holding it.
	ploc, skipper := b.zoneOf(r, partner), b.handle(r.ctx, r.user.ID)
	// The DM to the partner is queued in the skip's commit: queued after
	// it, a failure would leave the meeting skipped, the partner never
	// told, and the skipper told that nothing changed. It names the
	// meeting after the skip, so it is made inside the commit.
	var after, heir, setAt time.Time
	var itsAgenda int64 // open items that were the skipped meeting's
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if itsAgenda, err = store.SkipMeetingTx(r.ctx, tx, r.user.ID, p.ID, at); err != nil {
			return err
		}
		mp, err := store.MeetingsTx(r.ctx, tx, r.user.ID, p.ID)
		if err != nil {
			return err
		}
		setAt = mp.Schedule.SetAt
		if after, err = nextMeeting(&b.zones, mp, r.now); err != nil {
			return err
		}
		// Its agenda waits for the meeting after it (after, unless the
		// Skip button of a reminder sent well ahead skipped a later
		// one), which a session logged before that one does not cover.
		if heir, err = nextMeeting(&b.zones, mp, at); err != nil {
			return err
		}
		if err := store.PinAgendaTx(r.ctx, tx, p.ID, heir, time.Time{}); err != nil {
			return err
		}
		note := textReply(":fast_forward: <@%s> skipped your meeting of %s. %s", r.user.ID, meetWhen(at, ploc), skipThen(at, after, heir, ploc, skipper))
		// News until the meeting would have ended: a skip at the last
		// minute, held up by a busy dispatcher, still tells the partner
		// waiting in it why nobody came.
		return dmTxUntil(r.ctx, tx, fmt.Sprintf("skip:pair=%d:at=%d:%s", p.ID, at.Unix(), r.actionKey()), "meeting_skipped", partner, p.ID, note, at.Add(mp.Schedule.Duration))
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	undo := button(actionUnskip, unskipValue(p.ID, at, setAt), "Undo", "")
	then := skipThen(at, after, heir, r.loc, b.handle(r.ctx, partner))
	if !after.IsZero() && after.Before(at) {
		// A later meeting skipped, from a reminder sent well ahead: the
		// next one's agenda stays with it, and only what was added for
		// the skipped one moves, to the meeting after it.
		waits := ""
		if itsAgenda > 0 && !heir.IsZero() {
			waits = " Its agenda waits for the meeting after it, " + meetWhen(heir, r.loc) + "."
		}
		return withButton(textReply(":fast_forward: Skipped your meeting with <@%s> of %s. %s I've let them know.%s",
			partner, meetWhen(at, r.loc), then, waits), "skip_undo", undo), nil
	}
	return withButton(textReply(":fast_forward: Skipped your meeting with <@%s> of %s. %s I've let them know; its agenda waits for the next meeting.",
		partner, meetWhen(at, r.loc), then), "skip_undo", undo), nil
}

// skipThen says, in loc, what comes after the meeting at at was skipped:
// after is the pair's next meeting now, heir the first one after at.
// partner is the handle to set meetings with when none is left.
func skipThen(at, after, heir time.Time, loc *time.Location, partner string) string {
	switch {
	case after.IsZero():
		return "There is no meeting after it on the schedule; set one with `/mentor meet " + partner + " …`."
	case !after.Before(at):
		return "The next one is " + meetWhen(after, loc) + "."
	case heir.IsZero():
		return "Your meeting of " + meetWhen(after, loc) + " still takes place; there is none after the skipped one on the schedule."
	}
	return "Your meeting of " + meetWhen(after, loc) + " still takes place; after the skipped one, the next is " + meetWhen(heir, loc) + "."
}

func (b *Bot) cmdPause(pause bool) handler {
	return func(r *request, args string) (reply, error) {
		if id, rest := leadingMention(args); rest != "" {
			if hint, ok := r.bareName(args); ok {
				return textReply("%s", hint), nil
			}
			if pause {
				who := ""
				if id != "" {
					who = " " + b.handle(r.ctx, id)
				}
				return pauseForAWhile(r, rest, who), nil
			}
			return textReply("Usage: `/mentor resume [@partner]` starts your paused meetings again; it takes nothing more."), nil
		}
		p, _, err := r.pairFor(args)
		if err != nil {
			return reply{}, err
		}
		if pause && p.Status == store.PairPaused {
			// Answered here, where the partner's handle is known: someone
			// in two pairs reads the command that resumes this one.
			return textReply("Your meetings with <@%s> are already paused, so nothing changed. `/mentor resume %s` starts them again.",
				p.Partner(r.user.ID), b.handle(r.ctx, p.Partner(r.user.ID))), nil
		}
		if !pause {
			return b.resume(r, p)
		}
		partner := p.Partner(r.user.ID)
		// Check-ins go to members of active pairs: a pause holds them too.
		note := textReply(":double_vertical_bar: <@%s> paused your meetings. No meeting reminders or check-ins for your pair until one of you types `/mentor resume %s`. Your agenda, to-dos and goals stay as they are.", r.user.ID, b.handle(r.ctx, r.user.ID))
		// In the pause's commit: told after it, a failed DM would leave the
		// partner never told, as a second try finds the pair paused.
		err = b.commitAndTell(r.ctx, func(tx *store.Tx) error {
			_, err := store.SetPausedTx(r.ctx, tx, r.user.ID, p.ID, true)
			return err
		}, fmt.Sprintf("pause:pair=%d:t=%d:%s", p.ID, r.now.Unix(), r.actionKey()), "meetings_paused", partner, p.ID, note)
		if err != nil {
			return reply{}, err
		}
		b.meetingsChanged(r.ctx, p.ID, r.pressed)
		return textReply(":double_vertical_bar: Paused your meetings with <@%s>; no meeting reminders or check-ins for this pair until you `/mentor resume %s`. I've let them know.", partner, b.handle(r.ctx, partner)), nil
	}
}

// resume starts pair p's paused meetings again for r's user and tells the
// partner, in the commit of the resume: a re-plan that saw the resume
// before the notice was stored could send the reminders that fell due in
// the pause, which go at the resume, ahead of the news that meetings are
// back on.
func (b *Bot) resume(r *request, p store.Pair) (reply, error) {
	if p.Status != store.PairPaused {
		// Refused before the reads and the partner's zone, which only a
		// resume needs; the commit below refuses too, should the pair
		// change meanwhile.
		return reply{}, sayf("Your meetings with <@%s> are not paused, so there is nothing to resume.", p.Partner(r.user.ID))
	}
	// Read before the resume, as it will leave them (the reads and the
	// partner's zone stay out of the write).
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return reply{}, err
	}
	if mp.Pair.Status == store.PairPaused {
		mp.Pair.Status = store.PairActive
	}
	next, err := nextMeeting(&b.zones, mp, r.now)
	if err != nil {
		return reply{}, err
	}
	var past time.Time
	fate := oneOffNone
	if next.IsZero() {
		// A one-off meeting that is over: say so, not "no meeting yet".
		if past, fate, err = b.pastOneOff(r.ctx, mp, r.now); err != nil {
			return reply{}, err
		}
	}
	nextFor := func(loc *time.Location, other string) string {
		set := "`/mentor meet " + b.handle(r.ctx, other) + " …`"
		switch {
		case !next.IsZero():
			return "The next meeting is " + meetWhen(next, loc) + "."
		case fate == oneOffUnderWay:
			return pastOneOffText("Your", past, fate, loc) + ", and there is no meeting on the schedule after it; set the next one with " + set + "."
		case fate != oneOffNone:
			return pastOneOffText("Your", past, fate, loc) + ", so there is no meeting on the schedule; set the next one with " + set + "."
		}
		return "There is no meeting on the schedule yet; set one with " + set + "."
	}
	partner := p.Partner(r.user.ID)
	note := textReply(":arrow_forward: <@%s> resumed your meetings. %s", r.user.ID, nextFor(b.zoneOf(r, partner), r.user.ID))
	key := fmt.Sprintf("resume:pair=%d:t=%d:%s", p.ID, r.now.Unix(), r.actionKey())
	err = b.commitAndTell(r.ctx, func(tx *store.Tx) error {
		if _, err := store.SetPausedTx(r.ctx, tx, r.user.ID, p.ID, false); err != nil {
			return err
		}
		// What was added while paused, or for a meeting the pause
		// cancelled, is for the first meeting back.
		return store.PinAgendaTx(r.ctx, tx, p.ID, next, next)
	}, key, "meetings_resumed", partner, p.ID, note)
	if err != nil {
		return reply{}, err
	}
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	return textReply(":arrow_forward: Resumed your meetings with <@%s>. %s I've let them know.", partner, nextFor(r.loc, partner)), nil
}

// pauseForAWhile answers /mentor pause with more than a partner, "pause
// for 2 weeks" most likely: a pause has no end, so it says what does.
// Nothing is paused: the person picks what they meant. who is the partner
// they named (" @bob"), or "": the commands it suggests name them too, so
// that someone in two pairs is not asked which one they mean.
func pauseForAWhile(r *request, rest, who string) reply {
	snooze, back := "2w", ""
	if until, err := datetext.ParseSnooze(unescapeSlack(rest), r.now, r.loc); err == nil && utf8.RuneCountInString(rest) <= maxWhenText {
		snooze = strings.TrimSpace(unescapeSlack(rest))
		// The break they asked for, from the commands there are.
		back = fmt.Sprintf(" No meetings until %s? `/mentor pause%[2]s` now, and `/mentor resume%[2]s` then.", dateTokenIn(until, "{date_long_pretty}", r.loc), who)
	}
	return textReply("I haven't paused anything: `/mentor pause [@partner]` takes no length. It holds all your meetings, with their reminders and check-ins, "+
		"until one of you types `/mentor resume`.%s For a break of a set time: `/mentor skip%s` skips just the next meeting, and `/mentor snooze%[2]s %[3]s` holds "+
		"your pair's nudges and check-ins until then (meetings still happen); they come back by themselves.", back, who, esc(snooze))
}

// skipValue is the value of a Skip (or Move) button for the pair's meeting
// at at.
func skipValue(pairID int64, at time.Time) string { return fmt.Sprintf("%d:%d", pairID, at.Unix()) }

// parseSkipValue reads a skipValue.
func parseSkipValue(v string) (pairID int64, at time.Time, ok bool) {
	f, ok := unixFields(v, 2)
	if !ok {
		return 0, time.Time{}, false
	}
	return f[0], time.Unix(f[1], 0).UTC(), true
}

// unixFields reads n colon-separated integers, as the values of the
// meeting buttons hold a pair's ID and Unix times.
func unixFields(v string, n int) ([]int64, bool) {
	parts := strings.Split(v, ":")
	if len(parts) != n {
		return nil, false
	}
	out := make([]int64, n)
	for i, s := range parts {
		x, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, false
		}
		out[i] = x
	}
	return out, true
}

// overlapping returns a meeting of series, other than self, that a
// meeting of length dur at at would overlap: two at once make no sense.
func overlapping(series cadence.Series, at time.Time, dur time.Duration, self time.Time) (time.Time, bool) {
	for _, t := range series.Between(at.Add(-dur+time.Nanosecond), at.Add(dur)) {
		if !t.Equal(self) {
			return t, true
		}
	}
	return time.Time{}, false
}

// actMeetingSkip skips the meeting named by the button, if it is still on
// the schedule.
func (b *Bot) actMeetingSkip(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, at, ok := parseSkipValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/mentor skip` instead.")
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	// As the Move button (upcomingAt): an ended pair has no next meeting
	// to point to.
	if !mp.Pair.Live() {
		return actionReply{}, b.endedPairErr(r, mp.Pair, "/mentor next")
	}
	if !at.After(r.now) {
		return actionReply{}, b.pastMeetingErr(r, mp, at, "skip")
	}
	ahead, _, err := stillAhead(&b.zones, mp, r.now, at)
	if err != nil {
		return actionReply{}, err
	}
	if !ahead {
		if mp.Skipped(at) {
			// Skipped since (by the partner, or from another copy): the
			// reminder says so, without its Skip button.
			rp := textReply(":fast_forward: Your meeting of %s is skipped. `/mentor next %s` shows the one after.", meetWhen(at, r.loc), b.handle(r.ctx, mp.Pair.Partner(r.user.ID)))
			return actionReply{Replace: &rp}, nil
		}
		return actionReply{}, b.goneAheadErr(r, mp, at, "skip")
	}
	rp, err := b.skipMeeting(r, mp.Pair, at)
	if err != nil {
		return actionReply{}, err
	}
	// The reminder becomes the confirmation: its Skip button is spent.
	return actionReply{Replace: &rp}, nil
}

// outdateMeetingDMs edits the reminders and agenda prompts already sent
// about pair pairID's meetings that have not begun and no longer take place
// (moved, skipped, set anew, paused, the pair ended): their buttons go, and
// they say why, so that nobody prepares for a meeting that will not happen.
// Each is edited once; a failed edit is logged and tried again at the
// pair's next change. The DM whose ts is pressed is not edited: the press
// that made the change (Skip on a reminder) replaced it with its answer,
// which says more, and an edit after it would take that away.
func (b *Bot) outdateMeetingDMs(ctx context.Context, pairID int64, pressed string) {
	defer lockStripe(&b.outdating, pairID)()
	now := b.clock.Now()
	// An agenda prompt expires an hour before its meeting: one whose
	// meeting is still ahead may have expired by now.
	sent, err := b.db.SentBeforeMeetings(ctx, pairID, []string{scheduler.KindReminder, scheduler.KindAgenda}, now.Add(-scheduler.AgendaMinLead))
	if err != nil || len(sent) == 0 {
		if err != nil {
			b.log.Warn("outdated meeting DMs", "pair", pairID, "err", err)
		}
		return
	}
	mp, err := b.db.LoadMeetingPlan(ctx, pairID)
	if err != nil {
		b.log.Warn("outdated meeting DMs", "pair", pairID, "err", err)
		return
	}
	var series cadence.Series
	if mp.Scheduled {
		rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
		if err != nil {
			b.log.Warn("outdated meeting DMs", "pair", pairID, "err", err)
			return
		}
		series = meetingSeries(rule, mp.Changes)
	}
	for _, n := range sent {
		at, ok := scheduler.ParseMeetingRef(n.Ref)
		if !ok || !at.After(now) {
			continue // begun: past changing
		}
		// The stored row, not Profile: this runs after /mentor forget too,
		// which must not fetch the forgotten person's profile again.
		u, err := readUser(ctx, b.db, n.RecipientID)
		if err != nil && store.ErrorCode(err) != store.ENotFound {
			b.log.Warn("outdated meeting DMs", "pair", pairID, "user", n.RecipientID, "err", err)
			continue
		}
		partner, loc := mp.Pair.Partner(n.RecipientID), b.loc(u)
		h := b.handle(ctx, partner)
		text := meetingGoneText(mp, series, at, n.SentAt, partner, h, loc)
		was := strings.HasPrefix(n.LastError, store.NoteOutdated)
		// Moved, and still to take place at its new time (not paused or
		// skipped there since): its agenda still takes items.
		m, moved := mp.MoveFrom(at)
		agenda := moved && mp.Pair.Live() && !mp.Paused() && !mp.Skipped(m.To) && m.To.After(now)
		mark := ""
		if text != "" {
			// The button is part of what the DM says: a pause after a move
			// leaves the text as it was, and takes the button away.
			h := fnv.New32a()
			fmt.Fprintf(h, "%s|%t", text, agenda)
			mark = fmt.Sprintf("%s:%08x", store.NoteOutdated, h.Sum32())
			if !moved && mp.Pair.Live() && mp.Skipped(at) {
				mark += markSkipped
			}
		}
		shown := text
		if text != "" && movedOnAgain(mp, series, at, n.SentAt) {
			// Where it went is known from the moves made lately, or from
			// the edit before, which the mark keeps: the store does not.
			if to, ok := b.movedAgainTo(n.LastError, mark, pairID, at, n.SentAt, series); ok {
				shown = fmt.Sprintf(":arrows_counterclockwise: Your meeting with <@%s> of %s was moved again, to *%s*: reminders follow the new time.", partner, meetWhen(at, loc), meetWhen(to, loc))
				mark += ":to=" + strconv.FormatInt(to.Unix(), 10)
			}
		}
		var rp reply
		switch {
		case text != "" && mark != n.LastError:
			// Gone, or gone another way than the DM says (moved on again).
			rp = textReply("%s", shown)
			if agenda {
				rp.Blocks = []slack.Block{section(text), slack.NewActionBlock("meeting_moved_actions", agendaButton(pairID))}
			}
		case text == "" && was:
			if strings.HasSuffix(n.LastError, markSkipped) {
				// Its skip taken back (Undo): the DM is again what it was,
				// drawn as it would be sent now, and marked as one never
				// outdated.
				if back, err := b.nt.renderers()[n.Kind](withUserMemo(ctx), n); err == nil {
					rp, mark = back, ""
					break
				} else if !errors.Is(err, scheduler.ErrObsolete) {
					b.log.Warn("outdated meeting DMs: draw one back on", "key", n.Key, "err", err)
				}
			}
			// Back on (resumed, set again as it was): the DM says so, with
			// the button to add to its agenda.
			head := fmt.Sprintf(":white_check_mark: Your meeting with <@%s> of %s takes place after all. `/mentor next %s` shows its agenda.", partner, meetWhen(at, loc), h)
			rp = reply{Text: head, Blocks: []slack.Block{section(head), slack.NewActionBlock("meeting_back_actions", agendaButton(pairID))}}
			// Its hint and button are the pair's end's to take away once
			// the meeting has begun (endedNews).
			mark = store.NoteBackOn
		default:
			continue
		}
		if pressed != "" && n.TS == pressed {
			err = nil // answered by the press, and marked as seen to
		} else {
			err = b.editDM(ctx, n.Key, rp)
		}
		// A DM Slack will never edit (deleted by a retention policy, too
		// old) is not tried again either.
		var pe *PermanentError
		if err == nil || errors.As(err, &pe) {
			if err := b.db.MarkOutdated(ctx, n.ID, mark); err != nil {
				b.log.Warn("outdated meeting DMs", "pair", pairID, "err", err)
			}
		}
	}
}

// markSkipped ends the mark of a DM edited to say its meeting was
// skipped (outdateMeetingDMs): taken back, the skip leaves the DM as it
// was, not a note that the meeting takes place after all.
const markSkipped = ":skipped"

// movedAgainTo is where the pair's meeting at at, which a DM sent at sent
// was about, moved there and moved on again, is now, when that is known:
// followed from at, or from where the DM's last edit (marked
// prevMark+":to=T") said it went, through the moves made lately
// (b.moves), or that edit's T while it still holds a meeting.
func (b *Bot) movedAgainTo(prevMark, mark string, pairID int64, at, sent time.Time, series cadence.Series) (time.Time, bool) {
	if t, ok := b.moves.follow(pairID, at, sent); ok && series.Has(t) {
		return t, true
	}
	rest, ok := strings.CutPrefix(prevMark, mark+":to=")
	if !ok {
		return time.Time{}, false
	}
	u, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	prev := time.Unix(u, 0).UTC()
	if t, ok := b.moves.follow(pairID, prev, time.Time{}); ok && series.Has(t) {
		return t, true
	}
	return prev, series.Has(prev)
}

// movedOnAgain reports whether the meeting at at, which a DM sent at sent
// was about, had been moved there and has moved on since (not by new
// meetings being set, which forget moves). Its new time is not stored
// with it: a move moved again keeps only the time first moved from.
func movedOnAgain(mp store.MeetingPlan, series cadence.Series, at, sent time.Time) bool {
	if _, moved := mp.MoveFrom(at); moved || mp.Skipped(at) {
		return false
	}
	return mp.Scheduled && mp.Pair.Live() && !mp.Paused() && !series.Has(at) && !series.Rule.Has(at) && mp.Schedule.SetAt.Before(sent)
}

// pausedUnlessResumed is how a meeting paused may still take place, which
// the pair's end takes out of the DM (firstSentenceOnly).
const pausedUnlessResumed = " unless they are resumed before it"

// meetingGoneText says why the pair's meeting at at, which a reminder or
// agenda prompt was sent for, no longer takes place there; "" when it
// still does. The commands it suggests name the partner (handle h): alone,
// they would ask someone in more than one pair which one they mean.
func meetingGoneText(mp store.MeetingPlan, series cadence.Series, at, sent time.Time, partner, h string, loc *time.Location) string {
	when := meetWhen(at, loc)
	if !mp.Pair.Live() {
		return fmt.Sprintf(":checkered_flag: Your pair with <@%s> has ended, so your meeting of %s won't take place.", partner, when)
	}
	// What happened to this meeting comes before a pause of them all: a
	// meeting skipped, then paused, is still the one that was skipped.
	if m, ok := mp.MoveFrom(at); ok {
		return fmt.Sprintf(":arrows_counterclockwise: Your meeting with <@%s> moved from %s to *%s*: reminders follow the new time.", partner, when, meetWhen(m.To, loc))
	}
	switch {
	case mp.Skipped(at) && len(series.Occurrences(at.Add(time.Nanosecond), 1)) == 0:
		// A one-off, or the last of its schedule: there is none after it.
		return fmt.Sprintf(":fast_forward: Your meeting with <@%s> of %s was skipped. There is no meeting after it on the schedule: `/mentor meet %s WHEN` sets one.", partner, when, h)
	case mp.Skipped(at):
		return fmt.Sprintf(":fast_forward: Your meeting with <@%s> of %s was skipped. `/mentor next %s` shows the one after.", partner, when, h)
	case mp.Paused():
		return fmt.Sprintf(":double_vertical_bar: Your meetings with <@%s> are paused, so the one of %s won't take place"+pausedUnlessResumed+". "+
			"`/mentor resume %s` starts them again.", partner, when, h)
	case mp.Scheduled && series.Has(at):
		return ""
	case movedOnAgain(mp, series, at, sent):
		return fmt.Sprintf(":arrows_counterclockwise: Your meeting with <@%s> of %s was moved again: `/mentor next %s` shows when it is now.", partner, when, h)
	}
	return fmt.Sprintf(":calendar: Your meeting with <@%s> of %s is no longer planned: the pair's meetings were set again without it. `/mentor next %s` shows the next one.", partner, when, h)
}

// meantSinceBegun says, for a command run later than it was typed (a
// "which pair?" button pressed late, request.typed), that the meeting it
// meant, the pair's next one at the typing, has begun or taken place
// since: skipping or moving "the next meeting" at the press would change
// another one than the person had in mind, and tell the partner so.
// undone says what was not done ("nothing was skipped"), next is the
// command, with the partner, that acts on the next meeting now. It
// returns nil when the command was typed just now, or that meeting is
// still to come (then it is the next one still, nextToChange's).
func (b *Bot) meantSinceBegun(r *request, mp store.MeetingPlan, undone, next string) error {
	meant, anew, err := b.meantAtTyping(r, mp)
	if err != nil || (meant.IsZero() && !anew) {
		return err
	}
	partner := mp.Pair.Partner(r.user.ID)
	nextNow, err := nextMeeting(&b.zones, mp, r.now)
	if err != nil {
		return err
	}
	then := "There is no meeting after it on the schedule."
	if !nextNow.IsZero() {
		then = fmt.Sprintf("%s the next one, %s.", next, meetWhen(nextNow, r.loc))
	}
	switch {
	case anew:
		return sayf("Your meetings with <@%s> were set anew, or a meeting skipped or moved, after you typed this, so %s. %s", partner, undone, then)
	case r.now.Before(meant.Add(cmp.Or(mp.Schedule.Duration, cadence.DefaultDuration))):
		return sayf("The meeting you meant, %s, has already begun; %s. %s", meetWhen(meant, r.loc), undone, then)
	}
	return sayf("The meeting you meant, %s, has already taken place; %s. %s", meetWhen(meant, r.loc), undone, then)
}

// meantAtTyping is, for a command run later than it was typed (a "which
// pair?" button pressed late), the pair's meeting that was next at the
// typing when it has begun by now: zero when the command was typed just
// now, or that meeting is still to come, or there was none. anew reports
// that the pair's meetings were set anew, or one skipped or moved, since
// the typing, when which one was meant is no longer sure.
func (b *Bot) meantAtTyping(r *request, mp store.MeetingPlan) (meant time.Time, anew bool, err error) {
	typed := r.typed()
	if !typed.Before(r.now) || !mp.Scheduled || mp.Paused() || !mp.Pair.Live() {
		return time.Time{}, false, nil // paused or ended: the command says so
	}
	if mp.Schedule.SetAt.After(typed) {
		return time.Time{}, true, nil
	}
	rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
	if err != nil {
		return time.Time{}, false, err
	}
	// mp's changes reach back only two days; the typing may be older.
	c, err := b.db.MeetingChanges(r.ctx, mp.Pair.ID, typed)
	if err != nil {
		return time.Time{}, false, err
	}
	if c.Last.After(typed) {
		// A skip or a move since (the partner's, say): the next meeting
		// now may not be the one meant, which may itself be gone.
		return time.Time{}, true, nil
	}
	next := meetingSeries(rule, c).Occurrences(typed, 1)
	if len(next) == 0 || next[0].After(r.now) {
		return time.Time{}, false, nil
	}
	return next[0], false, nil
}
