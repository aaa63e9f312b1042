package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// startRound has dana start the programme round name, until the date
// until, and stops the test unless she is told it started.
func startRound(e *env, name, until string) {
	e.t.Helper()
	if got := e.cmd(dana, "/mentor", "cohort start "+name+" --until "+until); !strings.Contains(got, "Started the round *"+name+"*") {
		e.t.Fatalf("dana's /mentor cohort start %s: %q", name, got)
	}
}

// A round ends at least 7 days after the day it starts (a week later, on
// the same weekday), and one that would end sooner is refused with the
// earliest end date allowed, and nothing is started: too short for its
// pairs to meet, its end-date reminder would come days after its start.
// Six days after is refused, seven days after is the first date allowed.
func TestRoundOfUnderAWeekIsRefused(t *testing.T) {
	e := matchEnv(t)                                           // Mon 2 Nov 2026, 08:00 in dana's London
	for _, until := range []string{"tomorrow", "2026-11-08"} { // 1 and 6 days after today
		got := e.cmd(dana, "/mentor", "cohort start Quick --until "+until)
		if !strings.Contains(got, "ends at least 7 days after it starts") || !strings.Contains(got, "on or after Mon 9 Nov 2026") || strings.Contains(got, "Started") {
			t.Errorf("a round until %s = %q", until, got)
		}
		if c, err := e.app.DB.CurrentCohort(e.ctx); store.ErrorCode(err) != store.ENotFound {
			t.Fatalf("a round until %s was started: %+v, %v", until, c, err)
		}
	}
	// Exactly 7 days after today: the earliest end date the refusals name.
	if got := e.cmd(dana, "/mentor", "cohort start Quick --until 2026-11-09"); !strings.Contains(got, "Started the round *Quick*, from today, Mon 2 Nov 2026, until Mon 9 Nov 2026") {
		t.Errorf("a round of exactly seven days = %q", got)
	}
	// No end-date reminder was queued for the refused rounds (the one
	// until tomorrow would have come at 9:00 tomorrow); the round started
	// has its own on Mon 9 Nov.
	e.advance(24*time.Hour + 2*time.Hour) // Tue 3 Nov, 10:00
	if got := e.dms(dana, "reaches its end date"); len(got) != 0 {
		t.Errorf("dana reminded of a refused round: %q", got[0].Text)
	}
	matchNoFailures(e)
}

// While a round runs, starting another is refused for that first, whatever
// else is wrong with the new one (its end date, its name): that is what
// the admin has to deal with before anything else, and told only about
// the date, they would fix it to hear next that the round still runs.
func TestStartingWhileARoundRunsSaysSoFirst(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026, 08:00 in dana's London
	startRound(e, "Q1", "2027-03-31")
	// A new round with nothing else wrong hears only that Q1 runs.
	want := e.cmd(dana, "/mentor", "cohort start Q2 --until 2027-06-30")
	if !strings.Contains(want, "The round *Q1* is still running (until Wed 31 Mar 2027)") || !strings.Contains(want, "`/mentor cohort end`") {
		t.Fatalf("cohort start Q2 while Q1 runs = %q", want)
	}
	for _, args := range []string{
		"Q2 --until 2026-11-07", // 5 days out: too short
		"Q2 --until 2029-01-01", // over two years out
		"Q2 --until 2026-10-01", // passed
		"Q2 --until someday",    // not a date
		"q1 --until 2026-11-07", // the running round's own name, too short
	} {
		if got := e.cmd(dana, "/mentor", "cohort start "+args); got != want {
			t.Errorf("cohort start %s while Q1 runs = %q, want what a valid one hears: %q", args, got, want)
		}
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err != nil || c.Name != "Q1" {
		t.Fatalf("current round = %+v, %v; want Q1 alone", c, err)
	}
	matchNoFailures(e)
}

// A closed round's name is refused before the end date is looked at: a
// name and a date both wrong would otherwise take two tries to hear of.
func TestClosedRoundsNameIsRefusedBeforeTheDate(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	startRound(e, "Q1", "2027-03-31")
	if got := e.cmd(dana, "/mentor", "cohort end now"); !strings.Contains(got, "Closed the round *Q1*") {
		t.Fatalf("end now = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2026-11-05")
	if !strings.Contains(got, "There was a round called *Q1* already") || strings.Contains(got, "at least") || strings.Contains(got, "Started") {
		t.Errorf("cohort start under a closed round's name, too short = %q", got)
	}
	matchNoFailures(e)
}

// A round's end date more than two years off is refused, and nothing is
// started: most likely a typo, it would keep every pair in the round
// until then. Two years to the day is fine.
func TestRoundOfMoreThanTwoYearsIsRefused(t *testing.T) {
	e := matchEnv(t)
	got := e.cmd(dana, "/mentor", "cohort start Long --until 2035-01-01")
	if !strings.Contains(got, "at most 2 years") || !strings.Contains(got, "on or before Thu 2 Nov 2028") || strings.Contains(got, "Started") {
		t.Errorf("an 8-year round = %q", got)
	}
	if _, err := e.app.DB.CurrentCohort(e.ctx); err == nil {
		t.Fatal("the 8-year round was started")
	}
	if got := e.cmd(dana, "/mentor", "cohort start Long --until 2028-11-02"); !strings.Contains(got, "Started the round *Long*") {
		t.Errorf("a round of two years to the day = %q", got)
	}
}

// A round's dates are read where it was started: started in Los Angeles
// and ending on Friday, it runs all of that Friday there, not until
// 16:00 (midnight UTC). A pair made that afternoon joins it.
func TestRoundEndsAtMidnightWhereItWasStarted(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(erin, "/mentor", "cohort start West --until 2026-11-20"); !strings.Contains(got, "Started the round *West*") {
		t.Fatalf("start = %q", got)
	}
	e.clock.Set(utc(2026, 11, 21, 0, 30)) // Fri 20 Nov, 16:30 in Los Angeles
	e.settle()
	if got := e.cmd(erin, "/mentor", "cohort"); strings.Contains(got, "has passed") {
		t.Errorf("/mentor cohort on the last day, in the afternoon where it was started = %q", got)
	}
	matchFrankAndGrace(e)
	if p := e.matchPairs()[0]; p.CohortID == 0 {
		t.Errorf("a pair made on the round's last day did not join it")
	}
	e.clock.Set(utc(2026, 11, 21, 8, 30)) // Sat 21 Nov, 00:30 in Los Angeles
	e.settle()
	if got := e.cmd(erin, "/mentor", "cohort"); !strings.Contains(got, "Its end date has passed") {
		t.Errorf("/mentor cohort the day after = %q", got)
	}
}

// roundShows is what an admin reads of the running round.
func roundShows(e *env) string {
	e.t.Helper()
	return e.cmd(dana, "/mentor", "cohort")
}

// A round started by an admin with no zone in Slack reads its dates in
// the programme's default zone, as its start did: its last day lasts
// until midnight there. Read in UTC, a round ending on Tuesday in Los
// Angeles was over, and stopped taking pairs, from Tuesday 16:00.
func TestRoundOfAnAdminWithoutAZoneUsesTheDefaultZone(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_DEFAULT_TZ", "America/Los_Angeles"))
	e.sim.AddUser(slacksim.User{ID: dana, Name: "dana", RealName: "Dana Diaz"})
	startRound(e, "Short", "2026-11-10")
	// Wednesday 05:00 UTC: Tuesday 21:00 in Los Angeles, the round's last
	// day still.
	e.advance(time.Date(2026, 11, 11, 5, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	if got := roundShows(e); strings.Contains(got, "end date has passed") {
		t.Errorf("on its last day in Los Angeles the round reads %q", got)
	}
	e.advance(4 * time.Hour) // Wednesday 01:00 in Los Angeles
	if got := roundShows(e); !strings.Contains(got, "end date has passed") {
		t.Errorf("the day after its end the round reads %q", got)
	}
}

// A round keeps the zone it was started in: its admin moving to
// Auckland does not end it half a day early.
func TestRoundKeepsItsZoneWhenItsAdminMoves(t *testing.T) {
	e := newEnv(t)
	startRound(e, "Short", "2026-11-10")
	u, _ := e.sim.User(dana)
	u.TZ = "Pacific/Auckland"
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	e.waitUser(dana, "a zone of Pacific/Auckland", func(p store.User) bool { return p.TZ == "Pacific/Auckland" })
	// Tuesday 12:00 in London, where it started; Wednesday 01:00 in
	// Auckland.
	e.advance(time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	if got := roundShows(e); strings.Contains(got, "end date has passed") {
		t.Errorf("on its last day in London the round reads %q", got)
	}
}

// A round closed early, with no pairs, keeps its name: a round's name is
// its own for good. Starting another under that name says so, when the
// closed round started and why, rather than only to pick another name,
// which read as if a round of that name were still about; nothing is
// started. Another name starts at once.
func TestClosedRoundsNameIsExplainedWhenReused(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Q1", "2027-03-31")
	if got := e.cmd(dana, "/mentor", "cohort end now"); !strings.Contains(got, "Closed the round *Q1*. It had no active pairs.") {
		t.Fatalf("end now = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort start q1 --until 2027-04-30")
	for _, want := range []string{"There was a round called *Q1* already", "started on Mon 2 Nov 2026, it has closed", "keeps its name", "pick another name"} {
		if !strings.Contains(got, want) {
			t.Errorf("start under a closed round's name lacks %q: %q", want, got)
		}
	}
	if strings.Contains(got, "Started") || strings.Contains(got, "still running") {
		t.Errorf("start under a closed round's name = %q", got)
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err == nil {
		t.Fatalf("a round was started: %+v", c)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Q1 2027 --until 2027-04-30"); !strings.Contains(got, "Started the round *Q1 2027*") {
		t.Errorf("start under another name = %q", got)
	}
	matchNoFailures(e)
}

// A round's name that can never be taken (a formatting character in it,
// or too long) is refused before the end date is looked at: told only
// that the date is too early, the admin would fix it to hear next that
// the name won't do. The answer is the same whatever the date, and
// nothing is started.
func TestBadRoundNameIsRefusedBeforeTheDate(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	long := strings.Repeat("x", 90)
	for _, tc := range []struct{ name, want string }{
		{"Spring*27", "A round's name can't contain `*`"},
		{long, "That name is 90 characters long; the limit is 80."},
	} {
		want := e.cmd(dana, "/mentor", "cohort start "+tc.name+" --until 2027-06-30")
		if !strings.Contains(want, tc.want) || strings.Contains(want, "Started") {
			t.Fatalf("cohort start %.12s… with a valid date = %q", tc.name, want)
		}
		for _, until := range []string{"tomorrow", "2029-01-01", "2026-10-01", "someday"} {
			if got := e.cmd(dana, "/mentor", "cohort start "+tc.name+" --until "+until); got != want {
				t.Errorf("cohort start %.12s… --until %s = %q, want what a valid date hears: %q", tc.name, until, got, want)
			}
		}
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); store.ErrorCode(err) != store.ENotFound {
		t.Fatalf("a refused round was started: %+v, %v", c, err)
	}
	// Nothing of the refused names was kept: a good name starts at once.
	if got := e.cmd(dana, "/mentor", "cohort start Spring 27 --until 2027-06-30"); !strings.Contains(got, "Started the round *Spring 27*") {
		t.Errorf("start under a good name = %q", got)
	}
	matchNoFailures(e)
}

// The refusal of a start while a round runs names that round without the
// bidirectional controls typed in its name, as the refusal of a closed
// round's name does: one left open would turn the rest of the sentence
// around. It still comes first, before a bad name or date.
func TestRunningRoundsNameIsShownNeutral(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026
	if got := e.cmd(dana, "/mentor", "cohort start Q1 \u202eRTL --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1 \ufffdRTL*") {
		t.Fatalf("start = %q", got)
	}
	// Every message that names the round shows the control as such: the
	// name reaches every pair of the round.
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "The current round is *Q1 \ufffdRTL*") {
		t.Errorf("/mentor cohort = %q", got)
	}
	for _, args := range []string{"Q2 --until 2027-06-30", "Q2*x --until tomorrow"} {
		got := e.cmd(dana, "/mentor", "cohort start "+args)
		if !strings.Contains(got, "The round *Q1 \ufffdRTL* is still running (until Wed 31 Mar 2027)") {
			t.Errorf("cohort start %s while Q1 runs = %q", args, got)
		}
		if i := strings.IndexAny(got, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"); i >= 0 {
			t.Errorf("cohort start %s: the refusal echoes %U: %q", args, []rune(got[i:])[0], got)
		}
	}
	matchNoFailures(e)
}
