package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of /goal: the real bot against the simulator. testStart
// is Monday 2026-11-02 08:00 UTC, so "today" is 2026-11-02 for everybody.

// goalEnv is an env where alice mentors bob.
func goalEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and bob: %q", got)
	}
	t.Cleanup(func() {
		if fs := e.sim.Failures(); len(fs) > 0 {
			t.Errorf("the simulator flagged what Slack would have refused:\n%s", strings.Join(fs, "\n"))
		}
	})
	return e
}

// goalsStored returns every goal of owner, as stored.
func (e *env) goalsStored(owner string) []store.Goal {
	e.t.Helper()
	gs, err := e.app.DB.Goals(e.ctx, owner, owner, true)
	if err != nil {
		e.t.Fatal(err)
	}
	return gs
}

// goalStored returns goal id as stored.
func (e *env) goalStored(id int64) store.Goal {
	e.t.Helper()
	g, err := e.app.DB.LoadGoal(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return g
}

// goalAdd runs /goal add for user and returns the answer.
func (e *env) goalAdd(user, text string) string {
	e.t.Helper()
	return e.cmd(user, "/goal", "add "+text)
}

func goalResponseType(t *testing.T, res *slacksim.CommandResult) string {
	t.Helper()
	var p struct {
		ResponseType string `json:"response_type"`
	}
	if res.Ack == nil {
		return ""
	}
	if err := json.Unmarshal(res.Ack, &p); err != nil {
		t.Fatalf("ack %s: %v", res.Ack, err)
	}
	return p.ResponseType
}

var goalNumberRe = regexp.MustCompile(`Added goal \*#(\d+)\*`)

// goalNumberIn reads the number of the goal an answer says was added.
func goalNumberIn(t *testing.T, answer string) int64 {
	t.Helper()
	m := goalNumberRe.FindStringSubmatch(answer)
	if m == nil {
		t.Fatalf("no goal number in %q", answer)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

func goalCtx(e *env) context.Context {
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	e.t.Cleanup(cancel)
	return ctx
}

func TestGoalAddWithSMARTCheck(t *testing.T) {
	e := goalEnv(t)

	// A SMART goal: a deadline and something checkable.
	got := e.goalAdd(bob, "Give a talk at the Go meetup by 2026-12-15")
	for _, want := range []string{"Added goal *#1*", "Give a talk at the Go meetup", "<@UALICE> can see it too", "SMART goal", "Tue 15 Dec 2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("SMART add answer lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "no deadline") || strings.Contains(got, "How will you know") {
		t.Errorf("a SMART goal got tips:\n%s", got)
	}
	if g := e.goalStored(1); g.OwnerID != bob || g.Text != "Give a talk at the Go meetup" || g.DueOn != "2026-12-15" || g.Status != store.GoalOpen {
		t.Errorf("stored goal = %+v", g)
	}

	// Neither a deadline nor a measure: both tips, kindly, naming the number.
	got = e.goalAdd(bob, "Get better at public speaking")
	for _, want := range []string{"Added goal *#2*", "Two tips", "It has no deadline yet", "by YYYY-MM-DD", "How will you know it's done?", `"better"`, "/goal edit 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("vague add answer lacks %q:\n%s", want, got)
		}
	}
	if g := e.goalStored(2); g.DueOn != "" || g.Text != "Get better at public speaking" {
		t.Errorf("stored vague goal = %+v", g)
	}

	// A deadline but nothing measurable: only that tip.
	got = e.goalAdd(bob, "Understand Kubernetes networking by Dec 15")
	if !strings.Contains(got, "How will you know it's done?") || strings.Contains(got, "no deadline") || !strings.Contains(got, "A tip") {
		t.Errorf("dated vague goal answer:\n%s", got)
	}
	if g := e.goalStored(3); g.DueOn != "2026-12-15" || g.Text != "Understand Kubernetes networking" {
		t.Errorf("'by Dec 15' stored as %+v", g)
	}

	// Measurable but no deadline: only the deadline tip.
	got = e.goalAdd(bob, "Write 3 blog posts")
	if !strings.Contains(got, "It has no deadline yet") || strings.Contains(got, "How will you know") {
		t.Errorf("undated measurable goal answer:\n%s", got)
	}

	// Friendlier date forms, read in bob's zone.
	for _, c := range []struct{ text, goal, due string }{
		{"Ship 2 PRs by next friday", "Ship 2 PRs", "2026-11-06"},
		{"Pass the CKA exam by end of month", "Pass the CKA exam", "2026-11-30"},
		{"Give 3 demos by 15 January", "Give 3 demos", "2027-01-15"},
	} {
		got := e.goalAdd(bob, c.text)
		if g := e.goalStored(goalNumberIn(t, got)); g.Text != c.goal || g.DueOn != c.due {
			t.Errorf("%q stored as %q due %q, want %q due %s", c.text, g.Text, g.DueOn, c.goal, c.due)
		}
	}
	// A day without its year that passed this year more than about three
	// months ago is next year's, and the answer says so; a nearer one next
	// year needs no word. (One that passed more recently is refused: see
	// TestGoalDateThatJustPassedIsRefused.)
	for _, c := range []struct {
		text, due string
		note      bool
	}{
		{"Lead 2 retros by Jul 1", "2027-07-01", true},
		{"Lead 3 retros by 1 Jul 2027", "2027-07-01", false},
		{"Lead 4 retros by Jan 10", "2027-01-10", false},
	} {
		got := e.goalAdd(bob, c.text)
		n := goalNumberIn(t, got)
		if g := e.goalStored(n); g.DueOn != c.due {
			t.Errorf("%q stored due %q, want %s", c.text, g.DueOn, c.due)
		}
		want := fmt.Sprintf("1 July has passed this year, so the goal is due Thu 1 Jul 2027. `/goal edit %d` changes that.", n)
		if strings.Contains(got, want) != c.note {
			t.Errorf("%q: note %v, want %v:\n%s", c.text, !c.note, c.note, got)
		}
	}
	before := len(e.goalsStored(bob))

	// A date in the past is refused and nothing is stored.
	got = e.goalAdd(bob, "Ship the RFC by 2026-10-01")
	if !strings.Contains(got, "already passed") || strings.Contains(got, "Added goal") {
		t.Errorf("past date answer = %q", got)
	}
	got = e.goalAdd(bob, "Ship the RFC by yesterday")
	if !strings.Contains(got, "already passed") {
		t.Errorf("'by yesterday' answer = %q", got)
	}
	got = e.goalAdd(bob, "Ship the RFC by 2026-02-30")
	if !strings.Contains(got, "There is no date") {
		t.Errorf("impossible date answer = %q", got)
	}
	// Over-long text is refused with the limit.
	got = e.goalAdd(bob, strings.Repeat("a", 301)+" by 2026-12-01")
	if !strings.Contains(got, "301 characters long; the limit is 300") {
		t.Errorf("over-long answer = %q", got)
	}
	if n := len(e.goalsStored(bob)); n != before {
		t.Errorf("refused adds stored goals: %d, want %d", n, before)
	}
	// "by" that is not followed by a date stays part of the goal.
	e.goalAdd(bob, "Cut build time by 20%")
	gs := e.goalsStored(bob)
	if last := gs[len(gs)-1]; last.Text != "Cut build time by 20%" || last.DueOn != "" {
		t.Errorf("'by 20%%' stored as %+v", last)
	}
}

func TestGoalHelpAndBadInput(t *testing.T) {
	e := goalEnv(t)
	got := e.cmd(bob, "/goal", "help")
	for _, want := range []string{"/goal add TEXT [by DATE]", "/goal list", "/goal progress N PERCENT", "/goal done N", "/goal drop N", "/goal edit N", "/goal share N", "/goal comment N TEXT"} {
		if !strings.Contains(got, want) {
			t.Errorf("help lacks %q:\n%s", want, got)
		}
	}
	if got := e.cmd(bob, "/goal", "frobnicate"); !strings.Contains(got, "I don't know `/goal frobnicate`") {
		t.Errorf("unknown subcommand = %q", got)
	}
	for _, text := range []string{"done", "done x", "drop", "edit", "share", "progress", "progress #x 10"} {
		if got := e.cmd(bob, "/goal", text); !strings.Contains(got, "Which goal?") {
			t.Errorf("/goal %s = %q, want to be asked which goal", text, got)
		}
	}
	if got := e.cmd(bob, "/goal", "done 42"); !strings.Contains(got, "I couldn't find goal #42 among yours") {
		t.Errorf("done of a missing goal = %q", got)
	}
}

func TestGoalListByOwnerAndMentor(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-11-05")
	e.goalAdd(bob, "Read 3 books about leadership")
	e.goalAdd(bob, "Finish the Go course by 2027-01-31")
	if got := e.cmd(bob, "/goal", "progress 2 40%"); !strings.Contains(got, "40%") {
		t.Fatalf("progress = %q", got)
	}

	got := e.cmd(bob, "/goal", "list")
	if strings.Contains(got, "You mentor") {
		t.Errorf("bob mentors nobody, yet the list says he does:\n%s", got)
	}
	for _, want := range []string{"Your goals", "3 open", "*#1* Give 2 talks", "*#2* Read 3 books", "*#3* Finish the Go course", "`▰▰▰▰▱▱▱▱▱▱` 40%", "no due date", "due Thu 5 Nov 2026 (in 3 days)", "Update progress"} {
		if !strings.Contains(got, want) {
			t.Errorf("bob's list lacks %q:\n%s", want, got)
		}
	}
	// Soonest due first, undated last.
	if i, j, k := strings.Index(got, "#1*"), strings.Index(got, "#3*"), strings.Index(got, "#2*"); !(i < j && j < k) {
		t.Errorf("order in list: #1 at %d, #3 at %d, #2 at %d; want due soonest first, undated last", i, j, k)
	}

	// The mentor lists the mentee's goals, without buttons to change them.
	got = e.cmd(alice, "/goal", "list <@UBOB|bob>")
	for _, want := range []string{"<@UBOB>'s goals", "Give 2 talks", "Read 3 books", "Finish the Go course", "/goal comment N"} {
		if !strings.Contains(got, want) {
			t.Errorf("alice's list of bob's goals lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Update progress") {
		t.Errorf("the mentor's list offers to change the mentee's goals:\n%s", got)
	}
	if got := e.cmd(alice, "/goal", "list"); !strings.Contains(got, "You have no open goals") || !strings.Contains(got, "You mentor <@UBOB>: `/goal list @bob`") {
		t.Errorf("alice's own empty list = %q", got)
	}

	// Carol may not list bob's goals, and learns nothing: the answer is the
	// same as for someone without goals.
	carolOnBob := e.cmd(carol, "/goal", "list <@UBOB|bob>")
	carolOnDana := e.cmd(carol, "/goal", "list <@UDANA|dana>")
	if !strings.Contains(carolOnBob, "You can only see your own goals and those of your mentees") {
		t.Errorf("carol listing bob = %q", carolOnBob)
	}
	if carolOnBob != carolOnDana {
		t.Errorf("carol's refusals differ, which tells her something:\n%q\n%q", carolOnBob, carolOnDana)
	}
	// Nor may the mentee list the mentor's, nor the admin anyone's.
	if got := e.cmd(bob, "/goal", "list <@UALICE>"); !strings.Contains(got, "You can only see") {
		t.Errorf("bob listing alice = %q", got)
	}
	if got := e.cmd(dana, "/goal", "list <@UBOB>"); !strings.Contains(got, "You can only see") {
		t.Errorf("admin listing bob = %q", got)
	}

	// Overdue goals are marked once their day has passed in the owner's zone.
	e.clock.Advance(4 * 24 * time.Hour) // Fri 6 Nov
	got = e.cmd(bob, "/goal", "list")
	if !strings.Contains(got, ":warning: *overdue* — was due yesterday, Thu 5 Nov 2026") {
		t.Errorf("overdue goal not marked:\n%s", got)
	}
	if got := e.cmd(alice, "/goal", "list <@UBOB>"); !strings.Contains(got, "*overdue*") {
		t.Errorf("the mentor's list does not mark the overdue goal:\n%s", got)
	}

	// Done and dropped goals leave the list; `all` shows them.
	e.cmd(bob, "/goal", "done 1")
	e.cmd(bob, "/goal", "drop 2")
	got = e.cmd(bob, "/goal", "list")
	if strings.Contains(got, "Give 2 talks") || strings.Contains(got, "Read 3 books") || !strings.Contains(got, "1 done, 1 dropped — `/goal list all` shows them") {
		t.Errorf("list after closing two:\n%s", got)
	}
	got = e.cmd(bob, "/goal", "list all")
	for _, want := range []string{"1 open, 1 done, 1 dropped", ":white_check_mark: *done*", ":heavy_multiplication_x: *dropped*", "Give 2 talks", "Read 3 books"} {
		if !strings.Contains(got, want) {
			t.Errorf("list all lacks %q:\n%s", want, got)
		}
	}
	if got := e.cmd(alice, "/goal", "list <@UBOB>"); !strings.Contains(got, "`/goal list @bob all` shows them") {
		t.Errorf("mentor's list does not say how to see closed goals:\n%s", got)
	}
	if got := e.cmd(alice, "/goal", "list all <@UBOB>"); !strings.Contains(got, "Give 2 talks") {
		t.Errorf("mentor's list all = %q", got)
	}
	// No goals at all.
	if got := e.cmd(carol, "/goal", "list"); !strings.Contains(got, "You have no open goals") || !strings.Contains(got, "/goal add") {
		t.Errorf("empty list = %q", got)
	}
}

func TestGoalOutsiderLearnsNothingAndChangesNothing(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	stored := e.goalStored(1)

	for _, text := range []string{"progress 1 50", "done 1", "drop 1", "share 1", "edit 1", "show 1", "comment 1 hello", "progress #1 50%"} {
		res := e.cmdIn(carol, "C0GENERAL", "/goal", text)
		got := ackText(t, res)
		missing := e.cmd(carol, "/goal", strings.Replace(text, "1", "99", 1))
		if !strings.Contains(got, "I couldn't find goal #1 among yours") {
			t.Errorf("carol /goal %s = %q", text, got)
		}
		if got != strings.ReplaceAll(missing, "#99", "#1") {
			t.Errorf("carol /goal %s: %q differs from the answer for a missing goal %q", text, got, missing)
		}
		if strings.Contains(got, "Give 2 talks") || strings.Contains(got, "UBOB") {
			t.Errorf("carol /goal %s revealed the goal: %q", text, got)
		}
		if rt := goalResponseType(t, res); rt != "ephemeral" {
			t.Errorf("carol /goal %s answered %q in the channel, want ephemeral", text, rt)
		}
	}
	if n := len(e.sim.OpenViews(carol)); n != 0 {
		t.Errorf("carol got %d modals", n)
	}
	if g := e.goalStored(1); g != stored {
		t.Errorf("carol's attempts changed the goal: %+v, was %+v", g, stored)
	}
	if hist, _ := e.app.DB.GoalProgress(e.ctx, bob, 1); len(hist) != 0 {
		t.Errorf("carol's attempts left progress history: %+v", hist)
	}
	for _, m := range e.sim.Messages() {
		if m.InChannel {
			t.Errorf("a public message was posted: %+v", m)
		}
	}
	e.settle()
	if n := len(e.dms(bob, "commented")); n != 0 {
		t.Errorf("carol's comment reached bob")
	}

	// The mentor knows the goal, but may not change or share it.
	for _, text := range []string{"progress 1 50", "done 1", "drop 1", "share 1", "edit 1"} {
		if got := e.cmd(alice, "/goal", text); !strings.Contains(got, "only they can change or share it") {
			t.Errorf("alice /goal %s = %q", text, got)
		}
	}
	if n := len(e.sim.OpenViews(alice)); n != 0 {
		t.Errorf("alice got %d modals for bob's goal", n)
	}
	if g := e.goalStored(1); g != stored {
		t.Errorf("the mentor changed the goal: %+v", g)
	}
}

func TestGoalProgressDoneDrop(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Write 3 blog posts by 2026-12-31")
	e.goalAdd(bob, "Learn Rust")

	got := e.cmd(bob, "/goal", "progress 1 40% first draft &lt;done&gt;")
	for _, want := range []string{"Goal *#1*: 0% → *40%*", "> first draft &lt;done&gt;", "`▰▰▰▰▱▱▱▱▱▱` 40%"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress answer lacks %q:\n%s", want, got)
		}
	}
	if got := e.cmd(bob, "/goal", "progress #1 70"); !strings.Contains(got, "40% → *70%*") {
		t.Errorf("progress without %% = %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress 1 60 % needed a rewrite"); !strings.Contains(got, "70% → *60%*") || !strings.Contains(got, "needed a rewrite") {
		t.Errorf("progress going down = %q", got)
	}
	for _, bad := range []string{"progress 1 150", "progress 1 -5", "progress 1 abc"} {
		if got := e.cmd(bob, "/goal", bad); !strings.Contains(got, "from 0 to 100") {
			t.Errorf("/goal %s = %q", bad, got)
		}
	}
	if got := e.cmd(bob, "/goal", "progress 1 50 "+strings.Repeat("n", 1001)); !strings.Contains(got, "limit is 1000") {
		t.Errorf("over-long note = %q", got)
	}
	if g := e.goalStored(1); g.Progress != 60 {
		t.Errorf("stored progress = %d, want 60", g.Progress)
	}
	hist, err := e.app.DB.GoalProgress(e.ctx, alice, 1)
	if err != nil || len(hist) != 3 || hist[0].Percent != 40 || hist[0].Note != "first draft <done>" || hist[2].Percent != 60 {
		t.Fatalf("history = %+v, %v", hist, err)
	}

	// The mentor sees the movement with /goal show.
	got = e.cmd(alice, "/goal", "show 1")
	for _, want := range []string{"<@UBOB>'s goal #1", "*Progress*", "40% — first draft &lt;done&gt;", "70%", "60% — needed a rewrite"} {
		if !strings.Contains(got, want) {
			t.Errorf("mentor's show lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Update progress") {
		t.Errorf("the mentor's view has buttons:\n%s", got)
	}

	// Done: congratulations, the mentor hears of it, and it is closed.
	got = e.cmd(bob, "/goal", "done #1")
	if !strings.Contains(got, "Goal *#1* is done — congratulations!") || !strings.Contains(got, "I've let <@UALICE> know") {
		t.Errorf("done answer = %q", got)
	}
	if g := e.goalStored(1); g.Status != store.GoalDone || g.Progress != 100 || g.ClosedAt.IsZero() {
		t.Errorf("after done: %+v", g)
	}
	e.settle()
	e.waitDM(alice, "<@UBOB> completed goal *#1*")
	if got := e.cmd(bob, "/goal", "done 1"); !strings.Contains(got, "already done") {
		t.Errorf("second done = %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress 1 10"); !strings.Contains(got, "Goal #1 is done, so I haven't changed it. `/goal reopen 1` opens it again") {
		t.Errorf("progress on a done goal = %q", got)
	}

	// Drop keeps the progress reached and tells nobody.
	e.cmd(bob, "/goal", "progress 2 20")
	got = e.cmd(bob, "/goal", "drop 2")
	if !strings.Contains(got, "Dropped goal *#2*") {
		t.Errorf("drop answer = %q", got)
	}
	if g := e.goalStored(2); g.Status != store.GoalDropped || g.Progress != 20 {
		t.Errorf("after drop: %+v", g)
	}
	e.settle()
	if n := len(e.dms(alice, "ropped")) + len(e.dms(alice, "completed goal *#2*")); n != 0 {
		t.Errorf("alice was told about a dropped goal: %s", e.describeDMs(alice))
	}
	if got := e.cmd(bob, "/goal", "drop 2"); !strings.Contains(got, "already dropped") {
		t.Errorf("second drop = %q", got)
	}
}

func TestGoalShareIsTheOnlyPublicAnswer(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give a talk about &lt;!here&gt; at GopherCon by 2026-12-15")

	post := e.sharePost(bob, "C0GENERAL", "share 1")
	if !post.InChannel || post.Channel != "C0GENERAL" {
		t.Fatalf("share did not post in the channel: %+v", post)
	}
	got := postText(post)
	for _, want := range []string{"<@UBOB> is working toward a goal", "Give a talk about @here at GopherCon", "due Tue 15 Dec 2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("shared post lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<!here>") {
		t.Errorf("the public post contains a raw <!here>:\n%s", got)
	}
	if strings.Contains(got, "Update progress") {
		t.Errorf("the public post has the owner's buttons:\n%s", got)
	}

	// Overdue, it is shared without its date: no public warning.
	e.clock.Set(utc(2026, 12, 20, 12, 0))
	got = postText(e.sharePost(bob, "C0GENERAL", "share 1"))
	if !strings.Contains(got, "<@UBOB> is working toward a goal") || strings.Contains(got, "overdue") || strings.Contains(got, "15 Dec") || strings.Contains(got, "no due date") {
		t.Errorf("an overdue goal shared in a channel:\n%s", got)
	}
	if own := e.cmd(bob, "/goal", "list"); !strings.Contains(own, "overdue") {
		t.Errorf("bob's own list no longer marks it overdue:\n%s", own)
	}

	// In the DM with the bot it is only shown.
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "share 1")
	if rt := goalResponseType(t, res); rt != "ephemeral" || !strings.Contains(ackText(t, res), "only you see it") {
		t.Errorf("share in the DM: %q, %q", rt, ackText(t, res))
	}
	// Every other answer in a channel is ephemeral.
	for _, text := range []string{"list", "show 1", "progress 1 30", "add Run 2 workshops", "help"} {
		if rt := goalResponseType(t, e.cmdIn(bob, "C0GENERAL", "/goal", text)); rt != "ephemeral" {
			t.Errorf("/goal %s in a channel: response_type %q, want ephemeral", text, rt)
		}
	}
	// A done goal is shared as reached; a dropped one is not shared.
	e.cmd(bob, "/goal", "done 1")
	if got := postText(e.sharePost(bob, "C0GENERAL", "share 1")); !strings.Contains(got, "<@UBOB> reached a goal") {
		t.Errorf("sharing a done goal = %q", got)
	}
	e.cmd(bob, "/goal", "drop 2")
	res = e.cmdIn(bob, "C0GENERAL", "/goal", "share 2")
	if rt := goalResponseType(t, res); rt != "ephemeral" || !strings.Contains(ackText(t, res), "was dropped") {
		t.Errorf("sharing a dropped goal: %q %q", rt, ackText(t, res))
	}
	public := 0
	for _, m := range e.sim.Messages() {
		if m.InChannel {
			public++
		}
	}
	if public != 3 {
		t.Errorf("%d public posts, want the 3 shares", public)
	}
}

func TestGoalCommentReachesTheOtherSide(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")

	got := e.cmd(alice, "/goal", "comment 1 Great start! Tell &lt;!channel&gt; when you're ready")
	if !strings.Contains(got, "Sent your comment on goal #1 to <@UBOB>") {
		t.Fatalf("mentor comment answer = %q", got)
	}
	e.settle()
	dm := e.waitDM(bob, "<@UALICE> commented on your goal *#1*")
	if !contains(dm, "Great start! Tell @channel when you're ready") {
		t.Errorf("comment DM lacks the escaped comment: %s", blockText(dm.Blocks))
	}
	if strings.Contains(blockText(dm.Blocks)+dm.Text, "<!channel>") {
		t.Errorf("comment DM has a raw <!channel>")
	}

	// The owner's note reaches the mentor.
	if got := e.cmd(bob, "/goal", "comment #1 Thanks, booked the first one"); !strings.Contains(got, "sent it to <@UALICE>") {
		t.Errorf("owner comment answer = %q", got)
	}
	e.settle()
	e.waitDM(alice, "<@UBOB> added a note to their goal *#1*")

	if got := e.cmd(alice, "/goal", "comment 1"); !strings.Contains(got, "Usage: `/goal comment N TEXT`") {
		t.Errorf("empty comment = %q", got)
	}
	if got := e.cmd(alice, "/goal", "comment 1 "+strings.Repeat("x", 2501)); !strings.Contains(got, "limit is 2500") {
		t.Errorf("long comment = %q", got)
	}
	cs, err := e.app.DB.GoalComments(e.ctx, bob, 1)
	if err != nil || len(cs) != 2 || cs[0].Text != "Great start! Tell <!channel> when you're ready" {
		t.Errorf("stored comments = %+v, %v", cs, err)
	}
	if got := e.cmd(bob, "/goal", "show 1"); !strings.Contains(got, "*Comments*") || !strings.Contains(got, "<@UALICE>") || !strings.Contains(got, "Tell @channel") {
		t.Errorf("show with comments:\n%s", got)
	}
	if n := len(e.dms(bob, "commented on your goal")); n != 1 {
		t.Errorf("bob got the comment %d times", n)
	}
}

func TestGoalModalAddAndEdit(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)

	// /goal alone opens the form, and so does /goal add alone.
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "")
	if res.Ack != nil && ackText(t, res) != "" {
		t.Errorf("/goal answered %q instead of opening the form", ackText(t, res))
	}
	v := e.waitModal(bob, "goal_form")
	for _, want := range []string{"goal_text", "goal_measure", "goal_due", "goal_why", "datepicker"} {
		if !strings.Contains(string(v.JSON), want) {
			t.Errorf("goal form lacks %s: %s", want, v.JSON)
		}
	}

	// Invalid values are answered in the form, and nothing is stored.
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "   "},
		"goal_due":  {"due": "2026-10-01"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["goal_text"], "Please say what your goal is") || !strings.Contains(sub.Errors["goal_due"], "already passed") || sub.Closed {
		t.Errorf("errors = %v, closed %v", sub.Errors, sub.Closed)
	}
	if n := len(e.goalsStored(bob)); n != 0 {
		t.Fatalf("an invalid form stored %d goals", n)
	}

	// A valid submission stores the goal and confirms it.
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text":    {"text": "Run a workshop on testing"},
		"goal_measure": {"measure": "20 people attend and rate it 4/5"},
		"goal_due":     {"due": "2026-12-01"},
		"goal_why":     {"why": "I want to teach"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("valid submission: errors %v, closed %v", sub.Errors, sub.Closed)
	}
	g := e.goalStored(1)
	if g.Text != "Run a workshop on testing" || g.Measure != "20 people attend and rate it 4/5" || g.DueOn != "2026-12-01" || g.Why != "I want to teach" || g.OwnerID != bob {
		t.Errorf("stored from the form: %+v", g)
	}
	confirm := e.waitDM(bob, "Added goal *#1*")
	if !contains(confirm, "SMART goal") || !contains(confirm, "20 people attend") {
		t.Errorf("confirmation: %s", blockText(confirm.Blocks))
	}

	e.cmd(bob, "/goal", "add")
	v = e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Mentor an intern"}}); err != nil {
		t.Fatal(err)
	}
	e.waitDM(bob, "Added goal *#2*")
	// Saved from the form, it is pointed to the form's date picker, not
	// to typing "by DATE" at the end of the goal.
	if tip := e.waitDM(bob, "It has no deadline yet"); !contains(tip, "date picker") || contains(tip, "Next time") {
		t.Errorf("the deadline tip after the form: %s", blockText(tip.Blocks))
	}

	// /goal edit opens the form filled in (owner only).
	for _, who := range []string{carol, alice} {
		if got := e.cmd(who, "/goal", "edit 1"); got == "" {
			t.Errorf("%s /goal edit 1 opened something", who)
		}
		if n := len(e.sim.OpenViews(who)); n != 0 {
			t.Errorf("%s got the edit form", who)
		}
	}
	e.cmd(bob, "/goal", "edit 1")
	v = e.waitModal(bob, "goal_form")
	for _, want := range []string{"Edit goal #1", "Run a workshop on testing", "20 people attend", "2026-12-01", "I want to teach"} {
		if !strings.Contains(string(v.JSON), want) {
			t.Errorf("edit form lacks %q", want)
		}
	}
	// Over-long text in the form: Slack's client stops it at max_length.
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": strings.Repeat("x", 301)}}); err == nil {
		t.Error("the form accepted 301 characters for the goal")
	}
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "Run two workshops on testing"},
		"goal_due":  {"due": "2027-01-15"},
	})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("edit submission: %v, %v", err, sub.Errors)
	}
	if g := e.goalStored(1); g.Text != "Run two workshops on testing" || g.DueOn != "2027-01-15" || g.Measure != "20 people attend and rate it 4/5" {
		t.Errorf("after edit: %+v", g)
	}
	e.waitDM(bob, "Updated goal *#1*")

	// An overdue goal can still be edited without changing its date.
	e.clock.Advance(80 * 24 * time.Hour) // 2027-01-21
	e.cmd(bob, "/goal", "edit 1")
	v = e.waitModal(bob, "goal_form")
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_why": {"why": "teaching helps me learn"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("editing an overdue goal: %v, %v", err, sub.Errors)
	}
	if g := e.goalStored(1); g.Why != "teaching helps me learn" || g.DueOn != "2027-01-15" {
		t.Errorf("after editing the overdue goal: %+v", g)
	}
	// A closed goal cannot be edited.
	e.cmd(bob, "/goal", "done 1")
	if got := e.cmd(bob, "/goal", "edit 1"); !strings.Contains(got, "is done, so it can't be edited. `/goal reopen 1` opens it again") {
		t.Errorf("edit of a done goal = %q", got)
	}
}

func TestGoalButtons(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)

	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "add Give 2 talks by 2026-12-15")
	if res.Message == nil {
		t.Fatal("no answer message")
	}
	msg := *res.Message

	// Update progress opens a small modal; its answer is confirmed.
	if _, err := e.sim.ClickButton(ctx, bob, msg, "goal_progress"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(bob, "goal_progress_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_percent": {"percent": "70"},
		"goal_note":    {"note": "first talk given"},
	})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("progress modal: %v, %+v", err, sub)
	}
	if g := e.goalStored(1); g.Progress != 70 {
		t.Errorf("progress after the modal = %d, want 70", g.Progress)
	}
	e.waitDM(bob, "0% → *70%*")
	if hist, _ := e.app.DB.GoalProgress(e.ctx, bob, 1); len(hist) != 1 || hist[0].Note != "first talk given" {
		t.Errorf("history after the modal = %+v", hist)
	}

	// Done closes the goal and replaces the message, without buttons.
	if _, err := e.sim.ClickButton(ctx, bob, msg, "goal_done"); err != nil {
		t.Fatal(err)
	}
	replaced, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.Channel == msg.Channel && m.TS == msg.TS && contains(m, "congratulations")
	})
	if err != nil {
		t.Fatalf("the message was not replaced: %v", err)
	}
	if contains(replaced, "Update progress") {
		t.Errorf("the replaced message still has buttons: %s", blockText(replaced.Blocks))
	}
	if g := e.goalStored(1); g.Status != store.GoalDone {
		t.Errorf("after Done: %+v", g)
	}
	e.settle()
	e.waitDM(alice, "<@UBOB> completed goal *#1*")

	// The buttons of a list: one per open goal, told apart by value.
	e.goalAdd(bob, "Read 3 books")
	e.goalAdd(bob, "Write 2 posts")
	list := e.cmdIn(bob, e.dmChannel(bob), "/goal", "list")
	if _, err := e.sim.ClickButtonValue(ctx, bob, *list.Message, "goal_progress", "3"); err != nil {
		t.Fatal(err)
	}
	v = e.waitModal(bob, "goal_progress_form")
	if !strings.Contains(string(v.JSON), "Write 2 posts") {
		t.Errorf("the list's button opened the wrong goal: %s", v.JSON)
	}
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_percent": {"percent": "25"}}); err != nil {
		t.Fatal(err)
	}
	if g := e.goalStored(3); g.Progress != 25 {
		t.Errorf("goal 3 progress = %d, want 25", g.Progress)
	}
	if g := e.goalStored(2); g.Progress != 0 {
		t.Errorf("goal 2 changed: %+v", g)
	}

	// A button on a DM message (as in the scheduler's "goal due" DMs) works
	// too: the Done button of the confirmation that a form sends.
	e.cmd(bob, "/goal", "")
	v = e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Pass the CKA exam"}}); err != nil {
		t.Fatal(err)
	}
	dm := e.waitDM(bob, "Added goal *#4*")
	if _, err := e.sim.ClickButton(ctx, bob, dm, "goal_done"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.Channel == dm.Channel && m.TS == dm.TS && contains(m, "Goal *#4* is done")
	}); err != nil {
		t.Fatalf("the DM was not replaced: %v", err)
	}
	if g := e.goalStored(4); g.Status != store.GoalDone {
		t.Errorf("goal 4 after Done in a DM: %+v", g)
	}
}

func TestGoalTextIsEscaped(t *testing.T) {
	e := goalEnv(t)
	// Slack sends the typed text escaped; the mention is a real one, shown
	// as plain "@carol" so that it pings nobody.
	got := e.goalAdd(bob, "Tell &lt;!channel&gt; &amp; <@UCAROL> about Go by 2026-12-15")
	if !strings.Contains(got, "Tell @channel &amp; @carol about Go") {
		t.Errorf("add answer not escaped:\n%s", got)
	}
	if g := e.goalStored(1); g.Text != "Tell <!channel> & <@UCAROL|carol> about Go" {
		t.Errorf("stored text = %q, want what was typed, unescaped, the mention named", g.Text)
	}
	e.cmd(bob, "/goal", "list")
	e.cmd(alice, "/goal", "list <@UBOB>")
	e.cmd(bob, "/goal", "progress 1 10 ping &lt;!here&gt;")
	e.cmdIn(bob, "C0GENERAL", "/goal", "share 1")
	e.cmd(alice, "/goal", "comment 1 &lt;!everyone&gt; look")
	e.settle()
	e.waitDM(bob, "commented on your goal")
	for _, m := range e.sim.Messages() {
		raw := m.Text + blockText(m.Blocks)
		for _, bad := range []string{"<!channel>", "<!here>", "<!everyone>", "<@UCAROL"} {
			if strings.Contains(raw, bad) {
				t.Errorf("message via %s to %s contains a raw %s: %s", m.Via, m.User, bad, truncateForLog(raw))
			}
		}
	}
	if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, fmt.Sprintf("*#%d* Tell @channel &amp; @carol about Go", 1)) {
		t.Errorf("list not escaped:\n%s", got)
	}
}

// A long goal list pages, for the mentee and for their mentor, and each
// page names the command for the next; no goal is left unreachable.
func TestGoalListPages(t *testing.T) {
	e := goalEnv(t)
	for i := 1; i <= 45; i++ {
		if got := e.goalAdd(bob, fmt.Sprintf("Ship feature %02d by 2027-03-01", i)); !strings.Contains(got, "Added goal") {
			t.Fatalf("goal %d: %s", i, got)
		}
	}
	first := e.cmd(bob, "/goal", "list")
	for _, want := range []string{"page 1 of 2", "Ship feature 01", "Ship feature 40", "Showing 1–40 of 45. The next 5: `/goal list 2`."} {
		if !strings.Contains(first, want) {
			t.Errorf("first page lacks %q:\n%s", want, first)
		}
	}
	if strings.Contains(first, "Ship feature 41") {
		t.Errorf("first page shows goal 41:\n%s", first)
	}
	second := e.cmd(alice, "/goal", "list <@UBOB|bob> 2")
	for _, want := range []string{"page 2 of 2", "Ship feature 41", "Ship feature 45", "Back to the start: `/goal list @bob 1`."} {
		if !strings.Contains(second, want) {
			t.Errorf("alice's second page of bob's goals lacks %q:\n%s", want, second)
		}
	}
	if strings.Contains(second, "Ship feature 40") {
		t.Errorf("second page shows goal 40:\n%s", second)
	}
	if got := e.cmd(bob, "/goal", "list page 3"); !strings.Contains(got, "45 goals, which fit on 2 pages, so there is no page 3. `/goal list 2` shows the last one.") {
		t.Errorf("page 3 answer = %q", got)
	}
	if got := e.cmd(bob, "/goal", "list all 2"); !strings.Contains(got, "page 2 of 2") || !strings.Contains(got, "`/goal list all 1`") {
		t.Errorf("'list all 2' answer = %q", got)
	}
	if got := e.cmd(bob, "/goal", "list banana"); !strings.Contains(got, "Usage: `/goal list`") {
		t.Errorf("'list banana' answer = %q", got)
	}
}

// "60 percent" sets 60%: the word names the figure and is not kept as
// the update's note.
func TestGoalProgressInWords(t *testing.T) {
	e := newEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(bob, "/goal", "add Ship the RFC by 2026-12-15")
	for _, typed := range []string{"progress 1 60 percent", "progress 1 70 PCT", "progress 1 80 percent of chapters read"} {
		if got := e.cmd(bob, "/goal", typed); strings.Contains(got, "> percent") || strings.Contains(got, "> PCT") {
			t.Errorf("/goal %s = %q", typed, got)
		}
	}
	hist, err := e.app.DB.GoalProgress(e.ctx, bob, 1)
	if err != nil || len(hist) != 3 || hist[0].Percent != 60 || hist[0].Note != "" || hist[1].Note != "" || hist[2].Percent != 80 || hist[2].Note != "of chapters read" {
		t.Fatalf("history = %+v, %v", hist, err)
	}
}

// A goal typed in the form with its date ("… by 2027-05-01"), as /goal
// add takes it, is due that day when no date is picked; one picked that
// disagrees is answered in the form and nothing is stored.
func TestGoalFormReadsTheDateInTheGoal(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(bob, "/goal", "add")
	v := e.waitModal(bob, "goal_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "Mentor 2 interns by 2027-05-01"},
		"goal_due":  {"due": "2026-11-02"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["goal_due"], "The goal says “by Sat 1 May 2027”") || sub.Closed {
		t.Fatalf("dates that disagree: errors %v, closed %v", sub.Errors, sub.Closed)
	}
	if n := len(e.goalsStored(bob)); n != 0 {
		t.Fatalf("dates that disagree stored %d goals", n)
	}
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_due": {"due": "2027-05-01"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("dates that agree: %v, %v", err, sub.Errors)
	}
	if g := e.goalStored(1); g.Text != "Mentor 2 interns" || g.DueOn != "2027-05-01" {
		t.Errorf("stored from the form: %+v", g)
	}

	e.cmd(bob, "/goal", "add")
	v = e.waitModal(bob, "goal_form")
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Give a talk by end of month"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("the date in the goal alone: %v, %v", err, sub.Errors)
	}
	if g := e.goalStored(2); g.Text != "Give a talk" || g.DueOn != "2026-11-30" {
		t.Errorf("stored from the form: %+v", g)
	}

	// "by June" alone asks which day; with a day of it picked, the goal
	// keeps its words and is due the day picked.
	e.cmd(bob, "/goal", "add")
	v = e.waitModal(bob, "goal_form")
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Get promoted by June"}, "goal_due": {"due": "2027-06-30"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("by June with a day picked: %v, %v", err, sub.Errors)
	}
	if g := e.goalStored(3); g.Text != "Get promoted by June" || g.DueOn != "2027-06-30" {
		t.Errorf("stored from the form: %+v", g)
	}
}

// A goal-due DM follows its goal: dropped or done, it says so and loses
// its buttons (and an undo brings them back); with a new date, it says
// when the goal is due now. Progress alone does not edit it.
func TestGoalDueDMsFollowTheGoal(t *testing.T) {
	e, _ := schedEnv(t)
	ctx := goalCtx(e)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	var ids []int64
	for i, g := range []string{"Read the SRE book", "Give a talk", "Ship the migration", "Write a design doc"} {
		ids = append(ids, goalNumberIn(t, e.cmd(bob, "/goal", fmt.Sprintf("add %s by 2026-11-%02d", g, 9+i))))
	}
	e.schedWalk(schedAt("2026-11-08 15:00"))
	dm := map[int64]slacksim.Message{}
	for _, id := range ids[:3] {
		dm[id] = e.waitDM(bob, fmt.Sprintf("Your goal *#%d* is due", id))
	}
	e.cmd(bob, "/goal", fmt.Sprintf("drop %d", ids[0]))
	done := e.cmdIn(bob, e.dmChannel(bob), "/goal", fmt.Sprintf("done %d", ids[1]))
	e.cmd(bob, "/goal", fmt.Sprintf("progress %d 40", ids[2]))
	now := func(id int64) slacksim.Message {
		m, _ := e.sim.LookupMessage(dm[id].Channel, dm[id].TS)
		return m
	}
	for id, want := range map[int64]string{ids[0]: fmt.Sprintf("Goal *#%d* is dropped.", ids[0]), ids[1]: fmt.Sprintf("Goal *#%d* is done.", ids[1])} {
		eventually(t, fmt.Sprintf("goal #%d's DM to say %q", id, want), func() bool { return contains(now(id), want) })
		if strings.Contains(string(now(id).Blocks), "goal_done") {
			t.Errorf("goal #%d's DM keeps its buttons: %s", id, now(id).Blocks)
		}
	}
	e.settle()
	if m := now(ids[2]); m.Text != dm[ids[2]].Text || !strings.Contains(string(m.Blocks), "goal_done") {
		t.Errorf("a progress update edited the goal's DM: %s", blockText(m.Blocks))
	}
	// Undo of the done: the DM is the reminder again, with its buttons.
	if done.Message == nil {
		t.Fatal("no answer to /goal done")
	}
	if _, err := e.sim.ClickButton(ctx, bob, *done.Message, "goal_reopen"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the DM to be the reminder again", func() bool {
		return contains(now(ids[1]), fmt.Sprintf("Your goal *#%d* is due", ids[1])) && strings.Contains(string(now(ids[1]).Blocks), "goal_done")
	})
	// A new date: the DM says when the goal is due now.
	e.cmd(bob, "/goal", fmt.Sprintf("edit %d", ids[2]))
	v := e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Ship the migration"}, "goal_due": {"due": "2026-11-30"}}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the DM to give the new date", func() bool { return contains(now(ids[2]), "is due on Mon 30 Nov 2026 now") })
	noFailures(t, e)
}
