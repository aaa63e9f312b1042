package store_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// sendPrompt records the mentee's agenda prompt for the pair's meeting at
// at as sent.
func sendPrompt(t *testing.T, db *store.DB, p store.Pair, at time.Time) {
	t.Helper()
	ctx := context.Background()
	key := fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", p.ID, at.Unix(), p.MenteeID)
	now := db.Now()
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "agenda_prompt", RecipientID: p.MenteeID, PairID: p.ID,
		Ref: strconv.FormatInt(at.Unix(), 10), DueAt: now, ExpiresAt: at.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	n, err := db.Notification(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, mustClaim(t, db, n).ID, "D1", "1.1"); err != nil {
		t.Fatal(err)
	}
}

// A meeting moved back to its time after its mentee had the agenda prompt
// where it had been moved keeps that on record (Changes.Back) and is
// neither moved nor skipped; moved again, the move carries the record on.
// It can still be skipped. Moved back with no prompt had elsewhere, it
// leaves nothing behind.
func TestMeetingMovedBackAfterAPromptKeepsItsRecord(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	sc, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	thu, wed := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC), time.Date(2026, 11, 4, 14, 0, 0, 0, time.UTC)
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, thu, thu, wed); err != nil {
		t.Fatal(err)
	}
	sendPrompt(t, db, p, wed)
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, thu, wed, thu); err != nil {
		t.Fatal(err)
	}
	ch, err := db.MeetingChanges(ctx, p.ID, db.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(ch.Moves) != 0 || len(ch.Skips) != 0 || len(ch.Off()) != 0 || len(ch.MovedIn()) != 0 {
		t.Errorf("moved back, the meeting is still changed: %+v", ch)
	}
	if mv, ok := ch.MovedBack(thu); !ok || !mv.PromptKnown || !mv.PromptedFor.Equal(wed) {
		t.Errorf("moved back: record %+v, %v; want prompted for %v", mv, ok, wed)
	}
	mp, err := db.Meetings(ctx, mentee, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := mp.MovedBack(thu); !ok || len(mp.Moves) != 0 {
		t.Errorf("the meeting plan's changes: %+v, want the record only", mp.Changes)
	}
	// Worked out from where it was moved, the move back is news.
	wantCode(t, "a move from where it was", db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, thu, wed, thu.Add(time.Hour)), store.EConflict)

	later := thu.Add(time.Hour)
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, thu, thu, later); err != nil {
		t.Fatal(err)
	}
	ch, _ = db.MeetingChanges(ctx, p.ID, db.Now())
	if mv, ok := ch.MoveTo(later); !ok || !mv.PromptedFor.Equal(wed) || len(ch.Back) != 0 {
		t.Errorf("moved again: %+v; want a move prompted for %v", ch, wed)
	}
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, thu, later, thu); err != nil {
		t.Fatal(err)
	}
	if err := db.SkipMeeting(ctx, mentee, p.ID, thu); err != nil {
		t.Fatalf("skip of the meeting moved back: %v", err)
	}
	ch, _ = db.MeetingChanges(ctx, p.ID, db.Now())
	if !ch.Skipped(thu) || len(ch.Back) != 0 || len(ch.Moves) != 0 {
		t.Errorf("skipped: %+v, want the skip only", ch)
	}

	// The week after: moved and back before any prompt.
	next, fri := thu.AddDate(0, 0, 7), thu.AddDate(0, 0, 8)
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, next, next, fri); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, next, fri, next); err != nil {
		t.Fatal(err)
	}
	ch, _ = db.MeetingChanges(ctx, p.ID, next.Add(-time.Hour))
	if len(ch.Back) != 0 || len(ch.Moves) != 0 || len(ch.Skips) != 0 {
		t.Errorf("moved back before any prompt: %+v, want no change", ch)
	}
}

// The report counts a meeting moved back after a prompt where it had been
// moved as the meeting it is: ahead, then missed at its time once over
// unlogged, and no skip.
func TestProgrammeReportCountsAMeetingMovedBackAtItsTime(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	first := clk.Now().Add(24 * time.Hour)
	sc, _, _ := db.Schedule(ctx, p.ID)
	if err := db.MoveMeeting(ctx, "UE1", p.ID, sc.SetAt, first, first, first.Add(-12*time.Hour)); err != nil {
		t.Fatal(err)
	}
	sendPrompt(t, db, p, first.Add(-12*time.Hour))
	if err := db.MoveMeeting(ctx, "UE1", p.ID, sc.SetAt, first, first.Add(-12*time.Hour), first); err != nil {
		t.Fatal(err)
	}
	if ch, _ := db.MeetingChanges(ctx, p.ID, clk.Now()); len(ch.Back) != 1 {
		t.Fatalf("moved back: %+v, want its record", ch)
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.PairsScheduled != 1 {
		t.Errorf("moved back: %d pairs with a meeting ahead, want 1", rep.PairsScheduled)
	}
	clk.Set(first.Add(time.Hour))
	rep, err = db.ProgrammeReport(ctx, clk.Now(), rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Windows[0]; w.Missed != 1 || w.Skipped != 0 {
		t.Errorf("moved back and over unlogged: missed %d skipped %d, want 1 and 0", w.Missed, w.Skipped)
	}
}
