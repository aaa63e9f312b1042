package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// fallbackAtRe is how a date with a time reads where Slack cannot render
// <!date^…>: "Tue 15 Dec 2026 at 11:51 EST", as meeting times read.
var fallbackAtRe = regexp.MustCompile(`^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} at \d{2}:\d{2} [A-Z]{3,4}$`)

// TestSnoozeDatesFallBackWithAt: the plain-text fallback of a snooze's end
// says "at" before the time, like every other date with a time.
func TestSnoozeDatesFallBackWithAt(t *testing.T) {
	e := meetEnv(t)
	check := func(what, s string) {
		t.Helper()
		ms := meetDateRe.FindAllStringSubmatch(s, -1)
		if len(ms) == 0 {
			t.Errorf("%s has no date: %q", what, s)
		}
		for _, m := range ms {
			if strings.Contains(m[2], "{time}") && !fallbackAtRe.MatchString(m[3]) {
				t.Errorf("%s: date fallback %q, want it like \"Tue 15 Dec 2026 at 11:51 EST\"", what, m[3])
			}
		}
	}
	check("bob's snooze reply", e.cmd(bob, "/mentor", "snooze 2w"))
	check("bob's snooze status", e.cmd(bob, "/mentor", "snooze"))
	check("bob's /mentor pairs", e.cmd(bob, "/mentor", "pairs"))
	e.settle()
	note := e.waitDM(alice, "snoozed the nudges")
	check("alice's snooze notice", note.Text+blockText(note.Blocks))
	check("dana's report", e.cmd(dana, "/mentor", "report"))
}

// TestPairedSinceSigningUpMayAskForAnotherMentor: carol signed up for a
// mentor and an admin then paired her. Her sign-up is answered: the join
// form does not tell her she is still waiting, and signing up again puts
// her back in the pool, so the next round proposes her another mentor
// instead of leaving her out, unlisted, while she was told she waits.
func TestPairedSinceSigningUpMayAskForAnotherMentor(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, carol, signup{role: "mentee", other: "Go"})
	e.pair(frank, carol)
	e.clock.Advance(time.Hour)
	if got := e.cmd(carol, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(carol, "match_join")
	if form := blockText(v.Message().Blocks); strings.Contains(form, "waiting for the next matching round") {
		t.Errorf("carol, paired since she signed up, is told she still waits: %q", form)
	}
	sub, err := e.sim.SubmitView(matchCtx(e), carol, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": "Go"}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("carol's join form: %+v, %v", sub, err)
	}
	matchJoin(e, grace, signup{role: "mentor", other: "Go", capacity: "1"})
	if _, text := matchRun(e); !strings.Contains(text, "<@UGRACE> mentors <@UCAROL>") {
		t.Errorf("carol, signed up again for another mentor, is not proposed one:\n%s", text)
	}
	matchNoFailures(e)
}

// TestPauseForAWhileSuggestsCommandsForTheNamedPair: alice, in two pairs,
// types "/mentor pause @bob for 2 weeks"; the commands the answer offers
// instead name bob, so that typing one does not ask which pair she means.
func TestPauseForAWhileSuggestsCommandsForTheNamedPair(t *testing.T) {
	e := meetEnv(t)
	e.pair(alice, carol)
	got := e.cmd(alice, "/mentor", "pause <@UBOB|bob> for 2 weeks")
	for _, want := range []string{"I haven't paused anything", "`/mentor snooze @bob for 2 weeks`", "`/mentor skip @bob`",
		"`/mentor pause @bob` now, and `/mentor resume @bob` then"} {
		if !strings.Contains(got, want) {
			t.Errorf("/mentor pause @bob for 2 weeks: no %q in %q", want, got)
		}
	}
	if got := e.cmd(alice, "/mentor", "snooze <@UBOB|bob> for 2 weeks"); !strings.Contains(got, "Snoozed") {
		t.Errorf("the suggested snooze: %q", got)
	}
	if p := e.meetPair(); p.Status == store.PairPaused {
		t.Errorf("the pause with a length paused the pair")
	}
}

// TestAgendaHintsNameThePartner: bob, in two pairs, is answered about his
// agenda with alice; every command the answer suggests names alice, so
// that typing it does not ask which pair he means.
func TestAgendaHintsNameThePartner(t *testing.T) {
	e := meetEnv(t)
	e.pair(carol, bob)
	if got := e.cmd(bob, "/mentor", "agenda <@UALICE|alice> career path"); !strings.Contains(got, "Added") {
		t.Fatalf("agenda add: %q", got)
	}
	cmdRe := regexp.MustCompile("`/mentor agenda[^`]*`")
	for _, text := range []string{"", "remove", "remove x", "remove 9", "clear", "add"} {
		got := e.cmd(bob, "/mentor", strings.TrimSpace("agenda <@UALICE|alice> "+text))
		cmds := cmdRe.FindAllString(got, -1)
		if len(cmds) == 0 {
			t.Errorf("/mentor agenda @alice %s suggests no command: %q", text, got)
		}
		for _, c := range cmds {
			if !strings.HasPrefix(c, "`/mentor agenda @alice") {
				t.Errorf("/mentor agenda @alice %s suggests %s, without alice: %q", text, c, got)
			}
		}
	}
}

// TestTopicAndRoundNamesReadAsTyped: a mention or a channel typed in a
// topic or a round's name reads "@carol" and "#general" wherever the
// name is shown, as in agenda items and feedback, not as Slack's markup
// ("&lt;@UCAROL|carol&gt;").
func TestTopicAndRoundNamesReadAsTyped(t *testing.T) {
	e := matchEnv(t)
	for _, c := range []struct{ cmd, want string }{
		{"topics add <@UCAROL|carol>'s team, <#C0GENERAL|general> talks", "@carol's team"},
		{"topics", "#general talks"},
		{"cohort start <@UCAROL|carol>'s <#C0GENERAL|general> round --until 2027-06-30", "*@carol's #general round*"},
		{"cohort", "*@carol's #general round*"},
	} {
		got := e.cmd(dana, "/mentor", c.cmd)
		if !strings.Contains(got, c.want) || strings.Contains(got, "&lt;") {
			t.Errorf("/mentor %s = %q, want %q in it and no markup", c.cmd, got, c.want)
		}
	}
	e.cmd(bob, "/mentor", "join")
	if form := blockText(e.waitModal(bob, "match_join").Message().Blocks); !strings.Contains(form, "@carol's team") || strings.Contains(form, "<@") {
		t.Errorf("the join form's topics: %q", form)
	}
}
