package scheduler

// SetBeforeRecordAgain sets a hook that runs once a dispatcher pass has
// taken the sends whose recording failed, before it records them again.
func SetBeforeRecordAgain(s *Scheduler, f func()) { s.beforeRecordAgain = f }
