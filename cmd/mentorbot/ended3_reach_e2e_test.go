package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UCAROL|carol>")
	p, weekly := e.livePairOf(alice, bob), e.livePairOf(erin, carol)
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
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	if got := e.cmd(erin, "/mentor", "end <@UCAROL|carol>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
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
			e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UFARID|farid>")
			p := e.livePairOf(erin, farid)
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
			if got := e.cmd(erin, "/mentor", "end <@UFARID|farid>"); !strings.Contains(got, "has ended") {
				t.Fatalf("/mentor end: %q", got)
			}
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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	p := e.livePairOf(alice, bob)
	if got := e.cmd(bob, "/mentor", "meet <@UALICE|alice> biweekly thu 09:00"); !strings.Contains(got, "every other Thursday") {
		t.Fatalf("bob's meet: %q", got)
	}
	e.settle()
	set := e.sentKey(t, p.ID, "meeting_set", alice)

	e.advance(768 * time.Hour)
	pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
	pgWait(e, bob, "your data is deleted")
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
