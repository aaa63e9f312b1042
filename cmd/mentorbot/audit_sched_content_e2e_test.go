package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of what the scheduler's DMs say as a programme goes on:
// their content after what people did since, and the commands they suggest.

// A mentor with two mentees is told, in a reminder edited after a change,
// and in the answer to a button of a past meeting, commands that name the
// mentee: `/mentor resume` alone would only ask them which pair they mean.
func TestMeetingDMsOfOnePairSuggestCommandsNamingThePartner(t *testing.T) {
	thu := utc(2026, 11, 5, 14, 0)
	setup := func(t *testing.T) (*env, slacksim.Message) {
		e := meetEnv(t)
		if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
			t.Fatalf("pairing alice and carol: %q", got)
		}
		e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
		e.schedWalk(utc(2026, 11, 4, 14, 1))
		return e, e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", e.meetPair().ID, thu.Unix(), alice))
	}
	for _, c := range []struct{ change, wants string }{
		{"pause", "`/mentor resume @bob`"},
		{"skip", "`/mentor next @bob`"},
	} {
		t.Run(c.change, func(t *testing.T) {
			e, reminder := setup(t)
			if got := e.cmd(bob, "/mentor", c.change); strings.Contains(got, "Usage") {
				t.Fatalf("%s: %q", c.change, got)
			}
			got := e.schedWaitMessageFor(reminder, func(m slacksim.Message) bool { return !contains(m, "meeting_skip") })
			if !contains(got, c.wants) {
				t.Errorf("alice's reminder after bob's %s does not say %s: %s", c.change, c.wants, got.Text+" "+blockText(got.Blocks))
			}
		})
	}
	t.Run("past meeting's Skip", func(t *testing.T) {
		e, reminder := setup(t)
		e.schedWalk(thu.Add(48 * time.Hour))
		if got := e.clickAnswer(alice, reminder, "meeting_skip"); !strings.Contains(got, "`/mentor skip @bob`") {
			t.Errorf("Skip of a past meeting: %q", got)
		}
	})
}

// schedWaitMessageFor is schedWaitMessage that reports, rather than fails
// on, a message that never changed as wanted, and returns it as it is.
func (e *env) schedWaitMessageFor(m slacksim.Message, ok func(slacksim.Message) bool) slacksim.Message {
	e.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for time.Now().Before(deadline) {
		if cur, found := e.sim.LookupMessage(m.Channel, m.TS); found && ok(cur) {
			return cur
		}
		time.Sleep(2 * time.Millisecond)
	}
	cur, _ := e.sim.LookupMessage(m.Channel, m.TS)
	e.t.Errorf("message %s never changed as expected; now: %s", m.TS, cur.Text+" "+blockText(cur.Blocks))
	return cur
}
