package main

import (
	"strings"
	"testing"
)

// A round closed early, with no pairs, keeps its name: a round's name is
// its own for good. Starting another under that name says so, when the
// closed round started and why, rather than only to pick another name,
// which read as if a round of that name were still about; nothing is
// started. Another name starts at once.
func TestMatch3ClosedRoundsNameIsExplainedWhenReused(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1*") {
		t.Fatalf("start = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort end now"); !strings.Contains(got, "Closed the round *Q1*. It had no active pairs.") {
		t.Fatalf("end now = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort start q1 --until 2027-04-30")
	for _, want := range []string{"There was a round called *Q1* already", "started on Mon 2 Nov 2026, it has closed", "keeps its name", "pick another name"} {
		if !strings.Contains(got, want) {
			t.Errorf("start under a closed round's name lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "Started") || strings.Contains(got, "still running") {
		t.Errorf("start under a closed round's name = %q", got)
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err == nil {
		t.Fatalf("a round was started: %+v", c)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Q1 2027 --until 2027-04-30"); !strings.Contains(got, "Started the round *Q1 2027*") {
		t.Errorf("start under another name = %q", got)
	}
	matchNoFailures(e)
}
