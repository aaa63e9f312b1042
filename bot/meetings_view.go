package bot

// Messages and modals of the meeting feature: plain functions from domain
// values to text and blocks, with no store or Slack client in reach.

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/store"
)

// whenFormat is how meeting times read: "Thursday, November 5th at 3:00 PM"
// in the reader's own zone and clock style.
const whenFormat = "{date_long_pretty} at {time}"

// when renders a meeting time with Slack's date formatting, so that each
// reader sees it in their own zone; the fallback (for clients that cannot
// render it) is written in loc, the zone of the person it is meant for.
func meetWhen(t time.Time, loc *time.Location) string { return dateTokenIn(t, whenFormat, loc) }

// meetDur writes a meeting length for people: "30 min", "1 h", "1 h 30 min".
func meetDur(d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// textSectionLimit keeps a section's text under Slack's 3,000 characters.
const textSectionLimit = 2900

// textSections puts lines into as few section blocks as fit Slack's
// limits. An entry may be a group of lines joined by "\n" (a title and its
// items); one too long for a section is cut by fitLines.
func textSections(lines []string) []slack.Block {
	var out []slack.Block
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, section(cur.String()))
			cur.Reset()
		}
	}
	for _, l := range lines {
		l = fitLines(l, textSectionLimit)
		// Bytes, not characters: never less, so a section never overflows.
		if cur.Len() > 0 && cur.Len()+1+len(l) > textSectionLimit {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	flush()
	return out
}

// fitLinesMinCut is the room below which fitLines drops a line that does
// not fit rather than show the start of it.
const fitLinesMinCut = 200

// fitLines cuts s, mrkdwn of one or more lines, to at most max characters:
// it keeps whole lines while they fit; the first line that does not is cut
// (never inside an entity or Slack's markup, the cut marked "…") where
// there is room for a useful part of it, or else left out with those
// after it, a last line "…" saying so. Lists that say how many items they
// left out count for themselves first (fitList).
func fitLines(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	lines := strings.Split(s, "\n")
	var out []string
	n := 0 // characters in out, newlines included
	for i, l := range lines {
		sep := min(i, 1)
		marker := "…"
		if strings.HasPrefix(l, ">") {
			marker = "> …"
		}
		if k := utf8.RuneCountInString(l); n+sep+k+1+utf8.RuneCountInString(marker) <= max {
			out = append(out, l)
			n += sep + k
			continue
		}
		if room := max - n - sep; i == 0 || room >= fitLinesMinCut {
			return strings.Join(append(out, truncateMrkdwn(l, room)), "\n")
		}
		return strings.Join(append(out, marker), "\n")
	}
	return strings.Join(out, "\n")
}

// fitList is a list as a section shows it: title (one line or more), at
// most shown of the items, each whole, and more(n) for the n left out, all
// within limit characters. Items are left out from the end, and more
// counts every one left out, however many that is, so that the pointer to
// the rest is never lost.
func fitList(title string, items []string, shown, limit int, more func(n int) string) string {
	kept := []string{title}
	for i, it := range items[:min(len(items), shown)] {
		next := strings.Join(append(kept, it), "\n")
		if rest := len(items) - i - 1; rest > 0 {
			next += "\n" + more(rest)
		}
		if utf8.RuneCountInString(next) > limit {
			break
		}
		kept = append(kept, it)
	}
	if left := len(items) - (len(kept) - 1); left > 0 {
		kept = append(kept, more(left))
	}
	return fitLines(strings.Join(kept, "\n"), limit)
}

// joinedText joins lines into a message's plain text (its notification
// and fallback), kept well under Slack's limit.
func joinedText(lines ...string) string { return truncateMrkdwn(strings.Join(lines, "\n"), 3000) }

// meetingSet is what a confirmation of a new schedule says.
type meetingSet struct {
	setter, partner string // who set it, and their partner
	pairID          int64
	rule            cadence.Rule
	dur             time.Duration
	resumed         bool             // the pair was paused, and is no longer
	replaced        replacedSchedule // the schedule it replaces; zero for none
	oldDur          time.Duration    // the meetings' length before, when only that changed; 0 otherwise
	unskipped       []time.Time      // skipped meetings that are back on
	unmoved         []store.Move     // moved meetings back at their time
	unchanged       bool             // set again as it was: nothing changed
	// night is, for the setter only, the line that says the meetings fall
	// in the partner's night (nightLine); "" when they do not.
	night string
	// clash is, by reader, the line that says one of the meetings
	// overlaps one of the reader's other pairs' (clashLine); none when
	// none does.
	clash map[string]string
}

// pastScheduleFor describes a schedule with no meeting left, for a reader
// in loc: in their time too, as one still running is (DescribeFor, at its
// first meeting).
func pastScheduleFor(rule cadence.Rule, loc *time.Location) string {
	first, _ := rule.Next(rule.Start)
	return rule.DescribeFor(loc, first)
}

// replacedSchedule is the schedule a new one replaces, described to each
// reader in their own zone as the new one is (DescribeFor at its next
// meeting), with more said after it.
type replacedSchedule struct {
	rule cadence.Rule // Kind 0: none replaced
	next time.Time
	more string
}

func (rs replacedSchedule) describeFor(loc *time.Location) string {
	return rs.rule.DescribeFor(loc, rs.next) + rs.more
}

// meetingSetMessage confirms a new schedule to reader (the setter or their
// partner), with the coming meetings (next) in the reader's zone;
// readerPartner is how the reader types their partner (Bot.handle).
func meetingSetMessage(ms meetingSet, reader, readerPartner string, next []time.Time, loc *time.Location) reply {
	setter, partner, rule, dur, replaced, unskipped := ms.setter, ms.partner, ms.rule, ms.dur, ms.replaced, ms.unskipped
	var head string
	switch {
	case ms.unchanged && rule.Kind == cadence.Once:
		head = fmt.Sprintf(":calendar: Your meeting with <@%s> is already set", partner)
	case ms.unchanged:
		head = fmt.Sprintf(":calendar: Your meetings with <@%s> are already set", partner)
	case setter == reader && rule.Kind == cadence.Once:
		head = fmt.Sprintf(":calendar: Your meeting with <@%s> is set", partner)
	case setter == reader:
		head = fmt.Sprintf(":calendar: Your meetings with <@%s> are set", partner)
	case rule.Kind == cadence.Once:
		head = fmt.Sprintf(":calendar: <@%s> set up a meeting with you", setter)
	default:
		head = fmt.Sprintf(":calendar: <@%s> set your meetings", setter)
	}
	var first time.Time
	if len(next) > 0 {
		first = next[0]
	}
	head += fmt.Sprintf(": %s, %s.", rule.DescribeFor(loc, first), meetDur(dur))
	var lines []string
	lines = append(lines, head)
	if ms.night != "" && reader == setter {
		lines = append(lines, ms.night)
	}
	if line := ms.clash[reader]; line != "" {
		lines = append(lines, line)
	}
	if ms.unchanged {
		lines = append(lines, fmt.Sprintf("_Nothing changed, so <@%s> wasn't told again._", partner))
	}
	if replaced.rule.Kind != 0 {
		lines = append(lines, "_This replaces the earlier schedule: "+replaced.describeFor(loc)+"._")
		if rule.Kind == cadence.Once && setter == reader {
			lines = append(lines, "_Only meant to move one meeting? `/mentor move` does that and keeps the rest: set them again with `/mentor meet` first._")
		}
	}
	switch {
	case ms.oldDur != 0 && ms.resumed:
		// Not "only": they were paused, and are back on (said below).
		lines = append(lines, fmt.Sprintf("_Their length changed, from %s to %s._", meetDur(ms.oldDur), meetDur(dur)))
	case ms.oldDur != 0:
		lines = append(lines, fmt.Sprintf("_Only their length changed, from %s to %s; the meetings are the same._", meetDur(ms.oldDur), meetDur(dur)))
	}
	if len(unskipped) > 0 {
		var ts []string
		for _, t := range unskipped {
			ts = append(ts, meetWhen(t, loc))
		}
		lines = append(lines, "_Set again as it was, so what was skipped is back on: "+strings.Join(ts, " and ")+"._")
	}
	if len(ms.unmoved) > 0 {
		var ts []string
		for _, mv := range ms.unmoved {
			ts = append(ts, meetWhen(mv.From, loc)+" (it had moved to "+meetWhen(mv.To, loc)+")")
		}
		lines = append(lines, "_Set again as it was, so what was moved is back at its time: "+strings.Join(ts, " and ")+"._")
	}
	if len(next) > 0 {
		lines = append(lines, "*Next:* "+meetWhen(next[0], loc)+" _(in your time zone)_")
	}
	if len(next) > 1 {
		var then []string
		for _, t := range next[1:] {
			then = append(then, meetWhen(t, loc))
		}
		lines = append(lines, "*Then:* "+strings.Join(then, " · "))
	}
	lines = append(lines, clockNotes(rule, next)...)
	if ms.resumed {
		lines = append(lines, "Your paused meetings are back on.")
	}
	tip := fmt.Sprintf("Add what you want to cover with `/mentor agenda %[1]s ITEM`; `/mentor next %[1]s` shows what's coming.", readerPartner)
	blocks := []slack.Block{section(strings.Join(lines, "\n")), contextText(tip)}
	if setter != reader {
		blocks = append(blocks, slack.NewActionBlock("meeting_set_actions", agendaButton(ms.pairID)))
	}
	text := joinedText(lines...)
	if setter != reader {
		// The partner's DM: its notification says in a line who set what.
		text = meetingSetPreview(setter, rule, dur, first, loc)
	}
	return reply{Text: text, Blocks: blocks}
}

// meetingSetPreview is the one line a partner's "meeting set" DM shows in
// Slack's notifications and sidebar: who set meetings how often, and the
// next one in the reader's zone (first; zero for none).
func meetingSetPreview(setter string, rule cadence.Rule, dur time.Duration, first time.Time, loc *time.Location) string {
	var how string
	switch rule.Kind {
	case cadence.Once:
		if first.IsZero() {
			return fmt.Sprintf("<@%s> set up a meeting with you, %s.", setter, meetDur(dur))
		}
		return fmt.Sprintf("<@%s> set up a meeting with you: %s, %s.", setter, meetWhen(first, loc), meetDur(dur))
	case cadence.Biweekly:
		how = "every other week"
	case cadence.Monthly:
		how = "every month"
	default:
		how = "every week"
	}
	if first.IsZero() {
		return fmt.Sprintf("<@%s> set your meetings: %s, %s.", setter, how, meetDur(dur))
	}
	return fmt.Sprintf("<@%s> set your meetings: %s, %s; the next is %s.", setter, how, meetDur(dur), meetWhen(first, loc))
}

// clockNotes explains the meetings at ts (of rule, or moved in) that a
// change of the clocks moves: typed as 02:30 but at 03:30 that day, or at
// the first of two 01:30s (cadence.Rule.ClockNote). Nothing in them is
// user text.
func clockNotes(rule cadence.Rule, ts []time.Time) []string {
	var out []string
	for _, t := range ts {
		if note := rule.ClockNote(t); note != "" {
			out = append(out, ":clock3: _"+note+"_")
		}
	}
	return out
}

// nightNote is what the warning about a meeting in the partner's night
// says.
type nightNote struct {
	partner  string
	at       time.Time      // the meeting judged
	ploc     *time.Location // the partner's zone
	ownQuiet string         // the partner's own quiet hours; "" when their night is the programme's
	suggest  string         // the command for a time that is daytime for both; "" for none
	better   time.Time      // the time suggest sets
	loc      *time.Location // the setter's zone
	ahead    bool           // only times still to come were looked at
}

// nightLine is the one line that warns the person who set a meeting
// that it falls in their partner's night, with a better time, if any.
// Nothing in it is user text.
func nightLine(n nightNote) string {
	night := "in their night"
	if n.ownQuiet != "" {
		night = "in their quiet hours (" + n.ownQuiet + ")"
	}
	theirs := n.at.In(n.ploc)
	line := fmt.Sprintf(":warning: That's %s on %s for <@%s> (%s), %s", theirs.Format("15:04"), theirs.Format("Monday"), n.partner, n.ploc, night)
	if n.suggest == "" {
		still := ""
		if n.ahead {
			still = " still to come"
		}
		return line + fmt.Sprintf(", and no time%s on your %s is daytime for both of you.", still, n.at.In(n.loc).Format("Monday"))
	}
	return line + fmt.Sprintf(" — `%s` would be daytime for both of you (%s for them).", n.suggest, n.better.In(n.ploc).Format("Monday 15:04"))
}

// meetWhenTyped is the WHEN of /mentor meet, as people type it, for the
// meetings of rule moved to the time of day of t (a day of rule's).
func meetWhenTyped(rule cadence.Rule, t time.Time) string {
	loc := rule.Loc
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	at := lt.Format("15:04")
	day := strings.ToLower(lt.Format("Mon"))
	switch rule.Kind {
	case cadence.Weekly:
		return "weekly " + day + " " + at
	case cadence.Biweekly:
		return "biweekly " + day + " " + at
	case cadence.Monthly:
		nth := map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}[rule.Ordinal]
		return "monthly " + nth + " " + day + " " + at
	}
	return lt.Format("2006-01-02 15:04")
}

// meetForTyped is the " for DURATION" of /mentor meet for meetings of
// length d; "" for the default length, which needs none.
func meetForTyped(d time.Duration) string {
	if d == cadence.DefaultDuration {
		return ""
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf(" for %dm", m)
	case m == 0:
		return fmt.Sprintf(" for %dh", h)
	}
	return fmt.Sprintf(" for %dh%dm", h, m)
}

// agendaButton opens the add-agenda-item modal for a pair.
func agendaButton(pairID int64) *slack.ButtonBlockElement {
	return button(actionAgendaAdd, strconv.FormatInt(pairID, 10), "Add agenda item", "")
}

// skipButton skips the pair's meeting at at.
func skipButton(pairID int64, at time.Time) *slack.ButtonBlockElement {
	return button(actionMeetingSkip, skipValue(pairID, at), "Skip this meeting", "")
}

// moveButton opens the form that moves the pair's meeting at at.
func moveButton(pairID int64, at time.Time) *slack.ButtonBlockElement {
	return button(actionMeetingMove, skipValue(pairID, at), "Move this meeting", "")
}

// The inputs of the move form.
const (
	blockMoveDay  = "move_day"
	blockMoveTime = "move_time"
)

// moveModal is the form that moves one meeting, the one at at with
// partner, filled in with its day and time in the reader's zone.
// defaulted: loc is the programme's default zone, as the mover's Slack
// profile has none.
func moveModal(partner string, at time.Time, loc *time.Location, meta modalMeta, defaulted bool) slack.ModalViewRequest {
	hint := fmt.Sprintf("In your time zone, %s.", loc)
	if defaulted {
		hint = fmt.Sprintf("In %s, the programme's default: your Slack profile has no time zone.", loc)
	}
	day := slack.NewDatePickerBlockElement(blockMoveDay)
	day.InitialDate = at.In(loc).Format(time.DateOnly)
	clock := slack.NewTimePickerBlockElement(blockMoveTime)
	clock.InitialTime = at.In(loc).Format("15:04")
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbMeetingMove,
		Title:           plain("Move a meeting"),
		Submit:          plain("Move"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(fmt.Sprintf("Your meeting with <@%s>, %s. Only this one moves: the meetings after it stay as they are. Its agenda goes with it, unless it moves past the next of them, whose agenda it becomes.",
				partner, meetWhen(at, loc))),
			slack.NewInputBlock(blockMoveDay, plain("New day"), nil, day),
			slack.NewInputBlock(blockMoveTime, plain("New time"), plain(hint), clock),
		}},
	}
}

// nextInfo is what /mentor next shows.
type nextInfo struct {
	viewer  string
	pair    store.Pair
	plan    store.MeetingPlan
	rule    cadence.Rule
	onNow   time.Time   // the start of the meeting under way; zero when none is
	next    []time.Time // upcoming meetings, skips left out
	skipped []time.Time // skipped meetings among them
	agenda  []store.AgendaItem
	todos   []store.Todo
	// hadTodos: the pair has had a to-do, open or done; false when it
	// never had one.
	hadTodos bool
	now      time.Time
	loc      *time.Location
	// partnerHandle is how to type the partner in a command (Bot.handle),
	// and example the times of day of the example meetings
	// (meetExampleClocks); both only without meetings ahead.
	partnerHandle string
	example       meetExample
}

func nextMessage(in nextInfo) reply {
	partner := in.pair.Partner(in.viewer)
	var head []string
	switch {
	case !in.plan.Scheduled:
		head = append(head, fmt.Sprintf("You and <@%s> have no meetings scheduled yet. Set them with `/mentor meet %s weekly thu %s` (or `biweekly`, `monthly first tue %s`, or a date and time).",
			partner, in.partnerHandle, cmp.Or(in.example.weekly, "15:00"), cmp.Or(in.example.firstTue, "15:00")))
	case in.plan.Paused():
		// In the reader's time too, as when they are not paused.
		ruleNext, _ := in.rule.Next(in.now)
		head = append(head, fmt.Sprintf(":double_vertical_bar: Your meetings with <@%s> are *paused*: %s. `/mentor resume %s` starts them again.", partner, in.rule.DescribeFor(in.loc, ruleNext), in.partnerHandle))
	case len(in.next) == 0 && !in.onNow.IsZero():
		head = append(head, fmt.Sprintf("There is no meeting with <@%s> after this one. Set the next one with `/mentor meet %s …`.", partner, in.partnerHandle))
	case len(in.next) == 0:
		head = append(head, fmt.Sprintf("You and <@%s> have no upcoming meeting; your schedule was %s. Set the next one with `/mentor meet %s …`.", partner, pastScheduleFor(in.rule, in.loc), in.partnerHandle))
	default:
		first := fmt.Sprintf(":calendar: *Next meeting with <@%s>:* %s (%s)", partner, meetWhen(in.next[0], in.loc), meetDur(in.plan.Schedule.Duration))
		mv, moved := in.plan.MoveTo(in.next[0])
		if moved {
			first += fmt.Sprintf(", moved from %s", meetWhen(mv.From, in.loc))
		}
		head = append(head, first)
		// The schedule is described at its own next meeting, not at one
		// moved from another day; a single meeting that moved has no
		// schedule left to describe.
		if !moved || in.rule.Kind != cadence.Once {
			ruleNext, _ := in.rule.Next(in.now)
			head = append(head, "_"+in.rule.DescribeFor(in.loc, ruleNext)+"_")
		}
		head = append(head, clockNotes(in.rule, in.next[:1])...)
	}
	if !in.onNow.IsZero() {
		// Said first: someone typing /mentor next during the meeting wants
		// this one, and its agenda is what is still open.
		head = append([]string{fmt.Sprintf(":speech_balloon: *Your meeting with <@%s> is on now*: it began %s and ends at %s.",
			partner, meetWhen(in.onNow, in.loc), endClock(in.onNow, in.plan.Schedule.Duration, in.loc))}, head...)
	}
	text := []string{head[0]}
	blocks := []slack.Block{section(strings.Join(head, "\n"))}

	agendaHead := "*Agenda*"
	if in.onNow.IsZero() && len(in.next) > 0 {
		agendaHead = "*Agenda for the next meeting*"
	}
	blocks = append(blocks, textSections(append([]string{agendaHead}, agendaLines(in.agenda, in.now, in.onNow, in.loc)...))...)

	switch {
	case len(in.todos) > 0:
		blocks = append(blocks, section(fmt.Sprintf("*Open to-dos* (%d)", len(in.todos))))
		blocks = append(blocks, todoBlocks(in.todos, in.viewer, nil, 15)...)
	case in.hadTodos:
		blocks = append(blocks, section("*Open to-dos*\n_None — nicely done._"))
	default:
		blocks = append(blocks, section("*Open to-dos*\n_None yet._"))
	}
	var after []string
	if len(in.next) > 1 {
		var ts []string
		for _, t := range in.next[1:] {
			ts = append(ts, meetWhen(t, in.loc))
		}
		after = append(after, "*After that:* "+strings.Join(ts, " · "))
	}
	if len(in.skipped) > 0 {
		var ts []string
		for _, t := range in.skipped {
			ts = append(ts, meetWhen(t, in.loc))
		}
		after = append(after, "*Skipped:* "+strings.Join(ts, " · "))
	}
	if len(after) > 0 {
		blocks = append(blocks, contextText(strings.Join(after, "\n")))
	}
	if len(in.next) > 0 {
		// Under "on now", "this meeting" would read as the one under way.
		move, skip := moveButton(in.pair.ID, in.next[0]), skipButton(in.pair.ID, in.next[0])
		if !in.onNow.IsZero() {
			move.Text.Text, skip.Text.Text = "Move the next meeting", "Skip the next meeting"
		}
		blocks = append(blocks, slack.NewActionBlock("next_actions", agendaButton(in.pair.ID), move, skip))
	}
	return reply{Text: joinedText(text...), Blocks: blocks}
}

// agendaLines lists open agenda items, marking those carried over from a
// meeting that did not cover them.
//
// onNow is the start of the pair's meeting under way (zero when none): its
// own items are not yet carried over from it, and those meant for a later
// meeting (added during it, when one follows it) are marked so, for
// logging this one leaves them open.
func agendaLines(items []store.AgendaItem, now, onNow time.Time, loc *time.Location) []string {
	if len(items) == 0 {
		return []string{"_Nothing yet._"}
	}
	carriedBefore := now
	if !onNow.IsZero() {
		carriedBefore = onNow
	}
	var out []string
	for _, a := range items {
		l := "• " + shownText(a.Text) + fmt.Sprintf(" _(<@%s>)_", a.AuthorID)
		switch {
		case a.CarriedOver(carriedBefore):
			l += " _— carried over from " + meetWhen(a.MeetingAt, loc) + "_"
		case !onNow.IsZero() && a.MeetingAt.After(onNow):
			l += " _— for the next meeting_"
		}
		out = append(out, l)
	}
	return out
}

// agendaMessage shows a pair's agenda for the meeting under way or else
// the next one (m); partnerHandle
// is how the viewer types their partner (Bot.handle).
func agendaMessage(viewer, partnerHandle string, p store.Pair, m meetingsNow, items []store.AgendaItem, now time.Time, loc *time.Location) reply {
	partner := p.Partner(viewer)
	head := fmt.Sprintf("*Agenda with <@%s>*", partner)
	switch {
	case !m.onNow.IsZero():
		head = fmt.Sprintf("*Agenda for your meeting with <@%s>, on now until %s*", partner, endClock(m.onNow, m.length, loc))
	case !m.next.IsZero():
		head = fmt.Sprintf("*Agenda for your meeting with <@%s>, %s*", partner, meetWhen(m.next, loc))
	}
	blocks := []slack.Block{section(head)}
	lines := agendaLines(items, now, m.onNow, loc)
	if len(items) == 0 {
		blocks = append(blocks, section(lines[0])) // nothing yet
	}
	// One section an item (at most store.MaxOpenAgenda), so that the
	// viewer's own have their Remove button.
	for i, a := range items {
		id := strconv.FormatInt(a.ID, 10)
		var remove *slack.Accessory
		if a.AuthorID == viewer {
			remove = slack.NewAccessory(button(actionAgendaRemove, id, "Remove", ""))
		}
		// Numbered for `/mentor agenda remove N`.
		line := fmt.Sprintf("%d. %s", i+1, strings.TrimPrefix(lines[i], "• "))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(fitLines(line, textSectionLimit)), nil, remove, slack.SectionBlockOptionBlockID(agendaItemBlock+id)))
	}
	blocks = append(blocks, contextText(fmt.Sprintf("Add to it with `/mentor agenda %[1]s ITEM` — either of you can; take off one you added with its Remove button or `/mentor agenda %[1]s remove N`. Logging your session (`/session log %[1]s …`) marks it covered; what isn't covered carries over.", partnerHandle)))
	return reply{Text: joinedText(head), Blocks: blocks}
}

// agendaItemBlock starts the block_id of an item's section in the agenda's
// list.
const agendaItemBlock = "agenda_item_"

// agendaAddedMessage confirms a new agenda item of pair p; partnerHandle
// is how the viewer types their partner (Bot.handle).
func agendaAddedMessage(viewer, partnerHandle string, p store.Pair, item store.AgendaItem, m meetingsNow, loc *time.Location) reply {
	partner := p.Partner(viewer)
	next := m.next
	for_ := fmt.Sprintf("your next meeting with <@%s>", partner)
	switch {
	case !next.IsZero():
		// A comma, not "on": Slack shows a near date as "tomorrow".
		for_ = fmt.Sprintf("your meeting with <@%s>, %s", partner, meetWhen(next, loc))
	case !m.onNow.IsZero():
		// A log of it covers what was added before it ended
		// (store.coverAgendaTx), and no meeting follows to keep it for.
		for_ = fmt.Sprintf("your meeting with <@%s>, on now until %s", partner, endClock(m.onNow, m.length, loc))
	}
	text := fmt.Sprintf(":memo: Added to the agenda for %s:\n%s", for_, agendaQuote(item.Text))
	switch {
	case next.IsZero() && !m.onNow.IsZero():
		text += fmt.Sprintf("\n_Logging this meeting (`/session log %s …`) marks it covered._", partnerHandle)
	case next.IsZero() && p.Status == store.PairPaused:
		// Paused, not unscheduled: the schedule comes back with a resume.
		text += fmt.Sprintf("\n_Your meetings are paused; it will be on the agenda of the first one after `/mentor resume %s`._", partnerHandle)
	case next.IsZero():
		text += "\n_No meeting is scheduled right now; it will be on the agenda of the next one._"
	}
	id := strconv.FormatInt(item.ID, 10)
	return reply{Text: text, Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil,
		slack.NewAccessory(button(actionAgendaRemove, id, "Remove", "")), slack.SectionBlockOptionBlockID("agenda_added_"+id))}}
}

// agendaQuote is an agenda item as a mrkdwn block quote, every line of
// it: a prefix on the first line alone would quote half an item typed on
// two lines. An item (maxShortText), escaped, never comes near the cut,
// which leaves room in its section for the line above it.
func agendaQuote(text string) string { return goalQuote(text, 2500) }

// agendaModal asks for one agenda item.
func agendaModal(partner string, meta modalMeta) slack.ModalViewRequest {
	in := slack.NewPlainTextInputBlockElement(plain("e.g. how to prepare for my performance review"), "item")
	in.MaxLength = maxShortText
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbAgendaAdd,
		Title:           plain("Add to the agenda"),
		Submit:          plain("Add"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(fmt.Sprintf("For your next meeting with <@%s>. Either of you can add items; what isn't covered carries over.", partner)),
			slack.NewInputBlock("item", plain("What do you want to talk about?"), nil, in),
		}},
	}
}
