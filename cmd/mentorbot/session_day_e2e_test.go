package main

import (
	"strings"
	"testing"
)

// A session is held on a calendar day, the one its logger logged: both
// members see that day, even when it is already the next day for one of
// them. Dated by the moment it was logged in each reader's zone, a session
// bob logged on Monday evening in New York was Tuesday for alice in
// Berlin, in her DM, /session show and /session list.
func TestSessionLoggedLateShowsBothTheLoggedDay(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	// Mon 7 Dec 23:40 UTC: 18:40 Monday for bob, 00:40 Tuesday for alice.
	e.clock.Set(utc(2026, 12, 7, 23, 40))

	// With the form, the day picked is that Monday.
	e.cmdIn(bob, e.dmChannel(bob), "/session", "")
	v := e.waitModal(bob, "session_log")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"date":  {"date": "2026-12-07"},
		"notes": {"notes": "talked about the promotion case"},
	})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("the form: %v %+v", err, sub)
	}
	const monday = "Mon 7 Dec 2026"
	if m := e.waitDM(alice, "logged your session"); !strings.Contains(m.Text, "held on "+monday) {
		t.Errorf("alice's DM gives another day than bob logged: %q", m.Text)
	}
	if m := e.waitDM(bob, "Logged session"); !strings.Contains(m.Text, "held on "+monday) {
		t.Errorf("bob's confirmation: %q", m.Text)
	}
	for _, who := range []string{alice, bob} {
		if got := e.cmd(who, "/session", "show 1"); !strings.Contains(got, monday) || strings.Contains(got, "Tue 8 Dec") {
			t.Errorf("/session show 1 for %s: %q", who, got)
		}
		if got := e.cmd(who, "/session", "list"); !strings.Contains(got, "#1* · "+monday) {
			t.Errorf("/session list for %s: %q", who, got)
		}
	}

	// Typed, "today" is bob's Monday too.
	if got := e.cmd(bob, "/session", "log the follow-up on the case"); !strings.Contains(got, "held on "+monday) {
		t.Errorf("bob's typed log: %q", got)
	}
	if m := e.waitDM(alice, "logged your session *#2*"); !strings.Contains(m.Text, "held on "+monday) {
		t.Errorf("alice's DM of the typed log: %q", m.Text)
	}
	if got := e.cmd(alice, "/session", "list"); !strings.Contains(got, "#2* · "+monday) || strings.Contains(got, "Tue 8 Dec") {
		t.Errorf("alice's list after the typed log: %q", got)
	}
}
