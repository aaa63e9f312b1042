package bot

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// Slack's limit of blocks in an App Home view.
const homeMaxBlocks = 100

// How much of each list the Home shows before pointing to a command.
const (
	homeGoalsShown  = 6
	homeTodosShown  = 5
	homeAgendaShown = 6
	homeMenteeGoals = 5
)

// homeHowToGetAMentor explains how viewer, outside a pair, finds a
// mentor, naming the programme's other admins (admins, programmeAdmins:
// MENTORBOT_ADMINS first), the first few of them, as the good-fit replies
// do (adminHelp); an admin (admin) makes the pair themselves, typing
// themselves as handle.
func homeHowToGetAMentor(admins []string, viewer, handle string, admin bool) string {
	var names []string
	for _, id := range admins {
		if id != viewer && len(names) < 3 {
			names = append(names, "<@"+id+">")
		}
	}
	ask := "3. *Ask a programme admin* to pair you with someone."
	switch {
	case admin:
		ask = "3. *Pair yourself up:* as a programme admin, `/mentor pair @someone " + handle + "` makes @someone your mentor."
	case len(names) > 0:
		ask = "3. *Ask a programme admin* (" + strings.Join(names, " or ") + ") to pair you with someone."
	}
	return "*How to get a mentor*\n" +
		"1. *Ask someone directly:* `/mentor request @someone I'd love help with public speaking` — they get a friendly DM with Accept and Decline buttons, and I tell you their answer.\n" +
		"2. *Join the matching round:* `/mentor join` signs you up with your topics; a programme admin proposes pairs with reasons.\n" +
		ask + "\n" +
		"Once you're paired, this page shows your meetings, goals and to-dos."
}

// homeHowToFindAMentee explains how viewer, a mentor outside a pair,
// finds a mentee: the mentor's counterpart of homeHowToGetAMentor, with
// the same admins named. signedUp: they wait in the matching pool already.
func homeHowToFindAMentee(admins []string, viewer, handle string, admin, signedUp bool) string {
	var names []string
	for _, id := range admins {
		if id != viewer && len(names) < 3 {
			names = append(names, "<@"+id+">")
		}
	}
	join := "1. *Join the matching round as a mentor:* `/mentor join` signs you up with your topics and how many mentees you can take; a programme admin proposes pairs with reasons, and you accept or decline each."
	if signedUp {
		join = "1. *You're in the matching round:* I'll DM you when there's a match for you to accept or decline; `/mentor join` changes your topics or how many mentees you can take."
	}
	ask := "3. *Ask a programme admin* to pair you with a mentee."
	switch {
	case admin:
		ask = "3. *Pair yourself up:* as a programme admin, `/mentor pair " + handle + " @someone` makes you @someone's mentor."
	case len(names) > 0:
		ask = "3. *Ask a programme admin* (" + strings.Join(names, " or ") + ") to pair you with a mentee."
	}
	return "*How to find a mentee*\n" +
		join + "\n" +
		"2. *Let people ask you:* anyone can ask you to be their mentor with `/mentor request`; you get a DM with Accept and Decline buttons.\n" +
		ask + "\n" +
		"Once you're paired, this page shows your meetings, your mentee's goals and your to-dos."
}

// homeText shows user text on the Home on one line, cut to at most max
// characters as sent (see shownTextFit).
func homeText(s string, max int) string {
	return shownTextFit(strings.Join(strings.Fields(s), " "), max)
}

// homeBlocks lays out a person's Home; it never exceeds homeMaxBlocks.
func homeBlocks(d homeData) []slack.Block {
	var out []slack.Block
	if len(d.pairs) == 0 {
		out = homeNoPair(d)
	} else {
		out = homeWithPairs(d)
	}
	if len(out) > homeMaxBlocks {
		out = append(out[:homeMaxBlocks-1], contextText("There is more than fits here: `/mentor pairs`, `/goal list`, `/mentor next @partner` and `/session todos` show the rest."))
	}
	return out
}

func homeHeader(text string) slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(text, 150), true, false))
}

func homeNoPair(d homeData) []slack.Block {
	blocks := []slack.Block{
		homeHeader(":wave: Welcome to mentorbot"),
		section("*mentorbot runs our mentoring programme inside Slack.* It pairs a mentor with a mentee, helps the mentee set SMART goals, " +
			"schedules regular meetings with reminders and agendas, keeps notes and to-dos from each session, and asks for feedback both ways. " +
			":lock: Only the two people in a pair see its goals, notes and to-dos; programme admins only see counts."),
		homeGettingStarted(d),
	}
	if r := homeRequests(d); r != "" {
		blocks = append(blocks, section(r))
	}
	// A mentor is shown how to find a mentee, not a mentor.
	find := button(actionHomeRequest, "request", "How to ask for a mentor", slack.StylePrimary)
	if d.mentor {
		find = button(actionHomeRequest, homeFindMentee, "How to find a mentee", slack.StylePrimary)
	}
	blocks = append(blocks,
		slack.NewActionBlock("home_start",
			find,
			button(actionHomeGoalNew, "new", "Set a goal", ""),
			button(actionHomeSettings, "settings", "Settings", ""),
		),
	)
	blocks = append(blocks, homeOwnGoals(d)...)
	blocks = append(blocks, homeEndedTodos(d)...)
	if d.admin {
		blocks = append(blocks, slack.NewDividerBlock(), homeAdmin(d))
	}
	return append(blocks, contextText("Type `/mentor help`, `/goal help` or `/session help` for every command."))
}

// homeGettingStarted tells someone in no pair how to find one, or, when
// they wait in the matching pool, that they do.
func homeGettingStarted(d homeData) slack.Block {
	s := d.signup
	switch {
	case s == nil && d.mentor:
		return section(homeHowToFindAMentee(d.admins, d.user.ID, d.handles[d.user.ID], d.admin, false))
	case s == nil:
		return section(homeHowToGetAMentor(d.admins, d.user.ID, d.handles[d.user.ID], d.admin))
	}
	text := fmt.Sprintf("*You're signed up for matching* as %s", signupRole(s.Role))
	if len(s.Topics) > 0 {
		text += " (" + homeText(strings.Join(s.Topics, ", "), 200) + ")"
	}
	if m := homeMatches(d); m != "" {
		text += ".\n" + m + "\n"
		if homeWantsMore(d) {
			text += "I'll DM you when there's another match for you. "
		}
		text += "`/mentor join` changes your answers; `/mentor leave` withdraws."
	} else {
		text += ". A programme admin proposes pairs with reasons, and I'll DM you when there's a match for you to accept or decline. " +
			"`/mentor join` changes your answers; `/mentor leave` withdraws."
	}
	if s.WantsMentor() && homeWantsMore(d) {
		text += "\nDon't want to wait? `/mentor request @someone` asks someone directly to be your mentor."
	}
	return section(text)
}

// homeRequests says where the mentoring requests the person made or was
// asked stand (d.requests): each waits for the answer of the person asked,
// in the DM that asked them. "" when there is none.
func homeRequests(d homeData) string {
	var lines []string
	for _, rq := range d.requests {
		if rq.MentorID == d.user.ID {
			lines = append(lines, fmt.Sprintf(":raised_hand: *<@%s> asked you to be their mentor.* Accept or decline in my message to you, in the Messages tab.", rq.RequesterID))
			continue
		}
		lines = append(lines, fmt.Sprintf(":hourglass_flowing_sand: You asked <@%s> to be your mentor; I'll tell you their answer. `/mentor request cancel %s` withdraws it.", rq.MentorID, homeHandle(d, rq.MentorID)))
	}
	return strings.Join(lines, "\n")
}

// homeMatches says where the person's published matches stand (d.matches,
// matchLines), "" when there is none. The Home sits beside the Messages
// tab, where the DMs that asked them are.
func homeMatches(d homeData) string {
	return strings.Join(matchLines(openMatches(d.matches, d.loc), d.user.ID, ", in the Messages tab,"), "\n")
}

// homeWantsMore reports whether matching may still propose someone to the
// person beyond their open matches: a mentor with places left, or a mentee
// with no match waiting.
func homeWantsMore(d homeData) bool {
	s := d.signup
	mentees, asMentor, asMentee := 0, 0, 0
	for _, hp := range d.pairs {
		if hp.pair.MentorID == d.user.ID {
			mentees++
		}
	}
	for _, p := range d.matches {
		if p.MentorID == d.user.ID {
			asMentor++
		} else {
			asMentee++
		}
	}
	return s.Mentors() && mentees+asMentor < s.Capacity || s.WantsMentor() && asMentee == 0
}

// signupRole is a matching sign-up's role, as "a mentor".
func signupRole(role string) string {
	switch role {
	case store.RoleMentor:
		return "a mentor"
	case store.RoleBoth:
		return "a mentor and a mentee"
	}
	return "a mentee"
}

// homeAdmin is an admin's part of the Home: the programme at a glance,
// in counts only (no goal, note or comment of any pair), and the admin
// commands. The figures are those of when the Home was opened: a
// programme-wide change does not republish every admin's Home.
func homeAdmin(d homeData) slack.Block {
	text := ""
	if rep := d.programme; rep != nil {
		text = ":bar_chart: *Programme at a glance* — as of " + dateTokenIn(rep.At, "{date_short_pretty} at {time}", d.loc) + "\n" +
			fmt.Sprintf("*Pairs:* %d active · %d paused · %d ended\n", rep.PairsActive, rep.PairsPaused, rep.PairsEnded)
		if len(rep.Windows) > 0 {
			w := rep.Windows[0]
			text += fmt.Sprintf("*Meetings, last %d days:* %d held (logged) · %d skipped\n", w.Days, w.Held, w.Skipped)
		}
		text += fmt.Sprintf("*Sessions logged:* %d in all\n", rep.SessionsLogged) +
			fmt.Sprintf("*Goals:* %d set · %d done · %d open\n", rep.GoalsSet, rep.GoalsDone, rep.GoalsOpen)
		if d.matching != nil {
			text += matchingGlance(*d.matching, d.now) + "\n"
		}
		// Counted like the report's, in whole groups of answers (see
		// store/feedback_batches.go), and with the report's good-fit
		// figure: ratings and good-fit answers fill groups of their own,
		// so either may count while the other does not yet.
		ratings := "ratings: none counted yet"
		if rt := rep.RatingsAll; rt.N > 0 {
			ratings = fmt.Sprintf("*%.1f* / 5 (%d %s from %d people)", rt.Average, rt.N, plural(rt.N, "answer", "answers"), rt.People)
		}
		fit := "good fit: none counted yet"
		if f := rep.Fit; f.Total() > 0 {
			fit = fmt.Sprintf("good fit: %d yes · %d not sure · %d no (from %d people)", f.Yes, f.Unsure, f.No, f.People)
		}
		text += fmt.Sprintf("*Feedback:* %s · %s — counted in groups of at least %d different people's answers, each kind apart\n",
			ratings, fit, store.MinFeedbackAnswers)
		text += "\n"
	}
	return section(text + "*You're a programme admin.* `/mentor pair @mentor @mentee` makes a pair, `/mentor pairs all` lists them, " +
		"`/mentor report` shows the programme's figures (counts only) and `/mentor match` proposes a matching round.")
}

func homeWithPairs(d homeData) []slack.Block {
	intro := fmt.Sprintf("You're in %d mentoring %s. Here is what's coming up.", len(d.pairs), plural(len(d.pairs), "pair", "pairs"))
	if s := d.signup; s != nil {
		// A mentor with places left, or someone who also wants a mentor,
		// still waits in the matching pool.
		if m := homeMatches(d); m != "" {
			intro += fmt.Sprintf("\nYou're also signed up for matching as %s.\n%s", signupRole(s.Role), m)
			if homeWantsMore(d) {
				intro += "\nI'll DM you when there's another match for you."
			}
			intro += " `/mentor leave` withdraws."
		} else {
			intro += fmt.Sprintf("\nYou're also signed up for matching as %s, so I'll DM you when there's another match for you. `/mentor leave` withdraws.", signupRole(s.Role))
		}
	}
	if r := homeRequests(d); r != "" {
		intro += "\n" + r
	}
	blocks := []slack.Block{
		homeHeader("Your mentoring"),
		section(intro),
		slack.NewActionBlock("home_actions",
			button(actionHomeGoalNew, "new", "New goal", slack.StylePrimary),
			button(actionHomeSettings, "settings", "Settings", ""),
		),
	}
	blocks = append(blocks, homeOwnGoals(d)...)
	blocks = append(blocks, homeEndedTodos(d)...)
	// Leave room for the admin note and the footer.
	budget := homeMaxBlocks - len(blocks) - 4
	var rest []homePair
	for i, hp := range d.pairs {
		if i >= homeMaxPairs {
			rest = append(rest, d.pairs[i:]...)
			break
		}
		pb := homePairBlocks(d, hp)
		if len(pb) > budget {
			rest = append(rest, d.pairs[i:]...)
			break
		}
		blocks = append(blocks, pb...)
		budget -= len(pb)
	}
	if len(rest) > 0 {
		var names []string
		for _, hp := range rest {
			names = append(names, "<@"+hp.partner+">")
		}
		blocks = append(blocks, slack.NewDividerBlock(),
			section(truncateMrkdwn(fmt.Sprintf("*%d more %s* with %s — `/mentor next @partner` shows each.",
				len(rest), plural(len(rest), "pair", "pairs"), strings.Join(names, ", ")), textSectionLimit)))
	}
	if d.admin {
		blocks = append(blocks, slack.NewDividerBlock(), homeAdmin(d))
	}
	return append(blocks, contextText(":lock: Only you and your partner see your pair's notes, to-dos and agenda; a mentee's goals, only they and their mentors. `/mentor help` lists every command."))
}

// homeOwnGoals lists the person's own open goals with Update buttons.
func homeOwnGoals(d homeData) []slack.Block {
	mentee := false
	for _, hp := range d.pairs {
		if hp.pair.MenteeID == d.user.ID {
			mentee = true
		}
	}
	if len(d.goals) == 0 && !mentee {
		return nil
	}
	day := ownGoalDay(d.now, d.loc)
	head := fmt.Sprintf("*:dart: Your goals* — %d open", len(d.goals))
	if n := d.goalsBy[store.GoalDone]; n > 0 {
		head += fmt.Sprintf(", %d done", n)
	}
	blocks := []slack.Block{slack.NewDividerBlock()}
	if len(d.goals) == 0 {
		return append(blocks, section(head+"\n_No open goals yet. Set a SMART one: `/goal add Give my first conference talk by end of quarter`, or press *New goal*._"))
	}
	blocks = append(blocks, section(head))
	for i, g := range d.goals {
		if i == homeGoalsShown {
			blocks = append(blocks, contextText(fmt.Sprintf("…and %d more: `/goal list`.", len(d.goals)-i)))
			break
		}
		// At 100% there is no progress left to update: what is left is
		// to close the goal (/goal progress still lowers it).
		acc := button(actionGoalProgress, strconv.FormatInt(g.ID, 10), "Update progress", "")
		if g.Progress >= 100 {
			acc = button(actionGoalDone, strconv.FormatInt(g.ID, 10), "Mark done", slack.StylePrimary)
		}
		sec := slack.NewSectionBlock(mrkdwn(homeGoalLine(g, day)), nil, slack.NewAccessory(acc))
		blocks = append(blocks, sec)
	}
	return blocks
}

// homeGoalLine is one goal: number, text, progress bar and due date,
// with how far off it is from day, the owner's (see goalDay).
func homeGoalLine(g store.Goal, day goalDay) string {
	return fmt.Sprintf("*#%d* %s\n%s · %s", g.ID, homeText(g.Text, 400), homeBar(g.Progress), goalDueText(g, day))
}

// homeBar is a text progress bar: `▰▰▰▰▱▱▱▱▱▱` 40%.
func homeBar(p int) string {
	p = max(0, min(100, p))
	return "`" + strings.Repeat("▰", p/10) + strings.Repeat("▱", 10-p/10) + "` " + strconv.Itoa(p) + "%"
}

// homePairBlocks shows one pair: who and how they meet, the next meeting
// and its agenda, the last session, the mentee's goals (for a mentor), the
// open to-dos with Done buttons, and the pair's buttons.
func homePairBlocks(d homeData, hp homePair) []slack.Block {
	blocks := []slack.Block{slack.NewDividerBlock(), homePairHead(d, hp), homePairMeeting(d, hp)}
	if hp.pair.MentorID == d.user.ID {
		blocks = append(blocks, homePairMenteeGoals(d, hp))
	}
	blocks = append(blocks, homePairTodos(d, hp)...)
	return append(blocks, homePairButtons(d, hp))
}

// homePairHead says who mentors whom, how they meet, and whether the
// pair's meetings are paused or its nudges snoozed.
func homePairHead(d homeData, hp homePair) slack.Block {
	p, partner := hp.pair, hp.partner
	var who string
	if p.MentorID == d.user.ID {
		who = fmt.Sprintf(":handshake: *You mentor <@%s>*", partner)
	} else {
		who = fmt.Sprintf(":handshake: *<@%s> mentors you*", partner)
	}
	var status []string
	if p.Status == store.PairPaused {
		status = append(status, fmt.Sprintf(":double_vertical_bar: meetings paused — `/mentor resume %s` starts them again", homeHandle(d, partner)))
	}
	if p.Snoozed(d.now) {
		status = append(status, ":zzz: nudges snoozed until "+dateTokenIn(p.SnoozedUntil, snoozeEndFormat, d.loc))
	}
	lines := []string{who}
	if hp.schedule != "" {
		lines = append(lines, "_Meets "+hp.schedule+"_")
	}
	lines = append(lines, status...)
	return section(strings.Join(lines, "\n"))
}

// homePairMeeting shows the pair's next meeting with its agenda, and the
// last session; the agenda gets the room the last session leaves.
func homePairMeeting(d homeData, hp homePair) slack.Block {
	p, partner := hp.pair, hp.partner
	var meet []string
	if !hp.onNow.IsZero() {
		meet = append(meet, ":speech_balloon: *Meeting on now*, until "+endClock(hp.onNow, hp.length, d.loc))
	}
	switch {
	case !hp.next.IsZero():
		next := ":calendar: *Next meeting:* " + dateTokenIn(hp.next, "{date_long_pretty} at {time}", d.loc)
		if !hp.movedFrom.IsZero() {
			next += ", moved from " + dateTokenIn(hp.movedFrom, "{date_short_pretty} at {time}", d.loc)
		}
		meet = append(meet, next)
	case p.Status == store.PairPaused:
		meet = append(meet, ":calendar: *Next meeting:* none while paused")
	case !hp.onNow.IsZero():
		meet = append(meet, fmt.Sprintf(":calendar: *No meeting after this one.* Set one: `/mentor meet %s weekly thu %s`", homeHandle(d, partner), cmp.Or(hp.example, "15:00")))
	default:
		meet = append(meet, fmt.Sprintf(":calendar: *No meeting scheduled.* Set one: `/mentor meet %s weekly thu %s`", homeHandle(d, partner), cmp.Or(hp.example, "15:00")))
	}
	last := homeLastMet(d, hp)
	if len(hp.agenda) == 0 {
		meet = append(meet, "*Agenda:* _nothing yet — add what you want to cover._")
	} else {
		var items []string
		for _, a := range hp.agenda {
			item := fmt.Sprintf("• %s _(<@%s>)_", homeText(a.Text, 300), a.AuthorID)
			if !hp.onNow.IsZero() && a.MeetingAt.After(hp.onNow) {
				item += " _— for the next meeting_" // as agendaLines: logging the one on leaves it open
			}
			items = append(items, item)
		}
		room := textSectionLimit - utf8.RuneCountInString(last) - 1
		agenda := fitList(strings.Join(append(meet, "*Agenda:*"), "\n"), items, homeAgendaShown, room, func(n int) string {
			return fmt.Sprintf("…and %d more: `/mentor agenda %s`", n, homeHandle(d, partner))
		})
		meet = []string{agenda}
	}
	meet = append(meet, last)
	return section(fitLines(strings.Join(meet, "\n"), textSectionLimit))
}

// homeLastMet is the line of the pair's last logged session.
func homeLastMet(d homeData, hp homePair) string {
	if hp.last == nil {
		return ":memo: *Last met:* no session logged yet — log one after you meet."
	}
	// Dated as /session list does: the meeting's time in the reader's
	// zone, or the day it was logged for.
	day := sessionDayToken(*hp.last, "{date_long_pretty}", d.loc)
	last := fmt.Sprintf(":memo: *Last met:* %s (session #%d)", day, hp.last.ID)
	if hp.last.Notes != "" {
		last += " — " + homeText(hp.last.Notes, 300)
	}
	return last
}

// homePairMenteeGoals lists the mentee's open goals, for the mentor.
func homePairMenteeGoals(d homeData, hp homePair) slack.Block {
	gl := []string{fmt.Sprintf(":dart: *<@%s>'s goals*", hp.partner)}
	if len(hp.menteeGoals) == 0 {
		gl = append(gl, "_No open goals yet — help them set a SMART one._")
	}
	var goals []string
	// By the mentee's day, whose goals they are (see goalDay).
	day := goalDayFor(d.now, hp.menteeLoc, d.loc)
	for _, g := range hp.menteeGoals {
		goals = append(goals, homeGoalLine(g, day))
	}
	return section(fitList(strings.Join(gl, "\n"), goals, homeMenteeGoals, textSectionLimit, func(n int) string {
		return fmt.Sprintf("…and %d more: `/goal list %s`", n, homeHandle(d, hp.partner))
	}))
}

// homePairTodos lists the pair's open to-dos with Done buttons, and points
// to those it has no room for.
func homePairTodos(d homeData, hp homePair) []slack.Block {
	var blocks []slack.Block
	for i, t := range hp.todos {
		if i == homeTodosShown {
			blocks = append(blocks, contextText(homeMoreTodos(d, hp, hp.todos[i:])))
			break
		}
		owner := "yours"
		if t.OwnerID != d.user.ID {
			owner = "<@" + t.OwnerID + ">"
		}
		text := fmt.Sprintf(":white_large_square: *#%d* %s _(%s)_", t.ID, homeText(t.Text, 400), owner)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil,
			slack.NewAccessory(button(actionHomeTodoDone, strconv.FormatInt(t.ID, 10), "Done", slack.StylePrimary))))
	}
	return blocks
}

// homePairButtons are the pair's buttons: agenda, log a session, schedule,
// snooze.
func homePairButtons(d homeData, hp homePair) slack.Block {
	id := strconv.FormatInt(hp.pair.ID, 10)
	snooze := "Snooze"
	if hp.pair.Snoozed(d.now) {
		snooze = "Snooze / wake"
	}
	return slack.NewActionBlock("home_pair_"+id,
		agendaButton(hp.pair.ID),
		button(actionLogSession, id, "Log session", ""),
		button(actionHomeMeet, id, "Schedule", ""),
		button(actionHomeSnooze, id, snooze, ""),
	)
}

// homeEndedTodos lists the person's open to-dos from pairs that have
// ended, with Done buttons: nothing reminds them of these any more, and
// without this a Home whose pairs all ended would look like a newcomer's.
func homeEndedTodos(d homeData) []slack.Block {
	if len(d.ended) == 0 {
		return nil
	}
	blocks := []slack.Block{slack.NewDividerBlock(), section("*Open to-dos from pairs that have ended*")}
	for i, t := range d.ended {
		if i == homeTodosShown {
			blocks = append(blocks, contextText(fmt.Sprintf("…and %d more: `/session todos` lists %s.", len(d.ended)-i, plural(len(d.ended)-i, "it", "them"))))
			break
		}
		text := fmt.Sprintf(":white_large_square: *#%d* %s _(with <@%s>)_", t.ID, homeText(t.Text, 400), d.endedPartner[t.PairID])
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil,
			slack.NewAccessory(button(actionHomeTodoDone, strconv.FormatInt(t.ID, 10), "Done", slack.StylePrimary))))
	}
	return blocks
}

// homeHandle is how the Home writes a person in a command shown as code,
// where a mention would not render: "@bob".
func homeHandle(d homeData, id string) string {
	if h := d.handles[id]; h != "" {
		return h
	}
	return "@" + esc(id)
}

// homeMoreTodos points to the to-dos of a pair that the Home had no room
// for, naming the command that lists them all, page by page: `/session
// todos` for the reader's own, `/session todos @partner` for the pair's,
// both members'. (/mentor next would cut them again.)
func homeMoreTodos(d homeData, hp homePair, rest []store.Todo) string {
	mine := 0
	for _, t := range rest {
		if t.OwnerID == d.user.ID {
			mine++
		}
	}
	pair := fmt.Sprintf("`/session todos %s` lists all of the pair's, %d to a page.", homeHandle(d, hp.partner), todosPerPage)
	switch {
	case mine == len(rest):
		return fmt.Sprintf("…and %d more open %s of yours: `/session todos` lists %s, %d to a page.",
			len(rest), plural(len(rest), "to-do", "to-dos"), plural(len(rest), "it", "them"), todosPerPage)
	case mine == 0:
		return fmt.Sprintf("…and %d more open %s in this pair, %s: %s", len(rest), plural(len(rest), "to-do", "to-dos"), noneYours(len(rest)), pair)
	}
	return fmt.Sprintf("…and %d more open to-dos in this pair, %d of them yours: %s", len(rest), mine, pair)
}

// noneYours says that none of n to-dos is the reader's: "none of them"
// would be a slip for one.
func noneYours(n int) string { return plural(n, "not yours", "none of them yours") }

// homeMeetInfo is what the Home's Schedule button explains, for one pair.
type homeMeetInfo struct {
	partner string
	handle  string // how to type the partner in a command (Bot.handle)
	plan    store.MeetingPlan
	rule    cadence.Rule // the schedule; zero when there is none
	next    time.Time    // the next meeting; zero when none is ahead (or paused)
	// past is a one-off meeting with nothing of it left to come, and
	// pastFate what became of it. Zero and oneOffNone otherwise.
	past     time.Time
	pastFate oneOffFate
	now      time.Time
	loc      *time.Location // the reader's zone
	// zoneNote says the zone is the programme's default (Bot.zoneNote);
	// "" when it is the reader's own.
	zoneNote string
	// example is the times of day of the example meetings, the welcome
	// DM's (meetExampleClocks), and of moving the next one: daytime for
	// both members.
	example helpExamples
}

// homeMeetHelp is the text of the Home's Schedule button: with a schedule,
// the schedule and the next meeting in the reader's zone, and how to
// change, skip or move them; without one, how to set one. Its examples
// work as typed: the partner's handle, a single meeting a week ahead, and
// times that are daytime for both (in.example), which draw no warning of
// the partner's night. The single meeting is at the weekly example's time:
// daytime is a time of day, the same on any day but across a change of
// the clocks, which the weekly one is chosen to suit. The meetings of 45
// minutes have a time of their own, which ends in the daytime of both.
func homeMeetHelp(in homeMeetInfo) string {
	h, partner := in.handle, in.partner
	weekly, monthly := cmp.Or(in.example.weekly, "15:00"), cmp.Or(in.example.firstTue, "15:00")
	setUp := fmt.Sprintf("• `/mentor meet %s weekly thu %s` — every week\n"+
		"• `/mentor meet %s biweekly thu %s for 45m` — every two weeks, 45 minutes\n"+
		"• `/mentor meet %s monthly first tue %s` — once a month\n"+
		"• `/mentor meet %s %s %s` — a single meeting\n",
		h, weekly, h, cmp.Or(in.example.long, "15:00"), h, monthly, h, datetext.DateOf(in.now.In(in.loc)).AddDays(7), weekly)
	instead := fmt.Sprintf("`/mentor meet %s weekly thu %s` — new meetings in place of these (or `biweekly`, `monthly first tue %s`, or a date and time)", h, weekly, monthly)
	zones := fmt.Sprintf("Times are read in your time zone (%s); <@%s> sees them in theirs.", in.loc, partner)
	if in.zoneNote != "" {
		zones = in.zoneNote
	}
	ruleNext, _ := in.rule.Next(in.now) // not a meeting moved from another day
	schedule := in.rule.DescribeFor(in.loc, ruleNext)
	switch {
	case !in.plan.Scheduled:
		return fmt.Sprintf("Set when you and <@%s> meet by typing, in any channel or in your DM with me:\n", partner) + setUp +
			cmp.Or(in.zoneNote, fmt.Sprintf("Times are read in your time zone; <@%s> sees them in theirs.", partner)) + " Both of you get reminders before each meeting.\n" +
			"Later: `/mentor skip` skips the next one, `/mentor pause` and `/mentor resume` hold them all."
	case in.plan.Paused():
		return fmt.Sprintf(":double_vertical_bar: Your meetings with <@%s> are *paused*: %s.\n"+
			"• `/mentor resume %s` — start them again, as they were\n"+
			"• %s; it resumes them too\n%s",
			partner, schedule, h, instead, zones)
	case in.next.IsZero():
		over := fmt.Sprintf("your schedule was %s", schedule)
		if in.pastFate != oneOffNone {
			over = pastOneOffText("your", in.past, in.pastFate, in.loc)
		}
		over = fmt.Sprintf("You and <@%s> have no upcoming meeting: %s.", partner, over)
		return over + " Set the next one:\n" + setUp + zones
	}
	head := fmt.Sprintf("You and <@%s> meet %s.", partner, schedule)
	next := fmt.Sprintf("*Next meeting:* %s (%s)", meetWhen(in.next, in.loc), meetDur(in.plan.Schedule.Duration))
	if mv, ok := in.plan.MoveTo(in.next); ok {
		next += ", moved from " + meetWhen(mv.From, in.loc)
		if in.rule.Kind == cadence.Once {
			// A single meeting that moved has no schedule left to describe.
			head = fmt.Sprintf("You and <@%s> have one meeting set.", partner)
		}
	}
	// Moved to a time of the same day, or of another, that is daytime
	// for both (moveExampleOf).
	moves := moveExamples(h, in.example.move)
	move := strings.TrimSuffix(moves[0], " (the same day)") + " — move the next meeting, only that one"
	if len(moves) > 1 {
		move += " (or " + moves[1] + ")"
	}
	return fmt.Sprintf(":calendar: *%s*\n%s\n"+
		"• `/mentor skip %s` — skip the next meeting, only that one\n"+
		"• %s\n"+
		"• %s\n"+
		"• `/mentor pause %s` — hold them all until `/mentor resume %s`\n%s",
		head, next, h, move, instead, h, h, zones)
}
