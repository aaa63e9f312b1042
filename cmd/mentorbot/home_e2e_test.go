package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// homeOpen opens user's App Home tab and waits for the bot to publish a
// view that satisfies ok (nil: any view).
func homeOpen(e *env, user string, ok func(string) bool) slacksim.View {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	before, _ := e.sim.HomeView(user)
	if err := e.sim.OpenEvent(ctx, user); err != nil {
		e.t.Fatal(err)
	}
	return homeWait(e, user, func(v slacksim.View) bool {
		return v.Hash != before.Hash && (ok == nil || ok(homeText(v)))
	})
}

// homeWait waits until user's published Home satisfies cond.
func homeWait(e *env, user string, cond func(slacksim.View) bool) slacksim.View {
	e.t.Helper()
	return e.waitView(user, "their App Home to show as expected", func(v slacksim.View) bool {
		return v.Type == "home" && cond(v)
	})
}

// homeRefreshEvery is the bot's interval between refreshes of one Home
// (bot.homeRefreshInterval), on its clock of network waits.
const homeRefreshEvery = 2 * time.Second

func homeText(v slacksim.View) string { return blockText(v.Message().Blocks) }

func homeBlockCount(t *testing.T, v slacksim.View) int {
	t.Helper()
	var blocks []json.RawMessage
	if err := json.Unmarshal(v.Message().Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	return len(blocks)
}

// homeSchedule sets the pair's meetings straight in the store.
func homeSchedule(e *env, actor string, p store.Pair, when string) {
	e.t.Helper()
	loc, _ := time.LoadLocation("Europe/Berlin")
	rule, dur, err := cadence.ParseMeet(when, loc, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.DB.SetSchedule(e.ctx, actor, p.ID, rule.Encode(), dur); err != nil {
		e.t.Fatal(err)
	}
}

func TestHomeShowsPairsGoalsMeetingsAndTodos(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	g := pgGoal(e, bob, "Give a talk at the <!here> meetup")
	if _, _, err := e.app.DB.SetGoalProgress(e.ctx, bob, g.ID, 40, ""); err != nil {
		t.Fatal(err)
	}
	homeSchedule(e, alice, p, "weekly thu 15:00")
	s, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Kick-off chat",
		Todos: []store.NewTodo{{Text: "Draft the abstract"}, {OwnerID: alice, Text: "Intro to the SRE team"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.AddAgendaItem(e.ctx, bob, p.ID, "Review my slides", time.Time{}); err != nil {
		t.Fatal(err)
	}

	v := homeOpen(e, bob, nil)
	txt := homeText(v)
	for _, want := range []string{"<@UALICE> mentors you", "Give a talk at the", "40%", "Next meeting", "Meets every Thursday at 15:00",
		"Review my slides", "Draft the abstract", "Intro to the SRE team", "Kick-off chat", fmt.Sprintf("session #%d", s.ID),
		"home_todo_done", "agenda_add", "session_log_open", "home_snooze", "home_settings", "goal_progress"} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's Home lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(string(v.JSON), "<!here>") {
		t.Errorf("the Home echoes a raw <!here>")
	}
	av := homeOpen(e, alice, nil)
	atxt := homeText(av)
	for _, want := range []string{"You mentor <@UBOB>", "<@UBOB>'s goals", "Give a talk", "Review my slides"} {
		if !strings.Contains(atxt, want) {
			t.Errorf("alice's Home lacks %q:\n%s", want, atxt)
		}
	}
	if strings.Contains(atxt, "goal_progress") {
		t.Errorf("the mentor gets Update buttons for the mentee's goals")
	}

	// Done on a to-do closes it, and both Homes refresh.
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButtonValue(ctx, bob, v.Message(), "home_todo_done", fmt.Sprint(s.Todos[0].ID)); err != nil {
		t.Fatal(err)
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "Draft the abstract") })
	homeWait(e, alice, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "Draft the abstract") })
	if td, err := e.app.DB.Todo(e.ctx, bob, s.Todos[0].ID); err != nil || td.Status != store.TodoDone {
		t.Errorf("to-do after Done = %+v, %v", td, err)
	}

	// A snooze shows on both Homes without reopening them.
	e.cmd(bob, "/mentor", "snooze 2w")
	homeWait(e, alice, func(v slacksim.View) bool { return strings.Contains(homeText(v), "nudges snoozed until") })

	// The Settings button opens the settings modal; the Snooze button the
	// snooze modal, whose answer is checked.
	cur, _ := e.sim.HomeView(bob)
	if _, err := e.sim.ClickButton(ctx, bob, cur.Message(), "home_settings"); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CloseView(ctx, bob, e.waitModal(bob, "settings").ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.ClickButton(ctx, bob, cur.Message(), "home_snooze"); err != nil {
		t.Fatal(err)
	}
	sv := e.waitModal(bob, "snooze")
	res := pgSubmit(e, bob, sv.ID, map[string]map[string]any{"snooze_for": {"value": "forever"}})
	if res.Closed || res.Errors["snooze_for"] == "" {
		t.Fatalf("a bad snooze in the modal: %+v", res)
	}
	res = pgSubmit(e, bob, sv.ID, map[string]map[string]any{"snooze_for": {"value": "off"}})
	if !res.Closed {
		t.Fatalf("snooze off in the modal: %+v", res)
	}
	if pgLoadPair(e, p.ID).Snoozed(e.clock.Now()) {
		t.Error("the modal's off left the pair snoozed")
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "nudges snoozed until") })
	if n := homeBlockCount(t, v); n > 100 {
		t.Errorf("Home has %d blocks", n)
	}
	pgNoFailures(e)
}

func TestHomeForSomeoneWithoutAPairExplainsHowToGetAMentor(t *testing.T) {
	e := newEnv(t)
	v := homeOpen(e, carol, nil)
	txt := homeText(v)
	for _, want := range []string{"Welcome to mentorbot", "How to get a mentor", "/mentor request @someone", "/mentor join"} {
		if !strings.Contains(txt, want) {
			t.Errorf("carol's Home lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "mentors you") {
		t.Errorf("carol's Home shows a pair: %s", txt)
	}
	// An admin sees the admin commands too.
	if dv := homeOpen(e, dana, nil); !strings.Contains(homeText(dv), "/mentor report") {
		t.Errorf("dana's Home lacks the admin note: %s", homeText(dv))
	}
	// Once paired, the Home shows the pair when opened again.
	e.pair(alice, carol)
	v = homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "<@UALICE> mentors you") })
	if strings.Contains(homeText(v), "How to get a mentor") {
		t.Errorf("a paired person still sees how to get a mentor")
	}
	pgNoFailures(e)
}

func TestHomeStaysWithinSlacksBlockLimit(t *testing.T) {
	e := newEnv(t)
	for i := range 12 {
		mentee := fmt.Sprintf("UMENTEE%02d", i)
		p, err := e.app.DB.CreatePair(e.ctx, dana, alice, mentee)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 7 {
			if _, err := e.app.DB.AddGoal(e.ctx, mentee, store.GoalInput{Text: strings.Repeat("long goal text ", 19) + fmt.Sprint(j)}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.app.DB.AddAgendaItem(e.ctx, mentee, p.ID, strings.Repeat("agenda ", 40), time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		var todos []store.NewTodo
		for j := range 8 {
			todos = append(todos, store.NewTodo{Text: fmt.Sprintf("to-do %d %s", j, strings.Repeat("x", 250))})
		}
		if _, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: strings.Repeat("notes ", 400), Todos: todos}); err != nil {
			t.Fatal(err)
		}
	}
	for j := range 9 {
		pgGoal(e, alice, fmt.Sprintf("Alice's own goal %d", j))
	}
	v := homeOpen(e, alice, nil)
	if n := homeBlockCount(t, v); n > 100 || n < 50 {
		t.Errorf("Home has %d blocks, want between 50 and 100", n)
	}
	txt := homeText(v)
	if !strings.Contains(txt, "more pairs") || !strings.Contains(txt, "/goal list") {
		t.Errorf("the Home does not say what it left out:\n%s", txt)
	}
	pgNoFailures(e)
}

func TestHomeRefreshesAreCoalesced(t *testing.T) {
	// Coalescing runs on the clock of network waits: a fake one keeps the
	// changes below "quick" on however slow a machine.
	wait := clock.NewFake(testStart)
	e := newEnvWithNetWait(t, wait)
	pgPair(e)
	homeOpen(e, bob, nil)
	homeOpen(e, carol, nil)
	publishesTo := func(user string) int {
		n := 0
		for _, c := range e.sim.CallsTo("views.publish") {
			if c.Params.Get("user_id") == user {
				n++
			}
		}
		return n
	}
	publishes := func() int { return publishesTo(bob) }
	before := publishes()
	for _, text := range []string{"snooze 2w", "snooze off", "snooze 10d", "snooze off", "snooze 3w"} {
		if got := e.cmd(bob, "/mentor", text); strings.Contains(got, "Sorry") {
			t.Fatalf("%s: %q", text, got)
		}
	}
	// The last state shows within the coalescing interval…
	wait.Advance(homeRefreshEvery)
	homeWait(e, bob, func(v slacksim.View) bool { return strings.Contains(homeText(v), "nudges snoozed until") })
	// Refreshes are published one at a time, in the order asked: once a
	// change of carol's, asked for after all of bob's, shows on her Home,
	// whatever was left queued for bob, a later interval on, has been too.
	e.cmd(carol, "/goal", "add Learn to bake bread by 2027-01-31")
	wait.Advance(homeRefreshEvery)
	homeWait(e, carol, func(v slacksim.View) bool { return strings.Contains(homeText(v), "bake bread") })
	// …after at most two publishes: one at once, one for everything after.
	if n := publishes() - before; n < 1 || n > 2 {
		t.Errorf("%d publishes of bob's Home for 5 quick changes, want 1 or 2", n)
	}
	if v, _ := e.sim.HomeView(bob); !strings.Contains(homeText(v), "nudges snoozed until") {
		t.Errorf("bob's Home does not show the last state:\n%s", homeText(v))
	}
	// Alice is in the pair too, but has not opened her Home: Slack's
	// views.publish budget is not spent on it (opening it publishes it).
	if n := publishesTo(alice); n != 0 {
		t.Errorf("%d publishes of the Home of alice, who never opened it; want none", n)
	}
}

// The Home's Schedule button explains /mentor meet with examples that
// work as typed: the partner's handle, and a single meeting a week ahead,
// not a date that has passed.
func TestHomeScheduleExamplesWorkAsTyped(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx
	e.pair(alice, bob)
	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "No meeting scheduled") })
	if _, err := e.sim.ClickButton(ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	m := e.waitModal(bob, "")
	txt := blockText(m.Message().Blocks)
	// testStart is Monday 2 Nov 2026, 03:00 in New York; 13:30 there is
	// 19:30 in Berlin (TestHomeSuggestsADaytimeForBoth).
	if !strings.Contains(txt, "`/mentor meet @alice weekly thu 13:30`") || !strings.Contains(txt, "`/mentor meet @alice 2026-11-09 13:30`") {
		t.Errorf("schedule help:\n%s", txt)
	}
	single := "meet <@UALICE|alice> 2026-11-09 13:30"
	if got := e.cmd(bob, "/mentor", single); !strings.Contains(got, "<!date^") || strings.Contains(got, "passed") {
		t.Errorf("the example as typed: %q", got)
	}
}

// An open Home follows changes to the pair made anywhere: a meeting set,
// an agenda item, a session logged, the pair ended.
func TestHomeFollowsChangesToThePair(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "No meeting scheduled") })
	homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "No meeting scheduled") })
	e.cmd(bob, "/mentor", "meet weekly thu 15:00")
	homeWait(e, alice, func(v slacksim.View) bool { return strings.Contains(homeText(v), "Meets every Thursday") })
	e.cmd(alice, "/mentor", "agenda Walk through the promotion case")
	homeWait(e, bob, func(v slacksim.View) bool { return strings.Contains(homeText(v), "Walk through the promotion case") })
	e.cmd(bob, "/session", "log First chat todo: read the design doc")
	homeWait(e, alice, func(v slacksim.View) bool { return strings.Contains(homeText(v), "read the design doc") })
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	// The pair leaves both Homes; bob's own to-do from it stays on his,
	// under the ended pairs, for him to close.
	homeWait(e, alice, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "read the design doc") })
	v := homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "mentors you") })
	txt := homeText(v)
	if !strings.Contains(txt, "Open to-dos from pairs that have ended") || !strings.Contains(txt, "read the design doc _(with <@UALICE>)_") {
		t.Fatalf("bob's Home after the end lacks his open to-do:\n%s", txt)
	}
	if !strings.Contains(txt, "How to get a mentor") {
		t.Errorf("bob, in no pair now, is not told how to get a mentor:\n%s", txt)
	}
	todos, err := e.app.DB.AllMyOpenTodos(e.ctx, bob)
	if err != nil || len(todos) != 1 {
		t.Fatalf("bob's open to-dos = %+v, %v", todos, err)
	}
	if _, err := e.sim.ClickButtonValue(e.ctx, bob, v.Message(), "home_todo_done", fmt.Sprint(todos[0].ID)); err != nil {
		t.Fatal(err)
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "read the design doc") })
	if todos, _ := e.app.DB.AllMyOpenTodos(e.ctx, bob); len(todos) != 0 {
		t.Errorf("Done on the Home left the to-do open: %+v", todos)
	}
}

// "today", "tomorrow" and "overdue" count from the goal's owner's day,
// for their mentor too, who is told "their time" when their own day is
// another; the Home names the date beside them as /goal list does. bob
// in New York adds goals due today and tomorrow at 21:00 on Thursday 17
// December, when it is already Friday 03:00 for his mentor alice in
// Berlin: bob's goal due today is not late.
func TestGoalDaysCountFromTheOwnersDay(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.clock.Set(time.Date(2026, 12, 18, 2, 0, 0, 0, time.UTC)) // New York: Thu 17 Dec 21:00; Berlin: Fri 18 Dec 03:00
	e.settle()
	a := goalNumberIn(t, e.goalAdd(bob, "Ship A by today"))
	b := goalNumberIn(t, e.goalAdd(bob, "Ship B by tomorrow"))
	if ga, gb := e.goalStored(a), e.goalStored(b); ga.DueOn != "2026-12-17" || gb.DueOn != "2026-12-18" {
		t.Fatalf("due %q and %q", ga.DueOn, gb.DueOn)
	}
	bobSees := []string{fmt.Sprintf("*#%d* Ship A", a), "due *today*, Thu 17 Dec 2026", "due tomorrow, Fri 18 Dec 2026"}
	aliceSees := []string{"due *today* (their time), Thu 17 Dec 2026", "due tomorrow (their time), Fri 18 Dec 2026"}
	check := func(who, where, text string, want []string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s's %s lacks %q:\n%s", who, where, w, text)
			}
		}
		if strings.Contains(text, "overdue") {
			t.Errorf("%s's %s calls a goal overdue:\n%s", who, where, text)
		}
	}
	check("bob", "Home", homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "Ship B") })), bobSees)
	check("bob", "list", e.cmd(bob, "/goal", "list"), bobSees)
	check("alice", "Home", homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "Ship B") })), aliceSees)
	check("alice", "list of bob's", e.cmd(alice, "/goal", "list <@UBOB|bob>"), aliceSees)
	check("alice", "view of #"+fmt.Sprint(b), e.cmd(alice, "/goal", fmt.Sprintf("show %d", b)), aliceSees[1:])
	// A share stays in the channel, read in many zones on many days: the
	// date alone.
	shared := postText(e.sharePost(bob, "C0GENERAL", fmt.Sprintf("share %d", b)))
	if !strings.Contains(shared, "due Fri 18 Dec 2026") || strings.Contains(shared, "tomorrow") {
		t.Errorf("the shared goal:\n%s", shared)
	}
}

// A mentor behind their mentee counts from the mentee's day too: carol in
// Tokyo adds a goal due today, Monday 7 December for her, while it is
// still Sunday for her mentor erin in Los Angeles: due today, their time.
func TestMentorBehindTheMenteeSeesTheGoalDueTodayTheirTime(t *testing.T) {
	e := newEnv(t)
	e.pair(erin, carol)
	e.clock.Set(time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC)) // Tokyo: Mon 7 Dec 10:00; Los Angeles: Sun 6 Dec 17:00
	e.settle()
	e.goalAdd(carol, "Ship B by today")
	text := homeText(homeOpen(e, erin, func(s string) bool { return strings.Contains(s, "Ship B") }))
	if !strings.Contains(text, "due *today* (their time), Mon 7 Dec 2026") || strings.Contains(text, "due tomorrow") {
		t.Errorf("erin's Home does not count carol's goal from carol's day:\n%s", text)
	}
}

// The Home's Schedule button, for a pair that has a schedule, shows it
// (in the reader's zone) and how to change, skip or move it, not only how
// to set one; a paused schedule says how to resume it.
func TestHomeScheduleShowsTheCurrentSchedule(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.settle()
	help := func() string {
		t.Helper()
		v := homeOpen(e, bob, nil)
		if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
			t.Fatal(err)
		}
		m := e.waitModal(bob, "")
		txt := blockText(m.Message().Blocks)
		if err := e.sim.CloseView(e.ctx, bob, m.ID); err != nil {
			t.Fatal(err)
		}
		return txt
	}
	txt := help()
	for _, want := range []string{
		"every Thursday at 15:00 (Europe/Berlin; Thursday 09:00 your time", // the schedule, for bob
		"*Next meeting:* <!date^", "EST>", // the next one, in bob's zone
		"`/mentor skip @alice`", "`/mentor move @alice ", "`/mentor meet @alice ",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help lacks %q:\n%s", want, txt)
		}
	}
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.settle()
	// The pair's card says how to resume this pair, by name: bob may be
	// in two.
	if home := homeText(homeOpen(e, bob, nil)); !strings.Contains(home, "meetings paused — `/mentor resume @alice` starts them again") {
		t.Errorf("bob's Home while paused:\n%s", home)
	}
	txt = help()
	for _, want := range []string{"*paused*", "every Thursday at 15:00", "`/mentor resume @alice`"} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help while paused lacks %q:\n%s", want, txt)
		}
	}
}

// For a one-off meeting that has taken place, the Schedule button says so
// and how to set the next one.
func TestHomeScheduleAfterAOneOffMeeting(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.advance(5 * 24 * time.Hour)
	v := homeOpen(e, bob, nil)
	// The Home says no meeting is scheduled, and not, above it, that
	// the pair meets once on a day gone by.
	if home := blockText(v.Message().Blocks); !strings.Contains(home, "No meeting scheduled") || strings.Contains(home, "Meets once") {
		t.Errorf("bob's Home after the one-off:\n%s", home)
	}
	if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	txt := blockText(e.waitModal(bob, "").Message().Blocks)
	for _, want := range []string{"your one-off meeting of <!date^", "EST> has already taken place", "`/mentor meet @alice weekly thu 13:30`"} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help lacks %q:\n%s", want, txt)
		}
	}
}

// A goal at 100% gets a Done button on its owner's Home, which closes it:
// Update progress has nothing left to move there.
func TestHomeOffersDoneForAGoalAt100Percent(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	g := pgGoal(e, bob, "Give 2 talks")
	e.cmd(bob, "/goal", fmt.Sprintf("progress %d 100 both given", g.ID))
	e.idle()
	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "100%") })
	if !strings.Contains(homeText(v), "goal_done") {
		t.Fatalf("bob's Home offers no Done for a goal at 100%%:\n%s", homeText(v))
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButtonValue(ctx, bob, v.Message(), "goal_done", fmt.Sprint(g.ID)); err != nil {
		t.Fatal(err)
	}
	homeWait(e, bob, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "Give 2 talks") })
	pgWait(e, bob, "is done")
	if got, err := e.app.DB.LoadGoal(e.ctx, g.ID); err != nil || got.Status != store.GoalDone {
		t.Errorf("goal after Done on the Home = %+v, %v", got, err)
	}
	pgNoFailures(e)
}

// An admin's App Home shows the programme at a glance — counts only, as
// `/mentor report` does — and never a goal, a note or a to-do of a pair
// the admin is not in; reopening the Home shows the figures of now.
func TestAdminHomeShowsProgrammeFiguresWithoutPrivateText(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(erin, carol)
	e.cmd(bob, "/goal", "add Ship the secret onboarding doc by 2027-01-15")
	e.cmd(bob, "/goal", "add Give 2 private talks by 2027-02-01")
	e.cmd(bob, "/goal", "done 1")
	e.cmd(bob, "/session", "log <@UALICE|alice> confidential career chat todo: hidden follow-up")
	e.idle()

	v := homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "Programme at a glance") })
	txt := homeText(v)
	for _, want := range []string{"*Pairs:* 2 active · 0 paused · 0 ended", "*Sessions logged:* 1", "*Meetings, last 30 days:* 1 held (logged) · 0 skipped", "*Goals:* 2 set · 1 done · 1 open", "/mentor report"} {
		if !strings.Contains(txt, want) {
			t.Errorf("dana's Home lacks %q:\n%s", want, txt)
		}
	}
	for _, private := range []string{"secret onboarding", "private talks", "confidential career", "hidden follow-up"} {
		if strings.Contains(txt, private) {
			t.Errorf("dana's Home shows a pair's private text %q:\n%s", private, txt)
		}
	}
	// Someone who is no admin sees no programme figures.
	if cv := homeOpen(e, carol, nil); strings.Contains(homeText(cv), "Programme at a glance") {
		t.Errorf("carol, no admin, sees the programme's figures:\n%s", homeText(cv))
	}

	e.cmd(erin, "/mentor", "end <@UCAROL|carol>")
	e.idle()
	homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "*Pairs:* 1 active · 0 paused · 1 ended") })
	pgNoFailures(e)
}

// A mentoring request waiting for an answer shows on both people's Home:
// the one asked is pointed to the DM with the buttons, the one asking is
// told they will hear. Answered, it goes.
func TestHomeShowsARequestWaitingForAnAnswer(t *testing.T) {
	e := newEnv(t)
	homeOpen(e, carol, nil)
	homeOpen(e, erin, nil)
	if got := e.cmd(carol, "/mentor", "request <@UERIN|erin> help me grow"); !strings.Contains(got, "I've asked <@UERIN>") {
		t.Fatalf("request: %q", got)
	}
	homeWait(e, carol, func(v slacksim.View) bool {
		return strings.Contains(homeText(v), "You asked <@UERIN> to be your mentor; I'll tell you their answer. `/mentor request cancel @erin` withdraws it.")
	})
	homeWait(e, erin, func(v slacksim.View) bool {
		return strings.Contains(homeText(v), "<@UCAROL> asked you to be their mentor.") && strings.Contains(homeText(v), "Accept or decline in my message")
	})
	ask := e.waitDM(erin, "would like you to be their mentor")
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, erin, ask, "request_decline"); err != nil {
		t.Fatal(err)
	}
	homeWait(e, carol, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "You asked <@UERIN>") })
	homeWait(e, erin, func(v slacksim.View) bool { return !strings.Contains(homeText(v), "asked you to be their mentor") })
}

// The snooze form of someone whose nudges are off does not say their
// nudges flow as usual.
func TestHomeSnoozeFormSaysYourNudgesAreOff(t *testing.T) {
	e := meetEnv(t)
	u, err := e.app.DB.User(e.ctx, bob)
	if err != nil {
		t.Fatal(err)
	}
	s := u.Settings
	s.NudgesOn = false
	if err := e.app.DB.SaveSettings(e.ctx, bob, s); err != nil {
		t.Fatal(err)
	}
	v := homeOpen(e, bob, nil)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, bob, v.Message(), "home_snooze"); err != nil {
		t.Fatal(err)
	}
	txt := blockText(e.waitModal(bob, "snooze").Message().Blocks)
	if !strings.Contains(txt, "your nudges are off") || strings.Contains(txt, "Nudges and check-ins for your pair") {
		t.Errorf("bob's snooze form: %s", txt)
	}
}
