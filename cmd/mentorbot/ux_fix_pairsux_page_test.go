package main

import (
	"fmt"
	"strings"
	"testing"
)

// Asking /mentor pairs all for a page past the last says how many pages
// there are in words that read right for one pair, several, one page and
// several: not "There are 4 active pairs, so 1 page of 100".
func TestPairsAllPastTheLastPage(t *testing.T) {
	e := newEnv(t)
	made := 0
	pairUp := func(n int) {
		t.Helper()
		for ; n > 0; n-- {
			if _, err := e.app.DB.CreatePair(e.ctx, dana, fmt.Sprintf("UMENTOR%03d", made), fmt.Sprintf("UMENTEE%03d", made)); err != nil {
				t.Fatal(err)
			}
			made++
		}
	}
	check := func(text string, want ...string) {
		t.Helper()
		got := e.cmd(dana, "/mentor", text)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s = %q, want %q in it", text, got, w)
			}
		}
		for _, bad := range []string{", so", "1 pages", "1 page of", "1 active pairs"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s = %q, has %q", text, got, bad)
			}
		}
	}
	pairUp(1)
	check("pairs all 2", "There's only one page: the one active pair is on it — `/mentor pairs all`.")
	pairUp(3)
	check("pairs all 2", "There's only one page: all 4 active pairs are on it — `/mentor pairs all`.")
	pairUp(101)
	check("pairs all 5", "There are only 2 pages of active pairs (105 pairs, 100 to a page): `/mentor pairs all 2` is the last.")
}
