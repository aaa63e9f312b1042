package bot

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// esc escapes text a user typed before the bot echoes it, so that nobody can
// make the bot post <!channel>, <!here>, a mention or a link. This is the one
// escaping function of the package.
func esc(s string) string { return escaper.Replace(s) }

// The replacers are built once: building one costs more than most
// replacements. They are safe for concurrent use and never change.
var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// unescapeSlack turns Slack's escaping of the text it sends us back into what
// the person typed; mentions (<@U…>) are kept as they are for parseMention.
func unescapeSlack(s string) string {
	return unescaper.Replace(s)
}

// mentionRe matches a user mention as Slack sends it with should_escape:
// <@U123|name> or <@U123>.
var mentionRe = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)

// userIDRe is a Slack user ID, as mentionRe reads it inside a mention.
var userIDRe = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// isUserID reports whether s has the shape of a Slack user ID: a value a
// payload says came from a user picker is checked before it is stored or
// echoed in a mention.
func isUserID(s string) bool { return userIDRe.MatchString(s) }

// parseMention returns the user ID of a mention token, or "".
func parseMention(tok string) string {
	m := mentionRe.FindStringSubmatch(tok)
	if m == nil {
		return ""
	}
	return m[1]
}

// leadingMention splits a mention off the start of args: "<@U1|a> rest" ->
// ("U1", "rest"). id is "" when args does not start with a mention.
func leadingMention(args string) (id, rest string) {
	first, rest := splitWord(args)
	if id := parseMention(first); id != "" {
		return id, rest
	}
	return "", args
}

// splitWord returns the first whitespace-separated word and the trimmed rest.
func splitWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexAny(s, " \t\n")
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i+1:])
}

// parseNumber reads "7" or "#7" as 7; ok is false for anything else.
func parseNumber(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n, true
}

// Limits on what people type, chosen to fit Slack's block limits (a section
// holds 3,000 characters) with room for the bot's own words around them.
const (
	maxShortText = 300  // a goal, a to-do, an agenda item
	maxLongText  = 2500 // session notes, feedback, a request message
)

// tooLong returns a friendly refusal when s has more than max characters.
func tooLong(what string, s string, max int) error {
	if n := utf8.RuneCountInString(s); n > max {
		return sayf("That %s is %d characters long; the limit is %d. Please shorten it.", what, n, max)
	}
	return nil
}

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
