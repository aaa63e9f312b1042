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

// The same meetings set again with another length are a change, said as
// one to both (the answer and the partner's DM), though not as a new
// schedule that replaces the old: the meetings, their skips and agenda,
// stay as they were.
func TestMeetWithAnotherLengthSaysSo(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00")
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00 for 45m")
	want := "_Only their length changed, from 30 min to 45 min; the meetings are the same._"
	if !strings.Contains(got, "45 min.") || !strings.Contains(got, want) || strings.Contains(got, "replaces") {
		t.Errorf("a new length is not said: want %q in\n%s", want, got)
	}
	dm := e.waitDM(bob, "45 min")
	if text := dm.Text + "\n" + blockText(dm.Blocks); !strings.Contains(text, want) {
		t.Errorf("bob's DM does not say the length changed: want %q in\n%s", want, text)
	}

	// A one-off too; and another time with another length names the
	// old length with the schedule it replaces.
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-20 10:00")
	if got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> 2026-11-20 10:00 for 1h"); !strings.Contains(got, "_Only their length changed, from 30 min to 1 h;") {
		t.Errorf("a one-off's new length: %s", got)
	}
	got = e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly wed 16:00")
	if want := "_This replaces the earlier schedule: once, on Fri 20 Nov 2026 at 10:00 (Europe/Berlin), 1 h._"; !strings.Contains(got, want) || strings.Contains(got, "Only their length") {
		t.Errorf("a new time and length: want %q in\n%s", want, got)
	}
}

// Paused meetings set again with another length are back on: that is
// not "only" a new length, and the meetings are not the same as they
// were, paused; both the setter and the partner are told.
func TestMeetAnotherLengthWhilePausedResumes(t *testing.T) {
	e := meetEnv(t)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00")
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly tue 10:00 for 45m")
	want := "_Their length changed, from 30 min to 45 min._"
	if !strings.Contains(got, want) || !strings.Contains(got, "Your paused meetings are back on.") || strings.Contains(got, "Only their length") || strings.Contains(got, "the same") {
		t.Errorf("resumed with a new length: want %q and no \"only\" in\n%s", want, got)
	}
	dm := e.waitDM(bob, "45 min")
	if text := dm.Text + "\n" + blockText(dm.Blocks); !strings.Contains(text, want) || strings.Contains(text, "Only their length") {
		t.Errorf("bob's DM: want %q and no \"only\" in\n%s", want, text)
	}
}

// The welcome DM's example meeting (and /mentor next's and /mentor
// skip's, before there are meetings) is at a time that is daytime for both
// members, so that typed as it is it draws no warning of the partner's
// night: 15:00 in Berlin (alice) is 09:00 in New York, but 15:00 in New
// York (bob) is 21:00 in Berlin, and 13:30 the latest that ends by 20:00
// there.
func TestWelcomeSuggestsADaytimeForBoth(t *testing.T) {
	e := meetEnv(t)
	want := map[string]string{
		alice: "`/mentor meet @bob weekly thu 15:00` (or `biweekly`, `monthly first tue 15:00`)",
		bob:   "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`)",
	}
	for _, u := range []string{alice, bob} {
		m := e.waitDM(u, "Welcome to mentoring")
		if text := blockText(m.Blocks); !strings.Contains(text, want[u]) {
			t.Errorf("%s's welcome: want %q in\n%s", u, want[u], text)
		}
	}
	// /mentor next and /mentor skip, with no meetings yet, suggest the same.
	if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`") {
		t.Errorf("bob's /mentor next: %s", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "skip"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30`") {
		t.Errorf("bob's /mentor skip: %s", got)
	}
	// Typed as suggested, it sets the meetings without a warning.
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 13:30"); !strings.Contains(got, "are set") || strings.Contains(got, ":warning:") {
		t.Errorf("bob's example, typed: %s", got)
	}
}

// The example meeting is daytime for both at the meetings it sets, not
// on a day it does not meet: between the American change of the clocks
// and the European one (14 to 28 March 2027), New York is 5 hours behind
// Berlin, else 6. Read on Thursday 25 March at 16:00 in New York, that
// day's 14:30 (19:30 in Berlin) has passed: `weekly thu 14:30` first
// meets on 1 April, 20:30 in Berlin, and `monthly first tue 14:30` on 6
// April, the same. Read on Monday 22 March, the first Thursday is still
// 5 hours apart, but a time that suits the weeks after the change too is
// preferred.
func TestWelcomeExampleAcrossAChangeOfTheClocks(t *testing.T) {
	for _, c := range []struct {
		name string
		at   time.Time
	}{
		{"after the week's time", utc(2027, 3, 25, 20, 0)}, // Thu 16:00 in New York
		{"before the change", utc(2027, 3, 22, 16, 0)},     // Mon 12:00 in New York
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.clock.Set(c.at)
			e.settle()
			e.pairAliceAndBob()
			want := map[string]string{
				alice: "`/mentor meet @bob weekly thu 15:00` (or `biweekly`, `monthly first tue 15:00`)",
				bob:   "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`)",
			}
			for _, u := range []string{alice, bob} {
				m := e.waitDM(u, "Welcome to mentoring")
				if text := blockText(m.Blocks); !strings.Contains(text, want[u]) {
					t.Errorf("%s's welcome: want %q in\n%s", u, want[u], text)
				}
			}
			if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`") {
				t.Errorf("bob's /mentor next: %s", got)
			}
			// Typed as suggested, each sets its meetings without a warning.
			for _, when := range []string{"monthly first tue 13:30", "weekly thu 13:30"} {
				if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> "+when); !strings.Contains(got, "are set") || strings.Contains(got, ":warning:") || strings.Contains(got, "night") {
					t.Errorf("bob's example %q, typed: %s", when, got)
				}
			}
		})
	}
}
