package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// The check-in's view (checkinBlocks) is read here as its reader would
// read it, from a checkinData written out by hand: no store, no clock.

// checkinNow is Monday 2 November 2026, 09:00 in Berlin, when the default
// schedule sends the weekly check-in.
var checkinNow = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

// checkinThu is Thursday 5 November 2026, 15:00 in Berlin, 09:00 in New York.
var checkinThu = time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// aliceCheckin is Alice's check-in, in Berlin: she mentors Bob (in New
// York), has one open to-do in their pair and a goal of her own, and Bob
// has one of his.
func aliceCheckin(t *testing.T) checkinData {
	t.Helper()
	bob := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB", Status: store.PairActive}
	return checkinData{
		reader: "UALICE", now: checkinNow, loc: berlin(t), weekly: true,
		active:   []store.Pair{bob},
		meetings: map[int64]checkinMeeting{1: {next: checkinThu, length: time.Hour}},
		todos:    []store.Todo{{ID: 7, PairID: 1, OwnerID: "UALICE", Text: "send <@UX|bob> the outline & tell <!here>", Status: store.TodoOpen}},
		goals: []checkinOwnerGoals{
			{owner: "UALICE", list: "/goal list", goals: []store.Goal{{ID: 3, OwnerID: "UALICE", Text: "Give a talk to <!channel> <https://evil.example|here>", Status: store.GoalOpen, Progress: 40, DueOn: "2026-12-01"}}},
			{owner: "UBOB", zone: newYork(t), list: "/goal list @bob", goals: []store.Goal{{ID: 4, OwnerID: "UBOB", Text: "Ship the *billing* export", Status: store.GoalOpen, Progress: 70, DueOn: "2026-11-20"}}},
		},
		handles: map[string]string{"UBOB": "@bob"},
	}
}

// checkinTexts is the text of each block in order: a section's, a
// context's elements', each on its own line.
func checkinTexts(blocks []slack.Block) []string {
	var out []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			out = append(out, b.Text.Text)
		case *slack.ContextBlock:
			var parts []string
			for _, el := range b.ContextElements.Elements {
				if tx, ok := el.(*slack.TextBlockObject); ok {
					parts = append(parts, tx.Text)
				}
			}
			out = append(out, strings.Join(parts, " "))
		default:
			out = append(out, "["+string(b.BlockType())+"]")
		}
	}
	return out
}

// checkinSection is the first section whose text starts with prefix.
func checkinSection(t *testing.T, blocks []slack.Block, prefix string) *slack.SectionBlock {
	t.Helper()
	for _, b := range blocks {
		if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.Text.Text, prefix) {
			return s
		}
	}
	t.Fatalf("no section starting %q in:\n%s", prefix, strings.Join(checkinTexts(blocks), "\n---\n"))
	return nil
}

func TestCheckinViewShowsTodosGoalsAndTheNextMeeting(t *testing.T) {
	r := checkinBlocks(aliceCheckin(t))
	texts := checkinTexts(r.Blocks)
	all := strings.Join(texts, "\n---\n")

	t.Run("the preview names the partner, the next meeting and the to-dos", func(t *testing.T) {
		want := "Your weekly mentoring check-in with <@UBOB>: next meeting <!date^1793887200^{date_long_pretty} at {time}|Thu 5 Nov 2026 at 15:00 CET>; 1 open to-do."
		if r.Text != want {
			t.Errorf("preview:\n got %q\nwant %q", r.Text, want)
		}
	})

	t.Run("the blocks come in the order the reader expects", func(t *testing.T) {
		heads := []string{":sunrise: *Your weekly mentoring check-in*", "*Meetings*", "*Your open to-dos* (1)", "*#7* ", "*Your goals*", "Update your progress", "Log each meeting"}
		if len(texts) != len(heads) {
			t.Fatalf("%d blocks, want %d:\n%s", len(texts), len(heads), all)
		}
		for i, h := range heads {
			if !strings.HasPrefix(texts[i], h) {
				t.Errorf("block %d = %q, want it to start %q", i, texts[i], h)
			}
		}
	})

	t.Run("the meeting line is in the reader's zone", func(t *testing.T) {
		want := "*Meetings*\n• With <@UBOB> (your mentee): next meeting <!date^1793887200^{date_long_pretty} at {time}|Thu 5 Nov 2026 at 15:00 CET>"
		if got := checkinSection(t, r.Blocks, "*Meetings*").Text.Text; got != want {
			t.Errorf("meetings:\n got %q\nwant %q", got, want)
		}
	})

	t.Run("each to-do has its Done button", func(t *testing.T) {
		todo := checkinSection(t, r.Blocks, "*#7* ")
		if todo.BlockID != "todo_7" || todo.Accessory == nil || todo.Accessory.ButtonElement == nil {
			t.Fatalf("to-do section %q has no button: %+v", todo.Text.Text, todo.Accessory)
		}
		if b := todo.Accessory.ButtonElement; b.Text.Text != "Done" || b.ActionID != "todo_done_7" || b.Value != "7" {
			t.Errorf("button %q %q %q, want Done todo_done_7 7", b.Text.Text, b.ActionID, b.Value)
		}
		if !strings.Contains(all, "— done with one? Tick it off.") {
			t.Errorf("the to-do heading does not ask to tick one off:\n%s", all)
		}
	})

	t.Run("goals show their progress and how to update it", func(t *testing.T) {
		// Both lists fit in one section: hers first, then her mentee's.
		goals := checkinSection(t, r.Blocks, "*Your goals*").Text.Text
		own, bob, ok := strings.Cut(goals, "\n*<@UBOB>'s goals*\n")
		if !ok {
			t.Fatalf("no list of Bob's goals after hers: %q", goals)
		}
		if !strings.Contains(own, "*#3* ") || !strings.Contains(own, "`▰▰▰▰▱▱▱▱▱▱` 40% · due Tue 1 Dec 2026") {
			t.Errorf("own goals: %q", own)
		}
		if !strings.Contains(bob, "*#4* ") || !strings.Contains(bob, "`▰▰▰▰▰▰▰▱▱▱` 70% · due Fri 20 Nov 2026") {
			t.Errorf("Bob's goals: %q", bob)
		}
		hint := texts[len(texts)-2]
		if !strings.Contains(hint, "`/goal progress N PERCENT`") || !strings.Contains(hint, "`/goal comment N TEXT`") {
			t.Errorf("goal hint for a mentor with goals of her own: %q", hint)
		}
	})

	t.Run("the footer names the only partner to snooze", func(t *testing.T) {
		foot := texts[len(texts)-1]
		if want := "Log each meeting with `/session log`. Fewer messages? `/mentor settings` or `/mentor snooze @bob 2w`."; foot != want {
			t.Errorf("footer:\n got %q\nwant %q", foot, want)
		}
	})

	t.Run("what people typed cannot ping, link or format", func(t *testing.T) {
		raw, err := json.Marshal(r.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"<!here>", "<!channel>", "<@UX", "<https://", "& tell"} {
			if strings.Contains(string(raw), s) || strings.Contains(r.Text, s) {
				t.Errorf("%q reached the check-in as typed:\n%s", s, all)
			}
		}
		if todo := checkinSection(t, r.Blocks, "*#7* ").Text.Text; !strings.Contains(todo, "&amp; tell") {
			t.Errorf("to-do text not escaped: %q", todo)
		}
	})
}

// The same instant reads in each reader's own zone, and a meeting under
// way is said to be on now, until its end.
func TestCheckinViewNextMeetingInTheReadersZone(t *testing.T) {
	d := aliceCheckin(t)
	d.loc = newYork(t)
	r := checkinBlocks(d)
	if got := checkinSection(t, r.Blocks, "*Meetings*").Text.Text; !strings.HasSuffix(got, "|Thu 5 Nov 2026 at 09:00 EST>") {
		t.Errorf("meeting line for a reader in New York: %q", got)
	}

	d = aliceCheckin(t)
	d.meetings[1] = checkinMeeting{onNow: checkinNow.Add(-30 * time.Minute), length: time.Hour, next: checkinThu.Add(7 * 24 * time.Hour)}
	r = checkinBlocks(d)
	line := checkinSection(t, r.Blocks, "*Meetings*").Text.Text
	if !strings.Contains(line, "a meeting on now, until <!date^") || !strings.Contains(line, "|09:30 CET>") || !strings.Contains(line, "; next meeting ") || !strings.Contains(line, "Thu 12 Nov 2026 at 15:00 CET") {
		t.Errorf("meeting line during a meeting: %q", line)
	}
	if !strings.Contains(r.Text, ": a meeting on now; ") {
		t.Errorf("preview during a meeting: %q", r.Text)
	}

	d = aliceCheckin(t)
	d.meetings[1] = checkinMeeting{example: "15:00"}
	r = checkinBlocks(d)
	if got, want := checkinSection(t, r.Blocks, "*Meetings*").Text.Text, "• With <@UBOB> (your mentee): _no meeting scheduled_ — set one with `/mentor meet @bob weekly thu 15:00`"; !strings.HasSuffix(got, want) {
		t.Errorf("meeting line without a meeting:\n got %q\nwant …%q", got, want)
	}
	if !strings.Contains(r.Text, ": no meeting scheduled; ") {
		t.Errorf("preview without a meeting: %q", r.Text)
	}
}

// A check-in too long for one Slack message keeps within its text budget
// and its 50 blocks, cuts each list between whole items, and says how
// many it left out and where to see them; the footer always stays.
func TestCheckinViewCutsAtTheTextBudgetAndPointsToTheRest(t *testing.T) {
	const pairs, todos, goals = 40, 25, 12
	d := checkinData{reader: "UALICE", now: checkinNow, loc: berlin(t), weekly: true, meetings: map[int64]checkinMeeting{}, handles: map[string]string{}}
	for i := range pairs {
		p := store.Pair{ID: int64(i + 1), MentorID: "UALICE", MenteeID: fmt.Sprintf("UM%02d", i), Status: store.PairActive}
		d.active = append(d.active, p)
		if i < checkinMeetingsShown { // as loadCheckin reads them
			d.meetings[p.ID] = checkinMeeting{next: checkinThu.Add(time.Duration(i) * time.Hour), length: time.Hour}
		}
	}
	for i := range todos {
		d.todos = append(d.todos, store.Todo{ID: int64(i + 1), PairID: 1, OwnerID: "UALICE", Text: strings.Repeat("to-do text ", 60), Status: store.TodoOpen})
	}
	own := checkinOwnerGoals{owner: "UALICE", list: "/goal list"}
	for i := range goals {
		own.goals = append(own.goals, store.Goal{ID: int64(i + 1), OwnerID: "UALICE", Text: strings.Repeat("goal text ", 80), Status: store.GoalOpen, Progress: 10})
	}
	d.goals = []checkinOwnerGoals{own}

	r := checkinBlocks(d)
	texts := checkinTexts(r.Blocks)
	all := strings.Join(texts, "\n---\n")
	if n := blockTextLen(r.Blocks...); n > msgTextBudget {
		t.Errorf("%d characters of text, over the budget of %d", n, msgTextBudget)
	}
	if len(r.Blocks) > maxMessageBlocks {
		t.Errorf("%d blocks", len(r.Blocks))
	}
	for _, s := range texts {
		if utf8.RuneCountInString(s) > textSectionLimit {
			t.Errorf("a block of %d characters", utf8.RuneCountInString(s))
		}
	}

	// Meetings: the lines shown and the count left out add up to every pair.
	// The list may run over several sections, up to the to-dos.
	first, _ := strings.CutPrefix(all, texts[0]+"\n---\n")
	meetings, _, _ := strings.Cut(first, "\n---\n*Your open to-dos*")
	shown := strings.Count(meetings, "• With ")
	if want := fmt.Sprintf("_…and %d more: `/mentor pairs` lists them, `/mentor next @partner` shows each._", pairs-shown); shown == 0 || !strings.HasSuffix(meetings, want) {
		t.Errorf("%d meeting lines shown; want some, then %q:\n%s", shown, want, meetings)
	}

	// To-dos: the Done buttons shown and the count left out add up.
	buttons := 0
	for _, b := range r.Blocks {
		if s, ok := b.(*slack.SectionBlock); ok && strings.HasPrefix(s.BlockID, "todo_") && s.Accessory != nil {
			buttons++
		}
	}
	if want := fmt.Sprintf("…and %d more to-dos of yours. `/session todos` lists them", todos-buttons); buttons == 0 || buttons >= 10 || !strings.Contains(all, want) {
		t.Errorf("%d to-dos shown with a Done button; want some, fewer than 10, then %q:\n%s", buttons, want, all)
	}
	if !strings.Contains(all, fmt.Sprintf("*Your open to-dos* (%d)", todos)) {
		t.Errorf("the to-do heading does not count them all:\n%s", all)
	}

	// Goals: whole goals, then how many more and where.
	goalsText := checkinSection(t, r.Blocks, "*Your goals*").Text.Text
	shownGoals := strings.Count(goalsText, "`▰▱▱▱▱▱▱▱▱▱` 10%")
	if want := fmt.Sprintf("_…and %d more: `/goal list`_", goals-shownGoals); shownGoals == 0 || !strings.HasSuffix(goalsText, want) {
		t.Errorf("%d goals shown; want some, then %q:\n%s", shownGoals, want, goalsText)
	}

	if foot := texts[len(texts)-1]; foot != "Log each meeting with `/session log`. Fewer messages? `/mentor settings` or `/mentor snooze @partner 2w`." {
		t.Errorf("last block = %q, want the footer", foot)
	}
}

// A check-in redrawn after its only pair paused says its meetings are
// paused and how to resume them, offers no snooze, and says where the
// pair's to-dos wait rather than that none are open.
func TestCheckinViewRedrawnAfterThePairPaused(t *testing.T) {
	d := aliceCheckin(t)
	paused := d.active[0]
	paused.Status = store.PairPaused
	d.active, d.gone, d.meetings, d.todos, d.held = nil, []store.Pair{paused}, nil, nil, 1
	d.goals = d.goals[:1]
	r := checkinBlocks(d)
	texts := checkinTexts(r.Blocks)
	if got, want := checkinSection(t, r.Blocks, "*Meetings*").Text.Text, "*Meetings*\n• With <@UBOB> (your mentee): _meetings paused_ — `/mentor resume @bob` starts them again"; got != want {
		t.Errorf("meetings:\n got %q\nwant %q", got, want)
	}
	if got, want := checkinSection(t, r.Blocks, "*Your open to-dos*").Text.Text, "*Your open to-dos*\n_None in the pairs this check-in covers; 1 waits with a snoozed or paused pair: `/session todos` lists it._"; got != want {
		t.Errorf("to-dos:\n got %q\nwant %q", got, want)
	}
	if foot := texts[len(texts)-1]; strings.Contains(foot, "snooze") {
		t.Errorf("footer offers a snooze with no active pair: %q", foot)
	}
	if want := "Your weekly mentoring check-in with <@UBOB>: no open to-dos in these pairs."; r.Text != want {
		t.Errorf("preview:\n got %q\nwant %q", r.Text, want)
	}
}
