package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

const (
	mentor   = "UMENTOR"
	mentee   = "UMENTEE"
	outsider = "UOUTSIDER"
)

// mustPair makes the standard test pair.
func mustPair(tb testing.TB, db *store.DB) store.Pair {
	tb.Helper()
	p, err := db.CreatePair(context.Background(), "UADMIN", mentor, mentee)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func wantCode(t *testing.T, what string, err error, code store.Code) {
	t.Helper()
	if store.ErrorCode(err) != code {
		t.Errorf("%s: err = %v, want code %q", what, err, code)
	}
}

const weeklyRule = "weekly thu 15:00 Europe/Berlin from 2026-11-05"

func TestMeetingScheduleSetAndReplace(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)

	if _, ok, err := db.Schedule(ctx, p.ID); err != nil || ok {
		t.Fatalf("schedule of a new pair: ok=%v err=%v; want none", ok, err)
	}
	sc, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 45*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Rule != weeklyRule || sc.Duration != 45*time.Minute || sc.SetBy != mentor || !sc.SetAt.Equal(clk.Now()) {
		t.Errorf("SetSchedule = %+v", sc)
	}
	got, ok, err := db.Schedule(ctx, p.ID)
	if err != nil || !ok || got != sc {
		t.Errorf("Schedule = %+v, %v, %v; want %+v", got, ok, err, sc)
	}

	// A future skip is forgotten when the cadence changes; a past one stays.
	past := clk.Now().Add(-time.Hour)
	future := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)
	if err := db.SkipMeeting(ctx, mentee, p.ID, future); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "skip twice", db.SkipMeeting(ctx, mentor, p.ID, future), store.EConflict)
	wantCode(t, "skip the past", db.SkipMeeting(ctx, mentor, p.ID, past), store.EInvalid)
	ch, err := db.MeetingChanges(ctx, p.ID, clk.Now())
	if err != nil || len(ch.Skips) != 1 || !ch.Skips[0].Equal(future) || len(ch.Moves) != 0 {
		t.Fatalf("MeetingChanges = %+v, %v; want a skip at %v", ch, err, future)
	}
	mp, err := db.Meetings(ctx, mentee, p.ID)
	if err != nil || !mp.Scheduled || !mp.Skipped(future) || mp.Skipped(future.Add(time.Hour)) {
		t.Errorf("Meetings = %+v, %v; want scheduled with the skip", mp, err)
	}

	clk.Advance(time.Hour)
	sc2, err := db.SetSchedule(ctx, mentee, p.ID, "biweekly mon 09:30 America/New_York from 2026-11-09", 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	got, _, _ = db.Schedule(ctx, p.ID)
	if got != sc2 || got.SetBy != mentee {
		t.Errorf("after replace: %+v, want %+v", got, sc2)
	}
	if ch, _ := db.MeetingChanges(ctx, p.ID, time.Time{}); len(ch.Skips) != 0 {
		t.Errorf("skips after a new cadence = %v, want none", ch.Skips)
	}
}

func TestMeetingSchedulePrivacyAndState(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	at := clk.Now().Add(72 * time.Hour)

	_, err := db.SetSchedule(ctx, outsider, p.ID, weeklyRule, 30*time.Minute)
	wantCode(t, "outsider sets schedule", err, store.ENotFound)
	_, err = db.Meetings(ctx, outsider, p.ID)
	wantCode(t, "outsider reads meetings", err, store.ENotFound)
	_, err = db.Meetings(ctx, mentor, 999)
	wantCode(t, "no such pair", err, store.ENotFound)
	wantCode(t, "outsider skips", db.SkipMeeting(ctx, outsider, p.ID, at), store.ENotFound)
	wantCode(t, "skip without schedule", db.SkipMeeting(ctx, mentor, p.ID, at), store.EConflict)
	_, err = db.SetSchedule(ctx, mentor, p.ID, "", 30*time.Minute)
	wantCode(t, "empty rule", err, store.EInvalid)

	if _, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPaused(ctx, mentee, p.ID, true); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "skip while paused", db.SkipMeeting(ctx, mentor, p.ID, at), store.EConflict)
	mp, _ := db.Meetings(ctx, mentor, p.ID)
	if !mp.Paused() {
		t.Error("plan not paused after SetPaused")
	}
	// Setting a schedule is asking to meet: it resumes a paused pair.
	if _, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if mp, _ := db.Meetings(ctx, mentor, p.ID); mp.Paused() {
		t.Error("a new schedule left the pair paused")
	}

	if _, err := db.EndPair(ctx, mentor, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 30*time.Minute)
	wantCode(t, "schedule an ended pair", err, store.EConflict)
	// The history stays readable to members.
	if mp, err := db.Meetings(ctx, mentor, p.ID); err != nil || mp.Pair.Live() || !mp.Scheduled {
		t.Errorf("ended pair's plan = %+v, %v", mp, err)
	}
	if mp, err := db.LoadMeetingPlan(ctx, p.ID); err != nil || !mp.Scheduled {
		t.Errorf("LoadMeetingPlan = %+v, %v", mp, err)
	}
}

// A plan's changes from a time it reaches back to are MeetingChanges'
// from that time: skips and moves, either end of a move counting.
func TestMeetingPlanChangesFromAreMeetingChanges(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	sc, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC) // Thursday 15:00 Berlin
	week := 7 * 24 * time.Hour
	if err := db.SkipMeeting(ctx, mentee, p.ID, first); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveMeeting(ctx, mentor, p.ID, sc.SetAt, first.Add(week), first.Add(week), first.Add(3*week+time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.SkipMeeting(ctx, mentee, p.ID, first.Add(2*week)); err != nil {
		t.Fatal(err)
	}
	clk.Set(first.Add(week + 2*time.Hour))
	mp, err := db.LoadMeetingPlan(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{first, first.Add(week), first.Add(week + time.Second), first.Add(2 * week), first.Add(3 * week),
		first.Add(3*week + time.Hour), first.Add(4 * week)} {
		got, ok := mp.ChangesFrom(at)
		if !ok {
			t.Errorf("ChangesFrom(%v): not held", at)
			continue
		}
		want, err := db.MeetingChanges(ctx, p.ID, at)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(got.Skips, want.Skips, time.Time.Equal) || !slices.Equal(got.Moves, want.Moves) {
			t.Errorf("ChangesFrom(%v) = %+v, MeetingChanges %+v", at, got, want)
		}
	}
	if _, ok := mp.ChangesFrom(clk.Now().Add(-15 * 24 * time.Hour)); ok {
		t.Error("ChangesFrom before the plan's changes reach: held")
	}
	if _, ok := (store.MeetingPlan{}).ChangesFrom(first); ok {
		t.Error("ChangesFrom of a plan not read: held")
	}
}

func TestPausedAt(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	before := clk.Now().Add(-time.Minute)
	from := clk.Now()
	if _, err := db.SetPaused(ctx, mentor, p.ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	until := clk.Now()
	if _, err := db.SetPaused(ctx, mentor, p.ID, false); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if _, err := db.SetPaused(ctx, mentor, p.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want bool
	}{
		{before, false}, {from, true}, {until.Add(-time.Second), true}, {until, false},
		{clk.Now().Add(-time.Second), false}, {clk.Now(), true}, {clk.Now().Add(24 * time.Hour), true}, // still paused
	} {
		if got, err := db.PausedAt(ctx, p.ID, c.at); err != nil || got != c.want {
			t.Errorf("PausedAt(%s) = %v, %v; want %v", c.at, got, err, c.want)
		}
	}
}
