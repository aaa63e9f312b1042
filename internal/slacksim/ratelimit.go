package slacksim

import (
	"maps"
	"math"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// tier is a rate limit: a token bucket refilled at perMinute that holds at
// most burst requests. Slack publishes only the "N+ per minute" figure and
// says bursts are tolerated; the burst sizes here are the simulator's
// reading of "a small amount" (Tier 1), "occasional" (2), "sporadic" (3) and
// "generous" (4).
type tier struct {
	name      string
	perMinute float64
	burst     float64
}

var (
	tier1 = tier{"Tier 1", 1, 3}
	tier3 = tier{"Tier 3", 50, 50}
	tier4 = tier{"Tier 4", 100, 100}
	// tierPostMessage is chat.postMessage's special limit, applied per
	// channel: "one message per second per channel", "short bursts >1
	// allowed".
	tierPostMessage = tier{"chat.postMessage (per channel)", 60, 4}
	// tierSpecial is for methods Slack lists as "Special" without a figure
	// (auth.test); generous, so that only a runaway loop trips it.
	tierSpecial = tier{"Special", 600, 100}
)

// Limit is a rate limit as a token bucket: PerMinute requests a minute
// sustained, and at most Burst at once after a quiet spell.
type Limit struct {
	PerMinute float64
	Burst     float64
}

// DefaultWorkspacePostLimit is the simulator's figure for chat.postMessage's
// workspace-wide limit, which Slack states without a number. Its method page
// (docs.slack.dev/reference/methods/chat.postMessage, "Rate limiting") says:
// "It will generally allow an app to post 1 message per second to a
// specific channel. There are limits governing your app's relationship with
// the entire workspace above that, limiting posting to several hundred
// messages per minute. Generous burst behavior is also granted." The
// simulator takes the low end of "several hundred", 300 a minute (5 a
// second), and reads "generous" bursts as Tier 4's 100. A bot that keeps
// within this keeps within Slack's real limit, whatever it is above that.
var DefaultWorkspacePostLimit = Limit{PerMinute: 300, Burst: 100}

// rateLimiter keeps a bucket per method (and per channel for
// chat.postMessage, plus one for the workspace), on Options.Clock so that a
// fake clock can be advanced past a window.
type rateLimiter struct {
	clock   clock.Clock
	mu      sync.Mutex
	buckets map[string]*bucket
	limited map[string]int // 429s answered, by method
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(c clock.Clock) *rateLimiter {
	return &rateLimiter{clock: c, buckets: map[string]*bucket{}, limited: map[string]int{}}
}

// allowAll takes one request from each of the buckets keys (of tiers ts)
// when every one of them has it, and none otherwise: a call one limit
// refuses does not use up another's allowance. When one is empty it returns
// false and how long until the call would be allowed, rounded up to whole
// seconds as Slack's Retry-After is; method is what the refusal is counted
// under.
func (r *rateLimiter) allowAll(method string, keys []string, ts []tier) (bool, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
	var wait float64
	bs := make([]*bucket, len(keys))
	for i, key := range keys {
		t := ts[i]
		b, ok := r.buckets[key]
		if !ok {
			b = &bucket{tokens: t.burst, last: now}
			r.buckets[key] = b
		}
		perSec := t.perMinute / 60
		if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
			b.tokens = math.Min(t.burst, b.tokens+elapsed*perSec)
		}
		b.last = now
		if b.tokens < 1 {
			wait = math.Max(wait, (1-b.tokens)/perSec)
		}
		bs[i] = b
	}
	if wait > 0 {
		r.limited[method]++
		return false, time.Duration(math.Max(1, math.Ceil(wait))) * time.Second
	}
	for _, b := range bs {
		b.tokens--
	}
	return true, 0
}

// RateLimited counts the HTTP 429s the simulator's own limits answered
// (Options.RateLimits), by method; injected ones (RateLimitNext) are not
// counted.
func (s *Server) RateLimited() map[string]int {
	s.limiter.mu.Lock()
	defer s.limiter.mu.Unlock()
	return maps.Clone(s.limiter.limited)
}

// WorkspacePostLimit is the workspace-wide chat.postMessage limit in force
// (Options.WorkspacePostLimit or DefaultWorkspacePostLimit).
func (s *Server) WorkspacePostLimit() Limit { return s.opts.WorkspacePostLimit }

// methodTiers are the documented tiers of the methods the simulator serves.
var methodTiers = map[string]tier{
	"auth.test":             tierSpecial,
	"apps.connections.open": tier1,
	"users.info":            tier4,
	"conversations.open":    tier3,
	"conversations.history": tier3,
	"chat.postMessage":      tierPostMessage,
	"chat.postEphemeral":    tier4,
	"chat.update":           tier3,
	"chat.delete":           tier3,
	"views.open":            tier4,
	"views.push":            tier4,
	"views.update":          tier4,
	"views.publish":         tier4,

	"files.getUploadURLExternal":   tier4,
	"files.completeUploadExternal": tier4,
}

// fault is an injected answer for the next call of a method.
type fault struct {
	slackError string
	status     int
	retryAfter time.Duration
	rateLimit  bool
}

// FailNext makes the next n calls of method answer {"ok":false,"error":
// slackError} with httpStatus (0 means 200). With a status other than 200
// slack-go reports a StatusCodeError, as for Slack's own 5xx answers.
// Injected faults are recorded in Calls but not in Failures.
func (s *Server) FailNext(method string, n int, slackError string, httpStatus int) {
	if httpStatus == 0 {
		httpStatus = 200
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], fault{slackError: slackError, status: httpStatus})
	}
}

// RateLimitNext makes the next n calls of method answer HTTP 429 with
// Retry-After: retryAfter in whole seconds, rounded up (0 stays 0), and
// {"ok":false,"error":"ratelimited"}.
func (s *Server) RateLimitNext(method string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], fault{slackError: "ratelimited", status: 429, retryAfter: retryAfter, rateLimit: true})
	}
}

// takeFaultLocked pops the next injected fault for method, if any.
func (s *Server) takeFaultLocked(method string) (fault, bool) {
	q := s.faults[method]
	if len(q) == 0 {
		return fault{}, false
	}
	f := q[0]
	if len(q) == 1 {
		delete(s.faults, method)
	} else {
		s.faults[method] = q[1:]
	}
	return f, true
}

// retryAfterSeconds renders a duration as Slack's Retry-After: whole
// seconds, rounded up.
func retryAfterSeconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}
