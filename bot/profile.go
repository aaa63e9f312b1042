package bot

import (
	"cmp"
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
	old, err := b.db.User(ctx, u.ID)
	if err != nil {
		if store.ErrorCode(err) != store.ENotFound {
			b.log.Error("user_change: load profile", "user", u.ID, "err", err)
		}
		return
	}
	// An event that leaves a field out does not wipe what is known.
	p := store.Profile{ID: u.ID, Name: cmp.Or(u.Name, old.Name), RealName: cmp.Or(u.RealName, old.RealName), TZ: cmp.Or(u.TZ, old.TZ),
		IsAdmin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, Deleted: u.Deleted, IsBot: u.IsBot}
	if err := b.db.SaveProfile(ctx, p); err != nil {
		b.log.Error("user_change: save profile", "user", u.ID, "err", err)
		return
	}
	b.sched.UserChanged(ctx, u.ID)
}
