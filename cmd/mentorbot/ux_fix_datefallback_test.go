package main

import (
	"strings"
	"testing"
)

// The fallback text of a date (what notifications and previews show) is
// in the reader's zone, not UTC: bob reads New York time, alice Berlin's.
func TestDateFallbacksAreInTheReadersZone(t *testing.T) {
	e := meetEnv(t)
	fallbacks := func(s string) []string {
		var out []string
		for _, m := range meetDateRe.FindAllStringSubmatch(s, -1) {
			out = append(out, m[3])
		}
		return out
	}
	check := func(what, s, zone string) {
		t.Helper()
		fs := fallbacks(s)
		if len(fs) == 0 {
			t.Errorf("%s has no date: %q", what, s)
		}
		for _, f := range fs {
			if !strings.HasSuffix(f, " "+zone) {
				t.Errorf("%s: date fallback %q, want it in %s", what, f, zone)
			}
		}
	}
	check("bob's snooze reply", e.cmd(bob, "/mentor", "snooze 2w"), "EST")
	check("bob's snooze status", e.cmd(bob, "/mentor", "snooze"), "EST")
	check("bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"), "EST")
	e.settle()
	note := e.waitDM(alice, "snoozed the nudges")
	check("alice's snooze notice", note.Text+blockText(note.Blocks), "CET")
	check("alice's /mentor pairs", e.cmd(alice, "/mentor", "pairs"), "CET")

	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("/mentor meet = %q", got)
	}
	e.settle()
	home := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "Next meeting") }))
	check("bob's Home", home, "EST")
}
