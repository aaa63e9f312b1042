package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

const (
	gMentor   = "UMENTOR"
	gMentee   = "UMENTEE"
	gOutsider = "UOUTSIDER"
)

// goalFixture is a database with a live pair gMentor → gMentee.
func goalFixture(t *testing.T) (*store.DB, store.Pair, *clock.Fake) {
	t.Helper()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(context.Background(), "UADMIN", gMentor, gMentee)
	if err != nil {
		t.Fatal(err)
	}
	return db, p, clk
}

func mustAddGoal(t *testing.T, db *store.DB, owner string, in store.GoalInput) store.Goal {
	t.Helper()
	g, err := db.AddGoal(context.Background(), owner, in)
	if err != nil {
		t.Fatalf("add goal %+v: %v", in, err)
	}
	return g
}

func TestGoalAddAndRead(t *testing.T) {
	ctx := context.Background()
	db, _, _ := goalFixture(t)
	g := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "  Give 2 talks <!channel>  ", Measure: "slides published", Why: "visibility", DueOn: "2026-12-15"})
	if g.ID <= 0 || g.OwnerID != gMentee || g.Text != "Give 2 talks <!channel>" || g.Status != store.GoalOpen || g.Progress != 0 || g.DueOn != "2026-12-15" {
		t.Fatalf("added goal = %+v", g)
	}
	for _, who := range []string{gMentee, gMentor} {
		got, err := db.Goal(ctx, who, g.ID)
		if err != nil {
			t.Fatalf("%s reading goal: %v", who, err)
		}
		if got.Text != g.Text || got.Measure != "slides published" || got.Why != "visibility" || !got.CreatedAt.Equal(g.CreatedAt) {
			t.Errorf("%s read %+v, want %+v", who, got, g)
		}
	}
	// A stranger, and anyone asking for a goal that does not exist, get the
	// same answer.
	_, errStranger := db.Goal(ctx, gOutsider, g.ID)
	_, errMissing := db.Goal(ctx, gMentee, g.ID+100)
	if store.ErrorCode(errStranger) != store.ENotFound || store.ErrorCode(errMissing) != store.ENotFound {
		t.Fatalf("stranger: %v; missing: %v; want not found for both", errStranger, errMissing)
	}
	wantMsg := strings.ReplaceAll(store.ErrorMessage(errMissing), fmt.Sprintf("#%d", g.ID+100), fmt.Sprintf("#%d", g.ID))
	if store.ErrorMessage(errStranger) != wantMsg {
		t.Errorf("stranger's message %q differs from the missing goal's %q", store.ErrorMessage(errStranger), wantMsg)
	}
}

func TestGoalInputValidation(t *testing.T) {
	ctx := context.Background()
	db, _, _ := goalFixture(t)
	cases := []struct {
		name string
		in   store.GoalInput
		want string
	}{
		{"empty", store.GoalInput{Text: "   "}, "what the goal is"},
		{"long text", store.GoalInput{Text: strings.Repeat("x", store.MaxGoalText+1)}, "limit is 300"},
		{"long measure", store.GoalInput{Text: "ok", Measure: strings.Repeat("é", store.MaxGoalDetail+1)}, "limit is 1000"},
		{"long why", store.GoalInput{Text: "ok", Why: strings.Repeat("y", store.MaxGoalDetail+1)}, "limit is 1000"},
		{"bad date", store.GoalInput{Text: "ok", DueOn: "2026-13-01"}, "YYYY-MM-DD"},
		{"loose date", store.GoalInput{Text: "ok", DueOn: "2026-1-1"}, "YYYY-MM-DD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := db.AddGoal(ctx, gMentee, c.in)
			if store.ErrorCode(err) != store.EInvalid || !strings.Contains(store.ErrorMessage(err), c.want) {
				t.Fatalf("err = %v, want invalid mentioning %q", err, c.want)
			}
		})
	}
	// Exactly at the limit is fine, counted in characters, not bytes.
	if _, err := db.AddGoal(ctx, gMentee, store.GoalInput{Text: strings.Repeat("ü", store.MaxGoalText)}); err != nil {
		t.Errorf("goal at the limit: %v", err)
	}
	gs, _ := db.Goals(ctx, gMentee, gMentee, true)
	if len(gs) != 1 {
		t.Errorf("after refusals: %d goals stored, want only the valid one", len(gs))
	}
}

func TestGoalListAccessAndOrder(t *testing.T) {
	ctx := context.Background()
	db, p, _ := goalFixture(t)
	undated := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "undated"})
	late := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "late", DueOn: "2027-03-01"})
	soon := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "soon", DueOn: "2026-11-20"})
	done := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "finished"})
	mustAddGoal(t, db, gOutsider, store.GoalInput{Text: "someone else's"})
	if _, err := db.CloseGoal(ctx, gMentee, done.ID, store.GoalDone); err != nil {
		t.Fatal(err)
	}

	ids := func(gs []store.Goal) []int64 {
		var out []int64
		for _, g := range gs {
			out = append(out, g.ID)
		}
		return out
	}
	open, err := db.Goals(ctx, gMentee, gMentee, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(open), []int64{soon.ID, late.ID, undated.ID}; !equalIDs(got, want) {
		t.Errorf("open goals %v, want %v (due soonest first, undated last)", got, want)
	}
	all, err := db.Goals(ctx, gMentor, gMentee, true)
	if err != nil {
		t.Fatalf("mentor listing mentee's goals: %v", err)
	}
	if got, want := ids(all), []int64{soon.ID, late.ID, undated.ID, done.ID}; !equalIDs(got, want) {
		t.Errorf("all goals %v, want %v (closed last)", got, want)
	}
	listed, counts, err := db.GoalList(ctx, gMentor, gMentee, false)
	if err != nil || counts[store.GoalOpen] != 3 || counts[store.GoalDone] != 1 {
		t.Errorf("counts = %v, %v; want 3 open, 1 done", counts, err)
	}
	if got, want := ids(listed), ids(open); !equalIDs(got, want) {
		t.Errorf("GoalList listed %v, want Goals' %v", got, want)
	}

	// The mentee cannot list the mentor's goals, nor an outsider anyone's.
	for _, c := range []struct{ actor, owner string }{{gMentee, gMentor}, {gOutsider, gMentee}, {gMentor, gOutsider}} {
		if _, err := db.Goals(ctx, c.actor, c.owner, false); store.ErrorCode(err) != store.EForbidden {
			t.Errorf("%s listing %s's goals: err = %v, want forbidden", c.actor, c.owner, err)
		}
		if _, _, err := db.GoalList(ctx, c.actor, c.owner, true); store.ErrorCode(err) != store.EForbidden {
			t.Errorf("%s counting %s's goals: err = %v, want forbidden", c.actor, c.owner, err)
		}
	}
	// The refusal is the same whether or not the person has goals.
	_, withGoals := db.Goals(ctx, gOutsider, gMentee, false)
	_, withoutGoals := db.Goals(ctx, gOutsider, "UNOBODY", false)
	if store.ErrorMessage(withGoals) != store.ErrorMessage(withoutGoals) {
		t.Errorf("refusals differ: %q vs %q", store.ErrorMessage(withGoals), store.ErrorMessage(withoutGoals))
	}

	// Once the pair has ended, the mentor no longer sees the goals.
	if _, err := db.EndPair(ctx, gMentee, p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Goals(ctx, gMentor, gMentee, false); store.ErrorCode(err) != store.EForbidden {
		t.Errorf("former mentor listing: err = %v, want forbidden", err)
	}
	if _, err := db.Goal(ctx, gMentor, soon.ID); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("former mentor reading: err = %v, want not found", err)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGoalChangesOnlyByOwner(t *testing.T) {
	ctx := context.Background()
	db, _, _ := goalFixture(t)
	g := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "ship the RFC", DueOn: "2026-12-01"})
	edit := store.GoalInput{Text: "hijacked"}

	// The mentor knows the goal exists but may not change it.
	for name, err := range map[string]error{
		"update":   second(db.UpdateGoal(ctx, gMentor, g.ID, edit)),
		"progress": third(db.SetGoalProgress(ctx, gMentor, g.ID, 50, "")),
		"done":     second(db.CloseGoal(ctx, gMentor, g.ID, store.GoalDone)),
		"drop":     second(db.CloseGoal(ctx, gMentor, g.ID, store.GoalDropped)),
	} {
		if store.ErrorCode(err) != store.EForbidden {
			t.Errorf("mentor %s: err = %v, want forbidden", name, err)
		}
	}
	// A stranger learns nothing.
	for name, err := range map[string]error{
		"update":   second(db.UpdateGoal(ctx, gOutsider, g.ID, edit)),
		"progress": third(db.SetGoalProgress(ctx, gOutsider, g.ID, 50, "")),
		"done":     second(db.CloseGoal(ctx, gOutsider, g.ID, store.GoalDone)),
		"comment":  fourth(commentGoal(ctx, db, gOutsider, g.ID, "hi")),
		"history":  second(db.GoalProgress(ctx, gOutsider, g.ID)),
		"comments": second(db.GoalComments(ctx, gOutsider, g.ID)),
	} {
		if store.ErrorCode(err) != store.ENotFound {
			t.Errorf("stranger %s: err = %v, want not found", name, err)
		}
	}
	got, err := db.Goal(ctx, gMentee, g.ID)
	if err != nil || got.Text != "ship the RFC" || got.Progress != 0 || got.Status != store.GoalOpen {
		t.Fatalf("after refused changes: %+v, %v; want it unchanged", got, err)
	}

	// The owner may.
	up, err := db.UpdateGoal(ctx, gMentee, g.ID, store.GoalInput{Text: "ship the RFC v2", Measure: "approved by 2 reviewers", DueOn: ""})
	if err != nil || up.Text != "ship the RFC v2" || up.DueOn != "" || up.Measure != "approved by 2 reviewers" {
		t.Fatalf("owner update = %+v, %v", up, err)
	}
	if got, _ := db.Goal(ctx, gMentor, g.ID); got.Text != "ship the RFC v2" || got.DueOn != "" {
		t.Errorf("stored after update: %+v", got)
	}
}

func second[A any](_ A, err error) error                 { return err }
func third[A, B any](_ A, _ B, err error) error          { return err }
func fourth[A, B, C any](_ A, _ B, _ C, err error) error { return err }

func TestGoalProgressHistoryAndClose(t *testing.T) {
	ctx := context.Background()
	db, _, clk := goalFixture(t)
	g := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "write 3 blog posts"})

	for _, pct := range []int{-1, 101} {
		if _, _, err := db.SetGoalProgress(ctx, gMentee, g.ID, pct, ""); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("progress %d: err = %v, want invalid", pct, err)
		}
	}
	if _, _, err := db.SetGoalProgress(ctx, gMentee, g.ID, 10, strings.Repeat("n", store.MaxGoalDetail+1)); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("over-long note: err = %v, want invalid", err)
	}
	got, before, err := db.SetGoalProgress(ctx, gMentee, g.ID, 30, " first draft ")
	if err != nil || got.Progress != 30 || before != 0 {
		t.Fatalf("progress 30: %+v, before %d, %v", got, before, err)
	}
	clk.Advance(24 * time.Hour)
	got, before, err = db.SetGoalProgress(ctx, gMentee, g.ID, 60, "")
	if err != nil || got.Progress != 60 || before != 30 {
		t.Fatalf("progress 60: %+v, before %d, %v", got, before, err)
	}
	// The same figure again, with no note, records nothing.
	if _, _, err := db.SetGoalProgress(ctx, gMentee, g.ID, 60, " "); store.ErrorCode(err) != store.EConflict {
		t.Errorf("progress 60 again: err = %v, want conflict", err)
	}
	hist, err := db.GoalProgress(ctx, gMentor, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[0].Percent != 30 || hist[0].Note != "first draft" || hist[0].ByUser != gMentee || hist[1].Percent != 60 || !hist[1].At.After(hist[0].At) {
		t.Fatalf("history = %+v", hist)
	}

	done, err := db.CloseGoal(ctx, gMentee, g.ID, store.GoalDone)
	if err != nil || done.Status != store.GoalDone || done.Progress != 100 || done.ClosedAt.IsZero() {
		t.Fatalf("done = %+v, %v", done, err)
	}
	if hist, _ := db.GoalProgress(ctx, gMentee, g.ID); len(hist) != 3 || hist[2].Percent != 100 {
		t.Errorf("history after done = %+v, want a 100%% entry", hist)
	}
	if _, err := db.CloseGoal(ctx, gMentee, g.ID, store.GoalDropped); store.ErrorCode(err) != store.EConflict {
		t.Errorf("dropping a done goal: err = %v, want conflict", err)
	}
	if _, _, err := db.SetGoalProgress(ctx, gMentee, g.ID, 50, ""); store.ErrorCode(err) != store.EConflict {
		t.Errorf("progress on a done goal: err = %v, want conflict", err)
	}
	if _, err := db.UpdateGoal(ctx, gMentee, g.ID, store.GoalInput{Text: "x"}); store.ErrorCode(err) != store.EConflict {
		t.Errorf("editing a done goal: err = %v, want conflict", err)
	}

	other := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "learn Rust"})
	if _, _, err := db.SetGoalProgress(ctx, gMentee, other.ID, 20, ""); err != nil {
		t.Fatal(err)
	}
	dropped, err := db.CloseGoal(ctx, gMentee, other.ID, store.GoalDropped)
	if err != nil || dropped.Status != store.GoalDropped || dropped.Progress != 20 {
		t.Fatalf("dropped = %+v, %v; want progress kept at 20", dropped, err)
	}
	if open, err := db.Goals(ctx, gMentee, gMentee, false); err != nil || len(open) != 0 {
		t.Errorf("open goals after closing both: %+v, %v", open, err)
	}

	// A goal closed with a note keeps the note in its history, at the
	// progress it had; an over-long note closes nothing.
	third := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "run a 10k"})
	if _, _, err := db.SetGoalProgress(ctx, gMentee, third.ID, 40, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := closeGoalWithNote(ctx, db, gMentee, third.ID, store.GoalDropped, strings.Repeat("n", store.MaxGoalDetail+1)); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("over-long note: err = %v, want invalid", err)
	}
	if g, _ := db.Goal(ctx, gMentee, third.ID); !g.Open() {
		t.Errorf("an over-long note closed the goal: %+v", g)
	}
	clk.Advance(time.Hour)
	dropped, err = closeGoalWithNote(ctx, db, gMentee, third.ID, store.GoalDropped, " Dropped: knee injury ")
	if err != nil || dropped.Status != store.GoalDropped || dropped.Progress != 40 {
		t.Fatalf("dropped with a note = %+v, %v", dropped, err)
	}
	hist, err = db.GoalProgress(ctx, gMentor, third.ID)
	if err != nil || len(hist) != 2 || hist[1].Percent != 40 || hist[1].Note != "Dropped: knee injury" {
		t.Errorf("history after a drop with a note = %+v, %v", hist, err)
	}
}

func TestGoalComments(t *testing.T) {
	ctx := context.Background()
	db, _, _ := goalFixture(t)
	// A second mentor for the same mentee.
	if _, err := db.CreatePair(ctx, "UADMIN", "UMENTOR2", gMentee); err != nil {
		t.Fatal(err)
	}
	g := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "give a talk"})

	c, got, notify, err := commentGoal(ctx, db, gMentor, g.ID, "  Let's rehearse on Friday  ")
	if err != nil || c.Text != "Let's rehearse on Friday" || c.AuthorID != gMentor || got.ID != g.ID {
		t.Fatalf("mentor comment = %+v, %+v, %v", c, got, err)
	}
	if len(notify) != 1 || notify[0] != gMentee {
		t.Errorf("mentor's comment notifies %v, want the mentee", notify)
	}
	_, _, notify, err = commentGoal(ctx, db, gMentee, g.ID, "Thanks!")
	if err != nil || len(notify) != 2 || notify[0] != gMentor || notify[1] != "UMENTOR2" {
		t.Errorf("owner's comment notifies %v (%v), want both mentors", notify, err)
	}
	if _, _, _, err := commentGoal(ctx, db, gMentor, g.ID, "  "); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("empty comment: err = %v, want invalid", err)
	}
	if _, _, _, err := commentGoal(ctx, db, gMentor, g.ID, strings.Repeat("c", store.MaxGoalComment+1)); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("long comment: err = %v, want invalid", err)
	}
	// Comments are allowed on closed goals too ("congratulations!").
	if _, err := db.CloseGoal(ctx, gMentee, g.ID, store.GoalDone); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := commentGoal(ctx, db, gMentor, g.ID, "Congratulations!"); err != nil {
		t.Errorf("comment on a done goal: %v", err)
	}
	cs, err := db.GoalComments(ctx, gMentee, g.ID)
	if err != nil || len(cs) != 3 || cs[0].Text != "Let's rehearse on Friday" || cs[2].Text != "Congratulations!" {
		t.Errorf("comments = %+v, %v", cs, err)
	}
	mentors, err := db.GoalMentors(ctx, gMentee)
	if err != nil || len(mentors) != 2 {
		t.Errorf("mentors = %v, %v", mentors, err)
	}
}

func TestLoadGoalAndOverdue(t *testing.T) {
	ctx := context.Background()
	db, _, _ := goalFixture(t)
	a := mustAddGoal(t, db, gMentee, store.GoalInput{Text: "a", DueOn: "2026-11-10"})
	b := mustAddGoal(t, db, gOutsider, store.GoalInput{Text: "b", DueOn: "2026-11-05"})
	if g, err := db.LoadGoal(ctx, b.ID); err != nil || g.OwnerID != gOutsider {
		t.Errorf("LoadGoal = %+v, %v", g, err)
	}
	if _, err := db.LoadGoal(ctx, 999); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("LoadGoal of nothing: err = %v, want not found", err)
	}
	if !a.Overdue("2026-11-11") || a.Overdue("2026-11-10") {
		t.Errorf("Overdue is wrong around the due date")
	}
}

// A mentor's comment is read by the goal's owner and its author only; the
// owner's notes by all the owner's mentors.
func TestGoalCommentsAreForTheOwnerAndTheAuthor(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for _, m := range []string{"UM1", "UM2"} {
		if _, err := db.CreatePair(ctx, "UADMIN", m, "UE"); err != nil {
			t.Fatal(err)
		}
	}
	goal, err := db.AddGoal(ctx, "UE", store.GoalInput{Text: "Give a talk", DueOn: "2027-01-15"})
	if err != nil {
		t.Fatal(err)
	}
	g := goal.ID
	for _, c := range []struct{ by, text string }{{"UM1", "from m1"}, {"UM2", "from m2"}, {"UE", "from the mentee"}} {
		if _, _, _, err := commentGoal(ctx, db, c.by, g, c.text); err != nil {
			t.Fatal(err)
		}
	}
	for who, want := range map[string]string{"UE": "from m1|from m2|from the mentee", "UM1": "from m1|from the mentee", "UM2": "from m2|from the mentee"} {
		cs, err := db.GoalComments(ctx, who, g)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for i, c := range cs {
			if i > 0 {
				got += "|"
			}
			got += c.Text
		}
		if got != want {
			t.Errorf("%s reads %q, want %q", who, got, want)
		}
	}
}
