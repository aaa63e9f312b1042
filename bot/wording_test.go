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
