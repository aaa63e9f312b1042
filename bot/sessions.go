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

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Buttons of the session feature. The scheduler's check-ins and follow-ups
// reuse them (todoBlocks and logSessionButton build them).
const (
	// actionTodoDone closes a to-do; value: the to-do's number.
	actionTodoDone = "todo_done"
	// actionLogSession opens the session log modal; value: "PAIRID" or
	// "PAIRID:YYYY-MM-DD" (the day of the meeting to log).
	actionLogSession = "session_log_open"
)

// cbSessionLog is the callback_id of the session log modal.
const cbSessionLog = "session_log"

// Limits of one session log.
const (
	maxTodosPerSession = store.MaxSessionTodos
	// sessionsListed is how many sessions a page of /session list shows.
	sessionsListed = 10
)

func (b *Bot) sessionCommands() map[string]subcommand {
	return map[string]subcommand{
		"":       {run: b.cmdSessionModal},
		"log":    {run: b.cmdSessionLog, usage: "/session log [@partner] NOTES — log today's meeting; each 'todo: …' becomes a to-do (the mentee's, or 'todo: @name …', 'todo: @me …'). Alone: a form"},
		"edit":   {run: b.cmdSessionEdit, usage: "/session edit N — change the notes of a session you logged (opens the form)"},
		"list":   {run: b.cmdSessionList, usage: fmt.Sprintf("/session list [@partner] [PAGE] — the sessions of your pairs, most recent first, %d to a page", sessionsListed), reads: true},
		"show":   {run: b.cmdSessionShow, usage: "/session show N — one session whole: all of its notes, its to-dos", reads: true},
		"todos":  {run: b.cmdTodos, usage: fmt.Sprintf("/session todos [@partner] [PAGE] — your open to-dos, %d to a page (those of ended pairs last); with @partner, your pair's", todosPerPage), reads: true},
		"done":   {run: b.cmdTodoDone, usage: "/session done N [N…] — close to-do #N, or several at once (all or none)"},
		"reopen": {run: b.cmdTodoReopen, usage: "/session reopen N — open a to-do marked done again"},
	}
}

// todoMarkRe finds the "todo:" markers in session notes (todoMarks
// leaves out those inside Slack's markup).
var todoMarkRe = regexp.MustCompile(`(?i)\bto-?do\s*:`)

// bareURLRe is a link as typed, outside Slack's markup.
var bareURLRe = regexp.MustCompile(`(?i)\b(?:https?://|mailto:)[^\s<>]+`)

// todoMarks is where line's "todo:" markers are, those inside Slack's
// markup (a link, mention or channel reference as Slack sends it) left
// out: "<https://example.com/todo:abc>" is a link, not notes cut in two
// and a to-do "abc>". (A "<" the person typed comes as "&lt;": unescaped
// for the split, it reads as markup only when written as Slack's would be.)
func todoMarks(line string) [][]int {
	marks := todoMarkRe.FindAllStringIndex(line, -1)
	if len(marks) == 0 {
		return nil
	}
	spans := append(slackMarkupRe.FindAllStringIndex(line, -1), specialMentionRe.FindAllStringIndex(line, -1)...)
	// A link typed into the form's notes comes bare, not as Slack's markup.
	spans = append(spans, bareURLRe.FindAllStringIndex(line, -1)...)
	var out [][]int
	for _, m := range marks {
		if !slices.ContainsFunc(spans, func(sp []int) bool { return sp[0] < m[0] && m[0] < sp[1] }) {
			out = append(out, m)
		}
	}
	return out
}

// listMarkRe is a list's bullet or item number alone, as it may stand
// before a line's "todo:" marker; listLeadRe is one at the start of a
// line of the form's To-dos field, with the space after it (an item
// number needs one: "1.5 hours" is no item).
var (
	listMarkRe = regexp.MustCompile(`^(?:[-*•·–—]+|\d{1,2}[.)])$`)
	listLeadRe = regexp.MustCompile(`^(?:[-*•·–—]+\s*|\d{1,2}[.)]\s+)`)
)

// leadingMentionRe is a mention at the start of a to-do, with what
// people put after it (ownerTail).
var leadingMentionRe = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>` + ownerTail)

// ownerTail is what goes with a to-do's owner, mention or typed name,
// as leadingMention reads a partner's mention in a command: the
// punctuation of a sentence glued to it (mentionPunctChars: "@alice;
// send the deck"), or a comma, colon or semicolon standing alone after a
// space ("@alice , send the deck"), then spaces and dashes. Punctuation
// after a space is otherwise the to-do's own: "@alice .NET upgrade plan".
const ownerTail = `(?:[` + mentionPunctChars + `]+|\s+[,:;](?:\s|$))?[\s\-–—]*`

// ownerTailRe is ownerTail at the start of a text.
var ownerTailRe = regexp.MustCompile(`^` + ownerTail)

// possessiveRe is the "'s" (or "’s") of a possessive. A name at a to-do's
// start followed by it is part of what to do ("@farid's deck review"),
// not whose the to-do is.
var possessiveRe = regexp.MustCompile(`^['’]s\b`)

// noteTodo is a to-do found in notes: its owner as mentioned ("" when it
// names nobody) and its text.
type noteTodo struct {
	owner string
	text  string
	// line is the to-do's line in the form's to-dos field; 0 for a to-do
	// of /session log, found after "todo:".
	line int
}

// splitNotes separates what /session log was given into the notes and the
// to-dos. Every line is cut at each "todo:" marker (any case) outside a
// link or mention; the part of a
// line before its first marker is notes, and each marker starts a to-do that
// runs to the next marker or the end of the line. A to-do that starts with
// a mention belongs to that person.
func splitNotes(text string) (notes string, todos []noteTodo) {
	var noteLines []string
	for _, line := range strings.Split(text, "\n") {
		marks := todoMarks(line)
		if len(marks) == 0 {
			noteLines = append(noteLines, strings.TrimRight(line, " \t\r"))
			continue
		}
		// What is before the first marker is notes, unless it is only a
		// list's bullet or number ("- todo: …", "1. todo: …").
		if pre := strings.TrimSpace(line[:marks[0][0]]); pre != "" && !listMarkRe.MatchString(pre) {
			noteLines = append(noteLines, pre)
		}
		for i, m := range marks {
			end := len(line)
			if i+1 < len(marks) {
				end = marks[i+1][0]
			}
			todos = append(todos, parseTodo(line[m[1]:end]))
		}
	}
	return strings.TrimSpace(strings.Join(noteLines, "\n")), todos
}

func parseTodo(s string) noteTodo {
	s = strings.TrimSpace(s)
	var owner string
	if m := leadingMentionRe.FindStringSubmatch(s); m != nil && !possessiveRe.MatchString(s[len(m[0]):]) {
		owner, s = m[1], s[len(m[0]):]
	}
	return noteTodo{owner: owner, text: strings.TrimSpace(strings.TrimRight(s, " ,;"))}
}

// checkTodos turns parsed to-dos into what the store takes, refusing empty
// ones, over-long ones and owners outside the pair.
func checkTodos(p store.Pair, todos []noteTodo) ([]store.NewTodo, error) {
	if len(todos) > maxTodosPerSession {
		return nil, store.TooManyTodos(len(todos))
	}
	var out []store.NewTodo
	for i, t := range todos {
		name := fmt.Sprintf("To-do %d", i+1)
		if t.line > 0 && t.line != i+1 {
			name += fmt.Sprintf(" (line %d)", t.line)
		}
		switch {
		case t.text == "" && t.owner != "":
			// Only a name, in the form or after "todo:": said so alike in
			// both, rather than "empty" of a to-do that names someone.
			return nil, sayf("%s names someone but not what to do — write it after the name, e.g. @me send the slides.", name)
		case t.text == "":
			return nil, sayf("%s is empty — write what needs doing after `todo:`.", name)
		}
		if err := todoTooLong(name, t.text); err != nil {
			return nil, err
		}
		if t.owner != "" && !p.Has(t.owner) {
			return nil, sayf("<@%s> isn't in your pair, so I can't give them a to-do. A to-do belongs to <@%s> (mentor) or <@%s> (mentee); without a name it's the mentee's.",
				t.owner, p.MentorID, p.MenteeID)
		}
		out = append(out, store.NewTodo{OwnerID: t.owner, Text: t.text})
	}
	return out, nil
}

// logTooLong refuses notes or to-dos of /session log for their length,
// or too many to-dos: what needs no pair to tell. A to-do that starts
// with a bare @name is left to checkTodos, as that may be its owner's
// name, which comes off its text, and only the pair says whose it is.
func logTooLong(notes string, todos []noteTodo) error {
	if err := tooLong("note", notes, maxLongText); err != nil {
		return err
	}
	if len(todos) > maxTodosPerSession {
		return store.TooManyTodos(len(todos))
	}
	for i, t := range todos {
		if t.owner == "" && strings.HasPrefix(t.text, "@") {
			continue
		}
		if err := todoTooLong(fmt.Sprintf("To-do %d", i+1), t.text); err != nil {
			return err
		}
	}
	return nil
}

// todoTooLong refuses the text of a to-do, called name in the answer,
// over the limit.
func todoTooLong(name, text string) error {
	if n := shownLen(text); n > maxShortText {
		return sayf("%s is %d characters long; the limit is %d. Please shorten it.", name, n, maxShortText)
	}
	return nil
}

func (b *Bot) cmdSessionLog(r *request, args string) (reply, error) {
	if _, rest := leadingMention(args); strings.TrimSpace(rest) == "" {
		return b.cmdSessionModal(r, args)
	}
	// An @name first that Slack did not make a mention of was meant to be
	// the partner (misspelt, or not in the workspace), not the notes' start.
	if w := firstWord(args); unknownName(w) {
		return r.unknownNamed(args, w, "your partner", "/session log @partner NOTES", "Nothing was logged."), nil
	}
	// Each refusal says that nothing was logged: the notes may be long,
	// and the person must not think the rest of them was kept. Over-long
	// notes or to-dos are refused before someone in two pairs is asked
	// which one they mean: the pick would only lead to the refusal.
	_, typed := leadingMention(args)
	if err := logTooLong(splitNotes(unescapeSlack(typed))); err != nil {
		return reply{}, sayf("%s Nothing was logged.", b.friendly(err, "session log"))
	}
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	notes, parsed := splitNotes(unescapeSlack(rest))
	if parsed, err = b.nameOwners(r, p, parsed); err != nil {
		return reply{}, sayf("%s Nothing was logged.", b.friendly(err, "session log"))
	}
	for _, t := range parsed {
		// checkTodos refuses an owner outside the pair by their mention,
		// which shows broken for someone Slack does not know.
		if t.owner != "" && !p.Has(t.owner) {
			if err := r.knownUser(t.owner); err != nil {
				return reply{}, sayf("%s Nothing was logged.", b.friendly(err, "session log"))
			}
		}
	}
	todos, err := checkTodos(p, parsed)
	if err != nil {
		return reply{}, sayf("%s Nothing was logged.", b.friendly(err, "session log"))
	}
	// Held on the day it was typed, in the typer's zone: pressed later
	// in a "which pair?" answer, it was still that day's session.
	s, prev, err := b.logSession(r, p, datetext.DateOf(r.typed().In(r.loc)), time.Time{}, notes, todos, nil)
	if err != nil {
		return reply{}, err
	}
	rp := sessionLoggedMessage(s, p, r.user.ID, r.user.ID, r.loc)
	rp.Blocks = withAnswerContext(rp.Blocks, sessionAnswerContext(s, false))
	return b.noteSameDay(r.ctx, r.user.ID, s, prev, rp), nil
}

// noteSameDay adds to the logger's message of session s (the answer, or
// their own DM of it) that the pair had a session logged for that day
// already: logged twice by mistake (both members, or one twice), it would
// count twice towards the feedback prompt and the report, and the logger
// may rather edit the first. logger is who logged s. prev, when not zero,
// is the session that had logged the meeting s would have been linked to
// (logSession): that one is named, whatever its day.
func (b *Bot) noteSameDay(ctx context.Context, logger string, s, prev store.Session, rp reply) reply {
	o, ok := prev, prev.ID != 0
	if !ok {
		var err error
		if o, ok, err = b.db.SameDaySession(ctx, logger, s); err != nil {
			b.log.Warn("look for a session of the same day", "pair", s.PairID, "err", err)
		}
	}
	if !ok {
		return rp
	}
	// The day's meeting had been logged before s, which is why s is not
	// linked to it: a redraw, without prev, knows it by that.
	sameMeeting := prev.ID != 0 || (!o.MeetingAt.IsZero() && s.MeetingAt.IsZero())
	text := fmt.Sprintf(":information_source: Session *#%d*, held that day too, was logged by you: for more notes on the same meeting, `/session edit %d` adds them there.", o.ID, o.ID)
	switch {
	case o.LoggedBy == logger:
	case o.LoggedBy == "": // its logger asked to be forgotten
		text = fmt.Sprintf(":information_source: Session *#%d* was held that day too.", o.ID)
	case sameMeeting:
		// Hedged: the two may have met again that day, which the
		// follow-up tells them to log this way.
		text = fmt.Sprintf(":information_source: <@%s> already logged this meeting as *#%d*; if this is the same meeting, yours is kept beside it, as *#%d*, with your own notes.", o.LoggedBy, o.ID, s.ID)
	default:
		text = fmt.Sprintf(":information_source: <@%s> logged session *#%d*, held that day too: one of you may have logged the same meeting twice.", o.LoggedBy, o.ID)
	}
	rp.Blocks = append(rp.Blocks, contextText(text))
	return rp
}

// logSession records a session of pair p held on day (in the logger's
// zone), linked to the pair's meeting of that day, tells the partner and
// re-plans the pair's notifications. forMeeting, when not zero, is the
// meeting the log was started for (a follow-up's form): if that is the
// day's meeting and it has a session already, the log is refused
// (EConflict) rather than stored twice. own, when not nil, renders the
// logger's own DM of the session, queued with the partner's; it runs in
// the session's commit, where a read sees what was committed before it.
//
// prev, when not zero, is the session that logged the day's meeting
// before: this one is kept beside it, and the logger is told so.
func (b *Bot) logSession(r *request, p store.Pair, day datetext.Date, forMeeting time.Time, notes string, todos []store.NewTodo, own func(s, prev store.Session) reply) (s, prev store.Session, err error) {
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return store.Session{}, store.Session{}, err
	}
	// As of when it was typed (a "which pair?" pressed later): a meeting
	// that began after that is not the one it logs.
	typed := r.typed()
	meetingAt, err := meetingOn(&b.zones, mp, day, r.loc, typed)
	if err != nil {
		return store.Session{}, store.Session{}, err
	}
	// The meeting the log is of, kept when the session is not linked to
	// it below because it has one already: a second log of it (the
	// partner's, or the same person's again) covers no more of the agenda
	// than the first could.
	linked := meetingAt
	if !meetingAt.IsZero() && !forMeeting.Equal(meetingAt) {
		// The day's meeting (or the day before's, logged after midnight)
		// has its session already: this one is a meeting of its own, as
		// the logged follow-up says. A form opened for that meeting is
		// refused instead (FirstForMeeting below).
		first, logged, err := b.db.SessionOn(r.ctx, p.ID, meetingAt)
		if err != nil {
			return store.Session{}, store.Session{}, err
		}
		if logged {
			meetingAt, prev = time.Time{}, first
		}
	}
	// The session covers the agenda meant for meetings up to the end of its
	// day, or up to now when that is earlier (an item added for next week
	// after today's meeting stays open), and always its own meeting's.
	cover := day.AddDays(1).In(r.loc)
	if now := typed.Add(time.Second); now.Before(cover) {
		cover = now
	}
	if !linked.IsZero() {
		// Logged for a meeting, it covers only what was added by that
		// meeting's end: an item added after it, for "the next meeting"
		// while none is scheduled yet (a one-off's after it), was not
		// talked over there. The end is reckoned with the schedule's
		// length now: the store keeps no earlier one, so after a change of
		// length alone made since the meeting, it is off by the difference.
		if end := linked.Add(cmp.Or(mp.Schedule.Duration, cadence.DefaultDuration)); end.Before(cover) {
			cover = end
		}
		if !linked.Before(cover) {
			cover = linked.Add(time.Second)
		}
	}
	partner := p.Partner(r.user.ID)
	ploc := b.zoneOf(r, partner) // asked of Slack before the write, not while holding it
	// The DM to the partner, which names the session by its number, is
	// queued in the session's commit: queued after it, a failure would
	// leave the session logged, the partner never told, and the logger
	// told that nothing was saved, so that they log it a second time.
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		s, err = store.LogSessionTx(r.ctx, tx, r.user.ID, store.NewSession{
			PairID: p.ID, HeldOn: day.String(), Loc: r.loc, MeetingAt: meetingAt, CoverUntil: cover, Notes: notes, Todos: todos,
			FirstForMeeting: !forMeeting.IsZero() && forMeeting.Equal(meetingAt),
		})
		if err != nil {
			return err
		}
		if err := dmTx(r.ctx, tx, sessionDMKey(s.ID, partner), "session_logged", partner, p.ID, sessionLoggedMessage(s, p, r.user.ID, partner, ploc)); err != nil || own == nil {
			return err
		}
		return dmTx(r.ctx, tx, sessionDMKey(s.ID, r.user.ID), "session_logged", r.user.ID, p.ID, own(s, prev))
	})
	if err != nil {
		return store.Session{}, store.Session{}, err
	}
	b.sched.Kick()
	b.pairChanged(r.ctx, p.ID)
	if len(s.Todos) > 0 {
		b.todosChanged(r, p.ID, todoOwners(s.Todos)...)
	}
	if !meetingAt.IsZero() {
		// The meeting's follow-ups lose their Log session button, so that
		// the partner does not log the same meeting a second time.
		for _, to := range []string{r.user.ID, partner} {
			who := "You"
			if to != r.user.ID {
				who = "<@" + r.user.ID + ">"
			}
			key := fmt.Sprintf("%s:pair=%d:at=%d:to=%s", scheduler.KindFollowup, p.ID, meetingAt.Unix(), to)
			b.updateDM(r.ctx, key, textReply(":white_check_mark: %s logged this meeting as *#%d*: `/session list` shows it. "+
				"If you met again, `/session log` logs that one.", who, s.ID))
		}
	}
	return s, prev, nil
}

// cmdSessionModal opens the session log modal, for the pair named in args
// when there is a mention.
func (b *Bot) cmdSessionModal(r *request, args string) (reply, error) {
	var pairID int64
	if partner, _ := leadingMention(args); partner != "" {
		p, _, err := r.pairFor(args)
		if err != nil {
			return reply{}, err
		}
		pairID = p.ID
	}
	if err := b.openSessionModal(r, pairID, datetext.Date{}); err != nil {
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// openSessionModal opens the session log modal with r.triggerID: for pair
// pairID (0: the person picks among their partners, unless they have only
// one) and the meeting day (zero: today in their zone).
func (b *Bot) openSessionModal(r *request, pairID int64, day datetext.Date) error {
	pairs, err := b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return r.noLivePair()
	}
	if pairID != 0 {
		var chosen []store.Pair
		for _, p := range pairs {
			if p.ID == pairID {
				chosen = append(chosen, p)
			}
		}
		if len(chosen) == 0 {
			return sayf("That pair has ended or isn't yours, so there is no session to log for it.")
		}
		pairs = chosen
	}
	askedDay := day
	today := datetext.DateOf(r.now.In(r.loc))
	if day.IsZero() || today.Before(day) {
		day = today
	}
	names := map[int64]string{}
	for _, p := range pairs {
		names[p.ID] = b.displayName(r.ctx, p.Partner(r.user.ID))
	}
	meta := modalMeta{Channel: r.channelID}
	if len(pairs) == 1 {
		meta.ID = pairs[0].ID
	}
	if meta.ID != 0 && pairID != 0 && !askedDay.IsZero() {
		// Opened for a meeting (a follow-up): the form remembers which,
		// so that it does not log that meeting a second time.
		mp, err := b.db.Meetings(r.ctx, r.user.ID, meta.ID)
		if err != nil {
			return err
		}
		at, err := meetingOn(&b.zones, mp, day, r.loc, r.now)
		if err != nil {
			return err
		}
		meta.Extra = formMeeting(at)
	}
	return b.openModal(r, sessionModal(r.user.ID, pairs, names, day, meta))
}

// formMeeting is how the session form's private_metadata (Extra) carries
// the meeting it was opened for; "" for none.
func formMeeting(at time.Time) string {
	if at.IsZero() {
		return ""
	}
	return "meeting=" + strconv.FormatInt(at.Unix(), 10)
}

// parseFormMeeting reads formMeeting; zero for none or anything else.
func parseFormMeeting(extra string) time.Time {
	v, ok := strings.CutPrefix(extra, "meeting=")
	if !ok {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

// actLogSession opens the session log modal from a button (a follow-up).
func (b *Bot) actLogSession(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	idText, dayText, _ := strings.Cut(act.Value, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return actionReply{}, sayf("That button has expired; use `/session log` instead.")
	}
	var day datetext.Date
	if dayText != "" {
		if day, err = datetext.ParseISODate(dayText); err != nil {
			day = datetext.Date{}
		}
	}
	if err := b.openSessionModal(r, id, day); err != nil {
		return actionReply{}, err
	}
	return actionReply{}, nil
}

// logSessionButton opens the session log modal for a pair's meeting day.
func logSessionButton(pairID int64, day datetext.Date) *slack.ButtonBlockElement {
	v := strconv.FormatInt(pairID, 10)
	if !day.IsZero() {
		v += ":" + day.String()
	}
	return button(actionLogSession, v, "Log session", slack.StylePrimary)
}

func (b *Bot) viewSessionLog(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	pairID := meta.ID
	if pairID == 0 {
		id, err := strconv.ParseInt(input(cb, "partner", "partner"), 10, 64)
		if err != nil {
			return viewReply{Errors: map[string]string{"partner": "Choose who you met."}}, nil
		}
		pairID = id
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, pairID)
	if err != nil {
		return viewReply{}, err
	}
	if !p.Live() {
		if rp, ok := endedPairNotes(p, r.user.ID, input(cb, "notes", "notes"), input(cb, "todos", "todos"), r.loc); ok {
			return viewReply{Confirm: &rp}, nil
		}
	}
	errs := map[string]string{}
	day, err := datetext.ParseISODate(input(cb, "date", "date"))
	switch {
	case err != nil:
		errs["date"] = "Pick the day you met."
	case datetext.DateOf(r.now.In(r.loc)).Before(day):
		errs["date"] = "That day is still to come. Log a session once it has happened."
	case day.Before(datetext.DateOf(p.CreatedAt.In(r.loc))):
		// The store refuses it too; here the error is under the date.
		errs["date"] = fmt.Sprintf("Your pair with <@%s> started on %s. Pick that day or a later one.",
			p.Partner(r.user.ID), datetext.LongDay(datetext.DateOf(p.CreatedAt.In(r.loc)).String()))
	}
	// "todo: …" in the notes makes a to-do, as in /session log, whose help
	// teaches it: before those of the To-dos field.
	notes, inline := splitNotes(input(cb, "notes", "notes"))
	if err := tooLong("note", notes, maxLongText); err != nil {
		errs["notes"] = b.friendly(err, "session modal")
	}
	var todos []store.NewTodo
	if len(inline) > 0 {
		named, err := b.nameOwners(r, p, inline)
		if err == nil {
			todos, err = checkTodos(p, named)
		}
		if _, taken := errs["notes"]; err != nil && !taken {
			errs["notes"] = b.friendly(err, "session modal")
		}
	}
	listed, err := b.modalTodos(r, p, input(cb, "todos", "todos"))
	if err != nil {
		errs["todos"] = b.friendly(err, "session modal")
	}
	todos = append(todos, listed...)
	if _, taken := errs["todos"]; len(todos) > maxTodosPerSession && !taken {
		errs["todos"] = b.friendly(store.TooManyTodos(len(todos)), "session modal")
	}
	if len(errs) == 0 && notes == "" && len(todos) == 0 {
		errs["notes"] = "Add what you talked about, or at least one to-do."
	}
	if len(errs) > 0 {
		return viewReply{Errors: errs}, nil
	}
	forMeeting := parseFormMeeting(meta.Extra)
	if meta.ID == 0 {
		forMeeting = time.Time{} // a form for no particular pair is for no particular meeting
	}
	// The confirmation that goes as a DM (the form opened from the DM
	// with the bot, or from a follow-up there) is the logger's own copy
	// of the session's DM, queued in its commit under a key of its own
	// like the partner's: its to-dos are redrawn with the partner's as
	// they close (reviseSessionDM), where a DM sent once would offer
	// Done buttons forever. One shown in a channel is ephemeral, which
	// the bot cannot edit: it stays the answer.
	var own func(s, prev store.Session) reply
	if confirmsByDM(r.channelID) {
		own = func(s, prev store.Session) reply {
			return b.noteSameDay(r.ctx, r.user.ID, s, prev, sessionLoggedMessage(s, p, r.user.ID, r.user.ID, r.loc))
		}
	}
	s, prev, err := b.logSession(r, p, day, forMeeting, notes, todos, own)
	if !forMeeting.IsZero() && store.ErrorCode(err) == store.EConflict {
		// Logged meanwhile (by /session log, or the partner's form):
		// the answer belongs under the date, which is what to change
		// for a second meeting that day.
		return viewReply{Errors: map[string]string{"date": b.friendly(err, "session modal")}}, nil
	}
	if err != nil {
		return viewReply{}, err
	}
	if own != nil {
		return viewReply{}, nil // the DM queued with the session says it
	}
	rp := b.noteSameDay(r.ctx, r.user.ID, s, prev, sessionLoggedMessage(s, p, r.user.ID, r.user.ID, r.loc))
	rp.Blocks = withAnswerContext(rp.Blocks, sessionAnswerContext(s, false)) // shown ephemerally
	return viewReply{Confirm: &rp}, nil
}

// endedPairNotes is the answer to a session form submitted for pair p
// after it ended (the partner ended it while the form was open): an
// ended pair takes no session (store.LogSession), so what viewer typed is
// given back to them, not lost with the form. ok is false when they typed
// nothing.
func endedPairNotes(p store.Pair, viewer, notes, todos string, loc *time.Location) (reply, bool) {
	notes, todos = strings.TrimSpace(notes), strings.TrimSpace(todos)
	if notes == "" && todos == "" {
		return reply{}, false
	}
	head := fmt.Sprintf(":information_source: Your pair with <@%s> has ended", p.Partner(viewer))
	if !p.EndedAt.IsZero() {
		head += " (" + dateTokenIn(p.EndedAt, "{date_long_pretty}", loc) + ")"
	}
	head += ", so I couldn't log this session: an ended pair takes no more sessions. So that nothing you wrote is lost, here it is to keep wherever you keep notes:"
	lines := []string{head}
	// Three sections in all hold what the form takes (2,500 characters
	// of notes, 3,000 of to-dos) unless much escaped: the notes take what
	// they need, up to two, the to-dos the rest.
	pieces := 3
	if notes != "" {
		lines = append(lines, "*Notes*")
		chunks := quotedChunks(notes, textSectionLimit-2, 2)
		lines = append(lines, chunks...)
		pieces -= len(chunks)
	}
	if todos != "" {
		lines = append(lines, "*To-dos*")
		lines = append(lines, quotedChunks(todos, textSectionLimit-2, max(pieces, 1))...)
	}
	return reply{Text: head, Blocks: textSections(lines)}, true
}

// confirmsByDM reports whether a modal's confirmation (viewReply.Confirm)
// opened from channel goes as a DM, as tell sends it: from the DM with
// the bot, any other DM, or nowhere in particular; elsewhere it is shown
// ephemerally.
func confirmsByDM(channel string) bool {
	return channel == "" || strings.HasPrefix(channel, "D")
}

// modalTodos reads the to-dos field of the modal: one per line, each the
// mentee's unless it starts with "@name" (a member's Slack name or first
// name, or "@me") or a pasted mention.
func (b *Bot) modalTodos(r *request, p store.Pair, text string) ([]store.NewTodo, error) {
	var parsed []noteTodo
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(listLeadRe.ReplaceAllString(strings.TrimSpace(line), ""))
		if loc := todoMarkRe.FindStringIndex(line); loc != nil && loc[0] == 0 {
			line = strings.TrimSpace(line[loc[1]:])
		}
		if line == "" {
			continue
		}
		t := parseTodo(line)
		t.line = i + 1
		parsed = append(parsed, t)
	}
	parsed, err := b.nameOwners(r, p, parsed)
	if err != nil {
		return nil, err
	}
	return checkTodos(p, parsed)
}

// ownerNames maps the names a to-do may start with, in lower case, to the
// members of p: each member's Slack name, real name without spaces and
// first name, and "me" for the person typing.
func (b *Bot) ownerNames(r *request, p store.Pair) map[string]string {
	names := map[string]string{}
	for _, id := range []string{p.MentorID, p.MenteeID} {
		u, err := b.db.User(r.ctx, id)
		if err != nil {
			continue
		}
		for _, n := range []string{u.Name, u.RealName, strings.ReplaceAll(u.RealName, " ", ""), firstWord(u.RealName)} {
			if n != "" {
				names[strings.ToLower(n)] = id
			}
		}
	}
	names["me"] = r.user.ID // always the typer, whatever anyone is called
	return names
}

// nameOwners gives each to-do that starts with "@name" as plain text (not
// a mention Slack resolved) to the member of p it names, as ownerNames
// reads names, and takes the name off its text. The form and the slash
// command both take such names: Slack leaves "@me", and names it does not
// turn into mentions, as typed. A name that is no member is refused with
// the names that work.
func (b *Bot) nameOwners(r *request, p store.Pair, todos []noteTodo) ([]noteTodo, error) {
	var names map[string]string
	for i, t := range todos {
		if t.owner != "" || !strings.HasPrefix(t.text, "@") {
			continue
		}
		word, rest := t.text[1:], ""
		if end := strings.IndexAny(word, " \t"+mentionPunctChars); end >= 0 {
			word, rest = word[:end], word[end:]
		}
		if word == "" {
			continue // "@ 5pm": no name at all
		}
		if i := strings.IndexAny(word, "'’"); i > 0 && possessiveRe.MatchString(word[i:]) {
			continue // "@farid's deck review": the mentee's, as parseTodo reads a mention so
		}
		if names == nil {
			names = b.ownerNames(r, p)
		}
		id, ok := names[strings.ToLower(word)]
		// A full name with a space ("@Carol Chen") is the person, and
		// all of it comes off the text, not only its first word; so is a
		// Slack name with a full stop in it ("@john.smith"), which the
		// punctuation that ends a name cut short.
		best := word
		for n, nid := range names { // the longest name that fits wins
			if strings.ContainsAny(n, " "+mentionPunctChars) && len(n) > len(best) && hasNamePrefix(t.text[1:], n) {
				id, ok, rest, best = nid, true, t.text[1+len(n):], n
			}
		}
		if !ok {
			return nil, sayf("I don't know who @%s is in your pair. Start a to-do with @%s, @%s or @me — or with no name for the mentee's.",
				esc(word), b.suggestName(r, p.MentorID), b.suggestName(r, p.MenteeID))
		}
		todos[i] = noteTodo{owner: id, text: strings.TrimSpace(rest[len(ownerTailRe.FindString(rest)):]), line: t.line}
	}
	return todos, nil
}

// hasNamePrefix reports whether s starts with name, in any case, followed
// by the end or a separator.
func hasNamePrefix(s, name string) bool {
	if len(s) < len(name) || !strings.EqualFold(s[:len(name)], name) {
		return false
	}
	return len(s) == len(name) || strings.ContainsAny(s[len(name):len(name)+1], " \t"+mentionPunctChars)
}

// suggestName is a short name to suggest in "@name".
func (b *Bot) suggestName(r *request, id string) string {
	u, err := b.db.User(r.ctx, id)
	if err != nil || u.Name == "" {
		return id
	}
	return u.Name
}

func (b *Bot) cmdSessionList(r *request, args string) (reply, error) {
	pairs, err := b.db.PairsOf(r.ctx, r.user.ID, true)
	if err != nil {
		return reply{}, err
	}
	byID := map[int64]store.Pair{}
	for _, p := range pairs {
		byID[p.ID] = p
	}
	var pairIDs []int64 // with partner: every pair with them, ended ones too
	partner, rest := leadingMention(args)
	page, ok := pageNumber(rest)
	switch {
	case !ok:
		if w := firstWord(rest); partner == "" && unknownName(w) {
			return r.unknownNamed(args, w, "your partner", "/session list @partner", ""), nil
		}
		if id := r.partnerNamed(rest, pairs); id != "" && partner == "" {
			return textReply("%s", r.bareNameHint(rest, id)), nil
		}
		return textReply("Usage: `/session list [@partner] [PAGE]` — the sessions of your pairs, most recent first, %d to a page, e.g. `/session list 2` for the second page.", sessionsListed), nil
	case partner != "":
		// Their history together: a pair made again after one ended
		// does not hide the sessions of the one before.
		for _, p := range pairs {
			if p.Partner(r.user.ID) == partner {
				pairIDs = append(pairIDs, p.ID)
			}
		}
		switch {
		case len(pairIDs) == 0 && partner == r.user.ID:
			return textReply("That's you: name your partner, or leave the name out to see the sessions of all your pairs."), nil
		case len(pairIDs) == 0:
			if err := r.knownUser(partner); err != nil {
				return reply{}, err
			}
			return textReply("You and <@%s> are not a pair, so there are no sessions to show. `/mentor pairs` lists yours.", partner), nil
		}
	}
	if len(pairs) == 0 {
		return textReply("You're not in a mentoring pair yet, so there are no sessions to list. To start one: %s", r.howToGetAPair()), nil
	}
	sessions, total, err := b.db.SessionsOfPairsPage(r.ctx, r.user.ID, pairIDs, (page-1)*sessionsListed, sessionsListed)
	if err != nil {
		return reply{}, err
	}
	// The command that shows another page of this list, as typed.
	listCmd := "/session list"
	if partner != "" {
		listCmd += " " + b.handle(r.ctx, partner)
	}
	// Someone in two pairs who runs "/session log NOTES" is asked which
	// pair: the command suggested names it.
	logCmd := "/session log"
	if live, _ := splitEnded(pairs); len(live) > 1 {
		logCmd += " @partner"
		if partner != "" {
			logCmd = "/session log " + b.handle(r.ctx, partner)
		}
	}
	return sessionListMessage(sessionPage{sessions: sessions, total: total, page: page, listCmd: listCmd}, byID, r.user.ID, partner, logCmd, r.loc), nil
}

// cmdSessionShow shows session N whole to a member of its pair: lists and
// messages quote the start of long notes.
func (b *Bot) cmdSessionShow(r *request, args string) (reply, error) {
	id, ok := parseNumber(args)
	if msg, none := noSuchNumber(args, "session", "`/session list` shows them."); !ok && none {
		return textReply("%s", msg), nil
	}
	if !ok {
		return textReply("Usage: `/session show N` — N is the session's number, e.g. `/session show 3`; `/session list` shows them."), nil
	}
	s, err := b.db.Session(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, s.PairID)
	if err != nil {
		return reply{}, err
	}
	rp := sessionShownMessage(s, p, r.user.ID, r.loc)
	rp.Blocks = withAnswerContext(rp.Blocks, sessionAnswerContext(s, true))
	return rp, nil
}

// cmdTodos lists a page of the person's open to-dos: those of their live
// pairs, then those of ended pairs, which they may still close.
func (b *Bot) cmdTodos(r *request, args string) (reply, error) {
	if partner, _ := leadingMention(args); partner != "" {
		return b.pairTodos(r, args)
	}
	page, ok := pageNumber(args)
	if w := firstWord(args); !ok && unknownName(w) {
		return r.unknownNamed(args, w, "your partner", "/session todos @partner", ""), nil
	}
	if !ok {
		return textReply("Usage: `/session todos [PAGE]` — your open to-dos, %d to a page, e.g. `/session todos 2` for the second page; `/session todos @partner` lists your pair's, both of yours.", todosPerPage), nil
	}
	todos, err := b.db.AllMyOpenTodos(r.ctx, r.user.ID)
	if err != nil {
		return reply{}, err
	}
	ended := map[int64]store.Pair{}
	with := map[int64]string{} // live pair → partner, for someone in several
	if len(todos) > 0 {
		pairs, err := b.db.PairsOf(r.ctx, r.user.ID, true)
		if err != nil {
			return reply{}, err
		}
		for _, p := range pairs {
			if !p.Live() {
				ended[p.ID] = p
			} else {
				with[p.ID] = p.Partner(r.user.ID)
			}
		}
		if len(with) < 2 {
			with = nil
		}
	}
	return myTodosMessage(todos, ended, with, r.user.ID, page, r.loc), nil
}

// pairTodos lists a page of the open to-dos of the person's pair with the
// partner args names, both members': where a mentor sees all of a mentee's.
// Paired again, the person's own open to-dos of the earlier pairs with
// that partner follow, as /session todos has them; the partner's are
// theirs alone to close (store.CompleteTodo), so they are left out.
func (b *Bot) pairTodos(r *request, args string) (reply, error) {
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	page, ok := pageNumber(rest)
	if !ok {
		return textReply("Usage: `/session todos @partner [PAGE]` — your pair's open to-dos, %d to a page.", todosPerPage), nil
	}
	todos, err := b.db.PairTodos(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return reply{}, err
	}
	partner := p.Partner(r.user.ID)
	pairs, err := b.db.PairsOf(r.ctx, r.user.ID, true)
	if err != nil {
		return reply{}, err
	}
	ended := map[int64]store.Pair{}
	for _, q := range pairs {
		if !q.Live() && q.Partner(r.user.ID) == partner {
			ended[q.ID] = q
		}
	}
	var earlier []store.Todo
	if len(ended) > 0 {
		mine, err := b.db.AllMyOpenTodos(r.ctx, r.user.ID)
		if err != nil {
			return reply{}, err
		}
		for _, t := range mine {
			if _, ok := ended[t.PairID]; ok {
				earlier = append(earlier, t)
			}
		}
	}
	return pairTodosMessage(todos, earlier, ended, r.user.ID, partner, "/session todos "+b.goalHandle(r.ctx, partner), page, r.loc), nil
}

// pageNumber reads the page of a paged list (/session todos, /mentor pairs
// all): "" (the first), "2", "#2" or "page 2".
func pageNumber(args string) (int, bool) {
	args = strings.TrimSpace(args)
	if args == "" {
		return 1, true
	}
	if w, rest := splitWord(args); strings.EqualFold(w, "page") || strings.EqualFold(w, "p") {
		args = rest
	}
	n, ok := parseNumber(args)
	if !ok || n > 1000 {
		return 0, false
	}
	return int(n), true
}

func (b *Bot) cmdTodoDone(r *request, args string) (reply, error) {
	ids, ok := parseNumbers(args, maxTodosClosedAtOnce)
	if !ok && len(ids) > maxTodosClosedAtOnce {
		// Well written, only too many: the usage would read as if the
		// numbers were wrong.
		return textReply("That's %d to-dos; `/session done` closes up to %d at once, so I haven't closed any. Close the rest with another `/session done`.",
			len(ids), maxTodosClosedAtOnce), nil
	}
	if msg, none := noSuchNumber(args, "to-do", "`/session todos` lists yours."); !ok && none {
		return textReply("%s", msg), nil
	}
	if !ok {
		return textReply("Usage: `/session done N` — N is the to-do's number, e.g. `/session done 12` or `/session done #12`; several at once: `/session done 12 14`. `/session todos` lists yours."), nil
	}
	todos, err := b.completeTodos(r, ids)
	var refused todosRefused
	if errors.As(err, &refused) {
		return textReply("%s", refused.message(ids)), nil
	}
	if err != nil {
		return reply{}, err
	}
	return todosAnswer(todos, r.user.ID, todosAnswerContext(todos)), nil
}

// todosAnswer is the answer of /session done: each to-do as it stands, a
// done one with its Undo button, one opened again with its Done button,
// in rows a button redraws in place. ctx (todosAnswerContext) rides on
// the buttons: an ephemeral answer comes back without its blocks, so a
// press redraws it from what is stored (answerNow).
func todosAnswer(todos []store.Todo, viewer, ctx string) reply {
	var texts []string
	var blocks []slack.Block
	for _, t := range todos {
		var row *slack.SectionBlock
		if t.Status == store.TodoDone {
			text := todoDoneText(t, viewer)
			texts = append(texts, text)
			row = todoDoneSection(t, text)
		} else {
			text := todoLine(t, viewer)
			texts = append(texts, text)
			row = todoSection(t, text)
		}
		blocks = append(blocks, row)
	}
	return reply{Text: strings.Join(texts, "\n"), Blocks: withAnswerContext(blocks, ctx)}
}

// An answer's context (todoButtonValue) names what a press redraws it
// from: "l" and the to-dos of a /session done answer, "s" and a session
// for the message of its logging, "w" and a session for /session show.
func todosAnswerContext(todos []store.Todo) string {
	ids := make([]string, len(todos))
	for i, t := range todos {
		ids[i] = strconv.FormatInt(t.ID, 10)
	}
	return "l" + strings.Join(ids, ",")
}

// sessionAnswerContext is the context of an answer that shows session
// s: the message of its logging, or (whole) /session show.
func sessionAnswerContext(s store.Session, whole bool) string {
	if whole {
		return "w" + strconv.FormatInt(s.ID, 10)
	}
	return "s" + strconv.FormatInt(s.ID, 10)
}

// withAnswerContext adds ctx to the values of the Done and Undo buttons
// of blocks: "12|l12,14".
func withAnswerContext(blocks []slack.Block, ctx string) []slack.Block {
	if ctx == "" {
		return blocks
	}
	for _, bl := range blocks {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Accessory == nil || sec.Accessory.ButtonElement == nil {
			continue
		}
		btn := sec.Accessory.ButtonElement
		if strings.HasPrefix(btn.ActionID, actionTodoDone+"_") || strings.HasPrefix(btn.ActionID, actionTodoReopen+"_") {
			cp := *btn
			cp.Value = btn.Value + "|" + ctx
			sec.Accessory = slack.NewAccessory(&cp)
		}
	}
	return blocks
}

// todoButtonValue reads the value of a Done or Undo button: the to-do's
// number, then, on an answer's buttons, the answer's context.
func todoButtonValue(v string) (id int64, ctx string, ok bool) {
	num, ctx, _ := strings.Cut(v, "|")
	id, ok = parseNumber(num)
	return id, ctx, ok
}

// answerNow is the ephemeral answer with context ctx (withAnswerContext)
// as it reads now, for r's user: a press on one of its buttons redraws
// it whole, as Slack gives no ephemeral message's blocks to edit. ok is
// false for no context, or one that no longer reads.
func (b *Bot) answerNow(r *request, ctx string) (reply, bool) {
	if ctx == "" {
		return reply{}, false
	}
	kind, rest := ctx[:1], ctx[1:]
	switch kind {
	case "l":
		var todos []store.Todo
		for _, w := range strings.Split(rest, ",") {
			id, ok := parseNumber(w)
			if !ok {
				return reply{}, false
			}
			t, err := b.db.Todo(r.ctx, r.user.ID, id)
			if store.ErrorCode(err) == store.ENotFound {
				continue // gone with its owner's data: nothing to show
			}
			if err != nil {
				return reply{}, false // not redrawn short of a row
			}
			todos = append(todos, t)
		}
		if len(todos) == 0 {
			return reply{}, false
		}
		return todosAnswer(todos, r.user.ID, ctx), true
	case "s", "w":
		id, ok := parseNumber(rest)
		if !ok {
			return reply{}, false
		}
		s, err := b.db.Session(r.ctx, r.user.ID, id)
		if err != nil {
			return reply{}, false
		}
		p, err := b.db.Pair(r.ctx, r.user.ID, s.PairID)
		if err != nil {
			return reply{}, false
		}
		var rp reply
		switch {
		case kind == "w":
			rp = sessionShownMessage(s, p, r.user.ID, r.loc)
		case s.LoggedBy == "":
			return reply{}, false
		default:
			rp = b.sessionDMNow(r.ctx, s, p, r.user.ID, r.loc)
		}
		rp.Blocks = withAnswerContext(rp.Blocks, ctx)
		return rp, true
	}
	return reply{}, false
}

// noSuchNumber is the answer when a word of args reads as a number but
// can name no session or to-do (what): 0, a negative one, or one with
// too many digits. It says there is none, as whichGoal does for goals,
// rather than show the usage, which would read as if the number had
// been written wrong; list says where the numbers are. ok is false when
// args has no such word.
func noSuchNumber(args, what, list string) (msg string, ok bool) {
	words := strings.FieldsFunc(args, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
	// Of several, none is acted on when one is wrong: say so.
	none := ""
	if len(words) > 1 {
		none = " I haven't changed any of them."
	}
	for _, w := range words {
		if _, valid := parseNumber(w); valid || !numberLike.MatchString(w) {
			continue
		}
		if _, valid := parseNumber(strings.TrimPrefix(w, "+")); valid {
			// "+5" means #5 well enough not to be told it is none: the
			// usage shows how numbers are written.
			continue
		}
		if !strings.Contains(w, "-") && strings.Trim(w, "#+0") != "" {
			// Above zero, it has too many digits to be anything's number.
			return fmt.Sprintf("There is no %s %s.%s %s", what, echoTyped(w, 24), none, list), true
		}
		return fmt.Sprintf("There is no %s %s: %ss are numbered from #1.%s %s", what, echoTyped(w, 24), what, none, list), true
	}
	return "", false
}

// maxTodosClosedAtOnce is how many to-dos one /session done closes.
const maxTodosClosedAtOnce = 10

// parseNumbers reads "7", "#7", "7 9", "#7, #9": at most max numbers,
// each once; ok is false for anything else. When every word is a number
// and there are only too many, the numbers come back with ok false, so
// that the answer can say so.
func parseNumbers(s string, max int) ([]int64, bool) {
	var out []int64
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		n, ok := parseNumber(w)
		if !ok {
			return nil, false
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, len(out) > 0 && len(out) <= max
}

// completeTodo closes a to-do, tells its owner when someone else closed it
// and re-plans the pair's notifications.
func (b *Bot) completeTodo(r *request, id int64) (store.Todo, error) {
	ts, err := b.completeTodos(r, []int64{id})
	if err != nil {
		return store.Todo{}, err
	}
	return ts[0], nil
}

// completeTodos closes the to-dos ids, all or none (SPEC: bad input changes
// nothing), in one commit, so that none is closed if another turns out not
// to be closable, even one closed by someone else meanwhile. Of several,
// every number that stops them comes back at once in a todosRefused, so
// that the answer can name them all; of one, the store's own answer.
func (b *Bot) completeTodos(r *request, ids []int64) ([]store.Todo, error) {
	// The owner is told in the commit that closes it: told after it, a
	// failed DM would leave the to-do done, the owner never told, and the
	// one who closed it told that nothing changed.
	var todos []store.Todo
	var edits []dmEdit
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		todos, edits = nil, nil
		var refused todosRefused
		for _, id := range ids {
			t, err := store.CompleteTodoTx(r.ctx, tx, r.user.ID, id)
			if err != nil && len(ids) > 1 && refused.add(id, err) {
				continue
			}
			if err != nil {
				return err
			}
			todos = append(todos, t)
			if t.OwnerID == r.user.ID {
				continue
			}
			note := textReply(":white_check_mark: <@%s> marked your to-do *#%d* done: %s", r.user.ID, t.ID, shownText(t.Text))
			es, err := dmAgainTx(r.ctx, tx, todoDoneKey(t), "todo_done", t.OwnerID, t.PairID, note)
			if err != nil {
				return err
			}
			edits = append(edits, es...)
		}
		if !refused.empty() {
			return refused // rolls back the ones closed before
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.sched.Kick()
	b.applyEdits(r.ctx, edits)
	for _, t := range todos {
		b.pairChanged(r.ctx, t.PairID)
		b.reviseSessionDM(r, t)
		b.todosChanged(r, t.PairID, t.OwnerID)
	}
	return todos, nil
}

// todosRefused is why a /session done of several numbers closed none:
// the numbers, in the order typed, that are not among the person's pairs'
// to-dos (one of another pair reads the same as one that does not exist),
// that are already done, and that are a former partner's to close.
type todosRefused struct {
	notFound, done, ended []int64
}

func (e todosRefused) Error() string {
	return fmt.Sprintf("to-dos refused: not found %v, done %v, ended %v", e.notFound, e.done, e.ended)
}

func (e todosRefused) empty() bool {
	return len(e.notFound)+len(e.done)+len(e.ended) == 0
}

// add files id under the refusal err is, reporting false for an error
// that is no refusal (a failure, to be returned as it is).
func (e *todosRefused) add(id int64, err error) bool {
	switch store.ErrorCode(err) {
	case store.ENotFound:
		e.notFound = append(e.notFound, id)
	case store.EConflict:
		e.done = append(e.done, id)
	case store.EForbidden:
		e.ended = append(e.ended, id)
	default:
		return false
	}
	return true
}

// message says that none of ids was closed, names every number that
// stopped them and why, and gives the command that closes the rest.
func (e todosRefused) message(ids []int64) string {
	var why []string
	if n := len(e.notFound); n > 0 {
		why = append(why, fmt.Sprintf("I couldn't find %s %s among your pairs' to-dos", plural(n, "to-do", "to-dos"), todoNumbers(e.notFound, "or")))
	}
	if n := len(e.done); n > 0 {
		why = append(why, fmt.Sprintf("%s %s already done", todoNumbers(e.done, "and"), plural(n, "is", "are")))
	}
	if n := len(e.ended); n > 0 {
		why = append(why, fmt.Sprintf("%s %s from a pair of yours that has ended, so %s for your former partner to close",
			todoNumbers(e.ended, "and"), plural(n, "is", "are"), plural(n, "it is", "they are")))
	}
	var rest []string
	for _, id := range ids {
		if !slices.Contains(e.notFound, id) && !slices.Contains(e.done, id) && !slices.Contains(e.ended, id) {
			rest = append(rest, strconv.FormatInt(id, 10))
		}
	}
	next := "`/session todos` lists your open ones."
	if len(rest) > 0 {
		next = "`/session done " + strings.Join(rest, " ") + "` closes the rest."
	}
	return "I haven't closed any of them: " + strings.Join(why, "; ") + ". " + next
}

// todoNumbers is "*#4*", "*#4* and *#9*" or "*#4*, *#9* and *#21*" (with
// conj for "and").
func todoNumbers(ids []int64, conj string) string {
	ns := make([]string, len(ids))
	for i, id := range ids {
		ns[i] = fmt.Sprintf("*#%d*", id)
	}
	return joinList(ns, conj)
}

// todosChanged redraws, after the ack (for a button, after the presser's
// own message is replaced), the scheduler's DMs already sent that list
// pair pairID's open to-dos, with Done buttons: the reminders of its
// meetings still ahead, both members' (redrawMeetingDMs, as for a change
// to the agenda; agenda prompts list no to-dos), and the latest check-in
// of each owner of a to-do that changed (a check-in lists only its
// reader's own to-dos). A to-do closed or opened again from one of them,
// or by command, or logged since they went, would otherwise go on showing
// as it was, or not at all. The message whose Done button was pressed is
// left to the press's answer, which shows the to-do struck through.
func (b *Bot) todosChanged(r *request, pairID int64, owners ...string) {
	owners = slices.Compact(slices.Sorted(slices.Values(owners))) // the caller's slice stays as it was
	later(r.ctx, func() {
		ctx := b.detach(r.ctx)
		b.redrawMeetingDMs(ctx, pairID, r.pressed, scheduler.KindReminder)
		for _, o := range owners {
			b.redrawLatestCheckin(ctx, o, r.pressed)
		}
	})
}

// todoOwners is the owners of todos.
func todoOwners(todos []store.Todo) []string {
	owners := make([]string, len(todos))
	for i, t := range todos {
		owners[i] = t.OwnerID
	}
	return owners
}

// checkinInView is how long a check-in stays the one its reader looks
// at, its Done buttons at hand: a week, until the next.
const checkinInView = 7 * 24 * time.Hour

// redrawLatestCheckin redraws user's latest check-in, when it went within
// the week (checkinInView) and its ts is not except; older ones were
// followed by a newer.
func (b *Bot) redrawLatestCheckin(ctx context.Context, user, except string) {
	// In turn by person: of two redraws that cross, the later edit is the
	// one rendered later.
	h := fnv.New32a()
	h.Write([]byte(user))
	defer lockStripe(&b.checkinRedraws, int64(h.Sum32()))()
	// A check-in expires at the end of its day, as far as sending it
	// goes; one that expired within the week is still the latest.
	sent, err := b.db.SentPersonDMs(ctx, user, []string{scheduler.KindCheckin}, b.clock.Now().Add(-checkinInView))
	if err != nil {
		b.log.Warn("check-ins to redraw", "user", user, "err", err)
		return
	}
	if len(sent) > 0 {
		b.redrawSent(ctx, sent[len(sent)-1:], except)
	}
}

// reviseSessionDM redraws, after the ack, the DMs of the session to-do t
// came from, the partner's and the logger's own (when the form's
// confirmation went as one), with its to-dos as they stand now: closed or
// opened again by a command or another message, a to-do there would still
// offer a Done button, or show as done.
func (b *Bot) reviseSessionDM(r *request, t store.Todo) {
	if t.SessionID == 0 {
		return
	}
	later(r.ctx, func() {
		ctx := b.detach(r.ctx)
		// Most sessions' DMs are long settled and gone: one read finds
		// whether there is anything to revise before any other work (and
		// before a write transaction, which commands would queue behind).
		kept := b.sessionDMKept(ctx, t.SessionID)
		given := b.todosGivenKept(ctx, t.SessionID)
		if !kept && !given {
			return
		}
		s, err := b.db.Session(ctx, r.user.ID, t.SessionID)
		if err != nil || s.LoggedBy == "" {
			return // gone, or its logger asked to be forgotten
		}
		p, err := b.db.Pair(ctx, r.user.ID, s.PairID)
		if err != nil {
			return
		}
		// A session logged by command has no DM to its logger, only the
		// answer: only the DMs on record are revised.
		var readers []string
		for _, m := range []string{p.Partner(s.LoggedBy), s.LoggedBy} {
			if !kept {
				break
			}
			if _, err := b.db.Notification(ctx, sessionDMKey(s.ID, m)); err == nil {
				readers = append(readers, m)
			}
		}
		locs := make([]*time.Location, len(readers))
		for i, reader := range readers {
			locs[i] = b.zoneOf(r, reader) // may ask Slack: before the lock
		}
		// The DMs of to-dos an edit of the notes gave t's owner list t
		// with its Done button too: one closed another way would go on
		// offering it there (the press on that DM itself redraws it).
		var gdms []todosGivenDM
		var ownerLoc *time.Location
		if given {
			gdms = b.todosGivenDMs(ctx, s, t)
			if len(gdms) > 0 {
				ownerLoc = b.zoneOf(r, t.OwnerID)
			}
		}
		// Revised as the partner's copy is on an edit of the notes: a DM
		// says this if it has yet to go, and is edited if it went.
		edited := make([]bool, len(readers))
		gEdited := make([]bool, len(gdms))
		err = func() error {
			defer lockStripe(&b.revising, s.ID)()
			// Read again under the lock: what stands now, after any
			// change a redraw that held the lock before this one missed.
			if s, err = b.db.Session(ctx, r.user.ID, s.ID); err != nil {
				return err
			}
			msgs := make([]reply, len(readers)) // read before the write transaction
			for i, reader := range readers {
				msgs[i] = b.sessionDMNow(ctx, s, p, reader, locs[i])
			}
			return b.db.InTx(ctx, func(tx *store.Tx) error {
				for i, reader := range readers {
					edits, err := reviseTx(ctx, tx, reader, sessionDMKey(s.ID, reader), msgs[i])
					if err != nil {
						return err
					}
					edited[i] = len(edits) > 0
				}
				for i, g := range gdms {
					edits, err := reviseTx(ctx, tx, t.OwnerID, g.key, g.message(s, t.OwnerID, ownerLoc))
					if err != nil {
						return err
					}
					gEdited[i] = len(edits) > 0 && g.ts != r.pressed
				}
				return nil
			})
		}()
		if err != nil {
			b.log.Warn("revise the session DM", "session", s.ID, "err", err)
			return
		}
		for i, reader := range readers {
			if edited[i] {
				b.redrawSessionDM(ctx, r.user.ID, s.ID, reader, locs[i])
			}
		}
		for i, g := range gdms {
			if gEdited[i] {
				b.redrawTodosGivenDM(ctx, r.user.ID, g, t.OwnerID, ownerLoc)
			}
		}
	})
}

// sessionDMNow is the DM of session s to reader, a member of pair p, as it
// reads now (sessionMessageNow): the logger's own keeps its note of
// another session held that day.
func (b *Bot) sessionDMNow(ctx context.Context, s store.Session, p store.Pair, reader string, loc *time.Location) reply {
	rp := sessionMessageNow(s, p, s.LoggedBy, reader, loc)
	if reader == s.LoggedBy {
		rp = b.noteSameDay(ctx, reader, s, store.Session{}, rp)
	}
	return rp
}

// redrawSessionDM edits the sent DM to reader about session id (actor
// being a member of its pair) to show the session as it stands when this
// runs, not as some earlier redraw rendered it: of two redraws whose edits
// cross, the last edit carries the latest. It calls Slack with the
// session's stripe held, so it runs only after the ack.
func (b *Bot) redrawSessionDM(ctx context.Context, actor string, id int64, reader string, loc *time.Location) {
	defer lockStripe(&b.editing, id)()
	failed := func(what string, err error) bool {
		if err != nil && store.ErrorCode(err) != store.ENotFound {
			b.log.Warn("redraw the DM of a session: "+what, "session", id, "reader", reader, "err", err)
		}
		return err != nil
	}
	n, err := b.db.Notification(ctx, sessionDMKey(id, reader))
	if failed("its record", err) || n.Status != store.NoteSent || n.Channel == "" || n.TS == "" {
		return
	}
	s, err := b.db.Session(ctx, actor, id)
	if failed("the session", err) || s.LoggedBy == "" {
		return // gone, or its logger asked to be forgotten
	}
	p, err := b.db.Pair(ctx, actor, s.PairID)
	if failed("its pair", err) {
		return
	}
	_ = b.editMessage(ctx, n.Channel, n.TS, b.sessionDMNow(ctx, s, p, reader, loc)) // logged there
}

// sessionDMKept reports whether a DM of session id to a member of its
// pair is still on record.
func (b *Bot) sessionDMKept(ctx context.Context, id int64) bool {
	ok, err := b.db.HasKeyPrefix(ctx, sessionDMKey(id, ""))
	return err == nil && ok
}

// actTodoDone closes the to-do of a Done button and shows it as done in the
// message the button was on.
func (b *Bot) actTodoDone(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, answerCtx, ok := todoButtonValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/session done N` instead.")
	}
	t, err := b.completeTodo(r, id)
	if store.ErrorCode(err) == store.ENotFound {
		// A to-do on this message, gone since: deleted with its owner's
		// data (/mentor forget), the only way a to-do goes. The row says
		// so, and loses its button, rather than read as a wrong number.
		if blocks, ok := b.markDeletedTodos(r, cb.Message.Blocks.BlockSet); ok {
			return actionReply{Replace: &reply{Text: cb.Message.Text, Blocks: blocks}}, nil
		}
	}
	already := false
	if store.ErrorCode(err) == store.EConflict {
		// Closed already (by the partner, or from another message): the
		// message shows it done as if this press had closed it, so that
		// it stops offering a Done button that can only be refused.
		if done, lerr := b.db.Todo(r.ctx, r.user.ID, id); lerr == nil && done.Status == store.TodoDone {
			t, err, already = done, nil, true
		}
	}
	if err != nil {
		return actionReply{}, err
	}
	done := todoDoneText(t, r.user.ID)
	if already {
		// A press on a Done button left behind (an answer drawn before)
		// must not read as a new close.
		done = todoAlreadyDoneText(t, r.user.ID)
	}
	if b.isSessionDM(r, t.SessionID, cb) && !b.loggerForgotten(r, t.SessionID) {
		// Redrawn from what is stored, in turn with the partner's redraws
		// (reviseSessionDM): a replacement made from the message as it
		// was clicked could reach Slack after the partner's, and undo it.
		// The DM of a session whose logger asked to be forgotten is not
		// redrawn so (the partner is gone): it is marked here.
		return actionReply{}, nil
	}
	if blocks, ok := markTodoDone(cb.Message.Blocks.BlockSet, t, r.user.ID); ok {
		blocks, _ = b.markDeletedTodos(r, b.markClosedSince(r, blocks))
		return actionReply{Replace: &reply{Text: cb.Message.Text, Blocks: todosGivenFootNow(blocks, t)}}, nil
	}
	if rp, ok := b.answerNow(r, answerCtx); ok {
		return actionReply{Replace: &rp}, nil
	}
	return actionReply{Reply: &reply{Text: done}}, nil
}

// loggerForgotten reports whether the logger of session id asked to be
// forgotten.
func (b *Bot) loggerForgotten(r *request, id int64) bool {
	s, err := b.db.Session(r.ctx, r.user.ID, id)
	return err == nil && s.LoggedBy == ""
}

// todoOwnerRe finds the owner a to-do's line names (todoLine).
var todoOwnerRe = regexp.MustCompile(` — <@([UW][A-Z0-9]+)>`)

// markDeletedTodos shows as deleted the to-dos of blocks, rows with a
// Done or Undo button, that are gone: deleted with their owner's data
// (/mentor forget). ok is false when there were none.
func (b *Bot) markDeletedTodos(r *request, blocks []slack.Block) ([]slack.Block, bool) {
	out := slices.Clone(blocks)
	found := false
	for i, bl := range out {
		sec, isSec := bl.(*slack.SectionBlock)
		if !isSec || sec.Text == nil || sec.Accessory == nil || sec.Accessory.ButtonElement == nil {
			continue
		}
		id, ok := parseNumber(strings.TrimPrefix(bl.ID(), todoBlockPrefix))
		if !ok || !strings.HasPrefix(bl.ID(), todoBlockPrefix) {
			continue
		}
		if _, err := b.db.Todo(r.ctx, r.user.ID, id); store.ErrorCode(err) != store.ENotFound {
			continue
		}
		text := fmt.Sprintf(":wastebasket: ~#%d~ — deleted, with its owner's data.", id)
		if m := todoOwnerRe.FindStringSubmatch(sec.Text.Text); m != nil {
			text = fmt.Sprintf(":wastebasket: ~#%d~ — deleted when <@%s> deleted their data.", id, m[1])
		}
		out[i] = slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(sec.BlockID))
		found = true
	}
	if !found {
		return blocks, false
	}
	return out, true
}

// isSessionDM reports whether cb's message is the DM to r's user about
// session id.
func (b *Bot) isSessionDM(r *request, id int64, cb slack.InteractionCallback) bool {
	if id == 0 {
		return false
	}
	n, err := b.db.Notification(r.ctx, sessionDMKey(id, r.user.ID))
	return err == nil && n.TS != "" && n.TS == cb.Container.MessageTs && n.Channel == cb.Container.ChannelID
}

// markClosedSince shows done the to-dos in blocks that still offer a Done
// button but were closed since the message was drawn: by the partner at
// the same moment, whose redraw of this message may reach Slack before
// this replacement does. The replacement must not bring their buttons back.
func (b *Bot) markClosedSince(r *request, blocks []slack.Block) []slack.Block {
	for _, bl := range blocks {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Accessory == nil || sec.Accessory.ButtonElement == nil ||
			!strings.HasPrefix(sec.Accessory.ButtonElement.ActionID, actionTodoDone+"_") {
			continue
		}
		id, ok := parseNumber(strings.TrimPrefix(bl.ID(), todoBlockPrefix))
		if !ok {
			continue
		}
		if t, err := b.db.Todo(r.ctx, r.user.ID, id); err == nil && t.Status == store.TodoDone {
			blocks, _ = markTodoDone(blocks, t, r.user.ID)
		}
	}
	return blocks
}
