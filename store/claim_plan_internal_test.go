package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// The claim and the next wake leave out the recipients waiting behind a
// young retry (youngRetries) by reading the 'sending' range of
// notifications_due, a few rows, once per statement (or a list read
// before it): never the whole table, nor once per row of the backlog they
// walk; and the next wake still walks the pending range in due order,
// stopping at the first row it may take.
func TestClaimQueriesReadOnlyClaimsForLiveOnes(t *testing.T) {
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	db, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"), Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, q := range map[string]struct {
		sql  string
		args []any
	}{
		"claim":                  {claimDueSQL(0, ""), []any{1, 0, 1, 1, 10}},
		"claim leaving two":      {claimDueSQL(2, ""), []any{1, 0, 1, 1, "UA", "UB", 10}},
		"claim behind a list":    {claimDueSQL(1, "?"), []any{1, 0, 1, 1, "UA", "UB", 10}},
		"claim behind retries":   {claimDueSQL(0, youngRetries), []any{1, 0, 1, 1, 1, HeldRetryAttempts, 10}},
		"next wake":              {nextWakeSQL(0, ""), nil},
		"next wake leaving":      {nextWakeSQL(1, ""), []any{"UA", "UA"}},
		"next wake behind":       {nextWakeSQL(1, "?"), []any{"UA", "UB", "UA", 1, "UB"}},
		"next wake behind query": {nextWakeSQL(0, youngRetries), []any{1, HeldRetryAttempts, 1, 1, HeldRetryAttempts}},
		"young retries":          {`SELECT DISTINCT recipient_id FROM (` + youngRetries + `) LIMIT ?`, []any{1, HeldRetryAttempts, 10}},
	} {
		rows, err := db.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		text := strings.Join(plan, "\n  ")
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN notifications") || strings.Contains(d, "CORRELATED") {
				t.Errorf("%s reads every notification, or the claims once per row:\n  %s", name, text)
				break
			}
		}
		if strings.HasPrefix(name, "next wake") && strings.Contains(text, "USE TEMP B-TREE FOR ORDER BY") {
			t.Errorf("%s sorts the pending notifications rather than walk them in due order:\n  %s", name, text)
		}
		t.Logf("%s:\n  %s", name, text)
	}
}
