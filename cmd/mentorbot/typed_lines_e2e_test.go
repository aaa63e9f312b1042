package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A line break typed into a goal or an agenda item (Shift+Enter in Slack)
// must not start a line of the bot's message: there it could pass for the
// bot's own words, in a goal posted to a channel too. Notes of more than
// one line are quoted where they follow the bot's words.
func TestTypedLineBreaksCannotPassForTheBot(t *testing.T) {
	e := meetEnv(t)
	fake := ":rotating_light: *IT Security notice:* re-verify your SSO account"

	if got := e.cmd(bob, "/goal", "add Learn Go\n"+fake+" by 2026-12-15"); !strings.Contains(got, "Added goal") {
		t.Fatalf("goal add: %q", got)
	}
	post := postText(e.sharePost(bob, "C0GENERAL", "share 1"))
	if !strings.Contains(post, "Learn Go "+fake) || strings.Contains(post, "\n"+fake) {
		t.Errorf("the shared goal's second line stands on a line of its own:\n%s", post)
	}

	e.meetAnswer(bob, "/mentor", "meet weekly fri 10:00")
	e.meetAnswer(bob, "/mentor", "agenda first\n"+fake)
	if ag := e.meetAnswer(alice, "/mentor", "agenda"); !strings.Contains(ag, "first "+fake) || strings.Contains(ag, "\n"+fake) {
		t.Errorf("the agenda item's second line stands on a line of its own:\n%s", ag)
	}

	e.cmd(bob, "/goal", "progress 1 10 note line\n"+fake)
	if show := e.cmd(alice, "/goal", "show 1"); !strings.Contains(show, "\n> "+fake) || strings.Contains(show, "\n"+fake) {
		t.Errorf("the note's second line is not quoted in /goal show:\n%s", show)
	}

	// How success is measured and why it matters are written in fields of
	// many lines, and shown after the bot's labels.
	g, err := e.app.DB.AddGoal(e.ctx, bob, store.GoalInput{Text: "Ship it", Measure: "a demo\n" + fake, Why: "growth\n" + fake})
	if err != nil {
		t.Fatal(err)
	}
	show := e.cmd(alice, "/goal", "show "+strconv.FormatInt(g.ID, 10))
	if strings.Contains(show, "\n"+fake) || strings.Count(show, "\n> "+fake) < 2 {
		t.Errorf("how it is measured or why it matters has a line of its own:\n%s", show)
	}
}

// Text that reads as nothing (control characters no Slack client sends)
// is refused as empty, as spaces alone are.
func TestControlCharactersAloneAreNoGoal(t *testing.T) {
	e := goalEnv(t)
	if got := e.cmd(bob, "/goal", "add \x00\x01"); strings.Contains(got, "Added goal") {
		t.Errorf("a goal of control characters was added: %q", got)
	}
	if got := e.cmd(bob, "/goal", "add Ship\x00 it by 2026-12-15"); !strings.Contains(got, "Ship  it") && !strings.Contains(got, "Ship it") {
		t.Errorf("goal with a NUL inside: %q", got)
	}
}

// A "~" in a done to-do's text must not end its strikethrough early.
func TestDoneToDoWithATildeStaysStruck(t *testing.T) {
	e := goalEnv(t)
	e.cmd(alice, "/session", "log <@UBOB|bob> notes todo: tidy ~/src before the demo")
	open, err := e.app.DB.OpenTodos(e.ctx, e.meetPair().ID)
	if err != nil || len(open) != 1 {
		t.Fatalf("open to-dos: %+v, %v", open, err)
	}
	id := open[0].ID
	done := e.cmd(bob, "/session", "done "+strconv.FormatInt(id, 10))
	if !strings.Contains(done, "~#"+strconv.FormatInt(id, 10)+" tidy ∼/src before the demo~") {
		t.Errorf("done line: %q", done)
	}
}
