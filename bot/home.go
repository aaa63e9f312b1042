package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/store"
)

// The App Home tab: each person's pairs, next meetings with their agendas,
// goals, open to-dos and last sessions, with buttons for the common actions.
// PublishHome builds and publishes it (on app_home_opened, see interact.go);
// refreshHome re-publishes it when the data behind it changes.

// homeRefreshInterval is the least time between two publishes of one
// person's Home by refreshHome: changes in between are coalesced into one
// publish at the end of the interval.
const homeRefreshInterval = 2 * time.Second

// PublishHome builds a person's App Home tab from the current data and
// publishes it with views.publish.
func (b *Bot) PublishHome(ctx context.Context, userID string) error {
	u, err := b.slack.Profile(ctx, userID)
	if err != nil {
		return err
	}
	d, err := b.loadHome(ctx, u)
	if err != nil {
		return err
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(d)}}
	return b.slack.PublishHome(ctx, userID, view)
}

// refreshHome re-publishes the App Home of each of userIDs in the
// background, because something they see there changed. It never blocks and
// never fails the caller (errors are logged). Refreshes coalesce: at most
// one publish per person per homeRefreshInterval, and a change while a
// publish is waiting or running leads to exactly one more publish, which
// reads the data as it is then.
//
// Only Homes this process has published on app_home_opened are refreshed:
// Slack sends that event whenever someone looks at the tab again, which
// publishes it afresh, so refreshing the Homes of everybody a change
// touches would spend views.publish's rate limit (Tier 4) on tabs nobody
// has open; under a busy programme the refreshes would queue for minutes.
//
// Any handler that changes what a person's Home shows — pairs, meetings,
// agendas, goals, sessions, to-dos, snoozes, settings — may call it after
// its change is committed, e.g. b.refreshHome(r.ctx, p.MentorID, p.MenteeID).
func (b *Bot) refreshHome(ctx context.Context, userIDs ...string) {
	hr := b.home
	hr.mu.Lock()
	defer hr.mu.Unlock()
	queued := false
	for _, id := range userIDs {
		slot, ok := hr.slots[id]
		if !ok || slot.queued {
			continue // never opened here, or already waiting
		}
		slot.queued = true
		hr.queue = append(hr.queue, id)
		queued = true
	}
	if !queued {
		return
	}
	select {
	case hr.wake <- struct{}{}:
	default:
	}
	if !hr.running {
		hr.running = true
		b.goHandle(ctx, func(ctx context.Context) { b.homeRefreshLoop(ctx, hr) })
	}
}

// opened records that userID looks at their Home, which is being
// published now: from now on changes refresh it.
func (hr *homeRefresher) opened(userID string) {
	hr.mu.Lock()
	defer hr.mu.Unlock()
	now := hr.wait.Now()
	if slot, ok := hr.slots[userID]; ok {
		slot.last = now
		return
	}
	if len(hr.slots) >= maxHomeSlots {
		oldest := ""
		for id, slot := range hr.slots {
			if !slot.queued && (oldest == "" || slot.last.Before(hr.slots[oldest].last)) {
				oldest = id
			}
		}
		delete(hr.slots, oldest)
	}
	hr.slots[userID] = &homeSlot{last: now}
}

// homeRefresher is the coalescing state of refreshHome for one Bot. It is
// only a rate limiter: nothing in it needs to survive a restart. One
// goroutine publishes the queued refreshes, one at a time: at most one
// views.publish slot is reserved ahead for refreshes, so a Home is rendered
// just before its turn, and a burst of changes costs a queue entry per
// person rather than a waiting goroutine (and its stack) each.
type homeRefresher struct {
	mu      sync.Mutex
	wait    clock.Clock          // the network-wait clock: coalescing is about Slack's real time
	slots   map[string]*homeSlot // everybody whose Home this process published on app_home_opened
	queue   []string             // waiting for a refresh, in the order asked
	running bool                 // homeRefreshLoop is draining queue
	wake    chan struct{}        // a refresh was queued
}

type homeSlot struct {
	last   time.Time // when the last publish began
	queued bool      // in queue
}

// maxHomeSlots bounds the people whose Homes are kept fresh; past it, the
// ones not refreshed for longest are forgotten (their next app_home_opened
// brings them back).
const maxHomeSlots = 10000

func (b *Bot) homeRefreshLoop(ctx context.Context, hr *homeRefresher) {
	// A refresh still waiting when the bot shuts down is dropped: the next
	// app_home_opened publishes the Home afresh.
	ctx, cancel := b.untilQuit(ctx)
	defer cancel()
	defer func() {
		// A panic (goHandle logs it) must not leave the loop marked
		// running: no refresh would start again.
		if p := recover(); p != nil {
			hr.stop()
			panic(p)
		}
	}()
	for {
		id, wait, ok := hr.next()
		if !ok {
			return
		}
		if wait > 0 {
			t := hr.wait.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				hr.stop()
				return
			case <-hr.wake:
				t.Stop()
			case <-t.C():
			}
			continue
		}
		if err := b.PublishHome(ctx, id); err != nil {
			b.log.Warn("refresh home", "user", id, "err", err)
		}
	}
}

// next takes the first queued person whose interval since their last
// refresh has passed; otherwise it says how long until one has. ok is
// false, and the loop is marked stopped, when nothing is queued.
func (hr *homeRefresher) next() (id string, wait time.Duration, ok bool) {
	hr.mu.Lock()
	defer hr.mu.Unlock()
	if len(hr.queue) == 0 {
		hr.running = false
		return "", 0, false
	}
	now := hr.wait.Now()
	wait = homeRefreshInterval
	for i, id := range hr.queue {
		slot := hr.slots[id]
		if w := homeRefreshInterval - now.Sub(slot.last); w > 0 {
			wait = min(wait, w)
			continue
		}
		hr.queue = slices.Delete(hr.queue, i, i+1)
		slot.queued, slot.last = false, now
		return id, 0, true
	}
	return "", wait, true
}

// stop drops what is queued and marks the loop stopped.
func (hr *homeRefresher) stop() {
	hr.mu.Lock()
	defer hr.mu.Unlock()
	for _, id := range hr.queue {
		hr.slots[id].queued = false
	}
	hr.queue, hr.running = nil, false
}

// --- the data behind a Home ---

// homeData is everything a Home shows, loaded for one person.
type homeData struct {
	user  store.User
	admin bool
	// admins are the programme's admins (programmeAdmins), loaded only
	// for a Home that names them: someone in no pair and not signed up,
	// who is no admin themselves (homeGettingStarted).
	admins []string
	now    time.Time
	loc    *time.Location
	pairs  []homePair
	// ended are the person's open to-dos from pairs that have ended, with
	// the partner of each such pair: still theirs to close.
	ended        []store.Todo
	endedPartner map[int64]string
	goals        []store.Goal // the person's own open goals
	goalsBy      map[string]int
	// signup is their matching sign-up while they wait in the pool (in no
	// pair yet, or a mentor with places left); nil otherwise.
	signup *store.Signup
	// mentor: a Home outside a pair shows them how to find a mentee
	// rather than a mentor (homeMentorOnly: by their pending requests,
	// sign-up and most recent pair).
	mentor bool
	// matches are the published proposals naming them that wait for an
	// answer, when signup is set.
	matches []store.Proposal
	// requests are the mentoring requests the person made or was asked
	// that wait for an answer.
	requests []store.Request
	// handles are how to type people in commands (Bot.handle), for code
	// spans, where a mention does not render.
	handles map[string]string
	// programme is the programme's figures for an admin's Home; nil for
	// everyone else.
	programme *store.Report
	// matching is matching and the round at a glance, with programme.
	matching *store.MatchingSummary
}

// homePair is one live pair as its member sees it.
type homePair struct {
	pair        store.Pair
	partner     string
	schedule    string    // the cadence described, "" when none
	onNow       time.Time // the start of the meeting under way; zero when none is
	length      time.Duration
	next        time.Time // zero: none scheduled (or paused)
	movedFrom   time.Time // when next was moved from another time, that time
	agenda      []store.AgendaItem
	todos       []store.Todo
	last        *store.Session
	menteeGoals []store.Goal   // when the person is the mentor
	menteeLoc   *time.Location // the mentee's zone, by whose day their goals are due; with menteeGoals
	// example is the time of day of the weekly example meeting the Home
	// suggests (weeklyExample), when no meeting is ahead and the pair is
	// not paused; "" otherwise.
	example string
}

// homeMaxPairs is how many pairs the Home shows in full.
const homeMaxPairs = 7

// loadHome loads what u's Home shows: their live pairs (the first
// homeMaxPairs in full), open to-dos of ended pairs, sign-up, goals and,
// for an admin, the programme's figures.
func (b *Bot) loadHome(ctx context.Context, u store.User) (homeData, error) {
	d := homeData{user: u, admin: b.isAdmin(u), now: b.clock.Now(), loc: b.loc(u), handles: map[string]string{}}
	if d.admin {
		// Only an admin's Home names them in a command to type
		// (homeHowToGetAMentor): not a read for every Home drawn.
		d.handles[u.ID] = b.handle(ctx, u.ID)
	}
	all, err := b.db.PairsOf(ctx, u.ID, true)
	if err != nil {
		return d, err
	}
	var pairs []store.Pair
	d.endedPartner = map[int64]string{}
	for _, p := range all {
		if p.Status == store.PairEnded {
			d.endedPartner[p.ID] = p.Partner(u.ID)
		} else {
			pairs = append(pairs, p)
		}
	}
	if d.ended, err = b.endedPairTodos(ctx, u.ID, d.endedPartner); err != nil {
		return d, err
	}
	if d.signup, err = b.homeSignup(ctx, u.ID, pairs); err != nil {
		return d, err
	}
	if len(pairs) == 0 && d.signup == nil && !d.admin {
		if d.admins, err = b.programmeAdmins(ctx); err != nil {
			return d, err
		}
	}
	if d.signup != nil {
		if d.matches, err = b.db.OpenProposals(ctx, u.ID); err != nil {
			return d, err
		}
	}
	if d.requests, err = b.db.PendingRequests(ctx, u.ID); err != nil {
		return d, err
	}
	d.mentor = homeMentorOnly(d.signup, d.requests, all, u.ID)
	for _, rq := range d.requests {
		if rq.RequesterID == u.ID {
			d.handles[rq.MentorID] = b.handle(ctx, rq.MentorID) // the command that withdraws it names them
		}
	}
	if d.admin {
		rep, err := b.db.ProgrammeSummary(ctx, d.now, b.zoneOfTZ)
		if err != nil {
			return d, fmt.Errorf("programme figures for the Home of %s: %w", u.ID, err)
		}
		d.programme = &rep
		m, err := b.matchingSummary(ctx)
		if err != nil {
			return d, fmt.Errorf("matching figures for the Home of %s: %w", u.ID, err)
		}
		d.matching = &m
	}
	if d.goals, d.goalsBy, err = b.db.GoalList(ctx, u.ID, u.ID, false); err != nil {
		return d, err
	}
	for i, p := range pairs {
		hp := homePair{pair: p, partner: p.Partner(u.ID)}
		d.handles[hp.partner] = b.handle(ctx, hp.partner)
		// The pairs past homeMaxPairs are only named.
		if i < homeMaxPairs {
			if err := b.loadHomePair(ctx, d, &hp); err != nil {
				return d, err
			}
		}
		d.pairs = append(d.pairs, hp)
	}
	return d, nil
}

// homeMentorOnly reports whether user, outside a pair, is shown how to
// find a mentee rather than how to get a mentor. Their own doings come
// before others' and the present before the past:
//  1. a pending request of theirs (requests, pending ones they made or
//     were asked): they are asking for a mentor now;
//  2. their sign-up s (nil when they are not in the pool), when it takes
//     one role: mentor or mentee;
//  3. a pending request to them: someone wants them as a mentor;
//  4. their most recent pair (pairs, ended ones too, oldest first): the
//     role they had in it, not that of a pair long past;
//  5. else (signed up as both, or no history): a mentee.
func homeMentorOnly(s *store.Signup, requests []store.Request, pairs []store.Pair, user string) bool {
	if slices.ContainsFunc(requests, func(rq store.Request) bool { return rq.RequesterID == user }) {
		return false
	}
	if s != nil && s.Mentors() != s.WantsMentor() {
		return s.Mentors()
	}
	if slices.ContainsFunc(requests, func(rq store.Request) bool { return rq.MentorID == user }) {
		return true
	}
	if len(pairs) > 0 {
		return pairs[len(pairs)-1].MentorID == user
	}
	return false
}

// endedPairTodos are the person's open to-dos from the pairs in
// endedPartner, which have ended.
func (b *Bot) endedPairTodos(ctx context.Context, userID string, endedPartner map[int64]string) ([]store.Todo, error) {
	if len(endedPartner) == 0 {
		return nil, nil
	}
	todos, err := b.db.AllMyOpenTodos(ctx, userID)
	if err != nil {
		return nil, err
	}
	var ended []store.Todo
	for _, t := range todos {
		if _, ok := endedPartner[t.PairID]; ok {
			ended = append(ended, t)
		}
	}
	return ended, nil
}

// homeSignup is the person's matching sign-up while they wait in the
// pool, given their live pairs: in no pair yet; otherwise in the roles
// matching still proposes them (store.Standing: a mentor with places
// left, a mentee with no mentor since they signed up); nil otherwise.
func (b *Bot) homeSignup(ctx context.Context, userID string, pairs []store.Pair) (*store.Signup, error) {
	st, err := b.db.SignupStanding(ctx, userID)
	if err != nil {
		return nil, err
	}
	s := st.Signup
	if s.Status != store.SignupWaiting {
		return nil, nil
	}
	if len(pairs) == 0 {
		return &s, nil
	}
	mentor := s.Mentors() && len(st.Mentees) < s.Capacity
	mentee := s.WantsMentor() && len(st.MentorsSince) == 0
	switch {
	case mentor && mentee:
		s.Role = store.RoleBoth
	case mentor:
		s.Role = store.RoleMentor
	case mentee:
		s.Role = store.RoleMentee
	default:
		return nil, nil
	}
	return &s, nil
}

// loadHomePair loads what the Home shows of the pair hp, as d's person
// sees it: its meetings, agenda, to-dos, last session and, for the
// mentor, the mentee's goals.
func (b *Bot) loadHomePair(ctx context.Context, d homeData, hp *homePair) error {
	u, p := d.user, hp.pair
	mp, err := b.db.Meetings(ctx, u.ID, p.ID)
	if err != nil {
		return err
	}
	onNow, ts, rule, err := meetingsAround(&b.zones, mp, d.now, 1)
	hp.onNow, hp.length = onNow, mp.Schedule.Duration
	if len(ts) > 0 {
		hp.next = ts[0]
		if mv, ok := mp.MoveTo(hp.next); ok {
			hp.movedFrom = mv.From
		}
	}
	if hp.next.IsZero() && p.Status != store.PairPaused {
		// Only then does the Home suggest a meeting (homePairMeeting):
		// most Homes drawn have a meeting ahead, and read no partner.
		hp.example = weeklyExampleFor(ctx, b.db, b.daytimeOf, u, hp.partner, d.now)
	}
	if err != nil {
		b.log.Warn("home: schedule", "pair", p.ID, "err", err)
	} else if mp.Scheduled {
		// Not a meeting moved from another day. A one-off that has
		// passed is no schedule: "Meets once, on …" above "No meeting
		// scheduled" read as a contradiction.
		if ruleNext, ok := rule.Next(d.now); ok || rule.Kind != cadence.Once {
			hp.schedule = rule.DescribeFor(d.loc, ruleNext)
		}
	}
	if hp.agenda, err = b.db.Agenda(ctx, u.ID, p.ID); err != nil {
		return err
	}
	if hp.todos, err = b.db.PairTodos(ctx, u.ID, p.ID); err != nil {
		return err
	}
	ss, err := b.db.Sessions(ctx, u.ID, p.ID, 1)
	if err != nil {
		return err
	}
	if len(ss) > 0 {
		hp.last = &ss[0]
	}
	if p.MentorID != u.ID {
		return nil
	}
	if hp.menteeGoals, err = b.db.Goals(ctx, u.ID, p.MenteeID, false); err != nil {
		return err
	}
	hp.menteeLoc = b.zoneOfID(ctx, p.MenteeID)
	return nil
}

// weeklyExample is the time of day (HH:MM, in us's zone) of the weekly
// example meeting, "weekly thu HH:MM", suggested to someone whose daytime
// is us for meeting someone whose daytime is them: the weekly of
// meetExampleClocks, which the welcome DM and /mentor next suggest,
// worked out for one reader alone, as a Home or a DM has.
func weeklyExample(us, them daytime, now time.Time) string {
	return exampleClock(us, them, "weekly thu", now)
}

// weeklyExampleFor is weeklyExample for viewer and partner, whose
// daytimes daytimeOf gives (Bot.daytimeOf, Notifier.daytimeOf). The
// partner is read as stored, as meetExampleClocks reads them: one read of
// the store, not of Slack.
func weeklyExampleFor(ctx context.Context, db *store.DB, daytimeOf func(store.User) daytime, viewer store.User, partner string, now time.Time) string {
	them, err := readUser(ctx, db, partner)
	if err != nil {
		them = store.User{ID: partner} // the default zone and night
	}
	return weeklyExample(daytimeOf(viewer), daytimeOf(them), now)
}

// --- the Home's own buttons ---

// Action IDs of the Home's own buttons. The Home also reuses other
// features' buttons: actionAgendaAdd, actionLogSession, actionGoalProgress.
const (
	actionHomeGoalNew  = "home_goal_new"  // opens the goal modal
	actionHomeSettings = "home_settings"  // opens the settings modal
	actionHomeSnooze   = "home_snooze"    // value: pair ID; opens the snooze modal
	actionHomeMeet     = "home_meet"      // value: pair ID; explains /mentor meet
	actionHomeTodoDone = "home_todo_done" // value: to-do number; closes it and refreshes the Home
	actionHomeRequest  = "home_request"   // explains how to ask for a mentor; value homeFindMentee: how to find a mentee
)

func (b *Bot) homeActions() map[string]actionHandler {
	return map[string]actionHandler{
		actionHomeGoalNew:  b.actionHomeGoalNew,
		actionHomeSettings: b.actionHomeSettings,
		actionHomeSnooze:   b.actionHomeSnooze,
		actionHomeMeet:     b.actionHomeMeet,
		actionHomeTodoDone: b.actionHomeTodoDone,
		actionHomeRequest:  b.actionHomeRequest,
	}
}

func (b *Bot) actionHomeGoalNew(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	rp, err := b.openGoalForm(r, store.Goal{})
	if err != nil || rp.Silent {
		return actionReply{}, err
	}
	return actionReply{Reply: &rp}, nil
}

func (b *Bot) actionHomeSettings(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	return actionReply{}, b.openSettings(r)
}

// homePairOf loads the live pair named by a Home button for its presser.
func (b *Bot) homePairOf(r *request, value string) (store.Pair, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return store.Pair{}, sayf("That button has expired; please reopen the Home tab.")
	}
	p, err := b.db.Pair(r.ctx, r.user.ID, id)
	if err != nil {
		return store.Pair{}, err
	}
	if !p.Live() {
		return store.Pair{}, b.endedPairErr(r, p, "/mentor next")
	}
	return p, nil
}

func (b *Bot) actionHomeSnooze(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	p, err := b.homePairOf(r, act.Value)
	if err != nil {
		return actionReply{}, err
	}
	if err := b.openModal(r, b.snoozeModal(r, p)); err != nil {
		return actionReply{}, sayf("I couldn't open the snooze form just now. You can also type `/mentor snooze %s 2w`.", b.handle(r.ctx, p.Partner(r.user.ID)))
	}
	return actionReply{}, nil
}

func (b *Bot) actionHomeMeet(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	p, err := b.homePairOf(r, act.Value)
	if err != nil {
		return actionReply{}, err
	}
	mp, err := b.db.Meetings(r.ctx, r.user.ID, p.ID)
	if err != nil {
		return actionReply{}, err
	}
	in := homeMeetInfo{partner: p.Partner(r.user.ID), plan: mp, now: r.now, loc: r.loc, zoneNote: b.zoneNote(r.user)}
	in.handle = b.handle(r.ctx, in.partner)
	next, rule, err := upcomingMeetings(&b.zones, mp, r.now, 1)
	if err != nil {
		return actionReply{}, err
	}
	in.rule = rule
	if len(next) > 0 {
		in.next = next[0]
	} else if mp.Scheduled && !mp.Paused() {
		if in.past, in.pastFate, err = b.pastOneOff(r.ctx, mp, r.now); err != nil {
			return actionReply{}, err
		}
	}
	// Every case of the help suggests new meetings: at the welcome DM's
	// times, daytime for both; and moving the next one, when there is one.
	// A press, not a render of every Home.
	in.example = b.helpExamplesFor(r.ctx, r.user, in.partner, in.next, mp.Schedule.Duration, r.now)
	return actionReply{}, b.openInfoModal(r, "Schedule meetings", homeMeetHelp(in))
}

// homeFindMentee is the value of a mentor's actionHomeRequest button.
const homeFindMentee = "mentee"

func (b *Bot) actionHomeRequest(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	admins, err := b.programmeAdmins(r.ctx)
	if err != nil {
		return actionReply{}, err
	}
	if act.Value == homeFindMentee {
		st, err := b.db.SignupStanding(r.ctx, r.user.ID)
		if err != nil {
			return actionReply{}, err
		}
		return actionReply{}, b.openInfoModal(r, "Find a mentee", homeHowToFindAMentee(admins, r.user.ID, b.handle(r.ctx, r.user.ID), r.admin, st.Signup.Status == store.SignupWaiting))
	}
	return actionReply{}, b.openInfoModal(r, "Find a mentor", homeHowToGetAMentor(admins, r.user.ID, b.handle(r.ctx, r.user.ID), r.admin))
}

// openInfoModal shows a short explanation in a modal with only a Close
// button (App Home buttons have no message to answer in).
func (b *Bot) openInfoModal(r *request, title, text string) error {
	view := slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plain(truncate(title, 24)),
		Close:  plain("OK"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(truncate(text, 3000))}},
	}
	if err := b.openModal(r, view); err != nil {
		b.log.Warn("open info modal", "err", err)
		return sayf("%s", text)
	}
	return nil
}

func (b *Bot) actionHomeTodoDone(r *request, cb slack.InteractionCallback, act *slack.BlockAction) (actionReply, error) {
	id, ok := parseNumber(act.Value)
	if !ok {
		return actionReply{}, sayf("That button has expired; use `/session done N` instead.")
	}
	t, err := b.completeTodo(r, id)
	if err != nil {
		// A Done button on a Home drawn before the to-do was closed
		// (with /session done, or by the partner): the Home has no
		// message to answer in, so a refusal would become a lasting DM
		// about nothing left to do. The press only brings the Home up to
		// date, as a Done press that closed it would.
		if td, lerr := b.db.Todo(r.ctx, r.user.ID, id); lerr == nil && td.Status == store.TodoDone {
			b.refreshHome(r.ctx, r.user.ID)
			return actionReply{}, nil
		}
		return actionReply{}, err
	}
	members := []string{r.user.ID}
	if p, err := b.db.Pair(r.ctx, r.user.ID, t.PairID); err == nil {
		members = append(members, p.MentorID, p.MenteeID)
	}
	b.refreshHome(r.ctx, members...)
	return actionReply{}, nil
}
