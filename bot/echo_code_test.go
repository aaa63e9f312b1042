package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// What was typed, quoted back in a command, cannot be broken by a backtick
// in it: the quote is a code span, or with a backtick in what was typed,
// in quotation marks (inCode).
func TestTypedTextQuotedInCodeSurvivesABacktick(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ user, command, text, want string }{
		{fzBob, "/mentor", "pairs x`y", "I don't understand “/mentor pairs x`y”."},
		{fzBob, "/mentor", "pairs xy", "I don't understand `/mentor pairs xy`."},
		{fzBob, "/mentor", "next x`y", "I don't understand “/mentor next x`y”."},
		{fzAlice, "/mentor", "agenda x`y", "e.g. “/mentor agenda @name x`y”."},
		{fzAlice, "/mentor", "agenda xy", "e.g. `/mentor agenda @name xy`."},
		{fzBob, "/session", "list alice x`y", "turns into a mention: “/session list @alice x`y”."},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: c.user, Command: c.command, Text: c.text, ChannelID: "D" + c.user})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("%s %s: %q, want %q in it", c.command, c.text, rp.Text, c.want)
		}
	}
}
