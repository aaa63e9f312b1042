package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
)

// SQLite's primary result codes that mean the database cannot take writes
// now, whatever is written: the disk (or a quota) is full, the file
// cannot be written, or another connection holds the lock beyond the
// busy timeout.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// SQLite's primary result codes that mean the database file is damaged:
// a page or the WAL does not hold what SQLite wrote there (a backup
// copied over the file while a stale -wal beside it was then replayed, a
// failing disk), or the file is not a database at all any more.
const (
	sqliteCorrupt = 11
	sqliteNotADB  = 26
)

// writeFailWindow is how long after a write failed for want of space (or
// an I/O error) the database is reported as failing writes (WriteHealth).
// A window rather than "until the next write succeeds": on a full disk
// small writes that reuse space can succeed while anything that needs
// more fails, and the report should not flap with them.
const writeFailWindow = time.Minute

// writeHealth remembers the last write that failed for storage reasons.
type writeHealth struct {
	mu  sync.Mutex
	at  time.Time // on the store's clock
	err error
	// lockedAt is when a write last waited out the busy timeout for a
	// lock, or a look at the lock on an idle bot found that one would have
	// (probeLock): not a failure of the storage (a backup holds it
	// briefly), so not in WriteHealth, but a signal for the operator when
	// it lasts.
	lockedAt time.Time
	// probeLocked is whether the last look at the lock found it held, for
	// logging when that changes rather than at every look.
	probeLocked bool
	// begun and ended count the write transactions begun and ended
	// (writing): a look at the lock made while one ran may have met the
	// bot's own lock.
	begun, ended atomic.Uint64
}

// writing marks a use of the writer that may hold the write lock until
// the function it returns is called.
func (h *writeHealth) writing() (done func()) {
	h.begun.Add(1)
	return func() { h.ended.Add(1) }
}

// lockProbeEvery is how long the store goes without a commit before it
// looks at the write lock again (probeLock), unless Options.LockProbeEvery
// says otherwise. Real time, as SQLite's busy timeout is.
const lockProbeEvery = 5 * time.Second

// probeLock finds out whether a write would wait out the busy timeout
// now, on a bot that is not writing: otherwise a lock another program
// holds is seen only when a write is refused for it, and an idle bot
// writes nothing for hours. It begins a write transaction on conn, a
// connection of the store's own beside the writer with the same busy
// timeout, and rolls it back at once: it waits as a write would, and
// once it has the lock, holds it only for the rollback.
//
// A look during which the bot's writer was at work tells nothing: the
// lock it waited for may have been the bot's own, and a write that met
// another's reports it itself (unavailable).
func (db *DB) probeLock(ctx context.Context, conn *sql.DB) {
	h := &db.health
	begun := h.begun.Load()
	if h.ended.Load() != begun {
		return
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err == nil {
		_ = tx.Rollback()
	}
	if h.begun.Load() != begun || (err != nil && !isLocked(err)) {
		return
	}
	h.mu.Lock()
	was := h.probeLocked
	h.probeLocked = err != nil
	if err != nil {
		h.lockedAt = db.clock.Now()
	}
	h.mu.Unlock()
	switch {
	case err != nil && !was:
		db.log.Warn("database locked past the busy timeout by another connection: writes would be refused", "err", err)
	case err == nil && was:
		db.log.Info("database no longer locked by another connection")
	}
}

// primaryCode is SQLite's primary result code in err's chain; 0 when it
// holds no SQLite error.
func primaryCode(err error) int {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return 0
	}
	return se.Code() & 0xff
}

// isLocked reports whether err is SQLite's refusal for a lock held past
// the busy timeout.
func isLocked(err error) bool {
	c := primaryCode(err)
	return c == sqliteBusy || c == sqliteLocked
}

// isStorageFailure reports whether err is SQLite's refusal of a write for
// want of space or a writable file.
func isStorageFailure(err error) bool {
	switch primaryCode(err) {
	case sqliteFull, sqliteIOErr, sqliteReadOnly, sqliteCantOpen:
		return true
	}
	return false
}

// unavailable turns an error from a write transaction into a domain error
// with a message for the person in Slack when SQLite refused the write
// for want of space or a lock, and records storage failures for
// WriteHealth. Other errors are returned unchanged.
func (db *DB) unavailable(err error) error {
	if err == nil || ErrorCode(err) != "" {
		return err
	}
	switch {
	case isStorageFailure(err):
		db.health.mu.Lock()
		db.health.at, db.health.err = db.clock.Now(), err
		db.health.mu.Unlock()
		db.log.Error("database write failed", "err", err)
		return &Error{Code: EUnavailable, err: err, Message: ":warning: I couldn't save that: my storage is full or failing right now, " +
			"so nothing was changed. Please try again in a little while."}
	case isLocked(err):
		db.health.mu.Lock()
		db.health.lockedAt = db.clock.Now()
		db.health.mu.Unlock()
		db.log.Warn("database locked past the busy timeout", "err", err)
		return &Error{Code: EUnavailable, err: err, Message: ":hourglass: I'm busy (my database is locked, perhaps by a backup), " +
			"so nothing was changed. Please try again in a minute."}
	}
	return err
}

// WriteHealth returns the error of the last write that failed for storage
// reasons (a full disk, an I/O error) if it happened less than a minute
// ago, and nil otherwise. /healthz reports it.
func (db *DB) WriteHealth() error {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	if db.health.err == nil || db.clock.Now().Sub(db.health.at) >= writeFailWindow {
		return nil
	}
	return fmt.Errorf("writes failing: %w", db.health.err)
}

// LockedRecently reports whether, within the last minute, another
// connection held the database locked past the busy timeout (a long
// backup, or another program with it open): a write was refused for it,
// or on an idle bot, a look at the lock found that one would have been
// (probeLock).
func (db *DB) LockedRecently() bool {
	db.health.mu.Lock()
	defer db.health.mu.Unlock()
	return !db.health.lockedAt.IsZero() && db.clock.Now().Sub(db.health.lockedAt) < writeFailWindow
}

// SetMaxPages caps the database at n pages for this process's writes
// (SQLite's max_page_count, which cannot go below the pages in use): a
// write that needs more space then fails with SQLITE_FULL, as on a full
// disk. n <= 0 lifts the cap. It returns the pages in use. Fault tests use
// it to fill the disk.
func (db *DB) SetMaxPages(ctx context.Context, n int64) (int64, error) {
	if n <= 0 {
		n = 0xfffffffe // SQLite's default
	}
	var max, used int64
	if err := db.write.QueryRowContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", n)).Scan(&max); err != nil {
		return 0, fmt.Errorf("set max_page_count: %w", err)
	}
	if err := db.write.QueryRowContext(ctx, "PRAGMA page_count").Scan(&used); err != nil {
		return 0, fmt.Errorf("read page_count: %w", err)
	}
	return used, nil
}

// damage remembers the first error that showed the database file damaged
// (SQLITE_CORRUPT, SQLITE_NOTADB), met by any read or write on the
// store's connections (openWatched): a damaged page is often one only
// some reads touch, and what fails there is as much the database being
// down as a write that fails. It stays until the process stops: a damaged
// file does not mend, and the remedy (restoring a backup) needs a restart.
type damage struct {
	log *slog.Logger
	mu  sync.Mutex
	err error
}

// IsDamaged reports whether err says the database file is damaged
// (SQLITE_CORRUPT, SQLITE_NOTADB): trying again will not mend it.
func IsDamaged(err error) bool {
	c := primaryCode(err)
	return c == sqliteCorrupt || c == sqliteNotADB
}

// see records err when it says the file is damaged.
func (d *damage) see(err error) {
	if !IsDamaged(err) {
		return
	}
	d.mu.Lock()
	first := d.err == nil
	if first {
		d.err = err
	}
	d.mu.Unlock()
	if first {
		d.log.Error("the database file is damaged: restore a backup", "err", err)
	}
}

// Damage returns an error saying the database file is damaged when a read
// or a write since Open found it so (SQLite's "database disk image is
// malformed" or "file is not a database"), and nil otherwise. It does not
// go away: /healthz reports the database down from then on.
func (db *DB) Damage() error {
	db.damage.mu.Lock()
	defer db.damage.mu.Unlock()
	if db.damage.err == nil {
		return nil
	}
	return fmt.Errorf("the file is damaged (%w): restore a backup", db.damage.err)
}

// openWatched opens the SQLite database dsn names, as sql.Open("sqlite",
// dsn) does, with every error its connections return shown to see: reads
// report theirs to the caller alone, in Scan or Rows.Err, and the store
// has many.
func openWatched(dsn string, see func(error)) (*sql.DB, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(watchedConnector{Connector: base, see: see}), nil
}

type watchedConnector struct {
	driver.Connector
	see func(error)
}

func (c watchedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		c.see(err)
		return nil, err
	}
	return &watchedConn{conn: conn, see: c.see}, nil
}

// watchedConn forwards everything to conn, the driver's connection,
// including the optional interfaces it implements: without them
// database/sql falls back to the methods without a context (see
// sqlite.NewConnector).
type watchedConn struct {
	conn driver.Conn
	see  func(error)
}

var (
	_ driver.ConnBeginTx        = (*watchedConn)(nil)
	_ driver.ConnPrepareContext = (*watchedConn)(nil)
	_ driver.ExecerContext      = (*watchedConn)(nil)
	_ driver.QueryerContext     = (*watchedConn)(nil)
	_ driver.Pinger             = (*watchedConn)(nil)
	_ driver.SessionResetter    = (*watchedConn)(nil)
	_ driver.Validator          = (*watchedConn)(nil)
)

// Unwrap is the driver's connection, for the sqlite package's functions
// that take one.
func (c *watchedConn) Unwrap() driver.Conn { return c.conn }

func (c *watchedConn) Close() error { return c.conn.Close() }

func (c *watchedConn) Prepare(query string) (driver.Stmt, error) {
	st, err := c.conn.Prepare(query)
	return c.stmt(st, err)
}

func (c *watchedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	p, ok := c.conn.(driver.ConnPrepareContext)
	if !ok {
		return c.Prepare(query)
	}
	st, err := p.PrepareContext(ctx, query)
	return c.stmt(st, err)
}

func (c *watchedConn) stmt(st driver.Stmt, err error) (driver.Stmt, error) {
	if err != nil {
		c.see(err)
		return nil, err
	}
	return &watchedStmt{stmt: st, see: c.see}, nil
}

func (c *watchedConn) Begin() (driver.Tx, error) {
	//lint:ignore SA1019 the driver's own, forwarded as the interface wants
	tx, err := c.conn.Begin()
	return c.tx(tx, err)
}

func (c *watchedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	b, ok := c.conn.(driver.ConnBeginTx)
	if !ok {
		return c.Begin()
	}
	tx, err := b.BeginTx(ctx, opts)
	return c.tx(tx, err)
}

func (c *watchedConn) tx(tx driver.Tx, err error) (driver.Tx, error) {
	if err != nil {
		c.see(err)
		return nil, err
	}
	return watchedTx{tx: tx, see: c.see}, nil
}

func (c *watchedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := e.ExecContext(ctx, query, args)
	c.see(err)
	return res, err
}

func (c *watchedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(ctx, query, args)
	return watchRows(rows, err, c.see)
}

func (c *watchedConn) Ping(ctx context.Context) error {
	p, ok := c.conn.(driver.Pinger)
	if !ok {
		return nil
	}
	err := p.Ping(ctx)
	c.see(err)
	return err
}

func (c *watchedConn) ResetSession(ctx context.Context) error {
	if r, ok := c.conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *watchedConn) IsValid() bool {
	if v, ok := c.conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

type watchedStmt struct {
	stmt driver.Stmt
	see  func(error)
}

var (
	_ driver.StmtExecContext  = (*watchedStmt)(nil)
	_ driver.StmtQueryContext = (*watchedStmt)(nil)
)

func (s *watchedStmt) Close() error  { return s.stmt.Close() }
func (s *watchedStmt) NumInput() int { return s.stmt.NumInput() }

func (s *watchedStmt) Exec(args []driver.Value) (driver.Result, error) {
	//lint:ignore SA1019 the driver's own, forwarded as the interface wants
	res, err := s.stmt.Exec(args)
	s.see(err)
	return res, err
}

func (s *watchedStmt) Query(args []driver.Value) (driver.Rows, error) {
	//lint:ignore SA1019 the driver's own, forwarded as the interface wants
	rows, err := s.stmt.Query(args)
	return watchRows(rows, err, s.see)
}

func (s *watchedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.stmt.(driver.StmtExecContext)
	if !ok {
		return nil, errors.New("sqlite statement without ExecContext")
	}
	res, err := e.ExecContext(ctx, args)
	s.see(err)
	return res, err
}

func (s *watchedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.stmt.(driver.StmtQueryContext)
	if !ok {
		return nil, errors.New("sqlite statement without QueryContext")
	}
	rows, err := q.QueryContext(ctx, args)
	return watchRows(rows, err, s.see)
}

type watchedTx struct {
	tx  driver.Tx
	see func(error)
}

func (t watchedTx) Commit() error {
	err := t.tx.Commit()
	t.see(err)
	return err
}

func (t watchedTx) Rollback() error {
	err := t.tx.Rollback()
	t.see(err)
	return err
}

// watchRows wraps a query's rows, whose errors (a damaged page is met as
// the rows are stepped through) go to see too.
func watchRows(rows driver.Rows, err error, see func(error)) (driver.Rows, error) {
	if err != nil {
		see(err)
		return nil, err
	}
	return &watchedRows{Rows: rows, see: see}, nil
}

type watchedRows struct {
	driver.Rows
	see func(error)
}

func (r *watchedRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err != nil && err != io.EOF {
		r.see(err)
	}
	return err
}

// IsBadFile reports whether err is SQLite's refusal of the database's
// file itself: it cannot be opened or created there (a missing directory,
// no permission, a directory), or it is not a database.
func IsBadFile(err error) bool {
	c := primaryCode(err)
	return c == sqliteCantOpen || c == sqliteNotADB
}
