package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// message is a DM's content as stored in a notification's payload.
type message struct {
	Text   string          `json:"text"`
	Blocks json.RawMessage `json:"blocks,omitempty"`
}

// dm queues a direct message to user through the durable outbox: it is
// stored first and delivered by the dispatcher, so it survives a crash, a
// Slack outage or a 429, and is sent exactly once. key must identify the
// message (e.g. "intro:pair=4:to=U1").
func (b *Bot) dm(ctx context.Context, key, kind, user string, pairID int64, rp reply) error {
	n, err := outboxNote(b.clock.Now(), key, kind, user, pairID, rp)
	if err != nil {
		return err
	}
	return b.queue(ctx, n)
}

// dmTx is dm inside a larger commit, so that the DM is queued if and only
// if the change it tells of is made. The caller wakes the dispatcher
// (b.sched.Kick) after the commit.
func dmTx(ctx context.Context, tx *store.Tx, key, kind, user string, pairID int64, rp reply) error {
	return dmTxUntil(ctx, tx, key, kind, user, pairID, rp, time.Time{})
}

// dmTxUntil is dmTx for a DM that makes sense only until until (zero: the
// week of any DM): one about a single meeting, until that meeting is over.
// Held up past it (Slack down for hours), it is dropped rather than sent
// about a meeting that is over; one held up a little still reaches a
// partner waiting in the meeting.
func dmTxUntil(ctx context.Context, tx *store.Tx, key, kind, user string, pairID int64, rp reply, until time.Time) error {
	n, err := outboxNote(tx.Now, key, kind, user, pairID, rp)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		n.ExpiresAt = until
	}
	if _, err := store.EnqueueTx(ctx, tx, n); err != nil {
		return fmt.Errorf("queue %s: %w", key, err)
	}
	return nil
}

// commitAndTell makes change and queues the DM rp to user that tells of it
// in one commit, then wakes the dispatcher. The DM goes if and only if the
// change is made, and a re-plan that sees the change finds the DM stored:
// what the change makes due at once (reminders a pause held, a check-in a
// snooze held) goes after it, as the dispatcher sends the bot's own DMs of
// a second first.
func (b *Bot) commitAndTell(ctx context.Context, change func(tx *store.Tx) error, key, kind, user string, pairID int64, rp reply) error {
	err := b.db.InTx(ctx, func(tx *store.Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		return dmTx(ctx, tx, key, kind, user, pairID, rp)
	})
	if err != nil {
		return err
	}
	b.sched.Kick()
	return nil
}

// queue stores outbox row n and wakes the dispatcher to send it.
func (b *Bot) queue(ctx context.Context, n store.Notification) error {
	if _, err := b.db.Enqueue(ctx, n); err != nil {
		return fmt.Errorf("queue %s: %w", n.Key, err)
	}
	b.sched.Kick()
	return nil
}

// outboxNote is the outbox row of a DM: due now, and sent within a week.
func outboxNote(now time.Time, key, kind, user string, pairID int64, rp reply) (store.Notification, error) {
	payload, err := encodeMessage(rp)
	if err != nil {
		return store.Notification{}, err
	}
	return store.Notification{Key: key, Kind: kind, RecipientID: user, PairID: pairID, Payload: payload,
		DueAt: now, ExpiresAt: now.AddDate(0, 0, 7)}, nil
}

func encodeMessage(rp reply) (string, error) {
	m := message{Text: rp.Text}
	if len(rp.Blocks) > 0 {
		bs, err := json.Marshal(rp.Blocks)
		if err != nil {
			return "", fmt.Errorf("encode blocks: %w", err)
		}
		m.Blocks = bs
	}
	out, err := json.Marshal(m)
	return string(out), err
}

// decodeMessage turns a stored payload back into a DM's content.
func decodeMessage(payload string) (reply, error) {
	var m message
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		return reply{}, fmt.Errorf("decode message: %w", err)
	}
	var bs slack.Blocks
	if len(m.Blocks) == 0 && previewText(m.Text) != m.Text {
		// A DM of text alone shows that text as mrkdwn, and its
		// notification the same text with the marks as typed: the
		// marked-up text goes in sections, and messageOptions makes
		// the notification's plain.
		return reply{Text: m.Text, Blocks: textSections(strings.Split(m.Text, "\n"))}, nil
	}
	if len(m.Blocks) > 0 {
		if err := json.Unmarshal(m.Blocks, &bs); err != nil {
			return reply{}, fmt.Errorf("decode blocks: %w", err)
		}
	}
	return reply{Text: m.Text, Blocks: bs.BlockSet}, nil
}

// messageOptions are the options of a message with text and blocks. With
// blocks, text is only what Slack's notifications, the sidebar and screen
// readers show, which render no mrkdwn: it goes without its marks
// (previewText).
func messageOptions(text string, blocks []slack.Block) []slack.MsgOption {
	if len(blocks) > 0 {
		text = previewText(text)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	return opts
}

// displayName is a person's name for places that cannot render a mention
// (button labels, modal titles).
func (b *Bot) displayName(ctx context.Context, id string) string {
	u, err := b.db.User(ctx, id)
	if err != nil {
		return id
	}
	switch {
	case u.RealName != "":
		return u.RealName
	case u.Name != "":
		return u.Name
	}
	return id
}

// updateDM replaces a DM the outbox has sent (its buttons, mostly), best
// effort: the buttons answer sensibly even when this fails. It waits for
// the ack when there is one, which a chat.update has no reason to delay.
func (b *Bot) updateDM(ctx context.Context, key string, rp reply) {
	later(ctx, func() { b.updateDMNow(b.detach(ctx), key, rp) })
}

// updateDMNow is updateDM at once. It reports whether the message was
// edited (a failure is logged too).
func (b *Bot) updateDMNow(ctx context.Context, key string, rp reply) bool {
	return b.editDM(ctx, key, rp) == nil
}

// editDM replaces the DM the bot sent under key; an error when it was not
// sent, or Slack refused the edit (logged).
func (b *Bot) editDM(ctx context.Context, key string, rp reply) error {
	n, err := b.db.Notification(ctx, key)
	if err != nil {
		return err
	}
	if n.Channel == "" || n.TS == "" {
		return fmt.Errorf("edit dm %s: not sent", key)
	}
	return b.editMessage(ctx, n.Channel, n.TS, rp)
}

// editMessage replaces the bot's message at ts in channel; Slack's refusal
// is logged and returned.
func (b *Bot) editMessage(ctx context.Context, channel, ts string, rp reply) error {
	blocks, cut := fitBlocks(rp.Blocks)
	if cut {
		b.log.Warn("update message: cut to Slack's size", "channel", channel, "ts", ts)
	}
	opts := messageOptions(rp.Text, blocks)
	if len(blocks) == 0 {
		// chat.update keeps the old blocks (and their buttons) unless told
		// to drop them with an empty array: text alone would change only
		// the notification's fallback, not what the reader sees.
		opts = append(opts, slack.MsgOptionBlocks())
	}
	err := b.slack.call(ctx, "chat.update", func(ctx context.Context) error {
		_, _, _, err := b.slack.API.UpdateMessageContext(ctx, channel, ts, opts...)
		return err
	})
	if err != nil {
		b.log.Warn("update message", "channel", channel, "ts", ts, "err", err)
	}
	return err
}

// previewText is mrkdwn s as a message's notification text: without the
// marks of bold, italic, the bot's strike, code and quotes, which
// notifications show as typed (stripMarks). Slack's markup stays whole (a
// mention, a date token with its fallback, a link), and so does an
// address typed bare, underscores in them too: notifications render the
// markup, and an address is no mrkdwn. What a code span holds stays as
// typed, its stars and underscores too: it is not mrkdwn.
func previewText(s string) string {
	if !strings.ContainsAny(s, "*_~`>") {
		return s
	}
	return stripMarks(s, nil)
}
