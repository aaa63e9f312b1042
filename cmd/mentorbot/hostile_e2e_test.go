package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Slack payloads the bot does not understand are acknowledged and logged,
// never a crash, change nothing, and the bot keeps answering.

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitLog waits until the log written since mark contains want.
func waitLog(t *testing.T, logs *syncBuffer, mark int, want string) {
	t.Helper()
	eventually(t, fmt.Sprintf("the log to say %q", want), func() bool { return strings.Contains(logs.String()[mark:], want) },
		func() string { return "it said:\n" + logs.String()[mark:] })
}

// tableNames lists the tables of the database raw, by name, leaving out
// those named in except.
func tableNames(t *testing.T, raw *sql.DB, except ...string) []string {
	t.Helper()
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(except, n) {
			names = append(names, n)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// dbDump is every row of every table, as text, so that tests can say
// "nothing changed". The users table's last_active_at moves with every
// command a person runs, so it is left out, and so are the bot's
// bookkeeping tables: the envelopes it received (deliveries) and planning's
// marks and state.
func dbDump(t *testing.T, path string) string {
	t.Helper()
	raw := openReadOnly(t, path)
	defer raw.Close()
	return dumpOf(t, raw)
}

// dumpOf is dbDump through raw, a connection the test keeps
// (env.dumpConn): a test that dumps the database before and after each of
// many probes then reads its schema once, not on a new connection each
// time.
func dumpOf(t *testing.T, raw *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range tableNames(t, raw, "deliveries", "plan_dirty", "scheduler_state") {
		cols, rows := tableRows(t, raw, table)
		fmt.Fprintf(&b, "%s %v\n", table, cols)
		for _, vals := range rows {
			for i, c := range cols {
				// Any press of a button is the person answering the bot,
				// whatever it asked for: it marks them active and resets
				// their unanswered nudges and the round they count in
				// (reminder fatigue), and changes
				// nothing of anybody else's.
				if table == "users" && (c == "last_active_at" || c == "unanswered_nudges" || c == "last_nudge_at") {
					vals[i] = "-"
				}
			}
			fmt.Fprintf(&b, "  %v\n", vals)
		}
	}
	return b.String()
}

// openReadOnly opens the database at path beside the running bot, for
// reading only.
func openReadOnly(t testing.TB, path string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// tableRows reads every row of table, in rowid order where it has one,
// as its columns' names and each row's values.
func tableRows(t *testing.T, raw *sql.DB, table string) (cols []string, out [][]any) {
	t.Helper()
	rows, err := raw.Query(`SELECT * FROM "` + table + `" ORDER BY rowid`)
	if err != nil {
		rows, err = raw.Query(`SELECT * FROM "` + table + `"`)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ = rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, out
}

func TestHostileEnvelopesAreAckedLoggedAndChangeNothing(t *testing.T) {
	logs := &syncBuffer{}
	e := newEnvWithLog(t, logs)
	e.pair(alice, bob)
	e.cmd(bob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15")
	e.cmd(alice, "/goal", "list <@UBOB>") // the command each case ends with
	e.settle()
	huge := strings.Repeat("x", 200_000)

	cases := []struct {
		name  string
		frame string // {ID} is replaced by a fresh envelope_id
		// log is what the log must say; answer, when set, is what the
		// ack's answer must say instead (the payload was understood).
		log, answer string
		// noAck: the frame names no envelope the bot could ack.
		noAck bool
	}{
		{name: "unknown envelope type",
			frame: `{"envelope_id":"{ID}","type":"mystery_box","payload":{"x":1},"accepts_response_payload":true}`,
			log:   `unsupported type \"mystery_box\"`},
		{name: "slash command without payload",
			frame: `{"envelope_id":"{ID}","type":"slash_commands","accepts_response_payload":true}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "slash command with a null payload",
			frame: `{"envelope_id":"{ID}","type":"slash_commands","payload":null,"accepts_response_payload":true}`,
			log:   "envelope not understood; acknowledged"},
		{name: "user_id is a number",
			frame: `{"envelope_id":"{ID}","type":"slash_commands","payload":{"user_id":5,"command":"/goal","text":"add x by 2026-12-15"},"accepts_response_payload":true}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "slash command without a user",
			frame: `{"envelope_id":"{ID}","type":"slash_commands","payload":{"command":"/goal","text":"add Ship it by 2026-12-15","channel_id":"DUBOB"},"accepts_response_payload":true}`,
			log:   "envelope not understood; acknowledged"},
		{name: "payload is a string",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":"block_actions","accepts_response_payload":true}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "interaction type is a number",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":5,"user":{"id":"UBOB"}},"accepts_response_payload":true}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "interaction of an unknown type",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"telepathy","user":{"id":"UBOB"}},"accepts_response_payload":true}`,
			log:   "interaction not understood; acknowledged"},
		{name: "block_actions with no actions",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"block_actions","user":{"id":"UBOB"},"actions":[]},"accepts_response_payload":true}`,
			log:   "block_actions without actions; acknowledged"},
		{name: "block_actions without a user",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"block_actions","actions":[{"action_id":"goal_done","value":"1"}]},"accepts_response_payload":true}`,
			log:   "envelope not understood; acknowledged"},
		{name: "unknown action_id",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"block_actions","user":{"id":"UBOB"},"actions":[{"action_id":"self_destruct","block_id":"b","value":"1"}]},"accepts_response_payload":true}`,
			log:   "unknown action; acknowledged"},
		{name: "action value that is not a number",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"block_actions","user":{"id":"UBOB"},"actions":[{"action_id":"goal_done","block_id":"goal_actions_1","value":"one; DROP TABLE goals"}]},"accepts_response_payload":true}`,
			log:   `action_id=goal_done value="one; DROP TABLE goals"`},
		{name: "action value that is a huge number",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"block_actions","user":{"id":"UBOB"},"actions":[{"action_id":"todo_done_1","block_id":"b","value":"99999999999999999999999"}]},"accepts_response_payload":true}`,
			log:   `action_id=todo_done_1 value=99999999999999999999999`},
		{name: "view_submission with an unknown callback_id",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"view_submission","user":{"id":"UBOB"},"view":{"id":"V1","callback_id":"launch_codes","private_metadata":"{\"id\":1}","state":{"values":{}}}},"accepts_response_payload":true}`,
			log:   "unknown modal submitted; acknowledged"},
		{name: "view_submission without a view",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"view_submission","user":{"id":"UBOB"}},"accepts_response_payload":true}`,
			log:   "unknown modal submitted; acknowledged"},
		{name: "view_submission whose state is a string",
			frame: `{"envelope_id":"{ID}","type":"interactive","payload":{"type":"view_submission","user":{"id":"UBOB"},"view":{"callback_id":"goal_form","state":"full"}},"accepts_response_payload":true}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "events_api event not understood",
			frame: `{"envelope_id":"{ID}","type":"events_api","payload":{"type":"event_callback","event":{"type":"app_home_opened","user":5}},"accepts_response_payload":false}`,
			log:   "socket mode message not understood; acknowledged"},
		{name: "huge command text",
			frame:  `{"envelope_id":"{ID}","type":"slash_commands","payload":{"user_id":"UBOB","command":"/goal","text":"add ` + huge + `","channel_id":"DUBOB","trigger_id":"T{ID}"},"accepts_response_payload":true}`,
			answer: "That goal is 200000 characters long; the limit is 300"},
		{name: "huge session notes",
			frame:  `{"envelope_id":"{ID}","type":"slash_commands","payload":{"user_id":"UBOB","command":"/session","text":"log ` + huge + ` todo: x","channel_id":"DUBOB","trigger_id":"T{ID}"},"accepts_response_payload":true}`,
			answer: "the limit is 2500"},
		// slack-go drops a frame it cannot read before the bot sees it;
		// there is no envelope to ack, and the connection stays.
		{name: "not JSON", frame: `{"envelope_id": "{ID}", "type": "slash_co`, noAck: true},
		{name: "envelope_id is a number", frame: `{"envelope_id":5,"type":"slash_commands","payload":{}}`, noAck: true,
			log: "socket mode message not understood; acknowledged"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := dbDump(t, e.cfg.DB)
			failures := len(e.sim.Failures())
			mark := len(logs.String())
			frame := strings.ReplaceAll(c.frame, "{ID}", fmt.Sprintf("hostile-%d", i))
			ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
			defer cancel()
			if c.noAck {
				if err := e.sim.SendRaw(ctx, []byte(frame)); err != nil {
					t.Fatal(err)
				}
			} else {
				ack, err := e.sim.SendFrame(ctx, []byte(frame))
				if err != nil {
					t.Fatalf("not acknowledged: %v", err)
				}
				if c.answer != "" && !strings.Contains(string(ack), c.answer) {
					t.Errorf("ack = %.300s; want an answer saying %q", ack, c.answer)
				}
			}
			if c.log != "" {
				waitLog(t, logs, mark, c.log)
			}
			// The bot keeps answering, and nothing was stored.
			if got := e.cmd(alice, "/goal", "list <@UBOB>"); !strings.Contains(got, "Ship 3 PRs") {
				t.Fatalf("the next command's answer = %q", got)
			}
			e.settle()
			if after := dbDump(t, e.cfg.DB); after != before {
				t.Errorf("the database changed:\nbefore:\n%s\nafter:\n%s", before, after)
			}
			if fs := e.sim.Failures()[failures:]; len(fs) > 0 {
				t.Errorf("Slack would have flagged: %v", fs)
			}
			if strings.Contains(logs.String()[mark:], "panic") {
				t.Errorf("a handler panicked:\n%s", logs.String()[mark:])
			}
		})
	}
	if !e.sim.Connected() {
		t.Error("the Socket Mode connection did not survive")
	}
}

// An answer too big for the ack frame (Slack closes the socket on a frame
// over 20 KiB) comes through the response_url instead.
func TestAnswerTooBigForTheAckComesThroughTheResponseURL(t *testing.T) {
	e := newEnv(t)
	for i := range 41 {
		e.cmd(bob, "/goal", fmt.Sprintf("add %d %s by 2026-12-15", i, strings.Repeat("long goal text ", 19)))
	}
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "list")
	if len(res.Ack) > 16*1024 {
		t.Fatalf("the ack carries %d bytes", len(res.Ack))
	}
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	m, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.User == bob && m.Ephemeral && contains(m, "Your goals")
	})
	if err != nil {
		t.Fatalf("no answer through the response_url: %v", err)
	}
	if !contains(m, "#40") || !contains(m, "The next 1: `/goal list 2`") {
		t.Errorf("the answer lacks goals: %.500s", blockText(m.Blocks))
	}
	if fs := e.sim.Failures(); len(fs) > 0 {
		t.Errorf("Slack would have flagged: %v", fs)
	}
}

// The same from a Slack stand-in that sends no response_url: the answer
// comes as a message in the person's DM instead of being lost.
func TestAnswerTooBigForTheAckWithoutResponseURLComesAsADM(t *testing.T) {
	e := newEnv(t)
	for i := range 41 {
		e.cmd(bob, "/goal", fmt.Sprintf("add %d %s by 2026-12-15", i, strings.Repeat("long goal text ", 19)))
	}
	payload, _ := json.Marshal(map[string]any{
		"team_id": e.sim.TeamID(), "channel_id": e.dmChannel(bob), "user_id": bob, "user_name": "bob",
		"command": "/goal", "text": "list", "trigger_id": "T-NO-RESPONSE-URL",
	})
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	ack, err := e.sim.SendEnvelope(ctx, "slash_commands", payload)
	if err != nil {
		t.Fatal(err)
	}
	if len(ack) > 16*1024 {
		t.Fatalf("the ack carries %d bytes", len(ack))
	}
	m, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool { return m.User == bob && contains(m, "Your goals") })
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	// Cut, if need be, to what one chat.postMessage takes, and said so.
	if !contains(m, "long goal text") {
		t.Errorf("the answer lacks goals: %.500s", blockText(m.Blocks))
	}
}

// More to-dos than one /session done closes are refused with the limit,
// not with the usage, which reads as if the numbers were written wrong.
func TestSessionDoneWithTooManyNumbersNamesTheLimit(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	var todos []string
	for i := range 11 {
		todos = append(todos, "todo: task "+string(rune('a'+i)))
	}
	if got := e.cmd(alice, "/session", "log <@UBOB> notes "+strings.Join(todos, " ")); !strings.Contains(got, "*To-dos* (11)") {
		t.Fatalf("log: %q", got)
	}
	got := e.cmd(bob, "/session", "done 1 2 3 4 5 6 7 8 9 10 11")
	if !strings.Contains(got, "up to 10") || !strings.Contains(got, "11") || strings.HasPrefix(got, "Usage") {
		t.Errorf("/session done with 11 numbers = %q; want the limit of 10 named", got)
	}
	if open := e.cmd(bob, "/session", "todos"); !strings.Contains(open, "(11)") {
		t.Errorf("a refused /session done closed to-dos: %q", open)
	}
	// Ten is fine.
	if got := e.cmd(bob, "/session", "done 1 2 3 4 5 6 7 8 9 10"); strings.Count(got, "done (marked by you)") < 10 {
		t.Errorf("/session done with 10 numbers = %q", got)
	}
}

// A topic that is too long, or has a comma, is echoed as typed — not in
// Go's quoting, with backslashes before quotes and \u escapes for
// invisible characters — and briefly, whatever was pasted; a topic to
// remove that is not on the list too.
func TestTopicRefusalsEchoTheTopicAsTypedAndBriefly(t *testing.T) {
	e := newEnv(t)
	long := `A "talk" on ` + "\u202eRTL\u202c" + strings.Repeat(" &amp; more", 400)
	got := e.cmd(dana, "/mentor", "topics add "+long)
	if !strings.Contains(got, "the limit is 60") {
		t.Fatalf("too long a topic: %q", got)
	}
	for _, bad := range []string{`\"`, `\u`} {
		if strings.Contains(got, bad) {
			t.Errorf("the refusal shows %q, not what was typed: %.300q", bad, got)
		}
	}
	// As typed, but for the bidirectional controls: left in, a cut that
	// drops the closing one would show the rest of the answer reversed.
	if !strings.Contains(got, `A "talk" on `+"\ufffdRTL\ufffd") {
		t.Errorf("the refusal does not show the topic's start as typed, bidi controls made visible: %.300q", got)
	}
	if n := utf8.RuneCountInString(got); n > 400 {
		t.Errorf("the refusal is %d characters long; it echoes the whole paste: %.200q…", n, got)
	}
	if list := e.cmd(dana, "/mentor", "topics"); strings.Contains(list, "talk") {
		t.Errorf("a refused topic was stored: %q", list)
	}
	got = e.cmd(dana, "/mentor", "topics remove "+strings.Repeat("&amp;", 3000))
	if !strings.Contains(got, "Not on the list") {
		t.Fatalf("remove an unknown topic: %q", got)
	}
	if n := utf8.RuneCountInString(got); n > 400 {
		t.Errorf("the answer to removing an unknown topic is %d characters long: %.200q…", n, got)
	}
}

// A command that opens a form, sent with no trigger_id (Slack always sends
// one; a stand-in may not), is answered the same way for every form,
// the settings too.
func TestFormCommandsWithoutTriggerAnswerAlike(t *testing.T) {
	e := newEnv(t)
	for _, c := range [][2]string{{"/goal", ""}, {"/mentor", "settings"}} {
		payload, _ := json.Marshal(map[string]any{
			"team_id": e.sim.TeamID(), "channel_id": e.dmChannel(bob), "user_id": bob, "user_name": "bob",
			"command": c[0], "text": c[1], "response_url": "",
		})
		ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
		ack, err := e.sim.SendEnvelope(ctx, "slash_commands", payload)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(ack), "I can't open a form from here") {
			t.Errorf("%s %s with no trigger_id: %s", c[0], c[1], ack)
		}
	}
}
