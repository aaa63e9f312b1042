package main

import (
	"fmt"
	"strings"
	"testing"
)

// The agenda prompt's ideas suit a pair's first meeting as well as a
// later one: no "win since last time" before there was a last time.
func TestAgendaPromptIdeasSuitAFirstMeeting(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-03 15:00"))
	first := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix()))
	if text := blockText(first.Blocks); !strings.Contains(text, "Ideas: a goal to plan or review") || strings.Contains(text, "since last time") {
		t.Errorf("the first meeting's prompt: %s", text)
	}
}
