package main

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// The logger's own copy of a session and a feedback DM show one line in
// notifications, as the partner's copy does: they showed the whole
// message, the head and every to-do, or each line of the feedback, cut
// at 3,000 characters wherever that fell. An address in the feedback
// comes through whole, its underscores too.
func TestLoggerSessionAndFeedbackPreviewsAreOneLine(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/session", "")
	v := e.waitModal(alice, "session_log")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{
		"notes": {"notes": "Went *well*"},
		"todos": {"todos": "@bob send the _recap_\n@me book the room"},
	}); !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("alice's form: closed %v, errors %v", res.Closed, res.Errors)
	}
	mine := e.waitDM(alice, "Logged session")
	oneLine := func(what string, m slacksim.Message, prefix, suffix string) {
		t.Helper()
		if !strings.HasPrefix(m.Text, prefix) || !strings.HasSuffix(m.Text, suffix) || strings.Contains(m.Text, "\n") || previewMarks(m.Text) != "" {
			t.Errorf("%s's text\n = %q\nwant one line %q … %q", what, m.Text, prefix, suffix)
		}
	}
	oneLine("alice's copy of her session", mine, "Logged session #1 with <@UBOB>, held on ", ", with 2 to-dos.")
	// Redrawn when a to-do is closed, it stays the one line.
	recap := sessionTodoNumber(t, blockText(mine.Blocks), "send the _recap_")
	if got := e.cmd(bob, "/session", fmt.Sprintf("done %d", recap)); !strings.Contains(got, "done") {
		t.Fatalf("bob's /session done: %q", got)
	}
	e.idle()
	mine = e.schedWaitMessage(mine, func(m slacksim.Message) bool {
		return contains(m, fmt.Sprintf("~#%d send the _recap_~ — done (marked by <@UBOB>)", recap))
	})
	oneLine("alice's copy, redrawn", mine, "Logged session #1 with <@UBOB>, held on ", ", with 2 to-dos.")

	e.cmd(bob, "/mentor", "feedback <@UALICE|alice> the _stories_ helped\nsee https://x.test/_draft_ now & <@UALICE|alice> *too*")
	dm := e.waitDM(alice, "the _stories_ helped")
	if want := ":speech_balloon: <@UBOB> shared feedback on your mentoring together: the stories helped see https://x.test/_draft_ now &amp; @alice too"; dm.Text != want {
		t.Errorf("alice's feedback DM's text\n = %q\nwant %q", dm.Text, want)
	}
	long := "long " + strings.Repeat("word & <@UALICE|alice> ", 30)
	e.cmd(bob, "/mentor", "feedback <@UALICE|alice> "+long)
	dm = e.waitDM(alice, "long word")
	oneLine("alice's long feedback DM", dm, ":speech_balloon: <@UBOB> shared feedback on your mentoring together: long word &amp; @alice word", "…")
	// Of the feedback, it quotes 200 characters as they read.
	quoted := strings.TrimPrefix(dm.Text, ":speech_balloon: <@UBOB> shared feedback on your mentoring together: ")
	if n := utf8.RuneCountInString(strings.ReplaceAll(quoted, "&amp;", "&")); n > 200 {
		t.Errorf("alice's long feedback DM's text quotes %d characters: %q", n, dm.Text)
	}
	noFailures(t, e)
}
