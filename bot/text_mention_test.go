package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMentionName(t *testing.T) {
	for _, c := range []struct{ text, id, want string }{
		{"<@UZZZZ|ghost> hi", "UZZZZ", "ghost"},
		{"meet weekly thu 15:00 <@UZZZZ|@ghost>", "UZZZZ", "ghost"},
		{"<@UZZZZ> and <@UZZZZ|ghost>", "UZZZZ", "ghost"},
		{"<@UZZZZ>", "UZZZZ", ""},
		{"<@UZZZZ|>", "UZZZZ", ""},
		{"<@UZZZZ| @ >", "UZZZZ", ""},
		{"<@UALICE|alice>", "UZZZZ", ""},
		{"<@UZZZZ|&lt;!here&gt;>", "UZZZZ", "&lt;!here&gt;"},
		{"", "UZZZZ", ""},
	} {
		if got := mentionName(c.text, c.id); got != c.want {
			t.Errorf("mentionName(%q, %s) = %q, want %q", c.text, c.id, got, c.want)
		}
	}
}

// A limit counts what a person typed: a mention as "@alice", not as the
// "<@UALICE|alice>" Slack sends; what is stored then fits the field, in its
// readable form when the markup would not.
func TestTooLongCountsMentionsAsTheyRead(t *testing.T) {
	const mention = "<@UALICE|alice> "                // reads "@alice "
	atLimit := strings.Repeat(mention, 42) + "Ship 2" // 300 as read, 678 sent
	if err := tooLong("goal", atLimit, 300); err != nil {
		t.Errorf("300 characters as read refused: %v", err)
	}
	err := tooLong("goal", atLimit+"x", 300)
	if err == nil || !strings.Contains(userText(err), "That goal is 301 characters long; the limit is 300.") {
		t.Errorf("301 characters as read: %v", err)
	}
	stored := markupWithin(atLimit, 300)
	if n := utf8.RuneCountInString(stored); n > 300 || readable(stored) != readable(atLimit) {
		t.Errorf("markupWithin = %q (%d characters), want it to read %q within 300", stored, n, readable(atLimit))
	}
	if short := "Meet " + mention + "on Friday"; markupWithin(short, 300) != short {
		t.Errorf("markup that fits was not kept: %q", markupWithin(short, 300))
	}
}
