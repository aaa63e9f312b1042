package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// matchPair makes a pair through a published, accepted proposal.
func matchPair(t *testing.T, db *store.DB, mentor, mentee string) store.Pair {
	t.Helper()
	ctx := context.Background()
	join(t, db, mentor, store.RoleMentor, 1, "go")
	join(t, db, mentee, store.RoleMentee, 1, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: mentor, MenteeID: mentee}})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 {
		t.Fatalf("publish: %v, %v", pub, err)
	}
	answerProposal(ctx, db, mentor, pub[0].ID, true)
	a, err := answerProposal(ctx, db, mentee, pub[0].ID, true)
	if err != nil || !a.Paired {
		t.Fatalf("accept: %+v, %v", a, err)
	}
	return a.Pair
}

func TestCohortStartRules(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	if _, err := db.CurrentCohort(ctx); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("no cohort: err = %v, want not found", err)
	}
	for _, c := range []struct{ name, from, to string }{
		{"", "2026-11-02", "2027-01-01"},
		{"X", "2026-11-02", "2026-11-02"},
		{"X", "2026-11-02", "01/01/2027"},
	} {
		if _, err := startCohort(ctx, db, "UADMIN", c.name, c.from, c.to); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("startCohort(%q, %s, %s): err = %v, want invalid", c.name, c.from, c.to, err)
		}
	}
	c, err := startCohort(ctx, db, "UADMIN", "  Spring   2027 ", "2026-11-02", "2027-03-31")
	if err != nil || c.Name != "Spring 2027" {
		t.Fatalf("start: %+v, %v", c, err)
	}
	if _, err := startCohort(ctx, db, "UADMIN", "Other", "2026-11-02", "2027-03-31"); store.ErrorCode(err) != store.EConflict {
		t.Errorf("second active cohort: err = %v, want conflict", err)
	}
	if _, err := endCohort(ctx, db, "UADMIN", c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := startCohort(ctx, db, "UADMIN", "spring 2027", "2026-11-02", "2027-03-31"); store.ErrorCode(err) != store.EConflict {
		t.Errorf("reused name: err = %v, want conflict", err)
	}
	if _, err := endCohort(ctx, db, "UADMIN", c.ID); store.ErrorCode(err) != store.EConflict {
		t.Errorf("ending twice: err = %v, want conflict", err)
	}
}

func TestCohortEndKeepsOnlyPairsWhereBothContinue(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	// A pair made before the cohort stays outside it.
	outside := matchPair(t, db, "UO1", "UO2")
	c, err := startCohort(ctx, db, "UADMIN", "Spring", "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	keep := matchPair(t, db, "UA", "UB")
	end := matchPair(t, db, "UC", "UD")
	silent := matchPair(t, db, "UE", "UF")
	for _, p := range []store.Pair{keep, end, silent} {
		if p.CohortID != c.ID {
			t.Fatalf("pair %d cohort %d, want %d", p.ID, p.CohortID, c.ID)
		}
	}
	if outside.CohortID != 0 {
		t.Errorf("pair made before the cohort joined it")
	}
	if _, err := db.Enqueue(ctx, store.Notification{Key: "checkin:end", Kind: "checkin", RecipientID: "UC", PairID: end.ID}); err != nil {
		t.Fatal(err)
	}
	asked, err := askCohortClose(ctx, db, "UADMIN", c.ID)
	if err != nil || len(asked) != 3 {
		t.Fatalf("ask: %v, %v", asked, err)
	}
	if again, _ := askCohortClose(ctx, db, "UADMIN", c.ID); len(again) != 0 {
		t.Errorf("asking again made %d new questions", len(again))
	}
	// A pair made after the question went out does not join the cohort.
	if late := matchPair(t, db, "UG", "UH"); late.CohortID != 0 {
		t.Errorf("pair made while closing joined the cohort")
	}
	q := map[int64]int64{}
	for _, a := range asked {
		for _, p := range []store.Pair{keep, end, silent} {
			if a.MentorID == p.MentorID {
				q[p.ID] = a.ID
			}
		}
	}
	if _, err := db.AnswerClosing(ctx, "UC", q[keep.ID], true); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("outsider answer: err = %v, want not found", err)
	}
	steps := []struct {
		user string
		pair store.Pair
		cont bool
	}{
		{"UA", keep, true}, {"UB", keep, false}, {"UB", keep, true}, // a change of mind
		{"UC", end, true}, {"UD", end, false},
		{"UE", silent, true},
	}
	for _, s := range steps {
		if _, err := db.AnswerClosing(ctx, s.user, q[s.pair.ID], s.cont); err != nil {
			t.Fatalf("%s answers: %v", s.user, err)
		}
	}
	st, err := db.CohortStatus(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cont, ending, open := st.Tally(); cont != 1 || ending != 1 || open != 1 {
		t.Errorf("tally = %d continue, %d end, %d open; want 1, 1, 1", cont, ending, open)
	}
	e, err := endCohort(ctx, db, "UADMIN", c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Continuing) != 1 || e.Continuing[0].ID != keep.ID || len(e.Ended) != 2 {
		t.Fatalf("end: continuing %v, ended %v", e.Continuing, e.Ended)
	}
	for id, live := range map[int64]bool{keep.ID: true, end.ID: false, silent.ID: false, outside.ID: true} {
		if p, _ := db.LoadPair(ctx, id); p.Live() != live {
			t.Errorf("pair %d live = %v, want %v", id, p.Live(), live)
		}
	}
	n, _ := db.Notification(ctx, "checkin:end")
	if n.Status != store.NoteCancelled {
		t.Errorf("notification of an ended pair is %s, want cancelled", n.Status)
	}
	if _, err := db.AnswerClosing(ctx, "UA", q[keep.ID], false); store.ErrorCode(err) != store.EConflict {
		t.Errorf("answer after the end: err = %v, want conflict", err)
	}
	if _, err := db.CurrentCohort(ctx); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("current cohort after the end: err = %v", err)
	}
}

// A round reads its dates in the zone saved when it started; one saved
// without a zone reads them in the programme's default zone, not UTC.
func TestCohortTodayInItsZoneElseTheDefault(t *testing.T) {
	now := time.Date(2026, 11, 4, 5, 0, 0, 0, time.UTC) // Tue 21:00 in Los Angeles
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip(err)
	}
	for _, c := range []struct {
		tz   string
		def  *time.Location
		want string
	}{
		{"America/Los_Angeles", time.UTC, "2026-11-03"},
		{"", la, "2026-11-03"},
		{"", nil, "2026-11-04"},
		{"Asia/Tokyo", la, "2026-11-04"},
	} {
		if got := (store.Cohort{TZ: c.tz}).Today(now, c.def); got != c.want {
			t.Errorf("Today with zone %q, default %v = %s, want %s", c.tz, c.def, got, c.want)
		}
	}
}
