package slacksim_test

import (
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// With EchoOwnMessages, the bot hears of its own DMs as Slack tells an app
// subscribed to message.im: the post with its bot_id, the edit as
// message_changed, the deletion as message_deleted; parsed by slack-go.
func TestEchoOwnMessages(t *testing.T) {
	sim := newSim(t, slacksim.Options{EchoOwnMessages: true})
	var mu sync.Mutex
	var got []*slackevents.MessageEvent
	bot := startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		// Acked once recorded: no echo pending then means every one is in got.
		defer func() { _ = sm.Ack(*evt.Request) }()
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		if m, ok := ev.InnerEvent.Data.(*slackevents.MessageEvent); ok {
			mu.Lock()
			got = append(got, m)
			mu.Unlock()
		}
	})
	ctx := ctxT(t)
	ch, _, _, err := bot.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil {
		t.Fatal(err)
	}
	_, ts, err := bot.api.PostMessageContext(ctx, ch.ID, slack.MsgOptionText("hello", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := bot.api.UpdateMessageContext(ctx, ch.ID, ts, slack.MsgOptionText("hello again", false)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := bot.api.DeleteMessageContext(ctx, ch.ID, ts); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for sim.EchoesPending() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d echoes still pending after 5 s", sim.EchoesPending())
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 {
		t.Fatalf("got %d message events; want 3 (post, edit, delete)", len(got))
	}
	// Each echo goes on its own, as Slack's events do: they may come in
	// any order.
	bySubtype := map[string]*slackevents.MessageEvent{}
	for _, m := range got {
		bySubtype[m.SubType] = m
	}
	posted, changed, deleted := bySubtype[""], bySubtype["message_changed"], bySubtype["message_deleted"]
	if posted == nil || changed == nil || deleted == nil {
		t.Fatalf("got %+v; want a post, an edit and a deletion", got)
	}
	if posted.SubType != "" || posted.BotID == "" || posted.User != sim.BotUserID() || posted.ChannelType != "im" || posted.Channel != ch.ID || posted.TimeStamp != ts || posted.Text != "hello" {
		t.Errorf("posted: %+v", posted)
	}
	if changed.SubType != "message_changed" || changed.Message == nil || changed.Message.Text != "hello again" || changed.Message.BotID == "" ||
		changed.PreviousMessage == nil || changed.PreviousMessage.Text != "hello" {
		t.Errorf("changed: %+v", changed)
	}
	if deleted.SubType != "message_deleted" || deleted.DeletedTimeStamp != ts || deleted.PreviousMessage == nil {
		t.Errorf("deleted: %+v", deleted)
	}
	noFailures(t, sim)
}
