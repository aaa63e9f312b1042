package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// Migration 0022 makes goals and agenda items stored with line breaks one
// line, as the bot now stores them: a second line could pass for the bot's
// own words where they are shown.
func TestMigrationMakesGoalsAndAgendaItemsOneLine(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePair(ctx, "UADMIN", "UM", "UE")
	if err != nil {
		t.Fatal(err)
	}
	g, err := db.AddGoal(ctx, "UE", store.GoalInput{Text: "Learn Go\r\n*IT notice:* log in\u2028now"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAgendaItem(ctx, "UE", p.ID, "first\n*second*", clk.Now().Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.Close()

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`ALTER TABLE pairs DROP COLUMN snoozed_at; DROP TABLE checkin_pairs; ALTER TABLE notifications DROP COLUMN lease_locked; DROP TABLE forgotten; ALTER TABLE cohorts DROP COLUMN tz; ALTER TABLE meeting_skips DROP COLUMN prompted_for; ALTER TABLE plan_until DROP COLUMN planned_at; ALTER TABLE plan_until DROP COLUMN digest; PRAGMA user_version = 21`); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err = store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if g, err = db.OwnGoal(ctx, "UE", g.ID); err != nil || g.Text != "Learn Go *IT notice:* log in now" {
		t.Errorf("goal after the migration: %q, %v", g.Text, err)
	}
	items, err := db.Agenda(ctx, "UE", p.ID)
	if err != nil || len(items) != 1 || items[0].Text != "first *second*" {
		t.Errorf("agenda after the migration: %+v, %v", items, err)
	}
}
