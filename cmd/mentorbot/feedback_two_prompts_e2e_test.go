package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Two feedback prompts open at once (eight sessions logged in a day): a
// rating through one answers both, one question about the mentoring so
// far, so the other loses its buttons and says so. A press on it before
// the edit names the rating that answered it; the audit found it kept
// its buttons, and a press said "You already answered this one" of a
// prompt never answered.
func TestFeedbackRatingAnswersThePairsOtherOpenPrompt(t *testing.T) {
	e, first := feedbackPromptToAlice(t)
	pair := itoa(e.livePairOf(alice, bob).ID)
	for i := 5; i <= 8; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	second := e.schedDM(fmt.Sprintf("feedback_prompt:pair=%s:n=8:to=%s", pair, alice))
	if !contains(first, "notify_rate_4") || !contains(second, "notify_rate_4") {
		t.Fatalf("the prompts lack their rating buttons:\n%s\n%s", blockText(first.Blocks), blockText(second.Blocks))
	}

	e.schedClick(alice, first, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	e.waitDM(bob, "4/5")
	e.idle()
	got, err := e.waitMessageAs(second, func(m slacksim.Message) bool {
		return contains(m, "answers this request too") && !contains(m, "notify_rate")
	})
	if err != nil {
		t.Errorf("the 8-session prompt after alice rated the 4-session one (%v): %s", err, blockText(got.Blocks))
	}
	// A press on it, from a copy still showing its buttons.
	if got := e.press(alice, "notify_rate", pair+":8:2"); !strings.Contains(got, "already rated your mentoring with <@UBOB> since I sent this") || !strings.Contains(got, "*4/5*") ||
		strings.Contains(got, "already answered this one") {
		t.Errorf("a press on the 8-session prompt answered %q", got)
	}
	e.settle()
	if fs, _ := e.app.DB.FeedbackReceived(e.ctx, bob, 0); len(fs) != 1 || fs[0].Rating != 4 {
		t.Errorf("bob's ratings = %+v, want alice's one 4", fs)
	}
}

// A rating edits the other open prompts of the last 30 days only, as an
// ended pair's DMs are: the edits are bounded however long the pair has
// run. An older prompt keeps its buttons; a press on it names the rating.
func TestFeedbackRatingLeavesPromptsOlderThanAMonth(t *testing.T) {
	e, first := feedbackPromptToAlice(t)
	pair := itoa(e.livePairOf(alice, bob).ID)
	e.schedWalk(e.clock.Now().Add(31 * 24 * time.Hour))
	for i := 5; i <= 8; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	second := e.schedDM(fmt.Sprintf("feedback_prompt:pair=%s:n=8:to=%s", pair, alice))
	e.schedClick(alice, second, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	e.waitDM(bob, "4/5")
	e.idle()
	if got, ok := e.sim.LookupMessage(first.Channel, first.TS); !ok || contains(got, "answers this request too") || !contains(got, "notify_rate_4") {
		t.Errorf("the prompt of 31 days ago was edited: %s%s", got.Text, blockText(got.Blocks))
	}
	if got := e.press(alice, "notify_rate", pair+":4:2"); !strings.Contains(got, "already rated your mentoring with <@UBOB> since I sent this") {
		t.Errorf("a press on the old prompt answered %q", got)
	}
}
