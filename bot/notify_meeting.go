package bot

// Meeting notifications: reminders, agenda prompts, follow-ups, and the
// quiet-pair nudge.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// meetingOf is the meeting a notification is about, checked at send time.
type meetingOf struct {
	pair    store.Pair
	plan    store.MeetingPlan
	rule    cadence.Rule
	at      time.Time
	partner string
	reader  store.User
	loc     *time.Location
}

// meeting loads and checks the meeting of n: obsolete when its pair has
// ended or is paused, or when it is no longer on the schedule (moved,
// skipped, the schedule changed).
func (nt *Notifier) meeting(ctx context.Context, n store.Notification) (meetingOf, error) {
	at, ok := scheduler.ParseMeetingRef(n.Ref)
	if !ok {
		return meetingOf{}, obsolete("bad meeting reference %q", n.Ref)
	}
	mp, err := nt.DB.LoadMeetingPlan(ctx, n.PairID)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
		return meetingOf{}, obsolete("pair %d is gone", n.PairID)
	case err != nil:
		return meetingOf{}, err
	case !mp.Pair.Live():
		return meetingOf{}, obsolete("pair %d has ended", n.PairID)
	case mp.Paused():
		return meetingOf{}, obsolete("pair %d is paused", n.PairID)
	case !mp.Pair.Has(n.RecipientID):
		return meetingOf{}, obsolete("%s is not in pair %d", n.RecipientID, n.PairID)
	case !mp.Scheduled:
		return meetingOf{}, obsolete("pair %d has no meetings", n.PairID)
	}
	rule, err := cadence.DecodeIn(mp.Schedule.Rule, nt.zones.Load)
	if err != nil {
		return meetingOf{}, obsolete("pair %d: %v", n.PairID, err)
	}
	changes, ok := mp.ChangesFrom(at)
	if !ok {
		if changes, err = nt.DB.MeetingChanges(ctx, n.PairID, at); err != nil {
			return meetingOf{}, err
		}
	}
	if series := meetingSeries(rule, changes); !series.Has(at) {
		if slices.ContainsFunc(series.Off, at.Equal) {
			return meetingOf{}, obsolete("the meeting at %v was skipped or moved", at)
		}
		held, err := nt.heldBeforeReplaced(ctx, n, at)
		if err != nil {
			return meetingOf{}, err
		}
		if !held {
			return meetingOf{}, obsolete("the meeting at %v is no longer on the schedule", at)
		}
	}
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return meetingOf{}, err
	}
	return meetingOf{pair: mp.Pair, plan: mp, rule: rule, at: at, partner: mp.Pair.Partner(n.RecipientID), reader: u, loc: nt.zone(u)}, nil
}

// heldBeforeReplaced reports whether n is the follow-up of a meeting of the
// pair's previous schedule, held before that was replaced: it still goes
// (the plan keeps it, scheduler.planPair). The meeting's other rows do
// not.
func (nt *Notifier) heldBeforeReplaced(ctx context.Context, n store.Notification, at time.Time) (bool, error) {
	if n.Kind != scheduler.KindFollowup {
		return false, nil
	}
	sc, replaced, ok, err := nt.DB.ReplacedSchedule(ctx, n.PairID)
	if err != nil || !ok || !at.Before(replaced) {
		return false, err
	}
	prev, err := cadence.DecodeIn(sc.Rule, nt.zones.Load)
	if err != nil {
		return false, nil
	}
	next, ok := prev.Next(at)
	return ok && next.Equal(at), nil
}

// agendaSection lists the pair's open agenda under head, within limit
// characters of the message's budget: whole items, then how many more and
// where to see them all.
func (nt *Notifier) agendaSection(ctx context.Context, m meetingOf, head string, budget *textBudget, limit int) ([]slack.Block, error) {
	items, err := nt.DB.OpenAgenda(ctx, m.pair.ID)
	if err != nil {
		return nil, err
	}
	handle := nt.handle(ctx, m.partner)
	// A DM about a later meeting drawn while another is on (one moved to
	// just before it) does not call the items of the one on carried over;
	// nor those added during it "for the next meeting", this DM's.
	carriedBefore := nt.now()
	onNow, _, _, err := meetingsAround(&nt.zones, m.plan, carriedBefore, 0)
	if err != nil {
		return nil, err
	}
	if !onNow.IsZero() {
		carriedBefore = onNow
	}
	return budget.listSections(head, agendaLines(items, carriedBefore, time.Time{}, m.loc), 0, limit, agendaMore(handle)), nil
}

// agendaMore counts the n agenda items a message had no room for and
// names the command that shows them, with the partner typed as handle;
// one is "it", not "them all".
func agendaMore(handle string) func(n int) string {
	return func(n int) string {
		return fmt.Sprintf("_…and %d more: `/mentor agenda %s` shows %s._", n, handle, plural(n, "it", "them all"))
	}
}

// roleOf says who the partner is to the reader: "your mentor".
func roleOf(p store.Pair, partner string) string {
	if p.MentorID == partner {
		return "your mentor"
	}
	return "your mentee"
}

func (nt *Notifier) renderReminder(ctx context.Context, n store.Notification) (reply, error) {
	m, err := nt.meeting(ctx, n)
	if err != nil {
		return reply{}, err
	}
	now := nt.now()
	if !m.at.After(now) {
		return reply{}, obsolete("the meeting has started")
	}
	head := fmt.Sprintf(":alarm_clock: *Reminder:* you meet <@%s> (%s) %s — %s, for %s.",
		m.partner, roleOf(m.pair, m.partner), meetWhen(m.at, m.loc), untilText(m.at.Sub(now)), meetDur(m.plan.Schedule.Duration))
	// The week the clocks move the meeting is the week to say so.
	for _, note := range clockNotes(m.rule, []time.Time{m.at}) {
		head += "\n" + note
	}
	todos, err := nt.DB.OpenTodos(ctx, m.pair.ID)
	if err != nil {
		return reply{}, err
	}
	// The agenda is the pair's next meeting's (what /mentor agenda and the
	// Add agenda item button add to). A lead longer than the gap between
	// meetings reminds of one with another still before it: its reminder
	// must not show that one's agenda as its own, nor offer a button that
	// adds to it. Judged as the reminder is drawn, so that one redrawn once
	// the meeting before it is over shows its agenda.
	earlier, err := nt.earlierMeeting(m, now)
	if err != nil {
		return reply{}, err
	}
	ownAgenda := earlier.IsZero()
	buttons := []slack.BlockElement{moveButton(m.pair.ID, m.at), skipButton(m.pair.ID, m.at)}
	if ownAgenda {
		buttons = append([]slack.BlockElement{agendaButton(m.pair.ID)}, buttons...)
	}
	// The parts shown whole first; the agenda and the to-dos share the rest.
	budget := newTextBudget()
	blocks := budget.spend(section(head))
	actions := budget.spend(slack.NewActionBlock("reminder_actions", buttons...))
	todosHead, lists := section("*Open to-dos*\n_None open._"), 0
	if len(todos) > 0 {
		todosHead, lists = section(fmt.Sprintf("*Open to-dos* (%d)", len(todos))), 1
	}
	budget.spend(todosHead)
	if ownAgenda {
		agenda, err := nt.agendaSection(ctx, m, "*Agenda so far*", budget, budget.share(lists+1))
		if err != nil {
			return reply{}, err
		}
		blocks = append(blocks, agenda...)
	} else {
		blocks = append(blocks, budget.spend(section("*Agenda*\n"+nt.agendaGoesTo(ctx, m, earlier)))...)
	}
	blocks = append(blocks, todosHead)
	if len(todos) > 0 {
		blocks = append(blocks, budget.todoBlocks(todos, n.RecipientID, nil, 10, budget.share(1))...)
	}
	blocks = append(blocks, actions...)
	text := fmt.Sprintf("Reminder: you meet <@%s> %s.", m.partner, meetWhen(m.at, m.loc))
	return reply{Text: text, Blocks: blocks}, nil
}

// earlierMeeting is the pair's next meeting when it comes before m's
// own (zero when m is the next): the meeting the agenda, and the Add
// agenda item button, belong to until it is over.
func (nt *Notifier) earlierMeeting(m meetingOf, now time.Time) (time.Time, error) {
	next, err := nextMeeting(&nt.zones, m.plan, now)
	if err != nil || next.IsZero() || !next.Before(m.at) {
		return time.Time{}, err
	}
	return next, nil
}

// agendaGoesTo says, in a DM about m, that agenda items go to earlier,
// worded to stay true once that meeting has passed.
func (nt *Notifier) agendaGoesTo(ctx context.Context, m meetingOf, earlier time.Time) string {
	return fmt.Sprintf("_Until your meeting (%s) is over, agenda items go to it, not to this one: `/mentor agenda %s` shows them._",
		meetWhen(earlier, m.loc), nt.handle(ctx, m.partner))
}

func (nt *Notifier) renderAgendaPrompt(ctx context.Context, n store.Notification) (reply, error) {
	m, err := nt.meeting(ctx, n)
	if err != nil {
		return reply{}, err
	}
	now := nt.now()
	if !m.at.After(now) {
		return reply{}, obsolete("the meeting has started")
	}
	// No "(in 2 days)" beside the date: Slack renders the date relative
	// to when it is read ("Tomorrow at 15:00"), and a count made when it
	// was sent would contradict it a day later.
	head := fmt.Sprintf(":memo: Your meeting with <@%s> is %s. *What do you want to cover?* "+
		"Add a few items now, so that you both come prepared — the meeting is yours to steer.",
		m.partner, meetWhen(m.at, m.loc))
	for _, note := range clockNotes(m.rule, []time.Time{m.at}) {
		head += "\n" + note
	}
	// The parts shown whole first; the agenda takes the rest.
	budget := newTextBudget()
	blocks := budget.spend(section(head))
	// As in a reminder: the agenda is the pair's next meeting's, so a
	// prompt redrawn once another meeting came before its own (a one-off
	// set, a meeting moved) shows neither that one's agenda nor a button
	// that adds to it.
	earlier, err := nt.earlierMeeting(m, now)
	if err != nil {
		return reply{}, err
	}
	if !earlier.IsZero() {
		blocks = append(blocks, budget.spend(section(nt.agendaGoesTo(ctx, m, earlier)))...)
		return reply{Text: fmt.Sprintf("Your meeting with <@%s> is %s.", m.partner, meetWhen(m.at, m.loc)), Blocks: blocks}, nil
	}
	// Ideas that suit a pair's first meeting as well as its tenth: whether
	// a pair has met is not known for sure (meetings are held without
	// being logged, paused, skipped, set anew).
	ideas := "a goal to plan or review, something you're stuck on, feedback you'd like, a win to share"
	tail := budget.spend(slack.NewActionBlock("agenda_prompt_actions", agendaButton(m.pair.ID)),
		contextText(fmt.Sprintf("Or type `/mentor agenda %s ITEM`. Ideas: %s.", nt.handle(ctx, m.partner), ideas)))
	agenda, err := nt.agendaSection(ctx, m, "*The agenda so far*", budget, budget.share(1))
	if err != nil {
		return reply{}, err
	}
	blocks = append(blocks, agenda...)
	blocks = append(blocks, tail...)
	return reply{Text: fmt.Sprintf("What do you want to cover with <@%s> %s?", m.partner, meetWhen(m.at, m.loc)), Blocks: blocks}, nil
}

func (nt *Notifier) renderFollowup(ctx context.Context, n store.Notification) (reply, error) {
	m, err := nt.meeting(ctx, n)
	if err != nil {
		return reply{}, err
	}
	if err := nudgesWanted(m.reader); err != nil {
		return reply{}, err
	}
	if logged, err := nt.meetingLogged(ctx, m); err != nil {
		return reply{}, err
	} else if logged {
		return reply{}, obsolete("the meeting at %v was logged", m.at)
	}
	head := fmt.Sprintf(":wave: How did your meeting with <@%s> go (%s)? Log it while it's fresh: what you talked about, and the to-dos "+
		"that came out of it. It takes a minute and keeps you both on track.", m.partner, meetWhen(m.at, m.loc))
	day := datetext.DateOf(m.at.In(m.loc))
	handle := nt.handle(ctx, m.partner)
	// /session log logs a meeting held today: one the reader had on
	// another day (quiet hours held this until the morning) is logged
	// with the button, which carries its day.
	hint := fmt.Sprintf("Or type `/session log %s what we discussed todo: next step`.", handle)
	text := fmt.Sprintf("How did your meeting with <@%s> go? Log it with /session log.", m.partner)
	if day != datetext.DateOf(nt.Clock.Now().In(m.loc)) {
		hint = fmt.Sprintf("The button logs it for %s; `/session log` would log it for today.", day.In(time.UTC).Format("Mon 2 Jan"))
		text = fmt.Sprintf("How did your meeting with <@%s> go? Log it with the Log session button.", m.partner)
	}
	if m.rule.Kind == cadence.Once {
		hint += fmt.Sprintf(" Didn't meet after all? Set a new time with `/mentor meet %s …`.", handle)
	} else if next := meetingSeries(m.rule, m.plan.Changes).Occurrences(m.at.Add(time.Second), 1); len(next) == 1 {
		// Setting a one-off would replace the pair's recurring meetings.
		hint += fmt.Sprintf(" Didn't meet after all? Nothing to log or change: your next meeting is %s (`/mentor next %s`).", meetWhen(next[0], m.loc), handle)
	}
	blocks := []slack.Block{
		section(head),
		slack.NewActionBlock("followup_actions", logSessionButton(m.pair.ID, day)),
		contextText(hint),
	}
	return reply{Text: text, Blocks: blocks}, nil
}

// meetingLogged reports whether a session was logged for the meeting: one
// linked to it, or one without a meeting logged for its day once the
// meeting had begun.
func (nt *Notifier) meetingLogged(ctx context.Context, m meetingOf) (bool, error) {
	ss, err := nt.DB.SessionsSince(ctx, m.pair.ID, m.at.Add(-24*time.Hour))
	if err != nil {
		return false, err
	}
	ruleLoc := m.rule.Loc
	if ruleLoc == nil {
		ruleLoc = time.UTC
	}
	days := []string{datetext.DateOf(m.at.In(ruleLoc)).String(), datetext.DateOf(m.at.In(m.loc)).String()}
	for _, s := range ss {
		if s.MeetingAt.Equal(m.at) {
			return true, nil
		}
		// One logged earlier that day, before the meeting began, is not its
		// log (as the planner's loggedOccurrence has it).
		if s.MeetingAt.IsZero() && !s.CreatedAt.Before(m.at) && (s.HeldOn == days[0] || s.HeldOn == days[1]) {
			return true, nil
		}
	}
	return false, nil
}

func (nt *Notifier) renderQuietPair(ctx context.Context, n store.Notification) (reply, error) {
	p, u, err := nt.nudgeTarget(ctx, n, true)
	if err != nil {
		return reply{}, err
	}
	sinceUnix, err := strconv.ParseInt(n.Ref, 10, 64)
	if err != nil {
		return reply{}, obsolete("bad reference %q", n.Ref)
	}
	since := time.Unix(sinceUnix, 0).UTC()
	s, logged, err := nt.DB.LastSession(ctx, p.ID)
	if err != nil {
		return reply{}, err
	} else if logged && s.CreatedAt.After(since) {
		return reply{}, obsolete("a session was logged since")
	}
	mp, err := nt.DB.LoadMeetingPlan(ctx, p.ID)
	if err != nil {
		return reply{}, err
	}
	// Only a meeting further off than the nudge's validity makes it news:
	// one sooner makes it moot. Counted from when it goes, not only from
	// when it fell due (the planner's rule and the admins' report's): a
	// nudge held by a snooze or quiet hours would otherwise call a meeting
	// two days away "a while away".
	var next time.Time
	if mp.Scheduled {
		if mp.Schedule.SetAt.After(since) {
			return reply{}, obsolete("meetings were set since")
		}
		// A schedule that cannot be read has no meetings, as in the report.
		var ts []time.Time
		ts, _, err = upcomingMeetings(&nt.zones, mp, nt.now(), 1)
		if err != nil && nt.Log != nil {
			nt.Log.Warn("quiet-pair nudge: the next meeting", "pair", p.ID, "err", err)
		}
		if len(ts) == 1 {
			next = ts[0]
		}
		from := since.Add(store.QuietAfter)
		if now := nt.now(); now.After(from) {
			from = now
		}
		if !next.IsZero() && !next.After(from.Add(store.QuietNudgeValid)) {
			return reply{}, obsolete("a meeting is coming up")
		}
	}
	partner := p.Partner(n.RecipientID)
	days := int(nt.now().Sub(since).Hours() / 24)
	last := fmt.Sprintf("It's been %d days since you and <@%s> last met or logged a session.", days, partner)
	switch {
	case !p.ResumedAt.IsZero() && since.Unix() == p.ResumedAt.Unix():
		// Counted from a resume: what came before the pause is not news.
		last = fmt.Sprintf("It's been %d days since you and <@%s> resumed your meetings, and you haven't met or logged a session since.", days, partner)
	case !logged && since.Unix() == p.CreatedAt.Unix():
		// Counted from the pairing: they have not met yet.
		last = fmt.Sprintf("It's been %d days since you and <@%s> were paired, and you haven't met or logged a session yet.", days, partner)
	}
	loc := nt.zone(u)
	soon := datetext.DateOf(nt.now().In(loc)).AddDays(7)
	h := nt.handle(ctx, partner)
	ask := "time to schedule your next meeting?"
	var schedule string
	if next.IsZero() {
		// At the welcome DM's time, daytime for both; the date a week
		// ahead at the same time of day, which the weekly one is chosen
		// to suit across a change of the clocks too.
		clock := nt.weeklyExampleFor(ctx, u, partner, nt.now())
		schedule = fmt.Sprintf("• *Schedule your next meeting:* `/mentor meet %s weekly thu %s` (or `biweekly …`, or a date like `%s %s`)", h, clock, soon, clock)
	} else {
		// A meeting is set, but far off: say so, lest the nudge read as if
		// the bot had missed it, and offer to bring it forward.
		last += fmt.Sprintf(" Your next meeting, %s, is a while away.", meetWhen(next, loc))
		// No time is suggested: one that suits the reader may be the
		// partner's night, or one the partner's own nudge did not
		// suggest; the two would move the meeting twice.
		schedule = fmt.Sprintf("• *Meet sooner:* `/mentor move %s WHEN` brings your next meeting forward: WHEN a day and time before it that suits you both (a weekday and HH:MM, or YYYY-MM-DD HH:MM)", h)
		ask = "time to meet sooner?"
	}
	head := ":seedling: " + last + " A regular rhythm is what makes mentoring work — even 30 minutes every two weeks."
	how := strings.Join([]string{
		schedule,
		fmt.Sprintf("• *Met without logging?* `/session log %s what we discussed`", h),
		fmt.Sprintf("• *Need a break?* `/mentor snooze %s 2w` holds nudges; `/mentor end %s` ends the pair kindly.", h, h),
	}, "\n")
	return reply{Text: fmt.Sprintf("You and <@%s> haven't met in a while — %s", partner, ask),
		Blocks: []slack.Block{section(head), section(how)}}, nil
}
