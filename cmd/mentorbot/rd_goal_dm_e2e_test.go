package main

import (
	"encoding/json"
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
	if got := buttonLabels(t, due.Blocks, "goal_done"); len(got) != 1 || got[0] != "Mark done" {
		t.Errorf("the goal-due DM's button that completes the goal is labelled %q, want \"Mark done\"", got)
	}

	e.schedWalk(schedAt("2026-11-12 18:00"))
	over := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* was due on Wed 11 Nov 2026", id))
	if want := fmt.Sprintf("Your goal #%d is overdue (it was due Wed 11 Nov): %s", id, goal); over.Text != want {
		t.Errorf("the goal-overdue DM's text = %q, want %q", over.Text, want)
	}
	if got := buttonLabels(t, over.Blocks, "goal_done"); len(got) != 1 || got[0] != "Mark done" {
		t.Errorf("the goal-overdue DM's button that completes the goal is labelled %q, want \"Mark done\"", got)
	}
	noFailures(t, e)
}

// buttonLabels are the labels of the buttons with actionID in the Block
// Kit JSON blocks.
func buttonLabels(t *testing.T, blocks []byte, actionID string) []string {
	t.Helper()
	var bs []struct {
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
			Text     struct {
				Text string `json:"text"`
			} `json:"text"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatalf("blocks %s: %v", blocks, err)
	}
	var labels []string
	for _, b := range bs {
		for _, el := range b.Elements {
			if el.Type == "button" && el.ActionID == actionID {
				labels = append(labels, el.Text.Text)
			}
		}
	}
	return labels
}
