package main

import (
	"strings"
	"testing"
)

// The programme lead sees matching and the round on their Home's
// "Programme at a glance" and in /mentor report, in counts: who waits to
// be matched (carol: alice and bob wait for answers), what waits for
// answers, the round and until when.
func TestAdminSeesMatchingAndTheRoundAtAGlance(t *testing.T) {
	e := matchEnv(t)
	if text := homeText(homeOpen(e, dana, nil)); !strings.Contains(text, "*Matching:* 0 waiting to be matched · 0 published proposals waiting for answers") ||
		!strings.Contains(text, "*Programme round:* none running") {
		t.Errorf("dana's Home before anything = %s", text)
	}
	cohortPair(e)
	matchJoin(e, alice, signup{role: "mentor", other: "Rust", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Rust"})
	matchJoin(e, carol, signup{role: "mentee", other: "UX"})
	matchPublish(e, alice, bob)

	want := []string{"*Matching:* 1 waiting to be matched · 1 published proposal waiting for answers",
		"*Programme round:* *Winter*, until Sun 28 Feb 2027 · 1 active pair"}
	text := homeText(homeOpen(e, dana, nil))
	report := e.cmd(dana, "/mentor", "report")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("dana's Home lacks %q: %s", w, text)
		}
		if !strings.Contains(report, w) {
			t.Errorf("/mentor report lacks %q: %s", w, report)
		}
	}
	if got := cohortAsk(e); !strings.Contains(got, "I've asked") {
		t.Fatalf("cohort end = %q", got)
	}
	if report := e.cmd(dana, "/mentor", "report"); !strings.Contains(report, "1 active pair · closing: its pairs have been asked whether to continue") {
		t.Errorf("/mentor report while the round closes = %s", report)
	}
}

// The admins' glance counts who waits to be matched as /mentor match
// finds them: two people with a proposal waiting for their answers are
// not also "in the pool". It read "2 sign-ups in the pool · 1 published
// proposal" about the same two, while /mentor match said nobody waits.
func TestGlanceCountsWhoMatchingWouldPropose(t *testing.T) {
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
