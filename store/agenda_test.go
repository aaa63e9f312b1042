package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

func agendaTexts(items []store.AgendaItem) []string {
	var out []string
	for _, a := range items {
		out = append(out, a.Text)
	}
	return out
}

func TestAgendaRolloverAndCover(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	if _, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	first := clk.Now().Add(2 * 24 * time.Hour) // "the next meeting" as the bot computed it
	second := first.Add(7 * 24 * time.Hour)

	a1, err := db.AddAgendaItem(ctx, mentee, p.ID, "  review prep ", first)
	if err != nil || a1.Text != "review prep" || !a1.MeetingAt.Equal(first) || a1.Status != store.AgendaOpen {
		t.Fatalf("AddAgendaItem = %+v, %v", a1, err)
	}
	if _, err := db.AddAgendaItem(ctx, mentor, p.ID, "conference talk", first); err != nil {
		t.Fatal(err)
	}
	if a1.CarriedOver(clk.Now()) {
		t.Error("an item for a future meeting is carried over")
	}

	// The first meeting passes without a log: both items roll over.
	clk.Advance(3 * 24 * time.Hour)
	items, err := db.Agenda(ctx, mentor, p.ID)
	if err != nil || len(items) != 2 || !items[0].CarriedOver(clk.Now()) {
		t.Fatalf("Agenda after the meeting = %+v, %v; want both, carried over", items, err)
	}
	// An item added now is for the second meeting.
	later, err := db.AddAgendaItem(ctx, mentee, p.ID, "next time: salary talk", second)
	if err != nil {
		t.Fatal(err)
	}

	// A log today covers what was meant for meetings up to now, not what
	// waits for the second meeting.
	s, err := db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-05", Notes: "caught up",
		CoverUntil: clk.Now().Add(time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if got := agendaTexts(s.Covered); fmt.Sprint(got) != "[review prep conference talk]" {
		t.Errorf("covered = %v", got)
	}
	open, _ := db.OpenAgenda(ctx, p.ID)
	if len(open) != 1 || open[0].ID != later.ID {
		t.Errorf("open after log = %+v; want only the item for the second meeting", open)
	}
	got, _ := db.Session(ctx, mentee, s.ID)
	if len(got.Covered) != 2 {
		t.Errorf("Session.Covered = %+v", got.Covered)
	}

	// Skipping the second meeting makes its items wait for whatever is next.
	if err := db.SkipMeeting(ctx, mentee, p.ID, second); err != nil {
		t.Fatal(err)
	}
	open, _ = db.OpenAgenda(ctx, p.ID)
	if len(open) != 1 || !open[0].MeetingAt.IsZero() {
		t.Errorf("after skip: %+v; want the item retargeted to the next meeting", open)
	}
	// Pinned to the meeting after the skip, a session logged before that
	// one (a coffee chat) leaves it open; that meeting's log covers it.
	third := second.Add(7 * 24 * time.Hour)
	if err := db.InTx(ctx, func(tx *store.Tx) error { return store.PinAgendaTx(ctx, tx, p.ID, third, time.Time{}) }); err != nil {
		t.Fatal(err)
	}
	s, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: "2026-11-05", Notes: "coffee chat",
		CoverUntil: clk.Now().Add(time.Second)})
	if err != nil || len(s.Covered) != 0 {
		t.Errorf("coffee chat after the pin covered %+v, %v", s.Covered, err)
	}
	open, _ = db.OpenAgenda(ctx, p.ID)
	if len(open) != 1 || !open[0].MeetingAt.Equal(third) {
		t.Errorf("after the pin: %+v; want the item for %v", open, third)
	}
	clk.Set(third.Add(time.Hour))
	s, err = db.LogSession(ctx, mentor, store.NewSession{PairID: p.ID, HeldOn: third.Format("2006-01-02"), MeetingAt: third, Notes: "met",
		CoverUntil: clk.Now().Add(time.Second)})
	if err != nil || len(s.Covered) != 1 {
		t.Errorf("the pinned meeting's log covered %+v, %v", s.Covered, err)
	}
}

func TestAgendaNewScheduleRetargets(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	if _, err := db.SetSchedule(ctx, mentor, p.ID, weeklyRule, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAgendaItem(ctx, mentee, p.ID, "topic", clk.Now().Add(72*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetSchedule(ctx, mentor, p.ID, "weekly tue 10:00 Europe/Berlin from 2026-11-03", 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	open, _ := db.OpenAgenda(ctx, p.ID)
	if len(open) != 1 || !open[0].MeetingAt.IsZero() {
		t.Errorf("after a new schedule: %+v; want the item for the next meeting, whenever it is", open)
	}
}

func TestAgendaRules(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	p := mustPair(t, db)
	_, err := db.AddAgendaItem(ctx, outsider, p.ID, "snooping", time.Time{})
	wantCode(t, "outsider adds", err, store.ENotFound)
	_, err = db.Agenda(ctx, outsider, p.ID)
	wantCode(t, "outsider reads", err, store.ENotFound)
	_, err = db.AddAgendaItem(ctx, mentor, p.ID, "   ", time.Time{})
	wantCode(t, "empty item", err, store.EInvalid)
	for i := range store.MaxOpenAgenda {
		if _, err := db.AddAgendaItem(ctx, mentee, p.ID, fmt.Sprint("item ", i), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = db.AddAgendaItem(ctx, mentee, p.ID, "one too many", time.Time{})
	wantCode(t, "full agenda", err, store.EConflict)
	items, _ := db.Agenda(ctx, mentor, p.ID)
	if len(items) != store.MaxOpenAgenda || items[0].CarriedOver(time.Now()) {
		t.Errorf("agenda = %d items; want %d, none carried over (no meeting)", len(items), store.MaxOpenAgenda)
	}
	if _, err := db.EndPair(ctx, mentor, p.ID); err != nil {
		t.Fatal(err)
	}
	_, err = db.AddAgendaItem(ctx, mentor, p.ID, "after the end", time.Time{})
	wantCode(t, "add to an ended pair", err, store.EConflict)
}

// Only an item's author takes it off the agenda, while it is open; it is
// gone from the agenda then, and a full agenda has room again.
func TestRemoveAgendaItem(t *testing.T) {
	ctx := context.Background()
	db, clk := MustOpen(t)
	p := mustPair(t, db)
	next := clk.Now().Add(48 * time.Hour)
	var items []store.AgendaItem
	for i := range store.MaxOpenAgenda {
		a, err := db.AddAgendaItem(ctx, mentee, p.ID, fmt.Sprintf("topic %d", i), next)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, a)
	}
	_, err := db.AddAgendaItem(ctx, mentor, p.ID, "one more", next)
	wantCode(t, "add to a full agenda", err, store.EConflict)

	_, err = db.RemoveAgendaItem(ctx, mentor, items[0].ID)
	wantCode(t, "remove the partner's item", err, store.EForbidden)
	_, err = db.RemoveAgendaItem(ctx, outsider, items[0].ID)
	wantCode(t, "remove as a stranger", err, store.ENotFound)
	_, err = db.RemoveAgendaItem(ctx, mentee, 99999)
	wantCode(t, "remove no such item", err, store.ENotFound)
	if got, _ := db.Agenda(ctx, mentee, p.ID); len(got) != store.MaxOpenAgenda {
		t.Fatalf("refused removals changed the agenda: %d items", len(got))
	}

	a, err := db.RemoveAgendaItem(ctx, mentee, items[0].ID)
	if err != nil || a.Text != "topic 0" {
		t.Fatalf("remove = %+v, %v", a, err)
	}
	got, _ := db.Agenda(ctx, mentee, p.ID)
	if len(got) != store.MaxOpenAgenda-1 || got[0].Text != "topic 1" {
		t.Errorf("after removing: %v", agendaTexts(got))
	}
	if _, err := db.AddAgendaItem(ctx, mentor, p.ID, "one more", next); err != nil {
		t.Errorf("the agenda has room again: %v", err)
	}
	_, err = db.RemoveAgendaItem(ctx, mentee, items[0].ID)
	wantCode(t, "remove it twice", err, store.ENotFound)

	// Covered by a logged session: it stays on the record.
	clk.Set(next.Add(time.Hour))
	if _, err := db.LogSession(ctx, mentee, store.NewSession{PairID: p.ID, HeldOn: next.UTC().Format(time.DateOnly), MeetingAt: next, Notes: "x"}); err != nil {
		t.Fatal(err)
	}
	_, err = db.RemoveAgendaItem(ctx, mentee, items[1].ID)
	wantCode(t, "remove a covered item", err, store.EConflict)
}
