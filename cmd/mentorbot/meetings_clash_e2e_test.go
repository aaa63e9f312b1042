package main

import (
	"strings"
	"testing"
)

// Someone in two pairs hears when the meetings they set or move overlap
// those of their other pair; their partner hears nothing of that other
// pair.
func TestMeetingsThatClashWithAnotherPairAreNamed(t *testing.T) {
	e := newEnv(t)
	e.pairAliceAndBob()
	if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and carol: %q", got)
	}
	if got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); strings.Contains(got, "overlaps") {
		t.Errorf("the first meetings of alice's = %q, want no clash", got)
	}
	const clash = "Heads-up: your meeting of "
	for _, c := range []struct {
		when  string
		clash bool
	}{
		{"weekly thu 15:00", true},
		{"weekly thu 15:15 for 1h", true},  // starts during bob's
		{"weekly thu 14:45 for 30m", true}, // ends during bob's
		{"weekly thu 15:30", false},        // right after
		{"weekly thu 14:00 for 1h", false}, // right before
		{"biweekly wed 15:00", false},
	} {
		got := e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> "+c.when)
		if strings.Contains(got, clash) != c.clash {
			t.Errorf("meet carol %s: %q; want a clash named: %v", c.when, got, c.clash)
		}
		if c.clash && !strings.Contains(got, "overlaps your meeting with <@UBOB> of ") {
			t.Errorf("meet carol %s: the clash does not name bob's meeting: %q", c.when, got)
		}
	}
	// A move into bob's hour is named too.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly thu 16:00")
	if got := e.meetAnswer(alice, "/mentor", "move <@UCAROL|carol> 15:00"); !strings.Contains(got, "Moved your meeting") || !strings.Contains(got, clash) {
		t.Errorf("a move onto bob's meeting = %q, want it moved and the clash named", got)
	}
	e.settle()
	for _, m := range e.dms(carol, "") {
		if strings.Contains(m.Text+string(m.Blocks), "UBOB") {
			t.Errorf("carol was told of alice's pair with bob: %s", m.Text)
		}
	}
}
