package bot

import "testing"

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
		{"<@UBOB|bob> , hi", "UBOB", ", hi"},
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
