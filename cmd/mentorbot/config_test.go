package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.APIURL != "https://slack.com/api/" || c.DB != "mentorbot.db" || c.HTTPAddr != ":8080" ||
		c.QuietHours != "20:00-08:00" || c.CheckinSchedule != "0 9 * * MON" || c.DefaultTZ.String() != "UTC" ||
		len(c.RemindBefore) != 2 || c.AgendaPromptBefore.Hours() != 48 || c.FollowupAfter.Hours() != 1 {
		t.Errorf("defaults = %+v", c)
	}
}

// Every value of an env file saved on Windows ends in a carriage return:
// it is not part of the value, for any subcommand (a database file would be
// named with it; a log level refused).
func TestWindowsLineEndingsAreNotPartOfValues(t *testing.T) {
	dir := t.TempDir()
	env := trimLineEndings(envOf(map[string]string{"MENTORBOT_DB": filepath.Join(dir, "m.db") + "\r", "MENTORBOT_QUIET_HOURS": "21:00-07:00\r",
		"MENTORBOT_CHECKIN_SCHEDULE": "0 10 * * TUE\r", "MENTORBOT_DEFAULT_TZ": "Europe/Berlin\r", "MENTORBOT_LOG_LEVEL": "debug\r\n"}))
	c, err := loadConfig(env, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != filepath.Join(dir, "m.db") || c.QuietHours != "21:00-07:00" || c.CheckinSchedule != "0 10 * * TUE" || c.DefaultTZ.String() != "Europe/Berlin" {
		t.Errorf("config = %+v", c)
	}
	if _, err := logLevel(env, slog.LevelInfo); err != nil {
		t.Errorf("log level: %v", err)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, envOf(map[string]string{"MENTORBOT_DB": filepath.Join(dir, "r.db") + "\r"}), &stdout, &stderr); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.db")); err != nil {
		t.Errorf("migrate did not make r.db: %v", err)
	}
}

func TestConfigAPIURLWithAndWithoutSlash(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"} {
		c, err := loadConfig(envOf(map[string]string{"SLACK_API_URL": u}), false)
		if err != nil || c.APIURL != "http://127.0.0.1:9/api/" {
			t.Errorf("SLACK_API_URL=%s -> %q, %v", u, c.APIURL, err)
		}
	}
}

func TestConfigEmptyQuietHoursTurnsThemOff(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"MENTORBOT_QUIET_HOURS": ""}), false)
	if err != nil || c.QuietHours != "" {
		t.Errorf("empty MENTORBOT_QUIET_HOURS -> %q, %v; want off", c.QuietHours, err)
	}
}

func TestConfigBadValuesNameTheVariable(t *testing.T) {
	tokens := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	cases := []struct{ k, v string }{
		{"SLACK_API_URL", "slack.com/api"},
		{"SLACK_API_URL", "http://"},
		{"SLACK_API_URL", "http://exa mple"},
		{"MENTORBOT_ADMINS", "U123,not-an-id"},
		{"MENTORBOT_REMIND_BEFORE", "24h,soon"},
		{"MENTORBOT_REMIND_BEFORE", ","},
		{"MENTORBOT_REMIND_BEFORE", " "},
		{"MENTORBOT_REMIND_BEFORE", "24h,,1h"},
		{"MENTORBOT_REMIND_BEFORE", "30s"},
		{"MENTORBOT_REMIND_BEFORE", "720h1m"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "two days"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "100000h"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "-1h"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "30s"},
		{"MENTORBOT_FOLLOWUP_AFTER", "1 hour"},
		{"MENTORBOT_SOCKET_CONNECTIONS", "0"},
		{"MENTORBOT_SOCKET_CONNECTIONS", "11"},
		{"MENTORBOT_SOCKET_CONNECTIONS", "two"},
		{"MENTORBOT_FOLLOWUP_AFTER", "200h"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "every monday"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "0 9 31 2 *"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "@every 1h"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "*/5 * * * *"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "0 9,17 * * MON"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "CRON_TZ=UTC 0 9 * * MON"},
		{"MENTORBOT_QUIET_HOURS", "late"},
		{"MENTORBOT_DEFAULT_TZ", "Mars/Olympus"},
		{"MENTORBOT_DEFAULT_TZ", "Local"},
		{"MENTORBOT_HTTP_ADDR", "8080"},
		{"MENTORBOT_HTTP_ADDR", "127.0.0.1:99999"},
		{"MENTORBOT_DB", "/nonexistent-dir-of-mentorbot/x.db"},
		{"MENTORBOT_DB", ":memory:"},
		{"MENTORBOT_DB", "file:x.db?mode=memory"},
		{"MENTORBOT_DB", " "},
		{"MENTORBOT_DB", "data.db "},
		{"MENTORBOT_DB", " data.db"},
		{"SLACK_BOT_TOKEN", "xapp-wrong"},
		{"MENTORBOT_LOG_LEVEL", "LOUD"},
	}
	for _, c := range cases {
		t.Run(c.k+"="+c.v, func(t *testing.T) {
			m := map[string]string{c.k: c.v}
			for tk, tv := range tokens {
				if _, ok := m[tk]; !ok {
					m[tk] = tv
				}
			}
			_, err := loadConfig(envOf(m), true)
			if err == nil {
				t.Fatalf("%s=%q accepted", c.k, c.v)
			}
			if !strings.Contains(err.Error(), c.k) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q should be one line naming %s", err, c.k)
			}
		})
	}
	if _, err := loadConfig(envOf(nil), true); err == nil || !strings.Contains(err.Error(), "SLACK_BOT_TOKEN") {
		t.Errorf("missing token: %v", err)
	}
	// Quiet hours of no length are told as such, not as unreadable.
	m := map[string]string{"MENTORBOT_QUIET_HOURS": "08:00-8:00"}
	maps.Copy(m, tokens)
	if _, err := loadConfig(envOf(m), true); err == nil || !strings.Contains(err.Error(), "they start where they end") {
		t.Errorf("quiet hours 08:00-8:00: %v", err)
	}
}

func TestConfigGoodValues(t *testing.T) {
	cases := []struct{ k, v string }{
		{"MENTORBOT_REMIND_BEFORE", "2h, 30m ,2h"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "0"},
		{"MENTORBOT_FOLLOWUP_AFTER", "0s"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "30 8 * * 1-5"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "@weekly"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "0 9 1 * *"},
		{"MENTORBOT_CHECKIN_SCHEDULE", "0 9 29 2 *"},
		{"MENTORBOT_REMIND_BEFORE", "2d,1h"},
		{"MENTORBOT_REMIND_BEFORE", "1w"},
		{"MENTORBOT_AGENDA_PROMPT_BEFORE", "2d"},
		{"MENTORBOT_FOLLOWUP_AFTER", "1d12h"},
		{"MENTORBOT_LOG_LEVEL", "debug"},
	}
	for _, c := range cases {
		if _, err := loadConfig(envOf(map[string]string{c.k: c.v}), false); err != nil {
			t.Errorf("%s=%q: %v", c.k, c.v, err)
		}
	}
	c, err := loadConfig(envOf(map[string]string{"MENTORBOT_REMIND_BEFORE": "30m,2h,30m"}), false)
	if err != nil || len(c.RemindBefore) != 2 || c.RemindBefore[0] != 2*time.Hour || c.RemindBefore[1] != 30*time.Minute {
		t.Errorf("lead times = %v, %v; want [2h 30m]", c.RemindBefore, err)
	}
}

func TestRunStopsOnATokenSlackRefuses(t *testing.T) {
	for _, tc := range []struct{ name, k string }{{"bot token", "SLACK_BOT_TOKEN"}, {"app token", "SLACK_APP_TOKEN"}} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, cfg := simAndConfig(t)
			if tc.k == "SLACK_BOT_TOKEN" {
				cfg.BotToken = "xoxb-typo"
			} else {
				cfg.AppToken = "xapp-typo"
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := serve(ctx, cfg, serveOptions{Logger: slog.New(slog.DiscardHandler)})
			if err == nil || !strings.Contains(err.Error(), tc.k) || !strings.Contains(err.Error(), "invalid_auth") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("serve = %v; want one line naming %s and Slack's answer", err, tc.k)
			}
			if ctx.Err() != nil {
				t.Fatal("serve ran until the deadline instead of stopping")
			}
		})
	}
}

// An app-level token made without connections:write is answered
// missing_scope, which the Socket Mode client would retry for ever, every
// few minutes: run stops with the line a refused token gets.
func TestRunStopsOnAnAppTokenWithoutConnectionsWrite(t *testing.T) {
	_, sim, cfg := simAndConfig(t)
	sim.FailNext("apps.connections.open", 1000, "missing_scope", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := serve(ctx, cfg, serveOptions{Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "SLACK_APP_TOKEN") || !strings.Contains(err.Error(), "missing_scope") ||
		!strings.Contains(err.Error(), "connections:write") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("serve = %v; want one line naming SLACK_APP_TOKEN, Slack's answer and the scope", err)
	}
	if ctx.Err() != nil {
		t.Fatal("serve ran until the deadline instead of stopping")
	}
}

func TestHelpFlags(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"run", "-h"}, {"migrate", "-h"}, {"manifest", "--help"}, {"version", "-h"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, envOf(nil), &out, &errOut); err != nil || !strings.Contains(out.String(), "commands:") ||
			!strings.Contains(out.String(), "MENTORBOT_CHECKIN_SCHEDULE") {
			t.Errorf("%v: err %v, out %q", args, err, out.String())
		}
	}
	// backup -h is help, not a copy of the database to a file named -h.
	dir := t.TempDir()
	t.Chdir(dir)
	for _, flag := range []string{"-h", "--help"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"backup", flag}, envOf(map[string]string{"MENTORBOT_DB": filepath.Join(dir, "m.db")}), &out, &out); err != nil ||
			!strings.Contains(out.String(), "usage: mentorbot backup FILE") {
			t.Errorf("backup %s: err %v, out %q", flag, err, out.String())
		}
		if _, err := os.Stat(filepath.Join(dir, flag)); err == nil {
			t.Errorf("backup %s wrote a file named %s", flag, flag)
		}
	}
	// The subcommands with flags print theirs; asking for help is no
	// failure (exit status 0, as with -h alone).
	for _, sub := range []string{"playground", "bench"} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{sub, "-h"}, envOf(nil), &out, &errOut); err != nil ||
			!strings.Contains(errOut.String(), "usage") && !strings.Contains(errOut.String(), "Usage") {
			t.Errorf("%s -h: err %v, stderr %q", sub, err, errOut.String())
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "extra"}, envOf(map[string]string{"MENTORBOT_DB": filepath.Join(t.TempDir(), "m.db")}), &out, &out); err == nil {
		t.Error("migrate extra: accepted a stray argument")
	}
	for _, sub := range []string{"version", "manifest"} {
		if err := run(context.Background(), []string{sub, "extra"}, envOf(nil), &out, &out); err == nil || !strings.Contains(err.Error(), "takes no arguments") {
			t.Errorf("%s extra: %v, want a refusal", sub, err)
		}
	}
}

func TestRunStopsOnBadConfigWithOneLine(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"run"}, envOf(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "MENTORBOT_DEFAULT_TZ": "Nowhere/Land",
	}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), `MENTORBOT_DEFAULT_TZ="Nowhere/Land"`) {
		t.Fatalf("err = %v", err)
	}
}

func TestManifestDeclaresWhatTheBotUses(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"manifest"}, envOf(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				HomeTab bool `json:"home_tab_enabled"`
			} `json:"app_home"`
			Commands []struct {
				Command      string `json:"command"`
				ShouldEscape bool   `json:"should_escape"`
			} `json:"slash_commands"`
		} `json:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `json:"bot"`
			} `json:"scopes"`
		} `json:"oauth_config"`
		Settings struct {
			SocketMode bool `json:"socket_mode_enabled"`
			Events     struct {
				Bot []string `json:"bot_events"`
			} `json:"event_subscriptions"`
			Interactivity struct {
				On bool `json:"is_enabled"`
			} `json:"interactivity"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("manifest is not JSON: %v", err)
	}
	if !m.Settings.SocketMode || !m.Features.AppHome.HomeTab || !m.Settings.Interactivity.On {
		t.Errorf("manifest lacks socket mode, app home or interactivity: %s", out.String())
	}
	cmds := map[string]bool{}
	for _, c := range m.Features.Commands {
		cmds[c.Command] = c.ShouldEscape
	}
	for _, c := range []string{"/mentor", "/goal", "/session"} {
		if !cmds[c] {
			t.Errorf("command %s missing or without should_escape", c)
		}
	}
	scopes := strings.Join(m.OAuth.Scopes.Bot, " ")
	for _, s := range []string{"commands", "chat:write", "im:write", "im:history", "users:read", "files:write"} {
		if !strings.Contains(scopes, s) {
			t.Errorf("scope %s missing", s)
		}
	}
	if !slices.Equal(m.Settings.Events.Bot, []string{"app_home_opened", "user_change", "message.im"}) {
		t.Errorf("bot events = %v", m.Settings.Events.Bot)
	}
}

// Slack failing auth.test (an outage, not a refused token) does not stop
// start-up: the bot starts and connects.
func TestRunStartsWhenAuthTestFails(t *testing.T) {
	clk, sim, cfg := simAndConfig(t)
	sim.StartOutage(slacksim.Outage{Method: "auth.test", Until: clk.Now().Add(time.Hour), Status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan *app, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Clock: clk, Logger: slog.New(slog.DiscardHandler), Started: func(a *app) { started <- a }})
	}()
	select {
	case a := <-started:
		eventually(t, "a Socket Mode connection", a.Bot.Connected)
	case err := <-done:
		t.Fatalf("serve stopped at start during an auth.test outage: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not start")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// A stand-in for Slack that answers apps.connections.open but not
// auth.test (HTTP 404) is no wrong SLACK_API_URL: the bot starts and
// connects.
func TestRunStartsAgainstAStandInWithoutAuthTest(t *testing.T) {
	clk, sim, cfg := simAndConfig(t)
	sim.StartOutage(slacksim.Outage{Method: "auth.test", Until: clk.Now().Add(time.Hour), Status: http.StatusNotFound})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan *app, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Clock: clk, Logger: slog.New(slog.DiscardHandler), Started: func(a *app) { started <- a }})
	}()
	select {
	case a := <-started:
		eventually(t, "a Socket Mode connection", a.Bot.Connected)
	case err := <-done:
		t.Fatalf("serve stopped at start against a Slack without auth.test: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not start")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// A SLACK_API_URL where something answers, but not Slack's Web API (a
// wrong path), stops start-up with a line naming the variable.
func TestRunStopsOnAnAPIURLWithoutTheWebAPI(t *testing.T) {
	clk, sim, cfg := simAndConfig(t)
	cfg.APIURL = strings.Replace(sim.APIURL(), "/api/", "/nowhere/", 1)
	err := serve(context.Background(), cfg, serveOptions{Clock: clk, Logger: slog.New(slog.DiscardHandler)})
	if err == nil || !strings.Contains(err.Error(), "SLACK_API_URL") || !strings.Contains(err.Error(), "/nowhere/") || strings.Contains(err.Error(), "\n") {
		t.Errorf("serve = %v; want one line naming SLACK_API_URL and its value", err)
	}
	// A web page, and an API that is not Slack's, answering 200.
	for _, answer := range []string{"<html><body>Welcome to nginx!</body></html>", `{"ok":false,"error":"unknown_method"}`} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, answer) }))
		cfg.APIURL = srv.URL + "/api/v2/"
		err := serve(context.Background(), cfg, serveOptions{Clock: clk, Logger: slog.New(slog.DiscardHandler)})
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), "SLACK_API_URL") || !strings.Contains(err.Error(), "/api/v2/") {
			t.Errorf("serve against %q = %v; want a line naming SLACK_API_URL and its value", answer, err)
		}
	}
}

// A MENTORBOT_DB that is no database stops every command that opens it
// with a line naming the variable; a new database, and a backup, can be
// read by their owner only, for they hold private notes.
func TestDatabaseFileErrorsAndPermissions(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	// Another program's SQLite database is named as MENTORBOT_DB too.
	foreign := filepath.Join(dir, "other.db")
	if err := os.WriteFile(foreign, append([]byte("SQLite format 3\x00"), make([]byte, 4096-16)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err := os.OpenFile(foreign, os.O_WRONLY, 0); err != nil {
		t.Fatal(err)
	} else {
		_, err = f.WriteAt([]byte{0, 0, 0, 42}, 68) // application_id 42
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{junk, dir, foreign} {
		for _, args := range [][]string{{"migrate"}, {"backup", filepath.Join(dir, "b.db")}} {
			var out, errOut bytes.Buffer
			err := run(context.Background(), args, envOf(map[string]string{"MENTORBOT_DB": bad}), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "MENTORBOT_DB") || !strings.Contains(err.Error(), bad) {
				t.Errorf("%v on %s, which is no database: %v", args, bad, err)
			}
		}
	}
	db := filepath.Join(dir, "m.db")
	backup := filepath.Join(dir, "copy.db")
	env := envOf(map[string]string{"MENTORBOT_DB": db})
	for _, args := range [][]string{{"migrate"}, {"backup", backup}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, env, &out, &errOut); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	// A database an earlier version made readable by all is made private.
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, env, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{db, backup} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if mode := st.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %v, want -rw-------", filepath.Base(f), mode)
		}
	}
}

// TestLogsWriteDurationsReadably: a duration in the logs reads "1.5s",
// not 1500000000.
func TestLogsWriteDurationsReadably(t *testing.T) {
	var out bytes.Buffer
	slog.New(slog.NewJSONHandler(&out, logOptions(slog.LevelInfo))).Info("re-planned", "took", 1500*time.Millisecond+300*time.Microsecond, "startup", 23001923*time.Nanosecond)
	if !strings.Contains(out.String(), `"took":"1.5s"`) || !strings.Contains(out.String(), `"startup":"23.002ms"`) {
		t.Errorf("log line: %s", out.String())
	}
}

// A MENTORBOT_HTTP_ADDR that cannot be listened on (the port is taken)
// stops start-up before anything else happens: no database is created and
// Slack is not called.
func TestRunStopsOnAnAddressInUseBeforeItStarts(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	var calls atomic.Int32
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		io.WriteString(w, `{"ok":true}`)
	}))
	defer slack.Close()
	db := filepath.Join(t.TempDir(), "m.db")
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"run"}, envOf(map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": slack.URL + "/api/",
		"MENTORBOT_DB": db, "MENTORBOT_HTTP_ADDR": taken.Addr().String(),
	}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "MENTORBOT_HTTP_ADDR") || !strings.Contains(err.Error(), taken.Addr().String()) {
		t.Errorf("run on a taken port = %v; want a line naming MENTORBOT_HTTP_ADDR and its value", err)
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("Slack was called %d times before the address was found taken", n)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the database was created before the address was found taken")
	}
}

// While start-up waits (here on Slack's auth.test), the health address
// already answers: 503 "starting", not a connection left hanging.
func TestHealthzSaysStartingWhileStartUpWaits(t *testing.T) {
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := free.Addr().String()
	free.Close()
	release := make(chan struct{})
	slack := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		io.WriteString(w, `{"ok":false,"error":"invalid_auth"}`)
	}))
	defer slack.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		var out, errOut bytes.Buffer
		done <- run(ctx, []string{"run"}, envOf(map[string]string{
			"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_API_URL": slack.URL + "/api/",
			"MENTORBOT_DB": filepath.Join(t.TempDir(), "m.db"), "MENTORBOT_HTTP_ADDR": addr,
		}), &out, &errOut)
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	var status int
	var body string
	eventually(t, "/healthz to answer while starting", func() bool {
		res, err := client.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		status, body = res.StatusCode, string(b)
		return true
	})
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "starting") {
		t.Errorf("/healthz while starting = %d %q; want 503 starting", status, body)
	}
	close(release)
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop")
	}
}

// A token read from an env file saved with Windows line endings, or pasted
// with a space, is still the right token: the bot starts with it. (Errors
// show tokens redacted, so a stray "\r" would be invisible in "Slack
// refused it".)
func TestRunTakesTokensWithStraySpaceOrLineEnding(t *testing.T) {
	_, _, cfg := simAndConfig(t, func(v map[string]string) {
		v["SLACK_BOT_TOKEN"] += "\r"
		v["SLACK_APP_TOKEN"] = " " + v["SLACK_APP_TOKEN"] + "\r\n"
	})
	a, stop := runServe(t, context.Background(), cfg, serveOptions{Logger: slog.New(slog.DiscardHandler)})
	defer stop(waitLimit)
	waitHealth(t, a.HTTPAddr, http.StatusOK, "tokens with a stray line ending")
}

// A flag the binary does not know is told as one, with the usage, as an
// unknown command is; --version is the version, as most tools have it.
func TestUnknownFlagShowsUsageAndVersionFlagsWork(t *testing.T) {
	for _, arg := range []string{"--verbose", "-x", "--db=x.db"} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{arg}, envOf(nil), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "unknown flag") || !strings.Contains(err.Error(), arg) {
			t.Errorf("%s: err %v; want an unknown flag named", arg, err)
		}
		if !strings.Contains(errOut.String(), "commands:") {
			t.Errorf("%s: stderr %q; want the usage", arg, errOut.String())
		}
	}
	for _, arg := range []string{"--version", "-version"} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), []string{arg}, envOf(nil), &out, &errOut); err != nil || !strings.HasPrefix(out.String(), "mentorbot ") {
			t.Errorf("%s: err %v, out %q; want the version", arg, err, out.String())
		}
	}
}

// SIGTERM while start-up waits on a slow Slack (auth.test not answering
// yet) stops the bot cleanly: no error logged, and nothing started with a
// context that has already ended.
func TestSignalWhileAuthTestWaitsStopsCleanly(t *testing.T) {
	_, _, cfg := simAndConfig(t)
	inAuth := make(chan struct{}, 1)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case inAuth <- struct{}{}:
		default:
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	cfg.APIURL = slow.URL + "/api/"
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Logger: slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	}()
	select {
	case <-inAuth:
	case err := <-done:
		t.Fatalf("serve stopped before auth.test: %v", err)
	case <-time.After(waitLimit):
		t.Fatal("auth.test was never asked")
	}
	cancel() // the signal
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve = %v; want a clean stop", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("serve did not stop")
	}
	for _, bad := range []string{`"level":"ERROR"`, `"level":"WARN"`, "mentorbot started"} {
		if strings.Contains(logs.String(), bad) {
			t.Errorf("log has %s:\n%s", bad, logs.String())
		}
	}
}

// A zone name has no spaces: one typed with a space around it is read as
// the name, as tokens and lead times are.
func TestDefaultZoneWithSpacesAround(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"MENTORBOT_DEFAULT_TZ": " Europe/Berlin "}), false)
	if err != nil || c.DefaultTZ.String() != "Europe/Berlin" {
		t.Errorf("MENTORBOT_DEFAULT_TZ with spaces: %v, %v", c.DefaultTZ, err)
	}
}

// A cron spec that robfig/cron refuses is told in a sentence naming the
// part that is wrong, with no Go internals in it (it used to read
// `failed to parse int from FUNDAY: strconv.Atoi: parsing "FUNDAY":
// invalid syntax`).
func TestConfigCheckinScheduleSaysWhatIsWrong(t *testing.T) {
	const want = `; want a cron spec of five fields like "0 9 * * MON" (minute hour day-of-month month day-of-week)`
	cases := []struct{ spec, why string }{
		{"0 9 * * FUNDAY", `"FUNDAY" is not a day of the week (0 to 6 from Sunday, or SUN to SAT)`},
		{"0 9 * * 7", `"7" is not a day of the week (0 to 6 from Sunday, or SUN to SAT)`},
		{"0 9 * *", "it has 4 fields, not five"},
		{"every monday", "it has 2 fields, not five"},
		{"0 0 9 * * MON", "it has 6 fields, not five"},
		{"61 9 * * MON", `"61" is not a minute (0 to 59)`},
		{"0 24 * * MON", `"24" is not an hour (0 to 23)`},
		{"0 -1 * * MON", `"-1" is not an hour (0 to 23)`},
		{"0 9 0 * *", `"0" is not a day of the month (1 to 31)`},
		{"0 9 * 13 *", `"13" is not a month (1 to 12, or JAN to DEC)`},
		{"0 9 * SEPT *", `"SEPT" is not a month (1 to 12, or JAN to DEC)`},
		{"0 9 * * MON,FUNDAY", `"FUNDAY" is not a day of the week (0 to 6 from Sunday, or SUN to SAT)`},
		{"0 9 * * FRI-MON", `the range "FRI-MON" runs backwards`},
		{"0 9 * * 1-2-3", `"1-2-3" is not a range: one from A to B is written A-B`},
		{"0 9/0 * * MON", `in "9/0", the step after / must be a whole number from 1`},
		{"@fortnightly", `"@fortnightly" is not a schedule name (@weekly, @daily, @monthly and @yearly are)`},
		{" ", "it is empty"},
	}
	for _, c := range cases {
		t.Run(c.spec, func(t *testing.T) {
			_, err := loadConfig(envOf(map[string]string{"MENTORBOT_CHECKIN_SCHEDULE": c.spec}), false)
			wantErr := fmt.Sprintf("invalid MENTORBOT_CHECKIN_SCHEDULE=%q: %s%s", c.spec, c.why, want)
			if err == nil || err.Error() != wantErr {
				t.Errorf("error =\n  %v\nwant\n  %s", err, wantErr)
			}
		})
	}
}
