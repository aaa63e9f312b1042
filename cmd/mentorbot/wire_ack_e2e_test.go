package main

import (
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// Slack gives a modal's submission 3 seconds for its ack, whatever the
// bot waits on meanwhile: a users.info that Slack rate-limits (Retry-After
// of seconds) must not hold the ack back, or the person reads "We had some
// trouble connecting" in a modal whose answers were saved all the same.
// The ack keeps the modal open with a view that says it is being checked,
// and that view then says what was saved, once, with a Close button only.
func TestModalSubmitIsAckedInTimeWhileSlackRateLimitsALookup(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(alice, "match_join")
	// grace's profile was never looked up, so checking her takes users.info.
	// The lookup waits out the 429 until the ack is in.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics": {"topics": []string{"Go"}}, "manager": {"manager": grace}})
	if errors.Is(err, slacksim.ErrAckTimeout) {
		t.Fatalf("the submission was not acknowledged within Slack's 3 s: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	checking := checkingSubmit(t, sub, v)
	release()
	saved := lateView(e, alice, checking)
	text := blockText(saved.Message().Blocks)
	if !strings.Contains(text, "signed up for matching") || !strings.Contains(text, "<@UGRACE>") {
		t.Errorf("the modal now reads %q; want the confirmation", text)
	}
	if submit := viewField(t, saved, "submit"); submit != nil {
		t.Errorf("the saved view has a submit button %v; want Close only", submit)
	}
	if s, err := e.app.DB.Signup(e.ctx, alice); err != nil || s.ManagerID != grace || s.Status != store.SignupWaiting {
		t.Errorf("stored sign-up %+v, %v", s, err)
	}
	e.settle()
	if ms := e.dms(alice, "signed up for matching"); len(ms) > 0 {
		t.Errorf("the confirmation was sent as a message as well: %q", ms[0].Text)
	}
	for _, f := range e.sim.Failures() {
		t.Errorf("Slack would have flagged: %s", f)
	}
}

// When the late answer is a refusal, the modal comes back as the person
// filled it in, with what to fix, and nothing is saved; corrected and sent
// again, it is saved.
func TestModalRefusalAfterASlowLookupReturnsTheForm(t *testing.T) {
	e := matchEnv(t)
	const robot = "UROBOT"
	e.sim.AddUser(slacksim.User{ID: robot, Name: "robot", RealName: "Robot", IsBot: true})
	e.cmd(dana, "/mentor", "topics add Go")
	e.cmd(dana, "/mentor", "topics add SRE")
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(alice, "match_join")
	release := e.holdNetWaits() // the lookup waits out the 429 until the ack is in
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "both"}, "topics": {"topics": []string{"SRE"}}, "topics_other": {"topics_other": "public speaking"},
		"cadence": {"cadence": "monthly"}, "capacity": {"capacity": "2"}, "manager": {"manager": robot}})
	if err != nil {
		t.Fatalf("submission: %v", err)
	}
	checking := checkingSubmit(t, sub, v)
	release()
	back := lateView(e, alice, checking)
	if text := blockText(back.Message().Blocks); !strings.Contains(text, "Nothing was saved") || !strings.Contains(text, "That's a bot") ||
		!strings.Contains(text, "Not someone in my reporting line") {
		t.Errorf("the form came back reading %q; want the refusal, naming the field", text)
	}
	if viewField(t, back, "submit") == nil {
		t.Error("the form came back without its submit button")
	}
	var state struct {
		State struct {
			Values map[string]map[string]struct {
				Value           string                   `json:"value"`
				SelectedUser    string                   `json:"selected_user"`
				SelectedOption  struct{ Value string }   `json:"selected_option"`
				SelectedOptions []struct{ Value string } `json:"selected_options"`
			} `json:"values"`
		} `json:"state"`
	}
	if err := json.Unmarshal(back.JSON, &state); err != nil {
		t.Fatal(err)
	}
	got := state.State.Values
	if got["role"]["role"].SelectedOption.Value != "both" || len(got["topics"]["topics"].SelectedOptions) != 1 ||
		got["topics"]["topics"].SelectedOptions[0].Value != "SRE" || got["topics_other"]["topics_other"].Value != "public speaking" ||
		got["cadence"]["cadence"].SelectedOption.Value != "monthly" || got["capacity"]["capacity"].Value != "2" ||
		got["manager"]["manager"].SelectedUser != robot {
		t.Errorf("the form came back holding %+v; want what alice had entered", got)
	}
	if _, err := e.app.DB.Signup(e.ctx, alice); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("a sign-up was stored: %v", err)
	}
	if ms := e.dms(alice, "That's a bot"); len(ms) > 0 {
		t.Errorf("the refusal was sent as a message as well: %q", ms[0].Text)
	}

	// Only the manager changed: the rest is sent as it came back.
	sub, err = e.sim.SubmitView(matchCtx(e), alice, back.ID, map[string]map[string]any{"manager": {"manager": grace}})
	if err != nil || !sub.Closed {
		t.Fatalf("corrected submission: %+v, %v", sub, err)
	}
	e.waitDM(alice, "signed up for matching")
	s, err := e.app.DB.Signup(e.ctx, alice)
	if err != nil || s.Role != store.RoleBoth || s.Cadence != "monthly" || s.Capacity != 2 || s.ManagerID != grace ||
		!slices.Equal(s.Topics, []string{"SRE", "public speaking"}) {
		t.Errorf("stored sign-up %+v, %v", s, err)
	}
	for _, f := range e.sim.Failures() {
		t.Errorf("Slack would have flagged: %s", f)
	}
}

// A person who closes the modal while it is being checked reads the
// answer in a message: that nothing was saved, and why; or what was.
func TestModalClosedWhileCheckedIsAnsweredInAMessage(t *testing.T) {
	e := matchEnv(t)
	const robot = "UROBOT"
	e.sim.AddUser(slacksim.User{ID: robot, Name: "robot", RealName: "Robot", IsBot: true})
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(alice, "match_join")
	// The lookup waits out the 429 until the modal is closed.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go"}, "manager": {"manager": robot}})
	if err != nil {
		t.Fatalf("submission: %v", err)
	}
	checkingSubmit(t, sub, v)
	if err := e.sim.CloseView(matchCtx(e), alice, v.ID); err != nil {
		t.Fatal(err)
	}
	release()
	m := e.waitDM(alice, "nothing was saved")
	if !contains(m, "That's a bot") {
		t.Errorf("the refusal reads %q", m.Text)
	}
	if _, err := e.app.DB.Signup(e.ctx, alice); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("a sign-up was stored: %v", err)
	}

	// Saved, with the modal closed meanwhile: the confirmation comes as
	// the message it is when the modal closes in time.
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v = e.waitModal(alice, "match_join")
	release = e.holdNetWaits()
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err = e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go"}, "manager": {"manager": grace}})
	if err != nil {
		t.Fatalf("submission: %v", err)
	}
	checkingSubmit(t, sub, v)
	if err := e.sim.CloseView(matchCtx(e), alice, v.ID); err != nil {
		t.Fatal(err)
	}
	release()
	e.waitDM(alice, "signed up for matching")
	if s, err := e.app.DB.Signup(e.ctx, alice); err != nil || s.ManagerID != grace {
		t.Errorf("stored sign-up %+v, %v", s, err)
	}
}

// The ack that keeps a slow submission's modal open travels on the
// socket, the outcome on the Web API: when the handler ends just after the
// ack and the ack is slow on the way, the outcome must not be shown first
// and then hidden for good by the ack's checking view.
func TestLateModalOutcomeIsNotHiddenBySlowAck(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(alice, "match_join")
	// grace's lookup ends just after the ack budget (2 s); the ack takes
	// 400 ms to reach Slack, still within its 3 s.
	e.sim.StartOutage(slacksim.Outage{Method: "users.info", Until: e.clock.Now().Add(time.Hour), Delay: 2100 * time.Millisecond, Applied: true})
	e.sim.SetAckDelayHook(func(typ string) time.Duration {
		if typ == "interactive" {
			return 400 * time.Millisecond
		}
		return 0
	})
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go"}, "manager": {"manager": grace}})
	if err != nil {
		t.Fatal(err)
	}
	e.sim.SetAckDelayHook(nil)
	saved := lateView(e, alice, checkingSubmit(t, sub, v))
	if text := blockText(saved.Message().Blocks); !strings.Contains(text, "signed up for matching") {
		t.Errorf("the modal ends up reading %q; want the confirmation", text)
	}
}

// A goal form that outlasts the ack (another connection holds the
// database's write lock) shows in the modal what was saved, without the
// goal's buttons, which would act there without their message; that
// message, buttons and all, comes too, once.
func TestSlowGoalFormShowsWhatWasSaved(t *testing.T) {
	e := newEnv(t)
	e.cmdIn(bob, e.dmChannel(bob), "/goal", "")
	v := e.waitModal(bob, "goal_form")
	released := e.holdWriteLock(2500 * time.Millisecond)
	sub, err := e.sim.SubmitView(matchCtx(e), bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "Give a talk at the Go meetup"}, "goal_due": {"due": "2027-03-01"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	saved := lateView(e, bob, checkingSubmit(t, sub, v))
	if text := blockText(saved.Message().Blocks); !strings.Contains(text, "Added goal") || !strings.Contains(text, "Give a talk at the Go meetup") {
		t.Errorf("the modal reads %q; want the goal that was added", text)
	}
	if strings.Contains(string(saved.Message().Blocks), `"button"`) {
		t.Errorf("the saved view has buttons: %s", saved.Message().Blocks)
	}
	e.settle()
	if n := len(e.goalsStored(bob)); n != 1 {
		t.Errorf("%d goals stored, want 1", n)
	}
	ms := e.dms(bob, "Added goal")
	if len(ms) != 1 || !strings.Contains(string(ms[0].Blocks), "Update progress") {
		t.Errorf("messages that say the goal was added: %d; want one, with its buttons: %+v", len(ms), ms)
	}
	for _, f := range e.sim.Failures() {
		t.Errorf("Slack would have flagged: %s", f)
	}
}

// checkingSubmit checks that a slow submission of v was acked in time
// with an update that keeps the modal open, saying it is being checked,
// and returns that view.
func checkingSubmit(t *testing.T, sub *slacksim.ViewSubmitResult, v slacksim.View) slacksim.View {
	t.Helper()
	if sub.ResponseAction != "update" || sub.Closed || sub.View == nil {
		t.Fatalf("submission result %+v; want the modal kept open by an update", sub)
	}
	c := *sub.View
	if c.ID != v.ID || c.CallbackID != v.CallbackID || c.PrivateMetadata != v.PrivateMetadata {
		t.Errorf("the checking view is %s %q %q; want %s %q %q", c.ID, c.CallbackID, c.PrivateMetadata, v.ID, v.CallbackID, v.PrivateMetadata)
	}
	if !strings.Contains(blockText(c.Message().Blocks), "Checking what you sent") {
		t.Errorf("the modal reads %q while the submission is checked", blockText(c.Message().Blocks))
	}
	if viewField(t, c, "submit") != nil {
		t.Error("the checking view can be submitted again")
	}
	return c
}

// lateView waits for the bot to replace the checking view with the
// outcome, and returns the modal as it then is.
func lateView(e *env, user string, checking slacksim.View) slacksim.View {
	e.t.Helper()
	return e.waitView(user, "the checking view "+checking.ID+" (hash "+checking.Hash+") to be replaced", func(v slacksim.View) bool {
		return v.ID == checking.ID && v.Hash != checking.Hash
	})
}

// viewField is one top-level field of a view, nil when absent or null.
func viewField(t *testing.T, v slacksim.View, key string) any {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(v.JSON, &obj); err != nil {
		t.Fatal(err)
	}
	return obj[key]
}

// Slack delivers a slash command once: unlike an Events API event, one
// left unacknowledged is not retried on the next connection, and the
// person reads that it failed with "operation_timeout". A command that
// reaches the bot while it stops (SIGTERM, a deploy) is answered that
// nothing was done and to try again.
func TestCommandArrivingWhileStoppingIsAnswered(t *testing.T) {
	e, logs, restart := faultEnv(t, faultOpts{})
	// carol's first command looks up her profile, which Slack is slow to
	// give: the stop waits for it.
	reached := make(chan struct{}, 1)
	e.sim.StartOutage(slacksim.Outage{Method: "users.info", Until: e.clock.Now().Add(time.Hour), Delay: 1500 * time.Millisecond, Applied: true, Reached: reached})
	first := make(chan error, 1)
	go func() {
		_, err := e.sim.SlashCommand(e.ctx, carol, "", "/goal", "add Write 3 blog posts by 2030-01-01")
		first <- err
	}()
	select {
	case <-reached:
	case <-time.After(10 * time.Second):
		t.Fatal("carol's command never looked up her profile")
	}
	restarted := make(chan struct{})
	go func() {
		defer close(restarted)
		restart()
	}()
	e.eventually("the bot to begin to stop with carol's command in hand", func() bool {
		return logs.count(slog.LevelInfo, "stopping: finishing the commands in hand") > 0
	})
	// A retry is not told "I didn't do that": its first delivery may have
	// been done, its ack lost. It is left for the next connection.
	retry, _ := json.Marshal(map[string]any{"envelope_id": "retried-while-stopping", "type": "slash_commands", "accepts_response_payload": true,
		"retry_attempt": 1, "retry_reason": "timeout", "payload": map[string]any{"command": "/goal", "text": "list", "user_id": alice,
			"user_name": "alice", "channel_id": e.sim.IMChannel(alice), "team_id": e.sim.TeamID(), "trigger_id": "1.retried", "response_url": ""}})
	if err := e.sim.SendRaw(e.ctx, retry); err != nil {
		t.Fatal(err)
	}
	res, err := e.sim.SlashCommand(e.ctx, alice, "", "/goal", "list")
	if err != nil {
		t.Fatalf("the command that came while the bot stopped: %v", err)
	}
	if got := ackText(t, res); !strings.Contains(got, "try again") {
		t.Errorf("its answer: %q", got)
	}
	if n := logs.count(slog.LevelInfo, "slash command retried while stopping; left for the next connection"); n != 1 {
		t.Errorf("retries left for the next connection: %d, want 1", n)
	}
	if n := logs.count(slog.LevelInfo, "slash command refused while stopping"); n != 1 {
		t.Errorf("commands refused while stopping: %d, want 1 (the new one, not the retry)", n)
	}
	if err := <-first; err != nil {
		t.Errorf("the command in hand: %v", err)
	}
	<-restarted
}
