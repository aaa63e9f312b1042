package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of commands that need a pair, run for someone in more
// than one: what a "which pair?" button pressed late means, the pair
// used when only one can take the command, what is checked before asking,
// and names typed without Slack's mention.

// pickFor presses, in the "which pair?" answer res, the button of
// partner, and returns what the presser then sees: the answer that
// replaced the prompt, and anything new sent to them.
func pickFor(t *testing.T, e *env, user string, res *slacksim.CommandResult, partner string) string {
	t.Helper()
	var bs []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(res.Message.Blocks, &bs); err != nil {
		t.Fatal(err)
	}
	var last int64
	for _, m := range e.sim.MessagesTo(user) {
		last = max(last, m.Seq)
	}
	for _, b := range bs {
		for _, el := range b.Elements {
			if !strings.Contains(el.Value, "<@"+partner+">") {
				continue
			}
			if _, err := e.sim.ClickButtonValue(meetCtx(e), user, *res.Message, el.ActionID, el.Value); err != nil {
				t.Fatal(err)
			}
			e.idle()
			var out strings.Builder
			for _, m := range e.sim.MessagesTo(user) {
				if m.Seq > last || m.TS == res.Message.TS && m.Updated {
					out.WriteString(m.Text + "\n" + blockText(m.Blocks))
				}
			}
			return out.String()
		}
	}
	t.Fatalf("no button for %s in %s", partner, res.Message.Blocks)
	return ""
}

// promptFor runs an ambiguous command for user and returns the "which
// pair?" answer.
func promptFor(t *testing.T, e *env, user, command, text string) *slacksim.CommandResult {
	t.Helper()
	res, err := e.sim.SlashCommand(meetCtx(e), user, e.dmChannel(user), command, text)
	if err != nil {
		t.Fatalf("%s %s: %v", command, text, err)
	}
	e.idle()
	if res.Message == nil || !strings.Contains(res.Message.Text, "which one do you mean") {
		t.Fatalf("%s %s: want the which-pair prompt, got %+v", command, text, res)
	}
	return res
}

// A "which pair?" button of /mentor skip pressed after the meeting that
// was next at the typing skips nothing, rather than the one after it, and
// the partner hears nothing.
func TestWhichPairSkipPressedAfterTheMeetingSkipsNothing(t *testing.T) {
	e := twoPairEnv(t) // Monday 2 November, 09:00 in alice's Berlin
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	// Carol's meetings too: a pair with none would not be asked about.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly fri 10:00")
	e.settle()
	thu := utc(2026, 11, 5, 14, 0)
	res := promptFor(t, e, alice, "/mentor", "skip")
	e.advance(96 * time.Hour) // Friday: Thursday's meeting has taken place
	got := pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "The meeting you meant, <!date^") || !strings.Contains(got, "has already taken place; nothing was skipped") ||
		!strings.Contains(got, "`/mentor skip @bob` skips the next one") {
		t.Errorf("late press of skip: %q", got)
	}
	if ds := meetDates(got); len(ds) < 2 || !ds[0].Equal(thu) || !ds[1].Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("late press of skip names %v; want the meeting meant (%v), then the next one", ds, thu)
	}
	e.settle()
	if ch, err := e.app.DB.MeetingChanges(e.ctx, e.meetPair().ID, time.Time{}); err != nil || len(ch.Skips) != 0 {
		t.Errorf("skips after a late press: %v, %v", ch.Skips, err)
	}
	if n := len(e.dms(bob, "skipped your meeting")); n != 0 {
		t.Errorf("bob was told of %d skips", n)
	}

	// Pressed while the meeting meant is still ahead, it skips that one.
	res = promptFor(t, e, alice, "/mentor", "skip")
	e.advance(2 * time.Hour)
	got = pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "Skipped your meeting with <@UBOB>") || !meetFirstDate(t, "skip", got).Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("press of skip in time: %q", got)
	}
}

// A late press of /mentor move moves nothing either when the meeting
// meant has taken place.
func TestWhichPairMovePressedAfterTheMeetingMovesNothing(t *testing.T) {
	e := twoPairEnv(t)
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	// Carol's meetings too: a pair with none would not be asked about.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly fri 10:00")
	e.settle()
	res := promptFor(t, e, alice, "/mentor", "move 16:00")
	e.advance(96 * time.Hour)
	got := pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "has already taken place; nothing was moved") {
		t.Errorf("late press of move: %q", got)
	}
	if ch, err := e.app.DB.MeetingChanges(e.ctx, e.meetPair().ID, time.Time{}); err != nil || len(ch.Moves) != 0 {
		t.Errorf("moves after a late press: %v, %v", ch.Moves, err)
	}
}

// An agenda item typed for the meeting then next, and added by a press
// after that meeting, goes on the next one's agenda, and the answer says
// the meeting meant has begun since.
func TestWhichPairAgendaPressedAfterTheMeetingSaysSo(t *testing.T) {
	e := twoPairEnv(t)
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	e.settle()
	thu := utc(2026, 11, 5, 14, 0)
	res := promptFor(t, e, alice, "/mentor", "agenda the review")
	e.advance(96 * time.Hour)
	got := pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "Added to the agenda for your meeting with <@UBOB>, ") || !strings.Contains(got, "has begun since, so the item is for the next one") {
		t.Errorf("late press of agenda: %q", got)
	}
	if ds := meetDates(got); len(ds) < 2 || !ds[0].Equal(thu.AddDate(0, 0, 7)) || !ds[1].Equal(thu) {
		t.Errorf("late press of agenda names %v; want the next meeting, then the one meant (%v)", ds, thu)
	}
}

// erinEnv is an env where erin (Los Angeles) mentors bob and carol: her
// commands without a partner ask which pair she means. It starts on
// Monday 2 November at 00:00 in her zone.
func erinEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	for _, mentee := range []string{"<@UBOB|bob>", "<@UCAROL|carol>"} {
		if got := e.meetAnswer(dana, "/mentor", "pair <@UERIN|erin> "+mentee); !strings.Contains(got, "Paired") {
			t.Fatalf("pairing erin and %s: %q", mentee, got)
		}
	}
	e.settle()
	t.Cleanup(func() { noFailures(t, e) })
	return e
}

// A relative meeting time pressed in a "which pair?" answer later is read
// as of the typing: "tomorrow" is the day after the typing, and refused
// when that has passed, as a past date is, not moved on to the day after
// the press.
func TestWhichPairMeetPressedLaterMeansTheDayTyped(t *testing.T) {
	for _, when := range []string{"tomorrow 09:00", "next tuesday 09:00", "nov 3 9am"} {
		t.Run(when, func(t *testing.T) {
			e := erinEnv(t)
			res := promptFor(t, e, erin, "/mentor", "meet "+when) // Monday 00:00 in Los Angeles
			e.advance(48 * time.Hour)                             // Wednesday
			got := pickFor(t, e, erin, res, carol)
			if !strings.Contains(got, "That time has already passed: when you typed it") || !strings.Contains(got, "Tue 3 Nov 2026 at 09:00 PST") {
				t.Errorf("meet %s pressed two days late: %q", when, got)
			}
			if mp, err := e.app.DB.Meetings(e.ctx, erin, e.livePairOf(erin, carol).ID); err != nil || mp.Scheduled {
				t.Errorf("meetings set by a late press: %+v, %v", mp.Schedule, err)
			}
		})
	}
	// Pressed in time, it is the day after the typing still.
	e := erinEnv(t)
	res := promptFor(t, e, erin, "/mentor", "meet tomorrow 09:00")
	e.advance(20 * time.Hour) // Monday 20:00
	got := pickFor(t, e, erin, res, carol)
	if !strings.Contains(got, "once, on") || !meetFirstDate(t, "meet", got).Equal(utc(2026, 11, 3, 17, 0)) {
		t.Errorf("meet tomorrow pressed the same day: %q", got)
	}
}

// A snooze pressed in a "which pair?" answer later runs from the typing:
// it ends when it would have, typed alone; one that would be over by the
// press is refused.
func TestWhichPairSnoozePressedLaterRunsFromTheTyping(t *testing.T) {
	e := erinEnv(t)
	typed := e.clock.Now()
	res := promptFor(t, e, erin, "/mentor", "snooze 2w")
	e.advance(24 * time.Hour)
	got := pickFor(t, e, erin, res, carol)
	if !strings.Contains(got, "Snoozed") || !meetFirstDate(t, "snooze", got).Equal(typed.AddDate(0, 0, 14)) {
		t.Errorf("snooze 2w pressed a day late: %q; want it to end %v", got, typed.AddDate(0, 0, 14))
	}
	if p := e.livePairOf(erin, carol); !p.SnoozedUntil.Equal(typed.AddDate(0, 0, 14)) {
		t.Errorf("stored snooze ends %v; want %v", p.SnoozedUntil, typed.AddDate(0, 0, 14))
	}

	res = promptFor(t, e, erin, "/mentor", "snooze 1d")
	e.advance(48 * time.Hour)
	got = pickFor(t, e, erin, res, bob)
	if !strings.Contains(got, "That snooze would already be over") {
		t.Errorf("snooze 1d pressed two days late: %q", got)
	}
	if p := e.livePairOf(erin, bob); !p.SnoozedUntil.IsZero() {
		t.Errorf("bob's pair snoozed until %v by a late press", p.SnoozedUntil)
	}
}

// Where only one of someone's pairs can take the command, it is used
// without asking which pair; where none can, the answer says so.
func TestWhichPairNotAskedWhenOnlyOneFits(t *testing.T) {
	e := erinEnv(t)
	if got := e.cmd(erin, "/mentor", "resume"); !strings.Contains(got, "aren't paused in any of your pairs") || strings.Contains(got, "which one") {
		t.Errorf("resume with no pair paused: %q", got)
	}
	if got := e.cmd(erin, "/mentor", "snooze off"); !strings.Contains(got, "None of your pairs is snoozed") {
		t.Errorf("snooze off with no pair snoozed: %q", got)
	}
	if got := e.cmd(erin, "/mentor", "pause <@UBOB|bob>"); !strings.Contains(got, "Paused your meetings with <@UBOB>") {
		t.Fatalf("pause bob: %q", got)
	}
	e.settle()
	if got := e.cmd(erin, "/mentor", "resume"); !strings.Contains(got, "Resumed your meetings with <@UBOB>") {
		t.Errorf("resume with bob's pair paused: %q", got)
	}
	e.settle()
	if got := e.cmd(erin, "/mentor", "pause <@UCAROL|carol>"); !strings.Contains(got, "Paused your meetings with <@UCAROL>") {
		t.Fatalf("pause carol: %q", got)
	}
	e.settle()
	if got := e.cmd(erin, "/mentor", "pause"); !strings.Contains(got, "Paused your meetings with <@UBOB>") {
		t.Errorf("pause with carol's pair paused: %q", got)
	}
	e.settle()
	for _, sub := range []string{"skip", "pause"} {
		if got := e.cmd(erin, "/mentor", sub); !strings.Contains(got, "paused in all your pairs") || strings.Contains(got, "which one") {
			t.Errorf("%s with both pairs paused: %q", sub, got)
		}
	}
	if got := e.cmd(erin, "/mentor", "snooze <@UCAROL|carol> 2w"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze carol: %q", got)
	}
	e.settle()
	if got := e.cmd(erin, "/mentor", "snooze off"); !strings.Contains(got, "<@UCAROL>") || strings.Contains(got, "which one") {
		t.Errorf("snooze off with carol's pair snoozed: %q", got)
	}
}

// A meeting time or snooze that is wrong for any pair is answered before
// someone in two pairs is asked which one they mean.
func TestWhichPairNotAskedForAWhenThatIsWrong(t *testing.T) {
	e := erinEnv(t)
	for _, c := range []struct{ text, want string }{
		{"meet blorp 25:99", "blorp"},
		{"meet 2020-01-01 10:00", "That time has already passed"},
		{"meet", "Usage: `/mentor meet [@partner] WHEN"},
		{"snooze banana", "banana"},
		{"snooze 0d", "A snooze lasts at least a day"},
		{"snooze 200d", "at most 90 days"},
	} {
		if got := e.cmd(erin, "/mentor", c.text); !strings.Contains(got, c.want) || strings.Contains(got, "which one") {
			t.Errorf("%s: %q; want %q without asking which pair", c.text, got, c.want)
		}
	}
	// A good one still asks.
	for _, text := range []string{"meet weekly thu 15:00", "snooze 2w"} {
		promptFor(t, e, erin, "/mentor", text)
	}
}

// An @name that Slack did not turn into a mention (typed out, or pasted)
// of someone the person knows here gets "Did you mean @bob?", as the name
// without the @ does, not "I couldn't find @bob in this workspace".
func TestTypedAtNameOfAPartnerGetsDidYouMean(t *testing.T) {
	e := meetEnv(t)
	e.settle()
	for _, c := range []struct{ user, command, text, fixed string }{
		{alice, "/mentor", "feedback @bob great session", "`/mentor feedback @bob great session`"},
		{alice, "/mentor", "snooze @Bob 2w", "`/mentor snooze @bob 2w`"},
		{alice, "/mentor", "snooze 2w @bob", "`/mentor snooze 2w @bob`"},
		{alice, "/mentor", "meet weekly thu 15:00 with @bob", "`/mentor meet weekly thu 15:00 with @bob`"},
		{alice, "/mentor", "move @bob thu 16:00", "`/mentor move @bob thu 16:00`"},
		{alice, "/mentor", "end @bob", "`/mentor end @bob`"},
		{alice, "/mentor", "next @bob", "`/mentor next @bob`"},
		{alice, "/mentor", "skip @bob,", "`/mentor skip @bob`"},
		{bob, "/mentor", "pause @alice", "`/mentor pause @alice`"},
		{alice, "/session", "log @bob we talked", "`/session log @bob we talked`"},
		{alice, "/session", "list @bob", "`/session list @bob`"},
		{alice, "/session", "todos @bob", "`/session todos @bob`"},
		{alice, "/goal", "list @bob", "`/goal list @bob`"},
		{bob, "/mentor", "request @alice hi", "`/mentor request @alice hi`"},
		{dana, "/mentor", "pair @alice <@UBOB|bob>", "`/mentor pair @alice @bob`"},
	} {
		got := e.cmd(c.user, c.command, c.text)
		id := map[bool]string{true: "UBOB", false: "UALICE"}[strings.Contains(c.fixed, "@bob") && c.user != dana]
		if !strings.Contains(got, "Did you mean <@"+id+">? Type @ and pick them from Slack's list") || !strings.Contains(got, c.fixed) {
			t.Errorf("%s %s: %q; want Did you mean <@%s> and %s", c.command, c.text, got, id, c.fixed)
		}
	}
	// Nobody of that name: as before.
	if got := e.cmd(alice, "/mentor", "feedback @zed hello"); !strings.Contains(got, "I couldn't find @zed in this workspace") {
		t.Errorf("feedback to @zed: %q", got)
	}
	if n := len(e.dms(bob, "hello")) + len(e.dms(bob, "great session")); n != 0 {
		t.Errorf("bob got %d feedback DMs: %s", n, e.describeDMs(bob))
	}
}

// The sessions of an ended pair that logged none: the list says the pair
// ended, not to log one after the next meeting, which would be refused.
func TestSessionListOfAnEndedPairWithoutSessions(t *testing.T) {
	e := twoPairEnv(t)
	e.endPair(alice, carol)
	e.settle()
	got := e.cmd(alice, "/session", "list <@UCAROL|carol>")
	if !strings.Contains(got, "Your pair with <@UCAROL> ended ") || !strings.Contains(got, "Mon 2 Nov 2026") ||
		!strings.Contains(got, "no session was logged in it") || strings.Contains(got, "/session log") {
		t.Errorf("list of the ended pair: %q", got)
	}
	// The live pair still gets the suggestion.
	if got := e.cmd(alice, "/session", "list <@UBOB|bob>"); !strings.Contains(got, "haven't logged a session yet") {
		t.Errorf("list of the live pair: %q", got)
	}
	e.endPair(alice, bob)
	e.settle()
	if got := e.cmd(alice, "/session", "list"); !strings.Contains(got, "Your mentoring pairs have all ended") || strings.Contains(got, "/session log") {
		t.Errorf("list with every pair ended: %q", got)
	}
}

// "# 3", with a space after the #, and "3." are numbers where a goal's or
// a to-do's number goes.
func TestNumbersWithASpaceAfterTheHashOrAFullStop(t *testing.T) {
	e := meetEnv(t)
	if got := e.goalAdd(bob, "Learn Go by 2027-03-01"); !strings.Contains(got, "#1") {
		t.Fatalf("goal add: %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress # 1 10 first chapter"); !strings.Contains(got, "10%") || strings.Contains(got, "Which goal") {
		t.Errorf("progress # 1: %q", got)
	}
	if g := e.goalStored(1); g.Progress != 10 {
		t.Errorf("goal #1 progress = %d; want 10", g.Progress)
	}
	if got := e.cmd(bob, "/goal", "done 1."); strings.Contains(got, "Which goal") || e.goalStored(1).Status != "done" {
		t.Errorf("goal done 1.: %q, status %s", got, e.goalStored(1).Status)
	}
	if got := e.cmd(alice, "/session", "log <@UBOB|bob> went well todo: read the book todo: write the tests todo: ship it"); !strings.Contains(got, "Logged") {
		t.Fatalf("session log: %q", got)
	}
	e.settle()
	todos, err := e.app.DB.PairTodos(e.ctx, alice, e.meetPair().ID)
	if err != nil || len(todos) != 3 {
		t.Fatalf("to-dos: %v, %v", todos, err)
	}
	a, b, c := todos[0].ID, todos[1].ID, todos[2].ID
	for _, text := range []string{fmt.Sprintf("done %d.", a), fmt.Sprintf("done # %d, # %d", b, c)} {
		if got := e.cmd(alice, "/session", text); !strings.Contains(got, "done (marked by you)") && !strings.Contains(got, "Marked") {
			t.Errorf("/session %s: %q", text, got)
		}
	}
	if left, err := e.app.DB.PairTodos(e.ctx, alice, e.meetPair().ID); err != nil || len(left) != 0 {
		t.Errorf("open to-dos left: %v, %v", left, err)
	}
}

// A relative time given to /mentor move, pressed in a "which pair?"
// answer later, is read as of the typing too.
func TestWhichPairMovePressedLaterMeansTheDayTyped(t *testing.T) {
	e := twoPairEnv(t)
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	// Carol's meetings too: a pair with none would not be asked about.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly fri 10:00")
	e.settle()
	res := promptFor(t, e, alice, "/mentor", "move tomorrow 16:00") // Monday: Tuesday 16:00
	e.advance(48 * time.Hour)                                       // Wednesday, before Thursday's meeting
	got := pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "That time has already passed: when you typed it") || !strings.Contains(got, "Tue 3 Nov 2026 at 16:00 CET") {
		t.Errorf("move tomorrow pressed two days late: %q", got)
	}
	if ch, err := e.app.DB.MeetingChanges(e.ctx, e.meetPair().ID, time.Time{}); err != nil || len(ch.Moves) != 0 {
		t.Errorf("moves after a late press: %v, %v", ch.Moves, err)
	}
}

// A "which pair?" press of /mentor skip after the partner skipped the
// meeting meant skips nothing more: the next meeting now is not the one
// meant at the typing, and the partner is not told of a second skip.
func TestWhichPairSkipPressedAfterThePartnerSkippedSkipsNothing(t *testing.T) {
	e := twoPairEnv(t) // Monday 2 November, 09:00 in alice's Berlin
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	// Carol's meetings too: a pair with none would not be asked about.
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly fri 10:00")
	e.settle()
	res := promptFor(t, e, alice, "/mentor", "skip")
	e.advance(time.Hour)
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Fatalf("bob's skip: %q", got)
	}
	e.advance(time.Hour)
	got := pickFor(t, e, alice, res, bob)
	if !strings.Contains(got, "after you typed this, so nothing was skipped") {
		t.Errorf("press after bob's skip: %q", got)
	}
	e.settle()
	if ch, err := e.app.DB.MeetingChanges(e.ctx, e.meetPair().ID, time.Time{}); err != nil || len(ch.Skips) != 1 {
		t.Errorf("skips after the press: %v, %v; want bob's one", ch.Skips, err)
	}
}

// A typed-out @name that is someone's exact handle means them, not a
// partner whose first name it is; asking or pairing names someone not yet
// a partner, so a partner is no guess there at all.
func TestTypedAtNameThatIsAHandleMeansItsOwner(t *testing.T) {
	e := meetEnv(t)
	e.sim.AddUser(slacksim.User{ID: "UDKIM", Name: "dkim", RealName: "Dan Kim", TZ: "Europe/Berlin"})
	e.sim.AddUser(slacksim.User{ID: "UDAN", Name: "dan", RealName: "Dan Ross", TZ: "Europe/Berlin"})
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UDKIM|dkim>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair alice and dkim: %q", got)
	}
	e.cmd("UDAN", "/goal", "list") // the bot knows dan from here on
	for _, text := range []string{"request @dan hi", "next @dan"} {
		if got := e.cmd(alice, "/mentor", text); !strings.Contains(got, "Did you mean <@UDAN>?") {
			t.Errorf("/mentor %s: %q; want Did you mean <@UDAN>", text, got)
		}
	}
}

// Of two pairs, one with no meetings set has none to skip: the other's
// meeting is skipped without asking; with none set in either, the answer
// says so without asking.
func TestWhichPairSkipPassesOverAPairWithNoMeetings(t *testing.T) {
	e := erinEnv(t)
	if got := e.cmd(erin, "/mentor", "skip"); !strings.Contains(got, "None of your pairs has a meeting to skip") || strings.Contains(got, "which one") {
		t.Errorf("skip with no meetings set: %q", got)
	}
	if got := e.meetAnswer(erin, "/mentor", "meet <@UBOB|bob> weekly thu 15:00"); !strings.Contains(got, "are set") {
		t.Fatalf("meet bob: %q", got)
	}
	e.settle()
	if got := e.cmd(erin, "/mentor", "skip"); !strings.Contains(got, "Skipped your meeting with <@UBOB>") {
		t.Errorf("skip with only bob's meetings set: %q", got)
	}
}

// A "which pair?" button of /session log pressed after an admin ended
// the pair it names logs nothing, and gives back the notes typed: the
// prompt it replaces held their only copy.
func TestWhichPairSessionLogForAPairEndedMeanwhileGivesTheNotesBack(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(alice, carol)
	res := promptFor(t, e, alice, "/session", "log went through the promotion case & next steps todo: <@UBOB|bob> draft the doc")
	if got := e.cmd(dana, "/mentor", "end <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Ended the pair") {
		t.Fatalf("admin end: %q", got)
	}
	got := pickFor(t, e, alice, res, bob)
	for _, want := range []string{"ended on", "Nothing was done", "> /session log went through the promotion case &amp; next steps todo: @bob draft the doc"} {
		if !strings.Contains(got, want) {
			t.Errorf("the press for an ended pair: %q lacks %q", got, want)
		}
	}
	ps, err := e.app.DB.PairsOf(e.ctx, alice, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if ss, err := e.app.DB.SessionsSince(e.ctx, p.ID, testStart.Add(-time.Hour)); err != nil || len(ss) != 0 {
			t.Errorf("pair %d has sessions: %+v, %v", p.ID, ss, err)
		}
	}
}
