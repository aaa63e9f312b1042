// Package bot is mentorbot's Slack side: Socket Mode dispatch, slash
// commands, buttons and modals, and the Block Kit they show. It talks to
// Slack through slack-go and to data through store; it never holds state
// that must survive a restart.
package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// Config is the programme's configuration as the bot needs it. The timing
// is the scheduler's own Config, embedded, so that the settings modal shows
// the very defaults the scheduler plans with, and a new setting cannot
// reach one and not the other.
type Config struct {
	scheduler.Config
	Admins []string // MENTORBOT_ADMINS
}

// Scheduler is what the bot tells when state changes, so that pending
// notifications follow at once. The scheduler package implements it.
type Scheduler interface {
	// PairChanged re-plans the pair's pending notifications.
	PairChanged(ctx context.Context, pairID int64)
	// UserChanged re-plans what is pending for one person (settings, goals).
	UserChanged(ctx context.Context, userID string)
	// Kick wakes the dispatcher: something was queued to send now.
	Kick()
}

// Options build a Bot.
type Options struct {
	Slack *Slack
	// Sockets are the Socket Mode clients the bot listens on, each its own
	// connection. Slack delivers an envelope on one of an app's open
	// connections and refreshes each now and then (a disconnect, then a
	// new one opened): with two, a command typed during one's refresh
	// reaches the other instead of failing. Each needs its own Events
	// reader; Run reads them all.
	Sockets   []*socketmode.Client
	DB        *store.DB
	Clock     clock.Clock // the programme clock; nil = real
	Logger    *slog.Logger
	Metrics   *metrics.Registry
	Config    Config
	Scheduler Scheduler // nil: nothing is re-planned (tests of the bot alone)
	// Notifier is the one the scheduler sends through: New ties it to the
	// bot, which squares a DM with what changed while it was in flight.
	// nil: one of the bot's own, for redrawing sent DMs.
	Notifier *Notifier
	// AckBudget is how long a handler may work before the bot acks without
	// a reply and answers through the response_url instead; Slack's limit
	// is 3 s. Default 2 s.
	AckBudget time.Duration
	// ShutdownGrace is how long in-flight handlers may go on once Run's
	// context ends before their context is cancelled; 0 means
	// shutdownGrace. Tests shorten it.
	ShutdownGrace time.Duration
}

// Bot handles everything Slack sends over Socket Mode.
type Bot struct {
	slack     *Slack
	conns     []*conn
	db        *store.DB
	clock     clock.Clock
	log       *slog.Logger
	metrics   *metrics.Registry
	cfg       Config
	sched     Scheduler
	nt        *Notifier
	ackBudget time.Duration

	// recentMeetings are the pairs whose meetings changed lately
	// (inflight.go).
	recentMeetings recentChanges
	// moves are the meeting moves made lately (recentMoves).
	moves recentMoves
	// forgets are the answers of the forget buttons pressed lately.
	forgets forgetAnswers
	// outdating serialises outdateMeetingDMs by pair (striped): the
	// change's check and a recorded send's may run at once, and each
	// reads a DM's mark before it edits and marks it.
	outdating [64]sync.Mutex
	// revising serialises, by session (striped), the rendering and
	// storing of a session's DM as its to-dos and notes stand, so the
	// stored one is the latest; editing serialises putting the stored one
	// into Slack, so the older of two redraws cannot reach it last.
	revising, editing [64]sync.Mutex
	// checkinRedraws serialises, by person (striped), the redraws of
	// their latest check-in (redrawLatestCheckin).
	//
	// Of these locks only revising is never held across a call to Slack;
	// the others are, and only after the ack.
	checkinRedraws [64]sync.Mutex

	// ackOn is the connection each envelope not yet acked came by: its ack
	// goes back on it (envelope ID → *conn).
	ackOn    sync.Map
	inflight sync.WaitGroup
	// handling counts the commands and interactions being handled,
	// including their work after the ack (afterack.go).
	handling atomic.Int64
	// quit is closed when Run's context ends, so that waits which are not
	// in-flight work (coalescing App Home refreshes) stop at once.
	quit     chan struct{}
	quitOnce sync.Once
	// cut ends shutdownGrace into a shutdown: the context of every handler
	// and of the work it left for after the ack (detach) ends with it.
	cut      context.Context
	cutNow   context.CancelFunc
	cutOnce  sync.Once
	grace    time.Duration
	handlers atomic.Int64 // goroutines of goHandle still running
	home     *homeRefresher
	taking   takingSet // deliveries being handled (dedup.go)
	zones    datetext.Zones
	// commands is the table of slash commands, built once (command.go).
	commands     map[string]map[string]subcommand
	commandsOnce sync.Once
}

const (
	helpCommands    = "Slash commands handled."
	helpCommandAck  = "Time from receiving a slash command to acknowledging it."
	helpSlackErrors = "Slack Web API errors by method and error."
)

// New returns a Bot; Run starts it.
func New(o Options) *Bot {
	b := &Bot{slack: o.Slack, db: o.DB, clock: clock.Or(o.Clock), log: o.Logger,
		metrics: o.Metrics, cfg: o.Config, sched: o.Scheduler, ackBudget: o.AckBudget}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	for i, sm := range o.Sockets {
		b.conns = append(b.conns, &conn{sm: sm, n: i + 1})
	}
	// What /metrics promises shows from the start, at 0.
	for _, c := range []string{"/mentor", "/goal", "/session"} {
		b.metrics.Add("mentorbot_commands_total", helpCommands, 0, "command", c)
	}
	b.metrics.Describe("mentorbot_command_ack_seconds", "histogram", helpCommandAck)
	b.metrics.Describe("mentorbot_slack_api_errors_total", "counter", helpSlackErrors)
	if b.ackBudget <= 0 {
		b.ackBudget = 2 * time.Second
	}
	b.grace = o.ShutdownGrace
	if b.grace <= 0 {
		b.grace = shutdownGrace
	}
	b.cut, b.cutNow = context.WithCancel(context.Background())
	if b.cfg.DefaultTZ == nil {
		b.cfg.DefaultTZ = time.UTC
	}
	if b.sched == nil {
		b.sched = noScheduler{}
	}
	b.nt = o.Notifier
	if b.nt == nil {
		b.nt = &Notifier{Slack: b.slack, DB: b.db, Config: b.cfg, Clock: b.clock, Log: b.log}
	}
	// Before either runs: a DM changed while it was being sent is edited
	// once it is recorded (inflight.go).
	b.nt.afterRecord, b.nt.afterUndelivered = b.DMRecorded, b.SettleUndelivered
	b.quit = make(chan struct{})
	var wait clock.Clock
	if b.slack != nil {
		wait = b.slack.Wait
		b.slack.farewell, b.slack.left = b.farewell, b.pairsLeft
		b.slack.cut = b.cut
	}
	b.home = &homeRefresher{wait: clock.Or(wait), slots: map[string]*homeSlot{}, wake: make(chan struct{}, 1)}
	return b
}

// untilQuit returns a context that also ends when the bot starts shutting
// down.
func (b *Bot) untilQuit(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	go func() {
		select {
		case <-b.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	return ctx, cancel
}

// shutdownGrace bounds how long handlers in flight go on once a shutdown
// began (SIGTERM): long enough for any command that Slack answers in
// normal time, short enough that the process exits, the database closed,
// within the 10 s an orchestrator (docker stop, Kubernetes) waits before
// it kills it mid-write. Without a bound, one handler retrying a slow
// Slack call (up to maxCallTime, several in turn for an export) held the
// exit for minutes.
const shutdownGrace = 8 * time.Second

// startCut has handlers cut off b.grace from now; only the first call
// counts.
func (b *Bot) startCut() {
	b.cutOnce.Do(func() {
		time.AfterFunc(b.grace, func() {
			if n := b.handlers.Load(); n > 0 {
				b.log.Warn("shutdown grace over; cancelling the handlers still running",
					"handlers", n, "commands", b.handling.Load(), "grace", b.grace)
			}
			b.cutNow()
		})
	})
}

// detach returns ctx without its cancellation, for work that goes on after
// the handler that started it. A grace period into a shutdown, its calls
// to Slack are cut (Slack.cut): those are what can take minutes, and what
// is cut there stays consistent, the call abandoned, and a delivery whose
// write committed tells its redelivery to check (dedup.go). Its database
// work is not cut: a context that can end makes the SQLite driver watch it
// with a goroutine for every statement, a tenth of a command's time.
func (b *Bot) detach(ctx context.Context) context.Context {
	return context.WithoutCancel(ctx)
}

// cutOff reports whether the shutdown's grace is over: handlers still
// running have been cancelled.
func (b *Bot) cutOff() bool { return b.cut != nil && b.cut.Err() != nil }

type noScheduler struct{}

func (noScheduler) PairChanged(context.Context, int64)  {}
func (noScheduler) UserChanged(context.Context, string) {}
func (noScheduler) Kick()                               {}

// conn is one Socket Mode connection and what the bot knows of it.
type conn struct {
	sm *socketmode.Client
	n  int // 1, 2, …: for the logs
	// connected: Slack's hello came (or an envelope did, or the socket
	// stayed open helloGrace without one).
	connected atomic.Bool
	// open: a websocket is open now (slack-go's connected event, up to
	// its next connecting or error); an envelope counts as Slack's hello
	// only then, not one left queued from the connection before.
	open atomic.Bool
	// opened counts the websockets opened, so that the wait for a hello
	// (helloGrace) knows whether its socket is still the one open.
	opened atomic.Uint64
}

// Connected reports whether the Socket Mode connections are up; /healthz
// uses it. All of them, not one: a dropped connection shows at once, not
// only when the last one goes, and whoever sends on the one that dropped
// learns that the bot is not reachable there. The second a refresh takes
// thus shows as not ready, which a readiness probe's failure threshold
// absorbs; commands meanwhile reach the bot on the other connection.
func (b *Bot) Connected() bool {
	for _, c := range b.conns {
		if !c.connected.Load() {
			return false
		}
	}
	return len(b.conns) > 0
}

func (b *Bot) disconnectAll() {
	for _, c := range b.conns {
		c.open.Store(false)
		c.connected.Store(false)
	}
}

// TokenRefused is the code with which Slack refuses the bot's token, ""
// while it does not (Slack.TokenRefused).
func (b *Bot) TokenRefused() string {
	if b.slack == nil {
		return ""
	}
	return b.slack.TokenRefused()
}

// Run connects over Socket Mode and handles envelopes until ctx ends; then
// it waits for in-flight handlers to finish, at most a grace period
// (ShutdownGrace) from the end of ctx, before returning.
func (b *Bot) Run(ctx context.Context) error {
	if len(b.conns) == 0 {
		return errors.New("socket mode: no client to listen on")
	}
	// The grace counts from the shutdown's start, the drain of the
	// commands in hand included, as an orchestrator's stop timeout does.
	stopCut := context.AfterFunc(ctx, b.startCut)
	defer stopCut()
	// The sockets outlive ctx a little: envelopes in hand are acked on
	// the socket they came by, or Slack tells the person their command
	// failed although it was done.
	sockCtx, closeSockets := context.WithCancel(context.WithoutCancel(ctx))
	defer closeSockets()
	// failed hears of the first client to end on its own, or of a
	// connection refused for good; stop then ends the rest.
	failed := make(chan error, 2*len(b.conns))
	var clients sync.WaitGroup
	for _, c := range b.conns {
		clients.Go(func() { failed <- c.sm.RunContext(sockCtx) })
		clients.Go(func() { b.listen(ctx, sockCtx, c, failed) })
	}
	stop := func() {
		closeSockets()
		clients.Wait()
		b.disconnectAll()
	}
	defer b.inflight.Wait()
	defer b.startCut() // Run ends without ctx ending: a socket failed
	defer b.quitOnce.Do(func() { close(b.quit) })
	select {
	case <-ctx.Done():
		b.drainHandling(b.ackBudget + time.Second)
		stop()
		return nil
	case err := <-failed:
		stop()
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("socket mode: %w", err)
	}
}

// listen handles what c's client reads until sockCtx ends, each event in
// the goroutine that read it: handing events on to one loop for all the
// connections would wake a second goroutine in every command's ack. Once
// ctx ends, what arrives is refused (refuseWhileStopping). A connection
// attempt that refused the app's token is reported on failed.
func (b *Bot) listen(ctx, sockCtx context.Context, c *conn, failed chan<- error) {
	for {
		select {
		case evt := <-c.sm.Events:
			if ctx.Err() != nil {
				// Stopping already: the handlers' context has ended.
				b.refuseWhileStopping(c, evt)
				continue
			}
			b.dispatch(ctx, c, evt)
			if err := appTokenRefused(evt); err != nil {
				failed <- err
				return
			}
		case <-sockCtx.Done():
			return
		}
	}
}

// appTokenRefused is the error of a connection attempt that refused the
// app-level token (IsAppTokenRefusal): Run stops on it rather than try
// again every few minutes with a token that will never do.
func appTokenRefused(evt socketmode.Event) error {
	if evt.Type != socketmode.EventTypeConnectionError {
		return nil
	}
	ce, ok := evt.Data.(*slack.ConnectionErrorEvent)
	if !ok || ce.ErrorObj == nil || !IsAppTokenRefusal(errorCode(ce.ErrorObj)) {
		return nil
	}
	return ce.ErrorObj
}

// drainHandling waits, at most for wait, until no command or interaction
// is being handled. Envelopes that arrive meanwhile are not taken on
// (listen refuses them).
func (b *Bot) drainHandling(wait time.Duration) {
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	if n := b.handling.Load(); n > 0 {
		b.log.Info("stopping: finishing the commands in hand", "count", n)
	}
	for b.handling.Load() > 0 {
		select {
		case <-deadline.C:
			b.log.Warn("shutting down with commands still being handled", "count", b.handling.Load())
			return
		case <-tick.C:
		}
	}
}

// stoppingText answers a slash command that came while the bot stopped.
const stoppingText = ":hourglass_flowing_sand: I'm restarting, so I didn't do that. Please try again in a few seconds."

// refuseWhileStopping answers what arrives while the bot stops. Slack
// retries an Events API event that was not acked on the next connection,
// so those are left unacked; a slash command left unacked tells the person
// it failed with "operation_timeout", so one delivered for the first time
// is acked with an answer that says nothing was done, which is true: it
// was never taken on. A retry is left unacked too: its first delivery may
// have been done, its ack lost, and "I didn't do that" would have the
// person type it again; the next connection answers it as the first was
// (dedup.go). A button press or a modal submission left unacked shows
// Slack's own error, and the modal stays open to be sent again.
func (b *Bot) refuseWhileStopping(c *conn, evt socketmode.Event) {
	if evt.Type != socketmode.EventTypeSlashCommand || evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	if evt.Request.RetryAttempt > 0 {
		b.log.Info("slash command retried while stopping; left for the next connection", "envelope", evt.Request.EnvelopeID)
		return
	}
	b.ackOn.Store(evt.Request.EnvelopeID, c)
	b.ack(*evt.Request, reply{Text: stoppingText}.payload())
	b.log.Info("slash command refused while stopping", "envelope", evt.Request.EnvelopeID)
}

// helloGrace is how long an open Socket Mode websocket may go without
// Slack's hello and still count as connected. Slack's hello comes at once.
const helloGrace = 2 * time.Second

func (b *Bot) dispatch(ctx context.Context, c *conn, evt socketmode.Event) {
	log := b.log
	if len(b.conns) > 1 {
		log = log.With("conn", c.n)
	}
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		b.ackOn.Store(evt.Request.EnvelopeID, c)
		// An envelope arrived, so the connection carries them: connected,
		// even from a Slack stand-in that sends no hello.
		if c.open.Load() && !c.connected.Swap(true) {
			log.Info("socket mode connected", "without_hello", true)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeConnected:
		c.open.Store(true)
		// The websocket is open, but Slack delivers nothing on it until
		// its hello: not connected yet. A stand-in that sends no hello
		// may wait for /healthz before it sends anything: a socket still
		// open after helloGrace counts as connected.
		n := c.opened.Add(1)
		time.AfterFunc(helloGrace, func() {
			if c.opened.Load() == n && c.open.Load() && !c.connected.Swap(true) {
				log.Info("socket mode connected", "without_hello", true)
			}
		})
		log.Debug("socket mode websocket open; waiting for Slack's hello")
	case socketmode.EventTypeHello:
		if !c.connected.Swap(true) {
			log.Info("socket mode connected")
		}
	case socketmode.EventTypeConnecting, socketmode.EventTypeDisconnect:
		// slack-go v0.35 reconnects on Slack's disconnect without passing
		// it on: a refresh shows as connecting again.
		c.open.Store(false)
		c.connected.Store(false)
	case socketmode.EventTypeIncomingError:
		// A frame that could not be read, or the read that ends a
		// connection (which then shows as connecting again): the latter
		// comes with every reconnect, and is no news.
		if ie, ok := evt.Data.(*slack.IncomingEventError); ok && errors.Is(ie.ErrorObj, net.ErrClosed) {
			log.Debug("socket mode connection closed", "err", ie.ErrorObj)
			return
		}
		log.Warn("socket mode frame not understood", "data", fmt.Sprint(evt.Data))
	case socketmode.EventTypeConnectionError, socketmode.EventTypeInvalidAuth:
		c.open.Store(false)
		c.connected.Store(false)
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok && ce.ErrorObj != nil && b.slack != nil {
			b.slack.countError("apps.connections.open", errorCode(ce.ErrorObj))
		}
		log.Warn("socket mode connection trouble", "type", evt.Type, "data", fmt.Sprint(evt.Data))
	case socketmode.EventTypeErrorBadMessage:
		b.ackBadMessage(ctx, c, evt)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || evt.Request == nil || cmd.UserID == "" || cmd.Command == "" {
			b.ackUnknown(evt)
			return
		}
		b.goHandleRequest(ctx, func(ctx context.Context) { b.handleCommand(ctx, *evt.Request, cmd) })
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok || evt.Request == nil || cb.User.ID == "" {
			b.ackUnknown(evt)
			return
		}
		b.goHandleRequest(ctx, func(ctx context.Context) { b.handleInteraction(ctx, *evt.Request, cb) })
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if ok {
			// Counted before the ack, so that whoever waits for the bot
			// to be idle once Slack has its ack (tests, the playground)
			// also waits for the event's effect.
			b.goHandleRequest(ctx, func(ctx context.Context) { b.handleEvent(ctx, ev) })
		}
		if evt.Request != nil {
			b.ack(*evt.Request, nil)
		}
		if !ok {
			b.log.Warn("events_api envelope not understood; acknowledged")
		}
	default:
		b.ackUnknown(evt)
	}
}

// lockStripe locks the mutex of stripes that id falls on, and returns its
// unlock.
func lockStripe(stripes *[64]sync.Mutex, id int64) (unlock func()) {
	mu := &stripes[uint64(id)%uint64(len(stripes))]
	mu.Lock()
	return mu.Unlock
}

// Handling reports how many commands, button presses, modal submissions
// and events are being handled, their work after the ack included: zero
// once everything a person did has had its effect (tests, the playground).
func (b *Bot) Handling() int64 { return b.handling.Load() }

// goHandleRequest is goHandle for what a person did (a command, a button
// press, a modal submission, an event) and for what it sends after its ack
// (a form's confirmation, an export's file), counted by Handling until h
// returns.
func (b *Bot) goHandleRequest(ctx context.Context, h func(context.Context)) {
	b.handling.Add(1)
	b.goHandle(ctx, func(ctx context.Context) {
		defer b.handling.Add(-1)
		h(ctx)
	})
}

// goHandle runs h in its own goroutine so that one slow handler never holds
// up the next envelope; Run waits for all of them before returning. A
// panic in a handler is logged, never a crash.
func (b *Bot) goHandle(ctx context.Context, h func(context.Context)) {
	b.inflight.Add(1)
	b.handlers.Add(1)
	go func() {
		defer b.inflight.Done()
		defer b.handlers.Add(-1)
		defer func() {
			if p := recover(); p != nil {
				b.log.Error("handler panicked", "panic", p, "stack", string(debug.Stack()))
			}
		}()
		// Work that started before a shutdown finishes even though ctx ends,
		// within the grace (detach); it is not the delivery's own work (its
		// claim stays behind).
		h(store.WithoutClaim(b.detach(ctx)))
	}()
}

func (b *Bot) ack(req socketmode.Request, payload any) {
	if raw, ok := payload.(json.RawMessage); ok && len(raw) == 0 {
		payload = nil // no answer, not a JSON null
	}
	v, ok := b.ackOn.LoadAndDelete(req.EnvelopeID)
	if !ok {
		b.log.Error("ack of an envelope that came by no connection", "envelope", req.EnvelopeID)
		return
	}
	sm := v.(*conn).sm
	var err error
	if payload == nil {
		err = sm.Ack(req)
	} else {
		err = sm.Ack(req, payload)
	}
	if err != nil {
		b.log.Error("ack failed", "envelope", req.EnvelopeID, "err", err)
	}
}

// withinAck runs work and returns its result; inTime reports that it
// came before deadline, when Slack's time for the ack runs out
// (wall-clock time). If work is still running then, lateAck is called
// from a goroutine of its own, to ack without the answer; withinAck then
// returns once both are done, for the caller to answer the other way
// Slack allows. Work runs in the caller's goroutine: handing it to
// another and waiting for it woke a second goroutine, often a second
// thread, in every command's ack.
func withinAck[T any](deadline time.Time, lateAck func(), work func() T) (res T, inTime bool) {
	const running, done, late = 0, 1, 2
	var state atomic.Int32
	acked := make(chan struct{})
	timer := time.AfterFunc(time.Until(deadline), func() {
		defer close(acked)
		if state.CompareAndSwap(running, late) {
			lateAck()
		}
	})
	defer func() {
		// Still running only if work panicked: no ack goes out after the
		// handler is gone.
		if state.CompareAndSwap(running, done) {
			timer.Stop()
		}
	}()
	res = work()
	if state.CompareAndSwap(running, done) {
		timer.Stop()
		return res, true
	}
	<-acked
	return res, false
}

func (b *Bot) ackUnknown(evt socketmode.Event) {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		b.ack(*evt.Request, nil)
	}
	b.log.Warn("envelope not understood; acknowledged", "type", evt.Type)
}

// ackBadMessage acknowledges an envelope slack-go could not parse, so that
// Slack does not retry it, and logs it. A profile change in it is handled
// under ctx like any other event's; goHandleRequest detaches it, as the
// work goes on after the ack.
func (b *Bot) ackBadMessage(ctx context.Context, c *conn, evt socketmode.Event) {
	bad, ok := evt.Data.(*socketmode.ErrorBadMessage)
	if !ok {
		b.log.Warn("bad socket mode message")
		return
	}
	// Held across the ack so that Handling never reads zero between the
	// ack and the profile change it leads to.
	b.handling.Add(1)
	defer b.handling.Add(-1)
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
		Payload    struct {
			Event struct {
				Type string          `json:"type"`
				Raw  json.RawMessage `json:"user"`
			} `json:"event"`
		} `json:"payload"`
	}
	_ = json.Unmarshal(bad.Message, &env)
	if env.EnvelopeID != "" {
		b.ackOn.Store(env.EnvelopeID, c)
		b.ack(socketmode.Request{EnvelopeID: env.EnvelopeID}, nil)
	}
	if ev := env.Payload.Event; env.Type == "events_api" && ev.Type == string(slackevents.UserChange) {
		// slack-go refuses some user objects Slack sends (a profile whose
		// fields is a list, not an object); what the bot needs of one is
		// read here.
		var u struct {
			ID, Name, TZ   string
			TZOffset       int    `json:"tz_offset"`
			RealName       string `json:"real_name"`
			Deleted        bool
			IsBot          bool `json:"is_bot"`
			IsAdmin        bool `json:"is_admin"`
			IsOwner        bool `json:"is_owner"`
			IsPrimaryOwner bool `json:"is_primary_owner"`
		}
		if err := json.Unmarshal(ev.Raw, &u); err == nil && u.ID != "" {
			user := slackevents.User{ID: u.ID, Name: u.Name, RealName: u.RealName, TZ: u.TZ, TZOffset: u.TZOffset,
				Deleted: u.Deleted, IsBot: u.IsBot, IsAdmin: u.IsAdmin, IsOwner: u.IsOwner, IsPrimaryOwner: u.IsPrimaryOwner}
			b.goHandleRequest(ctx, func(ctx context.Context) { b.profileChanged(ctx, user) })
			return
		}
	}
	b.log.Warn("socket mode message not understood; acknowledged", "type", env.Type, "envelope", env.EnvelopeID, "err", bad.Cause)
}

// isAdmin reports whether u runs the programme: named in MENTORBOT_ADMINS or
// a workspace admin according to Slack.
func (b *Bot) isAdmin(u store.User) bool {
	return u.IsAdmin || slices.Contains(b.cfg.Admins, u.ID)
}

// loc is the zone a user's times are read and shown in.
func (b *Bot) loc(u store.User) *time.Location { return b.zones.For(u.TZ, b.cfg.DefaultTZ) }

// zoneOfTZ is loc for a person whose stored zone is tz (store.ZoneFunc).
func (b *Bot) zoneOfTZ(tz string) *time.Location { return b.loc(store.User{TZ: tz}) }

// zoneNote is, for someone whose Slack profile has no time zone this
// machine knows, a line saying that the times they type are read in the
// programme's default zone; "" for everyone else. Without it, "every
// Tuesday at 10:00 (UTC)" reads like their own 10:00 to someone who never
// chose UTC.
func (b *Bot) zoneNote(u store.User) string {
	if u.TZ != "" {
		if _, err := b.zones.Load(u.TZ); err == nil {
			return ""
		}
	}
	return fmt.Sprintf("_Your Slack profile has no time zone, so I read the times you type in %s, the programme's default. "+
		"Set your time zone in your Slack profile and I'll use it from then on._", b.cfg.DefaultTZ)
}

// zoneLine says in which zone the times u types are read: theirs, at loc,
// or the programme's default when their profile has none (zoneNote).
func (b *Bot) zoneLine(u store.User, loc *time.Location) string {
	if note := b.zoneNote(u); note != "" {
		return note
	}
	return fmt.Sprintf("Times are read in your time zone (%s).", loc)
}

// withFoot is rp with foot, a line of its own, at the end; rp as it is
// when foot is "".
func withFoot(rp reply, foot string) reply {
	if foot == "" {
		return rp
	}
	rp.Text += "\n" + foot
	if len(rp.Blocks) > 0 {
		rp.Blocks = append(rp.Blocks, section(foot))
	}
	return rp
}

// userError is an error whose text is meant for the person in Slack.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

func sayf(format string, args ...any) error { return &userError{msg: fmt.Sprintf(format, args...)} }

// UserMessage is implemented by the parsing packages' errors, whose text is
// written for people.
type userMessenger interface{ UserMessage() string }

// isUserError reports whether err is an answer for the person (a refusal,
// a question) rather than a failure on our side.
func isUserError(err error) bool {
	var ue *userError
	var um userMessenger
	return errors.As(err, &ue) || store.ErrorMessage(err) != "" || errors.As(err, &um)
}

// maxUserMessage bounds an answer built from a parser's message, which
// quotes what was typed.
const maxUserMessage = 600

// friendly turns any error into what the person in Slack reads, logging
// the internal ones. It is the one place that decides this.
func (b *Bot) friendly(err error, op string) string {
	var ue *userError
	var um userMessenger
	switch {
	case errors.As(err, &ue):
		return ue.msg
	case store.ErrorMessage(err) != "":
		return store.ErrorMessage(err)
	case errors.As(err, &um):
		// The parsing packages quote what was typed: shownParsed shows a
		// quoted mention as "@name" rather than as escaped markup, cuts
		// long quotes and escapes the rest; the whole is cut too.
		return truncateMrkdwn(shownParsed(um.UserMessage()), maxUserMessage)
	}
	b.log.Error("request failed", "op", op, "err", err)
	if errors.Is(err, errSlackUnavailable) || errors.Is(err, errHeldByRetryAfter) {
		return ":warning: Slack isn't answering me right now, so I couldn't do that. Please try again in a few minutes."
	}
	if store.IsDamaged(err) {
		// Trying again will not mend a damaged file: whoever runs the bot
		// restores a backup.
		return ":warning: Sorry, mentorbot's data needs repair, so I couldn't do that. Please tell whoever runs mentorbot."
	}
	return ":warning: Sorry, something went wrong on my side and I couldn't do that. It has been logged; please try again in a moment."
}
