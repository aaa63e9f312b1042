package scheduler

import (
	"strconv"
	"testing"
	"time"
)

// planPair's quiet-pair bounds rest on a block's reach falling short of
// QuietAfter: a meeting that passes within the block starts a nudge that
// no plan made in the block reaches.
func TestPlanBlocks(t *testing.T) {
	if pairBlock+PlanHorizon >= QuietAfter {
		t.Errorf("pair block %v + horizon %v: want under %v", pairBlock, PlanHorizon, QuietAfter)
	}
	// Every instant of a block is in the same block, the block's end is
	// in the next one, and the ends of a pair's blocks are a block apart.
	for id := range int64(40) {
		key := strconv.FormatInt(id, 10)
		now := time.Date(2026, 11, 2, 13, 0, 0, 0, time.UTC)
		b := blockOf(now, pairBlock, key)
		if !b.end.After(now) || b.end.Sub(now) > pairBlock || b.end.Hour() != 0 || b.end.Minute() != 0 {
			t.Fatalf("pair %d at %v: block ends %v", id, now, b.end)
		}
		for _, at := range []time.Time{b.end.Add(-pairBlock), b.end.Add(-time.Nanosecond), now} {
			if got := blockOf(at, pairBlock, key); got != b {
				t.Errorf("pair %d: block at %v is %+v, at %v %+v", id, at, got, now, b)
			}
		}
		if next := blockOf(b.end, pairBlock, key); !next.end.Equal(b.end.Add(pairBlock)) {
			t.Errorf("pair %d: block after %v ends %v", id, b.end, next.end)
		}
		if !b.through.Equal(b.end.Add(PlanHorizon)) {
			t.Errorf("pair %d: reach %v for block end %v", id, b.through, b.end)
		}
	}
	// Pairs in one run of IDs share their block; the runs spread over the
	// days of a block.
	now := time.Date(2026, 11, 2, 13, 0, 0, 0, time.UTC)
	ends := map[time.Time]bool{}
	for id := range int64(64 * pairRun) {
		b := pairBlockOf(now, id)
		if first := pairBlockOf(now, id/pairRun*pairRun); b != first {
			t.Fatalf("pair %d: block %+v, the first of its run %+v", id, b, first)
		}
		ends[b.end] = true
	}
	if len(ends) != int(pairBlock/(24*time.Hour)) {
		t.Errorf("64 runs of pairs end their blocks on %d days, want %d", len(ends), pairBlock/(24*time.Hour))
	}
	// Blocks start on every day: the work of visiting spreads.
	days := map[int64]bool{}
	for id := range 200 {
		days[blockOf(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), personBlock, "U"+strconv.Itoa(id)).end.Unix()/86400] = true
	}
	if len(days) != int(personBlock/(24*time.Hour)) {
		t.Errorf("people's blocks end on %d different days, want %d", len(days), personBlock/(24*time.Hour))
	}
}
