package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

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
	fit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", e.livePairOf(alice, bob).ID, alice))
	e.schedClick(alice, fit, "notify_fit_unsure")
	fit = e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
	if want := "or ask " + named + " for advice."; !strings.Contains(fit.Text, want) {
		t.Errorf("alice's reply to \"not sure\" lacks %q: %s", want, fit.Text)
	}
}

// After "Not sure", or "No" then "Keep going for now", the good-fit
// replies name the programme admins to turn to, and after "Keep going"
// telling them stays on offer; with no admin but the partner, they name
// none.
func TestGoodFitRepliesNameTheAdmins(t *testing.T) {
	e, _ := schedEnv(t)
	p := e.pair(alice, bob)
	e.cmd(alice, "/session", "log <@UBOB> first chat")
	e.settle()

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
	cp := e.pair(dana, carol)
	e.cmd(dana, "/session", "log <@UCAROL> first chat")
	e.schedWalk(e.clock.Now().Add(24 * time.Hour))
	cfit := e.schedDM(fmt.Sprintf("fit_check:pair=%d:to=%s", cp.ID, carol))
	e.schedClick(carol, cfit, "notify_fit_unsure")
	cfit = e.schedWaitMessage(cfit, func(m slacksim.Message) bool { return strings.Contains(m.Text, "Thanks for being honest") })
	if strings.Contains(cfit.Text, "programme admin") || !strings.Contains(cfit.Text, "`/mentor end @dana`.") {
		t.Errorf("carol's reply to \"not sure\", with her mentor the only admin: %s", cfit.Text)
	}
}
