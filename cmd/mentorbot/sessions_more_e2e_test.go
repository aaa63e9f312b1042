package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of /session from a user audit: "todo: @me" in the slash
// command, paging through a long list of to-dos, and the to-dos of a pair
// that has ended.

// In the slash command, as in the form, "todo: @me …" is the typer's own
// to-do and "todo: @name …" names a member of the pair by Slack name;
// a name outside the pair is refused with the names that work.
func TestSessionSlashTodoNames(t *testing.T) {
	e := meetEnv(t)

	got := e.cmd(alice, "/session", "log <@UBOB|bob> notes todo: @me intro to SRE")
	if !strings.Contains(got, "intro to SRE — you") || strings.Contains(got, "@me") {
		t.Errorf("alice's @me to-do: %q", got)
	}
	intro := sessionTodoNumber(t, got, "intro to SRE")
	if td, err := e.app.DB.Todo(e.ctx, alice, intro); err != nil || td.OwnerID != alice || td.Text != "intro to SRE" {
		t.Errorf("stored @me to-do = %+v, %v; want alice's \"intro to SRE\"", td, err)
	}
	if mine := e.cmd(alice, "/session", "todos"); !strings.Contains(mine, "intro to SRE") {
		t.Errorf("alice's to-dos lack her @me to-do: %q", mine)
	}

	// bob names alice by her Slack name, and himself with @me.
	got = e.cmd(bob, "/session", "log chat todo: @alice: share the runbook todo: @ME practise on-call")
	if !strings.Contains(got, "share the runbook — <@UALICE>") || !strings.Contains(got, "practise on-call — you") {
		t.Errorf("bob's named to-dos: %q", got)
	}

	// A full name with a space is the person, all of it taken off.
	got = e.cmd(bob, "/session", "log chat todo: @Alice Adams send the slides")
	if !strings.Contains(got, "send the slides — <@UALICE>") || strings.Contains(got, "Adams") {
		t.Errorf("bob's to-do for @Alice Adams: %q", got)
	}

	// Someone outside the pair: a clear answer and nothing logged.
	before := len(e.sessionsStored())
	got = e.cmd(alice, "/session", "log notes todo: @carol coffee chat")
	if !strings.Contains(got, "I don't know who @carol is in your pair") || !strings.Contains(got, "@me") || !strings.Contains(got, "Nothing was logged") {
		t.Errorf("@carol: %q", got)
	}
	// What was typed is echoed escaped.
	got = e.cmd(alice, "/session", "log notes todo: @&lt;!channel&gt; hi")
	if strings.Contains(got, "<!channel>") || !strings.Contains(got, "Nothing was logged") {
		t.Errorf("@<!channel>: %q", got)
	}
	if n := len(e.sessionsStored()); n != before {
		t.Errorf("refused logs stored %d sessions", n-before)
	}
}

// More open to-dos than fit in one message come in pages of 40; the
// footer says how to see the next page, and each page fits Slack's limits.
func TestSessionTodosPages(t *testing.T) {
	e := meetEnv(t)
	name := func(i int) string { return fmt.Sprintf("task %02d", i) }
	for i := 1; i <= 74; {
		var b strings.Builder
		b.WriteString("log sprint")
		for j := 0; j < 20 && i <= 74; j, i = j+1, i+1 {
			b.WriteString(" todo: " + name(i))
		}
		if got := e.cmd(bob, "/session", b.String()); !strings.Contains(got, "Logged session") {
			t.Fatalf("logging to-dos: %q", got)
		}
	}

	first := e.cmd(bob, "/session", "todos")
	if !strings.Contains(first, "Your open to-dos* (74)") || !strings.Contains(first, name(1)) || !strings.Contains(first, name(40)) || strings.Contains(first, name(41)) {
		t.Errorf("page 1: %q", first)
	}
	if !strings.Contains(first, "Showing 1–40 of 74") || !strings.Contains(first, "`/session todos 2`") || strings.Contains(first, "`/session todos` lists yours") {
		t.Errorf("page 1 does not point to page 2: %q", first)
	}
	for _, args := range []string{"todos 2", "todos page 2", "todos #2"} {
		second := e.cmd(bob, "/session", args)
		if !strings.Contains(second, name(41)) || !strings.Contains(second, name(74)) || strings.Contains(second, name(40)+" ") || !strings.Contains(second, "Showing 41–74 of 74") {
			t.Errorf("/session %s: %q", args, second)
		}
		if strings.Contains(second, "`/session todos 3`") || !strings.Contains(second, "`/session todos 1`") {
			t.Errorf("/session %s points to the wrong pages: %q", args, second)
		}
	}
	if got := e.cmd(bob, "/session", "todos 3"); !strings.Contains(got, "2 pages") || strings.Contains(got, name(1)) {
		t.Errorf("page 3: %q", got)
	}
	if got := e.cmd(bob, "/session", "todos soon"); !strings.Contains(got, "Usage") || !strings.Contains(got, "/session todos [PAGE]") {
		t.Errorf("todos with a bad page: %q", got)
	}
	if got := e.cmd(bob, "/session", "help"); !strings.Contains(got, "/session todos [@partner] [PAGE]") {
		t.Errorf("help lacks the page: %q", got)
	}

	// His mentor sees them all too: /mentor next shows some and points to
	// the pair's list, which pages.
	next := e.cmd(alice, "/mentor", "next")
	if !strings.Contains(next, "none of them yours. `/session todos` followed by <@UBOB> lists your pair's.") {
		t.Errorf("alice's /mentor next does not point to the pair's to-dos: %q", next)
	}
	pair := e.cmd(alice, "/session", "todos <@UBOB|bob> 2")
	for _, want := range []string{"Open to-dos of your pair with <@UBOB>* (74) — page 2 of 2", name(41), name(74), "Showing 41–74 of 74. Back to the start: `/session todos @bob 1`."} {
		if !strings.Contains(pair, want) {
			t.Errorf("alice's page 2 of the pair's to-dos lacks %q: %q", want, pair)
		}
	}
	if strings.Contains(pair, name(40)+" ") {
		t.Errorf("alice's page 2 shows %s: %q", name(40), pair)
	}
	if got := e.cmd(alice, "/session", "todos <@UBOB|bob> 3"); !strings.Contains(got, "74 open to-dos, which fit on 2 pages, so there is no page 3") {
		t.Errorf("alice's page 3: %q", got)
	}
	if got := e.cmd(dana, "/session", "todos <@UBOB|bob>"); !strings.Contains(got, "not a pair") || strings.Contains(got, name(1)) {
		t.Errorf("dana, not in the pair, sees: %q", got)
	}

	// A Done button on page 2 closes that to-do.
	res := e.cmdIn(bob, e.dmChannel(bob), "/session", "todos 2")
	if res.Message == nil {
		t.Fatal("page 2 showed nothing")
	}
	id := sessionTodoNumber(t, ackText(t, res), name(74))
	if _, err := e.sim.ClickButton(meetCtx(e), bob, *res.Message, "todo_done_"+strconv.FormatInt(id, 10)); err != nil {
		t.Fatal(err)
	}
	waitTodoDone(t, e, id)

	// With 40 or fewer, one page and no pointer.
	for i := 41; i <= 73; i++ {
		if _, err := e.app.DB.CompleteTodo(e.ctx, bob, sessionTodoNumber(t, e.cmd(bob, "/session", "todos 2"), name(i))); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.cmd(bob, "/session", "todos"); !strings.Contains(got, "(40)") || strings.Contains(got, "Showing") || strings.Contains(got, "/session todos 2") {
		t.Errorf("one page: %q", got)
	}
}

// After a pair ends, its open to-dos stay in /session todos, under a note
// that the pair has ended, so that they can still be closed; /session list
// and /session done agree with that.
func TestSessionTodosOfEndedPair(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log wrap-up todo: write a retro todo: <@UALICE|alice> send the reading list")
	retro := sessionTodoNumber(t, got, "write a retro")
	reading := sessionTodoNumber(t, got, "send the reading list")
	e.endPair(alice, bob)

	mine := e.cmd(bob, "/session", "todos")
	if strings.Contains(mine, "no open to-dos") || !strings.Contains(mine, "write a retro") || !strings.Contains(mine, "ended") || !strings.Contains(mine, "<@UALICE>") {
		t.Errorf("bob's to-dos after the end: %q", mine)
	}
	if strings.Contains(mine, "send the reading list") {
		t.Errorf("bob sees alice's to-do: %q", mine)
	}
	if hers := e.cmd(alice, "/session", "todos"); !strings.Contains(hers, "send the reading list") || !strings.Contains(hers, "ended") {
		t.Errorf("alice's to-dos after the end: %q", hers)
	}
	// The session, shown to alice: a Done button on her to-do, none on
	// bob's, which is his alone to close now.
	sessions, err := e.app.DB.Sessions(e.ctx, alice, 0, 0)
	if err != nil || len(sessions) != 1 {
		t.Fatalf("alice's sessions: %v, %v", sessions, err)
	}
	shown := e.meetAnswer(alice, "/session", fmt.Sprintf("show %d", sessions[0].ID))
	if !strings.Contains(shown, fmt.Sprintf("todo_done_%d", reading)) || strings.Contains(shown, fmt.Sprintf("todo_done_%d", retro)) {
		t.Errorf("the ended pair's session shows alice Done buttons other than hers: %s", shown)
	}
	if list := e.cmd(bob, "/session", "list"); !strings.Contains(list, "2 to-dos (2 open)") {
		t.Errorf("list after the end: %q", list)
	}

	// A new pair of the same two: its to-dos come first, the old pair's
	// stay apart under the note.
	e.pairAgain(alice, bob)
	e.cmd(bob, "/session", "log restart todo: new plan")
	mine = e.cmd(bob, "/session", "todos")
	iNew, iEnded, iRetro := strings.Index(mine, "new plan"), strings.Index(mine, "ended"), strings.Index(mine, "write a retro")
	if !strings.Contains(mine, "(2)") || iNew < 0 || iEnded < iNew || iRetro < iEnded {
		t.Errorf("bob's to-dos with a new pair: %q", mine)
	}

	// Alice, his partner again, may not close the ended pair's to-do of
	// his: it is his alone now.
	if got := e.cmd(alice, "/session", "done "+strconv.FormatInt(retro, 10)); !strings.Contains(got, "that has ended, so it is theirs to close") || !strings.Contains(got, "I haven't changed it") {
		t.Errorf("alice closing bob's to-do of the ended pair: %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "marked your to-do")); n != 0 {
		t.Errorf("bob was told %d times of a to-do of the ended pair closed by alice", n)
	}
	if got := e.cmd(bob, "/session", "done "+strconv.FormatInt(retro, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Errorf("closing the ended pair's to-do: %q", got)
	}
	if got := e.cmd(bob, "/session", "todos"); strings.Contains(got, "ended") || strings.Contains(got, "write a retro") || !strings.Contains(got, "new plan") {
		t.Errorf("bob's to-dos after done: %q", got)
	}
	if list := e.cmd(bob, "/session", "list"); !strings.Contains(list, "2 to-dos (1 open)") {
		t.Errorf("list after done: %q", list)
	}
	if got := e.cmd(alice, "/session", "done #"+strconv.FormatInt(reading, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Errorf("alice closing hers: %q", got)
	}
	if got := e.cmd(alice, "/session", "todos"); !strings.Contains(got, "no open to-dos") {
		t.Errorf("alice's to-dos after done: %q", got)
	}
}

// Someone in two pairs sees, by each to-do, which pair it is from.
func TestSessionTodosNameThePairForSomeoneInTwo(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	e.cmd(alice, "/session", "log <@UBOB|bob> first chat todo: @me send bob the talk")
	e.cmd(alice, "/session", "log <@UCAROL|carol> kick-off todo: @me intro carol to SRE")
	got := e.cmd(alice, "/session", "todos")
	for _, want := range []string{"send bob the talk — you · with <@UBOB>", "intro carol to SRE — you · with <@UCAROL>"} {
		if !strings.Contains(got, want) {
			t.Errorf("alice's to-dos lack %q:\n%s", want, got)
		}
	}
	// bob, in one pair, needs no label.
	e.cmd(bob, "/session", "log first chat todo: read the book")
	if got := e.cmd(bob, "/session", "todos"); strings.Contains(got, "· with") {
		t.Errorf("bob's to-dos are labelled: %s", got)
	}
}

// Someone whose pair has ended is not told they are "not in a pair yet"
// when they try to log a session.
func TestSessionLogAfterThePairEnded(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "end <@UBOB>")
	got := e.cmd(bob, "/session", "log")
	if !strings.Contains(got, "ended on") || strings.Contains(got, "yet") {
		t.Errorf("/session log after the pair ended: %q", got)
	}
}

// A second session logged on the day of a meeting that has its session is
// a meeting of its own, as the logged follow-up promises ("If you met
// again, /session log logs that one"), not a second log of that meeting.
func TestSecondSessionOnAMeetingDayIsItsOwn(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 15:00") // Berlin: 14:00 UTC
	e.schedWalk(schedAt("2026-11-03 16:00"))
	e.cmd(alice, "/session", "log <@UBOB> the planned one")
	if got := e.cmd(alice, "/session", "log <@UBOB> we met again"); !strings.Contains(got, "Logged") || strings.Contains(got, "your meeting of") {
		t.Errorf("the second log: %q", got)
	}
	ss, err := e.app.DB.Sessions(e.ctx, alice, 1, 2)
	if err != nil || len(ss) != 2 {
		t.Fatalf("sessions: %+v, %v", ss, err)
	}
	for _, s := range ss {
		if want := s.Notes == "the planned one"; s.MeetingAt.IsZero() == want {
			t.Errorf("session %q belongs to the meeting at %v", s.Notes, s.MeetingAt)
		}
	}
}

// A session's logger edits its notes from the Edit notes button under the
// answer, or with /session edit N; the partner's DM of the session says
// what the notes say now, its closed to-dos still closed; the partner
// cannot edit them.
func TestEditASessionsNotes(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	res := e.cmdIn(alice, e.dmChannel(alice), "/session", "log carrer paths todo: read the SRE book")
	if res.Message == nil || !contains(*res.Message, "session_edit") {
		t.Fatalf("the logger's answer has no Edit notes button: %+v", res.Message)
	}
	e.settle()
	told := e.waitDM(bob, "carrer paths")
	ss, err := e.app.DB.Sessions(e.ctx, alice, 0, 0)
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions: %v %v", ss, err)
	}
	s := ss[0]
	e.cmd(bob, "/session", fmt.Sprintf("done %d", s.Todos[0].ID))

	if got := e.cmd(bob, "/session", fmt.Sprintf("edit %d", s.ID)); !strings.Contains(got, "Only <@UALICE>, who logged session") {
		t.Errorf("the partner's /session edit = %q", got)
	}
	if got := e.cmd(carol, "/session", fmt.Sprintf("edit %d", s.ID)); !strings.Contains(got, "couldn't find session") {
		t.Errorf("a stranger's /session edit = %q", got)
	}

	if _, err := e.sim.ClickButton(ctx, alice, *res.Message, "session_edit"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(alice, "session_edit_form")
	if !strings.Contains(string(v.JSON), "carrer paths") {
		t.Errorf("the form is not filled in with the notes: %s", v.JSON)
	}
	sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "career paths & <!here>"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving the notes: %v %+v", err, sub)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, s.ID); got.Notes != "career paths & <!here>" {
		t.Errorf("stored notes: %q", got.Notes)
	}
	m := e.schedWaitMessage(told, func(m slacksim.Message) bool { return contains(m, "career paths &amp; @here") })
	if !contains(m, "done (marked by you)") {
		t.Errorf("bob's DM lost its closed to-do: %s", blockText(m.Blocks))
	}

	e.cmd(alice, "/session", fmt.Sprintf("edit #%d", s.ID))
	v = e.waitModal(alice, "session_edit_form")
	if !strings.Contains(string(v.JSON), "career paths") {
		t.Errorf("/session edit opened another form: %s", v.JSON)
	}
	if got := e.cmd(alice, "/session", "edit"); !strings.Contains(got, "Usage: `/session edit N`") {
		t.Errorf("/session edit alone = %q", got)
	}
}

// Edit notes on the logger's own DM of a session (after the form) redraws
// that DM with the new notes, instead of leaving it stale under a second
// message.
func TestEditNotesFromTheSessionsDMRedrawsIt(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.cmdIn(bob, e.dmChannel(bob), "/session", "")
	v := e.waitModal(bob, "session_log")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"date": {"date": "2026-11-02"}, "notes": {"notes": "first draft of the notes"}, "todos": {"todos": "update my CV"},
	}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("log: %v %+v", err, sub)
	}
	own := e.waitDM(bob, "first draft of the notes")
	if !strings.Contains(string(own.Blocks), "session_edit") {
		t.Fatalf("bob's DM of the session has no Edit notes button: %s", own.Blocks)
	}
	if _, err := e.sim.ClickButton(ctx, bob, own, "session_edit"); err != nil {
		t.Fatal(err)
	}
	v = e.waitModal(bob, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"notes": {"notes": "the notes, mended"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("edit: %v %+v", err, sub)
	}
	m := e.schedWaitMessage(own, func(m slacksim.Message) bool { return contains(m, "the notes, mended") })
	if contains(m, "first draft") || !strings.Contains(string(m.Blocks), "session_edit") || !contains(m, "update my CV") {
		t.Errorf("bob's DM after the edit: %s", blockText(m.Blocks))
	}
	e.settle()
	if n := len(e.dms(bob, "Saved the notes")); n != 0 {
		t.Errorf("%d more messages saying the notes were saved", n)
	}
	noFailures(t, e)
}

// A to-do closed by command, or opened again, shows so in the partner's DM
// of the session it came from, which would otherwise still offer Done.
func TestSessionDMFollowsItsTodos(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	got := e.cmd(bob, "/session", "log we planned my CV todo: update my CV")
	n := sessionTodoNumber(t, got, "update my CV")
	dm := e.waitDM(alice, "we planned my CV")
	done := fmt.Sprintf("todo_done_%d", n)
	if !strings.Contains(string(dm.Blocks), done) {
		t.Fatalf("alice's DM has no Done button for #%d: %s", n, dm.Blocks)
	}
	res := e.cmdIn(bob, e.dmChannel(bob), "/session", fmt.Sprintf("done %d", n))
	m := e.schedWaitMessage(dm, func(m slacksim.Message) bool { return contains(m, "done (marked by <@UBOB>)") })
	if strings.Contains(string(m.Blocks), done) {
		t.Errorf("alice's DM still offers Done for a closed to-do: %s", m.Blocks)
	}
	if res.Message == nil {
		t.Fatal("no answer to /session done")
	}
	if _, err := e.sim.ClickButton(ctx, bob, *res.Message, fmt.Sprintf("todo_reopen_%d", n)); err != nil {
		t.Fatal(err)
	}
	e.schedWaitMessage(dm, func(m slacksim.Message) bool {
		return strings.Contains(string(m.Blocks), done) && !contains(m, "done (marked by")
	})
	noFailures(t, e)
}

// The form that edits a session's notes shows them as they read, "@carol",
// not in Slack's markup ("<@UCAROL|carol>"), as the goal form does; saved
// unchanged, or edited around a mention, the notes keep the mention.
func TestSessionEditFormShowsNotesAsTheyRead(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log talked with <@UCAROL|carol> about <https://go.dev|Go> &amp; more")
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	id := ss[0].ID
	stored := ss[0].Notes

	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v := e.waitModal(alice, "session_edit_form")
	shown := initialValue(t, v, "notes")
	if want := "talked with @carol about https://go.dev & more"; shown != want {
		t.Errorf("the form shows the notes as %q, want %q", shown, want)
	}

	// Saved as shown: the notes are as they were, the mention kept.
	if sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": shown}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); got.Notes != stored {
		t.Errorf("notes saved unchanged are now %q, were %q", got.Notes, stored)
	}

	// Edited around the mention: the mention stays one.
	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v = e.waitModal(alice, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "talked with @carol about testing"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); !strings.Contains(got.Notes, "<@UCAROL|carol>") || !strings.Contains(got.Notes, "about testing") {
		t.Errorf("edited notes are %q", got.Notes)
	}
	noFailures(t, e)
}

// Someone in no pair who logs a session is told so in a sentence that
// reads right: "… yet. To start one: ask someone …", not "… yet. ask
// someone …"; for an admin, the same with how they make one.
func TestNoPairAnswerReadsAsSentences(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{carol, dana} {
		got := e.cmd(who, "/session", "log we met todo: something")
		if !strings.Contains(got, "You're not in a mentoring pair yet. To start one: ") {
			t.Errorf("%s's /session log outside a pair: %q", who, got)
		}
	}
}

// A name Slack did not make a mention of ("@bobb": misspelt, or nobody in
// the workspace) is answered as /session list answers it: that person
// could not be found, and how to pick them; not with the bare usage, which
// leaves the person to guess what was wrong.
func TestUnknownNameInGoalListAndTodos(t *testing.T) {
	e := goalEnv(t)
	for _, c := range []struct{ command, text, usage string }{
		{"/goal", "list @bobb", "`/goal list @mentee`"},
		{"/goal", "list @bobb all", "`/goal list @mentee`"},
		{"/session", "todos @bobb", "`/session todos @partner`"},
	} {
		got := e.cmd(alice, c.command, c.text)
		if !strings.Contains(got, "I couldn't find @bobb in this workspace") || !strings.Contains(got, c.usage) {
			t.Errorf("%s %s: %q", c.command, c.text, got)
		}
	}
}

// Notes typed as a list, with a to-do on a bulleted line ("- todo: …"),
// keep their notes and lose the bullet: the bullet alone is not a line of
// the notes ("> -"), as the form's to-dos field drops it too.
func TestSessionLogBulletedTodoLines(t *testing.T) {
	e := goalEnv(t)
	got := e.cmd(bob, "/session", "log we talked about the CV\n- todo: update the CV\n• TODO: read the guide\n* todo: <@UALICE|alice> intro\n1. todo: book a room\n- and the next steps")
	for _, want := range []string{"update the CV — you", "read the guide — you", "intro — <@UALICE>", "book a room — you"} {
		if !strings.Contains(got, want) {
			t.Errorf("the answer has no %q: %q", want, got)
		}
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	if want := "we talked about the CV\n- and the next steps"; ss[0].Notes != want {
		t.Errorf("notes = %q, want %q", ss[0].Notes, want)
	}
}

// /session log starting with a name Slack did not make a mention of
// ("@alcie": misspelt, or nobody in the workspace) was meant to name the
// partner: it is refused with how to pick them, as /mentor feedback and
// /session list refuse it, and nothing is logged (not a session of the
// only pair whose notes start "@alcie").
func TestSessionLogWithAnUnknownName(t *testing.T) {
	e := goalEnv(t)
	for _, text := range []string{"log @alcie we talked todo: x", "log @alcie"} {
		got := e.cmd(bob, "/session", text)
		if !strings.Contains(got, "I couldn't find @alcie in this workspace") || !strings.Contains(got, "Nothing was logged") {
			t.Errorf("/session %s: %q", text, got)
		}
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Errorf("logged: %+v", ss)
	}
}

// In the session form, "todo: …" typed in the notes (as /session log and
// its help teach) makes a to-do too, as in the slash command, beside those
// of the To-dos field; it does not stay in the notes, where it would read
// as a to-do that nobody has. A bad one is shown under the notes, and
// nothing is stored.
func TestSessionFormTodosInTheNotes(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	open := func() string {
		e.cmdIn(bob, e.dmChannel(bob), "/session", "")
		return e.waitModal(bob, "session_log").ID
	}
	v := open()
	sub, err := e.sim.SubmitView(ctx, bob, v, map[string]map[string]any{
		"date": {"date": "2026-11-02"}, "notes": {"notes": "talked about the CV todo: @carol send a template"}, "todos": {"todos": ""},
	})
	if err != nil || sub.Closed || !strings.Contains(sub.Errors["notes"], "@carol") {
		t.Errorf("a to-do in the notes for someone outside the pair: %v %+v", err, sub)
	}
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Fatalf("stored %+v", ss)
	}
	sub, err = e.sim.SubmitView(ctx, bob, v, map[string]map[string]any{
		"date":  {"date": "2026-11-02"},
		"notes": {"notes": "talked about the CV\ntodo: update the CV todo: @alice send a template"},
		"todos": {"todos": "1. book a mock interview\n– read 1.5 chapters"},
	})
	if err != nil || !sub.Closed {
		t.Fatalf("log: %v %+v", err, sub)
	}
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	if ss[0].Notes != "talked about the CV" {
		t.Errorf("notes = %q", ss[0].Notes)
	}
	var got []string
	for _, td := range ss[0].Todos {
		got = append(got, td.OwnerID+":"+td.Text)
	}
	// The To-dos field's list marks go, as the notes' do.
	if want := "UBOB:update the CV|UALICE:send a template|UBOB:book a mock interview|UBOB:read 1.5 chapters"; strings.Join(got, "|") != want {
		t.Errorf("to-dos = %q, want %q", strings.Join(got, "|"), want)
	}
}

// A "todo: …" part typed into the form that edits a session's notes adds a
// to-do to that session, as /session log and the log form do: the
// mentee's unless it names a member, listed with its number in the
// answer and in the partner's DM, and not left in the notes. A to-do for
// someone outside the pair is refused under the notes, changing nothing.
func TestSessionEditFormTurnsTodoPartsIntoTodos(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(alice, "/session", "log career paths")
	e.settle()
	told := e.waitDM(bob, "career paths")
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	id := ss[0].ID

	// Someone outside the pair: refused under the notes, nothing saved.
	e.cmd(alice, "/session", fmt.Sprintf("edit %d", id))
	v := e.waitModal(alice, "session_edit_form")
	sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "career paths, changed todo: <@UCAROL|carol> say hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["notes"], "isn't in your pair") {
		t.Errorf("a to-do for carol: errors %+v, want one under the notes", sub.Errors)
	}
	if got, _ := e.app.DB.Session(e.ctx, alice, id); got.Notes != "career paths" || len(got.Todos) != 0 {
		t.Errorf("after the refused edit the session is %q with %d to-dos", got.Notes, len(got.Todos))
	}

	sub, err = e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"notes": {"notes": "career paths\ntodo: read the SRE book\n- todo: @me send the slides"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	got, err := e.app.DB.Session(e.ctx, alice, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notes != "career paths" {
		t.Errorf("the notes are %q; the to-dos stayed in them", got.Notes)
	}
	owners := map[string]string{}
	for _, td := range got.Todos {
		owners[td.Text] = td.OwnerID
	}
	if len(got.Todos) != 2 || owners["read the SRE book"] != bob || owners["send the slides"] != alice {
		t.Fatalf("the session's to-dos are %+v; want bob's SRE book and alice's slides", got.Todos)
	}
	answer := pgWait(e, alice, "Saved the notes of session")
	for _, td := range got.Todos {
		if !contains(answer, fmt.Sprintf("#%d", td.ID)) || !contains(answer, td.Text) {
			t.Errorf("the answer does not list to-do #%d %q: %s", td.ID, td.Text, answer.Text)
		}
	}
	e.schedWaitMessage(told, func(m slacksim.Message) bool {
		return contains(m, "read the SRE book") && contains(m, "send the slides")
	})
	if todos := e.cmd(bob, "/session", "todos"); !strings.Contains(todos, "read the SRE book") {
		t.Errorf("bob's /session todos = %q", todos)
	}
}

// The answer to an edit of a session's notes lists its to-dos as they
// stand: one closed since the log is done, with no Done button.
func TestSessionEditAnswerShowsTodosAsTheyStand(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	got := e.cmd(bob, "/session", "log Talked todo: read book todo: <@UALICE|alice> intro to SRE todo: @me write RFC")
	book, intro, rfc := sessionTodoNumber(t, got, "read book"), sessionTodoNumber(t, got, "intro to SRE"), sessionTodoNumber(t, got, "write RFC")
	e.cmd(alice, "/session", fmt.Sprintf("done %d", book))
	e.cmd(alice, "/session", fmt.Sprintf("done %d", intro))
	ss := e.sessionsStored()
	if len(ss) != 1 {
		t.Fatalf("sessions: %+v", ss)
	}
	e.cmd(bob, "/session", fmt.Sprintf("edit %d", ss[0].ID))
	v := e.waitModal(bob, "session_edit_form")
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"notes": {"notes": "Talked a lot"}}); err != nil || len(sub.Errors) > 0 {
		t.Fatalf("saving: %v %+v", err, sub)
	}
	answer := pgWait(e, bob, "Saved the notes of session")
	for _, n := range []int64{book, intro} {
		if strings.Contains(string(answer.Blocks), fmt.Sprintf("todo_done_%d", n)) {
			t.Errorf("the answer offers Done for to-do #%d, closed already: %s", n, blockText(answer.Blocks))
		}
	}
	if !strings.Contains(string(answer.Blocks), fmt.Sprintf("todo_done_%d", rfc)) {
		t.Errorf("the answer has no Done button for the open to-do #%d: %s", rfc, blockText(answer.Blocks))
	}
	if !strings.Contains(blockText(answer.Blocks), "done (marked by <@UALICE>)") {
		t.Errorf("the answer does not say the closed to-dos are done: %s", blockText(answer.Blocks))
	}
	noFailures(t, e)
}
