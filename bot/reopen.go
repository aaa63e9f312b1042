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
	// ActGoalReopen opens a closed goal again; value: the goal's number.
	ActGoalReopen = "goal_reopen"
	// ActTodoReopen opens a closed to-do again; value: the to-do's number.
	ActTodoReopen = "todo_reopen"

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
	return slack.NewActionBlock(goalClosedBlock+id, button(ActGoalReopen, id, "Undo", ""))
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
// done have their DM edited to say it is not, or never get it.
func (b *Bot) reopenGoal(r *request, id int64) (reply, error) {
	g, was, err := b.db.ReopenGoal(r.ctx, r.user.ID, id)
	if err != nil {
		return reply{}, err
	}
	b.goalChanged(r.ctx, g.OwnerID)
	if was.Status == store.GoalDone {
		mentors, err := b.db.GoalMentors(r.ctx, g.OwnerID)
		if err != nil {
			return reply{}, err
		}
		text := fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> marked goal *#%d* done, then opened it again: %s", g.OwnerID, g.ID, shownTextFit(g.Text, 1500))
		for _, m := range mentors {
			b.retractDM(r.ctx, goalDoneKey(was, m), textReply("%s", text))
		}
	}
	head := fmt.Sprintf(":leftwards_arrow_with_hook: Goal *#%d* is open again, at %d%%.", g.ID, g.Progress)
	return reply{Text: head, Blocks: append([]slack.Block{section(head)}, goalBlocks(g, r.now, r.loc)...)}, nil
}

// dmAgain is dm for a DM about a close that can be undone (retractDM) and
// made again: one taken back before it went is queued again, and one sent
// and edited to say the close was undone says what rp says once more.
func (b *Bot) dmAgain(ctx context.Context, key, kind, user string, pairID int64, rp reply) error {
	n, err := outboxNote(b.clock.Now(), key, kind, user, pairID, rp)
	if err != nil {
		return err
	}
	sent, queued, err := b.db.RequeueDM(ctx, n)
	switch {
	case err != nil:
		return fmt.Errorf("queue %s: %w", key, err)
	case queued:
		b.sched.Kick()
	case sent.Status == store.NoteSent:
		later(ctx, func() { _ = b.editDM(context.WithoutCancel(ctx), key, rp) }) // logged by editDM
	}
	return nil
}

// retractDM takes back the DM queued under key: one not sent yet never
// goes, one sent is edited to say rp. Failing to is logged: the undo
// itself has been made. The DM's row changes at once, in the order of the
// closes and undoes that touch it; the edit, a call to Slack, after the
// ack.
func (b *Bot) retractDM(ctx context.Context, key string, rp reply) {
	n, err := b.db.RetractDM(ctx, key)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
	case err != nil:
		b.log.Warn("retract dm", "key", key, "err", err)
	case n.Status == store.NoteSent:
		// A call to Slack, which may wait on its rate limit: after the ack.
		later(ctx, func() { _ = b.editDM(context.WithoutCancel(ctx), key, rp) }) // logged by editDM
	case n.Status == store.NoteSending:
		// In flight: it will say the to-do or goal is done, and the
		// command's own answer already says it is open. Rare enough
		// (a send takes milliseconds) to leave.
		b.log.Info("retract dm: in flight", "key", key)
	}
}

func (b *Bot) cmdTodoReopen(r *request, args string) (reply, error) {
	id, ok := parseNumber(args)
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
	id, ok := parseNumber(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/session reopen N` instead.")
	}
	t, err := b.reopenTodo(r, id)
	if err != nil {
		return actionReply{}, err
	}
	if blocks, ok := markTodoOpen(cb.Message.Blocks.BlockSet, t, r.user.ID); ok {
		return actionReply{Replace: &reply{Text: cb.Message.Text, Blocks: blocks}}, nil
	}
	text := todoReopenedText(t, r.user.ID)
	return actionReply{Replace: &reply{Text: text, Blocks: []slack.Block{section(text)}}}, nil
}

// reopenTodo opens a closed to-do of the asker's pair again. Its owner,
// told by DM that their partner closed it, has that DM edited (or never
// gets it); the owner or the one who closed it, when someone else opens it
// again, hears so.
func (b *Bot) reopenTodo(r *request, id int64) (store.Todo, error) {
	t, was, err := b.db.ReopenTodo(r.ctx, r.user.ID, id)
	if err != nil {
		return store.Todo{}, err
	}
	b.pairChanged(r.ctx, t.PairID)
	if was.DoneBy != was.OwnerID {
		who := fmt.Sprintf("<@%s>", r.user.ID)
		if r.user.ID == t.OwnerID {
			who = "you"
		}
		text := fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> marked your to-do *#%d* done, then %s opened it again: %s", was.DoneBy, t.ID, who, shownText(t.Text))
		b.retractDM(r.ctx, todoDoneKey(was), textReply("%s", text))
	}
	// The pair's other member hears, when it was not their own undo: the
	// owner of what their partner had closed themselves, or the partner
	// who had closed it.
	to, text := "", ""
	switch {
	case was.DoneBy == t.OwnerID && r.user.ID != t.OwnerID:
		to, text = t.OwnerID, fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> opened your to-do *#%d* again: %s", r.user.ID, t.ID, shownText(t.Text))
	case was.DoneBy != t.OwnerID && was.DoneBy != "" && r.user.ID != was.DoneBy:
		to, text = was.DoneBy, fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> opened their to-do *#%d* again, which you had marked done: %s", r.user.ID, t.ID, shownText(t.Text))
	}
	if to != "" {
		key := fmt.Sprintf("todo-reopened:%d:at=%d:to=%s", t.ID, r.now.Unix(), to)
		if err := b.dm(r.ctx, key, "todo_reopened", to, t.PairID, textReply("%s", text)); err != nil {
			return store.Todo{}, err
		}
	}
	return t, nil
}

// reviseDM gives the DM queued under key what rp says now: one not sent
// yet goes so, one sent is edited. Failing to is logged: the change
// itself has been made.
func (b *Bot) reviseDM(ctx context.Context, key string, rp reply) {
	payload, err := encodeMessage(rp)
	if err != nil {
		b.log.Warn("revise dm", "key", key, "err", err)
		return
	}
	n, err := b.db.ReviseDM(ctx, key, payload)
	switch {
	case store.ErrorCode(err) == store.ENotFound:
	case err != nil:
		b.log.Warn("revise dm", "key", key, "err", err)
	case n.Status == store.NoteSent:
		later(ctx, func() { _ = b.editDM(context.WithoutCancel(ctx), key, rp) }) // logged by editDM
	}
}
