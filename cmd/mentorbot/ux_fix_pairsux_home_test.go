package main

import (
	"strings"
	"testing"
	"time"
)

// The Home's Schedule button, for a pair that has a schedule, shows it
// (in the reader's zone) and how to change, skip or move it, not only how
// to set one; a paused schedule says how to resume it.
func TestHomeScheduleShowsTheCurrentSchedule(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.settle()
	help := func() string {
		t.Helper()
		v := homeOpen(e, bob, nil)
		if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
			t.Fatal(err)
		}
		m := homeModal(e, bob, "")
		txt := blockText(m.Message().Blocks)
		if err := e.sim.CloseView(e.ctx, bob, m.ID); err != nil {
			t.Fatal(err)
		}
		return txt
	}
	txt := help()
	for _, want := range []string{
		"every Thursday at 15:00 (Europe/Berlin; Thursday 09:00 your time", // the schedule, for bob
		"*Next meeting:* <!date^", "EST>", // the next one, in bob's zone
		"`/mentor skip @alice`", "`/mentor move @alice ", "`/mentor meet @alice ",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help lacks %q:\n%s", want, txt)
		}
	}
	if got := e.cmd(alice, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	e.settle()
	// The pair's card says how to resume this pair, by name: bob may be
	// in two.
	if home := homeText(homeOpen(e, bob, nil)); !strings.Contains(home, "meetings paused — `/mentor resume @alice` starts them again") {
		t.Errorf("bob's Home while paused:\n%s", home)
	}
	txt = help()
	for _, want := range []string{"*paused*", "every Thursday at 15:00", "`/mentor resume @alice`"} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help while paused lacks %q:\n%s", want, txt)
		}
	}
}

// For a one-off meeting that has taken place, the Schedule button says so
// and how to set the next one.
func TestHomeScheduleAfterAOneOffMeeting(t *testing.T) {
	e := meetEnv(t)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> 2026-11-05 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("meet: %q", got)
	}
	e.advance(5 * 24 * time.Hour)
	v := homeOpen(e, bob, nil)
	if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	txt := blockText(homeModal(e, bob, "").Message().Blocks)
	for _, want := range []string{"your one-off meeting of <!date^", "EST> has already taken place", "`/mentor meet @alice weekly thu 15:00`"} {
		if !strings.Contains(txt, want) {
			t.Errorf("bob's schedule help lacks %q:\n%s", want, txt)
		}
	}
}
