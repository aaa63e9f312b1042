package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// limitsTopics makes n distinct topics of exactly size characters.
func limitsTopics(n, size int) []string {
	var ts []string
	for i := range n {
		t := fmt.Sprintf("topic %02d ", i)
		ts = append(ts, t+strings.Repeat("x", size-len(t)))
	}
	return ts
}

// limitsReopenJoin runs /mentor join again and returns the form; it fails
// when the form does not open.
func limitsReopenJoin(t *testing.T, e *env, user string) slacksim.View {
	t.Helper()
	if got := e.cmd(user, "/mentor", "join"); got != "" {
		t.Fatalf("/mentor join again answered %q; want the form", got)
	}
	return e.waitModal(user, "match_join")
}

// limitsOtherTopics is what the join form's "Other topics" field is
// filled in with.
func limitsOtherTopics(t *testing.T, v slacksim.View) string {
	t.Helper()
	return initialValue(t, v, "topics_other")
}

// initialValue is what the input of block blockID in modal v is filled
// in with; the test fails when v has no such block.
func initialValue(t *testing.T, v slacksim.View, blockID string) string {
	t.Helper()
	var view struct {
		Blocks []struct {
			BlockID string `json:"block_id"`
			Element struct {
				InitialValue string `json:"initial_value"`
			} `json:"element"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(v.JSON, &view); err != nil {
		t.Fatal(err)
	}
	for _, b := range view.Blocks {
		if b.BlockID == blockID {
			return b.Element.InitialValue
		}
	}
	t.Fatalf("the form has no %s block: %s", blockID, v.JSON)
	return ""
}

// A sign-up whose other topics were typed "a,b,c" (no spaces) right up to
// the field's limit is filled back in as "a, b, c": the form still opens,
// with every topic, and saving it unchanged keeps them.
func TestJoinReopensWhenTopicsTypedWithoutSpacesFillTheField(t *testing.T) {
	e := matchEnv(t)
	topics := limitsTopics(20, 29)
	typed := strings.Join(topics, ",")
	if len(typed) != 599 {
		t.Fatalf("typed %d characters, want 599", len(typed))
	}
	matchJoin(e, carol, signup{role: "mentee", other: typed})

	v := limitsReopenJoin(t, e, carol)
	if shown := limitsOtherTopics(t, v); shown != strings.Join(topics, ", ") {
		t.Fatalf("the form is not filled in with carol's topics:\n%s", shown)
	}
	sub, err := e.sim.SubmitView(matchCtx(e), carol, v.ID, map[string]map[string]any{
		"role": {"role": "mentee"}, "topics_other": {"topics_other": strings.Join(topics, ", ")}})
	if err != nil || len(sub.Errors) > 0 || !sub.Closed {
		t.Fatalf("saving the form unchanged: %v %+v", err, sub)
	}
	s, err := e.app.DB.Signup(e.ctx, carol)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Topics, topics) {
		t.Errorf("topics after saving the form again = %q, want %q", s.Topics, topics)
	}
	matchNoFailures(e)
}

// Topics an admin takes off the list stay in the sign-ups of those who
// chose them and move to the "Other topics" field: a full sign-up of
// long listed topics still opens, with all of them.
func TestJoinReopensWhenTheAdminRemovedEveryTopicChosen(t *testing.T) {
	e := matchEnv(t)
	topics := limitsTopics(20, 60)
	if got := e.cmd(dana, "/mentor", "topics add "+strings.Join(topics, ", ")); !strings.Contains(got, "Added") {
		t.Fatalf("topics add = %q", got)
	}
	matchJoin(e, carol, signup{role: "mentee", topics: topics})
	if got := e.cmd(dana, "/mentor", "topics remove "+strings.Join(topics, ", ")); !strings.Contains(got, "Removed") {
		t.Fatalf("topics remove = %q", got)
	}
	v := limitsReopenJoin(t, e, carol)
	if shown := limitsOtherTopics(t, v); shown != strings.Join(topics, ", ") {
		t.Fatalf("the form is not filled in with carol's topics:\n%s", shown)
	}
	matchNoFailures(e)
}

// A form Slack refuses (invalid_arguments and the like) is not answered as
// if the person had been too slow: trying again would not help.
func TestRefusedFormIsNotBlamedOnTime(t *testing.T) {
	e := newEnv(t)
	e.sim.StartOutage(slacksim.Outage{Method: "views.open", Until: e.clock.Now().Add(time.Hour), Status: 400})
	got := e.cmd(bob, "/goal", "")
	if strings.Contains(got, "only a few seconds") || !strings.Contains(got, "Slack refused it") {
		t.Errorf("/goal with views.open refused: %q", got)
	}
}
