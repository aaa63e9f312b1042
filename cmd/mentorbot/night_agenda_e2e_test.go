package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// Quiet hours that do not cover the small hours (a programme's lunch,
// 12:00–14:00) are not anyone's night: noon is not warned of, and 3 a.m.
// still is, as the night of 08:00–20:00 daytime. testStart is Monday
// 2026-11-02; Berlin (alice) is six hours ahead of New York (bob).
func TestNightIsNotMiddayQuietHours(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "12:00-14:00"))
	e.pairAliceAndBob()

	// 18:30 in Berlin is 12:30 for bob: in the programme's quiet hours,
	// but his day.
	if got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 18:30"); strings.Contains(got, ":warning:") || !strings.Contains(got, "are set") {
		t.Errorf("12:30 warned of as night: %q", got)
	}
	// 09:00 in Berlin is 03:00 for bob. Both are in the day from 14:00
	// to 20:00 Berlin time; 14:00 is nearest.
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 09:00")
	want := ":warning: That's 03:00 on Wednesday for <@UBOB> (America/New_York), in their night — " +
		"`/mentor meet @bob weekly wed 14:00` would be daytime for both of you (Wednesday 08:00 for them)."
	if !strings.Contains(got, want) {
		t.Errorf("03:00 not warned of: want %q in\n%s", want, got)
	}

	// Bob's own midday quiet hours are no night either; the programme's
	// hours then say when it is.
	e2 := newEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "22:00-06:00"))
	e2.pairAliceAndBob()
	s := store.DefaultSettings()
	s.QuietHours = new("12:00-13:00")
	if err := e2.app.DB.SaveSettings(e2.ctx, bob, s); err != nil {
		t.Fatal(err)
	}
	if got := e2.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 18:30"); strings.Contains(got, ":warning:") {
		t.Errorf("12:30 warned of under bob's own quiet hours 12:00-13:00: %q", got)
	}
	got = e2.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 09:00")
	if want := ":warning: That's 03:00 on Wednesday for <@UBOB> (America/New_York), in their night"; !strings.Contains(got, want) {
		t.Errorf("03:00 under the programme's quiet hours 22:00-06:00: want %q in\n%s", want, got)
	}
}

// A reminder lead longer than the gap between meetings reminds of a
// meeting with another still before it. The agenda is the next meeting's
// (what /mentor agenda and the Add agenda item button add to): that
// reminder neither shows it as its own nor offers the button, and says
// where items go. Redrawn once the meeting before it is over, it shows
// its agenda and the button again. Alice's Thursdays at 15:00 in Berlin
// are 14:00 UTC, 09:00 for bob in New York.
func TestReminderOfALaterMeetingKeepsOffTheNextOnesAgenda(t *testing.T) {
	e, _ := schedEnv(t, withEnv("MENTORBOT_REMIND_BEFORE", "10d,1h"))
	e.pairAliceAndBob()
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	p := e.livePairOf(alice, bob)

	e.schedWalk(schedAt("2026-11-06 12:00")) // the meeting of 5 Nov is over
	if got := e.cmd(bob, "/mentor", "agenda Item meant for the 12 Nov meeting"); !strings.Contains(got, "Thu 12 Nov 2026 at 09:00 EST") {
		t.Fatalf("the item is not for 12 Nov: %q", got)
	}
	// The 10-day reminder of 19 Nov goes on 9 Nov, before 12 Nov's meeting.
	e.schedWalk(schedAt("2026-11-09 14:30"))
	key := fmt.Sprintf("reminder:240h:pair=%d:at=%d:to=UBOB", p.ID, schedAt("2026-11-19 14:00").Unix())
	m := e.schedDM(key)
	text := m.Text + " " + blockText(m.Blocks)
	want := fmt.Sprintf("Until your meeting (<!date^%d^", schedAt("2026-11-12 14:00").Unix())
	if !strings.Contains(m.Text, "Thu 19 Nov 2026 at 09:00 EST") || strings.Contains(text, "Item meant for") ||
		strings.Contains(text, "agenda_add") || !strings.Contains(text, want) ||
		!strings.Contains(text, "is over, agenda items go to it, not to this one: `/mentor agenda @alice` shows them.") {
		t.Errorf("the reminder of 19 Nov shows, or adds to, the agenda of 12 Nov, or does not say where items go: %s", text)
	}
	// The reminder of the next meeting itself has its agenda and button.
	e.schedWalk(schedAt("2026-11-12 13:30"))
	first := e.schedDM(fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, schedAt("2026-11-12 14:00").Unix()))
	if text := blockText(first.Blocks); !strings.Contains(text, "Item meant for the 12 Nov meeting") || !strings.Contains(text, "agenda_add") {
		t.Errorf("the reminder of 12 Nov lacks its agenda or its button: %s", text)
	}

	// Once 12 Nov's meeting is over, an item added goes to 19 Nov, and
	// the reminder of 19 Nov, redrawn, shows it and the button.
	e.schedWalk(schedAt("2026-11-12 15:00"))
	if got := e.cmd(alice, "/mentor", "agenda For the 19th"); !strings.Contains(got, "Thu 19 Nov 2026 at 15:00 CET") {
		t.Fatalf("the item is not for 19 Nov: %q", got)
	}
	e.schedWaitMessage(m, func(m slacksim.Message) bool {
		text := blockText(m.Blocks)
		return strings.Contains(text, "For the 19th") && strings.Contains(text, "agenda_add") && !strings.Contains(text, "Until your meeting")
	})
}

// An agenda prompt sent for a meeting that another comes before since
// (a later one moved ahead of it) shows, redrawn, neither that one's
// agenda nor a button that adds to it, and says where items go.
func TestAgendaPromptOfAMeetingWithAnotherMovedBeforeIt(t *testing.T) {
	e, _ := schedEnv(t)
	e.pairAliceAndBob()
	e.cmd(alice, "/mentor", "meet weekly thu 15:00") // 14:00 UTC
	p := e.livePairOf(alice, bob)
	e.schedWalk(schedAt("2026-11-17 15:00")) // the prompt of 19 Nov went at 14:00
	prompt := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, schedAt("2026-11-19 14:00").Unix()))

	sc, ok, err := e.app.DB.Schedule(e.ctx, p.ID)
	if err != nil || !ok {
		t.Fatalf("schedule: %v %v", ok, err)
	}
	from := schedAt("2026-11-26 14:00")
	if err := e.app.DB.MoveMeeting(e.ctx, alice, p.ID, sc.SetAt, from, from, schedAt("2026-11-18 14:00")); err != nil {
		t.Fatal(err)
	}
	if got := e.cmd(bob, "/mentor", "agenda Slides for the 18th"); !strings.Contains(got, "Wed 18 Nov 2026") {
		t.Fatalf("the item is not for 18 Nov: %q", got)
	}
	want := fmt.Sprintf("Until your meeting (<!date^%d^", schedAt("2026-11-18 14:00").Unix())
	e.schedWaitMessage(prompt, func(m slacksim.Message) bool {
		text := blockText(m.Blocks)
		return strings.Contains(text, want) && !strings.Contains(text, "Slides") && !strings.Contains(text, "agenda_add")
	})
}
