package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// An item added for "the next meeting" after a one-off meeting ended,
// while none is scheduled, waits for a meeting still to be set: logging
// the one-off, typed or with the form, covers the items added before it
// ended, not that one. testStart is 03:00 in New York (bob).
func TestLogOfAnEndedOneOffLeavesLaterItemsOpen(t *testing.T) {
	for _, how := range []string{"typed", "form"} {
		t.Run(how, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-02 09:00"); !strings.Contains(got, "is set") {
				t.Fatalf("meet: %q", got)
			}
			e.cmd(bob, "/mentor", "agenda Before the meeting")
			e.advance(7*time.Hour + 27*time.Minute) // 10:27 in New York: the meeting ended at 09:30
			if got := e.cmd(bob, "/mentor", "agenda Next time: review the draft"); !strings.Contains(got, "No meeting is scheduled right now") {
				t.Fatalf("added after the meeting: %q", got)
			}
			var got string
			switch how {
			case "typed":
				got = e.cmd(bob, "/session", "log We met and planned")
			case "form":
				e.cmd(bob, "/session", "")
				v := e.waitModal(bob, "session_log")
				sub, err := e.sim.SubmitView(meetCtx(e), bob, v.ID, map[string]map[string]any{"date": {"date": "2026-11-02"}, "notes": {"notes": "We met and planned"}})
				if err != nil || !sub.Closed {
					t.Fatalf("submit: %v, %+v", err, sub)
				}
				m := e.waitDM(bob, "Logged session")
				got = m.Text + "\n" + blockText(m.Blocks)
			}
			if !strings.Contains(got, "1 agenda item marked covered") {
				t.Errorf("the log does not cover the one item added before the meeting: %q", got)
			}
			if items := e.agendaTexts(); !slices.Equal(items, []string{"Next time: review the draft"}) {
				t.Errorf("open agenda after the log: %q, want only the item added after the meeting", items)
			}
			if got := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(got, "Next time: review the draft") {
				t.Errorf("/mentor agenda lost the item: %q", got)
			}
		})
	}

	// Logged a second time (by the partner, or by the same person again)
	// after the item was added, the meeting's log covers no more: the
	// second log, kept beside the first, is of the same meeting.
	for _, c := range []struct{ name, who, how string }{
		{"partner typed", alice, "typed"},
		{"partner form", alice, "form"},
		{"same member again", bob, "typed"},
	} {
		t.Run("second log, "+c.name, func(t *testing.T) {
			e := meetEnv(t)
			if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> 2026-11-02 09:00"); !strings.Contains(got, "is set") {
				t.Fatalf("meet: %q", got)
			}
			e.cmd(bob, "/mentor", "agenda Before the meeting")
			e.advance(7*time.Hour + 27*time.Minute) // 10:27 in New York, 16:27 in Berlin (alice)
			if got := e.cmd(bob, "/session", "log We met and planned"); !strings.Contains(got, "1 agenda item marked covered") {
				t.Fatalf("the first log: %q", got)
			}
			if got := e.cmd(bob, "/mentor", "agenda Next time: review the draft"); !strings.Contains(got, "No meeting is scheduled right now") {
				t.Fatalf("added after the meeting: %q", got)
			}
			var got string
			switch c.how {
			case "typed":
				got = e.cmd(c.who, "/session", "log More notes on it")
			case "form":
				e.cmd(c.who, "/session", "")
				v := e.waitModal(c.who, "session_log")
				sub, err := e.sim.SubmitView(meetCtx(e), c.who, v.ID, map[string]map[string]any{"date": {"date": "2026-11-02"}, "notes": {"notes": "More notes on it"}})
				if err != nil || !sub.Closed {
					t.Fatalf("submit: %v, %+v", err, sub)
				}
				m := e.waitDM(c.who, "More notes on it")
				got = m.Text + "\n" + blockText(m.Blocks)
			}
			if !strings.Contains(got, "More notes on it") {
				t.Fatalf("the second log: %q", got)
			}
			if strings.Contains(got, "marked covered") {
				t.Errorf("the second log covers the item added after the meeting: %q", got)
			}
			if items := e.agendaTexts(); !slices.Equal(items, []string{"Next time: review the draft"}) {
				t.Errorf("open agenda after the second log: %q, want only the item added after the meeting", items)
			}
		})
	}
}
