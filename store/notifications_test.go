package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Senders finishing at once share commits: every one of them is recorded
// sent, with its own message.
func TestMarkSentConcurrently(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	const n = 300
	for i := range n {
		if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("k%d", i), Kind: "intro", RecipientID: fmt.Sprintf("U%03d", i),
			DueAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), time.Minute, n)
	if err != nil || len(claimed) != n {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, c := range claimed {
		wg.Go(func() {
			errs <- db.MarkSent(ctx, c.ID, "D"+c.RecipientID, "ts-"+c.Key)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range claimed {
		got, err := db.Notification(ctx, c.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.NoteSent || got.Channel != "D"+c.RecipientID || got.TS != "ts-"+c.Key {
			t.Errorf("%s: status %s, channel %s, ts %s", c.Key, got.Status, got.Channel, got.TS)
		}
	}
}
