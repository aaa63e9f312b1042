package bot

// Feedback prompts (a 1–5 rating and a comment that reach the partner), the
// good-fit check (private; a "no" offers to end the pair kindly or to tell
// an admin, only with the person's say-so), and the notice that nudges
// stopped.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Buttons and the modal of this file.
const (
	// actionNotifyRate opens the feedback modal with a rating chosen; value
	// "PAIRID:N:RATING" (N: the session count the prompt followed).
	actionNotifyRate = "notify_rate"
	// actionFitAnswer answers the good-fit check; value "PAIRID:yes|unsure|no".
	actionFitAnswer = "notify_fit"
	// After a "no": end the pair kindly, tell an admin, or carry on; value PAIRID.
	actionFitEnd       = "notify_fit_end"
	actionFitTellAdmin = "notify_fit_admin"
	actionFitKeepGoing = "notify_fit_keep"
	// actionNudgesSettings opens /mentor settings from the nudges-stopped notice.
	actionNudgesSettings = "notify_settings"

	cbNotifyFeedback = "notify_feedback"
)

var ratingWords = map[int]string{1: "not working", 2: "could be better", 3: "OK", 4: "good", 5: "working really well"}

func stars(n int) string { return strings.Repeat("★", n) + strings.Repeat("☆", 5-n) }

func (nt *Notifier) renderFeedbackPrompt(ctx context.Context, n store.Notification) (reply, error) {
	p, u, err := nt.nudgeTarget(ctx, n, false)
	if err != nil {
		return reply{}, err
	}
	count, err := strconv.Atoi(n.Ref)
	if err != nil {
		return reply{}, obsolete("bad reference %q", n.Ref)
	}
	partner := p.Partner(u.ID)
	var head string
	if p.MenteeID == u.ID {
		head = fmt.Sprintf(":speech_balloon: You and <@%s> have logged %d sessions — *how is the mentoring working for you?* "+
			"Rate it from 1 to 5 and add a comment if you like: what helps, what you'd like more or less of.", partner, count)
	} else {
		head = fmt.Sprintf(":speech_balloon: You and <@%s> have logged %d sessions — *how are they going for you?* "+
			"Rate them from 1 to 5 and add a comment if you like: what is working, what you'd change.", partner, count)
	}
	var buttons []slack.BlockElement
	for i := 1; i <= 5; i++ {
		buttons = append(buttons, button(fmt.Sprintf("%s_%d", actionNotifyRate, i), fmt.Sprintf("%d:%d:%d", p.ID, count, i), strconv.Itoa(i), ""))
	}
	return reply{Text: fmt.Sprintf("How is your mentoring with <@%s> going? Rate it 1–5.", partner), Blocks: []slack.Block{
		section(head),
		slack.NewActionBlock("feedback_rating", buttons...),
		contextText(fmt.Sprintf("1 = not working · 5 = working really well. <@%s> will see your rating and comment: feedback both ways is how mentoring gets better.", partner)),
	}}, nil
}

func (nt *Notifier) renderFitCheck(ctx context.Context, n store.Notification) (reply, error) {
	p, u, err := nt.nudgeTarget(ctx, n, false)
	if err != nil {
		return reply{}, err
	}
	partner := p.Partner(u.ID)
	id := strconv.FormatInt(p.ID, 10)
	head := fmt.Sprintf(":tada: Your first session with <@%s> is logged. A quick question, just between us: *is this a good fit?*", partner)
	return reply{Text: fmt.Sprintf("Is your mentoring pair with <@%s> a good fit?", partner), Blocks: []slack.Block{
		section(head),
		slack.NewActionBlock("fit_answer",
			button(actionFitAnswer+"_yes", id+":"+store.FitYes, "Yes", slack.StylePrimary),
			button(actionFitAnswer+"_unsure", id+":"+store.FitUnsure, "Not sure", ""),
			button(actionFitAnswer+"_no", id+":"+store.FitNo, "No", ""),
		),
		contextText(fmt.Sprintf(":lock: Your answer is private: <@%s> doesn't see it, and programme admins only see totals.", partner)),
	}}, nil
}

func (nt *Notifier) renderNudgesStopped(ctx context.Context, n store.Notification) (reply, error) {
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return reply{}, err
	}
	if u.NudgesStoppedAt.IsZero() || !u.Settings.NudgesOn {
		return reply{}, obsolete("nudges to %s are on again (or off by choice)", u.ID)
	}
	// Nudges close together count as one (a round), so the number
	// of DMs is not said. What stops is every kind the scheduler counts
	// as a nudge (scheduler.IsNudge), named as the settings modal names
	// them: a kind left out would read as one that still comes.
	head := ":zipper_mouth_face: My last nudges went unanswered, so I'll stop them for now: " +
		"follow-ups after meetings, goal and quiet-pair reminders, feedback prompts and the good-fit question." +
		stillComing(u.Settings)
	return reply{Text: "I've stopped sending you nudges. Turn them back on in /mentor settings.", Blocks: []slack.Block{
		section(head),
		section("Want them back? Turn nudges on again in `/mentor settings`."),
		slack.NewActionBlock("nudges_stopped", button(actionNudgesSettings, "settings", "Open settings", "")),
	}}, nil
}

// stillComing says which of the DMs that are not nudges the person still
// gets: only those their own settings leave on.
func stillComing(s store.Settings) string {
	reminders := s.RemindBefore == nil || *s.RemindBefore != ""
	switch {
	case reminders && s.CheckinsOn:
		return " Meeting reminders and check-ins still come."
	case reminders:
		return " Meeting reminders still come."
	case s.CheckinsOn:
		return " Check-ins still come."
	}
	return ""
}

// --- buttons and the feedback modal ---

func (b *Bot) actionNudgesSettings(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	if err := b.openSettings(r); err != nil {
		return actionReply{}, err
	}
	return actionReply{}, nil
}

// parsePairValue reads "PAIRID:rest" from a button.
func parsePairValue(v string) (int64, string, bool) {
	a, rest, _ := strings.Cut(v, ":")
	id, err := strconv.ParseInt(a, 10, 64)
	return id, rest, err == nil && id > 0
}

// actNotifyRate opens the feedback modal with the rating pressed, for a
// feedback prompt sent to the presser and not answered yet.
func (b *Bot) actionNotifyRate(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, rest, ok := parsePairValue(act.Value)
	roundText, ratingText, _ := strings.Cut(rest, ":")
	rating, err := strconv.Atoi(ratingText)
	round, roundErr := strconv.Atoi(roundText)
	if !ok || err != nil || rating < 1 || rating > 5 || roundErr != nil || round < 1 {
		return actionReply{}, sayf("That button has expired. You can always tell your partner how it's going with `/mentor feedback @partner TEXT`.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	if !p.Live() {
		return actionReply{}, b.endedPairErr(r, p, "/mentor feedback")
	}
	// Refused before the modal opens, so that nobody writes a comment
	// only to be refused when sending it.
	if _, err := b.ratingPrompt(r, p, round); err != nil {
		return actionReply{}, err
	}
	view := feedbackModal(p.Partner(r.user.ID), rating, modalMeta{Channel: r.channelID, ID: p.ID, Extra: strconv.Itoa(round)})
	if err := b.openModal(r, view); err != nil {
		return actionReply{}, err
	}
	return actionReply{}, nil
}

// feedbackPromptKey is the key of the feedback prompt to user that
// followed pair pairID's round-th logged session, as the scheduler names
// it (sessionPrompts).
func feedbackPromptKey(pairID int64, round int, user string) string {
	return fmt.Sprintf("%s:pair=%d:n=%d:to=%s", scheduler.KindFeedback, pairID, round, user)
}

// ratingPrompt is the feedback prompt of pair p's round that r's user
// may rate: one sent to them and not answered yet. A round never sent to
// them (a forged button or form, another person's) or answered already
// gets a refusal instead: each rating reaches the partner and the
// programme's figures.
func (b *Bot) ratingPrompt(r *request, p store.Pair, round int) (store.Notification, error) {
	key := feedbackPromptKey(p.ID, round, r.user.ID)
	n, answered, err := b.db.FeedbackPrompt(r.ctx, r.user.ID, p.ID, key)
	if err != nil {
		return store.Notification{}, b.ratingRefusal(r, p, err)
	}
	if answered {
		return store.Notification{}, b.answeredRefusal(r, p, n.SentAt)
	}
	return n, nil
}

// answeredRefusal refuses a rating of a feedback prompt of pair p sent to
// r's user at sentAt, which a rating they gave since answers: this
// prompt's own, or one of another prompt (one rating covers the mentoring
// so far), so the refusal names the rating, in words true of both, rather
// than claim that this prompt was answered.
func (b *Bot) answeredRefusal(r *request, p store.Pair, sentAt time.Time) error {
	given, err := b.db.FeedbackGiven(r.ctx, r.user.ID, p.ID, store.FeedbackRating, sentAt)
	if err != nil {
		return err
	}
	if len(given) == 0 {
		return b.ratingRefusal(r, p, store.ErrAnswered)
	}
	partner := p.Partner(r.user.ID)
	return sayf("You've already rated your mentoring with <@%s> since I sent this: %s *%d/5*. Thank you! To add something, use `/mentor feedback %s TEXT`.",
		partner, stars(given[0].Rating), given[0].Rating, b.handle(r.ctx, partner))
}

// lastRatingAt is when r's user last rated their mentoring in pair p;
// zero when never.
func (b *Bot) lastRatingAt(r *request, p store.Pair) (time.Time, error) {
	given, err := b.db.FeedbackGiven(r.ctx, r.user.ID, p.ID, store.FeedbackRating, p.CreatedAt)
	if err != nil || len(given) == 0 {
		return time.Time{}, err
	}
	return given[0].CreatedAt, nil
}

// settleOtherPrompts edits the feedback prompts of pair pairID to user,
// other than the one rated (key), that rating f answers with it: those
// sent after the rating before it (prev; zero for none) and by f's time,
// whose buttons would otherwise stay, only to be refused when pressed.
// Only those of the last endedReach are edited, as when a pair ends: a
// bounded number of edits, and the prompts someone may still act on
// (an older one's press is answered all the same: answeredRefusal).
func (b *Bot) settleOtherPrompts(ctx context.Context, pairID int64, user, key string, prev time.Time, f store.Feedback) {
	// With retireEndedPairDMs's lock: an end at the same time reads and
	// edits these DMs too.
	defer lockStripe(&b.outdating, pairID)()
	sent, err := b.db.SentPairDMs(ctx, pairID, []string{scheduler.KindFeedback})
	if err != nil {
		b.log.Warn("feedback prompts answered with a rating", "pair", pairID, "err", err)
		return
	}
	for _, n := range sent {
		if n.RecipientID != user || n.Key == key || n.Channel == "" || n.TS == "" || n.LastError == store.NoteEnded ||
			!n.SentAt.After(prev) || n.SentAt.After(f.CreatedAt) || n.SentAt.Before(f.CreatedAt.Add(-endedReach)) {
			continue
		}
		rp := textReply(":white_check_mark: Your rating of your mentoring with <@%s>, %s *%d/5*, answers this request too — one rating covers the mentoring so far, "+
			"and I've passed it on to <@%[1]s>; only they see it. To add something, use `/mentor feedback %[4]s TEXT`.",
			f.ToID, stars(f.Rating), f.Rating, b.handle(ctx, f.ToID))
		_ = b.editMessage(ctx, n.Channel, n.TS, rp) // logged there; a press answers sensibly all the same (answeredRefusal)
	}
}

// ratingRefusal words the store's refusal of a rating (ErrNotAsked,
// ErrAnswered) for r's user; other errors are returned as they are.
func (b *Bot) ratingRefusal(r *request, p store.Pair, err error) error {
	partner := p.Partner(r.user.ID)
	switch {
	case errors.Is(err, store.ErrNotAsked):
		return sayf("That isn't a feedback request I sent you, so I haven't passed on or kept anything. "+
			"You can always tell <@%s> how it's going with `/mentor feedback %s TEXT`.", partner, b.handle(r.ctx, partner))
	case errors.Is(err, store.ErrAnswered):
		return sayf("You already answered this one — thank you! To add something, use `/mentor feedback %s TEXT`.", b.handle(r.ctx, partner))
	}
	return err
}

func feedbackModal(partner string, rating int, meta modalMeta) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for i := 1; i <= 5; i++ {
		opts = append(opts, slack.NewOptionBlockObject(strconv.Itoa(i), plain(fmt.Sprintf("%d — %s", i, ratingWords[i])), nil))
	}
	radio := slack.NewRadioButtonsBlockElement("rating", opts...)
	if rating >= 1 && rating <= 5 {
		radio.InitialOption = opts[rating-1]
	}
	comment := slack.NewPlainTextInputBlockElement(plain("What helps? What would you like more or less of?"), "comment")
	comment.Multiline = true
	comment.MaxLength = store.MaxFeedbackText
	commentBlock := slack.NewInputBlock("comment", plain("Comment"), nil, comment)
	commentBlock.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbNotifyFeedback,
		Title:           plain("Feedback"),
		Submit:          plain("Send"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.String(),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(fmt.Sprintf("How is the mentoring with <@%s> going? They will see your rating and comment.", partner)),
			slack.NewInputBlock("rating", plain("Your rating"), nil, radio),
			commentBlock,
		}},
	}
}

// viewNotifyFeedback stores a rating and passes it on to the partner,
// once per prompt.
func (b *Bot) viewNotifyFeedback(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	rating, err := strconv.Atoi(input(cb, "rating", "rating"))
	if err != nil || rating < 1 || rating > 5 {
		return viewReply{Errors: map[string]string{"rating": "Pick a rating from 1 to 5."}}, nil
	}
	comment := input(cb, "comment", "comment")
	if err := tooLong("comment", comment, store.MaxFeedbackText); err != nil {
		return viewReply{Errors: map[string]string{"comment": b.friendly(err, "feedback modal")}}, nil
	}
	// The comment is quoted as /mentor feedback quotes its text, so that
	// it reaches the partner whole, or is refused here.
	head := fmt.Sprintf(":speech_balloon: <@%s> shared feedback on your mentoring together: %s *%d/5* (%s)", r.user.ID, stars(rating), rating, ratingWords[rating])
	reply := "`/mentor feedback " + b.handle(r.ctx, r.user.ID) + " TEXT`"
	closing := "Thank them, or tell them how it's going for you: " + reply + "."
	if rating <= 2 {
		// A rating that says it isn't working is nothing to thank for:
		// the way on is to talk, not to answer the rating.
		closing = "It may help to talk it over at your next meeting, or to tell them how it's going for you: " + reply + "."
	}
	note, fit := feedbackNote(head, comment, closing)
	switch fit {
	case feedbackLineTooLong:
		return viewReply{Errors: map[string]string{"comment": "A line of this comment is too long to show in a Slack message once formatted. Break it into shorter lines."}}, nil
	case feedbackTooLong:
		return viewReply{Errors: map[string]string{"comment": "This comment is too long to show in one Slack message once formatted (characters like & and < take more room). Please shorten it."}}, nil
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, meta.ID)
	if err != nil {
		return viewReply{}, err
	}
	if !p.Live() {
		return viewReply{}, b.endedPairErr(r, p, "/mentor feedback")
	}
	// One answer per prompt sent: the round is the form's own, and a
	// form can be forged as well as submitted twice. The store checks
	// the same again as it stores the rating, for two submissions at once.
	round, err := strconv.Atoi(meta.Extra)
	if err != nil || round < 1 {
		round = 0 // no prompt has it: refused as never sent
	}
	n, err := b.ratingPrompt(r, p, round)
	if err != nil {
		return viewReply{}, err
	}
	prev, err := b.lastRatingAt(r, p)
	if err != nil {
		return viewReply{}, err
	}
	key, inPlace := n.Key, n.Channel != "" && n.TS != ""
	f, err := b.giveFeedback(r, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: rating, Text: comment, Prompt: key}, note)
	if errors.Is(err, store.ErrAnswered) {
		// Another rating came first (a second form, submitted at once).
		return viewReply{}, b.answeredRefusal(r, p, n.SentAt)
	}
	if err != nil {
		return viewReply{}, b.ratingRefusal(r, p, err)
	}
	partner := f.ToID
	// The pair's other prompts to this person that were still open are
	// answered too: their buttons go.
	ctx, user := r.ctx, r.user.ID
	later(ctx, func() { b.settleOtherPrompts(b.detach(ctx), p.ID, user, key, prev, f) })
	confirm := textReply(":pray: Thank you — I've passed your rating (%d/5) on to <@%s>.", rating, partner)
	if inPlace {
		// The prompt's buttons go: it is answered. This edit is the one
		// confirmation: a DM saying the same again would only be noise,
		// unless the edit fails.
		passed := "rating"
		if f.Text != "" {
			passed = "rating and comment"
		}
		answered := textReply(":white_check_mark: You rated your mentoring with <@%s> %s *%d/5* — thank you, I've passed your %s on to <@%[1]s>; "+
			"only they see it. To add something, use `/mentor feedback %[5]s TEXT`.", partner, stars(rating), rating, passed, b.handle(r.ctx, partner))
		later(ctx, func() {
			ctx := b.detach(ctx)
			if !b.updateDMNow(ctx, key, answered) {
				if err := b.dm(ctx, fmt.Sprintf("feedback:%d:thanks", f.ID), "feedback_thanks", user, p.ID, confirm); err != nil {
					b.log.Error("confirm a rating", "feedback", f.ID, "err", err)
				}
			}
		})
		return viewReply{}, nil
	}
	return viewReply{Confirm: &confirm}, nil
}

// fitEarlySessions is how many logged sessions a pair may have for a
// "not sure" to be answered as the doubt of an early start.
const fitEarlySessions = 2

// actFitAnswer records the good-fit answer, privately, and answers it.
func (b *Bot) actionFitAnswer(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, answer, ok := parsePairValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	partner := p.Partner(r.user.ID)
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return actionReply{}, err
	}
	if !p.Live() {
		// A check still on screen after the end (its buttons go then, but
		// not from a DM out of reach or that could not be edited): the
		// answer asks nothing of anyone any more.
		return actionReply{}, b.fitEndedErr(r, p, admins, fitCheckEnded)
	}
	// The store keeps one answer per person and pair, checked as it
	// stores it: of two presses at once, one is the second.
	_, _, err = b.db.GiveFeedback(r.ctx, r.user.ID, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: answer})
	if errors.Is(err, store.ErrAnswered) {
		return b.fitAnsweredAgain(r, p, answer)
	}
	if err != nil {
		return actionReply{}, err
	}
	var rp reply
	switch answer {
	case store.FitYes:
		rp = textReply(":white_check_mark: Great — thanks for answering! Keep the momentum: agree on a goal (`/goal add`), keep a regular rhythm and log each meeting (`/session log`).")
	case store.FitUnsure:
		// The check comes after the first session, but its buttons stay
		// until pressed: "early on" and "give it a few meetings" are only
		// true while the pair is young.
		n, err := b.db.SessionCount(r.ctx, p.ID)
		if err != nil {
			return actionReply{}, err
		}
		if n <= fitEarlySessions {
			rp = textReply(":thinking_face: Thanks for being honest — early on, that's common. Talk openly with <@%s> about what each of you expects: "+
				"how often to meet, what you want to get out of it, how you like to get feedback. Give it two or three meetings. "+
				"If it still doesn't feel right, you can end the pair kindly with `/mentor end %s`%s.", partner, b.handle(r.ctx, partner), adminHelp(admins, ", or ask %s for advice"))
		} else {
			rp = textReply(":thinking_face: Thanks for being honest — after %d sessions together, that's worth talking about. Tell <@%s> openly what is working for you and what isn't: "+
				"how often you meet, what you want to get out of it, how you like to get feedback. "+
				"If it still doesn't feel right after that talk, you can end the pair kindly with `/mentor end %s`%s.", n, partner, b.handle(r.ctx, partner), adminHelp(admins, ", or ask %s for advice"))
		}
	default:
		text := fmt.Sprintf("Thanks for telling me — that takes courage, and nothing is shared with <@%s>. What would you like to do? "+
			"These options are just for you; nothing happens without your say-so.", partner)
		rp = fitNoOptions(r, p, admins, text)
	}
	return actionReply{Replace: &rp}, nil
}

// fitNoOptions is text with what a member of pair p may do after a
// good-fit "no": end the pair kindly, tell a programme admin (of admins,
// fitAdmins), keep going.
func fitNoOptions(r *request, p store.Pair, admins []string, text string) reply {
	v := strconv.FormatInt(p.ID, 10)
	end := button(actionFitEnd, v, "End the pair kindly", slack.StyleDanger).WithConfirm(slack.NewConfirmationBlockObject(
		plain("End the pair?"), plain("Your meetings and reminders stop; "+keptAfterEnd(p, r.user.ID)+". Your partner gets a kind note — without your answer."),
		plain("End it"), plain("Not now")))
	buttons := []slack.BlockElement{end}
	if b := fitTellAdminButton(p, admins); b != nil {
		buttons = append(buttons, b)
	}
	buttons = append(buttons, button(actionFitKeepGoing, v, "Keep going for now", ""))
	return reply{Text: text, Blocks: []slack.Block{section(text), slack.NewActionBlock("fit_no_"+v, buttons...)}}
}

// fitTellAdminButton is the "Tell a programme admin" button of pair p
// after a good-fit "no"; nil when there is no admin to tell other than
// the two of them (admins, fitAdmins, is empty).
func fitTellAdminButton(p store.Pair, admins []string) *slack.ButtonBlockElement {
	if len(admins) == 0 {
		return nil
	}
	return button(actionFitTellAdmin, strconv.FormatInt(p.ID, 10), "Tell a programme admin", "")
}

// adminHelp is format with the admins (fitAdmins) named in it, the first
// few, as the Home names them: "a programme admin (<@A> or <@B>)"; ""
// when there is none, rather than pointing to an admin nobody can find.
func adminHelp(admins []string, format string) string {
	if len(admins) == 0 {
		return ""
	}
	var names []string
	for _, a := range admins[:min(len(admins), 3)] {
		names = append(names, "<@"+a+">")
	}
	return fmt.Sprintf(format, "a programme admin ("+strings.Join(names, " or ")+")")
}

// fitAnsweredAgain answers a press of the good-fit check after it was
// answered (a double press, the check still showing on another device)
// with a note only the presser sees: the reply to the first press stays
// in place. When the answer kept is "no", the note offers its options
// again, as nothing else offers to tell an admin; a "no" pressed after
// another answer is pointed to what remains.
func (b *Bot) fitAnsweredAgain(r *request, p store.Pair, pressed string) (actionReply, error) {
	answers, err := b.db.FeedbackGiven(r.ctx, r.user.ID, p.ID, store.FeedbackFit, p.CreatedAt)
	if err != nil {
		return actionReply{}, err
	}
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return actionReply{}, err
	}
	const head = "You've already answered this one — thank you. (Your answer stays private.)"
	partner := p.Partner(r.user.ID)
	var rp reply
	switch {
	case len(answers) > 0 && answers[0].Fit == store.FitNo:
		rp = fitNoOptions(r, p, admins, head+" These options are still yours if you want them; nothing happens without your say-so.")
	case pressed == store.FitNo:
		rp = textReply(head+" If things have changed, `/mentor end %s` ends the pair kindly%s.", b.handle(r.ctx, partner), adminHelp(admins, ", and %s is always there to help"))
	default:
		rp = textReply(head)
	}
	return actionReply{Reply: &rp}, nil
}

// endedNote is what a partner hears when the other member ends pair p,
// however they did it: the same words after a good-fit "no" as after
// `/mentor end`, so the note gives the answer away by nothing.
func endedNote(p store.Pair, ender string) reply {
	return textReply("<@%s> has ended your mentoring pair. Its reminders have stopped; %s. "+
		"Thank you for the time you gave each other.", ender, keptAfterEnd(p, p.Partner(ender)))
}

// keptAfterEnd says what stays with reader once pair p has ended. The
// goals are the mentee's, and their mentor no longer sees them: a mentor
// keeps the sessions' notes.
func keptAfterEnd(p store.Pair, reader string) string {
	if reader == p.MentorID {
		return "your notes of its sessions stay in `/session list`"
	}
	return "your goals and notes stay yours"
}

// actFitEnd ends the pair at the member's request, after a "no".
func (b *Bot) actionFitEnd(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, _, ok := parsePairValue(act.Value + ":")
	if !ok {
		return actionReply{}, sayf("That button has expired; `/mentor end @partner` ends a pair.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return actionReply{}, err
	}
	if !p.Live() {
		// The button's value is the pair it was shown for: one of the two
		// paired again since is never ended by it.
		return actionReply{}, b.fitEndedErr(r, p, admins, fitButtonEnded)
	}
	if p, err = b.endAndTell(r, id); store.ErrorCode(err) == store.EConflict && !errors.Is(err, store.ErrTakenOn) {
		// Ended since it was read (by the partner, or a press on another
		// device): said in the same words, not the store's.
		if q, qErr := b.db.Pair(r.ctx, r.user.ID, id); qErr == nil && !q.Live() {
			return actionReply{}, b.fitEndedErr(r, q, admins, fitButtonEnded)
		}
	}
	if err != nil {
		return actionReply{}, err
	}
	partner := p.Partner(r.user.ID)
	rp := textReply("Your pair with <@%s> has ended; its reminders have stopped and your history stays. I've let them know kindly, "+
		"without mentioning your answer. If you'd like another match, try `/mentor request @someone`%s.", partner, adminHelp(admins, " or ask %s"))
	return actionReply{Replace: &rp}, nil
}

// fitNoPair is the pair of a follow-up button shown after a good-fit "no"
// (value PAIRID), when the presser may use it: the pair is live and their
// recorded fit answer for it is "no". An old button, of a pair that ended
// since, or a forged one, without that answer, gets a refusal instead.
func (b *Bot) fitNoPair(r *request, value string) (store.Pair, error) {
	id, _, ok := parsePairValue(value + ":")
	if !ok {
		return store.Pair{}, sayf("That button has expired.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return store.Pair{}, err
	}
	partner := p.Partner(r.user.ID)
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return store.Pair{}, err
	}
	if !p.Live() {
		return store.Pair{}, b.fitEndedErr(r, p, admins, fitButtonEnded)
	}
	answers, err := b.db.FeedbackGiven(r.ctx, r.user.ID, p.ID, store.FeedbackFit, p.CreatedAt)
	if err != nil {
		return store.Pair{}, err
	}
	if len(answers) == 0 || answers[0].Fit != store.FitNo {
		return store.Pair{}, sayf("This button belongs to a \"no\" answer to the good-fit check, which isn't your answer for your pair with <@%s>, "+
			"so I haven't done anything. If things have changed, `/mentor end %s` ends the pair kindly%s.",
			partner, b.handle(r.ctx, partner), adminHelp(admins, ", and %s is always there to help"))
	}
	return p, nil
}

// What a good-fit button of an ended pair did (fitEndedErr): an answer
// to the check, or one of the options after a "no".
const (
	fitCheckEnded  = "this answer isn't needed any more, and I haven't kept it"
	fitButtonEnded = "this button doesn't do anything any more"
)

// fitEndedErr refuses r's press of a good-fit button of pair p, which has
// ended (admins: fitAdmins), saying that nothing was done (what, of the
// constants above). When the two are paired again, the button was for
// the pair before, and it says so: read alone, "your pair has ended"
// would have them believe the pair they have now had.
func (b *Bot) fitEndedErr(r *request, p store.Pair, admins []string, what string) error {
	partner := p.Partner(r.user.ID)
	help := adminHelp(admins, " If you'd like to talk something over, %s is always there to help.")
	again, err := b.pairedAgain(r, p)
	if err != nil {
		return err
	}
	if !again {
		return sayf("Your mentoring pair with <@%s> has already ended, so %s.%s", partner, what, help)
	}
	nothing := "I haven't done anything: your current pair carries on as it is"
	if what == fitCheckEnded {
		nothing = "I haven't kept this answer: it was about the pair before"
	}
	return sayf("This button was for your earlier pair with <@%s>, which ended%s. You're paired again now, so %s.%s",
		partner, endedOn(r, p), nothing, help)
}

// fitAdmins are the programme admins a member of p may ask for help with
// their pair (programmeAdmins, in its order): neither the member nor
// their partner.
func (b *Bot) fitAdmins(r *request, p store.Pair) ([]string, error) {
	admins, err := b.programmeAdmins(r.ctx)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(admins, func(a string) bool { return a == p.MentorID || a == p.MenteeID }), nil
}

// programmeAdmins are the programme's admins in the order the bot names
// them to members (the Home, the good-fit replies, which name the first
// few): those of MENTORBOT_ADMINS first, in its order, as they run the
// programme, then the workspace admins the bot knows of, by user ID,
// whom Slack makes admins too. Each is listed once.
func (b *Bot) programmeAdmins(ctx context.Context) ([]string, error) {
	workspace, err := b.db.ProgrammeAdmins(ctx)
	if err != nil {
		return nil, fmt.Errorf("programme admins: %w", err)
	}
	var admins []string
	for _, id := range slices.Concat(b.cfg.Admins, workspace) {
		if !slices.Contains(admins, id) {
			admins = append(admins, id)
		}
	}
	return admins, nil
}

// actFitTellAdmin tells the programme admins, at the member's request,
// that their pair isn't a good fit. The partner is not told.
func (b *Bot) actionFitTellAdmin(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	p, err := b.fitNoPair(r, act.Value)
	if err != nil {
		return actionReply{}, err
	}
	partner := p.Partner(r.user.ID)
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return actionReply{}, err
	}
	if len(admins) == 0 {
		return actionReply{}, sayf("There is no programme admin I can reach. If you'd rather not continue, `/mentor end %s` ends the pair kindly.", b.handle(r.ctx, partner))
	}
	note := textReply(":wave: <@%s> says their mentoring pair (<@%s> mentoring <@%s>) doesn't feel like a good fit, and asked me to let a programme admin know. "+
		"Please reach out to <@%s> privately. <@%s> has not been told. If the pair should end, `/mentor end <@%s> <@%s>` ends it and tells them both.",
		r.user.ID, p.MentorID, p.MenteeID, r.user.ID, partner, p.MentorID, p.MenteeID)
	var named []string
	for _, a := range admins {
		// Pair 0: the admin is not in the pair, and a notification about
		// a pair is found (export, forget) through its members.
		if err := b.dm(r.ctx, fmt.Sprintf("fit-admin:pair=%d:from=%s:to=%s", p.ID, r.user.ID, a), "fit_admin", a, 0, note); err != nil {
			return actionReply{}, err
		}
		named = append(named, "<@"+a+">")
	}
	rp := textReply(":envelope: I've let the programme admins know (%s). They'll reach out to you privately; <@%s> hasn't been told.",
		strings.Join(named, ", "), partner)
	return actionReply{Replace: &rp}, nil
}

func (b *Bot) actionFitKeepGoing(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	p, err := b.fitNoPair(r, act.Value)
	if err != nil {
		return actionReply{}, err
	}
	admins, err := b.fitAdmins(r, p)
	if err != nil {
		return actionReply{}, err
	}
	rp := textReply("OK — keep going; sometimes it takes a few meetings. If you change your mind, `/mentor end %s` ends the pair kindly%s.",
		b.handle(r.ctx, p.Partner(r.user.ID)), adminHelp(admins, ", and %s is always there to help"))
	// Telling an admin stays on offer: the "no" stands, and nothing else
	// offers it.
	if tell := fitTellAdminButton(p, admins); tell != nil {
		rp.Blocks = []slack.Block{section(rp.Text), slack.NewActionBlock("fit_no_"+strconv.FormatInt(p.ID, 10), tell)}
	}
	return actionReply{Replace: &rp}, nil
}
