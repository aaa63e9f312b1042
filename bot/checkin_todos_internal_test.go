package bot

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// Of a reader's open to-dos, a check-in shows those of the pairs it
// covers, and counts the rest by why it leaves them out: a pair it left
// out as on hold (snoozed or paused then, whether or not it still is), a
// pair made since a redrawn check-in went (they wait with nothing), a
// pair ended.
func TestCheckinTodosCountsWhyEachIsLeftOut(t *testing.T) {
	went := time.Date(2026, 11, 9, 8, 0, 0, 0, time.UTC)
	before := went.Add(-7 * 24 * time.Hour)
	covered := store.Pair{ID: 1, Status: store.PairActive, CreatedAt: before}
	paused := store.Pair{ID: 2, Status: store.PairPaused, CreatedAt: before}
	snoozedThen := store.Pair{ID: 3, Status: store.PairActive, CreatedAt: before} // its snooze ended since
	since := store.Pair{ID: 4, Status: store.PairActive, CreatedAt: went.Add(time.Hour)}
	ended := store.Pair{ID: 5, Status: store.PairEnded, CreatedAt: before}
	var todos []store.Todo
	for i, p := range []int64{1, 2, 3, 4, 4, 5} {
		todos = append(todos, store.Todo{ID: int64(i + 1), PairID: p})
	}
	shown, held, later, gone, endedPairs := checkinTodos(todos, []store.Pair{covered, paused, snoozedThen, since, ended}, []store.Pair{covered}, went)
	if len(shown) != 1 || shown[0].PairID != 1 || held != 2 || later != 2 || gone != 1 || endedPairs != 1 {
		t.Errorf("shown %v, held %d, later %d, ended %d of %d pairs; want pair 1's, 2, 2, 1 of 1", shown, held, later, gone, endedPairs)
	}
}
