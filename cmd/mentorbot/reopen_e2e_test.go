package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// A goal marked done by mistake opens again from the Undo button of the
// answer: at the progress it had, with its mentor's "completed" DM edited
// to say it was opened again. Dropped ones reopen by command; nobody but
// the owner reopens a goal.
func TestUndoAGoalDone(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	e.cmd(bob, "/goal", "progress 1 40 one outline")
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "done 1")
	if res.Message == nil || !contains(*res.Message, "goal_reopen") {
		t.Fatalf("the answer to /goal done has no Undo: %+v", res.Message)
	}
	e.settle()
	told := e.waitDM(alice, "<@UBOB> completed goal *#1*")

	got := e.cmd(alice, "/goal", "reopen 1")
	if !strings.Contains(got, "only they can change") {
		t.Errorf("the mentor's /goal reopen = %q", got)
	}
	if got := e.cmd(carol, "/goal", "reopen 1"); !strings.Contains(got, "couldn't find goal #1") {
		t.Errorf("a stranger's /goal reopen = %q", got)
	}
	if g := e.goalStored(1); g.Status != store.GoalDone {
		t.Fatalf("others' reopen changed the goal: %+v", g)
	}

	if _, err := e.sim.ClickButton(ctx, bob, *res.Message, "goal_reopen"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.TS == res.Message.TS && m.Channel == res.Message.Channel && contains(m, "open again, at 40%") && contains(m, "goal_done")
	}); err != nil {
		t.Errorf("the answer was not replaced by the open goal with its buttons: %v", err)
	}
	if g := e.goalStored(1); g.Status != store.GoalOpen || g.Progress != 40 || !g.ClosedAt.IsZero() {
		t.Errorf("after Undo: %+v, want open at 40%%", g)
	}
	e.schedWaitMessage(told, func(m slacksim.Message) bool {
		return contains(m, "marked goal *#1* done, then opened it again") && !strings.Contains(m.Text, "completed")
	})
	if got := e.cmd(bob, "/goal", "reopen 1"); !strings.Contains(got, "open already") {
		t.Errorf("reopening an open goal = %q", got)
	}

	// Done again within the second: the DM says so again. Later, for
	// real: the mentor gets a new DM.
	e.cmd(bob, "/goal", "done 1")
	e.settle()
	e.schedWaitMessage(told, func(m slacksim.Message) bool { return contains(m, "<@UBOB> completed goal *#1*") })
	e.cmd(bob, "/goal", "reopen 1")
	e.clock.Advance(time.Minute)
	e.cmd(bob, "/goal", "done 1")
	e.settle()
	if ms := e.dms(alice, "<@UBOB> completed goal *#1*"); len(ms) != 1 || ms[0].TS == told.TS {
		t.Errorf("after done, reopen and done a minute later: %d DMs say it was completed, want one new one", len(ms))
	}
	e.cmd(bob, "/goal", "reopen 1")
	e.cmd(bob, "/goal", "drop 1")
	if got := e.cmd(bob, "/goal", "list all"); !strings.Contains(got, "`/goal reopen N` opens a done or dropped one again") {
		t.Errorf("/goal list all does not say how to reopen: %q", got)
	}
	if got := e.cmd(bob, "/goal", "reopen #1"); !strings.Contains(got, "open again, at 40%") {
		t.Errorf("reopening a dropped goal = %q", got)
	}
	if got := e.cmd(bob, "/goal", "reopen"); !strings.Contains(got, "Which goal?") {
		t.Errorf("/goal reopen alone = %q", got)
	}
}

// A to-do closed by mistake opens again: from the Undo that replaced its
// Done button, back to its line with the button; the owner, told that
// their partner closed it, has that DM edited; the partner who closed it
// hears when the owner opens it again.
func TestUndoAToDoDone(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log career chat todo: read the SRE book todo: @alice intro to the SRE team")
	s, err := e.app.DB.Sessions(e.ctx, alice, 0, 0)
	if err != nil || len(s) != 1 || len(s[0].Todos) != 2 {
		t.Fatalf("sessions: %+v %v", s, err)
	}
	book, intro := s[0].Todos[0].ID, s[0].Todos[1].ID

	// The DM telling bob of the session has Done buttons (an answer only
	// he sees would not come back with its message: Slack leaves it out).
	e.settle()
	logged := e.waitDM(bob, "logged your session")
	if _, err := e.sim.ClickButtonValue(ctx, bob, logged, fmt.Sprintf("todo_done_%d", book), fmt.Sprint(book)); err != nil {
		t.Fatal(err)
	}
	done := e.schedWaitMessage(logged, func(m slacksim.Message) bool { return contains(m, "done (marked by you)") })
	if _, err := e.sim.ClickButtonValue(ctx, bob, done, fmt.Sprintf("todo_reopen_%d", book), fmt.Sprint(book)); err != nil {
		t.Fatal(err)
	}
	back := e.schedWaitMessage(logged, func(m slacksim.Message) bool { return !contains(m, "done (marked by") })
	lines := func(m slacksim.Message) []string {
		l := strings.Split(blockText(m.Blocks), "\n")
		slices.Sort(l)
		return l
	}
	if !slices.Equal(lines(back), lines(logged)) {
		t.Errorf("after Undo the DM is not as it was:\n%s\nwant:\n%s", blockText(back.Blocks), blockText(logged.Blocks))
	}
	if td, _ := e.app.DB.Todo(e.ctx, bob, book); td.Status != store.TodoOpen {
		t.Errorf("after Undo: %+v", td)
	}

	// alice closes bob's to-do, then undoes it: bob's DM says so.
	res := e.cmdIn(alice, e.dmChannel(alice), "/session", fmt.Sprintf("done %d", book))
	e.settle()
	told := e.waitDM(bob, "marked your to-do")
	if _, err := e.sim.ClickButton(ctx, alice, *res.Message, fmt.Sprintf("todo_reopen_%d", book)); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.schedWaitMessage(told, func(m slacksim.Message) bool { return strings.Contains(m.Text, "done, then <@UALICE> opened it again") })

	// alice closes it again; bob, its owner, opens it again: alice hears.
	e.cmd(alice, "/session", fmt.Sprintf("done %d", book))
	if got := e.cmd(bob, "/session", fmt.Sprintf("reopen #%d", book)); !strings.Contains(got, "is open again") || !strings.Contains(got, "yours") {
		t.Errorf("/session reopen = %q", got)
	}
	e.settle()
	e.waitDM(alice, "which you had marked done")

	// alice closes her own to-do and bob opens it again: alice hears.
	e.cmd(alice, "/session", fmt.Sprintf("done %d", intro))
	e.cmd(bob, "/session", fmt.Sprintf("reopen %d", intro))
	e.settle()
	e.waitDM(alice, fmt.Sprintf("<@UBOB> opened your to-do *#%d* again", intro))

	for _, c := range []struct{ user, text, want string }{
		{carol, fmt.Sprintf("reopen %d", intro), "couldn't find to-do"},
		{bob, fmt.Sprintf("reopen %d", intro), "open already"},
		{bob, "reopen", "Usage: `/session reopen N`"},
	} {
		if got := e.cmd(c.user, "/session", c.text); !strings.Contains(got, c.want) {
			t.Errorf("%s /session %s = %q, want %q", c.user, c.text, got, c.want)
		}
	}
}

// Undo while the DM of the close is being sent (held by Slack's 429): the
// DM goes as it was, then is edited to say the to-do is open again.
func TestUndoWhileTheDMOfTheCloseIsBeingSent(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log career chat todo: read the SRE book")
	e.settle()
	ss, err := e.app.DB.Sessions(e.ctx, alice, 0, 0)
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions: %v %v", ss, err)
	}
	book := ss[0].Todos[0].ID
	posts := len(e.sim.CallsTo("chat.postMessage"))
	// The undo is pressed while the DM waits out the 429.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 2*time.Second)
	res := e.cmdIn(alice, e.dmChannel(alice), "/session", fmt.Sprintf("done %d", book))
	e.eventually("the DM of the close to be held by a 429", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	if _, err := e.sim.ClickButton(ctx, alice, *res.Message, fmt.Sprintf("todo_reopen_%d", book)); err != nil {
		t.Fatal(err)
	}
	release()
	e.settle()
	told := e.waitDM(bob, "marked your to-do")
	e.schedWaitMessage(told, func(m slacksim.Message) bool { return strings.Contains(m.Text, "done, then <@UALICE> opened it again") })
}
