package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A rating given from the feedback prompt is confirmed once: the prompt
// is edited in place to say it was passed on, and no second DM says so.
func TestFeedbackRatingIsConfirmedOnceInPlace(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.schedWaitView(alice, "notify_feedback")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	e.waitDM(bob, "4/5")
	e.schedWaitMessage(prompt, func(m slacksim.Message) bool {
		return strings.Contains(m.Text, "You rated your mentoring with <@UBOB>") && strings.Contains(m.Text, "passed your rating and comment on to <@UBOB>") &&
			strings.Contains(m.Text, "To add something, use `/mentor feedback @bob TEXT`.")
	})
	e.settle()
	e.idle()
	if n := len(e.dms(alice, "passed your rating")); n != 1 {
		t.Errorf("alice has %d confirmations of her rating, want 1 (the prompt):%s", n, e.describeDMs(alice))
	}
}

// When the prompt cannot be edited, the rating is confirmed by a DM
// instead: it is never left unconfirmed.
func TestFeedbackRatingIsConfirmedWhenThePromptCannotBeEdited(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.schedWaitView(alice, "notify_feedback")
	e.sim.StartOutage(slacksim.Outage{Method: "chat.update", Until: e.clock.Now().AddDate(0, 0, 1), Status: 404})
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	e.waitDM(bob, "4/5")
	e.waitDM(alice, "I've passed your rating (4/5) on to <@UBOB>")
}

// feedbackPromptToAlice pairs alice with bob, has alice log four sessions
// and returns the feedback prompt she got.
func feedbackPromptToAlice(t *testing.T) (*env, slacksim.Message) {
	t.Helper()
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	for i := 1; i <= 4; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	return e, e.schedDM(fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", ps[0].ID, alice))
}
