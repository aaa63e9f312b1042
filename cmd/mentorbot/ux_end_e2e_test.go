package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UBOB|bob>")
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

	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
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
		if hasActions(now) || !strings.Contains(shown, fmt.Sprintf("Your pair with <@%s> %s", p.Partner(n.RecipientID), endedLine)) {
			t.Errorf("%s after the end:\n%s", n.Key, shown)
		}
		// Its hints on acting on it go: a session of an ended pair can't
		// be logged.
		if n.Kind == scheduler.KindFollowup && strings.Contains(shown, "/session log") {
			t.Errorf("%s still suggests /session log:\n%s", n.Key, shown)
		}
		// What it said stays.
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
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	wait()
	at := schedAt("2026-11-05 14:00").Unix()
	for _, to := range []string{alice, bob} {
		k := fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.ID, at, to)
		e.wantInFlightEdited(k, to, held, func(m slacksim.Message) bool {
			return !hasActions(m) && strings.Contains(blockText(m.Blocks), endedLine)
		})
	}
}
