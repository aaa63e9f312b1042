package bot

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
)

// A request Slack could not read, or a method it does not have, answers
// the same however often it is asked: the call gives up at once instead
// of retrying with backoff (and the scheduler after it).
func TestSlackRefusalsAreNotRetried(t *testing.T) {
	for _, code := range []string{"unknown_method", "invalid_form_data", "invalid_json"} {
		t.Run(code, func(t *testing.T) {
			sl := &Slack{Log: slog.New(slog.DiscardHandler), Metrics: metrics.New(), Wait: clock.NewFake(pacerStart)}
			attempts := 0
			done := make(chan error, 1)
			go func() {
				done <- sl.call(context.Background(), "conversations.open", func(context.Context) error {
					attempts++
					return slack.SlackErrorResponse{Err: code}
				})
			}()
			select {
			case err := <-done:
				var pe *PermanentError
				if !errors.As(err, &pe) || pe.Code != code {
					t.Errorf("call = %v; want a PermanentError %s", err, code)
				}
				if attempts != 1 {
					t.Errorf("%d attempts; want 1", attempts)
				}
			case <-time.After(5 * time.Second):
				// On the fake clock a retry waits for ever.
				t.Fatalf("%s was retried (%d attempts so far)", code, attempts)
			}
		})
	}
}

// users.info refusing the bot (no users:read scope, a revoked token) is
// not Slack saying the person does not exist: the answer must not tell
// an admin that a colleague is not in the workspace.
func TestProfileRefusedIsNotNoSuchUser(t *testing.T) {
	sim, sl := profileClient(t, slacksim.User{ID: "UREAL1", Name: "real", RealName: "Real Person", TZ: "Europe/Paris"})
	// On the fake clock a retry would wait for ever; the deadline ends it.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, code := range []string{"missing_scope", "invalid_auth", "token_revoked"} {
		sim.FailNext("users.info", 1, code, 0)
		_, err := sl.Profile(ctx, "UREAL1")
		if err == nil {
			t.Fatalf("%s: Profile succeeded", code)
		}
		if isUserError(err) || isUnknownUser(err) {
			t.Errorf("%s: Profile = %v, an answer for the person; want a failure on our side", code, err)
		}
	}
	if u, err := sl.Profile(ctx, "UREAL1"); err != nil || u.TZ != "Europe/Paris" {
		t.Errorf("Profile after the refusals = %+v, %v", u, err)
	}
	_, err := sl.Profile(ctx, "UNOSUCH")
	if !isUnknownUser(err) {
		t.Errorf("Profile of nobody = %v; want no such user", err)
	}
}

// profileClient is a Slack client of a simulator that has u, on a fake
// clock, with a fresh database for the profiles it fetches.
func profileClient(t *testing.T, u slacksim.User) (*slacksim.Server, *Slack) {
	t.Helper()
	clk := clock.NewFake(pacerStart)
	sim := slacksim.New(slacksim.Options{Clock: clk})
	t.Cleanup(sim.Close)
	sim.AddUser(u)
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"), store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	api := slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()))
	return sim, &Slack{API: api, DB: db, Log: slog.New(slog.DiscardHandler), Metrics: metrics.New(),
		Wait: clk, ProfileTTL: time.Hour, Now: clk.Now}
}

// Slack documents is_bot as false for Slackbot; the bot knows it by its ID,
// so that nobody pairs with it or names it as a manager.
func TestSlackbotIsABot(t *testing.T) {
	_, sl := profileClient(t, slacksim.User{ID: "USLACKBOT", Name: "slackbot", RealName: "Slackbot", TZ: "America/Los_Angeles"})
	u, err := sl.Profile(context.Background(), "USLACKBOT")
	if err != nil {
		t.Fatal(err)
	}
	if !u.IsBot {
		t.Errorf("Slackbot's profile = %+v; want IsBot", u)
	}
}

// views.open answering HTTP 429 with a Retry-After that ends while the
// trigger ID still lasts is waited out and made again, as Slack asks; one
// that would outlast the trigger is not.
func TestOpenViewWaitsOutAShortRateLimit(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		wantCalls  int
		wantErr    bool
	}{
		{"1", 2, false},
		{"30", 1, true},
	} {
		t.Run("Retry-After "+tc.retryAfter, func(t *testing.T) {
			var mu sync.Mutex
			calls := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				calls++
				n := calls
				mu.Unlock()
				w.Header().Set("Content-Type", "application/json")
				if n == 1 {
					w.Header().Set("Retry-After", tc.retryAfter)
					w.WriteHeader(http.StatusTooManyRequests)
					io.WriteString(w, `{"ok":false,"error":"ratelimited"}`)
					return
				}
				io.WriteString(w, `{"ok":true,"view":{"id":"V1","type":"modal"}}`)
			}))
			defer srv.Close()
			clk := clock.NewFake(pacerStart)
			sl := &Slack{API: slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/api/")), Log: slog.New(slog.DiscardHandler),
				Metrics: metrics.New(), Wait: clk}
			done := make(chan error, 1)
			go func() {
				done <- sl.OpenView(context.Background(), "trigger.1", slack.ModalViewRequest{Type: slack.VTModal, Title: plain("Test")})
			}()
			var err error
			limit := time.After(5 * time.Second)
		wait:
			for {
				select {
				case err = <-done:
					break wait
				case <-time.After(10 * time.Millisecond):
					clk.Advance(100 * time.Millisecond)
				case <-limit:
					t.Fatal("OpenView did not return")
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if (err != nil) != tc.wantErr {
				t.Errorf("OpenView = %v; want error %v", err, tc.wantErr)
			}
			if calls != tc.wantCalls {
				t.Errorf("%d calls of views.open; want %d", calls, tc.wantCalls)
			}
		})
	}
}

// A response_url Slack no longer takes (used 5 times, or past its 30
// minutes) answers HTTP 404 however often it is asked: the answer is
// given up at once, not posted again with backoff.
func TestRespondToAnExpiredURLIsNotRetried(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusGone, http.StatusBadRequest} {
		var mu sync.Mutex
		hits := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hits++
			mu.Unlock()
			http.Error(w, "expired_url", status)
		}))
		sl := &Slack{Log: slog.New(slog.DiscardHandler), Metrics: metrics.New(), Wait: clock.NewFake(pacerStart)}
		done := make(chan error, 1)
		go func() { done <- sl.Respond(context.Background(), srv.URL, &slack.WebhookMessage{Text: "hello"}) }()
		select {
		case err := <-done:
			var pe *PermanentError
			if !errors.As(err, &pe) {
				t.Errorf("HTTP %d: Respond = %v; want a PermanentError", status, err)
			}
		case <-time.After(5 * time.Second):
			// On the fake clock a retry waits for ever.
			t.Fatalf("HTTP %d: the post was retried", status)
		}
		mu.Lock()
		if hits != 1 {
			t.Errorf("HTTP %d: %d posts; want 1", status, hits)
		}
		mu.Unlock()
		srv.Close()
	}
}

// An upload URL on another host than the Web API's (a Slack stand-in that
// serves uploads on its own name) is used all the same: the bytes go to
// it without the bot token, which a signed upload URL does not take.
func TestUploadToAURLOnAnotherHost(t *testing.T) {
	sim, sl := profileClient(t, slacksim.User{ID: "UBOB", Name: "bob", TZ: "America/New_York"})
	// The API by the name localhost; the simulator's upload URLs say 127.0.0.1.
	sl.API = slack.New(sim.BotToken(), slack.OptionAPIURL(strings.Replace(sim.APIURL(), "127.0.0.1", "localhost", 1)))
	ctx := context.Background()
	ch, err := sl.DMChannel(ctx, "UBOB")
	if err != nil {
		t.Fatal(err)
	}
	id, err := sl.Upload(ctx, FileUpload{Channel: ch, Filename: "export.json", Title: "Your data", Content: []byte(`{"goals":[]}`)})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if f, ok := sim.File(id); !ok || string(f.Content) != `{"goals":[]}` {
		t.Errorf("the file Slack has: %+v, %v", f, ok)
	}
}

// The token's refusal is what /healthz reports until a call made with the
// token goes through: a post to a response_url, made without it, says
// nothing of it.
func TestTokenRefusedUntilACallWithItGoesThrough(t *testing.T) {
	sim, sl := profileClient(t, slacksim.User{ID: "UBOB", Name: "bob", RealName: "Bob Brown", TZ: "America/New_York"})
	ctx := context.Background()
	sim.FailNext("users.info", 1, "token_revoked", 0)
	if _, err := sl.Profile(ctx, "UBOB"); err == nil {
		t.Fatal("users.info went through")
	}
	if got := sl.TokenRefused(); got != "token_revoked" {
		t.Errorf("after token_revoked: TokenRefused() = %q", got)
	}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer hook.Close()
	if err := sl.Respond(ctx, hook.URL, &slack.WebhookMessage{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if got := sl.TokenRefused(); got != "token_revoked" {
		t.Errorf("after a response_url post: TokenRefused() = %q, want token_revoked still", got)
	}
	if _, err := sl.Profile(ctx, "UBOB"); err != nil {
		t.Fatal(err)
	}
	if got := sl.TokenRefused(); got != "" {
		t.Errorf("after users.info went through: TokenRefused() = %q", got)
	}
}

// An expired or wrong-kind token refuses the token too, though Slack's
// answer is retried (a rotated token may be mended meanwhile).
func TestTokenRefusalCodes(t *testing.T) {
	for code, want := range map[string]bool{"token_revoked": true, "token_expired": true, "not_allowed_token_type": true, "invalid_auth": true,
		"account_inactive": true, "not_authed": true, "channel_not_found": false, "missing_scope": false, "ratelimited": false} {
		if got := IsTokenRefusal(code); got != want {
			t.Errorf("IsTokenRefusal(%q) = %v, want %v", code, got, want)
		}
	}
}
