package slacksim_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// postForm calls a Web API method with form arguments and returns its
// decoded answer.
func postForm(t *testing.T, sim *slacksim.Server, method string, args url.Values) map[string]any {
	t.Helper()
	resp, err := http.PostForm(sim.APIURL()+method, args)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := decodeBody(resp, &body); err != nil {
		t.Fatal(err)
	}
	return body
}

func TestUploadFlowSharesAFileInTheDM(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	ctx := ctxT(t)
	api := newAPI(sim)
	content := []byte(`{"goals":["Speak at <GopherCon> & shine"]}` + "\n")

	// slack-go's own three steps: a multipart POST to the upload URL.
	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename: "data.json", FileSize: len(content), Reader: bytes.NewReader(content),
		Title: "Your data", InitialComment: "Here is *your data*.", Channel: sim.IMChannel("U1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	files := sim.FilesTo("U1")
	if len(files) != 1 {
		t.Fatalf("files in U1's DM = %+v", files)
	}
	f := files[0]
	if f.ID != sum.ID || f.Name != "data.json" || f.Title != "Your data" || !bytes.Equal(f.Content, content) ||
		!f.Uploaded || !f.Completed || len(f.Channels) != 1 || f.Channels[0] != "DU1" {
		t.Errorf("file = %+v", f)
	}
	if got := sim.FilesTo("U2"); len(got) != 0 {
		t.Errorf("U2 sees files %+v", got)
	}
	msgs := sim.MessagesTo("U1")
	if len(msgs) != 1 || msgs[0].Text != "Here is *your data*." || msgs[0].Via != "files.completeUploadExternal" ||
		len(msgs[0].Files) != 1 || msgs[0].Files[0].ID != f.ID {
		t.Fatalf("messages = %+v", msgs)
	}
	// The share is in the DM's history, with the file.
	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "DU1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 1 || len(h.Messages[0].Files) != 1 || h.Messages[0].Files[0].Name != "data.json" ||
		h.Messages[0].Files[0].Size != len(content) {
		t.Errorf("history = %+v", h.Messages)
	}
	for _, m := range []string{"files.getUploadURLExternal", slacksim.MethodUploadURL, "files.completeUploadExternal"} {
		if n := len(sim.CallsTo(m)); n != 1 {
			t.Errorf("%d calls to %s, want 1", n, m)
		}
	}
	noFailures(t, sim)
}

func TestUploadURLTakesRawBytes(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	ctx := ctxT(t)
	api := newAPI(sim)
	content := []byte("figure,value\npairs,3\n")
	u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "report.csv", FileSize: len(content)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.UploadURL, sim.URL()+"/upload/") || u.FileID == "" {
		t.Fatalf("upload url %q, file %q", u.UploadURL, u.FileID)
	}
	resp, err := http.Post(u.UploadURL, "text/csv", bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "OK - 21" {
		t.Fatalf("upload answered %d %q", resp.StatusCode, body)
	}
	// Shared by user ID through channels: the user's DM with the bot.
	if _, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
		Files: []slack.FileSummary{{ID: u.FileID}}, Channels: []string{"U2"}}); err != nil {
		t.Fatal(err)
	}
	got := sim.FilesTo("U2")
	if len(got) != 1 || string(got[0].Content) != string(content) || got[0].Title != "report.csv" {
		t.Errorf("files to U2 = %+v", got)
	}
	noFailures(t, sim)
}

func TestGetUploadURLExternalErrors(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	tok := sim.BotToken()
	for _, tc := range []struct {
		name string
		args url.Values
		want string
	}{
		{"no token", url.Values{"filename": {"a.txt"}, "length": {"3"}}, "not_authed"},
		{"wrong token", url.Values{"token": {"xoxb-nope"}, "filename": {"a.txt"}, "length": {"3"}}, "invalid_auth"},
		{"app token", url.Values{"token": {sim.AppToken()}, "filename": {"a.txt"}, "length": {"3"}}, "not_allowed_token_type"},
		{"no filename", url.Values{"token": {tok}, "length": {"3"}}, "invalid_arguments"},
		{"no length", url.Values{"token": {tok}, "filename": {"a.txt"}}, "invalid_arguments"},
		{"length not a number", url.Values{"token": {tok}, "filename": {"a.txt"}, "length": {"three"}}, "invalid_arguments"},
		{"length 0", url.Values{"token": {tok}, "filename": {"a.txt"}, "length": {"0"}}, "missing_argument"},
		{"alt text too long", url.Values{"token": {tok}, "filename": {"a.png"}, "length": {"3"}, "alt_txt": {strings.Repeat("a", 1001)}}, "alt_txt_too_large"},
		{"snippet too large", url.Values{"token": {tok}, "filename": {"a.go"}, "length": {"1048577"}, "snippet_type": {"go"}}, "snippet_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := postForm(t, sim, "files.getUploadURLExternal", tc.args)
			if body["ok"] != false || body["error"] != tc.want {
				t.Errorf("answer = %v, want error %s", body, tc.want)
			}
		})
	}
	if len(sim.Files()) != 0 {
		t.Errorf("a failed call reserved a file: %+v", sim.Files())
	}
}

func TestCompleteUploadExternalErrors(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	ctx := ctxT(t)
	api := newAPI(sim)
	reserve := func(t *testing.T) *slack.GetUploadURLExternalResponse {
		t.Helper()
		u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.txt", FileSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	upload := func(t *testing.T, u *slack.GetUploadURLExternalResponse) {
		t.Helper()
		if err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Filename: "a.txt", Content: "abc"}); err != nil {
			t.Fatal(err)
		}
	}
	complete := func(id, channel string) error {
		_, err := api.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: id}}, Channel: channel})
		return err
	}
	wantErr := func(t *testing.T, err error, code string) {
		t.Helper()
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) || se.Err != code {
			t.Errorf("err = %v, want %s", err, code)
		}
	}

	t.Run("unknown file", func(t *testing.T) { wantErr(t, complete("F0NOPE", "DU1"), "file_not_found") })
	t.Run("nothing uploaded", func(t *testing.T) { wantErr(t, complete(reserve(t).FileID, "DU1"), "file_not_found") })
	t.Run("unknown channel", func(t *testing.T) {
		u := reserve(t)
		upload(t, u)
		wantErr(t, complete(u.FileID, "C0NOPE"), "channel_not_found")
		if f, _ := sim.File(u.FileID); f.Completed {
			t.Error("a refused completion completed the file")
		}
	})
	t.Run("no files", func(t *testing.T) {
		body := postForm(t, sim, "files.completeUploadExternal", url.Values{"token": {sim.BotToken()}, "channel_id": {"DU1"}})
		if body["error"] != "invalid_arguments" {
			t.Errorf("answer = %v", body)
		}
	})
	t.Run("only once", func(t *testing.T) {
		u := reserve(t)
		upload(t, u)
		if err := complete(u.FileID, "DU1"); err != nil {
			t.Fatal(err)
		}
		wantErr(t, complete(u.FileID, "DU1"), "file_not_found")
		if n := len(sim.FilesTo("U1")); n != 1 {
			t.Errorf("%d files shared, want 1", n)
		}
	})
	t.Run("without a channel the file stays private", func(t *testing.T) {
		u := reserve(t)
		upload(t, u)
		before := len(sim.Messages())
		if err := complete(u.FileID, ""); err != nil {
			t.Fatal(err)
		}
		if f, _ := sim.File(u.FileID); !f.Completed || len(f.Channels) != 0 || len(sim.Messages()) != before {
			t.Errorf("private file = %+v, messages %d -> %d", f, before, len(sim.Messages()))
		}
	})
	if f := sim.Failures(); len(f) == 0 {
		t.Error("refused completions were not flagged as failures")
	}
}

func TestUploadURLRefusals(t *testing.T) {
	sim := newSim(t, slacksim.Options{})
	ctx := ctxT(t)
	api := newAPI(sim)
	u, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.txt", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	status := func(method, target string, body io.Reader) int {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, method, target, body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(http.MethodPost, sim.URL()+"/upload/v1/nope", strings.NewReader("abc")); got != http.StatusNotFound {
		t.Errorf("unknown upload URL: %d", got)
	}
	if got := status(http.MethodGet, u.UploadURL, nil); got != http.StatusMethodNotAllowed {
		t.Errorf("GET upload URL: %d", got)
	}
	// An injected 429 reaches slack-go as a RateLimitedError; the next
	// POST goes through.
	sim.RateLimitNext(slacksim.MethodUploadURL, 1, 2*time.Second)
	err = api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Filename: "a.txt", Content: "abc"})
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("err = %v, want a 2s RateLimitedError", err)
	}
	if f, _ := sim.File(u.FileID); f.Uploaded {
		t.Error("a rate-limited upload was kept")
	}
	// A length other than the announced one is kept but flagged.
	if err := api.UploadToURL(ctx, slack.UploadToURLParameters{UploadURL: u.UploadURL, Filename: "a.txt", Content: "abcd"}); err != nil {
		t.Fatal(err)
	}
	if f, _ := sim.File(u.FileID); !f.Uploaded || string(f.Content) != "abcd" {
		t.Errorf("file = %+v", f)
	}
	fs := sim.Failures()
	if len(fs) != 3 || !strings.Contains(fs[2], "announced 3 bytes and sent 4") {
		t.Errorf("failures = %q", fs)
	}
}

func TestFileMethodsAreRateLimitedAsTier4(t *testing.T) {
	// On a fake clock, so that the bucket does not refill during the burst.
	sim := newSim(t, slacksim.Options{RateLimits: true, Clock: clock.NewFake(time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC))})
	ctx := ctxT(t)
	api := newAPI(sim)
	var limited error
	for i := range 101 {
		_, err := api.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: "a.txt", FileSize: 3})
		if err != nil {
			limited = err
			if i < 100 {
				t.Fatalf("call %d limited: %v", i+1, err)
			}
		}
	}
	var rl *slack.RateLimitedError
	if !errors.As(limited, &rl) {
		t.Errorf("the 101st call in a burst = %v, want rate limited", limited)
	}
}
