package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"

	_ "modernc.org/sqlite"
)

// TestCrashSendsEachNotificationExactlyOnce builds the real binary, runs
// it on real time against a simulator started here, and SIGKILLs it again
// and again, at random moments and at moments aimed at dispatch (a
// notification claimed for sending), while a stream of reminders falls
// due, restarting it on the same database each time. In the end the
// simulator's record must hold every due notification exactly once.
//
// A send cut short by a kill is taken over by the next process (it holds
// the sender lock, which the kill released) once the send could have
// landed in Slack, 30 s on; it first looks for the message in the DM's
// history.
func TestCrashSendsEachNotificationExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildMentorbot(t, dir)

	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	// Few enough that the bot, pacing itself by Slack's limits (a burst of
	// 100 DMs, then 5 a second), can keep up with the stream.
	const pairs = 12
	users := func(i int) (string, string) { return fmt.Sprintf("UMENTOR%02d", i), fmt.Sprintf("UMENTEE%02d", i) }
	for i := range pairs {
		a, b := users(i)
		sim.AddUser(slacksim.User{ID: a, Name: strings.ToLower(a), RealName: "Mentor " + a, TZ: "Europe/Berlin"})
		sim.AddUser(slacksim.User{ID: b, Name: strings.ToLower(b), RealName: "Mentee " + b, TZ: "America/New_York"})
	}

	// One meeting for every pair, three hours ahead; a dozen lead times
	// make the reminders fall due one second apart, from 6 s to 17 s after
	// the first start. The agenda prompts (48 h before) are late when the
	// meeting is set, so they go at once. (From 2 s, a first start slowed
	// by a loaded machine planned after the first lead's time had passed,
	// and so, rightly, never planned its reminders: a CI run counted 276
	// due of 300.)
	dbPath := filepath.Join(dir, "mentorbot.db")
	ctx := context.Background()
	t0 := time.Now()
	meeting := t0.Add(3 * time.Hour).Truncate(time.Minute)
	var leads []time.Duration
	for i := range 12 {
		leads = append(leads, meeting.Sub(t0.Add(time.Duration(6+i)*time.Second)).Truncate(time.Second))
	}
	lastDue := meeting.Add(-leads[len(leads)-1])
	db, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rule := cadence.Rule{Kind: cadence.Once, Start: meeting.UTC(), Weekday: meeting.UTC().Weekday(), Hour: meeting.UTC().Hour(),
		Minute: meeting.UTC().Minute(), Loc: time.UTC}
	for i := range pairs {
		a, b := users(i)
		p, err := db.CreatePair(ctx, "UADMIN", a, b)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetSchedule(ctx, a, p.ID, rule.Encode(), 30*time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	env := append(os.Environ(),
		"SLACK_BOT_TOKEN="+sim.BotToken(), "SLACK_APP_TOKEN="+sim.AppToken(), "SLACK_API_URL="+sim.APIURL(),
		"MENTORBOT_DB="+dbPath, "MENTORBOT_REMIND_BEFORE="+datetext.FormatLeadTimes(leads),
		"MENTORBOT_QUIET_HOURS=", "MENTORBOT_CHECKIN_SCHEDULE=0 9 1 1 *", "MENTORBOT_LOG_LEVEL=INFO")
	logs, start := runner(t, dir, bin, env)

	// Kill again and again until the last reminder has been due for a
	// second, restarting each time: every other time at a random moment,
	// and in between aimed at dispatch, the moment a notification is seen
	// claimed for sending (its send under way, or just done and not yet
	// recorded).
	rng := rand.New(rand.NewPCG(uint64(t0.UnixNano()), 7))
	kills, aimed, inFlight, window := 0, 0, 0, 0
	for time.Now().Before(lastDue.Add(time.Second)) {
		cmd := start()
		if kills%2 == 0 {
			time.Sleep(time.Duration(150+rng.IntN(1100)) * time.Millisecond)
		} else if waitSending(t, dbPath, 2*time.Second) {
			aimed++
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		kills++
		// What the kill interrupted: sends under way, and among them sends
		// Slack had already taken (the window the history look-up covers).
		for _, n := range sendingNow(t, dbPath) {
			inFlight++
			for _, m := range sim.Messages() {
				if schedKey(m) == n.Key {
					window++
					break
				}
			}
		}
	}
	if kills < 6 || aimed < 3 || inFlight == 0 {
		t.Errorf("%d kills, %d aimed at dispatch, %d sends interrupted: too few to test anything", kills, aimed, inFlight)
	}

	// A last start runs until every due notification is sent.
	cmd := start()
	// Seconds when the machine is idle; the margin is for a loaded one
	// (a CI run beside other work once took more than a minute).
	deadline := time.Now().Add(150 * time.Second)
	var open []store.Notification
	for {
		open = dueUnsent(t, dbPath, lastDue)
		if len(open) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	if len(open) > 0 {
		// The log goes with the test's directory: its end is shown here.
		tail, _ := os.ReadFile(logs.Name())
		if len(tail) > 6000 {
			tail = tail[len(tail)-6000:]
		}
		t.Fatalf("%d due notifications never sent, e.g. %s (%s, %s); the log ends:\n%s", len(open), open[0].Key, open[0].Status, open[0].LastError, tail)
	}

	// The simulator's record: every due notification exactly once.
	seen := map[string]int{}
	for _, m := range sim.Messages() {
		if k := schedKey(m); k != "" {
			seen[k]++
		}
	}
	db, err = store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Notifications(ctx, store.NoteFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	due, replaced := 0, 0
	for _, n := range rows {
		if n.DueAt.After(lastDue) {
			continue
		}
		due++
		if replacedAfterDowntime(n, rows) {
			replaced++
			if seen[n.Key] != 0 {
				t.Errorf("%s was replaced by a later reminder, yet reached Slack", n.Key)
			}
			continue
		}
		if n.Status != store.NoteSent {
			t.Errorf("%s: %s (%s)", n.Key, n.Status, n.LastError)
		}
		if seen[n.Key] != 1 {
			t.Errorf("%s reached Slack %d times", n.Key, seen[n.Key])
		}
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("%s reached Slack %d times", k, c)
		}
	}
	if want := pairs * (2*len(leads) + 1); due != want {
		t.Errorf("%d notifications were due, want %d (reminders for both, and the agenda prompt)", due, want)
	}
	if fs := sim.Failures(); len(fs) > 0 {
		t.Errorf("simulator failures:\n%s", strings.Join(fs, "\n"))
	}
	logText, _ := os.ReadFile(logs.Name())
	t.Logf("%d kills (%d aimed at dispatch) interrupting %d sends, %d of them already in Slack; %d notifications due, each delivered once "+
		"but %d reminders replaced by a later one after downtime; %d found in the DM history after a kill instead of being sent again",
		kills, aimed, inFlight, window, due, replaced, strings.Count(string(logText), "already delivered"))
}

// buildMentorbot builds the binary into dir and returns its path.
func buildMentorbot(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "mentorbot")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runner returns the log file in dir the binary bin writes to, and a
// function that starts `bin run` with env, on a free port of its own.
func runner(t *testing.T, dir, bin string, env []string) (*os.File, func() *exec.Cmd) {
	t.Helper()
	logs, err := os.Create(filepath.Join(dir, "mentorbot.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logs.Close() })
	return logs, func() *exec.Cmd {
		t.Helper()
		addr, err := freeAddr()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "run")
		cmd.Env = append(env, "MENTORBOT_HTTP_ADDR="+addr)
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
}

// TestCrashWhileSlackTakesInAPostSendsItOnce: the bot is killed while
// Slack is still taking in its post (a slow Slack: the message shows in
// the DM two seconds after the call reached it), and a supervisor starts
// it again at once. The new process must not look for that post in the
// DM's history before it could have landed, find nothing, and post it
// again.
func TestCrashWhileSlackTakesInAPostSendsItOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary; skipped with -short")
	}
	dir := t.TempDir()
	bin := buildMentorbot(t, dir)
	sim := slacksim.New(slacksim.Options{})
	defer sim.Close()
	sim.AddUser(slacksim.User{ID: "UMENTOR", Name: "mentor", RealName: "Mia Mentor", TZ: "Europe/Berlin"})
	sim.AddUser(slacksim.User{ID: "UMENTEE", Name: "mentee", RealName: "Max Mentee", TZ: "Europe/Berlin"})

	// A meeting three hours ahead, set before the start: its agenda
	// prompt (48 h before) is late, so it goes at once, and nothing else
	// is due for two hours.
	dbPath := filepath.Join(dir, "mentorbot.db")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	meeting := time.Now().Add(3 * time.Hour).Truncate(time.Minute).UTC()
	rule := cadence.Rule{Kind: cadence.Once, Start: meeting, Weekday: meeting.Weekday(), Hour: meeting.Hour(), Minute: meeting.Minute(), Loc: time.UTC}
	p, err := db.CreatePair(ctx, "UADMIN", "UMENTOR", "UMENTEE")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetSchedule(ctx, "UMENTOR", p.ID, rule.Encode(), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	db.Close()

	reached := make(chan struct{}, 1)
	sim.StartOutage(slacksim.Outage{Method: "chat.postMessage", Delay: 2 * time.Second, AppliedLate: true,
		Until: time.Now().Add(time.Hour), Reached: reached})
	_, start := runner(t, dir, bin, append(os.Environ(), "SLACK_BOT_TOKEN="+sim.BotToken(), "SLACK_APP_TOKEN="+sim.AppToken(),
		"SLACK_API_URL="+sim.APIURL(), "MENTORBOT_DB="+dbPath, "MENTORBOT_QUIET_HOURS="))
	cmd := start()
	select {
	case <-reached:
	case <-time.After(waitLimit):
		_ = cmd.Process.Kill()
		t.Fatal("the agenda prompt was never posted")
	}
	landed := time.Now().Add(2 * time.Second) // when the post in hand shows in the DM
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	sim.EndOutages() // Slack is quick again; the post in hand still lands late
	cmd = start()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	prompt := func() []slacksim.Message {
		var out []slacksim.Message
		for _, m := range sim.Messages() {
			if strings.HasPrefix(schedKey(m), "agenda_prompt:") {
				out = append(out, m)
			}
		}
		return out
	}
	// The new process looks for the post 30 s after its start.
	for deadline := time.Now().Add(90 * time.Second); len(sendingNow(t, dbPath)) > 0 || len(prompt()) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the agenda prompt was not recorded as sent within 90 s of the restart: %d in Slack", len(prompt()))
		}
	}
	// A second post would be in by now; the first one lands at its time.
	time.Sleep(time.Until(landed) + time.Second)
	if got := prompt(); len(got) != 1 {
		t.Errorf("the agenda prompt reached Slack %d times, want once", len(got))
	}
}

// replacedAfterDowntime reports whether n is a reminder that a restart
// cancelled because a later reminder for the same meeting and person was
// due too by then; that one went instead (the spec: after downtime, what
// was missed goes if it still makes sense). A slow restart (a loaded
// machine) can span two of this test's reminders, one second apart.
func replacedAfterDowntime(n store.Notification, rows []store.Notification) bool {
	if n.Kind != "reminder" || n.Status != store.NoteCancelled || !strings.Contains(n.LastError, "no longer planned") {
		return false
	}
	for _, o := range rows {
		if o.Kind == n.Kind && o.PairID == n.PairID && o.Ref == n.Ref && o.RecipientID == n.RecipientID &&
			o.DueAt.After(n.DueAt) && o.Status == store.NoteSent {
			return true
		}
	}
	return false
}

// waitSending waits until a notification is claimed for sending (status
// 'sending' and no failure noted), polling the database; it reports
// whether one was seen before the timeout.
func waitSending(t *testing.T, path string, timeout time.Duration) bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM notifications WHERE status = 'sending' AND last_error = ''`).Scan(&n); err == nil && n > 0 {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// sendingNow lists the notifications claimed for sending and not recorded.
func sendingNow(t *testing.T, path string) []store.Notification {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ns, err := db.Notifications(context.Background(), store.NoteFilter{Status: store.NoteSending, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// dueUnsent lists the notifications due by lastDue that are not sent yet.
func dueUnsent(t *testing.T, path string, lastDue time.Time) []store.Notification {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Notifications(context.Background(), store.NoteFilter{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Notification
	for _, n := range rows {
		if !n.DueAt.After(lastDue) && n.Status != store.NoteSent && !replacedAfterDowntime(n, rows) {
			out = append(out, n)
		}
	}
	return out
}
