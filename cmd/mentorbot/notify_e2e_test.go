package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// TestQuietPairNudgeOfAPairThatNeverMet: a pair that never met is not told
// it "last met" 30 days ago, but how long ago it was paired; a pair that
// met is told when it last did.
func TestQuietPairNudgeOfAPairThatNeverMet(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(carol, dana)
	e.cmd(carol, "/session", "log <@UDANA> we met")
	e.schedWalk(e.clock.Now().Add(33 * 24 * time.Hour))
	nudge := func(user string) string {
		for key, m := range e.schedSent() {
			if strings.HasPrefix(key, "quiet_pair:") && schedRecipient(key) == user {
				return m.Text + blockText(m.Blocks)
			}
		}
		t.Fatalf("%s got no quiet-pair nudge:%s", user, e.describeDMs(user))
		return ""
	}
	if got := nudge(alice); !strings.Contains(got, "were paired, and you haven't met or logged a session yet") || strings.Contains(got, "last met") {
		t.Errorf("alice, never met: %s", got)
	}
	if got := nudge(carol); !strings.Contains(got, "last met or logged a session") {
		t.Errorf("carol, met once: %s", got)
	}
}

// TestReminderCountsTheToDoClosedInIt: Done on a to-do in a meeting
// reminder strikes it out and counts it out of the open ones.
func TestReminderCountsTheToDoClosedInIt(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.cmd(bob, "/session", "log <@UALICE> kick-off todo: read the guide todo: draft goals todo: book a room")
	e.schedWalk(e.clock.Now().Add(4 * 24 * time.Hour))
	var reminder slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "reminder:24h:") && schedRecipient(key) == bob {
			reminder = m
		}
	}
	if !strings.Contains(blockText(reminder.Blocks), "*Open to-dos* (3)") {
		t.Fatalf("bob's reminder: %s", blockText(reminder.Blocks))
	}
	todos, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(bob, alice).ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("open to-dos %+v, %v", todos, err)
	}
	e.schedClick(bob, reminder, fmt.Sprintf("todo_done_%d", todos[0].ID))
	e.schedWaitMessage(reminder, func(m slacksim.Message) bool {
		return strings.Contains(blockText(m.Blocks), "*Open to-dos* (2)")
	})
}

// A to-do closed from one member's reminder no longer shows open, with a
// Done button, in the partner's reminder already sent; opened again, it
// comes back there.
func TestTodoClosedInOneReminderIsClosedInThePartners(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.cmd(bob, "/session", "log <@UALICE> kick-off todo: read the guide todo: draft goals todo: book a room")
	e.schedWalk(schedAt("2026-11-04 14:01")) // the 24-hour reminders of Thursday's meeting have gone
	var alices, bobs slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "reminder:24h:") && schedRecipient(key) == alice {
			alices = m
		}
		if strings.HasPrefix(key, "reminder:24h:") && schedRecipient(key) == bob {
			bobs = m
		}
	}
	todos, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(bob, alice).ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("open to-dos %+v, %v", todos, err)
	}
	done := fmt.Sprintf("todo_done_%d", todos[0].ID)
	if !contains(bobs, done) || !contains(alices, done) {
		t.Fatalf("the reminders lack the to-do's Done button:\n%s\n%s", blockText(alices.Blocks), blockText(bobs.Blocks))
	}
	e.schedClick(alice, alices, done)
	e.idle()
	got, err := e.waitMessageAs(bobs, func(m slacksim.Message) bool { return contains(m, "*Open to-dos* (2)") && !contains(m, done) })
	if err != nil {
		t.Errorf("bob's reminder still shows the to-do alice closed (%v): %s", err, blockText(got.Blocks))
	}
	if got := e.cmd(bob, "/session", fmt.Sprintf("reopen %d", todos[0].ID)); !strings.Contains(got, "open again") {
		t.Fatalf("/session reopen: %q", got)
	}
	e.idle()
	got, err = e.waitMessageAs(alices, func(m slacksim.Message) bool { return contains(m, "*Open to-dos* (3)") && contains(m, done) })
	if err != nil {
		t.Errorf("alice's reminder does not show the to-do bob opened again (%v): %s", err, blockText(got.Blocks))
	}
}

// A to-do logged after the reminders of the next meeting went (the pair
// met in between) shows in them, with its Done button, as they list the
// pair's open to-dos.
func TestTodoLoggedAfterTheRemindersWentShowsInThem(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.schedWalk(schedAt("2026-11-04 14:01")) // the 24-hour reminders of Thursday's meeting have gone
	var alices slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "reminder:24h:") && schedRecipient(key) == alice {
			alices = m
		}
	}
	if !contains(alices, "None open") {
		t.Fatalf("alice's reminder: %s", blockText(alices.Blocks))
	}
	if got := e.cmd(bob, "/session", "log <@UALICE> quick chat todo: read the guide"); !strings.Contains(got, "read the guide") {
		t.Fatalf("/session log: %q", got)
	}
	e.idle()
	got, err := e.waitMessageAs(alices, func(m slacksim.Message) bool { return contains(m, "read the guide") && contains(m, "todo_done_") })
	if err != nil {
		t.Errorf("alice's reminder does not show the to-do logged since (%v): %s", err, blockText(got.Blocks))
	}
}

// A to-do its owner's partner closes, later in the week, no longer shows
// open in the owner's weekly check-in.
func TestTodoClosedByThePartnerLeavesTheOwnersCheckin(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.cmd(bob, "/session", "log <@UALICE> kick-off todo: read the guide todo: draft goals")
	e.schedWalk(schedAt("2026-11-09 15:00"))
	ci := e.schedDM("checkin:to=UBOB:on=2026-11-09")
	todos, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(bob, alice).ID)
	if err != nil || len(todos) != 2 || !contains(ci, "read the guide") {
		t.Fatalf("open to-dos %+v, %v; check-in: %s", todos, err, blockText(ci.Blocks))
	}
	e.schedWalk(schedAt("2026-11-11 15:00")) // Wednesday
	if got := e.cmd(alice, "/session", fmt.Sprintf("done %d", todos[0].ID)); !strings.Contains(got, "#") {
		t.Fatalf("/session done: %q", got)
	}
	e.idle()
	got, err := e.waitMessageAs(ci, func(m slacksim.Message) bool {
		return !contains(m, "read the guide") && contains(m, "draft goals")
	})
	if err != nil {
		t.Errorf("bob's check-in still shows the to-do alice closed (%v): %s", err, blockText(got.Blocks))
	}
}

// The weekly check-in of someone in two pairs names the pair of each open
// to-do; someone in one pair gets the lines as before.
func TestCheckinNamesThePairOfEachTodoForSomeoneInTwoPairs(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	for _, c := range []string{
		"log <@UBOB|bob> we met todo: @me send bob the talk outline todo: read the book",
		"log <@UCAROL|carol> we met todo: @me find carol a reviewer",
	} {
		if got := e.cmd(alice, "/session", c); !strings.Contains(got, "#") {
			t.Fatalf("/session %s = %q", c, got)
		}
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	ci := blockText(e.schedDM("checkin:to=UALICE:on=2026-11-09").Blocks)
	for _, want := range []string{"send bob the talk outline — you _(with <@UBOB>)_", "find carol a reviewer — you _(with <@UCAROL>)_"} {
		if !strings.Contains(ci, want) {
			t.Errorf("alice's check-in lacks %q:\n%s", want, ci)
		}
	}
	bobs := blockText(e.schedDM("checkin:to=UBOB:on=2026-11-09").Blocks)
	if !strings.Contains(bobs, "read the book — you") || strings.Contains(bobs, "_(with") {
		t.Errorf("bob's check-in, of his one pair:\n%s", bobs)
	}
}

// The weekly check-in's footer suggests a snooze that works as typed: for
// someone in one pair, naming their partner; for someone in two, where
// `/mentor snooze 2w` would only ask which pair, with @partner to fill in.
func TestCheckinFooterSnoozeNamesThePartner(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	bobs := e.schedDM("checkin:to=UBOB:on=2026-11-09")
	if !contains(bobs, "`/mentor snooze @alice 2w`") {
		t.Errorf("bob's check-in, of his one pair, does not name alice in the snooze:\n%s", blockText(bobs.Blocks))
	}
	alices := e.schedDM("checkin:to=UALICE:on=2026-11-09")
	if !contains(alices, "`/mentor snooze @partner 2w`") {
		t.Errorf("alice's check-in, of two pairs, does not say to name the partner in the snooze:\n%s", blockText(alices.Blocks))
	}
	for who, m := range map[string]slacksim.Message{"alice": alices, "bob": bobs} {
		if contains(m, "`/mentor snooze 2w`") {
			t.Errorf("%s's check-in suggests a snooze that names no partner:\n%s", who, blockText(m.Blocks))
		}
	}
}

// The fallback text of a date (what notifications and previews show) is
// in the reader's zone, not UTC: bob reads New York time, alice Berlin's.
func TestDateFallbacksAreInTheReadersZone(t *testing.T) {
	e := meetEnv(t)
	fallbacks := func(s string) []string {
		var out []string
		for _, m := range meetDateRe.FindAllStringSubmatch(s, -1) {
			out = append(out, m[3])
		}
		return out
	}
	check := func(what, s, zone string) {
		t.Helper()
		fs := fallbacks(s)
		if len(fs) == 0 {
			t.Errorf("%s has no date: %q", what, s)
		}
		for _, f := range fs {
			if !strings.HasSuffix(f, " "+zone) {
				t.Errorf("%s: date fallback %q, want it in %s", what, f, zone)
			}
		}
	}
	check("bob's snooze reply", e.cmd(bob, "/mentor", "snooze 2w"), "EST")
	check("bob's snooze status", e.cmd(bob, "/mentor", "snooze"), "EST")
	check("bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"), "EST")
	e.settle()
	note := e.waitDM(alice, "snoozed the nudges")
	check("alice's snooze notice", note.Text+blockText(note.Blocks), "CET")
	check("alice's /mentor pairs", e.cmd(alice, "/mentor", "pairs"), "CET")

	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "<!date^") {
		t.Fatalf("/mentor meet = %q", got)
	}
	e.settle()
	home := homeText(homeOpen(e, bob, func(s string) bool { return strings.Contains(s, "Next meeting") }))
	check("bob's Home", home, "EST")
}

// An item added to the agenda from a meeting reminder's "Add agenda item"
// button shows in that reminder, and in the other reminders and the agenda
// prompt already sent for the same meeting: they list the agenda so far,
// and would otherwise go on saying "Nothing yet" above the new item.
func TestMeetingDMsShowAnAgendaItemAddedSinceTheyWent(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	// Thu 5 Nov 15:00 Berlin: the agenda prompt to bob went on Tuesday,
	// the 24-hour reminders on Wednesday at 14:00 UTC.
	thu := utc(2026, 11, 5, 14, 0)
	e.schedWalk(utc(2026, 11, 4, 14, 1))
	id := e.meetPair().ID
	bobs := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", id, thu.Unix(), bob))
	alices := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", id, thu.Unix(), alice))
	prompt := e.schedDM(fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", id, thu.Unix(), bob))
	for _, m := range []slacksim.Message{bobs, alices, prompt} {
		if !contains(m, "Nothing yet") {
			t.Fatalf("before: %s", blockText(m.Blocks))
		}
	}

	e.schedClick(bob, bobs, "agenda_add")
	v := e.waitModal(bob, "agenda_add")
	if res := e.schedSubmit(bob, v, map[string]map[string]any{"item": {"item": "Career plans"}}); len(res.Errors) > 0 {
		t.Fatalf("agenda modal: %v", res.Errors)
	}
	e.idle()
	for who, m := range map[string]slacksim.Message{"bob's reminder": bobs, "alice's reminder": alices, "bob's agenda prompt": prompt} {
		got := e.schedWaitMessageFor(m, func(m slacksim.Message) bool { return contains(m, "Career plans") })
		if contains(got, "Nothing yet") {
			t.Errorf("%s still says the agenda is empty: %s", who, blockText(got.Blocks))
		}
	}
	// The reminders keep their buttons.
	if cur, _ := e.sim.LookupMessage(alices.Channel, alices.TS); !contains(cur, "meeting_skip") || !contains(cur, "agenda_add") {
		t.Errorf("alice's reminder lost its buttons: %s", blockText(cur.Blocks))
	}
}

// A mentor's weekly check-in leaves out what belongs to a pair whose
// check-ins are on hold: its meeting and mentee's goals, and its to-dos
// too. The mentee snoozed (or paused) the pair, and the mentor was told
// that its check-ins wait; their other pair's to-dos still show.
func TestCheckinLeavesOutTheTodosOfAPairOnHold(t *testing.T) {
	for _, hold := range []string{"snooze <@UALICE|alice> 2w", "pause <@UALICE|alice>"} {
		t.Run(strings.Fields(hold)[0], func(t *testing.T) {
			e := meetEnv(t)
			if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
				t.Fatalf("pairing alice and carol: %q", got)
			}
			e.cmd(bob, "/session", "log <@UALICE|alice> kickoff todo: <@UALICE|alice> intro to the SRE team")
			e.cmd(carol, "/session", "log <@UALICE|alice> kickoff todo: <@UALICE|alice> send the talk outline")
			if got := e.cmd(carol, "/mentor", hold); strings.Contains(got, "Usage") {
				t.Fatalf("%s: %q", hold, got)
			}
			// Monday 9 Nov, 09:00 in Berlin.
			e.schedWalk(utc(2026, 11, 9, 8, 1))
			got := blockText(e.schedDM("checkin:to=" + alice + ":on=2026-11-09").Blocks)
			if !strings.Contains(got, "intro to the SRE team") {
				t.Errorf("the check-in lacks the to-do of alice's pair with bob:\n%s", got)
			}
			if strings.Contains(got, "send the talk outline") || strings.Contains(got, "<@UCAROL>") {
				t.Errorf("the check-in shows the pair on hold (%s):\n%s", hold, got)
			}
		})
	}
}

// A mentor with two mentees is told, in a reminder edited after a change,
// and in the answer to a button of a past meeting, commands that name the
// mentee: `/mentor resume` alone would only ask them which pair they mean.
func TestMeetingDMsOfOnePairSuggestCommandsNamingThePartner(t *testing.T) {
	thu := utc(2026, 11, 5, 14, 0)
	setup := func(t *testing.T) (*env, slacksim.Message) {
		e := meetEnv(t)
		if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
			t.Fatalf("pairing alice and carol: %q", got)
		}
		e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
		e.schedWalk(utc(2026, 11, 4, 14, 1))
		return e, e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=%s", e.meetPair().ID, thu.Unix(), alice))
	}
	for _, c := range []struct{ change, wants string }{
		{"pause", "`/mentor resume @bob`"},
		{"skip", "`/mentor next @bob`"},
	} {
		t.Run(c.change, func(t *testing.T) {
			e, reminder := setup(t)
			if got := e.cmd(bob, "/mentor", c.change); strings.Contains(got, "Usage") {
				t.Fatalf("%s: %q", c.change, got)
			}
			got := e.schedWaitMessageFor(reminder, func(m slacksim.Message) bool { return !contains(m, "meeting_skip") })
			if !contains(got, c.wants) {
				t.Errorf("alice's reminder after bob's %s does not say %s: %s", c.change, c.wants, got.Text+" "+blockText(got.Blocks))
			}
		})
	}
	t.Run("past meeting's Skip", func(t *testing.T) {
		e, reminder := setup(t)
		e.schedWalk(thu.Add(48 * time.Hour))
		if got := e.clickAnswer(alice, reminder, "meeting_skip"); !strings.Contains(got, "`/mentor skip @bob`") {
			t.Errorf("Skip of a past meeting: %q", got)
		}
	})
}

// schedWaitMessageFor is schedWaitMessage that reports, rather than fails
// on, a message that never changed as wanted, and returns it as it is.
func (e *env) schedWaitMessageFor(m slacksim.Message, ok func(slacksim.Message) bool) slacksim.Message {
	e.t.Helper()
	cur, err := e.waitMessageAs(m, ok)
	if err != nil {
		e.t.Errorf("message %s never changed as expected (%v); now: %s", m.TS, err, cur.Text+" "+blockText(cur.Blocks))
	}
	return cur
}

// The notice that nudges stopped names every kind of DM that stops with
// them, the quiet-pair reminder and the good-fit question too, as the
// settings modal does: not only some of them.
func TestNudgesStoppedNoticeNamesWhatStops(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	e.schedWalk(schedAt("2026-11-09 15:00"))
	notice := e.waitDM(bob, "stop them for now")
	text := blockText(notice.Blocks)
	for _, want := range []string{"follow-ups", "goal", "quiet-pair", "feedback prompts", "good-fit"} {
		if !strings.Contains(text, want) {
			t.Errorf("notice does not name %q: %s", want, text)
		}
	}
}

// The notice lists as still coming only what the person's own settings
// leave on: not the check-ins they turned off.
func TestNudgesStoppedNoticeLeavesOutWhatTheyTurnedOff(t *testing.T) {
	e := nudgeEnv(t, 9, 10, 11)
	s := store.DefaultSettings()
	s.CheckinsOn = false
	if err := e.app.DB.SaveSettings(e.ctx, bob, s); err != nil {
		t.Fatal(err)
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	text := blockText(e.waitDM(bob, "stop them for now").Blocks)
	if strings.Contains(text, "check-ins still come") || !strings.Contains(text, "Meeting reminders still come.") {
		t.Errorf("the notice to someone with check-ins off: %s", text)
	}
}

// A check-in of someone whose only open to-dos are in a snoozed pair does
// not say none are open: it says they wait with that pair.
func TestCheckinSaysToDosWaitWithASnoozedPair(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	if got := e.cmd(bob, "/session", "log <@UALICE> chat todo: <@UALICE> intro to the SRE team"); !strings.Contains(got, "intro to the SRE team") {
		t.Fatalf("/session log: %q", got)
	}
	if got := e.cmd(alice, "/mentor", "snooze <@UBOB> 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze: %q", got)
	}
	e.schedWalk(e.clock.Now().Add(8 * 24 * time.Hour))
	// The last one: a check-in may have gone at the start, before the snooze.
	var checkin slacksim.Message
	for key, m := range e.schedSent() {
		if strings.HasPrefix(key, "checkin:") && schedRecipient(key) == alice && m.TS > checkin.TS {
			checkin = m
		}
	}
	if got := blockText(checkin.Blocks); !strings.Contains(got, "1 waits with a snoozed or paused pair") || strings.Contains(got, "None open") {
		t.Errorf("alice's check-in: %s", got)
	}
}

// A reminder a resume put back on is drawn again when its agenda changes,
// as any reminder of a meeting that takes place is: an item added after
// the resume shows in it.
func TestReminderBackOnShowsAnItemAddedAfterTheResume(t *testing.T) {
	e := meetEnv(t)
	p := e.meetPair()
	if got := e.cmd(alice, "/mentor", "meet <@UBOB|bob> weekly wed 10:00"); !strings.Contains(got, "every Wednesday") {
		t.Fatalf("alice's meet: %q", got)
	}
	e.advance(37 * time.Hour)
	if got := e.cmd(alice, "/mentor", "pause <@UBOB|bob>"); !strings.Contains(got, "Paused your meetings") {
		t.Fatalf("alice's pause: %q", got)
	}
	e.settle()
	if got := e.cmd(alice, "/mentor", "resume <@UBOB|bob>"); !strings.Contains(got, "Resumed your meetings") {
		t.Fatalf("alice's resume: %q", got)
	}
	e.settle()
	if got := e.cmd(bob, "/mentor", "agenda the conference talk outline"); !strings.Contains(got, "conference talk outline") {
		t.Fatalf("bob's agenda item: %q", got)
	}
	e.settle()
	n := e.sentKey(t, p.ID, scheduler.KindReminder, alice)
	if m, _ := e.sim.LookupMessage(n.Channel, n.TS); !contains(m, "conference talk outline") {
		t.Errorf("alice's reminder, put back on by the resume, does not show bob's new item:\n%q\n%s", m.Text, blockText(m.Blocks))
	}
	noFailures(t, e)
}
