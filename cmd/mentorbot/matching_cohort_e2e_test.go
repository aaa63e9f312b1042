package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

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
	startRound(e, "Winter", "2027-02-28")
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
func TestCohortClosingBothContinueThenOneEnds(t *testing.T) {
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
func TestCohortEndBeforeTheEndDateAsksFirst(t *testing.T) {
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
func TestCohortEndOnTheEndDateAsksAtOnce(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Short", "2026-11-20")
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
func TestCohortEndWithNoPairsDoesNotCloseTheRound(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Q1", "2027-03-31")
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

// A reminder to answer the closing question, asked for in the admin's
// evening, reaches each person in their morning, not in the night.
func TestCohortClosingReminderWaitsOutQuietHours(t *testing.T) {
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
func TestRoundClosedDMInvitesOnlyThoseNotSignedUp(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2027-02-28")
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
func TestCohortWordsForOnePair(t *testing.T) {
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

// closeRound closes the current round with `/mentor cohort end now` and
// its confirmation.
func closeRound(e *env) {
	e.t.Helper()
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message != nil && strings.Contains(string(res.Message.Blocks), "cohort_close") {
		e.matchClick(dana, *res.Message, "cohort_close")
	}
	if _, err := e.app.DB.CurrentCohort(e.ctx); err == nil {
		e.t.Fatal("the round is still running")
	}
}

// toNightInBerlin moves the clock to 23:30 UTC of the day, 00:30 in
// grace's Berlin: within her quiet hours.
func toNightInBerlin(e *env) {
	e.t.Helper()
	now := e.clock.Now()
	e.advance(time.Date(now.Year(), now.Month(), now.Day(), 23, 30, 0, 0, time.UTC).Sub(now))
}

// A closing reminder asked for in its reader's night waits for their
// morning, and goes only if it still applies then: not once they
// answered, not once the round closed. Stored with its text fixed, it
// went out hours after either.
func TestCohortHeldClosingReminderGoesOnlyIfStillUnanswered(t *testing.T) {
	for _, c := range []struct {
		name string
		// meanwhile happens in grace's night, after the reminder.
		meanwhile func(e *env)
		want      int
	}{
		{"nothing happens", func(e *env) {}, 1},
		{"she answers", func(e *env) {
			e.matchClick(grace, e.waitDM(grace, "is closing"), "cohort_continue")
		}, 0},
		{"she answers and the round closes", func(e *env) {
			e.matchClick(grace, e.waitDM(grace, "is closing"), "cohort_continue")
			closeRound(e)
		}, 0},
		{"the round closes", closeRound, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := matchEnv(t)
			cohortPair(e)
			if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair") {
				t.Fatalf("ask = %q", got)
			}
			e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
			toNightInBerlin(e)
			got := e.cmd(dana, "/mentor", "cohort end")
			if !strings.Contains(got, "I've reminded <@UGRACE>") || !strings.Contains(got, "they'll get it in their daytime") {
				t.Errorf("second end = %q", got)
			}
			e.settle()
			if n := len(e.dms(grace, "A reminder")); n != 0 {
				t.Fatalf("grace had %d reminders in her night", n)
			}
			c.meanwhile(e)
			e.settle()
			e.advance(8 * time.Hour) // 08:30 in Berlin
			e.settle()
			if n := len(e.dms(grace, "A reminder")); n != c.want {
				t.Errorf("grace had %d reminders by the morning, want %d", n, c.want)
			}
			if n := len(e.dms(frank, "A reminder")); n != 0 {
				t.Errorf("frank, who answered, had %d reminders", n)
			}
		})
	}
}

// "Ask the pair now" pressed a second time (a double click, a stale copy)
// says the pairs were asked already and sends nothing: it reminded them
// seconds after they were asked.
func TestCohortAskPressedTwiceRemindsNobody(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end")
	if res.Message == nil || !strings.Contains(string(res.Message.Blocks), actionCohortAskID) {
		t.Fatalf("cohort end = %+v", res)
	}
	msg := *res.Message
	e.matchClick(dana, msg, actionCohortAskID)
	if cur := matchCurrent(e, msg); !strings.Contains(cur.Text, "I've asked the pair") {
		t.Fatalf("after the first press dana reads %q", cur.Text)
	}
	// The same press delivered again: the message has lost its button.
	c, err := e.app.DB.CurrentCohort(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := e.press(dana, actionCohortAskID, strconv.FormatInt(c.ID, 10))
	if !strings.Contains(got, "The pairs of *Winter* have already been asked") || !strings.Contains(got, "1 not decided yet") {
		t.Errorf("the second press answers %q", got)
	}
	for _, u := range []string{frank, grace} {
		if n := len(e.dms(u, "A reminder")); n != 0 {
			t.Errorf("%s reminded %d times seconds after being asked", u, n)
		}
		if n := len(e.dms(u, "is closing")); n != 1 {
			t.Errorf("%s asked %d times", u, n)
		}
	}
}

// An answer to the closing question can be changed until the round
// closes, and the last one counts: grace chose to end, then to continue,
// and with frank's Continue their pair carries on past the round. Her own
// question keeps its buttons after each answer, frank's is redrawn when
// both chose to continue, and once the round has closed neither can
// change it any more.
func TestCohortClosingAnswerCanChangeUntilTheRoundCloses(t *testing.T) {
	e := matchEnv(t)
	cohortPair(e)
	if got := cohortAsk(e); !strings.Contains(got, "I've asked the pair of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	ask := e.waitDM(grace, "is closing")
	e.matchClick(grace, ask, "cohort_end")
	if m := closingDM(e, grace); !contains(m, "You chose to end") || !strings.Contains(string(m.Blocks), "cohort_continue") {
		t.Fatalf("grace's question after she chose to end = %q", blockText(m.Blocks))
	}
	e.matchClick(frank, e.waitDM(frank, "is closing"), "cohort_continue")
	e.matchClick(grace, ask, "cohort_continue")
	e.eventually("frank told that both chose to continue", func() bool {
		return contains(closingDM(e, frank), "You both chose to continue")
	})
	if m := closingDM(e, grace); !contains(m, "You both chose to continue") || !strings.Contains(string(m.Blocks), "cohort_end") {
		t.Errorf("grace's question after she changed her mind = %q", blockText(m.Blocks))
	}
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "1 pair chose to continue, 0 to end") {
		t.Errorf("/mentor cohort = %q", got)
	}

	closeRound(e)
	e.waitDM(grace, "You both chose to continue, so your pair with <@UFRANK> carries on")
	if ps := e.matchPairs(); len(ps) != 1 || !ps[0].Live() {
		t.Fatalf("pairs after the round closed = %+v; want frank and grace's carrying on", ps)
	}
	e.eventually("the buttons taken off grace's question", func() bool {
		m := closingDM(e, grace)
		return contains(m, "The round has closed") && !strings.Contains(string(m.Blocks), "cohort_end")
	})
	matchNoFailures(e)
}
