package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A programme admin ends someone else's pair by naming both its members:
// both are told, kindly, that a programme admin ended it, its reminders
// stop and its history stays, as when a member ends it. Someone else
// naming two people is told that only admins may, and ends nothing.
func TestAnAdminEndsSomeoneElsesPair(t *testing.T) {
	e := newEnv(t)
	e.pairAliceAndBob()
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "every Thursday") {
		t.Fatalf("meet: %q", got)
	}
	e.settle()
	if pending, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: p.ID, Status: store.NotePending}); err != nil || len(pending) == 0 {
		t.Fatalf("no reminders planned before the end: %v", err)
	}

	// Not for anyone else: not for carol, nor for a member naming both.
	if got := e.cmd(carol, "/mentor", "end <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Only programme admins can end someone else's pair") {
		t.Errorf("carol ending alice and bob's pair: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "end <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "`/mentor end @alice` ends yours") {
		t.Errorf("bob naming both: %q", got)
	}
	// Naming himself and someone he is not paired with, he is not told
	// it is his pair.
	if got := e.cmd(bob, "/mentor", "end <@UBOB|bob> <@UCAROL|carol>"); strings.Contains(got, "ends yours") || !strings.Contains(got, "Only programme admins") {
		t.Errorf("bob naming himself and carol: %q", got)
	}
	if p := e.meetPair(); p.Status != store.PairActive {
		t.Fatalf("the pair after refused ends: %s", p.Status)
	}
	// An admin naming only one person not paired with her is shown the
	// form that names both.
	if got := e.cmd(dana, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "You and <@UALICE> are not a pair") || !strings.Contains(got, "`/mentor end @mentor @mentee`") {
		t.Errorf("dana naming alice alone: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "end <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "<@UALICE> and <@UCAROL> are not a pair") {
		t.Errorf("dana ending a pair that isn't: %q", got)
	}

	// Named the other way round, it is the same pair.
	got := e.cmd(dana, "/mentor", "end <@UBOB|bob> <@UALICE|alice>")
	if !strings.Contains(got, "Ended the pair of <@UALICE> (mentor) and <@UBOB> (mentee)") || !strings.Contains(got, "I've let them both know") {
		t.Fatalf("dana's end: %q", got)
	}
	e.settle()
	for _, who := range []string{alice, bob} {
		note := e.waitDM(who, "A programme admin, <@UDANA>, has ended your mentoring pair")
		if !contains(note, "Thank you for the time you gave each other") {
			t.Errorf("%s's note: %q", who, note.Text)
		}
		if n := len(e.dms(who, "has ended your mentoring pair")); n != 1 {
			t.Errorf("%s told %d times of the end", who, n)
		}
	}
	ended := pgLoadPair(e, p.ID)
	if ended.Live() || ended.EndedBy != dana {
		t.Errorf("the pair after dana's end: %+v", ended)
	}
	if pending, _ := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: p.ID, Status: store.NotePending}); len(pending) != 0 {
		t.Errorf("still planned for the ended pair: %+v", pending)
	}
	if got := e.cmd(bob, "/mentor", "pairs"); !strings.Contains(got, "<@UALICE> mentored you — ended") {
		t.Errorf("bob's history after the end: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "end <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "are not a pair now") || !strings.Contains(got, "ended on") {
		t.Errorf("ending it twice: %q", got)
	}

	// The admin's form is in the admins' help, and only theirs.
	if got := e.cmd(dana, "/mentor", "help"); !strings.Contains(got, "`/mentor end @mentor @mentee`") {
		t.Errorf("dana's help has no admin end: %q", got)
	}
	if got := e.cmd(carol, "/mentor", "help"); strings.Contains(got, "/mentor end @mentor @mentee") {
		t.Errorf("carol's help shows the admin end: %q", got)
	}
	noFailures(t, e)
}
