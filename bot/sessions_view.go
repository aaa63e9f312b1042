package bot

// Messages and modals of the session feature: plain functions from domain
// values to text and blocks.

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// todoBlockPrefix starts the block_id of a to-do's section, so that a Done
// button can find its to-do in the message it is on.
const todoBlockPrefix = "todo_"

// todoLine is one to-do as it reads in a list, seen by viewer.
func todoLine(t store.Todo, viewer string) string {
	owner := fmt.Sprintf("<@%s>", t.OwnerID)
	if t.OwnerID == viewer {
		owner = "you"
	}
	return fmt.Sprintf("*#%d* %s — %s", t.ID, shownText(t.Text), owner)
}

// todoBlocks lists open to-dos, each with a Done button (actionTodoDone), as
// seen by viewer; at most max of them (0: 20), then a line saying how many
// more there are and where viewer finds their own. The scheduler's check-in
// and meeting reminder reuse it.
//
// partners, when not nil, names the partner of each to-do's pair on its
// line (Notifier.todoPartners), for someone in several pairs.
func todoBlocks(todos []store.Todo, viewer string, partners map[int64]string, max int) []slack.Block {
	if max <= 0 {
		max = 20
	}
	var out []slack.Block
	for i, t := range todos {
		if i == max {
			out = append(out, contextText(moreTodosText(todos[i:], viewer)))
			break
		}
		line := todoLine(t, viewer)
		if partner, ok := partners[t.PairID]; ok {
			line += fmt.Sprintf(" _(with <@%s>)_", partner)
		}
		out = append(out, todoSection(t, line))
	}
	return out
}

// ownDoneButtonsOnly takes, of an ended pair (live false), the Done
// buttons off the to-dos in blocks that are not viewer's: they are their
// owner's alone to close now (store.CompleteTodo).
func ownDoneButtonsOnly(blocks []slack.Block, todos []store.Todo, viewer string, live bool) []slack.Block {
	if live {
		return blocks
	}
	theirs := map[string]bool{}
	for _, t := range todos {
		if t.OwnerID != viewer {
			theirs[todoBlockPrefix+strconv.FormatInt(t.ID, 10)] = true
		}
	}
	for _, b := range blocks {
		if sb, ok := b.(*slack.SectionBlock); ok && theirs[sb.BlockID] {
			sb.Accessory = nil
		}
	}
	return blocks
}

// todoSection is a to-do's line with its Done button; its block_id lets
// markTodoDone find it.
func todoSection(t store.Todo, line string) *slack.SectionBlock {
	id := strconv.FormatInt(t.ID, 10)
	return slack.NewSectionBlock(mrkdwn(line), nil,
		slack.NewAccessory(button(actionTodoDone+"_"+id, id, "Done", slack.StylePrimary)),
		slack.SectionBlockOptionBlockID(todoBlockPrefix+id))
}

// todoDoneSection is a done to-do's line with its Undo button, under the
// block_id of its open line (todoSection).
func todoDoneSection(t store.Todo, line string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(line), nil, slack.NewAccessory(todoUndoButton(t)),
		slack.SectionBlockOptionBlockID(todoBlockPrefix+strconv.FormatInt(t.ID, 10)))
}

// moreTodosText says how many to-dos a list left out, and where viewer sees
// those that are theirs (the others are their partner's).
func moreTodosText(hidden []store.Todo, viewer string) string {
	mine := 0
	var others []string // the other owners, the viewer's partners
	for _, t := range hidden {
		if t.OwnerID == viewer {
			mine++
		} else if !slices.Contains(others, t.OwnerID) {
			others = append(others, t.OwnerID)
		}
	}
	// A mention cannot be shown inside code, so the partner is named after
	// the command.
	pair := "`/session todos @partner` lists your pair's"
	if len(others) == 1 {
		pair = fmt.Sprintf("`/session todos` followed by <@%s> lists your pair's", others[0])
	}
	switch {
	case mine == len(hidden):
		return fmt.Sprintf("…and %d more %s of yours. `/session todos` lists %s, %d to a page.",
			len(hidden), plural(len(hidden), "to-do", "to-dos"), plural(len(hidden), "it", "them"), todosPerPage)
	case mine > 0:
		return fmt.Sprintf("…and %d more, %d of them yours. `/session todos` lists yours; %s.", len(hidden), mine, pair)
	default:
		return fmt.Sprintf("…and %d more, %s. %s.", len(hidden), noneYours(len(hidden)), pair)
	}
}

// todoDoneText says that a to-do was closed.
func todoDoneText(t store.Todo, viewer string) string {
	by := "you"
	switch t.DoneBy {
	case viewer:
	case "": // who marked it asked to be forgotten: no one to mention
		return ":white_check_mark: " + struckTodo(t) + " — done."
	default:
		by = fmt.Sprintf("<@%s>", t.DoneBy)
	}
	return fmt.Sprintf(":white_check_mark: %s — done (marked by %s).", struckTodo(t), by)
}

// struckTodo is a done to-do's number and text struck through. A "~" in
// its text would end the strike there, leaving the rest plain and a stray
// "~": it is shown as the look-alike "∼", which mrkdwn leaves alone.
func struckTodo(t store.Todo) string {
	return fmt.Sprintf("~#%d %s~", t.ID, strings.ReplaceAll(shownText(t.Text), "~", "∼"))
}

// todoAlreadyDoneText says that a to-do was closed before a press on a
// Done button left behind, and by whom.
func todoAlreadyDoneText(t store.Todo, viewer string) string {
	by := "you"
	switch t.DoneBy {
	case viewer:
	case "": // who closed it asked to be forgotten
		by = "its other member"
	default:
		by = fmt.Sprintf("<@%s>", t.DoneBy)
	}
	return fmt.Sprintf(":white_check_mark: %s was already done (marked by %s).", struckTodo(t), by)
}

// todoPartnerRe is the end of a to-do's line that names its pair
// (todoBlocks, given partners).
var todoPartnerRe = regexp.MustCompile(` _\(with <@[UW][A-Z0-9]+>\)_$`)

// markTodoDone returns blocks with t's section (from todoBlocks) replaced by
// a line saying it is done; ok is false when blocks have no such section.
func markTodoDone(blocks []slack.Block, t store.Todo, viewer string) ([]slack.Block, bool) {
	id := todoBlockPrefix + strconv.FormatInt(t.ID, 10)
	out := make([]slack.Block, len(blocks))
	found, wasOpen := false, false
	for i, bl := range blocks {
		out[i] = bl
		if bl.ID() == id {
			done := todoDoneText(t, viewer)
			// The check-in names the pair of each to-do for someone in
			// several; the line keeps saying so once done.
			if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil {
				if with := todoPartnerRe.FindString(sec.Text.Text); with != "" {
					done = strings.TrimSuffix(done, ".") + with + "."
				}
				wasOpen = sec.Accessory != nil // its Done button
			}
			out[i] = todoDoneSection(t, done)
			found = true
		}
	}
	if wasOpen {
		// The list's count of open to-dos goes down with it.
		countOpenTodos(out, -1)
	}
	return out, found
}

// markTodoOpen undoes markTodoDone: t's done line becomes its line with
// its Done button again; ok is false when blocks have no such line.
func markTodoOpen(blocks []slack.Block, t store.Todo, viewer string) ([]slack.Block, bool) {
	id := todoBlockPrefix + strconv.FormatInt(t.ID, 10)
	out := slices.Clone(blocks)
	for i, bl := range out {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || bl.ID() != id || sec.Text == nil {
			continue
		}
		line := todoLine(t, viewer)
		// The done line ends with the pair, then a full stop.
		line += todoPartnerRe.FindString(strings.TrimSuffix(sec.Text.Text, "."))
		out[i] = todoSection(t, line)
		countOpenTodos(out, +1)
		return out, true
	}
	return blocks, false
}

// todoUndoButton opens closed to-do t again (actionTodoReopen).
func todoUndoButton(t store.Todo) *slack.ButtonBlockElement {
	id := strconv.FormatInt(t.ID, 10)
	return button(actionTodoReopen+"_"+id, id, "Undo", "")
}

// countOpenTodos changes the count in a list's heading by delta.
func countOpenTodos(blocks []slack.Block, delta int) {
	for i, bl := range blocks {
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || sec.Text == nil {
			continue
		}
		if m := openTodosCountRe.FindStringSubmatchIndex(sec.Text.Text); m != nil {
			n, _ := strconv.Atoi(sec.Text.Text[m[2]:m[3]])
			n = max(n+delta, 0)
			rest := sec.Text.Text[m[3]:]
			// A check-in's invitation to tick one off makes no sense with
			// none left, and comes back when one is opened again.
			if n == 0 {
				rest = strings.Replace(rest, checkinTodosAsk, checkinTodosAllDone, 1)
			} else {
				rest = strings.Replace(rest, checkinTodosAllDone, checkinTodosAsk, 1)
			}
			text := sec.Text.Text[:m[2]] + strconv.Itoa(n) + rest
			blocks[i] = slack.NewSectionBlock(mrkdwn(text), sec.Fields, sec.Accessory, slack.SectionBlockOptionBlockID(sec.BlockID))
		}
	}
}

// The rest of a check-in's to-do heading, with some open and with all of
// them ticked off since it was sent.
const (
	checkinTodosAsk     = " — done with one? Tick it off."
	checkinTodosAllDone = " — all ticked off. Nice work!"
)

// openTodosCountRe finds the count in a list's heading: "*Your open
// to-dos* (3)" (a check-in), "*Open to-dos* (3)" (a meeting reminder).
var openTodosCountRe = regexp.MustCompile(`^\*(?:Your open|Open) to-dos\* \((\d+)\)`)

// sessionMessageNow is sessionLoggedMessage with the session's to-dos as
// they stand: those closed since show done, as their Done button left
// them (sessionMessage draws every to-do as it stands).
func sessionMessageNow(s store.Session, p store.Pair, logger, reader string, loc *time.Location) reply {
	return sessionLoggedMessage(s, p, logger, reader, loc)
}

// sessionDMKey is the key of the DM of session id to to, a member of its
// pair: the logger's partner, or the logger when the form's confirmation,
// or an edit's, went as a DM.
func sessionDMKey(id int64, to string) string { return fmt.Sprintf("session:%d:to=%s", id, to) }

// sessionLoggedMessage tells reader (the logger, or their partner) that a
// session was logged, with its to-dos and their numbers.
func sessionLoggedMessage(s store.Session, p store.Pair, logger, reader string, loc *time.Location) reply {
	return sessionMessage(s, p, logger, reader, loc, false)
}

// todosGivenMessage tells reader, in loc, of the to-dos given (theirs,
// each with its Done button) that giver added to session s by editing its
// notes: a message of its own, for the edit of reader's DM of the session,
// which lists them too, is one Slack does not notify of. The to-dos show
// as they stand: redrawn once one is closed another way (reviseSessionDM),
// a done one offers no Done button.
func todosGivenMessage(s store.Session, giver, reader string, given []store.Todo, loc *time.Location) reply {
	when := "held on " + sessionDayText(s, loc)
	if !s.MeetingAt.IsZero() {
		when = "your meeting of " + meetWhen(s.MeetingAt, loc)
	}
	n := len(given)
	what, foot := "a to-do", fmt.Sprintf("Close it with its Done button or `/session done %d`.", given[0].ID)
	text := fmt.Sprintf("<@%s> gave you a to-do in session #%d: %s", giver, s.ID, shownTextFit(given[0].Text, 150))
	if n > 1 {
		what, foot = fmt.Sprintf("%d to-dos", n), "Close each with its Done button or `/session done N`."
		text = fmt.Sprintf("<@%s> gave you %d to-dos in session #%d.", giver, n, s.ID)
	}
	if !slices.ContainsFunc(given, func(t store.Todo) bool { return t.Status != store.TodoDone }) {
		foot = "All done."
	}
	head := section(fmt.Sprintf(":memo: <@%s> edited the notes of session *#%d* (%s) and gave you %s:", giver, s.ID, when, what))
	tail := todosGivenFoot(foot, s.ID)
	// As in the session's own DM: long to-dos, their text much escaped,
	// are shortened alike until their lines fit the message. They are
	// reader's own, whose buttons an ended pair keeps.
	room := msgTextBudget - blockTextLen(head, tail)
	rows := sessionTodoRows(given, reader, true)
	for share := room/n - sessionTodoLineExtra; blockTextLen(rows...) > room && share >= sessionTodoFloor; share -= 20 {
		rows = sessionTodoRows(shortenedTodos(given, share), reader, true)
	}
	return reply{Text: text, Blocks: append(append([]slack.Block{head}, rows...), tail)}
}

// todosGivenFootID is the block ID of todosGivenMessage's last line, which
// says whether a to-do is left to close: a Done or an Undo pressed on the
// message itself changes it too (todosGivenFootNow).
const todosGivenFootID = "todos_given_foot"

func todosGivenFoot(foot string, session int64) *slack.ContextBlock {
	return slack.NewContextBlock(todosGivenFootID, mrkdwn(fmt.Sprintf("%s `/session show %d` shows the session.", foot, session)))
}

// todosGivenFootNow redraws, in blocks that have it, the last line of a
// todosGivenMessage for the to-dos as its lines now stand: a line whose
// button is Done is open. t is the to-do just pressed, of session t.SessionID.
func todosGivenFootNow(blocks []slack.Block, t store.Todo) []slack.Block {
	at, lines, open, last := -1, 0, 0, int64(0)
	for i, bl := range blocks {
		if bl.ID() == todosGivenFootID {
			at = i
		}
		sec, ok := bl.(*slack.SectionBlock)
		if !ok || !strings.HasPrefix(bl.ID(), todoBlockPrefix) {
			continue
		}
		lines++
		if sec.Accessory != nil && sec.Accessory.ButtonElement != nil && strings.HasPrefix(sec.Accessory.ButtonElement.ActionID, actionTodoDone+"_") {
			open++
			last, _ = strconv.ParseInt(sec.Accessory.ButtonElement.Value, 10, 64)
		}
	}
	if at < 0 {
		return blocks
	}
	foot := "All done."
	switch {
	case open == 1 && lines == 1:
		foot = fmt.Sprintf("Close it with its Done button or `/session done %d`.", last)
	case open > 0:
		foot = "Close each with its Done button or `/session done N`."
	}
	out := slices.Clone(blocks)
	out[at] = todosGivenFoot(foot, t.SessionID)
	return out
}

// sessionShownMessage is session s for reader as /session show has it:
// the whole of its notes, and its to-dos as they stand.
func sessionShownMessage(s store.Session, p store.Pair, reader string, loc *time.Location) reply {
	return sessionMessage(s, p, s.LoggedBy, reader, loc, true)
}

// sessionDayToken is the day session s was held, for a reader in loc,
// in the lists of sessions (/session list, the App Home). A session is
// held on a calendar day, the one its logger logged (HeldOn), and both
// members see that day as a plain date, even when it is another day in
// the reader's zone: dated by the moment it was logged, a session logged
// late in the evening showed the logger Monday and the partner Tuesday.
// One of a scheduled meeting is dated by the meeting, an instant, as a
// Slack date token in format ({date_short_pretty}: "today", "yesterday"
// or the date), which Slack shows in each reader's own zone.
func sessionDayToken(s store.Session, format string, loc *time.Location) string {
	if !s.MeetingAt.IsZero() {
		return dateTokenIn(s.MeetingAt, format, loc)
	}
	return datetext.LongDay(s.HeldOn)
}

// sessionDayText is sessionDayToken as plain text, for the message of a
// reader whose zone is loc (nil: UTC): "Sun 6 Dec 2026".
func sessionDayText(s store.Session, loc *time.Location) string {
	if !s.MeetingAt.IsZero() {
		return s.MeetingAt.In(cmp.Or(loc, time.UTC)).Format("Mon 2 Jan 2006")
	}
	return datetext.LongDay(s.HeldOn)
}

// notesShown is how much of a session's notes its messages and lists
// quote; /session show has the rest.
const notesShown = 1200

// notesSections is how many sections of quoted notes /session show sends
// at most: the longest notes fit in one, or two or three when many of
// their characters are escaped; four more sections would pass what Slack
// takes in one message.
const notesSections = 4

// sessionMessage is session s for reader: as the logger's or the
// partner's message of its logging, or (full) whole, for /session show.
func sessionMessage(s store.Session, p store.Pair, logger, reader string, loc *time.Location, full bool) reply {
	partner := p.Partner(reader)
	var head string
	switch {
	case full:
		head = fmt.Sprintf(":memo: *Session #%d* with <@%s>, logged by <@%s>", s.ID, partner, logger)
		switch logger {
		case reader:
			head = fmt.Sprintf(":memo: *Session #%d* with <@%s>, logged by you", s.ID, partner)
		case "": // its logger asked to be forgotten: no one to mention
			head = fmt.Sprintf(":memo: *Session #%d* with <@%s>", s.ID, partner)
		}
	case reader == logger:
		head = fmt.Sprintf(":memo: Logged session *#%d* with <@%s>", s.ID, partner)
	default:
		head = fmt.Sprintf(":memo: <@%s> logged your session *#%d*", logger, s.ID)
	}
	if !s.MeetingAt.IsZero() {
		head += " — your meeting of " + meetWhen(s.MeetingAt, loc) + "."
	} else {
		head += ", held on " + sessionDayText(s, loc) + "."
	}
	// The to-dos are laid out first: the notes of /session show take
	// what room they leave, and the to-dos that do not fit even so are
	// counted, with where to see them.
	text := []string{head} // /session show's text; a DM's is one line
	var todoBls []slack.Block
	if len(s.Todos) > 0 {
		todoHead := fmt.Sprintf("*To-dos* (%d)", len(s.Todos))
		todoBls = append(todoBls, section(todoHead))
		text = append(text, todoHead)
		for _, t := range s.Todos {
			// The text says what the blocks say: a to-do closed since
			// shows as done.
			if t.Status == store.TodoDone {
				text = append(text, "• "+todoDoneText(t, reader))
				continue
			}
			text = append(text, "• "+todoLine(t, reader))
		}
	}
	var foot []string
	switch n := len(s.Covered); n {
	case 0:
	case 1:
		foot = append(foot, "1 agenda item marked covered.")
	default:
		foot = append(foot, fmt.Sprintf("%d agenda items marked covered.", n))
	}
	switch {
	case len(s.Todos) == 0:
	case p.Live():
		foot = append(foot, "Close a to-do with its Done button or `/session done N`.")
	default:
		foot = append(foot, "The pair has ended: each of you closes your own to-dos, with their Done buttons or `/session done N`.")
	}
	var tail []slack.Block
	if len(foot) > 0 {
		tail = append(tail, contextText(strings.Join(foot, " ")))
	}
	if reader == logger {
		tail = append(tail, sessionEditButton(s))
	}
	lines := []string{head}
	switch {
	case s.Notes == "" && full && logger == "":
		lines = append(lines, "_The person who logged it asked mentorbot to delete their data, so its notes (if it had any) were deleted._")
	case s.Notes == "":
	case full:
		// Each piece of notes is a section of up to textSectionLimit; the
		// notes leave each to-do room for its line, shortened if need be.
		pieces := notesSections
		if len(s.Todos) > 0 {
			left := msgTextBudget - blockTextLen(append(slices.Clip(todoBls), tail...)...) -
				len(s.Todos)*(sessionTodoMin+sessionTodoLineExtra)
			pieces = min(pieces, max(1, left/textSectionLimit))
		}
		lines = append(lines, quotedChunks(s.Notes, textSectionLimit-2, pieces)...)
	default:
		excerpt, cut := shownExcerpt(s.Notes, notesShown)
		lines = append(lines, "> "+strings.ReplaceAll(excerpt, "\n", "\n> "))
		if cut {
			lines = append(lines, fmt.Sprintf("_`/session show %d` shows all of the notes._", s.ID))
		}
	}
	blocks := textSections(lines)
	if len(s.Todos) > 0 {
		reserve := sessionMsgReserve
		if full {
			reserve = 0 // an answer, never redrawn, its to-dos drawn as they stand
		}
		room := msgTextBudget - reserve - blockTextLen(append(append(slices.Clip(blocks), todoBls...), tail...)...)
		rows := sessionTodoRows(s.Todos, reader, p.Live())
		if n := blockTextLen(rows...); n > room {
			// Long to-dos, their text much escaped, are shortened alike
			// rather than some of them left out: each keeps its line and
			// its button, and /session show has room for all of them.
			// What a line holds beside its text (its number, who marked
			// it done, its button) grows with long IDs: the share shrinks
			// until the lines fit, down to sessionTodoMin, and past it
			// before any line is left out.
			share := room/len(s.Todos) - sessionTodoLineExtra
			for share = max(share, sessionTodoMin); ; share -= 20 {
				rows = sessionTodoRows(shortenedTodos(s.Todos, share), reader, p.Live())
				if blockTextLen(rows...) <= room || share <= sessionTodoFloor {
					break
				}
			}
		}
		todoBls = append(todoBls, fitSessionTodos(rows, s, full, room)...)
	}
	blocks = append(append(blocks, todoBls...), tail...)
	if full {
		// An answer, which no notification shows: its text is the whole.
		return reply{Text: truncateMrkdwn(strings.Join(text, "\n"), 3000), Blocks: blocks}
	}
	return reply{Text: sessionLoggedPreview(s, logger, reader, partner, loc), Blocks: blocks}
}

// sessionLoggedPreview is the one line reader's DM of session s, logged
// by logger, shows in Slack's notifications and sidebar: who logged
// which session (with partner, for the logger's own copy), of when, and
// how many to-dos it has.
func sessionLoggedPreview(s store.Session, logger, reader, partner string, loc *time.Location) string {
	var text string
	switch logger {
	case reader:
		text = fmt.Sprintf("Logged session #%d with <@%s>", s.ID, partner)
	case "": // forgotten since: no one to mention
		text = fmt.Sprintf("Your session #%d was logged", s.ID)
	default:
		text = fmt.Sprintf("<@%s> logged your session #%d", logger, s.ID)
	}
	if !s.MeetingAt.IsZero() {
		text += ", your meeting of " + meetWhen(s.MeetingAt, loc)
	} else {
		text += ", held on " + sessionDayText(s, loc)
	}
	if n := len(s.Todos); n > 0 {
		text += fmt.Sprintf(", with %d %s", n, plural(n, "to-do", "to-dos"))
	}
	return text + "."
}

// sessionTodoRows is the sections of a session's to-dos for reader, each
// with its button: Done on an open one (on an ended pair, only reader's
// own), Undo on one done.
func sessionTodoRows(todos []store.Todo, reader string, live bool) []slack.Block {
	rows := ownDoneButtonsOnly(todoBlocks(todos, reader, nil, maxTodosPerSession), todos, reader, live)
	for _, t := range todos {
		if t.Status == store.TodoDone {
			rows, _ = markTodoDone(rows, t, reader)
		}
	}
	return rows
}

// sessionTodoMin is the fewest characters of a to-do's text that its
// line shows when long to-dos are shortened to fit a message, unless
// that leaves a line out; sessionTodoFloor is the fewest then.
const (
	sessionTodoMin   = 100
	sessionTodoFloor = 40
)

// sessionTodoLineExtra is what a to-do's section holds beside its text:
// its number, owner or who marked it done, and its button.
const sessionTodoLineExtra = 60

// shortenedTodos is todos with each text cut to at most n characters as
// shown (shownTextFit), the cut marked "…".
func shortenedTodos(todos []store.Todo, n int) []store.Todo {
	out := slices.Clone(todos)
	for i := range out {
		// shownTextFit gives the text escaped; the line escapes it again.
		out[i].Text = unescapeSlack(shownTextFit(out[i].Text, n))
	}
	return out
}

// sessionMsgReserve is room a session's message keeps beyond what it
// lays out: for the note of another session that day (noteSameDay) and
// for to-dos closed since, whose done lines are longer than open ones.
const sessionMsgReserve = 1200

// fitSessionTodos is blocks, the to-dos of session s (one section each),
// within room characters of text: those that do not fit are left out,
// counted by a line that says where they are shown — /session show for a
// message that quotes the session, where its to-dos come before its
// notes; the to-do lists for /session show itself (full).
func fitSessionTodos(blocks []slack.Block, s store.Session, full bool, room int) []slack.Block {
	more := func(hidden int) string {
		from, to := s.Todos[len(s.Todos)-hidden].ID, s.Todos[len(s.Todos)-1].ID
		which := fmt.Sprintf("*#%d*", from)
		if hidden > 1 {
			which = fmt.Sprintf("*#%d*–*#%d*", from, to)
		}
		if full {
			return fmt.Sprintf("…and %d more %s (%s) that didn't fit in one message: `/session todos` lists your open ones, `/session todos @partner` your pair's.",
				hidden, plural(hidden, "to-do", "to-dos"), which)
		}
		return fmt.Sprintf("…and %d more %s (%s) that didn't fit in this message: `/session show %d` shows %s.",
			hidden, plural(hidden, "to-do", "to-dos"), which, s.ID, plural(hidden, "it", "them all"))
	}
	if blockTextLen(blocks...) <= room {
		return blocks
	}
	used := 0
	for k, bl := range blocks {
		pointer := 0
		if k+1 < len(blocks) {
			pointer = utf8.RuneCountInString(more(len(blocks) - k - 1))
		}
		n := blockTextLen(bl)
		if used+n+pointer > room {
			return append(blocks[:k:k], contextText(more(len(blocks)-k)))
		}
		used += n
	}
	return blocks
}

// shownExcerpt is the start of notes as shown (shownText), of at most n
// characters as they read: the stored text is made readable before it is
// cut, so that a cut never leaves half a mention, link or escape in
// sight, nor the start of an address, and it is cut at a word's end where
// one is near (within a fifth of n), the cut marked "…". cut reports
// whether anything was left out.
func shownExcerpt(notes string, n int) (excerpt string, cut bool) {
	r := []rune(noBidi(readable(notes)))
	if len(r) <= n {
		return esc(string(r)), false
	}
	keep := r[:max(n-1, 0)]
	// Half an address would read, and link, as another.
	if i := urlCutAt(string(r), len(string(keep))); i >= 0 {
		keep = []rune(string(r)[:i])
	}
	// A space just after the kept part means it ends on a whole word.
	if !unicode.IsSpace(r[len(keep)]) {
		for i := len(keep) - 1; i >= len(keep)-n/5 && i > 0; i-- {
			if unicode.IsSpace(keep[i]) {
				keep = keep[:i]
				break
			}
		}
	}
	return esc(strings.TrimRightFunc(string(keep), unicode.IsSpace)) + "…", true
}

// quotedChunks quotes notes, as shown (escaped), in pieces of at most max
// characters each, split between lines where it can and never inside an
// escape; after pieces of them, the last piece ends with "…".
func quotedChunks(notes string, max, pieces int) []string {
	var out []string
	var cur strings.Builder
	n := 0 // characters in cur
	put := func(piece string, k int) {
		if n+k > max {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
		cur.WriteString(piece)
		n += k
	}
	for i, line := range strings.Split(readable(notes), "\n") {
		if i > 0 {
			put("\n", 1)
		}
		put("> ", 2)
		for _, c := range line {
			e := esc(string(c))
			put(e, utf8.RuneCountInString(e))
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	for i := range out {
		// A piece that starts a new section starts a quote again.
		out[i] = strings.TrimPrefix(out[i], "\n")
		if !strings.HasPrefix(out[i], ">") {
			out[i] = "> " + out[i]
		}
	}
	if len(out) > pieces {
		out = append(out[:pieces], "> …")
	}
	return out
}

// sessionModal asks for a session: the partner (only when viewer has
// several pairs), the day, notes and to-dos.
func sessionModal(viewer string, pairs []store.Pair, names map[int64]string, day datetext.Date, meta modalMeta) slack.ModalViewRequest {
	var blocks []slack.Block
	if meta.ID != 0 {
		blocks = append(blocks, section(fmt.Sprintf("Your session with <@%s>.", pairs[0].Partner(viewer))))
	} else {
		var opts []*slack.OptionBlockObject
		for i, p := range pairs {
			if i == 100 {
				break
			}
			label := names[p.ID] + " (" + partnerRole(p, p.Partner(viewer)) + ")"
			opts = append(opts, slack.NewOptionBlockObject(strconv.FormatInt(p.ID, 10), plain(truncate(label, 75)), nil))
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Choose your partner"), "partner", opts...)
		blocks = append(blocks, slack.NewInputBlock("partner", plain("Who did you meet?"), nil, sel))
	}
	date := slack.NewDatePickerBlockElement("date")
	date.InitialDate = day.String()
	blocks = append(blocks, slack.NewInputBlock("date", plain("When"), plain("The day you met; not in the future."), date))

	notes := slack.NewPlainTextInputBlockElement(plain("What did you talk about? What did you learn or decide?"), "notes")
	notes.Multiline, notes.MaxLength = true, maxLongText
	notesIn := slack.NewInputBlock("notes", plain("Notes"), nil, notes)
	notesIn.Optional = true
	blocks = append(blocks, notesIn)

	todos := slack.NewPlainTextInputBlockElement(plain("read chapter 3 of the SRE book\n@me intro to the platform team"), "todos")
	todos.Multiline, todos.MaxLength = true, 3000 // Slack's limit for a text input
	todosIn := slack.NewInputBlock("todos", plain("To-dos"),
		plain("One per line. Each is the mentee's, unless it starts with @name (your partner's Slack name) or @me."), todos)
	todosIn.Optional = true
	blocks = append(blocks, todosIn)

	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbSessionLog,
		Title:           plain("Log a session"),
		Submit:          plain("Log it"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// partnerRole names id's role in p.
func partnerRole(p store.Pair, id string) string {
	if r := p.Role(id); r != "" {
		return r
	}
	return "partner"
}

// sessionPage is a page of /session list: its sessions, newest first, of
// total in the list; page counts from 1; listCmd shows the list, as typed
// ("/session list @bob").
type sessionPage struct {
	sessions []store.Session
	total    int
	page     int
	listCmd  string
}

// sessionListMessage lists a page of sessions, newest first, with
// truncated notes, and says which part of the list it is and how to see
// the rest, or that there is no such page. pairs maps the viewer's pairs
// by ID; partner is set when the list is about one pair. logCmd is the
// /session log command, with the partner when the viewer must name one,
// that an empty list suggests.
func sessionListMessage(sp sessionPage, pairs map[int64]store.Pair, viewer, partner, logCmd string, loc *time.Location) reply {
	sessions, total, page := sp.sessions, sp.total, sp.page
	pages := (total + sessionsListed - 1) / sessionsListed
	switch {
	case total > 0 && page > pages && pages == 1:
		// "`… 1` shows the last one" would read as one session.
		return textReply("That list has %d %s, all on one page: `%s` shows %s.",
			total, plural(total, "session", "sessions"), sp.listCmd, plural(total, "it", "them"))
	case total > 0 && page > pages:
		return textReply("That list has %d sessions, which fit on %d pages, so there is no page %d. `%s %d` shows the last one.",
			total, pages, page, sp.listCmd, pages)
	}
	if len(sessions) == 0 {
		// Pairs that have ended take no more sessions: the log command
		// would be refused.
		var ended, live []store.Pair
		for _, p := range pairs {
			switch {
			case partner != "" && p.Partner(viewer) != partner:
			case p.Live():
				live = append(live, p)
			default:
				ended = append(ended, p)
			}
		}
		if len(live) == 0 && len(ended) > 0 {
			slices.SortFunc(ended, func(a, b store.Pair) int { return b.EndedAt.Compare(a.EndedAt) })
			// "ended yesterday", not "ended on yesterday": Slack shows a
			// near date as "today" or "yesterday".
			when := dateTokenIn(ended[0].EndedAt, "{date_long_pretty}", loc)
			switch {
			case partner != "" && len(ended) == 1:
				return textReply("Your pair with <@%s> ended %s, and no session was logged in it.", partner, when)
			case partner != "":
				return textReply("Your pairs with <@%s> have ended, the last one %s, and no session was logged in them.", partner, when)
			}
			return textReply("Your mentoring pairs have all ended, the last one %s, and no session was logged in them. `/mentor pairs` shows their history.", when)
		}
		if partner != "" {
			return textReply("You and <@%s> haven't logged a session yet. After your next meeting: `%s what we discussed todo: next step`.", partner, logCmd)
		}
		return textReply("No sessions logged yet. After a meeting: `%s what we discussed todo: next step`, or `/session` for a form.", logCmd)
	}
	head := "*Recent sessions*"
	if partner != "" {
		head = fmt.Sprintf("*Recent sessions with <@%s>*", partner)
	}
	if pages > 1 {
		head += fmt.Sprintf(" — page %d of %d", page, pages)
	}
	// A session of an ended pair, when the viewer has or had another pair
	// with the same partner, is marked as the earlier pair's, in the list
	// of all pairs as in the one of that partner: unmarked, it would read
	// as the current pair's.
	pairsWith := map[string]int{}
	for _, p := range pairs {
		pairsWith[p.Partner(viewer)]++
	}
	var entries []string
	for _, s := range sessions {
		p := pairs[s.PairID]
		l := fmt.Sprintf("*#%d* · %s", s.ID, sessionDayToken(s, "{date_short_pretty}", loc))
		if partner == "" {
			l += fmt.Sprintf(" · with <@%s>", p.Partner(viewer))
		}
		if pairsWith[p.Partner(viewer)] > 1 && !p.Live() {
			l += " · your earlier pair, ended " + dateTokenIn(p.EndedAt, "{date_short_pretty}", loc)
		}
		if len(s.Todos) > 0 {
			open := 0
			for _, t := range s.Todos {
				if t.Status == store.TodoOpen {
					open++
				}
			}
			word := "to-dos"
			if len(s.Todos) == 1 {
				word = "to-do"
			}
			l += fmt.Sprintf(" · %d %s (%d open)", len(s.Todos), word, open)
		}
		if s.Notes != "" {
			excerpt, _ := shownExcerpt(strings.Join(strings.Fields(s.Notes), " "), 200)
			l += "\n> " + excerpt
		}
		entries = append(entries, l)
	}
	blocks := textSections(append([]string{head}, entries...))
	foot := "Only you and your partner see these notes. `/session show N` shows one session whole."
	if pages > 1 {
		// Without it, a list cut at a page looks whole: the sessions of
		// another pair, or older ones, simply missing.
		from := (page - 1) * sessionsListed
		foot = pageFooter(sp.listCmd, page, pages, from, from+len(sessions), total, sessionsListed) + "\n" + foot
	}
	blocks = append(blocks, contextText(foot))
	return reply{Text: head, Blocks: blocks}
}

// todosPerPage is how many to-dos /session todos shows at once: with the
// heading, the note on ended pairs and the footer, a page stays well under
// Slack's 50 blocks per message.
const todosPerPage = 40

// myTodosMessage lists page (from 1) of a person's open to-dos with Done
// buttons: those of their live pairs first, then those of pairs that have
// ended (ended maps such pairs by ID), under a note saying so. A list longer
// than a page says which part it shows and how to see the others. with
// names the partner of each live pair, for someone in more than one. The
// dates' fallback text is in loc, the viewer's zone.
func myTodosMessage(todos []store.Todo, ended map[int64]store.Pair, with map[int64]string, viewer string, page int, loc *time.Location) reply {
	if len(todos) == 0 {
		return textReply(":tada: You have no open to-dos.")
	}
	var live, old []store.Todo
	for _, t := range todos {
		if _, ok := ended[t.PairID]; ok {
			old = append(old, t)
		} else {
			live = append(live, t)
		}
	}
	all := append(live, old...)
	pages := (len(all) + todosPerPage - 1) / todosPerPage
	if page > pages {
		if pages == 1 {
			return textReply("You have %d open %s, all on one page: `/session todos` shows %s.", len(all), plural(len(all), "to-do", "to-dos"), plural(len(all), "it", "them"))
		}
		return textReply("You have %d open to-dos, which fit on %d pages, so there is no page %d. `/session todos %d` shows the last one.", len(all), pages, page, pages)
	}
	head := fmt.Sprintf("*Your open to-dos* (%d)", len(all))
	if pages > 1 {
		head += fmt.Sprintf(" — page %d of %d", page, pages)
	}
	blocks := []slack.Block{section(head)}
	from, to := (page-1)*todosPerPage, min(page*todosPerPage, len(all))
	for i := from; i < to; i++ {
		t := all[i]
		p, isOld := ended[t.PairID]
		if !isOld {
			line := todoLine(t, viewer)
			if partner, ok := with[t.PairID]; ok {
				line += fmt.Sprintf(" · with <@%s>", partner)
			}
			blocks = append(blocks, todoSection(t, line))
			continue
		}
		if i == len(live) || i == from {
			blocks = append(blocks, section(endedTodosNote))
		}
		blocks = append(blocks, todoSection(t, endedTodoLine(t, p, viewer, loc)))
	}
	if pages > 1 {
		blocks = append(blocks, contextText(pageFooter("/session todos", page, pages, from, to, len(all), todosPerPage)))
	}
	return reply{Text: head, Blocks: blocks}
}

// endedTodosNote heads the to-dos of pairs that have ended, in a list
// that has them after those of live pairs.
const endedTodosNote = ":checkered_flag: *From pairs that have ended* — I no longer remind you of these. Close the ones that are done, or leave them."

// endedTodoLine is the line of viewer's to-do t of p, a pair that has
// ended. It names the pair and its end: the two may be a pair again, and
// the to-do is not the new pair's.
func endedTodoLine(t store.Todo, p store.Pair, viewer string, loc *time.Location) string {
	line := fmt.Sprintf("*#%d* %s — from your pair with <@%s>", t.ID, shownText(t.Text), p.Partner(viewer))
	if !p.EndedAt.IsZero() {
		line += ", ended " + dateTokenIn(p.EndedAt, "{date_short_pretty}", loc)
	}
	return line
}

// pairTodosMessage lists page (from 1) of the open to-dos of viewer's live
// pair with partner, both members', with Done buttons, then viewer's own
// open to-dos of their earlier pairs with partner (ended maps those pairs
// by ID) under the note /session todos has: paired again, the two would
// otherwise find them only in that list. command is the command that
// shows this list, as typed ("/session todos @bob"); the dates' fallback
// text is in loc, the viewer's zone.
func pairTodosMessage(todos, earlier []store.Todo, ended map[int64]store.Pair, viewer, partner, command string, page int, loc *time.Location) reply {
	all := append(slices.Clip(todos), earlier...)
	if len(all) == 0 {
		return textReply(":tada: Your pair with <@%s> has no open to-dos.", partner)
	}
	pages := (len(all) + todosPerPage - 1) / todosPerPage
	if page > pages {
		have := fmt.Sprintf("Your pair with <@%s> has", partner)
		if len(earlier) > 0 {
			have = fmt.Sprintf("Your pairs with <@%s> have", partner)
		}
		if pages == 1 {
			// "`… 1` shows the last one" would read as one to-do.
			return textReply("%s %d open %s, all on one page: `%s` shows %s.",
				have, len(all), plural(len(all), "to-do", "to-dos"), command, plural(len(all), "it", "them"))
		}
		return textReply("%s %d open to-dos, which fit on %d pages, so there is no page %d. `%s %d` shows the last one.",
			have, len(all), pages, page, command, pages)
	}
	mine := 0
	for _, t := range all {
		if t.OwnerID == viewer {
			mine++
		}
	}
	count := strconv.Itoa(len(all))
	if mine > 0 {
		count += fmt.Sprintf(", %d of them yours", mine)
	}
	head := fmt.Sprintf("*Open to-dos of your pair with <@%s>* (%s)", partner, count)
	if pages > 1 {
		head += fmt.Sprintf(" — page %d of %d", page, pages)
	}
	blocks := []slack.Block{section(head)}
	from, to := (page-1)*todosPerPage, min(page*todosPerPage, len(all))
	for i := from; i < to; i++ {
		t := all[i]
		if i < len(todos) {
			blocks = append(blocks, todoSection(t, todoLine(t, viewer)))
			continue
		}
		if i == len(todos) || i == from {
			blocks = append(blocks, section(endedTodosNote))
		}
		blocks = append(blocks, todoSection(t, endedTodoLine(t, ended[t.PairID], viewer, loc)))
	}
	if pages > 1 {
		blocks = append(blocks, contextText(pageFooter(command, page, pages, from, to, len(all), todosPerPage)))
	}
	return reply{Text: head, Blocks: blocks}
}

// pageFooter says which items of a paged list a page shows (from up to to,
// of total) and the command for the pages around it.
func pageFooter(command string, page, pages, from, to, total, per int) string {
	foot := fmt.Sprintf("Showing %d–%d of %d.", from+1, to, total)
	switch {
	case page < pages && page > 1:
		foot += fmt.Sprintf(" Next: `%s %d`; previous: `%s %d`.", command, page+1, command, page-1)
	case page < pages:
		foot += fmt.Sprintf(" The next %d: `%s %d`.", min(per, total-to), command, page+1)
	default:
		foot += fmt.Sprintf(" Back to the start: `%s 1`.", command)
	}
	return foot
}
