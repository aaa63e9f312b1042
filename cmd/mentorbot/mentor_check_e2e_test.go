package main

import (
	"regexp"
	"strings"
	"testing"
)

// fallbackAtRe is how a date with a time reads where Slack cannot render
// <!date^…>: "Tue 15 Dec 2026 at 11:51 EST", as meeting times read.
var fallbackAtRe = regexp.MustCompile(`^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} at \d{2}:\d{2} [A-Z]{3,4}$`)

// TestSnoozeDatesFallBackWithAt: the plain-text fallback of a snooze's end
// says "at" before the time, like every other date with a time.
func TestSnoozeDatesFallBackWithAt(t *testing.T) {
	e := meetEnv(t)
	check := func(what, s string) {
		t.Helper()
		ms := meetDateRe.FindAllStringSubmatch(s, -1)
		if len(ms) == 0 {
			t.Errorf("%s has no date: %q", what, s)
		}
		for _, m := range ms {
			if strings.Contains(m[2], "{time}") && !fallbackAtRe.MatchString(m[3]) {
				t.Errorf("%s: date fallback %q, want it like \"Tue 15 Dec 2026 at 11:51 EST\"", what, m[3])
			}
		}
	}
	check("bob's snooze reply", e.cmd(bob, "/mentor", "snooze 2w"))
	check("bob's snooze status", e.cmd(bob, "/mentor", "snooze"))
	check("bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"))
	e.settle()
	note := e.waitDM(alice, "snoozed the nudges")
	check("alice's snooze notice", note.Text+blockText(note.Blocks))
	check("dana's report", e.cmd(dana, "/mentor", "report"))
}
