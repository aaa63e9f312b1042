package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// The goal-due and goal-overdue DMs each say in their text, all that a
// phone's notification shows, which of the two they are, in plain words:
// both used to read "Goal #1: Give a 20-minute talk…".
func TestGoalDueAndOverdueDMsSayWhichInTheirText(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
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

// Progress saved from the "goal due" DM's own Update progress button
// redraws that DM, as Done does: it does not go on showing the old
// figure next to a new message with the new one.
func TestGoalDueDMShowsProgressSavedFromIt(t *testing.T) {
	e, _ := schedEnv(t)
	ctx := goalCtx(e)
	e.pair(alice, bob)
	id := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-09"))
	other := goalNumberIn(t, e.cmd(bob, "/goal", "add Read 2 books by 2026-11-09"))
	e.schedWalk(schedAt("2026-11-08 15:00"))
	dm := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due", id))
	otherDM := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due", other))
	e.settle()

	if _, err := e.sim.ClickButton(ctx, bob, dm, "goal_progress"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(bob, "goal_progress_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_percent": {"percent": "100"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("progress form: %v, %+v", err, sub)
	}
	e.waitDM(bob, fmt.Sprintf("Goal *#%d* is at 100%%", id))
	now := func(m slacksim.Message) slacksim.Message {
		got, _ := e.sim.LookupMessage(m.Channel, m.TS)
		return got
	}
	eventually(t, "the goal's DM to show 100%", func() bool { return contains(now(dm), "` 100%") })
	e.settle()
	got := now(dm)
	if !contains(got, fmt.Sprintf("Your goal *#%d* is due", id)) || !strings.Contains(string(got.Blocks), "goal_done") || contains(got, "` 0%") {
		t.Errorf("the goal's DM after progress from it: %s", blockText(got.Blocks))
	}
	// The other goal's DM is left as it was.
	if m := now(otherDM); m.Text != otherDM.Text || string(m.Blocks) != string(otherDM.Blocks) {
		t.Errorf("the other goal's DM changed: %s", blockText(m.Blocks))
	}
	noFailures(t, e)
}

// A goal whose date is moved after its reminder went, to a day too near
// for another (its three days' notice has passed), has its DM say only
// what will come: a check-in if the day passes, not a reminder before it.
func TestGoalDueDMMovedTooNearPromisesNoReminder(t *testing.T) {
	e, _ := schedEnv(t)
	ctx := goalCtx(e)
	e.pair(alice, bob)
	id := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-11"))
	e.schedWalk(schedAt("2026-11-08 15:00")) // 10:00 in New York
	dm := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due in 3 days", id))

	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", id))
	v := e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Ship 3 PRs"}, "goal_due": {"due": "2026-11-10"}}); err != nil {
		t.Fatal(err)
	}
	now := func() slacksim.Message {
		m, _ := e.sim.LookupMessage(dm.Channel, dm.TS)
		return m
	}
	eventually(t, "the DM to give the new date", func() bool { return contains(now(), "is due on Tue 10 Nov 2026 now") })
	if got := now(); contains(got, "remind you before") || !contains(got, "check in the day after if it's still open") {
		t.Errorf("the DM after the goal moved to the day after tomorrow: %s", got.Text)
	}

	// And so it goes: nothing before the date, the check-in after it.
	e.schedWalk(schedAt("2026-11-11 18:00"))
	// (The one that went before it moved says the new date now.)
	if ms := e.dms(bob, fmt.Sprintf("Your goal *#%d* is due", id)); len(ms) != 0 {
		t.Errorf("bob had a reminder of the goal for its new date: %s", ms[0].Text)
	}
	e.waitDM(bob, fmt.Sprintf("Your goal *#%d* was due on Tue 10 Nov 2026", id))
	noFailures(t, e)
}
