package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
)

// The week's check-ins name the pair's next meeting; pausing or ending
// the pair, as a skip or a move does, redraws them so that they no longer
// promise a meeting that won't take place. The audit found both still
// saying "next meeting Wed …" after a pause or an end.
func TestCheckinRedrawnWhenThePairPausesOrEnds(t *testing.T) {
	for _, c := range []struct {
		name, want string
		act        func(e *env)
	}{
		{"pause", "_meetings paused_", func(e *env) {
			if got := e.cmd(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
		}},
		{"end", "_your pair has ended_", func(e *env) {
			if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
				t.Fatalf("end: %q", got)
			}
		}},
		{"forget", "_your pair has ended_", func(e *env) {
			pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
			pgWait(e, bob, "your data is deleted")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
			e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
			// Monday 9 Nov: both check-ins have gone by 15:00 UTC.
			e.schedWalk(schedAt("2026-11-09 15:00"))
			checkins := map[string]slacksim.Message{}
			for key, m := range e.schedSent() {
				if schedKindOf(key) == scheduler.KindCheckin && schedTime(m).After(schedAt("2026-11-09 00:00")) {
					checkins[schedRecipient(key)] = m
				}
			}
			readers := []string{alice, bob}
			if c.name == "forget" {
				readers = []string{alice} // bob's data, his DMs' record with it, is gone
			}
			for _, u := range readers {
				if !contains(checkins[u], "next meeting") {
					t.Fatalf("%s's check-in of 9 Nov names no next meeting:%s", u, e.describeDMs(u))
				}
			}
			c.act(e)
			e.idle()
			for _, u := range readers {
				got, err := e.waitMessageAs(checkins[u], func(m slacksim.Message) bool {
					return contains(m, c.want) && !contains(m, "next meeting <!date")
				})
				if err != nil {
					t.Errorf("%s's check-in after the %s (%v): %s", u, c.name, err, blockText(got.Blocks))
				}
			}
		})
	}
}
