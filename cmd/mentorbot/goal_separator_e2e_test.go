package main

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
)

// A separator standing alone between a goal's number (or its progress)
// and the words after it ("/goal drop 3 , not relevant any more", "3 -
// note", "3 — note") goes with the number, as "3," does: the reason, note
// or comment stored and echoed does not start with it.
func TestGoalReasonAfterALooseSeparator(t *testing.T) {
	e := goalEnv(t) // alice mentors bob
	for range 6 {
		if got := e.cmd(bob, "/goal", "add Give a talk"); !strings.Contains(got, "Added goal") {
			t.Fatalf("adding a goal: %q", got)
		}
	}
	lastNote := func(id int64) string {
		t.Helper()
		hist, err := e.app.DB.GoalProgress(e.ctx, bob, id)
		if err != nil || len(hist) == 0 {
			t.Fatalf("goal #%d's history: %+v, %v", id, hist, err)
		}
		return hist[len(hist)-1].Note
	}

	for _, c := range []struct {
		id          int64
		text, reply string
	}{
		{1, "drop 1 , not relevant any more", "not relevant any more"},
		{2, "drop 2 : the team changed", "the team changed"},
		{3, "drop 3 - moved to next year", "moved to next year"},
		{4, "drop 4 — done elsewhere", "done elsewhere"},
	} {
		got := e.cmd(bob, "/goal", c.text)
		if !strings.Contains(got, "I've kept your reason") || !strings.Contains(got, c.reply) {
			t.Errorf("/goal %s = %q", c.text, got)
		}
		for _, sep := range []string{", ", ": ", "- ", "— "} {
			if strings.Contains(got, "“"+sep) || strings.Contains(got, "> "+sep) || strings.Contains(got, "\n"+sep) {
				t.Errorf("/goal %s echoes the separator: %q", c.text, got)
			}
		}
		if note, want := lastNote(c.id), "Dropped: "+c.reply; note != want {
			t.Errorf("/goal %s: stored %q, want %q", c.text, note, want)
		}
	}

	for _, c := range []struct {
		text, note string
		pct        int
	}{
		{"progress 5 40 , first draft written", "first draft written", 40},
		{"progress 5 50% - slides reviewed", "slides reviewed", 50},
		{"progress 5 60 percent ; rehearsed once", "rehearsed once", 60},
		{"progress 70% 5 — booked the room", "booked the room", 70},
		// Or glued to the figure, as "3," is to a goal's number.
		{"progress 5 75, dry run done", "dry run done", 75},
		{"progress 5 80%: polished", "polished", 80},
		{"progress 5 85 %; timed it", "timed it", 85},
	} {
		got := e.cmd(bob, "/goal", c.text)
		if !strings.Contains(got, "> "+c.note) {
			t.Errorf("/goal %s = %q", c.text, got)
		}
		if note := lastNote(5); note != c.note {
			t.Errorf("/goal %s: stored note %q, want %q", c.text, note, c.note)
		}
		if g := e.goalStored(5); g.Progress != c.pct {
			t.Errorf("/goal %s: progress %d%%, want %d%%", c.text, g.Progress, c.pct)
		}
	}

	for i, text := range []string{"comment 6 , great progress", "comment 6 - see you Friday", "comment 6 : next step?"} {
		// alice mentors bob: her comment goes to him alone.
		if got := e.cmd(alice, "/goal", text); !strings.Contains(got, "Sent your comment on goal #6 to <@UBOB>.") {
			t.Errorf("/goal %s = %q", text, got)
		}
		cs, err := e.app.DB.GoalComments(e.ctx, alice, 6)
		if err != nil || len(cs) != i+1 {
			t.Fatalf("goal #6's comments: %+v, %v", cs, err)
		}
		want := []string{"great progress", "see you Friday", "next step?"}[i]
		if got := cs[len(cs)-1].Text; got != want {
			t.Errorf("/goal %s: stored %q, want %q", text, got, want)
		}
	}
	// An emoji's colon is no separator; nor is a dash that starts a word.
	if got := e.cmd(alice, "/goal", "comment 6 :tada: -10 kg"); !strings.Contains(got, "Sent your comment on goal #6 to <@UBOB>.") {
		t.Errorf("/goal comment with an emoji = %q", got)
	}
	if cs, _ := e.app.DB.GoalComments(e.ctx, alice, 6); len(cs) != 4 || cs[3].Text != ":tada: -10 kg" {
		t.Errorf("goal #6's comments: %+v", cs)
	}

	// "/goal done" takes no note: a separator with nothing after it is
	// nothing more, and words after one are refused, as typed.
	if got := e.cmd(bob, "/goal", "done 6 , felt great"); !strings.Contains(got, "I don't know what to do with “, felt great” after it") {
		t.Errorf("/goal done 6 , felt great = %q", got)
	}
	if g := e.goalStored(6); g.Status != store.GoalOpen {
		t.Errorf("goal #6: %s, want open", g.Status)
	}
	if got := e.cmd(bob, "/goal", "done 6 ,"); strings.Contains(got, "I don't know what to do") {
		t.Errorf("/goal done 6 , = %q", got)
	}
	if g := e.goalStored(6); g.Status != store.GoalDone {
		t.Errorf("goal #6: %s, want done", g.Status)
	}
	// A number after a separator is another goal, as after a comma.
	if got := e.cmd(bob, "/goal", "drop 5 - 6"); !strings.Contains(got, "I don't know what to do with “- 6” after it, so nothing changed.") {
		t.Errorf("/goal drop 5 - 6 = %q", got)
	}
}
