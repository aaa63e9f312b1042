package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// pgPair pairs alice (mentor) with bob (mentee) and returns the pair.
func pgPair(e *env) store.Pair {
	e.t.Helper()
	e.pair(alice, bob)
	ps, err := e.app.DB.PairsOf(e.ctx, bob, false)
	if err != nil || len(ps) != 1 {
		e.t.Fatalf("pairs of bob = %v, %v", ps, err)
	}
	// The welcome DMs go after the answer: waited for here, so that a
	// test counting DMs from now on does not count them.
	e.waitDM(alice, "Welcome to mentoring")
	e.waitDM(bob, "Welcome to mentoring")
	return ps[0]
}

func pgLoadPair(e *env, id int64) store.Pair {
	e.t.Helper()
	p, err := e.app.DB.LoadPair(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func pgGoal(e *env, owner, text string) store.Goal {
	e.t.Helper()
	g, err := e.app.DB.AddGoal(e.ctx, owner, store.GoalInput{Text: text, DueOn: "2027-01-15"})
	if err != nil {
		e.t.Fatal(err)
	}
	return g
}

// pgWait waits until user has a message (ephemeral or not) containing want.
func pgWait(e *env, user, want string) slacksim.Message {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	m, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool { return m.User == user && contains(m, want) })
	if err != nil {
		e.t.Fatalf("no message to %s containing %q: %v\nmessages: %s", user, want, err, e.describeDMs(user))
	}
	return m
}

func pgNoFailures(e *env) {
	e.t.Helper()
	if f := e.sim.Failures(); len(f) > 0 {
		e.t.Errorf("the simulator flagged what Slack would reject:\n%s", strings.Join(f, "\n"))
	}
}

func TestSnoozeHoldsThePairAndTellsThePartner(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)

	// Bad durations are refused and change nothing.
	for text, want := range map[string]string{
		"3 fortnights":     "couldn't read",
		"200d":             "at most 90 days",
		"until 2020-01-01": "",
		"12h":              "at least a day",
		// Quoted as text, as Slack's markup for @channel reads, and
		// escaped: never the markup itself.
		"&lt;!channel&gt;": `"@channel"`,
	} {
		got := e.cmd(bob, "/mentor", "snooze "+text)
		if strings.Contains(got, "Snoozed") || strings.Contains(got, "<!channel>") || (want != "" && !strings.Contains(got, want)) {
			t.Errorf("snooze %s = %q, want a refusal containing %q", text, got, want)
		}
	}
	if got := pgLoadPair(e, p.ID); !got.SnoozedUntil.IsZero() {
		t.Fatalf("a refused snooze stored %v", got.SnoozedUntil)
	}
	if got := e.cmd(carol, "/mentor", "snooze 2w"); !strings.Contains(got, "not in a mentoring pair") {
		t.Errorf("outsider snooze = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "snooze off"); !strings.Contains(got, "isn't snoozed") {
		t.Errorf("snooze off while not snoozed = %q", got)
	}

	got := e.cmd(bob, "/mentor", "snooze 2w")
	if !strings.Contains(got, "Snoozed") || !strings.Contains(got, "<@UALICE>") || !strings.Contains(got, "resume by themselves") {
		t.Fatalf("snooze 2w = %q", got)
	}
	want := e.clock.Now().Add(14 * 24 * time.Hour)
	if got := pgLoadPair(e, p.ID); !got.SnoozedUntil.Equal(want) || !got.Snoozed(e.clock.Now()) {
		t.Errorf("snoozed until %v, want %v", got.SnoozedUntil, want)
	}
	e.settle()
	e.waitDM(alice, "<@UBOB> snoozed the nudges and check-ins")
	if got := e.cmd(alice, "/mentor", "snooze"); !strings.Contains(got, "snoozed until") {
		t.Errorf("bare snooze while snoozed = %q", got)
	}

	// The partner may name the other and give a date, read in their zone.
	if got := e.cmd(alice, "/mentor", "snooze <@UBOB|bob> until 2026-11-20"); !strings.Contains(got, "Snoozed") {
		t.Fatalf("snooze until = %q", got)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got := pgLoadPair(e, p.ID); !got.SnoozedUntil.Equal(time.Date(2026, 11, 20, 0, 0, 0, 0, berlin)) {
		t.Errorf("snooze until 2026-11-20 stored %v", got.SnoozedUntil)
	}
	e.settle()
	e.waitDM(bob, "<@UALICE> snoozed the nudges")

	// It ends by itself…
	e.advance(19 * 24 * time.Hour)
	if got := pgLoadPair(e, p.ID); got.Snoozed(e.clock.Now()) {
		t.Errorf("still snoozed after its end: %v", got.SnoozedUntil)
	}
	// …or sooner on request. A notice that no longer holds says so.
	last := func() slacksim.Message {
		ns := e.dms(alice, "snoozed the nudges")
		if len(ns) == 0 {
			t.Fatal("alice has no snooze notice")
		}
		return ns[len(ns)-1]
	}
	e.cmd(bob, "/mentor", "snooze 10d")
	e.settle()
	tenDays := last()
	e.cmd(bob, "/mentor", "snooze 12d")
	e.settle()
	twelveDays := last()
	if twelveDays.TS == tenDays.TS {
		t.Fatal("no notice of the second snooze")
	}
	if got := e.cmd(bob, "/mentor", "snooze off"); !strings.Contains(got, "back on") {
		t.Fatalf("snooze off = %q", got)
	}
	if got := pgLoadPair(e, p.ID); got.Snoozed(e.clock.Now()) {
		t.Errorf("snooze off left it snoozed until %v", got.SnoozedUntil)
	}
	e.settle()
	e.waitDM(alice, "ended the snooze")
	current := func(m slacksim.Message) slacksim.Message { c, _ := e.sim.LookupMessage(m.Channel, m.TS); return c }
	// The 10-day notice said it changed; now it too says the snooze ended.
	eventually(t, "the 10-day notice to say it ended", func() bool { return contains(current(tenDays), "<@UBOB> ended this snooze early") })
	eventually(t, "the 12-day notice to say it ended", func() bool { return contains(current(twelveDays), "<@UBOB> ended this snooze early") })
	pgNoFailures(e)
}

func pgSettingsView(e *env, user string) slacksim.View {
	e.t.Helper()
	for _, v := range e.sim.OpenViews(user) {
		if v.CallbackID == "settings" {
			return v
		}
	}
	e.t.Fatalf("no settings modal open for %s: %+v", user, e.sim.OpenViews(user))
	return slacksim.View{}
}

func pgSubmit(e *env, user, viewID string, values map[string]map[string]any) *slacksim.ViewSubmitResult {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	res, err := e.sim.SubmitView(ctx, user, viewID, values)
	if err != nil {
		e.t.Fatalf("submit %s: %v", viewID, err)
	}
	return res
}

func settingsValues(lead string, toggles []string, quiet string) map[string]map[string]any {
	return map[string]map[string]any{
		"settings_lead":    {"value": lead},
		"settings_toggles": {"value": toggles},
		"settings_quiet":   {"value": quiet},
	}
}

func TestSettingsModalValidatesAndSaves(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(alice, "/mentor", "settings"); got != "" {
		t.Errorf("settings answered %q; want the modal only", got)
	}
	v := pgSettingsView(e, alice)
	body := string(v.JSON)
	if !strings.Contains(body, "Programme default: 24h,1h") || !strings.Contains(body, "Programme default: 20:00-08:00") {
		t.Errorf("the modal does not show the programme defaults: %s", body)
	}

	// Invalid input: errors under the fields, the modal stays, nothing saved.
	res := pgSubmit(e, alice, v.ID, settingsValues("soon, 1h", []string{"nudges"}, "25:00-08:00"))
	if res.Closed || res.Errors["settings_lead"] == "" || res.Errors["settings_quiet"] == "" {
		t.Fatalf("invalid settings: closed %v, errors %v", res.Closed, res.Errors)
	}
	if !strings.Contains(res.Errors["settings_lead"], "soon") {
		t.Errorf("lead time error = %q", res.Errors["settings_lead"])
	}
	u, err := e.app.DB.User(e.ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if u.Settings.RemindBefore != nil || u.Settings.QuietHours != nil || !u.Settings.CheckinsOn {
		t.Fatalf("refused settings were stored: %+v", u.Settings)
	}

	// Valid input is stored, normalised.
	res = pgSubmit(e, alice, v.ID, settingsValues("30m, 2h", []string{"nudges"}, "22:00-07:00"))
	if !res.Closed || len(res.Errors) > 0 {
		t.Fatalf("valid settings: closed %v, errors %v", res.Closed, res.Errors)
	}
	u, _ = e.app.DB.User(e.ctx, alice)
	s := u.Settings
	if s.RemindBefore == nil || *s.RemindBefore != "2h,30m" || s.CheckinsOn || !s.NudgesOn || s.QuietHours == nil || *s.QuietHours != "22:00-07:00" {
		t.Fatalf("stored settings = %+v (remind %v, quiet %v)", s, deref(s.RemindBefore), deref(s.QuietHours))
	}
	pgWait(e, alice, "Check-ins: off")

	// Reopened, the modal shows them; "none" and empty mean no reminders
	// and the programme default.
	e.cmd(alice, "/mentor", "settings")
	v = pgSettingsView(e, alice)
	if !strings.Contains(string(v.JSON), "2h,30m") || !strings.Contains(string(v.JSON), "22:00-07:00") {
		t.Errorf("reopened modal lacks the saved values: %s", v.JSON)
	}
	res = pgSubmit(e, alice, v.ID, settingsValues("none", []string{"checkins", "nudges"}, ""))
	if !res.Closed {
		t.Fatalf("second submit: %+v", res)
	}
	u, _ = e.app.DB.User(e.ctx, alice)
	s = u.Settings
	if s.RemindBefore == nil || *s.RemindBefore != "" || s.QuietHours != nil || !s.CheckinsOn || !s.NudgesOn {
		t.Errorf("after none/empty: %+v (remind %v, quiet %v)", s, deref(s.RemindBefore), deref(s.QuietHours))
	}
	if got := e.cmd(alice, "/mentor", "settings now"); !strings.Contains(got, "Usage") {
		t.Errorf("settings with arguments = %q", got)
	}
	pgNoFailures(e)
}

func deref(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// pgWaitFile waits until user has a file whose name starts with prefix
// shared in their DM with the bot, and returns the message that shared it.
func pgWaitFile(e *env, user, prefix string) slacksim.Message {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	m, err := e.sim.WaitMessage(ctx, func(m slacksim.Message) bool {
		return m.Channel == e.dmChannel(user) && len(m.Files) == 1 && strings.HasPrefix(m.Files[0].Name, prefix)
	})
	if err != nil {
		e.t.Fatalf("no file %s… in %s's DM: %v\nmessages: %s", prefix, user, err, e.describeDMs(user))
	}
	return m
}

// pgFilesNamed counts the files whose name starts with prefix shared in
// user's DM.
func pgFilesNamed(e *env, user, prefix string) int {
	n := 0
	for _, f := range e.sim.FilesTo(user) {
		if strings.HasPrefix(f.Name, prefix) {
			n++
		}
	}
	return n
}

// pgReportPrivateText seeds a programme whose private text is distinctive:
// none of pgPrivateWords may ever appear in a report.
func pgReportPrivateText(e *env) store.Pair {
	e.t.Helper()
	p := pgPair(e)
	pgGoal(e, bob, "Secret goal about my manager")
	g := pgGoal(e, bob, "Learn Go")
	if _, _, err := e.app.DB.SetGoalProgress(e.ctx, bob, g.ID, 60, "Private progress quokka"); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.DB.CloseGoal(e.ctx, bob, g.ID, store.GoalDone); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Private session notes",
		Todos: []store.NewTodo{{Text: "Private todo"}}}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.app.DB.AddAgendaItem(e.ctx, alice, p.ID, "Private agenda", time.Time{}); err != nil {
		e.t.Fatal(err)
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackNote, Text: "Private feedback pangolin"}); err != nil {
		e.t.Fatal(err)
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackRating, Rating: 4, Text: "Private rating comment"}); err != nil {
		e.t.Fatal(err)
	}
	return p
}

var pgPrivateWords = []string{"Secret", "manager", "Learn Go", "Private", "quokka", "pangolin"}

func TestReportIsForAdminsAndHoldsNoPrivateText(t *testing.T) {
	e := newEnv(t)
	pgReportPrivateText(e)

	if got := e.cmd(carol, "/mentor", "report"); !strings.Contains(got, "Only programme admins") {
		t.Errorf("non-admin report = %q", got)
	}
	if got := e.cmd(bob, "/mentor", "report"); !strings.Contains(got, "Only programme admins") || strings.Contains(got, "Secret") {
		t.Errorf("pair member report = %q", got)
	}
	got := e.cmd(dana, "/mentor", "report")
	for _, want := range []string{"Programme report", "1 active", "0 ended", "*Sessions logged:* 1", "2 set · 1 done · 1 open", "last 30 days: *1 held*",
		"none counted yet", "CSV file", " GMT>"} { // the date's fallback in dana's London time
		if !strings.Contains(got, want) {
			t.Errorf("admin report lacks %q:\n%s", want, got)
		}
	}
	for _, private := range pgPrivateWords {
		if strings.Contains(got, private) {
			t.Errorf("admin report shows private text %q:\n%s", private, got)
		}
	}
	pgWaitFile(e, dana, "mentorbot-report-")
	// A workspace admin per Slack may read it too.
	if got := e.cmd(erin, "/mentor", "report"); !strings.Contains(got, "Programme report") {
		t.Errorf("workspace admin report = %q", got)
	}
	pgWaitFile(e, erin, "mentorbot-report-")
	pgNoFailures(e)
}

func TestReportCSVArrivesInTheAdminsDMWithTheFigures(t *testing.T) {
	e := newEnv(t)
	pgReportPrivateText(e)
	e.settle()

	e.cmd(dana, "/mentor", "report")
	m := pgWaitFile(e, dana, "mentorbot-report-")
	f := m.Files[0]
	if f.Name != "mentorbot-report-2026-11-02.csv" || !strings.Contains(f.Title, "Programme report") || !strings.Contains(m.Text, "CSV") {
		t.Errorf("report file %q titled %q, comment %q", f.Name, f.Title, m.Text)
	}
	rows, err := csv.NewReader(bytes.NewReader(f.Content)).ReadAll()
	if err != nil {
		t.Fatalf("report file is not CSV: %v\n%s", err, f.Content)
	}
	figures := map[string]string{}
	for i, r := range rows {
		if len(r) != 5 {
			t.Fatalf("row %d has %d fields: %q", i, len(r), r)
		}
		figures[r[0]+"/"+r[1]+"/"+r[2]] = r[3]
	}
	for k, want := range map[string]string{
		"section/figure/period":                 "value",
		"pairs/active/now":                      "1",
		"pairs/ended/all time":                  "0",
		"sessions/logged/all time":              "1",
		"goals/set/all time":                    "2",
		"goals/done/all time":                   "1",
		"goals/open/now":                        "1",
		"meetings/held/last 30 days":            "1",
		"feedback/all_ratings_average/all time": "", // none counted: one answer waits
		"quiet_pairs/count/now":                 "0",
		"report/generated_at/":                  "2026-11-02T08:00:00Z",
	} {
		if got, ok := figures[k]; !ok || got != want {
			t.Errorf("CSV %s = %q (present %v), want %q", k, got, ok, want)
		}
	}
	for _, private := range append(pgPrivateWords, "<@", alice, bob) {
		if bytes.Contains(f.Content, []byte(private)) || strings.Contains(m.Text, private) {
			t.Errorf("the report's CSV holds %q:\n%s", private, f.Content)
		}
	}
	if n := pgFilesNamed(e, dana, "mentorbot-report-"); n != 1 {
		t.Errorf("%d report files, want 1", n)
	}
	pgNoFailures(e)
}

func TestNonAdminReportUploadsNothing(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	for _, u := range []string{carol, bob} {
		if got := e.cmd(u, "/mentor", "report"); !strings.Contains(got, "Only programme admins") {
			t.Errorf("%s's report = %q", u, got)
		}
	}
	// An admin's report afterwards is the first upload of all.
	e.cmd(dana, "/mentor", "report")
	pgWaitFile(e, dana, "mentorbot-report-")
	if n := len(e.sim.CallsTo("files.getUploadURLExternal")); n != 1 {
		t.Errorf("%d uploads started, want only the admin's", n)
	}
	if fs := e.sim.Files(); len(fs) != 1 || len(fs[0].Channels) != 1 || fs[0].Channels[0] != e.dmChannel(dana) {
		t.Errorf("files = %+v", fs)
	}
	pgNoFailures(e)
}

func TestRateLimitedUploadsArriveOnce(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.sim.RateLimitNext("files.getUploadURLExternal", 1, time.Second)
	e.sim.RateLimitNext("files.completeUploadExternal", 1, time.Second)
	e.cmd(dana, "/mentor", "report")
	pgWaitFile(e, dana, "mentorbot-report-")
	e.sim.RateLimitNext("files.completeUploadExternal", 1, time.Second)
	e.sim.RateLimitNext(slacksim.MethodUploadURL, 1, time.Second)
	e.cmd(bob, "/mentor", "export")
	pgWaitFile(e, bob, "mentorbot-data-")
	if n, m := pgFilesNamed(e, dana, "mentorbot-report-"), pgFilesNamed(e, bob, "mentorbot-data-"); n != 1 || m != 1 {
		t.Errorf("after 429s: %d report files, %d export files; want 1 each", n, m)
	}
	for method, want := range map[string]int{"files.getUploadURLExternal": 3, "files.completeUploadExternal": 4, slacksim.MethodUploadURL: 3} {
		calls, limited := e.sim.CallsTo(method), 0
		for _, c := range calls {
			if c.Status == 429 {
				limited++
			}
		}
		if len(calls) != want {
			t.Errorf("%d calls to %s (%d rate limited), want %d", len(calls), method, limited, want)
		}
	}
	// Only the files that were shared were reserved: a 429 on the last
	// step did not start the upload again.
	if n := len(e.sim.Files()); n != 2 {
		t.Errorf("%d files reserved, want 2", n)
	}
	pgNoFailures(e)
}

func TestExportSendsOnlyThePersonsOwnData(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	if got := e.cmd(dana, "/mentor", "pair <@UCAROL|carol> <@UERIN|erin>"); !strings.Contains(got, "Paired") {
		t.Fatal(got)
	}
	q, err := e.app.DB.PairsOf(e.ctx, erin, false)
	if err != nil || len(q) != 1 {
		t.Fatal(q, err)
	}
	g := pgGoal(e, bob, "Speak at GopherCon <!channel> & shine")
	if _, _, err := e.app.DB.SetGoalProgress(e.ctx, bob, g.ID, 40, "Drafted the CFP"); err != nil {
		t.Fatal(err)
	}
	pgGoal(e, erin, "Erin's own goal")
	if _, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "We talked about `code` and talks",
		Todos: []store.NewTodo{{Text: "Write the abstract"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.LogSession(e.ctx, erin, store.NewSession{PairID: q[0].ID, HeldOn: "2026-11-02", Notes: "Carol and Erin's notes",
		Todos: []store.NewTodo{{Text: "Erin's todo"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.AddAgendaItem(e.ctx, bob, p.ID, "Rehearse the talk", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, bob, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackNote, Text: "Thanks for the honest review"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, alice, store.NewFeedback{PairID: p.ID, Kind: store.FeedbackNote, Text: "Great progress on the CFP"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.app.DB.GiveFeedback(e.ctx, erin, store.NewFeedback{PairID: q[0].ID, Kind: store.FeedbackNote, Text: "Erin to Carol"}); err != nil {
		t.Fatal(err)
	}
	e.settle() // the intro DMs go out

	got := e.cmd(bob, "/mentor", "export")
	if !strings.Contains(got, "sending you a copy of your data") || !strings.Contains(got, "JSON file") || !strings.Contains(got, "1 goal") {
		t.Fatalf("export answer = %q", got)
	}
	m := pgWaitFile(e, bob, "mentorbot-data-")
	f := m.Files[0]
	if f.Name != "mentorbot-data-2026-11-02.json" || !strings.Contains(m.Text, "Your mentorbot data") || !strings.Contains(m.Text, "1 goal") {
		t.Errorf("export file %q, comment %q", f.Name, m.Text)
	}
	var doc struct {
		UserID string `json:"user_id"`
		Pairs  []struct {
			Role string `json:"your_role"`
		} `json:"pairs"`
		Goals []struct {
			Text     string `json:"text"`
			Status   string `json:"status"`
			Progress int    `json:"progress_percent"`
			History  []struct {
				Percent int    `json:"percent"`
				Note    string `json:"note"`
			} `json:"progress_history"`
		} `json:"goals"`
		Sessions []struct {
			Notes string `json:"notes"`
		} `json:"sessions"`
		Todos []struct {
			Text string `json:"text"`
		} `json:"todos"`
		Agenda []struct {
			Text string `json:"text"`
		} `json:"agenda_items"`
		Given []struct {
			Text string `json:"text"`
		} `json:"feedback_given"`
		Received []struct {
			Text string `json:"text"`
		} `json:"feedback_received"`
		Sent []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"notifications_sent"`
	}
	if err := json.Unmarshal(f.Content, &doc); err != nil {
		t.Fatalf("export file is not JSON: %v\n%s", err, f.Content)
	}
	if doc.UserID != bob || len(doc.Pairs) != 1 || doc.Pairs[0].Role != "mentee" {
		t.Errorf("export of %s, pairs %+v", doc.UserID, doc.Pairs)
	}
	if len(doc.Goals) != 1 || doc.Goals[0].Text != "Speak at GopherCon <!channel> & shine" || doc.Goals[0].Status != "open" ||
		doc.Goals[0].Progress != 40 || len(doc.Goals[0].History) != 1 || doc.Goals[0].History[0].Note != "Drafted the CFP" {
		t.Errorf("goals = %+v", doc.Goals)
	}
	if len(doc.Sessions) != 1 || doc.Sessions[0].Notes != "We talked about `code` and talks" || len(doc.Todos) != 1 ||
		doc.Todos[0].Text != "Write the abstract" || len(doc.Agenda) != 1 || doc.Agenda[0].Text != "Rehearse the talk" {
		t.Errorf("sessions %+v, to-dos %+v, agenda %+v", doc.Sessions, doc.Todos, doc.Agenda)
	}
	if len(doc.Given) != 1 || doc.Given[0].Text != "Thanks for the honest review" || len(doc.Received) != 1 || doc.Received[0].Text != "Great progress on the CFP" {
		t.Errorf("feedback given %+v, received %+v", doc.Given, doc.Received)
	}
	intro := false
	for _, n := range doc.Sent {
		intro = intro || (n.Kind == "intro" && strings.Contains(n.Text, "mentoring"))
	}
	if !intro {
		t.Errorf("notifications sent = %+v; want bob's intro", doc.Sent)
	}
	for _, not := range []string{"Erin", "Carol", carol, erin} {
		if bytes.Contains(f.Content, []byte(not)) {
			t.Errorf("bob's export holds another pair's %q", not)
		}
	}
	if strings.Contains(m.Text, "<!channel>") {
		t.Errorf("the covering message echoes user text: %q", m.Text)
	}
	// Alice's export has the pair's session but not bob's goals.
	e.cmd(alice, "/mentor", "export")
	am := pgWaitFile(e, alice, "mentorbot-data-")
	if txt := string(am.Files[0].Content); strings.Contains(txt, "GopherCon") || !strings.Contains(txt, "talks") {
		t.Errorf("alice's export (mentor) = %s", txt)
	}
	if n := len(e.dms(bob, "Your mentorbot data")); n != 1 {
		t.Errorf("%d export messages to bob, want the one that shares the file", n)
	}
	pgNoFailures(e)
}

func TestExportComesAsMessagesWhereFilesAreRefused(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	pgGoal(e, bob, "Speak at GopherCon <!channel> & shine")
	e.sim.FailNext("files.getUploadURLExternal", 1, "file_uploads_disabled", 0)
	got := e.cmd(bob, "/mentor", "export")
	if !strings.Contains(got, "sending you a copy of your data") {
		t.Fatalf("export answer = %q", got)
	}
	m := e.waitDM(bob, "Your mentorbot data")
	all := ""
	for _, dm := range e.dms(bob, "") {
		all += dm.Text + "\n" + blockText(dm.Blocks) + "\n" + string(dm.Blocks)
	}
	if !strings.Contains(all, "Speak at GopherCon") || strings.Contains(all, "<!channel>") {
		t.Errorf("export as messages:\n%s", all)
	}
	// The goals section is JSON, one record per line, that reads back.
	var found bool
	for _, chunk := range strings.Split(blockText(m.Blocks), "```") {
		for line := range strings.SplitSeq(chunk, "\n") {
			if !strings.Contains(line, "GopherCon") {
				continue
			}
			var g struct {
				Text   string `json:"text"`
				Status string `json:"status"`
			}
			if err := json.Unmarshal([]byte(line), &g); err != nil {
				t.Fatalf("goal record is not JSON: %v\n%s", err, line)
			}
			if g.Text != "Speak at GopherCon <!channel> & shine" || g.Status != "open" {
				t.Errorf("goal record = %+v", g)
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no JSON goal record in the export:\n%s", blockText(m.Blocks))
	}
	if n := len(e.sim.Files()); n != 0 {
		t.Errorf("%d files reserved after a refusal", n)
	}
	pgNoFailures(e)
}

func pgForgetMessage(e *env, user string) slacksim.Message {
	e.t.Helper()
	res := e.cmdIn(user, e.dmChannel(user), "/mentor", "forget")
	if res.Message == nil || !strings.Contains(blockText(res.Message.Blocks), "Delete my data") {
		e.t.Fatalf("forget answer has no button: %+v", res.Message)
	}
	return *res.Message
}

// pgForget has user ask to be forgotten, confirm with the button, and
// waits for the bot to say their data is deleted.
func pgForget(e *env, user string) {
	e.t.Helper()
	pgClick(e, user, pgForgetMessage(e, user), "forget_confirm")
	pgWait(e, user, "your data is deleted")
}

func pgClick(e *env, user string, m slacksim.Message, action string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	if _, err := e.sim.ClickButton(ctx, user, m, action); err != nil {
		e.t.Fatal(err)
	}
}

func TestForgetDeletesOnlyAfterTheButton(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	g := pgGoal(e, bob, "Bob's private goal")
	if _, err := e.app.DB.LogSession(e.ctx, bob, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Bob's notes"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.app.DB.LogSession(e.ctx, alice, store.NewSession{PairID: p.ID, HeldOn: "2026-11-02", Notes: "Alice's notes"}); err != nil {
		t.Fatal(err)
	}
	goalExists := func() bool {
		_, err := e.app.DB.LoadGoal(e.ctx, g.ID)
		return err == nil
	}

	// Showing the question deletes nothing; Cancel deletes nothing. It
	// does not promise to delete what the partner was already sent.
	m := pgForgetMessage(e, bob)
	if !contains(m, "messages already in Slack stay where they are") || !contains(m, "nor a goal you posted in a channel with `/goal share`") {
		t.Errorf("the question does not say that sent messages and shared goals stay: %s", blockText(m.Blocks))
	}
	if !goalExists() || !pgLoadPair(e, p.ID).Live() {
		t.Fatal("/mentor forget deleted before the button was pressed")
	}
	pgClick(e, bob, m, "forget_cancel")
	pgWait(e, bob, "nothing was deleted")
	if !goalExists() {
		t.Fatal("Cancel deleted the goal")
	}

	// An old button has expired.
	m = pgForgetMessage(e, bob)
	e.advance(2 * time.Hour)
	pgClick(e, bob, m, "forget_confirm")
	pgWait(e, bob, "expired")
	if !goalExists() {
		t.Fatal("an expired button deleted the goal")
	}

	m = pgForgetMessage(e, bob)
	pgClick(e, bob, m, "forget_confirm")
	pgWait(e, bob, "your data is deleted")
	if goalExists() {
		t.Error("the goal survived forget")
	}
	if pgLoadPair(e, p.ID).Live() {
		t.Error("the pair is still live after forget")
	}
	ss, err := e.app.DB.Sessions(e.ctx, alice, p.ID, 0)
	if err != nil || len(ss) != 2 {
		t.Fatalf("sessions after forget = %v, %v", ss, err)
	}
	for _, s := range ss {
		if strings.Contains(s.Notes, "Bob's notes") {
			t.Errorf("bob's notes survived: %+v", s)
		}
	}
	if ss[0].Notes != "Alice's notes" && ss[1].Notes != "Alice's notes" {
		t.Errorf("alice's own notes were deleted: %+v", ss)
	}
	e.settle()
	e.waitDM(alice, "asked mentorbot to delete their data")
	if got := e.cmd(bob, "/goal", "list"); strings.Contains(got, "Bob's private goal") {
		t.Errorf("goal list after forget = %q", got)
	}
	pgNoFailures(e)
}

// A pair whose one meeting has passed has no meeting ahead: the report
// does not count it among the pairs with a schedule.
func TestReportCountsPairsWithAMeetingAhead(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(carol, erin)
	e.cmd(alice, "/mentor", "meet <@UBOB> 2026-11-03 15:00")
	e.cmd(carol, "/mentor", "meet <@UERIN> weekly thu 10:00")
	if got := e.cmd(dana, "/mentor", "report"); !strings.Contains(got, "Live pairs with a meeting ahead: 2 of 2.") {
		t.Errorf("report before the one-off:\n%s", got)
	}
	e.clock.Advance(3 * 24 * time.Hour)
	if got := e.cmd(dana, "/mentor", "report"); !strings.Contains(got, "Live pairs with a meeting ahead: 1 of 2.") {
		t.Errorf("report after the one-off:\n%s", got)
	}
}

// A paused pair has no meeting ahead until it resumes (its Home says
// "none while paused"): the report does not count it as having one.
func TestReportCountsNoMeetingAheadForAPausedPair(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	e.pair(carol, erin)
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly tue 15:00")
	e.cmd(carol, "/mentor", "meet <@UERIN> weekly thu 10:00")
	if got := e.cmd(erin, "/mentor", "pause"); !strings.Contains(got, "Paused") {
		t.Fatalf("pause: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "report"); !strings.Contains(got, "Live pairs with a meeting ahead: 1 of 2.") {
		t.Errorf("report with a pair paused:\n%s", got)
	}
	if got := e.cmd(erin, "/mentor", "resume"); !strings.Contains(got, "Resumed") {
		t.Fatalf("resume: %q", got)
	}
	if got := e.cmd(dana, "/mentor", "report"); !strings.Contains(got, "Live pairs with a meeting ahead: 2 of 2.") {
		t.Errorf("report after resuming:\n%s", got)
	}
}

// A snooze that names someone Slack did not make a mention of says who it
// could not find, as the other partner commands do, before asking someone
// in two pairs which one they mean; nothing is snoozed.
func TestSnoozeOfSomeoneNotInTheWorkspace(t *testing.T) {
	e := newEnv(t)
	p := pgPair(e)
	check := func(who, text string) {
		t.Helper()
		got := e.cmd(who, "/mentor", text)
		if !strings.Contains(got, "I couldn't find @nobody in this workspace") || strings.Contains(got, "Which") || strings.Contains(got, "Snoozed") {
			t.Errorf("%s: /mentor %s = %q", who, text, got)
		}
	}
	check(alice, "snooze @nobody 1w")
	check(alice, "snooze 1w @nobody")
	check(alice, "snooze @nobody")
	e.pair(alice, carol)
	check(alice, "snooze @nobody 1w")
	check(alice, "snooze 1w @nobody")
	if got := pgLoadPair(e, p.ID); !got.SnoozedUntil.IsZero() {
		t.Errorf("snoozed until %v", got.SnoozedUntil)
	}
	// A partner named without the @ is pointed to the mention.
	if got := e.cmd(alice, "/mentor", "snooze bob 1w"); !strings.Contains(got, "Did you mean <@UBOB>?") {
		t.Errorf("snooze bob 1w = %q", got)
	}
}
