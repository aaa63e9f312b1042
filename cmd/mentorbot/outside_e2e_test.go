package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Tests against a Slack stand-in that is not internal/slacksim: a few lines
// of Slack's documented Web API and Socket Mode protocol, with what the
// simulator does for the bot (hello at once, say) left to each test.

// outsideSlack answers auth.test and apps.connections.open, and accepts
// Socket Mode connections, pinging them as Slack does. Each connection is
// handed to the test on conns; the test says hello, or not.
type outsideSlack struct {
	srv   *httptest.Server
	conns chan *outsideConn
}

type outsideConn struct {
	ws *websocket.Conn
	mu sync.Mutex
}

func (c *outsideConn) send(t *testing.T, v any) {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.ws.WriteJSON(v); err != nil {
		t.Errorf("write to the bot's socket: %v", err)
	}
}

func newOutsideSlack(t *testing.T) *outsideSlack {
	t.Helper()
	o := &outsideSlack{conns: make(chan *outsideConn, 8)}
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	mux := http.NewServeMux()
	answer := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("/api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string]any{"ok": true, "url": "https://outside.slack.com/", "team": "Outside", "user": "mentorbot",
			"team_id": "T0OUT", "user_id": "U0BOT", "bot_id": "B0BOT", "is_enterprise_install": false})
	})
	mux.HandleFunc("/api/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(o.srv.URL, "http") + "/link/?ticket=1"})
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		answer(w, map[string]any{"ok": false, "error": "unknown_method"})
	})
	mux.HandleFunc("/link/", func(w http.ResponseWriter, r *http.Request) {
		ws, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		c := &outsideConn{ws: ws}
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					c.mu.Lock()
					_ = ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
					c.mu.Unlock()
				}
			}
		}()
		o.conns <- c
		for {
			if _, _, err := ws.ReadMessage(); err != nil {
				return
			}
		}
	})
	o.srv = httptest.NewServer(mux)
	t.Cleanup(o.srv.Close)
	return o
}

// nextConn waits for the bot's next Socket Mode connection to o, failing
// the test with why when none comes.
func (o *outsideSlack) nextConn(t *testing.T, why string) *outsideConn {
	t.Helper()
	select {
	case c := <-o.conns:
		return c
	case <-time.After(waitLimit):
		t.Fatal(why)
		return nil
	}
}

// startAgainst runs the bot against o and returns the address of its
// health server.
func startAgainst(t *testing.T, o *outsideSlack) string {
	t.Helper()
	vars := map[string]string{
		"SLACK_BOT_TOKEN":     "xoxb-outside",
		"SLACK_APP_TOKEN":     "xapp-outside",
		"SLACK_API_URL":       o.srv.URL + "/api", // no trailing slash
		"MENTORBOT_DB":        filepath.Join(t.TempDir(), "mentorbot.db"),
		"MENTORBOT_HTTP_ADDR": "127.0.0.1:0",
	}
	cfg, err := loadConfig(func(k string) (string, bool) { v, ok := vars[k]; return v, ok }, true)
	if err != nil {
		t.Fatal(err)
	}
	a, stop := runServe(t, context.Background(), cfg, serveOptions{Logger: slog.New(slog.DiscardHandler)})
	t.Cleanup(func() { stop(waitLimit) })
	return a.HTTPAddr
}

func healthz(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(body))
}

// waitHealth polls /healthz until it answers want.
func waitHealth(t *testing.T, addr string, want int, why string) {
	t.Helper()
	var code int
	var body string
	eventually(t, fmt.Sprintf("/healthz to answer %d: %s", want, why), func() bool {
		code, body = healthz(t, addr)
		return code == want
	}, func() string { return fmt.Sprintf("/healthz = %d %q", code, body) })
}

// Slack delivers nothing on a Socket Mode connection before its hello, so
// the bot is not ready until the hello: an open websocket is not enough.
// When the connection drops, it is not ready again until the next hello.
func TestOutsideHealthzWaitsForHello(t *testing.T) {
	o := newOutsideSlack(t)
	addr := startAgainst(t, o)
	c := o.nextConn(t, "the bot never opened a Socket Mode connection")
	// The websocket is open, and stays without a hello for a while.
	for range 20 {
		if code, body := healthz(t, addr); code != http.StatusServiceUnavailable {
			t.Fatalf("/healthz before Slack's hello = %d %q; want 503", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	hello := map[string]any{"type": "hello", "num_connections": 1,
		"debug_info":      map[string]any{"host": "outside", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": "A0OUT"}}
	c.send(t, hello)
	waitHealth(t, addr, http.StatusOK, "after the hello")

	// Slack drops the connection: not ready until the new one's hello.
	_ = c.ws.Close()
	c = o.nextConn(t, "the bot did not reconnect")
	for range 20 {
		if code, body := healthz(t, addr); code != http.StatusServiceUnavailable {
			t.Fatalf("/healthz on a new connection before its hello = %d %q; want 503", code, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
	c.send(t, hello)
	waitHealth(t, addr, http.StatusOK, "after the second hello")
}

// A stand-in that sends no hello but delivers envelopes: the first one
// shows the connection carries them, and /healthz says ready.
func TestOutsideHealthzReadyOnAnEnvelopeWithoutHello(t *testing.T) {
	o := newOutsideSlack(t)
	addr := startAgainst(t, o)
	c := o.nextConn(t, "the bot never opened a Socket Mode connection")
	if code, _ := healthz(t, addr); code != http.StatusServiceUnavailable {
		t.Fatalf("/healthz before anything arrived = %d; want 503", code)
	}
	c.send(t, map[string]any{"envelope_id": "E0OUT1", "type": "events_api", "accepts_response_payload": false,
		"payload": map[string]any{"type": "event_callback", "team_id": "T0OUT", "event": map[string]any{"type": "reaction_added"}}})
	waitHealth(t, addr, http.StatusOK, "after an envelope without a hello")
}

// A stand-in that sends neither a hello nor anything else until the bot
// says it is ready: a websocket that stays open a moment counts as
// connected, or each would wait for the other for ever.
func TestOutsideHealthzReadyWithoutHelloOnceTheSocketHolds(t *testing.T) {
	o := newOutsideSlack(t)
	addr := startAgainst(t, o)
	c := o.nextConn(t, "the bot never opened a Socket Mode connection")
	opened := time.Now()
	waitHealth(t, addr, http.StatusOK, "with the websocket open and no hello")
	if waited := time.Since(opened); waited < time.Second {
		t.Errorf("ready %v after the websocket opened without a hello; want a moment's wait for it", waited)
	}
	// The connection drops: not ready until the new one has held.
	_ = c.ws.Close()
	o.nextConn(t, "the bot did not reconnect")
	waitHealth(t, addr, http.StatusServiceUnavailable, "after the connection dropped")
	waitHealth(t, addr, http.StatusOK, "once the new connection held")
}

// In real Slack a read-only Messages tab has no composer, so nobody could
// type /goal or /session in the bot's DM (our simulator takes commands
// from anywhere): the manifest lets people send slash commands there.
func TestOutsideManifestLetsCommandsRunInTheBotsDM(t *testing.T) {
	var out strings.Builder
	if err := cmdManifest(&out); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome map[string]bool `json:"app_home"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(out.String()), &m); err != nil {
		t.Fatal(err)
	}
	if home := m.Features.AppHome; !home["messages_tab_enabled"] || home["messages_tab_read_only_enabled"] {
		t.Errorf("app_home = %v; want the Messages tab on and not read-only", home)
	}
}

// With the Messages tab open, people write to the bot. It does not read
// messages, so it says once where the commands are (not once a message,
// nor again for a redelivered event), and leaves alone its own messages,
// edits and other bots'.
func TestOutsideMessageToTheBotIsAnsweredWithWhereTheCommandsAre(t *testing.T) {
	e := newEnv(t)
	var manifest strings.Builder
	if err := cmdManifest(&manifest); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(manifest.String(), `"message.im"`) {
		t.Fatalf("the manifest does not subscribe to message.im: %s", manifest.String())
	}
	message := func(fields string) {
		t.Helper()
		ev := `{"type":"event_callback","event_id":"Ev` + strconv.Itoa(len(fields)) + `","event":{"type":"message","channel_type":"im","channel":"` + e.dmChannel(bob) + `",` + fields + `}}`
		if _, err := e.sim.SendEnvelope(e.ctx, "events_api", json.RawMessage(ev)); err != nil {
			t.Fatal(err)
		}
		e.settle()
	}
	// Slack's message timestamps: seconds of the clock, and a sequence.
	ts := func(seq int) string { return fmt.Sprintf(`"ts":"%d.%06d"`, e.clock.Now().Unix(), seq) }
	first := `"user":"UBOB","text":"hi, how do I set a goal?",` + ts(1)
	message(first)
	message(`"user":"UBOB","text":"hello?",` + ts(2))
	message(`"user":"UBOB","subtype":"message_changed",` + ts(3))
	message(`"bot_id":"B1","text":"from a bot",` + ts(4))
	dms := e.dms(bob, "I only read slash commands")
	if len(dms) != 1 || !contains(dms[0], "`/mentor help` lists them all") {
		t.Fatalf("bob got %d answers, want 1:\n%s", len(dms), e.describeDMs(bob))
	}
	// The first, delivered again an hour later, is still answered.
	e.clock.Advance(time.Hour)
	message(first)
	if n := len(e.dms(bob, "I only read slash commands")); n != 1 {
		t.Errorf("a redelivery an hour later: %d answers, want 1", n)
	}
	// A new message an hour later is answered again.
	message(`"user":"UBOB","text":"still there?",` + ts(1))
	if n := len(e.dms(bob, "I only read slash commands")); n != 2 {
		t.Errorf("a message an hour later: %d answers, want 2", n)
	}
}

// Slack refusing the bot's token (revoked, a missing scope) fails every
// send until someone mends it; a DM refused so is tried again later, not
// failed for good, so that what is still in time arrives, once.
func TestOutsideDMsRefusedForTheTokenAreTriedAgain(t *testing.T) {
	e := newEnv(t)
	e.sim.FailNext("chat.postMessage", 1, "token_revoked", 0)
	e.sim.FailNext("chat.postMessage", 1, "missing_scope", 0)
	e.pair(alice, bob)
	e.settle()
	for range 10 {
		e.clock.Advance(time.Minute)
		e.settle()
	}
	e.wantWelcomedOnce(alice, bob)
}

// While Slack refuses the bot's token (the app uninstalled, the token
// revoked), /healthz says the bot is not ready, and why; once Slack takes
// it again, it is ready, and what was held back is delivered once.
func TestHealthSaysWhenSlackRefusesTheToken(t *testing.T) {
	e := newEnv(t)
	for _, m := range []string{"conversations.open", "chat.postMessage", "views.publish"} {
		e.sim.FailNext(m, 3, "token_revoked", 0)
	}
	e.pair(alice, bob)
	e.settle()
	if code, body := e.get("/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "the bot token is refused (token_revoked)") {
		t.Errorf("/healthz while Slack refuses the token = %d %q", code, body)
	}
	for range 30 {
		e.clock.Advance(time.Minute)
		e.settle()
	}
	e.wantWelcomedOnce(alice, bob)
	if code, body := e.get("/healthz"); code != http.StatusOK {
		t.Errorf("/healthz once Slack takes the token again = %d %q", code, body)
	}
}

// wantWelcomedOnce checks that each of users got the welcome DM once.
func (e *env) wantWelcomedOnce(users ...string) {
	e.t.Helper()
	for _, u := range users {
		if n := len(e.dms(u, "Welcome to mentoring")); n != 1 {
			e.t.Errorf("%s got %d welcomes, want 1:\n%s", u, n, e.describeDMs(u))
		}
	}
}
