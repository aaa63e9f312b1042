package slacksim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/mentorbot/mentorbot/internal/clock"
)

const (
	// maxAckBytes: Slack silently drops Socket Mode responses of 20 KB or
	// more.
	maxAckBytes = 20 * 1024
	// disconnectGrace is how long a connection told to disconnect may stay
	// open before the simulator closes it, as Slack does after ~10s.
	disconnectGrace = 10 * time.Second
	writeTimeout    = 10 * time.Second
)

// sockConn is one Socket Mode websocket connection from the bot.
type sockConn struct {
	id        int64
	ws        *websocket.Conn
	real      clock.Clock
	wmu       sync.Mutex // gorilla allows one concurrent writer
	ready     bool       // hello sent; guarded by Server.mu
	draining  bool       // told to disconnect; guarded by Server.mu
	closed    chan struct{}
	closeOnce sync.Once
}

func (c *sockConn) writeText(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(c.real.Now().Add(writeTimeout))
	return c.ws.WriteMessage(websocket.TextMessage, b)
}

func (c *sockConn) close() {
	c.closeOnce.Do(func() {
		close(c.closed)
		_ = c.ws.Close()
	})
}

// pendingEnvelope is an envelope waiting for its ack.
type pendingEnvelope struct {
	id       string
	typ      string
	what     string // for messages, e.g. "slash command /goal"
	sent     time.Time
	ch       chan ackMsg // capacity 1
	timedOut bool
	// abandoned: nobody waits for the ack (the caller's context ended, or
	// the frame went out through SendRaw), so it is taken silently.
	abandoned bool
	// conn carries the current delivery; attempt counts redeliveries and
	// lost marks a delivery whose connection was dropped (faults.go).
	conn      *sockConn
	attempt   int
	lost      bool
	dropOnAck chan struct{} // closed when the ack to lose came in
	ackLost   bool          // it came in (or the connection closed first)
}

type ackMsg struct {
	payload json.RawMessage
	at      time.Time
}

// goLocked runs f in a goroutine Close waits for, unless the server is
// closed. s.mu must be held, which orders the WaitGroup's Add before
// Close's Wait.
func (s *Server) goLocked(f func()) bool {
	if s.closed {
		return false
	}
	s.wg.Go(f)
	return true
}

func (s *Server) handleSocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	valid := s.tickets[ticket]
	delete(s.tickets, ticket)
	closed := s.closed
	s.mu.Unlock()
	if closed {
		http.Error(w, "server closed", http.StatusServiceUnavailable)
		return
	}
	if !valid {
		s.fail("socket: connection attempt with an unknown or already used ticket %q; get a fresh URL from apps.connections.open", ticket)
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	// slack-go sends Origin: https://api.slack.com, which the default
	// same-origin check would refuse.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.log.Warn("websocket upgrade", logKeyError, err)
		return
	}
	c := &sockConn{ws: ws, real: s.real, closed: make(chan struct{})}
	s.mu.Lock()
	c.id = s.newIDLocked()
	started := s.goLocked(func() { s.serveConn(c) })
	if started {
		s.conns[c] = struct{}{}
	}
	s.mu.Unlock()
	if !started {
		_ = ws.Close()
	}
}

// serveConn says hello, pings and reads acks until the connection ends.
func (s *Server) serveConn(c *sockConn) {
	defer func() {
		c.close()
		s.mu.Lock()
		delete(s.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
		s.log.Info("socket closed", logKeyConn, c.id)
	}()
	s.mu.Lock()
	n := 1
	for other := range s.conns {
		if other.ready && !other.draining {
			n++
		}
	}
	s.mu.Unlock()
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": n,
		"debug_info":      map[string]any{"host": "slacksim", "build_number": 1, "approximate_connection_time": 18060},
		"connection_info": map[string]any{"app_id": appID},
	})
	if err := c.writeText(hello); err != nil {
		return
	}
	// Only now is the connection live: an envelope sent before hello would
	// reach a client that is not listening yet.
	s.mu.Lock()
	c.ready = true
	s.notifyLocked()
	s.goLocked(func() { s.pingLoop(c) })
	s.mu.Unlock()
	s.log.Info("socket connected", logKeyConn, c.id, logKeyCount, n)
	for {
		typ, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		// Slack has an ack once its frame is in, whatever reading it
		// takes here: a big answer's JSON is not the bot's time.
		at := s.real.Now()
		if typ != websocket.TextMessage {
			s.fail("socket: the bot sent a non-text frame (type %d)", typ)
			continue
		}
		s.handleFrame(c, data, at)
	}
}

// pingLoop pings at once and then every PingInterval; slack-go reconnects
// when Slack's pings stop.
func (s *Server) pingLoop(c *sockConn) {
	for n := 0; ; n++ {
		if err := c.ws.WriteControl(websocket.PingMessage, fmt.Appendf(nil, "ping-%d", n), s.real.Now().Add(writeTimeout)); err != nil {
			return
		}
		t := s.real.NewTimer(s.opts.PingInterval)
		select {
		case <-t.C():
		case <-c.closed:
			t.Stop()
			return
		case <-s.done:
			t.Stop()
			return
		}
	}
}

// handleFrame takes an ack from the bot that came in on c at at.
func (s *Server) handleFrame(c *sockConn, data []byte, at time.Time) {
	var ack struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &ack); err != nil {
		s.fail("socket: malformed frame from the bot: %v: %.200s", err, data)
		return
	}
	if ack.EnvelopeID == "" {
		s.fail("socket: frame without envelope_id from the bot: %.200s", data)
		return
	}
	if len(data) >= maxAckBytes {
		// Treated as never received, as Slack drops it.
		s.fail("socket: ack for %s is %d bytes; Slack silently drops responses of 20 KB or more", ack.EnvelopeID, len(data))
		return
	}
	s.mu.Lock()
	hook := s.ackDelay
	typ := ""
	if p := s.pending[ack.EnvelopeID]; p != nil {
		typ = p.typ
	}
	s.mu.Unlock()
	if hook != nil {
		if d := hook(typ); d > 0 {
			s.mu.Lock()
			s.goLocked(func() {
				t := s.real.NewTimer(d)
				defer t.Stop()
				select {
				case <-t.C():
					s.receiveAck(c, ack.EnvelopeID, ack.Payload, at.Add(d))
				case <-s.done:
				}
			})
			s.mu.Unlock()
			return
		}
	}
	s.receiveAck(c, ack.EnvelopeID, ack.Payload, at)
}

func (s *Server) receiveAck(c *sockConn, id string, payload json.RawMessage, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending[id]
	switch {
	case p == nil && s.flt.late[id]:
		s.log.Debug("ack for a redelivered envelope already answered; ignored", logKeyEnvelope, id)
	case p == nil:
		s.failLocked("socket: ack for unknown or already acknowledged envelope %s", id)
	case !p.countsLocked(c):
		s.log.Debug("ack for a delivery on a dropped connection; ignored", logKeyEnvelope, id)
	case s.loseAckLocked(c, p):
	case p.abandoned:
		delete(s.pending, id)
	case p.timedOut:
		delete(s.pending, id)
		s.failLocked("%s: late ack for envelope %s after %v; Slack gave up after %v", p.what, id, at.Sub(p.sent).Round(time.Millisecond), s.opts.AckTimeout)
	default:
		delete(s.pending, id)
		p.ch <- ackMsg{payload: payload, at: at}
	}
}

// liveConnLocked returns the newest connection not told to disconnect.
func (s *Server) liveConnLocked() *sockConn {
	var best *sockConn
	for c := range s.conns {
		if c.ready && !c.draining && (best == nil || c.id > best.id) {
			best = c
		}
	}
	return best
}

// awaitConn waits for a live connection, up to ConnectTimeout unless ctx
// ends earlier.
func (s *Server) awaitConn(ctx context.Context) (*sockConn, error) {
	wctx, cancel := context.WithTimeout(ctx, s.opts.ConnectTimeout)
	defer cancel()
	for {
		s.mu.Lock()
		c, ch, closed := s.liveConnLocked(), s.changed, s.closed
		s.mu.Unlock()
		switch {
		case closed:
			return nil, ErrClosed
		case c != nil:
			return c, nil
		}
		if err := s.waitChange(wctx, ch); err != nil {
			if ctx.Err() != nil || errors.Is(err, ErrClosed) {
				return nil, err
			}
			return nil, fmt.Errorf("%w within %v", ErrNotConnected, s.opts.ConnectTimeout)
		}
	}
}

// deliver sends an envelope on a live connection and waits for its ack. It
// returns the ack, the latency and the envelope ID.
func (s *Server) deliver(ctx context.Context, typ string, payload json.RawMessage, what string) (ackMsg, time.Duration, string, error) {
	s.mu.Lock()
	n := s.newIDLocked()
	s.mu.Unlock()
	id := fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
	encode := func(id string, attempt int) ([]byte, error) {
		reason := ""
		if attempt > 0 {
			reason = "timeout"
		}
		return json.Marshal(map[string]any{
			"envelope_id":              id,
			"type":                     typ,
			"payload":                  payload,
			"accepts_response_payload": typ != "events_api",
			"retry_attempt":            attempt,
			"retry_reason":             reason,
		})
	}
	frame, err := encode(id, 0)
	if err != nil {
		return ackMsg{}, 0, id, fmt.Errorf("encode envelope: %w", err)
	}
	p := &pendingEnvelope{id: id, typ: typ, what: what, ch: make(chan ackMsg, 1)}
	for {
		c, err := s.awaitConn(ctx)
		if err != nil {
			return ackMsg{}, 0, id, fmt.Errorf("%s: %w", what, err)
		}
		// Registered before writing: the ack may come back before
		// writeText returns.
		s.mu.Lock()
		p.sent = s.real.Now()
		p.conn = c
		s.pending[id] = p
		drop := s.armDropLocked(p) // before writing: the ack may come back at once
		s.mu.Unlock()
		if err := c.writeText(frame); err == nil {
			if drop == nil || !s.loseAck(ctx, c, p) {
				break
			}
			// Slack delivers an unacknowledged envelope again.
			var attempt int
			if id, attempt, err = s.awaitRedelivery(ctx, p, drop); err != nil {
				return ackMsg{}, 0, id, fmt.Errorf("%s: redelivery: %w", what, err)
			}
			if drop.Uncounted {
				attempt = 0
			}
			if frame, err = encode(id, attempt); err != nil {
				return ackMsg{}, 0, id, fmt.Errorf("encode envelope: %w", err)
			}
			continue
		}
		s.mu.Lock()
		delete(s.pending, id)
		s.disarmDropLocked(p, drop)
		s.mu.Unlock()
		c.close() // serveConn unregisters it; try the next connection
	}
	s.log.Debug("envelope sent", logKeyEnvelope, id, logKeyType, typ, logKeyWhat, what)
	timer := s.real.NewTimer(s.opts.AckTimeout)
	defer timer.Stop()
	select {
	case a := <-p.ch:
		return a, a.at.Sub(p.sent), id, nil
	case <-timer.C():
		s.mu.Lock()
		select {
		case a := <-p.ch: // arrived just in time
			s.mu.Unlock()
			return a, a.at.Sub(p.sent), id, nil
		default:
		}
		p.timedOut = true
		s.failLocked("%s: envelope %s not acknowledged within %v (Slack shows the user operation_timeout)", what, id, s.opts.AckTimeout)
		s.mu.Unlock()
		return ackMsg{}, 0, id, fmt.Errorf("%s: %w (%v)", what, ErrAckTimeout, s.opts.AckTimeout)
	case <-ctx.Done():
		s.mu.Lock()
		if _, waiting := s.pending[id]; waiting {
			p.abandoned = true
		}
		s.mu.Unlock()
		return ackMsg{}, 0, id, fmt.Errorf("%s: %w", what, ctx.Err())
	case <-s.done:
		return ackMsg{}, 0, id, fmt.Errorf("%s: %w", what, ErrClosed)
	}
}

// SendEnvelope sends an envelope of any type with a raw payload (which
// must be valid JSON, e.g. a payload the bot should reject gracefully) and
// returns the ack's payload.
func (s *Server) SendEnvelope(ctx context.Context, typ string, payload json.RawMessage) (json.RawMessage, error) {
	if payload == nil {
		payload = json.RawMessage("null")
	}
	if !json.Valid(payload) {
		return nil, errors.New("slacksim: SendEnvelope payload is not valid JSON; use SendRaw for malformed frames")
	}
	a, _, _, err := s.deliver(ctx, typ, payload, "envelope "+typ)
	return a.payload, err
}

// SendRaw writes a raw text frame on a live connection, without waiting for
// any answer. If the frame carries an envelope_id, the bot's ack for it is
// accepted without being checked.
func (s *Server) SendRaw(ctx context.Context, frame []byte) error {
	c, err := s.awaitConn(ctx)
	if err != nil {
		return err
	}
	var env struct {
		EnvelopeID string `json:"envelope_id"`
	}
	if json.Unmarshal(frame, &env) == nil && env.EnvelopeID != "" {
		s.mu.Lock()
		if _, taken := s.pending[env.EnvelopeID]; !taken {
			s.pending[env.EnvelopeID] = &pendingEnvelope{id: env.EnvelopeID, abandoned: true}
		}
		s.mu.Unlock()
	}
	return c.writeText(frame)
}

// Disconnect asks every live connection to disconnect, as Slack does before
// it recycles a connection; slack-go then opens a new one through
// apps.connections.open. Connections still open after 10 seconds are
// closed.
func (s *Server) Disconnect(reason string) {
	s.disconnect(reason, func(*sockConn) bool { return true })
}

// RefreshOne asks only the oldest live connection to disconnect, as Slack
// refreshes each of an app's connections on its own schedule. Envelopes
// meanwhile go to the others; with none left live they wait, up to
// ConnectTimeout, for the new one.
func (s *Server) RefreshOne(reason string) {
	s.mu.Lock()
	var oldest *sockConn
	for c := range s.conns {
		if c.ready && !c.draining && (oldest == nil || c.id < oldest.id) {
			oldest = c
		}
	}
	s.mu.Unlock()
	s.disconnect(reason, func(c *sockConn) bool { return c == oldest })
}

func (s *Server) disconnect(reason string, which func(*sockConn) bool) {
	frame, _ := json.Marshal(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "slacksim"},
	})
	s.mu.Lock()
	var targets []*sockConn
	for c := range s.conns {
		if !c.draining && which(c) {
			c.draining = true
			targets = append(targets, c)
		}
	}
	s.notifyLocked()
	for _, c := range targets {
		s.goLocked(func() {
			t := s.real.NewTimer(disconnectGrace)
			defer t.Stop()
			select {
			case <-t.C():
			case <-c.closed:
			case <-s.done:
			}
			c.close()
		})
	}
	s.mu.Unlock()
	for _, c := range targets {
		if err := c.writeText(frame); err != nil {
			c.close()
		}
	}
	s.log.Info("disconnect requested", logKeyReason, reason, logKeyCount, len(targets))
}

// DropConnections closes every socket abruptly, without a disconnect
// message, as a network failure would.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := make([]*sockConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
}

// Connected reports whether the bot has a live Socket Mode connection (one
// that has had its hello and was not asked to disconnect).
func (s *Server) Connected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveConnLocked() != nil
}

// LiveConnections counts the connections that have had their hello and
// were not asked to disconnect.
func (s *Server) LiveConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if c.ready && !c.draining {
			n++
		}
	}
	return n
}

// Connections counts the open sockets, including ones told to disconnect.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// WaitConnected waits until Connected or ctx ends.
func (s *Server) WaitConnected(ctx context.Context) error {
	for {
		s.mu.Lock()
		live, ch := s.liveConnLocked() != nil, s.changed
		s.mu.Unlock()
		if live {
			return nil
		}
		if err := s.waitChange(ctx, ch); err != nil {
			return fmt.Errorf("wait for Socket Mode connection: %w", err)
		}
	}
}

// SetAckDelayHook sets a function that delays (in real time) the
// simulator's receipt of each ack by what it returns for the envelope's
// type, as a slow network would; nil removes it. A delay past AckTimeout
// makes the ack late.
func (s *Server) SetAckDelayHook(fn func(envelopeType string) time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ackDelay = fn
}
