package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
)

// What an ended pair's DM of its meetings says once edited, read in New
// York: what happened stays; no meeting from the end on is named, nor
// how to move or set one.
func TestWithoutComingMeetingsLeavesNoComingTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ended := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	at := func(day, hour int) string { return meetWhen(time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC), ny) }
	// A one-off typed for 02:30 on the day the clocks skip it, as its
	// partner's DM says it: the date of its first sentence, and of its
	// note on the clocks, is text, not a token.
	dst := time.Date(2027, 3, 14, 3, 30, 0, 0, ny)
	once := cadence.Rule{Kind: cadence.Once, Start: dst, Hour: 2, Minute: 30, Loc: ny}
	set := meetingSetMessage(meetingSet{setter: "UA", partner: "UB", pairID: 1, rule: once, dur: 30 * time.Minute}, "UB", "@alice", []time.Time{dst}, ny)
	dstOnce := set.Blocks[0].(*slack.SectionBlock).Text.Text
	if !strings.Contains(dstOnce, ":clock3:") {
		t.Fatalf("the DM of a one-off the clocks move has no note on it: %q", dstOnce)
	}
	for _, c := range []struct {
		name, in, want string
		named          bool
	}{{
		name: "a meeting moved to after the end",
		in: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(19, 14) + " to *" + at(27, 15) +
			"*, for 30 min. The meetings after it stay as they were. Its agenda goes with it.",
		want: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(19, 14) + " to *" + at(27, 15) +
			"*, for 30 min. Its agenda goes with it.",
		named: true,
	}, {
		name: "a one-off moved to after the end",
		in:   ":arrows_counterclockwise: <@UA> moved your meeting from " + at(12, 14) + " to *" + at(26, 15) + "*, for 30 min. Its agenda goes with it.",
		want: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(12, 14) + " to *" + at(26, 15) + "*, for 30 min. Its agenda goes with it.",
		// Its meeting won't take place: the DM says so.
		named: true,
	}, {
		name: "a meeting moved before the end is history",
		in: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(12, 14) + " to *" + at(13, 15) +
			"*, for 30 min. The meetings after it stay as they were. Its agenda goes with it.",
		want: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(12, 14) + " to *" + at(13, 15) +
			"*, for 30 min. The meetings after it stay as they were. Its agenda goes with it.",
	}, {
		name: "a clash's heads-up goes whole, its hints with it",
		in: ":arrows_counterclockwise: <@UA> moved your meeting from " + at(19, 14) + " to *" + at(27, 15) + "*, for 30 min. Its agenda goes with it.\n" +
			":warning: Heads-up: your meeting of " + at(27, 15) + " overlaps your meeting with <@UC> of " + at(27, 15) +
			". `/mentor move @alice` moves one meeting; `/mentor meet @alice` sets other times.",
		want:  ":arrows_counterclockwise: <@UA> moved your meeting from " + at(19, 14) + " to *" + at(27, 15) + "*, for 30 min. Its agenda goes with it.",
		named: true,
	}, {
		name:  "a skip's hint to set the next meeting",
		in:    ":fast_forward: <@UA> skipped your meeting of " + at(12, 14) + ". There is no meeting after it on the schedule; set one with `/mentor meet @alice …`.",
		want:  ":fast_forward: <@UA> skipped your meeting of " + at(12, 14) + ".",
		named: true,
	}, {
		name: "the list of meetings keeps those before the end",
		in: ":calendar: <@UA> set your meetings: every Thursday at 15:00, 30 min.\n*Next:* " + at(5, 14) + " _(in your time zone)_\n*Then:* " +
			at(12, 14) + " · " + at(19, 14) + " · " + at(26, 14) + " · " + at(27, 14) + "\n" +
			":clock3: _On Sun 14 Mar 2027 the clocks go forward: your meeting is at 03:30 there._",
		want: ":calendar: <@UA> set your meetings: every Thursday at 15:00, 30 min.\n*Next:* " + at(5, 14) + " _(in your time zone)_\n*Then:* " +
			at(12, 14) + " · " + at(19, 14),
		named: true,
	}, {
		name:  "a change of the clocks names its time as text",
		in:    dstOnce,
		want:  ":calendar: <@UA> set up a meeting with you: once, on Sun 14 Mar 2027 at 03:30 (America/New_York), 30 min.",
		named: true,
	}, {
		name: "all of them after the end",
		in: ":calendar: <@UA> set your meetings: every Thursday at 15:00, 30 min.\n*Next:* " + at(26, 14) + " _(in your time zone)_\n*Then:* " +
			at(27, 14) + " · " + at(28, 14),
		want:  ":calendar: <@UA> set your meetings: every Thursday at 15:00, 30 min.",
		named: true,
	}, {
		name:  "a pause's hint to resume",
		in:    ":double_vertical_bar: <@UA> paused your meetings. No meeting reminders or check-ins for your pair until one of you types `/mentor resume @alice`. Your agenda, to-dos and goals stay as they are.",
		want:  ":double_vertical_bar: <@UA> paused your meetings. Your agenda, to-dos and goals stay as they are.",
		named: true,
	}, {
		name: "nothing to come",
		in:   ":arrow_forward: <@UA> resumed your meetings. The next meeting is " + at(19, 14) + ".",
		want: ":arrow_forward: <@UA> resumed your meetings. The next meeting is " + at(19, 14) + ".",
	}} {
		if got, named := editedSection(withoutComingMeetings, c.in, ended); got != c.want || named != c.named {
			t.Errorf("%s:\n got %q (named %v)\nwant %q (named %v)", c.name, got, named, c.want, c.named)
		}
	}
}

// A DM sent as text alone may come back from conversations.history with
// the rich_text block Slack makes of it: the edit reads its text instead,
// and so takes out the meeting it names.
func TestEndedEditReadsATextOnlyDMsText(t *testing.T) {
	ended := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	next := meetWhen(time.Date(2026, 11, 12, 14, 0, 0, 0, time.UTC), time.UTC)
	text := ":fast_forward: <@UB> skipped your meeting of " + meetWhen(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC), time.UTC) + ". The next one is " + next + "."
	raw, err := json.Marshal(map[string]any{
		"type": "message", "ts": "1793700000.000100", "text": text,
		"blocks": []any{map[string]any{"type": "rich_text", "block_id": "x1", "elements": []any{
			map[string]any{"type": "rich_text_section", "elements": []any{map[string]any{"type": "text", "text": text}}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var m slack.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Blocks.BlockSet) != 1 {
		t.Fatalf("read back %d blocks, want the rich_text one", len(m.Blocks.BlockSet))
	}
	blocks, _ := withoutButtons(shownBlocks(m))
	out, named := withoutComingMeetings(blocks, ended)
	shown, _ := json.Marshal(out)
	if !named || strings.Contains(string(shown), "The next one is") || !strings.Contains(string(shown), "skipped your meeting of") {
		t.Errorf("the edit of a text-only DM read back as rich_text (named %v): %s", named, shown)
	}
	// A DM sent with blocks is read by them.
	withBlocks := slack.Message{Msg: slack.Msg{Text: "preview", Blocks: slack.Blocks{BlockSet: []slack.Block{section("shown")}}}}
	if got := shownBlocks(withBlocks); len(got) != 1 || got[0].(*slack.SectionBlock).Text.Text != "shown" {
		t.Errorf("a DM with blocks read as %+v", got)
	}
}

// editedSection runs edit, one of the end's edits of a DM's blocks, on a
// DM of one section holding in, and returns the sections' text after it.
func editedSection(edit func([]slack.Block, time.Time) ([]slack.Block, bool), in string, ended time.Time) (string, bool) {
	out, named := edit([]slack.Block{section(in)}, ended)
	var got []string
	for _, bl := range out {
		got = append(got, bl.(*slack.SectionBlock).Text.Text)
	}
	return strings.Join(got, "\n"), named
}
