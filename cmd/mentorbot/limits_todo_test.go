package main

import (
	"context"
	"strings"
	"testing"
)

// The check-in of someone in two pairs names the pair of each to-do; once
// one is ticked off with Done, its line still names the pair.
func TestCheckinTodoDoneKeepsThePairItBelongsTo(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> we met todo: @me send bob the talk outline"); !strings.Contains(got, "#") {
		t.Fatalf("/session log = %q", got)
	}
	e.cmd(alice, "/session", "log <@UCAROL|carol> we met todo: @me find carol a reviewer")
	e.schedWalk(schedAt("2026-11-09 15:00"))
	ci := e.schedDM("checkin:to=UALICE:on=2026-11-09")
	var done string
	for _, id := range matchActionIDs(ci) {
		if strings.HasPrefix(id, "todo_done_") {
			done = id
			break
		}
	}
	if done == "" {
		t.Fatalf("alice's check-in has no Done button:\n%s", blockText(ci.Blocks))
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, alice, ci, done); err != nil {
		t.Fatal(err)
	}
	e.idle()
	now, ok := e.sim.LookupMessage(ci.Channel, ci.TS)
	if !ok {
		t.Fatal("the check-in is gone")
	}
	text := blockText(now.Blocks)
	if !strings.Contains(text, "~#1 send bob the talk outline~ — done (marked by you) _(with <@UBOB>)_.") {
		t.Errorf("the done to-do no longer names its pair:\n%s", text)
	}
	if !strings.Contains(text, "*Your open to-dos* (1)") {
		t.Errorf("the count of open to-dos did not go down from 2:\n%s", text)
	}
	if !strings.Contains(text, "find carol a reviewer — you _(with <@UCAROL>)_") {
		t.Errorf("the other to-do changed:\n%s", text)
	}
}
