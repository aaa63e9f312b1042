package main

import (
	"strings"
	"testing"
)

const clashHeadsUp = "Heads-up: your meeting of "

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
		if strings.Contains(got, clashHeadsUp) != c.clash {
			t.Errorf("meet carol %s: %q; want a clash named: %v", c.when, got, c.clash)
		}
		if c.clash && (!strings.Contains(got, "overlaps your meeting with <@UBOB> of ") || !strings.Contains(got, "`/mentor move @carol`")) {
			t.Errorf("meet carol %s: the clash does not name bob's meeting, or the command for carol's: %q", c.when, got)
		}
	}
	// A move into bob's hour is named; a move elsewhere is not, though
	// other meetings of the two pairs clash.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly thu 15:00")
	if got := e.meetAnswer(alice, "/mentor", "move <@UCAROL|carol> 17:00"); !strings.Contains(got, "Moved your meeting") || strings.Contains(got, clashHeadsUp) {
		t.Errorf("a move away from bob's meeting = %q, want it moved and no clash named", got)
	}
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly thu 16:00")
	if got := e.meetAnswer(alice, "/mentor", "move <@UCAROL|carol> 15:00"); !strings.Contains(got, "Moved your meeting") || !strings.Contains(got, clashHeadsUp) {
		t.Errorf("a move onto bob's meeting = %q, want it moved and the clash named", got)
	}
	e.settle()
	for _, m := range e.dms(carol, "") {
		if strings.Contains(m.Text+string(m.Blocks), "UBOB") {
			t.Errorf("carol was told of alice's pair with bob: %s", m.Text)
		}
	}
}

// When the partner sets the time, the member whose other pair meets then
// hears of it in their own DM of the new meetings.
func TestPartnerHearsOfAClashWithTheirOtherPair(t *testing.T) {
	e := newEnv(t)
	e.pairAliceAndBob()
	e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00") // Berlin
	got := e.meetAnswer(carol, "/mentor", "meet weekly thu 23:00")      // Tokyo: 15:00 in Berlin
	if strings.Contains(got, clashHeadsUp) {
		t.Errorf("carol, in one pair, was told of a clash: %q", got)
	}
	e.settle()
	m := e.waitDM(alice, "<@UCAROL> set your meetings")
	if text := m.Text + blockText(m.Blocks); !strings.Contains(text, clashHeadsUp) || !strings.Contains(text, "overlaps your meeting with <@UBOB>") {
		t.Errorf("alice's DM of carol's new meetings does not name the clash with bob's: %s", text)
	}
}
