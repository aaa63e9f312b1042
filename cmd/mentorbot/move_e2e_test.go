package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// moveEnv is a scheduler env with alice mentoring bob, meeting on
// Thursdays at 15:00 in Berlin (14:00 UTC, from 5 Nov), and their pair.
func moveEnv(t *testing.T) (*env, store.Pair) {
	t.Helper()
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	ps, err := e.app.DB.PairsOf(e.ctx, alice, false)
	if err != nil || len(ps) != 1 {
		t.Fatalf("alice's pairs: %v, %v", ps, err)
	}
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	return e, ps[0]
}

// /mentor move moves the next meeting and only that one: its reminders,
// agenda prompt and follow-up follow it, the old time's never go, the
// meetings after it stay, its agenda goes with it (unless it moves past the
// next, see TestMoveRefusesTimesThatAreTaken), and the partner hears.
func TestMoveOneMeeting(t *testing.T) {
	e, p := moveEnv(t)
	thu, nextThu := schedAt("2026-11-05 14:00"), schedAt("2026-11-12 14:00")
	e.cmd(bob, "/mentor", "agenda my promotion case")

	// Bad input changes nothing.
	for _, c := range []struct{ text, want string }{
		{"move", "moves your next meeting"},
		{"move weekly fri 10:00", "To change all of them, use `/mentor meet weekly fri 10:00`"},
		{"move fri 10:00 for 1h", "A moved meeting keeps its length"},
		{"move 2026-11-12 09:00", "would overlap your meeting"}, // 09:00 in New York: the next Thursday's meeting
		{"move thu 09:00", "is already"},                        // this Thursday's, the one to move
		{"move 2026-11-01 10:00", "already passed"},
		{"move 25:00", "time of day"},
	} {
		if got := e.cmd(bob, "/mentor", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/mentor %s: %q, want %q", c.text, got, c.want)
		}
	}
	if ch, err := e.app.DB.MeetingChanges(e.ctx, p.ID, thu.AddDate(0, 0, -7)); err != nil || len(ch.Moves)+len(ch.Skips) != 0 {
		t.Fatalf("bad input changed the meetings: %+v %v", ch, err)
	}

	// bob, in New York, moves Thursday's meeting to Friday 10:00 his time.
	fri := schedAt("2026-11-06 15:00")
	got := e.cmd(bob, "/mentor", "move fri 10:00")
	if ds := meetDates(got); !sameTimes(ds, thu, fri) || !strings.Contains(got, "Moved your meeting with <@UALICE>") ||
		!strings.Contains(got, "The meetings after it stay as they were") || !strings.Contains(got, "Its agenda goes with it.") {
		t.Errorf("move answer: %v %q", ds, got)
	}
	dm := e.waitDM(alice, "moved your meeting from")
	if ds := meetDates(dm.Text + blockText(dm.Blocks)); !sameTimes(ds, thu, fri) {
		t.Errorf("alice's DM dates: %v", ds)
	}
	next := e.cmd(alice, "/mentor", "next")
	if ds := meetDates(next); len(ds) < 3 || !ds[0].Equal(fri) || !ds[1].Equal(thu) || !ds[len(ds)-3].Equal(nextThu) ||
		!strings.Contains(next, ", moved from") || !strings.Contains(next, "_every Thursday at 15:00 (Europe/Berlin)_") {
		t.Errorf("next after the move: %v %q", ds, next)
	}
	if !strings.Contains(next, "my promotion case") {
		t.Errorf("the agenda did not go with the meeting: %q", next)
	}
	homeOpen(e, alice, func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("*Next meeting:* <!date^%d^{date_long_pretty} at {time}|", fri.Unix())) &&
			strings.Contains(s, fmt.Sprintf(", moved from <!date^%d^{date_short_pretty} at {time}|", thu.Unix()))
	})

	// The moved meeting's notifications go, at its new time; the old
	// time's never do.
	e.schedWalk(schedAt("2026-11-06 17:00"))
	sent := e.schedSent()
	for _, k := range []string{
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, fri.Unix()),
		fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, fri.Unix()),
		fmt.Sprintf("followup:pair=%d:at=%d:to=UBOB", p.ID, fri.Unix()),
	} {
		if _, ok := sent[k]; !ok {
			t.Errorf("not sent: %s", k)
		}
	}
	for k := range sent {
		if strings.Contains(k, fmt.Sprintf("at=%d", thu.Unix())) && !strings.HasPrefix(k, "agenda_prompt") {
			t.Errorf("sent for the time the meeting moved from: %s", k)
		}
	}
	if m := sent[fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, fri.Unix())]; !strings.Contains(m.Text+blockText(m.Blocks), "my promotion case") {
		t.Errorf("the moved meeting's reminder lacks its agenda: %q", m.Text)
	}

	// A session logged that day belongs to the moved meeting.
	e.cmd(bob, "/session", "log went over the promotion case")
	ss, err := e.app.DB.Sessions(e.ctx, bob, p.ID, 5)
	if err != nil || len(ss) != 1 || !ss[0].MeetingAt.Equal(fri) {
		t.Errorf("session = %+v, %v; want one for the meeting of %v", ss, err, fri)
	}
	// So does the Home.
	homeOpen(e, bob, func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("*Last met:* <!date^%d^{date_long_pretty}|", fri.Unix()))
	})
	// Each member's list dates it by the meeting, in their own zone.
	if list := e.cmd(alice, "/session", "list"); !strings.Contains(list, fmt.Sprintf("<!date^%d^{date_short_pretty}|Fri 6 Nov 2026>", fri.Unix())) {
		t.Errorf("alice's session list does not date the session by its meeting: %q", list)
	}

	// The next one moves later the same day, then again, then back.
	if got := e.cmd(alice, "/mentor", "move 18:00"); !sameTimes(meetDates(got), nextThu, schedAt("2026-11-12 17:00")) {
		t.Errorf("move to 18:00 the same day: %v %q", meetDates(got), got)
	}
	if got := e.cmd(alice, "/mentor", "move 2026-11-13 09:00"); !sameTimes(meetDates(got), schedAt("2026-11-12 17:00"), schedAt("2026-11-13 08:00")) {
		t.Errorf("moving it again: %v %q", meetDates(got), got)
	}
	if got := e.cmd(alice, "/mentor", "move 2026-11-12 15:00"); !sameTimes(meetDates(got), schedAt("2026-11-13 08:00"), nextThu) {
		t.Errorf("moving it back: %v %q", meetDates(got), got)
	}
	if ch, _ := e.app.DB.MeetingChanges(e.ctx, p.ID, nextThu.AddDate(0, 0, -1)); len(ch.Moves) != 0 {
		t.Errorf("moved back to its time, it is still a move: %+v", ch.Moves)
	}

	// A moved meeting can be skipped; the one after comes next.
	e.cmd(bob, "/mentor", "move fri 12:00") // 13 Nov 17:00 UTC
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") || !sameTimes(meetDates(got), schedAt("2026-11-13 17:00"), schedAt("2026-11-19 14:00")) {
		t.Errorf("skip of a moved meeting: %v %q", meetDates(got), got)
	}
	e.schedWalk(schedAt("2026-11-14 00:00"))
	for k := range e.schedSent() {
		if strings.Contains(k, fmt.Sprintf("at=%d", schedAt("2026-11-13 17:00").Unix())) && strings.HasPrefix(k, "reminder:1h") {
			t.Errorf("sent for a skipped moved meeting: %s", k)
		}
	}
}

// A reminder or agenda prompt already sent for a meeting that is then
// moved, skipped or paused says so, once, and loses its buttons; one whose
// meeting still takes place is left alone.
func TestSentRemindersOfAMeetingThatNoLongerTakesPlace(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30")) // the agenda prompt and the 24h reminders went
	reminder := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix())
	prompt := fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix())
	for _, k := range []string{reminder, prompt} {
		if m := e.schedDM(k); !strings.Contains(blockText(m.Blocks), "agenda_add") {
			t.Fatalf("%s has no Add agenda item button: %q", k, m.Text)
		}
	}

	e.cmd(alice, "/mentor", "agenda ask about the offsite") // a change that moves nothing
	e.settle()
	if m := e.schedDM(reminder); !strings.Contains(m.Text, "Reminder") {
		t.Errorf("a reminder of a meeting that still takes place was edited: %q", m.Text)
	}

	e.cmd(bob, "/mentor", "move fri 10:00")
	for _, k := range []string{reminder, prompt} {
		m := e.schedWaitMessage(e.schedDM(k), func(m slacksim.Message) bool { return strings.Contains(m.Text, "moved from") })
		// Moved, the meeting still takes place: its agenda still takes
		// items, but the buttons for the old time are gone.
		if bt := blockText(m.Blocks); !strings.Contains(bt, "to *<!date^"+fmt.Sprint(schedAt("2026-11-06 15:00").Unix())) ||
			!strings.Contains(bt, "agenda_add") || strings.Contains(bt, "meeting_skip") || strings.Contains(bt, "meeting_move") {
			t.Errorf("%s after the move: %q %s", k, m.Text, bt)
		}
	}
	// The moved meeting's prompt had gone already: no second one.
	e.settle()
	if _, ok := e.schedSent()[fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, schedAt("2026-11-06 15:00").Unix())]; ok {
		t.Error("a second agenda prompt for a meeting whose first had gone before it moved")
	}

	// The next week's reminder, then a skip.
	nextThu := schedAt("2026-11-12 14:00")
	e.schedWalk(schedAt("2026-11-11 14:30"))
	next := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, nextThu.Unix())
	e.schedDM(next)
	e.cmd(alice, "/mentor", "skip")
	m := e.schedWaitMessage(e.schedDM(next), func(m slacksim.Message) bool { return strings.Contains(m.Text, "was skipped") })
	if strings.Contains(blockText(m.Blocks), "meeting_skip") {
		t.Errorf("the reminder after a skip keeps its buttons: %q", blockText(m.Blocks))
	}
	// Edited once: a later change does not edit it again. (The week's
	// check-ins are redrawn by a pause: only the reminder's edits count.)
	edits := func() int {
		n := 0
		for _, c := range e.sim.CallsTo("chat.update") {
			if c.Params.Get("ts") == m.TS && c.Params.Get("channel") == m.Channel {
				n++
			}
		}
		return n
	}
	before := edits()
	e.cmd(alice, "/mentor", "pause")
	e.settle()
	if after := edits(); after != before {
		t.Errorf("%d more chat.update calls of the skipped meeting's reminder after a pause, want none (the DM says it already)", after-before)
	}

	// Paused after a reminder went, then resumed in time: the reminder
	// says so, then that the meeting takes place after all.
	e.cmd(alice, "/mentor", "resume")
	third := schedAt("2026-11-19 14:00")
	e.schedWalk(schedAt("2026-11-18 14:30"))
	key := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, third.Unix())
	e.schedDM(key)
	e.cmd(bob, "/mentor", "pause")
	e.schedWaitMessage(e.schedDM(key), func(m slacksim.Message) bool { return strings.Contains(m.Text, "are paused") })
	e.cmd(bob, "/mentor", "resume")
	m = e.schedWaitMessage(e.schedDM(key), func(m slacksim.Message) bool { return strings.Contains(m.Text, "takes place after all") })
	if !strings.Contains(blockText(m.Blocks), "agenda_add") {
		t.Errorf("the reminder of a meeting back on has no Add agenda item button: %s", blockText(m.Blocks))
	}
}

// A reminder's Move button opens a form with the meeting's day and time in
// the reader's zone; what is submitted moves that meeting, and a time in
// the past is refused in the form.
func TestMoveButtonOnAReminder(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))
	reminder := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	e.schedClick(alice, reminder, "meeting_move")
	v := e.waitModal(alice, "meeting_move")
	if raw := string(v.JSON); !strings.Contains(raw, `"initial_date":"2026-11-05"`) || !strings.Contains(raw, `"initial_time":"15:00"`) {
		t.Errorf("the form is not filled in with the meeting's day and Berlin time: %s", raw)
	}
	// A day gone by is the day's field's mistake; an hour gone by today,
	// the time's.
	res := e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-02"}, "move_time": {"move_time": "09:00"}})
	if !strings.Contains(res.Errors["move_day"], "That day has passed. Pick today (Wed 4 Nov 2026) or a later day.") || res.Errors["move_time"] != "" {
		t.Errorf("a past day in the form: %+v", res.Errors)
	}
	res = e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-04"}, "move_time": {"move_time": "09:00"}})
	if !strings.Contains(res.Errors["move_time"], "already passed") {
		t.Errorf("a past time in the form: %+v", res.Errors)
	}
	// A time another meeting holds keeps the form open, saying why.
	res = e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-12"}, "move_time": {"move_time": "15:10"}})
	if !strings.Contains(res.Errors["move_time"], "would overlap your meeting with @bob") {
		t.Errorf("an overlapping time in the form: %+v", res.Errors)
	}
	res = e.schedSubmit(alice, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-05"}, "move_time": {"move_time": "17:00"}})
	if len(res.Errors) > 0 {
		t.Fatalf("moving to 17:00: %+v", res.Errors)
	}
	e.waitDM(bob, "moved your meeting from")
	if d := meetFirstDate(t, "next after the form", e.cmd(bob, "/mentor", "next")); !d.Equal(schedAt("2026-11-05 16:00")) {
		t.Errorf("next after moving with the form: %v", d)
	}
}

// A meeting is not moved onto a time another meeting holds: one at or
// overlapping it, one skipped there, or one moved away from there (which
// would hide it); one moved after the next meeting says so, and the
// partner's late hour is pointed out.
func TestMoveRefusesTimesThatAreTaken(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00") // 14:00 UTC; 09:00 for bob in New York
	// Overlap: the next Thursday's meeting runs 09:00-09:30 for bob.
	if got := e.cmd(bob, "/mentor", "move 2026-11-12 09:15"); !strings.Contains(got, "would overlap your meeting with <@UALICE>") {
		t.Errorf("an overlapping time: %q", got)
	}
	// Past the next meeting: allowed, and said; its agenda is the next
	// one's now.
	e.cmd(bob, "/mentor", "agenda career ladder")
	got := e.cmd(bob, "/mentor", "move 2026-11-13 09:00")
	if !strings.Contains(got, "It now comes after your meeting of") || strings.Contains(got, "Its agenda goes with it") ||
		!strings.Contains(got, "Its agenda is now that of your meeting of") {
		t.Errorf("a move past the next meeting: %q", got)
	}
	// The item is for 12 Nov now: not carried over from 5 Nov, where no
	// meeting is left, nor covered by a session logged before 12 Nov.
	if items, err := e.app.DB.Agenda(e.ctx, bob, e.meetPair().ID); err != nil || len(items) != 1 || !items[0].MeetingAt.Equal(schedAt("2026-11-12 14:00")) {
		t.Errorf("the agenda after a move past the next meeting: %+v, %v", items, err)
	}
	// alice reads every time of bob's move in Berlin's zone, the meeting
	// it now comes after too.
	if dm := e.waitDM(alice, "It now comes after"); strings.Contains(dm.Text, "EST") || !strings.Contains(dm.Text, "Thu 12 Nov 2026 at 15:00 CET") {
		t.Errorf("alice's DM of bob's move gives a time in his zone: %q", dm.Text)
	}
	// The swap: the 12 Nov meeting cannot take 5 Nov's time, which 5 Nov's
	// meeting was moved away from; that meeting is still where it went.
	if got := e.cmd(bob, "/mentor", "move 2026-11-05 09:00"); !strings.Contains(got, "was moved to") || !strings.Contains(got, "move that meeting back first") {
		t.Errorf("moving onto a time a meeting was moved away from: %q", got)
	}
	ds := meetDates(e.cmd(alice, "/mentor", "next"))
	if len(ds) == 0 || !ds[0].Equal(schedAt("2026-11-12 14:00")) || !slices.ContainsFunc(ds, schedAt("2026-11-13 14:00").Equal) {
		t.Errorf("after the refused swap, next = %v", ds)
	}
	// A skipped time cannot take a moved meeting either.
	e.cmd(alice, "/mentor", "skip") // 12 Nov
	if got := e.cmd(bob, "/mentor", "move 2026-11-12 09:00"); !strings.Contains(got, "was skipped, so that time can't take another") {
		t.Errorf("moving onto a skipped time: %q", got)
	}
	// alice moves it to 05:00 her time: 23:00 for bob.
	if got := e.cmd(alice, "/mentor", "move 05:00"); !strings.Contains(got, ":warning: That's 23:00 on Thursday for <@UBOB> (America/New_York), in their night") {
		t.Errorf("a time late at night for the partner: %q", got)
	}
	if dm := e.waitDM(bob, "moved your meeting from"); strings.Contains(dm.Text, ":warning:") {
		t.Errorf("bob is told of his own late hour as if he had chosen it: %q", dm.Text)
	}
}

// Moving a meeting on again re-edits its sent reminder with where it is
// now; setting the meetings again as they were says the move is undone.
func TestMovedOnAgainAndUndone(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))
	key := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix())
	e.cmd(bob, "/mentor", "move fri 10:00")
	e.schedWaitMessage(e.schedDM(key), func(m slacksim.Message) bool {
		return strings.Contains(m.Text, fmt.Sprint(schedAt("2026-11-06 15:00").Unix()))
	})
	e.cmd(bob, "/mentor", "move sat 10:00")
	e.schedWaitMessage(e.schedDM(key), func(m slacksim.Message) bool {
		return strings.Contains(m.Text, fmt.Sprint(schedAt("2026-11-07 15:00").Unix()))
	})
	e.cmd(bob, "/mentor", "skip") // the moved one
	got := e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	if !strings.Contains(got, "what was moved is back at its time") || strings.Contains(got, "what was skipped is back on") {
		t.Errorf("setting the meetings again after a move and its skip: %q", got)
	}
}

// A reminder of a meeting moved once, sent for its new time, says where
// the meeting went when it is moved again: not only that it moved.
func TestReminderOfAMovedMeetingMovedAgainSaysTheNewTime(t *testing.T) {
	e, p := moveEnv(t)
	fri, sat := schedAt("2026-11-06 15:00"), schedAt("2026-11-07 15:00")
	e.cmd(bob, "/mentor", "move fri 10:00")
	e.schedWalk(schedAt("2026-11-05 15:30")) // its 24h reminders went
	key := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, fri.Unix())
	sent := e.schedDM(key)
	if !strings.Contains(sent.Text, fmt.Sprint(fri.Unix())) {
		t.Fatalf("alice's reminder: %q", sent.Text)
	}
	if got := e.cmd(bob, "/mentor", "move sat 10:00"); !strings.Contains(got, "Moved your meeting") {
		t.Fatalf("move again: %q", got)
	}
	e.schedWaitMessage(sent, func(m slacksim.Message) bool {
		return strings.Contains(m.Text, "was moved again, to *") && strings.Contains(m.Text, fmt.Sprint(sat.Unix()))
	})
	// And again: the edit follows it.
	later := schedAt("2026-11-07 17:00")
	if got := e.cmd(bob, "/mentor", "move sat 12:00"); !strings.Contains(got, "Moved your meeting") {
		t.Fatalf("move a third time: %q", got)
	}
	e.schedWaitMessage(sent, func(m slacksim.Message) bool {
		return strings.Contains(m.Text, "was moved again, to *") && strings.Contains(m.Text, fmt.Sprint(later.Unix()))
	})
}

// A reminder rendered before a move and posted after it, held by Slack's
// 429, is edited once it is recorded as sent: the move's own check of the
// DMs sent found it still in flight.
func TestReminderInFlightDuringAMoveIsEdited(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 13:59"))
	held, wait := e.dispatchHeldBy429(schedAt("2026-11-04 14:00")) // the 24h reminders fall due
	e.cmd(bob, "/mentor", "move fri 10:00")
	wait()
	for _, to := range []string{"UALICE", "UBOB"} {
		k := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), to)
		e.wantInFlightEdited(k, to, held, func(m slacksim.Message) bool { return strings.Contains(m.Text, "moved from") })
	}
}

// dispatchHeldBy429 moves the clock to at and dispatches what falls due
// while Slack answers the first chat.postMessage with a 429: that DM is
// rendered now and posted again once Retry-After has passed, which is held
// until the caller calls wait (holdNetWaits). It returns once that post
// was tried, with the DM channel it went to, and wait, which lets the
// Retry-After pass and waits for the dispatch to end.
func (e *env) dispatchHeldBy429(at time.Time) (held string, wait func()) {
	e.t.Helper()
	posts := len(e.sim.CallsTo("chat.postMessage"))
	// The caller changes things while the DM waits out the 429.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 2*time.Second)
	e.clock.Set(at)
	dispatched := make(chan error, 1)
	go func() {
		_, err := e.app.Scheduler.DispatchDue(e.ctx)
		dispatched <- err
	}()
	wait = func() {
		release()
		if err := <-dispatched; err != nil {
			e.t.Errorf("dispatch: %v", err)
		}
	}
	tried := false
	defer func() {
		if !tried {
			wait() // the dispatch ends before the env closes under it
		}
	}()
	e.eventually("a DM to be held by a 429", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	tried = true
	return e.sim.CallsTo("chat.postMessage")[posts].Params.Get("channel"), wait
}

// wantInFlightEdited waits until DM key to user, in flight during a change,
// has been sent and then edited as ok says. The DM the 429 held (to
// channel held) was rendered before the change; another one may have been
// rendered after it, and then it is rightly cancelled instead.
func (e *env) wantInFlightEdited(key, user, held string, ok func(slacksim.Message) bool) {
	e.t.Helper()
	e.settle()
	if _, sent := e.schedSent()[key]; !sent && e.dmChannel(user) != held {
		// Not sent, and not the one held: it must have been planned and
		// then cancelled. No row at all would mean the key is wrong or the
		// DM was never planned, which the test would otherwise pass over.
		found := false
		for _, n := range e.notes() {
			if n.Key != key {
				continue
			}
			found = true
			if n.Status != store.NoteCancelled {
				e.t.Errorf("%s, neither sent nor held by the 429, is %s", key, n.Status)
			}
		}
		if !found {
			e.t.Errorf("%s: no such notification was planned", key)
		}
		return
	}
	e.schedWaitMessage(e.schedDM(key), ok)
}

// Paused between the 24h and 1h reminders, resumed after the 1h one fell
// due but before the meeting: the 1h reminder goes at the resume, as after
// downtime, and every DM the pause edited (reminders and the agenda
// prompt) says the meeting takes place after all.
func TestResumeBeforeTheMeetingSendsWhatFellDueAndRestoresTheDMs(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-05 12:30"))
	sent := []string{
		fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix()),
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()),
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix()),
	}
	for _, k := range sent {
		e.schedDM(k)
	}
	e.cmd(alice, "/mentor", "pause")
	for _, k := range sent {
		e.schedWaitMessage(e.schedDM(k), func(m slacksim.Message) bool { return strings.Contains(m.Text, "are paused") })
	}
	e.schedWalk(schedAt("2026-11-05 13:30")) // the 1h reminders' time passes
	e.cmd(alice, "/mentor", "resume")
	e.settle()
	for _, to := range []string{"UALICE", "UBOB"} {
		m := e.schedDM(fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), to))
		if at := schedTime(m); !at.Equal(schedAt("2026-11-05 13:30")) {
			t.Errorf("the 1h reminder to %s went at %v, want at the resume", to, at)
		}
	}
	for _, k := range sent {
		e.schedWaitMessage(e.schedDM(k), func(m slacksim.Message) bool { return strings.Contains(m.Text, "takes place after all") })
	}
}

// Resumed after a reminder fell due in the pause: the partner reads that
// the meetings resumed before the reminder the resume sends at once, not
// a reminder of a meeting they were told was paused, then the news.
func TestResumeNoticeComesBeforeTheRemindersItSends(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-05 12:30"))
	e.cmd(alice, "/mentor", "pause")
	e.schedWalk(schedAt("2026-11-05 13:30")) // the 1h reminder's time passes
	e.cmd(alice, "/mentor", "resume")
	e.settle()
	reminder := fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), bob)
	e.schedDM(reminder)
	var order []string
	for _, m := range e.sim.MessagesTo(bob) {
		switch {
		case schedKey(m) == reminder:
			order = append(order, "reminder")
		case contains(m, "resumed your meetings"):
			order = append(order, "resumed")
		}
	}
	if !slices.Equal(order, []string{"resumed", "reminder"}) {
		t.Errorf("bob got %v, want the resume's notice first:%s", order, e.describeDMs(bob))
	}
}

// A meeting moved a little later, after its agenda prompt went, gets no
// second prompt just because the new one's time is still ahead: the
// mentee was asked a moment ago. One moved days later is asked again.
func TestMovedMeetingIsPromptedForAgainOnlyDaysLater(t *testing.T) {
	e, p := moveEnv(t)
	prompted := func(at time.Time) bool {
		_, ok := e.schedSent()[fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, at.Unix())]
		return ok
	}
	e.schedWalk(schedAt("2026-11-03 14:30")) // Thursday 5 Nov's prompt went at 14:00
	if !prompted(schedAt("2026-11-05 14:00")) {
		t.Fatal("no agenda prompt 48h before the meeting")
	}
	e.cmd(bob, "/mentor", "move thu 10:00") // an hour later: its prompt's time, Tue 15:00, is ahead
	e.schedWalk(schedAt("2026-11-03 16:00"))
	if prompted(schedAt("2026-11-05 15:00")) {
		t.Error("a second agenda prompt half an hour after the first, for a meeting moved by an hour")
	}

	// Next week's meeting moved five days later: asked again before it.
	e.schedWalk(schedAt("2026-11-10 14:30"))
	e.cmd(bob, "/mentor", "move 2026-11-17 08:00") // 13:00 UTC, before the next Thursday
	e.schedWalk(schedAt("2026-11-15 14:00"))
	if !prompted(schedAt("2026-11-17 13:00")) {
		t.Error("no agenda prompt for a meeting moved five days later")
	}
}

// A meeting moved weeks on says how many meetings it now comes after,
// not only the first of them.
func TestMoveWeeksOnCountsTheMeetingsItPasses(t *testing.T) {
	e, _ := moveEnv(t)
	got := e.cmd(bob, "/mentor", "move 2026-12-04 09:00") // past 12, 19 and 26 Nov and 3 Dec
	if !strings.Contains(got, "It now comes after 4 of your meetings, from ") || !strings.Contains(got, "which stay as they were") {
		t.Errorf("a move four weeks on: %q", got)
	}
}

// The agenda prompt of a one-off meeting that is then skipped says there
// is no meeting after it, as the skip's own answer does, rather than
// pointing to "the one after".
func TestSkippedOneOffsPromptSaysNoneFollows(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 11:00") // 10:00 UTC tomorrow: its prompt goes at once
	e.settle()
	prompt := e.schedDM(fmt.Sprintf("agenda_prompt:pair=1:at=%d:to=UBOB", schedAt("2026-11-03 10:00").Unix()))
	if got := e.cmd(alice, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Fatalf("skip: %q", got)
	}
	m := e.schedWaitMessage(prompt, func(m slacksim.Message) bool { return strings.Contains(m.Text, "was skipped") })
	if strings.Contains(m.Text, "shows the one after") || !strings.Contains(m.Text, "There is no meeting after it") {
		t.Errorf("the prompt of a skipped one-off: %q", m.Text)
	}
}

// A moved meeting's sent reminder keeps Add agenda item only while the
// meeting still takes place at its new time: a pause takes it away, and
// the resume brings it back.
func TestMovedMeetingsReminderLosesAgendaButtonWhenPaused(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30")) // the 24h reminders went
	reminder := fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix())
	e.schedDM(reminder)
	e.cmd(bob, "/mentor", "move fri 10:00")
	hasButton := func(want bool, when string) {
		t.Helper()
		m := e.schedWaitMessage(e.schedDM(reminder), func(m slacksim.Message) bool {
			return strings.Contains(m.Text, "moved from") && strings.Contains(blockText(m.Blocks), "agenda_add") == want
		})
		if got := strings.Contains(blockText(m.Blocks), "agenda_add"); got != want {
			t.Errorf("%s: Add agenda item shown: %v, want %v: %s", when, got, want, blockText(m.Blocks))
		}
	}
	hasButton(true, "moved")
	e.cmd(alice, "/mentor", "pause")
	hasButton(false, "moved, then paused")
	e.cmd(alice, "/mentor", "resume")
	hasButton(true, "moved, paused and resumed")
}
