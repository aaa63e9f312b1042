package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Tests of how the bot shows text people typed: shownText, shownTextFit,
// readable and keepMarkup.

func TestShownText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{"ask <@UALICE|alice> about it", "ask @alice about it"},
		{"ask <@UALICE> about it", "ask @UALICE about it"},
		{"ask <@UALICE|> about it", "ask @UALICE about it"},
		{"ask <@W0ABC|a b>", "ask @a b"},
		{"post in <#C0GENERAL|general>", "post in #general"},
		{"post in <#C0GENERAL>", "post in #C0GENERAL"},
		{"post in <#G0PRIV|secret-club>", "post in #secret-club"},
		{"tell <!subteam^S123|@platform>", "tell @platform"},
		{"tell <!subteam^S123>", "tell @S123"},
		{"read <https://go.dev/doc|the docs>", "read https://go.dev/doc"},
		{"read <https://go.dev/?a=1&b=2>", "read https://go.dev/?a=1&amp;b=2"},
		{"mail <mailto:a@example.com|a@example.com>", "mail a@example.com"},
		// Special mentions are never made live: they read as the words typed.
		{"ping <!here> and <!channel> and <!everyone>", "ping @here and @channel and @everyone"},
		{"<!here|here>", "@here"},
		{"<!date^1700000000^{date}|today>", "&lt;!date^1700000000^{date}|today&gt;"},
		{"a & b < c > d", "a &amp; b &lt; c &gt; d"},
		// A label cannot smuggle markup in.
		{"<@U1|<!channel>", "&lt;@U1|@channel"},
		{"<@U1|x&y>", "@x&amp;y"},
		{"<#C1|<!here>>", "&lt;#C1|@here&gt;"},
		{"<@u123>", "&lt;@u123&gt;"},
	} {
		if got := shownText(c.in); got != c.want {
			t.Errorf("shownText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestShownTextFitCountsWhatIsSent(t *testing.T) {
	// Escaping makes "<" four characters long; the limit is on what is sent.
	s := strings.Repeat("<", 1000)
	got := shownTextFit(s, 3000)
	if n := utf8.RuneCountInString(got); n > 3000 {
		t.Fatalf("shownTextFit of 1000 '<' is %d characters long", n)
	}
	if !strings.HasSuffix(got, "…") || strings.Contains(got, "&l…") || strings.Contains(got, "<") {
		t.Errorf("cut badly: …%s", got[len(got)-20:])
	}
	// Short enough: unchanged but for the rendering.
	if got := shownTextFit("hi <@U1|bo>", 8); got != "hi @bo" {
		t.Errorf("short text = %q", got)
	}
	if got := shownTextFit("abcdef&", 6); got != "abcde…" {
		t.Errorf("cut text = %q", got)
	}
	if got := homeText("two\n\n  lines <#C1|dev>", 100); got != "two lines #dev" {
		t.Errorf("homeText = %q", got)
	}
}

func TestKeepMarkup(t *testing.T) {
	old := "Pair with <@UALICE|alice> in <#C0DEV|dev> & ship <https://go.dev|go.dev> <!here>"
	if got := readable(old); got != "Pair with @alice in #dev & ship https://go.dev @here" {
		t.Fatalf("readable = %q", got)
	}
	for _, c := range []struct{ typed, want string }{
		// Saved unchanged: exactly what was stored.
		{readable(old), old},
		// Edited around the mention: the mention stays a mention.
		{"Pair with @alice in #dev every week", "Pair with <@UALICE|alice> in <#C0DEV|dev> every week"},
		{"Ask @alice.", "Ask <@UALICE|alice>."},
		// Not a word of its own: left as typed.
		{"mail bob@alice.com", "mail bob@alice.com"},
		{"Ask @alicex", "Ask @alicex"},
		{"Ask @alice_b", "Ask @alice_b"},
		// Nothing from old: as typed.
		{"Something else entirely", "Something else entirely"},
	} {
		got := keepMarkup(old, c.typed)
		if got != c.want {
			t.Errorf("keepMarkup(old, %q) = %q, want %q", c.typed, got, c.want)
		}
		if readable(got) != c.typed {
			t.Errorf("keepMarkup(old, %q) reads %q", c.typed, readable(got))
		}
	}
	if got := keepMarkup("", "new text @bob"); got != "new text @bob" {
		t.Errorf("keepMarkup of a new goal = %q", got)
	}
}

func TestGoalPercent(t *testing.T) {
	for _, c := range []struct {
		in         string
		pct        int
		signed, ok bool
	}{
		{"40", 40, false, true}, {"40%", 40, false, true}, {"0", 0, false, true}, {"100", 100, false, true}, {"007", 7, false, true},
		{"+10", 0, true, false}, {"-10", 0, true, false}, {"-0", 0, true, false}, {"+0%", 0, true, false}, {"−5", 0, true, false}, {"+", 0, true, false},
		{"101", 0, false, false}, {"", 0, false, false}, {"%", 0, false, false}, {"abc", 0, false, false},
		// Decimals are rounded to the nearest whole percent.
		{"4.5", 5, false, true}, {"33.3%", 33, false, true}, {"99.6", 100, false, true}, {"100.0", 100, false, true},
		{"100.4", 0, false, false}, {"1e2", 0, false, false}, {".5", 0, false, false}, {"5.", 0, false, false}, {"3,5", 0, false, false},
		{"١٢", 0, false, false}, {"99999999999999999999", 0, false, false},
	} {
		pct, signed, ok := goalPercent(c.in)
		if pct != c.pct || signed != c.signed || ok != c.ok {
			t.Errorf("goalPercent(%q) = %d, %v, %v; want %d, %v, %v", c.in, pct, signed, ok, c.pct, c.signed, c.ok)
		}
	}
}

func TestGoalExtraWords(t *testing.T) {
	err := goalExtraWords("done", 4, "extra words")
	if got := err.Error(); !strings.Contains(got, "`/goal done` takes just the goal's number, like `/goal done 4`") || !strings.Contains(got, "“extra words”") || !strings.Contains(got, "nothing changed") {
		t.Errorf("done 4 extra words: %q", got)
	}
	if got := goalExtraWords("share", 4, "&lt;!channel&gt; <@UBOB|bob>").Error(); !strings.Contains(got, "“@channel @bob”") {
		t.Errorf("extra words not shown escaped and readable: %q", got)
	}
	if got := goalExtraWords("share", 4, "<#C0DEV|dev>").Error(); !strings.Contains(got, "Type `/goal share 4` in #dev") {
		t.Errorf("share to a channel: %q", got)
	}
}

func TestTruncateMrkdwnOfEscapedText(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdefghij", 5, "abcd…"},
		{"ab&amp;cdef", 5, "ab…"},
		{"ab&amp;cdef", 8, "ab&amp;…"},
		{"&lt;&lt;&lt;", 7, "&lt;…"},
	} {
		if got := truncateMrkdwn(c.in, c.n); got != c.want {
			t.Errorf("truncateMrkdwn(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

type quotingError string

func (e quotingError) Error() string       { return string(e) }
func (e quotingError) UserMessage() string { return string(e) }

// A parser's message quoting a very long input reaches the person escaped
// and cut, not as a wall of text: the quote is cut and the message's own
// words after it stay; a message that is long without a quote is cut
// whole.
func TestFriendlyCutsALongQuote(t *testing.T) {
	b := &Bot{}
	got := b.friendly(quotingError(`I couldn't read "`+strings.Repeat("<", 3000)+`" as a date.`), "test")
	if n := utf8.RuneCountInString(got); n > maxUserMessage || strings.Contains(got, "<") || !strings.HasSuffix(got, "&lt;…\" as a date.") {
		t.Errorf("friendly = %d runes, %.80q…", n, got)
	}
	got = b.friendly(quotingError(`I couldn't read `+strings.Repeat("<", 3000)+` as a date.`), "test")
	if n := utf8.RuneCountInString(got); n > maxUserMessage || strings.Contains(got, "<") || !strings.HasSuffix(got, "&lt;…") {
		t.Errorf("friendly = %d runes, %.80q…", n, got)
	}
}

// A mention quoted in a parser's message reaches the person as "@name",
// whatever its case, not as escaped markup; the rest stays escaped.
func TestFriendlyShowsAQuotedMentionAsText(t *testing.T) {
	b := &Bot{}
	for _, c := range []struct{ msg, want string }{
		{`I couldn't read "next <@UCAROL|carol>" as a date.`, `I couldn't read "next @carol" as a date.`},
		{`I don't know the day "<@ucarol>".`, `I don't know the day "@UCAROL".`},
		{`I couldn't read "a & b <x>" as a date.`, `I couldn't read "a &amp; b &lt;x&gt;" as a date.`},
	} {
		if got := b.friendly(quotingError(c.msg), "test"); got != c.want {
			t.Errorf("friendly(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
}
