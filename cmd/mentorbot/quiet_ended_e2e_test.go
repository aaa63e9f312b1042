package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/scheduler"
)

// The audit's finding: a quiet-pair nudge that names the next meeting
// ("Your next meeting, Thu 25 Feb …, is a while away", with /mentor move,
// snooze and end) was left as it was when the pair ended, since it has
// no buttons, and read as if that meeting would still take place. At the
// end it keeps its first sentence and says the pair ended, as the other
// DMs that tell how the pair goes on do.
func TestQuietPairNudgeNamingAMeetingSaysThePairEnded(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2027-02-25 15:00"); !strings.Contains(got, "25 Feb 2027") {
		t.Fatalf("meet: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(31 * 24 * time.Hour))
	for _, u := range []string{alice, bob} {
		if got := e.dms(u, "is a while away"); len(got) != 1 {
			t.Fatalf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
		}
	}
	e.endPair(bob, alice)
	e.settle()
	for _, u := range []string{alice, bob} {
		n := e.sentKey(t, p.ID, scheduler.KindQuietPair, u)
		e.eventually(u+"'s quiet-pair nudge to say the pair ended", func() bool {
			m, _ := e.sim.LookupMessage(n.Channel, n.TS)
			return contains(m, "ended on") && !contains(m, "is a while away")
		}, func() string {
			m, _ := e.sim.LookupMessage(n.Channel, n.TS)
			return m.Text + "\n" + blockText(m.Blocks)
		})
		e.endedDMSays(t, e.sentKey(t, p.ID, scheduler.KindQuietPair, u), p.Partner(u), "since you and <@"+p.Partner(u)+"> were paired")
		m, _ := e.sim.LookupMessage(n.Channel, n.TS)
		if !contains(m, "its meetings won't take place") {
			t.Errorf("%s's nudge does not say the meeting it named won't take place: %s", u, blockText(m.Blocks))
		}
	}
}

// A quiet-pair nudge with no meeting to name offers to schedule one, to
// snooze and to end the pair, which an ended pair refuses: it keeps its
// first sentence too, and says the pair ended, without a word of
// meetings it never named.
func TestQuietPairNudgeSaysThePairEnded(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.schedWalk(e.clock.Now().Add(31 * 24 * time.Hour))
	for _, u := range []string{alice, bob} {
		if got := e.dms(u, "Schedule your next meeting"); len(got) != 1 {
			t.Fatalf("%s's quiet-pair nudges:%s", u, e.describeDMs(u))
		}
	}
	e.endPair(alice, bob)
	e.settle()
	for _, u := range []string{alice, bob} {
		n := e.sentKey(t, p.ID, scheduler.KindQuietPair, u)
		e.eventually(u+"'s quiet-pair nudge to say the pair ended", func() bool {
			m, _ := e.sim.LookupMessage(n.Channel, n.TS)
			return contains(m, "ended on")
		})
		e.endedDMSays(t, e.sentKey(t, p.ID, scheduler.KindQuietPair, u), p.Partner(u), "since you and <@"+p.Partner(u)+"> were paired")
		if m, _ := e.sim.LookupMessage(n.Channel, n.TS); contains(m, "meetings won't take place") || contains(m, "Schedule") {
			t.Errorf("%s's nudge after the end: %s", u, blockText(m.Blocks))
		}
	}
}

// A nudge sent more than a month before the end (bot.endedReach) is
// edited only when the meeting it named is still ahead at the end, as a
// DM that listed the pair's meetings is; one that named none is left.
func TestOldQuietPairNudgeIsEditedWhenItsMeetingIsAhead(t *testing.T) {
	for _, c := range []struct {
		name   string
		meet   string
		edited bool
	}{{"a meeting after the end", "meet <@UBOB|bob> 2027-02-25 15:00", true}, {"no meeting", "", false}} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			p := e.pair(alice, bob)
			if c.meet != "" {
				e.cmd(alice, "/mentor", c.meet)
			}
			e.schedWalk(e.clock.Now().Add(31 * 24 * time.Hour))
			n := e.sentKey(t, p.ID, scheduler.KindQuietPair, bob)
			was, _ := e.sim.LookupMessage(n.Channel, n.TS)
			e.schedWalk(n.SentAt.Add(endedReachE2E + 24*time.Hour))
			if got := e.dms(bob, "since you and"); len(got) != 1 {
				t.Fatalf("bob's quiet-pair nudges:%s", e.describeDMs(bob))
			}
			e.endPair(alice, bob)
			e.settle()
			e.idle()
			if !c.edited {
				if m, _ := e.sim.LookupMessage(n.Channel, n.TS); m.Text != was.Text || string(m.Blocks) != string(was.Blocks) {
					t.Errorf("bob's old nudge, naming no meeting, was edited: %s", blockText(m.Blocks))
				}
				return
			}
			e.eventually("bob's old quiet-pair nudge to say the pair ended", func() bool {
				m, _ := e.sim.LookupMessage(n.Channel, n.TS)
				return contains(m, "ended on") && !contains(m, "is a while away")
			})
			e.endedDMSays(t, e.sentKey(t, p.ID, scheduler.KindQuietPair, bob), alice, "since you and <@UALICE> were paired")
		})
	}
}
