package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// More people for matching: a mentor in Paris and one in Berlin.
const (
	frank = "UFRANK" // Paris
	grace = "UGRACE" // Berlin
)

func matchEnv(t *testing.T) *env {
	e := newEnv(t)
	e.sim.AddUser(slacksim.User{ID: frank, Name: "frank", RealName: "Frank Fischer", TZ: "Europe/Paris"})
	e.sim.AddUser(slacksim.User{ID: grace, Name: "grace", RealName: "Grace Green", TZ: "Europe/Berlin"})
	return e
}

func matchCtx(e *env) context.Context {
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	e.t.Cleanup(cancel)
	return ctx
}

// signup is what someone fills in the join modal.
type signup struct {
	role     string
	topics   []string // chosen from the list
	other    string   // typed
	cadence  string
	capacity string
	manager  string
}

// matchJoin signs user up through /mentor join and its modal.
func matchJoin(e *env, user string, s signup) {
	e.t.Helper()
	if got := e.cmd(user, "/mentor", "join"); got != "" {
		e.t.Fatalf("/mentor join answered %q; want the modal only", got)
	}
	v := e.waitModal(user, "match_join")
	values := map[string]map[string]any{"role": {"role": s.role}}
	if s.topics != nil {
		values["topics"] = map[string]any{"topics": s.topics}
	}
	if s.other != "" {
		values["topics_other"] = map[string]any{"topics_other": s.other}
	}
	if s.cadence != "" {
		values["cadence"] = map[string]any{"cadence": s.cadence}
	}
	if s.capacity != "" {
		values["capacity"] = map[string]any{"capacity": s.capacity}
	}
	if s.manager != "" {
		values["manager"] = map[string]any{"manager": s.manager}
	}
	sub, err := e.sim.SubmitView(matchCtx(e), user, v.ID, values)
	if err != nil {
		e.t.Fatalf("submit join for %s: %v", user, err)
	}
	if len(sub.Errors) > 0 || !sub.Closed {
		e.t.Fatalf("join modal for %s not accepted: %+v", user, sub.Errors)
	}
	e.waitDM(user, "signed up for matching")
}

// matchFrankAndGrace makes frank and grace a pair through matching:
// both sign up for Go, dana runs and publishes a round, and both accept.
func matchFrankAndGrace(e *env) {
	e.t.Helper()
	matchJoin(e, frank, signup{role: "mentor", other: "Go"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{frank, grace} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("frank and grace's pair", func() bool { return len(e.matchPairs()) == 1 })
}

// matchPublish runs a matching round, publishes it as dana and returns
// the proposal DM each of who got, in that order.
func matchPublish(e *env, who ...string) []slacksim.Message {
	e.t.Helper()
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	dms := make([]slacksim.Message, len(who))
	for i, u := range who {
		dms[i] = e.waitDM(u, "A mentoring match for you")
	}
	return dms
}

// matchRun runs /mentor match as dana and returns the proposal message.
func matchRun(e *env) (slacksim.Message, string) {
	e.t.Helper()
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "match")
	if res.Message == nil {
		e.t.Fatalf("/mentor match showed nothing")
	}
	return *res.Message, ackText(e.t, res)
}

// matchCurrent is the proposal message as it is now (after Drop).
func matchCurrent(e *env, m slacksim.Message) slacksim.Message {
	cur, ok := e.sim.LookupMessage(m.Channel, m.TS)
	if !ok {
		e.t.Fatalf("message %s gone", m.TS)
	}
	return cur
}

// matchActionIDs lists the action_ids of a message's buttons.
func matchActionIDs(m slacksim.Message) []string {
	var blocks []map[string]any
	_ = json.Unmarshal(m.Blocks, &blocks)
	var ids []string
	for _, b := range blocks {
		if acc, ok := b["accessory"].(map[string]any); ok {
			ids = append(ids, acc["action_id"].(string))
		}
		if els, ok := b["elements"].([]any); ok {
			for _, el := range els {
				if m, ok := el.(map[string]any); ok && m["action_id"] != nil {
					ids = append(ids, m["action_id"].(string))
				}
			}
		}
	}
	return ids
}

func (e *env) matchClick(user string, m slacksim.Message, actionID string) {
	e.t.Helper()
	if _, err := e.sim.ClickButton(matchCtx(e), user, m, actionID); err != nil {
		e.t.Fatalf("%s clicks %s: %v", user, actionID, err)
	}
	// As e.cmd does: what the press changes (other DMs redrawn, pairs
	// made) is done before the test looks.
	e.idle()
}

func (e *env) matchPairs() []store.Pair {
	ps, err := e.app.DB.AllPairs(e.ctx, true)
	if err != nil {
		e.t.Fatal(err)
	}
	return ps
}

func matchNoFailures(e *env) {
	e.t.Helper()
	for _, f := range e.sim.Failures() {
		e.t.Errorf("simulator flagged: %s", f)
	}
}

func TestTopicsListAddRemoveAdminsOnly(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(carol, "/mentor", "topics add Go"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin topics add = %q", got)
	}
	if got := e.cmd(carol, "/mentor", "topics"); !strings.Contains(got, "no topics yet") {
		t.Errorf("empty list = %q", got)
	}
	got := e.cmd(dana, "/mentor", "topics add Go, System  design, &lt;!channel&gt; tricks")
	if !strings.Contains(got, "Added Go, System design, &lt;!channel&gt; tricks") {
		t.Errorf("add = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "topics add go"); !strings.Contains(got, "Already on the list: Go") {
		t.Errorf("duplicate add = %q", got)
	}
	if got := e.cmd(carol, "/mentor", "topics list"); !strings.Contains(got, "Go · System design") {
		t.Errorf("list for everyone = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "topics remove &lt;!channel&gt; tricks, cooking"); !strings.Contains(got, "Removed &lt;!channel&gt; tricks") || !strings.Contains(got, "Not on the list: cooking") {
		t.Errorf("remove = %q", got)
	}
	topics, _ := e.app.DB.Topics(e.ctx)
	if !slices.Equal(topics, []string{"Go", "System design"}) {
		t.Errorf("stored topics = %q", topics)
	}
	if got := e.cmd(carol, "/mentor", "topics remove Go"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin remove = %q", got)
	}
	for _, m := range e.sim.Messages() {
		if strings.Contains(m.Text, "<!channel>") {
			t.Errorf("the bot echoed a raw <!channel>: %q", m.Text)
		}
	}
	matchNoFailures(e)
}

func TestJoinModalStoresTheSignupAndLeaveWithdraws(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go, System design")
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"System design"}, other: "go, Public speaking", cadence: "weekly", capacity: "2", manager: dana})
	s, err := e.app.DB.Signup(e.ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if s.Role != "mentor" || s.Capacity != 2 || s.Cadence != "weekly" || s.ManagerID != dana || s.Status != store.SignupWaiting {
		t.Errorf("stored sign-up %+v", s)
	}
	if !slices.Equal(s.Topics, []string{"System design", "Go", "Public speaking"}) {
		t.Errorf("topics %q: a typed listed topic takes the list's spelling", s.Topics)
	}
	confirm := e.waitDM(alice, "signed up for matching")
	if !contains(confirm, "up to 2 mentees") || !contains(confirm, "<@UDANA>") {
		t.Errorf("confirmation = %s", confirm.Text+blockText(confirm.Blocks))
	}

	// The modal opens again with the answers filled in; bad input keeps it open.
	e.cmd(alice, "/mentor", "join")
	v := e.waitModal(alice, "match_join")
	for _, want := range []string{`"initial_user":"UDANA"`, `"initial_value":"Public speaking"`, `"initial_value":"2"`, `"initial_options":[{"text":{"emoji":true,"text":"Go","type":"plain_text"},"value":"Go"},{"text":{"emoji":true,"text":"System design"`} {
		if !strings.Contains(string(v.JSON), want) {
			t.Errorf("reopened modal lacks %s", want)
		}
	}
	sub, err := e.sim.SubmitView(matchCtx(e), alice, v.ID, map[string]map[string]any{"manager": {"manager": alice}})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Errors["manager"] == "" {
		t.Errorf("own manager accepted: %+v", sub)
	}
	e.sim.CloseView(matchCtx(e), alice, v.ID)

	if got := e.cmd(alice, "/mentor", "leave"); !strings.Contains(got, "You've left matching") {
		t.Errorf("leave = %q", got)
	}
	if s, _ := e.app.DB.Signup(e.ctx, alice); s.Status != store.SignupWithdrawn {
		t.Errorf("after leave: %s", s.Status)
	}
	if got := e.cmd(alice, "/mentor", "leave"); !strings.Contains(got, "already left") {
		t.Errorf("second leave = %q", got)
	}
	matchNoFailures(e)
}

func TestMatchProposalWithReasonsPublishedAndAcceptedMakesThePair(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add System design, Go")
	startRound(e, "Spring 2027", "2027-06-30")
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"System design"}, capacity: "1", cadence: "biweekly"})
	matchJoin(e, frank, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", topics: []string{"System design"}, cadence: "biweekly"})
	matchJoin(e, carol, signup{role: "mentee", other: "Cooking"})

	if got := e.cmd(carol, "/mentor", "match"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin match = %q", got)
	}
	msg, text := matchRun(e)
	for _, want := range []string{
		"<@UALICE> mentors <@UGRACE>",
		"both: System design; same time zone; both prefer to meet every two weeks",
		"Left unmatched",
		"<@UCAROL> as a mentee: of the 2 mentors, 2 share no topic",
		"<@UFRANK> as a mentor",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("proposal lacks %q:\n%s", want, text)
		}
	}
	e.settle()
	if n := len(e.dms(alice, "mentoring match")) + len(e.dms(grace, "mentoring match")); n != 0 {
		t.Fatalf("%d proposal DMs before publishing", n)
	}
	e.matchClick(dana, msg, "match_publish")
	e.eventually("the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })

	ask := e.waitDM(alice, "A mentoring match for you")
	if !contains(ask, "you'd be <@UGRACE>'s *mentor*") || !contains(ask, "both: System design") || !contains(ask, "Spring 2027") {
		t.Errorf("mentor's proposal DM = %s", blockText(ask.Blocks))
	}
	askGrace := e.waitDM(grace, "A mentoring match for you")
	// Nobody else may answer; one acceptance makes no pair.
	e.matchClick(alice, ask, "proposal_accept")
	e.eventually("alice's acceptance", func() bool { return contains(matchCurrent(e, ask), "You accepted") })
	if ps := e.matchPairs(); len(ps) != 0 {
		t.Fatalf("a pair after one acceptance: %+v", ps)
	}
	e.matchClick(grace, askGrace, "proposal_accept")
	e.eventually("the pair", func() bool { return len(e.matchPairs()) == 1 })
	p := e.matchPairs()[0]
	if p.MentorID != alice || p.MenteeID != grace || p.CohortID == 0 {
		t.Errorf("pair = %+v, want alice mentoring grace in the cohort", p)
	}
	e.waitDM(alice, "You are now <@UGRACE>'s *mentor*")
	e.waitDM(grace, "<@UALICE> is now your *mentor*")
	e.eventually("alice's proposal DM to show the pair", func() bool { return contains(matchCurrent(e, ask), "accepted too") })
	if ids := matchActionIDs(matchCurrent(e, askGrace)); len(ids) != 0 {
		t.Errorf("answered proposal still has buttons %v", ids)
	}
	e.settle()
	if n := len(e.dms(grace, "Welcome to mentoring")); n != 1 {
		t.Errorf("grace got %d intros, want 1", n)
	}
	if s, _ := e.app.DB.Signup(e.ctx, grace); s.Status != store.SignupMatched {
		t.Errorf("grace's sign-up is %s, want matched", s.Status)
	}
	// The next round leaves the matched out and keeps the rest waiting.
	_, text = matchRun(e)
	if strings.Contains(text, "UGRACE") || strings.Contains(text, "UALICE") {
		t.Errorf("matched people proposed again:\n%s", text)
	}
	if got := e.cmd(carol, "/mentor", "cohort"); !strings.Contains(got, "Spring 2027") {
		t.Errorf("cohort for everyone = %q", got)
	}
	matchNoFailures(e)
}

func TestMatchDeclineReturnsBothAndIsNeverProposedAgain(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "go"})
	msg, text := matchRun(e)
	if !strings.Contains(text, "<@UALICE> mentors <@UBOB>") || !strings.Contains(text, "6 h apart") {
		t.Fatalf("proposal:\n%s", text)
	}
	e.matchClick(dana, msg, "match_publish")
	ask := e.waitDM(bob, "A mentoring match for you")
	e.matchClick(bob, ask, "proposal_decline")
	e.waitDM(alice, "won't go ahead this time")
	e.eventually("bob's answer", func() bool { return contains(matchCurrent(e, ask), "You declined") })
	askAlice := e.waitDM(alice, "A mentoring match for you")
	e.eventually("alice's proposal to be closed", func() bool {
		cur := matchCurrent(e, askAlice)
		return contains(cur, "This match won't go ahead") && len(matchActionIDs(cur)) == 0
	})
	if ps := e.matchPairs(); len(ps) != 0 {
		t.Fatalf("pair after a decline: %+v", ps)
	}

	// Both are back in the pool, and never proposed together again.
	_, text = matchRun(e)
	if strings.Contains(text, "<@UALICE> mentors <@UBOB>") {
		t.Errorf("declined pair proposed again:\n%s", text)
	}
	if !strings.Contains(text, "<@UBOB> as a mentee: of the 1 mentor, 1 was proposed with them before and declined or dropped") {
		t.Errorf("bob's reason missing:\n%s", text)
	}
	matchJoin(e, frank, signup{role: "mentor", other: "Go"})
	_, text = matchRun(e)
	if !strings.Contains(text, "<@UFRANK> mentors <@UBOB>") {
		t.Errorf("bob not proposed with the new mentor:\n%s", text)
	}
	matchNoFailures(e)
}

func TestMatchDropRemovesAPairAndRespectsManagersAndTimeZones(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	// grace (Berlin) reports to frank; alice (Berlin) and frank (Paris) mentor Go.
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, frank, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", topics: []string{"Go"}, manager: frank})
	matchJoin(e, bob, signup{role: "mentee", topics: []string{"Go"}})
	msg, text := matchRun(e)
	if !strings.Contains(text, "<@UALICE> mentors <@UGRACE>") || !strings.Contains(text, "<@UFRANK> mentors <@UBOB>") {
		t.Fatalf("proposal (never the manager):\n%s", text)
	}
	var drop string
	for _, id := range matchActionIDs(msg) {
		if strings.HasPrefix(id, "match_drop_") && drop == "" {
			drop = id
		}
	}
	if drop == "" {
		t.Fatalf("no Drop buttons: %v", matchActionIDs(msg))
	}
	if !strings.Contains(string(msg.Blocks), "won't be proposed together again") {
		t.Errorf("the Drop button asks no confirmation: %s", msg.Blocks)
	}
	e.matchClick(dana, msg, drop)
	e.eventually("the proposal to change", func() bool { return contains(matchCurrent(e, msg), "1 dropped") })
	cur := matchCurrent(e, msg)
	after := blockText(cur.Blocks)
	if strings.Contains(after, "<@UALICE> mentors <@UGRACE>") || !strings.Contains(after, "<@UFRANK> mentors <@UBOB>") {
		t.Errorf("after Drop:\n%s", after)
	}
	if !strings.Contains(after, "<@UGRACE> as a mentee") || !strings.Contains(after, "1 is in their reporting line") {
		t.Errorf("grace's reasons after Drop:\n%s", after)
	}
	e.matchClick(dana, cur, "match_publish")
	e.waitDM(bob, "A mentoring match for you")
	e.settle()
	if n := len(e.dms(grace, "A mentoring match for you")); n != 0 {
		t.Errorf("the dropped pair was published")
	}
	// Re-running never proposes the dropped pair, nor grace with her manager.
	_, text = matchRun(e)
	if strings.Contains(text, "<@UALICE> mentors <@UGRACE>") || strings.Contains(text, "<@UFRANK> mentors <@UGRACE>") {
		t.Errorf("dropped or manager pair proposed:\n%s", text)
	}
	matchNoFailures(e)
}

func TestCohortEndAsksEachPairAndEndsThoseNotContinuing(t *testing.T) {
	e := matchEnv(t)
	if got := e.cmd(carol, "/mentor", "cohort start X --until 2027-01-01"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin start = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Past --until 2020-01-01"); !strings.Contains(got, "already passed") || !strings.Contains(got, "after today") {
		t.Errorf("past end date = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Today --until today"); !strings.Contains(got, "pick a day after today") {
		t.Errorf("today as the end = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Winter —until 2027-02-28"); !strings.Contains(got, "Started the round *Winter*") {
		t.Fatalf("start = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Again --until 2027-03-01"); !strings.Contains(got, "still running") {
		t.Errorf("second start = %q", got)
	}
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "SRE"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	matchJoin(e, carol, signup{role: "mentee", other: "SRE"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, frank, bob, carol} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("two pairs", func() bool { return len(e.matchPairs()) == 2 })
	for _, p := range e.matchPairs() {
		if p.CohortID == 0 {
			t.Fatalf("pair %+v not in the cohort", p)
		}
	}
	if got := e.cmd(bob, "/mentor", "cohort end"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin end = %q", got)
	}
	if got := cohortAsk(e); !strings.Contains(got, "asked the 2 pairs of *Winter*") {
		t.Fatalf("cohort end = %q", got)
	}
	for _, c := range []struct {
		user, action string
	}{{alice, "cohort_continue"}, {bob, "cohort_continue"}, {frank, "cohort_continue"}, {carol, "cohort_end"}} {
		q := e.waitDM(c.user, "(until Sun 28 Feb 2027) is closing")
		e.matchClick(c.user, q, c.action)
	}
	e.eventually("the answers", func() bool {
		return strings.Contains(e.cmd(dana, "/mentor", "cohort"), "1 pair chose to continue, 1 to end, 0 not decided")
	})
	if got := e.cmd(bob, "/mentor", "cohort"); !strings.Contains(got, "Your pair with <@UALICE> is part of this round") || strings.Contains(got, "pair chose") {
		t.Errorf("member's view = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort end now")
	if !strings.Contains(got, "1 pair ended, 1 pair carries on") {
		t.Fatalf("end now = %q", got)
	}
	e.waitDM(carol, "has closed, and with it your mentoring pair with <@UFRANK>")
	e.waitDM(bob, "your pair with <@UALICE> carries on")
	// The closing question's buttons go with the round.
	e.eventually("the closing questions without buttons", func() bool {
		return contains(matchCurrent(e, e.waitDM(carol, "is closing")), "The round has closed") &&
			!strings.Contains(string(matchCurrent(e, e.waitDM(carol, "is closing")).Blocks), "cohort_continue")
	})
	for _, p := range e.matchPairs() {
		if want := p.MentorID == alice; p.Live() != want {
			t.Errorf("pair %s>%s live = %v, want %v", p.MentorID, p.MenteeID, p.Live(), want)
		}
	}
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "No programme round is running") {
		t.Errorf("after the end = %q", got)
	}
	matchNoFailures(e)
}

// Forgetting your data withdraws your published match proposal as leaving
// does: the other person hears it, instead of finding out from a dead
// button.
func TestForgetWithdrawsAPublishedProposalAndSaysSo(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	matchJoin(e, frank, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", topics: []string{"Go"}})
	msg, text := matchRun(e)
	if !strings.Contains(text, "<@UFRANK> mentors <@UGRACE>") {
		t.Fatalf("proposal = %s", text)
	}
	e.matchClick(dana, msg, "match_publish")
	e.waitDM(grace, "A mentoring match for you")
	m := pgForgetMessage(e, frank)
	pgClick(e, frank, m, "forget_confirm")
	pgWait(e, frank, "your data is deleted")
	e.waitDM(grace, "won't go ahead: they have left the programme")
}

// Extra words after join, leave or topics list are answered with usage,
// and change nothing.
func TestMatchingCommandsRefuseExtraWords(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", capacity: "1"})
	for _, text := range []string{"leave please", "join now", "topics list extra"} {
		if got := e.cmd(alice, "/mentor", text); !strings.Contains(got, "Usage: `/mentor") {
			t.Errorf("/mentor %s = %q, want usage", text, got)
		}
	}
	if s, err := e.app.DB.Signup(e.ctx, alice); err != nil || s.Status != store.SignupWaiting {
		t.Errorf("alice's sign-up after 'leave please' = %+v, %v; want still waiting", s, err)
	}
}

// On a round's end date, the admin who started it hears that it is time to
// close it; a round closed sooner says nothing then.
func TestCohortEndDateRemindsTheAdmin(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2026-11-20")
	e.clock.Set(time.Date(2026, 11, 20, 8, 59, 0, 0, time.UTC)) // London: UTC in November
	e.settle()
	if n := len(e.dms(dana, "reaches its end date")); n != 0 {
		t.Fatalf("reminded %d times before 09:00 on the end date", n)
	}
	e.clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	e.settle()
	e.waitDM(dana, "The round *Winter* reaches its end date today (Fri 20 Nov 2026)")

	// Closed before its end date: no reminder.
	if got := e.cmd(dana, "/mentor", "cohort end"); !strings.Contains(got, "Winter") {
		t.Fatalf("cohort end = %q", got)
	}
	startRound(e, "Spring", "2026-12-10")
	if got := e.cmd(dana, "/mentor", "cohort end now"); !strings.Contains(got, "Spring") {
		t.Fatalf("cohort end = %q", got)
	}
	e.clock.Set(time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC))
	e.settle()
	if n := len(e.dms(dana, "reaches its end date")); n != 1 {
		t.Errorf("%d end-date reminders, want only Winter's", n)
	}
}

// Leaving matching with a proposal open withdraws it: the other person is
// told, and the one who left is told that the two won't be proposed
// together again.
func TestLeavingWithAProposalOpenWithdrawsIt(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "topics add Go")
	matchJoin(e, alice, signup{role: "mentor", topics: []string{"Go"}, capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", topics: []string{"Go"}})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.eventually("the proposal to be published", func() bool { return contains(matchCurrent(e, msg), "Published") })
	e.waitDM(alice, "A mentoring match for you")

	got := e.cmd(grace, "/mentor", "leave")
	for _, want := range []string{"You've left matching", "withdrawn your open proposal with <@UALICE>", "won't propose you together again"} {
		if !strings.Contains(got, want) {
			t.Errorf("leave answer lacks %q: %q", want, got)
		}
	}
	e.waitDM(alice, "won't go ahead")
	matchNoFailures(e)
}

// Closing a round now ends the pairs that have not chosen to continue, for
// good: when some have not, the admin confirms with a button first.
func TestCohortEndNowAsksTheAdminFirst(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2027-02-28")
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, bob} {
		e.matchClick(u, e.waitDM(u, "A mentoring match for you"), "proposal_accept")
	}
	e.eventually("the pair", func() bool { return len(e.matchPairs()) == 1 })

	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil || !contains(*res.Message, "haven't been asked yet") || !strings.Contains(string(res.Message.Blocks), "Close and end 1 pair") {
		t.Fatalf("end now before asking = %+v", res.Message)
	}
	if p := e.matchPairs()[0]; !p.Live() {
		t.Fatal("the pair ended before the admin confirmed")
	}
	e.matchClick(dana, *res.Message, "cohort_close")
	e.eventually("the round closed", func() bool { return !e.matchPairs()[0].Live() })
	e.waitDM(bob, "has closed, and with it your mentoring pair with <@UALICE>")
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "No programme round is running") {
		t.Errorf("after the end = %q", got)
	}
	matchNoFailures(e)
}

// Someone waiting in the matching pool sees on their Home that they are
// signed up, instead of an invitation to sign up.
func TestHomeShowsTheMatchingSignup(t *testing.T) {
	e := matchEnv(t)
	homeOpen(e, grace, func(s string) bool { return strings.Contains(s, "How to get a mentor") })
	matchJoin(e, grace, signup{role: "mentee", other: "Public <speaking>"})
	v := homeOpen(e, grace, func(s string) bool { return strings.Contains(s, "signed up for matching") })
	text := homeText(v)
	for _, want := range []string{"You're signed up for matching* as a mentee (Public &lt;speaking&gt;)", "`/mentor leave` withdraws", "/mentor request @someone"} {
		if !strings.Contains(text, want) {
			t.Errorf("Home lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "How to get a mentor") {
		t.Errorf("Home still invites to sign up:\n%s", text)
	}
	e.cmd(grace, "/mentor", "leave")
	homeOpen(e, grace, func(s string) bool { return strings.Contains(s, "How to get a mentor") })
}

// An admin may pair someone with the manager they named when they signed
// up, which matching never proposes; the answer warns of it.
func TestPairingSomeoneWithTheirManagerWarns(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, frank, signup{role: "mentee", other: "Go", manager: erin})
	got := e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UFRANK|frank>")
	if !strings.Contains(got, "Paired <@UERIN> (mentor) with <@UFRANK>") || !strings.Contains(got, "one of them is the other's manager") {
		t.Errorf("pairing frank with his manager = %q", got)
	}
	if got := e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"); strings.Contains(got, "manager") {
		t.Errorf("pairing two people with no such tie = %q", got)
	}
}
