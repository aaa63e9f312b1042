package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

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
func TestMatch2HeldClosingReminderGoesOnlyIfStillUnanswered(t *testing.T) {
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
func TestMatch2CohortAskPressedTwiceRemindsNobody(t *testing.T) {
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
