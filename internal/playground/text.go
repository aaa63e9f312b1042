package playground

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseCommandLine splits what a person typed in the message box into a
// slash command and its text: "/goal add Run a 10k" -> ("/goal", "add Run
// a 10k"). ok is false when line is not a slash command. The command is
// lowercased, as Slack matches commands case-insensitively; the text is
// trimmed, as Slack sends it.
func ParseCommandLine(line string) (command, text string, ok bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "/") || len(line) < 2 {
		return "", "", false
	}
	command, text, _ = strings.Cut(line, " ")
	if i := strings.IndexAny(command, "\t\n"); i >= 0 {
		command, text = line[:i], line[i+1:]
	}
	return strings.ToLower(command), strings.TrimSpace(text), true
}

// EscapeCommandText turns the text a person typed after a slash command
// into what Slack sends the app for a command with should_escape: true:
//
//   - @name of a workspace member becomes <@U123|name> (the handle as Slack
//     knows it); an unknown @name stays as typed;
//   - @here, @channel and @everyone become <!here>, <!channel>, <!everyone>;
//   - #name of a known channel becomes <#C123|name>;
//   - http:// and https:// links become <url>;
//   - in everything else &, < and > become &amp;, &lt; and &gt;.
//
// users maps handles to user IDs and channels maps channel names to IDs;
// both are matched case-insensitively. A mention ends at the first
// character that cannot be part of a handle, and must name a whole handle;
// trailing dots, dashes and underscores that make no known handle are left
// as text ("@bob." is bob followed by a full stop).
func EscapeCommandText(text string, users, channels map[string]string) string {
	userIDs, userNames := foldKeys(users)
	chanIDs, chanNames := foldKeys(channels)
	var b strings.Builder
	for i := 0; i < len(text); {
		c := text[i]
		atWordStart := i == 0 || !isNameByte(text[i-1]) || afterSpace(text[:i])
		switch {
		case (c == '@' || c == '#') && atWordStart:
			run := nameRun(text[i+1:])
			if tok, n := mentionToken(c, run, userIDs, userNames, chanIDs, chanNames); n > 0 {
				b.WriteString(tok)
				i += 1 + n
				continue
			}
		case (c == 'h' || c == 'H') && (i == 0 || !isURLNeighbour(text[i-1])):
			if n := linkLen(text[i:]); n > 0 {
				b.WriteByte('<')
				b.WriteString(escapeSlack(text[i : i+n]))
				b.WriteByte('>')
				i += n
				continue
			}
		}
		switch c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}

// escapeSlack escapes &, < and > as Slack does in message text.
func escapeSlack(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// foldKeys indexes a name->ID map by lowercased name, remembering each
// name's own spelling.
func foldKeys(m map[string]string) (ids, names map[string]string) {
	ids, names = make(map[string]string, len(m)), make(map[string]string, len(m))
	for name, id := range m {
		k := strings.ToLower(name)
		ids[k], names[k] = id, name
	}
	return ids, names
}

// mentionToken turns the known name that is run, or run without trailing
// dots, dashes and underscores, into its escaped form, returning it and
// how many bytes of run it used (0: none).
func mentionToken(sigil byte, run string, userIDs, userNames, chanIDs, chanNames map[string]string) (string, int) {
	for n := len(run); n > 0; n-- {
		if n < len(run) && !strings.ContainsRune(".-_", rune(run[n])) {
			break
		}
		k := strings.ToLower(run[:n])
		if sigil == '@' {
			switch k {
			case "here", "channel", "everyone":
				return "<!" + k + ">", n
			}
			if id, ok := userIDs[k]; ok {
				return "<@" + id + "|" + userNames[k] + ">", n
			}
			continue
		}
		if id, ok := chanIDs[k]; ok {
			return "<#" + id + "|" + chanNames[k] + ">", n
		}
	}
	return "", 0
}

// isNameByte reports a byte that can be part of a Slack handle or channel
// name (ASCII letters and digits, '.', '-', '_'), or of a word an @ or #
// would be inside of (an e-mail address, an anchor).
// afterSpace reports whether s ends in a Unicode space (a no-break space
// before "@bob" starts a mention as a plain one does).
func afterSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c >= utf8.RuneSelf
}

// nameRun is the longest prefix of s made of handle characters.
func nameRun(s string) string {
	i := 0
	for i < len(s) && isNameByte(s[i]) && s[i] < utf8.RuneSelf {
		i++
	}
	return s[:i]
}

func isURLNeighbour(c byte) bool {
	return isNameByte(c) || c == '/' || c == ':' || c == '@'
}

// linkLen is the length of an http(s) link at the start of s, 0 if there
// is none. The link ends at whitespace, an angle bracket or a '|' (which
// would start a label in Slack's <url|label>: typed, as in
// "<https://example.com|a link>", the whole stays text around the link);
// trailing punctuation that usually ends a sentence is not part of it.
func linkLen(s string) int {
	lower := strings.ToLower(s[:min(len(s), 8)])
	var scheme int
	switch {
	case strings.HasPrefix(lower, "https://"):
		scheme = len("https://")
	case strings.HasPrefix(lower, "http://"):
		scheme = len("http://")
	default:
		return 0
	}
	n := scheme
	for n < len(s) && !strings.ContainsRune(" \t\r\n<>\"|", rune(s[n])) {
		n++
	}
	for n > scheme && strings.ContainsRune(".,;:!?)]}'", rune(s[n-1])) {
		n--
	}
	if n == scheme {
		return 0
	}
	return n
}
