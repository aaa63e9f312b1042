package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/store"
)

// fsNote is the notification of kind to user, failing the test when there
// is none.
func fsNote(e *env, kind, user string) store.Notification {
	e.t.Helper()
	for _, n := range e.notes() {
		if n.Kind == kind && n.RecipientID == user {
			return n
		}
	}
	e.t.Fatalf("no %s DM to %s", kind, user)
	return store.Notification{}
}

// A DM to bob whose send failed in a way that may pass waits for its
// retry, claimed ('sending'), when he asks to be forgotten. It was posted
// on the retry, after the forget, and its copy (alice's notes) kept. It
// is not tried again, and no copy is kept.
func TestForgetStopsADMWaitingForItsRetry(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.settle()
	// The log makes three DMs go: bob's of the session, alice's check-in
	// and good-fit question. Each fails, in whatever order they go.
	e.sim.FailNext("chat.postMessage", 3, "internal_error", 500)
	e.cmd(alice, "/session", "log <@UBOB|bob> went through the wombat roadmap")
	e.eventually("bob's session DM to wait for its retry", func() bool {
		n := fsNote(e, "session_logged", bob)
		return n.Status == store.NoteSending && n.LastError != ""
	}, func() string {
		n := fsNote(e, "session_logged", bob)
		var chs []string
		for _, c := range e.sim.CallsTo("chat.postMessage") {
			chs = append(chs, c.Params.Get("channel")+" "+c.Params.Get("text"))
		}
		return fmt.Sprintf("%s %q attempts %d; posts %q (bob %s)", n.Status, n.LastError, n.Attempts, chs, e.dmChannel(bob))
	})
	pgForget(e, bob)
	e.advance(time.Minute)
	e.advance(time.Hour)
	if got := e.dms(bob, "wombat"); len(got) > 0 {
		t.Errorf("bob, forgotten, was sent alice's session after his forget: %q", got[0].Text)
	}
	if n := fsNote(e, "session_logged", bob); n.Status != store.NoteCancelled || n.Payload != "" {
		t.Errorf("bob's session DM after his forget: %s, payload %q; want it cancelled, with no copy", n.Status, n.Payload)
	}
	noFailures(t, e)
}

// A DM to alice waits out Slack's 429 (which means Slack did nothing)
// when she asks to be forgotten. It was posted when the wait ended, after
// the forget. It is not: the client asks again right before each post,
// and the DM is recorded as cancelled, with no copy.
func TestForgetStopsADMHeldByA429(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.settle()
	posts := len(e.sim.CallsTo("chat.postMessage"))
	release := e.holdNetWaits()
	e.sim.RateLimitNext("chat.postMessage", 1, 5*time.Second)
	e.cmd(bob, "/session", "log <@UALICE|alice> went through the wombat roadmap todo: draft the RFC")
	e.eventually("a DM to be held by the 429", func() bool { return len(e.sim.CallsTo("chat.postMessage")) > posts })
	if held := e.sim.CallsTo("chat.postMessage")[posts].Params.Get("channel"); held != e.dmChannel(alice) {
		t.Fatalf("the DM held by the 429 went to %s, not alice", held)
	}
	pgForget(e, alice)
	if n := fsNote(e, "session_logged", alice); n.Status == store.NoteSent {
		t.Fatalf("alice's session DM was sent before her forget, not held")
	}
	release()
	e.settle()
	e.advance(time.Hour)
	if got := e.dms(alice, "wombat"); len(got) > 0 {
		t.Errorf("alice, forgotten, was sent bob's session after her forget: %q", got[0].Text)
	}
	if n := fsNote(e, "session_logged", alice); n.Status != store.NoteCancelled || n.Payload != "" || n.Channel != "" || n.TS != "" {
		t.Errorf("alice's session DM after her forget: %s, payload %q, at %q %q; want it cancelled, with no copy and no place",
			n.Status, n.Payload, n.Channel, n.TS)
	}
	noFailures(t, e)
}

// Two DMs to bob fall due together and are claimed in one batch: the
// first waits out Slack's 429 when he asks to be forgotten, the second
// waits behind it, claimed but not begun. Both were posted after the
// forget. Neither is.
func TestForgetStopsAClaimedDMNotBegun(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	due := e.clock.Now().Add(6 * time.Hour)
	e.clock.Set(due.Add(-time.Minute))
	e.settle()
	for i, text := range []string{"first wombat", "second wombat"} {
		if _, err := e.app.DB.Enqueue(e.ctx, store.Notification{Key: fmt.Sprintf("fs-test:%d:to=UBOB", i), Kind: "request_answer", RecipientID: bob,
			DueAt: due, ExpiresAt: due.Add(24 * time.Hour), Payload: fmt.Sprintf(`{"text":%q}`, text)}); err != nil {
			t.Fatal(err)
		}
	}
	held, wait := e.dispatchHeldBy429(due)
	if held != e.dmChannel(bob) {
		t.Fatalf("the DM held by the 429 went to %s, not bob", held)
	}
	var claimed int
	for _, n := range e.notes() {
		if strings.HasPrefix(n.Key, "fs-test:") && n.Status == store.NoteSending {
			claimed++
		}
	}
	if claimed != 2 {
		t.Fatalf("%d of the two DMs claimed when bob's forget began, want both", claimed)
	}
	pgForget(e, bob)
	wait()
	e.settle()
	e.advance(time.Hour)
	if got := e.dms(bob, "wombat"); len(got) > 0 {
		t.Errorf("bob, forgotten, was sent a DM claimed before his forget and posted after it: %q", got[0].Text)
	}
	for _, n := range e.notes() {
		if strings.HasPrefix(n.Key, "fs-test:") && (n.Status != store.NoteCancelled || n.Payload != "") {
			t.Errorf("%s after bob's forget: %s, payload %q; want it cancelled, with no copy", n.Key, n.Status, n.Payload)
		}
	}
	noFailures(t, e)
}

// Bob's feedback to alice waits for its retry (claimed, 'sending') when
// he asks to be forgotten. It went to alice on the retry, and its copy of
// bob's words was kept. The forget deletes his feedback: the DM that
// carries it is cancelled, with no copy, and does not go.
func TestForgetStopsAPartnersDMWithTheirWords(t *testing.T) {
	e := newEnv(t)
	pgPair(e)
	e.settle()
	e.sim.FailNext("chat.postMessage", 1, "internal_error", 500)
	e.cmd(bob, "/mentor", "feedback <@UALICE|alice> wombat secret words")
	var feedback store.Notification
	e.eventually("alice's feedback DM to wait for its retry", func() bool {
		for _, n := range e.notes() {
			if n.RecipientID == alice && strings.Contains(n.Payload, "wombat") && n.Status == store.NoteSending && n.LastError != "" {
				feedback = n
				return true
			}
		}
		return false
	})
	pgForget(e, bob)
	e.advance(time.Minute)
	e.advance(time.Hour)
	if got := e.dms(alice, "wombat"); len(got) > 0 {
		t.Errorf("alice was sent bob's feedback after his forget: %q", got[0].Text)
	}
	for _, n := range e.notes() {
		if n.RecipientID == alice && strings.Contains(n.Payload, "wombat") {
			t.Errorf("after bob's forget, alice's %s DM (%s) keeps bob's words: %q", n.Kind, n.Status, n.Payload)
		}
		if n.ID == feedback.ID && n.Status != store.NoteCancelled {
			t.Errorf("alice's feedback DM after bob's forget: %s; want it cancelled", n.Status)
		}
	}
	pgWait(e, alice, "asked mentorbot to delete their data")
	noFailures(t, e)
}
