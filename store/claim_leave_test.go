package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A dispatcher still sending a DM to someone (Slack slow to answer) leaves
// that person's later DMs alone, so that they do not overtake it: the
// claim takes only the others', and the next wake is reckoned without
// theirs. With nobody to leave, everything due is claimed.
func TestClaimDueLeavesRecipients(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	for _, n := range []store.Notification{
		{Key: "hung-later", RecipientID: "UHUNG", DueAt: now.Add(-time.Minute)},
		{Key: "bob", RecipientID: "UBOB", DueAt: now},
		{Key: "carol", RecipientID: "UCAROL", DueAt: now.Add(time.Minute)},
	} {
		n.Kind = "intro"
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if at, ok, err := db.NextWake(ctx, "UHUNG", "UDAN"); err != nil || !ok || !at.Equal(now) {
		t.Errorf("NextWake leaving UHUNG = %v, %v, %v; want bob's due time %v", at, ok, err, now)
	}
	if at, ok, err := db.NextWake(ctx); err != nil || !ok || !at.Equal(now.Add(-time.Minute)) {
		t.Errorf("NextWake = %v, %v, %v; want UHUNG's due time", at, ok, err)
	}
	got, err := db.ClaimDue(ctx, now, time.Minute, 10, "UHUNG", "UDAN")
	if err != nil || len(got) != 1 || got[0].Key != "bob" {
		t.Fatalf("ClaimDue leaving UHUNG = %+v, %v; want bob's only", got, err)
	}
	if n, err := db.Notification(ctx, "hung-later"); err != nil || n.Status != store.NotePending || n.Attempts != 0 {
		t.Errorf("UHUNG's DM: %s, attempt %d, %v; want pending, not attempted", n.Status, n.Attempts, err)
	}
	// Bob's claim runs till now+1m; carol's DM is due then too.
	if at, ok, err := db.NextWake(ctx, "UHUNG"); err != nil || !ok || !at.Equal(now.Add(time.Minute)) {
		t.Errorf("NextWake leaving UHUNG after bob's claim = %v, %v, %v; want a minute on", at, ok, err)
	}
	if got, err := db.ClaimDue(ctx, now, time.Minute, 10); err != nil || len(got) != 1 || got[0].Key != "hung-later" {
		t.Errorf("ClaimDue leaving nobody = %+v, %v; want UHUNG's DM", got, err)
	}
}

// DropExpired drops only what was never claimed, or was given back
// unsent: a claim past its time, whether its send is under way (it may
// still reach Slack), cut short by a dead process, or waiting for its
// retry after a timeout, may have reached Slack. It is left for the
// dispatcher, which looks for it in the DM's history before it drops it.
func TestDropExpiredLeavesClaims(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	for _, key := range []string{"under-way", "dead", "retry", "pending"} {
		if _, err := db.Enqueue(ctx, store.Notification{Key: key, Kind: "intro", RecipientID: "U" + key,
			DueAt: clk.Now(), ExpiresAt: clk.Now().Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	claimed, err := db.ClaimDue(ctx, clk.Now(), 10*time.Minute, 3)
	if err != nil || len(claimed) != 3 {
		t.Fatalf("claim: %+v, %v", claimed, err)
	}
	var keep int64
	for _, n := range claimed {
		switch n.Key {
		case "under-way":
			keep = n.ID
		case "retry":
			if err := db.MarkRetry(ctx, n.ID, "chat.postMessage: outcome unknown (timeout)", clk.Now().Add(10*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
	}
	clk.Advance(2 * time.Minute)
	d, err := db.DropExpired(ctx, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if d.Count() != 1 || d.ByKind["intro"] != 1 {
		t.Errorf("dropped %+v; want the pending one", d.ByKind)
	}
	for key, want := range map[string]string{"under-way": store.NoteSending, "dead": store.NoteSending, "retry": store.NoteSending, "pending": store.NoteDropped} {
		if n, err := db.Notification(ctx, key); err != nil || n.Status != want {
			t.Errorf("%s: %s, %v; want %s", key, n.Status, err, want)
		}
	}
	// Its send went through: recorded as sent, not dropped.
	if err := db.MarkSent(ctx, keep, "DUNDER", "1.0"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Notification(ctx, "under-way"); err != nil || n.Status != store.NoteSent {
		t.Errorf("under-way after its send: %s, %v; want sent", n.Status, err)
	}
}

// A send that failed in a way that may pass waits for its retry, its
// claim leased until then (MarkRetry). Its recipient's other DMs, sent
// meanwhile, would overtake it: neither a claim nor the early release
// takes them, nor are they a wake, while the retry waits; the retry's
// time is the wake, and then it is claimed with them, first. A claim
// whose lease lapsed (a dead process's) holds nothing back.
func TestClaimsWaitForARecipientsRetry(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	now := clk.Now()
	for _, n := range []store.Notification{
		{Key: "failed", RecipientID: "UBOB", DueAt: now},
		{Key: "behind", RecipientID: "UBOB", DueAt: now},
		{Key: "early", RecipientID: "UBOB", DueAt: now.Add(time.Hour)},
		{Key: "carol", RecipientID: "UCAROL", DueAt: now.Add(time.Minute)},
		{Key: "carol-2", RecipientID: "UCAROL", DueAt: now.Add(2 * time.Minute)},
		{Key: "dan", RecipientID: "UDAN", DueAt: now.Add(-3 * time.Minute)},
		{Key: "dan-2", RecipientID: "UDAN", DueAt: now.Add(time.Minute)},
	} {
		n.Kind = "intro"
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	// Dan's claim was a dead process's, its lease lapsed.
	dan, err := db.ClaimDue(ctx, now.Add(-2*time.Minute), time.Minute, 1)
	if err != nil || len(dan) != 1 || dan[0].Key != "dan" {
		t.Fatalf("dan's claim = %+v, %v", dan, err)
	}
	first, err := db.ClaimDue(ctx, now, time.Minute, 1, "UDAN")
	if err != nil || len(first) != 1 || first[0].Key != "failed" {
		t.Fatalf("first claim = %+v, %v; want bob's first DM", first, err)
	}
	retryAt := now.Add(10 * time.Second)
	if err := db.MarkRetry(ctx, first[0].ID, "outcome unknown (timeout)", retryAt); err != nil {
		t.Fatal(err)
	}
	if at, ok, err := db.NextWake(ctx); err != nil || !ok || !at.Equal(now.Add(-time.Minute)) {
		t.Errorf("NextWake = %v, %v, %v; want dan's lapsed claim, not bob's DM behind the retry", at, ok, err)
	}
	got, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].Key != "dan" {
		t.Fatalf("ClaimDue while bob's retry waits = %+v, %v; want dan's lapsed claim only", got, err)
	}
	if n, err := db.Notification(ctx, "behind"); err != nil || n.Status != store.NotePending || n.Attempts != 0 {
		t.Errorf("bob's DM behind the retry: %s, attempt %d, %v; want pending, not claimed", n.Status, n.Attempts, err)
	}
	early, err := db.Notification(ctx, "early")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := db.ClaimIDs(ctx, []int64{early.ID}, now, time.Minute); err != nil || len(got) != 0 {
		t.Errorf("early release of bob's later DM while the retry waits = %+v, %v; want none", got, err)
	}
	// Dan's claim runs now; carol's DM is due at +1m; bob's retry comes
	// first, and nothing of bob's before it.
	if at, ok, err := db.NextWake(ctx); err != nil || !ok || !at.Equal(retryAt) {
		t.Errorf("NextWake = %v, %v, %v; want bob's retry at %v", at, ok, err, retryAt)
	}
	got, err = db.ClaimDue(ctx, retryAt, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, n := range got {
		keys = append(keys, n.Key)
	}
	if len(keys) != 2 || keys[0] != "failed" || keys[1] != "behind" || got[0].Attempts != 2 || got[1].Attempts != 1 {
		t.Errorf("ClaimDue at the retry = %v; want bob's retry (attempt 2), then the DM behind it (attempt 1)", keys)
	}
	// One recipient's DMs in one early release are taken together.
	var ids []int64
	for _, key := range []string{"carol", "carol-2"} {
		n, err := db.Notification(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, n.ID)
	}
	if got, err := db.ClaimIDs(ctx, ids, retryAt, time.Minute); err != nil || len(got) != 2 {
		t.Errorf("early release of carol's two DMs = %+v, %v; want both", got, err)
	}
}

// A send that keeps failing (a payload that does not decode, Slack down
// for hours) is retried for up to a day: its recipient's other DMs wait
// behind only its first two tries' retries, what a hung call that timed
// out needs, and then go as before, rather than wait a day (reminders
// dropped as expired, requests a day late). NextDue, the playground's
// "next", counts as the claim does.
func TestOnlyAYoungRetryHoldsItsRecipientBack(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	start := clk.Now()
	for _, n := range []store.Notification{
		{Key: "failing", RecipientID: "UBOB", DueAt: start},
		{Key: "reminder", RecipientID: "UBOB", DueAt: start},
	} {
		n.Kind = "intro"
		if _, err := db.Enqueue(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	first, err := db.ClaimDue(ctx, start, time.Minute, 1)
	if err != nil || len(first) != 1 || first[0].Key != "failing" {
		t.Fatalf("first claim = %+v, %v; want the failing DM", first, err)
	}
	// Tried, and tried again: each time the reminder is given back
	// behind it (the dispatcher's sendGroup).
	retryAt := start.Add(10 * time.Second)
	for try := 1; try < store.HeldRetryAttempts; try++ {
		if err := db.MarkRetry(ctx, first[0].ID, "invalid character 'x'", retryAt); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ClaimDue(ctx, clk.Now(), time.Minute, 10); err != nil || len(got) != 0 {
			t.Errorf("try %d: ClaimDue while the retry waits = %+v, %v; want nothing", try, got, err)
		}
		if at, ok, err := db.NextDue(ctx); err != nil || !ok || !at.Equal(retryAt) {
			t.Errorf("try %d: NextDue = %v, %v, %v; want the retry at %v, not the reminder behind it", try, at, ok, err, retryAt)
		}
		clk.Set(retryAt)
		got, err := db.ClaimDue(ctx, retryAt, time.Minute, 10)
		if err != nil || len(got) != 2 || got[0].Key != "failing" || got[1].Key != "reminder" {
			t.Fatalf("try %d: ClaimDue at the retry = %+v, %v; want the retry, then the reminder", try, got, err)
		}
		if err := db.ReleaseClaims(ctx, got[1:]); err != nil {
			t.Fatal(err)
		}
		first = got[:1]
		retryAt = retryAt.Add(time.Duration(try) * 20 * time.Second)
	}
	// Failed a third time: the reminder goes now, not behind it.
	if err := db.MarkRetry(ctx, first[0].ID, "invalid character 'x'", retryAt); err != nil {
		t.Fatal(err)
	}
	now := clk.Now()
	if at, ok, err := db.NextDue(ctx); err != nil || !ok || !at.Equal(start) {
		t.Errorf("NextDue after the third try = %v, %v, %v; want the reminder's time %v", at, ok, err, start)
	}
	if at, ok, err := db.NextWake(ctx); err != nil || !ok || !at.Equal(start) {
		t.Errorf("NextWake after the third try = %v, %v, %v; want the reminder's time %v", at, ok, err, start)
	}
	got, err := db.ClaimDue(ctx, now, time.Minute, 10)
	if err != nil || len(got) != 1 || got[0].Key != "reminder" {
		t.Errorf("ClaimDue after the third try = %+v, %v; want the reminder", got, err)
	}
}
