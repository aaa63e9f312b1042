package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/metrics"
	"github.com/mentorbot/mentorbot/store"
)

// Slack wraps slack-go's client with what every call needs: it waits out
// HTTP 429 for as long as Retry-After says, retries transient failures with
// backoff, counts errors for /metrics, and keeps the profile and DM channel
// caches in the store. Both the Bot and the Notifier use one.
type Slack struct {
	API     *slack.Client
	DB      *store.DB
	Log     *slog.Logger
	Metrics *metrics.Registry
	// Wait is the clock for network waits (Retry-After, backoff). These are
	// about Slack's wall clock, so it is the real clock even when the
	// programme runs on a virtual one; tests may shorten it.
	Wait clock.Clock
	// ProfileTTL is how long a users.info answer is trusted.
	ProfileTTL time.Duration
	// Now is the programme clock, for cache expiry.
	Now func() time.Time
	// Limits, when set, paces calls (on Wait) so that they keep to
	// Slack's rate limits instead of finding them by HTTP 429s; nil only
	// waits out the 429s.
	Limits *Limits

	pacerOnce sync.Once
	pacer     *pacer
}

// PermanentError marks a Slack failure that retrying will not fix (user
// deactivated, channel gone); the dispatcher records it and moves on.
type PermanentError struct{ Code string }

func (e *PermanentError) Error() string { return "slack: " + e.Code }

var permanentCodes = []string{
	"user_not_found", "users_not_found", "channel_not_found", "account_inactive", "user_disabled",
	"is_archived", "not_in_channel", "cannot_dm_bot", "invalid_blocks", "invalid_blocks_format",
	"msg_too_long", "no_text", "invalid_auth", "not_authed", "token_revoked", "missing_scope",
	"messages_tab_disabled", "restricted_action", "invalid_metadata_format", "invalid_arguments",
	"expired_trigger_id", "invalid_trigger_id", "not_found", "hash_conflict", "view_too_large",
}

const maxAttempts = 5

// call runs fn, retrying what Slack asks us to retry. method names the Web
// API method for logs, metrics and pacing.
func (s *Slack) call(ctx context.Context, method string, fn func(context.Context) error) error {
	return s.callTo(ctx, method, "", fn)
}

// paced returns the pacer, nil when Limits is nil.
func (s *Slack) paced() *pacer {
	s.pacerOnce.Do(func() {
		if s.Limits != nil {
			s.pacer = newPacer(s.Limits, s.Wait)
		}
	})
	return s.pacer
}

// PostRate is how many DMs a second the client sends at most, sustained
// (chat.postMessage's workspace-wide limit as Limits has it); 0 when it
// does not pace itself. The dispatcher plans bursts by it.
func (s *Slack) PostRate() float64 { return s.paced().rate(postMethod) }

// callTo is call for a method limited per channel as well
// (chat.postMessage): channel is the conversation it goes to.
func (s *Slack) callTo(ctx context.Context, method, channel string, fn func(context.Context) error) error {
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if err := s.paced().wait(ctx, method, channel); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		err := fn(ctx)
		if err == nil {
			s.paced().done(method, channel)
			return nil
		}
		var rl *slack.RateLimitedError
		var se slack.SlackErrorResponse
		switch {
		case errors.As(err, &rl):
			s.Metrics.Add("mentorbot_slack_api_errors_total", "Slack Web API errors by method and error.", 1, "method", method, "error", "ratelimited")
			wait := rl.RetryAfter
			if wait <= 0 {
				wait = time.Second
			}
			s.Log.Warn("slack rate limited; waiting", "method", method, "retry_after", wait, "attempt", attempt)
			if attempt >= maxAttempts*2 {
				return fmt.Errorf("%s: still rate limited after %d attempts: %w", method, attempt, err)
			}
			if p := s.paced(); p != nil {
				// The pacer holds this and every other call of the method
				// back until Retry-After has passed.
				p.throttled(method, channel, wait)
				continue
			}
			if err := clock.Sleep(ctx, s.Wait, wait); err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
			continue
		case errors.As(err, &se) && slices.Contains(permanentCodes, se.Err):
			s.Metrics.Add("mentorbot_slack_api_errors_total", "Slack Web API errors by method and error.", 1, "method", method, "error", se.Err)
			return fmt.Errorf("%s: %w", method, &PermanentError{Code: se.Err})
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", method, ctx.Err())
		}
		code := "transient"
		if errors.As(err, &se) {
			code = se.Err
		}
		var ne net.Error
		if errors.As(err, &ne) {
			code = "network"
		}
		s.Metrics.Add("mentorbot_slack_api_errors_total", "Slack Web API errors by method and error.", 1, "method", method, "error", code)
		if attempt >= maxAttempts {
			return fmt.Errorf("%s after %d attempts: %w", method, attempt, err)
		}
		s.Log.Warn("slack call failed; retrying", "method", method, "err", err, "attempt", attempt, "backoff", backoff)
		if err := clock.Sleep(ctx, s.Wait, backoff); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		backoff *= 2
	}
}

// Profile returns a user's cached profile, asking users.info when the cache
// is empty or stale. When Slack cannot be reached, a stale profile is better
// than none.
func (s *Slack) Profile(ctx context.Context, id string) (store.User, error) {
	u, err := s.DB.User(ctx, id)
	if err != nil && store.ErrorCode(err) != store.ENotFound {
		return store.User{}, err
	}
	if err == nil && !u.FetchedAt.IsZero() && s.Now().Sub(u.FetchedAt) < s.ProfileTTL {
		return u, nil
	}
	var info *slack.User
	callErr := s.call(ctx, "users.info", func(ctx context.Context) error {
		var err error
		info, err = s.API.GetUserInfoContext(ctx, id)
		return err
	})
	if callErr != nil {
		var pe *PermanentError
		if errors.As(callErr, &pe) {
			return store.User{}, store.Errorf(store.EInvalid, "I can't find <@%s> in this workspace.", id)
		}
		if !u.FetchedAt.IsZero() {
			s.Log.Warn("users.info failed; using the cached profile", "user", id, "err", callErr)
			return u, nil
		}
		return store.User{}, fmt.Errorf("load profile %s: %w", id, callErr)
	}
	p := store.Profile{ID: id, Name: info.Name, RealName: info.RealName, TZ: info.TZ,
		IsAdmin: info.IsAdmin || info.IsOwner || info.IsPrimaryOwner, Deleted: info.Deleted, IsBot: info.IsBot}
	if err := s.DB.SaveProfile(ctx, p); err != nil {
		return store.User{}, err
	}
	return s.DB.User(ctx, id)
}

// DMChannel returns the IM channel between the bot and a user, opening it
// once and remembering it.
func (s *Slack) DMChannel(ctx context.Context, id string) (string, error) {
	if u, err := s.DB.User(ctx, id); err == nil && u.DMChannel != "" {
		return u.DMChannel, nil
	}
	var ch *slack.Channel
	err := s.call(ctx, "conversations.open", func(ctx context.Context) error {
		var err error
		ch, _, _, err = s.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{id}})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open dm with %s: %w", id, err)
	}
	if err := s.DB.SetDMChannel(ctx, id, ch.ID); err != nil {
		return "", err
	}
	return ch.ID, nil
}

// Post sends a message to a channel and returns its ts.
func (s *Slack) Post(ctx context.Context, channel string, opts ...slack.MsgOption) (string, error) {
	_, ts, err := s.post(ctx, channel, opts...)
	return ts, err
}

// post sends a message and returns the channel Slack put it in (a user's
// IM, when channel is their user ID) and its ts.
func (s *Slack) post(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	var ch, ts string
	err := s.callTo(ctx, postMethod, channel, func(ctx context.Context) error {
		var err error
		ch, ts, err = s.API.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ch, ts, err
}

// PostDM sends a message to a user's DM with the bot and returns the DM's
// channel and the message's ts. A DM channel not yet known is not opened
// first: chat.postMessage to the user's ID opens it ("provide the user's
// user ID as the channel value and a direct message conversation will be
// opened, if it hasn't already", Slack's chat.postMessage page), and the
// channel it answers with is remembered. So a fan-out to people never
// messaged before is not held to conversations.open's Tier 3 (50 a
// minute).
func (s *Slack) PostDM(ctx context.Context, user string, opts ...slack.MsgOption) (string, string, error) {
	u, err := s.DB.User(ctx, user)
	if err == nil && u.DMChannel != "" {
		ts, err := s.Post(ctx, u.DMChannel, opts...)
		return u.DMChannel, ts, err
	}
	ch, ts, err := s.post(ctx, user, opts...)
	if err != nil {
		return "", "", err
	}
	if ch != "" {
		if err := s.DB.SetDMChannel(ctx, user, ch); err != nil {
			s.Log.Warn("remember dm channel", "user", user, "err", err)
		}
	}
	return ch, ts, nil
}

// PostEphemeral shows a message to one user in a channel.
func (s *Slack) PostEphemeral(ctx context.Context, channel, user string, opts ...slack.MsgOption) error {
	return s.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := s.API.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// Respond posts to an interaction's or a command's response_url.
func (s *Slack) Respond(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	return s.call(ctx, "response_url", func(ctx context.Context) error {
		return slack.PostWebhookContext(ctx, url, msg)
	})
}

// OpenView opens a modal; trigger IDs last 3 s, so it is never retried
// after a wait.
func (s *Slack) OpenView(ctx context.Context, trigger string, v slack.ModalViewRequest) error {
	_, err := s.API.OpenViewContext(ctx, trigger, v)
	if err != nil {
		s.Metrics.Add("mentorbot_slack_api_errors_total", "Slack Web API errors by method and error.", 1, "method", "views.open", "error", errCode(err))
		return fmt.Errorf("views.open: %w", err)
	}
	return nil
}

// PublishHome publishes a user's App Home tab.
func (s *Slack) PublishHome(ctx context.Context, user string, v slack.HomeTabViewRequest) error {
	return s.call(ctx, "views.publish", func(ctx context.Context) error {
		_, err := s.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: v})
		return err
	})
}

func errCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return "error"
}
