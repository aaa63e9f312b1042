package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of meeting times that fall in the partner's night, and
// of /mentor next's wording. testStart is Monday 2026-11-02 08:00 UTC:
// 13:30 in Kolkata (farid), 00:00 in Los Angeles (erin, PST).

const farid = "UFARID" // in Kolkata, added by hoursEnv

// hoursEnv is an env where farid (Asia/Kolkata) mentors erin
// (America/Los_Angeles): 13 h 30 apart.
func hoursEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	e := newEnv(t, opts...)
	e.sim.AddUser(slacksim.User{ID: farid, Name: "farid", RealName: "Farid Khan", TZ: "Asia/Kolkata"})
	if got := e.meetAnswer(dana, "/mentor", "pair <@UFARID|farid> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing farid and erin: %q", got)
	}
	return e
}

// The setter of a meeting in the partner's night hears so, in one line,
// with a time of the same day that suits both; the meeting is set all the
// same, and the partner's own message has no warning.
func TestHoursMeetInThePartnersNight(t *testing.T) {
	e := hoursEnv(t)

	// The audit's case. Monday 18:30 in Kolkata is Monday 05:00 in Los
	// Angeles. Erin's Sunday daytime (08:00–20:00) ends at 09:30 on
	// Kolkata's Monday, so a 45-minute meeting that day suits both from
	// 08:00 or 08:30, the nearest; her Monday daytime begins at 21:30,
	// after farid's. It is past today: the meetings would start next week.
	got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> biweekly mon 18:30 for 45m")
	want := ":warning: That's 05:00 on Monday for <@UERIN> (America/Los_Angeles), in their night — " +
		"`/mentor meet @erin biweekly mon 08:30 for 45m` would be daytime for both of you (Sunday 19:00 for them)."
	if !strings.Contains(got, "Your meetings with <@UERIN> are set") || !strings.Contains(got, want) {
		t.Errorf("farid's answer lacks the warning %q:\n%s", want, got)
	}
	if n := strings.Count(got, ":warning:"); n != 1 {
		t.Errorf("%d warnings in %q", n, got)
	}
	dm := e.waitDM(erin, "set your meetings: every other Monday at 18:30")
	if text := dm.Text + blockText(dm.Blocks); strings.Contains(text, ":warning:") || !strings.Contains(text, "Monday 05:00 your time") {
		t.Errorf("erin's DM: %s", text)
	}
	p := e.livePairOf(farid, erin)
	if sc, ok, err := e.app.DB.Schedule(e.ctx, p.ID); err != nil || !ok || !strings.HasPrefix(sc.Rule, "biweekly mon 18:30 Asia/Kolkata") {
		t.Errorf("the meetings were not set as asked: %+v, %v, %v", sc, ok, err)
	}
	// Set again as they are: still said.
	if got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> biweekly mon 18:30 for 45m"); !strings.Contains(got, "already set") || !strings.Contains(got, want) {
		t.Errorf("set again: %q", got)
	}

	// The suggestion, taken, is daytime for both: no warning.
	if got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> biweekly mon 08:30 for 45m"); strings.Contains(got, ":warning:") || !strings.Contains(got, "are set") {
		t.Errorf("the suggested time: %q", got)
	}

	// Two hours fit in no daytime that day shares.
	got = e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> weekly tue 18:30 for 2h")
	want = ":warning: That's 05:00 on Tuesday for <@UERIN> (America/Los_Angeles), in their night, and no time on your Tuesday is daytime for both of you."
	if !strings.Contains(got, want) || !strings.Contains(got, "are set") {
		t.Errorf("no time suits both: want %q in\n%s", want, got)
	}

	// A one-off at erin's 07:30 (Kolkata 21:00): the suggestion is a
	// date and time, of 30 minutes, so 09:00 is the nearest that suits
	// both (Kolkata's 21:30 would be her day, but is farid's night).
	got = e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> 2026-11-10 21:00")
	want = "That's 07:30 on Tuesday for <@UERIN> (America/Los_Angeles), in their night — `/mentor meet @erin 2026-11-10 09:00` would be daytime for both of you (Monday 19:30 for them)."
	if !strings.Contains(got, want) {
		t.Errorf("a one-off: want %q in\n%s", want, got)
	}
	// A one-off today: the hours that suited both (08:00–09:30) are past.
	got = e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> 2026-11-02 18:30")
	want = "That's 05:00 on Monday for <@UERIN> (America/Los_Angeles), in their night, and no time still to come on your Monday is daytime for both of you."
	if !strings.Contains(got, want) {
		t.Errorf("a one-off today: want %q in\n%s", want, got)
	}
}

// The partner's own quiet hours, then the programme's, say when their
// night is; 08:00–20:00 is daytime only without either.
func TestHoursWhoseNight(t *testing.T) {
	t.Run("the programme's quiet hours", func(t *testing.T) {
		e := hoursEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "21:00-07:00"))
		// Tuesday 21:00 in Kolkata is Tuesday 07:30 for erin: day by the
		// programme's hours, not by 08:00–20:00.
		if got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> weekly tue 21:00"); strings.Contains(got, ":warning:") {
			t.Errorf("07:30 warned of under quiet hours 21:00-07:00: %q", got)
		}
		if got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> weekly tue 20:00"); !strings.Contains(got, ":warning: That's 06:30 on Tuesday for <@UERIN> (America/Los_Angeles), in their night") {
			t.Errorf("06:30 not warned of: %q", got)
		}
	})
	t.Run("the partner's own quiet hours", func(t *testing.T) {
		e := hoursEnv(t)
		s := store.DefaultSettings()
		s.QuietHours = new("22:00-06:00")
		if err := e.app.DB.SaveSettings(e.ctx, erin, s); err != nil {
			t.Fatal(err)
		}
		// 07:00 for erin: night by the default, day by her own hours.
		if got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> weekly tue 20:30"); strings.Contains(got, ":warning:") {
			t.Errorf("07:00 warned of under her own quiet hours 22:00-06:00: %q", got)
		}
		got := e.meetAnswer(farid, "/mentor", "meet <@UERIN|erin> weekly tue 18:30")
		if !strings.Contains(got, ":warning: That's 05:00 on Tuesday for <@UERIN> (America/Los_Angeles), in their quiet hours (22:00-06:00)") {
			t.Errorf("05:00 in her own quiet hours: %q", got)
		}
	})
}

// /mentor move warns the mover the same way; the partner is not warned
// of a time someone else chose.
func TestHoursMoveInThePartnersNight(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	// 05:00 on Thursday in Berlin is 23:00 on Wednesday in New York. Both
	// are in the day from 14:00 to 20:00 Berlin time; 14:00 is nearest.
	got := e.cmd(alice, "/mentor", "move 05:00")
	want := ":warning: That's 23:00 on Wednesday for <@UBOB> (America/New_York), in their night — " +
		"`/mentor move @bob 2026-11-05 14:00` would be daytime for both of you (Thursday 08:00 for them)."
	if !strings.Contains(got, "Moved your meeting") || !strings.Contains(got, want) {
		t.Errorf("alice's answer lacks %q:\n%s", want, got)
	}
	if dm := e.waitDM(bob, "moved your meeting from"); strings.Contains(dm.Text+blockText(dm.Blocks), ":warning:") {
		t.Errorf("bob is warned of a time alice chose: %q", dm.Text)
	}
	if got := e.cmd(alice, "/mentor", "move <@UBOB|bob> 2026-11-05 14:00"); strings.Contains(got, ":warning:") {
		t.Errorf("the suggested time is warned of: %q", got)
	}
}

// The move form warns the same way.
func TestHoursMoveFormInThePartnersNight(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	res := e.cmdIn(alice, e.dmChannel(alice), "/mentor", "next")
	if res.Message == nil {
		t.Fatal("next showed nothing")
	}
	if _, err := e.sim.ClickButton(ctx, alice, *res.Message, "meeting_move"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(alice, "meeting_move")
	sub, err := e.sim.SubmitView(ctx, alice, v.ID, map[string]map[string]any{"move_day": {"move_day": "2026-11-05"}, "move_time": {"move_time": "05:00"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("submit the move form: %v %+v", err, sub)
	}
	m := e.waitDM(alice, "Moved your meeting")
	want := ":warning: That's 23:00 on Wednesday for <@UBOB> (America/New_York), in their night — " +
		"`/mentor move @bob 2026-11-05 14:00` would be daytime for both of you (Thursday 08:00 for them)."
	if text := m.Text + blockText(m.Blocks); !strings.Contains(text, want) {
		t.Errorf("the form's confirmation lacks %q:\n%s", want, text)
	}
}

// /mentor next describes a paused schedule, and one with nothing ahead,
// without parentheses inside parentheses.
func TestHoursNextReadsCleanly(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly tue 15:00")
	e.meetAnswer(alice, "/mentor", "pause")
	got := e.meetAnswer(bob, "/mentor", "next")
	// In the reader's time too, as when not paused.
	if !strings.Contains(got, "are *paused*: every Tuesday at 15:00 (Europe/Berlin; Tuesday 09:00 your time until the clocks change). `/mentor resume @alice` starts them again.") {
		t.Errorf("paused: %q", got)
	}
	nested := func(s string) bool { return strings.Contains(s, "))") || strings.Contains(s, "((") }
	if nested(got) {
		t.Errorf("nested parentheses: %q", got)
	}

	e.meetAnswer(alice, "/mentor", "resume")
	e.meetAnswer(alice, "/mentor", "meet 2026-11-10 15:00")
	e.meetAnswer(alice, "/mentor", "skip")
	got = e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(got, "and there is no meeting after it; your schedule was once, on Tue 10 Nov 2026 at 15:00 (Europe/Berlin; Tue 10 Nov 09:00 your time).") || nested(got) {
		t.Errorf("a skipped one-off: %q", got)
	}

	// A one-off that took place: nothing ahead. In the reader's time too.
	e.meetAnswer(alice, "/mentor", "meet 2026-11-03 15:00")
	e.advance(48 * time.Hour)
	got = e.meetAnswer(bob, "/mentor", "next")
	if !strings.Contains(got, "have no upcoming meeting; your schedule was once, on Tue 3 Nov 2026 at 15:00 (Europe/Berlin; Tue 3 Nov 09:00 your time). Set the next one with") || nested(got) {
		t.Errorf("a one-off that took place: %q", got)
	}
}

// /mentor next says "None yet." of a pair's to-dos before it has had
// any, and "nicely done" once it closed those it had.
func TestHoursNextTodosNoneYet(t *testing.T) {
	e := meetEnv(t)
	got := e.meetAnswer(alice, "/mentor", "next")
	if !strings.Contains(got, "*Open to-dos*\n_None yet._") || strings.Contains(got, "nicely done") {
		t.Errorf("a pair that never had a to-do: %q", got)
	}
	logged := e.cmd(bob, "/session", "log notes todo: read the SRE book")
	n := sessionTodoNumber(t, logged, "read the SRE book")
	if got := e.meetAnswer(alice, "/mentor", "next"); !strings.Contains(got, "read the SRE book") {
		t.Errorf("an open to-do: %q", got)
	}
	e.cmd(bob, "/session", "done "+strconv.FormatInt(n, 10))
	if got := e.meetAnswer(alice, "/mentor", "next"); !strings.Contains(got, "_None — nicely done._") {
		t.Errorf("a pair that closed its to-dos: %q", got)
	}
}

// A meeting set in the small hours of the setter's own night is most
// likely 3:00 typed for 15:00: the answer asks, with the command for the
// afternoon when that suits both; when it is the partner's night too, the
// warning suggests that afternoon rather than the nearest morning. It is
// set as typed all the same; an early time plausibly meant gets no remark.
func TestHoursMeetInTheSettersOwnNightAsksAboutTheAfternoon(t *testing.T) {
	t.Run("the setter's night only", func(t *testing.T) {
		// Under quiet hours 23:00-06:00, bob's 03:00 in New York is
		// alice's 09:00 in Berlin, and his 15:00 her 21:00: both daytime
		// for her.
		e := newEnv(t, withEnv("MENTORBOT_QUIET_HOURS", "23:00-06:00"))
		e.pairAliceAndBob()
		got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 3:00")
		want := ":crescent_moon: That's 03:00 at night for you. If you meant 15:00, `/mentor meet @alice weekly thu 15:00` sets that."
		if !strings.Contains(got, want) || !strings.Contains(got, "are set") || strings.Contains(got, ":warning:") {
			t.Errorf("3:00: want %q in\n%s", want, got)
		}
		if sc, ok, err := e.app.DB.Schedule(e.ctx, e.livePairOf(alice, bob).ID); err != nil || !ok || !strings.HasPrefix(sc.Rule, "weekly thu 03:00 America/New_York") {
			t.Errorf("the meetings were not set as typed: %+v, %v, %v", sc, ok, err)
		}
		// A leading zero says the hour was meant as typed.
		for _, when := range []string{"weekly thu 06:30", "weekly thu 03:00", "weekly thu 15:00"} {
			if got := e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> "+when); strings.Contains(got, ":crescent_moon:") {
				t.Errorf("%s: %q", when, got)
			}
		}
	})
	t.Run("both their nights", func(t *testing.T) {
		e := newEnv(t)
		const greta = "UGRETA"
		e.sim.AddUser(slacksim.User{ID: greta, Name: "greta", RealName: "Greta Gold", TZ: "Europe/Berlin"})
		if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UGRETA|greta>"); !strings.Contains(got, "Paired") {
			t.Fatalf("pairing alice and greta: %q", got)
		}
		got := e.meetAnswer(alice, "/mentor", "meet <@UGRETA|greta> weekly thu 3:00")
		want := "`/mentor meet @greta weekly thu 15:00` would be daytime for both of you (Thursday 15:00 for them)."
		if !strings.Contains(got, want) || !strings.Contains(got, "are set") {
			t.Errorf("3:00: want %q in\n%s", want, got)
		}
		got = e.meetAnswer(alice, "/mentor", "meet <@UGRETA|greta> 2026-11-10 4:30")
		want = "`/mentor meet @greta 2026-11-10 16:30` would be daytime for both of you"
		if !strings.Contains(got, want) {
			t.Errorf("a one-off at 4:30: want %q in\n%s", want, got)
		}
		// 07:30 may well be meant: the nearest daytime is suggested.
		got = e.meetAnswer(alice, "/mentor", "meet <@UGRETA|greta> weekly thu 07:30")
		want = "`/mentor meet @greta weekly thu 08:00` would be daytime for both of you"
		if !strings.Contains(got, want) {
			t.Errorf("07:30: want %q in\n%s", want, got)
		}
	})
}

// tzEnv is meetEnv (alice in Berlin mentors bob in New York) with the
// clock moved to at first.
func tzEnv(t *testing.T, at time.Time, opts ...envOption) *env {
	t.Helper()
	e := newEnv(t, opts...)
	e.clock.Set(at)
	e.settle()
	e.pairAliceAndBob()
	return e
}

// A weekly 02:30 in New York falls in the hour the clocks skip on Sunday
// 14 March 2027: that meeting is at 03:30, and whoever reads 03:30 where
// 02:30 was typed is told why — in the confirmation, both members' DMs,
// /mentor next and the reminders of that week. The week after is 02:30
// again, with no note.
func TestTZMeetingInTheSpringForwardGapIsExplained(t *testing.T) {
	e := tzEnv(t, time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC))
	const note = "On Sun 14 Mar 2027 the clocks in America/New_York skip 02:30 (they go forward an hour), so that meeting is at 03:30 there."
	got := e.meetAnswer(bob, "/mentor", "meet weekly sun 02:30")
	if !strings.Contains(got, "Sun 14 Mar 2027 at 03:30 EDT") || !strings.Contains(got, note) {
		t.Errorf("bob's confirmation does not explain the 03:30:\n%s", got)
	}
	if n := strings.Count(got, "the clocks in"); n != 1 {
		t.Errorf("%d notes about the clocks in bob's confirmation, want 1 (only 14 March moves):\n%s", n, got)
	}
	e.waitDM(alice, note)
	if got := e.cmd(bob, "/mentor", "next"); !strings.Contains(got, note) {
		t.Errorf("/mentor next does not explain the 03:30:\n%s", got)
	}

	// The meeting is at 07:30 UTC (03:30 EDT); the reminders come 24 h
	// and 1 h before that instant, saying why. The agenda prompt, due 48
	// h before, at 02:30 EST on Friday, waits for the end of bob's quiet
	// hours, 08:00 EST (13:00 UTC), and says why too.
	meeting := time.Date(2027, 3, 14, 7, 30, 0, 0, time.UTC)
	e.clock.Set(meeting.Add(-48 * time.Hour))
	e.settle()
	if p := e.dms(bob, "What do you want to cover"); len(p) != 0 {
		t.Errorf("the agenda prompt came at 02:30 in bob's night: %s", e.describeDMs(bob))
	}
	e.clock.Set(time.Date(2027, 3, 12, 13, 0, 0, 0, time.UTC))
	e.settle()
	if p := e.dms(bob, "What do you want to cover"); len(p) != 1 || !contains(p[0], note) {
		t.Errorf("the agenda prompt at the end of bob's quiet hours: %d, %s", len(p), e.describeDMs(bob))
	}
	for _, lead := range []time.Duration{24 * time.Hour, time.Hour} {
		// (A burst may release a DM some seconds early; a minute is more.)
		e.clock.Set(meeting.Add(-lead).Add(-time.Minute))
		e.settle()
		before := len(e.dms(bob, "Reminder"))
		e.clock.Set(meeting.Add(-lead))
		e.settle()
		rs := e.dms(bob, "Reminder")
		if len(rs) != before+1 {
			t.Fatalf("%v before the meeting: %d reminders to bob, want %d", lead, len(rs), before+1)
		}
		if r := rs[len(rs)-1]; !contains(r, note) {
			t.Errorf("the reminder %v before does not explain the 03:30: %s", lead, blockText(r.Blocks))
		}
	}

	// The next week's meeting is at 02:30, as typed: nothing to explain.
	e.clock.Set(time.Date(2027, 3, 20, 6, 30, 0, 0, time.UTC))
	e.settle()
	rs := e.dms(bob, "Reminder")
	if r := rs[len(rs)-1]; !contains(r, "Sun 21 Mar 2027 at 02:30 EDT") || contains(r, "the clocks in") {
		t.Errorf("the reminder for 21 March: %s", r.Text+" "+blockText(r.Blocks))
	}
}

// A time that happens twice, as the clocks go back, is the first of the
// two; the person who typed it, and their partner, are told which.
func TestTZMeetingAtARepeatedTimeIsExplained(t *testing.T) {
	e := tzEnv(t, time.Date(2027, 10, 25, 12, 0, 0, 0, time.UTC))
	got := e.meetAnswer(bob, "/mentor", "meet 2027-11-07 01:30")
	const note = "On Sun 7 Nov 2027 the clocks in America/New_York go back an hour, so 01:30 happens twice there: that meeting is at the first 01:30 (EDT)."
	if !strings.Contains(got, "Sun 7 Nov 2027 at 01:30 EDT") || !strings.Contains(got, note) {
		t.Errorf("bob's confirmation does not say which 01:30:\n%s", got)
	}
	e.waitDM(alice, note)

	// Moved to 02:30 on Berlin's fall-back day, by alice: hers is the
	// zone the time was typed in.
	got = e.cmd(alice, "/mentor", "move 2027-10-31 02:30")
	const berlin = "On Sun 31 Oct 2027 the clocks in Europe/Berlin go back an hour, so 02:30 happens twice there: that meeting is at the first 02:30 (CEST)."
	if !strings.Contains(got, "Moved your meeting") || !strings.Contains(got, berlin) {
		t.Errorf("alice's move does not say which 02:30:\n%s", got)
	}
	// A plain time gets no such note.
	if got := e.cmd(alice, "/mentor", "move 2027-11-02 15:00"); !strings.Contains(got, "Moved your meeting") || strings.Contains(got, "the clocks in") {
		t.Errorf("a move to an ordinary time: %s", got)
	}
}

// Someone whose Slack profile has no time zone is told that the times
// they type are read in the programme's default, when they set or move
// meetings; someone with a zone is not.
func TestNoZoneInTheProfileIsSaid(t *testing.T) {
	e := newEnv(t)
	const noz = "UNOTZ"
	if got := e.meetAnswer(dana, "/mentor", "pair <@UNOTZ|nozone> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing noz and erin: %q", got)
	}
	const note = "Your Slack profile has no time zone, so I read the times you type in UTC, the programme's default."
	for _, c := range []string{"meet", "meet weekly tue 10:00", "move", "move wed 10:00"} {
		if got := e.meetAnswer(noz, "/mentor", c); !strings.Contains(got, note) || strings.Contains(got, "read in your time zone") {
			t.Errorf("noz's /mentor %s lacks the note, or says times are read in their zone: %q", c, got)
		}
	}
	if got := e.meetAnswer(erin, "/mentor", "meet weekly tue 11:00"); strings.Contains(got, "no time zone") {
		t.Errorf("erin, who has a zone, is told she has none: %q", got)
	}
}
