package store

import (
	"context"
	"database/sql"
)

// ExecForTest, QueryForTest and QueryRowForTest run a test's own statement
// in tx, for states no method makes (a row as an older release left it, a
// plan to explain). Outside store's own tests a Tx runs store's SQL alone.

func (tx *Tx) ExecForTest(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.q.ExecContext(ctx, query, args...)
}

func (tx *Tx) QueryForTest(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.q.QueryContext(ctx, query, args...)
}

func (tx *Tx) QueryRowForTest(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.q.QueryRowContext(ctx, query, args...)
}
