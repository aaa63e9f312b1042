package scheduler_test

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// TestExpiredClaimIsLookedForBeforeItIsDropped: a DM whose send may have
// reached Slack (its post timed out and it waits for its retry, or its
// process died while posting it), whose time passes before it is tried
// again, is looked for in the DM's history before it is recorded as
// dropped. Slack had it: it is recorded as sent, where Slack put it, so
// that later edits of it (a withdrawn request, an ended pair) reach it,
// and neither /metrics nor the bot hears of a DM dropped. It used to be
// dropped unseen, recorded as never sent. Slack did not have it: dropped,
// and counted.
func TestExpiredClaimIsLookedForBeforeItIsDropped(t *testing.T) {
	for _, c := range []struct {
		name      string
		inSlack   bool
		deadClaim bool // claimed by a process that died while posting it
	}{
		{name: "timed out, Slack has it", inSlack: true},
		{name: "timed out, Slack lacks it"},
		{name: "cut short by a crash, Slack has it", inSlack: true, deadClaim: true},
		{name: "cut short by a crash, Slack lacks it", deadClaim: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newPlainRig(t)
			key := "intro:req"
			var lose []string
			if c.inSlack && !c.deadClaim {
				lose = append(lose, key)
			}
			m, ln := r.withMetrics(lose...)
			if !c.inSlack && !c.deadClaim {
				r.nt.failOnce[key] = true
			}
			r.enqueue(t, "req", "UMENTOR", 0, 5*time.Second)
			if c.deadClaim {
				claimed, err := r.db.ClaimDue(r.ctx, r.clk.Now(), 2*time.Minute, 10)
				if err != nil || len(claimed) != 1 {
					t.Fatalf("claim: %+v, %v", claimed, err)
				}
				if c.inSlack {
					if _, err := r.nt.fakeNotifier.Send(r.ctx, claimed[0]); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				r.dispatch(t)
				if n := r.note(t, "req"); n.Status != store.NoteSending || n.LastError == "" {
					t.Fatalf("after the failed post: %s (%q), want waiting for its retry", n.Status, n.LastError)
				}
			}
			r.clk.Advance(3 * time.Minute) // past its time, its retry and any lease
			r.dispatch(t)
			n := r.note(t, "req")
			if c.inSlack {
				if n.Status != store.NoteSent || n.TS != "found" {
					t.Errorf("a DM Slack has: %s, ts %q; want sent, where the DM's history has it", n.Status, n.TS)
				}
				if got := m.Value(droppedMetric); got != 0 {
					t.Errorf("%s = %v, want 0", droppedMetric, got)
				}
				if k := r.nt.undelivered.Load(); k != 0 {
					t.Errorf("told %d times that a DM Slack has was given up, want never", k)
				}
			} else {
				if n.Status != store.NoteDropped {
					t.Errorf("a DM Slack lacks, past its time: %s, want dropped", n.Status)
				}
				if got := m.Value(droppedMetric); got != 1 {
					t.Errorf("%s = %v, want 1", droppedMetric, got)
				}
			}
			if k := ln.count(key); k != b2i(c.inSlack) {
				t.Errorf("posted %d times, want %d", k, b2i(c.inSlack))
			}
			if k := r.nt.finds.Load(); k != 1 {
				t.Errorf("looked in the DM's history %d times, want once", k)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
