package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/bidi"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// Programme rounds (cohorts): /mentor cohort shows the current one;
// admins start one with an end date and close it in two steps: `end` asks
// every pair whether it wants to continue (after a button that confirms
// it, before the end date: from then on new pairs don't join the round),
// `end now` ends the round and, with it, every pair where not both chose
// to continue (after a button that confirms it, when a pair has not
// chosen to end). A mid-point check
// and a reminder when the end date passes are for the scheduler to add.

const cohortUsage = "Usage: `/mentor cohort` shows the current round; admins: `/mentor cohort start NAME --until YYYY-MM-DD`, " +
	"`/mentor cohort end` (asks each pair whether to continue; run again, it reminds those who haven't answered) and `/mentor cohort end now` (closes the round)."

func (b *Bot) cmdCohort(r *request, args string) (reply, error) {
	verb, rest := splitWord(args)
	switch strings.ToLower(verb) {
	case "":
		return b.cohortShow(r)
	case "start":
		if !r.admin {
			return textReply("Only programme admins can start a round. `/mentor cohort` shows the current one."), nil
		}
		return b.cohortStart(r, rest)
	case "end":
		if !r.admin {
			return textReply("Only programme admins can end a round. `/mentor cohort` shows the current one."), nil
		}
		switch strings.ToLower(strings.TrimSpace(rest)) {
		case "":
			return b.cohortAsk(r, false)
		case "now":
			return b.cohortEndNow(r)
		}
	}
	return textReply(cohortUsage), nil
}

func (b *Bot) cohortStart(r *request, args string) (reply, error) {
	// The name is plain text, shown in messages and proposals: a mention
	// or a channel typed in it is kept as it reads ("@alice", "#go").
	text := unescapeSlack(readable(args))
	// Phones and some keyboards turn "--" into a dash.
	for _, dash := range []string{"—until", "–until", "−until"} {
		text = strings.ReplaceAll(text, dash, "--until")
	}
	i := strings.Index(strings.ToLower(text), "--until")
	if i < 0 {
		return textReply("Usage: `/mentor cohort start NAME --until DATE`, e.g. `/mentor cohort start Spring 2027 --until 2027-06-30`."), nil
	}
	name, when := strings.TrimSpace(text[:i]), text[i+len("--until"):]
	// "--until=DATE", as many command-line tools write it.
	when = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(when), "="))
	if name == "" || when == "" {
		return textReply("Usage: `/mentor cohort start NAME --until DATE`, e.g. `/mentor cohort start Spring 2027 --until 2027-06-30`."), nil
	}
	// A round still running, or a name used before, is said first: told
	// only that the date is wrong, the admin would fix it to hear next
	// that they can't start a round yet, or not under that name.
	// StartCohortTx checks both again in its commit.
	if err := b.db.CohortStartConflict(r.ctx, name); err != nil {
		return reply{}, err
	}
	// So is a name no round may take (a formatting character, too long),
	// with the store's own check, which StartCohortTx makes again.
	if err := store.CheckCohortName(name); err != nil {
		return reply{}, err
	}
	// A round ends after the day it starts.
	end, err := datetext.ParseLaterDate(when, r.now, r.loc)
	if err != nil {
		return reply{}, err
	}
	today := datetext.DateOf(r.now.In(r.loc))
	// A round of a few days leaves its pairs no time to meet, and its
	// end-date reminder and closing question would come on the heels of
	// its start (most likely the date is a typo, or a test).
	if earliest := datetext.DateOf(today.In(time.UTC).AddDate(0, 0, minRoundDays)); end.Before(earliest) {
		return textReply("A round ends at least %d days after it starts, time for its pairs to meet and then to say whether they'd like to continue: "+
			"pick an end date on or after %s (you gave %s).",
			minRoundDays, datetext.LongDay(earliest.String()), datetext.LongDay(end.String())), nil
	}
	// A programme round runs for months: an end date years off is most
	// likely a typo (2035 for 2025), and would keep every pair in the
	// round, and the name, until then.
	if latest := datetext.DateOf(today.In(time.UTC).AddDate(maxRoundYears, 0, 0)); latest.Before(end) {
		return textReply("A round can run for at most %d years: pick an end date on or before %s (you gave %s).",
			maxRoundYears, datetext.LongDay(latest.String()), datetext.LongDay(end.String())), nil
	}
	// On its last day every programme admin hears that it is time to
	// close it (any of them may, and the one who started it may be
	// away), at 9:00 in their own zone; rendered then, so a round closed
	// sooner says nothing. The reminders are stored in the round's
	// commit: stored after it, a failure would leave the round started
	// with no reminder, and the admin told that nothing changed, whose
	// second try finds it running.
	admins, err := b.roundAdmins(r)
	if err != nil {
		return reply{}, err
	}
	var c store.Cohort
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if c, err = store.StartCohortTx(r.ctx, tx, r.user.ID, name, today.String(), end.String(), r.loc.String()); err != nil {
			return err
		}
		for _, a := range admins {
			due := time.Date(end.Year, end.Month, end.Day, 9, 0, 0, 0, a.loc)
			if _, err := store.EnqueueTx(r.ctx, tx, store.Notification{Key: fmt.Sprintf("%s:round=%d:to=%s", kindCohortDue, c.ID, a.id), Kind: kindCohortDue,
				RecipientID: a.id, Ref: strconv.FormatInt(c.ID, 10), DueAt: due, ExpiresAt: due.AddDate(0, 0, 7)}); err != nil {
				return fmt.Errorf("queue the end-of-round reminder: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	return textReply(":seedling: Started the round *%s*, from today, %s, until %s. Pairs made from matching proposals from now on belong to it, until its end date or until `/mentor cohort end` asks its pairs whether to continue.\n"+
		"Next: `/mentor match` to propose pairs; when the round is over, `/mentor cohort end` asks each pair whether it wants to continue.",
		roundName(c.Name), datetext.LongDay(c.StartsOn), datetext.LongDay(c.EndsOn)), nil
}

// maxRoundYears is how long a programme round may run at most.
const maxRoundYears = 2

// minRoundDays is how many days after its start a programme round ends
// at the earliest: a week, so a round started on a Monday may end on the
// next Monday (it runs through its end date, eight days in all), not on
// the Sunday before.
const minRoundDays = 7

// roundAdmin is a programme admin to remind of a round's end date, and
// their zone.
type roundAdmin struct {
	id  string
	loc *time.Location
}

// roundAdmins are the programme admins (programmeAdmins: MENTORBOT_ADMINS
// and the workspace admins the bot knows of), with r's user first: they
// started the round.
func (b *Bot) roundAdmins(r *request) ([]roundAdmin, error) {
	ids, err := b.programmeAdmins(r.ctx)
	if err != nil {
		return nil, err
	}
	out := []roundAdmin{{id: r.user.ID, loc: r.loc}}
	for _, id := range ids {
		if id == r.user.ID {
			continue
		}
		// An admin named in MENTORBOT_ADMINS whom the bot has not met yet
		// is looked up, so that their reminder comes at 9:00 in their
		// zone, not the default one; only when Slack cannot say is it the
		// default zone's.
		u, err := b.slack.Profile(r.ctx, id)
		switch {
		case isUnknownUser(err):
			continue // nobody in this workspace: no one to remind
		case err != nil:
			b.log.Warn("round reminder: admin's profile", "user", id, "err", err)
			u = store.User{ID: id}
		case u.Deleted || u.IsBot:
			continue
		}
		out = append(out, roundAdmin{id: id, loc: b.loc(u)})
	}
	return out, nil
}

// currentRound is the programme round running now and its state;
// ENotFound when none is.
func (b *Bot) currentRound(ctx context.Context) (store.Cohort, store.CohortState, error) {
	c, err := b.db.CurrentCohort(ctx)
	if err != nil {
		return store.Cohort{}, store.CohortState{}, err
	}
	st, err := b.db.CohortStatus(ctx, c.ID)
	return c, st, err
}

func (b *Bot) cohortShow(r *request) (reply, error) {
	c, st, err := b.currentRound(r.ctx)
	if store.ErrorCode(err) == store.ENotFound {
		text := "No programme round is running."
		if r.admin {
			text += " Start one with `/mentor cohort start Spring 2027 --until 2027-06-30`."
		}
		return reply{Text: text}, nil
	}
	if err != nil {
		return reply{}, err
	}
	lines := []string{fmt.Sprintf(":seedling: The current round is *%s*, from %s until %s.", roundName(c.Name), datetext.LongDay(c.StartsOn), datetext.LongDay(c.EndsOn))}
	over := c.Over(r.now, b.cfg.DefaultTZ)
	if over {
		lines[0] += " Its end date has passed."
	}
	if r.admin {
		line := fmt.Sprintf("Pairs: %d active", len(st.Live))
		if st.Ended > 0 {
			line += fmt.Sprintf(", %d ended", st.Ended)
		}
		lines = append(lines, line+".")
		if c.Asked {
			cont, end, open := st.Tally()
			lines = append(lines, fmt.Sprintf("Closing answers: %d %s to continue, %d to end, %d not decided yet. `/mentor cohort end now` closes the round: pairs where both chose to continue carry on, the others end together.",
				cont, matchPlural(cont, "pair chose", "pairs chose"), end, open))
			// By name, so that the admin can chase them: a pair that
			// never answers ends with the round.
			if und := undecided(st); len(und) > 0 {
				lines = append(lines, "*Not decided yet* (`/mentor cohort end` again reminds them):")
				for _, u := range und {
					lines = append(lines, "• "+u.line)
				}
			}
		} else if over {
			lines = append(lines, "`/mentor cohort end` asks each pair whether it wants to continue.")
		} else {
			lines = append(lines, "When the round is over, `/mentor cohort end` asks each pair whether it wants to continue.")
		}
	} else {
		for _, p := range st.Live {
			if p.Has(r.user.ID) {
				lines = append(lines, fmt.Sprintf("Your pair with <@%s> is part of this round.", p.Partner(r.user.ID)))
			}
		}
	}
	return reply{Text: strings.Join(lines, "\n")}, nil
}

// kindCohortDue is the DM to each programme admin, on a round's last day,
// that it is time to close it.
const kindCohortDue = "round_due"

func (nt *Notifier) renderCohortDue(ctx context.Context, n store.Notification) (reply, error) {
	c, err := nt.DB.CurrentCohort(ctx)
	if store.ErrorCode(err) == store.ENotFound {
		return reply{}, obsolete("round %s is over", n.Ref)
	}
	if err != nil {
		return reply{}, err
	}
	if strconv.FormatInt(c.ID, 10) != n.Ref || c.Asked {
		return reply{}, obsolete("round %s is over or being closed", n.Ref)
	}
	by := ""
	if c.CreatedBy != "" && c.CreatedBy != n.RecipientID {
		by = fmt.Sprintf(" (started by <@%s>)", c.CreatedBy)
	}
	return textReply(":hourglass_flowing_sand: The round *%s*%s reaches its end date today (%s). "+
		"`/mentor cohort end` asks each of its pairs whether it wants to continue; `/mentor cohort` shows where it stands. "+
		"Pairs made after today don't join it.", roundName(c.Name), by, datetext.LongDay(c.EndsOn)), nil
}

// cohortAsk sends the closing question to the pairs that have not had it.
// Before the round's end date it asks the admin first (unless confirmed):
// from the question on, new pairs no longer join the round, and it cannot
// be taken back.
func (b *Bot) cohortAsk(r *request, confirmed bool) (reply, error) {
	c, st, err := b.currentRound(r.ctx)
	if err != nil {
		return reply{}, err
	}
	today := c.Today(r.now, b.cfg.DefaultTZ)
	early := today < c.EndsOn
	if len(st.Live) == 0 {
		if !early {
			return b.cohortEnd(r, c, st)
		}
		// `end` only asks; closing a running round, whose name is then
		// taken for good, is for `end now` to do.
		return textReply("The round *%s* (until %s) has no active pairs to ask whether they'd like to continue. "+
			"Pairs made from matching proposals join it until its end date; `/mentor cohort end now` closes it now.",
			roundName(c.Name), datetext.LongDay(c.EndsOn)), nil
	}
	if early && !c.Asked && !confirmed {
		n := len(st.Live)
		days := daysBetween(today, c.EndsOn)
		text := fmt.Sprintf("The round *%s* runs until %s, %d %s from now. Asking %s now whether they'd like to continue starts closing it early: "+
			"the question can't be taken back, and pairs made from then on don't join the round.",
			roundName(c.Name), datetext.LongDay(c.EndsOn), days, matchPlural(days, "day", "days"), matchPlural(n, "its pair", fmt.Sprintf("its %d pairs", n)))
		ask := button(actionCohortAsk, strconv.FormatInt(c.ID, 10), fmt.Sprintf("Ask %s now", matchPlural(n, "the pair", fmt.Sprintf("the %d pairs", n))), slack.StylePrimary)
		return reply{Text: text, Blocks: []slack.Block{section(text), slack.NewActionBlock("cohort_ask", ask)}}, nil
	}
	pairOf := map[[2]string]int64{}
	for _, p := range st.Live {
		pairOf[[2]string{p.MentorID, p.MenteeID}] = p.ID
	}
	// The questions are sent in the commit that records them: sent after
	// it, a failed DM would leave the pairs asked, nobody asked, and the
	// admin told that nothing changed, whose second try finds every pair
	// asked already.
	var asked []store.Proposal
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if asked, err = store.AskCohortCloseTx(r.ctx, tx, r.user.ID, c.ID); err != nil {
			return err
		}
		for _, q := range asked {
			for _, to := range []string{q.MentorID, q.MenteeID} {
				if err := dmTx(r.ctx, tx, closingKey(q.ID, to), "cohort_closing", to, pairOf[[2]string{q.MentorID, q.MenteeID}], closingMessage(q, to, c, "")); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	if len(asked) > 0 {
		n := len(asked)
		return textReply(":hourglass_flowing_sand: I've asked %s of *%s* whether they'd like to continue after the round. `/mentor cohort` shows their answers.\n"+
			"When you're ready, `/mentor cohort end now` closes the round: pairs where both chose to continue carry on; the others end together.",
			matchPlural(n, "the pair", fmt.Sprintf("the %d pairs", n)), roundName(c.Name)), nil
	}
	cont, end, open := st.Tally()
	text := fmt.Sprintf("Every pair of *%s* has been asked already: %d %s to continue, %d to end, %d not decided yet. `/mentor cohort end now` closes the round.",
		roundName(c.Name), cont, matchPlural(cont, "pair chose", "pairs chose"), end, open)
	reminded, pairs, err := b.remindClosing(r, c, st, pairOf)
	if err != nil {
		return reply{}, err
	}
	if len(reminded) > 0 {
		// "their pair" for the two of one pair; "each pair" would read as
		// several.
		// A reminder waits out its reader's night: the admin should
		// not expect them to have read it yet.
		text += fmt.Sprintf("\nI've reminded %s, who %s answered yet, that %s with the round unless both choose to continue; they'll get it in their daytime.",
			mentionsAnd(reminded), matchPlural(len(reminded), "hasn't", "haven't"), matchPlural(pairs, "their pair ends", "each pair ends"))
	} else if open > 0 {
		text += "\nEveryone not decided yet has had a reminder in the last 20 hours already."
	}
	return textReply("%s", text), nil
}

// undecidedPair is a live pair of a round asked to close that has not
// decided: neither chose to end, and not both chose to continue.
type undecidedPair struct {
	question store.Proposal
	// waiting are those of the two who have not answered.
	waiting []string
	line    string // for the admin: who, and who has not answered
}

// undecided lists the pairs of st that have not decided, in the order of
// its pairs.
func undecided(st store.CohortState) []undecidedPair {
	var out []undecidedPair
	for _, p := range st.Live {
		q, ok := st.Closing[p.ID]
		if !ok || q.Status != store.ProposalProposed {
			continue
		}
		u := undecidedPair{question: q}
		for _, m := range []string{q.MentorID, q.MenteeID} {
			if q.OK(m) == 0 {
				u.waiting = append(u.waiting, m)
			}
		}
		u.line = fmt.Sprintf("<@%s> mentoring <@%s>: ", q.MentorID, q.MenteeID)
		if len(u.waiting) == 2 {
			u.line += "neither has answered"
		} else if len(u.waiting) == 1 {
			u.line += fmt.Sprintf("<@%s> chose to continue; <@%s> hasn't answered", q.Other(u.waiting[0]), u.waiting[0])
		}
		out = append(out, u)
	}
	return out
}

// kindClosingReminder is the DM that reminds someone who has not answered
// a round's closing question: it waits out their quiet hours
// (WaitsOutQuietHours).
const kindClosingReminder = "cohort_closing_reminder"

// remindClosing reminds, once a day, each member of the undecided pairs
// of round c who has not answered its closing question: it is asked once,
// and a pair that never answers ends with the round. It returns who was
// reminded now, and of how many pairs.
func (b *Bot) remindClosing(r *request, c store.Cohort, st store.CohortState, pairOf map[[2]string]int64) (reminded []string, pairs int, err error) {
	und := undecided(st)
	if len(und) == 0 {
		return nil, 0, nil
	}
	// At most one in 20 hours, whoever asks: a key by day alone, any
	// admin's or UTC's, would remind twice when asked either side of
	// that day's midnight.
	today := datetext.DateOf(r.now.UTC()).String()
	err = b.db.InTx(r.ctx, func(tx *store.Tx) error {
		reminded, pairs = nil, 0
		for _, u := range und {
			q := u.question
			before := len(reminded)
			for _, to := range u.waiting {
				prefix := fmt.Sprintf("cohort-close-reminder:%d:to=%s:", q.ID, to)
				if recent, err := store.QueuedSinceTx(r.ctx, tx, prefix, tx.Now.Add(-20*time.Hour)); err != nil {
					return err
				} else if recent {
					continue
				}
				// Rendered when it goes (renderClosingReminder): it may
				// wait out the reader's night, and by then they may have
				// answered or the round closed.
				n := store.Notification{Key: prefix + "on=" + today, Kind: kindClosingReminder, RecipientID: to,
					PairID: pairOf[[2]string{q.MentorID, q.MenteeID}], Ref: strconv.FormatInt(q.ID, 10),
					DueAt: tx.Now, ExpiresAt: tx.Now.AddDate(0, 0, 7)}
				added, err := store.EnqueueTx(r.ctx, tx, n)
				if err != nil {
					return fmt.Errorf("queue a closing reminder: %w", err)
				}
				if added {
					reminded = append(reminded, to)
				}
			}
			if len(reminded) > before {
				pairs++
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	b.sched.Kick()
	return reminded, pairs, nil
}

// renderClosingReminder is the reminder to answer closing question
// n.Ref, as it stands when it goes: obsolete once its reader answered,
// the question is decided, or the round is no longer active.
func (nt *Notifier) renderClosingReminder(ctx context.Context, n store.Notification) (reply, error) {
	id, err := strconv.ParseInt(n.Ref, 10, 64)
	if err != nil {
		return reply{}, obsolete("bad closing question %q", n.Ref)
	}
	a, err := nt.DB.ClosingQuestion(ctx, id)
	if store.ErrorCode(err) == store.ENotFound {
		return reply{}, obsolete("closing question %d is gone", id)
	}
	if err != nil {
		return reply{}, err
	}
	q, c, to := a.Question, a.Cohort, n.RecipientID
	switch {
	case c.Status != store.CohortActive:
		return reply{}, obsolete("round %d has closed", c.ID)
	case q.Status != store.ProposalProposed || !q.Has(to):
		return reply{}, obsolete("closing question %d is decided", id)
	case q.OK(to) != 0:
		return reply{}, obsolete("closing question %d: %s answered", id, to)
	}
	return textReply(":bell: A reminder: the programme round *%s* (until %s) is closing. Would you like to keep mentoring together with <@%s> after it? "+
		"Choose *Continue* or *End with the round* in my earlier message. Your pair carries on only if you both choose *Continue*; otherwise it ends together with the round.",
		roundName(c.Name), datetext.LongDay(c.EndsOn), q.Other(to)), nil
}

// cohortEndNow closes the round at once when that ends no pair that has
// not chosen to end; otherwise it asks the admin to confirm first, since
// ending pairs cannot be undone.
func (b *Bot) cohortEndNow(r *request) (reply, error) {
	c, st, err := b.currentRound(r.ctx)
	if err != nil {
		return reply{}, err
	}
	cont, ending, open := st.Tally()
	if open == 0 {
		return b.cohortEnd(r, c, st)
	}
	// The count is every pair that ends, as on the button: those where
	// someone chose to end as well as those that have not decided.
	n := open + ending
	var text string
	if c.Asked {
		text = fmt.Sprintf("Closing *%s* now ends %d %s where not both chose to continue: %d %s to continue, %d to end, %d not decided yet.",
			roundName(c.Name), n, matchPlural(n, "pair", "pairs"), cont, matchPlural(cont, "pair chose", "pairs chose"), ending, open)
	} else {
		text = fmt.Sprintf("Closing *%s* now ends %s: they haven't been asked yet whether they'd like to continue. `/mentor cohort end` asks each pair.",
			roundName(c.Name), matchPlural(n, "its pair", fmt.Sprintf("all %d of its pairs", n)))
	}
	confirm := button(actionCohortClose, strconv.FormatInt(c.ID, 10), fmt.Sprintf("Close and end %d %s", n, matchPlural(n, "pair", "pairs")), slack.StyleDanger)
	return reply{Text: text, Blocks: []slack.Block{section(text), slack.NewActionBlock("cohort_close", confirm)}}, nil
}

// daysBetween is how many days from, a date, comes before to; 0 when
// either is not a date.
func daysBetween(from, to string) int {
	a, errA := datetext.ParseISODate(from)
	z, errZ := datetext.ParseISODate(to)
	if errA != nil || errZ != nil {
		return 0
	}
	return int(z.In(time.UTC).Sub(a.In(time.UTC)).Hours() / 24)
}

// pressedRound is the current round, for an admin's button about the
// round whose ID its value holds: refused to anyone else, and said to be
// closed when that round is no longer the current one.
func (b *Bot) pressedRound(r *request, act *slack.BlockAction) (store.Cohort, store.CohortState, error) {
	if !r.admin {
		return store.Cohort{}, store.CohortState{}, sayf("Only programme admins can end a round.")
	}
	c, st, err := b.currentRound(r.ctx)
	if store.ErrorCode(err) == store.ENotFound || (err == nil && strconv.FormatInt(c.ID, 10) != act.Value) {
		return store.Cohort{}, store.CohortState{}, sayf("That round has already closed. `/mentor cohort` shows the current one.")
	}
	return c, st, err
}

// actAskCohort is the admin's confirmation of `/mentor cohort end` before
// the round's end date.
func (b *Bot) actAskCohort(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	c, st, err := b.pressedRound(r, act)
	if err != nil {
		return actionReply{}, err
	}
	// Pressed again (a double click, another admin's copy): the pairs
	// were asked seconds ago, and cohortAsk would now remind them.
	// Reminding is for `/mentor cohort end`, typed on purpose.
	if c.Asked {
		cont, end, open := st.Tally()
		rp := textReply("The pairs of *%s* have already been asked whether they'd like to continue: %d %s to continue, %d to end, %d not decided yet. "+
			"`/mentor cohort` shows their answers; `/mentor cohort end now` closes the round.",
			roundName(c.Name), cont, matchPlural(cont, "pair chose", "pairs chose"), end, open)
		return actionReply{Replace: &rp}, nil
	}
	rp, err := b.cohortAsk(r, true)
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

// actCloseCohort is the admin's confirmation of `/mentor cohort end now`.
func (b *Bot) actCloseCohort(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	c, st, err := b.pressedRound(r, act)
	if err != nil {
		return actionReply{}, err
	}
	rp, err := b.cohortEnd(r, c, st)
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

// cohortEnd closes round c, whose state was before, and tells every member
// of its pairs.
func (b *Bot) cohortEnd(r *request, c store.Cohort, before store.CohortState) (reply, error) {
	// Everyone is told in the commit that closes the round: told after
	// it, a failed DM would leave the round closed and its pairs ended,
	// nobody told, and the admin told that nothing changed, whose second
	// try finds no round running. The DMs are queued after the end, which
	// cancels the ended pairs' pending DMs.
	var e store.CohortEnd
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		var err error
		if e, err = store.EndCohortTx(r.ctx, tx, r.user.ID, c.ID); err != nil {
			return err
		}
		name := roundName(e.Cohort.Name)
		for _, p := range e.Ended {
			for _, to := range []string{p.MentorID, p.MenteeID} {
				// Someone still signed up (a mentor with places left, or
				// with a proposal open) is not asked to sign up again.
				waiting, err := store.SignupWaitingTx(r.ctx, tx, to)
				if err != nil {
					return err
				}
				again := "Want to take part again? `/mentor join` signs you up for the next round."
				if waiting {
					again = "You're still signed up for matching, so the next matching round will look for a match for you."
				}
				note := textReply(":checkered_flag: The programme round *%s* has closed, and with it your mentoring pair with <@%s>; %s. Thank you for the time you gave each other! %s",
					name, p.Partner(to), keptAfterEnd(p, to), again)
				if err := dmTx(r.ctx, tx, fmt.Sprintf("cohort-ended:%d:pair=%d:to=%s", e.Cohort.ID, p.ID, to), "cohort_ended", to, p.ID, note); err != nil {
					return err
				}
			}
		}
		for _, p := range e.Continuing {
			for _, to := range []string{p.MentorID, p.MenteeID} {
				note := textReply(":handshake: The programme round *%s* has closed. You both chose to continue, so your pair with <@%s> carries on as before.", name, p.Partner(to))
				if err := dmTx(r.ctx, tx, fmt.Sprintf("cohort-ended:%d:pair=%d:to=%s", e.Cohort.ID, p.ID, to), "cohort_ended", to, p.ID, note); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	c = e.Cohort
	name := roundName(c.Name)
	for _, p := range e.Ended {
		b.meetingsChanged(r.ctx, p.ID, r.pressed)
	}
	// The closing questions are answered for good: take their buttons away.
	for _, q := range before.Closing {
		for _, to := range []string{q.MentorID, q.MenteeID} {
			b.updateDM(r.ctx, closingKey(q.ID, to), closingMessage(q, to, c, "_The round has closed._"))
		}
	}
	if len(e.Ended)+len(e.Continuing) == 0 {
		return textReply(":checkered_flag: Closed the round *%s*. It had no active pairs.", name), nil
	}
	var done []string
	if n := len(e.Ended); n > 0 {
		done = append(done, fmt.Sprintf("%d %s ended", n, matchPlural(n, "pair", "pairs")))
	}
	if n := len(e.Continuing); n > 0 {
		done = append(done, fmt.Sprintf("%d %s on (both chose to continue)", n, matchPlural(n, "pair carries", "pairs carry")))
	}
	return textReply(":checkered_flag: Closed the round *%s*: %s. I've told everyone.", name, strings.Join(done, ", ")), nil
}

func closingKey(id int64, to string) string { return fmt.Sprintf("cohort-close:%d:to=%s", id, to) }

// closingMessage asks one member of a pair whether to continue after the
// round. The buttons stay until the round closes, so people can change
// their mind; status, when set, says what they chose.
func closingMessage(q store.Proposal, to string, c store.Cohort, status string) reply {
	// Asked before or after its end date: the wording suits both.
	text := fmt.Sprintf(":hourglass_flowing_sand: The programme round *%s* (until %s) is closing. Would you like to keep mentoring together with <@%s> after it?",
		roundName(c.Name), datetext.LongDay(c.EndsOn), q.Other(to))
	blocks := []slack.Block{section(text),
		contextText("Your pair carries on only if you both choose *Continue*; otherwise it ends together with the round. You can change your mind until the round closes.")}
	if status != "" {
		blocks = append(blocks, section(status))
	}
	if c.Status == store.CohortActive {
		id := strconv.FormatInt(q.ID, 10)
		blocks = append(blocks, slack.NewActionBlock("cohort_close_"+id,
			button(actionCohortContinue, id, "Continue", slack.StylePrimary),
			button(actionCohortEnd, id, "End with the round", "")))
	}
	return reply{Text: text, Blocks: blocks}
}

// closingStatus says what to chose in answer to closing question q, and
// what follows for their pair; "" before they answered. Whether the other
// chose to end is theirs to tell: it shows only as the pair not carrying
// on.
func closingStatus(q store.Proposal, to string) string {
	other := q.Other(to)
	switch {
	case q.Status == store.ProposalAccepted:
		return fmt.Sprintf(":handshake: You both chose to continue — your pair with <@%s> carries on after the round closes.", other)
	case q.OK(to) > 0:
		return fmt.Sprintf(":white_check_mark: You chose to continue. Your pair carries on only if <@%s> chooses to continue too.", other)
	case q.OK(to) < 0:
		return fmt.Sprintf("You chose to end. Your pair with <@%s> ends when the round closes — thank you for taking part! Changed your mind? Press *Continue*.", other)
	}
	return ""
}

func (b *Bot) actAnswerClosing(cont bool) actionHandler {
	return func(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
		id, err := strconv.ParseInt(act.Value, 10, 64)
		if err != nil {
			return actionReply{}, sayf("That button has expired.")
		}
		a, err := b.db.AnswerClosing(r.ctx, r.user.ID, id, cont)
		if err != nil {
			return actionReply{}, err
		}
		q, other, me := a.Question, a.Question.Other(r.user.ID), r.user.ID
		// Both chose to continue, or no longer both: the other's DM told
		// them the opposite, and would leave them thinking their pair
		// carries on when it ends, or the other way round. Drawn from the
		// answers as they are when the edit goes out: drawn from this
		// one, an edit that lands after the other's own answer since
		// would undo it.
		if (a.Before == store.ProposalAccepted) != (q.Status == store.ProposalAccepted) {
			ctx := r.ctx
			later(ctx, func() { b.redrawClosing(b.detach(ctx), q.ID, other, "") })
		}
		status := closingStatus(q, me)
		rp := closingMessage(q, me, a.Cohort, status)
		// The other may have answered meanwhile, their edit of this DM
		// landing before this answer replaced it: once it has, look again.
		after := func(ctx context.Context) { b.redrawClosing(ctx, q.ID, me, status) }
		return actionReply{Replace: &rp, After: after}, nil
	}
}

// redrawClosing redraws to's closing question id from the answers stored
// now, unless it says shown already.
func (b *Bot) redrawClosing(ctx context.Context, id int64, to, shown string) {
	a, err := b.db.ClosingQuestion(ctx, id)
	if err != nil {
		b.log.Warn("closing question: load it", "question", id, "err", err)
		return
	}
	// A closed round redrew it already, without buttons.
	status := closingStatus(a.Question, to)
	if status == shown || a.Cohort.Status != store.CohortActive {
		return
	}
	b.updateDMNow(ctx, closingKey(id, to), closingMessage(a.Question, to, a.Cohort, status))
	// `end now` may have closed the round while this edit was on its way,
	// its own edit landing first: this one would have put the buttons back
	// on a closed round's question. Once it has landed, look again.
	if now, err := b.db.ClosingQuestion(ctx, id); err == nil && now.Cohort.Status != store.CohortActive {
		b.updateDMNow(ctx, closingKey(id, to), closingMessage(now.Question, to, now.Cohort, "_The round has closed._"))
	}
}

// roundName is a round's name as messages show it: escaped, and with any
// bidirectional control shown as such (bidi.Neutral), since the name an
// admin typed reaches every pair of the round, and a control in it would
// turn the rest of their line around.
func roundName(name string) string { return esc(bidi.Neutral(name)) }
