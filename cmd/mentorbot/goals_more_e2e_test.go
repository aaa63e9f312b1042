package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// More end-to-end tests of /goal, from a user audit: signed percentages,
// mentions and channel links in goal text, a date without a goal, extra
// words after a goal's number, and where "…and N more" points.

// goalRawMarkup is what must never show in a message as Slack's markup of
// what bob typed (his goal names alice, #general and a user group).
var goalRawMarkup = []string{"<@UALICE|", "&lt;@UALICE", "<#C0GENERAL", "&lt;#C0GENERAL", "subteam", "<!channel>", "<!here>"}

// goalNoMarkup fails when text shows any of goalRawMarkup.
func goalNoMarkup(t *testing.T, where, text string) {
	t.Helper()
	for _, bad := range goalRawMarkup {
		if strings.Contains(text, bad) {
			t.Errorf("%s shows %q:\n%s", where, bad, text)
		}
	}
}

// goalInitialValues are the initial_value strings of a view, by action_id.
func goalInitialValues(t *testing.T, v slacksim.View) map[string]string {
	t.Helper()
	out := map[string]string{}
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if id, ok := x["action_id"].(string); ok {
				if iv, ok := x["initial_value"].(string); ok {
					out[id] = iv
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	var doc any
	if err := json.Unmarshal(v.JSON, &doc); err != nil {
		t.Fatal(err)
	}
	walk(doc)
	return out
}

func TestGoalProgressRefusesASignedNumber(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.goalAdd(bob, "Write 3 blog posts by 2026-12-31")
	e.goalAdd(bob, "Give 2 talks by 2026-12-31")
	if got := e.cmd(bob, "/goal", "progress 2 100"); !strings.Contains(got, "100%") {
		t.Fatalf("progress 2 100 = %q", got)
	}

	// "+10" on a goal at 100% used to answer "100% → 10%".
	for _, text := range []string{"progress 2 +10", "progress 2 -10", "progress 2 -0", "progress 2 +10% more done", "progress #2 −5"} {
		got := e.cmd(bob, "/goal", text)
		for _, want := range []string{"new percentage from 0 to 100, not a change", "`/goal progress 2 60`", "Nothing changed"} {
			if !strings.Contains(got, want) {
				t.Errorf("/goal %s answer lacks %q: %q", text, want, got)
			}
		}
		if strings.Contains(got, "→") {
			t.Errorf("/goal %s moved the goal: %q", text, got)
		}
	}
	if got := e.cmd(bob, "/goal", "progress 2 -10"); !strings.Contains(got, "“-10”") {
		t.Errorf("the refusal does not name what was typed: %q", got)
	}
	if g := e.goalStored(2); g.Progress != 100 {
		t.Errorf("goal 2 is at %d%%, want still 100%%", g.Progress)
	}
	if hist, _ := e.app.DB.GoalProgress(e.ctx, bob, 2); len(hist) != 1 {
		t.Errorf("refused updates left history: %+v", hist)
	}
	// Plain numbers still work.
	if got := e.cmd(bob, "/goal", "progress 1 10"); !strings.Contains(got, "0% → *10%*") {
		t.Errorf("progress 1 10 = %q", got)
	}

	// The progress form refuses a sign too.
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "list")
	if _, err := e.sim.ClickButtonValue(ctx, bob, *res.Message, "goal_progress", "1"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(bob, "goal_progress_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_percent": {"percent": "+5"}})
	if err == nil {
		if sub.Closed || !strings.Contains(sub.Errors["goal_percent"], "without + or −") {
			t.Errorf("the form took +5: %+v", sub)
		}
	}
	if g := e.goalStored(1); g.Progress != 10 {
		t.Errorf("goal 1 is at %d%% after the form, want 10%%", g.Progress)
	}
}

func TestGoalTextShowsMentionsAndChannelsReadably(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	// As Slack sends it: real mentions and links, typed markup escaped.
	const typed = "Pair with <@UALICE|alice> in <#C0GENERAL|general> and tell <!subteam^S0PLAT|@platform> &lt;!channel&gt; &amp; co by 2026-11-12"
	const shown = "Pair with @alice in #general and tell @platform @channel &amp; co"
	const stored = "Pair with <@UALICE|alice> in <#C0GENERAL|general> and tell <!subteam^S0PLAT|@platform> <!channel> & co"

	got := e.goalAdd(bob, typed)
	if !strings.Contains(got, shown) {
		t.Errorf("/goal add answer lacks %q:\n%s", shown, got)
	}
	goalNoMarkup(t, "/goal add answer", got)
	if g := e.goalStored(1); g.Text != stored {
		t.Fatalf("stored %q, want %q", g.Text, stored)
	}

	for _, c := range []struct{ who, text string }{{bob, "list"}, {alice, "list <@UBOB|bob>"}, {bob, "show 1"}, {alice, "show 1"}} {
		got := e.cmd(c.who, "/goal", c.text)
		if !strings.Contains(got, shown) {
			t.Errorf("/goal %s lacks %q:\n%s", c.text, shown, got)
		}
		goalNoMarkup(t, "/goal "+c.text, got)
	}

	post := postText(e.sharePost(bob, "C0GENERAL", "share 1"))
	if !strings.Contains(post, shown) {
		t.Errorf("the shared post lacks %q:\n%s", shown, post)
	}
	goalNoMarkup(t, "the shared post", post)

	// The mentor's comment DM quotes the goal.
	e.cmd(alice, "/goal", "comment 1 ask <@UCAROL|carol> in <#C0GENERAL|general>")
	e.settle()
	dm := e.waitDM(bob, "commented on your goal")
	if txt := dm.Text + blockText(dm.Blocks); !strings.Contains(txt, "ask @carol in #general") || !strings.Contains(txt, "@alice in #general") {
		t.Errorf("comment DM:\n%s", txt)
	}

	// The goal-due DM (three days before) and the weekly check-ins of
	// Monday 9 November, bob's own and alice's about her mentee.
	e.schedWalk(time.Date(2026, 11, 9, 23, 0, 0, 0, time.UTC))
	for _, key := range []string{"goal_due:to=UBOB:goal=1:due=2026-11-12", "checkin:to=UBOB:on=2026-11-09", "checkin:to=UALICE:on=2026-11-09"} {
		m := e.schedDM(key)
		txt := m.Text + "\n" + blockText(m.Blocks)
		if !strings.Contains(txt, shown) {
			t.Errorf("%s lacks %q:\n%s", key, shown, txt)
		}
		goalNoMarkup(t, key, txt)
	}

	// App Home, the mentee's and the mentor's.
	for _, who := range []string{bob, alice} {
		v := homeOpen(e, who, func(s string) bool { return strings.Contains(s, "Pair with") })
		txt := homeText(v)
		if !strings.Contains(txt, shown) {
			t.Errorf("%s's Home lacks %q:\n%s", who, shown, txt)
		}
		goalNoMarkup(t, who+"'s Home", txt)
	}

	// The edit form shows the goal as it reads, in plain text.
	e.cmd(bob, "/goal", "edit 1")
	v := e.waitModal(bob, "goal_form")
	ivs := goalInitialValues(t, v)
	if want := "Pair with @alice in #general and tell @platform @channel & co"; ivs["text"] != want {
		t.Errorf("the edit form shows %q, want %q", ivs["text"], want)
	}
	// Saved unchanged (only the reason added), the text is stored as it was.
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_why": {"why": "so <@UALICE|alice> sees it"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving the form unchanged: %v %+v", err, sub)
	}
	if g := e.goalStored(1); g.Text != stored {
		t.Errorf("saving the form unchanged stored %q, want %q", g.Text, stored)
	}
	e.waitDM(bob, "Updated goal *#1*")

	// Edited around the mention, the mention and the channel stay.
	e.cmd(bob, "/goal", "edit 1")
	v = e.waitModal(bob, "goal_form")
	if iv := goalInitialValues(t, v)["why"]; iv != "so @alice sees it" {
		t.Errorf("the form's reason shows %q", iv)
	}
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Pair weekly with @alice in #general"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("editing the form: %v %+v", err, sub)
	}
	g := e.goalStored(1)
	if want := "Pair weekly with <@UALICE|alice> in <#C0GENERAL|general>"; g.Text != want || g.Why != "so <@UALICE|alice> sees it" {
		t.Errorf("after the edit: text %q, why %q; want text %q", g.Text, g.Why, want)
	}
	if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "Pair weekly with @alice in #general") {
		t.Errorf("list after the edit:\n%s", got)
	}

	// Session notes read the same way.
	e.cmd(bob, "/session", "log <@UALICE> talked in <#C0GENERAL|general> about <@UCAROL|carol>'s talk &lt;!here&gt;")
	if got := e.cmd(bob, "/session", "list"); !strings.Contains(got, "talked in #general about @carol's talk @here") {
		t.Errorf("/session list:\n%s", got)
	}

	// Nothing the bot sent along the way pinged anybody or showed markup.
	for _, m := range e.sim.Messages() {
		raw := m.Text + blockText(m.Blocks)
		for _, bad := range []string{"<!channel>", "<!here>", "<!subteam", "<#C0GENERAL", "&lt;#C0GENERAL", "&lt;@UALICE", "<@UALICE|", "<@UCAROL"} {
			if strings.Contains(raw, bad) {
				t.Errorf("message via %s to %s contains %s: %s", m.Via, m.User, bad, truncateForLog(raw))
			}
		}
	}
}

func TestGoalAddWithADateButNoGoal(t *testing.T) {
	e := goalEnv(t)
	for _, text := range []string{"by 2026-12-31", "By next friday", ", by Dec 15", "by 2026-02-30", "by yesterday"} {
		got := e.goalAdd(bob, text)
		for _, want := range []string{"What's the goal?", "`/goal add Give my first talk at the Go meetup by end of quarter`", "I haven't added anything"} {
			if !strings.Contains(got, want) {
				t.Errorf("/goal add %s answer lacks %q: %q", text, want, got)
			}
		}
		if strings.Contains(got, "Added goal") || strings.Contains(got, "no deadline") {
			t.Errorf("/goal add %s added a goal: %q", text, got)
		}
	}
	if gs := e.goalsStored(bob); len(gs) != 0 {
		t.Errorf("goals stored: %+v", gs)
	}
	// A goal that starts with "by" but names no date is a goal.
	if got := e.goalAdd(bob, "by 20% faster builds"); !strings.Contains(got, "Added goal *#1*") {
		t.Errorf("'by 20%% faster builds' = %q", got)
	}
}

func TestGoalCommandsNameExtraWords(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	e.goalAdd(bob, "Read 3 books")
	stored := e.goalStored(2)

	// ("/goal drop 2 extra words" drops it, keeping the words as the
	// reason: TestGoalDropKeepsTheReason.)
	for _, verb := range []string{"done", "share", "show", "edit"} {
		res := e.cmdIn(bob, "C0GENERAL", "/goal", verb+" 2 extra words")
		got := ackText(t, res)
		for _, want := range []string{fmt.Sprintf("`/goal %s` takes just the goal's number, like `/goal %s 2`", verb, verb), "“extra words”"} {
			if !strings.Contains(got, want) {
				t.Errorf("/goal %s 2 extra words answer lacks %q: %q", verb, want, got)
			}
		}
		if strings.Contains(got, "Which goal?") {
			t.Errorf("/goal %s 2 extra words asks which goal: %q", verb, got)
		}
		if rt := goalResponseType(t, res); rt != "ephemeral" {
			t.Errorf("/goal %s 2 extra words answered %q", verb, rt)
		}
	}
	if got := e.cmd(bob, "/goal", "done 2 &lt;!channel&gt; <@UALICE|alice>"); !strings.Contains(got, "“@channel @alice”") {
		t.Errorf("extra words not shown readably and escaped: %q", got)
	}
	// Sharing to another channel: told where to type it.
	if got := e.cmd(bob, "/goal", "share 2 <#C0GENERAL|general>"); !strings.Contains(got, "Type `/goal share 2` in #general") {
		t.Errorf("share to a channel = %q", got)
	}
	if g := e.goalStored(2); g != stored {
		t.Errorf("goal 2 changed: %+v, was %+v", g, stored)
	}
	if n := len(e.sim.OpenViews(bob)); n != 0 {
		t.Errorf("edit with extra words opened %d forms", n)
	}
	for _, m := range e.sim.Messages() {
		if m.InChannel {
			t.Errorf("something was posted: %s", blockText(m.Blocks))
		}
	}
	// Without extra words they still work.
	if got := e.cmd(bob, "/goal", "done 2"); !strings.Contains(got, "Goal *#2* is done") {
		t.Errorf("done 2 = %q", got)
	}
}

func TestGoalMorePointsToTheRightCommand(t *testing.T) {
	e := goalEnv(t)
	ps, err := e.app.DB.PairsOf(e.ctx, bob, false)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pairs: %v %v", ps, err)
	}
	p := ps[0]
	// Ten goals for bob: the check-in shows 8, the Home 5 to the mentor.
	for i := 1; i <= 10; i++ {
		pgGoal(e, bob, fmt.Sprintf("Goal number %d", i))
	}
	// Eight to-dos, all bob's, and two of alice's.
	var todos []store.NewTodo
	for i := 1; i <= 8; i++ {
		todos = append(todos, store.NewTodo{Text: fmt.Sprintf("bob's to-do %d", i)})
	}
	todos = append(todos, store.NewTodo{OwnerID: alice, Text: "alice's to-do 1"}, store.NewTodo{OwnerID: alice, Text: "alice's to-do 2"})
	if _, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "kick-off", Todos: todos}); err != nil {
		t.Fatal(err)
	}

	e.schedWalk(time.Date(2026, 11, 9, 15, 0, 0, 0, time.UTC))
	ac := blockText(e.schedDM("checkin:to=UALICE:on=2026-11-09").Blocks)
	if !strings.Contains(ac, "…and 2 more: `/goal list @bob`") {
		t.Errorf("alice's check-in does not point to bob's goals:\n%s", ac)
	}
	bc := blockText(e.schedDM("checkin:to=UBOB:on=2026-11-09").Blocks)
	if !strings.Contains(bc, "…and 2 more: `/goal list`") {
		t.Errorf("bob's check-in does not point to his goals:\n%s", bc)
	}
	// Only the owner updates a goal: the mentor is pointed to comments.
	if strings.Contains(ac, "/goal progress") || !strings.Contains(ac, "`/goal comment N TEXT`") {
		t.Errorf("alice's check-in suggests what she may not do:\n%s", ac)
	}
	if !strings.Contains(bc, "`/goal progress N PERCENT`") || strings.Contains(bc, "/goal comment") {
		t.Errorf("bob's check-in hint:\n%s", bc)
	}

	// The mentor's Home: 5 of 10 to-dos shown; the rest are mostly bob's,
	// which `/session todos` would not list for alice: the pair's list does.
	ah := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "Goal number") }))
	for _, want := range []string{"…and 5 more: `/goal list @bob`", "`/session todos @bob` lists all of the pair's"} {
		if !strings.Contains(ah, want) {
			t.Errorf("alice's Home lacks %q:\n%s", want, ah)
		}
	}
	if strings.Contains(ah, "<@UBOB>`") || strings.Contains(ah, "more open to-dos: `/session todos`") {
		t.Errorf("alice's Home points to the wrong command:\n%s", ah)
	}
	// The pair's to-dos are listed by /session todos @bob, as the Home says.
	if got := e.cmd(alice, "/session", "todos <@UBOB|bob>"); !strings.Contains(got, "bob's to-do 8") {
		t.Errorf("/session todos @bob lacks the pair's to-dos:\n%s", got)
	}
}

// Slack may send a mention without its name (<@U123>). The bot names it
// from the person's profile, so that the text reads "@alice", as when
// Slack sends the name, and not as an ID; someone unknown stays as sent.
func TestBareMentionsInCommandsReadAsNames(t *testing.T) {
	e := goalEnv(t)
	got := e.goalAdd(bob, "Shadow <@UALICE> and <@UNOSUCH> on call by 2026-11-30")
	if !strings.Contains(got, "Shadow @alice and @UNOSUCH on call") {
		t.Errorf("/goal add answer: %s", got)
	}
	if g := e.goalStored(1); g.Text != "Shadow <@UALICE|alice> and <@UNOSUCH> on call" {
		t.Errorf("stored %q", g.Text)
	}
	// A bare mention still names the partner of a command.
	if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "Shadow @alice") {
		t.Errorf("/goal list: %s", got)
	}
	if got := e.cmd(alice, "/goal", "list <@UBOB>"); !strings.Contains(got, "Shadow @alice") {
		t.Errorf("/goal list <@UBOB>: %s", got)
	}
}

// /goal share typed in a DM between two people (the mentee and a
// colleague) posts the goal there, for both to see, as the person asked:
// only in the DM with the bot, where nobody else would see a post, is the
// goal just shown to them, with how to share it.
func TestGoalShareInADMWithSomeone(t *testing.T) {
	e := goalEnv(t)
	n := goalNumberIn(t, e.goalAdd(bob, "Give 2 talks by 2026-12-15"))
	if post := e.sharePost(bob, e.sim.DirectMessage(bob, carol), fmt.Sprintf("share %d", n)); !post.InChannel || strings.Contains(postText(post), "only you see it") {
		t.Errorf("share in bob's DM with carol: %+v", post)
	}
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", fmt.Sprintf("share %d", n))
	if rt := goalResponseType(t, res); rt != "ephemeral" || !strings.Contains(ackText(t, res), "only you see it") {
		t.Errorf("share in the DM with the bot: %q, %q", rt, ackText(t, res))
	}
	noFailures(t, e)
}

// Asking for a page after the only one of a goal list says that the list
// is all on one page and which command shows it, not that "`/goal list 1`
// shows the last one", which reads as the last goal.
func TestGoalListPageAfterTheOnlyOne(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give 2 talks by 2027-03-31")
	e.goalAdd(bob, "Ship 3 PRs by 2027-02-28")
	for _, c := range []struct{ who, text, want string }{
		{bob, "list 2", "That list has 2 goals, all on one page: `/goal list` shows them."},
		{alice, "list <@UBOB|bob> 3", "That list has 2 goals, all on one page: `/goal list @bob` shows them."},
	} {
		if got := e.cmd(c.who, "/goal", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/goal %s = %q, want %q", c.text, got, c.want)
		}
	}
	if got := e.cmd(bob, "/goal", "list 2"); strings.Contains(got, "shows the last one") {
		t.Errorf("/goal list 2 = %q", got)
	}
}

// The same for a pair's to-dos: /session todos @partner N past the only
// page says they are all on one page.
func TestPairTodosPageAfterTheOnlyOne(t *testing.T) {
	e := goalEnv(t)
	e.cmd(alice, "/session", "log we met todo: read the book todo: @me send slides")
	want := "Your pair with <@UBOB> has 2 open to-dos, all on one page: `/session todos @bob` shows them."
	if got := e.cmd(alice, "/session", "todos <@UBOB|bob> 2"); !strings.Contains(got, want) {
		t.Errorf("/session todos @bob 2 = %q, want %q", got, want)
	}
}

// A mentor of two or three mentees is shown the command for each, not
// one named for the first as if it listed them all; of more, the form.
func TestGoalListNamesTheCommandForEachMentee(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	e.pair(alice, carol)
	got := e.cmd(alice, "/goal", "list")
	wantAnswer(t, "alice's list", got, "You mentor <@UBOB> and <@UCAROL>: `/goal list @bob` and `/goal list @carol` show their goals.")
	e.pair(alice, erin)
	e.pair(alice, dana)
	got = e.cmd(alice, "/goal", "list")
	wantAnswer(t, "alice's list", got, "You mentor <@UBOB>, <@UCAROL>, <@UERIN> and <@UDANA>: `/goal list @name` shows a mentee's goals.")
}

// A mentor who types a goal for their mentee is told that goals are the
// mentee's, and nothing is saved: saved, the goal would be the mentor's
// own, with the mentee's name in it, shown to the mentor's own mentors.
func TestGoalAddForSomeoneElseIsRefused(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(alice, "/goal", "add <@UBOB|bob> finish exercise 2 by 2027-02-10")
	if !strings.Contains(got, "Goals are set by the mentee") || !strings.Contains(got, "I haven't added anything") || !strings.Contains(got, "`/goal list @bob`") {
		t.Errorf("alice's goal for bob: %q", got)
	}
	for _, u := range []string{alice, bob} {
		if gs, err := e.app.DB.Goals(e.ctx, u, u, false); err != nil || len(gs) != 0 {
			t.Errorf("%s's goals: %+v, %v", u, gs, err)
		}
	}
	// A goal may start with someone's name: the mentee's too.
	if got := e.cmd(alice, "/goal", "add <@UBOB|bob> and I co-present 2 talks at the summit by 2027-02-10"); !strings.Contains(got, "Added goal") {
		t.Errorf("alice's goal that starts with bob's name: %q", got)
	}
	if got := e.cmd(bob, "/goal", "add <@UALICE|alice> and I co-present 2 talks at the summit by 2027-02-10"); !strings.Contains(got, "Added goal") {
		t.Errorf("bob's goal that starts with alice's name: %q", got)
	}
}
