package main

import (
	"fmt"
	"strings"
	"testing"
)

// Slack shows a {date_long_pretty} date near today as "today", "tomorrow"
// or "yesterday", so the bot writes no "on" before one: "your meeting
// with @bob on tomorrow at 15:00" and "ended on yesterday" read wrong.
func TestNearDatesReadWithoutOn(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))

	// The move form of tomorrow's meeting.
	reminder := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	e.schedClick(alice, reminder, "meeting_move")
	v := e.waitModal(alice, "meeting_move")
	if raw := blockText(v.JSON); !strings.Contains(raw, fmt.Sprintf("Your meeting with <@UBOB>, <!date^%d^", thu.Unix())) || strings.Contains(raw, "> on <!date") {
		t.Errorf("the move form: %s", raw)
	}

	// The answer to an item added to its agenda.
	got := e.cmd(alice, "/mentor", "agenda review the talk")
	if !strings.Contains(got, fmt.Sprintf("Added to the agenda for your meeting with <@UBOB>, <!date^%d^", thu.Unix())) || strings.Contains(got, "> on <!date") {
		t.Errorf("the agenda item's answer: %q", got)
	}

	// /session list of the pair once it has ended, today.
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	if got := e.cmd(alice, "/session", "list <@UBOB|bob>"); !strings.Contains(got, "Your pair with <@UBOB> ended <!date^") || strings.Contains(got, "ended on") {
		t.Errorf("the list of the ended pair: %q", got)
	}
	noFailures(t, e)
}
