package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// benchBotCommand is the hidden subcommand the bench runs the bot with,
// as a process of its own: its resident memory is then the bot's alone
// (not the simulator's and the load generator's), and its garbage
// collector does not pause for theirs.
const benchBotCommand = "bench-bot"

// benchBotEnv is set in the bot process's environment: a test binary
// running the bench (os.Executable is then the test) sees it in TestMain
// and runs main instead of the tests.
const benchBotEnv = "MENTORBOT_BENCH_BOT"

// cmdBenchBot runs the bot as the bench's child: configuration from the
// environment, the programme's clock set to -start, the Slack limits
// paced by -post-limit. It stops on SIGTERM.
func cmdBenchBot(ctx context.Context, args []string, env func(string) (string, bool), stderr io.Writer) error {
	fs := flag.NewFlagSet(benchBotCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	start := fs.String("start", "", "the programme's now at start (RFC 3339)")
	postLimit := fs.Float64("post-limit", 0, "the workspace-wide chat.postMessage limit a minute")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	stop, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return fmt.Errorf("%s: %w", benchBotCommand, err)
	}
	defer stop()
	at, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		return fmt.Errorf("%s: -start: %w", benchBotCommand, err)
	}
	cfg, err := loadConfig(env, true)
	if err != nil {
		return err
	}
	return serve(ctx, cfg, serveOptions{Clock: newOffsetClock(at), Logger: slog.New(slog.DiscardHandler), SlackLimits: benchLimits(*postLimit)})
}

// botProcess is the bot running as a child process.
type botProcess struct {
	cmd  *exec.Cmd
	addr string // its /healthz and /metrics
	done chan error

	stopOnce sync.Once
	stopErr  error
}

// startBotProcess starts this executable's bench-bot with env (the
// configuration; MENTORBOT_HTTP_ADDR is chosen here).
func startBotProcess(env map[string]string, start time.Time, postLimit float64, cpuProfile string) (*botProcess, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("bench: find this executable: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{benchBotCommand, "-start", start.Format(time.RFC3339), "-post-limit", strconv.FormatFloat(postLimit, 'f', -1, 64)}
	if cpuProfile != "" {
		args = append(args, "-cpuprofile", cpuProfile)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	// Last, so that they win over the same names above.
	cmd.Env = append(cmd.Env, "MENTORBOT_HTTP_ADDR="+addr, benchBotEnv+"=1")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench: start the bot: %w", err)
	}
	p := &botProcess{cmd: cmd, addr: addr, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	return p, nil
}

// freeAddr is a loopback address with a port nothing listens on now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("bench: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// peakRSS is the process's high-water resident set in KiB (Linux).
func (p *botProcess) peakRSS() (int64, bool) {
	return vmHWM(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
}

// metrics reads the bot's /metrics.
func (p *botProcess) metrics(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.addr+"/metrics", nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// stop asks the bot to stop (SIGTERM) and waits for it, killing it after
// 30 s. It stops the process once; later calls report the same.
func (p *botProcess) stop() error {
	p.stopOnce.Do(func() {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-p.done:
			if err != nil {
				p.stopErr = fmt.Errorf("bench: the bot exited: %w", err)
			}
		case <-time.After(30 * time.Second):
			_ = p.cmd.Process.Kill()
			p.stopErr = fmt.Errorf("bench: the bot did not stop in 30 s")
		}
	})
	return p.stopErr
}

// vmHWM reads VmHWM (KiB) from a /proc status file.
func vmHWM(status string) (int64, bool) {
	b, err := os.ReadFile(status)
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
