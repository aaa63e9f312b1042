package bot

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/slack-go/slack/socketmode"
)

// Redelivered envelopes.
//
// Slack delivers an envelope again when it has no ack for it, with
// retry_attempt counting up: the ack was written on a connection that died
// on the way, or the process stopped before it acked. Acting on such a
// redelivery would do a command twice (two goals from one `/goal add`, two
// sessions from one `/session log`), so the bot remembers every command,
// button press and modal submission it takes on, and answers a second
// delivery of the same one with the first one's answer instead of acting.
//
// The memory is durable, in the database, and not a bounded cache in this
// process, because a redelivery can reach a different process than the
// one that acted: a deploy or a crash between acting and the ack reaching
// Slack (SIGTERM closes the socket before in-flight handlers have acked;
// SIGKILL anywhere) sends the redelivery to the restarted bot, which a
// cache in memory would meet empty. A cache would also have to be
// evicted by guesswork; the table keeps a day and is pruned as it goes.
//
// A delivery is known by its envelope ID and by its trigger ID (every
// command, button and modal submission has one, unique to that user
// action). Slack's Events API retries carry a new envelope ID, and Slack
// does not document whether a redelivered command keeps its own; the
// trigger ID is part of the payload, which a redelivery repeats.
//
// What this cannot settle: a delivery taken on by a process that stopped
// before it finished. Some of its work may be done, so it is not run
// again; the person is told to check instead.

// delivery is the bot's hold on one Socket Mode delivery.
type delivery struct {
	b    *Bot
	req  socketmode.Request
	keys []string
	// first: taken on now. Otherwise a redelivery, and prior is what the
	// earlier one recorded.
	first bool
	prior deliveryRecord
	done  chan struct{} // first: closed by finish
}

type deliveryRecord struct {
	done  bool
	reply string
}

// takeOn claims a delivery, and for a first one records that user did
// something (store.Touch). When the database cannot record the claim
// (it refuses writes), the delivery is handled all the same: a handler
// that writes would fail too, so it cannot act twice either.
func (b *Bot) takeOn(ctx context.Context, req socketmode.Request, trigger, user string) *delivery {
	d := &delivery{b: b, req: req, first: true}
	if req.EnvelopeID != "" {
		d.keys = append(d.keys, "envelope:"+req.EnvelopeID)
	}
	if trigger != "" {
		d.keys = append(d.keys, "trigger:"+trigger)
	}
	if len(d.keys) == 0 {
		b.touch(ctx, user)
		return d
	}
	// The claim and the note that this process is handling it go together:
	// a redelivery arriving between the two would find the claim but no
	// handler to wait for, and take the first for one that was cut short.
	b.taking.claim.Lock()
	defer b.taking.claim.Unlock()
	prior, first, err := b.db.ClaimDelivery(ctx, d.keys, user)
	if err != nil {
		b.log.Warn("cannot record the delivery; handling it without a guard against redelivery",
			"envelope", req.EnvelopeID, "type", req.Type, "err", err)
		return d
	}
	if !first {
		d.first = false
		d.prior = deliveryRecord{done: !prior.DoneAt.IsZero(), reply: prior.Reply}
		b.metrics.Add("mentorbot_envelopes_redelivered_total", "Socket Mode deliveries of something already taken on: not acted on again.",
			1, "type", req.Type)
		b.log.Info("envelope redelivered; not acting on it again", "envelope", req.EnvelopeID, "type", req.Type,
			"retry_attempt", req.RetryAttempt, "retry_reason", req.RetryReason, "first_done", d.prior.done)
		return d
	}
	d.done = b.taking.start(d.keys)
	return d
}

// finish records that a first delivery was handled and acknowledged with
// payload (nil for none).
func (d *delivery) finish(ctx context.Context, payload any) {
	if !d.first || d.done == nil {
		return
	}
	defer d.b.taking.end(d.keys, d.done)
	reply := ""
	if payload != nil {
		if bs, err := json.Marshal(payload); err == nil && string(bs) != "null" {
			reply = string(bs)
		}
	}
	if err := d.b.db.FinishDelivery(context.WithoutCancel(ctx), d.keys, reply); err != nil {
		d.b.log.Warn("cannot record that a delivery was handled", "envelope", d.req.EnvelopeID, "err", err)
	}
}

// replay is, for a redelivery, the payload the first delivery was
// acknowledged with. When the first is still being handled in this
// process, it waits up to wait for it. ok is false when the first never
// finished: the process that took it on stopped in the middle.
func (d *delivery) replay(ctx context.Context, wait time.Duration) (payload json.RawMessage, ok bool) {
	rec := d.prior
	if !rec.done {
		if ch := d.b.taking.get(d.keys); ch != nil {
			t := time.NewTimer(wait) // Slack's ack deadline is wall-clock time
			select {
			case <-ch:
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
			if got, found, err := d.b.db.LookupDelivery(ctx, d.keys); err == nil && found {
				rec = deliveryRecord{done: !got.DoneAt.IsZero(), reply: got.Reply}
			}
			if !rec.done {
				// Still going: its own ack or response_url answers.
				return nil, true
			}
		}
	}
	if !rec.done {
		return nil, false
	}
	if rec.reply == "" {
		return nil, true
	}
	return json.RawMessage(rec.reply), true
}

// takingSet tracks the deliveries being handled in this process, so that
// a redelivery that arrives meanwhile can wait for the first one's answer.
type takingSet struct {
	claim sync.Mutex // held from a delivery's claim to its start
	mu    sync.Mutex
	m     map[string]chan struct{}
}

func (s *takingSet) start(keys []string) chan struct{} {
	ch := make(chan struct{})
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]chan struct{}{}
	}
	for _, k := range keys {
		s.m[k] = ch
	}
	return ch
}

func (s *takingSet) end(keys []string, ch chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if s.m[k] == ch {
			delete(s.m, k)
		}
	}
	close(ch)
}

func (s *takingSet) get(keys []string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if ch, ok := s.m[k]; ok {
			return ch
		}
	}
	return nil
}

// interruptedText answers a redelivered command whose first delivery was
// taken on by a process that stopped before it finished.
// command "" is for a modal.
func interruptedText(command string) string {
	const text = ":warning: I was interrupted while doing this, so it may be done only in part. "
	check, ok := map[string]string{"/goal": "/goal list", "/session": "/session list", "/mentor": "/mentor next"}[command]
	if !ok {
		return text + "Please check before you try again."
	}
	return text + "Please check (for example with `" + check + "`) before you try again."
}

// touch records that user did something (it resets their unanswered
// nudges); a failure is logged, never the caller's.
func (b *Bot) touch(ctx context.Context, user string) {
	if user == "" {
		return
	}
	if err := b.db.Touch(ctx, user); err != nil {
		b.log.Warn("touch user", "user", user, "err", err)
	}
}
