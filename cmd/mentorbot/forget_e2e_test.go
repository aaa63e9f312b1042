package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The good-fit answer is just between the one who gave it and mentorbot:
// when their partner forgets their data, the count of deleted feedback the
// partner is shown holds only the feedback they gave or could read, so it
// does not tell them that the other answered the check about them.
func TestForgetCountsNoPartnersGoodFitAnswer(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}
	if got := e.cmd(bob, "/mentor", "feedback <@UALICE|alice> Thanks for the intro to the SRE team"); !strings.Contains(got, "passed your feedback on") {
		t.Fatalf("feedback answer = %q", got)
	}
	e.idle()

	m := pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	done := pgWait(e, bob, "your data is deleted")
	if !contains(done, "1 piece of feedback,") {
		t.Errorf("bob is told of feedback he never saw: %s", done.Text)
	}
	// Not counted, but deleted all the same, as /mentor forget promises.
	if fit, err := e.app.DB.FeedbackGiven(e.ctx, alice, p.ID, store.FeedbackFit, p.CreatedAt); err != nil || len(fit) != 0 {
		t.Errorf("alice's good-fit answer about bob after his forget = %+v, %v", fit, err)
	}
	pgNoFailures(e)
}

// A pending request ends with /mentor forget of either side: the requester
// is not left waiting for an answer that cannot come, and the one asked is
// not left with the forgotten person's message and buttons that lead
// nowhere.
func TestForgetSettlesPendingMentoringRequests(t *testing.T) {
	t.Run("the one asked forgets", func(t *testing.T) {
		e := newEnv(t)
		e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
		e.settle()
		ask := e.waitDM(alice, "would like you to be their mentor")
		pgForget(e, alice)
		e.settle()
		e.waitDM(bob, "won't get an answer")
		// Her own copy of the request loses its buttons, which would
		// find no request.
		e.idle()
		cur, ok := e.sim.LookupMessage(ask.Channel, ask.TS)
		if !ok {
			t.Fatal("the request DM is gone")
		}
		if strings.Contains(string(cur.Blocks), "request_accept") || !contains(cur, "withdrawn") {
			t.Errorf("alice's request DM after her forget = %q %s, want it withdrawn without buttons", cur.Text, cur.Blocks)
		}
		noFailures(t, e)
	})
	t.Run("the requester forgets", func(t *testing.T) {
		e := newEnv(t)
		e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat help please")
		e.settle()
		ask := e.waitDM(alice, "would like you to be their mentor")
		pgForget(e, bob)
		e.settle()
		e.idle()
		cur, ok := e.sim.LookupMessage(ask.Channel, ask.TS)
		if !ok {
			t.Fatal("the request DM is gone")
		}
		if contains(cur, "wombat") || strings.Contains(string(cur.Blocks), "request_accept") || !contains(cur, "withdrew") {
			t.Errorf("alice's request DM after bob's forget = %q %s, want it withdrawn without his words or buttons", cur.Text, cur.Blocks)
		}
		noFailures(t, e)
	})
}

// cellsHolding lists, as "table.column", every text cell of every table of
// the database at path that contains s.
func cellsHolding(t *testing.T, path, s string) []string {
	t.Helper()
	raw := openReadOnly(t, path)
	defer raw.Close()
	var found []string
	for _, table := range tableNames(t, raw) {
		cols, rows := tableRows(t, raw, table)
		for _, vals := range rows {
			for i, v := range vals {
				if text, ok := v.(string); ok && strings.Contains(text, s) {
					found = append(found, fmt.Sprintf("%s.%s = %q", table, cols[i], text))
				} else if b, ok := v.([]byte); ok && strings.Contains(string(b), s) {
					found = append(found, fmt.Sprintf("%s.%s = %q", table, cols[i], b))
				}
			}
		}
	}
	return found
}

// An admin who ran the programme (made a pair, started a round, ran a
// matching round, closed the round and so ended its pair) and then asks
// to be forgotten leaves no trace of their Slack ID as the one who did
// those things; the pairs and the round stay, for the people in them and
// the programme's figures. Only their own profile row keeps the ID (with
// nothing else in it), as Forget documents.
func TestForgetOfAnAdminLeavesNoActorIDs(t *testing.T) {
	e := matchEnv(t)
	startRound(e, "Winter", "2027-02-28")
	matchFrankAndGrace(e)
	e.pair(carol, erin)
	res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
	if res.Message == nil {
		t.Fatal("cohort end now showed nothing")
	}
	e.matchClick(dana, *res.Message, "cohort_close")
	e.eventually("the round closed", func() bool {
		return queryInt(t, e.cfg.DB, `SELECT count(*) FROM pairs WHERE mentor_id = 'UFRANK' AND status = 'ended'`) == 1
	})
	e.settle()
	db := e.cfg.DB
	if n := queryInt(t, db, `SELECT count(*) FROM pairs WHERE created_by = 'UDANA' OR ended_by = 'UDANA'`); n == 0 {
		t.Fatal("no pair names dana as the one who made or ended it: the test does not test")
	}

	pgForget(e, dana)
	e.settle()

	// What may name her: her profile row (emptied), the DMs addressed to
	// her (kept, payloads blanked, as the record that makes sending
	// exactly-once), the record of the forget's own click (kept a day
	// against Slack's redelivery) and the record that she was forgotten
	// (which a restore of an older backup applies again).
	var left []string
	for _, c := range cellsHolding(t, db, dana) {
		switch {
		case c == `users.user_id = "UDANA"`, c == `notifications.recipient_id = "UDANA"`, c == `deliveries.user_id = "UDANA"`, c == `forgotten.user_id = "UDANA"`,
			strings.HasPrefix(c, "notifications.key = ") && strings.HasSuffix(c, `:to=UDANA"`):
			continue
		}
		left = append(left, c)
	}
	if len(left) > 0 {
		t.Errorf("after dana's forget, the database still holds her ID:\n%s", strings.Join(left, "\n"))
	}
	if n := queryInt(t, db, `SELECT count(*) FROM pairs`); n != 2 {
		t.Errorf("%d pairs after dana's forget, want the 2 she made and ended", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM cohorts WHERE name = 'Winter'`); n != 1 {
		t.Errorf("the round Winter is gone after dana's forget")
	}
	if got := e.cmd(carol, "/mentor", "pairs"); !strings.Contains(got, "UERIN") {
		t.Errorf("carol's pairs after dana's forget: %q", got)
	}
}

// When the person asked to mentor is forgotten, the requester, who may
// have no relationship with them, is told they left the programme, as a
// proposal's other person is, not that they asked for their data to be
// deleted.
func TestForgetOfTheOneAskedTellsTheRequesterNeutrally(t *testing.T) {
	e := newEnv(t)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> please")
	e.settle()
	e.waitDM(alice, "would like you to be their mentor")
	pgForget(e, alice)
	e.settle()
	m := e.waitDM(bob, "won't get an answer")
	if contains(m, "delete their data") || !contains(m, "left the programme") {
		t.Errorf("bob told of alice's forget: %q, want that she has left the programme", m.Text)
	}
}

// A mentoring request whose DM is in flight (held by Slack's 429) when the
// requester is forgotten is taken back: it is not posted, so the one asked
// never sees the forgotten person's words and buttons, nor a withdrawal of
// a request they were never shown.
func TestForgetOfARequesterWhileTheRequestIsInFlight(t *testing.T) {
	e := newEnv(t)
	posts := len(e.sim.CallsTo("chat.postMessage"))
	// The forget is done while the DM waits out the 429.
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 5*time.Second)
	e.cmd(bob, "/mentor", "request <@UALICE|alice> wombat help please")
	e.eventually("the request DM to be tried", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	pgForget(e, bob)
	var key string
	for _, n := range e.notes() {
		if n.Kind == "request" {
			key = n.Key
			if n.Status != store.NoteCancelled || n.LastError != store.NoteForgotten || strings.Contains(n.Payload, "wombat") {
				t.Fatalf("the request DM after bob's forget: %s %q, payload %q; want it taken back, with no copy of his words", n.Status, n.LastError, n.Payload)
			}
		}
	}
	if key == "" {
		t.Fatal("no request DM")
	}
	release()
	e.settle()
	e.idle()
	if got := e.dms(alice, ""); len(got) != 0 {
		t.Errorf("alice was sent %d DMs about a request taken back before she saw it: %q", len(got), got[0].Text)
	}
	noFailures(t, e)
}

// A session whose logger asked to be forgotten keeps no logger: its
// partner's /session show says so instead of a broken mention "<@>".
func TestSessionShowAfterItsLoggerForgot(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	s, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Bob's notes"})
	if err != nil {
		t.Fatal(err)
	}
	m := pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	pgWait(e, bob, "your data is deleted")

	got := e.cmd(alice, "/session", fmt.Sprintf("show %d", s.ID))
	if strings.Contains(got, "<@>") || strings.Contains(got, "Bob's notes") {
		t.Errorf("/session show after bob's forget = %q", got)
	}
	if !strings.Contains(got, fmt.Sprintf("Session #%d", s.ID)) || !strings.Contains(got, "deleted") {
		t.Errorf("/session show does not say its notes were deleted: %q", got)
	}
}

// A person's matching proposals are theirs: /mentor export lists them
// (with whom, when, how it ended, how they answered), and /mentor forget
// keeps only who was proposed with whom and how it ended, so that the two
// are still not proposed together again, without why they fit, which is
// read from both sign-ups, in the proposal or the other's copy of its DM.
func TestProposalsAreExportedAndForgottenButForTheirOutcome(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", cadence: "weekly", capacity: "2"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "weekly"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, e.waitDM(alice, "A mentoring match for you"), "proposal_accept")
	e.matchClick(grace, e.waitDM(grace, "A mentoring match for you"), "proposal_decline")
	e.settle()
	const reasons = "both prefer weekly"
	if len(cellsHolding(t, e.cfg.DB, reasons)) == 0 {
		t.Fatalf("no reasons %q stored: the test does not test", reasons)
	}

	e.cmd(grace, "/mentor", "export")
	f := pgWaitFile(e, grace, "mentorbot-data-").Files[0]
	var doc struct {
		Proposals []struct {
			Kind, Mentor, Mentee, Reasons, Status string
			Role                                  string `json:"your_role"`
			Answer                                string `json:"your_answer"`
			At                                    string `json:"proposed_at"`
		} `json:"matching_proposals"`
	}
	if err := json.Unmarshal(f.Content, &doc); err != nil {
		t.Fatalf("export file is not JSON: %v\n%s", err, f.Content)
	}
	if ps := doc.Proposals; len(ps) != 1 || ps[0].Kind != "match" || ps[0].Mentor != alice || ps[0].Mentee != grace || ps[0].Role != "mentee" ||
		ps[0].Status != "declined" || ps[0].Answer != "declined" || !strings.Contains(ps[0].Reasons, reasons) || ps[0].At == "" {
		t.Errorf("grace's exported proposals = %+v", ps)
	}

	pgForget(e, grace)
	e.settle()
	if left := cellsHolding(t, e.cfg.DB, reasons); len(left) > 0 {
		t.Errorf("after grace's forget, why she was proposed is still stored:\n%s", strings.Join(left, "\n"))
	}
	// The declined proposal still keeps the two apart when she signs up again.
	matchJoin(e, grace, signup{role: "mentee", other: "Go", cadence: "weekly"})
	if _, text := matchRun(e); strings.Contains(text, "<@UALICE> mentors <@UGRACE>") || !strings.Contains(text, "<@UGRACE> as a mentee") {
		t.Errorf("after grace's forget and sign-up, the round = %q; want her unmatched, not proposed with alice again", text)
	}
}

// A double press of Delete my data leaves the first press's answer, what
// was deleted, not the second's, which found nothing left to delete.
func TestForgetPressedTwiceKeepsWhatWasDeleted(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	pgGoal(e, bob, "Ship the API redesign")
	m := pgForgetMessage(e, bob)
	var wg sync.WaitGroup
	for range 3 {
		// A press after the answer replaced the question finds no button.
		wg.Go(func() { _, _ = e.sim.ClickButton(meetCtx(e), bob, m, "forget_confirm") })
	}
	wg.Wait()
	e.idle()
	got, ok := e.sim.LookupMessage(m.Channel, m.TS)
	if !ok || !strings.Contains(got.Text, "your data is deleted: 1 goal,") || !strings.Contains(got.Text, "1 pair ended") {
		t.Errorf("after two presses the answer reads %q", got.Text)
	}
	e.waitDM(alice, "they asked mentorbot to delete their data")
	e.settle()
	if n := len(e.dms(alice, "they asked mentorbot to delete their data")); n != 1 {
		t.Errorf("alice was told %d times that the pair ended", n)
	}
	pgNoFailures(e)
}

// After /mentor forget the bot edits none of the person's DMs about the
// sessions of the pair they left: the former partner may still close the
// session's to-dos, and that is not for the one who asked to be forgotten.
func TestForgottenPersonsSessionDMsAreLeftAlone(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	e.cmd(bob, "/session", "log <@UALICE|alice> went through the roadmap todo: draft the RFC")
	dm := e.waitDM(alice, "logged your session")
	pgForget(e, alice)
	e.settle()

	todos, err := e.app.DB.OpenTodos(e.ctx, p.ID)
	if err != nil || len(todos) != 1 {
		t.Fatalf("open to-dos: %+v, %v", todos, err)
	}
	e.cmd(bob, "/session", fmt.Sprintf("done %d", todos[0].ID))
	e.settle()
	// Redrawn, it would show the to-do done, without its Done button.
	if cur, ok := e.sim.LookupMessage(dm.Channel, dm.TS); !ok || !contains(cur, "todo_done_") || contains(cur, "done (marked by") {
		t.Errorf("alice's DM was edited after her forget:\n%s", blockText(cur.Blocks))
	}
}
