// Package playground serves a web page that looks and behaves like a small
// Slack workspace, in front of the Slack simulator (internal/slacksim) that
// the real mentorbot is connected to. People in the page type slash
// commands, press buttons, fill in modals and open the App Home; each of
// these goes through the simulator's user-side methods, so the bot receives
// exactly the Socket Mode envelopes a real Slack would send. A virtual clock
// (clock.Fake) can be moved forward from the page, after which the
// scheduler's DMs arrive as they would. Updates reach the page live over
// server-sent events.
//
// The page is plain HTML, CSS and JavaScript embedded in the binary; it
// needs no build step and no network.
package playground

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

//go:embed web
var webFS embed.FS

// Person is someone the page lets you be. Name, real name and zone come
// from the simulator's user of that ID.
type Person struct {
	ID    string
	Title string // e.g. "mentor · Berlin", shown in the person switcher
}

// Channel is a public channel of the workspace.
type Channel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Step is one step of the demo programme: a slash command line as a person
// would type it (mentions as @name), run as User.
type Step struct {
	User string
	Line string
}

// Options configure a Server.
type Options struct {
	Sim   *slacksim.Server
	Clock *clock.Fake
	// People are the people one can be, in the switcher's order; the first
	// is who the page starts as unless Start names another.
	People []Person
	Start  string
	// Channels are the workspace's public channels; the first is where the
	// page opens.
	Channels []Channel
	// Commands are the slash commands the app has, e.g. "/mentor".
	Commands []string
	// NextWake reports when the earliest pending notification is due (the
	// app's store.DB.NextDue); nil means there is never anything pending.
	NextWake func(ctx context.Context) (time.Time, bool, error)
	// NextPlan reports when the app next plans further notifications
	// ahead (it stores them some days ahead), and false when nothing
	// it would plan there could be due (no pairs): "next" moves the
	// clock there, and looks again, when nothing is pending before it.
	// Nil means never.
	NextPlan func(ctx context.Context) (time.Time, bool)
	// NextFor reports whom the notifications due at due (a time NextWake
	// reported) are for, as user IDs; nil leaves the page not saying.
	NextFor func(ctx context.Context, due time.Time) ([]string, error)
	// Settle lets what is due at the clock's current time go out before the
	// clock moves on; nil waits for nothing.
	Settle func(ctx context.Context) error
	// MaxStep is the longest single move of the clock while advancing, so
	// that the scheduler plans as time passes, not only at the end (default
	// one hour). The clock also stops at every pending notification's due
	// time on the way.
	MaxStep time.Duration
	// Demo returns the script of the "seed a demo programme" button for
	// the virtual time now, or no steps when the programme is no longer
	// one to seed; nil hides the button.
	Demo func(ctx context.Context, now time.Time) []Step
	// Titles returns the people's titles as of now, by ID (a role read
	// from the database: who is whose mentor), for the person switcher;
	// where it names none, or fails, Person.Title is shown. nil: always
	// Person.Title.
	Titles func(ctx context.Context) (map[string]string, error)
	// Info is shown on the page's about line (e.g. where the database is).
	Info   string
	Logger *slog.Logger
}

// Server is the playground's web server.
type Server struct {
	o     Options
	log   *slog.Logger
	mux   *http.ServeMux
	base  context.Context // ends with Close
	stop  context.CancelFunc
	clock *clock.Fake

	advanceMu sync.Mutex // one clock move at a time
	demoMu    sync.Mutex

	// clockMu orders the clock states: each gets the next version as it
	// is read, so that the page keeps the newest of those that reach it
	// by different ways (an answer, the event stream) in any order.
	clockMu      sync.Mutex
	clockVersion int64

	mu      sync.Mutex
	current string
	local   []Local
	changed chan struct{} // closed and replaced on every local change
	demo    string        // "", "running", "done", "off" (refused: no longer offered)
}

// Local is something the page shows that the bot never sees: a message a
// person typed (the simulator has no message events), the echo of a slash
// command to the person who ran it, or a note from the playground.
type Local struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"` // "message", "command", "note", "error"
	User    string `json:"user"` // the author; "" for the playground
	Channel string `json:"channel"`
	// Only is who sees it; "" means everyone who sees Channel.
	Only string `json:"only,omitempty"`
	Text string `json:"text"`
	At   int64  `json:"at"` // unix milliseconds, virtual time
	// AfterSeq is the Seq of the newest simulator message when it was
	// added, so that the page can place it among messages of the same time.
	AfterSeq int64 `json:"afterSeq"`
}

// New returns a playground for a running simulator and bot.
func New(o Options) *Server {
	if o.MaxStep <= 0 {
		o.MaxStep = time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	base, stop := context.WithCancel(context.Background())
	s := &Server{o: o, log: o.Logger.With("component", "playground"), mux: http.NewServeMux(), base: base, stop: stop,
		clock: o.Clock, changed: make(chan struct{}),
		// Versions start from the wall clock's microseconds, so that a
		// playground started again counts on from where the page's last
		// one was.
		clockVersion: time.Now().UnixMicro()}
	if len(o.People) > 0 {
		s.current = o.People[0].ID
	}
	if o.Start != "" {
		s.current = o.Start
	}
	for _, ch := range o.Channels {
		o.Sim.AddChannel(ch.ID, ch.Name)
	}
	static, _ := fs.Sub(webFS, "web")
	files := http.FileServerFS(static)
	s.mux.Handle("GET /", noCache(files))
	s.mux.HandleFunc("GET /api/state", s.handleState)
	s.mux.HandleFunc("GET /api/events", s.handleEvents)
	s.mux.HandleFunc("GET /api/file", s.handleFile)
	s.mux.HandleFunc("POST /api/person", s.post(s.apiPerson))
	s.mux.HandleFunc("POST /api/command", s.post(s.apiCommand))
	s.mux.HandleFunc("POST /api/message", s.post(s.apiMessage))
	s.mux.HandleFunc("POST /api/action", s.post(s.apiAction))
	s.mux.HandleFunc("POST /api/submit", s.post(s.apiSubmit))
	s.mux.HandleFunc("POST /api/close", s.post(s.apiClose))
	s.mux.HandleFunc("POST /api/home", s.post(s.apiHome))
	s.mux.HandleFunc("POST /api/advance", s.post(s.apiAdvance))
	s.mux.HandleFunc("POST /api/demo", s.post(s.apiDemo))
	return s
}

// Handler serves the page and its API.
func (s *Server) Handler() http.Handler { return s.mux }

// Close ends the event streams and any clock move or demo in progress, so
// that an http.Server serving Handler can shut down.
func (s *Server) Close() { s.stop() }

// AddNote shows a note from the playground in a channel ("" for the first
// channel), to everyone.
func (s *Server) AddNote(channel, text string) {
	if channel == "" && len(s.o.Channels) > 0 {
		channel = s.o.Channels[0].ID
	}
	s.addLocal(Local{Kind: "note", Channel: channel, Text: text})
}

func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
		h.ServeHTTP(w, r)
	})
}

// ---- state ----

// userJSON is a workspace member as the page knows them.
type userJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"realName"`
	TZ       string `json:"tz"`
	IsBot    bool   `json:"isBot,omitempty"`
	IsAdmin  bool   `json:"isAdmin,omitempty"`
	Title    string `json:"title,omitempty"`
	Person   bool   `json:"person,omitempty"` // one can be them
}

type clockJSON struct {
	// Version grows with every clock state read: of two, the page keeps
	// the one with the higher version, whichever arrives last.
	Version int64    `json:"version"`
	Now     int64    `json:"now"`            // unix ms
	Next    *int64   `json:"next,omitempty"` // unix ms of the next pending notification
	For     []string `json:"for,omitempty"`  // whom that notification is for (user IDs)
}

type stateJSON struct {
	Me       string        `json:"me"`
	IM       string        `json:"im"` // the DM of Me with the bot
	Bot      userJSON      `json:"bot"`
	Users    []userJSON    `json:"users"`
	Channels []Channel     `json:"channels"`
	Commands []string      `json:"commands"`
	Clock    clockJSON     `json:"clock"`
	Messages []messageJSON `json:"messages"`
	Local    []Local       `json:"local"`
	Modals   []viewJSON    `json:"modals"`
	Home     *viewJSON     `json:"home"`
	// Demo is "" (no demo) or "off" (the programme is no longer one to
	// seed): not offered; "ready", "running" or "done".
	Demo string `json:"demo"`
	Info string `json:"info"`
	// LastSeq is the Seq of the newest message, whoever sees it: the page
	// counts everyone's messages up to it, those before it loaded, as read.
	LastSeq int64 `json:"lastSeq"`
}

type messageJSON struct {
	Key       string          `json:"key"`
	Seq       int64           `json:"seq"`
	Channel   string          `json:"channel"`
	TS        string          `json:"ts"`
	ThreadTS  string          `json:"threadTs,omitempty"`
	User      string          `json:"user,omitempty"`
	Ephemeral bool            `json:"ephemeral,omitempty"`
	InChannel bool            `json:"inChannel,omitempty"`
	Via       string          `json:"via"`
	Text      string          `json:"text"`
	Blocks    json.RawMessage `json:"blocks,omitempty"`
	Metadata  json.RawMessage `json:"metadata,omitempty"`
	Updated   bool            `json:"updated,omitempty"`
	Deleted   bool            `json:"deleted,omitempty"`
	At        int64           `json:"at"` // unix ms, from TS
	Files     []fileJSON      `json:"files,omitempty"`
}

// fileJSON is a file a message shares; GET /api/file downloads it.
type fileJSON struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Title string `json:"title"`
	Size  int    `json:"size"`
}

type viewJSON struct {
	ID    string          `json:"id"`
	Type  string          `json:"type"`
	Open  bool            `json:"open"`
	Stack int             `json:"stack"`
	Hash  string          `json:"hash"`
	View  json.RawMessage `json:"view"`
}

func toMessageJSON(m slacksim.Message) messageJSON {
	var at int64
	if sec, frac, ok := strings.Cut(m.TS, "."); ok || sec != "" {
		s, _ := strconv.ParseInt(sec, 10, 64)
		us, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
		at = s*1000 + us/1000
	}
	mj := messageJSON{Key: m.Channel + "/" + m.TS, Seq: m.Seq, Channel: m.Channel, TS: m.TS, ThreadTS: m.ThreadTS, User: m.User,
		Ephemeral: m.Ephemeral, InChannel: m.InChannel, Via: m.Via, Text: m.Text, Blocks: m.Blocks, Metadata: m.Metadata,
		Updated: m.Updated, Deleted: m.Deleted, At: at}
	for _, f := range m.Files {
		mj.Files = append(mj.Files, fileJSON{ID: f.ID, Name: f.Name, Title: f.Title, Size: len(f.Content)})
	}
	return mj
}

// handleFile downloads a file shared in a message the person sees.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	user, ok := s.personParam(w, r.URL.Query().Get("user"))
	if !ok {
		return
	}
	id := r.URL.Query().Get("id")
	for _, m := range s.o.Sim.Messages() {
		if m.Deleted || !s.visible(m, user) {
			continue
		}
		for _, f := range m.Files {
			if f.ID != id {
				continue
			}
			ctype := mime.TypeByExtension(path.Ext(f.Name))
			if ctype == "" {
				ctype = "application/octet-stream"
			}
			h := w.Header()
			h.Set("Content-Type", ctype)
			h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Cache-Control", "no-store")
			_, _ = w.Write(f.Content)
			return
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("no file %q shared with %s", id, user))
}

func toViewJSON(v slacksim.View) viewJSON {
	return viewJSON{ID: v.ID, Type: v.Type, Open: v.Open, Stack: v.Stack, Hash: v.Hash, View: v.JSON}
}

// visible reports whether user sees m in Slack: their ephemerals, their DM
// with the bot, and public channels.
func (s *Server) visible(m slacksim.Message, user string) bool {
	switch {
	case m.Ephemeral:
		return m.User == user
	case strings.HasPrefix(m.Channel, "D"):
		return m.Channel == s.o.Sim.IMChannel(user)
	}
	return true
}

// audience is who sees m: one person, or everyone ("").
func (s *Server) audience(m slacksim.Message) string {
	if m.Ephemeral || strings.HasPrefix(m.Channel, "D") {
		return m.User
	}
	return ""
}

func localVisible(l Local, user string) bool {
	return l.Only == "" || l.Only == user
}

func (s *Server) isPerson(id string) bool {
	return slices.ContainsFunc(s.o.People, func(p Person) bool { return p.ID == id })
}

func (s *Server) clockState(ctx context.Context) clockJSON {
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	s.clockVersion++
	c := clockJSON{Version: s.clockVersion, Now: s.clock.Now().UnixMilli()}
	if s.o.NextWake != nil {
		if t, ok, err := s.o.NextWake(ctx); err == nil && ok {
			ms := t.UnixMilli()
			c.Next = &ms
			if s.o.NextFor != nil {
				if who, err := s.o.NextFor(ctx, t); err == nil {
					c.For = who
				} else if ctx.Err() == nil {
					s.log.Warn("whom the next notification is for", "err", err)
				}
			}
		} else if err != nil && ctx.Err() == nil {
			s.log.Warn("next notification time", "err", err)
		}
	}
	return c
}

// demoState is what the page offers of the demo, given the demo's own
// state (s.demo): "ready" only while the programme is one to seed. It
// asks with the playground's context, not a request's: a page that goes
// away meanwhile would make the question fail, and be logged.
func (s *Server) demoState(cur string) string {
	if s.o.Demo == nil {
		return ""
	}
	if cur == "" {
		if len(s.o.Demo(s.base, s.clock.Now())) == 0 {
			return "off"
		}
		return "ready"
	}
	return cur
}

func (s *Server) users(ctx context.Context) []userJSON {
	titles := map[string]string{}
	for _, p := range s.o.People {
		titles[p.ID] = p.Title
	}
	if s.o.Titles != nil {
		now, err := s.o.Titles(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("the people's titles", "err", err)
		}
		for id, t := range now {
			if _, person := titles[id]; person && t != "" {
				titles[id] = t
			}
		}
	}
	var out []userJSON
	for _, u := range s.o.Sim.Users() {
		if u.Deleted {
			continue
		}
		_, person := titles[u.ID]
		out = append(out, userJSON{ID: u.ID, Name: u.Name, RealName: u.RealName, TZ: u.TZ, IsBot: u.IsBot, IsAdmin: u.IsAdmin,
			Title: titles[u.ID], Person: person})
	}
	// People first, in the switcher's order, then everyone else.
	order := func(id string) int {
		for i, p := range s.o.People {
			if p.ID == id {
				return i
			}
		}
		return len(s.o.People)
	}
	slices.SortStableFunc(out, func(a, b userJSON) int { return order(a.ID) - order(b.ID) })
	return out
}

func (s *Server) state(ctx context.Context, user string) stateJSON {
	st, _ := s.stateAndSeen(ctx, user)
	return st
}

// stateAndSeen is state, and how many local entries (of everyone's) it
// took into account.
func (s *Server) stateAndSeen(ctx context.Context, user string) (stateJSON, int) {
	bot, _ := s.o.Sim.User(s.o.Sim.BotUserID())
	st := stateJSON{
		Me:       user,
		IM:       s.o.Sim.IMChannel(user),
		Bot:      userJSON{ID: bot.ID, Name: bot.Name, RealName: bot.RealName, IsBot: true},
		Users:    s.users(ctx),
		Channels: s.o.Channels,
		Commands: s.o.Commands,
		Clock:    s.clockState(ctx),
		Messages: []messageJSON{},
		Local:    []Local{},
		Modals:   []viewJSON{},
		Info:     s.o.Info,
	}
	for _, m := range s.o.Sim.Messages() {
		st.LastSeq = m.Seq
		if !m.Deleted && s.visible(m, user) {
			st.Messages = append(st.Messages, toMessageJSON(m))
		}
	}
	for _, v := range s.o.Sim.OpenViews(user) {
		st.Modals = append(st.Modals, toViewJSON(v))
	}
	if v, ok := s.o.Sim.HomeView(user); ok {
		vj := toViewJSON(v)
		st.Home = &vj
	}
	s.mu.Lock()
	seen := len(s.local)
	for _, l := range s.local {
		if localVisible(l, user) {
			st.Local = append(st.Local, l)
		}
	}
	demo := s.demo
	s.mu.Unlock()
	st.Demo = s.demoState(demo)
	return st, seen
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	user, ok := s.personParam(w, r.URL.Query().Get("user"))
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.state(r.Context(), user))
}

// personParam resolves the person a request acts for: the one named, or
// the current one.
func (s *Server) personParam(w http.ResponseWriter, user string) (string, bool) {
	if user == "" {
		s.mu.Lock()
		user = s.current
		s.mu.Unlock()
	}
	if !s.isPerson(user) {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unknown person %q", user))
		return "", false
	}
	return user, true
}

// ---- local entries ----

func (s *Server) addLocal(l Local) Local {
	if msgs := s.o.Sim.Messages(); len(msgs) > 0 {
		l.AfterSeq = msgs[len(msgs)-1].Seq
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l.ID = int64(len(s.local) + 1)
	l.At = s.clock.Now().UnixMilli()
	s.local = append(s.local, l)
	s.notifyLocked()
	return l
}

// nudge tells the event streams that something may have changed (the
// next notification time, the demo's progress).
func (s *Server) nudge() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notifyLocked()
}

// afterAct follows something a person did that the bot handled: what it
// queued for now (an agenda DM, a welcome) goes out first, so that the
// next notification the page is told of is the one after those.
func (s *Server) afterAct() {
	s.settle(s.base)
	s.nudge()
}

func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ---- API ----

// apiError is an error with the HTTP status and the message for the page.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// post wraps a JSON API handler: the body is a JSON object, answered with
// a JSON object or {"error": "..."}. Requests must be same-origin JSON, so
// that other web pages cannot drive the playground (a cross-site form or
// fetch cannot send application/json without a preflight we do not answer).
func (s *Server) post(h func(r *http.Request, body json.RawMessage) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, "send JSON with Content-Type: application/json")
			return
		}
		if o := r.Header.Get("Origin"); o != "" {
			if u, err := url.Parse(o); err != nil || u.Host != r.Host {
				writeError(w, http.StatusForbidden, "cross-origin requests are not allowed")
				return
			}
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			writeError(w, http.StatusRequestEntityTooLarge, "request body too large")
			return
		}
		if len(strings.TrimSpace(string(body))) == 0 {
			body = []byte("{}")
		}
		out, err := h(r, body)
		if err != nil {
			var ae *apiError
			if errors.As(err, &ae) {
				writeError(w, ae.status, ae.msg)
				return
			}
			writeError(w, http.StatusBadGateway, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func decode(body json.RawMessage, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return badRequest("bad JSON: %v", err)
	}
	return nil
}

// person checks that id is someone one can be.
func (s *Server) person(id string) error {
	if !s.isPerson(id) {
		return badRequest("unknown person %q", id)
	}
	return nil
}

// actCtx is the context of a call into the simulator: it ends with the
// playground, not with the browser's request, so that an action the bot
// has begun is seen through.
func (s *Server) actCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.base, 20*time.Second)
}

func (s *Server) apiPerson(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User string `json:"user"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.current = in.User
	s.mu.Unlock()
	return s.state(r.Context(), in.User), nil
}

// mentionMaps are the handles and channel names EscapeCommandText knows.
func (s *Server) mentionMaps() (users, channels map[string]string) {
	users, channels = map[string]string{}, map[string]string{}
	for _, u := range s.o.Sim.Users() {
		if !u.Deleted && u.Name != "" {
			users[u.Name] = u.ID
		}
	}
	for _, c := range s.o.Channels {
		channels[c.Name] = c.ID
	}
	return users, channels
}

// channelFor checks where a person types: a public channel of the
// workspace or their own DM with the bot ("" means that DM).
func (s *Server) channelFor(user, channel string) (string, error) {
	if channel == "" || channel == s.o.Sim.IMChannel(user) {
		return s.o.Sim.IMChannel(user), nil
	}
	for _, c := range s.o.Channels {
		if c.ID == channel {
			return channel, nil
		}
	}
	return "", badRequest("unknown channel %q", channel)
}

type commandOut struct {
	Command string       `json:"command"`
	Text    string       `json:"text"` // as sent to the app, escaped
	Answer  *messageJSON `json:"answer,omitempty"`
	Error   string       `json:"error,omitempty"`
	Clock   clockJSON    `json:"clock"`
}

func (s *Server) apiCommand(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User    string `json:"user"`
		Channel string `json:"channel"`
		Text    string `json:"text"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	channel, err := s.channelFor(in.User, in.Channel)
	if err != nil {
		return nil, err
	}
	out, err := s.runCommand(in.User, channel, in.Text)
	if err != nil {
		return nil, err
	}
	out.Clock = s.clockState(r.Context())
	return out, nil
}

// runCommand runs a command line as the person would type it in channel.
func (s *Server) runCommand(user, channel, line string) (*commandOut, error) {
	command, text, ok := ParseCommandLine(line)
	if !ok {
		return nil, badRequest("%q is not a slash command", line)
	}
	if len(s.o.Commands) > 0 && !slices.Contains(s.o.Commands, command) {
		return nil, badRequest("%s is not a valid command. In Slack, all messages that start with the \"/\" character are interpreted as commands. Try %s.",
			command, strings.Join(s.o.Commands, ", "))
	}
	users, channels := s.mentionMaps()
	sent := EscapeCommandText(text, users, channels)
	s.addLocal(Local{Kind: "command", User: user, Channel: channel, Only: user, Text: strings.TrimSpace(command + " " + text)})
	ctx, cancel := s.actCtx()
	defer cancel()
	res, err := s.o.Sim.SlashCommand(ctx, user, channel, command, sent)
	out := &commandOut{Command: command, Text: sent}
	if res != nil && res.Message != nil {
		m := toMessageJSON(*res.Message)
		out.Answer = &m
	}
	if err != nil {
		out.Error = slackFailure(command, err)
		s.addLocal(Local{Kind: "error", Channel: channel, Only: user, Text: out.Error})
	}
	s.afterAct()
	return out, nil
}

// slackFailure is what Slack's client shows when a command fails.
func slackFailure(command string, err error) string {
	switch {
	case errors.Is(err, slacksim.ErrAckTimeout):
		return fmt.Sprintf("%s failed with the error \"operation_timeout\"", command)
	case errors.Is(err, slacksim.ErrNotConnected):
		return fmt.Sprintf("%s failed with the error \"dispatch_failed\" (the bot is not connected)", command)
	case errors.Is(err, slacksim.ErrInvalidResponse):
		return fmt.Sprintf("%s: Slack would reject the app's answer: %v", command, err)
	}
	return fmt.Sprintf("%s failed: %v", command, err)
}

func (s *Server) apiMessage(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User    string `json:"user"`
		Channel string `json:"channel"`
		Text    string `json:"text"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	channel, err := s.channelFor(in.User, in.Channel)
	if err != nil {
		return nil, err
	}
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return nil, badRequest("empty message")
	}
	if len(text) > 4000 {
		return nil, badRequest("message too long")
	}
	users, channels := s.mentionMaps()
	l := Local{Kind: "message", User: in.User, Channel: channel, Text: EscapeCommandText(text, users, channels)}
	if strings.HasPrefix(channel, "D") {
		l.Only = in.User
	}
	out := s.addLocal(l)
	if strings.HasPrefix(channel, "D") && s.o.Sim.Connected() {
		// Written to the bot, in its DM: Slack tells the bot.
		ctx, cancel := s.actCtx()
		defer cancel()
		if err := s.o.Sim.MessageEvent(ctx, in.User, l.Text); err != nil {
			return map[string]string{"error": err.Error()}, nil
		}
	}
	return out, nil
}

type actionIn struct {
	User     string          `json:"user"`
	Channel  string          `json:"channel"`
	TS       string          `json:"ts"`
	ViewID   string          `json:"viewId"`
	ActionID string          `json:"actionId"`
	Kind     string          `json:"kind"` // "button" or "select"
	Value    json.RawMessage `json:"value"`
}

type actionOut struct {
	Sent  bool      `json:"sent"` // an envelope went to the bot
	Error string    `json:"error,omitempty"`
	Clock clockJSON `json:"clock"`
}

// apiAction presses a button or makes a choice in a message, a modal or
// the App Home.
func (s *Server) apiAction(r *http.Request, body json.RawMessage) (any, error) {
	var in actionIn
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	if in.ActionID == "" {
		return nil, badRequest("actionId is required")
	}
	msg := slacksim.Message{Channel: in.Channel, TS: in.TS, ViewID: in.ViewID}
	if in.ViewID == "" && (in.Channel == "" || in.TS == "") {
		return nil, badRequest("name the message (channel and ts) or the view (viewId)")
	}
	ctx, cancel := s.actCtx()
	defer cancel()
	var res *slacksim.InteractionResult
	var err error
	switch in.Kind {
	case "button":
		var value string
		if len(in.Value) > 0 && string(in.Value) != "null" {
			if err := json.Unmarshal(in.Value, &value); err != nil {
				return nil, badRequest("a button's value is a string")
			}
		}
		res, err = s.o.Sim.ClickButtonValue(ctx, in.User, msg, in.ActionID, value)
	case "select":
		var one string
		var many []string
		switch {
		case json.Unmarshal(in.Value, &one) == nil:
			res, err = s.o.Sim.SelectOption(ctx, in.User, msg, in.ActionID, one)
		case json.Unmarshal(in.Value, &many) == nil:
			res, err = s.o.Sim.SelectOptions(ctx, in.User, msg, in.ActionID, many)
		default:
			return nil, badRequest("a choice is a string or a list of strings")
		}
	default:
		return nil, badRequest("kind must be button or select")
	}
	out := actionOut{Sent: res != nil && res.EnvelopeID != ""}
	if err != nil {
		out.Error = err.Error()
		if errors.Is(err, slacksim.ErrAckTimeout) {
			out.Error = "This app took too long to respond (operation_timeout)."
		}
	}
	s.afterAct()
	out.Clock = s.clockState(r.Context())
	return out, nil
}

type submitOut struct {
	Closed bool              `json:"closed"`
	Errors map[string]string `json:"errors,omitempty"`
	Error  string            `json:"error,omitempty"`
	Clock  clockJSON         `json:"clock"`
}

func (s *Server) apiSubmit(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User   string                                `json:"user"`
		ViewID string                                `json:"viewId"`
		Values map[string]map[string]json.RawMessage `json:"values"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	values := map[string]map[string]any{}
	for bid, acts := range in.Values {
		values[bid] = map[string]any{}
		for aid, raw := range acts {
			var one string
			var many []string
			switch {
			case string(raw) == "null":
				values[bid][aid] = nil
			case json.Unmarshal(raw, &one) == nil:
				values[bid][aid] = one
			case json.Unmarshal(raw, &many) == nil:
				values[bid][aid] = many
			default:
				return nil, badRequest("value of %s/%s must be a string or a list of strings", bid, aid)
			}
		}
	}
	ctx, cancel := s.actCtx()
	defer cancel()
	res, err := s.o.Sim.SubmitView(ctx, in.User, in.ViewID, values)
	out := submitOut{}
	if res != nil {
		out.Closed, out.Errors = res.Closed, res.Errors
	}
	var inputErr *slacksim.InputError
	if err != nil {
		out.Error = err.Error()
		switch {
		case errors.As(err, &inputErr) && inputErr.BlockID != "":
			// Slack's client says it under the input, in words for people.
			out.Error, out.Errors = "", map[string]string{inputErr.BlockID: inputErr.Message}
		case errors.Is(err, slacksim.ErrAckTimeout):
			out.Error = "We had some trouble connecting. Try again? (the app did not respond in time)"
		case errors.Is(err, slacksim.ErrNotSubmittable):
			out.Error = strings.TrimPrefix(err.Error(), slacksim.ErrNotSubmittable.Error()+": ")
		}
	}
	s.afterAct()
	out.Clock = s.clockState(r.Context())
	return out, nil
}

func (s *Server) apiClose(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User   string `json:"user"`
		ViewID string `json:"viewId"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	ctx, cancel := s.actCtx()
	defer cancel()
	if err := s.o.Sim.CloseView(ctx, in.User, in.ViewID); err != nil {
		return map[string]string{"error": err.Error()}, nil
	}
	return map[string]string{}, nil
}

// apiHome opens the App Home tab: app_home_opened goes to the bot, which
// publishes the view; the page receives it as a "home" event.
func (s *Server) apiHome(r *http.Request, body json.RawMessage) (any, error) {
	var in struct {
		User string `json:"user"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := s.person(in.User); err != nil {
		return nil, err
	}
	ctx, cancel := s.actCtx()
	defer cancel()
	if err := s.o.Sim.OpenEvent(ctx, in.User); err != nil {
		return map[string]string{"error": err.Error()}, nil
	}
	return map[string]string{}, nil
}
