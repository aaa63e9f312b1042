package scheduler

// SetBeforeStore sets a hook that runs between a full re-plan's read of a
// chunk of pairs and the transaction that stores its plan.
func SetBeforeStore(s *Scheduler, f func()) { s.beforeStore = f }
