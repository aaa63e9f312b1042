package main

import (
	"strings"
	"testing"
)

// An agenda item added while the pair's meetings are paused is not told
// that no meeting is scheduled: the schedule is there, on hold.
func TestAgendaItemAddedWhilePausedSaysTheMeetingsArePaused(t *testing.T) {
	e := meetEnv(t)
	if got := e.meetAnswer(bob, "/mentor", "meet weekly thu 15:00"); !strings.Contains(got, "set") {
		t.Fatalf("meet: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	got := e.meetAnswer(bob, "/mentor", "agenda my review")
	if !strings.Contains(got, "Added to the agenda") || strings.Contains(got, "No meeting is scheduled") ||
		!strings.Contains(got, "paused") || !strings.Contains(got, "/mentor resume") {
		t.Errorf("agenda added while paused = %q, want it to say the meetings are paused, not unscheduled", got)
	}
}

// A pending request ends with /mentor forget of either side: the requester
// is not left waiting for an answer that cannot come, and the one asked is
// not left with the forgotten person's message and buttons that lead
// nowhere.
func TestForgetSettlesPendingMentoringRequests(t *testing.T) {
	t.Run("the one asked forgets", func(t *testing.T) {
		e := newEnv(t)
		e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
		e.settle()
		e.waitDM(alice, "would like you to be their mentor")
		pgClick(e, alice, pgForgetMessage(e, alice), "forget_confirm")
		pgWait(e, alice, "your data is deleted")
		e.settle()
		e.waitDM(bob, "won't get an answer")
		noFailures(t, e)
	})
	t.Run("the requester forgets", func(t *testing.T) {
		e := newEnv(t)
		e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat help please")
		e.settle()
		ask := e.waitDM(alice, "would like you to be their mentor")
		pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
		pgWait(e, bob, "your data is deleted")
		e.settle()
		e.idle()
		cur, ok := e.sim.LookupMessage(ask.Channel, ask.TS)
		if !ok {
			t.Fatal("the request DM is gone")
		}
		if contains(cur, "wombat") || strings.Contains(string(cur.Blocks), "request_accept") || !contains(cur, "withdrew") {
			t.Errorf("alice's request DM after bob's forget = %q %s, want it withdrawn without his words or buttons", cur.Text, cur.Blocks)
		}
		noFailures(t, e)
	})
}
