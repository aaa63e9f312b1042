package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A round ending in under a week is refused with the shortest end date
// allowed, and nothing is started: too short for its pairs to meet, its
// end-date reminder would come days after its start. Seven days is fine.
func TestMatch3RoundOfUnderAWeekIsRefused(t *testing.T) {
	e := matchEnv(t) // Mon 2 Nov 2026, 08:00 in dana's London
	for _, until := range []string{"tomorrow", "2026-11-08"} {
		got := e.cmd(dana, "/mentor", "cohort start Quick --until "+until)
		if !strings.Contains(got, "at least 7 days") || !strings.Contains(got, "on or after Mon 9 Nov 2026") || strings.Contains(got, "Started") {
			t.Errorf("a round until %s = %q", until, got)
		}
		if c, err := e.app.DB.CurrentCohort(e.ctx); store.ErrorCode(err) != store.ENotFound {
			t.Fatalf("a round until %s was started: %+v, %v", until, c, err)
		}
	}
	// No end-date reminder was queued for the refused rounds.
	e.advance(24*time.Hour + 2*time.Hour) // Tue 3 Nov, 10:00
	if got := e.dms(dana, "reaches its end date"); len(got) != 0 {
		t.Errorf("dana reminded of a refused round: %q", got[0].Text)
	}
	if got := e.cmd(dana, "/mentor", "cohort start Quick --until 2026-11-10"); !strings.Contains(got, "Started the round *Quick*") {
		t.Errorf("a round of seven days = %q", got)
	}
	matchNoFailures(e)
}
