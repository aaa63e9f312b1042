package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// End-to-end tests of what a user audit of /mentor found: long and
// markup-heavy text that Slack refused once escaped, text escaped twice,
// DMs dropped as duplicates, extra words ignored, requests that could not
// be settled, and answers that quoted unlimited text.

// lt is "<" as Slack sends it in command text.
const lt = "&lt;"

// twoPairEnv is a meetEnv where alice also mentors carol, so that her
// commands without a partner are ambiguous.
func twoPairEnv(t *testing.T) *env {
	t.Helper()
	e := meetEnv(t)
	if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and carol: %q", got)
	}
	e.settle()
	return e
}

// requestsStored counts the mentoring requests in the database.
func (e *env) requestsStored(where string) int {
	e.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+e.cfg.DB+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		e.t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM pair_requests WHERE ` + where).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// noFailures fails the test when the simulator flagged anything Slack
// would have refused.
func noFailures(t *testing.T, e *env) {
	t.Helper()
	if fs := e.sim.Failures(); len(fs) > 0 {
		t.Fatalf("Slack would have refused:\n%s", strings.Join(fs, "\n"))
	}
}

func TestRequestMessageFitsTheDMOnceEscaped(t *testing.T) {
	e := newEnv(t)
	// 1,000 "<" are within the 2,500-character limit, but written out for
	// Slack (&lt;) they would not fit a section: refused, nothing stored.
	got := e.cmd(bob, "/mentor", "request <@UALICE|alice> "+strings.Repeat(lt, 1000))
	if !strings.Contains(got, "haven't sent your request") || !strings.Contains(got, "too long") {
		t.Fatalf("over-long request answer = %q", got)
	}
	if n := e.requestsStored("1"); n != 0 {
		t.Errorf("%d requests stored after a refused one", n)
	}
	e.settle()
	if n := len(e.dms(alice, "")); n != 0 {
		t.Errorf("alice got %d DMs from a refused request", n)
	}
	// Asking again, shorter, works: no "already asked" from the refused one.
	got = e.cmd(bob, "/mentor", "request <@UALICE|alice> hi")
	if !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("second request answer = %q", got)
	}
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	noFailures(t, e)

	// One that fits once escaped reaches the mentor whole.
	got = e.cmd(carol, "/mentor", "request <@UALICE|alice> "+strings.Repeat(lt, 700))
	if !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("700 '<' request answer = %q", got)
	}
	e.settle()
	ask := e.waitDM(alice, "<@UCAROL> would like you to be their mentor")
	if !strings.Contains(blockText(ask.Blocks), "> "+strings.Repeat(lt, 700)) {
		t.Errorf("the request DM does not quote the message: %.300s", blockText(ask.Blocks))
	}
	noFailures(t, e)
}

func TestRequestMessageQuotesEveryLineAndShowsMentionsAsNames(t *testing.T) {
	e := newEnv(t)
	msg := "Hi Alice!\nI work with <@UCAROL|carol> on &lt;payments&gt; &amp; more\nThanks"
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice> "+msg); !strings.Contains(got, "I've asked") {
		t.Fatalf("request answer = %q", got)
	}
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	shown := blockText(ask.Blocks)
	want := "> Hi Alice!\n> I work with @carol on &lt;payments&gt; &amp; more\n> Thanks"
	if !strings.Contains(shown, want) {
		t.Errorf("request DM = %q, want it to contain %q", shown, want)
	}
	if strings.Contains(shown, "UCAROL") {
		t.Errorf("the request DM shows carol's mention as markup: %q", shown)
	}
	noFailures(t, e)
}

// pickPrompt runs an ambiguous command for alice and returns the prompt,
// failing when Slack would have refused it.
func pickPrompt(t *testing.T, e *env, command, text string) *slacksim.CommandResult {
	t.Helper()
	res, err := e.sim.SlashCommand(meetCtx(e), alice, e.dmChannel(alice), command, text)
	if err != nil {
		t.Fatalf("%s %.60s…: %v", command, text, err)
	}
	e.idle()
	noFailures(t, e)
	if res.Message == nil {
		t.Fatalf("%s %.60s…: no answer", command, text)
	}
	return res
}

func TestWhichPairPromptFitsAndRunsTheCommand(t *testing.T) {
	e := twoPairEnv(t)
	// 250 "<" in an agenda item: each button carries the command again.
	res := pickPrompt(t, e, "/mentor", "agenda "+strings.Repeat(lt, 250))
	shown := res.Message.Text
	if !strings.Contains(shown, "which one do you mean") {
		t.Fatalf("prompt = %.300q", shown)
	}
	// The example quotes what was typed, once escaped and capped.
	if !strings.Contains(shown, "`/mentor agenda @name "+strings.Repeat(lt, 99)+"…`") || strings.Contains(shown, "&amp;") {
		t.Errorf("the example line = %.400q", shown)
	}
	if n := utf8.RuneCountInString(shown); n > 1000 {
		t.Errorf("the prompt is %d characters long", n)
	}
	if _, err := e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, "pick_partner0", buttonValue(t, res.Message.Blocks, "pick_partner0")); err != nil {
		t.Fatal(err)
	}
	e.idle()
	items, err := e.app.DB.Agenda(e.ctx, alice, e.meetPair().ID)
	if err != nil || len(items) != 1 || items[0].Text != strings.Repeat("<", 250) {
		t.Fatalf("agenda after picking bob = %v, %v", items, err)
	}

	// Session notes of 2,300 characters: the prompt fits, and picking
	// the pair logs them whole.
	notes := strings.Repeat("We went through the quarterly plan & the on-call runbook. ", 40)[:2300]
	res = pickPrompt(t, e, "/session", "log "+strings.ReplaceAll(notes, "&", "&amp;"))
	if !strings.Contains(res.Message.Text, "which one do you mean") {
		t.Fatalf("session prompt = %.300q", res.Message.Text)
	}
	if _, err := e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, "pick_partner0", buttonValue(t, res.Message.Blocks, "pick_partner0")); err != nil {
		t.Fatal(err)
	}
	e.idle()
	ss, err := e.app.DB.Sessions(e.ctx, bob, 0, 0)
	if err != nil || len(ss) != 1 || ss[0].Notes != strings.TrimSpace(notes) {
		t.Fatalf("sessions after picking bob = %d, %v", len(ss), err)
	}
	noFailures(t, e)
}

// Presses of a "which pair?" answer that all arrive before the first one
// replaced it (a double-click, or both partners' buttons) run the command
// once: one session logged, one DM to the partner.
func TestWhichPairPressedTwiceRunsOnce(t *testing.T) {
	e := twoPairEnv(t)
	for round := range 4 {
		res := pickPrompt(t, e, "/session", fmt.Sprintf("log round %d todo: read the book", round))
		buttons := []string{"pick_partner0", "pick_partner0", "pick_partner1"}
		var wg sync.WaitGroup
		for _, id := range buttons {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// A press after the answer was replaced finds no button.
				_, _ = e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, id, buttonValue(t, res.Message.Blocks, id))
			}()
		}
		wg.Wait()
		e.idle()
		logged := 0
		for _, mentee := range []string{bob, carol} {
			ss, err := e.app.DB.Sessions(e.ctx, mentee, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range ss {
				if strings.Contains(s.Notes, fmt.Sprintf("round %d", round)) {
					logged++
				}
			}
		}
		if logged != 1 {
			t.Fatalf("round %d: %d sessions logged from one command", round, logged)
		}
	}
	noFailures(t, e)
}

// buttonValue is the value of the button with actionID in blocks.
func buttonValue(t *testing.T, blocks []byte, actionID string) string {
	t.Helper()
	var bs []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(blocks, &bs); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		for _, el := range b.Elements {
			if el.ActionID == actionID {
				if n := utf8.RuneCountInString(el.Value); n > 2000 {
					t.Errorf("button %s has a value of %d characters", actionID, n)
				}
				return el.Value
			}
		}
	}
	t.Fatalf("no button %s in %s", actionID, blocks)
	return ""
}

func TestWhichPairPromptForTextTooLongForAButton(t *testing.T) {
	e := twoPairEnv(t)
	// 2,300 characters that do not compress: no button can carry them.
	rnd := rand.New(rand.NewSource(1))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%()*+,-./:;=?@[]^_{|}~"
	var b strings.Builder
	for b.Len() < 2300 {
		b.WriteByte(alphabet[rnd.Intn(len(alphabet))])
	}
	before := dbDump(t, e.cfg.DB)
	res := pickPrompt(t, e, "/session", "log "+b.String())
	got := res.Message.Text
	if !strings.Contains(got, "more than one pair") || !strings.Contains(got, "naming your partner") ||
		!strings.Contains(got, "<@UBOB>") || !strings.Contains(got, "<@UCAROL>") {
		t.Errorf("answer = %.400q", got)
	}
	if n := utf8.RuneCountInString(got); n > 1000 {
		t.Errorf("the answer is %d characters long", n)
	}
	if after := dbDump(t, e.cfg.DB); after != before {
		t.Errorf("the database changed")
	}
}

func TestEchoesShowWhatWasTypedOnce(t *testing.T) {
	e := twoPairEnv(t)
	got := e.cmd(bob, "/mentor", "&lt;b&gt;")
	if !strings.Contains(got, "I don't know `/mentor &lt;b&gt;`") {
		t.Errorf("unknown subcommand answer = %q", got)
	}
	res := pickPrompt(t, e, "/mentor", "agenda &lt;b&gt; &amp; <@UERIN|erin>")
	if want := "`/mentor agenda @name &lt;b&gt; &amp; @erin`"; !strings.Contains(res.Message.Text, want) {
		t.Errorf("prompt = %q, want it to contain %q", res.Message.Text, want)
	}
}

func TestErrorAnswersQuoteLittleOfWhatWasTyped(t *testing.T) {
	e := meetEnv(t)
	long := strings.Repeat(lt+"&amp;x ", 400) // 1,200 characters typed, 4,000 sent
	for _, text := range []string{
		long,
		"frobnicate" + strings.Repeat(lt, 3000),
		"meet " + long,
		"meet weekly " + long,
		"meet weekly thu 15:00 for " + long,
		"snooze " + long,
		"snooze until " + long,
		"pairs " + long,
		"next " + long,
	} {
		got := e.cmd(bob, "/mentor", text)
		if got == "" {
			t.Errorf("/mentor %.30s…: no answer", text)
			continue
		}
		// The usage lists every subcommand; the quote must stay small.
		if n := utf8.RuneCountInString(got); n > 3000 {
			t.Errorf("/mentor %.30s…: a %d-character answer: %.300q", text, n, got)
		}
		if strings.Contains(got, strings.Repeat(lt, 120)) || strings.Contains(got, strings.Repeat(lt+"&amp;x ", 110)) {
			t.Errorf("/mentor %.30s…: the answer quotes all that was typed: %.300q", text, got)
		}
	}
	noFailures(t, e)
}

func TestRepeatedSkipTellsThePartnerEachTime(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	if got := e.meetAnswer(alice, "/mentor", "skip"); !strings.Contains(got, "let them know") {
		t.Fatalf("skip: %q", got)
	}
	// Setting the meetings again brings the skipped one back.
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	if got := e.meetAnswer(alice, "/mentor", "skip"); !strings.Contains(got, "let them know") {
		t.Fatalf("second skip: %q", got)
	}
	e.settle()
	if n := len(e.dms(bob, "skipped your meeting")); n != 2 {
		t.Errorf("bob was told of %d skips, want 2:%s", n, e.describeDMs(bob))
	}
}

func TestRepeatedSnoozeTellsThePartnerEachTime(t *testing.T) {
	e := meetEnv(t)
	for _, text := range []string{"snooze until 2026-12-20", "snooze off", "snooze until 2026-12-20"} {
		if got := e.cmd(alice, "/mentor", text); !strings.Contains(got, "told") {
			t.Fatalf("%s: %q", text, got)
		}
		e.settle()
	}
	var dms []slacksim.Message
	for _, m := range e.dms(bob, "") {
		// The first notice is edited when the snooze ends ("ended this snooze early").
		if contains(m, "snoozed the nudges") || contains(m, "ended the snooze") || contains(m, "this snooze") {
			dms = append(dms, m)
		}
	}
	if len(dms) != 3 {
		t.Fatalf("bob got %d snooze DMs, want 3:%s", len(dms), e.describeDMs(bob))
	}
	if last := dms[len(dms)-1]; !contains(last, "snoozed the nudges") {
		t.Errorf("bob's last word on the snooze: %q", last.Text)
	}
}

func TestRedeliveredSkipTellsThePartnerOnce(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	e.sim.DropAfterNextEnvelope(slacksim.Redelivery{NewEnvelopeID: true})
	if got := e.cmd(alice, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Errorf("the redelivered skip answered %q", got)
	}
	e.settle()
	if n := e.sim.Redeliveries(); n != 1 {
		t.Errorf("%d redeliveries, want 1", n)
	}
	if n := len(e.dms(bob, "skipped your meeting")); n != 1 {
		t.Errorf("bob was told %d times of one skip", n)
	}
}

func TestExtraWordsAreRefused(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00")
	for _, c := range []struct{ user, text, want string }{
		{bob, "pairs foo", "Usage: `/mentor pairs`"},
		{dana, "pairs all extra", "`/mentor pairs all [PAGE]`"},
		{alice, "next <@UBOB|bob> extra junk", "Usage: `/mentor next [@partner]`"},
		{alice, "next extra", "Usage: `/mentor next [@partner]`"},
		{alice, "skip <@UBOB|bob> extra", "Usage: `/mentor skip [@partner]`"},
	} {
		got := e.cmd(c.user, "/mentor", c.text)
		if !strings.Contains(got, c.want) || strings.Contains(got, "mentors") || strings.Contains(got, "Next meeting") {
			t.Errorf("/mentor %s = %q, want usage %q and nothing else", c.text, got, c.want)
		}
	}
	e.settle()
	if n := len(e.dms(bob, "skipped")); n != 0 {
		t.Errorf("a refused skip was done")
	}
}

func TestNextSaysTheOneOffMeetingWasSkipped(t *testing.T) {
	e := meetEnv(t)
	e.meetAnswer(alice, "/mentor", "meet 2026-11-12 15:00")
	if got := e.meetAnswer(bob, "/mentor", "skip"); !strings.Contains(got, "Skipped") {
		t.Fatalf("skip: %q", got)
	}
	got := e.meetAnswer(alice, "/mentor", "next")
	if !strings.Contains(got, "was *skipped*") || !meetDateRe.MatchString(got) {
		t.Errorf("next after skipping the one-off meeting = %q", got)
	}
}

// A refusal after picking a pair answers the prompt: it replaces it, so
// its buttons do not invite the same refusal again.
func TestWhichPairRefusalReplacesThePrompt(t *testing.T) {
	e := twoPairEnv(t)
	e.meetAnswer(alice, "/mentor", "meet <@UBOB|bob> weekly thu 15:00")
	e.meetAnswer(alice, "/mentor", "meet <@UCAROL|carol> weekly fri 10:00")
	res := pickPrompt(t, e, "/mentor", "skip")
	// Both pairs paused before the press: the one picked refuses.
	e.cmd(alice, "/mentor", "pause <@UBOB|bob>")
	e.cmd(alice, "/mentor", "pause <@UCAROL|carol>")
	e.settle()
	if _, err := e.sim.ClickButtonValue(meetCtx(e), alice, *res.Message, "pick_partner0", buttonValue(t, res.Message.Blocks, "pick_partner0")); err != nil {
		t.Fatal(err)
	}
	e.idle()
	cur, ok := e.sim.LookupMessage(res.Message.Channel, res.Message.TS)
	if !ok || !strings.Contains(cur.Text, "paused") || strings.Contains(cur.Text, "Skipped") || strings.Contains(string(cur.Blocks), "pick_partner") {
		t.Errorf("the prompt after a refusal = %q %s", cur.Text, cur.Blocks)
	}
}

// Where the rest of a command holds no mention of its own (a meeting time,
// a duration), the partner may be named last; a mention at the end of
// free text (agenda, notes) stays text.
func TestPartnerNamedLast(t *testing.T) {
	e := twoPairEnv(t)
	if got := e.meetAnswer(alice, "/mentor", "meet weekly thu 15:00 <@UBOB|bob>"); !strings.Contains(got, "Your meetings with <@UBOB> are set") {
		t.Fatalf("meet with the partner last = %q", got)
	}
	if got := e.meetAnswer(alice, "/mentor", "snooze 2w <@UCAROL>"); !strings.Contains(got, "Snoozed") || !strings.Contains(got, "<@UCAROL>") {
		t.Errorf("snooze with the partner last = %q", got)
	}
	if got := e.meetAnswer(bob, "/mentor", "meet weekly fri 10:00 <@UCAROL|carol>"); !strings.Contains(got, "not a pair") {
		t.Errorf("bob naming someone else's mentee last = %q", got)
	}
	if got := e.meetAnswer(alice, "/mentor", "agenda <@UBOB> ask <@UCAROL|carol> to join"); !strings.Contains(got, "ask <@UCAROL> to join") && !strings.Contains(got, "ask @carol to join") {
		t.Errorf("agenda with a mention last = %q", got)
	}
	noFailures(t, e)
}

// Naming yourself where a partner goes gets "that's you", not "you and
// you are not a pair", and changes nothing.
func TestNamingYourselfAsThePartner(t *testing.T) {
	e := twoPairEnv(t)
	for _, c := range []struct{ user, command, text string }{
		{bob, "/session", "list <@UBOB|bob>"},
		{alice, "/mentor", "agenda <@UALICE|alice> plan the quarter"},
		{alice, "/mentor", "feedback <@UALICE|alice> well done"},
		{bob, "/mentor", "skip <@UBOB>"},
	} {
		if got := e.cmd(c.user, c.command, c.text); !strings.Contains(got, "That's you") {
			t.Errorf("%s %s = %q", c.command, c.text, got)
		}
	}
	if got := e.cmd(alice, "/mentor", "agenda <@UBOB>"); strings.Contains(got, "plan the quarter") {
		t.Errorf("the agenda after naming yourself = %q", got)
	}
	noFailures(t, e)
}
