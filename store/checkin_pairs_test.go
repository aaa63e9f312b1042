package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A check-in's pairs are recorded as it is rendered, a later attempt's in
// place of an earlier one's; one never recorded says so; and they go with
// the check-in when the retention deletes it.
func TestCheckinPairs(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	start := clk.Now()
	for _, key := range []string{"checkin-a", "checkin-b"} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "checkin", RecipientID: "U1",
			DueAt: start, ExpiresAt: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	a, err := db.Notification(ctx, "checkin-a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Notification(ctx, "checkin-b")
	if err != nil {
		t.Fatal(err)
	}
	if ids, ok, err := db.CheckinPairs(ctx, a.ID); err != nil || ok || ids != nil {
		t.Fatalf("pairs of a check-in never recorded: %v, %v, %v", ids, ok, err)
	}
	for _, ids := range [][]int64{{3, 1, 200}, {3, 7}} {
		if err := db.RecordCheckinPairs(ctx, a.ID, ids); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordCheckinPairs(ctx, b.ID, nil); err != nil {
		t.Fatal(err)
	}
	if ids, ok, err := db.CheckinPairs(ctx, a.ID); err != nil || !ok || !slices.Equal(ids, []int64{3, 7}) {
		t.Errorf("pairs of check-in a = %v, %v, %v; want the last recorded, [3 7]", ids, ok, err)
	}
	if ids, ok, err := db.CheckinPairs(ctx, b.ID); err != nil || !ok || len(ids) != 0 {
		t.Errorf("pairs of check-in b = %v, %v, %v; want none, recorded", ids, ok, err)
	}

	// Both sent, long expired: the retention deletes them, their pairs too.
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecForTest(ctx, `UPDATE notifications SET status = 'sent'`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if k, err := db.DeleteSettled(ctx, start.Add(48*time.Hour), []string{"checkin"}, 10); err != nil || k != 2 {
		t.Fatalf("deleted %d, %v; want 2", k, err)
	}
	var left int
	err = db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowForTest(ctx, `SELECT count(*) FROM checkin_pairs`).Scan(&left)
	})
	if err != nil || left != 0 {
		t.Errorf("%d rows of pairs left after their check-ins were deleted (%v)", left, err)
	}
}
