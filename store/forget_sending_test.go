package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A person's DMs being sent when they ask to be forgotten: each is
// cancelled and marked, with no copy, and neither claimed nor tried again;
// one that was on its way is recorded as sent when its send ends, without
// a copy, and a session's DM without where it is.
func TestForgetCancelsTheDMsBeingSent(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	now := clk.Now()
	for _, key := range []string{"session:1:to=UE", "news:to=UE"} {
		kind := "session_logged"
		if key == "news:to=UE" {
			kind = "request_answer"
		}
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: kind, RecipientID: "UE", PairID: p.ID, DueAt: now, ExpiresAt: now.Add(time.Hour), Payload: `{"text":"secret words"}`}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	byKey := map[string]store.Notification{}
	for _, n := range claimed {
		byKey[n.Key] = n
	}
	// The news waits for its retry; the session's DM is on its way.
	if err := db.MarkRetry(ctx, byKey["news:to=UE"].ID, "http_500", now.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	for key, n := range byKey {
		gone, _, err := db.ForgetState(ctx, n.ID)
		if err != nil || !gone {
			t.Errorf("%s cancelled by the forget = %v, %v", key, gone, err)
		}
		cur, err := db.Notification(ctx, key)
		if err != nil || cur.Status != store.NoteCancelled || cur.Payload != "" {
			t.Errorf("%s after the forget: %s, payload %q, %v", key, cur.Status, cur.Payload, err)
		}
	}
	clk.Advance(time.Hour)
	if again, err := db.ClaimDue(ctx, clk.Now(), time.Minute, 10); err != nil || len(again) != 0 {
		t.Errorf("claimed again after the forget: %+v, %v", again, err)
	}
	if err := db.MarkRetry(ctx, byKey["news:to=UE"].ID, "http_500", clk.Now()); err != nil {
		t.Fatal(err)
	}
	// The session's DM reached Slack before the forget could stop it.
	if err := db.MarkSent(ctx, byKey["session:1:to=UE"].ID, "DUE", "1.0001"); err != nil {
		t.Fatal(err)
	}
	if cur, err := db.Notification(ctx, "session:1:to=UE"); err != nil || cur.Status != store.NoteSent || cur.Payload != "" || cur.Channel != "" || cur.TS != "" {
		t.Errorf("the session's DM recorded after the forget: %s, payload %q, at %q %q, %v", cur.Status, cur.Payload, cur.Channel, cur.TS, err)
	}
	if cur, err := db.Notification(ctx, "news:to=UE"); err != nil || cur.Status != store.NoteCancelled {
		t.Errorf("the news after a retry's mark: %s, %v", cur.Status, err)
	}
}

// A nudge Slack accepted just as its recipient asked to be forgotten is
// recorded as sent, but not counted against them: the forget reset their
// count of unanswered nudges, which is to stay so (it would hold or stop
// their nudges should they join again).
func TestForgetKeepsANudgeOnItsWayUncounted(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	if _, err := db.SaveProfile(ctx, store.Profile{ID: "UE", Name: "e", TZ: "UTC", AsOf: now}, nil); err != nil {
		t.Fatal(err)
	}
	n := store.Notification{Key: "followup:1:to=UE", Kind: "followup", RecipientID: "UE", DueAt: now, ExpiresAt: now.Add(time.Hour)}
	if _, err := db.Enqueue(ctx, n); err != nil {
		t.Fatal(err)
	}
	claimed, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	notice := store.Notification{Key: "stopped:to=UE", Kind: "nudges_stopped", RecipientID: "UE", DueAt: now.Add(24 * time.Hour), ExpiresAt: now.Add(48 * time.Hour)}
	if _, err := db.MarkNudgeSent(ctx, claimed[0], "DUE", "1.0001", 1, 12*time.Hour, notice); err != nil {
		t.Fatal(err)
	}
	if cur, err := db.Notification(ctx, n.Key); err != nil || cur.Status != store.NoteSent {
		t.Errorf("the nudge recorded after the forget: %s, %v; want it sent", cur.Status, err)
	}
	if u, err := db.User(ctx, "UE"); err != nil || u.UnansweredNudges != 0 {
		t.Errorf("unanswered nudges after the forget: %d, %v; want 0", u.UnansweredNudges, err)
	}
	if _, err := db.Notification(ctx, notice.Key); store.ErrorCode(err) != store.ENotFound {
		t.Errorf("the notice that stops nudges was queued after the forget: %v", err)
	}
}

// A claim the forget cancelled is no longer the dispatcher's to settle:
// its end (refused, given up, dropped) leaves it cancelled by the forget.
// And once re-planning has revived it (the person forgotten, then back and
// planned for again), the old claim's end, as its send found it cancelled,
// does not cancel the rejoined person's DM: it is still to go.
func TestAForgottenClaimsEndLeavesTheRow(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	for _, key := range []string{"checkin:1:to=UE", "checkin:2:to=UE"} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "checkin", RecipientID: "UE", DueAt: now, ExpiresAt: now.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	byKey := map[string]store.Notification{}
	for _, n := range claimed {
		byKey[n.Key] = n
	}
	if err := db.MarkRefused(ctx, byKey["checkin:1:to=UE"], "chat.postMessage: slack: user_not_found"); !errors.Is(err, store.ErrClaimGone) {
		t.Fatalf("refusing a claim the forget took back: %v, want ErrClaimGone", err)
	}
	if cur, err := db.Notification(ctx, "checkin:1:to=UE"); err != nil || cur.Status != store.NoteCancelled || cur.LastError != store.NoteForgotten {
		t.Errorf("a forgotten claim after its refusal: %s %q, %v; want it cancelled by the forget", cur.Status, cur.LastError, err)
	}
	// Back, and planned for again: the second check-in is revived.
	revived := store.Notification{Key: "checkin:2:to=UE", Kind: "checkin", RecipientID: "UE", DueAt: now.Add(time.Hour), ExpiresAt: now.Add(48 * time.Hour)}
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		st, err := store.ReconcileTx(ctx, tx, store.PlanScope{Recipients: []string{"UE"}, Kinds: []string{"checkin"}}, []store.Notification{revived})
		if err == nil && st.Revived != 1 {
			err = fmt.Errorf("revived %d, want 1", st.Revived)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDone(ctx, byKey["checkin:2:to=UE"], store.NoteCancelled, "asked to be forgotten after it was claimed"); !errors.Is(err, store.ErrClaimGone) {
		t.Fatalf("ending the old claim of a revived row: %v, want ErrClaimGone", err)
	}
	if cur, err := db.Notification(ctx, "checkin:2:to=UE"); err != nil || cur.Status != store.NotePending {
		t.Errorf("the revived check-in after the old claim ended: %s %q, %v; want it pending", cur.Status, cur.LastError, err)
	}
}

// The DMs to others that carry a forgotten person's words and were being
// sent at the forget (an admin's copy of their good-fit "no", the other
// person's proposal DM with the reasons read from their sign-up) are
// cancelled, marked for the sender not to post them, with no copy.
func TestForgetCancelsOthersDMsBeingSent(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	join(t, db, "UM", store.RoleMentor, 2, "go")
	join(t, db, "UE", store.RoleMentee, 1, "go")
	round, saved, err := db.SaveDraft(ctx, "UADMIN", []store.DraftPair{{MentorID: "UM", MenteeID: "UE", Reasons: "both: go"}})
	if err != nil || len(saved) != 1 {
		t.Fatalf("draft: %v, %v", saved, err)
	}
	if _, _, err := db.PublishRound(ctx, "UADMIN", round, nil); err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePair(ctx, "UADMIN", "UM2", "UE")
	if err != nil {
		t.Fatal(err)
	}
	now := clk.Now()
	for _, n := range []store.Notification{
		{Key: fmt.Sprintf("fit-admin:pair=%d:from=UM2:to=UADMIN", p.ID), Kind: "fit_admin", RecipientID: "UADMIN"},
		{Key: fmt.Sprintf("proposal:%d:to=UM", saved[0].ID), Kind: "match_proposal", RecipientID: "UM"},
	} {
		n.DueAt, n.ExpiresAt, n.Payload = now, now.Add(time.Hour), `{"text":"UE's words"}`
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claimed %+v, %v", claimed, err)
	}
	if _, err := db.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	for _, n := range claimed {
		if gone, _, err := db.ForgetState(ctx, n.ID); err != nil || !gone {
			t.Errorf("%s cancelled by the forget = %v, %v", n.Key, gone, err)
		}
		if cur, err := db.Notification(ctx, n.Key); err != nil || cur.Status != store.NoteCancelled || cur.Payload != "" {
			t.Errorf("%s after the forget: %s, payload %q, %v; want it cancelled, with no copy", n.Key, cur.Status, cur.Payload, err)
		}
	}
}

// A partner's notice that their pair ended still goes after the other
// member forgets: it holds none of their words, and nothing else tells
// the partner the pair is over.
func TestForgetLeavesAPartnersEndedNotice(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p, err := db.CreatePair(ctx, "UADMIN", "UBOB", "UALICE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPair(ctx, "UBOB", p.ID); err != nil {
		t.Fatal(err)
	}
	now := clk.Now()
	key := fmt.Sprintf("ended:pair=%d", p.ID)
	if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "pair_ended", RecipientID: "UALICE", PairID: p.ID, DueAt: now,
		ExpiresAt: now.Add(7 * 24 * time.Hour), Payload: `{"text":"Your mentoring pair with <@UBOB> has ended."}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Forget(ctx, "UBOB", nil); err != nil {
		t.Fatal(err)
	}
	if cur, err := db.Notification(ctx, key); err != nil || cur.Status != store.NotePending || cur.Payload == "" {
		t.Errorf("alice's notice that the pair ended, after bob's forget: %s, payload %q, %v", cur.Status, cur.Payload, err)
	}
}

// In a rolling deploy one process sends while another answers commands:
// a forget the other one commits is seen by the sender's check.
func TestForgetStateSeesAnotherProcesssForget(t *testing.T) {
	ctx := context.Background()
	a, clk := MustOpen(t)
	b, err := store.Open(ctx, a.Path(), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := clk.Now()
	if _, err := a.Enqueue(ctx, store.Notification{Key: "news:to=UE", Kind: "request_answer", RecipientID: "UE", DueAt: now, ExpiresAt: now.Add(time.Hour), Payload: `{"text":"x"}`}); err != nil {
		t.Fatal(err)
	}
	claimed, err := a.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if _, err := b.Forget(ctx, "UE", nil); err != nil {
		t.Fatal(err)
	}
	if gone, _, err := a.ForgetState(ctx, claimed[0].ID); err != nil || !gone {
		t.Errorf("the sender's ForgetState after the other process's forget = %v, %v", gone, err)
	}
}
