package store_test

import (
	"context"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// Forget deletes the answers kept for the forgotten person's own commands
// and blanks every other kept answer, which may quote them: a redelivery
// of one of those then finds it taken on but not done, and is answered as
// an interrupted one rather than with what the forgotten person wrote.
func TestForgetClearsTheAnswersKeptForRedeliveries(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	if _, err := db.CreatePair(ctx, "UADMIN", mentor, mentee); err != nil {
		t.Fatal(err)
	}
	deliver := func(keys []string, user, reply string) {
		t.Helper()
		cctx, claim := store.WithClaim(ctx, keys)
		if err := db.RecordClaim(cctx); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishDelivery(ctx, keys, claim.Settle(), reply, user); err != nil {
			t.Fatal(err)
		}
	}
	own := []string{"envelope:EOWN", "trigger:TOWN"}
	partners := []string{"envelope:EPARTNER", "trigger:TPARTNER"}
	silent := []string{"envelope:ESILENT"}
	deliver(own, mentee, `{"text":"Added goal #1: Wombat talk"}`)
	deliver(partners, mentor, `{"text":"Agenda: Wombat agenda item"}`)
	deliver(silent, mentor, "")

	if _, err := db.Forget(ctx, mentee, nil); err != nil {
		t.Fatal(err)
	}
	var n int
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM deliveries WHERE reply LIKE '%Wombat%'`).Scan(&n)
	})
	if err != nil || n != 0 {
		t.Errorf("%d kept answers quote the forgotten person (%v)", n, err)
	}
	if _, found, _ := db.LookupDelivery(ctx, own); found {
		t.Error("the forgotten person's own delivery is still kept")
	}
	d, found, err := db.LookupDelivery(ctx, partners)
	if err != nil || !found || !d.DoneAt.IsZero() || d.Reply != "" {
		t.Errorf("partner's delivery after forget: %+v, found %v, %v; want kept as taken on, not done, no reply", d, found, err)
	}
	// An answer with nothing in it quotes nobody: left as it was.
	if d, found, _ := db.LookupDelivery(ctx, silent); !found || d.DoneAt.IsZero() {
		t.Errorf("a silent delivery after forget: %+v, found %v; want it done still", d, found)
	}
}
