package slacksim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Slack's file upload flow, as documented for files.getUploadURLExternal
// and files.completeUploadExternal:
//
//  1. files.getUploadURLExternal(filename, length) answers an upload_url
//     and a file_id;
//  2. the app POSTs the bytes to upload_url, raw or multipart-encoded, and
//     gets HTTP 200;
//  3. files.completeUploadExternal(files=[{id,title}], channel_id,
//     initial_comment) finishes the upload, once, and shares the files in
//     the channel as one message; without a channel the file stays private.
//
// The simulator serves upload URLs on its own listener, under /upload/, so
// that slack-go, which sends the bot token with the bytes, accepts them (it
// sends a token only to Slack's https hosts or to the API URL's host).

// MethodUploadURL names POSTs to an upload URL in Calls, FailNext and
// RateLimitNext, as "response_url" does for response URLs.
const MethodUploadURL = "upload_url"

// Limits of the simulated upload flow.
const (
	// maxUploadBytes bounds what an upload URL takes; Slack's own limit
	// is 1 GB, far beyond anything mentorbot sends.
	maxUploadBytes = 32 << 20
	// maxFileAltText is alt_txt's documented limit (alt_txt_too_large).
	maxFileAltText = 1000
	// maxSnippetBytes: snippets "are limited to 1MB" (snippet_too_large).
	maxSnippetBytes = 1 << 20
	// maxShareChannels: "A maximum of 100 channels is allowed per request"
	// (channels_limit_exceeded).
	maxShareChannels = 100
)

// File is a file an app uploaded, in its current state.
type File struct {
	ID string
	// Name is the filename given to files.getUploadURLExternal.
	Name string
	// Title is the title given to files.completeUploadExternal; Name when
	// it gave none.
	Title string
	// Length is the size announced to files.getUploadURLExternal.
	Length      int
	AltText     string
	SnippetType string
	// Content is what was POSTed to the upload URL; nil before that.
	Content []byte
	// Uploaded: the bytes arrived. Completed: files.completeUploadExternal
	// finished the upload.
	Uploaded, Completed bool
	// Channels are the conversations the file was shared in, in order.
	Channels []string
	Created  time.Time // Options.Clock
}

// clone copies f so that callers cannot change the simulator's state.
func (f File) clone() File {
	f.Content = bytes.Clone(f.Content)
	f.Channels = slices.Clone(f.Channels)
	return f
}

// fileStore holds the uploads; the zero value is empty and ready. Guarded
// by Server.mu.
type fileStore struct {
	byID     map[string]*File
	byTicket map[string]string // upload URL ticket -> file ID
	order    []string          // file IDs in the order they were created
}

func (fs *fileStore) add(f *File, ticket string) {
	if fs.byID == nil {
		fs.byID, fs.byTicket = map[string]*File{}, map[string]string{}
	}
	fs.byID[f.ID] = f
	fs.byTicket[ticket] = f.ID
	fs.order = append(fs.order, f.ID)
}

// apiGetUploadURLExternal reserves a file and hands out the URL its bytes
// go to.
func (s *Server) apiGetUploadURLExternal(req *apiRequest) result {
	p := req.params
	name, rawLen := strings.TrimSpace(p.Get("filename")), strings.TrimSpace(p.Get("length"))
	var missing []string
	if name == "" {
		missing = append(missing, "[ERROR] missing required field: filename")
	}
	if rawLen == "" {
		missing = append(missing, "[ERROR] missing required field: length")
	}
	if len(missing) > 0 {
		return fail("invalid_arguments", missing...)
	}
	n, err := strconv.Atoi(rawLen)
	switch {
	case err != nil || n < 0:
		return fail("invalid_arguments", fmt.Sprintf("[ERROR] length must be a whole number of bytes, got %q", rawLen))
	case n == 0:
		// Documented: "Typically only occurs when the length provided is 0."
		return fail("missing_argument", "[ERROR] length must be more than 0")
	case n > maxUploadBytes:
		return fail("file_upload_size_restricted", fmt.Sprintf("[ERROR] slacksim takes files of at most %d bytes", maxUploadBytes))
	}
	alt, snippet := p.Get("alt_txt"), p.Get("snippet_type")
	if runes(alt) > maxFileAltText {
		return fail("alt_txt_too_large", fmt.Sprintf("[ERROR] alt_txt must be at most %d characters", maxFileAltText))
	}
	if snippet != "" && n > maxSnippetBytes {
		return fail("snippet_too_large", "[ERROR] snippets are limited to 1MB")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.newIDLocked()
	f := &File{ID: fmt.Sprintf("F0SIM%06d", seq), Name: name, Length: n, AltText: alt, SnippetType: snippet, Created: s.clock.Now()}
	ticket := fmt.Sprintf("%s-%016x", f.ID, uint64(seq)*0x9E3779B97F4A7C15)
	s.files.add(f, ticket)
	return ok(map[string]any{"upload_url": s.base + "/upload/v1/" + ticket, "file_id": f.ID})
}

// handleUpload takes the bytes of a file at its upload URL. Slack documents
// only "HTTP 200 if the upload is successful"; the simulator answers 200
// with "OK - <bytes>", 404 for an unknown URL and 405 for other methods.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	ticket := strings.TrimPrefix(r.URL.Path, "/upload/v1/")
	content, readErr := readUpload(r)
	status, body, retryAfter := s.serveUpload(r.Method, ticket, content, readErr)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if retryAfter >= 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func (s *Server) serveUpload(method, ticket string, content []byte, readErr error) (status int, body string, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	retryAfter = -1
	params := url.Values{"bytes": {strconv.Itoa(len(content))}}
	flag := ""
	defer func() {
		s.calls = append(s.calls, Call{Method: MethodUploadURL, At: s.clock.Now(), Status: status, Error: flag, Params: params})
		if flag != "" {
			s.failLocked("%s: %s", MethodUploadURL, body)
		}
	}()
	id, known := s.files.byTicket[ticket]
	if known {
		params.Set("file_id", id)
	}
	if f, faulted := s.takeFaultLocked(MethodUploadURL); faulted {
		if f.rateLimit {
			retryAfter = retryAfterSeconds(f.retryAfter)
		}
		return f.status, f.slackError, retryAfter
	}
	switch {
	case method != http.MethodPost:
		flag = "method_not_allowed"
		return http.StatusMethodNotAllowed, "upload URLs take POST, not " + method, -1
	case !known:
		flag = "not_found"
		return http.StatusNotFound, "no upload URL " + ticket, -1
	case readErr != nil:
		flag = "invalid_body"
		return http.StatusBadRequest, "unreadable upload: " + readErr.Error(), -1
	}
	f := s.files.byID[id]
	if f.Completed {
		flag = "already_completed"
		return http.StatusBadRequest, "the upload of " + id + " was already completed", -1
	}
	if len(content) != f.Length {
		// Slack does not document this case; a bot that announces one
		// length and sends another has a bug, so it is flagged but kept.
		s.failLocked("%s: %s announced %d bytes and sent %d", MethodUploadURL, id, f.Length, len(content))
	}
	f.Content, f.Uploaded = content, true
	s.notifyLocked()
	return http.StatusOK, "OK - " + strconv.Itoa(len(content)), -1
}

// readUpload reads an upload body: multipart form data, whose first file
// part (or else a part named "file") holds the bytes, as slack-go and curl
// -F send it, or else the raw bytes.
func readUpload(r *http.Request) ([]byte, error) {
	body := io.LimitReader(r.Body, maxUploadBytes+1)
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ctype != "multipart/form-data" {
		raw, err := io.ReadAll(body)
		if err == nil && len(raw) > maxUploadBytes {
			err = fmt.Errorf("more than %d bytes", maxUploadBytes)
		}
		return raw, err
	}
	mr := multipart.NewReader(body, params["boundary"])
	var named []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, err
		}
		if part.FileName() != "" {
			return data, nil
		}
		if part.FormName() == "file" {
			named = data
		}
	}
	if named == nil {
		return nil, errors.New("multipart body without a file part")
	}
	return named, nil
}

// apiCompleteUploadExternal finishes uploads and shares them in a channel
// as one message whose text is initial_comment (or whose blocks are
// blocks, when there is no comment).
func (s *Server) apiCompleteUploadExternal(req *apiRequest) result {
	p := req.params
	raw := strings.TrimSpace(p.Get("files"))
	if raw == "" {
		return fail("invalid_arguments", "[ERROR] missing required field: files")
	}
	var items []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(raw), &items); err != nil || len(items) == 0 {
		return fail("invalid_arguments", "[ERROR] files must be a JSON array of {\"id\",\"title\"} objects")
	}
	for i, it := range items {
		if it.ID == "" {
			return fail("invalid_arguments", fmt.Sprintf("[ERROR] missing required field: id [json-pointer:/files/%d/id]", i))
		}
	}
	comment := p.Get("initial_comment")
	var blocks []any
	if raw := strings.TrimSpace(p.Get("blocks")); raw != "" && raw != "null" && comment == "" {
		// "If the initial_comment field is provided, the blocks field is
		// ignored."
		var err error
		if blocks, err = parseBlocks(raw); err != nil {
			return fail("invalid_blocks", "[ERROR] blocks must be a JSON array: "+err.Error())
		}
		if errs := checkBlocks(blocks, surfMessage, "/blocks"); len(errs) > 0 {
			return fail("invalid_blocks", errs...)
		}
	}
	if runes(comment) > maxMessageText {
		return fail("msg_too_long", fmt.Sprintf("[ERROR] initial_comment must be at most %d characters", maxMessageText))
	}
	threadTS := p.Get("thread_ts")

	s.mu.Lock()
	defer s.mu.Unlock()
	var targets []*channel
	if id := p.Get("channel_id"); id != "" {
		ch := s.channelLocked(id)
		if ch == nil {
			return fail("channel_not_found")
		}
		targets = append(targets, ch)
	} else if list := p.Get("channels"); list != "" {
		ids := strings.Split(list, ",")
		if len(ids) > maxShareChannels {
			return fail("channels_limit_exceeded")
		}
		for _, id := range ids {
			ch := s.resolveChannelLocked(strings.TrimSpace(id))
			if ch == nil {
				return fail("invalid_channel", "[ERROR] no channel "+strings.TrimSpace(id))
			}
			targets = append(targets, ch)
		}
	}
	if threadTS != "" && len(targets) > 1 {
		return fail("invalid_arguments", "[ERROR] thread_ts needs exactly one channel")
	}
	var files []*File
	for _, it := range items {
		f := s.files.byID[it.ID]
		switch {
		case f == nil:
			return fail("file_not_found", "[ERROR] no upload "+it.ID)
		case !f.Uploaded:
			return fail("file_not_found", "[ERROR] nothing was uploaded to the upload URL of "+it.ID)
		case f.Completed:
			// "This method can only be called once." Slack names no error
			// for a second call; the simulator answers as for a ticket it
			// no longer has.
			return fail("file_not_found", "[ERROR] the upload of "+it.ID+" was already completed")
		}
		files = append(files, f)
	}
	out := make([]any, 0, len(files))
	for i, f := range files {
		f.Title = items[i].Title
		if f.Title == "" {
			f.Title = f.Name
		}
		f.Completed = true
		for _, ch := range targets {
			f.Channels = append(f.Channels, ch.ID)
		}
		out = append(out, map[string]any{"id": f.ID, "title": f.Title, "name": f.Name, "size": len(f.Content)})
	}
	if len(targets) > 0 {
		fillIDs(blocks, s.genIDLocked)
	}
	for _, ch := range targets {
		shared := make([]File, len(files))
		for i, f := range files {
			shared[i] = f.clone()
		}
		s.recordLocked(&stored{author: s.opts.BotUserID, Message: Message{
			Channel:   ch.ID,
			TS:        s.newTSLocked(),
			ThreadTS:  threadTS,
			User:      ch.User,
			InChannel: !ch.IM,
			Via:       "files.completeUploadExternal",
			Text:      comment,
			Blocks:    marshalBlocks(blocks),
			Files:     shared,
		}})
	}
	s.notifyLocked()
	return ok(map[string]any{"files": out})
}

// fileJSON is a shared file as conversations.history shows it (the fields
// a bot may read; Slack sends many more).
func fileJSON(f File) map[string]any {
	return map[string]any{"id": f.ID, "name": f.Name, "title": f.Title, "size": len(f.Content), "created": f.Created.Unix(), "mode": "hosted"}
}

// Files lists every file an app started uploading, in order, in its
// current state (uploaded, completed and shared or not).
func (s *Server) Files() []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]File, 0, len(s.files.order))
	for _, id := range s.files.order {
		out = append(out, s.files.byID[id].clone())
	}
	return out
}

// File returns the file with that ID.
func (s *Server) File(id string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files.byID[id]
	if !ok {
		return File{}, false
	}
	return f.clone(), true
}

// FilesTo lists the files shared in the user's DM with the bot, in the
// order they were shared (a file shared twice there appears twice). The
// message that shared each one, with the initial_comment as its Text, is
// among MessagesTo(userID), with the file in Message.Files.
func (s *Server) FilesTo(userID string) []File {
	im := s.IMChannel(userID)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, st := range s.msgs {
		if st.Channel != im || st.Deleted || st.Ephemeral {
			continue
		}
		for _, f := range st.Files {
			out = append(out, f.clone())
		}
	}
	return out
}
