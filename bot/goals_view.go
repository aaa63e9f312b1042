package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// Action IDs of the buttons on a goal's message (goalBlocks). The values
// are the goal's number. The scheduler's "goal due" DMs reuse them.
const (
	// actionGoalDone marks the goal done.
	actionGoalDone = "goal_done"
	// actionGoalProgress opens a small modal asking for a percentage and a note.
	actionGoalProgress = "goal_progress"
	// actionGoalEdit opens the goal modal filled in.
	actionGoalEdit = "goal_edit"
)

// Modal callback IDs, and the block and action IDs of their inputs.
const (
	viewGoal         = "goal_form"          // add or edit a goal; modalMeta.ID is 0 for a new one
	viewGoalProgress = "goal_progress_form" // modalMeta.ID is the goal

	blockGoalText    = "goal_text"
	blockGoalMeasure = "goal_measure"
	blockGoalDue     = "goal_due"
	blockGoalWhy     = "goal_why"
	blockGoalPercent = "goal_percent"
	blockGoalNote    = "goal_note"

	actionGoalText    = "text"
	actionGoalMeasure = "measure"
	actionGoalDue     = "due"
	actionGoalWhy     = "why"
	actionGoalPercent = "percent"
	actionGoalNote    = "note"

	// goalActionsBlock prefixes the block ID of the buttons under a single
	// goal; a Done press there replaces the message with the closed goal.
	goalActionsBlock = "goal_actions_"
)

// Limits of what people type about goals besides the goal itself.
const (
	maxGoalDetail  = store.MaxGoalDetail  // how success is measured, why it matters, a progress note
	maxGoalComment = store.MaxGoalComment // a comment on a goal
)

// goalBlocks shows one goal to its owner: the goal, its progress bar and
// due date (marked when overdue, read in loc at now), how success is
// measured and why it matters, and — while it is open — the buttons Update
// progress, Done and Edit. The scheduler's "goal due" DMs use it too.
func goalBlocks(g store.Goal, now time.Time, loc *time.Location) []slack.Block {
	return goalCard(g, ownGoalDay(now, loc), true)
}

// goalCard is goalBlocks for a given day, with or without the buttons
// (a mentor reads a mentee's goal without them).
func goalCard(g store.Goal, day goalDay, buttons bool) []slack.Block {
	blocks := []slack.Block{section(goalSummary(g, day))}
	var details []string
	if g.Measure != "" {
		details = append(details, "*How success is measured:* "+quotedLines(shownTextFit(g.Measure, 1300)))
	}
	if g.Why != "" {
		details = append(details, "*Why it matters:* "+quotedLines(shownTextFit(g.Why, 1300)))
	}
	if len(details) > 0 {
		blocks = append(blocks, section(strings.Join(details, "\n")))
	}
	if buttons && g.Open() {
		id := strconv.FormatInt(g.ID, 10)
		blocks = append(blocks, slack.NewActionBlock(goalActionsBlock+id,
			button(actionGoalProgress, id, "Update progress", ""),
			button(actionGoalDone, id, "Done", slack.StylePrimary),
			button(actionGoalEdit, id, "Edit", ""),
		))
	}
	return blocks
}

// goalStatusEmoji marks a closed goal's status.
func goalStatusEmoji(status string) string {
	if status == store.GoalDropped {
		return ":heavy_multiplication_x:"
	}
	return ":white_check_mark:"
}

// goalSummary is a goal in two lines: number and text, then status,
// progress and due date.
func goalSummary(g store.Goal, day goalDay) string {
	head := fmt.Sprintf("*#%d* %s", g.ID, shownTextFit(g.Text, 1500))
	var parts []string
	if !g.Open() {
		parts = append(parts, goalStatusEmoji(g.Status)+" *"+g.Status+"*")
	}
	if g.Status != store.GoalDone {
		parts = append(parts, goalProgressBar(g.Progress))
	}
	parts = append(parts, goalDueText(g, day))
	return head + "\n" + strings.Join(parts, " · ")
}

// goalProgressBar is a small text progress bar: `▰▰▰▰▱▱▱▱▱▱` 40%.
func goalProgressBar(p int) string {
	p = max(0, min(100, p))
	n := p / 10
	return "`" + strings.Repeat("▰", n) + strings.Repeat("▱", 10-n) + "` " + strconv.Itoa(p) + "%"
}

// goalDay is the day a goal's due date is counted from. It is the
// owner's today, whoever reads the goal: a goal is late by its owner's
// calendar, and a mentor whose day is already tomorrow must not chase a
// goal that is still due today. theirs is set when the reader's own
// today is another day: "today", "yesterday" or "in 3 days" then say
// "their time", so that neither day is mistaken for the other.
type goalDay struct {
	today  datetext.Date // zero: the date alone, for a post many read on many days
	theirs bool
}

// ownGoalDay is the day of the owner reading their own goals at now in loc.
func ownGoalDay(now time.Time, loc *time.Location) goalDay {
	return goalDay{today: goalToday(now, loc)}
}

// goalDayFor is the day at now of a goal whose owner is in owner's zone,
// read by someone in reader's.
func goalDayFor(now time.Time, owner, reader *time.Location) goalDay {
	today := goalToday(now, owner)
	return goalDay{today: today, theirs: today != goalToday(now, reader)}
}

// goalDueText says when a goal is due, counted from day (see goalDay),
// marking overdue open goals.
func goalDueText(g store.Goal, day goalDay) string {
	if g.DueOn == "" {
		return "no due date"
	}
	d, err := datetext.ParseISODate(g.DueOn)
	if err != nil {
		return "due " + esc(g.DueOn)
	}
	label := goalDate(d)
	today := day.today
	if today.IsZero() {
		return "due " + label
	}
	if !g.Open() {
		if goalDaysBetween(today, d) > 0 {
			return "due " + label // closed before its date
		}
		return "was due " + label
	}
	// Said after the word that counts from the owner's day.
	var word, count string
	if day.theirs {
		word, count = " (their time)", ", their time"
	}
	switch days := goalDaysBetween(today, d); {
	case days < -1:
		return fmt.Sprintf(":warning: *overdue* — was due %s (%d days ago%s)", label, -days, count)
	case days == -1:
		return fmt.Sprintf(":warning: *overdue* — was due yesterday%s, %s", word, label)
	case days == 0:
		return "due *today*" + word + ", " + label
	case days == 1:
		return "due tomorrow" + word + ", " + label
	case days <= 21:
		return fmt.Sprintf("due %s (in %d days%s)", label, days, count)
	default:
		return "due " + label
	}
}

// goalDate shows a calendar date as "Tue 15 Dec 2026".
func goalDate(d datetext.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
}

// goalPeriod names a month ("June 2027") or a whole year ("2027"), first
// to last, as a goal's "by June" or "by 2027" was read.
func goalPeriod(first, last datetext.Date) string {
	if first.Month == time.January && last.Month == time.December {
		return strconv.Itoa(first.Year)
	}
	return time.Date(first.Year, first.Month, 1, 12, 0, 0, 0, time.UTC).Format("January 2006")
}

// goalDaysBetween is the number of calendar days from a to b.
func goalDaysBetween(a, b datetext.Date) int {
	return int(b.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

// goalToday is the calendar date at now in loc.
func goalToday(now time.Time, loc *time.Location) datetext.Date {
	if loc == nil {
		loc = time.UTC
	}
	return datetext.DateOf(now.In(loc))
}

// goalEscFit is shownTextFit, the one rendering of user text, under its
// older name (the goal-due DM still uses it).
func goalEscFit(s string, max int) string { return shownTextFit(s, max) }

// goalQuote renders text a person wrote as a mrkdwn block quote (see shownText).
func goalQuote(s string, max int) string {
	return "> " + strings.ReplaceAll(shownTextFit(s, max), "\n", "\n> ")
}

// goalModal is the form for a new goal (g.ID == 0) or for editing g. Its
// plain-text fields show the goal as it reads ("@alice", not Slack's
// markup); viewGoalSubmit puts the markup back (keepMarkup).
func goalModal(g store.Goal, channel string) slack.ModalViewRequest {
	title, submit := "New goal", "Add goal"
	if g.ID != 0 {
		title, submit = fmt.Sprintf("Edit goal #%d", g.ID), "Save"
	}
	text := slack.NewPlainTextInputBlockElement(plain("e.g. Give a 20-minute talk at the Go meetup"), actionGoalText).
		WithMaxLength(maxShortText).WithInitialValue(readable(g.Text))
	measure := slack.NewPlainTextInputBlockElement(plain("e.g. The talk is accepted and I give it; 2 people ask follow-up questions"), actionGoalMeasure).
		WithMaxLength(maxGoalDetail).WithMultiline(true).WithInitialValue(readable(g.Measure))
	due := slack.NewDatePickerBlockElement(actionGoalDue)
	due.Placeholder = plain("Pick a date")
	due.InitialDate = g.DueOn
	why := slack.NewPlainTextInputBlockElement(plain("e.g. I want to become known as the team's Go expert"), actionGoalWhy).
		WithMaxLength(maxGoalDetail).WithMultiline(true).WithInitialValue(readable(g.Why))

	measureBlock := slack.NewInputBlock(blockGoalMeasure, plain("How will you measure success?"),
		plain("Something you can count or check, so you and your mentor know when it's done."), measure)
	measureBlock.Optional = true
	dueBlock := slack.NewInputBlock(blockGoalDue, plain("Due date"), plain("A deadline makes a goal time-bound."), due)
	dueBlock.Optional = true
	whyBlock := slack.NewInputBlock(blockGoalWhy, plain("Why does it matter to you?"), nil, why)
	whyBlock.Optional = true

	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      viewGoal,
		Title:           plain(title),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{Channel: channel, ID: g.ID}.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			contextText(":dart: A good goal is *specific*, *measurable* and *time-bound*. Only you and your mentors see it."),
			slack.NewInputBlock(blockGoalText, plain("Goal"), nil, text),
			measureBlock,
			dueBlock,
			whyBlock,
		}},
	}
}

// goalProgressModal asks for a goal's new percentage and a note. msgTS is
// the DM message in channel whose button opened it, "" for none.
func goalProgressModal(g store.Goal, channel, msgTS string) slack.ModalViewRequest {
	pct := slack.NewNumberInputBlockElement(plain("0–100"), actionGoalPercent, false).
		WithMinValue("0").WithMaxValue("100").WithInitialValue(strconv.Itoa(g.Progress))
	note := slack.NewPlainTextInputBlockElement(plain("e.g. Outline done, first draft half written"), actionGoalNote).
		WithMaxLength(maxGoalDetail).WithMultiline(true)
	noteBlock := slack.NewInputBlock(blockGoalNote, plain("What moved?"), nil, note)
	noteBlock.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      viewGoalProgress,
		Title:           plain("Update progress"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{Channel: channel, ID: g.ID, Extra: msgTS}.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(fmt.Sprintf("*#%d* %s\nNow: %s", g.ID, shownTextFit(g.Text, 1500), goalProgressBar(g.Progress))),
			slack.NewInputBlock(blockGoalPercent, plain("Progress (%)"), nil, pct),
			noteBlock,
		}},
	}
}

// goalHistory is what /goal show shows of a goal beside the goal itself:
// its progress updates and the comments the reader may see, each whole,
// the latest on the first page and older ones on the pages after it.
type goalHistory struct {
	goal     store.Goal
	progress []store.GoalProgress // oldest first
	comments []store.GoalComment  // oldest first
	reader   string
	now      time.Time
	loc      *time.Location // the reader's
	ownerLoc *time.Location // the goal's owner's, whose day it is due by
}

// goalHistoryReserve is the room each page of a goal's history keeps for
// its footer, which says where the other pages are.
const goalHistoryReserve = 300

// goalPiece is one piece of an entry of a goal's history: a whole entry,
// or, of one too long for a section, a part of it.
type goalPiece struct {
	text string
	cost int // characters it adds to its section, the newline included
}

// goalPieceMax is the longest a piece may be: a section holds it with
// room to spare (textSections packs pieces by bytes, so one piece of many
// multibyte characters gets a section of its own).
const goalPieceMax = textSectionLimit - 100

// goalPieces splits the entries, as shown, into pieces that each fit in a
// section: whole where they fit, else split between lines or words (never
// inside an escape such as &amp;, nor a mention), each part but the last
// ending with "…" and each but the first starting with it.
func goalPieces(entries []goalEntry) []goalPiece {
	var out []goalPiece
	for _, e := range entries {
		// Each part after the first says whose and of when it is, as a
		// page may begin with it: "• <@U>, Mon 2 Jan (continued): …".
		parts := splitShown(e.text, goalPieceMax-2-utf8.RuneCountInString(e.cont))
		for i, p := range parts {
			if i > 0 {
				p = e.cont + "…" + p
			}
			if i < len(parts)-1 {
				p += "…"
			}
			out = append(out, goalPiece{text: p, cost: utf8.RuneCountInString(p) + 1})
		}
	}
	return out
}

// goalEntry is a progress update or a comment as /goal show lists it:
// its text, and what a part of it after the first begins with.
type goalEntry struct{ text, cont string }

// splitShown cuts s, mrkdwn, into parts of at most max characters: at the
// last line break or space of the second half of each part where there is
// one, and never inside an entity (&amp;, &lt;, &gt;) or Slack's markup
// (<@U123>). The spaces and line breaks it cuts at are dropped.
func splitShown(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := string(r[:max])
		at := -1
		if i := strings.LastIndexByte(cut, '\n'); i >= len(cut)/2 {
			at = i
		} else if i := strings.LastIndexByte(cut, ' '); i >= len(cut)/2 {
			at = i
		}
		if at >= 0 {
			out = append(out, cut[:at])
			s = s[at+1:]
			continue
		}
		// One long word: cut it where no entity or markup is open.
		for {
			amp, lt := strings.LastIndexByte(cut, '&'), strings.LastIndexByte(cut, '<')
			if amp > 0 && !strings.Contains(cut[amp:], ";") {
				cut = cut[:amp]
			} else if lt > 0 && !strings.Contains(cut[lt:], ">") {
				cut = cut[:lt]
			} else {
				break
			}
		}
		out = append(out, cut)
		s = s[len(cut):]
	}
	return append(out, s)
}

// goalHistoryPage is the part of each list one page shows: pieces
// [from, to) of the progress updates and of the comments.
type goalHistoryPage struct{ pFrom, pTo, cFrom, cTo int }

// goalHistoryPages lays out a goal's history, the latest first: each
// page takes, of each list, the latest pieces not on an earlier page
// while they fit in what the message has room for (msgTextBudget, head
// the room the page's top takes). The progress updates get half the room,
// or what the comments leave of it; a list whose latest piece left does
// not fit beside the other's waits for the next page, and every page
// shows at least one piece.
func goalHistoryPages(progress, comments []goalPiece, head func(page int) int) []goalHistoryPage {
	sum := func(ps []goalPiece) int {
		n := 0
		for _, p := range ps {
			n += p.cost
		}
		return n
	}
	// take is where the pieces of ps before end start that fit in room,
	// taken from the end, and the room they take; at least one when force.
	take := func(ps []goalPiece, end, room int, force bool) (int, int) {
		used, from := 0, end
		for from > 0 && (used+ps[from-1].cost <= room || force && from == end) {
			from--
			used += ps[from].cost
		}
		return from, used
	}
	var out []goalHistoryPage
	pe, ce := len(progress), len(comments)
	for page := 1; page == 1 || pe > 0 || ce > 0; page++ {
		// Each list's heading counts too.
		left := msgTextBudget - head(page) - goalHistoryReserve - 2*30
		pRoom := left
		if ce > 0 {
			pRoom = max(left/2, left-sum(comments[:ce]))
		}
		force := pe > 0 && (progress[pe-1].cost <= left || ce == 0)
		pf, used := take(progress, pe, pRoom, force)
		cf, _ := take(comments, ce, left-used, pf == pe)
		out = append(out, goalHistoryPage{pFrom: pf, pTo: pe, cFrom: cf, cTo: ce})
		pe, ce = pf, cf
	}
	return out
}

// goalShowMessage is page (from 1) of /goal show for the goal: on the
// first, the goal with its buttons (for its owner) and its latest
// updates and comments; on each next one, older ones. Every entry is
// shown whole, split over sections where it is too long for one.
func goalShowMessage(h goalHistory, page int) reply {
	g := h.goal
	title := fmt.Sprintf("*Your goal #%d*", g.ID)
	mine := g.OwnerID == h.reader
	if !mine {
		title = fmt.Sprintf("*<@%s>'s goal #%d*", g.OwnerID, g.ID)
	}
	day := goalDayFor(h.now, h.ownerLoc, h.loc)
	top := func(page, pages int) []slack.Block {
		t := title
		if pages > 1 {
			t += fmt.Sprintf(" — page %d of %d", page, pages)
		}
		if page > 1 {
			return []slack.Block{section(t + ": older updates and comments\n" + goalSummary(g, day))}
		}
		card := goalCard(g, day, mine)
		return append([]slack.Block{section(t)}, card...)
	}
	var pl, cl []goalEntry
	for _, p := range h.progress {
		day := p.At.In(h.loc).Format("Mon 2 Jan")
		line := fmt.Sprintf("• %s: %d%%", day, p.Percent)
		if p.Note != "" {
			line += " — " + quotedLines(shownText(p.Note))
		}
		pl = append(pl, goalEntry{text: line, cont: fmt.Sprintf("• %s, %d%% (continued): ", day, p.Percent)})
	}
	for _, c := range h.comments {
		head := fmt.Sprintf("• <@%s>, %s", c.AuthorID, c.At.In(h.loc).Format("Mon 2 Jan"))
		cl = append(cl, goalEntry{text: head + ": " + quotedLines(shownText(c.Text)), cont: head + " (continued): "})
	}
	progress, comments := goalPieces(pl), goalPieces(cl)
	// The top of a page as it will be, with "page 10 of 10" at its
	// longest: the count of pages is not known yet.
	pages := goalHistoryPages(progress, comments, func(page int) int { return blockTextLen(top(page, 1000)...) })
	n := len(pages)
	if page > n {
		if n == 1 {
			return textReply("Goal #%d's history fits on one page: `/goal show %d` shows it.", g.ID, g.ID)
		}
		return textReply("Goal #%d's history fits on %d pages, so there is no page %d. `/goal show %d page %d` shows the oldest.", g.ID, n, page, g.ID, n)
	}
	pg := pages[page-1]
	blocks := top(page, n)
	list := func(head string, ps []goalPiece) {
		if len(ps) == 0 {
			return
		}
		lines := []string{head}
		for _, p := range ps {
			lines = append(lines, p.text)
		}
		blocks = append(blocks, textSections(lines)...)
	}
	list("*Progress*", progress[pg.pFrom:pg.pTo])
	list("*Comments*", comments[pg.cFrom:pg.cTo])
	if n > 1 {
		var foot string
		switch {
		case page == 1:
			foot = fmt.Sprintf("These are the latest updates and comments. Older ones: `/goal show %d page 2`.", g.ID)
		case page < n:
			foot = fmt.Sprintf("Older ones: `/goal show %d page %d`; newer: `/goal show %d page %d`.", g.ID, page+1, g.ID, page-1)
		default:
			foot = fmt.Sprintf("These are the oldest. Back to the latest: `/goal show %d`.", g.ID)
		}
		blocks = append(blocks, contextText(foot))
	}
	text := title
	if n > 1 {
		text += fmt.Sprintf(" — page %d of %d", page, n)
	}
	return reply{Text: text, Blocks: blocks}
}
