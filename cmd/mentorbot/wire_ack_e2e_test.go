package main

import (
	"encoding/json"
	"errors"
	"log/slog"
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
func TestModalSubmitIsAckedInTimeWhileSlackRateLimitsALookup(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := matchView(e, alice, "match_join")
	// grace's profile was never looked up, so checking her takes users.info.
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics": {"topics": []string{"Go"}}, "manager": {"manager": grace}})
	if errors.Is(err, slacksim.ErrAckTimeout) {
		t.Fatalf("the submission was not acknowledged within Slack's 3 s: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !sub.Closed || len(sub.Errors) > 0 {
		t.Fatalf("submission result %+v; want the modal closed", sub)
	}
	// The sign-up is saved, and the person hears so, once the lookup is done.
	confirm := matchDM(e, alice, "signed up for matching")
	if !strings.Contains(confirm.Text+blockText(confirm.Blocks), "<@UGRACE>") {
		t.Errorf("confirmation = %s", confirm.Text+blockText(confirm.Blocks))
	}
	if s, err := e.app.DB.Signup(e.ctx, alice); err != nil || s.ManagerID != grace || s.Status != store.SignupWaiting {
		t.Errorf("stored sign-up %+v, %v", s, err)
	}
	for _, f := range e.sim.Failures() {
		if !strings.Contains(f, "late ack") {
			t.Errorf("Slack would have flagged: %s", f)
		}
	}
}

// When the late answer is a refusal, the modal that would have shown it
// has closed: the person reads it in a message, and nothing is saved.
func TestModalRefusalAfterASlowLookupReachesThePerson(t *testing.T) {
	e := matchEnv(t)
	const robot = "UROBOT"
	e.sim.AddUser(slacksim.User{ID: robot, Name: "robot", RealName: "Robot", IsBot: true})
	if got := e.cmd(alice, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := matchView(e, alice, "match_join")
	e.sim.RateLimitNext("users.info", 1, 5*time.Second)
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go"}, "manager": {"manager": robot}})
	if err != nil {
		t.Fatalf("submission: %v", err)
	}
	if !sub.Closed {
		t.Fatalf("submission result %+v; want the modal closed", sub)
	}
	m := matchDM(e, alice, "nothing was saved")
	if !contains(m, "That's a bot") {
		t.Errorf("the refusal reads %q", m.Text)
	}
	if _, err := e.app.DB.Signup(e.ctx, alice); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("a sign-up was stored: %v", err)
	}
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
	deadline := time.Now().Add(10 * time.Second)
	for logs.count(slog.LevelInfo, "stopping: finishing the commands in hand") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the bot never began to stop with carol's command in hand")
		}
		time.Sleep(time.Millisecond)
	}
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
