package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// movedTo is where pair pairID's meeting scheduled at from was moved to;
// ok is false when it was not moved.
func (e *env) movedTo(pairID int64, from time.Time) (to time.Time, ok bool) {
	e.t.Helper()
	ch, err := e.app.DB.MeetingChanges(e.ctx, pairID, from.Add(-time.Hour))
	if err != nil {
		e.t.Fatal(err)
	}
	mv, ok := ch.MoveFrom(from)
	return mv.To, ok
}

// A meeting moved past the next one cannot be moved back by /mentor
// move, which reaches only the next meeting: the answer that refuses its
// old time offers the move back, and the move's own confirmation has an
// Undo. The partner is told of the move back; an Undo pressed after a
// later change, or a second time, changes nothing and says why.
func TestMoveBackFromTheAnswerAndUndo(t *testing.T) {
	e, p := moveEnv(t)
	thu, fri := schedAt("2026-11-05 14:00"), schedAt("2026-11-13 14:00") // 09:00 for bob in New York
	e.cmd(bob, "/mentor", "agenda my promotion case")
	agendaAt := func(what string, want time.Time) {
		t.Helper()
		if items, err := e.app.DB.OpenAgenda(e.ctx, p.ID); err != nil || len(items) != 1 || !items[0].MeetingAt.Equal(want) {
			t.Errorf("the agenda %s: %+v, %v; want it for %v", what, items, err, want)
		}
	}

	moved := e.cmdMsg(bob, "/mentor", "move 2026-11-13 09:00")
	if !contains(moved, "It now comes after your meeting of") || !strings.Contains(string(moved.Blocks), "meeting_move_back") {
		t.Fatalf("the move past the next meeting, with no Undo: %q %s", moved.Text, blockText(moved.Blocks))
	}
	e.waitDM(alice, "moved your meeting from")

	// bob changes his mind, but the next meeting is 12 Nov's now, and 5
	// Nov's time is the moved meeting's: the answer offers to move that
	// one back.
	dead := e.cmdMsg(bob, "/mentor", "move 2026-11-05 09:00")
	if !contains(dead, "was moved to") || !contains(dead, "Move Fri 13 Nov 09:00 back to Thu 5 Nov 09:00") {
		t.Fatalf("moving onto the time a meeting was moved from: %q %s", dead.Text, blockText(dead.Blocks))
	}
	if to, ok := e.movedTo(p.ID, thu); !ok || !to.Equal(fri) {
		t.Fatalf("the refusal changed the meetings: moved to %v, %v", to, ok)
	}
	e.schedClick(bob, dead, "meeting_move_back")
	e.idle()
	back := e.schedWaitMessage(dead, func(m slacksim.Message) bool { return contains(m, "Moved your meeting with <@UALICE> back") })
	if ds := meetDates(back.Text); !sameTimes(ds, fri, thu) {
		t.Errorf("the move back's answer: %v %q", ds, back.Text)
	}
	if dm := e.waitDM(alice, "moved your meeting back"); !sameTimes(meetDates(dm.Text), fri, thu) {
		t.Errorf("alice's DM of the move back: %q", dm.Text)
	}
	if _, ok := e.movedTo(p.ID, thu); ok {
		t.Error("moved back, the meeting is still moved")
	}
	// Its agenda went to 12 Nov's meeting with the move, and comes back.
	agendaAt("after the move back", thu)
	if d := meetFirstDate(t, "next after the move back", e.cmd(alice, "/mentor", "next")); !d.Equal(thu) {
		t.Errorf("next after the move back: %v", d)
	}

	// The first move's Undo, pressed now: the meeting is back already.
	e.settle()
	told := len(e.dms(alice, "moved your meeting"))
	if got := e.clickAnswer(bob, moved, "meeting_move_back"); !strings.Contains(got, "already") {
		t.Errorf("Undo of a move undone already: %q", got)
	}
	// Moved on again, the move back's own Undo no longer applies.
	sat := schedAt("2026-11-07 14:00")
	e.cmd(bob, "/mentor", "move sat 09:00")
	told++
	if got := e.clickAnswer(bob, back, "meeting_move_back"); !strings.Contains(got, "moved again") {
		t.Errorf("Undo of a move after a later one: %q", got)
	}
	if to, ok := e.movedTo(p.ID, thu); !ok || !to.Equal(sat) {
		t.Errorf("a stale Undo moved the meeting: to %v, %v", to, ok)
	}
	// The meetings set anew: no move is left to undo.
	last := e.cmdMsg(bob, "/mentor", "move sun 09:00")
	told++
	e.advance(time.Minute) // a schedule's time is to the second
	e.cmd(alice, "/mentor", "meet weekly thu 16:00")
	if got := e.clickAnswer(bob, last, "meeting_move_back"); !strings.Contains(got, "set anew") {
		t.Errorf("Undo after the meetings were set anew: %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "moved your meeting")); n != told {
		t.Errorf("alice was told of %d moves, want %d:%s", n, told, e.describeDMs(alice))
	}
}

// A skip's confirmation has an Undo, and a move onto a skipped meeting's
// time offers to have that meeting after all: either takes the skip back,
// the partner hears, the meeting's agenda and reminders are its own again.
func TestUndoASkip(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.cmd(bob, "/mentor", "agenda my promotion case")
	skipped := e.cmdMsg(alice, "/mentor", "skip")
	if !contains(skipped, "Skipped your meeting") || !strings.Contains(string(skipped.Blocks), "meeting_unskip") {
		t.Fatalf("the skip's answer, with no Undo: %q %s", skipped.Text, blockText(skipped.Blocks))
	}
	e.waitDM(bob, "skipped your meeting")

	dead := e.cmdMsg(bob, "/mentor", "move 2026-11-05 09:00")
	if !contains(dead, "was skipped") || !contains(dead, "Meet on Thu 5 Nov 09:00 after all") {
		t.Fatalf("moving onto a skipped time: %q %s", dead.Text, blockText(dead.Blocks))
	}
	e.schedClick(bob, dead, "meeting_unskip")
	e.idle()
	e.schedWaitMessage(dead, func(m slacksim.Message) bool { return contains(m, "takes place after all") })
	e.waitDM(alice, "takes place after all")
	if ch, _ := e.app.DB.MeetingChanges(e.ctx, p.ID, thu.Add(-time.Hour)); ch.Skipped(thu) {
		t.Error("the meeting is still skipped")
	}
	if d := meetFirstDate(t, "next after the skip taken back", e.cmd(alice, "/mentor", "next")); !d.Equal(thu) {
		t.Errorf("next after the skip was taken back: %v", d)
	}
	if items, err := e.app.DB.OpenAgenda(e.ctx, p.ID); err != nil || len(items) != 1 || !items[0].MeetingAt.Equal(thu) {
		t.Errorf("the agenda after the skip was taken back: %+v, %v", items, err)
	}

	// alice's Undo, pressed now: there is no skip to undo.
	e.settle()
	if got := e.clickAnswer(alice, skipped, "meeting_unskip"); !strings.Contains(got, "isn't skipped") {
		t.Errorf("Undo of a skip taken back already: %q", got)
	}
	if n := len(e.dms(bob, "takes place after all")); n != 0 {
		t.Errorf("bob, who took the skip back, was told of it: %d DMs", n)
	}
	if n := len(e.dms(alice, "takes place after all")); n != 1 {
		t.Errorf("alice was told %d times that the meeting takes place after all", n)
	}

	// Its reminders go as for any meeting.
	e.schedWalk(schedAt("2026-11-05 13:30"))
	if _, ok := e.schedSent()[fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UBOB", p.ID, thu.Unix())]; !ok {
		t.Error("no 1h reminder of the meeting whose skip was taken back")
	}

	// Skipped again, then the meetings set anew: the Undo no longer applies.
	again := e.cmdMsg(alice, "/mentor", "skip") // 5 Nov's again
	e.cmd(alice, "/mentor", "meet weekly thu 16:00")
	if got := e.clickAnswer(alice, again, "meeting_unskip"); !strings.Contains(got, "set anew") {
		t.Errorf("Undo of a skip after the meetings were set anew: %q", got)
	}
}

// An Undo of a skip whose time another meeting was moved onto since (a
// quarter of an hour later: only the skipped time itself is held) would
// give the pair two meetings at once: it is refused, as a move onto that
// meeting would be, and the skip stays.
func TestUndoOfASkipRefusesAnOverlap(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00") // 09:00 for bob in New York
	skipped := e.cmdMsg(alice, "/mentor", "skip")
	if got := e.cmd(bob, "/mentor", "move 2026-11-05 09:15"); !strings.Contains(got, "Moved") {
		t.Fatalf("moving 12 Nov's meeting to 5 Nov 09:15: %q", got)
	}
	e.settle()
	told := len(e.dms(bob, "takes place after all"))
	got := e.clickAnswer(alice, skipped, "meeting_unskip")
	if !strings.Contains(got, "would overlap") || !strings.Contains(got, "haven't taken back") {
		t.Errorf("Undo of a skip onto a moved meeting's time: %q", got)
	}
	if ch, _ := e.app.DB.MeetingChanges(e.ctx, p.ID, thu.Add(-time.Hour)); !ch.Skipped(thu) {
		t.Error("the refused Undo took the skip back")
	}
	e.settle()
	if n := len(e.dms(bob, "takes place after all")); n != told {
		t.Errorf("bob was told of an Undo that was refused: %d DMs", n-told)
	}
}

// A Skip button of an ended pair says the pair ended, as Move does, both
// before the meeting's time and after it: not how to skip the next
// meeting, which the ended pair does not have.
func TestSkipButtonOfAnEndedPair(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	thu := utc(2026, 11, 5, 14, 0)
	next := e.cmdMsg(bob, "/mentor", "next")
	e.endPair(alice, bob)
	e.settle()
	for _, at := range []time.Time{thu.Add(-time.Hour), thu.Add(3 * 24 * time.Hour)} {
		e.clock.Set(at)
		e.settle()
		for _, action := range []string{"meeting_skip", "meeting_move"} {
			if got := e.clickAnswer(bob, next, action); !strings.Contains(got, "Your pair with <@UALICE> has ended") || strings.Contains(got, "/mentor skip") {
				t.Errorf("%s of an ended pair at %v: %q", action, at, got)
			}
		}
	}
}

// The Move and Skip buttons of a meeting moved since say where it went.
func TestButtonsOfAMovedMeetingSayWhereItWent(t *testing.T) {
	e, _ := moveEnv(t)
	fri := schedAt("2026-11-06 15:00")
	next := e.cmdMsg(bob, "/mentor", "next") // buttons for Thu 5 Nov
	e.cmd(bob, "/mentor", "move fri 10:00")
	for _, action := range []string{"meeting_move", "meeting_skip"} {
		got := e.clickAnswer(bob, next, action)
		if !strings.Contains(got, "was moved to") || !strings.Contains(got, fmt.Sprint(fri.Unix())) {
			t.Errorf("%s of a meeting moved since: %q", action, got)
		}
	}
	if n := len(e.sim.OpenViews(bob)); n != 0 {
		t.Errorf("a form opened for a meeting moved away: %+v", e.sim.OpenViews(bob))
	}
}

// The move form, given the time a meeting was moved away from, closes
// with the answer that offers the move back: the form itself can hold no
// button, and an error under its time would send the person nowhere.
func TestMoveFormOffersTheMoveBack(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.cmd(bob, "/mentor", "move 2026-11-13 09:00")
	next := e.cmdMsg(bob, "/mentor", "next") // buttons for Thu 12 Nov
	e.schedClick(bob, next, "meeting_move")
	v := e.waitModal(bob, "meeting_move")
	res := e.schedSubmit(bob, v, map[string]map[string]any{"move_day": {"move_day": "2026-11-05"}, "move_time": {"move_time": "09:00"}})
	if len(res.Errors) > 0 {
		t.Fatalf("the form kept open: %+v", res.Errors)
	}
	var offer slacksim.Message
	e.eventually("the answer offering the move back", func() bool {
		for _, m := range e.sim.MessagesTo(bob) {
			if contains(m, "Move Fri 13 Nov 09:00 back to Thu 5 Nov 09:00") {
				offer = m
				return true
			}
		}
		return false
	})
	if _, ok := e.movedTo(p.ID, schedAt("2026-11-12 14:00")); ok {
		t.Error("the 12 Nov meeting was moved")
	}
	e.schedClick(bob, offer, "meeting_move_back")
	e.idle()
	e.waitDM(alice, "moved your meeting back")
	if _, ok := e.movedTo(p.ID, thu); ok {
		t.Error("the button did not move the meeting back")
	}
}

// A reminder's Skip makes it the skip's confirmation, with an Undo that
// makes it the reminder again, with its buttons; the presser reads,
// beneath, that the meeting takes place after all.
func TestUndoOfASkipMadeFromAReminder(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))
	reminder := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	e.schedClick(alice, reminder, "meeting_skip")
	e.idle()
	skipped := e.schedWaitMessage(reminder, func(m slacksim.Message) bool { return contains(m, "Skipped your meeting") })
	e.waitDM(bob, "skipped your meeting")
	if got := e.clickAnswer(alice, skipped, "meeting_unskip"); !strings.Contains(got, "takes place after all: I've taken back its skip") {
		t.Errorf("alice's answer to the Undo: %q", got)
	}
	back := e.schedWaitMessage(reminder, func(m slacksim.Message) bool { return contains(m, "*Reminder:*") })
	if raw := string(back.Blocks); !strings.Contains(raw, "agenda_add") || !strings.Contains(raw, "meeting_skip") || strings.Contains(raw, "meeting_unskip") {
		t.Errorf("the reminder after the skip was taken back: %s", blockText(back.Blocks))
	}
	e.waitDM(bob, "took back the skip")
	e.schedWalk(schedAt("2026-11-05 13:30"))
	if _, ok := e.schedSent()[fmt.Sprintf("reminder:1h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix())]; !ok {
		t.Error("no 1h reminder of the meeting whose skip was taken back")
	}
}
