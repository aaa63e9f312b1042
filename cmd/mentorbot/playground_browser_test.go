package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser test drives the playground's real page in a headless Chromium:
// clicks, typing, modals, buttons and the clock, and asserts on what the page
// shows. With MENTORBOT_SCREENSHOTS=DIR it also saves the screenshots of
// the README (a reminder DM, a modal, the App Home) into DIR:
//
//	MENTORBOT_SCREENSHOTS=$PWD/docs go test -run PlaygroundInABrowser ./cmd/mentorbot/
//
// (with an emoji font installed, e.g. Debian's fonts-noto-color-emoji).
// Without a browser the test is skipped, unless CI is set: then it fails.

// browserWait bounds each step of the browser test.
const browserWait = 10 * time.Second

// needBrowser returns the path of a Chromium or Chrome. Without one it
// skips the test, or fails it when CI is set.
func needBrowser(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no browser: found no /usr/bin/chromium, nor chromium, chromium-browser or google-chrome on PATH (apt-get install chromium)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg + "; CI is set, so the browser test must run")
	}
	t.Skip(msg)
	return ""
}

// browserPage is one tab of a headless browser on the playground's page.
type browserPage struct {
	t     *testing.T
	ctx   context.Context
	shots string // where the README's screenshots go; "" takes none

	mu      sync.Mutex
	console []string // the page's console messages and uncaught exceptions
}

// note keeps a line of the page's console for the failure report.
func (p *browserPage) note(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console = append(p.console, fmt.Sprintf(format, args...))
}

// watchConsole collects the page's console messages and uncaught exceptions
// until the browser stops.
func (p *browserPage) watchConsole() {
	calls := chromedp.Events(p.ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(p.ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range calls {
			if err != nil {
				return
			}
			var args []string
			for _, a := range ev.Args {
				if a.Description != "" {
					args = append(args, a.Description)
				} else {
					args = append(args, string(a.Value))
				}
			}
			p.note("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			desc := d.Text
			if d.Exception != nil {
				desc += " " + d.Exception.Description
			}
			p.note("exception at %s:%d: %s", d.URL, d.LineNumber+1, desc)
		}
	}()
}

// browserStarts is how many times newBrowserPage starts the browser before
// it gives up. Chromium now and then crashes as it starts, before it
// listens (a segfault in 1 of 20 bare headless starts on a busy two-core
// machine, 7 December 2026), which says nothing about the page.
const browserStarts = 3

// newBrowserPage starts the headless browser exe with a fresh profile.
// Start what the page talks to first: on failure, the page is captured
// before that stops (cleanups run last-in first-out).
func newBrowserPage(t *testing.T, exe string) *browserPage {
	t.Helper()
	var ctx context.Context
	for start := 1; ; start++ {
		var err error
		ctx, err = startBrowser(t, exe)
		if err == nil {
			break
		}
		if start == browserStarts || !strings.Contains(err.Error(), "chrome failed to start") {
			t.Fatal(err)
		}
		t.Logf("the browser crashed as it started; starting it again: %v", err)
	}
	p := &browserPage{t: t, ctx: ctx, shots: os.Getenv("MENTORBOT_SCREENSHOTS")}
	p.watchConsole()
	// On failure: what the page showed, as a picture and as text. This
	// runs before the browser stops (cleanups run last-in first-out).
	t.Cleanup(func() {
		if t.Failed() {
			p.failureReport()
		}
	})
	return p
}

// startBrowser starts the headless browser exe with a fresh profile, which
// the test's cleanup stops; if it does not start, nothing is left behind.
func startBrowser(t *testing.T, exe string) (context.Context, error) {
	t.Helper()
	profile, err := os.MkdirTemp("", "mentorbot-browser-profile-")
	if err != nil {
		return nil, fmt.Errorf("browser profile: %w", err)
	}
	// The machine may have no network: without these flags Chromium
	// stalls on start trying to reach Google's services.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
	)
	var (
		mu   sync.Mutex
		done bool
	)
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf("chromedp: "+format, args...)
		}
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithErrorf(logf))
	stop := func() {
		cancelCtx()
		cancelAlloc()
		mu.Lock()
		done = true
		mu.Unlock()
		_ = os.RemoveAll(profile)
	}
	// The first action starts the browser and binds it to ctx, so it gets
	// no timeout of its own; a timer stops a browser that does not start.
	stall := time.AfterFunc(30*time.Second, cancelCtx)
	err = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	if !stall.Stop() {
		stop()
		return nil, fmt.Errorf("the browser (%s) did not start within 30s: %v", exe, err)
	}
	if err != nil {
		stop()
		return nil, fmt.Errorf("start the browser (%s): %w", exe, err)
	}
	t.Cleanup(stop)
	return ctx, nil
}

func (p *browserPage) failureReport() {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		p.t.Logf("no screenshot of the failure: %v", err)
	} else if dir, err := os.MkdirTemp("", "mentorbot-browser-failure-"); err != nil {
		p.t.Logf("no screenshot of the failure: %v", err)
	} else {
		path := filepath.Join(dir, "failure.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			p.t.Logf("no screenshot of the failure: %v", err)
		} else {
			p.t.Logf("screenshot of the page at the failure: %s", path)
		}
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`)); err == nil {
		p.t.Logf("the page's text at the failure:\n%s", text)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.console) > 0 {
		p.t.Logf("the page's console:\n%s", strings.Join(p.console, "\n"))
	}
}

// do runs actions, failing the test on an error or after browserWait.
func (p *browserPage) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, browserWait)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](p *browserPage, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, browserWait)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitJS waits until the JavaScript expression is truthy.
func (p *browserPage) waitJS(what, expr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, browserWait)
	defer cancel()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(browserWait)))
		// Right after a navigation chromedp may still hold the old page's
		// JavaScript context for a moment; then poll again in the new one.
		if err != nil && strings.Contains(err.Error(), "Cannot find context with specified id") && ctx.Err() == nil {
			continue
		}
		if err != nil {
			p.t.Fatalf("wait for %s: %v", what, err)
		}
		return
	}
}

// click clicks the first element matching the CSS selector once it is
// enabled and nothing (a toast, a dialog) covers its middle, where the
// mouse clicks.
func (p *browserPage) click(sel string) {
	p.t.Helper()
	p.waitClickable(sel)
	p.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// waitClickable waits until the first element matching the CSS selector
// is enabled and nothing covers its middle.
func (p *browserPage) waitClickable(sel string) {
	p.t.Helper()
	p.waitJS(sel+" to be clickable", fmt.Sprintf(`(() => {
		const e = document.querySelector(%s);
		if (!e || e.disabled) return false;
		e.scrollIntoView({ block: "nearest" });
		const r = e.getBoundingClientRect();
		const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
		return r.width > 0 && hit !== null && (hit === e || e.contains(hit));
	})()`, js(sel)))
}

// clickAcrossRedraw clicks the middle of the first element matching the
// CSS selector as a person does while something arrives: it presses the
// mouse button, calls arrive, waits until drawn (a JavaScript expression)
// says the page has drawn what arrived, and only then releases.
func (p *browserPage) clickAcrossRedraw(sel string, arrive func(), drawn string) {
	p.t.Helper()
	p.waitClickable(sel)
	xy := eval[[]float64](p, fmt.Sprintf(`(() => {
		const r = document.querySelector(%s).getBoundingClientRect();
		return [r.x + r.width / 2, r.y + r.height / 2];
	})()`, js(sel)))
	p.do("press the mouse on "+sel, chromedp.MouseEvent(chromedp.MousePressed, xy[0], xy[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
	arrive()
	p.waitJS("the page to draw what arrived", drawn)
	p.do("release the mouse on "+sel, chromedp.MouseEvent(chromedp.MouseReleased, xy[0], xy[1], chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

// typeInto types text into the field matching the CSS selector, key by key.
func (p *browserPage) typeInto(sel, text string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), text))
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// textOf is the visible text of the first element matching the selector.
func (p *browserPage) textOf(sel string) string {
	p.t.Helper()
	return eval[string](p, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? ""`, js(sel)))
}

const lastAnswerKey = `[...document.querySelectorAll("#messages .msg-ephemeral")].pop()?.dataset.key ?? ""`

// send types a line into the message box and presses Send.
func (p *browserPage) send(line string) {
	p.t.Helper()
	p.typeInto("#input", line)
	p.click("#send")
	p.waitJS("the message box to clear after "+line, `document.getElementById("input").value === ""`)
}

// answer sends a slash command and returns the text of the bot's answer
// that only the sender sees, as the page shows it.
func (p *browserPage) answer(line string) string {
	p.t.Helper()
	before := eval[string](p, lastAnswerKey)
	p.send(line)
	p.waitJS("the answer to "+line, fmt.Sprintf(`(%s) !== %s`, lastAnswerKey, js(before)))
	return eval[string](p, `[...document.querySelectorAll("#messages .msg-ephemeral")].pop().innerText`)
}

// personSel is the CSS selector of a person's button in the list of people.
func personSel(id string) string { return fmt.Sprintf(`.person[data-user=%s]`, js(id)) }

// isPerson is a JavaScript expression, true once the page is the person's
// live view.
func isPerson(id, realName string) string {
	return fmt.Sprintf(
		`document.querySelector(".person.active[data-user=" + %s + "]") && document.getElementById("clock-sub").textContent.startsWith(%s) && document.querySelector("#status.status-live")`,
		js(js(id)), js(realName))
}

// become switches the page to another person with one click and waits for
// their live view.
func (p *browserPage) become(id, realName string) {
	p.t.Helper()
	p.click(personSel(id))
	p.waitJS("the page to be "+realName, isPerson(id, realName))
}

const (
	homeTab   = `#conv-tabs [data-tab="home"]`
	homeShown = `!document.getElementById("home").hidden`
)

// openHome clicks the bot DM's Home tab once and waits for the Home.
func (p *browserPage) openHome() {
	p.t.Helper()
	p.click(homeTab)
	p.waitJS("the Home tab to open", homeShown)
}

// nextNotification presses "Next notification" and waits for the move.
func (p *browserPage) nextNotification() {
	p.t.Helper()
	const moves = `(document.getElementById("clock").dataset.moves ?? "0")`
	before := eval[string](p, moves)
	p.click(`[data-advance="next"]`)
	p.waitJS("the clock to move", fmt.Sprintf(`%s !== %s`, moves, js(before)))
}

// screenshot saves the viewport as DIR/name when screenshots are wanted,
// once nothing on the page is animating.
func (p *browserPage) screenshot(name string) {
	p.t.Helper()
	if p.shots == "" {
		return
	}
	// Without the passing toasts ("You are now …"), and once the clock's
	// flash has ended.
	eval[chromedp.Void](p, `document.querySelectorAll("#toasts .toast").forEach((t) => t.remove())`)
	p.waitJS("the page to be still", `document.getAnimations().every((a) => a.playState !== "running")`)
	ctx, cancel := context.WithTimeout(p.ctx, browserWait)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(p.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("saved %s", path)
}

// reminderSent reports whether the server has sent the mentee a meeting
// reminder with its Skip button: the truth the page must then show.
func reminderSent(t *testing.T, base, user string) bool {
	t.Helper()
	for _, m := range getState(t, base, user).Messages {
		if !m.Ephemeral && strings.HasPrefix(m.Text, "Reminder:") && bytes.Contains(m.Blocks, []byte(`"meeting_skip`)) {
			return true
		}
	}
	return false
}

func TestPlaygroundInABrowser(t *testing.T) {
	start := time.Now()
	exe := needBrowser(t)
	base, _, stop := startPlayground(t, nil)
	p := newBrowserPage(t, exe)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}

	// Before the page loads, the bot answers a DM of Bob's that Dana, whom
	// the page opens as, does not see: that answer counts as read.
	postJSON(t, base+"api/message", map[string]string{"user": "UBOB", "text": "hello"}, nil)
	eventually(t, "the bot to answer Bob's DM", func() bool { return len(getState(t, base, "UBOB").Messages) > 0 })

	p.do("open the playground", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(base))
	p.waitJS("the page to go live as Dana", `document.querySelector("#status.status-live") && document.querySelector(".person.active[data-user=UDANA]")`)

	// Dana, the programme admin, pairs Alice and Bob in #general.
	if a := p.answer("/mentor pair @alice @bob"); !strings.Contains(a, "Paired") {
		t.Fatalf("/mentor pair answered %q", a)
	}

	// Bob, the mentee, in his DM with the bot. His welcome DM came while
	// Dana was on screen: becoming Bob shows it, and only it, as unread,
	// though he lands on his App Home as Dana was on hers.
	p.click("#app-list .side-item")
	p.openHome()
	p.waitJS("Dana's App Home", `!document.getElementById("home").hidden`)
	p.become("UBOB", "Bob Brown")
	const imBadge = `document.querySelector("#app-list .side-item .badge")?.textContent`
	p.waitJS("Bob's DM with the bot marked unread", imBadge)
	if n := eval[string](p, imBadge); n != "1" {
		t.Errorf("Bob's DM with the bot shows %s unread, want 1 (his welcome DM)", n)
	}
	p.click(`#conv-tabs [data-tab="messages"]`)
	p.waitJS("the DM with the bot", `document.querySelector("#conv-tabs [data-tab=messages].active") && !document.getElementById("composer").hidden`)
	// Reading it clears its unread badge.
	p.waitJS("the DM's unread badge to go once it is read", `!document.querySelector("#app-list .side-item .badge")`)

	// /goal alone opens the goal modal.
	const goal = "Give a 20-minute talk at the Go meetup"
	p.send("/goal")
	p.do("the goal modal", chromedp.WaitVisible(chromedp.CSS(`.modal[data-callback-id="goal_form"] [data-block-id="goal_text"] input`)))
	if title := p.textOf(".modal .modal-title"); title != "New goal" {
		t.Errorf("modal title %q", title)
	}
	// What one types next goes into the form's first field, which has
	// the focus, not into the message box behind the form.
	const goalText = `document.querySelector('.modal [data-block-id="goal_text"] input')`
	p.waitJS("the goal form's first field to have the focus", goalText+` && document.activeElement === `+goalText)
	p.do("type the goal", chromedp.KeyEvent(goal))
	if v, box := eval[string](p, goalText+`.value`), eval[string](p, `document.getElementById("input").value`); v != goal || box != "" {
		t.Errorf("after typing with the goal form open, its first field holds %q and the message box %q; want %q and nothing", v, box, goal)
	}
	p.typeInto(`.modal [data-block-id="goal_measure"] textarea`, "The talk is accepted and I give it; two people ask follow-up questions")
	due := time.Now().In(ny).AddDate(0, 3, 0)
	p.typeInto(`.modal [data-block-id="goal_due"] input`, due.Format("01022006"))
	if v := eval[string](p, `document.querySelector('.modal [data-block-id="goal_due"] input').value`); v != due.Format("2006-01-02") {
		t.Fatalf("the due date field holds %q after typing, want %s", v, due.Format("2006-01-02"))
	}
	p.typeInto(`.modal [data-block-id="goal_why"] textarea`, "I want to get better at explaining what I build")
	p.screenshot("playground-modal.png")
	p.click(`.modal button[type="submit"]`)
	p.waitJS("the modal to close", `document.querySelector(".modal") === null`)
	p.waitJS("the goal's confirmation", `document.getElementById("messages").innerText.includes("Added goal #1")`)
	if msgs := p.textOf("#messages"); !strings.Contains(msgs, goal) || !strings.Contains(msgs, "@alice can see it too") {
		t.Errorf("after the modal, the DM shows:\n%s", msgs)
	}

	// A weekly meeting three days from now, at 15:00 in Bob's zone.
	day := strings.ToLower(time.Now().In(ny).AddDate(0, 0, 3).Weekday().String()[:3])
	if a := p.answer("/mentor meet @alice weekly " + day + " 15:00"); !strings.Contains(a, "Your meetings with") || !strings.Contains(a, "are set") || !strings.Contains(a, "15:00") {
		t.Fatalf("/mentor meet answered %q", a)
	}

	// The clock jumps from notification to notification (an agenda
	// prompt or a check-in may come first) until the reminder is sent.
	for i := 0; !reminderSent(t, base, "UBOB"); i++ {
		if i == 10 {
			t.Fatal("no meeting reminder after moving the clock to the next notification 10 times")
		}
		p.nextNotification()
	}
	const reminderRow = `[...document.querySelectorAll("#messages .msg:not(.msg-ephemeral)")].find((r) => r.innerText.includes("Reminder:") && r.querySelector('[data-action-id^="meeting_skip"]'))`
	p.waitJS("the reminder DM", reminderRow)
	reminder := eval[string](p, reminderRow+`.innerText`)
	for _, want := range []string{"Reminder: you meet @alice (your mentor)", "Add agenda item", "Skip this meeting"} {
		if !strings.Contains(reminder, want) {
			t.Errorf("the reminder shows %q, want %q in it", reminder, want)
		}
	}
	meetingUnix := eval[int64](p, `Number(`+reminderRow+`.querySelector(".md-date[data-unix]").dataset.unix)`)
	meeting := time.Unix(meetingUnix, 0).In(ny)
	if meeting.Hour() != 15 || meeting.Minute() != 0 || strings.ToLower(meeting.Weekday().String()[:3]) != day {
		t.Errorf("the reminder is for %v, want a %s at 15:00 in New York", meeting, day)
	}
	p.screenshot("playground-reminder.png")

	// Skip: the next meeting is a week later.
	reminderKey := eval[string](p, reminderRow+`.dataset.key`)
	p.click(fmt.Sprintf(`#messages .msg[data-key=%s] [data-action-id^="meeting_skip"]`, js(reminderKey)))
	p.waitJS("the skip's confirmation", `document.getElementById("messages").innerText.includes("Skipped your meeting")`)
	next := p.answer("/mentor next")
	if !strings.Contains(next, "Next meeting with @alice") {
		t.Fatalf("/mentor next answered %q", next)
	}
	nextUnix := eval[int64](p, `Number([...document.querySelectorAll("#messages .msg-ephemeral")].pop().querySelector(".md-date[data-unix]").dataset.unix)`)
	if got, want := time.Unix(nextUnix, 0).In(ny), meeting.AddDate(0, 0, 7); !got.Equal(want) {
		t.Errorf("after Skip, the next meeting is %v, want %v (a week after the skipped %v)", got, want, meeting)
	}

	// Bob's App Home shows his goal and the pair.
	p.openHome()
	p.waitJS("Bob's App Home", fmt.Sprintf(`!document.getElementById("home").hidden && document.getElementById("home").innerText.includes(%s)`, js(goal)))
	p.screenshot("playground-home.png")
	// Two weeks on, with the Home on screen, it shows the next meeting as
	// of then, not the one that has passed.
	// (Its "Next meeting" line says when, relative to now.)
	const homeNext = `[...document.querySelectorAll("#home .md-date[data-unix]")].map((e) => e.dataset.unix).join(",")`
	before := eval[string](p, homeNext)
	const moves = `(document.getElementById("clock").dataset.moves ?? "0")`
	for range 2 { // past the next meeting, a week after the skipped one
		movesBefore := eval[string](p, moves)
		p.click(`[data-advance="1w"]`)
		p.waitJS("the clock to move a week", fmt.Sprintf(`%s !== %s`, moves, js(movesBefore)))
	}
	p.waitJS("the Home to show the meeting after", fmt.Sprintf(`%s !== %s`, homeNext, js(before)))
	p.click(`#conv-tabs [data-tab="messages"]`)
	p.waitJS("the messages tab", `document.getElementById("home").hidden`)

	// Alice, the mentor, sees her mentee's goal.
	p.become("UALICE", "Alice Adams")
	if a := p.answer("/goal list @bob"); !strings.Contains(a, goal) {
		t.Errorf("the mentor's /goal list @bob answered %q, want the goal", a)
	}

	// Carol, outside the pair, sees nothing of it.
	p.become("UCAROL", "Carol Chen")
	if a := p.answer("/goal list @bob"); !strings.Contains(a, "You can only see your own goals") || strings.Contains(a, "meetup") {
		t.Errorf("the outsider's /goal list @bob answered %q, want a refusal", a)
	}
	p.openHome()
	p.waitJS("Carol's App Home", `!document.getElementById("home").hidden && document.getElementById("home").innerText.includes("How to get a mentor")`)
	home := p.textOf("#home")
	for _, secret := range []string{goal, "meetup", "@bob", "Bob Brown", "@alice"} {
		if strings.Contains(home, secret) {
			t.Errorf("the outsider's App Home shows %q:\n%s", secret, home)
		}
	}
	// A reload comes back to the conversation and tab one was in.
	p.do("reload the page", chromedp.Reload())
	p.waitJS("the page to come back to Carol's App Home", `document.querySelector("#status.status-live") && document.querySelector(".person.active[data-user=UCAROL]") && !document.getElementById("home").hidden && document.getElementById("home").innerText.includes("How to get a mentor")`)
	// When the playground stops, the page says so, and what to do.
	if err := stop(); err != nil {
		t.Fatalf("stop the playground: %v", err)
	}
	p.waitJS("the page to say that the playground has stopped", `document.getElementById("down") && !document.getElementById("down").hidden && document.getElementById("down").innerText.includes("Run mentorbot playground again") && document.querySelector("#status.status-down")`)
	t.Logf("browser test took %v", time.Since(start).Round(time.Millisecond))
}

// A click whose press and release straddle a redraw of the page (an answer
// or a DM arriving) counts: on a message's button, the DM's Home tab, a
// button of the Home, and a person. The page used to replace the messages,
// the tabs, the Home and the insides of the people's buttons on every redraw, and Chromium sends no click when
// the node pressed is gone by the release: one had to click again.
func TestPlaygroundClickDuringRedraw(t *testing.T) {
	exe := needBrowser(t)
	base, _, _ := startPlayground(t, nil)
	p := newBrowserPage(t, exe)
	p.do("open the playground", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(base))
	p.waitJS("the page to go live as Dana", isPerson("UDANA", "Dana"))
	p.click("#app-list .side-item")
	p.waitJS("the DM with the bot", `document.querySelector("#conv-tabs [data-tab=messages].active") && !document.getElementById("composer").hidden`)

	// Each arrival is a line Bob writes in #general, which Dana is not
	// looking at: the page draws it as #general's unread count, redrawing
	// the conversation and the list of people with it.
	bobSays := func(n int) func() {
		return func() {
			postJSON(t, base+"api/message", map[string]string{"user": "UBOB", "channel": playgroundGeneral, "text": fmt.Sprintf("hello %d", n)}, nil)
		}
	}
	unread := func(n int) string {
		return fmt.Sprintf(`document.querySelector("#channel-list .badge")?.textContent === "%d"`, n)
	}

	// A button in a message: Edit under the goal /goal add added opens
	// the goal's form.
	if a := p.answer("/goal add Learn to give feedback"); !strings.Contains(a, "Added goal #1") {
		t.Fatalf("/goal add answered %q", a)
	}
	p.clickAcrossRedraw(`#messages [data-action-id="goal_edit"]`, bobSays(1), unread(1))
	p.waitJS("the goal's form to open after one click", `document.querySelector(".modal")`)
	p.click(".modal .modal-x")
	p.waitJS("the goal's form to close", `document.querySelector(".modal") === null`)

	p.clickAcrossRedraw(homeTab, bobSays(2), unread(2))
	p.waitJS("the Home tab to open after one click", homeShown)

	// The Home's buttons too: Settings opens its form.
	p.clickAcrossRedraw(`#home [data-action-id="home_settings"]`, bobSays(3), unread(3))
	p.waitJS("the settings form to open after one click", `document.querySelector(".modal")`)
	p.click(".modal .modal-x")
	p.waitJS("the settings form to close", `document.querySelector(".modal") === null`)

	p.clickAcrossRedraw(personSel("UBOB"), bobSays(4), unread(4))
	p.waitJS("the page to be Bob after one click", isPerson("UBOB", "Bob Brown"))
}

// Of two people clicked in turn, the page becomes the one clicked last,
// even when the answer to the first click comes after the second click:
// applied last, it used to undo the second click. A reload shows the one
// clicked last too.
func TestPlaygroundPersonClickedLastWins(t *testing.T) {
	exe := needBrowser(t)
	base, _, _ := startPlayground(t, nil)
	p := newBrowserPage(t, exe)
	p.do("open the playground", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(base))
	p.waitJS("the page to go live as Dana", isPerson("UDANA", "Dana"))

	// The browser holds the answers to the page's switches of person
	// until the test lets each go.
	paused := make(chan fetch.RequestID, 4)
	go func() {
		for ev, err := range chromedp.Events(p.ctx, fetch.RequestPaused) {
			if err != nil {
				return
			}
			paused <- ev.RequestID
		}
	}()
	p.do("hold the answers to switches", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/api/person", RequestStage: fetch.RequestStageResponse}}})
		return err
	}))
	release := func(id fetch.RequestID) {
		p.t.Helper()
		p.do("let an answer go", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
			return err
		}))
	}
	next := func(what string) fetch.RequestID {
		p.t.Helper()
		select {
		case id := <-paused:
			return id
		case <-time.After(browserWait):
			t.Fatalf("no %s", what)
			return ""
		}
	}

	// How many switches the page has asked for.
	eval[chromedp.Void](p, `(() => {
		const f = window.fetch;
		window.personAsked = 0;
		window.fetch = (url, opts) => {
			if (String(url).startsWith("/api/person")) window.personAsked++;
			return f(url, opts);
		};
	})()`)

	p.click(personSel("UBOB"))
	bob := next("answer to the click on Bob")
	p.click(personSel("UCAROL"))
	p.waitJS("Carol to be the one being switched to", `document.querySelector(".person.switching[data-user=UCAROL]")`)
	// The answer to a request for Carol made now could come before Bob's,
	// which, applied last, would undo the click on Carol.
	if n := eval[int](p, `window.personAsked`); n != 1 {
		t.Fatalf("the page asked for %d switches before the answer to the first came, want 1 at a time", n)
	}
	release(bob)
	carol := next("answer to the click on Carol")
	release(carol)
	p.waitJS("the page to be Carol's", isPerson("UCAROL", "Carol Chen")+` && !document.querySelector(".person.switching")`)
	if me := getState(t, base, "").Me; me != "UCAROL" {
		t.Errorf("after clicks on Bob and then Carol, a reload would show %s, want UCAROL", me)
	}
}

// Each window of the playground is its own person, in its address: a
// reload stays that person whomever another window picked, Back goes to
// the conversation and the person before, and an address typed is
// followed. The page used to ask for the playground's one "current
// person", the last picked in any window, and kept no history.
func TestPlaygroundWindowAddress(t *testing.T) {
	exe := needBrowser(t)
	base, _, _ := startPlayground(t, nil)
	p := newBrowserPage(t, exe)
	p.do("open the playground", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(base))
	p.waitJS("the page to go live as Dana", isPerson("UDANA", "Dana"))
	const hash = `decodeURIComponent(location.hash)`

	// Another window becomes Bob; this one, reloaded, is still Dana's.
	postJSON(t, base+"api/person", map[string]string{"user": "UBOB"}, nil)
	p.do("reload the page", chromedp.Reload())
	p.waitJS("the reloaded page to go live", `document.querySelector("#status.status-live") && document.querySelector(".person.active")`)
	if me := eval[string](p, `document.querySelector(".person.active").dataset.user`); me != "UDANA" {
		t.Fatalf("reloaded after another window became Bob, the page is %s's, want Dana's still", me)
	}
	p.waitJS("the address to name Dana and #general", hash+` === "#dana/general"`)

	// Back: from the DM with the bot to #general, and from Carol to Dana.
	p.click("#app-list .side-item")
	p.waitJS("the DM with the bot", hash+` === "#dana/app/messages"`)
	p.become("UCAROL", "Carol Chen")
	p.waitJS("the address to name Carol", hash+` === "#carol/app/messages"`)
	p.do("go back", chromedp.NavigateBack())
	p.waitJS("Back to make the page Dana's again", isPerson("UDANA", "Dana")+` && `+hash+` === "#dana/app/messages"`)
	p.do("go back", chromedp.NavigateBack())
	p.waitJS("Back to show #general", `document.getElementById("conv-title").innerText.includes("# general") && `+hash+` === "#dana/general"`)

	// An address typed: Erin in her DM with the bot's Home.
	eval[chromedp.Void](p, `location.hash = "#erin/app/home"`)
	p.waitJS("the page to follow the address to Erin's App Home", isPerson("UERIN", "Erin Evans")+` && `+homeShown)
}

// The page's keyboard and small print: an open form keeps the keyboard
// (Tab wraps inside it, the page behind is out of reach), Esc gives the
// focus back to the message box, a refusal puts it on the field refused;
// one's own slash command says only one sees it; the usage of a command
// stays under the box while one types its arguments; the demo's button,
// once the programme has pairs, stays to say why it can no longer be
// pressed.
func TestPlaygroundKeyboardAndHints(t *testing.T) {
	exe := needBrowser(t)
	base, _, _ := startPlayground(t, nil)
	p := newBrowserPage(t, exe)
	p.do("open the playground", chromedp.EmulateViewport(1280, 860), chromedp.Navigate(base))
	p.waitJS("the page to go live as Dana", isPerson("UDANA", "Dana"))
	p.waitJS("the demo to be offered", `!document.getElementById("demo").hidden && !document.getElementById("demo").disabled`)

	p.typeInto("#input", "/mentor pair @al")
	if h := p.textOf("#composer-hint"); !strings.Contains(h, "pair @mentor @mentee") {
		t.Errorf("typing /mentor pair …, the hint under the box says %q, want the usage of /mentor", h)
	}
	p.do("finish the line", chromedp.SendKeys(chromedp.CSS("#input"), "ice @bob"), chromedp.Click(chromedp.CSS("#send")))
	p.waitJS("the pairing's answer", `document.getElementById("messages").innerText.includes("Paired")`)
	if echo := p.textOf("#messages .local-command"); !strings.Contains(echo, "/mentor pair") || !strings.Contains(echo, "Only visible to you") {
		t.Errorf("one's own slash command shows as %q, want it marked only visible to one", echo)
	}
	// The people's titles follow: Alice mentors Bob now.
	p.waitJS("Alice's title to name her mentee", `document.querySelector(".person[data-user=UALICE] .person-title")?.innerText === "mentor of Bob · Berlin"`)
	p.waitJS("the demo's button to be off", `document.getElementById("demo").disabled`)
	if why := eval[string](p, `document.getElementById("demo").hidden ? "(no button)" : document.getElementById("demo-note")?.innerText ?? ""`); !strings.Contains(why, "Only on an empty programme") {
		t.Errorf("once the programme has a pair, the demo says %q, want its button greyed with why", why)
	}
	// On a phone too: the greyed button alone would not say why.
	p.do("narrow the window to a phone's", chromedp.EmulateViewport(390, 844))
	p.waitJS("the demo's note on a phone", `(() => {
		const r = document.getElementById("demo-note").getBoundingClientRect();
		return r.width > 0 && r.height > 0 && r.bottom <= window.innerHeight;
	})()`)
	p.do("widen the window again", chromedp.EmulateViewport(1280, 860))

	// The goal form, opened from the message box.
	p.send("/goal")
	p.waitJS("the goal form", `document.querySelector('.modal [data-block-id="goal_text"] input') === document.activeElement`)
	behind := `document.querySelector('[data-advance="1h"]')`
	eval[chromedp.Void](p, behind+`.focus()`)
	if reached := eval[bool](p, behind+` === document.activeElement || !`+behind+`.closest("[inert]")`); reached {
		t.Error("with the form open, the keyboard reaches +1 hour behind it")
	}
	eval[chromedp.Void](p, `document.querySelector('.modal button[type="submit"]').focus()`)
	p.do("Tab past the form's last button", chromedp.KeyEvent(kb.Tab))
	if inside := eval[bool](p, `!!document.activeElement.closest(".modal")`); !inside {
		t.Errorf("Tab past the form's last button went to %s, want back into the form", eval[string](p, `document.activeElement.outerHTML.slice(0, 80)`))
	}

	// A due date that has passed: the bot refuses it, and the focus is on
	// the date, not on the form's first field.
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	p.typeInto(`.modal [data-block-id="goal_text"] input`, "Learn to give feedback")
	p.typeInto(`.modal [data-block-id="goal_measure"] textarea`, "Two people say my feedback helped")
	p.typeInto(`.modal [data-block-id="goal_due"] input`, time.Now().In(london).AddDate(0, 0, -3).Format("01022006"))
	p.click(`.modal button[type="submit"]`)
	p.waitJS("the bot's refusal under the date", `document.querySelector('.modal [data-block-id="goal_due"].has-error')`)
	if on := eval[string](p, `document.activeElement.closest("[data-block-id]")?.dataset.blockId ?? document.activeElement.tagName`); on != "goal_due" {
		t.Errorf("after the bot refused the due date, the focus is on %s, want goal_due", on)
	}

	p.do("press Esc", chromedp.KeyEvent(kb.Escape))
	p.waitJS("the form to close", `document.querySelector(".modal") === null && !document.querySelector("[inert]")`)
	p.waitJS("the focus to be back in the message box", `document.activeElement === document.getElementById("input")`)
}
