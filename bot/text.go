package bot

import (
	"cmp"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/bidi"
)

// esc escapes text a user typed before the bot echoes it, so that nobody can
// make the bot post <!channel>, <!here>, a mention or a link. This is the one
// escaping function of the package.
func esc(s string) string { return escaper.Replace(s) }

// shownParsed is the message of a parser (cadence's, datetext's) ready
// to post in mrkdwn. The parsers quote what was typed, and they read it
// unescaped (unescapeSlack), so a quote may hold a mention, or markup
// typed as text ("&lt;@U1&gt;" comes back as "<@U1>"): the two cannot be
// told apart, and neither is checked to name anyone. So a quoted mention
// is shown as plain text ("@alice"), as shownText shows typed text, and
// in any case: the meeting parser quotes what it read lower-cased. It is
// made readable before the quotes are cut (capQuoted), so that a cut
// never leaves half of the markup, and escaped last.
func shownParsed(msg string) string {
	return esc(noBidi(capQuoted(readableAnyCase(msg))))
}

// The replacers are built once: building one costs more than most
// replacements. They are safe for concurrent use and never change.
var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// slackMarkupRe matches the markup Slack puts into text a person typed (and
// that we store as it came): a user mention <@U123|alice> or <@U123>, a
// channel link <#C123|general>, a user-group mention <!subteam^S123|@team>
// and a link <https://…|label> or <mailto:…|label>. Special mentions
// (<!here>, <!channel>, <!everyone>, <!date…>) are not in it: readable
// shows the first three as words (specialMentionRe), and a date token
// only ever escaped.
var slackMarkupRe = regexp.MustCompile(`<(?:@([UW][A-Z0-9]+)|#([CG][A-Z0-9]+)|!subteam\^([A-Z0-9]+)|((?:https?|mailto):[^|<>\s]+))(?:\|([^<>]*))?>`)

// specialMentionRe matches what Slack sends for "@here", "@channel" and
// "@everyone" typed in a command: readable gives back the words, which,
// escaped and without link_names, ping nobody.
var specialMentionRe = regexp.MustCompile(`<!(here|channel|everyone)(?:\|[^<>]*)?>`)

// slackMarkupAnyCaseRe and specialMentionAnyCaseRe are slackMarkupRe and
// specialMentionRe in any case, for readableAnyCase.
var (
	slackMarkupAnyCaseRe    = regexp.MustCompile(`(?i)` + slackMarkupRe.String())
	specialMentionAnyCaseRe = regexp.MustCompile(`(?i)` + specialMentionRe.String())
)

// noBidi is bidi.Neutral: typed text the bot quotes back cannot turn
// the direction of the bot's own words around it.
func noBidi(s string) string { return bidi.Neutral(s) }

// readable turns the markup in text a person typed into what it reads as:
// "@alice" for a user mention (its ID when Slack sent no name), "#general"
// for a channel link, "@team" for a user-group mention, "@channel" for
// Slack's <!channel> (and @here, @everyone) and the address for a link,
// whatever its label says. Everything else is left as it is. The
// result is plain text, for plain_text fields; shownText escapes it for
// mrkdwn.
func readable(s string) string { return readableBy(s, slackMarkupRe, specialMentionRe) }

// readableAnyCase is readable for text that may have been lower-cased
// since Slack sent it, as the meeting parser quotes it: "<@ualice|alice>"
// is "@alice", and "<@ualice>" "@UALICE".
func readableAnyCase(s string) string {
	return readableBy(s, slackMarkupAnyCaseRe, specialMentionAnyCaseRe)
}

// readableBy is readable with markup and special as the expressions that
// find Slack's markup and its special mentions.
func readableBy(s string, markup, special *regexp.Regexp) string {
	if !strings.Contains(s, "<") {
		return s
	}
	s = markup.ReplaceAllStringFunc(s, func(m string) string {
		sub := markup.FindStringSubmatch(m)
		label := strings.TrimSpace(sub[5])
		switch {
		case sub[1] != "":
			return "@" + cmp.Or(strings.TrimPrefix(label, "@"), strings.ToUpper(sub[1]))
		case sub[2] != "":
			return "#" + cmp.Or(strings.TrimPrefix(label, "#"), strings.ToUpper(sub[2]))
		case sub[3] != "":
			return "@" + cmp.Or(strings.TrimPrefix(label, "@"), strings.ToUpper(sub[3]))
		}
		return strings.TrimPrefix(sub[4], "mailto:")
	})
	// After the rest, so that one inside another's label (which Slack
	// never sends) stays in sight, escaped.
	return special.ReplaceAllString(s, "@$1")
}

// shownText is the one way the bot shows text a person typed (a goal, a
// note, a to-do, an agenda item, feedback) in a mrkdwn message: mentions
// become plain "@alice", channel links "#general", links their address,
// and everything is escaped, so that echoing never pings anybody and
// nobody can make the bot post <!channel>, <!here> or a mention.
func shownText(s string) string { return esc(noBidi(readable(s))) }

// shownTextFit is shownText cut so that the result — what is sent, after
// escaping, which can make text up to five times longer — has at most max
// characters, the cut marked with "…". It never cuts an escape in two.
func shownTextFit(s string, max int) string {
	r := noBidi(readable(s))
	if e := esc(r); utf8.RuneCountInString(e) <= max {
		return e
	}
	var b strings.Builder
	n := 0
	for _, c := range r {
		piece := esc(string(c))
		k := utf8.RuneCountInString(piece)
		if n+k > max-1 {
			break
		}
		b.WriteString(piece)
		n += k
	}
	return b.String() + "…"
}

// keepMarkup undoes readable for a form field that was filled in with
// readable(old): where typed still has a mention, channel link or link of
// old in its readable form ("@alice" as a word of its own), it gets the
// markup back, so that saving a form unchanged stores exactly old and an
// edit around a mention keeps it. What keepMarkup returns reads as typed.
func keepMarkup(old, typed string) string {
	if typed == readable(old) {
		return old
	}
	markup := map[string]string{}
	var tokens []string
	for _, m := range slackMarkupRe.FindAllString(old, -1) {
		tok := readable(m)
		if _, seen := markup[tok]; !seen && tok != "" {
			markup[tok] = m
			tokens = append(tokens, tok)
		}
	}
	if len(tokens) == 0 {
		return typed
	}
	// Longest first, so that "@Bob Brown" wins over "@Bob".
	sort.Slice(tokens, func(i, j int) bool { return len(tokens[i]) > len(tokens[j]) })
	var b strings.Builder
	for i := 0; i < len(typed); {
		if tok, ok := tokenAt(typed, i, tokens); ok {
			b.WriteString(markup[tok])
			i += len(tok)
			continue
		}
		b.WriteByte(typed[i])
		i++
	}
	return b.String()
}

// keepMarkupWithin is keepMarkup for a form field of at most max
// characters, unless the markup would take the field over that limit: then
// it is kept as typed, which reads the same.
func keepMarkupWithin(old, typed string, max int) string {
	if k := keepMarkup(old, typed); utf8.RuneCountInString(k) <= max {
		return k
	}
	return typed
}

// tokenAt returns the token of tokens that stands as a word of its own at
// s[i:]: not glued to a letter, digit or "_" on either side (nor to "-" after
// it, nor to "." or "@" before it, as in an e-mail address).
func tokenAt(s string, i int, tokens []string) (string, bool) {
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && (isNameRune(r) || r == '.' || r == '@') {
		return "", false
	}
	for _, tok := range tokens {
		if !strings.HasPrefix(s[i:], tok) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[i+len(tok):]); i+len(tok) < len(s) && (isNameRune(r) || r == '-') {
			continue
		}
		return tok, true
	}
	return "", false
}

func isNameRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// unescapeSlack turns Slack's escaping of the text it sends us back into what
// the person typed; mentions (<@U…>) are kept as they are for parseMention.
func unescapeSlack(s string) string {
	return unescaper.Replace(s)
}

// mentionRe matches a user mention as Slack sends it with should_escape:
// <@U123|name> or <@U123>, perhaps followed by the punctuation of a
// sentence ("@bob, great session", "/mentor next @bob."): Slack sends
// that glued to the mention, and it is no part of the name.
var mentionRe = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>` + mentionPunct + `$`)

// mentionPunct is the punctuation that may follow a mention word and is
// dropped with it: a comma, colon, semicolon, full stop, ! or ?
// (mentionPunctChars).
const (
	mentionPunctChars = ",:;.!?"
	mentionPunct      = `[` + mentionPunctChars + `]*`
)

// userIDRe is a Slack user ID, as mentionRe reads it inside a mention.
var userIDRe = regexp.MustCompile(`^[UW][A-Z0-9]+$`)

// isUserID reports whether s has the shape of a Slack user ID: a value a
// payload says came from a user picker is checked before it is stored or
// echoed in a mention.
func isUserID(s string) bool { return userIDRe.MatchString(s) }

// parseMention returns the user ID of a mention token, or "". The token
// may end in punctuation (mentionPunct): "<@U123|bob>," is bob.
func parseMention(tok string) string {
	m := mentionRe.FindStringSubmatch(tok)
	if m == nil {
		return ""
	}
	return m[1]
}

// mentionName returns the name that the first mention of id in text (as
// Slack sent it) carries, "ghost" for "<@U123|ghost>", as Slack sent it
// (escaped), or "" when no mention of id has one.
func mentionName(text, id string) string {
	if !strings.Contains(text, "<@"+id+"|") {
		return ""
	}
	for _, m := range slackMarkupRe.FindAllStringSubmatch(text, -1) {
		if name := strings.TrimPrefix(strings.TrimSpace(m[5]), "@"); m[1] == id && name != "" {
			return name
		}
	}
	return ""
}

// leadingMention splits a mention off the start of args: "<@U1|a> rest" ->
// ("U1", "rest"), and "<@U1|a>, rest" too: the punctuation after the
// mention goes with it, so that a message to the partner does not start
// with the comma. So does a comma, colon or semicolon after a space
// ("<@U1|a> , rest"): Slack's @-autocomplete leaves a space after the
// name it puts in. id is "" when args does not start with a mention.
func leadingMention(args string) (id, rest string) {
	first, rest := splitWord(args)
	if id := parseMention(first); id != "" {
		return id, dropLoosePunct(rest)
	}
	return "", args
}

// loosePunctRe is a comma, colon or semicolon standing as a word of its
// own at the start of a text, as it does after a mention that Slack's
// @-autocomplete left a space after ("@bob , great session").
var loosePunctRe = regexp.MustCompile(`^[,:;](?:\s+|$)`)

// dropLoosePunct is s, which follows a mention, without the punctuation
// of loosePunctRe at its start.
func dropLoosePunct(s string) string {
	if m := loosePunctRe.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// isLoosePunct reports whether w, a word of its own, is punctuation that
// goes with the mention before it (loosePunctRe).
func isLoosePunct(w string) bool { return loosePunctRe.MatchString(w) }

// normalizeSpaces turns every Unicode space (a no-break space pasted from
// a web page or typed with Option+Space looks like a space but is not one
// to the command grammars) and the invisible zero-width space, word joiner
// and byte-order mark into a plain space. Joiners that shape emoji and
// scripts (U+200C, U+200D) are kept. Control characters other than tabs
// and line breaks become spaces too: a NUL, which no Slack client sends,
// made a goal or agenda item that reads as nothing.
func normalizeSpaces(s string) string {
	odd := func(r rune) bool {
		return r != ' ' && unicode.Is(unicode.Zs, r) || r == '\u200b' || r == '\u2060' || r == '\ufeff' ||
			unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' && r != '\v' && r != '\f' && r != '\u0085'
	}
	if strings.IndexFunc(s, odd) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if odd(r) {
			return ' '
		}
		return r
	}, s)
}

// oneLine is text typed for a field of one line (a goal, an agenda item)
// with its line breaks, which Slack sends for Shift+Enter, made spaces:
// a second line would be shown on a line of its own in the bot's message,
// where it could pass for the bot's own words ("*IT notice:* …" in a
// goal posted by /goal share).
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\n\r\v\f\u0085\u2028\u2029") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// quotedLines is shown text (shownText's) that follows the bot's own
// words on their line, as a progress note does its date: text of more
// than one line starts on a line of its own and each of its lines is
// quoted, so that none can pass for the bot's own.
func quotedLines(shown string) string {
	if !strings.Contains(shown, "\n") {
		return shown
	}
	return "\n> " + strings.ReplaceAll(shown, "\n", "\n> ")
}

// unknownName reports whether word, as Slack sent it, is an @name that is
// no mention: Slack turns a name into one only for people it knows, so
// this is someone misspelt or not in the workspace.
func unknownName(word string) bool {
	w := unescapeSlack(word)
	return strings.HasPrefix(w, "@") && len(w) > 1
}

// splitWord returns the first word of s and the trimmed rest. A word ends
// at whitespace, except inside Slack's markup: a mention, channel or link
// is one word even when its label has a space (<@U123|Bob Brown>), and
// two glued together (<@U1|a><@U2|b>) are two words.
func splitWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n':
			return s[:i], strings.TrimSpace(s[i:])
		case '<':
			if n := markupLen(s[i:]); n > 0 {
				whole := i == 0 // the word is this markup alone so far
				i += n
				if whole && markupLen(s[i:]) > 0 {
					return s[:i], s[i:]
				}
				continue
			}
		}
		i++
	}
	return s, ""
}

// leadingMarkupRe is typedMarkupRe at the start of a text.
var leadingMarkupRe = regexp.MustCompile(`^` + typedMarkupRe.String())

// markupLen is the length in bytes of the Slack markup s starts with, 0
// when it starts with none.
func markupLen(s string) int {
	if m := leadingMarkupRe.FindStringIndex(s); m != nil {
		return m[1]
	}
	return 0
}

// words splits s into its words, as splitWord reads them.
func words(s string) []string {
	var out []string
	for w, rest := splitWord(s); w != ""; w, rest = splitWord(rest) {
		out = append(out, w)
	}
	return out
}

// parseNumber reads "7" or "#7" as 7, and with a full stop after it
// ("7.", as a sentence ends); ok is false for anything else.
func parseNumber(s string) (int64, bool) {
	s = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "#"), ".")
	// ParseInt takes a sign, but "+1" is no one's number: read as #1 it
	// would close or show a goal or to-do nobody named.
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
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

// tooLong returns a friendly refusal when s has more than max characters
// as the person typed and reads them: Slack sends "@alice" as
// "<@U123|alice>", and counting that markup would refuse text the person
// sees well within the limit, and name a length they cannot find in it.
// The bot shows such text readable, cut to fit (shownTextFit), so markup
// beyond the limit costs no room in a message; markupWithin keeps what is
// stored within a store's own limit.
func tooLong(what string, s string, max int) error {
	if n := shownLen(s); n > max {
		return sayf("That %s is %d characters long; the limit is %d. Please shorten it.", what, n, max)
	}
	return nil
}

// shownLen is how many characters s has as it reads (readable): what a
// limit on typed text counts.
func shownLen(s string) int { return utf8.RuneCountInString(readable(s)) }

// markupWithin is s as it is stored in a field that holds at most max
// characters: with Slack's markup when that fits, else in its readable
// form, which reads the same wherever the bot shows it. tooLong has
// checked s against max as it reads, so the readable form always fits.
func markupWithin(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return readable(s)
}

// truncate shortens s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// truncateMrkdwn is truncate for escaped text, and for mrkdwn the bot
// built around it: it never cuts an entity (&amp;, &lt;, &gt;), Slack's
// markup (<@U123>, <!date^…|…>) nor an address typed bare in two, so
// what is left reads as it would have.
func truncateMrkdwn(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:max(n-1, 0)])
	if i := urlCutAt(s, len(cut)); i >= 0 {
		cut = strings.TrimRightFunc(cut[:i], unicode.IsSpace)
	}
	for {
		amp, lt := strings.LastIndexByte(cut, '&'), strings.LastIndexByte(cut, '<')
		switch {
		case amp >= 0 && !strings.Contains(cut[amp:], ";"):
			cut = cut[:amp]
		case lt >= 0 && !strings.Contains(cut[lt:], ">"):
			cut = cut[:lt]
		default:
			return cut + "…"
		}
	}
}

// urlCutAt is where an address typed bare in s starts when a cut at byte
// i would leave only its start (-1 when it would not): half an address
// reads, and links, as another.
func urlCutAt(s string, i int) int {
	for _, ix := range plainURLRe.FindAllStringIndex(s, -1) {
		if ix[0] < i && i < ix[1] {
			return ix[0]
		}
	}
	return -1
}

// Marks of mrkdwn that text without it shows as typed (stripMarks), and
// what stays whole around them.
var (
	// plainMarkupRe is Slack's angle-bracket markup: a mention, a channel
	// or user-group mention, a date token or a link.
	plainMarkupRe = regexp.MustCompile(`<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>`)
	// plainCodeRe is a code span, `like this`, or a code block.
	plainCodeRe = regexp.MustCompile("```([^`]*)```|`([^`\n]+)`")
	// plainBoldRe is *bold* text, its stars not inside a word.
	plainBoldRe = regexp.MustCompile(`(^|[^\p{L}\p{N}*])\*([^*\s](?:[^*\n]*[^*\s])?)\*($|[^\p{L}\p{N}*])`)
	// plainURLRe is an address typed without Slack's markup, which Slack
	// links as it is: its underscores, stars and tildes are no marks.
	// It ends before a mark or a sentence's punctuation, so that
	// "*https://x.test/a*" is the address in bold.
	plainURLRe = regexp.MustCompile("(?i)(?:https?://|mailto:|www\\.)[^\\s<>`]*[^\\s<>`*_~.,;:!?)'\"]")
	// strippedMarkRes are the marks stripMarks takes out: *bold* and
	// _italic_ around words (plainBoldRe's rule: the marks not inside a
	// word), and the strike of the bot's own done to-dos (struckTodo).
	// Not a strike people type: "the stories were ~boring~ great" needs
	// it to say what they meant.
	strippedMarkRes = []*regexp.Regexp{
		plainBoldRe,
		regexp.MustCompile(`(^|[^\p{L}\p{N}_])_([^_\s](?:[^_\n]*[^_\s])?)_($|[^\p{L}\p{N}_])`),
		regexp.MustCompile(`(^|[^\p{L}\p{N}~])~(#[0-9]+(?:[^~\n]*[^~\s])?)~($|[^\p{L}\p{N}~])`),
	}
	// quoteMarkRe is the mark of a quoted line. What people typed is
	// escaped (&gt;), so a ">" at a line's start is the bot's own.
	quoteMarkRe = regexp.MustCompile(`(?m)^> ?`)
	// keptRe is a stand-in for what stays as it is while marks are taken
	// out around it (stripMarks).
	keptRe = regexp.MustCompile("\uE001([0-9]+)\uE002")
)

// stripMarks is mrkdwn s without the marks that text shown without
// mrkdwn would show as typed: bold, italic, the bot's strike, code and
// quotes. It is the one place that says which marks those are, for
// notifications (previewText) and form errors (plainText) alike. Left as
// it is, stars and underscores too: each piece of Slack's markup, as
// markup makes it (nil: the markup itself), given its kind ("@", "#",
// "!" or ""), body and label as plainMarkupRe reads them; what a code
// span holds, which is not mrkdwn; and an address typed bare.
func stripMarks(s string, markup func(m, kind, body, label string) string) string {
	var kept []string
	keep := func(m string) string {
		kept = append(kept, m)
		return "\uE001" + strconv.Itoa(len(kept)-1) + "\uE002"
	}
	s = replaceMatches(plainMarkupRe, s, func(m string, group func(int) string) string {
		if markup != nil {
			m = markup(m, group(1), group(2), group(3))
		}
		return keep(m)
	})
	s = replaceMatches(plainCodeRe, s, func(_ string, group func(int) string) string {
		return keep(group(1) + group(2))
	})
	s = plainURLRe.ReplaceAllStringFunc(s, keep)
	for range 2 { // adjacent marked words share a separator
		for _, re := range strippedMarkRes {
			s = re.ReplaceAllString(s, "$1$2$3")
		}
	}
	s = quoteMarkRe.ReplaceAllString(s, "")
	// A code span's or an address's stand-in may hold the markup's, kept
	// before it: what is kept is restored with those kept before it
	// only, which ends, and leaves a stand-in typed as it was.
	var restore func(s string, below int) string
	restore = func(s string, below int) string {
		return keptRe.ReplaceAllStringFunc(s, func(m string) string {
			i, err := strconv.Atoi(keptRe.FindStringSubmatch(m)[1])
			if err != nil || i >= below {
				return m
			}
			return restore(kept[i], i)
		})
	}
	return restore(s, len(kept))
}

// replaceMatches is re.ReplaceAllStringFunc with each match's submatches
// at hand: group(i) is submatch i, "" when it took no part.
func replaceMatches(re *regexp.Regexp, s string, f func(m string, group func(int) string) string) string {
	var out strings.Builder
	last := 0
	for _, ix := range re.FindAllStringSubmatchIndex(s, -1) {
		out.WriteString(s[last:ix[0]])
		last = ix[1]
		out.WriteString(f(s[ix[0]:ix[1]], func(i int) string {
			if ix[2*i] < 0 {
				return ""
			}
			return s[ix[2*i]:ix[2*i+1]]
		}))
	}
	out.WriteString(s[last:])
	return out.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
