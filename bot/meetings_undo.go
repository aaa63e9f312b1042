package bot

// Taking back a change to one meeting: a move (moved back to where it
// was) or a skip (the meeting takes place after all). /mentor move and
// the Move buttons reach only the meeting they name, so a meeting moved
// past the next one, or skipped, could not be had back until its own
// reminder came: the change's confirmation carries an Undo, and the
// answer that refuses a time such a change holds offers the same button.

import (
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

const (
	// actionMoveBack moves a moved meeting back to where it was before
	// the move; value: moveBackValue.
	actionMoveBack = "meeting_move_back"
	// actionUnskip takes back the skip of a meeting; value: unskipValue.
	actionUnskip = "meeting_unskip"
)

// kindUnskipped is the partner's DM of a skip taken back.
const kindUnskipped = "meeting_unskipped"

// moveBack is what an Undo of a move names: the pair's meeting scheduled
// at from, which the move took from back to to, under the schedule set
// at setAt (a schedule set since forgot the move).
type moveBack struct {
	pairID         int64
	from, back, to time.Time
	setAt          time.Time
}

// moveBackValue is the value of the button that takes the pair's meeting
// scheduled at from, now at to, back to back: "PAIRID:FROM:BACK:TO:SETAT",
// Unix seconds.
func moveBackValue(pairID int64, from, back, to, setAt time.Time) string {
	return fmt.Sprintf("%d:%d:%d:%d:%d", pairID, from.Unix(), back.Unix(), to.Unix(), setAt.Unix())
}

func parseMoveBackValue(v string) (moveBack, bool) {
	f, ok := unixFields(v, 5)
	if !ok {
		return moveBack{}, false
	}
	at := func(u int64) time.Time { return time.Unix(u, 0).UTC() }
	return moveBack{pairID: f[0], from: at(f[1]), back: at(f[2]), to: at(f[3]), setAt: at(f[4])}, true
}

// unskipValue is the value of the button that takes back the skip of the
// pair's meeting at at, made under the schedule set at setAt:
// "PAIRID:AT:SETAT", Unix seconds.
func unskipValue(pairID int64, at, setAt time.Time) string {
	return fmt.Sprintf("%d:%d:%d", pairID, at.Unix(), setAt.Unix())
}

func parseUnskipValue(v string) (pairID int64, at, setAt time.Time, ok bool) {
	f, ok := unixFields(v, 3)
	if !ok {
		return 0, time.Time{}, time.Time{}, false
	}
	return f[0], time.Unix(f[1], 0).UTC(), time.Unix(f[2], 0).UTC(), true
}

// withButton gives rp, text alone so far, blocks: its text, then btn in an
// actions block (blockID).
func withButton(rp reply, blockID string, btn *slack.ButtonBlockElement) reply {
	if len(rp.Blocks) == 0 {
		rp.Blocks = []slack.Block{section(rp.Text)}
	}
	rp.Blocks = append(rp.Blocks, slack.NewActionBlock(blockID, btn))
	return rp
}

// labelWhen is a meeting's time in a button's label, which is plain text
// (no date token): in the reader's zone, which the message beside it
// names.
func labelWhen(t time.Time, loc *time.Location) string { return t.In(loc).Format("Mon 2 Jan 15:04") }

// takenTime refuses to, a time the meeting being moved can't take because
// a skip or a move away holds it (ok true), with the button that takes
// that change back when it can be: that meeting is not the one
// /mentor move reaches, so nothing else would.
func (b *Bot) takenTime(r *request, mp store.MeetingPlan, to time.Time) (rp reply, ok bool) {
	partner := mp.Pair.Partner(r.user.ID)
	if mp.Skipped(to) {
		rp = textReply("Your meeting with <@%s> of %s was skipped, so that time can't take another, and I haven't moved anything. Pick another time, or meet then after all:",
			partner, meetWhen(to, r.loc))
		return withButton(rp, "meeting_time_skipped", button(actionUnskip, unskipValue(mp.Pair.ID, to, mp.Schedule.SetAt), "Meet on "+labelWhen(to, r.loc)+" after all", "")), true
	}
	mv, moved := mp.MoveFrom(to)
	if !moved {
		return reply{}, false
	}
	head := fmt.Sprintf("Your meeting with <@%s> of %s was moved to %s, so that time can't take another, and I haven't moved anything.", partner, meetWhen(to, r.loc), meetWhen(mv.To, r.loc))
	if !mv.To.After(r.now) || mp.Skipped(mv.To) {
		return textReply("%s Pick another time.", head), true // it has begun, or is skipped there: it stays as it is
	}
	label := fmt.Sprintf("Move %s back to %s", labelWhen(mv.To, r.loc), labelWhen(to, r.loc))
	rp = textReply("%s Pick another time, or move that meeting back first:", head)
	return withButton(rp, "meeting_time_moved", button(actionMoveBack, moveBackValue(mp.Pair.ID, to, to, mv.To, mp.Schedule.SetAt), label, "")), true
}

// goneAheadErr answers a Skip or Move button (verb) of the pair's meeting
// at at, still ahead by its time but no longer among the pair's meetings:
// where it went when it was moved, not only that it is gone.
func (b *Bot) goneAheadErr(r *request, mp store.MeetingPlan, at time.Time, verb string) error {
	partner := mp.Pair.Partner(r.user.ID)
	h := b.handle(r.ctx, partner)
	if mp.Paused() {
		return sayf("Your meetings with <@%s> are paused, so there is nothing to %s. `/mentor resume %s` starts them again.", partner, verb, h)
	}
	if mv, ok := mp.MoveFrom(at); ok {
		then := fmt.Sprintf("`/mentor next %s` shows your meetings.", h)
		// Only the next meeting has a command of its own.
		if next, err := nextMeeting(&b.zones, mp, r.now); err == nil && next.Equal(mv.To) {
			then = fmt.Sprintf("`/mentor move %s WHEN` moves it again.", h)
			if verb == "skip" {
				then = fmt.Sprintf("`/mentor skip %s` skips it there.", h)
			}
		}
		return sayf("That meeting was moved to %s. %s", meetWhen(mv.To, r.loc), then)
	}
	if mp.Skipped(at) {
		return sayf("That meeting was skipped, so there is nothing to %s. `/mentor next %s` shows your meetings.", verb, h)
	}
	return sayf("That meeting is no longer on your schedule; `/mentor next %s` shows what is.", h)
}

// actMoveBack moves a moved meeting back to where it was before the move
// the button names, if it is still there, and tells the partner.
func (b *Bot) actMoveBack(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	v, ok := parseMoveBackValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; `/mentor next` shows your meetings.")
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, v.pairID)
	if err != nil {
		return actionReply{}, err
	}
	if !mp.Pair.Live() {
		return actionReply{}, b.endedPairErr(r, mp.Pair, "/mentor next")
	}
	h := b.handle(r.ctx, mp.Pair.Partner(r.user.ID))
	setAnew := sayf("Your meetings have been set anew since, so that move is no longer there to undo, and I haven't changed anything. `/mentor next %s` shows them.", h)
	if !mp.Scheduled || !mp.Schedule.SetAt.Equal(v.setAt) {
		return actionReply{}, setAnew
	}
	rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
	if err != nil {
		return actionReply{}, err
	}
	where := v.from // where the meeting is now
	if mv, ok := mp.MoveFrom(v.from); ok {
		where = mv.To
	} else if !rule.Has(v.from) {
		// Set anew within the second of the button's schedule: a
		// schedule without that meeting.
		return actionReply{}, setAnew
	}
	switch {
	case mp.Skipped(where):
		return actionReply{}, sayf("That meeting was skipped since, so there is no move to undo. `/mentor next %s` shows your meetings.", h)
	case where.Equal(v.back):
		// Pressed again, on another copy of the answer, or undone by a
		// move typed meanwhile.
		return actionReply{}, sayf("Your meeting is %s already, so nothing changed.", meetWhen(v.back, r.loc))
	case !where.Equal(v.to):
		return actionReply{}, sayf("That meeting was moved again since, to %s, so I haven't changed anything. `/mentor next %s` shows your meetings.", meetWhen(where, r.loc), h)
	case !v.to.After(r.now):
		return actionReply{}, sayf("That meeting has already begun, so its move can't be undone.")
	case !v.back.After(r.now):
		return actionReply{}, sayf("Its time before the move, %s, has passed, so it can't go back there; I haven't changed anything.", meetWhen(v.back, r.loc))
	}
	rp, err := b.moveMeeting(r, mp, rule, v.to, v.back, false, true)
	if err != nil {
		return actionReply{}, err
	}
	// The answer with the button becomes the move back's, whose Undo
	// moves it again.
	return actionReply{Replace: &rp}, nil
}

// actUnskip takes back the skip the button names, if the meeting is
// still skipped and ahead, and tells the partner.
func (b *Bot) actUnskip(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	pairID, at, setAt, ok := parseUnskipValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; `/mentor next` shows your meetings.")
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, pairID)
	if err != nil {
		return actionReply{}, err
	}
	if !mp.Pair.Live() {
		return actionReply{}, b.endedPairErr(r, mp.Pair, "/mentor next")
	}
	h := b.handle(r.ctx, mp.Pair.Partner(r.user.ID))
	switch {
	case !mp.Scheduled || !mp.Schedule.SetAt.Equal(setAt):
		return actionReply{}, sayf("Your meetings have been set anew since, so that skip is no longer there to take back, and I haven't changed anything. `/mentor next %s` shows them.", h)
	case !at.After(r.now):
		return actionReply{}, sayf("That meeting's time, %s, has passed, so it can't take place after all.", meetWhen(at, r.loc))
	case !mp.Skipped(at):
		return actionReply{}, sayf("Your meeting of %s isn't skipped any more, so nothing changed. `/mentor next %s` shows your meetings.", meetWhen(at, r.loc), h)
	}
	rp, err := b.unskipMeeting(r, mp.Pair, at, setAt)
	if err != nil {
		return actionReply{}, err
	}
	if rem, ok := b.pressedReminder(r, mp.Pair.ID, at); ok {
		// Pressed on the meeting's reminder, which its Skip button made
		// the skip's answer: the reminder is back as it was, and the
		// answer, which the reminder's own agenda button makes whole, is
		// the presser's alone beneath it.
		rp.Blocks = nil
		return actionReply{Replace: &rem, Reply: &rp}, nil
	}
	return actionReply{Replace: &rp}, nil
}

// pressedReminder is the reminder of pair pairID's meeting at at that r's
// button was pressed on, drawn as it would be sent now; ok is false when
// the button was elsewhere (an answer to a command), or the reminder is no
// longer to be drawn.
func (b *Bot) pressedReminder(r *request, pairID int64, at time.Time) (reply, bool) {
	if r.pressed == "" {
		return reply{}, false
	}
	sent, err := b.db.SentBeforeMeetings(r.ctx, pairID, []string{scheduler.KindReminder}, r.now)
	if err != nil {
		b.log.Warn("the reminder an Undo was pressed on", "pair", pairID, "err", err)
		return reply{}, false
	}
	for _, n := range sent {
		t, ok := scheduler.ParseMeetingRef(n.Ref)
		if !ok || n.TS != r.pressed || n.RecipientID != r.user.ID || !t.Equal(at) {
			continue
		}
		rp, err := b.nt.renderers()[n.Kind](withUserMemo(r.ctx), n)
		if err != nil {
			if !errors.Is(err, scheduler.ErrObsolete) {
				b.log.Warn("the reminder an Undo was pressed on", "key", n.Key, "err", err)
			}
			return reply{}, false
		}
		return rp, true
	}
	return reply{}, false
}

// unskipMeeting takes back the skip of pair p's meeting at at, made under
// the schedule set at setAt, and tells both members.
func (b *Bot) unskipMeeting(r *request, p store.Pair, at, setAt time.Time) (reply, error) {
	partner := p.Partner(r.user.ID)
	// Asked before the write, not while holding it.
	ploc := b.zoneOf(r, partner)
	// In the commit, as a skip's news is: told after it, a failed DM
	// would leave the partner thinking the meeting is off.
	err := b.db.InTx(r.ctx, func(tx *store.Tx) error {
		mp, err := store.MeetingsTx(r.ctx, tx, r.user.ID, p.ID)
		if err != nil {
			return err
		}
		// A meeting moved since to or around its time: two at once make
		// no sense, as a move onto it would be refused.
		rule, err := decodeSchedule(&b.zones, mp.Schedule.Rule)
		if err != nil {
			return err
		}
		if t, ok := overlapping(meetingSeries(rule, mp.Changes), at, mp.Schedule.Duration, at); ok {
			other := "Your meeting of " + meetWhen(t, r.loc)
			if mv, ok := mp.MoveTo(t); ok {
				other = fmt.Sprintf("Your meeting of %s was moved to %s since, which", meetWhen(mv.From, r.loc), meetWhen(t, r.loc))
			}
			return sayf("%s would overlap this one, so I haven't taken back its skip. To meet at %s after all, move that meeting elsewhere first (`/mentor move %s`).",
				other, meetWhen(at, r.loc), b.handle(r.ctx, partner))
		}
		// The meeting after it, which the skip gave its agenda to.
		heir, err := nextMeeting(&b.zones, mp, at)
		if err != nil {
			return err
		}
		if err := store.UnskipMeetingTx(r.ctx, tx, r.user.ID, p.ID, setAt, at, heir); err != nil {
			return err
		}
		note := textReply(":white_check_mark: <@%s> took back the skip: your meeting of *%s* takes place after all.", r.user.ID, meetWhen(at, ploc))
		return dmTxUntil(r.ctx, tx, fmt.Sprintf("unskip:pair=%d:at=%d:%s", p.ID, at.Unix(), r.actionKey()), kindUnskipped, partner, p.ID, note, at.Add(mp.Schedule.Duration))
	})
	if err != nil {
		return reply{}, err
	}
	b.sched.Kick()
	b.meetingsChanged(r.ctx, p.ID, r.pressed)
	// It may replace the reminder whose Skip button made the skip: the
	// meeting's agenda takes items again.
	rp := textReply(":white_check_mark: Your meeting with <@%s> of *%s* takes place after all: I've taken back its skip and let them know. Its reminders go as planned.",
		partner, meetWhen(at, r.loc))
	return withButton(rp, "meeting_back_actions", agendaButton(p.ID)), nil
}
