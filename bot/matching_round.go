package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/match"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// A matching round: /mentor match computes a proposal for everyone
// waiting and shows it to the admin with reasons (Drop per pair, Publish);
// publishing asks each pair by DM to accept or decline; a pair is made
// when both accept.

// matchInput turns the pool into the matcher's input. Time zones come
// from the cached profiles, as offsets at now.
func matchInput(pool store.Pool, now time.Time) match.Input {
	in := match.Input{Managers: pool.Managers}
	for _, s := range pool.Signups {
		// As the admins' glance counts them (MatchingSummary).
		if !pool.Offered(s) {
			continue
		}
		u := pool.Users[s.UserID]
		p := match.Person{ID: s.UserID, Slots: pool.FreePlaces(s), WantsMentor: pool.NeedsMentor(s),
			Topics: s.Topics, Cadence: s.Cadence, Manager: s.ManagerID}
		if u.TZ != "" {
			if loc, err := datetext.LoadZone(u.TZ); err == nil {
				_, off := now.In(loc).Zone()
				p.UTCOffset, p.TZKnown = off/60, true
			}
		}
		in.People = append(in.People, p)
	}
	for _, a := range pool.Avoid {
		why := match.PastPair
		if a.Declined {
			why = match.Declined
		}
		in.Avoid = append(in.Avoid, match.Avoid{A: a.A, B: a.B, Why: why})
	}
	for _, l := range pool.Lapsed {
		in.Lapsed = append(in.Lapsed, match.Avoid{A: l.MentorID, B: l.MenteeID})
	}
	return in
}

// reviewNotes is what a review says beyond the proposal itself, from the
// pool it was made of.
type reviewNotes struct {
	// full are fullMentors' lines, listed with those left unmatched;
	// fullIDs who they are.
	full, fullIDs []string
	// pool, when set, gives the proposals that lapsed unanswered, which
	// a pair proposed again is told with.
	pool *store.Pool
	// loc is the admin's zone, for the dates' fallback text.
	loc *time.Location
}

func notesOf(pool *store.Pool, loc *time.Location) reviewNotes {
	full, ids := fullMentors(*pool)
	return reviewNotes{full: full, fullIDs: ids, pool: pool, loc: loc}
}

// lapsedNote says, of the pair mentor→mentee, that the two were proposed
// before and who left it unanswered: whoever did may well do so again.
// "" when they were not.
func (n reviewNotes) lapsedNote(mentor, mentee string) string {
	if n.pool == nil {
		return ""
	}
	l, ok := n.pool.LapsedFor(mentor, mentee)
	if !ok {
		return ""
	}
	when := dateTokenIn(l.CreatedAt, "{date_short}", n.loc)
	switch {
	case l.MentorOK == 0 && l.MenteeOK == 0:
		return fmt.Sprintf(":hourglass: Proposed before, on %s; it lapsed with neither of them answering.", when)
	case l.MentorOK == 0:
		return fmt.Sprintf(":hourglass: Proposed before, on %s; it lapsed unanswered by <@%s>.", when, l.MentorID)
	}
	return fmt.Sprintf(":hourglass: Proposed before, on %s; it lapsed unanswered by <@%s>.", when, l.MenteeID)
}

func (b *Bot) cmdMatch(r *request, args string) (reply, error) {
	if strings.TrimSpace(args) != "" {
		return textReply("Usage: `/mentor match` — proposes pairs for everyone waiting (sign-ups come from `/mentor join`). Nothing is sent until you publish."), nil
	}
	pool, err := b.db.MatchPool(r.ctx)
	if err != nil {
		return reply{}, err
	}
	in := matchInput(pool, r.now)
	full, _ := fullMentors(pool)
	if len(in.People) == 0 {
		text := "Nobody is waiting to be matched. People sign up with `/mentor join`."
		if len(full) > 0 {
			text = "Nobody can be matched now. People sign up with `/mentor join`."
		}
		if pool.Open > 0 {
			text += fmt.Sprintf(" %d published %s still waiting for answers.", pool.Open, matchPlural(pool.Open, "proposal is", "proposals are"))
		}
		if len(full) > 0 {
			// Signed up, and told so, but with nothing matching can
			// propose them: the admin sees who and why.
			text += "\n*Signed up, but left out*\n" + strings.Join(full, "\n")
		}
		return reply{Text: text}, nil
	}
	res := match.Propose(in)
	var drafts []store.DraftPair
	for _, p := range res.Pairs {
		drafts = append(drafts, store.DraftPair{MentorID: p.Mentor, MenteeID: p.Mentee, Reasons: p.Reasons()})
	}
	round, saved, err := b.db.SaveDraft(r.ctx, r.user.ID, drafts)
	if err != nil {
		return reply{}, err
	}
	return b.withRoundOverNote(r.ctx, roundReview(round, saved, res.Unmatched, notesOf(&pool, r.loc), pool.Open), r.now), nil
}

// fullMentors are the review's lines for the mentors in the pool whose
// places are all taken, at least in part by live pairs: matching proposes
// them no mentee until they raise their capacity or a pair ends, and the
// admin should know why they are not among the proposals. ids are the
// mentors, in the order of lines.
func fullMentors(pool store.Pool) (lines, ids []string) {
	for _, s := range pool.Signups {
		u, known := pool.Users[s.UserID]
		if known && (u.Deleted || u.IsBot) || !s.Mentors() || pool.FreePlaces(s) > 0 {
			continue
		}
		mentees := pool.Mentees[s.UserID]
		if len(mentees) == 0 {
			continue // open proposals only: counted with them
		}
		taken := fmt.Sprintf("their %s with %s", matchPlural(len(mentees), "pair", "pairs"), mentionsAnd(mentees))
		if open := pool.MentorLoad[s.UserID] - len(mentees); open > 0 {
			taken += fmt.Sprintf(" and %d published %s waiting for answers", open, matchPlural(open, "match", "matches"))
		}
		lines = append(lines, fmt.Sprintf("• <@%s> as a mentor: their %d %s taken by %s; they'd need to raise their capacity (`/mentor join`) to be matched",
			s.UserID, s.Capacity, matchPlural(s.Capacity, "place is", "places are"), taken))
		ids = append(ids, s.UserID)
	}
	return lines, ids
}

// maxReviewPairBlocks is how many pairs the review shows with their own
// Drop button; Slack allows 50 blocks in a message.
const maxReviewPairBlocks = 38

// roundReview is the admin's view of a proposal: each pair with its
// reasons and a Drop button, the people left unmatched with why, and
// Publish.
func roundReview(round int64, proposals []store.Proposal, unmatched []match.Unmatched, notes reviewNotes, open int) reply {
	full := notes.full
	var drafts []store.Proposal
	dropped := 0
	for _, p := range proposals {
		switch p.Status {
		case store.ProposalDraft:
			drafts = append(drafts, p)
		case store.ProposalDropped:
			dropped++
		}
	}
	head := fmt.Sprintf(":busts_in_silhouette: *Proposed matching* — %d %s", len(drafts), matchPlural(len(drafts), "pair", "pairs"))
	// People, not roles: someone signed up as both mentor and mentee is
	// listed once for each, and counted once.
	left := map[string]bool{}
	for _, u := range unmatched {
		left[u.ID] = true
	}
	for _, id := range notes.fullIDs {
		left[id] = true
	}
	if n := len(left); n > 0 {
		head += fmt.Sprintf(", %d left unmatched", n)
	}
	if dropped > 0 {
		head += fmt.Sprintf(" (%d dropped)", dropped)
	}
	head += "."
	text := head
	blocks := []slack.Block{section(head)}
	if len(drafts) > 0 {
		blocks = append(blocks, contextText("Nobody has been told anything yet. Drop any pair you don't want, then *Publish*: each pair gets a DM with the reasons and Accept / Decline, and a pair is made only when both accept."))
	} else {
		blocks = append(blocks, contextText("There is no pair to propose right now."))
	}
	if open > 0 {
		blocks = append(blocks, contextText(fmt.Sprintf("%d published %s from earlier rounds %s still waiting for answers; those people are not in this proposal.",
			open, matchPlural(open, "proposal", "proposals"), matchPlural(open, "is", "are"))))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	var rest []string
	for i, p := range drafts {
		line := fmt.Sprintf("<@%s> mentors <@%s>", p.MentorID, p.MenteeID)
		if why := reviewReasons(p); why != "" {
			line += "\n" + why
		}
		if lapsed := notes.lapsedNote(p.MentorID, p.MenteeID); lapsed != "" {
			line += "\n" + lapsed
		}
		if i >= maxReviewPairBlocks {
			rest = append(rest, "• "+strings.ReplaceAll(line, "\n", " — "))
			continue
		}
		id := strconv.FormatInt(p.ID, 10)
		drop := button(actionMatchDrop+"_"+id, id, "Drop", slack.StyleDanger)
		// A drop is for good: the two are never proposed together again.
		drop.Confirm = slack.NewConfirmationBlockObject(plain("Drop this pair?"),
			plain("These two won't be proposed together again, in this round or any later one."), plain("Drop"), plain("Keep"))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil,
			slack.NewAccessory(drop), slack.SectionBlockOptionBlockID("match_pair_"+id)))
	}
	if len(rest) > 0 {
		blocks = append(blocks, chunkSections(fmt.Sprintf("*%d more %s* (published with the rest):", len(rest), matchPlural(len(rest), "pair", "pairs")), rest, 2)...)
	}
	if len(unmatched)+len(full) > 0 {
		var lines []string
		// The people who fit are named next to the words that count them,
		// not at the end, where they read as the last reason's.
		mentions := func(ids []string) string {
			var m []string
			for _, id := range ids {
				m = append(m, "<@"+id+">")
			}
			return strings.Join(m, ", ")
		}
		for _, u := range unmatched {
			lines = append(lines, fmt.Sprintf("• <@%s> as a %s: %s", u.ID, u.Side, u.Why(mentions)))
		}
		lines = append(lines, full...)
		blocks = append(blocks, chunkSections("*Left unmatched*", lines, 3)...)
	}
	if len(drafts) > 0 {
		n := len(drafts)
		publish := button(actionMatchPublish, strconv.FormatInt(round, 10), fmt.Sprintf("Publish %d %s", n, matchPlural(n, "pair", "pairs")), slack.StylePrimary)
		publish.Confirm = slack.NewConfirmationBlockObject(plain("Publish this matching?"),
			mrkdwn(fmt.Sprintf("I'll DM %s with the reasons and ask them to accept or decline.", matchPlural(n, "both people of the pair", fmt.Sprintf("both people of each of the %d pairs", n)))),
			plain("Publish"), plain("Not yet"))
		blocks = append(blocks, slack.NewActionBlock(fmt.Sprintf("match_round_%d", round), publish))
		blocks = append(blocks, contextText("A decline returns both people to the pool, and they are never proposed together again; neither are pairs you drop. Run `/mentor match` again to recompute."))
	}
	return reply{Text: text, Blocks: blocks}
}

// reviewReasons is proposal p's reasons (match.Pair.Reasons, as stored)
// as the admin's review shows them: "both: Go — note: time zones 8 h
// apart", or "Note: time zones 8 h apart" when there is only the note.
func reviewReasons(p store.Proposal) string {
	reasons, note := match.SplitReasons(p.Reasons)
	reasons = plainReasons(reasons)
	switch {
	case reasons != "" && note != "":
		return esc(reasons) + " — note: " + noteText(note, p, "")
	case note != "":
		return "Note: " + noteText(note, p, "")
	}
	return esc(reasons)
}

// noteText is proposal p's note (match.SplitReasons) as to reads it
// (to is "" for the admin's review), escaped: whose time zone is unknown
// and which cadence each prefers, by name, "you" for the reader.
func noteText(note string, p store.Proposal, to string) string {
	var parts []string
	for _, n := range match.Notes(note) {
		switch n {
		case match.MentorTZUnknown, match.MenteeTZUnknown:
			who := p.MentorID
			if n == match.MenteeTZUnknown {
				who = p.MenteeID
			}
			if who == to {
				parts = append(parts, "you have no time zone in your Slack profile")
			} else {
				parts = append(parts, fmt.Sprintf("<@%s> has no time zone in Slack", who))
			}
		case match.BothTZUnknown:
			if to == "" {
				parts = append(parts, "neither has a time zone in Slack")
			} else {
				parts = append(parts, "neither of you has a time zone in Slack")
			}
		default:
			mentor, mentee, ok := match.CadencesOf(n)
			if !ok {
				parts = append(parts, esc(zoneNote(n)))
				continue
			}
			first := fmt.Sprintf("<@%s> prefers %s", p.MentorID, cadenceOften(mentor))
			if p.MentorID == to {
				first = "you prefer " + cadenceOften(mentor)
			}
			second := fmt.Sprintf("<@%s> %s", p.MenteeID, cadenceOften(mentee))
			if p.MenteeID == to {
				second = "you " + cadenceOften(mentee)
			}
			parts = append(parts, first+", "+second)
		}
	}
	return strings.Join(parts, "; ")
}

// cadenceOften is a sign-up's cadence as it reads after "meet": "every
// two weeks".
func cadenceOften(c string) string { return esc(plainCadence(c)) }

// readerReasons is a proposal's reasons (without the note) as the DM to
// one of the two shows them, escaped: the review's "mentee open to any
// topic" reads "you're open to any topic" to the mentee and "<@mentee> is
// open to any topic" to the mentor. The other reasons ("both: Go", "same
// time zone", "both prefer weekly") read well to either as they are.
func readerReasons(reasons string, p store.Proposal, to string) string {
	reasons = plainReasons(reasons)
	side, rest, ok := match.OpenToAny(reasons)
	if !ok {
		return esc(reasons)
	}
	open := p.MentorID
	if side == match.AsMentee {
		open = p.MenteeID
	}
	who := fmt.Sprintf("<@%s> is open to any topic", open)
	if open == to {
		who = "you're open to any topic"
	}
	if rest == "" {
		return who
	}
	return who + "; " + esc(rest)
}

// plainReasons is a proposal's reasons (without the note) in the words
// people chose them in: "both prefer biweekly" reads "both prefer to meet
// every two weeks", as the join form's "Every two weeks", and "3 h apart"
// reads "time zones 3 h apart", as the note says it. Not escaped.
func plainReasons(reasons string) string {
	parts := strings.Split(reasons, "; ")
	for i, part := range parts {
		if c, ok := match.SharedCadence(part); ok {
			parts[i] = "both prefer to meet " + plainCadence(c)
		} else if hoursApart.MatchString(part) {
			parts[i] = zoneNote(part)
		}
	}
	return strings.Join(parts, "; ")
}

// hoursApart is match.Pair.TZText of two zones apart: a topic that ends
// in "apart" is no such part.
var hoursApart = regexp.MustCompile(`^[0-9]+(\.[0-9])? h apart$`)

// plainCadence is a sign-up's cadence as it reads after "meet": "every
// two weeks". Not escaped.
func plainCadence(c string) string {
	switch c {
	case "weekly":
		return "every week"
	case "biweekly":
		return "every two weeks"
	case "monthly":
		return "once a month"
	}
	return c
}

// zoneNote says what a proposal's note (match.Pair.TZText: "8 h apart")
// is about.
func zoneNote(note string) string {
	if strings.HasSuffix(note, " apart") {
		return "time zones " + note
	}
	return note
}

// chunkSections lays lines out in at most max sections of Slack's size,
// the first starting with title; what does not fit is counted.
func chunkSections(title string, lines []string, max int) []slack.Block {
	const limit = 2900
	if len(lines) == 0 {
		return nil
	}
	var blocks []slack.Block
	cur := title
	for i, l := range lines {
		if len(cur)+1+len(l) > limit {
			if len(blocks) == max-1 {
				cur += fmt.Sprintf("\n…and %d more.", len(lines)-i)
				break
			}
			blocks = append(blocks, section(cur))
			cur = ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += l
	}
	return append(blocks, section(cur))
}

// reviewAgain re-renders a round after a change, explaining the people
// left unmatched by the pairs still in it.
func (b *Bot) reviewAgain(ctx context.Context, round int64, now time.Time, loc *time.Location) (reply, error) {
	proposals, err := b.db.Round(ctx, round)
	if err != nil {
		return reply{}, err
	}
	pool, err := b.db.MatchPool(ctx)
	if err != nil {
		return reply{}, err
	}
	var pairs []match.Pair
	for _, p := range proposals {
		if p.Status == store.ProposalDraft {
			pairs = append(pairs, match.Pair{Mentor: p.MentorID, Mentee: p.MenteeID})
		}
	}
	return b.withRoundOverNote(ctx, roundReview(round, proposals, match.Explain(matchInput(pool, now), pairs), notesOf(&pool, loc), pool.Open), now), nil
}

func (b *Bot) actionMatchDrop(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	if !r.admin {
		return actionReply{}, sayf("Only programme admins can change a matching proposal.")
	}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return actionReply{}, sayf("That button has expired; run `/mentor match` again.")
	}
	p, err := b.db.DropDraft(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	rp, err := b.reviewAgain(r.ctx, p.Round, r.now, r.loc)
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

func (b *Bot) actionMatchPublish(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	if !r.admin {
		return actionReply{}, sayf("Only programme admins can publish a matching proposal.")
	}
	round, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return actionReply{}, sayf("That button has expired; run `/mentor match` again.")
	}
	now := b.clock.Now()
	// Each DM gives the date to answer by, its fallback in the reader's
	// zone; looked up before the commit, which must not wait on Slack.
	locs := map[string]*time.Location{}
	if drafts, err := b.db.Round(r.ctx, round); err == nil {
		for _, p := range drafts {
			for _, u := range []string{p.MentorID, p.MenteeID} {
				if locs[u] == nil {
					locs[u] = b.zoneOfID(r.ctx, u)
				}
			}
		}
	}
	var cohort *store.Cohort
	c, cErr := b.db.CurrentCohort(r.ctx)
	if cErr == nil && c.TakesPairs(now, b.cfg.DefaultTZ) {
		cohort = &c
	}
	published, skipped, err := b.db.PublishRound(r.ctx, r.user.ID, round, func(p store.Proposal) ([]store.Notification, error) {
		var ns []store.Notification
		for _, to := range []string{p.MentorID, p.MenteeID} {
			loc := locs[to]
			if loc == nil {
				loc = b.cfg.DefaultTZ
			}
			n, err := outboxNote(now, proposalKey(p.ID, to), "match_proposal", to, 0, proposalMessage(p, to, cohort, "", loc))
			if err != nil {
				return nil, err
			}
			ns = append(ns, n, proposalReminderNote(p, to), proposalLapsedNote(p, to))
		}
		return ns, nil
	})
	if err != nil {
		return actionReply{}, err
	}
	b.sched.Kick()
	n := len(published)
	var lines, people []string
	for _, p := range published {
		lines = append(lines, fmt.Sprintf("• <@%s> mentors <@%s>", p.MentorID, p.MenteeID))
		people = append(people, p.MentorID, p.MenteeID)
	}
	// Their Homes say that a match waits for their answer.
	b.refreshHome(r.ctx, people...)
	head := fmt.Sprintf(":incoming_envelope: *Published:* I've asked %d %s to accept or decline. A pair is made when both accept; a decline returns both to the pool. `/mentor pairs all` shows the pairs made.",
		n, matchPlural(n, "pair", "pairs"))
	blocks := []slack.Block{section(head)}
	blocks = append(blocks, chunkSections("", lines, 3)...)
	if len(skipped) > 0 {
		var sk []string
		for _, p := range skipped {
			sk = append(sk, fmt.Sprintf("• <@%s> and <@%s>", p.MentorID, p.MenteeID))
		}
		blocks = append(blocks, chunkSections("*Not published* — they no longer fit (someone left, was paired meanwhile, or a mentor's places filled up):", sk, 2)...)
	}
	if note := roundOverNote(c, cErr, now, b.cfg.DefaultTZ); note != "" {
		blocks = append(blocks, contextText(note))
	}
	rp := reply{Text: head, Blocks: blocks}
	return actionReply{Replace: &rp}, nil
}

// roundOverNote tells the admin who proposes or publishes pairs that they
// won't join the running programme round c (err: CurrentCohort's,
// ENotFound when none runs), which takes no more pairs: its pairs have
// been asked whether to continue, or its end date has passed; "" when
// it takes them, or none runs. The round's start said that pairs made
// from then on belong to it. def is the programme's default zone
// (Cohort.Today).
func roundOverNote(c store.Cohort, err error, now time.Time, def *time.Location) string {
	switch {
	case err != nil:
		return ""
	case c.Asked:
		return fmt.Sprintf(":information_source: The programme round *%s* is closing: its pairs have been asked whether to continue, so pairs made now don't join it. "+
			"`/mentor cohort end now` closes it.", roundName(c.Name))
	case c.Over(now, def):
		return fmt.Sprintf(":information_source: The programme round *%s* ended on %s, so pairs made now don't join it. "+
			"`/mentor cohort end` asks its pairs whether to continue, and `/mentor cohort end now` closes it.",
			roundName(c.Name), datetext.LongDay(c.EndsOn))
	}
	return ""
}

// withRoundOverNote adds roundOverNote under the head of a review, rp.
func (b *Bot) withRoundOverNote(ctx context.Context, rp reply, now time.Time) reply {
	c, err := b.db.CurrentCohort(ctx)
	if err != nil && store.ErrorCode(err) != store.ENotFound {
		b.log.Warn("match: read the programme round", "err", err)
	}
	note := roundOverNote(c, err, now, b.cfg.DefaultTZ)
	if note == "" || len(rp.Blocks) == 0 {
		return rp
	}
	rp.Blocks = append([]slack.Block{rp.Blocks[0], contextText(note)}, rp.Blocks[1:]...)
	return rp
}

// matchingSummary is the store's MatchingSummary, its round's zone
// resolved: one started without a zone reads its dates in the default
// zone (Cohort.Today), as the glance must too.
func (b *Bot) matchingSummary(ctx context.Context) (store.MatchingSummary, error) {
	m, err := b.db.MatchingSummary(ctx)
	if err == nil && m.Round != nil && m.Round.TZ == "" {
		m.Round.TZ = b.cfg.DefaultTZ.String()
	}
	return m, err
}

// matchingGlance is matching and the programme round, in counts, as the
// admins' Home and /mentor report show them: who waits to be matched,
// what waits for answers, and the round running, until when.
func matchingGlance(m store.MatchingSummary, now time.Time) string {
	text := fmt.Sprintf("*Matching:* %d waiting to be matched · %d published %s waiting for answers",
		m.Waiting, m.Open, matchPlural(m.Open, "proposal", "proposals"))
	c := m.Round
	if c == nil {
		return text + "\n*Programme round:* none running"
	}
	text += fmt.Sprintf("\n*Programme round:* *%s*, until %s · %d active %s", roundName(c.Name), datetext.LongDay(c.EndsOn),
		m.RoundPairs, matchPlural(m.RoundPairs, "pair", "pairs"))
	switch {
	case c.Asked:
		text += " · closing: its pairs have been asked whether to continue"
	case c.Over(now, nil): // matchingSummary resolved its zone
		text += " · its end date has passed"
	}
	return text
}

func proposalKey(id int64, to string) string { return fmt.Sprintf("proposal:%d:to=%s", id, to) }

// kindProposalLapsed is the DM to each of a published proposal's two
// when it lapses without both answers (store.ProposalTTL).
const kindProposalLapsed = "proposal_lapsed"

// proposalLapsedNote tells to when p lapses unanswered: someone who
// accepted would otherwise wait for a pair that never comes. It is
// rendered then, so an answered or withdrawn proposal says nothing. News
// with no hurry: it waits out the reader's quiet hours, as they are when
// it falls due (WaitsOutQuietHours).
func proposalLapsedNote(p store.Proposal, to string) store.Notification {
	due := p.CreatedAt.Add(store.ProposalTTL + time.Minute)
	return store.Notification{Key: fmt.Sprintf("%s:%d:to=%s", kindProposalLapsed, p.ID, to), Kind: kindProposalLapsed,
		RecipientID: to, Ref: strconv.FormatInt(p.ID, 10), DueAt: due, ExpiresAt: due.AddDate(0, 0, 7)}
}

// proposalDeadline is when published proposal p lapses unless both
// accept, as a Slack date, its fallback in loc.
func proposalDeadline(p store.Proposal, loc *time.Location) string {
	return dateTokenIn(p.CreatedAt.Add(store.ProposalTTL), "{date_short_pretty} at {time}", loc)
}

// kindProposalReminder is the DM, some days before a published proposal
// lapses, to whichever of its two has not answered it.
const kindProposalReminder = "proposal_reminder"

// proposalRemindAfter is how long after publication someone who has not
// answered a proposal is reminded: four days before it lapses.
const proposalRemindAfter = store.ProposalTTL - 4*24*time.Hour

// proposalReminderNote reminds to, once, of proposal p if they have not
// answered it by then. Stored with the proposal's publication and
// rendered when due, so one answered, withdrawn or lapsed meanwhile says
// nothing (renderProposalReminder); its key makes it one per person and
// proposal. It waits out the reader's quiet hours (WaitsOutQuietHours),
// and past the lapse it is of no use.
func proposalReminderNote(p store.Proposal, to string) store.Notification {
	return store.Notification{Key: fmt.Sprintf("%s:%d:to=%s", kindProposalReminder, p.ID, to), Kind: kindProposalReminder,
		RecipientID: to, Ref: strconv.FormatInt(p.ID, 10), DueAt: p.CreatedAt.Add(proposalRemindAfter), ExpiresAt: p.CreatedAt.Add(store.ProposalTTL)}
}

// refProposal is the proposal a notification's Ref names, one of a
// proposal's DMs drawn when it goes; obsolete when there is none.
func (nt *Notifier) refProposal(ctx context.Context, n store.Notification) (store.Proposal, error) {
	id, err := strconv.ParseInt(n.Ref, 10, 64)
	if err != nil {
		return store.Proposal{}, obsolete("bad proposal %q", n.Ref)
	}
	p, err := nt.DB.Proposal(ctx, id)
	if store.ErrorCode(err) == store.ENotFound {
		return store.Proposal{}, obsolete("proposal %d is gone", id)
	}
	return p, err
}

func (nt *Notifier) renderProposalReminder(ctx context.Context, n store.Notification) (reply, error) {
	p, err := nt.refProposal(ctx, n)
	if err != nil {
		return reply{}, err
	}
	id := p.ID
	switch {
	case p.Status != store.ProposalProposed || !p.Has(n.RecipientID):
		return reply{}, obsolete("proposal %d was answered or withdrawn", id)
	case p.OK(n.RecipientID) != 0:
		return reply{}, obsolete("proposal %d: %s answered", id, n.RecipientID)
	case nt.now().Sub(p.CreatedAt) >= store.ProposalTTL:
		return reply{}, obsolete("proposal %d has lapsed", id)
	}
	if err := proposedArePaired(ctx, nt.DB, p); err != nil {
		return reply{}, err
	}
	u, err := nt.person(ctx, n.RecipientID)
	if err != nil {
		return reply{}, err
	}
	role := fmt.Sprintf("<@%s> as your mentor", p.MentorID)
	if p.MentorID == n.RecipientID {
		role = fmt.Sprintf("you as <@%s>'s mentor", p.MenteeID)
	}
	return textReply(":bell: A reminder: a mentoring match, %s, is waiting for your answer. Accept or decline it in my message of %s; "+
		"unless you both accept by %s, it lapses.", role, dateTokenIn(p.CreatedAt, "{date_short_pretty}", nt.zone(u)), proposalDeadline(p, nt.zone(u))), nil
}

var _ scheduler.QuietHoursKinds = (*Notifier)(nil)

// WaitsOutQuietHours implements scheduler.QuietHoursKinds: of the DMs
// the bot queues itself, the lapse of a proposal and the reminders to
// answer it or a round's closing question are news with no hurry. A
// closing reminder an admin asks for at night in its reader's zone waits
// for their morning, and is rendered then (renderClosingReminder).
func (nt *Notifier) WaitsOutQuietHours(kind string) bool {
	return kind == kindProposalLapsed || kind == kindProposalReminder || kind == kindClosingReminder
}

func (nt *Notifier) renderProposalLapsed(ctx context.Context, n store.Notification) (reply, error) {
	p, err := nt.refProposal(ctx, n)
	if err != nil {
		return reply{}, err
	}
	id := p.ID
	if p.Status != store.ProposalProposed || !p.Has(n.RecipientID) {
		return reply{}, obsolete("proposal %d was answered or withdrawn", id)
	}
	if nt.now().Sub(p.CreatedAt) <= store.ProposalTTL {
		return reply{}, obsolete("proposal %d has not lapsed", id)
	}
	if err := proposedArePaired(ctx, nt.DB, p); err != nil {
		return reply{}, err
	}
	text := fmt.Sprintf(":hourglass: The proposed match with <@%s> has lapsed: it wasn't accepted by you both within %d days, so it won't go ahead.",
		p.Other(n.RecipientID), int(store.ProposalTTL.Hours()/24))
	if s, err := nt.DB.Signup(ctx, n.RecipientID); err == nil && s.Status == store.SignupWaiting {
		text += " You're still in the pool, so the next matching round will look for a match for you again."
	}
	return textReply("%s", text), nil
}

// proposalLapsedRecorded follows the lapse notice n, once it is recorded
// as sent, with an edit of the proposal DM it is about, as a decline or a
// leave edits it: its reader may have accepted and would otherwise still
// read that the pair is made as soon as the other accepts too, and the
// Accept and Decline buttons would answer only that it lapsed. Each of
// the two gets their own notice, so each edits their own DM; a notice
// found obsolete (the proposal answered or withdrawn) is never sent, and
// whatever ended the proposal edited the DM.
func (b *Bot) proposalLapsedRecorded(ctx context.Context, n store.Notification) {
	id, err := strconv.ParseInt(n.Ref, 10, 64)
	if err != nil {
		return
	}
	p, err := b.db.Proposal(ctx, id)
	if err != nil {
		b.log.Warn("lapsed proposal: load it", "proposal", n.Ref, "err", err)
		return
	}
	if p.Status != store.ProposalProposed || !p.Has(n.RecipientID) {
		return
	}
	// Paired since the notice was drawn: the pair's own edit says so.
	if err := proposedArePaired(ctx, b.db, p); err != nil {
		if !errors.Is(err, scheduler.ErrObsolete) {
			b.log.Warn("lapsed proposal: are its two a pair", "proposal", p.ID, "err", err)
		}
		return
	}
	_ = b.editDM(ctx, proposalKey(p.ID, n.RecipientID), proposalMessage(p, n.RecipientID, nil, lapsedStatus, nil)) // logged by editDM
}

// proposedArePaired is obsolete when the two of proposal p, still open
// or lapsed, are a live pair, either way round: reminded to answer it, or
// told that it lapsed and they are "still in the pool", they would read
// that they wait for a match they have. Making the pair closes an open
// proposal (closedProposalsTx; migration 31 those older versions left
// open), which its DMs then find answered; this covers one that lapsed
// before the two were paired, whose notice may wait out the reader's
// quiet hours past the pairing.
func proposedArePaired(ctx context.Context, db *store.DB, p store.Proposal) error {
	pairs, err := db.PairsOf(ctx, p.MentorID, false)
	if err != nil {
		return err
	}
	for _, pr := range pairs {
		if pr.Has(p.MenteeID) {
			return obsolete("proposal %d: its two are a pair (%d)", p.ID, pr.ID)
		}
	}
	return nil
}

// lapsedStatus replaces the buttons of a proposal DM once it lapsed.
const lapsedStatus = ":hourglass: _This match lapsed without both answers, so it won't go ahead._"

// proposalDroppedTx queues, in tx, the DM that tells the other person of
// proposal p, other, that it won't go ahead, in the words of rp.
func proposalDroppedTx(ctx context.Context, tx *store.Tx, p store.Proposal, other string, rp reply) error {
	return dmTx(ctx, tx, fmt.Sprintf("proposal-dropped:%d:to=%s", p.ID, other), "match_proposal_dropped", other, 0, rp)
}

// proposalDMsClosed takes the buttons off both proposal DMs of p, which
// actor's change withdrew: the other's says it won't go ahead, actor's
// says so in their own words (own).
func (b *Bot) proposalDMsClosed(ctx context.Context, p store.Proposal, actor, own string) {
	other := p.Other(actor)
	b.updateDM(ctx, proposalKey(p.ID, other), proposalMessage(p, other, nil, wontGoAhead, nil))
	b.updateDM(ctx, proposalKey(p.ID, actor), proposalMessage(p, actor, nil, own, nil))
}

// proposalPairedText replaces the buttons of a proposal DM to to, one of
// pair p, whose making closed the proposal (an admin's /mentor pair, an
// accepted request): which of them mentors the other, as the pair may be
// the other way round from the proposal, and nothing to answer.
func proposalPairedText(p store.Pair, to string) string {
	roles := "you mentor them"
	if p.MentorID != to {
		roles = "they mentor you"
	}
	return fmt.Sprintf(":handshake: You and <@%s> have been paired since (%s), so there is nothing to answer. Your welcome note has the first steps.",
		p.Partner(to), roles)
}

// wontGoAhead replaces the buttons of a proposal DM whose match another
// ended.
const wontGoAhead = "_This match won't go ahead._"

// proposalMessage asks one of a proposed pair to accept or decline, by
// when (proposalDeadline, its fallback in loc, to's zone). With a status,
// the question is answered: the status replaces the buttons, and loc is
// not used.
func proposalMessage(p store.Proposal, to string, cohort *store.Cohort, status string, loc *time.Location) reply {
	other := p.Other(to)
	var text string
	if to == p.MentorID {
		text = fmt.Sprintf(":sparkles: *A mentoring match for you:* you'd be <@%s>'s *mentor*.", other)
	} else {
		text = fmt.Sprintf(":sparkles: *A mentoring match for you:* <@%s> would be your *mentor*.", other)
	}
	blocks := []slack.Block{section(text)}
	reasons, note := match.SplitReasons(p.Reasons)
	if reasons != "" {
		blocks = append(blocks, section("*Why you two:* "+readerReasons(reasons, p, to)))
	}
	if note != "" {
		blocks = append(blocks, contextText("Note: "+noteText(note, p, to)))
	}
	if cohort != nil {
		blocks = append(blocks, contextText(fmt.Sprintf("Part of the programme round *%s*, until %s.", roundName(cohort.Name), datetext.LongDay(cohort.EndsOn))))
	}
	if status != "" {
		blocks = append(blocks, section(status))
		return reply{Text: text, Blocks: blocks}
	}
	id := strconv.FormatInt(p.ID, 10)
	blocks = append(blocks,
		contextText(fmt.Sprintf("The pair is made only if you both accept, by %s; after that the match lapses. "+
			"Declining is fine: nobody is told why, and you won't be proposed together again.", proposalDeadline(p, loc))),
		slack.NewActionBlock("proposal_"+id,
			button(actionProposalAccept, id, "Accept", slack.StylePrimary),
			button(actionProposalDecline, id, "Decline", "")))
	return reply{Text: text, Blocks: blocks}
}

func (b *Bot) actAnswerProposal(accept bool) actionHandler {
	return func(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
		id, err := strconv.ParseInt(act.Value, 10, 64)
		if err != nil {
			return actionReply{}, sayf("That button has expired.")
		}
		// The answer, the pair it makes and the DMs that tell of them are
		// stored in one commit: told after it, a failed DM would leave the
		// match made, declined or withdrawn with nobody told, and the one
		// who pressed told that nothing changed, whose second press finds
		// it answered.
		var w welcomeReads
		if accept {
			// What the welcome of a pair it makes reads, read before the
			// commit; not found here, the proposal is refused there (or
			// introsTx reads it there).
			if pr, err := b.db.Proposal(r.ctx, id); err == nil {
				w = b.readWelcome(r, pr.MentorID, pr.MenteeID)
			}
		}
		var a store.ProposalAnswer
		err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
			var err error
			if a, err = store.AnswerProposalTx(r.ctx, tx, r.user.ID, id, accept, b.cfg.DefaultTZ); err != nil {
				return err
			}
			return b.tellProposalAnswerTx(r, tx, a, accept, w)
		})
		if err != nil {
			return actionReply{}, err
		}
		b.sched.Kick()
		p, other := a.Proposal, a.Proposal.Other(r.user.ID)
		var cohort *store.Cohort
		if a.Cohort.ID != 0 {
			cohort = &a.Cohort
		}
		var (
			mine  string
			after func(context.Context)
		)
		switch {
		case a.Withdrawn:
			mine = withdrawnText(p, r.user.ID, a.MenteesMentor, true)
			b.updateDM(r.ctx, proposalKey(p.ID, other), proposalMessage(p, other, nil, wontGoAhead, nil))
			mine += fmt.Sprintf(" I've withdrawn it and let <@%s> know.", other)
		case a.Paired:
			b.pairChanged(r.ctx, a.Pair.ID)
			mine = fmt.Sprintf(":tada: You both accepted — you and <@%s> are now a pair. I've sent you both a welcome note with first steps.", other)
			b.updateDM(r.ctx, proposalKey(p.ID, other), proposalMessage(p, other, cohort, acceptedTooText(r.user.ID), nil))
		case accept:
			mine = fmt.Sprintf(":white_check_mark: You accepted. I'll make the pair as soon as <@%s> accepts too.", other)
			// When the other accepted at about the same time, their
			// update of this DM may have come before this answer
			// replaced it: once it has, look again.
			me := r.user.ID
			after = func(ctx context.Context) {
				pairs, err := b.db.PairsOf(ctx, me, false)
				if err != nil {
					b.log.Warn("proposal: look for the pair", "proposal", p.ID, "err", err)
					return
				}
				for _, pp := range pairs {
					// Made from this proposal: the other way round,
					// the two were paired outside it.
					if pp.MentorID == p.MentorID && pp.MenteeID == p.MenteeID {
						b.updateDMNow(ctx, proposalKey(p.ID, me), proposalMessage(p, me, cohort, acceptedTooText(other), nil))
						return
					}
				}
			}
		default:
			mine = fmt.Sprintf("You declined this match. No problem — you're back in the pool for the next round, and you won't be proposed with <@%s> again.", other)
			b.updateDM(r.ctx, proposalKey(p.ID, other), proposalMessage(p, other, nil, wontGoAhead, nil))
		}
		b.refreshHome(r.ctx, p.MentorID, p.MenteeID)
		rp := proposalMessage(p, r.user.ID, cohort, mine, nil)
		return actionReply{Replace: &rp, After: after}, nil
	}
}

// tellProposalAnswerTx queues, in the commit of answer a that r's user
// gave, the DMs that tell of it: to the other, that a match declined or
// withdrawn won't go ahead; to both of a pair made, the welcome; to its
// mentor, when it takes them past the mentees they offered to take. w is
// what the welcome reads, read before the commit (introsTx).
func (b *Bot) tellProposalAnswerTx(r *request, tx *store.Tx, a store.ProposalAnswer, accept bool, w welcomeReads) error {
	p, other := a.Proposal, a.Proposal.Other(r.user.ID)
	switch {
	case a.Withdrawn:
		note := withdrawnText(p, other, a.MenteesMentor, false)
		if a.OtherWaiting {
			note += " You're still in the pool, so the next matching round will look for someone else for you."
		}
		return proposalDroppedTx(r.ctx, tx, p, other, textReply("%s", note))
	case a.Paired:
		if err := b.introsTx(r, tx, a.Pair, b.agreedCadence(r, a.Pair), w); err != nil {
			return err
		}
		// A DM of its own: an edit of the proposal DM may fail, or be
		// redrawn by the mentor's own answer racing this one.
		if note := overCapacityNote(p.MenteeID, a.MentorLoad, a.MentorCapacity); note != "" {
			key := fmt.Sprintf("over-capacity:proposal=%d:to=%s", p.ID, p.MentorID)
			return dmTx(r.ctx, tx, key, "match_over_capacity", p.MentorID, 0, textReply("%s", note))
		}
	case !accept:
		note := fmt.Sprintf("The proposed match with <@%s> won't go ahead this time. You're back in the pool, and the next matching round will look for someone else for you.", r.user.ID)
		return dmTx(r.ctx, tx, fmt.Sprintf("proposal-declined:%d:to=%s", p.ID, other), "match_proposal_declined", other, 0, textReply("%s", note))
	}
	return nil
}

// withdrawnText tells to why proposal p was withdrawn when accepted: its
// mentee has been paired with mentor since (outside matching). Only the
// mentee reads who their mentor is. The one who pressed Accept reads it
// in the proposal DM itself (mine), the other in a DM of its own.
func withdrawnText(p store.Proposal, to, mentor string, mine bool) string {
	head := fmt.Sprintf("Your proposed match with <@%s> won't go ahead", p.Other(to))
	if mine {
		head = "This match won't go ahead"
	}
	switch {
	case mentor == p.MentorID:
		return head + ": you two have been paired since it was proposed."
	case to == p.MenteeID:
		return fmt.Sprintf("%s: you've been paired with <@%s> as your mentor since it was proposed, and matching finds one mentor for each mentee.", head, mentor)
	}
	return head + ": they've been paired with a mentor since it was proposed."
}

// agreedCadence is how often a matched pair said they would like to meet:
// the mentee's choice, whose needs set the pace, else the mentor's; zero
// when neither signed up with one. The mentor's choice, when it differs,
// goes with it: the welcome must not say they chose the same. It is only
// a suggestion: a sign-up that cannot be read leaves the usual one.
func (b *Bot) agreedCadence(r *request, p store.Pair) pace {
	var pc pace
	for _, u := range []string{p.MenteeID, p.MentorID} {
		s, err := b.db.Signup(r.ctx, u)
		if err != nil && store.ErrorCode(err) != store.ENotFound {
			b.log.Warn("read a sign-up for the welcome", "user", u, "err", err)
		}
		switch {
		case err != nil || s.Cadence == "":
		case pc.cadence == "":
			pc = pace{cadence: s.Cadence, chooser: u}
		case s.Cadence != pc.cadence:
			pc.other = s.Cadence
		}
	}
	return pc
}

// overCapacityNote tells a mentor whose new pair takes them past the
// mentees they offered to take (most likely an admin paired them while
// the proposal waited for answers); "" when within it. The pair stands:
// they and the mentee both accepted it.
func overCapacityNote(mentee string, load, capacity int) string {
	if capacity == 0 || load <= capacity {
		return ""
	}
	return fmt.Sprintf("With <@%s>, you now mentor %d mentees, more than the %d you offered to take when you signed up. "+
		"If that's too many, talk to a programme admin; `/mentor end @partner` ends a pair.", mentee, load, capacity)
}

// acceptedTooText is the status of a proposal DM once the pair is made by
// the other's acceptance.
func acceptedTooText(other string) string {
	return fmt.Sprintf(":tada: <@%s> accepted too — you're now a pair. Your welcome note has the first steps.", other)
}
