package bot

// The weekly check-in and the goal reminders.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// checkinGoalsShown bounds the goals one check-in lists per person.
const checkinGoalsShown = 8

// checkinMeetingsShown bounds the pairs whose next meeting one check-in
// lists: with the rest of the message, they stay within a few sections.
const checkinMeetingsShown = 30

// maxMessageBlocks is Slack's limit on the blocks of a message.
const maxMessageBlocks = 50

// checkinGoalSections lays out the goal lists of the check-in (one group
// per owner, from textSections) in at most budget sections; the owners
// whose lists do not fit are named in a last one with where to see them.
func checkinGoalSections(groups, owners []string, budget int) []slack.Block {
	if all := textSections(groups); len(all) <= budget {
		return all
	}
	k := len(groups)
	for k > 0 && len(textSections(groups[:k])) > budget-1 {
		k--
	}
	left := owners[k:]
	text := fmt.Sprintf("_…and the goals of %s: `/goal list @name` shows them._", cappedMentions(left, 10))
	return append(textSections(groups[:k]), section(text))
}

func (nt *Notifier) renderCheckin(ctx context.Context, n store.Notification) (reply, error) {
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return reply{}, err
	}
	if !u.Settings.CheckinsOn {
		return reply{}, obsolete("%s turned check-ins off", u.ID)
	}
	now, loc := nt.now(), nt.zone(u)
	pairs, err := nt.DB.PairsOf(ctx, u.ID, false)
	if err != nil {
		return reply{}, err
	}
	var active []store.Pair
	for _, p := range pairs {
		if p.Status == store.PairActive && !p.Snoozed(now) {
			active = append(active, p)
		}
	}
	if len(active) == 0 {
		return reply{}, obsolete("%s has no active, unsnoozed pair", u.ID)
	}

	var meetings []string
	for i, p := range active {
		if i == checkinMeetingsShown {
			meetings = append(meetings, fmt.Sprintf("_…and %d more: `/mentor pairs` lists them, `/mentor next @partner` shows each._", len(active)-i))
			break
		}
		partner := p.Partner(u.ID)
		mp, err := nt.DB.LoadMeetingPlan(ctx, p.ID)
		if err != nil {
			return reply{}, err
		}
		next, err := nextMeeting(&nt.zones, mp, now)
		line := fmt.Sprintf("• With <@%s> (%s): ", partner, roleOf(p, partner))
		switch {
		case err != nil || next.IsZero():
			line += fmt.Sprintf("_no meeting scheduled_ — set one with `/mentor meet %s weekly thu 15:00`", nt.handle(ctx, partner))
		default:
			line += "next meeting " + meetWhen(next, loc)
		}
		meetings = append(meetings, line)
	}
	head := ":sunrise: *Your weekly mentoring check-in*"
	blocks := append([]slack.Block{section(head)}, textSections(append([]string{"*Meetings*"}, meetings...))...)

	todos, err := nt.DB.MyOpenTodos(ctx, u.ID)
	if err != nil {
		return reply{}, err
	}
	if len(todos) > 0 {
		blocks = append(blocks, section(fmt.Sprintf("*Your open to-dos* (%d) — done with one? Tick it off.", len(todos))))
		partners, err := nt.todoPartners(ctx, u.ID, len(pairs), todos)
		if err != nil {
			return reply{}, err
		}
		blocks = append(blocks, todoBlocks(todos, u.ID, partners, 10)...)
	} else {
		blocks = append(blocks, section("*Your open to-dos*\n_None open — nice._"))
	}

	today := goalToday(now, loc)
	var goals, goalOwners []string
	ownGoals, menteeGoals := false, false
	owners := []string{u.ID}
	for _, p := range active {
		if p.MentorID == u.ID {
			owners = append(owners, p.MenteeID)
		}
	}
	for _, owner := range owners {
		gs, err := nt.DB.Goals(ctx, u.ID, owner, false)
		if err != nil {
			if store.ErrorCode(err) != "" {
				continue
			}
			return reply{}, err
		}
		if len(gs) == 0 {
			continue
		}
		if owner == u.ID {
			ownGoals = true
		} else {
			menteeGoals = true
		}
		title := "*Your goals*"
		if owner != u.ID {
			title = fmt.Sprintf("*<@%s>'s goals*", owner)
		}
		var summaries []string
		for _, g := range gs {
			summaries = append(summaries, goalSummary(g, today))
		}
		list := nt.goalListCmd(ctx, u.ID, owner)
		goals = append(goals, fitList(title, summaries, checkinGoalsShown, textSectionLimit, func(n int) string {
			return fmt.Sprintf("_…and %d more: `%s`_", n, list)
		}))
		goalOwners = append(goalOwners, owner)
	}
	if len(goals) > 0 {
		// What is left of Slack's 50 blocks after the hint and the footer.
		blocks = append(blocks, checkinGoalSections(goals, goalOwners, maxMessageBlocks-len(blocks)-2)...)
		// Only a goal's owner updates it; a mentor comments.
		var hint []string
		if ownGoals {
			hint = append(hint, "Update your progress with `/goal progress N PERCENT`, close a goal with `/goal done N`.")
		}
		if menteeGoals {
			hint = append(hint, "Cheer your mentee on or ask about a goal with `/goal comment N TEXT`.")
		}
		blocks = append(blocks, contextText(strings.Join(hint, " ")))
	} else if slices.ContainsFunc(active, func(p store.Pair) bool { return p.MenteeID == u.ID }) {
		blocks = append(blocks, section("*Goals*\n_No open goals. A SMART goal gives your meetings direction: `/goal add … by YYYY-MM-DD`._"))
	} else {
		// Only a mentor: goals are their mentees' to set.
		blocks = append(blocks, section("*Goals*\n_Your mentees have no open goals yet — help them set a SMART one at your next meeting._"))
	}
	blocks = append(blocks, contextText("Log each meeting with `/session log`. Fewer messages? `/mentor settings` or `/mentor snooze 2w`."))
	return reply{Text: "Your weekly mentoring check-in: meetings, open to-dos and goals.", Blocks: blocks}, nil
}

func (nt *Notifier) renderGoal(ctx context.Context, n store.Notification) (reply, error) {
	id, due, ok := scheduler.ParseGoalRef(n.Ref)
	if !ok {
		return reply{}, obsolete("bad goal reference %q", n.Ref)
	}
	g, err := nt.DB.LoadGoal(ctx, id)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
		return reply{}, obsolete("goal %d is gone", id)
	case err != nil:
		return reply{}, err
	case !g.Open():
		return reply{}, obsolete("goal %d is %s", id, g.Status)
	case g.DueOn != due:
		return reply{}, obsolete("goal %d is now due %q", id, g.DueOn)
	case g.OwnerID != n.RecipientID:
		return reply{}, obsolete("goal %d is not %s's", id, n.RecipientID)
	}
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return reply{}, err
	}
	if err := nudgesWanted(u); err != nil {
		return reply{}, err
	}
	now, loc := nt.now(), nt.zone(u)
	d, err := datetext.ParseISODate(g.DueOn)
	if err != nil {
		return reply{}, obsolete("goal %d: bad date %q", id, g.DueOn)
	}
	var head string
	if n.Kind == scheduler.KindGoalOverdue {
		head = fmt.Sprintf(":hourglass_flowing_sand: Your goal *#%d* was due on %s. Where does it stand? Mark it done, update your progress, "+
			"or give it a new date with `/goal edit %d` — adjusting a goal is part of the work, not a failure.", g.ID, goalDate(d), g.ID)
	} else {
		days := goalDaysBetween(goalToday(now, loc), d)
		in := fmt.Sprintf("in %d days", days)
		switch days {
		case 0:
			in = "today"
		case 1:
			in = "tomorrow"
		}
		head = fmt.Sprintf(":dart: Your goal *#%d* is due %s, on %s. How close are you? Update your progress, or mark it done.", g.ID, in, goalDate(d))
	}
	blocks := append([]slack.Block{section(head)}, goalBlocks(g, now, loc)...)
	return reply{Text: fmt.Sprintf("Goal #%d: %s", g.ID, goalEscFit(g.Text, 200)), Blocks: blocks}, nil
}

// todoPartners names, for someone with more than one pair (livePairs) or
// with to-dos of more than one pair, the partner of each to-do's pair, so
// that a list of them says which pair each belongs to; nil otherwise.
func (nt *Notifier) todoPartners(ctx context.Context, viewer string, livePairs int, todos []store.Todo) (map[int64]string, error) {
	seen := map[int64]bool{}
	for _, t := range todos {
		seen[t.PairID] = true
	}
	if livePairs <= 1 && len(seen) <= 1 {
		return nil, nil
	}
	all, err := nt.DB.PairsOf(ctx, viewer, true)
	if err != nil {
		return nil, err
	}
	partners := map[int64]string{}
	for _, p := range all {
		partners[p.ID] = p.Partner(viewer)
	}
	return partners, nil
}
