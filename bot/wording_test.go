package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// A closed goal that can't be edited points to /goal reopen, as progress
// on one does.
func TestClosedGoalEditPointsToReopen(t *testing.T) {
	fb := newFuzzBot(t)
	run := func(user, command, text string) string {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: user, Command: command, Text: text, ChannelID: "D" + user})
		return rp.Text
	}
	run(fzBob, "/goal", "done 1")
	for _, c := range []struct{ text, want string }{
		{"edit 1", "Goal #1 is done, so it can't be edited. `/goal reopen 1` opens it again; `/goal add` sets a new one."},
		{"progress 1 50%", "`/goal reopen 1` opens it again; `/goal add` sets a new one."},
	} {
		if got := run(fzBob, "/goal", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/goal %s: %q, want %q", c.text, got, c.want)
		}
	}
}

// A number no session or to-do can have is said to be none, as for
// goals, rather than answered with the usage.
func TestSessionNumberThatCannotBe(t *testing.T) {
	fb := newFuzzBot(t)
	for _, c := range []struct{ text, want string }{
		{"done 0", "There is no to-do 0: to-dos are numbered from #1. `/session todos` lists yours."},
		{"done #1 #0", "There is no to-do #0: to-dos are numbered from #1. I haven't changed any of them."},
		// "+5" is not "no to-do +5": the usage shows how to write it.
		{"done +5", "Usage: `/session done N`"},
		{"reopen -1", "There is no to-do -1: to-dos are numbered from #1."},
		{"show #0", "There is no session #0: sessions are numbered from #1. `/session list` shows them."},
		{"show 99999999999999999999", "There is no session 99999999999999999999. `/session list` shows them."},
		{"done abc", "Usage: `/session done N`"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/session", Text: c.text, ChannelID: "D" + fzBob})
		if !strings.Contains(rp.Text, c.want) {
			t.Errorf("/session %s: %q, want %q", c.text, rp.Text, c.want)
		}
	}
	// As for goals.
	rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/goal", Text: "done #0", ChannelID: "D" + fzBob})
	if want := "There is no goal #0: goals are numbered from #1."; !strings.Contains(rp.Text, want) {
		t.Errorf("/goal done #0: %q, want %q", rp.Text, want)
	}
}

// An empty session list suggests a /session log that runs as written:
// with the partner, for someone in two pairs, who would be asked which.
func TestEmptySessionListSuggestsALogThatRuns(t *testing.T) {
	fb := newFuzzBot(t)
	run := func(user, command, text string) string {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: user, Command: command, Text: text, ChannelID: "D" + user})
		return rp.Text
	}
	if got := run(fzErin, "/session", "list"); !strings.Contains(got, "`/session log what we discussed todo: next step`") {
		t.Errorf("erin, in one pair: %q", got)
	}
	run(fzDana, "/mentor", "pair <@UDANA|dana> <@UERIN|erin>")
	for _, c := range []struct{ user, text, want string }{
		{fzErin, "list", "`/session log @partner what we discussed todo: next step`"},
		{fzAlice, "list <@UERIN|erin>", "`/session log @erin what we discussed todo: next step`"},
		{fzDana, "list", "`/session log what we discussed todo: next step`"},
	} {
		if got := run(c.user, "/session", c.text); !strings.Contains(got, c.want) {
			t.Errorf("%s /session %s: %q, want %q", c.user, c.text, got, c.want)
		}
	}
	// As suggested, it logs.
	if got := run(fzErin, "/session", "log <@UALICE|alice> what we discussed todo: next step"); !strings.Contains(got, "Logged session") {
		t.Errorf("the suggested log: %q", got)
	}
}
