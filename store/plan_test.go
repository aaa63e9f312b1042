package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"

	_ "modernc.org/sqlite"
)

// planSessionNumbers loads pair id as the planner sees it from `from` on
// and returns the numbers of the sessions it was given, and its count.
func planSessionNumbers(t *testing.T, db *store.DB, id int64, from time.Time) ([]int, int) {
	t.Helper()
	var ns []int
	var count int
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		pps, _, err := store.LoadPlanPairsTx(context.Background(), tx, []int64{id}, from)
		if err != nil || len(pps) != 1 {
			t.Fatalf("LoadPlanPairsTx = %d pairs, %v", len(pps), err)
		}
		for _, s := range pps[0].Sessions {
			ns = append(ns, s.N)
		}
		count = pps[0].SessionCount
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ns, count
}

func TestPlanLoadsRecentSessionsNumberedPerPair(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	other, err := db.CreatePair(ctx, "UADMIN", "UOTHERMENTOR", mentee)
	if err != nil {
		t.Fatal(err)
	}
	// Nine weekly sessions, and one of another pair logged in between: it
	// must not count towards this pair's numbers.
	for i := range 9 {
		if _, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "week"}); err != nil {
			t.Fatal(err)
		}
		if i == 3 {
			if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: other.ID, HeldOn: "2026-11-02", Notes: "other"}); err != nil {
				t.Fatal(err)
			}
		}
		clk.Advance(7 * 24 * time.Hour)
	}
	// The last two were logged in the last 15 days; older first and fourth
	// sessions are left out (their prompts have expired).
	ns, count := planSessionNumbers(t, db, p.ID, clk.Now().Add(-15*24*time.Hour))
	if !slices.Equal(ns, []int{8, 9}) || count != 9 {
		t.Errorf("sessions planned from 15 days ago = %v (count %d), want [8 9] (count 9)", ns, count)
	}
	// Only the last when nothing is recent: the quiet-pair check needs it.
	if ns, _ := planSessionNumbers(t, db, p.ID, clk.Now()); !slices.Equal(ns, []int{9}) {
		t.Errorf("sessions planned from now = %v, want [9]", ns)
	}
	if ns, count := planSessionNumbers(t, db, other.ID, clk.Now()); !slices.Equal(ns, []int{1}) || count != 1 {
		t.Errorf("the other pair's sessions = %v (count %d), want [1] (count 1)", ns, count)
	}
	// A snooze may still hold an old session's prompt: then the first and
	// every fourth are loaded too.
	if _, err := db.Snooze(ctx, mentor, p.ID, clk.Now().Add(14*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ns, _ := planSessionNumbers(t, db, p.ID, clk.Now().Add(-15*24*time.Hour)); !slices.Equal(ns, []int{1, 4, 8, 9}) {
		t.Errorf("sessions of a snoozed pair = %v, want [1 4 8 9]", ns)
	}
}

// A database from before sessions were numbered gets each pair's numbers
// in order of logging when it is migrated.
func TestMigrationNumbersExistingSessions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustPair(t, db)
	b, err := db.CreatePair(ctx, "UADMIN", "UOTHERMENTOR", mentee)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a.ID, b.ID, a.ID, a.ID, b.ID} {
		if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: id, HeldOn: "2026-11-02", Notes: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	// Back to schema 3: no n column, no index, no plan_until, the two
	// notification indexes of schema 1.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE INDEX notifications_lease ON notifications(status, lease_until)`,
		`CREATE INDEX notifications_expiry ON notifications(status, expires_at)`, `DROP TABLE plan_until`, `DROP INDEX sessions_pair_created`, `ALTER TABLE sessions DROP COLUMN n`, `PRAGMA user_version = 3`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err = store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, count := planSessionNumbers(t, db, a.ID, time.Time{}); count != 3 {
		t.Errorf("pair a: count %d after migrating, want 3", count)
	}
	if ns, count := planSessionNumbers(t, db, b.ID, time.Time{}); !slices.Equal(ns, []int{1, 2}) || count != 2 {
		t.Errorf("pair b: sessions %v (count %d) after migrating, want [1 2] (count 2)", ns, count)
	}
	// And the next one logged carries on from there.
	if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: a.ID, HeldOn: "2026-11-02", Notes: "y"}); err != nil {
		t.Fatal(err)
	}
	if _, count := planSessionNumbers(t, db, a.ID, time.Time{}); count != 4 {
		t.Errorf("pair a: count %d after one more, want 4", count)
	}
}
