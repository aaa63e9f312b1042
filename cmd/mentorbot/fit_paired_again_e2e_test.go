package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// The audit's finding: alice answers No to the good-fit check and, pressing
// it again, gets a note with its options (End kindly, Tell an admin, Keep
// going). The pair ends and dana pairs the two again; the old note's
// buttons then said "Your mentoring pair with bob has already ended",
// while it is live again, or, for End, the store's bare "That pair has
// already ended." They say the pair they were about ended, that the two
// are paired again and that nothing was done; End never ends the new
// pair, nor is an admin told. The check itself says so too.
func TestGoodFitOptionsOfAnEarlierPairSayTheyArePairedAgain(t *testing.T) {
	e, old, fit := firstFitCheckToAlice(t)
	e.schedClick(alice, fit, "notify_fit_no")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_admin") })
	e.pressOn(alice, fit, "notify_fit_no", itoa(old.ID)+":"+store.FitNo)
	if notes := e.dms(alice, "already answered this one"); len(notes) != 1 || !strings.Contains(blockText(notes[0].Blocks), "notify_fit_end") {
		t.Fatalf("alice's note with the options:%s", e.describeDMs(alice))
	}
	e.endPair(alice, bob)
	e.pairAgain(alice, bob)
	again := e.livePairOf(alice, bob)
	e.settle()
	told := len(e.dms(dana, "doesn't feel like a good fit"))

	for _, action := range []string{"notify_fit_end", "notify_fit_admin", "notify_fit_keep"} {
		got := e.press(alice, action, itoa(old.ID))
		for _, want := range []string{"earlier pair with <@UBOB>", "ended on", "paired again", "haven't done anything"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s on the earlier pair's note: %q; want %q", action, got, want)
			}
		}
		if strings.Contains(got, "has already ended") || strings.Contains(got, "That pair") {
			t.Errorf("%s on the earlier pair's note reads as if the pair alice has now ended: %q", action, got)
		}
	}
	// The check itself, pressed again, says so too.
	if got := e.press(alice, "notify_fit_yes", itoa(old.ID)+":"+store.FitYes); !strings.Contains(got, "earlier pair with <@UBOB>") || !strings.Contains(got, "haven't kept this answer") {
		t.Errorf("the earlier pair's check pressed again: %q", got)
	}
	if fs := e.fitAnswers(alice, old); len(fs) != 1 || fs[0].Fit != store.FitNo {
		t.Errorf("alice's fit answers in the earlier pair: %+v; want her one No", fs)
	}
	if p := e.livePairOf(alice, bob); p.ID != again.ID || !p.Live() {
		t.Errorf("alice and bob's pair = %+v; want pair %d, live", p, again.ID)
	}
	if got := e.dms(bob, "has ended your mentoring pair"); len(got) != 1 {
		t.Errorf("bob was told %d times that a pair ended; want once, of the first:%s", len(got), e.describeDMs(bob))
	}
	if n := len(e.dms(dana, "doesn't feel like a good fit")); n != told {
		t.Errorf("dana was told of the earlier pair's fit %d more times", n-told)
	}
	if fs := e.fitAnswers(alice, again); len(fs) != 0 {
		t.Errorf("alice's fit answers in the new pair: %+v", fs)
	}

	// Once they are not paired again, the buttons say the pair ended,
	// End too, in the bot's words.
	e.endPair(bob, alice)
	e.settle()
	for _, action := range []string{"notify_fit_end", "notify_fit_admin", "notify_fit_keep"} {
		if got := e.press(alice, action, itoa(old.ID)); !strings.Contains(got, "Your mentoring pair with <@UBOB> has already ended") {
			t.Errorf("%s on an ended pair's note: %q", action, got)
		}
	}
}
