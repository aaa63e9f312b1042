package bot

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// TrimAnswers wraps the transport of the HTTP client that slack-go uses so
// that Slack's answers to chat.postMessage and chat.update keep only what
// the bot reads (ok, error, channel, ts and the metadata of a failure).
// Slack echoes the whole message it posted, and slack-go decodes its
// blocks into typed values the bot never looks at: a simulated year spent
// more CPU on that than on the rest of each DM's send.
func TrimAnswers(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return answerTrimmer{next: next}
}

type answerTrimmer struct{ next http.RoundTripper }

// maxTrimmed bounds the answers read whole to trim them; a larger one is
// passed on as it came.
const maxTrimmed = 1 << 20

func (t answerTrimmer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK || !echoesMessage(req.URL.Path) {
		return resp, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTrimmed+1))
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	if len(body) > maxTrimmed {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
		return resp, nil
	}
	resp.Body.Close()
	var a struct {
		OK               bool            `json:"ok"`
		Error            string          `json:"error,omitempty"`
		Warning          string          `json:"warning,omitempty"`
		Channel          string          `json:"channel,omitempty"`
		TS               string          `json:"ts,omitempty"`
		ResponseMetadata json.RawMessage `json:"response_metadata,omitempty"`
	}
	if json.Unmarshal(body, &a) == nil {
		if trimmed, err := json.Marshal(a); err == nil {
			body = trimmed
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// echoesMessage reports whether a Web API method's answer echoes the
// message it posted or changed.
func echoesMessage(path string) bool {
	return strings.HasSuffix(path, "/chat.postMessage") || strings.HasSuffix(path, "/chat.update")
}

// Slack refuses a chat.postMessage or chat.update whose blocks hold more
// than about 12,000 characters of text in all, however valid each block,
// with msg_blocks_too_long. It is not documented: a Slack engineer put it
// at "12,000 text characters with a buffer for block containers"
// (slackapi/bolt-js#2509); slackapi/bolt-js#2867 was refused at 11,341
// characters of text. A busy person's check-in or meeting reminder would
// pass that every time, and never arrive.
//
// msgTextBudget is what the bot lets the blocks of a message it posts hold:
// below the lowest figure seen refused, with room for what Slack counts of
// the containers.
const msgTextBudget = 10000

// blockTextLen counts the characters of text in blocks as Slack's limit
// does (and slacksim's blocksTextLen): every text object, wherever it
// sits, rich_text's text and links, markdown blocks. The blocks messages
// are made of are counted from their fields; any other block through its
// JSON (blockTextLenJSON), which is exact for every kind but took 3% of
// the CPU of sending DMs, twice over per block in a long check-in.
func blockTextLen(blocks ...slack.Block) int {
	n := 0
	for _, b := range blocks {
		k, ok := knownBlockTextLen(b)
		if !ok {
			k = blockTextLenJSON(b)
		}
		n += k
	}
	return n
}

// knownBlockTextLen counts the text of the kinds of block messages use,
// as blockTextLenJSON would; false for any other.
func knownBlockTextLen(b slack.Block) (int, bool) {
	switch b := b.(type) {
	case *slack.SectionBlock:
		n := textObjectLen(b.Text)
		for _, f := range b.Fields {
			n += textObjectLen(f)
		}
		if a := b.Accessory; a != nil {
			if a.ButtonElement == nil || *a != (slack.Accessory{ButtonElement: a.ButtonElement}) {
				return 0, false
			}
			n += buttonTextLen(a.ButtonElement)
		}
		return n, true
	case *slack.ContextBlock:
		n := 0
		for _, e := range b.ContextElements.Elements {
			t, ok := e.(*slack.TextBlockObject)
			if !ok {
				return 0, false
			}
			n += textObjectLen(t)
		}
		return n, true
	case *slack.ActionBlock:
		n := 0
		if b.Elements != nil {
			for _, e := range b.Elements.ElementSet {
				btn, ok := e.(*slack.ButtonBlockElement)
				if !ok {
					return 0, false
				}
				n += buttonTextLen(btn)
			}
		}
		return n, true
	case *slack.HeaderBlock:
		return textObjectLen(b.Text), true
	case *slack.DividerBlock:
		return 0, true
	}
	return 0, false
}

func buttonTextLen(b *slack.ButtonBlockElement) int {
	if b == nil {
		return 0
	}
	n := textObjectLen(b.Text)
	if c := b.Confirm; c != nil {
		n += textObjectLen(c.Title) + textObjectLen(c.Text) + textObjectLen(c.Confirm) + textObjectLen(c.Deny)
	}
	return n
}

// textObjectLen is what a text object counts: its text, when its type is
// one that Slack counts (as the JSON walk reads "type").
func textObjectLen(t *slack.TextBlockObject) int {
	if t == nil {
		return 0
	}
	switch t.Type {
	case "plain_text", "mrkdwn", "text", "link", "markdown":
		return utf8.RuneCountInString(t.Text)
	}
	return 0
}

// blockTextLenJSON counts the text of blocks from their JSON, whatever
// their kind.
func blockTextLenJSON(blocks ...slack.Block) int {
	raw, err := json.Marshal(blocks)
	if err != nil {
		// A block that cannot be encoded cannot be sent either; count it
		// as too long for any budget.
		return math.MaxInt32
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return math.MaxInt32
	}
	n := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			switch v["type"] {
			case "plain_text", "mrkdwn", "text", "link", "markdown":
				if s, ok := v["text"].(string); ok {
					n += utf8.RuneCountInString(s)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return n
}

// textBudget is what is left of a message's budget of block text
// (msgTextBudget), shared by its parts as the message is laid out: first
// the parts it shows whole (a head, buttons, a footer) are spent, then
// each list takes its share, cut between items with a pointer to the rest
// where it does not fit. A list that needs less than its share leaves the
// rest to the lists after it.
type textBudget struct{ left int }

func newTextBudget() *textBudget { return &textBudget{left: msgTextBudget} }

// spend counts blocks the message shows.
func (b *textBudget) spend(blocks ...slack.Block) []slack.Block {
	b.left -= blockTextLen(blocks...)
	return blocks
}

// share is what the next of n lists still to lay out may take: an equal
// part of what is left, so that a long first list leaves room for the
// others.
func (b *textBudget) share(n int) int { return max(0, b.left/max(n, 1)) }

// listSections lays out a list under head as textSections does: the
// items, whole, while they fit within limit characters together with
// more(n) for the n left out after them; extra counts items beyond those
// given (not even loaded), which are always left out. more counts every
// item left out, so that the pointer to the rest is never lost (even when
// no item fits). It spends what it shows.
func (b *textBudget) listSections(head string, items []string, extra, limit int, more func(n int) string) []slack.Block {
	// A section's lines are joined by a newline, which counts.
	used := utf8.RuneCountInString(head)
	kept := []string{head}
	total := len(items) + extra
	for i, it := range items {
		n := used + 1 + utf8.RuneCountInString(it)
		if rest := total - i - 1; rest > 0 {
			n += 1 + utf8.RuneCountInString(more(rest))
		}
		if n > limit {
			break
		}
		kept = append(kept, it)
		used += 1 + utf8.RuneCountInString(it)
	}
	if left := total - (len(kept) - 1); left > 0 {
		kept = append(kept, more(left))
	}
	return b.spend(textSections(kept)...)
}

// todoBlocks is todoBlocks (each to-do with its Done button, at most max,
// then how many more and where to see them) within limit characters: the
// to-dos shown are fewer where they are long. It spends what it shows.
func (b *textBudget) todoBlocks(todos []store.Todo, viewer string, partners map[int64]string, max, limit int) []slack.Block {
	if max <= 0 {
		max = 20 // as todoBlocks
	}
	all := todoBlocks(todos, viewer, partners, max)
	shown := min(len(todos), max)
	used := 0
	for k := range shown {
		// The pointer that would follow the first k+1 to-dos.
		pointer := 0
		if k+1 < len(todos) {
			pointer = utf8.RuneCountInString(moreTodosText(todos[k+1:], viewer))
		}
		n := blockTextLen(all[k])
		if used+n+pointer > limit {
			return b.spend(append(all[:k:k], contextText(moreTodosText(todos[k:], viewer)))...)
		}
		used += n
	}
	return b.spend(all...)
}

// fitBlocks keeps a message's blocks within msgTextBudget, whatever built
// them: the list helpers above keep the bot's own messages there, and this
// is the last guard before Slack, for a message that escaped them (a DM
// queued by a feature that lays out no budget). It keeps the blocks in
// order while they fit, cuts the first that does not where it is a
// section (between lines), drops the rest but for the buttons (actions
// blocks, which stay working), and says so at the end. cut reports
// whether it changed anything.
func fitBlocks(blocks []slack.Block) (out []slack.Block, cut bool) {
	// Most DMs are short: their JSON, which holds each character of their
	// text in a byte at least, is within the budget, and needs no count.
	if raw, err := json.Marshal(blocks); err == nil && len(raw) <= msgTextBudget {
		return blocks, false
	}
	if blockTextLen(blocks...) <= msgTextBudget {
		return blocks, false
	}
	pointer := contextText("_…and more that didn't fit in one Slack message: your Home tab with me, `/session todos`, `/goal list` and `/mentor next` show it all._")
	left := msgTextBudget - blockTextLen(pointer)
	for _, bl := range blocks {
		if bl.BlockType() == slack.MBTAction {
			left -= blockTextLen(bl)
		}
	}
	full := false
	for _, bl := range blocks {
		if bl.BlockType() == slack.MBTAction {
			out = append(out, bl)
			continue
		}
		if full {
			continue
		}
		n := blockTextLen(bl)
		if n <= left {
			out = append(out, bl)
			left -= n
			continue
		}
		full = true
		if sec, ok := bl.(*slack.SectionBlock); ok && sec.Text != nil && sec.Fields == nil {
			room := left - (n - utf8.RuneCountInString(sec.Text.Text))
			if room >= fitLinesMinCut {
				cp := *sec
				txt := *sec.Text
				txt.Text = fitLines(txt.Text, room)
				cp.Text = &txt
				out = append(out, &cp)
			}
		}
	}
	return append(out, pointer), true
}
