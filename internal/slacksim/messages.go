package slacksim

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Message is a message the bot caused to appear in Slack, in its current
// state.
type Message struct {
	// Seq numbers messages in the order they were first posted, from 1.
	Seq      int64
	Channel  string
	TS       string
	ThreadTS string
	// User is, for DMs and ephemeral messages, the person who sees it; for
	// posts in a channel, "".
	User string
	// Ephemeral: visible only to User, not in conversations.history.
	Ephemeral bool
	// InChannel: a public post in a channel that is not a DM.
	InChannel bool
	// Via is what last set the content: "chat.postMessage",
	// "chat.postEphemeral", "response_url", "ack" (a slash command's ack
	// payload) or "chat.update".
	Via      string
	Text     string
	Blocks   json.RawMessage // the blocks array, with Slack's generated IDs filled in
	Metadata json.RawMessage // {"event_type":...,"event_payload":{...}}
	// Files are the files a files.completeUploadExternal message shares;
	// its Text is the initial_comment.
	Files []File
	// Updated: changed since posted (chat.update or replace_original).
	Updated bool
	// Deleted: removed (chat.delete or delete_original).
	Deleted bool
	// ReplaceOriginal: the last change came from a response_url post with
	// replace_original.
	ReplaceOriginal bool
	// ViewID is set only on a Message made by View.Message, which stands
	// for a modal or App Home so that ClickButton and SelectOption can act
	// on it.
	ViewID string
}

// stored is a Message with what only the simulator needs.
type stored struct {
	Message
	editedTS string
	// author is the user Slack shows as the poster: the bot, or the person
	// who ran a slash command whose in_channel answer this is.
	author string
}

func msgKey(channel, ts string) string { return channel + "/" + ts }

// newTSLocked returns a message timestamp: "seconds.micros" of
// Options.Clock, made unique and increasing as Slack's are within a
// channel.
func (s *Server) newTSLocked() string {
	us := s.clock.Now().UnixMicro()
	if us <= s.lastTS {
		us = s.lastTS + 1
	}
	s.lastTS = us
	return formatTS(us)
}

func formatTS(us int64) string { return fmt.Sprintf("%d.%06d", us/1e6, us%1e6) }

// parseTS reads "secs", "secs.frac" into microseconds.
func parseTS(ts string) (int64, bool) {
	secStr, frac, _ := strings.Cut(ts, ".")
	sec, err := strconv.ParseInt(secStr, 10, 64)
	if err != nil {
		return 0, false
	}
	frac = (frac + "000000")[:6]
	us, err := strconv.ParseInt(frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return sec*1e6 + us, true
}

// genIDLocked is the generator of block_id/action_id values Slack would
// fill in.
func (s *Server) genIDLocked() string {
	return "sim" + strconv.FormatInt(s.newIDLocked(), 36)
}

func (s *Server) recordLocked(st *stored) {
	st.Seq = s.trimmed + int64(len(s.msgs)) + 1
	s.msgs = append(s.msgs, st)
	s.msgIndex[msgKey(st.Channel, st.TS)] = st
	s.changedLocked(st)
}

// changedLocked records the new state of a message for WaitMessage and
// subscribers.
func (s *Server) changedLocked(st *stored) {
	m := st.Message
	s.events = append(s.events, m)
	s.msgFeed.publish(m)
	s.notifyLocked()
}

// messageContent is a message's text, blocks and metadata as sent by
// chat.*, a response_url POST or a slash command ack.
type messageContent struct {
	text            string
	hasText         bool
	blocks          []any
	hasBlocks       bool
	attachments     bool
	metadata        json.RawMessage
	threadTS        string
	responseType    string
	replaceOriginal bool
	deleteOriginal  bool
}

// empty reports a message with nothing to show, which Slack rejects with
// no_text.
func (c messageContent) empty() bool {
	return c.text == "" && len(c.blocks) == 0 && !c.attachments
}

// parseContent reads and validates the message arguments. On failure it
// returns Slack's error.
func parseContent(p url.Values) (messageContent, *result) {
	var c messageContent
	if _, ok := p["text"]; ok {
		c.hasText = true
		c.text = p.Get("text")
	}
	if raw := strings.TrimSpace(p.Get("blocks")); raw != "" && raw != "null" {
		blocks, err := parseBlocks(raw)
		if err != nil {
			r := fail("invalid_blocks_format", "[ERROR] blocks must be a JSON array: "+err.Error())
			return c, &r
		}
		c.blocks, c.hasBlocks = blocks, true
	}
	if raw := strings.TrimSpace(p.Get("attachments")); raw != "" && raw != "null" && raw != "[]" {
		c.attachments = true
	}
	if raw := strings.TrimSpace(p.Get("metadata")); raw != "" && raw != "null" {
		md, msg := parseMetadata(raw)
		if msg != "" {
			r := fail("invalid_metadata_format", msg)
			return c, &r
		}
		c.metadata = md
	}
	c.threadTS = p.Get("thread_ts")
	c.responseType = p.Get("response_type")
	c.replaceOriginal = boolParam(p, "replace_original")
	c.deleteOriginal = boolParam(p, "delete_original")
	if runes(c.text) > maxMessageText {
		r := fail("msg_too_long", fmt.Sprintf("[ERROR] text must be at most %d characters (got %d)", maxMessageText, runes(c.text)))
		return c, &r
	}
	if c.hasBlocks {
		if errs := checkBlocks(c.blocks, surfMessage, "/blocks"); len(errs) > 0 {
			r := fail("invalid_blocks", errs...)
			return c, &r
		}
	}
	return c, nil
}

// blocksTooLong is the answer of chat.postMessage, chat.postEphemeral
// and chat.update to blocks whose text passes maxMessageBlocksText. Slack
// says no more than the code; the count is the simulator's, for Failures.
func blocksTooLong(c messageContent) *result {
	if !c.hasBlocks {
		return nil
	}
	if n := blocksTextLen(c.blocks); n > maxMessageBlocksText {
		r := fail("msg_blocks_too_long", fmt.Sprintf("[ERROR] the blocks hold %d characters of text; at most %d [json-pointer:/blocks]", n, maxMessageBlocksText))
		return &r
	}
	return nil
}

// parseMetadata checks message metadata: {"event_type": non-empty string,
// "event_payload": object}. slack-go sends an empty
// {"event_type":"","event_payload":null} on every response_url POST, which
// means "none".
func parseMetadata(raw string) (json.RawMessage, string) {
	var md map[string]any
	if err := decodeJSON([]byte(raw), &md); err != nil {
		return nil, "[ERROR] metadata must be a JSON object: " + err.Error()
	}
	et, _ := md["event_type"].(string)
	payload := md["event_payload"]
	if et == "" {
		if payload == nil {
			return nil, ""
		}
		return nil, "[ERROR] missing required field: event_type [json-pointer:/metadata/event_type]"
	}
	if payload == nil {
		payload = map[string]any{}
	}
	if _, ok := payload.(map[string]any); !ok {
		return nil, "[ERROR] event_payload must be an object [json-pointer:/metadata/event_payload]"
	}
	out, _ := json.Marshal(map[string]any{"event_type": et, "event_payload": payload})
	return out, ""
}

// marshalBlocks encodes blocks; none (or an empty array, which clears a
// message's blocks) is nil.
func marshalBlocks(blocks []any) json.RawMessage {
	if len(blocks) == 0 {
		return nil
	}
	b, _ := json.Marshal(blocks)
	return b
}

// resolveChannelLocked finds the conversation a chat.* call names: an IM,
// a known channel, or a user ID, for which Slack uses the user's IM with
// the bot.
func (s *Server) resolveChannelLocked(id string) *channel {
	if id == "" {
		return nil
	}
	if id[0] == 'U' || id[0] == 'W' {
		if u, ok := s.users[id]; ok && !u.IsBot {
			return s.channelLocked(s.IMChannel(id))
		}
		return nil
	}
	return s.channelLocked(id)
}

// messageJSONLocked renders a stored message as Slack's API does.
func (s *Server) messageJSONLocked(st *stored, withMetadata bool) map[string]any {
	m := map[string]any{
		"type": "message",
		"text": st.Text,
		"ts":   st.TS,
		"user": st.author,
		"team": s.opts.TeamID,
	}
	if st.author == s.opts.BotUserID {
		m["bot_id"] = botID
		m["app_id"] = appID
		m["bot_profile"] = map[string]any{"id": botID, "app_id": appID, "name": s.opts.BotName, "deleted": false, "team_id": s.opts.TeamID}
	}
	if len(st.Blocks) > 0 {
		m["blocks"] = json.RawMessage(st.Blocks)
	}
	if st.ThreadTS != "" {
		m["thread_ts"] = st.ThreadTS
	}
	if st.editedTS != "" {
		m["edited"] = map[string]any{"user": s.opts.BotUserID, "ts": st.editedTS}
	}
	if withMetadata && len(st.Metadata) > 0 {
		m["metadata"] = json.RawMessage(st.Metadata)
	}
	if len(st.Files) > 0 {
		files := make([]any, len(st.Files))
		for i, f := range st.Files {
			files[i] = fileJSON(f)
		}
		m["files"], m["upload"] = files, true
	}
	return m
}

func (s *Server) apiPostMessage(req *apiRequest) result {
	c, bad := parseContent(req.params)
	if bad != nil {
		return *bad
	}
	if bad := blocksTooLong(c); bad != nil {
		return *bad
	}
	if c.empty() {
		return fail("no_text")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.resolveChannelLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	fillIDs(c.blocks, s.genIDLocked)
	st := &stored{author: s.opts.BotUserID, Message: Message{
		Channel:   ch.ID,
		TS:        s.newTSLocked(),
		ThreadTS:  c.threadTS,
		User:      ch.User,
		InChannel: !ch.IM,
		Via:       "chat.postMessage",
		Text:      c.text,
		Blocks:    marshalBlocks(c.blocks),
		Metadata:  c.metadata,
	}}
	s.recordLocked(st)
	s.echoNewLocked(st)
	return ok(map[string]any{"channel": ch.ID, "ts": st.TS, "message": s.messageJSONLocked(st, true)})
}

func (s *Server) apiPostEphemeral(req *apiRequest) result {
	c, bad := parseContent(req.params)
	if bad != nil {
		return *bad
	}
	if bad := blocksTooLong(c); bad != nil {
		return *bad
	}
	if c.empty() {
		return fail("no_text")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	userID := req.params.Get("user")
	if u, found := s.users[userID]; !found || u.IsBot {
		return fail("user_not_found")
	}
	ch := s.resolveChannelLocked(req.params.Get("channel"))
	if ch == nil {
		return fail("channel_not_found")
	}
	if ch.IM && ch.User != userID {
		return fail("user_not_in_channel")
	}
	fillIDs(c.blocks, s.genIDLocked)
	st := &stored{author: s.opts.BotUserID, Message: Message{
		Channel:   ch.ID,
		TS:        s.newTSLocked(),
		ThreadTS:  c.threadTS,
		User:      userID,
		Ephemeral: true,
		Via:       "chat.postEphemeral",
		Text:      c.text,
		Blocks:    marshalBlocks(c.blocks),
		Metadata:  c.metadata,
	}}
	s.recordLocked(st)
	return ok(map[string]any{"message_ts": st.TS})
}

// findForUpdateLocked finds a message chat.update or chat.delete may touch.
func (s *Server) findForUpdateLocked(p url.Values) (*stored, *result) {
	ch := s.resolveChannelLocked(p.Get("channel"))
	if ch == nil {
		r := fail("channel_not_found")
		return nil, &r
	}
	st, found := s.msgIndex[msgKey(ch.ID, p.Get("ts"))]
	if !found || st.Ephemeral || st.Deleted {
		// Ephemeral messages can only be changed through a response_url.
		r := fail("message_not_found")
		return nil, &r
	}
	if st.author != s.opts.BotUserID {
		r := fail("cant_update_message")
		return nil, &r
	}
	return st, nil
}

func (s *Server) apiUpdate(req *apiRequest) result {
	c, bad := parseContent(req.params)
	if bad != nil {
		return *bad
	}
	if bad := blocksTooLong(c); bad != nil {
		return *bad
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, bad := s.findForUpdateLocked(req.params)
	if bad != nil {
		return *bad
	}
	prev := s.echoPrevLocked(st)
	// Slack: without a blocks field the old blocks stay, even when text is
	// given ("If you don't include this field, the message's previous
	// blocks will be retained. To remove previous blocks, include an empty
	// array", chat.update's reference): the new text is then only the
	// notification's fallback, and the old buttons stay on screen.
	text, blocks := st.Text, st.Blocks
	if c.hasText {
		text = c.text
	}
	if c.hasBlocks {
		fillIDs(c.blocks, s.genIDLocked)
		blocks = marshalBlocks(c.blocks)
	}
	if text == "" && len(blocks) == 0 && !c.attachments {
		return fail("no_text")
	}
	st.Text, st.Blocks = text, blocks
	if c.metadata != nil {
		st.Metadata = c.metadata
	}
	st.Updated, st.ReplaceOriginal, st.Via = true, false, "chat.update"
	st.editedTS = s.newTSLocked()
	s.changedLocked(st)
	s.echoChangedLocked(st, prev)
	return ok(map[string]any{"channel": st.Channel, "ts": st.TS, "text": st.Text, "message": s.messageJSONLocked(st, true)})
}

func (s *Server) apiDelete(req *apiRequest) result {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, bad := s.findForUpdateLocked(req.params)
	if bad != nil {
		return *bad
	}
	prev := s.echoPrevLocked(st)
	st.Deleted = true
	s.changedLocked(st)
	s.echoDeletedLocked(st, prev)
	return ok(map[string]any{"channel": st.Channel, "ts": st.TS})
}

// apiConversationsHistory lists a conversation's messages newest first, as
// Slack does: no ephemerals, no deleted messages, no thread replies.
func (s *Server) apiConversationsHistory(req *apiRequest) result {
	p := req.params
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.resolveChannelLocked(p.Get("channel"))
	if ch == nil || strings.HasPrefix(p.Get("channel"), "U") {
		return fail("channel_not_found")
	}
	limit := 100
	if l, err := strconv.Atoi(p.Get("limit")); err == nil && l > 0 {
		limit = min(l, 999)
	}
	inclusive := boolParam(p, "inclusive")
	oldest, hasOldest := parseTS(p.Get("oldest"))
	latest, hasLatest := parseTS(p.Get("latest"))
	if cur := p.Get("cursor"); cur != "" {
		dec, err := base64.StdEncoding.DecodeString(cur)
		after, found := strings.CutPrefix(string(dec), "next_ts:")
		ts, okTS := parseTS(after)
		if err != nil || !found || !okTS {
			return fail("invalid_cursor")
		}
		// The cursor continues below the last message returned.
		latest, hasLatest, inclusive = ts, true, false
	}
	withMetadata := boolParam(p, "include_all_metadata")
	var out []any
	hasMore, nextCursor := false, ""
	for i := len(s.msgs) - 1; i >= 0; i-- {
		st := s.msgs[i]
		if st.Channel != ch.ID || st.Ephemeral || st.Deleted || (st.ThreadTS != "" && st.ThreadTS != st.TS) {
			continue
		}
		ts, _ := parseTS(st.TS)
		if hasLatest && (ts > latest || (ts == latest && !inclusive)) {
			continue
		}
		if hasOldest && (ts < oldest || (ts == oldest && !inclusive)) {
			continue
		}
		if len(out) == limit {
			hasMore = true
			prev := out[len(out)-1].(map[string]any)["ts"].(string)
			nextCursor = base64.StdEncoding.EncodeToString([]byte("next_ts:" + prev))
			break
		}
		out = append(out, s.messageJSONLocked(st, withMetadata))
	}
	if out == nil {
		out = []any{}
	}
	return ok(map[string]any{
		"messages":              out,
		"has_more":              hasMore,
		"pin_count":             0,
		"channel_actions_ts":    nil,
		"channel_actions_count": 0,
		"response_metadata":     map[string]any{"next_cursor": nextCursor},
	})
}

// Messages returns every message the bot caused, in posting order, in
// its current state (Updated and Deleted ones included).
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, st := range s.msgs {
		out[i] = st.Message
	}
	return out
}

// LastSeq is the Seq of the latest message recorded, 0 before any: what
// a caller waiting for messages after now compares with, without copying
// every message recorded (Messages).
func (s *Server) LastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.trimmed + int64(len(s.msgs))
}

// MessagesTo returns what the user can see from the bot: messages in their
// IM with the bot and ephemeral messages to them, excluding deleted ones.
func (s *Server) MessagesTo(userID string) []Message {
	im := s.IMChannel(userID)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, st := range s.msgs {
		if st.Deleted {
			continue
		}
		if (st.Ephemeral && st.User == userID) || (!st.Ephemeral && st.Channel == im) {
			out = append(out, st.Message)
		}
	}
	return out
}

// LookupMessage returns the current state of the message with that channel
// and ts.
func (s *Server) LookupMessage(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.msgIndex[msgKey(channel, ts)]
	if !ok {
		return Message{}, false
	}
	return st.Message, true
}

// WaitMessage returns the first message, in its current state, that
// satisfies pred; if none does yet, it waits for the first post, update or
// delete whose resulting state does, until ctx ends.
func (s *Server) WaitMessage(ctx context.Context, pred func(Message) bool) (Message, error) {
	s.mu.Lock()
	for _, st := range s.msgs {
		if pred(st.Message) {
			m := st.Message // copied under the lock: an update writes st
			s.mu.Unlock()
			return m, nil
		}
	}
	next, ch := len(s.events), s.changed
	s.mu.Unlock()
	for {
		if err := s.waitChange(ctx, ch); err != nil {
			s.mu.Lock()
			n := len(s.msgs)
			s.mu.Unlock()
			return Message{}, fmt.Errorf("wait for message (%d recorded, none matched): %w", n, err)
		}
		s.mu.Lock()
		for _, m := range s.events[next:] {
			if pred(m) {
				s.mu.Unlock()
				return m, nil
			}
		}
		next, ch = len(s.events), s.changed
		s.mu.Unlock()
	}
}

// Subscribe returns a live feed of messages as they are posted, updated or
// deleted (each value is the message's new state), and a cancel function
// that ends it. The feed never blocks the simulator; values queue until
// read.
func (s *Server) Subscribe() (<-chan Message, func()) { return s.msgFeed.subscribe() }
