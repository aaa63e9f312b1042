package scheduler_test

import (
	"strings"
	"testing"
	"time"
)

// TestRestartSendsOnlyTheLatestMissedReminder: the bot stopped before a
// meeting's first reminder and started again after its second fell due,
// the meeting still ahead, well within a day of its last daily re-plan.
// Both members get the reminder of the shorter lead only, as after a
// longer outage: two reminders at once, saying the same, are noise.
func TestRestartSendsOnlyTheLatestMissedReminder(t *testing.T) {
	cfg := testConfig()
	cfg.RemindBefore = []time.Duration{2 * time.Hour, 30 * time.Minute}
	r := newRigConfig(t, utc("2026-11-05 08:00"), cfg)
	p := r.pair(alice, bob)
	r.meet(p, "2026-11-05 15:00") // Berlin: 14:00 UTC
	r.runUntil(utc("2026-11-05 11:55"))
	reminders := func() []string {
		var out []string
		for _, n := range r.nt.order {
			if strings.HasPrefix(n.Key, "reminder:") {
				out = append(out, n.Key)
			}
		}
		return out
	}
	if got := reminders(); len(got) != 0 {
		t.Fatalf("reminders sent before the stop: %v, want none", got)
	}
	r.clk.Set(utc("2026-11-05 13:40")) // both leads passed while down
	r.start()
	r.dispatch()
	got := reminders()
	if len(got) != 2 {
		t.Fatalf("after the restart sent %v, want the 30m reminder to each member", got)
	}
	for _, k := range got {
		if !strings.HasPrefix(k, "reminder:30m:") {
			t.Errorf("after the restart sent %s, want only the reminders of the 30m lead", k)
		}
	}
}
