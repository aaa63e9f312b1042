package main

import (
	"strings"
	"testing"
)

// The Skip button of a reminder sent more than a week ahead skips that
// meeting, not the next one: the answer and the partner's DM say the next
// meeting still takes place, and the agenda added for it stays with it.
func TestSkipALaterMeetingSaysTheNextStillTakesPlace(t *testing.T) {
	e := skipLaterEnv(t)
	// Monday 10:00 in Berlin: 09:00 UTC on 2, 9, 16 and 23 November.
	e.meetAnswer(alice, "/mentor", "meet weekly mon 10:00")
	e.meetAnswer(bob, "/mentor", "agenda review promotion packet")
	e.advance(utc(2026, 11, 8, 9, 0).Sub(e.clock.Now()))
	rem := e.waitDM(alice, "in 8 days")
	if _, err := e.sim.ClickButton(meetCtx(e), alice, rem, "meeting_skip"); err != nil {
		t.Fatal(err)
	}
	note := e.waitDM(bob, "skipped your meeting")
	answer := skipAnswer(e)
	for who, got := range map[string]string{"alice's answer": answer, "bob's DM": note.Text + blockText(note.Blocks)} {
		ds := meetDates(got)
		if len(ds) < 3 || !ds[0].Equal(utc(2026, 11, 16, 9, 0)) || !ds[1].Equal(utc(2026, 11, 9, 9, 0)) || !ds[2].Equal(utc(2026, 11, 23, 9, 0)) {
			t.Errorf("%s names %v, want the skipped 16 Nov, then 9 Nov still on, then 23 Nov: %q", who, ds, got)
		}
		if !strings.Contains(got, "still takes place") || strings.Contains(got, "The next one is") || strings.Contains(got, "agenda waits") {
			t.Errorf("%s: %q", who, got)
		}
	}
	ag := e.meetAnswer(bob, "/mentor", "agenda")
	if d := meetFirstDate(t, "agenda", ag); !d.Equal(utc(2026, 11, 9, 9, 0)) || !strings.Contains(ag, "review promotion packet") {
		t.Errorf("the agenda moved off the next meeting: %v %q", d, ag)
	}
}

// An item for a later meeting is that meeting's: skipping it from its
// early reminder moves the item to the meeting after it, and the answer
// says so, while the next meeting keeps its own.
func TestSkipALaterMeetingMovesItsOwnAgendaOn(t *testing.T) {
	e := skipLaterEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly mon 10:00")
	e.meetAnswer(bob, "/mentor", "agenda review promotion packet")
	e.advance(utc(2026, 11, 8, 9, 0).Sub(e.clock.Now()))
	// An item for the meeting of the 16th itself (added while that one
	// was the next, as during the 9th's meeting).
	if _, err := e.app.DB.AddAgendaItem(e.ctx, alice, e.meetPair().ID, "quarterly goals", utc(2026, 11, 16, 9, 0)); err != nil {
		t.Fatal(err)
	}
	ctx := meetCtx(e)
	rem := e.waitDM(alice, "in 8 days")
	if _, err := e.sim.ClickButton(ctx, alice, rem, "meeting_skip"); err != nil {
		t.Fatal(err)
	}
	answer := skipAnswer(e)
	if !strings.Contains(answer, "Its agenda waits for the meeting after it") {
		t.Errorf("alice's answer: %q", answer)
	}
	items, _ := e.app.DB.OpenAgenda(e.ctx, e.meetPair().ID)
	for _, it := range items {
		if moved := it.MeetingAt.Equal(utc(2026, 11, 23, 9, 0)); moved != (it.Text == "quarterly goals") {
			t.Errorf("%q is for %v after the skip", it.Text, it.MeetingAt)
		}
	}
}

// skipLaterEnv is meetEnv with alice reminded 8 days ahead (192h), so that
// a reminder's Skip button can skip the meeting after the next.
func skipLaterEnv(t *testing.T) *env {
	t.Helper()
	e := meetEnv(t)
	u, err := e.app.DB.User(e.ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	s := u.Settings
	lead := "192h"
	s.RemindBefore = &lead
	if err := e.app.DB.SaveSettings(e.ctx, alice, s); err != nil {
		t.Fatal(err)
	}
	return e
}

// skipAnswer is the answer to alice's Skip button, which replaces the
// reminder through its response_url.
func skipAnswer(e *env) string {
	e.t.Helper()
	var answer string
	e.eventually("alice's answer to the skip", func() bool {
		for _, m := range e.sim.MessagesTo(alice) {
			if m.Via == "response_url" && contains(m, "Skipped your meeting") {
				answer = m.Text + blockText(m.Blocks)
			}
		}
		return answer != ""
	}, func() string { return e.describeDMs(alice) })
	return answer
}
