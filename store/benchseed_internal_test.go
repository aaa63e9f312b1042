package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// What the bench seeds is what the bot then reads, across transactions
// and past a full batch of rows (prepared once, parents flushed before
// their children), and the indexes dropped for the load are all back.
func TestSeedWritesWhatTheBotReads(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 4, 14, 0, 0, 0, time.UTC)
	db, err := Open(ctx, filepath.Join(t.TempDir(), "seed.db"), Options{Clock: clock.NewFake(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	indexes := func() []string {
		rows, err := db.read.QueryContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defs, err := collect(rows, scanOne[string])
		if err != nil {
			t.Fatal(err)
		}
		return defs
	}
	before := indexes()
	dropped, err := db.DropIndexes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := indexes(); len(before) == 0 || len(got) != 0 {
		t.Fatalf("indexes before the drop %d, after %d; want some, then none", len(before), len(got))
	}

	const pairs = 300 // past one batch of 256
	at := now.Add(-30 * 24 * time.Hour)
	rows, err := db.Seed(ctx, func(s *Seeder) error {
		for i := range pairs {
			m, e := fmt.Sprintf("UM%03d", i), fmt.Sprintf("UE%03d", i)
			for _, u := range []string{m, e} {
				if err := s.User(User{ID: u, Name: "n" + u, RealName: "Person " + u, TZ: "Europe/Berlin", DMChannel: "D" + u, FetchedAt: now, LastActiveAt: at}); err != nil {
					return err
				}
			}
			if err := s.Pair(Pair{ID: int64(i + 1), MentorID: m, MenteeID: e, Status: PairActive, CreatedBy: "UADMIN", CreatedAt: at}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || rows != 3*pairs {
		t.Fatalf("seeded %d rows, %v; want %d", rows, err, 3*pairs)
	}
	// The second transaction's rows refer to the first's.
	held := at.Add(7 * 24 * time.Hour)
	_, err = db.Seed(ctx, func(s *Seeder) error {
		return firstErr(
			s.Goal(Goal{ID: 1, OwnerID: "UE000", Text: "Give a talk", DueOn: "2027-01-10", Status: GoalOpen, Progress: 40, CreatedAt: at, UpdatedAt: at}),
			s.GoalProgress(GoalProgress{GoalID: 1, Percent: 40, Note: "step 1", ByUser: "UE000", At: at.Add(time.Hour)}),
			s.Schedule(Schedule{PairID: 1, Rule: "weekly wed 10:00 Europe/Berlin from 2026-10-01", Duration: 30 * time.Minute, SetBy: "UM000", SetAt: at}),
			s.MeetingSkip(1, held.Add(7*24*time.Hour), "UE000", held),
			s.Session(Session{ID: 1, PairID: 1, HeldOn: "2026-10-12", MeetingAt: held, Notes: "Talked it through.", LoggedBy: "UE000", CreatedAt: held.Add(time.Hour)}, 1),
			s.Todo(Todo{ID: 1, PairID: 1, SessionID: 1, OwnerID: "UE000", Text: "Write it up", Status: "open", CreatedAt: held.Add(time.Hour)}),
			s.AgendaItem(AgendaItem{PairID: 1, AuthorID: "UE000", Text: "Visibility", MeetingAt: held, Status: "covered", SessionID: 1, CreatedAt: at}),
			s.AgendaItem(AgendaItem{PairID: 1, AuthorID: "UE000", Text: "Promotion case", Status: "open", CreatedAt: now.Add(-time.Hour)}),
			s.Feedback(Feedback{PairID: 1, FromID: "UM000", ToID: "UE000", Kind: "rating", Rating: 5, Text: "Helpful.", CreatedAt: held.Add(24 * time.Hour)}),
			s.Notification(Notification{Key: "checkin:to=UE000:on=2026-11-02", Kind: "checkin", RecipientID: "UE000", Ref: "2026-11-02",
				DueAt: now.Add(-2 * 24 * time.Hour), ExpiresAt: now.Add(-24 * time.Hour), Status: "sent", Attempts: 1, Channel: "DUE000", TS: "1.000100",
				CreatedAt: now.Add(-5 * 24 * time.Hour), SentAt: now.Add(-2 * 24 * time.Hour)}),
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RebuildIndexes(ctx, dropped); err != nil {
		t.Fatal(err)
	}
	if got := indexes(); !slices.Equal(got, before) {
		t.Errorf("indexes after the rebuild:\n%q\nwant\n%q", got, before)
	}

	if u, err := db.User(ctx, fmt.Sprintf("UE%03d", pairs-1)); err != nil || u.DMChannel != fmt.Sprintf("DUE%03d", pairs-1) || !u.LastActiveAt.Equal(at) {
		t.Errorf("the last mentee: %+v, %v", u, err)
	}
	if ps, err := db.PairsOf(ctx, fmt.Sprintf("UM%03d", pairs-1), false); err != nil || len(ps) != 1 || ps[0].ID != pairs || !ps[0].CreatedAt.Equal(at) {
		t.Errorf("the last mentor's pairs: %+v, %v", ps, err)
	}
	if gs, err := db.Goals(ctx, "UE000", "UE000", false); err != nil || len(gs) != 1 || gs[0].Progress != 40 || gs[0].DueOn != "2027-01-10" {
		t.Errorf("goals: %+v, %v", gs, err)
	}
	if gp, err := db.GoalProgress(ctx, "UE000", 1); err != nil || len(gp) != 1 || gp[0].Note != "step 1" {
		t.Errorf("goal progress: %+v, %v", gp, err)
	}
	if sc, ok, err := db.Schedule(ctx, 1); err != nil || !ok || sc.Duration != 30*time.Minute || sc.SetBy != "UM000" {
		t.Errorf("schedule: %+v, %v, %v", sc, ok, err)
	}
	var skips int
	if err := db.write.QueryRowContext(ctx, `SELECT count(*) FROM meeting_skips WHERE pair_id = 1 AND starts_at < ?`, unix(now)).Scan(&skips); err != nil || skips != 1 {
		t.Errorf("skips: %d, %v; want 1", skips, err)
	}
	if ss, err := db.Sessions(ctx, "UM000", 1, 0); err != nil || len(ss) != 1 || ss[0].Notes != "Talked it through." || !ss[0].MeetingAt.Equal(held) {
		t.Errorf("sessions: %+v, %v", ss, err)
	}
	if ts, err := db.PairTodos(ctx, "UM000", 1); err != nil || len(ts) != 1 || ts[0].Text != "Write it up" || ts[0].SessionID != 1 {
		t.Errorf("to-dos: %+v, %v", ts, err)
	}
	if as, err := db.OpenAgenda(ctx, 1); err != nil || len(as) != 1 || as[0].Text != "Promotion case" || !as[0].MeetingAt.IsZero() || as[0].SessionID != 0 {
		t.Errorf("open agenda: %+v, %v; want the promotion case alone", as, err)
	}
	if fs, err := db.FeedbackReceived(ctx, "UE000", 0); err != nil || len(fs) != 1 || fs[0].Rating != 5 {
		t.Errorf("feedback: %+v, %v", fs, err)
	}
	if n, err := db.Notification(ctx, "checkin:to=UE000:on=2026-11-02"); err != nil || n.Status != "sent" || n.TS != "1.000100" || !n.SentAt.Equal(now.Add(-2*24*time.Hour)) {
		t.Errorf("notification: %+v, %v", n, err)
	}
}

// A seeding transaction that fails writes nothing of it.
func TestSeedFailureWritesNothing(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "seed.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Seed(ctx, func(s *Seeder) error {
		if err := s.User(User{ID: "UA", TZ: "Europe/Berlin"}); err != nil {
			return err
		}
		// No such users: refused at commit.
		return s.Pair(Pair{ID: 1, MentorID: "UX", MenteeID: "UY", Status: PairActive, CreatedBy: "UADMIN"})
	})
	if err == nil {
		t.Fatal("a pair of people who are not there was seeded")
	}
	if _, err := db.User(ctx, "UA"); err == nil {
		t.Error("UA was written by the failed transaction")
	}
}

// The bench's day of sending marks what fell due as sent, and nothing
// due later; its floor's rows go when it is done.
func TestMarkSentUntilAndFloorRows(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 4, 14, 0, 0, 0, time.UTC)
	db, err := Open(ctx, filepath.Join(t.TempDir(), "seed.db"), Options{Clock: clock.NewFake(now)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, _, err := db.AddTopics(ctx, "UADMIN", []string{"Go"}); err != nil {
		t.Fatal(err)
	}
	for key, due := range map[string]time.Time{"due": now.Add(-time.Hour), "later": now.Add(time.Hour)} {
		if _, err := db.Enqueue(ctx, Notification{Key: key, Kind: "checkin", RecipientID: "UA", DueAt: due, ExpiresAt: due.Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MarkSentUntil(ctx, now); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"due": "sent", "later": "pending"} {
		if n, err := db.Notification(ctx, key); err != nil || n.Status != want || (want == "sent" && !n.SentAt.Equal(n.DueAt)) {
			t.Errorf("%s: %+v, %v; want %s", key, n, err, want)
		}
	}
	for i := range 3 {
		if err := db.FloorInsert(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	if ts, err := db.Topics(ctx); err != nil || len(ts) != 4 {
		t.Fatalf("topics with the floor's: %q, %v", ts, err)
	}
	if err := db.DeleteFloorRows(ctx); err != nil {
		t.Fatal(err)
	}
	if ts, err := db.Topics(ctx); err != nil || !slices.Equal(ts, []string{"Go"}) {
		t.Errorf("topics after the floor: %q, %v; want Go alone", ts, err)
	}
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
