package bot

import (
	"strings"
	"testing"
)

// A mention followed by the punctuation of a sentence, which Slack sends
// glued to it ("<@UBOB|bob>,"), is the mention; the punctuation goes
// with it, so that what follows does not start with it.
func TestMentionFollowedByPunctuation(t *testing.T) {
	for _, c := range []struct{ in, id, rest string }{
		{"<@UBOB|bob>, great session", "UBOB", "great session"},
		{"<@UBOB|bob>: review your CV", "UBOB", "review your CV"},
		{"<@UBOB>.", "UBOB", ""},
		{"<@UBOB|Bob Brown>; hi", "UBOB", "hi"},
		{"<@UBOB|bob>!", "UBOB", ""},
		{"<@UBOB|bob>?", "UBOB", ""},
		{"<@UBOB|bob>... so", "UBOB", "so"},
		// Slack's @-autocomplete leaves a space after the name.
		{"<@UBOB|bob> , hi", "UBOB", "hi"},
		{"<@UBOB|bob> : review your CV", "UBOB", "review your CV"},
		{"<@UBOB|bob> ;", "UBOB", ""},
		{"<@UBOB|bob> ,hi", "UBOB", ",hi"},
		{"<@UBOB|bob> ,, hi", "UBOB", ",, hi"},
		// Not punctuation that ends a mention: the word is something else.
		{"<@UBOB|bob>'s idea", "", "<@UBOB|bob>'s idea"},
		{"<@UBOB|bob>,x hi", "", "<@UBOB|bob>,x hi"},
		{"<@UBOB|bob>- hi", "", "<@UBOB|bob>- hi"},
		{"<#C1|general>, hi", "", "<#C1|general>, hi"},
	} {
		if id, rest := leadingMention(c.in); id != c.id || rest != c.rest {
			t.Errorf("leadingMention(%q) = %q, %q; want %q, %q", c.in, id, rest, c.id, c.rest)
		}
	}
	// A mention last, with a full stop, moves first as one without does.
	if got, want := mentionFirst("weekly thu 15:00 <@UBOB|bob>."), "<@UBOB|bob>. weekly thu 15:00"; got != want {
		t.Errorf("mentionFirst = %q, want %q", got, want)
	}
}

// A mention a parser quotes back, lower-cased or not, or typed as text
// ("&lt;@UCAROL&gt;", which the parser reads as "<@UCAROL>"), is shown
// as plain text, never as a mention; the rest of the message is escaped,
// and a quote is cut after the mention is made readable, never inside
// its markup.
func TestShownParsedShowsMentionsAsText(t *testing.T) {
	long := strings.Repeat("x", 95)
	for _, c := range []struct{ in, want string }{
		{`I don't know the day "<@ualice|alice>,".`, `I don't know the day "@alice,".`},
		{`I couldn't read "2w <@UALICE|alice> & <!here>" as a snooze.`, `I couldn't read "2w @alice &amp; @here" as a snooze.`},
		{`I couldn't read "2w <@UCAROL>" as a snooze.`, `I couldn't read "2w @UCAROL" as a snooze.`},
		{`"<#c1|general>" and "<@w1>"`, `"#general" and "@W1"`},
		{`"<@W` + strings.Repeat("A", 40) + `>"`, `"@W` + strings.Repeat("A", 40) + `"`},
		{`"<@U1|a<b>"`, `"&lt;@U1|a&lt;b&gt;"`},
		{`"` + long + ` <@UALICE|alice> end"`, `"` + long + ` @al…"`},
		{"plain", "plain"},
	} {
		if got := shownParsed(c.in); got != c.want {
			t.Errorf("shownParsed(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A goal's number may be followed by a comma or a colon, as in a
// sentence; more than one such mark is no number.
func TestGoalNumberWithCommaOrColon(t *testing.T) {
	for _, c := range []struct {
		in   string
		id   int64
		rest string
		ok   bool
	}{
		{"#1, 47%", 1, "47%", true},
		{"1: 48%", 1, "48%", true},
		{"3. done", 3, "done", true},
		{"#12,", 12, "", true},
		{"1,, 47%", 0, "47%", false},
		{"1,2", 0, "", false},
		{",", 0, "", false},
	} {
		id, rest, ok := goalNumberArg(c.in)
		if ok != c.ok || ok && (id != c.id || rest != c.rest) {
			t.Errorf("goalNumberArg(%q) = %d, %q, %v; want %d, %q, %v", c.in, id, rest, ok, c.id, c.rest, c.ok)
		}
	}
}
