package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Senders finishing at once share commits: every one of them is recorded
// sent, with its own message.
func TestMarkSentConcurrently(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	const n = 300
	for i := range n {
		if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("k%d", i), Kind: "intro", RecipientID: fmt.Sprintf("U%03d", i),
			DueAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), time.Minute, n)
	if err != nil || len(claimed) != n {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for _, c := range claimed {
		wg.Go(func() {
			errs <- db.MarkSent(ctx, c.ID, "D"+c.RecipientID, "ts-"+c.Key)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range claimed {
		got, err := db.Notification(ctx, c.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.NoteSent || got.Channel != "D"+c.RecipientID || got.TS != "ts-"+c.Key {
			t.Errorf("%s: status %s, channel %s, ts %s", c.Key, got.Status, got.Channel, got.TS)
		}
	}
}

// DeleteSettled deletes only what is settled, of the kinds asked for, and
// expired before its cutoff, at most limit at a time; what is pending or
// in flight stays whatever its age, and so do the bot's own DMs.
func TestDeleteSettled(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	start := clk.Now()
	// Five of each status, expiring a day apart from start on.
	statuses := []string{store.NotePending, store.NoteSending, store.NoteSent, store.NoteDropped, store.NoteCancelled, store.NoteFailed}
	for _, st := range statuses {
		for i := range 5 {
			due := start.Add(time.Duration(i) * 24 * time.Hour)
			if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("%s-%d", st, i), Kind: "intro", RecipientID: "U1",
				DueAt: due, ExpiresAt: due.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Of another kind, or a DM of the bot's own (a payload): kept.
	for _, n := range []store.Notification{{Key: "sent-other", Kind: "fit_check"}, {Key: "sent-dm", Kind: "intro", Payload: `{"text":"hi"}`}} {
		n.RecipientID, n.DueAt, n.ExpiresAt = "U1", start, start.Add(time.Hour)
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecForTest(ctx, `UPDATE notifications SET status = substr(key, 1, instr(key, '-') - 1)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Before start + 2 days + 1 hour: days 0 and 1 of the four settled
	// statuses have expired (8 rows); at most 5 at a time.
	before := start.Add(48*time.Hour + time.Hour)
	if k, err := db.DeleteSettled(ctx, before, []string{"intro"}, 5); err != nil || k != 5 {
		t.Fatalf("first batch: %d, %v; want 5", k, err)
	}
	if k, err := db.DeleteSettled(ctx, before, []string{"intro"}, 5); err != nil || k != 3 {
		t.Fatalf("second batch: %d, %v; want 3", k, err)
	}
	left := map[string]bool{}
	all, err := db.Notifications(ctx, store.NoteFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range all {
		left[n.Key] = true
	}
	if !left["sent-other"] || !left["sent-dm"] {
		t.Errorf("deleted a kind not asked for, or the bot's own DM: %v", left)
	}
	for _, st := range statuses {
		for i := range 5 {
			key := fmt.Sprintf("%s-%d", st, i)
			gone := i < 2 && st != store.NotePending && st != store.NoteSending
			if left[key] == gone {
				t.Errorf("%s: kept %v, want %v", key, left[key], !gone)
			}
		}
	}
}

// Nudges that go out together (quiet hours held them, the morning released
// them) are one round: they count once towards the nudges left unanswered,
// so nobody is told nudges stop before they could answer any. The notice
// is queued at the third round; the stop comes with it, unless the person
// answered since.
func TestNudgesSentTogetherCountOnce(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	const who = "UNUDGED"
	if _, err := db.SaveProfile(ctx, store.Profile{ID: who, Name: "nudged"}, nil); err != nil {
		t.Fatal(err)
	}
	kinds := []string{"followup"}
	i := 0
	send := func() bool {
		t.Helper()
		i++
		n := store.Notification{Key: fmt.Sprintf("followup:%d:to=%s", i, who), Kind: "followup", RecipientID: who,
			DueAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Hour)}
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
		n, err := db.Notification(ctx, n.Key)
		if err != nil {
			t.Fatal(err)
		}
		notice := store.Notification{Key: fmt.Sprintf("stopped:%d", i), Kind: "nudges_stopped", RecipientID: who,
			DueAt: clk.Now().Add(24 * time.Hour), ExpiresAt: clk.Now().Add(48 * time.Hour)}
		queued, err := db.MarkNudgeSent(ctx, n, "D1", fmt.Sprint(i), 3, 12*time.Hour, notice)
		if err != nil {
			t.Fatal(err)
		}
		return queued
	}
	stop := func() bool {
		t.Helper()
		stopped, err := db.StopNudges(ctx, who, 3, kinds)
		if err != nil {
			t.Fatal(err)
		}
		return stopped
	}
	for range 3 { // one morning's three nudges
		if send() {
			t.Fatal("stop notice queued after three nudges sent in the same minute")
		}
	}
	clk.Advance(24 * time.Hour)
	if send() || stop() {
		t.Fatal("nudges stopping at the second round")
	}
	clk.Advance(24 * time.Hour)
	if !send() {
		t.Fatal("no stop notice queued at the third unanswered round")
	}
	// Answered before the notice went: nudges go on.
	if err := db.Touch(ctx, who); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	if stop() {
		t.Fatal("nudges stopped although the person answered the third one")
	}
	// Three rounds more with no answer: the notice, and the stop with it.
	for range 3 {
		clk.Advance(24 * time.Hour)
		send()
	}
	pending, err := db.Enqueue(ctx, store.Notification{Key: "followup:later:to=" + who, Kind: "followup", RecipientID: who,
		DueAt: clk.Now().Add(72 * time.Hour), ExpiresAt: clk.Now().Add(96 * time.Hour)})
	if err != nil || !pending {
		t.Fatalf("enqueue a later nudge: %v", err)
	}
	if !stop() {
		t.Fatal("nudges did not stop after three unanswered rounds")
	}
	if n, _ := db.Notification(ctx, "followup:later:to="+who); n.Status != store.NoteCancelled {
		t.Errorf("a pending nudge after the stop is %s, want cancelled", n.Status)
	}
	u, _ := db.User(ctx, who)
	if u.NudgesStoppedAt.IsZero() {
		t.Error("nudges_stopped_at not recorded")
	}
	if !stop() {
		t.Error("a second StopNudges (the notice sent again after a crash) says not stopped")
	}
}

// What comes next is the earliest pending notification's time, or a
// failed send's retry: the lease of a DM being sent now wakes the
// dispatcher (NextWake) but is no notification to wait for (NextDue).
func TestNextDueLeavesOutLeasesOfSendsUnderWay(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	for _, n := range []store.Notification{
		{Key: "now", Kind: "intro", RecipientID: "UA", DueAt: now, ExpiresAt: now.Add(time.Hour)},
		{Key: "later", Kind: "reminder", RecipientID: "UB", DueAt: now.Add(90 * time.Minute), ExpiresAt: now.Add(3 * time.Hour)},
	} {
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if claimed, err := db.ClaimDue(ctx, now, 2*time.Minute, 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	if wake, ok, err := db.NextWake(ctx); err != nil || !ok || !wake.Equal(now.Add(2*time.Minute)) {
		t.Errorf("NextWake = %v, %v, %v; want the lease's end", wake, ok, err)
	}
	if due, ok, err := db.NextDue(ctx); err != nil || !ok || !due.Equal(now.Add(90*time.Minute)) {
		t.Errorf("NextDue = %v, %v, %v; want the pending reminder's time", due, ok, err)
	}
	// The send failed and is tried again in 10 minutes: that comes next.
	n, err := db.Notification(ctx, "now")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRetry(ctx, n.ID, "slack said no", now.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if due, ok, err := db.NextDue(ctx); err != nil || !ok || !due.Equal(now.Add(10*time.Minute)) {
		t.Errorf("NextDue with a retry = %v, %v, %v; want the retry's time", due, ok, err)
	}
}

// DropExpired says what it dropped: counts by kind. A claim past its time
// is not dropped: its send may have reached Slack.
func TestDropExpiredSaysWhatItDropped(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	for i, kind := range []string{"checkin", "checkin", "meeting_reminder"} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: fmt.Sprintf("k%d", i), Kind: kind, RecipientID: "UBOB",
			DueAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClaimDue(ctx, clk.Now(), time.Minute, 1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Minute)
	d, err := db.DropExpired(ctx, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d.Count() != 2 || d.ByKind["checkin"] != 1 || d.ByKind["meeting_reminder"] != 1 {
		t.Errorf("dropped %+v", d.ByKind)
	}
	if n, err := db.Notification(ctx, "k0"); err != nil || n.Status != store.NoteSending {
		t.Errorf("the claim: %s, %v; want still sending", n.Status, err)
	}
}
