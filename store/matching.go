package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Matching: the topic list, sign-ups and proposals.
//
// A sign-up is 'waiting' while its owner is in the pool, 'matched' once
// they need nothing more (a mentee has their mentor; a mentor's places
// are full), 'withdrawn' after /mentor leave. What someone still needs is
// worked out from pairs and proposals rather than stored: a mentor's free
// places are their capacity less their live pairs as a mentor and their
// open proposals as a mentor; a mentee is served by a live pair as a
// mentee made since they signed up, or by an open proposal.
//
// A proposal with a positive round belongs to a matching round: 'draft'
// while only the admin who ran /mentor match sees it, 'proposed' once
// published and waiting for both to accept, then 'accepted' (a pair was
// made), 'declined' or 'dropped' (by the admin, because someone left, or
// because the two were paired another way: CloseProposalsOfPairTx).
// Two people of a declined or dropped proposal are never proposed again.
// A published proposal that has not been accepted by both within
// ProposalTTL lapses: both are back in the pool, and may be proposed
// together again (nobody said no).
// A proposal with a negative round -N is the closing question of cohort
// N, "does this pair continue?" (see cohorts.go); matching ignores those.

// Topic list and sign-up limits; they fit Slack's option limits (75
// characters, 100 options).
const (
	MaxTopics        = 100
	MaxTopicLen      = 60
	MaxSignupTopics  = 20
	MaxCapacity      = 10
	SignupWaiting    = "waiting"
	SignupMatched    = "matched"
	SignupWithdrawn  = "withdrawn"
	RoleMentor       = "mentor"
	RoleMentee       = "mentee"
	RoleBoth         = "both"
	ProposalDraft    = "draft"
	ProposalProposed = "proposed"
	ProposalAccepted = "accepted"
	ProposalDeclined = "declined"
	ProposalDropped  = "dropped"
)

// ProposalTTL is how long a published proposal waits for both answers
// before it lapses.
const ProposalTTL = 14 * 24 * time.Hour

// Cadences someone may prefer.
var Cadences = []string{"weekly", "biweekly", "monthly"}

// CleanTopic trims a topic and collapses its spaces.
func CleanTopic(s string) string { return strings.Join(strings.Fields(s), " ") }

// FormattingChars are the characters Slack's mrkdwn reads as formatting
// (bold, italics, strike-through, code). A round's name and a topic are
// shown inside formatting (the round's name in bold) and in lists where
// one would turn the rest bold: they may not contain any.
const FormattingChars = "*_~`"

// formattingError is the EInvalid for a name (what: "A round's name")
// with one of FormattingChars. It does not quote the name: quoted, it
// would show garbled as it would anywhere else.
func formattingError(what, name string) error {
	if !strings.ContainsAny(name, FormattingChars) {
		return nil
	}
	return Errorf(EInvalid, "%s can't contain `*`, `_`, `~` or backticks: Slack would read them as formatting, and the name would show garbled. "+
		"Write it without them (spaces or hyphens do instead).", what)
}

// CheckFormatting is formattingError for a topic someone types when they
// sign up: nil when it has no formatting character.
func CheckFormatting(topic string) error { return formattingError("A topic", topic) }

func checkTopic(name string) error {
	switch {
	case name == "":
		return Errorf(EInvalid, "A topic needs a name.")
	case strings.Contains(name, ","):
		return Errorf(EInvalid, "A topic can't contain a comma (%s); commas separate topics.", quote(name))
	case utf8.RuneCountInString(name) > MaxTopicLen:
		return Errorf(EInvalid, "The topic %s is %d characters long; the limit is %d.", quote(name), utf8.RuneCountInString(name), MaxTopicLen)
	}
	return nil
}

// Topics lists the programme's topics, alphabetically.
func (db *DB) Topics(ctx context.Context) ([]string, error) {
	return listTopics(ctx, db.read)
}

func listTopics(ctx context.Context, q sqlQuerier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM topics ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list topics: %w", err)
	}
	return collect(rows, func(s scanner) (string, error) {
		name, err := scanOne[string](s)
		if err != nil {
			return "", fmt.Errorf("list topics: %w", err)
		}
		return name, nil
	})
}

// AddTopics adds topics to the list (the caller has checked that actor is
// an admin). Names are compared case-insensitively; ones already there
// are returned in existing. EInvalid for a bad name or for more names
// than the list has room for; then nothing is added.
func (db *DB) AddTopics(ctx context.Context, actor string, names []string) (added, existing []string, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		added, existing = nil, nil
		have, err := listTopics(ctx, tx.q)
		if err != nil {
			return err
		}
		before := slices.Clone(have)
		for _, n := range names {
			n = CleanTopic(n)
			if err := checkTopic(n); err != nil {
				return err
			}
			// Only new topics: one listed before this check stays
			// choosable, and removable.
			if err := formattingError("A topic", n); err != nil && !slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, n) }) {
				return err
			}
			if i := slices.IndexFunc(have, func(h string) bool { return strings.EqualFold(h, n) }); i >= 0 {
				// "go, Go" names one topic: the answer lists it once,
				// and as added when this call added it.
				if !slices.Contains(existing, have[i]) && !slices.Contains(added, have[i]) {
					existing = append(existing, have[i])
				}
				continue
			}
			if len(have) >= MaxTopics {
				return tooManyTopics(before, names)
			}
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO topics (name) VALUES (?)`, n); err != nil {
				return fmt.Errorf("add topic: %w", err)
			}
			have = append(have, n)
			added = append(added, n)
		}
		return nil
	})
	return added, existing, err
}

// tooManyTopics is the EInvalid for adding names to the list before,
// which would take it past MaxTopics: how many topics it would make
// (each new name counted once) and that nothing was added (the caller's
// transaction rolls back).
func tooManyTopics(before, names []string) error {
	if len(before) >= MaxTopics {
		return Errorf(EInvalid, "The topic list is full (%d topics, the most a Slack menu shows), so nothing was added. Remove some with `/mentor topics remove` first.", MaxTopics)
	}
	total := slices.Clone(before)
	for _, n := range names {
		n = CleanTopic(n)
		if n != "" && !slices.ContainsFunc(total, func(h string) bool { return strings.EqualFold(h, n) }) {
			total = append(total, n)
		}
	}
	return Errorf(EInvalid, "That would make %d topics; the list holds at most %d (the most a Slack menu shows). "+
		"Nothing was added: add at most %d more, or remove some with `/mentor topics remove`.", len(total), MaxTopics, MaxTopics-len(before))
}

// RemoveTopics removes topics from the list; sign-ups that chose them keep
// them. Names not on the list are returned in unknown.
func (db *DB) RemoveTopics(ctx context.Context, actor string, names []string) (removed, unknown []string, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		removed, unknown = nil, nil
		for _, n := range names {
			n = CleanTopic(n)
			if n == "" {
				continue
			}
			var name string
			err := tx.q.QueryRowContext(ctx, `DELETE FROM topics WHERE name = ? RETURNING name`, n).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				unknown = append(unknown, n)
				continue
			}
			if err != nil {
				return fmt.Errorf("remove topic: %w", err)
			}
			removed = append(removed, name)
		}
		return nil
	})
	return removed, unknown, err
}

// Signup is someone's wish to be matched.
type Signup struct {
	UserID    string
	Role      string   // RoleMentor, RoleMentee or RoleBoth
	Topics    []string // as chosen and typed
	Cadence   string   // one of Cadences
	Capacity  int      // mentees they can take as a mentor (1 for mentees)
	ManagerID string   // "" when not given
	CreatedAt time.Time
	Status    string
	// afterPair is the greatest pair id when they signed up: a live pair
	// as a mentee with a greater one was made since and serves them.
	afterPair int64
}

// Mentors reports whether they offer to mentor.
func (s Signup) Mentors() bool { return s.Role == RoleMentor || s.Role == RoleBoth }

// WantsMentor reports whether they are looking for a mentor.
func (s Signup) WantsMentor() bool { return s.Role == RoleMentee || s.Role == RoleBoth }

const signupColumns = `user_id, role, topics, cadence, capacity, manager_id, created_at, status, after_pair`

func scanSignup(s scanner) (Signup, error) {
	var su Signup
	var topics string
	var created int64
	if err := s.Scan(&su.UserID, &su.Role, &topics, &su.Cadence, &su.Capacity, &su.ManagerID, &created, &su.Status, &su.afterPair); err != nil {
		return Signup{}, err
	}
	su.CreatedAt = fromUnix(created)
	for _, t := range strings.Split(topics, ",") {
		if t = CleanTopic(t); t != "" {
			su.Topics = append(su.Topics, t)
		}
	}
	return su, nil
}

func querySignups(ctx context.Context, q sqlQuerier, where string, args ...any) ([]Signup, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE `+where+` ORDER BY created_at, user_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list sign-ups: %w", err)
	}
	out, err := collect(rows, scanSignup)
	if err != nil {
		return nil, fmt.Errorf("list sign-ups: %w", err)
	}
	return out, nil
}

// Signup returns user's own sign-up; ENotFound when they never signed up.
func (db *DB) Signup(ctx context.Context, user string) (Signup, error) {
	s, err := scanSignup(db.read.QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE user_id = ?`, user))
	if errors.Is(err, sql.ErrNoRows) {
		return Signup{}, Errorf(ENotFound, "You haven't signed up for matching. `/mentor join` signs you up.")
	}
	if err != nil {
		return Signup{}, fmt.Errorf("load sign-up of %s: %w", user, err)
	}
	return s, nil
}

// checkSignup validates and normalises a sign-up.
func checkSignup(s Signup) (Signup, error) {
	if s.Role != RoleMentor && s.Role != RoleMentee && s.Role != RoleBoth {
		return s, Errorf(EInvalid, "Choose whether you'd like to be a mentor, a mentee or both.")
	}
	if !slices.Contains(Cadences, s.Cadence) {
		return s, Errorf(EInvalid, "The cadence must be weekly, biweekly or monthly.")
	}
	if !s.Mentors() {
		s.Capacity = 1
	}
	if s.Capacity < 1 || s.Capacity > MaxCapacity {
		return s, Errorf(EInvalid, "Capacity is how many mentees you can take at a time: a number from 1 to %d.", MaxCapacity)
	}
	if s.ManagerID == s.UserID {
		return s, Errorf(EInvalid, "You can't be your own manager; leave the field empty if you'd rather not say.")
	}
	var topics []string
	for _, t := range s.Topics {
		t = CleanTopic(t)
		if t == "" || slices.ContainsFunc(topics, func(x string) bool { return strings.EqualFold(x, t) }) {
			continue
		}
		if err := checkTopic(t); err != nil {
			return s, err
		}
		topics = append(topics, t)
	}
	if len(topics) > MaxSignupTopics {
		return s, Errorf(EInvalid, "That's %d topics; please pick at most %d.", len(topics), MaxSignupTopics)
	}
	s.Topics = topics
	return s, nil
}

// SignupSaved is what SaveSignupTx changed.
type SignupSaved struct {
	Signup Signup
	// Updated: they were waiting in the pool already, and changed their
	// sign-up (rather than signing up, or up again).
	Updated bool
	// Withdrawn are their open proposals in a role the new sign-up no
	// longer offers, now dropped: the other person should be told.
	Withdrawn []WithdrawnProposal
}

// WithdrawnProposal is an open proposal that a change of sign-up
// withdrew.
type WithdrawnProposal struct {
	Proposal Proposal
	// OtherWaiting: the other person's sign-up is still in the pool.
	OtherWaiting bool
}

// SaveSignupTx signs actor up for matching, or replaces their sign-up:
// they are in the pool, from now on if they were not waiting (new, or
// back after leaving or being matched). Editing a sign-up that is waiting
// keeps its time: a pair made since then still serves them (someone
// signed up as both keeps their mentor while changing their topics), and
// they keep their place in the queue.
//
// A published proposal still waiting for answers that has them in a role
// the new sign-up leaves out (a mentee who now only mentors, a mentor who
// now only wants a mentor) is withdrawn ('dropped', as leaving drops one)
// in the same commit, rather than left open to be accepted: a pair made
// from it would give them the role they just said they don't want, and
// the other would wait on an answer that cannot fit. EInvalid for bad
// input.
func SaveSignupTx(ctx context.Context, tx *Tx, actor string, s Signup) (SignupSaved, error) {
	s.UserID = actor
	s, err := checkSignup(s)
	if err != nil {
		return SignupSaved{}, err
	}
	if err := ensureUserTx(ctx, tx, actor); err != nil {
		return SignupSaved{}, err
	}
	var saved SignupSaved
	if saved.Updated, err = signupWaiting(ctx, tx.q, actor); err != nil {
		return SignupSaved{}, fmt.Errorf("save sign-up of %s: %w", actor, err)
	}
	s.Status = SignupWaiting
	var created int64
	// after_pair, as created_at, is kept by an edit and set anew by a
	// sign-up: the pairs they are in now, made by an admin in this very
	// second too, do not serve it.
	err = tx.q.QueryRowContext(ctx, `INSERT INTO signups (user_id, role, topics, cadence, capacity, manager_id, created_at, status, after_pair)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', (SELECT COALESCE(MAX(id), 0) FROM pairs))
		ON CONFLICT (user_id) DO UPDATE SET role = excluded.role, topics = excluded.topics, cadence = excluded.cadence,
			capacity = excluded.capacity, manager_id = excluded.manager_id,
			created_at = CASE WHEN signups.status = 'waiting' THEN signups.created_at ELSE excluded.created_at END,
			after_pair = CASE WHEN signups.status = 'waiting' THEN signups.after_pair ELSE excluded.after_pair END, status = 'waiting'
		RETURNING created_at, after_pair`,
		actor, s.Role, strings.Join(s.Topics, ","), s.Cadence, s.Capacity, s.ManagerID, unix(tx.Now)).Scan(&created, &s.afterPair)
	if err != nil {
		return SignupSaved{}, fmt.Errorf("save sign-up of %s: %w", actor, err)
	}
	s.CreatedAt = fromUnix(created)
	saved.Signup = s
	open, err := openProposalsOf(ctx, tx.q, actor, tx.Now)
	if err != nil {
		return SignupSaved{}, fmt.Errorf("save sign-up of %s: %w", actor, err)
	}
	for _, p := range open {
		if p.MentorID == actor && s.Mentors() || p.MenteeID == actor && s.WantsMentor() {
			continue
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE id = ?`, p.ID); err != nil {
			return SignupSaved{}, fmt.Errorf("save sign-up of %s: withdraw proposal %d: %w", actor, p.ID, err)
		}
		p.Status = ProposalDropped
		w := WithdrawnProposal{Proposal: p}
		if w.OtherWaiting, err = signupWaiting(ctx, tx.q, p.Other(actor)); err != nil {
			return SignupSaved{}, fmt.Errorf("save sign-up of %s: withdraw proposal %d: %w", actor, p.ID, err)
		}
		saved.Withdrawn = append(saved.Withdrawn, w)
	}
	return saved, nil
}

// Leaving is what /mentor leave changed.
type Leaving struct {
	Signup Signup
	// Dropped are the published proposals that were waiting on them; the
	// other person should be told.
	Dropped []Proposal
	// LivePairs counts the pairs they are in that have not ended, which
	// leaving does not touch.
	LivePairs int
}

// LeaveMatchingTx withdraws actor from the pool, inside a larger commit:
// leaving and the DMs that tell the others of the proposals dropped are
// stored together or not at all. Their published proposals still waiting
// for answers are dropped; unpublished drafts that name them are skipped
// when published. Pairs already made are untouched. ENotFound when they
// are not in the pool.
func LeaveMatchingTx(ctx context.Context, tx *Tx, actor string) (Leaving, error) {
	var l Leaving
	s, err := scanSignup(tx.q.QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE user_id = ?`, actor))
	if errors.Is(err, sql.ErrNoRows) {
		return Leaving{}, Errorf(ENotFound, "You're not signed up for matching, so there is nothing to leave. `/mentor join` signs you up.")
	}
	if err == nil && s.Status == SignupWithdrawn {
		// Someone who left and leaves again is not told that they
		// never signed up. (Forget deletes the sign-up: they are.)
		return Leaving{}, Errorf(ENotFound, "You've already left matching, so there is nothing to leave. `/mentor join` signs you up again.")
	}
	if err != nil {
		return Leaving{}, fmt.Errorf("leave matching: %w", err)
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE signups SET status = 'withdrawn' WHERE user_id = ?`, actor); err != nil {
		return Leaving{}, fmt.Errorf("leave matching: %w", err)
	}
	if l.Dropped, err = openProposalsOf(ctx, tx.q, actor, tx.Now); err != nil {
		return Leaving{}, err
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE `+openProposalsWhere, openProposalArgs(actor, tx.Now)...); err != nil {
		return Leaving{}, fmt.Errorf("leave matching: %w", err)
	}
	if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM pairs WHERE status <> 'ended' AND (mentor_id = ? OR mentee_id = ?)`,
		actor, actor).Scan(&l.LivePairs); err != nil {
		return Leaving{}, fmt.Errorf("leave matching: %w", err)
	}
	s.Status = SignupWithdrawn
	l.Signup = s
	return l, nil
}

// AvoidPair is two people who must not be proposed together.
type AvoidPair struct {
	A, B string
	// Declined: a proposal of the two was declined or dropped; otherwise
	// they were (or are) a pair.
	Declined bool
}

// Pool is everything /mentor match needs to know.
type Pool struct {
	// Signups are the waiting sign-ups, oldest first.
	Signups []Signup
	// MentorLoad counts each person's live pairs as a mentor plus their
	// open (published) proposals as a mentor.
	MentorLoad map[string]int
	// Served marks mentees who need no mentor now: they have a live pair
	// as a mentee made since they signed up, or an open proposal.
	Served map[string]bool
	// Mentees lists each mentor's live pairs, by mentee, oldest first:
	// what takes the places of a mentor who has none left.
	Mentees map[string][]string
	// Avoid lists every past pair and every declined or dropped proposal.
	Avoid []AvoidPair
	// Managers maps people to the manager they named, from every sign-up.
	Managers map[string]string
	// Users are the cached profiles of the waiting people.
	Users map[string]User
	// Open counts published proposals waiting for answers.
	Open int
	// Lapsed are the published proposals that lapsed without both
	// answers, newest first: their two may be proposed again, and the
	// admin should know that one of them did not answer last time.
	Lapsed []Proposal
}

// LapsedFor returns the newest proposal of the two, either way round,
// that lapsed unanswered; ok is false when there is none.
func (p Pool) LapsedFor(a, b string) (Proposal, bool) {
	for _, l := range p.Lapsed {
		if l.Has(a) && l.Has(b) {
			return l, true
		}
	}
	return Proposal{}, false
}

// FreePlaces is how many more mentees s can take now.
func (p Pool) FreePlaces(s Signup) int {
	if !s.Mentors() {
		return 0
	}
	return max(0, s.Capacity-p.MentorLoad[s.UserID])
}

// NeedsMentor reports whether s is waiting for a mentor now.
func (p Pool) NeedsMentor(s Signup) bool { return s.WantsMentor() && !p.Served[s.UserID] }

// Offered reports whether matching would propose sign-up s a match now:
// its person is still in the workspace and no bot, and it has a place
// left as a mentor or waits for a mentor. Open proposals, live pairs and
// full capacity leave a sign-up waiting but not offered.
func (p Pool) Offered(s Signup) bool {
	if u, known := p.Users[s.UserID]; known && (u.Deleted || u.IsBot) {
		return false
	}
	return p.FreePlaces(s) > 0 || p.NeedsMentor(s)
}

// Standing is where someone's sign-up stands in the pool now, as
// /mentor match sees it: what it offers and what already fills it.
type Standing struct {
	Signup Signup
	// Mentees are the mentees of their live pairs as a mentor, oldest
	// first; OpenAsMentor counts their open proposals as a mentor. Both
	// take places of their capacity.
	Mentees      []string
	OpenAsMentor int
	// MentorsBefore are the mentors of their live pairs as a mentee made
	// before they signed up, which leave them asking for another;
	// MentorsSince those made since, which serve the sign-up.
	MentorsBefore, MentorsSince []string
	// OpenAsMentee: an open proposal as a mentee serves them too.
	OpenAsMentee bool
}

// FreePlaces is how many more mentees matching may propose them, as
// Pool.FreePlaces counts it.
func (s Standing) FreePlaces() int {
	if !s.Signup.Mentors() {
		return 0
	}
	return max(0, s.Signup.Capacity-len(s.Mentees)-s.OpenAsMentor)
}

// NeedsMentor reports whether matching looks for a mentor for them, as
// Pool.NeedsMentor does.
func (s Standing) NeedsMentor() bool {
	return s.Signup.WantsMentor() && len(s.MentorsSince) == 0 && !s.OpenAsMentee
}

// SignupStanding returns where user's sign-up stands, for their own join
// form, its confirmation and their Home: only their own pairs and
// proposals are read. When they are not waiting in the pool (never
// signed up: Signup.Status is ""; matched; withdrawn), it is as a sign-up
// made now would stand: every live pair as a mentee was made before it.
func (db *DB) SignupStanding(ctx context.Context, user string) (Standing, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Standing{}, fmt.Errorf("sign-up of %s: %w", user, err)
	}
	defer tx.discard(ctx)
	s, err := scanSignup(tx.QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE user_id = ?`, user))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		s = Signup{UserID: user}
	case err != nil:
		return Standing{}, fmt.Errorf("load sign-up of %s: %w", user, err)
	}
	st := Standing{Signup: s}
	if s.Status != SignupWaiting {
		s.afterPair = math.MaxInt64
	}
	pairs, err := queryPairs(ctx, tx, `status <> 'ended' AND (mentor_id = ? OR mentee_id = ?)`, user, user)
	if err != nil {
		return Standing{}, fmt.Errorf("sign-up of %s: %w", user, err)
	}
	for _, p := range pairs {
		switch {
		case p.MentorID == user:
			st.Mentees = append(st.Mentees, p.MenteeID)
		case p.ID > s.afterPair:
			st.MentorsSince = append(st.MentorsSince, p.MentorID)
		default:
			st.MentorsBefore = append(st.MentorsBefore, p.MentorID)
		}
	}
	if s.Status != SignupWaiting {
		return st, nil
	}
	open, err := openProposalsOf(ctx, tx, user, db.clock.Now())
	if err != nil {
		return Standing{}, fmt.Errorf("sign-up of %s: %w", user, err)
	}
	for _, p := range open {
		if p.MentorID == user {
			st.OpenAsMentor++
		} else {
			st.OpenAsMentee = true
		}
	}
	return st, nil
}

// MatchPool reads the pool in one consistent snapshot.
func (db *DB) MatchPool(ctx context.Context) (Pool, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Pool{}, fmt.Errorf("read pool: %w", err)
	}
	defer tx.discard(ctx)
	return loadPool(ctx, tx, db.clock.Now())
}

// MatchingSummary is matching and the programme round at a glance, in
// counts only: for the admins' Home and /mentor report.
type MatchingSummary struct {
	// Waiting counts the people matching would propose a match now
	// (Pool.Offered), as /mentor match finds them: not everyone signed
	// up, some of whom wait for answers to a proposal or have no place
	// left.
	Waiting int
	// Open counts published proposals waiting for answers (not lapsed).
	Open int
	// Round is the running programme round; nil when none runs.
	Round *Cohort
	// RoundPairs counts Round's live pairs.
	RoundPairs int
}

// MatchingSummary counts, in one read, what MatchingSummary holds. It
// reads the pool as /mentor match does, so that the two agree on who
// waits; no pair's content or note.
func (db *DB) MatchingSummary(ctx context.Context) (MatchingSummary, error) {
	var m MatchingSummary
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return m, fmt.Errorf("matching summary: %w", err)
	}
	defer tx.discard(ctx)
	pool, err := loadPool(ctx, tx, db.clock.Now())
	if err != nil {
		return m, fmt.Errorf("matching summary: %w", err)
	}
	m.Open = pool.Open
	for _, s := range pool.Signups {
		if pool.Offered(s) {
			m.Waiting++
		}
	}
	c, err := activeCohortTx(ctx, tx)
	switch {
	case ErrorCode(err) == ENotFound:
		return m, nil
	case err != nil:
		return m, err
	}
	m.Round = &c
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pairs WHERE cohort_id = ? AND status <> 'ended'`, c.ID).Scan(&m.RoundPairs); err != nil {
		return m, fmt.Errorf("matching summary: pairs of round %d: %w", c.ID, err)
	}
	return m, nil
}

func loadPool(ctx context.Context, q sqlQuerier, now time.Time) (Pool, error) {
	p := Pool{MentorLoad: map[string]int{}, Served: map[string]bool{}, Mentees: map[string][]string{}, Managers: map[string]string{}, Users: map[string]User{}}
	var err error
	if p.Signups, err = querySignups(ctx, q, `status = 'waiting'`); err != nil {
		return Pool{}, err
	}
	signedUp := map[string]Signup{}
	for _, s := range p.Signups {
		signedUp[s.UserID] = s
	}
	scan := func(query string, row func(a, b string, n int64) error, args ...any) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("read pool: %w", err)
		}
		return each(rows, func(s scanner) error {
			var a, b string
			var n int64
			if err := s.Scan(&a, &b, &n); err != nil {
				return fmt.Errorf("read pool: %w", err)
			}
			return row(a, b, n)
		})
	}
	// Pairs: load of mentors, served mentees, and who must not meet again.
	err = scan(`SELECT mentor_id, mentee_id, id * (status <> 'ended') FROM pairs ORDER BY id`, func(mentor, mentee string, liveID int64) error {
		p.Avoid = append(p.Avoid, AvoidPair{A: mentor, B: mentee})
		if liveID == 0 {
			return nil
		}
		p.MentorLoad[mentor]++
		p.Mentees[mentor] = append(p.Mentees[mentor], mentee)
		if s, ok := signedUp[mentee]; ok && liveID > s.afterPair {
			p.Served[mentee] = true
		}
		return nil
	})
	if err != nil {
		return Pool{}, err
	}
	err = scan(`SELECT mentor_id, mentee_id, status = 'proposed' FROM proposals
		WHERE round > 0 AND (status IN ('declined','dropped') OR (status = 'proposed' AND created_at > ?))`,
		func(mentor, mentee string, open int64) error {
			if open == 1 {
				p.Open++
				p.MentorLoad[mentor]++
				p.Served[mentee] = true
				return nil
			}
			p.Avoid = append(p.Avoid, AvoidPair{A: mentor, B: mentee, Declined: true})
			return nil
		}, unix(now.Add(-ProposalTTL)))
	if err != nil {
		return Pool{}, err
	}
	if p.Lapsed, err = queryProposals(ctx, q, `round > 0 AND status = 'proposed' AND created_at <= ?`, unix(now.Add(-ProposalTTL))); err != nil {
		return Pool{}, fmt.Errorf("read pool: %w", err)
	}
	slices.Reverse(p.Lapsed)
	err = scan(`SELECT user_id, manager_id, 0 FROM signups WHERE manager_id <> ''`, func(user, manager string, _ int64) error {
		p.Managers[user] = manager
		return nil
	})
	if err != nil {
		return Pool{}, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE user_id IN (SELECT user_id FROM signups WHERE status = 'waiting')`)
	if err != nil {
		return Pool{}, fmt.Errorf("read pool: %w", err)
	}
	err = each(rows, func(s scanner) error {
		u, err := scanUser(s)
		if err != nil {
			return fmt.Errorf("read pool: %w", err)
		}
		p.Users[u.ID] = u
		return nil
	})
	if err != nil {
		return Pool{}, err
	}
	return p, nil
}

// Proposal is a proposed pair of a matching round (or, with a negative
// round, a cohort's closing question; see cohorts.go).
type Proposal struct {
	ID       int64
	Round    int64
	MentorID string
	MenteeID string
	Reasons  string // why they fit, as the matcher explained it (raw text)
	Status   string
	// MentorOK, MenteeOK: 1 accepted (or chose to continue), -1 declined
	// (or chose to end), 0 no answer yet. Declines of matching proposals
	// are recorded since the export lists them; older ones left 0.
	MentorOK  int
	MenteeOK  int
	CreatedAt time.Time
}

// Has reports whether u is one of the two.
func (p Proposal) Has(u string) bool { return u == p.MentorID || u == p.MenteeID }

// Other returns the other person, seen from u.
func (p Proposal) Other(u string) string {
	if u == p.MentorID {
		return p.MenteeID
	}
	return p.MentorID
}

// OK is u's answer.
func (p Proposal) OK(u string) int {
	if u == p.MentorID {
		return p.MentorOK
	}
	return p.MenteeOK
}

const proposalColumns = `id, round, mentor_id, mentee_id, reasons, status, mentor_ok, mentee_ok, created_at`

func scanProposal(s scanner) (Proposal, error) {
	var p Proposal
	var created int64
	if err := s.Scan(&p.ID, &p.Round, &p.MentorID, &p.MenteeID, &p.Reasons, &p.Status, &p.MentorOK, &p.MenteeOK, &created); err != nil {
		return Proposal{}, err
	}
	p.CreatedAt = fromUnix(created)
	return p, nil
}

func queryProposals(ctx context.Context, q sqlQuerier, where string, args ...any) ([]Proposal, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return collect(rows, func(s scanner) (Proposal, error) {
		p, err := scanProposal(s)
		if err != nil {
			return Proposal{}, fmt.Errorf("list proposals: %w", err)
		}
		return p, nil
	})
}

func loadProposalTx(ctx context.Context, tx *Tx, id int64) (Proposal, error) {
	p, err := scanProposal(tx.q.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Proposal{}, Errorf(ENotFound, "I couldn't find that proposal; it may have been replaced by a newer one.")
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("load proposal %d: %w", id, err)
	}
	return p, nil
}

// Proposal returns a proposal of a matching round, for the bot's own
// notifications about it (no actor: the caller says only the two people
// anything about it). ENotFound when there is none.
func (db *DB) Proposal(ctx context.Context, id int64) (Proposal, error) {
	p, err := scanProposal(db.read.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM proposals WHERE id = ? AND round > 0`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Proposal{}, Errorf(ENotFound, "I couldn't find that proposal.")
	}
	if err != nil {
		return Proposal{}, fmt.Errorf("load proposal %d: %w", id, err)
	}
	return p, nil
}

// openProposalsWhere selects the published proposals naming a user that
// still wait for an answer, not lapsed; its arguments are
// openProposalArgs.
const openProposalsWhere = `status = 'proposed' AND round > 0 AND created_at > ? AND (mentor_id = ? OR mentee_id = ?)`

func openProposalArgs(user string, now time.Time) []any {
	return []any{unix(now.Add(-ProposalTTL)), user, user}
}

// openProposalsOf lists the proposals of openProposalsWhere for user at
// now, oldest first.
func openProposalsOf(ctx context.Context, q sqlQuerier, user string, now time.Time) ([]Proposal, error) {
	return queryProposals(ctx, q, openProposalsWhere, openProposalArgs(user, now)...)
}

// signupWaiting reports whether user's sign-up is in the matching pool.
func signupWaiting(ctx context.Context, q sqlQuerier, user string) (bool, error) {
	var waiting bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM signups WHERE user_id = ? AND status = 'waiting')`, user).Scan(&waiting)
	return waiting, err
}

// SignupWaitingTx reports, in tx, whether user's sign-up is in the
// matching pool: a DM queued in tx that invites them to sign up must not
// go to someone signed up already.
func SignupWaitingTx(ctx context.Context, tx *Tx, user string) (bool, error) {
	waiting, err := signupWaiting(ctx, tx.q, user)
	if err != nil {
		return false, fmt.Errorf("sign-up of %s: %w", user, err)
	}
	return waiting, nil
}

// OpenProposals lists the published proposals naming user that still
// wait for an answer (not lapsed), oldest first.
func (db *DB) OpenProposals(ctx context.Context, user string) ([]Proposal, error) {
	ps, err := openProposalsOf(ctx, db.read, user, db.clock.Now())
	if err != nil {
		return nil, fmt.Errorf("open proposals of %s: %w", user, err)
	}
	return ps, nil
}

// DraftPair is one pair of a matching proposal before it is stored.
type DraftPair struct {
	MentorID, MenteeID string
	Reasons            string
}

// SaveDraft stores a new matching round as drafts that only admins see,
// and deletes the drafts of earlier rounds that were never published
// (their dropped pairs stay, so they are not proposed again). Round
// numbers only grow: the newest round always keeps its rows, so a stale
// Publish button can never publish a newer round. The caller has checked
// that actor is an admin. With no pairs, nothing changes and round is 0.
func (db *DB) SaveDraft(ctx context.Context, actor string, pairs []DraftPair) (round int64, saved []Proposal, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		round, saved = 0, nil
		if len(pairs) == 0 {
			return nil
		}
		if err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) + 1 FROM proposals WHERE round > 0`).Scan(&round); err != nil {
			return fmt.Errorf("save draft: %w", err)
		}
		for _, dp := range pairs {
			res, err := tx.q.ExecContext(ctx, `INSERT INTO proposals (round, mentor_id, mentee_id, reasons, status, created_at, created_by) VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
				round, dp.MentorID, dp.MenteeID, dp.Reasons, unix(tx.Now), actor)
			if err != nil {
				return fmt.Errorf("save draft: %w", err)
			}
			id, _ := res.LastInsertId()
			saved = append(saved, Proposal{ID: id, Round: round, MentorID: dp.MentorID, MenteeID: dp.MenteeID, Reasons: dp.Reasons,
				Status: ProposalDraft, CreatedAt: tx.Now})
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM proposals WHERE status = 'draft' AND round > 0 AND round < ?`, round); err != nil {
			return fmt.Errorf("save draft: %w", err)
		}
		return nil
	})
	return round, saved, err
}

// Round lists the proposals of a matching round, in the order made.
func (db *DB) Round(ctx context.Context, round int64) ([]Proposal, error) {
	if round <= 0 {
		return nil, nil
	}
	return queryProposals(ctx, db.read, `round = ?`, round)
}

// DropDraft drops one pair from an unpublished round (the caller has
// checked that actor is an admin): the two are not proposed together
// again. EConflict once the round is published, or replaced by a newer
// /mentor match.
func (db *DB) DropDraft(ctx context.Context, actor string, id int64) (Proposal, error) {
	var p Proposal
	err := db.InTx(ctx, func(tx *Tx) error {
		var err error
		p, err = loadProposalTx(ctx, tx, id)
		if ErrorCode(err) == ENotFound {
			// The drafts of a round go when a newer /mentor match
			// replaces it; its review may still be on the admin's
			// screen. Proposal ids only grow, so a newer round has
			// greater ones.
			var newest int64
			if err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) FROM proposals WHERE round > 0 AND id > ?`, id).Scan(&newest); err != nil {
				return fmt.Errorf("drop proposal %d: %w", id, err)
			}
			if newest > 0 {
				return replacedRoundTx(ctx, tx, actor, newest)
			}
		}
		if err != nil {
			return err
		}
		switch {
		case p.Round <= 0:
			return Errorf(ENotFound, "I couldn't find that proposal.")
		case p.Status == ProposalDropped:
			return nil
		case p.Status != ProposalDraft:
			return Errorf(EConflict, "That pair has already been published; it's up to <@%s> and <@%s> now.", p.MentorID, p.MenteeID)
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE id = ?`, id); err != nil {
			return fmt.Errorf("drop proposal %d: %w", id, err)
		}
		p.Status = ProposalDropped
		return nil
	})
	return p, err
}

// PublishRound turns a round's drafts into proposals the two people are
// asked about (the caller has checked that actor is an admin). Drafts
// that no longer fit the pool (someone left, was paired or proposed
// meanwhile, or a mentor's places filled up) stay unpublished and are
// returned in skipped. EConflict when the round was published already or
// replaced by a newer /mentor match.
//
// notes, when set, gives the DMs each published proposal brings (the
// question to both, the notice when it lapses): they are queued in the
// same commit, as a publication cannot be repeated to queue those that
// failed.
func (db *DB) PublishRound(ctx context.Context, actor string, round int64, notes func(Proposal) ([]Notification, error)) (published, skipped []Proposal, err error) {
	err = db.InTx(ctx, func(tx *Tx) error {
		published, skipped = nil, nil
		all, err := queryProposals(ctx, tx.q, `round = ? AND round > 0`, round)
		if err != nil {
			return err
		}
		var newest int64
		if err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(round), 0) FROM proposals WHERE round > 0`).Scan(&newest); err != nil {
			return fmt.Errorf("publish round %d: %w", round, err)
		}
		var drafts []Proposal
		for _, p := range all {
			switch p.Status {
			case ProposalDraft:
				drafts = append(drafts, p)
			case ProposalDropped:
			default:
				return Errorf(EConflict, "That round has already been published.")
			}
		}
		switch {
		case len(all) == 0 || round < newest:
			return replacedRoundTx(ctx, tx, actor, newest)
		case len(drafts) == 0:
			return Errorf(EConflict, "Every pair of that proposal was dropped; there is nothing to publish. Run `/mentor match` again.")
		}
		pool, err := loadPool(ctx, tx.q, tx.Now)
		if err != nil {
			return err
		}
		waiting := map[string]Signup{}
		for _, s := range pool.Signups {
			waiting[s.UserID] = s
		}
		avoid := map[[2]string]bool{}
		for _, a := range pool.Avoid {
			avoid[[2]string{a.A, a.B}], avoid[[2]string{a.B, a.A}] = true, true
		}
		for _, p := range drafts {
			mentor, okM := waiting[p.MentorID]
			mentee, okE := waiting[p.MenteeID]
			if !okM || !okE || pool.FreePlaces(mentor) == 0 || !pool.NeedsMentor(mentee) || avoid[[2]string{p.MentorID, p.MenteeID}] {
				skipped = append(skipped, p)
				continue
			}
			// created_at becomes the publication time, from which it may lapse.
			if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'proposed', created_at = ? WHERE id = ?`, unix(tx.Now), p.ID); err != nil {
				return fmt.Errorf("publish round %d: %w", round, err)
			}
			pool.MentorLoad[p.MentorID]++
			pool.Served[p.MenteeID] = true
			p.Status, p.CreatedAt = ProposalProposed, tx.Now
			published = append(published, p)
			if notes == nil {
				continue
			}
			ns, err := notes(p)
			if err != nil {
				return fmt.Errorf("publish round %d: DMs of proposal %d: %w", round, p.ID, err)
			}
			for _, n := range ns {
				if _, err := EnqueueTx(ctx, tx, n); err != nil {
					return fmt.Errorf("publish round %d: %w", round, err)
				}
			}
		}
		if len(published) == 0 {
			return Errorf(EConflict, "None of the pairs of that proposal fits any more (people left, were paired or their places filled up). Run `/mentor match` again.")
		}
		return nil
	})
	return published, skipped, err
}

// replacedRoundTx is the EConflict for actor pressing a button on the
// review of a round that the newer round replaced. Reviews are only in
// the Slack of the admin who ran /mentor match, so the answer says who
// ran the newer one and what actor can do, rather than pointing at a
// review actor may never have seen.
func replacedRoundTx(ctx context.Context, tx *Tx, actor string, newer int64) error {
	var by string
	var published bool
	err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(MAX(created_by), ''), COALESCE(MAX(status NOT IN ('draft','dropped')), 0)
		FROM proposals WHERE round = ?`, newer).Scan(&by, &published)
	if err != nil {
		return fmt.Errorf("round %d: %w", newer, err)
	}
	switch {
	case published && by != "" && by != actor:
		return Errorf(EConflict, "<@%s> has since run `/mentor match` and published its proposal, which replaced this one. "+
			"`/mentor pairs all` shows the pairs made; `/mentor match` proposes pairs for anyone still waiting.", by)
	case published:
		return Errorf(EConflict, "A newer `/mentor match` replaced this proposal and was published. "+
			"`/mentor pairs all` shows the pairs made; `/mentor match` proposes pairs for anyone still waiting.")
	case by == actor:
		return Errorf(EConflict, "You've run `/mentor match` again since, which replaced this proposal: use the newer review, "+
			"or run `/mentor match` once more for a fresh one.")
	case by != "":
		return Errorf(EConflict, "<@%s> has since run `/mentor match`, which replaced this proposal. Their proposal is in their own review, "+
			"which only they can see, for them to publish. To see a fresh proposal yourself, run `/mentor match` again: that replaces theirs in turn.", by)
	}
	return Errorf(EConflict, "A newer `/mentor match` replaced this proposal. Run `/mentor match` again to see a fresh one.")
}

// ProposalAnswer is what an answer to a proposal changed.
type ProposalAnswer struct {
	Proposal Proposal
	// Paired: both have accepted and Pair was made now (in Cohort when a
	// round of the programme was running).
	Paired bool
	Pair   Pair
	Cohort Cohort
	// MentorLoad and MentorCapacity, when Paired: the mentor's live pairs
	// as a mentor, this one included, and the mentees they offered to
	// take when they signed up (0 without a sign-up as a mentor). An
	// admin's /mentor pair between publishing and both accepting can make
	// the load the greater.
	MentorLoad, MentorCapacity int
	// Withdrawn: the proposal no longer fit when actor accepted, as its
	// mentee has been paired with a mentor since they signed up, or the
	// two have been paired the other way round (by an admin's /mentor
	// pair or an accepted /mentor request). It was withdrawn ('dropped')
	// instead, so no second mentor is made; the other person should be
	// told. MenteesMentor is that mentor, and the proposal's own mentor
	// when the two are a pair either way round.
	Withdrawn     bool
	MenteesMentor string
	// OtherWaiting, when Withdrawn: the other person's sign-up is still
	// in the pool, waiting for the next round.
	OtherWaiting bool
}

// AnswerProposalTx records actor's answer to a published proposal, inside
// a larger commit: the answer, the pair it makes and the DMs that tell of
// them are stored together or not at all. When both have accepted, the
// pair is made, in the running cohort if there is one. A decline ends the
// proposal: both go back to the pool and are never proposed together
// again. An acceptance first checks, as publishing did, that the mentee
// still needs a mentor; when they have been paired with one since, the
// proposal is withdrawn instead and the answer says so (Withdrawn).
// ENotFound for anyone but the two; EConflict when the proposal is no
// longer open or actor answered. def is the programme's default zone, in
// which a round that saved none reads its dates (Cohort.Today).
func AnswerProposalTx(ctx context.Context, tx *Tx, actor string, id int64, accept bool, def *time.Location) (ProposalAnswer, error) {
	var a ProposalAnswer
	// A number that exists and one that does not get the same answer.
	notYours := Errorf(ENotFound, "I couldn't find that proposal among yours.")
	p, err := loadProposalTx(ctx, tx, id)
	if ErrorCode(err) == ENotFound {
		return ProposalAnswer{}, notYours
	}
	if err != nil {
		return ProposalAnswer{}, err
	}
	if p.Round <= 0 || !p.Has(actor) || p.Status == ProposalDraft {
		return ProposalAnswer{}, notYours
	}
	other := p.Other(actor)
	switch p.Status {
	case ProposalAccepted:
		return ProposalAnswer{}, Errorf(EConflict, "You and <@%s> are already paired from this proposal.", other)
	case ProposalDeclined:
		return ProposalAnswer{}, Errorf(EConflict, "This match was declined, so it won't go ahead. You're back in the pool for the next round.")
	case ProposalDropped:
		return ProposalAnswer{}, droppedProposalTx(ctx, tx, p, other)
	}
	if tx.Now.Sub(p.CreatedAt) > ProposalTTL {
		return ProposalAnswer{}, Errorf(EConflict, "This proposal lapsed after %d days without both answers, so it won't go ahead. You're back in the pool for the next round.", int(ProposalTTL.Hours()/24))
	}
	if accept {
		// A mentor made outside matching meanwhile serves the mentee
		// as publishing would have seen it; accepting anyway would
		// give them a second mentor that nobody asked for. (A mentor
		// taken past their capacity is no reason: both accepting
		// makes the pair, and the caller tells the mentor.)
		mentor, err := menteesMentorTx(ctx, tx, p.MenteeID)
		if err != nil {
			return ProposalAnswer{}, fmt.Errorf("accept proposal %d: %w", id, err)
		}
		// The two paired the other way round meanwhile (a request, an
		// admin) are as much a pair as this one would make.
		var together bool
		if err := tx.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pairs WHERE status <> 'ended' AND mentor_id = ? AND mentee_id = ?)`,
			p.MenteeID, p.MentorID).Scan(&together); err != nil {
			return ProposalAnswer{}, fmt.Errorf("accept proposal %d: %w", id, err)
		}
		if together {
			mentor = p.MentorID
		}
		if mentor != "" {
			if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE id = ?`, id); err != nil {
				return ProposalAnswer{}, fmt.Errorf("withdraw proposal %d: %w", id, err)
			}
			p.Status = ProposalDropped
			a.Proposal, a.Withdrawn, a.MenteesMentor = p, true, mentor
			var err error
			if a.OtherWaiting, err = signupWaiting(ctx, tx.q, other); err != nil {
				return ProposalAnswer{}, fmt.Errorf("withdraw proposal %d: %w", id, err)
			}
			return a, nil
		}
	}
	if p.OK(actor) == 1 {
		if accept {
			return ProposalAnswer{}, Errorf(EConflict, "You've already accepted; I'm waiting for <@%s>.", other)
		}
	}
	if !accept {
		// Who declined is kept (the export shows each their answer);
		// the other is never told.
		if actor == p.MentorID {
			p.MentorOK = -1
		} else {
			p.MenteeOK = -1
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'declined', mentor_ok = ?, mentee_ok = ? WHERE id = ?`,
			p.MentorOK, p.MenteeOK, id); err != nil {
			return ProposalAnswer{}, fmt.Errorf("decline proposal %d: %w", id, err)
		}
		p.Status = ProposalDeclined
		a.Proposal = p
		return a, nil
	}
	if actor == p.MentorID {
		p.MentorOK = 1
	} else {
		p.MenteeOK = 1
	}
	if p.MentorOK == 1 && p.MenteeOK == 1 {
		p.Status = ProposalAccepted
		if a.Pair, err = createPairTx(ctx, tx, actor, p.MentorID, p.MenteeID); err != nil {
			return ProposalAnswer{}, err
		}
		a.Paired = true
		c, err := cohortForNewPairTx(ctx, tx, def)
		if err != nil {
			return ProposalAnswer{}, err
		}
		if c.ID != 0 {
			if _, err := tx.q.ExecContext(ctx, `UPDATE pairs SET cohort_id = ? WHERE id = ?`, c.ID, a.Pair.ID); err != nil {
				return ProposalAnswer{}, fmt.Errorf("accept proposal %d: %w", id, err)
			}
			a.Pair.CohortID, a.Cohort = c.ID, c
		}
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET mentor_ok = ?, mentee_ok = ?, status = ? WHERE id = ?`,
		p.MentorOK, p.MenteeOK, p.Status, id); err != nil {
		return ProposalAnswer{}, fmt.Errorf("accept proposal %d: %w", id, err)
	}
	if a.Paired {
		// Both accepted, so the pair is made even past the mentor's
		// capacity (they chose it, and may have known of the other
		// pair); the caller tells the mentor.
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE((SELECT capacity FROM signups WHERE user_id = ? AND role IN ('mentor','both')), 0)
			FROM pairs WHERE mentor_id = ? AND status <> 'ended'`, p.MentorID, p.MentorID).Scan(&a.MentorLoad, &a.MentorCapacity); err != nil {
			return ProposalAnswer{}, fmt.Errorf("accept proposal %d: mentor's load: %w", id, err)
		}
		for _, u := range []string{p.MentorID, p.MenteeID} {
			if err := settleSignupTx(ctx, tx, u); err != nil {
				return ProposalAnswer{}, err
			}
		}
	}
	a.Proposal = p
	return a, nil
}

// droppedProposalTx is the EConflict for an answer to proposal p, which
// was withdrawn, given by the partner of other. When the two have been
// paired since it was published, which closes it (CloseProposalsOfPairTx),
// or was the reason it was withdrawn on an Accept, it says so: they are a
// pair, or were once that pair has ended, and nothing is left to answer.
func droppedProposalTx(ctx context.Context, tx *Tx, p Proposal, other string) error {
	var live bool
	err := tx.q.QueryRowContext(ctx, `SELECT status <> 'ended' FROM pairs
		WHERE ((mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?)) AND created_at >= ?
		ORDER BY id DESC LIMIT 1`, p.MentorID, p.MenteeID, p.MenteeID, p.MentorID, unix(p.CreatedAt)).Scan(&live)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Errorf(EConflict, "This proposal was withdrawn, so it won't go ahead.")
	case err != nil:
		return fmt.Errorf("answer proposal %d: pairs since: %w", p.ID, err)
	case live:
		return Errorf(EConflict, "You and <@%s> have been paired since this match was proposed, so there is nothing to answer. `/mentor pairs` lists your pairs.", other)
	}
	return Errorf(EConflict, "You and <@%s> were paired after this match was proposed, so there is nothing to answer. `/mentor pairs` lists your pairs.", other)
}

// CloseProposalsOfPairTx closes, in the commit that makes pair p, every
// published proposal between its two, either way round, that still waits
// for answers: the pair settles it, as it closes the requests between
// them (closeRequestsOfPairTx). Left open, it would still count as
// waiting (a mentor's places, the admins' glance), its two would be
// reminded to answer it and told it lapsed, "still in the pool", while a
// pair, and an Accept would find them paired. Each is dropped, and
// returned, for the DMs that asked about it to say so in the same commit;
// an answer to it says the two have been paired since
// (droppedProposalTx), and its reminder and lapse notice, drawn when they
// fall due, find it answered. One that lapsed already is left: it lapsed.
// A proposal both accepted to make p is accepted by then, not among them.
// Every way the bot makes a pair calls it with the welcome (its introsTx).
func CloseProposalsOfPairTx(ctx context.Context, tx *Tx, p Pair) ([]Proposal, error) {
	open, err := queryProposals(ctx, tx.q, `status = 'proposed' AND round > 0 AND created_at > ?
		AND ((mentor_id = ? AND mentee_id = ?) OR (mentor_id = ? AND mentee_id = ?))`,
		unix(tx.Now.Add(-ProposalTTL)), p.MentorID, p.MenteeID, p.MenteeID, p.MentorID)
	if err != nil {
		return nil, fmt.Errorf("close proposals of pair %d: %w", p.ID, err)
	}
	for i, q := range open {
		if _, err := tx.q.ExecContext(ctx, `UPDATE proposals SET status = 'dropped' WHERE id = ?`, q.ID); err != nil {
			return nil, fmt.Errorf("close proposal %d of pair %d: %w", q.ID, p.ID, err)
		}
		open[i].Status = ProposalDropped
	}
	return open, nil
}

// menteesMentorTx returns the mentor of mentee's newest live pair as a
// mentee made since they signed up for matching (any live one without a
// sign-up): the pair that serves them, as the pool counts it. "" when
// there is none.
func menteesMentorTx(ctx context.Context, tx *Tx, mentee string) (string, error) {
	var mentor string
	err := tx.q.QueryRowContext(ctx, `SELECT mentor_id FROM pairs WHERE mentee_id = ? AND status <> 'ended'
		AND id > COALESCE((SELECT after_pair FROM signups WHERE user_id = ?), 0) ORDER BY id DESC LIMIT 1`,
		mentee, mentee).Scan(&mentor)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("mentor of %s: %w", mentee, err)
	}
	return mentor, nil
}

// settleSignupTx marks a waiting sign-up 'matched' when its owner needs
// nothing more from matching: their places as a mentor are filled by live
// pairs and, as a mentee, they have a live pair made since they signed
// up. Open proposals do not count, unlike in the pool: one may still be
// declined, dropped or lapse, and its people are then told they are back
// in the pool, which a sign-up settled on its account would belie.
func settleSignupTx(ctx context.Context, tx *Tx, user string) error {
	s, err := scanSignup(tx.q.QueryRowContext(ctx, `SELECT `+signupColumns+` FROM signups WHERE user_id = ? AND status = 'waiting'`, user))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("settle sign-up of %s: %w", user, err)
	}
	var load, served int
	if err := tx.q.QueryRowContext(ctx, `SELECT COALESCE(SUM(mentor_id = ?), 0), COALESCE(SUM(mentee_id = ? AND id > ?), 0)
		FROM pairs WHERE status <> 'ended' AND (mentor_id = ? OR mentee_id = ?)`,
		user, user, s.afterPair, user, user).Scan(&load, &served); err != nil {
		return fmt.Errorf("settle sign-up of %s: %w", user, err)
	}
	if s.Mentors() && load < s.Capacity || s.WantsMentor() && served == 0 {
		return nil
	}
	if _, err := tx.q.ExecContext(ctx, `UPDATE signups SET status = 'matched' WHERE user_id = ?`, user); err != nil {
		return fmt.Errorf("settle sign-up of %s: %w", user, err)
	}
	return nil
}
