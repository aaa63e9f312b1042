package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of commands typed as sentences: a partner's mention
// followed by a comma, colon or full stop ("@bob, great session"), which
// Slack sends glued to the mention ("<@UBOB|bob>,"), a full stop after a
// day or a time, 24:00, and a goal's number followed by a comma or colon.

// A mention with punctuation after it names the partner, in every
// command that takes one first, and the punctuation is not the start of
// what the partner is sent.
func TestMentionFollowedByPunctuationIsThePartner(t *testing.T) {
	e := twoPairEnv(t) // alice mentors bob and carol

	for _, c := range []struct{ user, command, text, want string }{
		{alice, "/mentor", "feedback <@UBOB|bob>, great session today", "passed your feedback on to <@UBOB>"},
		{alice, "/session", "log <@UCAROL|carol>, talked about CV", "with <@UCAROL>"},
		{alice, "/session", "list <@UCAROL|carol>,", "Recent sessions with <@UCAROL>"},
		// After the log, which would mark it covered.
		{alice, "/mentor", "agenda <@UCAROL|carol>: review your CV", "Added to the agenda for your next meeting with <@UCAROL>"},
		{bob, "/mentor", "meet <@UALICE|alice>, weekly thu 15:00", "Your meetings with <@UALICE> are set"},
		{alice, "/mentor", "next <@UBOB|bob>.", "Next meeting with <@UBOB>"},
		{alice, "/mentor", "skip <@UBOB|bob>.", "Skipped your meeting with <@UBOB>"},
		{alice, "/mentor", "pause <@UCAROL|carol>;", "Paused your meetings with <@UCAROL>"},
		{alice, "/mentor", "resume <@UCAROL|carol>!", "Resumed your meetings with <@UCAROL>"},
		{bob, "/mentor", "snooze <@UALICE|alice>, 2w", "Snoozed"},
		{alice, "/goal", "list <@UBOB|bob>,", "<@UBOB> has no open goals"},
		{erin, "/mentor", "request <@UDANA|dana>, would you mentor me?", "I've asked <@UDANA>"},
		{bob, "/mentor", "feedback <@UALICE|alice>, thanks for today!", "passed your feedback on to <@UALICE>"},
	} {
		got := e.meetAnswer(c.user, c.command, c.text)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: %s %s = %q, want %q", c.user, c.command, c.text, got, c.want)
		}
	}
	if got := e.meetAnswer(alice, "/mentor", "agenda <@UCAROL|carol>"); !strings.Contains(got, "review your CV") || strings.Contains(got, ": review") {
		t.Errorf("the agenda of alice and carol: %q", got)
	}
	e.settle()
	if dm := e.waitDM(bob, "great session today"); contains(dm, "@bob,") || contains(dm, "> ,") {
		t.Errorf("bob's feedback DM keeps the mention's punctuation: %s", blockText(dm.Blocks))
	}
	if dm := e.waitDM(alice, "thanks for today!"); contains(dm, "@alice,") || contains(dm, "> ,") {
		t.Errorf("alice's feedback DM keeps the mention's punctuation: %s", blockText(dm.Blocks))
	}
	if n := len(e.dms(carol, "great session today")); n != 0 {
		t.Errorf("carol got %d DMs of feedback meant for bob", n)
	}
	if dm := e.waitDM(dana, "would you mentor me?"); contains(dm, ", would you") {
		t.Errorf("dana's request DM keeps the mention's comma: %s", blockText(dm.Blocks))
	}
}

// A mention quoted back in a parser's answer is shown as plain text, not
// as a mention, nor as Slack's markup escaped: "<@UCAROL>" may have been
// typed as text, and nobody can make the bot post a mention.
func TestMentionQuotedInAnErrorIsShownAsText(t *testing.T) {
	e := goalEnv(t)
	for _, c := range []struct{ text, want string }{
		{"snooze 2w <@UALICE|alice> please", `"2w @alice please"`},
		// Typed as text: Slack sends it escaped, as it does all "<" typed.
		{"snooze 2w &lt;@UCAROL&gt;", `"2w @UCAROL"`},
		// The meeting parser quotes what it read lower-cased.
		{"meet weekly thu 15:00 (<@UALICE|alice>)", `"(@alice)"`},
		{"meet weekly thu 15:00 &lt;@ucarol&gt;", `"@UCAROL"`},
	} {
		got := e.cmd(bob, "/mentor", c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "<@") || strings.Contains(got, "&lt;") {
			t.Errorf("/mentor %s = %q, want %s quoted, and no mention", c.text, got, c.want)
		}
	}
}

// A round's end date that cannot be read is quoted with a mention in it
// as "@name", never as escaped markup. (cohortStart makes the text
// readable first; friendly's shownParsed, tested in bot, is the net for
// any parser's message that reaches it unconverted.)
func TestMentionQuotedInARoundsEndDateIsShownAsText(t *testing.T) {
	e := matchEnv(t)
	got := e.cmd(dana, "/mentor", "cohort start Winter --until next <@UCAROL|carol>")
	if !strings.Contains(got, `"next @carol"`) || strings.Contains(got, "<@") || strings.Contains(got, "&lt;") {
		t.Errorf("cohort start … --until next @carol = %q, want \"next @carol\" quoted, and no mention", got)
	}
}

// A WHEN written as a sentence, with a full stop after a short day name or
// at its end, is read; 24:00 is answered with how to write it.
func TestMeetWhenWithFullStopsAnd2400(t *testing.T) {
	e := meetEnv(t) // alice mentors bob; Monday 2 November 2026
	for _, c := range []struct{ text, want string }{
		{"meet weekly tue. 10:00", "every Tuesday at 10:00 (Europe/Berlin)"},
		{"meet weekly fri. 10:00", "every Friday at 10:00 (Europe/Berlin)"},
		{"meet weekly thu 15:00.", "every Thursday at 15:00 (Europe/Berlin)"},
		{"meet weekly thu 24:00", `"24:00" is the end of the day, not a time of day: write it as 00:00 of the next day, "weekly fri 00:00".`},
		{"meet 2026-12-10 24:00", `"24:00" is the end of the day, not a time of day: write it as 00:00 of the next day, "2026-12-11 00:00".`},
		// The advice keeps the length, and is one that is read.
		{"meet weekly thu 24:00 for 45m", `write it as 00:00 of the next day, "weekly fri 00:00 for 45m".`},
		{"meet thu 24:00", `Every week? Write "weekly fri 00:00".`},
		// Today is a Monday: its 24:00 is tomorrow's 00:00, not next
		// Tuesday's.
		{"move mon 24:00", `write it as 00:00 of the next day, "2026-11-03 00:00".`},
		{"meet weekly monday. 10:00", "every Monday at 10:00 (Europe/Berlin)"},
		{"meet weekly mondays. 10:00", "every Monday at 10:00 (Europe/Berlin)"},
	} {
		if got := e.meetAnswer(alice, "/mentor", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/mentor %s = %q, want %q", c.text, got, c.want)
		}
	}
}

// A goal's number followed by a comma or a colon is the goal's number.
func TestGoalProgressNumberWithCommaOrColon(t *testing.T) {
	e := goalEnv(t)
	if got := e.cmd(bob, "/goal", "add Ship the payments service"); !strings.Contains(got, "#1") {
		t.Fatalf("adding a goal: %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress #1, 47%"); !strings.Contains(got, "0% → *47%*") {
		t.Errorf("progress #1, 47%% = %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress 1: 48% nearly"); !strings.Contains(got, "47% → *48%*") {
		t.Errorf("progress 1: 48%% = %q", got)
	}
	if gs := e.goalsStored(bob); len(gs) != 1 || gs[0].Progress != 48 {
		t.Errorf("bob's goals: %+v", gs)
	}
}

// Goals' numbers listed with commas ("1, 2, 3") are refused, and nothing
// changes: read as goal 1, the other numbers would become the reason it
// was dropped, or its progress. A number with more marks after it than
// one comma, colon or full stop is no goal's number.
func TestGoalNumbersListedWithCommasAreRefused(t *testing.T) {
	e := goalEnv(t)
	for _, g := range []string{"Ship the payments service", "Give a talk", "Mentor an intern"} {
		if got := e.cmd(bob, "/goal", "add "+g); !strings.Contains(got, "Added goal") {
			t.Fatalf("adding a goal: %q", got)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"drop 1, 2, 3", "`/goal drop` takes just the goal's number, like `/goal drop 1` — I don't know what to do with “2, 3” after it, so nothing changed."},
		{"drop #1, #2", "I don't know what to do with “#2” after it, so nothing changed."},
		{"progress 1, 2 50%", "`/goal progress` sets one goal's progress at a time, for example `/goal progress 1 40%`, then the same for the next. Nothing changed."},
		{"progress 1, 2, 50%", "sets one goal's progress at a time"},
		{"progress 1, #2 50%", "sets one goal's progress at a time"},
		{"progress 1,, 47%", "Which goal? Give its number"},
		{"show 1..", "Which goal? Give its number"},
		{"done 1:.", "Which goal? Give its number"},
		{"drop 1,:", "Which goal? Give its number"},
		// More than one mark, in either order, is no number.
		{"show 3.,", "Which goal? Give its number"},
		{"done 3,.", "Which goal? Give its number"},
		// Numbers joined by a loose comma, "and" or "&" are a list too.
		{"drop 1 and 2", "I don't know what to do with “and 2” after it, so nothing changed."},
		{"drop 2 &amp; 3", "I don't know what to do with “&amp; 3” after it, so nothing changed."},
		{"drop 3 , 1", "I don't know what to do with “, 1” after it, so nothing changed."},
		{"drop 1, and 2", "I don't know what to do with “and 2” after it, so nothing changed."},
		{"progress 1 and 2 50%", "sets one goal's progress at a time"},
		{"progress 1 , 2 50%", "sets one goal's progress at a time"},
		{"comment 1, 2 nice work on both", "`/goal comment` comments on one goal at a time, for example `/goal comment 1 Nice work!`"},
		{"comment 1 and #2 nice work on both", "comments on one goal at a time"},
	} {
		if got := e.cmd(bob, "/goal", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/goal %s = %q, want %q", c.text, got, c.want)
		}
	}
	for _, g := range e.goalsStored(bob) {
		if g.Status != store.GoalOpen || g.Progress != 0 {
			t.Errorf("goal #%d: %s at %d%%, want open at 0%%", g.ID, g.Status, g.Progress)
		}
	}
	for _, g := range []int64{1, 2, 3} {
		if cs, err := e.app.DB.GoalComments(e.ctx, bob, g); err != nil || len(cs) != 0 {
			t.Errorf("goal #%d's comments: %+v, %v", g, cs, err)
		}
	}
	// A figure after the comma alone is the progress, as before, and so
	// after a comma standing alone.
	if got := e.cmd(bob, "/goal", "progress 1, 20 first draft"); !strings.Contains(got, "0% → *20%*") {
		t.Errorf("progress 1, 20 first draft = %q", got)
	}
	if got := e.cmd(bob, "/goal", "progress 1 , 30 second draft"); !strings.Contains(got, "20% → *30%*") {
		t.Errorf("progress 1 , 30 second draft = %q", got)
	}
	// A reason with "&" in it is kept as typed, and shown escaped once.
	if got := e.cmd(bob, "/goal", "drop 2 &amp; co took it over"); !strings.Contains(got, "&amp; co took it over") || strings.Contains(got, "&amp;amp;") {
		t.Errorf("drop 2 & co took it over = %q", got)
	}
	hist, err := e.app.DB.GoalProgress(e.ctx, bob, 2)
	if err != nil || len(hist) == 0 || hist[len(hist)-1].Note != "Dropped: & co took it over" {
		t.Errorf("goal #2's history: %+v, %v", hist, err)
	}
}

// A mentor's own goal may start with their mentee's name and a comma
// ("@bob, @carol and I run the workshop"): it is added, while one that
// names the mentee and says what they are to do ("@bob: finish …") is
// refused, as goals are the mentee's to set.
func TestMentorsGoalStartingWithTheMenteesNameAndAComma(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	for _, text := range []string{"add <@UBOB|bob>, <@UCAROL|carol> and I run the workshop", "add <@UBOB|bob> , and I co-present at the summit", "add <@UBOB|bob> &amp; I write the blog post"} {
		if got := e.cmd(alice, "/goal", text); !strings.Contains(got, "Added goal") {
			t.Errorf("/goal %s = %q", text, got)
		}
	}
	for _, text := range []string{"add <@UBOB|bob>: finish exercise 2", "add <@UBOB|bob> finish exercise 2", "add <@UBOB|bob>. finish exercise 2",
		// A comma alone after the name addresses bob; it names nobody else.
		"add <@UBOB|bob>, finish exercise 2", "add <@UBOB|bob> , finish exercise 2", "add <@UBOB|bob> ordering the slides"} {
		if got := e.cmd(alice, "/goal", text); !strings.Contains(got, "Goals are set by the mentee") {
			t.Errorf("/goal %s = %q", text, got)
		}
	}
	if gs := e.goalsStored(alice); len(gs) != 3 {
		t.Errorf("alice's goals: %+v", gs)
	}
	if gs := e.goalsStored(bob); len(gs) != 0 {
		t.Errorf("bob's goals: %+v", gs)
	}
}

// A to-do's owner may be followed by any punctuation of a sentence, as a
// partner's mention in a command may: it is not the start of the to-do.
func TestTodoOwnerFollowedByPunctuation(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	if got := e.cmd(bob, "/session", "log <@UALICE|alice> kick-off todo: <@UALICE|alice>; send the deck todo: <@UBOB|bob>. book a room todo: <@UALICE|alice>! intro to carol todo: <@UBOB|bob>, draft goals"); !strings.Contains(got, "Logged") {
		t.Fatalf("session log: %q", got)
	}
	todos, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(bob, alice).ID)
	if err != nil || len(todos) != 4 {
		t.Fatalf("open to-dos %+v, %v", todos, err)
	}
	want := map[string]string{"send the deck": alice, "book a room": bob, "intro to carol": alice, "draft goals": bob}
	for _, td := range todos {
		if owner, ok := want[td.Text]; !ok || owner != td.OwnerID {
			t.Errorf("to-do %q of %s", td.Text, td.OwnerID)
		}
	}
}

// A to-do's owner typed as plain text ("@me;", "@alice."), as Slack
// leaves "@me", ends at the punctuation of a sentence as a mention does;
// punctuation after a space is the to-do's own (".NET", ".env").
func TestTodoOwnerTypedAsTextFollowedByPunctuation(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	if got := e.cmd(bob, "/session", "log <@UALICE|alice> kick-off todo: @me; send the deck todo: @alice. book a room todo: @me! draft goals "+
		"todo: @alice , intro to carol todo: @me .NET upgrade plan todo: <@UALICE|alice> .env cleanup"); !strings.Contains(got, "Logged") {
		t.Fatalf("session log: %q", got)
	}
	todos, err := e.app.DB.OpenTodos(e.ctx, e.livePairOf(bob, alice).ID)
	if err != nil || len(todos) != 6 {
		t.Fatalf("open to-dos %+v, %v", todos, err)
	}
	want := map[string]string{"send the deck": bob, "book a room": alice, "draft goals": bob, "intro to carol": alice, ".NET upgrade plan": bob, ".env cleanup": alice}
	for _, td := range todos {
		if owner, ok := want[td.Text]; !ok || owner != td.OwnerID {
			t.Errorf("to-do %q of %s", td.Text, td.OwnerID)
		}
	}
}

// "/mentor pair @alice, @bob", as an admin would write two names in a
// sentence, pairs them, the mentor first; so does "@alice , @bob", as
// Slack's @-autocomplete leaves a space after the name.
func TestPairWithACommaBetweenTheNames(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice>, <@UBOB|bob>."); !strings.Contains(got, "Paired <@UALICE> (mentor) with <@UBOB> (mentee).") {
		t.Errorf("pair @alice, @bob. = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> , <@UERIN|erin>"); !strings.Contains(got, "Paired <@UCAROL> (mentor) with <@UERIN> (mentee).") {
		t.Errorf("pair @carol , @erin = %q", got)
	}
	pairs, err := e.app.DB.AllPairs(e.ctx, true)
	if err != nil || len(pairs) != 2 {
		t.Fatalf("pairs: %+v, %v", pairs, err)
	}
	for _, p := range pairs {
		if !(p.MentorID == alice && p.MenteeID == bob || p.MentorID == carol && p.MenteeID == erin) {
			t.Errorf("pair: %+v", p)
		}
	}
}

// A comma or colon after a space following the mention ("@bob , great
// session"), as Slack's @-autocomplete leaves it, goes with the mention
// too: it does not start what the partner is sent.
func TestMentionThenASpaceThenPunctuation(t *testing.T) {
	e := twoPairEnv(t) // alice mentors bob and carol
	for _, c := range []struct{ user, command, text, want string }{
		{alice, "/mentor", "feedback <@UBOB|bob> , great session today", "passed your feedback on to <@UBOB>"},
		{alice, "/mentor", "agenda <@UCAROL|carol> : review your CV", "Added to the agenda for your next meeting with <@UCAROL>"},
		{bob, "/mentor", "meet <@UALICE|alice> , weekly thu 15:00", "Your meetings with <@UALICE> are set"},
	} {
		if got := e.meetAnswer(c.user, c.command, c.text); !strings.Contains(got, c.want) {
			t.Errorf("%s: %s %s = %q, want %q", c.user, c.command, c.text, got, c.want)
		}
	}
	if got := e.meetAnswer(alice, "/mentor", "agenda <@UCAROL|carol>"); !strings.Contains(got, "review your CV") || strings.Contains(got, ": review") {
		t.Errorf("the agenda of alice and carol: %q", got)
	}
	e.settle()
	if dm := e.waitDM(bob, "great session today"); contains(dm, "> ,") || contains(dm, ", great") {
		t.Errorf("bob's feedback DM keeps the comma: %s", blockText(dm.Blocks))
	}
}

// Slack shows a {date_long_pretty} date near today as "today", "tomorrow"
// or "yesterday", so the bot writes no "on" before one: "your meeting
// with @bob on tomorrow at 15:00" and "ended on yesterday" read wrong.
func TestNearDatesReadWithoutOn(t *testing.T) {
	e, p := moveEnv(t)
	thu := schedAt("2026-11-05 14:00")
	e.schedWalk(schedAt("2026-11-04 14:30"))

	// The move form of tomorrow's meeting.
	reminder := e.schedDM(fmt.Sprintf("reminder:24h:pair=%d:at=%d:to=UALICE", p.ID, thu.Unix()))
	e.schedClick(alice, reminder, "meeting_move")
	v := e.waitModal(alice, "meeting_move")
	if raw := blockText(v.JSON); !strings.Contains(raw, fmt.Sprintf("Your meeting with <@UBOB>, <!date^%d^", thu.Unix())) || strings.Contains(raw, "> on <!date") {
		t.Errorf("the move form: %s", raw)
	}

	// The answer to an item added to its agenda.
	got := e.cmd(alice, "/mentor", "agenda review the talk")
	if !strings.Contains(got, fmt.Sprintf("Added to the agenda for your meeting with <@UBOB>, <!date^%d^", thu.Unix())) || strings.Contains(got, "> on <!date") {
		t.Errorf("the agenda item's answer: %q", got)
	}

	// /session list of the pair once it has ended, today.
	e.cmd(alice, "/mentor", "end <@UBOB|bob>")
	e.settle()
	if got := e.cmd(alice, "/session", "list <@UBOB|bob>"); !strings.Contains(got, "Your pair with <@UBOB> ended <!date^") || strings.Contains(got, "ended on") {
		t.Errorf("the list of the ended pair: %q", got)
	}
	noFailures(t, e)
}
