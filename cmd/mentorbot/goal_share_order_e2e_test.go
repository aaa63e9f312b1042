package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// seenIn is what user sees in channel after message seq last, in the
// order it came: what everyone there sees, and what only they do.
func (e *env) seenIn(user, channel string, last int64) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range e.sim.Messages() {
		if m.Seq > last && m.Channel == channel && !m.Deleted && (!m.Ephemeral || m.User == user) {
			out = append(out, m)
		}
	}
	return out
}

// sharePost has user type `/goal text` (a share) in channel, and returns
// the post it made there for everyone in it to see; the test stops when
// none came. The post goes through the response_url, the command's ack
// carrying nothing.
func (e *env) sharePost(user, channel, text string) slacksim.Message {
	e.t.Helper()
	last := e.sim.LastSeq()
	e.cmdIn(user, channel, "/goal", text)
	var seen []string
	for _, m := range e.seenIn(user, channel, last) {
		if m.Via == "response_url" && !m.Ephemeral {
			return m
		}
		seen = append(seen, truncateForLog(m.Text))
	}
	e.t.Fatalf("/goal %s by %s in %s posted nothing; they see:\n%s", text, user, channel, strings.Join(seen, "\n"))
	return slacksim.Message{}
}

// postText is a message's text and the text of its blocks.
func postText(m slacksim.Message) string { return m.Text + "\n" + blockText(m.Blocks) }

// The sharer's private word on a shared goal (how to take it back) comes
// after the post it speaks of, even when the ack reaches Slack late: the
// word follows the post's acceptance, not the ack's sending.
func TestGoalShareHintComesAfterThePost(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give a talk at GopherCon by 2026-12-15")
	// A slow way back to Slack: each command's ack takes a while to land.
	e.sim.SetAckDelayHook(func(typ string) time.Duration {
		if typ == "slash_commands" {
			return 300 * time.Millisecond
		}
		return 0
	})
	last := e.sim.LastSeq()
	e.cmdIn(bob, "C0GENERAL", "/goal", "share 1")
	e.sim.SetAckDelayHook(nil)
	e.settle()
	seen := e.seenIn(bob, "C0GENERAL", last)
	var order []string
	for _, m := range seen {
		order = append(order, truncateForLog(m.Text))
	}
	if len(seen) != 2 || !seen[0].InChannel || !strings.Contains(seen[0].Text, "<@UBOB> is working toward a goal") ||
		!seen[1].Ephemeral || !contains(seen[1], "Shared goal *#1* here") {
		t.Fatalf("what bob sees in #general after his share, in order:\n%s", strings.Join(order, "\n"))
	}
	// The post is the one its menu removes.
	post := seen[0]
	if !strings.Contains(string(post.Blocks), goalShareRemove) {
		t.Errorf("the post has no menu to remove it: %s", blockText(post.Blocks))
	}
}

// The post goes outside the ack: a share whose ack was lost, which Slack
// delivers again, still posts once, and its sharer hears of it once.
func TestRedeliveredGoalSharePostsOnce(t *testing.T) {
	for _, c := range []struct {
		name      string
		uncounted bool
	}{{"retry_attempt 1", false}, {"retry_attempt 0", true}} {
		t.Run(c.name, func(t *testing.T) {
			e, _, _ := faultEnv(t, faultOpts{})
			e.goalAdd(bob, "Give a talk at GopherCon by 2026-12-15")
			last := e.sim.LastSeq()
			e.sim.DropAfterNextEnvelope(slacksim.Redelivery{Uncounted: c.uncounted})
			e.cmdIn(bob, "C0GENERAL", "/goal", "share 1")
			e.settle()
			if n := e.sim.Redeliveries(); n != 1 {
				t.Fatalf("%d redeliveries, want 1", n)
			}
			var posts, hints int
			var seen []string
			for _, m := range e.seenIn(bob, "C0GENERAL", last) {
				seen = append(seen, truncateForLog(m.Text))
				switch {
				case m.InChannel && strings.Contains(m.Text, "is working toward a goal"):
					posts++
				case m.Ephemeral && contains(m, "Shared goal *#1* here"):
					hints++
				}
			}
			if posts != 1 || hints != 1 || len(seen) != 2 {
				t.Errorf("what bob sees in #general after a redelivered share:\n%s", strings.Join(seen, "\n"))
			}
		})
	}
}
