package store_test

import (
	"context"

	"github.com/mentorbot/mentorbot/store"
)

// The bot runs these …Tx changes inside a commit that also holds the DMs
// telling of them; the tests that look at the change alone run each in a
// commit of its own, through the same InTx the bot uses.

func requeueDM(ctx context.Context, db *store.DB, n store.Notification) (had store.Notification, queued bool, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		had, queued, err = store.RequeueDMTx(ctx, tx, n)
		return err
	})
	return had, queued, err
}

func saveSignup(ctx context.Context, db *store.DB, actor string, s store.Signup) (store.Signup, error) {
	var saved store.SignupSaved
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		saved, err = store.SaveSignupTx(ctx, tx, actor, s)
		return err
	})
	return saved.Signup, err
}

func leaveMatching(ctx context.Context, db *store.DB, actor string) (l store.Leaving, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		l, err = store.LeaveMatchingTx(ctx, tx, actor)
		return err
	})
	return l, err
}

// answerProposal answers with no default zone: a round's dates are read
// in the zone it saved, or UTC.
func answerProposal(ctx context.Context, db *store.DB, actor string, id int64, accept bool) (a store.ProposalAnswer, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		a, err = store.AnswerProposalTx(ctx, tx, actor, id, accept, nil)
		return err
	})
	return a, err
}

func answerRequest(ctx context.Context, db *store.DB, actor string, id int64, accept bool) (r store.Request, p store.Pair, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		r, p, err = store.AnswerRequestTx(ctx, tx, actor, id, accept)
		return err
	})
	return r, p, err
}

func closeGoalWithNote(ctx context.Context, db *store.DB, actor string, id int64, status, note string) (g store.Goal, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		g, err = store.CloseGoalTx(ctx, tx, actor, id, status, note)
		return err
	})
	return g, err
}

func commentGoal(ctx context.Context, db *store.DB, actor string, id int64, text string) (c store.GoalComment, g store.Goal, notify []string, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		c, g, notify, err = store.CommentGoalTx(ctx, tx, actor, id, text)
		return err
	})
	return c, g, notify, err
}

// startCohort starts a round with no saved zone (Cohort.TZ empty).
func startCohort(ctx context.Context, db *store.DB, actor, name, startsOn, endsOn string) (c store.Cohort, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		c, err = store.StartCohortTx(ctx, tx, actor, name, startsOn, endsOn, "")
		return err
	})
	return c, err
}

func askCohortClose(ctx context.Context, db *store.DB, actor string, id int64) (asked []store.Proposal, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		asked, err = store.AskCohortCloseTx(ctx, tx, actor, id)
		return err
	})
	return asked, err
}

func endCohort(ctx context.Context, db *store.DB, actor string, id int64) (e store.CohortEnd, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		e, err = store.EndCohortTx(ctx, tx, actor, id)
		return err
	})
	return e, err
}
