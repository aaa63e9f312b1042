package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

func TestFormatLeadTimesAsTyped(t *testing.T) {
	const day = 24 * time.Hour
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{45 * time.Minute, "45m"},
		{90 * time.Minute, "1h30m"},
		{day, "24h"},
		{day + time.Hour, "25h"},
		{36*time.Hour + 30*time.Minute, "36h30m"},
		{8*day + 12*time.Hour, "8d 12h"},
		{2 * day, "2d"},
		{7 * day, "1w"},
		{14 * day, "2w"},
		{30 * day, "30d"},
	} {
		got := formatLeadTimes([]time.Duration{c.d})
		if got != c.want {
			t.Errorf("formatLeadTimes(%v) = %q; want %q", c.d, got, c.want)
		}
		if back, err := datetext.ParseLeadTimes(got); err != nil || len(back) != 1 || back[0] != c.d {
			t.Errorf("%q reads back as %v, %v; want %v", got, back, err, c.d)
		}
	}
	// Settings saved before read as typed too; what is unreadable stays.
	if got := leadTimesText("720h,1h"); got != "30d,1h" {
		t.Errorf("leadTimesText(720h,1h) = %q", got)
	}
	if got := leadTimesText("soon"); got != "soon" {
		t.Errorf("leadTimesText(soon) = %q", got)
	}
}

// Turning nudges off also stops the feedback prompts and the good-fit
// check (they are nudges: nudgesWanted holds them): the settings form
// says so, or someone who only meant to silence "how did it go?" loses
// them without knowing.
func TestSettingsSayNudgesIncludeFeedbackPrompts(t *testing.T) {
	b := &Bot{}
	view := b.settingsModal(store.User{ID: "U1", Settings: store.DefaultSettings()}, "D1")
	var desc *slack.TextBlockObject
	for _, bl := range view.Blocks.BlockSet {
		in, ok := bl.(*slack.InputBlock)
		if !ok || in.BlockID != blockSettingsToggle {
			continue
		}
		for _, o := range in.Element.(*slack.CheckboxGroupsBlockElement).Options {
			if o.Value == settingNudges {
				desc = o.Description
			}
		}
	}
	if desc == nil {
		t.Fatal("the settings form has no description of the nudges option")
	}
	if !strings.Contains(desc.Text, "feedback") {
		t.Errorf("the nudges option says %q, not that feedback prompts are nudges too", desc.Text)
	}
	if n := len([]rune(desc.Text)); n > 75 {
		t.Errorf("the nudges option's description has %d characters; Slack takes 75", n)
	}
}
