package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The spec's "Privacy and safety", end to end, for what
// TestOtherPeoplesNumbersAndIDsAreRefusedWithoutRevealingThem does not
// try: the commands and buttons that reopen, move, edit and remove, the
// session numbers, feedback, and a former partner after `/mentor end`.
// Someone outside a pair is answered as for a number nobody has, and
// nothing changes.

func TestOtherPeoplesNumbersElsewhere(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(bob, "/goal", "add Read the secret design doc by 2026-12-20")
	e.cmd(alice, "/session", "log <@UBOB> talked about the secret reorg todo: read the book todo: write the memo")
	e.cmd(bob, "/mentor", "agenda my performance review")
	db := e.cfg.DB
	doneGoal := fmt.Sprint(queryInt(t, db, `SELECT max(id) FROM goals WHERE owner_id = 'UBOB'`))
	doneTodo := fmt.Sprint(queryInt(t, db, `SELECT max(id) FROM todos WHERE owner_id = 'UBOB'`))
	if got := e.cmd(bob, "/goal", "done "+doneGoal); !strings.Contains(got, "done") {
		t.Fatalf("goal done: %q", got)
	}
	if got := e.cmd(bob, "/session", "done "+doneTodo); !strings.Contains(got, "done") {
		t.Fatalf("to-do done: %q", got)
	}
	for _, u := range []string{carol, dana, erin, alice, bob} {
		e.cmd(u, "/mentor", "pairs") // profiles and DM channels cached
		e.press(u, "goal_done", "not a number")
	}
	e.settle()

	ids := map[string]string{
		"G": doneGoal, // a closed goal of bob's
		"T": doneTodo, // a closed to-do of bob's
		"S": fmt.Sprint(queryInt(t, db, `SELECT id FROM sessions`)),
		"A": fmt.Sprint(queryInt(t, db, `SELECT id FROM agenda_items`)),
		"P": fmt.Sprint(queryInt(t, db, `SELECT id FROM pairs WHERE mentee_id = 'UBOB'`)),
	}
	const missing = "4242"
	nextMeeting := fmt.Sprint(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC).Unix())
	private := []string{"Ship 3 PRs", "secret", "read the book", "write the memo", "performance review"}

	cmd, press, submit := e.typed, e.pressed, e.submitted
	probes := []probe{
		{"/goal reopen", cmd("/goal", "reopen {}"), "G"},
		{"goal Undo button", press("goal_reopen", "{}"), "G"},
		{"/session reopen", cmd("/session", "reopen {}"), "T"},
		{"to-do Undo button", press("todo_reopen_1", "{}"), "T"},
		{"/session show", cmd("/session", "show {}"), "S"},
		{"/session show #N", cmd("/session", "show #{}"), "S"},
		{"/session edit", cmd("/session", "edit {}"), "S"},
		{"session Edit notes button", press("session_edit", "{}"), "S"},
		{"session edit form with the session in private_metadata", submit("session_edit_form", `{"id":{}}`, map[string]string{"notes": "sneaky todo: x"}), "S"},
		{"agenda Remove button", press("agenda_remove", "{}"), "A"},
		{"agenda Remove button in the agenda", func(who, n string) string { return e.press(who, "agenda_remove", n) }, "A"},
		{"Move this meeting button", press("meeting_move", "{}:"+nextMeeting), "P"},
		{"move form with the pair in private_metadata", submit("meeting_move", `{"id":{},"x":"`+nextMeeting+`"}`,
			map[string]string{"move_day": "2026-11-06", "move_time": "10:00"}), "P"},
		{"End my pair button", press("end_confirm", "{}"), "P"},
		{"/mentor feedback @member", cmd("/mentor", "feedback <@{}> sneaky"), "U"},
		{"/mentor resume @member", cmd("/mentor", "resume <@{}>"), "U"},
		{"/mentor move @member", cmd("/mentor", "move <@{}> 2026-11-06 10:00"), "U"},
		{"/goal list @member all", cmd("/goal", "list <@{}> all"), "U"},
	}
	for _, p := range probes {
		for _, who := range []string{carol, dana, erin} {
			t.Run(p.name+" by "+who, func(t *testing.T) {
				victim, other := ids[p.of], missing
				if p.of == "U" {
					victim, other = bob, map[string]string{carol: erin, dana: erin, erin: dana}[who]
				}
				e.wantAnsweredAsMissing(t, p, who, victim, other, private)
			})
		}
	}
}

// A number is typed as N or #N. "+1" (a sign, as in a thumbs-up or a
// change) is no goal's or to-do's number: it is refused with a clear
// answer and closes, opens or shows nothing, instead of acting on #1.
func TestSignedNumberIsNoNumber(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(alice, "/session", "log <@UBOB> talked todo: read the book")
	e.settle()
	for _, c := range []struct{ user, command, text string }{
		{bob, "/goal", "drop #+1"},
		{bob, "/goal", "done +1"},
		{bob, "/goal", "progress +1 50%"},
		{bob, "/goal", "show +1"},
		{bob, "/session", "done +1"},
		{bob, "/session", "done 2 +1"},
		{bob, "/session", "show +1"},
		{alice, "/session", "edit +1"},
	} {
		t.Run(c.command+" "+c.text, func(t *testing.T) {
			before := dbDump(t, e.cfg.DB)
			got := e.cmd(c.user, c.command, c.text)
			e.settle()
			if after := dbDump(t, e.cfg.DB); after != before {
				t.Fatalf("the database changed; answer %q\n%s", got, lineDiff(before, after))
			}
			for _, s := range []string{"Ship 3 PRs", "read the book", "talked"} {
				if strings.Contains(got, s) {
					t.Errorf("the answer acts on #1: %q", got)
				}
			}
			if views := len(e.sim.OpenViews(c.user)); got == "" || views > 0 {
				t.Errorf("answer %q and %d forms opened; want a refusal", got, views)
			}
		})
	}
}

// hostileText is what people can make Slack send in a command's text:
// special mentions (@channel, @here, @everyone as Slack sends them), a
// mention of UEVIL (nobody in the workspace, so the bot never names them
// on its own), a channel link, a user group, a labelled link and escaped
// markup.
const hostileText = "<!channel> <!here> <!everyone> <@UEVIL|evil> <#C0EVIL|evil> <!subteam^S0EVIL|@team> <https://evil.example|click me> &lt;!here&gt; &amp;"

// markupRe is Slack's angle-bracket markup in what the bot posts.
var markupRe = regexp.MustCompile(`<[^<>]*>`)

// ownMarkupRe is the markup the bot writes itself: a mention of someone in
// the workspace and a date token.
var ownMarkupRe = regexp.MustCompile(`^<(@U(ALICE|BOB|CAROL|DANA|ERIN)|!date\^-?\d+\^[^|<>]*\|[^<>]*)>$`)

// foreignMarkup lists the markup in s that the bot does not write itself.
func foreignMarkup(s string) []string {
	var out []string
	for _, m := range markupRe.FindAllString(s, -1) {
		if !ownMarkupRe.MatchString(m) {
			out = append(out, m)
		}
	}
	return out
}

// Text people typed reaches their partner's DMs, the scheduler's
// reminders, agenda prompts, check-ins and goal-due DMs, and App Home;
// wherever it is shown, it is escaped: nobody can make the bot post
// @channel, @here, a mention, a channel link or a labelled link.
func TestTypedMarkupNeverReachesWhatTheBotPosts(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	for _, c := range []struct{ user, command, text string }{
		{bob, "/goal", "add Ship " + hostileText + " by 2026-11-05"},
		{bob, "/goal", "progress 1 40% " + hostileText},
		{alice, "/goal", "comment 1 " + hostileText},
		{bob, "/mentor", "agenda " + hostileText},
		{alice, "/session", "log <@UBOB> notes " + hostileText + " todo: first " + hostileText + " todo: <@UALICE> second " + hostileText},
		{bob, "/mentor", "feedback <@UALICE> " + hostileText},
		{bob, "/mentor", "request <@UCAROL> " + hostileText},
		{bob, "/session", "list"},
		{alice, "/mentor", "next <@UBOB>"},
		{alice, "/goal", "list <@UBOB>"},
		{bob, "/session", "todos"},
	} {
		got := e.cmd(c.user, c.command, c.text)
		if strings.Contains(got, "went wrong") {
			t.Fatalf("%s %s: %q", c.command, c.text, got)
		}
	}
	// Through the week: goal due, agenda prompt, reminders, the meeting,
	// its follow-up, and the next Monday's check-in.
	for range 8 * 4 {
		e.advance(6 * time.Hour)
	}
	homes := map[string]string{}
	for _, u := range []string{alice, bob, carol} {
		homes[u] = string(homeOpen(e, u, nil).JSON)
	}

	kinds := map[string]bool{}
	for _, m := range e.sim.Messages() {
		kinds[strings.SplitN(m.Text, " ", 4)[0]] = true
		shown := m.Text + "\n" + blockText(m.Blocks)
		if bad := foreignMarkup(shown); len(bad) > 0 {
			t.Errorf("a message to %s (%s) carries typed markup %q:\n%s", m.User, m.Via, bad, truncateForLog(shown))
		}
	}
	for u, home := range homes {
		if bad := foreignMarkup(blockText([]byte(home))); len(bad) > 0 {
			t.Errorf("%s's App Home carries typed markup %q", u, bad)
		}
	}
	// The scheduler's DMs were all there to check, and they quote what
	// was typed, escaped.
	for _, want := range []string{"Reminder:", "What do you want to cover", "How did your meeting", "Your weekly mentoring check-in"} {
		dms := append(e.dms(alice, want), e.dms(bob, want)...)
		quoted := want == "How did your meeting" // it quotes nothing
		for _, m := range dms {
			quoted = quoted || contains(m, "@channel @here @everyone @evil")
		}
		if len(dms) == 0 || !quoted {
			t.Errorf("no DM saying %q quotes what was typed; DMs:%s", want, e.describeDMs(bob))
		}
	}
}

// After `/mentor end`, the former partner keeps the pair's history (its
// sessions), but nothing of the pair can be changed any more, by command,
// by a button of an old DM or by a form, and the mentee's goals are no
// longer theirs to see.
func TestFormerPartnerChangesNothing(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(alice, "/session", "log <@UBOB> talked todo: read the book")
	e.cmd(bob, "/mentor", "agenda my performance review")
	if got := e.cmd(bob, "/mentor", "end <@UALICE>"); !strings.Contains(got, "ended") {
		t.Fatalf("end: %q", got)
	}
	e.settle()
	db := e.cfg.DB
	pair := fmt.Sprint(queryInt(t, db, `SELECT id FROM pairs`))
	goal := fmt.Sprint(queryInt(t, db, `SELECT id FROM goals`))
	session := fmt.Sprint(queryInt(t, db, `SELECT id FROM sessions`))
	nextMeeting := fmt.Sprint(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC).Unix())
	for _, c := range []struct {
		name string
		run  func() string
	}{
		{"/goal list @mentee", func() string { return e.cmd(alice, "/goal", "list <@UBOB>") }},
		{"/goal show", func() string { return e.cmd(alice, "/goal", "show "+goal) }},
		{"/goal comment", func() string { return e.cmd(alice, "/goal", "comment "+goal+" sneaky") }},
		{"/mentor agenda ITEM", func() string { return e.cmd(alice, "/mentor", "agenda <@UBOB> sneaky") }},
		{"/mentor meet", func() string { return e.cmd(alice, "/mentor", "meet <@UBOB> weekly mon 10:00") }},
		{"/mentor snooze", func() string { return e.cmd(alice, "/mentor", "snooze <@UBOB> 2w") }},
		{"/mentor feedback", func() string { return e.cmd(alice, "/mentor", "feedback <@UBOB> sneaky") }},
		{"/session log", func() string { return e.cmd(alice, "/session", "log <@UBOB> sneaky") }},
		{"/session edit adding a to-do", func() string {
			return e.submit(alice, "session_edit_form", `{"id":`+session+`}`, map[string]string{"notes": "talked todo: sneaky"})
		}},
		{"Add agenda item button", func() string { return e.press(alice, "agenda_add", pair) }},
		{"agenda form", func() string {
			return e.submit(alice, "agenda_add", `{"id":`+pair+`}`, map[string]string{"item": "sneaky item"})
		}},
		{"Skip button", func() string { return e.press(alice, "meeting_skip", pair+":"+nextMeeting) }},
		{"Move form", func() string {
			return e.submit(alice, "meeting_move", `{"id":`+pair+`,"x":"`+nextMeeting+`"}`, map[string]string{"move_day": "2026-11-06", "move_time": "10:00"})
		}},
		{"Log session form", func() string {
			// The form closes, and what was typed comes back in a message,
			// not lost with it.
			if ack := e.submit(alice, "session_log", `{"id":`+pair+`}`, map[string]string{"date": "2026-11-02", "notes": "sneaky notes"}); ack != "" {
				return ack
			}
			m := e.waitDM(alice, "so I couldn't log this session")
			return m.Text + blockText(m.Blocks)
		}},
		{"App Home snooze form", func() string {
			return e.submit(alice, "snooze", `{"id":`+pair+`}`, map[string]string{"snooze_for/value": "2w"})
		}},
		{"feedback rating button", func() string { return e.press(alice, "notify_rate", pair+":4:5") }},
		{"feedback form", func() string {
			return e.submit(alice, "notify_feedback", `{"id":`+pair+`,"x":"4"}`, map[string]string{"rating": "1", "comment": "sneaky"})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := dbDump(t, db)
			got := c.run()
			e.settle()
			if after := dbDump(t, db); after != before {
				t.Fatalf("the pair changed after its end; answer %q\n%s", got, lineDiff(before, after))
			}
			for _, s := range []string{"Ship 3 PRs", "went wrong"} {
				if strings.Contains(got, s) {
					t.Errorf("answer %q", got)
				}
			}
			if got == "" || got == "(no answer)" {
				t.Errorf("no answer")
			}
		})
	}
}

// The session edit form remembers the message it was opened from (its
// channel and ts), which saving redraws. A submission naming a message in
// someone else's conversation with the bot must not make the bot rewrite
// that message with the pair's session: the message stays as it was, and
// the notes are saved all the same.
func TestSessionEditRedrawsOnlyTheEditorsOwnDM(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(erin, carol)
	e.cmd(alice, "/session", "log <@UBOB> talked about the secret reorg todo: read the book")
	e.settle()
	welcome := e.waitDM(carol, "Welcome")
	session := fmt.Sprint(queryInt(t, e.cfg.DB, `SELECT id FROM sessions`))

	ack := e.submit(alice, "session_edit_form", fmt.Sprintf(`{"c":%q,"id":%s,"x":%q}`, welcome.Channel, session, welcome.TS),
		map[string]string{"notes": "the secret reorg, mended"})
	e.idle()
	e.settle()
	if strings.Contains(ack, "errors") {
		t.Fatalf("the edit was refused: %s", ack)
	}
	if got := queryInt(t, e.cfg.DB, `SELECT count(*) FROM sessions WHERE notes = 'the secret reorg, mended'`); got != 1 {
		t.Errorf("the notes were not saved")
	}
	now, ok := e.sim.LookupMessage(welcome.Channel, welcome.TS)
	if !ok {
		t.Fatal("carol's welcome DM is gone")
	}
	if now.Text != welcome.Text || string(now.Blocks) != string(welcome.Blocks) || contains(now, "secret reorg") {
		t.Errorf("carol's welcome DM was rewritten with alice and bob's session:\n%s\n%s", now.Text, blockText(now.Blocks))
	}
}
