package bot

// Editing a logged session's notes: its logger mends a typo or adds what
// they forgot (a "todo: …" part adds a to-do, as in /session log), and the
// partner's DM of the session says what it says now; a to-do it gives the
// partner also comes to them as a new DM.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

const (
	// actionSessionEdit opens the form that edits a session's notes; value:
	// the session's number.
	actionSessionEdit = "session_edit"
	// cbSessionEdit is the callback_id of that form; modalMeta.ID is the
	// session.
	cbSessionEdit = "session_edit_form"
)

// sessionEditButton is the Edit notes button under a session its logger
// just logged.
func sessionEditButton(s store.Session) slack.Block {
	id := strconv.FormatInt(s.ID, 10)
	return slack.NewActionBlock("session_edit_"+id, button(actionSessionEdit, id, "Edit notes", ""))
}

func (b *Bot) cmdSessionEdit(r *request, args string) (reply, error) {
	id, ok := parseNumber(args)
	if msg, none := noSuchNumber(args, "session", "`/session list` shows them."); !ok && none {
		return textReply("%s", msg), nil
	}
	if !ok {
		return textReply("Usage: `/session edit N` — N is the session's number, e.g. `/session edit 3`; `/session list` shows them. It opens its notes in a form."), nil
	}
	return b.openSessionEdit(r, id)
}

func (b *Bot) actSessionEdit(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, ok := parseNumber(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/session edit N` instead.")
	}
	// A message in a DM (not an ephemeral answer, which only its
	// response_url may change) is redrawn with the new notes when saved.
	msgTS := ""
	if !cb.Container.IsEphemeral && strings.HasPrefix(r.channelID, "D") {
		msgTS = cb.Container.MessageTs
	}
	rp, err := b.openSessionEditFor(r, id, msgTS)
	if err != nil || rp.Silent {
		return actionReply{}, err
	}
	return actionReply{Reply: &rp}, nil
}

// openSessionEdit opens the form with session id's notes, for its logger.
func (b *Bot) openSessionEdit(r *request, id int64) (reply, error) {
	return b.openSessionEditFor(r, id, "")
}

// openSessionEditFor is openSessionEdit from a button on the message of
// r.channelID at msgTS ("" for none), which saving redraws.
func (b *Bot) openSessionEditFor(r *request, id int64, msgTS string) (reply, error) {
	s, err := b.db.Session(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	if err := store.SessionEditRefusal(s, r.user.ID); err != nil {
		return reply{}, err // the store refuses the edit too; asking first spares a form
	}
	if r.triggerID == "" {
		return textReply("I can't open a form from here. Type `/session edit %d` instead.", id), nil
	}
	// The hint of an ended pair's form does not offer the to-do that
	// saving would refuse.
	p, err := b.db.Pair(r.ctx, r.user.ID, s.PairID)
	if err != nil {
		return reply{}, err
	}
	if err := b.openModal(r, sessionEditModal(s, !p.Live(), r.loc, modalMeta{Channel: r.channelID, ID: s.ID, Extra: msgTS})); err != nil {
		return reply{}, err
	}
	return reply{Silent: true}, nil
}

// isOwnDM reports whether channel is r's user's DM with the bot. The form
// names the message it was opened from, which saving redraws; a
// submission is only what someone sent, so a message anywhere else (a DM
// of someone else's) is never rewritten with this pair's session.
func (b *Bot) isOwnDM(r *request, channel string) bool {
	own, err := b.slack.DMChannel(r.ctx, r.user.ID)
	if err != nil {
		b.log.Warn("session edit: own dm", "user", r.user.ID, "err", err)
		return false
	}
	return channel == own
}

// sessionEditModal is the form with a session's notes, for an editor in
// loc (either member: the day is theirs, as in the session's messages).
// ended: the session's pair has ended, and takes no new to-dos.
func sessionEditModal(s store.Session, ended bool, loc *time.Location, meta modalMeta) slack.ModalViewRequest {
	notes := slack.NewPlainTextInputBlockElement(plain("What did you talk about? What did you learn or decide?"), "notes")
	// Shown as they read ("@alice", not Slack's markup); saving gives the
	// mentions still there their markup back (keepMarkupWithin).
	notes.Multiline, notes.MaxLength, notes.InitialValue = true, maxLongText, readable(s.Notes)
	hint := "A part that starts with todo: adds a to-do, as in /session log. Its to-dos stay as they are: close them with /session done N."
	if ended {
		hint = "This pair has ended, so it takes no new to-dos: leave out any todo: part, or the notes won't save. Your own to-dos of it still close with /session done N."
	}
	in := slack.NewInputBlock("notes", plain("Notes"), plain(hint), notes)
	in.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      cbSessionEdit,
		Title:           plain(truncate(fmt.Sprintf("Session #%d", s.ID), 24)),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: []slack.Block{section("Held on " + sessionDayText(s, loc) + "."), in}},
	}
}

func (b *Bot) viewSessionEdit(r *request, cb slack.InteractionCallback) (viewReply, error) {
	meta := parseMeta(cb.View.PrivateMetadata)
	before, err := b.db.Session(r.ctx, r.user.ID, meta.ID)
	if err != nil {
		return viewReply{}, err
	}
	// The form showed the notes readable ("@alice"): what is still there
	// gets its mention back, and unchanged notes stay as they were stored.
	// A "todo: …" part adds a to-do, as it does in /session log and the
	// log form: typed here, it is meant as one, not as notes.
	notes, inline := splitNotes(keepMarkupWithin(before.Notes, input(cb, "notes", "notes"), maxLongText))
	if err := tooLong("note", notes, maxLongText); err != nil {
		return viewReply{Errors: map[string]string{"notes": b.friendly(err, "session edit")}}, nil
	}
	// The partner's DM of the session quotes its notes: it says what they
	// say now, its to-dos as they stand, in the commit of the edit. Their
	// zone is read first: it may take a call to Slack.
	p, err := b.db.Pair(r.ctx, r.user.ID, before.PairID)
	if err != nil {
		return viewReply{}, err
	}
	var todos []store.NewTodo
	if len(inline) > 0 && !p.Live() {
		// The notes alone would be saved: the to-do is what is refused,
		// which the store's refusal of an ended pair does not say.
		return viewReply{Errors: map[string]string{"notes": "An ended pair takes no new to-dos — take out the todo: part to save the notes."}}, nil
	}
	if len(inline) > 0 {
		named, err := b.nameOwners(r, p, inline)
		if err == nil {
			todos, err = checkTodos(p, named)
		}
		if err == nil && len(before.Todos)+len(todos) > maxTodosPerSession {
			// The edit's commit checks again, against the to-dos the
			// session has by then: another edit may add some meanwhile.
			err = store.TooManyTodos(len(before.Todos) + len(todos))
		}
		if err != nil {
			return viewReply{Errors: map[string]string{"notes": b.friendly(err, "session edit")}}, nil
		}
	}
	partner := p.Partner(r.user.ID)
	partnerLoc := b.zoneOf(r, partner)
	// Opened from a message of the session in the logger's DM, which
	// saving redraws; asked of Slack before the lock.
	fromDM := meta.Extra != "" && meta.Channel != "" && b.isOwnDM(r, meta.Channel)
	var edits, ownEdits []dmEdit
	unlock := sync.OnceFunc(lockStripe(&b.revising, meta.ID)) // no call to Slack under it
	defer unlock()
	// The logger's own copy of the session's DM (the log form's
	// confirmation, or an earlier edit's) says what the notes say now, as
	// the partner's does, in the edit's commit. Looked for under the lock:
	// only the session's own commit and an edit, which holds the lock too,
	// queue it.
	ownKey := sessionDMKey(meta.ID, r.user.ID)
	ownDM, err := b.db.Notification(r.ctx, ownKey)
	// One that failed, or was dropped past its time, never arrived: there
	// is nothing to point to.
	hasOwn := err == nil && (ownDM.Status == store.NotePending || ownDM.Status == store.NoteSending || ownDM.Status == store.NoteSent)
	if err != nil && store.ErrorCode(err) != store.ENotFound {
		return viewReply{}, err
	}
	// Without one, the confirmation that goes as a DM becomes that copy,
	// queued in the edit's commit: its to-dos are redrawn as they close
	// (reviseSessionDM), where a DM sent once would offer Done buttons
	// forever. One shown in a channel is ephemeral, which the bot cannot
	// edit: it stays the answer.
	queueOwn := !hasOwn && !fromDM && confirmsByDM(meta.Channel)
	// A to-do the edit gives the partner comes to them as a message of its
	// own, with its Done button: the edit of their DM of the session,
	// which lists it too, is one Slack does not notify of. Not while that
	// DM has yet to go (a sent one is never pending again): it goes with
	// the to-do, as a new message.
	partnerWaits := false
	if len(todos) > 0 {
		pdm, err := b.db.Notification(r.ctx, sessionDMKey(meta.ID, partner))
		if err != nil && store.ErrorCode(err) != store.ENotFound {
			return viewReply{}, err
		}
		partnerWaits = err == nil && (pdm.Status == store.NotePending || pdm.Status == store.NoteSending)
	}
	told := false
	head := fmt.Sprintf(":pencil2: Saved the notes of session *#%d*.", meta.ID)
	s, err := b.db.EditSessionNotes(r.ctx, r.user.ID, meta.ID, notes, todos, func(tx *store.Tx, s store.Session) error {
		note := sessionMessageNow(s, p, r.user.ID, partner, partnerLoc)
		var err error
		if edits, err = reviseTx(r.ctx, tx, partner, sessionDMKey(s.ID, partner), note); err != nil {
			return err
		}
		// Sent by the time of this commit, the DM is edited (edits): the
		// partner hears of the to-do only from the new message.
		if given := givenTodos(s, len(todos), partner); len(given) > 0 && (len(edits) > 0 || !partnerWaits) {
			// Of the kind of the session's DMs, which quote the logger's
			// words: a forget of the logger's takes it back as it does
			// those (store's forgetWordKinds).
			key := todosGivenKey(s.ID, given[0].ID, partner)
			if err := dmTx(r.ctx, tx, key, "session_logged", partner, p.ID, todosGivenMessage(s, r.user.ID, partner, given, partnerLoc)); err != nil {
				return err
			}
			told = true
		}
		if !hasOwn && !queueOwn {
			return nil // no copy of the logger's to draw: no read under the write
		}
		own := b.sessionDMNow(r.ctx, s, p, r.user.ID, r.loc)
		if hasOwn {
			ownEdits, err = reviseTx(r.ctx, tx, r.user.ID, ownKey, own)
			return err
		}
		return dmTx(r.ctx, tx, ownKey, "session_logged", r.user.ID, p.ID, withHead(head, own))
	})
	if code := store.ErrorCode(err); code == store.EInvalid || code == store.EConflict {
		return viewReply{Errors: map[string]string{"notes": b.friendly(err, "session edit")}}, nil
	}
	if err != nil {
		return viewReply{}, err
	}
	unlock()
	if queueOwn || told {
		b.sched.Kick()
	}
	if len(todos) > 0 {
		b.pairChanged(r.ctx, p.ID)
		b.todosChanged(r, p.ID, todoOwners(s.Todos)...)
	}
	if len(edits) > 0 {
		later(r.ctx, func() { b.redrawSessionDM(b.detach(r.ctx), r.user.ID, s.ID, partner, partnerLoc) })
	}
	if len(ownEdits) > 0 {
		later(r.ctx, func() { b.redrawSessionDM(b.detach(r.ctx), r.user.ID, s.ID, r.user.ID, r.loc) })
	}
	later(r.ctx, func() { b.refreshPairHomes(b.detach(r.ctx), p.ID) })
	switch {
	case queueOwn:
		return viewReply{}, nil // the DM queued with the edit says it
	case fromDM && hasOwn && ownDM.Channel == meta.Channel && ownDM.TS == meta.Extra:
		return viewReply{}, nil // edited from the logger's copy, redrawn above
	case fromDM:
		// Edited from a message of the session sent before the logger's
		// copy was kept: that message shows the notes now, with its
		// to-dos as they stand, and says no more.
		own := sessionMessageNow(s, p, r.user.ID, r.user.ID, r.loc)
		if err := b.editMessage(r.ctx, meta.Channel, meta.Extra, own); err == nil {
			return viewReply{}, nil
		}
	}
	if hasOwn || confirmsByDM(meta.Channel) {
		// A confirmation with Done buttons would be one more copy to go
		// stale: it points to the logger's copy, revised above, or to
		// /session show.
		rp := textReply("%s `/session show %d` shows it, with its to-dos as they stand.", head, s.ID)
		if hasOwn {
			rp = textReply("%s My message of it in our DM shows the new notes now, with its to-dos as they stand.", head)
		}
		return viewReply{Confirm: &rp}, nil
	}
	// With its to-dos as they stand, as above: one closed since the log
	// would otherwise be offered as open again, with its Done button.
	rp := withHead(head, sessionMessageNow(s, p, r.user.ID, r.user.ID, r.loc))
	return viewReply{Confirm: &rp}, nil
}

// givenTodos is, of session s just edited, the to-dos of owner among the
// added ones, which the store appends to those it had.
func givenTodos(s store.Session, added int, owner string) []store.Todo {
	var out []store.Todo
	for _, t := range s.Todos[max(len(s.Todos)-added, 0):] {
		if t.OwnerID == owner {
			out = append(out, t)
		}
	}
	return out
}

// withHead is rp with head, a line of its own, on top. The plain text,
// a notification's preview, stays one line.
func withHead(head string, rp reply) reply {
	rp.Text = head + " " + rp.Text
	rp.Blocks = append([]slack.Block{section(head)}, rp.Blocks...)
	return rp
}

// todosGivenKey is the key of the DM to owner of the to-dos an edit of
// session id's notes gave them, the first of which is from.
func todosGivenKey(id, from int64, owner string) string {
	return fmt.Sprintf("session-todos:%d:from=%d:to=%s", id, from, owner)
}

// todosGivenKept reports whether a DM of to-dos given by an edit of
// session id's notes is still on record.
func (b *Bot) todosGivenKept(ctx context.Context, id int64) bool {
	ok, err := b.db.HasKeyPrefix(ctx, fmt.Sprintf("session-todos:%d:", id))
	return err == nil && ok
}

// todosGivenDM is a DM of the to-dos an edit of a session's notes gave
// its reader: its key, its message's ts once sent, and the to-dos it
// lists.
type todosGivenDM struct {
	session int64
	key     string
	ts      string
	ids     []int64
}

// todosGivenDMs finds the DMs of to-dos given by edits of session s that
// list t. Each edit's key names the first of the owner's to-dos it added,
// so t's DM is under one of the owner's to-dos up to t; which to-dos a DM
// lists its stored copy says (one /mentor forget blanked lists none).
func (b *Bot) todosGivenDMs(ctx context.Context, s store.Session, t store.Todo) []todosGivenDM {
	var out []todosGivenDM
	for _, c := range s.Todos {
		if c.OwnerID != t.OwnerID || c.ID > t.ID {
			continue
		}
		n, err := b.db.Notification(ctx, todosGivenKey(s.ID, c.ID, t.OwnerID))
		if err != nil {
			if store.ErrorCode(err) != store.ENotFound {
				b.log.Warn("the DMs of to-dos given", "session", s.ID, "err", err)
			}
			continue
		}
		rp, err := decodeMessage(n.Payload)
		if err != nil || n.RecipientID != t.OwnerID {
			continue
		}
		var ids []int64
		for _, bl := range rp.Blocks {
			if rest, ok := strings.CutPrefix(bl.ID(), todoBlockPrefix); ok {
				if id, ok := parseNumber(rest); ok {
					ids = append(ids, id)
				}
			}
		}
		if slices.Contains(ids, t.ID) {
			out = append(out, todosGivenDM{session: s.ID, key: n.Key, ts: n.TS, ids: ids})
		}
	}
	return out
}

// message is g as it reads now for reader, in loc: its to-dos of session
// s as they stand.
func (g todosGivenDM) message(s store.Session, reader string, loc *time.Location) reply {
	var given []store.Todo
	for _, t := range s.Todos {
		if slices.Contains(g.ids, t.ID) {
			given = append(given, t)
		}
	}
	if len(given) == 0 {
		return reply{} // not drawn: the caller has a to-do of it
	}
	return todosGivenMessage(s, s.LoggedBy, reader, given, loc)
}

// redrawTodosGivenDM edits the sent DM g to reader to show its to-dos as
// they stand when this runs, in turn with the redraws of the session's
// other DMs (redrawSessionDM): of two whose edits cross, the last carries
// the latest.
func (b *Bot) redrawTodosGivenDM(ctx context.Context, actor string, g todosGivenDM, reader string, loc *time.Location) {
	n, err := b.db.Notification(ctx, g.key)
	if err != nil || n.Status != store.NoteSent || n.Channel == "" || n.TS == "" {
		return
	}
	defer lockStripe(&b.editing, g.session)()
	s, err := b.db.Session(ctx, actor, g.session)
	if err != nil || s.LoggedBy == "" {
		return
	}
	rp := g.message(s, reader, loc)
	if len(rp.Blocks) == 0 {
		return
	}
	_ = b.editMessage(ctx, n.Channel, n.TS, rp) // logged there
}
