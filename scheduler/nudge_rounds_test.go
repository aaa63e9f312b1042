package scheduler_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// A nudge of the third unanswered round that goes late (the bot was down
// from just after the round's first until the next morning) still goes
// with its round: it neither waits for the stop, which would cancel it,
// nor counts as a fourth round.
func TestSchedLateNudgeOfTheThirdRoundGoesWithIt(t *testing.T) {
	r := newRig(t, utc("2026-11-02 07:00"))
	p := r.pair(alice, bob)
	r.meet(p, "weekly thu 15:00") // 14:00 UTC; follow-ups at 15:30 UTC
	// Its reminder goes on Thursday the 19th at 09:00 New York (14:00
	// UTC), the third round of bob's nudges; that day's follow-up, 90
	// minutes later, belongs to it.
	if _, err := r.db.AddGoal(r.ctx, bob, store.GoalInput{Text: "Give a talk", DueOn: "2026-11-22"}); err != nil {
		t.Fatal(err)
	}
	r.sched.UserChanged(r.ctx, bob)
	r.runUntil(utc("2026-11-19 14:30"))
	if got := r.nt.keys(scheduler.KindGoalDue); len(got) != 1 {
		t.Fatalf("goal reminders before the downtime: %v", got)
	}
	// Down until 08:00 New York on Friday, an hour before the stop.
	r.clk.Set(utc("2026-11-20 13:00"))
	r.start()
	r.runUntil(utc("2026-11-20 13:30"))
	followup := fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, utc("2026-11-19 14:00").Unix(), bob)
	if r.nt.sent[followup] != 1 {
		n, _ := r.db.Notification(r.ctx, followup)
		t.Errorf("the third round's late follow-up: sent %d times, want once (%s, due %s)", r.nt.sent[followup], n.Status, n.DueAt)
	}
	if u, err := r.db.User(r.ctx, bob); err != nil || u.UnansweredNudges != scheduler.MaxUnansweredNudges {
		t.Errorf("bob's unanswered rounds: %d (%v), want %d", u.UnansweredNudges, err, scheduler.MaxUnansweredNudges)
	}
	// Still unanswered: the stop comes at its time, once.
	r.runUntil(utc("2026-11-21 00:00"))
	if got := r.nt.keys(scheduler.KindNudgesStopped); len(got) != 1 || !strings.Contains(got[0], "to="+bob) {
		t.Errorf("notices that nudges stop: %v, want bob's", got)
	}
}
