package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Agenda item statuses.
const (
	AgendaOpen    = "open"
	AgendaCovered = "covered" // a logged session covered it
)

// MaxOpenAgenda is how many open agenda items a pair may have at once, so
// that an agenda fits in one Slack message.
const MaxOpenAgenda = 25

// AgendaItem is something a member wants to talk about at a meeting. Items
// that a logged session does not cover stay open and roll over to the next
// meeting.
type AgendaItem struct {
	ID       int64
	PairID   int64
	AuthorID string
	Text     string // as typed (unescaped); escape when showing
	// MeetingAt is the meeting the item was added for; zero means "the next
	// meeting, whenever it is": none was scheduled, or its meeting was
	// skipped or the schedule changed and none is ahead. Once one is, the
	// caller pins the item to it (PinAgendaTx); until then any session
	// logged is that next meeting and covers it, but for the log of a
	// meeting that had ended before the item was added (the caller's
	// CoverUntil). An open item whose
	// MeetingAt has passed was not covered then: it is carried over.
	MeetingAt time.Time
	Status    string
	SessionID int64 // the session that covered it; 0 while open
	CreatedAt time.Time
}

// CarriedOver reports whether the item was meant for a meeting that started
// before now and is still open.
func (a AgendaItem) CarriedOver(now time.Time) bool {
	return a.Status == AgendaOpen && !a.MeetingAt.IsZero() && a.MeetingAt.Before(now)
}

const agendaColumns = `id, pair_id, author_id, text, meeting_at, status, COALESCE(session_id, 0), created_at`

func scanAgenda(s scanner) (AgendaItem, error) {
	var a AgendaItem
	var at, created int64
	if err := s.Scan(&a.ID, &a.PairID, &a.AuthorID, &a.Text, &at, &a.Status, &a.SessionID, &created); err != nil {
		return AgendaItem{}, err
	}
	a.MeetingAt, a.CreatedAt = fromUnix(at), fromUnix(created)
	return a, nil
}

func queryAgenda(ctx context.Context, q sqlQuerier, where string, args ...any) ([]AgendaItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+agendaColumns+` FROM agenda_items WHERE `+where+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAgenda)
}

// AddAgendaItem adds text to the agenda of pair pairID, for the meeting at
// meetingAt (the pair's next meeting as the caller computed it; zero when
// none is scheduled). Either member may add. ENotFound for non-members;
// EConflict for an ended pair or a full agenda (MaxOpenAgenda); EInvalid
// for empty text.
func (db *DB) AddAgendaItem(ctx context.Context, actor string, pairID int64, text string, meetingAt time.Time) (AgendaItem, error) {
	var a AgendaItem
	err := db.InTx(ctx, func(tx *Tx) error {
		text = strings.TrimSpace(text)
		if text == "" {
			return Errorf(EInvalid, "What would you like to talk about? Add it after the command, e.g. `/mentor agenda how to prepare for my review`.")
		}
		p, err := livePair(ctx, tx.q, actor, pairID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM agenda_items WHERE pair_id = ? AND status = 'open'`, pairID).Scan(&n); err != nil {
			return fmt.Errorf("count agenda of pair %d: %w", pairID, err)
		}
		if n >= MaxOpenAgenda {
			return Errorf(EConflict, "Your agenda with <@%s> already has %d open items — that is plenty for one meeting. Log your next session to mark them covered, or take off one you added (`/mentor agenda` lists them with Remove buttons).", p.Partner(actor), n)
		}
		res, err := tx.q.ExecContext(ctx, `INSERT INTO agenda_items (pair_id, author_id, text, meeting_at, created_at) VALUES (?, ?, ?, ?, ?)`,
			pairID, actor, text, unix(meetingAt), unix(tx.Now))
		if err != nil {
			return fmt.Errorf("add agenda item to pair %d: %w", pairID, err)
		}
		id, _ := res.LastInsertId()
		a = AgendaItem{ID: id, PairID: pairID, AuthorID: actor, Text: text, MeetingAt: meetingAt.UTC(), Status: AgendaOpen, CreatedAt: tx.Now}
		if meetingAt.IsZero() {
			a.MeetingAt = time.Time{}
		}
		return nil
	})
	return a, err
}

// Agenda returns the open agenda items of pair pairID, oldest first, for
// actor, a member; ENotFound for anyone else.
func (db *DB) Agenda(ctx context.Context, actor string, pairID int64) ([]AgendaItem, error) {
	var out []AgendaItem
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		if _, err := memberPair(ctx, q, actor, pairID); err != nil {
			return err
		}
		var err error
		out, err = openAgenda(ctx, q, pairID)
		return err
	})
	return out, err
}

// OpenAgenda is Agenda without an access check, for the scheduler's
// reminders and agenda prompts.
func (db *DB) OpenAgenda(ctx context.Context, pairID int64) ([]AgendaItem, error) {
	return openAgenda(ctx, db.read, pairID)
}

// openAgenda reads pair pairID's open agenda items, oldest first.
func openAgenda(ctx context.Context, q sqlQuerier, pairID int64) ([]AgendaItem, error) {
	out, err := queryAgenda(ctx, q, `pair_id = ? AND status = 'open'`, pairID)
	if err != nil {
		return nil, fmt.Errorf("load agenda of pair %d: %w", pairID, err)
	}
	return out, nil
}

// coverAgendaTx marks as covered by session the pair's open items that
// were meant for a meeting before until (or for no particular meeting) and
// were added before until.
func coverAgendaTx(ctx context.Context, tx *Tx, pairID, session int64, until time.Time) ([]AgendaItem, error) {
	covered, err := queryAgenda(ctx, tx.q, `pair_id = ? AND status = 'open' AND created_at < ? AND meeting_at < ?`,
		pairID, unix(until), unix(until))
	if err != nil {
		return nil, fmt.Errorf("cover agenda of pair %d: %w", pairID, err)
	}
	for i := range covered {
		if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET status = 'covered', session_id = ? WHERE id = ?`, session, covered[i].ID); err != nil {
			return nil, fmt.Errorf("cover agenda item %d: %w", covered[i].ID, err)
		}
		covered[i].Status, covered[i].SessionID = AgendaCovered, session
	}
	return covered, nil
}

// PinAgendaTx gives the open items of pair pairID that wait for "the next
// meeting, whenever it is" (meeting_at 0) the pair's next meeting, at
// next, as the caller computed it after a skip, a new schedule or a
// resume; a zero next leaves them waiting. Left at zero they would be
// covered by any session logged, a coffee chat before that meeting too
// (coverAgendaTx), though they are on its agenda. With a non-zero before,
// the items of meetings before it go to next too: at a resume, those of
// the meetings the pause cancelled (and of any before it that went
// unlogged), which would otherwise be covered the same way, as if talked
// over at a meeting that never took place.
func PinAgendaTx(ctx context.Context, tx *Tx, pairID int64, next, before time.Time) error {
	if next.IsZero() {
		return nil
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE agenda_items SET meeting_at = ? WHERE pair_id = ? AND status = 'open' AND (meeting_at = 0 OR meeting_at < ?)`,
		unix(next), pairID, unix(before)); err != nil {
		return fmt.Errorf("pin agenda of pair %d to its next meeting: %w", pairID, err)
	}
	return nil
}

// RemoveAgendaItem takes an open item off its pair's agenda: its author
// may, having added it by mistake or no longer wanting to talk about it.
// ENotFound for anyone outside the pair or no such item; EForbidden for
// the partner (it is the author's to take back); EConflict when a logged
// session covered it already.
func (db *DB) RemoveAgendaItem(ctx context.Context, actor string, id int64) (AgendaItem, error) {
	var a AgendaItem
	err := db.InTx(ctx, func(tx *Tx) error {
		items, err := queryAgenda(ctx, tx.q, `id = ?`, id)
		if err != nil {
			return fmt.Errorf("load agenda item %d: %w", id, err)
		}
		notFound := Errorf(ENotFound, "I couldn't find that agenda item among your pairs'. `/mentor agenda` shows your next meeting's.")
		if len(items) == 0 {
			return notFound
		}
		a = items[0]
		p, err := memberPair(ctx, tx.q, actor, a.PairID)
		if err != nil {
			if ErrorCode(err) == ENotFound {
				return notFound
			}
			return err
		}
		if !p.Live() {
			// A Remove button on an answer drawn before the pair ended
			// changes nothing, as the typed command changes nothing then.
			return Errorf(EConflict, "Your pair with <@%s> has ended, so I haven't changed its agenda: its history stays as it was. `/mentor pairs` lists your pairs.", p.Partner(actor))
		}
		switch {
		case a.AuthorID != actor:
			return Errorf(EForbidden, "Only <@%s>, who added it, can take it off the agenda.", a.AuthorID)
		case a.Status != AgendaOpen:
			return Errorf(EConflict, "That item was covered in a logged session already.")
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM agenda_items WHERE id = ? AND status = 'open'`, id); err != nil {
			return fmt.Errorf("remove agenda item %d: %w", id, err)
		}
		return nil
	})
	return a, err
}
