package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

// Matching: sign-ups (/mentor join, /mentor leave), the topic list
// (/mentor topics), matching rounds (/mentor match, matching_round.go) and
// programme rounds (/mentor cohort, matching_cohort.go).

const (
	actionMatchDrop       = "match_drop"
	actionMatchPublish    = "match_publish"
	actionProposalAccept  = "proposal_accept"
	actionProposalDecline = "proposal_decline"
	actionCohortContinue  = "cohort_continue"
	actionCohortEnd       = "cohort_end"
	actionCohortClose     = "cohort_close"
	actionCohortAsk       = "cohort_ask"
	cbMatchJoin           = "match_join"
)

func (b *Bot) matchingCommands() map[string]subcommand {
	return map[string]subcommand{
		"join":  {run: b.cmdJoin, usage: "/mentor join — sign up to be matched with a mentor or a mentee"},
		"leave": {run: b.cmdLeave, usage: "/mentor leave — withdraw from matching"},
		"match": {run: b.cmdMatch, usage: "/mentor match — admins: propose pairs for everyone waiting, review and publish", admin: true},
		"topics": {run: b.cmdTopics, usage: "/mentor topics — the programme's topics, to pick from when you join",
			adminUsage: "/mentor topics [add|remove TOPIC, …] — the programme's topics, which you keep"},
		"cohort": {run: b.cmdCohort, usage: "/mentor cohort — the programme's current round",
			adminUsage: "/mentor cohort [start NAME --until DATE | end | end now] — the programme's current round: `end` asks each pair whether to continue (run again, reminds those who haven't answered), `end now` closes it"},
	}
}

func (b *Bot) matchingActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionMatchDrop:       b.actionMatchDrop,
		actionMatchPublish:    b.actionMatchPublish,
		actionProposalAccept:  b.actAnswerProposal(true),
		actionProposalDecline: b.actAnswerProposal(false),
		actionCohortContinue:  b.actAnswerClosing(true),
		actionCohortEnd:       b.actAnswerClosing(false),
		actionCohortClose:     b.actCloseCohort,
		actionCohortAsk:       b.actAskCohort,
	}
}

func (b *Bot) matchingViews() map[string]viewHandler {
	return map[string]viewHandler{cbMatchJoin: b.viewJoin}
}

// Block and action IDs of the join modal.
const (
	joinRole     = "role"
	joinTopics   = "topics"
	joinOther    = "topics_other"
	joinCadence  = "cadence"
	joinCapacity = "capacity"
	joinManager  = "manager"
)

var roleLabels = map[string]string{
	store.RoleMentor: "Mentor — I'd like to mentor someone",
	store.RoleMentee: "Mentee — I'd like a mentor",
	store.RoleBoth:   "Both",
}

var cadenceLabels = map[string]string{
	"weekly":   "Weekly",
	"biweekly": "Every two weeks",
	"monthly":  "Monthly",
}

// cadencePhrases are the cadences as they read inside a sentence.
var cadencePhrases = map[string]string{
	"weekly":   "meeting weekly",
	"biweekly": "meeting every two weeks",
	"monthly":  "meeting monthly",
}

func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(truncate(label, 75)), nil)
}

// cmdJoin opens the sign-up modal, filled in with an earlier sign-up.
func (b *Bot) cmdJoin(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor join` — opens a form to sign up for matching (role, topics, cadence, capacity); nothing after `join`."), nil
	}
	topics, err := b.db.Topics(r.ctx)
	if err != nil {
		return reply{}, err
	}
	st, err := b.db.SignupStanding(r.ctx, r.user.ID)
	if err != nil {
		return reply{}, err
	}
	ps, err := b.db.OpenProposals(r.ctx, r.user.ID)
	if err != nil {
		return reply{}, err
	}
	if err := b.openModal(r, joinModal(topics, st, openMatches(ps, r.loc), r.user.ID, r.channelID)); err != nil {
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// openMatch is one of someone's published proposals waiting for answers,
// with the date it lapses unless both accept (proposalDeadline), in their
// zone: the join form and the Home say by when to answer it, as the
// proposal DM does.
type openMatch struct {
	store.Proposal
	deadline string
}

// openMatches are ps with their deadlines in loc.
func openMatches(ps []store.Proposal, loc *time.Location) []openMatch {
	var open []openMatch
	for _, p := range ps {
		open = append(open, openMatch{Proposal: p, deadline: proposalDeadline(p, loc)})
	}
	return open
}

// matchLines say where user's open matches stand, a line each: one waits
// for their answer in the DM that asked them, by its deadline, or, once
// they accepted, for the other person's. where is the place's words for
// where that DM is, after "in my message to you" (", in the Messages
// tab," on the Home); "" for none.
func matchLines(open []openMatch, user, where string) []string {
	var lines []string
	for _, p := range open {
		other := p.Other(user)
		who := fmt.Sprintf("<@%s> as your mentor", other)
		if p.MentorID == user {
			who = fmt.Sprintf("you as <@%s>'s mentor", other)
		}
		if p.OK(user) == 1 {
			lines = append(lines, fmt.Sprintf(":hourglass_flowing_sand: You accepted a match, %s; I'll make the pair as soon as <@%s> accepts too.", who, other))
			continue
		}
		lines = append(lines, fmt.Sprintf(":sparkles: *A match is waiting for your answer:* %s. Accept or decline it in my message to you%s by %s; after that it lapses.",
			who, where, p.deadline))
	}
	return lines
}

// maxOtherTopicsInput is the max_length of the join form's "Other topics"
// field: room for a whole sign-up's topics written out as the form fills
// them in (joined with ", "), so that a sign-up typed as "a,b,c" or one
// whose topics an admin has since taken off the list still opens.
// viewJoin checks the topics themselves (count and length).
const maxOtherTopicsInput = store.MaxSignupTopics*(store.MaxTopicLen+len(", ")) - len(", ")

// maxTextInput is Slack's limit on a plain_text_input's max_length.
const maxTextInput = 3000

// joinModal is the sign-up form: role, topics (from the list and free
// text), cadence, capacity and, optionally, the manager to keep apart from.
// st is where their sign-up stands: the form says what their pairs take
// of it. open are user's published proposals waiting for answers: the
// form says so, as their Home does, and which role keeps each open
// (viewJoin withdraws one that the saved role leaves out).
func joinModal(topics []string, st store.Standing, open []openMatch, user, channel string) slack.ModalViewRequest {
	prev := st.Signup
	intro := "Sign up to be matched. When an admin runs the next matching round, you'll get a DM with your match and why you two fit; " +
		"a pair is made only if you both accept."
	switch {
	case prev.Status == store.SignupWaiting && len(open) > 0:
		intro = "You're signed up already; change anything below and press *Save*."
	case prev.Status == store.SignupWaiting && st.FreePlaces() == 0 && !st.NeedsMentor():
		// Told "waiting for the next round", they would wait for a
		// round that leaves them out; standingText says why.
		intro = "You're signed up already, but the next matching round won't propose you anyone as things stand; change anything below and press *Save*."
	case prev.Status == store.SignupWaiting:
		intro = "You're signed up already and waiting for the next matching round; change anything below and press *Save*."
	case prev.Status == store.SignupMatched:
		intro = "You've been paired since you signed up. Signing up again puts you back in the pool, to be matched once more " +
			"(another mentee, or another mentor). Your pairs carry on either way."
	}
	if why := standingText(st); why != "" {
		intro += "\n" + why
	}
	var roles []*slack.OptionBlockObject
	for _, r := range []string{store.RoleMentee, store.RoleMentor, store.RoleBoth} {
		roles = append(roles, option(r, roleLabels[r]))
	}
	role := slack.NewRadioButtonsBlockElement(joinRole, roles...)
	if prev.Role != "" {
		role.InitialOption = option(prev.Role, roleLabels[prev.Role])
	}
	// The matches first, in sections of their own: a mentor with ten
	// places could have ten waiting, each with its date, more than one
	// section holds.
	blocks := chunkSections("", openMatchLines(open, user), 3)
	blocks = append(blocks,
		section(intro),
		slack.NewInputBlock(joinRole, plain("I'd like to be a…"), nil, role))
	var chosen, other []string
	for _, t := range prev.Topics {
		if slices.Contains(topics, t) {
			chosen = append(chosen, t)
		} else {
			other = append(other, t)
		}
	}
	if len(topics) > 0 {
		var opts, initial []*slack.OptionBlockObject
		for _, t := range topics {
			o := option(t, t)
			opts = append(opts, o)
			if slices.Contains(chosen, t) {
				initial = append(initial, o)
			}
		}
		sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Choose topics"), joinTopics, opts...)
		if len(initial) > 0 {
			sel.InitialOptions = initial
		}
		maxItems := store.MaxSignupTopics
		sel.MaxSelectedItems = &maxItems
		blocks = append(blocks, slack.NewInputBlock(joinTopics, plain("Topics"),
			plain("What you'd like to learn about, or can help with."), sel).WithOptional(true))
	}
	otherIn := slack.NewPlainTextInputBlockElement(plain("e.g. career growth, public speaking"), joinOther)
	otherIn.MaxLength = maxOtherTopicsInput
	if len(other) > 0 {
		otherIn.InitialValue = strings.Join(other, ", ")
		// Slack refuses to open a form whose initial_value is longer than
		// its max_length, and the person could then never change their
		// sign-up. What was stored fits maxOtherTopicsInput; this is for
		// anything stored under older limits.
		if n := utf8.RuneCountInString(otherIn.InitialValue); n > otherIn.MaxLength {
			otherIn.MaxLength = min(n, maxTextInput)
			otherIn.InitialValue = truncate(otherIn.InitialValue, otherIn.MaxLength)
		}
	}
	otherLabel := "Other topics"
	if len(topics) == 0 {
		otherLabel = "Topics"
	}
	blocks = append(blocks, slack.NewInputBlock(joinOther, plain(otherLabel),
		plain("Separate topics with commas. Leave all topics empty if you're open to any."), otherIn).WithOptional(true))

	var cadences []*slack.OptionBlockObject
	for _, c := range store.Cadences {
		cadences = append(cadences, option(c, cadenceLabels[c]))
	}
	cad := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("How often to meet"), joinCadence, cadences...)
	initialCadence := "biweekly"
	if prev.Cadence != "" {
		initialCadence = prev.Cadence
	}
	cad.InitialOption = option(initialCadence, cadenceLabels[initialCadence])
	blocks = append(blocks, slack.NewInputBlock(joinCadence, plain("Preferred cadence"), nil, cad))

	capIn := slack.NewNumberInputBlockElement(plain("1"), joinCapacity, false).
		WithMinValue("1").WithMaxValue(strconv.Itoa(store.MaxCapacity))
	if prev.Capacity > 0 {
		capIn.InitialValue = strconv.Itoa(prev.Capacity)
	}
	blocks = append(blocks, slack.NewInputBlock(joinCapacity, plain("If you mentor: how many mentees at a time"),
		plain("Leave it empty if you're signing up only as a mentee."), capIn).WithOptional(true))

	mgr := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Your manager"), joinManager)
	if prev.ManagerID != "" {
		mgr.InitialUser = prev.ManagerID
	}
	blocks = append(blocks, slack.NewInputBlock(joinManager, plain("Not someone in my reporting line"),
		plain("Optional: name your manager, and you won't be matched with them or anyone above them that I know of."), mgr).WithOptional(true))

	submit := "Sign up"
	if prev.Status == store.SignupWaiting {
		submit = "Save"
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbMatchJoin,
		Title:           plain("Join matching"),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{Channel: channel}.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// standingText says what someone's live pairs take of their sign-up, st,
// so that nobody is promised a match that matching won't propose: a
// mentor whose places their pairs fill, a mentee who has a mentor. ""
// when the pairs take nothing. Before they sign up (or sign up again),
// it says what a sign-up would find.
func standingText(st store.Standing) string {
	s := st.Signup
	var lines []string
	if s.Status != store.SignupWaiting {
		if len(st.Mentees) > 0 {
			lines = append(lines, fmt.Sprintf("You already mentor %s: as a mentor, matching counts %s among the mentees you can take.",
				mentionsAnd(st.Mentees), matchPlural(len(st.Mentees), "them", "them all")))
		}
		if len(st.MentorsBefore) > 0 {
			lines = append(lines, fmt.Sprintf("You already have %s, %s: signing up as a mentee looks for another mentor for you besides them.",
				matchPlural(len(st.MentorsBefore), "a mentor", "mentors"), mentionsAnd(st.MentorsBefore)))
		}
		return strings.Join(lines, "\n")
	}
	if s.Mentors() && len(st.Mentees) > 0 {
		n := s.Capacity
		if free := st.FreePlaces(); free > 0 {
			lines = append(lines, fmt.Sprintf("You mentor %s already, so matching looks for up to %d more %s for you.",
				mentionsAnd(st.Mentees), free, matchPlural(free, "mentee", "mentees")))
		} else {
			taken := fmt.Sprintf("your %s with %s", matchPlural(len(st.Mentees), "pair", "pairs"), mentionsAnd(st.Mentees))
			if st.OpenAsMentor > 0 {
				taken += fmt.Sprintf(" and %d %s waiting for answers", st.OpenAsMentor, matchPlural(st.OpenAsMentor, "match", "matches"))
			}
			lines = append(lines, fmt.Sprintf("As a mentor, your %d %s taken by %s, so matching won't propose you another mentee: "+
				"raise how many mentees you can take (`/mentor join`) to be matched, or wait until a pair ends.",
				n, matchPlural(n, "place is", "places are"), taken))
		}
	}
	if s.WantsMentor() {
		switch {
		case len(st.MentorsSince) > 0:
			lines = append(lines, fmt.Sprintf("As a mentee, you've been paired with %s since you signed up, so matching looks for no other mentor for you.",
				mentionsAnd(st.MentorsSince)))
		case len(st.MentorsBefore) > 0 && !st.OpenAsMentee:
			lines = append(lines, fmt.Sprintf("You already have %s, %s: as a mentee, matching looks for another mentor for you besides them. "+
				"Don't want a second one? `/mentor leave` withdraws; %s.",
				matchPlural(len(st.MentorsBefore), "a mentor", "mentors"), mentionsAnd(st.MentorsBefore),
				matchPlural(len(st.MentorsBefore), "your pair with them carries on", "your pairs with them carry on")))
		}
	}
	return strings.Join(lines, "\n")
}

// mentionsAnd names people: "<@A>", "<@A> and <@B>", "<@A>, <@B> and <@C>".
func mentionsAnd(ids []string) string {
	var m []string
	for _, id := range ids {
		m = append(m, "<@"+id+">")
	}
	if len(m) < 2 {
		return strings.Join(m, "")
	}
	return strings.Join(m[:len(m)-1], ", ") + " and " + m[len(m)-1]
}

// openMatchLines tell user of their open proposals, as their Home does
// (matchLines), and which role each needs them to keep; none when there
// are none.
func openMatchLines(open []openMatch, user string) []string {
	if len(open) == 0 {
		return nil
	}
	// The form opens over the channel they typed `/mentor join` in, with
	// no tab beside it to point to.
	lines := matchLines(open, user, "")
	asMentor, asMentee := false, false
	for _, p := range open {
		if p.MentorID == user {
			asMentor = true
		} else {
			asMentee = true
		}
	}
	it := matchPlural(len(open), "it", "them")
	switch {
	case asMentor && asMentee:
		lines = append(lines, "_Saving a role that leaves out mentoring withdraws the matches where you'd mentor; "+
			"one that leaves out being a mentee, the match where you'd be the mentee._")
	case asMentor:
		lines = append(lines, fmt.Sprintf("_Saving a role that leaves out mentoring withdraws %s._", it))
	default:
		lines = append(lines, fmt.Sprintf("_Saving a role that leaves out being a mentee withdraws %s._", it))
	}
	return lines
}

// viewJoin stores a sign-up from the modal.
func (b *Bot) viewJoin(r *request, cb slack.InteractionCallback) (viewReply, error) {
	errs := map[string]string{}
	role := input(cb, joinRole, joinRole)
	if role == "" {
		errs[joinRole] = "Choose mentor, mentee or both."
	}
	cadence := input(cb, joinCadence, joinCadence)
	capacity := 1
	if s := input(cb, joinCapacity, joinCapacity); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxCapacity {
			errs[joinCapacity] = fmt.Sprintf("A whole number from 1 to %d.", store.MaxCapacity)
		}
		capacity = n
	}
	manager := input(cb, joinManager, joinManager)
	switch {
	case manager != "" && !isUserID(manager):
		errs[joinManager] = "Choose a person from the list, or leave this empty."
	case manager == r.user.ID:
		errs[joinManager] = "That's you. Leave this empty if you'd rather not say."
	}
	listed, err := b.db.Topics(r.ctx)
	if err != nil {
		return viewReply{}, err
	}
	topics := inputs(cb, joinTopics, joinTopics)
	// Every problem with the topics typed is said at once: one at a time,
	// each fix would only bring up the next. So every topic typed counts
	// toward the most one may pick, also one refused for its length or
	// its marks, and each too-long one is named once.
	var long []string
	longSeen := map[string]bool{}
	counted := slices.Clone(topics)
	formatted := false
	for _, t := range strings.Split(input(cb, joinOther, joinOther), ",") {
		t = store.CleanTopic(t)
		if t == "" {
			continue
		}
		// Counted as it will be once its marks are taken out (the message
		// below asks for that), so that "*Go*" beside a picked Go is one.
		counted = append(counted, strings.Trim(t, "*_~`"))
		if len([]rune(t)) > store.MaxTopicLen {
			// Named as shown: two that read the same are named once.
			if shown := esc(strconv.Quote(truncate(t, 30))); !longSeen[strings.ToLower(shown)] {
				longSeen[strings.ToLower(shown)] = true
				long = append(long, shown)
			}
			continue
		}
		// Someone typing a listed topic gets the list's spelling, so that
		// it matches others who chose it.
		i := slices.IndexFunc(listed, func(l string) bool { return strings.EqualFold(l, t) })
		if i >= 0 {
			t = listed[i]
		} else if store.CheckFormatting(t) != nil {
			// Shown in lists and reasons, "*Go*" would turn bold.
			formatted = true
			continue
		}
		topics = append(topics, t)
	}
	var problems []string
	switch len(long) {
	case 0:
	case 1:
		problems = append(problems, fmt.Sprintf("%s is too long for a topic (at most %d characters).", long[0], store.MaxTopicLen))
	default:
		problems = append(problems, fmt.Sprintf("%s and %s are too long for topics (at most %d characters each).",
			strings.Join(long[:len(long)-1], ", "), long[len(long)-1], store.MaxTopicLen))
	}
	if formatted {
		problems = append(problems, "Topics can't contain * _ ~ or backticks: Slack would read them as formatting. Write them without (spaces or hyphens do instead).")
	}
	if n := countDistinctTopics(counted); n > store.MaxSignupTopics {
		problems = append(problems, fmt.Sprintf("That's %d topics; please pick at most %d.", n, store.MaxSignupTopics))
	}
	if len(problems) > 0 {
		errs[joinOther] = strings.Join(problems, " ")
	}
	if len(errs) > 0 {
		return viewReply{Errors: errs}, nil
	}
	if manager != "" {
		if u, err := b.slack.Profile(r.ctx, manager); err == nil && u.IsBot {
			return viewReply{Errors: map[string]string{joinManager: "That's a bot. Choose a person, or leave this empty."}}, nil
		}
	}
	// The people of the proposals that the new role withdraws are told
	// in its commit, as /mentor leave tells them.
	var saved store.SignupSaved
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		saved, err = store.SaveSignupTx(r.ctx, tx, r.user.ID, store.Signup{Role: role, Topics: topics, Cadence: cadence, Capacity: capacity, ManagerID: manager})
		if err != nil {
			return err
		}
		for _, w := range saved.Withdrawn {
			other := w.Proposal.Other(r.user.ID)
			text := fmt.Sprintf("Your proposed match with <@%s> won't go ahead: they've changed their sign-up for matching, and it no longer fits.", r.user.ID)
			if w.OtherWaiting {
				text += " You're still in the pool, so the next matching round will look for someone else for you."
			}
			if err := proposalDroppedTx(r.ctx, tx, w.Proposal, other, textReply("%s", text)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return viewReply{}, err
	}
	touched := []string{r.user.ID}
	if len(saved.Withdrawn) > 0 {
		b.sched.Kick()
	}
	for _, w := range saved.Withdrawn {
		touched = append(touched, w.Proposal.Other(r.user.ID))
		b.proposalDMsClosed(r.ctx, w.Proposal, r.user.ID, "_You changed your role for matching, so this match won't go ahead._")
	}
	b.refreshHome(r.ctx, touched...)
	// Read after the commit: what their pairs take of the sign-up, for
	// the confirmation to promise only what matching will do.
	st, err := b.db.SignupStanding(r.ctx, r.user.ID)
	if err != nil {
		b.log.Warn("join: read the sign-up back", "user", r.user.ID, "err", err)
		st = store.Standing{Signup: saved.Signup}
	}
	rp := joinedMessage(saved, st)
	return viewReply{Confirm: &rp}, nil
}

func countDistinctTopics(ts []string) int {
	seen := map[string]bool{}
	for _, t := range ts {
		seen[strings.ToLower(t)] = true
	}
	return len(seen)
}

// joinedMessage confirms a sign-up, or the change of one, names the
// proposals the change withdrew and says what the pairs they are in take
// of it (st).
func joinedMessage(saved store.SignupSaved, st store.Standing) reply {
	s := saved.Signup
	var as string
	switch s.Role {
	case store.RoleMentor:
		as = fmt.Sprintf("a *mentor* for up to %d %s", s.Capacity, matchPlural(s.Capacity, "mentee", "mentees"))
	case store.RoleMentee:
		as = "a *mentee*"
	default:
		as = fmt.Sprintf("both a *mentee* and a *mentor* (for up to %d %s)", s.Capacity, matchPlural(s.Capacity, "mentee", "mentees"))
	}
	topics := "open to any topic"
	if len(s.Topics) > 0 {
		topics = "topics: " + esc(strings.Join(s.Topics, ", "))
	}
	head := ":raised_hands: You're signed up for matching as"
	if saved.Updated {
		head = ":pencil2: I've updated your sign-up: you're signed up for matching as"
	}
	text := fmt.Sprintf("%s %s — %s", head, as, topics)
	if c := cadencePhrases[s.Cadence]; c != "" {
		text += "; " + c
	}
	text += "."
	if len(saved.Withdrawn) > 0 {
		var lines []string
		for _, w := range saved.Withdrawn {
			p := w.Proposal
			if p.MentorID == s.UserID {
				lines = append(lines, fmt.Sprintf("<@%s> (you'd have been their mentor)", p.MenteeID))
			} else {
				lines = append(lines, fmt.Sprintf("<@%s> (they'd have been your mentor)", p.MentorID))
			}
		}
		n := len(lines)
		text += fmt.Sprintf("\nThat role no longer fits your open %s with %s, so I've withdrawn %s and let %s know; matching won't propose you together again.",
			matchPlural(n, "match", "matches"), strings.Join(lines, ", "), matchPlural(n, "it", "them"), matchPlural(n, "them", "each of them"))
	}
	if why := standingText(st); why != "" {
		text += "\n" + why
	}
	more := "When an admin runs the next matching round, I'll DM you your match and why you two fit; the pair is made only if you both accept. " +
		"`/mentor join` changes your answers; `/mentor leave` withdraws."
	if st.FreePlaces() == 0 && !st.NeedsMentor() && st.OpenAsMentor == 0 && !st.OpenAsMentee {
		more = "Until then, matching rounds won't propose you anyone. `/mentor join` changes your answers; `/mentor leave` withdraws."
	}
	if s.ManagerID != "" {
		more += fmt.Sprintf("\nYou won't be matched with <@%s> or anyone above them that I know of.", s.ManagerID)
	}
	return reply{Text: text, Blocks: []slack.Block{section(text), contextText(more)}}
}

// cmdLeave withdraws from matching and tells the people whose open
// proposals with them are dropped.
func (b *Bot) cmdLeave(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor leave` — withdraws you from matching; nothing after `leave`. Leaving ends no pair: any you're in carry on."), nil
	}
	// The others are told in the commit that drops their proposals: told
	// after it, a failed DM would leave the proposals dropped, nobody
	// told, and the one who left told that nothing changed, whose second
	// try finds them gone already.
	var l store.Leaving
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if l, err = store.LeaveMatchingTx(r.ctx, tx, r.user.ID); err != nil {
			return err
		}
		for _, p := range l.Dropped {
			other := p.Other(r.user.ID)
			note := textReply("Your proposed match with <@%s> won't go ahead: they have left matching for now. You're still in the pool, so the next matching round will look for someone else for you.", r.user.ID)
			if err := proposalDroppedTx(r.ctx, tx, p, other, note); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	var others []string
	touched := []string{r.user.ID} // whose Home shows the sign-up or a match
	for _, p := range l.Dropped {
		other := p.Other(r.user.ID)
		others = append(others, "<@"+other+">")
		touched = append(touched, other)
		// The proposal DMs stop asking, as after a decline: the other may
		// have accepted and would otherwise still read that the pair is
		// made as soon as the one who left accepts too.
		b.proposalDMsClosed(r.ctx, p, r.user.ID, "_You left matching, so this match won't go ahead._")
	}
	b.refreshHome(r.ctx, touched...)
	text := "You've left matching; `/mentor join` signs you up again."
	if l.LivePairs > 0 {
		text = fmt.Sprintf("You've left matching. The %s you're already in %s on as %s; `/mentor join` signs you up again.",
			matchPlural(l.LivePairs, "pair", "pairs"), matchPlural(l.LivePairs, "carries", "carry"), matchPlural(l.LivePairs, "it is", "they are"))
	}
	if len(others) > 0 {
		// Leaving drops the proposal as an admin's drop does: the two are
		// not proposed together again, which they should know.
		text += fmt.Sprintf(" I've withdrawn your open %s with %s and let them know; matching won't propose you together again.",
			matchPlural(len(others), "proposal", "proposals"), strings.Join(others, ", "))
	}
	return reply{Text: text}, nil
}

// cmdTopics lists the topics; admins add and remove them.
func (b *Bot) cmdTopics(r *request, args string) (reply, error) {
	verb, rest := splitWord(args)
	verb = strings.ToLower(verb)
	switch verb {
	case "", "list":
		if strings.TrimSpace(rest) != "" {
			return textReply("Usage: `/mentor topics list`; admins: `/mentor topics add A, B` and `/mentor topics remove A`."), nil
		}
		topics, err := b.db.Topics(r.ctx)
		if err != nil {
			return reply{}, err
		}
		if len(topics) == 0 {
			text := "There are no topics yet."
			if r.admin {
				text += " Add some with `/mentor topics add Go, system design, public speaking`."
			} else {
				text += " When you `/mentor join`, you can type your own."
			}
			return reply{Text: text}, nil
		}
		text := fmt.Sprintf("*Programme topics* (%d): %s", len(topics), esc(strings.Join(topics, " · ")))
		if r.admin {
			text += "\n_Admins: `/mentor topics add TOPIC, …` and `/mentor topics remove TOPIC, …`._"
		} else {
			text += "\n_Choose yours with `/mentor join`._"
		}
		return reply{Text: text}, nil
	case "add", "remove":
		if !r.admin {
			return textReply("Only programme admins can change the topic list. `/mentor topics` shows it."), nil
		}
		var names []string
		// A topic is plain text, shown in lists and the join form's
		// options: a mention or a channel typed in it is kept as it reads
		// ("@alice", "#go"), not as Slack's markup.
		for _, n := range strings.Split(unescapeSlack(readable(rest)), ",") {
			if n = store.CleanTopic(n); n != "" {
				names = append(names, n)
			}
		}
		if len(names) == 0 {
			return textReply("Usage: `/mentor topics %s TOPIC, TOPIC, …` — e.g. `/mentor topics %s Go, system design`.", verb, verb), nil
		}
		if verb == "add" {
			added, existing, err := b.db.AddTopics(r.ctx, r.user.ID, names)
			if err != nil {
				return reply{}, err
			}
			var parts []string
			if len(added) > 0 {
				parts = append(parts, fmt.Sprintf(":label: Added %s.", esc(strings.Join(added, ", "))))
			}
			if len(existing) > 0 {
				parts = append(parts, fmt.Sprintf("Already on the list: %s.", esc(strings.Join(existing, ", "))))
			}
			return reply{Text: strings.Join(parts, " ")}, nil
		}
		removed, unknown, err := b.db.RemoveTopics(r.ctx, r.user.ID, names)
		if err != nil {
			return reply{}, err
		}
		var parts []string
		if len(removed) > 0 {
			it := matchPlural(len(removed), "it", "them")
			parts = append(parts, fmt.Sprintf("Removed %s. People who chose %s keep %s in their sign-up.", esc(strings.Join(removed, ", ")), it, it))
		}
		if len(unknown) > 0 {
			// Each as typed, cut: a long paste is answered, not echoed.
			for i, n := range unknown {
				unknown[i] = cutTyped(n, maxTopicEcho)
			}
			parts = append(parts, fmt.Sprintf("Not on the list: %s.", esc(strings.Join(unknown, ", "))))
		}
		return reply{Text: strings.Join(parts, " ")}, nil
	}
	return textReply("Usage: `/mentor topics` lists the topics; admins: `/mentor topics add TOPIC, …` and `/mentor topics remove TOPIC, …`."), nil
}

// maxTopicEcho is how many characters of a typed topic an answer shows:
// the longest topic there can be.
const maxTopicEcho = store.MaxTopicLen

func matchPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
