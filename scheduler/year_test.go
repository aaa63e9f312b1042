package scheduler_test

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/slack-go/slack"

	"github.com/mentorbot/mentorbot/bot"
	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/clock"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/internal/storetest"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

// A simulated year of a mentoring programme: hundreds of pairs in seven
// zones (across the DST changes), meeting weekly, every other week,
// monthly or once; skipping meetings, pausing and resuming, ending, logging
// sessions, setting goals and finishing some. The people act through the
// store as the bot's handlers do (then PairChanged or UserChanged, as the
// bot calls them); the scheduler plans and sends through the real
// bot.Notifier to the Slack simulator, all on a virtual clock walked from
// one due time or action to the next.
//
// Checked on the simulator's record, which the walk takes from the
// simulator week by week so that neither side's memory grows with the
// year:
//   - every notification reached Slack once (each message is the one its
//     row records: a second message with a key would not be);
//   - check-ins and nudges never in the recipient's quiet hours (the
//     programme's 20:00-08:00 or their own);
//   - nothing about a pair after it ended;
//   - exactly the meeting reminders, agenda prompts and check-ins that the
//     rules call for, computed here from the year's timeline and not by
//     the planner: no more, no fewer;
//   - nothing left due, dropped or failed;
//   - the heap after GC flat from month 2 to the end.
//
// Scale: 500 pairs for 365 days is about 90,000 DMs, which takes about 60 s
// on a two-core machine (about 0.7 ms a DM: rendering from the database, the
// request through the bot's Slack client to the simulator, in process,
// recording it; and 365 daily re-plans),
// and would take ten times that under the race detector (SQLite is Go code
// there). So that year runs when MENTORBOT_YEAR=full. By default a year of
// 100 pairs runs (about 18,000 DMs, some 20 s), memory compared between
// months 2 and 12; with -short or -race, eight weeks of 20 pairs (about 550
// DMs, 17 s with -race), memory compared from week 3. The checks are the
// same.
func TestSimulatedYear(t *testing.T) {
	switch {
	case os.Getenv("MENTORBOT_YEAR") == "full":
		runYear(t, yearScale{pairs: 500, days: 365, memAt: 61})
	case testing.Short() || raceEnabled:
		runYear(t, yearScale{pairs: 20, days: 56, memAt: 21})
	default:
		runYear(t, yearScale{pairs: 100, days: 365, memAt: 61})
	}
}

type yearScale struct {
	pairs int
	days  int
	memAt int // the day of the first heap measurement; the second is the last day
}

var yearZones = []string{"Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London",
	"America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney"}

// yearUser is a person of the simulated programme.
type yearUser struct {
	id       string
	loc      *time.Location
	quiet    datetext.QuietHours
	checkins bool
	pairs    []*yearPair
}

// yearPair is a pair's whole timeline, decided before the walk.
type yearPair struct {
	id               int64 // set when created
	mentor, mentee   *yearUser
	created          time.Time // and its schedule set
	when             string    // the /mentor meet text
	rule             cadence.Rule
	dur              time.Duration
	ended            time.Time // zero: still live at the end
	pauseAt, resumed time.Time // zero: never paused
	skips            map[int64]time.Time
}

// active reports whether the pair met the rules for meeting notifications
// at t: created, not paused, not ended.
func (p *yearPair) active(t time.Time) bool {
	if t.Before(p.created) || (!p.ended.IsZero() && !t.Before(p.ended)) {
		return false
	}
	return p.pauseAt.IsZero() || t.Before(p.pauseAt) || !t.Before(p.resumed)
}

// resumesBefore reports whether due fell in the pair's pause and its
// meeting at is after the resume: it goes at the resume.
func (p *yearPair) resumesBefore(at, due time.Time) bool {
	return !p.pauseAt.IsZero() && !due.Before(p.pauseAt) && due.Before(p.resumed) && at.After(p.resumed)
}

// live reports whether the pair existed and had not ended at t.
func (p *yearPair) live(t time.Time) bool {
	return !t.Before(p.created) && (p.ended.IsZero() || t.Before(p.ended))
}

// skippedBefore reports whether the meeting at was skipped before t.
func (p *yearPair) skippedBefore(at, t time.Time) bool {
	s, ok := p.skips[at.Unix()]
	return ok && s.Before(t)
}

// yearEvent is something a person does at a time.
type yearEvent struct {
	at  time.Time
	seq int
	do  func() error
}

// yearSlot is the n-th time of day (UTC) at which people act: 10:17 to
// 12:47, every half hour. No notification is due then (due times fall on
// the hour or half hour), and it is not 09:00 anywhere in the seven zones,
// so what the rules expect is never a matter of which came first.
func yearSlot(day time.Time, n int) time.Time {
	d := time.Date(day.Year(), day.Month(), day.Day(), 10, 17, 0, 0, time.UTC)
	return d.Add(time.Duration(n%6) * 30 * time.Minute)
}

// nextSlot is the first acting time after t.
func nextSlot(t time.Time) time.Time {
	for d := 0; ; d++ {
		for n := range 6 {
			if s := yearSlot(t.AddDate(0, 0, d), n); s.After(t) {
				return s
			}
		}
	}
}

func runYear(t *testing.T, sc yearScale) {
	began := time.Now()
	start := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC) // a Monday
	end := start.AddDate(0, 0, sc.days)
	rng := rand.New(rand.NewPCG(2026, uint64(sc.pairs)))
	ctx := context.Background()
	clk := clock.NewFake(start)
	path := storetest.Path(t, "year.db")
	db, err := store.Open(ctx, path, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sim := slacksim.New(slacksim.Options{Clock: clk})
	defer sim.Close()
	cfg := testConfig() // 24h and 1h reminders, agenda 48h, follow-up 1h, check-ins 09:00 Mondays, quiet 20:00-08:00
	defaultQuiet, _ := datetext.ParseQuietHours(cfg.QuietHours)
	ownQuiet := "21:00-07:00"
	own, _ := datetext.ParseQuietHours(ownQuiet)
	log := slog.New(slog.DiscardHandler)
	sl := &bot.Slack{API: slack.New(sim.BotToken(), slack.OptionAPIURL(sim.APIURL()), slack.OptionHTTPClient(inProcessClient(sim))), DB: db, Log: log,
		ProfileTTL: 365 * 24 * time.Hour, Now: clk.Now}
	nt := &bot.Notifier{Slack: sl, DB: db, Config: bot.Config{Config: cfg}, Clock: clk, Log: log}
	sched := scheduler.New(scheduler.Options{DB: db, Notifier: nt, Clock: clk, Config: cfg, Logger: log})

	// People: a mentor and a mentee per pair; every tenth mentor has a
	// second mentee. A few have check-ins off, a few their own quiet hours.
	users := map[string]*yearUser{}
	newUser := func(id string) *yearUser {
		u := &yearUser{id: id, quiet: defaultQuiet, checkins: true}
		zone := yearZones[rng.IntN(len(yearZones))]
		u.loc, _ = time.LoadLocation(zone)
		settings := store.DefaultSettings()
		switch r := rng.IntN(20); r {
		case 0:
			settings.CheckinsOn, u.checkins = false, false
		case 1:
			settings.QuietHours, u.quiet = &ownQuiet, own
		}
		sim.AddUser(slacksim.User{ID: id, Name: strings.ToLower(id), RealName: "Person " + id, TZ: zone})
		if _, err := db.SaveProfile(ctx, store.Profile{ID: id, Name: strings.ToLower(id), RealName: "Person " + id, TZ: zone}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveSettings(ctx, id, settings); err != nil {
			t.Fatal(err)
		}
		users[id] = u
		return u
	}

	// The year's timeline.
	var events []yearEvent
	add := func(at time.Time, do func() error) {
		events = append(events, yearEvent{at: at, seq: len(events), do: do})
	}
	pairs := make([]*yearPair, sc.pairs)
	days := []string{"mon", "tue", "wed", "thu", "fri"}
	ordinals := []string{"first", "second", "third", "last"}
	for i := range pairs {
		p := &yearPair{skips: map[int64]time.Time{}}
		pairs[i] = p
		if i%10 == 9 {
			p.mentor = pairs[i-1].mentor
		} else {
			p.mentor = newUser(fmt.Sprintf("UM%04d", i))
		}
		p.mentee = newUser(fmt.Sprintf("UE%04d", i))
		p.mentor.pairs = append(p.mentor.pairs, p)
		p.mentee.pairs = append(p.mentee.pairs, p)
		day := rng.IntN(30)
		if rng.IntN(7) == 0 {
			day = 60 + rng.IntN(120)
		}
		p.created = yearSlot(start.AddDate(0, 0, day), rng.IntN(6))
		if !p.created.Before(end) {
			p.created = yearSlot(start.AddDate(0, 0, rng.IntN(sc.days)), 0)
		}
		local := fmt.Sprintf("%d:%02d", 8+rng.IntN(10), 30*rng.IntN(2))
		dur := ""
		if rng.IntN(3) == 0 {
			dur = " for 1h"
		}
		switch r := rng.IntN(20); {
		case r < 5:
			p.when = fmt.Sprintf("weekly %s %s%s", days[rng.IntN(5)], local, dur)
		case r < 12:
			p.when = fmt.Sprintf("biweekly %s %s%s", days[rng.IntN(5)], local, dur)
		case r < 17:
			p.when = fmt.Sprintf("monthly %s %s %s%s", ordinals[rng.IntN(4)], days[rng.IntN(5)], local, dur)
		default:
			on := p.created.In(p.mentor.loc).AddDate(0, 0, 3+rng.IntN(40))
			p.when = fmt.Sprintf("%s %s%s", on.Format("2006-01-02"), local, dur)
		}
		p.rule, p.dur, err = cadence.ParseMeet(p.when, p.mentor.loc, p.created)
		if err != nil {
			t.Fatalf("meet %q: %v", p.when, err)
		}
		if rng.IntN(10) == 0 {
			p.ended = nextSlot(p.created.AddDate(0, 0, 30+rng.IntN(200)))
		}
		if rng.IntN(7) == 0 {
			p.pauseAt = nextSlot(p.created.AddDate(0, 0, 20+rng.IntN(130)))
			p.resumed = nextSlot(p.pauseAt.AddDate(0, 0, 7+rng.IntN(21)))
			if !p.ended.IsZero() && !p.resumed.Before(p.ended) {
				p.pauseAt, p.resumed = time.Time{}, time.Time{}
			}
		}
		before := func(at time.Time) bool { return at.Before(end) && (p.ended.IsZero() || at.Before(p.ended)) }

		pair := p
		add(p.created, func() error {
			np, err := db.CreatePair(ctx, "UADMIN", pair.mentor.id, pair.mentee.id)
			if err != nil {
				return err
			}
			pair.id = np.ID
			if _, err := db.SetSchedule(ctx, pair.mentor.id, np.ID, pair.rule.Encode(), pair.dur); err != nil {
				return err
			}
			_ = db.Touch(ctx, pair.mentor.id)
			sched.PairChanged(ctx, np.ID)
			return nil
		})
		if !p.pauseAt.IsZero() && before(p.pauseAt) {
			add(p.pauseAt, func() error { return pairDo(ctx, db, sched, pair, pair.mentee.id, true) })
			if before(p.resumed) {
				add(p.resumed, func() error { return pairDo(ctx, db, sched, pair, pair.mentor.id, false) })
			}
		}
		if !p.ended.IsZero() && p.ended.Before(end) {
			add(p.ended, func() error {
				if _, err := db.EndPair(ctx, pair.mentor.id, pair.id); err != nil {
					return err
				}
				sched.PairChanged(ctx, pair.id)
				return nil
			})
		}
		// Meetings: some skipped beforehand, about half logged afterwards.
		for _, at := range p.rule.Between(p.created, end.AddDate(0, 0, 3)) {
			if !p.active(at) || !before(at) {
				continue
			}
			if rng.IntN(8) == 0 {
				s := yearSlot(at.AddDate(0, 0, -1-rng.IntN(4)), rng.IntN(6))
				if s.After(p.created) && p.active(s) && s.Before(at) {
					p.skips[at.Unix()] = s
					add(s, func() error {
						if err := db.SkipMeeting(ctx, pair.mentor.id, pair.id, at); err != nil {
							return fmt.Errorf("skip %v: %w", at, err)
						}
						_ = db.Touch(ctx, pair.mentor.id)
						sched.PairChanged(ctx, pair.id)
						return nil
					})
					continue
				}
			}
			if rng.IntN(2) == 0 {
				logger := p.mentee
				if rng.IntN(4) == 0 {
					logger = p.mentor
				}
				l := nextSlot(at.Add(p.dur).Add(time.Duration(rng.IntN(20)) * time.Hour))
				if !p.active(l) || !before(l) {
					continue
				}
				held := datetext.DateOf(at.In(logger.loc)).String()
				add(l, func() error {
					if _, err := db.LogSession(ctx, logger.id, store.NewSession{PairID: pair.id, HeldOn: held, MeetingAt: at,
						Notes: "we talked"}); err != nil {
						return fmt.Errorf("log session of %v: %w", at, err)
					}
					_ = db.Touch(ctx, logger.id)
					sched.PairChanged(ctx, pair.id)
					return nil
				})
			}
		}
		// Goals: one to three, some finished before their date.
		for range 1 + rng.IntN(3) {
			a := yearSlot(p.created.AddDate(0, 0, 1+rng.IntN(60)), rng.IntN(6))
			if !before(a) {
				continue
			}
			due := datetext.DateOf(a.In(p.mentee.loc)).AddDays(10 + rng.IntN(80))
			var goalID int64
			add(a, func() error {
				g, err := db.AddGoal(ctx, pair.mentee.id, store.GoalInput{Text: "Give a talk", DueOn: due.String()})
				if err != nil {
					return fmt.Errorf("add goal: %w", err)
				}
				goalID = g.ID
				_ = db.Touch(ctx, pair.mentee.id)
				sched.UserChanged(ctx, pair.mentee.id)
				return nil
			})
			if rng.IntN(5) < 2 {
				c := nextSlot(a.AddDate(0, 0, 1+rng.IntN(9)))
				if before(c) {
					add(c, func() error {
						if _, err := db.CloseGoal(ctx, pair.mentee.id, goalID, store.GoalDone); err != nil {
							return fmt.Errorf("close goal: %w", err)
						}
						_ = db.Touch(ctx, pair.mentee.id)
						sched.UserChanged(ctx, pair.mentee.id)
						return nil
					})
				}
			}
		}
	}
	sort.Slice(events, func(i, j int) bool {
		if !events[i].at.Equal(events[j].at) {
			return events[i].at.Before(events[j].at)
		}
		return events[i].seq < events[j].seq
	})
	t.Logf("%d pairs, %d people, %d actions over %d days", len(pairs), len(users), len(events), sc.days)

	// What arrives is checked as it is taken from the simulator.
	raw, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	byID := map[int64]*yearPair{}
	chk := &yearChecker{t: t, raw: raw, users: users, pairs: byID, kinds: map[string]int{}}

	if err := sched.ReplanAll(ctx); err != nil {
		t.Fatal(err)
	}
	var heapMid, heapEnd uint64
	nextTrim := start.AddDate(0, 0, 7)
	memAt := start.AddDate(0, 0, sc.memAt)
	next := 0
	for {
		now := clk.Now()
		to := end
		if next < len(events) && events[next].at.Before(to) {
			to = events[next].at
		}
		if w, ok, err := db.NextWake(ctx); err != nil {
			t.Fatal(err)
		} else if ok && w.After(now) && w.Before(to) {
			to = w
		}
		// At least daily, for the daily re-plan.
		if day := now.Add(24 * time.Hour); day.Before(to) {
			to = day
		}
		clk.Set(to)
		acted := false
		for ; next < len(events) && !events[next].at.After(to); next++ {
			if err := events[next].do(); err != nil {
				t.Fatalf("%v: %v", events[next].at, err)
			}
			acted = true
		}
		if acted {
			// Only an action creates a pair, and most steps have none.
			for _, p := range pairs {
				if p.id != 0 {
					byID[p.id] = p
				}
			}
		}
		if _, err := sched.DispatchDue(ctx); err != nil {
			t.Fatal(err)
		}
		if !to.Before(nextTrim) || !to.Before(end) {
			chk.check(sim.TakeMessages(to))
			nextTrim = nextTrim.AddDate(0, 0, 7)
			if heapMid == 0 && !to.Before(memAt) {
				heapMid = heapNow()
			}
		}
		if !to.Before(end) {
			break
		}
	}
	chk.check(sim.TakeMessages(end.Add(time.Hour)))
	heapEnd = heapNow()
	walked := time.Since(began)

	// Exactly the reminders, agenda prompts and check-ins the rules call
	// for, from the timeline.
	want := map[string]bool{}
	leads := slices.Clone(cfg.RemindBefore)
	slices.SortFunc(leads, func(a, b time.Duration) int { return cmp.Compare(b, a) }) // longest first
	for _, p := range pairs {
		if p.id == 0 {
			continue
		}
		for _, at := range p.rule.Between(p.created.Add(-72*time.Hour), end.Add(72*time.Hour)) {
			for _, m := range []*yearUser{p.mentor, p.mentee} {
				for i, lead := range leads {
					due := at.Add(-lead)
					if p.resumesBefore(at, due) {
						// Fell due in the pause: the latest of those goes at
						// the resume.
						if i+1 < len(leads) && !at.Add(-leads[i+1]).After(p.resumed) {
							continue
						}
						due = p.resumed
					}
					if !due.Before(p.created) && !due.After(end) && p.active(due) && !p.skippedBefore(at, due) {
						want[fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", datetext.FormatLeadTimes([]time.Duration{lead}), p.id, at.Unix(), m.id)] = true
					}
				}
			}
			due, exp := at.Add(-cfg.AgendaPromptBefore), at.Add(-time.Hour)
			onTime := true
			if due.Before(p.created) {
				due, onTime = p.created, false
			}
			if p.resumesBefore(at, due) {
				due = p.resumed
			}
			if held := p.mentee.quiet.NextAllowed(due, p.mentee.loc); onTime && held.Before(exp) {
				due = held // waits out the mentee's quiet hours while it is in time
			}
			if due.Before(exp) && !due.After(end) && p.active(due) && !p.skippedBefore(at, due) {
				want[fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", p.id, at.Unix(), p.mentee.id)] = true
			}
		}
	}
	spec, err := cron.ParseStandard(cfg.CheckinSchedule)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if !u.checkins {
			continue
		}
		for f := spec.Next(start.In(u.loc)); !f.After(end); f = spec.Next(f) {
			if slices.ContainsFunc(u.pairs, func(p *yearPair) bool { return p.active(f) }) {
				want[fmt.Sprintf("checkin:to=%s:on=%s", u.id, datetext.DateOf(f.In(u.loc)))] = true
			}
		}
	}
	got := map[uint64]bool{}
	for _, h := range chk.ruled {
		got[h] = true
	}
	var missing []string
	wanted := map[uint64]bool{}
	for k := range want {
		wanted[keyHash(k)] = true
		if !got[keyHash(k)] {
			missing = append(missing, k)
		}
	}
	extra := 0
	for h := range got {
		if !wanted[h] {
			extra++
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d notifications the rules call for never sent, e.g.\n%s", len(missing), strings.Join(missing[:min(10, len(missing))], "\n"))
	}
	if extra > 0 {
		t.Errorf("%d notifications sent that the rules do not call for", extra)
	}

	// Nothing left behind: every row due is sent or was cancelled when it
	// stopped making sense; none dropped, none failed.
	var left int
	var example string
	if err := raw.QueryRow(`SELECT count(*), coalesce(max(key || ' ' || status), '') FROM notifications
		WHERE (status IN ('pending', 'sending') AND due_at <= ?) OR status IN ('dropped', 'failed')`, end.Unix()).Scan(&left, &example); err != nil {
		t.Fatal(err)
	}
	if left > 0 {
		t.Errorf("%d notifications due and not sent, or dropped, or failed, e.g. %s", left, example)
	}
	if fs := sim.Failures(); len(fs) > 0 {
		t.Errorf("the simulator flagged what Slack would have refused:\n%s", strings.Join(fs[:min(10, len(fs))], "\n"))
	}

	// Memory: the heap after GC at the end within 25% (+4 MiB) of month 2.
	if heapEnd > heapMid+heapMid/4+4<<20 {
		t.Errorf("heap after GC grew from %.1f MiB (day %d) to %.1f MiB (day %d)", mib(heapMid), sc.memAt, mib(heapEnd), sc.days)
	}
	var kinds []string
	for k, n := range chk.kinds {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	slices.Sort(kinds)
	t.Logf("%d DMs in %v (%s); %d reminders, agenda prompts and check-ins as the rules say; heap after GC %.1f MiB on day %d, %.1f MiB on day %d",
		chk.total, walked.Round(time.Millisecond), strings.Join(kinds, ", "), len(want), mib(heapMid), sc.memAt, mib(heapEnd), sc.days)
}

// pairDo pauses or resumes a pair as /mentor pause and resume do.
func pairDo(ctx context.Context, db *store.DB, sched *scheduler.Scheduler, p *yearPair, actor string, pause bool) error {
	if _, err := db.SetPaused(ctx, actor, p.id, pause); err != nil {
		return fmt.Errorf("pause %v: %w", pause, err)
	}
	_ = db.Touch(ctx, actor)
	sched.PairChanged(ctx, p.id)
	return nil
}

// keyHash names a notification key in 8 bytes (FNV-1a).
func keyHash(k string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(k))
	return h.Sum64()
}

func heapNow() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// yearChecker checks the messages taken from the simulator against the
// rows that record them.
type yearChecker struct {
	t     *testing.T
	raw   *sql.DB
	users map[string]*yearUser
	pairs map[int64]*yearPair
	kinds map[string]int
	// ruled are the keys (keyHash) of the reminders, agenda prompts and
	// check-ins that reached Slack: the dispatcher deletes old rows, so
	// Slack is the record of what was sent. Hashes, so that the record of
	// 85,000 DMs does not grow the heap the test holds flat.
	ruled []uint64
	total int
	errs  int
}

func (c *yearChecker) errorf(format string, args ...any) {
	c.t.Helper()
	if c.errs++; c.errs <= 20 {
		c.t.Errorf(format, args...)
	}
}

type yearRow struct {
	status, channel, ts, kind, to string
	pair                          int64
}

func (c *yearChecker) check(ms []slacksim.Message) {
	c.t.Helper()
	for chunk := range slices.Chunk(ms, 500) {
		keys := make([]any, 0, len(chunk))
		for _, m := range chunk {
			keys = append(keys, yearKey(m))
		}
		rows, err := c.raw.Query(`SELECT key, status, channel, ts, kind, recipient_id, pair_id FROM notifications WHERE key IN (?`+
			strings.Repeat(",?", len(keys)-1)+`)`, keys...)
		if err != nil {
			c.t.Fatal(err)
		}
		byKey := map[string]yearRow{}
		for rows.Next() {
			var k string
			var r yearRow
			if err := rows.Scan(&k, &r.status, &r.channel, &r.ts, &r.kind, &r.to, &r.pair); err != nil {
				c.t.Fatal(err)
			}
			byKey[k] = r
		}
		rows.Close()
		for _, m := range chunk {
			c.total++
			k := yearKey(m)
			r, ok := byKey[k]
			switch {
			case k == "":
				c.errorf("a DM without a notification key: %.100s", m.Text)
				continue
			case !ok:
				c.errorf("%s reached Slack but has no row", k)
				continue
			case r.status != store.NoteSent || r.ts != m.TS || r.channel != m.Channel:
				// A second message with the key is not the one recorded.
				c.errorf("%s: the message at %s is not the one recorded (%s %s)", k, m.TS, r.status, r.ts)
				continue
			case m.User != r.to:
				c.errorf("%s reached %s", k, m.User)
			}
			c.kinds[r.kind]++
			if r.kind == scheduler.KindReminder || r.kind == scheduler.KindAgenda || r.kind == scheduler.KindCheckin {
				c.ruled = append(c.ruled, keyHash(k))
			}
			at := yearTime(m.TS)
			u := c.users[r.to]
			if r.kind != scheduler.KindReminder && r.kind != scheduler.KindAgenda && u != nil && u.quiet.Contains(at, u.loc) {
				c.errorf("%s arrived at %s, in %s's quiet hours", k, at.In(u.loc).Format("Mon 15:04 MST"), r.to)
			}
			if p := c.pairs[r.pair]; p != nil && !p.live(at) {
				c.errorf("%s arrived at %v, after the pair ended at %v", k, at, p.ended)
			}
		}
	}
}

func yearKey(m slacksim.Message) string {
	// {"event_type":"mentorbot_notification","event_payload":{"key":"..."}}
	s := string(m.Metadata)
	i := strings.Index(s, `"key":"`)
	if i < 0 {
		return ""
	}
	s = s[i+len(`"key":"`):]
	j := strings.IndexByte(s, '"')
	if j < 0 {
		return ""
	}
	return s[:j]
}

func yearTime(ts string) time.Time {
	sec, _, _ := strings.Cut(ts, ".")
	n, _ := strconv.ParseInt(sec, 10, 64)
	return time.Unix(n, 0).UTC()
}

// inProcessClient is the bot's client (answers trimmed, as serve's) on
// the simulator's in-process transport: the year is about what is sent
// when, and over loopback a quarter of its CPU time went to net/http's
// connections and syscalls on both sides. The end-to-end tests in
// cmd/mentorbot keep the real network between bot and simulator.
func inProcessClient(sim *slacksim.Server) *http.Client {
	return &http.Client{Transport: bot.TrimAnswers(sim.Transport(nil))}
}
