package main

import (
	"strings"
	"testing"
)

// Someone in two pairs who types a partner command with text over its
// limit is told so at once, not first asked which pair, only to hear of
// the limit after choosing; nothing is done.
func TestOverLongTextIsRefusedBeforeAskingWhichPair(t *testing.T) {
	e := newEnv(t)
	for _, pair := range []string{"pair <@UALICE|alice> <@UBOB|bob>", "pair <@UALICE|alice> <@UCAROL|carol>"} {
		if got := e.cmd(dana, "/mentor", pair); !strings.Contains(got, "Paired") {
			t.Fatalf("%s: %q", pair, got)
		}
	}
	for _, c := range []struct{ command, text, want string }{
		{"/mentor", "feedback " + strings.Repeat("x", 3000), "the limit is 2500"},
		{"/mentor", "agenda " + strings.Repeat("x", 301), "limit is 300"},
		{"/mentor", "agenda add " + strings.Repeat("x", 301), "limit is 300"},
		{"/mentor", "snooze " + strings.Repeat("1", 101), "too long to be a snooze"},
		{"/mentor", "meet " + strings.Repeat("1", 101), "too long to be a meeting time"},
		{"/mentor", "move " + strings.Repeat("1", 101), "too long to be a meeting time"},
	} {
		got := e.cmd(alice, c.command, c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "which one do you mean") {
			t.Errorf("%s %.20s…: %.300q, want %q", c.command, c.text, got, c.want)
		}
	}
	if items, err := e.app.DB.Agenda(e.ctx, alice, e.livePairOf(alice, bob).ID); err != nil || len(items) != 0 {
		t.Errorf("agenda: %+v, %v", items, err)
	}
}
