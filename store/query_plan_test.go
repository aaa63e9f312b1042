package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A person's notifications are found by id through the owner indexes, not
// by walking every pending or sent notification: without statistics
// SQLite prefers notifications_due's range for the status, which at
// 100,000 pairs is millions of rows read under the write lock (it stalled
// every command for seconds when nudges stopped).
func TestNotificationQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, _ := MustOpen(t)
	for name, q := range store.SQLForTest() {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q[0].(string), q[1].([]any)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					return err
				}
				plan = append(plan, detail)
			}
			if len(plan) == 0 || plan[0] != "SEARCH notifications USING INTEGER PRIMARY KEY (rowid=?)" {
				t.Errorf("%s does not look its rows up by id:\n  %s", name, strings.Join(plan, "\n  "))
			}
			for _, d := range plan {
				if strings.HasPrefix(d, "SCAN notifications") {
					t.Errorf("%s scans the notifications:\n  %s", name, strings.Join(plan, "\n  "))
				}
			}
			return rows.Err()
		})
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
