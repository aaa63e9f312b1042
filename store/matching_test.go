package store_test

import (
	"context"
	"errors"
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
		if _, err := saveSignup(ctx, db, "UA", s); store.ErrorCode(err) != store.EInvalid {
			t.Errorf("saveSignup(%+v): err = %v, want invalid", s, err)
		}
	}
	if _, err := db.Signup(ctx, "UA"); store.ErrorCode(err) != store.ENotFound {
		t.Fatalf("invalid sign-ups stored something: %v", err)
	}
	s, err := saveSignup(ctx, db, "UA", store.Signup{Role: store.RoleMentee, Cadence: "weekly", Capacity: 5, Topics: []string{" Go ", "go", "design"}})
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
	if _, err := leaveMatching(ctx, db, "UA"); err != nil {
		t.Fatal(err)
	}
	if _, err := leaveMatching(ctx, db, "UA"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("second leave: err = %v, want not found", err)
	}
	clk.Advance(time.Hour)
	if s, err = saveSignup(ctx, db, "UA", store.Signup{Role: store.RoleBoth, Cadence: "monthly", Capacity: 2}); err != nil || s.Status != store.SignupWaiting {
		t.Fatalf("rejoin: %+v, %v", s, err)
	}
}

// join signs people up quickly.
func join(t *testing.T, db *store.DB, user, role string, capacity int, topics ...string) {
	t.Helper()
	if _, err := saveSignup(context.Background(), db, user, store.Signup{Role: role, Cadence: "biweekly", Capacity: capacity, Topics: topics}); err != nil {
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
	if _, err := saveSignup(ctx, db, "UE2", store.Signup{Role: store.RoleMentee, Cadence: "weekly", ManagerID: "UM1"}); err != nil {
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
	c, err := startCohort(ctx, db, "UADMIN", "Spring", "2026-11-02", "2027-03-31")
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
	if _, err := answerProposal(ctx, db, "UM", id, true); store.ErrorCode(err) != store.ENotFound {
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
	if _, err := answerProposal(ctx, db, "UX", id, true); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("outsider answer: err = %v, want not found", err)
	}
	a, err := answerProposal(ctx, db, "UE", id, true)
	if err != nil || a.Paired {
		t.Fatalf("first accept: %+v, %v", a, err)
	}
	if _, err := answerProposal(ctx, db, "UE", id, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("double accept: err = %v, want conflict", err)
	}
	a, err = answerProposal(ctx, db, "UM", id, true)
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
	if _, err := answerProposal(ctx, db, "UM", id, false); store.ErrorCode(err) != store.EConflict {
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
	a, err := answerProposal(ctx, db, "UE", pub[0].ID, false)
	if err != nil || a.Proposal.Status != store.ProposalDeclined {
		t.Fatalf("decline: %+v, %v", a, err)
	}
	if _, err := answerProposal(ctx, db, "UM", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
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
	l, err := leaveMatching(ctx, db, "UE")
	if err != nil || len(l.Dropped) != 1 || l.Dropped[0].MentorID != "UM" {
		t.Fatalf("leave: %+v, %v", l, err)
	}
	if _, err := answerProposal(ctx, db, "UM", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
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
	if _, err := answerProposal(ctx, db, "UM", pub[0].ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(store.ProposalTTL + time.Hour)
	pool, _ := db.MatchPool(ctx)
	if pool.Open != 0 || pool.MentorLoad["UM"] != 0 || pool.Served["UE"] || len(pool.Avoid) != 0 {
		t.Errorf("lapsed proposal still holds people or blocks them: %+v", pool)
	}
	if _, err := answerProposal(ctx, db, "UE", pub[0].ID, true); store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "lapsed") {
		t.Errorf("answering a lapsed proposal: err = %v", err)
	}
	if l, err := leaveMatching(ctx, db, "UE"); err != nil || len(l.Dropped) != 0 {
		t.Errorf("leaving drops a lapsed proposal: %+v, %v", l, err)
	}
}

// Someone signed up as both who has their mentor and still has a place
// as a mentor is waiting; changing their topics with /mentor join ("change
// anything below and press Save") edits the sign-up. It must not put them
// back in the pool for a second mentor, nor at the back of the queue.
func TestEditingAWaitingSignupKeepsWhatItHad(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UB", store.RoleBoth, 2, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UB"}})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UM", "UB"} {
		if _, err := answerProposal(ctx, db, u, pub[0].ID, true); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := db.Signup(ctx, "UB")
	if before.Status != store.SignupWaiting {
		t.Fatalf("UB, with a mentor place free: %s, want waiting", before.Status)
	}
	clk.Advance(time.Hour)
	if _, err := saveSignup(ctx, db, "UB", store.Signup{Role: store.RoleBoth, Cadence: "weekly", Capacity: 2, Topics: []string{"go", "rust"}}); err != nil {
		t.Fatal(err)
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range pool.Signups {
		if s.UserID != "UB" {
			continue
		}
		if pool.NeedsMentor(s) {
			t.Errorf("after editing their topics, UB needs a mentor again, though UM is theirs")
		}
		if !s.CreatedAt.Equal(before.CreatedAt) {
			t.Errorf("editing moved UB's sign-up from %v to %v", before.CreatedAt, s.CreatedAt)
		}
		if pool.FreePlaces(s) != 2 {
			t.Errorf("UB has %d free places, want 2", pool.FreePlaces(s))
		}
	}
}

// The DMs a publication brings are queued in its commit: when queueing
// one fails, nothing is published, so Publish can be pressed again,
// rather than answering "already published" with DMs left unqueued.
func TestPublishRoundQueuesItsDMsInTheSameCommit(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM1", store.RoleMentor, 1, "go")
	join(t, db, "UM2", store.RoleMentor, 1, "go")
	join(t, db, "UE1", store.RoleMentee, 0, "go")
	join(t, db, "UE2", store.RoleMentee, 0, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM1", MenteeID: "UE1"}, {MentorID: "UM2", MenteeID: "UE2"}})
	if err != nil {
		t.Fatal(err)
	}
	note := func(p store.Proposal) store.Notification {
		return store.Notification{Key: "test:" + p.MenteeID, Kind: "test", RecipientID: p.MenteeID, Ref: "x"}
	}
	calls := 0
	_, _, err = db.PublishRound(ctx, "UADMIN", round, func(p store.Proposal) ([]store.Notification, error) {
		if calls++; calls == 2 {
			return nil, errors.New("boom")
		}
		return []store.Notification{note(p)}, nil
	})
	if err == nil {
		t.Fatal("publish whose second DM failed: no error")
	}
	if _, err := db.Notification(ctx, "test:UE1"); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the first DM of a failed publication was kept: %v", err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, func(p store.Proposal) ([]store.Notification, error) {
		return []store.Notification{note(p)}, nil
	})
	if err != nil || len(pub) != 2 {
		t.Fatalf("publish again: %d published, %v", len(pub), err)
	}
	for _, u := range []string{"UE1", "UE2"} {
		if _, err := db.Notification(ctx, "test:"+u); err != nil {
			t.Errorf("DM to %s: %v", u, err)
		}
	}
}

// A Publish or Drop pressed on a review that a newer /mentor match
// replaced says who ran the newer one and what to do: the newer review is
// only in that admin's Slack.
func TestAButtonOnAReplacedRoundSaysWhoReplacedIt(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	draft := func(admin string) (int64, int64) {
		t.Helper()
		round, saved, err := db.SaveDraft(ctx, admin, []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
		if err != nil || len(saved) != 1 {
			t.Fatalf("draft by %s: %v, %v", admin, saved, err)
		}
		return round, saved[0].ID
	}
	check := func(what string, err error, want ...string) {
		t.Helper()
		if store.ErrorCode(err) != store.EConflict {
			t.Errorf("%s: err = %v, want conflict", what, err)
			return
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", what, err, w)
			}
		}
		if strings.Contains(err.Error(), "publish the newest one") {
			t.Errorf("%s: %q points at a review the admin may not see", what, err)
		}
	}
	roundA, idA := draft("UADMINA")
	roundB, _ := draft("UADMINB")
	_, _, err := db.PublishRound(ctx, "UADMINA", roundA, nil)
	check("publish a round another admin replaced", err, "<@UADMINB>", "only they can see", "run `/mentor match` again")
	_, err = db.DropDraft(ctx, "UADMINA", idA)
	check("drop from a round another admin replaced", err, "<@UADMINB>", "run `/mentor match` again")

	roundB2, _ := draft("UADMINB")
	_, _, err = db.PublishRound(ctx, "UADMINB", roundB, nil)
	check("publish one's own replaced round", err, "You've run `/mentor match` again", "newer review")
	if _, _, err := db.PublishRound(ctx, "UADMINB", roundB2, nil); err != nil {
		t.Fatalf("publish the newest round: %v", err)
	}
	_, _, err = db.PublishRound(ctx, "UADMINA", roundA, nil)
	check("publish a round replaced by one now published", err, "<@UADMINB>", "published", "`/mentor pairs all`")
}

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
		if _, err := answerProposal(ctx, db, user, id, accept); err != nil {
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

// A mentee paired with a mentor outside matching after a proposal was
// published is not given a second one when the proposal's mentor accepts:
// the proposal is withdrawn, the answer names the mentee's mentor, and
// the mentee is no longer in the pool.
func TestAcceptWithdrawsAProposalWhoseMenteeHasAMentorNow(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 {
		t.Fatalf("publish: %v, %v", pub, err)
	}
	if a, err := answerProposal(ctx, db, "UE", pub[0].ID, true); err != nil || a.Withdrawn {
		t.Fatalf("mentee's accept before any other pair: %+v, %v", a, err)
	}
	if _, err := db.CreatePair(ctx, "UADMIN", "UO", "UE"); err != nil {
		t.Fatal(err)
	}
	a, err := answerProposal(ctx, db, "UM", pub[0].ID, true)
	if err != nil || a.Paired || !a.Withdrawn || a.MenteesMentor != "UO" || a.OtherWaiting || a.Proposal.Status != store.ProposalDropped {
		t.Fatalf("mentor's accept after the mentee got a mentor: %+v, %v", a, err)
	}
	if pairs, _ := db.PairsOf(ctx, "UE", false); len(pairs) != 1 || pairs[0].MentorID != "UO" {
		t.Errorf("mentee's pairs = %+v; want only UO's", pairs)
	}
	if _, err := answerProposal(ctx, db, "UE", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("answering the withdrawn proposal: err = %v, want conflict", err)
	}
	pool, _ := db.MatchPool(ctx)
	if pool.Open != 0 || pool.MentorLoad["UM"] != 0 {
		t.Errorf("the withdrawn proposal still holds the mentor's place: %+v", pool)
	}
}

// Changing a sign-up withdraws the open proposals that need a role it
// leaves out, and only those; the other person's place in the pool is
// reported for the DM that tells them.
func TestSaveSignupWithdrawsProposalsTheNewRoleLeavesOut(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 1, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	round, _, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE"}})
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(pub) != 1 {
		t.Fatalf("publish: %v, %v", pub, err)
	}
	save := func(user, role string) store.SignupSaved {
		t.Helper()
		var saved store.SignupSaved
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			saved, err = store.SaveSignupTx(ctx, tx, user, store.Signup{Role: role, Cadence: "weekly", Capacity: 1})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return saved
	}
	if s := save("UE", store.RoleBoth); !s.Updated || len(s.Withdrawn) != 0 {
		t.Errorf("mentee to both: %+v; want updated, nothing withdrawn", s)
	}
	if s := save("UM", store.RoleBoth); !s.Updated || len(s.Withdrawn) != 0 {
		t.Errorf("mentor to both: %+v; want updated, nothing withdrawn", s)
	}
	s := save("UE", store.RoleMentor)
	if len(s.Withdrawn) != 1 || s.Withdrawn[0].Proposal.ID != pub[0].ID || !s.Withdrawn[0].OtherWaiting {
		t.Fatalf("mentee to mentor: %+v; want the proposal withdrawn, UM still waiting", s)
	}
	if _, err := answerProposal(ctx, db, "UE", pub[0].ID, true); store.ErrorCode(err) != store.EConflict {
		t.Errorf("accepting the withdrawn proposal: %v; want a conflict", err)
	}
	if open, _ := db.OpenProposals(ctx, "UM"); len(open) != 0 {
		t.Errorf("UM's open proposals: %+v", open)
	}
}

// Within one second (the clock's grain, and all of a playground's
// frozen clock), the order of a pair and a sign-up still decides whether
// the pair serves the sign-up: a pair made before someone signs up as a
// mentee leaves them asking for another mentor, and one made after
// answers the sign-up.
func TestMatchPairAndSignupInTheSameSecondKeepTheirOrder(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	if _, err := db.CreatePair(ctx, "UADMIN", "UA", "UB"); err != nil {
		t.Fatal(err)
	}
	join(t, db, "UB", store.RoleMentee, 1, "go")
	join(t, db, "UC", store.RoleMentee, 1, "go")
	if _, err := db.CreatePair(ctx, "UADMIN", "UA", "UC"); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Signup(ctx, "UC"); s.Status != store.SignupMatched {
		t.Errorf("UC, paired after signing up: sign-up %s, want matched", s.Status)
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range pool.Signups {
		if s.UserID == "UB" {
			found = true
			if !pool.NeedsMentor(s) {
				t.Errorf("UB, who signed up after UA became their mentor, needs no mentor in the pool")
			}
		}
	}
	if !found {
		t.Errorf("UB is not in the pool")
	}
	st, err := db.SignupStanding(ctx, "UB")
	if err != nil {
		t.Fatal(err)
	}
	if !st.NeedsMentor() || len(st.MentorsBefore) != 1 || st.MentorsBefore[0] != "UA" {
		t.Errorf("UB's standing: %+v; want UA as a mentor from before, and a mentor needed", st)
	}
}
