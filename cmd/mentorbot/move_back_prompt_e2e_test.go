package main

import (
	"strings"
	"testing"
)

// Thursday's meeting (15:00 Berlin, 14:00 UTC) moves to Wednesday before
// its prompt is due, and bob has Wednesday's prompt on Monday. Moved back
// to Thursday, less than the prompt's lead after Wednesday, it gets no
// second prompt on Tuesday; nor once it moves again an hour later, since
// where bob was prompted is still on record.
func TestMeetingMovedBackAfterItsPromptGetsNoSecond(t *testing.T) {
	e := thursdayPair(t)
	if got := e.cmd(alice, "/mentor", "move wed 15:00"); !strings.Contains(got, "Wed") {
		t.Fatalf("the move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-02 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Fatalf("agenda prompts by Monday 15:00 UTC: %v, want Wednesday's", got)
	}
	if got := e.cmd(alice, "/mentor", "move thu 15:00"); !strings.Contains(got, "Thu") {
		t.Fatalf("the move back: %s", got)
	}
	e.schedWalk(schedAt("2026-11-03 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Errorf("agenda prompts once the meeting is back on Thursday: %v, want still one", got)
	}
	if got := e.cmd(alice, "/mentor", "move thu 16:00"); !strings.Contains(got, "16:00") {
		t.Fatalf("the move an hour later: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Errorf("agenda prompts by the meeting: %v, want still one", got)
	}
}

// Moved back the prompt's lead or more later than where bob was prompted,
// the meeting is prompted for again, as any meeting moved that far is.
func TestMeetingMovedBackFarLaterIsPromptedAgain(t *testing.T) {
	e := thursdayPair(t)
	if got := e.cmd(alice, "/mentor", "move mon 18:00"); !strings.Contains(got, "Mon") {
		t.Fatalf("the move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-02 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Fatalf("agenda prompts by Monday 15:00 UTC: %v, want Monday's", got)
	}
	if got := e.cmd(alice, "/mentor", "move thu 15:00"); !strings.Contains(got, "Thu") {
		t.Fatalf("the move back: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 15:00"))
	if got := agendaPromptsSent(e); len(got) != 2 {
		t.Errorf("agenda prompts by Thursday's meeting: %v, want Monday's and Thursday's", got)
	}
}
