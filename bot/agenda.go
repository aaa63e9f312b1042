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

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// /mentor agenda, and the agenda buttons of reminders and the Home.

// agendaOp is what /mentor agenda was asked to do.
type agendaOp int

const (
	agendaAdd    agendaOp = iota // add the item
	agendaShow                   // show the agenda
	agendaRemove                 // take off item number n
	agendaClear                  // take everything off: refused
)

// parseAgenda reads the words after /mentor agenda (and its partner). A
// word is a command only in these exact forms, so that an item which
// merely starts with one, in a longer sentence, is added as it is ("list
// of books to read", "show and tell", "remove the old cron jobs",
// "delete 3 old branches"):
//
//	(nothing), list, show   show the agenda
//	remove N, delete N      N a number (or #N) and nothing after it; alone, n is ""
//	remove X, delete X      one word, or numbers: a mistyped N, refused (n is X)
//	clear                   alone, or with one word ("clear all")
//	add ITEM                the rest is the item, "" for "add" alone
//
// Anything else is the item.
func parseAgenda(rest string) (op agendaOp, n, item string) {
	word, after := splitWord(rest)
	words := strings.Fields(rest)
	switch w := strings.ToLower(word); {
	case w == "":
		return agendaShow, "", ""
	case (w == "list" || w == "show") && len(words) == 1:
		return agendaShow, "", ""
	case w == "clear" && len(words) <= 2:
		return agendaClear, "", ""
	case (w == "remove" || w == "delete") && len(words) == 1:
		return agendaRemove, "", ""
	case (w == "remove" || w == "delete") && len(words) == 2 && agendaNumberRe.MatchString(words[1]):
		return agendaRemove, words[1], ""
	case (w == "remove" || w == "delete") && (len(words) == 2 || len(words) <= 4 && allNumbers(words[1:])):
		// "remove x", "remove 1 2": a mistyped N far more often than an
		// item to add, which the refusal says how to add.
		return agendaRemove, strings.Join(words[1:], " "), ""
	case w == "add":
		return agendaAdd, "", after
	}
	return agendaAdd, "", strings.TrimSpace(rest)
}

// allNumbers reports whether every word is an agenda item's number.
func allNumbers(words []string) bool {
	for _, w := range words {
		if !agendaNumberRe.MatchString(w) {
			return false
		}
	}
	return true
}

// agendaNumberRe is the N of "remove N": digits, perhaps after "#".
var agendaNumberRe = regexp.MustCompile(`^#?[0-9]+$`)

func (b *Bot) cmdAgenda(r *request, args string) (reply, error) {
	if id, _ := leadingMention(args); id == "" {
		// A command form may name the partner last too ("list @bob");
		// an item that ends with a mention keeps it.
		if id, moved := leadingMention(mentionFirst(args)); id != "" {
			if op, _, _ := parseAgenda(moved); op != agendaAdd {
				args = mentionFirst(args)
			}
		}
	}
	// An item over the limit is refused before someone in two pairs is
	// asked which one they mean: the pick would only lead to the refusal.
	if _, rest := leadingMention(args); rest != "" {
		if op, _, item := parseAgenda(rest); op == agendaAdd {
			if err := tooLong("agenda item", strings.TrimSpace(unescapeSlack(item)), maxShortText); err != nil {
				return reply{}, err
			}
		}
	}
	p, rest, err := r.pairFor(args)
	if err != nil {
		return reply{}, err
	}
	op, n, itemText := parseAgenda(rest)
	partner := p.Partner(r.user.ID)
	// The commands these answers suggest name the partner, as typing them
	// must for someone in more than one pair.
	h := b.handle(r.ctx, partner)
	switch {
	case op == agendaClear:
		return textReply("I don't clear a whole agenda at once, so I haven't changed anything. Take off an item you added with `/mentor agenda %s remove N` "+
			"(N as numbered in `/mentor agenda %[1]s`) or its Remove button; logging your session with <@%s> marks the rest covered.", h, partner), nil
	case op == agendaRemove && n == "":
		return textReply("Which item? `/mentor agenda %s` lists them, numbered; then `/mentor agenda %[1]s remove N` takes off item N, if you added it.", h), nil
	case op == agendaRemove:
		return b.removeAgendaItemNumber(r, p, n)
	case op == agendaAdd && itemText == "":
		return textReply("What would you like to add? Write it after the command, e.g. `/mentor agenda %s add how to prepare for my review`.", h), nil
	}
	if op == agendaShow {
		view, err := b.db.ViewPair(r.ctx, r.user.ID, p.ID, false)
		if err != nil {
			return reply{}, err
		}
		m, err := b.meetingsNowIn(view.MeetingPlan, r.now)
		if err != nil {
			return reply{}, err
		}
		return agendaMessage(r.user.ID, b.handle(r.ctx, partner), p, m, view.Agenda, r.now, r.loc), nil
	}
	m, err := b.meetingsNowOf(r, p.ID)
	if err != nil {
		return reply{}, err
	}
	// Typed for the meeting then next, and run by a "which pair?" button
	// pressed after it began: the item still goes on the agenda (open
	// items wait for the next meeting anyway), and the answer says which
	// meeting it is now for, rather than leave the change unnoticed. When
	// that meeting is still on with none after it, the item is its.
	late := ""
	if !r.typedAt.IsZero() && (!m.next.IsZero() || m.onNow.IsZero()) {
		mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
		if err != nil {
			return reply{}, err
		}
		if meant, _, err := b.meantAtTyping(r, mp); err != nil {
			return reply{}, err
		} else if !meant.IsZero() {
			late = fmt.Sprintf("_The meeting that was next when you typed this, %s, has begun since, so the item is for the next one._", meetWhen(meant, r.loc))
		}
	}
	item, err := b.addAgendaItem(r, p, m.next, itemText)
	if err != nil {
		return reply{}, err
	}
	rp := agendaAddedMessage(r.user.ID, b.handle(r.ctx, partner), p, item, m, r.loc)
	if late != "" {
		rp.Text += "\n" + late
		rp.Blocks = append(rp.Blocks, section(late))
	}
	return rp, nil
}

// removeAgendaItemNumber takes item number n (as /mentor agenda numbers
// them: the open items, oldest first) off pair p's agenda, as its Remove
// button does, with the same checks: only its author may.
func (b *Bot) removeAgendaItemNumber(r *request, p store.Pair, n string) (reply, error) {
	items, err := b.db.Agenda(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return reply{}, err
	}
	partner := p.Partner(r.user.ID)
	h := b.handle(r.ctx, partner)
	i, ok := parseNumber(n)
	switch {
	case len(items) == 0:
		return textReply("Your agenda with <@%s> is empty, so there is nothing to take off.", partner), nil
	case !ok:
		return textReply("Which item? `/mentor agenda %s remove N` takes off one item, N as numbered in `/mentor agenda %[1]s`, so I haven't changed anything. "+
			"Meant as an item to add? `/mentor agenda %[1]s add …` adds whatever follows.", h), nil
	case i > int64(len(items)):
		return textReply("There is no item %s on your agenda with <@%s>: it has %d, numbered from 1 in `/mentor agenda %s`.",
			esc(truncate(n, 20)), partner, len(items), h), nil
	}
	item, err := b.removeAgendaItem(r, items[i-1].ID)
	if err != nil {
		return reply{}, err
	}
	return textReply(":wastebasket: Took item %d off the agenda:\n%s\n`/mentor agenda %s` shows the rest.", i, agendaQuote(item.Text), h), nil
}

// removeAgendaItem takes item id off its pair's agenda for r's user, if
// they may (store.RemoveAgendaItem), and redraws what shows the agenda
// (agendaChanged).
func (b *Bot) removeAgendaItem(r *request, id int64) (store.AgendaItem, error) {
	item, err := b.db.RemoveAgendaItem(r.ctx, r.user.ID, id)
	if err == nil {
		b.agendaChanged(r.ctx, item.PairID)
	}
	return item, err
}

// addAgendaItem stores text (as Slack sent it) on the pair's agenda for
// the meeting at next.
func (b *Bot) addAgendaItem(r *request, p store.Pair, next time.Time, text string) (store.AgendaItem, error) {
	text = oneLine(strings.TrimSpace(unescapeSlack(text)))
	if err := tooLong("agenda item", text, maxShortText); err != nil {
		return store.AgendaItem{}, err
	}
	item, err := b.db.AddAgendaItem(r.ctx, r.user.ID, p.ID, text, next)
	if err == nil {
		b.agendaChanged(r.ctx, p.ID)
	}
	return item, err
}

// agendaChanged redraws, after the ack, what shows pair pairID's agenda:
// its members' App Homes, and the reminders and agenda prompts already
// sent for its meetings still ahead, which list "the agenda so far". An
// item added from a reminder's own Add agenda item button would otherwise
// sit under a list that still says "Nothing yet", in the partner's
// reminder too.
func (b *Bot) agendaChanged(ctx context.Context, pairID int64) {
	later(ctx, func() {
		ctx := b.detach(ctx)
		b.refreshPairHomes(ctx, pairID)
		b.redrawMeetingDMs(ctx, pairID, "", scheduler.KindReminder, scheduler.KindAgenda)
	})
}

// redrawMeetingDMs renders again, as they would be sent now, the DMs of
// the kinds given sent for pair pairID's meetings still ahead, but for the
// message with ts except (when not ""), and puts
// them in place of what was sent. One edited to say its meeting no longer
// takes place, or its pair ended (marked), stays as it is, and so does
// one that would no longer be sent: outdateMeetingDMs says why.
func (b *Bot) redrawMeetingDMs(ctx context.Context, pairID int64, except string, kinds ...string) {
	// In turn with outdateMeetingDMs, which edits and marks the same DMs.
	defer lockStripe(&b.outdating, pairID)()
	sent, err := b.db.SentBeforeMeetings(ctx, pairID, kinds, b.clock.Now())
	if err != nil {
		b.log.Warn("meeting DMs to redraw", "pair", pairID, "err", err)
		return
	}
	b.redrawSent(ctx, sent, except)
}

// redrawSent renders the scheduler's DMs sent again, as they would be sent
// now, and puts them in place of what was sent; those marked (edited to
// say why they no longer hold), those that would no longer be sent and the
// one with ts except stay as they are. A reminder put back on after a
// pause (NoteBackOn) is drawn again like any other: its meeting takes
// place.
func (b *Bot) redrawSent(ctx context.Context, sent []store.Notification, except string) {
	for _, n := range sent {
		if (n.LastError != "" && n.LastError != store.NoteBackOn) || n.Channel == "" || n.TS == "" || n.TS == except {
			continue
		}
		rp, err := b.nt.renderers()[n.Kind](withUserMemo(ctx), n)
		if err != nil {
			if !errors.Is(err, scheduler.ErrObsolete) {
				b.log.Warn("redraw a sent DM", "key", n.Key, "err", err)
			}
			continue
		}
		_ = b.editMessage(ctx, n.Channel, n.TS, rp) // logged there
	}
}

// actAgendaAdd opens the add-agenda-item modal for the pair in the value.
func (b *Bot) actAgendaAdd(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return actionReply{}, sayf("That button has expired; use `/mentor agenda ITEM` instead.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return actionReply{}, err
	}
	if !p.Live() {
		return actionReply{}, b.endedPairErr(r, p, "/mentor agenda")
	}
	view := agendaModal(p.Partner(r.user.ID), modalMeta{Channel: r.channelID, ID: p.ID})
	if err := b.openModal(r, view); err != nil {
		return actionReply{}, err
	}
	return actionReply{}, nil
}

func (b *Bot) viewAgendaAdd(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	p, err := b.db.Pair(r.ctx, r.user.ID, meta.ID)
	if err != nil {
		return viewReply{}, err
	}
	text := oneLine(input(cb, "item", "item"))
	if text == "" {
		return viewReply{Errors: map[string]string{"item": "What would you like to talk about?"}}, nil
	}
	if err := tooLong("agenda item", text, maxShortText); err != nil {
		return viewReply{Errors: map[string]string{"item": b.friendly(err, "agenda modal")}}, nil
	}
	m, err := b.meetingsNowOf(r, p.ID)
	if err != nil {
		return viewReply{}, err
	}
	// Modal text arrives as typed, not escaped: store it as it is.
	item, err := b.db.AddAgendaItem(r.ctx, r.user.ID, p.ID, text, m.next)
	if err != nil {
		return viewReply{}, err
	}
	b.agendaChanged(r.ctx, p.ID)
	rp := agendaAddedMessage(r.user.ID, b.handle(r.ctx, p.Partner(r.user.ID)), p, item, m, r.loc)
	return viewReply{Confirm: &rp}, nil
}

// actAgendaRemove is the Remove button beside an item its author added:
// in the agenda's list, the list comes back without it; under the item
// just added, the answer says it is off.
func (b *Bot) actAgendaRemove(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return actionReply{}, sayf("That button has expired; `/mentor agenda` shows the agenda.")
	}
	item, err := b.removeAgendaItem(r, id)
	if err != nil {
		return actionReply{}, err
	}
	if !strings.HasPrefix(act.BlockID, agendaItemBlock) {
		text := fmt.Sprintf(":wastebasket: Took it off the agenda:\n%s", agendaQuote(item.Text))
		return actionReply{Replace: &reply{Text: text, Blocks: []slack.Block{section(text)}}}, nil
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, item.PairID)
	if err != nil {
		return actionReply{}, err
	}
	m, err := b.meetingsNowOf(r, p.ID)
	if err != nil {
		return actionReply{}, err
	}
	items, err := b.db.Agenda(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return actionReply{}, err
	}
	rp := agendaMessage(r.user.ID, b.handle(r.ctx, p.Partner(r.user.ID)), p, m, items, r.now, r.loc)
	return actionReply{Replace: &rp}, nil
}
