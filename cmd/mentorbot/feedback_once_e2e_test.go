package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// One answer per question: the good-fit check once per person and pair,
// a rating once per feedback prompt sent. A second press (a double-click,
// another device still showing the question) leaves the first answer and
// its reply in place; a round never sent is refused.

// pressOn sends a block_actions envelope as if user pressed the button
// actionID with value on message m as another of their devices still
// shows it (no response_url: the bot answers on m itself, or by DM).
func (e *env) pressOn(user string, m slacksim.Message, actionID, value string) {
	e.t.Helper()
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprintf("stale-%d", time.Now().UnixNano()),
		"container": map[string]any{"type": "message", "channel_id": m.Channel, "message_ts": m.TS},
		"channel":   map[string]any{"id": m.Channel},
		"actions":   []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "fit_answer", "value": value}},
	})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.SendEnvelope(ctx, "interactive", payload); err != nil {
		e.t.Fatalf("press %s %s: %v", actionID, value, err)
	}
	e.settle()
}

// firstFitCheckToAlice is fitCheckToAlice after one session, with the pair.
func firstFitCheckToAlice(t *testing.T) (*env, store.Pair, slacksim.Message) {
	t.Helper()
	e, fit := fitCheckToAlice(t, 1)
	return e, e.livePairOf(alice, bob), fit
}

// fitAnswers are the good-fit answers who has given in pair p.
func (e *env) fitAnswers(who string, p store.Pair) []store.Feedback {
	e.t.Helper()
	fs, err := e.app.DB.FeedbackGiven(e.ctx, who, p.ID, store.FeedbackFit, time.Time{})
	if err != nil {
		e.t.Fatal(err)
	}
	return fs
}

// The audit's finding: alice answers No and is offered to end the pair or
// tell an admin; the check, still showing on another device, is pressed
// again. Her options stay where they are, and the note that she has
// answered offers them too: nothing else offers to tell an admin.
func TestGoodFitNoPressedAgainKeepsItsOptions(t *testing.T) {
	e, p, fit := firstFitCheckToAlice(t)
	e.schedClick(alice, fit, "notify_fit_no")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_admin") })

	for _, again := range []string{store.FitNo, store.FitYes} {
		e.pressOn(alice, fit, "notify_fit_"+again, itoa(p.ID)+":"+again)
		cur, _ := e.sim.LookupMessage(fit.Channel, fit.TS)
		if txt := cur.Text + blockText(cur.Blocks); !strings.Contains(txt, "takes courage") || !strings.Contains(txt, "notify_fit_admin") || !strings.Contains(txt, "notify_fit_end") {
			t.Errorf("after a second press (%s) the reply to alice's No reads: %s", again, txt)
		}
	}
	notes := e.dms(alice, "already answered this one")
	if len(notes) != 2 {
		t.Fatalf("alice has %d notes that she has answered, want 2:%s", len(notes), e.describeDMs(alice))
	}
	for _, n := range notes {
		if txt := blockText(n.Blocks); !strings.Contains(txt, "notify_fit_admin") || !strings.Contains(txt, "notify_fit_end") || !strings.Contains(txt, "notify_fit_keep") {
			t.Errorf("the note after her No lacks its options: %s", txt)
		}
	}
	if fs := e.fitAnswers(alice, p); len(fs) != 1 || fs[0].Fit != store.FitNo {
		t.Errorf("alice's good-fit answers = %+v, want her one No", fs)
	}
	// The options in the note work.
	e.schedClick(alice, notes[0], "notify_fit_admin")
	told := e.waitDM(dana, "doesn't feel like a good fit")
	if !contains(told, "`/mentor end <@UALICE> <@UBOB>`") {
		t.Errorf("the admin is not told how to end the pair: %s", told.Text)
	}
	for _, m := range e.dms(bob, "") {
		if txt := strings.ToLower(m.Text + blockText(m.Blocks)); strings.Contains(txt, "already answered") || strings.Contains(txt, "good fit") {
			t.Errorf("bob learned of alice's answer: %s", m.Text)
		}
	}
}

// A No pressed after a Yes is not a second answer; alice is told how to
// act on it all the same, and her Yes reply stays.
func TestGoodFitNoAfterYesPointsToWhatRemains(t *testing.T) {
	e, p, fit := firstFitCheckToAlice(t)
	e.schedClick(alice, fit, "notify_fit_yes")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Great") })
	e.pressOn(alice, fit, "notify_fit_no", itoa(p.ID)+":no")
	if cur, _ := e.sim.LookupMessage(fit.Channel, fit.TS); !strings.Contains(cur.Text, "Great") {
		t.Errorf("alice's Yes reply became %q", cur.Text)
	}
	note := e.waitDM(alice, "already answered this one")
	if txt := note.Text; !strings.Contains(txt, "`/mentor end @bob`") || !strings.Contains(txt, "programme admin") {
		t.Errorf("the note after a No pressed late = %q", txt)
	}
	if fs := e.fitAnswers(alice, p); len(fs) != 1 || fs[0].Fit != store.FitYes {
		t.Errorf("alice's good-fit answers = %+v, want her one Yes", fs)
	}
}

// Presses at once store one answer, and the reply that stays is the
// answer's, not a note that it was answered.
func TestGoodFitPressedAtOnceIsStoredOnce(t *testing.T) {
	for _, answer := range []string{store.FitNo, store.FitYes} {
		t.Run(answer, func(t *testing.T) {
			e, p, fit := firstFitCheckToAlice(t)
			value := itoa(p.ID) + ":" + answer
			var wg sync.WaitGroup
			for range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// A press after the reply replaced the check finds no button.
					_, _ = e.sim.ClickButtonValue(meetCtx(e), alice, fit, "notify_fit_"+answer, value)
				}()
			}
			wg.Wait()
			e.settle()
			if fs := e.fitAnswers(alice, p); len(fs) != 1 {
				t.Errorf("three presses stored %d answers: %+v", len(fs), fs)
			}
			want := map[string]string{store.FitNo: "takes courage", store.FitYes: "Great — thanks for answering"}[answer]
			if cur, _ := e.sim.LookupMessage(fit.Channel, fit.TS); !strings.Contains(cur.Text, want) {
				t.Errorf("after three presses the check reads %q, want the reply to %s", cur.Text, answer)
			}
			noFailures(t, e)
		})
	}
}

// The audit's second finding: the rating form carries its prompt's round,
// and the rating buttons theirs. A round never sent to the person (8,
// "abc") is refused, at the button and in the form, and nothing is
// stored or passed on; the round that was sent is rated once.
func TestFeedbackRatingOfARoundNeverSentIsRefused(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	pair := itoa(e.livePairOf(alice, bob).ID)
	const notAsked = "isn't a feedback request I sent you"

	for v, want := range map[string]string{pair + ":8:5": notAsked, pair + ":abc:5": "expired", pair + ":0:5": "expired"} {
		if got := e.press(alice, "notify_rate", v); !strings.Contains(got, want) {
			t.Errorf("rating button %s answered %q, want %q", v, got, want)
		}
	}
	if vs := e.sim.OpenViews(alice); len(vs) != 0 {
		t.Errorf("a rating button of a round never sent opened %d modals", len(vs))
	}
	for _, x := range []string{"8", "abc", "", "4.0"} {
		meta := fmt.Sprintf(`{"id":%s,"x":%q}`, pair, x)
		if ack := e.submit(alice, "notify_feedback", meta, map[string]string{"rating": "5", "comment": "again"}); !strings.Contains(ack, notAsked) {
			t.Errorf("feedback form %s: ack %s", meta, ack)
		}
	}
	e.settle()
	if fs, _ := e.app.DB.FeedbackReceived(e.ctx, bob, 0); len(fs) != 0 {
		t.Errorf("bob has %d ratings from rounds never sent", len(fs))
	}

	// Round 4 was sent: rated once through its prompt, then refused.
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	e.waitDM(bob, "4/5")
	if ack := e.submit(alice, "notify_feedback", fmt.Sprintf(`{"id":%s,"x":"4"}`, pair), map[string]string{"rating": "5"}); !strings.Contains(ack, "already rated your mentoring") {
		t.Errorf("round 4 again: ack %s", ack)
	}
	if got := e.press(alice, "notify_rate", pair+":4:5"); !strings.Contains(got, "already rated your mentoring") {
		t.Errorf("round 4's button again answered %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "shared feedback")); n != 1 {
		t.Errorf("bob got %d feedback DMs, want 1", n)
	}
	if fs, _ := e.app.DB.FeedbackReceived(e.ctx, bob, 0); len(fs) != 1 || fs[0].Rating != 4 {
		t.Errorf("bob's ratings = %+v, want alice's one 4", fs)
	}
}
