package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of what people type to /mentor agenda, meet, move,
// pause, request, pair and feedback, as they type it: names without an @,
// odd spaces, names Slack does not know. Bad input gets a clear answer and
// changes nothing.

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
func TestAgendaWordsAreCommands(t *testing.T) {
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
func TestMeetAsPeopleWriteIt(t *testing.T) {
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
func TestMoveTo(t *testing.T) {
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
func TestPauseForAWhile(t *testing.T) {
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
func TestRequestOnePersonAtATime(t *testing.T) {
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
func TestPairRefusalsSayWhy(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ text, want string }{
		{"pair @ghost <@UCAROL|carol>", "I couldn't find @ghost in this workspace"},
		{"pair <@UALICE|alice> and <@UBOB|bob>", `I didn't understand "and"`},
		// "@alice, @bob" and "@alice , @bob" pair them
		// (grammar_punct_e2e_test.go); a mark that ends no sentence is
		// something between the names, and a comma with it is not.
		{"pair <@UALICE|alice> / <@UBOB|bob>", `I didn't understand "/"`},
		{"pair <@UALICE|alice> , <@UBOB|bob> x", `I didn't understand "x"`},
		{"pair alice bob", "@-mentions"},
		{"pair <@UALICE|alice> <@UCAROL|carol> <@UBOB|bob>", "A pair is two people, one mentor and one mentee, and you named 3"},
		{"pair <@UALICE|alice>", "a pair needs two"},
		{"pair <@UALICE|alice> bob", "only one person, @alice"},
		{"pair <@UCAROL|carol>, erin", "only one person, @carol. Name the other"},
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
func TestFeedbackToANameSlackDidNotKnow(t *testing.T) {
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
func TestPartnerNamedWithoutAt(t *testing.T) {
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
func TestPartnerNamedWithoutAtIsPutInItsPlace(t *testing.T) {
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

// A mention of someone Slack does not know (from another workspace, or an
// ID typed by hand) is answered with the name it was typed with, or in
// plain words: Slack shows a mention token of an unknown ID as a broken
// mention. Every command that takes a mention answers so, and does
// nothing.
func TestUnknownMentionIsAnsweredByTheTypedName(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	const named, plain = "I can't find @ghost in this workspace.", "I can't find the person you mentioned in this workspace."
	cases := []struct{ user, command, text, want string }{
		{dana, "/mentor", "pair <@UZZZZ|ghost> <@UBOB|bob>", named},
		{dana, "/mentor", "pair <@UALICE|alice> <@UZZZZ|ghost>", named},
		{carol, "/mentor", "request <@UZZZZ|ghost> will you mentor me?", named},
		{carol, "/mentor", "request <@UZZZZ> will you mentor me?", plain},
		{carol, "/mentor", "request <@UZZZZ|&lt;!here&gt;> hi", "I can't find @@here in this workspace."},
		{alice, "/mentor", "meet <@UZZZZ|ghost> weekly thu 15:00", named},
		{alice, "/mentor", "meet weekly thu 15:00 <@UZZZZ|ghost>", named},
		{alice, "/mentor", "feedback <@UZZZZ|ghost> thanks", named},
		{alice, "/mentor", "end <@UZZZZ|ghost>", named},
		{alice, "/mentor", "end <@UZZZZ>", plain},
		{alice, "/mentor", "agenda <@UZZZZ|ghost> careers", named},
		{alice, "/mentor", "next <@UZZZZ|ghost>", named},
		{alice, "/mentor", "skip <@UZZZZ|ghost>", named},
		{alice, "/mentor", "snooze <@UZZZZ|ghost> 2w", named},
		{alice, "/session", "log <@UZZZZ|ghost> we talked", named},
		{alice, "/session", "log <@UBOB|bob> we talked todo: <@UZZZZ|ghost> send notes", named},
		{alice, "/session", "list <@UZZZZ|ghost>", named},
		{alice, "/session", "todos <@UZZZZ|ghost>", named},
	}
	for _, c := range cases {
		got := e.cmd(c.user, c.command, c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "<@UZZZZ") {
			t.Errorf("%s %s = %q, want %q", c.command, c.text, got, c.want)
		}
	}
	// Nothing was done: no pair, request, session or meeting.
	if ps, _ := e.app.DB.PairsOf(e.ctx, carol, true); len(ps) != 0 {
		t.Errorf("carol's pairs: %+v", ps)
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, alice, 0, 0); len(ss) != 0 {
		t.Errorf("sessions logged: %+v", ss)
	}
	// A goal list of someone unknown is refused as of anyone not one's
	// mentee, naming nobody.
	if got := e.cmd(alice, "/goal", "list <@UZZZZ|ghost>"); strings.Contains(got, "<@UZZZZ") {
		t.Errorf("/goal list = %q", got)
	}
}

// TestOddSpacesSeparateWords: a no-break space (pasted from a web page, or
// Option+Space on a Mac) and a zero-width space look like a space or
// nothing; the bot reads them as a space, so the command does what it
// shows, and a goal of nothing but a zero-width space is no goal.
func TestOddSpacesSeparateWords(t *testing.T) {
	e := goalEnv(t)
	if got := e.cmd(bob, "/goal", "add\u00a0Run a\u00a0marathon by\u00a02027-05-01"); !strings.Contains(got, "Added goal") {
		t.Fatalf("add with no-break spaces: %q", got)
	}
	gs := e.goalsStored(bob)
	if len(gs) != 1 || gs[0].Text != "Run a marathon" || gs[0].DueOn != "2027-05-01" {
		t.Fatalf("stored %+v", gs)
	}
	if got := e.cmd(bob, "/goal", "progress\u202f1\u00a050%"); !strings.Contains(got, "50%") {
		t.Errorf("progress with odd spaces: %q", got)
	}
	if got := e.cmd(bob, "/goal", "done\u00a0#1"); strings.Contains(got, "I don't know") {
		t.Errorf("done with a no-break space: %q", got)
	}
	if g := e.goalStored(gs[0].ID); g.Open() {
		t.Errorf("goal still open after done: %+v", g)
	}
	e.cmd(bob, "/goal", "add \u200b")
	e.cmd(bob, "/goal", "add\u3000\u200b\ufeff")
	if gs := e.goalsStored(bob); len(gs) != 1 {
		t.Errorf("an invisible goal was stored: %+v", gs)
	}
}

// TestAdminsArePointedTheRightWay: an admin in no pair is pointed to the
// programme's pairs, not told to ask an admin; someone in no pair is told
// who the admins are, not given an admin's command; an admin's help lists
// the admin forms of topics and cohort under the admins' heading.
func TestAdminsArePointedTheRightWay(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(dana, "/mentor", "pairs"); !strings.Contains(got, "/mentor pairs all") || strings.Contains(got, "ask a programme admin") {
		t.Errorf("the admin's /mentor pairs: %q", got)
	}
	home := homeText(homeOpen(e, carol, func(s string) bool { return strings.Contains(s, "How to get a mentor") }))
	if !strings.Contains(home, "*Ask a programme admin* (<@UDANA>)") || strings.Contains(home, "/mentor pair`") {
		t.Errorf("carol's Home:\n%s", home)
	}
	// An admin in no pair is not sent to ask an admin, herself.
	home = homeText(homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "How to get a mentor") }))
	if strings.Contains(home, "Ask a programme admin") || !strings.Contains(home, "Pair yourself up") || !strings.Contains(home, "`/mentor pair @someone @dana` makes @someone your mentor") {
		t.Errorf("dana's Home:\n%s", home)
	}
	if got := e.cmd(dana, "/session", "list"); strings.Contains(got, "ask a programme admin") || !strings.Contains(got, "/mentor pair @mentor @mentee") {
		t.Errorf("dana's /session list: %q", got)
	}
	help := e.cmd(dana, "/mentor", "help")
	_, admin, ok := strings.Cut(help, "*For programme admins*")
	if !ok || !strings.Contains(admin, "/mentor topics [add|remove") || !strings.Contains(admin, "/mentor cohort [start") {
		t.Errorf("the admin's help:\n%s", help)
	}
	if got := e.cmd(carol, "/mentor", "help"); strings.Contains(got, "[add|remove") || !strings.Contains(got, "/mentor topics") {
		t.Errorf("carol's help:\n%s", got)
	}
}

// TestNamingSomeoneWithNoPairSaysHowToGetOne: someone in no pair who names
// a partner is told how to get a pair, not pointed to an empty list.
func TestNamingSomeoneWithNoPairSaysHowToGetOne(t *testing.T) {
	e := newEnv(t)
	got := e.cmd(carol, "/mentor", "feedback <@UALICE|alice> thanks")
	if !strings.Contains(got, "not in a mentoring pair yet") || !strings.Contains(got, "/mentor request @someone") {
		t.Errorf("carol's feedback to alice: %q", got)
	}
}
