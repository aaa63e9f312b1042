package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Other people's numbers and IDs, wherever a number or an ID is accepted:
// in commands, in button values and in modals' private_metadata. Someone
// outside the pair is refused exactly as for a number that does not exist,
// so nobody learns what exists by guessing; the partner is refused where
// only the owner may act; and nothing changes in the database.

// press sends a block_actions envelope as if user pressed a button with
// actionID and value, whatever the bot showed them (a forged or replayed
// press), and returns the answer the bot gives them: a DM, as the envelope
// has no response_url.
func (e *env) press(user, actionID, value string) string {
	e.t.Helper()
	var last int64
	for _, m := range e.sim.MessagesTo(user) {
		last = max(last, m.Seq)
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprintf("forged-%d", time.Now().UnixNano()),
		"actions": []any{map[string]any{"type": "button", "action_id": actionID, "block_id": "forged", "value": value}},
	})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.SendEnvelope(ctx, "interactive", payload); err != nil {
		e.t.Fatalf("press %s %s: %v", actionID, value, err)
	}
	// Whatever the bot answers, it has sent once it is done with the
	// press and what that queued has gone out: no fixed wait for an answer
	// that may not come.
	e.settle()
	im := e.dmChannel(user)
	answered := false
	var b strings.Builder
	for _, m := range e.sim.MessagesTo(user) {
		if m.Seq > last {
			// A scheduled DM that crossed the press may be among them.
			answered = answered || !m.Deleted && (m.Ephemeral && m.User == user || !m.Ephemeral && m.Channel == im)
			b.WriteString(m.Text + "\n" + blockText(m.Blocks))
		}
	}
	if !answered {
		return "(no answer)"
	}
	return b.String()
}

// submit sends a view_submission envelope of the modal callbackID with
// private_metadata meta and the given values (keyed "block/action", or
// "id" when the block and the action have the same ID), as if user had
// submitted such a modal, and returns the ack's payload.
func (e *env) submit(user, callbackID, meta string, values map[string]string) string {
	e.t.Helper()
	state := map[string]any{}
	for k, v := range values {
		block, action, ok := strings.Cut(k, "/")
		if !ok {
			action = block
		}
		state[block] = map[string]any{action: map[string]any{"type": "plain_text_input", "value": v}}
	}
	payload, _ := json.Marshal(map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": fmt.Sprintf("forged-%d", time.Now().UnixNano()),
		"view": map[string]any{"id": "VFORGED", "type": "modal", "callback_id": callbackID, "private_metadata": meta,
			"state": map[string]any{"values": state}},
	})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ack, err := e.sim.SendEnvelope(ctx, "interactive", payload)
	if err != nil {
		e.t.Fatalf("submit %s %s: %v", callbackID, meta, err)
	}
	return string(ack)
}

// lineDiff lists the lines of a that b lacks and those b adds.
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if !inb[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ina[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

func queryInt(t *testing.T, path, q string) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int64
	if err := raw.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// probe is one way of naming someone else's goal, to-do, pair, … by its
// number or ID.
type probe struct {
	name string
	// run tries it as who with the number or ID n.
	run func(who, n string) string
	// of names what n is: a key of the test's own ids (G for bob's goal,
	// T his to-do, P his pair, …), or "U" for bob's user ID.
	of string
}

// typed is a probe's run that types command with text, "{}" in it
// standing for the number or ID.
func (e *env) typed(command, text string) func(who, n string) string {
	return func(who, n string) string { return e.cmd(who, command, strings.ReplaceAll(text, "{}", n)) }
}

// pressed is a probe's run that presses the button action with value.
func (e *env) pressed(action, value string) func(who, n string) string {
	return func(who, n string) string { return e.press(who, action, strings.ReplaceAll(value, "{}", n)) }
}

// submitted is a probe's run that submits the form callbackID with its
// private_metadata meta and values.
func (e *env) submitted(callbackID, meta string, values map[string]string) func(who, n string) string {
	return func(who, n string) string {
		return e.submit(who, callbackID, strings.ReplaceAll(meta, "{}", n), values)
	}
}

// wantAnsweredAsMissing runs p as who with victim, someone else's number
// or ID, and with other, one nobody has (or a stranger's): the first
// changes nothing in the database, is answered as the second but for the
// number, and reveals none of private.
func (e *env) wantAnsweredAsMissing(t *testing.T, p probe, who, victim, other string, private []string) {
	t.Helper()
	before := dumpOf(t, e.dumpConn())
	got := p.run(who, victim)
	e.settle()
	if after := dumpOf(t, e.dumpConn()); after != before {
		t.Fatalf("%s changed the database with bob's %s %s; answer %q\n%s", who, p.of, victim, got, lineDiff(before, after))
	}
	want := p.run(who, other)
	e.settle()
	norm := func(s, n string) string {
		return regexp.MustCompile(`\b`+regexp.QuoteMeta(n)+`\b`).ReplaceAllString(s, "N")
	}
	if norm(got, victim) != norm(want, other) {
		t.Errorf("%s: the answer for bob's %s %s differs from the one for %s:\n  %q\n  %q", who, p.of, victim, other, got, want)
	}
	for _, s := range private {
		if strings.Contains(got, s) {
			t.Errorf("%s: the answer reveals %q: %q", who, s, got)
		}
	}
	if strings.Contains(got, "went wrong") || got == "(no answer)" {
		t.Errorf("%s: answer %q", who, got)
	}
}

func TestOtherPeoplesNumbersAndIDsAreRefusedWithoutRevealingThem(t *testing.T) {
	e := matchEnv(t)
	// A matching round in a cohort: frank and grace were proposed, accepted
	// and are asked at the round's end whether to continue.
	e.cmd(dana, "/mentor", "cohort start Winter --until 2027-02-28")
	matchFrankAndGrace(e)
	if got := cohortAsk(e); !strings.Contains(got, "asked the pair of") {
		t.Fatalf("cohort end = %q", got)
	}
	// Alice mentors bob; carol mentors nozone. Bob has a goal, a session
	// with to-dos, an agenda item, a schedule and a request to erin.
	const nozone = "UNOTZ"
	e.pair(alice, bob)
	e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UNOTZ|nozone>")
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	e.cmd(nozone, "/goal", "add Give a talk by 2027-01-31")
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(alice, "/session", "log <@UBOB> talked about the secret reorg todo: read the book todo: <@UALICE> intro to the SRE team")
	e.cmd(bob, "/mentor", "agenda my performance review")
	if got := e.cmd(bob, "/mentor", "request <@UERIN> please"); !strings.Contains(got, "I've asked") {
		t.Fatalf("request: %q", got)
	}
	for _, u := range []string{carol, dana, erin, alice, bob} {
		// Profiles and DM channels are cached before the dumps.
		e.cmd(u, "/mentor", "pairs")
		e.press(u, "goal_done", "not a number")
	}
	e.settle()

	db := e.cfg.DB
	ids := map[string]string{
		"G": fmt.Sprint(queryInt(t, db, `SELECT id FROM goals WHERE owner_id = 'UBOB'`)),
		"T": fmt.Sprint(queryInt(t, db, `SELECT id FROM todos WHERE owner_id = 'UBOB'`)),
		"P": fmt.Sprint(queryInt(t, db, `SELECT id FROM pairs WHERE mentee_id = 'UBOB'`)),
		"R": fmt.Sprint(queryInt(t, db, `SELECT id FROM pair_requests WHERE requester_id = 'UBOB'`)),
		"Q": fmt.Sprint(queryInt(t, db, `SELECT id FROM proposals WHERE mentor_id = 'UFRANK' AND round > 0`)),
		"C": fmt.Sprint(queryInt(t, db, `SELECT id FROM proposals WHERE mentor_id = 'UFRANK' AND round < 0`)),
	}
	// The admins' matching buttons, pressed by someone who is not one: the
	// proposal (A) and its round (W).
	ids["A"] = ids["Q"]
	ids["W"] = fmt.Sprint(queryInt(t, db, `SELECT round FROM proposals WHERE mentor_id = 'UFRANK' AND round > 0`))
	missing := "4242" // no goal, to-do, pair or request has this number
	// Bob's next meeting: Thursday 5 November 2026, 15:00 in Berlin.
	nextMeeting := fmt.Sprint(time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC).Unix())
	now := fmt.Sprint(testStart.Unix())
	private := []string{"Ship 3 PRs", "read the book", "intro to the SRE team", "secret reorg", "performance review", "please", "UFRANK", "UGRACE"}

	// What n is, for each probe's of: G, bob's goal; T, his to-do; P,
	// his pair; R, his request to erin; Q, frank and grace's proposal; C,
	// their question at the round's end; A, that proposal and W, its
	// round, for the admins' matching buttons.
	cmd, press, submit := e.typed, e.pressed, e.submitted
	goalProbes := []probe{
		{"/goal show", cmd("/goal", "show {}"), "G"},
		{"/goal show #N", cmd("/goal", "show #{}"), "G"},
		{"/goal progress", cmd("/goal", "progress {} 50% sneaky"), "G"},
		{"/goal done", cmd("/goal", "done {}"), "G"},
		{"/goal drop", cmd("/goal", "drop #{}"), "G"},
		{"/goal edit", cmd("/goal", "edit {}"), "G"},
		{"/goal share", cmd("/goal", "share {}"), "G"},
		{"Done button", press("goal_done", "{}"), "G"},
		{"Update progress button", press("goal_progress", "{}"), "G"},
		{"Edit button", press("goal_edit", "{}"), "G"},
		{"goal form with the goal in private_metadata", submit("goal_form", `{"id":{}}`, map[string]string{"goal_text/text": "Hacked"}), "G"},
		{"progress form with the goal in private_metadata", submit("goal_progress_form", `{"id":{}}`, map[string]string{"goal_percent/percent": "99"}), "G"},
	}
	probes := append([]probe{
		{"/goal comment", cmd("/goal", "comment {} sneaky"), "G"},
		{"/goal list @owner", cmd("/goal", "list <@{}>"), "U"},
		{"/goal list @owner all", cmd("/goal", "list <@{}> all"), "U"},
		{"/session done", cmd("/session", "done {}"), "T"},
		{"/session done #N", cmd("/session", "done #{}"), "T"},
		{"/session list @member", cmd("/session", "list <@{}>"), "U"},
		{"/session log @member", cmd("/session", "log <@{}> sneaky notes todo: x"), "U"},
		{"/mentor agenda @member", cmd("/mentor", "agenda <@{}>"), "U"},
		{"/mentor agenda @member ITEM", cmd("/mentor", "agenda <@{}> sneaky item"), "U"},
		{"/mentor next @member", cmd("/mentor", "next <@{}>"), "U"},
		{"/mentor skip @member", cmd("/mentor", "skip <@{}>"), "U"},
		{"/mentor pause @member", cmd("/mentor", "pause <@{}>"), "U"},
		{"/mentor meet @member", cmd("/mentor", "meet <@{}> weekly mon 10:00"), "U"},
		{"/mentor snooze @member", cmd("/mentor", "snooze <@{}> 2w"), "U"},
		{"/mentor end @member", cmd("/mentor", "end <@{}>"), "U"},
		{"to-do Done button", press("todo_done_1", "{}"), "T"},
		{"App Home to-do Done button", press("home_todo_done", "{}"), "T"},
		{"Add agenda item button", press("agenda_add", "{}"), "P"},
		{"Skip button", press("meeting_skip", "{}:"+nextMeeting), "P"},
		{"Log session button", press("session_log_open", "{}"), "P"},
		{"Log session button with a day", press("session_log_open", "{}:2026-11-02"), "P"},
		{"App Home snooze button", press("home_snooze", "{}"), "P"},
		{"App Home meet button", press("home_meet", "{}"), "P"},
		{"feedback rating button", press("notify_rate", "{}:4:5"), "P"},
		{"good-fit answer button", press("notify_fit", "{}:no"), "P"},
		{"good-fit end button", press("notify_fit_end", "{}"), "P"},
		{"good-fit tell-an-admin button", press("notify_fit_admin", "{}"), "P"},
		{"good-fit keep-going button", press("notify_fit_keep", "{}"), "P"},
		{"request Accept button", press("request_accept", "{}"), "R"},
		{"request Decline button", press("request_decline", "{}"), "R"},
		{"proposal Accept button", press("proposal_accept", "{}"), "Q"},
		{"proposal Decline button", press("proposal_decline", "{}"), "Q"},
		{"round's end Continue button", press("cohort_continue", "{}"), "C"},
		{"round's end End button", press("cohort_end", "{}"), "C"},
		{"matching round's Drop button", func(who, n string) string { return e.press(who, "match_drop_"+n, n) }, "A"},
		{"matching round's Publish button", press("match_publish", "{}"), "W"},
		{"forget confirmation of someone else", press("forget_confirm", "{}:"+now), "U"},
		{"re-run button naming a goal", press("pick_partner_0", `{"c":"/goal","t":"done {}"}`), "G"},
		{"agenda form with the pair in private_metadata", submit("agenda_add", `{"id":{}}`, map[string]string{"item": "sneaky item"}), "P"},
		{"session form with the pair in private_metadata", submit("session_log", `{"id":{}}`, map[string]string{"date": "2026-11-02", "notes": "sneaky notes"}), "P"},
		{"session form with the pair as partner", func(who, n string) string {
			return e.submit(who, "session_log", `{}`, map[string]string{"partner": n, "date": "2026-11-02", "notes": "sneaky"})
		}, "P"},
		{"snooze form with the pair in private_metadata", submit("snooze", `{"id":{}}`, map[string]string{"snooze_for/value": "2w"}), "P"},
		{"feedback form with the pair in private_metadata", submit("notify_feedback", `{"id":{},"x":"4"}`, map[string]string{"rating": "1", "comment": "sneaky"}), "P"},
	}, goalProbes...)

	// Third persons: carol (in another pair), dana (programme admin, who
	// ran the matching round), erin (workspace admin) and alice (bob's
	// partner), each where they have nothing to do with the thing: erin
	// was asked by bob, so the request is hers to answer, and alice is
	// bob's partner, so only the request and the round are not hers.
	outsiders := map[string][]string{
		"G": {carol, dana, erin}, "T": {carol, dana, erin}, "P": {carol, dana, erin}, "U": {carol, dana, erin},
		"R": {carol, dana, alice}, "Q": {carol, dana, erin, alice, bob}, "C": {carol, dana, erin, alice, bob},
		"A": {carol, alice, bob, frank}, "W": {carol, alice, bob, frank},
	}
	for _, p := range probes {
		for _, who := range outsiders[p.of] {
			t.Run(p.name+" by "+who, func(t *testing.T) {
				victim, other := ids[p.of], missing
				if p.of == "U" {
					// A real person with whom who has nothing to do.
					victim, other = bob, map[string]string{carol: erin, dana: erin, erin: dana}[who]
				}
				e.wantAnsweredAsMissing(t, p, who, victim, other, private)
			})
		}
	}

	// The partner: alice mentors bob and sees his goal, but only bob may
	// change or share it.
	for _, p := range goalProbes {
		if strings.HasPrefix(p.name, "/goal show") {
			continue // a mentor may look
		}
		t.Run(p.name+" by the partner", func(t *testing.T) {
			before := dumpOf(t, e.dumpConn())
			got := p.run(alice, ids["G"])
			e.settle()
			if after := dumpOf(t, e.dumpConn()); after != before {
				t.Fatalf("the partner changed bob's goal: answer %q", got)
			}
			if !strings.Contains(got, "only they can") {
				t.Errorf("the partner's answer = %q; want a refusal", got)
			}
		})
	}
}
