package bot

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// This file holds the programme-wide commands: snooze, settings, the admins'
// report, and people's own data (export and forget). The App Home is in
// home.go and home_view.go.

// Action and callback IDs of this feature.
const (
	actionForgetConfirm = "forget_confirm" // value: "USERID:UNIX" of the /mentor forget that showed it
	actionForgetCancel  = "forget_cancel"

	viewSettings = "settings"
	viewSnooze   = "snooze" // modalMeta.ID is the pair
)

// forgetButtonTTL is how long the "Delete my data" button works after
// /mentor forget showed it.
const forgetButtonTTL = time.Hour

func (b *Bot) programmeCommands() map[string]subcommand {
	return map[string]subcommand{
		"feedback": {run: b.cmdFeedback, usage: "/mentor feedback @partner TEXT — tell your partner, privately, how the mentoring is going"},
		"snooze":   {run: b.cmdSnooze, usage: "/mentor snooze [@partner] 2w|10d|until YYYY-MM-DD|off — hold nudges and check-ins for a while"},
		"settings": {run: b.cmdSettings, usage: "/mentor settings — your reminders, check-ins, nudges and quiet hours"},
		"report":   {run: b.cmdReport, usage: "/mentor report — admins: programme figures (counts only)", admin: true},
		"export":   {run: b.cmdExport, usage: "/mentor export — get a copy of your own data"},
		"forget":   {run: b.cmdForget, usage: "/mentor forget — delete your data (asks first)"},
	}
}

func (b *Bot) programmeActions() map[string]actionHandler {
	t := map[string]actionHandler{
		actionForgetConfirm: b.actionForgetConfirm,
		actionForgetCancel:  b.actionForgetCancel,
	}
	for k, v := range b.homeActions() {
		t[k] = v
	}
	return t
}

func (b *Bot) programmeViews() map[string]viewHandler {
	return map[string]viewHandler{
		viewSettings: b.submitSettings,
		viewSnooze:   b.submitSnooze,
	}
}

// --- snooze ---

// snoozeOffWords end a snooze: `/mentor snooze off`.
var snoozeOffWords = []string{"off", "stop", "end", "cancel", "resume", "lift"}

func (b *Bot) cmdSnooze(r *request, args string) (reply, error) {
	// An @name Slack did not make a mention of, where the partner goes
	// (first or last), is someone misspelt or not in the workspace: said
	// so, as the other partner commands do, before asking someone in two
	// pairs which one they mean, rather than that the snooze was not
	// understood.
	if words := strings.Fields(args); len(words) > 0 {
		for _, w := range []string{words[0], words[len(words)-1]} {
			if unknownName(w) {
				return r.unknownNamed(args, w, "your partner", "/mentor snooze @partner 2w", "I haven't changed anything."), nil
			}
		}
	}
	// Too long is refused before someone in two pairs is asked which one
	// they mean: the pick would only lead to the refusal.
	if _, rest := leadingMention(mentionFirst(args)); utf8.RuneCountInString(rest) > maxWhenText {
		return textReply("That is too long to be a snooze, so I haven't changed anything. Write it like `/mentor snooze 2w`, `/mentor snooze 10d` or `/mentor snooze until %s`.",
			datetext.DateOf(r.now.In(r.loc)).AddDays(14)), nil
	}
	p, rest, err := r.pairForEnd(args)
	var amb *ambiguousPair
	if asAmbiguous(err, &amb) {
		// A length that can't be read, or is too short or long, is so for
		// any pair: said before asking which one.
		if word := strings.ToLower(strings.TrimSpace(amb.args)); word != "" && !slices.Contains(snoozeOffWords, word) {
			if _, perr := b.parseSnoozeTyped(r, amb.args); perr != nil {
				return reply{}, perr
			}
		}
	}
	if err != nil {
		return reply{}, err
	}
	partner := p.Partner(r.user.ID)
	switch word := strings.ToLower(strings.TrimSpace(rest)); {
	case word == "":
		if p.Snoozed(r.now) {
			return textReply(":zzz: Nudges and check-ins for your pair with <@%s> are snoozed until %s. `/mentor snooze %s off` ends it sooner.",
				partner, dateTokenIn(p.SnoozedUntil, "{date_long_pretty} at {time}", r.loc), b.handle(r.ctx, partner)), nil
		}
		return textReply("Usage: `/mentor snooze [@partner] DURATION` — hold your pair's nudges and check-ins, e.g. `/mentor snooze 2w`, `/mentor snooze 10d` or `/mentor snooze until %s`. They resume by themselves; `/mentor snooze off` ends a snooze sooner.",
			datetext.DateOf(r.now.In(r.loc)).AddDays(14)), nil
	case slices.Contains(snoozeOffWords, word):
		return b.unsnooze(r, p)
	}
	until, err := b.parseSnoozeTyped(r, rest)
	if err != nil {
		return reply{}, err
	}
	return b.snooze(r, p, until)
}

// parseSnoozeTyped reads a snooze's length as of when it was typed
// (request.typed): "2w" pressed in a "which pair?" answer a day later
// runs from the typing, and ends on the day it would have ended then,
// as "until" a date does; one that would have ended by the press is
// refused.
func (b *Bot) parseSnoozeTyped(r *request, text string) (time.Time, error) {
	until, err := datetext.ParseSnooze(unescapeSlack(text), r.typed(), r.loc)
	if err != nil {
		// The message may quote what was typed, a mention too: shown as
		// text, never as a mention.
		return time.Time{}, sayf("%s", shownParsed(userText(err)))
	}
	if !until.After(r.now) {
		return time.Time{}, sayf("That snooze would already be over: typed when it was, %s ended %s. I haven't changed anything.",
			inCode(echoTyped(strings.TrimSpace(text), maxEchoed)), dateTokenIn(until, "{date_long_pretty} at {time}", r.loc))
	}
	return until, nil
}

// quietHoursOf is the quiet hours that hold u's check-ins and nudges, as
// the scheduler reads them: their own when they set some (none, when they
// turned them off), else the programme's.
func (b *Bot) quietHoursOf(u store.User) datetext.QuietHours {
	if own := u.Settings.QuietHours; own != nil {
		if q, err := datetext.ParseQuietHours(*own); err == nil {
			return q
		}
	}
	q, _ := datetext.ParseQuietHours(b.cfg.QuietHours)
	return q
}

// tonightOnly is the answer's hint for a snooze "until DATE" that falls
// wholly in the typer's quiet hours q (in loc): "until tomorrow" typed at
// 23:00 ends at midnight, an hour on, and holds nothing of theirs, though
// it may hold their partner's (another zone, other quiet hours), so it is
// taken. They may have meant to keep that day free too; "" otherwise.
// The command it suggests names the partner (handle), as a person in two
// pairs must.
func tonightOnly(until, now time.Time, loc *time.Location, q datetext.QuietHours, handle string) string {
	day := datetext.DateOf(until.In(loc))
	if !q.Set || q.NextAllowed(now, loc).Before(until) || !until.Equal(day.In(loc)) {
		return ""
	}
	return fmt.Sprintf(", so it holds none of yours (to keep %s free of them too: `/mentor snooze %s until %s`)",
		dayText(day), handle, day.AddDays(1))
}

// dayText is d as "Tue 3 Nov", for plain text.
func dayText(d datetext.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format("Mon 2 Jan")
}

// snooze holds pair p's nudges and check-ins until until, tells the partner
// and re-plans.
func (b *Bot) snooze(r *request, p store.Pair, until time.Time) (reply, error) {
	if sameSnoozeAs(p, until, r.now) {
		// A refusal, not an answer: a redelivery of the command that set
		// this snooze is then answered as that one was (dedup.go).
		partner := p.Partner(r.user.ID)
		return reply{}, sayf(":zzz: Your pair with <@%s> is already snoozed until %s, so nothing changed and I haven't told them again. `/mentor snooze %s off` ends it sooner.",
			partner, dateTokenIn(p.SnoozedUntil, "{date_long_pretty} at {time}", r.loc), b.handle(r.ctx, partner))
	}
	partner := p.Partner(r.user.ID)
	when := dateTokenIn(until, "{date_long_pretty} at {time}", r.loc)
	// Reminders come unless the meetings are paused, as they may be: then
	// the pause is what holds them, and skipping or pausing is no advice.
	theirs, mine := "Meeting reminders still come.", fmt.Sprintf("Meeting reminders still come (`/mentor skip %[1]s` or `/mentor pause %[1]s` for those).", b.handle(r.ctx, partner))
	if p.Status == store.PairPaused {
		// The command names the other member, for each reader.
		paused := func(other string) string {
			return fmt.Sprintf("Your meetings are paused too, so no reminders come until one of you types `/mentor resume %s`.", b.handle(r.ctx, other))
		}
		theirs, mine = paused(r.user.ID), paused(partner)
	}
	note := textReply(":zzz: <@%s> snoozed the nudges and check-ins of your mentoring pair until %s; they resume by themselves then. %s `/mentor snooze %s off` ends the snooze sooner.",
		r.user.ID, dateTokenIn(until, "{date_long_pretty} at {time}", b.zoneOf(r, partner)), theirs, b.handle(r.ctx, r.user.ID))
	key := fmt.Sprintf("snooze:pair=%d:until=%d:to=%s:%s", p.ID, until.Unix(), partner, r.actionKey())
	// In the snooze's commit: told after it, a failed DM would leave the
	// partner never told, as a second try finds the same snooze in force.
	err := b.commitAndTell(r.ctx, func(tx *store.Tx) error {
		_, err := store.SnoozeTx(r.ctx, tx, r.user.ID, p.ID, until)
		return err
	}, key, "snooze", partner, p.ID, note)
	if err != nil {
		return reply{}, err
	}
	b.pairChanged(r.ctx, p.ID)
	// The edit says the new end itself: the newer notice may be edited in
	// turn (the snooze ended early), and a pointer to it would then lead
	// nowhere.
	b.retireSnoozeNotices(r, p.ID, key, false, map[string]string{
		partner: fmt.Sprintf(":zzz: <@%s> changed this snooze: it now ends %s.",
			r.user.ID, dateTokenIn(until, "{date_long_pretty} at {time}", b.zoneOf(r, partner))),
		r.user.ID: fmt.Sprintf(":zzz: You changed this snooze: it now ends %s.", when),
	})
	b.refreshHome(r.ctx, r.user.ID, partner)
	// "Until Friday" ends at midnight: the typer's own come back when their
	// quiet hours end, which the answer says rather than "00:00" alone.
	resume := "then resume by themselves"
	if q := b.quietHoursOf(r.user); q.Contains(until, r.loc) {
		resume += fmt.Sprintf("; yours from %s, when your quiet hours end", dateTokenIn(q.NextAllowed(until, r.loc), "{date_long_pretty} at {time}", r.loc))
		resume += tonightOnly(until, r.now, r.loc, q, b.handle(r.ctx, partner))
	}
	return textReply(":zzz: Snoozed: nudges and check-ins for your pair with <@%s> wait until %s, %s. %s I've told <@%[1]s>. `/mentor snooze %[5]s off` ends it sooner.",
		partner, when, resume, mine, b.handle(r.ctx, partner)), nil
}

// sameSnooze is how close a new snooze's end must be to the one in force
// to be the same snooze: "2w" typed twice, minutes apart, or a form sent
// twice.
const sameSnooze = 10 * time.Minute

// sameSnoozeAs reports whether snoozing p until until at now is the snooze
// p is under already.
func sameSnoozeAs(p store.Pair, until, now time.Time) bool {
	return p.Snoozed(now) && until.Sub(p.SnoozedUntil).Abs() < sameSnooze
}

// retireSnoozeNotices edits the snooze notices sent about pair pairID but
// the new one (key), after the ack, to the text for their recipient (texts,
// by user ID): a newer snooze, or its end, makes their dates untrue. Only
// the notice of a snooze still in force is edited: one that ran its course
// said the truth, and was not changed. A notice edited for an earlier
// change is edited again, so that none keeps an end the snooze no longer
// has; one edited to say the snooze ended early (ended) stays so, since a
// later snooze is another one. Notices of an end are left as they are.
func (b *Bot) retireSnoozeNotices(r *request, pairID int64, key string, ended bool, texts map[string]string) {
	mark := retiredNotice
	if ended {
		mark = endedNotice
	}
	now := r.now
	later(r.ctx, func() {
		ctx := b.detach(r.ctx)
		sent, err := b.db.SentPairDMs(ctx, pairID, []string{"snooze"})
		if err != nil {
			b.log.Warn("snooze notices to retire", "pair", pairID, "err", err)
			return
		}
		for _, n := range sent {
			text, ok := texts[n.RecipientID]
			if !ok || !strings.HasPrefix(n.Key, "snooze:") || n.Key == key || n.LastError == endedNotice {
				continue
			}
			if end, ok := snoozeNoticeEnd(n.Key); ok && !end.After(now) {
				continue
			}
			if b.updateDMNow(ctx, n.Key, textReply("%s", text)) {
				if err := b.db.MarkOutdated(ctx, n.ID, mark); err != nil {
					b.log.Warn("mark a snooze notice retired", "key", n.Key, "err", err)
				}
			}
		}
	})
}

// snoozeNoticeEnd is the end of the snooze that a notice's key (snooze's
// "snooze:pair=P:until=UNIX:…") tells of.
func snoozeNoticeEnd(key string) (time.Time, bool) {
	_, rest, ok := strings.Cut(key, ":until=")
	if !ok {
		return time.Time{}, false
	}
	digits, _, _ := strings.Cut(rest, ":")
	sec, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// retiredNotice marks a snooze notice edited to say the snooze changed;
// endedNotice one edited to say it ended early, which is edited no more.
const (
	retiredNotice = "retired"
	endedNotice   = "retired: ended"
)

func (b *Bot) unsnooze(r *request, p store.Pair) (reply, error) {
	partner := p.Partner(r.user.ID)
	if !p.Snoozed(r.now) {
		// A refusal, not an answer: a redelivery of the command that ended
		// the snooze is then answered as that one was (dedup.go).
		return reply{}, sayf("Your pair with <@%s> isn't snoozed, so there's nothing to end. `/mentor snooze %s 2w` holds nudges and check-ins for two weeks.", partner, b.handle(r.ctx, partner))
	}
	// The snooze ends now rather than never having been: what it held
	// (a feedback prompt, a follow-up, a goal reminder) is released now,
	// as at its natural end, instead of falling back to its own time,
	// which has passed.
	// The notice goes in the commit of the end: a re-plan that saw the end
	// before the notice was stored could send what the snooze held (a
	// check-in, a nudge) ahead of the news that the snooze is over.
	note := textReply(":alarm_clock: <@%s> ended the snooze of your mentoring pair: nudges and check-ins are back on.", r.user.ID)
	key := fmt.Sprintf("snooze-off:pair=%d:at=%d:to=%s:%s", p.ID, r.now.Unix(), partner, r.actionKey())
	err := b.commitAndTell(r.ctx, func(tx *store.Tx) error {
		// It ends at the commit's time, which the notice is stamped with:
		// ended at r.now, a second earlier when the handler crossed one,
		// what it held would sort before the notice (the dispatcher sends
		// a second's rows in order).
		_, err := store.SnoozeTx(r.ctx, tx, r.user.ID, p.ID, tx.Now)
		return err
	}, key, "snooze", partner, p.ID, note)
	if err != nil {
		return reply{}, err
	}
	b.pairChanged(r.ctx, p.ID)
	b.retireSnoozeNotices(r, p.ID, key, true, map[string]string{
		partner:   fmt.Sprintf(":zzz: <@%s> ended this snooze early.", r.user.ID),
		r.user.ID: ":zzz: You ended this snooze early.",
	})
	b.refreshHome(r.ctx, r.user.ID, partner)
	return textReply(":alarm_clock: The snooze is over: nudges and check-ins for your pair with <@%s> are back on. I've told them.", partner), nil
}

// snoozeModal asks how long to snooze pair p (from the App Home).
func (b *Bot) snoozeModal(r *request, p store.Pair) slack.ModalViewRequest {
	partner := p.Partner(r.user.ID)
	example := datetext.DateOf(r.now.In(r.loc)).AddDays(14).String()
	in := slack.NewPlainTextInputBlockElement(plain("e.g. 2w, 10d or until "+example), "value").WithMaxLength(40)
	status := "Nudges and check-ins for your pair with <@" + partner + "> flow as usual."
	if !r.user.Settings.NudgesOn || !r.user.NudgesStoppedAt.IsZero() {
		// Their own nudges are off, whatever a snooze does.
		status = "Check-ins for your pair with <@" + partner + "> flow as usual; your nudges are off (`/mentor settings` turns them back on)."
	}
	if p.Snoozed(r.now) {
		status = "Your pair with <@" + partner + "> is snoozed until " + dateTokenIn(p.SnoozedUntil, "{date_long_pretty} at {time}", r.loc) + ". Write `off` to end it now."
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      viewSnooze,
		Title:           plain("Snooze"),
		Submit:          plain("Snooze"),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{ID: p.ID}.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(":zzz: " + status),
			slack.NewInputBlock("snooze_for", plain("For how long?"),
				plain("Nudges and check-ins wait until then and resume by themselves; meeting reminders still come. At most 90 days."), in),
		}},
	}
}

func (b *Bot) submitSnooze(r *request, cb slack.InteractionCallback) (viewReply, error) {
	p, err := b.db.Pair(r.ctx, r.user.ID, parseMeta(cb.View.PrivateMetadata).ID)
	if err != nil {
		return viewReply{}, err
	}
	if !p.Live() {
		// Said first: "off" would otherwise be told the pair isn't
		// snoozed, and a typo how to write the time.
		return viewReply{Errors: map[string]string{"snooze_for": b.friendly(store.EndedPairError(p, r.user.ID), "snooze")}}, nil
	}
	text := input(cb, "snooze_for", "value")
	var rp reply
	switch strings.ToLower(text) {
	case "off", "stop", "end", "cancel", "resume":
		rp, err = b.unsnooze(r, p)
	default:
		until, perr := datetext.ParseSnooze(text, r.now, r.loc)
		if perr != nil {
			return viewReply{Errors: map[string]string{"snooze_for": b.friendly(perr, "snooze")}}, nil
		}
		if sameSnoozeAs(p, until, r.now) {
			// A field error is plain text: no date token.
			return viewReply{Errors: map[string]string{"snooze_for": "Already snoozed until " +
				p.SnoozedUntil.In(r.loc).Format("Mon 2 Jan 2006 15:04") + ", so nothing would change."}}, nil
		}
		rp, err = b.snooze(r, p, until)
	}
	if err != nil {
		return viewReply{Errors: map[string]string{"snooze_for": b.friendly(err, "snooze")}}, nil
	}
	return viewReply{Confirm: &rp}, nil
}

// --- report ---

func (b *Bot) cmdReport(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor report` — the programme's figures, counts only."), nil
	}
	rep, err := b.db.ProgrammeReport(r.ctx, r.now, b.ruleOccurrences, b.zoneOfTZ)
	if err != nil {
		return reply{}, err
	}
	file, err := reportFile(rep, r.loc)
	if err != nil {
		return reply{}, err
	}
	admin := r.user.ID
	// Sent once, even when Slack delivers the command again.
	if err := b.db.RecordClaim(r.ctx); err != nil {
		return reply{}, err
	}
	b.goHandleRequest(r.ctx, func(ctx context.Context) { b.sendReportFile(ctx, admin, file) })
	rp := reportMessage(rep, r.loc)
	if m, err := b.matchingSummary(r.ctx); err == nil {
		rp.Blocks = append(rp.Blocks, section(matchingGlance(m, r.now)))
	} else {
		b.log.Warn("report: matching figures", "err", err)
	}
	rp.Blocks = append(rp.Blocks, contextText(":page_facing_up: The same figures are on their way to you in a direct message, as a CSV file for a spreadsheet."))
	return rp, nil
}

// sendReportFile shares the report's CSV in the admin's DM with the bot.
// Like the report, it is not kept: an admin who misses it runs the
// command again.
func (b *Bot) sendReportFile(ctx context.Context, admin string, file FileUpload) {
	ch, err := b.slack.DMChannel(ctx, admin)
	if err == nil {
		file.Channel = ch
		_, err = b.slack.Upload(ctx, file)
	}
	if err == nil {
		return
	}
	b.log.Error("send report file", "user", admin, "err", err)
	msg := ":warning: Sorry, I couldn't send the report's CSV file just now. The figures are in my answer to `/mentor report`; run it again in a moment for the file."
	if filesRefused(err) {
		msg = ":warning: I couldn't send the report as a CSV file: Slack doesn't let mentorbot upload files here (the app needs the `files:write` permission, and the workspace must allow file uploads). The figures are in my answer to `/mentor report`."
	}
	b.tell(ctx, admin, "", textReply("%s", msg))
}

// ruleOccurrences reads a stored schedule rule for the report.
func (b *Bot) ruleOccurrences(rule string, from, to time.Time) ([]time.Time, error) {
	rl, err := cadence.DecodeIn(rule, b.zones.Load)
	if err != nil {
		return nil, err
	}
	return rl.Between(from, to), nil
}

// reportMessage renders the programme report: numbers and, where an admin
// must act, who is in a quiet pair (admins may see who is paired with
// whom) — never what anyone wrote, nor whose nudges stopped (nobody was
// told an admin would see that: admins get how many). Its date's fallback
// is in loc, the admin's zone.
func reportMessage(rep store.Report, loc *time.Location) reply {
	title := ":bar_chart: *Programme report* — " + dateTokenIn(rep.At, "{date_long_pretty} at {time}", loc)
	pairs := fmt.Sprintf("*Pairs:* %d active · %d paused · %d snoozed · %d ended\nLive pairs with a meeting ahead: %d of %d.",
		rep.PairsActive, rep.PairsPaused, rep.PairsSnoozed, rep.PairsEnded, rep.PairsScheduled, rep.PairsActive+rep.PairsPaused)

	var meet []string
	meet = append(meet, "*Meetings*")
	for _, w := range rep.Windows {
		meet = append(meet, fmt.Sprintf("• last %d days: *%d held* (meetings with a session logged) · %d skipped · %d scheduled but not logged · %d %s met",
			w.Days, w.Held, w.Skipped, w.Missed, w.ActivePairs, plural(w.ActivePairs, "pair", "pairs")))
	}
	meet = append(meet, fmt.Sprintf("*Sessions logged:* %d in all", rep.SessionsLogged))

	goals := fmt.Sprintf("*Goals:* %d set · %d done · %d open (%d overdue) · %d dropped",
		rep.GoalsSet, rep.GoalsDone, rep.GoalsOpen, rep.GoalsOverdue, rep.GoalsDropped)
	for _, w := range rep.Windows {
		goals += fmt.Sprintf("\n• last %d days: %d set · %d done", w.Days, w.GoalsSet, w.GoalsDone)
	}

	fb := []string{"*Feedback* (1–5 ratings and good-fit answers, " + feedbackGroups + ", in the order given, so that no one answer can be told from the figures)"}
	rating := func(label string, rt store.Rating) string {
		if rt.N == 0 {
			return "• " + label + ": none counted yet"
		}
		return fmt.Sprintf("• %s: *%.1f* / 5 (%d %s from %d people)", label, rt.Average, rt.N, plural(rt.N, "answer", "answers"), rt.People)
	}
	fb = append(fb, rating("all ratings", rep.RatingsAll),
		rating("mentees on the mentoring they get", rep.RatingsOfMentors),
		rating("mentors on how the mentoring goes", rep.RatingsOfMentees))
	if rep.Fit.Total() == 0 {
		fb = append(fb, "• good fit: none counted yet")
	} else {
		fb = append(fb, fmt.Sprintf("• good fit: %d yes · %d not sure · %d no (from %d people)", rep.Fit.Yes, rep.Fit.Unsure, rep.Fit.No, rep.Fit.People))
	}
	fb = append(fb, "• "+feedbackWaiting)

	// A pair whose scheduled meetings go by unlogged is not quiet: it has
	// meetings, and their follow-ups ask it to log them. Nor is one whose
	// meeting is coming, or that has just resumed after a long pause: the
	// list is the pairs the quiet-pair nudge counts as quiet.
	quiet := fmt.Sprintf("*Quiet pairs* (%d) — %s:", len(rep.QuietPairs), quietRule)
	if len(rep.QuietPairs) == 0 {
		quiet += " none :tada:"
	}
	for i, q := range rep.QuietPairs {
		if i == 20 {
			quiet += fmt.Sprintf("\n…and %d more.", len(rep.QuietPairs)-i)
			break
		}
		note := ""
		if q.Snoozed {
			note = " _(snoozed)_"
		}
		quiet += fmt.Sprintf("\n• <@%s> mentoring <@%s> — quiet since %s%s", q.MentorID, q.MenteeID, q.QuietSince.In(loc).Format("2 Jan 2006"), note)
	}

	stopped := "*Nudges stopped* after three went unanswered: nobody"
	if n := rep.NudgesStopped; n > 0 {
		stopped = fmt.Sprintf("*Nudges stopped* after three went unanswered: %d %s. They can turn nudges back on in `/mentor settings`.",
			n, plural(n, "person", "people"))
	}

	blocks := []slack.Block{
		section(title),
		section(pairs),
		section(strings.Join(meet, "\n")),
		section(goals),
		section(strings.Join(fb, "\n")),
		section(quiet),
		section(stopped),
		contextText(":lock: Counts only: no goal, note, agenda item, to-do or feedback comment appears in this report. Meetings \"scheduled but not logged\" were neither skipped nor logged: some may have been held."),
	}
	return reply{Text: "Programme report", Blocks: blocks}
}

// reportFile is the report's figures as CSV, one figure per row:
// section, figure, period, value and a note. Like reportMessage it holds
// counts and averages only; unlike it, not even who is in a quiet pair (a
// file travels further than a Slack message), just how many. A feedback
// figure that counts no group of answers yet has an empty value and says
// so in its note.
func reportFile(rep store.Report, loc *time.Location) (FileUpload, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	row := func(section, figure, period, value, note string) {
		_ = w.Write([]string{section, figure, period, value, note}) // errors surface in w.Error
	}
	num := func(section, figure, period string, n int, note string) {
		row(section, figure, period, strconv.Itoa(n), note)
	}
	withheld := "none counted yet: " + feedbackGroups
	rating := func(figure string, rt store.Rating) {
		if rt.N == 0 {
			row("feedback", figure+"_average", "all time", "", withheld)
			row("feedback", figure+"_answers", "all time", "", withheld)
			row("feedback", figure+"_people", "all time", "", withheld)
			return
		}
		row("feedback", figure+"_average", "all time", strconv.FormatFloat(rt.Average, 'f', 2, 64), "1 to 5; "+feedbackGroups)
		num("feedback", figure+"_answers", "all time", rt.N, "counted so far")
		num("feedback", figure+"_people", "all time", rt.People, "different people who gave them")
	}
	period := func(days int) string { return fmt.Sprintf("last %d days", days) }

	row("section", "figure", "period", "value", "note")
	row("report", "generated_at", "", rep.At.UTC().Format(time.RFC3339), "UTC")
	num("pairs", "active", "now", rep.PairsActive, "")
	num("pairs", "paused", "now", rep.PairsPaused, "")
	num("pairs", "snoozed", "now", rep.PairsSnoozed, "live pairs whose nudges are on hold; also counted as active or paused")
	num("pairs", "ended", "all time", rep.PairsEnded, "")
	num("pairs", "with_meeting_schedule", "now", rep.PairsScheduled, "live pairs with a meeting ahead")
	for _, wd := range rep.Windows {
		num("meetings", "held", period(wd.Days), wd.Held, "meetings with a session logged; a meeting both members logged counts once")
		num("meetings", "skipped", period(wd.Days), wd.Skipped, "")
		num("meetings", "missed", period(wd.Days), wd.Missed, "scheduled, neither skipped nor logged")
		num("meetings", "pairs_that_met", period(wd.Days), wd.ActivePairs, "")
	}
	num("sessions", "logged", "all time", rep.SessionsLogged, "")
	num("goals", "set", "all time", rep.GoalsSet, "")
	num("goals", "done", "all time", rep.GoalsDone, "")
	num("goals", "open", "now", rep.GoalsOpen, "")
	num("goals", "overdue", "now", rep.GoalsOverdue, "open goals past their due date")
	num("goals", "dropped", "all time", rep.GoalsDropped, "")
	for _, wd := range rep.Windows {
		num("goals", "set", period(wd.Days), wd.GoalsSet, "")
		num("goals", "done", period(wd.Days), wd.GoalsDone, "")
	}
	// Every feedback figure sums closed groups (store.Report), and none
	// counts the answers waiting in open ones: that count would move by
	// one person's answers, and a /mentor forget would show how many of
	// them were the forgotten person's.
	rating("all_ratings", rep.RatingsAll)
	rating("mentees_on_mentoring", rep.RatingsOfMentors)
	rating("mentors_on_mentoring", rep.RatingsOfMentees)
	for _, fit := range []struct {
		figure string
		n      int
	}{{"good_fit_yes", rep.Fit.Yes}, {"good_fit_not_sure", rep.Fit.Unsure}, {"good_fit_no", rep.Fit.No}} {
		if rep.Fit.Total() == 0 {
			row("feedback", fit.figure, "all time", "", withheld)
			continue
		}
		num("feedback", fit.figure, "all time", fit.n, "")
	}
	if rep.Fit.Total() == 0 {
		row("feedback", "good_fit_people", "all time", "", withheld)
	} else {
		num("feedback", "good_fit_people", "all time", rep.Fit.People, "different people who answered")
	}
	num("quiet_pairs", "count", "now", len(rep.QuietPairs), "active pairs that went "+quietRule)
	num("nudges_stopped", "people", "now", rep.NudgesStopped, "after three nudges went unanswered")
	w.Flush()
	if err := w.Error(); err != nil {
		return FileUpload{}, fmt.Errorf("write report csv: %w", err)
	}
	// Named by the admin's own day, as the covering message dates it
	// (and as /mentor export names its file).
	if loc == nil {
		loc = time.UTC
	}
	day := rep.At.In(loc).Format(time.DateOnly)
	return FileUpload{
		Filename: "mentorbot-report-" + day + ".csv",
		Title:    "Programme report (" + day + ")",
		Comment: ":bar_chart: The programme report of " + dateTokenIn(rep.At, "{date_long_pretty} at {time}", loc) +
			" as a CSV file: counts and averages only, one figure per row.",
		Content: buf.Bytes(),
	}, nil
}

// feedbackGroups says how the feedback figures are counted
// (store/feedback_batches.go), for the report and its CSV. Each side
// fills its own groups, so that six people's ratings, three mentees' and
// three mentors', count nowhere yet.
var feedbackGroups = fmt.Sprintf("counted in groups of at least %d different people's answers "+
	"(mentees' ratings, mentors' ratings and good-fit answers each fill groups of their own)", store.MinFeedbackAnswers)

// quietRule says which pairs the report calls quiet: those the
// scheduler's quiet-pair nudge counts as quiet (store's reportQuiet).
var quietRule = fmt.Sprintf("%d days with no meeting, scheduled or logged, and none in the week after "+
	"(counted from the last one, the pair's start, a new schedule or a resume, as the quiet-pair nudge counts)", int(store.QuietAfter.Hours()/24))

// feedbackWaiting says what happens to answers not yet in a full group.
// It gives no number: a count of them, or of their people, would move by
// one person's answers, as they give them and when /mentor forget deletes
// them.
const feedbackWaiting = "Answers not yet in a full group are counted nowhere, and how many there are isn't shown either: " +
	"that number would move with one person's answers."

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
