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

// The example of the which-pair answer, and any typed text quoted in a
// code span, shows what was typed over several lines as its first line,
// cut: a code span ends at a line break, and the rest would spill out of
// it as mrkdwn.
func TestTypedTextOfSeveralLinesQuotedInCode(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ user, text, want string }{
		{fzAlice, "agenda first\nsecond", "e.g. `/mentor agenda @name first…`."},
		{fzAlice, "agenda first x`y\nsecond", "e.g. “/mentor agenda @name first x`y…”."},
		{fzAlice, "agenda first  \r\nsecond", "e.g. `/mentor agenda @name first…`."},
		{fzBob, "pairs x\nsecond", "I don't understand `/mentor pairs x…`."},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: c.user, Command: "/mentor", Text: c.text, ChannelID: "D" + c.user})
		if !strings.Contains(rp.Text, c.want) || strings.Contains(rp.Text, "second") {
			t.Errorf("/mentor %q: %q, want %q in it", c.text, rp.Text, c.want)
		}
	}
}
