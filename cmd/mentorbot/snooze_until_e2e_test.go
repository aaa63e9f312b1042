package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// "/mentor snooze until tomorrow" typed at 23:00 ends at midnight, an
// hour later and inside the typer's quiet hours, which hold their nudges
// and check-ins until 08:00 anyway; but not the partner's, in New York's
// evening. It is taken, and the answer offers the snooze that keeps
// tomorrow free of the typer's own.
func TestSnoozeUntilTomorrowLateAtNightIsTakenWithAHint(t *testing.T) {
	e := meetEnv(t) // alice (Berlin) mentors bob (New York)
	e.settle()
	e.clock.Set(utc(2026, 11, 2, 22, 0)) // Mon 23:00 in Berlin, 17:00 in New York
	got := e.cmd(alice, "/mentor", "snooze until tomorrow")
	for _, want := range []string{"Snoozed", "when your quiet hours end", "to keep Tue 3 Nov free of them too", "`/mentor snooze @bob until 2026-11-04`"} {
		if !strings.Contains(got, want) {
			t.Errorf("late-night snooze until tomorrow: %q lacks %q", got, want)
		}
	}
	e.settle()
	// It holds bob's evening, which is not in his quiet hours.
	if p := e.meetPair(); !p.Snoozed(e.clock.Now()) {
		t.Error("the pair is not snoozed")
	}
	e.waitDM(bob, "snoozed the nudges")
}

// A snooze in force is shortened by one "until tomorrow" typed late at
// night: the person wants their nudges back sooner.
func TestSnoozeShortenedToTomorrowLateAtNight(t *testing.T) {
	e := meetEnv(t)
	e.settle()
	e.clock.Set(utc(2026, 11, 2, 20, 36)) // Mon 21:36 in Berlin
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze 2w: %q", got)
	}
	if got := e.cmd(alice, "/mentor", "snooze until tomorrow"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze until tomorrow after 2w: %q", got)
	}
	want := time.Date(2026, 11, 2, 23, 0, 0, 0, time.UTC) // Tue 00:00 in Berlin
	if p := e.meetPair(); !p.SnoozedUntil.Equal(want) {
		t.Errorf("snoozed until %v, want %v", p.SnoozedUntil, want)
	}
	ack := e.submit(alice, "snooze", fmt.Sprintf(`{"id":%d}`, e.meetPair().ID), map[string]string{"snooze_for/value": "until 2026-11-04"})
	if strings.Contains(ack, "errors") {
		t.Errorf("the Home form's snooze until a date: %s", ack)
	}
}

// A snooze until a day ends at that day's start, inside the typer's quiet
// hours: the answer says when their nudges come back, as their quiet hours
// end, not just "00:00".
func TestSnoozeUntilADaySaysWhenYourNudgesComeBack(t *testing.T) {
	e := meetEnv(t)
	e.settle()
	e.clock.Set(utc(2026, 11, 2, 17, 0)) // Mon 18:00 in Berlin: two hours before her quiet hours
	got := e.cmd(alice, "/mentor", "snooze until tomorrow")
	if !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze until tomorrow at 18:00: %q", got)
	}
	back := fmt.Sprintf("<!date^%d^", utc(2026, 11, 3, 7, 0).Unix()) // Tue 08:00 in Berlin
	if !strings.Contains(got, back) || !strings.Contains(got, "when your quiet hours end") {
		t.Errorf("the answer does not say her nudges come back at 08:00 on Tuesday (%s): %q", back, got)
	}
	// A snooze that ends outside her quiet hours says nothing of them.
	e.clock.Set(utc(2026, 11, 2, 17, 30))
	if got := e.cmd(alice, "/mentor", "snooze 2w"); !strings.Contains(got, "Snoozed") || strings.Contains(got, "quiet hours") {
		t.Errorf("snooze 2w at 18:30: %q", got)
	}
}
