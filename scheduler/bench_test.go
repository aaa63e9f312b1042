package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"

	_ "modernc.org/sqlite"
)

// seedPairs writes n active pairs, each meeting weekly (a weekday and hour
// that vary, in three zones), straight into a new database file, and
// returns its path.
func seedPairs(b *testing.B, n int, now time.Time) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	zones := []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo"}
	days := []string{"mon", "tue", "wed", "thu", "fri"}
	rules := map[string]string{}
	for i := range n {
		mentor, mentee := fmt.Sprintf("UM%05d", i), fmt.Sprintf("UE%05d", i)
		zone := zones[i%len(zones)]
		for _, u := range []string{mentor, mentee} {
			if _, err := tx.Exec(`INSERT INTO users (user_id, name, tz) VALUES (?, ?, ?)`, u, strings.ToLower(u), zone); err != nil {
				b.Fatal(err)
			}
		}
		res, err := tx.Exec(`INSERT INTO pairs (mentor_id, mentee_id, created_by, created_at) VALUES (?, ?, 'UADMIN', ?)`,
			mentor, mentee, now.Add(-60*24*time.Hour).Unix())
		if err != nil {
			b.Fatal(err)
		}
		id, _ := res.LastInsertId()
		when := fmt.Sprintf("weekly %s %d:%02d|%s", days[i%5], 9+i%8, 30*(i%2), zone)
		enc, ok := rules[when]
		if !ok {
			w, z, _ := strings.Cut(when, "|")
			loc, _ := time.LoadLocation(z)
			r, _, err := cadence.ParseMeet(w, loc, now.Add(-30*24*time.Hour))
			if err != nil {
				b.Fatal(err)
			}
			enc = r.Encode()
			rules[when] = enc
		}
		if _, err := tx.Exec(`INSERT INTO schedules (pair_id, rule, duration_min, set_by, set_at) VALUES (?, ?, 30, ?, ?)`,
			id, enc, mentor, now.Add(-30*24*time.Hour).Unix()); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return path
}

func execRaw(b *testing.B, path, q string) {
	b.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(q); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPlanPass measures one scheduler pass over 10,000 active pairs
// with weekly meetings: planning everything due in the next 8 days
// (reminders, agenda prompts, follow-ups, check-ins) and storing it, then
// a pass when all is planned already (the daily re-plan), then a
// dispatcher pass that finds nothing due.
func BenchmarkPlanPass(b *testing.B) {
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	path := seedPairs(b, 10000, now)
	clk := clock.NewFake(now)
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: newFakeNotifier(clk), Clock: clk, Config: testConfig()})
	count := func() int {
		ns, err := db.Notifications(ctx, store.NoteFilter{Status: store.NotePending, Limit: 1 << 20})
		if err != nil {
			b.Fatal(err)
		}
		return len(ns)
	}

	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			execRaw(b, path, `DELETE FROM notifications`)
			b.StartTimer()
			if err := sched.ReplanAll(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(count()), "rows")
	})
	b.Run("replan", func(b *testing.B) {
		// Run alone (-bench PlanPass/replan), it plans first: the figure
		// is a restart's re-plan of a programme planned already.
		if err := sched.ReplanAll(ctx); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := sched.ReplanAll(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(count()), "rows")
	})
	b.Run("pair-changed", func(b *testing.B) {
		i := int64(0)
		for b.Loop() {
			sched.PairChanged(ctx, 1+i%10000)
			i++
		}
	})
	b.Run("dispatch-nothing-due", func(b *testing.B) {
		// This Monday's check-ins in Berlin and Tokyo are due at the start:
		// send them first.
		if _, err := sched.DispatchDue(ctx); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := sched.DispatchDue(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDispatch1000 hands 1,000 due DMs (a reminder each, rendered
// from the database) to the simulator through the real bot.Notifier and
// Slack client, and records them sent.
func BenchmarkDispatch1000(b *testing.B) {
	const n = 1000
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	path := seedPairs(b, n/2, now)
	clk := clock.NewFake(now)
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sim := slacksim.New(slacksim.Options{Clock: clk})
	defer sim.Close()
	for i := range n / 2 {
		for _, u := range []string{fmt.Sprintf("UM%05d", i), fmt.Sprintf("UE%05d", i)} {
			sim.AddUser(slacksim.User{ID: u, Name: strings.ToLower(u), TZ: "Europe/Berlin"})
		}
	}
	log := slog.New(slog.DiscardHandler)
	sl := &bot.Slack{API: slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL())), DB: db, Log: log,
		ProfileTTL: time.Hour, Now: clk.Now}
	nt := &bot.Notifier{Slack: sl, DB: db, Config: bot.Config{Config: scheduler.Config{DefaultTZ: time.UTC}}, Clock: clk, Log: log}
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: testConfig(), Workers: 32})
	if err := sched.ReplanAll(ctx); err != nil {
		b.Fatal(err)
	}
	// Every pair's next 24h reminder: one per member, 1,000 in all.
	var due []store.Notification
	ns, err := db.Notifications(ctx, store.NoteFilter{Kind: scheduler.KindReminder, Status: store.NotePending, Limit: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	for _, x := range ns {
		if !seen[x.RecipientID] && strings.HasPrefix(x.Key, "reminder:24h:") {
			seen[x.RecipientID] = true
			due = append(due, x)
		}
	}
	if len(due) != n {
		b.Fatalf("%d reminders to send, want %d", len(due), n)
	}
	ids := make([]string, len(due))
	for i, x := range due {
		ids[i] = fmt.Sprint(x.ID)
	}
	idList := strings.Join(ids, ",")
	// Open the DM channels once, as a running bot would have.
	for _, x := range due[:1] {
		if _, err := sl.DMChannel(ctx, x.RecipientID); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		// Make exactly these 1,000 due now, and nothing else.
		execRaw(b, path, `UPDATE notifications SET status = 'cancelled' WHERE status = 'pending'`)
		execRaw(b, path, fmt.Sprintf(`UPDATE notifications SET status = 'pending', due_at = %d, attempts = 0, sent_at = 0, lease_until = 0
			WHERE id IN (%s)`, clk.Now().Unix(), idList))
		b.StartTimer()
		k, err := sched.DispatchDue(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if k != n {
			b.Fatalf("dispatched %d, want %d", k, n)
		}
	}
	b.StopTimer()
	sent, _ := db.Notifications(ctx, store.NoteFilter{Status: store.NoteSent, Limit: 1 << 20})
	if len(sent) != n {
		b.Fatalf("%d sent, want %d", len(sent), n)
	}
	b.ReportMetric(float64(n)/(b.Elapsed().Seconds()/float64(b.N)), "DMs/s")
}
