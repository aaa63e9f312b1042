package store_test

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// rpWeekly is a stand-in for cadence in store tests: the rule
// "weekly:UNIX" meets every 7 days from UNIX.
func rpWeekly(rule string, from, to time.Time) ([]time.Time, error) {
	s, ok := strings.CutPrefix(rule, "weekly:")
	if !ok {
		return nil, fmt.Errorf("bad rule %q", rule)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for t := time.Unix(n, 0).UTC(); t.Before(to); t = t.Add(7 * 24 * time.Hour) {
		if !t.Before(from) {
			out = append(out, t)
		}
	}
	return out, nil
}

func rpExec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecForTest(context.Background(), query, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func rpRating(t *testing.T, db *store.DB, p store.Pair, from, to string, rating int, at time.Time) {
	t.Helper()
	f, _, err := db.GiveFeedback(context.Background(), from, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: rating, Text: "secret comment"})
	if err != nil || f.ToID != to {
		t.Fatalf("give feedback: %+v, %v", f, err)
	}
}

// rpWeeklyPair opens a database with one pair meeting weekly from a day
// after the clock's start ("weekly:UNIX").
func rpWeeklyPair(t *testing.T) (*store.DB, *clock.Fake, store.Pair) {
	t.Helper()
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM1", "UE1")
	if err != nil {
		t.Fatal(err)
	}
	first := clk.Now().Add(24 * time.Hour)
	if _, err := db.SetSchedule(ctx, "UM1", p.ID, fmt.Sprintf("weekly:%d", first.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	return db, clk, p
}

// rpMissed is the report's missed meetings of the last 30 days at now.
func rpMissed(t *testing.T, db *store.DB, now time.Time) int {
	t.Helper()
	rep, err := db.ProgrammeReport(context.Background(), now, rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Windows[0].Missed
}

func TestProgrammeReportCounts(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	t0 := clk.Now()
	day := 24 * time.Hour
	pair := func(m, e string) store.Pair {
		p, err := db.CreatePair(ctx, "UADMIN", m, e)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p1, p2, p3, p4, p5 := pair("UM1", "UE1"), pair("UM2", "UE2"), pair("UM3", "UE3"), pair("UM4", "UE4"), pair("UM5", "UE5")

	// p1 meets weekly from t0+1d; the second meeting is skipped ahead of time.
	first := t0.Add(day)
	if _, err := db.SetSchedule(ctx, "UM1", p1.ID, fmt.Sprintf("weekly:%d", first.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := db.SkipMeeting(ctx, "UE1", p1.ID, first.Add(7*day)); err != nil {
		t.Fatal(err)
	}
	// The mentee of p1 sets three goals: one done, one dropped, one open.
	var goals []store.Goal
	for _, text := range []string{"Ship the thing", "Learn Rust", "Give a talk"} {
		g, err := db.AddGoal(ctx, "UE1", store.GoalInput{Text: text, DueOn: "2026-11-20"})
		if err != nil {
			t.Fatal(err)
		}
		goals = append(goals, g)
	}
	if _, err := db.CloseGoal(ctx, "UE1", goals[0].ID, store.GoalDone); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseGoal(ctx, "UE1", goals[1].ID, store.GoalDropped); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPair(ctx, "UM3", p3.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPaused(ctx, "UM4", p4.ID, true); err != nil {
		t.Fatal(err)
	}

	clk.Advance(5 * day)
	if _, err := db.LogSession(ctx, "UE2", store.NewSession{PairID: p2.ID, HeldOn: clk.Now().Format(time.DateOnly), Notes: "private notes"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(10 * day) // t0+15d
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p1.ID, HeldOn: first.Format(time.DateOnly), MeetingAt: first, Notes: "first meeting"}); err != nil {
		t.Fatal(err)
	}
	// The mentor logs the same meeting too: two sessions, one meeting held.
	if _, err := db.LogSession(ctx, "UM1", store.NewSession{PairID: p1.ID, HeldOn: first.Format(time.DateOnly), MeetingAt: first, Notes: "my notes of it"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(25 * day) // t0+40d
	now := clk.Now()
	if _, err := db.Snooze(ctx, "UE5", p5.ID, now.Add(10*day)); err != nil {
		t.Fatal(err)
	}
	rpExec(t, db, `UPDATE users SET nudges_stopped_at = ? WHERE user_id = 'UE2'`, now.Unix())
	for i := 0; i < 4; i++ {
		rpRating(t, db, p1, "UE1", "UM1", 4, now)
	}
	rpRating(t, db, p1, "UM1", "UE1", 5, now) // five ratings in all, four from mentees

	rep, err := db.ProgrammeReport(ctx, now, rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.PairsActive != 3 || rep.PairsPaused != 1 || rep.PairsSnoozed != 1 || rep.PairsEnded != 1 || rep.PairsScheduled != 1 {
		t.Errorf("pairs active/paused/snoozed/ended/scheduled = %d/%d/%d/%d/%d, want 3/1/1/1/1",
			rep.PairsActive, rep.PairsPaused, rep.PairsSnoozed, rep.PairsEnded, rep.PairsScheduled)
	}
	if rep.SessionsLogged != 3 {
		t.Errorf("sessions logged = %d, want 3", rep.SessionsLogged)
	}
	if rep.GoalsSet != 3 || rep.GoalsDone != 1 || rep.GoalsDropped != 1 || rep.GoalsOpen != 1 || rep.GoalsOverdue != 1 {
		t.Errorf("goals set/done/dropped/open/overdue = %d/%d/%d/%d/%d, want 3/1/1/1/1",
			rep.GoalsSet, rep.GoalsDone, rep.GoalsDropped, rep.GoalsOpen, rep.GoalsOverdue)
	}
	if len(rep.Windows) != 2 {
		t.Fatalf("windows = %+v", rep.Windows)
	}
	// Last 30 days (from t0+10d): meetings at 15, 22, 29 and 36 days were
	// neither logged nor skipped; nothing was held; no goals moved.
	w30 := rep.Windows[0]
	if w30.Days != 30 || w30.Held != 0 || w30.Skipped != 0 || w30.Missed != 4 || w30.GoalsSet != 0 || w30.GoalsDone != 0 {
		t.Errorf("30-day window = %+v, want held 0, skipped 0, missed 4, no goals", w30)
	}
	// Last 90 days: the first meeting was held (logged), the second
	// skipped, four missed; p2's session counts as held too.
	w90 := rep.Windows[1]
	if w90.Days != 90 || w90.Held != 2 || w90.Skipped != 1 || w90.Missed != 4 || w90.GoalsSet != 3 || w90.GoalsDone != 1 || w90.ActivePairs != 2 {
		t.Errorf("90-day window = %+v, want held 2, skipped 1, missed 4, goals 3 set 1 done, 2 active pairs", w90)
	}
	// Feedback: five ratings, but from two people only (four from one
	// mentee): too few people for any figure.
	if rep.RatingsAll.N != 0 {
		t.Errorf("overall ratings = %+v, want 5 answers from 2 people held back", rep.RatingsAll)
	}
	if rep.RatingsOfMentors.N != 0 || rep.RatingsOfMentees.N != 0 {
		t.Errorf("split ratings shown with fewer than 5 people: mentors %+v, mentees %+v", rep.RatingsOfMentors, rep.RatingsOfMentees)
	}
	if rep.NudgesStopped != 1 {
		t.Errorf("nudges stopped = %d, want 1 (UE2's)", rep.NudgesStopped)
	}
	// p5 never did anything (and is snoozed now); p2 has not met for 35
	// days. p1 had meetings scheduled, p4 is paused, p3 ended.
	if len(rep.QuietPairs) != 2 || rep.QuietPairs[0].PairID != p5.ID || rep.QuietPairs[1].PairID != p2.ID {
		t.Fatalf("quiet pairs = %+v, want pairs %d and %d", rep.QuietPairs, p5.ID, p2.ID)
	}
	if q := rep.QuietPairs[0]; !q.Snoozed || !q.QuietSince.Equal(t0) || q.MentorID != "UM5" {
		t.Errorf("quiet pair 5 = %+v", q)
	}
	if q := rep.QuietPairs[1]; q.Snoozed || !q.QuietSince.Equal(t0.Add(5*day)) {
		t.Errorf("quiet pair 2 = %+v, want quiet since its session", q)
	}
	// A scheduled meeting in the last 30 days makes a pair not quiet, logged
	// or not: p1's weekly meetings go on.
	rep, err = db.ProgrammeReport(ctx, first.Add(35*day+31*day), rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range rep.QuietPairs {
		if q.PairID == p1.ID {
			t.Errorf("p1 is quiet while its weekly meetings go on: %+v", q)
		}
	}

	// A fifth rating from the same mentee still shows nothing of theirs
	// (TestProgrammeReportCountsPeopleNotAnswers covers the rest).
	rpRating(t, db, p1, "UE1", "UM1", 2, now)
	rep, err = db.ProgrammeReport(ctx, now, rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RatingsOfMentors.N != 0 || rep.RatingsOfMentees.N != 0 || rep.RatingsAll.N != 0 {
		t.Errorf("one mentee's five ratings shown: of mentors %+v, of mentees %+v, all %+v", rep.RatingsOfMentors, rep.RatingsOfMentees, rep.RatingsAll)
	}
	// Without a way to read rules, meetings are not counted as missed.
	rep, err = db.ProgrammeReport(ctx, now, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Windows[0].Missed != 0 {
		t.Errorf("missed without occurrences = %d", rep.Windows[0].Missed)
	}
}

func TestProgrammeReportEmpty(t *testing.T) {
	db, clk := MustOpen(t)
	rep, err := db.ProgrammeReport(context.Background(), clk.Now(), rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.PairsActive+rep.PairsEnded+rep.SessionsLogged+rep.GoalsSet+len(rep.QuietPairs) != 0 || rep.RatingsAll.N != 0 || len(rep.Windows) != 2 {
		t.Errorf("empty programme report = %+v", rep)
	}
}

// Meetings that fell in a pause are not missed, after the pair resumed
// too; those before a pause stay missed while the pair is paused.
func TestProgrammeReportMissedAroundPauses(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	missed := func() int { return rpMissed(t, db, clk.Now()) }
	clk.Advance(9 * day) // meetings at +1d and +8d, neither logged
	if _, err := db.SetPaused(ctx, "UE1", p.ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(14 * day) // +15d and +22d fall in the pause
	if n := missed(); n != 2 {
		t.Errorf("while paused: missed %d, want the 2 before the pause", n)
	}
	if _, err := db.SetPaused(ctx, "UE1", p.ID, false); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * day) // +24d: nothing new is due
	if n := missed(); n != 2 {
		t.Errorf("after resuming: missed %d, want still 2", n)
	}
	clk.Advance(5 * day) // +29d: the meeting at +29d is over
	if n := missed(); n != 3 {
		t.Errorf("a week after resuming: missed %d, want 3", n)
	}
}

// A new schedule does not wipe the missed meetings of the one it replaced.
func TestProgrammeReportKeepsAReplacedSchedulesMissedMeetings(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	clk.Advance(10 * day) // meetings at +1d and +8d, neither logged
	next := clk.Now().Add(2 * day)
	if _, err := db.SetSchedule(ctx, "UM1", p.ID, fmt.Sprintf("weekly:%d", next.Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * day) // the new schedule's first meeting, at +12d, is over too
	if n := rpMissed(t, db, clk.Now()); n != 3 {
		t.Errorf("missed %d, want 3: two of the replaced schedule, one of the new", n)
	}
	// The old schedule's meeting after it was replaced (+15d) does not
	// count; the new one's at +19d does.
	clk.Advance(7 * day)
	if n := rpMissed(t, db, clk.Now()); n != 4 {
		t.Errorf("missed %d, want 4: two of the replaced schedule, two of the new", n)
	}
}

// A moved meeting counts at its new time: missed there if not logged, not
// at the time it moved from, and not as a skip.
func TestProgrammeReportCountsAMovedMeetingAtItsNewTime(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	first := clk.Now().Add(day)
	sc, _, _ := db.Schedule(ctx, p.ID)
	setAt := sc.SetAt
	// The first meeting moves a day and a half later, past the window's
	// end at first; the second moves off the schedule's weekday.
	if err := db.MoveMeeting(ctx, "UE1", p.ID, setAt, first, first, first.Add(36*time.Hour)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * day) // the moved one (+2.5d) is over
	rep, err := db.ProgrammeReport(ctx, clk.Now(), rpWeekly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := rep.Windows[0]; w.Missed != 1 || w.Skipped != 0 {
		t.Errorf("after a moved meeting unlogged: missed %d skipped %d, want 1 and 0", w.Missed, w.Skipped)
	}
	// Logged on its new day, it is held, not missed.
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: first.Add(36 * time.Hour).UTC().Format(time.DateOnly), Notes: "x"}); err != nil {
		t.Fatal(err)
	}
	if n := rpMissed(t, db, clk.Now()); n != 0 {
		t.Errorf("a moved meeting logged on its day: missed %d, want 0", n)
	}
	// A move to a time taken already is the caller's to refuse; one of a
	// skipped meeting is refused here.
	second := first.Add(7 * day)
	if err := db.SkipMeeting(ctx, "UM1", p.ID, second); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "move a skipped meeting", db.MoveMeeting(ctx, "UE1", p.ID, setAt, second, second, second.Add(time.Hour)), store.EConflict)
	wantCode(t, "move into the past", db.MoveMeeting(ctx, "UE1", p.ID, setAt, second.Add(7*day), second.Add(7*day), clk.Now().Add(-time.Hour)), store.EInvalid)
	wantCode(t, "move from a schedule set anew since", db.MoveMeeting(ctx, "UE1", p.ID, setAt.Add(-time.Hour), second.Add(7*day), second.Add(7*day), second.Add(8*day)), store.EConflict)
	wantCode(t, "move from a time it has just left", db.MoveMeeting(ctx, "UE1", p.ID, setAt, second.Add(7*day), second.Add(8*day), second.Add(9*day)), store.EConflict)
	wantCode(t, "move as a stranger", db.MoveMeeting(ctx, "USTRANGER", p.ID, setAt, second.Add(7*day), second.Add(7*day), second.Add(8*day)), store.ENotFound)
}

// A meeting moved and held under a schedule that was replaced afterwards
// still counts, at its new time, among the meetings the pair had.
func TestProgrammeReportKeepsAMovedMeetingOfAReplacedSchedule(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	first := clk.Now().Add(day)
	sc, _, _ := db.Schedule(ctx, p.ID)
	// Moved off the schedule's weekday, to a day and a half later.
	if err := db.MoveMeeting(ctx, "UE1", p.ID, sc.SetAt, first, first, first.Add(36*time.Hour)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * day) // the moved one is over, unlogged; the next is days away
	if n := rpMissed(t, db, clk.Now()); n != 1 {
		t.Fatalf("before the new schedule: missed %d, want 1", n)
	}
	if _, err := db.SetSchedule(ctx, "UM1", p.ID, fmt.Sprintf("weekly:%d", clk.Now().Add(10*day).Unix()), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if n := rpMissed(t, db, clk.Now()); n != 1 {
		t.Errorf("after the schedule was replaced: missed %d, want the moved meeting still counted (1)", n)
	}
	// Logged on its new day, it is held under the replaced schedule too.
	if _, err := db.LogSession(ctx, "UE1", store.NewSession{PairID: p.ID, HeldOn: first.Add(36 * time.Hour).UTC().Format(time.DateOnly), Notes: "x"}); err != nil {
		t.Fatal(err)
	}
	if n := rpMissed(t, db, clk.Now()); n != 0 {
		t.Errorf("the moved meeting logged: missed %d, want 0", n)
	}
}

// A new length for the same meetings keeps their moves: a meeting moved
// past the change counts under the schedule that follows it.
func TestProgrammeReportKeepsAMoveAcrossANewLength(t *testing.T) {
	ctx := context.Background()
	db, clk, p := rpWeeklyPair(t)
	day := 24 * time.Hour
	first := clk.Now().Add(day)
	sc, _, _ := db.Schedule(ctx, p.ID)
	if err := db.MoveMeeting(ctx, "UE1", p.ID, sc.SetAt, first, first, first.Add(3*day)); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * day)
	if _, err := db.SetSchedule(ctx, "UM1", p.ID, sc.Rule, 45*time.Minute); err != nil {
		t.Fatal(err)
	}
	clk.Advance(3 * day) // the moved meeting (day 4) is over, unlogged
	if n := rpMissed(t, db, clk.Now()); n != 1 {
		t.Errorf("missed %d, want the moved meeting (1)", n)
	}
}

// A session logged in Tokyo in the early morning is held on a day that
// has not begun in UTC. It is one of the sessions logged, and the
// report's windows count it as held, and its pair as one that met, at
// once, not once UTC reaches that day.
func TestProgrammeReportCountsASessionHeldAheadOfUTC(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	clk.Advance(9 * time.Hour) // 18:00 UTC: 03:00 the next day in Tokyo
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	held := clk.Now().In(tokyo).Format(time.DateOnly)
	if held == clk.Now().UTC().Format(time.DateOnly) {
		t.Fatalf("the test needs a day ahead of UTC, got %s", held)
	}
	if _, err := db.LogSession(ctx, "UE", store.NewSession{PairID: p.ID, HeldOn: held, Notes: "x"}); err != nil {
		t.Fatal(err)
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SessionsLogged != 1 {
		t.Fatalf("sessions logged = %d, want 1", rep.SessionsLogged)
	}
	for _, w := range rep.Windows {
		if w.Held != 1 || w.ActivePairs != 1 {
			t.Errorf("last %d days: %d held by %d pairs, want 1 by 1", w.Days, w.Held, w.ActivePairs)
		}
	}
}

// A meeting off the schedule that both members log for the same day was
// held once; the sessions logged stay two, and a log of another day is
// another meeting.
func TestProgrammeReportCountsAMeetingBothLoggedOnce(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	today := clk.Now().UTC().Format(time.DateOnly)
	yesterday := clk.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	for _, s := range []struct{ who, day string }{{"UE", today}, {"UM", today}, {"UM", yesterday}} {
		if _, err := db.LogSession(ctx, s.who, store.NewSession{PairID: p.ID, HeldOn: s.day, Notes: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SessionsLogged != 3 {
		t.Errorf("sessions logged = %d, want 3", rep.SessionsLogged)
	}
	for _, w := range rep.Windows {
		if w.Held != 2 {
			t.Errorf("last %d days: %d meetings held, want 2", w.Days, w.Held)
		}
	}
}

// The report's feedback figures need MinFeedbackAnswers different people
// behind them: one person answering many prompts is still one person.
func TestProgrammeReportCountsPeopleNotAnswers(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	pairs := make([]store.Pair, 6)
	for i := range pairs {
		p, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i))
		if err != nil {
			t.Fatal(err)
		}
		pairs[i] = p
	}
	report := func() store.Report {
		t.Helper()
		rep, err := db.ProgrammeReport(ctx, now, rpWeekly, nil)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	fit := func(p store.Pair, from, answer string) {
		t.Helper()
		if _, _, err := db.GiveFeedback(ctx, from, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: answer}); err != nil {
			t.Fatal(err)
		}
	}

	// One mentee answers five prompts: none of their ratings shows.
	for i := 0; i < 5; i++ {
		rpRating(t, db, pairs[0], "UE0", "UM0", 2, now)
	}
	rep := report()
	if rep.RatingsOfMentors.N != 0 || rep.RatingsAll.N != 0 {
		t.Errorf("one mentee's five ratings: of mentors %+v, all %+v; want nothing shown", rep.RatingsOfMentors, rep.RatingsAll)
	}

	// Four more mentees: five people and nine answers, a closed batch,
	// shown with how many people gave them. No mentor rated, so the
	// overall figure is the mentees'.
	for i := 1; i < 5; i++ {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 4, now)
	}
	rep = report()
	if r := rep.RatingsOfMentors; r.N != 9 || r.People != 5 || math.Abs(r.Average-26.0/9) > 1e-9 {
		t.Errorf("of mentors = %+v, want 9 answers from 5 people", r)
	}
	if r := rep.RatingsAll; r.N != 9 || r.People != 5 {
		t.Errorf("all = %+v, want 9 answers from 5 people", r)
	}

	// One mentor rates five times: their side counts nothing yet, and
	// neither does the overall figure, which would give it away.
	for i := 0; i < 5; i++ {
		rpRating(t, db, pairs[0], "UM0", "UE0", 1, now)
	}
	rep = report()
	if rep.RatingsOfMentees.N != 0 || rep.RatingsAll.N != 9 || rep.RatingsOfMentors.People != 5 {
		t.Errorf("one mentor's five ratings: of mentees %+v, all %+v, of mentors %+v; want them counted nowhere",
			rep.RatingsOfMentees, rep.RatingsAll, rep.RatingsOfMentors)
	}

	// Good fit: five answers from two people are held back whole, a lone
	// "no" included. (One answer per pair: UE1 answers in four pairs.)
	fit(pairs[5], "UE5", store.FitNo)
	fit(pairs[1], "UE1", store.FitYes)
	for i := 0; i < 3; i++ {
		p, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UMY%d", i), "UE1")
		if err != nil {
			t.Fatal(err)
		}
		fit(p, "UE1", store.FitYes)
	}
	rep = report()
	if rep.Fit.Total() != 0 {
		t.Errorf("fit answers shown from %d people: %+v", rep.Fit.People, rep.Fit)
	}
	// Three more people make five: the breakdown shows.
	for i := 2; i < 5; i++ {
		fit(pairs[i], fmt.Sprintf("UM%d", i), store.FitUnsure)
	}
	rep = report()
	if f := rep.Fit; f.Yes != 4 || f.Unsure != 3 || f.No != 1 || f.People != 5 {
		t.Errorf("fit = %+v, want 4 yes, 3 unsure, 1 no from 5 people", f)
	}
}
