package store

import (
	"context"
	"fmt"
)

// The programme's feedback figures (the report's ratings and good-fit
// answers, its CSV, an admin's App Home) count answers in batches, and
// only whole ones. A batch takes the answers of one figure (see
// batchSide) in the order they were given and closes once it holds
// answers of at least MinFeedbackAnswers different people; the answers of
// the batch still open are counted nowhere, not even how many there are
// or whose: that count would move by one person's answers, as they give
// them and when a forget deletes them.
//
// So between any two readings a figure moves by whole batches: by the
// answers of 5 people or more, never by one answer that an admin who knows
// who has just answered (they know who is paired, and when pairs log
// sessions and so are asked) could read off. A closed batch keeps its
// totals (feedback_batches) when answers in it are deleted by /mentor
// forget, so a forget moves no figure either: the figures would otherwise
// move by exactly the answers deleted. The totals name nobody. No figure
// covers a window of time, as an answer leaving the window would move it.
//
// The rule is applied here only (closeFeedbackBatches), and once by
// migration 0019 to the answers given before it.

// Batch sides: whose answers a batch holds.
const (
	batchMentee  = "mentee"  // ratings a pair's mentee gave: of the mentoring they get
	batchMentor  = "mentor"  // ratings its mentor gave: of how the mentoring goes
	batchRatings = "ratings" // ratings of either side, made by migration 0019 only
	batchFit     = "fit"     // good-fit answers
)

// openAnswer is an answer of a batch still open.
type openAnswer struct {
	id     int64
	from   string
	side   string
	rating int
	fit    string
}

// closeFeedbackBatches closes every batch that holds answers of
// MinFeedbackAnswers different people, in the order the answers were
// given, and stores its totals. Run in the commit that stores an answer,
// so a batch closes with the answer that completes it.
func closeFeedbackBatches(ctx context.Context, tx *Tx) error {
	rows, err := tx.q.QueryContext(ctx, `SELECT f.id, f.from_id, f.from_id = p.mentee_id, f.kind, f.rating, f.fit
		FROM feedback f JOIN pairs p ON p.id = f.pair_id
		WHERE f.batch_id IS NULL AND f.kind <> 'note'
			AND (f.kind = 'rating' AND f.rating BETWEEN 1 AND 5 OR f.kind = 'fit' AND f.fit IN ('yes','unsure','no'))
		ORDER BY f.created_at, f.id`)
	if err != nil {
		return fmt.Errorf("feedback batches: open answers: %w", err)
	}
	bySide := map[string][]openAnswer{}
	err = each(rows, func(s scanner) error {
		var a openAnswer
		var mentee bool
		var kind string
		if err := s.Scan(&a.id, &a.from, &mentee, &kind, &a.rating, &a.fit); err != nil {
			return err
		}
		switch {
		case kind == FeedbackFit:
			a.side = batchFit
		case mentee:
			a.side = batchMentee
		default:
			a.side = batchMentor
		}
		bySide[a.side] = append(bySide[a.side], a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("feedback batches: open answers: %w", err)
	}
	for _, side := range []string{batchMentee, batchMentor, batchFit} {
		answers := bySide[side]
		people := map[string]bool{}
		start := 0
		for i, a := range answers {
			people[a.from] = true
			if len(people) < MinFeedbackAnswers {
				continue
			}
			if err := closeBatch(ctx, tx, side, answers[start:i+1], people); err != nil {
				return err
			}
			start, people = i+1, map[string]bool{}
		}
	}
	return nil
}

// closeBatch stores the totals of one batch, its answers and the
// different people who gave them, and marks the answers counted.
func closeBatch(ctx context.Context, tx *Tx, side string, answers []openAnswer, people map[string]bool) error {
	var ratingSum, yes, unsure, no int
	for _, a := range answers {
		ratingSum += a.rating
		switch a.fit {
		case FitYes:
			yes++
		case FitUnsure:
			unsure++
		case FitNo:
			no++
		}
	}
	// Who is new to the figures: a person counted in an earlier batch of
	// the same side is not counted again among its people, nor among all
	// raters if an earlier batch of ratings of any side counted them.
	counted := func(sides ...string) (int, error) {
		args := make([]any, 0, len(people)+len(sides))
		for p := range people {
			args = append(args, p)
		}
		for _, s := range sides {
			args = append(args, s)
		}
		var n int
		err := tx.q.QueryRowContext(ctx, `SELECT count(DISTINCT f.from_id) FROM feedback f JOIN feedback_batches b ON b.id = f.batch_id
			WHERE f.batch_id IS NOT NULL AND f.from_id IN (`+placeholders(len(people))+`) AND b.side IN (`+placeholders(len(sides))+`)`, args...).Scan(&n)
		return n, err
	}
	before, err := counted(side)
	if err != nil {
		return fmt.Errorf("feedback batches: people counted before: %w", err)
	}
	raters := 0
	if side != batchFit {
		ratedBefore, err := counted(batchMentee, batchMentor, batchRatings)
		if err != nil {
			return fmt.Errorf("feedback batches: raters counted before: %w", err)
		}
		raters = len(people) - ratedBefore
	}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO feedback_batches (side, answers, people, raters, rating_sum, fit_yes, fit_unsure, fit_no)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, side, len(answers), len(people)-before, raters, ratingSum, yes, unsure, no)
	if err != nil {
		return fmt.Errorf("feedback batches: close a batch of %s: %w", side, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("feedback batches: close a batch of %s: %w", side, err)
	}
	ids := make([]any, 0, len(answers)+1)
	ids = append(ids, id)
	for _, a := range answers {
		ids = append(ids, a.id)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE feedback SET batch_id = ? WHERE id IN (`+placeholders(len(answers))+`)`, ids...); err != nil {
		return fmt.Errorf("feedback batches: count the answers of batch %d: %w", id, err)
	}
	return nil
}
