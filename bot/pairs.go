package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

const (
	actionRequestAccept  = "request_accept"
	actionRequestDecline = "request_decline"
	actionEndConfirm     = "end_confirm" // value: PAIRID
	actionEndCancel      = "end_cancel"
	actionPairAgain      = "pair_again" // value: MENTOR:MENTEE
	actionPairAgainNot   = "pair_again_cancel"
)

func (b *Bot) pairCommands() map[string]subcommand {
	return map[string]subcommand{
		"pair":    {run: b.cmdPair, usage: "/mentor pair @mentor @mentee — admins: make a pair", admin: true},
		"request": {run: b.cmdRequest, usage: "/mentor request @someone [message] — ask someone to be your mentor (`cancel @someone` withdraws it)"},
		"pairs": {run: b.cmdPairs, usage: "/mentor pairs — your pairs, ended ones too", reads: true,
			adminUsage: "/mentor pairs [all [PAGE]] — your pairs, ended ones too; all: every active or paused pair"},
		"end": {run: b.cmdEnd, usage: "/mentor end [@partner] — end a pair; its history stays",
			adminUsage: "/mentor end @mentor @mentee — admins: end anyone's pair, naming both; its history stays, and both are told (`/mentor end [@partner]` ends yours)"},
	}
}

func (b *Bot) pairActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionRequestAccept:  b.actAnswerRequest(true),
		actionRequestDecline: b.actAnswerRequest(false),
		actionEndConfirm:     b.actionEndConfirm,
		actionEndCancel:      b.actionEndCancel,
		actionPairAgain:      b.actionPairAgain,
		actionPairAgainNot:   b.actionPairAgainCancel,
	}
}

// mentionedUser checks that a mention names a real, active person.
func (r *request) mentionedUser(id string) (store.User, error) {
	u, err := r.b.slack.Profile(r.ctx, id)
	if err != nil {
		return store.User{}, err
	}
	switch {
	case u.Deleted:
		return store.User{}, sayf("<@%s> has left this workspace.", id)
	case u.IsBot:
		return store.User{}, sayf("<@%s> is a bot; mentoring is for people.", id)
	}
	return u, nil
}

func (b *Bot) cmdPair(r *request, args string) (reply, error) {
	mentor, rest := leadingMention(args)
	mentee, rest := leadingMention(rest)
	if mentor == "" || mentee == "" || rest != "" {
		if rp, ok := r.typedNameIn(args, ""); ok {
			return rp, nil
		}
		return textReply("%s Write it `/mentor pair @mentor @mentee`, the mentor first, then the mentee.", pairRefusal(args)), nil
	}
	for _, id := range []string{mentor, mentee} {
		if _, err := r.mentionedUser(id); err != nil {
			return reply{}, err
		}
	}
	// Two who were a pair before, and are not now, are paired again only
	// once the admin confirms: matching never proposes an ended pair, and
	// one of them may have ended it for a reason (a good-fit "no").
	if ended, live := b.earlierPairs(r, mentor, mentee); !ended.IsZero() && !live {
		return pairAgainMessage(mentor, mentee, ended, r.loc), nil
	}
	return b.pairAndSay(r, mentor, mentee)
}

// pairAndSay pairs mentor and mentee for r's user, an admin, and says so.
func (b *Bot) pairAndSay(r *request, mentor, mentee string) (reply, error) {
	p, err := b.pairAndWelcome(r, mentor, mentee)
	if err != nil {
		return reply{}, err
	}
	b.pairChanged(r.ctx, p.ID)
	text := fmt.Sprintf(":handshake: Paired <@%s> (mentor) with <@%s> (mentee). Both have a welcome DM with their first steps.", mentor, mentee)
	if b.reportsTo(r.ctx, mentor, mentee) || b.reportsTo(r.ctx, mentee, mentor) {
		// Matching never proposes this; an admin may have reasons to.
		text += "\n:warning: By their matching sign-ups, one of them is the other's manager, which matching never proposes. " +
			"If that's not what you meant, either of them can end the pair with `/mentor end`."
	}
	return textReply("%s", text), nil
}

// earlierPairs says when the last ended pair of a and c (either way
// round) ended, zero when they never were a pair before, and whether they
// are a pair now.
func (b *Bot) earlierPairs(r *request, a, c string) (lastEnded time.Time, live bool) {
	pairs, err := b.db.PairsOf(r.ctx, a, true)
	if err != nil {
		b.log.Warn("earlier pairs of two people", "err", err)
		return time.Time{}, false
	}
	for _, p := range pairs {
		switch {
		case !p.Has(c):
		case p.Live():
			live = true
		case p.EndedAt.After(lastEnded):
			lastEnded = p.EndedAt
		}
	}
	return lastEnded, live
}

// actionPairAgain pairs the two of a "Pair them again" button (value
// MENTOR:MENTEE), for an admin.
func (b *Bot) actionPairAgain(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	if !r.admin {
		return actionReply{}, sayf("Only programme admins can pair people.")
	}
	mentor, mentee, ok := strings.Cut(act.Value, ":")
	if !ok || mentor == "" || mentee == "" {
		return actionReply{}, sayf("That button has expired; `/mentor pair @mentor @mentee` makes a pair.")
	}
	for _, id := range []string{mentor, mentee} {
		if _, err := r.mentionedUser(id); err != nil {
			return actionReply{}, err
		}
	}
	rp, err := b.pairAndSay(r, mentor, mentee)
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

func (b *Bot) actionPairAgainCancel(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	return actionReply{Replace: &reply{Text: "OK — I haven't paired them. Nobody was told anything."}}, nil
}

// pairRefusal says what is wrong with the arguments of /mentor pair (as
// Slack sent them) that are not two mentions and nothing else.
func pairRefusal(args string) string {
	ws := words(args)
	var mentions, ats, others []string
	for i, w := range ws {
		switch {
		case parseMention(w) != "":
			// Without the punctuation after it ("@alice,"), which is no
			// part of the name, as leadingMention reads it.
			mentions = append(mentions, strings.TrimRight(w, mentionPunctChars))
		case i > 0 && parseMention(ws[i-1]) != "" && isLoosePunct(w):
			// "@alice , @bob": the comma goes with the mention before it.
		case unknownName(w):
			ats = append(ats, w)
		default:
			others = append(others, w)
		}
	}
	switch {
	case len(ws) == 0:
		return "Who should be paired?"
	case len(ats) > 0:
		// Slack turns a name into a mention only when it knows it.
		return fmt.Sprintf("I couldn't find %s in this workspace. Type @ and pick each person from Slack's list, so that their name turns into a mention.", echoTyped(ats[0], 40))
	case len(mentions) > 2:
		return fmt.Sprintf("A pair is two people, one mentor and one mentee, and you named %d. Pair them two at a time.", len(mentions))
	case len(mentions) == 0:
		return "Name the two people with @-mentions: type @ and pick each from Slack's list, so that their names turn into mentions."
	case len(mentions) == 1 && len(others) == 0:
		return "That is one person; a pair needs two."
	case len(mentions) == 1:
		// Quoted as typed, not as a mention: nobody has checked that the
		// ID names anyone, and Slack shows an unknown one broken.
		return fmt.Sprintf("I could read only one person, %s. Name the other with an @-mention too: type @ and pick them from Slack's list.", echoTyped(mentions[0], 40))
	}
	return fmt.Sprintf("Give just the two names, with nothing before, between or after them: I didn't understand \"%s\".", echoTyped(strings.Join(others, " "), 40))
}

// reportsTo reports whether who named manager as their manager when they
// signed up for matching.
func (b *Bot) reportsTo(ctx context.Context, who, manager string) bool {
	s, err := b.db.Signup(ctx, who)
	return err == nil && s.ManagerID == manager
}

// pairAndWelcome makes mentor and mentee a pair for r's user and queues
// the welcome DM to both in the same commit: queued after it, a failure
// would leave them paired and never welcomed, and the admin told that
// nothing changed, whose second try then finds them a pair already.
func (b *Bot) pairAndWelcome(r *request, mentor, mentee string) (store.Pair, error) {
	w := b.readWelcome(r, mentor, mentee)
	var p store.Pair
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if p, err = store.CreatePairTx(r.ctx, tx, r.user.ID, mentor, mentee); err != nil {
			return err
		}
		return b.introsTx(r, tx, p, pace{}, w)
	})
	if err != nil {
		return store.Pair{}, err
	}
	b.sched.Kick()
	return p, nil
}

// welcomeReads is what the welcome DMs to mentor and mentee read from the
// store: each one's handle, and the time of their example meetings
// (meetExampleClocks). It is read before the commit that pairs them, not
// while that holds the only writer.
type welcomeReads struct {
	mentor, mentee string
	handles        map[string]string
	clocks         map[string]meetExample
}

// readWelcome reads the welcomeReads of a pair of mentor and mentee.
func (b *Bot) readWelcome(r *request, mentor, mentee string) welcomeReads {
	return welcomeReads{
		mentor: mentor, mentee: mentee,
		handles: map[string]string{mentor: b.handle(r.ctx, mentor), mentee: b.handle(r.ctx, mentee)},
		clocks:  b.meetExampleClocks(r.ctx, mentor, mentee, r.now),
	}
}

// introsTx queues the welcome DM to both members of pair p inside the
// commit that makes it, with w, read before the commit; when w is not of
// p's members (who the pair would be was not known then), it is read
// here. pc, when not empty, is how often they said they would like to
// meet (their matching sign-ups), which the first steps suggest. Every
// way of making a pair calls it, so it also takes back the DMs about the
// requests and the matching proposals between the two that the pair
// closed (closedRequestsTx, closedProposalsTx).
func (b *Bot) introsTx(r *request, tx *store.Tx, p store.Pair, pc pace, w welcomeReads) error {
	if w.mentor != p.MentorID || w.mentee != p.MenteeID {
		w = b.readWelcome(r, p.MentorID, p.MenteeID)
	}
	for _, to := range []string{p.MentorID, p.MenteeID} {
		key := fmt.Sprintf("intro:pair=%d:to=%s", p.ID, to)
		if err := dmTx(r.ctx, tx, key, "intro", to, p.ID, introMessage(p, to, w.handles[p.Partner(to)], w.clocks[to], pc)); err != nil {
			return err
		}
	}
	if err := b.closedRequestsTx(r, tx, p); err != nil {
		return err
	}
	return b.closedProposalsTx(r, tx, p)
}

// closedRequestsTx takes back, in the commit that makes pair p, the DMs
// that asked someone about a request between the two that the pair
// closed (store.RequestsClosedByPairTx): their buttons would find nothing
// to answer. One not sent yet never goes; one being sent is edited once
// it is recorded as sent; one sent is edited after the ack. That edit is
// made only if the commit held (the request is closed by p in the
// store): the callers' commits go on after this, and may fail.
func (b *Bot) closedRequestsTx(r *request, tx *store.Tx, p store.Pair) error {
	reqs, err := store.RequestsClosedByPairTx(r.ctx, tx, p.ID)
	if err != nil {
		return err
	}
	var edits []dmEdit
	for _, req := range reqs {
		e, err := retractTx(r.ctx, tx, req.MentorID, requestPaired(req, p), requestKey(req.ID))
		if err != nil {
			return err
		}
		edits = append(edits, e...)
	}
	if len(edits) == 0 {
		return nil
	}
	ctx := r.ctx
	later(ctx, func() {
		ctx := b.detach(ctx)
		closed, err := b.db.RequestsClosedByPair(ctx, p.ID)
		if err != nil {
			b.log.Warn("requests closed by a new pair", "pair", p.ID, "err", err)
			return
		}
		for _, e := range edits {
			if slices.ContainsFunc(closed, func(q store.Request) bool { return requestKey(q.ID) == e.key }) {
				_ = b.editDM(ctx, e.key, e.rp)
			}
		}
	})
	return nil
}

// closedProposalsTx closes, in the commit that makes pair p, the
// matching proposals between its two still waiting for answers
// (store.CloseProposalsOfPairTx), and takes back the DMs that asked them:
// they say the two are a pair now, without Accept and Decline, as
// closedRequestsTx does for requests, and with the same care. The edit
// of one sent is made after the ack, and only if the commit held: the
// pair is there, and the proposal closed.
func (b *Bot) closedProposalsTx(r *request, tx *store.Tx, p store.Pair) error {
	props, err := store.CloseProposalsOfPairTx(r.ctx, tx, p)
	if err != nil {
		return err
	}
	type edit struct {
		proposal int64
		dmEdit
	}
	var edits []edit
	for _, prop := range props {
		for _, to := range []string{prop.MentorID, prop.MenteeID} {
			e, err := retractTx(r.ctx, tx, to, proposalMessage(prop, to, nil, proposalPairedText(p, to), nil), proposalKey(prop.ID, to))
			if err != nil {
				return err
			}
			for _, e := range e {
				edits = append(edits, edit{prop.ID, e})
			}
		}
	}
	if len(edits) == 0 {
		return nil
	}
	ctx := r.ctx
	later(ctx, func() {
		ctx := b.detach(ctx)
		// The number of a pair whose commit failed may be given to the
		// next pair made, of other people.
		if made, err := b.db.LoadPair(ctx, p.ID); err != nil || made.MentorID != p.MentorID || made.MenteeID != p.MenteeID {
			if err != nil && store.ErrorCode(err) != store.ENotFound {
				b.log.Warn("proposals closed by a new pair", "pair", p.ID, "err", err)
			}
			return
		}
		for _, e := range edits {
			if q, err := b.db.Proposal(ctx, e.proposal); err == nil && q.Status == store.ProposalDropped {
				_ = b.editDM(ctx, e.key, e.rp) // logged by editDM
			}
		}
	})
	return nil
}

// requestKey names the DM that asks the mentor about request id.
func requestKey(id int64) string { return fmt.Sprintf("request:%d", id) }

// meetExample is, for one member, the time of day (HH:MM, in their own
// zone) of each example meeting they are shown; "" for 15:00.
type meetExample struct {
	// weekly is that of "weekly thu" and of "biweekly thu" too: a
	// biweekly rhythm's first meeting is the weekly one's, and its later
	// ones are among the weekly's, so a time that suits the weekly
	// meetings suits the biweekly ones.
	weekly   string
	firstTue string // "monthly first tue"
	firstThu string // "monthly first thu"
}

// meetExampleClocks is, for mentor and mentee (the two of a pair), the
// meetExample of the meetings their welcome DM (and /mentor next and
// skip, before there are meetings) suggests setting with their partner:
// exampleClock of each. It is stricter than the warning of a meeting in
// the partner's night, which judges only whether it starts in the
// partner's night: a time it picks is daytime for both members, for the
// whole default length, so that typed as it is the example draws no such
// warning. Profiles are read as stored, as handles are, not fetched from
// Slack as the warning's are: the welcome's reads are made just before
// the commit that pairs them (readWelcome).
func (b *Bot) meetExampleClocks(ctx context.Context, mentor, mentee string, now time.Time) map[string]meetExample {
	day := map[string]daytime{}
	for _, id := range []string{mentor, mentee} {
		u, err := readUser(ctx, b.db, id)
		if err != nil {
			u = store.User{ID: id} // the default zone and night
		}
		day[id] = b.daytimeOf(u)
	}
	partner := map[string]string{mentor: mentee, mentee: mentor}
	out := map[string]meetExample{}
	for id, us := range day {
		them := day[partner[id]]
		out[id] = meetExample{
			weekly:   exampleClock(us, them, "weekly thu", now),
			firstTue: exampleClock(us, them, "monthly first tue", now),
			firstThu: exampleClock(us, them, "monthly first thu", now),
		}
	}
	return out
}

// exampleHorizon is how far ahead the meetings of an example are looked
// at: someone may type it days after reading it, and the clocks may have
// changed in one of the two zones, not yet in the other, by then.
const exampleHorizon = 5 * 7 * 24 * time.Hour

// exampleClock is the time of day in us's zone, on the half hour, nearest
// to 15:00 at which the meetings that "/mentor meet @partner WHEN HH:MM"
// typed now would set (when: "weekly thu", "monthly first tue", …) are
// daytime for us and them, each for the whole default length. It prefers
// a time that suits all those meetings within exampleHorizon (two at
// least), across a change of the clocks in one zone but not the other;
// else one that suits the first of them, which the night warning judges;
// else "15:00".
func exampleClock(us, them daytime, when string, now time.Time) string {
	return exampleClockFor(us, them, when, cadence.DefaultDuration, now)
}

// exampleClockFor is exampleClock for meetings of dur: an example typed
// with "for 45m" ends in the daytime of both too, not only its first
// half hour.
func exampleClockFor(us, them daytime, when string, dur time.Duration, now time.Time) string {
	suits := func(t time.Time, m int) bool {
		lt := t.In(us.loc)
		return lt.Hour()*60+lt.Minute() == m && // not moved by the clocks that day
			us.holds(t, dur) && them.holds(t, dur)
	}
	first := ""
	for _, m := range exampleMinutes {
		clock := fmt.Sprintf("%02d:%02d", m/60, m%60)
		rule, _, err := cadence.ParseMeet(when+" "+clock, us.loc, now)
		if err != nil {
			continue
		}
		ts := rule.Between(now, now.Add(exampleHorizon))
		if len(ts) < 2 {
			ts = rule.Occurrences(now, 2, nil)
		}
		if len(ts) == 0 || !suits(ts[0], m) {
			continue
		}
		if first == "" {
			first = clock
		}
		if !slices.ContainsFunc(ts, func(t time.Time) bool { return !suits(t, m) }) {
			return clock
		}
	}
	return cmp.Or(first, "15:00")
}

// exampleMinutes are the half hours of a day (minutes after midnight) in
// the order exampleClock tries them: out from 15:00, the earlier of two
// as near first.
var exampleMinutes = func() []int {
	ms := []int{15 * 60}
	for d := 30; d <= 15*60; d += 30 {
		if m := 15*60 - d; m >= 0 {
			ms = append(ms, m)
		}
		if m := 15*60 + d; m < minutesPerDay {
			ms = append(ms, m)
		}
	}
	return ms
}()

// requestCooldown is how long after declining someone's request the
// mentor is spared being asked by them again: a decline is an answer, and
// asking at once again would be pestering.
const requestCooldown = 30 * 24 * time.Hour

// requestPause is how long after withdrawing a request the requester
// waits to ask the same person again.
const requestPause = 24 * time.Hour

// askAgainFrom is when someone whose request was declined at declined may
// ask the same person again: requestCooldown on, at the start of the next
// day in loc, so that the day it names is the day it begins.
func askAgainFrom(declined time.Time, loc *time.Location) time.Time {
	d := datetext.DateOf(declined.Add(requestCooldown).In(loc)).AddDays(1)
	return d.In(loc)
}

func (b *Bot) cmdRequest(r *request, args string) (reply, error) {
	if w, rest := splitWord(args); strings.EqualFold(w, "cancel") || strings.EqualFold(w, "withdraw") {
		return b.withdrawRequest(r, rest)
	}
	mentor, msg := leadingMention(args)
	if mentor == "" {
		if w := firstWord(args); unknownName(w) {
			return r.unknownNamed(args, w, "the person", "/mentor request @someone [message]", ""), nil
		}
		return textReply("Usage: `/mentor request @someone [message]` — asks them to be your mentor; `/mentor request cancel @someone` withdraws a request they haven't answered."), nil
	}
	if second := secondPerson(msg); second != "" {
		// "@alice @erin help" would ask Alice alone, with "@erin help" as
		// the message. A mention later in a sentence is part of it.
		return textReply("Ask one person at a time, so that each can answer for themselves: `/mentor request @someone [message]`. "+
			"I haven't sent anything: ask <@%s> first, and %s if they can't.", mentor, second), nil
	}
	msg = strings.TrimSpace(unescapeSlack(msg))
	if err := tooLong("message", msg, maxLongText); err != nil {
		return reply{}, err
	}
	// The limit that matters is the message as the DM shows it: escaping
	// makes each <, > and & four or five characters long.
	if n := utf8.RuneCountInString(requestQuote(msg)); n > maxRequestQuote {
		return textReply("I haven't sent your request: that message is too long to show in a Slack message. Written out for Slack it takes %d characters "+
			"(each <, > and & takes four or five, each new line two more); the limit is %d. Please shorten it and ask again.", n, maxRequestQuote), nil
	}
	if _, err := r.mentionedUser(mentor); err != nil {
		return reply{}, err
	}
	// The mentor is asked in the request's commit: asked after it, a
	// failed DM would leave the request pending with nobody asked, and the
	// requester told that nothing was saved, whose second try finds it
	// asked already.
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		declined, err := store.LastDeclinedTx(r.ctx, tx, r.user.ID, mentor)
		if err != nil {
			return err
		}
		if again := askAgainFrom(declined, r.loc); !declined.IsZero() && tx.Now.Before(again) {
			return sayf("I haven't sent anything: <@%s> answered your last request, on %s, that they can't take you on right now. "+
				"So that nobody is asked again and again, you can ask them again from %s. Meanwhile `/mentor request @someone` asks someone else, "+
				"and a programme admin can help you find a mentor.", mentor, dateTokenIn(declined, "{date_long}", r.loc), dateTokenIn(again, "{date_long_pretty}", r.loc))
		}
		// Asked, withdrawn and asked again, the same person would get one
		// request DM after another.
		withdrawn, err := store.LastWithdrawnTx(r.ctx, tx, r.user.ID, mentor)
		if err != nil {
			return err
		}
		if again := withdrawn.Add(requestPause); !withdrawn.IsZero() && tx.Now.Before(again) {
			return sayf("I haven't sent anything: you withdrew your request to <@%s> %s. So that nobody gets the same request again and again, you can ask them again from %s.",
				mentor, dateTokenIn(withdrawn, "{date_pretty} at {time}", r.loc), dateTokenIn(again, "{date_pretty} at {time}", r.loc))
		}
		req, err := store.CreateRequestTx(r.ctx, tx, r.user.ID, mentor, msg)
		if err != nil {
			return err
		}
		return dmTx(r.ctx, tx, requestKey(req.ID), "request", mentor, 0, requestMessage(req))
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	b.refreshHome(r.ctx, r.user.ID, mentor) // both Homes show the request
	return textReply(":mailbox_with_mail: I've asked <@%s> whether they'd like to mentor you. I'll tell you their answer.", mentor), nil
}

// requestWithdrawn is what the DM that asked someone about requester's
// request says once the request is withdrawn, by them or by their
// /mentor forget: its buttons would find no request.
func requestWithdrawn(requester string) reply {
	return textReply(":raising_hand: <@%s> withdrew this mentoring request, so there is nothing to answer.", requester)
}

// withdrawRequest withdraws the user's unanswered request to the person
// args names, and takes back the DM that asks them, whose buttons would
// find no request.
func (b *Bot) withdrawRequest(r *request, args string) (reply, error) {
	mentor, rest := leadingMention(args)
	if mentor == "" || strings.TrimSpace(rest) != "" {
		if w := firstWord(args); mentor == "" && unknownName(w) {
			return r.unknownNamed("cancel "+args, w, "the person", "/mentor request cancel @someone", ""), nil
		}
		return textReply("Usage: `/mentor request cancel @someone` withdraws your request to them, if they haven't answered it yet."), nil
	}
	gone := requestWithdrawn(r.user.ID)
	var edits []dmEdit
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		req, err := store.WithdrawRequestTx(r.ctx, tx, r.user.ID, mentor)
		if err != nil {
			return err
		}
		// One not yet sent is edited once it is recorded as sent.
		edits, err = retractTx(r.ctx, tx, mentor, gone, requestKey(req.ID))
		return err
	})
	if err != nil {
		return reply{}, err
	}
	b.applyEdits(r.ctx, edits)
	b.refreshHome(r.ctx, r.user.ID, mentor) // both Homes showed the request
	return textReply(":raising_hand: I've withdrawn your request to <@%s>; their copy says so, without its buttons. `/mentor request @someone` asks someone.", mentor), nil
}

// SettleUndelivered withdraws the mentoring requests whose DM never
// reached the mentor (Slack refused it for good, or it was dropped past
// its time), since nobody can answer them, and tells each requester so
// in the same commit, rather than leaving them waiting for an answer that
// cannot come. The scheduler calls it when it gives DMs up
// (Notifier.Undelivered); serve calls it at start, for a call lost
// to a crash.
func (b *Bot) SettleUndelivered(ctx context.Context) {
	if found, err := b.db.AnyUndeliveredRequest(ctx); err != nil || !found {
		if err != nil {
			b.log.Error("look for undelivered requests", "err", err)
		}
		return
	}
	var told []string // the requesters, then the people they asked
	err := b.db.InTx(ctx, func(tx *store.Tx) error {
		reqs, err := store.WithdrawUndeliveredTx(ctx, tx)
		if err != nil {
			return err
		}
		told = told[:0]
		for _, req := range reqs {
			why := "Slack wouldn't let me message them (their account may be deactivated, or they may not accept messages from apps)"
			if req.Undelivered == store.NoteDropped {
				why = "I couldn't reach Slack in time to send it"
			}
			msg := textReply(":warning: I couldn't deliver your mentoring request to <@%s>: %s. I've withdrawn it, so you're not waiting on an answer. "+
				"You can ask again, or ask someone else, with `/mentor request @someone`.", req.MentorID, why)
			if err := dmTx(ctx, tx, fmt.Sprintf("request-undelivered:%d", req.ID), "request_answer", req.RequesterID, 0, msg); err != nil {
				return fmt.Errorf("tell %s their request %d was not delivered: %w", req.RequesterID, req.ID, err)
			}
			told = append(told, req.RequesterID, req.MentorID)
		}
		return nil
	})
	if err != nil {
		b.log.Error("withdraw undelivered requests", "err", err)
		return
	}
	if len(told) > 0 {
		b.log.Info("withdrew requests that never reached the mentor", "count", len(told)/2)
		b.sched.Kick()
		b.refreshHome(ctx, told...) // the requests leave their Homes
	}
}

// secondPerson reports whether the message of a request (as Slack sent
// it) starts by naming another person, directly or after "and", "or" or
// "&": a mention, or an @name Slack did not know. It returns how to show
// that person, "" when the message starts otherwise.
func secondPerson(msg string) string {
	word, rest := splitWord(msg)
	if w := strings.ToLower(unescapeSlack(word)); w == "and" || w == "or" || w == "&" {
		word, _ = splitWord(rest)
	}
	if id := parseMention(word); id != "" {
		return "<@" + id + ">"
	}
	if unknownName(word) {
		return echoTyped(word, 40)
	}
	return ""
}

func (b *Bot) actAnswerRequest(accept bool) actionHandler {
	return func(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
		id, err := strconv.ParseInt(act.Value, 10, 64)
		if err != nil {
			return actionReply{}, sayf("That button has expired.")
		}
		var (
			req          store.Request
			p            store.Pair
			mine, theirs reply
			w            welcomeReads
		)
		if accept {
			// What the welcome reads, read before the commit: a pair it
			// makes is of r's user and the requester. Not found pending
			// here, the request is most likely refused in the commit;
			// should it make a pair all the same, introsTx reads there.
			reqs, _ := b.db.PendingRequests(r.ctx, r.user.ID)
			for _, q := range reqs {
				if q.ID == id && q.MentorID == r.user.ID {
					w = b.readWelcome(r, q.MentorID, q.RequesterID)
				}
			}
		}
		// The answer, the pair it makes, the welcome DMs and the answer to
		// the requester are stored in one commit: told after it, a failed
		// DM would leave the pair unwelcomed or the requester waiting, and
		// the mentor told that nothing changed, whose second press finds
		// the request answered.
		err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
			var err error
			if req, p, err = store.AnswerRequestTx(r.ctx, tx, r.user.ID, id, accept); err != nil {
				return err
			}
			switch {
			case req.AlreadyPaired:
				// An admin (or an earlier request) paired them meanwhile: the
				// request is settled, nobody is paired twice and nobody gets a
				// second welcome.
				roles := fmt.Sprintf("<@%s> mentors <@%s>", p.MentorID, p.MenteeID)
				mine = textReply(":handshake: You and <@%s> are already a pair (%s), so there was nothing to accept; I've let them know. `/mentor pairs` lists your pairs.", req.RequesterID, roles)
				if !accept {
					// Declining cannot undo the pair; ending it does.
					mine = textReply(":handshake: You and <@%s> are already a pair (%s), so there was nothing to decline; I've let them know. `/mentor end %s` ends a pair, if that is what you meant.",
						req.RequesterID, roles, b.handle(r.ctx, req.RequesterID))
				}
				theirs = textReply(":handshake: <@%s> saw your request: you two are already a pair (%s). `/mentor pairs` lists your pairs; `/mentor meet` schedules your meetings.", r.user.ID, roles)
			case accept:
				mine = textReply(":white_check_mark: You accepted <@%s>'s request — you are now their mentor. I've sent you both a welcome note.", req.RequesterID)
				theirs = textReply(":tada: <@%s> accepted your request and is now your mentor!", r.user.ID)
				// The answer first, then the welcome it leads to: DMs of one
				// commit go in the order they are stored.
				if err := dmTx(r.ctx, tx, fmt.Sprintf("request-answer:%d", req.ID), "request_answer", req.RequesterID, p.ID, theirs); err != nil {
					return err
				}
				return b.introsTx(r, tx, p, pace{}, w)
			default:
				mine = textReply("You declined <@%s>'s request. Thanks for answering — I've let them know kindly. They can't ask you again for %d days.",
					req.RequesterID, int(requestCooldown.Hours()/24))
				theirs = textReply("<@%s> can't take you on as a mentee right now. Don't be discouraged: try someone else with `/mentor request @someone`, or ask a programme admin to help you find a mentor. "+
					"(So that nobody is asked again and again, you can ask <@%[1]s> again in %d days.)", r.user.ID, int(requestCooldown.Hours()/24))
			}
			return dmTx(r.ctx, tx, fmt.Sprintf("request-answer:%d", req.ID), "request_answer", req.RequesterID, p.ID, theirs)
		})
		if err != nil {
			return actionReply{}, err
		}
		b.sched.Kick()
		if accept && !req.AlreadyPaired {
			b.pairChanged(r.ctx, p.ID)
		}
		b.refreshHome(r.ctx, r.user.ID, req.RequesterID)
		return actionReply{Replace: &mine}, nil
	}
}

func (b *Bot) cmdPairs(r *request, args string) (reply, error) {
	word, rest := splitWord(strings.TrimSpace(args))
	all := strings.EqualFold(word, "all")
	page, ok := pageNumber(rest)
	if !all && strings.TrimSpace(args) != "" || !ok {
		usage := "Usage: `/mentor pairs` lists your pairs."
		if r.admin {
			usage += fmt.Sprintf(" `/mentor pairs all [PAGE]` lists every current pair (active or paused), %d to a page.", pairsPerPage)
		}
		return textReply("I don't understand %s. %s", inCode("/mentor pairs "+echoTyped(args, maxEchoed)), usage), nil
	}
	var (
		pairs []store.Pair
		err   error
		title string
	)
	switch {
	case all && !r.admin:
		return textReply("Only programme admins can list all pairs. `/mentor pairs` shows yours."), nil
	case all:
		pairs, err = b.db.AllPairs(r.ctx, false)
		title = "*All current pairs*"
	default:
		return b.myPairs(r)
	}
	if err != nil {
		return reply{}, err
	}
	if len(pairs) == 0 {
		return textReply("There are no current pairs yet. Make one with `/mentor pair @mentor @mentee`."), nil
	}
	pages := (len(pairs) + pairsPerPage - 1) / pairsPerPage
	switch {
	case page > pages && pages == 1:
		return textReply("There's only one page: %s on it — `/mentor pairs all`.",
			plural(len(pairs), "the one current pair is", fmt.Sprintf("all %d current pairs are", len(pairs)))), nil
	case page > pages:
		return textReply("There are only %d pages of current pairs (%d pairs, %d to a page): `/mentor pairs all %d` is the last.",
			pages, len(pairs), pairsPerPage, pages), nil
	}
	from := (page - 1) * pairsPerPage
	head := fmt.Sprintf("%s (%d)", title, len(pairs))
	// "Active" means not paused, as in /mentor report: say how many are.
	if paused := countPaused(pairs); paused > 0 {
		head = fmt.Sprintf("%s (%d: %d active, %d paused)", title, len(pairs), len(pairs)-paused, paused)
	}
	if pages > 1 {
		head += fmt.Sprintf(", page %d of %d", page, pages)
	}
	lines := []string{head}
	for _, p := range pairs[from:min(from+pairsPerPage, len(pairs))] {
		lines = append(lines, fmt.Sprintf("• <@%s> mentors <@%s>%s", p.MentorID, p.MenteeID, pairStatus(r, p)))
	}
	if page < pages {
		lines = append(lines, fmt.Sprintf("…and %d more: `/mentor pairs all %d` for the next page.", len(pairs)-from-pairsPerPage, page+1))
	}
	return reply{Text: strings.Join(lines, "\n")}, nil
}

func countPaused(pairs []store.Pair) int {
	n := 0
	for _, p := range pairs {
		if p.Status == store.PairPaused {
			n++
		}
	}
	return n
}

// pairsPerPage is how many pairs one page of /mentor pairs all lists.
const pairsPerPage = 100

// maxEndedListed bounds the ended pairs /mentor pairs lists.
const maxEndedListed = 20

// myPairs is /mentor pairs for the person's own pairs: the live ones, then
// those that have ended, the latest first, with the day each ended.
func (b *Bot) myPairs(r *request) (reply, error) {
	all, err := b.db.PairsOf(r.ctx, r.user.ID, true)
	if err != nil {
		return reply{}, err
	}
	live, ended := splitEnded(all)
	var lines []string
	switch {
	case len(live) > 0:
		lines = append(lines, fmt.Sprintf("*Your pairs* (%d)", len(live)))
	case len(ended) > 0:
		lines = append(lines, "You're not in an active pair right now. To start a new pair: "+r.howToGetAPair())
	case r.admin:
		return textReply("You're not in a pair yourself. `/mentor pairs all` lists the programme's pairs, and `/mentor pair @mentor @mentee` makes one."), nil
	default:
		return textReply("You're not in a pair yet. Ask someone to mentor you with `/mentor request @someone`, or ask a programme admin to pair you."), nil
	}
	for i, p := range live {
		if i == 100 {
			lines = append(lines, fmt.Sprintf("…and %d more.", len(live)-i))
			break
		}
		if p.MentorID == r.user.ID {
			lines = append(lines, fmt.Sprintf("• You mentor <@%s>%s", p.MenteeID, pairStatus(r, p)))
		} else {
			lines = append(lines, fmt.Sprintf("• <@%s> mentors you%s", p.MentorID, pairStatus(r, p)))
		}
	}
	if len(ended) > 0 {
		lines = append(lines, fmt.Sprintf("*Ended* (%d)", len(ended)))
	}
	for i, p := range ended {
		if i == maxEndedListed {
			lines = append(lines, fmt.Sprintf("…and %d more.", len(ended)-i))
			break
		}
		when := "ended " + dateTokenIn(p.EndedAt, "{date_short_pretty}", r.loc)
		if p.MentorID == r.user.ID {
			lines = append(lines, fmt.Sprintf("• You mentored <@%s> — %s", p.MenteeID, when))
		} else {
			lines = append(lines, fmt.Sprintf("• <@%s> mentored you — %s", p.MentorID, when))
		}
	}
	return reply{Text: strings.Join(lines, "\n")}, nil
}

// pairStatus is what /mentor pairs adds after a live pair: paused, snoozed.
func pairStatus(r *request, p store.Pair) string {
	status := ""
	if p.Status == store.PairPaused {
		status = " _(paused)_"
	}
	if p.Snoozed(r.now) {
		status += fmt.Sprintf(" _(snoozed until %s)_", dateTokenIn(p.SnoozedUntil, snoozeEndFormat, r.loc))
	}
	return status
}

// snoozeEndFormat shows when a snooze ends in lists (/mentor pairs, the
// Home): a day and a time, as the snooze notices do. A snooze "until" a
// day ends at midnight where the person who set it is, the evening before
// for people west of them, so a bare date would read as a day early.
const snoozeEndFormat = "{date_short_pretty} at {time}"

func (b *Bot) cmdEnd(r *request, args string) (reply, error) {
	partner, rest := leadingMention(args)
	if other, more := leadingMention(rest); partner != "" && other != "" && strings.TrimSpace(more) == "" {
		return b.endNamedPair(r, partner, other)
	}
	if strings.TrimSpace(rest) != "" {
		if hint, ok := r.bareName(args); ok {
			return textReply("%s", hint), nil
		}
		usage := "Usage: `/mentor end [@partner]` — ends your pair with them. Your history stays."
		if r.admin {
			usage += " As a programme admin, `/mentor end @mentor @mentee` ends someone else's pair."
		}
		return textReply("%s", usage), nil
	}
	if partner != "" && r.admin {
		if rp, ok := b.adminNotPaired(r, partner); ok {
			return rp, nil
		}
	}
	p, _, err := r.pairFor(args)
	var amb *ambiguousPair
	if partner == "" && asAmbiguous(err, &amb) {
		// Not the picker, whose buttons would run `/mentor end @x` and end
		// at once: buttons that say what they end.
		pairs, err := b.db.PairsOf(r.ctx, r.user.ID, false)
		if err != nil {
			return reply{}, err
		}
		names := make([]string, len(pairs))
		for i, p := range pairs {
			names[i] = b.displayName(r.ctx, p.Partner(r.user.ID))
		}
		return endWhichMessage(pairs, names), nil
	}
	if err != nil {
		return reply{}, err
	}
	if partner == "" {
		// Ending is for good: with the partner left out, ask first,
		// naming who the pair is with.
		return endConfirmMessage(p, r.user.ID, b.displayName(r.ctx, p.Partner(r.user.ID))), nil
	}
	return b.endPair(r, p)
}

// adminNotPaired answers an admin's `/mentor end @someone` when they and
// that person were never a pair: they most likely meant that person's
// pair, which an admin ends by naming both. ok is false when the two were
// a pair, which the member's way answers.
func (b *Bot) adminNotPaired(r *request, someone string) (rp reply, ok bool) {
	if someone == r.user.ID || r.knownUser(someone) != nil {
		return reply{}, false // pairFor says who that is
	}
	mine, err := b.db.PairsOf(r.ctx, r.user.ID, true)
	if err != nil || slices.ContainsFunc(mine, func(p store.Pair) bool { return p.Has(someone) }) {
		return reply{}, false
	}
	// The same words whoever someone is, paired or not, as for any ID
	// that is not one's partner.
	return textReply("You and <@%s> are not a pair. To end a pair you're not in, name both of its members: `/mentor end @mentor @mentee`; `/mentor pairs all` lists every current pair.", someone), true
}

// endNamedPair is `/mentor end @a @c`: a programme admin ends the pair
// of a and c, whoever's it is. Anyone else is told that only admins may,
// and a member naming themselves how to end their own.
func (b *Bot) endNamedPair(r *request, a, c string) (reply, error) {
	switch {
	case a == c:
		return textReply("That names <@%s> twice. `/mentor end @partner` ends your pair with them.", a), nil
	case !r.admin && (r.user.ID == a || r.user.ID == c):
		other := a
		if other == r.user.ID {
			other = c
		}
		// "Yours" only when it is: the same words otherwise as for any
		// name that is not one's partner.
		mine, err := b.db.PairsOf(r.ctx, r.user.ID, true)
		if err != nil {
			return reply{}, err
		}
		if !slices.ContainsFunc(mine, func(p store.Pair) bool { return p.Live() && p.Has(other) }) {
			return textReply("Only programme admins can end a pair by naming both of its members. `/mentor end @partner` ends a pair of your own."), nil
		}
		return textReply("Only programme admins can end a pair by naming both of its members. `/mentor end %s` ends yours with <@%s>.", b.handle(r.ctx, other), other), nil
	case !r.admin:
		return textReply("Only programme admins can end someone else's pair. `/mentor end @partner` ends a pair of your own."), nil
	}
	for _, id := range []string{a, c} {
		// Someone who has left the workspace is known still: their pair
		// may well be the one to end.
		if err := r.knownUser(id); err != nil {
			return reply{}, err
		}
	}
	pairs, err := b.db.PairsOf(r.ctx, a, true)
	if err != nil {
		return reply{}, err
	}
	var live, ended store.Pair
	for _, p := range pairs {
		switch {
		case !p.Has(c):
		case p.Live():
			live = p
		case p.EndedAt.After(ended.EndedAt):
			ended = p
		}
	}
	switch {
	case live.ID != 0 && live.Has(r.user.ID):
		// The admin's own pair ends as any member's does.
		return b.endPair(r, live)
	case live.ID == 0 && ended.ID != 0:
		return textReply("<@%s> and <@%s> are not a pair now: their pair ended on %s. Its history stays.", a, c, dateTokenIn(ended.EndedAt, "{date_long}", r.loc)), nil
	case live.ID == 0:
		return textReply("<@%s> and <@%s> are not a pair. `/mentor pairs all` lists every current pair.", a, c), nil
	}
	// Both members are told, each by a note of their own.
	p, err := b.ending(r, func(tx *store.Tx) (store.Pair, error) { return store.EndPairAsAdminTx(r.ctx, tx, r.user.ID, live.ID) },
		func(tx *store.Tx, p store.Pair) error {
			for _, to := range []string{p.MentorID, p.MenteeID} {
				if err := dmTx(r.ctx, tx, endedKey(p.ID)+":to="+to, "pair_ended", to, p.ID, adminEndedNote(p, to, r.user.ID)); err != nil {
					return err
				}
			}
			return nil
		})
	if store.ErrorCode(err) == store.EConflict && !errors.Is(err, store.ErrTakenOn) {
		return textReply("<@%s> and <@%s>'s pair has just ended; nothing more to do. Its history stays.", a, c), nil
	}
	if err != nil {
		return reply{}, err
	}
	return textReply(":wave: Ended the pair of <@%s> (mentor) and <@%s> (mentee); its reminders have stopped and its history stays. I've let them both know.", p.MentorID, p.MenteeID), nil
}

// endPair ends p for r's user, tells the partner and says so.
func (b *Bot) endPair(r *request, p store.Pair) (reply, error) {
	p, err := b.endAndTell(r, p.ID)
	if err != nil {
		return reply{}, err
	}
	return textReply("Your pair with <@%s> has ended; its reminders have stopped and the history stays. I've let them know.", p.Partner(r.user.ID)), nil
}

// endAndTell ends pair id for r's user, however they asked, re-plans it
// and tells the partner, in the same words whatever the way.
func (b *Bot) endAndTell(r *request, id int64) (store.Pair, error) {
	// The partner is told in the end's commit: told after it, a failed DM
	// would leave the pair ended, the partner never told, and the one who
	// ended it told that nothing changed, whose second try finds it ended.
	// The DM is queued after the end, which cancels the pair's pending
	// DMs.
	return b.ending(r, func(tx *store.Tx) (store.Pair, error) { return store.EndPairTx(r.ctx, tx, r.user.ID, id) },
		func(tx *store.Tx, p store.Pair) error {
			return dmTx(r.ctx, tx, endedKey(p.ID), "pair_ended", p.Partner(r.user.ID), p.ID, endedNote(p, r.user.ID))
		})
}

// ending ends a pair with end and queues tell's DMs in the same commit,
// after the end, which cancels the pair's pending DMs; then it re-plans
// the pair and updates what was sent about its meetings.
func (b *Bot) ending(r *request, end func(*store.Tx) (store.Pair, error), tell func(*store.Tx, store.Pair) error) (store.Pair, error) {
	var p store.Pair
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if p, err = end(tx); err != nil {
			return err
		}
		return tell(tx, p)
	})
	if err != nil {
		return store.Pair{}, err
	}
	b.sched.Kick()
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	return p, nil
}

// endedKey names the DM telling a partner that their pair ended, however
// it ended: a partner hears of an end once.
func endedKey(pairID int64) string { return fmt.Sprintf("ended:pair=%d", pairID) }

// actEndConfirm ends the pair of an "End my pair" button (value PAIRID).
// Only a member may press it; a pair already ended is answered as such, in
// place, so pressing twice (or on an old prompt) ends nothing twice.
func (b *Bot) actionEndConfirm(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, _, ok := parsePairValue(act.Value + ":")
	if !ok {
		return actionReply{}, sayf("That button has expired; `/mentor end @partner` ends a pair.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	var rp reply
	if p.Live() {
		rp, err = b.endPair(r, p)
	}
	if !p.Live() || store.ErrorCode(err) == store.EConflict && !errors.Is(err, store.ErrTakenOn) {
		rp, err = textReply("Your pair with <@%s> has already ended; nothing more to do. Its history stays.", p.Partner(r.user.ID)), nil
	}
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

func (b *Bot) actionEndCancel(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	return actionReply{Replace: &reply{Text: "OK — I haven't ended anything. Your pair carries on."}}, nil
}

// dateTokenIn renders t with Slack's date formatting, so each reader sees
// it in their own zone, with the fallback (what notifications and
// previews show) written in loc, the zone of the one reader it is for.
// There is no UTC variant: every message is for a reader whose zone is
// known, and a UTC fallback shows them another day near midnight.
func dateTokenIn(t time.Time, format string, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	// The fallback reads as the rendered date does: "… at 15:04" where the
	// format says "at {time}", as meeting times (meetWhen) do.
	t = t.In(loc)
	fallback := datetext.FormatZoned(t, "Mon 2 Jan 2006 15:04")
	switch {
	case format == "{time}":
		fallback = datetext.FormatZoned(t, "15:04")
	case strings.Contains(format, " at {time}"):
		fallback = datetext.FormatZoned(t, "Mon 2 Jan 2006 at 15:04")
	case !strings.Contains(format, "{time"):
		fallback = t.Format("Mon 2 Jan 2006") // a date alone, as Slack shows it
	}
	return fmt.Sprintf("<!date^%d^%s|%s>", t.Unix(), format, fallback)
}

// endedPairErr answers a button of pair p, which has ended: when, and,
// if its two members are paired again, that the button was the old
// pair's and what serves the new one (then, a command naming the
// partner's handle, "/mentor next @bob"), so that nobody reads that
// their live pair has ended.
func (b *Bot) endedPairErr(r *request, p store.Pair, then string) error {
	partner := p.Partner(r.user.ID)
	ended := endedOn(r, p)
	again, err := b.pairedAgain(r, p)
	if err != nil {
		return err
	}
	if again {
		return sayf("This button was for your earlier pair with <@%s>, which ended%s. You're paired again now: `%s %s` is for your current pair.",
			partner, ended, then, b.handle(r.ctx, partner))
	}
	return sayf("Your pair with <@%s> has ended%s.", partner, ended)
}

// endedOn is when ended pair p ended, " on <date>" in r's zone, as the
// answer to r's button of it says it; "" when that was not kept.
func endedOn(r *request, p store.Pair) string {
	if p.EndedAt.IsZero() {
		return ""
	}
	return " on " + dateTokenIn(p.EndedAt, "{date_long}", r.loc)
}

// pairedAgain reports whether r's user and their partner in ended pair p
// are a pair again now (another, live).
func (b *Bot) pairedAgain(r *request, p store.Pair) (bool, error) {
	live, err := b.db.PairsOf(r.ctx, r.user.ID, false)
	if err != nil {
		return false, err
	}
	partner := p.Partner(r.user.ID)
	return slices.ContainsFunc(live, func(q store.Pair) bool { return q.ID != p.ID && q.Partner(r.user.ID) == partner }), nil
}
