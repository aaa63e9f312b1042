package bot

// The scheduler's notifications as DMs. Each renderer builds its message
// from the state at send time and returns scheduler.ErrObsolete when the
// notification no longer applies (the meeting was skipped or moved, the
// pair paused or ended, the session logged, the goal closed). The meeting
// notifications live in notify_meeting.go, the check-in and goal ones in
// notify_checkin.go, the feedback and good-fit ones (with their buttons and
// modal) in notify_feedback.go.

import (
	"context"
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

func (nt *Notifier) renderers() map[string]renderer {
	return map[string]renderer{
		scheduler.KindReminder:      nt.renderReminder,
		scheduler.KindAgenda:        nt.renderAgendaPrompt,
		scheduler.KindFollowup:      nt.renderFollowup,
		scheduler.KindCheckin:       nt.renderCheckin,
		scheduler.KindGoalDue:       nt.renderGoal,
		scheduler.KindGoalOverdue:   nt.renderGoal,
		scheduler.KindFeedback:      nt.renderFeedbackPrompt,
		scheduler.KindFit:           nt.renderFitCheck,
		scheduler.KindQuietPair:     nt.renderQuietPair,
		scheduler.KindNudgesStopped: nt.renderNudgesStopped,
		kindCohortDue:               nt.renderCohortDue,
		kindProposalLapsed:          nt.renderProposalLapsed,
		kindProposalReminder:        nt.renderProposalReminder,
		kindClosingReminder:         nt.renderClosingReminder,
	}
}

func (b *Bot) notifyActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionNotifyRate:     b.actionNotifyRate,
		actionFitAnswer:      b.actionFitAnswer,
		actionFitEnd:         b.actionFitEnd,
		actionFitTellAdmin:   b.actionFitTellAdmin,
		actionFitKeepGoing:   b.actionFitKeepGoing,
		actionNudgesSettings: b.actionNudgesSettings,
	}
}

func (b *Bot) notifyViews() map[string]viewHandler {
	return map[string]viewHandler{cbNotifyFeedback: b.viewNotifyFeedback}
}

// obsolete says why a notification is no longer sent.
func obsolete(format string, args ...any) error {
	return fmt.Errorf("%w: %s", scheduler.ErrObsolete, fmt.Sprintf(format, args...))
}

func (nt *Notifier) now() time.Time { return clock.Or(nt.Clock).Now() }

// person loads a recipient; one the bot has never seen is the defaults.
func (nt *Notifier) person(ctx context.Context, id string) (store.User, error) {
	u, err := readUser(ctx, nt.DB, id)
	if store.ErrorCode(err) == store.ENotFound {
		return store.User{ID: id, Settings: store.DefaultSettings()}, nil
	}
	return u, err
}

// zone is the time zone a person reads times in.
func (nt *Notifier) zone(u store.User) *time.Location { return nt.zones.For(u.TZ, nt.Config.DefaultTZ) }

// nudgeTarget is the live (active: and active) pair a nudge is about and
// its recipient, who still takes nudges: obsolete otherwise.
func (nt *Notifier) nudgeTarget(ctx context.Context, n store.Notification, active bool) (store.Pair, store.User, error) {
	p, err := nt.livePairOf(ctx, n, active)
	if err != nil {
		return store.Pair{}, store.User{}, err
	}
	u, err := nt.nudgee(ctx, n.RecipientID)
	return p, u, err
}

// nudgee is person id, who still takes nudges: obsolete otherwise.
func (nt *Notifier) nudgee(ctx context.Context, id string) (store.User, error) {
	u, err := nt.person(ctx, id)
	if err != nil {
		return store.User{}, err
	}
	return u, nudgesWanted(u)
}

// nudgesWanted checks, at send time, that a person still takes nudges.
func nudgesWanted(u store.User) error {
	switch {
	case !u.Settings.NudgesOn:
		return obsolete("%s turned nudges off", u.ID)
	case !u.NudgesStoppedAt.IsZero():
		return obsolete("nudges to %s stopped after unanswered ones", u.ID)
	}
	return nil
}

// livePairOf loads the pair a notification is about: obsolete when it is
// gone, has ended, or (active) is not active.
func (nt *Notifier) livePairOf(ctx context.Context, n store.Notification, active bool) (store.Pair, error) {
	p, err := nt.DB.LoadPair(ctx, n.PairID)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
		return store.Pair{}, obsolete("pair %d is gone", n.PairID)
	case err != nil:
		return store.Pair{}, err
	case !p.Live():
		return store.Pair{}, obsolete("pair %d has ended", p.ID)
	case !p.Has(n.RecipientID):
		return store.Pair{}, obsolete("%s is not in pair %d", n.RecipientID, p.ID)
	case active && p.Status != store.PairActive:
		return store.Pair{}, obsolete("pair %d is %s", p.ID, p.Status)
	}
	return p, nil
}

// untilText says how far away d is, roughly: "in 45 minutes", "in about 2
// hours", "tomorrow"-ish as "in about 24 hours", "in 3 days".
func untilText(d time.Duration) string {
	switch {
	case d < 30*time.Second:
		return "starting now"
	case d < 90*time.Second:
		// A reminder a minute ahead (MENTORBOT_REMIND_BEFORE=1m) is not
		// "starting now", and "in 1 minutes" is no English.
		return "in a minute"
	case d < 55*time.Minute:
		return fmt.Sprintf("in %d minutes", int(d.Round(time.Minute)/time.Minute))
	case d < 75*time.Minute:
		return "in about an hour"
	case d < 105*time.Minute:
		// A 90m lead is not "about 2 hours".
		return "in about an hour and a half"
	case d < 46*time.Hour:
		// Nor is a 36h lead "2 days" (it is tomorrow).
		return fmt.Sprintf("in about %d hours", int(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("in %d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
}
