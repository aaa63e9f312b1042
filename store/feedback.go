package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Feedback kinds.
const (
	FeedbackNote   = "note"   // free text (/mentor feedback @partner TEXT)
	FeedbackRating = "rating" // a 1–5 rating of the mentoring, with an optional comment (feedback prompts)
	FeedbackFit    = "fit"    // the good-fit check's answer: private to its author
)

// Good-fit answers.
const (
	FitYes    = "yes"
	FitUnsure = "unsure"
	FitNo     = "no"
)

// MaxFeedbackText is the longest feedback text or comment.
const MaxFeedbackText = 2500

// Feedback is what one member of a pair said about the mentoring, for the
// other (ToID). A fit answer is never shown to the partner.
type Feedback struct {
	ID        int64
	PairID    int64
	FromID    string
	ToID      string
	Kind      string
	Rating    int    // 1..5 for a rating; 0 otherwise
	Fit       string // FitYes, FitUnsure or FitNo for a fit answer
	Text      string // as typed (unescaped)
	CreatedAt time.Time
}

// NewFeedback is what GiveFeedback records.
type NewFeedback struct {
	PairID int64
	Kind   string
	Rating int
	Fit    string
	Text   string
	// Prompt, for a rating, is the key of the feedback prompt it answers:
	// the rating is then refused unless that prompt was sent to its
	// author about this pair and is not answered yet. "" is a rating that
	// answers no prompt; the bot always names one.
	Prompt string
}

// ErrAnswered refuses a second answer to one question: the good-fit check
// (one answer per person and pair) or a feedback prompt (one rating per
// prompt). A double press, or a press on an old copy of the message,
// would otherwise count one person twice in the programme's figures.
// Nothing is stored.
var ErrAnswered = Errorf(EConflict, "You've already answered this one — thank you.")

// ErrNotAsked refuses a rating that answers a feedback prompt never sent
// to its author about that pair (a forged round, another person's
// button): every such rating would reach the partner and the figures as
// one more. Nothing is stored.
var ErrNotAsked = Errorf(ENotFound, "I haven't asked you for this feedback, so I haven't kept or passed on anything.")

const feedbackColumns = `id, pair_id, from_id, to_id, kind, rating, fit, text, created_at`

func scanFeedback(s scanner) (Feedback, error) {
	var f Feedback
	var created int64
	if err := s.Scan(&f.ID, &f.PairID, &f.FromID, &f.ToID, &f.Kind, &f.Rating, &f.Fit, &f.Text, &created); err != nil {
		return Feedback{}, err
	}
	f.CreatedAt = fromUnix(created)
	return f, nil
}

func queryFeedback(ctx context.Context, q sqlQuerier, where string, args ...any) ([]Feedback, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanFeedback)
}

// checkFeedback validates in and returns it tidied.
func checkFeedback(in NewFeedback) (NewFeedback, error) {
	in.Text = strings.TrimSpace(in.Text)
	if n := utf8.RuneCountInString(in.Text); n > MaxFeedbackText {
		return in, Errorf(EInvalid, "That feedback is %d characters long; the limit is %d. Please shorten it.", n, MaxFeedbackText)
	}
	switch in.Kind {
	case FeedbackNote:
		if in.Text == "" {
			return in, Errorf(EInvalid, "What would you like to tell your partner? Write it after the command, e.g. `/mentor feedback @partner your questions really helped me this week`.")
		}
		in.Rating, in.Fit = 0, ""
	case FeedbackRating:
		if in.Rating < 1 || in.Rating > 5 {
			return in, Errorf(EInvalid, "A rating is a number from 1 to 5.")
		}
		in.Fit = ""
	case FeedbackFit:
		if in.Fit != FitYes && in.Fit != FitUnsure && in.Fit != FitNo {
			return in, Errorf(EInvalid, "The answer is yes, not sure or no.")
		}
		in.Rating = 0
	default:
		return in, fmt.Errorf("feedback: unknown kind %q", in.Kind)
	}
	return in, nil
}

// GiveFeedback records feedback from actor, a member of the live pair
// in.PairID, about the mentoring with their partner, and returns it with
// the pair. ENotFound for anyone else; EConflict for an ended pair;
// EInvalid for a bad rating, answer or text; ErrAnswered for a second
// good-fit answer in the pair, or a second rating of in.Prompt;
// ErrNotAsked for a rating of a prompt never sent to actor.
func (db *DB) GiveFeedback(ctx context.Context, actor string, in NewFeedback) (Feedback, Pair, error) {
	var f Feedback
	var p Pair
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		f, p, err = GiveFeedbackTx(ctx, tx, actor, in)
		return err
	})
	return f, p, err
}

// GiveFeedbackTx is GiveFeedback inside a larger commit: the feedback and
// the DM that passes it on to the partner are stored together or not at
// all.
func GiveFeedbackTx(ctx context.Context, tx *Tx, actor string, in NewFeedback) (Feedback, Pair, error) {
	in, err := checkFeedback(in)
	if err != nil {
		return Feedback{}, Pair{}, err
	}
	p, err := livePair(ctx, tx.q, actor, in.PairID)
	if err != nil {
		return Feedback{}, Pair{}, err
	}
	// Once per question, checked in the commit that stores the answer:
	// writes are one at a time, so of two presses at once the second
	// finds the first's answer.
	switch {
	case in.Kind == FeedbackFit:
		var n int
		if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM feedback WHERE pair_id = ? AND from_id = ? AND kind = 'fit'`,
			p.ID, actor).Scan(&n); err != nil {
			return Feedback{}, Pair{}, fmt.Errorf("give feedback in pair %d: earlier good-fit answers: %w", p.ID, err)
		}
		if n > 0 {
			return Feedback{}, Pair{}, ErrAnswered
		}
	case in.Kind == FeedbackRating && in.Prompt != "":
		_, answered, err := feedbackPrompt(ctx, tx.q, actor, p.ID, in.Prompt)
		if err != nil {
			return Feedback{}, Pair{}, err
		}
		if answered {
			return Feedback{}, Pair{}, ErrAnswered
		}
	}
	f := Feedback{PairID: p.ID, FromID: actor, ToID: p.Partner(actor), Kind: in.Kind, Rating: in.Rating, Fit: in.Fit,
		Text: in.Text, CreatedAt: tx.Now}
	res, err := tx.q.ExecContext(ctx, `INSERT INTO feedback (pair_id, from_id, to_id, kind, rating, fit, text, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.PairID, f.FromID, f.ToID, f.Kind, f.Rating, f.Fit, f.Text, unix(tx.Now))
	if err != nil {
		return Feedback{}, Pair{}, fmt.Errorf("give feedback in pair %d: %w", p.ID, err)
	}
	f.ID, _ = res.LastInsertId()
	// The answer may complete a batch of the programme's feedback figures.
	if f.Kind != FeedbackNote {
		if err := closeFeedbackBatches(ctx, tx); err != nil {
			return Feedback{}, Pair{}, fmt.Errorf("give feedback in pair %d: %w", p.ID, err)
		}
	}
	return f, p, nil
}

// FeedbackPrompt returns the feedback prompt with key that was sent to
// actor about pair pairID, and whether actor has answered it: given a
// rating in the pair since it was sent (a later prompt's rating answers
// the earlier ones too: one question about the mentoring so far).
// ErrNotAsked when no such prompt was sent to actor about that pair.
func (db *DB) FeedbackPrompt(ctx context.Context, actor string, pairID int64, key string) (Notification, bool, error) {
	var n Notification
	var answered bool
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		var err error
		n, answered, err = feedbackPrompt(ctx, q, actor, pairID, key)
		return err
	})
	return n, answered, err
}

func feedbackPrompt(ctx context.Context, q sqlQuerier, actor string, pairID int64, key string) (Notification, bool, error) {
	n, err := scanNote(q.QueryRowContext(ctx, `SELECT `+noteColumns+` FROM notifications WHERE key = ?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Notification{}, false, ErrNotAsked
	}
	if err != nil {
		return Notification{}, false, fmt.Errorf("load feedback prompt %s: %w", key, err)
	}
	if n.RecipientID != actor || n.PairID != pairID || n.SentAt.IsZero() {
		return Notification{}, false, ErrNotAsked
	}
	var given int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM feedback WHERE pair_id = ? AND from_id = ? AND kind = 'rating' AND created_at >= ?`,
		pairID, actor, unix(n.SentAt)).Scan(&given); err != nil {
		return Notification{}, false, fmt.Errorf("answers to feedback prompt %s: %w", key, err)
	}
	return n, given > 0, nil
}

// FeedbackGiven lists the feedback of kind ("" for any) that actor gave in
// pair pairID at or after since, newest first. ENotFound when actor is not
// a member of the pair.
func (db *DB) FeedbackGiven(ctx context.Context, actor string, pairID int64, kind string, since time.Time) ([]Feedback, error) {
	var out []Feedback
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		if _, err := memberPair(ctx, q, actor, pairID); err != nil {
			return err
		}
		var err error
		out, err = queryFeedback(ctx, q, `pair_id = ? AND from_id = ? AND (? = '' OR kind = ?) AND created_at >= ?
			ORDER BY created_at DESC, id DESC`, pairID, actor, kind, kind, unix(since))
		if err != nil {
			return fmt.Errorf("list feedback of %s: %w", actor, err)
		}
		return nil
	})
	return out, err
}

// FeedbackReceived lists the notes and ratings actor's partners gave them,
// newest first, at most limit (0: 20). Good-fit answers are private to
// their author and never listed here.
func (db *DB) FeedbackReceived(ctx context.Context, actor string, limit int) ([]Feedback, error) {
	if limit <= 0 {
		limit = 20
	}
	out, err := queryFeedback(ctx, db.read, `to_id = ? AND kind <> 'fit' ORDER BY created_at DESC, id DESC LIMIT ?`, actor, limit)
	if err != nil {
		return nil, fmt.Errorf("list feedback to %s: %w", actor, err)
	}
	return out, nil
}

// ProgrammeAdmins lists the people Slack says are workspace admins (among
// those the bot has seen), for telling an admin something at a member's
// request. No access check: the caller decides.
func (db *DB) ProgrammeAdmins(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT user_id FROM users WHERE is_admin = 1 AND deleted = 0 AND is_bot = 0 ORDER BY user_id`)
	if err != nil {
		return nil, fmt.Errorf("list workspace admins: %w", err)
	}
	return collect(rows, func(s scanner) (string, error) {
		id, err := scanOne[string](s)
		if err != nil {
			return "", fmt.Errorf("list workspace admins: %w", err)
		}
		return id, nil
	})
}
