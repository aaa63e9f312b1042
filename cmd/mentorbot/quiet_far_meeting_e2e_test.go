package main

import (
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
			e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
			c.setUp(e)
			e.schedWalk(e.clock.Now().Add(40 * 24 * time.Hour))
			if got, _ := rfReport(e); !strings.Contains(got, "<@UALICE> mentoring <@UBOB> — quiet since 2 Nov 2026") {
				t.Fatalf("the report's quiet pairs:\n%s", got)
			}
			for _, u := range []string{alice, bob} {
				got := e.dms(u, "since you and")
				if len(got) != 1 || !contains(got[0], "Your next meeting, on") || !contains(got[0], c.next) ||
					!contains(got[0], "is a while away") || !contains(got[0], "/mentor move") {
					t.Errorf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
				}
			}
		})
	}
}
