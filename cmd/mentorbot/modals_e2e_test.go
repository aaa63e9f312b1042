package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of what people read in and after modals: confirmations
// that read as sentences, settings shown as typed.

func TestJoinConfirmationReadsAsOneSentence(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, bob, signup{role: "mentee", cadence: "biweekly"})
	confirm := e.waitDM(bob, "signed up for matching")
	if !contains(confirm, "open to any topic; meeting every two weeks.") || contains(confirm, "; Every") {
		t.Errorf("confirmation = %s", confirm.Text+blockText(confirm.Blocks))
	}
}

// With check-ins that are not weekly, the settings form still opens
// (Slack's limits on its texts hold) and says what they are.
func TestSettingsOpenWithCheckinsNotWeekly(t *testing.T) {
	for _, spec := range []string{"30 8 * * MON,THU", "0 9 1 * *"} {
		e := newEnv(t, withEnv("MENTORBOT_CHECKIN_SCHEDULE", spec))
		e.cmd(alice, "/mentor", "settings")
		v := pgSettingsView(e, alice)
		if !strings.Contains(string(v.JSON), "on the programme's schedule") || strings.Contains(string(v.JSON), "Weekly") {
			t.Errorf("%s: form = %s", spec, v.JSON)
		}
		pgNoFailures(e)
	}
}

func TestSettingsShowLongLeadTimesAsTyped(t *testing.T) {
	e := newEnv(t)
	e.cmd(alice, "/mentor", "settings")
	v := pgSettingsView(e, alice)
	res := pgSubmit(e, alice, v.ID, settingsValues("30d, 2w, 36h, 1h", []string{"nudges"}, ""))
	if !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("settings: closed %v, errors %v", res.Closed, res.Errors)
	}
	saved := pgWait(e, alice, "Meeting reminders:")
	if text := saved.Text + blockText(saved.Blocks); !strings.Contains(text, "Meeting reminders: 30d,2w,36h,1h before.") || strings.Contains(text, "720h") {
		t.Errorf("confirmation = %s", text)
	}
	// The form shows them the same way, and saving it unchanged keeps them.
	e.cmd(alice, "/mentor", "settings")
	v = pgSettingsView(e, alice)
	if !strings.Contains(string(v.JSON), `"initial_value":"30d,2w,36h,1h"`) {
		t.Errorf("reopened form: %s", v.JSON)
	}
	if u, err := e.app.DB.User(e.ctx, alice); err != nil || u.Settings.RemindBefore == nil || *u.Settings.RemindBefore != "30d,2w,36h,1h" {
		t.Errorf("stored: %+v, %v", u.Settings, err)
	}
	pgNoFailures(e)
}

// A Done button on a to-do the partner closed meanwhile shows it done, as
// a successful press does, instead of staying open with its button: one
// pressed before the check-in's redraw without it reached Slack (here
// Slack refuses the redraw, so that the button stays).
func TestCheckinDoneOnATodoClosedMeanwhile(t *testing.T) {
	e := meetEnv(t)
	got := e.cmd(bob, "/session", "log notes todo: read the SRE book")
	book := sessionTodoNumber(t, got, "read the SRE book")
	e.schedWalk(schedAt("2026-11-09 15:00")) // Monday, after 09:00 in New York
	ci := e.schedDM("checkin:to=" + bob + ":on=2026-11-09")
	button := "todo_done_" + strconv.FormatInt(book, 10)
	if !strings.Contains(string(ci.Blocks), button) {
		t.Fatalf("check-in lacks the Done button: %s", blockText(ci.Blocks))
	}
	e.sim.FailNext("chat.update", 5, "edit_window_closed", 0)
	if got := e.cmd(alice, "/session", "done "+strconv.FormatInt(book, 10)); !strings.Contains(got, "done (marked by you)") {
		t.Fatalf("alice closes it: %q", got)
	}
	e.idle()
	e.schedClick(bob, ci, button)
	e.idle()
	e.schedWaitMessage(ci, func(m slacksim.Message) bool {
		return strings.Contains(blockText(m.Blocks), "done (marked by <@UALICE>)") && !strings.Contains(string(m.Blocks), button)
	})
}

// plainFieldErrors fails the test when a modal's field error carries
// mrkdwn, which Slack would show as typed: an entity, a mention, a code
// span or an emoji code.
func plainFieldErrors(t *testing.T, where string, errs map[string]string) {
	t.Helper()
	for block, msg := range errs {
		for _, bad := range []string{"&lt;", "&gt;", "&amp;", "<@", "<!", "`", ":warning:"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: the error under %s has %q: %q", where, block, bad, msg)
			}
		}
	}
}

func TestSessionModalErrorsArePlainText(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.cmd(bob, "/session", "")
	v := e.waitModal(bob, "session_log")
	submit := func(todos string) map[string]string {
		t.Helper()
		sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"date": {"date": "2026-11-02"}, "notes": {"notes": "n"}, "todos": {"todos": todos}})
		if err != nil || sub.Closed {
			t.Fatalf("submit %q: %v, closed %v", todos, err, sub != nil && sub.Closed)
		}
		plainFieldErrors(t, todos, sub.Errors)
		return sub.Errors
	}
	if got := submit("@<b>x& coffee")["todos"]; !strings.Contains(got, "I don't know who @<b>x& is") || !strings.Contains(got, "@alice, @bob or @me") {
		t.Errorf("unknown name: %q", got)
	}
	// Each line is a to-do: no "todo:" to write, and the line is named.
	if got := submit("@alice")["todos"]; !strings.Contains(got, "To-do 1 names someone but not what to do") || strings.Contains(got, "todo:") {
		t.Errorf("a name alone: %q", got)
	}
	if got := submit("read the book\n" + strings.Repeat("x", 301))["todos"]; !strings.Contains(got, "To-do 2 is 301 characters long; the limit is 300") {
		t.Errorf("over-long to-do: %q", got)
	}
	if got := submit("read the book\n\n" + strings.Repeat("x", 301))["todos"]; !strings.Contains(got, "To-do 2 (line 3) is 301 characters long") {
		t.Errorf("over-long to-do after a blank line: %q", got)
	}
	// An error from the store names the partner as @name, not an ID.
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "ended") {
		t.Fatalf("end: %q", got)
	}
	// The form closes, and what was typed comes back (nothing is logged).
	if sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"date": {"date": "2026-11-02"}, "notes": {"notes": "n"}, "todos": {"todos": "read the book"}}); err != nil || !sub.Closed {
		t.Errorf("ended pair: %v, %+v", err, sub)
	}
	if got := blockText(e.waitDM(bob, "so I couldn't log this session").Blocks); !strings.Contains(got, "Your pair with <@UALICE> has ended") || !strings.Contains(got, "> read the book") {
		t.Errorf("ended pair: %q", got)
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, bob, 0, 10); len(ss) != 0 {
		t.Errorf("refused forms stored %+v", ss)
	}
}

func TestSnoozeModalErrorIsPlainText(t *testing.T) {
	e := meetEnv(t)
	ack := e.submit(bob, "snooze", fmt.Sprintf(`{"id":%d}`, e.meetPair().ID), map[string]string{"snooze_for/value": "<b>&"})
	var res struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(ack), &res); err != nil || res.Action != "errors" {
		t.Fatalf("ack %s: %v", ack, err)
	}
	plainFieldErrors(t, "snooze", res.Errors)
	if got := res.Errors["snooze_for"]; !strings.Contains(got, `I couldn't read "<b>&" as a snooze`) {
		t.Errorf("snooze error: %q", got)
	}
}

// The session form refuses a day before the pair existed: nothing is
// stored, the partner hears nothing and no good-fit check follows.
func TestSessionModalRefusesADayBeforeThePair(t *testing.T) {
	e := meetEnv(t) // paired on Monday 2 November, 03:00 in bob's New York
	ctx := meetCtx(e)
	e.clock.Set(utc(2026, 11, 4, 15, 0))
	e.cmd(bob, "/session", "")
	v := e.waitModal(bob, "session_log")
	for _, day := range []string{"1990-01-01", "2026-11-01"} {
		sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"date": {"date": day}, "notes": {"notes": "we met"}})
		if err != nil || sub.Closed {
			t.Fatalf("%s: %v, %+v", day, err, sub)
		}
		if got := sub.Errors["date"]; !strings.Contains(got, "Your pair with @alice started on Mon 2 Nov 2026. Pick that day or a later one.") {
			t.Errorf("%s: date error %q (errors %v)", day, got, sub.Errors)
		}
	}
	e.settle()
	if ss := e.sessionsStored(); len(ss) != 0 {
		t.Fatalf("stored %+v", ss)
	}
	if n := len(e.dms(alice, "logged your session")); n != 0 {
		t.Errorf("alice was told of %d refused sessions", n)
	}
	if n := len(e.dms(bob, "good fit")) + len(e.dms(alice, "good fit")); n != 0 {
		t.Errorf("%d good-fit checks after refused sessions", n)
	}
	// The pair's first day is fine.
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"date": {"date": "2026-11-02"}, "notes": {"notes": "we met"}})
	if err != nil || !sub.Closed {
		t.Fatalf("first day: %v, %+v", err, sub)
	}
	if ss := e.sessionsStored(); len(ss) != 1 || ss[0].HeldOn != "2026-11-02" {
		t.Errorf("stored %+v", ss)
	}
}

// The follow-up's form logs its meeting once: logged meanwhile, it says
// so under the date and stores nothing; another day, or /session log,
// still logs a second meeting.
func TestFollowupFormDoesNotLogAMeetingTwice(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.cmd(alice, "/mentor", "meet weekly thu 15:00") // 14:00 UTC, 09:00 in New York
	thu := utc(2026, 11, 5, 14, 0)
	e.schedWalk(schedAt("2026-11-05 16:00"))
	fu := e.schedDM(fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), bob))
	e.schedClick(bob, fu, "session_log_open")
	v := e.waitModal(bob, "session_log")

	// Meanwhile alice logs the meeting.
	got := e.cmd(alice, "/session", "log we talked about the talk")
	m := regexp.MustCompile(`Logged session \*#(\d+)\*`).FindStringSubmatch(got)
	if m == nil || !strings.Contains(got, "your meeting of") {
		t.Fatalf("alice's log: %q", got)
	}
	res := e.schedSubmit(bob, v, map[string]map[string]any{"notes": {"notes": "my notes of it"}})
	want := "This meeting is already logged as #" + m[1] + " (by @alice). If you met again, change the date or use /session log."
	if res.Closed || res.Errors["date"] != want {
		t.Errorf("bob's form: closed %v, errors %q; want %q under date", res.Closed, res.Errors, want)
	}
	e.settle()
	if ss := e.sessionsStored(); len(ss) != 1 {
		t.Fatalf("sessions after the refused form: %+v", ss)
	}
	if n := len(e.dms(alice, "logged your session")); n != 0 {
		t.Errorf("alice was told of %d sessions of bob's", n)
	}

	// Another day is another meeting: the form logs it.
	res = e.schedSubmit(bob, v, map[string]map[string]any{"date": {"date": "2026-11-04"}, "notes": {"notes": "coffee the day before"}})
	if !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("the day before: closed %v, errors %v", res.Closed, res.Errors)
	}
	// /session log on the same day logs a second session, of a meeting of
	// its own, as the follow-up's update says.
	if got := e.cmd(bob, "/session", "log we met again"); !strings.Contains(got, "Logged session") {
		t.Errorf("a second /session log: %q", got)
	}
	ss := e.sessionsStored()
	linked := 0
	for _, s := range ss {
		if s.MeetingAt.Equal(thu) {
			linked++
		}
	}
	if len(ss) != 3 || linked != 1 {
		t.Errorf("sessions: %+v", ss)
	}
}
