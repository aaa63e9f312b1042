package store

import (
	"context"
	"slices"
	"sync"
)

// writeTurn hands the one write connection to InTx's callers in turn:
// first the writes a person is waiting on, in the order they came, then
// background ones, in the order they came. SQLite has one writer, and
// database/sql gives its one write connection to a waiting caller at
// random, so a command's write, which its ack waits for, queued behind
// whatever background work wanted the connection too: the re-plans and
// delivery records after earlier commands' acks, and the dispatcher's
// records of DMs sent. A transaction that has begun is never cut short;
// a background write waits longer only while commands queue, and never
// behind more than urgentRun of them in a row, so that a stream of
// commands cannot hold back the records of DMs sent for minutes.
type writeTurn struct {
	mu   sync.Mutex
	busy bool
	// first and rest are the callers waiting, each to be told by the
	// closing of its channel that the turn is theirs.
	first, rest []chan struct{}
	// run counts the turns given to first in a row while rest waited.
	run int
}

// urgentRun bounds how many urgent turns in a row go ahead of a waiting
// background write.
const urgentRun = 8

// take waits for the turn; urgent callers go before the others. Every
// take that returns nil is followed by one give.
func (w *writeTurn) take(ctx context.Context, urgent bool) error {
	w.mu.Lock()
	if !w.busy {
		w.busy = true
		w.mu.Unlock()
		return nil
	}
	mine := make(chan struct{})
	if urgent {
		w.first = append(w.first, mine)
	} else {
		w.rest = append(w.rest, mine)
	}
	w.mu.Unlock()
	select {
	case <-mine:
		return nil
	case <-ctx.Done():
	}
	w.mu.Lock()
	queue := &w.rest
	if urgent {
		queue = &w.first
	}
	if i := slices.Index(*queue, mine); i >= 0 {
		*queue = slices.Delete(*queue, i, i+1)
		w.mu.Unlock()
		return ctx.Err()
	}
	w.mu.Unlock()
	// The turn came as ctx ended: it is handed on, not lost.
	w.give()
	return ctx.Err()
}

// give ends a turn, handing it to the next caller waiting.
func (w *writeTurn) give() {
	w.mu.Lock()
	defer w.mu.Unlock()
	var next chan struct{}
	switch {
	case len(w.first) > 0 && (len(w.rest) == 0 || w.run < urgentRun):
		next, w.first = w.first[0], w.first[1:]
		if len(w.rest) > 0 {
			w.run++
		}
	case len(w.rest) > 0:
		next, w.rest = w.rest[0], w.rest[1:]
		w.run = 0
	default:
		w.busy = false
		return
	}
	close(next)
}
