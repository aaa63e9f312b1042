package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Export is everything mentorbot keeps about one person that is theirs to
// see: their profile and settings, the pairs they are or were in, their own
// goals with progress and comments, the sessions, to-dos and agenda of their
// pairs, the feedback they gave and received, their mentoring requests and
// their matching sign-up and the matching proposals that named them, and
// the notifications mentorbot sent them. It
// never holds another pair's data, nor the goals of the person's mentees
// (those are the mentees' own).
type Export struct {
	UserID     string           `json:"user_id"`
	ExportedAt time.Time        `json:"exported_at"`
	Profile    ExportProfile    `json:"profile"`
	Settings   ExportSettings   `json:"settings"`
	Pairs      []ExportPair     `json:"pairs"`
	Goals      []ExportGoal     `json:"goals"`
	Comments   []ExportComment  `json:"comments_on_mentees_goals"`
	Sessions   []ExportSession  `json:"sessions"`
	Todos      []ExportTodo     `json:"todos"`
	Agenda     []ExportAgenda   `json:"agenda_items"`
	Given      []ExportFeed     `json:"feedback_given"`
	Received   []ExportFeed     `json:"feedback_received"`
	Requests   []ExportRequest  `json:"mentoring_requests"`
	Signup     *ExportSignup    `json:"matching_signup,omitempty"`
	Proposals  []ExportProposal `json:"matching_proposals"`
	Sent       []ExportNote     `json:"notifications_sent"`
}

// ExportProfile is the cached Slack profile.
type ExportProfile struct {
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	TZ       string `json:"time_zone"`
}

// ExportSettings are the person's own settings; a nil field means the
// programme default.
type ExportSettings struct {
	RemindBefore     *string   `json:"reminder_lead_times"`
	CheckinsOn       bool      `json:"weekly_checkins"`
	NudgesOn         bool      `json:"nudges"`
	QuietHours       *string   `json:"quiet_hours"`
	NudgesStoppedAt  time.Time `json:"nudges_stopped_at,omitzero"`
	UnansweredNudges int       `json:"unanswered_nudges"`
}

// ExportPair is a pair the person is or was in.
type ExportPair struct {
	ID           int64     `json:"pair"`
	MentorID     string    `json:"mentor"`
	MenteeID     string    `json:"mentee"`
	Role         string    `json:"your_role"`
	Status       string    `json:"status"`
	CreatedAt    time.Time `json:"created_at"`
	EndedAt      time.Time `json:"ended_at,omitzero"`
	SnoozedUntil time.Time `json:"snoozed_until,omitzero"`
	Schedule     string    `json:"schedule,omitempty"`
	DurationMin  int       `json:"meeting_minutes,omitempty"`
}

// ExportGoal is one of the person's goals with its history.
type ExportGoal struct {
	Number    int64            `json:"number"`
	Text      string           `json:"text"`
	Measure   string           `json:"measure,omitempty"`
	Why       string           `json:"why,omitempty"`
	DueOn     string           `json:"due_on,omitempty"`
	Status    string           `json:"status"`
	Progress  int              `json:"progress_percent"`
	CreatedAt time.Time        `json:"created_at"`
	ClosedAt  time.Time        `json:"closed_at,omitzero"`
	History   []ExportProgress `json:"progress_history"`
	Comments  []ExportComment  `json:"comments"`
}

// ExportProgress is one progress update.
type ExportProgress struct {
	Percent int       `json:"percent"`
	Note    string    `json:"note,omitempty"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// ExportComment is a comment on a goal.
type ExportComment struct {
	Goal   int64     `json:"goal"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
	At     time.Time `json:"at"`
}

// ExportSession is a logged session of one of the person's pairs.
type ExportSession struct {
	Number   int64     `json:"number"`
	Pair     int64     `json:"pair"`
	HeldOn   string    `json:"held_on"`
	Notes    string    `json:"notes"`
	LoggedBy string    `json:"logged_by"`
	At       time.Time `json:"logged_at"`
}

// ExportTodo is a to-do of one of the person's pairs.
type ExportTodo struct {
	Number  int64     `json:"number"`
	Pair    int64     `json:"pair"`
	Session int64     `json:"session,omitempty"`
	Owner   string    `json:"owner"`
	Text    string    `json:"text"`
	Status  string    `json:"status"`
	At      time.Time `json:"created_at"`
	DoneAt  time.Time `json:"done_at,omitzero"`
}

// ExportAgenda is an agenda item of one of the person's pairs.
type ExportAgenda struct {
	Pair   int64     `json:"pair"`
	Author string    `json:"author"`
	Text   string    `json:"text"`
	Status string    `json:"status"`
	At     time.Time `json:"created_at"`
}

// ExportFeed is a piece of feedback. A good-fit answer (kind "fit") was
// sent to nobody: the check promised the partner would not see it, so it
// has no To but AboutPairWith, the partner, and Private says so. Notes and
// ratings reach the partner, To.
type ExportFeed struct {
	Pair          int64     `json:"pair"`
	From          string    `json:"from"`
	To            string    `json:"to,omitempty"`
	AboutPairWith string    `json:"about_pair_with,omitempty"`
	Kind          string    `json:"kind"`
	Rating        int       `json:"rating,omitempty"`
	Fit           string    `json:"fit,omitempty"`
	Text          string    `json:"text,omitempty"`
	Private       string    `json:"private,omitempty"`
	At            time.Time `json:"at"`
}

// exportFitPrivate is what an export says of a good-fit answer.
const exportFitPrivate = "your answer only: your partner never saw it"

// ExportRequest is a mentoring request the person made or received.
type ExportRequest struct {
	From    string    `json:"from"`
	To      string    `json:"to"`
	Message string    `json:"message,omitempty"`
	Status  string    `json:"status"`
	At      time.Time `json:"at"`
}

// ExportSignup is the person's matching sign-up.
type ExportSignup struct {
	Role     string    `json:"role"`
	Topics   string    `json:"topics"`
	Cadence  string    `json:"cadence"`
	Capacity int       `json:"capacity"`
	Manager  string    `json:"manager,omitempty"`
	Status   string    `json:"status"`
	At       time.Time `json:"at"`
}

// ExportProposal is a matching proposal that named the person, or the
// question to one of their pairs, at the close of a programme round,
// whether to continue.
type ExportProposal struct {
	Kind    string `json:"kind"` // "match", or "round_closing" for the question
	Mentor  string `json:"mentor"`
	Mentee  string `json:"mentee"`
	Role    string `json:"your_role"`
	Reasons string `json:"reasons,omitempty"`
	// Status: draft, proposed, lapsed, accepted, declined or dropped; a
	// round's closing question is proposed until the round closes,
	// accepted when both chose to continue, and otherwise "ended with
	// the round" (see closingStatus).
	Status string    `json:"status"`
	Answer string    `json:"your_answer"`
	At     time.Time `json:"proposed_at"`
}

// ExportNote is a notification mentorbot sent the person: what kind, about
// which pair and when. Text is the message's text where a copy was kept
// (one-off DMs such as the intro); notifications rendered at send time
// (reminders, check-ins) keep no copy.
type ExportNote struct {
	Kind   string    `json:"kind"`
	Pair   int64     `json:"pair,omitempty"`
	About  string    `json:"about,omitempty"`
	SentAt time.Time `json:"sent_at"`
	Text   string    `json:"text,omitempty"`
}

// Counts summarises an export for the covering message.
func (e Export) Counts() map[string]int {
	return map[string]int{
		"pairs": len(e.Pairs), "goals": len(e.Goals), "sessions": len(e.Sessions), "todos": len(e.Todos),
		"agenda": len(e.Agenda), "feedback_given": len(e.Given), "feedback_received": len(e.Received),
		"requests": len(e.Requests), "comments": len(e.Comments), "proposals": len(e.Proposals), "notifications": len(e.Sent),
	}
}

// pairsOfUser is the SQL set of every pair u is or was in.
const pairsOfUser = `(SELECT id FROM pairs WHERE mentor_id = ? OR mentee_id = ?)`

// ExportUser gathers user's own data, read in one snapshot. Anyone may
// export only themselves: the caller passes the person asking.
func (db *DB) ExportUser(ctx context.Context, user string) (Export, error) {
	e := Export{UserID: user, ExportedAt: db.clock.Now().UTC()}
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		steps := []func(context.Context, sqlQuerier, *Export) error{
			exportProfile, exportPairs, exportGoals, exportSessions, exportTodos, exportAgenda, exportFeedback, exportRequests, exportSignup, exportProposals, exportNotes,
		}
		for _, step := range steps {
			if err := step(ctx, q, &e); err != nil {
				return fmt.Errorf("export %s: %w", user, err)
			}
		}
		return nil
	})
	return e, err
}

func exportProfile(ctx context.Context, q sqlQuerier, e *Export) error {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE user_id = ?`, e.UserID))
	if errors.Is(err, sql.ErrNoRows) {
		d := DefaultSettings()
		e.Settings = ExportSettings{CheckinsOn: d.CheckinsOn, NudgesOn: d.NudgesOn}
		return nil
	}
	if err != nil {
		return err
	}
	e.Profile = ExportProfile{Name: u.Name, RealName: u.RealName, TZ: u.TZ}
	e.Settings = ExportSettings{RemindBefore: u.Settings.RemindBefore, CheckinsOn: u.Settings.CheckinsOn, NudgesOn: u.Settings.NudgesOn,
		QuietHours: u.Settings.QuietHours, NudgesStoppedAt: u.NudgesStoppedAt, UnansweredNudges: u.UnansweredNudges}
	return nil
}

func exportPairs(ctx context.Context, q sqlQuerier, e *Export) error {
	ps, err := queryPairs(ctx, q, `mentor_id = ? OR mentee_id = ?`, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Pairs = []ExportPair{}
	for _, p := range ps {
		ep := ExportPair{ID: p.ID, MentorID: p.MentorID, MenteeID: p.MenteeID, Role: p.Role(e.UserID), Status: p.Status,
			CreatedAt: p.CreatedAt, EndedAt: p.EndedAt, SnoozedUntil: p.SnoozedUntil}
		sc, ok, err := loadSchedule(ctx, q, p.ID)
		if err != nil {
			return err
		}
		if ok {
			ep.Schedule, ep.DurationMin = sc.Rule, int(sc.Duration/time.Minute)
		}
		e.Pairs = append(e.Pairs, ep)
	}
	return nil
}

func exportGoals(ctx context.Context, q sqlQuerier, e *Export) error {
	gs, err := queryGoals(ctx, q, `owner_id = ? ORDER BY id`, e.UserID)
	if err != nil {
		return err
	}
	e.Goals = []ExportGoal{}
	for _, g := range gs {
		eg := ExportGoal{Number: g.ID, Text: g.Text, Measure: g.Measure, Why: g.Why, DueOn: g.DueOn, Status: g.Status,
			Progress: g.Progress, CreatedAt: g.CreatedAt, ClosedAt: g.ClosedAt, History: []ExportProgress{}, Comments: []ExportComment{}}
		ps, err := goalProgress(ctx, q, `goal_id = ?`, g.ID)
		if err != nil {
			return err
		}
		for _, p := range ps {
			eg.History = append(eg.History, ExportProgress{Percent: p.Percent, Note: p.Note, By: p.ByUser, At: p.At})
		}
		if eg.Comments, err = exportComments(ctx, q, `goal_id = ?`, g.ID); err != nil {
			return err
		}
		e.Goals = append(e.Goals, eg)
	}
	// Comments the person wrote on other people's goals (as a mentor).
	e.Comments, err = exportComments(ctx, q, `author_id = ? AND goal_id NOT IN (SELECT id FROM goals WHERE owner_id = ?)`, e.UserID, e.UserID)
	return err
}

func exportComments(ctx context.Context, q sqlQuerier, where string, args ...any) ([]ExportComment, error) {
	rows, err := q.QueryContext(ctx, `SELECT goal_id, author_id, text, at FROM goal_comments WHERE `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return nil, err
	}
	out := []ExportComment{} // none is [] in the export, not null
	err = each(rows, func(s scanner) error {
		var c ExportComment
		var at int64
		if err := s.Scan(&c.Goal, &c.Author, &c.Text, &at); err != nil {
			return err
		}
		c.At = fromUnix(at)
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func exportSessions(ctx context.Context, q sqlQuerier, e *Export) error {
	ss, err := querySessions(ctx, q, `WHERE pair_id IN `+pairsOfUser+` ORDER BY held_on, id`, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Sessions = []ExportSession{}
	for _, s := range ss {
		e.Sessions = append(e.Sessions, ExportSession{Number: s.ID, Pair: s.PairID, HeldOn: s.HeldOn, Notes: s.Notes, LoggedBy: s.LoggedBy, At: s.CreatedAt})
	}
	return nil
}

func exportTodos(ctx context.Context, q sqlQuerier, e *Export) error {
	ts, err := queryTodos(ctx, q, `pair_id IN `+pairsOfUser, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Todos = []ExportTodo{}
	for _, t := range ts {
		e.Todos = append(e.Todos, ExportTodo{Number: t.ID, Pair: t.PairID, Session: t.SessionID, Owner: t.OwnerID, Text: t.Text,
			Status: t.Status, At: t.CreatedAt, DoneAt: t.DoneAt})
	}
	return nil
}

func exportAgenda(ctx context.Context, q sqlQuerier, e *Export) error {
	as, err := queryAgenda(ctx, q, `pair_id IN `+pairsOfUser, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Agenda = []ExportAgenda{}
	for _, a := range as {
		e.Agenda = append(e.Agenda, ExportAgenda{Pair: a.PairID, Author: a.AuthorID, Text: a.Text, Status: a.Status, At: a.CreatedAt})
	}
	return nil
}

func exportFeedback(ctx context.Context, q sqlQuerier, e *Export) error {
	// A partner's good-fit answer is private to its author, so it is not
	// among what the person received.
	rows, err := q.QueryContext(ctx, `SELECT pair_id, from_id, to_id, kind, rating, fit, text, created_at FROM feedback
		WHERE from_id = ? OR (to_id = ? AND kind <> 'fit') ORDER BY created_at, id`, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Given, e.Received = []ExportFeed{}, []ExportFeed{}
	return each(rows, func(s scanner) error {
		var f ExportFeed
		var at int64
		if err := s.Scan(&f.Pair, &f.From, &f.To, &f.Kind, &f.Rating, &f.Fit, &f.Text, &at); err != nil {
			return err
		}
		f.At = fromUnix(at)
		if f.Kind == FeedbackFit {
			// Stored with the partner as to_id, but never sent them.
			f.AboutPairWith, f.To, f.Private = f.To, "", exportFitPrivate
		}
		if f.From == e.UserID {
			e.Given = append(e.Given, f)
		} else {
			e.Received = append(e.Received, f)
		}
		return nil
	})
}

func exportRequests(ctx context.Context, q sqlQuerier, e *Export) error {
	rows, err := q.QueryContext(ctx, `SELECT requester_id, mentor_id, message, status, created_at FROM pair_requests
		WHERE requester_id = ? OR mentor_id = ? ORDER BY created_at, id`, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Requests = []ExportRequest{}
	return each(rows, func(s scanner) error {
		var r ExportRequest
		var at int64
		if err := s.Scan(&r.From, &r.To, &r.Message, &r.Status, &at); err != nil {
			return err
		}
		r.At = fromUnix(at)
		e.Requests = append(e.Requests, r)
		return nil
	})
}

func exportSignup(ctx context.Context, q sqlQuerier, e *Export) error {
	var s ExportSignup
	var at int64
	err := q.QueryRowContext(ctx, `SELECT role, topics, cadence, capacity, manager_id, status, created_at FROM signups WHERE user_id = ?`, e.UserID).
		Scan(&s.Role, &s.Topics, &s.Cadence, &s.Capacity, &s.Manager, &s.Status, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	s.At = fromUnix(at)
	e.Signup = &s
	return nil
}

func exportProposals(ctx context.Context, q sqlQuerier, e *Export) error {
	// Not an admin's drafts, published or not yet (dropped before they
	// were): those are the admin's work, which the person never saw.
	ps, err := queryProposals(ctx, q, `(mentor_id = ? OR mentee_id = ?) AND status <> 'draft'
		AND NOT (round > 0 AND status = 'dropped' AND NOT EXISTS (SELECT 1 FROM notifications WHERE key = 'proposal:' || proposals.id || ':to=' || ?))`,
		e.UserID, e.UserID, e.UserID)
	if err != nil {
		return err
	}
	e.Proposals = []ExportProposal{}
	for _, p := range ps {
		ep := ExportProposal{Kind: "match", Mentor: p.MentorID, Mentee: p.MenteeID, Role: RoleMentee, Reasons: p.Reasons, Status: p.Status, At: p.CreatedAt}
		if p.MentorID == e.UserID {
			ep.Role = RoleMentor
		}
		yes, no := "accepted", "declined"
		if p.Round < 0 {
			ep.Kind, yes, no = "round_closing", "continue", "end"
			if ep.Status, err = closingStatus(ctx, q, p); err != nil {
				return err
			}
		}
		switch p.OK(e.UserID) {
		case 1:
			ep.Answer = yes
		case -1:
			ep.Answer = no
		default:
			ep.Answer = "none"
		}
		// A published proposal lapses unanswered without a write.
		if p.Round > 0 && p.Status == ProposalProposed && e.ExportedAt.Sub(p.CreatedAt) > ProposalTTL {
			ep.Status = "lapsed"
		}
		e.Proposals = append(e.Proposals, ep)
	}
	return nil
}

// closingEnded is the exported status of a round's closing question
// that did not end with both choosing to continue.
const closingEnded = "ended with the round"

// closingStatus is the status of the closing question q as the export
// shows it to either of the two. Slack tells them only whether both chose
// to continue, never how the other answered: 'declined' (one chose to end)
// and 'dropped' (the round closed unanswered) would tell someone who chose
// to continue that their partner chose to end, or did not answer. While
// the round runs the question is open, whatever was answered so far;
// once it has closed, it ended with the round. Each person's own answer
// is theirs, in your_answer.
func closingStatus(ctx context.Context, q sqlQuerier, p Proposal) (string, error) {
	if p.Status == ProposalAccepted {
		return ProposalAccepted, nil
	}
	var active bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM cohorts WHERE id = ? AND status = 'active')`, -p.Round).Scan(&active)
	if err != nil {
		return "", fmt.Errorf("closing question %d: %w", p.ID, err)
	}
	if active && p.Status != ProposalDropped {
		return ProposalProposed, nil
	}
	return closingEnded, nil
}

// Forgetting a person cancels what is pending for them and blanks the
// copies of the DMs they were sent (see ofRecipient).
//
// Their DMs being sent (claimed by the dispatcher) are cancelled too, and
// marked NoteForgotten: a claim Slack has not accepted (not begun,
// waiting for a retry, or held by the client's pacing or a 429) must not
// go after the forget, as nothing new is to reach them (the bot's
// Notifier.Send asks ForgetState once the message is ready to post,
// and again before a post attempt that waited; the store's claims, MarkRetry, HoldClaim,
// MarkDone and MarkRefused take only rows still 'sending', so the row is
// not claimed, tried again or settled otherwise). One Slack already
// accepted cannot be called back: when its send ends it is recorded as
// sent (MarkSent), as it was, with the copy blanked here, and, for a
// session's DM, no record of where it is (see forgetSessionDMsSQL).
const (
	forgetPendingSQL = `UPDATE notifications NOT INDEXED SET status = 'cancelled',
		last_error = CASE WHEN status = 'sending' THEN '` + NoteForgotten + `' ELSE last_error END
		WHERE ` + ofRecipient + ` AND status IN ('pending', 'sending')`
	forgetCopiesSQL = `UPDATE notifications NOT INDEXED SET payload = '' WHERE ` + ofRecipient + ` AND payload <> ''`
	// forgetSessionDMsSQL forgets where the person's DMs about sessions
	// are, so that the bot edits none again: the sessions stay with the
	// former partner, who may still edit them or close their to-dos, and
	// those edits are not for someone who left the pair and asked to be
	// forgotten.
	forgetSessionDMsSQL = `UPDATE notifications NOT INDEXED SET channel = '', ts = '' WHERE ` + ofRecipient + ` AND kind = 'session_logged' AND status = 'sent'`
	// forgetPairPendingSQL cancels the DMs about the person's pairs that
	// carry their words (forgetWordKinds) and have not gone yet, whoever
	// they are for, as forgetPairCopiesSQL then blanks the copy: what such
	// a DM says (feedback they gave, the notes and to-dos of a session
	// they logged, a comment they made) was written from what the forget
	// deletes, and its buttons point to rows it deletes. So are those
	// drawn from the pair's state when sent (no copy: a reminder lists the
	// agenda, a follow-up the to-dos), which one rendered before the forget
	// and held in the pacer would post; the pair has ended, so none is
	// wanted any more. Other DMs with a copy still go (a partner's notice
	// that a pair or round ended, which is all a pair ended before may
	// still have pending): they hold none of the person's words. A copy cannot be blanked while its DM is to
	// go (a blank payload means a DM rendered by its kind, which these
	// are not). Those being sent are marked
	// NoteForgotten, for the sender not to post them (see forgetPendingSQL).
	// A live pair's pending DMs were cancelled already as the forget ended
	// it (endPairsOfTx), and the partner is told in the same commit.
	forgetPairPendingSQL = `UPDATE notifications INDEXED BY notifications_pair SET status = 'cancelled',
		last_error = CASE WHEN status = 'sending' THEN '` + NoteForgotten + `' ELSE last_error END
		WHERE pair_id <> 0 AND pair_id IN (SELECT id FROM pairs WHERE mentor_id = ? UNION SELECT id FROM pairs WHERE mentee_id = ?)
		AND status IN ('pending', 'sending') AND (payload = '' OR kind IN ` + forgetWordKinds + `)`
	// forgetWordKinds are the kinds of DM to others that quote what a
	// person wrote or owned (bot: feedback.go; goals.go: a comment, a goal
	// done; sessions.go; reopen.go: a to-do reopened). A new kind of DM
	// that quotes a person's words to someone else belongs here.
	forgetWordKinds = `('feedback_received', 'goal_comment', 'goal_done', 'session_logged', 'todo_reopened')`
	// forgetPairCopiesSQL blanks the settled copies of every DM about the
	// person's pairs, whoever received it.
	forgetPairCopiesSQL = `UPDATE notifications INDEXED BY notifications_pair SET payload = ''
		WHERE pair_id <> 0 AND pair_id IN (SELECT id FROM pairs WHERE mentor_id = ? UNION SELECT id FROM pairs WHERE mentee_id = ?)
		AND status IN ('sent', 'dropped', 'cancelled', 'failed') AND payload <> ''`
	// forgetFitAdminCopiesSQL blanks the admins' copies of a good-fit "no"
	// passed on about one of the person's pairs (bot: key
	// "fit-admin:pair=ID:from=…:to=…"). They are about the pair but filed
	// under the admin (pair 0, so that the admin's export finds them),
	// which forgetPairCopiesSQL does not reach; the key's range finds them.
	// One not sent yet (pending, or being sent: marked NoteForgotten, see
	// forgetPendingSQL) is cancelled first: a blank payload means a
	// planned DM rendered by its kind, and fit_admin has no renderer. (The
	// unary + keeps SQLite from walking notifications_due for the status.)
	forgetFitAdminPendingSQL = `UPDATE notifications SET status = 'cancelled',
		last_error = CASE WHEN status = 'sending' THEN '` + NoteForgotten + `' ELSE last_error END
		WHERE key >= 'fit-admin:pair=' || ?1 || ':' AND key < 'fit-admin:pair=' || ?1 || ';'
		AND +status IN ('pending', 'sending')`
	forgetFitAdminCopiesSQL = `UPDATE notifications SET payload = ''
		WHERE key >= 'fit-admin:pair=' || ?1 || ':' AND key < 'fit-admin:pair=' || ?1 || ';'
		AND +status IN ('sent', 'dropped', 'cancelled', 'failed') AND payload <> ''`
)

// What a forget leaves of a person's proposals (see Forget); ?1 is the
// person. The DMs that asked the other person have the key
// "proposal:ID:to=OTHER" (bot); one not sent yet is cancelled, as a blank
// payload means a DM rendered by its kind at send time, which a proposal
// DM is not; one being sent is marked NoteForgotten, for the sender not
// to post it (see forgetPendingSQL).
const (
	forgetProposalsSQL = `UPDATE proposals SET reasons = '',
		mentor_ok = CASE WHEN mentor_id = ?1 THEN 0 ELSE mentor_ok END,
		mentee_ok = CASE WHEN mentee_id = ?1 THEN 0 ELSE mentee_ok END
		WHERE mentor_id = ?1 OR mentee_id = ?1`
	proposalDMsToOthers = `key IN (SELECT 'proposal:' || id || ':to=' || CASE WHEN mentor_id = ?1 THEN mentee_id ELSE mentor_id END
		FROM proposals WHERE round > 0 AND (mentor_id = ?1 OR mentee_id = ?1))`
	forgetProposalPendingSQL = `UPDATE notifications SET status = 'cancelled',
		last_error = CASE WHEN status = 'sending' THEN '` + NoteForgotten + `' ELSE last_error END
		WHERE ` + proposalDMsToOthers + ` AND +status IN ('pending', 'sending')`
	forgetProposalCopiesSQL = `UPDATE notifications SET payload = '' WHERE ` + proposalDMsToOthers + `
		AND +status IN ('sent', 'dropped', 'cancelled', 'failed') AND payload <> ''`
)

// What a forget does to the DMs of the person's mentoring requests (bot:
// key "request:ID"), which quote their message; ? is the person. One not
// sent yet, or being sent (marked NoteForgotten, for the sender not to
// post it: see forgetPendingSQL), is taken back: nobody is to be asked
// about a request that is gone. Then every copy goes. (The unary + keeps
// SQLite on the key rather than walking notifications_due.)
const (
	forgetRequestPendingSQL = `UPDATE notifications SET status = 'cancelled',
		last_error = CASE WHEN status = 'sending' THEN '` + NoteForgotten + `' ELSE last_error END
		WHERE key IN (SELECT 'request:' || id FROM pair_requests WHERE requester_id = ?) AND +status IN ('pending', 'sending')`
	forgetRequestCopiesSQL = `UPDATE notifications SET payload = '' WHERE key IN
		(SELECT 'request:' || id FROM pair_requests WHERE requester_id = ?)`
)

// exportNotesSQL reads the DMs sent to a person (see ofRecipient).
const exportNotesSQL = `SELECT kind, pair_id, ref, sent_at, payload FROM notifications NOT INDEXED
	WHERE ` + ofRecipient + ` AND status = 'sent' ORDER BY sent_at, id`

func exportNotes(ctx context.Context, q sqlQuerier, e *Export) error {
	rows, err := q.QueryContext(ctx, exportNotesSQL, recipientArgs(e.UserID)...)
	if err != nil {
		return err
	}
	e.Sent = []ExportNote{}
	return each(rows, func(s scanner) error {
		var n ExportNote
		var at int64
		var payload string
		if err := s.Scan(&n.Kind, &n.Pair, &n.About, &at, &payload); err != nil {
			return err
		}
		n.SentAt = fromUnix(at)
		if payload != "" {
			// The bot's stored message: {"text": ..., "blocks": ...}.
			var m struct {
				Text string `json:"text"`
			}
			if json.Unmarshal([]byte(payload), &m) == nil {
				n.Text = m.Text
			}
		}
		e.Sent = append(e.Sent, n)
		return nil
	})
}

// Forgotten says what Forget did.
type Forgotten struct {
	// Ended are the pairs that were live and have now ended: their partners
	// should be told and their notifications re-planned.
	Ended []Pair
	// Dropped are the open match proposals with them, now withdrawn: the
	// other person should be told.
	Dropped []Proposal
	// Withdrawn are the pending mentoring requests they made or were
	// asked, now deleted: a requester waiting for their answer should be
	// told, and the DM asking them (key "request:ID") no longer answered.
	Withdrawn []Request
	// Counts of what was deleted or anonymised, by kind. FeedbackDeleted
	// counts the feedback they gave or could read, not their partners'
	// good-fit answers about them (deleted too): those are private to the
	// partner, and a count that held them would tell that they answered.
	GoalsDeleted, FeedbackDeleted, TodosDeleted, AgendaDeleted, CommentsDeleted, RequestsDeleted int64
	SessionsAnonymised                                                                           int64
}

// Forget deletes a person's own data, in one commit, at their own request:
//
//   - their goals, with the goals' progress history and comments;
//   - comments and progress notes they wrote on other people's goals (the
//     progress figures stay in the owner's history, anonymised);
//   - the contents of their profile row: cached name, zone, settings,
//     nudge state (the row's ID stays, because pairs refer to it; their
//     Slack profile, which every member of the workspace sees, is read
//     from Slack again when they use mentorbot or someone names them, as
//     for anyone the bot has not met; their settings and what they wrote
//     are not);
//   - where their DMs about sessions are, so that a former partner's
//     later edits of those sessions never reach their DM;
//   - feedback they gave and feedback they received (including their
//     partners' good-fit answers about the pairing with them);
//   - to-dos they own and agenda items they wrote;
//   - their mentoring requests (made or received) and matching sign-up;
//     draft or proposed matches with them are dropped; their proposals
//     keep only who was proposed with whom and how it ended (so that the
//     two are not proposed together again): the reasons, their answers
//     and the other person's copy of the proposal DM go; the matching
//     rounds they ran, the pairs they made or ended and the programme
//     rounds they started as an admin no longer name them;
//   - the notes of sessions they logged: the session rows stay, with empty
//     notes and no author, so that the partner's history still shows that
//     the pair met. Sessions the partner logged, and the partner's to-dos,
//     are the partner's own and stay;
//   - the stored copies of DMs sent to them (notification payloads); what
//     was still pending for them, or being sent, is cancelled (a DM
//     already posted cannot be called back: it is recorded as sent, with
//     no copy; see forgetPendingSQL); and the copies of DMs about their
//     pairs sent to others: their partners, and the admins told of a
//     good-fit "no" (such a DM not sent yet, pending or being sent, is
//     cancelled when it quotes their words: see forgetPairPendingSQL);
//   - the answers kept for redeliveries (see deliveries): the rows of
//     their own commands go, and every other kept answer is blanked, as
//     any of them may quote them (a partner's /goal list, an agenda). A
//     redelivery of one of those is answered as an interrupted one.
//
// Their live pairs end (by them), with their pending notifications.
// Pair rows stay as the record that the pair existed; they hold no content.
// Their ID and the time are kept in forgotten, so that restoring a backup
// taken before this forgets them again (Restore).
//
// also, when not nil, runs in the same commit once that is done, with what
// was done: the bot takes back there the DMs that asked others about
// their withdrawn requests (RetractDMTx), so that one being sent is
// edited once it is recorded as sent.
func (db *DB) Forget(ctx context.Context, user string, also func(tx *Tx, f Forgotten) error) (Forgotten, error) {
	var f Forgotten
	err := db.InTx(ctx, func(tx *Tx) error {
		exec := func(what, query string, args ...any) (int64, error) {
			res, err := tx.q.ExecContext(ctx, query, args...)
			if err != nil {
				return 0, fmt.Errorf("forget %s: %s: %w", user, what, err)
			}
			n, _ := res.RowsAffected()
			return n, nil
		}
		var err error
		if f.Ended, err = endPairsOfTx(ctx, tx, user); err != nil {
			return fmt.Errorf("forget %s: %w", user, err)
		}
		steps := []struct {
			what  string
			n     *int64
			query string
			args  []any
		}{
			{"comments on own goals", nil, `DELETE FROM goal_comments WHERE goal_id IN (SELECT id FROM goals WHERE owner_id = ?)`, []any{user}},
			{"progress of own goals", nil, `DELETE FROM goal_progress WHERE goal_id IN (SELECT id FROM goals WHERE owner_id = ?)`, []any{user}},
			{"goals", &f.GoalsDeleted, `DELETE FROM goals WHERE owner_id = ?`, []any{user}},
			{"comments written", &f.CommentsDeleted, `DELETE FROM goal_comments WHERE author_id = ?`, []any{user}},
			{"progress notes written", nil, `UPDATE goal_progress SET note = '', by_user = '' WHERE by_user = ?`, []any{user}},
			{"feedback", nil, `DELETE FROM feedback WHERE from_id = ? OR to_id = ?`, []any{user, user}},
			{"agenda items", &f.AgendaDeleted, `DELETE FROM agenda_items WHERE author_id = ?`, []any{user}},
			{"to-dos", &f.TodosDeleted, `DELETE FROM todos WHERE owner_id = ?`, []any{user}},
			{"to-dos marked done", nil, `UPDATE todos SET done_by = '' WHERE done_by = ?`, []any{user}},
			{"sessions logged", &f.SessionsAnonymised, `UPDATE sessions SET notes = '', logged_by = '' WHERE logged_by = ?`, []any{user}},
			{"requests not sent yet", nil, forgetRequestPendingSQL, []any{user}},
			{"copies of requests", nil, forgetRequestCopiesSQL, []any{user}},
			{"requests", &f.RequestsDeleted, `DELETE FROM pair_requests WHERE requester_id = ? OR mentor_id = ?`, []any{user, user}},
			{"sign-up", nil, `DELETE FROM signups WHERE user_id = ?`, []any{user}},
			{"proposals", nil, `UPDATE proposals SET status = 'dropped' WHERE status IN ('draft','proposed') AND (mentor_id = ? OR mentee_id = ?)`, []any{user, user}},
			// Of their proposals matching keeps who was proposed with whom
			// and how it ended, so that the two are not proposed together
			// again; why they fit (read from both sign-ups) and their own
			// answers go, and so do the reasons in the other's copy of the
			// DM that asked them.
			{"proposal reasons and answers", nil, forgetProposalsSQL, []any{user}},
			{"proposal DMs to others not sent yet", nil, forgetProposalPendingSQL, []any{user}},
			{"proposal DMs to others", nil, forgetProposalCopiesSQL, []any{user}},
			// An admin's /mentor match rounds stay, without their name: a
			// button on a review they replaced no longer names them.
			{"match rounds run", nil, `UPDATE proposals SET created_by = '' WHERE created_by = ?`, []any{user}},
			// Likewise the pairs they made or ended as an admin, and the
			// programme rounds they started: the rows stay, for the people
			// in them and the programme's figures, without their name. (The
			// pairs they were in name them as a member anyway, and as the
			// one who ended those that this forget ends.)
			{"pairs made", nil, `UPDATE pairs SET created_by = '' WHERE created_by = ? AND mentor_id <> ? AND mentee_id <> ?`, []any{user, user, user}},
			{"pairs ended", nil, `UPDATE pairs SET ended_by = '' WHERE ended_by = ? AND mentor_id <> ? AND mentee_id <> ?`, []any{user, user, user}},
			{"rounds started", nil, `UPDATE cohorts SET created_by = '' WHERE created_by = ?`, []any{user}},
			// A partner's copies of DMs about a pair carry this person's
			// words too (feedback they gave, the to-dos of a session they
			// logged): blanked, as the originals are deleted.
			{"DMs about their pairs not sent yet", nil, forgetPairPendingSQL, []any{user, user}},
			{"copies sent to partners", nil, forgetPairCopiesSQL, []any{user, user}},
			{"pending notifications", nil, forgetPendingSQL, recipientArgs(user)},
			{"notification copies", nil, forgetCopiesSQL, recipientArgs(user)},
			{"where their session DMs are", nil, forgetSessionDMsSQL, recipientArgs(user)},
			{"answers kept for redeliveries", nil, `DELETE FROM deliveries WHERE user_id = ?`, []any{user}},
			{"answers kept for others", nil, `UPDATE deliveries SET reply = '', done_at = 0 WHERE reply <> ''`, nil},
			{"profile", nil, `UPDATE users SET name = '', real_name = '', tz = '', is_admin = 0, fetched_at = 0,
				remind_before = NULL, checkins_on = 1, nudges_on = 1, quiet_hours = NULL,
				unanswered_nudges = 0, nudges_stopped_at = 0, last_nudge_at = 0, last_active_at = 0 WHERE user_id = ?`, []any{user}},
		}
		if f.Withdrawn, err = pendingRequestsOf(ctx, tx.q, user); err != nil {
			return fmt.Errorf("forget %s: %w", user, err)
		}
		if f.Dropped, err = openProposalsOf(ctx, tx.q, user, tx.Now); err != nil {
			return fmt.Errorf("forget %s: proposals: %w", user, err)
		}
		// As the export shows them: a partner's good-fit answer about
		// them never was theirs to see.
		if err := tx.q.QueryRowContext(ctx, `SELECT count(*) FROM feedback WHERE from_id = ? OR (to_id = ? AND kind <> 'fit')`, user, user).
			Scan(&f.FeedbackDeleted); err != nil {
			return fmt.Errorf("forget %s: count feedback: %w", user, err)
		}
		for _, s := range steps {
			n, err := exec(s.what, s.query, s.args...)
			if err != nil {
				return err
			}
			if s.n != nil {
				*s.n = n
			}
		}
		// A good-fit "no" told to the admins is an answer about the pair,
		// deleted above with the feedback of either member: its copies go
		// with it.
		ids, err := reportInts(tx.q.QueryContext(ctx, `SELECT id FROM pairs WHERE mentor_id = ? UNION SELECT id FROM pairs WHERE mentee_id = ?`, user, user))
		if err != nil {
			return fmt.Errorf("forget %s: pairs: %w", user, err)
		}
		for _, id := range ids {
			if _, err := exec("admins' good-fit answers not sent yet", forgetFitAdminPendingSQL, id); err != nil {
				return err
			}
			if _, err := exec("admins' copies of good-fit answers", forgetFitAdminCopiesSQL, id); err != nil {
				return err
			}
		}
		// Kept, so that a backup from before this does not bring back
		// what it deleted when it is restored (Restore).
		if _, err := exec("the record of the forget", `INSERT INTO forgotten (user_id, at) VALUES (?, ?)
			ON CONFLICT (user_id) DO UPDATE SET at = excluded.at`, user, unix(tx.Now)); err != nil {
			return err
		}
		// Counted, so that a DM drawn from its recipient's pairs before
		// this commit, and not yet posted, is drawn again (ForgetState).
		if _, err := exec("the count of forgets", `INSERT INTO scheduler_state (name, value) VALUES ('forgets', '1')
			ON CONFLICT (name) DO UPDATE SET value = CAST(value AS INTEGER) + 1`); err != nil {
			return err
		}
		if also != nil {
			return also(tx, f)
		}
		return nil
	})
	return f, err
}
