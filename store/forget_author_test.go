package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// An admin who ran /mentor match and then was forgotten is not named to
// the admin who presses a button on the review their round replaced.
func TestForgetDropsTheAuthorOfAMatchRound(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	draft := func(admin string) int64 {
		t.Helper()
		round, saved, err := db.SaveDraft(ctx, admin, []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
		if err != nil || len(saved) != 1 {
			t.Fatalf("draft by %s: %v, %v", admin, saved, err)
		}
		return round
	}
	roundA := draft("UADMINA")
	draft("UADMINB")
	if _, err := db.Forget(ctx, "UADMINB", nil); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.PublishRound(ctx, "UADMINA", roundA, nil)
	if store.ErrorCode(err) != store.EConflict {
		t.Fatalf("publish a replaced round: %v, want conflict", err)
	}
	if strings.Contains(err.Error(), "UADMINB") {
		t.Errorf("after UADMINB's forget, publishing the round they replaced names them: %q", err)
	}
}
