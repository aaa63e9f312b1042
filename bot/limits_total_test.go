package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// blockTextLen counts what Slack's limit counts: text objects wherever
// they are, not IDs, values or URLs.
func TestBlockTextLenCountsTextNotIDs(t *testing.T) {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn("héllo"), nil, slack.NewAccessory(button("todo_done_1", "1", "Done", slack.StylePrimary)),
			slack.SectionBlockOptionBlockID("todo_1")),
		contextText("ab"),
		slack.NewActionBlock("acts", button("agenda_add", strings.Repeat("v", 500), "Add", "")),
	}
	if got, want := blockTextLen(blocks...), len("héllo")-1+len("Done")+len("ab")+len("Add"); got != want {
		t.Errorf("blockTextLen = %d, want %d", got, want)
	}
}

// A list laid out within its share shows whole items, then counts those
// left out, including those never loaded; when no item fits, the pointer
// is still there.
func TestListSectionsCutsBetweenItemsAndCountsTheRest(t *testing.T) {
	var items []string
	for i := range 30 {
		items = append(items, fmt.Sprintf("• item %d %s end", i, strings.Repeat("R&amp;D ", 35)))
	}
	more := func(n int) string { return fmt.Sprintf("_…and %d more: `/mentor agenda @bob` shows them all._", n) }
	for _, tc := range []struct {
		name         string
		extra, limit int
	}{{"some fit", 0, 3000}, {"some fit, more not loaded", 12, 3000}, {"all fit", 0, 100000}, {"all fit, more not loaded", 5, 100000}, {"none fits", 3, 100}} {
		t.Run(tc.name, func(t *testing.T) {
			budget := newTextBudget()
			got := budget.listSections("*Agenda*", items, tc.extra, tc.limit, more)
			n := blockTextLen(got...)
			if n > tc.limit && tc.name != "none fits" {
				t.Errorf("%d characters, limit %d", n, tc.limit)
			}
			if budget.left != msgTextBudget-n {
				t.Errorf("spent %d of %d characters", msgTextBudget-budget.left, n)
			}
			var text []string
			for _, b := range got {
				text = append(text, b.(*slack.SectionBlock).Text.Text)
			}
			all := strings.Join(text, "\n")
			shown := strings.Count(all, "• item ")
			if strings.Count(all, " end") != shown {
				t.Errorf("an item is cut:\n%s", all)
			}
			left := len(items) + tc.extra - shown
			switch {
			case left == 0 && strings.Contains(all, "more"):
				t.Errorf("a pointer with nothing left out:\n%s", all)
			case left > 0 && !strings.HasSuffix(all, more(left)):
				t.Errorf("%d shown; want the pointer %q at the end:\n%s", shown, more(left), all)
			}
			if tc.name == "none fits" && (shown != 0 || !strings.HasPrefix(all, "*Agenda*")) {
				t.Errorf("none fits:\n%s", all)
			}
		})
	}
}

// The to-dos within a budget keep a Done button each and say how many more
// there are and where to see them.
func TestBudgetTodoBlocksKeepTheirButtonsAndThePointer(t *testing.T) {
	var todos []store.Todo
	for i := range 50 {
		todos = append(todos, store.Todo{ID: int64(i + 1), PairID: 1, OwnerID: "UBOB", Text: fmt.Sprintf("to-do %d %s", i, strings.Repeat("R&D ", 70))})
	}
	for _, limit := range []int{0, 700, 2000, 5000, 100000} {
		budget := newTextBudget()
		got := budget.todoBlocks(todos, "UBOB", nil, 10, limit)
		if n := blockTextLen(got...); n > limit && limit > 0 {
			t.Errorf("limit %d: %d characters", limit, n)
		}
		shown := 0
		for _, b := range got[:len(got)-1] {
			sec, ok := b.(*slack.SectionBlock)
			if !ok || sec.Accessory == nil || sec.Accessory.ButtonElement == nil || !strings.HasPrefix(sec.BlockID, todoBlockPrefix) {
				t.Fatalf("limit %d: block %#v is not a to-do with its Done button", limit, b)
			}
			shown++
		}
		last, ok := got[len(got)-1].(*slack.ContextBlock)
		if !ok {
			t.Fatalf("limit %d: the list does not end with its pointer", limit)
		}
		want := fmt.Sprintf("…and %d more %s of yours. `/session todos`", 50-shown, plural(50-shown, "to-do", "to-dos"))
		if txt := last.ContextElements.Elements[0].(*slack.TextBlockObject).Text; !strings.HasPrefix(txt, want) {
			t.Errorf("limit %d: %d shown, pointer %q, want %q", limit, shown, txt, want)
		}
		if limit == 100000 && shown != 10 {
			t.Errorf("with room for all, %d shown, want 10", shown)
		}
	}
}

// The last guard before Slack: a message no renderer laid out within the
// budget is cut to it, in order, keeping its buttons and saying so.
func TestFitBlocksCutsWhatEscapedTheRenderers(t *testing.T) {
	short := []slack.Block{section("hello"), slack.NewActionBlock("acts", button("agenda_add", "1", "Add agenda item", ""))}
	if got, cut := fitBlocks(short); cut || len(got) != 2 {
		t.Errorf("a short message was changed: %d blocks, cut %v", len(got), cut)
	}

	blocks := []slack.Block{section("*Head*")}
	for i := range 10 {
		var lines []string
		for j := range 15 {
			lines = append(lines, fmt.Sprintf("• line %d.%d %s", i, j, strings.Repeat("x", 100)))
		}
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	blocks = append(blocks, slack.NewActionBlock("acts", button("agenda_add", "1", "Add agenda item", "")), contextText("footer"))
	var texts []string
	for _, b := range blocks[:11] {
		texts = append(texts, b.(*slack.SectionBlock).Text.Text)
	}
	got, cut := fitBlocks(blocks)
	if !cut {
		t.Fatal("not cut")
	}
	if n := blockTextLen(got...); n > msgTextBudget {
		t.Errorf("%d characters after the cut", n)
	}
	if got[0] != blocks[0] {
		t.Error("the head is gone")
	}
	var acts int
	for _, b := range got {
		if b.BlockType() == slack.MBTAction {
			acts++
		}
	}
	if acts != 1 {
		t.Errorf("%d actions blocks, want the one", acts)
	}
	last, ok := got[len(got)-1].(*slack.ContextBlock)
	if !ok || !strings.Contains(last.ContextElements.Elements[0].(*slack.TextBlockObject).Text, "didn't fit in one Slack message") {
		t.Errorf("the cut message does not say so: %#v", got[len(got)-1])
	}
	// The sections kept are the first ones, in order; the last may be cut
	// between lines, leaving the caller's block as it was.
	cutOne := false
	for i, b := range got[1 : len(got)-2] {
		sec, ok := b.(*slack.SectionBlock)
		if !ok {
			t.Fatalf("block %d is a %s", i+1, b.BlockType())
		}
		orig := texts[i+1]
		if now := blocks[i+1].(*slack.SectionBlock).Text.Text; now != orig {
			t.Errorf("fitBlocks changed the caller's block %d", i+1)
		}
		if sec.Text.Text == orig {
			continue
		}
		cutOne = true
		if i != len(got)-4 || !strings.HasSuffix(sec.Text.Text, "\n…") || !strings.HasPrefix(orig, strings.TrimSuffix(sec.Text.Text, "…")) {
			t.Errorf("section %d is not the original, nor the last one cut between lines: %q", i+1, sec.Text.Text)
		}
	}
	if !cutOne {
		t.Error("no section was cut; the one that did not fit had room for a part of it")
	}
}
