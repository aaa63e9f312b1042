package scheduler_test

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

// A start on a plan made with other rules or settings says which: an
// upgrade with the settings unchanged is new planning rules, not a new
// configuration (what the log said after every upgrade), and a changed
// setting is named.
func TestStartSaysWhyItPlansEverything(t *testing.T) {
	olderRules := regexp.MustCompile(`^v[0-9]+\|`)
	cases := []struct {
		name      string
		upgrade   bool                      // the plan was made by an older binary
		change    func(c *scheduler.Config) // the settings of this start
		want      string
		wantNamed string
	}{
		{"upgrade", true, nil,
			`msg="new planning rules (an upgrade); re-planned what changed while stopped, then everything"`, "settings_changed=[]"},
		{"setting", false, func(c *scheduler.Config) { c.RemindBefore = []time.Duration{2 * time.Hour} },
			`msg="new configuration; re-planned what changed while stopped, then everything"`, "settings_changed=[MENTORBOT_REMIND_BEFORE]"},
		{"both", true, func(c *scheduler.Config) { c.QuietHours = "21:00-07:00" },
			`msg="new configuration and new planning rules (an upgrade); re-planned what changed while stopped, then everything"`,
			"settings_changed=[MENTORBOT_QUIET_HOURS]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, utc("2026-11-02 07:00"))
			r.meet(r.pair(alice, bob), "weekly thu 15:00")
			if c.upgrade {
				st, err := r.db.PlanState(r.ctx)
				if err != nil || !olderRules.MatchString(st.Config) {
					t.Fatalf("plan state %+v (%v): no version of the rules to age", st, err)
				}
				st.Config = olderRules.ReplaceAllString(st.Config, "v1|")
				if err := r.db.SetPlanState(r.ctx, st); err != nil {
					t.Fatal(err)
				}
			}
			if c.change != nil {
				c.change(&r.cfg)
			}
			var logs bytes.Buffer
			r.process()
			r.sched = scheduler.New(scheduler.Options{DB: r.db, Notifier: r.nt, Clock: r.clk, Config: r.cfg,
				Logger: slog.New(slog.NewTextHandler(&logs, nil))})
			if err := r.sched.Start(r.ctx); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs.String(), c.want) || !strings.Contains(logs.String(), c.wantNamed) {
				t.Errorf("log:\n%s\nwant %s with %s", logs.String(), c.want, c.wantNamed)
			}
		})
	}
}
