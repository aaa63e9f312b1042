package scheduler_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// The mentee's agenda prompt, due at 07:00 Berlin and held by quiet hours
// (20:00-08:00) to 08:00 Berlin (07:00 UTC), shares 07:00 UTC with a burst
// that sends some DMs early: it is not among them, which would bring it
// into the quiet hours it waited out.
func TestBurstSendsNoHeldAgendaPromptEarlyIntoQuietHours(t *testing.T) {
	start := time.Date(2026, 11, 2, 5, 30, 0, 0, time.UTC)
	seven := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	berlin := mustLoc(t, "Europe/Berlin")
	var key string
	nt := runBurst(t, start, 1, 601, func(ctx context.Context, db *store.DB, sched *scheduler.Scheduler) {
		for _, u := range []store.Profile{{ID: "UMENTOR", TZ: "Europe/Berlin"}, {ID: "UMENTEE", TZ: "Europe/Berlin"}} {
			if _, err := db.SaveProfile(ctx, u, nil); err != nil {
				t.Fatal(err)
			}
		}
		p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
		if err != nil {
			t.Fatal(err)
		}
		// Wednesday 07:00 Berlin: its prompt is due Monday 07:00 Berlin.
		if _, err := db.SetSchedule(ctx, "UMENTOR", p.ID, rule(t, "weekly wed 07:00", berlin, start), 30*time.Minute); err != nil {
			t.Fatal(err)
		}
		sched.PairChanged(ctx, p.ID)
		key = fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UMENTEE", p.ID, time.Date(2026, 11, 4, 6, 0, 0, 0, time.UTC).Unix())
		for i := range 600 {
			due := seven.Add(-time.Second)
			if i >= 300 {
				due = seven.Add(time.Second)
			}
			if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("intro:%d", i), Kind: "intro", RecipientID: fmt.Sprintf("U%04d", i),
				Payload: `{"text":"hi"}`, DueAt: due, ExpiresAt: due.Add(24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	})
	at, ok := nt.at[key]
	if !ok {
		t.Fatalf("prompt not sent; sent: %d", len(nt.at))
	}
	if at.Before(seven) {
		t.Errorf("the agenda prompt held by quiet hours to 08:00 Berlin went at %v Berlin, in them", at.In(berlin).Format("15:04:05"))
	}
}
