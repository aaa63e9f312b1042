package bot

import (
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Fuzz tests of the whole path of a slash command, a button and a modal
// submission: the real Bot, store and Slack client against the simulator.
// Whatever is typed or sent, the bot must not panic, must not fail
// internally (log an error), must not let markup from what people typed
// through into what it shows (answers, DMs, App Home), and must keep its
// messages within Slack's block limits.

const (
	fzAlice = "UALICE" // mentors bob and erin
	fzBob   = "UBOB"   // bob's only pair is with alice
	fzCarol = "UCAROL" // in no pair; owns a goal
	fzDana  = "UDANA"  // programme admin
	fzErin  = "UERIN"  // workspace admin, alice's second mentee
)

var fzActors = []string{fzAlice, fzBob, fzCarol, fzDana, fzErin}

// fuzzBot is a Bot wired as in production, against a simulator and a
// database file, on a fake clock that never moves.
type fuzzBot struct {
	b    *Bot
	sim  *slacksim.Server
	db   *store.DB
	raw  *sql.DB // reads notifications the store has no filter for
	logs *logRecorder
	ctx  context.Context
	// lastNote is the highest notification id already checked.
	lastNote int64
}

func newFuzzBot(tb testing.TB) *fuzzBot {
	tb.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC))
	sim := slacksim.New(slacksim.Options{Clock: clk})
	tb.Cleanup(sim.Close)
	for _, u := range []slacksim.User{
		{ID: fzAlice, Name: "alice", RealName: "Alice Adams", TZ: "Europe/Berlin"},
		{ID: fzBob, Name: "bob", RealName: "Bob Brown", TZ: "America/New_York"},
		{ID: fzCarol, Name: "carol", RealName: "Carol Chen", TZ: "Asia/Tokyo"},
		{ID: fzDana, Name: "dana", RealName: "Dana Diaz", TZ: "Europe/London"},
		{ID: fzErin, Name: "erin", RealName: "Erin Evans", TZ: "America/Los_Angeles", IsAdmin: true},
		{ID: "UBOT", Name: "somebot", RealName: "Some Bot", IsBot: true},
	} {
		sim.AddUser(u)
	}
	sim.AddChannel("CGENERAL", "general")
	path := filepath.Join(tb.TempDir(), "fuzz.db")
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	logs := &logRecorder{}
	logger := slog.New(logs)
	reg := metrics.New()
	// Network waits (backoff, App Home coalescing) run on a clock of their
	// own that never moves, so that nothing happens behind the test's back
	// after an iteration.
	wait := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	sl := &Slack{API: slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL())), DB: db, Log: logger, Metrics: reg,
		Wait: wait, ProfileTTL: 1000 * time.Hour, Now: clk.Now}
	b := New(Options{Slack: sl, DB: db, Clock: clk, Logger: logger, Metrics: reg, Config: Config{
		Admins: []string{fzDana}, Config: scheduler.Config{DefaultTZ: time.UTC, RemindBefore: []time.Duration{24 * time.Hour, time.Hour},
			AgendaPromptBefore: 48 * time.Hour, FollowupAfter: time.Hour, CheckinSchedule: "0 9 * * MON", QuietHours: "20:00-08:00"},
	}})
	fb := &fuzzBot{b: b, sim: sim, db: db, raw: raw, logs: logs, ctx: ctx}
	// The programme: two pairs of alice's, a schedule, goals (one of
	// carol's, outside every pair), a session with to-dos, an agenda item.
	for _, c := range []struct{ user, cmd, text string }{
		{fzDana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>"},
		{fzDana, "/mentor", "pair <@UALICE> <@UERIN>"},
		{fzAlice, "/mentor", "meet <@UBOB> weekly thu 15:00"},
		{fzBob, "/goal", "add Ship 3 PRs to the payments service by 2026-12-15"},
		{fzCarol, "/goal", "add Give a talk by 2027-01-31"},
		{fzAlice, "/session", "log <@UBOB> talked todo: read the book todo: <@UALICE> intro to the SRE team"},
		{fzBob, "/mentor", "agenda my review"},
	} {
		rp, _ := b.runCommand(ctx, slack.SlashCommand{UserID: c.user, Command: c.cmd, Text: c.text, ChannelID: "D" + c.user})
		if len(logs.take()) > 0 || strings.Contains(rp.Text, "went wrong") {
			tb.Fatalf("set-up %s %s: %q", c.cmd, c.text, rp.Text)
		}
	}
	fb.checkNotes(tb, nil)
	return fb
}

// ensurePair re-creates alice and bob's pair when an input ended it, so that
// later inputs still reach the code for pairs.
func (fb *fuzzBot) ensurePair(tb testing.TB) {
	pairs, err := fb.db.PairsOf(fb.ctx, fzBob, false)
	if err != nil {
		tb.Fatal(err)
	}
	if len(pairs) == 0 {
		if _, err := fb.db.CreatePair(fb.ctx, fzDana, fzAlice, fzBob); err != nil {
			tb.Fatal(err)
		}
	}
}

// check runs the checks every iteration ends with: no internal error was
// logged, what is shown to the actor is safe, and so are the DMs queued.
func (fb *fuzzBot) check(tb testing.TB, what string, allowed map[string]bool, rps ...*reply) {
	tb.Helper()
	if errs := fb.logs.take(); len(errs) > 0 {
		tb.Fatalf("%s: logged an internal error: %s", what, strings.Join(errs, "; "))
	}
	for _, rp := range rps {
		if rp == nil {
			continue
		}
		checkShown(tb, what+" answer", rp.Text, rp.Blocks, allowed)
		if utf8.RuneCountInString(rp.Text) > 40000 {
			tb.Fatalf("%s: the answer's text is %d characters; Slack cuts messages at 40,000", what, utf8.RuneCountInString(rp.Text))
		}
	}
	fb.checkNotes(tb, allowed)
}

// checkNotes checks the DMs queued since the last check.
func (fb *fuzzBot) checkNotes(tb testing.TB, allowed map[string]bool) {
	tb.Helper()
	rows, err := fb.raw.QueryContext(fb.ctx, `SELECT id, key, payload FROM notifications WHERE id > ? ORDER BY id`, fb.lastNote)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var key, payload string
		if err := rows.Scan(&id, &key, &payload); err != nil {
			tb.Fatal(err)
		}
		fb.lastNote = id
		if payload == "" || allowed == nil {
			continue
		}
		var m message
		if err := json.Unmarshal([]byte(payload), &m); err != nil {
			tb.Fatalf("DM %s: payload %q: %v", key, payload, err)
		}
		var blocks slack.Blocks
		if len(m.Blocks) > 0 {
			if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
				tb.Fatalf("DM %s: blocks: %v", key, err)
			}
		}
		checkShown(tb, "DM "+key, m.Text, blocks.BlockSet, allowed)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
}

// checkHome checks the App Home of the given people.
func (fb *fuzzBot) checkHome(tb testing.TB, allowed map[string]bool, ids ...string) {
	tb.Helper()
	for _, id := range ids {
		u, err := fb.b.slack.Profile(fb.ctx, id)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := fb.b.loadHome(fb.ctx, u)
		if err != nil {
			tb.Fatalf("App Home of %s: %v", id, err)
		}
		blocks := homeBlocks(d)
		if len(blocks) > 100 {
			tb.Fatalf("App Home of %s has %d blocks; Slack allows 100", id, len(blocks))
		}
		checkShown(tb, "App Home of "+id, "", blocks, allowed)
	}
}

var (
	mentionTokenRe = regexp.MustCompile(`^@[UW][A-Z0-9]+$`)
	dateTokenRe    = regexp.MustCompile(`^!date\^-?\d+\^[^|<>]*\|[^<>]*$`)
)

// allowedMentions are the people the bot may mention: everyone in the
// workspace, and whoever the input names where the bot reads a mention on
// purpose (the first words of a command, a to-do's owner).
func allowedMentions(text string) map[string]bool {
	ok := map[string]bool{}
	for _, id := range fzActors {
		ok[id] = true
	}
	words := strings.Fields(text)
	for i, w := range words {
		if i < 3 {
			if id := parseMention(w); id != "" {
				ok[id] = true
			}
		}
	}
	_, todos := splitNotes(unescapeSlack(text))
	for _, t := range todos {
		if t.owner != "" {
			ok[t.owner] = true
		}
	}
	return ok
}

// checkShown fails when text or blocks carry markup that did not come from
// the bot itself: a special mention, a channel link, a link, a mention with
// a label, or a mention of someone not allowed. It also checks Slack's
// block limits.
func checkShown(tb testing.TB, what, text string, blocks []slack.Block, allowed map[string]bool) {
	tb.Helper()
	texts := []string{text}
	if len(blocks) > 50 {
		tb.Fatalf("%s: %d blocks; a message holds 50", what, len(blocks))
	}
	js, err := json.Marshal(blocks)
	if err != nil {
		tb.Fatalf("%s: blocks do not encode: %v", what, err)
	}
	var v any
	_ = json.Unmarshal(js, &v)
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(x, k)
			}
		case []any:
			for _, x := range v {
				walk(x, key)
			}
		case string:
			if key == "text" {
				texts = append(texts, v)
				if n := utf8.RuneCountInString(v); n > 3000 {
					tb.Fatalf("%s: a text of %d characters; Slack allows 3000", what, n)
				}
			}
		}
	}
	walk(v, "")
	for _, s := range texts {
		for rest := s; ; {
			i := strings.IndexByte(rest, '<')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '>')
			if j < 0 {
				tb.Fatalf("%s: unclosed < in %q", what, s)
			}
			tok := rest[i+1 : i+j]
			switch {
			case mentionTokenRe.MatchString(tok):
				if !allowed[tok[1:]] {
					tb.Fatalf("%s: mentions <%s>, which comes from typed text: %q", what, tok, s)
				}
			case dateTokenRe.MatchString(tok):
			default:
				tb.Fatalf("%s: markup <%s> in %q", what, tok, s)
			}
			rest = rest[i+j+1:]
		}
	}
}

// logRecorder is a slog.Handler that keeps the errors logged.
type logRecorder struct {
	mu   sync.Mutex
	errs []string
}

func (l *logRecorder) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelError }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler            { return l }
func (l *logRecorder) WithGroup(string) slog.Handler                 { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	l.mu.Lock()
	l.errs = append(l.errs, b.String())
	l.mu.Unlock()
	return nil
}

func (l *logRecorder) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.errs
	l.errs = nil
	return out
}

var fzCommands = []string{"/mentor", "/goal", "/session", "/unknown"}

// commandSeeds are commands of every kind, right and wrong, many with text
// that tries to smuggle markup: special mentions as Slack sends them,
// escaped markup, and mentions of UEVIL, who is nobody in the workspace, so
// that a mention of UEVIL in the bot's output must come from a place where
// the bot reads a mention on purpose, never from echoed text.
var commandSeeds = []struct {
	cmd  int
	text string
}{
	{0, ""}, {0, "help"}, {0, "HELP me"}, {0, "unknowncmd <!here>"}, {0, "<!channel>"},
	{0, "pair <@UALICE> <@UBOB>"}, {0, "pair <@UCAROL|carol> <@UERIN|erin>"}, {0, "pair <@UEVIL|evil> <@UBOB>"}, {0, "pair <@UBOT> <@UCAROL>"},
	{0, "pair <@UCAROL> <@UCAROL>"}, {0, "pair <@UALICE> <@UBOB> <@UCAROL>"},
	{0, "request <@UDANA> please mentor me, <@UEVIL|evil> said &lt;!channel&gt; <!here> &amp; <#C1|general> <https://x.example|x>"},
	{0, "request <@UALICE>"}, {0, "request <@UEVIL>"}, {0, "request"},
	{0, "pairs"}, {0, "pairs all"}, {0, "end <@UERIN>"}, {0, "end <@UEVIL|evil> <!here>"}, {0, "end"},
	{0, "meet weekly thu 15:00"}, {0, "meet <@UBOB> biweekly tue 9:30 for 45m"}, {0, "meet <@UBOB> 2026-12-03 14:00"},
	{0, "meet <@UBOB> monthly last fri 16:00"}, {0, "meet <!channel> weekly mon 10:00"}, {0, "meet <@UBOB> <@UEVIL|evil> weekly"},
	{0, "meet <@UBOB> 2020-01-01 10:00"}, {0, "meet <@UBOB> weekly mon 15:00 for 99h"},
	{0, "next"}, {0, "next <@UBOB>"}, {0, "skip <@UBOB>"}, {0, "pause <@UBOB>"}, {0, "resume <@UBOB>"},
	{0, "agenda <@UBOB> talk about <@UEVIL|evil> &amp; <!here> <#C1|general> &lt;b&gt;"}, {0, "agenda"}, {0, "agenda <@UBOB>"},
	{0, "snooze <@UBOB> 2w"}, {0, "snooze <@UBOB> until 2026-12-20"}, {0, "snooze off"}, {0, "snooze <@UBOB> <!here>"},
	{0, "settings"}, {0, "report"}, {0, "export"}, {0, "forget"}, {0, "join"}, {0, "leave"}, {0, "match"},
	{0, "topics"}, {0, "topics add Go, <!channel>, &lt;b&gt;, <@UEVIL|evil>"}, {0, "topics remove Go, <!channel>"},
	{0, "cohort"}, {0, "cohort start Spring <@UEVIL|evil> &lt;!here&gt; --until 2027-06-30"}, {0, "cohort end"}, {0, "cohort end now"},
	{1, ""}, {1, "add Ship 3 PRs by 2026-12-15"}, {1, "add <!channel> <@UEVIL|evil> &lt;script&gt; &amp; by next friday"},
	{1, "add learn by doing"}, {1, "add x by 2020-01-01"}, {1, "add x by 2026-02-30"}, {1, "add " + strings.Repeat("&amp;", 400)},
	{1, "list"}, {1, "list <@UBOB>"}, {1, "list all"}, {1, "list <@UCAROL> all"}, {1, "list <@UEVIL|evil>"}, {1, "list nonsense"},
	{1, "show 1"}, {1, "show #1"}, {1, "show 2"}, {1, "show 99999999999999999999"}, {1, "show -1"},
	{1, "progress 1 40% first draft <@UEVIL|evil> <!here>"}, {1, "progress #1 101%"}, {1, "progress 1 40 %"}, {1, "progress 2 10"},
	{1, "done 1"}, {1, "drop #1"}, {1, "done 9223372036854775807"}, {1, "edit 1"}, {1, "share 1"}, {1, "share 2"},
	{1, "comment 1 great <!here> <@UEVIL|evil>"}, {1, "comment 2 hi"}, {1, "comment 1"},
	{2, ""}, {2, "log"}, {2, "log <@UBOB>"}, {2, "log <@UBOB> talked about <@UEVIL|evil> todo: <@UBOB> read it todo: <!channel> &lt;x&gt;"},
	{2, "log <@UBOB> todo: <@UEVIL> x"}, {2, "log <@UBOB> notes\ntodo: a\ntodo:"}, {2, "log talked " + strings.Repeat("todo: x ", 25)},
	{2, "list"}, {2, "list <@UBOB>"}, {2, "list <@UEVIL|evil>"}, {2, "list x"}, {2, "todos"}, {2, "done 1"}, {2, "done #2"}, {2, "done 3"}, {2, "done abc"},
	{3, "anything <!here>"},
	{0, "next <@UBOB|Bob Brown>"}, {0, "pair <@UCAROL|c><@UERIN|e>"}, {0, "<@UBOB|bob> next"}, {1, "<@UALICE|Alice Adams>"},
	{1, "`x`"}, {1, "add Give a talk in 3 weeks"}, {2, "log <@UBOB|Bob Brown> talked todo:"},
}

// FuzzCommand sends any text as any slash command, typed by anyone, in a
// DM or a channel.
func FuzzCommand(f *testing.F) {
	for i, s := range commandSeeds {
		f.Add(uint8(i%len(fzActors)), uint8(s.cmd), s.text, i%3 == 0)
	}
	fb := newFuzzBot(f)
	f.Fuzz(func(t *testing.T, actor, cmd uint8, text string, inChannel bool) {
		fb.ensurePair(t)
		fb.checkNotes(t, nil)
		user := fzActors[int(actor)%len(fzActors)]
		channel := "D" + user
		if inChannel {
			channel = "CGENERAL"
		}
		sc := slack.SlashCommand{UserID: user, Command: fzCommands[int(cmd)%len(fzCommands)], Text: text, ChannelID: channel}
		rp, _ := fb.b.runCommand(fb.ctx, sc)
		allowed := allowedMentions(text)
		fb.check(t, sc.Command+" "+text, allowed, &rp)
		fb.checkHome(t, allowed, user, fzBob)
	})
}

// FuzzAction presses any button with any value and block ID.
func FuzzAction(f *testing.F) {
	fb := newFuzzBot(f)
	ids := sortedKeys(fb.b.actionTable())
	values := []string{"", "1", "2", "3", "#1", "-1", "abc", "1:1796000000", "1:2026-11-05", "2:0", "99999999999999999999",
		`{"c":"/goal","t":"done 1"}`, `{"c":"/mentor","t":"pair <@UCAROL> <@UERIN>"}`, `{"c":"/session","t":"log <@UBOB> x <!here>"}`,
		`{"c":"/mentor","t":"agenda <@UBOB> <@UEVIL|evil> &lt;!channel&gt;"}`, `{"c":"/nope","t":""}`, `{}`, `[`,
		"UCAROL:1793606400", "UALICE:1", "1:yes", "1:no", "1:maybe", "1:5", "1:0", "1:1", "<@UEVIL|evil>"}
	for i := range ids {
		for j, v := range values {
			if (i+j)%4 == 0 {
				f.Add(uint8(i+j), uint8(i), v, "blk")
			}
		}
	}
	f.Fuzz(func(t *testing.T, actor, which uint8, value, blockID string) {
		fb.ensurePair(t)
		fb.checkNotes(t, nil)
		user := fzActors[int(actor)%len(fzActors)]
		actionID := ids[int(which)%len(ids)]
		h, ok := fb.b.lookupAction(actionID)
		if !ok {
			t.Fatalf("no handler for %q", actionID)
		}
		r, err := fb.b.newRequest(fb.ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		r.channelID = "D" + user
		cb := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user}}
		act := &slack.BlockAction{ActionID: actionID, Value: value, BlockID: blockID}
		res, err := h(r, cb, act)
		if err != nil {
			var amb *ambiguousPair
			if asAmbiguous(err, &amb) {
				rp := amb.reply(amb.command)
				res = actionReply{Reply: &rp}
			} else {
				res = actionReply{Reply: &reply{Text: fb.b.friendly(err, "action "+actionID)}}
			}
		}
		allowed := allowedMentions(value)
		var rr rerun
		if json.Unmarshal([]byte(value), &rr) == nil {
			for k := range allowedMentions(rr.Text) {
				allowed[k] = true
			}
		}
		fb.check(t, "action "+actionID+" "+value, allowed, res.Replace, res.Reply)
	})
}

// viewFields are the inputs each modal reads: block and action IDs, and
// whether the input takes several values ("multi") or is a person picker
// ("user": Slack sends the picked user's ID, which the answer may mention).
var viewFields = map[string][][3]string{
	viewGoal:         {{blockGoalText, actionGoalText}, {blockGoalMeasure, actionGoalMeasure}, {blockGoalWhy, actionGoalWhy}, {blockGoalDue, actionGoalDue}},
	viewGoalProgress: {{blockGoalPercent, actionGoalPercent}, {blockGoalNote, actionGoalNote}},
	cbMatchJoin: {{joinRole, joinRole}, {joinCadence, joinCadence}, {joinCapacity, joinCapacity}, {joinManager, joinManager, "user"},
		{joinTopics, joinTopics, "multi"}, {joinOther, joinOther}},
	cbAgendaAdd:      {{"item", "item"}},
	cbNotifyFeedback: {{"rating", "rating"}, {"comment", "comment"}},
	viewSnooze:       {{"snooze_for", "value"}},
	viewSettings:     {{blockSettingsLead, actionSettingsValue}, {blockSettingsQuiet, actionSettingsValue}, {blockSettingsToggle, actionSettingsValue, "multi"}},
	cbSessionLog:     {{"partner", "partner"}, {"date", "date"}, {"notes", "notes"}, {"todos", "todos"}},
	cbSessionEdit:    {{"notes", "notes"}},
}

// FuzzViewSubmit submits any modal with any private_metadata and any
// values. Values are separated by \x1e, one per input, in viewFields order.
func FuzzViewSubmit(f *testing.F) {
	fb := newFuzzBot(f)
	ids := sortedKeys(fb.b.viewTable())
	for k := range viewFields {
		if _, ok := fb.b.viewTable()[k]; !ok {
			f.Fatalf("viewFields names %q, which is no modal", k)
		}
	}
	metas := []string{"", "{}", `{"id":1}`, `{"id":2,"c":"CGENERAL"}`, `{"id":3}`, `{"id":-1}`, `{"id":1e99}`, `{"id":"1"}`, "not json",
		`{"id":1,"x":"4"}`, `{"id":1,"c":"<!here>"}`, `{"c":"D1","id":9223372036854775807}`}
	vals := []string{
		"Ship 3 PRs\x1e3 merged\x1eit matters\x1e2026-12-15", "<!channel> <@UEVIL|evil>\x1e&lt;b&gt;\x1e\x1e2020-01-01",
		"40\x1ehalf done <@UEVIL>", "101\x1e", "mentee\x1eweekly\x1e2\x1eUCAROL\x1eGo,SRE\x1eGo, <!here>, " + strings.Repeat("x", 80),
		"talk about <!here>", "5\x1egreat <@UEVIL|evil>", "0\x1e", "2w", "until 2026-12-20", "1d", "24h,1h\x1e20:00-08:00\x1echeckins,nudges",
		"bad\x1e25:00-1\x1e", "1\x1e2026-11-01\x1enotes <!here>\x1eread it\n@bob intro\n@me x\n@evil y", "2\x1e2030-01-01\x1e\x1e",
		strings.Repeat("a", 3001),
	}
	for i := range ids {
		for j, m := range metas {
			f.Add(uint8(i+j), uint8(i), m, vals[(i+j)%len(vals)])
		}
	}
	f.Fuzz(func(t *testing.T, actor, which uint8, meta, values string) {
		callbackID := ids[int(which)%len(ids)]
		h := fb.b.viewTable()[callbackID]
		fb.ensurePair(t)
		fb.checkNotes(t, nil)
		user := fzActors[int(actor)%len(fzActors)]
		vs := strings.Split(values, "\x1e")
		state := map[string]map[string]slack.BlockAction{}
		allowed := allowedMentions(values)
		for i, fld := range viewFields[callbackID] {
			v := vs[i%len(vs)]
			ba := slack.BlockAction{Value: v}
			switch fld[2] {
			case "multi":
				ba = slack.BlockAction{}
				for _, o := range strings.Split(v, ",") {
					ba.SelectedOptions = append(ba.SelectedOptions, slack.OptionBlockObject{Value: o})
				}
			case "user":
				// A picker only ever sends a user's ID: that one may be
				// mentioned back, anything else typed in its place not.
				ba = slack.BlockAction{SelectedUser: v}
				if mentionTokenRe.MatchString("@" + v) {
					allowed[v] = true
				}
			}
			state[fld[0]] = map[string]slack.BlockAction{fld[1]: ba}
		}
		cb := slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, User: slack.User{ID: user},
			View: slack.View{CallbackID: callbackID, PrivateMetadata: meta, State: &slack.ViewState{Values: state}}}
		r, err := fb.b.newRequest(fb.ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		r.channelID = parseMeta(meta).Channel
		res, err := h(r, cb)
		var shown *reply
		if err != nil {
			shown = &reply{Text: fb.b.friendly(err, "view "+callbackID)}
		}
		for _, msg := range res.Errors {
			if msg == "" {
				t.Fatalf("view %s: an empty field error", callbackID)
			}
		}
		fb.check(t, "view "+callbackID+" "+meta+" "+values, allowed, shown, res.Confirm)
	})
}
