package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The Skip and Move buttons of a past meeting that was skipped, moved
// away or fell in a pause say what became of it, not that it took place.
func TestMeetingButtonsOfAPastMeetingThatDidNotTakePlace(t *testing.T) {
	thu := utc(2026, 11, 5, 14, 0)
	for _, c := range []struct {
		name, change, wants string
	}{
		{"skipped", "skip", "was skipped"},
		{"moved", "move 2026-11-06 15:00", "was moved to <!date^"},
		{"paused", "pause", "fell while your meetings were paused"},
	} {
		for _, action := range []string{"meeting_skip", "meeting_move"} {
			t.Run(c.name+"/"+action, func(t *testing.T) {
				e := meetEnv(t)
				e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
				// The buttons of bob's /mentor next, for Thu 5 Nov, shown
				// before the change.
				res := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "next")
				if res.Message == nil || !strings.Contains(string(res.Message.Blocks), fmt.Sprintf(":%d", thu.Unix())) {
					t.Fatalf("bob's next has no buttons for Thu 5 Nov: %+v", res)
				}
				if got := e.cmd(bob, "/mentor", c.change); strings.Contains(got, "Usage") {
					t.Fatalf("%s: %q", c.change, got)
				}
				for _, at := range []time.Time{thu.Add(10 * time.Minute), thu.Add(3 * 24 * time.Hour)} {
					e.clock.Set(at)
					e.settle()
					got := e.clickAnswer(bob, *res.Message, action)
					if !strings.Contains(got, c.wants) || strings.Contains(got, "taken place") || strings.Contains(got, "started") {
						t.Errorf("at %s: %q", at, got)
					}
				}
				if n := len(e.sim.OpenViews(bob)); n != 0 {
					t.Errorf("a form opened for a past meeting: %+v", e.sim.OpenViews(bob))
				}
			})
		}
	}
}
