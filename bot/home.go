package bot

import (
	"context"

	"github.com/slack-go/slack"
)

// PublishHome publishes a person's App Home tab.
func (b *Bot) PublishHome(ctx context.Context, userID string) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		section("*mentorbot* helps you run your mentoring: goals with `/goal`, meetings with `/mentor meet`, notes with `/session log`."),
	}}}
	return b.slack.PublishHome(ctx, userID, view)
}
