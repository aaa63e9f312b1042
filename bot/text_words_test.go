package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// Slack's markup is one word, whatever its label holds, and two pieces
// of it glued together are two words.
func TestSplitWordKeepsMarkupWhole(t *testing.T) {
	for _, c := range []struct{ in, word, rest string }{
		{"<@UBOB|Bob Brown> next", "<@UBOB|Bob Brown>", "next"},
		{"<@UALICE|a><@UCAROL|c>", "<@UALICE|a>", "<@UCAROL|c>"},
		{"<@UALICE|a><@UCAROL|c> <@UDANA|d>", "<@UALICE|a>", "<@UCAROL|c> <@UDANA|d>"},
		{"<#C0GENERAL|all hands> x", "<#C0GENERAL|all hands>", "x"},
		{"<https://example.com/a|the page> x", "<https://example.com/a|the page>", "x"},
		{"<@UBOB|Bob Brown>'s idea", "<@UBOB|Bob Brown>'s", "idea"},
		{"<@UBOB|Bob Brown>, <@UCAROL>", "<@UBOB|Bob Brown>,", "<@UCAROL>"},
		{"x<@UBOB><@UCAROL> y", "x<@UBOB><@UCAROL>", "y"},
		{"<@UBOB|Bob unclosed rest", "<@UBOB|Bob", "unclosed rest"},
		{"  plain  words ", "plain", "words"},
	} {
		if w, r := splitWord(c.in); w != c.word || r != c.rest {
			t.Errorf("splitWord(%q) = %q, %q; want %q, %q", c.in, w, r, c.word, c.rest)
		}
	}
}

// A mention whose name has a space, or two mentions typed without one
// between them, are read as the people they name.
func TestMentionsWithSpacesOrGluedAreRead(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ user, command, text, want string }{
		{fzAlice, "/mentor", "next <@UBOB|Bob Brown>", "Next meeting with <@UBOB>"},
		{fzAlice, "/session", "log <@UBOB|Bob Brown> talked", "Logged session"},
		{fzAlice, "/mentor", "meet weekly thu 16:00 <@UBOB|Bob Brown>", "Your meetings with <@UBOB> are set"},
		{fzAlice, "/mentor", "snooze 2w <@UBOB|Bob Brown>", "for your pair with <@UBOB>"},
		{fzDana, "/mentor", "pair <@UCAROL|Carol Chen> <@UDANA|Dana Diaz> extra", `I didn't understand "extra".`},
		{fzDana, "/mentor", "pair <@UCAROL|c><@UDANA|d>", "Paired <@UCAROL> (mentor) with <@UDANA> (mentee)."},
		{fzBob, "/mentor", "<@UALICE|Alice Adams> next", "I don't know `/mentor @Alice Adams`."},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: c.user, Command: c.command, Text: c.text, ChannelID: "D" + c.user})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("%s %s: %q, want %q", c.command, c.text, rp.Text, c.want)
		}
	}
}
