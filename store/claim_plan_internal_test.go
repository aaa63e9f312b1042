package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// The claim and the next wake leave out the recipients with a live claim
// (liveClaims) by reading the 'sending' range of notifications_due, a
// few rows, once per statement: never the whole table, nor once per row
// of the backlog they walk; and the next wake still walks the pending
// range in due order, stopping at the first row it may take.
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
		"claim":             {claimDueSQL(0), []any{1, 0, 1, 1, 1, 10}},
		"claim leaving two": {claimDueSQL(2), []any{1, 0, 1, 1, 1, "UA", "UB", 10}},
		"next wake":         {nextWakeSQL(0), []any{1, 1, 1}},
		"next wake leaving": {nextWakeSQL(1), []any{1, "UA", 1, 1, "UA"}},
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
