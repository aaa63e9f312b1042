package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// The DM of to-dos given by an edit of a session's notes keeps a line and
// a Done button for each, however long their texts are once escaped, within
// what Slack takes in one message; its notification text is one line.
func TestTodosGivenMessageFitsEveryTodo(t *testing.T) {
	s := store.Session{ID: 7, PairID: 1, HeldOn: "2026-12-08", LoggedBy: "UBOB"}
	var given []store.Todo
	for i := range maxTodosPerSession {
		given = append(given, store.Todo{ID: int64(i + 1), PairID: 1, SessionID: 7, OwnerID: "UALICE",
			Text: strings.Repeat("<&>", maxShortText/3)})
	}
	rp := todosGivenMessage(s, "UBOB", "UALICE", given, time.UTC)
	if n := blockTextLen(rp.Blocks...); n > msgTextBudget {
		t.Errorf("the message has %d characters of text, more than %d", n, msgTextBudget)
	}
	buttons := 0
	for _, b := range rp.Blocks {
		if sec, ok := b.(*slack.SectionBlock); ok && sec.Accessory != nil && sec.Accessory.ButtonElement != nil &&
			strings.HasPrefix(sec.Accessory.ButtonElement.ActionID, actionTodoDone+"_") {
			buttons++
		}
	}
	if buttons != len(given) {
		t.Errorf("%d Done buttons for %d to-dos", buttons, len(given))
	}
	if want := "<@UBOB> gave you 20 to-dos in session #7."; rp.Text != want {
		t.Errorf("text = %q, want %q", rp.Text, want)
	}
	one := todosGivenMessage(s, "UBOB", "UALICE", given[:1], time.UTC)
	if strings.Contains(one.Text, "\n") || !strings.HasPrefix(one.Text, "<@UBOB> gave you a to-do in session #7: &lt;&amp;&gt;") {
		t.Errorf("text of one = %q", one.Text)
	}
}
