package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// unskip runs UnskipMeetingTx in a commit of its own.
func unskip(db *store.DB, actor string, pairID int64, setAt, at, heir time.Time) error {
	return db.InTx(context.Background(), func(tx *store.Tx) error {
		return store.UnskipMeetingTx(context.Background(), tx, actor, pairID, setAt, at, heir)
	})
}

// A skip taken back leaves the meeting to take place, with the agenda the
// skip sent on to the next meeting; only a member, of a live pair, under
// the schedule the skip was made in, and only once.
func TestUnskipMeeting(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	sc, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	thu := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)
	heir := thu.AddDate(0, 0, 7)
	item, err := db.AddAgendaItem(ctx, mentee, p.ID, "promotion case", thu)
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	if err := db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := store.SkipMeetingTx(ctx, tx, mentee, p.ID, thu); err != nil {
			return err
		}
		return store.PinAgendaTx(ctx, tx, p.ID, heir, time.Time{})
	}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Minute)
	later, err := db.AddAgendaItem(ctx, mentor, p.ID, "added after the skip", heir)
	if err != nil {
		t.Fatal(err)
	}

	wantCode(t, "an outsider", unskip(db, outsider, p.ID, sc.SetAt, thu, heir), store.ENotFound)
	wantCode(t, "another schedule's skip", unskip(db, mentor, p.ID, sc.SetAt.Add(-time.Second), thu, heir), store.EConflict)
	wantCode(t, "a meeting never skipped", unskip(db, mentor, p.ID, sc.SetAt, heir, heir.AddDate(0, 0, 7)), store.EConflict)
	if err := unskip(db, mentor, p.ID, sc.SetAt, thu, heir); err != nil {
		t.Fatalf("the partner takes the skip back: %v", err)
	}
	ch, err := db.MeetingChanges(ctx, p.ID, clk.Now())
	if err != nil || ch.Skipped(thu) || len(ch.Skips) != 0 {
		t.Errorf("after the skip was taken back: %+v, %v", ch, err)
	}
	items, err := db.OpenAgenda(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range items {
		want := heir
		if a.ID == item.ID {
			want = thu
		}
		if !a.MeetingAt.Equal(want) {
			t.Errorf("item %q is for %v, want %v", a.Text, a.MeetingAt, want)
		}
	}
	if len(items) != 2 || later.ID == item.ID {
		t.Errorf("agenda: %+v", items)
	}
	wantCode(t, "taken back twice", unskip(db, mentor, p.ID, sc.SetAt, thu, heir), store.EConflict)

	// Past its time, or in a pair ended since, nothing changes.
	if err := db.SkipMeeting(ctx, mentor, p.ID, heir); err != nil {
		t.Fatal(err)
	}
	clk.Set(heir.Add(time.Minute))
	wantCode(t, "a meeting begun", unskip(db, mentor, p.ID, sc.SetAt, heir, heir.AddDate(0, 0, 7)), store.EInvalid)
	if err := db.SkipMeeting(ctx, mentor, p.ID, heir.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EndPair(ctx, mentor, p.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "an ended pair", unskip(db, mentor, p.ID, sc.SetAt, heir.AddDate(0, 0, 7), time.Time{}), store.EConflict)
	if ch, _ := db.MeetingChanges(ctx, p.ID, clk.Now()); !ch.Skipped(heir.AddDate(0, 0, 7)) {
		t.Errorf("an ended pair's skip was taken back: %+v", ch)
	}
}
