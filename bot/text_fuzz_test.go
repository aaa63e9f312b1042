package bot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests of the small parsers every command uses: escaping, mentions,
// numbers, words and the to-dos of session notes. The whole command path
// is fuzzed in command_fuzz_test.go.

// textSeeds are what Slack sends in command text with should_escape on.
var textSeeds = []string{
	"", " ", "plain words", "&lt;!channel&gt; &amp; co", "<!channel>", "<!here|here>", "<!everyone>", "<!subteam^S1|team>",
	"<@U123|name> rest", "<@U123>", "<@W0ABC|a b c> x", "<@u123>", "<@U>", "<@U123|>", "<@U123|a>b>", "<@U1|x", "<#C123|general>",
	"<https://evil.example|click>", "&amp;lt;", "&lt;&gt;&amp;", "&", "&amp", "#7", "7", "#0", "-3", "+7", "#+7", "007",
	"99999999999999999999", "9223372036854775807", "#", "##7", "7 8", "\t#7\n", "١٢", "\u00a07", "a\u00a0b",
	"todo: a", "TODO: <@UALICE|alice> intro", "to-do:x todo: y", "notes\ntodo:\n", "todo\n: x", "mytodo: no",
	"todo: <@U1> - <@U2> both", "todo:<@UBOB>: write it, ", "\x00\xff", strings.Repeat("<", 50),
	"<@U1|a><@U2|b> rest", "<@U1|Bob Brown>'s x", "<@U1|<@U2|a b> c", "<#C1|all hands><https://x.example|a b>",
	"<@U1|bob>, hi", "<@U1>.", "<@U1|a>:<@U2>", "<@U1|a>,, x", "#1, 47%", "1: 48%", "7:", "#7,",
}

var idRe = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// FuzzEscape checks esc and unescapeSlack: esc leaves no character Slack
// reads as markup, unescapeSlack undoes esc exactly, and text that was
// unescaped and escaped again carries no markup whatever Slack sent.
func FuzzEscape(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := esc(s)
		if strings.ContainsAny(e, "<>") {
			t.Fatalf("esc(%q) = %q keeps markup", s, e)
		}
		if back := unescapeSlack(e); back != s {
			t.Fatalf("unescapeSlack(esc(%q)) = %q", s, back)
		}
		if again := esc(unescapeSlack(s)); strings.ContainsAny(again, "<>") {
			t.Fatalf("esc(unescapeSlack(%q)) = %q keeps markup", s, again)
		}
		// What Slack sends is escaped; what we store is its unescaping;
		// what we show is that escaped again, which is what Slack sent
		// when Slack escaped everything (no mentions in it).
		if !strings.ContainsAny(s, "<>") && strings.Count(s, "&") == strings.Count(s, "&amp;")+strings.Count(s, "&lt;")+strings.Count(s, "&gt;") {
			if got := esc(unescapeSlack(s)); got != s {
				t.Fatalf("esc(unescapeSlack(%q)) = %q, want it unchanged", s, got)
			}
		}
		for _, n := range []int{1, 2, 75, 300} {
			tr := truncate(s, n)
			if utf8.RuneCountInString(tr) > n || (utf8.RuneCountInString(s) <= n && tr != s) {
				t.Fatalf("truncate(%q, %d) = %q", s, n, tr)
			}
		}
	})
}

// FuzzMentionAndNumber checks the parsers of mentions, numbers and words:
// results within bounds and round trips where they exist.
func FuzzMentionAndNumber(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id := parseMention(s); id != "" {
			if !idRe.MatchString(id) || !strings.HasPrefix(s, "<@"+id) || !strings.HasSuffix(strings.TrimRight(s, ",:;.!?"), ">") {
				t.Fatalf("parseMention(%q) = %q", s, id)
			}
			if parseMention("<@"+id+">") != id || parseMention("<@"+id+"|"+strings.ReplaceAll(s, ">", "")+">") != id {
				t.Fatalf("mention of %q does not round-trip", id)
			}
		}
		id, rest := leadingMention(s)
		switch {
		case id == "" && rest != s:
			t.Fatalf("leadingMention(%q) = %q, %q: rest changed without a mention", s, id, rest)
		case id != "":
			trimmed := strings.TrimSpace(s)
			if !idRe.MatchString(id) || !strings.HasPrefix(trimmed, "<@"+id) || !strings.HasSuffix(trimmed, rest) || rest != strings.TrimSpace(rest) {
				t.Fatalf("leadingMention(%q) = %q, %q", s, id, rest)
			}
		}

		word, rest := splitWord(s)
		// Only Slack's markup may hold a space within a word.
		if strings.ContainsAny(typedMarkupRe.ReplaceAllString(word, ""), " \t\n") || rest != strings.TrimSpace(rest) || !strings.Contains(s, word) || !strings.HasSuffix(strings.TrimSpace(s), rest) {
			t.Fatalf("splitWord(%q) = %q, %q", s, word, rest)
		}
		if word == "" && rest != "" {
			t.Fatalf("splitWord(%q): no word but a rest %q", s, rest)
		}

		if n, ok := parseNumber(s); ok {
			if n <= 0 {
				t.Fatalf("parseNumber(%q) = %d", s, n)
			}
			digits := strconv.FormatInt(n, 10)
			if m, ok := parseNumber(digits); !ok || m != n {
				t.Fatalf("parseNumber(%q) = %d, %v", digits, m, ok)
			}
			if m, ok := parseNumber("#" + digits); !ok || m != n {
				t.Fatalf("parseNumber(#%s) = %d, %v", digits, m, ok)
			}
			if strings.ContainsAny(strings.TrimSpace(s), " \t\n") {
				t.Fatalf("parseNumber(%q) = %d reads several words", s, n)
			}
		}
		if id, rest, ok := goalNumberArg(s); ok {
			w, r := splitWord(s)
			if n, _ := parseNumber(strings.TrimRight(w, ",:")); n != id || r != rest {
				t.Fatalf("goalNumberArg(%q) = %d, %q", s, id, rest)
			}
		}
	})
}

// FuzzSplitNotes checks how /session log notes are cut into notes and
// to-dos: one to-do per marker, the notes free of markers, owners that are
// user IDs, and every piece taken from what was typed.
func FuzzSplitNotes(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		notes, todos := splitNotes(s)
		markers := 0
		for _, line := range strings.Split(s, "\n") {
			markers += len(todoMarks(line))
		}
		if len(todos) != markers {
			t.Fatalf("splitNotes(%q): %d to-dos for %d markers", s, len(todos), markers)
		}
		if notes != strings.TrimSpace(notes) {
			t.Fatalf("splitNotes(%q): notes %q not trimmed", s, notes)
		}
		for _, line := range strings.Split(notes, "\n") {
			if len(todoMarks(line)) > 0 {
				t.Fatalf("splitNotes(%q): notes line %q still has a marker", s, line)
			}
			if !strings.Contains(s, strings.TrimSpace(line)) {
				t.Fatalf("splitNotes(%q): notes line %q is not from the input", s, line)
			}
		}
		for _, td := range todos {
			if td.owner != "" && !idRe.MatchString(td.owner) {
				t.Fatalf("splitNotes(%q): to-do owner %q", s, td.owner)
			}
			if td.text != strings.TrimSpace(td.text) || !strings.Contains(s, td.text) {
				t.Fatalf("splitNotes(%q): to-do text %q", s, td.text)
			}
			if td.owner == "" && leadingMentionRe.MatchString(td.text) {
				t.Fatalf("splitNotes(%q): to-do %q starts with a mention but has no owner", s, td.text)
			}
		}
	})
}

// FuzzShownText checks the one rendering of user text: nothing in it is
// markup, the fitted form stays within its limit, and a form filled in
// with readable(old) and saved unchanged stores exactly old; an edit reads
// as typed.
func FuzzShownText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s, s+" x")
	}
	f.Add("Pair with <@UALICE|alice> in <#C0DEV|dev>", "Pair with @alice weekly in #dev")
	f.Fuzz(func(t *testing.T, old, typed string) {
		for _, s := range []string{old, unescapeSlack(old)} {
			if got := shownText(s); strings.ContainsAny(got, "<>") {
				t.Fatalf("shownText(%q) = %q keeps markup", s, got)
			}
			for _, n := range []int{1, 5, 200} {
				got := shownTextFit(s, n)
				if strings.ContainsAny(got, "<>") || utf8.RuneCountInString(got) > n {
					t.Fatalf("shownTextFit(%q, %d) = %q", s, n, got)
				}
			}
		}
		if got := keepMarkup(old, readable(old)); got != old {
			t.Fatalf("keepMarkup(%q, its readable form) = %q", old, got)
		}
		if !strings.Contains(typed, "<") {
			if got := readable(keepMarkup(old, typed)); got != typed {
				t.Fatalf("keepMarkup(%q, %q) reads %q", old, typed, got)
			}
		}
	})
}
