package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A session whose logger asked to be forgotten keeps no logger: its
// partner's /session show says so instead of a broken mention "<@>".
func TestOpsSessionShowAfterItsLoggerForgot(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	s, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Bob's notes"})
	if err != nil {
		t.Fatal(err)
	}
	m := pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	pgWait(e, bob, "your data is deleted")

	got := e.cmd(alice, "/session", fmt.Sprintf("show %d", s.ID))
	if strings.Contains(got, "<@>") || strings.Contains(got, "Bob's notes") {
		t.Errorf("/session show after bob's forget = %q", got)
	}
	if !strings.Contains(got, fmt.Sprintf("Session #%d", s.ID)) || !strings.Contains(got, "deleted") {
		t.Errorf("/session show does not say its notes were deleted: %q", got)
	}
}

// One active pair is "the one active pair", not "1 active pairs".
func TestOpsPairsAllPastTheLastPageCountsOnePair(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	got := e.cmd(dana, "/mentor", "pairs all 2")
	if !strings.Contains(got, "the one active pair is on it") {
		t.Errorf("/mentor pairs all 2 with one pair = %q", got)
	}
}
