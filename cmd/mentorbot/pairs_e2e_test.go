package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

func TestAdminPairsTwoPeopleAndBothGetTheIntro(t *testing.T) {
	e := newEnv(t)
	got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	if !strings.Contains(got, "Paired <@UALICE> (mentor) with <@UBOB> (mentee)") {
		t.Fatalf("admin pair answer = %q", got)
	}
	e.settle()
	intro := e.waitDM(alice, "You are now <@UBOB>'s *mentor*")
	if !contains(intro, "guide") || !contains(intro, "/mentor meet") {
		t.Errorf("mentor intro lacks the role or first steps: %s", blockText(intro.Blocks))
	}
	// Where the mentor sees the goals: nothing is sent for each one.
	if !contains(intro, "you see it in `/goal list @bob`, your check-ins and the Home tab") {
		t.Errorf("mentor intro does not say where the goals show: %s", blockText(intro.Blocks))
	}
	e.waitDM(bob, "<@UALICE> is now your *mentor*")
	if n := len(e.dms(alice, "Welcome to mentoring")); n != 1 {
		t.Errorf("alice got %d intro DMs, want exactly 1", n)
	}
	// Mentions without the |name part work too, and a duplicate is refused.
	if got := e.cmd(dana, "/mentor", "pair <@UALICE> <@UBOB>"); !strings.Contains(got, "already a pair") {
		t.Errorf("duplicate pair answer = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "pairs"); !strings.Contains(got, "<@UALICE> mentors you") {
		t.Errorf("bob's pairs = %q", got)
	}
	if got := e.cmd(alice, "/mentor", "pairs"); !strings.Contains(got, "You mentor <@UBOB>") {
		t.Errorf("alice's pairs = %q", got)
	}
}

func TestNonAdminCannotPairAndNothingIsStored(t *testing.T) {
	e := newEnv(t)
	got := e.cmd(carol, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	if !strings.Contains(got, "Only programme admins") {
		t.Fatalf("non-admin pair answer = %q", got)
	}
	pairs, err := e.app.DB.AllPairs(e.ctx, true)
	if err != nil || len(pairs) != 0 {
		t.Fatalf("pairs after refused command = %v, %v; want none", pairs, err)
	}
	e.settle()
	if n := len(e.dms(alice, "")) + len(e.dms(bob, "")); n != 0 {
		t.Errorf("%d DMs sent after a refused pair command", n)
	}
	// A workspace admin (per users.info) may pair.
	if got := e.cmd(erin, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Errorf("workspace admin pair answer = %q", got)
	}
	if got := e.cmd(carol, "/mentor", "pairs all"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin pairs all = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "pairs all"); !strings.Contains(got, "<@UALICE> mentors <@UBOB>") {
		t.Errorf("admin pairs all = %q", got)
	}
}

func TestRequestAcceptedWithTheButtonMakesThePair(t *testing.T) {
	e := newEnv(t)
	got := e.cmd(bob, "/mentor", "request <@UALICE|alice> I'd love help with &lt;!channel&gt; public speaking")
	if !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("request answer = %q", got)
	}
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	if !strings.Contains(blockText(ask.Blocks), "@channel public speaking") {
		t.Errorf("request message not escaped: %s", blockText(ask.Blocks))
	}
	if strings.Contains(string(ask.Blocks), "<!channel>") {
		t.Errorf("the bot posted a raw <!channel>: %s", ask.Blocks)
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, alice, ask, "request_accept"); err != nil {
		t.Fatal(err)
	}
	e.settle()
	e.waitDM(bob, "<@UALICE> accepted your request")
	pairs, err := e.app.DB.PairsOf(e.ctx, bob, false)
	if err != nil || len(pairs) != 1 || pairs[0].MentorID != alice {
		t.Fatalf("pairs after accept = %v, %v", pairs, err)
	}
	welcome := e.waitDM(bob, "is now your *mentor*")
	// The answer comes before the welcome it leads to.
	if answer := e.waitDM(bob, "<@UALICE> accepted your request"); answer.Seq > welcome.Seq {
		t.Errorf("bob got the welcome (seq %d) before the news that alice accepted (seq %d)", welcome.Seq, answer.Seq)
	}
	// The answered request no longer offers the buttons.
	if _, err := e.sim.ClickButton(ctx, alice, ask, "request_accept"); err == nil {
		t.Error("the answered request still has an Accept button")
	}
	e.settle()
	if n := len(e.dms(bob, "accepted your request")); n != 1 {
		t.Errorf("bob told %d times of the acceptance, want 1", n)
	}
}

func TestRequestDeclined(t *testing.T) {
	e := newEnv(t)
	e.requestDeclined()
	if pairs, _ := e.app.DB.AllPairs(e.ctx, true); len(pairs) != 0 {
		t.Errorf("a declined request made a pair: %v", pairs)
	}

	// Alice answered: Bob may not ask her again at once, nor the next
	// week, but may ask someone else.
	for _, wait := range []time.Duration{0, 7 * 24 * time.Hour} {
		e.advance(wait)
		got := e.cmd(bob, "/mentor", "request <@UALICE|alice> please, pretty please")
		if !strings.Contains(got, "I haven't sent anything: <@UALICE> answered your last request") || !strings.Contains(got, "you can ask them again from <!date^") {
			t.Errorf("asking again %v after a decline = %q", wait, got)
		}
	}
	e.settle()
	asked := func() (n int) {
		for _, x := range e.notes() {
			if x.Kind == "request" && x.RecipientID == alice {
				n++
			}
		}
		return n
	}
	if n := asked(); n != 1 {
		t.Errorf("alice was asked %d times, want once", n)
	}
	if got := e.cmd(bob, "/mentor", "request <@UCAROL|carol>"); !strings.Contains(got, "I've asked <@UCAROL>") {
		t.Errorf("asking someone else after a decline = %q", got)
	}
	// A month on, he may ask her again.
	e.advance(24 * 24 * time.Hour)
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice>"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Errorf("asking again a month after a decline = %q", got)
	}
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	if n := asked(); n != 2 {
		t.Errorf("alice was asked %d times, want twice", n)
	}
}

func TestAnswersInChannelsAreEphemeral(t *testing.T) {
	e := newEnv(t)
	res := e.cmdIn(dana, "C0GENERAL", "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	var p struct {
		ResponseType string `json:"response_type"`
	}
	if err := json.Unmarshal(res.Ack, &p); err != nil {
		t.Fatal(err)
	}
	if p.ResponseType != "ephemeral" {
		t.Errorf("response_type in a channel = %q, want ephemeral", p.ResponseType)
	}
	for _, m := range e.sim.Messages() {
		if m.InChannel {
			t.Errorf("a public message was posted: %+v", m)
		}
	}
	if got := e.cmd(dana, "/mentor", ""); !strings.Contains(got, "/mentor pair") {
		t.Errorf("bare /mentor = %q, want usage", got)
	}
	if got := e.cmd(dana, "/mentor", "frobnicate"); !strings.Contains(got, "I don't know `/mentor frobnicate`") {
		t.Errorf("unknown subcommand = %q", got)
	}
}

func TestEndStopsThePairAndKeepsHistory(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	if got := e.cmd(carol, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "not a pair") {
		t.Errorf("outsider end = %q", got)
	}
	e.endPair(bob, alice)
	e.settle()
	e.waitDM(alice, "<@UBOB> has ended your mentoring pair")
	all, _ := e.app.DB.PairsOf(e.ctx, bob, true)
	live, _ := e.app.DB.PairsOf(e.ctx, bob, false)
	if len(all) != 1 || len(live) != 0 {
		t.Errorf("after end: %d pairs in history, %d live; want 1 and 0", len(all), len(live))
	}
}

func TestReconnectsAfterDisconnect(t *testing.T) {
	e := newEnv(t)
	e.sim.Disconnect("refresh_requested")
	// The next command must still be answered once the bot has reconnected.
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if err := e.sim.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("after reconnect: %q", got)
	}
}

func TestRateLimitedDMArrivesOnce(t *testing.T) {
	e := newEnv(t)
	e.sim.RateLimitNext("chat.postMessage", 2, time.Second)
	e.pair(alice, bob)
	e.settle()
	e.waitDM(alice, "Welcome to mentoring")
	e.waitDM(bob, "Welcome to mentoring")
	if a, b := len(e.dms(alice, "Welcome to mentoring")), len(e.dms(bob, "Welcome to mentoring")); a != 1 || b != 1 {
		t.Errorf("intro DMs after 429s: alice %d, bob %d; want 1 each", a, b)
	}
	limited := 0
	for _, c := range e.sim.Calls() {
		if c.Method == "chat.postMessage" && c.Status == 429 {
			limited++
		}
	}
	if limited != 2 {
		t.Errorf("saw %d rate-limited postMessage calls, want 2", limited)
	}
}

func TestMalformedEnvelopesAreSurvived(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.SendEnvelope(ctx, "slash_commands", json.RawMessage(`{"command": 42}`)); err != nil {
		t.Errorf("malformed slash command not acked: %v", err)
	}
	if _, err := e.sim.SendEnvelope(ctx, "interactive", json.RawMessage(`{"type":"shortcut_from_the_future"}`)); err != nil {
		t.Errorf("unknown interaction not acked: %v", err)
	}
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(`{"type":"event_callback","event":{"type":"reaction_added"}}`)); err != nil {
		t.Errorf("unknown event not acked: %v", err)
	}
	if err := e.sim.SendRaw(ctx, []byte(`{not json`)); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.SendRaw(ctx, []byte(`this is not json`)); err != nil {
		t.Fatal(err)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); !strings.Contains(got, "Paired") {
		t.Fatalf("bot not answering after malformed input: %q", got)
	}
	// A frame it could not read is no lost connection: /healthz stays ready.
	if !e.app.Bot.Connected() {
		t.Error("the bot counts itself disconnected after a frame it could not read")
	}
	var _ slacksim.Message
}

// Examples of commands name the partner as they are typed (@bob): a
// mention inside a code span would show as "<@UBOB>".
func TestCommandExamplesNameThePartnerAsTyped(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.settle()
	intro := e.waitDM(alice, "First steps")
	if txt := blockText(intro.Blocks); !strings.Contains(txt, "`/mentor meet @bob weekly thu 15:00`") || strings.Contains(txt, "`/mentor meet <@") {
		t.Errorf("alice's intro: %s", txt)
	}
	// 13:30 for bob in New York: 15:00 there is alice's night in Berlin.
	if got := e.cmd(bob, "/mentor", "next"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30`") {
		t.Errorf("bob's /mentor next = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "skip"); !strings.Contains(got, "`/mentor meet @alice weekly thu 13:30`") {
		t.Errorf("bob's /mentor skip = %q", got)
	}
}

// An admin can page through every active pair: the list says how to see
// the next page, and the last page has no pointer.
func TestPairsAllPages(t *testing.T) {
	e := newEnv(t)
	for i := range 205 {
		if _, err := e.app.DB.CreatePair(e.ctx, dana, fmt.Sprintf("UMENTOR%03d", i), fmt.Sprintf("UMENTEE%03d", i)); err != nil {
			t.Fatal(err)
		}
	}
	first := e.cmd(dana, "/mentor", "pairs all")
	if !strings.Contains(first, "(205), page 1 of 3") || !strings.Contains(first, "…and 105 more: `/mentor pairs all 2`") {
		t.Errorf("page 1: %.300s…", first)
	}
	last := e.cmd(dana, "/mentor", "pairs all 3")
	if n := strings.Count(last, " mentors "); n != 5 || strings.Contains(last, "more") || !strings.Contains(last, "<@UMENTOR204>") {
		t.Errorf("page 3 lists %d pairs:\n%s", n, last)
	}
	if got := e.cmd(dana, "/mentor", "pairs all 4"); !strings.Contains(got, "`/mentor pairs all 3` is the last") {
		t.Errorf("page 4: %q", got)
	}
}

// A request whose DM Slack refuses for good never reaches the would-be
// mentor, so nobody can answer it: the requester is told, and may ask
// again, instead of waiting for ever.
func TestRequestThatCannotBeDeliveredIsWithdrawnAndTheRequesterTold(t *testing.T) {
	e := newEnv(t)
	e.sim.FailNext("chat.postMessage", 1, "channel_not_found", 0)
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice> help with public speaking"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("request answer = %q", got)
	}
	e.settle()
	told := e.waitDM(bob, "couldn't deliver your mentoring request to <@UALICE>")
	if !strings.Contains(told.Text, "withdrawn") {
		t.Errorf("the requester's notice = %q; want it to say the request is withdrawn", told.Text)
	}
	if n := len(e.dms(alice, "would like you to be their mentor")); n != 0 {
		t.Errorf("alice got %d request DMs; Slack refused it", n)
	}
	// Withdrawn, it no longer blocks asking again; this time it goes.
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice> second try"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Fatalf("asking again = %q", got)
	}
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	if n := len(e.dms(bob, "couldn't deliver")); n != 1 {
		t.Errorf("bob told %d times that the request failed; want 1", n)
	}
}

// A request whose DM was given up while no process could settle it (a
// crash right after) is settled at the next start.
func TestRequestGivenUpBeforeACrashIsSettledAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mentorbot.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Clock: clock.NewFake(testStart)})
	if err != nil {
		t.Fatal(err)
	}
	req, err := db.CreateRequest(ctx, bob, alice, "")
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("request:%d", req.ID)
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "request", RecipientID: alice, Payload: `{"text":"x"}`}); err != nil {
		t.Fatal(err)
	}
	// Claimed and refused, as the dispatcher does.
	n, err := db.Notification(ctx, key)
	var claimed []store.Notification
	if err == nil {
		claimed, err = db.ClaimIDs(ctx, []int64{n.ID}, testStart, time.Minute)
	}
	if err == nil && len(claimed) != 1 {
		err = fmt.Errorf("claimed %d DMs, want the request's", len(claimed))
	}
	if err == nil {
		err = db.MarkRefused(ctx, claimed[0], "permanent failure: chat.postMessage: slack: channel_not_found")
	}
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	e := newEnv(t, withEnv("MENTORBOT_DB", path))
	e.settle()
	e.waitDM(bob, "couldn't deliver your mentoring request to <@UALICE>")
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice> again"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Errorf("asking again = %q", got)
	}
}

// One current pair is "the one current pair", not "1 current pairs".
func TestPairsAllPastTheLastPageCountsOnePair(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	got := e.cmd(dana, "/mentor", "pairs all 2")
	if !strings.Contains(got, "the one current pair is on it") {
		t.Errorf("/mentor pairs all 2 with one pair = %q", got)
	}
}

// Asking /mentor pairs all for a page past the last says how many pages
// there are in words that read right for one pair, several, one page and
// several: not "There are 4 active pairs, so 1 page of 100".
func TestPairsAllPastTheLastPage(t *testing.T) {
	e := newEnv(t)
	made := 0
	pairUp := func(n int) {
		t.Helper()
		for ; n > 0; n-- {
			if _, err := e.app.DB.CreatePair(e.ctx, dana, fmt.Sprintf("UMENTOR%03d", made), fmt.Sprintf("UMENTEE%03d", made)); err != nil {
				t.Fatal(err)
			}
			made++
		}
	}
	check := func(text string, want ...string) {
		t.Helper()
		got := e.cmd(dana, "/mentor", text)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s = %q, want %q in it", text, got, w)
			}
		}
		for _, bad := range []string{", so", "1 pages", "1 page of", "1 current pairs"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s = %q, has %q", text, got, bad)
			}
		}
	}
	pairUp(1)
	check("pairs all 2", "There's only one page: the one current pair is on it — `/mentor pairs all`.")
	pairUp(3)
	check("pairs all 2", "There's only one page: all 4 current pairs are on it — `/mentor pairs all`.")
	pairUp(101)
	check("pairs all 5", "There are only 2 pages of current pairs (105 pairs, 100 to a page): `/mentor pairs all 2` is the last.")
}

// /mentor pairs all says how many of the pairs it lists are paused, so
// that its count reads as /mentor report's "1 active · 1 paused" does.
func TestPairsAllCountsPausedPairsApart(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(carol, erin)
	if got := e.cmd(bob, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "pairs all"); !strings.Contains(got, "*All current pairs* (2: 1 active, 1 paused)") {
		t.Errorf("pairs all with one paused = %q", got)
	}
}

// An @name that Slack did not make a mention of (misspelt, or nobody in
// the workspace) is answered as such by the commands that take only a
// partner, as /mentor request answers it, and changes nothing.
func TestPartnerCommandsSayAnUnknownNameIsUnknown(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet weekly thu 15:00")
	for _, sub := range []string{"next", "skip", "pause", "resume", "end"} {
		got := e.cmd(alice, "/mentor", sub+" @nobody")
		if !strings.Contains(got, "I couldn't find @nobody in this workspace") || !strings.Contains(got, "`/mentor "+sub+" @partner`") {
			t.Errorf("/mentor %s @nobody = %q", sub, got)
		}
	}
	if p := e.meetPair(); p.Status != store.PairActive {
		t.Errorf("the pair after the refused commands: %s", p.Status)
	}
}

// A press in a message that comes without a response_url (Slack always
// sends one; a stand-in may not) still replaces the message it was in,
// by chat.update: the presser sees the answer.
func TestPressWithoutResponseURLStillAnswersInTheMessage(t *testing.T) {
	e := newEnv(t)
	e.cmd(bob, "/mentor", "request <@UALICE|alice>")
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": alice}, "trigger_id": "T-NO-RESPONSE-URL",
		"container": map[string]any{"type": "message", "channel_id": ask.Channel, "message_ts": ask.TS, "is_ephemeral": false},
		"channel":   map[string]any{"id": ask.Channel},
		"actions":   []any{map[string]any{"type": "button", "action_id": "request_decline", "block_id": "request", "value": "1"}},
	})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.SendEnvelope(ctx, "interactive", payload); err != nil {
		t.Fatal(err)
	}
	e.schedWaitMessage(ask, func(m slacksim.Message) bool { return strings.Contains(m.Text, "You declined <@UBOB>'s request") })
}

// A pair of the two made after a decline answers it otherwise: asked
// again while paired, the requester hears they are a pair; once that pair
// has ended, the old decline does not hold them back.
func TestADeclineIsAnsweredByAPairMadeSince(t *testing.T) {
	e := newEnv(t)
	if m := e.requestDeclined(); !strings.Contains(m.Text, "again in 30 days") {
		t.Errorf("the decline does not say when bob may ask again: %q", m.Text)
	}
	e.pair(alice, bob)
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice>"); !strings.Contains(got, "already a pair") {
		t.Errorf("asking one's mentor = %q, want told they are a pair", got)
	}
	e.endPair(bob, alice)
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice>"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Errorf("asking again after a pair made since the decline = %q", got)
	}
}

// pairAgain has dana pair mentor and mentee, who were a pair before:
// asked first, she confirms with the button.
func (e *env) pairAgain(mentor, mentee string) {
	e.t.Helper()
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", fmt.Sprintf("pair <@%s> <@%s>", mentor, mentee))
	if res.Message == nil || !strings.Contains(res.Message.Text+blockText(res.Message.Blocks), "were a pair before") {
		e.t.Fatalf("pairing %s and %s again was not asked about: %+v", mentor, mentee, res.Message)
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, dana, *res.Message, "pair_again"); err != nil {
		e.t.Fatal(err)
	}
	e.settle()
	if p := e.livePairOf(mentor, mentee); p.MentorID != mentor {
		e.t.Fatalf("paired again the wrong way round: %+v", p)
	}
}

// Two who were a pair before are paired again only once the admin
// confirms; Cancel pairs nobody and tells nobody.
func TestPairingTwoWhoWereAPairBeforeAsksFirst(t *testing.T) {
	e := newEnv(t)
	e.pairAliceAndBob()
	e.endPair(bob, alice)
	e.settle()
	welcomes := len(e.dms(bob, "Welcome to mentoring"))
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	if res.Message == nil || !strings.Contains(blockText(res.Message.Blocks), "were a pair before") {
		t.Fatalf("pairing again = %+v, want a question", res.Message)
	}
	// Only an admin's press pairs them.
	if got := e.press(carol, "pair_again", alice+":"+bob); !strings.Contains(got, "Only programme admins") {
		t.Errorf("carol pressing Pair them again: %q", got)
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, dana, *res.Message, "pair_again_cancel"); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if live, _ := e.app.DB.PairsOf(e.ctx, bob, false); len(live) != 0 {
		t.Errorf("cancelled, and paired all the same: %+v", live)
	}
	if n := len(e.dms(bob, "Welcome to mentoring")); n != welcomes {
		t.Errorf("cancelled, and bob was welcomed again")
	}
	e.pairAgain(alice, bob)
	e.waitDM(bob, "Welcome to mentoring")
	if n := len(e.dms(bob, "Welcome to mentoring")); n != welcomes+1 {
		t.Errorf("bob was welcomed %d times in all, want %d", n, welcomes+1)
	}
}

// requestDeclined has bob ask alice to mentor him and alice press
// Decline; it returns the DM that tells bob.
func (e *env) requestDeclined() slacksim.Message {
	e.t.Helper()
	e.cmd(bob, "/mentor", "request <@UALICE|alice>")
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, alice, ask, "request_decline"); err != nil {
		e.t.Fatal(err)
	}
	e.settle()
	return e.waitDM(bob, "can't take you on")
}

// The requester withdraws a request not yet answered: the one asked keeps
// no buttons for it (a press finds nothing to accept), both may go on, and
// a second withdrawal, or one of a request never made, changes nothing.
func TestRequestWithdrawnByTheRequester(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(bob, "/mentor", "request cancel <@UALICE|alice>"); !strings.Contains(got, "no request waiting for an answer from <@UALICE>") {
		t.Errorf("withdrawing a request never made: %q", got)
	}
	e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat help please")
	e.settle()
	ask := e.waitDM(alice, "would like you to be their mentor")
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice> again?"); !strings.Contains(got, "`/mentor request cancel @name` withdraws") {
		t.Errorf("asking twice: %q", got)
	}
	if got := e.cmd(bob, "/mentor", "request withdraw <@UALICE|alice>"); !strings.Contains(got, "I've withdrawn your request to <@UALICE>") {
		t.Fatalf("withdraw: %q", got)
	}
	e.settle()
	e.idle()
	cur, ok := e.sim.LookupMessage(ask.Channel, ask.TS)
	if !ok || contains(cur, "wombat") || strings.Contains(string(cur.Blocks), "request_accept") || !contains(cur, "withdrew this mentoring request") {
		t.Errorf("alice's request DM after the withdrawal = %q %s", cur.Text, cur.Blocks)
	}
	if got := e.press(alice, "request_accept", fmt.Sprint(1)); !strings.Contains(got, "<@UBOB> withdrew this request, so there is nothing to answer") {
		t.Errorf("a replayed Accept of the withdrawn request: %q", got)
	}
	if pairs, _ := e.app.DB.AllPairs(e.ctx, true); len(pairs) != 0 {
		t.Errorf("pairs after a withdrawn request: %+v", pairs)
	}
	if got := e.cmd(bob, "/mentor", "request cancel <@UALICE|alice>"); !strings.Contains(got, "nothing to withdraw") {
		t.Errorf("withdrawing twice: %q", got)
	}
	// Not at once (she would get one request after another), but the
	// next day: withdrawn is not declined.
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice>"); !strings.Contains(got, "you withdrew your request to <@UALICE>") {
		t.Errorf("asking again at once after withdrawing: %q", got)
	}
	e.advance(25 * time.Hour)
	if got := e.cmd(bob, "/mentor", "request <@UALICE|alice>"); !strings.Contains(got, "I've asked <@UALICE>") {
		t.Errorf("asking again a day after withdrawing: %q", got)
	}
	e.settle()
	// The first now says it was withdrawn; the second asks.
	if n := len(e.dms(alice, "would like you to be their mentor")); n != 1 {
		t.Errorf("alice has %d request DMs that ask, want 1", n)
	}
}
