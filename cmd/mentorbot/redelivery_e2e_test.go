package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// The Socket Mode connection is lost as the bot acks an envelope: the bot
// has acted, Slack never got the ack, and delivers the envelope again
// (retry_attempt 1) once the bot has reconnected. The bot reconnects,
// answers the redelivery as it answered the first, and does not act twice.

func TestRedeliveredCommandActsOnce(t *testing.T) {
	for _, c := range []struct {
		name             string
		newID, uncounted bool
	}{
		{"same envelope_id", false, false},
		{"new envelope_id", true, false},
		// A redelivery not marked as one (retry_attempt 0) is not looked
		// up before the command runs; its write finds the claim taken.
		{"retry_attempt 0", false, true},
	} {
		newID := c.newID
		t.Run(c.name, func(t *testing.T) {
			e, logs, _ := faultEnv(t, faultOpts{})
			e.pair(alice, bob)

			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: newID, Uncounted: c.uncounted})
			got := e.cmd(bob, "/goal", "add Give a lightning talk by 2026-12-01")
			if !strings.Contains(got, "#1") {
				t.Errorf("the redelivery's answer = %q, want the first one's (#1)", got)
			}
			if n := len(e.goalsStored(bob)); n != 1 {
				t.Errorf("%d goals after a redelivered /goal add, want 1", n)
			}

			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: newID, Uncounted: c.uncounted})
			got = e.cmd(bob, "/session", "log <@UALICE> we planned the talk todo: draft the outline")
			if !strings.Contains(got, "#1") {
				t.Errorf("the redelivery's answer = %q", got)
			}
			ss, err := e.app.DB.Sessions(e.ctx, bob, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(ss) != 1 {
				t.Errorf("%d sessions after a redelivered /session log, want 1", len(ss))
			}
			if todos, _ := e.app.DB.MyOpenTodos(e.ctx, bob); len(todos) != 1 {
				t.Errorf("%d to-dos, want 1", len(todos))
			}
			e.settle()
			if n := len(e.dms(alice, "logged your session")); n != 1 {
				t.Errorf("alice told %d times of the session, want 1", n)
			}

			if n := e.sim.Redeliveries(); n != 2 {
				t.Errorf("%d redeliveries, want 2", n)
			}
			if n := e.metric(`mentorbot_envelopes_redelivered_total{type="slash_commands"}`); n != 2 {
				t.Errorf("/metrics counts %v redelivered commands, want 2", n)
			}
			if n := logs.count(slog.LevelInfo, "envelope redelivered; not acting on it again"); n != 2 {
				t.Errorf("%d redeliveries logged", n)
			}
			// Reconnected, and /healthz says so.
			if code, body := e.get("/healthz"); code != http.StatusOK {
				t.Errorf("/healthz after the reconnects: %d %s", code, body)
			}
			if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "Give a lightning talk") {
				t.Errorf("/goal list after the reconnects: %q", got)
			}

			// One whose redelivery finds nothing left to do (the snooze
			// it ended is over) is answered as the first one was.
			e.cmd(bob, "/mentor", "snooze 2w")
			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: newID, Uncounted: c.uncounted})
			if got := e.cmd(bob, "/mentor", "snooze off"); !strings.Contains(got, "The snooze is over") {
				t.Errorf("the redelivered /mentor snooze off answered %q", got)
			}

			// One whose redelivery is answered without an error (the only
			// meeting is skipped already: "no upcoming meeting to skip").
			e.cmd(bob, "/mentor", "meet <@UALICE> 2026-12-20 10:00")
			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: newID, Uncounted: c.uncounted})
			if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
				t.Errorf("the redelivered /mentor skip answered %q", got)
			}

			// A command that only reads left no record: its redelivery is
			// answered afresh, not as "interrupted" or not at all.
			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: newID, Uncounted: c.uncounted})
			if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "Give a lightning talk") {
				t.Errorf("the redelivered /goal list answered %q", got)
			}
			if n := e.sim.Redeliveries(); n != 5 {
				t.Errorf("%d redeliveries, want 5", n)
			}
		})
	}
}

// A button press and a modal submission, redelivered, act once too.
func TestRedeliveredInteractionsActOnce(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()

	e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: true})
	if _, err := e.sim.ClickButton(ctx, alice, ask, "request_accept"); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.waitDM(bob, "accepted your request")
	if pairs, _ := e.app.DB.PairsOf(e.ctx, bob, true); len(pairs) != 1 {
		t.Errorf("%d pairs after a redelivered Accept, want 1", len(pairs))
	}
	if n := len(e.dms(bob, "accepted your request")); n != 1 {
		t.Errorf("bob told %d times, want 1", n)
	}
	// Acting twice would have answered the second press with "already
	// answered".
	for _, m := range e.sim.MessagesTo(alice) {
		if strings.Contains(strings.ToLower(m.Text), "already") {
			t.Errorf("alice was told %q", m.Text)
		}
	}

	e.cmdIn(bob, e.dmChannel(bob), "/goal", "")
	v := e.waitModal(bob, "goal_form")
	e.sim.DropAfterNextEnvelope(slacksim.Redelivery{})
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text":    {"text": "Run a workshop on testing"},
		"goal_measure": {"measure": "20 people attend"},
		"goal_due":     {"due": "2026-12-01"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Errors) > 0 || !sub.Closed {
		t.Errorf("redelivered submission: errors %v, closed %v", sub.Errors, sub.Closed)
	}
	if n := len(e.goalsStored(bob)); n != 1 {
		t.Errorf("%d goals after a redelivered modal, want 1", n)
	}
	if n := e.sim.Redeliveries(); n != 2 {
		t.Errorf("%d redeliveries, want 2", n)
	}
}

// TestRedeliveredAfterRestart: the redelivery reaches a restarted bot
// (a deploy between acting and the ack reaching Slack). The memory of what
// was taken on is in the database, so the new process does not act again.
func TestRedeliveredAfterRestart(t *testing.T) {
	e, _, restart := faultEnv(t, faultOpts{})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	hold := make(chan struct{})
	e.sim.DropAfterNextEnvelope(slacksim.Redelivery{Hold: hold})
	type out struct {
		res *slacksim.CommandResult
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := e.sim.SlashCommand(ctx, bob, e.dmChannel(bob), "/goal", "add Read the SRE book by 2026-12-01")
		done <- out{res, err}
	}()
	e.eventually("the first delivery to be acted on", func() bool { return len(e.goalsStored(bob)) > 0 })
	restart()
	close(hold)
	o := <-done
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := ackText(t, o.res); !strings.Contains(got, "#1") {
		t.Errorf("the restarted bot answered %q, want the first answer (#1)", got)
	}
	if n := len(e.goalsStored(bob)); n != 1 {
		t.Errorf("%d goals after a redelivery to a restarted bot, want 1", n)
	}
	if e.sim.Redeliveries() != 1 {
		t.Errorf("%d redeliveries", e.sim.Redeliveries())
	}
}

// TestRedeliveredAfterCrashMidway: the process that took a command on
// stopped before it finished (the record says taken, not done). Some of it
// may be done, so it is not run again; the person is told to check.
func TestRedeliveredAfterCrashMidway(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	payload, _ := json.Marshal(map[string]any{
		"team_id": e.sim.TeamID(), "channel_id": e.dmChannel(bob), "user_id": bob, "user_name": "bob",
		"command": "/goal", "text": "add Read the SRE book", "trigger_id": "T-CRASHED",
	})
	// A write of that process recorded the claim; then it died. A
	// delivery's keys carry a digest of its payload (bot's takeOn).
	sum := sha256.Sum256(payload)
	digest := ":" + hex.EncodeToString(sum[:8])
	claimed, _ := store.WithClaim(e.ctx, []string{"envelope:from-a-dead-process" + digest, "trigger:T-CRASHED" + digest})
	if err := e.app.DB.Touch(claimed, bob); err != nil {
		t.Fatalf("claim: %v", err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ack, err := e.sim.SendEnvelope(ctx, "slash_commands", payload)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack), "interrupted") || !strings.Contains(string(ack), "/goal list") {
		t.Errorf("answer = %s", ack)
	}
	if n := len(e.goalsStored(bob)); n != 0 {
		t.Errorf("the command was run again: %d goals", n)
	}
}

// A command that writes nothing but sends a file (the personal export) is
// recorded as taken on before the file goes: its redelivery, after the ack
// was lost, does not send a second copy.
func TestRedeliveredExportSendsOneFile(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	e.pair(alice, bob)
	e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: true})
	if got := e.cmd(bob, "/mentor", "export"); !strings.Contains(got, "copy of your data") {
		t.Fatalf("the redelivered export answered %q", got)
	}
	pgWaitFile(e, bob, "mentorbot-data-")
	e.settle()
	if e.sim.Redeliveries() != 1 {
		t.Errorf("%d redeliveries, want 1", e.sim.Redeliveries())
	}
	if n := pgFilesNamed(e, bob, "mentorbot-data-"); n != 1 {
		t.Errorf("%d export files after a redelivered /mentor export, want 1", n)
	}
}

// A trigger ID used again for another command (a Slack stand-in that
// sends the example ID from Slack's docs with every command) is not taken
// for a redelivery: each command runs, and nobody is answered with
// another person's earlier answer.
func TestTriggerIDUsedAgainIsNotARedelivery(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	const trigger = "13345224609.738474920.8088930838d88f008e0"
	send := func(user, text string) string {
		t.Helper()
		payload, _ := json.Marshal(map[string]any{
			"team_id": e.sim.TeamID(), "channel_id": e.dmChannel(user), "user_id": user, "user_name": user,
			"command": "/goal", "text": text, "trigger_id": trigger,
		})
		ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
		defer cancel()
		ack, err := e.sim.SendEnvelope(ctx, "slash_commands", payload)
		if err != nil {
			t.Fatal(err)
		}
		return string(ack)
	}
	send(bob, "add Write 2 blog posts by 2026-12-28")
	if ack := send(carol, "add Mentor 2 people by 2026-12-29"); strings.Contains(ack, "blog posts") || !strings.Contains(ack, "Mentor 2 people") {
		t.Errorf("carol's answer = %s", ack)
	}
	if ack := send(bob, "add Give 1 talk by 2026-12-29"); !strings.Contains(ack, "Give 1 talk") {
		t.Errorf("bob's second answer = %s", ack)
	}
	if nb, nc := len(e.goalsStored(bob)), len(e.goalsStored(carol)); nb != 2 || nc != 1 {
		t.Errorf("goals stored: bob %d (want 2), carol %d (want 1)", nb, nc)
	}
}

// A command taken on by the version before the payload's digest was in
// the keys (a write recorded "trigger:ID" alone), and delivered again to
// this one after the upgrade, is not run a second time.
func TestRedeliveryOfADeliveryTheVersionBeforeTookOn(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	claimed, _ := store.WithClaim(e.ctx, []string{"envelope:E-BEFORE-UPGRADE", "trigger:T-BEFORE-UPGRADE"})
	if err := e.app.DB.Touch(claimed, bob); err != nil {
		t.Fatalf("claim: %v", err)
	}
	payload, _ := json.Marshal(map[string]any{
		"team_id": e.sim.TeamID(), "channel_id": e.dmChannel(bob), "user_id": bob, "user_name": "bob",
		"command": "/goal", "text": "add Read the SRE book", "trigger_id": "T-BEFORE-UPGRADE",
	})
	frame, _ := json.Marshal(map[string]any{"envelope_id": "E-AFTER-UPGRADE", "type": "slash_commands", "payload": json.RawMessage(payload),
		"accepts_response_payload": true, "retry_attempt": 1, "retry_reason": "timeout"})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if err := e.sim.SendRaw(ctx, frame); err != nil {
		t.Fatal(err)
	}
	// The bot is done with it when its answer (the interrupted one) is
	// recorded; goals of a second run would be stored by then.
	e.eventually("the redelivery to be answered", func() bool {
		return e.app.Metrics.Value("mentorbot_envelopes_redelivered_total", "type", "slash_commands") > 0 || len(e.goalsStored(bob)) > 0
	})
	e.settle()
	if n := len(e.goalsStored(bob)); n != 0 {
		t.Errorf("the command was run again after the upgrade: %d goals", n)
	}
}
