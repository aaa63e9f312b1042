package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// limitsSections returns the text of each section block of a message.
func limitsSections(t *testing.T, raw []byte) []string {
	t.Helper()
	var blocks []struct {
		Type string `json:"type"`
		Text struct {
			Text string `json:"text"`
		} `json:"text"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range blocks {
		if b.Type == "section" {
			out = append(out, b.Text.Text)
		}
	}
	return out
}

func limitsNoBrokenEntity(t *testing.T, what, text string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`&[^ ]{0,4}`).FindAllString(text, -1) {
		if m != "&amp;" && m != "&lt;" && m != "&gt;" && !strings.HasPrefix(m, "&amp;") && !strings.HasPrefix(m, "&lt;") && !strings.HasPrefix(m, "&gt;") {
			t.Errorf("%s has a broken entity %q", what, m)
		}
	}
}

// The check-in lists a mentee's goals under a title: when long goals do
// not all fit one section, whole goals are left out from the end and the
// pointer under them counts them and says where to see them all.
func TestCheckinGoalsTooLongForASectionKeepWholeGoalsAndThePointer(t *testing.T) {
	e, _ := schedEnv(t)
	e.pair(alice, bob)
	const goals = 10
	for i := 1; i <= goals; i++ {
		text := fmt.Sprintf("Goal %d: %s the end %d", i, strings.Repeat("R&D ", 68), i)
		if got := e.cmd(bob, "/goal", "add "+strings.NewReplacer("&", "&amp;").Replace(text)+" by 2027-06-30"); !strings.Contains(got, fmt.Sprintf("#%d", i)) {
			t.Fatalf("/goal add %d = %q", i, got)
		}
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	m := e.schedDM("checkin:to=UBOB:on=2026-11-09")
	var group string
	for _, s := range limitsSections(t, m.Blocks) {
		if strings.Contains(s, "*Your goals*") {
			group = s
		}
		if n := len([]rune(s)); n > 3000 {
			t.Errorf("a section of %d characters", n)
		}
	}
	if group == "" {
		t.Fatalf("bob's check-in has no goals:\n%s", blockText(m.Blocks))
	}
	shown := 0
	for i := 1; i <= goals; i++ {
		if strings.Contains(group, fmt.Sprintf("Goal %d:", i)) {
			shown++
			if !strings.Contains(group, fmt.Sprintf("the end %d\n", i)) {
				t.Errorf("goal %d is cut:\n%s", i, group)
			}
		}
	}
	if shown == 0 || shown == goals {
		t.Fatalf("%d goals shown; want some, not all:\n%s", shown, group)
	}
	if want := fmt.Sprintf("_…and %d more: `/goal list`_", goals-shown); !strings.HasSuffix(group, want) {
		t.Errorf("the goals end %q; want the pointer %q", group[max(0, len(group)-80):], want)
	}
	limitsNoBrokenEntity(t, "the check-in", group)
}

// Long notes full of "<" and ">" are echoed escaped, cut to fit a
// section: the cut never leaves half an entity.
func TestSessionLogEchoOfLongNotesEndsOnAWholeEntity(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	notes := "we met " + strings.Repeat("<>", 1000)
	got := e.cmd(alice, "/session", "log "+strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(notes))
	if !strings.Contains(got, "Logged session") {
		t.Fatalf("/session log = %q", got)
	}
	limitsNoBrokenEntity(t, "the reply", got)
	m := e.waitDM(bob, "logged your session")
	for _, s := range limitsSections(t, m.Blocks) {
		limitsNoBrokenEntity(t, "bob's DM", s)
	}
}

// A mentor in many pairs gets the weekly check-in all the same: the
// meetings are spread over sections of Slack's size, and past a few dozen
// pairs a last line says how many more there are and where to see them.
func TestCheckinOfAMentorInManyPairsIsDelivered(t *testing.T) {
	e, _ := schedEnv(t)
	const mentees = 40
	for i := range mentees {
		id := fmt.Sprintf("UMENTEE%02d", i)
		e.sim.AddUser(slacksim.User{ID: id, Name: fmt.Sprintf("mentee_with_a_rather_long_handle_%02d", i),
			RealName: fmt.Sprintf("Mentee %02d", i), TZ: "Europe/Berlin"})
		// Straight into the store: forty intro DMs to alice would take
		// Slack's one message a second to her channel.
		if _, err := e.app.DB.CreatePair(e.ctx, dana, alice, id); err != nil {
			t.Fatal(err)
		}
	}
	e.schedWalk(schedAt("2026-11-09 15:00"))
	m := e.schedDM("checkin:to=UALICE:on=2026-11-09")
	text := blockText(m.Blocks)
	if n := strings.Count(text, "• With <@UMENTEE"); n != 30 {
		t.Errorf("%d pairs listed, want 30", n)
	}
	if !strings.Contains(text, "…and 10 more: `/mentor pairs`") {
		t.Errorf("no pointer to the 10 pairs left out:\n%s", text)
	}
	for _, s := range limitsSections(t, m.Blocks) {
		if n := len([]rune(s)); n > 3000 {
			t.Errorf("a section of %d characters", n)
		}
	}
	for _, f := range e.sim.Failures() {
		t.Errorf("simulator flagged: %s", f)
	}
}
