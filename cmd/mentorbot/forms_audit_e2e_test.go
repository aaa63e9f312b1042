package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Findings of the audit of the forms (modals).

// A form's error names a partner who asked to be forgotten as "your
// partner": field errors are plain text, where a mention reads as the
// name stored for it, which the forget emptied, and was shown as the raw
// Slack ID ("@UBOB").
func TestFormErrorNamesAForgottenPartnerAsYourPartner(t *testing.T) {
	e, prompt := feedbackPromptToAlice(t)
	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
	e.settle()

	res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Thanks"}})
	got := res.Errors["rating"]
	if !strings.HasPrefix(got, "Your pair has ended") || strings.Contains(got, "UBOB") {
		t.Errorf("alice's feedback form after bob's forget answered %q, want her pair ended, without his ID", res.Errors)
	}
}

// submitTwice sends two view_submission envelopes of view v as user with
// the given state values (by block and action, each an element's state
// as Slack sends it), as a double click on Submit does: each with a
// trigger of its own, the same view, hash and values. together: the
// second is sent while the first is still being handled. It returns the
// two acks' payloads.
func (e *env) submitTwice(user string, v slacksim.View, values map[string]any, together bool) [2]string {
	e.t.Helper()
	var acks [2]string
	send := func(i int) { acks[i] = e.submitFilled(user, v, values) }
	if together {
		var wg sync.WaitGroup
		for i := range 2 {
			wg.Go(func() { send(i) })
		}
		wg.Wait()
	} else {
		send(0)
		e.settle()
		send(1)
	}
	e.settle()
	return acks
}

// submitFilled sends a view_submission envelope of view v as user with
// the given state values (as submitTwice), with a trigger of its own, and
// returns the ack's payload.
func (e *env) submitFilled(user string, v slacksim.View, values map[string]any) string {
	e.t.Helper()
	var view map[string]any
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		e.t.Fatal(err)
	}
	view["state"] = map[string]any{"values": values}
	payload, err := json.Marshal(map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user},
		"trigger_id": fmt.Sprintf("filled-%d", time.Now().UnixNano()), "view": view,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ack, err := e.sim.SendEnvelope(ctx, "interactive", payload)
	if err != nil {
		e.t.Errorf("submission of %s: %v", v.CallbackID, err)
	}
	return string(ack)
}

// A refused form sent again as it was is checked again, once what made
// it refused has changed: the refusal was kept as the answer to the same
// form for a day when the submission had written anything on the way
// (here bob's profile, fetched as that of someone the bot has not
// looked up yet), and a day still to come stayed "still to come".
func TestRefusedFormIsCheckedAgainWhenSentAgain(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.cmd(bob, "/session", "")
	v := e.waitModal(bob, "session_log")
	raw, err := sql.Open("sqlite", "file:"+e.cfg.DB+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(e.ctx, `UPDATE users SET fetched_at = 0 WHERE user_id = ?`, bob); err != nil {
		t.Fatal(err)
	}
	day := e.clock.Now().AddDate(0, 0, 2).Format("2006-01-02")
	values := map[string]any{
		"date":  map[string]any{"date": map[string]any{"type": "datepicker", "selected_date": day}},
		"notes": map[string]any{"notes": map[string]any{"type": "plain_text_input", "value": "Talked about testing"}},
	}
	if ack := e.submitFilled(bob, v, values); !strings.Contains(ack, "still to come") {
		t.Fatalf("a session on a day still to come was acked %q", ack)
	}
	e.advance(3 * 24 * time.Hour)
	if ack := e.submitFilled(bob, v, values); ack != "" {
		t.Errorf("the same form sent again once the day had come was acked %q; want it closed", ack)
	}
	if ss, err := e.app.DB.Sessions(e.ctx, bob, 0, 0); err != nil || len(ss) != 1 {
		t.Errorf("%d sessions after the form was sent again (%v), want 1", len(ss), err)
	}
}

// A form submitted twice (a double click on Submit: two deliveries of one
// view, as filled in) is saved once, and the second is answered as the
// first: one goal from the goal form, one session from the session form.
// slow: the goal form outlasts the ack (the database is busy), so the
// first is acked with the view that says it is being checked; the second
// was acked with nothing, which closes the modal in Slack, and the goal
// that was added came as a message instead of in the form.
func TestFormSubmittedTwiceIsSavedOnce(t *testing.T) {
	for _, c := range []struct{ together, slow bool }{{false, false}, {true, false}, {true, true}} {
		together := c.together
		t.Run(fmt.Sprintf("together=%v,slow=%v", together, c.slow), func(t *testing.T) {
			e := newEnv(t)
			pgPair(e)
			e.cmd(bob, "/goal", "")
			v := e.waitModal(bob, "goal_form")
			// A refused form sent again as it was is checked again: it
			// saved nothing to answer as.
			refused := e.submitTwice(bob, v, map[string]any{
				"goal_text":    map[string]any{"text": map[string]any{"type": "plain_text_input", "value": "Run a workshop on testing"}},
				"goal_measure": map[string]any{"measure": map[string]any{"type": "plain_text_input", "value": "20 people attend"}},
				"goal_due":     map[string]any{"due": map[string]any{"type": "datepicker", "selected_date": "2026-01-20"}},
			}, false)
			for i, ack := range refused {
				if !strings.Contains(ack, `"goal_due"`) {
					t.Errorf("a goal due in the past, submitted a %d. time, was acked %q", i+1, ack)
				}
			}
			var released <-chan error
			if c.slow {
				released = e.holdWriteLock(2500 * time.Millisecond)
			}
			acks := e.submitTwice(bob, v, map[string]any{
				"goal_text":    map[string]any{"text": map[string]any{"type": "plain_text_input", "value": "Run a workshop on testing"}},
				"goal_measure": map[string]any{"measure": map[string]any{"type": "plain_text_input", "value": "20 people attend"}},
				"goal_due":     map[string]any{"due": map[string]any{"type": "datepicker", "selected_date": "2026-12-20"}},
			}, together)
			if c.slow {
				if err := <-released; err != nil {
					t.Fatal(err)
				}
				for i, ack := range acks {
					if !strings.Contains(ack, `"response_action":"update"`) || !strings.Contains(ack, "Checking what you sent") {
						t.Errorf("submission %d of a slow goal form was acked %q; want the view that says it is being checked", i+1, ack)
					}
				}
				saved := e.waitView(bob, "the goal form to say what was saved", func(w slacksim.View) bool {
					return w.ID == v.ID && strings.Contains(blockText(w.Message().Blocks), "Added goal")
				})
				if text := blockText(saved.Message().Blocks); !strings.Contains(text, "Run a workshop on testing") {
					t.Errorf("the slow goal form ends up reading %q", text)
				}
				e.settle()
			}
			if n := len(e.goalsStored(bob)); n != 1 {
				t.Errorf("%d goals after the goal form was submitted twice, want 1", n)
			}
			if acks[0] != acks[1] {
				t.Errorf("the second submission was acked %q, the first %q", acks[1], acks[0])
			}
			if n := len(e.dms(bob, "Run a workshop on testing")); n > 1 {
				t.Errorf("bob was told %d times of his goal", n)
			}

			e.cmd(bob, "/session", "")
			v = e.waitModal(bob, "session_log")
			acks = e.submitTwice(bob, v, map[string]any{
				"date":  map[string]any{"date": map[string]any{"type": "datepicker", "selected_date": "2026-11-02"}},
				"notes": map[string]any{"notes": map[string]any{"type": "plain_text_input", "value": "Talked about testing"}},
			}, together)
			if ss, err := e.app.DB.Sessions(e.ctx, bob, 0, 0); err != nil || len(ss) != 1 {
				t.Errorf("%d sessions after the session form was submitted twice (%v), want 1", len(ss), err)
			}
			if acks[0] != acks[1] {
				t.Errorf("the second submission was acked %q, the first %q", acks[1], acks[0])
			}
		})
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
	if hint := string(v.JSON); !strings.Contains(hint, "This pair has ended: you can change the notes, but a todo: part no longer adds a to-do.") ||
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
