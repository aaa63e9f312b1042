package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// End-to-end tests of faults: Slack failing or slow, the Socket Mode
// connection lost with an ack in flight, the database locked or full.

// faultOpts configure faultEnv.
type faultOpts struct {
	vars []envOption
	// slackTimeout bounds each HTTP request to Slack (serveOptions).
	slackTimeout time.Duration
	// stopWithin is how long a stop may take; 0 means 15 s.
	stopWithin time.Duration
}

// faultEnv is schedEnv with the knobs the fault tests need: a short HTTP
// timeout towards Slack and a log whose records the test can count. It
// returns the env, its log and a restart function (stop and start again
// on the same database, simulator and clock).
func faultEnv(t *testing.T, o faultOpts) (*env, *testLog, func()) {
	t.Helper()
	clk, sim, cfg := simAndConfig(t, o.vars...)
	useMigratedDB(t, cfg)
	ctx, cancelAll := context.WithCancel(context.Background())
	e := &env{t: t, ctx: ctx, sim: sim, clock: clk, cfg: cfg}
	stopWithin := cmp.Or(o.stopWithin, 15*time.Second)
	logs := &testLog{}
	var out io.Writer = io.Discard
	if os.Getenv("MENTORBOT_TEST_LOG") != "" {
		out = os.Stderr
	}
	logs.next = slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug})
	e.net = &fastNet{}
	var stop func()
	start := func() {
		var stopIn func(time.Duration)
		e.app, stopIn = runServe(t, ctx, cfg, serveOptions{Clock: clk, NetWait: e.net, Logger: slog.New(logs), SlackTimeout: o.slackTimeout})
		stop = func() { stopIn(stopWithin) }
		e.waitReady()
	}
	start()
	t.Cleanup(func() {
		stop()
		cancelAll()
		if fs := sim.Failures(); len(fs) > 0 {
			t.Errorf("the simulator flagged what Slack would have refused:\n%s", strings.Join(fs, "\n"))
		}
		sim.Close()
	})
	restart := func() {
		t.Helper()
		stop()
		start()
	}
	return e, logs, restart
}

// testLog is a slog.Handler that counts records by message and level and
// passes them on.
type testLog struct {
	next slog.Handler
	mu   sync.Mutex
	msgs map[string]int // "LEVEL message"
}

func (l *testLog) Enabled(context.Context, slog.Level) bool { return true }

func (l *testLog) Handle(ctx context.Context, r slog.Record) error {
	l.mu.Lock()
	if l.msgs == nil {
		l.msgs = map[string]int{}
	}
	l.msgs[r.Level.String()+" "+r.Message]++
	l.mu.Unlock()
	return l.next.Handle(ctx, r)
}

func (l *testLog) WithAttrs(as []slog.Attr) slog.Handler {
	return &testLogChild{root: l, next: l.next.WithAttrs(as)}
}

func (l *testLog) WithGroup(name string) slog.Handler {
	return &testLogChild{root: l, next: l.next.WithGroup(name)}
}

// count returns how many records with that level and message were logged.
func (l *testLog) count(level slog.Level, msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.msgs[level.String()+" "+msg]
}

type testLogChild struct {
	root *testLog
	next slog.Handler
}

func (c *testLogChild) Enabled(context.Context, slog.Level) bool { return true }

func (c *testLogChild) Handle(ctx context.Context, r slog.Record) error {
	c.root.mu.Lock()
	if c.root.msgs == nil {
		c.root.msgs = map[string]int{}
	}
	c.root.msgs[r.Level.String()+" "+r.Message]++
	c.root.mu.Unlock()
	return c.next.Handle(ctx, r)
}

func (c *testLogChild) WithAttrs(as []slog.Attr) slog.Handler {
	return &testLogChild{root: c.root, next: c.next.WithAttrs(as)}
}

func (c *testLogChild) WithGroup(name string) slog.Handler {
	return &testLogChild{root: c.root, next: c.next.WithGroup(name)}
}

// get fetches one of the bot's HTTP endpoints.
func (e *env) get(path string) (int, string) {
	e.t.Helper()
	resp, err := http.Get("http://" + e.app.HTTPAddr + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// metric reads one sample from /metrics, e.g.
// `mentorbot_slack_api_errors_total{method="chat.postMessage",error="http_500"}`;
// 0 when it is absent.
func (e *env) metric(sample string) float64 {
	e.t.Helper()
	_, body := e.get("/metrics")
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sample) + ` ([0-9.e+-]+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		e.t.Fatalf("metric %s: %v", sample, err)
	}
	return v
}

// walk advances the clock in steps until to, letting what falls due go
// out at each step.
func (e *env) walk(to time.Time, step time.Duration) {
	e.t.Helper()
	for e.clock.Now().Before(to) {
		next := e.clock.Now().Add(step)
		if next.After(to) {
			next = to
		}
		e.clock.Set(next)
		e.settle()
	}
}

// notes lists every notification row.
func (e *env) notes() []store.Notification {
	e.t.Helper()
	ns, err := e.app.DB.Notifications(e.ctx, store.NoteFilter{Limit: 100000})
	if err != nil {
		e.t.Fatal(err)
	}
	return ns
}

// TestFaultSlackOutage: chat.postMessage answers HTTP 500 (nothing
// posted), then 503 (posted all the same), then answers too slowly for
// the bot's timeout (posted, the answer lost), for a minute in all. What
// falls due meanwhile (a reminder, the intro DMs of a pair made during the
// outage) is retried with backoff and, after the outage, reaches each
// person exactly once: a retry after an unclear failure finds the message
// in the DM's history instead of posting it again. Errors are logged and
// counted in /metrics; /healthz stays 200, which is the truth (the
// database and Socket Mode are up), while /metrics shows the backlog.
func TestFaultSlackOutage(t *testing.T) {
	e, logs, _ := faultEnv(t, faultOpts{slackTimeout: time.Second})
	e.pair(alice, bob)
	// Tomorrow 10:00 in Berlin, 09:00 UTC: the 24h reminders fall due at
	// 09:00 UTC today, in the middle of the outage.
	if got := e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 10:00"); !strings.Contains(got, "10:00") {
		t.Fatalf("meet: %q", got)
	}
	e.settle()
	before := len(e.schedSent())

	t0 := schedAt("2026-11-02 08:59").Add(10 * time.Second)
	e.walk(t0, 10*time.Minute)
	postErrors := func(code string) float64 {
		return e.metric(fmt.Sprintf(`mentorbot_slack_api_errors_total{method="chat.postMessage",error=%q}`, code))
	}
	// A minute: 500 for 15 s, then 503 for 15 s, then 30 s of answers
	// held past the bot's timeout. The intros below are first tried in the
	// 500s, again in the 503s, and found in the history after; the
	// reminders (due at 09:00:00) time out.
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: t0.Add(15 * time.Second), Status: 500})
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: t0.Add(30 * time.Second), Status: 503, Applied: true})
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: t0.Add(60 * time.Second), Delay: 3 * time.Second, Applied: true})

	// Commands work during the outage (they are answered over Socket
	// Mode); the intro DMs they queue wait.
	e.clock.Advance(5 * time.Second)
	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pair during the outage: %q", got)
	}
	e.settle()
	if n := len(e.dms(carol, "Welcome to mentoring")); n != 0 {
		t.Fatalf("intro reached carol through a 500")
	}
	sawBacklog := false
	for e.clock.Now().Before(t0.Add(time.Minute)) {
		e.clock.Advance(5 * time.Second)
		e.settle()
		// The truth: the bot is up; Slack is not taking messages.
		if code, body := e.get("/healthz"); code != http.StatusOK {
			t.Errorf("/healthz during a Slack outage: %d %s", code, body)
		}
		if e.metric("mentorbot_notifications_in_flight") > 0 {
			sawBacklog = true
		}
	}
	if !sawBacklog {
		t.Error("/metrics never showed notifications waiting to retry during the outage")
	}
	// After the outage, every retry comes due within its backoff.
	e.walk(t0.Add(10*time.Minute), 5*time.Second)

	sent := e.schedSent() // fails on any key that reached Slack twice
	for _, n := range e.notes() {
		if n.DueAt.After(e.clock.Now()) {
			continue
		}
		if n.Status != store.NoteSent {
			t.Errorf("%s: %s after the outage (%s)", n.Key, n.Status, n.LastError)
			continue
		}
		if _, ok := sent[n.Key]; !ok {
			t.Errorf("%s marked sent, but not in Slack", n.Key)
		}
	}
	for _, who := range []string{carol, erin} {
		if n := len(e.dms(who, "Welcome to mentoring")); n != 1 {
			t.Errorf("%s has %d intro DMs, want 1", who, n)
		}
	}
	m := fmt.Sprint(schedAt("2026-11-03 09:00").Unix())
	for _, who := range []string{alice, bob} {
		key := fmt.Sprintf("reminder:24h:pair=1:at=%s:to=%s", m, who)
		got, ok := sent[key]
		if !ok {
			t.Errorf("no %s", key)
			continue
		}
		if at := schedTime(got); at.Before(t0) || at.After(t0.Add(10*time.Minute)) {
			t.Errorf("%s arrived at %v", key, at)
		}
	}
	if len(sent) != before+2+2 {
		t.Errorf("%d keyed DMs reached Slack, want %d (the 2 reminders and the 2 intros added)", len(sent), before+4)
	}
	// Some sends reached Slack although the bot saw them fail: each was
	// found in the history, not posted again.
	if n := logs.count(slog.LevelInfo, "notification was already delivered; not sending again"); n < 4 {
		t.Errorf("%d sends found in the history after an unclear failure, want 4 (2 intros after a 503, 2 reminders after a timeout)", n)
	}

	// Logged and counted.
	for _, code := range []string{"http_500", "http_503", "timeout"} {
		if postErrors(code) == 0 {
			t.Errorf("/metrics counts no chat.postMessage %s errors", code)
		}
	}
	if e.metric(`mentorbot_notification_retries_total{kind="intro"}`) == 0 || e.metric(`mentorbot_notification_retries_total{kind="reminder"}`) == 0 {
		t.Error("/metrics counts no retried notifications")
	}
	if _, body := e.get("/metrics"); regexp.MustCompile(`(?m)^mentorbot_notifications_failed_total\{.*\} [1-9]`).MatchString(body) {
		t.Errorf("notifications counted as failed, yet all arrived:\n%s", grepLines(body, "failed_total"))
	}
	if logs.count(slog.LevelWarn, "notification send failed; will retry") == 0 {
		t.Error("send failures were not logged")
	}
	if e.metric("mentorbot_notifications_in_flight") != 0 || e.metric("mentorbot_notifications_due") != 0 {
		t.Error("a backlog is left")
	}
}

// TestFaultLongSlackOutage: Slack refuses messages for two hours. The
// intro DMs queued at its start still arrive, once, soon after it ends:
// retries back off to ten minutes apart and go on while a message still
// makes sense, rather than giving up after a fixed number of tries.
func TestFaultLongSlackOutage(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{slackTimeout: time.Second})
	t0 := e.clock.Now()
	e.sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Until: t0.Add(2 * time.Hour), Status: 503})
	e.pair(alice, bob)
	// Checked a minute before the end: a pass the clock's last step into
	// the end of the outage wakes may rightly send.
	e.walk(t0.Add(2*time.Hour-time.Minute), time.Minute)
	if n := len(e.dms(alice, "Welcome to mentoring")); n != 0 {
		t.Fatal("a DM went through the outage")
	}
	e.walk(t0.Add(2*time.Hour+11*time.Minute), time.Minute)
	for _, who := range []string{alice, bob} {
		if n := len(e.dms(who, "Welcome to mentoring")); n != 1 {
			t.Errorf("%s has %d intro DMs after the outage, want 1", who, n)
		}
	}
	e.schedSent()
	if got := e.metric(`mentorbot_notifications_failed_total{kind="intro"}`); got != 0 {
		t.Errorf("%v intros counted as failed", got)
	}
}

func grepLines(s, want string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, want) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestFaultBackupWhileRunning: `mentorbot backup FILE` runs again and
// again while people use the bot and the dispatcher sends; then another
// connection holds the database's write lock for 2.5 s (as a slow backup,
// a migration or an operator's sqlite3 session can). Commands and the
// dispatcher wait and then succeed: the command past Slack's ack budget is
// acked at once and answered through its response_url. Nothing is lost or
// doubled, and every backup is a consistent copy.
func TestFaultBackupWhileRunning(t *testing.T) {
	e, _, _ := faultEnv(t, faultOpts{})
	e.pair(alice, bob)
	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 10:00") // 09:00 UTC tomorrow
	e.settle()
	dbEnv := func(k string) (string, bool) {
		if k == "MENTORBOT_DB" {
			return e.cfg.DB, true
		}
		return "", false
	}

	// Backups, one after the other, while commands come in.
	dir := t.TempDir()
	var backups []string
	backupErr := make(chan error, 1)
	go func() {
		for i := range 6 {
			file := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
			if err := run(e.ctx, []string{"backup", file}, dbEnv, io.Discard, io.Discard); err != nil {
				backupErr <- err
				return
			}
			backups = append(backups, file)
		}
		backupErr <- nil
	}()
	for i := range 8 {
		if got := e.cmd(bob, "/goal", fmt.Sprintf("add Goal number %d", i)); !strings.Contains(got, "Added goal") {
			t.Errorf("during a backup: %q", got)
		}
		e.clock.Advance(time.Minute)
		e.settle()
	}
	if err := <-backupErr; err != nil {
		t.Fatalf("backup: %v", err)
	}
	for _, file := range backups {
		raw, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		var check string
		var goals, version int
		if err := raw.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: integrity_check %q %v", file, check, err)
		}
		if err := raw.QueryRow("SELECT count(*) FROM goals").Scan(&goals); err != nil || goals > 8 {
			t.Errorf("%s: %d goals, %v", file, goals, err)
		}
		if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != store.SchemaVersion() {
			t.Errorf("%s: schema version %d, %v", file, version, err)
		}
		raw.Close()
	}

	// The write lock held for longer than Slack's ack budget.
	released := e.holdWriteLock(2500 * time.Millisecond)
	// The 24h reminders fall due while the lock is held.
	e.clock.Set(schedAt("2026-11-02 09:00"))
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "add Read the SRE book by 2026-12-01")
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz while writes wait for a lock: %d %s", code, body)
	}
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	answer := ackText(t, res)
	if answer == "" {
		// Acked within Slack's deadline, answered when the lock was gone.
		m, err := e.sim.WaitMessage(e.ctx, func(m slacksim.Message) bool {
			return m.User == bob && m.Via == "response_url" && contains(m, "Added goal")
		})
		if err != nil {
			t.Fatalf("no late answer: %v", err)
		}
		answer = m.Text
		t.Log("acked within Slack's deadline, answered through the response_url after the lock")
	}
	if !strings.Contains(answer, "Added goal *#9*") {
		t.Errorf("answer after the lock: %q", answer)
	}
	e.settle()
	if n := len(e.goalsStored(bob)); n != 9 {
		t.Errorf("%d goals, want 9", n)
	}
	sent := e.schedSent() // fails on any key sent twice
	m := fmt.Sprint(schedAt("2026-11-03 09:00").Unix())
	for _, who := range []string{alice, bob} {
		if _, ok := sent[fmt.Sprintf("reminder:24h:pair=1:at=%s:to=%s", m, who)]; !ok {
			t.Errorf("%s's reminder, due while the database was locked, was not sent", who)
		}
	}
	for _, n := range e.notes() {
		if !n.DueAt.After(e.clock.Now()) && n.Status != store.NoteSent {
			t.Errorf("%s: %s (%s)", n.Key, n.Status, n.LastError)
		}
	}
}

// TestBackupLeavesTheSchemaAlone: `mentorbot backup` copies the database
// as it is. It used to apply this binary's migrations to the live file
// first, changing the schema under a running bot of an older version.
func TestBackupLeavesTheSchemaAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mentorbot.db")
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// As a bot one schema version behind this binary would have it.
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	old := store.SchemaVersion() - 1
	if _, err := raw.Exec(fmt.Sprintf("DROP TABLE deliveries; PRAGMA user_version = %d", old)); err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) {
		if k == "MENTORBOT_DB" {
			return path, true
		}
		return "", false
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := run(context.Background(), []string{"backup", copyPath}, env, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var version int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != old {
		t.Errorf("the live database is at schema version %d after a backup, want %d (%v)", version, old, err)
	}
}

// TestFaultDiskFull: the disk fills up (SQLite's max_page_count on the
// bot's connection makes SQLite answer SQLITE_FULL to any write that
// needs more space, as a full disk does; writes that fit in free space
// still succeed, as on a real full disk, so the notifications table is
// filled up first).
// A command that needs space gets a friendly "nothing changed, try again"
// and leaves nothing half-written; reads still work; nothing crashes;
// /healthz says 503 while writes fail, and /metrics says why. When space
// comes back, everything works again, the planning catches up, and no
// notification is lost or doubled.
func TestFaultDiskFull(t *testing.T) {
	e, logs, _ := faultEnv(t, faultOpts{})
	e.pair(alice, bob)
	// Tuesdays 10:00 Berlin, 09:00 UTC: the 1h reminders fall due at 08:00
	// UTC on 3 November, while the disk is full, as does the daily re-plan.
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly tue 10:00")
	e.cmd(bob, "/goal", "add Give a lightning talk by 2026-12-01")
	e.walk(schedAt("2026-11-03 07:30"), 30*time.Minute)

	fillers := fillNotifications(t, e.cfg.DB)
	if _, err := e.app.DB.SetMaxPages(e.ctx, 1); err != nil {
		t.Fatal(err)
	}

	// A command that needs space: refused kindly, nothing half-written
	// (the session row fits; its five to-dos, 6 kB together, do not).
	todo := strings.Repeat("𝄞", 300) // 1,200 bytes, the longest to-do allowed
	got := e.cmd(bob, "/session", "log <@UALICE> we planned the talk"+strings.Repeat(" todo: "+todo, 5))
	if !strings.Contains(got, "couldn't save") || !strings.Contains(got, "try again") {
		t.Errorf("/session log on a full disk: %q", got)
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, bob, 0, 0); len(ss) != 0 {
		t.Errorf("a session was stored half: %+v", ss)
	}
	// Reads work.
	if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "Give a lightning talk") {
		t.Errorf("/goal list on a full disk: %q", got)
	}
	if code, body := e.get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "full") {
		t.Errorf("/healthz while writes fail: %d %s", code, body)
	}
	if e.metric("mentorbot_db_writes_failing") != 1 {
		t.Error("/metrics does not show writes failing")
	}

	// Time passes with the disk full: the reminders fall due, and so does
	// the daily re-plan, which fails if it has rows to add that need space
	// (whether they do depends on the free space in the table's pages).
	// Whatever fails is tried again later (scheduler/faults_test.go checks
	// that this does not spin).
	for e.clock.Now().Before(schedAt("2026-11-03 08:30")) {
		e.clock.Advance(time.Minute)
		e.settleTolerant()
	}
	t.Logf("with the disk full: %d re-plans and %d dispatcher passes failed",
		logs.count(slog.LevelError, "plan"), logs.count(slog.LevelError, "dispatch"))

	// Space comes back.
	if _, err := e.app.DB.SetMaxPages(e.ctx, 0); err != nil {
		t.Fatal(err)
	}
	removeFillers(t, e.cfg.DB, fillers)
	got = e.cmd(bob, "/session", "log <@UALICE> we planned the talk todo: draft the outline")
	if !strings.Contains(got, "Logged session *#1*") {
		t.Errorf("/session log once space is back: %q", got)
	}
	e.walk(schedAt("2026-11-03 09:30"), time.Minute)
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz once space is back: %d %s", code, body)
	}

	sent := e.schedSent() // fails on any key sent twice
	m := fmt.Sprint(schedAt("2026-11-03 09:00").Unix())
	for _, who := range []string{alice, bob} {
		key := fmt.Sprintf("reminder:1h:pair=1:at=%s:to=%s", m, who)
		msg, ok := sent[key]
		if !ok {
			t.Errorf("%s, due while the disk was full, was lost", key)
		} else if at := schedTime(msg); at.After(schedAt("2026-11-03 09:00")) {
			t.Errorf("%s sent at %v, after its meeting began", key, at)
		}
	}
	for _, n := range e.notes() {
		if !n.DueAt.After(e.clock.Now()) && n.Status != store.NoteSent && n.Status != store.NoteCancelled {
			t.Errorf("%s: %s (%s)", n.Key, n.Status, n.LastError)
		}
	}
	// The daily re-plan has caught up: what entered the planning horizon
	// that day (the follow-ups of the meeting on 10 November) is planned.
	m10 := schedAt("2026-11-10 09:00").Unix()
	for _, who := range []string{alice, bob} {
		if _, err := e.app.DB.Notification(e.ctx, fmt.Sprintf("followup:pair=1:at=%d:to=%s", m10, who)); err != nil {
			t.Errorf("the follow-up of 10 November for %s is not planned: %v", who, err)
		}
	}
	if ss, _ := e.app.DB.Sessions(e.ctx, bob, 0, 0); len(ss) != 1 {
		t.Errorf("%d sessions, want 1", len(ss))
	}
}

// settleTolerant is settle for a database that may refuse writes: it runs
// the dispatcher a few times and moves on.
func (e *env) settleTolerant() {
	for range 3 {
		if _, err := e.app.Scheduler.DispatchDue(e.ctx); err != nil {
			return
		}
	}
}

// fillNotifications fills the free space at the end of the notifications
// table, through a connection of its own capped at the pages in use: tiny
// rows, cancelled so that nothing sends them, until SQLite says the
// database is full. It returns how many rows it added.
func fillNotifications(t *testing.T, path string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	var pages, max int64
	if err := raw.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(fmt.Sprintf("PRAGMA max_page_count = %d", pages)).Scan(&max); err != nil {
		t.Fatal(err)
	}
	for i := range 100000 {
		// Expiring in 2100: the daily pass deletes settled rows once past
		// keeping, which would free the space the test fills.
		_, err := raw.Exec(`INSERT INTO notifications (key, kind, recipient_id, due_at, expires_at, status, created_at)
			VALUES (?, '', '', 0, 4102444800, 'cancelled', 0)`, fmt.Sprintf("~%d", i))
		if err != nil {
			if !strings.Contains(err.Error(), "full") {
				t.Fatal(err)
			}
			return i
		}
	}
	t.Fatal("the database never filled up")
	return 0
}

func removeFillers(t *testing.T, path string, n int) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	res, err := raw.Exec(`DELETE FROM notifications WHERE key LIKE '~%'`)
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := res.RowsAffected(); int(k) != n {
		t.Errorf("removed %d fillers, added %d", k, n)
	}
}

// A fresh bot's /metrics shows every series the spec promises, at 0, so
// that a rate or an alert on them reads 0 and not "no data".
func TestMetricsShowWhatIsPromisedFromTheStart(t *testing.T) {
	e := newEnv(t)
	_, body := e.get("/metrics")
	for _, want := range []string{
		`mentorbot_commands_total{command="/goal"} 0`,
		`# TYPE mentorbot_command_ack_seconds histogram`,
		`mentorbot_notifications_sent_total{kind="reminder"} 0`,
		`mentorbot_notifications_failed_total{kind="checkin"} 0`,
		`# TYPE mentorbot_slack_api_errors_total counter`,
		`mentorbot_notifications_pending 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

// A shutdown (SIGTERM) while a command is being handled: the command is
// done, and its answer still reaches the person, on the socket it came by.
// The socket used to close first, so Slack told them it had failed, and
// they typed it again.
func TestShutdownAnswersTheCommandInHand(t *testing.T) {
	e, _, restart := faultEnv(t, faultOpts{})
	// carol's first command looks up her profile, which Slack is slow to give.
	asked := make(chan struct{}, 1)
	e.sim.StartOutage(slacksim.Outage{Method: "users.info", Until: e.clock.Now().Add(time.Hour), Delay: 800 * time.Millisecond, Applied: true, Reached: asked})
	type result struct {
		res *slacksim.CommandResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := e.sim.SlashCommand(e.ctx, carol, "", "/goal", "add Write 3 blog posts by 2030-01-01")
		done <- result{res, err}
	}()
	// The shutdown begins while her command waits for Slack's answer.
	select {
	case <-asked:
	case <-time.After(waitLimit):
		t.Fatal("carol's command never asked Slack for her profile")
	}
	restart()
	r := <-done
	if r.err != nil {
		t.Fatalf("the command in hand at the shutdown: %v", r.err)
	}
	if got := ackText(t, r.res); !strings.Contains(got, "Added goal") {
		t.Errorf("its answer: %q", got)
	}
}

// The database file removed, or replaced, under the running bot: the open
// file still answers, but what is written to it is lost at the next
// start, so /healthz says the bot is not ready. Put back, it is again.
func TestHealthSaysWhenTheDatabaseFileIsGone(t *testing.T) {
	e := newEnv(t)
	path := e.cfg.DB
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Fatalf("/healthz at start: %d %s", code, body)
	}
	aside := path + ".aside"
	if err := os.Rename(path, aside); err != nil {
		t.Fatal(err)
	}
	if code, body := e.get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "was removed while open") {
		t.Errorf("/healthz with the file removed: %d %s", code, body)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, body := e.get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "was replaced while open") {
		t.Errorf("/healthz with the file replaced: %d %s", code, body)
	}
	if err := os.Rename(aside, path); err != nil {
		t.Fatal(err)
	}
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz with the file back: %d %s", code, body)
	}
}
