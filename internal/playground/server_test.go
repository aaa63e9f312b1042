package playground

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

var testStart = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)

type fixture struct {
	t     *testing.T
	sim   *slacksim.Server
	clock *clock.Fake
	pg    *Server
	srv   *httptest.Server

	mu      sync.Mutex
	due     []time.Time // what NextWake reports, earliest first
	settled []time.Time // the clock at each Settle
	// nowDue is due already, before due: NextWake reports it until the
	// next Settle sends it.
	nowDue []time.Time
	who    map[time.Time][]string // NextFor
	pairs  int                    // the demo is offered while there are none
}

// newFixture is a playground over a simulator with no bot connected: what
// needs no bot can be tested here; cmd/mentorbot tests it with the bot.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: clock.NewFake(testStart)}
	// No bot ever connects: a call that needs one fails at once.
	f.sim = slacksim.New(slacksim.Options{Clock: f.clock, ConnectTimeout: 50 * time.Millisecond})
	f.sim.AddUser(slacksim.User{ID: "UALICE", Name: "alice", RealName: "Alice Adams", TZ: "Europe/Berlin"})
	f.sim.AddUser(slacksim.User{ID: "UBOB", Name: "bob", RealName: "Bob Brown", TZ: "America/New_York"})
	f.pg = New(Options{
		Sim:      f.sim,
		Clock:    f.clock,
		People:   []Person{{ID: "UALICE", Title: "mentor"}, {ID: "UBOB", Title: "mentee"}},
		Channels: []Channel{{ID: "C0GENERAL", Name: "general"}},
		Commands: []string{"/mentor", "/goal", "/session"},
		NextWake: func(context.Context) (time.Time, bool, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			now := f.clock.Now()
			if len(f.nowDue) > 0 {
				return f.nowDue[0], true, nil
			}
			for _, d := range f.due {
				if d.After(now) {
					return d, true, nil
				}
			}
			return time.Time{}, false, nil
		},
		Settle: func(context.Context) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.settled = append(f.settled, f.clock.Now())
			f.nowDue = nil
			return nil
		},
		NextFor: func(_ context.Context, due time.Time) ([]string, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.who[due.UTC()], nil
		},
		Demo: func(context.Context, time.Time) []Step {
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.pairs > 0 {
				return nil
			}
			return []Step{{User: "UALICE", Line: "/mentor help"}}
		},
		MaxStep: 6 * time.Hour,
		Info:    "test",
	})
	f.srv = httptest.NewServer(f.pg.Handler())
	t.Cleanup(func() {
		f.pg.Close()
		f.srv.Close()
		f.sim.Close()
	})
	return f
}

func (f *fixture) post(path string, body any, out any) int {
	f.t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(f.srv.URL+path, "application/json", strings.NewReader(string(b)))
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			f.t.Fatalf("POST %s: %s: %v", path, data, err)
		}
	}
	return resp.StatusCode
}

func (f *fixture) state(user string) stateJSON {
	f.t.Helper()
	resp, err := http.Get(f.srv.URL + "/api/state?user=" + user)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	var st stateJSON
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		f.t.Fatal(err)
	}
	return st
}

func TestPlaygroundPageAndAssetsAreServed(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/":           `data-app="mentorbot-playground"`,
		"/app.js":     "EventSource",
		"/mrkdwn.js":  "export function renderMrkdwn",
		"/blocks.js":  "export function renderBlocks",
		"/app.css":    ".modal",
		"/index.html": "<title>mentorbot playground</title>",
	} {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d, want 200 with %q", path, resp.StatusCode, want)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q", path, csp)
		}
	}
	// Nothing in the page loads from elsewhere.
	for _, name := range []string{"index.html", "app.js", "blocks.js", "mrkdwn.js", "app.css"} {
		b, err := webFS.ReadFile("web/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"src=\"http", "href=\"http", "@import", "url(http", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
}

func TestPlaygroundStateStartsAsTheFirstPersonAndSwitches(t *testing.T) {
	f := newFixture(t)
	st := f.state("")
	if st.Me != "UALICE" || st.IM != f.sim.IMChannel("UALICE") {
		t.Fatalf("state me = %q, im = %q", st.Me, st.IM)
	}
	if st.Clock.Now != testStart.UnixMilli() {
		t.Errorf("clock = %d, want %d", st.Clock.Now, testStart.UnixMilli())
	}
	if len(st.Users) < 2 || st.Users[0].ID != "UALICE" || !st.Users[0].Person || st.Users[0].Title != "mentor" || st.Users[0].TZ != "Europe/Berlin" {
		t.Errorf("users = %+v", st.Users)
	}
	var sw stateJSON
	if code := f.post("/api/person", map[string]string{"user": "UBOB"}, &sw); code != 200 || sw.Me != "UBOB" {
		t.Fatalf("switch: %d %+v", code, sw.Me)
	}
	if st := f.state(""); st.Me != "UBOB" {
		t.Errorf("after switching, state is for %q", st.Me)
	}
	var e map[string]string
	if code := f.post("/api/person", map[string]string{"user": "UNOBODY"}, &e); code != 400 || e["error"] == "" {
		t.Errorf("switch to unknown: %d %v", code, e)
	}
}

// The page counts what came before it loaded as read, for everyone it can
// become: so the state tells the newest message of anyone's, not only of
// those the person on screen sees.
func TestPlaygroundStateTellsTheLastMessageOfAnyone(t *testing.T) {
	f := newFixture(t)
	if st := f.state("UALICE"); st.LastSeq != 0 {
		t.Errorf("with no messages, lastSeq = %d", st.LastSeq)
	}
	api := slack.New(f.sim.BotToken(), slack.OptionAPIURL(f.sim.APIURL()))
	for _, user := range []string{"UALICE", "UBOB", "UBOB"} {
		if _, _, err := api.PostMessageContext(context.Background(), f.sim.IMChannel(user), slack.MsgOptionText("hi", false)); err != nil {
			t.Fatal(err)
		}
	}
	msgs := f.sim.Messages()
	last := msgs[len(msgs)-1].Seq
	st := f.state("UALICE")
	if len(st.Messages) != 1 || st.LastSeq != last || st.LastSeq <= st.Messages[0].Seq {
		t.Errorf("alice's state: %d messages, lastSeq = %d, want %d (bob's last DM)", len(st.Messages), st.LastSeq, last)
	}
}

func TestPlaygroundAPIRefusesCrossSiteAndNonJSON(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Post(f.srv.URL+"/api/message", "application/x-www-form-urlencoded", strings.NewReader("user=UALICE&text=hi"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("form post: %d", resp.StatusCode)
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/message", strings.NewReader(`{"user":"UALICE","text":"hi"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin post: %d", resp.StatusCode)
	}
	if n := len(f.state("UALICE").Local); n != 0 {
		t.Errorf("%d local entries after refused posts", n)
	}
}

func TestPlaygroundTypedMessagesAreLocalAndEscaped(t *testing.T) {
	f := newFixture(t)
	var l Local
	if code := f.post("/api/message", map[string]string{"user": "UBOB", "channel": "C0GENERAL", "text": "hi @alice <b>&</b> @here"}, &l); code != 200 {
		t.Fatalf("message: %d", code)
	}
	if l.Text != "hi <@UALICE|alice> &lt;b&gt;&amp;&lt;/b&gt; <!here>" || l.Channel != "C0GENERAL" || l.Only != "" {
		t.Errorf("local = %+v", l)
	}
	// A message in one's own DM with the bot is seen by nobody else.
	f.post("/api/message", map[string]string{"user": "UBOB", "text": "note to self"}, &l)
	if l.Only != "UBOB" || l.Channel != f.sim.IMChannel("UBOB") {
		t.Errorf("DM local = %+v", l)
	}
	if got := len(f.state("UALICE").Local); got != 1 {
		t.Errorf("alice sees %d local entries, want 1", got)
	}
	if got := len(f.state("UBOB").Local); got != 2 {
		t.Errorf("bob sees %d local entries, want 2", got)
	}
	var e map[string]string
	if code := f.post("/api/message", map[string]string{"user": "UBOB", "channel": "DUALICE", "text": "x"}, &e); code != 400 {
		t.Errorf("message in someone else's DM: %d %v", code, e)
	}
}

func TestPlaygroundUnknownCommandIsRefusedLikeSlack(t *testing.T) {
	f := newFixture(t)
	var e map[string]string
	if code := f.post("/api/command", map[string]string{"user": "UALICE", "text": "/remind me"}, &e); code != 400 || !strings.Contains(e["error"], "/remind is not a valid command") {
		t.Errorf("unknown command: %d %v", code, e)
	}
	if code := f.post("/api/command", map[string]string{"user": "UALICE", "text": "hello"}, &e); code != 400 {
		t.Errorf("not a command: %d %v", code, e)
	}
}

func TestPlaygroundAdvanceStopsAtEachNotificationAndSettles(t *testing.T) {
	f := newFixture(t)
	f.mu.Lock()
	f.due = []time.Time{testStart.Add(90 * time.Minute), testStart.Add(10 * time.Hour)}
	f.mu.Unlock()
	var out advanceOut
	if code := f.post("/api/advance", map[string]string{"by": "1d"}, &out); code != 200 {
		t.Fatalf("advance: %d", code)
	}
	if want := testStart.Add(24 * time.Hour); !f.clock.Now().Equal(want) || out.Clock.Now != want.UnixMilli() || out.From != testStart.UnixMilli() {
		t.Fatalf("after a day the clock is %v (answer %d), want %v", f.clock.Now(), out.Clock.Now, want)
	}
	f.mu.Lock()
	settled := slices.Clone(f.settled)
	f.mu.Unlock()
	// Every due time is a stop, and no step is longer than MaxStep.
	for _, d := range f.due {
		if !slices.ContainsFunc(settled, d.Equal) {
			t.Errorf("the clock did not stop at %v: %v", d, settled)
		}
	}
	for i := 1; i < len(settled); i++ {
		if settled[i].Sub(settled[i-1]) > 6*time.Hour {
			t.Errorf("a step of %v", settled[i].Sub(settled[i-1]))
		}
	}
	if last := settled[len(settled)-1]; !last.Equal(testStart.Add(24 * time.Hour)) {
		t.Errorf("last settle at %v", last)
	}

	// To the next notification; then nothing is left.
	f.mu.Lock()
	f.due = append(f.due, testStart.Add(50*time.Hour))
	f.mu.Unlock()
	f.post("/api/advance", map[string]string{"to": "next"}, &out)
	if !f.clock.Now().Equal(testStart.Add(50 * time.Hour)) {
		t.Errorf("to next: clock %v", f.clock.Now())
	}
	out = advanceOut{}
	f.post("/api/advance", map[string]string{"to": "next"}, &out)
	if out.Note == "" || !f.clock.Now().Equal(testStart.Add(50*time.Hour)) {
		t.Errorf("to next with nothing pending: %+v, clock %v", out, f.clock.Now())
	}
	// 213504d wraps around past the largest Duration when multiplied out.
	for _, bad := range []string{"-1h", "0s", "soon", "400d", "213504d", "30501w"} {
		var e map[string]string
		if code := f.post("/api/advance", map[string]string{"by": bad}, &e); code != 400 {
			t.Errorf("advance by %q: %d %v", bad, code, e)
		}
	}
}

func TestPlaygroundParseStep(t *testing.T) {
	for in, want := range map[string]time.Duration{"1h": time.Hour, "90m": 90 * time.Minute, "1d": 24 * time.Hour, "2w": 14 * 24 * time.Hour} {
		if got, err := parseStep(in); err != nil || got != want {
			t.Errorf("parseStep(%q) = %v, %v", in, got, err)
		}
	}
}

// sseEvent is one server-sent event.
type sseEvent struct {
	name string
	data string
}

func readEvents(t *testing.T, body io.Reader) <-chan sseEvent {
	ch := make(chan sseEvent, 64)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(body)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	return ch
}

func waitEvent(t *testing.T, ch <-chan sseEvent, name string, pred func(string) bool) string {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("event stream ended before a %q event", name)
			}
			if ev.name == name && (pred == nil || pred(ev.data)) {
				return ev.data
			}
		case <-timeout:
			t.Fatalf("no %q event", name)
		}
	}
}

func TestPlaygroundEventsStreamStateLocalAndClock(t *testing.T) {
	f := newFixture(t)
	f.post("/api/message", map[string]string{"user": "UALICE", "channel": "C0GENERAL", "text": "before"}, nil)
	resp, err := http.Get(f.srv.URL + "/api/events?user=UBOB")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	events := readEvents(t, resp.Body)
	var st stateJSON
	if err := json.Unmarshal([]byte(waitEvent(t, events, "state", nil)), &st); err != nil {
		t.Fatal(err)
	}
	if st.Me != "UBOB" || len(st.Local) != 1 || st.Local[0].Text != "before" {
		t.Fatalf("first event state = %+v", st)
	}
	f.post("/api/message", map[string]string{"user": "UALICE", "channel": "C0GENERAL", "text": "after"}, nil)
	waitEvent(t, events, "local", func(d string) bool { return strings.Contains(d, `"after"`) })
	f.post("/api/advance", map[string]string{"by": "1w"}, nil)
	want := testStart.Add(7 * 24 * time.Hour).UnixMilli()
	waitEvent(t, events, "clock", func(d string) bool {
		var c clockJSON
		return json.Unmarshal([]byte(d), &c) == nil && c.Now == want
	})
	// Close ends the stream.
	f.pg.Close()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the event stream did not end on Close")
		}
	}
}

func TestPlaygroundShowsSharedFilesAndDownloadsThem(t *testing.T) {
	f := newFixture(t)
	api := slack.New(f.sim.BotToken(), slack.OptionAPIURL(f.sim.APIURL()))
	content := "section,figure\npairs,3\n"
	if _, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{Filename: "report.csv", FileSize: len(content),
		Content: content, Title: "Programme report", InitialComment: "The report", Channel: f.sim.IMChannel("UALICE")}); err != nil {
		t.Fatal(err)
	}
	var shared *fileJSON
	for _, m := range f.state("UALICE").Messages {
		if len(m.Files) == 1 {
			shared = &m.Files[0]
		}
	}
	if shared == nil || shared.Name != "report.csv" || shared.Title != "Programme report" || shared.Size != len(content) {
		t.Fatalf("shared file in alice's state = %+v", shared)
	}
	get := func(user string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(f.srv.URL + "/api/file?user=" + user + "&id=" + shared.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	resp, body := get("UALICE")
	if resp.StatusCode != 200 || body != content || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename=report.csv`) ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("alice's download: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	// Bob does not see alice's DM, so he cannot download its file.
	if resp, _ := get("UBOB"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("bob's download of alice's file: %d", resp.StatusCode)
	}
}

// A command's answer tells the next notification as it is once what the
// command queued for now (an agenda DM, say) has gone out, not "due now";
// and every clock state has a version greater than those read before it,
// so that the page keeps the newest whichever way it comes.
func TestPlaygroundCommandAnswersTheClockAfterWhatItQueuedWentOut(t *testing.T) {
	f := newFixture(t)
	later := testStart.Add(6 * time.Hour)
	f.mu.Lock()
	f.due = []time.Time{later}
	f.mu.Unlock()
	resp, err := http.Get(f.srv.URL + "/api/events?user=UBOB")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	events := readEvents(t, resp.Body)
	var st stateJSON
	if err := json.Unmarshal([]byte(waitEvent(t, events, "state", nil)), &st); err != nil {
		t.Fatal(err)
	}
	// The command queues a DM due at once (the fixture has no bot to do it).
	f.mu.Lock()
	f.nowDue = []time.Time{testStart}
	f.mu.Unlock()
	var out commandOut
	if code := f.post("/api/command", map[string]string{"user": "UBOB", "text": "/mentor meet @alice weekly tue 10:00"}, &out); code != 200 {
		t.Fatalf("command: %d", code)
	}
	if out.Clock.Next == nil || *out.Clock.Next != later.UnixMilli() {
		t.Errorf("after the command the next notification is %v, want %v (the one due now went out)", msPtr(out.Clock.Next), later)
	}
	if out.Clock.Version <= st.Clock.Version {
		t.Errorf("the command's clock has version %d, not above the earlier state's %d", out.Clock.Version, st.Clock.Version)
	}
	// The stream pushes the same, with a version that still grows.
	var pushed clockJSON
	waitEvent(t, events, "clock", func(d string) bool {
		return json.Unmarshal([]byte(d), &pushed) == nil && pushed.Next != nil && *pushed.Next == later.UnixMilli()
	})
	if pushed.Version <= st.Clock.Version {
		t.Errorf("a pushed clock has version %d, not above the earlier state's %d", pushed.Version, st.Clock.Version)
	}
	if again := f.state("UBOB").Clock.Version; again <= max(out.Clock.Version, pushed.Version) {
		t.Errorf("a later state's clock has version %d, not above %d and %d", again, out.Clock.Version, pushed.Version)
	}
}

func msPtr(ms *int64) any {
	if ms == nil {
		return "none"
	}
	return time.UnixMilli(*ms).UTC()
}

// The page says whom the next notification is for.
func TestPlaygroundClockSaysWhomTheNextNotificationIsFor(t *testing.T) {
	f := newFixture(t)
	due := testStart.Add(3 * time.Hour)
	f.mu.Lock()
	f.due = []time.Time{due}
	f.who = map[time.Time][]string{due: {"UBOB"}}
	f.mu.Unlock()
	c := f.state("UALICE").Clock
	if c.Next == nil || *c.Next != due.UnixMilli() || !slices.Equal(c.For, []string{"UBOB"}) {
		t.Errorf("the clock says the next notification is at %v for %v, want %v for [UBOB]", msPtr(c.Next), c.For, due)
	}
}

// The demo is offered only while the programme is empty: the page's state
// says so before anyone presses the button, and a refusal is a sentence.
func TestPlaygroundDemoIsNotOfferedOnceThereArePairs(t *testing.T) {
	f := newFixture(t)
	if d := f.state("UALICE").Demo; d != "ready" {
		t.Errorf("an empty programme's demo is %q, want ready", d)
	}
	f.mu.Lock()
	f.pairs = 1
	f.mu.Unlock()
	if d := f.state("UALICE").Demo; d != "off" {
		t.Errorf("with a pair the demo is %q, want off (not offered)", d)
	}
	var e map[string]string
	if code := f.post("/api/demo", map[string]string{}, &e); code != http.StatusConflict {
		t.Fatalf("demo with a pair: %d %v", code, e)
	}
	if msg := e["error"]; msg == "" || strings.ToUpper(msg[:1]) != msg[:1] || !strings.HasSuffix(msg, ".") {
		t.Errorf("the refusal %q does not read as a sentence", msg)
	}
}
