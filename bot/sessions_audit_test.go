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

// /session log with over-long notes or to-dos, or too many to-dos, is
// refused at once by someone in two pairs, not after they pick the pair,
// which would only lead to the refusal. A to-do that starts with a bare
// @name is measured once the name is read.
func TestSessionLogTooLongBeforeWhichPair(t *testing.T) {
	fb := newFuzzBot(t)
	long := strings.Repeat("x", maxShortText+1)
	for _, c := range []struct{ text, want string }{
		{"log " + strings.Repeat("n", maxLongText+1), "That note is 2501 characters long; the limit is 2500. Please shorten it. Nothing was logged."},
		{"log notes todo: a todo: " + long, "To-do 2 is 301 characters long; the limit is 300. Please shorten it. Nothing was logged."},
		{"log notes todo: <@UBOB> " + long, "To-do 1 is 301 characters long"},
		{"log notes" + strings.Repeat(" todo: a", maxTodosPerSession+1), "Nothing was logged."},
		{"log notes todo: @bob " + long[:maxShortText-5], "which one do you mean?"},
		{"log <@UERIN> notes todo: " + long, "To-do 1 is 301 characters long"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzAlice, Command: "/session", Text: c.text, ChannelID: "D" + fzAlice})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("/session %.60s…: %q, want %q", c.text, rp.Text, c.want)
		}
		if c.want != "which one do you mean?" && len(rp.Blocks) > 0 {
			t.Errorf("/session %.60s…: answered with buttons: %q", c.text, rp.Text)
		}
	}
}
