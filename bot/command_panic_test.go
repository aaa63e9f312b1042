package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// A command that panics is answered as an internal error and logged; it
// does not take the bot down (it runs in a goroutine of its own, where
// nothing else recovers it). Here the panic is a nil Slack client.
func TestPanickingCommandIsAnsweredNotFatal(t *testing.T) {
	b := &Bot{log: slog.New(slog.DiscardHandler)}
	rp, reads := b.runCommandRecovered(context.Background(), slack.SlashCommand{Command: "/goal", Text: "list", UserID: "U1"})
	if !strings.Contains(rp.Text, "something went wrong") || reads {
		t.Errorf("answer to a panicking command = %q, only read %v", rp.Text, reads)
	}
}
