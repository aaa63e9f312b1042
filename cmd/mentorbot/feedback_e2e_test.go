package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func TestMentorFeedbackReachesOnlyThePartner(t *testing.T) {
	e := goalEnv(t) // alice mentors bob

	if got := e.cmd(bob, "/mentor", "feedback"); !strings.Contains(got, "Usage: `/mentor feedback @partner TEXT`") {
		t.Errorf("bare feedback = %q", got)
	}
	got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> The mock interview helped &lt;!here&gt; a lot")
	if !strings.Contains(got, "passed your feedback on to <@UALICE>") {
		t.Fatalf("feedback answer = %q", got)
	}
	e.settle()
	dm := e.waitDM(alice, "<@UBOB> shared feedback on your mentoring together")
	if !contains(dm, "The mock interview helped @here a lot") {
		t.Errorf("feedback DM lacks the escaped text: %s", blockText(dm.Blocks))
	}
	if strings.Contains(blockText(dm.Blocks)+dm.Text, "<!here>") {
		t.Error("feedback DM has a raw <!here>")
	}
	// The partner may be left out when there is one pair; the mentor can
	// answer in kind.
	if got := e.cmd(alice, "/mentor", "feedback Your preparation shows"); !strings.Contains(got, "passed your feedback on to <@UBOB>") {
		t.Errorf("feedback without a mention = %q", got)
	}
	e.settle()
	e.waitDM(bob, "Your preparation shows")

	// Someone outside the pair cannot send feedback into it, and nothing is
	// stored or sent.
	if got := e.cmd(carol, "/mentor", "feedback <@UALICE|alice> hello"); !strings.Contains(got, "are not a pair") {
		t.Errorf("outsider feedback = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UCAROL|carol> hello"); !strings.Contains(got, "not a pair") {
		t.Errorf("feedback to a non-partner = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("x", 2501)); !strings.Contains(got, "limit is 2500") {
		t.Errorf("over-long feedback = %q", got)
	}
	e.settle()
	if n := len(e.dms(carol, "")); n != 0 {
		t.Errorf("carol got %d DMs", n)
	}
	if n := len(e.dms(alice, "shared feedback")); n != 1 {
		t.Errorf("alice got %d feedback DMs, want 1", n)
	}
	received, err := e.app.DB.FeedbackReceived(e.ctx, alice, 10)
	if err != nil || len(received) != 1 || received[0].Text != "The mock interview helped <!here> a lot" {
		t.Errorf("alice's received feedback = %+v, %v", received, err)
	}
}

// Feedback reaches the partner whole, every line quoted; a line too long
// to show once escaped is refused before anything is stored or sent.
func TestMentorFeedbackArrivesWholeOrIsRefused(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	// 500 '&' are 2500 characters once escaped: the lines cannot share a
	// section.
	long := strings.Repeat("&amp;", 500)
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> first line\n"+long+"\n"+long+" end"); !strings.Contains(got, "passed your feedback on") {
		t.Fatalf("feedback = %q", got)
	}
	e.settle()
	dm := e.waitDM(alice, "shared feedback")
	txt := blockText(dm.Blocks)
	for _, want := range []string{"> first line", "> " + long + "\n", "> " + long + " end"} {
		if !strings.Contains(txt, want) {
			t.Errorf("feedback DM lacks %.40q…; it reads %.200q…", want, txt)
		}
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("&lt;", 1000)); !strings.Contains(got, "too long to show") {
		t.Errorf("a line of 1000 '<' = %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "shared feedback")); n != 1 {
		t.Errorf("alice got %d feedback DMs, want 1", n)
	}
	if received, _ := e.app.DB.FeedbackReceived(e.ctx, alice, 10); len(received) != 1 {
		t.Errorf("alice has %d feedback stored, want 1", len(received))
	}
}

// Feedback whose lines each fit a section, but not one Slack message
// together once escaped, is refused: the partner's DM would be cut short,
// and feedback is shown nowhere else.
func TestMentorFeedbackTooLongForOneMessageIsRefused(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	// 575 '&' are 2,875 characters once escaped; four such lines, 11,500.
	line := strings.Repeat("&amp;", 575)
	got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Join([]string{line, line, line, line}, "\n"))
	if !strings.Contains(got, "too long to show") || strings.Contains(got, "passed your feedback on") {
		t.Errorf("feedback too long for one message = %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "shared feedback")); n != 0 {
		t.Errorf("alice got %d feedback DMs, want none", n)
	}
	if received, _ := e.app.DB.FeedbackReceived(e.ctx, alice, 10); len(received) != 0 {
		t.Errorf("alice has %d feedback stored, want none", len(received))
	}
}

// Feedback over the limit is told the limit, whatever its lines.
func TestMentorFeedbackOverTheLimitSaysSo(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+strings.Repeat("word ", 1500)); !strings.Contains(got, "the limit is 2500") {
		t.Errorf("7,500 characters of feedback = %q", got)
	}
}

// A rating given from the feedback prompt is confirmed once: the prompt
// is edited in place to say it was passed on, and no second DM says so.
func TestFeedbackRatingIsConfirmedOnceInPlace(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
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
	v := e.waitModal(alice, "notify_feedback")
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
	p := e.pair(alice, bob)
	for i := 1; i <= 4; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	return e, e.schedDM(fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, alice))
}

// A comment the form accepts (up to 2,500 characters) reaches the partner
// whole, even where escaping makes it longer than one Slack section
// (every '<' is four characters once escaped); one the partner's message
// cannot hold is refused under the field, and nothing is passed on.
func TestFeedbackRatingCommentArrivesWholeOrIsRefused(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
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
	v2 := e2.waitModal(alice, "notify_feedback")
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

// fitCheckToAlice pairs alice with bob, has alice log sessions sessions
// and returns the good-fit check she got after the first.
func fitCheckToAlice(t *testing.T, sessions int) (*env, slacksim.Message) {
	t.Helper()
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	for i := 1; i <= sessions; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	return e, e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, alice))
}

// The good-fit check may be answered long after the first session: its
// "Not sure" answer speaks of where the pair is, not always of an early
// start.
func TestFitUnsureAnswerFitsWhenItIsGiven(t *testing.T) {
	cases := []struct {
		sessions int
		want     []string
		not      []string
	}{
		{1, []string{"early on", "Give it two or three meetings"}, nil},
		{5, []string{"5 sessions"}, []string{"early on", "two or three meetings"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("after %d sessions", c.sessions), func(t *testing.T) {
			e, fit := fitCheckToAlice(t, c.sessions)
			e.schedClick(alice, fit, "notify_fit_unsure")
			got := e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
			for _, w := range c.want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("answer lacks %q: %s", w, got.Text)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got.Text, w) {
					t.Errorf("answer says %q: %s", w, got.Text)
				}
			}
		})
	}
}

// A good-fit answer from a check still on screen after the pair ended (or
// whose buttons could not be taken away) is not needed any more: it says
// so, stores nothing and tells nobody.
func TestFitAnswerAfterThePairEnded(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "ended") {
		t.Fatalf("ending the pair: %q", got)
	}
	e.settle()
	sentTo := func() int { return len(e.dms(bob, "")) + len(e.dms(dana, "")) + len(e.dms(erin, "")) }
	before := sentTo()
	for _, answer := range []string{"yes", "unsure", "no"} {
		got := e.press(alice, "notify_fit_"+answer, fmt.Sprintf("%d:%s", p.ID, answer))
		if !strings.Contains(got, "already ended") || !strings.Contains(got, "isn't needed") || strings.Contains(got, "planned or logged") {
			t.Errorf("%s after the end = %q, want that the pair has ended and the answer isn't needed", answer, got)
		}
	}
	e.settle()
	if fs, err := e.app.DB.FeedbackGiven(e.ctx, alice, p.ID, "", p.CreatedAt); err != nil || len(fs) != 0 {
		t.Errorf("stored after the end: %+v, %v", fs, err)
	}
	if n := sentTo() - before; n != 0 {
		t.Errorf("%d DMs sent to others for answers after the end", n)
	}
}

// A low rating reaches the partner with a closing line that suits it:
// talk it over, not "thank them".
func TestFeedbackLowRatingIsNotAnsweredWithThanks(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_1")
	v := e.waitModal(alice, "notify_feedback")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "first"}}); len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	dm := e.waitDM(bob, "1/5")
	text := dm.Text + blockText(dm.Blocks)
	if strings.Contains(text, "Thank them") || !strings.Contains(text, "It may help to talk it over at your next meeting, or to tell them how it's going for you: `/mentor feedback @alice TEXT`.") {
		t.Errorf("bob's DM of a 1/5: %s", text)
	}
}

// Feedback is measured as it reads, as every other typed text: mentions
// and links, longer in Slack's markup, do not push it over the limit.
func TestMentorFeedbackLimitCountsTextAsItReads(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	// 2,800 characters in Slack's markup, 2,170 as read.
	text := strings.Repeat("thanks for the intro to <@UCAROL|carol> ", 70)
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+text); !strings.Contains(got, "passed your feedback on to <@UALICE>") {
		t.Fatalf("feedback of 2,170 characters as read = %q", got)
	}
	e.settle()
	e.waitDM(alice, "thanks for the intro to")
	over := strings.Repeat("x", 2501)
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+over); !strings.Contains(got, "2501 characters long; the limit is 2500") {
		t.Errorf("feedback over the limit = %q", got)
	}
}
