package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of /goal's answers: what a share makes public, how long
// text is counted, and answers that read as they should.

// A share posts the goal, not how its success is measured: the form says
// only the owner and their mentors see a goal, and nothing tells the owner
// that the measure would go public with it.
func TestGoalShareLeavesOutTheMeasure(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(bob, "/goal", "")
	v := e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text":    {"text": "Give a talk at GopherCon by 2026-12-15"},
		"goal_measure": {"measure": "SECRET-MEASURE approved by my manager"},
		"goal_why":     {"why": "SECRET-WHY"},
	}); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "Added goal *#1*")

	got := postText(e.sharePost(bob, "C0GENERAL", "share 1"))
	for _, want := range []string{"<@UBOB> is working toward a goal", "Give a talk at GopherCon", "due Tue 15 Dec 2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("shared post lacks %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"SECRET-MEASURE", "SECRET-WHY", "Success looks like"} {
		if strings.Contains(got, secret) {
			t.Errorf("the public post shows %q:\n%s", secret, got)
		}
	}
	// bob still sees the measure himself.
	wantAnswer(t, "show 1", e.cmd(bob, "/goal", "show 1"), "SECRET-MEASURE")
}

// /goal list names one person: with two, it says so and lists nobody's,
// whichever of them comes first.
func TestGoalListOfTwoPeopleAsksForOne(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "SECRET-BOB Give 2 talks by 2026-12-15")
	e.goalAdd(erin, "SECRET-ERIN Read 3 books by 2026-12-31")
	for _, args := range []string{"<@UBOB|bob> <@UERIN|erin>", "<@UERIN|erin> <@UBOB|bob>"} {
		got := e.cmd(alice, "/goal", "list "+args)
		wantAnswer(t, "list "+args, got, "one person")
		for _, bad := range []string{"SECRET-", "only see your own goals"} {
			if strings.Contains(got, bad) {
				t.Errorf("/goal list %s shows %q:\n%s", args, bad, got)
			}
		}
	}
	// One mentee is listed as before.
	wantAnswer(t, "list @bob", e.cmd(alice, "/goal", "list <@UBOB|bob>"), "SECRET-BOB")
}

// A goal that ends in "by" with no date after it was cut short: the bot
// asks for the date and adds nothing.
func TestGoalAddWithABareByAsksForTheDate(t *testing.T) {
	e := goalEnv(t)
	for _, text := range []string{"Ship 3 PRs by", "Ship 3 PRs by ", "Ship 3 PRs BY.", "Ship 3 PRs by,"} {
		got := e.goalAdd(bob, text)
		wantAnswer(t, "add "+text, got, "By when?", "haven't added")
	}
	e.wantNoGoals(bob)
	// "by" inside the goal is still just a word, and "before" at the end
	// may be the goal's own.
	wantAnswer(t, "add with by inside", e.goalAdd(bob, "Learn Go by doing 3 katas by 2026-12-15"), "Added goal *#1*")
	wantAnswer(t, "add ending in before", e.goalAdd(bob, "Give 2 talks, which I've never done before"), "Added goal *#2*")
}

// A reason for dropping a goal has a round limit, and one that long is
// taken whole.
func TestGoalDropReasonLimitIsRound(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	e.goalAdd(bob, "Read 3 books by 2026-12-31")
	got := e.cmd(bob, "/goal", "drop 1 "+strings.Repeat("x", 1200))
	wantAnswer(t, "drop with 1200 characters", got, "That reason is 1200 characters long; the limit is 900.")
	got = e.cmd(bob, "/goal", "drop 1 "+strings.Repeat("y", 901))
	wantAnswer(t, "drop with 901 characters", got, "the limit is 900")
	if g := e.goalStored(1); !g.Open() {
		t.Fatalf("goal 1 closed by a refused drop: %+v", g)
	}
	reason := strings.Repeat("z", 900)
	wantAnswer(t, "drop with 900 characters", e.cmd(bob, "/goal", "drop 1 "+reason), "Dropped goal *#1*")
	hist, err := e.app.DB.GoalProgress(e.ctx, bob, 1)
	if err != nil || len(hist) == 0 || !strings.HasSuffix(hist[len(hist)-1].Note, reason) {
		t.Errorf("the reason kept = %+v, %v", hist, err)
	}
}

// Limits count what a person typed and reads, not the markup Slack sends
// for a mention ("<@UALICE|alice>" for "@alice"); text at the limit made
// of mentions is taken, stored, shown whole and edited like any other.
func TestGoalLimitsCountMentionsAsTheyRead(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	const mention, reads = "<@UALICE|alice> ", "@alice "

	// The auditor's goal: 241 characters as typed, 376 as Slack sends it.
	got := e.goalAdd(bob, strings.Repeat("Meet "+mention+"and ", 15)+"x by 2027-03-01")
	wantAnswer(t, "a goal with 15 mentions", got, "Added goal *#1*", "Meet @alice and Meet @alice and")
	if g := e.goalStored(1); readableText(g.Text) != strings.Repeat("Meet "+reads+"and ", 15)+"x" || g.DueOn != "2027-03-01" {
		t.Errorf("goal 1 stored as %+v", g)
	}

	// 300 characters as read, all but six of them mentions: the limit.
	full := strings.Repeat(mention, 42) + "Ship 2"
	fullReads := strings.Repeat(reads, 42) + "Ship 2"
	got = e.goalAdd(bob, full+" by 2027-03-01")
	wantAnswer(t, "a goal of 300 characters as read", got, "Added goal *#2*")
	wantAnswer(t, "a goal of 301 characters as read", e.goalAdd(bob, full+"x by 2027-03-01"),
		"That goal is 301 characters long; the limit is 300.")
	if gs := e.goalsStored(bob); len(gs) != 2 {
		t.Errorf("%d goals stored, want 2", len(gs))
	}
	for _, c := range []struct{ what, answer string }{
		{"list", e.cmd(bob, "/goal", "list")},
		{"show", e.cmd(bob, "/goal", "show 2")},
		{"alice's list", e.cmd(alice, "/goal", "list <@UBOB|bob>")},
	} {
		wantAnswer(t, c.what, c.answer, fullReads[:len(fullReads)-1])
		goalNoMarkup(t, c.what, c.answer)
	}
	// The form shows it whole (the simulator flags an initial value over
	// the field's max_length), and saving it unchanged keeps it.
	e.cmd(bob, "/goal", "edit 2")
	v := e.waitModal(bob, "goal_form")
	if iv := goalInitialValues(t, v)["text"]; iv != fullReads {
		t.Errorf("the form's goal = %q, want %q", iv, fullReads)
	}
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": fullReads}, "goal_due": {"due": "2027-03-01"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("saving the form unchanged: %v, %+v", err, sub)
	}
	if g := e.goalStored(2); readableText(g.Text) != fullReads {
		t.Errorf("goal 2 after the form = %q", g.Text)
	}

	// Notes, reasons and comments count the same way.
	wantAnswer(t, "a note of 490 characters as read", e.cmd(bob, "/goal", "progress 1 50 "+strings.Repeat(mention, 70)), "50%")
	wantAnswer(t, "a comment of 2400 characters as read", e.cmd(alice, "/goal", "comment 1 "+strings.Repeat(mention, 340)), "Sent your comment")
	wantAnswer(t, "a reason of 840 characters as read", e.cmd(bob, "/goal", "drop 1 "+strings.Repeat(mention, 120)), "Dropped goal *#1*")
	if g := e.goalStored(1); g.Status != "dropped" {
		t.Errorf("goal 1 = %+v", g)
	}
	// So does a to-do in a session's notes.
	got = e.cmd(bob, "/session", "log <@UALICE|alice> Talked about talks. todo: Thank "+strings.Repeat(mention, 40))
	wantAnswer(t, "a to-do of 285 characters as read", got, "Thank @alice @alice")
}

// readableText is text as the bot shows it, mentions as "@name".
func readableText(s string) string {
	return mentionMarkupRe.ReplaceAllString(s, "@$1")
}

var mentionMarkupRe = regexp.MustCompile(`<@[UW][A-Z0-9]+\|([^>]*)>`)

// A date at the end without "by" is left in the goal's words, and the
// tip says that "by" before it makes it the deadline — as for an ISO
// date; for "in 2 weeks" (left in the words when it measures the goal),
// with the day it comes to, as "by in 2 weeks" reads oddly — rather than
// the generic "end the goal with by".
func TestGoalDateWithoutByGetsTheSpecificTip(t *testing.T) {
	e := goalEnv(t)
	for _, c := range []struct{ text, example string }{
		{"Get new hires shipping in 2 weeks", "put “by” and the date at the end, for example `by Mon 16 Nov 2026`."},
		{"Send the draft next friday", "put “by” before the date at the end, for example `by next friday` (Fri 6 Nov 2026)."},
		{"Ship 3 PRs due 2027-01-20", "put “by” before the date at the end, for example `by 2027-01-20`."},
	} {
		got := e.goalAdd(bob, c.text)
		wantAnswer(t, "add "+c.text, got, "Added goal", "It has no deadline yet", c.example)
		if strings.Contains(got, "end the goal with `by YYYY-MM-DD`") {
			t.Errorf("add %s: the generic tip:\n%s", c.text, got)
		}
	}
	for _, g := range e.goalsStored(bob) {
		if g.DueOn != "" {
			t.Errorf("a goal got a due date: %+v", g)
		}
	}
	// A goal with no date at its end keeps the generic tip.
	wantAnswer(t, "add without a date", e.goalAdd(bob, "Ship 3 PRs"), "end the goal with `by YYYY-MM-DD`")
}

// A mentor's comment reaches only the mentee, but the mentee's reply goes
// to all their mentors: the comment's DM, which invites the reply, names
// who will read it when that is more than the mentor who wrote.
func TestGoalCommentDMSaysWhoSeesAReply(t *testing.T) {
	e := goalEnv(t)
	id := goalNumberIn(t, e.goalAdd(bob, "Give 2 talks by 2026-12-15"))
	hint := func(m slacksim.Message) string {
		for _, line := range strings.Split(blockText(m.Blocks), "\n") {
			if strings.HasPrefix(line, "Reply with") {
				return line
			}
		}
		t.Fatalf("no reply hint in the comment DM: %s", blockText(m.Blocks))
		return ""
	}

	// With one mentor, the reply goes back to the one who wrote.
	e.cmd(alice, "/goal", fmt.Sprintf("comment %d First comment", id))
	if got := hint(e.waitDM(bob, "First comment")); strings.Contains(got, "see it") {
		t.Errorf("with one mentor the hint = %q", got)
	}

	e.pair(carol, bob)
	e.cmd(alice, "/goal", fmt.Sprintf("comment %d Second comment, just between us", id))
	want := fmt.Sprintf("Reply with `/goal comment %d …` — <@UALICE> and <@UCAROL> both see it", id)
	if got := hint(e.waitDM(bob, "Second comment")); !strings.HasPrefix(got, want) {
		t.Errorf("with two mentors the hint = %q, want it to start %q", got, want)
	}
	// And so it is.
	got := e.cmd(bob, "/goal", fmt.Sprintf("comment %d thanks, honestly I'm struggling", id))
	wantAnswer(t, "bob's reply", got, "sent it to <@UALICE> and <@UCAROL>")
	e.waitDM(carol, "struggling")
}
