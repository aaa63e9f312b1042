package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// lockedBuffer is an io.Writer the test can read while run writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var playgroundURL = regexp.MustCompile(`mentorbot playground: open (http://127\.0\.0\.1:\d+/)`)

// startPlayground runs `mentorbot playground -addr 127.0.0.1:0` as main
// would and returns the URL it printed.
func startPlayground(t *testing.T, vars map[string]string) (url string, stdout *lockedBuffer, stop func() error) {
	t.Helper()
	url, stdout, _, stop = startPlaygroundLogs(t, vars)
	return url, stdout, stop
}

// startPlaygroundLogs is startPlayground that returns its log (stderr)
// too.
func startPlaygroundLogs(t *testing.T, vars map[string]string) (url string, stdout, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &lockedBuffer{}, &lockedBuffer{}
	env := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"playground", "-addr", "127.0.0.1:0"}, env, stdout, stderr) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			t.Fatal("playground did not stop within 15s of cancel")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// The banner is written a line at a time: wait for its last, so
		// that a test reading it finds it whole.
		out := stdout.String()
		if m := playgroundURL.FindStringSubmatch(out); m != nil && strings.Contains(out, "press Ctrl+C to stop") {
			return m[1], stdout, stderr, stop
		}
		select {
		case err := <-done:
			t.Fatalf("playground stopped at start: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("playground printed no URL\nstdout: %s\nstderr: %s", stdout, stderr)
	return "", nil, nil, nil
}

func postJSON(t *testing.T, url string, body any, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("POST %s: %s: %v", url, data, err)
		}
	}
}

type pgMessage struct {
	Key       string `json:"key"`
	Channel   string `json:"channel"`
	User      string `json:"user"`
	Ephemeral bool   `json:"ephemeral"`
	Via       string `json:"via"`
	Text      string `json:"text"`
	Blocks    json.RawMessage
}

type pgState struct {
	Me       string      `json:"me"`
	Demo     string      `json:"demo"`
	Messages []pgMessage `json:"messages"`
	Clock    struct {
		Now int64 `json:"now"`
	} `json:"clock"`
	Users []struct {
		ID     string `json:"id"`
		TZ     string `json:"tz"`
		Person bool   `json:"person"`
		Title  string `json:"title"`
	} `json:"users"`
}

// titles are the titles under the people's names in the person switcher.
func (st pgState) titles() map[string]string {
	out := map[string]string{}
	for _, u := range st.Users {
		if u.Person {
			out[u.ID] = u.Title
		}
	}
	return out
}

// The titles under the people's names follow the programme: Carol, said
// to be "not in a pair", stayed so after she was paired.
func TestPlaygroundPeopleTitlesFollowThePairs(t *testing.T) {
	base, _, _ := startPlayground(t, nil)
	before := getState(t, base, "UDANA").titles()
	if before["UCAROL"] != "not in a pair · Tokyo" || before["UALICE"] != "mentor · Berlin" {
		t.Errorf("before any pair, the titles are %q", before)
	}
	for _, line := range []string{"/mentor pair @alice @bob", "/mentor pair @erin @carol"} {
		pgCommand(t, base, "UDANA", line, "Paired")
	}
	wantTitles(t, base, "once paired", map[string]string{
		"UALICE": "mentor of Bob · Berlin",
		"UBOB":   "mentee of Alice · New York",
		"UCAROL": "mentee of Erin · Tokyo",
		"UERIN":  "mentor of Carol · Los Angeles",
		"UFARID": "not in a pair · Bengaluru",
		"UDANA":  "programme admin · not in a pair · London",
	})
}

// Once every pair has ended, the titles say so: those who were in one are
// not in a pair now, rather than back to the roles the welcome suggests
// before any pair is made ("mentor · Berlin").
func TestPlaygroundTitlesOnceEveryPairEnded(t *testing.T) {
	base, _, _ := startPlayground(t, nil)
	pgCommand(t, base, "UDANA", "/mentor pair @alice @bob", "Paired")
	pgCommand(t, base, "UALICE", "/mentor end @bob", "has ended")
	wantTitles(t, base, "once the only pair ended", map[string]string{
		"UALICE": "not in a pair · Berlin",
		"UBOB":   "not in a pair · New York",
		"UCAROL": "not in a pair · Tokyo",
		"UERIN":  "not in a pair · Los Angeles",
		"UDANA":  "programme admin · not in a pair · London",
	})
	// With no live pair, nothing planned later could be due: "next"
	// leaves the clock where it is.
	before := getState(t, base, "UDANA").Clock.Now
	if note, now := pgNext(t, base); now != before {
		t.Errorf("next once every pair ended: clock %d → %d, note %q", before, now, note)
	}
}

func getState(t *testing.T, base, user string) pgState {
	t.Helper()
	resp, err := http.Get(base + "api/state?user=" + user)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st pgState
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// pgCommand types line as user in the playground's #general and returns
// the bot's answer, failing the test unless it holds want.
func pgCommand(t *testing.T, base, user, line, want string) string {
	t.Helper()
	var out struct {
		Answer struct{ Text string } `json:"answer"`
	}
	postJSON(t, base+"api/command", map[string]string{"user": user, "channel": playgroundGeneral, "text": line}, &out)
	if !strings.Contains(out.Answer.Text, want) {
		t.Fatalf("%s answered %q, want it to hold %q", line, out.Answer.Text, want)
	}
	return out.Answer.Text
}

// pgNext moves the playground's clock to the next notification and
// returns its note and the clock after.
func pgNext(t *testing.T, base string) (note string, now int64) {
	t.Helper()
	var out struct {
		Note  string `json:"note"`
		Clock struct {
			Now int64 `json:"now"`
		} `json:"clock"`
	}
	postJSON(t, base+"api/advance", map[string]string{"to": "next"}, &out)
	return out.Note, out.Clock.Now
}

// wantTitles checks the people's titles the page shows; when says when.
func wantTitles(t *testing.T, base, when string, want map[string]string) {
	t.Helper()
	got := getState(t, base, "UDANA").titles()
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s, %s's title is %q, want %q", when, id, got[id], w)
		}
	}
}

func TestPlaygroundRunsTheBotInABrowserPage(t *testing.T) {
	base, stdout, stop := startPlayground(t, map[string]string{
		// Ignored: the playground never talks to a real Slack.
		"SLACK_API_URL":   "https://slack.invalid/api/",
		"SLACK_BOT_TOKEN": "xoxb-real",
	})
	dbLine := regexp.MustCompile(`database: (\S+mentorbot\.db) \(new and temporary`).FindStringSubmatch(stdout.String())
	if dbLine == nil {
		t.Fatalf("no temporary database named at start:\n%s", stdout)
	}
	if _, err := os.Stat(dbLine[1]); err != nil {
		t.Fatalf("database %s: %v", dbLine[1], err)
	}

	// The page.
	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), `data-app="mentorbot-playground"`) || !strings.Contains(string(page), `src="app.js"`) {
		t.Fatalf("GET /: %d\n%s", resp.StatusCode, page)
	}

	st := getState(t, base, "UBOB")
	if st.Me != "UBOB" {
		t.Fatalf("state is for %q", st.Me)
	}
	zones := map[string]string{}
	for _, u := range st.Users {
		if u.Person {
			zones[u.ID] = u.TZ
		}
	}
	for id, tz := range map[string]string{"UALICE": "Europe/Berlin", "UBOB": "America/New_York", "UDANA": "Europe/London", "UCAROL": "Asia/Tokyo"} {
		if zones[id] != tz {
			t.Errorf("person %s in %q, want %q", id, zones[id], tz)
		}
	}
	start := st.Clock.Now
	if wall := time.Now().UnixMilli(); start%60000 != 0 || start < wall-2*60000 || start > wall+2*60000 {
		t.Errorf("virtual clock starts at %d, want the current time rounded to the minute (%d)", start, wall)
	}

	// Live events for the mentee, from before the command.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"api/events?user=UBOB", nil)
	evResp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer evResp.Body.Close()
	events := make(chan [2]string, 256)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(evResp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "event: "); ok {
				name = n
			} else if d, ok := strings.CutPrefix(line, "data: "); ok {
				events <- [2]string{name, d}
			}
		}
	}()
	waitFor := func(name string, pred func(string) bool) string {
		t.Helper()
		timeout := time.After(waitLimit)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					t.Fatalf("event stream ended waiting for %q", name)
				}
				if ev[0] == name && pred(ev[1]) {
					return ev[1]
				}
			case <-timeout:
				t.Fatalf("no %q event", name)
			}
		}
	}
	waitFor("state", func(string) bool { return true })

	// A slash command typed by the mentee goes to the bot through the
	// simulator; the answer only they see comes back.
	var out struct {
		Command string     `json:"command"`
		Text    string     `json:"text"`
		Answer  *pgMessage `json:"answer"`
		Error   string     `json:"error"`
	}
	postJSON(t, base+"api/command", map[string]string{"user": "UBOB", "channel": "", "text": "/goal add Run a 10k with @alice & friends by 2027-06-30"}, &out)
	if out.Error != "" || out.Answer == nil || !out.Answer.Ephemeral || out.Answer.User != "UBOB" || out.Answer.Via != "ack" {
		t.Fatalf("command answer = %+v", out)
	}
	if out.Command != "/goal" || out.Text != "add Run a 10k with <@UALICE|alice> &amp; friends by 2027-06-30" {
		t.Errorf("sent %s %q", out.Command, out.Text)
	}
	waitFor("message", func(d string) bool { return strings.Contains(d, out.Answer.Key) })
	found := false
	for _, m := range getState(t, base, "UBOB").Messages {
		found = found || (m.Key == out.Answer.Key && m.Ephemeral)
	}
	if !found {
		t.Errorf("the answer is not in bob's state")
	}
	for _, m := range getState(t, base, "UCAROL").Messages {
		if m.Key == out.Answer.Key {
			t.Errorf("carol sees bob's ephemeral answer")
		}
	}

	// A week later on the virtual clock.
	var adv struct {
		From  int64 `json:"from"`
		Clock struct {
			Now int64 `json:"now"`
		} `json:"clock"`
	}
	postJSON(t, base+"api/advance", map[string]string{"by": "1w"}, &adv)
	week := (7 * 24 * time.Hour).Milliseconds()
	if adv.From != start || adv.Clock.Now != start+week {
		t.Errorf("advance: from %d to %d, want %d to %d", adv.From, adv.Clock.Now, start, start+week)
	}
	waitFor("clock", func(d string) bool {
		var c struct {
			Now int64 `json:"now"`
		}
		return json.Unmarshal([]byte(d), &c) == nil && c.Now == start+week
	})
	if now := getState(t, base, "UBOB").Clock.Now; now != start+week {
		t.Errorf("state clock %d, want %d", now, start+week)
	}

	// The demo programme is seeded through real slash commands.
	var demo struct {
		Steps []struct {
			User, Line, Answer, Error string
		} `json:"steps"`
	}
	postJSON(t, base+"api/demo", map[string]string{}, &demo)
	if len(demo.Steps) == 0 {
		t.Fatal("the demo ran no steps")
	}
	for _, s := range demo.Steps {
		if s.Error != "" || s.Answer == "" {
			t.Errorf("demo step %s %q: answer %q, error %q", s.User, s.Line, s.Answer, s.Error)
		}
	}
	if a := demo.Steps[0].Answer; !strings.Contains(a, "Paired") {
		t.Errorf("the demo's first step answered %q", a)
	}

	cancel()
	if err := stop(); err != nil {
		t.Fatalf("run returned %v after cancel, want nil", err)
	}
	if _, err := os.Stat(filepath.Dir(dbLine[1])); !os.IsNotExist(err) {
		t.Errorf("temporary database folder left behind: %v", err)
	}
}

func TestPlaygroundFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	ctx := context.Background()
	env := func(string) (string, bool) { return "", false }
	if err := run(ctx, []string{"playground", "-addr", "nonsense"}, env, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "-addr") {
		t.Errorf("bad -addr: %v", err)
	}
	// A port that is taken is refused before the bot starts: one clear
	// error, and nothing logged of a start cut short.
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	stderr.Reset()
	if err := run(ctx, []string{"playground", "-addr", taken.Addr().String()}, env, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "listen on -addr") || !strings.Contains(err.Error(), "another playground running? stop it, or pick another -addr") {
		t.Errorf("taken -addr: %v; want it to say what to do", err)
	}
	if stderr.Len() > 0 {
		t.Errorf("taken -addr logged:\n%s", stderr.String())
	}
	if err := run(ctx, []string{"playground", "extra"}, env, &stdout, &stderr); err == nil {
		t.Error("extra argument accepted")
	}
	if err := run(ctx, []string{"playground", "-nope"}, env, &stdout, &stderr); err == nil {
		t.Error("unknown flag accepted")
	}
}

// A playground that reopens a kept database carries its virtual clock on
// from the last time the database saw, not back to today: its meetings and
// goals would otherwise be in the future again.
func TestPlaygroundKeptDatabaseKeepsItsTime(t *testing.T) {
	vars := map[string]string{"MENTORBOT_DB": filepath.Join(t.TempDir(), "kept.db")}
	base, _, stop := startPlayground(t, vars)
	postJSON(t, base+"api/command", map[string]string{"user": "UBOB", "channel": "", "text": "/goal add Run a 10k by 2027-06-30"}, nil)
	postJSON(t, base+"api/advance", map[string]string{"by": "3w"}, nil)
	before := getState(t, base, "UBOB").Clock.Now
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	base, stdout, _ := startPlayground(t, vars)
	after := getState(t, base, "UBOB").Clock.Now
	if after < before || after > before+2*60000 {
		t.Errorf("reopened at %v, want just after %v", time.UnixMilli(after).UTC(), time.UnixMilli(before).UTC())
	}
	if !strings.Contains(stdout.String(), "virtual clock carries on from the database") {
		t.Errorf("the banner does not say the clock carries on:\n%s", stdout)
	}
}

// A kept database with a programme in it is not offered the demo again,
// which would add every goal and session twice; the banner says that the
// messages sent before are gone, and where the bot's health is.
func TestPlaygroundKeptProgrammeIsNotSeededTwice(t *testing.T) {
	vars := map[string]string{"MENTORBOT_DB": filepath.Join(t.TempDir(), "kept.db")}
	base, _, stop := startPlayground(t, vars)
	if d := getState(t, base, "UBOB").Demo; d != "ready" {
		t.Fatalf("a new database's demo: %q", d)
	}
	postJSON(t, base+"api/demo", map[string]string{}, nil)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	base, stdout, _ := startPlayground(t, vars)
	if d := getState(t, base, "UBOB").Demo; d != "" {
		t.Errorf("the demo is offered again on a kept programme: %q", d)
	}
	for _, want := range []string{"the messages sent before are not kept", "/healthz and /metrics"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the banner lacks %q:\n%s", want, stdout)
		}
	}
}

// A number out of a modal input's range is refused as Slack's client
// refuses it: in words for people, under the input, with the modal still
// open; not as the simulator's detail ("percent is at most 100, got
// \"150\"") at the foot of the modal.
func TestPlaygroundModalFieldErrorsShowUnderTheField(t *testing.T) {
	base, _, _ := startPlayground(t, nil)
	var added struct {
		Answer *struct {
			Channel string `json:"channel"`
			TS      string `json:"ts"`
		} `json:"answer"`
		Error string `json:"error"`
	}
	postJSON(t, base+"api/command", map[string]string{"user": "UBOB", "text": "/goal add Give 2 talks by 2027-06-30"}, &added)
	if added.Answer == nil || added.Error != "" {
		t.Fatalf("/goal add answered %+v", added)
	}
	var pressed struct {
		Error string `json:"error"`
	}
	postJSON(t, base+"api/action", map[string]string{"user": "UBOB", "channel": added.Answer.Channel, "ts": added.Answer.TS,
		"actionId": "goal_progress", "kind": "button", "value": "1"}, &pressed)
	if pressed.Error != "" {
		t.Fatalf("Update progress: %s", pressed.Error)
	}
	var st struct {
		Modals []struct {
			ID string `json:"id"`
		} `json:"modals"`
	}
	// The bot opens the modal after it acknowledges the press.
	eventually(t, "a modal open after Update progress", func() bool {
		resp, err := http.Get(base + "api/state?user=UBOB")
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		return len(st.Modals) > 0
	})

	var sub struct {
		Closed bool              `json:"closed"`
		Errors map[string]string `json:"errors"`
		Error  string            `json:"error"`
	}
	postJSON(t, base+"api/submit", map[string]any{"user": "UBOB", "viewId": st.Modals[0].ID,
		"values": map[string]map[string]string{"goal_percent": {"percent": "150"}}}, &sub)
	if sub.Closed || sub.Error != "" || sub.Errors["goal_percent"] != "Enter a number of at most 100." {
		t.Errorf("submitting 150%%: closed %v, errors %q, error %q; want the modal open with \"Enter a number of at most 100.\" under goal_percent",
			sub.Closed, sub.Errors, sub.Error)
	}
}

// The demo seeds an empty programme: once someone has followed the
// welcome's first steps, pressing it is refused, and nothing is made
// twice.
func TestPlaygroundDemoIsRefusedOnceThereArePairs(t *testing.T) {
	base, _, _ := startPlayground(t, nil)
	postJSON(t, base+"api/command", map[string]string{"user": "UDANA", "text": "/mentor pair @alice @bob"}, nil)
	b, _ := json.Marshal(map[string]string{})
	resp, err := http.Post(base+"api/demo", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(data), "has pairs in it already") {
		t.Errorf("demo on a programme with a pair: %d %s", resp.StatusCode, data)
	}
	if d := getState(t, base, "UBOB").Demo; d != "off" {
		t.Errorf("the demo after its refusal: %q, want off (no longer offered)", d)
	}
	var got struct {
		Answer struct{ Text string } `json:"answer"`
	}
	postJSON(t, base+"api/command", map[string]string{"user": "UBOB", "text": "/goal list"}, &got)
	if strings.Contains(got.Answer.Text, "Give a 20-minute talk") {
		t.Errorf("the demo's goals were added: %s", got.Answer.Text)
	}
}

// The playground refuses the database `mentorbot run` serves Slack from:
// it would deliver what falls due there to its simulator and mark it
// sent, so that Slack never got it. A copy (a backup) it takes.
func TestPlaygroundRefusesTheLiveDatabase(t *testing.T) {
	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	for _, u := range testUsers {
		sim.AddUser(u)
	}
	api := httptest.NewServer(sim.Handler())
	defer api.Close()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	vars := map[string]string{"SLACK_BOT_TOKEN": sim.BotToken(), "SLACK_APP_TOKEN": sim.AppToken(), "SLACK_API_URL": api.URL + "/api/",
		"MENTORBOT_DB": live, "MENTORBOT_HTTP_ADDR": "127.0.0.1:0"}
	env := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	ctx, cancel := context.WithCancel(context.Background())
	var logs lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"run"}, env, &logs, &logs) }()
	eventually(t, "the bot to connect", func() bool { return strings.Contains(logs.String(), "socket mode connected") }, logs.String)
	backup := filepath.Join(dir, "copy.db")
	if err := run(context.Background(), []string{"backup", backup}, env, &logs, &logs); err != nil {
		t.Fatalf("backup: %v\n%s", err, &logs)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, &logs)
	}

	// By another name for the same file, too; and refused without a
	// change to it (a newer binary must not migrate it first).
	link, hard := filepath.Join(t.TempDir(), "link.db"), filepath.Join(dir, "hard.db")
	if err := os.Symlink(live, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(live, hard); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(live)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{live, link, hard} {
		var out lockedBuffer
		// Bounded: a playground that took it would run until stopped.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := run(ctx, []string{"playground", "-addr", "127.0.0.1:0"}, func(k string) (string, bool) {
			if k == "MENTORBOT_DB" {
				return path, true
			}
			return "", false
		}, &out, &out)
		if err == nil || !strings.Contains(err.Error(), "is the database `mentorbot run` serves Slack from") {
			t.Errorf("playground on %s: %v, want it refused", path, err)
		}
	}
	if after, err := os.ReadFile(live); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the refused playground changed the live database (%v)", err)
	}
	base, _, stop := startPlayground(t, map[string]string{"MENTORBOT_DB": backup})
	if got := getState(t, base, "UBOB"); got.Clock.Now == 0 {
		t.Errorf("the playground on a backup copy shows no clock: %+v", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// MENTORBOT_HTTP_ADDR, as the Dockerfile sets it for the bot, is not the
// playground's: it starts beside a bot listening there.
func TestPlaygroundStartsBesideABotOnItsHealthAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	addr := l.Addr().String()
	_, stdout, _ := startPlayground(t, map[string]string{"MENTORBOT_HTTP_ADDR": addr})
	if strings.Contains(stdout.String(), "http://"+addr+"/healthz") {
		t.Errorf("the playground names the bot's health address:\n%s", stdout)
	}
	if !strings.Contains(stdout.String(), "MENTORBOT_HTTP_ADDR is for `run`") {
		t.Errorf("the banner does not say that MENTORBOT_HTTP_ADDR is not used:\n%s", stdout)
	}
}

// A bad MENTORBOT_ADMINS is quoted as it was set, not with Dana, whom the
// playground adds.
func TestPlaygroundBadAdminsQuotedAsSet(t *testing.T) {
	_, err := playgroundConfig(func(k string) (string, bool) {
		if k == "MENTORBOT_ADMINS" {
			return "bob", true
		}
		return "", false
	}, filepath.Join(t.TempDir(), "x.db"))
	if err == nil || !strings.Contains(err.Error(), `MENTORBOT_ADMINS="bob"`) {
		t.Errorf("error = %v", err)
	}
}

// MENTORBOT_ADMINS adds admins to Dana, and the banner says so: before, it
// was ignored without a word.
func TestPlaygroundAdminsFromTheEnvironment(t *testing.T) {
	base, stdout, _ := startPlayground(t, map[string]string{"MENTORBOT_ADMINS": "UALICE"})
	if !strings.Contains(stdout.String(), "admins: Dana, and UALICE from MENTORBOT_ADMINS") {
		t.Errorf("the banner does not name the admins:\n%s", stdout)
	}
	for _, who := range []string{"UALICE", "UDANA"} {
		var out struct {
			Answer *pgMessage `json:"answer"`
		}
		postJSON(t, base+"api/command", map[string]string{"user": who, "text": "/mentor report"}, &out)
		if out.Answer == nil || strings.Contains(out.Answer.Text, "Only programme admins") {
			t.Errorf("%s's /mentor report = %+v", who, out.Answer)
		}
	}
}

// "Next notification" finds what is due further ahead than the days the
// bot has planned: with check-ins on the first of each month, the next
// after one month's is the next month's, not "nothing is pending".
func TestPlaygroundNextLooksPastThePlannedDays(t *testing.T) {
	base, _, _ := startPlayground(t, map[string]string{"MENTORBOT_CHECKIN_SCHEDULE": "0 10 1 * *", "MENTORBOT_QUIET_HOURS": ""})
	postJSON(t, base+"api/command", map[string]string{"user": "UDANA", "text": "/mentor pair @alice @bob"}, nil)
	checkins := func() int {
		n := 0
		for _, m := range getState(t, base, "UBOB").Messages {
			if strings.Contains(m.Text, "check-in") && !m.Ephemeral {
				n++
			}
		}
		return n
	}
	for i := 0; i < 12 && checkins() < 2; i++ {
		if note, _ := pgNext(t, base); note != "" {
			t.Fatalf("next, after %d check-ins: %q", checkins(), note)
		}
	}
	if n := checkins(); n < 2 {
		t.Errorf("bob has %d check-ins after moving to the next notification 12 times", n)
	}
}

// With no pair, nothing will be due, and "next" leaves the clock where it
// is: before, it moved a year on, looking for what would be planned.
func TestPlaygroundNextWithNothingComing(t *testing.T) {
	base, _, _ := startPlayground(t, map[string]string{"MENTORBOT_CHECKIN_SCHEDULE": "0 10 1 * *", "MENTORBOT_QUIET_HOURS": ""})
	before := getState(t, base, "UDANA").Clock.Now
	if note, now := pgNext(t, base); now != before || !strings.Contains(note, "no notification is pending") {
		t.Errorf("next with no pairs: clock %d → %d, note %q", before, now, note)
	}
}

// A playground page other machines can reach is said to be so: it has no
// login, and its database may be a backup of a real programme.
func TestPlaygroundBannerWarnsWhenReachableFromElsewhere(t *testing.T) {
	for _, c := range []struct {
		addr string
		warn bool
	}{
		{"127.0.0.1:8090", false},
		{"[::1]:8090", false},
		{"0.0.0.0:8090", true},
		{"[::]:8090", true},
		{"192.168.1.5:8090", true},
	} {
		a, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		printPlaygroundBanner(&out, a, time.Now(), false, false, "temporary", "http://127.0.0.1:1/healthz", false, nil)
		if got := strings.Contains(out.String(), "other machines can reach this page"); got != c.warn {
			t.Errorf("%s: warned %v, want %v:\n%s", c.addr, got, c.warn, out.String())
		}
	}
}
