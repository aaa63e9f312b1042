package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// TestFaultDiskFullMatchingChangeAndItsDMTogether is
// TestFaultDiskFullChangeAndItsDMTogether for matching and programme
// rounds: publishing a round, answering a proposal (the pair made, a
// decline, a proposal withdrawn), leaving matching, and starting, asking
// to close and closing a round each store the change and the DMs that
// tell of it in one commit. With only the notifications table full, the
// person is told that nothing changed, and nothing did; once space is
// back, the same press or command works, and each DM arrives once.
func TestFaultDiskFullMatchingChangeAndItsDMTogether(t *testing.T) {
	// What the person pressing sees: the answer, or the message the
	// press redrew.
	click := func(e *env, user string, m *slacksim.Message, action string) string {
		got := e.clickAnswer(user, *m, action)
		cur, _ := e.sim.LookupMessage(m.Channel, m.TS)
		return got + "\n" + cur.Text + "\n" + blockText(cur.Blocks)
	}
	count := func(e *env, query string, args ...any) int {
		e.t.Helper()
		var n int
		if err := e.dumpConn().QueryRow(query, args...).Scan(&n); err != nil {
			e.t.Fatal(err)
		}
		return n
	}
	proposal := func(status string) func(e *env) string {
		return func(e *env) string {
			if count(e, `SELECT count(*) FROM proposals WHERE round > 0 AND status = ?`, status) > 0 {
				return "a proposal is " + status
			}
			return ""
		}
	}
	var (
		review             slacksim.Message // dana's review of the round
		askFrank, askGrace slacksim.Message // the proposal DMs
	)
	publish := func(e *env) {
		e.t.Helper()
		review, _ = matchRun(e)
		e.matchClick(dana, review, "match_publish")
		askFrank = e.waitDM(frank, "A mentoring match for you")
		askGrace = e.waitDM(grace, "A mentoring match for you")
	}
	// paired makes frank and grace a pair in the round Spring.
	paired := func(e *env) {
		e.t.Helper()
		if got := e.cmd(dana, "/mentor", "cohort start Spring --until 2027-02-28"); !strings.Contains(got, "Started the round") {
			e.t.Fatalf("cohort start: %q", got)
		}
		publish(e)
		e.matchClick(frank, askFrank, "proposal_accept")
		e.matchClick(grace, askGrace, "proposal_accept")
		e.eventually("frank and grace's pair", func() bool { return len(e.matchPairs()) == 1 })
	}
	cohortStatus := func(e *env) string {
		c, err := e.app.DB.CurrentCohort(e.ctx)
		switch {
		case store.ErrorCode(err) == store.ENotFound:
			return "none"
		case err != nil:
			e.t.Fatal(err)
		case c.Asked:
			return "asked"
		}
		return "running"
	}
	for _, s := range []diskFullStep{{
		name: "publish",
		setup: func(e *env) {
			review, _ = matchRun(e)
		},
		do:      func(e *env) string { return click(e, dana, &review, "match_publish") },
		ok:      "Published",
		changed: proposal(store.ProposalProposed),
		dmTo:    []string{frank, grace}, dm: []string{"A mentoring match for you", "A mentoring match for you"},
	}, {
		name: "proposal accepted",
		setup: func(e *env) {
			publish(e)
			e.matchClick(frank, askFrank, "proposal_accept")
			// Frank's one place is taken meanwhile: the pair takes him
			// past it, which he is told of.
			e.pair(frank, alice)
		},
		do: func(e *env) string { return click(e, grace, &askGrace, "proposal_accept") },
		ok: "You both accepted",
		changed: func(e *env) string {
			for _, p := range e.matchPairs() {
				if p.MenteeID == grace {
					return "the pair was made"
				}
			}
			return ""
		},
		dmTo: []string{grace, frank, frank},
		dm:   []string{"<@UFRANK> is now your *mentor*", "You are now <@UGRACE>'s *mentor*", "more than the 1 you offered"},
	}, {
		name:    "proposal declined",
		setup:   publish,
		do:      func(e *env) string { return click(e, grace, &askGrace, "proposal_decline") },
		ok:      "You declined this match",
		changed: proposal(store.ProposalDeclined),
		dmTo:    []string{frank}, dm: []string{"The proposed match with <@UGRACE> won't go ahead this time"},
	}, {
		name: "proposal withdrawn",
		setup: func(e *env) {
			publish(e)
			// Grace gets a mentor another way: frank's Accept withdraws
			// the proposal instead of giving her a second one.
			e.pair(alice, grace)
		},
		do:      func(e *env) string { return click(e, frank, &askFrank, "proposal_accept") },
		ok:      "I've withdrawn it",
		changed: proposal(store.ProposalDropped),
		dmTo:    []string{grace}, dm: []string{"Your proposed match with <@UFRANK> won't go ahead"},
	}, {
		name:  "leave",
		setup: publish,
		do:    func(e *env) string { return e.cmd(frank, "/mentor", "leave") },
		ok:    "You've left matching",
		changed: func(e *env) string {
			if s, _ := e.app.DB.Signup(e.ctx, frank); s.Status == store.SignupWithdrawn {
				return "frank left matching"
			}
			return ""
		},
		dmTo: []string{grace}, dm: []string{"they have left matching"},
	}, {
		name: "cohort start",
		do:   func(e *env) string { return e.cmd(dana, "/mentor", "cohort start Spring --until 2026-11-09") },
		ok:   "Started the round *Spring*",
		changed: func(e *env) string {
			if st := cohortStatus(e); st != "none" {
				return "a round is " + st
			}
			return ""
		},
		after: func(e *env) {
			e.clock.Set(time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC)) // London: UTC in November
		},
		dmTo: []string{dana}, dm: []string{"The round *Spring* reaches its end date today"},
	}, {
		name:  "cohort end asks",
		setup: paired,
		do: func(e *env) string {
			// Before the end date, `cohort end` asks dana first.
			res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end")
			if res.Message == nil || !strings.Contains(string(res.Message.Blocks), "cohort_ask") {
				e.t.Fatalf("cohort end: %+v", res.Message)
			}
			return click(e, dana, res.Message, "cohort_ask")
		},
		ok: "I've asked the pair of *Spring*",
		changed: func(e *env) string {
			if st := cohortStatus(e); st != "running" {
				return "the round is " + st
			}
			return ""
		},
		dmTo: []string{frank, grace}, dm: []string{"Would you like to keep mentoring together with <@UGRACE>", "Would you like to keep mentoring together with <@UFRANK>"},
	}, {
		name:  "cohort end now",
		setup: paired,
		do: func(e *env) string {
			res := e.cmdIn(dana, e.dmChannel(dana), "/mentor", "cohort end now")
			if res.Message == nil || !strings.Contains(string(res.Message.Blocks), "Close and end 1 pair") {
				e.t.Fatalf("cohort end now: %+v", res.Message)
			}
			return click(e, dana, res.Message, "cohort_close")
		},
		ok: "Closed the round *Spring*",
		changed: func(e *env) string {
			if st := cohortStatus(e); st != "running" {
				return "the round is " + st
			}
			if ps := e.matchPairs(); len(ps) != 1 || !ps[0].Live() {
				return "the pair ended"
			}
			return ""
		},
		dmTo: []string{frank, grace},
		dm:   []string{"has closed, and with it your mentoring pair with <@UGRACE>", "has closed, and with it your mentoring pair with <@UFRANK>"},
	}} {
		t.Run(s.name, func(t *testing.T) {
			e, _, _ := faultEnv(t, faultOpts{})
			e.sim.AddUser(slacksim.User{ID: frank, Name: "frank", RealName: "Frank Fischer", TZ: "Europe/Paris"})
			e.sim.AddUser(slacksim.User{ID: grace, Name: "grace", RealName: "Grace Green", TZ: "Europe/Berlin"})
			matchJoin(e, frank, signup{role: "mentor", other: "Go", capacity: "1"})
			matchJoin(e, grace, signup{role: "mentee", other: "Go"})
			if s.setup != nil {
				s.setup(e)
			}
			e.settle()
			checkDiskFull(t, e, s)
		})
	}
}
