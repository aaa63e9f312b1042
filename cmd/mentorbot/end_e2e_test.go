package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// endedLine is what a DM of an ended pair says under what it said.
const endedLine = "has ended, so its button"

// hasActions reports whether a message's blocks have an actions block or
// a button beside a section.
func hasActions(m slacksim.Message) bool {
	var blocks []map[string]any
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		return false
	}
	for _, b := range blocks {
		if b["type"] == "actions" || b["accessory"] != nil {
			return true
		}
	}
	return false
}

// sectionTexts are the texts of a message's section blocks.
func sectionTexts(m slacksim.Message) []string {
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	_ = json.Unmarshal(m.Blocks, &blocks)
	var out []string
	for _, b := range blocks {
		if b.Type == "section" && b.Text.Text != "" {
			out = append(out, b.Text.Text)
		}
	}
	return out
}

// When a pair ends, the DMs sent about it lose the buttons that would now
// only be refused — the meetings-set note, the good-fit check, the
// follow-ups, the reminders of a meeting held — and the hints on using
// them, each keeping what it said and saying why, edited once, with
// nothing sent anew. A DM answered in
// place keeps its answer, and the DMs of the partner's other pair are
// left alone.
func TestEndedPairsDMsLoseTheirButtons(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(carol, bob)
	pairWith := func(other string) store.Pair {
		ps, _ := e.app.DB.PairsOf(e.ctx, other, false)
		if len(ps) != 1 {
			t.Fatalf("pairs of %s: %+v", other, ps)
		}
		return ps[0]
	}
	p, other := pairWith(alice), pairWith(carol)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00"); !strings.Contains(got, "every Thursday") {
		t.Fatalf("alice's meet: %q", got)
	}
	if got := e.cmd(carol, "/mentor", "meet <@UBOB> weekly fri 09:00"); !strings.Contains(got, "every Friday") {
		t.Fatalf("carol's meet: %q", got)
	}
	if got := e.cmd(alice, "/session", "log <@UBOB> first chat: goals and rhythm"); !strings.Contains(got, "#") {
		t.Fatalf("session log: %q", got)
	}
	e.settle()
	// alice answers her good-fit check; bob leaves his.
	afit := e.schedDM(fmt.Sprintf("%s:pair=%d:to=%s", scheduler.KindFit, p.ID, alice))
	e.schedClick(alice, afit, "notify_fit_yes")
	e.schedWaitMessage(afit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Great") })
	// Thursday's meeting (14:00 UTC) is held and not logged: its
	// follow-ups go at 15:30.
	e.schedWalk(schedAt("2026-11-05 16:00"))

	sentOf := func(pairID int64) []store.Notification {
		ns, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: pairID, Status: store.NoteSent})
		if err != nil {
			t.Fatal(err)
		}
		return ns
	}
	msgOf := func(n store.Notification) slacksim.Message {
		m, ok := e.sim.LookupMessage(n.Channel, n.TS)
		if !ok {
			t.Fatalf("%s is not in Slack", n.Key)
		}
		return m
	}
	before := map[string]slacksim.Message{}
	kinds := map[string]int{}
	for _, n := range append(sentOf(p.ID), sentOf(other.ID)...) {
		m := msgOf(n)
		before[n.Key] = m
		if n.PairID == p.ID && hasActions(m) {
			kinds[n.Kind+":"+n.RecipientID]++
		}
	}
	for _, want := range []string{"meeting_set:" + bob, "fit_check:" + bob, "followup:" + alice, "followup:" + bob, "reminder:" + bob, "agenda_prompt:" + bob} {
		if kinds[want] == 0 {
			t.Fatalf("before the end, no %s DM with buttons; those with buttons: %v", want, kinds)
		}
	}
	if kinds["fit_check:"+alice] != 0 {
		t.Fatal("alice's answered good-fit check still has its buttons")
	}
	seq := int64(0)
	for _, m := range e.sim.Messages() {
		seq = max(seq, m.Seq)
	}
	updates := len(e.sim.CallsTo("chat.update"))

	e.endPair(alice, bob)
	e.settle()

	edits := map[string]int{} // chat.update calls by ts, since the end
	for _, c := range e.sim.CallsTo("chat.update")[updates:] {
		edits[c.Params.Get("ts")]++
	}
	for _, n := range sentOf(p.ID) {
		was, ok := before[n.Key]
		if !ok {
			continue // sent since: the note of the end
		}
		now := msgOf(n)
		// A begun meeting's reminders and agenda prompt keep what they
		// had: their buttons were spent when it began, before the end.
		if !hasActions(was) || !retiredAtEnd(n) {
			if now.Text != was.Text || !bytes.Equal(now.Blocks, was.Blocks) {
				t.Errorf("%s had no buttons, yet changed:\n%s\nnow:\n%s", n.Key, blockText(was.Blocks), blockText(now.Blocks))
			}
			continue
		}
		shown := blockText(now.Blocks)
		line := fmt.Sprintf("Your pair with <@%s> %s", p.Partner(n.RecipientID), endedLine)
		if n.Kind == "meeting_set" {
			// It also loses the meetings to come, and says when the pair
			// ended (render_previews_e2e_test.go).
			line = fmt.Sprintf("Your pair with <@%s> ended on ", p.Partner(n.RecipientID))
		}
		if hasActions(now) || !strings.Contains(shown, line) {
			t.Errorf("%s after the end:\n%s", n.Key, shown)
		}
		// Its hints on acting on it go: a session of an ended pair can't
		// be logged.
		if n.Kind == scheduler.KindFollowup && strings.Contains(shown, "/session log") {
			t.Errorf("%s still suggests /session log:\n%s", n.Key, shown)
		}
		// What it said stays.
		if n.Kind == "meeting_set" {
			// All but its meetings to come (render_previews_e2e_test.go).
			if edits[n.TS] != 1 {
				t.Errorf("%s was edited %d times, want once", n.Key, edits[n.TS])
			}
			continue
		}
		if now.Text != was.Text {
			t.Errorf("%s's text changed from %q to %q", n.Key, was.Text, now.Text)
		}
		for _, said := range sectionTexts(was) {
			if !strings.Contains(shown, said) {
				t.Errorf("%s lost %q; now:\n%s", n.Key, said, shown)
			}
		}
		if edits[n.TS] != 1 {
			t.Errorf("%s was edited %d times, want once", n.Key, edits[n.TS])
		}
	}
	if m := msgOf(e.sentKey(t, p.ID, scheduler.KindFit, alice)); !strings.Contains(m.Text, "Great") || strings.Contains(blockText(m.Blocks), endedLine) {
		t.Errorf("alice's answered good-fit check: %s %s", m.Text, blockText(m.Blocks))
	}

	// bob's other pair is untouched: its meetings-set note keeps its button.
	for _, n := range sentOf(other.ID) {
		was, now := before[n.Key], msgOf(n)
		if now.Text != was.Text || !bytes.Equal(now.Blocks, was.Blocks) || edits[n.TS] != 0 {
			t.Errorf("%s of bob's pair with carol changed:\n%s\nnow:\n%s", n.Key, blockText(was.Blocks), blockText(now.Blocks))
		}
	}
	if !hasActions(msgOf(e.sentKey(t, other.ID, "meeting_set", bob))) {
		t.Error("bob's meetings with carol lost their Add agenda item button")
	}

	// Nothing was sent anew but the note of the end to bob.
	var posted []string
	for _, m := range e.sim.Messages() {
		if m.Seq > seq && !m.Ephemeral && strings.HasPrefix(m.Channel, "D") {
			posted = append(posted, m.User+": "+m.Text)
		}
	}
	if len(posted) != 1 || !strings.HasPrefix(posted[0], bob+": <@UALICE> has ended your mentoring pair") {
		t.Errorf("sent after the end:\n%s", strings.Join(posted, "\n"))
	}
	// Each edited DM is marked, so another change edits none again.
	for _, n := range sentOf(p.ID) {
		if was, ok := before[n.Key]; ok && hasActions(was) && retiredAtEnd(n) && n.LastError != store.NoteEnded {
			t.Errorf("%s is not marked: %q", n.Key, n.LastError)
		}
	}
}

// retiredAtEnd reports whether DM n loses its buttons when its pair ends.
func retiredAtEnd(n store.Notification) bool {
	return n.Kind != scheduler.KindReminder && n.Kind != scheduler.KindAgenda
}

// sentKey is the sent DM of kind to user about pair pairID (the only one).
func (e *env) sentKey(t *testing.T, pairID int64, kind, user string) store.Notification {
	t.Helper()
	ns, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{PairID: pairID, Kind: kind, RecipientID: user, Status: store.NoteSent})
	if err != nil || len(ns) != 1 {
		t.Fatalf("sent %s to %s about pair %d: %+v, %v", kind, user, pairID, ns, err)
	}
	return ns[0]
}

// A follow-up rendered before the pair ended and posted after it, held by
// Slack's 429, loses its button once it is recorded as sent: the end's own
// pass over the pair's DMs found it still in flight.
func TestFollowupInFlightWhenThePairEndsLosesItsButton(t *testing.T) {
	e, p := moveEnv(t) // weekly on Thursday, 15:00 in Berlin: 14:00 UTC
	e.schedWalk(schedAt("2026-11-05 15:29"))
	held, wait := e.dispatchHeldBy429(schedAt("2026-11-05 15:30")) // the follow-ups fall due
	e.endPair(alice, bob)
	wait()
	at := schedAt("2026-11-05 14:00").Unix()
	for _, to := range []string{alice, bob} {
		k := fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, at, to)
		e.wantInFlightEdited(k, to, held, func(m slacksim.Message) bool {
			return !hasActions(m) && strings.Contains(blockText(m.Blocks), endedLine)
		})
	}
}

// /mentor end without @partner, by someone in one pair, asks first with a
// button that names the partner; pressing it ends that pair, in place, once.
func TestEndWithoutPartnerAsksThenEndsTheOnlyPair(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.settle()

	res := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "end")
	if res.Message == nil {
		t.Fatal("/mentor end: no answer")
	}
	ask := *res.Message
	// A second prompt, as when /mentor end is typed twice.
	res2 := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "end")
	if res2.Message == nil {
		t.Fatal("second /mentor end: no answer")
	}
	shown := ask.Text + "\n" + blockText(ask.Blocks)
	if strings.Contains(shown, "Usage") || !strings.Contains(shown, "End your mentoring pair with <@UALICE>?") ||
		!strings.Contains(shown, "End my pair with Alice Adams") || !strings.Contains(shown, "Cancel") {
		t.Fatalf("/mentor end answer = %q", shown)
	}
	if !pgLoadPair(e, p.ID).Live() {
		t.Fatal("/mentor end without a partner ended the pair before the button")
	}

	// Someone outside the pair pressing a forged button ends nothing and
	// learns nothing.
	if got := e.press(carol, "end_confirm", itoa(p.ID)); strings.Contains(got, "UALICE") || strings.Contains(got, "UBOB") || strings.Contains(got, "ended") {
		t.Errorf("carol's forged press answered %q", got)
	}
	if !pgLoadPair(e, p.ID).Live() {
		t.Fatal("carol's forged press ended the pair")
	}

	pgClick(e, bob, ask, "end_confirm")
	e.idle()
	done := e.schedWaitMessage(ask, func(m slacksim.Message) bool { return strings.Contains(m.Text, "has ended") })
	if strings.Contains(blockText(done.Blocks), "end_confirm") {
		t.Errorf("the ended prompt still has its buttons: %s", blockText(done.Blocks))
	}
	if pgLoadPair(e, p.ID).Live() {
		t.Fatal("the button did not end the pair")
	}
	e.settle()
	notes := e.dms(alice, "<@UBOB> has ended your mentoring pair")
	if n := len(notes); n != 1 {
		t.Fatalf("alice got %d notes of the end, want 1", n)
	}
	// Alice mentored Bob: the goals were his, and she sees them no more.
	if !contains(notes[0], "your notes of its sessions stay in `/session list`") || contains(notes[0], "your goals") {
		t.Errorf("alice's note of the end = %q; want it to say what a mentor keeps", notes[0].Text)
	}

	// Pressing the other prompt's button ends nothing twice and says so
	// in its place.
	pgClick(e, bob, *res2.Message, "end_confirm")
	e.idle()
	e.schedWaitMessage(*res2.Message, func(m slacksim.Message) bool { return strings.Contains(m.Text, "already ended") })
	e.settle()
	if n := len(e.dms(alice, "has ended your mentoring pair")); n != 1 {
		t.Errorf("alice got %d notes of the end after a second press, want 1", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestEndWithoutPartnerCancelEndsNothing(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	res := e.cmdIn(alice, e.dmChannel(alice), "/mentor", "end")
	if res.Message == nil {
		t.Fatal("no answer")
	}
	pgClick(e, alice, *res.Message, "end_cancel")
	e.idle()
	e.schedWaitMessage(*res.Message, func(m slacksim.Message) bool { return strings.Contains(m.Text, "haven't ended anything") })
	if !pgLoadPair(e, p.ID).Live() {
		t.Fatal("Cancel ended the pair")
	}
	// With the partner named it ends at once, as before.
	e.endPair(alice, bob)
	if pgLoadPair(e, p.ID).Live() {
		t.Fatal("/mentor end @bob did not end the pair")
	}
	if got := e.cmd(alice, "/mentor", "end bob"); !strings.Contains(got, "Usage: `/mentor end [@partner]`") {
		t.Errorf("/mentor end bob = %q", got)
	}
}

// Someone in several pairs who leaves the partner out is asked which pair
// to end, with buttons that say they end it: not the "which one?" picker,
// whose buttons would run `/mentor end @x` and end at once.
func TestEndWithoutPartnerInSeveralPairsAsksWhich(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	res := e.cmdIn(alice, e.dmChannel(alice), "/mentor", "end")
	if res.Message == nil {
		t.Fatal("/mentor end: no answer")
	}
	shown := res.Message.Text + "\n" + blockText(res.Message.Blocks)
	if !strings.Contains(shown, "Which mentoring pair do you want to end?") ||
		!strings.Contains(shown, "End my pair with Bob Brown") || !strings.Contains(shown, "End my pair with Carol Chen") {
		t.Fatalf("/mentor end in two pairs = %q", shown)
	}
	ps, err := e.app.DB.PairsOf(e.ctx, alice, false)
	if err != nil || len(ps) != 2 {
		t.Fatalf("pairs before a press: %v, %v", ps, err)
	}
	var withCarol int64
	for _, p := range ps {
		if p.Has(carol) {
			withCarol = p.ID
		}
	}
	pgClick(e, alice, *res.Message, "end_confirm_"+itoa(withCarol))
	e.idle()
	e.schedWaitMessage(*res.Message, func(m slacksim.Message) bool { return strings.Contains(m.Text, "has ended") })
	if ps, _ := e.app.DB.PairsOf(e.ctx, alice, false); len(ps) != 1 || !ps[0].Has(bob) {
		t.Errorf("after ending the pair with carol, alice's live pairs: %+v", ps)
	}
}

// Someone whose pair has ended is told so, not that they were never in
// one, and /mentor pairs shows the ended pair with the day it ended.
func TestSomeoneWhosePairEndedIsToldSoAndSeesItListed(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	e.endPair(alice, bob)
	e.settle()

	// The Log session button of an old follow-up (same action and value).
	got := e.press(bob, "session_log_open", itoa(p.ID)+":2026-11-05")
	if strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "Your pair with <@UALICE> ended on") {
		t.Errorf("Log session on an ended pair's follow-up = %q", got)
	}
	for _, c := range []struct{ user, command, text string }{
		{bob, "/mentor", "skip"},
		{bob, "/mentor", "next"},
		{alice, "/mentor", "agenda"},
	} {
		got := e.cmd(c.user, c.command, c.text)
		if strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "ended on") {
			t.Errorf("%s %s after the pair ended = %q", c.command, c.text, got)
		}
	}
	if got := e.cmd(bob, "/mentor", "skip <@UALICE|alice>"); !strings.Contains(got, "Your pair with <@UALICE> ended on") {
		t.Errorf("/mentor skip @alice after the pair ended = %q", got)
	}

	got = e.cmd(bob, "/mentor", "pairs")
	if strings.Contains(got, "not in a pair yet") || !strings.Contains(got, "*Ended* (1)") ||
		!strings.Contains(got, "• <@UALICE> mentored you — ended <!date^") {
		t.Errorf("bob's /mentor pairs = %q", got)
	}
	got = e.cmd(alice, "/mentor", "pairs")
	if !strings.Contains(got, "• You mentored <@UBOB> — ended <!date^") {
		t.Errorf("alice's /mentor pairs = %q", got)
	}

	// A new pair is listed above the ended one.
	e.pair(alice, carol)
	got = e.cmd(alice, "/mentor", "pairs")
	live, ended, ok := strings.Cut(got, "*Ended* (1)")
	if !ok || !strings.Contains(live, "*Your pairs* (1)\n• You mentor <@UCAROL>") || !strings.Contains(ended, "You mentored <@UBOB>") {
		t.Errorf("alice's /mentor pairs with a live and an ended pair = %q", got)
	}
	// Someone never in a pair still hears how to get one; an admin (erin,
	// per Slack) is pointed to the programme's pairs.
	if got := e.cmd("UNOTZ", "/mentor", "pairs"); !strings.Contains(got, "You're not in a pair yet") {
		t.Errorf("a newcomer's /mentor pairs = %q", got)
	}
	if got := e.cmd(erin, "/mentor", "pairs"); !strings.Contains(got, "`/mentor pairs all` lists the programme's pairs") {
		t.Errorf("erin's /mentor pairs = %q", got)
	}
}

// A button of an ended pair (a copy Slack had not yet updated, or a
// replay), pressed once its two members are paired again, says it was the
// old pair's and what serves the new one: not that their pair has ended.
func TestOldPairsButtonOnceThePairIsMadeAgain(t *testing.T) {
	e := meetEnv(t)
	ps, _ := e.app.DB.PairsOf(e.ctx, bob, false)
	old := fmt.Sprint(ps[0].ID)
	e.endPair(bob, alice)
	e.advance(time.Hour)
	if got := e.press(bob, "agenda_add", old); !strings.Contains(got, "Your pair with <@UALICE> has ended on") {
		t.Errorf("the old button, no new pair: %q", got)
	}
	e.cmd(bob, "/mentor", "request <@UALICE|alice> again please")
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	e.schedClick(alice, ask, "request_accept")
	e.settle()
	if ps, _ := e.app.DB.PairsOf(e.ctx, bob, false); len(ps) != 1 || fmt.Sprint(ps[0].ID) == old {
		t.Fatalf("bob's live pairs after alice accepted: %+v", ps)
	}
	got := e.press(bob, "agenda_add", old)
	if !strings.Contains(got, "earlier pair with <@UALICE>, which ended on") || !strings.Contains(got, "`/mentor agenda @alice`") || strings.Contains(got, "Your pair with <@UALICE> has ended") {
		t.Errorf("the old button, paired again: %q", got)
	}
}
