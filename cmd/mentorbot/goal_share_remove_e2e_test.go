package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// goalShareRemove is the action of the shared post's menu.
const goalShareRemove = "goal_share_menu"

// ephemeralsTo are the answers only user sees, posted after message seq
// last.
func (e *env) ephemeralsTo(user string, last int64) []slacksim.Message {
	var out []slacksim.Message
	for _, m := range e.sim.MessagesTo(user) {
		if m.Seq > last && m.Ephemeral && m.User == user {
			out = append(out, m)
		}
	}
	return out
}

// A goal shared in a channel can be taken back by the one who shared it:
// the post's menu removes it, and the sharer is told how. Anyone else
// who opens the menu is told that only the sharer can remove it, and the
// post stays.
func TestGoalShareCanBeRemovedBySharerOnly(t *testing.T) {
	e := goalEnv(t)
	e.goalAdd(bob, "Give a talk at GopherCon by 2026-12-15")
	last := e.sim.LastSeq()
	post := e.sharePost(bob, "C0GENERAL", "share 1")
	e.settle()
	// The sharer hears, privately, that the post went and how to take it
	// back.
	told := e.ephemeralsTo(bob, last)
	if len(told) != 1 || !contains(told[0], "Remove from channel") {
		t.Errorf("bob's private word on his share:%s", describe(told))
	}

	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	last = e.sim.LastSeq()
	if _, err := e.sim.SelectOption(ctx, alice, post, goalShareRemove, "remove:1:"+bob); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if m, ok := e.sim.LookupMessage(post.Channel, post.TS); !ok || m.Deleted {
		t.Errorf("alice removed bob's shared goal")
	}
	if got := e.ephemeralsTo(alice, last); len(got) != 1 || !contains(got[0], "Only <@UBOB>, who shared it, can remove it") {
		t.Errorf("alice's answer:%s", describe(got))
	}

	// A forged press, with no message behind it, deletes nothing either.
	if got := e.press(carol, goalShareRemove, fmt.Sprintf("%s:%s", post.Channel, post.TS)); strings.Contains(got, "Removed") {
		t.Errorf("carol's forged press: %q", got)
	}
	if m, ok := e.sim.LookupMessage(post.Channel, post.TS); !ok || m.Deleted {
		t.Errorf("a forged press removed bob's shared goal")
	}

	last = e.sim.LastSeq()
	if _, err := e.sim.SelectOption(ctx, bob, post, goalShareRemove, "remove:1:"+bob); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if m, ok := e.sim.LookupMessage(post.Channel, post.TS); !ok || !m.Deleted {
		t.Errorf("bob's shared goal is still in the channel after he removed it")
	}
	if got := e.ephemeralsTo(bob, last); len(got) != 1 || !contains(got[0], "Removed goal *#1*") {
		t.Errorf("bob's answer to his removal:%s", describe(got))
	}
	// His goal itself is untouched.
	if got := e.cmd(bob, "/goal", "list"); !strings.Contains(got, "GopherCon") {
		t.Errorf("bob's goals after the removal: %q", got)
	}
}
