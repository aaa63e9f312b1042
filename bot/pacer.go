package bot

import (
	"context"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
)

// Limit is one of Slack's rate limits as the client keeps to it: PerMinute
// calls a minute sustained, and at most Burst at once after a quiet spell
// (a token bucket).
type Limit struct {
	PerMinute float64
	Burst     float64
}

// Limits are the rate limits the Slack client paces itself by, so that a
// fan-out of DMs goes out as fast as Slack allows without provoking a storm
// of HTTP 429s (each of which Slack may count against the app).
type Limits struct {
	// Methods holds each paced Web API method's tier; methods not in it
	// are not paced.
	Methods map[string]Limit
	// PostPerChannel and PostWorkspace are chat.postMessage's two limits:
	// per conversation, and for the whole workspace.
	PostPerChannel Limit
	PostWorkspace  Limit
}

// Slack's published limits (docs.slack.dev/apis/web-api/rate-limits): Tier 1
// "1+ per minute", Tier 3 "50+ per minute", Tier 4 "100+ per minute", with
// bursts read as in the simulator (internal/slacksim/ratelimit.go); and
// chat.postMessage's "1 message per second to a specific channel" with
// short bursts, under a workspace-wide limit of "several hundred messages
// per minute", of which we assume the low end.
var (
	tier1 = Limit{PerMinute: 1, Burst: 3}
	tier3 = Limit{PerMinute: 50, Burst: 50}
	tier4 = Limit{PerMinute: 100, Burst: 100}
	// workspacePostLimit is the workspace-wide chat.postMessage limit the
	// client assumes: Slack gives no figure, so the low end of "several
	// hundred messages per minute", as the simulator's default.
	workspacePostLimit = Limit{PerMinute: 300, Burst: 100}
)

// SlackLimits are Slack's published limits for the methods the bot calls.
func SlackLimits() *Limits {
	return &Limits{
		Methods: map[string]Limit{
			"apps.connections.open": tier1,
			"users.info":            tier4,
			"conversations.open":    tier3,
			"conversations.history": tier3,
			"chat.postEphemeral":    tier4,
			"chat.update":           tier3,
			"chat.delete":           tier3,
			"views.publish":         tier4,
		},
		PostPerChannel: Limit{PerMinute: 60, Burst: 4},
		PostWorkspace:  workspacePostLimit,
	}
}

// postMethod is the method with limits of its own.
const postMethod = "chat.postMessage"

// maxPaceBuckets bounds the per-channel buckets kept; past it, full ones
// (channels quiet long enough to have their whole burst back) are dropped.
const maxPaceBuckets = 4096

// pacer hands out calls at the pace of Limits, in the order asked for:
// each call reserves the next slot of its buckets (a token bucket kept as
// its theoretical arrival time, GCRA) and waits for it on the clock. A 429
// pushes the buckets it names back by Retry-After, and callers already
// waiting on a slot take a new one, so a 429 pauses the method rather than
// letting every waiting sender try again at once; the buckets then go
// slower for a while, in case Slack's real limit is below Limits.
type pacer struct {
	limits *Limits
	clock  clock.Clock
	mu     sync.Mutex
	b      map[string]*paceBucket
}

type paceBucket struct {
	limit Limit
	tat   time.Time // theoretical arrival time of the next call
	gen   int       // bumped by each 429
	// paused is closed (and replaced) by a 429, waking every caller
	// waiting on a slot to take a new one.
	paused chan struct{}
	// slow stretches the interval after 429s (Slack's real limit is
	// lower than Limits says: the workspace-wide one is not published),
	// and eases back to 1 with every call that goes through.
	slow float64
	// held is when the last 429's Retry-After ends.
	held time.Time
}

// After a 429 a bucket goes slowDown times slower (at most maxSlow); each
// call that goes through takes back speedUp of that.
const (
	slowDown = 1.25
	speedUp  = 0.998
	maxSlow  = 64
)

func newPacer(l *Limits, c clock.Clock) *pacer {
	return &pacer{limits: l, clock: clock.Or(c), b: map[string]*paceBucket{}}
}

// keys lists the buckets a call of method to channel ("" if none) takes a
// slot from, with their limits.
func (p *pacer) keys(method, channel string) ([]string, []Limit) {
	if method == postMethod {
		ks, ls := []string{"post/workspace"}, []Limit{p.limits.PostWorkspace}
		if channel != "" {
			ks, ls = append([]string{"post/" + channel}, ks...), append([]Limit{p.limits.PostPerChannel}, ls...)
		}
		return ks, ls
	}
	if l, ok := p.limits.Methods[method]; ok {
		return []string{method}, []Limit{l}
	}
	return nil, nil
}

// wait blocks until a call of method to channel may go, or ctx ends.
func (p *pacer) wait(ctx context.Context, method, channel string) error {
	if p == nil {
		return nil
	}
	ks, ls := p.keys(method, channel)
	for i, k := range ks {
		if ls[i].PerMinute <= 0 {
			continue
		}
		for {
			at, gen, paused := p.reserve(k, ls[i])
			if d := at.Sub(p.clock.Now()); d > 0 {
				t := p.clock.NewTimer(d)
				select {
				case <-ctx.Done():
					t.Stop()
					return ctx.Err()
				case <-paused:
					t.Stop()
				case <-t.C():
				}
			}
			if p.generation(k) == gen {
				break
			}
			// A 429 paused the bucket while we waited: take a new slot.
		}
	}
	return nil
}

// pace is a bucket's interval and tolerance: one call per interval, and
// a burst of Burst calls fits in the tolerance.
func (b *paceBucket) pace() (interval, tolerance time.Duration) {
	base := float64(time.Minute) / b.limit.PerMinute
	return time.Duration(base * b.slow), time.Duration((max(b.limit.Burst, 1) - 1) * base)
}

// reserve takes the next slot of bucket key: when it may go, and the
// bucket's generation and pause channel then.
func (p *pacer) reserve(key string, l Limit) (time.Time, int, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	b := p.bucketLocked(key, l, now)
	interval, tolerance := b.pace()
	tat := b.tat
	if tat.Before(now) {
		tat = now
	}
	at := tat.Add(-tolerance)
	if at.Before(now) {
		at = now
	}
	b.tat = tat.Add(interval)
	return at, b.gen, b.paused
}

func (p *pacer) bucketLocked(key string, l Limit, now time.Time) *paceBucket {
	b, ok := p.b[key]
	if ok {
		return b
	}
	if len(p.b) >= maxPaceBuckets {
		for k, old := range p.b {
			if !old.tat.After(now) {
				delete(p.b, k)
			}
		}
	}
	b = &paceBucket{limit: l, tat: now, slow: 1, paused: make(chan struct{})}
	p.b[key] = b
	return b
}

func (p *pacer) generation(key string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if b, ok := p.b[key]; ok {
		return b.gen
	}
	return 0
}

// throttled records a 429 for method to channel: Slack does not say which
// of the call's limits it met, so each of its buckets lets the next call
// go only after retryAfter, and then one per interval.
func (p *pacer) throttled(method, channel string, retryAfter time.Duration) {
	if p == nil {
		return
	}
	ks, ls := p.keys(method, channel)
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	for i, k := range ks {
		if ls[i].PerMinute <= 0 {
			continue
		}
		b := p.bucketLocked(k, ls[i], now)
		// Every slot handed out is void: the callers waiting on one wake
		// and take a new one, from Retry-After on, one per interval.
		b.slow = min(b.slow*slowDown, maxSlow)
		_, tolerance := b.pace()
		b.tat = now.Add(retryAfter + tolerance)
		b.held = now.Add(retryAfter)
		b.gen++
		close(b.paused)
		b.paused = make(chan struct{})
	}
}

// heldUntil is when the Retry-After of the last 429 that holds method to
// channel ends; zero when none does.
func (p *pacer) heldUntil(method, channel string) time.Time {
	if p == nil {
		return time.Time{}
	}
	ks, ls := p.keys(method, channel)
	p.mu.Lock()
	defer p.mu.Unlock()
	var until time.Time
	for i, k := range ks {
		if b, ok := p.b[k]; ok && ls[i].PerMinute > 0 && b.held.After(until) {
			until = b.held
		}
	}
	return until
}

// done records that a call of method to channel went through.
func (p *pacer) done(method, channel string) {
	if p == nil {
		return
	}
	ks, _ := p.keys(method, channel)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, k := range ks {
		if b, ok := p.b[k]; ok && b.slow > 1 {
			b.slow = max(1, b.slow*speedUp)
		}
	}
}

// rate is the sustained number of calls of method a second the limits
// allow; 0 when it is not paced.
func (p *pacer) rate(method string) float64 {
	if p == nil {
		return 0
	}
	if method == postMethod {
		return p.limits.PostWorkspace.PerMinute / 60
	}
	return p.limits.Methods[method].PerMinute / 60
}
