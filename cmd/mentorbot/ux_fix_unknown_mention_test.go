package main

import (
	"strings"
	"testing"
)

// A mention of someone Slack does not know (from another workspace, or an
// ID typed by hand) is answered with the name it was typed with, or in
// plain words: Slack shows a mention token of an unknown ID as a broken
// mention. Every command that takes a mention answers so, and does
// nothing.
func TestUnknownMentionIsAnsweredByTheTypedName(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	const named, plain = "I can't find @ghost in this workspace.", "I can't find the person you mentioned in this workspace."
	cases := []struct{ user, command, text, want string }{
		{dana, "/mentor", "pair <@UZZZZ|ghost> <@UBOB|bob>", named},
		{dana, "/mentor", "pair <@UALICE|alice> <@UZZZZ|ghost>", named},
		{carol, "/mentor", "request <@UZZZZ|ghost> will you mentor me?", named},
		{carol, "/mentor", "request <@UZZZZ> will you mentor me?", plain},
		{carol, "/mentor", "request <@UZZZZ|&lt;!here&gt;> hi", "I can't find @&lt;!here&gt; in this workspace."},
		{alice, "/mentor", "meet <@UZZZZ|ghost> weekly thu 15:00", named},
		{alice, "/mentor", "meet weekly thu 15:00 <@UZZZZ|ghost>", named},
		{alice, "/mentor", "feedback <@UZZZZ|ghost> thanks", named},
		{alice, "/mentor", "end <@UZZZZ|ghost>", named},
		{alice, "/mentor", "end <@UZZZZ>", plain},
		{alice, "/mentor", "agenda <@UZZZZ|ghost> careers", named},
		{alice, "/mentor", "next <@UZZZZ|ghost>", named},
		{alice, "/mentor", "skip <@UZZZZ|ghost>", named},
		{alice, "/mentor", "snooze <@UZZZZ|ghost> 2w", named},
		{alice, "/session", "log <@UZZZZ|ghost> we talked", named},
		{alice, "/session", "log <@UBOB|bob> we talked todo: <@UZZZZ|ghost> send notes", named},
		{alice, "/session", "list <@UZZZZ|ghost>", named},
		{alice, "/session", "todos <@UZZZZ|ghost>", named},
	}
	for _, c := range cases {
		got := e.cmd(c.user, c.command, c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "<@UZZZZ") {
			t.Errorf("%s %s = %q, want %q", c.command, c.text, got, c.want)
		}
	}
	// Nothing was done: no pair, request, session or meeting.
	if ps, _ := e.app.DB.PairsOf(e.ctx, carol, true); len(ps) != 0 {
		t.Errorf("carol's pairs: %+v", ps)
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, alice, 0, 0); len(ss) != 0 {
		t.Errorf("sessions logged: %+v", ss)
	}
	// A goal list of someone unknown is refused as of anyone not one's
	// mentee, naming nobody.
	if got := e.cmd(alice, "/goal", "list <@UZZZZ|ghost>"); strings.Contains(got, "<@UZZZZ") {
		t.Errorf("/goal list = %q", got)
	}
}
