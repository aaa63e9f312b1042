package main

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// During a meeting, /mentor next and /mentor agenda say it is on and
// until when, rather than "no upcoming meeting" or only next week's; its
// own items are not "carried over" until it ends, and an item added
// during it is marked as the next meeting's (logging this one leaves it
// open). testStart is 03:00 in New York (bob), a Monday.
func TestMeetingUnderWayIsShownAsOn(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> weekly mon 09:00"); !strings.Contains(got, " set") {
		t.Fatalf("meet: %q", got)
	}
	e.cmd(bob, "/mentor", "agenda Before the meeting")
	e.advance(6*time.Hour + 10*time.Minute) // 09:10 in New York
	if got := e.cmd(bob, "/mentor", "agenda During it, for next time"); !strings.Contains(got, "Mon 9 Nov 2026") {
		t.Fatalf("an item added during the meeting is for the next one: %q", got)
	}

	next := e.meetAnswer(bob, "/mentor", "next")
	for _, want := range []string{
		"Your meeting with <@UALICE> is on now",
		"ends at <!date^",
		"|09:30 EST>",
		"Next meeting with <@UALICE>:* <!date^",
		"During it, for next time _(<@UBOB>)_ _— for the next meeting_",
	} {
		if !strings.Contains(next, want) {
			t.Errorf("/mentor next during the meeting lacks %q:\n%s", want, next)
		}
	}
	if strings.Contains(next, "carried over") || !strings.Contains(next, "Before the meeting _(<@UBOB>)_\n") {
		t.Errorf("/mentor next marks the meeting's own item (carried over, or for the next meeting) while it is on:\n%s", next)
	}
	// Under "on now", the buttons say which meeting they act on.
	if !strings.Contains(next, "Skip the next meeting") || strings.Contains(next, "Skip this meeting") {
		t.Errorf("/mentor next's skip button during the meeting:\n%s", next)
	}
	agenda := e.meetAnswer(alice, "/mentor", "agenda")
	for _, want := range []string{
		"Agenda for your meeting with <@UBOB>, on now until <!date^", "|15:30 CET>",
		"1. Before the meeting _(<@UBOB>)_\n", "2. During it, for next time _(<@UBOB>)_ _— for the next meeting_",
	} {
		if !strings.Contains(agenda, want) {
			t.Errorf("/mentor agenda during the meeting (alice, Berlin) lacks %q:\n%s", want, agenda)
		}
	}

	// The last second of the meeting is still during it.
	e.advance(20*time.Minute - time.Second) // 09:29:59
	if next := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(next, "is on now") {
		t.Errorf("/mentor next at 09:29:59:\n%s", next)
	}
	e.advance(time.Second) // 09:30: ended
	if next := e.meetAnswer(bob, "/mentor", "next"); strings.Contains(next, "on now") {
		t.Errorf("/mentor next at 09:30, as the meeting ends:\n%s", next)
	}

	e.advance(5 * time.Minute) // 09:35: it has ended, unlogged
	next = e.meetAnswer(bob, "/mentor", "next")
	if strings.Contains(next, "on now") {
		t.Errorf("/mentor next after the meeting still says it is on:\n%s", next)
	}
	if !regexp.MustCompile(`Before the meeting _\(<@UBOB>\)_ _— carried over from <!date\^\d+\^[^|]+\|Mon 2 Nov 2026`).MatchString(next) {
		t.Errorf("after the meeting, its unlogged item is not carried over from it:\n%s", next)
	}
}

// A one-off meeting under way has no meeting after it: /mentor next says
// so, rather than that the pair has no upcoming meeting.
func TestOneOffMeetingUnderWay(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-02 09:00 for 1h"); !strings.Contains(got, " set") {
		t.Fatalf("meet: %q", got)
	}
	e.advance(6*time.Hour + 50*time.Minute) // 09:50 in New York
	next := e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(next, "Your meeting with <@UALICE> is on now") || !strings.Contains(next, "There is no meeting with <@UALICE> after this one") {
		t.Errorf("/mentor next during a one-off meeting:\n%s", next)
	}
	if strings.Contains(next, "have no upcoming meeting") {
		t.Errorf("/mentor next says there is no meeting while one is on:\n%s", next)
	}
	// With none after it, an item added now is the meeting's own: its log
	// covers it, and the answer says so rather than "no meeting is
	// scheduled".
	added := e.cmd(bob, "/mentor", "agenda Added during the one-off")
	if !strings.Contains(added, "on now until <!date^") || !strings.Contains(added, "marks it covered") || strings.Contains(added, "No meeting is scheduled") {
		t.Errorf("adding an item during a one-off meeting: %q", added)
	}
	if got := e.cmd(bob, "/session", "log We met"); !strings.Contains(got, "1 agenda item marked covered") {
		t.Errorf("the log of the one-off does not cover the item added during it: %q", got)
	}
}

// The App Home and the weekly check-in (the default's Monday 09:00 falls
// in many a Monday meeting) say so too, and neither says "no meeting
// scheduled" during a one-off.
func TestHomeAndCheckinShowAMeetingOnNow(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> weekly mon 08:50"); !strings.Contains(got, " set") {
		t.Fatalf("meet: %q", got)
	}
	e.cmd(bob, "/mentor", "agenda Before the meeting")
	e.advance(6*time.Hour + 5*time.Minute) // 09:05 in New York, Monday
	checkin := e.waitDM(bob, "a meeting on now")
	if got := blockText(checkin.Blocks); !strings.Contains(got, "a meeting on now, until <!date^") || !strings.Contains(got, "|09:20 EST>; next meeting <!date^") {
		t.Errorf("bob's check-in during the meeting:\n%s", got)
	}
	e.cmd(bob, "/mentor", "agenda During it")
	home := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "During it") }))
	for _, want := range []string{"Meeting on now*, until <!date^", "|09:20 EST>", "*Next meeting:* <!date^", "• During it _(<@UBOB>)_ _— for the next meeting_"} {
		if !strings.Contains(home, want) {
			t.Errorf("bob's Home during the meeting lacks %q:\n%s", want, home)
		}
	}
	if strings.Contains(home, "Before the meeting _(<@UBOB>)_ _—") {
		t.Errorf("bob's Home marks the meeting's own item:\n%s", home)
	}

	// A one-off, on now: no "No meeting scheduled" on the Home.
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-02 10:00 for 1h"); !strings.Contains(got, " set") {
		t.Fatalf("meet: %q", got)
	}
	e.advance(time.Hour) // 10:05
	home = homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "|11:00 EST>") }))
	if !strings.Contains(home, "No meeting after this one") || strings.Contains(home, "No meeting scheduled") {
		t.Errorf("bob's Home during a one-off:\n%s", home)
	}
}

// A check-in drawn while a meeting is on says so in its notification: a
// one-off with none after it used to read "no meeting scheduled", and a
// weekly one gave next week's, or another pair's later one, as the next.
func TestCheckinPreviewSaysAMeetingIsOnNow(t *testing.T) {
	t.Run("one-off", func(t *testing.T) {
		e, _ := schedEnv(t)
		e.pair(alice, bob)
		// Mon 9 Nov, 09:00 to 10:00 in New York: bob's check-in is at 09:00.
		e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-09 15:00 for 1h")
		e.schedWalk(schedAt("2026-11-09 14:30"))
		if got, want := e.lastCheckin(bob).Text, "Your weekly mentoring check-in with <@UALICE>: a meeting on now; no open to-dos."; got != want {
			t.Errorf("bob's check-in's text\n = %q\nwant %q", got, want)
		}
		noFailures(t, e)
	})
	t.Run("weekly, and another pair's later", func(t *testing.T) {
		e, _ := schedEnv(t)
		e.pair(alice, bob)
		e.pair(carol, bob)
		e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly mon 15:00 for 1h")
		e.cmd(carol, "/mentor", "meet <@UBOB|bob> 2026-11-11 09:00")
		e.schedWalk(schedAt("2026-11-09 14:30"))
		got := e.lastCheckin(bob).Text
		if !strings.Contains(got, ": a meeting with <@UALICE> on now; no open to-dos.") || strings.Contains(got, "next meeting") {
			t.Errorf("bob's check-in's text = %q; want it to say the meeting with alice is on now", got)
		}
		noFailures(t, e)
	})
}
