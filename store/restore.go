package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// Restored says what Restore did besides putting the backup in place.
type Restored struct {
	// Aside is where the database it replaced was moved ("" for none).
	Aside string
	// ForgottenAgain is how many people who used /mentor forget after the
	// backup was taken were forgotten again in the restored database.
	ForgottenAgain int
	// ForgetUnknown, when not nil, says why who used /mentor forget since
	// the backup cannot be known: anyone who did may be back in the
	// restored database.
	ForgetUnknown error
	// Unsettled, when not nil, says why the DMs that went since the backup
	// could not be told from the database replaced: each one pending and
	// due is looked for in Slack before it goes.
	Unsettled error
}

// ErrInUse is Restore's error while a mentorbot process sends from the
// database it would replace.
var ErrInUse = errors.New("a mentorbot process is running on it; stop it first")

// Restore puts the backup at backup (a file `mentorbot backup` wrote) in
// the place of the database at path, and says what else it did
// (Restored). Copying a backup over the file by hand is not safe: SQLite
// would replay the old file's write-ahead log (path-wal) onto the backup
// and damage it. Restore moves the old file aside with its log, so
// nothing it held is lost, and refuses a backup that is damaged, another
// program's, made by a newer mentorbot, or a live database with a log of
// its own (copied alone, its last commits would be lost), and a path that
// a running bot sends from. In the copy, before it takes the database's
// place, it is migrated, the DMs that went since the backup are settled
// as the replaced database recorded them (lookBeforeSending), and whoever
// used /mentor forget since is forgotten again (forgetAgain).
func Restore(ctx context.Context, backup, path string, now time.Time) (Restored, error) {
	var r Restored
	version, err := checkBackup(ctx, backup)
	if err != nil {
		return r, err
	}
	lock, err := flock(path + ".lock")
	switch {
	case errors.Is(err, ErrNoSenderLock):
		// No flock here: the rename below fails on systems that lock open
		// files, and the running bot's liveness check reports a replaced
		// file on the others.
	case err != nil:
		return r, fmt.Errorf("restore to %s: %w", path, err)
	case lock == nil:
		return r, fmt.Errorf("restore to %s: %w", path, ErrInUse)
	default:
		defer lock.Close()
	}
	tmp, err := copyPrivate(backup, filepath.Dir(path))
	if err != nil {
		return r, fmt.Errorf("restore %s: %w", backup, err)
	}
	defer os.Remove(tmp) // gone already once renamed into place
	// Migrated here, not at the next start: what follows writes today's
	// columns (the next start would migrate it anyway).
	if err := withCopy(ctx, tmp, nil); err != nil {
		return r, fmt.Errorf("restore %s: migrate the copy: %w", backup, err)
	}
	if r.Unsettled, err = lookBeforeSending(ctx, tmp, path, now); err != nil {
		return r, fmt.Errorf("restore %s: %w", backup, err)
	}
	// A backup from before the record of forgets: one made between it and
	// the upgrade that began the record is known to neither.
	oldBackup := version < forgottenSince
	if r.ForgottenAgain, err = forgetAgain(ctx, tmp, path, oldBackup); errors.Is(err, ErrForgottenUnknown) {
		// A damaged database is what a restore is often for: it goes on,
		// and says so.
		r.ForgetUnknown = err
	} else if err != nil {
		return r, fmt.Errorf("restore %s: %w", backup, err)
	}
	if r.Aside, err = moveAside(path, now); err != nil {
		return r, fmt.Errorf("restore to %s: move the database it replaces aside: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return r, fmt.Errorf("restore to %s: %w", path, err)
	}
	return r, syncDir(filepath.Dir(path))
}

// checkBackup refuses a backup that Restore must not put in place, and
// returns its schema version.
func checkBackup(ctx context.Context, backup string) (int, error) {
	st, err := os.Stat(backup)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("restore %s: there is no such file", backup)
	}
	if err != nil {
		return 0, fmt.Errorf("restore %s: %w", backup, err)
	}
	if !st.Mode().IsRegular() {
		return 0, fmt.Errorf("restore %s: it is not a file", backup)
	}
	if err := checkOurs(backup); err != nil {
		return 0, fmt.Errorf("restore %s: %w", backup, err)
	}
	if st.Size() == 0 {
		return 0, fmt.Errorf("restore %s: %w: it is empty", backup, ErrNotOurDatabase)
	}
	if wal, err := os.Stat(backup + "-wal"); err == nil && wal.Size() > 0 {
		return 0, fmt.Errorf("restore %s: it has a write-ahead log beside it (%s), so it is a database in use or as a crash or a restore left it, not a backup; if no mentorbot runs on it, copy it first with `MENTORBOT_DB=%s mentorbot backup COPY` and restore COPY", backup, backup+"-wal", backup)
	}
	// immutable: read as it is, making no -wal or -shm beside it.
	db, err := sql.Open("sqlite", fileURI(backup)+"?mode=ro&immutable=1&_pragma="+url.QueryEscape("query_only(1)"))
	if err != nil {
		return 0, fmt.Errorf("restore %s: %w", backup, err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return 0, fmt.Errorf("restore %s: it cannot be read as a database: %w", backup, err)
	}
	if check != "ok" {
		return 0, fmt.Errorf("restore %s: it is damaged (SQLite's check says %q); choose another backup", backup, check)
	}
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("restore %s: %w", backup, err)
	}
	if version > SchemaVersion() {
		return 0, fmt.Errorf("restore %s: it was made by a newer mentorbot (schema version %d; this one knows %d); restore it with that version", backup, version, SchemaVersion())
	}
	return version, nil
}

// copyPrivate copies file into a new file in dir, readable by its owner
// only and synced to disk, and returns its name.
func copyPrivate(file, dir string) (string, error) {
	in, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, ".mentorbot-restore-*")
	if err != nil {
		return "", err
	}
	name := out.Name()
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// moveAside renames the database at path, with its write-ahead log, to a
// name of its own beside it, where it opens as it was, and returns that
// name ("" when there was nothing to move). A log left without its
// database (moved away by hand) goes too: SQLite would replay it onto the
// restored file; then the log's new name is returned. The shared-memory
// index is rebuilt from the log on opening, so it is removed, not moved.
func moveAside(path string, now time.Time) (string, error) {
	_, dbErr := os.Stat(path)
	_, walErr := os.Stat(path + "-wal")
	if errors.Is(dbErr, fs.ErrNotExist) && errors.Is(walErr, fs.ErrNotExist) {
		return "", removeIfThere(path + "-shm")
	}
	// A name no earlier restore took (two within a second would otherwise
	// put the first's copy over the database it moved aside).
	base := fmt.Sprintf("%s.replaced-%s", path, now.UTC().Format("20060102T150405Z"))
	aside := base
	for i := 2; exists(aside) || exists(aside+"-wal"); i++ {
		aside = fmt.Sprintf("%s-%d", base, i)
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	if errors.Is(dbErr, fs.ErrNotExist) {
		aside += "-wal" // the log alone: named as the file that now exists
	}
	return aside, removeIfThere(path + "-shm")
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func removeIfThere(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// lookBeforeSending settles, in the restored copy at tmp, the DMs that
// went (or were given up) between the backup and the restore, as the
// database at path (the one replaced) recorded them, so that none goes
// twice: those the copy has pending are settled as there, and those
// planned after the backup, which the copy lacks, are added as there,
// or the next start would plan them afresh. What that database cannot
// tell of (a DM under way, or retried, when it stopped; one gone from it),
// pending and due by now or within the hour (a burst starts early), is
// looked for in its DM before it is sent, as after a crash: a Slack
// history read each, which Slack allows some 50 a minute. Without the
// replaced database to go by, every such DM is; unsettled says why.
func lookBeforeSending(ctx context.Context, tmp, path string, now time.Time) (unsettled, err error) {
	db, err := sql.Open("sqlite", fileURI(tmp)+"?_pragma="+url.QueryEscape("busy_timeout(10000)"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // ATTACH holds for one connection
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	due := now.Add(time.Hour).Unix()
	if !exists(path) {
		unsettled = fmt.Errorf("there is no database at %s to tell which DMs went after the backup", path)
	} else if unsettled = settleFromReplaced(ctx, conn, path, due, now.Unix()); unsettled == nil {
		return nil, nil
	}
	if _, err := conn.ExecContext(ctx, markToLookSQL, due, now.Unix()); err != nil {
		return unsettled, fmt.Errorf("mark the DMs to look for before sending: %w", err)
	}
	return unsettled, nil
}

// settleFromReplaced is lookBeforeSending with the replaced database at
// path to go by, in one transaction: on an error nothing is changed.
func settleFromReplaced(ctx context.Context, conn *sql.Conn, path string, due, now int64) (err error) {
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS replaced`, path); err != nil {
		return fmt.Errorf("read the database replaced: %w", err)
	}
	defer func() {
		if _, derr := conn.ExecContext(context.WithoutCancel(ctx), `DETACH DATABASE replaced`); err == nil && derr != nil {
			err = fmt.Errorf("read the database replaced: %w", derr)
		}
	}()
	// Deferred: it writes the copy alone, and reads the other.
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		return fmt.Errorf("read the database replaced: %w", err)
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
		}
	}()
	// Whether the replaced database has notifications.refused (migration
	// 18): copied with the rest when it does.
	var hasRefused int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('notifications', 'replaced') WHERE name = 'refused'`).
		Scan(&hasRefused); err != nil {
		return fmt.Errorf("read the database replaced: %w", err)
	}
	refused := "0"
	if hasRefused > 0 {
		refused = "r.refused"
	}
	for _, q := range []struct {
		what  string
		query string
		args  []any
	}{
		// Only what may have reached Slack: sent, or failed in a way that
		// leaves it unclear. A DM cancelled or dropped since (a pause, a
		// skip the restore undoes) is for the planner to decide again
		// against the restored state.
		{"settle what went since the backup", `UPDATE notifications AS n
			SET status = r.status, channel = r.channel, ts = r.ts, sent_at = r.sent_at, lease_until = 0, last_error = r.last_error,
				attempts = r.attempts, refused = r.refused
			FROM (SELECT key, status, channel, ts, sent_at, last_error, attempts, ` + refused + ` AS refused
				FROM replaced.notifications AS r WHERE status IN ('sent', 'failed')) AS r
			WHERE n.key = r.key AND n.status IN ('pending', 'sending')`, nil},
		// Planned after the backup (a planned row has no payload: it is
		// drawn when sent): a check-in (named by its person and day), or
		// a DM about a pair the copy has as the same pair. Not one named
		// by a row the copy lacks (a pair or goal made since): its id will
		// be given again to a new one, whose DM the copied row would stop.
		// Nor a DM that told of something done since (a session logged, a
		// comment): the copy has no such thing, and its key names a
		// session or comment whose number may be given again.
		{"add what was planned and went since the backup", `INSERT INTO notifications (key, kind, recipient_id, pair_id, ref, due_at,
				expires_at, status, attempts, lease_until, last_error, channel, ts, payload, created_at, sent_at, refused)
			SELECT r.key, r.kind, r.recipient_id, r.pair_id, r.ref, r.due_at, r.expires_at, r.status, r.attempts, 0, r.last_error,
				r.channel, r.ts, r.payload, r.created_at, r.sent_at, ` + refused + `
			FROM replaced.notifications AS r
			WHERE r.status IN ('sent', 'failed') AND r.payload = ''
				AND NOT EXISTS (SELECT 1 FROM notifications AS n WHERE n.key = r.key)
				AND (r.pair_id = 0 AND r.kind = 'checkin'
					OR r.pair_id <> 0 AND EXISTS (SELECT 1 FROM pairs AS p JOIN replaced.pairs AS rp ON rp.id = p.id
						WHERE p.id = r.pair_id AND p.mentor_id = rp.mentor_id AND p.mentee_id = rp.mentee_id AND p.created_at = rp.created_at))`, nil},
		// Numbers given since the backup (goals, to-dos, agenda items,
		// feedback, requests) are not given again: buttons on the DMs
		// sent meanwhile carry them, and would name what is made anew.
		{"give no number again", `UPDATE sqlite_sequence AS s SET seq = r.seq
			FROM replaced.sqlite_sequence AS r WHERE r.name = s.name AND r.seq > s.seq`, nil},
		{"give no number again", `INSERT INTO sqlite_sequence (name, seq)
			SELECT r.name, r.seq FROM replaced.sqlite_sequence AS r
			WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence AS s WHERE s.name = r.name)
				AND EXISTS (SELECT 1 FROM sqlite_schema AS t WHERE t.type = 'table' AND t.name = r.name)`, nil},
		// Pending there and never tried, or dropped untried: it has not
		// gone. Anything else (under way, retried, gone) may have.
		{"mark the DMs to look for before sending", markToLookSQL + `
				AND key NOT IN (SELECT key FROM replaced.notifications WHERE status IN ('pending', 'dropped') AND attempts = 0)`, []any{due, now}},
	} {
		if _, err := conn.ExecContext(ctx, q.query, q.args...); err != nil {
			return fmt.Errorf("%s, from the database replaced: %w", q.what, err)
		}
	}
	if _, err = conn.ExecContext(ctx, `COMMIT`); err != nil {
		return fmt.Errorf("settle what went since the backup: %w", err)
	}
	return nil
}

// markToLookSQL marks the restored copy's DMs pending and due by its first
// argument to be looked for in Slack before they go. Not one whose time
// has passed (its second): it will not be sent, and is dropped at the
// start as never sent, rather than costing a Slack history read (some 50
// a minute) that today's DMs would queue behind after a restore of an
// old backup.
const markToLookSQL = `UPDATE notifications SET attempts = 1
			WHERE status = 'pending' AND attempts = 0 AND due_at <= ? AND expires_at > ?`

// syncDir makes the renames in dir durable (Windows cannot sync a
// directory, and needs not).
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// ErrForgottenUnknown is Restore's error when the database it would replace
// cannot be read for who used /mentor forget: restoring then could bring
// back what they had deleted.
var ErrForgottenUnknown = errors.New("who used /mentor forget since the backup cannot be known")

// ErrReplacedUnreadable says the database a restore replaces could not be
// read (damaged): it is then the one record of who used /mentor forget.
var ErrReplacedUnreadable = errors.New("the database replaced cannot be read")

// forgetAgain applies again, to the restored copy at tmp, each /mentor
// forget that the database at path recorded and the copy did not: those
// made after the backup was taken, whose data the backup still holds. It
// says so (ErrForgottenUnknown) when that cannot be known, oldBackup among
// the reasons: a backup from before the record.
func forgetAgain(ctx context.Context, tmp, path string, oldBackup bool) (int, error) {
	later, err := forgottenIn(ctx, path)
	if err != nil {
		return 0, err
	}
	n := 0
	if len(later) > 0 {
		err = withCopy(ctx, tmp, func(db *DB) error {
			n, err = forgetEach(ctx, db, later)
			return err
		})
		if err != nil {
			return n, err
		}
	}
	if oldBackup {
		return n, fmt.Errorf("%w: the backup is from before mentorbot kept a record of them", ErrForgottenUnknown)
	}
	return n, nil
}

// withCopy opens the copy at tmp as the bot would (migrating it), runs fn
// (when not nil) and closes it with everything in its own file: only that
// file is renamed into place.
func withCopy(ctx context.Context, tmp string, fn func(*DB) error) error {
	db, err := Open(ctx, tmp, Options{})
	if err != nil {
		return fmt.Errorf("open the copy: %w", err)
	}
	if fn != nil {
		err = fn(db)
	}
	if err == nil {
		err = db.Checkpoint(ctx)
	}
	if err := errors.Join(err, db.Close()); err != nil {
		return err
	}
	if st, err := os.Stat(tmp + "-wal"); err == nil && st.Size() > 0 {
		return fmt.Errorf("the copy kept a write-ahead log (%s)", tmp+"-wal")
	}
	return errors.Join(removeIfThere(tmp+"-wal"), removeIfThere(tmp+"-shm"))
}

// forgottenSince is the migration that began the record of forgets.
const forgottenSince = 26

// forgetEach forgets in db each user of later not forgotten there since.
func forgetEach(ctx context.Context, db *DB, later map[string]int64) (int, error) {
	n := 0
	for user, at := range later {
		var since int64
		err := db.read.QueryRowContext(ctx, `SELECT at FROM forgotten WHERE user_id = ?`, user).Scan(&since)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return n, fmt.Errorf("forget again: %w", err)
		}
		if since >= at {
			continue // forgotten already when the backup was taken
		}
		if _, err := db.Forget(ctx, user, nil); err != nil {
			return n, fmt.Errorf("forget %s again: %w", user, err)
		}
		n++
	}
	return n, nil
}

// unreadable is forgottenIn's error for a replaced database that could not
// be read.
func unreadable(err error) error {
	return fmt.Errorf("%w: %w: %w", ErrForgottenUnknown, ErrReplacedUnreadable, err)
}

// forgottenIn reads who the database at path records as forgotten, and
// when. It returns ErrForgottenUnknown, wrapped with why, when that cannot
// be told: there is no database there, it is damaged, or it is from
// before the record was kept.
func forgottenIn(ctx context.Context, path string) (map[string]int64, error) {
	if !exists(path) {
		return nil, fmt.Errorf("%w: there is no database at %s to read it from", ErrForgottenUnknown, path)
	}
	if err := checkOurs(path); err != nil {
		return nil, unreadable(err)
	}
	db, err := sql.Open("sqlite", fileURI(path)+"?_pragma="+url.QueryEscape("query_only(1)"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var kept int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'forgotten'`).Scan(&kept); err != nil {
		return nil, unreadable(err)
	}
	if kept == 0 {
		return nil, fmt.Errorf("%w: the database replaced is from a mentorbot that kept no record of them", ErrForgottenUnknown)
	}
	rows, err := db.QueryContext(ctx, `SELECT user_id, at FROM forgotten`)
	if err != nil {
		return nil, unreadable(err)
	}
	out := map[string]int64{}
	err = each(rows, func(s scanner) error {
		var user string
		var at int64
		if err := s.Scan(&user, &at); err != nil {
			return err
		}
		out[user] = at
		return nil
	})
	if err != nil {
		return nil, unreadable(err)
	}
	return out, nil
}
