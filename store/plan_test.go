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
	today := time.Now().UTC().Format(time.DateOnly) // the store's clock is the real one
	for _, id := range []int64{a.ID, b.ID, a.ID, a.ID, b.ID} {
		if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: id, HeldOn: today, Notes: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	// Back to schema 3: no n column, no index, no plan_until, the two
	// notification indexes of schema 1, no users.last_nudge_at, no pair_pauses or schedule_history, no deliveries.user_id, no meeting_skips.moved_to, no pairs.resumed_at, no proposals.created_by, no notifications.planned_at, no notifications.refused, no feedback batches.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE INDEX notifications_lease ON notifications(status, lease_until)`,
		`CREATE INDEX notifications_expiry ON notifications(status, expires_at)`, `DROP TABLE plan_until`, `DROP INDEX sessions_pair_created`, `ALTER TABLE sessions DROP COLUMN n`, `ALTER TABLE users DROP COLUMN last_nudge_at`, `DROP TABLE pair_pauses`, `DROP TABLE schedule_history`, `ALTER TABLE deliveries DROP COLUMN user_id`, `DROP TRIGGER skips_dirty_update`, `ALTER TABLE meeting_skips DROP COLUMN moved_to`, `ALTER TABLE pairs DROP COLUMN resumed_at`, `ALTER TABLE proposals DROP COLUMN created_by`, `ALTER TABLE notifications DROP COLUMN planned_at`, `ALTER TABLE notifications DROP COLUMN refused`, `DROP INDEX feedback_open`, `DROP INDEX feedback_counted`, `ALTER TABLE feedback DROP COLUMN batch_id`, `DROP TABLE feedback_batches`, `ALTER TABLE sessions DROP COLUMN held_today`, `ALTER TABLE signups DROP COLUMN after_pair`, `ALTER TABLE pairs DROP COLUMN snoozed_at`, `DROP TABLE checkin_pairs`, `ALTER TABLE notifications DROP COLUMN lease_locked`, `DROP TABLE forgotten`, `ALTER TABLE cohorts DROP COLUMN tz`, `ALTER TABLE meeting_skips DROP COLUMN prompted_for`, `PRAGMA user_version = 3`} {
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
	if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: a.ID, HeldOn: today, Notes: "y"}); err != nil {
		t.Fatal(err)
	}
	if _, count := planSessionNumbers(t, db, a.ID, time.Time{}); count != 4 {
		t.Errorf("pair a: count %d after one more, want 4", count)
	}
}

// PlanDue lists the plans that ran out, what is marked changed, and the
// owners of planned rows still pending after their time; SetPlanUntilTx
// moves a plan's end or, with the zero time, removes it.
func TestPlanDue(t *testing.T) {
	db, clk := MustOpen(t)
	ctx := context.Background()
	now := clk.Now()
	p := mustPair(t, db) // creating it marks the pair and its members changed
	due := func(at time.Time) ([]int64, []string) {
		t.Helper()
		pairs, users, err := db.PlanDue(ctx, at, []string{"reminder"}, []string{"checkin"})
		if err != nil {
			t.Fatal(err)
		}
		return pairs, users
	}
	if pairs, users := due(now); !slices.Equal(pairs, []int64{p.ID}) || !slices.Equal(users, []string{mentee, mentor}) {
		t.Fatalf("marked changed: pairs %v, people %v", pairs, users)
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if err := store.ClearDirtyTx(ctx, tx, []int64{p.ID}, []string{mentor, mentee}); err != nil {
			return err
		}
		return store.SetPlanUntilTx(ctx, tx, map[int64]store.PlanMark{p.ID: {Until: now.Add(48 * time.Hour)}, 77: {Until: now.Add(time.Hour)}},
			map[string]store.PlanMark{mentor: {Until: now.Add(24 * time.Hour)}, mentee: {Until: now.Add(72 * time.Hour)}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if pairs, users := due(now); len(pairs)+len(users) != 0 {
		t.Errorf("nothing ran out yet: pairs %v, people %v", pairs, users)
	}
	if pairs, users := due(now.Add(48 * time.Hour)); !slices.Equal(pairs, []int64{p.ID, 77}) || !slices.Equal(users, []string{mentor}) {
		t.Errorf("two days on: pairs %v, people %v, want [%d 77] [%s]", pairs, users, p.ID, mentor)
	}
	// The zero time removes a plan's end (none stored: nothing to do); a
	// later one moves it; the same one keeps it.
	err = db.InTx(ctx, func(tx *store.Tx) error {
		return store.SetPlanUntilTx(ctx, tx, map[int64]store.PlanMark{77: {}, 78: {}, p.ID: {Until: now.Add(48 * time.Hour), At: now.Add(1500 * time.Millisecond), Digest: 1<<63 + 5}},
			map[string]store.PlanMark{mentor: {Until: now.Add(96 * time.Hour)}, mentee: {Until: now.Add(72 * time.Hour)}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if pairs, users := due(now.Add(80 * time.Hour)); !slices.Equal(pairs, []int64{p.ID}) || !slices.Equal(users, []string{mentee}) {
		t.Errorf("after the changes: pairs %v, people %v, want [%d] [%s]", pairs, users, p.ID, mentee)
	}
	// A plan's mark comes back as stored, to the nanosecond and all 64
	// bits of its digest; a removed one is gone.
	pm, err := db.PairPlanMarks(ctx, []int64{p.ID, 77})
	if err != nil {
		t.Fatal(err)
	}
	um, err := db.UserPlanMarksRun(ctx, []string{mentor})
	if err != nil {
		t.Fatal(err)
	}
	want := store.PlanMark{Until: now.Add(48 * time.Hour).Truncate(time.Second), At: now.Add(1500 * time.Millisecond).UTC(), Digest: 1<<63 + 5}
	if _, ok := pm[77]; ok || pm[p.ID] != want || len(um) != 1 || !um[mentor].Until.Equal(now.Add(96*time.Hour).Truncate(time.Second)) {
		t.Errorf("marks: pairs %+v, people %+v; want pair %d %+v, no 77", pm, um, p.ID, want)
	}
	// A planned row still pending after its time brings its pair or
	// person; one of a kind not asked about, or not yet due, does not.
	err = db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := store.ReconcileTx(ctx, tx, store.PlanScope{PairIDs: []int64{p.ID}, Kinds: []string{"reminder", "followup"}}, []store.Notification{
			{Key: "reminder:x", Kind: "reminder", RecipientID: mentor, PairID: p.ID, DueAt: now.Add(time.Hour), ExpiresAt: now.Add(5 * time.Hour)},
			{Key: "followup:x", Kind: "followup", RecipientID: mentor, PairID: p.ID, DueAt: now.Add(time.Minute), ExpiresAt: now.Add(5 * time.Hour)},
		}); err != nil {
			return err
		}
		_, err := store.ReconcileTx(ctx, tx, store.PlanScope{Recipients: []string{"UCAROL"}, Kinds: []string{"checkin"}}, []store.Notification{
			{Key: "checkin:to=UCAROL:on=x", Kind: "checkin", RecipientID: "UCAROL", DueAt: now.Add(2 * time.Hour), ExpiresAt: now.Add(5 * time.Hour)},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if pairs, users := due(now.Add(30 * time.Minute)); len(pairs)+len(users) != 0 {
		t.Errorf("a follow-up after its time is not a kind asked about: pairs %v, people %v", pairs, users)
	}
	if pairs, users := due(now.Add(150 * time.Minute)); !slices.Equal(pairs, []int64{p.ID}) || !slices.Equal(users, []string{"UCAROL"}) {
		t.Errorf("rows after their time: pairs %v, people %v, want [%d] [UCAROL]", pairs, users, p.ID)
	}
}

// A full re-plan reads its chunks by range (pairs whose IDs are close
// together, people listed in order): what lies in the range but was not
// asked for is left out, as a read of the IDs one by one leaves it out.
func TestPlanLoadsByRangeOnlyWhatWasAsked(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	var ids []int64
	for _, m := range []string{"UA", "UB", "UC", "UD"} {
		p, err := db.CreatePair(ctx, "UADMIN", m+"MENTOR", m+"MENTEE")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetSchedule(ctx, p.MentorID, p.ID, weeklyRule, 30*time.Minute); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	// The first, the third and the last: dense enough to be read by range.
	asked := []int64{ids[0], ids[2], ids[3]}
	pps, users, err := db.LoadPlanPairs(ctx, asked, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, pp := range pps {
		got = append(got, pp.Pair.ID)
		if !pp.Scheduled {
			t.Errorf("pair %d loaded without its schedule", pp.Pair.ID)
		}
	}
	if !slices.Equal(got, asked) {
		t.Errorf("LoadPlanPairs(%v) = pairs %v", asked, got)
	}
	if _, ok := users["UBMENTOR"]; ok {
		t.Errorf("LoadPlanPairs(%v) loaded UBMENTOR, of a pair not asked for", asked)
	}
	people := []string{"UAMENTEE", "UCMENTOR", "UDMENTEE"} // in order; UBMENTEE, UCMENTEE and others between
	pus, err := db.LoadPlanUsersRun(ctx, people)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pu := range pus {
		names = append(names, pu.User.ID)
		if len(pu.Pairs) != 1 {
			t.Errorf("%s loaded with %d pairs, want 1", pu.User.ID, len(pu.Pairs))
		}
	}
	if !slices.Equal(names, people) {
		t.Errorf("LoadPlanUsersRun(%v) = %v", people, names)
	}
}
