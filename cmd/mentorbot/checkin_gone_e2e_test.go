package main

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

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
			pgForget(e, bob)
		}, ended},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			e.pair(alice, bob)
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
	e.pair(alice, bob)
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

// A check-in redrawn for another pair's change covers the pairs it went
// with, and no other: carol's pair, which it left out, stays out whatever
// happened to that pair since. A pair snoozed before the check-in went
// stays out when the snooze was made longer, or ended early, since (a
// review found both letting the pair in); and when the snooze was ended
// and set anew, or then the pair ended: the redraw worked out from the
// pairs' state which were in the check-in, the second snooze hid the
// first, and the redraw showed a line for a pair the check-in never had.
// Nor does a pair paused then and resumed since, or made since, come in.
func TestCheckinRedrawCoversOnlyThePairsItWentWith(t *testing.T) {
	type step struct{ who, args, want string }
	made := []step{{dana, "pair <@UCAROL|carol> <@UBOB|bob>", "Paired"}, {carol, "meet <@UBOB|bob> weekly fri 09:00", "Fri"}}
	snoozed := append(slices.Clone(made), step{bob, "snooze <@UCAROL|carol> 3w", "nooze"})
	off := step{bob, "snooze <@UCAROL|carol> off", "nooze"}
	anew := step{bob, "snooze <@UCAROL|carol> 2w", "nooze"}
	for _, c := range []struct {
		name          string
		before, after []step
	}{
		{"snoozed", snoozed, nil},
		{"snoozed, made longer since", snoozed, []step{{bob, "snooze <@UCAROL|carol> 5w", "nooze"}}},
		{"snoozed, ended since", snoozed, []step{off}},
		{"snoozed, ended and set anew since", snoozed, []step{off, anew}},
		{"snoozed, ended and set anew, then the pair ended", snoozed, []step{off, anew, {bob, "end <@UCAROL|carol>", "has ended"}}},
		{"paused, resumed since", append(slices.Clone(made), step{bob, "pause <@UCAROL|carol>", "Paused"}), []step{{bob, "resume <@UCAROL|carol>", "Resumed"}}},
		{"made since", nil, made},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			do := func(steps []step) {
				for _, s := range steps {
					if got := e.cmd(s.who, "/mentor", s.args); !strings.Contains(got, s.want) {
						t.Fatalf("/mentor %s: %q", s.args, got)
					}
				}
				e.idle()
			}
			e.pair(alice, bob)
			e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
			do(c.before)
			e.schedWalk(schedAt("2026-11-09 15:00"))
			var ci slacksim.Message
			for key, m := range e.schedSent() {
				if schedKindOf(key) == scheduler.KindCheckin && schedRecipient(key) == bob && schedTime(m).After(schedAt("2026-11-09 00:00")) {
					ci = m
				}
			}
			if ci.TS == "" || contains(ci, "UCAROL") || !contains(ci, "11 Nov") {
				t.Fatalf("bob's check-in of 9 Nov: %s", blockText(ci.Blocks))
			}
			do(c.after)
			if got := e.cmd(bob, "/mentor", "skip <@UALICE|alice>"); !strings.Contains(got, "kipped") {
				t.Fatalf("skip: %q", got)
			}
			e.idle()
			got, err := e.waitMessageAs(ci, func(m slacksim.Message) bool { return contains(m, "18 Nov") })
			if err != nil {
				t.Fatalf("bob's check-in after the skip (%v): %s", err, blockText(got.Blocks))
			}
			if contains(got, "UCAROL") {
				t.Errorf("carol's pair, not in the check-in when it went, appears in its redraw:\n%s", blockText(got.Blocks))
			}
		})
	}
}

// A check-in sent before its pairs were recorded (migration 24) is
// redrawn as before, its pairs worked out from their state: the pair
// paused since says so, and the pair snoozed then stays out.
func TestCheckinRedrawWithoutItsRecordedPairs(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(carol, bob)
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
	if ci.TS == "" || contains(ci, "UCAROL") || !contains(ci, "11 Nov") {
		t.Fatalf("bob's check-in of 9 Nov: %s", blockText(ci.Blocks))
	}
	// As the database was before migration 24, from a connection of its
	// own: the store runs only its own SQL.
	raw, err := sql.Open("sqlite", "file:"+e.cfg.DB+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.ExecContext(e.ctx, `DELETE FROM checkin_pairs`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("no check-in's pairs were recorded")
	}
	if got := e.cmd(bob, "/mentor", "pause <@UALICE|alice>"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.idle()
	got, err := e.waitMessageAs(ci, func(m slacksim.Message) bool { return contains(m, "_meetings paused_") })
	if err != nil || contains(got, "UCAROL") || contains(got, "next meeting") {
		t.Errorf("bob's check-in after the pause (%v), want alice's pair paused and carol's left out:\n%s", err, blockText(got.Blocks))
	}
}

// lastCheckin is the last check-in the scheduler sent user.
func (e *env) lastCheckin(user string) slacksim.Message {
	e.t.Helper()
	var checkin slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "checkin:") && schedRecipient(key) == user && m.TS > checkin.TS {
			checkin = m
		}
	}
	if checkin.TS == "" {
		e.t.Fatalf("no check-in went to %s", user)
	}
	return checkin
}

// A check-in of someone whose only open to-dos are in a pair that has
// ended does not say none are open: /session todos and the Home list
// them.
func TestCheckinSaysToDosAreLeftFromAnEndedPair(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	if got := e.cmd(bob, "/session", "log <@UALICE> notes todo: <@UALICE> share slides"); !strings.Contains(got, "share slides") {
		t.Fatalf("/session log: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "end <@UALICE>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(8 * 24 * time.Hour))
	got := blockText(e.lastCheckin(alice).Blocks)
	if strings.Contains(got, "None open") || !strings.Contains(got, "1 is left from a pair that has ended: `/session todos` lists it.") {
		t.Errorf("alice's check-in: %s", got)
	}
}

// A check-in redrawn after its pair ended (by an end, or by the partner's
// /mentor forget) says the to-dos it listed are left from the ended pair,
// not that none are open.
func TestCheckinRedrawnAfterTheEndSaysToDosAreLeft(t *testing.T) {
	for _, c := range []struct {
		name string
		act  func(e *env)
	}{
		{"end", func(e *env) {
			if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
				t.Fatalf("end: %q", got)
			}
		}},
		{"forget", func(e *env) {
			pgForget(e, bob)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			e.pair(alice, bob)
			e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
			if got := e.cmd(bob, "/session", "log <@UALICE> notes todo: <@UALICE> share slides"); !strings.Contains(got, "share slides") {
				t.Fatalf("/session log: %q", got)
			}
			e.schedWalk(schedAt("2026-11-09 15:00"))
			checkin := e.lastCheckin(alice)
			if !contains(checkin, "share slides") {
				t.Fatalf("alice's check-in does not list her to-do: %s", blockText(checkin.Blocks))
			}
			c.act(e)
			e.idle()
			got, err := e.waitMessageAs(checkin, func(m slacksim.Message) bool { return contains(m, "_your pair has ended_") })
			if err != nil {
				t.Fatalf("alice's check-in was not redrawn (%v): %s", err, blockText(got.Blocks))
			}
			if txt := blockText(got.Blocks); strings.Contains(txt, "None open") || !strings.Contains(txt, "1 is left from a pair that has ended: `/session todos` lists it.") {
				t.Errorf("alice's redrawn check-in: %s", txt)
			}
		})
	}
}

// The week's check-ins list the mentee's open goals, to them and to their
// mentor; a goal closed, dropped, opened again or updated since is shown
// as it is now, as a to-do closed since is: not "overdue" beside the DM
// where it was just marked done.
func TestGoalChangeRedrawsTheWeeksCheckins(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	late := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-06"))
	books := goalNumberIn(t, e.cmd(bob, "/goal", "add Read 2 books by 2026-11-30"))
	talk := goalNumberIn(t, e.cmd(bob, "/goal", "add Give a talk by 2026-11-27"))
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York and Berlin
	overdue := e.schedDM(fmt.Sprintf("goal_overdue:to=%s:goal=%d:due=2026-11-06", bob, late))
	checkins := []slacksim.Message{e.schedDM("checkin:to=" + bob + ":on=2026-11-09"), e.schedDM("checkin:to=" + alice + ":on=2026-11-09")}
	for _, ci := range checkins {
		if !contains(ci, "Ship 3 PRs") || !contains(ci, "overdue") {
			t.Fatalf("check-in to %s before: %s", ci.User, blockText(ci.Blocks))
		}
	}
	each := func(ok func(string) bool) {
		t.Helper()
		for _, ci := range checkins {
			e.schedWaitMessage(ci, func(m slacksim.Message) bool { return ok(blockText(m.Blocks)) })
		}
	}

	e.schedClick(bob, overdue, "goal_done")
	e.idle()
	each(func(s string) bool { return !strings.Contains(s, "Ship 3 PRs") && strings.Contains(s, "Read 2 books") })
	// Progress alone redraws nothing (one edit per update would pile up
	// under load); the next change shows it.
	e.cmd(bob, "/goal", fmt.Sprintf("progress %d 40", books))
	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", books))
	v := e.waitModal(bob, "goal_form")
	e.schedSubmit(bob, v, map[string]map[string]any{"goal_text": {"text": "Read 2 books"}, "goal_due": {"due": "2026-12-04"}})
	each(func(s string) bool {
		return strings.Contains(s, "due Fri 4 Dec 2026") && strings.Contains(s, "Read 2 books\n`▰▰▰▰▱▱▱▱▱▱` 40%")
	})
	e.cmd(bob, "/goal", fmt.Sprintf("drop %d", talk))
	each(func(s string) bool { return !strings.Contains(s, "Give a talk") })
	e.cmd(bob, "/goal", fmt.Sprintf("reopen %d", late))
	each(func(s string) bool { return strings.Contains(s, "Ship 3 PRs") })
	noFailures(t, e)
}

// The week's check-ins name the next meeting: skipping it redraws them to
// name the one after, for both members.
func TestSkipRedrawsTheWeeksCheckins(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York and Berlin
	checkins := []slacksim.Message{e.schedDM("checkin:to=" + bob + ":on=2026-11-09"), e.schedDM("checkin:to=" + alice + ":on=2026-11-09")}
	for _, ci := range checkins {
		if !strings.Contains(blockText(ci.Blocks), "12 Nov") {
			t.Fatalf("check-in to %s before the skip: %s", ci.User, blockText(ci.Blocks))
		}
	}
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Fatalf("skip: %q", got)
	}
	e.idle()
	for _, ci := range checkins {
		e.schedWaitMessage(ci, func(m slacksim.Message) bool {
			s := blockText(m.Blocks)
			return !strings.Contains(s, "12 Nov") && strings.Contains(s, "19 Nov")
		})
	}
	noFailures(t, e)
}
