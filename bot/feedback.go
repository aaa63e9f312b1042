package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/store"
)

// cmdFeedback is /mentor feedback [@partner] TEXT: free-text feedback on
// the mentoring, delivered to the partner alone. Feedback goes both ways:
// a mentee may tell the mentor what helps, a mentor may tell the mentee.
func (b *Bot) cmdFeedback(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) == "" {
		return textReply("Usage: `/mentor feedback @partner TEXT` — tell your partner, privately, what is helping and what could be better, e.g. `/mentor feedback @sam the mock interview was exactly what I needed`. Only they will see it."), nil
	}
	if id, _ := leadingMention(args); id == "" {
		if unknownName(firstWord(args)) {
			// An @name Slack did not turn into a mention: a partner meant,
			// misspelt, not the start of the feedback. Sent as it is, the
			// feedback would reach the one partner, whoever was meant.
			return r.unknownNamed(args, firstWord(args), "your partner", "/mentor feedback @partner TEXT", "I haven't sent anything."), nil
		}
	}
	// Over the limit is refused before someone in two pairs is asked which
	// one they mean: the pick would only lead to the refusal.
	// Counted as it reads, as every limit on typed text is: a mention or a
	// link is longer in Slack's markup than on the screen.
	_, rest := leadingMention(args)
	if err := tooLong("feedback", strings.TrimSpace(unescapeSlack(rest)), store.MaxFeedbackText); err != nil {
		return reply{}, err
	}
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	text := markupWithin(strings.TrimSpace(unescapeSlack(rest)), store.MaxFeedbackText)
	if text == "" {
		return reply{}, sayf("What would you like to tell <@%s>? Write it after their name, e.g. `/mentor feedback %s your questions really helped me this week`.",
			p.Partner(r.user.ID), b.handle(r.ctx, p.Partner(r.user.ID)))
	}
	head := fmt.Sprintf(":speech_balloon: <@%s> shared feedback on your mentoring together:", r.user.ID)
	note, fit := feedbackNote(head, text, ":lock: Only you can see this. Reply in kind with `/mentor feedback "+b.handle(r.ctx, r.user.ID)+" TEXT`.")
	switch fit {
	case feedbackLineTooLong:
		return reply{}, sayf("That feedback has a line too long to show in a Slack message once formatted. Break it into shorter lines and send it again.")
	case feedbackTooLong:
		return reply{}, sayf("That feedback is too long to show in one Slack message once formatted (characters like & and < take more room). Please shorten it.")
	}
	f, err := b.giveFeedback(r, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackNote, Text: text}, note)
	if err != nil {
		return reply{}, err
	}
	partner := f.ToID
	return textReply(":pray: Thank you — I've passed your feedback on to <@%s>. Only they can see it.", partner), nil
}

// feedbackNote is the DM that carries feedback to the partner: head, the
// text (if any) quoted line by line, each line in a section of its own so
// that sections split it only between lines, and foot in small print;
// its text, all a notification shows, is one line (feedbackPreview).
// The answer is not feedbackFits when it could not reach the partner
// whole: escaping can make a line of '<'s four times longer than typed,
// past what a section holds, and the outbox would cut a message whose
// blocks hold more text than Slack takes (msgTextBudget). Feedback is
// shown nowhere else: what was cut would be lost, though its author was
// told it was passed on.
func feedbackNote(head, text, foot string) (reply, feedbackFit) {
	lines := []string{head}
	if text != "" {
		for _, l := range strings.Split(shownText(text), "\n") {
			if utf8.RuneCountInString(l)+2 > textSectionLimit {
				return reply{}, feedbackLineTooLong
			}
			lines = append(lines, "> "+l)
		}
	}
	note := reply{Text: feedbackPreview(head, text), Blocks: append(textSections(lines), contextText(foot))}
	if blockTextLen(note.Blocks...) > msgTextBudget {
		return reply{}, feedbackTooLong
	}
	return note, feedbackFits
}

// feedbackFit says whether feedbackNote could show the feedback whole.
type feedbackFit int

const (
	feedbackFits        feedbackFit = iota
	feedbackLineTooLong             // a line, once escaped, is longer than a section holds
	feedbackTooLong                 // the whole is longer than one message holds
)

// giveFeedback stores feedback in from r's user and, in the same commit,
// queues note, the DM that passes it on to the partner: queued after it,
// a failure would leave the feedback stored, never passed on, and its
// author told that nothing was saved, so that they send it a second time.
func (b *Bot) giveFeedback(r *request, in store.NewFeedback, note reply) (store.Feedback, error) {
	var f store.Feedback
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if f, _, err = store.GiveFeedbackTx(r.ctx, tx, r.user.ID, in); err != nil {
			return err
		}
		return dmTx(r.ctx, tx, fmt.Sprintf("feedback:%d:to=%s", f.ID, f.ToID), "feedback_received", f.ToID, f.PairID, note)
	})
	if err != nil {
		return store.Feedback{}, err
	}
	b.sched.Kick()
	return f, nil
}

// feedbackPreview is the one line a feedback DM shows in Slack's
// notifications and sidebar: head, then the start of text on the same
// line, cut as it reads (shownExcerpt), so that a cut leaves no half of a
// mention, a link or an escape.
func feedbackPreview(head, text string) string {
	if text == "" {
		return head
	}
	excerpt, _ := shownExcerpt(strings.Join(strings.Fields(text), " "), feedbackPreviewLen)
	if strings.HasSuffix(head, ":") {
		return head + " " + excerpt
	}
	return head + ": " + excerpt
}

// feedbackPreviewLen is how many characters of the feedback, as it
// reads, its DM's notification quotes.
const feedbackPreviewLen = 200
