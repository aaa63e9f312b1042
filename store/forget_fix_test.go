package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// An admin's copy of a good-fit "no" not sent yet when a member of the
// pair is forgotten is cancelled: blanking it would leave a planned row of
// a kind with no renderer, whose send fails for good.
func TestForgetCancelsAPendingFitAdminCopy(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	sentKey := fmt.Sprintf("fit-admin:pair=%d:from=UE:to=UADMIN", p.ID)
	sendNote(t, db, sentKey, "UADMIN", 0, `{"text":"UE said no: the reasons"}`)
	pendingKey := fmt.Sprintf("fit-admin:pair=%d:from=UE:to=UADMIN2", p.ID)
	if _, err := db.Enqueue(ctx, store.Notification{Key: pendingKey, Kind: "fit_admin", RecipientID: "UADMIN2",
		Payload: `{"text":"UE said no: the reasons"}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{sentKey, pendingKey} {
		n, err := db.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if n.Payload != "" {
			t.Errorf("%s after forget keeps its words: %q", key, n.Payload)
		}
		if n.Status == store.NotePending {
			t.Errorf("%s after forget is still pending, with nothing to send", key)
		}
	}
}
