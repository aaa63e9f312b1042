package main

import (
	"strings"
	"testing"
)

// The notice that nudges stopped names every kind of DM that stops with
// them, the quiet-pair reminder and the good-fit question too, as the
// settings modal does: not only some of them.
func TestNudgesStoppedNoticeNamesWhatStops(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	notice := e.waitDM(bob, "stop them for now")
	text := blockText(notice.Blocks)
	for _, want := range []string{"follow-ups", "goal", "quiet-pair", "feedback prompts", "good-fit"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice does not name %q: %s", want, text)
		}
	}
}
