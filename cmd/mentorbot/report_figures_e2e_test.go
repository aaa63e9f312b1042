package main

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// The programme report's figures checked against what happened, as an
// auditor who ran a programme for two months did: meetings held, quiet
// pairs, the feedback that waits and the admin's App Home.

// rfReport runs /mentor report as dana and returns its text and its CSV's
// figures, by "section/figure/period".
func rfReport(e *env) (string, map[string]string) {
	e.t.Helper()
	files := pgFilesNamed(e, dana, "mentorbot-report-")
	got := e.cmd(dana, "/mentor", "report")
	e.eventually("the report's CSV", func() bool { return pgFilesNamed(e, dana, "mentorbot-report-") == files+1 })
	var content []byte
	for _, f := range e.sim.FilesTo(dana) {
		if strings.HasPrefix(f.Name, "mentorbot-report-") {
			content = f.Content
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		e.t.Fatalf("the report's CSV: %v\n%s", err, content)
	}
	figures := map[string]string{}
	for _, r := range rows {
		figures[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	return got, figures
}

// rfHome is the programme's line of dana's App Home that starts with
// prefix, reopened now.
func rfHome(e *env, prefix string) string {
	e.t.Helper()
	home := homeText(homeOpen(e, dana, func(s string) bool { return strings.Contains(s, "Programme at a glance") }))
	for _, l := range strings.Split(home, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	e.t.Fatalf("dana's Home has no line %q:\n%s", prefix, home)
	return ""
}

// The audit's finding: alice logs the meeting she and bob had, and bob
// logs it too the same day; his session has no meeting, as hers took it.
// One meeting was held: the report, its CSV and the Home said two.
func TestReportCountsAMeetingBothLoggedOnceWhenOnlyOneSessionHasIt(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(utc(2026, 12, 7, 0, 0))
	e.pair(alice, bob)
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> 2026-12-08 15:00"); !strings.Contains(got, "15:00") {
		t.Fatalf("meet: %q", got)
	}
	e.advance(40 * time.Hour)
	if got := e.cmd(alice, "/session", "log <@UBOB> we met"); !strings.Contains(got, "Logged session *#1*") || !strings.Contains(got, "your meeting of") || !strings.Contains(got, "Tue 8 Dec 2026") {
		t.Fatalf("alice's log: %q", got)
	}
	if got := e.cmd(bob, "/session", "log <@UALICE> we met, my notes"); !strings.Contains(got, "Logged session *#2*") || !strings.Contains(got, "Tue 8 Dec 2026") || strings.Contains(got, "your meeting of") {
		t.Fatalf("bob's log: %q", got)
	}
	got, figures := rfReport(e)
	for _, want := range []string{"last 30 days: *1 held* (meetings with a session logged)", "last 90 days: *1 held*", "· 1 pair met", "*Sessions logged:* 2 in all"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	for k, want := range map[string]string{"meetings/held/last 30 days": "1", "meetings/held/last 90 days": "1", "sessions/logged/all time": "2"} {
		if figures[k] != want {
			t.Errorf("CSV %s = %q, want %q", k, figures[k], want)
		}
	}
	if l := rfHome(e, "*Meetings, last 30 days:*"); !strings.HasPrefix(l, "*Meetings, last 30 days:* 1 held (logged)") {
		t.Errorf("dana's Home: %q", l)
	}
	pgNoFailures(e)
}

// The audit's finding: the report listed as quiet a monthly pair two
// hours before its meeting, and a pair that had resumed after a 36-day
// pause, where the scheduler nudged neither. The report's quiet pairs are
// those the nudge goes to.
func TestReportQuietPairsAreThoseTheNudgeGoesTo(t *testing.T) {
	e, _ := schedEnv(t)
	e.clock.Set(utc(2026, 12, 8, 15, 0))
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")   // never meets
	e.cmd(dana, "/mentor", "pair <@UERIN|erin> <@UCAROL|carol>") // meets monthly
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UDANA|dana>") // pauses for 36 days
	// 09:00 in Los Angeles, 17:00 UTC: the first meeting is on 7 Jan.
	if got := e.cmd(erin, "/mentor", "meet <@UCAROL> monthly first thu 09:00"); !strings.Contains(got, "Thu 7 Jan 2027") && !strings.Contains(got, "first Thursday") {
		t.Fatalf("erin's schedule: %q", got)
	}
	e.advance(24 * time.Hour)
	if got := e.cmd(carol, "/mentor", "pause <@UDANA|dana>"); !strings.Contains(strings.ToLower(got), "paus") {
		t.Fatalf("pause: %q", got)
	}
	pairOf := func(mentor, mentee string) store.Pair {
		t.Helper()
		ps, err := e.app.DB.PairsOf(e.ctx, mentee, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.MentorID == mentor {
				return p
			}
		}
		t.Fatalf("no pair of %s mentoring %s", mentor, mentee)
		return store.Pair{}
	}
	nudged := func(p store.Pair) bool {
		for key := range e.schedSent() {
			if strings.HasPrefix(key, "quiet_pair:pair="+itoa(p.ID)+":") {
				return true
			}
		}
		return false
	}
	ab, ec, cd := pairOf(alice, bob), pairOf(erin, carol), pairOf(carol, dana)
	line := func(mentor, mentee string) string {
		return "<@" + mentor + "> mentoring <@" + mentee + "> — quiet since"
	}

	// 7 Jan, 15:01: 30 days since the pairs began; erin and carol meet at 17:00.
	e.schedWalk(utc(2027, 1, 7, 15, 1))
	got, figures := rfReport(e)
	if !strings.Contains(got, "*Quiet pairs* (1) — 30 days with no meeting, scheduled or logged, and none in the week after") ||
		!strings.Contains(got, line(alice, bob)+" 8 Dec 2026") || strings.Contains(got, line(erin, carol)) {
		t.Errorf("two hours before erin and carol's meeting, the report's quiet pairs:\n%s", got)
	}
	if figures["quiet_pairs/count/now"] != "1" {
		t.Errorf("CSV quiet pairs = %q, want 1", figures["quiet_pairs/count/now"])
	}
	if !nudged(ab) || nudged(ec) {
		t.Errorf("quiet-pair nudges: alice and bob %v, erin and carol %v; want the first only", nudged(ab), nudged(ec))
	}

	// carol and dana resume on 14 Jan, 36 days after pausing.
	e.schedWalk(utc(2027, 1, 14, 15, 0))
	if got := e.cmd(carol, "/mentor", "resume <@UDANA|dana>"); !strings.Contains(strings.ToLower(got), "resum") {
		t.Fatalf("resume: %q", got)
	}
	for _, at := range []time.Time{utc(2027, 1, 15, 9, 0), utc(2027, 2, 12, 9, 0)} {
		e.schedWalk(at)
		got, _ := rfReport(e)
		if strings.Contains(got, line(carol, dana)) || nudged(cd) {
			t.Errorf("%s, after carol and dana resumed: nudged %v, the report's quiet pairs:\n%s", at.Format(time.DateOnly), nudged(cd), got)
		}
		if !strings.Contains(got, line(alice, bob)+" 8 Dec 2026") || strings.Contains(got, line(erin, carol)) {
			t.Errorf("%s, the report's quiet pairs:\n%s", at.Format(time.DateOnly), got)
		}
	}
	// 30 days after the resume, they are quiet, counted from it.
	e.schedWalk(utc(2027, 2, 13, 16, 0))
	if got, _ := rfReport(e); !strings.Contains(got, line(carol, dana)+" 14 Jan 2027") || !nudged(cd) {
		t.Errorf("30 days after the resume: nudged %v, the report's quiet pairs:\n%s", nudged(cd), got)
	}
	pgNoFailures(e)
}

// The audit's finding: three mentors and three mentees had rated, six
// people, and the report said the six ratings waited for a group
// "counted once it holds answers from 5 different people". The groups
// are per side, and the report says so. (How many answers or people each
// open group holds is not shown: that count would move by one person's
// answers, and drop by them at a /mentor forget.)
func TestReportSaysEachSidesFeedbackFillsAGroupOfItsOwn(t *testing.T) {
	e := newEnv(t)
	for i, who := range []string{"1", "2", "3"} {
		p, err := e.app.DB.CreatePair(e.ctx, dana, "UMENTOR"+who, "UMENTEE"+who)
		if err != nil {
			t.Fatal(err)
		}
		for _, from := range []string{p.MenteeID, p.MentorID} {
			if _, _, err := e.app.DB.GiveFeedback(e.ctx, from, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 4}); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			if _, _, err := e.app.DB.GiveFeedback(e.ctx, p.MenteeID, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: store.FitYes}); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, figures := rfReport(e)
	for _, want := range []string{"mentees' ratings, mentors' ratings and good-fit answers each fill groups of their own",
		"• all ratings: none counted yet",
		"• Answers not yet in a full group are counted nowhere, and how many there are isn't shown either"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"wait for the next group", "6 ratings", "3 of 5"} {
		if strings.Contains(got, not) {
			t.Errorf("the report says %q:\n%s", not, got)
		}
	}
	for k, v := range figures {
		if strings.HasSuffix(k, "_waiting/now") || k == "feedback/raters/all time" || k == "feedback/ratings/all time" {
			t.Errorf("CSV %s = %q: a count of answers outside a closed group", k, v)
		}
	}
	if figures["feedback/all_ratings_answers/all time"] != "" {
		t.Errorf("CSV all_ratings_answers = %q, want none counted yet", figures["feedback/all_ratings_answers/all time"])
	}
	pgNoFailures(e)
}

// The audit's finding: the report showed a good-fit figure while the
// admin's Home said of feedback "none counted yet". The Home shows the
// good-fit figure as the report does.
func TestAdminHomeShowsTheReportsGoodFitFigure(t *testing.T) {
	e := newEnv(t)
	fit := func(mentor, mentee, answer string) {
		t.Helper()
		p, err := e.app.DB.CreatePair(e.ctx, dana, mentor, mentee)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, mentee, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackFit, Fit: answer}); err != nil {
			t.Fatal(err)
		}
	}
	// One mentee in three pairs answers yes, not sure and no; four more
	// answer yes: 5 yes, 1 not sure, 1 no from 5 people.
	fit("UMENTORA", "UMENTEE1", store.FitYes)
	fit("UMENTORB", "UMENTEE1", store.FitUnsure)
	fit("UMENTORC", "UMENTEE1", store.FitNo)
	for _, who := range []string{"2", "3", "4", "5"} {
		fit("UMENTOR"+who, "UMENTEE"+who, store.FitYes)
	}
	const figure = "good fit: 5 yes · 1 not sure · 1 no (from 5 people)"
	if got, _ := rfReport(e); !strings.Contains(got, "• "+figure) {
		t.Fatalf("the report lacks %q:\n%s", figure, got)
	}
	l := rfHome(e, "*Feedback:*")
	if !strings.Contains(l, figure) || !strings.Contains(l, "ratings: none counted yet") {
		t.Errorf("dana's Home: %q, want the report's %q and no ratings counted", l, figure)
	}
	pgNoFailures(e)
}

// feedbackFigures is every feedback figure dana reads: the lines of the
// report's feedback section, every feedback row of its CSV (value and
// note) and the feedback line of her Home.
func feedbackFigures(e *env) []string {
	e.t.Helper()
	files := pgFilesNamed(e, dana, "mentorbot-report-")
	var out []string
	in := false
	for _, l := range strings.Split(e.cmd(dana, "/mentor", "report"), "\n") {
		switch {
		case strings.HasPrefix(l, "*Feedback*"):
			in = true
		case strings.HasPrefix(l, "*Quiet pairs*"):
			in = false
		}
		if in {
			out = append(out, "report "+l)
		}
	}
	e.eventually("the report's CSV", func() bool { return pgFilesNamed(e, dana, "mentorbot-report-") == files+1 })
	var content []byte
	for _, f := range e.sim.FilesTo(dana) {
		if strings.HasPrefix(f.Name, "mentorbot-report-") {
			content = f.Content
		}
	}
	rows, err := csv.NewReader(bytes.NewReader(content)).ReadAll()
	if err != nil {
		e.t.Fatalf("the report's CSV: %v\n%s", err, content)
	}
	for _, r := range rows {
		if r[0] == "feedback" {
			out = append(out, "csv "+strings.Join(r, ","))
		}
	}
	out = append(out, "home "+rfHome(e, "*Feedback:*"))
	return out
}

// The audit's finding: five mentees rated (1 to 5) and answered the
// good-fit check; bob asked to be forgotten. The report's message kept
// "5 answers from 5 people", but its CSV dropped to "ratings,4" and
// "raters,4" beside "all_ratings_answers,5": the file contradicted itself,
// and the drop was bob's answers. Every feedback figure sums closed groups,
// which keep their totals after a forget, and how many answers wait for a
// group is not shown: that number would drop by the answers of whoever
// is forgotten (bob's second rating, alice's one as a mentor here).
func TestReportFeedbackDoesNotMoveWhenSomeoneIsForgotten(t *testing.T) {
	e := newEnv(t)
	pairs := map[string]store.Pair{}
	for _, pr := range [][2]string{{alice, bob}, {alice, carol}, {alice, dana}, {erin, "UFARID"}, {erin, "UGUS"}} {
		p, err := e.app.DB.CreatePair(e.ctx, dana, pr[0], pr[1])
		if err != nil {
			t.Fatal(err)
		}
		pairs[pr[1]] = p
	}
	give := func(from, mentee string, in store.NewFeedback) {
		t.Helper()
		in.PairID = pairs[mentee].ID
		if _, _, err := e.app.DB.GiveFeedback(e.ctx, from, in); err != nil {
			t.Fatal(err)
		}
	}
	for i, mentee := range []string{bob, carol, dana, "UFARID", "UGUS"} {
		give(mentee, mentee, store.NewFeedback{Kind: store.FeedbackFit, Fit: store.FitYes})
		give(mentee, mentee, store.NewFeedback{Kind: store.FeedbackRating, Rating: i + 1})
	}
	// Answers no group counts yet: bob's second rating, and alice's as
	// bob's mentor.
	give(bob, bob, store.NewFeedback{Kind: store.FeedbackRating, Rating: 5})
	give(alice, bob, store.NewFeedback{Kind: store.FeedbackRating, Rating: 4})
	e.settle()

	before := feedbackFigures(e)
	for _, want := range []string{"report • all ratings: *3.0* / 5 (5 answers from 5 people)",
		"report • good fit: 5 yes · 0 not sure · 0 no (from 5 people)",
		"csv feedback,all_ratings_answers,all time,5,counted so far"} {
		if !slices.Contains(before, want) {
			t.Errorf("the feedback figures lack %q:\n%s", want, strings.Join(before, "\n"))
		}
	}
	// Nothing shown counts the answers themselves: no line may move with
	// one person's answers, as a count of the answers waiting would.
	for _, l := range before {
		for _, not := range []string{",ratings,", ",raters,", "_waiting,", "7 ratings", "2 ratings", "of 5 people so far"} {
			if strings.Contains(l, not) {
				t.Errorf("a feedback line counts answers outside a closed group (%q): %q", not, l)
			}
		}
	}

	pgForget(e, bob)
	e.settle()
	if n := queryInt(t, e.cfg.DB, `SELECT count(*) FROM feedback WHERE from_id = 'UBOB' OR to_id = 'UBOB'`); n != 0 {
		t.Fatalf("%d answers by or about bob after his forget", n)
	}
	if after := feedbackFigures(e); !slices.Equal(after, before) {
		t.Errorf("bob's forget moved the feedback figures:\nbefore:\n%s\nafter:\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
	pgNoFailures(e)
}
