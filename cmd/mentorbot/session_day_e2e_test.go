package main

import (
	"strings"
	"testing"
	"time"
)

// TestSessionLogPickedLaterIsHeldTheDayItWasTyped: someone in two pairs
// types /session log on Monday and presses "With …" in the "which pair?"
// answer 30 hours later: the session is held on Monday, the day it was
// typed in their zone, not on the day of the press.
func TestSessionLogPickedLaterIsHeldTheDayItWasTyped(t *testing.T) {
	e := twoPairEnv(t) // Monday 2 November, 09:00 in alice's Berlin
	// Meetings later that Monday, after the typing: not the ones logged.
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-02 18:00")
	e.cmd(alice, "/mentor", "meet <@UCAROL|carol> 2026-11-02 19:00")
	res := pickPrompt(t, e, "/session", "log late click test")
	e.clock.Advance(30 * time.Hour) // Tuesday 15:00 in Berlin
	e.settle()
	if _, err := e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, "pick_partner0", buttonValue(t, res.Message.Blocks, "pick_partner0")); err != nil {
		t.Fatal(err)
	}
	e.idle()
	var logged int
	for _, mentee := range []string{bob, carol} {
		ss, err := e.app.DB.Sessions(e.ctx, mentee, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			logged++
			if s.HeldOn != "2026-11-02" || s.Notes != "late click test" || !s.MeetingAt.IsZero() {
				t.Errorf("session logged by the press: held on %s, notes %q, meeting %v; want 2026-11-02 and no meeting (it began after the typing)", s.HeldOn, s.Notes, s.MeetingAt)
			}
		}
	}
	if logged != 1 {
		t.Fatalf("%d sessions logged by one press", logged)
	}
	if got := e.cmd(alice, "/session", "list"); !strings.Contains(got, "*#1* · Mon 2 Nov 2026") {
		t.Errorf("alice's list: %q", got)
	}
	noFailures(t, e)
}

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
