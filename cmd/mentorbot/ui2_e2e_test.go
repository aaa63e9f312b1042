package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// With six open to-dos all her own, alice's Home shows five and counts the
// sixth as one: "1 more open to-do of yours … lists it". /mentor next,
// which shows fifteen, counts a sixteenth the same way.
func TestHomeCountsOneMoreOfYourOwnToDosAsOne(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 6, 6) // all six are alice's

	txt := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	if want := "…and 1 more open to-do of yours: `/session todos` lists it, 40 to a page."; !strings.Contains(txt, want) {
		t.Errorf("alice's Home lacks %q:\n%s", want, txt)
	}

	homeLogTodos(e, p, 10, 10) // sixteen, all alice's
	got := e.cmd(alice, "/mentor", "next <@UBOB|bob>")
	if want := "…and 1 more to-do of yours. `/session todos` lists it, 40 to a page."; !strings.Contains(got, want) {
		t.Errorf("alice's /mentor next lacks %q:\n%s", want, got)
	}
}

// The people of TestAdminsNamedConfiguredFirst: zoe is the programme's
// admin by MENTORBOT_ADMINS, the others workspace admins per Slack whose
// user IDs sort before hers.
const (
	zoe   = "UZOE"
	aaron = "UAARON"
	ben   = "UBEN"
	carl  = "UCARL"
)

// The good-fit replies and the Home name the same admins, the first
// three of the same list: the configured admin first, then the workspace
// admins by ID. Before, the replies sorted everyone by ID and never named
// zoe, and the Home named only her.
func TestAdminsNamedConfiguredFirst(t *testing.T) {
	e, _ := schedEnv(t, withEnv("MENTORBOT_ADMINS", zoe))
	e.sim.AddUser(slacksim.User{ID: zoe, Name: "zoe", RealName: "Zoe Zhou", TZ: "Europe/London"})
	for _, id := range []string{aaron, ben, carl} {
		e.sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id[1:]), RealName: id[1:], TZ: "Europe/London", IsAdmin: true})
		e.cmd(id, "/mentor", "help") // the bot learns that they are workspace admins
	}
	const named = "a programme admin (<@UZOE> or <@UAARON> or <@UBEN>)"

	// carol, in no pair, is told whom to ask on her Home and in the modal
	// behind its button.
	v := homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "How to get a mentor") })
	want := "*Ask a programme admin* (<@UZOE> or <@UAARON> or <@UBEN>) to pair you with someone."
	if !strings.Contains(homeText(v), want) {
		t.Errorf("carol's Home lacks %q:\n%s", want, homeText(v))
	}
	if _, err := e.sim.ClickButton(e.ctx, carol, v.Message(), "home_request"); err != nil {
		t.Fatal(err)
	}
	if modal := blockText(e.waitModal(carol, "").Message().Blocks); !strings.Contains(modal, want) {
		t.Errorf("carol's Find a mentor modal lacks %q:\n%s", want, modal)
	}

	if got := e.cmd(zoe, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair: %q", got)
	}
	e.cmd(alice, "/session", "log <@UBOB> first chat")
	e.settle()
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", ps[0].ID, alice))
	e.schedClick(alice, fit, "notify_fit_unsure")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
	if want := "or ask " + named + " for advice."; !strings.Contains(fit.Text, want) {
		t.Errorf("alice's reply to \"not sure\" lacks %q: %s", want, fit.Text)
	}
}

// hal, of TestHomeChoosesMentorOrMenteeByWhatIsLatest, once a mentor.
const hal = "UHAL"

// Outside a pair, the Home shows how to get a mentor or how to find a
// mentee by what the person is doing now, then by their last pair:
// alice, once carol's mentee and since bob's mentor, is shown how to find
// a mentee; hal, who only mentored but has now asked gus to mentor him,
// how to get a mentor, above his request; gus, with no history, whom hal
// asked, how to find a mentee.
func TestHomeChoosesMentorOrMenteeByWhatIsLatest(t *testing.T) {
	e := newEnv(t)
	e.sim.AddUser(slacksim.User{ID: gus, Name: "gus", RealName: "Gus Gray"})
	e.sim.AddUser(slacksim.User{ID: hal, Name: "hal", RealName: "Hal Hill", TZ: "Europe/London"})
	pairAndEnd := func(mentor, mentee string) {
		t.Helper()
		if got := e.cmd(dana, "/mentor", fmt.Sprintf("pair <@%s> <@%s>", mentor, mentee)); !strings.Contains(got, "Paired") {
			t.Fatalf("pair %s with %s: %q", mentor, mentee, got)
		}
		if got := e.cmd(mentor, "/mentor", fmt.Sprintf("end <@%s>", mentee)); !strings.Contains(strings.ToLower(got), "ended") {
			t.Fatalf("%s ends the pair with %s: %q", mentor, mentee, got)
		}
	}
	pairAndEnd(carol, alice)
	e.clock.Advance(30 * 24 * time.Hour)
	pairAndEnd(alice, bob)
	pairAndEnd(hal, bob)
	if got := e.cmd(hal, "/mentor", "request <@UGUS|gus> could you mentor me?"); !strings.Contains(got, "I've asked <@UGUS>") {
		t.Fatalf("hal's request: %q", got)
	}

	for _, c := range []struct {
		who, ready string
		mentee     bool // shown how to find a mentee, not how to get a mentor
		also       string
	}{
		{alice, "Welcome to mentorbot", true, ""},
		{hal, "You asked <@UGUS>", false, ":hourglass_flowing_sand: You asked <@UGUS> to be your mentor"},
		{gus, "asked you to be their mentor", true, ":raised_hand: *<@UHAL> asked you to be their mentor.*"},
	} {
		txt := homeText(homeOpen(e, c.who, func(s string) bool { return strings.Contains(s, c.ready) }))
		want, not := []string{"*How to get a mentor*", "\nHow to ask for a mentor\n"}, "How to find a mentee"
		if c.mentee {
			want, not = []string{"*How to find a mentee*", "\nHow to find a mentee\n"}, "How to get a mentor"
		}
		if c.also != "" {
			want = append(want, c.also)
		}
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s's Home lacks %q:\n%s", c.who, w, txt)
			}
		}
		if strings.Contains(txt, not) || strings.Contains(txt, "How to ask for a mentor") == c.mentee {
			t.Errorf("%s's Home shows the other role's way in:\n%s", c.who, txt)
		}
	}
}
