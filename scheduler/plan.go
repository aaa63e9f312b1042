package scheduler

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/store"
)

// Config is the programme's timing configuration.
type Config struct {
	RemindBefore       []time.Duration // MENTORBOT_REMIND_BEFORE
	AgendaPromptBefore time.Duration   // MENTORBOT_AGENDA_PROMPT_BEFORE; 0 turns agenda prompts off
	FollowupAfter      time.Duration   // MENTORBOT_FOLLOWUP_AFTER
	CheckinSchedule    string          // MENTORBOT_CHECKIN_SCHEDULE; "" turns check-ins off
	QuietHours         string          // MENTORBOT_QUIET_HOURS
	DefaultTZ          *time.Location  // MENTORBOT_DEFAULT_TZ
}

// planVersion names the planning rules; change it when they change, so
// that a start after an upgrade plans everything anew.
const planVersion = 11

// fingerprint names the configuration and planning rules a plan was made
// with: a start with another one re-plans everything.
func (c Config) fingerprint() string {
	tz := "UTC"
	if c.DefaultTZ != nil {
		tz = c.DefaultTZ.String()
	}
	return fmt.Sprintf("v%d|remind=%v|agenda=%v|followup=%v|checkin=%q|quiet=%q|tz=%s|horizon=%v",
		planVersion, c.RemindBefore, c.AgendaPromptBefore, c.FollowupAfter, c.CheckinSchedule, c.QuietHours, tz, PlanHorizon)
}

// Notification kinds the scheduler plans. The bot renders each from the
// state at send time.
const (
	KindReminder      = "reminder"        // a meeting is coming up; to both, once per lead time
	KindAgenda        = "agenda_prompt"   // what do you want to cover? to the mentee
	KindFollowup      = "followup"        // how did it go? log it; to both
	KindCheckin       = "checkin"         // weekly: open to-dos, goals, next meeting; per person
	KindGoalDue       = "goal_due"        // a goal is due in three days; to the mentee
	KindGoalOverdue   = "goal_overdue"    // a goal's date has passed; to the mentee
	KindFeedback      = "feedback_prompt" // after every 4th logged session; to both
	KindFit           = "fit_check"       // after the first logged session; to both
	KindQuietPair     = "quiet_pair"      // 30 days with no meeting and no log; to both
	KindNudgesStopped = "nudges_stopped"  // nudges have stopped after three unanswered; how to turn them on
)

// Kinds planned per pair and per person; a re-plan owns exactly these.
var (
	pairKinds = []string{KindReminder, KindAgenda, KindFollowup, KindFeedback, KindFit, KindQuietPair}
	userKinds = []string{KindCheckin, KindGoalDue, KindGoalOverdue}
	// nudgeKinds wait for quiet hours and snoozes, count towards the
	// unanswered nudges, and stop when a person turns nudges off.
	nudgeKinds = []string{KindFollowup, KindQuietPair, KindGoalDue, KindGoalOverdue, KindFeedback, KindFit}
)

// IsNudge reports whether notifications of kind are nudges.
func IsNudge(kind string) bool { return slices.Contains(nudgeKinds, kind) }

// Timing of what the configuration does not set.
// AgendaMinLead is how long before its meeting an agenda prompt still
// goes: one that is late goes at once, but only while the meeting is at
// least this far away, and it expires then.
const AgendaMinLead = time.Hour

const (
	// PlanHorizon is how far ahead notifications are planned and stored,
	// at least: a plan covers its block and PlanHorizon past its end.
	PlanHorizon = 8 * 24 * time.Hour
	// replanEvery is how often everything is re-planned, so that the
	// horizon never runs out (weekly check-ins, next week's reminders).
	replanEvery = 24 * time.Hour
	// QuietAfter is how long a pair may go without a meeting or a log
	// before both are nudged to schedule one: when the report calls it
	// quiet.
	QuietAfter = store.QuietAfter
	// GoalDueLead is how long before a goal's date the mentee hears of it.
	GoalDueLead = 3 // days
	// goalNoticeHour is the local hour at which goal reminders go out.
	goalNoticeHour = 9
	// FeedbackEvery: a feedback prompt follows every FeedbackEvery-th
	// logged session.
	FeedbackEvery = 4
	// MaxUnansweredNudges in a row stop nudges to a person.
	MaxUnansweredNudges = 3
	// NudgeRound: nudges within it of the last counted one count as one
	// (those quiet hours held, released together in the morning).
	NudgeRound = 12 * time.Hour
	// NudgeGrace is how long the last of MaxUnansweredNudges has to be
	// answered before nudges stop.
	NudgeGrace = 24 * time.Hour
	// How long after their due time nudges still make sense.
	followupValid = 2 * 24 * time.Hour // and never past the next meeting
	promptValid   = 14 * 24 * time.Hour
	nudgeValid    = 7 * 24 * time.Hour
)

// planner computes plans for one instant. It is pure: the same state and
// now give the same notifications.
type planner struct {
	zones   *datetext.Zones
	cfg     Config
	now     time.Time
	checkin cron.Schedule // nil: no check-ins
	quiet   datetext.QuietHours
	leads   map[string][]time.Duration // parsed personal lead times
	quiets  map[string]datetext.QuietHours
	locs    map[string]*time.Location
	// A full re-plan sees the same few rules and zones thousands of times:
	// decoded rules and each zone's check-in firings are kept per planner.
	rules   map[string]decodedRule
	firings map[firingKey]firings
	seqs    map[zoneDay]*firingSeq
	// Everybody's check-ins fall on the same few days: each day's text
	// (for keys and refs) is formatted once, not once a person.
	dayText map[datetext.Date]string
	// rows is where plans put their rows (newRows): the plans a planner
	// makes share arrays, where each plan growing its own (a pair's dozen
	// or two rows) allocated about three times what it kept, and a full
	// re-plan's allocation was what most of its garbage collection cost.
	rows []store.Notification
}

// at is a planner for the instant now that shares pl's caches of what
// does not depend on the instant (parsed settings, zones, rules, the
// check-in schedule's firings from a day on): the plans a full re-plan
// makes again as of when each was made are made at many instants.
func (pl *planner) at(now time.Time) *planner {
	c := *pl
	c.now = now
	c.firings = map[firingKey]firings{} // which firings have passed depends on now
	c.rows = nil                        // its own arrays: rows go on after the last plan's
	return &c
}

// maxRowsBlock is the most rows that one array of planner.rows holds:
// they start small, for the one pair or person a change re-plans.
const maxRowsBlock = 512

// newRows begins a plan's rows in the planner's current array; append to
// it and end it with keepRows.
func (pl *planner) newRows() []store.Notification {
	if cap(pl.rows)-len(pl.rows) < 32 {
		pl.rows = make([]store.Notification, 0, min(max(2*cap(pl.rows), 32), maxRowsBlock))
	}
	return pl.rows[len(pl.rows):len(pl.rows)]
}

// keepRows ends a plan's rows begun with newRows. Rows that fitted in the
// array's spare room (append never moved them) keep their place there;
// more moved to an array of their own. Clipped, so that an append to
// one plan never writes over the next.
func (pl *planner) keepRows(rows []store.Notification) []store.Notification {
	if len(rows) == 0 {
		return nil
	}
	if len(rows) <= cap(pl.rows)-len(pl.rows) {
		pl.rows = pl.rows[:len(pl.rows)+len(rows)]
	}
	return slices.Clip(rows)
}

// firingKey names the check-in firings of one zone from one day on,
// through one instant.
type firingKey struct {
	loc     *time.Location
	from    time.Time
	through time.Time
}

// firings are the check-in firings through an instant, and the first
// one past it (zero: none).
type firings struct {
	at     []time.Time
	next   time.Time
	capped bool // maxCheckinFirings cut the list short
}

// A Plan is what should be pending about one pair or person at an
// instant, and until when it holds: planning the same state at any
// instant before Until gives the same rows, but for rows whose time has
// come (the dispatcher sends them) or whose time to make sense has passed
// (it drops them). The daily re-plan visits a pair or person again only
// when their plan has run out or their state changed. Zero Until: not
// until their state changes (an ended pair, someone in no live pair).
//
// At and Digest are what a full re-plan checks a stored plan by: the
// instant the plan was made and a digest of it (digest). Made again at
// At, under whatever rules and configuration, a plan with the same digest
// is the same plan, so it still holds now as it did (see fullCheck).
type Plan struct {
	Rows   []store.Notification
	Until  time.Time
	At     time.Time
	Digest uint64
}

// mark is what plan_until keeps of p.
func (p Plan) mark() store.PlanMark {
	return store.PlanMark{Until: p.Until, At: p.At, Digest: p.Digest}
}

// Blocks. A plan made at now covers the rows due until PlanHorizon past the
// end of the block that now is in, and holds at most until that end. A
// pair's blocks are pairBlock long, a person's personBlock, each starting
// on a day of its own (staggerOf), so that every day some plans run out and
// none sees them all.
//
// Anchoring the reach to the block, not to now, is what makes plans last:
// planning again at any instant in the block reaches the same instant and
// gives the same rows, so a pair or person is visited about once a block,
// and each visit stores a block's worth of rows at once (a weekly check-in
// or meeting entering a horizon that slid with now would end the plan once
// a week). Whatever the bounds in between compute, every live pair and
// person is planned afresh at its block's end, and a row is stored at
// least PlanHorizon before its time. planPair relies on pairBlock +
// PlanHorizon being under QuietAfter (TestPlanBlocks).
const (
	pairBlock   = 14 * 24 * time.Hour
	personBlock = 21 * 24 * time.Hour
)

// block is the block that an instant is in, for one pair or person.
type block struct {
	end     time.Time // its end: the plan holds at most until then
	through time.Time // the last instant planned for: end + PlanHorizon
}

// blockOf is the block of length size (whole days) that now is in, for the
// pair or person of id: blocks end at 00:00 UTC on the days d with
// (d + staggerOf(id)) % days == 0, counted from the Unix epoch.
func blockOf(now time.Time, size time.Duration, id string) block {
	days := int64(size / (24 * time.Hour))
	mod := func(a, b int64) int64 { return (a%b + b) % b } // never negative, before 1970 too
	day := (now.Unix() - mod(now.Unix(), 86400)) / 86400
	s := int64(staggerOf(id, days))
	next := day + 1 + mod(-(day+1+s), days) // the first after today on the block's day
	end := time.Unix(next*86400, 0).UTC()
	return block{end: end, through: end.Add(PlanHorizon)}
}

// PairReach is the last instant that a plan made at now covers for the
// pair of id: rows due later are planned at its block's end.
func PairReach(now time.Time, id int64) time.Time {
	return pairBlockOf(now, id).through
}

// pairBlockOf is the block of a pair. Pairs in runs of pairRun by ID share
// their blocks, so a day's re-plan visits such runs: the rows it stores
// for neighbouring pairs are neighbours in the notifications' indexes too
// (keys name the pair), and each commit rewrites fewer pages.
func pairBlockOf(now time.Time, id int64) block {
	return blockOf(now, pairBlock, strconv.FormatInt(id/pairRun, 10))
}

const pairRun = 64

// PersonReach is PairReach for a person's own rows (check-ins, goal
// reminders).
func PersonReach(now time.Time, id string) time.Time {
	return blockOf(now, personBlock, id).through
}

// staggerOf spreads pairs and people over the days of a block of days.
func staggerOf(id string, days int64) uint32 {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32() % uint32(days)
}

// validity collects the instants at which a plan made at now stops
// holding; until is the earliest, and at most the block's end.
type validity struct {
	now   time.Time
	block block
	until time.Time
}

func (v *validity) at(t time.Time) {
	if t.IsZero() {
		return
	}
	if v.until.IsZero() || t.Before(v.until) {
		v.until = t
	}
}

// keeps reports whether n belongs in the plan made at now: it has not
// expired, it makes sense before it does, and it is due within the block's
// reach (or inView: its meeting or firing is in reach already, so it goes
// in whatever its own due time). One due past the reach is planned at the
// block's end, where the plan runs out anyway.
func (v *validity) keeps(n store.Notification, inView bool) bool {
	if !n.ExpiresAt.After(v.now) || !n.DueAt.Before(n.ExpiresAt) {
		return false
	}
	return inView || !n.DueAt.After(v.block.through)
}

// after notes a change right after t: the plan still holds at t.
func (v *validity) after(t time.Time) {
	if !t.IsZero() {
		v.at(t.Add(time.Nanosecond))
	}
}

// plan is the Plan of rows, holding until the earliest bound noted and at
// most until the block's end.
func (v *validity) plan(rows []store.Notification) Plan {
	v.at(v.block.end)
	until := v.until.UTC()
	return Plan{Rows: rows, Until: until, At: v.now, Digest: digest(rows, until)}
}

func newPlanner(zones *datetext.Zones, cfg Config, now time.Time) (*planner, error) {
	p := &planner{zones: zones, cfg: cfg, now: now, leads: map[string][]time.Duration{}, quiets: map[string]datetext.QuietHours{},
		locs: map[string]*time.Location{}, rules: map[string]decodedRule{}, firings: map[firingKey]firings{},
		seqs: map[zoneDay]*firingSeq{}, dayText: map[datetext.Date]string{}}
	if p.cfg.DefaultTZ == nil {
		p.cfg.DefaultTZ = time.UTC
	}
	var err error
	if strings.TrimSpace(cfg.CheckinSchedule) != "" {
		spec, err := cron.ParseStandard(cfg.CheckinSchedule)
		if err != nil {
			return nil, fmt.Errorf("check-in schedule %q: %w", cfg.CheckinSchedule, err)
		}
		p.checkin = wallClock{spec}
	}
	if p.quiet, err = datetext.ParseQuietHours(cfg.QuietHours); err != nil {
		return nil, fmt.Errorf("quiet hours %q: %w", cfg.QuietHours, err)
	}
	return p, nil
}

// person is a recipient with their own settings applied over the
// programme's defaults.
type person struct {
	id       string
	loc      *time.Location
	leads    []time.Duration
	quiet    datetext.QuietHours
	checkins bool
	nudges   bool // nudges on, and not stopped after unanswered ones
	gone     bool // left the workspace, or a bot: nothing is sent
}

func (pl *planner) person(id string, u store.User, known bool) person {
	if !known {
		u = store.User{ID: id, Settings: store.DefaultSettings()}
	}
	m := person{id: id, loc: pl.cfg.DefaultTZ, leads: pl.cfg.RemindBefore, quiet: pl.quiet,
		checkins: u.Settings.CheckinsOn, nudges: u.Settings.NudgesOn && u.NudgesStoppedAt.IsZero(),
		gone: u.Deleted || u.IsBot}
	if u.TZ != "" {
		if loc, err := pl.zone(u.TZ); err == nil {
			m.loc = loc
		}
	}
	if rb := u.Settings.RemindBefore; rb != nil {
		ls, ok := pl.leads[*rb]
		if !ok {
			var err error
			if ls, err = datetext.ParseLeadTimes(*rb); err != nil {
				ls = pl.cfg.RemindBefore
			}
			pl.leads[*rb] = ls
		}
		m.leads = ls
	}
	if qh := u.Settings.QuietHours; qh != nil {
		q, ok := pl.quiets[*qh]
		if !ok {
			var err error
			if q, err = datetext.ParseQuietHours(*qh); err != nil {
				q = pl.quiet
			}
			pl.quiets[*qh] = q
		}
		m.quiet = q
	}
	return m
}

// hold moves a check-in's or nudge's due time out of a snooze (until the
// snooze ends) and then out of the person's quiet hours.
func (m person) hold(due, snoozedUntil time.Time) time.Time {
	if due.Before(snoozedUntil) {
		due = snoozedUntil
	}
	return m.quiet.NextAllowed(due, m.loc).UTC()
}

// Keys. Each names what, for whom, and for which meeting, day or goal;
// planning the same key twice stores it once, and it travels with the
// Slack message so that a crashed send is found again. A person's own
// kinds (check-ins, goal reminders) start "KIND:to=USER:", which is how a
// re-plan finds them (store.PlanScope).
//
// They are joined with + rather than fmt.Sprintf: a full re-plan makes
// over a million of them, and fmt's formatting was 7% of its CPU.

func reminderKey(lead time.Duration, pair int64, at time.Time, to string) string {
	return "reminder:" + datetext.FormatLeadTimes([]time.Duration{lead}) + ":pair=" + itoa(pair) + ":at=" + itoa(at.Unix()) + ":to=" + to
}

func meetingKey(kind string, pair int64, at time.Time, to string) string {
	return kind + ":pair=" + itoa(pair) + ":at=" + itoa(at.Unix()) + ":to=" + to
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// MeetingRef is the Ref of a meeting notification: the occurrence's unix
// start.
func MeetingRef(at time.Time) string { return strconv.FormatInt(at.Unix(), 10) }

// ParseMeetingRef reads MeetingRef.
func ParseMeetingRef(ref string) (time.Time, bool) {
	s, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || s <= 0 {
		return time.Time{}, false
	}
	return time.Unix(s, 0).UTC(), true
}

// GoalRef is the Ref of a goal notification: "goal id:due date".
func GoalRef(id int64, due string) string { return itoa(id) + ":" + due }

// ParseGoalRef reads GoalRef.
func ParseGoalRef(ref string) (id int64, due string, ok bool) {
	a, b, found := strings.Cut(ref, ":")
	n, err := strconv.ParseInt(a, 10, 64)
	return n, b, found && err == nil
}

// SessionRef is the Ref of a feedback prompt: the number of the session it
// follows.
func SessionRef(n int) string { return strconv.Itoa(n) }

// zone loads a time zone once per planner.
func (pl *planner) zone(name string) (*time.Location, error) {
	if loc, ok := pl.locs[name]; ok {
		if loc == nil {
			return nil, fmt.Errorf("unknown time zone %q", name)
		}
		return loc, nil
	}
	loc, err := pl.zones.Load(name)
	pl.locs[name] = loc // nil when unknown
	return loc, err
}

// rule decodes a stored cadence rule; ok is false for one that does not
// decode (the pair then has no meetings planned).
func (pl *planner) rule(enc string) (cadence.Rule, bool) {
	d, ok := pl.rules[enc]
	if !ok {
		r, err := cadence.DecodeIn(enc, pl.zone)
		d = decodedRule{r, err == nil}
		pl.rules[enc] = d
	}
	return d.rule, d.ok
}

type decodedRule struct {
	rule cadence.Rule
	ok   bool
}

// checkinFirings lists the check-in schedule's firings from the start of a
// day (in that day's zone) through an instant, led by the last one before
// that day (which planUser leaves out: its day has passed).
func (pl *planner) checkinFirings(startOfDay, through time.Time) firings {
	k := firingKey{startOfDay.Location(), startOfDay, through}
	if fs, ok := pl.firings[k]; ok {
		return fs
	}
	seq := pl.firingSeq(startOfDay)
	// Of the firings that have passed only the last can still go (after a
	// snooze or downtime); an earlier one would be old news.
	var fs firings
	if !seq.prev.IsZero() {
		fs.at = append(fs.at, seq.prev)
	}
	f := seq.get(pl.checkin, 0)
	for i := 1; !f.IsZero() && !f.After(through); i++ {
		if len(fs.at) == maxCheckinFirings {
			fs.capped = true
			break
		}
		if len(fs.at) == 1 && !f.After(pl.now) {
			fs.at = fs.at[:0] // f has passed too and replaces it
		}
		fs.at = append(fs.at, f)
		f = seq.get(pl.checkin, i)
	}
	fs.next = f
	pl.firings[k] = fs
	return fs
}

// firingSeq is the check-in schedule's firings from the start of a day on
// in its zone, shared by everybody whose day it is: people's plans reach
// through different instants (their blocks end on days of their own), and
// reading the cron spec again for each of them was a fifth of a full
// re-plan's planning.
func (pl *planner) firingSeq(startOfDay time.Time) *firingSeq {
	k := zoneDay{startOfDay.Location(), startOfDay}
	if seq, ok := pl.seqs[k]; ok {
		return seq
	}
	seq := &firingSeq{from: startOfDay, prev: pl.lastFiringBefore(startOfDay)}
	pl.seqs[k] = seq
	return seq
}

// zoneDay names the start of a day in a zone.
type zoneDay struct {
	loc  *time.Location
	from time.Time
}

// firingSeq lists, as far as it was asked, a schedule's firings at or
// after from, led by the last one before it (within 35 days; zero: none).
type firingSeq struct {
	from  time.Time
	prev  time.Time
	at    []time.Time
	ended bool // the schedule fires no more after at
}

// get is the i-th firing at or after from; zero when there is none.
func (q *firingSeq) get(sched cron.Schedule, i int) time.Time {
	for len(q.at) <= i && !q.ended {
		after := q.from.Add(-time.Second)
		if len(q.at) > 0 {
			after = q.at[len(q.at)-1]
		}
		f := sched.Next(after)
		if f.IsZero() {
			q.ended = true
			break
		}
		q.at = append(q.at, f)
	}
	if i < len(q.at) {
		return q.at[i]
	}
	return time.Time{}
}

// lastFiringBefore is the check-in schedule's last firing before t, looked
// for in growing windows (cron schedules only go forward); zero when
// there is none in the last 35 days.
func (pl *planner) lastFiringBefore(t time.Time) time.Time {
	for _, back := range []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour, 35 * 24 * time.Hour} {
		var last time.Time
		for f := pl.checkin.Next(t.Add(-back)); !f.IsZero() && f.Before(t); f = pl.checkin.Next(f) {
			last = f
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}

// maxCheckinFirings caps the check-ins planned ahead for one person. A
// weekly or daily schedule never reaches it; one that fires every few
// minutes would otherwise plan thousands of rows a person, and is
// re-planned sooner instead (replanAfter).
const maxCheckinFirings = 100

// replanAfter is how long a full plan lasts: a day, or less when the
// check-in schedule fires so often that the capped plan would run out.
func replanAfter(cfg Config, now time.Time) time.Duration {
	if strings.TrimSpace(cfg.CheckinSchedule) == "" {
		return replanEvery
	}
	sched, err := cron.ParseStandard(cfg.CheckinSchedule)
	if err != nil {
		return replanEvery
	}
	// Half the cap, so that each person's plan (its first firing may be
	// up to a day earlier, from the start of their day) is renewed well
	// before it ends.
	f := now
	for range maxCheckinFirings / 2 {
		if f = sched.Next(f); f.IsZero() {
			return replanEvery
		}
	}
	return min(replanEvery, max(f.Sub(now), time.Minute))
}

// planPair is what should be pending about one pair at pl.now: meeting
// reminders, agenda prompts and follow-ups for each occurrence, the
// good-fit check and feedback prompts after logged sessions, and the
// quiet-pair nudge. users holds the members' rows (a missing one means
// the defaults).
//
// Until when the plan holds: the pair's state is fixed, so what moving
// now changes is (1) the block's end, where rows enter its reach, (2)
// occurrences leaving the window that follow-ups are planned from while a
// held follow-up could still go, and (3) the quiet-pair nudge, whose start
// moves when a meeting passes or leaves the look-back. Each such instant
// is collected in v. Rows whose time comes or passes need
// nothing: the dispatcher sends or drops them, and one still pending
// after its time brings its pair to the daily re-plan (store.PlanDue).
func (pl *planner) planPair(pp store.PlanPair, users map[string]store.User) Plan {
	p := pp.Pair
	if !p.Live() {
		return Plan{} // an ended pair gets nothing
	}
	mu, mok := users[p.MentorID]
	eu, eok := users[p.MenteeID]
	mentor, mentee := pl.person(p.MentorID, mu, mok), pl.person(p.MenteeID, eu, eok)
	pr := &pairPlan{pl: pl, pp: pp, p: p, v: validity{now: pl.now, block: pairBlockOf(pl.now, p.ID)},
		mentee: mentee, both: []person{mentor, mentee}, out: pl.newRows()}
	if pp.Scheduled {
		pr.rule, pr.scheduled = pl.rule(pp.Schedule.Rule)
	}
	// The meetings as they take place: without those skipped or moved
	// away, with those moved in.
	pr.series = cadence.Series{Rule: pr.rule, Off: pp.Off(), In: pp.MovedIn()}

	// Meetings: none while paused.
	if pr.scheduled && p.Status == store.PairActive {
		occ := pr.meetings()
		pr.replacedFollowups(occ)
	}
	pr.sessionPrompts()
	if p.Status == store.PairActive {
		pr.quietPair()
	}
	return pr.v.plan(pl.keepRows(pr.out))
}

// pairPlan is one pair's plan in the making (planPair): the pair, its
// members and meetings, and the rows and validity collected so far.
type pairPlan struct {
	pl        *planner
	pp        store.PlanPair
	p         store.Pair
	v         validity
	mentee    person       // the agenda prompt's recipient
	both      []person     // mentor and mentee
	rule      cadence.Rule // zero when not scheduled
	scheduled bool
	series    cadence.Series
	out       []store.Notification
}

// put adds n for to, unless to has left or v does not keep it. A
// meeting's notifications are planned together, once its longest lead is
// in reach (meetings): they are not held to the reach one by one
// (inView), so a meeting's rows are stored, and cancelled, as one.
func (pr *pairPlan) put(n store.Notification, to person, inView bool) {
	if to.gone {
		return
	}
	n.RecipientID, n.PairID = to.id, pr.p.ID
	n.DueAt, n.ExpiresAt = n.DueAt.UTC(), n.ExpiresAt.UTC()
	if pr.v.keeps(n, inView) {
		pr.out = append(pr.out, n)
	}
}

func (pr *pairPlan) add(n store.Notification, to person)        { pr.put(n, to, false) }
func (pr *pairPlan) addMeeting(n store.Notification, to person) { pr.put(n, to, true) }

// meetings plans the reminders, agenda prompt and follow-ups of each
// occurrence in view, and returns those occurrences.
func (pr *pairPlan) meetings() []time.Time {
	pl, pp := pr.pl, pr.pp
	setAt, dur := pp.Schedule.SetAt, pp.Schedule.Duration
	maxLead := max(pl.cfg.AgendaPromptBefore, 0)
	for _, m := range pr.both {
		for _, l := range m.leads {
			maxLead = max(maxLead, l)
		}
	}
	window := pl.inView(dur)
	// Occurrences whose longest lead falls in reach, ends included.
	through := pr.v.block.through.Add(maxLead)
	occ := pr.series.Between(pl.now.Add(-window), through.Add(time.Nanosecond))
	// The first occurrence past the window (the last one's follow-up
	// expires at it): its rows are planned at the block's end.
	var beyond time.Time
	if ns := pr.series.Occurrences(through.Add(time.Nanosecond), 1); len(ns) == 1 {
		beyond = ns[0]
	}
	for i, at := range occ {
		at = at.UTC()
		next := beyond
		if i+1 < len(occ) {
			next = occ[i+1]
		}
		end := at.Add(dur)
		// A meeting moved here was set when it was moved.
		setAt := setAt
		if mv, ok := pp.MoveTo(at); ok && mv.At.After(setAt) {
			setAt = mv.At
		}
		pr.reminders(at, setAt)
		pr.agendaPrompt(at, setAt)
		if !loggedOccurrence(pp, at, pr.rule, pr.both) {
			pr.followups(at, end, next, setAt, window)
		}
	}
	return occ
}

// reminders plans both members' reminders of the meeting at at, set at
// setAt.
func (pr *pairPlan) reminders(at, setAt time.Time) {
	for _, m := range pr.both {
		// m.leads is longest first. Of the reminders whose time has
		// come (after downtime), only the latest still goes.
		for i, lead := range m.leads {
			due := at.Add(-lead)
			if due.Before(setAt) {
				continue // its time had passed when the meeting was set
			}
			if i+1 < len(m.leads) && !at.Add(-m.leads[i+1]).After(pr.pl.now) && !at.Add(-m.leads[i+1]).Before(setAt) {
				continue // a shorter lead is due too: that one goes instead
			}
			due = afterPause(due, at, pr.p.ResumedAt)
			pr.addMeeting(store.Notification{Key: reminderKey(lead, pr.p.ID, at, m.id), Kind: KindReminder, Ref: MeetingRef(at),
				DueAt: due, ExpiresAt: at}, m)
		}
	}
}

// agendaPrompt plans the mentee's agenda prompt for the meeting at at,
// set at setAt.
func (pr *pairPlan) agendaPrompt(at, setAt time.Time) {
	before := pr.pl.cfg.AgendaPromptBefore
	// A meeting moved once its prompt had gone gets no second one
	// unless it moved at least the prompt's lead later than where it was
	// when prompted: that prompt says where it went (bot's
	// outdateMeetingDMs), and the mentee was asked less than that lead
	// ago. Moved further, it is prompted for as any meeting is. Where it
	// was when last prompted is recorded at the move
	// (store.Move.PromptedFor), and kept when it moves back to its time
	// after a prompt had elsewhere (store.Changes.Back): the prompt for
	// its time is another key, which nothing else holds back.
	prompted := false
	mv, ok := pr.pp.MoveTo(at)
	if !ok {
		mv, ok = pr.pp.MovedBack(at)
	}
	if ok && mv.PromptKnown {
		prompted = !mv.PromptedFor.IsZero() && at.Before(mv.PromptedFor.Add(before))
	} else if ok && at.Before(mv.From.Add(before)) {
		// A move from before that was recorded: reckoned from the
		// prompt's time, held as it would be now. Only for a move with
		// no prompt on record: migration 29 filled in every one whose
		// meeting had a prompt sent, or being sent, for its first time
		// or the time it was moved to, and nothing sets -1 again. Left
		// are moves whose prompt never went, went for a time an earlier
		// move had the meeting (no row keeps it), or was deleted as
		// settled long ago.
		set := pr.pp.Schedule.SetAt
		went := mv.From.Add(-before)
		if went.Before(set) {
			went = set // late: at once
		} else {
			went, _ = pr.heldPrompt(went, mv.From, promptExpiry(went, mv.From))
		}
		prompted = !mv.From.Add(-AgendaMinLead).Before(set) && !went.After(mv.At)
	}
	if before <= 0 || prompted {
		return
	}
	due := at.Add(-before)
	exp := promptExpiry(due, at)
	// Not before the meeting ahead of it has ended: asked earlier, with a
	// lead longer than the gap between meetings, the mentee would get
	// prompts for two meetings at once, and the one for the later would
	// show, and add to, the agenda of the one before it (the agenda is
	// the next meeting's).
	dur := pr.pp.Schedule.Duration
	if prev := pr.series.Between(due.Add(-dur), at); len(prev) > 0 {
		if end := prev[len(prev)-1].Add(dur); end.After(due) {
			if !end.Before(exp) {
				return // it ends too close to this one to ask in between
			}
			due = end
		}
	}
	if due.Before(setAt) {
		// Late: at once, while the meeting is at least an hour away. A
		// meeting is set to the minute: one set exactly an hour ahead,
		// at any second of that minute, is that far away, and its
		// prompt has the minute to go.
		// With a lead under an hour the prompt is late whenever it is
		// less than an hour away, and so does not go.
		due = setAt
		exp = at.Add(-AgendaMinLead + time.Minute)
		if !due.Before(exp) {
			return
		}
		// It answers what the person has just done, and goes at once, as
		// the spec has it (or at the resume); any other waits out quiet
		// hours.
		due = afterPause(due, at, pr.p.ResumedAt)
	} else {
		due, exp = pr.heldPrompt(afterPause(due, at, pr.p.ResumedAt), at, exp)
	}
	pr.addMeeting(store.Notification{Key: meetingKey(KindAgenda, pr.p.ID, at, pr.mentee.id), Kind: KindAgenda, Ref: MeetingRef(at),
		DueAt: due, ExpiresAt: exp}, pr.mentee)
}

// promptExpiry is when the agenda prompt due at due for the meeting at at
// stops making sense: an hour before the meeting (AgendaMinLead), or at
// it for a lead shorter than that.
func promptExpiry(due, at time.Time) time.Time {
	if exp := at.Add(-AgendaMinLead); due.Before(exp) {
		return exp
	}
	return at
}

// heldPrompt is when an agenda prompt due at due for the meeting at at
// goes, and until when it holds (exp, as reckoned for due): out of the
// mentee's quiet hours, as everything but reminders is held, while that
// is still an hour (AgendaMinLead) before the meeting, in time to help
// prepare. Held past that, for an early meeting or a lead under an hour,
// it goes at due, as a reminder does. Held to the hour before exactly,
// it has that minute to go, as a late one has.
func (pr *pairPlan) heldPrompt(due, at, exp time.Time) (time.Time, time.Time) {
	held := pr.mentee.quiet.NextAllowed(due, pr.mentee.loc).UTC()
	if !held.After(due) || held.After(at.Add(-AgendaMinLead)) {
		return due, exp
	}
	if !held.Before(exp) {
		exp = held.Add(time.Minute)
	}
	return held, exp
}

// followups plans the "how did it go?" of the meeting at at (ending at
// end, followed by next; zero for none) for both members, unless its
// time had passed when its schedule was set (setAt); window is how
// long the meeting stays in view.
func (pr *pairPlan) followups(at, end, next, setAt time.Time, window time.Duration) {
	if pr.pp.PausedAt(at) {
		// It began in a pause, so it did not take place (as the report
		// and the resume's answer say): a resume before its follow-up's
		// time must not ask how it went.
		return
	}
	due := end.Add(max(pr.pl.cfg.FollowupAfter, 0))
	for _, m := range pr.both {
		if !m.nudges || due.Before(setAt) {
			continue
		}
		held := m.hold(due, pr.p.SnoozedUntil)
		if !held.Before(at.Add(window)) {
			// A snooze holds it past the time the meeting stays in
			// view: it would be cancelled before it could go.
			continue
		}
		exp := held.Add(followupValid)
		if !next.IsZero() && next.Before(exp) {
			exp = next // "how did it go?" makes no sense after the next meeting
		}
		pr.addMeeting(store.Notification{Key: meetingKey(KindFollowup, pr.p.ID, at, m.id), Kind: KindFollowup, Ref: MeetingRef(at),
			DueAt: held, ExpiresAt: exp}, m)
		if leaves := at.Add(window); exp.After(leaves) {
			pr.v.after(leaves) // held past the window: it would drop out of the plan
		}
	}
}

// replacedFollowups plans the follow-ups of the meetings of the schedule
// this one replaced, held before the change (a pair that sets new meetings
// at the end of one): they still go. occ are the current schedule's
// occurrences in view, which have theirs already.
func (pr *pairPlan) replacedFollowups(occ []time.Time) {
	pl, pp := pr.pl, pr.pp
	prev, ok := pl.rule(pp.Replaced.Rule)
	if !ok || pp.ReplacedAt.IsZero() {
		return
	}
	window := pl.inView(pp.Replaced.Duration)
	for _, at := range prev.Between(pl.now.Add(-window), pp.ReplacedAt) {
		skipped := slices.ContainsFunc(pr.series.Off, at.Equal)
		if at.Equal(pp.ReplacedAt) || skipped || slices.ContainsFunc(occ, at.Equal) || loggedOccurrence(pp, at, prev, pr.both) {
			continue
		}
		var next time.Time
		if ns := pr.series.Occurrences(at.Add(time.Nanosecond), 1); len(ns) == 1 {
			next = ns[0]
		}
		pr.followups(at.UTC(), at.Add(pp.Replaced.Duration), next, pp.Replaced.SetAt, window)
	}
}

// sessionPrompts plans what follows logged sessions: the good-fit check
// after the first, a feedback prompt after every fourth.
func (pr *pairPlan) sessionPrompts() {
	p := pr.p
	for i, s := range pr.pp.Sessions {
		var kind, key string
		switch {
		case s.N == 1:
			kind = KindFit
		case s.N%FeedbackEvery == 0:
			kind = KindFeedback
		default:
			continue
		}
		for _, m := range pr.both {
			if !m.nudges {
				continue
			}
			if kind == KindFit {
				key = kind + ":pair=" + itoa(p.ID) + ":to=" + m.id
			} else {
				key = kind + ":pair=" + itoa(p.ID) + ":n=" + strconv.Itoa(s.N) + ":to=" + m.id
			}
			held := m.hold(s.CreatedAt, p.SnoozedUntil)
			exp := held.Add(promptValid)
			if kind == KindFeedback {
				// One still waiting when the next falls due (sessions
				// logged in a row, held by a night or a snooze) gives
				// way to it: one question about the mentoring so far,
				// not two with their own rating buttons.
				if next, ok := nextFeedback(pr.pp.Sessions, i); ok {
					exp = minTime(exp, m.hold(next.CreatedAt, p.SnoozedUntil))
				}
			}
			// The loader reads a session until the look-back passes both
			// its logging and the snooze, when its prompt (held at most a
			// night past either) has expired: nothing to note in v.
			pr.add(store.Notification{Key: key, Kind: kind, Ref: SessionRef(s.N), DueAt: held, ExpiresAt: exp}, m)
		}
	}
}

// nextFeedback is the session after sessions[i] that a feedback prompt
// follows.
func nextFeedback(sessions []store.PlanSession, i int) (store.PlanSession, bool) {
	for _, s := range sessions[i+1:] {
		if s.N%FeedbackEvery == 0 {
			return s, true
		}
	}
	return store.PlanSession{}, false
}

// quietPair plans the nudge of an active pair gone quiet: 30 days with no
// meeting and no log, and none coming.
func (pr *pairPlan) quietPair() {
	pl, pp, p := pr.pl, pr.pp, pr.p
	since := p.CreatedAt
	if pp.Scheduled && pp.Schedule.SetAt.After(since) {
		since = pp.Schedule.SetAt
	}
	if s, ok := pp.LastSession(); ok && s.CreatedAt.After(since) {
		since = s.CreatedAt
	}
	// A resume starts the count afresh when the nudge counted from before
	// it fell due in the pause (where it lapsed: a pair that resumed and
	// still never met was never nudged) or before it (a new quiet stretch
	// begins). One still to come keeps its time, so that a short pause
	// neither puts it off nor, after the upgrade that brought this rule,
	// sends it again under the resume's count.
	if p.ResumedAt.After(since) && !since.Add(QuietAfter).After(p.ResumedAt) {
		since = p.ResumedAt
	}
	if pr.scheduled {
		past := pr.series.Between(maxTime(since, pl.now.Add(-QuietAfter-PlanHorizon)), pl.now)
		if len(past) > 0 && past[len(past)-1].After(since) {
			since = past[len(past)-1]
			pr.v.after(since.Add(QuietAfter + PlanHorizon)) // it leaves the look-back then
		}
	}
	due := since.Add(QuietAfter)
	// A meeting by the time the nudge would expire: asked of a bounded
	// window, since past it every later occurrence is too (Occurrences
	// with a skip for "too late" would walk on over a thousand).
	upcoming := pr.scheduled && len(pr.series.Between(pl.now, due.Add(store.QuietNudgeValid).Add(time.Nanosecond))) > 0
	// With a meeting coming, nothing is planned, and nothing will be
	// within the block: a meeting that passes becomes the start, putting
	// the nudge QuietAfter after it, beyond the block's reach
	// (pairBlock + PlanHorizon < QuietAfter). Without one, the nudge is planned, and a
	// meeting past its reach changes its start (its key) when it passes.
	if !upcoming && pr.scheduled {
		if ns := pr.series.Occurrences(pl.now, 1); len(ns) == 1 {
			pr.v.after(ns[0])
		}
	}
	if upcoming || since.IsZero() {
		return
	}
	for _, m := range pr.both {
		if !m.nudges {
			continue
		}
		held := m.hold(due, p.SnoozedUntil)
		pr.add(store.Notification{Key: KindQuietPair + ":pair=" + itoa(p.ID) + ":since=" + itoa(since.Unix()) + ":to=" + m.id,
			Kind: KindQuietPair, Ref: itoa(since.Unix()), DueAt: held, ExpiresAt: held.Add(store.QuietNudgeValid)}, m)
	}
}

// inView is how long after its start a meeting lasting dur stays in view
// of the plan: until its follow-up can no longer go.
func (pl *planner) inView(dur time.Duration) time.Duration {
	return dur + max(pl.cfg.FollowupAfter, 0) + followupValid
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// loggedOccurrence reports whether a session was logged for the meeting at
// at: one linked to it, or one with no meeting held on its day (in the
// rule's zone or either member's) logged once the meeting had begun. A
// session logged earlier that day, before the meeting, is not its log.
func loggedOccurrence(pp store.PlanPair, at time.Time, rule cadence.Rule, members []person) bool {
	var days []string
	for _, s := range pp.Sessions {
		if s.MeetingAt.Equal(at) {
			return true
		}
		if !s.MeetingAt.IsZero() || s.CreatedAt.Before(at) {
			continue
		}
		if days == nil {
			loc := rule.Loc
			if loc == nil {
				loc = time.UTC
			}
			days = []string{datetext.DateOf(at.In(loc)).String()}
			for _, m := range members {
				days = append(days, datetext.DateOf(at.In(m.loc)).String())
			}
		}
		if slices.Contains(days, s.HeldOn) {
			return true
		}
	}
	return false
}

// planUser is what should be pending for one person at pl.now: their
// weekly check-ins and their goal reminders, through the reach of their
// block (PersonReach). Until when it holds (see planPair): the block's
// end, and, for a schedule that fires more than once a day, each firing
// that passes (of those that have passed only the last goes).
func (pl *planner) planUser(pu store.PlanUser) Plan {
	m := pl.person(pu.User.ID, pu.User, pu.Known)
	live := slices.ContainsFunc(pu.Pairs, func(p store.Pair) bool { return p.Live() && p.Has(m.id) })
	if m.gone || !live {
		return Plan{}
	}
	ur := &userPlan{pl: pl, pu: pu, m: m, v: validity{now: pl.now, block: blockOf(pl.now, personBlock, m.id)}, out: pl.newRows()}
	ur.checkins()
	ur.goalReminders()
	return ur.v.plan(pl.keepRows(ur.out))
}

// userPlan is one person's plan in the making (planUser): the person, their
// pairs and goals, and the rows and validity collected so far.
type userPlan struct {
	pl  *planner
	pu  store.PlanUser
	m   person
	v   validity
	out []store.Notification
}

// put adds n for the person, unless v does not keep it. A check-in is
// planned when its firing is in reach, even if quiet hours or a snooze
// hold it past (inView), as a meeting's notifications are (planPair).
func (ur *userPlan) put(n store.Notification, inView bool) {
	n.RecipientID = ur.m.id
	n.DueAt, n.ExpiresAt = n.DueAt.UTC(), n.ExpiresAt.UTC()
	if ur.v.keeps(n, inView) {
		ur.out = append(ur.out, n)
	}
}

func (ur *userPlan) add(n store.Notification) { ur.put(n, false) }

// checkins plans the weekly check-ins: once per firing of the cron spec,
// read in the person's zone, whatever the number of pairs.
func (ur *userPlan) checkins() {
	pl, m := ur.pl, ur.m
	var active []store.Pair
	for _, p := range ur.pu.Pairs {
		if p.Status == store.PairActive && p.Has(m.id) {
			active = append(active, p)
		}
	}
	if pl.checkin == nil || !m.checkins || len(active) == 0 {
		return
	}
	startOfDay := datetext.DateOf(pl.now.In(m.loc)).In(m.loc)
	all := pl.checkinFirings(startOfDay, ur.v.block.through)
	fs := ur.heldFirings(all.at, active)
	ur.firingsPass(all)
	perDay := map[datetext.Date]int{}
	for _, f := range fs {
		perDay[datetext.DateOf(f.at.In(m.loc))]++
	}
	for i, f := range fs {
		next := all.next // the last one planned is followed by the first one not yet
		if i+1 < len(fs) {
			next = fs[i+1].at
		}
		ur.checkin(f, next, perDay)
	}
}

// heldFiring is a check-in's firing (at) and when it goes (due): later
// while a snooze or quiet hours hold it.
type heldFiring struct {
	at, due time.Time
}

// heldFirings are the firings of all that go to the person of the active
// pairs: those since they joined, each held by the pairs' snoozes and the
// quiet hours, but not past its day.
func (ur *userPlan) heldFirings(all []time.Time, active []store.Pair) []heldFiring {
	m := ur.m
	joined := active[0].CreatedAt
	for _, p := range active {
		if p.CreatedAt.Before(joined) {
			joined = p.CreatedAt
		}
	}
	var fs []heldFiring
	for _, f := range all {
		if f.Before(joined) {
			continue // it had passed when the person joined
		}
		held := unsnoozed(active, f)
		due := m.hold(held, time.Time{})
		if held.After(f) && datetext.DateOf(due.In(m.loc)) != datetext.DateOf(f.In(m.loc)) {
			// A snooze (and the quiet hours after it) holds it past its
			// day: it would be old news by then. The next one comes.
			continue
		}
		fs = append(fs, heldFiring{at: f, due: due})
	}
	return fs
}

// unsnoozed is the first instant at or after t when one of the active
// pairs is not snoozed.
func unsnoozed(active []store.Pair, t time.Time) time.Time {
	best := time.Time{}
	for _, p := range active {
		c := maxTime(t, p.SnoozedUntil)
		if best.IsZero() || c.Before(best) {
			best = c
		}
	}
	return best
}

// firingsPass notes in v when passing firings change the plan. The next
// firing, past the reach, is planned at the block's end; but a list cut
// short is planned afresh on every re-plan, and with more than one a day
// each that passes replaces today's earlier one.
func (ur *userPlan) firingsPass(all firings) {
	pl, m := ur.pl, ur.m
	if all.capped {
		ur.v.at(pl.now) // planned afresh on every re-plan (replanAfter)
	}
	for i := 1; i < len(all.at); i++ {
		if datetext.DateOf(all.at[i-1].In(m.loc)) == datetext.DateOf(all.at[i].In(m.loc)) {
			if j := slices.IndexFunc(all.at, func(f time.Time) bool { return f.After(pl.now) }); j >= 0 {
				ur.v.at(all.at[j])
			}
			break
		}
	}
}

// checkin plans the check-in of firing f, followed by the firing next
// (zero: none); perDay counts the firings planned on each day.
func (ur *userPlan) checkin(f heldFiring, next time.Time, perDay map[datetext.Date]int) {
	pl, m := ur.pl, ur.m
	day := datetext.DateOf(f.at.In(m.loc))
	exp := datetext.DateOf(f.due.In(m.loc)).AddDays(1).In(m.loc) // the same day
	if !next.IsZero() {
		held := f.due.After(f.at)
		if !f.due.Before(next) || held && datetext.DateOf(f.due.In(m.loc)) == datetext.DateOf(next.In(m.loc)) {
			return // held (quiet hours, a snooze) until the next one's day: that one goes instead
		}
		if next.Before(exp) {
			exp = next // a check-in is old news once the next is due
		}
	}
	// A check-in is named by its day; a schedule that fires more
	// than once a day (a test setup, say) names each firing.
	on, ok := pl.dayText[day]
	if !ok {
		on = day.String()
		pl.dayText[day] = on
	}
	key := KindCheckin + ":to=" + m.id + ":on=" + on
	if perDay[day] > 1 {
		key += f.at.In(m.loc).Format("T15:04")
	}
	// It stays in the firings planned from until the next one has
	// passed, when it has expired (exp is at most the next one).
	ur.put(store.Notification{Key: key, Kind: KindCheckin, Ref: on, DueAt: f.due, ExpiresAt: exp}, true)
}

// goalReminders plans the reminders of the person's open goals, to a
// mentee of a live pair: three days before the date and once when it has
// passed, at 09:00 in their zone.
func (ur *userPlan) goalReminders() {
	m := ur.m
	snoozedUntil, mentee := ur.menteeSnooze()
	if !m.nudges || !mentee {
		return
	}
	for _, g := range ur.pu.Goals {
		if !g.Open() || g.DueOn == "" || g.OwnerID != m.id {
			continue
		}
		d, err := datetext.ParseISODate(g.DueOn)
		if err != nil {
			continue
		}
		soon := GoalDueAt(d, m.loc)
		if !soon.Before(g.CreatedAt) {
			ur.add(store.Notification{Key: KindGoalDue + ":to=" + m.id + ":goal=" + itoa(g.ID) + ":due=" + g.DueOn, Kind: KindGoalDue,
				Ref: GoalRef(g.ID, g.DueOn), DueAt: m.hold(soon, snoozedUntil), ExpiresAt: d.In(m.loc)})
		}
		late := m.hold(d.AddDays(1).At(goalNoticeHour, 0, m.loc), snoozedUntil)
		ur.add(store.Notification{Key: KindGoalOverdue + ":to=" + m.id + ":goal=" + itoa(g.ID) + ":due=" + g.DueOn, Kind: KindGoalOverdue,
			Ref: GoalRef(g.ID, g.DueOn), DueAt: late, ExpiresAt: late.Add(nudgeValid)})
	}
}

// GoalDueAt is when the "goal due" DM of a goal due on d goes, read in
// its owner's zone loc (a snooze may hold it): GoalDueLead days before, at
// goalNoticeHour. A goal whose date changes after that time gets none for
// its new date, only the overdue one.
func GoalDueAt(d datetext.Date, loc *time.Location) time.Time {
	return d.AddDays(-GoalDueLead).At(goalNoticeHour, 0, loc)
}

// menteeSnooze reports whether the person is the mentee of a live pair,
// and the earliest end of those pairs' snoozes: goal reminders wait for
// it.
func (ur *userPlan) menteeSnooze() (snoozedUntil time.Time, mentee bool) {
	for _, p := range ur.pu.Pairs {
		if p.Live() && p.MenteeID == ur.m.id {
			if !mentee || p.SnoozedUntil.Before(snoozedUntil) {
				snoozedUntil = p.SnoozedUntil
			}
			mentee = true
		}
	}
	return snoozedUntil, mentee
}

// PlanPair is the pure planning function for one pair: the notifications
// that should be pending about it at now, given its state and its
// members' rows, and until when that holds.
func PlanPair(cfg Config, pp store.PlanPair, users map[string]store.User, now time.Time) (Plan, error) {
	pl, err := newPlanner(&datetext.Zones{}, cfg, now)
	if err != nil {
		return Plan{}, err
	}
	return pl.planPair(pp, users), nil
}

// PlanUser is the pure planning function for one person: their check-ins
// and goal reminders at now, and until when that holds.
func PlanUser(cfg Config, pu store.PlanUser, now time.Time) (Plan, error) {
	pl, err := newPlanner(&datetext.Zones{}, cfg, now)
	if err != nil {
		return Plan{}, err
	}
	return pl.planUser(pu), nil
}

// planState is the scheduler's planning bookkeeping. It lives in memory
// only because Run re-plans everything at start.
type planState struct {
	track    planTracking  // what else re-planned during a full re-plan
	mu       sync.Mutex    // one full re-plan at a time
	nextFull time.Time     // when everything is re-planned next; zero: at once
	retry    time.Duration // after failed re-plans: the pause before the next try
}

// afterPause is when a DM due at due before the meeting at goes, for a
// pair whose meetings resumed at resumed: one that fell due during the
// pause, for a meeting after the resume, goes at the resume, as after
// downtime. Before the pause it went (or was planned) at its time; the
// pause cancelled the rest.
func afterPause(due, at, resumed time.Time) time.Time {
	if due.Before(resumed) && at.After(resumed) {
		return resumed
	}
	return due
}
