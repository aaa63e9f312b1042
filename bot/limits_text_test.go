package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// A group of lines too long for a section is cut between lines; a line
// that must be cut is never cut inside an entity or Slack's markup.
func TestFitLinesCutsBetweenLinesAndNeverInsideAnEntityOrMarkup(t *testing.T) {
	for _, c := range []struct {
		name, in string
		max      int
		want     string
	}{
		{"fits", "a\nb", 10, "a\nb"},
		{"between lines", "title\n" + strings.Repeat("x", 300) + "\n" + strings.Repeat("y", 300), 320, "title\n" + strings.Repeat("x", 300) + "\n…"},
		{"a quote", "head\n> " + strings.Repeat("x", 300) + "\n> more", 312, "head\n> " + strings.Repeat("x", 300) + "\n> …"},
		{"inside an entity", strings.Repeat("&lt;", 10), 11, "&lt;&lt;…"},
		{"inside a mention", "with <@U12345678>", 12, "with …"},
		{"inside a date", "next <!date^1^{date}|Mon 2 Nov> ok", 20, "next …"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := fitLines(c.in, c.max)
			if got != c.want {
				t.Errorf("fitLines(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
			}
			if n := utf8.RuneCountInString(got); n > c.max {
				t.Errorf("%d characters, more than %d", n, c.max)
			}
		})
	}
}

// A list cut to fit keeps its pointer, counting everything left out.
func TestFitListKeepsThePointerAndCountsWhatWasLeftOut(t *testing.T) {
	var items []string
	for i := 1; i <= 12; i++ {
		items = append(items, fmt.Sprintf("*#%d* %s end%d", i, strings.Repeat("R&amp;D ", 60), i))
	}
	more := func(n int) string { return fmt.Sprintf("_…and %d more: `/goal list @bob`_", n) }
	got := fitList("*Bob's goals*", items, 8, textSectionLimit, more)
	if n := utf8.RuneCountInString(got); n > textSectionLimit {
		t.Fatalf("%d characters", n)
	}
	shown := strings.Count(got, "*#")
	if shown == 0 || shown >= 8 {
		t.Fatalf("%d items shown:\n%s", shown, got)
	}
	if !strings.HasSuffix(got, fmt.Sprintf("end%d\n%s", shown, more(12-shown))) {
		t.Errorf("want %d whole items, then %q:\n%s", shown, more(12-shown), got)
	}
}

// Goal lists that would take more sections than the check-in has left
// stop at a whole list and name the people whose lists were left out.
func TestCheckinGoalSectionsKeepWithinTheBudget(t *testing.T) {
	var groups []checkinGoals
	for i := range 16 {
		groups = append(groups, checkinGoals{owner: fmt.Sprintf("UM%02d", i), title: fmt.Sprintf("*<@UM%02d>'s goals*", i),
			list: "/goal list @m", summaries: []string{strings.Repeat("g", 2000)}})
	}
	got := checkinGoalSections(groups, 5, 1e6)
	if len(got) != 5 {
		t.Fatalf("%d sections, want 5", len(got))
	}
	text := got[4].(*slack.SectionBlock).Text.Text
	if !strings.Contains(text, "the goals of <@UM04>") || !strings.Contains(text, "and 2 more") || !strings.Contains(text, "`/goal list @name`") {
		t.Errorf("last section = %q", text)
	}
}
