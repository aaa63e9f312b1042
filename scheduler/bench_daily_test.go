package scheduler_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// BenchmarkDailyReplan measures the daily re-plan (ReplanDue) of 20,000
// active pairs with weekly meetings, one programme day an iteration: the
// clock moves a day, what fell due is marked sent (as the dispatcher
// would), the WAL is checkpointed (as a running bot does as it goes), and
// then the plans that ran out are re-planned. Run it with a -benchtime of
// days, e.g. -benchtime 7x: the first iterations follow a full plan.
// BENCH_LOG=1 logs what each day's re-plan added, moved and cancelled.
func BenchmarkDailyReplan(b *testing.B) {
	const pairs = 20000
	now := time.Date(2026, 11, 2, 3, 0, 0, 0, time.UTC)
	path := seedPairs(b, pairs, now)
	clk := clock.NewFake(now)
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var lg *slog.Logger
	if os.Getenv("BENCH_LOG") != "" {
		lg = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: newFakeNotifier(clk), Clock: clk, Config: testConfig(), Logger: lg})
	if err := sched.ReplanAll(ctx); err != nil {
		b.Fatal(err)
	}
	before := func() int {
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		var n int
		if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM notifications`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	rows0 := before()
	for b.Loop() {
		b.StopTimer()
		clk.Advance(24 * time.Hour)
		execRaw(b, path, fmt.Sprintf(`UPDATE notifications SET status = 'sent', sent_at = due_at WHERE status = 'pending' AND due_at <= %d`, clk.Now().Unix()))
		if err := db.Checkpoint(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := sched.ReplanDue(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(before()-rows0)/float64(b.N), "rows/day")
}
