package slacksim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Slack lets a response_url be used "up to 5 times within 30 minutes".
const (
	responseURLUses = 5
	responseURLTTL  = 30 * time.Minute
)

type responseURL struct {
	id      string
	url     string
	user    string // who acted
	channel string
	// orig is the message replace_original and delete_original act on
	// (msgKey): the message clicked, or a command's first visible answer.
	orig    string
	created time.Time // Options.Clock
	uses    int
	what    string
}

func (s *Server) newResponseURLLocked(user, channel, orig, what string) *responseURL {
	n := s.newIDLocked()
	id := fmt.Sprintf("%s/%d/%016x", s.opts.TeamID, n, uint64(n)*0x9E3779B97F4A7C15)
	ru := &responseURL{id: id, url: s.base + "/response/" + id, user: user, channel: channel, orig: orig, created: s.clock.Now(), what: what}
	s.respURLs[id] = ru
	return ru
}

// handleResponseURL takes a POST to a response_url: a new message
// (ephemeral unless response_type is "in_channel"), or replace_original /
// delete_original of the message the URL belongs to.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/response/")
	raw, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	status, code, msgs := s.serveResponseURL(r.Method, id, raw)
	body := map[string]any{"ok": code == ""}
	if code != "" {
		body["error"] = code
		if len(msgs) > 0 {
			body["response_metadata"] = map[string]any{"messages": msgs}
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) serveResponseURL(method, id string, raw []byte) (status int, code string, msgs []string) {
	vals, jsonErr := valuesFromJSON(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	ru := s.respURLs[id]
	what := "response_url"
	if ru != nil {
		what = "response_url of " + ru.what
	}
	defer func() {
		s.calls = append(s.calls, Call{Method: "response_url", At: s.clock.Now(), Status: status, Error: code, Params: url.Values(vals), Body: raw})
		if code != "" {
			s.failLocked("%s: %s %s", what, code, strings.Join(msgs, "; "))
		}
	}()
	switch {
	case method != http.MethodPost:
		return http.StatusMethodNotAllowed, "method_not_allowed", nil
	case ru == nil:
		return http.StatusNotFound, "no_service", nil
	case s.clock.Now().Sub(ru.created) > responseURLTTL:
		return http.StatusNotFound, "expired_url", []string{"[ERROR] response_url used more than 30 minutes after it was issued"}
	case ru.uses >= responseURLUses:
		return http.StatusNotFound, "used_url", []string{fmt.Sprintf("[ERROR] response_url already used %d times", responseURLUses)}
	case jsonErr != nil:
		return http.StatusBadRequest, "invalid_payload", []string{"[ERROR] body must be a JSON object: " + jsonErr.Error()}
	}
	ru.uses++
	c, bad := parseContent(url.Values(vals))
	if bad != nil {
		return http.StatusOK, bad.err, bad.messages
	}
	orig := s.msgIndex[ru.orig]
	if orig != nil && orig.Deleted {
		orig = nil
	}
	switch {
	case c.deleteOriginal:
		if orig != nil {
			prev := s.echoPrevLocked(orig)
			orig.Deleted = true
			s.changedLocked(orig)
			s.echoDeletedLocked(orig, prev)
		}
		return http.StatusOK, "", nil
	case c.empty():
		return http.StatusOK, "no_text", nil
	case c.replaceOriginal && orig != nil:
		prev := s.echoPrevLocked(orig)
		fillIDs(c.blocks, s.genIDLocked)
		orig.Text, orig.Blocks = c.text, marshalBlocks(c.blocks)
		if c.metadata != nil {
			orig.Metadata = c.metadata
		}
		orig.Updated, orig.ReplaceOriginal, orig.Via = true, true, "response_url"
		s.changedLocked(orig)
		s.echoChangedLocked(orig, prev)
		return http.StatusOK, "", nil
	}
	ch := s.channelLocked(ru.channel)
	st := s.postResponseLocked(c, ru.user, ch, "response_url")
	if ru.orig == "" {
		ru.orig = msgKey(st.Channel, st.TS)
	}
	return http.StatusOK, "", nil
}
