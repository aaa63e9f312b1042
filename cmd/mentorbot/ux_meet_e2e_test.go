package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of what an outside audit found people type to
// /mentor agenda, meet, move, pause, request, pair and feedback, and was
// misread or answered with advice that did not work. Bad input gets a
// clear answer and changes nothing.

// agendaTexts is the open agenda of alice and bob, as stored.
func (e *env) agendaTexts() []string {
	e.t.Helper()
	items, err := e.app.DB.Agenda(e.ctx, bob, e.meetPair().ID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, a := range items {
		out = append(out, a.Text)
	}
	return out
}

// "list", "show", "add …", "remove N", "delete N" and "clear" after
// /mentor agenda are what they say, not agenda items; an item that merely
// starts with such a word is added as it is.
func TestUXAgendaWordsAreCommands(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")

	for _, text := range []string{"agenda list", "agenda show", "agenda LIST", "agenda list <@UALICE|alice>"} {
		if got := e.meetAnswer(bob, "/mentor", text); !strings.Contains(got, "Agenda for your meeting with <@UALICE>") || !strings.Contains(got, "Nothing yet") {
			t.Errorf("/mentor %s does not show the agenda: %q", text, got)
		}
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda add"); !strings.Contains(got, "What would you like to add?") {
		t.Errorf("/mentor agenda add alone: %q", got)
	}
	if got := e.agendaTexts(); len(got) != 0 {
		t.Fatalf("showing the agenda added to it: %q", got)
	}

	if got := e.meetAnswer(bob, "/mentor", "agenda add career path"); !strings.Contains(got, "Added to the agenda") || !strings.Contains(got, "> career path") {
		t.Errorf("/mentor agenda add career path: %q", got)
	}
	for _, item := range []string{"list of books to read", "show and tell", "remove the old cron jobs", "delete 3 old branches"} {
		if got := e.meetAnswer(bob, "/mentor", "agenda "+item); !strings.Contains(got, "> "+item) {
			t.Errorf("/mentor agenda %s: %q", item, got)
		}
	}
	want := []string{"career path", "list of books to read", "show and tell", "remove the old cron jobs", "delete 3 old branches"}
	if got := e.agendaTexts(); !slices.Equal(got, want) {
		t.Fatalf("agenda = %q, want %q", got, want)
	}

	// The list is numbered, for remove N.
	if got := e.meetAnswer(alice, "/mentor", "agenda"); !strings.Contains(got, "1. career path") || !strings.Contains(got, "5. delete 3 old branches") || !strings.Contains(got, "/mentor agenda @bob remove N") {
		t.Errorf("the agenda is not numbered: %q", got)
	}
	// Only the author takes an item off, as with the Remove button.
	if got := e.meetAnswer(alice, "/mentor", "agenda remove 1"); !strings.Contains(got, "Only <@UBOB>, who added it, can take it off the agenda") {
		t.Errorf("alice removing bob's item: %q", got)
	}
	for _, text := range []string{"agenda remove 9", "agenda delete #0", "agenda remove", "agenda clear", "agenda remove x", "agenda clear all", "agenda remove 1 2"} {
		if got := e.meetAnswer(bob, "/mentor", text); strings.Contains(got, "Added") || strings.Contains(got, "Took") {
			t.Errorf("/mentor %s: %q", text, got)
		}
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda remove 9"); !strings.Contains(got, "There is no item 9") || !strings.Contains(got, "it has 5") {
		t.Errorf("/mentor agenda remove 9: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda clear"); !strings.Contains(got, "haven't changed anything") || !strings.Contains(got, "/mentor agenda @alice remove N") {
		t.Errorf("/mentor agenda clear: %q", got)
	}
	if got := e.agendaTexts(); !slices.Equal(got, want) {
		t.Fatalf("refused commands changed the agenda: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda <@UALICE|alice> delete #2"); !strings.Contains(got, "Took item 2 off the agenda") || !strings.Contains(got, "> list of books to read") {
		t.Errorf("/mentor agenda @alice delete #2: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda remove 1"); !strings.Contains(got, "Took item 1 off the agenda") || !strings.Contains(got, "> career path") {
		t.Errorf("/mentor agenda remove 1: %q", got)
	}
	if got, want := e.agendaTexts(), want[2:]; !slices.Equal(got, want) {
		t.Errorf("agenda after two removals = %q, want %q", got, want)
	}
	// carol, in no pair, removes nothing.
	if got := e.meetAnswer(carol, "/mentor", "agenda remove 1"); !strings.Contains(got, "not in a mentoring pair") {
		t.Errorf("carol: %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "agenda help"); !strings.Contains(got, "`remove N` takes off item N you added") || !strings.Contains(got, "`add ITEM`") {
		t.Errorf("the usage does not show the forms: %q", got)
	}
}

// The orders people write a meeting time in are read, and the advice
// given is advice that works.
func TestUXMeetAsPeopleWriteIt(t *testing.T) {
	e := meetEnv(t)
	for _, c := range []struct{ text, want string }{
		{"meet tue 15:00 weekly", "every Tuesday at 15:00 (Europe/Berlin)"},
		{"meet every 2 weeks tue 15:00", "every other Tuesday at 15:00"},
		{"meet every two weeks wed 10:00", "every other Wednesday at 10:00"},
		{"meet every week tue 16:00", "every Tuesday at 16:00"},
		{"meet weekly 15:00 tue", "every Tuesday at 15:00"},
		{"meet weekly thu 15:00 with <@UBOB|bob>", "every Thursday at 15:00"},
		{"meet with <@UBOB|bob> weekly fri 9:00 for 45m", "every Friday at 09:00"},
	} {
		if got := e.meetAnswer(alice, "/mentor", c.text); !strings.Contains(got, c.want) || !strings.Contains(got, "are set") {
			t.Errorf("/mentor %s: %q, want %q", c.text, got, c.want)
		}
	}
	sc, ok, err := e.app.DB.Schedule(e.ctx, e.meetPair().ID)
	if err != nil || !ok || !strings.HasPrefix(sc.Rule, "weekly fri 09:00 Europe/Berlin") || sc.Duration != 45*time.Minute {
		t.Fatalf("stored schedule = %+v, %v, %v", sc, ok, err)
	}

	// A weekday with no "weekly": the advice, followed, works.
	got := e.meetAnswer(alice, "/mentor", "meet tue 15:00")
	if !strings.Contains(got, `Write "weekly tue 15:00".`) {
		t.Errorf("/mentor meet tue 15:00: %q", got)
	}
	if got := e.meetAnswer(alice, "/mentor", "meet every 3 weeks tue 15:00"); !strings.Contains(got, "every week, every two weeks or once a month") {
		t.Errorf("/mentor meet every 3 weeks: %q", got)
	}

	// An @name Slack did not know is named, as /mentor request does, and
	// so is a second partner; nothing changes.
	for _, c := range []struct{ text, want string }{
		{"meet @nobody weekly tue 15:00", "I couldn't find @nobody in this workspace. Type @ and pick your partner"},
		{"meet weekly tue 15:00 with @nobody", "I couldn't find @nobody in this workspace"},
		{"meet <@UBOB|bob> weekly tue 15:00 <@UCAROL|carol>", "name one partner"},
		{"move @nobody thu 16:00", "I couldn't find @nobody in this workspace"},
	} {
		if got := e.meetAnswer(alice, "/mentor", c.text); !strings.Contains(got, c.want) || !strings.Contains(got, "haven't changed anything") {
			t.Errorf("/mentor %s: %q, want %q", c.text, got, c.want)
		}
	}
	if after, _, _ := e.app.DB.Schedule(e.ctx, e.meetPair().ID); after.Rule != sc.Rule {
		t.Errorf("a refused command changed the schedule: %q, was %q", after.Rule, sc.Rule)
	}
}

// "/mentor move to thu 16:00" moves the meeting, as without "to".
func TestUXMoveTo(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	got := e.meetAnswer(alice, "/mentor", "move to thu 16:00")
	if ds := meetDates(got); !strings.Contains(got, "Moved") || !sameTimes(ds, utc(2026, 11, 5, 14, 0), utc(2026, 11, 5, 15, 0)) {
		t.Errorf("/mentor move to thu 16:00: %v %q", ds, got)
	}
	if got := e.meetAnswer(bob, "/mentor", "move it to 11:00 <@UALICE|alice>"); !strings.Contains(got, "Moved") {
		t.Errorf("/mentor move it to 11:00 @alice: %q", got)
	}
}

// "/mentor pause for 2 weeks" says what pause does and what holds things
// for a while, and pauses nothing.
func TestUXPauseForAWhile(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	got := e.meetAnswer(bob, "/mentor", "pause for 2 weeks")
	for _, want := range []string{"I haven't paused anything", "until one of you types `/mentor resume`", "`/mentor snooze for 2 weeks`", "`/mentor skip`", "No meetings until <!date^", "`/mentor pause` now, and `/mentor resume` then"} {
		if !strings.Contains(got, want) {
			t.Errorf("/mentor pause for 2 weeks: no %q in %q", want, got)
		}
	}
	if got := e.meetAnswer(bob, "/mentor", "pause a bit"); !strings.Contains(got, "`/mentor snooze 2w`") || strings.Contains(got, "No meetings until") {
		t.Errorf("/mentor pause a bit: %q", got)
	}
	if p := e.meetPair(); p.Status == store.PairPaused || p.Snoozed(e.clock.Now()) {
		t.Errorf("the pair was paused or snoozed: %+v", p)
	}
	e.settle()
	if n := len(e.dms(alice, "paused your meetings")); n != 0 {
		t.Errorf("alice was told of a pause %d times", n)
	}
}

// One person per request: a second one named right after the first is
// refused; someone named later in the message is part of it.
func TestUXRequestOnePersonAtATime(t *testing.T) {
	e := newEnv(t)
	for _, text := range []string{
		"request <@UALICE|alice> <@UERIN|erin> help",
		"request <@UALICE|alice> and <@UERIN|erin> help",
		"request <@UALICE|alice> @erin help",
	} {
		if got := e.cmd(carol, "/mentor", text); !strings.Contains(got, "Ask one person at a time") || !strings.Contains(got, "haven't sent anything") {
			t.Errorf("/mentor %s: %q", text, got)
		}
	}
	e.settle()
	if n := len(e.dms(alice, "")) + len(e.dms(erin, "")); n != 0 {
		t.Fatalf("%d DMs sent for refused requests", n)
	}
	if got := e.cmd(carol, "/mentor", "request <@UALICE|alice> <@UERIN|erin> said you'd be great"); !strings.Contains(got, "Ask one person at a time") {
		t.Errorf("a second mention first: %q", got)
	}
	got := e.cmd(carol, "/mentor", "request <@UALICE|alice> could you mentor me? <@UERIN|erin> said you'd be great")
	if !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("a mention later in the message: %q", got)
	}
	e.waitDM(alice, "said you")
}

// An admin's /mentor pair that is not two mentions says what is wrong,
// then the usage, and pairs nobody.
func TestUXPairRefusalsSayWhy(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ text, want string }{
		{"pair @ghost <@UCAROL|carol>", "I couldn't find @ghost in this workspace"},
		{"pair <@UALICE|alice> and <@UBOB|bob>", `I didn't understand "and"`},
		{"pair <@UALICE|alice>, <@UBOB|bob>", `I didn't understand ","`},
		{"pair alice bob", "@-mentions"},
		{"pair <@UALICE|alice> <@UCAROL|carol> <@UBOB|bob>", "A pair is two people, one mentor and one mentee, and you named 3"},
		{"pair <@UALICE|alice>", "a pair needs two"},
		{"pair <@UALICE|alice> bob", "only one person, <@UALICE>"},
	} {
		got := e.cmd(dana, "/mentor", c.text)
		if !strings.Contains(got, c.want) || !strings.Contains(got, "Write it `/mentor pair @mentor @mentee`, the mentor first") {
			t.Errorf("/mentor %s: %q, want %q and the form", c.text, got, c.want)
		}
		if strings.Count(got, "the mentee") > 1 {
			t.Errorf("/mentor %s says how to name them twice: %q", c.text, got)
		}
	}
	if pairs, err := e.app.DB.AllPairs(e.ctx, true); err != nil || len(pairs) != 0 {
		t.Errorf("pairs after refused commands: %v, %v", pairs, err)
	}
}

// Feedback that starts with an @name Slack did not know is not sent: the
// name was meant, misspelt. Feedback without a name still goes to the one
// partner.
func TestUXFeedbackToANameSlackDidNotKnow(t *testing.T) {
	e := meetEnv(t)
	if got := e.meetAnswer(bob, "/mentor", "feedback @alcie great job"); !strings.Contains(got, "I couldn't find @alcie") || !strings.Contains(got, "haven't sent anything") {
		t.Errorf("feedback @alcie: %q", got)
	}
	e.settle()
	if n := len(e.dms(alice, "shared feedback")); n != 0 {
		t.Fatalf("alice got %d feedback DMs", n)
	}
	if got := e.meetAnswer(bob, "/mentor", "feedback great job"); !strings.Contains(got, "passed your feedback on to <@UALICE>") {
		t.Errorf("feedback without a name: %q", got)
	}
	e.waitDM(alice, "great job")
}

// A partner named without the @ (so Slack sent no mention) is pointed out,
// with the command as it would read with the mention, and nothing
// changes: `/mentor meet bob weekly thu 15:00` was answered "I don't know
// the day bob". In the person's own words (notes) the name stays text.
func TestUXPartnerNamedWithoutAt(t *testing.T) {
	e := meetEnv(t)
	for _, c := range []struct{ command, text, fixed string }{
		{"/mentor", "meet bob weekly thu 15:00", "/mentor meet @bob weekly thu 15:00"},
		{"/mentor", "meet Bob, weekly thu 15:00", "/mentor meet @bob weekly thu 15:00"},
		{"/mentor", "snooze bob 2w", "/mentor snooze @bob 2w"},
		{"/mentor", "next bob", "/mentor next @bob"},
		{"/mentor", "skip BOB", "/mentor skip @bob"},
		{"/mentor", "pause bob", "/mentor pause @bob"},
		{"/mentor", "end bob", "/mentor end @bob"},
		{"/goal", "list bob all", "/goal list @bob all"},
		{"/session", "list bob", "/session list @bob"},
	} {
		got := e.meetAnswer(alice, c.command, c.text)
		if !strings.Contains(got, "Did you mean <@UBOB>?") || !strings.Contains(got, "`"+c.fixed+"`") {
			t.Errorf("%s %s: %q", c.command, c.text, got)
		}
	}
	e.settle()
	p := e.meetPair()
	if mp, err := e.app.DB.Meetings(e.ctx, alice, p.ID); err != nil || mp.Schedule.SetBy != "" || len(mp.Skips) != 0 {
		t.Errorf("a meeting was set or skipped: %+v, %v", mp, err)
	}
	if p.Status != store.PairActive || p.Snoozed(e.clock.Now()) {
		t.Errorf("the pair changed: %+v", p)
	}
	if dms := e.dms(bob, ""); len(dms) != 1 { // the welcome only
		t.Errorf("bob got %d DMs, want the welcome only:\n%s", len(dms), e.describeDMs(bob))
	}

	// Not a partner's name: answered as before.
	if got := e.meetAnswer(alice, "/mentor", "next carol"); strings.Contains(got, "Did you mean") || !strings.Contains(got, "I don't understand") {
		t.Errorf("/mentor next carol: %q", got)
	}
	// A meeting time may start with a month or a day, whatever the partner is called.
	if got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00"); !strings.Contains(got, "are set") {
		t.Errorf("/mentor meet weekly thu 15:00: %q", got)
	}
	// Notes are the person's own words.
	if got := e.meetAnswer(alice, "/session", "log bob showed his demo"); !strings.Contains(got, "Logged session") {
		t.Errorf("/session log bob showed his demo: %q", got)
	}
}

// The command suggested with the mention is the one typed, even when the
// name is also part of a command's name (tor in /mentor); a partner called
// April is pointed out, except where a date may stand (a meeting time).
func TestUXPartnerNamedWithoutAtIsPutInItsPlace(t *testing.T) {
	e := newEnv(t)
	e.sim.AddUser(slacksim.User{ID: "UTOR", Name: "tor", RealName: "Tor Berg", TZ: "Europe/Oslo"})
	e.sim.AddUser(slacksim.User{ID: "UAPRIL", Name: "april.s", RealName: "April Stone", TZ: "Europe/London"})
	for _, mentee := range []string{"<@UTOR|tor>", "<@UAPRIL|april.s>"} {
		if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> "+mentee); !strings.Contains(got, "Paired") {
			t.Fatalf("pair alice with %s: %q", mentee, got)
		}
	}
	for _, c := range []struct{ command, text, fixed string }{
		{"/mentor", "end tor", "/mentor end @tor"},
		{"/goal", "list tor all", "/goal list @tor all"},
		{"/mentor", "next April", "/mentor next @april.s"},
		{"/session", "list april", "/session list @april.s"},
	} {
		if got := e.meetAnswer(alice, c.command, c.text); !strings.Contains(got, "Did you mean") || !strings.Contains(got, "`"+c.fixed+"`") {
			t.Errorf("%s %s: %q", c.command, c.text, got)
		}
	}
	if got := e.meetAnswer(alice, "/mentor", "meet april 3 15:00"); strings.Contains(got, "Did you mean") {
		t.Errorf("/mentor meet april 3 15:00 was taken for a partner: %q", got)
	}
	if ps, _ := e.app.DB.PairsOf(e.ctx, alice, false); len(ps) != 2 {
		t.Errorf("alice has %d live pairs, want 2: nothing ended", len(ps))
	}
}
