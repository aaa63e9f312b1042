package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A person's notifications are found through the owner indexes, not by
// walking every pending or sent notification: without statistics
// SQLite prefers notifications_due's range for the status, which at
// 100,000 pairs is millions of rows read under the write lock (it stalled
// every command for seconds when nudges stopped).
func TestNotificationQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for name, q := range store.SQLForTest() {
		plan, err := queryPlan(ctx, db, q[0].(string), q[1].([]any)...)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, d := range plan {
			if strings.HasPrefix(d, "SCAN notifications") || strings.HasPrefix(d, "SCAN n") || strings.Contains(d, "notifications_due") {
				t.Errorf("%s walks the notifications:\n  %s", name, strings.Join(plan, "\n  "))
				break
			}
		}
	}
}

// queryPlan is SQLite's plan for query with args: the detail of each step.
func queryPlan(ctx context.Context, db *store.DB, query string, args ...any) ([]string, error) {
	var plan []string
	err := db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryForTest(ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		return rows.Err()
	})
	return plan, err
}
