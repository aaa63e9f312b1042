package slacksim_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A bot built on slack-go talks to the simulator as to Slack; the test acts
// for the user and reads what the bot did.
func Example() {
	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	sim.AddUser(slacksim.User{ID: "U1", Name: "alice", TZ: "Europe/Berlin"})

	// The bot side: the same clients the real bot uses.
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = sm.RunContext(ctx) }()
	go func() {
		for evt := range sm.Events {
			if cmd, ok := evt.Data.(slack.SlashCommand); ok {
				_ = sm.Ack(*evt.Request, map[string]any{"text": "Hi " + cmd.UserName + ", you said: " + cmd.Text})
			}
		}
	}()

	// The user side.
	res, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Message.Text, res.Message.Ephemeral)
	fmt.Println(len(sim.Failures()), "failures")
	// Output:
	// Hi alice, you said: help true
	// 0 failures
}

func BenchmarkPostMessage(b *testing.B) {
	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	sim.AddUser(slacksim.User{ID: "U1", Name: "alice"})
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	blocks := slack.MsgOptionBlocks(section("Your meeting is *tomorrow*"), slack.NewActionBlock("", button("skip", "1", "Skip")))
	meta := slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "n", EventPayload: map[string]any{"k": "v"}})
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Reminder", false), blocks, meta); err != nil {
			b.Fatal(err)
		}
	}
}
