package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A mentor with two places is proposed two mentees; one pair is made and
// the other proposal is declined. The mentor still has a free place, and
// the decline's note tells them they're back in the pool: their sign-up
// must still be waiting, not settled as matched by the proposal that was
// open when the first pair was made. The same holds for someone who signed
// up as both, paired as a mentor while their proposal as a mentee was open.
func TestMatchSettlingCountsPairsNotOpenProposals(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 2, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	join(t, db, "UF", store.RoleMentee, 1, "go")
	join(t, db, "UB", store.RoleBoth, 1, "go")
	join(t, db, "UG", store.RoleMentee, 1, "go")
	join(t, db, "UN", store.RoleMentor, 1, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{
		{MentorID: "UM", MenteeID: "UE"}, {MentorID: "UM", MenteeID: "UF"}, // UM's two places
		{MentorID: "UB", MenteeID: "UG"}, {MentorID: "UN", MenteeID: "UB"}, // UB on both sides
	})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 4 {
		t.Fatalf("publish: %+v, %v", pub, err)
	}
	answer := func(user string, id int64, accept bool) {
		t.Helper()
		if _, err := db.AnswerProposal(ctx, user, id, accept); err != nil {
			t.Fatalf("%s answers %d: %v", user, id, err)
		}
	}
	answer("UM", pub[0].ID, true)
	answer("UE", pub[0].ID, true) // UM mentors UE; UF's proposal still open
	answer("UF", pub[1].ID, false)
	if s, _ := db.Signup(ctx, "UM"); s.Status != store.SignupWaiting {
		t.Errorf("mentor with a place free after a decline: sign-up %s, want waiting", s.Status)
	}
	pool, _ := db.MatchPool(ctx)
	found := false
	for _, s := range pool.Signups {
		if s.UserID == "UM" {
			found = true
			if pool.FreePlaces(s) != 1 {
				t.Errorf("UM has %d free places, want 1", pool.FreePlaces(s))
			}
		}
	}
	if !found {
		t.Errorf("UM is not in the pool after the decline, though told they are back in it")
	}
	if s, _ := db.Signup(ctx, "UF"); s.Status != store.SignupWaiting {
		t.Errorf("declining mentee: sign-up %s, want waiting", s.Status)
	}

	answer("UB", pub[2].ID, true)
	answer("UG", pub[2].ID, true) // UB mentors UG; UB's own mentor still open
	answer("UN", pub[3].ID, false)
	if s, _ := db.Signup(ctx, "UB"); s.Status != store.SignupWaiting {
		t.Errorf("both, still without a mentor after a decline: sign-up %s, want waiting", s.Status)
	}
	pool, _ = db.MatchPool(ctx)
	for _, s := range pool.Signups {
		if s.UserID == "UB" && !pool.NeedsMentor(s) {
			t.Errorf("UB does not need a mentor any more, though their proposal was declined")
		}
	}
	// Filled by pairs, a sign-up settles: UM takes a second mentee.
	round, _, _ = db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UB"}})
	pub, _, err = db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 {
		t.Fatalf("publish again: %+v, %v", pub, err)
	}
	answer("UM", pub[0].ID, true)
	answer("UB", pub[0].ID, true)
	for _, u := range []string{"UM", "UB"} {
		if s, _ := db.Signup(ctx, u); s.Status != store.SignupMatched {
			t.Errorf("%s, with every place filled by pairs: sign-up %s, want matched", u, s.Status)
		}
	}
}

// "/mentor topics add go, GO" names a listed topic twice over: the answer
// says it is on the list once, not "Go, Go".
func TestAddTopicsNamesAnExistingTopicOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	if _, _, err := db.AddTopics(ctx, "UADMIN", []string{"Go"}); err != nil {
		t.Fatal(err)
	}
	added, existing, err := db.AddTopics(ctx, "UADMIN", []string{"go", "GO", "Rust"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(added, []string{"Rust"}) || !slices.Equal(existing, []string{"Go"}) {
		t.Errorf("added %q, existing %q; want [Rust] and [Go]", added, existing)
	}
}

// A session logged in Tokyo in the early morning is held on a day that
// has not begun in UTC. It is one of the sessions logged, and the
// report's windows count it as held, and its pair as one that met, at
// once, not once UTC reaches that day.
func TestProgrammeReportCountsASessionHeldAheadOfUTC(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	clk.Advance(9 * time.Hour) // 18:00 UTC: 03:00 the next day in Tokyo
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	held := clk.Now().In(tokyo).Format(time.DateOnly)
	if held == clk.Now().UTC().Format(time.DateOnly) {
		t.Fatalf("the test needs a day ahead of UTC, got %s", held)
	}
	if _, err := db.LogSession(ctx, "UE", store.NewSession{PairID: p.ID, HeldOn: held, Notes: "x"}); err != nil {
		t.Fatal(err)
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SessionsLogged != 1 {
		t.Fatalf("sessions logged = %d, want 1", rep.SessionsLogged)
	}
	for _, w := range rep.Windows {
		if w.Held != 1 || w.ActivePairs != 1 {
			t.Errorf("last %d days: %d held by %d pairs, want 1 by 1", w.Days, w.Held, w.ActivePairs)
		}
	}
}

// A meeting off the schedule that both members log for the same day was
// held once; the sessions logged stay two, and a log of another day is
// another meeting.
func TestProgrammeReportCountsAMeetingBothLoggedOnce(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	today := clk.Now().UTC().Format(time.DateOnly)
	yesterday := clk.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	for _, s := range []struct{ who, day string }{{"UE", today}, {"UM", today}, {"UM", yesterday}} {
		if _, err := db.LogSession(ctx, s.who, store.NewSession{PairID: p.ID, HeldOn: s.day, Notes: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := db.ProgrammeReport(ctx, clk.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SessionsLogged != 3 {
		t.Errorf("sessions logged = %d, want 3", rep.SessionsLogged)
	}
	for _, w := range rep.Windows {
		if w.Held != 2 {
			t.Errorf("last %d days: %d meetings held, want 2", w.Days, w.Held)
		}
	}
}
