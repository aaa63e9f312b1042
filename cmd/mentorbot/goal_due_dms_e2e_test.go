package main

import (
	"fmt"
	"testing"
)

// The goal-due and goal-overdue DMs each say in their text, all that a
// phone's notification shows, which of the two they are, in plain words:
// both used to read "Goal #1: Give a 20-minute talk…".
func TestGoalDueAndOverdueDMsSayWhichInTheirText(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	const goal = "Give a 20-minute talk at the Go meetup"
	id := goalNumberIn(t, e.cmd(bob, "/goal", "add "+goal+" by 2026-11-11"))

	e.schedWalk(schedAt("2026-11-08 15:00")) // Sun 10:00 in New York
	due := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due in 3 days", id))
	if want := fmt.Sprintf("Your goal #%d is due in 3 days: %s", id, goal); due.Text != want {
		t.Errorf("the goal-due DM's text = %q, want %q", due.Text, want)
	}

	e.schedWalk(schedAt("2026-11-12 18:00"))
	over := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* was due on Wed 11 Nov 2026", id))
	if want := fmt.Sprintf("Your goal #%d is overdue (it was due Wed 11 Nov): %s", id, goal); over.Text != want {
		t.Errorf("the goal-overdue DM's text = %q, want %q", over.Text, want)
	}
	noFailures(t, e)
}
