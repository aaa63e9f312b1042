package slacksim_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// interactions collects the interaction callbacks a bot receives, acking
// each without a payload.
func interactions(t *testing.T, sim *slacksim.Server) (*testBot, chan slack.InteractionCallback) {
	t.Helper()
	got := make(chan slack.InteractionCallback, 8)
	bot := startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) {
		_ = sm.Ack(*evt.Request)
		if cb, ok := evt.Data.(slack.InteractionCallback); ok {
			got <- cb
		}
	})
	return bot, got
}

func TestSelectInModalInputWaitsForSubmit(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	bot, got := interactions(t, sim)
	ctx := ctxT(t)
	res, err := sim.SlashCommand(ctx, "U1", "", "/goal", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bot.api.OpenViewContext(ctx, res.TriggerID, goalModal()); err != nil {
		t.Fatal(err)
	}
	v := sim.OpenViews("U1")[0]
	// A select in an input block without dispatch_action sends nothing...
	sel, err := sim.SelectOption(ctx, "U1", v.Message(), "kind", "career")
	if err != nil {
		t.Fatal(err)
	}
	if sel.EnvelopeID != "" {
		t.Errorf("block_actions sent for a non-dispatching input: %+v", sel)
	}
	// ...but the choice is in the submission.
	if _, err := sim.SubmitView(ctx, "U1", v.ID, map[string]map[string]any{"goal_block": {"goal": "Learn Go"}}); err != nil {
		t.Fatal(err)
	}
	cb := <-got
	st := cb.View.State.Values
	if st["kind_block"]["kind"].SelectedOption.Value != "career" || st["kind_block"]["kind"].SelectedOption.Text.Text != "Career" {
		t.Errorf("state = %+v", st)
	}
	// Optional inputs left empty are present with no value, as Slack sends them.
	if due, ok := st["due_block"]["due"]; !ok || due.SelectedDate != "" || due.Type != "datepicker" {
		t.Errorf("empty optional date = %+v, present %v", due, ok)
	}
	noFailures(t, sim)
}

func TestSubmitRejectsWhatSlackWould(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	bot, _ := interactions(t, sim)
	ctx := ctxT(t)
	res, _ := sim.SlashCommand(ctx, "U1", "", "/goal", "")
	m := goalModal()
	m.Blocks.BlockSet[0].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement).MaxLength = 10
	if _, err := bot.api.OpenViewContext(ctx, res.TriggerID, m); err != nil {
		t.Fatal(err)
	}
	v := sim.OpenViews("U1")[0]
	for name, values := range map[string]map[string]map[string]any{
		"too long":       {"goal_block": {"goal": strings.Repeat("g", 11)}, "kind_block": {"kind": "skill"}},
		"unknown option": {"goal_block": {"goal": "g"}, "kind_block": {"kind": "hobby"}},
		"unknown input":  {"goal_block": {"goal": "g"}, "kind_block": {"kind": "skill"}, "nope": {"x": "y"}},
		"bad date":       {"goal_block": {"goal": "g"}, "kind_block": {"kind": "skill"}, "due_block": {"due": "May 1"}},
	} {
		if _, err := sim.SubmitView(ctx, "U1", v.ID, values); !errors.Is(err, slacksim.ErrNotSubmittable) {
			t.Errorf("%s: err = %v, want ErrNotSubmittable", name, err)
		}
	}
	if _, err := sim.SubmitView(ctx, "U2", v.ID, map[string]map[string]any{}); err == nil {
		t.Error("another user submitted alice's modal")
	}
}

func TestCloseView(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	bot, got := interactions(t, sim)
	ctx := ctxT(t)
	for _, notify := range []bool{false, true} {
		res, _ := sim.SlashCommand(ctx, "U1", "", "/goal", "")
		m := goalModal()
		m.NotifyOnClose = notify
		if _, err := bot.api.OpenViewContext(ctx, res.TriggerID, m); err != nil {
			t.Fatal(err)
		}
		v := sim.OpenViews("U1")[0]
		if err := sim.CloseView(ctx, "U1", v.ID); err != nil {
			t.Fatal(err)
		}
		if len(sim.OpenViews("U1")) != 0 {
			t.Error("view still open")
		}
		if lv, _ := sim.LookupView(v.ID); lv.Open {
			t.Error("closed view reported open")
		}
	}
	if cb := <-got; cb.Type != slack.InteractionTypeViewClosed || cb.View.CallbackID != "goal_add" {
		t.Errorf("view_closed = %+v", cb)
	}
	select {
	case cb := <-got:
		t.Errorf("extra callback %s", cb.Type)
	default:
	}
}

func TestButtonsSharingAnActionID(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	bot, got := interactions(t, sim)
	ctx := ctxT(t)
	// A check-in with a Done button per to-do: same action_id, one per block.
	ch, ts, err := bot.api.PostMessageContext(ctx, "U1", slack.MsgOptionText("Your to-dos", false), slack.MsgOptionBlocks(
		slack.NewSectionBlock(plain("Read the book"), nil, slack.NewAccessory(button("todo_done", "3", "Done"))),
		slack.NewSectionBlock(plain("Book a room"), nil, slack.NewAccessory(button("todo_done", "4", "Done"))),
	))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := sim.LookupMessage(ch, ts)
	if _, err := sim.ClickButton(ctx, "U1", msg, "todo_done"); err == nil {
		t.Error("ambiguous click accepted")
	}
	if _, err := sim.ClickButtonValue(ctx, "U1", msg, "todo_done", "4"); err != nil {
		t.Fatal(err)
	}
	cb := <-got
	act := cb.ActionCallback.BlockActions[0]
	if act.Value != "4" || act.BlockID == "" {
		t.Errorf("action = %+v (Slack fills in missing block_ids)", act)
	}
}

func TestClickOnEphemeral(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	bot, got := interactions(t, sim)
	ctx := ctxT(t)
	ts, err := bot.api.PostEphemeralContext(ctx, "DU1", "U1", slack.MsgOptionText("Forget your data?", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("forget", button("forget_confirm", "yes", "Delete my data"))))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := sim.LookupMessage("DU1", ts)
	res, err := sim.ClickButton(ctx, "U1", msg, "forget_confirm")
	if err != nil {
		t.Fatal(err)
	}
	cb := <-got
	if !cb.Container.IsEphemeral || cb.Container.MessageTs != ts || cb.Message.Timestamp != "" {
		t.Errorf("ephemeral click: container %+v, message ts %q (Slack omits the message)", cb.Container, cb.Message.Timestamp)
	}
	// delete_original removes the ephemeral message.
	if _, _, err := bot.api.PostMessageContext(ctx, "", slack.MsgOptionDeleteOriginal(res.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	if m, _ := sim.LookupMessage("DU1", ts); !m.Deleted {
		t.Errorf("not deleted: %+v", m)
	}
	noFailures(t, sim)
}
