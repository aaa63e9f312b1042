package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/playground"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// The people of the playground's workspace, in different time zones. The
// role is the one the welcome suggests (Alice mentors Bob), shown until
// the programme's first pair is made; from then on the page shows the
// pairs that are (playgroundTitles).
var playgroundPeople = []struct {
	user        slacksim.User
	role, place string
}{
	{slacksim.User{ID: "UALICE", Name: "alice", RealName: "Alice Adams", TZ: "Europe/Berlin"}, "mentor", "Berlin"},
	{slacksim.User{ID: "UBOB", Name: "bob", RealName: "Bob Brown", TZ: "America/New_York"}, "mentee", "New York"},
	{slacksim.User{ID: "UDANA", Name: "dana", RealName: "Dana Diaz", TZ: "Europe/London"}, "programme admin", "London"},
	{slacksim.User{ID: "UCAROL", Name: "carol", RealName: "Carol Chen", TZ: "Asia/Tokyo"}, "not in a pair", "Tokyo"},
	{slacksim.User{ID: "UERIN", Name: "erin", RealName: "Erin Evans", TZ: "America/Los_Angeles"}, "mentor", "Los Angeles"},
	{slacksim.User{ID: "UFARID", Name: "farid", RealName: "Farid Khan", TZ: "Asia/Kolkata"}, "mentee", "Bengaluru"},
	// No zone in the profile, as happens in Slack: the bot reads their
	// times in MENTORBOT_DEFAULT_TZ.
	{slacksim.User{ID: "UGUS", Name: "gus", RealName: "Gus Green"}, "not in a pair", "no time zone in Slack"},
}

// playgroundTitles are the people's titles in the person switcher as the
// programme is, given its pairs, ended ones included: each one's live
// pairs ("mentor of Bob", "mentee of Alice") or "not in a pair", and
// their place; Dana is the programme admin as well. Before any pair is
// made, the roles the welcome suggests (nil); once one has been, the
// suggestion no longer holds, even when every pair has ended.
func playgroundTitles(pairs []store.Pair) map[string]string {
	if len(pairs) == 0 {
		return nil
	}
	first := map[string]string{}
	for _, p := range playgroundPeople {
		first[p.user.ID] = strings.Fields(p.user.RealName)[0]
	}
	name := func(id string) string {
		if n, ok := first[id]; ok {
			return n
		}
		return id
	}
	roles := map[string][]string{}
	for _, p := range pairs {
		if !p.Live() {
			continue
		}
		roles[p.MentorID] = append(roles[p.MentorID], "mentor of "+name(p.MenteeID))
		roles[p.MenteeID] = append(roles[p.MenteeID], "mentee of "+name(p.MentorID))
	}
	titles := map[string]string{}
	for _, p := range playgroundPeople {
		parts := roles[p.user.ID]
		if len(parts) == 0 {
			parts = []string{"not in a pair"}
		}
		if p.user.ID == playgroundAdmin {
			parts = append([]string{"programme admin"}, parts...)
		}
		titles[p.user.ID] = strings.Join(append(parts, p.place), " · ")
	}
	return titles
}

const (
	playgroundAdmin   = "UDANA"
	playgroundGeneral = "C0GENERAL"
)

// cmdPlayground runs the real bot, wired exactly as `run` wires it, against
// the built-in Slack simulator on a virtual clock, and serves a web page
// that plays Slack for the people of a small workspace.
func cmdPlayground(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	addr, err := playgroundFlags(args, stderr)
	if err != nil {
		return err
	}
	// The web page's address first: one that is taken or impossible is
	// refused before the bot starts, not after it has begun its work.
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		// Most often the playground started earlier, still running in
		// another terminal.
		return fmt.Errorf("playground: listen on -addr %s: %w (another playground running? stop it, or pick another -addr, e.g. -addr 127.0.0.1:0 for any free port)", addr, err)
	}
	if err != nil {
		return fmt.Errorf("playground: listen on -addr %s: %w", addr, err)
	}
	defer ln.Close() // web.Serve's from when it runs; closing twice is harmless

	level, err := logLevel(env, slog.LevelWarn)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, logOptions(level)))

	dbPath, dbNote, removeDB, err := playgroundDB(env)
	if err != nil {
		return err
	}
	defer removeDB()
	// Every setting is checked before the database is opened: opening
	// migrates it, and a kept database an older binary serves from would
	// be upgraded out of its reach by a start that then stopped on a typo.
	cfg, err := playgroundConfig(env, dbPath)
	if err != nil {
		return err
	}
	start, resumed, err := playgroundStart(ctx, dbPath, openLogger(env, stderr, logger))
	if err != nil {
		return err
	}
	clk := clock.NewFake(start)
	sim, people, err := playgroundSim(clk, logger)
	if err != nil {
		return err
	}
	defer sim.Close()
	cfg.BotToken, cfg.AppToken = sim.BotToken(), sim.AppToken()
	cfg.APIURL = strings.TrimRight(sim.APIURL(), "/") + "/" // as loadConfig writes it

	interrupted := ctx.Err // the caller's: ctx is this run's below
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, served, err := startPlaygroundBot(ctx, cfg, clk, logger)
	if err != nil {
		return err
	}
	// Wait for Socket Mode, so that the first command does not race the
	// connection.
	connCtx, connDone := context.WithTimeout(ctx, 15*time.Second)
	err = sim.WaitConnected(connCtx)
	connDone()
	if err != nil {
		cancel()
		<-served
		if interrupted() != nil {
			return nil // Ctrl+C while connecting
		}
		return fmt.Errorf("playground: the bot did not connect to the simulator: %w", err)
	}

	// The demo seeds a programme from scratch: offered again on a kept
	// database that has one, it would add every goal and session twice.
	pairs, err := a.DB.AllPairs(ctx, true)
	if err != nil {
		cancel()
		<-served
		return fmt.Errorf("playground: %w", err)
	}
	pg := newPlayground(a, sim, clk, people, dbNote, len(pairs) == 0, logger)
	web := &http.Server{Handler: pg.Handler(), ReadHeaderTimeout: 10 * time.Second}
	webErr := make(chan error, 1)
	go func() { webErr <- web.Serve(ln) }()
	httpAddr, _ := env("MENTORBOT_HTTP_ADDR")
	httpAddrSet := strings.TrimSpace(httpAddr) != "" // empty is unset, as for run
	printPlaygroundBanner(stdout, ln.Addr(), start, resumed, len(pairs) > 0, dbNote, a.HTTPAddr, httpAddrSet, cfg.Admins)

	runErr := playgroundUntilDone(ctx, webErr, served)
	pg.Close()
	shutCtx, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	_ = web.Shutdown(shutCtx)
	cancel()
	if err := <-served; err != nil && runErr == nil {
		runErr = fmt.Errorf("playground: bot: %w", err)
	}
	return runErr
}

// playgroundFlags reads the playground's command line: the web page's
// address.
func playgroundFlags(args []string, stderr io.Writer) (addr string, err error) {
	fs := flag.NewFlagSet("playground", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&addr, "addr", "127.0.0.1:8090", "`address` of the playground's web page (port 0 picks a free port)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mentorbot playground [-addr 127.0.0.1:8090]")
		fmt.Fprintln(stderr, "\nThe bot against a built-in Slack simulator with a virtual clock, in your browser. No Slack account, no tokens, no network.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("playground: unexpected arguments %q", fs.Args())
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return "", fmt.Errorf("playground: -addr %q: want host:port, e.g. 127.0.0.1:8090", addr)
	}
	return addr, nil
}

// playgroundDB is the database's path: MENTORBOT_DB if set, else a file
// in a new temporary folder that remove deletes. note says which it is,
// for the page and the banner.
func playgroundDB(env func(string) (string, bool)) (path, note string, remove func(), err error) {
	path, _ = env("MENTORBOT_DB")
	if path != "" {
		return path, path, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "mentorbot-playground-")
	if err != nil {
		return "", "", nil, fmt.Errorf("playground: temporary folder for the database: %w", err)
	}
	path = filepath.Join(dir, "mentorbot.db")
	return path, path + " (new and temporary; set MENTORBOT_DB to keep one)", func() { os.RemoveAll(dir) }, nil
}

// openLogger is the logger of the playground's first opening of the
// database, which upgrades a kept one: the migrations it applies and the
// permissions it tightens are logged at INFO, as `run` logs them, also
// at the playground's quieter default (WARN). A level that was set is
// kept.
func openLogger(env func(string) (string, bool), stderr io.Writer, logger *slog.Logger) *slog.Logger {
	if v, _ := env("MENTORBOT_LOG_LEVEL"); v != "" {
		return logger
	}
	return slog.New(slog.NewTextHandler(stderr, logOptions(slog.LevelInfo)))
}

// playgroundStart is when the virtual clock starts: now, or, for a kept
// database that has seen later, just after the latest time it saw
// (resumed). A clock that went back would put its meetings and goals in
// the future again. Opening the database brings its schema up to date,
// logging to logger.
func playgroundStart(ctx context.Context, dbPath string, logger *slog.Logger) (start time.Time, resumed bool, err error) {
	start = time.Now().Round(time.Minute)
	last, err := latestTime(ctx, dbPath, logger)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("playground: %w", err)
	}
	if last.After(start) {
		return last.Add(time.Minute).Truncate(time.Minute), true, nil
	}
	return start, false, nil
}

// playgroundSim starts the Slack simulator with the playground's people
// in its workspace.
func playgroundSim(clk clock.Clock, logger *slog.Logger) (*slacksim.Server, []playground.Person, error) {
	sim, err := slacksim.Listen(slacksim.Options{Clock: clk, Logger: logger})
	if err != nil {
		return nil, nil, fmt.Errorf("playground: Slack simulator: %w", err)
	}
	var people []playground.Person
	for _, p := range playgroundPeople {
		sim.AddUser(p.user)
		people = append(people, playground.Person{ID: p.user.ID, Title: p.role + " · " + p.place})
	}
	return sim, people, nil
}

// playgroundConfig is the bot's configuration, checked before the
// database is opened: the environment's timing settings, with the
// database and the health address the playground's own. Slack's tokens
// and URL are left for the simulator's, which starts later (it runs on
// the clock the database sets). The health address is any free port,
// also when MENTORBOT_HTTP_ADDR is set (the Dockerfile sets it): the
// playground starts beside a bot, and a probe of the bot's port never
// finds it. Dana is always an admin, whom the page's welcome presents as
// one; the admins in MENTORBOT_ADMINS are admins too.
func playgroundConfig(env func(string) (string, bool), dbPath string) (config, error) {
	overrides := map[string]string{
		// The simulator's, not a value set for `run` to check.
		"SLACK_API_URL":       slackAPIDefault,
		"MENTORBOT_DB":        dbPath,
		"MENTORBOT_HTTP_ADDR": "127.0.0.1:0",
	}
	cfg, err := loadConfig(func(k string) (string, bool) {
		if v, ok := overrides[k]; ok {
			return v, true
		}
		return env(k)
	}, false)
	if err != nil {
		return config{}, fmt.Errorf("playground: %w", err)
	}
	// Dana is added after the check, so that a bad MENTORBOT_ADMINS is
	// quoted as it was set.
	if !slices.Contains(cfg.Admins, playgroundAdmin) {
		cfg.Admins = append([]string{playgroundAdmin}, cfg.Admins...)
	}
	return cfg, nil
}

// startPlaygroundBot runs the bot as `run` does until ctx ends, and
// returns its parts once they are wired. served gets serve's return.
func startPlaygroundBot(ctx context.Context, cfg config, clk clock.Clock, logger *slog.Logger) (*app, chan error, error) {
	started := make(chan *app, 1)
	served := make(chan error, 1)
	go func() {
		served <- serve(ctx, cfg, serveOptions{Clock: clk, Logger: logger, Started: func(a *app) { started <- a }})
	}()
	select {
	case a := <-started:
		return a, served, nil
	case err := <-served:
		if err == nil {
			err = errors.New("stopped before it started")
		}
		return nil, nil, fmt.Errorf("playground: bot: %w", err)
	}
}

// newPlayground is the web page's side of the playground, on the bot a;
// demo says whether to offer seeding a demo programme.
func newPlayground(a *app, sim *slacksim.Server, clk *clock.Fake, people []playground.Person, dbNote string, demo bool, logger *slog.Logger) *playground.Server {
	var script func(context.Context, time.Time) []playground.Step
	if demo {
		script = func(ctx context.Context, now time.Time) []playground.Step {
			// Pairs made since the page opened (the welcome's first
			// steps) would be made twice, and goals added on top.
			pairs, err := a.DB.AllPairs(ctx, true)
			if err != nil {
				// Unknown is not empty: seeding on top of pairs would
				// make them twice.
				logger.Error("playground: look for pairs before the demo", "err", err)
				return nil
			}
			if len(pairs) > 0 {
				return nil
			}
			return playgroundDemo(now)
		}
	}
	pg := playground.New(playground.Options{
		Sim:      sim,
		Clock:    clk,
		People:   people,
		Start:    playgroundAdmin,
		Channels: []playground.Channel{{ID: playgroundGeneral, Name: "general"}},
		Commands: []string{"/mentor", "/goal", "/session"},
		NextWake: a.DB.NextDue,
		NextPlan: func(ctx context.Context) (time.Time, bool) {
			// Without a live pair nothing planned later could be due:
			// "next" keeps the clock where it is.
			pairs, err := a.DB.AllPairs(ctx, false)
			if err != nil {
				logger.Error("playground: look for pairs to plan ahead for", "err", err)
			}
			if err != nil || len(pairs) == 0 {
				return time.Time{}, false
			}
			return a.Scheduler.NextPlan()
		},
		NextFor: func(ctx context.Context, due time.Time) ([]string, error) {
			return nextRecipients(ctx, a.DB, due)
		},
		Settle: func(ctx context.Context) error {
			// The clock moved: a kept database reopened later carries on
			// from here (latestTime).
			if err := a.DB.NoteClock(ctx, clk.Now()); err != nil {
				return err
			}
			return settleDue(ctx, a, clk)
		},
		Demo: script,
		Titles: func(ctx context.Context) (map[string]string, error) {
			pairs, err := a.DB.AllPairs(ctx, true)
			if err != nil {
				return nil, err
			}
			return playgroundTitles(pairs), nil
		},
		Info:   "Database: " + dbNote,
		Logger: logger,
	})
	welcome := playgroundWelcome
	if demo {
		welcome += "\n" + playgroundDemoNote
	}
	pg.AddNote("", welcome)
	return pg
}

// nextRecipients is whom the notifications due at due are for (NextDue's
// time: a pending one's due time or a failed send's retry), in order.
func nextRecipients(ctx context.Context, db *store.DB, due time.Time) ([]string, error) {
	var who []string
	add := func(id string) {
		if id != "" && !slices.Contains(who, id) {
			who = append(who, id)
		}
	}
	pending, err := db.Notifications(ctx, store.NoteFilter{Status: store.NotePending, Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, n := range pending {
		if n.DueAt.Equal(due) {
			add(n.RecipientID)
		}
	}
	retrying, err := db.Notifications(ctx, store.NoteFilter{Status: store.NoteSending, Limit: 50})
	if err != nil {
		return nil, err
	}
	for _, n := range retrying {
		if n.LastError != "" && n.LeaseUntil.Equal(due) {
			add(n.RecipientID)
		}
	}
	return who, nil
}

// printPlaygroundBanner tells where the page is, when its clock starts,
// which database it keeps (kept: one with a programme in it already) and
// where the bot's health and metrics are.
func printPlaygroundBanner(stdout io.Writer, addr net.Addr, start time.Time, resumed, kept bool, dbNote, health string, httpAddrSet bool, admins []string) {
	fmt.Fprintf(stdout, "mentorbot playground: open http://%s/\n", browsable(addr))
	if !loopback(addr) {
		// The page has no login, and its database may be a copy of a
		// real programme's (a backup), private notes and all.
		fmt.Fprintln(stdout, "  warning: other machines can reach this page, and it has no login; -addr 127.0.0.1:8090 keeps it to this one")
	}
	if resumed {
		fmt.Fprintf(stdout, "  virtual clock carries on from the database, at %s; it only moves when you move it\n", start.UTC().Format("Mon 2 Jan 2006 15:04 UTC"))
	} else {
		fmt.Fprintf(stdout, "  virtual clock starts at %s; it only moves when you move it\n", start.UTC().Format("Mon 2 Jan 2006 15:04 UTC"))
	}
	if kept {
		// The simulated Slack lives in memory; the programme is in the database.
		fmt.Fprintln(stdout, "  the programme is as you left it; the messages sent before are not kept, as the simulated Slack starts empty")
	}
	fmt.Fprintf(stdout, "  database: %s\n", dbNote)
	if more := slices.DeleteFunc(slices.Clone(admins), func(id string) bool { return id == playgroundAdmin }); len(more) > 0 {
		fmt.Fprintf(stdout, "  admins: Dana, and %s from MENTORBOT_ADMINS\n", strings.Join(more, ", "))
	}
	if health != "" {
		fmt.Fprintf(stdout, "  the bot's health and metrics: http://%s/healthz and /metrics\n", health)
		if httpAddrSet {
			fmt.Fprintln(stdout, "  (MENTORBOT_HTTP_ADDR is for `run`: the playground takes a free port, so that it can start beside a running bot)")
		}
	}
	fmt.Fprintln(stdout, "  press Ctrl+C to stop")
}

// playgroundUntilDone waits until ctx ends, the web server fails or the
// bot stops on its own, and says which of the last two stopped it. A
// bot's return is put back in served for the shutdown to read.
func playgroundUntilDone(ctx context.Context, webErr, served chan error) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-webErr:
		return fmt.Errorf("playground: web server: %w", err)
	case err := <-served:
		// The bot stopped on its own: nothing left to play with.
		if err == nil {
			err = errors.New("stopped")
		}
		served <- err
		return fmt.Errorf("playground: bot: %w", err)
	}
}

// browsable turns a listen address into one a browser can open: an
// unspecified host (":8090", "0.0.0.0") becomes localhost.
// loopback reports whether a is an address only this machine reaches.
func loopback(a net.Addr) bool {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

func browsable(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// settleDue lets what is due at the clock's current time go out: it runs
// the dispatcher until nothing due is pending and nothing is in flight, or
// a few seconds have passed.
func settleDue(ctx context.Context, a *app, clk *clock.Fake) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := a.Scheduler.DispatchDue(ctx); err != nil {
			return err
		}
		now := clk.Now()
		pending, err := a.DB.Notifications(ctx, store.NoteFilter{Status: store.NotePending})
		if err != nil {
			return err
		}
		sending, err := a.DB.Notifications(ctx, store.NoteFilter{Status: store.NoteSending})
		if err != nil {
			return err
		}
		due, _ := dueNow(pending, sending, now)
		busy := due > 0
		for _, n := range sending {
			// Claimed and not waiting for a retry: another dispatcher is sending it.
			if n.LastError == "" && n.LeaseUntil.After(now) {
				busy = true
				break
			}
		}
		if !busy || time.Now().After(deadline) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// dueNow counts the pending notifications that a pass at now would send:
// those due, but for the ones whose recipient waits for a young retry
// (store.HoldsBack, as the store's claim goes by), which go after it, at
// its time. It returns the claims they wait for. The playground's
// settling and the tests' share it: a DM the claim leaves out is no
// reason to go on.
func dueNow(pending, sending []store.Notification, now time.Time) (int, []store.Notification) {
	waits := map[string]bool{}
	var retries []store.Notification
	for _, n := range sending {
		if store.HoldsBack(n, now) {
			waits[n.RecipientID] = true
			retries = append(retries, n)
		}
	}
	due := 0
	for _, n := range pending {
		if !n.DueAt.After(now) && !waits[n.RecipientID] {
			due++
		}
	}
	return due, retries
}

const playgroundWelcome = `:wave: *Welcome to the mentorbot playground.* This is a pretend Slack workspace with the real mentorbot in it; nothing leaves your computer.
• *Be someone:* pick a person on the left — Alice mentors, Bob is a mentee, Dana runs the programme (admin), Carol is not in a pair. Times show in each person's own zone.
• *Talk to the bot:* type ` + "`/mentor help`" + `, ` + "`/goal help`" + ` or ` + "`/session help`" + `. As Dana, start with ` + "`/mentor pair @alice @bob`" + `; as Bob, try ` + "`/goal add Give a talk at the Go meetup by end of quarter`" + `.
• *Move time:* the clock at the top stands still until you move it. Jump an hour, a day, a week or straight to the next notification, and the reminders, check-ins and nudges arrive as they would.`

// playgroundDemoNote ends the welcome when the demo is offered.
const playgroundDemoNote = `• Or press *Seed a demo programme* for a few pairs with goals, meetings and a logged session.`

// playgroundDemo is the script of the "seed a demo programme" button:
// the slash commands the people of a small programme would type, dated
// from now.
func playgroundDemo(now time.Time) []playground.Step {
	date := func(d time.Duration) string { return now.Add(d).Format("2006-01-02") }
	week := 7 * 24 * time.Hour
	day := strings.ToLower(now.Add(2 * 24 * time.Hour).Weekday().String()[:3])
	return []playground.Step{
		{User: "UDANA", Line: "/mentor pair @alice @bob"},
		{User: "UDANA", Line: "/mentor pair @erin @farid"},
		{User: "UBOB", Line: "/goal add Give a 20-minute talk at the Go meetup by " + date(10*week)},
		{User: "UBOB", Line: "/goal add Review 10 pull requests in the payments service by " + date(4*week)},
		{User: "UALICE", Line: "/mentor meet @bob weekly " + day + " 15:00"},
		{User: "UBOB", Line: "/mentor agenda Talk outline: which story do I tell?"},
		{User: "UALICE", Line: "/session log @bob Picked a talk topic and a rough outline. todo: draft the outline todo: @alice intro to the meetup organisers"},
		{User: "UBOB", Line: "/mentor feedback @alice The stories from your own first talk really helped."},
		{User: "UFARID", Line: "/goal add Lead one on-call week without escalations by " + date(6*week)},
		// 19:30 in Los Angeles is 09:00 the next morning in Kolkata:
		// daytime for both.
		{User: "UERIN", Line: "/mentor meet @farid biweekly " + day + " 19:30"},
		{User: "UCAROL", Line: "/mentor request @alice I would love help with public speaking"},
	}
}

// latestTime is the latest instant the database at path has a record of;
// zero when there is no database there yet. It brings the schema of one
// up to date, logging to logger.
func latestTime(ctx context.Context, path string, logger *slog.Logger) (time.Time, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return time.Time{}, nil
	}
	if err := refuseLive(ctx, path, logger); err != nil {
		return time.Time{}, err
	}
	db, err := store.Open(ctx, path, store.Options{Logger: logger})
	if err != nil {
		return time.Time{}, err
	}
	defer db.Close()
	return db.LatestTime(ctx)
}
