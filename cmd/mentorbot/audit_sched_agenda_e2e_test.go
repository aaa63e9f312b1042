package main

import (
	"fmt"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// An item added to the agenda from a meeting reminder's "Add agenda item"
// button shows in that reminder, and in the other reminders and the agenda
// prompt already sent for the same meeting: they list the agenda so far,
// and would otherwise go on saying "Nothing yet" above the new item.
func TestMeetingDMsShowAnAgendaItemAddedSinceTheyWent(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	// Thu 5 Nov 15:00 Berlin: the agenda prompt to bob went on Tuesday,
	// the 24-hour reminders on Wednesday at 14:00 UTC.
	thu := utc(2026, 11, 5, 14, 0)
	e.schedWalk(utc(2026, 11, 4, 14, 1))
	id := e.meetPair().ID
	bobs := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", id, thu.Unix(), bob))
	alices := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", id, thu.Unix(), alice))
	prompt := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", id, thu.Unix(), bob))
	for _, m := range []slacksim.Message{bobs, alices, prompt} {
		if !contains(m, "Nothing yet") {
			t.Fatalf("before: %s", blockText(m.Blocks))
		}
	}

	e.schedClick(bob, bobs, "agenda_add")
	v := e.schedWaitView(bob, "agenda_add")
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"item": {"item": "Career plans"}}); len(res.Errors) > 0 {
		t.Fatalf("agenda modal: %v", res.Errors)
	}
	e.idle()
	for who, m := range map[string]slacksim.Message{"bob's reminder": bobs, "alice's reminder": alices, "bob's agenda prompt": prompt} {
		got := e.schedWaitMessageFor(m, func(m slacksim.Message) bool { return contains(m, "Career plans") })
		if contains(got, "Nothing yet") {
			t.Errorf("%s still says the agenda is empty: %s", who, blockText(got.Blocks))
		}
	}
	// The reminders keep their buttons.
	if cur, _ := e.sim.LookupMessage(alices.Channel, alices.TS); !contains(cur, "meeting_skip") || !contains(cur, "agenda_add") {
		t.Errorf("alice's reminder lost its buttons: %s", blockText(cur.Blocks))
	}
}
