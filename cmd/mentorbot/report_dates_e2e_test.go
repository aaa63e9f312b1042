package main

import (
	"strings"
	"testing"
	"time"
)

// bob in New York and carol in Tokyo meet at 19:00 on Tuesday in New
// York, 09:00 on Wednesday in Tokyo. bob logs it as that meeting, on his
// Tuesday; carol, finding it taken, logs it on her Wednesday. One meeting
// was held: the report, its CSV and the Home said two.
func TestReportCountsAMeetingLoggedOnTwoDatesOnce(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(utc(2026, 12, 7, 0, 0))
	e.pair(bob, carol)
	if got := e.cmd(bob, "/mentor", "meet <@UCAROL> 2026-12-08 19:00"); !strings.Contains(got, "19:00") {
		t.Fatalf("meet: %q", got)
	}
	e.clock.Set(utc(2026, 12, 9, 1, 0)) // 20:00 on Tuesday in New York
	if got := e.cmd(bob, "/session", "log <@UCAROL> we met"); !strings.Contains(got, "Logged session *#1*") || !strings.Contains(got, "your meeting of") || !strings.Contains(got, "Tue 8 Dec 2026") {
		t.Fatalf("bob's log: %q", got)
	}
	e.advance(30 * time.Minute) // 10:30 on Wednesday in Tokyo
	if got := e.cmd(carol, "/session", "log <@UBOB> we met, my notes"); !strings.Contains(got, "Logged session *#2*") || !strings.Contains(got, "Wed 9 Dec 2026") || strings.Contains(got, "your meeting of") {
		t.Fatalf("carol's log: %q", got)
	}
	got, figures := rfReport(e)
	for _, want := range []string{"last 30 days: *1 held* (meetings with a session logged)", "last 90 days: *1 held*", "· 1 pair met", "*Sessions logged:* 2 in all"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	for k, want := range map[string]string{"meetings/held/last 30 days": "1", "meetings/held/last 90 days": "1", "sessions/logged/all time": "2"} {
		if figures[k] != want {
			t.Errorf("CSV %s = %q, want %q", k, figures[k], want)
		}
	}
	if l := rfHome(e, "*Meetings, last 30 days:*"); !strings.HasPrefix(l, "*Meetings, last 30 days:* 1 held (logged)") {
		t.Errorf("dana's Home: %q", l)
	}
	pgNoFailures(e)
}
