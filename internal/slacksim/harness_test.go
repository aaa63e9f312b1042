package slacksim_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// handler is a test bot's reaction to one Socket Mode event. It must ack
// requests itself (or not, to test timeouts).
type handler func(t *testing.T, evt socketmode.Event, sm *socketmode.Client)

// testBot is a minimal bot built like the real one: slack.Client pointed at
// the simulator and socketmode.Client running under a context.
type testBot struct {
	api *slack.Client
	sm  *socketmode.Client
}

// newSim starts a simulator with two people and closes it at the end.
func newSim(t *testing.T, opts slacksim.Options) *slacksim.Server {
	t.Helper()
	sim := slacksim.New(opts)
	t.Cleanup(sim.Close)
	sim.AddUser(slacksim.User{ID: "U1", Name: "alice", RealName: "Alice Mentee", TZ: "Europe/Berlin"})
	sim.AddUser(slacksim.User{ID: "U2", Name: "bob", RealName: "Bob Mentor", TZ: "America/New_York", IsAdmin: true})
	return sim
}

// startBot connects a bot whose events go to h, and waits until it has
// received Slack's hello. It stops the bot at the end of the test, before the
// simulator closes.
func startBot(t *testing.T, sim *slacksim.Server, h handler) *testBot {
	t.Helper()
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionAppLevelToken(sim.AppToken()))
	sm := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	hello := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := sm.RunContext(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("socketmode run: %v", err)
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Type == socketmode.EventTypeHello {
					select {
					case hello <- struct{}{}:
					default:
					}
				}
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue // connecting, connected, hello, errors
				}
				if h != nil {
					h(t, evt, sm)
				} else {
					_ = sm.Ack(*evt.Request)
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	select {
	case <-hello:
	case <-time.After(5 * time.Second):
		t.Fatal("bot did not connect")
	}
	return &testBot{api: api, sm: sm}
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// noFailures fails the test if the simulator flagged anything.
func noFailures(t *testing.T, sim *slacksim.Server) {
	t.Helper()
	if f := sim.Failures(); len(f) > 0 {
		t.Fatalf("simulator failures:\n%v", f)
	}
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func button(actionID, value, text string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, text, false, false))
}

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func decodeBody(resp *http.Response, v any) error {
	return json.NewDecoder(resp.Body).Decode(v)
}
