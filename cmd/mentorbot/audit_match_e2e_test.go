package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// When someone leaves matching, the proposal DMs of their open proposal
// stop asking: the one who had accepted no longer reads that the pair is
// made as soon as the other accepts, and neither keeps Accept / Decline.
func TestAuditLeavingUpdatesBothProposalDMs(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	aliceDM := matchDM(e, alice, "A mentoring match for you")
	graceDM := matchDM(e, grace, "A mentoring match for you")
	e.matchClick(alice, aliceDM, "proposal_accept")
	matchEventually(e, "alice's acceptance", func() bool { return contains(matchCurrent(e, aliceDM), "You accepted") })

	e.cmd(grace, "/mentor", "leave")
	matchDM(e, alice, "won't go ahead")
	matchEventually(e, "alice's proposal DM to say it won't go ahead", func() bool {
		cur := matchCurrent(e, aliceDM)
		return contains(cur, "won't go ahead") && !contains(cur, "as soon as")
	})
	for _, dm := range []slacksim.Message{aliceDM, graceDM} {
		matchEventually(e, "the proposal buttons to go", func() bool {
			ids := matchActionIDs(matchCurrent(e, dm))
			return !slices.Contains(ids, "proposal_accept") && !slices.Contains(ids, "proposal_decline")
		})
		if cur := matchCurrent(e, dm); !contains(cur, "won't go ahead") {
			t.Errorf("proposal DM in %s after the leave: %q", dm.Channel, blockText(cur.Blocks))
		}
	}
	matchNoFailures(e)
}

// A published proposal nobody finished answering lapses after
// store.ProposalTTL; both people are told, the one who accepted included,
// who would otherwise wait for a pair that never comes. A proposal both
// accepted says nothing then.
func TestAuditLapsedProposalIsToldToBoth(t *testing.T) {
	e := matchEnv(t)
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	matchJoin(e, frank, signup{role: "mentor", other: "Rust", capacity: "1"})
	matchJoin(e, bob, signup{role: "mentee", other: "Rust"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	e.matchClick(alice, matchDM(e, alice, "A mentoring match for you"), "proposal_accept")
	for _, u := range []string{frank, bob} {
		e.matchClick(u, matchDM(e, u, "A mentoring match for you"), "proposal_accept")
	}
	matchEventually(e, "frank and bob's pair", func() bool { return len(e.matchPairs()) == 1 })

	e.advance(store.ProposalTTL - time.Hour)
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse before it lapsed: %s", e.describeDMs(alice))
	}
	e.advance(2 * time.Hour)
	for _, u := range []string{alice, grace} {
		m := matchDM(e, u, "has lapsed")
		for _, want := range []string{"won't go ahead", "still in the pool"} {
			if !contains(m, want) {
				t.Errorf("lapse DM to %s lacks %q: %q", u, want, m.Text)
			}
		}
	}
	for _, u := range []string{frank, bob} {
		if got := e.dms(u, "lapsed"); len(got) != 0 {
			t.Errorf("%s, paired, was told of a lapse: %q", u, got[0].Text)
		}
	}
	matchNoFailures(e)
}

// A lapse that falls in the night reaches each person in their morning.
func TestLapsedProposalWaitsForTheMorning(t *testing.T) {
	e := matchEnv(t)
	e.clock.Set(utc(2026, 11, 10, 1, 0)) // 02:00 in Berlin
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	matchDM(e, alice, "A mentoring match for you")
	e.advance(utc(2026, 11, 24, 6, 30).Sub(e.clock.Now())) // 07:30 in Berlin, the lapse 5½ hours old
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse in the night: %s", e.describeDMs(alice))
	}
	e.advance(time.Hour)
	for _, u := range []string{alice, grace} {
		matchDM(e, u, "has lapsed")
	}
	matchNoFailures(e)
}

// The lapse notice keeps the reader's quiet hours and zone as they are
// when it falls due, not as they were when the round was published: two
// weeks is long enough for either to change.
func TestLapsedProposalFollowsQuietHoursChangedSincePublish(t *testing.T) {
	e := matchEnv(t)
	e.clock.Set(utc(2026, 11, 10, 1, 0)) // 02:00 in Berlin
	matchJoin(e, alice, signup{role: "mentor", other: "Go", capacity: "1"})
	matchJoin(e, grace, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	matchDM(e, alice, "A mentoring match for you")
	matchDM(e, grace, "A mentoring match for you")

	// Alice sleeps late now; Grace has moved to Tokyo, where the lapse
	// (01:01 UTC) falls at 10:01.
	s := store.DefaultSettings()
	s.QuietHours = new("01:00-10:00")
	if err := e.app.DB.SaveSettings(e.ctx, alice, s); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.ChangeUser(e.ctx, slacksim.User{ID: grace, Name: "grace", RealName: "Grace Green", TZ: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	e.waitUser(grace, "a zone of Asia/Tokyo", func(p store.User) bool { return p.TZ == "Asia/Tokyo" })

	e.advance(utc(2026, 11, 24, 1, 30).Sub(e.clock.Now()))
	matchDM(e, grace, "has lapsed")                        // her morning in Tokyo, not Berlin's
	e.advance(utc(2026, 11, 24, 8, 30).Sub(e.clock.Now())) // 09:30 in Berlin
	if got := e.dms(alice, "lapsed"); len(got) != 0 {
		t.Fatalf("told of a lapse in her new quiet hours (until 10:00): %s", e.describeDMs(alice))
	}
	e.advance(time.Hour)
	matchDM(e, alice, "has lapsed")
	matchNoFailures(e)
}

// A topic typed twice in one add (in any case) is added once, not also
// reported as already on the list; removing several says "them".
func TestAuditTopicsAddTwiceInOneGoAndRemoveSeveral(t *testing.T) {
	e := matchEnv(t)
	got := e.cmd(dana, "/mentor", "topics add Go, go, Rust")
	if got != ":label: Added Go, Rust." {
		t.Errorf("add = %q, want only %q", got, ":label: Added Go, Rust.")
	}
	got = e.cmd(dana, "/mentor", "topics remove go, rust")
	if want := "Removed Go, Rust. People who chose them keep them in their sign-up."; got != want {
		t.Errorf("remove = %q, want %q", got, want)
	}
	e.cmd(dana, "/mentor", "topics add Go")
	if got, want := e.cmd(dana, "/mentor", "topics remove Go"), "Removed Go. People who chose it keep it in their sign-up."; got != want {
		t.Errorf("remove one = %q, want %q", got, want)
	}
}

// A round of one pair reads in the singular, and once its end date has
// passed the admin is not told "when the round is over".
func TestAuditCohortOfOnePairReadsWell(t *testing.T) {
	e := matchEnv(t)
	e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28")
	matchJoin(e, alice, signup{role: "mentor", other: "Go"})
	matchJoin(e, bob, signup{role: "mentee", other: "Go"})
	msg, _ := matchRun(e)
	e.matchClick(dana, msg, "match_publish")
	for _, u := range []string{alice, bob} {
		e.matchClick(u, matchDM(e, u, "A mentoring match for you"), "proposal_accept")
	}
	matchEventually(e, "the pair", func() bool { return len(e.matchPairs()) == 1 })

	e.clock.Set(time.Date(2027, 3, 2, 10, 0, 0, 0, time.UTC))
	e.settle()
	if got := e.cmd(dana, "/mentor", "cohort"); !strings.Contains(got, "Its end date has passed") || strings.Contains(got, "When the round is over") {
		t.Errorf("cohort after its end date = %q", got)
	}
	got := e.cmd(dana, "/mentor", "cohort end")
	if !strings.Contains(got, "I've asked the pair of *Winter*") || strings.Contains(got, "the 1 pair") {
		t.Errorf("cohort end = %q; want \"the pair\"", got)
	}
	got = e.cmd(dana, "/mentor", "cohort end now")
	if !strings.Contains(got, "ends 1 pair where not both chose to continue") || strings.Contains(got, "every one") {
		t.Errorf("cohort end now = %q", got)
	}
}
