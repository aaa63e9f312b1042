package main

import (
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// A DM claimed before its recipient's forget, whose conversations.open
// waits out a 429 while the forget is done, is not posted: the check comes
// after the DM channel is open, right before the post.
func TestForgetStopsADMWhoseChannelWasOpening(t *testing.T) {
	e := newEnv(t)
	due := e.clock.Now().Add(time.Hour)
	if _, err := e.app.DB.Enqueue(e.ctx, store.Notification{Key: "news:to=UCAROL", Kind: "request_answer", RecipientID: carol,
		DueAt: due, ExpiresAt: due.Add(24 * time.Hour), Payload: `{"text":"wombat news"}`}); err != nil {
		t.Fatal(err)
	}
	e.forgetWhileChannelOpens(due, carol)
	if n, err := e.app.DB.Notification(e.ctx, "news:to=UCAROL"); err != nil || n.Status != store.NoteCancelled {
		t.Errorf("the DM after the forget and the dispatch: %s %q, %v; want it cancelled", n.Status, n.LastError, err)
	}
	if got := e.dms(carol, "wombat"); len(got) > 0 {
		t.Errorf("carol, forgotten, was sent a DM after her forget: %q", got[0].Text)
	}
}

// forgetWhileChannelOpens moves the clock to due and dispatches what is
// due then, with the first conversations.open held by a 429; while it is
// held, forgetter's /mentor forget is confirmed and done.
func (e *env) forgetWhileChannelOpens(due time.Time, forgetter string) {
	e.t.Helper()
	opens := len(e.sim.CallsTo("conversations.open"))
	release := e.holdNetWaits()
	e.sim.RateLimitNext("conversations.open", 1, 2*time.Second)
	e.clock.Set(due)
	done := make(chan error, 1)
	go func() { _, err := e.app.Scheduler.DispatchDue(e.ctx); done <- err }()
	e.eventually("conversations.open to be held by a 429", func() bool { return len(e.sim.CallsTo("conversations.open")) > opens })
	pgForget(e, forgetter)
	release()
	if err := <-done; err != nil {
		e.t.Fatal(err)
	}
}
