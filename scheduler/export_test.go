package scheduler

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// SetBeforeStore sets a hook that runs between a full re-plan's read of a
// chunk of pairs and the transaction that stores its plan.
func SetBeforeStore(s *Scheduler, f func()) { s.beforeStore = f }

// Deliver sends n as a claim of a dispatcher pass does.
func Deliver(ctx context.Context, s *Scheduler, n store.Notification) { s.deliver(ctx, n) }

// Landing is landing: how long after a start the sends a dead process had
// under way are looked for.
const Landing = landing
