package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// A proposal whose reasons are only the time-zone note reads as a note in
// the admin's review and in the DM, never as " — note: …".
func TestProposalWithOnlyTheZoneNoteReadsWell(t *testing.T) {
	for _, stored := range []string{" — note: 8 h apart", "note: 8 h apart"} {
		p := store.Proposal{ID: 7, Round: 1, MentorID: "UA", MenteeID: "UB", Reasons: stored, Status: store.ProposalDraft}
		review := blocksText(t, roundReview(1, []store.Proposal{p}, nil, reviewNotes{}, 0).Blocks)
		if !strings.Contains(review, "<@UA> mentors <@UB>\nNote: time zones 8 h apart") || strings.Contains(review, "— note") {
			t.Errorf("review of %q:\n%s", stored, review)
		}
		dm := blocksText(t, proposalMessage(p, "UB", nil, "", nil).Blocks)
		if !strings.Contains(dm, "Note: time zones 8 h apart") || strings.Contains(dm, "Why you two") || strings.Contains(dm, "— note") {
			t.Errorf("DM of %q:\n%s", stored, dm)
		}
	}
}

// blocksText is the mrkdwn and plain text of blocks, as JSON carries it.
func blocksText(t *testing.T, blocks []slack.Block) string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["text"].(string); ok {
				b.WriteString(s + "\n")
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return b.String()
}
