package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// lastCheckin is the last check-in the scheduler sent user.
func (e *env) lastCheckin(user string) slacksim.Message {
	e.t.Helper()
	var checkin slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "checkin:") && schedRecipient(key) == user && m.TS > checkin.TS {
			checkin = m
		}
	}
	if checkin.TS == "" {
		e.t.Fatalf("no check-in went to %s", user)
	}
	return checkin
}

// A check-in of someone whose only open to-dos are in a pair that has
// ended does not say none are open: /session todos and the Home list
// them.
func TestCheckinSaysToDosAreLeftFromAnEndedPair(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
	if got := e.cmd(bob, "/session", "log <@UALICE> notes todo: <@UALICE> share slides"); !strings.Contains(got, "share slides") {
		t.Fatalf("/session log: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "end <@UALICE>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(8 * 24 * time.Hour))
	got := blockText(e.lastCheckin(alice).Blocks)
	if strings.Contains(got, "None open") || !strings.Contains(got, "1 is left from a pair that has ended: `/session todos` lists it.") {
		t.Errorf("alice's check-in: %s", got)
	}
}

// The Home's pointers to the to-dos it had no room for count one as one.
func TestHomeCountsOneMoreToDoAsOne(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 6, 0) // all six are bob's

	txt := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	if want := "…and 1 more open to-do in this pair, not yours: `/session todos @bob` lists all of the pair's, 40 to a page."; !strings.Contains(txt, want) {
		t.Errorf("alice's Home lacks %q:\n%s", want, txt)
	}

	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	txt = homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "pairs that have ended") }))
	if want := "…and 1 more: `/session todos` lists it."; !strings.Contains(txt, want) {
		t.Errorf("bob's Home lacks %q:\n%s", want, txt)
	}
}

// gus, whose Slack profile has no time zone.
const gus = "UGUS"

// A proposal notes that the two prefer different cadences and names
// whose time zone is unknown, to the admin and to each of the two as
// they read it.
func TestMatchNotesDifferingCadencesAndWhoseZoneIsUnknown(t *testing.T) {
	e := matchEnv(t)
	e.sim.AddUser(slacksim.User{ID: gus, Name: "gus", RealName: "Gus Gray"})
	matchJoin(e, alice, signup{role: "mentor", other: "Go, design", cadence: "biweekly", capacity: "2"})
	matchJoin(e, gus, signup{role: "mentee", cadence: "monthly"})
	msg, _ := matchRun(e)
	review := blockText(msg.Blocks)
	if want := "<@UALICE> mentors <@UGUS>\nmentee open to any topic — note: <@UGUS> has no time zone in Slack; <@UALICE> prefers every two weeks, <@UGUS> once a month"; !strings.Contains(review, want) {
		t.Errorf("the review lacks %q:\n%s", want, review)
	}
	e.matchClick(dana, msg, "match_publish")
	for _, c := range []struct{ who, want string }{
		{alice, "Note: <@UGUS> has no time zone in Slack; you prefer every two weeks, <@UGUS> once a month"},
		{gus, "Note: you have no time zone in your Slack profile; <@UALICE> prefers every two weeks, you once a month"},
	} {
		if m := e.waitDM(c.who, "A mentoring match for you"); !contains(m, c.want) {
			t.Errorf("%s's proposal lacks %q:\n%s", c.who, c.want, blockText(m.Blocks))
		}
	}
	matchNoFailures(e)
}
