package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
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
	// HTTP posts to response_urls (the Web API goes through API's own
	// client); nil means http.DefaultClient, which has no timeout.
	HTTP *http.Client
	// Limits, when set, paces calls (on Wait) so that they keep to
	// Slack's rate limits instead of finding them by HTTP 429s; nil only
	// waits out the 429s.
	Limits *Limits

	pacerOnce sync.Once
	pacer     *pacer
	// farewell and left, set by New, tell the partners of someone
	// users.info says has left the workspace that their pairs ended, and
	// re-plan those pairs.
	farewell func(user string) store.Farewell
	left     func(ctx context.Context, user string, ended []store.Pair)
	// cut, set by New, ends every call under way a grace period into a
	// shutdown (Bot.detach): a call retried for a minute would otherwise
	// hold the exit.
	cut context.Context
	// refused is the code with which Slack last refused the bot's token
	// (tokenRefusalCodes), "" since a call went through: /healthz says
	// the bot is not ready while it is set.
	refused atomic.Pointer[string]
	// refreshing are the stale profiles being fetched in the background.
	refreshing struct {
		mu     sync.Mutex
		ids    map[string]bool
		wg     sync.WaitGroup
		ctx    context.Context // their base, ended by Drain
		cancel context.CancelFunc
	}
}

// PermanentError marks a Slack failure that retrying will not fix (user
// deactivated, channel gone); the dispatcher records it and moves on.
type PermanentError struct{ Code string }

func (e *PermanentError) Error() string { return "slack: " + e.Code }

var permanentCodes = []string{
	"user_not_found", "users_not_found", "channel_not_found", "account_inactive", "user_disabled",
	"is_archived", "not_in_channel", "cannot_dm_bot", "invalid_blocks", "invalid_blocks_format",
	"msg_too_long", "msg_blocks_too_long", "no_text", "message_not_found", "cant_update_message", "edit_window_closed", "invalid_auth", "not_authed", "token_revoked", "missing_scope",
	// A method this Slack does not have. (A refused token or app, such as
	// token_expired, no_permission or not_allowed_token_type, is not here:
	// it is retried with backoff, since a scheduled DM that failed for good
	// on it would be lost, and the operator may well mend the token.)
	"unknown_method", "method_deprecated", "deprecated_endpoint", "user_not_visible",
	// Requests Slack could not read; sending them again changes nothing.
	"invalid_arg_name", "invalid_array_arg", "invalid_charset", "invalid_form_data", "invalid_post_type",
	"missing_post_type", "invalid_json", "json_not_object", "metadata_too_large", "users_list_not_supplied",
	"messages_tab_disabled", "restricted_action", "invalid_metadata_format", "invalid_arguments",
	"expired_trigger_id", "invalid_trigger_id", "not_found", "hash_conflict", "view_too_large",
	// files.getUploadURLExternal and files.completeUploadExternal; their
	// file_update_failed is transient (Slack's advice: retry the call).
	"missing_argument", "file_not_found", "invalid_channel", "posting_to_channel_denied",
	"file_uploads_disabled", "file_uploads_except_images_disabled", "file_type_not_allowed",
	"file_upload_size_restricted", "storage_limit_reached",
}

// appRefusalCodes are the permanent codes that refuse the bot itself (its
// token, its scopes), not one message: a call gives up at once, but a
// scheduled DM is tried again later by the scheduler, with backoff, rather
// than failed for good, so that mending the token delivers what is still
// in time instead of losing it.
var appRefusalCodes = []string{"invalid_auth", "not_authed", "token_revoked", "missing_scope", "account_inactive"}

// slackbotID is Slackbot's user ID. Slack's user object documents is_bot
// as false for it ("Slackbot is special"), so its ID says it.
const slackbotID = "USLACKBOT"

// isBotUser reports whether a user object with this ID and is_bot is a bot.
func isBotUser(id string, isBot bool) bool { return isBot || id == slackbotID }

// noSuchUserCodes are users.info's answers for an ID that names nobody in
// the workspace.
var noSuchUserCodes = []string{"user_not_found", "users_not_found", "user_not_visible"}

// unsureCodes are Slack's {"ok":false} errors after which "it's possible
// some aspect of the operation succeeded" (Slack's words for
// internal_error).
var unsureCodes = []string{"internal_error", "fatal_error", "service_unavailable"}

const maxAttempts = 5

// maxCallTime bounds how long one call keeps retrying (429 waits included)
// before it hands the failure back. It is well under the scheduler's
// two-minute lease, so that a send never outlives the claim on its
// notification; the scheduler retries later, looking in the DM first.
const maxCallTime = time.Minute

// call runs fn, retrying what Slack asks us to retry. method names the Web
// API method for logs, metrics and pacing.
func (s *Slack) call(ctx context.Context, method string, fn func(context.Context) error) error {
	return s.do(ctx, method, "", true, fn)
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

// do is call for any method; channel is the conversation a method limited
// per channel as well (chat.postMessage) goes to, "" for the others.
// repeatable says whether fn may run again after a failure
// that leaves it unclear whether Slack carried it out (an HTTP 5xx, a
// timeout, a broken connection): true for reads and for writes that are
// the same when repeated; false for chat.postMessage, where a second try
// can post the message twice. Such failures are then returned at once,
// wrapped in an *UnsureError, for the caller to settle (the scheduler
// looks in the DM's history before it sends again). A 429 and Slack's
// {"ok":false} answers mean the call did nothing and are retried either
// way.
func (s *Slack) do(ctx context.Context, method, channel string, repeatable bool, fn func(context.Context) error) error {
	if s.cut != nil {
		if err := s.cut.Err(); err != nil {
			// Not begun at all: AfterFunc would cancel it from another
			// goroutine, perhaps only once its request had reached Slack.
			return fmt.Errorf("%s after the shutdown's grace: %w", method, err)
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		defer context.AfterFunc(s.cut, cancel)()
	}
	backoff := 250 * time.Millisecond
	wait := clock.Or(s.Wait)
	start := wait.Now()
	for attempt := 1; ; attempt++ {
		if until := s.paced().heldUntil(method, channel); until.Sub(start) > maxCallTime {
			// Slack asked for a wait longer than a call may take (a send
			// would outlive its claim, a modal its trigger): handed back
			// at once, for the caller to try again once it has passed.
			return fmt.Errorf("%s: Slack's Retry-After holds it until %s: %w", method, until.UTC().Format(time.TimeOnly), errHeldByRetryAfter)
		}
		if err := s.paced().wait(ctx, method, channel); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		err := fn(ctx)
		var stopped *stoppedError
		if errors.As(err, &stopped) {
			// The caller's own no (PostUnless): Slack was not asked.
			return fmt.Errorf("%s: %w", method, stopped.err)
		}
		if err == nil {
			s.paced().done(method, channel)
			if !slices.Contains(tokenlessMethods, method) {
				s.tokenAccepted()
			}
			return nil
		}
		var rl *slack.RateLimitedError
		var se slack.SlackErrorResponse
		var perm *PermanentError
		if errors.As(err, &se) {
			s.tokenRefused(method, se.Err)
		}
		switch {
		case errors.As(err, &rl):
			s.countError(method, "ratelimited")
			after := rl.RetryAfter
			if after <= 0 {
				after = time.Second
			}
			p := s.paced()
			if p != nil {
				// The pacer holds this and every other call of the method
				// back until Retry-After has passed, also when this call
				// gives up below: its caller's next try waits it out too.
				p.throttled(method, channel, after)
			}
			if attempt >= maxAttempts*2 || wait.Now().Add(after).Sub(start) > maxCallTime {
				s.Log.Warn("slack rate limited for longer than a call may wait; handing back", "method", method, "retry_after", after, "attempt", attempt)
				return fmt.Errorf("%s: still rate limited after %d attempts: %w (%w)", method, attempt, err, errSlackUnavailable)
			}
			s.Log.Warn("slack rate limited; waiting", "method", method, "retry_after", after, "attempt", attempt)
			if p != nil {
				continue
			}
			if err := clock.Sleep(ctx, wait, after); err != nil {
				return fmt.Errorf("%s: %w", method, err)
			}
			continue
		case errors.As(err, &se) && slices.Contains(permanentCodes, se.Err):
			s.countError(method, se.Err)
			return fmt.Errorf("%s: %w", method, &PermanentError{Code: se.Err})
		case errors.As(err, &perm):
			s.countError(method, perm.Code)
			return fmt.Errorf("%s: %w", method, err)
		case ctx.Err() != nil:
			return fmt.Errorf("%s: %w", method, ctx.Err())
		}
		code := errorCode(err)
		s.countError(method, code)
		if !repeatable && (!errors.As(err, &se) || slices.Contains(unsureCodes, se.Err)) {
			s.Log.Warn("slack call failed; it may have taken effect, so it is not repeated here", "method", method, "err", err)
			return fmt.Errorf("%s: %w", method, &UnsureError{Code: code, Err: err})
		}
		if attempt >= maxAttempts || wait.Now().Add(backoff).Sub(start) > maxCallTime {
			if !slackAnswered(err) {
				return fmt.Errorf("%s after %d attempts: %w (%w)", method, attempt, err, errSlackUnavailable)
			}
			return fmt.Errorf("%s after %d attempts: %w", method, attempt, err)
		}
		s.Log.Warn("slack call failed; retrying", "method", method, "err", err, "attempt", attempt, "backoff", backoff)
		if err := clock.Sleep(ctx, wait, backoff); err != nil {
			return fmt.Errorf("%s: %w", method, err)
		}
		backoff *= 2
	}
}

// errHeldByRetryAfter is a call not made because an earlier 429's
// Retry-After holds its method for longer than a call may wait.
var errHeldByRetryAfter = errors.New("held by Slack's Retry-After")

// errSlackUnavailable marks a call given up after its retries: Slack kept
// failing, timing out or limiting it. A person's command that needed it is
// told that Slack is not answering, not that the bot failed (friendly).
var errSlackUnavailable = errors.New("slack is not answering")

// slackAnswered reports whether err is Slack's own answer, a refusal that
// trying again later will not mend (token_expired, no_permission), rather
// than a failure to get one (a timeout, a broken connection, an HTTP 5xx,
// or Slack's own internal_error).
func slackAnswered(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && !slices.Contains(unsureCodes, se.Err)
}

// UnsureError is a failed call that Slack may nevertheless have carried
// out: an HTTP 5xx answer, a timeout, a broken connection.
type UnsureError struct {
	Code string // as counted in mentorbot_slack_api_errors_total: "http_500", "timeout", "network"
	Err  error
}

func (e *UnsureError) Error() string { return "outcome unknown (" + e.Code + "): " + e.Err.Error() }
func (e *UnsureError) Unwrap() error { return e.Err }

// errorCode classifies a failed call for logs and metrics: Slack's error
// code, "http_NNN" for another HTTP status, "timeout", "network", or
// "transient" for the rest.
func errorCode(err error) string {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		return se.Err
	case errors.As(err, &sc):
		return fmt.Sprintf("http_%d", sc.Code)
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.As(err, &ne):
		return "network"
	}
	return "transient"
}

// tokenRefusalCodes are the answers that refuse a token itself
// (uninstalled, revoked, expired, deactivated, of the wrong kind): every
// call with it fails until the operator mends it.
var tokenRefusalCodes = []string{"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "not_allowed_token_type"}

// IsTokenRefusal reports whether Slack's error code refuses the token
// itself rather than one call.
func IsTokenRefusal(code string) bool { return slices.Contains(tokenRefusalCodes, code) }

// IsAppTokenRefusal reports whether apps.connections.open's error code
// refuses the app-level token: as IsTokenRefusal, or missing_scope, a
// token made without connections:write, which no retry will mend. The
// Socket Mode client retries all but invalid_auth and its like for ever.
func IsAppTokenRefusal(code string) bool { return IsTokenRefusal(code) || code == "missing_scope" }

// tokenlessMethods are the calls made without the bot token (to a
// response_url, to an upload URL): one going through says nothing of it.
var tokenlessMethods = []string{"response_url", "upload_url"}

// tokenRefused notes a refusal of the token (logged once, not at every
// retry of every DM); other codes are not the token's.
func (s *Slack) tokenRefused(method, code string) {
	if !IsTokenRefusal(code) || slices.Contains(tokenlessMethods, method) {
		return
	}
	if was := s.refused.Swap(&code); was == nil || *was != code {
		s.Log.Error("slack refuses the bot token: nothing can be sent until it is mended (SLACK_BOT_TOKEN; reinstall the app if it was removed); "+
			"what falls due meanwhile is kept and tried again", "method", method, "error", code)
	}
}

// tokenAccepted notes a call that went through: the token is good (again).
func (s *Slack) tokenAccepted() {
	if s.refused.Load() == nil {
		return // the usual case: no write to share between calls
	}
	if was := s.refused.Swap(nil); was != nil {
		s.Log.Info("slack accepts the bot token again", "was_refused_with", *was)
	}
}

// TokenRefused is the code with which Slack refuses the bot's token, ""
// while it does not.
func (s *Slack) TokenRefused() string {
	if code := s.refused.Load(); code != nil {
		return *code
	}
	return ""
}

func (s *Slack) countError(method, code string) {
	s.Metrics.Add("mentorbot_slack_api_errors_total", helpSlackErrors, 1, "method", method, "error", code)
}

// Profile returns a user's profile. With none cached it asks users.info
// and waits; a cached one that is stale is returned at once and refreshed
// in the background (see refreshProfile), so that a command never waits on
// users.info's rate limit (Tier 4) for what it already has. When Slack
// cannot be reached, a stale profile is better than none.
func (s *Slack) Profile(ctx context.Context, id string) (store.User, error) {
	u, err := readUser(ctx, s.DB, id)
	if err != nil && store.ErrorCode(err) != store.ENotFound {
		return store.User{}, err
	}
	if err == nil && !u.FetchedAt.IsZero() {
		if s.Now().Sub(u.FetchedAt) >= s.ProfileTTL {
			s.refreshProfile(id)
		}
		return u, nil
	}
	if err := s.fetchProfile(ctx, id); err != nil {
		return store.User{}, err
	}
	return s.DB.User(ctx, id)
}

// fetchProfile asks users.info for a user's profile and stores it.
func (s *Slack) fetchProfile(ctx context.Context, id string) error {
	asked := s.Now()
	var info *slack.User
	err := s.call(ctx, "users.info", func(ctx context.Context) error {
		var err error
		info, err = s.API.GetUserInfoContext(ctx, id)
		return err
	})
	if err != nil {
		// Only Slack saying there is no such user means that; a refused
		// token or a missing scope (users:read) is a failure on our side,
		// logged for whoever runs the bot, not a missing person.
		var pe *PermanentError
		if errors.As(err, &pe) && slices.Contains(noSuchUserCodes, pe.Code) {
			return &unknownUserError{id: id}
		}
		return fmt.Errorf("load profile %s: %w", id, err)
	}
	var known string
	if info.TZ == "" {
		if u, err := s.DB.User(ctx, id); err == nil {
			known = u.TZ
		}
	}
	p := store.Profile{ID: id, Name: info.Name, RealName: info.RealName, TZ: profileZone(info.TZ, info.TZOffset, known, asked),
		IsAdmin: info.IsAdmin || info.IsOwner || info.IsPrimaryOwner, Deleted: info.Deleted, IsBot: isBotUser(id, info.IsBot), AsOf: asked}
	var farewell store.Farewell
	if s.farewell != nil {
		farewell = s.farewell(id)
	}
	ended, err := s.DB.SaveProfile(ctx, p, farewell)
	if err != nil {
		return err
	}
	if len(ended) > 0 && s.left != nil {
		s.left(ctx, id, ended)
	}
	return nil
}

// unknownUserError is Slack's answer that a user ID names nobody in the
// workspace. A command words it by the name its mention was typed with
// (request.namedUnknown); elsewhere (a button, a modal) it reads as
// UserMessage says.
type unknownUserError struct{ id string }

func (e *unknownUserError) Error() string { return fmt.Sprintf("user %s: not in this workspace", e.id) }

// UserMessage names nobody: the ID's mention would show broken in Slack.
func (e *unknownUserError) UserMessage() string { return "I can't find that person in this workspace." }

// isUnknownUser reports whether err says that a user ID names nobody in
// the workspace (not that Slack could not be asked).
func isUnknownUser(err error) bool {
	var ue *unknownUserError
	return errors.As(err, &ue)
}

// refreshProfile fetches a stale profile in the background, once at a
// time per user. A change it brings (a new time zone, say) marks the
// person for re-planning, as any change to users does.
func (s *Slack) refreshProfile(id string) {
	s.refreshing.mu.Lock()
	defer s.refreshing.mu.Unlock()
	if s.refreshing.ids == nil {
		s.refreshing.ids = map[string]bool{}
	}
	if s.refreshing.ids[id] {
		return
	}
	s.refreshing.ids[id] = true
	if s.refreshing.ctx == nil {
		s.refreshing.ctx, s.refreshing.cancel = context.WithCancel(context.Background())
	}
	base := s.refreshing.ctx
	s.refreshing.wg.Go(func() {
		defer func() {
			s.refreshing.mu.Lock()
			delete(s.refreshing.ids, id)
			s.refreshing.mu.Unlock()
		}()
		// It outlives the request that found the profile stale, and ends
		// with Drain.
		ctx, cancel := context.WithTimeout(base, profileRefreshTimeout)
		defer cancel()
		if err := s.fetchProfile(ctx, id); err != nil {
			s.Log.Warn("users.info failed; using the cached profile", "user", id, "err", err)
		}
	})
}

// profileRefreshTimeout bounds a background refresh, waits for the rate
// limit included.
const profileRefreshTimeout = 2 * time.Minute

// Drain stops background profile refreshes and waits for them to end;
// call it before the database closes.
func (s *Slack) Drain() {
	s.refreshing.mu.Lock()
	if s.refreshing.cancel != nil {
		s.refreshing.cancel()
	}
	s.refreshing.mu.Unlock()
	s.refreshing.wg.Wait()
}

// DMChannel returns the IM channel between the bot and a user, opening it
// once and remembering it.
func (s *Slack) DMChannel(ctx context.Context, id string) (string, error) {
	if u, err := readUser(ctx, s.DB, id); err == nil && u.DMChannel != "" {
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

// Post sends a message to a channel and returns its ts. A failure after
// which the message may have been posted all the same is not retried; it
// is returned as an *UnsureError.
func (s *Slack) Post(ctx context.Context, channel string, opts ...slack.MsgOption) (string, error) {
	var ts string
	err := s.do(ctx, postMethod, channel, false, func(ctx context.Context) error {
		var err error
		_, ts, err = s.API.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// PostUnless is Post for a message that may stop being wanted while its
// call waits (for the pacer, or out a 429's Retry-After, which means
// Slack did nothing): right before an attempt that waited, stop is asked
// whether it is still to go. A non-nil error from stop ends the call with
// that error (wrapped), nothing posted. The caller asks stop itself before
// the call; an attempt made at once is not asked again (the question is a
// database read, and most posts do not wait). A post Slack has accepted
// cannot be called back, so stop is asked only before it.
func (s *Slack) PostUnless(ctx context.Context, channel string, stop func(context.Context) error, opts ...slack.MsgOption) (string, error) {
	var ts string
	wait := clock.Or(s.Wait)
	began, attempts := wait.Now(), 0
	err := s.do(ctx, postMethod, channel, false, func(ctx context.Context) error {
		if attempts++; attempts > 1 || wait.Now().Sub(began) >= unwaitedCall {
			if err := stop(ctx); err != nil {
				return &stoppedError{err: err}
			}
		}
		var err error
		_, ts, err = s.API.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ts, err
}

// unwaitedCall is how long a call that did not wait for the pacer may
// take to reach its first attempt (PostUnless).
const unwaitedCall = time.Millisecond

// stoppedError is a call its caller stopped before it was made
// (PostUnless): do hands err back at once, neither retried nor counted as
// Slack's failure.
type stoppedError struct{ err error }

func (e *stoppedError) Error() string { return "stopped: " + e.err.Error() }
func (e *stoppedError) Unwrap() error { return e.err }

// PostEphemeral shows a message to one user in a channel.
func (s *Slack) PostEphemeral(ctx context.Context, channel, user string, opts ...slack.MsgOption) error {
	return s.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := s.API.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// Respond posts to an interaction's or a command's response_url. Slack
// answers one used more than 5 times or past its 30 minutes with an HTTP
// 404 (expired_url, used_url): that, like any 4xx but a timeout or a 429,
// answers the same however often it is asked, so it is not retried.
func (s *Slack) Respond(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	return s.call(ctx, "response_url", func(ctx context.Context) error {
		err := slack.PostWebhookCustomHTTPContext(ctx, url, s.httpClient(), msg)
		var sc slack.StatusCodeError
		if errors.As(err, &sc) && sc.Code >= 400 && sc.Code < 500 && sc.Code != http.StatusRequestTimeout && sc.Code != http.StatusTooManyRequests {
			return &PermanentError{Code: fmt.Sprintf("http_%d", sc.Code)}
		}
		return err
	})
}

// lastWordTime bounds RespondLast: it runs once the shutdown's grace is
// over, within the 10 s an orchestrator waits before it kills the process.
const lastWordTime = time.Second

// RespondLast is Respond for an answer ready after the shutdown's grace
// cut the calls under way (Slack.cut): one try, brief, not cut. A command
// that took effect just as the grace ended is answered, rather than acked
// empty and never told of; Slack does not deliver an acked command again.
func (s *Slack) RespondLast(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lastWordTime)
	defer cancel()
	if err := slack.PostWebhookCustomHTTPContext(ctx, url, s.httpClient(), msg); err != nil {
		return fmt.Errorf("response_url, after the shutdown's grace: %w", err)
	}
	return nil
}

// triggerWait bounds how long OpenView waits out HTTP 429s: a trigger ID
// lasts 3 s from the person's action, and some of that has gone before
// the call.
const triggerWait = 2 * time.Second

// OpenView opens a modal. A trigger ID lasts 3 s, so a failure is not
// retried with backoff; but an HTTP 429 whose Retry-After ends within
// triggerWait is waited out and the call made again, as Slack asks, rather
// than telling the person the form could not open.
func (s *Slack) OpenView(ctx context.Context, trigger string, v slack.ModalViewRequest) error {
	wait := clock.Or(s.Wait)
	deadline := wait.Now().Add(triggerWait)
	for {
		_, err := s.API.OpenViewContext(ctx, trigger, v)
		if err == nil {
			return nil
		}
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) {
			s.countError("views.open", errorCode(err))
			return fmt.Errorf("views.open: %w", err)
		}
		s.countError("views.open", "ratelimited")
		after := rl.RetryAfter
		if after <= 0 {
			after = time.Second
		}
		if wait.Now().Add(after).After(deadline) {
			return fmt.Errorf("views.open: %w", err)
		}
		s.Log.Warn("slack rate limited; waiting", "method", "views.open", "retry_after", after)
		if err := clock.Sleep(ctx, wait, after); err != nil {
			return fmt.Errorf("views.open: %w", err)
		}
	}
}

// UpdateView replaces an open modal by its view ID; hash, when not "",
// makes Slack refuse (hash_conflict) if the view changed since the hash
// was read. A modal the person has closed is not_found, which, like
// hash_conflict, is returned at once.
func (s *Slack) UpdateView(ctx context.Context, viewID, hash string, v slack.ModalViewRequest) error {
	return s.call(ctx, "views.update", func(ctx context.Context) error {
		_, err := s.API.UpdateViewContext(ctx, v, "", hash, viewID)
		return err
	})
}

// PublishHome publishes a user's App Home tab.
func (s *Slack) PublishHome(ctx context.Context, user string, v slack.HomeTabViewRequest) error {
	return s.call(ctx, "views.publish", func(ctx context.Context) error {
		_, err := s.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: v})
		return err
	})
}

// FileUpload is a file to share in a conversation.
type FileUpload struct {
	// Channel is where it is shared: an IM or a channel ID.
	Channel  string
	Filename string
	Title    string
	// Comment is the message that introduces the file (mrkdwn).
	Comment string
	Content []byte
}

// Upload shares a file through Slack's upload flow and returns its ID:
// files.getUploadURLExternal for an upload URL, a POST of the bytes to it,
// then files.completeUploadExternal to share it in f.Channel with
// f.Comment. Each step is retried on its own as call retries, so that a 429
// on the last step neither uploads the file again nor shares it twice. An
// empty file is an error: Slack takes none.
func (s *Slack) Upload(ctx context.Context, f FileUpload) (string, error) {
	if f.Filename == "" || len(f.Content) == 0 {
		return "", fmt.Errorf("upload %q: a file needs a name and content", f.Filename)
	}
	var u *slack.GetUploadURLExternalResponse
	err := s.call(ctx, "files.getUploadURLExternal", func(ctx context.Context) error {
		var err error
		u, err = s.API.GetUploadURLExternalContext(ctx, slack.GetUploadURLExternalParameters{FileName: f.Filename, FileSize: len(f.Content)})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("upload %s: %w", f.Filename, err)
	}
	err = s.call(ctx, "upload_url", func(ctx context.Context) error {
		return s.postUpload(ctx, u.UploadURL, f)
	})
	if err != nil {
		return "", fmt.Errorf("upload %s (%s): %w", f.Filename, u.FileID, err)
	}
	err = s.call(ctx, "files.completeUploadExternal", func(ctx context.Context) error {
		_, err := s.API.CompleteUploadExternalContext(ctx, slack.CompleteUploadExternalParameters{
			Files: []slack.FileSummary{{ID: u.FileID, Title: f.Title}}, Channel: f.Channel, InitialComment: f.Comment})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("upload %s (%s): %w", f.Filename, u.FileID, err)
	}
	return u.FileID, nil
}

// postUpload posts f's bytes to upload, a URL from
// files.getUploadURLExternal, as a multipart form with the file in "file".
// The URL is Slack's own and signed: it takes no token, so none is sent.
// (slack-go's UploadToURL sends the bot token, and so refuses any URL but
// an https Slack one or the API's own host: an upload URL on another host
// or port of a Slack stand-in could never be used.) Its answers are
// classed as the Web API's are: a 429 waits out Retry-After, any other
// status but 200 is a StatusCodeError.
func (s *Slack) postUpload(ctx context.Context, upload string, f FileUpload) error {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", f.Filename)
	if err == nil {
		_, err = part.Write(f.Content)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return fmt.Errorf("form the upload of %s: %w", f.Filename, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, upload, &body)
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Filename, err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return &slack.RateLimitedError{RetryAfter: time.Duration(max(secs, 1)) * time.Second}
	case resp.StatusCode != http.StatusOK:
		return slack.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
	}
	return nil
}

func (s *Slack) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	return http.DefaultClient
}
