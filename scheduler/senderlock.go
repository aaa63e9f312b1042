package scheduler

import (
	"context"
	"errors"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// senderLockPoll is how often a process that found another one sending
// from its database tries the sender lock again, unless
// Options.SenderLockPoll says otherwise: wall-clock time, not the
// programme's clock, as it waits on another process's life.
const senderLockPoll = time.Second

// otherProcessPoll bounds how long the sending process sleeps before it
// looks for DMs due at once that another process on the database stored.
const otherProcessPoll = 5 * time.Second

// landing is how long a send cut short by the death of its process may
// still be taken in by Slack: a post Slack received is posted whether or
// not its client is still there, and shows in the DM's history only then.
// A send looked for sooner is not found and goes twice. It is what a live
// process allows a call that timed out (the client's 20 s timeout, then
// the first retry's 10 s) before it looks in the DM.
const landing = 30 * time.Second

// holdSenderLock makes this process the one that sends from the database
// (store's sender lock), waiting while another process is (a rolling
// deploy: the old one finishes its sends and stops). Once held, the
// leases of sends cut short by the death of the process that sent before
// end once those sends could have landed (landing), so their DMs are
// looked for and go then rather than two minutes on. Where the lock cannot
// be had (no flock, a directory the bot may not write) the process sends
// without it, as before the lock: its claims are then waited out by
// whoever takes the lock after it, and it waits out the leases it finds.
// It returns when this process may send, with ctx's error when it stopped
// first, or with store.ErrReplaced when a restore replaced the database's
// file while it waited.
func (s *Scheduler) holdSenderLock(ctx context.Context) error {
	held, err := s.db.LockSender()
	if !held && err == nil {
		s.log.Warn("another mentorbot process is sending DMs from this database; this one answers commands and starts sending when that one stops",
			"lock", s.db.SenderLockPath())
		t := time.NewTicker(s.lockPoll)
		defer t.Stop()
		for !held && err == nil {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
			held, err = s.db.LockSender()
		}
		if held {
			s.log.Info("the other process stopped; this one sends DMs now")
		}
	}
	switch {
	case errors.Is(err, store.ErrReplaced):
		// Sending from the file moved aside would send again, from the
		// restored one after a restart, what goes now; and the commands it
		// answers would be written there. The process stops, to be started
		// again on the restored file.
		return err
	case errors.Is(err, store.ErrNoSenderLock):
		s.log.Info("sending without the sender lock (no flock here): a send cut short by a crash waits out its lease before it is looked for")
		return nil
	case err != nil:
		s.log.Warn("sending without the sender lock: a send cut short by a crash waits out its lease before it is looked for", "err", err)
		return nil
	}
	k, err := s.db.EndLeases(ctx, s.clock.Now().Add(landing))
	switch {
	case err != nil && ctx.Err() == nil:
		s.log.Error("end the leases of sends cut short by the last stop; they are looked for when the leases lapse", "err", err)
	case k > 0:
		s.log.Info("sends under way when the bot last stopped: looking for them in their DMs before sending them again, once they could have landed",
			"count", k, "in", landing)
	}
	return nil
}
