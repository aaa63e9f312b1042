package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// "/mentor snooze until tomorrow" typed at 23:00 would end at midnight,
// an hour later and inside the typer's quiet hours, which hold nudges and
// check-ins until 08:00 anyway: it would hold nothing. It is refused, with
// the snooze that keeps tomorrow free; nothing is stored and the partner
// is told nothing. The App Home's form refuses it the same way, in plain
// text.
func TestSnoozeUntilTomorrowLateAtNightIsRefused(t *testing.T) {
	e := meetEnv(t) // alice (Berlin) mentors bob (New York)
	e.settle()
	e.clock.Set(utc(2026, 11, 2, 22, 0)) // Mon 23:00 in Berlin
	got := e.cmd(alice, "/mentor", "snooze until tomorrow")
	for _, want := range []string{"would hold nothing", "20:00-08:00", "I haven't changed anything", `"until 2026-11-04"`, "Wed 4 Nov"} {
		if !strings.Contains(got, want) {
			t.Errorf("late-night snooze until tomorrow: %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "Snoozed") {
		t.Errorf("late-night snooze until tomorrow was taken: %q", got)
	}
	ack := e.submit(alice, "snooze", fmt.Sprintf(`{"id":%d}`, e.meetPair().ID), map[string]string{"snooze_for/value": "until tomorrow"})
	var res struct {
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(ack), &res); err != nil || !strings.Contains(res.Errors["snooze_for"], "would hold nothing") {
		t.Errorf("the form's answer to a late-night snooze until tomorrow: %s (%v)", ack, err)
	}
	plainFieldErrors(t, "snooze", res.Errors)
	e.settle()
	if p := e.meetPair(); p.Snoozed(e.clock.Now()) {
		t.Errorf("the pair is snoozed until %v", p.SnoozedUntil)
	}
	if n := len(e.dms(bob, "snoozed the nudges")); n != 0 {
		t.Errorf("bob was told of a snooze that holds nothing:%s", e.describeDMs(bob))
	}
	// The day after tomorrow, as suggested, is a snooze.
	if got := e.cmd(alice, "/mentor", "snooze until 2026-11-04"); !strings.Contains(got, "Snoozed") {
		t.Errorf("snooze until the day after tomorrow: %q", got)
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
