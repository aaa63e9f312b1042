package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// metadataEventType marks the bot's notification DMs; the payload carries
// the notification's key, so that a send cut short by a crash can be found
// in the DM's history instead of being sent twice.
const metadataEventType = "mentorbot_notification"

// Notifier delivers the scheduler's notifications as DMs. It implements
// scheduler.Notifier.
type Notifier struct {
	Slack  *Slack
	DB     *store.DB
	Config Config
	Clock  clock.Clock
	Log    *slog.Logger

	// afterRecord, set by New to Bot.DMRecorded, is told when a DM is
	// recorded as sent: see Recorded.
	afterRecord func(ctx context.Context, n store.Notification, found bool)
	// afterUndelivered, set by New to Bot.SettleUndelivered, is told when
	// DMs were given up for good: see Undelivered.
	afterUndelivered func(ctx context.Context)

	zones    datetext.Zones
	checkins checkinKind
	looks    dmLooks
}

var (
	_ scheduler.Notifier           = (*Notifier)(nil)
	_ scheduler.RecordWatcher      = (*Notifier)(nil)
	_ scheduler.UndeliveredWatcher = (*Notifier)(nil)
)

// Recorded implements scheduler.RecordWatcher: the bot squares a DM with
// changes made while it was in flight (afterRecord).
func (nt *Notifier) Recorded(ctx context.Context, n store.Notification, found bool) {
	if nt.afterRecord != nil {
		nt.afterRecord(ctx, n, found)
	}
}

// Undelivered implements scheduler.UndeliveredWatcher: the bot tells
// whoever waits on a DM given up (afterUndelivered).
func (nt *Notifier) Undelivered(ctx context.Context) {
	if nt.afterUndelivered != nil {
		nt.afterUndelivered(ctx)
	}
}

// Send renders n (its stored payload, or from the current state of what it
// is about) and posts it to the recipient's DM with n.Key as metadata.
func (nt *Notifier) Send(ctx context.Context, n store.Notification) (scheduler.Sent, error) {
	// A check-in drawn from its recipient's pairs lists their partners'
	// goals; a partner's /mentor forget does not take it back, so one
	// drawn before a forget committed is drawn again (seen: the forgets
	// done when the drawing began; -1 for a DM that is not drawn so).
	seen := int64(-1)
	if n.Kind == scheduler.KindCheckin && n.Payload == "" {
		var err error
		if seen, err = nt.DB.Forgets(ctx); err != nil {
			return scheduler.Sent{}, err
		}
	}
	latest := seen
	// Claimed before a /mentor forget took it back, and not posted when the
	// forget was done: it is not to go (a DM Slack accepted before cannot
	// be called back). Asked once the message is ready to post, after the
	// rendering's reads and conversations.open (which may wait out a 429),
	// and again before a post attempt that waited (PostUnless): one read a
	// send, and no wait after it unasked.
	forgotten := func(ctx context.Context) error {
		gone, forgets, err := nt.DB.ForgetState(ctx, n.ID)
		switch {
		case err != nil:
			return err
		case gone:
			return obsolete("cancelled by a /mentor forget after it was claimed")
		case seen >= 0 && forgets != seen:
			latest = forgets
			return errForgetSince
		}
		return nil
	}
	// A DM that could not be made ready is asked too: one a forget took
	// back is not to be retried (nor counted as such).
	unless := func(err error) error {
		if gone := forgotten(ctx); gone != nil && errors.Is(gone, scheduler.ErrObsolete) {
			return gone
		}
		return err
	}
	var opts []slack.MsgOption
	var ch string
	for drawn := 1; ; drawn++ {
		var err error
		uctx := withUserMemo(ctx)
		if opts, err = nt.render(uctx, n); err != nil {
			return scheduler.Sent{}, unless(err)
		}
		if ch, err = nt.Slack.DMChannel(uctx, n.RecipientID); err != nil {
			return scheduler.Sent{}, unless(err)
		}
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType:    metadataEventType,
			EventPayload: map[string]any{"key": n.Key},
		}))
		err = forgotten(ctx)
		if errors.Is(err, errForgetSince) && drawn < maxRedraws {
			seen = latest
			continue
		}
		if err != nil {
			return scheduler.Sent{}, err
		}
		break
	}
	// A forget committed while the post waited (the pacer, a 429) stops
	// it too; the retry draws it again.
	ts, err := nt.Slack.PostUnless(ctx, ch, forgotten, opts...)
	if err != nil {
		var pe *PermanentError
		if errors.As(err, &pe) && !slices.Contains(appRefusalCodes, pe.Code) {
			return scheduler.Sent{}, fmt.Errorf("%w: %w", scheduler.ErrPermanent, err)
		}
		return scheduler.Sent{}, unless(err)
	}
	return scheduler.Sent{Channel: ch, TS: ts}, nil
}

// errForgetSince stops a check-in drawn before a /mentor forget committed:
// it is drawn again, up to maxRedraws times in one send, then retried.
var errForgetSince = errors.New("a /mentor forget committed after it was drawn; to be drawn again")

// maxRedraws bounds the drawings of one send while forgets keep coming.
const maxRedraws = 3

// Find looks for n in the recipient's DM history by its metadata. It reads
// back to a little before n was first due, which is as far as a message for
// it can be.
func (nt *Notifier) Find(ctx context.Context, n store.Notification) (scheduler.Sent, bool, error) {
	ch, err := nt.Slack.DMChannel(ctx, n.RecipientID)
	if err != nil {
		return scheduler.Sent{}, false, err
	}
	oldest := n.CreatedAt
	if n.DueAt.Before(oldest) {
		oldest = n.DueAt
	}
	oldest = oldest.Add(-time.Minute)
	if r, ok := nt.looks.get(n.RecipientID, ch, n.ClaimedAt, oldest); ok {
		ts, found := r.keys[n.Key]
		return scheduler.Sent{Channel: ch, TS: ts}, found, nil
	}
	r := dmRead{at: nt.Clock.Now(), ch: ch, oldest: oldest, keys: map[string]string{}}
	params := &slack.GetConversationHistoryParameters{ChannelID: ch, IncludeAllMetadata: true, Limit: 200,
		Oldest: fmt.Sprintf("%d.000000", oldest.Unix())}
	for {
		var resp *slack.GetConversationHistoryResponse
		err := nt.Slack.call(ctx, "conversations.history", func(ctx context.Context) error {
			var err error
			resp, err = nt.Slack.API.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return scheduler.Sent{}, false, err
		}
		for _, m := range resp.Messages {
			if key, ok := m.Metadata.EventPayload["key"].(string); ok && m.Metadata.EventType == metadataEventType {
				if _, seen := r.keys[key]; !seen { // newest first, as a look took before
					r.keys[key] = m.Timestamp
				}
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			break
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	nt.looks.put(n.RecipientID, r)
	ts, found := r.keys[n.Key]
	return scheduler.Sent{Channel: ch, TS: ts}, found, nil
}

// dmLooks keeps each recipient's latest read of their DM's history made
// to look for a notification sent before (Notifier.Find), so that the
// looks for the recipient's other claims taken up with it read the DM
// once. After a crash during a burst every claim of the dead process is
// looked for: a few hundred reads at conversations.history's pace (Tier
// 3) took minutes, a dozen of them for one person.
type dmLooks struct {
	mu   sync.Mutex
	last map[string]dmRead // by recipient
}

// dmRead is what one read of a DM's history found: each notification
// key's message.
type dmRead struct {
	at     time.Time // when the read began (the programme clock)
	ch     string
	oldest time.Time         // how far back it reached
	keys   map[string]string // notification key → message ts
}

// get returns the recipient's read that can answer for a notification
// claimed at claimedAt whose post would be no older than oldest: one read
// in the same DM since the claim, when any post of an earlier attempt
// could have landed (the claim came after its lease), reaching back far
// enough. A notification with no claim time is always read afresh.
func (l *dmLooks) get(recipient, ch string, claimedAt, oldest time.Time) (dmRead, bool) {
	if claimedAt.IsZero() {
		return dmRead{}, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.last[recipient]
	if !ok || r.ch != ch || r.at.Before(claimedAt) || r.oldest.After(oldest) {
		return dmRead{}, false
	}
	return r, true
}

// lookKept is how long a read is kept: the claims it can answer for are
// taken up within the pass that claimed them.
const lookKept = 10 * time.Minute

func (l *dmLooks) put(recipient string, r dmRead) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.last == nil {
		l.last = map[string]dmRead{}
	}
	for id, old := range l.last {
		if r.at.Sub(old.at) > lookKept {
			delete(l.last, id)
		}
	}
	l.last[recipient] = r
}

// render returns the message options of a notification. Every DM the
// outbox and the scheduler send passes here, so this is where a message is
// held to Slack's limit on the text of its blocks (fitBlocks), whatever
// built it.
func (nt *Notifier) render(ctx context.Context, n store.Notification) ([]slack.MsgOption, error) {
	var rp reply
	if n.Payload != "" {
		// Written when someone acted (a session logged, a pair ended):
		// not for a person who has left the workspace since.
		if u, err := readUser(ctx, nt.DB, n.RecipientID); err == nil && u.Deleted {
			return nil, obsolete("%s has left the workspace", n.RecipientID)
		}
		var err error
		if rp, err = decodeMessage(n.Payload); err != nil {
			return nil, fmt.Errorf("%s: %w", n.Key, err)
		}
	} else {
		r, ok := nt.renderers()[n.Kind]
		if !ok {
			return nil, fmt.Errorf("%w: no renderer for kind %q", scheduler.ErrPermanent, n.Kind)
		}
		var err error
		if rp, err = r(ctx, n); err != nil {
			return nil, err
		}
	}
	blocks, cut := fitBlocks(rp.Blocks)
	if cut && nt.Log != nil {
		// The renderers lay out their lists within the budget; a message
		// cut here is one whose lists should learn to.
		nt.Log.Warn("message cut to fit Slack's limit on the text of its blocks", "key", n.Key, "kind", n.Kind,
			"chars", blockTextLen(rp.Blocks...), "budget", msgTextBudget)
	}
	return messageOptions(rp.Text, blocks), nil
}

// renderer builds a notification's message from the current state. It
// returns an error wrapping scheduler.ErrObsolete when the notification no
// longer makes sense (the meeting was skipped, the to-do closed).
type renderer func(ctx context.Context, n store.Notification) (reply, error)

// userMemo keeps the users rows one send has read: rendering a DM (the
// recipient, the partner's handle) and opening its channel would read the
// same rows several times.
type userMemo struct {
	mu    sync.Mutex
	users map[string]store.User
}

type userMemoKey struct{}

// withUserMemo returns ctx with a memo of the users rows read under it.
func withUserMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, userMemoKey{}, &userMemo{users: map[string]store.User{}})
}

// readUser reads person id, through ctx's memo when it has one.
func readUser(ctx context.Context, db *store.DB, id string) (store.User, error) {
	m, _ := ctx.Value(userMemoKey{}).(*userMemo)
	if m != nil {
		m.mu.Lock()
		u, ok := m.users[id]
		m.mu.Unlock()
		if ok {
			return u, nil
		}
	}
	u, err := db.User(ctx, id)
	if err == nil && m != nil {
		m.mu.Lock()
		m.users[id] = u
		m.mu.Unlock()
	}
	return u, err
}
