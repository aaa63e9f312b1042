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
		{"/session", "help", "• `/session list [@partner] [PAGE]` — the sessions of your pairs, most recent first, 10 to a page"},
		{"/session", "frobnicate", "• `/session done N [N…]` — close to-do #N, or several at once (all or none)"},
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

// Help shows admins' subcommands to admins only, under a heading of their
// own, and the rest in the order of a pair's life.
func TestUsageShowsAdminLinesToAdminsOnly(t *testing.T) {
	fb := newFuzzBot(t)
	help := func(user string) string {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: user, Command: "/mentor", Text: "help", ChannelID: "D" + user})
		return rp.Text
	}
	bob, dana := help(fzBob), help(fzDana)
	for _, admin := range []string{"`/mentor pair @mentor @mentee`", "`/mentor match`", "`/mentor report`", "*For programme admins*"} {
		if strings.Contains(bob, admin) {
			t.Errorf("bob (no admin) is shown %s:\n%s", admin, bob)
		}
		if !strings.Contains(dana, admin) {
			t.Errorf("dana (admin) is not shown %s:\n%s", admin, dana)
		}
	}
	for _, admin := range []string{"pairs [all", "start NAME", "add|remove"} {
		if strings.Contains(bob, admin) {
			t.Errorf("bob (no admin) is shown %q:\n%s", admin, bob)
		}
		if !strings.Contains(dana, admin) {
			t.Errorf("dana (admin) is not shown %q:\n%s", admin, dana)
		}
	}
	if strings.Contains(dana, "— admins:") {
		t.Errorf("under the admins' heading, lines still say 'admins:':\n%s", dana)
	}
	if i, j := strings.Index(bob, "`/mentor request"), strings.Index(bob, "`/mentor forget`"); i < 0 || j < 0 || i > j {
		t.Errorf("request should come before forget:\n%s", bob)
	}
	if i, j := strings.Index(dana, "`/mentor forget`"), strings.Index(dana, "*For programme admins*"); i > j {
		t.Errorf("the admins' heading should come after everyone's lines:\n%s", dana)
	}
}

// A typo gets the subcommand it most likely meant; a guess between two,
// or an admin's subcommand for someone else, gets none.
func TestUnknownSubcommandSuggestsTheClosest(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ user, command, text, want string }{
		{fzBob, "/goal", "ad learn Go", "Did you mean `/goal add`?"},
		{fzBob, "/goal", "lsit", "Did you mean `/goal list`?"},
		{fzBob, "/session", "tood", "Did you mean `/session todos`?"},
		{fzBob, "/mentor", "sched weekly mon 10:00", ""},
		{fzBob, "/mentor", "repotr", ""},
		{fzDana, "/mentor", "repotr", "Did you mean `/mentor report`?"},
		{fzBob, "/mentor", "frobnicate", ""},
		{fzBob, "/goal", "3", "Did you mean `/goal show 3`?"},
		{fzBob, "/session", "#12", "Did you mean `/session show 12`?"},
		{fzBob, "/mentor", "3", ""},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: c.user, Command: c.command, Text: c.text, ChannelID: "D" + c.user})
		first, _, _ := strings.Cut(rp.Text, "\n")
		if !strings.HasPrefix(first, "I don't know") {
			t.Errorf("%s %s: first line %q", c.command, c.text, first)
		}
		if got := strings.Contains(first, "Did you mean"); got != (c.want != "") || (c.want != "" && !strings.Contains(first, c.want)) {
			t.Errorf("%s %s: first line %q, want %q", c.command, c.text, first, c.want)
		}
	}
}

// An unknown subcommand is quoted back as it was typed and reads: a
// mention as @name, a channel as #name, a link as its address, the case
// kept, and a backtick in it cannot break the quote.
func TestUnknownSubcommandIsQuotedAsTyped(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ command, text, want string }{
		{"/goal", "<@UALICE|alice>", "I don't know `/goal @alice`."},
		{"/mentor", "<@UBOB|bob> next", "I don't know `/mentor @bob`."},
		{"/goal", "<#C0GENERAL|general>", "I don't know `/goal #general`."},
		{"/goal", "<https://Example.com/Talk|x>", "I don't know `/goal https://Example.com/Talk`."},
		{"/goal", "Frobnicate", "I don't know `/goal Frobnicate`."},
		{"/goal", "`x`", "I don't know “/goal `x`”."},
		{"/session", "lo`g", "I don't know “/session lo`g”."},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: c.command, Text: c.text, ChannelID: "D" + fzBob})
		if first, _, _ := strings.Cut(rp.Text, "\n"); !strings.HasPrefix(first, c.want) {
			t.Errorf("%s %s: first line %q, want it to start %q", c.command, c.text, first, c.want)
		}
	}
}

// A goal number that can name no goal is said to be none, not asked for.
func TestGoalNumberThatCannotBe(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ text, want string }{
		{"progress #0 10", "There is no goal #0: goals are numbered from #1."},
		{"done -1", "There is no goal -1:"},
		{"show 99999999999999999999", "There is no goal 99999999999999999999. `/goal list`"},
		{"progress ten 10", "Which goal? Give its number"},
		{"edit", "Which goal? Give its number"},
		// Numbers typed as one word are a list, as "1, 2" is.
		{"done 1,2", "`/goal done` takes one goal at a time: type it for #1, then for #2. Nothing changed."},
		{"drop #3,#4,#5", "`/goal drop` takes one goal at a time: type it for #3, then for #4, and so on."},
		{"progress 1,2, 50%", "`/goal progress` takes one goal at a time"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/goal", Text: c.text, ChannelID: "D" + fzBob})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("/goal %s: %q, want %q", c.text, rp.Text, c.want)
		}
	}
}

// An @name Slack did not turn into a mention is named, with how to pick the
// person, rather than answered with the usage alone.
func TestRequestOfANameSlackDidNotKnow(t *testing.T) {
	fb := newFuzzBot(t)
	rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/mentor", Text: "request @nobody please", ChannelID: "D" + fzBob})
	if !strings.Contains(rp.Text, "I couldn't find @nobody in this workspace") {
		t.Errorf("request @nobody: %q", rp.Text)
	}
}

// "help" after a subcommand shows that subcommand's usage, and does
// nothing: "/goal add help" adds no goal called help.
func TestHelpAfterASubcommandShowsItsUsage(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ command, text, line string }{
		{"/goal", "add help", "• `/goal add TEXT [by DATE]`"},
		{"/mentor", "move HELP", "• `/mentor move"},
		{"/session", "log help", "• `/session log"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: c.command, Text: c.text, ChannelID: "D" + fzBob})
		if !strings.Contains(rp.Text, c.line) || !strings.Contains(rp.Text, c.command+" help` lists every command") {
			t.Errorf("%s %s = %q", c.command, c.text, rp.Text)
		}
	}
	goals, err := fb.b.db.Goals(fb.ctx, fzBob, fzBob, true)
	for _, g := range goals {
		if strings.EqualFold(g.Text, "help") {
			t.Errorf("/goal add help added %+v", g)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
