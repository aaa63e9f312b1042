package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// Migration 0021 gives sign-ups made before it the order of pairs and
// sign-ups that created_at gave them: a pair made in or after the second
// someone signed up serves the sign-up, one made before does not.
func TestMigrationKeepsWhichPairsServeASignup(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UM", "UBEFORE"); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	for _, u := range []string{"UBEFORE", "USAME"} {
		if _, err := saveSignup(ctx, db, u, store.Signup{Role: store.RoleMentee, Cadence: "weekly", Capacity: 1}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	// Back to schema 20, with a pair made in USAME's second after it
	// signed up, as that version stored it: no settling to tell apart.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE signups DROP COLUMN after_pair`, `ALTER TABLE pairs DROP COLUMN snoozed_at`, `DROP TABLE checkin_pairs`, `ALTER TABLE notifications DROP COLUMN lease_locked`, `DROP TABLE forgotten`, `ALTER TABLE cohorts DROP COLUMN tz`, `ALTER TABLE meeting_skips DROP COLUMN prompted_for`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`,
		`INSERT INTO pairs (mentor_id, mentee_id, created_by, created_at) SELECT 'UM', 'USAME', 'UADMIN', created_at FROM signups WHERE user_id = 'USAME'`,
		`PRAGMA user_version = 20`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err = store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for u, needs := range map[string]bool{"UBEFORE": true, "USAME": false} {
		st, err := db.SignupStanding(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if st.NeedsMentor() != needs {
			t.Errorf("%s after migrating: needs a mentor %v, want %v (%+v)", u, st.NeedsMentor(), needs, st)
		}
	}
}
