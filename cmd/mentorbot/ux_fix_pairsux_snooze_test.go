package main

import (
	"strings"
	"testing"
)

// A snooze "until 2026-11-20" typed in Berlin ends at midnight there, the
// evening before in New York. /mentor pairs (and pairs all) shows that end
// as the snooze notice does, a day and a time in the reader's zone, so bob
// does not read "until Nov 19" as a day early or as another day than his
// notice says.
func TestPairsShowsTheSnoozeEndLikeTheNotice(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze until 2026-11-20"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	e.settle()
	note := e.waitDM(bob, "snoozed the nudges")
	noted := meetDateRe.FindStringSubmatch(note.Text)
	if noted == nil {
		t.Fatalf("bob's notice has no date: %q", note.Text)
	}
	for _, c := range []struct{ who, text, zone string }{
		{"bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"), "EST"},
		{"alice's /mentor pairs", e.cmd(alice, "/mentor", "pairs"), "CET"},
		{"dana's /mentor pairs all", e.cmd(dana, "/mentor", "pairs all"), "GMT"},
	} {
		_, line, ok := strings.Cut(c.text, "snoozed until ")
		m := meetDateRe.FindStringSubmatch(line)
		if !ok || m == nil || !strings.HasPrefix(line, m[0]) {
			t.Errorf("%s shows no snooze end as a date token: %q", c.who, c.text)
			continue
		}
		if m[1] != noted[1] {
			t.Errorf("%s: the snooze ends at %s, the notice says %s", c.who, m[1], noted[1])
		}
		if !strings.Contains(m[2], "{time}") {
			t.Errorf("%s shows the snooze end as a bare date (%q), not a day and time like the notice (%q)", c.who, m[0], noted[0])
		}
		if !strings.HasSuffix(m[3], " "+c.zone) {
			t.Errorf("%s: fallback %q, want it in %s", c.who, m[3], c.zone)
		}
	}
}

// The Home shows the snooze's end the same way.
func TestHomeShowsTheSnoozeEndLikeTheNotice(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "snooze until 2026-11-20"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	home := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "snoozed until") }))
	_, line, _ := strings.Cut(home, "snoozed until ")
	m := meetDateRe.FindStringSubmatch(line)
	if m == nil || !strings.HasPrefix(line, m[0]) {
		t.Fatalf("bob's Home shows no snooze end as a date token:\n%s", home)
	}
	if !strings.Contains(m[2], "{time}") || !strings.HasSuffix(m[3], " EST") {
		t.Errorf("bob's Home shows the snooze end as %q, want a day and time in his zone", m[0])
	}
}
