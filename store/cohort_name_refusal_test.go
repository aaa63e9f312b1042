package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// The refusal of a closed round's name shows it in bold, as every other
// message about a round does, without the bidirectional controls it may
// hold: one left open would show the rest of the sentence reversed.
func TestClosedRoundsNameIsShownInBoldWithoutBidiControls(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	c, err := startCohort(ctx, db, "UADMIN", "Q1 \u202eRTL", "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := endCohort(ctx, db, "UADMIN", c.ID); err != nil {
		t.Fatal(err)
	}
	_, err = startCohort(ctx, db, "UADMIN", c.Name, "2026-11-02", "2027-03-31")
	msg := store.ErrorMessage(err)
	if store.ErrorCode(err) != store.EConflict || !strings.HasPrefix(msg, "There was a round called *Q1 ") || !strings.Contains(msg, "RTL* already") {
		t.Errorf("reused name: %v (%q)", err, msg)
	}
	if i := strings.IndexFunc(msg, isBidiControl); i >= 0 {
		t.Errorf("the refusal echoes %U: %q", []rune(msg[i:])[0], msg)
	}
	// So is the check made before the dates are looked at.
	if got := store.ErrorMessage(db.CohortStartConflict(ctx, c.Name)); got != msg {
		t.Errorf("CohortStartConflict = %q, want %q", got, msg)
	}
}
