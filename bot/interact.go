package bot

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// actionHandler runs when someone presses a button or picks an option.
type actionHandler func(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error)

// actionReply says what a button press changes in Slack.
type actionReply struct {
	// Replace, when set, replaces the message the button was on (to show
	// that the question was answered and remove the buttons).
	Replace *reply
	// Reply, when set, is a new message only the presser sees.
	Reply *reply
	// Delete deletes the message the button was on, through the press's
	// response_url, before Reply is shown; Reply then says that it could
	// not be deleted, should that fail.
	Delete bool
	// After, when set, runs once Replace and Reply are delivered: to
	// correct what they show when something changed meanwhile.
	After func(ctx context.Context)
}

// viewHandler runs when someone submits a modal. Field errors keep the modal
// open with the messages under the fields (keys are block IDs).
type viewHandler func(r *request, cb slack.InteractionCallback) (viewReply, error)

type viewReply struct {
	Errors map[string]string
	// Confirm is shown to the person after the modal closes, in the channel
	// the modal was opened from (ephemeral) or else as a DM.
	Confirm *reply
}

// actionTable maps action_id prefixes to handlers; the rest of an action_id
// after the prefix only makes IDs unique within a message.
func (b *Bot) actionTable() map[string]actionHandler {
	t := map[string]actionHandler{actionPickPartner: b.actionPickPartner}
	for _, part := range []map[string]actionHandler{b.pairActions(), b.goalActions(), b.meetingActions(), b.programmeActions(), b.notifyActions(), b.matchingActions()} {
		for k, v := range part {
			t[k] = v
		}
	}
	return t
}

// viewTable maps callback_ids to modal submission handlers.
func (b *Bot) viewTable() map[string]viewHandler {
	t := map[string]viewHandler{}
	for _, part := range []map[string]viewHandler{b.goalViews(), b.meetingViews(), b.programmeViews(), b.notifyViews(), b.matchingViews()} {
		for k, v := range part {
			t[k] = v
		}
	}
	return t
}

const actionPickPartner = "pick_partner"

// modalMeta is the private_metadata of every modal: where it was opened
// (for the confirmation) and what it is about.
type modalMeta struct {
	Channel string `json:"c,omitempty"`
	ID      int64  `json:"id,omitempty"`
	Extra   string `json:"x,omitempty"`
}

func (m modalMeta) String() string {
	b, _ := json.Marshal(m)
	return string(b)
}

func parseMeta(s string) modalMeta {
	var m modalMeta
	_ = json.Unmarshal([]byte(s), &m)
	return m
}

func (b *Bot) handleInteraction(ctx context.Context, req socketmode.Request, cb slack.InteractionCallback) {
	start := time.Now()
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		b.ack(req, nil)
		if len(cb.ActionCallback.BlockActions) == 0 {
			b.log.Warn("block_actions without actions; acknowledged", "user", cb.User.ID)
		}
		ctx, d := b.takeOn(ctx, req, cb.TriggerID, cb.User.ID, b.ackBudget, true, pickedKey(cb)...)
		if !d.first {
			return // acted on already (dedup.go)
		}
		defer d.finish(ctx, nil)
		for _, act := range cb.ActionCallback.BlockActions {
			b.runAction(ctx, cb, act)
		}
	case slack.InteractionTypeViewSubmission:
		ctx, runLater := afterAck(ctx)
		defer runLater()
		ctx, d := b.takeOn(ctx, req, cb.TriggerID, cb.User.ID, b.ackBudget-time.Since(start), true)
		if d.first {
			var p any
			defer func() { d.finish(ctx, p) }()
			p = b.runViewInTime(ctx, req, cb, start)
			break
		}
		payload, ok := d.replay()
		switch {
		case !ok:
			b.ack(req, b.fieldErrors(ctx, cb.User.ID, map[string]string{firstInputBlock(cb.View): interruptedText("")}))
		case payload != nil:
			b.ack(req, payload)
		default:
			b.ack(req, nil)
		}
	case slack.InteractionTypeViewClosed:
		b.ack(req, nil)
	default:
		b.ack(req, nil)
		b.log.Warn("interaction not understood; acknowledged", "type", cb.Type)
	}
	b.metrics.Observe("mentorbot_interaction_seconds", "Time to handle a button or modal.", time.Since(start), "type", string(cb.Type))
}

// pickedKey names a press of a "which pair?" answer by the answer it was
// pressed in, so that the command it carries runs once: a double-click,
// or a second partner's button pressed before the first press replaced
// the answer, would otherwise log the session or send the feedback twice,
// each press having a trigger of its own.
func pickedKey(cb slack.InteractionCallback) []string {
	c := cb.Container
	if c.MessageTs == "" {
		return nil
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if strings.HasPrefix(act.ActionID, actionPickPartner) {
			return []string{"picked:" + cb.User.ID + ":" + c.ChannelID + ":" + c.MessageTs}
		}
	}
	return nil
}

func (b *Bot) lookupAction(id string) (actionHandler, bool) {
	t := b.actionTable()
	if h, ok := t[id]; ok {
		return h, true
	}
	// Longest prefix wins: "todo_done" before "todo".
	best := ""
	for k := range t {
		if strings.HasPrefix(id, k) && len(k) > len(best) {
			best = k
		}
	}
	if best == "" {
		return nil, false
	}
	return t[best], true
}

func (b *Bot) runAction(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) {
	h, ok := b.lookupAction(act.ActionID)
	if !ok {
		b.log.Warn("unknown action; acknowledged", "action_id", act.ActionID)
		return
	}
	// What the press changed elsewhere (a re-plan, the partner's DMs
	// redrawn) waits until the presser's own answer is in place, as a
	// command's waits for its ack.
	ctx, runLater := afterAck(ctx)
	defer runLater()
	r, err := b.newRequest(ctx, cb.User.ID)
	var res actionReply
	if err == nil {
		r.channelID, r.triggerID, r.respURL = cb.Channel.ID, cb.TriggerID, cb.ResponseURL
		if cb.Container.ChannelID != "" {
			r.channelID = cb.Container.ChannelID
		}
		r.pressed = cb.Container.MessageTs
		res, err = h(r, cb, act)
	}
	if err != nil {
		var amb *ambiguousPair
		if asAmbiguous(err, &amb) {
			rp := amb.reply(amb.command)
			res = actionReply{Reply: &rp}
		} else {
			res = actionReply{Reply: &reply{Text: b.friendly(err, "action "+act.ActionID)}}
			// Buttons are the bot's own, so a refused one is either stale
			// or forged: worth a line for the operator. A re-run button's
			// value is what someone typed, which stays out of the log.
			value := truncate(act.Value, 80)
			if strings.HasPrefix(act.ActionID, actionPickPartner) {
				value = "(a command)"
			}
			b.log.Info("action refused", "action_id", act.ActionID, "value", value, "user", cb.User.ID)
		}
	}
	b.deliverActionReply(ctx, cb, res)
	if res.After != nil {
		res.After(ctx)
	}
}

// deliverActionReply shows an action's answer: through the response_url
// where the button lived in a message, or as a DM from App Home.
func (b *Bot) deliverActionReply(ctx context.Context, cb slack.InteractionCallback, res actionReply) {
	if res.Delete {
		err := errors.New("no response_url")
		if cb.ResponseURL != "" {
			err = b.slack.Respond(ctx, cb.ResponseURL, &slack.WebhookMessage{DeleteOriginal: true})
		}
		if err != nil {
			b.log.Error("delete message", "err", err)
			res.Reply = &reply{Text: ":warning: I couldn't remove that message just now. Please try again in a moment."}
		}
	}
	switch {
	case res.Replace != nil && cb.ResponseURL != "":
		msg := &slack.WebhookMessage{Text: res.Replace.Text, ReplaceOriginal: true}
		if len(res.Replace.Blocks) > 0 {
			msg.Blocks = &slack.Blocks{BlockSet: res.Replace.Blocks}
		}
		if err := b.slack.Respond(ctx, cb.ResponseURL, msg); err != nil {
			b.log.Error("replace message", "err", err)
		}
	case res.Replace != nil:
		// Slack always sends a response_url with a press in a message; a
		// stand-in may not. The bot's own message is edited in place all
		// the same, and an ephemeral one, which nothing else can edit,
		// becomes a DM: the presser always sees the answer.
		if c := cb.Container; c.ChannelID != "" && c.MessageTs != "" && !c.IsEphemeral {
			if err := b.editMessage(ctx, c.ChannelID, c.MessageTs, *res.Replace); err == nil {
				break
			}
		}
		b.tell(ctx, cb.User.ID, "", *res.Replace)
	}
	if res.Reply == nil || res.Reply.Silent {
		return
	}
	if cb.ResponseURL != "" {
		msg := &slack.WebhookMessage{Text: res.Reply.Text, ResponseType: "ephemeral", ReplaceOriginal: false}
		if len(res.Reply.Blocks) > 0 {
			msg.Blocks = &slack.Blocks{BlockSet: res.Reply.Blocks}
		}
		if err := b.slack.Respond(ctx, cb.ResponseURL, msg); err != nil {
			b.log.Error("answer action", "err", err)
		}
		return
	}
	b.tell(ctx, cb.User.ID, "", *res.Reply)
}

// tell shows a reply to one person: ephemerally in channel when given,
// otherwise in their DM with the bot.
func (b *Bot) tell(ctx context.Context, user, channel string, rp reply) {
	blocks, cut := fitBlocks(rp.Blocks)
	if cut {
		b.log.Warn("tell: cut to Slack's size", "user", user)
	}
	opts := messageOptions(rp.Text, blocks)
	if channel != "" && !strings.HasPrefix(channel, "D") {
		if err := b.slack.PostEphemeral(ctx, channel, user, opts...); err == nil {
			return
		}
	}
	ch, err := b.slack.DMChannel(ctx, user)
	if err != nil {
		b.log.Error("tell: open dm", "user", user, "err", err)
		return
	}
	if _, err := b.slack.Post(ctx, ch, opts...); err != nil {
		b.log.Error("tell: post", "user", user, "err", err)
	}
}

// runViewInTime runs a modal submission and acks it with the answer when
// that comes within budget. Slack allows 3 s, and a submission may wait
// on Slack itself (a users.info that is rate-limited for seconds): then
// the ack keeps the modal open with a view that says it is being checked
// (checkingView), and the answer follows in it (answerLate). received is
// when the submission came in. It returns what the ack carried, or for a
// late answer the ack that shows it.
func (b *Bot) runViewInTime(ctx context.Context, req socketmode.Request, cb slack.InteractionCallback, received time.Time) any {
	o, inTime := withinAck(received.Add(b.ackBudget), func() {
		checking := checkingView(cb.View)
		b.ack(req, slack.NewUpdateViewSubmissionResponse(&checking))
		b.log.Warn("modal submission outlasted the ack budget; acked with a view that says it is being checked", "callback_id", cb.View.CallbackID, "user", cb.User.ID)
	}, func() viewOutcome { return b.runViewRecovered(ctx, cb) })
	if inTime {
		var p any
		if len(o.errs) > 0 {
			p = b.fieldErrors(ctx, cb.User.ID, o.errs)
		}
		b.ack(req, p)
		if o.confirm != nil {
			confirm := *o.confirm
			channel := parseMeta(cb.View.PrivateMetadata).Channel
			b.goHandleRequest(ctx, func(ctx context.Context) { b.tell(ctx, cb.User.ID, channel, confirm) })
		}
		return p
	}
	return b.answerLate(ctx, cb, o, received)
}

// runViewRecovered is runView, with a panic logged and shown at the first
// input: goHandle's recover would only log it, and the form would get no
// ack.
func (b *Bot) runViewRecovered(ctx context.Context, cb slack.InteractionCallback) (o viewOutcome) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("view handler panicked", "callback_id", cb.View.CallbackID, "panic", p, "stack", string(debug.Stack()))
			o = viewOutcome{errs: map[string]string{firstInputBlock(cb.View): b.friendly(fmt.Errorf("view panicked: %v", p), "view "+cb.View.CallbackID)}, panicked: true}
		}
	}()
	return b.runView(ctx, cb)
}

func (b *Bot) runView(ctx context.Context, cb slack.InteractionCallback) viewOutcome {
	h, ok := b.viewTable()[cb.View.CallbackID]
	if !ok {
		b.log.Warn("unknown modal submitted; acknowledged", "callback_id", cb.View.CallbackID)
		return viewOutcome{}
	}
	r, err := b.newRequest(ctx, cb.User.ID)
	var res viewReply
	if err == nil {
		meta := parseMeta(cb.View.PrivateMetadata)
		r.channelID, r.triggerID = meta.Channel, cb.TriggerID
		res, err = h(r, cb)
	}
	if err != nil {
		var amb *ambiguousPair
		if asAmbiguous(err, &amb) {
			err = sayf("You're in more than one pair — please choose the partner.")
		}
		// An error with no field to attach to is shown at the first input.
		return viewOutcome{errs: map[string]string{firstInputBlock(cb.View): b.friendly(err, "view "+cb.View.CallbackID)}}
	}
	if len(res.Errors) > 0 {
		return viewOutcome{errs: res.Errors}
	}
	return viewOutcome{confirm: res.Confirm}
}

// fieldErrors is the answer that keeps a modal open with errors under its
// fields (by block ID). Slack shows a field error as plain text, while the
// bot's answers are written in mrkdwn, so each is made plain here, for
// every modal: see plainText. viewer is who submitted the modal.
func (b *Bot) fieldErrors(ctx context.Context, viewer string, errs map[string]string) *slack.ViewSubmissionResponse {
	out := make(map[string]string, len(errs))
	for block, msg := range errs {
		out[block] = b.plainText(ctx, viewer, msg)
	}
	return slack.NewErrorsViewSubmissionResponse(out)
}

// plainEmojiRe is an emoji code standing as a word, such as ":warning: ",
// which plainText takes out.
var plainEmojiRe = regexp.MustCompile(`(^|\s):[a-z0-9_+\-]{2,}:(\s+|$)`)

// plainText turns an answer to viewer written in mrkdwn into the plain
// text it reads as: a mention becomes "@name" (the person's Slack name, as
// stored; see plainMention), a channel "#name", a date its fallback text
// and a link its address; the marks notifications take out go too
// (stripMarks: the same marks, kept the same way, such as what a code
// span holds and an address), emoji codes go, and the escaping of what
// people typed (&lt; &gt; &amp;) is undone, since plain text shows it as
// is and pings nobody.
func (b *Bot) plainText(ctx context.Context, viewer, s string) string {
	s = strings.ReplaceAll(s, nameMark, "") // the mark is the bot's own
	s = stripMarks(s, func(m, kind, body, label string) string {
		label = strings.TrimSpace(label)
		if kind == "@" && isUserID(body) {
			// Marked, to be capitalised where it starts a sentence once
			// the markup around it is gone (capitalizeNames).
			return nameMark + b.plainMention(ctx, viewer, body, strings.TrimPrefix(label, "@"))
		}
		return plainMarkup(m, kind, body, label)
	})
	s = plainEmojiRe.ReplaceAllString(s, "$1")
	// "Your pair with your partner" says less than "Your pair".
	s = plainPairWithPartnerRe.ReplaceAllString(s, "$1")
	return capitalizeNames(strings.TrimSpace(unescapeSlack(s)))
}

// nameMark marks, in plainText's work, where a mention's name starts (a
// character of Unicode's private use area, which no answer holds).
const nameMark = "\uE000"

// plainPairWithPartnerRe is "pair with" and a partner named as "your
// partner" (plainMention).
var plainPairWithPartnerRe = regexp.MustCompile(`(?i)\b(pair) with ` + nameMark + `your partner\b`)

// capitalizeNames takes the marks out of s (see nameMark) and capitalises
// each name that starts a sentence: "Your partner ended it.", where the
// answer had "*<@U…>* ended it." or began with an emoji.
func capitalizeNames(s string) string {
	var out strings.Builder
	for {
		before, after, found := strings.Cut(s, nameMark)
		out.WriteString(before)
		if !found {
			return out.String()
		}
		if sentenceStart(out.String()) && after != "" {
			after = capitalize(after) // "Your partner ...", not "your partner ..."
		}
		s = after
	}
}

// plainMarkup is the plain text of m, Slack's angle-bracket markup of
// kind with body and label (as plainMarkupRe reads them), but a mention of
// a user (plainMention).
func plainMarkup(m, kind, body, label string) string {
	switch {
	case kind == "@", kind == "" && !strings.HasPrefix(body, "http") && !strings.HasPrefix(body, "mailto:"):
		return m // not Slack's markup: text as it was typed
	case kind == "#":
		return "#" + cmp.Or(strings.TrimPrefix(label, "#"), body)
	case kind == "!" && strings.HasPrefix(body, "subteam^"):
		return "@" + cmp.Or(strings.TrimPrefix(label, "@"), strings.TrimPrefix(body, "subteam^"))
	case kind == "!" && label != "":
		return label // a date token's fallback
	case kind == "!":
		return "@" + body // <!here>
	}
	return strings.TrimPrefix(body, "mailto:")
}

// sentenceStart reports whether what follows text starts a sentence: text
// is empty or ends a line, or ends with a sentence's end and a space; a
// strike or italic mark that opens there (plainText leaves a strike
// people typed, and a mark with no pair) is no word.
func sentenceStart(text string) bool {
	text = strings.TrimRight(text, "_~")
	t := strings.TrimRight(text, " \t")
	return t == "" || strings.HasSuffix(t, "\n") || (len(t) < len(text) && strings.ContainsAny(t[len(t)-1:], ".!?"))
}

// capitalize is s with its first letter upper-case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// plainMention is how plain text names the person id, mentioned to
// viewer with label (may be empty): by their Slack name as stored, else
// the mention's own label. Slack shows a mention in plain text as written,
// so one with neither would read as a raw ID ("@U0123"). That is someone
// who asked to be forgotten (Forget empties the stored name), or whom the
// bot never looked up: their profile is not fetched again here, which
// would store a forgotten person's name anew; a partner of the viewer's,
// of a pair live or ended, is "your partner", anyone else "someone".
func (b *Bot) plainMention(ctx context.Context, viewer, id, label string) string {
	if u, err := b.db.User(ctx, id); err == nil && cmp.Or(u.Name, u.RealName) != "" {
		return "@" + cmp.Or(u.Name, u.RealName)
	}
	if label != "" {
		return "@" + label
	}
	if viewer != "" {
		pairs, err := b.db.PairsOf(ctx, viewer, true)
		if err != nil {
			b.log.Warn("plain text: pairs of the reader", "user", viewer, "err", err)
		}
		for _, p := range pairs {
			if p.Partner(viewer) == id {
				return "your partner"
			}
		}
	}
	return "someone"
}

// openModal opens a modal with the request's trigger_id. Without one (a
// command not typed in Slack) or when Slack refuses (a trigger_id lasts 3 s),
// the person is told so: it is not an internal error, so it is logged as a
// warning only. The delivery's claim is recorded first: a redelivery of the
// press or command must not open it again (Slack would refuse the used
// trigger, and the person would read an error).
func (b *Bot) openModal(r *request, v slack.ModalViewRequest) error {
	if r.triggerID == "" {
		return sayf("I can't open a form from here. Please type the command in Slack.")
	}
	if err := b.db.RecordClaim(r.ctx); err != nil {
		return err
	}
	if err := b.slack.OpenView(r.ctx, r.triggerID, v); err != nil {
		code := errorCode(err)
		switch {
		case strings.HasSuffix(code, "_trigger_id"), strings.HasPrefix(code, "http_5"),
			slices.Contains([]string{"timeout", "network", "transient", "ratelimited", "http_429"}, code):
			b.log.Warn("open modal", "callback_id", v.CallbackID, "user", r.user.ID, "err", err)
			return sayf("I couldn't open the form — Slack allows only a few seconds for that. Please try again.")
		}
		// Slack refused the form itself: trying again will not help.
		b.log.Error("open modal: Slack refused the form", "callback_id", v.CallbackID, "user", r.user.ID, "err", err)
		return sayf("I couldn't open the form: Slack refused it (`%s`). That is a fault on my side, and it is logged; please tell a programme admin.", code)
	}
	return nil
}

func firstInputBlock(v slack.View) string {
	for _, bl := range v.Blocks.BlockSet {
		if in, ok := bl.(*slack.InputBlock); ok {
			return in.BlockID
		}
	}
	return ""
}

// actPickPartner re-runs a command for the partner the person picked.
func (b *Bot) actionPickPartner(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	var rr rerun
	if err := json.Unmarshal([]byte(act.Value), &rr); err != nil {
		return actionReply{}, sayf("That button has expired; please type the command again.")
	}
	r.command, r.text = rr.Command, rr.Text
	// The command means what it meant when typed: "/session log" is held
	// on that day, not the day of the press. A time after now (a forged
	// value) is no typing time.
	if at := time.Unix(rr.At, 0); rr.At > 0 && at.Before(r.now) {
		r.typedAt = at
	}
	rp, err := b.route(r, rr.Command, rr.Text)
	if err != nil {
		err = r.namedUnknown(err)
		if !isUserError(err) || r.respURL == "" {
			return actionReply{}, err
		}
		// A refusal answers the prompt as well as a result does: it
		// replaces it, so its buttons do not invite the same refusal.
		rp = refusedRerun(b.friendly(err, "pick partner"), rr)
	}
	return actionReply{Replace: &rp}, nil
}

// refusedRerun is the answer to a "which pair?" press whose command was
// refused (the pair ended meanwhile, say): the refusal, and the command as
// typed when it carried something written (notes, feedback, an agenda
// item), since the prompt it replaces held its only copy (Slack keeps no
// slash command's text).
func refusedRerun(refusal string, rr rerun) reply {
	typed := strings.TrimSpace(unescapeSlack(rr.Text))
	words := strings.Fields(typed)
	if len(words) < 3 || !slices.Contains([]string{"log", "feedback", "agenda", "add", "comment"}, strings.ToLower(words[0])) {
		return reply{Text: refusal}
	}
	// The partner the button named follows the subcommand: the person
	// did not type it.
	if pickedMentionRe.MatchString(words[1]) {
		typed = words[0] + strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(typed, words[0])), words[1])
	}
	lead := "Nothing was done. So that nothing you wrote is lost, here is what you typed:"
	if strings.Contains(refusal, "Nothing was") {
		lead = "So that nothing you wrote is lost, here is what you typed:"
	}
	lines := append([]string{refusal, lead}, quotedChunks(rr.Command+" "+typed, textSectionLimit-2, 2)...)
	return reply{Text: refusal, Blocks: textSections(lines)}
}

// pickedMentionRe is a partner's mention as a "which pair?" button puts it
// into the command it runs again.
var pickedMentionRe = regexp.MustCompile(`^<@[A-Z0-9]+(\|[^>]*)?>$`)

func (b *Bot) handleEvent(ctx context.Context, ev slackevents.EventsAPIEvent) {
	if rl, ok := ev.Data.(*slackevents.EventsAPIAppRateLimited); ok {
		// Slack drops the app's events for the rest of that minute: the
		// profile changes and App Home opens in it never arrive.
		b.log.Warn("Slack is rate-limiting this app's events (30,000 an hour); those of this minute are dropped",
			"minute", time.Unix(int64(rl.MinuteRateLimited), 0).UTC())
		return
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if e.Tab != "" && e.Tab != "home" {
			return
		}
		b.home.opened(e.User)
		if err := b.PublishHome(ctx, e.User); err != nil {
			b.log.Error("publish home", "user", e.User, "err", err)
		}
	case *slackevents.UserChangeEvent:
		b.profileChanged(ctx, e.User)
	case *slackevents.MessageEvent:
		b.messageToBot(ctx, e)
	default:
		b.log.Debug("event ignored", "type", ev.InnerEvent.Type)
	}
}

// dmHelpEvery is how often at most (once per clock hour of the message)
// someone who writes to the bot in its DM is told that it reads only
// slash commands: once is enough for a string of messages.
const dmHelpEvery = time.Hour

// messageToBot answers a message someone wrote in their DM with the bot,
// which it does not read (it answers slash commands), with where the
// commands are: unanswered, it would look like a bot that is down. A file
// they send (subtype file_share) is such a message too. Its own messages,
// edits and others' bots are left alone. The answer's key
// is the hour of the message's own timestamp, so that a redelivered event
// (or several messages in one hour) gets one answer.
func (b *Bot) messageToBot(ctx context.Context, e *slackevents.MessageEvent) {
	if e.ChannelType != "im" || e.User == "" || e.BotID != "" || (e.SubType != "" && e.SubType != "file_share") || isBotUser(e.User, false) {
		return
	}
	if e.SubType == "file_share" {
		// A file the bot itself shared (an export) may come back without
		// a bot_id: only a person's is answered.
		if u, err := b.slack.Profile(ctx, e.User); err != nil || u.IsBot {
			return
		}
	}
	// Writing to the bot is a response, as a command or a press is: a
	// reply to a nudge ("we met, thanks!") must not count it unanswered.
	if err := b.db.Touch(ctx, e.User); err != nil {
		b.log.Warn("record a message to the bot as a response", "user", e.User, "err", err)
	}
	now := b.clock.Now()
	sent := now
	if secs, err := strconv.ParseFloat(e.TimeStamp, 64); err == nil && secs > 0 {
		sent = time.Unix(int64(secs), 0)
	}
	rp := textReply(":wave: I only read slash commands, so I can't answer messages. Type them here or anywhere in Slack: " +
		"`/goal` for your goals, `/session` to log a meeting, `/mentor` for your pair and meetings; `/mentor help` lists them all. " +
		"To reach your partner, write to them directly.")
	n, err := outboxNote(now, fmt.Sprintf("dm_help:to=%s:at=%d", e.User, sent.Truncate(dmHelpEvery).Unix()), "dm_help", e.User, 0, rp)
	if err != nil {
		b.log.Error("answer a message to the bot", "user", e.User, "err", err)
		return
	}
	n.ExpiresAt = now.Add(10 * time.Minute) // an answer, or nothing
	if err := b.queue(ctx, n); err != nil {
		b.log.Error("answer a message to the bot", "user", e.User, "err", err)
	}
}

// input reads a modal input's value by block and action ID: the text, the
// selected date or option value.
func input(cb slack.InteractionCallback, block, action string) string {
	v, ok := cb.View.State.Values[block][action]
	if !ok {
		return ""
	}
	switch {
	case v.SelectedDate != "":
		return v.SelectedDate
	case v.SelectedOption.Value != "":
		return v.SelectedOption.Value
	case v.SelectedUser != "":
		return v.SelectedUser
	case v.SelectedTime != "":
		return v.SelectedTime
	}
	return strings.TrimSpace(normalizeSpaces(v.Value))
}

// inputs reads a multi-select or checkbox input's values.
func inputs(cb slack.InteractionCallback, block, action string) []string {
	v := cb.View.State.Values[block][action]
	var out []string
	for _, o := range v.SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}
