package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// `mentorbot health` exits 0 only when /healthz at MENTORBOT_HTTP_ADDR
// says ready, and otherwise says why in one line.
func TestHealthCommandAsksHealthz(t *testing.T) {
	ready := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "socket mode: not connected\n")
			return
		}
		io.WriteString(w, "ok\n")
	}))
	defer srv.Close()
	// The bot listening on every address (":PORT") is asked on 127.0.0.1.
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	env := envOf(map[string]string{"MENTORBOT_HTTP_ADDR": port})
	var out bytes.Buffer
	if err := run(context.Background(), []string{"health"}, env, &out, io.Discard); err != nil || strings.TrimSpace(out.String()) != "ok" {
		t.Errorf("health of a ready bot = %v, printed %q; want nil, ok", err, out.String())
	}
	ready = false
	err := run(context.Background(), []string{"health"}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not ready (HTTP 503): socket mode: not connected") || strings.Contains(err.Error(), "\n") {
		t.Errorf("health of a bot not connected = %v; want one line saying why", err)
	}
	srv.Close()
	if err := run(context.Background(), []string{"health"}, env, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Errorf("health with nothing listening = %v; want no answer", err)
	}
	err = run(context.Background(), []string{"health"}, envOf(map[string]string{"MENTORBOT_HTTP_ADDR": "8080"}), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "MENTORBOT_HTTP_ADDR") {
		t.Errorf("health with a bad address = %v; want a line naming MENTORBOT_HTTP_ADDR", err)
	}
}
