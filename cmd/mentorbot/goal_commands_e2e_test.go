package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of /goal from a second user audit: what a share makes
// public, how long text is counted, and answers that read as they should.

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

	res := e.cmdIn(bob, "C0GENERAL", "/goal", "share 1")
	if res.Message == nil || !res.Message.InChannel {
		t.Fatalf("share did not post in the channel: %+v", res.Message)
	}
	got := ackText(t, res) + blockText(res.Message.Blocks)
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

// Progress saved from the "goal due" DM's own Update progress button
// redraws that DM, as Done does: it does not go on showing the old
// figure next to a new message with the new one.
func TestGoalDueDMShowsProgressSavedFromIt(t *testing.T) {
	e, _ := schedEnv(t)
	ctx := goalCtx(e)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	id := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-09"))
	other := goalNumberIn(t, e.cmd(bob, "/goal", "add Read 2 books by 2026-11-09"))
	e.schedWalk(schedAt("2026-11-08 15:00"))
	dm := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due", id))
	otherDM := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due", other))
	e.settle()

	if _, err := e.sim.ClickButton(ctx, bob, dm, "goal_progress"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(bob, "goal_progress_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_percent": {"percent": "100"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("progress form: %v, %+v", err, sub)
	}
	e.waitDM(bob, fmt.Sprintf("Goal *#%d* is at 100%%", id))
	now := func(m slacksim.Message) slacksim.Message {
		got, _ := e.sim.LookupMessage(m.Channel, m.TS)
		return got
	}
	eventually(t, "the goal's DM to show 100%", func() bool { return contains(now(dm), "` 100%") })
	e.settle()
	got := now(dm)
	if !contains(got, fmt.Sprintf("Your goal *#%d* is due", id)) || !strings.Contains(string(got.Blocks), "goal_done") || contains(got, "` 0%") {
		t.Errorf("the goal's DM after progress from it: %s", blockText(got.Blocks))
	}
	// The other goal's DM is left as it was.
	if m := now(otherDM); m.Text != otherDM.Text || string(m.Blocks) != string(otherDM.Blocks) {
		t.Errorf("the other goal's DM changed: %s", blockText(m.Blocks))
	}
	noFailures(t, e)
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

	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing carol and bob: %q", got)
	}
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

// A goal whose date is moved after its reminder went, to a day too near
// for another (its three days' notice has passed), has its DM say only
// what will come: a check-in if the day passes, not a reminder before it.
func TestGoalDueDMMovedTooNearPromisesNoReminder(t *testing.T) {
	e, _ := schedEnv(t)
	ctx := goalCtx(e)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	id := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-11"))
	e.schedWalk(schedAt("2026-11-08 15:00")) // 10:00 in New York
	dm := e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due in 3 days", id))

	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", id))
	v := e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Ship 3 PRs"}, "goal_due": {"due": "2026-11-10"}}); err != nil {
		t.Fatal(err)
	}
	now := func() slacksim.Message {
		m, _ := e.sim.LookupMessage(dm.Channel, dm.TS)
		return m
	}
	eventually(t, "the DM to give the new date", func() bool { return contains(now(), "is due on Tue 10 Nov 2026 now") })
	if got := now(); contains(got, "remind you before") || !contains(got, "check in the day after if it's still open") {
		t.Errorf("the DM after the goal moved to the day after tomorrow: %s", got.Text)
	}

	// And so it goes: nothing before the date, the check-in after it.
	e.schedWalk(schedAt("2026-11-11 18:00"))
	// (The one that went before it moved says the new date now.)
	if ms := e.dms(bob, fmt.Sprintf("Your goal *#%d* is due", id)); len(ms) != 0 {
		t.Errorf("bob had a reminder of the goal for its new date: %s", ms[0].Text)
	}
	e.waitDM(bob, fmt.Sprintf("Your goal *#%d* was due on Tue 10 Nov 2026", id))
	noFailures(t, e)
}

// The week's check-ins list the mentee's open goals, to them and to their
// mentor; a goal closed, dropped, opened again or updated since is shown
// as it is now, as a to-do closed since is: not "overdue" beside the DM
// where it was just marked done.
func TestGoalChangeRedrawsTheWeeksCheckins(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	late := goalNumberIn(t, e.cmd(bob, "/goal", "add Ship 3 PRs by 2026-11-06"))
	books := goalNumberIn(t, e.cmd(bob, "/goal", "add Read 2 books by 2026-11-30"))
	talk := goalNumberIn(t, e.cmd(bob, "/goal", "add Give a talk by 2026-11-27"))
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York and Berlin
	overdue := e.schedDM(fmt.Sprintf("goal_overdue:to=%s:goal=%d:due=2026-11-06", bob, late))
	checkins := []slacksim.Message{e.schedDM("checkin:to=" + bob + ":on=2026-11-09"), e.schedDM("checkin:to=" + alice + ":on=2026-11-09")}
	for _, ci := range checkins {
		if !contains(ci, "Ship 3 PRs") || !contains(ci, "overdue") {
			t.Fatalf("check-in to %s before: %s", ci.User, blockText(ci.Blocks))
		}
	}
	each := func(ok func(string) bool) {
		t.Helper()
		for _, ci := range checkins {
			e.schedWaitMessage(ci, func(m slacksim.Message) bool { return ok(blockText(m.Blocks)) })
		}
	}

	e.schedClick(bob, overdue, "goal_done")
	e.idle()
	each(func(s string) bool { return !strings.Contains(s, "Ship 3 PRs") && strings.Contains(s, "Read 2 books") })
	// Progress alone redraws nothing (one edit per update would pile up
	// under load); the next change shows it.
	e.cmd(bob, "/goal", fmt.Sprintf("progress %d 40", books))
	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", books))
	v := e.waitModal(bob, "goal_form")
	e.schedSubmit(bob, v, map[string]map[string]any{"goal_text": {"text": "Read 2 books"}, "goal_due": {"due": "2026-12-04"}})
	each(func(s string) bool {
		return strings.Contains(s, "due Fri 4 Dec 2026") && strings.Contains(s, "Read 2 books\n`▰▰▰▰▱▱▱▱▱▱` 40%")
	})
	e.cmd(bob, "/goal", fmt.Sprintf("drop %d", talk))
	each(func(s string) bool { return !strings.Contains(s, "Give a talk") })
	e.cmd(bob, "/goal", fmt.Sprintf("reopen %d", late))
	each(func(s string) bool { return strings.Contains(s, "Ship 3 PRs") })
	noFailures(t, e)
}

// The week's check-ins name the next meeting: skipping it redraws them to
// name the one after, for both members.
func TestSkipRedrawsTheWeeksCheckins(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York and Berlin
	checkins := []slacksim.Message{e.schedDM("checkin:to=" + bob + ":on=2026-11-09"), e.schedDM("checkin:to=" + alice + ":on=2026-11-09")}
	for _, ci := range checkins {
		if !strings.Contains(blockText(ci.Blocks), "12 Nov") {
			t.Fatalf("check-in to %s before the skip: %s", ci.User, blockText(ci.Blocks))
		}
	}
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Fatalf("skip: %q", got)
	}
	e.idle()
	for _, ci := range checkins {
		e.schedWaitMessage(ci, func(m slacksim.Message) bool {
			s := blockText(m.Blocks)
			return !strings.Contains(s, "12 Nov") && strings.Contains(s, "19 Nov")
		})
	}
	noFailures(t, e)
}
