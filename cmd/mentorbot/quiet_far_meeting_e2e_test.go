package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// A pair whose next meeting is far off is quiet all the same: the nudge
// goes (naming that meeting) when the admins' report lists the pair as
// quiet. The audit found it dropped at send time for any meeting to come,
// a one-off months ahead or a weekly one skipped for six weeks.
func TestQuietPairNudgeGoesWhenTheNextMeetingIsFarOff(t *testing.T) {
	for _, c := range []struct {
		name  string
		setUp func(e *env)
		next  string // the next meeting's day, as the nudge names it
	}{
		{"a one-off 115 days ahead", func(e *env) {
			if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2027-02-25 15:00"); !strings.Contains(got, "25 Feb 2027") {
				t.Fatalf("meet: %q", got)
			}
		}, "25 Feb 2027"},
		{"a weekly one skipped six times", func(e *env) {
			e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
			for range 6 {
				if got := e.cmd(alice, "/mentor", "skip"); !strings.Contains(got, "kipped") {
					t.Fatalf("skip: %q", got)
				}
			}
		}, "16 Dec 2026"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			e.pair(alice, bob)
			c.setUp(e)
			e.schedWalk(e.clock.Now().Add(40 * 24 * time.Hour))
			if got, _ := rfReport(e); !strings.Contains(got, "<@UALICE> mentoring <@UBOB> — quiet since 2 Nov 2026") {
				t.Fatalf("the report's quiet pairs:\n%s", got)
			}
			for _, u := range []string{alice, bob} {
				got := e.dms(u, "since you and")
				if len(got) != 1 || !contains(got[0], "Your next meeting, <!date^") || !contains(got[0], c.next) ||
					!contains(got[0], "is a while away") || !contains(got[0], "/mentor move") {
					t.Errorf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
				}
			}
		})
	}
}

// A nudge held past its due time (by a snooze, or quiet hours) counts the
// week that makes a meeting "coming up" from when it goes. The review
// found a nudge held by a snooze until 8 Dec calling a meeting on 10 Dec
// "a while away", with a /mentor move to 15 Dec that would put it off.
func TestQuietPairNudgeHeldBySnoozeIsDroppedForAMeetingDaysAway(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-12-10 15:00"); !strings.Contains(got, "10 Dec") {
		t.Fatalf("meet: %q", got)
	}
	// The nudge falls due on 2 Dec; the snooze holds it until 8 Dec.
	if got := e.cmd(bob, "/mentor", "snooze 36d"); !strings.Contains(got, "8 Dec") {
		t.Fatalf("snooze: %q", got)
	}
	e.schedWalk(schedAt("2026-12-10 12:00"))
	for _, u := range []string{alice, bob} {
		if got := e.dms(u, "since you and"); len(got) != 0 {
			t.Errorf("%s was nudged about a quiet pair two days before its meeting:%s", u, e.describeDMs(u))
		}
	}
}

// The nudge suggests no time for its /mentor move: a time that suits the
// reader may be the partner's night, or a skipped one, or after the
// meeting, and the two members' nudges would move it twice. Reviews found
// each of those in the suggestions it used to make.
func TestQuietPairNudgeMoveLeavesTheTimeToThePair(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
	for range 6 {
		if got := e.cmd(alice, "/mentor", "skip"); !strings.Contains(got, "kipped") {
			t.Fatalf("skip: %q", got)
		}
	}
	// The nudges fall due on Wed 2 Dec; the next meeting is on 16 Dec.
	e.schedWalk(schedAt("2026-12-03 00:00"))
	move := regexp.MustCompile("`/mentor (move [^`]+)`")
	for _, u := range []string{alice, bob} {
		got := e.dms(u, "since you and")
		if len(got) != 1 || !contains(got[0], "16 Dec") {
			t.Fatalf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
		}
		if m := move.FindStringSubmatch(blockText(got[0].Blocks)); m == nil || !strings.HasSuffix(m[1], " WHEN") {
			t.Errorf("%s's nudge suggests a time for the move: %s", u, blockText(got[0].Blocks))
		}
	}
}
