package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The audit's finding: the report named the people whose nudges had
// stopped ("*Nudges stopped* (2) after three went unanswered: <@UERIN>,
// <@UFARID>.") under a footer saying it held counts only. Admins get
// aggregates: the report says how many, as its CSV does.
func TestReportCountsWhoseNudgesStoppedWithoutNamingThem(t *testing.T) {
	// Bob leaves three goal reminders unanswered (see
	// TestSchedNudgesStopAfterThreeUnanswered): his nudges stop.
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	e.waitDM(bob, "stop them for now")

	got, figures := rfReport(e)
	if !strings.Contains(got, "*Nudges stopped* after three went unanswered: 1 person.") {
		t.Errorf("the report does not count whose nudges stopped:\n%s", got)
	}
	if strings.Contains(got, bob) {
		t.Errorf("the report names bob:\n%s", got)
	}
	if figures["nudges_stopped/people/now"] != "1" {
		t.Errorf("CSV nudges_stopped = %q, want 1", figures["nudges_stopped/people/now"])
	}
	// Nobody's: said so.
	if err := e.app.DB.SaveSettings(e.ctx, bob, store.Settings{CheckinsOn: true, NudgesOn: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := rfReport(e); !strings.Contains(got, "*Nudges stopped* after three went unanswered: nobody") {
		t.Errorf("with bob's nudges back on, the report:\n%s", got)
	}
}
