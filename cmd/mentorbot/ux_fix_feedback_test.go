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

// A comment the form accepts (up to 2,500 characters) reaches the partner
// whole, even where escaping makes it longer than one Slack section
// (every '<' is four characters once escaped); one the partner's message
// cannot hold is refused under the field, and nothing is passed on.
func TestFeedbackRatingCommentArrivesWholeOrIsRefused(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.schedWaitView(alice, "notify_feedback")
	// 700 short lines with a heart each: 2,099 characters typed, about
	// 4,900 once quoted and escaped.
	lines := make([]string, 700)
	for i := range lines {
		lines[i] = "<3"
	}
	comment := strings.Join(lines, "\n")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": comment}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	got := e.waitDM(bob, "4/5")
	txt := blockText(got.Blocks)
	if n := strings.Count(txt, "&lt;3"); n != len(lines) {
		t.Errorf("bob's message shows %d of the %d lines of alice's comment", n, len(lines))
	}
	if strings.Contains(txt, "…") {
		t.Errorf("bob's message cuts alice's comment:\n%s", txt)
	}

	// One line of 2,500 '<'s is 10,000 characters once escaped: more than
	// a section holds. Refused, with nothing sent.
	e2, prompt2 := feedbackPromptToAlice(t)
	e2.schedClick(alice, prompt2, "notify_rate_3")
	v2 := e2.schedWaitView(alice, "notify_feedback")
	res := e2.schedSubmit(alice, v2, map[string]map[string]any{"comment": {"comment": strings.Repeat("<", 2500)}})
	if !strings.Contains(res.Errors["comment"], "too long") {
		t.Errorf("a comment with a line too long to show once formatted: errors %v, want one under the comment", res.Errors)
	}
	// Four lines of 575 '&' fit a section each, but not one message
	// together (11,500 characters once escaped): Slack's limit would cut
	// the message short.
	amps := strings.TrimSuffix(strings.Repeat(strings.Repeat("&", 575)+"\n", 4), "\n")
	res = e2.schedSubmit(alice, v2, map[string]map[string]any{"comment": {"comment": amps}})
	if !strings.Contains(res.Errors["comment"], "too long") {
		t.Errorf("a comment too long for one message once formatted: errors %v, want one under the comment", res.Errors)
	}
	e2.settle()
	if n := len(e2.dms(bob, "3/5")); n != 0 {
		t.Errorf("bob got %d ratings from a refused form", n)
	}
}
