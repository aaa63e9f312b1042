package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// gus, whose Slack profile has no time zone.
const gus = "UGUS"

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

// A mentor outside a pair, signed up as one or whose only pairs were as
// a mentor, is shown how to find a mentee, not how to ask for a mentor.
func TestHomeOfAMentorOutsideAPairShowsHowToFindAMentee(t *testing.T) {
	e := matchEnv(t)
	e.sim.AddUser(slacksim.User{ID: gus, Name: "gus", RealName: "Gus Gray"})
	matchJoin(e, gus, signup{role: "mentor", other: "Go, career growth", capacity: "1"})
	v := homeOpen(e, gus, func(s string) bool { return strings.Contains(s, "signed up for matching") })
	txt := homeText(v)
	if !strings.Contains(txt, "How to find a mentee") || strings.Contains(txt, "How to ask for a mentor") {
		t.Errorf("gus's Home:\n%s", txt)
	}
	if _, err := e.sim.ClickButton(e.ctx, gus, v.Message(), "home_request"); err != nil {
		t.Fatal(err)
	}
	m := e.waitModal(gus, "")
	if !strings.Contains(string(m.JSON), `"Find a mentee"`) {
		t.Errorf("gus's modal is not titled Find a mentee: %s", m.JSON)
	}
	modal := blockText(m.Message().Blocks)
	for _, want := range []string{"*You're in the matching round:*", "anyone can ask you to be their mentor with `/mentor request`", "*Ask a programme admin* (<@UDANA>) to pair you with a mentee."} {
		if !strings.Contains(modal, want) {
			t.Errorf("gus's modal lacks %q:\n%s", want, modal)
		}
	}

	// alice mentored bob; the pair has ended.
	e.pair(alice, bob)
	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	txt = homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "Welcome to mentorbot") }))
	for _, want := range []string{"*How to find a mentee*", "Join the matching round as a mentor:* `/mentor join`", "\nHow to find a mentee\n"} {
		if !strings.Contains(txt, want) {
			t.Errorf("alice's Home lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt, "How to get a mentor") || strings.Contains(txt, "How to ask for a mentor") {
		t.Errorf("alice's Home shows how to get a mentor:\n%s", txt)
	}
	// bob, her mentee, is still shown how to get a mentor.
	txt = homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "Welcome to mentorbot") }))
	if !strings.Contains(txt, "How to get a mentor") || strings.Contains(txt, "How to find a mentee") {
		t.Errorf("bob's Home:\n%s", txt)
	}
	matchNoFailures(e)
}
