package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// waiting reports how many callers wait for the turn.
func (w *writeTurn) waiting() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.first) + len(w.rest)
}

// awaitWaiting waits (in real time: the callers are goroutines) until n
// callers wait for the turn.
func awaitWaiting(t *testing.T, w *writeTurn, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for w.waiting() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d callers wait for the turn, want %d", w.waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// takeAndTell takes w's turn, says so on order by name, and gives it.
func takeAndTell(ctx context.Context, w *writeTurn, name string, urgent bool, order chan<- string) {
	if err := w.take(ctx, urgent); err != nil {
		order <- "error: " + err.Error()
		return
	}
	order <- name
	w.give()
}

// A person's write waiting for the turn gets it before background writes
// that came earlier, and the background writes then go in the order they
// came.
func TestWriteTurnPutsAPersonsWritesFirst(t *testing.T) {
	ctx := context.Background()
	var w writeTurn
	if err := w.take(ctx, false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 4)
	waitFor := func(name string, urgent bool) { go takeAndTell(ctx, &w, name, urgent, order) }
	waitFor("background 1", false)
	awaitWaiting(t, &w, 1)
	waitFor("background 2", false)
	awaitWaiting(t, &w, 2)
	waitFor("command 1", true)
	awaitWaiting(t, &w, 3)
	waitFor("command 2", true)
	awaitWaiting(t, &w, 4)
	w.give()
	for _, want := range []string{"command 1", "command 2", "background 1", "background 2"} {
		if got := <-order; got != want {
			t.Fatalf("turn went to %q, want %q", got, want)
		}
	}
	// Once everyone is done, the turn is free.
	if err := w.take(ctx, false); err != nil {
		t.Fatal(err)
	}
	w.give()
}

// A caller that stops waiting leaves the queue; the others still get
// their turns, and none is lost.
func TestWriteTurnCallerGivingUp(t *testing.T) {
	ctx := context.Background()
	var w writeTurn
	if err := w.take(ctx, false); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() { gaveUp <- w.take(gone, true) }()
	awaitWaiting(t, &w, 1)
	got := make(chan error, 1)
	go func() { got <- w.take(ctx, false) }()
	awaitWaiting(t, &w, 2)
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("a caller that gave up: %v, want context.Canceled", err)
	}
	w.give()
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the turn given up was never handed on")
	}
	w.give()
	if w.busy || w.waiting() != 0 {
		t.Fatalf("busy %v with %d waiting after every turn was given back", w.busy, w.waiting())
	}
}

// A stream of urgent writes lets a waiting background write through
// after urgentRun of them.
func TestWriteTurnBackgroundIsNotStarved(t *testing.T) {
	ctx := context.Background()
	var w writeTurn
	if err := w.take(ctx, false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, urgentRun+2)
	waitFor := func(name string, urgent bool) { go takeAndTell(ctx, &w, name, urgent, order) }
	waitFor("background", false)
	awaitWaiting(t, &w, 1)
	for i := range urgentRun + 1 {
		waitFor("command", true)
		awaitWaiting(t, &w, i+2)
	}
	w.give()
	var got []string
	for range urgentRun + 2 {
		got = append(got, <-order)
	}
	if got[urgentRun] != "background" {
		t.Fatalf("turns went %v; want the background write after %d commands", got, urgentRun)
	}
}

// Every write of a delivery's work before it is settled goes first, not
// only the one that records its claim; the work it leaves to the
// background, after it is settled, does not.
func TestAwaitedUntilTheClaimIsSettled(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "turn.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cctx, claim := WithClaim(ctx, []string{"envelope:E9"})
	if !awaited(cctx) {
		t.Fatal("a delivery's first write is not awaited")
	}
	if err := db.RecordClaim(cctx); err != nil {
		t.Fatal(err)
	}
	if !claim.Made() || !awaited(cctx) {
		t.Fatalf("after its claim was recorded: made %v, awaited %v; want both", claim.Made(), awaited(cctx))
	}
	claim.Settle()
	if awaited(cctx) || awaited(ctx) || awaited(WithoutClaim(cctx)) {
		t.Fatal("work after the delivery was settled, or without a claim, is awaited")
	}
}
