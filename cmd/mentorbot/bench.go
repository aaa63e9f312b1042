package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// benchResult is one measured figure, with the target for it
// where there is one.
type benchResult struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Target string  `json:"target,omitempty"`
	Pass   *bool   `json:"pass,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// benchOpts are the bench's flags.
type benchOpts struct {
	pairs      int
	rate       int
	dur        time.Duration
	fanout     int
	burst      int
	postLimit  float64
	cpuProfile string
	quick      bool
	// saveDB keeps a copy of the serving database as the week of daily
	// re-plans starts from it; replanDB measures only that week, on a
	// copy of such a database: an A/B comparison of the re-plans then
	// runs each binary on the same data, minutes apart rather than a
	// whole bench apart (the machine's speed drifts in between).
	saveDB, replanDB string
	// replanProfile is a CPU profile of the week of daily re-plans (with
	// each day's untimed marking of what fell due as sent); fullProfile
	// of the full re-plan after it.
	replanProfile, fullProfile string
}

// bench collects the figures of one run.
type bench struct {
	o       benchOpts
	dir     string
	results []benchResult
	// progress hears of each figure as it is measured: a full run takes
	// some fifteen minutes, and the table comes at the end.
	progress io.Writer
	began    time.Time
}

func (b *bench) add(name string, v float64, unit, note string) {
	b.record(benchResult{Name: name, Value: v, Unit: unit, Note: note})
}

// addTarget adds a figure with its target: pass says whether it is met.
func (b *bench) addTarget(name string, v float64, unit, target string, pass bool, note string) {
	b.record(benchResult{Name: name, Value: v, Unit: unit, Target: target, Pass: &pass, Note: note})
}

func (b *bench) record(r benchResult) {
	b.results = append(b.results, r)
	if b.progress != nil {
		fmt.Fprintf(b.progress, "bench: %6.0fs  %s: %.3f %s\n", time.Since(b.began).Seconds(), r.Name, r.Value, r.Unit)
	}
}

// cmdBench runs the real bot against the simulator on this machine and
// prints what it measured, as a table and as JSON: everything issue 9 asks
// for in one run. Three parts, each with its own database and simulator:
//
//  1. serving: 100,000 pairs with a year of history; start-up, the floor,
//     slash commands at a fixed rate, the scheduler's due-scan and a full
//     re-plan, peak RSS and the database's size. Real time: these figures
//     depend on the machine and on what else runs on it.
//  2. fan-out: 10,000 DMs due at once, sent by the real dispatcher through
//     the simulator's rate limits, on a virtual clock (bench_vclock.go).
//  3. burst: 4,000 check-ins due in the same minute, on a virtual clock.
func cmdBench(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o benchOpts
	fs.IntVar(&o.pairs, "pairs", 100000, "pairs seeded into the database, each with a year of history")
	fs.IntVar(&o.rate, "rate", 200, "slash commands per second")
	fs.DurationVar(&o.dur, "duration", 30*time.Second, "how long commands are sent")
	fs.IntVar(&o.fanout, "fanout", 10000, "DMs due at once in the fan-out")
	fs.IntVar(&o.burst, "burst", 4000, "check-ins due in the same minute in the burst")
	fs.Float64Var(&o.postLimit, "post-limit", slacksim.DefaultWorkspacePostLimit.PerMinute, "Slack's workspace-wide chat.postMessage limit a minute, as the simulator enforces it and the bot assumes it")
	fs.BoolVar(&o.quick, "quick", false, "a short run: 1,000 pairs, 2 s of commands, 400 DMs, a burst of 400 (flags given with it still count)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the bot's process (start-up, first plan, floor and commands) to this file")
	fs.StringVar(&o.saveDB, "save-db", "", "copy the serving database, as the daily re-plans start from it, to this file")
	fs.StringVar(&o.replanDB, "replan-db", "", "measure only the week of daily re-plans and the full re-plan, on a copy of this file saved by -save-db")
	fs.StringVar(&o.replanProfile, "replan-cpuprofile", "", "write a CPU profile of the week of daily re-plans to this file")
	fs.StringVar(&o.fullProfile, "full-cpuprofile", "", "write a CPU profile of the full re-plan to this file")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mentorbot bench [-quick] [flags]")
		fmt.Fprintln(stderr, "\nThe measured figures of speed and scale (README's table), as a table and JSON. A full run takes several minutes.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		// Ignored, they would start a run of minutes that is not the one
		// asked for.
		return fmt.Errorf("bench: unexpected arguments %q; it takes only flags (mentorbot bench -h lists them)", fs.Args())
	}
	if o.quick {
		// -quick shrinks what was not given: -quick -pairs 200 seeds 200.
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for name, small := range map[string]func(){
			"pairs":    func() { o.pairs = 1000 },
			"duration": func() { o.dur = 2 * time.Second },
			"fanout":   func() { o.fanout = 400 },
			"burst":    func() { o.burst = 400 },
		} {
			if !set[name] {
				small()
			}
		}
	}
	if o.rate < 1 || o.rate > 100000 {
		return fmt.Errorf("bench: -rate %d: give commands a second, from 1 to 100000", o.rate)
	}
	// Checked before anything runs: a zero or negative size fails (or
	// divides by zero) only minutes into the run.
	switch {
	case o.pairs < 1:
		return fmt.Errorf("bench: -pairs %d: give at least 1 pair", o.pairs)
	case o.dur <= 0:
		return fmt.Errorf("bench: -duration %s: give a positive duration, like 30s", o.dur)
	case o.fanout < 1:
		return fmt.Errorf("bench: -fanout %d: give at least 1 DM", o.fanout)
	case o.burst < 1:
		return fmt.Errorf("bench: -burst %d: give at least 1 check-in", o.burst)
	case !(o.postLimit > 0) || math.IsInf(o.postLimit, 0):
		return fmt.Errorf("bench: -post-limit %v: give Slack's limit a minute, a number above 0, like 300", o.postLimit)
	}
	dir, err := os.MkdirTemp("", "mentorbot-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b := &bench{o: o, dir: dir, progress: stderr, began: time.Now()}
	began := time.Now()
	if o.replanDB != "" {
		if err := b.replanOnly(ctx); err != nil {
			return err
		}
		return b.print(stdout)
	}
	if err := b.serving(ctx); err != nil {
		return err
	}
	if err := b.fanOut(ctx); err != nil {
		return err
	}
	if err := b.burst(ctx); err != nil {
		return err
	}
	b.add("bench run", time.Since(began).Seconds(), "s", "wall clock, all three parts")
	return b.print(stdout)
}

func (b *bench) print(w io.Writer) error {
	fmt.Fprintf(w, "mentorbot bench — %s, %d CPUs, %s/%s\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	// Columns as wide as their widest entry, so that scaled targets and
	// long figure names do not push the rest of their row out; a name
	// past 48 characters overflows on its own row rather than widen all.
	name, target := len("figure"), len("target")
	for _, r := range b.results {
		name, target = max(name, min(utf8.RuneCountInString(r.Name), 48)), max(target, utf8.RuneCountInString(r.Target))
	}
	fmt.Fprintf(w, "%-*s %12s  %-5s %-*s %-6s %s\n", name, "figure", "value", "unit", target, "target", "", "note")
	for _, r := range b.results {
		verdict := ""
		if r.Pass != nil {
			verdict = "MISS"
			if *r.Pass {
				verdict = "PASS"
			}
		}
		fmt.Fprintf(w, "%-*s %12.3f  %-5s %-*s %-6s %s\n", name, r.Name, r.Value, r.Unit, target, r.Target, verdict, r.Note)
	}
	js, err := json.MarshalIndent(map[string]any{"go": runtime.Version(), "cpus": runtime.NumCPU(), "results": b.results}, "", "  ")
	if err != nil {
		return fmt.Errorf("bench: figures as JSON: %w", err)
	}
	_, err = fmt.Fprintf(w, "\n%s\n", js)
	return err
}

// servingStart is the programme's "now" in the serving part: a Wednesday
// afternoon, the same in every run, so that the same things are due.
var servingStart = time.Date(2026, 11, 4, 14, 0, 0, 0, time.UTC)

// serving measures the bot at rest and under slash commands, in real time.
func (b *bench) serving(ctx context.Context) error {
	o := b.o
	dbPath := filepath.Join(b.dir, "serving.db")
	t0 := time.Now()
	seeded, err := seedBench(ctx, dbPath, seedSpec{Pairs: o.pairs, Now: servingStart, History: 365 * 24 * time.Hour,
		NoteWeeks: benchNoteWeeks, Zones: benchZones, PoolEvery: max(1, o.pairs/1000)})
	if err != nil {
		return err
	}
	b.add("seed", time.Since(t0).Seconds(), "s", fmt.Sprintf("%d pairs, a year of history, %d rows (%.0f a pair); wall clock", o.pairs, seeded.Rows, float64(seeded.Rows)/float64(max(1, o.pairs))))

	sim := slacksim.New(slacksim.Options{RateLimits: true, WorkspacePostLimit: slacksim.Limit{PerMinute: o.postLimit, Burst: slacksim.DefaultWorkspacePostLimit.Burst}})
	defer sim.Close()
	// Everybody, not only the people who type commands: the scheduler
	// sends the programme's reminders and check-ins while the bench runs.
	for _, id := range seeded.People {
		sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id), RealName: "Person " + id[1:], TZ: "Europe/Berlin"})
	}
	sim.AddUser(slacksim.User{ID: "UBENCHADMIN", Name: "admin", TZ: "UTC"})
	env := benchEnv(sim, dbPath)

	// The bot as a process of its own, as it runs in production: start-up,
	// the floor, the commands and its peak memory.
	startAt := time.Now()
	child, err := startBotProcess(env, servingStart, o.postLimit, o.cpuProfile)
	if err != nil {
		return err
	}
	defer child.stop()
	if err := waitHealthy(ctx, child.addr); err != nil {
		return err
	}
	startup := time.Since(startAt)
	b.addTarget("startup to ready /healthz", ms(startup), "ms", "< 300 ms", startup < 300*time.Millisecond,
		fmt.Sprintf("%d pairs in the database; from starting the process; wall clock", o.pairs))
	firstPlan, err := waitFirstPlan(ctx, child.metrics)
	switch {
	case errors.Is(err, errPlanning):
		b.add("first plan at start, all pairs", firstPlan.Seconds()*1000, "ms", "NOT FINISHED: still running when the commands began (they run beside it)")
	case err != nil:
		return err
	default:
		b.add("first plan at start, all pairs", firstPlan.Seconds()*1000, "ms", "Run's re-plan of a database with nothing pending; it runs in the background after ready")
	}

	// Floor: a bare envelope round trip the bot acks without work, and a
	// bare SQLite insert + select on the same file, each at the commands'
	// rate, as the commands are timed: an idle process woken for each one
	// pays for its wake-up, which a loop of back-to-back calls never does
	// (that figure is shown too).
	db, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		return err
	}
	var fl floors
	for _, paced := range []bool{false, true} {
		every := time.Duration(0)
		if paced {
			every = time.Second / time.Duration(o.rate)
		}
		ws, err := wsFloor(ctx, sim, 500, every)
		if err != nil {
			db.Close()
			return err
		}
		sq, err := sqliteFloor(ctx, db, 500, seeded.People, every)
		if err != nil {
			db.Close()
			return err
		}
		if paced {
			fl.ws, fl.sql = ws, sq
		} else {
			fl.wsLoop, fl.sqlLoop = ws, sq
		}
	}
	db.Close()
	b.add("floor: websocket round trip p50", ms(fl.ws), "ms", fmt.Sprintf("at %d a second, as the commands", o.rate))
	b.add("floor: sqlite insert+select p50", ms(fl.sql), "ms", fmt.Sprintf("at %d a second, as the commands", o.rate))
	b.add("floor, back to back: websocket round trip + sqlite insert+select p50", ms(fl.wsLoop+fl.sqlLoop), "ms",
		fmt.Sprintf("%.3f + %.3f ms, each call at once after the last: never idle, so no wake-up", ms(fl.wsLoop), ms(fl.sqlLoop)))

	if err := b.commands(ctx, sim, seeded.Pool, fl); err != nil {
		return err
	}
	if hwm, ok := child.peakRSS(); ok {
		mb := float64(hwm) / 1024
		b.addTarget("peak RSS of the bot", mb, "MB", "< 64 MB", mb < 64, "the bot's process (VmHWM), from start-up through the first plan and the commands")
	}
	if err := child.stop(); err != nil {
		return err
	}

	// Scheduler figures need its insides: the bot again, in this process,
	// on the same database (its start is a restart after the commands).
	cfg, err := benchConfig(sim, dbPath)
	if err != nil {
		return err
	}
	week := ctx // the week of re-plans runs after the bot stops
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan *app, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Clock: newOffsetClock(servingStart), Logger: slog.New(slog.DiscardHandler),
			SlackLimits: benchLimits(o.postLimit), Started: func(a *app) { ready <- a }})
	}()
	var a *app
	select {
	case a = <-ready:
	case err := <-done:
		return fmt.Errorf("bench: bot stopped: %w", err)
	}
	if err := waitHealthy(ctx, a.HTTPAddr); err != nil {
		return err
	}

	// Scheduler: one due-scan pass, and a full re-plan as after a restart
	// (everything planned already).
	// The scan is the dispatcher's question of what is due next among all
	// pending notifications; a whole DispatchDue pass would also send what
	// it finds, at Slack's pace, and time that instead.
	var scans []time.Duration
	for range 50 {
		s := time.Now()
		if _, _, err := a.DB.NextWake(ctx); err != nil {
			return err
		}
		scans = append(scans, time.Since(s))
	}
	scan := percentile(scans, 50)
	b.addTarget("scheduler due-scan pass p50", ms(scan), "ms", "< 5 ms", scan < 5*time.Millisecond, fmt.Sprintf("%d active pairs; wall clock", o.pairs))
	// A restart re-plans what changed since the last full plan (here: what
	// the commands changed), not every pair; see Scheduler.Start. The bot's
	// own Run started one too; this one waits for it when it is still
	// running, so the figure is until the restart's plan is done.
	s := time.Now()
	if err := a.Scheduler.Start(ctx); err != nil {
		return err
	}
	restart := time.Since(s)
	b.addTarget("scheduler re-plan at a restart", ms(restart), "ms", "< 2 s", restart < 2*time.Second,
		fmt.Sprintf("%d pairs; re-plans the pairs and people changed since the last full plan; wall clock", o.pairs))
	cancel()
	<-done
	var size int64
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		if st, err := os.Stat(f); err == nil {
			size += st.Size()
		}
	}
	if o.pairs > 0 {
		b.add("database size per pair", float64(size)/float64(o.pairs), "bytes", fmt.Sprintf("a year of history; sent notifications of the last %d weeks only", benchNoteWeeks))
	}
	if o.saveDB != "" {
		if err := copyDB(dbPath, o.saveDB); err != nil {
			return err
		}
	}
	return b.replanWeek(week, dbPath, cfg.schedulerConfig())
}

// replanOnly runs replanWeek on a copy of the database -save-db kept.
func (b *bench) replanOnly(ctx context.Context) error {
	dbPath := filepath.Join(b.dir, "replan.db")
	if err := copyDB(b.o.replanDB, dbPath); err != nil {
		return err
	}
	cfg, err := loadConfig(func(k string) (string, bool) {
		v, ok := map[string]string{"SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_APP_TOKEN": "xapp-bench", "MENTORBOT_DB": dbPath}[k]
		return v, ok
	}, true)
	if err != nil {
		return err
	}
	return b.replanWeek(ctx, dbPath, cfg.schedulerConfig())
}

// copyDB copies a database that no connection has open, with its WAL.
func copyDB(from, to string) error {
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(from + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			_ = os.Remove(to + suffix)
			continue
		}
		if err != nil {
			return fmt.Errorf("bench: copy the database: %w", err)
		}
		if err := os.WriteFile(to+suffix, data, 0o600); err != nil {
			return fmt.Errorf("bench: copy the database: %w", err)
		}
	}
	return nil
}

// replanWeek measures the daily re-plan on each of the seven days after
// the serving part, with the database as the dispatcher leaves it (what
// fell due is sent), and then a full re-plan checking every plan (what a
// change of configuration or of the planning rules runs; here neither
// changed what any plan says, as after most upgrades). Programme time moves on a fake clock;
// the figures are wall clock.
func (b *bench) replanWeek(ctx context.Context, dbPath string, cfg scheduler.Config) error {
	clk := clock.NewFake(servingStart)
	db, err := store.Open(ctx, dbPath, store.Options{Clock: clk})
	if err != nil {
		return err
	}
	defer db.Close()
	sched := scheduler.New(scheduler.Options{DB: db, Clock: clk, Config: cfg})
	var days []time.Duration
	stop, err := startCPUProfile(b.o.replanProfile)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer stop() // on an error; stopped after the week otherwise
	for d := 1; d <= 7; d++ {
		clk.Set(servingStart.Add(time.Duration(d) * 24 * time.Hour))
		if err := db.MarkSentUntil(ctx, clk.Now()); err != nil {
			return fmt.Errorf("bench: the day's sending: %w", err)
		}
		// A running bot checkpoints as it goes (store/checkpoint.go), so at
		// its daily re-plan the WAL holds minutes of commits, not a day's
		// sending written at once, which its checkpointer would otherwise
		// be copying beside the timed re-plan.
		if err := db.Checkpoint(ctx); err != nil {
			return fmt.Errorf("bench: the day's sending: %w", err)
		}
		s := time.Now()
		if err := sched.ReplanDue(ctx); err != nil {
			return err
		}
		days = append(days, time.Since(s))
	}
	stop()
	worst, mean := slices.Max(days), time.Duration(0)
	for _, d := range days {
		mean += d / time.Duration(len(days))
	}
	o := b.o
	bound, target := replanTarget(o.pairs)
	b.addTarget("scheduler daily re-plan, worst day of a week", ms(worst), "ms", target, worst < bound,
		fmt.Sprintf("%d pairs; brings every plan up to the day, visiting those that ran out; the days: %s; wall clock", o.pairs, msList(days)))
	b.add("scheduler daily re-plan, mean of the week", ms(mean), "ms", "wall clock")
	stopFull, err := startCPUProfile(b.o.fullProfile)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	s := time.Now()
	err = sched.ReplanAll(ctx)
	full := time.Since(s)
	stopFull()
	if err != nil {
		return err
	}
	b.addTarget("scheduler full re-plan, every plan checked", ms(full), "ms", target, full < bound,
		fmt.Sprintf("%d pairs, all planned already; runs after a change of configuration or of the planning rules; wall clock", o.pairs))
	return nil
}

// replanTarget is the 2 s for re-planning 100,000 pairs, held in
// proportion for a run of another size (-quick, -pairs), and its text in
// the table, which says so.
func replanTarget(pairs int) (time.Duration, string) {
	bound := 2 * time.Second * time.Duration(max(1, pairs)) / 100000
	if pairs == 100000 {
		return bound, "< 2 s"
	}
	return bound, fmt.Sprintf("< %v (2 s at 100k)", bound)
}

// startCPUProfile profiles the process's CPU into the file path until
// stop (which may be called more than once); no path, no profile.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			f.Close()
		})
	}, nil
}

// msList formats durations as milliseconds.
func msList(ds []time.Duration) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%.0f", ms(d)))
	}
	return strings.Join(parts, ", ") + " ms"
}

// benchNoteWeeks is how many weeks of sent notifications the serving
// database holds: the bot keeps every notification it sent (there is no
// retention yet), but a year of them (some 300 rows a pair) cannot be
// seeded in under a minute.
const benchNoteWeeks = 2

// benchEnv is the bot's configuration against sim, as environment
// variables.
func benchEnv(sim *slacksim.Server, dbPath string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":     sim.BotToken(),
		"SLACK_APP_TOKEN":     sim.AppToken(),
		"SLACK_API_URL":       sim.APIURL(),
		"MENTORBOT_DB":        dbPath,
		"MENTORBOT_HTTP_ADDR": "127.0.0.1:0",
		"MENTORBOT_ADMINS":    "UBENCHADMIN",
	}
}

// benchConfig is the bot's configuration against sim.
func benchConfig(sim *slacksim.Server, dbPath string) (config, error) {
	env := benchEnv(sim, dbPath)
	return loadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok }, true)
}

// benchLimits are Slack's limits as the bot paces itself by them, with
// the workspace-wide chat.postMessage limit the bench assumes.
func benchLimits(postLimit float64) *bot.Limits {
	l := bot.SlackLimits()
	l.PostWorkspace = bot.Limit{PerMinute: postLimit, Burst: slacksim.DefaultWorkspacePostLimit.Burst}
	return l
}

// errPlanning: the re-plan at start is still running.
var errPlanning = errors.New("bench: the re-plan at start did not finish")

// waitFirstPlan waits (at most 5 minutes) for the re-plan Run does at
// start and returns how long it took (the scheduler's own measure, from
// /metrics), or how long it waited and errPlanning.
func waitFirstPlan(ctx context.Context, metrics func(context.Context) (string, error)) (time.Duration, error) {
	began := time.Now()
	deadline := began.Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		text, _ := metrics(ctx)
		for _, line := range strings.Split(text, "\n") {
			if v, ok := strings.CutPrefix(line, "mentorbot_plan_seconds_sum "); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err == nil {
					return time.Duration(f * float64(time.Second)), nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond): // /metrics counts the notifications table: not too often
		}
	}
	return time.Since(began), errPlanning
}

// command is one slash command of the mix.
type command struct{ user, cmd, text string }

// kind is the command and its subcommand, "/goal list", by which the
// bench's log breaks the acks down.
func (c command) kind() string {
	sub, _, _ := strings.Cut(c.text, " ")
	return c.cmd + " " + sub
}

// logKinds writes each kind of command's ack p50 and p99 to the progress
// log, slowest p50 first: where a command's time goes, not a figure of
// the table.
func (b *bench) logKinds(byKind map[string][]time.Duration) {
	if b.progress == nil {
		return
	}
	kinds := slices.Collect(maps.Keys(byKind))
	p50 := func(k string) time.Duration { return percentile(byKind[k], 50) }
	slices.SortFunc(kinds, func(x, y string) int { return cmp.Compare(p50(y), p50(x)) })
	for _, k := range kinds {
		fmt.Fprintf(b.progress, "bench:          %-16s %5d acks, p50 %.3f ms, p99 %.3f ms\n", k, len(byKind[k]), ms(p50(k)), ms(percentile(byKind[k], 99)))
	}
}

// commandMix is a realistic mix of reads and writes by the people of the
// pool pairs, in the order they are sent.
func commandMix(sim *slacksim.Server, pool []poolPair, n int) []command {
	todo := make([]int, len(pool))
	goalDone := make([]bool, len(pool))
	out := make([]command, 0, n)
	for i := range n {
		k := (i * 7919) % len(pool)
		p := pool[k]
		var c command
		switch i % 16 {
		case 0:
			c = command{p.Mentee, "/mentor", "next"}
		case 1:
			c = command{p.Mentor, "/mentor", "pairs"}
		case 2:
			c = command{p.Mentee, "/goal", "list"}
		case 3:
			c = command{p.Mentee, "/goal", fmt.Sprintf("progress %d %d%% drafted the outline", p.OpenGoal, 10+i%80)}
		case 4:
			c = command{p.Mentor, "/mentor", "agenda"}
		case 5:
			c = command{p.Mentee, "/mentor", "agenda Talk about the promotion case"}
		case 6:
			c = command{p.Mentee, "/session", "todos"}
		case 7:
			c = command{p.Mentor, "/session", "list"}
		case 8:
			c = command{p.Mentee, "/session", "log Went through the roadmap and the RFC comments. todo: draft the RFC todo: book a slot with the architect"}
		case 9:
			c = command{p.Mentor, "/goal", "list " + sim.Mention(p.Mentee)}
		case 10:
			c = command{p.Mentee, "/goal", "add Give 2 talks at meetups by 2027-06-30"}
		case 11:
			c = command{p.Mentee, "/session", "todos"}
			if todo[k] < len(p.OpenTodos) {
				c.text = fmt.Sprintf("done %d", p.OpenTodos[todo[k]])
				todo[k]++
			}
		case 12:
			c = command{p.Mentee, "/goal", "list"}
			if !goalDone[k] {
				c.text = fmt.Sprintf("done %d", p.SpareGoal)
				goalDone[k] = true
			}
		case 13:
			c = command{p.Mentor, "/mentor", "next"}
		case 14:
			c = command{p.Mentee, "/goal", fmt.Sprintf("show %d", p.OpenGoal)}
		default:
			c = command{p.Mentor, "/session", "todos"}
		}
		out = append(out, c)
	}
	return out
}

// benchHomesOpen is how many of the people typing commands have their App
// Home open during the commands.
const benchHomesOpen = 100

// commands sends the mix at a fixed rate and measures the acks.
func (b *bench) commands(ctx context.Context, sim *slacksim.Server, pool []poolPair, fl floors) error {
	o := b.o
	// Some people keep their App Home open while they work: it is
	// refreshed when a command changes what it shows. As many as
	// views.publish's burst, so that opening them is not paced.
	opened := 0
	for i := 0; i < len(pool) && opened < benchHomesOpen; i += 5 {
		if err := sim.OpenEvent(ctx, pool[i].Mentee); err != nil {
			return fmt.Errorf("bench: open a Home: %w", err)
		}
		opened++
	}
	mix := commandMix(sim, pool, int(float64(o.rate)*o.dur.Seconds())+o.rate)
	var mu sync.Mutex
	var lat []time.Duration
	byKind := map[string][]time.Duration{}
	var failures int
	tick := time.NewTicker(time.Second / time.Duration(o.rate))
	end := time.Now().Add(o.dur)
	var wg sync.WaitGroup
	for i := 0; time.Now().Before(end) && i < len(mix); i++ {
		<-tick.C
		c := mix[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := sim.SlashCommand(ctx, c.user, sim.IMChannel(c.user), c.cmd, c.text)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures++
				return
			}
			lat = append(lat, res.AckLatency)
			k := c.kind()
			byKind[k] = append(byKind[k], res.AckLatency)
		}()
	}
	tick.Stop()
	wg.Wait()
	p50, p99, mx := percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	b.logKinds(byKind)
	note := fmt.Sprintf("%d commands at %d/s, %d failed; reads and writes; %d people with their Home open; wall clock", len(lat), o.rate, failures, opened)
	b.add("command ack p50", ms(p50), "ms", note)
	b.addTarget("command ack p99", ms(p99), "ms", "< 5 ms", p99 < 5*time.Millisecond, "wall clock: noise-sensitive")
	b.add("command ack max", ms(mx), "ms", "wall clock: noise-sensitive")
	if floor := fl.ws + fl.sql; floor > 0 {
		r := float64(p50) / float64(floor)
		b.addTarget("command p50 / floor", r, "x", "< 2x", r < 2, fmt.Sprintf("floor = websocket round trip + sqlite insert+select, at %d a second; to the back-to-back floor %.1fx", o.rate, float64(p50)/float64(fl.wsLoop+fl.sqlLoop)))
	}
	return nil
}

// floors are the p50s of the floor's two parts, at the commands' rate
// and back to back.
type floors struct {
	ws, sql         time.Duration
	wsLoop, sqlLoop time.Duration
}

// pacing returns wait, which holds each call to one every every (calls at a
// fixed rate; none when every is zero), and stop, which ends it.
func pacing(every time.Duration) (wait, stop func()) {
	if every == 0 {
		return func() {}, func() {}
	}
	t := time.NewTicker(every)
	return func() { <-t.C }, t.Stop
}

// wsFloor times n bare envelope round trips, one every every (back to
// back when zero): an event the bot acks without work.
func wsFloor(ctx context.Context, sim *slacksim.Server, n int, every time.Duration) (time.Duration, error) {
	wait, stop := pacing(every)
	defer stop()
	ds := make([]time.Duration, 0, n)
	for range n {
		wait()
		s := time.Now()
		if _, err := sim.SendEnvelope(ctx, "events_api", json.RawMessage(`{"type":"event_callback","event":{"type":"reaction_added"}}`)); err != nil {
			return 0, fmt.Errorf("bench: floor: %w", err)
		}
		ds = append(ds, time.Since(s))
	}
	return percentile(ds, 50), nil
}

// sqliteFloor times a bare insert and select on the bot's own database
// file, one every every (back to back when zero): a row into a small
// table, and a person's row by primary key (who comes from the seeded
// people, so that the select reads the file).
func sqliteFloor(ctx context.Context, db *store.DB, n int, people []string, every time.Duration) (time.Duration, error) {
	wait, stop := pacing(every)
	defer stop()
	var ds []time.Duration
	for i := range n {
		wait()
		s := time.Now()
		if err := db.FloorInsert(ctx, i); err != nil {
			return 0, fmt.Errorf("floor insert: %w", err)
		}
		if len(people) > 0 {
			if _, err := db.User(ctx, people[i%len(people)]); err != nil {
				return 0, fmt.Errorf("floor select: %w", err)
			}
		} else if err := db.Ping(ctx); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(s))
	}
	return percentile(ds, 50), db.DeleteFloorRows(ctx)
}

func waitHealthy(ctx context.Context, addr string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return fmt.Errorf("bench: /healthz not ready after 30s")
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return s[min(i, len(s))-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
