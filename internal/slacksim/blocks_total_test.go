package slacksim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// apiPost calls a Web API method with form parameters and returns Slack's
// error code ("" when ok).
func apiPost(t *testing.T, sim *slacksim.Server, method string, params url.Values) string {
	t.Helper()
	params.Set("token", sim.BotToken())
	resp, err := http.PostForm(sim.APIURL()+method, params)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
		TS    string `json:"ts"`
	}
	if err := decodeBody(resp, &body); err != nil {
		t.Fatal(err)
	}
	if body.OK != (body.Error == "") {
		t.Fatalf("%s answered ok=%v error=%q", method, body.OK, body.Error)
	}
	return body.Error
}

func mrkdwnObj(s string) map[string]any { return map[string]any{"type": "mrkdwn", "text": s} }
func plainObj(s string) map[string]any  { return map[string]any{"type": "plain_text", "text": s} }

func blocksParam(t *testing.T, blocks []any) string {
	t.Helper()
	b, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sectionsOf is n sections of size characters each.
func sectionsOf(n, size int) []any {
	var out []any
	for i := range n {
		out = append(out, map[string]any{"type": "section", "text": mrkdwnObj(fmt.Sprintf("%0*d", size, i))})
	}
	return out
}

// Slack refuses a message whose blocks hold more than 12,000 characters of
// text in all, each block valid on its own: msg_blocks_too_long. Every
// kind of text counts; what is not text (URLs, values, IDs) does not.
func TestMessageBlocksTextLimit(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct {
		name    string
		blocks  []any
		refused bool
	}{
		{"sections of exactly 12,000 characters", sectionsOf(5, 2400), false},
		{"one character more, in a button", append(sectionsOf(5, 2400), map[string]any{"type": "actions", "elements": []any{
			map[string]any{"type": "button", "text": plainObj("x"), "value": x(2000), "url": "https://example.com/" + x(2000)},
		}}), true},
		{"values, URLs and IDs are not text", append(sectionsOf(5, 2399), map[string]any{"type": "actions", "block_id": x(255), "elements": []any{
			map[string]any{"type": "button", "text": plainObj("Open!"), "action_id": x(255), "value": x(2000), "url": "https://example.com/" + x(2000)},
		}}), false},
		{"section fields", []any{
			map[string]any{"type": "section", "fields": []any{mrkdwnObj(x(2000)), mrkdwnObj(x(2000)), mrkdwnObj(x(2000))}},
			map[string]any{"type": "section", "fields": []any{mrkdwnObj(x(2000)), mrkdwnObj(x(2000)), mrkdwnObj(x(2000))}},
			map[string]any{"type": "section", "fields": []any{plainObj("x")}},
		}, true},
		{"context elements and a header", []any{
			map[string]any{"type": "header", "text": plainObj(x(150))},
			map[string]any{"type": "context", "elements": []any{mrkdwnObj(x(3000)), mrkdwnObj(x(3000)), plainObj(x(3000)), mrkdwnObj(x(2851))}},
		}, true},
		{"rich_text", []any{
			map[string]any{"type": "rich_text", "elements": []any{map[string]any{"type": "rich_text_section", "elements": []any{
				map[string]any{"type": "text", "text": x(6000)},
				map[string]any{"type": "link", "url": "https://example.com", "text": x(6001)},
			}}}},
		}, true},
		{"markdown blocks", []any{
			map[string]any{"type": "markdown", "text": x(6000)},
			map[string]any{"type": "markdown", "text": x(6000)},
		}, false},
		{"markdown blocks, one character over", []any{
			map[string]any{"type": "markdown", "text": x(6000)},
			map[string]any{"type": "markdown", "text": x(6001)},
		}, true},
		{"characters, not bytes: 24,000 bytes of é", []any{
			map[string]any{"type": "section", "text": mrkdwnObj(strings.Repeat("é", 3000))},
			map[string]any{"type": "section", "text": mrkdwnObj(strings.Repeat("é", 3000))},
			map[string]any{"type": "section", "text": mrkdwnObj(strings.Repeat("é", 3000))},
			map[string]any{"type": "section", "text": mrkdwnObj(strings.Repeat("é", 3000))},
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sim := newSim(t, slacksim.Options{})
			want := ""
			if c.refused {
				want = "msg_blocks_too_long"
			}
			got := apiPost(t, sim, "chat.postMessage", url.Values{"channel": {"U1"}, "text": {"fallback"}, "blocks": {blocksParam(t, c.blocks)}})
			if got != want {
				t.Errorf("chat.postMessage: error %q, want %q", got, want)
			}
			if c.refused && len(sim.MessagesTo("U1")) != 0 {
				t.Error("the refused message was posted")
			}
			if f := sim.Failures(); c.refused != (len(f) == 1 && strings.Contains(f[0], "msg_blocks_too_long")) {
				t.Errorf("failures = %v", f)
			}
		})
	}
}

// chat.update and chat.postEphemeral are held to the same limit; an
// update that is refused leaves the message as it was.
func TestMessageBlocksTextLimitOnUpdateAndEphemeral(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	big := blocksParam(t, sectionsOf(5, 2401))
	sim.AddChannel("CGENERAL", "general")
	if got := apiPost(t, sim, "chat.postEphemeral", url.Values{"channel": {"CGENERAL"}, "user": {"U1"}, "text": {"x"}, "blocks": {big}}); got != "msg_blocks_too_long" {
		t.Errorf("chat.postEphemeral: error %q, want msg_blocks_too_long", got)
	}
	if got := apiPost(t, sim, "chat.postMessage", url.Values{"channel": {"U1"}, "text": {"first"}, "blocks": {blocksParam(t, sectionsOf(1, 10))}}); got != "" {
		t.Fatalf("chat.postMessage: %s", got)
	}
	m := sim.MessagesTo("U1")[0]
	if got := apiPost(t, sim, "chat.update", url.Values{"channel": {m.Channel}, "ts": {m.TS}, "text": {"second"}, "blocks": {big}}); got != "msg_blocks_too_long" {
		t.Errorf("chat.update: error %q, want msg_blocks_too_long", got)
	}
	if now, _ := sim.LookupMessage(m.Channel, m.TS); now.Text != "first" || now.Updated {
		t.Errorf("after a refused update: %+v", now)
	}
	if got := apiPost(t, sim, "chat.update", url.Values{"channel": {m.Channel}, "ts": {m.TS}, "text": {"third"}, "blocks": {blocksParam(t, sectionsOf(5, 2400))}}); got != "" {
		t.Errorf("chat.update of 12,000 characters: %s", got)
	}
}

// A response_url takes blocks past the limit: the reports of
// msg_blocks_too_long saw the same blocks pass through it.
func TestResponseURLTakesLongBlocks(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	api := newAPI(sim)
	startBot(t, sim, func(t *testing.T, evt socketmode.Event, sm *socketmode.Client) { _ = sm.Ack(*evt.Request) })
	ctx := ctxT(t)
	ch, ts, err := api.PostMessageContext(ctx, "U2", slack.MsgOptionText("Pick", false),
		slack.MsgOptionBlocks(slack.NewActionBlock("pick", button("pick", "1", "Pick"))))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := sim.LookupMessage(ch, ts)
	res, err := sim.ClickButton(ctx, "U2", msg, "pick")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []slack.Block
	for i := range 5 {
		blocks = append(blocks, section(fmt.Sprintf("%03000d", i)))
	}
	if _, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionReplaceOriginal(res.ResponseURL),
		slack.MsgOptionText("Picked", false), slack.MsgOptionBlocks(blocks...)); err != nil {
		t.Fatalf("response_url with 15,000 characters of blocks: %v", err)
	}
	noFailures(t, sim)
}
