package slacksim

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Faults beyond FailNext and RateLimitNext (ratelimit.go): outages of a Web
// API method for a stretch of time, and a Socket Mode connection lost
// between an envelope and its ack, with Slack's redelivery.

// Outage makes a Web API method misbehave until a time, as during a Slack
// incident. Calls answered this way are recorded in Calls, not in
// Failures: it is Slack failing, not the bot.
type Outage struct {
	// Method is the Web API method, e.g. "chat.postMessage".
	Method string
	// Until ends the outage, on Options.Clock.
	Until time.Time
	// Status is the HTTP status of the answer, e.g. 500 or 503. 0 means the
	// method's own answer, which only makes sense with Applied and Delay
	// (a slow Slack); without Applied it means 503.
	Status int
	// Delay holds the answer this long in real time, as a stuck Slack does;
	// a client whose timeout is shorter gives up first and never sees it.
	Delay time.Duration
	// Applied: the call takes effect (the message is posted) before the
	// failure or the delay, as when Slack did the work and the answer was
	// lost or wrong. Without it the call has no effect.
	Applied bool
	// AppliedLate: the call takes effect only once Delay has passed, as
	// when Slack is slow to take in a post: its client may have given up,
	// or died, before the message shows in the channel's history.
	AppliedLate bool
	// Reached, when not nil, hears of each call as it reaches the outage
	// (a send that never blocks): a test knows a call is under way before
	// its answer, which a Delay holds back, is recorded in Calls.
	Reached chan<- struct{}
}

// StartOutage begins an outage of o.Method until o.Until. Several may run
// at once; for a call, the first one started that is still running
// applies.
func (s *Server) StartOutage(o Outage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flt.outages = append(s.flt.outages, o)
	s.log.Info("outage started", logKeyMethod, o.Method, logKeyStatus, o.Status, logKeyWhat, fmt.Sprintf("until %s, delay %v, applied %v", o.Until.Format(time.RFC3339), o.Delay, o.Applied))
}

// EndOutages ends every outage at once.
func (s *Server) EndOutages() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flt.outages = nil
}

// outage answers a call during an outage of its method; ok is false when
// none is running. It is called from serveAPI after the token check.
func (s *Server) outage(req *apiRequest, spec methodSpec) (res result, ok bool) {
	s.mu.Lock()
	now := s.clock.Now()
	s.flt.outages = slices.DeleteFunc(s.flt.outages, func(o Outage) bool { return !now.Before(o.Until) })
	i := slices.IndexFunc(s.flt.outages, func(o Outage) bool { return o.Method == req.method })
	var o Outage
	if i >= 0 {
		o = s.flt.outages[i]
	}
	s.mu.Unlock()
	if i < 0 {
		return result{}, false
	}
	if o.Reached != nil {
		select {
		case o.Reached <- struct{}{}:
		default:
		}
	}
	status := o.Status
	if status == 0 && !o.Applied && !o.AppliedLate {
		status = http.StatusServiceUnavailable
	}
	if status != 0 {
		res = result{status: status, err: outageError(status), quiet: true}
	}
	if o.Applied {
		done := spec.handle(s, req)
		if status == 0 {
			res = done
		}
	}
	if o.Delay > 0 {
		t := s.real.NewTimer(o.Delay)
		defer t.Stop()
		select {
		case <-t.C():
		case <-s.done:
		}
	}
	if o.AppliedLate {
		done := spec.handle(s, req)
		if status == 0 {
			res = done
		}
	}
	return res, true
}

// outageError is the error code in the body of an outage's answer. Slack
// answers 5xx with an HTML page; slack-go does not read the body of a
// non-200 answer, so this only shows in Calls.
func outageError(status int) string {
	switch status {
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	case http.StatusGatewayTimeout:
		return "request_timeout"
	}
	return "internal_error"
}

// Redelivery configures DropAfterNextEnvelope.
type Redelivery struct {
	// Hold, when not nil, delays the redelivery until it is closed (or the
	// server closes), e.g. until the bot has been restarted.
	Hold <-chan struct{}
	// NewEnvelopeID gives the redelivered envelope a fresh envelope_id, as
	// Slack's Events API retries do; otherwise it keeps its own. The
	// payload (trigger_id, event_id) is the same either way.
	NewEnvelopeID bool
	// Uncounted sends it with retry_attempt 0, as a Slack stand-in that
	// does not count attempts might: the bot must not rely on the count.
	Uncounted bool
}

// DropAfterNextEnvelope arms a one-shot fault: the connection that
// carries the next envelope is lost between the bot and Slack just as the
// bot acks it. The bot received and handled the envelope and wrote its
// ack, but the ack never reaches Slack: the simulator discards it and
// closes the connection. (If the connection closes before any ack, the
// bot having stopped, that counts as the same loss.) As Slack does with an envelope it has no ack for,
// the simulator then delivers it again on the next live connection, with
// retry_attempt 1 and retry_reason "timeout". After the redelivery,
// further acks for the envelope are taken silently (the bot may ack both
// deliveries). The call that sent the envelope (SlashCommand, ClickButton,
// ...) returns the redelivery's ack.
//
// The connection is dropped on the ack rather than right after the
// envelope is written because a connection reset can discard an envelope
// the client has not read yet: the fault would then be a lost envelope or
// not, by luck.
func (s *Server) DropAfterNextEnvelope(r Redelivery) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flt.dropNext = &r
}

// Redeliveries counts the envelopes delivered again after a dropped
// connection.
func (s *Server) Redeliveries() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flt.redeliveries
}

// armDropLocked is called by deliver as it registers p, before writing it
// on a connection: when a drop is armed, the ack of this delivery is to be
// lost, and it returns the redelivery to make.
func (s *Server) armDropLocked(p *pendingEnvelope) *Redelivery {
	r := s.flt.dropNext
	if r == nil {
		return nil
	}
	s.flt.dropNext = nil
	p.dropOnAck = make(chan struct{})
	s.flt.acceptLate(p.id)
	return r
}

// disarmDropLocked puts an armed drop back when the envelope could not be
// written: it applies to the next delivery.
func (s *Server) disarmDropLocked(p *pendingEnvelope, r *Redelivery) {
	if r != nil {
		s.flt.dropNext = r
		p.dropOnAck = nil
	}
}

// loseAck waits for the bot's ack of p, written on c (receiveAck discards
// it), or for c to close, and then closes c. It reports false when neither
// came within the ack timeout: the usual ack timeout applies then.
func (s *Server) loseAck(ctx context.Context, c *sockConn, p *pendingEnvelope) bool {
	s.mu.Lock()
	lost := p.dropOnAck
	s.mu.Unlock()
	t := s.real.NewTimer(s.opts.AckTimeout)
	defer t.Stop()
	select {
	case <-lost:
	case <-c.closed:
		// The bot went away (or dropped the connection) before it acked.
		s.mu.Lock()
		p.ackLost = true
		p.lost = true
		s.mu.Unlock()
	case <-t.C():
		s.mu.Lock()
		p.dropOnAck = nil
		s.mu.Unlock()
		return false
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
	s.log.Info("connection dropped as the bot acked; the ack is lost", logKeyEnvelope, p.id, logKeyConn, c.id)
	c.close()
	return true
}

// loseAckLocked is called by receiveAck: it discards the ack of a delivery
// whose connection is to drop, and reports whether it did.
func (s *Server) loseAckLocked(c *sockConn, p *pendingEnvelope) bool {
	if p.dropOnAck == nil || p.ackLost || p.conn != c {
		return false
	}
	close(p.dropOnAck)
	p.ackLost = true
	p.lost = true     // later acks for this delivery do not count either
	c.draining = true // and nothing more goes out on c
	s.notifyLocked()
	return true
}

// awaitRedelivery waits for r.Hold, then prepares p for its next delivery
// and returns its envelope ID and retry attempt.
func (s *Server) awaitRedelivery(ctx context.Context, p *pendingEnvelope, r *Redelivery) (string, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Hold != nil {
		s.mu.Unlock()
		var err error
		select {
		case <-r.Hold:
		case <-ctx.Done():
			err = ctx.Err()
		case <-s.done:
			err = ErrClosed
		}
		s.mu.Lock()
		if err != nil {
			delete(s.pending, p.id)
			return p.id, 0, err
		}
	}
	delete(s.pending, p.id)
	if r.NewEnvelopeID {
		p.id = fmt.Sprintf("00000000-0000-4000-8000-%012x", s.newIDLocked())
		s.flt.acceptLate(p.id)
	}
	p.attempt++
	p.lost, p.dropOnAck, p.ackLost = false, nil, false
	s.flt.redeliveries++
	return p.id, p.attempt, nil
}

// faultState is the Server's record of the faults in this file; guarded
// by Server.mu.
type faultState struct {
	outages      []Outage
	dropNext     *Redelivery
	redeliveries int
	// late holds the envelope IDs that were redelivered: the bot may ack
	// both deliveries, and the second ack is no failure.
	late map[string]bool
}

func (f *faultState) acceptLate(id string) {
	if f.late == nil {
		f.late = map[string]bool{}
	}
	f.late[id] = true
}

// countsLocked reports whether an ack for p that came in on c is the ack of
// its current delivery: after a drop, only one on the connection of the
// redelivery.
func (p *pendingEnvelope) countsLocked(c *sockConn) bool {
	return !p.lost && (p.attempt == 0 || p.conn == c)
}
