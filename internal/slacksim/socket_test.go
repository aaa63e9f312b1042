package slacksim_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func TestSlashCommandAckIsEphemeral(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	got := make(chan slack.SlashCommand, 1)
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			_ = sm.Ack(*evt.Request)
			return
		}
		got <- cmd
		_ = sm.Ack(*evt.Request, map[string]any{
			"text":   "Goal #1 added",
			"blocks": []slack.Block{section("Goal *#1* added")},
		})
	})
	ctx := ctxT(t)
	res, err := sim.SlashCommand(ctx, "U1", "", "/goal", "add Ship it by 2025-04-01 with <@U2|bob>")
	if err != nil {
		t.Fatal(err)
	}
	cmd := <-got
	if cmd.Command != "/goal" || cmd.UserID != "U1" || cmd.UserName != "alice" || cmd.ChannelID != "DU1" ||
		cmd.ChannelName != "directmessage" || cmd.TeamID != "T0SIM" || cmd.APIAppID == "" ||
		cmd.ResponseURL != res.ResponseURL || cmd.TriggerID != res.TriggerID || !strings.Contains(cmd.Text, "<@U2|bob>") {
		t.Errorf("slash command = %+v", cmd)
	}
	if res.EnvelopeID == "" || res.AckLatency <= 0 || res.Ack == nil {
		t.Errorf("result = %+v", res)
	}
	msgs := sim.MessagesTo("U1")
	if len(msgs) != 1 {
		t.Fatalf("MessagesTo(U1) = %+v", msgs)
	}
	m := msgs[0]
	if !m.Ephemeral || m.InChannel || m.Via != "ack" || m.User != "U1" || m.Text != "Goal #1 added" || !strings.Contains(string(m.Blocks), "Goal *#1* added") {
		t.Errorf("ack message = %+v", m)
	}
	if res.Message == nil || res.Message.TS != m.TS {
		t.Errorf("result message = %+v", res.Message)
	}
	noFailures(t, sim)
}

func TestSlashCommandInChannel(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	sim.AddChannel("C1", "mentoring")
	names := make(chan string, 1)
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		cmd := evt.Data.(slack.SlashCommand)
		names <- cmd.ChannelName
		_ = sm.Ack(*evt.Request, map[string]any{"response_type": "in_channel", "text": "Alice shares goal #1"})
	})
	if _, err := sim.SlashCommand(ctxT(t), "U1", "C1", "/goal", "share 1"); err != nil {
		t.Fatal(err)
	}
	if n := <-names; n != "mentoring" {
		t.Errorf("channel_name = %q", n)
	}
	m := sim.Messages()[0]
	if m.Ephemeral || !m.InChannel || m.User != "" || m.Channel != "C1" {
		t.Errorf("in_channel answer = %+v", m)
	}
	if len(sim.MessagesTo("U1")) != 0 {
		t.Error("a channel post counted as a message to the user")
	}
}

func TestSlashCommandInvalidAckBlocks(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		_ = sm.Ack(*evt.Request, map[string]any{"blocks": []slack.Block{slack.NewHeaderBlock(plain(strings.Repeat("h", 151)))}})
	})
	res, err := sim.SlashCommand(ctxT(t), "U1", "", "/mentor", "help")
	if !errors.Is(err, slacksim.ErrInvalidResponse) || res == nil {
		t.Fatalf("err = %v", err)
	}
	if len(sim.Messages()) != 0 {
		t.Error("invalid ack recorded as a message")
	}
	if f := sim.Failures(); len(f) != 1 || !strings.Contains(f[0], "invalid_blocks") || !strings.Contains(f[0], "/blocks/0/text/text") {
		t.Errorf("failures = %v", f)
	}
}

func TestAckTimeout(t *testing.T) {
	sim := newSim(t, slacksim.Options{AckTimeout: 100 * time.Millisecond})
	release := make(chan struct{})
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		<-release
		_ = sm.Ack(*evt.Request)
	})
	ctx := ctxT(t)
	_, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "pairs")
	if !errors.Is(err, slacksim.ErrAckTimeout) {
		t.Fatalf("err = %v, want ErrAckTimeout", err)
	}
	close(release)
	// The late ack is flagged too.
	if _, err := sim.WaitFailure(ctx, func(f string) bool { return strings.Contains(f, "late ack") }); err != nil {
		t.Fatal(err)
	}
	if f := sim.Failures(); len(f) != 2 || !strings.Contains(f[0], "not acknowledged") {
		t.Errorf("failures = %v", f)
	}
}

func TestSeveralConnections(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	startBot(t, sim, nil)
	startBot(t, sim, nil)
	ctx := ctxT(t)
	if n := sim.Connections(); n != 2 {
		t.Fatalf("%d connections", n)
	}
	for range 3 {
		if _, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help"); err != nil {
			t.Fatal(err)
		}
	}
	sim.Disconnect("refresh_requested")
	if err := sim.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help"); err != nil {
		t.Fatal(err)
	}
	noFailures(t, sim)
}

func TestAckDelayHook(t *testing.T) {
	sim := newSim(t, slacksim.Options{AckTimeout: 200 * time.Millisecond})
	startBot(t, sim, nil)
	sim.SetAckDelayHook(func(typ string) time.Duration {
		if typ == "slash_commands" {
			return time.Second
		}
		return 0
	})
	if _, err := sim.SlashCommand(ctxT(t), "U1", "", "/mentor", ""); !errors.Is(err, slacksim.ErrAckTimeout) {
		t.Fatalf("err = %v, want ErrAckTimeout", err)
	}
	sim.SetAckDelayHook(nil)
	if _, err := sim.SlashCommand(ctxT(t), "U1", "", "/mentor", ""); err != nil {
		t.Fatal(err)
	}
}

func TestDisconnectAndReconnect(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	startBot(t, sim, nil)
	ctx := ctxT(t)
	if n := len(sim.CallsTo("apps.connections.open")); n != 1 {
		t.Fatalf("%d apps.connections.open calls", n)
	}
	sim.Disconnect("refresh_requested")
	// The bot may already be back on a new connection (it reads the
	// disconnect frame at once); the old one must not count.
	if sim.Connected() && len(sim.CallsTo("apps.connections.open")) < 2 {
		t.Error("still counted as connected right after disconnect")
	}
	if err := sim.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(sim.CallsTo("apps.connections.open")); n != 2 {
		t.Errorf("%d apps.connections.open calls after reconnect", n)
	}
	if _, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help"); err != nil {
		t.Fatalf("after reconnect: %v", err)
	}
	// An abrupt drop is survived too.
	sim.DropConnections()
	if _, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help"); err != nil {
		t.Fatalf("after drop: %v", err)
	}
	noFailures(t, sim)
}

func TestNotConnected(t *testing.T) {
	sim := newSim(t, slacksim.Options{ConnectTimeout: 50 * time.Millisecond})
	if _, err := sim.SlashCommand(ctxT(t), "U1", "", "/mentor", ""); !errors.Is(err, slacksim.ErrNotConnected) {
		t.Fatalf("err = %v, want ErrNotConnected", err)
	}
	if _, err := sim.SlashCommand(ctxT(t), "U404", "", "/mentor", ""); err == nil {
		t.Fatal("unknown user accepted")
	}
}

func TestMalformedFramesAndPayloads(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	startBot(t, sim, nil)
	ctx := ctxT(t)
	// The bot keeps working after garbage from "Slack".
	if err := sim.SendRaw(ctx, []byte(`{"type":"slash_commands","envelope_id":"x","payload":"not an object"}`)); err != nil {
		t.Fatal(err)
	}
	ack, err := sim.SendEnvelope(ctx, "interactive", json.RawMessage(`{"type":"block_actions","actions":[{"action_id":"gone","block_id":"b","type":"button"}]}`))
	if err != nil {
		t.Fatalf("raw envelope: %v (ack %s)", err, ack)
	}
	if _, err := sim.SlashCommand(ctx, "U1", "", "/mentor", "help"); err != nil {
		t.Fatal(err)
	}
	if !sim.Connected() {
		t.Error("bot dropped the connection")
	}
}

func TestClickButtonAndResponseURL(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	got := make(chan slack.InteractionCallback, 1)
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		_ = sm.Ack(*evt.Request)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			got <- cb
		}
	})
	ctx := ctxT(t)
	ch, ts, err := api.PostMessageContext(ctx, "U2", slack.MsgOptionText("Alice asks you to mentor her", false),
		slack.MsgOptionBlocks(section("Alice asks you to mentor her"),
			slack.NewActionBlock("request_7", button("request_accept", "7", "Accept"), button("request_decline", "7", "Decline"))))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := sim.LookupMessage(ch, ts)
	if _, err := sim.ClickButton(ctx, "U1", msg, "request_accept"); err == nil {
		t.Error("someone else clicked in bob's DM")
	}
	res, err := sim.ClickButton(ctx, "U2", msg, "request_accept")
	if err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if cb.Type != slack.InteractionTypeBlockActions || cb.User.ID != "U2" || cb.Channel.ID != ch || cb.Container.MessageTs != ts ||
		cb.Container.ChannelID != ch || cb.TriggerID != res.TriggerID || cb.ResponseURL != res.ResponseURL || cb.Message.Timestamp != ts {
		t.Errorf("callback = %+v", cb)
	}
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("actions = %+v", cb.ActionCallback)
	}
	act := cb.ActionCallback.BlockActions[0]
	if act.ActionID != "request_accept" || act.BlockID != "request_7" || act.Value != "7" || act.Type != "button" {
		t.Errorf("action = %+v", act)
	}
	if len(cb.Message.Blocks.BlockSet) != 2 {
		t.Errorf("message blocks = %+v", cb.Message.Blocks)
	}

	// The bot answers through the response_url, replacing the message.
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionReplaceOriginal(res.ResponseURL), slack.MsgOptionText("You accepted", false)); err != nil {
		t.Fatal(err)
	}
	m, _ := sim.LookupMessage(ch, ts)
	if !m.Updated || !m.ReplaceOriginal || m.Via != "response_url" || m.Text != "You accepted" || len(m.Blocks) != 0 {
		t.Errorf("replaced = %+v", m)
	}
	// A new ephemeral message through the same URL.
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(res.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("Noted", false)); err != nil {
		t.Fatal(err)
	}
	last := sim.Messages()[len(sim.Messages())-1]
	if !last.Ephemeral || last.User != "U2" || last.Via != "response_url" {
		t.Errorf("ephemeral via response_url = %+v", last)
	}
	// Five uses at most.
	for range 3 {
		if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(res.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("again", false)); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(res.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("sixth", false)); err == nil {
		t.Error("sixth use accepted")
	}
	if f := sim.Failures(); len(f) != 1 || !strings.Contains(f[0], "used_url") {
		t.Errorf("failures = %v", f)
	}
	if _, err := sim.ClickButton(ctx, "U2", m, "request_accept"); err == nil || !strings.Contains(err.Error(), "no element") {
		t.Errorf("clicked a button that is gone: %v", err)
	}
}

func TestResponseURLExpires(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	startBot(t, sim, nil)
	api := newAPI(sim)
	res, err := sim.SlashCommand(ctxT(t), "U1", "", "/session", "log")
	if err != nil {
		t.Fatal(err)
	}
	fake.Advance(31 * time.Minute)
	_, _, err = api.PostMessageContext(ctxT(t), "", slack.MsgOptionResponseURL(res.ResponseURL, slack.ResponseTypeEphemeral), slack.MsgOptionText("late", false))
	if err == nil {
		t.Fatal("expired response_url accepted")
	}
}

func TestSelectOptionInMessage(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	got := make(chan slack.InteractionCallback, 1)
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		_ = sm.Ack(*evt.Request)
		got <- evt.Data.(slack.InteractionCallback)
	})
	ctx := ctxT(t)
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Rate"), "rating",
		slack.NewOptionBlockObject("4", plain("Good"), nil), slack.NewOptionBlockObject("5", plain("Great"), nil))
	ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("How was it?", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("feedback", sel)))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := sim.LookupMessage(ch, ts)
	if _, err := sim.SelectOption(ctx, "U1", msg, "rating", "7"); !errors.Is(err, slacksim.ErrNotSubmittable) {
		t.Errorf("picked a missing option: %v", err)
	}
	if _, err := sim.SelectOption(ctx, "U1", msg, "rating", "5"); err != nil {
		t.Fatal(err)
	}
	cb := <-got
	act := cb.ActionCallback.BlockActions[0]
	if act.Type != "static_select" || act.SelectedOption.Value != "5" || act.SelectedOption.Text.Text != "Great" || act.BlockID != "feedback" {
		t.Errorf("action = %+v", act)
	}
	if v := cb.BlockActionState.Values["feedback"]["rating"]; v.SelectedOption.Value != "5" {
		t.Errorf("state = %+v", cb.BlockActionState)
	}
}

// goalModal is a modal with the input kinds the bot uses.
func goalModal() slack.ModalViewRequest {
	due := slack.NewDatePickerBlockElement("due")
	kind := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Kind"), "kind",
		slack.NewOptionBlockObject("skill", plain("Skill"), nil), slack.NewOptionBlockObject("career", plain("Career"), nil))
	checks := slack.NewCheckboxGroupsBlockElement("notify",
		slack.NewOptionBlockObject("mentor", plain("Tell my mentor"), nil), slack.NewOptionBlockObject("channel", plain("Post in channel"), nil))
	dueBlock := slack.NewInputBlock("due_block", plain("Due"), nil, due)
	dueBlock.Optional = true
	notifyBlock := slack.NewInputBlock("notify_block", plain("Notify"), nil, checks)
	notifyBlock.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain("New goal"),
		Submit:          plain("Add"),
		Close:           plain("Cancel"),
		CallbackID:      "goal_add",
		PrivateMetadata: `{"pair":3}`,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("goal_block", plain("Goal"), nil, slack.NewPlainTextInputBlockElement(plain("What"), "goal")),
			dueBlock,
			slack.NewInputBlock("kind_block", plain("Kind"), nil, kind),
			notifyBlock,
		}},
	}
}

func TestViewOpenSubmitWithErrors(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	var api *slack.Client
	submissions := make(chan slack.InteractionCallback, 4)
	openErr := make(chan error, 1)
	bot := startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			_ = sm.Ack(*evt.Request)
			_, err := api.OpenView(data.TriggerID, goalModal())
			openErr <- err
		case slack.InteractionCallback:
			submissions <- data
			st := data.View.State.Values
			if st["goal_block"]["goal"].Value == "x" {
				_ = sm.Ack(*evt.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"goal_block": "Say more"}))
				return
			}
			_ = sm.Ack(*evt.Request)
		}
	})
	api = bot.api
	ctx := ctxT(t)
	if _, err := sim.SlashCommand(ctx, "U1", "", "/goal", ""); err != nil {
		t.Fatal(err)
	}
	if err := <-openErr; err != nil {
		t.Fatalf("views.open: %v", err)
	}
	views := sim.OpenViews("U1")
	if len(views) != 1 || views[0].CallbackID != "goal_add" || views[0].PrivateMetadata != `{"pair":3}` || views[0].Type != "modal" {
		t.Fatalf("open views = %+v", views)
	}
	v := views[0]

	if _, err := sim.SubmitView(ctx, "U1", v.ID, map[string]map[string]any{"due_block": {"due": "2025-05-01"}}); !errors.Is(err, slacksim.ErrNotSubmittable) {
		t.Errorf("submitted without the required goal: %v", err)
	}

	res, err := sim.SubmitView(ctx, "U1", v.ID, map[string]map[string]any{
		"goal_block": {"goal": "x"},
		"kind_block": {"kind": "skill"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.ResponseAction != "errors" || res.Errors["goal_block"] != "Say more" || res.Closed {
		t.Errorf("errors result = %+v", res)
	}
	if len(sim.OpenViews("U1")) != 1 {
		t.Error("view closed after errors")
	}

	res, err = sim.SubmitView(ctx, "U1", v.ID, map[string]map[string]any{
		"goal_block":   {"goal": "Give a talk"},
		"due_block":    {"due": "2025-05-01"},
		"notify_block": {"notify": []string{"mentor"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Closed || len(sim.OpenViews("U1")) != 0 {
		t.Errorf("after a clean ack: %+v, open %v", res, sim.OpenViews("U1"))
	}
	<-submissions
	cb := <-submissions
	st := cb.View.State.Values
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "goal_add" || cb.View.PrivateMetadata != `{"pair":3}` || cb.View.ID != v.ID || cb.View.Hash == "" {
		t.Errorf("submission view = %+v", cb.View)
	}
	if st["goal_block"]["goal"].Value != "Give a talk" || st["due_block"]["due"].SelectedDate != "2025-05-01" ||
		st["kind_block"]["kind"].SelectedOption.Value != "skill" || len(st["notify_block"]["notify"].SelectedOptions) != 1 ||
		st["notify_block"]["notify"].SelectedOptions[0].Value != "mentor" {
		t.Errorf("state values = %+v", st)
	}
	noFailures(t, sim)
}

func TestViewSubmitUpdatePushAndBadErrors(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	var api *slack.Client
	opened := make(chan error, 1)
	step := make(chan string, 4)
	bot := startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		switch data := evt.Data.(type) {
		case slack.SlashCommand:
			_ = sm.Ack(*evt.Request)
			_, err := api.OpenView(data.TriggerID, goalModal())
			opened <- err
		case slack.InteractionCallback:
			next := <-step
			switch next {
			case "push":
				m := goalModal()
				m.CallbackID = "confirm"
				_ = sm.Ack(*evt.Request, slack.NewPushViewSubmissionResponse(&m))
			case "update":
				m := goalModal()
				m.Title = plain("Updated")
				_ = sm.Ack(*evt.Request, slack.NewUpdateViewSubmissionResponse(&m))
			case "bad errors":
				_ = sm.Ack(*evt.Request, slack.NewErrorsViewSubmissionResponse(map[string]string{"no_such_block": "x"}))
			case "clear":
				_ = sm.Ack(*evt.Request, slack.NewClearViewSubmissionResponse())
			}
		}
	})
	api = bot.api
	ctx := ctxT(t)
	if _, err := sim.SlashCommand(ctx, "U1", "", "/goal", ""); err != nil {
		t.Fatal(err)
	}
	if err := <-opened; err != nil {
		t.Fatal(err)
	}
	fill := map[string]map[string]any{"goal_block": {"goal": "g"}, "kind_block": {"kind": "career"}}
	root := sim.OpenViews("U1")[0]

	step <- "push"
	res, err := sim.SubmitView(ctx, "U1", root.ID, fill)
	if err != nil {
		t.Fatal(err)
	}
	open := sim.OpenViews("U1")
	if len(open) != 2 || res.View == nil || res.View.CallbackID != "confirm" || open[1].Stack != 1 {
		t.Fatalf("after push: %+v / %+v", res, open)
	}
	if _, err := sim.SubmitView(ctx, "U1", root.ID, fill); !errors.Is(err, slacksim.ErrNotSubmittable) {
		t.Errorf("submitted a view under another: %v", err)
	}

	step <- "update"
	top := open[1]
	res, err = sim.SubmitView(ctx, "U1", top.ID, fill)
	if err != nil {
		t.Fatal(err)
	}
	if res.View == nil || res.View.ID != top.ID || res.View.Hash == top.Hash || !strings.Contains(string(res.View.JSON), "Updated") {
		t.Errorf("after update: %+v", res.View)
	}

	step <- "bad errors"
	if _, err := sim.SubmitView(ctx, "U1", top.ID, fill); !errors.Is(err, slacksim.ErrInvalidResponse) {
		t.Errorf("errors for a missing block: %v", err)
	}

	step <- "clear"
	res, err = sim.SubmitView(ctx, "U1", top.ID, fill)
	if err != nil || !res.Closed || len(sim.OpenViews("U1")) != 0 {
		t.Errorf("after clear: %+v %v, open %d", res, err, len(sim.OpenViews("U1")))
	}
	if f := sim.Failures(); len(f) != 1 || !strings.Contains(f[0], "no_such_block") {
		t.Errorf("failures = %v", f)
	}
}

func TestTriggerIDs(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	sim := newSim(t, slacksim.Options{Clock: fake})
	api := startBot(t, sim, nil).api
	ctx := ctxT(t)

	res, err := sim.SlashCommand(ctx, "U1", "", "/goal", "")
	if err != nil {
		t.Fatal(err)
	}
	fake.Advance(4 * time.Second)
	if _, err := api.OpenViewContext(ctx, res.TriggerID, goalModal()); err == nil || err.Error() != "expired_trigger_id" {
		t.Errorf("expired trigger: %v", err)
	}

	res, _ = sim.SlashCommand(ctx, "U1", "", "/goal", "")
	if _, err := api.OpenViewContext(ctx, res.TriggerID, goalModal()); err != nil {
		t.Fatal(err)
	}
	if _, err := api.OpenViewContext(ctx, res.TriggerID, goalModal()); err == nil || err.Error() != "exchanged_trigger_id" {
		t.Errorf("reused trigger: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, "1.2.3", goalModal()); err == nil || err.Error() != "invalid_trigger_id" {
		t.Errorf("made-up trigger: %v", err)
	}
	if got := len(sim.Failures()); got != 3 {
		t.Errorf("%d failures, want 3: %v", got, sim.Failures())
	}
}

func TestViewValidation(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := startBot(t, sim, nil).api
	ctx := ctxT(t)
	for _, tc := range []struct {
		name   string
		modify func(*slack.ModalViewRequest)
		want   string
	}{
		{"long title", func(m *slack.ModalViewRequest) { m.Title = plain(strings.Repeat("t", 25)) }, "/view/title/text"},
		{"inputs without submit", func(m *slack.ModalViewRequest) { m.Submit = nil }, "/view/submit"},
		{"long private_metadata", func(m *slack.ModalViewRequest) { m.PrivateMetadata = strings.Repeat("p", 3001) }, "/view/private_metadata"},
		{"long callback_id", func(m *slack.ModalViewRequest) { m.CallbackID = strings.Repeat("c", 256) }, "/view/callback_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := sim.SlashCommand(ctx, "U1", "", "/goal", "")
			if err != nil {
				t.Fatal(err)
			}
			m := goalModal()
			tc.modify(&m)
			_, err = api.OpenViewContext(ctx, res.TriggerID, m)
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != "invalid_arguments" || !strings.Contains(strings.Join(se.ResponseMetadata.Messages, " "), tc.want) {
				t.Errorf("err = %v %+v, want invalid_arguments at %s", err, se.ResponseMetadata, tc.want)
			}
		})
	}
}

func TestViewsUpdatePushPublish(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := startBot(t, sim, nil).api
	ctx := ctxT(t)
	res, _ := sim.SlashCommand(ctx, "U1", "", "/goal", "")
	opened, err := api.OpenViewContext(ctx, res.TriggerID, goalModal())
	if err != nil {
		t.Fatal(err)
	}
	m := goalModal()
	m.Title = plain("Edit goal")
	if _, err := api.UpdateViewContext(ctx, m, "", "stale-hash", opened.ID); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	updated, err := api.UpdateViewContext(ctx, m, "", opened.Hash, opened.ID)
	if err != nil {
		t.Fatal(err)
	}
	if updated.ID != opened.ID || updated.Hash == opened.Hash || updated.Title.Text != "Edit goal" {
		t.Errorf("updated = %+v", updated.View)
	}
	res, _ = sim.SlashCommand(ctx, "U1", "", "/goal", "")
	for i := range 2 {
		if _, err := api.PushViewContext(ctx, res.TriggerID, goalModal()); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
		res, _ = sim.SlashCommand(ctx, "U1", "", "/goal", "")
	}
	if _, err := api.PushViewContext(ctx, res.TriggerID, goalModal()); err == nil || err.Error() != "push_limit_reached" {
		t.Errorf("fourth view: %v", err)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		section("Your goals"), slack.NewActionBlock("home_actions", button("goal_new", "", "New goal")),
	}}}
	pub, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
	if err != nil {
		t.Fatal(err)
	}
	hv, ok := sim.HomeView("U1")
	if !ok || hv.ID != pub.ID || hv.Type != "home" {
		t.Errorf("home = %+v", hv)
	}
	again, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
	if err != nil || again.ID != pub.ID || again.Hash == pub.Hash {
		t.Errorf("republish: %+v %v", again, err)
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: slack.HomeTabViewRequest{Type: slack.VTModal}}); err == nil {
		t.Error("published a modal as home")
	}
}

func TestAppHome(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	var api *slack.Client
	events := make(chan slackevents.EventsAPIEvent, 1)
	clicks := make(chan slack.InteractionCallback, 1)
	bot := startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		_ = sm.Ack(*evt.Request)
		switch data := evt.Data.(type) {
		case slackevents.EventsAPIEvent:
			ev := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
			_, err := api.PublishView(ev.User, slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
				section("Hello"), slack.NewActionBlock("home", button("goal_new", "", "New goal")),
			}}}, "")
			if err != nil {
				t.Errorf("publish: %v", err)
			}
			events <- data
		case slack.InteractionCallback:
			clicks <- data
		}
	})
	api = bot.api
	ctx := ctxT(t)
	if err := sim.OpenEvent(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	ev := <-events
	inner, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if ev.Type != slackevents.CallbackEvent || !ok || inner.User != "U1" || inner.Tab != "home" || inner.Channel != "DU1" {
		t.Fatalf("event = %+v / %+v", ev, ev.InnerEvent.Data)
	}
	hv, ok := sim.HomeView("U1")
	if !ok {
		t.Fatal("no home view")
	}
	res, err := sim.ClickButton(ctx, "U1", hv.Message(), "goal_new")
	if err != nil {
		t.Fatal(err)
	}
	cb := <-clicks
	if cb.Container.Type != "view" || cb.Container.ViewID != hv.ID || cb.View.ID != hv.ID || cb.View.Type != slack.VTHomeTab || res.ResponseURL != "" || cb.TriggerID == "" {
		t.Errorf("home click = %+v", cb)
	}
	// The second opening carries the published view.
	if err := sim.OpenEvent(ctx, "U1"); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent).View == nil {
		t.Error("app_home_opened without the published view")
	}
	noFailures(t, sim)
}

func TestWaitMessageAndSubscribe(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	ctx := ctxT(t)
	feed, cancel := sim.Subscribe()
	defer cancel()
	done := make(chan slacksim.Message, 1)
	go func() {
		m, err := sim.WaitMessage(ctx, func(m slacksim.Message) bool { return m.Updated && m.Text == "v2" })
		if err != nil {
			t.Error(err)
		}
		done <- m
	}()
	ch, ts, err := api.PostMessageContext(ctx, "U1", slack.MsgOptionText("v1", false))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, ch, ts, slack.MsgOptionText("v2", false)); err != nil {
		t.Fatal(err)
	}
	if m := <-done; m.TS != ts {
		t.Errorf("waited for %+v", m)
	}
	if m := <-feed; m.Text != "v1" || m.Updated {
		t.Errorf("first feed value = %+v", m)
	}
	if m := <-feed; m.Text != "v2" || !m.Updated {
		t.Errorf("second feed value = %+v", m)
	}
	// Already recorded messages match at once.
	if m, err := sim.WaitMessage(ctx, func(m slacksim.Message) bool { return m.TS == ts }); err != nil || m.Text != "v2" {
		t.Errorf("WaitMessage on a recorded message: %+v %v", m, err)
	}
}
