package main

import (
	"strings"
	"testing"
)

// /mentor forget's summary says which open mentoring requests it
// withdrew, made or received, as it says what else it deleted; with none,
// it says nothing of requests.
func TestForgetSummaryCountsTheRequestsItWithdrew(t *testing.T) {
	e := newEnv(t)
	e.requestAsk(bob, alice)
	e.requestAsk(carol, bob)
	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	done := pgWait(e, bob, "your data is deleted")
	if !strings.HasSuffix(done.Text, "0 pairs ended; 2 open mentoring requests withdrawn.") {
		t.Errorf("bob's summary = %q; want it to count the request he made and the one he was asked", done.Text)
	}
	pgClick(e, alice, pgForgetMessage(e, alice), "forget_confirm")
	if done := pgWait(e, alice, "your data is deleted"); strings.Contains(done.Text, "request") {
		t.Errorf("alice's summary, with no request open = %q", done.Text)
	}
	e.settle()
	e.waitDM(carol, "won't get an answer")
	pgNoFailures(e)
}
