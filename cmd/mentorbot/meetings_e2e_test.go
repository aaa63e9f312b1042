package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of /mentor meet, next, skip, pause, resume and agenda.
// testStart is Monday 2026-11-02 08:00 UTC: 09:00 in Berlin (alice, CET),
// 03:00 in New York (bob, EST), 17:00 in Tokyo (carol).

// meetEnv is an env where alice (Berlin) mentors bob (New York).
func meetEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.pairAliceAndBob()
	return e
}

// pairAliceAndBob has dana pair alice (mentor) with bob, and checks at the
// end of the test that the simulator refused nothing the bot sent.
func (e *env) pairAliceAndBob() {
	e.t.Helper()
	if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		e.t.Fatalf("pairing alice and bob: %q", got)
	}
	e.t.Cleanup(func() {
		if fs := e.sim.Failures(); len(fs) > 0 {
			e.t.Errorf("the simulator flagged what Slack would have refused:\n%s", strings.Join(fs, "\n"))
		}
	})
}

// meetPair is the live pair of alice and bob.
func (e *env) meetPair() store.Pair {
	e.t.Helper()
	return e.livePairOf(alice, bob)
}

// livePairOf is the live pair of a and b.
func (e *env) livePairOf(a, b string) store.Pair {
	e.t.Helper()
	ps, err := e.app.DB.PairsOf(e.ctx, a, false)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range ps {
		if p.Has(b) {
			return p
		}
	}
	e.t.Fatalf("%s and %s are not a pair", a, b)
	return store.Pair{}
}

var meetDateRe = regexp.MustCompile(`<!date\^(\d+)\^([^|]*)\|([^>]*)>`)

// answer runs a slash command and returns what the person sees: the
// blocks' text when the answer has blocks (their text field only repeats
// them for notifications), else the text.
func (e *env) meetAnswer(user, command, text string) string {
	e.t.Helper()
	res := e.cmdIn(user, e.dmChannel(user), command, text)
	if res.Message != nil && len(res.Message.Blocks) > 0 {
		return blockText(res.Message.Blocks)
	}
	return ackText(e.t, res)
}

// meetDates returns the instants of the Slack date tokens in s, in order.
func meetDates(s string) []time.Time {
	var out []time.Time
	for _, m := range meetDateRe.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, time.Unix(n, 0).UTC())
	}
	return out
}

// meetFirstDate is the first date token in s; the test fails without one.
func meetFirstDate(t *testing.T, what, s string) time.Time {
	t.Helper()
	ds := meetDates(s)
	if len(ds) == 0 {
		t.Fatalf("%s: no <!date^…> in %q", what, s)
	}
	return ds[0]
}

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

func sameTimes(got []time.Time, want ...time.Time) bool {
	if len(got) < len(want) {
		return false
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			return false
		}
	}
	return true
}

func meetCtx(e *env) context.Context {
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	e.t.Cleanup(cancel)
	return ctx
}

func TestMeetWeeklyEachSeesTheirOwnZone(t *testing.T) {
	e := meetEnv(t)
	thu := utc(2026, 11, 5, 14, 0) // 15:00 in Berlin, 09:00 in New York

	got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	if !strings.Contains(got, "every Thursday at 15:00 (Europe/Berlin)") || !strings.Contains(got, "30 min") {
		t.Errorf("alice's confirmation: %q", got)
	}
	if ds := meetDates(got); !sameTimes(ds, thu, thu.AddDate(0, 0, 7), thu.AddDate(0, 0, 14)) {
		t.Errorf("alice's confirmation dates = %v; want Thursdays 14:00 UTC from %v", ds, thu)
	}
	if !strings.Contains(got, "{date_long_pretty} at {time}|Thu 5 Nov 2026 at 15:00 CET") {
		t.Errorf("alice's date token is not in her zone: %q", got)
	}

	// Bob is told, with the same instants, written for New York.
	dm := e.waitDM(bob, "set your meetings")
	text := blockText(dm.Blocks) // its text, the notification's, has only the next
	if !strings.Contains(text, "<@UALICE>") || !sameTimes(meetDates(text), thu, thu.AddDate(0, 0, 7)) {
		t.Errorf("bob's DM: %s", text)
	}
	if !strings.Contains(text, "|Thu 5 Nov 2026 at 09:00 EST>") {
		t.Errorf("bob's DM does not show his zone: %s", text)
	}

	// Both see the same next meeting.
	for _, who := range []string{alice, bob} {
		next := e.meetAnswer(who, "/mentor", "next")
		if d := meetFirstDate(t, who+" next", next); !d.Equal(thu) {
			t.Errorf("%s's next meeting = %v, want %v", who, d, thu)
		}
	}
	sc, ok, err := e.app.DB.Schedule(e.ctx, e.meetPair().ID)
	if err != nil || !ok || sc.Rule != "weekly thu 15:00 Europe/Berlin from 2026-11-05" || sc.Duration != 30*time.Minute || sc.SetBy != alice {
		t.Errorf("stored schedule = %+v, %v, %v", sc, ok, err)
	}

	// Bob's "15:00" is New York's: 20:00 UTC. The new cadence replaces
	// alice's, and alice is told.
	got = e.meetAnswer(bob, "/mentor", "meet <@UALICE|alice> weekly thu 15:00 for 1h")
	if d := meetFirstDate(t, "bob meet", got); !d.Equal(utc(2026, 11, 5, 20, 0)) || !strings.Contains(got, "1 h") {
		t.Errorf("bob's meeting: %v in %q", d, got)
	}
	dm = e.waitDM(alice, "<@UBOB> set your meetings")
	if !strings.Contains(dm.Text+blockText(dm.Blocks), "|Thu 5 Nov 2026 at 21:00 CET>") {
		t.Errorf("alice's DM: %s", dm.Text+blockText(dm.Blocks))
	}
	if d := meetFirstDate(t, "alice next", e.meetAnswer(alice, "/mentor", "next")); !d.Equal(utc(2026, 11, 5, 20, 0)) {
		t.Errorf("after bob's change alice's next = %v", d)
	}
}

func TestMeetEveryForm(t *testing.T) {
	e := meetEnv(t)
	cases := []struct {
		when string
		want []time.Time
	}{
		// Monday 2026-11-02 09:00 Berlin: 10:00 today is still ahead.
		{"biweekly mon 10:00", []time.Time{utc(2026, 11, 2, 9, 0), utc(2026, 11, 16, 9, 0), utc(2026, 11, 30, 9, 0), utc(2026, 12, 14, 9, 0)}},
		{"monthly last fri 16:00", []time.Time{utc(2026, 11, 27, 15, 0), utc(2026, 12, 25, 15, 0), utc(2027, 1, 29, 15, 0)}},
		{"monthly first tue 10:00", []time.Time{utc(2026, 11, 3, 9, 0), utc(2026, 12, 1, 9, 0), utc(2027, 1, 5, 9, 0)}},
		{"monthly second wed 8:30", []time.Time{utc(2026, 11, 11, 7, 30), utc(2026, 12, 9, 7, 30)}},
		{"monthly third thu 12:00", []time.Time{utc(2026, 11, 19, 11, 0), utc(2026, 12, 17, 11, 0)}},
		{"monthly fourth mon 17:00", []time.Time{utc(2026, 11, 23, 16, 0), utc(2026, 12, 28, 16, 0)}},
		{"2026-11-10 14:00 for 45m", []time.Time{utc(2026, 11, 10, 13, 0)}},
	}
	for _, c := range cases {
		got := e.meetAnswer(alice, "/mentor", "meet "+c.when)
		if ds := meetDates(got); !sameTimes(ds, c.want...) {
			t.Errorf("meet %s: dates %v, want %v\n%s", c.when, ds, c.want, got)
		}
		next := e.meetAnswer(bob, "/mentor", "next")
		if ds := meetDates(next); !sameTimes(ds, c.want...) {
			t.Errorf("meet %s: bob's next %v, want %v", c.when, ds, c.want)
		}
	}
	if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "45 min") || !strings.Contains(got, "once, on Tue 10 Nov 2026 at 14:00 (Europe/Berlin; Tue 10 Nov 08:00 your time)") {
		t.Errorf("the one-off in next: %q", got)
	}

	// A one-off in the past, or nonsense, is refused and changes nothing.
	before, _, _ := e.app.DB.Schedule(e.ctx, e.meetPair().ID)
	for _, bad := range []string{"2026-11-01 14:00", "2026-11-02 08:00", "someday", "weekly funday 10:00", "monthly fifth mon 10:00", "weekly mon 25:00"} {
		got := e.meetAnswer(alice, "/mentor", "meet "+bad)
		if strings.Contains(got, "are set") || strings.Contains(got, "is set") || strings.Contains(got, "wrong on my side") {
			t.Errorf("meet %s was accepted or failed badly: %q", bad, got)
		}
	}
	if got := e.meetAnswer(alice, "/mentor", "meet 2026-11-01 14:00"); !strings.Contains(got, "already passed") {
		t.Errorf("past one-off: %q", got)
	}
	if after, _, _ := e.app.DB.Schedule(e.ctx, e.meetPair().ID); after != before {
		t.Errorf("refused meets changed the schedule: %+v -> %+v", before, after)
	}
	e.settle()
	if n := len(e.dms(bob, "set up a meeting with you")); n != 1 {
		t.Errorf("bob got %d DMs about the one-off, want 1", n)
	}
	if got := e.meetAnswer(alice, "/mentor", "meet"); !strings.Contains(got, "Usage") {
		t.Errorf("bare meet: %q", got)
	}
}

func TestMeetKeepsBerlinTimeAcrossDST(t *testing.T) {
	e := meetEnv(t)
	// Set in October 2027, in summer time: 15:00 CEST is 13:00 UTC.
	e.clock.Set(utc(2027, 10, 4, 8, 0))
	got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	if d := meetFirstDate(t, "meet in October", got); !d.Equal(utc(2027, 10, 7, 13, 0)) {
		t.Errorf("first meeting = %v, want 2027-10-07 13:00 UTC", d)
	}
	// The confirmation lists meetings on both sides of the change.
	if ds := meetDates(got); !sameTimes(ds, utc(2027, 10, 7, 13, 0), utc(2027, 10, 14, 13, 0), utc(2027, 10, 21, 13, 0), utc(2027, 10, 28, 13, 0)) {
		t.Errorf("October meetings = %v", ds)
	}
	// After the last Sunday of October (the 31st) Berlin is on CET: 15:00
	// is 14:00 UTC, for alice and bob alike.
	e.clock.Set(utc(2027, 11, 1, 8, 0))
	for _, who := range []string{alice, bob} {
		next := e.meetAnswer(who, "/mentor", "next")
		if ds := meetDates(next); !sameTimes(ds, utc(2027, 11, 4, 14, 0), utc(2027, 11, 11, 14, 0)) {
			t.Errorf("%s after the change: %v\n%s", who, ds, next)
		}
	}
	// In spring New York moves first (12 March 2028) and Berlin two weeks
	// later (26 March); in between bob meets an hour later on his clock,
	// and the instant is still 15:00 in Berlin.
	e.clock.Set(utc(2028, 3, 20, 8, 0))
	if d := meetFirstDate(t, "March", e.meetAnswer(bob, "/mentor", "next")); !d.Equal(utc(2028, 3, 23, 14, 0)) {
		t.Errorf("before Berlin's change = %v, want 14:00 UTC", d)
	}
	e.clock.Set(utc(2028, 3, 27, 8, 0)) // Berlin changed on Sunday 26 March 2028
	if d := meetFirstDate(t, "April", e.meetAnswer(bob, "/mentor", "next")); !d.Equal(utc(2028, 3, 30, 13, 0)) {
		t.Errorf("after Berlin's change = %v, want 13:00 UTC", d)
	}
}

func TestMeetSkipPauseResume(t *testing.T) {
	e := meetEnv(t)
	thu := utc(2026, 11, 5, 14, 0)
	if got := e.meetAnswer(bob, "/mentor", "skip"); !strings.Contains(got, "no meetings scheduled") {
		t.Errorf("skip with no schedule: %q", got)
	}
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")

	got := e.meetAnswer(bob, "/mentor", "skip")
	if ds := meetDates(got); !sameTimes(ds, thu, thu.AddDate(0, 0, 7)) || !strings.Contains(got, "Skipped") {
		t.Errorf("skip answer: %v %q", ds, got)
	}
	dm := e.waitDM(alice, "skipped your meeting")
	if ds := meetDates(dm.Text + blockText(dm.Blocks)); !sameTimes(ds, thu, thu.AddDate(0, 0, 7)) {
		t.Errorf("alice's skip DM dates: %v", ds)
	}
	next := e.meetAnswer(alice, "/mentor", "next")
	if d := meetFirstDate(t, "next after skip", next); !d.Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("next after skip = %v", d)
	}
	if !strings.Contains(next, "Skipped:") {
		t.Errorf("next does not mention the skipped meeting: %q", next)
	}
	// Skipping again skips the one after.
	e.meetAnswer(alice, "/mentor", "skip")
	if d := meetFirstDate(t, "next after two skips", e.meetAnswer(bob, "/mentor", "next")); !d.Equal(thu.AddDate(0, 0, 14)) {
		t.Errorf("next after two skips = %v", d)
	}
	if got := e.meetAnswer(alice, "/mentor", "skip 2026-11-26"); !strings.Contains(got, "Usage") {
		t.Errorf("skip with a date: %q", got)
	}

	// Setting the same meetings again undoes the skips, and says so.
	if got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00"); !strings.Contains(got, "what was skipped is back on") {
		t.Errorf("re-set does not say the skipped meetings are back: %s", got)
	}
	if d := meetFirstDate(t, "next after re-meet", e.meetAnswer(bob, "/mentor", "next")); !d.Equal(thu) {
		t.Errorf("after a new cadence the skip remained: next %v", d)
	}
	// Once more, exactly as they are: nothing changes, and bob is not
	// told a third time.
	e.settle()
	told := len(e.dms(bob, "set your meetings"))
	if got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00"); !strings.Contains(got, "already set") || !strings.Contains(got, "Nothing changed") {
		t.Errorf("the same meetings set again: %s", got)
	}
	e.settle()
	if n := len(e.dms(bob, "set your meetings")); n != told {
		t.Errorf("bob got %d DMs of the schedule, had %d before it was set again unchanged", n, told)
	}

	// Pause: no next meeting, skip refused, the partner told.
	if got := e.meetAnswer(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") || !strings.Contains(got, "no meeting reminders or check-ins") {
		t.Errorf("pause: %q", got)
	}
	e.waitDM(alice, "paused your meetings. No meeting reminders or check-ins for your pair")
	next = e.meetAnswer(alice, "/mentor", "next")
	if !strings.Contains(next, "paused") || len(meetDates(next)) != 0 {
		t.Errorf("next while paused: %q", next)
	}
	if got := e.meetAnswer(alice, "/mentor", "skip"); !strings.Contains(got, "paused") {
		t.Errorf("skip while paused: %q", got)
	}
	if got := e.meetAnswer(alice, "/mentor", "pause"); !strings.Contains(got, "already paused") || !strings.Contains(got, "`/mentor resume @bob`") {
		t.Errorf("pause twice: %q", got)
	}

	// Two meetings pass during the pause; resume starts from the next one
	// and never brings back the past ones.
	e.clock.Set(utc(2026, 11, 13, 9, 0))
	got = e.meetAnswer(alice, "/mentor", "resume")
	if d := meetFirstDate(t, "resume", got); !d.Equal(utc(2026, 11, 19, 14, 0)) {
		t.Errorf("resume says next %v, want 19 Nov", d)
	}
	e.waitDM(bob, "resumed your meetings")
	if d := meetFirstDate(t, "next after resume", e.meetAnswer(bob, "/mentor", "next")); !d.Equal(utc(2026, 11, 19, 14, 0)) {
		t.Errorf("next after resume = %v", d)
	}
	if got := e.meetAnswer(alice, "/mentor", "resume"); !strings.Contains(got, "not paused") {
		t.Errorf("resume twice: %q", got)
	}
}

func TestAgendaRollsOverUntilCovered(t *testing.T) {
	e := meetEnv(t)
	thu := utc(2026, 11, 5, 14, 0)
	if got := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(got, "Nothing yet") {
		t.Errorf("empty agenda: %q", got)
	}
	// Without a schedule an item waits for whatever meeting comes next.
	if got := e.meetAnswer(bob, "/mentor", "agenda salary talk"); !strings.Contains(got, "No meeting is scheduled") {
		t.Errorf("agenda without schedule: %q", got)
	}
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	got := e.meetAnswer(bob, "/mentor", "agenda how to prepare for my review &amp; promo &lt;!channel&gt;")
	if d := meetFirstDate(t, "agenda add", got); !d.Equal(thu) || !strings.Contains(got, "how to prepare for my review &amp; promo @channel") {
		t.Errorf("agenda add: %q", got)
	}
	if strings.Contains(got, "<!channel>") {
		t.Errorf("user text not escaped: %q", got)
	}
	// Either member may add; both see everything.
	e.meetAnswer(alice, "/mentor", "agenda <@UBOB|bob> conference talk ideas")
	for _, who := range []string{alice, bob} {
		ag := e.meetAnswer(who, "/mentor", "agenda")
		if !strings.Contains(ag, "salary talk") || !strings.Contains(ag, "how to prepare") || !strings.Contains(ag, "conference talk ideas") || strings.Contains(ag, "carried over") {
			t.Errorf("%s's agenda: %q", who, ag)
		}
		if d := meetFirstDate(t, "agenda", ag); !d.Equal(thu) {
			t.Errorf("%s's agenda is for %v", who, d)
		}
	}
	// next shows the agenda too.
	if got := e.meetAnswer(alice, "/mentor", "next"); !strings.Contains(got, "conference talk ideas") {
		t.Errorf("next lacks the agenda: %q", got)
	}

	// The meeting passes without a log: the items carry over.
	e.clock.Set(utc(2026, 11, 6, 9, 0))
	ag := e.meetAnswer(alice, "/mentor", "next")
	if !strings.Contains(ag, "carried over from <!date^"+strconv.FormatInt(thu.Unix(), 10)) {
		t.Errorf("no carry-over: %q", ag)
	}
	if d := meetFirstDate(t, "next", ag); !d.Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("next = %v", d)
	}
	// An item added now is for the 12th.
	e.meetAnswer(bob, "/mentor", "agenda new item for next week")

	// Logging a session covers the open items meant for meetings so far
	// (and those added before any meeting was set), not the one just added
	// for next week.
	if got := e.meetAnswer(alice, "/session", "log we went through everything"); !strings.Contains(got, "3 agenda items marked covered") {
		t.Errorf("log: %q", got)
	}
	ag = e.meetAnswer(bob, "/mentor", "agenda")
	if !strings.Contains(ag, "new item for next week") || strings.Contains(ag, "salary talk") || strings.Contains(ag, "how to prepare") || strings.Contains(ag, "carried over") {
		t.Errorf("agenda after the log: %q", ag)
	}
	items, _ := e.app.DB.OpenAgenda(e.ctx, e.meetPair().ID)
	if len(items) != 1 || items[0].Text != "new item for next week" {
		t.Errorf("open agenda after log: %+v", items)
	}
	// The next meeting passes; its log covers the rest.
	e.clock.Set(utc(2026, 11, 12, 15, 0))
	if got := e.meetAnswer(bob, "/session", "log done"); !strings.Contains(got, "1 agenda item marked covered") || !strings.Contains(got, "your meeting of") {
		t.Errorf("second log: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(got, "Nothing yet") {
		t.Errorf("agenda after the second log: %q", got)
	}

	// Over-long items are refused.
	if got := e.meetAnswer(bob, "/mentor", "agenda "+strings.Repeat("x", 301)); !strings.Contains(got, "limit is 300") {
		t.Errorf("long item: %q", got)
	}
}

func TestMeetingsAreOnlyForThePair(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	e.meetAnswer(bob, "/mentor", "agenda my secret topic")
	for _, c := range []struct{ cmd, text string }{
		{"/mentor", "next <@UBOB|bob>"},
		{"/mentor", "next <@UALICE|alice>"},
		{"/mentor", "next"},
		{"/mentor", "agenda <@UBOB|bob>"},
		{"/mentor", "agenda <@UBOB|bob> sneaky item"},
		{"/mentor", "skip <@UBOB|bob>"},
		{"/mentor", "pause <@UBOB|bob>"},
		{"/mentor", "meet <@UBOB|bob> weekly mon 10:00"},
	} {
		got := e.meetAnswer(carol, c.cmd, c.text)
		if strings.Contains(got, "secret") || strings.Contains(got, "<!date^") || strings.Contains(got, "Thursday") {
			t.Errorf("carol %s %s learned something: %q", c.cmd, c.text, got)
		}
		if !strings.Contains(got, "not a pair") && !strings.Contains(got, "not in a mentoring pair") {
			t.Errorf("carol %s %s: %q", c.cmd, c.text, got)
		}
	}
	p := e.meetPair()
	if mp, _ := e.app.DB.Meetings(e.ctx, alice, p.ID); mp.Paused() || len(mp.Skips) != 0 || mp.Schedule.SetBy != alice {
		t.Errorf("carol changed the pair's meetings: %+v", mp)
	}
	if items, _ := e.app.DB.OpenAgenda(e.ctx, p.ID); len(items) != 1 {
		t.Errorf("carol changed the agenda: %+v", items)
	}
}

func TestMeetingButtons(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	thu := utc(2026, 11, 5, 14, 0)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")

	// The Skip button in /mentor next skips that meeting.
	res := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "next")
	if res.Message == nil {
		t.Fatal("next showed nothing")
	}
	if _, err := e.sim.ClickButton(ctx, bob, *res.Message, "meeting_skip"); err != nil {
		t.Fatal(err)
	}
	e.waitDM(alice, "skipped your meeting")
	if d := meetFirstDate(t, "next", e.meetAnswer(alice, "/mentor", "next")); !d.Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("after the Skip button next = %v", d)
	}

	// The Add agenda item button in bob's confirmation opens a form.
	dm := e.waitDM(bob, "set your meetings")
	if _, err := e.sim.ClickButton(ctx, bob, dm, "agenda_add"); err != nil {
		t.Fatal(err)
	}
	v := e.waitModal(bob, "agenda_add")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"item": {"item": "mock interview <please>"}})
	if err != nil || len(sub.Errors) > 0 {
		t.Fatalf("submit agenda item: %v %v", err, sub)
	}
	e.waitDM(bob, "mock interview &lt;please&gt;")
	items, _ := e.app.DB.OpenAgenda(e.ctx, e.meetPair().ID)
	if len(items) != 1 || items[0].Text != "mock interview <please>" || !items[0].MeetingAt.Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("agenda from the form: %+v", items)
	}
}

func TestMeetBiweeklyKeepsItsPhase(t *testing.T) {
	e := meetEnv(t)
	// Set on Monday 2 November (09:00 Berlin): 10:00 today is the first.
	e.meetAnswer(alice, "/mentor", "meet biweekly mon 10:00")
	for _, c := range []struct {
		now  time.Time
		want []time.Time
	}{
		{utc(2026, 11, 3, 8, 0), []time.Time{utc(2026, 11, 16, 9, 0), utc(2026, 11, 30, 9, 0)}},   // not the 9th
		{utc(2026, 11, 16, 10, 0), []time.Time{utc(2026, 11, 30, 9, 0), utc(2026, 12, 14, 9, 0)}}, // just after one
		{utc(2027, 3, 30, 8, 0), []time.Time{utc(2027, 4, 5, 8, 0), utc(2027, 4, 19, 8, 0)}},      // summer time: 10:00 CEST
	} {
		e.clock.Set(c.now)
		if ds := meetDates(e.meetAnswer(bob, "/mentor", "next")); !sameTimes(ds, c.want...) {
			t.Errorf("at %v: next %v, want %v", c.now, ds, c.want)
		}
	}
	// Set again on an "off" week, the phase starts from the new first meeting.
	e.clock.Set(utc(2027, 4, 6, 8, 0))
	if ds := meetDates(e.meetAnswer(alice, "/mentor", "meet biweekly mon 10:00")); !sameTimes(ds, utc(2027, 4, 12, 8, 0), utc(2027, 4, 26, 8, 0)) {
		t.Errorf("new phase: %v", ds)
	}
}

// A one-off meeting replaces a weekly schedule: both members are told, so
// the rhythm does not end unnoticed; setting the same schedule again says
// nothing of the kind.
func TestMeetSaysWhatItReplaces(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	first := e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	if !strings.Contains(first, "Your meetings with <@UBOB> are set") || strings.Contains(first, "replaces") {
		t.Errorf("first schedule = %q", first)
	}
	if again := e.cmd(alice, "/mentor", "meet weekly thu 15:00"); strings.Contains(again, "replaces") {
		t.Errorf("the same schedule again = %q", again)
	}
	got := e.cmd(alice, "/mentor", "meet 2026-11-20 10:00")
	if !strings.Contains(got, "This replaces the earlier schedule: every Thursday at 15:00 (Europe/Berlin)") {
		t.Errorf("a one-off after a weekly schedule = %q", got)
	}
	if !strings.Contains(got, "Only meant to move one meeting? `/mentor move`") {
		t.Errorf("a one-off after a weekly schedule does not point to /mentor move: %q", got)
	}
	e.settle()
	if dm := e.waitDM(bob, "This replaces the earlier schedule"); strings.Contains(dm.Text+blockText(dm.Blocks), "/mentor move") {
		t.Errorf("bob, who did not set it, is told how to move one meeting: %q", dm.Text)
	}
}

// The confirmation tells each member the repeat in their own clock too,
// not only in the zone of the one who set it: alice (Berlin) sets
// Thursdays at 15:00, which is Thursdays at 09:00 for bob (New York).
func TestMeetConfirmationSaysTheRepeatInTheReadersZone(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	got := e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	if !strings.Contains(got, "every Thursday at 15:00 (Europe/Berlin)") || strings.Contains(got, "your time)") {
		t.Errorf("alice's confirmation: %s", got)
	}
	e.settle()
	dm := e.waitDM(bob, "set your meetings")
	if txt := dm.Text + blockText(dm.Blocks); !strings.Contains(txt, "every Thursday at 15:00 (Europe/Berlin; Thursday 09:00 your time until the clocks change)") {
		t.Errorf("bob's confirmation:\n%s", txt)
	}
	if got := e.cmd(bob, "/mentor", "next"); !strings.Contains(got, "Thursday 09:00 your time") {
		t.Errorf("bob's next: %s", got)
	}
	// The tips name the partner, for someone in several pairs.
	if txt := dm.Text + blockText(dm.Blocks); !strings.Contains(txt, "`/mentor agenda @alice ITEM`") {
		t.Errorf("bob's confirmation's tip:\n%s", txt)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda"); !strings.Contains(got, "`/mentor agenda @alice ITEM`") {
		t.Errorf("bob's agenda's tip:\n%s", got)
	}
}

// Setting the same meetings again for a new length changes only their
// length: a fortnightly meeting keeps its weeks, and a skip stays skipped.
func TestMeetAgainForANewLengthKeepsWeeksAndSkips(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.meetAnswer(alice, "/mentor", "meet <@UBOB> biweekly tue 07:00") // 3, 17 Nov… (Berlin)
	e.clock.Set(time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC))        // Thursday
	got := e.meetAnswer(alice, "/mentor", "meet <@UBOB> biweekly tue 07:00 for 45m")
	if ds := meetDates(got); len(ds) == 0 || !ds[0].Equal(time.Date(2026, 11, 17, 6, 0, 0, 0, time.UTC)) {
		t.Errorf("after a new length the next meeting is %v, want Tue 17 Nov 07:00 Berlin:\n%s", ds, got)
	}
	if strings.Contains(got, "replaces") {
		t.Errorf("the same meetings are said to replace themselves:\n%s", got)
	}

	// Weekly meetings, a week after they began: a skip outlives a new
	// length, and setting them again as they were undoes it, saying so.
	e.meetAnswer(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.clock.Set(time.Date(2026, 11, 9, 10, 0, 0, 0, time.UTC)) // the Monday after
	e.cmd(bob, "/mentor", "skip")                              // Thursday 12 November
	got = e.meetAnswer(alice, "/mentor", "meet <@UBOB> weekly thu 15:00 for 1h")
	if ds := meetDates(got); len(ds) == 0 || !ds[0].Equal(time.Date(2026, 11, 19, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("after a new length the next meeting is %v, want the skip kept and Thu 19 Nov:\n%s", ds, got)
	}
	if strings.Contains(got, "replaces") {
		t.Errorf("a new length is said to replace the meetings:\n%s", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "next"); !strings.Contains(got, "Thu 19 Nov 2026 at 09:00 EST> (1 h)") {
		t.Errorf("bob's next: %s", got)
	}
	got = e.meetAnswer(alice, "/mentor", "meet <@UBOB> weekly thu 15:00 for 1h")
	if ds := meetDates(got); len(ds) == 0 || !ds[0].Equal(time.Date(2026, 11, 12, 14, 0, 0, 0, time.UTC)) || !strings.Contains(got, "what was skipped is back on") || strings.Contains(got, "replaces") {
		t.Errorf("set again as it was, the skipped meeting is not back, or not said to be (%v):\n%s", ds, got)
	}

	// Fortnightly meetings set again as they were on an off week move to
	// the other weeks, and the confirmation says so.
	e.meetAnswer(alice, "/mentor", "meet <@UBOB> biweekly tue 07:00") // 10, 24 Nov…
	e.clock.Set(time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC))       // an off week
	got = e.meetAnswer(alice, "/mentor", "meet <@UBOB> biweekly tue 07:00")
	if ds := meetDates(got); len(ds) == 0 || !ds[0].Equal(time.Date(2026, 11, 17, 6, 0, 0, 0, time.UTC)) || !strings.Contains(got, "which met in the other weeks") {
		t.Errorf("moving to the other weeks (%v) is not said:\n%s", ds, got)
	}
}

// An agenda item its author no longer wants comes off with the Remove
// button beside it: under the answer that added it, or in the agenda's
// list, where the partner's items have none.
func TestRemoveAnAgendaItem(t *testing.T) {
	e := newEnv(t)
	ctx := goalCtx(e)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	added := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "agenda salary tallk")
	if added.Message == nil || !contains(*added.Message, "agenda_remove") {
		t.Fatalf("the answer has no Remove button: %+v", added.Message)
	}
	if _, err := e.sim.ClickButton(ctx, bob, *added.Message, "agenda_remove"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.TS == added.Message.TS && contains(m, "Took it off the agenda") && contains(m, "salary tallk")
	}); err != nil {
		t.Errorf("the answer did not say the item came off: %v", err)
	}
	e.cmd(bob, "/mentor", "agenda salary talk")
	e.cmd(alice, "/mentor", "agenda conference talk ideas")

	// alice sees a Remove button on her item only.
	list := e.cmdIn(alice, e.dmChannel(alice), "/mentor", "agenda")
	if got := blockText(list.Message.Blocks); strings.Count(got, "agenda_remove") != 1 || !strings.Contains(got, "salary talk") {
		t.Fatalf("alice's agenda: %s", got)
	}
	if _, err := e.sim.ClickButton(ctx, alice, *list.Message, "agenda_remove"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.TS == list.Message.TS && contains(m, "salary talk") && !contains(m, "conference talk ideas")
	}); err != nil {
		t.Errorf("the list did not come back without alice's item: %v", err)
	}
	got := e.cmd(bob, "/mentor", "agenda")
	if strings.Contains(got, "conference talk ideas") || strings.Contains(got, "tallk") || !strings.Contains(got, "salary talk") {
		t.Errorf("bob's agenda after the removals: %q", got)
	}
}

// A Remove button on an agenda answer drawn before the pair ended
// changes nothing, as the typed command then changes nothing.
func TestRemoveAnAgendaItemAfterTheEnd(t *testing.T) {
	e := newEnv(t)
	ctx := goalCtx(e)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	added := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "agenda salary talk")
	if added.Message == nil || !contains(*added.Message, "agenda_remove") {
		t.Fatalf("the answer has no Remove button: %+v", added.Message)
	}
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	if _, err := e.sim.ClickButton(ctx, bob, *added.Message, "agenda_remove"); err != nil {
		t.Fatal(err)
	}
	e.settle()
	var n int
	if err := e.dumpConn().QueryRow(`SELECT count(*) FROM agenda_items WHERE text = 'salary talk'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("agenda items left after the press: %d, %v", n, err)
	}
	if got := e.describeDMs(bob); !strings.Contains(got, "has ended, so I haven't changed its agenda") {
		t.Errorf("bob was not told why nothing changed:\n%s", got)
	}
}

// The Skip and Move buttons of a reminder whose meeting is under way or
// over say so, rather than that the meeting is "no longer on your
// schedule", which reads as if it had been cancelled; nothing changes.
func TestMeetingButtonsOfAPastMeeting(t *testing.T) {
	for _, c := range []struct{ action, during, after string }{
		{"meeting_skip", "has already started, so it can't be skipped", "has already taken place, so there's nothing to skip"},
		{"meeting_move", "has already started, so it can't be moved", "has already taken place, so it can't be moved"},
	} {
		t.Run(c.action, func(t *testing.T) {
			e := meetEnv(t)
			e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
			thu := utc(2026, 11, 5, 14, 0)
			// The buttons of bob's /mentor next, for Thu 5 Nov, pressed
			// with a trigger Slack accepts: Move could open its form.
			res := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "next")
			if res.Message == nil || !strings.Contains(string(res.Message.Blocks), fmt.Sprintf(":%d", thu.Unix())) {
				t.Fatalf("bob's next has no buttons for Thu 5 Nov: %+v", res)
			}
			// Each move lets what fell due go out first: the press's
			// answer is the next message to bob, and a check-in sent
			// meanwhile would be taken for it.
			e.clock.Set(thu.Add(10 * time.Minute))
			e.settle()
			if got := e.clickAnswer(bob, *res.Message, c.action); !strings.Contains(got, c.during) {
				t.Errorf("during the meeting: %q", got)
			}
			e.clock.Set(thu.Add(3 * 24 * time.Hour))
			e.settle()
			if got := e.clickAnswer(bob, *res.Message, c.action); !strings.Contains(got, c.after) {
				t.Errorf("days after the meeting: %q", got)
			}
			if n := len(e.sim.OpenViews(bob)); n != 0 {
				t.Errorf("a form opened for a past meeting: %+v", e.sim.OpenViews(bob))
			}
			if ch, err := e.app.DB.MeetingChanges(e.ctx, e.meetPair().ID, thu.AddDate(0, 0, -7)); err != nil || len(ch.Skips)+len(ch.Moves) != 0 {
				t.Errorf("a past meeting was skipped or moved: %+v, %v", ch, err)
			}
		})
	}
}

// clickAnswer clicks the button actionID of m as user (with a trigger
// Slack accepts) and returns what the bot answered them, "(no answer)"
// when nothing, e.g. when it opened a form.
func (e *env) clickAnswer(user string, m slacksim.Message, actionID string) string {
	e.t.Helper()
	before := len(e.sim.MessagesTo(user))
	e.schedClick(user, m, actionID)
	e.idle()
	var b strings.Builder
	for _, m := range e.sim.MessagesTo(user)[before:] {
		b.WriteString(m.Text + "\n" + blockText(m.Blocks))
	}
	if b.Len() == 0 {
		return "(no answer)"
	}
	return b.String()
}

// A button of a meeting that new meetings replaced before its time, pressed
// after that time, says the meeting was no longer on the schedule, not
// that it took place.
func TestMeetingButtonOfAMeetingSetAnewBeforeItsTime(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	thu := utc(2026, 11, 5, 14, 0)
	value := fmt.Sprintf("%d:%d", e.meetPair().ID, thu.Unix())
	e.meetAnswer(alice, "/mentor", "meet weekly mon 10:00")
	e.clock.Set(thu.Add(3 * 24 * time.Hour))
	e.settle()
	for _, action := range []string{"meeting_skip", "meeting_move"} {
		if got := e.press(bob, action, value); !strings.Contains(got, "no longer on your schedule by its time") {
			t.Errorf("%s of a Thursday meeting replaced by Mondays: %q", action, got)
		}
	}
}

// A reminder of a meeting that new meetings replaced says so in the
// singular: one meeting is gone, whatever replaced it.
func TestReminderOfAMeetingReplacedSaysItIsNoLongerPlanned(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	e.advance(utc(2026, 11, 4, 14, 1).Sub(e.clock.Now())) // the 24h reminder of Thu 5 Nov
	rem := e.waitDM(bob, "Reminder")
	e.meetAnswer(alice, "/mentor", "meet 2026-11-20 10:00")
	got := e.schedWaitMessage(rem, func(m slacksim.Message) bool {
		return strings.Contains(m.Text+blockText(m.Blocks), "no longer planned")
	})
	if text := got.Text + blockText(got.Blocks); !strings.Contains(text, "Your meeting with <@UALICE> of") || strings.Contains(text, "meetings with") {
		t.Errorf("the replaced meeting's reminder: %s", text)
	}
}

// An agenda item added while the pair's meetings are paused is not told
// that no meeting is scheduled: the schedule is there, on hold.
func TestAgendaItemAddedWhilePausedSaysTheMeetingsArePaused(t *testing.T) {
	e := meetEnv(t)
	if got := e.meetAnswer(bob, "/mentor", "meet weekly thu 15:00"); !strings.Contains(got, "set") {
		t.Fatalf("meet: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	got := e.meetAnswer(bob, "/mentor", "agenda my review")
	if !strings.Contains(got, "Added to the agenda") || strings.Contains(got, "No meeting is scheduled") ||
		!strings.Contains(got, "paused") || !strings.Contains(got, "/mentor resume") {
		t.Errorf("agenda added while paused = %q, want it to say the meetings are paused, not unscheduled", got)
	}
}

// An item typed on more than one line is one line (its line breaks are
// spaces: a second line could pass for the bot's own words where items
// are listed), and is quoted whole when it is added and when it is taken
// off.
func TestMultiLineAgendaItemIsQuotedWhole(t *testing.T) {
	e := meetEnv(t)
	ctx := meetCtx(e)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	quoted := "> first second"
	added := e.cmdIn(bob, e.dmChannel(bob), "/mentor", "agenda first\nsecond")
	if added.Message == nil {
		t.Fatal("no answer to the add")
	}
	if got := blockText(added.Message.Blocks); !strings.Contains(got, quoted) {
		t.Errorf("the answer to the add: %q", got)
	}
	if _, err := e.sim.ClickButton(ctx, bob, *added.Message, "agenda_remove"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.TS == added.Message.TS && contains(m, "Took it off the agenda")
	}); err != nil {
		t.Fatalf("the answer did not say the item came off: %v", err)
	}
	if m := e.sim.MessagesTo(bob); !strings.Contains(blockText(lastTS(m, added.Message.TS).Blocks), quoted) {
		t.Errorf("the item taken off by its button: %s", blockText(lastTS(m, added.Message.TS).Blocks))
	}
	e.meetAnswer(bob, "/mentor", "agenda first\nsecond")
	if got := e.meetAnswer(bob, "/mentor", "agenda remove 1"); !strings.Contains(got, quoted) {
		t.Errorf("the item taken off by its number: %q", got)
	}
}

// lastTS is the message of ms with timestamp ts, as it reads last.
func lastTS(ms []slacksim.Message, ts string) slacksim.Message {
	var out slacksim.Message
	for _, m := range ms {
		if m.TS == ts {
			out = m
		}
	}
	return out
}
