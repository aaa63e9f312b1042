package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A first SIGTERM (or Ctrl+C) lets in-flight work finish, which can take
// a while when Slack is stuck; a second one stops the process at once, as
// an operator who presses Ctrl+C twice expects.
func TestSecondSignalStopsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bot as a process of its own; skipped with -short")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	for _, u := range testUsers {
		sim.AddUser(u)
	}
	// Slack stuck on users.info: the command that asks it stays in flight.
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/users.info") {
			select {
			case asked <- struct{}{}:
			default:
			}
			select {
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		sim.Handler().ServeHTTP(w, r)
	}))
	defer api.Close()
	defer close(release)

	var logs syncBuffer
	cmd := exec.Command(exe, "run")
	cmd.Env = append(os.Environ(), benchBotEnv+"=1",
		"SLACK_BOT_TOKEN="+sim.BotToken(), "SLACK_APP_TOKEN="+sim.AppToken(), "SLACK_API_URL="+api.URL+"/api/",
		"MENTORBOT_DB="+filepath.Join(t.TempDir(), "mentorbot.db"), "MENTORBOT_HTTP_ADDR=127.0.0.1:0")
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	gone := false
	defer func() {
		if !gone {
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	eventually(t, "the bot to connect", func() bool { return strings.Contains(logs.String(), "socket mode connected") }, logs.String)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _, _ = sim.SlashCommand(ctx, alice, "", "/goal", "list") }()
	select {
	case <-asked:
	case <-time.After(waitLimit):
		t.Fatalf("the command never asked users.info:\n%s", logs.String())
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a shutdown after SIGTERM", func() bool { return strings.Contains(logs.String(), "shutting down") }, logs.String)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
		gone = true
	case <-time.After(3 * time.Second):
		t.Fatalf("a second SIGTERM did not stop the process:\n%s", logs.String())
	}
}
