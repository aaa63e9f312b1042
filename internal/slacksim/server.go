package slacksim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// Identities of the simulated workspace and app. They are fixed so that
// golden files and logs stay stable across runs.
const (
	defaultBotToken  = "xoxb-sim-bot"
	defaultAppToken  = "xapp-sim-app"
	defaultTeamID    = "T0SIM"
	defaultBotUserID = "U0SIMBOT"
	defaultBotName   = "mentorbot"
	appID            = "A0SIM"
	botID            = "B0SIM"
	teamDomain       = "sim"
	teamName         = "Simulated Workspace"
	// verificationToken is the deprecated per-app token Slack still puts in
	// payloads; slack-go's socketmode client does not check it.
	verificationToken = "sim-verification-token"
)

// Log attribute keys.
const (
	logKeyMethod   = "method"
	logKeyError    = "error"
	logKeyStatus   = "status"
	logKeyEnvelope = "envelope_id"
	logKeyType     = "type"
	logKeyConn     = "conn"
	logKeyUser     = "user"
	logKeyWhat     = "what"
	logKeyReason   = "reason"
	logKeyCount    = "count"
	logKeyURL      = "url"
)

// Errors returned by the calls that act for users.
var (
	// ErrAckTimeout: the bot did not acknowledge an envelope within
	// Options.AckTimeout. Slack shows the user "operation_timeout".
	ErrAckTimeout = errors.New("slacksim: envelope not acknowledged in time")
	// ErrNotConnected: no Socket Mode connection came up before the deadline.
	ErrNotConnected = errors.New("slacksim: bot not connected over Socket Mode")
	// ErrInvalidResponse: the bot's ack payload is something Slack would
	// reject (invalid blocks, an unknown response_action, ...). The details
	// are also in Failures.
	ErrInvalidResponse = errors.New("slacksim: Slack would reject the bot's response")
	// ErrNotSubmittable: the user could not have submitted the view as asked
	// (a required input is empty, a value is not among the options, ...).
	// Slack's client would have stopped the user before the bot saw anything.
	ErrNotSubmittable = errors.New("slacksim: Slack would not let the user do this")
	// ErrClosed: the server was closed.
	ErrClosed = errors.New("slacksim: server closed")
)

// InputError is an ErrNotSubmittable about one input of a view: a value
// out of the element's range or length, or an empty required input. Slack's
// client shows Message under that input and sends nothing, so a front end
// (the playground's page) can show it there too.
type InputError struct {
	BlockID  string
	ActionID string
	Message  string // as Slack's client would put it to the user
	err      error  // the detail, wrapping ErrNotSubmittable
}

func (e *InputError) Error() string { return e.err.Error() }
func (e *InputError) Unwrap() error { return e.err }

func inputError(el located, message string, err error) *InputError {
	return &InputError{BlockID: el.blockID, ActionID: el.actionID, Message: message, err: err}
}

// User is a person (or bot) in the simulated workspace.
type User struct {
	ID       string
	Name     string // handle, e.g. "alice"
	RealName string
	TZ       string // IANA zone name such as "Europe/Berlin"; "" means none in the profile
	IsAdmin  bool
	IsOwner  bool
	IsBot    bool
	Deleted  bool
}

// Options configure a Server. The zero value works.
type Options struct {
	// Clock gives message timestamps, view hashes, trigger and response_url
	// expiry and rate-limit windows. nil means real time.
	Clock clock.Clock
	// Logger receives the simulator's own log; nil discards it.
	Logger *slog.Logger
	// RateLimits turns on Slack's published per-method rate limits, and
	// chat.postMessage's one message per second per channel with short
	// bursts, answered with HTTP 429 and Retry-After. Off, only
	// RateLimitNext produces 429s.
	RateLimits bool
	// WorkspacePostLimit is chat.postMessage's workspace-wide limit under
	// RateLimits, on top of the per-channel one; zero means
	// DefaultWorkspacePostLimit (ratelimit.go says where its figure comes
	// from).
	WorkspacePostLimit Limit
	// BotToken and AppToken default to "xoxb-sim-bot" and "xapp-sim-app".
	BotToken, AppToken string
	// TeamID defaults to "T0SIM".
	TeamID string
	// BotUserID and BotName identify the bot user; defaults "U0SIMBOT" and
	// "mentorbot".
	BotUserID, BotName string
	// AckTimeout is how long (real time) the bot has to acknowledge an
	// envelope; later acks are recorded as failures. Default 3s, as Slack.
	AckTimeout time.Duration
	// ConnectTimeout bounds how long (real time) a call that sends an
	// envelope waits for a Socket Mode connection when its context has no
	// earlier deadline. Default 10s.
	ConnectTimeout time.Duration
	// PingInterval is how often (real time) websocket pings are sent.
	// slack-go reconnects when none arrives for 30s. Default 5s.
	PingInterval time.Duration
	// Addr is the listen address; "" means 127.0.0.1 on a free port.
	Addr string
	// EchoOwnMessages sends the bot, as Slack does to an app subscribed to
	// message.im, the message events of its own DMs: posted, edited
	// (message_changed) and deleted (message_deleted). Off, the bot hears
	// only of the messages people write to it (MessageEvent).
	EchoOwnMessages bool
}

// Call is one Web API call (or response_url POST) the simulator answered.
type Call struct {
	Method string
	At     time.Time // Options.Clock time
	Status int       // HTTP status of the answer
	Error  string    // Slack error code; "" when ok
	// Params holds the arguments, without the token: form fields as sent,
	// or for a JSON body its top-level fields (non-strings JSON-encoded).
	Params url.Values
	// Body is the raw JSON body, when the call sent one.
	Body json.RawMessage
}

// Server is a running Slack simulator. Its methods are safe for concurrent
// use.
type Server struct {
	opts  Options
	clock clock.Clock // Slack-visible time
	real  clock.Clock // the bot's speed: ack deadlines, pings
	log   *slog.Logger
	mux   *http.ServeMux
	api   map[string]methodSpec
	srv   *http.Server
	base  string // "http://127.0.0.1:port"
	done  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	// echo is Options.EchoOwnMessages, as SetEchoOwnMessages leaves it;
	// echoing counts echoes of the bot's own messages on their way
	// (echo.go).
	echo    atomic.Bool
	echoing atomic.Int64

	msgFeed  *feed[Message]
	viewFeed *feed[View]

	mu      sync.Mutex
	closed  bool
	nextID  int64
	changed chan struct{} // closed and replaced whenever anything is recorded

	users      map[string]User
	userOrder  []string
	zones      map[string]*time.Location // by user ID; nil for none or unknown
	zoneByName map[string]*time.Location // zones loaded, by name, shared by their users
	channels   map[string]*channel

	msgs     []*stored          // in posting order, current state
	trimmed  int64              // messages taken out of msgs (trim.go)
	msgIndex map[string]*stored // channel + "/" + ts
	events   []Message          // every post, update and delete, in order
	lastTS   int64              // microseconds of the newest ts handed out
	msgState map[string]*elementState

	calls    []Call
	failures []string
	faults   map[string][]fault
	flt      faultState // outages, dropped connections (faults.go)
	limiter  *rateLimiter

	triggers map[string]*trigger
	respURLs map[string]*responseURL
	files    fileStore // files.go

	views      map[string]*view
	viewsByExt map[string]string
	stacks     map[string][]string // user -> open modal IDs, root first
	homes      map[string]string   // user -> home view ID

	tickets  map[string]bool
	conns    map[*sockConn]struct{}
	pending  map[string]*pendingEnvelope
	ackDelay func(envelopeType string) time.Duration
}

type channel struct {
	ID   string
	Name string
	IM   bool
	User string // IM: the human
	// Members: a DM between two people (DirectMessage), not the bot's.
	Members []string
	// Opened: conversations.open was called (for already_open).
	Opened bool
}

// New starts a simulator listening on Options.Addr (default 127.0.0.1 on a
// free port), like httptest.NewServer, and panics if it cannot listen. Use
// Listen to get the error instead. Close stops it.
func New(opts Options) *Server {
	s, err := Listen(opts)
	if err != nil {
		panic(fmt.Sprintf("slacksim: %v", err))
	}
	return s
}

// Listen is New returning the listen error.
func Listen(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	s := newServer(opts)
	s.base = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)}
	s.wg.Go(func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", logKeyError, err)
		}
	})
	s.log.Info("slack simulator listening", logKeyURL, s.APIURL())
	return s, nil
}

func newServer(opts Options) *Server {
	if opts.BotToken == "" {
		opts.BotToken = defaultBotToken
	}
	if opts.AppToken == "" {
		opts.AppToken = defaultAppToken
	}
	if opts.TeamID == "" {
		opts.TeamID = defaultTeamID
	}
	if opts.BotUserID == "" {
		opts.BotUserID = defaultBotUserID
	}
	if opts.BotName == "" {
		opts.BotName = defaultBotName
	}
	if opts.WorkspacePostLimit.PerMinute <= 0 {
		opts.WorkspacePostLimit = DefaultWorkspacePostLimit
	}
	if opts.WorkspacePostLimit.Burst < 1 {
		opts.WorkspacePostLimit.Burst = 1
	}
	if opts.AckTimeout <= 0 {
		opts.AckTimeout = 3 * time.Second
	}
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = 10 * time.Second
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = 5 * time.Second
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:       opts,
		clock:      clock.Or(opts.Clock),
		real:       clock.Real{},
		log:        log.With("component", "slacksim"),
		mux:        http.NewServeMux(),
		api:        methodSpecs(),
		done:       make(chan struct{}),
		msgFeed:    newFeed[Message](),
		viewFeed:   newFeed[View](),
		changed:    make(chan struct{}),
		users:      map[string]User{},
		zones:      map[string]*time.Location{},
		channels:   map[string]*channel{},
		msgIndex:   map[string]*stored{},
		msgState:   map[string]*elementState{},
		faults:     map[string][]fault{},
		triggers:   map[string]*trigger{},
		respURLs:   map[string]*responseURL{},
		views:      map[string]*view{},
		viewsByExt: map[string]string{},
		stacks:     map[string][]string{},
		homes:      map[string]string{},
		tickets:    map[string]bool{},
		conns:      map[*sockConn]struct{}{},
		pending:    map[string]*pendingEnvelope{},
	}
	s.echo.Store(opts.EchoOwnMessages)
	s.limiter = newRateLimiter(s.clock)
	s.addUserLocked(User{ID: opts.BotUserID, Name: opts.BotName, RealName: opts.BotName, IsBot: true})
	s.mux.HandleFunc("/api/{method}", s.handleAPI)
	s.mux.HandleFunc("GET /socket", s.handleSocket)
	s.mux.HandleFunc("/response/", s.handleResponseURL)
	s.mux.HandleFunc("/upload/v1/", s.handleUpload)
	return s
}

// Close disconnects every socket, stops the server and waits for its
// goroutines. Calls waiting for acks return ErrClosed. Close is idempotent.
func (s *Server) Close() {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.done)
		conns := make([]*sockConn, 0, len(s.conns))
		for c := range s.conns {
			conns = append(conns, c)
		}
		s.notifyLocked()
		s.mu.Unlock()
		for _, c := range conns {
			c.close()
		}
		if s.srv != nil {
			_ = s.srv.Close()
		}
		s.wg.Wait()
		s.msgFeed.close()
		s.viewFeed.close()
	})
}

// APIURL is the Web API base URL with its trailing slash, for
// slack.OptionAPIURL.
func (s *Server) APIURL() string { return s.base + "/api/" }

// URL is the server's base URL, without a trailing slash.
func (s *Server) URL() string { return s.base }

// BotToken is the bot token (xoxb-) the Web API accepts.
func (s *Server) BotToken() string { return s.opts.BotToken }

// AppToken is the app-level token (xapp-) apps.connections.open accepts.
func (s *Server) AppToken() string { return s.opts.AppToken }

// BotUserID is the bot's user ID, as auth.test reports it.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// TeamID is the workspace ID.
func (s *Server) TeamID() string { return s.opts.TeamID }

// Handler serves the Web API (/api/), the Socket Mode websocket (/socket)
// and response URLs (/response/), so that the playground can mount the
// simulator on its own server. URLs the simulator hands out (socket, response
// URLs) still point at its own listener.
func (s *Server) Handler() http.Handler { return s.mux }

// AddUser adds a user, or replaces the one with the same ID. users.info
// answers from these; acting for an unknown user is an error.
func (s *Server) AddUser(u User) {
	if u.ID == "" {
		s.log.Error("AddUser without an ID ignored", logKeyUser, u.Name)
		return
	}
	// Loaded once here: users.info is called for nearly every command, and
	// LoadLocation reads the zone database each time.
	// One *Location per zone name, shared: each LoadLocation holds the
	// zone's whole table of transitions (kilobytes), and a workspace of
	// 200,000 people in a handful of zones would otherwise hold gigabytes.
	var loc *time.Location
	s.mu.Lock()
	loc, known := s.zoneByName[u.TZ]
	s.mu.Unlock()
	if u.TZ != "" && !known {
		var err error
		if loc, err = time.LoadLocation(u.TZ); err != nil {
			s.log.Warn("user time zone unknown; users.info will report offset 0", logKeyUser, u.ID, logKeyError, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.zoneByName == nil {
		s.zoneByName = map[string]*time.Location{}
	}
	if u.TZ != "" && loc != nil {
		s.zoneByName[u.TZ] = loc
	}
	s.addUserLocked(u)
	s.zones[u.ID] = loc
}

func (s *Server) addUserLocked(u User) {
	if _, ok := s.users[u.ID]; !ok {
		s.userOrder = append(s.userOrder, u.ID)
	}
	s.users[u.ID] = u
}

// Users lists the workspace's users, the bot first, then in the order they
// were added.
func (s *Server) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.userOrder))
	for _, id := range s.userOrder {
		out = append(out, s.users[id])
	}
	return out
}

// User returns the user with that ID.
func (s *Server) User(id string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	return u, ok
}

// AddChannel registers a public channel, so that slash commands in it carry
// its name and the bot may post there. Channels a slash command names are
// registered on the fly with their lowercased ID as name.
func (s *Server) AddChannel(id, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = &channel{ID: id, Name: name}
}

// IMChannel is the ID of the direct-message conversation between the bot
// and the user, as conversations.open returns it.
func (s *Server) IMChannel(userID string) string { return "D" + userID }

// DirectMessage returns the ID of the DM between two people, a and b (not
// the bot's IM with either), creating it on first use. Either may type a
// slash command there; its answer comes through the response_url, and an
// in_channel one is posted in the DM for both.
func (s *Server) DirectMessage(a, b string) string {
	if b < a {
		a, b = b, a
	}
	id := "D" + a + b
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.channels[id]; !ok {
		s.channels[id] = &channel{ID: id, Name: "directmessage", Members: []string{a, b}}
	}
	return id
}

// Mention is how Slack writes a mention of the user in slash command text
// when the command escapes it (should_escape: true): "<@U123|alice>".
func (s *Server) Mention(userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, ok := s.users[userID]; ok && u.Name != "" {
		return "<@" + userID + "|" + u.Name + ">"
	}
	return "<@" + userID + ">"
}

// channelLocked finds a conversation by ID, creating the IM of a known user
// on first use (Slack has one for every user whether or not it was opened).
func (s *Server) channelLocked(id string) *channel {
	if c, ok := s.channels[id]; ok {
		return c
	}
	if user, ok := strings.CutPrefix(id, "D"); ok {
		if u, ok := s.users[user]; ok && !u.IsBot {
			c := &channel{ID: id, Name: "directmessage", IM: true, User: user}
			s.channels[id] = c
			return c
		}
	}
	return nil
}

// Calls lists every Web API call and response_url POST, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// CallsTo lists the calls of one method.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Failures lists what a real Slack would have rejected or flagged: bad
// tokens, invalid blocks or views, unknown methods, expired or reused
// triggers and response URLs, late or missing acks, malformed frames. Rate
// limiting and injected faults are not failures: they are Slack working as
// documented.
func (s *Server) Failures() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.failures)
}

func (s *Server) failLocked(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.failures = append(s.failures, msg)
	s.log.Warn("failure", logKeyWhat, msg)
	s.notifyLocked()
}

func (s *Server) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failLocked(format, args...)
}

// WaitFailure returns the first recorded failure that satisfies pred, waiting
// for one until ctx ends.
func (s *Server) WaitFailure(ctx context.Context, pred func(string) bool) (string, error) {
	next := 0
	for {
		s.mu.Lock()
		for _, f := range s.failures[next:] {
			if pred(f) {
				s.mu.Unlock()
				return f, nil
			}
		}
		next, ch := len(s.failures), s.changed
		s.mu.Unlock()
		if err := s.waitChange(ctx, ch); err != nil {
			return "", fmt.Errorf("wait for failure (%d recorded, none matched): %w", next, err)
		}
	}
}

// notifyLocked wakes everything waiting for a change (WaitMessage,
// WaitConnected, WaitFailure).
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// newIDLocked returns a fresh number for IDs. IDs are sequential rather than
// random so that runs are reproducible.
func (s *Server) newIDLocked() int64 {
	s.nextID++
	return s.nextID
}

// waitChange waits until something is recorded, ctx ends or the server
// closes. ch must be s.changed read under the lock together with the state
// the caller inspected.
func (s *Server) waitChange(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.done:
		return ErrClosed
	}
}
