package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// TestFaultDiskFullChangeAndItsDMTogether: each command or button that
// changes something and tells someone else by DM (the partner; both
// members of a new pair; the mentor asked; the requester answered; the
// mentors of a goal done) stores the change and the DMs in one commit.
// With the disk full, the person is told that nothing changed, and
// nothing did: no session, no meetings set, moved or skipped, no
// feedback, no pair made or ended, no request made or answered, no goal
// comment, no goal or to-do closed, although each change's own rows would
// fit in the space left (only the notifications table, where the DMs go,
// is full). Once space is back, the same command works, and each DM that
// tells of it arrives exactly once.
func TestFaultDiskFullChangeAndItsDMTogether(t *testing.T) {
	plan := func(e *env) store.MeetingPlan {
		e.t.Helper()
		mp, err := e.app.DB.Meetings(e.ctx, alice, 1)
		if err != nil {
			e.t.Fatal(err)
		}
		return mp
	}
	command := func(user, command, text string) func(e *env) string {
		return func(e *env) string { return e.cmd(user, command, text) }
	}
	pending := func(e *env) int {
		e.t.Helper()
		var n int
		if err := e.dumpConn().QueryRow(`SELECT count(*) FROM pair_requests WHERE status = 'pending'`).Scan(&n); err != nil {
			e.t.Fatal(err)
		}
		return n
	}
	// addGoal gives Bob a goal, #1. It is added in the store, not with
	// /goal add: each command that commits takes room in the table of
	// deliveries, where the claim of the command tested must still fit
	// once the disk is full.
	addGoal := func(e *env) {
		e.t.Helper()
		if _, err := e.app.DB.AddGoal(e.ctx, bob, store.GoalInput{Text: "Give a lightning talk", DueOn: "2026-12-01"}); err != nil {
			e.t.Fatal(err)
		}
	}
	var ask slacksim.Message // the request the accept step answers
	weekly := ""             // pair 1's schedule before the command
	for _, s := range []diskFullStep{{
		name: "session log",
		do:   command(bob, "/session", "log <@UALICE> we planned the lightning talk todo: draft the outline"),
		ok:   "Logged session *#1*",
		changed: func(e *env) string {
			if ss, _ := e.app.DB.Sessions(e.ctx, bob, 0, 0); len(ss) > 0 {
				return fmt.Sprintf("%d sessions were logged", len(ss))
			}
			return ""
		},
		dmTo: []string{alice}, dm: []string{"we planned the lightning talk"},
	}, {
		name: "feedback",
		do:   command(alice, "/mentor", "feedback <@UBOB> your questions sharpen my thinking"),
		ok:   "passed your feedback on",
		changed: func(e *env) string {
			if fs, _ := e.app.DB.FeedbackGiven(e.ctx, alice, 1, "", time.Time{}); len(fs) > 0 {
				return "feedback was stored"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"your questions sharpen my thinking"},
	}, {
		name: "move",
		do:   command(alice, "/mentor", "move <@UBOB> 11:00"),
		ok:   "Moved your meeting",
		changed: func(e *env) string {
			if mp := plan(e); len(mp.Moves) > 0 {
				return "the meeting was moved"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"moved your meeting"},
	}, {
		name: "skip",
		do:   command(alice, "/mentor", "skip <@UBOB>"),
		ok:   "Skipped your meeting",
		changed: func(e *env) string {
			if mp := plan(e); len(mp.Skips) > 0 {
				return "a meeting was skipped"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"skipped your meeting"},
	}, {
		name: "meet",
		do:   command(alice, "/mentor", "meet <@UBOB> 2026-11-20 10:00"),
		ok:   "is set",
		changed: func(e *env) string {
			if mp := plan(e); mp.Schedule.Rule != weekly {
				return "the meetings were set anew"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"set up a meeting with you"},
	}, {
		name: "pair",
		do:   command(dana, "/mentor", "pair <@UALICE|alice> <@UCAROL|carol>"),
		ok:   "Paired",
		changed: func(e *env) string {
			if ps, _ := e.app.DB.PairsOf(e.ctx, alice, true); len(ps) > 1 {
				return "the pair was made"
			}
			return ""
		},
		dmTo: []string{alice, carol}, dm: []string{"You are now <@UCAROL>'s *mentor*", "<@UALICE> is now your *mentor*"},
	}, {
		name: "end",
		do:   command(erin, "/mentor", "end <@UCAROL>"),
		ok:   "has ended",
		changed: func(e *env) string {
			if p, _ := e.app.DB.Pair(e.ctx, erin, 2); !p.Live() {
				return "the pair was ended"
			}
			return ""
		},
		dmTo: []string{carol}, dm: []string{"has ended your mentoring pair"},
	}, {
		name: "request",
		do:   command(bob, "/mentor", "request <@UCAROL|carol> please help me with my talks"),
		ok:   "I've asked <@UCAROL>",
		changed: func(e *env) string {
			if pending(e) > 0 {
				return "the request was stored"
			}
			return ""
		},
		dmTo: []string{carol}, dm: []string{"please help me with my talks"},
	}, {
		name: "request accepted",
		setup: func(e *env) {
			e.cmd(bob, "/mentor", "request <@UCAROL|carol> please help me with my talks")
			e.settle()
			ask = e.waitDM(carol, "would like you to be their mentor")
		},
		do: func(e *env) string {
			// The answer replaces the request, or comes as a message of its own.
			got := e.clickAnswer(carol, ask, "request_accept")
			cur, _ := e.sim.LookupMessage(ask.Channel, ask.TS)
			return got + "\n" + cur.Text
		},
		ok: "You accepted",
		changed: func(e *env) string {
			if pending(e) == 0 {
				return "the request was answered"
			}
			return ""
		},
		dmTo: []string{bob, bob, carol},
		dm:   []string{"<@UCAROL> accepted your request", "<@UCAROL> is now your *mentor*", "You are now <@UBOB>'s *mentor*"},
	}, {
		name:  "goal comment",
		setup: addGoal,
		do:    command(alice, "/goal", "comment 1 shall we rehearse on Friday?"),
		ok:    "Sent your comment",
		changed: func(e *env) string {
			if cs, _ := e.app.DB.GoalComments(e.ctx, alice, 1); len(cs) > 0 {
				return "the comment was stored"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"shall we rehearse on Friday?"},
	}, {
		name:  "goal done",
		setup: addGoal,
		do:    command(bob, "/goal", "done 1"),
		ok:    "is done",
		changed: func(e *env) string {
			if g, _ := e.app.DB.OwnGoal(e.ctx, bob, 1); !g.Open() {
				return "the goal was closed"
			}
			return ""
		},
		dmTo: []string{alice}, dm: []string{"<@UBOB> completed goal"},
	}, {
		name: "to-do done",
		setup: func(e *env) {
			// In the store, for the room in deliveries, as addGoal.
			if _, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: 1, HeldOn: "2026-11-02", Notes: "we planned the talk",
				Todos: []store.NewTodo{{Text: "draft the outline"}}}); err != nil {
				e.t.Fatal(err)
			}
		},
		do: command(alice, "/session", "done 1"),
		ok: "draft the outline",
		changed: func(e *env) string {
			if td, _ := e.app.DB.Todo(e.ctx, bob, 1); td.Status == store.TodoDone {
				return "the to-do was closed"
			}
			return ""
		},
		dmTo: []string{bob}, dm: []string{"marked your to-do *#1* done"},
	}} {
		t.Run(s.name, func(t *testing.T) {
			e, _, _ := faultEnv(t, faultOpts{})
			e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")   // pair 1
			e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>") // pair 2
			// Tuesdays 10:00 Berlin, 09:00 UTC; the first is tomorrow.
			if got := e.cmd(alice, "/mentor", "meet <@UBOB> weekly tue 10:00"); !strings.Contains(got, "are set") {
				t.Fatalf("meet: %q", got)
			}
			e.settle()
			weekly = plan(e).Schedule.Rule
			if s.setup != nil {
				s.setup(e)
				e.settle()
			}
			checkDiskFull(t, e, s)
			if ss, _ := e.app.DB.Sessions(e.ctx, bob, 0, 0); s.name == "session log" && len(ss) != 1 {
				t.Errorf("%d sessions, want 1", len(ss))
			}
		})
	}
}

// diskFullStep is one command of the disk-full tests.
type diskFullStep struct {
	name string
	// setup runs before the disk fills; do is what the person does,
	// which returns the answer they see.
	setup func(e *env)
	do    func(e *env) string
	ok    string // in the answer once space is back
	// changed reports what do changed, "" for nothing.
	changed func(e *env) string
	// after runs once space is back and do has worked: the time a DM
	// waits for.
	after func(e *env)
	// The DMs that tell of it: to whom, and a phrase of each.
	dmTo, dm []string
}

// checkDiskFull runs s.do on e, set up, with only the notifications table
// full: the person is told that nothing changed, and nothing did. Then,
// with space back, s.do again: it works, and each DM that tells of it
// arrives exactly once.
func checkDiskFull(t *testing.T, e *env, s diskFullStep) {
	t.Helper()
	// What each person had of the DM before: none, as each phrase names
	// the partner or the command's own words.
	had := make([]int, len(s.dmTo))
	for i, to := range s.dmTo {
		had[i] = len(e.dms(to, s.dm[i]))
	}

	fillers := fillNotifications(t, e.cfg.DB)
	if _, err := e.app.DB.SetMaxPages(e.ctx, 1); err != nil {
		t.Fatal(err)
	}
	got := s.do(e)
	if !strings.Contains(got, "couldn't save") || !strings.Contains(got, "nothing was changed") {
		t.Errorf("on a full disk: %q", got)
	}
	if what := s.changed(e); what != "" {
		t.Errorf("on a full disk: told that nothing was changed, but %s", what)
	}

	if _, err := e.app.DB.SetMaxPages(e.ctx, 0); err != nil {
		t.Fatal(err)
	}
	removeFillers(t, e.cfg.DB, fillers)
	if got := s.do(e); !strings.Contains(got, s.ok) {
		t.Errorf("once space is back: %q", got)
	}
	if s.changed(e) == "" {
		t.Error("once space is back: nothing changed")
	}
	if s.after != nil {
		s.after(e)
	}
	e.settle()
	e.schedSent() // fails on any key sent twice
	for i, to := range s.dmTo {
		if n := len(e.dms(to, s.dm[i])) - had[i]; n != 1 {
			t.Errorf("%s got %d DMs with %q, want 1:%s", to, n, s.dm[i], e.describeDMs(to))
		}
	}
}

// TestFaultSlackOutageDropsNewsOfAMeetingPast: Slack refuses messages for
// five hours. The DMs that tell of one meeting (a one-off set, a meeting
// moved, a meeting skipped) are dropped once that meeting is over,
// rather than sent after the outage about it; the DM that tells of recurring meetings, set in the same outage,
// still arrives, once.
func TestFaultSlackOutageDropsNewsOfAMeetingPast(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{slackTimeout: time.Second})
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")   // pair 1
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>") // pair 2
	e.settle()
	t0 := e.clock.Now() // Monday 2 November, 08:00 UTC
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: t0.Add(5 * time.Hour), Status: 503})

	// Today 11:00 Berlin (10:00 UTC, 05:00 for Bob), moved to 11:30.
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-02 11:00"); !strings.Contains(got, "is set") {
		t.Fatalf("meet: %q", got)
	}
	if got := e.cmd(alice, "/mentor", "move <@UBOB> 11:30"); !strings.Contains(got, "Moved your meeting") {
		t.Fatalf("move: %q", got)
	}
	// Mondays 20:00 Tokyo, 11:00 UTC; today's is skipped.
	if got := e.cmd(carol, "/mentor", "meet <@UERIN> weekly mon 20:00"); !strings.Contains(got, "are set") {
		t.Fatalf("meet weekly: %q", got)
	}
	if got := e.cmd(carol, "/mentor", "skip <@UERIN>"); !strings.Contains(got, "Skipped your meeting") {
		t.Fatalf("skip: %q", got)
	}
	e.walk(t0.Add(5*time.Hour+15*time.Minute), 5*time.Minute)

	for _, c := range []struct{ to, dm, key string }{
		{bob, "set up a meeting with you", "meet:pair=1:"},
		{bob, "moved your meeting", "move:pair=1:"},
		{erin, "skipped your meeting", "skip:pair=2:"},
	} {
		if n := len(e.dms(c.to, c.dm)); n != 0 {
			t.Errorf("%s got %q after the meeting was over:%s", c.to, c.dm, e.describeDMs(c.to))
		}
		found := false
		for _, n := range e.notes() {
			if strings.HasPrefix(n.Key, c.key) {
				found = true
				if n.Status != store.NoteDropped {
					t.Errorf("%s: %s, want dropped", n.Key, n.Status)
				}
			}
		}
		if !found {
			t.Errorf("no DM %s… was queued", c.key)
		}
	}
	if n := len(e.dms(erin, "<@UCAROL> set your meetings")); n != 1 {
		t.Errorf("erin has %d DMs of the weekly meetings set during the outage, want 1:%s", n, e.describeDMs(erin))
	}
	e.schedSent() // fails on any key sent twice
}

// A skip at the last minute, held up by a short Slack outage, still
// reaches the partner while the meeting would be on: they are waiting in
// it and learn why nobody came.
func TestFaultLastMinuteSkipStillReachesThePartnerDuringTheMeeting(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{slackTimeout: time.Second})
	e.pair(carol, erin)
	e.cmd(carol, "/mentor", "meet <@UERIN> weekly mon 20:00") // 11:00 UTC
	e.settle()
	meeting := schedAt("2026-11-02 11:00")
	e.walk(meeting.Add(-5*time.Minute), 5*time.Minute)
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: meeting.Add(10 * time.Minute), Status: 503})
	if got := e.cmd(carol, "/mentor", "skip <@UERIN>"); !strings.Contains(got, "Skipped your meeting") {
		t.Fatalf("skip: %q", got)
	}
	e.walk(meeting.Add(20*time.Minute), time.Minute)
	if n := len(e.dms(erin, "skipped your meeting")); n != 1 {
		t.Errorf("erin got %d DMs of the skip, want 1:%s", n, e.describeDMs(erin))
	}
}

// A command that needs Slack while Slack keeps failing says that Slack is
// not answering, not that the bot went wrong.
func TestCommandWhileSlackFailsSaysSo(t *testing.T) {
	e := newEnv(t)
	e.sim.FailNext("users.info", 20, "internal_error", 500)
	got := e.cmd(dana, "/mentor", "pairs")
	if !strings.Contains(got, "Slack isn't answering me right now") || strings.Contains(got, "on my side") {
		t.Errorf("answer while users.info fails: %q", got)
	}
	// A refusal is Slack's answer: trying again later will not mend it.
	e = newEnv(t)
	e.sim.FailNext("users.info", 20, "no_permission", 0)
	if got := e.cmd(alice, "/mentor", "pairs"); strings.Contains(got, "Slack isn't answering") {
		t.Errorf("answer while users.info is refused: %q", got)
	}
}
