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

// rpAt is a stand-in for cadence in store tests: the rule "at:U1,U2,…"
// meets at those Unix times.
func rpAt(rule string, from, to time.Time) ([]time.Time, error) {
	s, ok := strings.CutPrefix(rule, "at:")
	if !ok {
		return nil, fmt.Errorf("bad rule %q", rule)
	}
	var out []time.Time
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, err
		}
		if t := time.Unix(n, 0).UTC(); !t.Before(from) && t.Before(to) {
			out = append(out, t)
		}
	}
	return out, nil
}

// rpQuiet is the report's quiet pairs at now, read with rpAt.
func rpQuiet(t *testing.T, db *store.DB, now time.Time) []store.QuietPair {
	t.Helper()
	rep, err := db.ProgrammeReport(context.Background(), now, rpAt, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep.QuietPairs
}

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
		rep, err := db.ProgrammeReport(ctx, clk.Now(), rpWeekly, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range rep.Windows {
			if w.Held != want || w.ActivePairs != 1 {
				t.Errorf("%s: last %d days: %d held by %d pairs, want %d by 1", when, w.Days, w.Held, w.ActivePairs, want)
			}
		}
		sum, err := db.ProgrammeSummary(ctx, clk.Now(), nil)
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

// The audit's finding: a pair whose meeting comes two hours after its 30
// days were up is not quiet (the scheduler does not nudge it, its meeting
// being in the nudge's week), nor one that resumed after a long pause,
// until 30 days from the resume. The report lists the pairs the nudge
// counts as quiet, and dates them as it does.
func TestProgrammeReportQuietPairsAsTheNudgeCounts(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	t0 := clk.Now()
	day := 24 * time.Hour
	pair := func(m, e string) store.Pair {
		t.Helper()
		p, err := db.CreatePair(ctx, "UADMIN", m, e)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	soon, later, paused, short := pair("UM1", "UE1"), pair("UM2", "UE2"), pair("UM3", "UE3"), pair("UM4", "UE4")
	// soon's first meeting is 30 days and two hours from now; later's
	// 30 days and 8 days, past the week in which the nudge would go.
	soonAt, laterAt := t0.Add(30*day+2*time.Hour), t0.Add(38*day)
	for _, s := range []struct {
		p  store.Pair
		by string
		at time.Time
	}{{soon, "UM1", soonAt}, {later, "UM2", laterAt}} {
		if _, err := db.SetSchedule(ctx, s.by, s.p.ID, fmt.Sprintf("at:%d,%d", s.at.Unix(), s.at.Add(28*day).Unix()), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	// paused pauses for 36 days; short for 5, its nudge due after.
	clk.Advance(day)
	if _, err := db.SetPaused(ctx, "UM3", paused.ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(19 * day) // t0+20d
	if _, err := db.SetPaused(ctx, "UM4", short.ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(5 * day) // t0+25d
	if _, err := db.SetPaused(ctx, "UM4", short.ID, false); err != nil {
		t.Fatal(err)
	}
	ids := func(qs []store.QuietPair) map[int64]time.Time {
		out := map[int64]time.Time{}
		for _, q := range qs {
			out[q.PairID] = q.QuietSince
		}
		return out
	}

	// 30 days and a minute in: soon's meeting is two hours off.
	got := ids(rpQuiet(t, db, t0.Add(30*day+time.Minute)))
	if _, ok := got[soon.ID]; ok {
		t.Errorf("a pair two hours before its meeting is quiet: %v", got)
	}
	if since, ok := got[later.ID]; !ok || !since.Equal(t0) {
		t.Errorf("a pair whose meeting is past the nudge's week: quiet since %v (listed %v), want since its schedule", since, ok)
	}
	if since, ok := got[short.ID]; !ok || !since.Equal(t0) {
		t.Errorf("a pair whose short pause ended before its nudge was due: quiet since %v (listed %v), want since its start", since, ok)
	}
	if _, ok := got[paused.ID]; ok {
		t.Errorf("a paused pair is quiet: %v", got)
	}
	// Skipped, soon's meeting no longer saves it.
	if err := db.SkipMeeting(ctx, "UE1", soon.ID, soonAt); err != nil {
		t.Fatal(err)
	}
	if got := ids(rpQuiet(t, db, t0.Add(30*day+time.Minute))); !got[soon.ID].Equal(t0) {
		t.Errorf("with its meeting skipped, the pair is not quiet since its schedule: %v", got)
	}

	// paused resumes 36 days after pausing: not quiet for 30 days more.
	clk.Set(t0.Add(37 * day))
	if _, err := db.SetPaused(ctx, "UM3", paused.ID, false); err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Duration{37*day + time.Hour, 40 * day, 66 * day} {
		if got := ids(rpQuiet(t, db, t0.Add(at))); !got[paused.ID].IsZero() {
			t.Errorf("%v after its resume, the pair is quiet since %v", at-37*day, got[paused.ID])
		}
	}
	if got := ids(rpQuiet(t, db, t0.Add(67*day+time.Minute))); !got[paused.ID].Equal(t0.Add(37 * day)) {
		t.Errorf("30 days after its resume, the pair is quiet since %v, want since the resume", got[paused.ID])
	}
	// A meeting that took place dates the quiet: later's, at t0+38d, and
	// its next at t0+66d is past; 30 days on from that, with none to
	// come, it is quiet since that one.
	if got := ids(rpQuiet(t, db, t0.Add(96*day+time.Minute))); !got[later.ID].Equal(laterAt.Add(28 * day)) {
		t.Errorf("quiet since %v, want since its last meeting %v", got[later.ID], laterAt.Add(28*day))
	}
}

// The audit's finding: three mentees and three mentors had rated, six
// people, and the report said their ratings waited for a group of five
// people. Each side fills its own group: six people's ratings, three on
// each side, count nowhere, and two more mentees count the mentees' side
// alone. (How many people each open group holds is not in the report: it
// would move by one person's answers.)
func TestProgrammeReportFillsEachSidesGroupApart(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	var pairs []store.Pair
	for i := range 5 {
		p, err := db.CreatePair(ctx, "UADMIN", fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i))
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, p)
	}
	for i := range 3 {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 4, clk.Now())
		rpRating(t, db, pairs[i], fmt.Sprintf("UM%d", i), fmt.Sprintf("UE%d", i), 3, clk.Now())
	}
	rpRating(t, db, pairs[0], "UE0", "UM0", 5, clk.Now()) // a second rating of one mentee's
	if _, _, err := db.GiveFeedback(ctx, "UE0", store.NewFeedback{PairID: pairs[0].ID, Kind: store.FeedbackFit, Fit: store.FitYes}); err != nil {
		t.Fatal(err)
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RatingsAll.N != 0 || rep.RatingsOfMentors.N != 0 || rep.RatingsOfMentees.N != 0 || rep.Fit.Total() != 0 {
		t.Errorf("six people's ratings, three on each side, are counted: %+v", rep)
	}
	// Two more mentees fill their side's group: it counts, and the
	// mentors' group still waits.
	for i := 3; i < 5; i++ {
		rpRating(t, db, pairs[i], fmt.Sprintf("UE%d", i), fmt.Sprintf("UM%d", i), 4, clk.Now())
	}
	if rep, err = db.ProgrammeReport(ctx, clk.Now(), nil, nil); err != nil {
		t.Fatal(err)
	}
	want := store.Rating{N: 6, People: 5, Average: 25.0 / 6}
	if rep.RatingsOfMentors != want || rep.RatingsAll != want || rep.RatingsOfMentees.N != 0 {
		t.Errorf("after two more mentees: mentees' figure %+v, mentors' %+v, all %+v; want the mentees' %+v alone",
			rep.RatingsOfMentors, rep.RatingsOfMentees, rep.RatingsAll, want)
	}
	// The Home's summary reads the same.
	sum, err := db.ProgrammeSummary(ctx, clk.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.RatingsAll != rep.RatingsAll || sum.RatingsOfMentees != rep.RatingsOfMentees || sum.Fit != rep.Fit {
		t.Errorf("summary: %+v, want the report's figures", sum)
	}
}
