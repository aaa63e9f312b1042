package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// A DM read back from Slack loses what can be pressed and its hints, and
// keeps what it says.
func TestWithoutButtons(t *testing.T) {
	img := slack.NewImageBlockElement("https://example.com/a.png", "a")
	in := []slack.Block{
		section(":wave: How did your meeting go?"),
		slack.NewActionBlock("followup_actions", button("session_log_open", "1:2026-11-05", "Log session", "")),
		slack.NewSectionBlock(mrkdwn("• draft the outline"), nil, slack.NewAccessory(button("todo_done_1", "1", "Done", ""))),
		slack.NewSectionBlock(mrkdwn("a picture"), nil, slack.NewAccessory(img)),
		contextText("Or type `/session log @bob …`."),
		slack.NewDividerBlock(),
	}
	// As conversations.history gives them back.
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var read slack.Blocks
	if err := json.Unmarshal(raw, &read); err != nil {
		t.Fatal(err)
	}
	out, n := withoutButtons(read.BlockSet)
	if n != 2 { // Log session, and the to-do's Done
		t.Fatalf("%d buttons found, want 2", n)
	}
	got, _ := json.Marshal(out)
	for _, gone := range []string{`"actions"`, "todo_done_1", "session_log_open", "Or type"} {
		if strings.Contains(string(got), gone) {
			t.Errorf("%s is left: %s", gone, got)
		}
	}
	for _, kept := range []string{"How did your meeting go?", "draft the outline", "a.png", `"divider"`} {
		if !strings.Contains(string(got), kept) {
			t.Errorf("%s is gone: %s", kept, got)
		}
	}
	if len(out) != 4 {
		t.Errorf("%d blocks left, want 4: %s", len(out), got)
	}
	// The original is not changed: it may be what someone else reads.
	if sec := read.BlockSet[2].(*slack.SectionBlock); sec.Accessory == nil {
		t.Error("the section read back lost its accessory")
	}
	// A DM answered in place has nothing to take away.
	if _, n := withoutButtons([]slack.Block{section("Great — thanks for answering!")}); n != 0 {
		t.Error("buttons found in a message without any")
	}
}

func TestTSBefore(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"1762329600.000100", "1762329600.000200", true},
		{"1762329600.000200", "1762329600.000100", false},
		{"999999999.999999", "1000000000.000000", true},
		{"1762329601.000000", "1762329600.999999", false},
		{"1762329600.000100", "1762329600.000100", false},
	} {
		if got := tsBefore(c.a, c.b); got != c.want {
			t.Errorf("tsBefore(%s, %s) = %v", c.a, c.b, got)
		}
	}
}

// What a snooze's DM, or a reminder an earlier change outdated, says once
// its pair has ended: its first sentence, the news, and nothing of how the
// pair goes on; a hint the news ends with goes too.
func TestFirstSentenceOnlyKeepsTheNews(t *testing.T) {
	ended := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	at := func(day int) string { return meetWhen(time.Date(2026, 11, day, 14, 0, 0, 0, time.UTC), time.UTC) }
	for _, c := range []struct {
		name, in, want string
		named          bool
	}{{
		name: "a snooze in a pause",
		in: ":zzz: <@UA> snoozed the nudges and check-ins of your mentoring pair until " + at(30) + "; they resume by themselves then. " +
			"Your meetings are paused too, so no reminders come until one of you types `/mentor resume @alice`. `/mentor snooze @alice off` ends the snooze sooner.",
		want:  ":zzz: <@UA> snoozed the nudges and check-ins of your mentoring pair until " + at(30) + "; they resume by themselves then.",
		named: true,
	}, {
		name:  "a snooze over before the end",
		in:    ":zzz: <@UA> snoozed the nudges and check-ins of your mentoring pair until " + at(10) + "; they resume by themselves then. Meeting reminders still come. `/mentor snooze @alice off` ends the snooze sooner.",
		want:  ":zzz: <@UA> snoozed the nudges and check-ins of your mentoring pair until " + at(10) + "; they resume by themselves then.",
		named: true,
	}, {
		name:  "paused",
		in:    ":double_vertical_bar: Your meetings with <@UA> are paused, so the one of " + at(12) + " won't take place unless they are resumed before it. `/mentor resume @alice` starts them again.",
		want:  ":double_vertical_bar: Your meetings with <@UA> are paused, so the one of " + at(12) + " won't take place.",
		named: true,
	}, {
		name:  "a hint in the news, no colon but the emoji's",
		in:    ":fast_forward: Your meeting with <@UA> of " + at(12) + " was skipped, see `/mentor next @alice` for the one after.",
		want:  ":fast_forward: Your meeting with <@UA> of " + at(12) + " was skipped, see `/mentor next @alice` for the one after.",
		named: false,
	}, {
		name:  "the last one skipped",
		in:    ":fast_forward: Your meeting with <@UA> of " + at(12) + " was skipped. There is no meeting after it on the schedule: `/mentor meet @alice WHEN` sets one.",
		want:  ":fast_forward: Your meeting with <@UA> of " + at(12) + " was skipped.",
		named: true,
	}, {
		name:  "moved again, the hint in the news",
		in:    ":arrows_counterclockwise: Your meeting with <@UA> of " + at(12) + " was moved again: `/mentor next @alice` shows when it is now.",
		want:  ":arrows_counterclockwise: Your meeting with <@UA> of " + at(12) + " was moved again.",
		named: true,
	}, {
		name:  "moved to after the end",
		in:    ":arrows_counterclockwise: Your meeting with <@UA> moved from " + at(12) + " to *" + at(26) + "*: reminders follow the new time.",
		want:  ":arrows_counterclockwise: Your meeting with <@UA> moved from " + at(12) + " to *" + at(26) + "*: reminders follow the new time.",
		named: true,
	}, {
		name: "moved before the end: nothing to take away",
		in:   ":arrows_counterclockwise: Your meeting with <@UA> moved from " + at(12) + " to *" + at(13) + "*: reminders follow the new time.",
		want: ":arrows_counterclockwise: Your meeting with <@UA> moved from " + at(12) + " to *" + at(13) + "*: reminders follow the new time.",
	}, {
		name: "already says the pair ended",
		in:   ":checkered_flag: Your pair with <@UA> has ended, so your meeting of " + at(26) + " won't take place.",
		want: ":checkered_flag: Your pair with <@UA> has ended, so your meeting of " + at(26) + " won't take place.",
		// Its meeting, after the end, is the one it says won't take place.
	}} {
		if got, named := editedSection(firstSentenceOnly, c.in, ended); got != c.want || named != c.named {
			t.Errorf("%s:\n got %q (named %v)\nwant %q (named %v)", c.name, got, named, c.want, c.named)
		}
	}
}

// A DM of the meetings set more than endedReach before the end, whose
// stored copy names no time from the end on as a date token, is edited
// all the same when it expires after the end: a one-off, or a meeting
// moved, may be named as text only.
func TestAheadOfEndHeedsTheExpiryBesideTheCopy(t *testing.T) {
	ended := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	p := store.Pair{ID: 1, MentorID: "UA", MenteeID: "UB", Status: store.PairEnded, EndedAt: ended}
	payload, err := encodeMessage(textReply(":calendar: <@UA> set up a meeting with you: once, on Sun 14 Mar 2027 at 03:30 (America/New_York), 30 min."))
	if err != nil {
		t.Fatal(err)
	}
	sent := ended.AddDate(0, -2, 0)
	n := store.Notification{Kind: "meeting_set", RecipientID: "UB", PairID: 1, SentAt: sent, Payload: payload,
		ExpiresAt: time.Date(2027, 3, 14, 8, 0, 0, 0, time.UTC)}
	b := &Bot{}
	if !b.aheadOfEnd(context.Background(), n, p, nil) {
		t.Error("a DM of a one-off after the end, named as text, is left alone")
	}
	n.ExpiresAt = sent.AddDate(0, 0, 7)
	if b.aheadOfEnd(context.Background(), n, p, nil) {
		t.Error("a DM of a week's news, naming nothing after the end, is read back")
	}
}
