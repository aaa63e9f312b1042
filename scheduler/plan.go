package scheduler

import (
	"context"
	"time"
)

// Config is the programme's timing configuration.
type Config struct {
	RemindBefore       []time.Duration // MENTORBOT_REMIND_BEFORE
	AgendaPromptBefore time.Duration   // MENTORBOT_AGENDA_PROMPT_BEFORE
	FollowupAfter      time.Duration   // MENTORBOT_FOLLOWUP_AFTER
	CheckinSchedule    string          // MENTORBOT_CHECKIN_SCHEDULE
	QuietHours         string          // MENTORBOT_QUIET_HOURS
	DefaultTZ          *time.Location  // MENTORBOT_DEFAULT_TZ
}

// ReplanAll re-plans every live pair's notifications.
func (s *Scheduler) ReplanAll(ctx context.Context) error { return nil }

// PairChanged re-plans one pair's pending notifications and wakes the
// dispatcher.
func (s *Scheduler) PairChanged(ctx context.Context, pairID int64) { s.Kick() }

// UserChanged re-plans what is pending for one person.
func (s *Scheduler) UserChanged(ctx context.Context, userID string) { s.Kick() }

// planDue plans what becomes due by time (rolling horizons such as weekly
// check-ins).
func (s *Scheduler) planDue(ctx context.Context) error { return nil }

// nextPlanWake is when planning next has something to do.
func (s *Scheduler) nextPlanWake(ctx context.Context) (time.Time, bool) { return time.Time{}, false }
