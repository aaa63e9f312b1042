package store_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// privacyFixture: mentor UM and mentee UE are a pair with goals, sessions,
// to-dos, agenda and feedback; UX and UY are another pair with their own.
type privacyFixture struct {
	db       *store.DB
	p, other store.Pair
	goal     store.Goal
	sessE    store.Session // logged by the mentee
	sessM    store.Session // logged by the mentor
}

func newPrivacyFixture(t *testing.T) privacyFixture {
	t.Helper()
	ctx := context.Background()
	db, clk := MustOpen(t)
	f := privacyFixture{db: db}
	var err error
	if f.p, err = db.CreatePair(ctx, "UADMIN", "UM", "UE"); err != nil {
		t.Fatal(err)
	}
	if f.other, err = db.CreatePair(ctx, "UADMIN", "UX", "UY"); err != nil {
		t.Fatal(err)
	}
	f.goal = mustAddGoal(t, db, "UE", store.GoalInput{Text: "Mentee goal text", Measure: "two talks", DueOn: "2027-01-31"})
	if _, _, err := db.SetGoalProgress(ctx, "UE", f.goal.ID, 40, "progress note"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := commentGoal(ctx, db, "UM", f.goal.ID, "mentor comment"); err != nil {
		t.Fatal(err)
	}
	mustAddGoal(t, db, "UY", store.GoalInput{Text: "Other pair goal"})
	today := clk.Now().Format(time.DateOnly)
	if f.sessE, err = db.LogSession(ctx, "UE", store.NewSession{PairID: f.p.ID, HeldOn: today, Notes: "mentee notes",
		Todos: []store.NewTodo{{Text: "mentee todo"}, {OwnerID: "UM", Text: "mentor todo in mentee session"}}}); err != nil {
		t.Fatal(err)
	}
	if f.sessM, err = db.LogSession(ctx, "UM", store.NewSession{PairID: f.p.ID, HeldOn: today, Notes: "mentor notes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LogSession(ctx, "UX", store.NewSession{PairID: f.other.ID, HeldOn: today, Notes: "other pair notes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAgendaItem(ctx, "UE", f.p.ID, "mentee agenda", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAgendaItem(ctx, "UM", f.p.ID, "mentor agenda", time.Time{}); err != nil {
		t.Fatal(err)
	}
	rpRating(t, db, f.p, "UE", "UM", 5, clk.Now())
	rpRating(t, db, f.p, "UM", "UE", 4, clk.Now())
	rpRating(t, db, f.other, "UY", "UX", 3, clk.Now())
	if _, _, err := db.GiveFeedback(ctx, "UM", store.NewFeedback{PairID: f.p.ID, Kind: store.FeedbackFit, Fit: store.FitNo}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveSettings(ctx, "UE", store.Settings{RemindBefore: rpPtr("2h"), CheckinsOn: false, NudgesOn: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := saveSignup(ctx, db, "UE", store.Signup{Role: store.RoleMentee, Topics: []string{"public speaking"}, Cadence: "biweekly", Capacity: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProfile(ctx, store.Profile{ID: "UE", Name: "eve", RealName: "Eve Example", TZ: "Europe/Paris"}, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func rpPtr[T any](v T) *T { return &v }

// sendNote stores a notification to user and marks it sent.
func sendNote(t *testing.T, db *store.DB, key, user string, pairID int64, payload string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: user, PairID: pairID, Payload: payload}); err != nil {
		t.Fatal(err)
	}
	n, err := db.Notification(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, n.ID, "D"+user, "1.000001"); err != nil {
		t.Fatal(err)
	}
}

func TestExportHoldsOnlyThePersonsData(t *testing.T) {
	ctx := context.Background()
	f := newPrivacyFixture(t)
	sendNote(t, f.db, "intro:to=UE", "UE", f.p.ID, `{"text":"Welcome to mentoring, Eve"}`)
	sendNote(t, f.db, "intro:to=UY", "UY", f.other.ID, `{"text":"Welcome to mentoring, other pair"}`)
	if _, err := f.db.Enqueue(ctx, store.Notification{Key: "pending:to=UE", Kind: "checkin", RecipientID: "UE", DueAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	e, err := f.db.ExportUser(ctx, "UE")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(e)
	doc := string(raw)
	for _, want := range []string{"Mentee goal text", "progress note", "mentor comment", "mentee notes", "mentor notes", "mentee todo",
		"mentee agenda", "mentor agenda", "public speaking", `"reminder_lead_times":"2h"`, `"weekly_checkins":false`, "Eve Example", "Europe/Paris",
		"Welcome to mentoring, Eve"} {
		if !strings.Contains(doc, want) {
			t.Errorf("export of UE lacks %q: %s", want, doc)
		}
	}
	for _, not := range []string{"Other pair goal", "other pair notes", `"UX"`, `"UY"`, `"fit":"no"`, "other pair"} {
		if strings.Contains(doc, not) {
			t.Errorf("export of UE contains another pair's %q", not)
		}
	}
	if len(e.Pairs) != 1 || e.Pairs[0].Role != "mentee" || len(e.Goals) != 1 || len(e.Goals[0].History) != 1 ||
		len(e.Given) != 1 || len(e.Received) != 1 || len(e.Sessions) != 2 || len(e.Todos) != 2 || len(e.Sent) != 1 {
		t.Errorf("export counts = %v", e.Counts())
	}
	// Only what was sent counts, not what is still pending.
	if n := e.Sent[0]; n.Kind != "intro" || n.Pair != f.p.ID || n.SentAt.IsZero() || n.Text != "Welcome to mentoring, Eve" {
		t.Errorf("notification sent to UE = %+v", n)
	}
	// The mentor's export has the pair's shared history but not the
	// mentee's goals, which are the mentee's own.
	m, err := f.db.ExportUser(ctx, "UM")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Goals) != 0 || len(m.Comments) != 1 || len(m.Sessions) != 2 || m.Pairs[0].Role != "mentor" || len(m.Given) != 2 {
		t.Errorf("mentor export: goals %d, comments %d, sessions %d, given %d, pairs %+v", len(m.Goals), len(m.Comments), len(m.Sessions), len(m.Given), m.Pairs)
	}
	// Someone mentorbot has never seen gets an empty export, not an error.
	n, err := f.db.ExportUser(ctx, "UNOBODY")
	if err != nil || len(n.Pairs)+len(n.Goals)+len(n.Sessions) != 0 || !n.Settings.CheckinsOn {
		t.Errorf("export of a stranger = %+v, %v", n, err)
	}
}

func TestForgetDeletesOwnDataAndAnonymisesSharedHistory(t *testing.T) {
	ctx := context.Background()
	f := newPrivacyFixture(t)
	db := f.db
	sendNote(t, db, "intro:to=UE", "UE", f.p.ID, `{"text":"Welcome to mentoring, Eve"}`)
	// The mentor's copies of what the mentee wrote them, and a copy in
	// another pair, which forgetting UE leaves alone.
	sendNote(t, db, "feedback:to=UM", "UM", f.p.ID, `{"text":"Eve says: secret words for the mentor"}`)
	sendNote(t, db, "intro:to=UY", "UY", f.other.ID, `{"text":"Welcome to mentoring, other pair"}`)
	res, err := db.Forget(ctx, "UE", nil)
	if err != nil {
		t.Fatal(err)
	}
	// Two ratings count; UM's good-fit answer about UE is deleted too but
	// not counted: UE never saw it.
	if len(res.Ended) != 1 || res.Ended[0].ID != f.p.ID || res.GoalsDeleted != 1 || res.SessionsAnonymised != 1 || res.FeedbackDeleted != 2 {
		t.Errorf("forget result = %+v", res)
	}
	if _, err := db.LoadGoal(ctx, f.goal.ID); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("goal after forget: err = %v, want not found", err)
	}
	p, err := db.LoadPair(ctx, f.p.ID)
	if err != nil || p.Live() || p.EndedBy != "UE" {
		t.Errorf("pair after forget = %+v, %v; want ended by UE", p, err)
	}
	// The mentor's own session stays; the mentee's notes are gone but the
	// fact that the pair met stays.
	ss, err := db.Sessions(ctx, "UM", f.p.ID, 0)
	if err != nil || len(ss) != 2 {
		t.Fatalf("sessions after forget = %v, %v", ss, err)
	}
	for _, s := range ss {
		switch s.ID {
		case f.sessE.ID:
			if s.Notes != "" || s.LoggedBy != "" {
				t.Errorf("mentee's session not anonymised: %+v", s)
			}
			if len(s.Todos) != 1 || s.Todos[0].Text != "mentor todo in mentee session" {
				t.Errorf("to-dos of the mentee's session = %+v; want only the mentor's", s.Todos)
			}
		case f.sessM.ID:
			if s.Notes != "mentor notes" || s.LoggedBy != "UM" {
				t.Errorf("mentor's session changed: %+v", s)
			}
		}
	}
	e, err := db.ExportUser(ctx, "UE")
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Goals) != 0 || len(e.Given) != 0 || len(e.Received) != 0 || e.Profile.RealName != "" || e.Settings.RemindBefore != nil || !e.Settings.CheckinsOn {
		t.Errorf("UE's export after forget = %+v", e)
	}
	raw, _ := json.Marshal(e)
	if e.Signup != nil {
		t.Errorf("matching sign-up survived forget: %+v", e.Signup)
	}
	for _, gone := range []string{"mentee notes", "mentee todo", "mentee agenda", "progress note", "Eve", "public speaking", "Welcome"} {
		if strings.Contains(string(raw), gone) {
			t.Errorf("after forget UE's data still holds %q", gone)
		}
	}
	m, err := db.ExportUser(ctx, "UM")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = json.Marshal(m)
	for _, kept := range []string{"mentor notes", "mentor agenda", "mentor todo in mentee session"} {
		if !strings.Contains(string(raw), kept) {
			t.Errorf("forgetting UE removed the mentor's %q", kept)
		}
	}
	if strings.Contains(string(raw), "mentor comment") {
		t.Errorf("the mentor's comment on a deleted goal survived")
	}
	if strings.Contains(string(raw), "secret words") {
		t.Errorf("the mentor's copy of what UE wrote survived forget: %s", raw)
	}
	if y, _ := db.ExportUser(ctx, "UY"); !strings.Contains(fmt.Sprint(y.Sent), "other pair") {
		t.Errorf("forgetting UE blanked another pair's copies: %+v", y.Sent)
	}
	// The other pair is untouched.
	o, err := db.ExportUser(ctx, "UY")
	if err != nil || len(o.Goals) != 1 || len(o.Given) != 1 || len(o.Sessions) != 1 || o.Pairs[0].Status != store.PairActive {
		t.Errorf("other pair after forget: %+v, %v", o, err)
	}
	// Forgetting twice is harmless.
	if res, err := db.Forget(ctx, "UE", nil); err != nil || len(res.Ended) != 0 || res.GoalsDeleted != 0 {
		t.Errorf("second forget = %+v, %v", res, err)
	}
}

// The DM that carried a mentoring request quotes its message; forgetting
// the requester blanks that copy too, not only the request.
func TestForgetBlanksTheCopyOfARequest(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for _, p := range []store.Profile{{ID: "UREQ", Name: "req"}, {ID: "UMENTOR", Name: "mentor"}} {
		if _, err := db.SaveProfile(ctx, p, nil); err != nil {
			t.Fatal(err)
		}
	}
	req, err := db.CreateRequest(ctx, "UREQ", "UMENTOR", "my secret reasons")
	if err != nil {
		t.Fatal(err)
	}
	sendNote(t, db, fmt.Sprintf("request:%d", req.ID), "UMENTOR", 0, `{"text":"UREQ asks: my secret reasons"}`)
	if _, err := db.Forget(ctx, "UREQ", nil); err != nil {
		t.Fatal(err)
	}
	e, err := db.ExportUser(ctx, "UMENTOR")
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := json.Marshal(e); strings.Contains(string(raw), "secret reasons") {
		t.Errorf("the mentor's copy of the request survived forget: %s", raw)
	}
}

// The numbers of what forget deleted are never given again: an old Done
// button, or a number someone remembered, must not name another pair's
// to-do, goal, agenda item or feedback.
func TestForgetGivesNoNumberAgain(t *testing.T) {
	ctx := context.Background()
	f := newPrivacyFixture(t)
	db := f.db
	lastGoal := mustAddGoal(t, db, "UE", store.GoalInput{Text: "the newest goal"})
	mine, err := db.LogSession(ctx, "UE", store.NewSession{PairID: f.p.ID, HeldOn: "2026-11-02", Todos: []store.NewTodo{{Text: "the newest to-do"}}})
	if err != nil {
		t.Fatal(err)
	}
	lastTodo := mine.Todos[0].ID
	lastItem, err := db.AddAgendaItem(ctx, "UE", f.p.ID, "the newest item", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	lastNote, _, err := db.GiveFeedback(ctx, "UE", store.NewFeedback{PairID: f.p.ID, Kind: store.FeedbackNote, Text: "the newest note"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}

	goal := mustAddGoal(t, db, "UY", store.GoalInput{Text: "another pair's goal"})
	theirs, err := db.LogSession(ctx, "UY", store.NewSession{PairID: f.other.ID, HeldOn: "2026-11-02", Todos: []store.NewTodo{{Text: "another pair's to-do"}}})
	if err != nil {
		t.Fatal(err)
	}
	item, err := db.AddAgendaItem(ctx, "UY", f.other.ID, "another pair's item", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	note, _, err := db.GiveFeedback(ctx, "UY", store.NewFeedback{PairID: f.other.ID, Kind: store.FeedbackNote, Text: "another pair's note"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what      string
		old, next int64
	}{{"goal", lastGoal.ID, goal.ID}, {"to-do", lastTodo, theirs.Todos[0].ID}, {"agenda item", lastItem.ID, item.ID}, {"feedback", lastNote.ID, note.ID}} {
		if c.next <= c.old {
			t.Errorf("the next %s after forget is #%d, not after the forgotten #%d", c.what, c.next, c.old)
		}
	}
}

// Migration 14 rebuilds the tables whose numbers people see. A goal's
// progress and comments refer to it, and would go with the old table if
// foreign keys were on while it is dropped: they stay, as do the numbers.
func TestRebuildingATableKeepsWhatRefersToIt(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UM", "UE"); err != nil {
		t.Fatal(err)
	}
	g := mustAddGoal(t, db, "UE", store.GoalInput{Text: "a goal"})
	if _, _, err := db.SetGoalProgress(ctx, "UE", g.ID, 40, "a note"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := commentGoal(ctx, db, "UM", g.ID, "a comment"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	// Back to schema 13: migrations 16, 17 and 18 added a column each,
	// and 19 a column, a table and an index, which they add again.
	for _, q := range []string{`ALTER TABLE proposals DROP COLUMN created_by`, `ALTER TABLE notifications DROP COLUMN planned_at`,
		`ALTER TABLE notifications DROP COLUMN refused`, `DROP INDEX feedback_open`, `DROP INDEX feedback_counted`, `ALTER TABLE feedback DROP COLUMN batch_id`, `DROP TABLE feedback_batches`, `ALTER TABLE sessions DROP COLUMN held_today`, `ALTER TABLE signups DROP COLUMN after_pair`, `ALTER TABLE pairs DROP COLUMN snoozed_at`, `DROP TABLE checkin_pairs`, `ALTER TABLE notifications DROP COLUMN lease_locked`, `DROP TABLE forgotten`, `ALTER TABLE cohorts DROP COLUMN tz`, `ALTER TABLE meeting_skips DROP COLUMN prompted_for`, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 13`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	if db, err = store.Open(ctx, path, store.Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.Goal(ctx, "UE", g.ID); err != nil || got.Text != "a goal" || got.Progress != 40 {
		t.Errorf("goal #%d after the migration = %+v, %v", g.ID, got, err)
	}
	if h, err := db.GoalProgress(ctx, "UE", g.ID); err != nil || len(h) != 1 || h[0].Note != "a note" {
		t.Errorf("progress after the migration = %+v, %v", h, err)
	}
	if c, err := db.GoalComments(ctx, "UE", g.ID); err != nil || len(c) != 1 {
		t.Errorf("comments after the migration = %+v, %v", c, err)
	}
	if on, err := db.ForeignKeysOnForTest(ctx); err != nil || !on {
		t.Errorf("foreign keys after the migration: on %v, %v", on, err)
	}
}

// Forget deletes the answers kept for the forgotten person's own commands
// and blanks every other kept answer, which may quote them: a redelivery
// of one of those then finds it taken on but not done, and is answered as
// an interrupted one rather than with what the forgotten person wrote.
func TestForgetClearsTheAnswersKeptForRedeliveries(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	if _, err := db.CreatePair(ctx, "UADMIN", mentor, mentee); err != nil {
		t.Fatal(err)
	}
	deliver := func(keys []string, user, reply string) {
		t.Helper()
		cctx, claim := store.WithClaim(ctx, keys)
		if err := db.RecordClaim(cctx); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishDelivery(ctx, keys, claim.Settle(), reply, user); err != nil {
			t.Fatal(err)
		}
	}
	own := []string{"envelope:EOWN", "trigger:TOWN"}
	partners := []string{"envelope:EPARTNER", "trigger:TPARTNER"}
	silent := []string{"envelope:ESILENT"}
	deliver(own, mentee, `{"text":"Added goal #1: Wombat talk"}`)
	deliver(partners, mentor, `{"text":"Agenda: Wombat agenda item"}`)
	deliver(silent, mentor, "")

	if _, err := db.Forget(ctx, mentee, nil); err != nil {
		t.Fatal(err)
	}
	var n int
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowForTest(ctx, `SELECT count(*) FROM deliveries WHERE reply LIKE '%Wombat%'`).Scan(&n)
	})
	if err != nil || n != 0 {
		t.Errorf("%d kept answers quote the forgotten person (%v)", n, err)
	}
	if _, found, _ := db.LookupDelivery(ctx, own); found {
		t.Error("the forgotten person's own delivery is still kept")
	}
	d, found, err := db.LookupDelivery(ctx, partners)
	if err != nil || !found || !d.DoneAt.IsZero() || d.Reply != "" {
		t.Errorf("partner's delivery after forget: %+v, found %v, %v; want kept as taken on, not done, no reply", d, found, err)
	}
	// An answer with nothing in it quotes nobody: left as it was.
	if d, found, _ := db.LookupDelivery(ctx, silent); !found || d.DoneAt.IsZero() {
		t.Errorf("a silent delivery after forget: %+v, found %v; want it done still", d, found)
	}
}

// An admin's copy of a good-fit "no" not sent yet when a member of the
// pair is forgotten is cancelled: blanking it would leave a planned row of
// a kind with no renderer, whose send fails for good.
func TestForgetCancelsAPendingFitAdminCopy(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	sentKey := fmt.Sprintf("fit-admin:pair=%d:from=UE:to=UADMIN", p.ID)
	sendNote(t, db, sentKey, "UADMIN", 0, `{"text":"UE said no: the reasons"}`)
	pendingKey := fmt.Sprintf("fit-admin:pair=%d:from=UE:to=UADMIN2", p.ID)
	if _, err := db.Enqueue(ctx, store.Notification{Key: pendingKey, Kind: "fit_admin", RecipientID: "UADMIN2",
		Payload: `{"text":"UE said no: the reasons"}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{sentKey, pendingKey} {
		n, err := db.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if n.Payload != "" {
			t.Errorf("%s after forget keeps its words: %q", key, n.Payload)
		}
		if n.Status == store.NotePending {
			t.Errorf("%s after forget is still pending, with nothing to send", key)
		}
	}
}

// An admin who ran /mentor match and then was forgotten is not named to
// the admin who presses a button on the review their round replaced.
func TestForgetDropsTheAuthorOfAMatchRound(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	draft := func(admin string) int64 {
		t.Helper()
		round, saved, err := db.SaveDraft(ctx, admin, []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
		if err != nil || len(saved) != 1 {
			t.Fatalf("draft by %s: %v, %v", admin, saved, err)
		}
		return round
	}
	roundA := draft("UADMINA")
	draft("UADMINB")
	if _, err := db.Forget(ctx, "UADMINB", nil); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.PublishRound(ctx, "UADMINA", roundA, nil)
	if store.ErrorCode(err) != store.EConflict {
		t.Fatalf("publish a replaced round: %v, want conflict", err)
	}
	if strings.Contains(err.Error(), "UADMINB") {
		t.Errorf("after UADMINB's forget, publishing the round they replaced names them: %q", err)
	}
}

// The export lists each proposal with the person's side and answer: a
// pair's closing question as such (open while the round runs, whatever
// the partner chose), and a published proposal left unanswered past
// ProposalTTL as lapsed.
func TestExportListsProposalsWithTheirAnswers(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	c, err := startCohort(ctx, db, "UADMIN", "Spring", "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	matchPair(t, db, "UM", "UE")
	asked, err := askCohortClose(ctx, db, "UADMIN", c.ID)
	if err != nil || len(asked) != 1 {
		t.Fatalf("ask: %v, %v", asked, err)
	}
	if _, err := db.AnswerClosing(ctx, "UE", asked[0].ID, false); err != nil {
		t.Fatal(err)
	}
	join(t, db, "UF", store.RoleMentee, 1, "go")
	if _, err := saveSignup(ctx, db, "UM", store.Signup{Role: store.RoleMentor, Cadence: "weekly", Capacity: 2, Topics: []string{"go"}}); err != nil {
		t.Fatal(err)
	}
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UF", Reasons: "both: go"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PublishRound(ctx, "UADMIN", round, nil); err != nil {
		t.Fatal(err)
	}
	clk.Advance(store.ProposalTTL + time.Hour)
	m, err := db.ExportUser(ctx, "UM")
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ kind, mentee, role, status, answer string }
	var got []row
	for _, ep := range m.Proposals {
		got = append(got, row{ep.Kind, ep.Mentee, ep.Role, ep.Status, ep.Answer})
	}
	want := []row{
		{"match", "UE", "mentor", "accepted", "accepted"},
		{"round_closing", "UE", "mentor", "proposed", "none"},
		{"match", "UF", "mentor", "lapsed", "none"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("UM's exported proposals = %v, want %v", got, want)
	}
	e, err := db.ExportUser(ctx, "UE")
	if err != nil || len(e.Proposals) != 2 || e.Proposals[1].Answer != "end" || e.Proposals[0].Role != "mentee" || e.Counts()["proposals"] != 2 {
		t.Errorf("UE's exported proposals = %+v, %v", e.Proposals, err)
	}
}

// A round's closing question shows in the export as Slack shows it: each
// person's own answer, and of the pair's outcome only whether both chose
// to continue. A partner who chose to end and one who never answered
// read the same.
func TestExportOfAClosingQuestionHidesThePartnersAnswer(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	c, err := startCohort(ctx, db, "UADMIN", "Spring", "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	matchPair(t, db, "UA", "UF") // UA continues, UF ends
	matchPair(t, db, "UB", "UG") // UB continues, UG never answers
	matchPair(t, db, "UC", "UH") // both continue
	asked, err := askCohortClose(ctx, db, "UADMIN", c.ID)
	if err != nil || len(asked) != 3 {
		t.Fatalf("ask: %v, %v", asked, err)
	}
	for _, a := range []struct {
		who  string
		q    int
		cont bool
	}{{"UA", 0, true}, {"UF", 0, false}, {"UB", 1, true}, {"UC", 2, true}, {"UH", 2, true}} {
		if _, err := db.AnswerClosing(ctx, a.who, asked[a.q].ID, a.cont); err != nil {
			t.Fatal(err)
		}
	}
	closing := func(user string) (status, answer string) {
		t.Helper()
		e, err := db.ExportUser(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range e.Proposals {
			if p.Kind == "round_closing" {
				return p.Status, p.Answer
			}
		}
		t.Fatalf("%s's export has no closing question: %+v", user, e.Proposals)
		return "", ""
	}
	check := func(when string, want map[string][2]string) {
		t.Helper()
		for _, u := range []string{"UA", "UF", "UB", "UG", "UC", "UH"} {
			if s, a := closing(u); [2]string{s, a} != want[u] {
				t.Errorf("%s, %s's closing question: status %q, answer %q; want %q", when, u, s, a, want[u])
			}
		}
	}
	check("while the round runs", map[string][2]string{
		"UA": {"proposed", "continue"}, "UF": {"proposed", "end"},
		"UB": {"proposed", "continue"}, "UG": {"proposed", "none"},
		"UC": {"accepted", "continue"}, "UH": {"accepted", "continue"},
	})
	if _, err := endCohort(ctx, db, "UADMIN", c.ID); err != nil {
		t.Fatal(err)
	}
	ended := "ended with the round"
	check("once the round closed", map[string][2]string{
		"UA": {ended, "continue"}, "UF": {ended, "end"},
		"UB": {ended, "continue"}, "UG": {ended, "none"},
		"UC": {"accepted", "continue"}, "UH": {"accepted", "continue"},
	})
}

// An admin's draft, and one dropped before it was published, are the
// admin's work, which the person never saw: not in the person's export.
func TestExportLeavesOutDraftProposals(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UF", store.RoleMentee, 1, "go")
	join(t, db, "UG", store.RoleMentee, 1, "go")
	if _, err := saveSignup(ctx, db, "UM", store.Signup{Role: store.RoleMentor, Cadence: "weekly", Capacity: 2, Topics: []string{"go"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UF", Reasons: "both: go"}}); err != nil {
		t.Fatal(err)
	}
	// A second draft replaces the first, which is dropped unpublished.
	if _, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UG", Reasons: "both: go"}}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UM", "UF", "UG"} {
		ex, err := db.ExportUser(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Proposals) != 0 {
			t.Errorf("%s's export lists an admin's drafts: %+v", u, ex.Proposals)
		}
	}
}
