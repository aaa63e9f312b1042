package bot

import (
	"strings"
	"testing"
)

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
