package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

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
	if n := len(e.dms(alice, "<@UBOB> has ended your mentoring pair")); n != 1 {
		t.Errorf("alice got %d notes of the end, want 1", n)
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
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "has ended") {
		t.Fatalf("/mentor end @bob = %q", got)
	}
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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
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
