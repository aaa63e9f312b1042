package slacksim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// SendFrame writes frame, a whole Socket Mode envelope as raw JSON, on a
// live connection and waits for the bot's ack of it, like SendEnvelope. The
// frame may be anything a broken or hostile Slack could send — fields
// missing, of the wrong type, an unknown envelope type — as long as it is a
// JSON object with a string envelope_id, which the ack must name. Frames
// that no ack can name go through SendRaw.
//
// It returns the ack's payload (nil when the ack had none), or
// ErrAckTimeout when the bot did not ack within Options.AckTimeout.
func (s *Server) SendFrame(ctx context.Context, frame []byte) (json.RawMessage, error) {
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       any    `json:"type"`
	}
	if err := json.Unmarshal(frame, &env); err != nil || env.EnvelopeID == "" {
		return nil, errors.New("slacksim: SendFrame needs a JSON object with a string envelope_id; use SendRaw for other frames")
	}
	what := fmt.Sprintf("raw envelope %s", env.EnvelopeID)
	typ, _ := env.Type.(string)
	p := &pendingEnvelope{id: env.EnvelopeID, typ: typ, what: what, ch: make(chan ackMsg, 1)}
	c, err := s.awaitConn(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	s.mu.Lock()
	if _, taken := s.pending[p.id]; taken {
		s.mu.Unlock()
		return nil, fmt.Errorf("%s: an envelope with that id is still waiting for its ack", what)
	}
	p.sent = s.real.Now()
	s.pending[p.id] = p
	s.mu.Unlock()
	if err := c.writeText(frame); err != nil {
		s.mu.Lock()
		delete(s.pending, p.id)
		s.mu.Unlock()
		return nil, fmt.Errorf("%s: write: %w", what, err)
	}
	timer := s.real.NewTimer(s.opts.AckTimeout)
	defer timer.Stop()
	select {
	case a := <-p.ch:
		return a.payload, nil
	case <-timer.C():
		s.mu.Lock()
		defer s.mu.Unlock()
		select {
		case a := <-p.ch:
			return a.payload, nil
		default:
		}
		p.timedOut = true
		s.failLocked("%s: not acknowledged within %v", what, s.opts.AckTimeout)
		return nil, fmt.Errorf("%s: %w (%v)", what, ErrAckTimeout, s.opts.AckTimeout)
	case <-ctx.Done():
		s.mu.Lock()
		if _, waiting := s.pending[p.id]; waiting {
			p.abandoned = true
		}
		s.mu.Unlock()
		return nil, fmt.Errorf("%s: %w", what, ctx.Err())
	case <-s.done:
		return nil, fmt.Errorf("%s: %w", what, ErrClosed)
	}
}
