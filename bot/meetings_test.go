package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestMeetUpcoming(t *testing.T) {
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	thu := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)
	var zones datetext.Zones
	mp := store.MeetingPlan{
		Pair:      store.Pair{Status: store.PairActive},
		Scheduled: true,
		Schedule:  store.Schedule{Rule: "weekly thu 15:00 Europe/Berlin from 2026-11-05", Duration: 30 * time.Minute},
		Changes:   store.Changes{Skips: []time.Time{thu.AddDate(0, 0, 7)}},
	}
	got, rule, err := upcomingMeetings(&zones, mp, now, 3)
	if err != nil || rule.Describe() != "every Thursday at 15:00 (Europe/Berlin)" {
		t.Fatalf("upcomingMeetings: %v %v", rule, err)
	}
	want := []time.Time{thu, thu.AddDate(0, 0, 14), thu.AddDate(0, 0, 21)}
	if len(got) != 3 || !got[0].Equal(want[0]) || !got[1].Equal(want[1]) || !got[2].Equal(want[2]) {
		t.Errorf("meetings = %v, want %v (the skipped one left out)", got, want)
	}
	if sk := skippedBetween(mp, now, got[2]); len(sk) != 1 || !sk[0].Equal(thu.AddDate(0, 0, 7)) {
		t.Errorf("skippedBetween = %v", sk)
	}

	paused := mp
	paused.Pair.Status = store.PairPaused
	if got, rule, _ := upcomingMeetings(&zones, paused, now, 3); len(got) != 0 || rule.Kind == 0 {
		t.Errorf("paused: %v, %v", got, rule)
	}
	if got, _, _ := upcomingMeetings(&zones, store.MeetingPlan{Pair: mp.Pair}, now, 3); len(got) != 0 {
		t.Errorf("no schedule: %v", got)
	}
	damaged := mp
	damaged.Schedule.Rule = "weekly nonsense"
	if _, _, err := upcomingMeetings(&zones, damaged, now, 3); err == nil || !strings.Contains(err.Error(), "/mentor meet") {
		t.Errorf("damaged rule: %v", err)
	}

	// The meeting of a day, in the logger's zone; skipped ones don't count.
	ny, _ := time.LoadLocation("America/New_York")
	if at, _ := meetingOn(&zones, mp, datetext.Date{Year: 2026, Month: 11, Day: 5}, ny, thu); !at.Equal(thu) {
		t.Errorf("meetingOn(5 Nov, New York) = %v", at)
	}
	if at, _ := meetingOn(&zones, mp, datetext.Date{Year: 2026, Month: 11, Day: 12}, berlin(t), thu.AddDate(0, 0, 7)); !at.IsZero() {
		t.Errorf("meetingOn(skipped day) = %v", at)
	}
	if at, _ := meetingOn(&zones, mp, datetext.Date{Year: 2026, Month: 11, Day: 6}, berlin(t), thu.AddDate(0, 0, 1)); !at.IsZero() {
		t.Errorf("meetingOn(Friday) = %v", at)
	}
	// Logged that morning, hours before the meeting: a session of its own.
	if at, _ := meetingOn(&zones, mp, datetext.Date{Year: 2026, Month: 11, Day: 5}, ny, thu.Add(-3*time.Hour)); !at.IsZero() {
		t.Errorf("meetingOn(5 Nov, three hours before the meeting) = %v", at)
	}
	if at, _ := meetingOn(&zones, mp, datetext.Date{Year: 2026, Month: 11, Day: 5}, ny, thu.Add(-10*time.Minute)); !at.Equal(thu) {
		t.Errorf("meetingOn(5 Nov, ten minutes before the meeting) = %v", at)
	}
}

func TestMeetWhenAndTexts(t *testing.T) {
	at := time.Date(2026, 11, 5, 14, 0, 0, 0, time.UTC)
	if got := meetWhen(at, berlin(t)); got != fmt.Sprintf("<!date^%d^{date_long_pretty} at {time}|Thu 5 Nov 2026 at 15:00 CET>", at.Unix()) {
		t.Errorf("meetWhen = %q", got)
	}
	for d, want := range map[time.Duration]string{30 * time.Minute: "30 min", time.Hour: "1 h", 90 * time.Minute: "1 h 30 min"} {
		if got := meetDur(d); got != want {
			t.Errorf("meetDur(%v) = %q", d, got)
		}
	}
	if got := shownText("ask <@UX|xavier> & <@UY> about <!channel>"); got != "ask @xavier &amp; @UY about @channel" {
		t.Errorf("shownText = %q", got)
	}
	lines := []string{strings.Repeat("a", 2000), strings.Repeat("b", 2000), "c"}
	if bs := textSections(lines); len(bs) != 2 {
		t.Errorf("textSections made %d blocks, want 2", len(bs))
	}
}

// The words after /mentor agenda are a command only in exact forms; an
// item that starts with one in a longer sentence is an item.
func TestParseAgenda(t *testing.T) {
	for _, c := range []struct {
		rest    string
		op      agendaOp
		n, item string
	}{
		{"", agendaShow, "", ""},
		{"list", agendaShow, "", ""},
		{"Show", agendaShow, "", ""},
		{"clear", agendaClear, "", ""},
		{"remove", agendaRemove, "", ""},
		{"remove 2", agendaRemove, "2", ""},
		{"DELETE #3", agendaRemove, "#3", ""},
		{"add", agendaAdd, "", ""},
		{"add career path", agendaAdd, "", "career path"},
		{"Add   the &lt;b&gt; tag", agendaAdd, "", "the &lt;b&gt; tag"},
		{"list of books to read", agendaAdd, "", "list of books to read"},
		{"show and tell", agendaAdd, "", "show and tell"},
		{"clear the backlog", agendaAdd, "", "clear the backlog"},
		{"remove the old cron jobs", agendaAdd, "", "remove the old cron jobs"},
		{"delete 3 old branches", agendaAdd, "", "delete 3 old branches"},
		// A mistyped N is refused, not added for the partner to see.
		{"remove two", agendaRemove, "two", ""},
		{"remove x", agendaRemove, "x", ""},
		{"remove 1 2", agendaRemove, "1 2", ""},
		{"clear all", agendaClear, "", ""},
		{"additional reading", agendaAdd, "", "additional reading"},
	} {
		op, n, item := parseAgenda(c.rest)
		if op != c.op || n != c.n || item != c.item {
			t.Errorf("parseAgenda(%q) = %v %q %q, want %v %q %q", c.rest, op, n, item, c.op, c.n, c.item)
		}
	}
}

func TestSecondPerson(t *testing.T) {
	for _, c := range []struct{ msg, want string }{
		{"<@UERIN|erin> help", "<@UERIN>"},
		{"and <@UERIN> help", "<@UERIN>"},
		{"&amp; <@UERIN> help", "<@UERIN>"},
		{"@erin help", "@erin"},
		{"", ""},
		{"help me with <@UERIN|erin>'s project", ""},
		{"and then some", ""},
		{"@ home", ""},
	} {
		if got := secondPerson(c.msg); got != c.want {
			t.Errorf("secondPerson(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}

func TestWhenArgs(t *testing.T) {
	for _, c := range []struct{ args, want, refused string }{
		{"weekly tue 15:00", "weekly tue 15:00", ""},
		{"weekly tue 15:00 <@UB|bob>", "<@UB|bob> weekly tue 15:00", ""},
		{"weekly tue 15:00 with <@UB|bob> for 45m", "<@UB|bob> weekly tue 15:00 for 45m", ""},
		{"With <@UB> weekly tue 15:00", "<@UB> weekly tue 15:00", ""},
		{"<@UB> weekly tue 15:00 <@UC>", "", "name one partner"},
		{"@nobody weekly tue 15:00", "", "I couldn't find @nobody"},
		{"weekly tue 15:00 with @nobody", "", "I couldn't find @nobody"},
	} {
		got, refused := whenArgs(c.args, "/mentor meet @partner weekly thu 15:00")
		switch {
		case c.refused == "" && (refused != nil || got != c.want):
			t.Errorf("whenArgs(%q) = %q, %v; want %q", c.args, got, refused, c.want)
		case c.refused != "" && (refused == nil || !strings.Contains(refused.Text, c.refused)):
			t.Errorf("whenArgs(%q) = %q, %v; want a refusal with %q", c.args, got, refused, c.refused)
		}
	}
}
