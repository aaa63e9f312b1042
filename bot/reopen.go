package bot

// Undoing a close: a goal or a to-do marked done (or a goal dropped) by
// mistake opens again, from an Undo button beside the confirmation or in
// the message whose Done button closed it, or by command. Whoever was told
// of the close is told it is undone: the DM is edited when it went, and
// taken back when it had not.

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/store"
)

const (
	// actionGoalReopen opens a closed goal again; value: the goal's number.
	actionGoalReopen = "goal_reopen"
	// actionTodoReopen opens a closed to-do again; value: the to-do's number.
	actionTodoReopen = "todo_reopen"

	// goalClosedBlock is the block of a closed goal's Undo button.
	goalClosedBlock = "goal_closed_"
)

// goalDoneKey is the key of the DM telling mentor that g was done; the
// time of the close makes a goal done again after an undo a new DM.
func goalDoneKey(g store.Goal, mentor string) string {
	return fmt.Sprintf("goal-done:%d:at=%d:to=%s", g.ID, g.ClosedAt.Unix(), mentor)
}

// todoDoneKey is the key of the DM telling t's owner that their partner
// closed it.
func todoDoneKey(t store.Todo) string {
	return fmt.Sprintf("todo-done:%d:at=%d", t.ID, t.DoneAt.Unix())
}

// goalUndoBlock is the Undo button under a goal just closed.
func goalUndoBlock(g store.Goal) slack.Block {
	id := strconv.FormatInt(g.ID, 10)
	return slack.NewActionBlock(goalClosedBlock+id, button(actionGoalReopen, id, "Undo", ""))
}

func (b *Bot) cmdGoalReopen(r *request, args string) (reply, error) {
	id, rest, ok := goalNumberArg(args)
	if !ok {
		return reply{}, whichGoal(args, "/goal reopen 3")
	}
	if rest != "" {
		return reply{}, goalExtraWords("reopen", id, rest)
	}
	return b.reopenGoal(r, id)
}

func (b *Bot) actGoalReopen(r *request, _ slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, err := goalButtonID(act)
	if err != nil {
		return actionReply{}, err
	}
	rp, err := b.reopenGoal(r, id)
	if err != nil {
		return actionReply{}, err
	}
	return actionReply{Replace: &rp}, nil
}

// reopenGoal opens a closed goal of the asker's again. Mentors told it was
// done have their DM edited to say it is not, or never get it: in the
// commit that opens it.
func (b *Bot) reopenGoal(r *request, id int64) (reply, error) {
	// Only the owner reopens: the mentors are the asker's.
	mentors, err := b.db.GoalMentors(r.ctx, r.user.ID)
	if err != nil {
		return reply{}, err
	}
	var edits []dmEdit
	g, _, err := b.db.ReopenGoal(r.ctx, r.user.ID, id, func(tx *store.Tx, was store.Goal) error {
		if was.Status != store.GoalDone {
			return nil // a drop tells nobody
		}
		rp := textReply(":leftwards_arrow_with_hook: <@%s> marked goal *#%d* done, then opened it again: %s", was.OwnerID, was.ID, shownTextFit(was.Text, 1500))
		for _, m := range mentors {
			e, err := retractTx(r.ctx, tx, m, rp, goalDoneKey(was, m), fmt.Sprintf("goal-done:%d:to=%s", was.ID, m))
			if err != nil {
				return err
			}
			edits = append(edits, e...)
		}
		return nil
	})
	if err != nil {
		return reply{}, err
	}
	b.applyEdits(r.ctx, edits)
	b.goalChanged(r.ctx, g, true)
	head := fmt.Sprintf(":leftwards_arrow_with_hook: Goal *#%d* is open again, at %d%%.", g.ID, g.Progress)
	return reply{Text: head, Blocks: append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)}, nil
}

// dmEdit is a sent DM to edit, once the change it follows is committed.
type dmEdit struct {
	key string
	rp  reply
}

// applyEdits edits sent DMs after the ack: a call to Slack may wait on its
// rate limit. A failure is logged by editDM: the change itself is made.
func (b *Bot) applyEdits(ctx context.Context, edits []dmEdit) {
	if len(edits) == 0 {
		return
	}
	later(ctx, func() {
		for _, e := range edits {
			_ = b.editDM(b.detach(ctx), e.key, e.rp)
		}
	})
}

// retractTx takes back, in tx, the DM to recipient under the first of keys
// that exists (the key now, then as DMs queued before it was named so):
// one not sent never goes, one being sent or sent is to say rp instead. It
// returns the edit to make when it was sent.
func retractTx(ctx context.Context, tx *store.Tx, recipient string, rp reply, keys ...string) ([]dmEdit, error) {
	payload, err := encodeMessage(rp)
	if err != nil {
		return nil, err
	}
	for _, key := range keys {
		n, err := store.RetractDMTx(ctx, tx, recipient, key, payload)
		switch {
		case store.ErrorCode(err) == store.ENotFound:
			continue
		case err != nil:
			return nil, err
		case n.Status == store.NoteSent:
			return []dmEdit{{key, rp}}, nil
		}
		return nil, nil
	}
	return nil, nil
}

// dmAgainTx is dmTx for a DM about a close that can be undone (retractTx)
// and made again: one taken back before it went is queued again, and one
// sent and edited to say the close was undone is to say what rp says once
// more, with the edit it returns, made after the commit. The caller wakes
// the dispatcher (b.sched.Kick) after the commit.
func dmAgainTx(ctx context.Context, tx *store.Tx, key, kind, user string, pairID int64, rp reply) ([]dmEdit, error) {
	n, err := outboxNote(tx.Now, key, kind, user, pairID, rp)
	if err != nil {
		return nil, err
	}
	had, queued, err := store.RequeueDMTx(ctx, tx, n)
	switch {
	case err != nil:
		return nil, fmt.Errorf("queue %s: %w", key, err)
	case !queued && had.Status == store.NoteSent:
		return []dmEdit{{key, rp}}, nil
	}
	return nil, nil
}

func (b *Bot) cmdTodoReopen(r *request, args string) (reply, error) {
	id, ok := parseNumber(args)
	if msg, none := noSuchNumber(args, "to-do", "`/session todos` lists yours."); !ok && none {
		return textReply("%s", msg), nil
	}
	if !ok {
		return textReply("Usage: `/session reopen N` — N is the to-do's number, e.g. `/session reopen 12`. It opens a to-do marked done again."), nil
	}
	t, err := b.reopenTodo(r, id)
	if err != nil {
		return reply{}, err
	}
	return textReply("%s", todoReopenedText(t, r.user.ID)), nil
}

func todoReopenedText(t store.Todo, viewer string) string {
	return fmt.Sprintf(":leftwards_arrow_with_hook: To-do *#%d* is open again: %s — %s.", t.ID, shownText(t.Text), todoOwnerName(t, viewer))
}

func todoOwnerName(t store.Todo, viewer string) string {
	if t.OwnerID == viewer {
		return "yours"
	}
	return fmt.Sprintf("<@%s>'s", t.OwnerID)
}

// actTodoReopen is the Undo button beside a to-do just closed: in a list
// with Done buttons, the to-do's line comes back with its Done button.
func (b *Bot) actTodoReopen(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, answerCtx, ok := todoButtonValue(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/session reopen N` instead.")
	}
	t, err := b.reopenTodo(r, id)
	if err != nil {
		return actionReply{}, err
	}
	if blocks, ok := markTodoOpen(cb.Message.Blocks.BlockSet, t, r.user.ID); ok {
		return actionReply{Replace: &reply{Text: cb.Message.Text, Blocks: todosGivenFootNow(blocks, t)}}, nil
	}
	if rp, ok := b.answerNow(r, answerCtx); ok {
		return actionReply{Replace: &rp}, nil // an ephemeral answer, whole
	}
	text := todoReopenedText(t, r.user.ID)
	return actionReply{Replace: &reply{Text: text, Blocks: []slack.Block{section(text)}}}, nil
}

// reopenTodo opens a closed to-do of the asker's pair again. Its owner,
// told by DM that their partner closed it, has that DM edited (or never
// gets it); the owner or the one who closed it, when someone else opens it
// again, hears so. The DMs change in the commit that opens it.
func (b *Bot) reopenTodo(r *request, id int64) (store.Todo, error) {
	var edits []dmEdit
	t, _, err := b.db.ReopenTodo(r.ctx, r.user.ID, id, func(tx *store.Tx, was store.Todo) error {
		if was.DoneBy != was.OwnerID {
			who := fmt.Sprintf("<@%s>", r.user.ID)
			if r.user.ID == was.OwnerID {
				who = "you"
			}
			rp := textReply(":leftwards_arrow_with_hook: <@%s> marked your to-do *#%d* done, then %s opened it again: %s", was.DoneBy, was.ID, who, shownText(was.Text))
			e, err := retractTx(r.ctx, tx, was.OwnerID, rp, todoDoneKey(was), fmt.Sprintf("todo-done:%d", was.ID))
			if err != nil {
				return err
			}
			edits = e
		}
		// The pair's other member hears, when it was not their own undo:
		// the owner of what their partner had closed themselves, or the
		// partner who had closed it.
		to, text := "", ""
		switch {
		case was.DoneBy == was.OwnerID && r.user.ID != was.OwnerID:
			to, text = was.OwnerID, fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> opened your to-do *#%d* again: %s", r.user.ID, was.ID, shownText(was.Text))
		case was.DoneBy != was.OwnerID && was.DoneBy != "" && r.user.ID != was.DoneBy:
			to, text = was.DoneBy, fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> opened their to-do *#%d* again, which you had marked done: %s", r.user.ID, was.ID, shownText(was.Text))
		}
		if to == "" {
			return nil
		}
		n, err := outboxNote(r.now, fmt.Sprintf("todo-reopened:%d:at=%d:to=%s", was.ID, r.now.Unix(), to), "todo_reopened", to, was.PairID, textReply("%s", text))
		if err != nil {
			return err
		}
		_, err = store.EnqueueTx(r.ctx, tx, n)
		return err
	})
	if err != nil {
		return store.Todo{}, err
	}
	b.sched.Kick()
	b.applyEdits(r.ctx, edits)
	b.pairChanged(r.ctx, t.PairID)
	b.reviseSessionDM(r, t)
	b.todosChanged(r, t.PairID, t.OwnerID)
	return t, nil
}

// reviseTx gives, in tx, the DM queued to recipient under key what rp
// says now: one not sent yet goes so; one sent is to be edited, the edit
// returned.
func reviseTx(ctx context.Context, tx *store.Tx, recipient, key string, rp reply) ([]dmEdit, error) {
	payload, err := encodeMessage(rp)
	if err != nil {
		return nil, err
	}
	n, err := store.ReviseDMTx(ctx, tx, recipient, key, payload)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
		return nil, nil
	case err != nil:
		return nil, err
	case n.Status == store.NoteSent:
		return []dmEdit{{key, rp}}, nil
	}
	return nil, nil
}
