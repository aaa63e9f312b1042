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
			return unknownNameReply(firstWord(args), "your partner", "/mentor feedback @partner TEXT", "I haven't sent anything."), nil
		}
	}
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	text := strings.TrimSpace(unescapeSlack(rest))
	if text == "" {
		return reply{}, sayf("What would you like to tell <@%s>? Write it after their name, e.g. `/mentor feedback %s your questions really helped me this week`.",
			p.Partner(r.user.ID), b.handle(r.ctx, p.Partner(r.user.ID)))
	}
	if n := utf8.RuneCountInString(text); n > store.MaxFeedbackText {
		return reply{}, sayf("That feedback is %d characters long; the limit is %d. Please shorten it.", n, store.MaxFeedbackText)
	}
	// Each line is quoted in a section of its own; escaping can make a
	// line of '<'s four times longer than typed.
	quoted := strings.Split(shownText(text), "\n")
	for i, l := range quoted {
		if utf8.RuneCountInString(l)+2 > textSectionLimit {
			return reply{}, sayf("That feedback has a line too long to show in a Slack message once formatted. Break it into shorter lines and send it again.")
		}
		quoted[i] = "> " + l
	}
	head := fmt.Sprintf(":speech_balloon: <@%s> shared feedback on your mentoring together:", r.user.ID)
	note := reply{Text: joinedText(append([]string{head}, quoted...)...), Blocks: textSections(append([]string{head}, quoted...))}
	note.Blocks = append(note.Blocks, contextText(":lock: Only you can see this. Reply in kind with `/mentor feedback "+b.handle(r.ctx, r.user.ID)+" TEXT`."))
	if !feedbackFits(note) {
		return reply{}, sayf("That feedback is too long to show in one Slack message once formatted (characters like & and < take more room). Please shorten it.")
	}
	f, p, err := b.db.GiveFeedback(r.ctx, r.user.ID, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackNote, Text: text})
	if err != nil {
		return reply{}, err
	}
	partner := f.ToID
	if err := b.dm(r.ctx, fmt.Sprintf("feedback:%d:to=%s", f.ID, partner), "feedback_received", partner, p.ID, note); err != nil {
		return reply{}, err
	}
	return textReply(":pray: Thank you — I've passed your feedback on to <@%s>. Only they can see it.", partner), nil
}

// feedbackFits reports whether a feedback DM fits one Slack message whole.
// The outbox would cut one whose blocks hold more text than Slack takes
// (msgTextBudget), and feedback is shown nowhere else: what was cut would
// be lost, though its author was told it was passed on.
func feedbackFits(note reply) bool { return blockTextLen(note.Blocks...) <= msgTextBudget }
