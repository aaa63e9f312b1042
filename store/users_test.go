package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Someone Slack says has left the workspace has their live pairs ended,
// once; coming back ends nothing, and an answer from users.info asked
// before a newer profile was stored does not overwrite it, nor end the
// pairs of someone who came back meanwhile.
func TestSaveProfileLeavingEndsPairsOnce(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	gone := store.Profile{ID: mentee, Name: "mentee", Deleted: true}
	farewells := 0
	farewell := func(q store.Pair) (store.Notification, error) {
		farewells++
		return store.Notification{Key: fmt.Sprintf("bye:pair=%d", q.ID), Kind: "pair_ended", RecipientID: q.Partner(mentee), PairID: q.ID,
			Payload: `{"text":"bye"}`}, nil
	}
	ended, err := db.SaveProfile(ctx, gone, farewell)
	if err != nil || len(ended) != 1 || ended[0].ID != p.ID || ended[0].EndedBy != mentee {
		t.Fatalf("leaving: ended %+v, %v; want pair %d, ended by the leaver", ended, err, p.ID)
	}
	if n, err := db.Notification(ctx, fmt.Sprintf("bye:pair=%d", p.ID)); err != nil || n.RecipientID != mentor || n.Status != store.NotePending {
		t.Errorf("the farewell to the partner: %+v, %v; want it queued with the end", n, err)
	}
	if ended, err := db.SaveProfile(ctx, gone, farewell); err != nil || len(ended) != 0 || farewells != 1 {
		t.Errorf("leaving again: ended %+v, %v, %d farewells; want none more", ended, err, farewells)
	}

	asked := clk.Now() // a users.info call begins while they are gone…
	clk.Advance(time.Minute)
	if ended, err := db.SaveProfile(ctx, store.Profile{ID: mentee, Name: "mentee"}, nil); err != nil || len(ended) != 0 {
		t.Fatalf("coming back: ended %+v, %v", ended, err)
	}
	q := mustPair(t, db)
	clk.Advance(time.Minute)
	// …and its answer lands after the news that they are back.
	if ended, err := db.SaveProfile(ctx, store.Profile{ID: mentee, Name: "mentee", Deleted: true, AsOf: asked}, nil); err != nil || len(ended) != 0 {
		t.Errorf("an older answer: ended %+v, %v; want none", ended, err)
	}
	if u, err := db.User(ctx, mentee); err != nil || u.Deleted {
		t.Errorf("after an older answer the profile is %+v, %v; want them back", u, err)
	}
	if got, err := db.Pair(ctx, mentor, q.ID); err != nil || !got.Live() {
		t.Errorf("the new pair after an older answer: %+v, %v", got, err)
	}
	// A newer answer is saved.
	if ended, err := db.SaveProfile(ctx, store.Profile{ID: mentee, Name: "mentee2", AsOf: clk.Now()}, nil); err != nil || len(ended) != 0 {
		t.Fatal(ended, err)
	}
	if u, _ := db.User(ctx, mentee); u.Name != "mentee2" {
		t.Errorf("a newer users.info answer was not saved: %+v", u)
	}
}
