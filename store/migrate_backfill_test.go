package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// reopenAt closes db, runs qs on its file (a state an older version left)
// and opens it again, migrating it.
func reopenAt(t *testing.T, db *store.DB, path string, clk *clock.Fake, qs ...string) *store.DB {
	t.Helper()
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err = store.Open(context.Background(), path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Moves made before migration 28 recorded where the meeting was when its
// mentee last had the agenda prompt have it backfilled from the prompts
// sent (or being sent) for the meeting's first or current time, the
// latest of them; the planner's guess is left to those with none on
// record. Another pair's prompt, or one that never went, is none.
func TestMigrationBackfillsWhereMovedMeetingsWerePrompted(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	p := mustPair(t, db)
	other, err := db.CreatePair(ctx, "UADMIN", "UOTHERMENTOR", "UOTHERMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	week := 7 * 24 * time.Hour
	first := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)
	// Each meeting a week after the last, each moved a day later.
	sentFirst, sentBoth, sentMoved, sending, none, skipped := first, first.Add(week), first.Add(2*week), first.Add(3*week), first.Add(4*week), first.Add(5*week)
	day := 24 * time.Hour
	prompt := func(pair store.Pair, at time.Time, status string) {
		t.Helper()
		key := fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", pair.ID, at.Unix(), pair.MenteeID)
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "agenda_prompt", RecipientID: pair.MenteeID, PairID: pair.ID,
			Ref: strconv.FormatInt(at.Unix(), 10), DueAt: clk.Now(), ExpiresAt: at.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		n, err := db.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if status == "pending" {
			return
		}
		n = mustClaim(t, db, n)
		switch status {
		case "sent":
			err = db.MarkSent(ctx, n.ID, "D1", strconv.FormatInt(clk.Now().Unix(), 10))
		case "dropped":
			err = db.MarkDroppedUntried(ctx, n, "its time passed")
		}
		if err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute) // the next is sent later
	}
	prompt(p, sentFirst, "sent")
	prompt(p, sentBoth, "sent")
	prompt(p, sentBoth.Add(day), "sent") // the later of the two
	prompt(p, sentMoved.Add(day), "sent")
	prompt(p, sending, "sending")
	prompt(p, none, "dropped")
	prompt(p, none.Add(day), "pending")
	prompt(other, none.Add(day), "sent")
	for _, at := range []time.Time{sentFirst, sentBoth, sentMoved, sending, none} {
		if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, at, at, at.Add(day)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SkipMeeting(ctx, mentor, p.ID, skipped); err != nil {
		t.Fatal(err)
	}

	// Back to schema 28, with the rows as the versions before it left
	// them: no record of the prompt.
	db = reopenAt(t, db, path, clk, `UPDATE meeting_skips SET prompted_for = -1`, `DELETE FROM plan_dirty`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 28`)
	ch, err := db.MeetingChanges(ctx, p.ID, first.Add(-day))
	if err != nil {
		t.Fatal(err)
	}
	for from, want := range map[time.Time]time.Time{sentFirst: sentFirst, sentBoth: sentBoth.Add(day), sentMoved: sentMoved.Add(day),
		sending: sending, none: {}} {
		mv, ok := ch.MoveFrom(from)
		switch {
		case !ok:
			t.Errorf("the move from %v is gone: %+v", from, ch)
		case want.IsZero() && mv.PromptKnown:
			t.Errorf("the move from %v, no prompt on record: prompted for %v, want it left to the planner", from, mv.PromptedFor)
		case !want.IsZero() && (!mv.PromptKnown || !mv.PromptedFor.Equal(want)):
			t.Errorf("the move from %v: prompted for %v (known %v), want %v", from, mv.PromptedFor, mv.PromptKnown, want)
		}
	}
	if !ch.Skipped(skipped) {
		t.Errorf("the skip is gone: %+v", ch)
	}
	// The pair is planned again by what was backfilled.
	pairs, _, err := db.Dirty(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 1 || pairs[0] != p.ID {
		t.Errorf("pairs to plan again after migrating: %v, want [%d]", pairs, p.ID)
	}
}

// Requests left pending by versions that did not close them when the two
// were paired are closed by the migration as a pair closes them now:
// cancelled with the pair, either way round, also by a pair made after
// them that has ended since. One between two people never paired since
// stays pending, as does one made after their pair ended.
func TestMigrationClosesRequestsOfPairsMadeSince(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	ask := func(requester, mentor string) store.Request {
		t.Helper()
		r, err := db.CreateRequest(ctx, requester, mentor, "")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	pair := func(mentor, mentee string) store.Pair {
		t.Helper()
		p, err := db.CreatePair(ctx, "UADMIN", mentor, mentee)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	asked := ask("UE1", "UM1")
	reverse := ask("UM2", "UE2") // the mentor-to-be asked the mentee-to-be
	ended := ask("UE3", "UM3")
	unpaired := ask("UE4", "UM4")
	clk.Advance(time.Hour)
	live := pair("UM1", "UE1")
	reversed := pair("UM2", "UE2")
	endedPair := pair("UM3", "UE3")
	before := pair("UM5", "UE5")
	clk.Advance(time.Hour)
	for _, p := range []store.Pair{endedPair, before} {
		if _, err := db.EndPair(ctx, p.MentorID, p.ID); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(time.Hour)
	again := ask("UE5", "UM5") // asked after their pair ended
	clk.Advance(time.Hour)

	// Back to schema 28, with the requests pending as the versions
	// before the closing left them.
	db = reopenAt(t, db, path, clk, `UPDATE pair_requests SET status = 'pending', answered_at = 0, pair_id = NULL WHERE status = 'cancelled'`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 28`)
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, c := range []struct {
		req    store.Request
		closed store.Pair
	}{{asked, live}, {reverse, reversed}, {ended, endedPair}, {unpaired, store.Pair{}}, {again, store.Pair{}}} {
		var status string
		var answered int64
		var pairID sql.NullInt64
		if err := raw.QueryRow(`SELECT status, answered_at, pair_id FROM pair_requests WHERE id = ?`, c.req.ID).Scan(&status, &answered, &pairID); err != nil {
			t.Fatal(err)
		}
		if c.closed.ID == 0 {
			if status != "pending" || pairID.Valid {
				t.Errorf("request %d of %s to %s: %s (pair %v), want still pending", c.req.ID, c.req.RequesterID, c.req.MentorID, status, pairID)
			}
			continue
		}
		if status != "cancelled" || pairID.Int64 != c.closed.ID || answered != c.closed.CreatedAt.Unix() {
			t.Errorf("request %d of %s to %s: %s by pair %v at %d, want cancelled by pair %d at its making, %d",
				c.req.ID, c.req.RequesterID, c.req.MentorID, status, pairID, answered, c.closed.ID, c.closed.CreatedAt.Unix())
		}
	}
	// What the mentor sees: nothing waiting, and an answer says why.
	if reqs, err := db.PendingRequests(ctx, "UM1"); err != nil || len(reqs) != 0 {
		t.Errorf("UM1's pending requests after migrating: %+v, %v; want none", reqs, err)
	}
	_, _, err = answerRequest(ctx, db, "UM1", asked.ID, true)
	wantCode(t, "accept a request the pair answered", err, store.EConflict)
	_, _, err = answerRequest(ctx, db, "UM3", ended.ID, true)
	wantCode(t, "accept a request an ended pair answered", err, store.EConflict)
}
