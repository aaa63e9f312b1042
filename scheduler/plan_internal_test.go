package scheduler

import "testing"

// The daily re-plan's safety rests on maxValid: under PlanHorizon, a row
// whose entry into the horizon went unnoticed is still stored before its
// time; under QuietAfter-PlanHorizon, a quiet-pair nudge that a passing
// meeting starts is planned before it enters the horizon (planPair).
func TestPlanValidityCap(t *testing.T) {
	if maxValid >= PlanHorizon || maxValid >= QuietAfter-PlanHorizon {
		t.Errorf("maxValid %v: want under the horizon %v and under %v", maxValid, PlanHorizon, QuietAfter-PlanHorizon)
	}
}
