package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

func TestTopicList(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	added, existing, err := db.AddTopics(ctx, "UADMIN", []string{"System  design", "Go", "go"})
	if err != nil {
		t.Fatal(err)
	}
	// "go" after "Go" in the same call is the topic just added, not one
	// that was on the list already.
	if !slices.Equal(added, []string{"System design", "Go"}) || len(existing) != 0 {
		t.Errorf("added %q, existing %q", added, existing)
	}
	if _, _, err := db.AddTopics(ctx, "UADMIN", []string{"a,b"}); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("comma in a topic: err = %v, want invalid", err)
	}
	if _, _, err := db.AddTopics(ctx, "UADMIN", []string{"ok", strings.Repeat("x", store.MaxTopicLen+1)}); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("long topic: err = %v, want invalid", err)
	}
	list, _ := db.Topics(ctx)
	if !slices.Equal(list, []string{"Go", "System design"}) {
		t.Errorf("topics = %q (a failed add must add nothing)", list)
	}
	removed, unknown, err := db.RemoveTopics(ctx, "UADMIN", []string{"GO", "cooking"})
	if err != nil || !slices.Equal(removed, []string{"Go"}) || !slices.Equal(unknown, []string{"cooking"}) {
		t.Errorf("remove: %q, %q, %v", removed, unknown, err)
	}
	var many []string
	for i := 0; i < store.MaxTopics; i++ {
		many = append(many, "t"+strings.Repeat("i", i%50)+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	if _, _, err := db.AddTopics(ctx, "UADMIN", many); store.ErrorCode(err) != store.EInvalid {
		t.Errorf("overfull list: err = %v, want invalid", err)
	}
}

func TestJoinSignupValidationAndRejoin(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	bad := []store.Signup{
		{Role: "boss", Cadence: "weekly"},
		{Role: store.RoleMentee, Cadence: "daily"},
		{Role: store.RoleMentor, Cadence: "weekly", Capacity: 0},
		{Role: store.RoleMentor, Cadence: "weekly", Capacity: store.MaxCapacity + 1},
		{Role: store.RoleMentee, Cadence: "weekly", ManagerID: "UA"},
		{Role: store.RoleMentee, Cadence: "weekly", Topics: []string{strings.Repeat("x", 61)}},
	}
	for _, s := range bad {
		if _, err := db.SaveSignup(ctx, "UA", s); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("SaveSignup(%+v): err = %v, want invalid", s, err)
		}
	}
	if _, err := db.Signup(ctx, "UA"); store.ErrorCode(err) != store.ENotFound {
		t.Fatalf("invalid sign-ups stored something: %v", err)
	}
	s, err := db.SaveSignup(ctx, "UA", store.Signup{Role: store.RoleMentee, Cadence: "weekly", Capacity: 5, Topics: []string{" Go ", "go", "design"}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Capacity != 1 || !slices.Equal(s.Topics, []string{"Go", "design"}) || s.Status != store.SignupWaiting {
		t.Errorf("saved %+v", s)
	}
	got, err := db.Signup(ctx, "UA")
	if err != nil || !slices.Equal(got.Topics, s.Topics) || got.Cadence != "weekly" {
		t.Errorf("reloaded %+v, %v", got, err)
	}
	if _, err := db.LeaveMatching(ctx, "UA"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LeaveMatching(ctx, "UA"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("second leave: err = %v, want not found", err)
	}
	clk.Advance(time.Hour)
	if s, err = db.SaveSignup(ctx, "UA", store.Signup{Role: store.RoleBoth, Cadence: "monthly", Capacity: 2}); err != nil || s.Status != store.SignupWaiting {
		t.Fatalf("rejoin: %+v, %v", s, err)
	}
}

// join signs people up quickly.
func join(t *testing.T, db *store.DB, user, role string, capacity int, topics ...string) {
	t.Helper()
	if _, err := db.SaveSignup(context.Background(), user, store.Signup{Role: role, Cadence: "biweekly", Capacity: capacity, Topics: topics}); err != nil {
		t.Fatal(err)
	}
}

func TestMatchPoolCountsLoadServiceAndPastPairs(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	// An old pair, ended: avoided, but no load.
	old, _ := db.CreatePair(ctx, "UADMIN", "UM1", "UE9")
	db.EndPair(ctx, "UM1", old.ID)
	// A live pair of UM1 made before UE1 signed up: load, not service.
	db.CreatePair(ctx, "UADMIN", "UM1", "UE1")
	clk.Advance(time.Minute)
	join(t, db, "UM1", store.RoleMentor, 2, "go")
	join(t, db, "UE1", store.RoleMentee, 1, "go")
	if _, err := db.SaveSignup(ctx, "UE2", store.Signup{Role: store.RoleMentee, Cadence: "weekly", ManagerID: "UM1"}); err != nil {
		t.Fatal(err)
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pool.Signups) != 3 {
		t.Fatalf("pool has %d sign-ups, want 3", len(pool.Signups))
	}
	byID := map[string]store.Signup{}
	for _, s := range pool.Signups {
		byID[s.UserID] = s
	}
	if m1 := byID["UM1"]; pool.FreePlaces(m1) != 1 {
		t.Errorf("UM1 free places = %d, want 1 (capacity 2, one live pair)", pool.FreePlaces(m1))
	}
	if !pool.NeedsMentor(byID["UE1"]) {
		t.Errorf("UE1 counted as served by a pair made before they signed up")
	}
	if pool.Managers["UE2"] != "UM1" {
		t.Errorf("managers = %v", pool.Managers)
	}
	var avoid []string
	for _, a := range pool.Avoid {
		avoid = append(avoid, a.A+">"+a.B)
	}
	if !slices.Contains(avoid, "UM1>UE9") || !slices.Contains(avoid, "UM1>UE1") {
		t.Errorf("avoid = %v, want the past and live pairs", avoid)
	}
}

func TestMatchDraftPublishAcceptMakesOnePairInTheCohort(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	c, err := db.StartCohort(ctx, "UADMIN", "Spring", "2026-11-02", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	join(t, db, "UX", store.RoleMentee, 1, "go")
	round, saved, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
	if err != nil || round != 1 || len(saved) != 1 {
		t.Fatalf("draft: round %d, %v, %v", round, saved, err)
	}
	id := saved[0].ID
	if _, err := db.AnswerProposal(ctx, "UM", id, true); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("answering a draft: err = %v, want not found", err)
	}
	pub, skipped, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 || len(skipped) != 0 {
		t.Fatalf("publish: %v, %v, %v", pub, skipped, err)
	}
	if _, _, err := db.PublishRound(ctx, "UADMIN", round, nil); store.ErrorCode(err) != store.EConflict {
		t.Errorf("second publish: err = %v, want conflict", err)
	}
	if _, err := db.DropDraft(ctx, "UADMIN", id); store.ErrorCode(err) != store.EConflict {
		t.Errorf("drop after publish: err = %v, want conflict", err)
	}
	pool, _ := db.MatchPool(ctx)
	if pool.Open != 1 || pool.MentorLoad["UM"] != 1 || !pool.Served["UE"] {
		t.Errorf("open proposal not counted: open %d, load %v, served %v", pool.Open, pool.MentorLoad, pool.Served)
	}
	if _, err := db.AnswerProposal(ctx, "UX", id, true); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("outsider answer: err = %v, want not found", err)
	}
	a, err := db.AnswerProposal(ctx, "UE", id, true)
	if err != nil || a.Paired {
		t.Fatalf("first accept: %+v, %v", a, err)
	}
	if _, err := db.AnswerProposal(ctx, "UE", id, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("double accept: err = %v, want conflict", err)
	}
	a, err = db.AnswerProposal(ctx, "UM", id, true)
	if err != nil || !a.Paired || a.Pair.MentorID != "UM" || a.Pair.MenteeID != "UE" || a.Cohort.ID != c.ID {
		t.Fatalf("second accept: %+v, %v", a, err)
	}
	p, _ := db.LoadPair(ctx, a.Pair.ID)
	if p.CohortID != c.ID {
		t.Errorf("pair cohort = %d, want %d", p.CohortID, c.ID)
	}
	for _, u := range []string{"UM", "UE"} {
		if s, _ := db.Signup(ctx, u); s.Status != store.SignupMatched {
			t.Errorf("%s sign-up status = %s, want matched", u, s.Status)
		}
	}
	if _, err := db.AnswerProposal(ctx, "UM", id, false); store.ErrorCode(err) != store.EConflict {
		t.Errorf("decline after pairing: err = %v, want conflict", err)
	}
	if pairs, _ := db.AllPairs(ctx, true); len(pairs) != 1 {
		t.Errorf("%d pairs, want 1", len(pairs))
	}
}

func TestMatchDeclineAndDropAreNotProposedAgain(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 2, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	join(t, db, "UF", store.RoleMentee, 1, "go")
	round, saved, _ := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE"}, {MentorID: "UM", MenteeID: "UF"}})
	if _, err := db.DropDraft(ctx, "UADMIN", saved[1].ID); err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 {
		t.Fatalf("publish: %v, %v", pub, err)
	}
	a, err := db.AnswerProposal(ctx, "UE", pub[0].ID, false)
	if err != nil || a.Proposal.Status != store.ProposalDeclined {
		t.Fatalf("decline: %+v, %v", a, err)
	}
	if _, err := db.AnswerProposal(ctx, "UM", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("accept after decline: err = %v, want conflict", err)
	}
	pool, _ := db.MatchPool(ctx)
	if pool.Open != 0 || pool.MentorLoad["UM"] != 0 || pool.Served["UE"] {
		t.Errorf("declined proposal still holds people: %+v", pool)
	}
	declined := 0
	for _, av := range pool.Avoid {
		if av.Declined {
			declined++
		}
	}
	if declined != 2 {
		t.Errorf("avoid has %d declined or dropped pairs, want 2: %+v", declined, pool.Avoid)
	}
}

func TestMatchNewDraftReplacesUnpublishedOneAndPublishSkipsStalePairs(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	join(t, db, "UF", store.RoleMentee, 1, "go")
	r1, _, _ := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE"}})
	r2, _, _ := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE"}, {MentorID: "UM", MenteeID: "UF"}})
	if r2 <= r1 {
		t.Fatalf("rounds %d then %d", r1, r2)
	}
	if _, _, err := db.PublishRound(ctx, "UADMIN", r1, nil); store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "newer") {
		t.Errorf("publishing a replaced round: err = %v", err)
	}
	// UM has one place: the second pair no longer fits when published.
	pub, skipped, err := db.PublishRound(ctx, "UADMIN", r2, nil)
	if err != nil || len(pub) != 1 || len(skipped) != 1 || skipped[0].MenteeID != "UF" {
		t.Fatalf("publish: %v, skipped %v, %v", pub, skipped, err)
	}
	// UE leaves: their open proposal is dropped and reported.
	l, err := db.LeaveMatching(ctx, "UE")
	if err != nil || len(l.Dropped) != 1 || l.Dropped[0].MentorID != "UM" {
		t.Fatalf("leave: %+v, %v", l, err)
	}
	if _, err := db.AnswerProposal(ctx, "UM", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("accepting a dropped proposal: err = %v, want conflict", err)
	}
}

func TestMatchUnansweredProposalLapses(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	round, _, _ := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE"}})
	clk.Advance(10 * 24 * time.Hour) // published long after the draft: the wait counts from publishing
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AnswerProposal(ctx, "UM", pub[0].ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(store.ProposalTTL + time.Hour)
	pool, _ := db.MatchPool(ctx)
	if pool.Open != 0 || pool.MentorLoad["UM"] != 0 || pool.Served["UE"] || len(pool.Avoid) != 0 {
		t.Errorf("lapsed proposal still holds people or blocks them: %+v", pool)
	}
	if _, err := db.AnswerProposal(ctx, "UE", pub[0].ID, true); store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "lapsed") {
		t.Errorf("answering a lapsed proposal: err = %v", err)
	}
	if l, err := db.LeaveMatching(ctx, "UE"); err != nil || len(l.Dropped) != 0 {
		t.Errorf("leaving drops a lapsed proposal: %+v, %v", l, err)
	}
}
