package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"time"
)

// MinFeedbackAnswers is how many different people's answers a batch of
// the programme's feedback figures holds at least (feedback_batches.go):
// the figures count whole batches only, so that no change of one between
// two readings is the answers of fewer people, and no one answer can be
// told from them. It counts people, not answers, as one person may answer
// many prompts.
const MinFeedbackAnswers = 5

// latestZone is how far ahead of UTC the day may be in someone's zone
// (UTC+14, Kiribati).
const latestZone = 14 * time.Hour

// QuietAfter is how long a live pair may go with no meeting and no logged
// session before the report calls it quiet.
const QuietAfter = 30 * 24 * time.Hour

// QuietNudgeValid is how long a quiet-pair nudge stays valid once due,
// here and in the scheduler: a pair with a meeting in that time is not
// nudged, so not quiet.
const QuietNudgeValid = 7 * 24 * time.Hour

// Report is the programme's figures for admins. It holds counts, averages
// and who-is-in-which-pair only: never a goal, a note, an agenda item, a
// to-do or a feedback comment.
type Report struct {
	At time.Time

	// Pairs by state. Snoozed counts live pairs (active or paused) whose
	// nudges are held at At, so it overlaps Active and Paused.
	PairsActive, PairsPaused, PairsSnoozed, PairsEnded int
	PairsScheduled                                     int // active (not paused) pairs with a meeting schedule (a meeting ahead, when the report knows rules)

	// Windows holds the meeting and goal figures of the last 30 and 90 days.
	Windows []ReportWindow

	SessionsLogged int // all time
	GoalsSet       int // all time
	GoalsDone      int
	GoalsOpen      int
	GoalsDropped   int
	GoalsOverdue   int // open goals whose due date has passed in their owner's zone

	// Feedback figures, of the answers in closed batches only (see
	// feedback_batches.go): each moves by whole batches, the answers of
	// at least MinFeedbackAnswers different people, and a forget moves
	// none. N == 0 (Total() == 0 for Fit): no batch has closed yet. There
	// is no count of the answers waiting in open batches, nor of their
	// people: it would move by one person's answers, as they give them
	// and when /mentor forget deletes them.
	RatingsAll       Rating // every 1–5 rating
	RatingsOfMentors Rating // mentees rating the mentoring they get
	RatingsOfMentees Rating // mentors rating how the mentoring goes
	Fit              FitCounts

	// NudgesStopped is how many people's nudges stopped after going
	// unanswered: a count, as admins get aggregates (nobody told them an
	// admin would see their names).
	NudgesStopped int
	// QuietPairs are the active pairs the quiet-pair nudge counts as
	// quiet (reportQuiet): no meeting and no logged session in the
	// QuietAfter since their last sign of life, and no meeting in the
	// week after; quiet the longest first.
	QuietPairs []QuietPair
}

// ReportWindow is the activity of the last Days days.
type ReportWindow struct {
	Days int
	// Held counts the meetings held on days in the window, as logged:
	// each scheduled meeting once, however many sessions it has, and
	// each day's sessions of a pair with no meeting attached once, or not
	// at all when that day's sessions include one of a meeting; and a
	// meeting its two members logged each on their own date (either side
	// of midnight, in their zones) once (heldTwiceAcrossDates).
	Held int
	// Skipped counts meetings skipped ahead of time that fell in the window.
	Skipped int
	// Missed counts scheduled meetings in the window that were neither
	// skipped nor logged (see Report's doc for how they are matched).
	Missed    int
	GoalsSet  int
	GoalsDone int
	// ActivePairs counts pairs with at least one logged session in the window.
	ActivePairs int
}

// Rating is an average over N answers given by People different people.
// (People is counted batch by batch: someone who asked to be forgotten and
// answered again later counts twice.)
type Rating struct {
	N       int
	People  int
	Average float64
}

// FitCounts are the answers to "is this a good fit?" counted in closed
// batches.
type FitCounts struct {
	Yes, Unsure, No int
	People          int // how many different people answered
}

// Total is how many fit answers there are.
func (f FitCounts) Total() int { return f.Yes + f.Unsure + f.No }

// QuietPair names a quiet pair for the admins, who may see who is paired
// with whom (as /mentor pairs all shows) but nothing of what they wrote.
type QuietPair struct {
	PairID             int64
	MentorID, MenteeID string
	// QuietSince is the pair's last sign of life: its last logged session,
	// its last scheduled meeting, its latest schedule, its resume after a
	// long pause, or its start.
	QuietSince time.Time
	// Snoozed: its nudges are snoozed now.
	Snoozed bool
}

// ZoneFunc is the time zone of a person by their stored zone (users.tz,
// "" when Slack gave none): the bot's reading of it, the programme's
// default zone for none. A nil ZoneFunc reads everyone in UTC.
type ZoneFunc func(tz string) *time.Location

// OccurrencesFunc lists the meetings a stored schedule rule makes in
// [from, to). The store does not interpret rules (cadence does), so the
// caller passes this in; an error for one rule leaves that pair's meetings
// out of the figures.
type OccurrencesFunc func(rule string, from, to time.Time) ([]time.Time, error)

// reportSchedule is what ProgrammeReport needs of one pair's meetings.
type reportSchedule struct {
	pair     Pair
	rule     string
	duration time.Duration
	setAt    time.Time
	pauses   [][2]time.Time // [from, until); a zero until: still paused
	// until, for a schedule replaced by another, is when it was replaced:
	// its meetings end there. Zero for the pair's current schedule.
	until time.Time
	// movedIn are the times this schedule's meetings were moved to (the
	// occurrences they were moved from are in meeting_skips).
	movedIn []time.Time
}

// ProgrammeReport computes the programme's figures at now. Meetings held
// are logged meetings (a meeting both members logged counts once, on one
// date or, each on their own day, on two); skipped meetings are the recorded skips; a missed meeting is an
// occurrence of one of a pair's schedules (the current one, or one it
// replaced, while it held) that ended before now, while the pair was live
// and not paused, that was not skipped and has no session matched to it (a
// session for that occurrence, or one held within a day of it).
// A goal is overdue once its date has passed in its owner's zone (zone);
// zone reads the loggers' zones too, to tell one meeting logged on two
// dates from two.
func (db *DB) ProgrammeReport(ctx context.Context, now time.Time, occurrences OccurrencesFunc, zone ZoneFunc) (Report, error) {
	rep := Report{At: now}
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		if err := reportCounts(ctx, q, now, zone, &rep); err != nil {
			return err
		}
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE nudges_stopped_at > 0`).Scan(&rep.NudgesStopped); err != nil {
			return fmt.Errorf("report: nudges stopped: %w", err)
		}
		scheds, err := reportSchedules(ctx, q)
		if err != nil {
			return err
		}
		skipped, err := skipsAhead(ctx, q, now)
		if err != nil {
			return err
		}
		for _, rs := range scheds {
			// A one-off that has passed is no schedule any more, and a
			// paused pair has no meeting ahead until it resumes; without
			// occurrences to ask, every other current schedule counts.
			if !rs.until.IsZero() || rs.pair.Status != PairActive {
				continue
			}
			if occurrences == nil || rs.meetingAhead(now, occurrences, skipped[rs.pair.ID]) {
				rep.PairsScheduled++
			}
		}
		for _, days := range []int{30, 90} {
			w, err := reportWindow(ctx, q, now, days, scheds, occurrences, zone)
			if err != nil {
				return err
			}
			rep.Windows = append(rep.Windows, w)
		}
		rep.QuietPairs, err = reportQuiet(ctx, q, now, scheds, occurrences)
		return err
	})
	return rep, err
}

// ProgrammeSummary computes the figures of ProgrammeReport that plain
// counts give: pairs by state, sessions logged, goals, feedback ratings and
// the last 30 days' meetings held and skipped (Windows[0], whose Missed is
// left zero). It leaves out what needs every schedule's meetings worked
// out (missed meetings, pairs with a meeting ahead, quiet pairs), so that
// an admin's App Home, rendered far more often than the report, stays
// cheap however big the programme is. Goals are overdue as in
// ProgrammeReport.
func (db *DB) ProgrammeSummary(ctx context.Context, now time.Time, zone ZoneFunc) (Report, error) {
	rep := Report{At: now}
	err := db.readSnapshot(ctx, func(q sqlQuerier) error {
		if err := reportCounts(ctx, q, now, zone, &rep); err != nil {
			return err
		}
		w, err := reportWindowCounts(ctx, q, now, 30, zone)
		if err != nil {
			return err
		}
		rep.Windows = []ReportWindow{w}
		return nil
	})
	return rep, err
}

// reportCounts fills what of the report plain counts give, outside its
// windows: pairs by state, goals, feedback ratings and sessions logged.
func reportCounts(ctx context.Context, q sqlQuerier, now time.Time, zone ZoneFunc, rep *Report) error {
	if err := reportPairs(ctx, q, now, rep); err != nil {
		return err
	}
	if err := reportGoals(ctx, q, now, zone, rep); err != nil {
		return err
	}
	if err := reportFeedback(ctx, q, rep); err != nil {
		return err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&rep.SessionsLogged); err != nil {
		return fmt.Errorf("report: count sessions: %w", err)
	}
	return nil
}

func reportPairs(ctx context.Context, q sqlQuerier, now time.Time, rep *Report) error {
	err := q.QueryRowContext(ctx, `SELECT
			COALESCE(SUM(status = 'active'), 0),
			COALESCE(SUM(status = 'paused'), 0),
			COALESCE(SUM(status <> 'ended' AND snoozed_until > ?), 0),
			COALESCE(SUM(status = 'ended'), 0)
		FROM pairs`, unix(now)).Scan(&rep.PairsActive, &rep.PairsPaused, &rep.PairsSnoozed, &rep.PairsEnded)
	if err != nil {
		return fmt.Errorf("report: count pairs: %w", err)
	}
	return nil
}

// reportGoals counts goals by status, and the open ones that are
// overdue: past their date in their owner's zone, as the owner and their
// mentors read them (a goal due today in Pago Pago is not late because it
// is tomorrow in UTC).
func reportGoals(ctx context.Context, q sqlQuerier, now time.Time, zone ZoneFunc, rep *Report) error {
	// A date before the day of the zone furthest behind (-14 h, to be
	// safe) has passed everywhere; a date from the day furthest ahead
	// (+14 h) on has passed nowhere. Only those between, a few days'
	// goals, depend on the owner's zone.
	passed, ahead := now.Add(-latestZone).UTC().Format(time.DateOnly), now.Add(latestZone).UTC().Format(time.DateOnly)
	err := q.QueryRowContext(ctx, `SELECT count(*),
			COALESCE(SUM(status = 'done'), 0),
			COALESCE(SUM(status = 'open'), 0),
			COALESCE(SUM(status = 'dropped'), 0),
			COALESCE(SUM(status = 'open' AND due_on <> '' AND due_on < ?), 0)
		FROM goals`, passed).Scan(&rep.GoalsSet, &rep.GoalsDone, &rep.GoalsOpen, &rep.GoalsDropped, &rep.GoalsOverdue)
	if err != nil {
		return fmt.Errorf("report: count goals: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT g.due_on, COALESCE(u.tz, '')
		FROM goals g LEFT JOIN users u ON u.user_id = g.owner_id
		WHERE g.status = 'open' AND g.due_on >= ? AND g.due_on < ?`, passed, ahead)
	if err != nil {
		return fmt.Errorf("report: goals due about now: %w", err)
	}
	err = each(rows, func(s scanner) error {
		var due, tz string
		if err := s.Scan(&due, &tz); err != nil {
			return err
		}
		loc := time.UTC
		if zone != nil {
			if l := zone(tz); l != nil {
				loc = l
			}
		}
		if due < now.In(loc).Format(time.DateOnly) {
			rep.GoalsOverdue++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: goals due about now: %w", err)
	}
	return nil
}

func reportFeedback(ctx context.Context, q sqlQuerier, rep *Report) error {
	// The figures sum closed batches only (feedback_batches.go). All
	// ratings are the batches of both sides (and the one of both sides
	// that migration 0019 may have made): the whole less one side is the
	// other side's batches, never fewer people's answers.
	rows, err := q.QueryContext(ctx, `SELECT side, sum(answers), sum(people), sum(raters), sum(rating_sum),
			sum(fit_yes), sum(fit_unsure), sum(fit_no)
		FROM feedback_batches GROUP BY side`)
	if err != nil {
		return fmt.Errorf("report: feedback batches: %w", err)
	}
	var ratingSum int
	err = each(rows, func(s scanner) error {
		var side string
		var answers, people, raters, sum int
		var fit FitCounts
		if err := s.Scan(&side, &answers, &people, &raters, &sum, &fit.Yes, &fit.Unsure, &fit.No); err != nil {
			return err
		}
		if side == batchFit {
			fit.People = people
			rep.Fit = fit
			return nil
		}
		rep.RatingsAll.N += answers
		rep.RatingsAll.People += raters
		ratingSum += sum
		r := Rating{N: answers, People: people, Average: float64(sum) / float64(answers)}
		switch side {
		case batchMentee:
			rep.RatingsOfMentors = r
		case batchMentor:
			rep.RatingsOfMentees = r
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("report: feedback batches: %w", err)
	}
	if rep.RatingsAll.N > 0 {
		rep.RatingsAll.Average = float64(ratingSum) / float64(rep.RatingsAll.N)
	}
	return nil
}

func reportSchedules(ctx context.Context, q sqlQuerier) ([]reportSchedule, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.mentor_id, p.mentee_id, p.status, p.created_by, p.created_at, p.ended_at,
			p.ended_by, p.snoozed_until, COALESCE(p.cohort_id, 0), s.rule, s.duration_min, s.set_at
		FROM schedules s JOIN pairs p ON p.id = s.pair_id ORDER BY p.id`)
	if err != nil {
		return nil, fmt.Errorf("report: schedules: %w", err)
	}
	out, err := collect(rows, func(s scanner) (reportSchedule, error) {
		var rs reportSchedule
		var created, ended, snoozed, mins, setAt int64
		p := &rs.pair
		if err := s.Scan(&p.ID, &p.MentorID, &p.MenteeID, &p.Status, &p.CreatedBy, &created, &ended, &p.EndedBy, &snoozed, &p.CohortID,
			&rs.rule, &mins, &setAt); err != nil {
			return reportSchedule{}, err
		}
		p.CreatedAt, p.EndedAt, p.SnoozedUntil = fromUnix(created), fromUnix(ended), fromUnix(snoozed)
		rs.duration, rs.setAt = time.Duration(mins)*time.Minute, fromUnix(setAt)
		return rs, nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: schedules: %w", err)
	}
	hrows, err := q.QueryContext(ctx, `SELECT pair_id, rule, duration_min, set_at, replaced_at FROM schedule_history ORDER BY pair_id, set_at`)
	if err != nil {
		return nil, fmt.Errorf("report: replaced schedules: %w", err)
	}
	byID := map[int64]Pair{}
	for _, rs := range out {
		byID[rs.pair.ID] = rs.pair
	}
	err = each(hrows, func(s scanner) error {
		var id, mins, setAt, until int64
		var rule string
		if err := s.Scan(&id, &rule, &mins, &setAt, &until); err != nil {
			return err
		}
		if p, ok := byID[id]; ok { // a pair with a schedule now: all had one
			out = append(out, reportSchedule{pair: p, rule: rule, duration: time.Duration(mins) * time.Minute, setAt: fromUnix(setAt), until: fromUnix(until)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: replaced schedules: %w", err)
	}
	idx := map[int64][]int{}
	for i, rs := range out {
		idx[rs.pair.ID] = append(idx[rs.pair.ID], i)
	}
	mrows, err := q.QueryContext(ctx, `SELECT pair_id, moved_to FROM meeting_skips WHERE moved_to <> 0 AND moved_to <> starts_at ORDER BY pair_id, moved_to`)
	if err != nil {
		return nil, fmt.Errorf("report: moved meetings: %w", err)
	}
	err = each(mrows, func(s scanner) error {
		var id, to int64
		if err := s.Scan(&id, &to); err != nil {
			return err
		}
		// A move belongs to the schedule in force at its new time: a new
		// schedule forgets the moves still ahead (so one held under a
		// schedule since replaced stays that schedule's), but one that
		// only changes the length keeps them, moved to after it.
		for _, i := range idx[id] {
			if out[i].holds(fromUnix(to)) {
				out[i].movedIn = append(out[i].movedIn, fromUnix(to))
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: moved meetings: %w", err)
	}
	prows, err := q.QueryContext(ctx, `SELECT pair_id, from_at, until_at FROM pair_pauses`)
	if err != nil {
		return nil, fmt.Errorf("report: pauses: %w", err)
	}
	err = each(prows, func(s scanner) error {
		var id, from, until int64
		if err := s.Scan(&id, &from, &until); err != nil {
			return err
		}
		for _, i := range idx[id] {
			out[i].pauses = append(out[i].pauses, [2]time.Time{fromUnix(from), fromUnix(until)})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: pauses: %w", err)
	}
	return out, nil
}

// skipsAhead reads the meetings skipped (or moved away; one moved back to
// its time, Changes.Back, is neither) from now on, by pair: starts_at in
// Unix seconds.
func skipsAhead(ctx context.Context, q sqlQuerier, now time.Time) (map[int64]map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT pair_id, starts_at FROM meeting_skips WHERE starts_at >= ? AND moved_to <> starts_at`, unix(now))
	if err != nil {
		return nil, fmt.Errorf("report: skips ahead: %w", err)
	}
	out := map[int64]map[int64]bool{}
	err = each(rows, func(s scanner) error {
		var id, at int64
		if err := s.Scan(&id, &at); err != nil {
			return err
		}
		if out[id] == nil {
			out[id] = map[int64]bool{}
		}
		out[id][at] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: skips ahead: %w", err)
	}
	return out, nil
}

// meetingAhead reports whether the schedule has a meeting in the next two
// months that is not skipped: an occurrence, or one moved in.
func (rs reportSchedule) meetingAhead(now time.Time, occurrences OccurrencesFunc, skipped map[int64]bool) bool {
	next, err := occurrences(rs.rule, now, now.AddDate(0, 2, 0))
	if err != nil {
		return false
	}
	for _, t := range append(next, rs.movedIn...) {
		if !t.Before(now) && !skipped[t.Unix()] {
			return true
		}
	}
	return false
}

// holds reports whether t falls in the time the schedule was the pair's:
// from when it was set until it was replaced.
func (rs reportSchedule) holds(t time.Time) bool {
	return !t.Before(rs.setAt) && (rs.until.IsZero() || t.Before(rs.until))
}

// paused reports whether the pair was paused at t.
func (rs reportSchedule) paused(t time.Time) bool {
	for _, p := range rs.pauses {
		if !t.Before(p[0]) && (p[1].IsZero() || t.Before(p[1])) {
			return true
		}
	}
	return false
}

// pastMeetings lists the occurrences of a schedule in [from, now) whose
// meeting has ended by now and that the pair could have held: after the
// schedule was set and the pair began, before it ended, and not while it
// was paused.
func pastMeetings(rs reportSchedule, from, now time.Time, occurrences OccurrencesFunc) []time.Time {
	if occurrences == nil {
		return nil
	}
	start := from
	for _, t := range []time.Time{rs.setAt, rs.pair.CreatedAt} {
		if t.After(start) {
			start = t
		}
	}
	end := now.Add(-rs.duration)
	if !rs.pair.EndedAt.IsZero() && rs.pair.EndedAt.Before(end) {
		end = rs.pair.EndedAt
	}
	if !rs.until.IsZero() && rs.until.Before(end) {
		end = rs.until // replaced: its meetings stop there
	}
	if !start.Before(end) {
		return nil
	}
	ts, err := occurrences(rs.rule, start, end)
	if err != nil {
		return nil
	}
	for _, t := range rs.movedIn {
		if !t.Before(start) && t.Before(end) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, time.Time.Compare)
	return slices.DeleteFunc(ts, rs.paused)
}

// pairHistory is what matching a pair's meetings needs: its skips and the
// sessions it logged.
type pairHistory struct {
	skips     map[int64]bool
	meetingAt map[int64]bool
	// days holds, for each day a session not linked to a meeting was held
	// on, when the last of them was logged.
	days map[string]time.Time
}

func loadPairHistory(ctx context.Context, q sqlQuerier, pairID int64, from time.Time) (pairHistory, error) {
	h := pairHistory{skips: map[int64]bool{}, meetingAt: map[int64]bool{}, days: map[string]time.Time{}}
	// A meeting moved away is not held at its time either.
	skips, err := reportInts(q.QueryContext(ctx, `SELECT starts_at FROM meeting_skips WHERE pair_id = ? AND starts_at >= ? AND moved_to <> starts_at`, pairID, unix(from)))
	if err != nil {
		return h, fmt.Errorf("report: skips of pair %d: %w", pairID, err)
	}
	for _, s := range skips {
		h.skips[s] = true
	}
	rows, err := q.QueryContext(ctx, `SELECT meeting_at, held_on, created_at FROM sessions WHERE pair_id = ? AND held_on >= ?`,
		pairID, from.AddDate(0, 0, -2).UTC().Format(time.DateOnly))
	if err != nil {
		return h, fmt.Errorf("report: sessions of pair %d: %w", pairID, err)
	}
	err = each(rows, func(s scanner) error {
		var at, created int64
		var day string
		if err := s.Scan(&at, &day, &created); err != nil {
			return fmt.Errorf("report: sessions of pair %d: %w", pairID, err)
		}
		if at != 0 {
			h.meetingAt[at] = true
			return nil // that meeting's log, as the follow-ups take it
		}
		if c := fromUnix(created); c.After(h.days[day]) {
			h.days[day] = c
		}
		return nil
	})
	return h, err
}

// logged reports whether a session covers the meeting at t: one logged for
// that occurrence, or one linked to none held within a day of it (the day
// a session was held is read in the logger's zone, so it may differ from
// t's UTC date) and logged once the meeting had begun, give or take
// the early log the bot links to a meeting (reportLogEarly): one logged
// before is another meeting.
func (h pairHistory) logged(t time.Time) bool {
	if h.meetingAt[t.Unix()] {
		return true
	}
	for _, d := range []int{-1, 0, 1} {
		if c, ok := h.days[t.UTC().AddDate(0, 0, d).Format(time.DateOnly)]; ok && !c.Before(t.Add(-reportLogEarly)) {
			return true
		}
	}
	return false
}

func reportWindow(ctx context.Context, q sqlQuerier, now time.Time, days int, scheds []reportSchedule, occurrences OccurrencesFunc, zone ZoneFunc) (ReportWindow, error) {
	w, err := reportWindowCounts(ctx, q, now, days, zone)
	if err != nil {
		return w, err
	}
	from := now.AddDate(0, 0, -days)
	for _, rs := range scheds {
		meetings := pastMeetings(rs, from, now, occurrences)
		if len(meetings) == 0 {
			continue
		}
		h, err := loadPairHistory(ctx, q, rs.pair.ID, from)
		if err != nil {
			return w, err
		}
		for _, t := range meetings {
			if !h.skips[t.Unix()] && !h.logged(t) {
				w.Missed++
			}
		}
	}
	return w, nil
}

// reportWindowCounts fills what of a window plain counts give: all but
// Missed. zone reads the loggers' zones, to tell one meeting logged on two
// dates (see heldTwiceAcrossDates).
func reportWindowCounts(ctx context.Context, q sqlQuerier, now time.Time, days int, zone ZoneFunc) (ReportWindow, error) {
	w := ReportWindow{Days: days}
	from := now.AddDate(0, 0, -days)
	// held_on is the logger's own day, which in zones ahead of UTC (up to
	// UTC+14) has begun before UTC's: a session logged in Tokyo at 03:00
	// counts now, not once UTC reaches its day.
	fromDay, today := from.UTC().Format(time.DateOnly), now.Add(latestZone).UTC().Format(time.DateOnly)
	// A scheduled meeting both members logged was held once, and so was
	// a meeting off the schedule that both logged for the same day: a pair
	// meets once a day at most, far more likely than twice. A session with
	// no meeting on a day the pair logged a scheduled meeting is that
	// meeting too: the second member to log it finds the meeting taken by
	// the first's session and logs it as held on its day.
	//
	// held_on is each logger's own day, so two members in zones far apart
	// may log one meeting on two dates. The scan lists the sessions that
	// may be such a second log (no meeting, not counted with one of their
	// day, and the partner logged on a day next to theirs): few, read
	// again with their neighbours and weighed in Go, with the loggers'
	// zones (heldTwiceAcrossDates). Asked of every session of the window,
	// the look-up of neighbours runs for those with no meeting only.
	var multi sql.NullString
	err := q.QueryRowContext(ctx, `SELECT count(DISTINCT CASE
			WHEN meeting_at > 0 THEN pair_id || ':' || meeting_at
			WHEN NOT with_meeting THEN pair_id || ' on ' || held_on END),
		count(DISTINCT pair_id),
		json_group_array(id) FILTER (WHERE meeting_at = 0 AND NOT with_meeting AND logged_by <> '' AND EXISTS (
			SELECT 1 FROM sessions o WHERE o.pair_id = s.pair_id AND o.held_on IN (date(s.held_on, '-1 day'), date(s.held_on, '+1 day'))
				AND o.logged_by NOT IN (s.logged_by, '')))
		FROM (SELECT id, pair_id, meeting_at, held_on, logged_by,
				meeting_at = 0 AND EXISTS (SELECT 1 FROM sessions m WHERE m.pair_id = sessions.pair_id AND m.held_on = sessions.held_on AND m.meeting_at > 0) AS with_meeting
			FROM sessions WHERE held_on >= ? AND held_on <= ?) s`, fromDay, today).
		Scan(&w.Held, &w.ActivePairs, &multi)
	if err != nil {
		return w, fmt.Errorf("report: sessions in %d days: %w", days, err)
	}
	if multi.String != "" && multi.String != "[]" {
		twice, err := heldTwiceAcrossDates(ctx, q, multi.String, fromDay, today, zone)
		if err != nil {
			return w, fmt.Errorf("report: sessions in %d days: %w", days, err)
		}
		w.Held -= twice
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM meeting_skips WHERE starts_at >= ? AND starts_at < ? AND moved_to = 0`, unix(from), unix(now)).
		Scan(&w.Skipped); err != nil {
		return w, fmt.Errorf("report: skips in %d days: %w", days, err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(created_at >= ?), 0), COALESCE(SUM(status = 'done' AND closed_at >= ?), 0) FROM goals`,
		unix(from), unix(from)).Scan(&w.GoalsSet, &w.GoalsDone); err != nil {
		return w, fmt.Errorf("report: goals in %d days: %w", days, err)
	}
	return w, nil
}

// Two logs of one meeting on two dates (reportWindowCounts): how long
// before a meeting it may be logged, and how long after the start of a
// meeting of the day before a session logged after midnight still belongs
// to it, as the bot links a log to its meeting (bot/meetings.go, logEarly
// and logAfterMidnight).
const (
	reportLogEarly         = 30 * time.Minute
	reportLogAfterMidnight = 6 * time.Hour
)

// heldTwiceAcrossDates counts the meetings of the window [fromDay, today]
// that reportWindowCounts's keys count twice because its two members
// logged them on two dates, each on their own day: the sessions ids (a
// JSON array) have no meeting, are not counted with a meeting of their
// day, and have a session of the partner on a day next to theirs. Two logs
// by the two members are one meeting when
//
//   - one is of a scheduled meeting, and the other, with none, was logged
//     on the day that meeting fell on in its logger's zone (or just after
//     midnight, as the bot reads a log), not before the meeting: the bot
//     would have linked it to that meeting had the first not taken it; or
//   - neither has a meeting, they were logged on consecutive dates, and
//     a meeting before both logs can have been on both: the later date
//     had begun in its logger's zone while it was still the earlier date
//     in the other's, before both were logged; or the later was logged
//     on its day, within six hours of the latest such a meeting can have
//     been (just after midnight, as the bot reads a log of a scheduled
//     meeting). Two logs of consecutive dates that neither puts together
//     are two meetings: members in one zone who log a day apart, or a
//     log made before the later date began anywhere they are, and the
//     other more than six hours after it.
//
// Each counted meeting merges at most two dates (two members, one date
// each), so a run of logs on three days is not taken for one meeting.
func heldTwiceAcrossDates(ctx context.Context, q sqlQuerier, ids, fromDay, today string, zone ZoneFunc) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.pair_id, s.held_on, s.held_today, s.created_at, COALESCE(us.tz, ''),
			o.held_on, o.held_today, o.meeting_at, o.created_at, COALESCE(uo.tz, '')
		FROM sessions s
		JOIN sessions o ON o.pair_id = s.pair_id AND o.held_on IN (date(s.held_on, '-1 day'), date(s.held_on, '+1 day'))
			AND o.logged_by NOT IN (s.logged_by, '') AND o.held_on >= ? AND o.held_on <= ?
		LEFT JOIN users us ON us.user_id = s.logged_by
		LEFT JOIN users uo ON uo.user_id = o.logged_by
		WHERE s.id IN (SELECT value FROM json_each(?))
			AND (o.meeting_at > 0 OR NOT EXISTS (SELECT 1 FROM sessions m WHERE m.pair_id = o.pair_id AND m.held_on = o.held_on AND m.meeting_at > 0))
		ORDER BY s.pair_id, s.held_on, o.held_on, o.meeting_at`, fromDay, today, ids)
	if err != nil {
		return 0, fmt.Errorf("sessions logged on two dates: %w", err)
	}
	locs := map[string]*time.Location{}
	in := func(tz string) *time.Location {
		if l, ok := locs[tz]; ok {
			return l
		}
		l := time.UTC
		if zone != nil {
			if z := zone(tz); z != nil {
				l = z
			}
		}
		locs[tz] = l
		return l
	}
	type edge struct{ a, b string }
	var scheduled, unscheduled []edge
	err = each(rows, func(sc scanner) error {
		var pair, created, oAt, oCreated int64
		var day, tz, oDay, oTZ string
		var heldToday, oHeldToday bool
		if err := sc.Scan(&pair, &day, &heldToday, &created, &tz, &oDay, &oHeldToday, &oAt, &oCreated, &oTZ); err != nil {
			return err
		}
		dayKey := func(d string) string { return fmt.Sprintf("%d on %s", pair, d) }
		if oAt > 0 {
			at, loggedAt, loc := fromUnix(oAt), fromUnix(created), in(tz)
			if loggedAt.Before(at.Add(-reportLogEarly)) {
				return nil // logged before that meeting: another
			}
			onDay := at.In(loc).Format(time.DateOnly)
			if onDay == day || heldToday && onDay == addDays(day, -1) && loggedAt.Sub(at) <= reportLogAfterMidnight {
				scheduled = append(scheduled, edge{dayKey(day), fmt.Sprintf("%d:%d", pair, oAt)})
			}
			return nil
		}
		// Both without a meeting: weighed once, from the earlier date.
		if oDay < day {
			return nil
		}
		dayStart := func(loc *time.Location) time.Time {
			d, _ := time.ParseInLocation(time.DateOnly, oDay, loc)
			return d
		}
		// The latest the meeting can have been: before both logs, and on
		// the earlier logger's date.
		last := fromUnix(created)
		for _, t := range []time.Time{fromUnix(oCreated), dayStart(in(tz))} {
			if t.Before(last) {
				last = t
			}
		}
		if begun := dayStart(in(oTZ)); begun.Before(last) ||
			oHeldToday && fromUnix(oCreated).Sub(last) <= reportLogAfterMidnight {
			unscheduled = append(unscheduled, edge{dayKey(day), dayKey(oDay)})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sessions logged on two dates: %w", err)
	}
	merged := map[string]bool{}
	twice := 0
	for _, e := range append(scheduled, unscheduled...) {
		if !merged[e.a] && !merged[e.b] {
			merged[e.a], merged[e.b] = true, true
			twice++
		}
	}
	return twice, nil
}

// addDays is the date n days after the 'YYYY-MM-DD' date day.
func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// reportQuiet finds the active pairs the scheduler's quiet-pair nudge
// (scheduler/plan.go, quietPair) counts as quiet at now, by the same rule:
// a pair is quiet from QuietAfter after its last sign of life (its start,
// its current schedule being set, its last logged session, or its
// current schedule's last meeting that took place, not skipped or moved
// away), unless one of its meetings comes within QuietNudgeValid of
// then; a resume counts afresh when the nudge's time had come by then.
// Paused pairs are on hold on purpose and left out; snoozed ones are
// listed and marked.
func reportQuiet(ctx context.Context, q sqlQuerier, now time.Time, scheds []reportSchedule, occurrences OccurrencesFunc) ([]QuietPair, error) {
	cands, err := queryPairs(ctx, q, `status = 'active'`)
	if err != nil {
		return nil, fmt.Errorf("report: quiet pairs: %w", err)
	}
	byPair := map[int64]reportSchedule{}
	for _, rs := range scheds {
		if rs.until.IsZero() { // the current schedule, as the nudge goes by
			byPair[rs.pair.ID] = rs
		}
	}
	var out []QuietPair
	for _, p := range cands {
		since := p.CreatedAt
		rs, scheduled := byPair[p.ID]
		if scheduled && rs.setAt.After(since) {
			since = rs.setAt
		}
		var logged int64
		if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM sessions WHERE pair_id = ?`, p.ID).Scan(&logged); err != nil {
			return nil, fmt.Errorf("report: last session of pair %d: %w", p.ID, err)
		}
		if t := fromUnix(logged); t.After(since) {
			since = t
		}
		// As the nudge: a resume starts the count afresh when the nudge
		// would have fallen due by then (in the pause, where it lapsed,
		// or before it).
		if p.ResumedAt.After(since) && !since.Add(QuietAfter).After(p.ResumedAt) {
			since = p.ResumedAt
		}
		if since.Add(QuietAfter).After(now) {
			continue
		}
		if scheduled && occurrences != nil {
			// The meetings as they take place, as the nudge reads them:
			// the current schedule's, without those skipped or moved
			// away, with those moved in. (The nudge looks back
			// QuietAfter and its plan's horizon only; looking back
			// further dates the quiet more truly and, as a meeting that
			// old is past any nudge's window, lists the same pairs.)
			look := since
			if year := now.AddDate(-1, 0, 0); look.Before(year) {
				look = year
			}
			meetings, err := quietMeetings(ctx, q, rs, look, now.Add(QuietNudgeValid).Add(time.Nanosecond), occurrences)
			if err != nil {
				return nil, err
			}
			for _, t := range meetings {
				if t.Before(now) && t.After(since) {
					since = t
				}
			}
			if since.Add(QuietAfter).After(now) {
				continue
			}
			// A meeting coming before the nudge would expire: no nudge.
			due := since.Add(QuietAfter)
			if slices.ContainsFunc(meetings, func(t time.Time) bool { return !t.Before(now) && !t.After(due.Add(QuietNudgeValid)) }) {
				continue
			}
		}
		out = append(out, QuietPair{PairID: p.ID, MentorID: p.MentorID, MenteeID: p.MenteeID, QuietSince: since, Snoozed: p.Snoozed(now)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].QuietSince.Before(out[j].QuietSince) })
	return out, nil
}

// quietMeetings lists the meetings of a pair's current schedule in
// [from, to) as they take place: without those skipped or moved away,
// with those moved in. Unlike pastMeetings it keeps those that fell in a
// pause, as the quiet-pair nudge does (a long pause is the resume's to
// count). A rule that cannot be read has no meetings.
func quietMeetings(ctx context.Context, q sqlQuerier, rs reportSchedule, from, to time.Time, occurrences OccurrencesFunc) ([]time.Time, error) {
	ts, err := occurrences(rs.rule, from, to)
	if err != nil {
		return nil, nil
	}
	for _, t := range rs.movedIn {
		if !t.Before(from) && t.Before(to) {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return nil, nil
	}
	off, err := reportInts(q.QueryContext(ctx, `SELECT starts_at FROM meeting_skips WHERE pair_id = ? AND starts_at >= ? AND starts_at < ? AND moved_to <> starts_at`,
		rs.pair.ID, unix(from), unix(to)))
	if err != nil {
		return nil, fmt.Errorf("report: skips of pair %d: %w", rs.pair.ID, err)
	}
	ts = slices.DeleteFunc(ts, func(t time.Time) bool { return slices.Contains(off, t.Unix()) })
	slices.SortFunc(ts, time.Time.Compare)
	return slices.CompactFunc(ts, time.Time.Equal), nil
}

// reportInts reads a one-column query, taking QueryContext's two results
// as they are.
func reportInts(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	return collect(rows, scanOne[int64])
}
