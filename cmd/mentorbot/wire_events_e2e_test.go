package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Slack stops delivering an app's events for the rest of a minute once it
// passes 30,000 an hour, and says so with app_rate_limited: the events of
// that minute (a new time zone, an App Home opened) are lost, which the
// operator must be able to read in the log, at warning level.
func TestAppRateLimitedEventIsLoggedAsAWarning(t *testing.T) {
	logs := &syncBuffer{}
	e := newEnvWithLog(t, logs)
	mark := len(logs.String())
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	frame := `{"envelope_id":"rl-1","type":"events_api","payload":{"token":"x","type":"app_rate_limited","team_id":"T0SIM","minute_rate_limited":1796515200,"api_app_id":"A0SIM"},"accepts_response_payload":false}`
	if _, err := e.sim.SendFrame(ctx, []byte(frame)); err != nil {
		t.Fatalf("not acknowledged: %v", err)
	}
	waitLog(t, logs, mark, `level=WARN msg="Slack is rate-limiting this app's events`)
}

// Slack sends an app subscribed to message.im its own DMs back as message
// events (with its bot_id), and their edits as message_changed: the bot
// acks them in time and answers none of them, while a person's message in
// the same DM still gets its answer.
func TestOwnDMsComingBackAsEventsAreNotAnswered(t *testing.T) {
	e := newEnv(t)
	e.sim.SetEchoOwnMessages(true)
	e.pair(alice, bob)
	e.cmd(bob, "/session", "log talked about on-call todo: <@UALICE|alice> intro to the SRE team")
	dm := e.waitDM(alice, "intro to the SRE team")
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, alice, dm, firstActionID(t, dm, "todo_done")); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.MessageEvent(ctx, bob, "hello?"); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "I only read slash commands")
	e.eventually("the simulator's echoes of the bot's own messages to be delivered", func() bool { return e.sim.EchoesPending() == 0 })
	e.settle()
	for _, u := range []string{alice, bob, dana} {
		want := 0
		if u == bob {
			want = 1 // his own message's answer
		}
		if got := len(e.dms(u, "I only read slash commands")); got != want {
			t.Errorf("%s got %d answers to messages; want %d", u, got, want)
		}
	}
	if fs := e.sim.Failures(); len(fs) > 0 {
		t.Errorf("Slack would have flagged: %v", fs)
	}
}

// firstActionID is the action_id of the first button in m whose action_id
// starts with prefix.
func firstActionID(t *testing.T, m slacksim.Message, prefix string) string {
	t.Helper()
	re := regexp.MustCompile(`"action_id":"(` + regexp.QuoteMeta(prefix) + `[^"]*)"`)
	sub := re.FindStringSubmatch(string(m.Blocks))
	if sub == nil {
		t.Fatalf("no %s button in %s", prefix, m.Blocks)
	}
	return sub[1]
}

// A file someone sends the bot in its DM (a screenshot, say) comes as a
// message with subtype file_share: it is something they wrote to the bot
// as much as a text is, and gets the same answer, instead of silence.
func TestFileSentToTheBotIsAnsweredWithWhereTheCommandsAre(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ev := fmt.Sprintf(`{"type":"event_callback","event_id":"EvFILE1","event":{"type":"message","subtype":"file_share","text":"is this right?",`+
		`"files":[{"id":"F1","name":"screenshot.png","mimetype":"image/png"}],"upload":false,"user":"UBOB","display_as_bot":false,`+
		`"ts":"%d.000100","channel":"%s","channel_type":"im","event_ts":"%d.000100"}}`, e.clock.Now().Unix(), e.dmChannel(bob), e.clock.Now().Unix())
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "I only read slash commands")
}

// A file the bot itself shares in someone's DM comes back as file_share
// too, perhaps without a bot_id; it is not answered.
func TestOwnFileShareIsNotAnswered(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ev := fmt.Sprintf(`{"type":"event_callback","event_id":"EvFILE2","event":{"type":"message","subtype":"file_share","text":"Your data",`+
		`"files":[{"id":"F2","name":"export.json"}],"upload":true,"user":"%s",`+
		`"ts":"%d.000200","channel":"%s","channel_type":"im","event_ts":"%d.000200"}}`, e.sim.BotUserID(), e.clock.Now().Unix(), e.dmChannel(bob), e.clock.Now().Unix())
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
		t.Fatal(err)
	}
	// bob's message after it is answered: by then the file's event, which
	// came first, has been dealt with too.
	if err := e.sim.MessageEvent(ctx, bob, "hello?"); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "I only read slash commands")
	e.settle()
	if fs := e.sim.Failures(); len(fs) > 0 {
		t.Errorf("Slack would have flagged: %v", fs)
	}
	if n := len(e.sim.CallsTo("chat.postMessage")); n != 1 {
		t.Errorf("the bot posted %d messages; want 1, the answer to bob's", n)
	}
}

// A command from someone Slack's users.info does not know (a stand-in's
// user list, an account removed meanwhile) is answered about them, not
// about "that person", as if they had named someone.
func TestCommandFromSomeoneSlackDoesNotKnowSaysSo(t *testing.T) {
	e := newEnv(t)
	e.sim.AddUser(slacksim.User{ID: "UZED", Name: "zed", TZ: "UTC"})
	e.sim.FailNext("users.info", 1, "user_not_found", 0)
	got := e.cmd("UZED", "/goal", "list")
	if !strings.Contains(got, "Slack doesn't know your account in this workspace") || strings.Contains(got, "that person") || strings.Contains(got, "try again") {
		t.Errorf("/goal list from an unknown user = %q", got)
	}
}
