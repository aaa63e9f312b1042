package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// Every DATE form the help of /goal add names is taken after "by" as the
// deadline, and reads naturally there: none makes "by in 3 weeks".
func TestGoalAddHelpDateFormsAreDeadlines(t *testing.T) {
	fb := newFuzzBot(t)
	line := fb.b.goalCommands()["add"].usage
	_, forms, ok := strings.Cut(line, "DATE as ")
	if !ok {
		t.Fatalf("the help names no DATE forms: %q", line)
	}
	for _, form := range strings.Split(strings.ReplaceAll(forms, " or ", ", "), ", ") {
		if form == "YYYY-MM-DD" {
			form = "2026-12-15"
		}
		if strings.HasPrefix(form, "in ") {
			t.Errorf("the help offers %q after “by”, which reads “by %s”", form, form)
		}
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/goal", Text: "add Ship it by " + form, ChannelID: "D" + fzBob})
		if !strings.Contains(rp.Text, "Added goal") || strings.Contains(rp.Text, "no deadline") {
			t.Errorf("add … by %s: %s", form, rp.Text)
		}
	}
}

// A goal that ends in "in 3 weeks" without "by" where the span measures
// the goal keeps those words, and the tip names the deadline in a form
// that reads well after "by": the day it comes to, not "by in 3 weeks".
func TestGoalInWeeksTipNamesTheDay(t *testing.T) {
	fb := newFuzzBot(t)
	rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/goal", Text: "add Get new hires shipping in 3 weeks", ChannelID: "D" + fzBob})
	if want := "Next time, put “by” and the date at the end, for example `by Mon 23 Nov 2026`."; !strings.Contains(rp.Text, want) {
		t.Errorf("the tip does not say %q:\n%s", want, rp.Text)
	}
	if strings.Contains(rp.Text, "by in ") {
		t.Errorf("the tip says “by in …”:\n%s", rp.Text)
	}
	// Typed as the tip says, the goal has that deadline.
	rp, _ = fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzBob, Command: "/goal", Text: "add Give a talk by Mon 23 Nov 2026", ChannelID: "D" + fzBob})
	if !strings.Contains(rp.Text, "Added goal") || strings.Contains(rp.Text, "no deadline") {
		t.Errorf("add … by Mon 23 Nov 2026: %s", rp.Text)
	}
}
