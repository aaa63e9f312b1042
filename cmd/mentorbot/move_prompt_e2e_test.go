package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// thursdayPair pairs alice and bob, meeting on Thursdays at 15:00 in
// Berlin (14:00 UTC, 09:00 in bob's New York).
func thursdayPair(t *testing.T, opts ...envOption) *env {
	t.Helper()
	e, _ := schedEnv(t, opts...)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	return e
}

// agendaPromptsSent lists the keys of the agenda prompts sent so far.
func agendaPromptsSent(e *env) []string {
	var ks []string
	for k := range e.schedSent() {
		if strings.HasPrefix(k, "agenda_prompt:") {
			ks = append(ks, k)
		}
	}
	return ks
}

// Thursday 15:00 Berlin (14:00 UTC, 09:00 in bob's New York), prompts 50h
// ahead: due Tuesday 07:00 in New York, held by bob's quiet hours to
// 08:00. Alice moves the meeting half an hour at 07:30, while the prompt
// waits: bob still gets a prompt, at once, for the moved meeting.
func TestMoveWhileTheAgendaPromptWaitsStillPrompts(t *testing.T) {
	e := thursdayPair(t, withEnv("MENTORBOT_AGENDA_PROMPT_BEFORE", "50h"))
	e.schedWalk(schedAt("2026-11-03 12:30"))
	if got := e.cmd(alice, "/mentor", "move thu 15:30"); !strings.Contains(got, "15:30") {
		t.Fatalf("the move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Errorf("agenda prompts sent by the moved meeting: %v, want one", got)
	}
}

// Bob has Thursday's prompt on Tuesday at 09:00 in New York; the meeting
// then moves to Friday, and he gets no second prompt. Nor once he is in
// Tokyo, where Tuesday 14:00 UTC is night: a prompt due then would have
// waited for the morning, after the move, but this one had gone.
func TestMovedMeetingGetsNoSecondPromptAfterAZoneChange(t *testing.T) {
	e := thursdayPair(t)
	e.schedWalk(schedAt("2026-11-03 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Fatalf("agenda prompts by Tuesday 15:00 UTC: %v, want Thursday's", got)
	}
	if got := e.cmd(alice, "/mentor", "move fri 15:00"); !strings.Contains(got, "Fri") {
		t.Fatalf("the move: %s", got)
	}
	u, _ := e.sim.User(bob)
	u.TZ = "Asia/Tokyo"
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	e.waitUser(bob, "a zone of Asia/Tokyo", func(p store.User) bool { return p.TZ == "Asia/Tokyo" })
	e.schedWalk(schedAt("2026-11-06 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Errorf("agenda prompts by the moved meeting: %v, want still one", got)
	}
}

// Moved the prompt's lead later, a meeting gets a new prompt; moved again
// an hour, it gets no third: the new time is measured from where it was
// when last prompted, not from where it was first scheduled.
func TestMeetingMovedTwiceIsPromptedForItsLastPlace(t *testing.T) {
	e := thursdayPair(t)
	e.schedWalk(schedAt("2026-11-03 15:00"))
	if got := e.cmd(alice, "/mentor", "move sat 15:00"); !strings.Contains(got, "Sat") {
		t.Fatalf("the first move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 14:30"))
	if got := agendaPromptsSent(e); len(got) != 2 {
		t.Fatalf("agenda prompts once the moved meeting's is due: %v, want two", got)
	}
	if got := e.cmd(alice, "/mentor", "move sat 16:00"); !strings.Contains(got, "16:00") {
		t.Fatalf("the second move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-07 16:00"))
	if got := agendaPromptsSent(e); len(got) != 2 {
		t.Errorf("agenda prompts by the meeting moved again: %v, want still two", got)
	}
}

// A prompt whose first send failed waits for its retry as being sent; the
// meeting moves meanwhile, and the move takes the prompt as had. The retry
// finds the meeting moved and drops it, never sent: the moved meeting
// gets its prompt all the same.
func TestMoveWhileThePromptAwaitsItsRetryStillPrompts(t *testing.T) {
	e := thursdayPair(t) // the prompt on Tuesday 14:00 UTC
	e.schedWalk(schedAt("2026-11-03 13:59"))
	e.sim.FailNext("chat.postMessage", 1, "internal_error", 500)
	e.schedWalk(schedAt("2026-11-03 14:00"))
	e.eventually("the prompt to wait for its retry", func() bool {
		for _, n := range e.notes() {
			if n.Kind == "agenda_prompt" && n.Status == store.NoteSending && n.LastError != "" {
				return true
			}
		}
		return false
	})
	if got := e.cmd(alice, "/mentor", "move thu 16:00"); !strings.Contains(got, "16:00") {
		t.Fatalf("the move: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 15:00"))
	if got := agendaPromptsSent(e); len(got) != 1 {
		t.Errorf("agenda prompts sent: %v, want one for the moved meeting", got)
	}
}
