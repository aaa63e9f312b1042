package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// agendaMovedEnv is a scheduler env with alice mentoring bob, who set
// their meetings for Mondays at 10:00 his time (New York: 15:00 UTC, from
// 2 November), with an item on the first one's agenda.
func agendaMovedEnv(t *testing.T, opts ...envOption) (*env, store.Pair) {
	t.Helper()
	e, _ := schedEnv(t, opts...)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	p := e.livePairOf(alice, bob)
	e.cmd(bob, "/mentor", "meet <@UALICE> weekly mon 10:00")
	if got := e.cmd(bob, "/mentor", "agenda <@UALICE> career ladder"); !strings.Contains(got, "Added to the agenda") ||
		!sameTimes(meetDates(got), schedAt("2026-11-02 15:00")) {
		t.Fatalf("agenda: %q", got)
	}
	return e, p
}

// A meeting moved past later ones takes its agenda items with it, as the
// move's message says: they are on that meeting's agenda only (/mentor
// agenda, /mentor next, reminders, agenda prompts, the App Home), a
// session logged for a meeting before it does not cover them, and that
// meeting's own does. What is added meanwhile is for the next meeting,
// and its session covers that.
func TestAgendaOfAMeetingMovedPastOthersGoesWithIt(t *testing.T) {
	// Reminders three days ahead too: the moved meeting's first comes
	// before the meeting of 16 November.
	e, p := agendaMovedEnv(t, withEnv("MENTORBOT_REMIND_BEFORE", "72h,24h,1h"))
	nov9, nov16, moved := schedAt("2026-11-09 15:00"), schedAt("2026-11-16 15:00"), schedAt("2026-11-17 15:00")
	got := e.cmd(bob, "/mentor", "move <@UALICE> 2026-11-17 10:00")
	if !strings.Contains(got, "It now comes after 2 of your meetings") || !strings.Contains(got, "The agenda items added for it go with it") {
		t.Fatalf("move: %q", got)
	}
	// Added now, an item is for the next meeting.
	if got := e.cmd(bob, "/mentor", "agenda <@UALICE> offsite plans"); !sameTimes(meetDates(got), nov9) {
		t.Errorf("an item added after the move is not for the next meeting: %q", got)
	}

	// The next meeting's agenda has the item added for it, not the moved
	// meeting's; /mentor agenda says where that one is.
	for _, who := range []string{bob, alice} {
		ag := e.cmd(who, "/mentor", "agenda")
		if !sameTimes(meetDates(ag), nov9) || !strings.Contains(ag, "1. offsite plans") || strings.Contains(ag, "career ladder") ||
			strings.Contains(ag, "2. ") || !strings.Contains(ag, "1 more item waits for your meeting of <!date^"+fmt.Sprint(moved.Unix())) {
			t.Errorf("%s's /mentor agenda before the next meeting: %q", who, ag)
		}
	}
	next := e.cmd(bob, "/mentor", "next")
	if !sameTimes(meetDates(next), nov9) || !strings.Contains(next, "offsite plans") || strings.Contains(next, "career ladder") {
		t.Errorf("/mentor next before the next meeting: %q", next)
	}
	home := homeOpen(e, bob, func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("*Next meeting:* <!date^%d^", nov9.Unix())) && strings.Contains(s, "offsite plans")
	})
	if s := homeText(home); strings.Contains(s, "career ladder") {
		t.Errorf("bob's Home shows the moved meeting's item under the next meeting: %s", s)
	}
	// "remove 2" numbers as the list does: there is no item 2.
	if got := e.cmd(bob, "/mentor", "agenda remove 2"); !strings.Contains(got, "There is no item 2") {
		t.Errorf("remove 2: %q", got)
	}

	// The next meeting's agenda prompt and reminders.
	e.schedWalk(nov9.Add(-30 * time.Minute))
	for _, k := range []string{
		fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, nov9.Unix()),
		fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, nov9.Unix()),
		fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, nov9.Unix()),
	} {
		m := e.schedDM(k)
		if s := m.Text + blockText(m.Blocks); !strings.Contains(s, "offsite plans") || strings.Contains(s, "career ladder") {
			t.Errorf("%s: %q", k, s)
		}
	}

	// The next meeting's session covers its item, not the moved meeting's.
	e.clock.Set(nov9.Add(time.Hour))
	if got := e.cmd(bob, "/session", "log <@UALICE> we covered the career path"); !strings.Contains(got, "1 agenda item marked covered") {
		t.Errorf("log of the next meeting: %q", got)
	}
	ag := e.cmd(bob, "/mentor", "agenda")
	if !sameTimes(meetDates(ag), nov16) || strings.Contains(ag, "career ladder") || strings.Contains(ag, "offsite plans") ||
		!strings.Contains(ag, "Nothing yet") || !strings.Contains(ag, "1 more item waits for your meeting of") {
		t.Errorf("/mentor agenda after the next meeting's log: %q", ag)
	}

	// An item added from the moved meeting's first reminder, which comes
	// before the meeting of 16 November, is for the moved meeting; one
	// added from that meeting's reminder, for that one.
	e.schedWalk(nov16.Add(-24 * time.Hour))
	e.schedClick(bob, e.schedDM(fmt.Sprintf("reminder:72h:pair=%d:at=%d:to=UBOB", p.ID, moved.Unix())), "agenda_add")
	v := e.waitModal(bob, "agenda_add")
	if raw := string(v.JSON); !strings.Contains(raw, fmt.Sprintf("date^%d^", moved.Unix())) {
		t.Errorf("the reminder's form does not name its meeting: %s", raw)
	}
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"item": {"item": "salary review"}}); len(res.Errors) > 0 {
		t.Fatalf("agenda form: %+v", res.Errors)
	}
	e.schedClick(alice, e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, nov16.Unix())), "agenda_add")
	v = e.waitModal(alice, "agenda_add")
	if res := e.schedSubmit(alice, v, map[string]map[string]any{"item": {"item": "conference talk"}}); len(res.Errors) > 0 {
		t.Fatalf("agenda form: %+v", res.Errors)
	}
	ag = e.cmd(bob, "/mentor", "agenda")
	if !sameTimes(meetDates(ag), nov16) || !strings.Contains(ag, "1. conference talk") || strings.Contains(ag, "salary review") ||
		!strings.Contains(ag, "2 more items wait for your meeting of <!date^"+fmt.Sprint(moved.Unix())) {
		t.Errorf("/mentor agenda after items added from the DMs: %q", ag)
	}

	// The moved meeting: its prompt, reminders, /mentor next and Home
	// have its items, and its session covers them.
	e.schedWalk(moved.Add(-30 * time.Minute))
	for _, k := range []string{
		fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=UBOB", p.ID, moved.Unix()),
		fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UALICE", p.ID, moved.Unix()),
	} {
		if m := e.schedDM(k); !strings.Contains(m.Text+blockText(m.Blocks), "career ladder") {
			t.Errorf("%s lacks the meeting's item: %q", k, m.Text+blockText(m.Blocks))
		}
	}
	if m := e.schedDM(fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, nov16.Unix())); strings.Contains(m.Text+blockText(m.Blocks), "career ladder") {
		t.Errorf("the reminder of the meeting of 16 November has the moved meeting's item: %q", m.Text+blockText(m.Blocks))
	}
	ag = e.cmd(alice, "/mentor", "agenda")
	if !sameTimes(meetDates(ag), moved) || !strings.Contains(ag, "1. career ladder") || !strings.Contains(ag, "2. salary review") ||
		!strings.Contains(ag, "3. conference talk") || strings.Contains(ag, "more item") {
		t.Errorf("/mentor agenda before the moved meeting: %q", ag)
	}
	if next := e.cmd(bob, "/mentor", "next"); !sameTimes(meetDates(next), moved) || !strings.Contains(next, "career ladder") {
		t.Errorf("/mentor next before the moved meeting: %q", next)
	}
	homeOpen(e, bob, func(s string) bool {
		return strings.Contains(s, fmt.Sprintf("*Next meeting:* <!date^%d^", moved.Unix())) && strings.Contains(s, "career ladder")
	})
	e.clock.Set(moved.Add(time.Hour))
	if got := e.cmd(alice, "/session", "log talked about the career ladder"); !strings.Contains(got, "3 agenda items marked covered") {
		t.Errorf("log of the moved meeting: %q", got)
	}
	if ag := e.cmd(bob, "/mentor", "agenda"); strings.Contains(ag, "career ladder") || strings.Contains(ag, "more item") {
		t.Errorf("/mentor agenda after the moved meeting's log: %q", ag)
	}
}

// Moved past later meetings with the reminder's Move this meeting form,
// a meeting takes its agenda with it too.
func TestAgendaOfAMeetingMovedWithTheFormGoesWithIt(t *testing.T) {
	e, p := agendaMovedEnv(t)
	first, nov9 := schedAt("2026-11-02 15:00"), schedAt("2026-11-09 15:00")
	e.schedWalk(first.Add(-30 * time.Minute))
	reminder := e.schedDM(fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, first.Unix()))
	e.schedClick(bob, reminder, "meeting_move")
	v := e.waitModal(bob, "meeting_move")
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-17"}, "move_time": {"move_time": "10:00"}}); len(res.Errors) > 0 {
		t.Fatalf("moving with the form: %+v", res.Errors)
	}
	e.waitDM(alice, "moved your meeting from")
	if next := e.cmd(bob, "/mentor", "next"); !sameTimes(meetDates(next), nov9) || strings.Contains(next, "career ladder") {
		t.Errorf("/mentor next after the move: %q", next)
	}
	e.clock.Set(nov9.Add(time.Hour))
	if got := e.cmd(bob, "/session", "log <@UALICE> we met"); strings.Contains(got, "marked covered") {
		t.Errorf("the next meeting's log covered the moved meeting's item: %q", got)
	}
	if ag := e.cmd(bob, "/mentor", "agenda"); strings.Contains(ag, "career ladder") || !strings.Contains(ag, "1 more item waits for your meeting of") {
		t.Errorf("/mentor agenda after the next meeting's log: %q", ag)
	}
}
