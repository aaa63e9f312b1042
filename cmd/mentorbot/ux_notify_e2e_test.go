package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// TestQuietPairNudgeOfAPairThatNeverMet: a pair that never met is not told
// it "last met" 30 days ago, but how long ago it was paired; a pair that
// met is told when it last did.
func TestQuietPairNudgeOfAPairThatNeverMet(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UDANA|dana>")
	e.cmd(carol, "/session", "log <@UDANA> we met")
	e.schedWalk(e.clock.Now().Add(33 * 24 * time.Hour))
	nudge := func(user string) string {
		for key, m := range e.schedSent() {
			if strings.HasPrefix(key, "quiet_pair:") && schedRecipient(key) == user {
				return m.Text + blockText(m.Blocks)
			}
		}
		t.Fatalf("%s got no quiet-pair nudge:%s", user, e.describeDMs(user))
		return ""
	}
	if got := nudge(alice); !strings.Contains(got, "were paired, and you haven't met or logged a session yet") || strings.Contains(got, "last met") {
		t.Errorf("alice, never met: %s", got)
	}
	if got := nudge(carol); !strings.Contains(got, "last met or logged a session") {
		t.Errorf("carol, met once: %s", got)
	}
}

// TestReminderCountsTheToDoClosedInIt: Done on a to-do in a meeting
// reminder strikes it out and counts it out of the open ones.
func TestReminderCountsTheToDoClosedInIt(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.cmd(bob, "/session", "log <@UALICE> kick-off todo: read the guide todo: draft goals todo: book a room")
	e.schedWalk(e.clock.Now().Add(4 * 24 * time.Hour))
	var reminder slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "reminder:24h:") && schedRecipient(key) == bob {
			reminder = m
		}
	}
	if !strings.Contains(blockText(reminder.Blocks), "*Open to-dos* (3)") {
		t.Fatalf("bob's reminder: %s", blockText(reminder.Blocks))
	}
	ps, _ := e.app.DB.PairsOf(e.ctx, bob, false)
	todos, err := e.app.DB.OpenTodos(e.ctx, ps[0].ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("open to-dos %+v, %v", todos, err)
	}
	e.schedClick(bob, reminder, fmt.Sprintf("todo_done_%d", todos[0].ID))
	e.schedWaitMessage(reminder, func(m slacksim.Message) bool {
		return strings.Contains(blockText(m.Blocks), "*Open to-dos* (2)")
	})
}
