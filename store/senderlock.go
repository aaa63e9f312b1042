package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// The sender lock. A send under way is leased (ClaimDue), so that when the
// process sending it dies the next one finds the claim and looks for the
// message in its DM before sending it again. Waiting out a dead process's
// leases holds those DMs back by the lease, two minutes, by when a
// reminder's meeting may have begun. Ending them at once is safe only if
// no live process holds any: a rolling deploy that starts the new process
// before the old one stops would otherwise post the old one's sends a
// second time. The sender lock settles who may send: an flock on a file
// beside the database, which the kernel drops the moment its process dies,
// held by one process at a time. Its holder is the only one sending, so
// when it takes the lock every lease in the database is a dead process's.
//
// Two processes on one database must share a host for this to hold; SQLite
// itself is not safe across hosts (network file systems) either.

// ErrNoSenderLock says this system has no flock: a process sends without
// the lock, and leases cut short by a crash are waited out.
var ErrNoSenderLock = errors.New("the sender lock needs flock, which this system lacks")

// senderLock is the lock file while held.
type senderLock struct {
	mu sync.Mutex
	f  *os.File
}

// SenderLockPath is the file whose flock is the sender lock. It stays
// after a stop: deleted while a bot runs, a second one would lock a new
// file of that name and send beside the first.
func (db *DB) SenderLockPath() string { return db.path + ".lock" }

// holdsSender reports whether this DB holds the sender lock.
func (db *DB) holdsSender() bool {
	db.sender.mu.Lock()
	defer db.sender.mu.Unlock()
	return db.sender.f != nil
}

// LockSender takes the sender lock unless another process holds it, and
// reports whether this DB holds it. Once taken it is held until Close.
func (db *DB) LockSender() (bool, error) {
	db.sender.mu.Lock()
	defer db.sender.mu.Unlock()
	if db.sender.f != nil {
		return true, nil
	}
	if db.path == ":memory:" || strings.HasPrefix(db.path, "file:") {
		return false, ErrNoSenderLock // no file of its own to lock beside
	}
	f, err := flock(db.SenderLockPath())
	if err != nil {
		return false, fmt.Errorf("take the sender lock %s: %w", db.SenderLockPath(), err)
	}
	if f != nil && !db.stillAtPath() {
		// A restore moved the file this DB has open aside while this
		// process waited for the lock it held: sending from it would send
		// what the restored file will send again.
		f.Close()
		return false, fmt.Errorf("take the sender lock: %w", ErrReplaced)
	}
	db.sender.f = f
	return f != nil, nil
}

// ErrReplaced is LockSender's error when the database's file has been
// replaced (by `mentorbot restore`) since this process opened it.
var ErrReplaced = errors.New("the database file was replaced since this process opened it (a restore?); restart mentorbot to use the new one")

// OpenedFile is the database's file as Open found it (nil for ":memory:"
// and SQLite URIs): /healthz and the sender lock check that the path still
// names it.
func (db *DB) OpenedFile() os.FileInfo { return db.file }

// stillAtPath reports whether the database's path still names the file
// that Open opened.
func (db *DB) stillAtPath() bool {
	if db.file == nil {
		return true
	}
	st, err := os.Stat(db.path)
	return err == nil && os.SameFile(st, db.file)
}

// unlockSender lets the sender lock go (Close).
func (db *DB) unlockSender() error {
	db.sender.mu.Lock()
	defer db.sender.mu.Unlock()
	if db.sender.f == nil {
		return nil
	}
	err := db.sender.f.Close() // closing the file drops its flock
	db.sender.f = nil
	return err
}

// EndLeases ends, at at, the leases of sends that were under way when
// the process holding them died (those that would last longer), and
// reports how many: the dispatcher then looks for each in its DM at that
// time, rather than when the lease lapses minutes on. Only the holder of the sender lock calls it, when it
// takes the lock, before it claims anything: a claim made by a holder
// before it is then a dead process's (migration 25). A claim made without
// the lock may be a live process's, and a claim waiting to be retried
// after a failure is none under way: both keep their leases.
func (db *DB) EndLeases(ctx context.Context, at time.Time) (int64, error) {
	var k int64
	err := db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE notifications SET lease_until = ?
			WHERE status = 'sending' AND lease_locked = 1 AND lease_until > ?`, unix(at), unix(at))
		if err != nil {
			return fmt.Errorf("end the leases of sends cut short: %w", err)
		}
		k, err = res.RowsAffected()
		return err
	})
	return k, err
}
