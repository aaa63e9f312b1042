package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// askWithDM makes a pending request from requester to mentor and its DM
// to the mentor, and returns the request and the DM.
func askWithDM(t *testing.T, db *store.DB, requester, mentor string) (store.Request, store.Notification) {
	t.Helper()
	ctx := context.Background()
	req, err := db.CreateRequest(ctx, requester, mentor, "")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("request:%d", req.ID)
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "request", RecipientID: mentor, Payload: "{}"}); err != nil {
		t.Fatal(err)
	}
	n, err := db.Notification(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	return req, n
}

// mustClaim claims pending notification n, as the dispatcher does before
// it settles it (MarkDone, MarkRefused settle only a claim).
func mustClaim(t *testing.T, db *store.DB, n store.Notification) store.Notification {
	t.Helper()
	got, err := db.ClaimIDs(context.Background(), []int64{n.ID}, n.DueAt, time.Minute)
	if err != nil || len(got) != 1 {
		t.Fatalf("claim %s: %+v, %v", n.Key, got, err)
	}
	return got[0]
}

// withdrawn runs the sweep of undelivered requests and returns the ids it
// withdrew; it checks that AnyUndeliveredRequest saw them coming.
func withdrawn(t *testing.T, db *store.DB) map[int64]bool {
	t.Helper()
	ctx := context.Background()
	found, err := db.AnyUndeliveredRequest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]bool{}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		reqs, err := store.WithdrawUndeliveredTx(ctx, tx)
		for _, r := range reqs {
			got[r.ID] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != (len(got) > 0) {
		t.Errorf("AnyUndeliveredRequest = %v, but the sweep withdrew %v", found, got)
	}
	return got
}

// A request whose DM Slack refused for good is withdrawn whatever the
// error's text says: the text is for people and may be reworded. One given
// up after failures it may have survived is not, even when its text reads
// like a refusal.
func TestUndeliveredRequestGoesByTheFailureNotItsText(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	refused, n := askWithDM(t, db, "UREFUSED", "UMENTOR")
	if err := db.MarkRefused(ctx, mustClaim(t, db, n), "Slack would not take it: chat.postMessage: slack: user_disabled"); err != nil {
		t.Fatal(err)
	}
	_, n = askWithDM(t, db, "UGIVENUP", "UMENTOR")
	if err := db.MarkDone(ctx, mustClaim(t, db, n), store.NoteFailed, "permanent failure: but only in its wording"); err != nil {
		t.Fatal(err)
	}
	if got := withdrawn(t, db); len(got) != 1 || !got[refused.ID] {
		t.Errorf("withdrawn %v, want only request %d, whose DM was refused", got, refused.ID)
	}
}

// A DM that failed for good before the failure was recorded apart from its
// text, with the text that said so then, still withdraws its request once
// the database is migrated; one given up after retries still does not.
func TestMigrationKeepsRefusedRequestDMs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path, store.Options{Clock: clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	refused, _ := askWithDM(t, db, "UREFUSED", "UMENTOR")
	askWithDM(t, db, "UGIVENUP", "UMENTOR")
	db.Close()

	// Back to schema 17, with the DMs failed as that version recorded them (and no feedback batches, nor sessions held today).
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE notifications DROP COLUMN refused`,
		fmt.Sprintf(`UPDATE notifications SET status = 'failed', last_error = 'permanent failure: chat.postMessage: slack: channel_not_found' WHERE key = 'request:%d'`, refused.ID),
		`UPDATE notifications SET status = 'failed', last_error = 'chat.postMessage after 5 attempts: outcome unknown (timeout)' WHERE status = 'pending'`,
		`DROP INDEX feedback_open`, `DROP INDEX feedback_counted`, `ALTER TABLE feedback DROP COLUMN batch_id`, `DROP TABLE feedback_batches`, `ALTER TABLE sessions DROP COLUMN held_today`, `ALTER TABLE signups DROP COLUMN after_pair`, `ALTER TABLE pairs DROP COLUMN snoozed_at`, `DROP TABLE checkin_pairs`, `ALTER TABLE notifications DROP COLUMN lease_locked`, `DROP TABLE forgotten`, `ALTER TABLE cohorts DROP COLUMN tz`, `ALTER TABLE meeting_skips DROP COLUMN prompted_for`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 17`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err = store.Open(ctx, path, store.Options{Clock: clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := withdrawn(t, db); len(got) != 1 || !got[refused.ID] {
		t.Errorf("withdrawn after migrating %v, want only request %d, whose DM was refused", got, refused.ID)
	}
}
