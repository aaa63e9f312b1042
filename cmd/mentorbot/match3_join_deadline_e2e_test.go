package main

import (
	"regexp"
	"strings"
	"testing"
)

// dateToken is the first Slack date token in s: "<!date^…|fallback>".
var dateToken = regexp.MustCompile(`<!date\^[^>]*>`)

// Someone with a match to answer who opens /mentor join reads by when, in
// their own zone, as the proposal DM says it: the date the match lapses.
func TestMatch3JoinFormSaysByWhenToAnswerAMatch(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, carol, signup{role: "mentor", other: "Go", capacity: "1"}) // Tokyo
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})                  // New York
	dms := matchPublish(e, carol, bob)                                      // Mon 2 Nov, 08:00 UTC
	for i, c := range []struct{ user, fallback string }{
		{carol, "|Mon 16 Nov 2026 at 17:00 JST>"},
		{bob, "|Mon 16 Nov 2026 at 03:00 EST>"},
	} {
		deadline := dateToken.FindString(blockText(dms[i].Blocks))
		if !strings.HasSuffix(deadline, c.fallback) {
			t.Fatalf("%s's proposal DM says by %q; want it to end %q", c.user, deadline, c.fallback)
		}
		if got := e.cmd(c.user, "/mentor", "join"); got != "" {
			t.Fatalf("/mentor join answered %q; want the modal only", got)
		}
		v := e.waitModal(c.user, "match_join")
		text := modalText(t, v)
		if !strings.Contains(text, "A match is waiting for your answer") || !strings.Contains(text, "by "+deadline+"; after that it lapses") {
			t.Errorf("%s's join form doesn't say by when to answer (%s): %s", c.user, deadline, text)
		}
		e.sim.CloseView(matchCtx(e), c.user, v.ID)
	}
	matchNoFailures(e)
}
