package main

import (
	"strings"
	"testing"
)

// The admins' glance counts who waits to be matched as /mentor match
// finds them: two people with a proposal waiting for their answers are
// not also "in the pool". It read "2 sign-ups in the pool · 1 published
// proposal" about the same two, while /mentor match said nobody waits.
func TestMatch2GlanceCountsWhoMatchingWouldPropose(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Rust", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Rust"})
	matchPublish(e, alice, bob)
	want := "*Matching:* 0 waiting to be matched · 1 published proposal waiting for answers"
	if text := homeText(homeOpen(e, dana, nil)); !strings.Contains(text, want) {
		t.Errorf("dana's Home lacks %q: %s", want, text)
	}
	if report := e.cmd(dana, "/mentor", "report"); !strings.Contains(report, want) {
		t.Errorf("/mentor report lacks %q: %s", want, report)
	}
	if got := e.cmd(dana, "/mentor", "match"); !strings.Contains(got, "Nobody is waiting to be matched") {
		t.Errorf("/mentor match = %q", got)
	}
	// carol waits, and is offered.
	matchJoin(e, carol, signup{role: "mentee", other: "UX"})
	if text := homeText(homeOpen(e, dana, nil)); !strings.Contains(text, "*Matching:* 1 waiting to be matched") {
		t.Errorf("dana's Home with carol signed up: %s", text)
	}
}
