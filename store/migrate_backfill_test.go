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
	db = reopenAt(t, db, path, clk, `UPDATE meeting_skips SET prompted_for = -1`, `DELETE FROM plan_dirty`, `PRAGMA user_version = 28`)
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
