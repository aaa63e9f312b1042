package main

import (
	"slices"
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
	snooze := func(e *env) {
		if got := e.cmd(bob, "/mentor", "snooze 2w"); !strings.Contains(got, "nooze") || strings.Contains(got, "can't") {
			t.Fatalf("snooze: %q", got)
		}
	}
	// What a check-in for pairs no longer meeting must not say: the
	// review found an ex-mentor told their mentees have no open goals (the
	// store refuses them those goals), a mentee told a goal gives their
	// meetings direction, and both told to log each meeting, which an
	// ended pair cannot.
	noMeetings := []string{"at your next meeting", "gives your meetings direction"}
	ended := append([]string{"mentees have no open goals", "Log each meeting"}, noMeetings...)
	for _, c := range []struct {
		name, want string
		act        func(e *env)
		absent     []string
	}{
		{"pause", "_meetings paused_", func(e *env) {
			if got := e.cmd(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
		}, noMeetings},
		{"end", "_your pair has ended_", func(e *env) {
			if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
				t.Fatalf("end: %q", got)
			}
		}, ended},
		// A snooze set after the check-in went does not make it one that
		// left the pair out: the review found the redraw keeping "next
		// meeting" (or dropped) when the pair was snoozed, then paused, as
		// the snooze's reply suggests.
		{"snooze then pause", "_meetings paused_", func(e *env) {
			snooze(e)
			if got := e.cmd(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
		}, noMeetings},
		{"snooze then end", "_your pair has ended_", func(e *env) {
			snooze(e)
			if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
				t.Fatalf("end: %q", got)
			}
		}, ended},
		{"forget", "_your pair has ended_", func(e *env) {
			pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
			pgWait(e, bob, "your data is deleted")
		}, ended},
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
					return contains(m, c.want) && !contains(m, "next meeting <!date") &&
						!slices.ContainsFunc(c.absent, func(s string) bool { return contains(m, s) })
				})
				if err != nil {
					t.Errorf("%s's check-in after the %s (%v): %s", u, c.name, err, blockText(got.Blocks))
				}
			}
		})
	}
}

// A pair snoozed after the check-in went is still in it: a skip redraws
// the check-in with the meeting after the skipped one. The review found
// the skipped meeting left as "next meeting" (the snoozed pair was in
// neither the active nor the gone list, and the redraw was dropped).
func TestCheckinRedrawnAfterASnoozeThenASkip(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
	e.schedWalk(schedAt("2026-11-09 15:00"))
	checkins := map[string]slacksim.Message{}
	for key, m := range e.schedSent() {
		if schedKindOf(key) == scheduler.KindCheckin && schedTime(m).After(schedAt("2026-11-09 00:00")) {
			checkins[schedRecipient(key)] = m
		}
	}
	for _, u := range []string{alice, bob} {
		if !contains(checkins[u], "11 Nov") {
			t.Fatalf("%s's check-in of 9 Nov names no meeting on 11 Nov:%s", u, e.describeDMs(u))
		}
	}
	if got := e.cmd(bob, "/mentor", "snooze 2w"); !strings.Contains(got, "nooze") || strings.Contains(got, "can't") {
		t.Fatalf("snooze: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "kipped") {
		t.Fatalf("skip: %q", got)
	}
	e.idle()
	for _, u := range []string{alice, bob} {
		got, err := e.waitMessageAs(checkins[u], func(m slacksim.Message) bool {
			return contains(m, "next meeting") && contains(m, "18 Nov") && !contains(m, "11 Nov")
		})
		if err != nil {
			t.Errorf("%s's check-in after a snooze and a skip (%v): %s", u, err, blockText(got.Blocks))
		}
	}
}

// A pair snoozed before the check-in went was left out of it, and stays
// out when the check-in is redrawn for another pair's change: also when
// the snooze was made longer, or ended early, since (a review found both
// letting the pair in).
func TestCheckinRedrawLeavesOutAPairSnoozedBeforeIt(t *testing.T) {
	for _, then := range []string{"", "5w", "off"} {
		t.Run("snooze "+then, func(t *testing.T) { checkinRedrawLeavesOutSnoozed(t, then) })
	}
}

func checkinRedrawLeavesOutSnoozed(t *testing.T, then string) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UBOB|bob>")
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
	e.cmd(carol, "/mentor", "meet <@UBOB|bob> weekly fri 09:00")
	e.cmd(bob, "/mentor", "snooze <@UCAROL|carol> 3w")
	e.schedWalk(schedAt("2026-11-09 15:00"))
	var ci slacksim.Message
	for key, m := range e.schedSent() {
		if schedKindOf(key) == scheduler.KindCheckin && schedRecipient(key) == bob && schedTime(m).After(schedAt("2026-11-09 00:00")) {
			ci = m
		}
	}
	if ci.TS == "" || contains(ci, "UCAROL") {
		t.Fatalf("bob's check-in of 9 Nov: %s", blockText(ci.Blocks))
	}
	if then != "" {
		e.cmd(bob, "/mentor", "snooze <@UCAROL|carol> "+then)
		e.idle()
	}
	if got := e.cmd(bob, "/mentor", "skip <@UALICE|alice>"); !strings.Contains(got, "kipped") {
		t.Fatalf("skip: %q", got)
	}
	e.idle()
	got, _ := e.waitMessageAs(ci, func(m slacksim.Message) bool { return contains(m, "18 Nov") })
	if contains(got, "UCAROL") {
		t.Errorf("carol's pair, snoozed before the check-in, appears in its redraw:\n%s", blockText(got.Blocks))
	}
}
