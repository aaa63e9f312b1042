package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// rdZone reads a stored zone as the bot does, UTC for none.
func rdZone(tz string) *time.Location {
	if tz == "" {
		return time.UTC
	}
	l, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return l
}

func rdLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rdPair opens a database at Monday 2 November 2026, 09:00 UTC, with alice
// (Berlin) mentoring carol (Tokyo).
func rdPair(t *testing.T) (*store.DB, *clock.Fake, store.Pair) {
	t.Helper()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(context.Background(), "UADMIN", "UALICE", "UCAROL")
	if err != nil {
		t.Fatal(err)
	}
	for who, tz := range map[string]string{"UALICE": "Europe/Berlin", "UCAROL": "Asia/Tokyo"} {
		rpExec(t, db, `INSERT INTO users (user_id, tz) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET tz = excluded.tz`, who, tz)
	}
	return db, clk, p
}

// rdLog logs a session of pair p by who, at the clock's time, held today
// in loc (as /session log does), for the meeting at (zero: none).
func rdLog(t *testing.T, db *store.DB, clk *clock.Fake, p store.Pair, who string, loc *time.Location, at time.Time) store.Session {
	t.Helper()
	s, err := db.LogSession(context.Background(), who, store.NewSession{PairID: p.ID, HeldOn: clk.Now().In(loc).Format(time.DateOnly), Loc: loc, MeetingAt: at, Notes: "we met"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rdHeld checks the meetings held in each of the report's windows and in
// the Home's summary.
func rdHeld(t *testing.T, db *store.DB, now time.Time, occ store.OccurrencesFunc, want int, what string) {
	t.Helper()
	ctx := context.Background()
	rep, err := db.ProgrammeReport(ctx, now, occ, rdZone)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SessionsLogged != 2 {
		t.Errorf("%s: sessions logged = %d, want 2", what, rep.SessionsLogged)
	}
	for _, w := range rep.Windows {
		if w.Held != want || w.ActivePairs != 1 {
			t.Errorf("%s: last %d days: %d held by %d pairs, want %d by 1", what, w.Days, w.Held, w.ActivePairs, want)
		}
	}
	sum, err := db.ProgrammeSummary(ctx, now, rdZone)
	if err != nil {
		t.Fatal(err)
	}
	if w := sum.Windows[0]; w.Held != want {
		t.Errorf("%s: the Home's summary: %d held in the last %d days, want %d", what, w.Held, w.Days, want)
	}
}

// alice in Berlin and carol in Tokyo meet at 18:00 on Tuesday in Berlin,
// 02:00 on Wednesday in Tokyo. alice logs it as that meeting, held on
// Tuesday; carol, finding it taken, logs it with no meeting, held on her
// Wednesday. One meeting was held: the report said two.
func TestProgrammeReportCountsAScheduledMeetingLoggedOnTwoDatesOnce(t *testing.T) {
	db, clk, p := rdPair(t)
	berlin, tokyo := rdLoc(t, "Europe/Berlin"), rdLoc(t, "Asia/Tokyo")
	m := time.Date(2026, 11, 3, 17, 0, 0, 0, time.UTC)
	if _, err := db.SetSchedule(context.Background(), "UALICE", p.ID, fmt.Sprintf("at:%d", m.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Set(m.Add(time.Hour))
	if s := rdLog(t, db, clk, p, "UALICE", berlin, m); s.HeldOn != "2026-11-03" {
		t.Fatalf("alice's session held on %s", s.HeldOn)
	}
	clk.Advance(time.Hour)
	if s := rdLog(t, db, clk, p, "UCAROL", tokyo, time.Time{}); s.HeldOn != "2026-11-04" {
		t.Fatalf("carol's session held on %s", s.HeldOn)
	}
	rdHeld(t, db, clk.Now(), rpAt, 1, "both logged the meeting")
}

// The same pair's meeting at 09:00 on Tuesday in Berlin is 17:00 on
// Tuesday in Tokyo: carol's log of Wednesday, with no meeting, is of
// another meeting, on the next day, and the report counts two.
func TestProgrammeReportKeepsAMeetingOfTheNextDayApart(t *testing.T) {
	db, clk, p := rdPair(t)
	berlin, tokyo := rdLoc(t, "Europe/Berlin"), rdLoc(t, "Asia/Tokyo")
	m := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	if _, err := db.SetSchedule(context.Background(), "UALICE", p.ID, fmt.Sprintf("at:%d", m.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Set(m.Add(time.Hour))
	rdLog(t, db, clk, p, "UALICE", berlin, m)
	clk.Set(time.Date(2026, 11, 4, 3, 0, 0, 0, time.UTC)) // 12:00 on Wednesday in Tokyo
	if s := rdLog(t, db, clk, p, "UCAROL", tokyo, time.Time{}); s.HeldOn != "2026-11-04" {
		t.Fatalf("carol's session held on %s", s.HeldOn)
	}
	rdHeld(t, db, clk.Now(), rpAt, 2, "a meeting and another the next day")
}

// With no schedule: they meet at 23:00 on Tuesday in Berlin, 07:00 on
// Wednesday in Tokyo, and each logs it on their own day. One meeting.
func TestProgrammeReportCountsAnUnscheduledMeetingLoggedOnTwoDatesOnce(t *testing.T) {
	db, clk, p := rdPair(t)
	berlin, tokyo := rdLoc(t, "Europe/Berlin"), rdLoc(t, "Asia/Tokyo")
	clk.Set(time.Date(2026, 11, 3, 22, 30, 0, 0, time.UTC))
	rdLog(t, db, clk, p, "UALICE", berlin, time.Time{})
	clk.Advance(10 * time.Minute)
	rdLog(t, db, clk, p, "UCAROL", tokyo, time.Time{})
	rdHeld(t, db, clk.Now(), nil, 1, "both logged the meeting")
}

// With no schedule: alice logs a meeting at 11:00 on Tuesday in Berlin,
// before Wednesday began in Tokyo (16:00 in Berlin), so the meeting carol
// logs on her Wednesday is another one. Two meetings.
func TestProgrammeReportKeepsUnscheduledMeetingsOfConsecutiveDaysApart(t *testing.T) {
	db, clk, p := rdPair(t)
	berlin, tokyo := rdLoc(t, "Europe/Berlin"), rdLoc(t, "Asia/Tokyo")
	clk.Set(time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC))
	if s := rdLog(t, db, clk, p, "UALICE", berlin, time.Time{}); s.HeldOn != "2026-11-03" {
		t.Fatalf("alice's session held on %s", s.HeldOn)
	}
	clk.Set(time.Date(2026, 11, 4, 3, 0, 0, 0, time.UTC))
	if s := rdLog(t, db, clk, p, "UCAROL", tokyo, time.Time{}); s.HeldOn != "2026-11-04" {
		t.Fatalf("carol's session held on %s", s.HeldOn)
	}
	rdHeld(t, db, clk.Now(), nil, 2, "two meetings on consecutive days")
}

// Members in one zone, no schedule: bob logs their meeting at 23:30 on
// Tuesday, and his partner at 00:20 on Wednesday, just after midnight.
// One meeting; and a log of the next evening is another.
func TestProgrammeReportCountsAMeetingLoggedEitherSideOfMidnightOnce(t *testing.T) {
	db, clk, p := rdPair(t)
	rpExec(t, db, `UPDATE users SET tz = 'America/New_York'`)
	ny := rdLoc(t, "America/New_York")
	clk.Set(time.Date(2026, 11, 3, 23, 30, 0, 0, ny))
	rdLog(t, db, clk, p, "UALICE", ny, time.Time{})
	clk.Set(time.Date(2026, 11, 4, 0, 20, 0, 0, ny))
	if s := rdLog(t, db, clk, p, "UCAROL", ny, time.Time{}); s.HeldOn != "2026-11-04" {
		t.Fatalf("the second session held on %s", s.HeldOn)
	}
	rdHeld(t, db, clk.Now(), nil, 1, "both logged the meeting")
	// The same, but the second log the next evening: two.
	db, clk, p = rdPair(t)
	rpExec(t, db, `UPDATE users SET tz = 'America/New_York'`)
	clk.Set(time.Date(2026, 11, 3, 23, 30, 0, 0, ny))
	rdLog(t, db, clk, p, "UALICE", ny, time.Time{})
	clk.Set(time.Date(2026, 11, 4, 19, 0, 0, 0, ny))
	rdLog(t, db, clk, p, "UCAROL", ny, time.Time{})
	rdHeld(t, db, clk.Now(), nil, 2, "a meeting and another the next evening")
}

// Members in one zone meet at 22:00 on Tuesday: one logs it as that
// meeting at 23:00, the other, finding it taken, at 01:00 on Wednesday
// (as the bot reads a log after midnight, of the day before's meeting).
// One meeting.
func TestProgrammeReportCountsAScheduledMeetingLoggedAfterMidnightOnce(t *testing.T) {
	db, clk, p := rdPair(t)
	rpExec(t, db, `UPDATE users SET tz = 'America/New_York'`)
	ny := rdLoc(t, "America/New_York")
	m := time.Date(2026, 11, 3, 22, 0, 0, 0, ny)
	if _, err := db.SetSchedule(context.Background(), "UALICE", p.ID, fmt.Sprintf("at:%d", m.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Set(m.Add(time.Hour))
	rdLog(t, db, clk, p, "UALICE", ny, m)
	clk.Set(m.Add(3 * time.Hour))
	if s := rdLog(t, db, clk, p, "UCAROL", ny, time.Time{}); s.HeldOn != "2026-11-04" {
		t.Fatalf("the second session held on %s", s.HeldOn)
	}
	rdHeld(t, db, clk.Now(), rpAt, 1, "both logged the meeting")
}
