package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// Only the command of each usage line is code; its description is prose.
func TestUsageShowsOnlyTheCommandAsCode(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ command, text, line string }{
		{"/mentor", "", "• `/mentor end [@partner]` — end a pair; its history stays"},
		{"/mentor", "help", "• `/mentor skip [@partner]` — skip the next meeting"},
		{"/mentor", "frobnicate", "• `/mentor pairs` — your pairs"},
		{"/goal", "help", "• `/goal done N` — mark a goal done"},
		{"/goal", "frobnicate", "• `/goal progress N PERCENT [note]` — e.g. `/goal progress 3 40% first draft written`"},
		{"/session", "help", "• `/session list [@partner]` — recent sessions of your pairs"},
		{"/session", "frobnicate", "• `/session done N` — close to-do #N"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: c.command, Text: c.text, ChannelID: "D" + fzBob})
		if !strings.Contains(rp.Text, c.line) {
			t.Errorf("%s %s: no line %q in:\n%s", c.command, c.text, c.line, rp.Text)
		}
		for _, line := range strings.Split(rp.Text, "\n") {
			if strings.HasPrefix(line, "• `") && strings.HasSuffix(line, "`") && strings.Contains(line, " — ") &&
				!strings.Contains(line, "` — ") {
				t.Errorf("%s %s: a whole line is code: %q", c.command, c.text, line)
			}
		}
	}
}
