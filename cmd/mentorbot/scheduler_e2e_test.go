package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of what the scheduler sends: the real bot against the
// simulator on a fake clock, walked from one due time to the next.

// schedEnv is an env whose bot can be stopped and started again on the
// same database, simulator and clock, as a restart of the process would.
// It returns the restart function.
func schedEnv(t *testing.T, opts ...envOption) (*env, func()) {
	t.Helper()
	e, _, restart := faultEnv(t, faultOpts{vars: opts, stopWithin: 10 * time.Second})
	return e, restart
}

// schedWalk moves the clock from one due time to the next (at least every
// six hours) until to, letting what falls due go out at each.
func (e *env) schedWalk(to time.Time) {
	e.t.Helper()
	for guard := 0; guard < 5000; guard++ {
		e.settle()
		now := e.clock.Now()
		if !now.Before(to) {
			return
		}
		next := now.Add(6 * time.Hour)
		if w, ok, err := e.app.DB.NextWake(e.ctx); err != nil {
			e.t.Fatal(err)
		} else if ok && w.After(now) && w.Before(next) {
			next = w
		}
		if next.After(to) {
			next = to
		}
		e.clock.Set(next)
	}
	e.t.Fatal("walk did not end")
}

// schedKey is the notification key a bot message carries in its metadata.
func schedKey(m slacksim.Message) string {
	var md struct {
		EventType    string `json:"event_type"`
		EventPayload struct {
			Key string `json:"key"`
		} `json:"event_payload"`
	}
	if len(m.Metadata) == 0 || json.Unmarshal(m.Metadata, &md) != nil || md.EventType != "mentorbot_notification" {
		return ""
	}
	return md.EventPayload.Key
}

// schedTime is when the simulator received a message (its ts, on the
// fake clock), to the second.
func schedTime(m slacksim.Message) time.Time {
	sec, _, _ := strings.Cut(m.TS, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	return time.Unix(s, 0).UTC()
}

var schedKinds = []string{scheduler.KindReminder, scheduler.KindAgenda, scheduler.KindFollowup, scheduler.KindCheckin,
	scheduler.KindGoalDue, scheduler.KindGoalOverdue, scheduler.KindFeedback, scheduler.KindFit, scheduler.KindQuietPair,
	scheduler.KindNudgesStopped}

// schedKindOf is the scheduler kind of a key, "" for the outbox's DMs.
func schedKindOf(key string) string {
	kind, _, _ := strings.Cut(key, ":")
	if slices.Contains(schedKinds, kind) {
		return kind
	}
	return ""
}

// schedSent lists every bot DM with a key, by key, failing on any key
// that reached Slack twice.
func (e *env) schedSent() map[string]slacksim.Message {
	e.t.Helper()
	out := map[string]slacksim.Message{}
	for _, m := range e.sim.Messages() {
		k := schedKey(m)
		if k == "" {
			continue
		}
		if prev, dup := out[k]; dup {
			e.t.Errorf("%s reached Slack twice (%s and %s)", k, prev.TS, m.TS)
		}
		out[k] = m
	}
	return out
}

// schedDM waits for the DM with key and returns its current state.
func (e *env) schedDM(key string) slacksim.Message {
	e.t.Helper()
	var m slacksim.Message
	e.eventually("the DM with key "+key, func() bool {
		var sent bool
		m, sent = e.schedSent()[key]
		return sent
	}, func() string {
		keys := slices.Sorted(maps.Keys(e.schedSent()))
		return "keys sent:\n" + strings.Join(keys, "\n")
	})
	return m
}

// schedClick presses a button on a message and waits for the ack.
func (e *env) schedClick(user string, m slacksim.Message, actionID string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, user, m, actionID); err != nil {
		e.t.Fatalf("%s clicks %s: %v", user, actionID, err)
	}
}

// schedSubmit submits a modal and returns the result.
func (e *env) schedSubmit(user string, v slacksim.View, values map[string]map[string]any) *slacksim.ViewSubmitResult {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	res, err := e.sim.SubmitView(ctx, user, v.ID, values)
	if err != nil {
		e.t.Fatalf("%s submits %s: %v", user, v.CallbackID, err)
	}
	return res
}

// schedWaitMessage waits until the message (channel, ts) satisfies ok.
func (e *env) schedWaitMessage(m slacksim.Message, ok func(slacksim.Message) bool) slacksim.Message {
	e.t.Helper()
	cur, err := e.waitMessageAs(m, ok)
	if err != nil {
		e.t.Fatalf("message %s never changed as expected (%v); now: %s", m.TS, err, cur.Text+" "+blockText(cur.Blocks))
	}
	return cur
}

// waitMessageAs waits on the simulator until the message (channel, ts)
// satisfies ok, and returns it; on a timeout, the error, and the message
// as it then was.
func (e *env) waitMessageAs(m slacksim.Message, ok func(slacksim.Message) bool) (slacksim.Message, error) {
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	cur, err := e.sim.WaitMessage(ctx, func(cur slacksim.Message) bool {
		return cur.Channel == m.Channel && cur.TS == m.TS && ok(cur)
	})
	if err != nil {
		cur, _ = e.sim.LookupMessage(m.Channel, m.TS)
	}
	return cur, err
}

func schedAt(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// schedQuiet reports whether t is within 16:00-08:00 in the zone.
func schedQuiet(t time.Time, zone string) bool {
	loc, _ := time.LoadLocation(zone)
	h := t.In(loc).Hour()
	return h >= 16 || h < 8
}

// TestSchedFourWeeks walks alice (Berlin) and bob (New York), meeting on
// Thursdays at 17:00 Berlin, through four weeks: every notification at
// its time and in each reader's zone, none held past or sent during quiet
// hours except meeting reminders, none twice — across two restarts — and
// none after a skip, during a pause or after the end. The buttons on the
// way work.
func TestSchedFourWeeks(t *testing.T) {
	e, restart := schedEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "16:00-08:00"))
	// Pair at 08:02, just after alice's Monday check-in time (09:00 Berlin):
	// hers had passed when she joined; bob's (09:00 New York) has not.
	e.clock.Advance(2 * time.Minute)
	e.pair(alice, bob)
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	if len(ps) != 1 {
		t.Fatalf("pairs: %v", ps)
	}
	p := ps[0]
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 17:00"); !strings.Contains(got, "every Thursday at 17:00") {
		t.Fatalf("meet: %q", got)
	}
	e.cmd(bob, "/goal", "add Give a lightning talk by 2026-11-20")
	goals, err := e.app.DB.Goals(e.ctx, bob, bob, false)
	if err != nil || len(goals) != 1 {
		t.Fatalf("goals: %v %v", goals, err)
	}
	g := goals[0]

	at := func(s string) string { return fmt.Sprint(schedAt(s).Unix()) }
	m5, m12, m19, m26 := at("2026-11-05 16:00"), at("2026-11-12 16:00"), at("2026-11-19 16:00"), at("2026-11-26 16:00")
	key := func(kind, m, to string) string { return fmt.Sprintf("%s:pair=%d:at=%s:to=%s", kind, p.ID, m, to) }
	rem := func(lead, m, to string) string {
		return fmt.Sprintf("reminder:%s:pair=%d:at=%s:to=%s", lead, p.ID, m, to)
	}

	// Week 1. bob logs the meeting 40 minutes after it started: no
	// follow-ups; the good-fit check goes to both, alice's after her quiet
	// hours.
	e.schedWalk(schedAt("2026-11-05 16:40"))
	if got := e.cmd(bob, "/session", "log <@UALICE> we talked about the talk todo: draft the outline"); !strings.Contains(got, "#") {
		t.Fatalf("session log: %q", got)
	}
	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, bob))
	e.schedClick(bob, fit, "notify_fit_yes")
	e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text+blockText(m.Blocks), "Great") })

	// Week 2. bob adds an agenda item from his 24h reminder; the 1h
	// reminder shows it.
	e.schedWalk(schedAt("2026-11-11 16:00"))
	r24 := e.schedDM(rem("24h", m12, bob))
	for _, want := range []string{"<@UALICE>", "Thu 12 Nov 2026 at 11:00 EST", "draft the outline"} {
		if !strings.Contains(r24.Text+blockText(r24.Blocks), want) {
			t.Errorf("bob's reminder lacks %q: %s", want, blockText(r24.Blocks))
		}
	}
	if ar := e.schedDM(rem("24h", m12, alice)); !strings.Contains(blockText(ar.Blocks), "Thu 12 Nov 2026 at 17:00 CET") {
		t.Errorf("alice's reminder is not in her zone: %s", blockText(ar.Blocks))
	}
	e.schedClick(bob, r24, "agenda_add")
	v := e.waitModal(bob, "agenda_add")
	e.schedSubmit(bob, v, map[string]map[string]any{"item": {"item": "career path <!here>"}})
	e.schedWalk(schedAt("2026-11-12 15:00"))
	if r1 := e.schedDM(rem("1h", m12, bob)); !strings.Contains(blockText(r1.Blocks), "career path @here") {
		t.Errorf("1h reminder lacks the escaped agenda item: %s", blockText(r1.Blocks))
	}

	// bob logs the meeting from his follow-up: alice's (held until her
	// morning) is cancelled.
	e.schedWalk(schedAt("2026-11-12 17:30"))
	fu := e.schedDM(key("followup", m12, bob))
	e.schedClick(bob, fu, "session_log_open")
	v = e.waitModal(bob, "session_log")
	res := e.schedSubmit(bob, v, map[string]map[string]any{"notes": {"notes": "career path; next: practise the talk"}})
	if len(res.Errors) > 0 {
		t.Fatalf("session modal errors: %v", res.Errors)
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, bob, p.ID, 0); len(ss) != 2 || !ss[0].MeetingAt.Equal(schedAt("2026-11-12 16:00")) {
		t.Errorf("sessions after the follow-up: %+v", ss)
	}
	// The follow-up loses its button: the meeting is logged.
	e.schedWaitMessage(fu, func(m slacksim.Message) bool {
		return strings.Contains(m.Text, "You logged this meeting as") && !strings.Contains(blockText(m.Blocks), "session_log_open")
	})

	// Week 3. bob ticks off his to-do from the check-in.
	e.schedWalk(schedAt("2026-11-16 14:00"))
	ci := e.schedDM("checkin:to=" + bob + ":on=2026-11-16")
	ciText := blockText(ci.Blocks)
	for _, want := range []string{"draft the outline", "Give a lightning talk", "next meeting"} {
		if !strings.Contains(ciText, want) {
			t.Errorf("check-in lacks %q: %s", want, ciText)
		}
	}
	todos, _ := e.app.DB.MyOpenTodos(e.ctx, bob)
	if len(todos) != 1 {
		t.Fatalf("open to-dos: %v", todos)
	}
	e.schedClick(bob, ci, fmt.Sprintf("todo_done_%d", todos[0].ID))
	e.schedWaitMessage(ci, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "marked by you") })
	if todos, _ := e.app.DB.MyOpenTodos(e.ctx, bob); len(todos) != 0 {
		t.Errorf("to-do still open after Done: %v", todos)
	}

	// alice skips the 19 November meeting from her 24h reminder: bob hears
	// of it, and nothing more comes for that meeting.
	e.schedWalk(schedAt("2026-11-18 16:00"))
	e.schedClick(alice, e.schedDM(rem("24h", m19, alice)), "meeting_skip")
	e.waitDM(bob, "skipped")
	// Her reminder becomes the confirmation, its Skip button spent.
	e.schedWaitMessage(e.schedDM(rem("24h", m19, alice)), func(m slacksim.Message) bool {
		return strings.Contains(blockText(m.Blocks)+m.Text, "Skipped your meeting") && !bytes.Contains(m.Blocks, []byte("meeting_skip"))
	})
	// ... and stays so: the redraw of what the skip outdated leaves it to
	// the press's answer.
	e.settle()
	if m := e.schedDM(rem("24h", m19, alice)); !strings.Contains(blockText(m.Blocks)+m.Text, "Skipped your meeting") {
		t.Errorf("alice's reminder after the skip settled = %q; want the skip's confirmation", m.Text)
	}
	restart()

	// Week 4. bob pauses on Monday morning (his check-in is not sent) and
	// resumes on Wednesday: the agenda prompt, due while paused, goes at
	// the resume, the meeting being a day away.
	e.schedWalk(schedAt("2026-11-23 10:00"))
	if got := e.cmd(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.schedWalk(schedAt("2026-11-25 12:00"))
	if got := e.cmd(bob, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	e.schedWalk(schedAt("2026-11-26 15:30"))
	restart()
	e.schedWalk(schedAt("2026-11-27 12:00"))
	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); !strings.Contains(got, "ended") {
		t.Fatalf("end: %q", got)
	}
	e.schedWalk(schedAt("2026-12-01 20:00"))

	want := map[string]string{
		"checkin:to=UBOB:on=2026-11-02":                                  "2026-11-02 14:00",
		key("agenda_prompt", m5, bob):                                    "2026-11-03 16:00",
		rem("24h", m5, alice):                                            "2026-11-04 16:00", // 17:00 in Berlin: quiet, but a reminder
		rem("24h", m5, bob):                                              "2026-11-04 16:00",
		rem("1h", m5, alice):                                             "2026-11-05 15:00",
		rem("1h", m5, bob):                                               "2026-11-05 15:00",
		fmt.Sprintf("fit_check:pair=%d:to=UBOB", p.ID):                   "2026-11-05 16:40",
		fmt.Sprintf("fit_check:pair=%d:to=UALICE", p.ID):                 "2026-11-06 07:00", // held to 08:00 Berlin
		"checkin:to=UALICE:on=2026-11-09":                                "2026-11-09 08:00", // 09:00 Berlin
		"checkin:to=UBOB:on=2026-11-09":                                  "2026-11-09 14:00", // 09:00 New York
		key("agenda_prompt", m12, bob):                                   "2026-11-10 16:00",
		rem("24h", m12, alice):                                           "2026-11-11 16:00",
		rem("24h", m12, bob):                                             "2026-11-11 16:00",
		rem("1h", m12, alice):                                            "2026-11-12 15:00",
		rem("1h", m12, bob):                                              "2026-11-12 15:00",
		key("followup", m12, bob):                                        "2026-11-12 17:30",
		"checkin:to=UALICE:on=2026-11-16":                                "2026-11-16 08:00",
		"checkin:to=UBOB:on=2026-11-16":                                  "2026-11-16 14:00",
		fmt.Sprintf("goal_due:to=UBOB:goal=%d:due=2026-11-20", g.ID):     "2026-11-17 14:00",
		key("agenda_prompt", m19, bob):                                   "2026-11-17 16:00",
		rem("24h", m19, alice):                                           "2026-11-18 16:00",
		rem("24h", m19, bob):                                             "2026-11-18 16:00",
		fmt.Sprintf("goal_overdue:to=UBOB:goal=%d:due=2026-11-20", g.ID): "2026-11-21 14:00",
		"checkin:to=UALICE:on=2026-11-23":                                "2026-11-23 08:00",
		key("agenda_prompt", m26, bob):                                   "2026-11-25 13:00", // after the resume, at 08:00 in New York
		rem("24h", m26, alice):                                           "2026-11-25 16:00",
		rem("24h", m26, bob):                                             "2026-11-25 16:00",
		rem("1h", m26, alice):                                            "2026-11-26 15:00",
		rem("1h", m26, bob):                                              "2026-11-26 15:00",
		key("followup", m26, bob):                                        "2026-11-26 17:30",
		key("followup", m26, alice):                                      "2026-11-27 07:00",
	}

	sent := e.schedSent() // fails on any key sent twice
	got := map[string]string{}
	for k, m := range sent {
		if schedKindOf(k) == "" {
			continue
		}
		got[k] = schedTime(m).Format("2006-01-02 15:04")
		if m.User != "" && schedRecipient(k) != m.User {
			t.Errorf("%s delivered to %s", k, m.User)
		}
	}
	for k, due := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("never sent: %s (due %s)", k, due)
		} else if g != due {
			t.Errorf("%s sent at %s, want %s", k, g, due)
		}
	}
	for k, at := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("sent but not expected: %s at %s", k, at)
		}
	}
	// Check-ins and nudges never arrive in the reader's quiet hours.
	zone := map[string]string{alice: "Europe/Berlin", bob: "America/New_York"}
	for k, m := range sent {
		kind := schedKindOf(k)
		if kind == "" || kind == scheduler.KindReminder || kind == scheduler.KindAgenda {
			continue
		}
		to := schedRecipient(k)
		if schedQuiet(schedTime(m), zone[to]) {
			t.Errorf("%s arrived at %s, in %s's quiet hours", k, schedTime(m).In(mustZone(zone[to])), to)
		}
	}
	// After the end, nothing: the last scheduled DM is alice's follow-up.
	for k, m := range sent {
		if schedKindOf(k) != "" && schedTime(m).After(schedAt("2026-11-27 12:00")) {
			t.Errorf("%s sent after the pair ended", k)
		}
	}
	// Counted as people see them, too.
	if n := len(e.dms(bob, "Your weekly mentoring check-in")); n != 3 {
		t.Errorf("bob saw %d check-ins, want 3 (2, 9, 16 Nov; paused on the 23rd)", n)
	}
	if n := len(e.dms(alice, "Your weekly mentoring check-in")); n != 3 {
		t.Errorf("alice saw %d check-ins, want 3 (9, 16, 23 Nov)", n)
	}
	// The store agrees: every row marked sent is one message, and nothing
	// due is left behind.
	rows, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{Status: store.NoteSent, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range rows {
		if _, ok := sent[n.Key]; !ok {
			t.Errorf("%s marked sent but not in Slack", n.Key)
		}
	}
	if len(rows) != len(sent) {
		t.Errorf("%d rows sent, %d messages in Slack", len(rows), len(sent))
	}
	// /metrics shows the queue (pending, due and in flight) and what this
	// process sent, by kind (the last restart was before the follow-up).
	resp, err := http.Get("http://" + e.app.HTTPAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"mentorbot_notifications_pending ", "mentorbot_notifications_due 0", "mentorbot_notifications_in_flight 0",
		`mentorbot_notifications_sent_total{kind="followup"}`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// schedRecipient reads the "to=USER" part of a key.
func schedRecipient(key string) string {
	_, after, _ := strings.Cut(key, "to=")
	to, _, _ := strings.Cut(after, ":")
	return to
}

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// TestSchedFeedbackPromptAndGoodFit: the fourth logged session brings a
// feedback prompt whose rating and comment reach the partner once; the
// good-fit check stays private, and its "no" offers — only with consent —
// to tell an admin or to end the pair kindly.
func TestSchedFeedbackPromptAndGoodFit(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	for i := 1; i <= 4; i++ {
		if got := e.cmd(alice, "/session", fmt.Sprintf("log <@UBOB> session number %d", i)); !strings.Contains(got, "#") {
			t.Fatalf("log %d: %q", i, got)
		}
	}
	e.settle()
	// 08:00 UTC: 09:00 for alice; 03:00 for bob, quiet until 08:00 New York.
	prompt := e.schedDM(fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, alice))
	if _, ok := e.schedSent()[fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, bob)]; ok {
		t.Error("bob's feedback prompt arrived in his quiet hours")
	}
	e.schedWalk(schedAt("2026-11-02 13:00"))
	bobPrompt := e.schedDM(fmt.Sprintf("feedback_prompt:pair=%d:n=4:to=%s", p.ID, bob))
	if schedTime(bobPrompt) != schedAt("2026-11-02 13:00") {
		t.Errorf("bob's prompt at %v, want 08:00 New York", schedTime(bobPrompt))
	}
	if n := len(e.dms(alice, "how are they going for you")); n != 1 {
		t.Errorf("alice has %d feedback prompts", n)
	}

	e.schedClick(alice, prompt, "notify_rate_4")
	v := e.waitModal(alice, "notify_feedback")
	res := e.schedSubmit(alice, v, map[string]map[string]any{"comment": {"comment": "Great questions <!channel> & ideas"}})
	if len(res.Errors) > 0 {
		t.Fatalf("feedback errors: %v", res.Errors)
	}
	got := e.waitDM(bob, "4/5")
	if txt := got.Text + blockText(got.Blocks); !strings.Contains(txt, "Great questions @channel &amp; ideas") || strings.Contains(txt, "<!channel>") {
		t.Errorf("feedback as bob sees it: %s", txt)
	}
	fs, _ := e.app.DB.FeedbackReceived(e.ctx, bob, 0)
	if len(fs) != 1 || fs[0].Rating != 4 || fs[0].FromID != alice {
		t.Errorf("stored feedback: %+v", fs)
	}
	// Answered, the prompt loses its buttons.
	e.schedWaitMessage(prompt, func(m slacksim.Message) bool {
		return strings.Contains(m.Text, "You rated your mentoring with <@UBOB>") && !strings.Contains(blockText(m.Blocks), "notify_rate")
	})

	if n := len(e.dms(bob, "shared feedback")); n != 1 {
		t.Errorf("bob got %d feedback DMs", n)
	}

	// Good fit: bob says no, and asks to tell an admin; alice is never told.
	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, bob))
	e.schedClick(bob, fit, "notify_fit_no")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_admin") })
	e.schedClick(bob, fit, "notify_fit_admin")
	adminNote := e.waitDM(dana, "good fit")
	if !strings.Contains(adminNote.Text+blockText(adminNote.Blocks), "<@UBOB>") {
		t.Errorf("admin note: %s", adminNote.Text)
	}
	e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text+blockText(m.Blocks), "admins know") })
	// The alert is the admin's own data: in their export, though they are
	// not in the pair.
	e.settle()
	if ex, err := e.app.DB.ExportUser(e.ctx, dana); err != nil || !slices.ContainsFunc(ex.Sent, func(n store.ExportNote) bool { return n.Kind == "fit_admin" }) {
		t.Errorf("the admin's export lacks the good-fit alert: %+v, %v", ex.Sent, err)
	}
	// alice answers yes; her answer is hers alone too.
	afit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, alice))
	e.schedClick(alice, afit, "notify_fit_yes")
	e.schedWaitMessage(afit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Great") })
	for _, m := range e.dms(alice, "") {
		if txt := strings.ToLower(m.Text + blockText(m.Blocks)); strings.Contains(txt, "not a good fit") || strings.Contains(txt, "doesn't feel like") {
			t.Errorf("alice learned of bob's answer: %s", m.Text)
		}
	}
	if pp, _ := e.app.DB.LoadPair(e.ctx, p.ID); !pp.Live() {
		t.Error("telling an admin ended the pair")
	}
	// The answers are stored for the programme's totals, not shown to partners.
	if fs, _ := e.app.DB.FeedbackReceived(e.ctx, alice, 0); len(fs) != 0 {
		t.Errorf("alice can read %+v", fs)
	}
}

// A "no" to the good-fit check offers to tell a programme admin only when
// there is one other than the two in the pair: here the only admin is the
// mentor.
func TestSchedGoodFitNoOffersNoAdminWhenThePartnerIsTheOnlyOne(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(dana, carol)
	e.cmd(dana, "/session", "log <@UCAROL> first chat")
	e.settle()
	fit := e.schedDM("fit_check:pair=1:to=UCAROL")
	e.schedClick(carol, fit, "notify_fit_no")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_end") })
	if txt := blockText(fit.Blocks); strings.Contains(txt, "notify_fit_admin") || !strings.Contains(txt, "notify_fit_keep") {
		t.Errorf("carol's choices after \"no\", with her mentor the only admin:\n%s", txt)
	}
}

// TestSchedGoodFitEndsThePairKindly: "no", then "End the pair kindly".
func TestSchedGoodFitEndsThePairKindly(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.cmd(alice, "/session", "log <@UBOB> first chat")
	e.settle()
	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, alice))
	e.schedClick(alice, fit, "notify_fit_no")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_end") })
	e.schedClick(alice, fit, "notify_fit_end")
	e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "has ended") })
	// bob hears exactly what `/mentor end` would have told him.
	note := e.waitDM(bob, "has ended your mentoring pair")
	if want := "<@UALICE> has ended your mentoring pair. Its reminders have stopped; your goals and notes stay yours. " +
		"Thank you for the time you gave each other."; note.Text != want {
		t.Errorf("bob's note after alice's \"no\":\n%s\nwant the ordinary end note:\n%s", note.Text, want)
	}
	if pp, _ := e.app.DB.LoadPair(e.ctx, p.ID); pp.Live() {
		t.Error("pair still live")
	}
	if pend, _ := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: p.ID, Status: store.NotePending}); len(pend) != 0 {
		t.Errorf("pending after end: %v", pend)
	}
	// Nothing more arrives for the pair.
	e.schedWalk(schedAt("2026-11-12 00:00"))
	for k, m := range e.schedSent() {
		if schedKindOf(k) != "" && schedTime(m).After(schedAt("2026-11-02 08:01")) {
			t.Errorf("sent after the end: %s", k)
		}
	}
}

// nudgeEnv pairs alice with bob, who sets goals due on each of the days
// given (of November 2026): the reminders of a goal due on the Nth come
// on the N-3rd at 09:00 New York, each day's a round of nudges of its own.
func nudgeEnv(t *testing.T, days ...int) *env {
	t.Helper()
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	goals := []string{"Read the SRE book", "Give a talk", "Ship the migration", "Mentor an intern"}
	for i, d := range days {
		e.cmd(bob, "/goal", fmt.Sprintf("add %s by 2026-11-%02d", goals[i], d))
	}
	return e
}

// TestSchedNudgesStopAfterThreeUnanswered: three goal reminders with no
// response stop nudges, with one DM saying how to turn them on; turning
// them on in the settings brings them back.
func TestSchedNudgesStopAfterThreeUnanswered(t *testing.T) {
	// Due Monday to Wednesday, 9–11 Nov: reminders on Friday, Saturday
	// and Sunday at 09:00 New York, a day apart, each unanswered (nudges
	// that arrive together count once: TestNudgesSentTogetherCountOnce);
	// then overdue ones from Tuesday 10th.
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-07 15:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Fatalf("nudges stopped after two unanswered\n%s", e.describeDMs(bob))
	}
	e.schedWalk(schedAt("2026-11-08 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
		t.Fatalf("goal reminders: %d, want 3\n%s", n, e.describeDMs(bob))
	}
	// The third has a day to be answered: the notice comes then.
	e.schedWalk(schedAt("2026-11-09 13:30"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Fatalf("nudges stopped before the third could be answered\n%s", e.describeDMs(bob))
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	notice := e.waitDM(bob, "stop them for now")
	u, _ := e.app.DB.User(e.ctx, bob)
	if u.NudgesStoppedAt.IsZero() {
		t.Error("nudges_stopped_at not recorded")
	}
	e.schedWalk(schedAt("2026-11-12 20:00"))
	if n := len(e.dms(bob, "was due on")); n != 0 {
		t.Errorf("overdue nudges after the stop: %d", n)
	}
	if n := len(e.dms(bob, "stop them for now")); n != 1 {
		t.Errorf("stop notices: %d, want 1", n)
	}
	// "Open settings" opens the settings modal, where nudges show as off;
	// ticking them and saving lifts the stop.
	e.schedClick(bob, notice, "notify_settings")
	v := e.waitModal(bob, "settings")
	if !strings.Contains(blockText(v.Message().Blocks), "stopped") {
		t.Errorf("settings modal does not say nudges stopped: %s", blockText(v.Message().Blocks))
	}
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"settings_toggles": {"value": []string{"checkins", "nudges"}}}); len(res.Errors) > 0 {
		t.Fatalf("settings: %v", res.Errors)
	}
	if u, _ := e.app.DB.User(e.ctx, bob); !u.NudgesStoppedAt.IsZero() {
		t.Error("saving settings did not lift the stop")
	}
	e.settle()
	// The overdue reminders (due Tuesday to Thursday, 09:00 New York, had
	// passed when nudges came back): not sent late. The next nudge is.
	if n := len(e.dms(bob, "was due on")); n != 0 {
		t.Errorf("overdue nudges sent late: %d", n)
	}
}

// After the third unanswered nudge no more are sent while its day to be
// answered runs: a fourth goal reminder due then waits for the stop
// notice, and with the stop it is not sent at all.
func TestSchedNoNudgeWhileTheThirdAwaitsAnAnswer(t *testing.T) {
	// Reminders on Friday to Monday, 6–9 Nov, at 09:00 New York; the
	// third (Sunday) has until Monday 09:00, when the fourth is due too.
	e := nudgeEnv(t, 9, 10, 11, 12)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	e.waitDM(bob, "stop them for now")
	if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
		t.Errorf("goal reminders: %d, want 3 (none after the third went unanswered)\n%s", n, e.describeDMs(bob))
	}
	e.schedWalk(schedAt("2026-11-13 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")) + len(e.dms(bob, "was due on")); n != 3 {
		t.Errorf("nudges after the stop: %d in all, want 3\n%s", n, e.describeDMs(bob))
	}
}

// Answering within the third nudge's day lets a nudge held meanwhile go.
func TestSchedNudgeHeldForTheThirdGoesWhenItIsAnswered(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11, 12)
	e.schedWalk(schedAt("2026-11-08 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
		t.Fatalf("goal reminders: %d, want 3\n%s", n, e.describeDMs(bob))
	}
	e.cmd(bob, "/goal", "list") // bob answers within the day
	e.schedWalk(schedAt("2026-11-09 15:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("nudges stopped although bob answered\n%s", e.describeDMs(bob))
	}
	if n := len(e.dms(bob, "is due in 3 days")); n != 4 {
		t.Errorf("goal reminders: %d, want the fourth too\n%s", n, e.describeDMs(bob))
	}
}

// A nudge held while the third round awaits an answer goes soon after the
// answer, not at the end of the day; nudges of the third round itself,
// arriving together, all go.
func TestSchedNudgeHeldForTheThirdGoesSoonAfterTheAnswer(t *testing.T) {
	// Reminders on Friday and Saturday at 09:00 New York, and two on
	// Sunday: one round, the third, both sent.
	e := nudgeEnv(t, 9, 10, 11, 11)
	// A meeting on Monday at 06:00 New York: its follow-up is due at 07:30
	// there (12:30 UTC), a round after the third, which awaits an answer
	// until 09:00 (14:00 UTC).
	e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-09 06:00")
	e.schedWalk(schedAt("2026-11-08 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")); n != 4 {
		t.Fatalf("goal reminders: %d, want all 4 (the third round's two together)\n%s", n, e.describeDMs(bob))
	}
	e.schedWalk(schedAt("2026-11-09 12:50"))
	if n := len(e.dms(bob, "How did your meeting")); n != 0 {
		t.Fatalf("a follow-up went while the third round awaited an answer\n%s", e.describeDMs(bob))
	}
	e.cmd(bob, "/goal", "list") // bob answers
	e.schedWalk(schedAt("2026-11-09 13:05"))
	if n := len(e.dms(bob, "How did your meeting")); n != 1 {
		t.Errorf("follow-ups within 15 minutes of the answer: %d, want 1\n%s", n, e.describeDMs(bob))
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("nudges stopped although bob answered\n%s", e.describeDMs(bob))
	}
}

// TestSchedAgendaPromptAtOnce: a meeting set for tomorrow gets its agenda
// prompt at once (its 48 h had passed when it was set), and its 24 h
// reminder only when due; one set 30 minutes ahead gets neither, nor the
// 1 h reminder whose time had passed.
func TestSchedAgendaPromptAtOnce(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 11:00") // 10:00 UTC tomorrow
	e.settle()
	at := schedAt("2026-11-03 10:00").Unix()
	e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, at))
	if _, ok := e.schedSent()[fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, at)]; ok {
		t.Error("24h reminder sent early")
	}
	e.schedWalk(schedAt("2026-11-02 10:00"))
	e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, at))

	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-02 11:30") // 10:30 UTC, 30 minutes ahead
	e.schedWalk(schedAt("2026-11-02 10:29"))
	soon := schedAt("2026-11-02 10:30").Unix()
	for k := range e.schedSent() {
		if strings.Contains(k, fmt.Sprintf("at=%d", soon)) {
			t.Errorf("sent for a meeting set 30 minutes ahead: %s", k)
		}
	}
}

// Answering the third unanswered nudge within its day keeps nudges coming:
// the stop notice is dropped, and the next nudge arrives.
func TestSchedAnsweringTheThirdNudgeKeepsNudges(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-08 15:00"))
	if n := len(e.dms(bob, "is due in 3 days")); n != 3 {
		t.Fatalf("goal reminders: %d, want 3\n%s", n, e.describeDMs(bob))
	}
	e.cmd(bob, "/goal", "list") // bob answers within the day
	e.schedWalk(schedAt("2026-11-10 15:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("nudges stopped although bob answered\n%s", e.describeDMs(bob))
	}
	if u, _ := e.app.DB.User(e.ctx, bob); !u.NudgesStoppedAt.IsZero() {
		t.Error("nudges_stopped_at recorded although bob answered")
	}
	if n := len(e.dms(bob, "was due on")); n == 0 {
		t.Errorf("no overdue nudge after bob answered\n%s", e.describeDMs(bob))
	}
}

// Someone who moves to another time zone in Slack gets their check-ins at
// 09:00 of the new one without doing anything: Slack sends user_change,
// and what is pending for them is planned again.
func TestSchedZoneChangedInSlackMovesCheckins(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.schedWalk(schedAt("2026-11-03 12:00"))
	u := testUsers[1]
	if u.ID != bob {
		t.Fatal("testUsers[1] is not bob")
	}
	u.TZ = "Asia/Tokyo"
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	e.waitUser(bob, "a zone of Asia/Tokyo", func(p store.User) bool { return p.TZ == "Asia/Tokyo" })
	e.schedWalk(schedAt("2026-11-10 00:00"))
	// Monday 9 November, 09:00 in Tokyo is Monday 00:00 UTC.
	m := e.schedDM("checkin:to=UBOB:on=2026-11-09")
	if got, want := schedTime(m), schedAt("2026-11-09 00:00"); !got.Equal(want) {
		t.Errorf("bob's check-in came at %s, want %s (09:00 in Tokyo)", got, want)
	}
	// An event that leaves the zone out keeps the one known.
	u.TZ, u.Name = "", "bobby"
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		t.Fatal(err)
	}
	if p := e.waitUser(bob, "the name bobby", func(p store.User) bool { return p.Name == "bobby" }); p.TZ != "Asia/Tokyo" {
		t.Errorf("bob's zone after an event without one: %q", p.TZ)
	}
}

// The commands a DM suggests name the partner, so that someone in several
// pairs (a mentor of two) can type them as shown; the intro states who
// sees what, goals included.
func TestSchedDMHintsNameThePartner(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.schedWalk(schedAt("2026-11-06 00:00"))
	for key, want := range map[string][]string{
		"intro:pair=1:to=UBOB": {"/session log @alice what we discussed", "a mentee's goals are seen by their mentors only"},
		"agenda_prompt:pair=1:at=" + fmt.Sprint(schedAt("2026-11-05 14:00").Unix()) + ":to=UBOB": {"/mentor agenda @alice ITEM"},
		"followup:pair=1:at=" + fmt.Sprint(schedAt("2026-11-05 14:00").Unix()) + ":to=UALICE":    {"/session log @bob what we discussed", "your next meeting is", "/mentor next @bob"},
	} {
		m := e.schedDM(key)
		txt := m.Text + "\n" + blockText(m.Blocks)
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s lacks %q:\n%s", key, w, txt)
			}
		}
	}
}

// A meeting late in the evening, logged just after midnight, is logged:
// no "how did it go?" follows it.
func TestSchedLateMeetingLoggedAfterMidnight(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(bob, "/mentor", "meet <@UALICE> 2026-11-03 23:30 for 45m") // New York: 04:30 UTC on the 4th
	e.schedWalk(schedAt("2026-11-04 05:20"))                         // 00:20 in New York
	if got := e.cmd(bob, "/session", "log <@UALICE> a late chat"); !strings.Contains(got, "Logged") {
		t.Fatalf("log: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 12:00"))
	at := fmt.Sprint(schedAt("2026-11-04 04:30").Unix())
	sent := e.schedSent()
	for _, to := range []string{alice, bob} {
		if k := "followup:pair=1:at=" + at + ":to=" + to; sent[k].TS != "" {
			t.Errorf("%s was sent, though the meeting was logged", k)
		}
	}
	ss, err := e.app.DB.Sessions(e.ctx, bob, 1, 1)
	if err != nil || len(ss) != 1 || !ss[0].MeetingAt.Equal(schedAt("2026-11-04 04:30")) {
		t.Errorf("the session: %+v, %v; want it to belong to the meeting", ss, err)
	}
}

// A second session logged that night, after the late meeting has its
// own, is a meeting of its own.
func TestSchedSecondSessionAfterMidnightIsItsOwn(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(bob, "/mentor", "meet <@UALICE> 2026-11-03 23:30 for 45m") // New York: 04:30 UTC on the 4th
	e.schedWalk(schedAt("2026-11-04 05:20"))
	e.cmd(bob, "/session", "log <@UALICE> a late chat")
	e.clock.Set(schedAt("2026-11-04 06:00")) // 01:00 in New York
	e.cmd(bob, "/session", "log <@UALICE> we met again")
	ss, err := e.app.DB.Sessions(e.ctx, bob, 1, 2)
	if err != nil || len(ss) != 2 {
		t.Fatalf("sessions: %+v, %v", ss, err)
	}
	for _, s := range ss {
		if want := s.Notes == "a late chat"; s.MeetingAt.IsZero() == want {
			t.Errorf("session %q belongs to the meeting at %v", s.Notes, s.MeetingAt)
		}
	}
}

// Someone who has left the workspace gets no more DMs, those their
// partner's actions write included.
func TestSchedNothingReachesSomeoneWhoLeft(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.settle()
	e.bobLeaves()
	before := len(e.sim.Messages())
	e.cmd(alice, "/session", "log <@UBOB> a last chat")
	e.cmd(alice, "/mentor", "feedback <@UBOB> thanks for everything")
	e.settle()
	for _, m := range e.sim.Messages()[before:] {
		if m.Channel == e.dmChannel(bob) {
			t.Errorf("bob, who left, got %q", m.Text)
		}
	}
}

// Slack sends some profiles that slack-go cannot decode (custom fields as
// a list); the zone in such a user_change is still taken.
func TestSchedZoneChangeInAProfileSlackGoRefuses(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ev := `{"type":"event_callback","event":{"type":"user_change","user":{"id":"UBOB","name":"bob","real_name":"Bob Brown","tz":"Asia/Tokyo","profile":{"fields":[]}}}}`
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
		t.Fatal(err)
	}
	e.waitUser(bob, "a zone of Asia/Tokyo", func(p store.User) bool { return p.TZ == "Asia/Tokyo" })
}

// bobLeaves has Slack say that bob has left the workspace (user_change),
// and waits for the bot to know.
func (e *env) bobLeaves() {
	e.t.Helper()
	u := testUsers[1]
	if u.ID != bob {
		e.t.Fatal("testUsers[1] is not bob")
	}
	u.Deleted = true
	if err := e.sim.ChangeUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	e.waitUser(bob, "left the workspace", func(p store.User) bool { return p.Deleted })
}

// waitUser waits until the stored profile of id satisfies ok (what says
// what is waited for) and returns it; a user_change is handled after its
// ack.
func (e *env) waitUser(id, what string, ok func(store.User) bool) store.User {
	e.t.Helper()
	var p store.User
	e.eventually(id+"'s profile to show "+what, func() bool {
		var err error
		p, err = e.app.DB.User(e.ctx, id)
		return err == nil && ok(p)
	})
	return p
}

// When someone leaves the workspace their pairs end: the partner hears why
// once, and the meetings they had set are no longer reminded.
func TestSchedPairEndsWhenAMemberLeaves(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.settle()
	e.bobLeaves()
	e.schedWalk(schedAt("2026-11-20 00:00"))
	if n := len(e.dms(alice, "has left the workspace, so your mentoring pair has ended")); n != 1 {
		t.Errorf("alice was told %d times that bob left\n%s", n, e.describeDMs(alice))
	}
	if n := len(e.dms(alice, "Reminder")) + len(e.dms(alice, "How did your meeting")); n != 0 {
		t.Errorf("alice got %d reminders or follow-ups of meetings with someone who left\n%s", n, e.describeDMs(alice))
	}
	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); strings.Contains(got, "I've let them know") {
		t.Errorf("/mentor end after bob left: %q", got)
	}
}

// A follow-up the partner answered by logging the meeting is not a nudge
// left unanswered: a mentee whose mentor logs every meeting keeps their
// nudges.
func TestSchedMeetingLoggedByThePartnerAnswersTheFollowup(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00") // 14:00 UTC
	for _, day := range []string{"2026-11-05", "2026-11-12", "2026-11-19", "2026-11-26"} {
		e.schedWalk(schedAt(day + " 16:00")) // the follow-ups went at 15:30
		if got := e.cmd(alice, "/session", "log <@UBOB> we met"); !strings.Contains(got, "Logged") {
			t.Fatalf("log on %s: %s", day, got)
		}
	}
	e.schedWalk(schedAt("2026-12-02 00:00"))
	followups := 0
	for k, m := range e.schedSent() {
		if strings.HasPrefix(k, "followup:") && strings.HasSuffix(k, ":to=UBOB") && m.TS != "" {
			followups++
		}
	}
	if followups != 4 {
		t.Fatalf("bob got %d follow-ups, want 4\n%s", followups, e.describeDMs(bob))
	}
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("bob's nudges stopped though alice logged every meeting\n%s", e.describeDMs(bob))
	}
}

// A session logged on the meeting's day but before the meeting began is
// not that meeting's log: the meeting's follow-up still comes.
func TestSchedSessionLoggedBeforeTheMeetingKeepsItsFollowup(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00") // 14:00 UTC; 09:00 for bob
	e.schedWalk(schedAt("2026-11-05 12:00"))                 // 07:00 for bob
	if got := e.cmd(bob, "/session", "log <@UALICE> notes before we meet"); !strings.Contains(got, "Logged") {
		t.Fatalf("log before the meeting: %s", got)
	}
	e.schedWalk(schedAt("2026-11-05 16:00")) // the follow-ups are due at 15:30
	key := fmt.Sprintf("followup:pair=1:at=%d:to=UBOB", schedAt("2026-11-05 14:00").Unix())
	if _, ok := e.schedSent()[key]; !ok {
		n, err := e.app.DB.Notification(e.ctx, key)
		t.Errorf("no follow-up after a meeting logged only before it began: %s %q %v", n.Status, n.LastError, err)
	}
}

// Nudges of a pair that ended do not stop someone's nudges afterwards.
func TestSchedEndedPairDoesNotStopNudges(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00") // 14:00 UTC
	e.schedWalk(schedAt("2026-11-19 16:00"))                 // three follow-ups, unanswered
	if n := len(e.dms(bob, "How did your meeting")); n != 3 {
		t.Fatalf("bob got %d follow-ups, want 3\n%s", n, e.describeDMs(bob))
	}
	e.pair(carol, bob)
	e.cmd(alice, "/mentor", "end <@UBOB>")
	e.schedWalk(schedAt("2026-11-23 00:00"))
	if n := len(e.dms(bob, "stop them for now")); n != 0 {
		t.Errorf("bob was told his nudges stop after the pair they came from ended\n%s", e.describeDMs(bob))
	}
	if u, _ := e.app.DB.User(e.ctx, bob); !u.NudgesStoppedAt.IsZero() {
		t.Error("bob's nudges were stopped")
	}
}

// A follow-up that quiet hours held until the next morning does not
// suggest /session log, which would log the meeting as held today; and a
// one-off meeting's follow-up suggests setting a new time.
func TestSchedFollowupTheMorningAfter(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(bob, "/mentor", "meet <@UALICE> 2026-11-05 19:00") // New York; the follow-up falls in bob's quiet hours
	e.schedWalk(schedAt("2026-11-06 16:00"))
	at := fmt.Sprint(schedAt("2026-11-06 00:00").Unix())
	m := e.schedDM("followup:pair=1:at=" + at + ":to=UBOB")
	txt := blockText(m.Blocks)
	if strings.Contains(txt, "Or type `/session log") || !strings.Contains(txt, "The button logs it for Thu 5 Nov; `/session log` would log it for today.") {
		t.Errorf("bob's follow-up the morning after:\n%s", txt)
	}
	if !strings.Contains(txt, "Set a new time with `/mentor meet @alice") {
		t.Errorf("a one-off's follow-up does not offer a new time:\n%s", txt)
	}
	if got := schedTime(m); !got.Equal(schedAt("2026-11-06 13:00")) {
		t.Errorf("bob's follow-up came at %s, want 08:00 in New York", got)
	}
}

// A pair that sets new meetings straight after one still gets that
// meeting's follow-ups; the old schedule's later meetings get nothing.
func TestSchedFollowupOfAMeetingHeldBeforeTheScheduleChanged(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00") // 14:00 UTC, until 14:30
	e.schedWalk(schedAt("2026-11-05 14:40"))
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> biweekly mon 10:00"); !strings.Contains(got, "every other Monday") {
		t.Fatalf("new meetings: %q", got)
	}
	e.schedWalk(schedAt("2026-11-13 00:00"))
	at := fmt.Sprint(schedAt("2026-11-05 14:00").Unix())
	sent := e.schedSent()
	for _, to := range []string{alice, bob} {
		k := "followup:pair=1:at=" + at + ":to=" + to
		if sent[k].TS == "" {
			t.Errorf("%s was not sent", k)
		} else if got := schedTime(sent[k]); !got.Equal(schedAt("2026-11-05 15:30")) {
			t.Errorf("%s went at %s, want 15:30", k, got)
		}
	}
	old := fmt.Sprint(schedAt("2026-11-12 14:00").Unix())
	for k := range sent {
		if strings.Contains(k, "at="+old) {
			t.Errorf("%s was sent for a meeting of the replaced schedule", k)
		}
	}
}

// A mentor's check-in does not ask them to set goals of their own: with no
// goals in the pair, it asks them to help their mentee set one.
func TestSchedCheckinGoalsHintFitsTheRole(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	if txt := blockText(e.schedDM("checkin:to=UALICE:on=2026-11-09").Blocks); !strings.Contains(txt, "Your mentees have no open goals yet") {
		t.Errorf("alice's check-in:\n%s", txt)
	}
	if txt := blockText(e.schedDM("checkin:to=UBOB:on=2026-11-09").Blocks); !strings.Contains(txt, "A SMART goal gives your meetings direction") {
		t.Errorf("bob's check-in:\n%s", txt)
	}
}

// The mentor's weekly check-in counts a mentee's days to a goal from the
// mentee's day, whose goal it is, as everything else does: erin's Monday
// 09:00 in Los Angeles is Tuesday 02:00 for carol in Tokyo, whose goal is
// due that Tuesday — today, carol's time.
func TestMentorsCheckinCountsFromTheMenteesDay(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(erin, carol)
	e.cmd(carol, "/goal", "add Ship 3 PRs by 2026-11-10")
	e.schedWalk(schedAt("2026-11-09 17:30"))
	ci := e.schedDM("checkin:to=UERIN:on=2026-11-09")
	if text := blockText(ci.Blocks); !strings.Contains(text, "due *today* (their time), Tue 10 Nov 2026") {
		t.Errorf("erin's check-in does not count carol's goal from carol's day:\n%s", text)
	}
}
