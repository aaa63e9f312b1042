package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// BenchmarkLoadPlan measures reading what a full re-plan plans from, in
// its chunks of 100, at 20,000 pairs and 40,000 people: the pairs (whose
// IDs run, so read by range), and the people read one by one
// (LoadPlanUsers, as the daily re-plan does) or as a run of the sorted
// list (LoadPlanUsersRun, as a full re-plan does).
func BenchmarkLoadPlan(b *testing.B) {
	const n = 20000
	ctx := context.Background()
	db, clk := MustOpen(b)
	now := clk.Now().Unix()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			mentor, mentee := fmt.Sprintf("UM%05d", i), fmt.Sprintf("UE%05d", i)
			for _, u := range []string{mentor, mentee} {
				if _, err := tx.ExecForTest(ctx, `INSERT INTO users (user_id, tz) VALUES (?, 'Europe/Berlin')`, u); err != nil {
					return err
				}
			}
			res, err := tx.ExecForTest(ctx, `INSERT INTO pairs (mentor_id, mentee_id, created_by, created_at) VALUES (?, ?, 'UADMIN', ?)`, mentor, mentee, now)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if _, err := tx.ExecForTest(ctx, `INSERT INTO schedules (pair_id, rule, duration_min, set_by, set_at) VALUES (?, ?, 30, ?, ?)`,
				id, weeklyRule, mentor, now); err != nil {
				return err
			}
			if _, err := tx.ExecForTest(ctx, `INSERT INTO sessions (pair_id, held_on, logged_by, created_at, n) VALUES (?, '2026-10-29', ?, ?, 1)`,
				id, mentor, now-86400); err != nil {
				return err
			}
			if _, err := tx.ExecForTest(ctx, `INSERT INTO goals (owner_id, text, due_on, created_at, updated_at) VALUES (?, 'a goal', '2026-12-01', ?, ?)`,
				mentee, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Readers then read the file, as a running bot's mostly do, not a WAL
	// holding every page.
	if err := db.Checkpoint(ctx); err != nil {
		b.Fatal(err)
	}
	pairs, err := db.PlanPairIDs(ctx, []string{"reminder"})
	if err != nil {
		b.Fatal(err)
	}
	people, err := db.PlanUserIDs(ctx, []string{"checkin"})
	if err != nil {
		b.Fatal(err)
	}
	from := clk.Now().Add(-30 * 24 * time.Hour)
	b.Run("pairs", func(b *testing.B) {
		for b.Loop() {
			for ids := range slices.Chunk(pairs, 100) {
				if _, _, err := db.LoadPlanPairs(ctx, ids, from); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for _, l := range []struct {
		name string
		load func(context.Context, []string) ([]store.PlanUser, error)
	}{{"people-listed", db.LoadPlanUsers}, {"people-run", db.LoadPlanUsersRun}} {
		load := l.load
		b.Run(l.name, func(b *testing.B) {
			for b.Loop() {
				for ids := range slices.Chunk(people, 100) {
					if _, err := load(ctx, ids); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
