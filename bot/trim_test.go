package bot

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

type cannedTransport string

func (c cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Length": {"999"}},
		Body: io.NopCloser(strings.NewReader(string(c))), Request: req}, nil
}

func TestTrimAnswersKeepsWhatTheBotReads(t *testing.T) {
	const full = `{"ok":true,"channel":"D1","ts":"1.000100","message":{"type":"message","text":"hi","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"hi"}}]}}`
	get := func(path, answer string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, "http://slack.test/api/"+path, nil)
		resp, err := TrimAnswers(cannedTransport(answer)).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		if echoesMessage(req.URL.Path) && resp.ContentLength != int64(len(b)) {
			t.Errorf("%s: ContentLength %d for %d bytes", path, resp.ContentLength, len(b))
		}
		return string(b)
	}
	if got := get("chat.postMessage", full); got != `{"ok":true,"channel":"D1","ts":"1.000100"}` {
		t.Errorf("chat.postMessage answer trimmed to %s", got)
	}
	const refused = `{"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] bad"]}}`
	if got := get("chat.update", refused); got != refused {
		t.Errorf("a refusal became %s", got)
	}
	if got := get("conversations.history", full); got != full {
		t.Errorf("another method's answer was changed: %s", got)
	}
}
