package bot

import (
	"context"

	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/store"
)

// profileChanged keeps the profile of someone in the programme as Slack
// has it now (user_change), and re-plans what is pending for them: a new
// time zone moves their check-ins and nudges, and a deactivated account
// gets nothing more. People the bot has never seen are not stored.
func (b *Bot) profileChanged(ctx context.Context, u slackevents.User) {
	if u.ID == "" {
		return
	}
	if _, err := b.db.User(ctx, u.ID); err != nil {
		if store.ErrorCode(err) != store.ENotFound {
			b.log.Error("user_change: load profile", "user", u.ID, "err", err)
		}
		return
	}
	p := store.Profile{ID: u.ID, Name: u.Name, RealName: u.RealName, TZ: u.TZ,
		IsAdmin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, Deleted: u.Deleted, IsBot: u.IsBot}
	if err := b.db.SaveProfile(ctx, p); err != nil {
		b.log.Error("user_change: save profile", "user", u.ID, "err", err)
		return
	}
	b.sched.UserChanged(ctx, u.ID)
}
