package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// cohortAsk runs `/mentor cohort end` as dana and, when it asks first
// whether to ask the pairs before the round's end date, confirms; it
// returns what dana reads at the end.
func cohortAsk(e *env) string {
	e.t.Helper()
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end")
	if res.Message == nil {
		return ackText(e.t, res)
	}
	if !strings.Contains(string(res.Message.Blocks), actionCohortAskID) {
		return res.Message.Text + "\n" + blockText(res.Message.Blocks)
	}
	e.matchClick(dana, *res.Message, actionCohortAskID)
	cur := matchCurrent(e, *res.Message)
	return cur.Text + "\n" + blockText(cur.Blocks)
}

// actionCohortAskID is the button that confirms asking a round's pairs
// before its end date.
const actionCohortAskID = "cohort_ask"

// cohortPair starts the round Winter (until Sun 28 Feb 2027) and makes
// frank and grace a pair in it through matching.
func cohortPair(e *env) {
	e.t.Helper()
	if got := e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		e.t.Fatalf("start = %q", got)
	}
	matchFrankAndGrace(e)
	if p := e.matchPairs()[0]; p.CohortID == 0 {
		e.t.Fatalf("the pair %+v is not in the round", p)
	}
}

// closingDM is user's closing question as it reads now.
func closingDM(e *env, user string) slacksim.Message {
	e.t.Helper()
	return matchCurrent(e, e.waitDM(user, "is closing"))
}

// When both chose to continue and one then changes their mind, the
// other's question no longer says that the pair carries on: it did, and
// they learnt otherwise only when the round closed and ended their pair.
func TestMatchFixClosingBothContinueThenOneEnds(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	e.matchClick(grace, e.waitDM(grace, "is closing"), "cohort_continue")
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.eventually("grace told that both chose to continue", func() bool {
		return contains(closingDM(e, grace), "You both chose to continue")
	})

	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_end")
	e.eventually("grace's question redrawn", func() bool {
		return !contains(closingDM(e, grace), "You both chose to continue")
	})
	if m := closingDM(e, grace); !contains(m, "You chose to continue") || !contains(m, "only if <@UFRANK> chooses to continue too") ||
		!strings.Contains(string(m.Blocks), "cohort_continue") {
		t.Errorf("grace's question after frank chose to end = %q", blockText(m.Blocks))
	}
	if m := closingDM(e, frank); !contains(m, "You chose to end") {
		t.Errorf("frank's question = %q", blockText(m.Blocks))
	}

	// And back: both continue again, and grace reads it.
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.eventually("grace told again that both chose to continue", func() bool {
		return contains(closingDM(e, grace), "You both chose to continue")
	})
	matchNoFailures(e)
}

// `/mentor cohort end` months before the round's end date asks the admin
// first: the question goes to every pair at once, can't be taken back,
// and from then on new pairs don't join the round. Once asked, matching
// says so, as the round's start promised that pairs made from matching
// belong to it.
func TestMatchFixCohortEndBeforeTheEndDateAsksFirst(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end")
	if res.Message == nil || !contains(*res.Message, "runs until Sun 28 Feb 2027, 118 days from now") ||
		!strings.Contains(string(res.Message.Blocks), actionCohortAskID) || !contains(*res.Message, "Ask the pair now") {
		t.Fatalf("cohort end before the end date = %+v", res.Message)
	}
	e.settle()
	if got := e.dms(frank, "is closing"); len(got) != 0 {
		t.Fatalf("frank asked before dana confirmed: %q", got[0].Text)
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err != nil || c.Asked {
		t.Fatalf("round before the confirmation = %+v, %v; want not asked", c, err)
	}
	e.matchClick(dana, *res.Message, actionCohortAskID)
	if m := matchCurrent(e, *res.Message); !contains(m, "I've asked the pair of *Winter*") || strings.Contains(string(m.Blocks), actionCohortAskID) {
		t.Errorf("after the confirmation = %q", blockText(m.Blocks))
	}
	for _, u := range []string{frank, grace} {
		e.waitDM(u, "(until Sun 28 Feb 2027) is closing")
	}

	// New people signed up now are matched outside the round, and the
	// admin reads why.
	matchJoin(e, alice, signup{role: "mentor", other: "Rust"})
	matchJoin(e, bob, signup{role: "mentee", other: "Rust"})
	msg, text := matchRun(e)
	if !strings.Contains(blockText(msg.Blocks), "*Winter* is closing") || !strings.Contains(blockText(msg.Blocks), "pairs made now don't join it") {
		t.Errorf("review while the round closes = %q %q", text, blockText(msg.Blocks))
	}
	e.matchClick(dana, msg, "match_publish")
	if m := matchCurrent(e, msg); !contains(m, "Published") || !contains(m, "pairs made now don't join it") {
		t.Errorf("published while the round closes = %q", blockText(m.Blocks))
	}
	if m := e.waitDM(bob, "A mentoring match for you"); contains(m, "Part of the programme round") {
		t.Errorf("bob's proposal says it is part of the round: %q", blockText(m.Blocks))
	}
	matchNoFailures(e)
}

// On its last day, `/mentor cohort end` asks at once, as the end-date
// reminder says it does.
func TestMatchFixCohortEndOnTheEndDateAsksAtOnce(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Short --until 2026-11-20"); !strings.Contains(got, "Started the round *Short*") {
		t.Fatalf("start = %q", got)
	}
	matchFrankAndGrace(e)
	e.clock.Set(utc(2026, 11, 20, 9, 30))
	e.settle()
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "I've asked the pair of *Short*") {
		t.Errorf("cohort end on the end date = %q", got)
	}
}

// `/mentor cohort end` on a round with no pairs yet, before its end date,
// closes nothing: it only asks, and a round closed is closed for good
// (its name taken). `end now` closes it.
func TestMatchFixCohortEndWithNoPairsDoesNotCloseTheRound(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Q1 --until 2027-03-31"); !strings.Contains(got, "Started the round *Q1*") {
		t.Fatalf("start = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort end")
	if !strings.Contains(got, "no active pairs to ask") || !strings.Contains(got, "`/mentor cohort end now` closes it") || strings.Contains(got, "Closed") {
		t.Errorf("cohort end with no pairs = %q", got)
	}
	if c, err := e.app.DB.CurrentCohort(e.ctx); err != nil || c.Name != "Q1" {
		t.Fatalf("round after `cohort end` = %+v, %v; want Q1 still running", c, err)
	}
	// Pairs made now still join it.
	matchFrankAndGrace(e)
	if p := e.matchPairs()[0]; p.CohortID == 0 {
		t.Errorf("a pair made after `cohort end` with no pairs did not join the round")
	}
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Q1*") {
		t.Errorf("cohort end with a pair = %q", got)
	}
}

// A round's dates are read where it was started: started in Los Angeles
// and ending on Friday, it runs all of that Friday there, not until
// 16:00 (midnight UTC). A pair made that afternoon joins it.
func TestMatchFixRoundEndsAtMidnightWhereItWasStarted(t *testing.T) {
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

// A reminder to answer the closing question, asked for in the admin's
// evening, reaches each person in their morning, not in the night.
func TestMatchFixClosingReminderWaitsOutQuietHours(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	e.clock.Set(utc(2026, 11, 2, 21, 30)) // 22:30 in Paris and Berlin
	e.settle()
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "I've reminded <@UFRANK> and <@UGRACE>") {
		t.Fatalf("cohort end again = %q", got)
	}
	e.settle()
	for _, u := range []string{frank, grace} {
		if got := e.dms(u, "A reminder"); len(got) != 0 {
			t.Errorf("%s reminded at 22:30 their time: %q", u, got[0].Text)
		}
	}
	e.advance(utc(2026, 11, 3, 7, 5).Sub(e.clock.Now())) // 08:05 in Paris and Berlin
	for _, u := range []string{frank, grace} {
		e.waitDM(u, "A reminder: the programme round *Winter*")
	}
	matchNoFailures(e)
}

// The round's closing DM invites to sign up again only those who are not
// signed up: a mentor with a place left is still in the pool.
func TestMatchFixRoundClosedDMInvitesOnlyThoseNotSignedUp(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		t.Fatalf("start = %q", got)
	}
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "2"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, bob} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("the pair", func() bool { return len(e.matchPairs()) == 1 })
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil {
		t.Fatal("cohort end now showed nothing")
	}
	e.matchClick(dana, *res.Message, "cohort_close")
	a := e.waitDM(alice, "has closed, and with it your mentoring pair")
	if !contains(a, "You're still signed up for matching") || contains(a, "`/mentor join` signs you up") {
		t.Errorf("alice, signed up with a place left, reads %q", a.Text)
	}
	b := e.waitDM(bob, "has closed, and with it your mentoring pair")
	if !contains(b, "`/mentor join` signs you up") || contains(b, "still signed up") {
		t.Errorf("bob, matched, reads %q", b.Text)
	}
	matchNoFailures(e)
}

// The admin's answers read well with one pair: the two of it reminded of
// "their pair", not "each pair"; a round closed with no pair carrying on
// says nothing of "0 pairs carry on".
func TestMatchFixCohortWordsForOnePair(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort end")
	if !strings.Contains(got, "I've reminded <@UFRANK> and <@UGRACE>, who haven't answered yet, that their pair ends with the round") {
		t.Errorf("reminding the two of one pair = %q", got)
	}
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil {
		t.Fatal("cohort end now showed nothing")
	}
	e.matchClick(dana, *res.Message, "cohort_close")
	cur := matchCurrent(e, *res.Message)
	if !contains(cur, "Closed the round *Winter*: 1 pair ended. I've told everyone.") || contains(cur, "0 pairs") {
		t.Errorf("closed = %q", blockText(cur.Blocks))
	}
}

// A proposal's reasons read in the join form's words, as its note does:
// "every two weeks", not "biweekly".
func TestMatchFixProposalReasonsInTheFormsWords(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentor", other: "Go", cadence: "biweekly"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "biweekly"})
	_, text := matchRun(e)
	if !strings.Contains(text, "both prefer to meet every two weeks") || strings.Contains(text, "biweekly") {
		t.Errorf("review = %q", text)
	}
}

// A round's end date more than two years off is refused, and nothing is
// started: most likely a typo, it would keep every pair in the round
// until then. Two years to the day is fine.
func TestMatchFixRoundOfMoreThanTwoYearsIsRefused(t *testing.T) {
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
