package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/store"
)

// The people of the test programme, in different zones.
const (
	alice = "UALICE" // a mentor in Berlin
	bob   = "UBOB"   // a mentee in New York
	carol = "UCAROL" // outside any pair, Tokyo
	dana  = "UDANA"  // programme admin (MENTORBOT_ADMINS), London
	erin  = "UERIN"  // a workspace admin per Slack, Los Angeles
)

var testUsers = []slacksim.User{
	{ID: alice, Name: "alice", RealName: "Alice Adams", TZ: "Europe/Berlin"},
	{ID: bob, Name: "bob", RealName: "Bob Brown", TZ: "America/New_York"},
	{ID: carol, Name: "carol", RealName: "Carol Chen", TZ: "Asia/Tokyo"},
	{ID: dana, Name: "dana", RealName: "Dana Diaz", TZ: "Europe/London"},
	{ID: erin, Name: "erin", RealName: "Erin Evans", TZ: "America/Los_Angeles", IsAdmin: true},
	{ID: "UNOTZ", Name: "nozone", RealName: "No Zone"},
	{ID: "UBOT", Name: "somebot", RealName: "Some Bot", IsBot: true},
}

// waitLimit bounds a test's wait for something the bot sends. A wait ends
// as soon as it arrives; the limit only has to outlast a slow machine
// (the race detector with other packages' tests beside it).
const waitLimit = 30 * time.Second

// testStart is a Monday morning in November 2026, UTC.
var testStart = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

// env is a running mentorbot against a simulator, on a fake clock.
type env struct {
	t     testing.TB
	ctx   context.Context
	sim   *slacksim.Server
	clock *clock.Fake
	app   *app
	cfg   config
	// net is the bot's clock of network waits, when it is a fastNet.
	net *fastNet
	// dump is dumpConn's connection, once opened.
	dump *sql.DB
}

type envOption func(map[string]string)

func withEnv(k, v string) envOption { return func(m map[string]string) { m[k] = v } }

// simAndConfig makes a fake clock at testStart, a simulator on it with
// the test people, and the bot's configuration pointed at it (a fresh
// database file, dana as admin), with opts applied.
func simAndConfig(t testing.TB, opts ...envOption) (*clock.Fake, *slacksim.Server, config) {
	t.Helper()
	clk := clock.NewFake(testStart)
	sim := slacksim.New(slacksim.Options{Clock: clk})
	for _, u := range testUsers {
		sim.AddUser(u)
	}
	vars := map[string]string{
		"SLACK_BOT_TOKEN":     sim.BotToken(),
		"SLACK_APP_TOKEN":     sim.AppToken(),
		"SLACK_API_URL":       sim.APIURL(),
		"MENTORBOT_DB":        filepath.Join(t.TempDir(), "mentorbot.db"),
		"MENTORBOT_ADMINS":    dana,
		"MENTORBOT_HTTP_ADDR": "127.0.0.1:0",
	}
	for _, o := range opts {
		o(vars)
	}
	cfg, err := loadConfig(func(k string) (string, bool) { v, ok := vars[k]; return v, ok }, true)
	if err != nil {
		t.Fatal(err)
	}
	return clk, sim, cfg
}

// useMigratedDB puts a copy of a freshly migrated database file where
// cfg's database goes, as the bot's first start leaves it, unless the test
// made that database itself (storetest). Nothing these tests check
// happens before the migrations are done; the tests of the migrations
// themselves (store, mentorbot migrate, the start-ups in config_test.go)
// still apply them.
func useMigratedDB(t testing.TB, cfg config) {
	t.Helper()
	storetest.WriteMigrated(t, cfg.DB)
}

// newEnv starts the real bot, wired as in production, against a new
// simulator and a fresh database file, and waits until /healthz is ready.
func newEnv(t testing.TB, opts ...envOption) *env {
	t.Helper()
	return newEnvWithLog(t, nil, opts...)
}

// newEnvWithLog is newEnv with the bot's log (text, debug level) also
// written to logTo, when not nil.
func newEnvWithLog(t testing.TB, logTo io.Writer, opts ...envOption) *env {
	t.Helper()
	return startEnv(t, logTo, nil, opts...)
}

// newEnvWithNetWait is newEnv with wait as the bot's clock for network
// waits (Retry-After, pacing, the coalescing of Home refreshes), for a
// test that moves that clock itself instead of letting real time pass.
func newEnvWithNetWait(t testing.TB, wait clock.Clock, opts ...envOption) *env {
	t.Helper()
	return startEnv(t, nil, wait, opts...)
}

// netSpeedup is how many times faster than real time the bot's network
// waits (fastNet) pass in the end-to-end tests. Their length matters to
// Slack, which the simulator stands in for on the programme's clock, not
// to what the tests check: at Slack's pace a test that sends a person
// five DMs at once, or has a Home refreshed twice, waits a second or two
// of real time for each. Shortened rather than skipped, the waits still
// end in the order of their deadlines.
const netSpeedup = 50

// fastNet is the bot's clock of network waits in the end-to-end tests,
// unless a test moves that clock itself (newEnvWithNetWait): real time,
// except that a wait for d takes d/netSpeedup and, when it ends, moves
// the clock on to its deadline, as if d had passed. What else runs
// meanwhile (an HTTP call, the bot's own work) takes its real time. A test
// that acts while the bot waits out Slack's Retry-After holds the waits
// (holdNetWaits).
type fastNet struct {
	mu    sync.Mutex
	ahead time.Duration // how far ended waits have moved the clock past real time
	// held, while not nil, holds the waits that start until it is closed
	// (holdNetWaits).
	held chan struct{}
}

func (f *fastNet) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return time.Now().Add(f.ahead)
}

func (f *fastNet) NewTimer(d time.Duration) clock.Timer {
	f.mu.Lock()
	due, held := time.Now().Add(f.ahead+d), f.held
	f.mu.Unlock()
	t := &fastTimer{c: make(chan time.Time, 1)}
	t.active.Store(true)
	fire := func() {
		if !t.active.CompareAndSwap(true, false) {
			return // stopped
		}
		f.mu.Lock()
		// Waits that overlapped move the clock to the latest deadline,
		// not by the sum of their lengths.
		if now := time.Now(); now.Add(f.ahead).Before(due) {
			f.ahead = due.Sub(now)
		}
		f.mu.Unlock()
		t.c <- due
	}
	if held != nil {
		go func() {
			<-held
			// Released, it goes on at the fast pace: held waits still end
			// in the order of their deadlines.
			time.Sleep(due.Sub(f.Now()) / netSpeedup)
			fire()
		}()
		return t
	}
	t.t = time.AfterFunc(d/netSpeedup, fire)
	return t
}

type fastTimer struct {
	c      chan time.Time
	active atomic.Bool
	t      *time.Timer // nil for a held wait
}

func (t *fastTimer) C() <-chan time.Time { return t.c }

func (t *fastTimer) Stop() bool {
	if t.t != nil {
		t.t.Stop()
	}
	return t.active.CompareAndSwap(true, false)
}

// holdNetWaits holds the bot's network waits that start from now on
// until release, which lets them go on at fastNet's pace: for a test that
// does something while the bot waits out Slack's Retry-After, however
// long that takes. Everything the bot sends that the 429 holds back as
// well waits for release.
func (e *env) holdNetWaits() (release func()) {
	e.t.Helper()
	if e.net == nil {
		e.t.Fatal("holdNetWaits: the bot's clock of network waits is the test's own")
	}
	held := make(chan struct{})
	e.net.mu.Lock()
	e.net.held = held
	e.net.mu.Unlock()
	var once sync.Once
	release = func() {
		once.Do(func() {
			e.net.mu.Lock()
			e.net.held = nil
			e.net.mu.Unlock()
			close(held)
		})
	}
	e.t.Cleanup(release)
	return release
}

// startEnv starts the bot for newEnvWithLog and newEnvWithNetWait; a nil
// netWait is fastNet.
func startEnv(t testing.TB, logTo io.Writer, netWait clock.Clock, opts ...envOption) *env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	clk, sim, cfg := simAndConfig(t, opts...)
	useMigratedDB(t, cfg)
	e := &env{t: t, ctx: ctx, sim: sim, clock: clk, cfg: cfg}
	var logOut io.Writer = io.Discard
	if os.Getenv("MENTORBOT_TEST_LOG") != "" {
		logOut = os.Stderr
	}
	if logTo != nil {
		logOut = io.MultiWriter(logOut, logTo)
	}
	if netWait == nil {
		e.net = &fastNet{}
		netWait = e.net
	}
	app, stop := runServe(t, ctx, cfg, serveOptions{
		Clock:   clk,
		NetWait: netWait,
		Logger:  slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	e.app = app
	t.Cleanup(func() {
		stop(waitLimit)
		cancel()
		sim.Close()
	})
	e.waitReady()
	return e
}

// runServe runs serve on ctx with o until stop, and returns its app once
// it has started. stop cancels it and waits at most within for it to
// return; a failure at start or stop fails the test.
func runServe(t testing.TB, ctx context.Context, cfg config, o serveOptions) (a *app, stop func(within time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	started := make(chan *app, 1)
	done := make(chan error, 1)
	o.Started = func(a *app) { started <- a }
	go func() { done <- serve(ctx, cfg, o) }()
	select {
	case a = <-started:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped at start: %v", err)
	case <-time.After(waitLimit):
		cancel()
		t.Fatal("serve did not start")
	}
	return a, func(within time.Duration) {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(within):
			t.Errorf("serve did not stop within %v of cancel", within)
		}
	}
}

func (e *env) waitReady() {
	e.t.Helper()
	e.eventually("/healthz to be ready", func() bool {
		resp, err := http.Get("http://" + e.app.HTTPAddr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// pollEvery is how often eventually looks again at what it waits for.
const pollEvery = 2 * time.Millisecond

// eventually waits until cond holds, for something the bot does in the
// background that the simulator cannot announce (a stored row, a call
// made), and fails the test naming what it waited for if cond still does
// not hold after waitLimit. now, if given, describes the state at that
// point for the failure message.
func eventually(t testing.TB, what string, cond func() bool, now ...func() string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			var state strings.Builder
			for _, f := range now {
				state.WriteString("\n" + f())
			}
			t.Fatalf("gave up after %v waiting for %s%s", waitLimit, what, state.String())
		}
		time.Sleep(pollEvery)
	}
}

// eventually is eventually for this env's test.
func (e *env) eventually(what string, cond func() bool, now ...func() string) {
	e.t.Helper()
	eventually(e.t, what, cond, now...)
}

// waitModal waits until user has an open modal with callbackID (handlers
// open theirs after the ack) and returns it.
func (e *env) waitModal(user, callbackID string) slacksim.View {
	e.t.Helper()
	return e.waitView(user, "a "+callbackID+" modal", func(v slacksim.View) bool {
		return v.Type == "modal" && v.Open && v.CallbackID == callbackID
	})
}

// waitView waits, on the simulator's feed of views, until one of user's
// open modals or their App Home satisfies ok (what names it for the
// failure message), and returns it as it then is.
func (e *env) waitView(user, what string, ok func(slacksim.View) bool) slacksim.View {
	e.t.Helper()
	// Subscribed before the first look, so no change after it is missed.
	changed, stop := e.sim.SubscribeViews()
	defer stop()
	views := func() []slacksim.View {
		vs := e.sim.OpenViews(user)
		if home, found := e.sim.HomeView(user); found {
			vs = append(vs, home)
		}
		return vs
	}
	find := func() (slacksim.View, bool) {
		for _, v := range views() {
			if ok(v) {
				return v, true
			}
		}
		return slacksim.View{}, false
	}
	timeout := time.After(waitLimit)
	for {
		if v, found := find(); found {
			return v
		}
		select {
		case _, open := <-changed:
			if !open {
				e.t.Fatalf("the simulator closed while waiting, for %s, for %s", user, what)
			}
		case <-timeout:
			var now strings.Builder
			for _, v := range views() {
				fmt.Fprintf(&now, "\n  %s %s %s (hash %s): %s", v.Type, v.CallbackID, v.ID, v.Hash, truncateForLog(blockText(v.Message().Blocks)))
			}
			e.t.Fatalf("gave up after %v waiting, for %s, for %s; their views:%s", waitLimit, user, what, now.String())
		}
	}
}

// dumpConn is a read-only connection to the bot's database, opened on
// first use and closed at the end of the test, for dumpOf.
func (e *env) dumpConn() *sql.DB {
	e.t.Helper()
	if e.dump == nil {
		e.dump = openReadOnly(e.t, e.cfg.DB)
		// One connection, kept: a new one reads the schema again.
		e.dump.SetMaxOpenConns(1)
		e.t.Cleanup(func() { e.dump.Close() })
	}
	return e.dump
}

// dmChannel is the IM channel id the simulator gives user.
func (e *env) dmChannel(user string) string { return e.sim.IMChannel(user) }

// cmd runs a slash command typed by user in their DM with the bot and
// returns the text of the answer only they see.
func (e *env) cmd(user, command, text string) string {
	e.t.Helper()
	res := e.cmdIn(user, e.dmChannel(user), command, text)
	switch {
	case res.Ack != nil:
		return ackText(e.t, res)
	case res.Message == nil:
		return ""
	case len(res.Message.Blocks) == 0:
		return res.Message.Text
	}
	return res.Message.Text + "\n" + blockText(res.Message.Blocks)
}

// slackMention is how Slack sends a mention of a test user typed in a
// command: "<@UBOB|bob>".
func slackMention(user string) string {
	return "<@" + user + "|" + strings.ToLower(user[1:]) + ">"
}

// pair is the set-up most tests start from: dana pairs mentor with
// mentee by `/mentor pair`, and the test stops unless she is told they
// are paired. It returns their live pair.
func (e *env) pair(mentor, mentee string) store.Pair {
	e.t.Helper()
	if got := e.cmd(dana, "/mentor", "pair "+slackMention(mentor)+" "+slackMention(mentee)); !strings.Contains(got, "Paired") {
		e.t.Fatalf("dana's /mentor pair of %s and %s: %q", mentor, mentee, got)
	}
	return e.livePairOf(mentor, mentee)
}

// endPair has user end their pair with partner by `/mentor end`, and the
// test stops unless they are told it has ended.
func (e *env) endPair(user, partner string) {
	e.t.Helper()
	if got := e.cmd(user, "/mentor", "end "+slackMention(partner)); !strings.Contains(got, "has ended") {
		e.t.Fatalf("%s's /mentor end of their pair with %s: %q", user, partner, got)
	}
}

// cmdIn runs a slash command in a given channel. On a loaded machine (the
// race detector, parallel packages) the bot may pass its ack budget and
// answer through the response_url instead, as it would with Slack: an ack
// without an answer is then followed by that answer (res.Message) or by a
// view opening, and cmdIn waits for either.
func (e *env) cmdIn(user, channel, command, text string) *slacksim.CommandResult {
	e.t.Helper()
	last := e.sim.LastSeq()
	views := e.viewIDs(user)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	res, err := e.sim.SlashCommand(ctx, user, channel, command, text)
	if err != nil {
		e.t.Fatalf("%s %s %s: %v", user, command, text, err)
	}
	if res.Ack == nil && res.Message == nil {
		res.Message = e.lateAnswer(user, last, views)
	}
	e.idle()
	return res
}

// viewIDs are the IDs of user's open views.
func (e *env) viewIDs(user string) map[string]bool {
	ids := map[string]bool{}
	for _, v := range e.sim.OpenViews(user) {
		ids[v.ID] = true
	}
	return ids
}

// lateAnswer waits for the answer to user's command sent through the
// response_url after message seq last, or for a view of theirs to open
// that is not among views (a new modal may replace one that was open);
// nil when a view opened or nothing came.
func (e *env) lateAnswer(user string, last int64, views map[string]bool) *slacksim.Message {
	// Subscribed before the first look, so nothing after it is missed.
	posted, stopMsgs := e.sim.Subscribe()
	defer stopMsgs()
	changed, stopViews := e.sim.SubscribeViews()
	defer stopViews()
	opened := func() bool {
		for id := range e.viewIDs(user) {
			if !views[id] {
				return true
			}
		}
		return false
	}
	timeout := time.After(waitLimit)
	for !opened() {
		for _, m := range e.sim.Messages() {
			if m.Seq > last && m.Via == "response_url" && m.User == user {
				return &m
			}
		}
		select {
		case _, ok := <-posted:
			if !ok {
				return nil
			}
		case _, ok := <-changed:
			if !ok {
				return nil
			}
		case <-timeout:
			return nil
		}
	}
	return nil
}

// idle waits until the bot has finished what people asked of it, the work
// it does after the ack (re-planning notifications) included.
func (e *env) idle() {
	e.t.Helper()
	e.eventually("the bot to finish the commands and interactions in hand", func() bool { return e.app.Bot.Handling() == 0 },
		func() string { return fmt.Sprintf("still handling %d", e.app.Bot.Handling()) })
}

// waitDM waits until user has a DM from the bot whose text or blocks
// contain want.
func (e *env) waitDM(user, want string) slacksim.Message {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	m, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.User == user && !m.Ephemeral && strings.HasPrefix(m.Channel, "D") && contains(m, want)
	})
	if err != nil {
		e.t.Fatalf("no DM to %s containing %q: %v\nDMs: %s", user, want, err, e.describeDMs(user))
	}
	return m
}

// dms returns the DMs user has had from the bot whose text or blocks
// contain want ("" for all).
func (e *env) dms(user, want string) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range e.sim.MessagesTo(user) {
		if !m.Ephemeral && strings.HasPrefix(m.Channel, "D") && contains(m, want) {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) describeDMs(user string) string {
	var b strings.Builder
	for _, m := range e.sim.MessagesTo(user) {
		fmt.Fprintf(&b, "\n  [%s eph=%v] %s", m.Via, m.Ephemeral, truncateForLog(m.Text+" "+blockText(m.Blocks)))
	}
	return b.String()
}

func truncateForLog(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

func contains(m slacksim.Message, want string) bool {
	return strings.Contains(m.Text, want) || strings.Contains(blockText(m.Blocks), want)
}

// blockText gathers every "text" string in a Block Kit JSON document, so
// tests can look for words without caring about JSON escaping.
func blockText(raw []byte) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && (k == "text" || k == "value" || k == "action_id") {
					b.WriteString(s)
					b.WriteByte('\n')
					continue
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}

// settle runs the dispatcher until nothing due is left to send.
func (e *env) settle() {
	e.t.Helper()
	e.idle()
	var open []store.Notification // pending or sending at the last look
	e.eventually("the notifications due to settle", func() bool {
		if _, err := e.app.Scheduler.DispatchDue(e.ctx); err != nil {
			e.t.Fatal(err)
		}
		sending, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{Status: store.NoteSending})
		if err != nil {
			e.t.Fatal(err)
		}
		pending, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{Status: store.NotePending})
		if err != nil {
			e.t.Fatal(err)
		}
		// A recipient's DMs wait behind a young retry of theirs: they are
		// not due before it, as the store's claim goes by.
		now := e.clock.Now()
		due, retries := dueNow(pending, sending, now)
		waits := map[string]bool{}
		for _, n := range retries {
			// What is skipped for it must come back soon: a retry further
			// off than the longest backoff is a wrong lease, which would
			// otherwise hold its recipient's DMs back unseen.
			if n.LeaseUntil.After(now.Add(maxRetryBackoff)) {
				e.t.Fatalf("%s waits for a retry at %v, more than %v ahead: its recipient's DMs are held back that long",
					n.Key, n.LeaseUntil, maxRetryBackoff)
			}
			waits[n.RecipientID] = true
		}
		inflight := e.app.Scheduler.Sending()
		for _, n := range sending {
			// A lapsed claim is claimed again, unless its recipient waits;
			// one ahead not waiting for a retry is a send under way.
			if lapsed := !n.LeaseUntil.After(now); lapsed && !waits[n.RecipientID] || !lapsed && n.LastError == "" {
				inflight++
			}
		}
		open = append(pending, sending...)
		return due == 0 && inflight == 0
	}, func() string {
		var b strings.Builder
		for _, n := range open {
			if !n.DueAt.After(e.clock.Now()) {
				fmt.Fprintf(&b, "not settled: %s %s due %v lease %v %q\n", n.Key, n.Status, n.DueAt, n.LeaseUntil, n.LastError)
			}
		}
		return b.String()
	})
}

// maxRetryBackoff is the scheduler's longest wait for a retry.
const maxRetryBackoff = 10 * time.Minute

// advance moves the programme clock and lets what became due go out.
// What is on its way goes out first: a send takes real time, and were
// the clock to jump past its lease meanwhile, which no real send outlasts,
// the scheduler would claim it again as abandoned and leave that claim
// to the send under way, and settle would wait for a lease that runs out
// only when the clock moves again.
func (e *env) advance(d time.Duration) {
	e.t.Helper()
	e.settle()
	e.clock.Advance(d)
	e.settle()
}

func ackText(t testing.TB, res *slacksim.CommandResult) string {
	t.Helper()
	if res.Ack == nil {
		return ""
	}
	var p struct {
		Text   string          `json:"text"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(res.Ack, &p); err != nil {
		t.Fatalf("ack payload %s: %v", res.Ack, err)
	}
	if len(p.Blocks) == 0 {
		return p.Text
	}
	return p.Text + "\n" + blockText(p.Blocks)
}

// holdWriteLock takes the database's write lock from a connection of its
// own, as a running backup or another writer would, and lets it go after
// d; the channel says how the release went.
func (e *env) holdWriteLock(d time.Duration) <-chan error {
	e.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+e.cfg.DB+"?_pragma=busy_timeout(10000)")
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { raw.Close() })
	conn, err := raw.Conn(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := conn.ExecContext(e.ctx, "BEGIN IMMEDIATE"); err != nil {
		e.t.Fatal(err)
	}
	released := make(chan error, 1)
	time.AfterFunc(d, func() {
		_, err := conn.ExecContext(context.Background(), "COMMIT")
		released <- errors.Join(err, conn.Close())
	})
	return released
}
