package main

import (
	"strings"
	"testing"
)

// A mentor's weekly check-in leaves out what belongs to a pair whose
// check-ins are on hold: its meeting and mentee's goals, and its to-dos
// too. The mentee snoozed (or paused) the pair, and the mentor was told
// that its check-ins wait; their other pair's to-dos still show.
func TestCheckinLeavesOutTheTodosOfAPairOnHold(t *testing.T) {
	for _, hold := range []string{"snooze <@UALICE|alice> 2w", "pause <@UALICE|alice>"} {
		t.Run(strings.Fields(hold)[0], func(t *testing.T) {
			e := meetEnv(t)
			if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
				t.Fatalf("pairing alice and carol: %q", got)
			}
			e.cmd(bob, "/session", "log <@UALICE|alice> kickoff todo: <@UALICE|alice> intro to the SRE team")
			e.cmd(carol, "/session", "log <@UALICE|alice> kickoff todo: <@UALICE|alice> send the talk outline")
			if got := e.cmd(carol, "/mentor", hold); strings.Contains(got, "Usage") {
				t.Fatalf("%s: %q", hold, got)
			}
			// Monday 9 Nov, 09:00 in Berlin.
			e.schedWalk(utc(2026, 11, 9, 8, 1))
			got := blockText(e.schedDM("checkin:to=" + alice + ":on=2026-11-09").Blocks)
			if !strings.Contains(got, "intro to the SRE team") {
				t.Errorf("the check-in lacks the to-do of alice's pair with bob:\n%s", got)
			}
			if strings.Contains(got, "send the talk outline") || strings.Contains(got, "<@UCAROL>") {
				t.Errorf("the check-in shows the pair on hold (%s):\n%s", hold, got)
			}
		})
	}
}
