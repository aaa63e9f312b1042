package bot

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// Slack writes "(optional)" after the label of every optional input
// block itself; a label that says it too reads "What moved? (optional)
// (optional)" in the modal.
func TestOptionalInputLabelsDoNotSayOptional(t *testing.T) {
	for name, v := range map[string]slack.ModalViewRequest{
		"goal progress": goalProgressModal(store.Goal{ID: 2, Text: "Learn Go", Status: store.GoalOpen}, "DUBOB", ""),
		"feedback":      feedbackModal("UALICE", 4, modalMeta{}),
	} {
		for _, b := range v.Blocks.BlockSet {
			in, ok := b.(*slack.InputBlock)
			if !ok || !in.Optional || in.Label == nil {
				continue
			}
			if strings.Contains(strings.ToLower(in.Label.Text), "optional") {
				t.Errorf("%s modal: the optional input %s is labelled %q; Slack adds \"(optional)\" itself", name, in.BlockID, in.Label.Text)
			}
		}
	}
}
