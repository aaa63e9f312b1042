package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache. Every statement in this
// package is a constant or built from a handful of shapes, so the bound
// only matters for statements with a variable number of placeholders,
// which past it are simply run unprepared.
const maxCachedStmts = 512

// stmtCache keeps prepared statements by their SQL text. Parsing and
// planning SQL was a third of a slash command's CPU time in `mentorbot
// bench`; database/sql prepares a cached statement once per connection and
// reuses it after that.
//
// A statement first seen inside a transaction is not prepared there:
// preparing on the pool needs a free connection, and the transaction holds
// one (the writer's only one), so waiting for it could deadlock. It runs
// unprepared and is prepared when the transaction has ended.
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool // seen in a transaction; prepared after it
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement for query, or nil when it is not
// cached (inside a transaction, the cache is full, or preparing failed:
// running the query unprepared then reports the error where it belongs).
func (c *stmtCache) get(ctx context.Context, query string, inTx bool) *sql.Stmt {
	c.mu.Lock()
	s, ok := c.m[query]
	full := len(c.m)+len(c.wanted) >= maxCachedStmts
	if !ok && !full && inTx {
		c.wanted[query] = true
	}
	c.mu.Unlock()
	if ok || full || inTx {
		return s
	}
	return c.prepare(ctx, query)
}

// prepare prepares query on the pool and caches it. The lock is not held
// while preparing: that waits for a free connection, and a transaction
// holding one may be waiting for the lock.
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[query]; ok {
		_ = s.Close() // prepared twice at once
		return had
	}
	c.m[query] = s
	return s
}

// prepareWanted prepares the statements seen in transactions. Call it with
// no transaction open on this goroutine.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	qs := make([]string, 0, len(c.wanted))
	for q := range c.wanted {
		qs = append(qs, q)
		delete(c.wanted, q)
	}
	c.mu.Unlock()
	for _, q := range qs {
		c.prepare(ctx, q)
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		_ = s.Close()
		delete(c.m, q)
	}
}

// pool is a connection pool whose queries go through a statement cache.
type pool struct {
	*sql.DB
	stmts *stmtCache
}

func newPool(db *sql.DB) *pool { return &pool{DB: db, stmts: newStmtCache(db)} }

func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := p.stmts.get(ctx, query, false); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := p.stmts.get(ctx, query, false); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := p.stmts.get(ctx, query, false); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return p.DB.ExecContext(ctx, query, args...)
}

// BeginTx starts a transaction whose queries use the pool's cache too.
// Call its end method once it has been committed or rolled back.
func (p *pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*cachedTx, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &cachedTx{Tx: tx, stmts: p.stmts}, nil
}

func (p *pool) Close() error {
	p.stmts.close()
	return p.DB.Close()
}

// cachedTx is a transaction that runs the cache's statements on its own
// connection (sql.Tx.StmtContext reuses what that connection prepared).
type cachedTx struct {
	*sql.Tx
	stmts *stmtCache
}

// end prepares what the transaction ran unprepared; call it after Commit
// or Rollback.
func (tx *cachedTx) end(ctx context.Context) { tx.stmts.prepareWanted(context.WithoutCancel(ctx)) }

// discard ends a read-only transaction: rolled back, then end.
func (tx *cachedTx) discard(ctx context.Context) {
	_ = tx.Rollback()
	tx.end(ctx)
}

func (tx *cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := tx.stmts.get(ctx, query, true); s != nil {
		return tx.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

func (tx *cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := tx.stmts.get(ctx, query, true); s != nil {
		return tx.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}

func (tx *cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := tx.stmts.get(ctx, query, true); s != nil {
		return tx.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}
