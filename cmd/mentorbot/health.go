package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// cmdHealth asks the running bot's /healthz (at MENTORBOT_HTTP_ADDR) whether
// it is ready, and fails when it is not: a container's HEALTHCHECK, in an
// image that has no shell or HTTP client to ask with.
func cmdHealth(ctx context.Context, args []string, env func(string) (string, bool), stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("health takes no arguments (got %q); it asks MENTORBOT_HTTP_ADDR", args)
	}
	addr, ok := env("MENTORBOT_HTTP_ADDR")
	if !ok || addr == "" {
		addr = ":8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "0" {
		return &configError{"MENTORBOT_HTTP_ADDR", addr, "want the host:port the bot listens on, e.g. :8080"}
	}
	// The bot listening on every address is reached on this host's own.
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: no answer from %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	why := strings.TrimSpace(string(body))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: not ready (HTTP %d): %s", resp.StatusCode, why)
	}
	fmt.Fprintln(stdout, why)
	return nil
}
