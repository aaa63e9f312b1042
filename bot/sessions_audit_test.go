package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// /session edit with a number no session can have says there is none, as
// /session show and /session done do, rather than show the usage.
func TestSessionEditNumberThatCannotBe(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ text, want string }{
		{"edit 0", "There is no session 0: sessions are numbered from #1. `/session list` shows them."},
		{"edit #0", "There is no session #0: sessions are numbered from #1."},
		{"edit 99999999999999999999", "There is no session 99999999999999999999. `/session list` shows them."},
		{"edit abc", "Usage: `/session edit N`"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzAlice, Command: "/session", Text: c.text, ChannelID: "D" + fzAlice})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("/session %s: %q, want %q", c.text, rp.Text, c.want)
		}
	}
}
