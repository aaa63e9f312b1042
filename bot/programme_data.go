package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// People's own data: /mentor export sends a person everything mentorbot
// keeps about them as a JSON file in their DM with the bot; /mentor forget
// deletes it after a confirmation button (see store.Forget for exactly what
// goes).
//
// The export goes straight to the person's DM rather than through the
// outbox, so that no copy of it is kept in the notifications table; if it
// fails the person is told and can ask again. Where Slack refuses files
// from the app for good (uploads turned off in the workspace, or an install
// from before the files:write scope), the same JSON comes as messages.

// Limits of an export message, inside Slack's (3,000 characters per
// section, 50 blocks per message, and what chat.postMessage takes of the
// blocks' text together: msgTextBudget).
const (
	exportSectionChars = 2900
	exportMessageChars = msgTextBudget
	exportMessageBlock = 40
)

func (b *Bot) cmdExport(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor export` — I send you a copy of your own mentorbot data, as a JSON file, in a direct message."), nil
	}
	e, err := b.db.ExportUser(r.ctx, r.user.ID)
	if err != nil {
		return reply{}, err
	}
	file, err := exportFile(e, r.loc)
	if err != nil {
		return reply{}, err
	}
	user := r.user.ID
	// Sent once, even when Slack delivers the command again.
	if err := b.db.RecordClaim(r.ctx); err != nil {
		return reply{}, err
	}
	loc := r.loc
	b.goHandleRequest(r.ctx, func(ctx context.Context) { b.sendExport(ctx, user, e, file, loc) })
	c := e.Counts()
	return textReply(":package: I'm sending you a copy of your data in a direct message, as a JSON file: %d %s, %d %s, %d %s, %d %s and more. `/mentor forget` deletes it.",
		c["pairs"], plural(c["pairs"], "pair", "pairs"), c["goals"], plural(c["goals"], "goal", "goals"),
		c["sessions"], plural(c["sessions"], "session", "sessions"), c["todos"], plural(c["todos"], "to-do", "to-dos")), nil
}

// sendExport shares the export file in the person's DM, or posts it as
// messages where Slack refuses the file for good.
func (b *Bot) sendExport(ctx context.Context, user string, e store.Export, file FileUpload, loc *time.Location) {
	ch, err := b.slack.DMChannel(ctx, user)
	if err == nil {
		file.Channel = ch
		_, err = b.slack.Upload(ctx, file)
		if filesRefused(err) {
			b.log.Warn("slack refuses files from mentorbot; sending the export as messages", "user", user, "err", err)
			err = b.postExportMessages(ctx, ch, e, loc)
		}
	}
	if err != nil {
		b.log.Error("send export", "user", user, "err", err)
		b.tell(ctx, user, "", textReply(":warning: Sorry, I couldn't send all of your data just now. Please try `/mentor export` again in a moment."))
	}
}

// postExportMessages posts the export as messages, in order.
func (b *Bot) postExportMessages(ctx context.Context, ch string, e store.Export, loc *time.Location) error {
	msgs, err := exportMessages(e, loc)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if _, err := b.slack.Post(ctx, ch, slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)); err != nil {
			return err
		}
	}
	return nil
}

// filesRefused reports a failed upload that Slack will refuse again however
// often it is tried: the workspace allows no such files, or the app lacks
// the files:write scope.
func filesRefused(err error) bool {
	var pe *PermanentError
	if !errors.As(err, &pe) {
		return false
	}
	switch pe.Code {
	case "missing_scope", "file_uploads_disabled", "file_uploads_except_images_disabled", "file_type_not_allowed",
		"file_upload_size_restricted", "storage_limit_reached":
		return true
	}
	return false
}

// exportSummary is the export's covering text: when, and how much of what.
func exportSummary(e store.Export, loc *time.Location) string {
	c := e.Counts()
	count := func(k, one, many string) string { return fmt.Sprintf("%d %s", c[k], plural(c[k], one, many)) }
	return ":package: *Your mentorbot data* as of " + dateTokenIn(e.ExportedAt, "{date_long_pretty} at {time}", loc) + "\n" +
		strings.Join([]string{count("pairs", "pair", "pairs"), count("goals", "goal", "goals"), count("sessions", "session", "sessions"),
			count("todos", "to-do", "to-dos"), count("agenda", "agenda item", "agenda items"), count("feedback_given", "piece of feedback given", "pieces of feedback given"),
			count("feedback_received", "received", "received"), count("requests", "request", "requests"),
			count("proposals", "matching proposal", "matching proposals"),
			count("notifications", "notification sent to you", "notifications sent to you")}, " · ")
}

// exportPreview is the comment the export file is shared with, all that
// Slack's notification and the sidebar show of it: one line that says
// what it is, for whom, and the main counts (the file has the rest).
func exportPreview(e store.Export, loc *time.Location) string {
	c := e.Counts()
	count := func(k, one, many string) string { return fmt.Sprintf("%d %s", c[k], plural(c[k], one, many)) }
	return fmt.Sprintf(":package: Your mentorbot data as of %s, as you asked: %s, %s, %s, %s and more, as JSON (times in UTC).",
		dateTokenIn(e.ExportedAt, "{date_long_pretty} at {time}", loc),
		count("pairs", "pair", "pairs"), count("goals", "goal", "goals"), count("sessions", "session", "sessions"), count("todos", "to-do", "to-dos"))
}

// exportFile is the export as an indented JSON file. Its text is not shown
// as mrkdwn, so it keeps <, > and & as they were typed.
func exportFile(e store.Export, loc *time.Location) (FileUpload, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return FileUpload{}, fmt.Errorf("encode export: %w", err)
	}
	// Named by the person's own day, as the covering message dates it.
	if loc == nil {
		loc = time.UTC
	}
	day := e.ExportedAt.In(loc).Format(time.DateOnly)
	return FileUpload{
		Filename: "mentorbot-data-" + day + ".json",
		Title:    "Your mentorbot data (" + day + ")",
		Comment:  exportPreview(e, loc),
		Content:  buf.Bytes(),
	}, nil
}

// exportSection is one part of an export: a title and its records.
type exportSection struct {
	title string
	items []any
}

func exportSections(e store.Export) []exportSection {
	list := func(title string, n int, item func(i int) any) exportSection {
		s := exportSection{title: title}
		for i := range n {
			s.items = append(s.items, item(i))
		}
		return s
	}
	secs := []exportSection{
		{title: "Profile and settings", items: []any{map[string]any{"user_id": e.UserID, "exported_at": e.ExportedAt, "profile": e.Profile, "settings": e.Settings}}},
		list("Pairs", len(e.Pairs), func(i int) any { return e.Pairs[i] }),
		list("Goals, with progress and comments", len(e.Goals), func(i int) any { return e.Goals[i] }),
		list("Your comments on your mentees' goals", len(e.Comments), func(i int) any { return e.Comments[i] }),
		list("Sessions of your pairs", len(e.Sessions), func(i int) any { return e.Sessions[i] }),
		list("To-dos of your pairs", len(e.Todos), func(i int) any { return e.Todos[i] }),
		list("Agenda items of your pairs", len(e.Agenda), func(i int) any { return e.Agenda[i] }),
		list("Feedback you gave", len(e.Given), func(i int) any { return e.Given[i] }),
		list("Feedback you received", len(e.Received), func(i int) any { return e.Received[i] }),
		list("Mentoring requests", len(e.Requests), func(i int) any { return e.Requests[i] }),
		list("Matching proposals", len(e.Proposals), func(i int) any { return e.Proposals[i] }),
		list("Notifications sent to you", len(e.Sent), func(i int) any { return e.Sent[i] }),
	}
	if e.Signup != nil {
		secs = append(secs, exportSection{title: "Matching sign-up", items: []any{e.Signup}})
	}
	return secs
}

// exportJSON encodes one record for a code block: compact JSON in which
// <, > and & are \u escapes (so Slack sees no markup) and so is the
// backtick (so the text cannot end the code block).
func exportJSON(v any) (string, error) {
	bs, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode export: %w", err)
	}
	return strings.ReplaceAll(string(bs), "`", `\u0060`), nil
}

// exportMessages lays an export out as DMs, for workspaces that take no
// files from mentorbot: a summary with counts, then
// each section as JSON in code blocks of at most exportSectionChars, as
// few messages as fit Slack's limits.
func exportMessages(e store.Export, loc *time.Location) ([]reply, error) {
	summary := exportSummary(e, loc) + "\n" +
		"Below is everything as JSON, one record per line. Times are UTC. `/mentor forget` deletes it."
	var blocks []slack.Block
	blocks = append(blocks, section(summary))
	for _, s := range exportSections(e) {
		var lines []string
		for _, it := range s.items {
			line, err := exportJSON(it)
			if err != nil {
				return nil, err
			}
			lines = append(lines, line)
		}
		head := fmt.Sprintf("*%s* (%d)", s.title, len(s.items))
		if len(lines) == 0 {
			blocks = append(blocks, section(head+": none"))
			continue
		}
		chunks := exportChunks(lines, exportSectionChars-utf8.RuneCountInString(head)-70)
		for i, ch := range chunks {
			h := head
			if len(chunks) > 1 {
				h += fmt.Sprintf(", part %d of %d", i+1, len(chunks))
			}
			if ch.cont {
				h += " — its last line goes on in the next part"
			}
			blocks = append(blocks, section(h+"\n```"+ch.text+"```"))
		}
	}
	// Pack the blocks into messages.
	var msgs []reply
	var cur []slack.Block
	size := 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		text := "Your mentorbot data"
		if len(msgs) > 0 {
			text += " (continued, " + strconv.Itoa(len(msgs)+1) + ")"
		}
		msgs = append(msgs, reply{Text: text, Blocks: cur})
		cur, size = nil, 0
	}
	for _, bl := range blocks {
		n := blockTextLen(bl)
		if len(cur) >= exportMessageBlock || size+n > exportMessageChars {
			flush()
		}
		cur = append(cur, bl)
		size += n
	}
	flush()
	return msgs, nil
}

// exportChunk is a piece of a section's JSON lines. cont: its last line is
// cut and continues at the start of the next chunk.
type exportChunk struct {
	text string
	cont bool
}

// exportChunks joins lines into chunks of at most max characters, one
// record per line; a record longer than max is cut across chunks.
func exportChunks(lines []string, max int) []exportChunk {
	var out []exportChunk
	var cur strings.Builder
	n := 0
	flush := func(cont bool) {
		out = append(out, exportChunk{text: cur.String(), cont: cont})
		cur.Reset()
		n = 0
	}
	for _, line := range lines {
		for line != "" {
			l := utf8.RuneCountInString(line)
			sep := 0
			if n > 0 {
				sep = 1
			}
			switch {
			case n+sep+l <= max:
				if sep == 1 {
					cur.WriteByte('\n')
				}
				cur.WriteString(line)
				n += sep + l
				line = ""
			case n > 0:
				flush(false) // start the record in a fresh chunk
			default:
				// The record alone is longer than a chunk: cut it.
				r := []rune(line)
				cur.WriteString(string(r[:max]))
				n = max
				line = string(r[max:])
				flush(true)
			}
		}
	}
	if n > 0 {
		flush(false)
	}
	return out
}

// --- forget ---

func (b *Bot) cmdForget(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor forget` — shows what would be deleted and a button to confirm. Nothing is deleted before you press it."), nil
	}
	text := ":warning: *Delete your mentorbot data?*\n" +
		"Pressing *Delete my data* deletes, for good:\n" +
		"• your goals, with their progress and comments\n" +
		"• feedback you gave and feedback you received\n" +
		"• your to-dos and the agenda items you added\n" +
		"• the notes of sessions you logged (your partner still sees that you met, without the notes)\n" +
		"• your settings, your stored profile, your mentoring requests, your matching sign-up and why matching proposed you to anyone\n" +
		"• the copies mentorbot keeps of the DMs it sent you and your partners about your pairs\n" +
		"Your pairs end and your partners are told. Your partners' own goals, notes and to-dos stay theirs, " +
		"and messages already in Slack stay where they are: mentorbot doesn't take back what it sent your partners, " +
		"nor a goal you posted in a channel with `/goal share` (Slack lets a workspace admin delete that post). " +
		"mentorbot also keeps a record that you asked for this, and when, so that restoring an older backup deletes your data again.\n" +
		"Want a copy first? Run `/mentor export` before you press the button."
	value := fmt.Sprintf("%s:%d", r.user.ID, r.now.Unix())
	del := button(actionForgetConfirm, value, "Delete my data", slack.StyleDanger)
	del.Confirm = slack.NewConfirmationBlockObject(plain("Delete your data?"),
		plain("Your goals, feedback, to-dos, agenda items and notes will be deleted and your pairs ended. This cannot be undone."),
		plain("Delete"), plain("Keep my data"))
	return reply{Text: "Delete your mentorbot data?", Blocks: []slack.Block{
		section(text),
		slack.NewActionBlock("forget", del, button(actionForgetCancel, "cancel", "Cancel", "")),
	}}, nil
}

func (b *Bot) actionForgetCancel(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	return actionReply{Replace: &reply{Text: "OK — nothing was deleted. Your data stays as it is."}}, nil
}

// forgetAnswers are, by button, the answers of forget buttons pressed in
// the last forgetRepressWithin. A second press of the same button (a
// double click) finds nothing left to delete: it waits for the first and
// shows its answer, not one of zeros over it. A press later than that
// deletes what was made since.
type forgetAnswers struct {
	mu   sync.Mutex
	done map[string]forgetAnswer
}

// forgetRepressWithin is how long a forget button's answer is kept for
// a second press: Slack delivers a double click's presses within seconds.
const forgetRepressWithin = time.Minute

type forgetAnswer struct {
	text string
	at   time.Time
}

// once runs forget for the button value unless it ran already, and
// returns its answer.
func (f *forgetAnswers) once(value string, now time.Time, forget func() (string, error)) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for v, a := range f.done {
		if now.Sub(a.at) > forgetRepressWithin {
			delete(f.done, v)
		}
	}
	if a, ok := f.done[value]; ok {
		return a.text, nil
	}
	text, err := forget()
	if err != nil {
		return "", err
	}
	if f.done == nil {
		f.done = map[string]forgetAnswer{}
	}
	f.done[value] = forgetAnswer{text: text, at: now}
	return text, nil
}

func (b *Bot) actionForgetConfirm(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	who, at, ok := strings.Cut(act.Value, ":")
	unix, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || who != r.user.ID {
		return actionReply{}, sayf("That button isn't for you: only the person who ran `/mentor forget` can confirm it.")
	}
	if r.now.Sub(time.Unix(unix, 0)) > forgetButtonTTL {
		return actionReply{}, sayf("That button has expired, and nothing was deleted. Run `/mentor forget` again if you still want to delete your data.")
	}
	done, err := b.forgets.once(act.Value, r.now, func() (string, error) { return b.forget(r) })
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &reply{Text: done}}, nil
}

// forget deletes the person's data, tells whom it concerns, and returns
// what was deleted, to show them.
func (b *Bot) forget(r *request) (string, error) {
	// The DM that asked someone about a request of theirs quotes their
	// message and has buttons that would find no request: taken back in
	// the commit, so that one being sent is edited once it is recorded as
	// sent (DMRecorded), and one sent is edited after it.
	gone := requestWithdrawn(r.user.ID)
	var edits []dmEdit
	var touched []string
	res, err := b.db.Forget(r.ctx, r.user.ID, func(tx *store.Tx, f store.Forgotten) error {
		// What the others are told is queued in the same commit: nothing
		// the forget settles goes untold.
		touched, edits = []string{r.user.ID}, nil // afresh, should the commit be tried again
		for _, p := range f.Ended {
			partner := p.Partner(r.user.ID)
			touched = append(touched, partner)
			note := textReply("Your mentoring pair with <@%s> has ended: they asked mentorbot to delete their data. Your own goals, notes and to-dos stay yours. Thank you for the time you gave each other.", r.user.ID)
			if err := dmTx(r.ctx, tx, fmt.Sprintf("forgotten:pair=%d:to=%s", p.ID, partner), "pair_ended", partner, p.ID, note); err != nil {
				return err
			}
		}
		for _, p := range f.Dropped {
			touched = append(touched, p.Other(r.user.ID)) // their Home showed the match
			note := textReply("Your proposed match with <@%s> won't go ahead: they have left the programme. You're still in the pool, so the next matching round will look for someone else for you.", r.user.ID)
			if err := proposalDroppedTx(r.ctx, tx, p, p.Other(r.user.ID), note); err != nil {
				return err
			}
		}
		for _, req := range f.Withdrawn {
			if req.RequesterID == r.user.ID {
				// The DM that asked someone about it quotes their message
				// and has buttons that would find no request: taken back,
				// so that one being sent is edited once it is recorded as
				// sent (DMRecorded), and one sent is edited after it.
				e, err := retractTx(r.ctx, tx, req.MentorID, gone, requestKey(req.ID))
				if err != nil {
					return err
				}
				edits = append(edits, e...)
				continue
			}
			// They were asked: their own copy keeps buttons that would
			// find no request.
			mine := textReply(":raising_hand: You deleted your data, so this mentoring request from <@%s> was withdrawn; there is nothing to answer.", req.RequesterID)
			e, err := retractTx(r.ctx, tx, req.MentorID, mine, requestKey(req.ID))
			if err != nil {
				return err
			}
			edits = append(edits, e...)
			// The requester was promised their answer. The requester may
			// not know them: why they left is theirs to tell.
			note := textReply("Your mentoring request to <@%s> won't get an answer: they have left the programme, so I've withdrawn it. "+
				"You can ask someone else with `/mentor request @someone`.", r.user.ID)
			if err := dmTx(r.ctx, tx, fmt.Sprintf("request-forgotten:%d", req.ID), "request_answer", req.RequesterID, 0, note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	b.sched.Kick()
	b.applyEdits(r.ctx, edits)
	// The proposal DMs stop asking, as after /mentor leave: the other may
	// have accepted and would otherwise still read that the pair is made
	// as soon as this person accepts too, and neither keeps buttons that
	// find the proposal withdrawn. Why the two fit goes from both, as the
	// forget deleted it. Only the mentions are rendered: nothing here
	// looks the forgotten person up in Slack again.
	for _, p := range res.Dropped {
		p.Reasons = ""
		b.proposalDMsClosed(r.ctx, p, r.user.ID, "_You deleted your data, so this match won't go ahead._")
	}
	for _, p := range res.Ended {
		b.meetingsChanged(r.ctx, p.ID, r.pressed)
	}
	b.userChanged(r.ctx, r.user.ID)
	b.refreshHome(r.ctx, touched...)
	done := fmt.Sprintf(":wastebasket: Done — your data is deleted: %d %s, %d %s, %d %s, %d agenda %s; notes removed from %d %s; %d %s ended",
		res.GoalsDeleted, plural(int(res.GoalsDeleted), "goal", "goals"),
		res.FeedbackDeleted, plural(int(res.FeedbackDeleted), "piece of feedback", "pieces of feedback"),
		res.TodosDeleted, plural(int(res.TodosDeleted), "to-do", "to-dos"),
		res.AgendaDeleted, plural(int(res.AgendaDeleted), "item", "items"),
		res.SessionsAnonymised, plural(int(res.SessionsAnonymised), "session", "sessions"),
		len(res.Ended), plural(len(res.Ended), "pair", "pairs"))
	if n := len(res.Withdrawn); n > 0 {
		// Said only when there were some: most people have none open.
		done += fmt.Sprintf("; %d open mentoring %s withdrawn", n, plural(n, "request", "requests"))
	}
	return done + ".", nil
}
