package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

func cmdRun(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if len(args) > 0 && strings.HasPrefix(args[0], "-") {
		// run has no flags; a mistyped one is told as such, with the
		// usage, as an unknown command is.
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown flag %q; configuration comes from the environment", args[0])
	}
	if len(args) > 0 {
		return fmt.Errorf("run takes no arguments (got %q); configuration comes from the environment", args)
	}
	cfg, err := loadConfig(env, true)
	if err != nil {
		return err
	}
	level, err := logLevel(env, slog.LevelInfo)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, logOptions(level)))
	return serve(ctx, cfg, serveOptions{Logger: logger, Live: true})
}

// logOptions are the handler options of the bot's logs: durations are
// written as Go writes them, to the microsecond under a second and to the
// millisecond above ("816µs", "23.002ms", "1.5s"), not as a count of
// nanoseconds that a reader has to divide.
func logOptions(level slog.Level) *slog.HandlerOptions {
	return &slog.HandlerOptions{Level: level, ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Value.Kind() == slog.KindDuration {
			d := a.Value.Duration()
			if d.Abs() >= time.Second {
				d = d.Round(time.Millisecond)
			} else {
				d = d.Round(time.Microsecond)
			}
			a.Value = slog.StringValue(d.String())
		}
		return a
	}}
}

// logLevel reads MENTORBOT_LOG_LEVEL (DEBUG, INFO, WARN or ERROR, as slog
// reads them), or def when it is not set.
func logLevel(env func(string) (string, bool), def slog.Level) (slog.Level, error) {
	v, ok := env("MENTORBOT_LOG_LEVEL")
	if !ok || v == "" {
		return def, nil
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		return def, &configError{"MENTORBOT_LOG_LEVEL", v, "want DEBUG, INFO, WARN or ERROR"}
	}
	return l, nil
}

// serveOptions are what differs between `run`, the playground and tests.
type serveOptions struct {
	Clock   clock.Clock // programme clock; nil = real
	Logger  *slog.Logger
	Ready   func(httpAddr string) // called once the health server listens
	Started func(*app)            // called with the wired parts (tests, playground)
	// NetWait is the clock for network waits (Retry-After, backoff, pacing
	// by Slack's limits); nil = real.
	NetWait clock.Clock
	// SlackTimeout bounds each HTTP request to Slack; 0 means
	// defaultSlackTimeout. Tests shorten it.
	SlackTimeout time.Duration
	// HTTPClient makes the Web API calls; nil = one bounded by
	// SlackTimeout. The benchmark counts requests in flight through it.
	HTTPClient *http.Client
	// SlackLimits are the rate limits the client paces itself by; nil =
	// Slack's published ones (bot.SlackLimits).
	SlackLimits *bot.Limits
	// ShutdownGrace bounds how long the bot's handlers go on after a
	// shutdown began; 0 means the bot's default. Tests shorten it.
	ShutdownGrace time.Duration
	// Live marks the database as the one a real workspace is served from
	// (`mentorbot run`), which the playground then refuses to open.
	Live bool
}

// defaultSlackTimeout bounds each HTTP request to Slack. slack-go's own
// client has no timeout: a Slack that accepts a request and never answers
// would hold a send, and the notification's lease, forever. Slack answers
// in well under a second; this leaves room for a slow day and stays well
// under the scheduler's two-minute lease.
const defaultSlackTimeout = 20 * time.Second

// app is the wired bot, for tests and the playground.
type app struct {
	DB        *store.DB
	Bot       *bot.Bot
	Scheduler *scheduler.Scheduler
	Metrics   *metrics.Registry
	HTTPAddr  string
}

// serve runs the bot, the scheduler and the health server until ctx ends,
// then drains in-flight work and closes the database.
func serve(ctx context.Context, cfg config, o serveOptions) error {
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.NewJSONHandler(os.Stderr, logOptions(slog.LevelInfo)))
	}
	clk := clock.Or(o.Clock)
	start := time.Now()
	// First: an address that is taken stops start-up before the database
	// is created or Slack is called.
	health, err := listenHealth(cfg.HTTPAddr)
	if err != nil {
		return err
	}
	started := false
	defer func() {
		if !started { // start-up stopped early; the shutdown closes it otherwise
			health.close()
		}
	}()
	db, err := openDB(ctx, cfg.DB, store.Options{Clock: clk, Logger: logger.With("component", "store")})
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			logger.Error("close database", "err", err)
		}
	}()
	// The sender lock from the start, not only once the scheduler has
	// planned (which can take seconds): `mentorbot restore` looks for it to
	// refuse a database in use. Not held here (another process sends), the
	// scheduler waits for it and says so.
	_, _ = db.LockSender()

	reg := newMetrics(db)
	sl := newSlack(cfg, o, db, reg, clk, logger)
	if err := checkBotToken(ctx, sl.API, cfg, logger); err != nil {
		return err
	}
	if ctx.Err() != nil {
		// A signal while start-up waited on Slack: stop before anything
		// runs, rather than start it all with an ended context and log
		// what that context's end cuts short as errors.
		logger.Info("stopped during start-up")
		return nil
	}
	if o.Live {
		if err := db.MarkLive(ctx, liveMark(cfg.DB)); err != nil {
			return err
		}
	}
	b, sched := wireBot(cfg, o, sl, db, reg, clk, logger)
	// What was given up while no process could say so (a crash right
	// after): settled before anything else runs.
	b.SettleUndelivered(ctx)
	file, err := openedFile(db, logger)
	if err != nil {
		return err
	}
	health.wire(healthHandler(db, file, b, reg))

	started = true
	r := startParts(ctx, health, b, sched, cfg.AppToken)
	a := &app{DB: db, Bot: b, Scheduler: sched, Metrics: reg, HTTPAddr: health.addr}
	// What the configuration was read as, so that an operator sees
	// defaults and values as they are used (never the tokens).
	logger.Info("mentorbot started", "version", versionString(), "db", absFile(cfg.DB), "http", a.HTTPAddr, "startup", time.Since(start),
		"admins", len(cfg.Admins), "remind_before", durations(cfg.RemindBefore), "agenda_prompt_before", cfg.AgendaPromptBefore.String(),
		"followup_after", cfg.FollowupAfter.String(), "checkin_schedule", cfg.CheckinSchedule, "quiet_hours", cmp.Or(cfg.QuietHours, "off"),
		"default_tz", cfg.DefaultTZ.String())
	if o.Ready != nil {
		o.Ready(a.HTTPAddr)
	}
	if o.Started != nil {
		o.Started(a)
	}
	return r.shutDownWhenDone(ctx, health, sl, logger)
}

// healthServer is the HTTP server of /healthz and /metrics. It serves from
// the moment it listens: until the bot is wired, every path answers 503
// "starting", so that a probe during a migration or a slow auth.test is
// told so rather than left waiting on a listener nobody serves.
type healthServer struct {
	srv    *http.Server
	addr   string                       // the address it listens on (port 0 resolved)
	wired  atomic.Pointer[http.Handler] // nil until the bot is wired
	served chan error                   // what srv.Serve returned
}

// listenHealth listens on addr and serves "starting" there until wire.
func listenHealth(addr string) (*healthServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on MENTORBOT_HTTP_ADDR %s: %w", addr, err)
	}
	h := &healthServer{addr: ln.Addr().String(), served: make(chan error, 1)}
	h.srv = &http.Server{Handler: http.HandlerFunc(h.serveHTTP), ReadHeaderTimeout: 5 * time.Second}
	go func() { h.served <- h.srv.Serve(ln) }()
	return h, nil
}

func (h *healthServer) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if wired := h.wired.Load(); wired != nil {
		(*wired).ServeHTTP(w, r)
		return
	}
	http.Error(w, "starting", http.StatusServiceUnavailable)
}

// wire hands every request from now on to handler.
func (h *healthServer) wire(handler http.Handler) { h.wired.Store(&handler) }

// close stops the server at once, for a start-up that stopped early.
func (h *healthServer) close() {
	_ = h.srv.Close()
	<-h.served
}

// newMetrics is the registry of /metrics, with the database's write health
// in it from the start.
func newMetrics(db *store.DB) *metrics.Registry {
	reg := metrics.New()
	reg.GaugeFunc("mentorbot_db_writes_failing", "1 while the database refuses writes for want of space or an I/O error (within the last minute).",
		func(_ context.Context, emit func(string, float64)) {
			v := 0.0
			if db.WriteHealth() != nil {
				v = 1
			}
			emit("", v)
		})
	reg.GaugeFunc("mentorbot_db_locked", "1 while another connection holds the database locked past the busy timeout, so that writes are refused or, on an idle bot, would be (within the last minute): a long backup, or another program with the file open.",
		func(_ context.Context, emit func(string, float64)) {
			v := 0.0
			if db.LockedRecently() {
				v = 1
			}
			emit("", v)
		})
	reg.GaugeFunc("mentorbot_db_damaged", "1 once a read or write found the database file damaged (SQLite: database disk image is malformed, or not a database): restore a backup.",
		func(_ context.Context, emit func(string, float64)) {
			v := 0.0
			if db.Damage() != nil {
				v = 1
			}
			emit("", v)
		})
	return reg
}

// newSlack is the bot's Web API client, with each request bounded by
// o.SlackTimeout and paced by o.SlackLimits.
func newSlack(cfg config, o serveOptions, db *store.DB, reg *metrics.Registry, clk clock.Clock, logger *slog.Logger) *bot.Slack {
	timeout := o.SlackTimeout
	if timeout <= 0 {
		timeout = defaultSlackTimeout
	}
	httpClient := o.HTTPClient
	if httpClient == nil {
		httpClient = &http.Client{Timeout: timeout, Transport: bot.TrimAnswers(slackTransport())}
	}
	api := slack.New(cfg.BotToken,
		slack.OptionHTTPClient(httpClient),
		slack.OptionAPIURL(cfg.APIURL),
		slack.OptionAppLevelToken(cfg.AppToken),
		slack.OptionLog(slog.NewLogLogger(logger.With("component", "slack-go").Handler(), slog.LevelDebug)),
	)
	limits := o.SlackLimits
	if limits == nil {
		limits = bot.SlackLimits()
	}
	return &bot.Slack{API: api, DB: db, Log: logger.With("component", "slack"), Metrics: reg,
		Wait: clock.Or(o.NetWait), ProfileTTL: 12 * time.Hour, Now: clk.Now, HTTP: httpClient, Limits: limits}
}

// wireBot builds the bot and the scheduler on sl, sharing one notifier,
// with the programme's settings from cfg.
func wireBot(cfg config, o serveOptions, sl *bot.Slack, db *store.DB, reg *metrics.Registry, clk clock.Clock, logger *slog.Logger) (*bot.Bot, *scheduler.Scheduler) {
	// With two or more, a command typed while Slack refreshes one
	// connection reaches another (bot.Options.Sockets).
	sockets := make([]*socketmode.Client, cfg.SocketConns)
	for i := range sockets {
		sockets[i] = socketmode.New(sl.API,
			socketmode.OptionLog(slog.NewLogLogger(logger.With("component", "socketmode", "conn", i+1).Handler(), slog.LevelDebug)),
		)
	}
	botCfg := bot.Config{Config: cfg.schedulerConfig(), Admins: cfg.Admins}
	notifier := &bot.Notifier{Slack: sl, DB: db, Config: botCfg, Clock: clk, Log: logger.With("component", "notifier")}
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: notifier, Clock: clk, Logger: logger.With("component", "scheduler"),
		Metrics: reg, SendRate: sl.PostRate(), Config: botCfg.Config})
	b := bot.New(bot.Options{Slack: sl, Sockets: sockets, DB: db, Clock: clk, Logger: logger.With("component", "bot"),
		Metrics: reg, Config: botCfg, Scheduler: sched, Notifier: notifier, ShutdownGrace: o.ShutdownGrace})
	return b, sched
}

// running is the health server, the bot and the scheduler at work, each in
// its goroutine.
type running struct {
	cancel context.CancelFunc // ends the context they run under
	wg     sync.WaitGroup
	errc   chan error // what stopped one of them on its own
}

// startParts runs the bot and the scheduler, and watches the health
// server, until ctx ends or shutDownWhenDone.
func startParts(ctx context.Context, health *healthServer, b *bot.Bot, sched *scheduler.Scheduler, appToken string) *running {
	r := &running{errc: make(chan error, 3)}
	ctx, r.cancel = context.WithCancel(ctx)
	r.wg.Go(func() {
		if err := <-health.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			r.errc <- fmt.Errorf("health server: %w", err)
		}
	})
	r.wg.Go(func() {
		if err := b.Run(ctx); err != nil {
			if code, ok := authFailure(err); ok {
				err = &configError{"SLACK_APP_TOKEN", redact(appToken), "Slack refused it (" + code + "); create an app-level token with connections:write"}
			}
			r.errc <- err
		}
	})
	r.wg.Go(func() {
		if err := sched.Run(ctx); err != nil {
			r.errc <- err
		}
	})
	return r
}

// shutDownWhenDone waits until ctx (startParts') ends or a part stops on
// its own, then shuts down: the health server stops taking requests, the bot
// and the scheduler finish their in-flight work, and what sl still sends
// goes out. It returns the error that stopped a part, if one did.
func (r *running) shutDownWhenDone(ctx context.Context, health *healthServer, sl *bot.Slack, logger *slog.Logger) error {
	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-r.errc:
		logger.Error("stopping", "err", runErr)
	}
	logger.Info("shutting down: finishing in-flight work")
	r.cancel()
	shutCtx, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	_ = health.srv.Shutdown(shutCtx)
	r.wg.Wait()
	sl.Drain()
	logger.Info("stopped")
	return runErr
}

// healthHandler serves /healthz (ready when the database answers, is not
// damaged and takes writes, and Socket Mode is connected) and /metrics.
func healthHandler(db *store.DB, file dbFile, b *bot.Bot, reg *metrics.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		// Before the ping, which a file that is no database at all fails
		// too: the reason, and what to do, is the more useful answer.
		if err := db.Damage(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database:", err)
			return
		}
		if err := db.Ping(r.Context()); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database: down")
			return
		}
		// The open file answers still, but what is written to it is lost
		// at the next start, which opens (or creates) what the path names.
		if err := file.check(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database:", err)
			return
		}
		// The database answers reads but refuses writes (a full disk):
		// nothing can be recorded, so not ready.
		if err := db.WriteHealth(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database:", err)
			return
		}
		if !b.Connected() {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "socket mode: not connected")
			return
		}
		// Connected, but nothing can be sent: the bot token was refused.
		if code := b.TokenRefused(); code != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "slack: the bot token is refused (%s)\n", code)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		// A scrape given up on stops its queries (the queue's count).
		_ = reg.WriteText(r.Context(), w)
	})
	return mux
}

// slackTransport keeps enough connections to Slack open for every
// dispatcher worker and handler at once: with net/http's default of two
// idle ones per host, a fan-out closed its connections after each send and
// opened (with a TLS handshake, against Slack) new ones for the next.
func slackTransport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return tr
}

// checkBotToken asks Slack whether the bot token is good (auth.test), so
// that a mistyped token stops start-up with a line naming it instead of
// failing at the first DM. Slack being unreachable does not stop start-up:
// the bot retries, and /healthz says it is not ready meanwhile.
func checkBotToken(ctx context.Context, api *slack.Client, cfg config, logger *slog.Logger) error {
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := api.AuthTestContext(tctx)
	if err == nil || ctx.Err() != nil { // cut short by a shutdown: nothing to tell
		return nil
	}
	if code, ok := authFailure(err); ok {
		return &configError{"SLACK_BOT_TOKEN", redact(cfg.BotToken), "Slack refused it (" + code + "); copy the Bot User OAuth Token again"}
	}
	// Something answers there, but not Slack's Web API: a wrong path, or
	// a web page.
	var sc slack.StatusCodeError
	var se slack.SlackErrorResponse
	var syntax *json.SyntaxError
	var wrong string
	switch {
	case errors.As(err, &sc) && (sc.Code == http.StatusNotFound || sc.Code == http.StatusMethodNotAllowed):
		wrong = fmt.Sprintf("auth.test is not there (HTTP %d); give the Web API's base URL, like %s", sc.Code, slackAPIDefault)
	case errors.As(err, &se) && se.Err == "unknown_method" || errors.As(err, &syntax):
		wrong = fmt.Sprintf("what answers there is not Slack's Web API (%v); give its base URL, like %s", err, slackAPIDefault)
	}
	if wrong != "" && !answersSocketMode(ctx, api) {
		return &configError{"SLACK_API_URL", cfg.APIURL, wrong}
	}
	logger.Warn("could not check the bot token with auth.test; going on", "err", err)
	return nil
}

// answersSocketMode reports whether the Web API at the configured URL
// opens a Socket Mode connection (apps.connections.open), the one method
// the bot cannot run without. A stand-in for Slack (a company's proxy, a
// test double) may answer that and not auth.test: it is no wrong URL. The
// URL it hands out is left unused; Slack lets such URLs lapse.
func answersSocketMode(ctx context.Context, api *slack.Client) bool {
	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, _, err := api.StartSocketModeContext(tctx)
	return err == nil
}

// authFailure reports whether Slack refused a token, and its error code.
func authFailure(err error) (string, bool) {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return "", false
	}
	if !bot.IsAppTokenRefusal(se.Err) {
		return "", false
	}
	return se.Err, true
}

// absFile is path made absolute, through any symbolic links, so that two
// ways of naming one file compare equal; as given when it cannot be.
func absFile(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

// dbFile is the database file as opened: /healthz checks that its path
// still names it.
type dbFile struct {
	path   string
	opened os.FileInfo
	log    *slog.Logger
	told   *atomic.Bool // the loss was logged
}

// openedFile is db's file as the store opened it (store.DB.OpenedFile).
func openedFile(db *store.DB, log *slog.Logger) (dbFile, error) {
	path := db.Path()
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return dbFile{}, nil // no file of its own, or named by SQLite's URI
	}
	fi := db.OpenedFile()
	if fi == nil {
		return dbFile{}, fmt.Errorf("database file %s: not found when it was opened", path)
	}
	return dbFile{path: path, opened: fi, log: log, told: new(atomic.Bool)}, nil
}

// check reports the file removed, or replaced by another, since it was
// opened.
func (f dbFile) check() error {
	if f.opened == nil {
		return nil
	}
	fi, err := os.Stat(f.path)
	var gone error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		gone = fmt.Errorf("the file %s was removed while open", f.path)
	case err != nil:
		return fmt.Errorf("the file %s: %w", f.path, err)
	case !os.SameFile(fi, f.opened):
		gone = fmt.Errorf("the file %s was replaced while open", f.path)
	default:
		f.told.Store(false)
		return nil
	}
	// Once, not at every probe. The open file is the only copy of what
	// was written: a restart would open (or create) what the path names.
	if !f.told.Swap(true) {
		f.log.Error("the database file is gone from under the running bot; what it writes now is lost at the next start. "+
			"Copy the open file (/proc/PID/fd/N of this process) back to its path before restarting", "err", gone, "pid", os.Getpid())
	}
	return fmt.Errorf("%w; what is written now is lost at the next start: copy the open file (/proc/%d/fd) back before restarting", gone, os.Getpid())
}

// durations writes ds as they are typed: "24h0m0s,1h0m0s".
func durations(ds []time.Duration) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.String()
	}
	return strings.Join(out, ",")
}
