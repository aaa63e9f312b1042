// Package store keeps everything mentorbot must remember in one SQLite file:
// the single source of truth. Every SQL statement of the project lives in
// this package, one file per entity. Exported methods take the acting
// Slack user where it matters and scope their queries by it, so that
// confidentiality is enforced next to the data, not only in the handlers.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// applicationID marks a SQLite file as mentorbot's ("MNTR"), so that the
// binary refuses to migrate somebody else's database by mistake.
const applicationID = 0x4d4e5452

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the mentorbot database. Writes go through one connection, so they
// serialise in Go rather than fighting over SQLite's lock; reads use a small
// pool of their own and run concurrently with a write (WAL).
type DB struct {
	write *pool
	read  *pool
	ckpt  *checkpointer
	clock clock.Clock
	log   *slog.Logger
	path  string
	// health remembers writes refused for want of space (health.go).
	health writeHealth
	// turn lets a person's writes begin before background ones
	// (writeturn.go).
	turn writeTurn
	// damage remembers a read or write that found the file damaged
	// (health.go).
	damage *damage
	sent   sentBatch // MarkSent's group commit
	// sender is the sender lock while this process holds it (senderlock.go).
	sender senderLock
	// file is the database's file as opened: the sender lock is taken only
	// while path still names it (not after a restore moved it aside).
	file os.FileInfo
}

// Options configure Open. The zero value is usable.
type Options struct {
	Clock  clock.Clock  // nil: real time
	Logger *slog.Logger // nil: discard
	// NoMigrate opens without applying migrations (for `mentorbot migrate`
	// reporting); a database that is behind is then an error on use.
	NoMigrate bool
	// BusyTimeout is how long a write waits for a lock another connection
	// holds before SQLite refuses it (0: defaultBusyTimeout). Tests of
	// locks shorten it, with LockProbeEvery, to run in a second or two.
	BusyTimeout time.Duration
	// LockProbeEvery is how long the store goes without a commit before
	// it looks at the write lock (probeLock; 0: lockProbeEvery).
	LockProbeEvery time.Duration
}

// Open opens (creating if needed) the SQLite file at path and brings its
// schema up to date.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: empty path")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// Before anything writes to it: SQLite would switch a foreign
	// database to WAL, and makePrivate would take away others' access to
	// any file at all (a MENTORBOT_DB of /etc/passwd), before the
	// migration's check of application_id refused it.
	if err := checkOurs(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if tightened := makePrivate(path, path+"-wal", path+"-shm"); len(tightened) > 0 {
		logger.Info("database files made readable by their owner only: they hold private notes", "files", tightened)
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = defaultBusyTimeout
	}
	dmg := &damage{log: logger}
	w, err := openWatched(dsn(path, false, busy), dmg.see)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{write: newPool(w), clock: clock.Or(opts.Clock), log: logger, path: path, damage: dmg}
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.file, _ = os.Stat(path) // nil for ":memory:" and URIs
	if !opts.NoMigrate {
		if _, err := db.Migrate(ctx); err != nil {
			w.Close()
			return nil, err
		}
	}
	r, err := openWatched(dsn(path, true, busy), dmg.see)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s for reading: %w", path, err)
	}
	// Every reader stays open: database/sql keeps two idle by default, so
	// a third concurrent read closed its connection afterwards and the next
	// one opened a new one, running the pragmas and losing its prepared
	// statements (a tenth of the CPU time of a simulated year).
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	r.SetConnMaxLifetime(0)
	db.read = newPool(r)
	probeEvery := opts.LockProbeEvery
	if probeEvery <= 0 {
		probeEvery = lockProbeEvery
	}
	if db.ckpt, err = startCheckpointer(path, dsn(path, false, busy), probeEvery, logger, dmg.see, db.probeLock); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readConns is how many connections serve reads beside the writer.
const readConns = 4

// defaultBusyTimeout is how long a write waits for another connection's
// lock (a backup) before it is refused.
const defaultBusyTimeout = 10 * time.Second

// dsn builds a modernc.org/sqlite connection string. WAL lets readers run
// beside the writer; the busy timeout makes a second process wait rather
// than fail; foreign keys are off by default in SQLite and we want them;
// BEGIN IMMEDIATE takes the write lock up front, so a transaction never
// fails half-way when it upgrades from reading to writing.
func dsn(p string, readOnly bool, busy time.Duration) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// A reader's page cache is dropped whenever another connection has
		// committed since its last read (WAL), which under a steady stream
		// of writes is before nearly every read: 1 MB instead of SQLite's 2 MB
		// default loses nothing and keeps 4 MB of the bot's memory.
		q.Add("_pragma", "cache_size(-1000)")
	} else {
		q.Set("_txlock", "immediate")
		// Checkpoints run beside the writer, not in its commits
		// (checkpoint.go).
		q.Add("_pragma", "wal_autocheckpoint(0)")
	}
	return fileURI(p) + "?" + q.Encode()
}

// fileURI is the SQLite URI of the file at path p: its '%', '?' and '#'
// escaped, which SQLite would otherwise read as an escape, the start of
// the options ("x.db?mode=memory" would give each connection a database
// of its own in memory) or a fragment.
func fileURI(p string) string {
	return "file:" + uriEscaper.Replace(p)
}

var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Close closes the database. Safe to call once.
func (db *DB) Close() error {
	var errs []error
	if db.ckpt != nil {
		errs = append(errs, db.ckpt.close())
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	errs = append(errs, db.write.Close())
	// After the database: a process waiting for the lock sends only once
	// this one can no longer claim anything.
	errs = append(errs, db.unlockSender())
	return errors.Join(errs...)
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Now is the store's clock reading; handlers use it so that a whole request
// sees one instant.
func (db *DB) Now() time.Time { return db.clock.Now() }

// Ping reports whether the database answers; /healthz uses it.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database to file while it is in
// use (VACUUM INTO reads one snapshot). file must not exist.
func (db *DB) Backup(ctx context.Context, file string) error {
	// VACUUM INTO takes an empty file, which keeps the permissions it was
	// made with.
	if err := createPrivate(file); err != nil {
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?", file); err != nil {
		if st, serr := os.Stat(file); serr == nil && st.Size() == 0 {
			os.Remove(file)
		}
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	return nil
}

// makePrivate takes away the group's and others' access to those of files
// that have it (a database from an earlier version, or made by hand), and
// returns their names. A file it cannot change is left as it is.
func makePrivate(files ...string) []string {
	var changed []string
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if os.Chmod(f, st.Mode().Perm()&0o700) == nil {
			changed = append(changed, f)
		}
	}
	return changed
}

// createPrivate creates a database file that does not exist yet, readable
// and writable by its owner only: it holds people's private notes. SQLite
// gives the -wal and -shm files the permissions of the database's file.
func createPrivate(path string) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// ErrNotOurDatabase is Open's error for a file that is neither empty nor
// a SQLite database that is, or may become, mentorbot's: it is left
// untouched.
var ErrNotOurDatabase = errors.New("not a mentorbot database")

// sqliteHeader is how every SQLite database file begins; its 100-byte
// header holds the schema cookie at offset 40 and the application_id at
// offset 68, big-endian.
const sqliteHeader = "SQLite format 3\x00"

// checkOurs reads the header of the file at path: an empty file is a new
// database; any other must be SQLite with mentorbot's application_id, or
// none yet and no schema either (a database made by a first start that
// stopped before its first migration). Every migration sets the id, so a
// database with tables and no id is another program's.
func checkOurs(path string) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return nil
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return err
	case n < len(h) || string(h[:len(sqliteHeader)]) != sqliteHeader:
		return fmt.Errorf("%w: it is not a SQLite database", ErrNotOurDatabase)
	}
	id, schema := binary.BigEndian.Uint32(h[68:72]), binary.BigEndian.Uint32(h[40:44])
	switch {
	case id != 0 && id != applicationID:
		return fmt.Errorf("%w: it is another program's SQLite database (application_id %#x)", ErrNotOurDatabase, id)
	case id == 0 && schema != 0:
		return fmt.Errorf("%w: it is another program's SQLite database (it has tables, and no mentorbot application_id)", ErrNotOurDatabase)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		var n int
		if _, err := fmt.Sscanf(e.Name(), "%04d_", &n); err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a 4-digit version", e.Name())
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: n, name: strings.TrimSuffix(e.Name(), ".sql"), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the schema version this binary writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// Migrate applies the migrations the database has not seen, each in its own
// IMMEDIATE transaction that re-reads user_version first, so two processes
// starting together never apply one twice. It returns the names applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	for {
		name, done, err := db.migrateOne(ctx, ms)
		if err != nil {
			return applied, err
		}
		if done {
			return applied, nil
		}
		applied = append(applied, name)
	}
}

func (db *DB) migrateOne(ctx context.Context, ms []migration) (name string, done bool, err error) {
	// The bot's own write, as InTx's are: `mentorbot migrate` opens the
	// store with NoMigrate, so the look at the lock on an idle bot
	// (probeLock) already runs, and would take a long migration's lock
	// for another connection's. Ended last, after the ROLLBACK below.
	defer db.health.writing()()
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return "", false, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	// Foreign keys are off while a migration runs, as SQLite's procedure
	// for changing a table's definition asks: a table rebuilt by copying
	// it is dropped first, and the drop would cascade to the rows that
	// refer to it. foreign_key_check below refuses a migration that left a
	// reference dangling. The pragma does nothing inside a transaction.
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return "", false, fmt.Errorf("migrate: %w", err)
	}
	defer func() {
		if _, ferr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); ferr != nil && err == nil {
			err = fmt.Errorf("migrate: foreign keys back on: %w", ferr)
		}
	}()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return "", false, fmt.Errorf("migrate: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	var version, appID int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return "", false, fmt.Errorf("migrate: read user_version: %w", err)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return "", false, fmt.Errorf("migrate: read application_id: %w", err)
	}
	if appID != 0 && appID != applicationID {
		return "", false, fmt.Errorf("migrate: %s is not a mentorbot database (application_id %#x)", db.path, appID)
	}
	if version > len(ms) {
		return "", false, fmt.Errorf("migrate: database schema version %d is newer than this binary's %d; use a newer mentorbot", version, len(ms))
	}
	if version == len(ms) {
		_, err := conn.ExecContext(ctx, "COMMIT")
		return "", true, err
	}
	m := ms[version]
	if _, err := conn.ExecContext(ctx, m.sql); err != nil {
		return "", false, fmt.Errorf("migrate: apply %s: %w", m.name, err)
	}
	if err := foreignKeyCheck(ctx, conn); err != nil {
		return "", false, fmt.Errorf("migrate: apply %s: %w", m.name, err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return "", false, fmt.Errorf("migrate: set user_version: %w", err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
		return "", false, fmt.Errorf("migrate: set application_id: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return "", false, fmt.Errorf("migrate: commit %s: %w", m.name, err)
	}
	db.log.Info("applied migration", "migration", m.name)
	return m.name, false, nil
}

// foreignKeyCheck reports the first row that refers to a row that is not
// there, if any.
func foreignKeyCheck(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("check foreign keys: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("check foreign keys: %w", err)
		}
		return fmt.Errorf("row %d of %s refers to a row of %s that is not there", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// Tx is a write transaction with the instant it started: every row it
// writes carries that one "now". Its SQL is store's alone: other packages
// compose store's methods in it, and cannot run statements of their own.
type Tx struct {
	q   *cachedTx
	Now time.Time
}

// InTx runs fn in a write transaction, committing when fn returns nil and
// rolling back on an error or a panic. Exported methods use it; helpers
// that take a *Tx compose inside one commit. When SQLite refuses the
// write (a full disk, a lock held too long), the error is an EUnavailable
// domain error, and nothing was written.
//
// What ctx carries changes what InTx does. When ctx carries a delivery's
// claim (WithClaim) that is neither recorded nor settled (Claim.Settle),
// the transaction records the claim before fn runs and commits it with fn's
// writes; if another delivery of the same command recorded it first, InTx
// returns ErrTakenOn and fn does not run. Once committed, the claim is
// made, and later transactions under ctx do not record it again. Until
// then the transactions of one claim run one at a time: the claim stays
// locked from before each begins until it ends.
//
// The claim comes in ctx, not as a parameter or in a method of its own
// that callers choose, because it belongs to whichever write a delivery's
// handler makes first, through any of the store's exported methods, and
// none of them can tell whether it is that one: as a parameter, every one
// of them and every call to them from the bot would carry it. Work that
// must neither record a delivery's claim nor be refused for it
// (background work the delivery started) runs under WithoutClaim(ctx).
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) (err error) {
	defer db.health.writing()()
	defer func() { err = db.unavailable(err) }()
	// The writes of what a person did, before its work is over, go ahead
	// of background writes.
	urgent := awaited(ctx)
	claim := pendingClaim(ctx)
	if claim != nil {
		defer claim.mu.Unlock()
	}
	if err := db.turn.take(ctx, urgent); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer db.turn.give()
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{q: sqlTx, Now: db.clock.Now().UTC()}
	defer sqlTx.end(ctx)
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if claim != nil {
		if err := claimTx(ctx, tx, claim); err != nil {
			return err
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if claim != nil {
		claim.made = true
	}
	if db.ckpt != nil {
		db.ckpt.committed()
	}
	return nil
}

// unix converts a time to the stored form; the zero time is stored as 0.
func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// fromUnix is unix's inverse.
func fromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}
