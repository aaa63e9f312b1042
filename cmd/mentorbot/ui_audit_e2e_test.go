package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// lastCheckin is the last check-in the scheduler sent user.
func (e *env) lastCheckin(user string) slacksim.Message {
	e.t.Helper()
	var checkin slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "checkin:") && schedRecipient(key) == user && m.TS > checkin.TS {
			checkin = m
		}
	}
	if checkin.TS == "" {
		e.t.Fatalf("no check-in went to %s", user)
	}
	return checkin
}

// A check-in of someone whose only open to-dos are in a pair that has
// ended does not say none are open: /session todos and the Home list
// them.
func TestCheckinSaysToDosAreLeftFromAnEndedPair(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>")
	if got := e.cmd(bob, "/session", "log <@UALICE> notes todo: <@UALICE> share slides"); !strings.Contains(got, "share slides") {
		t.Fatalf("/session log: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "end <@UALICE>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(8 * 24 * time.Hour))
	got := blockText(e.lastCheckin(alice).Blocks)
	if strings.Contains(got, "None open") || !strings.Contains(got, "1 is left from a pair that has ended: `/session todos` lists it.") {
		t.Errorf("alice's check-in: %s", got)
	}
}

// The Home's pointers to the to-dos it had no room for count one as one.
func TestHomeCountsOneMoreToDoAsOne(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	t.Cleanup(func() { pgNoFailures(e) })
	homeLogTodos(e, p, 6, 0) // all six are bob's

	txt := homeText(homeOpen(e, alice, func(s string) bool { return strings.Contains(s, "to-do 5") }))
	if want := "…and 1 more open to-do in this pair, not yours: `/session todos @bob` lists all of the pair's, 40 to a page."; !strings.Contains(txt, want) {
		t.Errorf("alice's Home lacks %q:\n%s", want, txt)
	}

	if got := e.cmd(alice, "/mentor", "end <@UBOB>"); !strings.Contains(strings.ToLower(got), "ended") {
		t.Fatalf("/mentor end: %q", got)
	}
	txt = homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "pairs that have ended") }))
	if want := "…and 1 more: `/session todos` lists it."; !strings.Contains(txt, want) {
		t.Errorf("bob's Home lacks %q:\n%s", want, txt)
	}
}

// gus, whose Slack profile has no time zone.
const gus = "UGUS"

// A proposal notes that the two prefer different cadences and names
// whose time zone is unknown, to the admin and to each of the two as
// they read it.
func TestMatchNotesDifferingCadencesAndWhoseZoneIsUnknown(t *testing.T) {
	e := matchEnv(t)
	e.sim.AddUser(slacksim.User{ID: gus, Name: "gus", RealName: "Gus Gray"})
	matchJoin(e, alice, signup{role: "mentor", other: "Go, design", cadence: "biweekly", capacity: "2"})
	matchJoin(e, gus, signup{role: "mentee", cadence: "monthly"})
	msg, _ := matchRun(e)
	review := blockText(msg.Blocks)
	if want := "<@UALICE> mentors <@UGUS>\nmentee open to any topic — note: <@UGUS> has no time zone in Slack; <@UALICE> prefers every two weeks, <@UGUS> once a month"; !strings.Contains(review, want) {
		t.Errorf("the review lacks %q:\n%s", want, review)
	}
	e.matchClick(dana, msg, "match_publish")
	for _, c := range []struct{ who, want string }{
		{alice, "Note: <@UGUS> has no time zone in Slack; you prefer every two weeks, <@UGUS> once a month"},
		{gus, "Note: you have no time zone in your Slack profile; <@UALICE> prefers every two weeks, you once a month"},
	} {
		if m := e.waitDM(c.who, "A mentoring match for you"); !contains(m, c.want) {
			t.Errorf("%s's proposal lacks %q:\n%s", c.who, c.want, blockText(m.Blocks))
		}
	}
	matchNoFailures(e)
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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
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

// After "Not sure", or "No" then "Keep going for now", the good-fit
// replies name the programme admins to turn to, and after "Keep going"
// telling them stays on offer; with no admin but the partner, they name
// none.
func TestGoodFitRepliesNameTheAdmins(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(alice, "/session", "log <@UBOB> first chat")
	e.settle()
	ps, _ := e.app.DB.PairsOf(e.ctx, alice, false)
	p := ps[0]

	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, alice))
	e.schedClick(alice, fit, "notify_fit_unsure")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
	if want := "or ask a programme admin (<@UDANA>) for advice."; !strings.Contains(fit.Text, want) {
		t.Errorf("alice's reply to \"not sure\" lacks %q: %s", want, fit.Text)
	}

	e.schedWalk(schedAt("2026-11-02 13:00")) // bob's daytime in New York
	bfit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", p.ID, bob))
	e.schedClick(bob, bfit, "notify_fit_no")
	bfit = e.schedWaitMessage(bfit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_keep") })
	e.schedClick(bob, bfit, "notify_fit_keep")
	bfit = e.schedWaitMessage(bfit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "keep going") })
	txt := blockText(bfit.Blocks)
	if want := "and a programme admin (<@UDANA>) is always there to help."; !strings.Contains(txt, want) || !strings.Contains(txt, "notify_fit_admin") {
		t.Errorf("bob's reply to \"keep going\" lacks %q or the Tell a programme admin button:\n%s", want, txt)
	}
	e.schedClick(bob, bfit, "notify_fit_admin")
	e.waitDM(dana, "good fit")

	// dana, the only admin, mentors carol: nobody to name.
	e.cmd(dana, "/mentor", "pair <@UDANA|dana> <@UCAROL|carol>")
	cps, _ := e.app.DB.PairsOf(e.ctx, carol, false)
	e.cmd(dana, "/session", "log <@UCAROL> first chat")
	e.schedWalk(e.clock.Now().Add(24 * time.Hour))
	cfit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", cps[0].ID, carol))
	e.schedClick(carol, cfit, "notify_fit_unsure")
	cfit = e.schedWaitMessage(cfit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
	if strings.Contains(cfit.Text, "programme admin") || !strings.Contains(cfit.Text, "`/mentor end @dana`.") {
		t.Errorf("carol's reply to \"not sure\", with her mentor the only admin: %s", cfit.Text)
	}
}

// A check-in redrawn after its pair ended (by an end, or by the partner's
// /mentor forget) says the to-dos it listed are left from the ended pair,
// not that none are open.
func TestCheckinRedrawnAfterTheEndSaysToDosAreLeft(t *testing.T) {
	for _, c := range []struct {
		name string
		act  func(e *env)
	}{
		{"end", func(e *env) {
			if got := e.cmd(bob, "/mentor", "end <@UALICE|alice>"); !strings.Contains(got, "has ended") {
				t.Fatalf("end: %q", got)
			}
		}},
		{"forget", func(e *env) {
			pgClick(e, bob, pgForgetMessage(e, bob), "forget_confirm")
			pgWait(e, bob, "your data is deleted")
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := schedEnv(t)
			e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
			e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 15:00")
			if got := e.cmd(bob, "/session", "log <@UALICE> notes todo: <@UALICE> share slides"); !strings.Contains(got, "share slides") {
				t.Fatalf("/session log: %q", got)
			}
			e.schedWalk(schedAt("2026-11-09 15:00"))
			checkin := e.lastCheckin(alice)
			if !contains(checkin, "share slides") {
				t.Fatalf("alice's check-in does not list her to-do: %s", blockText(checkin.Blocks))
			}
			c.act(e)
			e.idle()
			got, err := e.waitMessageAs(checkin, func(m slacksim.Message) bool { return contains(m, "_your pair has ended_") })
			if err != nil {
				t.Fatalf("alice's check-in was not redrawn (%v): %s", err, blockText(got.Blocks))
			}
			if txt := blockText(got.Blocks); strings.Contains(txt, "None open") || !strings.Contains(txt, "1 is left from a pair that has ended: `/session todos` lists it.") {
				t.Errorf("alice's redrawn check-in: %s", txt)
			}
		})
	}
}
