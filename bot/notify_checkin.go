package bot

// The weekly check-in and the goal reminders.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// weeklyCheckins reports whether MENTORBOT_CHECKIN_SCHEDULE fires once a
// week, as the default does: only then is a check-in called "weekly".
func (c Config) weeklyCheckins() bool {
	spec, err := cron.ParseStandard(c.CheckinSchedule)
	if err != nil {
		return false
	}
	// In UTC, where every week is 168 hours long.
	t := spec.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for range 8 {
		next := spec.Next(t)
		if next.Sub(t) != 7*24*time.Hour {
			return false
		}
		t = next
	}
	return true
}

// checkinName is what check-ins are called: "weekly check-in" when they
// are, "check-in" when the schedule says otherwise.
func (c Config) checkinName() string { return checkinNameOf(c.weeklyCheckins()) }

func checkinNameOf(weekly bool) string {
	if weekly {
		return "weekly check-in"
	}
	return "check-in"
}

// checkinKind is, worked out once, whether the notifier's check-ins are
// weekly (Config.weeklyCheckins parses the cron spec and walks its
// firings, which every check-in asked twice).
type checkinKind struct {
	once   sync.Once
	weekly bool
}

func (nt *Notifier) weeklyCheckins() bool {
	nt.checkins.once.Do(func() { nt.checkins.weekly = nt.Config.weeklyCheckins() })
	return nt.checkins.weekly
}

// checkinThisWeek says whether a weekly check-in n is the second of its
// week, and the day of the first: after MENTORBOT_CHECKIN_SCHEDULE moved
// from Monday to Tuesday, Tuesday's would follow Monday's by a day. A
// check-in is for its week (SPEC: a notification's identity is "for which
// meeting or week"). A schedule that fires more often than weekly is
// left as it is set.
func (nt *Notifier) checkinThisWeek(ctx context.Context, n store.Notification) (string, bool, error) {
	if !nt.weeklyCheckins() {
		return "", false, nil
	}
	day, ok, err := nt.DB.LastCheckinDay(ctx, n.RecipientID, n.Key)
	if err != nil || !ok {
		return "", false, err
	}
	last, err1 := datetext.ParseISODate(day)
	this, err2 := datetext.ParseISODate(n.Ref)
	if err1 != nil || err2 != nil {
		return "", false, nil
	}
	ly, lw := last.In(time.UTC).ISOWeek()
	ty, tw := this.In(time.UTC).ISOWeek()
	return day, ly == ty && lw == tw && !this.In(time.UTC).Before(last.In(time.UTC)), nil
}

// checkinGoalsShown bounds the goals one check-in lists per person.
const checkinGoalsShown = 8

// checkinMeetingsShown bounds the pairs whose next meeting one check-in
// looks up and lists; the message's budget of text may list fewer.
const checkinMeetingsShown = 30

// maxMessageBlocks is Slack's limit on the blocks of a message.
const maxMessageBlocks = 50

// checkinGoals is one owner's open goals as the check-in lists them.
type checkinGoals struct {
	owner, title string
	list         string // the command that lists them all, as typed
	summaries    []string
}

// more is the line under a list of owner's goals that counts those left
// out and says where they are.
func (g checkinGoals) more(n int) string { return fmt.Sprintf("_…and %d more: `%s`_", n, g.list) }

// checkinGoalsLeft names the owners whose goals the check-in left out.
func checkinGoalsLeft(groups []checkinGoals) string {
	owners := make([]string, len(groups))
	for i, g := range groups {
		owners[i] = g.owner
	}
	return fmt.Sprintf("_…and the goals of %s: `/goal list @name` shows them._", cappedMentions(owners, 10))
}

// checkinGoalSections lays out the goal lists of the check-in in at most
// blocks sections and limit characters: each owner's first goals, whole
// (fitList), with a pointer to the rest of theirs; the owners whose lists
// do not fit at all are named in a last line with where to see them.
func checkinGoalSections(groups []checkinGoals, blocks, limit int) []slack.Block {
	var texts []string
	used := 0
	for i, g := range groups {
		room := limit - used
		if i+1 < len(groups) {
			// Room for naming the owners after this one, should they not fit.
			room -= 1 + utf8.RuneCountInString(checkinGoalsLeft(groups[i:]))
		}
		room = min(room, textSectionLimit)
		// Less than the title and the count would say nothing.
		if room < utf8.RuneCountInString(g.title)+1+utf8.RuneCountInString(g.more(len(g.summaries))) {
			break
		}
		text := fitList(g.title, g.summaries, checkinGoalsShown, room, g.more)
		texts = append(texts, text)
		used += utf8.RuneCountInString(text) + 1
	}
	fits := func(k int) bool {
		n := len(textSections(texts[:k]))
		if k < len(groups) {
			n++ // the owners left out
		}
		return n <= blocks
	}
	k := len(texts)
	for k > 0 && !fits(k) {
		k--
	}
	out := textSections(texts[:k])
	if k < len(groups) {
		out = append(out, section(checkinGoalsLeft(groups[k:])))
	}
	return out
}

// renderCheckin is check-in n as it reads now (loadCheckin, checkinBlocks).
// Sent for the first time, it records the pairs it covers, which a redraw
// covers again (checkinPairs).
func (nt *Notifier) renderCheckin(ctx context.Context, n store.Notification) (reply, error) {
	d, err := nt.loadCheckin(ctx, n)
	if err != nil {
		return reply{}, err
	}
	r := checkinBlocks(d)
	if n.SentAt.IsZero() {
		// Last, once the check-in is whole: what goes is what a redraw
		// will cover (checkinPairs).
		covered := d.covered()
		ids := make([]int64, len(covered))
		for i, p := range covered {
			ids[i] = p.ID
		}
		if err := nt.DB.RecordCheckinPairs(ctx, n.ID, ids); err != nil {
			return reply{}, err
		}
	}
	return r, nil
}

// checkinData is what a check-in says, all read from the store at once
// (loadCheckin), for checkinBlocks to lay out with no store in reach.
type checkinData struct {
	reader string
	now    time.Time
	loc    *time.Location // the reader's zone
	weekly bool           // check-ins are weekly (checkinNameOf)
	// active are the pairs the check-in covers that are active now; gone,
	// in a check-in redrawn, those it covered that have been paused or
	// ended since (checkinPairs). Together they are never empty.
	active, gone []store.Pair
	// meetings is, by pair ID, the meetings of the first of the active
	// pairs (checkinMeetingsShown).
	meetings map[int64]checkinMeeting
	// todos are the reader's open to-dos in the pairs covered; held
	// counts those left out with a pair on hold, later those of a pair
	// made since, ended those left out with endedPairs pairs that have
	// ended (checkinTodos).
	todos                          []store.Todo
	held, later, ended, endedPairs int
	// partners names the partner of each to-do's pair (todoPartners); nil
	// when the to-dos need no names.
	partners map[int64]string
	// goals are the open goals listed: the reader's, then their mentees'
	// in the pairs covered; an owner without open goals has none here.
	goals []checkinOwnerGoals
	// handles is how a person is typed in a command ("@bob", handleOf),
	// by ID, for those whom the check-in names in one; someone missing is
	// typed by their ID.
	handles map[string]string
}

// checkinMeeting is an active pair's meetings around a check-in's now.
type checkinMeeting struct {
	onNow  time.Time     // the start of a meeting under way; zero: none
	length time.Duration // of its meetings
	// next is the first meeting after now (or after the one on now); zero
	// when there is none, or its schedule could not be worked out.
	next time.Time
	// example is the time of day, in the reader's zone, of the weekly
	// meeting suggested to a pair without a next meeting (weeklyExampleFor).
	example string
}

// checkinOwnerGoals is one owner's open goals, as the check-in reads them.
type checkinOwnerGoals struct {
	owner string
	zone  *time.Location // the owner's, whose day their goals are due by; nil: the reader's
	list  string         // the command that lists them all, as typed (goalListCmd)
	goals []store.Goal
}

// covered is every pair the check-in covers: the active ones, then the
// gone ones.
func (d checkinData) covered() []store.Pair { return append(slices.Clone(d.active), d.gone...) }

// goneShown is how many of the gone pairs have a meeting line: those
// that fit after the active ones' in checkinMeetingsShown.
func (d checkinData) goneShown() int {
	return min(len(d.gone), checkinMeetingsShown-min(len(d.active), checkinMeetingsShown))
}

// handle is how id is typed in a command (handles).
func (d checkinData) handle(id string) string {
	if h, ok := d.handles[id]; ok {
		return h
	}
	return typedHandle(store.User{ID: id})
}

// loadCheckin reads what check-in n says. It returns an obsolete error
// when the check-in is not to go: its recipient turned check-ins off, had
// this week's already, or has no pair it covers.
func (nt *Notifier) loadCheckin(ctx context.Context, n store.Notification) (checkinData, error) {
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return checkinData{}, err
	}
	if !u.Settings.CheckinsOn {
		return checkinData{}, obsolete("%s turned check-ins off", u.ID)
	}
	d := checkinData{reader: u.ID, now: nt.now(), loc: nt.zone(u), weekly: nt.weeklyCheckins(), handles: map[string]string{}}
	// A check-in redrawn once sent (its to-do closed, a meeting skipped)
	// reads the ended pairs too: it covered those ended since (gone).
	redraw := !n.SentAt.IsZero()
	if !redraw {
		if day, ok, err := nt.checkinThisWeek(ctx, n); err != nil {
			return checkinData{}, err
		} else if ok {
			return checkinData{}, obsolete("%s had this week's check-in on %s already (the schedule moved)", u.ID, day)
		}
	}
	pairs, err := nt.DB.PairsOf(ctx, u.ID, redraw)
	if err != nil {
		return checkinData{}, err
	}
	live := 0 // pairs not ended, as todoPartners counts them
	for _, p := range pairs {
		if p.Live() {
			live++
		}
	}
	// A check-in redrawn covers the pairs it covered then (checkinPairs):
	// one snoozed since keeps its line (a skip's next meeting is still
	// news), and one snoozed already then stays out, as it was left out.
	// It also keeps, in gone, those paused or ended since: it named their
	// next meeting, which will not take place now, and says so rather
	// than dropping them (or, with no other pair, being left as it was).
	if redraw {
		if d.active, d.gone, err = nt.checkinPairs(ctx, n, pairs); err != nil {
			return checkinData{}, err
		}
	} else {
		for _, p := range pairs {
			if p.Status == store.PairActive && !p.Snoozed(d.now) {
				d.active = append(d.active, p)
			}
		}
	}
	if len(d.active)+len(d.gone) == 0 {
		return checkinData{}, obsolete("%s has no pair this check-in covers", u.ID)
	}
	covered := d.covered()

	if d.meetings, err = nt.checkinMeetings(ctx, u, d.active, d.now, d.handles); err != nil {
		return checkinData{}, err
	}
	for _, p := range d.gone[:d.goneShown()] {
		if p.Status != store.PairEnded {
			// A paused pair's line says how to resume it.
			nt.readHandle(ctx, d.handles, p.Partner(u.ID))
		}
	}
	// Those of ended pairs too: the check-in does not list them (their
	// pair sends nothing any more), but it must not say none are open
	// while /session todos and the Home list them.
	todos, err := nt.DB.AllMyOpenTodos(ctx, u.ID)
	if err != nil {
		return checkinData{}, err
	}
	went := d.now
	if redraw {
		went = n.SentAt
	}
	d.todos, d.held, d.later, d.ended, d.endedPairs = checkinTodos(todos, pairs, covered, went)
	if len(d.todos) > 0 {
		if d.partners, err = nt.todoPartners(ctx, u.ID, live, d.todos); err != nil {
			return checkinData{}, err
		}
	}
	if d.goals, err = nt.checkinGoalLists(ctx, u.ID, covered); err != nil {
		return checkinData{}, err
	}
	if len(d.active) == 1 {
		// The footer's snooze names the only partner.
		nt.readHandle(ctx, d.handles, d.active[0].Partner(u.ID))
	}
	return d, nil
}

// readHandle puts how id is typed in a command into handles, read once.
func (nt *Notifier) readHandle(ctx context.Context, handles map[string]string, id string) {
	if _, ok := handles[id]; !ok {
		handles[id] = nt.handle(ctx, id)
	}
}

// checkinTodos is, of a reader's open to-dos (todos), those of the pairs
// a check-in covers (shown), and how many it leaves out: held, of a pair
// on hold; later, of a pair made since the check-in went (went: a redraw);
// and ended, of one of endedPairs pairs that have ended. pairs
// is the reader's pairs not ended (and, for a redraw, the ended ones).
func checkinTodos(todos []store.Todo, pairs, covered []store.Pair, went time.Time) (shown []store.Todo, held, later, ended, endedPairs int) {
	gone := map[int64]bool{}
	todos = slices.DeleteFunc(todos, func(t store.Todo) bool {
		i := slices.IndexFunc(pairs, func(p store.Pair) bool { return p.ID == t.PairID })
		if i < 0 || !pairs[i].Live() {
			ended++
			gone[t.PairID] = true
			return true
		}
		return false
	})
	// Those of a pair on hold wait with its check-ins, as its meeting and
	// its mentee's goals do: its members were told its check-ins wait. (A
	// check-in redrawn keeps those of a pair paused since: it listed them,
	// and leaves out those of a pair on hold when it went, back on since.)
	// A check-in redrawn after a pair was made (the two paired again, say)
	// does not cover it either: its to-dos wait with nothing.
	todos = slices.DeleteFunc(todos, func(t store.Todo) bool {
		if slices.ContainsFunc(covered, func(p store.Pair) bool { return p.ID == t.PairID }) {
			return false
		}
		i := slices.IndexFunc(pairs, func(p store.Pair) bool { return p.ID == t.PairID })
		if pairs[i].CreatedAt.After(went) {
			later++
		} else {
			held++
		}
		return true
	})
	return todos, held, later, ended, len(gone)
}

// checkinBlocks lays out check-in d within a message's budget of text
// (textBudget): the parts shown whole first, then the lists share what
// is left, in the order they come: meetings, to-dos, goals. Its text is
// the preview (checkinPreview).
func checkinBlocks(d checkinData) reply {
	covered := d.covered()
	meetings, soonest := checkinMeetingLines(d)
	goals := checkinGoalGroups(d)
	ownGoals := slices.ContainsFunc(goals, func(g checkinGoals) bool { return g.owner == d.reader })
	menteeGoals := slices.ContainsFunc(goals, func(g checkinGoals) bool { return g.owner != d.reader })

	// /mentor snooze alone only asks back which pair, for someone in more
	// than one: the footer names the partner, as the meeting lines do.
	snooze := " or `/mentor snooze @partner 2w`"
	switch len(d.active) {
	case 0:
		snooze = "" // a check-in redrawn for pairs on hold or ended: none to snooze
	case 1:
		snooze = fmt.Sprintf(" or `/mentor snooze %s 2w`", d.handle(d.active[0].Partner(d.reader)))
	}
	budget := newTextBudget()
	name := strings.Replace(checkinNameOf(d.weekly), "check-in", "mentoring check-in", 1)
	head := budget.spend(section(":sunrise: *Your " + name + "*"))
	foot := "Fewer messages? `/mentor settings`" + snooze + "."
	if slices.ContainsFunc(covered, store.Pair.Live) {
		// Not for pairs all ended since: /session log refuses them.
		foot = "Log each meeting with `/session log`. " + foot
	}
	footer := budget.spend(contextText(foot))
	lists := 1
	var todosHead, goalsTail []slack.Block
	if len(d.todos) > 0 {
		lists++
		todosHead = budget.spend(section(fmt.Sprintf("*Your open to-dos* (%d)%s", len(d.todos), checkinTodosAsk)))
	} else if d.held+d.later+d.ended > 0 {
		// Not "none open": those of a snoozed or paused pair wait, and
		// those of an ended pair are still open (either member may close
		// them).
		var where []string
		if d.held > 0 {
			where = append(where, fmt.Sprintf("%d %s with a snoozed or paused pair", d.held, plural(d.held, "waits", "wait")))
		}
		if d.later > 0 {
			where = append(where, fmt.Sprintf("%d %s to a pair made since", d.later, plural(d.later, "belongs", "belong")))
		}
		if d.ended > 0 {
			where = append(where, fmt.Sprintf("%d %s from %s", d.ended, plural(d.ended, "is left", "are left"), plural(d.endedPairs, "a pair that has ended", "pairs that have ended")))
		}
		todosHead = budget.spend(section(fmt.Sprintf("*Your open to-dos*\n_None in the pairs this check-in covers; %s: `/session todos` lists %s._",
			strings.Join(where, " and "), plural(d.held+d.later+d.ended, "it", "them"))))
	} else {
		todosHead = budget.spend(section("*Your open to-dos*\n_None open — nice._"))
	}
	switch {
	case len(goals) > 0:
		lists++
		// Only a goal's owner updates it; a mentor comments.
		var hint []string
		if ownGoals {
			hint = append(hint, "Update your progress with `/goal progress N PERCENT`, close a goal with `/goal done N`.")
		}
		if menteeGoals {
			hint = append(hint, "Cheer your mentee on or ask about a goal with `/goal comment N TEXT`.")
		}
		goalsTail = budget.spend(contextText(strings.Join(hint, " ")))
	case len(d.active) == 0:
		// A check-in redrawn for pairs paused or ended since: no next
		// meeting to set goals at or to give direction. An ended pair's
		// mentee's goals are no longer the ex-mentor's to read (Goals
		// refuses them), so nothing is said of them.
		mentee := slices.ContainsFunc(covered, func(p store.Pair) bool { return p.MenteeID == d.reader })
		mentor := slices.ContainsFunc(covered, func(p store.Pair) bool { return p.MentorID == d.reader && p.Live() })
		switch {
		case mentee && mentor:
			goalsTail = budget.spend(section("*Goals*\n_Neither you nor your mentees have open goals._"))
		case mentee:
			goalsTail = budget.spend(section("*Goals*\n_You have no open goals._"))
		case mentor:
			goalsTail = budget.spend(section("*Goals*\n_Your mentees have no open goals._"))
		}
	case slices.ContainsFunc(covered, func(p store.Pair) bool { return p.MenteeID == d.reader && p.Live() }):
		// A mentee still with a mentor: an ended mentee pair is no one to
		// meet (its member may mentor others in pairs still active).
		goalsTail = budget.spend(section("*Goals*\n_No open goals. A SMART goal gives your meetings direction: `/goal add … by YYYY-MM-DD`._"))
	default:
		// Only a mentor: goals are their mentees' to set.
		goalsTail = budget.spend(section("*Goals*\n_Your mentees have no open goals yet — help them set a SMART one at your next meeting._"))
	}

	blocks := append(head, budget.listSections("*Meetings*", meetings, len(covered)-len(meetings), budget.share(lists), checkinMoreMeetings)...)
	lists--
	blocks = append(blocks, todosHead...)
	if len(d.todos) > 0 {
		blocks = append(blocks, budget.todoBlocks(d.todos, d.reader, d.partners, 10, budget.share(lists))...)
		lists--
	}
	if len(goals) > 0 {
		// What is left of Slack's 50 blocks after the hint and the footer.
		blocks = append(blocks, budget.spend(checkinGoalSections(goals, maxMessageBlocks-len(blocks)-2, budget.share(lists))...)...)
	}
	blocks = append(blocks, goalsTail...)
	blocks = append(blocks, footer...)
	return reply{Text: checkinPreview(name, d.reader, covered, soonest, len(d.active) > 0, len(d.todos), d.held+d.later+d.ended), Blocks: blocks}
}

// checkinPreview is the one line a check-in shows in Slack's
// notifications and sidebar: whom it is about (the partners of the pairs
// it covers), a meeting on now or else the soonest next meeting (zero for
// none; active: some pair could have one) and how many to-dos are open
// in those pairs (todos) and elsewhere (others).
func checkinPreview(name, reader string, covered []store.Pair, soonest nextMeetingOf, active bool, todos, others int) string {
	partners := make([]string, len(covered))
	for i, p := range covered {
		partners[i] = p.Partner(reader)
	}
	text := "Your " + name + " with " + andList(cappedMentionList(partners, 3))
	var parts []string
	switch {
	case soonest.onNow && len(covered) > 1:
		// On now is sooner than any next meeting, and no "none
		// scheduled" when it is the last.
		parts = append(parts, fmt.Sprintf("a meeting with <@%s> on now", soonest.partner))
	case soonest.onNow:
		parts = append(parts, "a meeting on now")
	case !soonest.at.IsZero() && len(covered) > 1:
		parts = append(parts, fmt.Sprintf("next meeting with <@%s> %s", soonest.partner, meetWhen(soonest.at, soonest.loc)))
	case !soonest.at.IsZero():
		parts = append(parts, "next meeting "+meetWhen(soonest.at, soonest.loc))
	case active:
		parts = append(parts, "no meeting scheduled")
	}
	switch {
	case todos > 0:
		parts = append(parts, fmt.Sprintf("%d open %s", todos, plural(todos, "to-do", "to-dos")))
	case others > 0:
		parts = append(parts, "no open to-dos in these pairs")
	default:
		parts = append(parts, "no open to-dos")
	}
	return text + ": " + strings.Join(parts, "; ") + "."
}

// cappedMentionList is ids as mentions, the first max of them, and a
// count of the rest ("2 others").
func cappedMentionList(ids []string, max int) []string {
	out := make([]string, 0, min(len(ids), max+1))
	for i, id := range ids {
		if i == max {
			n := len(ids) - i
			out = append(out, fmt.Sprintf("%d %s", n, plural(n, "other", "others")))
			break
		}
		out = append(out, "<@"+id+">")
	}
	return out
}

// andList joins items as English does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// nextMeetingOf is a pair's next meeting, with whom, in the reader's zone.
type nextMeetingOf struct {
	partner string
	at      time.Time // zero: none
	loc     *time.Location
	onNow   bool // instead, a meeting with partner is on now
}

// checkinMeetings reads the meetings around now of the first of the
// active pairs of reader (checkinMeetingsShown), by pair ID; for a pair
// without a next meeting also a weekly time that is daytime for both
// (weeklyExample), and into handles how its partner is typed.
func (nt *Notifier) checkinMeetings(ctx context.Context, reader store.User, active []store.Pair, now time.Time, handles map[string]string) (map[int64]checkinMeeting, error) {
	meetings := map[int64]checkinMeeting{}
	for _, p := range active[:min(len(active), checkinMeetingsShown)] {
		partner := p.Partner(reader.ID)
		mp, err := nt.DB.LoadMeetingPlan(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		// A check-in drawn during a meeting (the default is Monday 09:00)
		// says it is on, not that none is scheduled or only the next.
		// meetingsAround returns neither when it fails.
		onNow, ts, _, err := meetingsAround(&nt.zones, mp, now, 1)
		if err != nil && nt.Log != nil {
			nt.Log.Warn("check-in: the next meeting", "pair", p.ID, "err", err)
		}
		m := checkinMeeting{onNow: onNow, length: mp.Schedule.Duration}
		if len(ts) > 0 {
			m.next = ts[0]
		}
		if m.next.IsZero() {
			nt.readHandle(ctx, handles, partner)
			m.example = nt.weeklyExampleFor(ctx, reader, partner, now)
		}
		meetings[p.ID] = m
	}
	return meetings, nil
}

// checkinMeetingLines is a line for each of the first of d's pairs
// (checkinMeetingsShown), active then gone: the partner, and the next
// meeting in the reader's zone or how to set one; and the soonest of
// those next meetings, or the first on now.
func checkinMeetingLines(d checkinData) ([]string, nextMeetingOf) {
	var lines []string
	soonest := nextMeetingOf{loc: d.loc}
	for _, p := range d.active[:min(len(d.active), checkinMeetingsShown)] {
		partner := p.Partner(d.reader)
		m := d.meetings[p.ID]
		line := fmt.Sprintf("• With <@%s> (%s): ", partner, roleOf(p, partner))
		if !m.onNow.IsZero() {
			line += "a meeting on now, until " + endClock(m.onNow, m.length, d.loc) + "; "
			if !soonest.onNow {
				soonest = nextMeetingOf{partner: partner, loc: d.loc, onNow: true}
			}
		}
		set := fmt.Sprintf("`/mentor meet %s weekly thu %s`", d.handle(partner), m.example)
		switch {
		case m.next.IsZero() && !m.onNow.IsZero():
			line += "none after it — set one with " + set
		case m.next.IsZero():
			line += "_no meeting scheduled_ — set one with " + set
		default:
			line += "next meeting " + meetWhen(m.next, d.loc)
			if !soonest.onNow && (soonest.at.IsZero() || m.next.Before(soonest.at)) {
				soonest.partner, soonest.at = partner, m.next
			}
		}
		lines = append(lines, line)
	}
	for _, p := range d.gone[:d.goneShown()] {
		lines = append(lines, checkinGoneLine(d, p))
	}
	return lines, soonest
}

// weeklyExampleFor is the time of day, in reader's zone, of the weekly
// example meeting with partner that a DM suggests: the welcome DM's.
func (nt *Notifier) weeklyExampleFor(ctx context.Context, reader store.User, partner string, now time.Time) string {
	return weeklyExampleFor(ctx, nt.DB, nt.daytimeOf, reader, partner, now)
}

// daytimeOf is Bot.daytimeOf, for the notifier.
func (nt *Notifier) daytimeOf(u store.User) daytime {
	return daytimeIn(u, nt.zone(u), nt.Config.QuietHours)
}

// checkinPairs is, of pairs (a reader's, ended ones too), those that
// check-in n, sent, covered when it went: active still, and paused or
// ended since (gone). They are the pairs recorded as it was rendered for
// sending (store.RecordCheckinPairs); for a check-in sent before those
// were recorded, the pairs worked out from their state (checkinGone).
func (nt *Notifier) checkinPairs(ctx context.Context, n store.Notification, pairs []store.Pair) (active, gone []store.Pair, err error) {
	ids, ok, err := nt.DB.CheckinPairs(ctx, n.ID)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		for _, p := range pairs {
			if p.Status == store.PairActive && !p.SnoozedThen(n.SentAt) {
				active = append(active, p)
			}
		}
		gone, err = nt.checkinGone(ctx, pairs, n.SentAt)
		return active, gone, err
	}
	for _, p := range pairs {
		switch {
		case !slices.Contains(ids, p.ID):
		case p.Status == store.PairActive:
			active = append(active, p)
		default:
			gone = append(gone, p) // it was active when the check-in went
		}
	}
	return active, gone, nil
}

// checkinGone is those of pairs (a reader's, ended ones too) that a
// check-in sent at sentAt covered (active then, and not snoozed then) and
// that have been paused or ended since: worked out from their state, for
// a check-in sent before its pairs were recorded (checkinPairs).
func (nt *Notifier) checkinGone(ctx context.Context, pairs []store.Pair, sentAt time.Time) ([]store.Pair, error) {
	var gone []store.Pair
	for _, p := range pairs {
		switch {
		case p.CreatedAt.After(sentAt), p.SnoozedThen(sentAt):
			continue
		case p.Status == store.PairPaused, p.Status == store.PairEnded && p.EndedAt.After(sentAt):
		default:
			continue
		}
		// Paused already when it went: the check-in left it out.
		if paused, err := nt.DB.PausedAt(ctx, p.ID, sentAt); err != nil {
			return nil, err
		} else if paused {
			continue
		}
		gone = append(gone, p)
	}
	return gone, nil
}

// checkinGoneLine is the meeting line, in check-in d redrawn, of pair p
// paused or ended since the check-in went (checkinGone).
func checkinGoneLine(d checkinData, p store.Pair) string {
	partner := p.Partner(d.reader)
	line := fmt.Sprintf("• With <@%s> (%s): ", partner, roleOf(p, partner))
	if p.Status == store.PairEnded {
		return line + "_your pair has ended_, so there are no more meetings"
	}
	return line + fmt.Sprintf("_meetings paused_ — `/mentor resume %s` starts them again", d.handle(partner))
}

// checkinGoalLists reads the open goals the check-in lists to reader:
// their own, then those of their mentees in the pairs covered; an owner
// without open goals, or whose goals reader may not read, has no list.
func (nt *Notifier) checkinGoalLists(ctx context.Context, reader string, covered []store.Pair) ([]checkinOwnerGoals, error) {
	var goals []checkinOwnerGoals
	owners := []string{reader}
	for _, p := range covered {
		if p.MentorID == reader {
			owners = append(owners, p.MenteeID)
		}
	}
	for _, owner := range owners {
		gs, err := nt.DB.Goals(ctx, reader, owner, false)
		if err != nil {
			if store.ErrorCode(err) != "" {
				continue
			}
			return nil, err
		}
		if len(gs) == 0 {
			continue
		}
		g := checkinOwnerGoals{owner: owner, list: nt.goalListCmd(ctx, reader, owner), goals: gs}
		if owner != reader {
			u, err := nt.person(ctx, owner)
			if err != nil {
				return nil, err
			}
			g.zone = nt.zone(u)
		}
		goals = append(goals, g)
	}
	return goals, nil
}

// checkinGoalGroups is d's goal lists as the check-in shows them, a
// mentee's goals too by their owner's day (see goalDay).
func checkinGoalGroups(d checkinData) []checkinGoals {
	var groups []checkinGoals
	for _, o := range d.goals {
		g := checkinGoals{owner: o.owner, title: "*Your goals*", list: o.list}
		day := ownGoalDay(d.now, d.loc)
		if o.owner != d.reader {
			g.title = fmt.Sprintf("*<@%s>'s goals*", o.owner)
			day = goalDayFor(d.now, cmp.Or(o.zone, d.loc), d.loc)
		}
		for _, gl := range o.goals {
			g.summaries = append(g.summaries, goalSummary(gl, day))
		}
		groups = append(groups, g)
	}
	return groups
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
	u, err := nt.nudgee(ctx, n.RecipientID)
	if err != nil {
		return reply{}, err
	}
	d, err := datetext.ParseISODate(g.DueOn)
	if err != nil {
		return reply{}, obsolete("goal %d: bad date %q", id, g.DueOn)
	}
	return goalDueMessage(n.Kind, g, d, nt.now(), nt.zone(u)), nil
}

// goalDueMessage is the goal-due (or overdue, by kind) DM of open goal g,
// due on d, as read at now in loc. Its text, all a phone's notification
// shows, says which of the two it is, in plain words without mrkdwn
// markers: "Your goal #1 is due in 3 days: …", "Your goal #1 is overdue
// (it was due Sat 12 Dec): …".
func goalDueMessage(kind string, g store.Goal, d datetext.Date, now time.Time, loc *time.Location) reply {
	today := goalToday(now, loc)
	var head, text string
	if kind == scheduler.KindGoalOverdue {
		head = fmt.Sprintf(":hourglass_flowing_sand: Your goal *#%d* was due on %s. Where does it stand? Mark it done, update your progress, "+
			"or give it a new date with `/goal edit %d` — adjusting a goal is part of the work, not a failure.", g.ID, goalDate(d), g.ID)
		// The year only when it is not this one, to keep the preview short.
		layout := "Mon 2 Jan"
		if d.Year != today.Year {
			layout = "Mon 2 Jan 2006"
		}
		was := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format(layout)
		text = fmt.Sprintf("Your goal #%d is overdue (it was due %s): %s", g.ID, was, goalEscFit(g.Text, 200))
	} else {
		days := goalDaysBetween(today, d)
		in := fmt.Sprintf("in %d days", days)
		switch days {
		case 0:
			in = "today"
		case 1:
			in = "tomorrow"
		}
		head = fmt.Sprintf(":dart: Your goal *#%d* is due %s, on %s. How close are you? Update your progress, or mark it done.", g.ID, in, goalDate(d))
		text = fmt.Sprintf("Your goal #%d is due %s: %s", g.ID, in, goalEscFit(g.Text, 200))
	}
	blocks := append([]slack.Block{section(head)}, goalBlocks(g, now, loc)...)
	return reply{Text: text, Blocks: blocks}
}

// checkinMoreMeetings counts the n pairs whose meeting lines a check-in
// had no room for and says where to see them; one is "it", not "them".
func checkinMoreMeetings(n int) string {
	return fmt.Sprintf("_…and %d more: `/mentor pairs` lists %s, `/mentor next @partner` shows %s._",
		n, plural(n, "it", "them"), plural(n, "its next meeting", "each"))
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
