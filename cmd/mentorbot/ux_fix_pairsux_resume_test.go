package main

import (
	"strings"
	"testing"
	"time"
)

// Resuming a pair whose one-off meeting has passed says so, and how to
// set the next one: not that there is no meeting "yet", as if they had
// never set one.
func TestResumeAfterAOneOffMeetingSaysItTookPlace(t *testing.T) {
	for _, c := range []struct {
		name  string
		skip  bool
		wants string
	}{
		{"held", false, "already taken place"},
		{"skipped", true, "was skipped"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
				t.Fatalf("meet: %q", got)
			}
			if c.skip {
				if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
					t.Fatalf("skip: %q", got)
				}
			}
			e.advance(5 * 24 * time.Hour) // the meeting's day is past
			if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
				t.Fatalf("pause: %q", got)
			}
			e.advance(24 * time.Hour)
			got := e.cmd(alice, "/mentor", "resume")
			if !strings.Contains(got, "Resumed") || !strings.Contains(got, "one-off meeting") || !strings.Contains(got, c.wants) ||
				!strings.Contains(got, "`/mentor meet @bob") || strings.Contains(got, "yet") {
				t.Errorf("alice's resume: %q", got)
			}
			if d := meetDates(got); len(d) != 1 || !d[0].Equal(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)) {
				t.Errorf("alice's resume does not name the meeting of 5 Nov 15:00 Berlin: %q", got)
			}
			e.settle()
			note := e.waitDM(bob, "resumed your meetings")
			if !strings.Contains(note.Text, c.wants) || !strings.Contains(note.Text, "`/mentor meet @alice") || strings.Contains(note.Text, "yet") {
				t.Errorf("bob's note: %q", note.Text)
			}
			if !strings.Contains(note.Text, "EST>") {
				t.Errorf("bob's note does not show the meeting in his zone: %q", note.Text)
			}
		})
	}
}
