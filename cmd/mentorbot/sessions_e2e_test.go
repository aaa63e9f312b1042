package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of /session: logging with to-dos, the form, lists, and
// closing to-dos by command and button.

// sessionTodoNumber reads the number of the to-do with that text from an
// answer ("*#N* text — owner").
func sessionTodoNumber(t *testing.T, answer, text string) int64 {
	t.Helper()
	m := regexp.MustCompile(`\*#(\d+)\* ` + regexp.QuoteMeta(text)).FindStringSubmatch(answer)
	if m == nil {
		t.Fatalf("no to-do %q in %q", text, answer)
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// sessionsStored lists the pair's sessions as stored.
func (e *env) sessionsStored() []store.Session {
	e.t.Helper()
	ss, err := e.app.DB.Sessions(e.ctx, alice, e.meetPair().ID, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return ss
}

func TestSessionLogWithTodos(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	thu := utc(2026, 11, 5, 14, 0)
	e.clock.Set(utc(2026, 11, 5, 15, 0)) // 16:00 in Berlin, 10:00 in New York: after the meeting

	got := e.cmd(bob, "/session", "log talked about career paths todo: read the SRE book TODO: <@UALICE|alice> intro to the SRE team\nalso: on-call &lt;3\ntodo:<@UBOB|bob>: write a blog post")
	if !strings.Contains(got, "Logged session *#") || !strings.Contains(got, "your meeting of <!date^"+strconv.FormatInt(thu.Unix(), 10)) {
		t.Errorf("log answer: %q", got)
	}
	book := sessionTodoNumber(t, got, "read the SRE book")
	intro := sessionTodoNumber(t, got, "intro to the SRE team")
	blog := sessionTodoNumber(t, got, "write a blog post")
	if !strings.Contains(got, "read the SRE book — you") || !strings.Contains(got, "intro to the SRE team — <@UALICE>") || !strings.Contains(got, "write a blog post — you") {
		t.Errorf("owners in the answer: %q", got)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("stored sessions: %+v", ss)
	}
	s := ss[0]
	if s.Notes != "talked about career paths\nalso: on-call <3" || s.HeldOn != "2026-11-05" || !s.MeetingAt.Equal(thu) || s.LoggedBy != bob || len(s.Todos) != 3 {
		t.Errorf("stored session: %+v", s)
	}
	owners := map[int64]string{}
	for _, td := range s.Todos {
		owners[td.ID] = td.OwnerID
	}
	if owners[book] != bob || owners[intro] != alice || owners[blog] != bob {
		t.Errorf("stored owners: %v", owners)
	}
	// The meeting counts as logged (no follow-up for it).
	if ok, err := e.app.DB.MeetingLogged(e.ctx, e.meetPair().ID, thu); err != nil || !ok {
		t.Errorf("MeetingLogged = %v, %v", ok, err)
	}
	// Alice is told, with the to-dos and their numbers.
	dm := e.waitDM(alice, "<@UBOB> logged your session")
	if text := dm.Text + blockText(dm.Blocks); !strings.Contains(text, "*#"+strconv.FormatInt(intro, 10)+"* intro to the SRE team — you") || !strings.Contains(text, "on-call &lt;3") {
		t.Errorf("alice's DM: %s", text)
	}
	// next shows the open to-dos of both.
	if next := e.cmd(alice, "/mentor", "next"); !strings.Contains(next, "read the SRE book") || !strings.Contains(next, "intro to the SRE team") {
		t.Errorf("next lacks the to-dos: %q", next)
	}

	// A log on a day without a meeting is not linked.
	e.clock.Set(utc(2026, 11, 7, 12, 0))
	got = e.cmd(alice, "/session", "log coffee chat")
	if !strings.Contains(got, "held on Sat 7 Nov 2026") || strings.Contains(got, "To-dos") {
		t.Errorf("unlinked log: %q", got)
	}
	if ss := e.sessionsStored(); len(ss) != 2 || !ss[0].MeetingAt.IsZero() {
		t.Errorf("unlinked session stored as %+v", ss[0])
	}
}

func TestSessionTodoOwnerRules(t *testing.T) {
	e := meetEnv(t)
	for _, bad := range []string{
		"log notes todo: <@UCAROL|carol> coffee with carol",
		"log notes todo: fine todo: <@UCAROL> not fine",
	} {
		got := e.cmd(alice, "/session", bad)
		if !strings.Contains(got, "<@UCAROL> isn't in your pair") || !strings.Contains(got, "Nothing was logged") {
			t.Errorf("%s: %q", bad, got)
		}
	}
	if got := e.cmd(alice, "/session", "log notes todo:   "); !strings.Contains(got, "empty") {
		t.Errorf("empty to-do: %q", got)
	}
	if got := e.cmd(alice, "/session", "log "+strings.Repeat("n", 2501)); !strings.Contains(got, "limit is 2500") {
		t.Errorf("long notes: %q", got)
	}
	if got := e.cmd(alice, "/session", "log x todo: "+strings.Repeat("t", 301)); !strings.Contains(got, "limit is 300") {
		t.Errorf("long to-do: %q", got)
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Errorf("refused logs stored %+v", ss)
	}
	if n := len(e.dms(bob, "logged your session")); n != 0 {
		t.Errorf("bob was told of %d refused logs", n)
	}
	// A to-do without a name is the mentee's, whoever logs it; a mention in
	// the middle of a to-do does not make it someone else's.
	got := e.cmd(alice, "/session", "log todo: ask <@UCAROL|carol> for a coffee chat")
	if !strings.Contains(got, "ask @carol for a coffee chat — <@UBOB>") {
		t.Errorf("mentee's to-do: %q", got)
	}
}

func TestSessionListTodosAndDone(t *testing.T) {
	e := meetEnv(t)
	long := strings.Repeat("word ", 100)
	got := e.cmd(bob, "/session", "log "+long+"todo: read the SRE book todo: <@UALICE|alice> intro to the SRE team")
	book := sessionTodoNumber(t, got, "read the SRE book")
	intro := sessionTodoNumber(t, got, "intro to the SRE team")
	e.clock.Advance(24 * time.Hour)
	e.cmd(alice, "/session", "log second chat")

	// list: newest first, notes truncated, for both members.
	for _, who := range []string{alice, bob} {
		list := e.cmd(who, "/session", "list")
		i2, i1 := strings.Index(list, "second chat"), strings.Index(list, "word word")
		if i2 < 0 || i1 < 0 || i2 > i1 || !strings.Contains(list, "…") || strings.Contains(list, long) {
			t.Errorf("%s's list: %q", who, list)
		}
		if !strings.Contains(list, "2 to-dos (2 open)") || !strings.Contains(list, "Tue 3 Nov 2026") {
			t.Errorf("%s's list details: %q", who, list)
		}
	}
	if list := e.cmd(alice, "/session", "list <@UBOB|bob>"); !strings.Contains(list, "Recent sessions with <@UBOB>") || !strings.Contains(list, "second chat") {
		t.Errorf("list with partner: %q", list)
	}
	// Words after the partner, and a name Slack did not make a mention of.
	if got := e.cmd(alice, "/session", "list <@UBOB|bob> extra"); !strings.Contains(got, "Usage: `/session list [@partner] [PAGE]`") {
		t.Errorf("list with extra words: %q", got)
	}
	if got := e.cmd(alice, "/session", "list @nosuchuser"); !strings.Contains(got, "I couldn't find @nosuchuser") {
		t.Errorf("list with an unknown name: %q", got)
	}

	// todos: each sees their own.
	mine := e.cmd(bob, "/session", "todos")
	if !strings.Contains(mine, "read the SRE book") || strings.Contains(mine, "intro to the SRE team") {
		t.Errorf("bob's to-dos: %q", mine)
	}
	if mine := e.cmd(alice, "/session", "todos"); !strings.Contains(mine, "intro to the SRE team") || strings.Contains(mine, "read the SRE book") {
		t.Errorf("alice's to-dos: %q", mine)
	}

	// Carol learns nothing and closes nothing.
	for _, c := range []string{"done " + strconv.FormatInt(book, 10), "done #" + strconv.FormatInt(intro, 10), "done 9999"} {
		got := e.cmd(carol, "/session", c)
		if !strings.Contains(got, "couldn't find to-do") || strings.Contains(got, "SRE") {
			t.Errorf("carol /session %s: %q", c, got)
		}
	}
	for _, c := range []string{"list", "list <@UBOB|bob>", "todos", "log <@UBOB|bob> notes"} {
		if got := e.cmd(carol, "/session", c); strings.Contains(got, "SRE") || strings.Contains(got, "second chat") {
			t.Errorf("carol /session %s learned something: %q", c, got)
		}
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, e.meetPair().ID); len(open) != 2 {
		t.Errorf("carol changed the to-dos: %+v", open)
	}

	// Either member may close a to-do; the owner hears when the other did.
	if got := e.cmd(alice, "/session", "done #"+strconv.FormatInt(book, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Errorf("alice closes bob's to-do: %q", got)
	}
	e.waitDM(bob, "<@UALICE> marked your to-do *#"+strconv.FormatInt(book, 10)+"* done")
	if got := e.cmd(bob, "/session", "done "+strconv.FormatInt(book, 10)); !strings.Contains(got, "already done") {
		t.Errorf("closing twice: %q", got)
	}
	for _, bad := range []string{"done", "done abc"} {
		if got := e.cmd(bob, "/session", bad); !strings.Contains(got, "Usage") {
			t.Errorf("/session %s: %q", bad, got)
		}
	}
	// A number no to-do can have is said to be none, as for goals.
	if got := e.cmd(bob, "/session", "done -3"); !strings.Contains(got, "There is no to-do -3: to-dos are numbered from #1.") {
		t.Errorf("/session done -3: %q", got)
	}
	if got := e.cmd(bob, "/session", "todos"); !strings.Contains(got, "no open to-dos") {
		t.Errorf("bob's to-dos after done: %q", got)
	}
}

func TestSessionDoneButtons(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	got := e.cmd(bob, "/session", "log notes todo: read the SRE book todo: <@UALICE|alice> intro to the SRE team")
	book := sessionTodoNumber(t, got, "read the SRE book")
	intro := sessionTodoNumber(t, got, "intro to the SRE team")

	// In /session todos (ephemeral): the button closes the to-do.
	res := e.cmdIn(bob, e.dmChannel(bob), "/session", "todos")
	if res.Message == nil {
		t.Fatal("todos showed nothing")
	}
	if _, err := e.sim.ClickButton(ctx, bob, *res.Message, "todo_done_"+strconv.FormatInt(book, 10)); err != nil {
		t.Fatal(err)
	}
	waitTodoDone(t, e, book)

	// In alice's DM about the log: the button closes hers and the message
	// shows it done.
	dm := e.waitDM(alice, "logged your session")
	if _, err := e.sim.ClickButton(ctx, alice, dm, "todo_done_"+strconv.FormatInt(intro, 10)); err != nil {
		t.Fatal(err)
	}
	waitTodoDone(t, e, intro)
	e.schedWaitMessage(dm, func(m slacksim.Message) bool {
		return contains(m, "done (marked by you)") && !strings.Contains(string(m.Blocks), "todo_done_"+strconv.FormatInt(intro, 10))
	})
	// A stale button answers kindly.
	if _, err := e.sim.ClickButton(ctx, bob, *res.Message, "todo_done_"+strconv.FormatInt(book, 10)); err != nil {
		t.Fatal(err)
	}
	e.settle()
}

// Partners closing to-dos of one session at once: bob's redraw of alice's
// DM, held up by Slack's 429, must not reach it last with alice's to-do
// still open, nor alice's own answer bring back the Done button of bob's.
func TestTodosClosedAtOnceByBothPartners(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log notes todo: read the SRE book todo: <@UALICE|alice> intro to the SRE team")
	book := sessionTodoNumber(t, got, "read the SRE book")
	intro := sessionTodoNumber(t, got, "intro to the SRE team")
	dm := e.waitDM(alice, "logged your session")
	e.settle()
	updates := len(e.sim.CallsTo("chat.update"))
	// Alice presses while bob's redraw waits out the 429.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.update", 1, 2*time.Second)
	// Sent without waiting for the redraw after its ack, which the 429 holds.
	closed := make(chan error, 1)
	go func() {
		_, err := e.sim.SlashCommand(meetCtx(e), bob, e.dmChannel(bob), "/session", fmt.Sprintf("done %d", book))
		closed <- err
	}()
	e.eventually("bob's close to redraw alice's DM", func() bool { return len(e.sim.CallsTo("chat.update")) > updates })
	if _, err := e.sim.ClickButton(meetCtx(e), alice, dm, fmt.Sprintf("todo_done_%d", intro)); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; err != nil {
		t.Fatalf("bob's /session done: %v", err)
	}
	release()
	e.idle()
	m, _ := e.sim.LookupMessage(dm.Channel, dm.TS)
	text := blockText(m.Blocks)
	if strings.Contains(string(m.Blocks), "todo_done_") || !strings.Contains(text, "done (marked by you)") || !strings.Contains(text, "done (marked by <@UBOB>)") {
		t.Errorf("alice's DM after both closed their to-dos:\n%s", text)
	}
	// Its text, all a notification shows, stays the one line of what
	// happened (render_previews_e2e_test.go).
	if m.Text != dm.Text || strings.Contains(m.Text, "\n") {
		t.Errorf("alice's DM's text after bob closed his to-do: %q", m.Text)
	}
}

// waitTodoDone waits until to-do id is stored as done.
func waitTodoDone(t *testing.T, e *env, id int64) {
	t.Helper()
	eventually(t, fmt.Sprintf("to-do #%d to be closed", id), func() bool {
		td, err := e.app.DB.Todo(e.ctx, alice, id)
		return err == nil && td.Status == store.TodoDone
	})
}

func TestSessionModal(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.clock.Set(utc(2026, 11, 6, 10, 0)) // Friday: the Thursday meeting is yesterday

	// /session alone opens the form; bob has one partner, so no picker.
	res := e.cmdIn(bob, e.dmChannel(bob), "/session", "")
	if res.Ack != nil && ackText(t, res) != "" {
		t.Errorf("/session answered %q instead of opening the form", ackText(t, res))
	}
	v := e.waitModal(bob, "session_log")
	js := string(v.JSON)
	if strings.Contains(js, `"partner"`) || !strings.Contains(js, `"initial_date":"2026-11-06"`) || !strings.Contains(js, "datepicker") {
		t.Errorf("bob's form: %s", js)
	}

	// Errors stay in the form and store nothing.
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"date":  {"date": "2026-11-09"},
		"todos": {"todos": "@carol coffee"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["date"], "still to come") || !strings.Contains(sub.Errors["todos"], "@carol") || sub.Closed {
		t.Errorf("errors: %v", sub.Errors)
	}
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"date": {"date": "2026-11-05"}, "todos": {"todos": ""}})
	if err != nil || !strings.Contains(sub.Errors["notes"], "Add what you talked about") {
		t.Errorf("empty form: %v %v", err, sub.Errors)
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Fatalf("invalid forms stored %+v", ss)
	}

	// Yesterday's session is linked to yesterday's meeting.
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"date":  {"date": "2026-11-05"},
		"notes": {"notes": "mock interview went well <3"},
		"todos": {"todos": "- practise the STAR method\n@alice: intro to the SRE team\ntodo: @me update my CV\n\n"},
	})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("valid form: %v %v", err, sub)
	}
	confirm := e.waitDM(bob, "Logged session")
	if text := confirm.Text + blockText(confirm.Blocks); !strings.Contains(text, "your meeting of <!date^"+strconv.FormatInt(utc(2026, 11, 5, 14, 0).Unix(), 10)) ||
		!strings.Contains(text, "intro to the SRE team — <@UALICE>") || !strings.Contains(text, "practise the STAR method — you") || !strings.Contains(text, "update my CV — you") {
		t.Errorf("confirmation: %s", text)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 || ss[0].Notes != "mock interview went well <3" || ss[0].HeldOn != "2026-11-05" || len(ss[0].Todos) != 3 {
		t.Fatalf("stored from the form: %+v", ss)
	}
	e.waitDM(alice, "<@UBOB> logged your session")

	// With two partners, alice picks one.
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatal(got)
	}
	e.cmd(alice, "/session", "log")
	v = e.waitModal(alice, "session_log")
	if !strings.Contains(string(v.JSON), `"partner"`) || !strings.Contains(string(v.JSON), "Carol Chen") || !strings.Contains(string(v.JSON), "Bob Brown") {
		t.Fatalf("alice's form lacks the partner picker: %s", v.JSON)
	}
	sub, err = e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{
		"partner": {"partner": strconv.FormatInt(e.meetPair().ID, 10)},
		"notes":   {"notes": "follow-up chat"},
	})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("alice's form: %v %v", err, sub)
	}
	e.waitDM(bob, "<@UALICE> logged your session")
	if ss := e.sessionsStored(); len(ss) != 2 || ss[0].Notes != "follow-up chat" || ss[0].HeldOn != "2026-11-06" {
		t.Errorf("alice's session: %+v", ss[0])
	}
	// "/session log @partner" opens the form for that pair.
	e.cmd(alice, "/session", "log <@UCAROL|carol>")
	v = e.waitModal(alice, "session_log")
	if strings.Contains(string(v.JSON), `"partner"`) || !strings.Contains(string(v.JSON), "@UCAROL") {
		t.Errorf("form for carol: %s", v.JSON)
	}
}

// A second session logged for the same day says so: logged twice by
// mistake it would count twice.
func TestSecondSessionOfTheDaySaysSo(t *testing.T) {
	e := meetEnv(t)
	first := e.cmd(bob, "/session", "log we talked about the SRE book")
	if strings.Contains(first, "held that day too") {
		t.Errorf("the first session of the day = %q", first)
	}
	m := regexp.MustCompile(`Logged session \*#(\d+)\*`).FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("first log = %q", first)
	}
	n, _ := strconv.Atoi(m[1])
	if got := e.cmd(bob, "/session", "log and about on-call"); !strings.Contains(got, fmt.Sprintf("Session *#%d*, held that day too, was logged by you", n)) ||
		!strings.Contains(got, fmt.Sprintf("/session edit %d", n)) {
		t.Errorf("bob's second log = %q", got)
	}
	if got := e.cmd(alice, "/session", "log our chat"); !strings.Contains(got, fmt.Sprintf("<@UBOB> logged session *#%d*, held that day too", n+1)) {
		t.Errorf("alice's log the same day = %q", got)
	}
	e.clock.Advance(24 * time.Hour)
	if got := e.cmd(alice, "/session", "log the next day"); strings.Contains(got, "held that day too") {
		t.Errorf("the next day's log = %q", got)
	}
}

// TestSessionShowHasTheWholeNotes: the partner's DM of a long session
// quotes its start and says how to read the rest; /session show has all of
// it for both members, and for nobody else.
func TestSessionShowHasTheWholeNotes(t *testing.T) {
	e := meetEnv(t)
	notes := strings.Repeat("word ", 470) + "THE-END"
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> "+notes); !strings.Contains(got, "Logged session") {
		t.Fatalf("log: %q", got)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("stored %+v", ss)
	}
	id := ss[0].ID
	dm := e.waitDM(bob, "logged your session")
	txt := dm.Text + blockText(dm.Blocks)
	if strings.Contains(txt, "THE-END") || !strings.Contains(txt, fmt.Sprintf("/session show %d", id)) {
		t.Errorf("bob's DM of long notes: %s", txt)
	}
	for _, who := range []string{alice, bob} {
		if got := e.cmd(who, "/session", fmt.Sprintf("show #%d", id)); !strings.Contains(got, "THE-END") || !strings.Contains(got, fmt.Sprintf("Session #%d", id)) {
			t.Errorf("%s's /session show: %q", who, got)
		}
	}
	if got := e.cmd(carol, "/session", fmt.Sprintf("show %d", id)); strings.Contains(got, "word") || !strings.Contains(got, "couldn't find session") {
		t.Errorf("carol's /session show: %q", got)
	}
	if got := e.cmd(bob, "/session", "list"); !strings.Contains(got, "/session show N") {
		t.Errorf("the list does not say how to read a session whole: %q", got)
	}

	// Notes that escaping makes five times longer take several sections,
	// each within Slack's limit (the simulator checks), escaped throughout.
	amps := strings.Repeat("&", 1200) + "<!channel>" + strings.Repeat("&", 1200)
	e.cmd(alice, "/session", "log <@UBOB|bob> "+amps)
	last := int64(0)
	for _, s := range e.sessionsStored() {
		last = max(last, s.ID)
	}
	got := e.cmd(bob, "/session", fmt.Sprintf("show %d", last))
	if strings.Contains(got, "<!channel>") || !strings.Contains(got, "@channel") || strings.Count(got, "&amp;") < 2000 {
		t.Errorf("escaped notes shown whole: %d characters, %d escapes", len(got), strings.Count(got, "&amp;"))
	}
}

// TestSessionListOutsideAPairSaysSo: someone not in a pair is told that,
// not how to log a session they cannot log.
func TestSessionListOutsideAPairSaysSo(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(carol, "/session", "list"); !strings.Contains(got, "not in a mentoring pair yet") {
		t.Errorf("carol's /session list: %q", got)
	}
}

// TestSessionDoneClosesSeveral: /session done takes several numbers, all
// or none: a wrong one among them closes nothing.
func TestSessionDoneClosesSeveral(t *testing.T) {
	e := meetEnv(t)
	e.cmd(bob, "/session", "log <@UALICE|alice> kick-off todo: read the guide todo: draft goals todo: book a room")
	ps := e.meetPair()
	todos, err := e.app.DB.OpenTodos(e.ctx, ps.ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("to-dos %+v, %v", todos, err)
	}
	a, b := todos[0].ID, todos[1].ID
	if got := e.cmd(bob, "/session", fmt.Sprintf("done %d 99999", a)); !strings.Contains(got, "I haven't closed any of them: I couldn't find to-do *#99999*") {
		t.Errorf("a wrong number among them: %q", got)
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, ps.ID); len(open) != 3 {
		t.Errorf("a refused /session done closed %d to-dos", 3-len(open))
	}
	got := e.cmd(bob, "/session", fmt.Sprintf("done #%d, #%d", a, b))
	if !strings.Contains(got, fmt.Sprintf("#%d", a)) || !strings.Contains(got, fmt.Sprintf("#%d", b)) {
		t.Errorf("closing two: %q", got)
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, ps.ID); len(open) != 1 || open[0].ID != todos[2].ID {
		t.Errorf("open after closing two: %+v", open)
	}
}

// TestSessionDoneNamesEveryNumberThatStopsIt: a /session done of several
// numbers that closes none says so, names every number that stopped it
// and why, and gives the command that closes the rest. A to-do of another
// pair reads as one that does not exist.
func TestSessionDoneNamesEveryNumberThatStopsIt(t *testing.T) {
	e := twoPairEnv(t)
	e.cmd(bob, "/session", "log <@UALICE|alice> kick-off todo: read the guide todo: draft goals todo: book a room")
	e.cmd(alice, "/session", "log <@UCAROL|carol> chat todo: carol's secret")
	mine, err := e.app.DB.OpenTodos(e.ctx, e.meetPair().ID)
	if err != nil || len(mine) != 3 {
		t.Fatalf("bob's to-dos %+v, %v", mine, err)
	}
	theirs, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(alice, carol).ID)
	if err != nil || len(theirs) != 1 {
		t.Fatalf("carol's to-dos %+v, %v", theirs, err)
	}
	a, b, c, x := mine[0].ID, mine[1].ID, mine[2].ID, theirs[0].ID
	e.cmd(bob, "/session", fmt.Sprintf("done %d", c))

	got := e.cmd(bob, "/session", fmt.Sprintf("done %d %d 99999 #%d %d", a, x, c, b))
	want := fmt.Sprintf("I haven't closed any of them: I couldn't find to-dos *#%d* or *#99999* among your pairs' to-dos; *#%d* is already done. `/session done %d %d` closes the rest.", x, c, a, b)
	if got != want {
		t.Errorf("several refused:\n got %q\nwant %q", got, want)
	}
	got = e.cmd(bob, "/session", fmt.Sprintf("done %d %d", a, x))
	want = fmt.Sprintf("I haven't closed any of them: I couldn't find to-do *#%d* among your pairs' to-dos. `/session done %d` closes the rest.", x, a)
	if got != want {
		t.Errorf("another pair's to-do:\n got %q\nwant %q", got, want)
	}
	got = e.cmd(bob, "/session", fmt.Sprintf("done %d 99999", c))
	want = fmt.Sprintf("I haven't closed any of them: I couldn't find to-do *#99999* among your pairs' to-dos; *#%d* is already done. `/session todos` lists your open ones.", c)
	if got != want {
		t.Errorf("none closable:\n got %q\nwant %q", got, want)
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, e.meetPair().ID); len(open) != 2 {
		t.Errorf("a refused /session done closed %d to-dos", 2-len(open))
	}
	if open, _ := e.app.DB.OpenTodos(e.ctx, e.livePairOf(alice, carol).ID); len(open) != 1 {
		t.Errorf("bob closed carol's to-do")
	}
}

// TestSessionLoggedTodayIsDatedByTheLoggedDay: a session logged on the
// day it was held, with no meeting, is dated by the day its logger logged,
// for both members: Farid's Monday 01:03 in Kolkata is still Erin's Sunday
// in Los Angeles, and she sees Monday, the day they met by his calendar,
// not a day of her own that neither of them picked.
func TestSessionLoggedTodayIsDatedByTheLoggedDay(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(utc(2026, 12, 6, 19, 33)) // Mon 7 Dec 01:03 in Kolkata, Sun 6 Dec 11:33 in Los Angeles
	e.settle()
	e.sim.AddUser(slacksim.User{ID: farid, Name: "farid", RealName: "Farid Khan", TZ: "Asia/Kolkata"})
	if got := e.meetAnswer(dana, "/mentor", "pair <@UFARID|farid> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing farid and erin: %q", got)
	}
	e.clock.Advance(time.Minute)
	if got := e.cmd(farid, "/session", "log late chat"); !strings.Contains(got, "held on Mon 7 Dec 2026.") {
		t.Errorf("farid's answer: %q", got)
	}
	e.waitDM(erin, "<@UFARID> logged your session *#1*, held on Mon 7 Dec 2026.")
	for _, who := range []string{erin, farid} {
		if got := e.cmd(who, "/session", "list"); !strings.Contains(got, "*#1* · Mon 7 Dec 2026") {
			t.Errorf("%s's list: %q", who, got)
		}
	}
	// Her App Home too.
	homeOpen(e, erin, func(s string) bool {
		return strings.Contains(s, "*Last met:* Mon 7 Dec 2026 (session #1)")
	})

	// A day picked in the form, before today, reads as picked for both.
	e.clock.Advance(24 * time.Hour) // Tue 8 Dec in Kolkata
	e.cmd(farid, "/session", "")
	v := e.waitModal(farid, "session_log")
	sub, err := e.sim.SubmitView(meetCtx(e), farid, v.ID, map[string]map[string]any{"date": {"date": "2026-12-07"}, "notes": {"notes": "picked day"}})
	if err != nil || !sub.Closed {
		t.Fatalf("picked day: %v, %+v", err, sub)
	}
	e.waitDM(erin, "<@UFARID> logged your session *#2*, held on Mon 7 Dec 2026.")
	if got := e.cmd(erin, "/session", "list"); !strings.Contains(got, "*#2* · Mon 7 Dec 2026") {
		t.Errorf("erin's list of a picked day: %q", got)
	}
}

// TestSessionLogLinkWithTodoIsNotCut: a "todo:" inside a link, mention or
// channel reference, as Slack sends them, starts no to-do; one outside
// still does.
func TestSessionLogLinkWithTodoIsNotCut(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log <@UALICE|alice> Notes see <https://example.com/todo:abc> more, <https://example.com/todo:x|the todo: list> and <!here|todo: here> todo: real one")
	if strings.Contains(got, "abc&gt;") || !strings.Contains(got, "real one") {
		t.Errorf("bob's answer: %q", got)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions %+v", ss)
	}
	want := "Notes see <https://example.com/todo:abc> more, <https://example.com/todo:x|the todo: list> and <!here|todo: here>"
	if s := ss[0]; s.Notes != want || len(s.Todos) != 1 || s.Todos[0].Text != "real one" {
		t.Errorf("stored notes %q, to-dos %+v; want notes %q and one to-do \"real one\"", s.Notes, s.Todos, want)
	}
}

// /session list @partner shows the sessions of an earlier pair with the
// same person, marked as such, once the two are paired again: the end
// promised that the history stays.
func TestSessionListWithAPartnerPairedAgainShowsTheEarlierPair(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> first chat"); !strings.Contains(got, "Logged session") {
		t.Fatalf("log: %q", got)
	}
	e.endPair(bob, alice)
	e.advance(time.Hour)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> again please")
	e.settle()
	e.schedClick(alice, e.waitDM(alice, "would like you to be their mentor"), "request_accept")
	e.settle()
	got := e.cmd(alice, "/session", "list <@UBOB|bob>")
	if !strings.Contains(got, "*#1*") || !strings.Contains(got, "your earlier pair, ended") || strings.Contains(got, "haven't logged a session") {
		t.Errorf("alice's list with bob: %q", got)
	}
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> second chat"); !strings.Contains(got, "Logged session") {
		t.Fatalf("log again: %q", got)
	}
	got = e.cmd(alice, "/session", "list <@UBOB|bob>")
	if !strings.Contains(got, "*#2*") || strings.Count(got, "your earlier pair") != 1 {
		t.Errorf("alice's list with bob, both pairs: %q", got)
	}
}

// /session list shows ten sessions to a page and says so: with more, which
// ones it shows and the command for the rest, which takes a page number,
// with or without the partner.
func TestSessionListPages(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatal(got)
	}
	for i := 1; i <= 15; i++ {
		partner := "<@UCAROL|carol>"
		if i > 5 {
			partner = "<@UBOB|bob>"
		}
		if got := e.cmd(alice, "/session", fmt.Sprintf("log %s chat number %d", partner, i)); !strings.Contains(got, "Logged session") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	first := e.cmd(alice, "/session", "list")
	if !strings.Contains(first, "page 1 of 2") || !strings.Contains(first, "Showing 1–10 of 15. The next 5: `/session list 2`") ||
		!strings.Contains(first, "chat number 15") || !strings.Contains(first, "chat number 6") || strings.Contains(first, "chat number 5") {
		t.Errorf("/session list: %q", first)
	}
	second := e.cmd(alice, "/session", "list 2")
	if !strings.Contains(second, "page 2 of 2") || !strings.Contains(second, "Showing 11–15 of 15.") ||
		!strings.Contains(second, "chat number 5") || !strings.Contains(second, "chat number 1\n") || strings.Contains(second, "chat number 6") ||
		!strings.Contains(second, "with <@UCAROL>") {
		t.Errorf("/session list 2: %q", second)
	}
	if got := e.cmd(alice, "/session", "list page 3"); !strings.Contains(got, "That list has 15 sessions, which fit on 2 pages, so there is no page 3. `/session list 2` shows the last one.") {
		t.Errorf("/session list page 3: %q", got)
	}
	// One pair's: bob's ten fit on a page.
	bobs := e.cmd(alice, "/session", "list <@UBOB|bob> 1")
	if !strings.Contains(bobs, "Recent sessions with <@UBOB>") || strings.Contains(bobs, "Showing") || strings.Contains(bobs, "with <@UCAROL>") {
		t.Errorf("/session list @bob 1: %q", bobs)
	}
	if got := e.cmd(alice, "/session", "list <@UBOB|bob> #2"); !strings.Contains(got, "That list has 10 sessions, all on one page: `/session list @bob` shows them.") {
		t.Errorf("/session list @bob #2: %q", got)
	}
}
