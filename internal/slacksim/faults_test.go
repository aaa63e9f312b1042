package slacksim_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func TestOutage(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	ctx := ctxT(t)
	api := newAPI(sim)
	post := func(api *slack.Client, text string) error {
		_, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText(text, false))
		return err
	}
	posted := func(text string) int {
		n := 0
		for _, m := range sim.Messages() {
			if m.Text == text {
				n++
			}
		}
		return n
	}

	t.Run("500, not applied", func(t *testing.T) {
		sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: fake.Now().Add(time.Minute), Status: 500})
		var sc slack.StatusCodeError
		if err := post(api, "a"); !errors.As(err, &sc) || sc.Code != 500 {
			t.Fatalf("err = %v, want status 500", err)
		}
		if n := posted("a"); n != 0 {
			t.Errorf("posted %d times during the outage", n)
		}
		// Other methods work.
		if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
			t.Errorf("users.info during a chat.postMessage outage: %v", err)
		}
		fake.Advance(time.Minute)
		if err := post(api, "a"); err != nil {
			t.Fatalf("after the outage: %v", err)
		}
	})

	t.Run("503, applied", func(t *testing.T) {
		sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: fake.Now().Add(time.Minute), Status: 503, Applied: true})
		var sc slack.StatusCodeError
		if err := post(api, "b"); !errors.As(err, &sc) || sc.Code != 503 {
			t.Fatalf("err = %v, want status 503", err)
		}
		if n := posted("b"); n != 1 {
			t.Errorf("posted %d times; the outage applies the call", n)
		}
		sim.EndOutages()
		if err := post(api, "b2"); err != nil {
			t.Fatalf("after EndOutages: %v", err)
		}
	})

	t.Run("slow, applied", func(t *testing.T) {
		impatient := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()),
			slack.OptionHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
		sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: fake.Now().Add(time.Minute), Delay: time.Second, Applied: true})
		start := time.Now()
		err := post(impatient, "c")
		if err == nil {
			t.Fatal("a slow answer beyond the client's timeout came through")
		}
		if d := time.Since(start); d > 900*time.Millisecond {
			t.Errorf("the client waited %v", d)
		}
		if n := posted("c"); n != 1 {
			t.Errorf("posted %d times; a slow Slack still posts", n)
		}
		fake.Advance(time.Minute)
		if err := post(impatient, "c2"); err != nil {
			t.Fatalf("after the outage: %v", err)
		}
	})
	noFailures(t, sim)
}

// deliveries records what a test bot received, by envelope.
type deliveries struct {
	mu   sync.Mutex
	evts []socketmode.Event
}

func (d *deliveries) add(e socketmode.Event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.evts = append(d.evts, e)
}

func (d *deliveries) all() []socketmode.Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]socketmode.Event(nil), d.evts...)
}

func TestDropAfterNextEnvelope(t *testing.T) {
	for _, newID := range []bool{false, true} {
		name := "same envelope_id"
		if newID {
			name = "new envelope_id"
		}
		t.Run(name, func(t *testing.T) {
			sim := newSim(t, slacksim.Options{})
			var got deliveries
			startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
				got.add(evt)
				_ = sm.Ack(*evt.Request, map[string]any{"text": "done"})
			})
			ctx := ctxT(t)
			hold := make(chan struct{})
			sim.DropAfterNextEnvelope(slacksim.Redelivery{Hold: hold, NewEnvelopeID: newID})
			type out struct {
				res *slacksim.CommandResult
				err error
			}
			done := make(chan out, 1)
			go func() {
				res, err := sim.SlashCommand(ctx, "U1", "", "/goal", "add Read a book")
				done <- out{res, err}
			}()
			// The bot reconnects, but the redelivery waits for the hold.
			waitFor(t, func() bool { return len(got.all()) == 1 && sim.Connected() })
			select {
			case o := <-done:
				t.Fatalf("returned before the redelivery: %+v", o)
			case <-time.After(50 * time.Millisecond):
			}
			close(hold)
			o := <-done
			if o.err != nil {
				t.Fatal(o.err)
			}
			if o.res.Message == nil || o.res.Message.Text != "done" {
				t.Errorf("answer = %+v", o.res.Message)
			}
			evts := got.all()
			if len(evts) != 2 {
				t.Fatalf("the bot saw %d deliveries, want 2", len(evts))
			}
			first, second := evts[0].Request, evts[1].Request
			if first.RetryAttempt != 0 || second.RetryAttempt != 1 || second.RetryReason != "timeout" {
				t.Errorf("retry_attempt %d then %d (%q)", first.RetryAttempt, second.RetryAttempt, second.RetryReason)
			}
			if sameID := first.EnvelopeID == second.EnvelopeID; sameID == newID {
				t.Errorf("envelope IDs %s and %s", first.EnvelopeID, second.EnvelopeID)
			}
			if o.res.EnvelopeID != second.EnvelopeID {
				t.Errorf("result names envelope %s, want the redelivery's %s", o.res.EnvelopeID, second.EnvelopeID)
			}
			c1, _ := evts[0].Data.(slack.SlashCommand)
			c2, _ := evts[1].Data.(slack.SlashCommand)
			if c1.TriggerID == "" || c1.TriggerID != c2.TriggerID || c1.Text != c2.Text {
				t.Errorf("payloads differ: %+v / %+v", c1, c2)
			}
			if sim.Redeliveries() != 1 {
				t.Errorf("Redeliveries = %d", sim.Redeliveries())
			}
			// Later envelopes are delivered once.
			if _, err := sim.SlashCommand(ctx, "U1", "", "/goal", "list"); err != nil {
				t.Fatal(err)
			}
			if n := len(got.all()); n != 3 {
				t.Errorf("%d deliveries after a normal command", n)
			}
			noFailures(t, sim)
		})
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for !ok() {
		select {
		case <-ctx.Done():
			t.Fatal("condition never met")
		case <-time.After(2 * time.Millisecond):
		}
	}
}
