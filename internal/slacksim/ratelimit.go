package slacksim

import (
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

// rateLimiter keeps a bucket per method (and per channel for
// chat.postMessage), on Options.Clock so that a fake clock can be advanced
// past a window.
type rateLimiter struct {
	clock   clock.Clock
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(c clock.Clock) *rateLimiter {
	return &rateLimiter{clock: c, buckets: map[string]*bucket{}}
}

// allow takes one request from the bucket key of tier t. When the bucket is
// empty it returns false and how long until a request would be allowed,
// rounded up to whole seconds as Slack's Retry-After is.
func (r *rateLimiter) allow(key string, t tier) (bool, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.clock.Now()
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
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := (1 - b.tokens) / perSec
	return false, time.Duration(math.Max(1, math.Ceil(wait))) * time.Second
}

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
