package main

import (
	"strings"
	"testing"
	"time"
)

// End-to-end tests of time zones and changes of the clocks, from the
// outside: what each person reads, and when it reaches them.

// tzEnv is meetEnv (alice in Berlin mentors bob in New York) with the
// clock moved to at first.
func tzEnv(t *testing.T, at time.Time, opts ...envOption) *env {
	t.Helper()
	e := newEnv(t, opts...)
	e.clock.Set(at)
	e.settle()
	e.pairAliceAndBob()
	return e
}

// A weekly 02:30 in New York falls in the hour the clocks skip on Sunday
// 14 March 2027: that meeting is at 03:30, and whoever reads 03:30 where
// 02:30 was typed is told why — in the confirmation, both members' DMs,
// /mentor next and the reminders of that week. The week after is 02:30
// again, with no note.
func TestTZMeetingInTheSpringForwardGapIsExplained(t *testing.T) {
	e := tzEnv(t, time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC))
	const note = "On Sun 14 Mar 2027 the clocks in America/New_York skip 02:30 (they go forward an hour), so that meeting is at 03:30 there."
	got := e.meetAnswer(bob, "/mentor", "meet weekly sun 02:30")
	if !strings.Contains(got, "Sun 14 Mar 2027 at 03:30 EDT") || !strings.Contains(got, note) {
		t.Errorf("bob's confirmation does not explain the 03:30:\n%s", got)
	}
	if n := strings.Count(got, "the clocks in"); n != 1 {
		t.Errorf("%d notes about the clocks in bob's confirmation, want 1 (only 14 March moves):\n%s", n, got)
	}
	e.waitDM(alice, note)
	if got := e.cmd(bob, "/mentor", "next"); !strings.Contains(got, note) {
		t.Errorf("/mentor next does not explain the 03:30:\n%s", got)
	}

	// The meeting is at 07:30 UTC (03:30 EDT); the agenda prompt comes
	// 48 h and the reminders 24 h and 1 h before that instant, saying why.
	meeting := time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC)
	e.clock.Set(meeting.Add(-48 * time.Hour))
	e.settle()
	if p := e.dms(bob, "What do you want to cover"); len(p) != 1 || !contains(p[0], note) {
		t.Errorf("the agenda prompt 48 h before: %d, %s", len(p), e.describeDMs(bob))
	}
	for _, lead := range []time.Duration{24 * time.Hour, time.Hour} {
		// (A burst may release a DM some seconds early; a minute is more.)
		e.clock.Set(meeting.Add(-lead).Add(-time.Minute))
		e.settle()
		before := len(e.dms(bob, "Reminder"))
		e.clock.Set(meeting.Add(-lead))
		e.settle()
		rs := e.dms(bob, "Reminder")
		if len(rs) != before+1 {
			t.Fatalf("%v before the meeting: %d reminders to bob, want %d", lead, len(rs), before+1)
		}
		if r := rs[len(rs)-1]; !contains(r, note) {
			t.Errorf("the reminder %v before does not explain the 03:30: %s", lead, blockText(r.Blocks))
		}
	}

	// The next week's meeting is at 02:30, as typed: nothing to explain.
	e.clock.Set(time.Date(2027, 3, 20, 6, 30, 0, 0, time.UTC))
	e.settle()
	rs := e.dms(bob, "Reminder")
	if r := rs[len(rs)-1]; !contains(r, "Sun 21 Mar 2027 at 02:30 EDT") || contains(r, "the clocks in") {
		t.Errorf("the reminder for 21 March: %s", r.Text+" "+blockText(r.Blocks))
	}
}

// A time that happens twice, as the clocks go back, is the first of the
// two; the person who typed it, and their partner, are told which.
func TestTZMeetingAtARepeatedTimeIsExplained(t *testing.T) {
	e := tzEnv(t, time.Date(2027, 10, 25, 12, 0, 0, 0, time.UTC))
	got := e.meetAnswer(bob, "/mentor", "meet 2027-11-07 01:30")
	const note = "On Sun 7 Nov 2027 the clocks in America/New_York go back an hour, so 01:30 happens twice there: that meeting is at the first 01:30 (EDT)."
	if !strings.Contains(got, "Sun 7 Nov 2027 at 01:30 EDT") || !strings.Contains(got, note) {
		t.Errorf("bob's confirmation does not say which 01:30:\n%s", got)
	}
	e.waitDM(alice, note)

	// Moved to 02:30 on Berlin's fall-back day, by alice: hers is the
	// zone the time was typed in.
	got = e.cmd(alice, "/mentor", "move 2027-10-31 02:30")
	const berlin = "On Sun 31 Oct 2027 the clocks in Europe/Berlin go back an hour, so 02:30 happens twice there: that meeting is at the first 02:30 (CEST)."
	if !strings.Contains(got, "Moved your meeting") || !strings.Contains(got, berlin) {
		t.Errorf("alice's move does not say which 02:30:\n%s", got)
	}
	// A plain time gets no such note.
	if got := e.cmd(alice, "/mentor", "move 2027-11-02 15:00"); !strings.Contains(got, "Moved your meeting") || strings.Contains(got, "the clocks in") {
		t.Errorf("a move to an ordinary time: %s", got)
	}
}
