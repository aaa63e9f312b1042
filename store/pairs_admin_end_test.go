package store_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A member's end finds only their own pairs; an admin's ends any live
// pair, by them, and only once.
func TestAnAdminMayEndAnyPair(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPair(ctx, "UADMIN", p.ID); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("a member's end by someone else: %v, want not found", err)
	}
	end := func() (store.Pair, error) {
		var ended store.Pair
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			ended, err = store.EndPairAsAdminTx(ctx, tx, "UADMIN", p.ID)
			return err
		})
		return ended, err
	}
	ended, err := end()
	if err != nil || ended.Live() || ended.EndedBy != "UADMIN" {
		t.Fatalf("admin's end = %+v, %v", ended, err)
	}
	if stored, err := db.LoadPair(ctx, p.ID); err != nil || stored.Live() || stored.EndedBy != "UADMIN" {
		t.Errorf("stored after the end: %+v, %v", stored, err)
	}
	if _, err := end(); store.ErrorCode(err) != store.EConflict {
		t.Errorf("ending it again: %v, want a conflict", err)
	}
}
