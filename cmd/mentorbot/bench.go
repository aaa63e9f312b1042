package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// benchResult is one measured figure.
type benchResult struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	Note  string  `json:"note,omitempty"`
}

// cmdBench runs the real bot against the simulator on this machine and
// prints what it measured, as a table and as JSON.
func cmdBench(ctx context.Context, args []string, env func(string) (string, bool), stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pairs := fs.Int("pairs", 10000, "pairs seeded into the database")
	rate := fs.Int("rate", 200, "slash commands per second")
	dur := fs.Duration("duration", 10*time.Second, "how long commands are sent")
	quick := fs.Bool("quick", false, "a short run: 1,000 pairs, 2 s of commands")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the command phase to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *quick {
		*pairs, *dur = 1000, 2*time.Second
	}
	dir, err := os.MkdirTemp("", "mentorbot-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbPath := filepath.Join(dir, "bench.db")
	var results []benchResult
	add := func(name string, v float64, unit, note string) {
		results = append(results, benchResult{name, v, unit, note})
	}

	// Seed.
	t0 := time.Now()
	people, err := seedBench(ctx, dbPath, *pairs)
	if err != nil {
		return err
	}
	add("seed", time.Since(t0).Seconds(), "s", fmt.Sprintf("%d pairs", *pairs))

	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	for _, id := range people[:min(len(people), 400)] {
		sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id), TZ: "Europe/Berlin"})
	}
	sim.AddUser(slacksim.User{ID: "UBENCHADMIN", Name: "admin", TZ: "UTC"})
	cfg, err := loadConfig(func(k string) (string, bool) {
		switch k {
		case "SLACK_BOT_TOKEN":
			return sim.BotToken(), true
		case "SLACK_APP_TOKEN":
			return sim.AppToken(), true
		case "SLACK_API_URL":
			return sim.APIURL(), true
		case "MENTORBOT_DB":
			return dbPath, true
		case "MENTORBOT_HTTP_ADDR":
			return "127.0.0.1:0", true
		case "MENTORBOT_ADMINS":
			return "UBENCHADMIN", true
		}
		return "", false
	}, true)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	startAt := time.Now()
	ready := make(chan *app, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, cfg, serveOptions{Logger: slog.New(slog.DiscardHandler), Started: func(a *app) { ready <- a }})
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
	add("startup to ready /healthz", float64(time.Since(startAt).Microseconds())/1000, "ms", "")

	// Warm the profile cache, as a running bot would have it.
	for _, id := range people[:min(len(people), 400)] {
		if _, err := sim.SlashCommand(ctx, id, sim.IMChannel(id), "/mentor", "pairs"); err != nil {
			return fmt.Errorf("bench: warm-up: %w", err)
		}
	}

	// Floor: a bare envelope round trip the bot acks without work, and a
	// bare SQLite insert + select on the same file.
	var floor []time.Duration
	for range 500 {
		s := time.Now()
		if _, err := sim.SendEnvelope(ctx, "events_api", json.RawMessage(`{"type":"event_callback","event":{"type":"reaction_added"}}`)); err != nil {
			return fmt.Errorf("bench: floor: %w", err)
		}
		floor = append(floor, time.Since(s))
	}
	sqlFloor, err := sqliteFloor(ctx, a.DB, 500)
	if err != nil {
		return err
	}
	wsP50 := percentile(floor, 50)
	add("floor: websocket round trip p50", ms(wsP50), "ms", "")
	add("floor: sqlite insert+select p50", ms(sqlFloor), "ms", "")

	// Commands at a fixed rate.
	mix := []struct{ cmd, text string }{
		{"/mentor", "pairs"}, {"/goal", "list"}, {"/session", "todos"}, {"/mentor", "next"},
		{"/goal", "add Give 2 talks at meetups by 2027-06-30"}, {"/session", "list"}, {"/mentor", "agenda"},
	}
	var mu sync.Mutex
	var lat []time.Duration
	var failures int
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
	}
	tick := time.NewTicker(time.Second / time.Duration(*rate))
	end := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for i := 0; time.Now().Before(end); i++ {
		<-tick.C
		user := people[i%min(len(people), 400)]
		m := mix[i%len(mix)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := sim.SlashCommand(ctx, user, sim.IMChannel(user), m.cmd, m.text)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures++
				return
			}
			lat = append(lat, res.AckLatency)
		}()
	}
	tick.Stop()
	wg.Wait()
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	p50, p99, mx := percentile(lat, 50), percentile(lat, 99), percentile(lat, 100)
	note := fmt.Sprintf("%d commands at %d/s, %d failed", len(lat), *rate, failures)
	add("command ack p50", ms(p50), "ms", note)
	add("command ack p99", ms(p99), "ms", "")
	add("command ack max", ms(mx), "ms", "")
	if f := wsP50 + sqlFloor; f > 0 {
		add("command p50 / floor", float64(p50)/float64(f), "x", "floor = websocket round trip + sqlite insert+select")
	}

	// Scheduler: one due-scan pass, and a full re-plan.
	var scans []time.Duration
	for range 50 {
		s := time.Now()
		if _, err := a.Scheduler.DispatchDue(ctx); err != nil {
			return err
		}
		scans = append(scans, time.Since(s))
	}
	add("scheduler due-scan pass p50", ms(percentile(scans, 50)), "ms", fmt.Sprintf("%d pairs", *pairs))
	s := time.Now()
	if err := a.Scheduler.ReplanAll(ctx); err != nil {
		return err
	}
	add("scheduler re-plan all pairs", ms(time.Since(s)), "ms", fmt.Sprintf("%d pairs", *pairs))

	var rs runtime.MemStats
	runtime.ReadMemStats(&rs)
	if hwm, ok := peakRSS(); ok {
		add("peak RSS", float64(hwm)/1024, "MB", "whole process: bot, simulator and load generator")
	}
	if st, err := os.Stat(dbPath); err == nil && *pairs > 0 {
		add("database size per pair", float64(st.Size())/float64(*pairs), "bytes", "")
	}
	cancel()
	<-done

	fmt.Fprintf(stdout, "mentorbot bench — %s, %d CPUs, %s/%s\n\n", runtime.Version(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(stdout, "%-36s %12s  %-5s %s\n", "figure", "value", "unit", "note")
	for _, r := range results {
		fmt.Fprintf(stdout, "%-36s %12.3f  %-5s %s\n", r.Name, r.Value, r.Unit, r.Note)
	}
	js, _ := json.MarshalIndent(map[string]any{"go": runtime.Version(), "cpus": runtime.NumCPU(), "results": results}, "", "  ")
	fmt.Fprintf(stdout, "\n%s\n", js)
	return nil
}

// seedBench creates n pairs of distinct people and returns the people.
func seedBench(ctx context.Context, path string, n int) ([]string, error) {
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	people := make([]string, 0, 2*n)
	for i := range n {
		mentor, mentee := "UM"+strconv.Itoa(i), "UE"+strconv.Itoa(i)
		if _, err := db.CreatePair(ctx, "UBENCHADMIN", mentor, mentee); err != nil {
			return nil, fmt.Errorf("seed pair %d: %w", i, err)
		}
		people = append(people, mentee, mentor)
	}
	return people, nil
}

// sqliteFloor times a bare insert and select on the bot's own database file.
func sqliteFloor(ctx context.Context, db *store.DB, n int) (time.Duration, error) {
	var ds []time.Duration
	for i := range n {
		s := time.Now()
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO topics(name) VALUES (?)`, fmt.Sprintf("bench-floor-%d", i))
			return err
		}); err != nil {
			return 0, fmt.Errorf("floor insert: %w", err)
		}
		if err := db.Ping(ctx); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(s))
	}
	return percentile(ds, 50), db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM topics WHERE name LIKE 'bench-floor-%'`)
		return err
	})
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

// peakRSS reads the process's high-water resident set (KiB) on Linux.
func peakRSS() (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			n, err := strconv.ParseInt(f[1], 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
