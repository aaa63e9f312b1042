package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// testSleepMS, a SQL function, sleeps for its argument in milliseconds: a
// trigger that calls it makes a statement hold the write lock that long.
// Registered before any connection opens: the driver gives a function to
// the connections it opens afterwards.
func init() {
	sqlite.MustRegisterScalarFunction("test_sleep_ms", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		ms, _ := args[0].(int64)
		time.Sleep(time.Duration(ms) * time.Millisecond)
		return nil, nil
	})
}

// syncBuffer is a log destination written from the store's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// `mentorbot migrate` opens the store without migrating (NoMigrate), so
// the look at the lock on an idle bot already runs when Migrate does. A
// migration that holds the write lock past a look and the busy timeout
// (a large table rebuilt) holds the bot's own lock: it is neither
// reported (LockedRecently) nor logged as another connection's. Real
// time, as the lock, the busy timeout and the looks are.
func TestOwnLongMigrationIsNotReportedLocked(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var logs syncBuffer
	db, err := Open(ctx, filepath.Join(t.TempDir(), "m.db"), Options{
		NoMigrate:      true,
		Clock:          clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)),
		Logger:         slog.New(slog.NewTextHandler(&logs, nil)),
		BusyTimeout:    time.Second,
		LockProbeEvery: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	// The schema just before 0027, which updates every round: with a
	// round, and a trigger that makes updating one take 2 s, applying it
	// holds the write lock from the first look at it (200 ms after Open)
	// past the busy timeout (1 s).
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m migration) bool { return m.name == "0027_cohort_tz" })
	if i < 0 {
		t.Fatal("no migration 0027_cohort_tz")
	}
	for {
		_, done, err := db.migrateOne(ctx, ms[:i])
		if err != nil {
			t.Fatal(err)
		}
		if done {
			break
		}
	}
	const hold = 2 * time.Second
	for _, q := range []string{
		`INSERT INTO cohorts (name, starts_on, ends_on, created_by, created_at) VALUES ('Q1', '2026-11-02', '2027-03-31', 'UDANA', 0)`,
		fmt.Sprintf(`CREATE TRIGGER slow_update AFTER UPDATE ON cohorts BEGIN SELECT test_sleep_ms(%d); END`, hold.Milliseconds()),
	} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Now()
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < hold || len(applied) == 0 || applied[0] != "0027_cohort_tz" {
		t.Fatalf("Migrate applied %v in %v; the test needs 0027 to hold the lock for %v", applied, took, hold)
	}
	if db.LockedRecently() {
		t.Error("the bot's own long migration is reported as another's lock")
	}
	if got := logs.String(); strings.Contains(got, "locked past the busy timeout") {
		t.Errorf("the bot's own long migration is logged as a lock: %s", got)
	}
}
