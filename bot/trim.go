package bot

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
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
