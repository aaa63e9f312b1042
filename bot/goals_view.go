package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

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
	return goalCard(g, goalToday(now, loc), true)
}

// goalCard is goalBlocks for a given day, with or without the buttons
// (a mentor reads a mentee's goal without them).
func goalCard(g store.Goal, today datetext.Date, buttons bool) []slack.Block {
	blocks := []slack.Block{section(goalSummary(g, today))}
	var details []string
	if g.Measure != "" {
		details = append(details, "*How success is measured:* "+shownTextFit(g.Measure, 1300))
	}
	if g.Why != "" {
		details = append(details, "*Why it matters:* "+shownTextFit(g.Why, 1300))
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
func goalSummary(g store.Goal, today datetext.Date) string {
	head := fmt.Sprintf("*#%d* %s", g.ID, shownTextFit(g.Text, 1500))
	var parts []string
	if !g.Open() {
		parts = append(parts, goalStatusEmoji(g.Status)+" *"+g.Status+"*")
	}
	if g.Status != store.GoalDone {
		parts = append(parts, goalProgressBar(g.Progress))
	}
	parts = append(parts, goalDueText(g, today))
	return head + "\n" + strings.Join(parts, " · ")
}

// goalProgressBar is a small text progress bar: `▰▰▰▰▱▱▱▱▱▱` 40%.
func goalProgressBar(p int) string {
	p = max(0, min(100, p))
	n := p / 10
	return "`" + strings.Repeat("▰", n) + strings.Repeat("▱", 10-n) + "` " + strconv.Itoa(p) + "%"
}

// goalDueText says when a goal is due, relative to today, marking overdue
// open goals. today is the reader's day: a due date is a calendar date,
// and "today", "tomorrow" or "3 days ago" count from the day of whoever
// reads it. The zero today, for a post that many read on many days, gives
// the date alone.
func goalDueText(g store.Goal, today datetext.Date) string {
	if g.DueOn == "" {
		return "no due date"
	}
	d, err := datetext.ParseISODate(g.DueOn)
	if err != nil {
		return "due " + esc(g.DueOn)
	}
	label := goalDate(d)
	if today.IsZero() {
		return "due " + label
	}
	if !g.Open() {
		if goalDaysBetween(today, d) > 0 {
			return "due " + label // closed before its date
		}
		return "was due " + label
	}
	switch days := goalDaysBetween(today, d); {
	case days < -1:
		return fmt.Sprintf(":warning: *overdue* — was due %s (%d days ago)", label, -days)
	case days == -1:
		return fmt.Sprintf(":warning: *overdue* — was due yesterday, %s", label)
	case days == 0:
		return "due *today*, " + label
	case days == 1:
		return "due tomorrow, " + label
	case days <= 21:
		return fmt.Sprintf("due %s (in %d days)", label, days)
	default:
		return "due " + label
	}
}

// goalDate shows a calendar date as "Tue 15 Dec 2026".
func goalDate(d datetext.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
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
