package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

// A snooze the end cut short no longer says the nudges "resume by
// themselves then", next to "your pair ended": nothing resumes. Its ended
// line says the end came first.
func TestEndedPairsSnoozeCutShortSaysNothingResumes(t *testing.T) {
	e := meetEnv(t) // alice (Berlin) mentors bob (New York)
	p := e.meetPair()
	e.advance(time.Minute)
	if got := e.cmd(alice, "/mentor", "snooze <@UBOB|bob> 3w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("alice's snooze: %q", got)
	}
	e.settle()
	snooze := e.sentKey(t, p.ID, "snooze", bob)
	e.advance(24 * time.Hour)
	if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.settle()
	e.endedDMSays(t, snooze, alice, "<@UALICE> snoozed the nudges and check-ins of your mentoring pair until ")
	m, _ := e.sim.LookupMessage(snooze.Channel, snooze.TS)
	shown := blockText(m.Blocks)
	if strings.Contains(m.Text+shown, "resume by themselves") {
		t.Errorf("after the end, bob's DM of a snooze the end cut short says it resumes:\ntext %q\n%s", m.Text, shown)
	}
	if !strings.Contains(shown, ", before the snooze ran out, so nothing resumes.") || strings.Contains(shown, "meetings won't take place") {
		t.Errorf("after the end, bob's DM of the snooze:\n%s", shown)
	}
}

// A reminder that a resume put back on ("takes place after all", with
// its Add agenda item button) loses its hint and button at the end, once
// its meeting has passed, as the reminders outdated otherwise do.
func TestEndedPairsReminderBackOnLosesItsHintAndButton(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
		t.Fatalf("alice's meet: %q", got)
	}
	e.advance(37 * time.Hour)
	rems := map[string]string{alice: bob, bob: alice} // to: partner
	if got := e.cmd(alice, "/mentor", "pause <@UBOB|bob>"); !strings.Contains(got, "Paused your meetings") {
		t.Fatalf("alice's pause: %q", got)
	}
	e.settle()
	if got := e.cmd(alice, "/mentor", "resume <@UBOB|bob>"); !strings.Contains(got, "Resumed your meetings") {
		t.Fatalf("alice's resume: %q", got)
	}
	e.settle()
	for to := range rems {
		n := e.sentKey(t, p.ID, scheduler.KindReminder, to)
		if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, "takes place after all") || !hasActions(m) {
			t.Fatalf("before the end, %s's reminder: %q %s", to, m.Text, blockText(m.Blocks))
		}
	}
	e.advance(48 * time.Hour) // the meeting passes
	if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.settle()
	for to, partner := range rems {
		n := e.sentKey(t, p.ID, scheduler.KindReminder, to)
		e.endedDMSays(t, n, partner, "Your meeting with <@"+partner+"> of ")
		if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, "takes place after all.") {
			t.Errorf("after the end, %s's reminder lost its news: %q", to, blockText(m.Blocks))
		}
	}
	noFailures(t, e)
}

// The partner's DM of a snooze, in flight (held by Slack's 429) when the
// pair ends, is edited once it is recorded as sent, as it would have been
// had it gone before the end.
func TestEndedPairsSnoozeDMInFlightIsEdited(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.advance(time.Minute)
	e.settle()
	posts := len(e.sim.CallsTo("chat.postMessage"))
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 2*time.Second)
	if got := e.cmd(alice, "/mentor", "snooze <@UBOB|bob> 3w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("alice's snooze: %q", got)
	}
	e.eventually("the snooze DM to be tried", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	release()
	e.settle()
	snooze := e.sentKey(t, p.ID, "snooze", bob)
	e.endedDMSays(t, snooze, alice, "<@UALICE> snoozed the nudges and check-ins of your mentoring pair until ")
	noFailures(t, e)
}

// A reminder a resume put back on is drawn again when its agenda changes,
// as any reminder of a meeting that takes place is: an item added after
// the resume shows in it.
func TestReminderBackOnShowsAnItemAddedAfterTheResume(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
		t.Fatalf("alice's meet: %q", got)
	}
	e.advance(37 * time.Hour)
	if got := e.cmd(alice, "/mentor", "pause <@UBOB|bob>"); !strings.Contains(got, "Paused your meetings") {
		t.Fatalf("alice's pause: %q", got)
	}
	e.settle()
	if got := e.cmd(alice, "/mentor", "resume <@UBOB|bob>"); !strings.Contains(got, "Resumed your meetings") {
		t.Fatalf("alice's resume: %q", got)
	}
	e.settle()
	if got := e.cmd(bob, "/mentor", "agenda the conference talk outline"); !strings.Contains(got, "conference talk outline") {
		t.Fatalf("bob's agenda item: %q", got)
	}
	e.settle()
	n := e.sentKey(t, p.ID, scheduler.KindReminder, alice)
	if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, "conference talk outline") {
		t.Errorf("alice's reminder, put back on by the resume, does not show bob's new item:\n%q\n%s", m.Text, blockText(m.Blocks))
	}
	noFailures(t, e)
}
