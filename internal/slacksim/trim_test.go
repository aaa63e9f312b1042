package slacksim_test

import (
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func TestTakeMessages(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	api := newAPI(sim)
	ctx := ctxT(t)
	post := func(text string) {
		if _, _, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText(text, false)); err != nil {
			t.Fatal(err)
		}
	}
	post("old")
	fake.Advance(time.Hour)
	cut := fake.Now()
	post("new")
	taken := sim.TakeMessages(cut)
	if len(taken) != 1 || taken[0].Text != "old" {
		t.Fatalf("taken = %+v", taken)
	}
	if ms := sim.Messages(); len(ms) != 1 || ms[0].Text != "new" || ms[0].Seq != 2 {
		t.Errorf("left = %+v", ms)
	}
	if n := len(sim.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("%d calls left, want the one after the cut", n)
	}
	// Gone from the history too; what is new is numbered on.
	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: sim.IMChannel("U1")})
	if err != nil || len(h.Messages) != 1 {
		t.Errorf("history: %v %v", h, err)
	}
	post("newer")
	if ms := sim.Messages(); len(ms) != 2 || ms[1].Seq != 3 {
		t.Errorf("after a take: %+v", ms)
	}
	noFailures(t, sim)
}
