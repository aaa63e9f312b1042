package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// totalBudget is what the bot lets the blocks of a message hold in all
// (bot.msgTextBudget): Slack refuses more than about 12,000 characters
// with msg_blocks_too_long, and the simulator does too.
const totalBudget = 10000

// maxLen is text of store's longest (300 characters) full of "&", which
// the bot shows as "&amp;": each item then reads about 600 characters.
func maxLen(what string, i int) string {
	s := fmt.Sprintf("%s %d ", what, i)
	return s + strings.Repeat("R&D ", (300-len(s))/4)
}

// heavyMentee puts bob in 30 pairs (alice's first, with weekly meetings)
// with 150 open to-dos, 60 goals and a full agenda with alice, each of
// the longest. It returns alice's pair.
func heavyMentee(t *testing.T, e *env) store.Pair {
	t.Helper()
	first, err := e.app.DB.CreatePair(e.ctx, dana, alice, bob)
	if err != nil {
		t.Fatal(err)
	}
	pairs := []store.Pair{first}
	for i := range 29 {
		id := fmt.Sprintf("UMENTOR%02d", i)
		e.sim.AddUser(slacksim.User{ID: id, Name: fmt.Sprintf("mentor_with_a_rather_long_handle_%02d", i),
			RealName: fmt.Sprintf("Mentor %02d", i), TZ: "Europe/Berlin"})
		// Straight into the store: the intro DMs would take Slack's one
		// message a second to bob's channel.
		p, err := e.app.DB.CreatePair(e.ctx, dana, id, bob)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, p)
	}
	homeSchedule(e, alice, first, "weekly thu 15:00")
	// 50 to-dos in each of three pairs, in three sessions (a session has
	// at most 20): sessions of each of 30 pairs would bring 30 good-fit
	// checks to bob's channel at once, a fourth a feedback prompt.
	for k, p := range pairs[:3] {
		for _, part := range [][2]int{{0, 17}, {17, 34}, {34, 50}} {
			var todos []store.NewTodo
			for j := part[0]; j < part[1]; j++ {
				todos = append(todos, store.NewTodo{Text: maxLen("to-do", k*50+j)})
			}
			if _, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "kick-off", Todos: todos}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 60 {
		if _, err := e.app.DB.AddGoal(e.ctx, bob, store.GoalInput{Text: maxLen("goal", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// After the sessions, which cover the agenda added before them.
	for i := range store.MaxOpenAgenda {
		if _, err := e.app.DB.AddAgendaItem(e.ctx, bob, first.ID, maxLen("agenda item", i), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	return first
}

// countedPointer finds "…and N more" in text after what and returns N.
func countedPointer(t *testing.T, text, pattern string) int {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Errorf("no pointer matching %q in:\n%s", pattern, text)
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// withinBudget checks a delivered message's blocks against the budget.
func withinBudget(t *testing.T, what string, m slacksim.Message) {
	t.Helper()
	if n := slacksim.BlocksTextLen(m.Blocks); n > totalBudget {
		t.Errorf("%s holds %d characters of block text; the budget is %d", what, n, totalBudget)
	}
	if m.Text == "" || strings.Contains(m.Text, "…and") {
		t.Errorf("%s has the fallback text %q", what, m.Text)
	}
}

// A mentee in 30 pairs with 150 open to-dos and 60 goals, all of the
// longest, gets the weekly check-in: Slack would refuse it whole (well
// past its 12,000 characters), so each list is cut between items and
// says how many it left out and where they are, and the Done buttons of
// the to-dos shown work.
func TestHeavyCheckinIsDeliveredWithPointersToTheRest(t *testing.T) {
	e, _ := schedEnv(t)
	heavyMentee(t, e)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	m := e.schedDM("checkin:to=UBOB:on=2026-11-09")
	withinBudget(t, "bob's check-in", m)
	text := blockText(m.Blocks)

	// Meetings: one line a pair, then how many more.
	listed := strings.Count(text, "• With <@")
	if more := regexp.MustCompile(`…and (\d+) more: ` + "`/mentor pairs`").FindStringSubmatch(text); more != nil {
		n, _ := strconv.Atoi(more[1])
		listed += n
	}
	if listed != 30 {
		t.Errorf("the check-in accounts for %d pairs, want 30:\n%s", listed, text)
	}

	// To-dos: each shown with its Done button, then a pointer to the rest.
	var done []string
	for _, id := range matchActionIDs(m) {
		if strings.HasPrefix(id, "todo_done_") {
			done = append(done, id)
		}
	}
	if len(done) == 0 {
		t.Fatalf("no to-do shown:\n%s", text)
	}
	if n := countedPointer(t, text, `…and (\d+) more to-dos? of yours\. `+"`/session todos`"); n+len(done) != 150 {
		t.Errorf("%d to-dos shown and %d counted as more; want 150 in all", len(done), n)
	}

	// Goals: whole goals, then a pointer to /goal list.
	shown := len(regexp.MustCompile(`\*#\d+\* goal \d+ `).FindAllString(text, -1))
	if n := countedPointer(t, text, `…and (\d+) more: `+"`/goal list`"); n+shown != 60 || shown == 0 {
		t.Errorf("%d goals shown and %d counted as more; want some shown, 60 in all:\n%s", shown, n, text)
	}
	// The hint and the footer after the lists are still there.
	for _, want := range []string{"/goal progress N PERCENT", "Log each meeting with `/session log`"} {
		if !strings.Contains(text, want) {
			t.Errorf("the check-in lost %q", want)
		}
	}

	// A Done button of the cut list still closes its to-do.
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, bob, m, done[0]); err != nil {
		t.Fatal(err)
	}
	e.schedWaitMessage(m, func(now slacksim.Message) bool {
		return strings.Contains(blockText(now.Blocks), "— done (marked by you)")
	})
	pgNoFailures(e)
}

// The same mentee's meeting with alice: the reminder and the agenda
// prompt carry a full agenda of the longest items and the pair's 50
// to-dos. They arrive, with the agenda and the to-dos cut between items,
// pointers to the rest, and their buttons.
func TestHeavyMeetingReminderAndAgendaPromptAreDelivered(t *testing.T) {
	e, _ := schedEnv(t)
	p := heavyMentee(t, e)
	at := fmt.Sprint(schedAt("2026-11-05 14:00").Unix()) // Thursday 15:00 in Berlin
	e.schedWalk(schedAt("2026-11-05 13:30"))

	for _, who := range []string{bob, alice} {
		key := fmt.Sprintf("reminder:24h:pair=%d:at=%s:to=%s", p.ID, at, who)
		m := e.schedDM(key)
		withinBudget(t, key, m)
		text := blockText(m.Blocks)
		items := len(regexp.MustCompile(`• agenda item \d+ `).FindAllString(text, -1))
		if n := countedPointer(t, text, `…and (\d+) more: `+"`/mentor agenda"); items == 0 || n+items != store.MaxOpenAgenda {
			t.Errorf("%s: %d agenda items shown and %d counted as more; want some shown, %d in all", key, items, n, store.MaxOpenAgenda)
		}
		todos := len(regexp.MustCompile(`\*#\d+\* to-do \d+ `).FindAllString(text, -1))
		if n := countedPointer(t, text, `…and (\d+) more`+`(?: to-dos? of yours|, none of them yours)`); todos == 0 || n+todos != 50 {
			t.Errorf("%s: %d to-dos shown and %d counted as more; want some shown, 50 in all:\n%s", key, todos, n, text)
		}
		ids := strings.Join(matchActionIDs(m), " ")
		for _, want := range []string{"agenda_add", "meeting_skip"} {
			if !strings.Contains(ids, want) {
				t.Errorf("%s lost its %s button: %s", key, want, ids)
			}
		}
	}

	key := fmt.Sprintf("agenda_prompt:pair=%d:at=%s:to=%s", p.ID, at, bob)
	m := e.schedDM(key)
	withinBudget(t, key, m)
	text := blockText(m.Blocks)
	items := len(regexp.MustCompile(`• agenda item \d+ `).FindAllString(text, -1))
	if n := countedPointer(t, text, `…and (\d+) more: `+"`/mentor agenda"); items == 0 || n+items != store.MaxOpenAgenda {
		t.Errorf("%s: %d agenda items shown and %d counted as more", key, items, n)
	}
	if !strings.Contains(strings.Join(matchActionIDs(m), " "), "agenda_add") {
		t.Errorf("the agenda prompt lost its Add agenda item button")
	}
	pgNoFailures(e)
}

// A mentor of 30 mentees, each with goals of the longest, gets the weekly
// check-in: it lists the first mentees' goals, whole, and names the
// mentees whose goals did not fit with where to see them.
func TestHeavyMentorCheckinNamesTheMenteesWhoseGoalsDidNotFit(t *testing.T) {
	e, _ := schedEnv(t)
	const mentees = 30
	for i := range mentees {
		id := fmt.Sprintf("UMENTEE%02d", i)
		e.sim.AddUser(slacksim.User{ID: id, Name: fmt.Sprintf("mentee_%02d", i), RealName: fmt.Sprintf("Mentee %02d", i), TZ: "Europe/Berlin"})
		if _, err := e.app.DB.CreatePair(e.ctx, dana, alice, id); err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			if _, err := e.app.DB.AddGoal(e.ctx, id, store.GoalInput{Text: maxLen(fmt.Sprintf("goal of %02d:", i), j)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	m := e.schedDM("checkin:to=UALICE:on=2026-11-09")
	withinBudget(t, "alice's check-in", m)
	text := blockText(m.Blocks)
	listed := 0
	for i := range mentees {
		if strings.Contains(text, fmt.Sprintf("*<@UMENTEE%02d>'s goals*", i)) {
			listed++
		}
	}
	if listed == 0 || listed == mentees {
		t.Fatalf("%d mentees' goals listed; want some, not all:\n%s", listed, text)
	}
	if !strings.Contains(text, fmt.Sprintf("_…and the goals of <@UMENTEE%02d>", listed)) || !strings.Contains(text, "`/goal list @name` shows them._") {
		t.Errorf("the mentees left out are not named from <@UMENTEE%02d> on:\n%s", listed, text)
	}
	if !strings.Contains(text, "Cheer your mentee on") {
		t.Error("the hint under the goals is gone")
	}
	pgNoFailures(e)
}
