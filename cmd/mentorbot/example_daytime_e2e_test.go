package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// The example meetings the App Home, the weekly check-in and the nudge of
// a quiet pair suggest are the welcome DM's (TestWelcomeSuggestsADaytimeForBoth):
// daytime for both members, in the reader's zone. 15:00 in New York
// (bob) is 21:00 in Berlin (alice), and 13:30 the latest that ends by
// 20:00 there; 15:00 in Tokyo (carol) is 22:00 the day before in Los
// Angeles (erin), and 12:30 the latest that ends by 20:00 there. 15:00 in
// Berlin and in Los Angeles is daytime for the partner: alice and erin
// are shown 15:00.

// The Home of a pair with no meeting, and its Schedule button's help.
func TestHomeSuggestsADaytimeForBoth(t *testing.T) {
	e := newEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UCAROL|carol>")
	for _, c := range []struct{ user, want string }{
		{bob, "`/mentor meet @alice weekly thu 13:30`"},
		{alice, "`/mentor meet @bob weekly thu 15:00`"},
		{carol, "`/mentor meet @erin weekly thu 12:30`"},
		{erin, "`/mentor meet @carol weekly thu 15:00`"},
	} {
		home := homeText(homeOpen(e, c.user, func(s string) bool { return strings.Contains(s, "No meeting scheduled") }))
		if !strings.Contains(home, "*No meeting scheduled.* Set one: "+c.want) {
			t.Errorf("%s's Home: want %q in\n%s", c.user, c.want, home)
		}
	}

	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "No meeting scheduled") })
	if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	help := blockText(e.waitModal(bob, "").Message().Blocks)
	// testStart is Monday 2 Nov 2026, 03:00 in New York.
	for _, want := range []string{
		"`/mentor meet @alice weekly thu 13:30` — every week",
		"`/mentor meet @alice biweekly thu 13:30 for 45m`",
		"`/mentor meet @alice monthly first tue 13:30`",
		"`/mentor meet @alice 2026-11-09 13:30` — a single meeting",
	} {
		if !strings.Contains(help, want) {
			t.Errorf("bob's schedule help: want %q in\n%s", want, help)
		}
	}
	if strings.Contains(help, "15:00") || strings.Contains(help, "10:00") || strings.Contains(help, "14:00") || strings.Contains(help, "9:30") {
		t.Errorf("bob's schedule help suggests a time that is night in Berlin:\n%s", help)
	}
	// Typed as suggested, the single meeting draws no warning.
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> 2026-11-09 13:30"); !strings.Contains(got, "<!date^") || strings.Contains(got, ":warning:") || strings.Contains(got, "night") {
		t.Errorf("bob's single meeting, typed: %s", got)
	}
}

// The Schedule button's help of a pair whose meetings are set (or
// paused): the new meetings in place of these are the welcome DM's too.
func TestHomeScheduleHelpOfSetMeetingsSuggestsADaytimeForBoth(t *testing.T) {
	e := meetEnv(t)
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 13:30"); !strings.Contains(got, "are set") {
		t.Fatalf("/mentor meet: %s", got)
	}
	for _, paused := range []bool{false, true} {
		if paused {
			e.cmd(bob, "/mentor", "pause")
		}
		e.settle()
		v := homeOpen(e, bob, func(s string) bool {
			return strings.Contains(s, "Meets every Thursday") && strings.Contains(s, "paused") == paused
		})
		if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
			t.Fatal(err)
		}
		// The help of the pair as it is now: the modal opened before
		// may still be open.
		mark := map[bool]string{false: "*Next meeting:*", true: "are *paused*"}[paused]
		help := blockText(e.waitView(bob, "the schedule help", func(v slacksim.View) bool {
			return v.Type == "modal" && v.Open && strings.Contains(blockText(v.Message().Blocks), mark)
		}).Message().Blocks)
		want := "`/mentor meet @alice weekly thu 13:30` — new meetings in place of these (or `biweekly`, `monthly first tue 13:30`, or a date and time)"
		if !strings.Contains(help, want) || strings.Contains(help, "thu 15:00") || strings.Contains(help, "first mon 10:00") {
			t.Errorf("bob's schedule help (paused: %v): want %q in\n%s", paused, want, help)
		}
	}
}

// The weekly check-in of a pair with no meeting.
func TestCheckinSuggestsADaytimeForBoth(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UCAROL|carol>")
	e.schedWalk(schedAt("2026-11-10 12:00"))
	for _, c := range []struct{ key, want string }{
		{"checkin:to=UBOB:on=2026-11-09", "_no meeting scheduled_ — set one with `/mentor meet @alice weekly thu 13:30`"},
		{"checkin:to=UALICE:on=2026-11-09", "_no meeting scheduled_ — set one with `/mentor meet @bob weekly thu 15:00`"},
		{"checkin:to=UCAROL:on=2026-11-09", "_no meeting scheduled_ — set one with `/mentor meet @erin weekly thu 12:30`"},
	} {
		if m := e.schedDM(c.key); !contains(m, c.want) {
			t.Errorf("%s: want %q in\n%s", c.key, c.want, blockText(m.Blocks))
		}
	}
}

// The nudge of a pair that has not met, with no meeting set.
func TestQuietPairNudgeSuggestsADaytimeForBoth(t *testing.T) {
	e, _ := schedEnv(t)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.schedWalk(e.clock.Now().Add(33 * 24 * time.Hour))
	nudge := func(user string) string {
		for key, m := range e.schedSent() {
			if strings.HasPrefix(key, "quiet_pair:") && schedRecipient(key) == user {
				return blockText(m.Blocks)
			}
		}
		t.Fatalf("%s got no quiet-pair nudge:%s", user, e.describeDMs(user))
		return ""
	}
	got := nudge(bob)
	if !strings.Contains(got, "*Schedule your next meeting:* `/mentor meet @alice weekly thu 13:30` (or `biweekly …`, or a date like `") ||
		!strings.Contains(got, " 13:30`)") || strings.Contains(got, "15:00") {
		t.Errorf("bob's nudge: %s", got)
	}
	if got := nudge(alice); !strings.Contains(got, "`/mentor meet @bob weekly thu 15:00`") {
		t.Errorf("alice's nudge: %s", got)
	}
}
