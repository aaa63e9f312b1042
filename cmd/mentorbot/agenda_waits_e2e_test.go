package main

import (
	"strings"
	"testing"
)

// An item whose meeting was skipped, or whose schedule was set anew, waits
// for the meeting after: a session logged before that one (a coffee chat,
// or the previous meeting logged late) does not mark it covered.
func TestAgendaOfASkippedMeetingWaitsForTheNextOne(t *testing.T) {
	e := meetEnv(t)
	// Bob is in New York: Friday 10:00 is 15:00 UTC.
	e.meetAnswer(bob, "/mentor", "meet weekly fri 10:00")
	e.meetAnswer(bob, "/mentor", "agenda Discuss the Q1 plan")
	if got := e.meetAnswer(bob, "/mentor", "skip"); !strings.Contains(got, "its agenda waits for the next meeting") {
		t.Fatalf("skip: %q", got)
	}
	if got := e.meetAnswer(alice, "/session", "log coffee chat"); strings.Contains(got, "marked covered") {
		t.Errorf("a coffee chat covered the agenda of the meeting after the skip: %q", got)
	}
	ag := e.meetAnswer(bob, "/mentor", "agenda")
	if !strings.Contains(ag, "Discuss the Q1 plan") {
		t.Errorf("agenda after the skip and a coffee chat: %q", ag)
	}
	if d := meetFirstDate(t, "agenda", ag); !d.Equal(utc(2026, 11, 13, 15, 0)) {
		t.Errorf("agenda is for %v", d)
	}

	// Meetings set anew: the items wait for the first of them.
	e.meetAnswer(bob, "/mentor", "meet weekly thu 10:00")
	e.meetAnswer(bob, "/mentor", "agenda Second topic")
	if got := e.meetAnswer(alice, "/session", "log another coffee chat"); strings.Contains(got, "marked covered") {
		t.Errorf("a coffee chat covered the agenda of the new schedule's first meeting: %q", got)
	}
	ag = e.meetAnswer(bob, "/mentor", "agenda")
	if !strings.Contains(ag, "Discuss the Q1 plan") || !strings.Contains(ag, "Second topic") {
		t.Errorf("agenda after new meetings and a coffee chat: %q", ag)
	}

	// After Thursday's meeting bob adds an item for the next one, skips
	// that, then logs Thursday's: it covers Thursday's items only.
	e.clock.Set(utc(2026, 11, 5, 16, 0))
	e.meetAnswer(bob, "/mentor", "agenda For next week")
	e.meetAnswer(bob, "/mentor", "skip")
	if got := e.meetAnswer(bob, "/session", "log we met"); !strings.Contains(got, "2 agenda items marked covered") {
		t.Errorf("log of Thursday's meeting: %q", got)
	}
	ag = e.meetAnswer(bob, "/mentor", "agenda")
	if !strings.Contains(ag, "For next week") || strings.Contains(ag, "Discuss the Q1 plan") || strings.Contains(ag, "carried over") {
		t.Errorf("agenda after Thursday's log: %q", ag)
	}
	if d := meetFirstDate(t, "agenda", ag); !d.Equal(utc(2026, 11, 19, 15, 0)) {
		t.Errorf("agenda is for %v", d)
	}
	// The meeting it waited for covers it.
	e.clock.Set(utc(2026, 11, 19, 16, 0))
	if got := e.meetAnswer(alice, "/session", "log done"); !strings.Contains(got, "1 agenda item marked covered") {
		t.Errorf("log of the meeting after the skip: %q", got)
	}
}

// An item added while the meetings were paused is for the first meeting
// after the resume, not for any session logged before it.
func TestAgendaAddedWhilePausedWaitsForTheFirstMeetingBack(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(bob, "/mentor", "meet weekly fri 10:00")
	e.meetAnswer(bob, "/mentor", "pause")
	if got := e.meetAnswer(bob, "/mentor", "agenda Talk about the offsite"); !strings.Contains(got, "paused") {
		t.Fatalf("agenda while paused: %q", got)
	}
	e.meetAnswer(bob, "/mentor", "resume")
	if got := e.meetAnswer(alice, "/session", "log coffee chat"); strings.Contains(got, "marked covered") {
		t.Errorf("a coffee chat covered the agenda of the first meeting back: %q", got)
	}
	if ag := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(ag, "Talk about the offsite") {
		t.Errorf("agenda after the resume and a coffee chat: %q", ag)
	}
	e.clock.Set(utc(2026, 11, 6, 16, 0))
	if got := e.meetAnswer(bob, "/session", "log we met"); !strings.Contains(got, "1 agenda item marked covered") {
		t.Errorf("log of the first meeting back: %q", got)
	}
}

// An item added for a meeting that a pause then cancelled waits for the
// first meeting back too: it was never talked over, so a session logged
// after the resume on another day (a coffee chat) does not cover it.
func TestAgendaOfAMeetingThePauseCancelledWaitsForTheFirstMeetingBack(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(bob, "/mentor", "meet weekly fri 10:00") // 6 November, 15:00 UTC
	if got := e.meetAnswer(bob, "/mentor", "agenda Talk about the offsite"); !strings.Contains(got, "Added") {
		t.Fatalf("agenda: %q", got)
	}
	e.meetAnswer(bob, "/mentor", "pause")
	e.clock.Set(utc(2026, 11, 7, 12, 0)) // the 6 November meeting fell in the pause
	if got := e.meetAnswer(bob, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	if got := e.meetAnswer(alice, "/session", "log coffee chat"); strings.Contains(got, "marked covered") {
		t.Errorf("a coffee chat covered the agenda of a meeting the pause cancelled: %q", got)
	}
	if ag := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(ag, "Talk about the offsite") || strings.Contains(ag, "carried over") {
		t.Errorf("agenda after the resume and a coffee chat: %q; want the item, for the first meeting back", ag)
	}
	e.clock.Set(utc(2026, 11, 13, 16, 0))
	if got := e.meetAnswer(bob, "/session", "log we met"); !strings.Contains(got, "1 agenda item marked covered") {
		t.Errorf("log of the first meeting back: %q", got)
	}
}
