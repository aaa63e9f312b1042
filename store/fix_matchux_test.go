package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A Publish or Drop pressed on a review that a newer /mentor match
// replaced says who ran the newer one and what to do: the newer review is
// only in that admin's Slack.
func TestAButtonOnAReplacedRoundSaysWhoReplacedIt(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	draft := func(admin string) (int64, int64) {
		t.Helper()
		round, saved, err := db.SaveDraft(ctx, admin, []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
		if err != nil || len(saved) != 1 {
			t.Fatalf("draft by %s: %v, %v", admin, saved, err)
		}
		return round, saved[0].ID
	}
	check := func(what string, err error, want ...string) {
		t.Helper()
		if store.ErrorCode(err) != store.EConflict {
			t.Errorf("%s: err = %v, want conflict", what, err)
			return
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", what, err, w)
			}
		}
		if strings.Contains(err.Error(), "publish the newest one") {
			t.Errorf("%s: %q points at a review the admin may not see", what, err)
		}
	}
	roundA, idA := draft("UADMINA")
	roundB, _ := draft("UADMINB")
	_, _, err := db.PublishRound(ctx, "UADMINA", roundA, nil)
	check("publish a round another admin replaced", err, "<@UADMINB>", "only they can see", "run `/mentor match` again")
	_, err = db.DropDraft(ctx, "UADMINA", idA)
	check("drop from a round another admin replaced", err, "<@UADMINB>", "run `/mentor match` again")

	roundB2, _ := draft("UADMINB")
	_, _, err = db.PublishRound(ctx, "UADMINB", roundB, nil)
	check("publish one's own replaced round", err, "You've run `/mentor match` again", "newer review")
	if _, _, err := db.PublishRound(ctx, "UADMINB", roundB2, nil); err != nil {
		t.Fatalf("publish the newest round: %v", err)
	}
	_, _, err = db.PublishRound(ctx, "UADMINA", roundA, nil)
	check("publish a round replaced by one now published", err, "<@UADMINB>", "published", "`/mentor pairs all`")
}
