package bot

import (
	"context"
	"log/slog"
	"testing"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// Outside a command — a button, a modal's user picker — nobody typed a
// mention, so the answer about an ID Slack does not know says "that
// person", not "the person you mentioned".
func TestUnknownUserOutsideACommandIsThatPerson(t *testing.T) {
	_, sl := profileClient(t, slacksim.User{ID: "UALICE", Name: "alice", TZ: "UTC"})
	_, err := sl.Profile(context.Background(), "UZZZZ")
	if !isUnknownUser(err) {
		t.Fatalf("Profile(UZZZZ): %v, want unknown user", err)
	}
	b := &Bot{log: slog.New(slog.DiscardHandler)}
	if got, want := b.friendly(err, "modal"), "I can't find that person in this workspace."; got != want {
		t.Errorf("answer = %q, want %q", got, want)
	}
}
