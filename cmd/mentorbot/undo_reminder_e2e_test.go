package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// isReminderOf reports whether m reads as the reminder of a meeting
// that takes place, with agenda: its head, the agenda item, and its
// Add agenda item, Move and Skip buttons; not a note about a skip.
func isReminderOf(m slacksim.Message, agenda string) bool {
	raw := string(m.Blocks)
	return contains(m, "*Reminder:* you meet") && contains(m, agenda) &&
		strings.Contains(raw, `"agenda_add`) && strings.Contains(raw, `"meeting_move`) && strings.Contains(raw, `"meeting_skip`) &&
		!strings.Contains(raw, "meeting_unskip") && !contains(m, "skipped") && !contains(m, "after all")
}

// A reminder's Skip, then the Undo on it, leaves the reminder as it was:
// the meeting, its agenda and its buttons, both the presser's copy (which
// the Skip made the skip's answer) and the partner's (which the skip
// edited to say it was skipped). The Undo pressed again changes nothing,
// and says so.
func TestUndoOfASkipFromAReminderBringsTheRemindersBack(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	const item = "my promotion case"
	e.cmd(bob, "/mentor", "agenda "+item)
	e.schedWalk(schedAt("2026-11-04 14:30"))
	mine := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	theirs := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix()))
	for _, m := range []slacksim.Message{mine, theirs} {
		if !isReminderOf(m, item) {
			t.Fatalf("the reminder as sent: %q %s", m.Text, blockText(m.Blocks))
		}
	}

	e.schedClick(alice, mine, "meeting_skip")
	e.idle()
	skipped := e.schedWaitMessage(mine, func(m slacksim.Message) bool { return contains(m, "Skipped your meeting") })
	e.schedWaitMessage(theirs, func(m slacksim.Message) bool { return contains(m, "was skipped") })
	e.waitDM(bob, "skipped your meeting")

	e.schedClick(alice, skipped, "meeting_unskip")
	e.idle()
	e.waitDM(bob, "took back the skip")
	e.settle()
	for who, m := range map[string]slacksim.Message{"alice's": mine, "bob's": theirs} {
		if cur, err := e.waitMessageAs(m, func(m slacksim.Message) bool { return isReminderOf(m, item) }); err != nil {
			t.Errorf("%s reminder after the Undo of the skip: %q %s", who, cur.Text, blockText(cur.Blocks))
		}
	}

	// The Undo again (a double click that reached the bot after the
	// first): the skip is gone already, so nothing changes, and alice
	// hears why.
	undo := buttonValue(t, skipped.Blocks, "meeting_unskip")
	before := e.sim.LastSeq()
	if got := e.press(alice, "meeting_unskip", undo); !strings.Contains(got, "isn't skipped any more") || !strings.Contains(got, "nothing changed") {
		t.Errorf("the second Undo of the skip: %q", got)
	}
	e.settle()
	for who, m := range map[string]slacksim.Message{"alice's": mine, "bob's": theirs} {
		if cur, _ := e.sim.LookupMessage(m.Channel, m.TS); !isReminderOf(cur, item) {
			t.Errorf("%s reminder after the second Undo: %q %s", who, cur.Text, blockText(cur.Blocks))
		}
	}
	for _, m := range e.sim.MessagesTo(bob) {
		if m.Seq > before {
			t.Errorf("bob heard of the second Undo: %q", m.Text)
		}
	}
	if n := len(e.dms(bob, "took back the skip")); n != 1 {
		t.Errorf("bob was told %d times that the skip was taken back", n)
	}

	// The reminders are reminders again: a later change to the meeting
	// edits them as it would any reminder.
	e.cmd(bob, "/mentor", "skip")
	for who, m := range map[string]slacksim.Message{"alice's": mine, "bob's": theirs} {
		if cur, err := e.waitMessageAs(m, func(m slacksim.Message) bool { return contains(m, "was skipped") }); err != nil {
			t.Errorf("%s reminder after bob's skip: %q %s", who, cur.Text, blockText(cur.Blocks))
		}
	}
}

// Taken back from elsewhere (the answer that refuses a move onto the
// skipped time), the skip of a meeting whose reminders went brings both
// of them back as reminders too.
func TestMeetAfterAllBringsTheRemindersBack(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	const item = "my promotion case"
	e.cmd(bob, "/mentor", "agenda "+item)
	e.schedWalk(schedAt("2026-11-04 14:30"))
	rems := map[string]slacksim.Message{}
	for _, to := range []string{alice, bob} {
		rems[to] = e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", p.ID, thu.Unix(), to))
	}
	e.cmd(alice, "/mentor", "skip")
	for _, m := range rems {
		e.schedWaitMessage(m, func(m slacksim.Message) bool { return contains(m, "was skipped") })
	}
	dead := e.cmdMsg(bob, "/mentor", "move 2026-11-05 09:00")
	e.schedClick(bob, dead, "meeting_unskip")
	e.idle()
	e.schedWaitMessage(dead, func(m slacksim.Message) bool { return contains(m, "takes place after all") })
	e.settle()
	for to, m := range rems {
		if cur, err := e.waitMessageAs(m, func(m slacksim.Message) bool { return isReminderOf(m, item) }); err != nil {
			t.Errorf("%s's reminder after the skip was taken back: %q %s", to, cur.Text, blockText(cur.Blocks))
		}
	}
}
