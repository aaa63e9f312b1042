package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func TestSessionSplitNotes(t *testing.T) {
	cases := []struct {
		in        string
		notes     string
		todos     string // "owner:text|owner:text"
		wantTodos int
	}{
		{"just notes", "just notes", "", 0},
		{"talked todo: read the book", "talked", ":read the book", 1},
		{"a TODO: one ToDo: two to-do: three", "a", ":one|:two|:three", 3},
		{"todo: <@UALICE|alice> intro to the SRE team", "", "UALICE:intro to the SRE team", 1},
		{"todo:<@UBOB>: write it, ", "", "UBOB:write it", 1},
		{"todo: ask <@UCAROL|carol> for coffee", "", ":ask <@UCAROL|carol> for coffee", 1},
		{"line one\ntodo: x\nline two\n\nline three todo: y", "line one\nline two\n\nline three", ":x|:y", 2},
		{"mytodo: is not a marker", "mytodo: is not a marker", "", 0},
		{"todo:", "", ":", 1},
		// A list's bullet or number before a marker is not a line of notes;
		// a bullet before notes is.
		{"notes\n- todo: a\n• todo: b\n2) todo: c\n- more", "notes\n- more", ":a|:b|:c", 3},
		{"- 3 todo: x", "- 3", ":x", 1},
		// A link typed into the form comes bare: its "todo:" is the link's.
		{"see https://example.com/todo:abc for more todo: real", "see https://example.com/todo:abc for more", ":real", 1},
		// Punctuation after a space is the to-do's own, unless it is a
		// comma, colon or semicolon standing alone.
		{"todo: <@UALICE|alice> .NET upgrade plan", "", "UALICE:.NET upgrade plan", 1},
		{"todo: <@UALICE|alice> ?maybe later", "", "UALICE:?maybe later", 1},
		{"todo: <@UALICE|alice>. .env cleanup", "", "UALICE:.env cleanup", 1},
		{"todo: <@UALICE|alice> ; send it", "", "UALICE:send it", 1},
		{"todo: <@UALICE|alice>! — send it", "", "UALICE:send it", 1},
	}
	for _, c := range cases {
		notes, todos := splitNotes(c.in)
		var got []string
		for _, td := range todos {
			got = append(got, td.owner+":"+td.text)
		}
		if notes != c.notes || strings.Join(got, "|") != c.todos || len(todos) != c.wantTodos {
			t.Errorf("splitNotes(%q) = %q, %q; want %q, %q", c.in, notes, strings.Join(got, "|"), c.notes, c.todos)
		}
	}
}

func TestTodoCheck(t *testing.T) {
	p := store.Pair{ID: 1, MentorID: "UALICE", MenteeID: "UBOB"}
	if _, err := checkTodos(p, []noteTodo{{owner: "UCAROL", text: "x"}}); err == nil || !strings.Contains(err.Error(), "<@UCAROL> isn't in your pair") {
		t.Errorf("outsider owner: %v", err)
	}
	if _, err := checkTodos(p, []noteTodo{{text: ""}}); err == nil {
		t.Error("empty to-do accepted")
	}
	if _, err := checkTodos(p, []noteTodo{{text: strings.Repeat("x", maxShortText+1)}}); err == nil {
		t.Error("long to-do accepted")
	}
	many := make([]noteTodo, maxTodosPerSession+1)
	for i := range many {
		many[i].text = fmt.Sprint(i)
	}
	if _, err := checkTodos(p, many); err == nil {
		t.Error("too many to-dos accepted")
	}
	got, err := checkTodos(p, []noteTodo{{text: "a"}, {owner: "UALICE", text: "b"}})
	if err != nil || len(got) != 2 || got[0].OwnerID != "" || got[1].OwnerID != "UALICE" {
		t.Errorf("checkTodos = %+v, %v", got, err)
	}
}

func TestTodoBlocksAndMarkDone(t *testing.T) {
	todos := []store.Todo{{ID: 7, OwnerID: "UBOB", Text: "read <@UX|x> & <!here>"}, {ID: 8, OwnerID: "UALICE", Text: "intro"}}
	blocks := todoBlocks(todos, "UBOB", nil, 0)
	if len(blocks) != 2 || blocks[0].ID() != "todo_7" {
		t.Fatalf("blocks: %+v", blocks)
	}
	sec := blocks[0].(*slack.SectionBlock)
	if sec.Text.Text != "*#7* read @x &amp; @here — you" || sec.Accessory.ButtonElement.ActionID != "todo_done_7" || sec.Accessory.ButtonElement.Value != "7" {
		t.Errorf("to-do section: %q %+v", sec.Text.Text, sec.Accessory.ButtonElement)
	}
	if got := blocks[1].(*slack.SectionBlock).Text.Text; got != "*#8* intro — <@UALICE>" {
		t.Errorf("other's to-do: %q", got)
	}
	if more := todoBlocks(todos, "UBOB", nil, 1); len(more) != 2 || !strings.Contains(more[1].(*slack.ContextBlock).ContextElements.Elements[0].(*slack.TextBlockObject).Text, "1 more") {
		t.Errorf("limited blocks: %+v", more)
	}
	done := todos[0]
	done.Status, done.DoneBy = store.TodoDone, "UALICE"
	out, ok := markTodoDone(append([]slack.Block{section("head")}, blocks...), done, "UBOB")
	if !ok || len(out) != 3 || out[1].(*slack.SectionBlock).Accessory.ButtonElement.ActionID != "todo_reopen_7" || !strings.Contains(out[1].(*slack.SectionBlock).Text.Text, "marked by <@UALICE>") || out[2] != blocks[1] {
		t.Errorf("markTodoDone = %+v, %v", out, ok)
	}
	if _, ok := markTodoDone([]slack.Block{section("x")}, done, "UBOB"); ok {
		t.Error("markTodoDone found a to-do that is not there")
	}
}

// Undo after Done gives the list back as it was: the line with its pair,
// its Done button, and the count of open to-dos.
func TestMarkTodoOpenUndoesMarkTodoDone(t *testing.T) {
	todos := []store.Todo{{ID: 7, PairID: 1, OwnerID: "UBOB", Text: "read"}, {ID: 8, PairID: 2, OwnerID: "UBOB", Text: "intro"}}
	list := append([]slack.Block{section("*Your open to-dos* (2)")}, todoBlocks(todos, "UBOB", map[int64]string{1: "UALICE", 2: "UCAROL"}, 0)...)
	done := todos[0]
	done.Status, done.DoneBy = store.TodoDone, "UBOB"
	closed, ok := markTodoDone(list, done, "UBOB")
	if !ok || !strings.Contains(closed[0].(*slack.SectionBlock).Text.Text, "(1)") {
		t.Fatalf("markTodoDone = %+v, %v", closed, ok)
	}
	back, ok := markTodoOpen(closed, todos[0], "UBOB")
	if !ok {
		t.Fatal("markTodoOpen found no done line")
	}
	for i := range list {
		want, got := list[i].(*slack.SectionBlock), back[i].(*slack.SectionBlock)
		if want.Text.Text != got.Text.Text || (want.Accessory == nil) != (got.Accessory == nil) ||
			(want.Accessory != nil && want.Accessory.ButtonElement.ActionID != got.Accessory.ButtonElement.ActionID) {
			t.Errorf("block %d after Undo: %q %+v, want %q %+v", i, got.Text.Text, got.Accessory, want.Text.Text, want.Accessory)
		}
	}
	if _, ok := markTodoOpen(list[:1], todos[0], "UBOB"); ok {
		t.Error("markTodoOpen found a to-do that is not there")
	}
}

// A check-in whose last open to-do is ticked off stops asking to tick one
// off, and asks again when one is opened again.
func TestCheckinTodoHeadingWhenAllAreDone(t *testing.T) {
	todos := []store.Todo{{ID: 7, PairID: 1, OwnerID: "UBOB", Text: "read"}}
	head := "*Your open to-dos* (1)" + checkinTodosAsk
	list := append([]slack.Block{section(head)}, todoBlocks(todos, "UBOB", nil, 0)...)
	done := todos[0]
	done.Status, done.DoneBy = store.TodoDone, "UBOB"
	closed, ok := markTodoDone(list, done, "UBOB")
	if got := closed[0].(*slack.SectionBlock).Text.Text; !ok || got != "*Your open to-dos* (0) — all ticked off. Nice work!" {
		t.Errorf("heading with none left = %q, %v", got, ok)
	}
	back, ok := markTodoOpen(closed, todos[0], "UBOB")
	if got := back[0].(*slack.SectionBlock).Text.Text; !ok || got != head {
		t.Errorf("heading after Undo = %q, want %q", got, head)
	}
}

// Every refusal of /session log says that nothing was logged, as the
// others of its kind do, and nothing is.
func TestSessionLogRefusalsSayNothingWasLogged(t *testing.T) {
	fb := newFuzzBot(t)
	before, err := fb.db.Sessions(fb.ctx, fzAlice, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ text, want string }{
		{"<@UBOB> talked todo: a todo:", "To-do 2 is empty"},
		{"<@UBOB> talked todo: " + strings.Repeat("x", maxShortText+1), "To-do 1 is 301 characters long"},
		{"<@UBOB> talked todo: <@UCAROL> x", "isn't in your pair"},
		{"<@UBOB> talked" + strings.Repeat(" todo: x", maxTodosPerSession+1), "one session can have up to"},
		{"<@UBOB> " + strings.Repeat("x", maxLongText+1), "That note is 2501 characters long"},
	} {
		rp, _ := fb.b.runCommand(fb.ctx, slack.SlashCommand{UserID: fzAlice, Command: "/session", Text: "log " + c.text, ChannelID: "D" + fzAlice})
		if !strings.Contains(rp.Text, c.want) || !strings.HasSuffix(rp.Text, " Nothing was logged.") || strings.Count(rp.Text, "Nothing was logged") != 1 {
			t.Errorf("log %.60s: %q, want %q and that nothing was logged, once", c.text, rp.Text, c.want)
		}
	}
	after, err := fb.db.Sessions(fb.ctx, fzAlice, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("%d sessions before, %d after", len(before), len(after))
	}
}
