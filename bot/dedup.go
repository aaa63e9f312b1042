package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/store"
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
// It remembers one as taken on in the commit of the first write it makes
// (see store.Claim): a command that only reads leaves no record, and a
// redelivery of it is simply answered again.
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
// trigger ID is part of the payload, which a redelivery repeats. Each key
// also carries a digest of the payload: a redelivery repeats it whole, so
// an ID used again for something else (a stand-in that numbers its
// envelopes afresh after a restart, or sends one example trigger ID with
// every command) is never taken for a redelivery, and nobody is ever
// answered with another person's earlier answer.
//
// A slash command that Slack does not mark as a retry (retry_attempt 0)
// does not ask the database first. A redelivery of a command that writes
// finds the claim taken when it writes (ErrTakenOn), and nothing is
// written; one whose first delivery changed what it checks (the goal is
// done already, the only meeting is skipped) writes nothing and answers
// otherwise than the first did. So a command asks only afterwards, and
// only when it wrote nothing and may write (delivery.seenBefore), and if
// it was taken on before answers as the first did. A command that wrote,
// or that only reads (subcommand.reads), spends no read on it.
//
// What this cannot settle: a delivery taken on by a process that stopped
// before it finished. Some of its work is done (a write recorded the
// claim), so it is not run again; the person is told to check instead.

// delivery is the bot's hold on one Socket Mode delivery.
type delivery struct {
	b    *Bot
	req  socketmode.Request
	user string
	keys []string
	// first: taken on now. Otherwise a redelivery, and prior is what the
	// earlier one recorded.
	first bool
	prior deliveryRecord
	// running: a redelivery whose first is still being handled here after
	// the wait; its own ack or response_url answers.
	running bool
	claim   *store.Claim  // first: recorded by its first write
	done    chan struct{} // first: closed by finish
	// askAfter: taken on without asking the database (a slash command);
	// seenBefore asks afterwards.
	askAfter bool
	// legacy are the keys without the payload's digest, as the version
	// before it recorded them: looked up too, so that a delivery taken on
	// by that version just before an upgrade is not run again after it.
	// The deliveries table keeps a day, so they find nothing after that.
	legacy []string
}

// lookupKeys are the keys a look-up asks for: the delivery's own and the
// legacy ones.
func (d *delivery) lookupKeys() []string { return append(slices.Clone(d.keys), d.legacy...) }

type deliveryRecord struct {
	done  bool
	reply string
}

// takeOn takes on a delivery, unless another delivery of it was taken on
// before: in this process (then it waits, up to wait, for that one to
// finish) or recorded in the database. The returned context carries the
// claim (store.WithClaim), which the handler's first write records in its
// own commit. When the database cannot be read, the delivery is handled
// all the same: its claim still guards its writes.
//
// With ask false the database is not asked (see seenBefore). Keys in also
// name the delivery, as they are: a user action that more than one
// delivery must not repeat (pickedKey).
func (b *Bot) takeOn(ctx context.Context, req socketmode.Request, trigger, user string, wait time.Duration, ask bool, also ...string) (context.Context, *delivery) {
	d := &delivery{b: b, req: req, user: user, first: true, askAfter: !ask}
	sum := sha256.Sum256(req.Payload)
	digest := ":" + hex.EncodeToString(sum[:8])
	if req.EnvelopeID != "" {
		d.keys = append(d.keys, "envelope:"+req.EnvelopeID+digest)
		d.legacy = append(d.legacy, "envelope:"+req.EnvelopeID)
	}
	if trigger != "" {
		d.keys = append(d.keys, "trigger:"+trigger+digest)
		d.legacy = append(d.legacy, "trigger:"+trigger)
	}
	d.keys = append(d.keys, also...)
	if len(d.keys) == 0 {
		return ctx, d
	}
	deadline := time.Now().Add(wait) // Slack's ack deadline is wall-clock time
	for {
		// The database is asked after noting the delivery here, so that no
		// lock is held across the read.
		running, mine := b.taking.take(d.keys)
		if mine != nil {
			d.done = mine
			if !ask {
				ctx, d.claim = store.WithClaim(ctx, d.keys)
				return ctx, d
			}
			prior, found, err := b.db.LookupDelivery(ctx, d.lookupKeys())
			if err != nil {
				b.log.Warn("cannot look up the delivery; its writes still record it", "envelope", req.EnvelopeID, "type", req.Type, "err", err)
			}
			if found {
				// A copy waiting on this one looks again and finds it too.
				b.taking.end(d.keys, d.done)
				d.done = nil
				d.redelivered(deliveryRecord{done: !prior.DoneAt.IsZero(), reply: prior.Reply})
				return ctx, d
			}
			ctx, d.claim = store.WithClaim(ctx, d.keys)
			return ctx, d
		}
		// The same delivery is being handled here: wait for its end, then
		// look again. One that only read recorded nothing and is run again.
		t := time.NewTimer(time.Until(deadline))
		select {
		case <-running:
			t.Stop()
			continue
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
		}
		d.running = true
		d.redelivered(deliveryRecord{})
		return ctx, d
	}
}

// seenBefore reports, for a first delivery taken on without asking the
// database, whether another delivery of it was recorded there after all;
// it then becomes a redelivery of that one (see replay). A delivery whose
// own write recorded its claim was not, and the database is not asked.
func (d *delivery) seenBefore(ctx context.Context) bool {
	if !d.first || !d.askAfter || d.claim == nil || d.claim.Made() {
		return false
	}
	prior, found, err := d.b.db.LookupDelivery(ctx, d.lookupKeys())
	if err != nil {
		d.b.log.Warn("cannot look up the delivery", "envelope", d.req.EnvelopeID, "type", d.req.Type, "err", err)
	}
	if !found {
		return false
	}
	d.claim.Settle() // work it started later must not record it
	d.b.taking.end(d.keys, d.done)
	d.done = nil
	d.redelivered(deliveryRecord{done: !prior.DoneAt.IsZero(), reply: prior.Reply})
	return true
}

func (d *delivery) redelivered(prior deliveryRecord) {
	d.first, d.prior = false, prior
	b, req := d.b, d.req
	b.metrics.Add("mentorbot_envelopes_redelivered_total", "Socket Mode deliveries of something already taken on: not acted on again.",
		1, "type", req.Type)
	b.log.Info("envelope redelivered; not acting on it again", "envelope", req.EnvelopeID, "type", req.Type,
		"retry_attempt", req.RetryAttempt, "retry_reason", req.RetryReason, "first_done", prior.done, "first_running", d.running)
}

// mayHaveWritten reports whether the work done for this delivery may
// have changed anything: a write of its own recorded the claim, or it is a
// redelivery of one taken on before.
func (d *delivery) mayHaveWritten() bool {
	return !d.first || (d.claim != nil && d.claim.Made())
}

// finish records that a first delivery was handled and acknowledged with
// payload (nil for none), and that its sender did something (store.Touch).
func (d *delivery) finish(ctx context.Context, payload any) {
	if !d.first {
		return
	}
	if d.done != nil {
		defer d.b.taking.end(d.keys, d.done)
	}
	claimed := d.claim != nil && d.claim.Settle()
	if d.b.cutOff() {
		// Cancelled by the shutdown, perhaps half-way, and its answer is
		// about that: the delivery stays unfinished, so that a redelivery
		// after the restart tells the person to check (replay) rather
		// than repeat that answer.
		d.b.log.Warn("delivery cut off by the shutdown; left unfinished", "envelope", d.req.EnvelopeID, "type", d.req.Type, "claimed", claimed)
		return
	}
	reply := ""
	if payload != nil && claimed {
		bs, ok := payload.(json.RawMessage)
		if !ok {
			bs, _ = json.Marshal(payload)
		}
		if len(bs) > 0 && string(bs) != "null" {
			reply = string(bs)
		}
	}
	if err := d.b.db.FinishDelivery(context.WithoutCancel(ctx), d.keys, claimed, reply, d.user); err != nil {
		d.b.log.Warn("cannot record that a delivery was handled", "envelope", d.req.EnvelopeID, "err", err)
	}
}

// replay is, for a redelivery, the payload the first delivery was
// acknowledged with. ok is false when the first never finished: the
// process that took it on stopped in the middle.
func (d *delivery) replay() (payload json.RawMessage, ok bool) {
	switch {
	case d.running:
		return nil, true // still going: its own ack or response_url answers
	case !d.prior.done:
		return nil, false
	case d.prior.reply == "":
		return nil, true
	}
	return json.RawMessage(d.prior.reply), true
}

// takingSet tracks the deliveries being handled in this process, so that
// a redelivery that arrives meanwhile can wait for the first one's answer.
type takingSet struct {
	mu sync.Mutex
	m  map[string]chan struct{}
}

// take notes a delivery known by keys as being handled here, and returns
// its channel (closed by end), unless one with any of the keys is being
// handled already: then it returns that one's channel instead. Looking and
// noting go together: two copies arriving at once would otherwise both
// find nothing.
func (s *takingSet) take(keys []string) (running, mine chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		if ch, ok := s.m[k]; ok {
			return ch, nil
		}
	}
	if s.m == nil {
		s.m = map[string]chan struct{}{}
	}
	mine = make(chan struct{})
	for _, k := range keys {
		s.m[k] = mine
	}
	return nil, mine
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
