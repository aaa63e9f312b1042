package store

import (
	"context"
	"database/sql"
	"sync"
)

// One read transaction for a request's reads.
//
// A slash command reads five or six times before it answers (its delivery
// record, the person's profile, their pairs, goals, counts). Each read on
// its own is a read transaction of its own: SQLite takes and drops its
// shared-memory locks, and in WAL mode a connection whose database changed
// since its last read starts with an empty page cache, so under a steady
// stream of writes every read walks its B-trees from disk again. Under a
// Snapshot context they share one transaction: the locks once, the upper
// pages of each tree read once, and one consistent state of the database
// for the whole answer.
//
// The transaction begins at the first read and ends:
//   - when the request writes (InTx commits), so that it reads what it
//     wrote;
//   - before the request waits on Slack (ReleaseSnapshot), so that no
//     reader connection is held across a network call;
//   - when the request ends (the func Snapshot returns).
//
// A later read begins a new one. At most maxSnapshots requests hold one at
// a time; the others read as before, one transaction per read, so a reader
// connection is always left for reads outside any snapshot and waiting for
// one can never deadlock.

// maxSnapshots is how many reader connections snapshots may hold at once,
// of readConns.
const maxSnapshots = readConns / 2

type snapshotKey struct{}

// snapshot is a request's lazily begun read transaction.
type snapshot struct {
	p  *pool
	mu sync.Mutex
	tx *cachedTx
	// using counts readSnapshot callbacks running on tx: ending the
	// transaction under them waits for the last (see release).
	using   int
	stale   bool // release was asked for while in use
	ended   bool // the request is over: reads go alone
	slotted bool // holds one of p.slots
}

// Snapshot returns a context under which reads share one read transaction
// (see above), and the func that ends it; call that when the request has
// its answer. Work handed to the background must not inherit it:
// WithoutClaim drops it too.
func (db *DB) Snapshot(ctx context.Context) (context.Context, func()) {
	s := &snapshot{p: db.read}
	return context.WithValue(ctx, snapshotKey{}, s), s.end
}

// ReleaseSnapshot ends ctx's read transaction, if it has one, before the
// request waits on something else (a call to Slack). Its next read begins
// a new one.
func ReleaseSnapshot(ctx context.Context) {
	if s, _ := ctx.Value(snapshotKey{}).(*snapshot); s != nil {
		s.release()
	}
}

// snapshotOf returns ctx's snapshot on p, nil when there is none.
func (p *pool) snapshotOf(ctx context.Context) *snapshot {
	s, _ := ctx.Value(snapshotKey{}).(*snapshot)
	if s == nil || s.p != p {
		return nil
	}
	return s
}

// acquire returns the open transaction, beginning it when there is none;
// nil when the request is over or every slot is taken (the read then goes
// alone). With use, the caller holds it until done.
func (s *snapshot) acquire(ctx context.Context, use bool) *cachedTx {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ended || s.stale {
		return nil
	}
	if s.tx == nil {
		select {
		case s.p.slots <- struct{}{}:
		default:
			return nil
		}
		// The transaction outlives no request, but must not end with a
		// cancelled context half-way through one: database/sql would roll
		// it back under a later read.
		tx, err := s.p.beginTx(context.WithoutCancel(ctx), &sql.TxOptions{ReadOnly: true})
		if err != nil {
			<-s.p.slots
			return nil
		}
		s.tx, s.slotted = tx, true
	}
	if use {
		s.using++
	}
	return s.tx
}

// done ends a use begun by acquire(ctx, true).
func (s *snapshot) done(ctx context.Context) {
	s.mu.Lock()
	s.using--
	var tx *cachedTx
	if s.using == 0 && s.stale {
		tx = s.takeLocked()
	}
	s.mu.Unlock()
	s.finish(ctx, tx)
}

func (s *snapshot) release() {
	s.mu.Lock()
	var tx *cachedTx
	if s.using > 0 {
		s.stale = true
	} else {
		tx = s.takeLocked()
	}
	s.mu.Unlock()
	s.finish(context.Background(), tx)
}

func (s *snapshot) end() {
	s.mu.Lock()
	s.ended = true
	s.mu.Unlock()
	s.release()
}

// takeLocked detaches the transaction and frees its slot.
func (s *snapshot) takeLocked() *cachedTx {
	tx := s.tx
	s.tx, s.stale = nil, false
	if s.slotted {
		<-s.p.slots
		s.slotted = false
	}
	return tx
}

// finish rolls tx back outside the lock: database/sql waits there for rows
// still open on it.
func (s *snapshot) finish(ctx context.Context, tx *cachedTx) {
	if tx != nil {
		tx.discard(ctx)
	}
}
