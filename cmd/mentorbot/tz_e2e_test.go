package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of what people far apart in time zones read of each
// other's dates.

// kir and pago are 25 hours apart: Kiritimati (+14) and Pago Pago (-11).
// At 12:00 UTC it is tomorrow 02:00 for kir and today 01:00 for pago.
const (
	kir  = "UKIR"
	pago = "UPAGO"
)

// tzFarEnv is an env on the clock at at, where kir mentors pago.
func tzFarEnv(t *testing.T, at time.Time) *env {
	t.Helper()
	e := newEnv(t)
	e.clock.Set(at)
	e.settle()
	e.sim.AddUser(slacksim.User{ID: kir, Name: "kir", RealName: "Kiri Tabu", TZ: "Pacific/Kiritimati"})
	e.sim.AddUser(slacksim.User{ID: pago, Name: "pago", RealName: "Pago Lemalu", TZ: "Pacific/Pago_Pago"})
	if got := e.meetAnswer(dana, "/mentor", "pair <@UKIR|kir> <@UPAGO|pago>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing kir and pago: %q", got)
	}
	return e
}

// A goal is late by its owner's day: a mentor already in tomorrow reads
// a mentee's goal due today as due today, their time, not as overdue,
// in every place the mentor reads it; the mentee's own view is as it was.
func TestTZGoalDueByTheOwnersDay(t *testing.T) {
	e := tzFarEnv(t, time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	if got := e.goalAdd(pago, "Ship 3 demos by Dec 31"); !strings.Contains(got, "Added goal *#1*") {
		t.Fatalf("pago's goal: %q", got)
	}
	const own, theirs = "due *today*, Thu 31 Dec 2026", "due *today* (their time), Thu 31 Dec 2026"
	if got := e.meetAnswer(pago, "/goal", "list"); !strings.Contains(got, own) {
		t.Errorf("pago's list lacks %q:\n%s", own, got)
	}
	if got := e.meetAnswer(pago, "/goal", "show 1"); !strings.Contains(got, own) {
		t.Errorf("pago's /goal show lacks %q:\n%s", own, got)
	}
	for what, got := range map[string]string{
		"kir's /goal list @pago": e.meetAnswer(kir, "/goal", "list <@UPAGO|pago>"),
		"kir's /goal show 1":     e.meetAnswer(kir, "/goal", "show 1"),
		"kir's Home":             homeText(homeOpen(e, kir, func(s string) bool { return strings.Contains(s, "Ship 3 demos") })),
	} {
		if !strings.Contains(got, theirs) || strings.Contains(got, "overdue") {
			t.Errorf("%s: want %q, not overdue:\n%s", what, theirs, got)
		}
	}

	// A day later for pago (two days on for kir) the goal is late by
	// pago's day, and kir reads it so, with "(their time)".
	e.clock.Set(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC))
	e.settle()
	if got := e.meetAnswer(kir, "/goal", "list <@UPAGO|pago>"); !strings.Contains(got, ":warning: *overdue* — was due yesterday (their time), Thu 31 Dec 2026") {
		t.Errorf("kir's list a day later:\n%s", got)
	}
	if got := e.meetAnswer(pago, "/goal", "list"); !strings.Contains(got, ":warning: *overdue* — was due yesterday, Thu 31 Dec 2026") {
		t.Errorf("pago's list a day later:\n%s", got)
	}
}

// Kir's weekly check-in, Monday 09:00 in Kiritimati, is Sunday morning
// for pago: a goal of pago's due that Sunday is due today, not overdue.
func TestTZCheckinListsAMenteesGoalByTheirDay(t *testing.T) {
	e := tzFarEnv(t, time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	if got := e.goalAdd(pago, "Ship 3 demos by Jan 3 2027"); !strings.Contains(got, "Added goal *#1*") {
		t.Fatalf("pago's goal: %q", got)
	}
	e.schedWalk(time.Date(2027, 1, 3, 20, 0, 0, 0, time.UTC))
	got := blockText(e.schedDM("checkin:to=" + kir + ":on=2027-01-04").Blocks)
	if want := "due *today* (their time), Sun 3 Jan 2027"; !strings.Contains(got, want) || strings.Contains(got, "overdue") {
		t.Errorf("kir's check-in: want %q, not overdue:\n%s", want, got)
	}
}

// The report counts a goal as overdue by its owner's day, as they and
// their mentors read it, not by UTC's: kir's goal due 31 December is late
// once kir's 1 January has begun, before UTC's; pago's is not late
// while pago's 31 December lasts, after UTC's has ended.
func TestTZReportCountsOverdueGoalsByTheOwnersDay(t *testing.T) {
	e := tzFarEnv(t, time.Date(2026, 12, 30, 12, 0, 0, 0, time.UTC))
	for _, who := range []string{kir, pago} {
		if got := e.goalAdd(who, "Ship 3 demos by Dec 31"); !strings.Contains(got, "Added goal") {
			t.Fatalf("%s's goal: %q", who, got)
		}
	}
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), "2 open (1 overdue)"}, // kir's 1 Jan, UTC's 31 Dec
		{time.Date(2027, 1, 1, 5, 0, 0, 0, time.UTC), "2 open (1 overdue)"},    // UTC's 1 Jan, pago's 31 Dec
		{time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "2 open (2 overdue)"},   // pago's 1 Jan too
	} {
		e.clock.Set(c.at)
		e.settle()
		if got := e.meetAnswer(dana, "/mentor", "report"); !strings.Contains(got, c.want) {
			t.Errorf("the report at %s lacks %q:\n%s", c.at.Format(time.RFC3339), c.want, got)
		}
	}
}

// An admin of MENTORBOT_ADMINS whom the bot has never met hears that a
// round reaches its end date at 9:00 in their own zone, looked up in
// Slack, not at 9:00 in the default zone.
func TestTZRoundEndReachesAnUnmetAdminInTheirMorning(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_ADMINS", dana+","+kir))
	e.sim.AddUser(slacksim.User{ID: kir, Name: "kir", RealName: "Kiri Tabu", TZ: "Pacific/Kiritimati"})
	startRound(e, "Winter", "2026-11-20")
	// 09:00 on 20 November in Kiritimati is 19:00 UTC the day before.
	e.clock.Set(time.Date(2026, 11, 19, 18, 59, 0, 0, time.UTC))
	e.settle()
	if n := len(e.dms(kir, "reaches its end date")); n != 0 {
		t.Fatalf("kir reminded %d times before his 09:00 on the end date", n)
	}
	e.clock.Set(time.Date(2026, 11, 19, 19, 0, 0, 0, time.UTC))
	e.settle()
	e.waitDM(kir, "reaches its end date today (Fri 20 Nov 2026)")
}

// /session todos dates a pair's end in the reader's zone in the text
// that notifications and previews show, as /mentor pairs does: the pair
// ended on kir's 1 January, UTC's 31 December.
func TestTZTodosOfAnEndedPairDatedInTheReadersZone(t *testing.T) {
	e := tzFarEnv(t, time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC))
	p := e.livePairOf(kir, pago)
	if _, err := e.app.DB.LogSession(e.ctx, kir, store.NewSession{PairID: p.ID, HeldOn: "2027-01-01", Notes: "kick-off",
		Todos: []store.NewTodo{{OwnerID: kir, Text: "Send pago the demo checklist"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.EndPair(e.ctx, kir, p.ID); err != nil {
		t.Fatal(err)
	}
	got := e.meetAnswer(kir, "/session", "todos")
	if want := "from your pair with <@UPAGO>, ended <!date^1798718400^{date_short_pretty}|Fri 1 Jan 2027>"; !strings.Contains(got, want) {
		t.Errorf("kir's to-dos lack %q:\n%s", want, got)
	}
}

// The report's CSV is named and titled by the admin's own day, as its
// covering message dates it and as /mentor export names its file: at
// 12:01 on Monday 15 March in Kiritimati, UTC is still on the 14th.
func TestTZReportFileNamedByTheAdminsDay(t *testing.T) {
	e := newEnv(t, withEnv("MENTORBOT_ADMINS", dana+","+kir))
	e.sim.AddUser(slacksim.User{ID: kir, Name: "kir", RealName: "Kiri Tabu", TZ: "Pacific/Kiritimati"})
	e.clock.Set(time.Date(2027, 3, 14, 22, 1, 0, 0, time.UTC))
	e.settle()
	e.cmd(kir, "/mentor", "report")
	f := pgWaitFile(e, kir, "mentorbot-report-").Files[0]
	if f.Name != "mentorbot-report-2027-03-15.csv" || f.Title != "Programme report (2027-03-15)" {
		t.Errorf("kir's report file is %q, titled %q", f.Name, f.Title)
	}
}

// A time's fallback text names a zone without letters by its offset,
// "UTC+05:45" as the README writes offset-only zones, not "+0545".
func TestTZZoneWithoutLettersNamedByItsOffset(t *testing.T) {
	e := newEnv(t)
	e.sim.AddUser(slacksim.User{ID: "UNIRA", Name: "nira", RealName: "Nira Thapa", TZ: "Asia/Kathmandu"})
	if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UNIRA|nira>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and nira: %q", got)
	}
	got := e.meetAnswer("UNIRA", "/mentor", "meet <@UALICE|alice> 2026-11-10 15:00")
	if want := "|Tue 10 Nov 2026 at 15:00 UTC+05:45>"; !strings.Contains(got, want) || strings.Contains(got, "+0545") {
		t.Errorf("nira's answer lacks %q:\n%s", want, got)
	}
}
