package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Confidentiality, end to end: what each person and the admins may read.

// One mentee answering five feedback prompts is one person: the report
// must not show their ratings as a programme figure, nor a good-fit
// breakdown from two people in which a lone "no" stands out.
func TestPrivacyReportNeedsFivePeopleNotFiveAnswers(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	for i := 0; i < 5; i++ {
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}
	// One good-fit answer per pair: bob answers in four pairs of his.
	for i, mentor := range []string{alice, carol, dana, erin} {
		q := p
		if i > 0 {
			var err error
			if q, err = e.app.DB.CreatePair(e.ctx, dana, mentor, bob); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: q.ID, Kind: store.FeedbackFit, Fit: store.FitYes}); err != nil {
			t.Fatal(err)
		}
	}
	got := e.cmd(dana, "/mentor", "report")
	for _, leak := range []string{"2.0", "5 answers", "1 no", "4 yes"} {
		if strings.Contains(got, leak) {
			t.Errorf("the report shows %q from one or two people:\n%s", leak, got)
		}
	}
	for _, want := range []string{"5 different people", "all ratings: none counted yet", "good fit: none counted yet",
		"Answers not yet in a full group are counted nowhere, and how many there are isn't shown either"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	m := pgWaitFile(e, dana, "mentorbot-report-")
	rows, err := csv.NewReader(bytes.NewReader(m.Files[0].Content)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "feedback" && (strings.HasPrefix(r[1], "mentees_on_mentoring") || strings.HasPrefix(r[1], "all_ratings") || strings.HasPrefix(r[1], "good_fit")) && !strings.HasSuffix(r[1], "_waiting") && r[3] != "" {
			t.Errorf("the report's CSV shows %s = %q from one or two people", r[1], r[3])
		}
	}
	pgNoFailures(e)
}

// prFeedbackFigures are the feedback figures an admin reads: the report's
// lines of figures, the CSV's feedback averages, answer counts and
// good-fit counts, and the Home's line.
func prFeedbackFigures(e *env) []string {
	e.t.Helper()
	var out []string
	files := pgFilesNamed(e, dana, "mentorbot-report-")
	for _, l := range strings.Split(e.cmd(dana, "/mentor", "report"), "\n") {
		for _, fig := range []string{"• all ratings:", "• mentees on the mentoring", "• mentors on how", "• good fit:"} {
			if strings.HasPrefix(l, fig) {
				out = append(out, l)
			}
		}
	}
	e.eventually("the report's CSV", func() bool { return pgFilesNamed(e, dana, "mentorbot-report-") == files+1 })
	var csvFile []byte
	for _, f := range e.sim.FilesTo(dana) {
		if strings.HasPrefix(f.Name, "mentorbot-report-") {
			csvFile = f.Content
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(csvFile)).ReadAll()
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "feedback" && (strings.HasSuffix(r[1], "_average") || strings.HasSuffix(r[1], "_answers") || strings.HasSuffix(r[1], "_people") ||
			strings.HasPrefix(r[1], "good_fit_") && !strings.HasSuffix(r[1], "_waiting")) {
			out = append(out, "csv "+r[1]+" = "+r[3])
		}
	}
	home := homeText(homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "Programme at a glance") }))
	for _, l := range strings.Split(home, "\n") {
		if strings.HasPrefix(l, "*Feedback:*") {
			out = append(out, "home "+l)
		}
	}
	if len(out) != 4+3*3+4+1 {
		e.t.Fatalf("feedback figures read: %q", out)
	}
	return out
}

// The audit's finding: an admin knows who is paired and when a pair logs
// its first session (and so is asked the good-fit check). Were each new
// answer counted as it came, the report run before and after farid's
// answer would move by exactly his answer: his "no", his rating. The
// figures count answers in groups of at least five people's, so they do
// not move until four more people have answered, and then by the five
// answers together; a forget moves them not at all. Home and CSV alike.
func TestPrivacyFeedbackFiguresMoveOnlyByGroupsOfFivePeople(t *testing.T) {
	e, _ := schedEnv(t)
	newPair := func(mentor, mentee string) store.Pair {
		p, err := e.app.DB.CreatePair(e.ctx, dana, mentor, mentee)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	answer := func(p store.Pair, from string, rating int, fit string) {
		for _, in := range []store.NewFeedback{{PairID: p.ID, Kind: store.FeedbackRating, Rating: rating}, {PairID: p.ID, Kind: store.FeedbackFit, Fit: fit}} {
			if _, _, err := e.app.DB.GiveFeedback(e.ctx, from, in); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, r := range []int{4, 4, 4, 5, 4} {
		answer(newPair("UMENTOR"+strconv.Itoa(i), "UMENTEE"+strconv.Itoa(i)), "UMENTEE"+strconv.Itoa(i), r, store.FitYes)
	}
	before := prFeedbackFigures(e)
	for _, want := range []string{"• all ratings: *4.2* / 5 (5 answers from 5 people)", "• good fit: 5 yes · 0 not sure · 0 no (from 5 people)",
		"csv all_ratings_average = 4.20", "csv good_fit_no = 0", "home *Feedback:* *4.2* / 5 (5 answers from 5 people"} {
		if !slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("the figures lack %q: %q", want, before)
		}
	}

	// A new pair logs its first session; alice (farid, in the audit)
	// answers the good-fit check No, and rates the mentoring 1.
	p := pgPair(e)
	if got := e.cmd(alice, "/session", "log <@UBOB> first chat"); !strings.Contains(got, "#") {
		t.Fatalf("session log: %q", got)
	}
	e.settle()
	fit := e.schedDM(fmt.Sprintf("%s:pair=%d:to=%s", scheduler.KindFit, p.ID, alice))
	e.schedClick(alice, fit, "notify_fit_no")
	e.schedWaitMessage(fit, func(m slacksim.Message) bool { return strings.Contains(blockText(m.Blocks), "notify_fit_admin") })
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 1}); err != nil {
		t.Fatal(err)
	}
	if after := prFeedbackFigures(e); !slices.Equal(after, before) {
		t.Errorf("after alice's answers the figures moved:\nbefore %q\nafter  %q", before, after)
	}
	files := pgFilesNamed(e, dana, "mentorbot-report-")
	if got := e.cmd(dana, "/mentor", "report"); !strings.Contains(got, "Answers not yet in a full group are counted nowhere") || strings.Contains(got, "1 rating") {
		t.Errorf("the report does not say that answers wait, without a count of them:\n%s", got)
	}
	e.eventually("the report's CSV", func() bool { return pgFilesNamed(e, dana, "mentorbot-report-") == files+1 })

	// Three more mentors: still four people's answers, still no move.
	for i := 5; i < 8; i++ {
		answer(newPair("UMENTOR"+strconv.Itoa(i), "UMENTEE"+strconv.Itoa(i)), "UMENTOR"+strconv.Itoa(i), 3, store.FitYes)
		if after := prFeedbackFigures(e); !slices.Equal(after, before) {
			t.Errorf("with %d people's answers waiting the figures moved:\nbefore %q\nafter  %q", i-3, before, after)
		}
	}
	// The fifth: the five answers are counted together.
	answer(newPair("UMENTOR8", "UMENTEE8"), "UMENTOR8", 3, store.FitYes)
	moved := prFeedbackFigures(e)
	for _, want := range []string{"• all ratings: *3.4* / 5 (10 answers from 10 people)", "• mentors on how the mentoring goes: *2.6* / 5 (5 answers from 5 people)", "• good fit: 9 yes · 0 not sure · 1 no (from 10 people)",
		"csv all_ratings_average = 3.40", "csv good_fit_no = 1", "home *Feedback:* *3.4* / 5 (10 answers from 10 people"} {
		if !slices.ContainsFunc(moved, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("once five people's answers waited, the figures lack %q: %q", want, moved)
		}
	}

	// alice asks to be forgotten: her answers go, the figures stay.
	pgForget(e, alice)
	e.settle()
	if n := queryInt(t, e.cfg.DB, `SELECT count(*) FROM feedback WHERE from_id = 'UALICE' OR to_id = 'UALICE'`); n != 0 {
		t.Errorf("%d answers by or about alice after her forget", n)
	}
	if after := prFeedbackFigures(e); !slices.Equal(after, moved) {
		t.Errorf("alice's forget moved the figures:\nbefore %q\nafter  %q", moved, after)
	}
}

// A mentor's comment on a goal is between that mentor and the mentee: the
// mentee's other mentor must not read it in /goal show or in their export.
func TestPrivacyGoalCommentIsNotShownToTheOtherMentor(t *testing.T) {
	e := goalEnv(t)
	e.pair(carol, bob)
	e.goalAdd(bob, "Give 2 talks by 2026-12-15")
	got := e.cmd(alice, "/goal", "comment 1 Alice-only wombat advice")
	if !strings.Contains(got, "Sent your comment on goal #1 to <@UBOB>") || !strings.Contains(got, "not their other mentors") {
		t.Errorf("mentor comment answer = %q, want it to say only bob and alice see it", got)
	}
	if got := e.cmd(bob, "/goal", "comment 1 Booked the first talk"); !strings.Contains(got, "your mentors see your notes") {
		t.Errorf("owner note answer = %q, want it to say the mentors see it", got)
	}
	e.settle()

	if got := e.cmd(carol, "/goal", "show 1"); strings.Contains(got, "wombat") || !strings.Contains(got, "Booked the first talk") {
		t.Errorf("the other mentor's /goal show 1 = %q, want bob's note but not alice's comment", got)
	}
	for _, u := range []string{alice, bob} {
		if got := e.cmd(u, "/goal", "show 1"); !strings.Contains(got, "wombat") {
			t.Errorf("%s's /goal show 1 lacks alice's comment: %q", u, got)
		}
	}
	e.cmd(carol, "/mentor", "export")
	m := pgWaitFile(e, carol, "mentorbot-data-")
	if bytes.Contains(m.Files[0].Content, []byte("wombat")) {
		t.Errorf("carol's export holds alice's comment:\n%s", m.Files[0].Content)
	}
	for _, dm := range e.dms(carol, "") {
		if contains(dm, "wombat") {
			t.Errorf("carol got a DM with alice's comment: %s", dm.Text)
		}
	}
	if got := e.cmd(carol, "/goal", "comment 1"); !strings.Contains(got, "seen only by the mentee and its author") {
		t.Errorf("usage = %q, want it to say who sees a comment", got)
	}
}

// deliveryRows are the kept answers of the deliveries table (user, key,
// reply) that contain want, read from the database file.
func deliveryRows(t *testing.T, path, want string) []string {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT key, reply FROM deliveries WHERE instr(lower(key || reply), lower(?)) > 0`, want)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k, r string
		if err := rows.Scan(&k, &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, k+" "+r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// After /mentor forget, no answer the bot keeps for redeliveries quotes
// the forgotten person: not the answers to their own commands, nor their
// partner's answers that quoted them.
func TestPrivacyForgetLeavesNoKeptAnswerQuotingThem(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.goalAdd(bob, "Wombat talk at the meetup by 2026-12-15")
	e.cmd(bob, "/goal", "progress 1 40% wombat slides drafted")
	e.cmd(bob, "/mentor", "agenda Wombat agenda item")
	e.cmd(bob, "/session", "log Wombat session notes todo: wombat todo")
	e.cmd(alice, "/mentor", "agenda Alice's item")
	e.cmd(alice, "/session", "log Alice's notes")
	e.cmd(bob, "/mentor", "feedback <@UALICE|alice> Thanks for the wombat tips")
	e.settle()
	if len(deliveryRows(t, e.cfg.DB, "wombat")) == 0 {
		t.Fatal("no kept answer quotes bob before forget: the test seeds nothing")
	}

	m := pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	pgWait(e, bob, "1 piece of feedback")
	e.settle()
	if rows := deliveryRows(t, e.cfg.DB, "wombat"); len(rows) > 0 {
		t.Errorf("kept answers still quote bob after forget:\n%s", strings.Join(rows, "\n"))
	}
}

// The buttons offered after a good-fit "no" (tell an admin, keep going)
// work only for someone whose answer for the live pair is "no": not from
// an old message after the pair ended, nor pressed (forged) without that
// answer; and a refusal tells the admins nothing.
func TestPrivacyFitFollowUpsNeedALiveNo(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	e.settle() // the welcome DMs go out before the presses
	id := strconv.FormatInt(p.ID, 10)
	adminNotes := func() int { return len(e.dms(dana, "good fit")) + len(e.dms(erin, "good fit")) }
	fit := func(q store.Pair, answer string) {
		t.Helper()
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: q.ID, Kind: store.FeedbackFit, Fit: answer}); err != nil {
			t.Fatal(err)
		}
	}

	// No answer yet, then a "yes" (in another pair of bob's, as a pair
	// has one answer): both buttons are refused.
	other, err := e.app.DB.CreatePair(e.ctx, dana, carol, bob)
	if err != nil {
		t.Fatal(err)
	}
	e.settle()
	for _, c := range []struct {
		pair   store.Pair
		answer string
	}{{p, ""}, {other, store.FitYes}} {
		if c.answer != "" {
			fit(c.pair, c.answer)
		}
		for _, act := range []string{"notify_fit_admin", "notify_fit_keep"} {
			if got := e.press(bob, act, strconv.FormatInt(c.pair.ID, 10)); !strings.Contains(got, "isn't your answer") || strings.Contains(got, "I've let the programme admins know") {
				t.Errorf("%s with answer %q = %q, want a refusal", act, c.answer, got)
			}
		}
	}
	e.settle()
	if n := adminNotes(); n != 0 {
		t.Fatalf("admins got %d good-fit notes without a \"no\"", n)
	}

	// After a "no", they work.
	fit(p, store.FitNo)
	// (Their answers replace the message the button was on, which a
	// pressed envelope without a message lacks: no refusal is the sign.)
	for _, act := range []string{"notify_fit_admin"} {
		if got := e.press(bob, act, id); strings.Contains(got, "isn't your answer") || strings.Contains(got, "ended") {
			t.Errorf("%s after a no = %q", act, got)
		}
	}
	e.settle()
	if n := adminNotes(); n == 0 {
		t.Fatal("tell an admin after a no told nobody")
	}
	before := adminNotes()

	// The pair ends: the old buttons no longer do anything.
	if got := e.cmd(alice, "/mentor", "end <@UBOB|bob>"); !strings.Contains(got, "ended") {
		t.Fatalf("ending the pair: %q", got)
	}
	e.settle()
	for _, act := range []string{"notify_fit_admin", "notify_fit_keep"} {
		if got := e.press(bob, act, id); !strings.Contains(got, "already ended") {
			t.Errorf("%s after the pair ended = %q, want a refusal", act, got)
		}
	}
	e.settle()
	if n := adminNotes(); n != before {
		t.Errorf("admins got %d more good-fit notes after the pair ended", n-before)
	}
}

// A due date more than five years ahead is no deadline: refused, in the
// command and in the form (new and edited goals), and nothing is stored
// or praised as SMART. Today is 2026-11-02, so 2031-11-02 is the latest.
func TestGoalDueMoreThanFiveYearsAheadIsRefused(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	for _, due := range []string{"9999-12-31", "2031-11-03"} {
		got := e.goalAdd(bob, "Learn everything by "+due)
		if !strings.Contains(got, "more than 5 years away") || !strings.Contains(got, "haven't added") || strings.Contains(got, "SMART goal") {
			t.Errorf("/goal add … by %s = %q, want a refusal", due, got)
		}
	}
	if n := len(e.goalsStored(bob)); n != 0 {
		t.Fatalf("%d goals stored with a due date years away", n)
	}
	if got := e.goalAdd(bob, "Become a staff engineer by 2031-11-02"); !strings.Contains(got, "Added goal *#") {
		t.Errorf("a goal due in exactly 5 years: %q", got)
	}

	// The form: a new goal, then an edit of the one above.
	e.cmd(bob, "/goal", "add")
	v := e.waitModal(bob, "goal_form")
	sub, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "Learn everything"},
		"goal_due":  {"due": "9999-12-31"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["goal_due"], "more than 5 years away") || sub.Closed {
		t.Errorf("form with 9999-12-31: errors %v, closed %v", sub.Errors, sub.Closed)
	}
	if err := e.sim.CloseView(ctx, bob, v.ID); err != nil {
		t.Fatal(err)
	}
	e.idle()
	e.cmd(bob, "/goal", "edit 1")
	v = e.waitModal(bob, "goal_form")
	sub, err = e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{
		"goal_text": {"text": "Become a staff engineer"},
		"goal_due":  {"due": "2040-01-01"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sub.Errors["goal_due"], "more than 5 years away") || sub.Closed {
		t.Errorf("edit form with 2040-01-01: errors %v, closed %v", sub.Errors, sub.Closed)
	}
	gs := e.goalsStored(bob)
	if len(gs) != 1 || gs[0].DueOn != "2031-11-02" {
		t.Errorf("goals after the refusals: %+v", gs)
	}
}

// Done on a goal that is done already (closed with /goal done meanwhile)
// replaces the message in place, as a Done that closes it does: no Done
// button is left behind.
func TestGoalDoneOnADoneGoalReplacesTheMessage(t *testing.T) {
	e := goalEnv(t)
	ctx := goalCtx(e)
	e.cmd(bob, "/goal", "")
	v := e.waitModal(bob, "goal_form")
	if _, err := e.sim.SubmitView(ctx, bob, v.ID, map[string]map[string]any{"goal_text": {"text": "Pass the CKA exam"}}); err != nil {
		t.Fatal(err)
	}
	dm := e.waitDM(bob, "Added goal *#1*")
	if !strings.Contains(blockText(dm.Blocks), "goal_done") {
		t.Fatalf("the confirmation has no Done button: %s", blockText(dm.Blocks))
	}
	if got := e.cmd(bob, "/goal", "done 1"); !strings.Contains(got, "done") {
		t.Fatalf("/goal done 1 = %q", got)
	}
	if _, err := e.sim.ClickButton(ctx, bob, dm, "goal_done"); err != nil {
		t.Fatal(err)
	}
	replaced, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.Channel == dm.Channel && m.TS == dm.TS && contains(m, "already done")
	})
	if err != nil {
		t.Fatalf("the DM was not replaced: %v\n%s", err, e.describeDMs(bob))
	}
	if strings.Contains(blockText(replaced.Blocks), "goal_done") {
		t.Errorf("the replaced DM still has a Done button: %s", blockText(replaced.Blocks))
	}
	if g := e.goalStored(1); g.Status != store.GoalDone {
		t.Errorf("goal after the second Done: %+v", g)
	}
}

// A good-fit "no" passed on to the admins, at the member's request, is
// their answer in words: once they (or their partner) ask mentorbot to
// forget them, the admin's stored copy of that DM goes too, as the answer
// itself does, and the admin's /mentor export no longer quotes it.
func TestPrivacyForgetBlanksTheAdminsCopyOfAGoodFitNo(t *testing.T) {
	for _, forgetter := range []string{bob, alice} {
		t.Run(forgetter, func(t *testing.T) {
			e := newEnv(t)
			p := pgPair(e)
			e.settle()
			if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
				t.Fatal(err)
			}
			e.press(bob, "notify_fit_admin", strconv.FormatInt(p.ID, 10))
			e.waitDM(dana, "good fit")
			e.settle()
			quotes := func() []string {
				t.Helper()
				ex, err := e.app.DB.ExportUser(e.ctx, dana)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, n := range ex.Sent {
					if strings.Contains(n.Text, "good fit") {
						out = append(out, n.Text)
					}
				}
				return out
			}
			if len(quotes()) == 0 {
				t.Fatal("the admin's export lacks the good-fit note before forget: the test seeds nothing")
			}
			m := pgForgetMessage(e, forgetter)
			pgClick(e, forgetter, m, "forget_confirm")
			pgWait(e, forgetter, "your data is deleted")
			e.settle()
			if q := quotes(); len(q) > 0 {
				t.Errorf("after %s's forget, the admin's export still says:\n%s", forgetter, strings.Join(q, "\n"))
			}
		})
	}
}
