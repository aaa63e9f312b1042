package store_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A session logged before a meeting began is not a log of it, though it
// was held the day before: the meeting stays unlogged, as the follow-up
// the bot sends after it says. One logged after it, the next day, is.
func TestProgrammeReportDoesNotTakeAnEarlierSessionForTheMeeting(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t) // the first meeting a day from now
	day := 24 * time.Hour
	if _, err := db.LogSession(ctx, "UM1", store.NewSession{PairID: p.ID, HeldOn: clk.Now().UTC().Format(time.DateOnly), Notes: "a chat in the corridor"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(day + time.Hour) // the meeting is over
	if n := rpMissed(t, db, clk.Now()); n != 1 {
		t.Errorf("a meeting unlogged after a session the day before: missed %d, want 1", n)
	}
	clk.Advance(day) // the next day, its log
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: clk.Now().UTC().Format(time.DateOnly), Notes: "yesterday's meeting"}); err != nil {
		t.Fatal(err)
	}
	if n := rpMissed(t, db, clk.Now()); n != 0 {
		t.Errorf("logged the day after: missed %d, want 0", n)
	}
}

// rpOnceOrWeekly is rpWeekly, and "once:UNIX" meets once, at UNIX.
func rpOnceOrWeekly(rule string, from, to time.Time) ([]time.Time, error) {
	s, ok := strings.CutPrefix(rule, "once:")
	if !ok {
		return rpWeekly(rule, from, to)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, err
	}
	if at := time.Unix(n, 0).UTC(); !at.Before(from) && at.Before(to) {
		return []time.Time{at}, nil
	}
	return nil, nil
}

// A pair whose only meeting ahead was skipped has no meeting ahead, as
// /mentor next and the Home tell its members; moved, it has one.
func TestProgrammeReportPairsWithAMeetingAheadLeaveSkippedOnes(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM1", "UE1")
	if err != nil {
		t.Fatal(err)
	}
	at := clk.Now().Add(48 * time.Hour)
	sc, err := db.SetSchedule(ctx, "UM1", p.ID, fmt.Sprintf("once:%d", at.Unix()), 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := func() int {
		t.Helper()
		rep, err := db.ProgrammeReport(ctx, clk.Now(), rpOnceOrWeekly, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep.PairsScheduled
	}
	if n := scheduled(); n != 1 {
		t.Fatalf("with a meeting set: %d pairs with a meeting ahead, want 1", n)
	}
	if err := db.MoveMeeting(ctx, "UE1", p.ID, sc.SetAt, at, at, at.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := scheduled(); n != 1 {
		t.Errorf("its meeting moved a day: %d pairs with a meeting ahead, want 1", n)
	}
	if err := db.SkipMeeting(ctx, "UM1", p.ID, at.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := scheduled(); n != 0 {
		t.Errorf("its only meeting skipped: %d pairs with a meeting ahead, want 0", n)
	}
}

// A session logged for one meeting is that meeting's log, not also the
// log of another the day before: meeting A goes unlogged, the next is
// moved to the day after A (B) and logged, linked to B; A stays missed,
// as its follow-up said.
func TestProgrammeReportDoesNotTakeAnotherMeetingsSessionForTheMeeting(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	a := clk.Now().Add(day).Truncate(time.Second)
	mp, err := db.Meetings(ctx, "UM1", p.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := a.Add(day)
	if err := db.MoveMeeting(ctx, "UE1", p.ID, mp.Schedule.SetAt, a.Add(7*day), a.Add(7*day), b); err != nil {
		t.Fatal(err)
	}
	clk.Set(b.Add(time.Hour))
	if n := rpMissed(t, db, clk.Now()); n != 2 {
		t.Errorf("before B's log: missed %d, want 2", n)
	}
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: b.UTC().Format(time.DateOnly), MeetingAt: b, Notes: "B"}); err != nil {
		t.Fatal(err)
	}
	if n := rpMissed(t, db, clk.Now()); n != 1 {
		t.Errorf("A unlogged, B logged (linked to B): missed %d, want 1", n)
	}
}
