package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// A DM read back from Slack loses what can be pressed and its hints, and
// keeps what it says.
func TestWithoutButtons(t *testing.T) {
	img := slack.NewImageBlockElement("https://example.com/a.png", "a")
	in := []slack.Block{
		section(":wave: How did your meeting go?"),
		slack.NewActionBlock("followup_actions", button("session_log_open", "1:2026-11-05", "Log session", "")),
		slack.NewSectionBlock(mrkdwn("• draft the outline"), nil, slack.NewAccessory(button("todo_done_1", "1", "Done", ""))),
		slack.NewSectionBlock(mrkdwn("a picture"), nil, slack.NewAccessory(img)),
		contextText("Or type `/session log @bob …`."),
		slack.NewDividerBlock(),
	}
	// As conversations.history gives them back.
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var read slack.Blocks
	if err := json.Unmarshal(raw, &read); err != nil {
		t.Fatal(err)
	}
	out, n := withoutButtons(read.BlockSet)
	if n != 2 { // Log session, and the to-do's Done
		t.Fatalf("%d buttons found, want 2", n)
	}
	got, _ := json.Marshal(out)
	for _, gone := range []string{`"actions"`, "todo_done_1", "session_log_open", "Or type"} {
		if strings.Contains(string(got), gone) {
			t.Errorf("%s is left: %s", gone, got)
		}
	}
	for _, kept := range []string{"How did your meeting go?", "draft the outline", "a.png", `"divider"`} {
		if !strings.Contains(string(got), kept) {
			t.Errorf("%s is gone: %s", kept, got)
		}
	}
	if len(out) != 4 {
		t.Errorf("%d blocks left, want 4: %s", len(out), got)
	}
	// The original is not changed: it may be what someone else reads.
	if sec := read.BlockSet[2].(*slack.SectionBlock); sec.Accessory == nil {
		t.Error("the section read back lost its accessory")
	}
	// A DM answered in place has nothing to take away.
	if _, n := withoutButtons([]slack.Block{section("Great — thanks for answering!")}); n != 0 {
		t.Error("buttons found in a message without any")
	}
}

func TestTSBefore(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"1762329600.000100", "1762329600.000200", true},
		{"1762329600.000200", "1762329600.000100", false},
		{"999999999.999999", "1000000000.000000", true},
		{"1762329601.000000", "1762329600.999999", false},
		{"1762329600.000100", "1762329600.000100", false},
	} {
		if got := tsBefore(c.a, c.b); got != c.want {
			t.Errorf("tsBefore(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
