package main

import (
	"bytes"
	"regexp"
	"strconv"
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

// dateTokenRe is a time the bot writes as Slack's date token.
var dateTokenRe = regexp.MustCompile(`<!date\^([0-9]+)\^`)

// timesAfter are the times after t that shown names as date tokens (the
// end's own, in the line that says the pair ended, is not).
func timesAfter(shown string, t time.Time) []time.Time {
	var out []time.Time
	for _, m := range dateTokenRe.FindAllStringSubmatch(shown, -1) {
		u, _ := strconv.ParseInt(m[1], 10, 64)
		if at := time.Unix(u, 0); at.After(t) {
			out = append(out, at.UTC())
		}
	}
	return out
}

// A pair sets its meetings once, near its start, so at its end the DM
// that listed them is often more than a month old: it still loses the
// meetings it lists after the end, and its button. A biweekly pair's DM
// lists eight weeks ahead; it used to be left as it was, past the reach
// kept for taking buttons off. A DM that old which names no meeting after
// the end (a weekly pair's, four weeks ahead) is still left alone, so
// that an end does not read back a long pair's every DM.
func TestEndedPairsOldMeetingSetDMLosesMeetingsAfterTheEnd(t *testing.T) {
	e := newEnv(t)
	p, weekly := e.pair(alice, bob), e.pair(erin, carol)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> biweekly thu 15:00"); !strings.Contains(got, "every other Thursday") {
		t.Fatalf("alice's meet: %q", got)
	}
	if got := e.cmd(erin, "/mentor", "meet <@UCAROL|carol> weekly thu 09:00"); !strings.Contains(got, "every Thursday") {
		t.Fatalf("erin's meet: %q", got)
	}
	e.settle()
	set, old := e.sentKey(t, p.ID, "meeting_set", bob), e.sentKey(t, weekly.ID, "meeting_set", carol)
	oldWas, _ := e.sim.LookupMessage(old.Channel, old.TS)

	e.advance(768 * time.Hour)
	e.endPair(alice, bob)
	e.endPair(erin, carol)
	e.settle()
	ended := pgLoadPair(e, p.ID).EndedAt

	m, _ := e.sim.LookupMessage(set.Channel, set.TS)
	shown := blockText(m.Blocks)
	if after := timesAfter(m.Text+shown, ended); len(after) > 0 {
		t.Errorf("bob's meeting-set DM still names meetings after the end (%v), at %v:\ntext %q\n%s", ended, after, m.Text, shown)
	}
	if hasActions(m) {
		t.Errorf("bob's meeting-set DM keeps its button:\n%s", shown)
	}
	if !strings.Contains(shown, "<@UALICE> set your meetings: every other Thursday") || !strings.Contains(shown, "*Then:* ") ||
		!strings.Contains(shown, "Your pair with <@UALICE> ended on <!date^") || !strings.Contains(shown, "its meetings won't take place") {
		t.Errorf("bob's meeting-set DM after the end:\n%s", shown)
	}
	if !strings.Contains(m.Text, "ended on") {
		t.Errorf("bob's meeting-set DM's preview does not say the pair ended: %q", m.Text)
	}
	if n := e.sentKey(t, p.ID, "meeting_set", bob); n.LastError != store.NoteEnded {
		t.Errorf("bob's meeting-set DM is not marked: %q", n.LastError)
	}

	// Carol's, which named none after the end, is as it was.
	oldNow, _ := e.sim.LookupMessage(old.Channel, old.TS)
	if len(timesAfter(blockText(oldWas.Blocks), pgLoadPair(e, weekly.ID).EndedAt)) > 0 {
		t.Fatalf("carol's weekly meeting-set DM names a meeting after the end:\n%s", blockText(oldWas.Blocks))
	}
	if oldNow.Text != oldWas.Text || !bytes.Equal(oldNow.Blocks, oldWas.Blocks) || oldNow.Updated != oldWas.Updated {
		t.Errorf("carol's month-old meeting-set DM, naming no meeting after the end, was edited:\n%s", blockText(oldNow.Blocks))
	}
	noFailures(t, e)
}

// A pair paused and then ended: the partner's DM of the pause no longer
// says how to resume, which an ended pair can't, but that the pair ended
// and its meetings won't take place; its first sentence stays. So for a
// pause of more than a month, the one in force when the pair ended.
func TestEndedPairsPausedDMLosesItsResumeHint(t *testing.T) {
	for _, c := range []struct {
		name  string
		pause time.Duration // how long the pair stays paused before the end
	}{{"at once", 0}, {"after a long pause", 768 * time.Hour}} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.sim.AddUser(slacksim.User{ID: farid, Name: "farid", RealName: "Farid Khan", TZ: "Asia/Kolkata"})
			p := e.pair(erin, farid)
			if got := e.cmd(erin, "/mentor", "meet <@UFARID|farid> weekly tue 09:00"); !strings.Contains(got, "every Tuesday") {
				t.Fatalf("erin's meet: %q", got)
			}
			if got := e.cmd(erin, "/mentor", "pause"); !strings.Contains(got, "Paused your meetings") {
				t.Fatalf("erin's pause: %q", got)
			}
			e.settle()
			n := e.sentKey(t, p.ID, "meetings_paused", farid)
			if was, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(was, "`/mentor resume @erin`") {
				t.Fatalf("before the end, farid's DM of the pause: %q %s", was.Text, blockText(was.Blocks))
			}
			e.advance(c.pause)
			e.endPair(erin, farid)
			e.settle()
			if got := e.cmd(farid, "/mentor", "resume <@UERIN|erin>"); !strings.Contains(got, "ended on") {
				t.Fatalf("farid's /mentor resume of the ended pair: %q", got)
			}

			m, _ := e.sim.LookupMessage(n.Channel, n.TS)
			shown := blockText(m.Blocks)
			for _, gone := range []string{"/mentor resume", "until one of you types"} {
				if strings.Contains(m.Text+shown, gone) {
					t.Errorf("after the end, farid's DM of the pause still says %q:\ntext %q\n%s", gone, m.Text, shown)
				}
			}
			if !strings.Contains(shown, "<@UERIN> paused your meetings.") ||
				!strings.Contains(shown, "Your pair with <@UERIN> ended on <!date^") || !strings.Contains(shown, "its meetings won't take place") {
				t.Errorf("after the end, farid's DM of the pause:\n%s", shown)
			}
			if !strings.Contains(m.Text, "<@UERIN> paused your meetings.") || !strings.Contains(m.Text, "ended on") {
				t.Errorf("after the end, farid's DM of the pause has the preview %q", m.Text)
			}
			if n := e.sentKey(t, p.ID, "meetings_paused", farid); n.LastError != store.NoteEnded {
				t.Errorf("farid's DM of the pause is not marked: %q", n.LastError)
			}
			noFailures(t, e)
		})
	}
}

// The same, when the pair ends by /mentor forget, which blanks the stored
// copies of the pair's DMs: alice's month-old DM of the meetings bob set
// still loses those after the end, and its button.
func TestForgottenPartnersOldMeetingSetDMLosesMeetingsAfterTheEnd(t *testing.T) {
	e := newEnv(t)
	p := e.pair(alice, bob)
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> biweekly thu 09:00"); !strings.Contains(got, "every other Thursday") {
		t.Fatalf("bob's meet: %q", got)
	}
	e.settle()
	set := e.sentKey(t, p.ID, "meeting_set", alice)

	e.advance(768 * time.Hour)
	pgForget(e, bob)
	e.settle()
	ended := pgLoadPair(e, p.ID).EndedAt
	if ended.IsZero() {
		t.Fatal("the forget did not end the pair")
	}
	m, _ := e.sim.LookupMessage(set.Channel, set.TS)
	shown := blockText(m.Blocks)
	if after := timesAfter(m.Text+shown, ended); len(after) > 0 || hasActions(m) {
		t.Errorf("alice's meeting-set DM names meetings after the end (%v) at %v, or keeps its button:\ntext %q\n%s", ended, after, m.Text, shown)
	}
	if !strings.Contains(shown, "<@UBOB> set your meetings: every other Thursday") || !strings.Contains(shown, "Your pair with <@UBOB> ended on <!date^") {
		t.Errorf("alice's meeting-set DM after the forget:\n%s", shown)
	}
	noFailures(t, e)
}

// A one-off meeting moved, and then the pair ended before it: bob's DM of
// the move says where it went, and now that it won't take place. It used
// to be left as it was, naming a meeting to come.
func TestEndedPairsMovedOneOffSaysItWontTakePlace(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00")
	e.cmd(alice, "/mentor", "move <@UBOB|bob> 2026-11-06 16:00")
	e.settle()
	n := e.sentKey(t, p.ID, "meeting_moved", bob)

	e.clock.Set(schedAt("2026-11-03 10:00"))
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	m, _ := e.sim.LookupMessage(n.Channel, n.TS)
	shown := blockText(m.Blocks)
	moved := "<@UALICE> moved your meeting from " + meetWhenToken("2026-11-05 14:00", "Thu 5 Nov 2026 at 09:00 EST") +
		" to *" + meetWhenToken("2026-11-06 15:00", "Fri 6 Nov 2026 at 10:00 EST") + "*, for 30 min. Its agenda goes with it."
	if !strings.Contains(shown, moved) {
		t.Errorf("bob's DM of the move lost what happened:\n%s", shown)
	}
	if !strings.Contains(shown, "ended on <!date^") || !strings.Contains(shown, "its meetings won't take place") || !strings.Contains(m.Text, "ended on") {
		t.Errorf("bob's DM of the move does not say the pair ended:\ntext %q\n%s", m.Text, shown)
	}
	noFailures(t, e)
}

// A meeting moved onto one of another pair's: the partner's DM warned of
// the overlap and said how to move it. Once the pair has ended, the
// warning goes whole: its hints would only be refused, and there is
// nothing left to overlap.
func TestEndedPairsMovedDMLosesItsClashWarning(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.pair(carol, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00")
	// Thu 12 Nov at 15:00 UTC: 00:00 on the 13th in Tokyo, 16:00 in Berlin.
	e.cmd(carol, "/mentor", "meet <@UBOB|bob> 2026-11-13 00:00")
	e.cmd(alice, "/mentor", "move <@UBOB|bob> 2026-11-12 16:00")
	e.settle()
	n := e.sentKey(t, p.ID, "meeting_moved", bob)
	if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, ":warning: Heads-up") || !contains(m, "`/mentor move @alice`") {
		t.Fatalf("before the end, bob's DM of the move has no warning of the overlap:\n%s", blockText(m.Blocks))
	}

	e.clock.Set(schedAt("2026-11-03 10:00"))
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	m, _ := e.sim.LookupMessage(n.Channel, n.TS)
	shown := blockText(m.Blocks)
	for _, gone := range []string{"Heads-up", "overlaps", "/mentor move", "/mentor meet"} {
		if strings.Contains(m.Text+shown, gone) {
			t.Errorf("after the end, bob's DM of the move still says %q:\ntext %q\n%s", gone, m.Text, shown)
		}
	}
	if !strings.Contains(shown, "<@UALICE> moved your meeting from") || !strings.Contains(shown, "its meetings won't take place") {
		t.Errorf("after the end, bob's DM of the move:\n%s", shown)
	}
	noFailures(t, e)
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
			p := e.pair(alice, carol)
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
			e.endPair(alice, carol)
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
	e.endPair(bob, alice)
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
	e.endPair(alice, bob)
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
	e.endPair(bob, alice)
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
	e.endPair(bob, alice)
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
	e.endPair(bob, alice)
	release()
	e.settle()
	snooze := e.sentKey(t, p.ID, "snooze", bob)
	e.endedDMSays(t, snooze, alice, "<@UALICE> snoozed the nudges and check-ins of your mentoring pair until ")
	noFailures(t, e)
}
