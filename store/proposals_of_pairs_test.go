package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// publish saves a round of pairs (mentor, mentee, …) as drafts and
// publishes it, returning the proposals in the order given.
func publish(t *testing.T, db *store.DB, people ...string) []store.Proposal {
	t.Helper()
	ctx := context.Background()
	var drafts []store.DraftPair
	for i := 0; i < len(people); i += 2 {
		drafts = append(drafts, store.DraftPair{MentorID: people[i], MenteeID: people[i+1]})
	}
	round, _, err := db.SaveDraft(ctx, "UADMIN", drafts)
	if err != nil {
		t.Fatal(err)
	}
	pub, skipped, err := db.PublishRound(ctx, "UADMIN", round, nil)
	if err != nil || len(skipped) != 0 || len(pub) != len(drafts) {
		t.Fatalf("publish %v: %+v, skipped %+v, %v", people, pub, skipped, err)
	}
	return pub
}

// proposalNow is proposal id as stored now.
func proposalNow(t *testing.T, db *store.DB, id int64) store.Proposal {
	t.Helper()
	p, err := db.Proposal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pairClosing makes a pair as the bot does: with the proposals between
// the two closed in the same commit. It returns those.
func pairClosing(t *testing.T, db *store.DB, mentor, mentee string) (store.Pair, []store.Proposal) {
	t.Helper()
	ctx := context.Background()
	var p store.Pair
	var closed []store.Proposal
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = store.CreatePairTx(ctx, tx, "UADMIN", mentor, mentee); err != nil {
			return err
		}
		closed, err = store.CloseProposalsOfPairTx(ctx, tx, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, closed
}

// ids are the numbers of proposals ps.
func ids(ps []store.Proposal) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// A pair closes the published proposals between the two that wait for
// answers, either way round: they no longer hold a mentor's place nor
// count as open, and an answer says the two have been paired. One that
// lapsed before is left as it lapsed; one accepted by both is the pair's
// own, not closed by it.
func TestMakingAPairClosesTheOpenProposalsBetweenTheTwo(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	for _, u := range []string{"UM1", "UM2", "UM3", "UM4"} {
		join(t, db, u, store.RoleMentor, 3, "go")
	}
	for _, u := range []string{"UE1", "UE2", "UE3", "UE4"} {
		join(t, db, u, store.RoleMentee, 1, "go")
	}
	lapsed := publish(t, db, "UM3", "UE3")[0]
	clk.Advance(store.ProposalTTL + time.Hour)
	pub := publish(t, db, "UM1", "UE1", "UM2", "UE2", "UM4", "UE4")
	byAdmin, reversed, accepted := pub[0], pub[1], pub[2]
	if _, err := answerProposal(ctx, db, "UE1", byAdmin.ID, true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	p1, closed1 := pairClosing(t, db, "UM1", "UE1")
	_, closed2 := pairClosing(t, db, "UE2", "UM2") // the other way round
	_, closed3 := pairClosing(t, db, "UM3", "UE3")
	if _, err := answerProposal(ctx, db, "UM4", accepted.ID, true); err != nil {
		t.Fatal(err)
	}
	var closed4 []store.Proposal
	err := db.InTx(ctx, func(tx *store.Tx) error {
		a, err := store.AnswerProposalTx(ctx, tx, "UE4", accepted.ID, true, nil)
		if err != nil || !a.Paired {
			return fmt.Errorf("both accept: %+v, %w", a, err)
		}
		closed4, err = store.CloseProposalsOfPairTx(ctx, tx, a.Pair)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what   string
		closed []store.Proposal
		want   []int64
	}{{"an admin's pair", closed1, []int64{byAdmin.ID}}, {"a pair the other way round", closed2, []int64{reversed.ID}},
		{"a pair after the lapse", closed3, nil}, {"the pair both accepted", closed4, nil}} {
		if got := ids(c.closed); !slices.Equal(got, c.want) {
			t.Errorf("%s closed proposals %v; want %v", c.what, got, c.want)
		}
	}
	for _, c := range []struct {
		p      store.Proposal
		status string
	}{{byAdmin, store.ProposalDropped}, {reversed, store.ProposalDropped}, {lapsed, store.ProposalProposed}, {accepted, store.ProposalAccepted}} {
		if got := proposalNow(t, db, c.p.ID); got.Status != c.status {
			t.Errorf("proposal %d of %s and %s: %s; want %s", got.ID, got.MentorID, got.MenteeID, got.Status, c.status)
		}
	}
	if got := proposalNow(t, db, byAdmin.ID); got.MenteeOK != 1 {
		t.Errorf("the mentee's acceptance of the closed proposal is not kept: %+v", got)
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pool.Open != 0 || pool.MentorLoad["UM1"] != 1 || pool.MentorLoad["UM2"] != 0 {
		t.Errorf("closed proposals still count: open %d, loads %v", pool.Open, pool.MentorLoad)
	}
	for _, u := range []string{"UM1", "UE1", "UM2", "UE2"} {
		if open, err := db.OpenProposals(ctx, u); err != nil || len(open) != 0 {
			t.Errorf("%s's open proposals: %+v, %v", u, open, err)
		}
	}
	for _, c := range []struct {
		who    string
		id     int64
		accept bool
	}{{"UM1", byAdmin.ID, true}, {"UE1", byAdmin.ID, false}, {"UM2", reversed.ID, true}} {
		_, err := answerProposal(ctx, db, c.who, c.id, c.accept)
		if store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "have been paired since") {
			t.Errorf("%s answering proposal %d closed by a pair: %v", c.who, c.id, err)
		}
	}
	if _, err := db.EndPair(ctx, "UM1", p1.ID); err != nil {
		t.Fatal(err)
	}
	_, err = answerProposal(ctx, db, "UM1", byAdmin.ID, true)
	if store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "were paired after this match was proposed") {
		t.Errorf("answering a proposal closed by a pair that has ended: %v", err)
	}
	if ps, _ := db.PairsOf(ctx, "UM1", true); len(ps) != 1 {
		t.Errorf("UM1's pairs after an answer to the closed proposal: %+v", ps)
	}
}

// Proposals left open by versions that did not close them when the two
// were paired are closed by the migration as a pair closes them now:
// when the two were paired while it was open, either way round, by a
// pair that has ended since too. One that lapsed before the two were
// paired, and one between two never paired, stay open.
func TestMigrationClosesProposalsOfPairsMadeSince(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UM1", "UM2", "UM3", "UM4", "UM5"} {
		join(t, db, u, store.RoleMentor, 3, "go")
	}
	for _, u := range []string{"UE1", "UE2", "UE3", "UE4", "UE5"} {
		join(t, db, u, store.RoleMentee, 1, "go")
	}
	late := publish(t, db, "UM5", "UE5")[0]
	clk.Advance(store.ProposalTTL + time.Hour)
	pub := publish(t, db, "UM1", "UE1", "UM2", "UE2", "UM3", "UE3", "UM4", "UE4")
	clk.Advance(time.Hour)
	// As versions before the closing made them: CreatePair alone.
	for _, two := range [][2]string{{"UM1", "UE1"}, {"UE2", "UM2"}, {"UM3", "UE3"}, {"UM5", "UE5"}} {
		p, err := db.CreatePair(ctx, "UADMIN", two[0], two[1])
		if err != nil {
			t.Fatal(err)
		}
		if two[0] == "UM3" {
			if _, err := db.EndPair(ctx, "UM3", p.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Advance(time.Hour)
	if pool, err := db.MatchPool(ctx); err != nil || pool.Open != 4 {
		t.Fatalf("open proposals before migrating: %d, %v; want the 4 the pairs left open", pool.Open, err)
	}

	db = reopenAt(t, db, path, clk, `ALTER TABLE plan_until DROP COLUMN planned_at`, `ALTER TABLE plan_until DROP COLUMN digest`, `PRAGMA user_version = 30`)
	for _, c := range []struct {
		p    store.Proposal
		want string
	}{{pub[0], store.ProposalDropped}, {pub[1], store.ProposalDropped}, {pub[2], store.ProposalDropped},
		{pub[3], store.ProposalProposed}, {late, store.ProposalProposed}} {
		if got := proposalNow(t, db, c.p.ID); got.Status != c.want {
			t.Errorf("proposal %d of %s and %s: %s; want %s", got.ID, got.MentorID, got.MenteeID, got.Status, c.want)
		}
	}
	pool, err := db.MatchPool(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pool.Open != 1 {
		t.Errorf("open proposals after migrating: %d; want UM4 and UE4's only", pool.Open)
	}
	_, err = answerProposal(ctx, db, "UE1", pub[0].ID, true)
	if store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "have been paired since") {
		t.Errorf("answering a proposal the migration closed: %v", err)
	}
	_, err = answerProposal(ctx, db, "UE3", pub[2].ID, true)
	if store.ErrorCode(err) != store.EConflict || !strings.Contains(store.ErrorMessage(err), "were paired after") {
		t.Errorf("answering a proposal the migration closed, whose pair has ended: %v", err)
	}
}
