package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// A goal at 100% gets a Done button on its owner's Home, which closes it:
// Update progress has nothing left to move there.
func TestHomeOffersDoneForAGoalAt100Percent(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	g := pgGoal(e, bob, "Give 2 talks")
	e.cmd(bob, "/goal", fmt.Sprintf("progress %d 100 both given", g.ID))
	e.idle()
	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "100%") })
	if !strings.Contains(homeText(v), "goal_done") {
		t.Fatalf("bob's Home offers no Done for a goal at 100%%:\n%s", homeText(v))
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButtonValue(ctx, bob, v.Message(), "goal_done", fmt.Sprint(g.ID)); err != nil {
		t.Fatal(err)
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "Give 2 talks") })
	pgWait(e, bob, "is done")
	if got, err := e.app.DB.LoadGoal(e.ctx, g.ID); err != nil || got.Status != store.GoalDone {
		t.Errorf("goal after Done on the Home = %+v, %v", got, err)
	}
	pgNoFailures(e)
}
