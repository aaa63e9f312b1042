package store

import (
	"strings"
	"testing"
)

// TestEscapeIsBotsEscaping pins escape to the escaping bot's esc does
// (bot/text.go; store may not import bot): &, < and > and nothing else,
// so that a name quoted in a domain error reads as bot shows it anywhere
// else.
func TestEscapeIsBotsEscaping(t *testing.T) {
	bots := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	for _, s := range []string{
		"", "plain", "<!channel>", "<@U123|alice>", "a & b", "&amp;", "&lt;&gt;",
		">>>quote", "Ünïcödé <b>", "\xff<\xfe>", "\"quoted\" 'too' *bold* _it_ ~st~ `code`",
		"&", "<", ">", "<<&&>>",
	} {
		if got, want := escape(s), bots.Replace(s); got != want {
			t.Errorf("escape(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestEscapeAllocations checks escape is cheap: it runs for every domain
// error that quotes what someone typed, and most of that needs no escaping.
func TestEscapeAllocations(t *testing.T) {
	for _, c := range []struct {
		s      string
		allocs float64
	}{
		{"a perfectly ordinary cohort name", 0},
		{"R&D <2027> round", 1},
	} {
		if n := testing.AllocsPerRun(100, func() { _ = escape(c.s) }); n > c.allocs {
			t.Errorf("escape(%q) allocates %v times, want at most %v", c.s, n, c.allocs)
		}
	}
}
