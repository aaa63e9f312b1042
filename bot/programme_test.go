package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

func TestExportChunksKeepRecordsWholeWhenTheyFit(t *testing.T) {
	lines := []string{strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 130), "d"}
	chunks := exportChunks(lines, 100)
	for _, c := range chunks {
		if n := utf8.RuneCountInString(c.text); n > 100 {
			t.Errorf("chunk of %d characters > 100: %q", n, c.text)
		}
	}
	want := []exportChunk{{lines[0] + "\n" + lines[1], false}, {strings.Repeat("c", 100), true}, {strings.Repeat("c", 30) + "\nd", false}}
	if fmt.Sprint(chunks) != fmt.Sprint(want) {
		t.Errorf("chunks = %+v, want %+v", chunks, want)
	}
}

func TestExportMessagesFitSlackLimits(t *testing.T) {
	e := store.Export{UserID: "U1", ExportedAt: time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)}
	for i := range 60 {
		e.Sessions = append(e.Sessions, store.ExportSession{Number: int64(i + 1), Pair: 1, HeldOn: "2026-11-02",
			Notes: strings.Repeat("<!channel> & notes `x` ", 110), LoggedBy: "U1"})
		e.Goals = append(e.Goals, store.ExportGoal{Number: int64(i + 1), Text: fmt.Sprintf("goal %d", i), Status: "open"})
	}
	msgs, err := exportMessages(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) < 2 {
		t.Fatalf("%d messages for a large export; want it split", len(msgs))
	}
	var sessions strings.Builder
	for _, m := range msgs {
		if len(m.Blocks) > 50 {
			t.Errorf("message with %d blocks", len(m.Blocks))
		}
		total := 0
		for _, bl := range m.Blocks {
			text := bl.(*slack.SectionBlock).Text.Text
			n := utf8.RuneCountInString(text)
			total += n
			if n > 3000 {
				t.Errorf("section of %d characters", n)
			}
			if strings.Contains(text, "<!channel>") || strings.Count(text, "```")%2 != 0 {
				t.Errorf("unsafe section: %.200s", text)
			}
			if strings.HasPrefix(text, "*Sessions of your pairs*") {
				head, code, _ := strings.Cut(text, "```")
				sessions.WriteString(strings.TrimSuffix(code, "```"))
				if !strings.Contains(head, "goes on in the next part") {
					sessions.WriteString("\n")
				}
			}
		}
		if total > msgTextBudget || blockTextLen(m.Blocks...) > msgTextBudget {
			t.Errorf("message of %d characters, over what chat.postMessage takes (%d)", total, msgTextBudget)
		}
	}
	// Put back together, the session records read back as they were.
	n := 0
	for line := range strings.SplitSeq(strings.TrimSuffix(sessions.String(), "\n"), "\n") {
		var s store.ExportSession
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("record %d is not JSON: %v", n, err)
		}
		if s.Notes != e.Sessions[n].Notes {
			t.Errorf("record %d notes changed", n)
		}
		n++
	}
	if n != len(e.Sessions) {
		t.Errorf("%d session records, want %d", n, len(e.Sessions))
	}
}

func TestParseSettings(t *testing.T) {
	s, errs := parseSettings(" 30m,2h ", "22:00-07:00", []string{settingNudges})
	if len(errs) > 0 || *s.RemindBefore != "2h,30m" || *s.QuietHours != "22:00-07:00" || s.CheckinsOn || !s.NudgesOn {
		t.Errorf("valid settings = %+v, %v", s, errs)
	}
	s, errs = parseSettings("", "", nil)
	if len(errs) > 0 || s.RemindBefore != nil || s.QuietHours != nil || s.CheckinsOn || s.NudgesOn {
		t.Errorf("empty settings = %+v, %v; want programme defaults, everything off", s, errs)
	}
	s, errs = parseSettings("None", "off", []string{settingCheckins})
	if len(errs) > 0 || *s.RemindBefore != "" || *s.QuietHours != "" || !s.CheckinsOn {
		t.Errorf("none settings = %+v, %v", s, errs)
	}
	_, errs = parseSettings("tomorrow", "8-20", nil)
	if errs[blockSettingsLead] == "" || errs[blockSettingsQuiet] == "" {
		t.Errorf("bad settings errors = %v", errs)
	}
	_, errs = parseSettings("1h,2h,3h,4h,5h,6h", "", nil)
	if errs[blockSettingsLead] == "" {
		t.Errorf("six lead times accepted")
	}
}

func TestHomeBlocksEscapeAndStayWithinLimits(t *testing.T) {
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	d := homeData{user: store.User{ID: "UME"}, now: now, loc: time.UTC, goalsBy: map[string]int{}}
	for i := range 20 {
		p := store.Pair{ID: int64(i + 1), MentorID: "UME", MenteeID: fmt.Sprintf("UM%d", i), Status: store.PairActive}
		hp := homePair{pair: p, partner: p.MenteeID}
		for j := range 8 {
			hp.todos = append(hp.todos, store.Todo{ID: int64(j), OwnerID: "UME", Text: "<!channel> do <@U9|x> " + strings.Repeat("é", 600)})
			hp.menteeGoals = append(hp.menteeGoals, store.Goal{ID: int64(j), Text: strings.Repeat("g", 300), Status: store.GoalOpen})
			hp.agenda = append(hp.agenda, store.AgendaItem{Text: strings.Repeat("a", 300), AuthorID: "UX"})
		}
		d.pairs = append(d.pairs, hp)
	}
	blocks := homeBlocks(d)
	if len(blocks) > homeMaxBlocks {
		t.Fatalf("%d blocks", len(blocks))
	}
	raw, _ := json.Marshal(blocks)
	if strings.Contains(string(raw), "<!channel>") || strings.Contains(string(raw), "<@U9") {
		t.Errorf("user text not escaped in the Home")
	}
	for _, bl := range blocks {
		if s, ok := bl.(*slack.SectionBlock); ok && utf8.RuneCountInString(s.Text.Text) > 3000 {
			t.Errorf("section of %d characters", utf8.RuneCountInString(s.Text.Text))
		}
	}
	// Nobody in a pair: how to get a mentor.
	lone := homeBlocks(homeData{user: store.User{ID: "UME"}, now: now, loc: time.UTC})
	raw, _ = json.Marshal(lone)
	if !strings.Contains(string(raw), "How to get a mentor") || !strings.Contains(string(raw), "/mentor request") {
		t.Errorf("the lone Home does not explain how to get a mentor: %s", raw)
	}
}

func TestReportFileHoldsFiguresOnly(t *testing.T) {
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	rep := store.Report{At: at, PairsActive: 3, PairsEnded: 1, SessionsLogged: 7, GoalsSet: 4, GoalsDone: 2,
		Windows:    []store.ReportWindow{{Days: 30, Held: 5, Skipped: 1, Missed: 2, ActivePairs: 2}, {Days: 90, Held: 7}},
		RatingsAll: store.Rating{N: 6, People: 5, Average: 4.5}, RatingsOfMentors: store.Rating{N: 5, People: 5, Average: 4.4},
		QuietPairs:    []store.QuietPair{{PairID: 9, MentorID: "UQUIETMENTOR", MenteeID: "UQUIETMENTEE", QuietSince: at.AddDate(0, -2, 0)}},
		NudgesStopped: 1,
	}
	f, err := reportFile(rep, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if f.Filename != "mentorbot-report-2026-11-02.csv" || f.Channel != "" {
		t.Errorf("file %+v", f)
	}
	got := string(f.Content)
	for _, want := range []string{
		"section,figure,period,value,note\n",
		"report,generated_at,,2026-11-02T08:00:00Z,UTC\n",
		"pairs,active,now,3,\n",
		"meetings,missed,last 30 days,2,", "meetings,held,last 90 days,7,",
		// Meetings, not sessions: a meeting both members logged is one.
		"meetings,held,last 30 days,5,meetings with a session logged; a meeting both members logged counts once\n",
		"feedback,all_ratings_average,all time,4.50,\"1 to 5; counted in groups of at least 5 different people's answers (mentees' ratings, mentors' ratings and good-fit answers each fill groups of their own)\"\n",
		"feedback,mentees_on_mentoring_answers,all time,5,counted so far\n", "feedback,mentees_on_mentoring_people,all time,5,",
		"feedback,mentors_on_mentoring_average,all time,,\"none counted yet: counted in groups of at least 5 different people's answers (mentees' ratings, mentors' ratings and good-fit answers each fill groups of their own)\"\n",
		"feedback,good_fit_yes,all time,,\"none counted yet",
		"quiet_pairs,count,now,1,\"active pairs that went 30 days with no meeting, scheduled or logged, and none in the week after", "nudges_stopped,people,now,1,",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CSV lacks %q:\n%s", want, got)
		}
	}
	// No count of answers outside a closed group: it would move by one
	// person's answers (and drop by them at a /mentor forget).
	for _, not := range []string{"UQUIETMENTOR", "UQUIETMENTEE", "<@", "<!date", "feedback,ratings,", "feedback,raters,", "_waiting,"} {
		if strings.Contains(got, not) {
			t.Errorf("CSV holds %q:\n%s", not, got)
		}
	}
}

func TestExportFileIsReadableJSON(t *testing.T) {
	e := store.Export{UserID: "U1", ExportedAt: time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC),
		Goals: []store.ExportGoal{{Number: 1, Text: "Speak at <GopherCon> & shine", Status: "open"}}}
	f, err := exportFile(e, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Filename != "mentorbot-data-2026-11-02.json" || !strings.Contains(string(f.Content), `"text": "Speak at <GopherCon> & shine"`) {
		t.Errorf("file %s:\n%s", f.Filename, f.Content)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	e.ExportedAt = time.Date(2026, 11, 2, 20, 0, 0, 0, time.UTC) // 3 November in Tokyo
	if f, err := exportFile(e, tokyo); err != nil || f.Filename != "mentorbot-data-2026-11-03.json" || !strings.Contains(f.Title, "2026-11-03") {
		t.Errorf("exported on 3 November in Tokyo: %s, %q, %v", f.Filename, f.Title, err)
	}
	var back store.Export
	if err := json.Unmarshal(f.Content, &back); err != nil || back.Goals[0].Text != e.Goals[0].Text {
		t.Errorf("export does not read back: %v, %+v", err, back.Goals)
	}
	if strings.Contains(f.Comment, "GopherCon") || !strings.Contains(f.Comment, "1 goal") {
		t.Errorf("covering comment = %q", f.Comment)
	}
}

// The report says how its feedback figures are counted and shows what
// the closed groups count. It gives no count of the answers waiting in
// open groups, nor of their people: that number would move by one
// person's answers, and drop by them when /mentor forget deletes them.
func TestReportMessageSaysHowFeedbackIsCounted(t *testing.T) {
	rep := store.Report{RatingsAll: store.Rating{N: 9, People: 5, Average: 4.2}, RatingsOfMentors: store.Rating{N: 9, People: 5, Average: 4.2}}
	rp := reportMessage(rep, time.UTC)
	txt := rp.Text
	for _, b := range rp.Blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil {
			txt += "\n" + s.Text.Text
		}
	}
	for _, want := range []string{"counted in groups of at least 5 different people's answers (mentees' ratings, mentors' ratings and good-fit answers each fill groups of their own), in the order given, so that no one answer can be told from the figures",
		"all ratings: *4.2* / 5 (9 answers from 5 people)", "mentees on the mentoring they get: *4.2* / 5 (9 answers from 5 people)",
		"mentors on how the mentoring goes: none counted yet", "good fit: none counted yet",
		"• Answers not yet in a full group are counted nowhere, and how many there are isn't shown either: that number would move with one person's answers."} {
		if !strings.Contains(txt, want) {
			t.Errorf("report lacks %q:\n%s", want, txt)
		}
	}
}

// Admins get how many people's nudges stopped, never whose.
func TestReportMessageCountsWhoseNudgesStopped(t *testing.T) {
	for n, want := range map[int]string{0: "*Nudges stopped* after three went unanswered: nobody",
		1: "*Nudges stopped* after three went unanswered: 1 person. They can turn nudges back on in `/mentor settings`.",
		2: "*Nudges stopped* after three went unanswered: 2 people. They can turn nudges back on in `/mentor settings`."} {
		if got := reportMessage(store.Report{NudgesStopped: n}, time.UTC).Blocks[6].(*slack.SectionBlock).Text.Text; got != want {
			t.Errorf("%d stopped: %q, want %q", n, got, want)
		}
	}
}
