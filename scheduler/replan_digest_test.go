package scheduler_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

// replanStats runs a full re-plan with cfg on the rig's database and
// returns what its log line counts.
func (r *rig) replanStats(cfg scheduler.Config) map[string]float64 {
	t := r.t
	t.Helper()
	var buf bytes.Buffer
	s := scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: cfg, Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	if err := s.ReplanAll(r.ctx); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["msg"] != "re-planned notifications" {
			continue
		}
		out := map[string]float64{}
		for _, k := range []string{"pairs", "people", "added", "moved", "revived", "cancelled", "unchanged"} {
			out[k], _ = rec[k].(float64)
		}
		return out
	}
	t.Fatalf("no re-plan logged: %s", buf.String())
	return nil
}

// A full re-plan takes a stored plan that still stands as it is, without
// comparing its rows: made again as of when it was made, under the new
// configuration or rules, it comes out the same. One that comes out
// otherwise is planned anew, and the result is what comparing every plan
// row by row leaves.
func TestFullReplanTakesPlansThatStandByTheirDigest(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	mixedProgramme(r)
	r.runUntil(utc("2026-11-09 07:30"))
	if err := r.sched.ReplanDue(r.ctx); err != nil { // those that ran out at midnight
		t.Fatal(err)
	}

	// Nothing changed: every plan stands.
	st := r.replanStats(r.cfg)
	if st["unchanged"] != st["pairs"]+st["people"] || st["added"]+st["moved"]+st["revived"]+st["cancelled"] != 0 {
		t.Errorf("a full re-plan with nothing changed: %v; want every live plan unchanged and nothing written", st)
	}

	// New lead times: the pairs with meetings are planned anew, the rest
	// (and every person's check-ins) stand.
	cfg := r.cfg
	cfg.RemindBefore = []time.Duration{48 * time.Hour, 2 * time.Hour}
	r.cfg = cfg
	r.sameAsFullReplan("new lead times", func() {
		st = r.replanStats(cfg)
	})
	if st["unchanged"] == 0 || st["added"] == 0 || st["cancelled"] == 0 {
		t.Errorf("a full re-plan after new lead times: %v; want some plans standing, reminders added and cancelled", st)
	}
	for _, n := range r.pending(scheduler.KindReminder) {
		if !strings.HasPrefix(n.Key, "reminder:48h") && !strings.HasPrefix(n.Key, "reminder:2h") {
			t.Errorf("pending after new lead times: %s", n.Key)
		}
	}
}

// A follow-up that went late (after downtime) in its recipient's quiet
// hours is held to their end. A new configuration that makes quiet hours
// longer must still hold it: a full re-plan that takes the pair's plan as
// it stands leaves the row at the old hold's end, so the dispatcher looks
// at quiet hours again when it releases a held row.
func TestHeldFollowupKeepsToQuietHoursMadeLonger(t *testing.T) {
	for _, wipe := range []bool{true, false} {
		t.Run(fmt.Sprintf("digests wiped %v", wipe), func(t *testing.T) {
			r := newRig(t, utc("2026-11-02 07:00"))
			p := r.pair(alice, bob) // alice in Berlin
			r.meet(p, "weekly thu 15:00")
			r.runUntil(utc("2026-11-05 00:20"))
			r.clk.Set(utc("2026-11-06 02:20")) // down over the meeting and its follow-up; back at 03:20 Berlin
			r.start()
			r.dispatch() // the late follow-up is held to 08:00 Berlin
			r.cfg.QuietHours = "20:00-08:30"
			if wipe {
				wipeDigests(t, r.path)
			}
			r.start()
			r.runUntil(utc("2026-11-06 12:00"))
			key := fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, utc("2026-11-05 14:00").Unix(), alice)
			r.nt.mu.Lock()
			at, sent := r.nt.at[key], r.nt.sent[key]
			r.nt.mu.Unlock()
			if sent != 1 {
				t.Fatalf("%s sent %d times", key, sent)
			}
			if at.Before(utc("2026-11-06 07:30")) {
				t.Errorf("%s sent at %v, in the quiet hours 20:00-08:30 (Berlin)", key, at)
			}
		})
	}
}
