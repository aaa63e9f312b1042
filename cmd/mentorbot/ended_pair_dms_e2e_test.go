package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// endedReachE2E is how far back an ended pair's DMs are all read back
// (bot.endedReach).
const endedReachE2E = 30 * 24 * time.Hour

// endedDMSays checks that DM n, after its pair's end, says first (its
// news, as it was), that the pair ended, and no command: each would only
// be refused now. The preview too.
func (e *env) endedDMSays(t *testing.T, n store.Notification, partner, first string) {
	t.Helper()
	m, _ := e.sim.LookupMessage(n.Channel, n.TS)
	shown := blockText(m.Blocks)
	if strings.Contains(m.Text+shown, "/mentor ") {
		t.Errorf("after the end, %s still offers a command:\ntext %q\n%s", n.Key, m.Text, shown)
	}
	ended := "Your pair with <@" + partner + "> ended on <!date^"
	if !strings.Contains(shown, first) || !strings.Contains(shown, ended) {
		t.Errorf("after the end, %s:\n%s\nwant %q and %q", n.Key, shown, first, ended)
	}
	if !strings.Contains(m.Text, first) || !strings.Contains(m.Text, "ended on") {
		t.Errorf("after the end, %s has the preview %q", n.Key, m.Text)
	}
	if hasActions(m) {
		t.Errorf("after the end, %s has buttons:\n%s", n.Key, shown)
	}
	if n := e.sentKey(t, n.PairID, n.Kind, n.RecipientID); n.LastError != store.NoteEnded {
		t.Errorf("%s is not marked: %q", n.Key, n.LastError)
	}
}

// A pair paused, then snoozed, then ended once the paused meeting has
// passed: the partner's DM of the snooze, and the reminders and agenda
// prompt the pause outdated, no longer say how to resume the meetings or
// end the snooze, which an ended pair can't, but that it ended; each keeps
// its first sentence. outdateMeetingDMs leaves a DM alone once its meeting
// has passed, so the end's edit is what takes their hints away. So for
// DMs of the pause in force at the end more than a month old.
func TestEndedPairsSnoozeAndOutdatedDMsLoseTheirHints(t *testing.T) {
	for _, c := range []struct {
		name  string
		after time.Duration // from the pause to the end
	}{{"soon after", 48 * time.Hour}, {"past the reach", 48*time.Hour + 768*time.Hour}} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
			p := e.livePairOf(alice, carol)
			if got := e.cmd(alice, "/mentor", "meet <@UCAROL|carol> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
				t.Fatalf("alice's meet: %q", got)
			}
			// Tuesday evening: Wednesday's reminders and carol's agenda
			// prompt have gone.
			e.advance(37 * time.Hour)
			outdated := []struct {
				n       store.Notification
				partner string
			}{
				{e.sentKey(t, p.ID, scheduler.KindReminder, alice), carol},
				{e.sentKey(t, p.ID, scheduler.KindReminder, carol), alice},
				{e.sentKey(t, p.ID, scheduler.KindAgenda, carol), alice},
			}
			if got := e.cmd(carol, "/mentor", "pause <@UALICE|alice>"); !strings.Contains(got, "Paused your meetings") {
				t.Fatalf("carol's pause: %q", got)
			}
			if got := e.cmd(carol, "/mentor", "snooze <@UALICE|alice> 4w"); !strings.Contains(got, "Snoozed") {
				t.Fatalf("carol's snooze: %q", got)
			}
			e.settle()
			snooze := e.sentKey(t, p.ID, "snooze", alice)
			if m, _ := e.sim.LookupMessage(snooze.Channel, snooze.TS); !contains(m, "`/mentor resume @carol`") || !contains(m, "`/mentor snooze @carol off`") {
				t.Fatalf("before the end, alice's DM of the snooze: %q %s", m.Text, blockText(m.Blocks))
			}
			for _, o := range outdated {
				if m, _ := e.sim.LookupMessage(o.n.Channel, o.n.TS); !contains(m, "`/mentor resume @"+strings.ToLower(o.partner[1:])+"`") {
					t.Fatalf("before the end, %s: %q %s", o.n.Key, m.Text, blockText(m.Blocks))
				}
			}

			e.advance(c.after)
			reads := len(e.sim.CallsTo("conversations.history"))
			if got := e.cmd(alice, "/mentor", "end <@UCAROL|carol>"); !strings.Contains(got, "has ended") {
				t.Fatalf("/mentor end: %q", got)
			}
			e.settle()
			// Read back with the pair's other DMs: each member's channel
			// once. Past the reach, those of the pause in force alone,
			// each by itself: alice's DMs of the pause and the snooze, and
			// the three outdated.
			reads = len(e.sim.CallsTo("conversations.history")) - reads
			if want := map[bool]int{false: 2, true: 5}[c.after > endedReachE2E]; reads > want {
				t.Errorf("the end read back DMs %d times, want %d at most", reads, want)
			}

			e.endedDMSays(t, snooze, carol, "<@UCAROL> snoozed the nudges and check-ins of your mentoring pair until ")
			// Soon after, the end cut the snooze short: nothing resumes.
			// Past the reach, it had run out, and they did.
			m, _ := e.sim.LookupMessage(snooze.Channel, snooze.TS)
			cutShort := c.after < 4*7*24*time.Hour
			if shown := blockText(m.Blocks); strings.Contains(shown, "; they resume by themselves then.") == cutShort ||
				strings.Contains(shown, ", before the snooze ran out, so nothing resumes.") != cutShort {
				t.Errorf("after the end, alice's DM of the snooze (cut short: %v):\n%s", cutShort, shown)
			}
			for _, o := range outdated {
				e.endedDMSays(t, o.n, o.partner, "Your meetings with <@"+o.partner+"> are paused, so the one of ")
				m, _ := e.sim.LookupMessage(o.n.Channel, o.n.TS)
				if shown := blockText(m.Blocks); strings.Contains(m.Text+shown, "unless they are resumed") || !strings.Contains(shown, " won't take place.") {
					t.Errorf("after the end, %s:\ntext %q\n%s", o.n.Key, m.Text, shown)
				}
			}
			noFailures(t, e)
		})
	}
}

// A skipped meeting's reminder, once the meeting has passed, still said
// how to see the one after: the end takes that away too.
func TestEndedPairsSkippedReminderLosesItsHint(t *testing.T) {
	e := meetEnv(t) // alice (Berlin) mentors bob (New York)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
		t.Fatalf("alice's meet: %q", got)
	}
	e.advance(37 * time.Hour)
	rem := e.sentKey(t, p.ID, scheduler.KindReminder, alice)
	if got := e.cmd(bob, "/mentor", "skip <@UALICE|alice>"); !strings.Contains(got, "kipped") {
		t.Fatalf("bob's skip: %q", got)
	}
	e.settle()
	if m, _ := e.sim.LookupMessage(rem.Channel, rem.TS); !contains(m, "`/mentor next @bob`") {
		t.Fatalf("before the end, alice's reminder: %q %s", m.Text, blockText(m.Blocks))
	}
	e.advance(48 * time.Hour)
	if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.settle()
	e.endedDMSays(t, rem, bob, "Your meeting with <@UBOB> of ")
}

// Only the pause in force at the end tells of what the end called off: a
// DM more than a month old of a pause resumed since (bob's DM of the
// pause, alice's reminder it outdated) is history, and left as it was;
// the DM of the later pause, in force at the end, is edited.
func TestEndedPairsOldPauseResumedSinceIsLeftAlone(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
		t.Fatalf("alice's meet: %q", got)
	}
	e.advance(37 * time.Hour)
	rem := e.sentKey(t, p.ID, scheduler.KindReminder, alice)
	pausedDMs := func() []store.Notification {
		ns, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: p.ID, Kind: "meetings_paused", RecipientID: bob, Status: store.NoteSent})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused your meetings") {
		t.Fatalf("alice's pause: %q", got)
	}
	e.advance(48 * time.Hour) // the paused meeting passes
	if got := e.cmd(alice, "/mentor", "resume"); !strings.Contains(got, "Resumed your meetings") {
		t.Fatalf("alice's resume: %q", got)
	}
	e.advance(768 * time.Hour)
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused your meetings") {
		t.Fatalf("alice's second pause: %q", got)
	}
	e.settle()
	ns := pausedDMs()
	if len(ns) != 2 {
		t.Fatalf("bob's DMs of the pauses: %+v", ns)
	}
	olds := map[string]store.Notification{"bob's DM of the first pause": ns[0], "alice's reminder of the paused meeting": rem}
	was := map[string]slacksim.Message{}
	for what, n := range olds {
		m, _ := e.sim.LookupMessage(n.Channel, n.TS)
		if !contains(m, "`/mentor resume @") {
			t.Fatalf("%s: %q %s", what, m.Text, blockText(m.Blocks))
		}
		was[what] = m
	}
	e.advance(24 * time.Hour)
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.settle()

	for what, n := range olds {
		now, _ := e.sim.LookupMessage(n.Channel, n.TS)
		if old := was[what]; now.Text != old.Text || !bytes.Equal(now.Blocks, old.Blocks) || now.Updated != old.Updated {
			t.Errorf("%s, of a pause resumed since, more than a month old, was edited:\ntext %q\n%s", what, now.Text, blockText(now.Blocks))
		}
	}
	if n := pausedDMs()[0]; n.LastError != "" {
		t.Errorf("bob's DM of a pause resumed since is marked %q", n.LastError)
	}
	m, _ := e.sim.LookupMessage(ns[1].Channel, ns[1].TS)
	if shown := blockText(m.Blocks); strings.Contains(m.Text+shown, "/mentor resume") || !strings.Contains(shown, "Your pair with <@UALICE> ended on <!date^") {
		t.Errorf("after the end, bob's DM of the pause in force:\ntext %q\n%s", m.Text, shown)
	}
}
