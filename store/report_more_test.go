package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The audit's finding: alice logs the meeting she and bob had (her
// session is that meeting's); bob logs it too, later the same day, and
// as the meeting is taken his session has none. One meeting was held,
// not two, in every window; a session of another day is another.
func TestProgrammeReportCountsAMeetingLoggedWithAndWithoutItOnce(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	first := clk.Now().Add(24 * time.Hour)
	day := first.UTC().Format(time.DateOnly)
	clk.Advance(40 * time.Hour)
	if _, err := db.LogSession(ctx, "UM1", store.NewSession{PairID: p.ID, HeldOn: day, MeetingAt: first, Notes: "we met"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: day, Notes: "we met, my notes"}); err != nil {
		t.Fatal(err)
	}
	held := func(want int, when string) {
		t.Helper()
		rep, err := db.ProgrammeReport(ctx, clk.Now(), rpWeekly)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range rep.Windows {
			if w.Held != want || w.ActivePairs != 1 {
				t.Errorf("%s: last %d days: %d held by %d pairs, want %d by 1", when, w.Days, w.Held, w.ActivePairs, want)
			}
		}
		sum, err := db.ProgrammeSummary(ctx, clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if w := sum.Windows[0]; w.Held != want {
			t.Errorf("%s: the Home's summary: %d held in the last %d days, want %d", when, w.Held, w.Days, want)
		}
	}
	held(1, "both logged the meeting")
	// The mentee logs a meeting of the next day off the schedule: two.
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: first.AddDate(0, 0, 1).UTC().Format(time.DateOnly), Notes: "again"}); err != nil {
		t.Fatal(err)
	}
	held(2, "and a meeting the next day")
}
