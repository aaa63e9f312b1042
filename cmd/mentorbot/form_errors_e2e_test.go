package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// What the forms (modals) say when what was written in them can't be saved.

// A form's error names a partner who asked to be forgotten as "your
// partner": field errors are plain text, where a mention reads as the
// name stored for it, which the forget emptied, and was shown as the raw
// Slack ID ("@UBOB").
func TestFormErrorNamesAForgottenPartnerAsYourPartner(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	pgForget(e, bob)
	e.settle()

	res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}})
	got := res.Errors["rating"]
	if !strings.HasPrefix(got, "Your pair has ended") || strings.Contains(got, "UBOB") {
		t.Errorf("alice's feedback form after bob's forget answered %q, want her pair ended, without his ID", res.Errors)
	}
}

// The move form says what is wrong with a day under the day's picker, in
// the pickers' terms: a day too far away, or one that does not exist (a
// forged form), was reported under the time with a command to type as
// the example.
func TestMoveFormDayProblemsAreTheDays(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))
	reminder := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	e.schedClick(alice, reminder, "meeting_move")
	v := e.waitModal(alice, "meeting_move")
	noExample := func(what string, errs map[string]string) {
		t.Helper()
		for block, msg := range errs {
			if strings.Contains(msg, "for example") || strings.Contains(msg, "/mentor") || strings.Contains(msg, `"20`) {
				t.Errorf("%s: the error under %s names something to type: %q", what, block, msg)
			}
		}
	}

	res := e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2029-01-10"}, "move_time": {"move_time": "10:00"}})
	if got := res.Errors["move_day"]; got != "That day is more than two years away. Pick a day up to Sat 4 Nov 2028." || res.Errors["move_time"] != "" {
		t.Errorf("a day too far away: %+v", res.Errors)
	}
	noExample("too far", res.Errors)

	res = e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-04"}, "move_time": {"move_time": "09:00"}})
	if got := res.Errors["move_time"]; !strings.Contains(got, "already passed") || res.Errors["move_day"] != "" {
		t.Errorf("a time passed today: %+v", res.Errors)
	}
	noExample("passed", res.Errors)

	meta := fmt.Sprintf(`{"id":%d,"x":"%d"}`, p.ID, thu.Unix())
	ack := e.submit(alice, "meeting_move", meta, map[string]string{"move_day": "2027-02-30", "move_time": "10:00"})
	var got struct{ Errors map[string]string }
	if err := json.Unmarshal([]byte(ack), &got); err != nil || got.Errors["move_day"] != "There is no such day. Pick one in the calendar." || got.Errors["move_time"] != "" {
		t.Errorf("a day that does not exist: %s", ack)
	}
	noExample("no such day", got.Errors)
}

// The notes of an ended pair's session can still be edited, but a todo:
// part in them cannot be added: the form says so in its hint, and that
// the to-do is what is refused, where it said only that nothing more
// could be added to the pair.
func TestSessionEditOfAnEndedPairRefusesTheTodo(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if got := e.cmd(alice, "/session", "log <@UBOB> talked about testing"); !strings.Contains(got, "#1") {
		t.Fatalf("log: %q", got)
	}
	if _, err := e.app.DB.EndPair(e.ctx, bob, p.ID); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.cmd(alice, "/session", "edit 1")
	v := e.waitModal(alice, "session_edit_form")
	// The form's hint offered the todo: part that saving then refused.
	if hint := string(v.JSON); !strings.Contains(hint, "This pair has ended, so it takes no new to-dos: leave out any todo: part, or the notes won't save.") ||
		strings.Contains(hint, "adds a to-do, as in /session log") {
		t.Errorf("the edit form of an ended pair's session offers a todo: part: %s", v.JSON)
	}
	res := e.schedSubmit(alice, v, map[string]map[string]any{"notes": {"notes": "talked about testing todo: read the SRE book"}})
	if got := res.Errors["notes"]; got != "An ended pair takes no new to-dos — take out the todo: part to save the notes." {
		t.Errorf("a todo: part in the notes of an ended pair's session: %+v", res.Errors)
	}
	res = e.schedSubmit(alice, v, map[string]map[string]any{"notes": {"notes": "talked about testing and tracing"}})
	if len(res.Errors) > 0 || !res.Closed {
		t.Errorf("the notes alone: %+v", res)
	}
}

// The join form names every problem with the topics typed at once: one
// at a time, each fix only brought up the next.
func TestJoinFormSaysEveryTopicProblemAtOnce(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(carol, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(carol, "match_join")
	long1, long2 := "Leading "+strings.Repeat("a", 60), "Following "+strings.Repeat("b", 60)
	sub, err := e.sim.SubmitView(matchCtx(e), carol, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go, *bold*, " + long1 + ", " + long2}})
	if err != nil {
		t.Fatal(err)
	}
	got := sub.Errors["topics_other"]
	for _, want := range []string{`"Leading aaaa`, `"Following bbb`, "are too long for topics (at most 60 characters each)", "can't contain * _ ~ or backticks"} {
		if !strings.Contains(got, want) {
			t.Errorf("the join form's error lacks %q: %q", want, got)
		}
	}
	if sub.Closed {
		t.Error("the join form closed")
	}

	// Too many topics are said along with the others: the ones refused
	// for their length or marks count too (it came only once those were
	// fixed), and a too-long one typed twice is named once.
	var typed []string
	for i := range 19 {
		typed = append(typed, fmt.Sprintf("Topic %d", i+1))
	}
	typed = append(typed, "*bold*", long1, long1)
	sub, err = e.sim.SubmitView(matchCtx(e), carol, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": strings.Join(typed, ", ")}})
	if err != nil {
		t.Fatal(err)
	}
	got = sub.Errors["topics_other"]
	if !strings.Contains(got, "That's 21 topics; please pick at most 20.") || strings.Count(got, `"Leading aaaa`) != 1 {
		t.Errorf("19 topics, one with marks and one too long typed twice: %q; want 21 topics, the long one named once", got)
	}
}

// The snooze form (App Home → Snooze) of a pair that ended meanwhile says,
// as the other forms do, whose pair it was and where to go on, whatever
// was written in it; it answered "That pair has ended.", and "off" was
// told that the pair isn't snoozed.
func TestSnoozeFormOfAnEndedPairNamesThePartner(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	home := homeOpen(e, bob, nil)
	if _, err := e.sim.ClickButton(ctx, bob, home.Message(), "home_snooze"); err != nil {
		t.Fatal(err)
	}
	sv := e.waitModal(bob, "snooze")
	if _, err := e.app.DB.EndPair(e.ctx, alice, p.ID); err != nil {
		t.Fatal(err)
	}
	e.settle()
	want := "Your pair with @alice has ended, so I haven't changed anything. Its history stays; /mentor pairs lists your pairs."
	for _, value := range []string{"2w", "off"} {
		res := pgSubmit(e, bob, sv.ID, map[string]map[string]any{"snooze_for": {"value": value}})
		if got := res.Errors["snooze_for"]; got != want {
			t.Errorf("the snooze form with %q after the pair ended: %+v; want %q", value, res.Errors, want)
		}
	}
	if pgLoadPair(e, p.ID).Snoozed(e.clock.Now()) {
		t.Error("the ended pair was snoozed")
	}
}
