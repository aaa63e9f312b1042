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
	e.pair(alice, bob)
	e.pair(erin, carol)
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
		// 13:30 for 45 minutes would end at 20:15 in Berlin.
		"`/mentor meet @alice biweekly thu 13:00 for 45m`",
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

// The meetings of 45 minutes the Schedule help suggests end in the
// daytime of both: 12:30 in Tokyo (carol) for 45 minutes would end at
// 20:15 the day before in Los Angeles (erin).
func TestHomeScheduleHelpOfLongerMeetingsEndsInTheDaytime(t *testing.T) {
	e := newEnv(t)
	e.pair(erin, carol)
	for _, c := range []struct{ user, want string }{
		{carol, "`/mentor meet @erin biweekly thu 12:00 for 45m` — every two weeks, 45 minutes"},
		{erin, "`/mentor meet @carol biweekly thu 15:00 for 45m` — every two weeks, 45 minutes"},
	} {
		v := homeOpen(e, c.user, func(s string) bool { return strings.Contains(s, "No meeting scheduled") })
		if _, err := e.sim.ClickButton(e.ctx, c.user, v.Message(), "home_meet"); err != nil {
			t.Fatal(err)
		}
		if help := blockText(e.waitModal(c.user, "").Message().Blocks); !strings.Contains(help, c.want) {
			t.Errorf("%s's schedule help: want %q in\n%s", c.user, c.want, help)
		}
	}
}

// The usage replies of /mentor meet suggest the pair's daytime too, to
// someone whose pair is known: bob has one.
func TestMeetUsageSuggestsADaytimeForBoth(t *testing.T) {
	e := meetEnv(t)
	// testStart is Monday 2 Nov 2026, 03:00 in New York.
	bobs := "`/mentor meet @alice weekly thu 13:30`, `/mentor meet @alice biweekly thu 13:00 for 45m`, " +
		"`/mentor meet @alice monthly first tue 13:30` or `/mentor meet @alice 2026-11-09 13:30`"
	for _, c := range []struct{ user, text, want string }{
		{bob, "meet", "Usage: `/mentor meet [@partner] WHEN [for DURATION]`, for example " + bobs + "."},
		{bob, "meet <@UALICE|alice>", "for example " + bobs + "."},
		{bob, "meet " + strings.Repeat("1", 101), "That is too long to be a meeting time, so I haven't changed anything. Write it like " + bobs + "."},
		{alice, "meet", "for example `/mentor meet @bob weekly thu 15:00`, `/mentor meet @bob biweekly thu 15:00 for 45m`, " +
			"`/mentor meet @bob monthly first tue 15:00` or `/mentor meet @bob 2026-11-09 15:00`."},
	} {
		got := e.meetAnswer(c.user, "/mentor", c.text)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: /mentor %.20s…: want %q in\n%s", c.user, c.text, c.want, got)
		}
		if c.user == bob && (strings.Contains(got, "15:00") || strings.Contains(got, "9:30") || strings.Contains(got, "10:00") || strings.Contains(got, "14:00")) {
			t.Errorf("bob: /mentor %.20s… suggests a time that is night in Berlin:\n%s", c.text, got)
		}
	}
	// Typed as suggested, the single meeting draws no warning.
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> 2026-11-09 13:30"); !strings.Contains(got, "<!date^") || strings.Contains(got, ":warning:") || strings.Contains(got, "night") {
		t.Errorf("bob's single meeting, typed: %s", got)
	}
}

// Moving the next meeting, the Home's Schedule help and the usage replies
// of /mentor move suggest times that are daytime for both: for bob's
// meeting on Thursday at 13:30 (19:30 in Berlin), 12:30 the same day
// (14:30 would be 20:30 there), or Friday 13:30. The 16:00 they showed
// is 22:00 in Berlin.
func TestMoveSuggestsADaytimeForBoth(t *testing.T) {
	e := meetEnv(t)
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 13:30"); !strings.Contains(got, "are set") {
		t.Fatalf("/mentor meet: %s", got)
	}
	e.settle()
	v := homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "Meets every Thursday") })
	if _, err := e.sim.ClickButton(e.ctx, bob, v.Message(), "home_meet"); err != nil {
		t.Fatal(err)
	}
	help := blockText(e.waitModal(bob, "").Message().Blocks)
	if want := "• `/mentor move @alice 12:30` — move the next meeting, only that one (or `/mentor move @alice fri 13:30`)"; !strings.Contains(help, want) || strings.Contains(help, "16:00") {
		t.Errorf("bob's schedule help: want %q in\n%s", want, help)
	}

	for _, c := range []struct{ text, want string }{
		{"move", "|Thu 5 Nov 2026 at 13:30 EST>) and only that one: `/mentor move @alice 12:30` (the same day), `/mentor move @alice fri 13:30` or `/mentor move @alice 2026-11-06 13:30`."},
		{"move " + strings.Repeat("1", 101), "Write it like `/mentor move @alice 12:30` (the same day) or `/mentor move @alice fri 13:30`."},
	} {
		got := e.meetAnswer(bob, "/mentor", c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "16:00") || strings.Contains(got, "15:00") {
			t.Errorf("bob: /mentor %.20s…: want %q in\n%s", c.text, c.want, got)
		}
	}
	// Alice sees the meeting at 19:30 in Berlin: an hour later is her
	// night, an hour earlier is not.
	if got := e.meetAnswer(alice, "/mentor", "move"); !strings.Contains(got, "`/mentor move @bob 18:30` (the same day), `/mentor move @bob fri 15:00`") {
		t.Errorf("alice: /mentor move: %s", got)
	}

	// Typed as suggested, the move draws no warning; as shown before, it did.
	if got := e.meetAnswer(bob, "/mentor", "move 16:00"); !strings.Contains(got, "night") {
		t.Errorf("bob's move to 16:00 (22:00 in Berlin): no warning of alice's night: %s", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "move 12:30"); !strings.Contains(got, "<!date^") || strings.Contains(got, ":warning:") || strings.Contains(got, "night") {
		t.Errorf("bob's move, typed as suggested: %s", got)
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
	e.pair(alice, bob)
	e.pair(erin, carol)
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
	e.pair(alice, bob)
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

// The welcome DM's example meeting (and /mentor next's and /mentor
// skip's, before there are meetings) is at a time that is daytime for both
// members, so that typed as it is it draws no warning of the partner's
// night: 15:00 in Berlin (alice) is 09:00 in New York, but 15:00 in New
// York (bob) is 21:00 in Berlin, and 13:30 the latest that ends by 20:00
// there.
func TestWelcomeSuggestsADaytimeForBoth(t *testing.T) {
	e := meetEnv(t)
	want := map[string]string{
		alice: "`/mentor meet @bob weekly thu 15:00` (or `biweekly`, `monthly first tue 15:00`)",
		bob:   "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`)",
	}
	for _, u := range []string{alice, bob} {
		m := e.waitDM(u, "Welcome to mentoring")
		if text := blockText(m.Blocks); !strings.Contains(text, want[u]) {
			t.Errorf("%s's welcome: want %q in\n%s", u, want[u], text)
		}
	}
	// /mentor next and /mentor skip, with no meetings yet, suggest the same.
	if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`") {
		t.Errorf("bob's /mentor next: %s", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "skip"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30`") {
		t.Errorf("bob's /mentor skip: %s", got)
	}
	// Typed as suggested, it sets the meetings without a warning.
	if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 13:30"); !strings.Contains(got, "are set") || strings.Contains(got, ":warning:") {
		t.Errorf("bob's example, typed: %s", got)
	}
}

// The example meeting is daytime for both at the meetings it sets, not
// on a day it does not meet: between the American change of the clocks
// and the European one (14 to 28 March 2027), New York is 5 hours behind
// Berlin, else 6. Read on Thursday 25 March at 16:00 in New York, that
// day's 14:30 (19:30 in Berlin) has passed: `weekly thu 14:30` first
// meets on 1 April, 20:30 in Berlin, and `monthly first tue 14:30` on 6
// April, the same. Read on Monday 22 March, the first Thursday is still
// 5 hours apart, but a time that suits the weeks after the change too is
// preferred.
func TestWelcomeExampleAcrossAChangeOfTheClocks(t *testing.T) {
	for _, c := range []struct {
		name string
		at   time.Time
	}{
		{"after the week's time", utc(2027, 3, 25, 20, 0)}, // Thu 16:00 in New York
		{"before the change", utc(2027, 3, 22, 16, 0)},     // Mon 12:00 in New York
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			e.clock.Set(c.at)
			e.settle()
			e.pairAliceAndBob()
			want := map[string]string{
				alice: "`/mentor meet @bob weekly thu 15:00` (or `biweekly`, `monthly first tue 15:00`)",
				bob:   "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`)",
			}
			for _, u := range []string{alice, bob} {
				m := e.waitDM(u, "Welcome to mentoring")
				if text := blockText(m.Blocks); !strings.Contains(text, want[u]) {
					t.Errorf("%s's welcome: want %q in\n%s", u, want[u], text)
				}
			}
			if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30` (or `biweekly`, `monthly first tue 13:30`") {
				t.Errorf("bob's /mentor next: %s", got)
			}
			// Typed as suggested, each sets its meetings without a warning.
			for _, when := range []string{"monthly first tue 13:30", "weekly thu 13:30"} {
				if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> "+when); !strings.Contains(got, "are set") || strings.Contains(got, ":warning:") || strings.Contains(got, "night") {
					t.Errorf("bob's example %q, typed: %s", when, got)
				}
			}
		})
	}
}
