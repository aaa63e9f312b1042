package slacksim

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// obj parses a JSON literal for the tests.
func obj(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := decodeJSON([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func q(s string) string { b, _ := json.Marshal(s); return string(b) }

func rep(s string, n int) string { return strings.Repeat(s, n) }

func list(n int, item string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = strings.ReplaceAll(item, "%d", fmt.Sprint(i))
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func TestCheckBlocks(t *testing.T) {
	txt := func(s string) string { return `{"type":"mrkdwn","text":` + q(s) + `}` }
	pt := func(s string) string { return `{"type":"plain_text","text":` + q(s) + `}` }
	btn := func(id, text, value string) string {
		return `{"type":"button","action_id":` + q(id) + `,"text":` + pt(text) + `,"value":` + q(value) + `}`
	}
	opt := `{"text":` + pt("o%d") + `,"value":"v%d"}`
	for _, tc := range []struct {
		name   string
		blocks string
		surf   surface
		want   string // substring of the first error; "" means valid
	}{
		{"section ok", `[{"type":"section","text":` + txt(rep("a", 3000)) + `}]`, surfMessage, ""},
		{"section text 3001", `[{"type":"section","text":` + txt(rep("a", 3001)) + `}]`, surfMessage, "less than 3001 characters [json-pointer:/blocks/0/text/text]"},
		{"section empty text", `[{"type":"section","text":` + txt("") + `}]`, surfMessage, "more than 0 characters"},
		{"section neither text nor fields", `[{"type":"section"}]`, surfMessage, "either text or fields"},
		{"10 fields", `[{"type":"section","fields":` + list(10, txt("f")) + `}]`, surfMessage, ""},
		{"11 fields", `[{"type":"section","fields":` + list(11, txt("f")) + `}]`, surfMessage, "no more than 10 items allowed [json-pointer:/blocks/0/fields]"},
		{"field 2001", `[{"type":"section","fields":[` + txt(rep("f", 2001)) + `]}]`, surfMessage, "/blocks/0/fields/0/text"},
		{"header 150", `[{"type":"header","text":` + pt(rep("h", 150)) + `}]`, surfMessage, ""},
		{"header 151", `[{"type":"header","text":` + pt(rep("h", 151)) + `}]`, surfMessage, "less than 151"},
		{"header mrkdwn", `[{"type":"header","text":` + txt("h") + `}]`, surfMessage, "must be plain_text"},
		// Slack: "invalid additional property: emoji" (slack-go#1414).
		{"mrkdwn with emoji", `[{"type":"section","text":{"type":"mrkdwn","text":"m","emoji":false}}]`, surfMessage, "invalid additional property: emoji [json-pointer:/blocks/0/text]"},
		{"mrkdwn field with emoji", `[{"type":"section","fields":[{"type":"mrkdwn","text":"m","emoji":true}]}]`, surfMessage, "invalid additional property: emoji [json-pointer:/blocks/0/fields/0]"},
		{"plain_text with emoji", `[{"type":"header","text":{"type":"plain_text","text":"h","emoji":true}}]`, surfMessage, ""},
		{"context 11", `[{"type":"context","elements":` + list(11, txt("c")) + `}]`, surfMessage, "no more than 10 items"},
		{"actions 25", `[{"type":"actions","elements":` + list(25, btn("a%d", "b", "v")) + `}]`, surfMessage, ""},
		{"actions 26", `[{"type":"actions","elements":` + list(26, btn("a%d", "b", "v")) + `}]`, surfMessage, "no more than 25 items"},
		{"button text 76", `[{"type":"actions","elements":[` + btn("a", rep("b", 76), "v") + `]}]`, surfMessage, "/blocks/0/elements/0/text/text"},
		{"button value 2001", `[{"type":"actions","elements":[` + btn("a", "b", rep("v", 2001)) + `]}]`, surfMessage, "/blocks/0/elements/0/value"},
		{"action_id 256", `[{"type":"actions","elements":[` + btn(rep("a", 256), "b", "v") + `]}]`, surfMessage, "/blocks/0/elements/0/action_id"},
		{"duplicate action_id in a block", `[{"type":"actions","elements":[` + btn("a", "b", "1") + `,` + btn("a", "c", "2") + `]}]`, surfMessage, "duplicate action_id"},
		{"same action_id in two blocks", `[{"type":"actions","elements":[` + btn("a", "b", "1") + `]},{"type":"actions","elements":[` + btn("a", "b", "2") + `]}]`, surfMessage, ""},
		{"block_id 256", `[{"type":"divider","block_id":` + q(rep("b", 256)) + `}]`, surfMessage, "/blocks/0/block_id"},
		{"duplicate block_id", `[{"type":"divider","block_id":"x"},{"type":"divider","block_id":"x"}]`, surfMessage, "duplicate block_id"},
		{"51 blocks in a message", list(51, `{"type":"divider"}`), surfMessage, "no more than 50 items allowed [json-pointer:/blocks]"},
		{"100 blocks in a modal", list(100, `{"type":"divider"}`), surfModal, ""},
		{"101 blocks in home", list(101, `{"type":"divider"}`), surfHome, "no more than 100 items"},
		{"unknown block", `[{"type":"sparkles"}]`, surfMessage, "unsupported type: sparkles"},
		{"input label 2001", `[{"type":"input","label":` + pt(rep("l", 2001)) + `,"element":{"type":"plain_text_input","action_id":"t"}}]`, surfModal, "/blocks/0/label/text"},
		{"input without element", `[{"type":"input","label":` + pt("l") + `}]`, surfModal, "missing required field: element"},
		{"max_length 3000", `[{"type":"input","label":` + pt("l") + `,"element":{"type":"plain_text_input","action_id":"t","max_length":3000}}]`, surfModal, ""},
		{"max_length 3001", `[{"type":"input","label":` + pt("l") + `,"element":{"type":"plain_text_input","action_id":"t","max_length":3001}}]`, surfModal, "/blocks/0/element/max_length"},
		{"button in an input", `[{"type":"input","label":` + pt("l") + `,"element":` + btn("a", "b", "v") + `}]`, surfModal, "button is not allowed in input"},
		{"text input in actions", `[{"type":"actions","elements":[{"type":"plain_text_input","action_id":"t"}]}]`, surfMessage, "not allowed in actions"},
		{"select 100 options", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + list(100, opt) + `}]}]`, surfMessage, ""},
		{"select 101 options", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + list(101, opt) + `}]}]`, surfMessage, "no more than 100 items"},
		{"option value 151", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":[{"text":` + pt("o") + `,"value":` + q(rep("v", 151)) + `}]}]}]`, surfMessage, "/options/0/value"},
		{"initial option not an option", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + list(2, opt) + `,"initial_option":{"text":` + pt("o9") + `,"value":"v9"}}]}]`, surfMessage, "must match one of the provided options"},
		{"initial option ok", `[{"type":"actions","elements":[{"type":"static_select","action_id":"s","options":` + list(2, opt) + `,"initial_option":{"text":` + pt("o1") + `,"value":"v1"}}]}]`, surfMessage, ""},
		{"11 checkboxes", `[{"type":"actions","elements":[{"type":"checkboxes","action_id":"c","options":` + list(11, opt) + `}]}]`, surfMessage, "no more than 10 items"},
		{"bad initial_date", `[{"type":"actions","elements":[{"type":"datepicker","action_id":"d","initial_date":"1/2/2025"}]}]`, surfMessage, "YYYY-MM-DD"},
		{"placeholder 151", `[{"type":"actions","elements":[{"type":"datepicker","action_id":"d","placeholder":` + pt(rep("p", 151)) + `}]}]`, surfMessage, "/placeholder/text"},
		{"confirm title 101", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":` + pt("b") + `,"confirm":{"title":` + pt(rep("t", 101)) + `,"text":` + txt("x") + `,"confirm":` + pt("y") + `,"deny":` + pt("n") + `}}]}]`, surfMessage, "/confirm/title/text"},
		{"image without alt_text", `[{"type":"image","image_url":"https://x/y.png"}]`, surfMessage, "alt_text"},
		{"button style", `[{"type":"actions","elements":[{"type":"button","action_id":"a","text":` + pt("b") + `,"style":"green"}]}]`, surfMessage, "primary, danger"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blocks, _ := obj(t, tc.blocks).([]any)
			errs := checkBlocks(blocks, tc.surf, "/blocks")
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("valid blocks rejected: %v", errs)
			case tc.want != "" && len(errs) == 0:
				t.Errorf("invalid blocks accepted, want %q", tc.want)
			case tc.want != "" && !strings.Contains(errs[0], tc.want):
				t.Errorf("error %q, want it to contain %q", errs[0], tc.want)
			}
		})
	}
}

func TestCheckView(t *testing.T) {
	pt := func(s string) string { return `{"type":"plain_text","text":` + q(s) + `}` }
	input := `{"type":"input","label":` + pt("Goal") + `,"element":{"type":"plain_text_input","action_id":"g"}}`
	for _, tc := range []struct {
		name, view, want string
	}{
		{"modal ok", `{"type":"modal","title":` + pt(rep("t", 24)) + `,"submit":` + pt("Save") + `,"blocks":[` + input + `]}`, ""},
		{"home ok", `{"type":"home","blocks":[{"type":"divider"}]}`, ""},
		{"title 25", `{"type":"modal","title":` + pt(rep("t", 25)) + `,"blocks":[]}`, "/view/title/text"},
		{"no title", `{"type":"modal","blocks":[]}`, "/view/title"},
		{"submit 25", `{"type":"modal","title":` + pt("t") + `,"submit":` + pt(rep("s", 25)) + `,"blocks":[]}`, "/view/submit/text"},
		{"close 25", `{"type":"modal","title":` + pt("t") + `,"close":` + pt(rep("c", 25)) + `,"blocks":[]}`, "/view/close/text"},
		{"inputs need submit", `{"type":"modal","title":` + pt("t") + `,"blocks":[` + input + `]}`, "submit property"},
		{"private_metadata 3001", `{"type":"modal","title":` + pt("t") + `,"private_metadata":` + q(rep("p", 3001)) + `,"blocks":[]}`, "/view/private_metadata"},
		{"callback_id 256", `{"type":"home","callback_id":` + q(rep("c", 256)) + `,"blocks":[]}`, "/view/callback_id"},
		{"bad type", `{"type":"dialog","blocks":[]}`, "modal, home"},
		{"no blocks", `{"type":"home"}`, "blocks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := obj(t, tc.view).(map[string]any)
			_, errs := checkView(v, "/view")
			switch {
			case tc.want == "" && len(errs) > 0:
				t.Errorf("valid view rejected: %v", errs)
			case tc.want != "" && len(errs) == 0:
				t.Errorf("invalid view accepted, want %q", tc.want)
			case tc.want != "" && !strings.Contains(strings.Join(errs, "\n"), tc.want):
				t.Errorf("errors %v, want one containing %q", errs, tc.want)
			}
		})
	}
}

func TestFillIDs(t *testing.T) {
	blocks, _ := obj(t, `[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"b"}}]},{"type":"divider","block_id":"keep"}]`).([]any)
	n := 0
	fillIDs(blocks, func() string { n++; return fmt.Sprint("id", n) })
	got, _ := json.Marshal(blocks)
	want := `[{"block_id":"id1","elements":[{"action_id":"id2","text":{"text":"b","type":"plain_text"},"type":"button"}],"type":"actions"},{"block_id":"keep","type":"divider"}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestParseTS(t *testing.T) {
	for in, want := range map[string]int64{
		"1700000000.000100": 1700000000000100,
		"1700000000":        1700000000000000,
		"1700000000.5":      1700000000500000,
	} {
		if got, ok := parseTS(in); !ok || got != want {
			t.Errorf("parseTS(%q) = %d, %v", in, got, ok)
		}
	}
	if _, ok := parseTS("soon"); ok {
		t.Error("parsed garbage")
	}
	if formatTS(1700000000000100) != "1700000000.000100" {
		t.Error("formatTS")
	}
}

// The blocks of a message echoed in a block_actions payload have their
// text objects as Slack stores them, defaults filled in; what a bot set
// stays.
func TestSlackEchoBlocks(t *testing.T) {
	in := `[{"type":"section","text":{"type":"mrkdwn","text":"*Hi*"},"accessory":{"type":"button","action_id":"a","text":{"type":"plain_text","text":"OK"}}},` +
		`{"type":"context","elements":[{"type":"mrkdwn","text":"m","verbatim":true},{"type":"plain_text","text":"p","emoji":false}]}]`
	got := string(slackEchoBlocks(json.RawMessage(in)))
	for _, want := range []string{
		`{"text":"*Hi*","type":"mrkdwn","verbatim":false}`,
		`{"emoji":true,"text":"OK","type":"plain_text"}`,
		`{"text":"m","type":"mrkdwn","verbatim":true}`,
		`{"emoji":false,"text":"p","type":"plain_text"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("echo lacks %s:\n%s", want, got)
		}
	}
}
