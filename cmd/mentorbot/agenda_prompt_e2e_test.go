package main

import (
	"fmt"
	"strings"
	"testing"
)

// The agenda prompt's ideas suit the meeting: before the pair's first, no
// "win since last time"; once a meeting has been held, logged or not,
// that one.
func TestAgendaPromptIdeasBeforeTheFirstMeeting(t *testing.T) {
	e, p := moveEnv(t)
	thu, nextThu := schedAt("2026-11-05 14:00"), schedAt("2026-11-12 14:00")
	e.schedWalk(schedAt("2026-11-03 15:00"))
	first := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix()))
	if text := blockText(first.Blocks); !strings.Contains(text, "what you hope to get from mentoring") || strings.Contains(text, "since last time") {
		t.Errorf("the first meeting's prompt: %s", text)
	}
	// Met on 5 Nov, and not logged: met all the same.
	e.schedWalk(schedAt("2026-11-10 15:00"))
	second := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, nextThu.Unix()))
	if text := blockText(second.Blocks); !strings.Contains(text, "a win since last time") {
		t.Errorf("the second meeting's prompt: %s", text)
	}
}
