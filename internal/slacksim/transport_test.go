package slacksim_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func TestTransportServesInProcess(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	sim.AddUser(slacksim.User{ID: "U1", Name: "alice"})
	ctx := ctxT(t)
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()),
		slack.OptionHTTPClient(&http.Client{Transport: sim.Transport(failingTransport{})}))

	t.Run("the Web API answers as over the network", func(t *testing.T) {
		ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("hello", false), slack.MsgOptionBlocks(section("*hello*")))
		if err != nil {
			t.Fatal(err)
		}
		m, ok := sim.LookupMessage(ch, ts)
		if !ok || m.Text != "hello" || m.User != "U1" {
			t.Errorf("message %s/%s = %+v, %v", ch, ts, m, ok)
		}
		if _, err := api.AuthTestContext(ctx); err != nil {
			t.Error(err)
		}
	})
	t.Run("Slack's errors and records too", func(t *testing.T) {
		_, _, err := api.PostMessageContext(ctx, "CNOPE", slack.MsgOptionText("hello", false))
		if err == nil || err.Error() != "channel_not_found" {
			t.Errorf("err = %v, want channel_not_found", err)
		}
		if calls := sim.CallsTo("chat.postMessage"); len(calls) != 2 || calls[1].Error != "channel_not_found" {
			t.Errorf("calls = %+v", calls)
		}
	})
	t.Run("other hosts go to next", func(t *testing.T) {
		other := slack.New(sim.BotToken(), slack.OptionAPIURL("http://example.invalid/api/"),
			slack.OptionHTTPClient(&http.Client{Transport: sim.Transport(failingTransport{})}))
		if _, err := other.AuthTestContext(ctx); !errors.Is(err, errNext) {
			t.Errorf("err = %v, want the next transport's", err)
		}
	})
	t.Run("a held answer is given up on with the request's context", func(t *testing.T) {
		sim.StartOutage(slacksim.Outage{Method: "auth.test", Until: time.Now().Add(time.Hour), Status: 503, Delay: time.Minute})
		defer sim.EndOutages()
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		if _, err := api.AuthTestContext(short); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want the deadline", err)
		}
	})
}

var errNext = errors.New("next transport")

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, errNext }
