package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/mentorbot/mentorbot/store"
)

// A full disk: the write fails whole with a message for people, the
// SQLite error stays inspectable, and WriteHealth reports it for a minute.
func TestFullDiskIsUnavailable(t *testing.T) {
	db, clk := MustOpen(t)
	ctx := context.Background()
	if err := db.WriteHealth(); err != nil {
		t.Fatalf("healthy database: %v", err)
	}
	if _, err := db.SetMaxPages(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// Longer than the pages the migrations freed: it needs more space
	// whatever is free.
	big := store.Notification{Key: "big", Kind: "intro", RecipientID: "UBOB", Payload: strings.Repeat("x", 100000)}
	_, err := db.Enqueue(ctx, big)
	if store.ErrorCode(err) != store.EUnavailable || !strings.Contains(store.ErrorMessage(err), "try again") {
		t.Fatalf("err = %v (%q), want EUnavailable with a kind message", err, store.ErrorMessage(err))
	}
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != 13 {
		t.Errorf("the SQLite error is not in the chain: %v", err)
	}
	if _, err := db.Notification(ctx, "big"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the refused write left a row: %v", err)
	}
	if err := db.WriteHealth(); err == nil || !strings.Contains(err.Error(), "full") {
		t.Errorf("WriteHealth = %v, want the full disk", err)
	}
	clk.Advance(time.Minute)
	if err := db.WriteHealth(); err != nil {
		t.Errorf("WriteHealth a minute later: %v", err)
	}
	// Space comes back.
	if _, err := db.SetMaxPages(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Enqueue(ctx, big); err != nil {
		t.Fatalf("after space came back: %v", err)
	}
}
