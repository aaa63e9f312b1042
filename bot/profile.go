package bot

import (
	"cmp"
	"context"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/mentorbot/mentorbot/internal/datetext"
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
	p := store.Profile{ID: u.ID, Name: cmp.Or(u.Name, old.Name), RealName: cmp.Or(u.RealName, old.RealName), TZ: cmp.Or(profileZone(u.TZ, u.TZOffset, old.TZ, b.clock.Now()), old.TZ),
		IsAdmin: u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, Deleted: u.Deleted, IsBot: isBotUser(u.ID, u.IsBot)}
	ended, err := b.db.SaveProfile(ctx, p, b.farewell(u.ID))
	if err != nil {
		b.log.Error("user_change: save profile", "user", u.ID, "err", err)
		return
	}
	b.sched.UserChanged(ctx, u.ID)
	b.pairsLeft(ctx, u.ID, ended)
}

// profileZone is the zone to keep for a Slack profile whose tz is name and
// tz_offset offset (seconds east of UTC), where known is the zone kept so
// far ("" for none). A profile can have the offset without the name; read
// at that offset, the person's times are right at least until their
// clocks change, where the default zone may be hours off. A known named
// zone that has that offset now is kept: it also knows when their clocks
// change. "" means nothing is known (see datetext.OffsetZoneName).
func profileZone(name string, offset int, known string, now time.Time) string {
	if name != "" {
		return name
	}
	if known != "" {
		if loc, err := datetext.LoadZone(known); err == nil {
			if _, off := now.In(loc).Zone(); off == offset {
				return known
			}
		}
	}
	return datetext.OffsetZoneName(offset)
}

// farewell is the DM telling the partner of user, who has left the
// workspace, that their pair ended (under endedKey, as /mentor end's).
func (b *Bot) farewell(user string) store.Farewell {
	return func(p store.Pair) (store.Notification, error) {
		note := textReply("<@%s> has left the workspace, so your mentoring pair has ended. Its reminders have stopped; %s. "+
			"Thank you for the time you gave each other.", user, keptAfterEnd(p, p.Partner(user)))
		return outboxNote(b.clock.Now(), endedKey(p.ID), "pair_ended", p.Partner(user), p.ID, note)
	}
}

// pairsLeft re-plans the pairs that ended because user left the workspace
// and has their farewells (queued with the end) sent.
func (b *Bot) pairsLeft(ctx context.Context, user string, ended []store.Pair) {
	for _, p := range ended {
		b.log.Info("pair ended: a member left the workspace", "pair", p.ID, "user", user)
		b.meetingsChanged(ctx, p.ID, "")
	}
	if len(ended) > 0 {
		b.sched.Kick()
	}
}
