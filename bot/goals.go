package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/smart"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// The /goal command: a mentee's SMART goals, seen by the mentee and their
// mentors. The store enforces who may do what; this file parses, answers
// and tells the scheduler when a goal changes. Rendering is in goals_view.go.

// goalListMax is how many goals one /goal list answer shows (a message
// holds 50 blocks).
const goalListMax = 40

func (b *Bot) goalCommands() map[string]subcommand {
	return map[string]subcommand{
		"":         {run: b.cmdGoalForm, usage: "/goal — a form for a new goal"},
		"add":      {run: b.cmdGoalAdd, usage: "/goal add TEXT [by DATE] — a new goal; DATE as YYYY-MM-DD, Dec 15, next friday or end of month"},
		"list":     {run: b.cmdGoalList, usage: "/goal list [@mentee] [all] [PAGE] — open goals; all adds done and dropped ones", reads: true},
		"show":     {run: b.cmdGoalShow, usage: "/goal show N [page P] — one goal with its progress history and comments, the latest on the first page; `page 2` for older ones", reads: true},
		"progress": {run: b.cmdGoalProgress, usage: "/goal progress N PERCENT [note] — e.g. `/goal progress 3 40% first draft written`; `/goal progress N` alone opens a form"},
		"done":     {run: b.cmdGoalClose(store.GoalDone), usage: "/goal done N — mark a goal done"},
		"drop":     {run: b.cmdGoalClose(store.GoalDropped), usage: "/goal drop N [reason] — drop a goal that no longer fits"},
		"reopen":   {run: b.cmdGoalReopen, usage: "/goal reopen N — open a goal marked done or dropped again"},
		"edit":     {run: b.cmdGoalEdit, usage: "/goal edit N — change a goal (opens the form)"},
		"share":    {run: b.cmdGoalShare, usage: "/goal share N — post a goal in this channel for everyone to see"},
		"comment":  {run: b.cmdGoalComment, usage: "/goal comment N TEXT — comment on a goal: a mentor on a mentee's, a mentee on their own (your mentee, or your mentors, get a DM)"},
	}
}

func (b *Bot) goalActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionGoalDone:      b.actGoalDone,
		actionGoalProgress:  b.actGoalProgress,
		actionGoalEdit:      b.actGoalEdit,
		actionGoalReopen:    b.actGoalReopen,
		actionGoalShareMenu: b.actGoalShareMenu,
	}
}

func (b *Bot) goalViews() map[string]viewHandler {
	return map[string]viewHandler{
		viewGoal:         b.viewGoalSubmit,
		viewGoalProgress: b.viewGoalProgressSubmit,
	}
}

// goalNumberArg reads the goal number ("3" or "#3") at the start of args,
// also when a comma or colon follows it, as in a sentence ("/goal
// progress #1, 47%", "/goal comment 2: nice"); parseNumber takes the
// full stop.
func goalNumberArg(args string) (id int64, rest string, ok bool) {
	w, rest := splitWord(args)
	id, ok = parseNumber(goalNumberWord(w))
	return id, rest, ok
}

// goalNumberWord is w without the one comma, colon or full stop that may
// follow a goal's number ("1,"); with more than one ("1,,", "3.,",
// "3,."), w as it is, which is then no number, whatever the marks'
// order.
func goalNumberWord(w string) string {
	if n := strings.TrimRight(w, ",:."); len(n) >= len(w)-1 {
		return n
	}
	return w
}

// goalSepRe is a separator standing as a word of its own at the start of
// a goal's reason, note or comment, with the spaces after it: the ", " of
// "/goal drop 3 , not relevant any more", as "3," would be, or the "- " of
// "3 - moved to next year". One that starts a word is the word's own
// (":tada:", "-10 kg").
var goalSepRe = regexp.MustCompile(`^(?:[,:;]|--?|[–—])(?:\s+|$)`)

// dropGoalSep is s, what follows a goal's number (or its progress), with
// the separator of goalSepRe at its start left out, so that the reason,
// note or comment stored and echoed does not start with it.
func dropGoalSep(s string) string {
	s = strings.TrimSpace(s)
	if m := goalSepRe.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return s
}

// goalFigureWord is w, a progress figure as typed, without the one comma,
// colon or semicolon that may follow it in a sentence ("40,", "40%:"), as
// goalNumberWord reads a goal's number.
func goalFigureWord(w string) string {
	if t := strings.TrimRight(w, ",:;"); len(t) == len(w)-1 {
		return t
	}
	return w
}

// goalListRe is a word that, after a goal's number and a comma, reads as
// another goal's number: the "2" or "2," of "/goal drop 1, 2, 3".
var goalListRe = regexp.MustCompile(`^#?\d+,?$`)

// goalListJoinRe is a word that joins goals' numbers in a list: a comma
// standing alone ("1 , 2"), "and" or "&" (which Slack sends escaped).
var goalListJoinRe = regexp.MustCompile(`(?i)^(?:,|and|&amp;|&)$`)

// goalsListed reports whether args start with a list of goal numbers ("1,
// 2, 3", "#1, #2", "1 and 2", "2 & 3", "3 , 1"): a number with a comma
// after it, or a joining word (goalListJoinRe), and another number next.
// Read as one goal, the others would become a drop's reason, a comment
// or a progress figure ("/goal progress 1, 2 50%" is not goal 1 at 2%).
func goalsListed(args string) bool {
	w, rest := splitWord(args)
	next, after := splitWord(rest)
	if strings.HasSuffix(w, ",") && goalListRe.MatchString(next) {
		return true
	}
	if !goalListJoinRe.MatchString(next) && !(strings.HasSuffix(w, ",") && strings.EqualFold(next, "and")) {
		return false
	}
	next, _ = splitWord(after)
	return goalListRe.MatchString(next)
}

// whichGoal is the answer when the goal number at the start of args is
// missing or unreadable; one that reads as a number but names no goal
// there can be (0, -1, too many digits) is said to be none. It reads the
// word with what goalNumberArg takes after a number, and no more: "1,,"
// is no number, rather than goal 1 said not to exist.
func whichGoal(args, example string) error {
	if m := gluedGoalsRe.FindStringSubmatch(firstWord(args)); m != nil {
		more := ""
		if strings.Count(strings.TrimSuffix(m[0], ","), ",") > 1 {
			more = ", and so on"
		}
		verb := strings.Join(strings.Fields(example)[:2], " ")
		return sayf("`%s` takes one goal at a time: type it for #%s, then for #%s%s. Nothing changed.", verb, m[1], m[2], more)
	}
	if w := strings.TrimSuffix(goalNumberWord(firstWord(args)), "."); numberLike.MatchString(w) {
		// Above zero, it has too many digits to be a goal's number.
		if !strings.Contains(w, "-") && strings.Trim(w, "#+0") != "" {
			return sayf("There is no goal %s. `/goal list` shows yours and their numbers.", echoTyped(w, 24))
		}
		return sayf("There is no goal %s: goals are numbered from #1. `/goal list` shows yours and their numbers.", echoTyped(w, 24))
	}
	return sayf("Which goal? Give its number, for example `%s`. `/goal list` shows your goals and their numbers.", example)
}

// gluedGoalsRe is goals' numbers typed as one word, "1,2" or "#1,#2,#3":
// a list, which goalsListed finds only with spaces between.
var gluedGoalsRe = regexp.MustCompile(`^#?(\d+),#?(\d+)(?:,#?\d+)*,?$`)

// numberLike is a word typed as a number, perhaps with # or a sign.
var numberLike = regexp.MustCompile(`^#?[-+]?\d+$`)

// goalExtraWords is the answer when a command that takes only a goal's
// number (done, drop, share, show, edit) got more words after it: it names
// them, and nothing is done.
func goalExtraWords(verb string, id int64, extra string) error {
	extra = unescapeSlack(extra)
	if m := slackMarkupRe.FindStringSubmatch(extra); verb == "share" && m != nil && m[0] == extra && m[2] != "" {
		return sayf("`/goal share` posts the goal in the channel where you type it. Type `/goal share %d` in %s; I haven't shared anything.", id, shownText(extra))
	}
	after := "."
	switch verb {
	case "done", "drop", "share":
		after = ", so nothing changed."
	case "show":
		after = fmt.Sprintf(". Its older updates and comments, where there are more than fit: `/goal show %d page 2`.", id)
	}
	return sayf("`/goal %s` takes just the goal's number, like `/goal %s %d` — I don't know what to do with “%s” after it%s", verb, verb, id, shownTextFit(extra, 100), after)
}

// plainDigitsRe is a number typed as digits alone.
var plainDigitsRe = regexp.MustCompile(`^\d+$`)

// goalPercentLike reports whether w reads as a progress percentage, or
// as a change of one ("+10").
func goalPercentLike(w string) bool {
	_, signed, ok := goalPercent(w)
	return ok || signed
}

// goalPercentRe is a percentage as typed, without its sign: "40", "33.3".
var goalPercentRe = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// goalPercent reads a progress percentage as typed: "40" or "40%", from 0
// to 100; one with decimals ("33.3%") is rounded to the nearest whole
// percent (goalPercentRounded tells whether it was). signed is true for
// "+10", "-10" or "-0": people type those meaning a change, while progress
// is the new figure, so they are refused rather than read as 10.
func goalPercent(w string) (pct int, signed, ok bool) {
	w = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(w), "%"))
	if strings.HasPrefix(w, "+") || strings.HasPrefix(w, "-") || strings.HasPrefix(w, "−") {
		return 0, true, false
	}
	if !goalPercentRe.MatchString(w) {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil || f > 100 {
		return 0, false, false
	}
	return int(math.Round(f)), false, true
}

// goalPercentRounded reports whether goalPercent rounded w (it had a
// fraction other than zero), with w as it is shown: "33.3%".
func goalPercentRounded(w string) (string, bool) {
	w = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(w), "%"))
	_, frac, ok := strings.Cut(w, ".")
	return w + "%", ok && strings.Trim(frac, "0") != ""
}

// goalPercentFirst reads "/goal progress 50% 2 note", the percentage typed
// before the goal's number, as "2 50% note". It is taken only when that is
// plain: the first word is a percentage with its "%" and the second a
// goal's number.
func goalPercentFirst(args string) (id int64, rest string, ok bool) {
	w1, after := splitWord(args)
	w2, note := splitWord(after)
	if !strings.HasSuffix(w1, "%") {
		return 0, "", false
	}
	if _, _, pctOK := goalPercent(w1); !pctOK {
		return 0, "", false
	}
	if id, ok = parseNumber(w2); !ok {
		return 0, "", false
	}
	return id, strings.TrimSpace(w1 + " " + note), true
}

// goalDateError turns a date parsing error into an answer; it may quote
// what the person typed, so it is escaped.
func goalDateError(err error) error {
	var um userMessenger
	if errors.As(err, &um) {
		return sayf("I haven't added the goal. %s", shownText(um.UserMessage()))
	}
	return err
}

// goalChanged is called after goal g changed (it is g as it is now): the
// scheduler re-plans the "goal due" DMs, the App Home of the owner and of
// their mentors is drawn again, and when follow (it closed, opened again
// or has another date) the DMs already sent about it say what became of
// it and their latest check-ins (both show the mentees' open goals) are
// drawn again. Not for progress alone or a new goal: a chat.update for
// every one would cost more than it tells, and, paced at chat.update's
// tier, pile up under load (measured: peak RSS past 64 MB in the bench).
func (b *Bot) goalChanged(ctx context.Context, g store.Goal, follow bool) {
	owner := g.OwnerID
	b.userChanged(ctx, owner)
	if follow {
		later(ctx, func() { b.followGoalDMs(b.detach(ctx), g) })
	}
	mentors, err := b.db.GoalMentors(ctx, owner)
	if err != nil {
		b.log.Warn("goal mentors", "owner", owner, "err", err)
	}
	readers := append([]string{owner}, mentors...)
	b.refreshHome(ctx, readers...)
	if !follow {
		return
	}
	// A check-in is what its reader looks at all week: a goal marked done
	// from its DM would otherwise still show there as open, or overdue.
	// Check-ins carry no goal buttons, so none is the message pressed.
	later(ctx, func() {
		ctx := b.detach(ctx)
		for _, u := range readers {
			b.redrawLatestCheckin(ctx, u, "")
		}
	})
}

// goalDMKinds are the DMs about one goal, which follow it when it changes.
var goalDMKinds = []string{scheduler.KindGoalDue, scheduler.KindGoalOverdue}

// followGoalDMs edits the goal-due and overdue DMs sent about g to what is
// true of it now: a goal closed says so and loses its buttons; a goal with
// another date says when it is due now (its reminder comes again then).
// One edited so, whose goal is open again on its date (an undo), shows it
// as it was sent, with its progress now. A progress update alone edits
// nothing: a chat.update for every one would cost more than it tells.
func (b *Bot) followGoalDMs(ctx context.Context, g store.Goal) {
	sent, err := b.db.SentGoalDMs(ctx, g.OwnerID, g.ID, goalDMKinds)
	if err != nil {
		b.log.Warn("goal DMs to follow", "goal", g.ID, "err", err)
		return
	}
	var loc *time.Location
	for _, n := range sent {
		_, due, ok := scheduler.ParseGoalRef(n.Ref)
		current := g.Open() && g.DueOn == due
		if !ok || (current && n.LastError != goalDMEdited) {
			continue
		}
		if loc == nil {
			u, err := b.slack.Profile(ctx, g.OwnerID)
			if err != nil {
				b.log.Warn("goal DMs to follow", "goal", g.ID, "err", err)
				return
			}
			loc = b.loc(u)
		}
		rp := goalDMNow(n.Kind, due, g, b.clock.Now(), loc)
		if !b.updateDMNow(ctx, n.Key, rp) {
			continue
		}
		mark := goalDMEdited
		if current {
			mark = ""
		}
		if err := b.db.MarkOutdated(ctx, n.ID, mark); err != nil {
			b.log.Warn("mark a goal DM", "key", n.Key, "err", err)
		}
	}
}

// goalDMEdited marks a goal DM edited to say its goal closed or moved.
const goalDMEdited = "goal changed"

// goalDMNow is a goal DM of kind, sent for the goal due on due, as it
// reads with g as it is at now: the reminder itself while g is open on
// that date, else what became of g.
func goalDMNow(kind, due string, g store.Goal, now time.Time, loc *time.Location) reply {
	d, derr := datetext.ParseISODate(g.DueOn)
	switch {
	case !g.Open():
		head := fmt.Sprintf("%s Goal *#%d* is %s.", goalStatusEmoji(g.Status), g.ID, g.Status)
		return reply{Text: head, Blocks: append([]slack.Block{section(head)}, goalBlocks(g, now, loc)...)}
	case g.DueOn != due || derr != nil:
		head := fmt.Sprintf(":calendar: Goal *#%d* has no date now.", g.ID)
		if derr == nil {
			// Only what will come: a date moved within the reminder's
			// lead (due in two days, edited on the day of its reminder)
			// gets no reminder before it, only the overdue one.
			ahead := "I'll remind you before then"
			if !scheduler.GoalDueAt(d, loc).After(now) {
				ahead = "I'll check in the day after if it's still open"
			}
			head = fmt.Sprintf(":calendar: Goal *#%d* is due on %s now; %s.", g.ID, goalDate(d), ahead)
		}
		return reply{Text: head, Blocks: append([]slack.Block{section(head)}, goalBlocks(g, now, loc)...)}
	}
	return goalDueMessage(kind, g, d, now, loc)
}

// redrawGoalDM redraws the goal DM at ts in channel, whose Update
// progress button opened the form that saved g's progress, with g as it
// is at now: followGoalDMs edits no DM for progress alone, but the one
// pressed would go on showing the old figure under the person's eyes. A
// message at ts that is no goal DM sent to g's owner about g (a
// confirmation, a list) is left as it is.
func (b *Bot) redrawGoalDM(ctx context.Context, g store.Goal, channel, ts string, now time.Time, loc *time.Location) {
	sent, err := b.db.SentGoalDMs(ctx, g.OwnerID, g.ID, goalDMKinds)
	if err != nil {
		b.log.Warn("goal DM to redraw", "goal", g.ID, "err", err)
		return
	}
	for _, n := range sent {
		if n.Channel != channel || n.TS != ts {
			continue
		}
		if _, due, ok := scheduler.ParseGoalRef(n.Ref); ok {
			_ = b.editMessage(ctx, channel, ts, goalDMNow(n.Kind, due, g, now, loc)) // logged there
		}
		return
	}
}

// --- commands ---

func (b *Bot) cmdGoalForm(r *request, _ string) (reply, error) {
	return b.openGoalForm(r, store.Goal{})
}

// openGoalForm opens the goal modal, empty for a new goal or filled in.
func (b *Bot) openGoalForm(r *request, g store.Goal) (reply, error) {
	if r.triggerID == "" {
		return textReply("I can't open a form from here. Use `/goal add TEXT by DATE`, e.g. `/goal add Give my first talk at the Go meetup by end of quarter`."), nil
	}
	if err := b.openModal(r, goalModal(g, r.channelID)); err != nil {
		var ue *userError
		if errors.As(err, &ue) {
			return reply{}, sayf("%s Or type `/goal add TEXT by DATE`.", ue.msg)
		}
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// maxGoalYears is how far ahead a goal may be due: a deadline further off
// (2099, 9999-12-31) is no deadline to work towards, and must not pass
// the SMART check as one.
const maxGoalYears = 5

// goalDueTooFar reports whether due is more than maxGoalYears after today,
// with the answer for the person when it is.
func goalDueTooFar(due, today datetext.Date) (string, bool) {
	latest := datetext.DateOf(time.Date(today.Year+maxGoalYears, today.Month, today.Day, 12, 0, 0, 0, time.UTC))
	if !latest.Before(due) {
		return "", false
	}
	return fmt.Sprintf("%s is more than %d years away. Pick a due date by %s — for a longer ambition, set a nearer milestone as the goal.",
		goalDate(due), maxGoalYears, goalDate(latest)), true
}

// goalOnlyDueRe is /goal add text that has a due date but no goal before
// it: "by 2026-12-31", "before Dec 31" (datetext.SplitDue needs text
// before " by " or " before ").
var goalOnlyDueRe = regexp.MustCompile(`(?is)^[\s,;:\-–—]*(?:by|before)\s+(.+)$`)

// goalBareByRe is /goal add text that ends in "by" with no date after
// it: "Ship 3 PRs by" was cut short. (Not "before": "… I've never done
// before" is a goal's own words.)
var goalBareByRe = regexp.MustCompile(`(?i)\S\s+by[\s,;:.!?\-–—]*$`)

// withOthersRe starts the rest of a goal that begins with someone's name
// and is the typer's own: "@bob and I co-present…", "@bob, @carol and I
// run the workshop". A comma alone is not enough: "@bob, finish exercise
// 2" is a sentence addressed to bob, as "@bob: finish…" is; only another
// name or a conjunction after it makes the goal shared. ("&" comes
// escaped, "&amp;".)
var withOthersRe = regexp.MustCompile(`(?i)^\s*(?:,\s*)?(?:(?:and|or|with)\b|&)|^\s*,\s*<@`)

// mentors reports whether the user mentors mentee in a live pair.
func (b *Bot) mentors(r *request, mentee string) (bool, error) {
	ps, err := b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(ps, func(p store.Pair) bool { return p.MentorID == r.user.ID && p.MenteeID == mentee }), nil
}

func (b *Bot) cmdGoalAdd(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) == "" {
		return b.openGoalForm(r, store.Goal{})
	}
	// What follows the mention is read with the punctuation glued to it
	// still on (which leadingMention would drop): the comma of "@bob,
	// @carol and I run the workshop" makes the goal the typer's own.
	first, after := splitWord(args)
	if who := parseMention(first); who != "" && !withOthersRe.MatchString(first[strings.LastIndexByte(first, '>')+1:]+" "+after) {
		theirs, err := b.mentors(r, who)
		if err != nil {
			return reply{}, err
		}
		if theirs {
			// "/goal add @erin finish exercise 2" by Erin's mentor: a goal
			// for their mentee would be saved as the mentor's own, and shown
			// to the mentor's own mentors. (A goal may start with someone
			// else's name: "@alice and I co-present at the summit".)
			return reply{}, sayf("Goals are set by the mentee, for themselves: I haven't added anything. <@%s> can add it with `/goal add …`; "+
				"as their mentor, `/goal list %s` shows their goals and `/goal comment N TEXT` comments on one.", who, b.handle(r.ctx, who))
		}
	}
	typed := oneLine(unescapeSlack(args))
	if m := goalOnlyDueRe.FindStringSubmatch(typed); m != nil && datetext.LooksLikeDate(m[1]) {
		return reply{}, sayf("What's the goal? Put it before the date, for example `/goal add Give my first talk at the Go meetup by end of quarter`, or type `/goal` for a form. I haven't added anything.")
	}
	if goalBareByRe.MatchString(typed) {
		return reply{}, sayf("By when? Put the date after “by”, for example `… by next friday` or `… by end of month`, or type `/goal` for a form. I haven't added the goal.")
	}
	text, due, dated, err := datetext.SplitDue(typed, r.now, r.loc)
	if err != nil {
		return reply{}, goalDateError(err)
	}
	if !dated {
		// "Give a talk at the meetup in 3 weeks": a span at the end is
		// the deadline too, without "by".
		text, due, dated = datetext.SplitPeriod(typed, r.now, r.loc)
	}
	if dated {
		if msg, far := goalDueTooFar(due, goalToday(r.now, r.loc)); far {
			return reply{}, sayf("I haven't added the goal. %s", msg)
		}
	}
	if err := tooLong("goal", text, maxShortText); err != nil {
		return reply{}, err
	}
	in := store.GoalInput{Text: markupWithin(text, maxShortText)}
	if dated {
		in.DueOn = due.String()
	}
	g, err := b.db.AddGoal(r.ctx, r.user.ID, in)
	if err != nil {
		return reply{}, err
	}
	b.goalChanged(r.ctx, g, false) // a new goal has no DMs yet
	rp := b.goalSavedReply(r, g, true, false)
	if dated && rolledToNextYear(typed, due, goalToday(r.now, r.loc)) {
		// "by Aug 1" typed on 15 December means next year's: say so, as it
		// may have been a slip. (One that passed within about three
		// months, "by Dec 1", is refused by datetext as a past date.)
		note := fmt.Sprintf(":calendar: %s has passed this year, so the goal is due %s. `/goal edit %d` changes that.",
			time.Date(due.Year, due.Month, due.Day, 12, 0, 0, 0, time.UTC).Format("2 January"), goalDate(due), g.ID)
		rp.Blocks = slices.Insert(rp.Blocks, 1, slack.Block(section(note)))
		rp.Text += "\n" + note
	}
	return rp, nil
}

// rolledToNextYear reports whether a due date typed without its year went
// to next year because this year's had passed, and is more than half a
// year away: "by Jan 5" typed in December plainly means the coming one
// and needs no word; "by Aug 1" typed then may have been a slip.
func rolledToNextYear(typed string, due, today datetext.Date) bool {
	return due.Year == today.Year+1 && goalDaysBetween(today, due) > 182 && !strings.Contains(typed, strconv.Itoa(due.Year))
}

// goalSavedReply confirms a new or edited goal with the SMART check: what is
// missing and how to add it, or a word of praise. A goal saved from the
// form (form) is pointed to the form's date picker, not to typing "by".
func (b *Bot) goalSavedReply(r *request, g store.Goal, added, form bool) reply {
	head := fmt.Sprintf(":dart: Added goal *#%d*.", g.ID)
	if !added {
		head = fmt.Sprintf(":pencil2: Updated goal *#%d*.", g.ID)
	}
	if added {
		switch mentors, err := b.db.GoalMentors(r.ctx, g.OwnerID); {
		case err != nil || len(mentors) == 0:
			head += " Only you can see it (and your mentor, once you have one)."
		case len(mentors) == 1:
			head += " " + goalMentions(mentors) + " can see it too, as your mentor."
		default:
			head += " " + goalMentions(mentors) + " can see it too, as your mentors."
		}
	}
	check := smart.Check(g.Text, g.Measure, g.DueOn != "", int(g.ID))
	if !check.HasDeadline && len(check.Tips) > 0 {
		// A date typed at the end without "by" ("… in 3 weeks") stayed in
		// the goal's words. The deadline tip, which smart.Check gives
		// first, then says what would have made it the deadline, as
		// smart.Check itself does for an ISO date.
		if phrase, due, ok := datetext.DateAtEnd(readable(g.Text), r.now, r.loc); ok && !form {
			check.Tips[0] = goalByTip(g.ID, phrase, due)
		}
		if form {
			check.Tips[0] = fmt.Sprintf("It has no deadline yet — `/goal edit %d` opens the form again, where the date picker sets one.", g.ID)
		}
	}
	var tips string
	if check.OK() {
		tips = ":white_check_mark: It has a deadline and a way to tell when it's done — that's a SMART goal. Nice!"
	} else {
		lines := []string{":bulb: *A tip to make it SMART:*"}
		if len(check.Tips) > 1 {
			lines[0] = ":bulb: *Two tips to make it SMART:*"
		}
		for _, t := range check.Tips {
			lines = append(lines, "• "+esc(t))
		}
		tips = strings.Join(lines, "\n")
	}
	blocks := append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)
	blocks = append(blocks, section(tips))
	return reply{Text: head + " " + shownTextFit(g.Text, 1500) + "\n" + tips, Blocks: blocks}
}

// goalByTip is the deadline tip for goal id whose text ends in a date
// without "by": phrase as typed, read as due. It is plain text (the tips
// are escaped when shown).
func goalByTip(id int64, phrase string, due datetext.Date) string {
	if strings.HasPrefix(strings.ToLower(phrase), "in ") {
		// "by in 3 weeks" reads oddly, though it would be taken: the
		// example is the day it comes to, written as the goal shows it.
		return fmt.Sprintf("It has no deadline yet — `/goal edit %d` sets one. Next time, put “by” and the date at the end, for example `by %s`.", id, goalDate(due))
	}
	tip := fmt.Sprintf("It has no deadline yet — `/goal edit %d` sets one. Next time, put “by” before the date at the end, for example `by %s`", id, phrase)
	if phrase != due.String() {
		tip += " (" + goalDate(due) + ")"
	}
	return tip + "."
}

func (b *Bot) cmdGoalList(r *request, args string) (reply, error) {
	l, usage, ok := r.goalListArgs(args)
	if !ok {
		return usage, nil
	}
	var err error
	if l.goals, l.counts, err = b.db.GoalList(r.ctx, r.user.ID, l.owner, l.all); err != nil {
		return reply{}, err
	}
	l.closedNote = b.goalClosedNote(r.ctx, l)
	if l.mine {
		l.menteeNote = b.goalMenteeNote(r)
	}
	if len(l.goals) == 0 {
		return l.empty(), nil
	}
	return b.goalListPage(r, l), nil
}

// goalList is one /goal list answer in the making: what was asked for,
// the goals and counts found, and the notes that point elsewhere.
type goalList struct {
	owner string
	mine  bool // the lister's own goals, not a mentee's
	all   bool // done and dropped ones too
	page  int  // from 1

	goals  []store.Goal
	counts map[string]int // by status, of all the owner's goals

	closedNote string // how to see the done and dropped ones left out, if any
	menteeNote string // how to see the mentees' goals, if any
}

// closed is how many of the owner's goals are done or dropped.
func (l goalList) closed() int { return l.counts[store.GoalDone] + l.counts[store.GoalDropped] }

// goalListArgs reads /goal list's arguments, in any order: a mention for
// whose goals, "all", a page number. When they do not read, it returns the
// answer that says why, and false.
func (r *request) goalListArgs(args string) (goalList, reply, bool) {
	l := goalList{owner: r.user.ID}
	named := false
	for rest := strings.TrimSpace(args); rest != ""; {
		if id, after := leadingMention(rest); id != "" {
			// Two people are refused whoever comes first: taking one of
			// them would answer for someone the lister may not see, or
			// silently leave the other out.
			if named && id != l.owner {
				return l, textReply("`/goal list` shows one person's goals at a time: name one person, for example `/goal list @mentee`, or nobody for your own."), false
			}
			l.owner, rest, named = id, after, true
			continue
		}
		w, after := splitWord(rest)
		if strings.EqualFold(w, "all") {
			l.all, rest = true, after
			continue
		}
		if n, ok := pageNumber(rest); ok && n > 0 && l.page == 0 {
			l.page, rest = n, ""
			continue
		}
		if n, ok := pageNumber(w); ok && n > 0 && l.page == 0 {
			l.page, rest = n, after
			continue
		}
		if unknownName(w) {
			return l, r.unknownNamed(args, w, "your mentee", "/goal list @mentee", ""), false
		}
		if rest == strings.TrimSpace(args) {
			if hint, ok := r.bareName(rest); ok {
				return l, textReply("%s", hint), false
			}
		}
		return l, textReply("Usage: `/goal list` for your goals, `/goal list @mentee` for a mentee's; add `all` to include done and dropped ones, and a page number for the goals after the first %d (`/goal list all 2`).", goalListMax), false
	}
	l.page = max(l.page, 1)
	l.mine = l.owner == r.user.ID
	return l, reply{}, true
}

// goalClosedNote says how many goals a list without "all" leaves out, and
// the command that shows them; "" when it leaves none out.
func (b *Bot) goalClosedNote(ctx context.Context, l goalList) string {
	if l.all || l.closed() == 0 {
		return ""
	}
	arg := ""
	if !l.mine {
		arg = b.goalHandle(ctx, l.owner) + " "
	}
	return fmt.Sprintf("%s — `/goal list %sall` shows them.", goalClosedCounts(l.counts), arg)
}

// goalMenteeNote points a mentor at their mentees' lists; "" for someone
// who mentors nobody.
func (b *Bot) goalMenteeNote(r *request) string {
	pairs, err := b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		// Only the pointer to the mentees' lists is lost; the goals
		// are all there.
		b.log.Warn("goal list: the lister's pairs", "user", r.user.ID, "err", err)
	}
	var mentees []string
	for _, p := range pairs {
		if p.MentorID == r.user.ID {
			mentees = append(mentees, p.MenteeID)
		}
	}
	switch n := len(mentees); {
	case n == 0:
		return ""
	case n == 1:
		return fmt.Sprintf("You mentor %s: `/goal list %s` shows their goals.", goalMentions(mentees), b.goalHandle(r.ctx, mentees[0]))
	case n <= 3:
		// The command for each: one named for the first only reads as
		// if it showed them all.
		cmds := make([]string, n)
		for i, m := range mentees {
			cmds[i] = fmt.Sprintf("`/goal list %s`", b.goalHandle(r.ctx, m))
		}
		return fmt.Sprintf("You mentor %s: %s show their goals.", goalMentions(mentees), joinList(cmds, "and"))
	}
	return fmt.Sprintf("You mentor %s: `/goal list @name` shows a mentee's goals.", goalMentions(mentees))
}

// empty is the answer for a list with no goals to show: how to set one.
func (l goalList) empty() reply {
	var lines []string
	if l.mine {
		lines = append(lines, "You have no open goals.")
		if l.closedNote != "" {
			lines = append(lines, l.closedNote)
		}
		lines = append(lines, "Add one with `/goal add Give my first talk at the Go meetup by end of quarter`, or type `/goal` for a form.")
		if l.menteeNote != "" {
			lines = append(lines, l.menteeNote)
		}
	} else {
		lines = append(lines, fmt.Sprintf("<@%s> has no open goals.", l.owner))
		if l.closedNote != "" {
			lines = append(lines, l.closedNote)
		}
		lines = append(lines, "Setting one together at your next meeting is a good start.")
	}
	return reply{Text: strings.Join(lines, "\n")}
}

// goalListPage shows the page of l asked for, or says there is no such
// page.
func (b *Bot) goalListPage(r *request, l goalList) reply {
	title := "*Your goals*"
	if !l.mine {
		title = fmt.Sprintf("*<@%s>'s goals*", l.owner)
	}
	title += " — " + goalOpenCount(l.counts[store.GoalOpen])
	if l.all && l.closed() > 0 {
		title += ", " + goalClosedCounts(l.counts)
	}
	// The command that shows another page of this list, as typed.
	listCmd := "/goal list"
	if !l.mine {
		listCmd += " " + b.goalHandle(r.ctx, l.owner)
	}
	if l.all {
		listCmd += " all"
	}
	n, page := len(l.goals), l.page
	pages := (n + goalListMax - 1) / goalListMax
	if page > pages {
		if pages == 1 {
			// "`/goal list 1` shows the last one" would read as one goal.
			return textReply("That list has %d %s, all on one page: `%s` shows %s.",
				n, plural(n, "goal", "goals"), listCmd, plural(n, "it", "them"))
		}
		return textReply("That list has %d goals, which fit on %d pages, so there is no page %d. `%s %d` shows the last one.",
			n, pages, page, listCmd, pages)
	}
	if pages > 1 {
		title += fmt.Sprintf(" — page %d of %d", page, pages)
	}
	// "today", "in 3 days", "overdue" by the owner's day, a mentee's
	// list too (see goalDay).
	day := ownGoalDay(r.now, r.loc)
	if !l.mine {
		day = goalDayFor(r.now, b.zoneOf(r, l.owner), r.loc)
	}
	from, to := (page-1)*goalListMax, min(page*goalListMax, n)
	blocks := []slack.Block{section(title)}
	for _, g := range l.goals[from:to] {
		sec := section(goalSummary(g, day))
		sec.BlockID = fmt.Sprintf("goal_list_%d", g.ID)
		if l.mine && g.Open() {
			sec.Accessory = slack.NewAccessory(button(actionGoalProgress, strconv.FormatInt(g.ID, 10), "Update progress", ""))
		}
		blocks = append(blocks, sec)
	}
	var foot []string
	if pages > 1 {
		foot = append(foot, pageFooter(listCmd, page, pages, from, to, n, goalListMax))
	}
	foot = append(foot, l.hints()...)
	blocks = append(blocks, contextText(strings.Join(foot, "\n")))
	return reply{Text: title, Blocks: blocks}
}

// hints are the lines under a page of goals: what to do with them, then
// the notes that point elsewhere.
func (l goalList) hints() []string {
	var lines []string
	if l.mine {
		hint := "`/goal progress N 40%` · `/goal done N` · `/goal show N` · `/goal share N`"
		if l.all && l.closed() > 0 {
			hint += " · `/goal reopen N` opens a done or dropped one again"
		}
		lines = append(lines, hint)
	} else {
		lines = append(lines, fmt.Sprintf("Comment on one with `/goal comment N …` — <@%s> gets a DM. `/goal show N` shows its history.", l.owner))
	}
	if l.closedNote != "" {
		lines = append(lines, l.closedNote)
	}
	if l.menteeNote != "" {
		lines = append(lines, l.menteeNote)
	}
	return lines
}

// goalHandle is how a person is typed in a command shown as code ("@bob"),
// where a mention would not render.
func (b *Bot) goalHandle(ctx context.Context, id string) string {
	if u, err := b.slack.Profile(ctx, id); err == nil && u.Name != "" {
		return typedHandle(u)
	}
	return "@" + esc(b.displayName(ctx, id))
}

// typedHandle is how u is typed in a command shown as code: "@bob", from
// their Slack name, else their real name, else their ID.
func typedHandle(u store.User) string {
	return "@" + esc(cmp.Or(u.Name, u.RealName, u.ID))
}

// handleOf is how to type id in a command: "@bob". A mention inside a
// code span would show as "<@U123>", so examples of commands use this
// instead. Someone the bot does not know is typed by their ID.
func handleOf(ctx context.Context, db *store.DB, id string) string {
	u, err := readUser(ctx, db, id)
	if err != nil {
		u = store.User{ID: id}
	}
	return typedHandle(u)
}

func (b *Bot) handle(ctx context.Context, id string) string { return handleOf(ctx, b.db, id) }

func (nt *Notifier) handle(ctx context.Context, id string) string { return handleOf(ctx, nt.DB, id) }

// goalListCmd is the command, as typed, that lists owner's open goals to
// viewer: "/goal list" for their own, "/goal list @bob" for a mentee's.
// The weekly check-in points to it under a list it had to cut.
func (nt *Notifier) goalListCmd(ctx context.Context, viewer, owner string) string {
	if owner == viewer {
		return "/goal list"
	}
	return "/goal list " + nt.handle(ctx, owner)
}

func goalOpenCount(n int) string {
	if n == 1 {
		return "1 open"
	}
	return fmt.Sprintf("%d open", n)
}

func goalClosedCounts(counts map[string]int) string {
	var parts []string
	if n := counts[store.GoalDone]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d done", n))
	}
	if n := counts[store.GoalDropped]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d dropped", n))
	}
	return strings.Join(parts, ", ")
}

func (b *Bot) cmdGoalShow(r *request, args string) (reply, error) {
	id, rest, ok := goalNumberArg(args)
	if !ok {
		return reply{}, whichGoal(args, "/goal show 3")
	}
	page := 1
	if rest != "" {
		// Only "page 2": a bare "2" could be meant as a second goal.
		w, after := splitWord(rest)
		n, ok := parseNumber(after)
		if !strings.EqualFold(w, "page") || !ok || n > 1000 {
			return reply{}, goalExtraWords("show", id, rest)
		}
		page = int(n)
	}
	g, err := b.db.Goal(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	hist, err := b.db.GoalProgress(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	comments, err := b.db.GoalComments(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	owner := r.loc
	if g.OwnerID != r.user.ID {
		owner = b.zoneOf(r, g.OwnerID)
	}
	return goalShowMessage(goalHistory{goal: g, progress: hist, comments: comments, reader: r.user.ID, now: r.now, loc: r.loc, ownerLoc: owner}, page), nil
}

func (b *Bot) cmdGoalProgress(r *request, args string) (reply, error) {
	id, rest, ok := goalNumberArg(args)
	if !ok {
		id, rest, ok = goalPercentFirst(args)
	}
	if !ok {
		return reply{}, whichGoal(args, "/goal progress 3 40% first draft written")
	}
	if dropGoalSep(rest) == "" && r.triggerID != "" {
		// "/goal progress 3" alone asks in a form, as its button does.
		return b.openProgressForm(r, id)
	}
	w, note := splitWord(rest)
	if w == "," {
		// "1 , 20 first draft", a comma left standing after the number,
		// is "1, 20 first draft".
		w, note = splitWord(note)
	}
	if goalsListed(args) && (!plainDigitsRe.MatchString(w) || goalPercentLike(firstWord(note))) {
		// "1, 2 50%", "1, #2 50%", "1, 2, 3 50%": goals listed, where
		// "1, 20" and "1, 20 first draft" are goal 1 at 20%.
		return reply{}, sayf("`/goal progress` sets one goal's progress at a time, for example `/goal progress %d 40%%`, then the same for the next. Nothing changed.", id)
	}
	// "60 %" and "60 percent" name the figure; the note is what follows,
	// after a separator if one stands there ("40 , first draft") or
	// follows the figure ("40, first draft", "60 %: rehearsed").
	w = goalFigureWord(w)
	if next, after := splitWord(note); goalFigureWord(next) == "%" || strings.EqualFold(goalFigureWord(next), "percent") || strings.EqualFold(goalFigureWord(next), "pct") {
		note = after
	}
	note = dropGoalSep(note)
	pct, signed, ok := goalPercent(w)
	if signed {
		return reply{}, sayf("Progress is goal #%d's new percentage from 0 to 100, not a change like “%s” — for example `/goal progress %d 60` sets it to 60%%. Nothing changed.", id, shownTextFit(unescapeSlack(w), 20), id)
	}
	if !ok {
		return reply{}, sayf("Progress is a percentage from 0 to 100, for example `/goal progress %d 40%%`, optionally with a note: `/goal progress %d 40%% first draft written`.", id, id)
	}
	note = unescapeSlack(note)
	if err := tooLong("note", note, maxGoalDetail); err != nil {
		return reply{}, err
	}
	note = markupWithin(note, maxGoalDetail)
	g, before, err := b.db.SetGoalProgress(r.ctx, r.user.ID, id, pct, note)
	if err != nil {
		return reply{}, err
	}
	b.goalChanged(r.ctx, g, !g.Open()) // progress alone leaves its DMs as they are
	return goalProgressReply(r, g, before, note, w), nil
}

// openProgressForm opens the progress form of goal id, one of the
// person's open goals, for a bare "/goal progress 3".
func (b *Bot) openProgressForm(r *request, id int64) (reply, error) {
	g, err := b.db.OwnGoal(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	if !g.Open() {
		return reply{}, sayf("Goal #%d is %s, so its progress stays as it was. `/goal reopen %d` opens it again.", g.ID, g.Status, g.ID)
	}
	if err := b.openModal(r, goalProgressModal(g, r.channelID, "")); err != nil {
		var ue *userError
		if errors.As(err, &ue) {
			return reply{}, sayf("%s Or type `/goal progress %d 40%%`.", ue.msg, g.ID)
		}
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// goalProgressReply confirms a progress update, showing the movement.
// typed is the percentage as typed; when it was rounded, the answer says
// so.
func goalProgressReply(r *request, g store.Goal, before int, note, typed string) reply {
	var head string
	switch {
	case g.Progress == 100:
		head = fmt.Sprintf(":tada: Goal *#%d* is at 100%% (was %d%%). Ready to mark it done? Press *Done* or type `/goal done %d`.", g.ID, before, g.ID)
	case g.Progress > before:
		head = fmt.Sprintf(":chart_with_upwards_trend: Goal *#%d*: %d%% → *%d%%*. Keep going!", g.ID, before, g.Progress)
	case g.Progress < before:
		head = fmt.Sprintf(":chart_with_downwards_trend: Goal *#%d*: %d%% → *%d%%*. Progress isn't always a straight line — that's fine.", g.ID, before, g.Progress)
	default:
		head = fmt.Sprintf(":memo: Goal *#%d* stays at *%d%%*; I've noted the update.", g.ID, g.Progress)
	}
	if shown, rounded := goalPercentRounded(typed); rounded {
		head += fmt.Sprintf(" (Progress is kept in whole percents, so I rounded %s to %d%%.)", shown, g.Progress)
	}
	blocks := []slack.Block{section(head)}
	if note != "" {
		blocks = append(blocks, section(goalQuote(note, 2500)))
	}
	blocks = append(blocks, goalBlocks(g, r.now, r.loc)...)
	return reply{Text: head, Blocks: blocks}
}

func (b *Bot) cmdGoalClose(status string) handler {
	verb := "done"
	if status == store.GoalDropped {
		verb = "drop"
	}
	return func(r *request, args string) (reply, error) {
		id, rest, ok := goalNumberArg(args)
		if !ok {
			return reply{}, whichGoal(args, "/goal "+verb+" 3")
		}
		// Words after a dropped goal's number are why it was dropped, kept
		// in its progress history ("/goal drop 4 no longer relevant"). A
		// lone number may be another goal ("/goal drop 4 5"), as may
		// numbers after a comma ("/goal drop 1, 2, 3"), and "done" takes
		// nothing more: those are refused, naming the words as typed. A
		// separator before the words goes with the number, as the comma
		// of "4," does ("/goal drop 4 , no longer relevant"); one with
		// nothing after it is nothing more.
		var reason string
		if words := dropGoalSep(rest); words != "" {
			if status != store.GoalDropped || numberLike.MatchString(words) || goalsListed(args) {
				return reply{}, goalExtraWords(verb, id, rest)
			}
			reason = strings.TrimSpace(unescapeSlack(words))
			if err := tooLong("reason", reason, maxDropReason); err != nil {
				return reply{}, err
			}
			reason = markupWithin(reason, maxDropReason)
		}
		note := ""
		if reason != "" {
			note = goalDropNote + reason
		}
		g, told, err := b.closeGoal(r, id, status, note)
		if err != nil {
			return reply{}, err
		}
		rp := goalClosedReply(r, g, told)
		if reason != "" {
			kept := fmt.Sprintf("I've kept your reason in the goal's history (`/goal show %d`):", g.ID)
			rp.Blocks = slices.Insert(rp.Blocks, 1, slack.Block(section(kept+"\n"+goalQuote(reason, 2500))))
			rp.Text += " " + kept + " " + shownTextFit(reason, 1500)
		}
		return rp, nil
	}
}

// closeGoal closes goal id of r's user as status, with note in its
// history, and tells their mentors (told) of a goal done, so they can
// celebrate it, in the same commit: told after it, a failed DM would
// leave the goal closed, the mentors never told, and the owner told that
// nothing changed.
func (b *Bot) closeGoal(r *request, id int64, status, note string) (g store.Goal, told []string, err error) {
	pairOf := map[string]int64{}
	if status == store.GoalDone {
		// Read before the write, not while holding it: goals are their
		// owner's own, so the mentors are r's user's.
		if told, err = b.db.GoalMentors(r.ctx, r.user.ID); err != nil {
			return store.Goal{}, nil, err
		}
		for _, m := range told {
			pairOf[m] = b.goalPairID(r.ctx, m, r.user.ID)
		}
	}
	var edits []dmEdit
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if g, err = store.CloseGoalTx(r.ctx, tx, r.user.ID, id, status, note); err != nil {
			return err
		}
		for _, m := range told {
			e, err := dmAgainTx(r.ctx, tx, goalDoneKey(g, m), "goal_done", m, pairOf[m], goalDoneMessage(g))
			if err != nil {
				return err
			}
			edits = append(edits, e...)
		}
		return nil
	})
	if err != nil {
		return store.Goal{}, nil, err
	}
	b.sched.Kick()
	b.applyEdits(r.ctx, edits)
	b.goalChanged(r.ctx, g, true)
	return g, told, nil
}

// goalDropNote starts the progress note that keeps why a goal was dropped.
const goalDropNote = "Dropped: "

// maxDropReason is how long a reason for dropping a goal may be: a round
// number people can trust, with room left in the progress note
// (maxGoalDetail) for goalDropNote before it.
const maxDropReason = 900

// goalClosedReply confirms a goal done or dropped; mentors, the mentors
// told of a goal done, are named.
func goalClosedReply(r *request, g store.Goal, mentors []string) reply {
	var head string
	var blocks []slack.Block
	if g.Status == store.GoalDropped {
		head = fmt.Sprintf(":heavy_multiplication_x: Dropped goal *#%d*. Letting go of a goal that no longer fits is part of good goal-setting — when you're ready, add a new one with `/goal add`.", g.ID)
		blocks = append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)
		return reply{Text: head, Blocks: append(blocks, goalUndoBlock(g))}
	}
	head = fmt.Sprintf(":tada: Goal *#%d* is done — congratulations!", g.ID)
	if len(mentors) > 0 {
		head += " I've let " + goalMentions(mentors) + " know."
	}
	blocks = append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)
	blocks = append(blocks, contextText(fmt.Sprintf("Proud of it? `/goal share %d` in a channel posts it there.", g.ID)), goalUndoBlock(g))
	return reply{Text: head, Blocks: blocks}
}

// goalDoneMessage tells a mentor that their mentee completed goal g, so
// they can celebrate it.
func goalDoneMessage(g store.Goal) reply {
	text := fmt.Sprintf(":tada: <@%s> completed goal *#%d*: %s", g.OwnerID, g.ID, shownTextFit(g.Text, 1500))
	return reply{Text: text, Blocks: []slack.Block{
		section(text),
		contextText(fmt.Sprintf("Send them a note: `/goal comment %d Congratulations!`", g.ID)),
	}}
}

func (b *Bot) cmdGoalEdit(r *request, args string) (reply, error) {
	id, rest, ok := goalNumberArg(args)
	if !ok {
		return reply{}, whichGoal(args, "/goal edit 3")
	}
	if rest != "" {
		return reply{}, goalExtraWords("edit", id, rest)
	}
	g, err := b.db.OwnGoal(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	if !g.Open() {
		return reply{}, sayf("Goal #%d is %s, so it can't be edited. `/goal reopen %d` opens it again; `/goal add` sets a new one.", g.ID, g.Status, g.ID)
	}
	return b.openGoalForm(r, g)
}

func (b *Bot) cmdGoalShare(r *request, args string) (reply, error) {
	id, rest, ok := goalNumberArg(args)
	if !ok {
		return reply{}, whichGoal(args, "/goal share 3")
	}
	if rest != "" {
		return reply{}, goalExtraWords("share", id, rest)
	}
	g, err := b.db.OwnGoal(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	if g.Status == store.GoalDropped {
		return reply{}, sayf("Goal #%d was dropped, so there's nothing to share. `/goal list` shows your open goals.", g.ID)
	}
	head := fmt.Sprintf(":dart: <@%s> is working toward a goal:", g.OwnerID)
	if g.Status == store.GoalDone {
		head = fmt.Sprintf(":tada: <@%s> reached a goal:", g.OwnerID)
	}
	// In a channel, an overdue goal's date is left out: a share is to
	// show what someone works toward, not to post a warning about them.
	shown, today := g, goalToday(r.now, r.loc)
	if d, err := datetext.ParseISODate(g.DueOn); err == nil && g.Open() && d.Before(today) {
		shown.DueOn = ""
	}
	// The post stays, read by people in other zones on other days:
	// the date alone, no "today" or "in 3 days" by the sharer's day.
	body := goalSummary(shown, goalDay{})
	if shown.DueOn == "" {
		body = strings.TrimSuffix(body, " · no due date")
	}
	// Only the goal itself is posted: how its success is measured and why
	// it matters were written for the owner and their mentors (the form
	// says so), and nothing warns that a share would make them public.
	blocks := []slack.Block{section(head), section(body)}
	if b.inBotDM(r) {
		blocks = append(blocks, contextText(fmt.Sprintf("This is our DM, so only you see it. Type `/goal share %d` in a channel to post it there.", g.ID)))
		return reply{Text: head, Blocks: blocks}, nil
	}
	// The post can be taken back by its sharer alone, from its menu: the
	// press's response_url deletes the very message the menu is on, which
	// works wherever the command did (the bot need not be in the channel)
	// and which no button value can point at another message.
	blocks[0] = slack.NewSectionBlock(mrkdwn(head), nil, slack.NewAccessory(slack.NewOverflowBlockElement(actionGoalShareMenu,
		slack.NewOptionBlockObject(goalShareRemoveValue(g.ID, r.user.ID), plain("Remove from channel"), nil))))
	post := reply{Text: head + " " + shownTextFit(g.Text, 1500), Blocks: blocks, InChannel: true}
	if r.respURL == "" {
		return post, nil // a stand-in without one: the post alone, in the ack
	}
	// The sharer hears, privately, how to take it back: the post, seen by
	// everyone, does not say so. That word must not come before the post
	// it speaks of, and Slack posts an ack's answer in its own time,
	// perhaps after a response_url message sent once the ack went. So both
	// go through the response_url, the word once Slack has taken the post,
	// and the command is acked without an answer.
	// Once, even when Slack delivers the command again: the post no
	// longer rides on the ack, which a redelivery would have repeated.
	if err := b.db.RecordClaim(r.ctx); err != nil {
		return reply{}, err
	}
	url, id, user, channel := r.respURL, g.ID, r.user.ID, r.channelID
	later(r.ctx, func() {
		ctx := b.detach(r.ctx)
		msg := &slack.WebhookMessage{ResponseType: slack.ResponseTypeInChannel, Text: post.Text, Blocks: &slack.Blocks{BlockSet: post.Blocks}}
		err := b.slack.Respond(ctx, url, msg)
		if err != nil && b.cutOff() {
			// As an answer past the ack (respond): the shutdown's grace cut
			// it, and it goes in one brief try rather than not at all.
			err = b.slack.RespondLast(ctx, url, msg)
		}
		if err != nil {
			b.log.Warn("goal share: post it", "goal", id, "err", err)
			b.tell(ctx, user, channel, textReply(":warning: I couldn't post goal *#%d* here just now. If it doesn't show in the channel, try `/goal share %d` again in a moment.", id, id))
			return
		}
		msg = &slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral,
			Text: fmt.Sprintf(":white_check_mark: Shared goal *#%d* here. Changed your mind? Choose *Remove from channel* in the post's ⋯ menu; only you can.", id)}
		if err := b.slack.Respond(ctx, url, msg); err != nil {
			b.log.Warn("goal share: tell the sharer", "goal", id, "err", err)
		}
	})
	return reply{Silent: true}, nil
}

// actionGoalShareMenu is the menu of a goal shared in a channel; its one
// option's value is goalShareRemoveValue.
const actionGoalShareMenu = "goal_share_menu"

// goalShareRemoveValue is the value of the Remove from channel option of
// goal id's post, shared by owner: "remove:ID:OWNER".
func goalShareRemoveValue(id int64, owner string) string {
	return fmt.Sprintf("remove:%d:%s", id, owner)
}

// actGoalShareMenu removes a shared goal's post from its channel, when
// the one who shared it asks; anyone else is told that only they can.
// What is deleted is the message the menu is on (through the press's
// response_url), never one a value names.
func (b *Bot) actGoalShareMenu(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	rest, ok := strings.CutPrefix(act.SelectedOption.Value, "remove:")
	idText, owner, ok2 := strings.Cut(rest, ":")
	id, ok3 := parseNumber(idText)
	if !ok || !ok2 || !ok3 || owner == "" || cb.ResponseURL == "" || cb.Container.IsEphemeral || cb.Container.MessageTs == "" {
		return actionReply{}, sayf("That menu has expired, so nothing was removed.")
	}
	if owner != r.user.ID {
		return actionReply{Reply: &reply{Text: fmt.Sprintf("Only <@%s>, who shared it, can remove it from the channel.", owner)}}, nil
	}
	// Once, even when Slack delivers the press again.
	if err := b.db.RecordClaim(r.ctx); err != nil {
		return actionReply{}, err
	}
	return actionReply{Delete: true, Reply: &reply{Text: fmt.Sprintf(":wastebasket: Removed goal *#%d* from this channel. The goal itself is still yours: `/goal show %d`.", id, id)}}, nil
}

// inBotDM reports whether r was typed in the person's DM with the bot,
// where nobody else would see a post. A DM with someone else (a colleague,
// a mentor) is a place to share in, as a channel is. When the bot's DM
// cannot be told (Slack did not answer), every DM counts as it: the goal is
// then shown to the person, not posted.
func (b *Bot) inBotDM(r *request) bool {
	switch {
	case r.channelID == "":
		return true
	case !strings.HasPrefix(r.channelID, "D"):
		return false
	case b.slack == nil:
		return true
	}
	dm, err := b.slack.DMChannel(r.ctx, r.user.ID)
	if err != nil {
		b.log.Warn("goal share: find the DM with the bot", "user", r.user.ID, "err", err)
		return true
	}
	return dm == r.channelID
}

func (b *Bot) cmdGoalComment(r *request, args string) (reply, error) {
	id, text, ok := goalNumberArg(args)
	text = strings.TrimSpace(unescapeSlack(dropGoalSep(text)))
	if !ok || text == "" {
		return reply{}, sayf("Usage: `/goal comment N TEXT`, for example `/goal comment 3 Great progress — shall we rehearse the talk on Friday?` A mentor's comment is seen only by the mentee and its author, not by the mentee's other mentors; a mentee's note on their own goal goes to all their mentors.")
	}
	if goalsListed(args) {
		// "1, 2 nice work on both": read as goal 1's, the "2" would start
		// the comment, and goal 2 would hear nothing.
		return reply{}, sayf("`/goal comment` comments on one goal at a time, for example `/goal comment %d Nice work!`, then the same for the next. "+
			"(To start a comment with a number, put a word before it.) I haven't saved anything.", id)
	}
	if err := tooLong("comment", text, maxGoalComment); err != nil {
		return reply{}, err
	}
	text = markupWithin(text, maxGoalComment)
	var (
		g      store.Goal
		notify []string
	)
	// The comment and the DMs that pass it on are stored in one commit:
	// sent after it, a failed DM would leave the comment saved, never
	// passed on, and its author told that nothing was saved, so that they
	// write it a second time.
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var c store.GoalComment
		var err error
		if c, g, notify, err = store.CommentGoalTx(r.ctx, tx, r.user.ID, id, text); err != nil {
			return err
		}
		for _, to := range notify {
			var head string
			var pairID int64
			replyTo := "" // who sees the reader's reply, when that is not plain
			if to == g.OwnerID {
				head = fmt.Sprintf(":speech_balloon: <@%s> commented on your goal *#%d* %s", r.user.ID, g.ID, shownTextFit(g.Text, 500))
				pairID = b.goalPairID(r.ctx, r.user.ID, g.OwnerID)
				// A mentor's comment is private to them and the mentee,
				// but the mentee's reply goes to all their mentors: one
				// answering a private word must know who else reads it.
				mentors, err := b.db.GoalMentors(r.ctx, g.OwnerID)
				if err != nil {
					return fmt.Errorf("mentors who see a reply to the comment on goal %d: %w", g.ID, err)
				}
				if len(mentors) > 1 {
					replyTo = " — " + goalMentions(mentors) + " both see it"
					if len(mentors) > 2 {
						replyTo = " — " + goalMentions(mentors) + " all see it"
					}
				}
			} else {
				head = fmt.Sprintf(":speech_balloon: <@%s> added a note to their goal *#%d* %s", r.user.ID, g.ID, shownTextFit(g.Text, 500))
				pairID = b.goalPairID(r.ctx, to, g.OwnerID)
			}
			msg := reply{Text: head, Blocks: []slack.Block{
				section(head),
				section(goalQuote(c.Text, 2900)),
				contextText(fmt.Sprintf("Reply with `/goal comment %d …`%s · `/goal show %d` shows the goal and the comments you can see.", g.ID, replyTo, g.ID)),
			}}
			if err := dmTx(r.ctx, tx, fmt.Sprintf("goal-comment:%d:to=%s", c.ID, to), "goal_comment", to, pairID, msg); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	switch {
	case r.user.ID != g.OwnerID:
		return textReply(":speech_balloon: Sent your comment on goal #%d to <@%s>. Only they and you see it, not their other mentors.", g.ID, g.OwnerID), nil
	case len(notify) > 0:
		return textReply(":speech_balloon: Saved your note on goal #%d and sent it to %s: your mentors see your notes. A mentor's comment stays between you and them.", g.ID, goalMentions(notify)), nil
	}
	return textReply(":memo: Saved your note on goal #%d. You don't have a mentor right now, so it's just for you.", g.ID), nil
}

// goalPairID is the live pair of a mentor and a mentee, 0 if none.
func (b *Bot) goalPairID(ctx context.Context, mentor, mentee string) int64 {
	pairs, err := b.db.PairsOf(ctx, mentee, false)
	if err != nil {
		return 0
	}
	for _, p := range pairs {
		if p.MentorID == mentor && p.MenteeID == mentee {
			return p.ID
		}
	}
	return 0
}

// goalMentions joins mentions: "<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>".
func goalMentions(ids []string) string {
	ms := make([]string, len(ids))
	for i, id := range ids {
		ms[i] = "<@" + id + ">"
	}
	return joinList(ms, "and")
}

// joinList joins items as a sentence lists them: "a", "a and b", "a, b
// and c" (conj for "and").
func joinList(items []string, conj string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// cappedMentions lists people as mentions, at most max of them, and says
// how many more there are: "<@A>, <@B>, and 3 more".
func cappedMentions(ids []string, max int) string {
	ms := make([]string, 0, min(len(ids), max+1))
	for i, id := range ids {
		if i == max {
			ms = append(ms, fmt.Sprintf("and %d more", len(ids)-i))
			break
		}
		ms = append(ms, "<@"+id+">")
	}
	return strings.Join(ms, ", ")
}

// --- buttons ---

// goalButtonID reads the goal number a button carries.
func goalButtonID(act *slack.BlockAction) (int64, error) {
	id, ok := parseNumber(act.Value)
	if !ok {
		return 0, sayf("That button has expired; please use `/goal list`.")
	}
	return id, nil
}

func (b *Bot) actGoalDone(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, err := goalButtonID(act)
	if err != nil {
		return actionReply{}, err
	}
	var rp reply
	g, told, err := b.closeGoal(r, id, store.GoalDone, "")
	switch {
	case store.ErrorCode(err) == store.EConflict && !errors.Is(err, store.ErrTakenOn):
		// Closed already (another Done, /goal done, a second DM): the
		// message still shows the open goal's buttons, so it becomes the
		// closed goal all the same, as after a Done that closes it.
		closed, lerr := b.db.OwnGoal(r.ctx, r.user.ID, id)
		if lerr != nil || closed.Open() {
			return actionReply{}, err
		}
		g = closed
		head := fmt.Sprintf("%s Goal *#%d* is already %s.", goalStatusEmoji(g.Status), g.ID, g.Status)
		rp = reply{Text: head, Blocks: append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)}
	case err != nil:
		return actionReply{}, err
	default:
		rp = goalClosedReply(r, g, told)
	}
	// Under a single goal, the message becomes the closed goal; in a list,
	// the answer comes as a new message.
	if strings.HasPrefix(act.BlockID, goalActionsBlock) {
		return actionReply{Replace: &rp}, nil
	}
	return actionReply{Reply: &rp}, nil
}

func (b *Bot) actGoalProgress(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	// A message in a DM (not an ephemeral answer, which only its
	// response_url may change) is named in the form, so that saving can
	// redraw it when it is the goal's reminder.
	msgTS := ""
	if !cb.Container.IsEphemeral && strings.HasPrefix(r.channelID, "D") {
		msgTS = cb.Container.MessageTs
	}
	return b.actGoalModal(r, act, func(g store.Goal) slack.ModalViewRequest { return goalProgressModal(g, r.channelID, msgTS) })
}

func (b *Bot) actGoalEdit(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	return b.actGoalModal(r, act, func(g store.Goal) slack.ModalViewRequest { return goalModal(g, r.channelID) })
}

// actGoalModal opens a modal about one of the presser's open goals.
func (b *Bot) actGoalModal(r *request, act *slack.BlockAction, view func(store.Goal) slack.ModalViewRequest) (actionReply, error) {
	id, err := goalButtonID(act)
	if err != nil {
		return actionReply{}, err
	}
	g, err := b.db.OwnGoal(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	if !g.Open() {
		return actionReply{}, sayf("Goal #%d is already %s.", g.ID, g.Status)
	}
	if err := b.openModal(r, view(g)); err != nil {
		b.log.Warn("open goal modal", "user", r.user.ID, "goal", id, "err", err)
		return actionReply{}, sayf("I couldn't open the form — please press the button again.")
	}
	return actionReply{}, nil
}

// --- modals ---

func (b *Bot) viewGoalSubmit(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	in := store.GoalInput{
		Text:    oneLine(input(cb, blockGoalText, actionGoalText)),
		Measure: input(cb, blockGoalMeasure, actionGoalMeasure),
		Why:     input(cb, blockGoalWhy, actionGoalWhy),
		DueOn:   input(cb, blockGoalDue, actionGoalDue),
	}
	var old store.Goal
	if meta.ID != 0 {
		var err error
		if old, err = b.db.OwnGoal(r.ctx, r.user.ID, meta.ID); err != nil {
			return viewReply{}, err
		}
		// The form showed the goal readable ("@alice"); what is still
		// there gets its mention back, and an unchanged field stays as it
		// was stored.
		in.Text = keepMarkupWithin(old.Text, in.Text, maxShortText)
		in.Measure = keepMarkupWithin(old.Measure, in.Measure, maxGoalDetail)
		in.Why = keepMarkupWithin(old.Why, in.Why, maxGoalDetail)
	}
	errs := map[string]string{}
	if in.Text == "" {
		errs[blockGoalText] = "Please say what your goal is — one sentence is enough."
	} else if err := tooLong("goal", in.Text, maxShortText); err != nil {
		errs[blockGoalText] = err.Error()
	}
	if err := tooLong("measure", in.Measure, maxGoalDetail); err != nil {
		errs[blockGoalMeasure] = err.Error()
	}
	if err := tooLong("text", in.Why, maxGoalDetail); err != nil {
		errs[blockGoalWhy] = err.Error()
	}
	// A goal typed with its date ("… by 2027-05-01"), as /goal add takes
	// it, gives the due date when none is picked, and must agree with one
	// that is: otherwise the goal would read one date and be due another.
	if _, ok := errs[blockGoalText]; !ok && (in.Text != old.Text || in.DueOn != old.DueOn) {
		text, due, dated, err := datetext.SplitDue(in.Text, r.now, r.loc)
		var de *datetext.Error
		var first, last datetext.Date
		period := false
		if errors.As(err, &de) {
			first, last, period = de.Period()
		}
		switch m := goalOnlyDueRe.FindStringSubmatch(in.Text); {
		case m != nil && datetext.LooksLikeDate(m[1]):
			// As /goal add refuses it: a date alone is no goal.
			errs[blockGoalText] = "What's the goal? Put it before the date, for example “Give my first talk at the Go meetup by end of quarter”, or write the goal alone here and pick its date below."
		case in.DueOn != "" && de != nil && de.Unread():
			// "by end of sprint" is words only the person can date:
			// the goal keeps them and takes the date picked.
		case in.DueOn != "" && period:
			// "by June" asks which day of June: one picked in June
			// says it, and the goal keeps its words. A day outside it
			// would have the goal read one time and be due another.
			// (A date that is no date is answered below.)
			if d, err := datetext.ParseISODate(in.DueOn); err == nil && (d.Before(first) || last.Before(d)) {
				name := goalPeriod(first, last)
				errs[blockGoalDue] = fmt.Sprintf("The goal says “by %s”, and this date is %s. Pick a day in %s here, or take “by …” out of the goal.",
					name, goalDate(d), name)
			}
		case err != nil:
			errs[blockGoalText] = esc(userText(err)) // it quotes what was typed
		case !dated && in.DueOn == "":
			// "… in 3 weeks" with no date picked is the deadline, as for
			// /goal add. With one picked, the words stay: the picker
			// says when.
			if text, due, ok := datetext.SplitPeriod(in.Text, r.now, r.loc); ok {
				in.Text, in.DueOn = text, due.String()
			}
		case !dated:
		case in.DueOn == "" || in.DueOn == due.String():
			in.Text, in.DueOn = text, due.String()
		default:
			picked := in.DueOn
			if d, err := datetext.ParseISODate(in.DueOn); err == nil {
				picked = goalDate(d)
			}
			errs[blockGoalDue] = fmt.Sprintf("The goal says “by %s”, and this date is %s. Pick %s here, or take “by …” out of the goal.",
				goalDate(due), picked, goalDate(due))
		}
	}
	// An edit may keep a due date that has passed; a new date must not be.
	if in.DueOn != "" && in.DueOn != old.DueOn {
		td := goalToday(r.now, r.loc)
		if d, err := datetext.ParseISODate(in.DueOn); err != nil {
			errs[blockGoalDue] = err.Error()
		} else if d.Before(td) {
			errs[blockGoalDue] = fmt.Sprintf("That date has already passed. Pick today (%s) or a later day.", goalDate(td))
		} else if msg, far := goalDueTooFar(d, td); far {
			errs[blockGoalDue] = msg
		}
	}
	if len(errs) > 0 {
		return viewReply{Errors: errs}, nil
	}
	in.Text = markupWithin(in.Text, maxShortText)
	in.Measure = markupWithin(in.Measure, maxGoalDetail)
	in.Why = markupWithin(in.Why, maxGoalDetail)
	var g store.Goal
	var err error
	if meta.ID == 0 {
		g, err = b.db.AddGoal(r.ctx, r.user.ID, in)
	} else {
		g, err = b.db.UpdateGoal(r.ctx, r.user.ID, meta.ID, in)
	}
	if err != nil {
		return viewReply{}, err
	}
	b.goalChanged(r.ctx, g, true)
	rp := b.goalSavedReply(r, g, meta.ID == 0, true)
	return viewReply{Confirm: &rp}, nil
}

func (b *Bot) viewGoalProgressSubmit(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	raw := input(cb, blockGoalPercent, actionGoalPercent)
	note := input(cb, blockGoalNote, actionGoalNote)
	errs := map[string]string{}
	pct, signed, ok := goalPercent(raw)
	switch {
	case signed:
		errs[blockGoalPercent] = "Enter the new percentage from 0 to 100, without + or −."
	case !ok:
		errs[blockGoalPercent] = "Enter a number from 0 to 100, for example 40."
	}
	if err := tooLong("note", note, maxGoalDetail); err != nil {
		errs[blockGoalNote] = err.Error()
	}
	if len(errs) > 0 {
		return viewReply{Errors: errs}, nil
	}
	note = markupWithin(note, maxGoalDetail)
	g, before, err := b.db.SetGoalProgress(r.ctx, r.user.ID, meta.ID, pct, note)
	if err != nil {
		return viewReply{}, err
	}
	b.goalChanged(r.ctx, g, !g.Open())
	if meta.Extra != "" && meta.Channel != "" {
		now, loc := r.now, r.loc
		later(r.ctx, func() { b.redrawGoalDM(b.detach(r.ctx), g, meta.Channel, meta.Extra, now, loc) })
	}
	rp := goalProgressReply(r, g, before, note, raw)
	return viewReply{Confirm: &rp}, nil
}
