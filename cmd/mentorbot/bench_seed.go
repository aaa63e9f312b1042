package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/store"
)

// seedSpec says what seedBench writes.
type seedSpec struct {
	Pairs int
	Now   time.Time // the programme's "now": history ends here
	// History is how far back the pairs go (a year for the main run);
	// NoteWeeks how many of its last weeks of sent notifications are kept.
	History   time.Duration
	NoteWeeks int
	// Zones are the members' time zones, each pair in one, by share.
	Zones []zoneShare
	// NoSchedules leaves the pairs without meetings (the fan-out and burst
	// runs, where only the DMs under test may fall due).
	NoSchedules bool
	// PoolEvery: every PoolEvery-th pair is remembered for the command mix.
	PoolEvery int
}

type zoneShare struct {
	Zone  string
	Share int
}

// benchZones is where a large programme's people are.
var benchZones = []zoneShare{
	{"Europe/Berlin", 30}, {"America/New_York", 25}, {"America/Los_Angeles", 15},
	{"Europe/London", 12}, {"Asia/Kolkata", 12}, {"Asia/Tokyo", 6},
}

// poolPair is a seeded pair the command mix acts in, with the numbers its
// commands need.
type poolPair struct {
	Mentor, Mentee string
	OpenGoal       int64   // open, no date: /goal progress
	SpareGoal      int64   // open: one /goal done
	OpenTodos      []int64 // /session done, one each
}

// seedResult is what the seeding wrote.
type seedResult struct {
	People []string
	Pool   []poolPair
	Rows   int64
}

func mentorID(i int) string { return fmt.Sprintf("UM%06d", i) }
func menteeID(i int) string { return fmt.Sprintf("UE%06d", i) }

// seedBench writes spec's pairs with their history into a new database at
// path, in large transactions of multi-row INSERTs (store's Seed, not the
// per-pair methods: 100,000 pairs take seconds, not hours). Everything
// is derived from the pair's number, so runs are reproducible.
func seedBench(ctx context.Context, path string, spec seedSpec) (seedResult, error) {
	var res seedResult
	db, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return res, err
	}
	defer db.Close()
	zones := make([]string, 0, 100)
	locs := map[string]*time.Location{}
	for _, z := range spec.Zones {
		loc, err := time.LoadLocation(z.Zone)
		if err != nil {
			return res, fmt.Errorf("seed: %w", err)
		}
		locs[z.Zone] = loc
		for range z.Share {
			zones = append(zones, z.Zone)
		}
	}
	// Secondary indexes are dropped while seeding and built again at the
	// end: building an index from sorted data is many times faster than
	// growing it row by row.
	indexes, err := db.DropIndexes(ctx)
	if err != nil {
		return res, fmt.Errorf("seed: drop indexes: %w", err)
	}
	rules := map[string]seedRule{}
	var goalID, sessionID, todoID int64
	const chunk = 2000
	for start := 0; start < spec.Pairs; start += chunk {
		end := min(start+chunk, spec.Pairs)
		rows, err := db.Seed(ctx, func(w *store.Seeder) error {
			for i := start; i < end; i++ {
				zone := zones[(i*7)%len(zones)]
				p := seedPair{i: i, id: int64(i + 1), mentor: mentorID(i), mentee: menteeID(i), zone: zone, loc: locs[zone]}
				if err := seedOne(w, spec, p, rules, &goalID, &sessionID, &todoID, &res); err != nil {
					return err
				}
			}
			return nil
		})
		res.Rows += rows
		if err != nil {
			return res, fmt.Errorf("seed pairs %d–%d: %w", start, end, err)
		}
	}
	if err := db.RebuildIndexes(ctx, indexes); err != nil {
		return res, fmt.Errorf("seed: build indexes: %w", err)
	}
	return res, nil
}

type seedPair struct {
	i              int
	id             int64
	mentor, mentee string
	zone           string
	loc            *time.Location
}

// seedRule is a meeting rule with its occurrences over the history.
type seedRule struct {
	enc string
	occ []time.Time
}

var (
	seedDays    = []string{"mon", "tue", "wed", "thu", "fri"}
	seedCadence = []string{"biweekly", "monthly first", "biweekly", "monthly second", "weekly", "biweekly", "monthly third", "biweekly", "monthly last", "biweekly"}
)

// seedOne adds pair p with its people and its history.
func seedOne(w *store.Seeder, spec seedSpec, p seedPair, rules map[string]seedRule, goalID, sessionID, todoID *int64, res *seedResult) error {
	now := spec.Now
	created := now.Add(-spec.History).Add(-time.Duration(p.i%97) * time.Hour)
	if spec.History == 0 {
		created = now.Add(-24 * time.Hour)
	}
	dm := func(u string) string { return "D" + u }
	for _, u := range []string{p.mentor, p.mentee} {
		name := strings.ToLower(u)
		if err := w.User(store.User{ID: u, Name: name, RealName: "Person " + u[1:], TZ: p.zone, DMChannel: dm(u),
			FetchedAt: now, LastActiveAt: now.Add(-time.Duration(p.i%200) * time.Hour)}); err != nil {
			return err
		}
		res.People = append(res.People, u)
	}
	if err := w.Pair(store.Pair{ID: p.id, MentorID: p.mentor, MenteeID: p.mentee, Status: store.PairActive, CreatedBy: "UBENCHADMIN", CreatedAt: created}); err != nil {
		return err
	}
	pool := spec.PoolEvery > 0 && p.i%spec.PoolEvery == 0
	var pp poolPair
	if pool {
		pp = poolPair{Mentor: p.mentor, Mentee: p.mentee}
	}

	// Goals: two done, one with a date ahead, one without, one spare.
	goals := []struct {
		text, due, status string
		progress          int
		age               time.Duration
	}{
		{"Give a talk at the internal tech day", "", "done", 100, 300 * 24 * time.Hour},
		{"Ship the on-call runbook for the payments service", "", "done", 100, 200 * 24 * time.Hour},
		{"Lead the design review of the new billing pipeline by the end of the quarter", now.AddDate(0, 2, p.i%28).Format("2006-01-02"), "open", 40, 90 * 24 * time.Hour},
		{"Read two books on distributed systems and share notes", "", "open", 30, 60 * 24 * time.Hour},
		{"Pair with three other teams for a day each", "", "open", 0, 20 * 24 * time.Hour},
	}
	for gi, g := range goals {
		*goalID++
		at := maxT(created, now.Add(-g.age))
		var closed time.Time
		if g.status == "done" {
			closed = at.Add(45 * 24 * time.Hour)
		}
		if err := w.Goal(store.Goal{ID: *goalID, OwnerID: p.mentee, Text: g.text, Measure: "a date and a number", Why: "it is what the next level asks for",
			DueOn: g.due, Status: g.status, Progress: g.progress, CreatedAt: at, UpdatedAt: at.Add(24 * time.Hour), ClosedAt: closed}); err != nil {
			return err
		}
		for k := 1; k <= 3 && g.progress > 0; k++ {
			if err := w.GoalProgress(store.GoalProgress{GoalID: *goalID, Percent: g.progress * k / 3, Note: "step " + fmt.Sprint(k), ByUser: p.mentee,
				At: at.Add(time.Duration(k) * 7 * 24 * time.Hour)}); err != nil {
				return err
			}
		}
		if pool && gi == 3 {
			pp.OpenGoal = *goalID
		}
		if pool && gi == 4 {
			pp.SpareGoal = *goalID
		}
	}
	if spec.NoSchedules {
		if pool {
			res.Pool = append(res.Pool, pp)
		}
		return nil
	}

	// The meeting rule and its occurrences over the history (shared by
	// the pairs with the same rule, so computed once).
	when := fmt.Sprintf("%s %s %d:%02d", seedCadence[p.i%len(seedCadence)], seedDays[(p.i/3)%5], 9+(p.i/7)%8, 30*((p.i/11)%2))
	rk := when + "|" + p.zone
	r, ok := rules[rk]
	if !ok {
		rule, _, err := cadence.ParseMeet(when, p.loc, now.Add(-spec.History-5*24*time.Hour))
		if err != nil {
			return fmt.Errorf("rule %q: %w", when, err)
		}
		r = seedRule{enc: rule.Encode(), occ: rule.Between(now.Add(-spec.History-4*24*time.Hour), now)}
		rules[rk] = r
	}
	if err := w.Schedule(store.Schedule{PairID: p.id, Rule: r.enc, Duration: 30 * time.Minute, SetBy: p.mentor, SetAt: created}); err != nil {
		return err
	}
	// Of the meetings since the pair began: two skipped, most logged
	// (notes, one or two to-dos, an agenda item covered), some not.
	var held []time.Time
	skips := 0
	for k, at := range r.occ {
		if at.Before(created) {
			continue
		}
		switch {
		case skips < 2 && k%9 == 4:
			skips++
			if err := w.MeetingSkip(p.id, at, p.mentee, at.Add(-48*time.Hour)); err != nil {
				return err
			}
		case (k+p.i)%10 < 6:
			held = append(held, at)
		}
	}
	for k, at := range held {
		*sessionID++
		sid := *sessionID
		logged := at.Add(50 * time.Minute)
		if err := w.Session(store.Session{ID: sid, PairID: p.id, HeldOn: at.In(p.loc).Format("2006-01-02"), MeetingAt: at,
			Notes: "Talked through the design doc and the feedback from the last review; agreed on next steps for the rollout.", LoggedBy: p.mentee, CreatedAt: logged}, k+1); err != nil {
			return err
		}
		recent := k >= len(held)-2
		for t := 0; t < k%3; t++ {
			*todoID++
			status, doneAt, doneBy := "done", logged.Add(5*24*time.Hour), p.mentee
			if recent {
				status, doneAt, doneBy = "open", time.Time{}, ""
				if pool {
					pp.OpenTodos = append(pp.OpenTodos, *todoID)
				}
			}
			if err := w.Todo(store.Todo{ID: *todoID, PairID: p.id, SessionID: sid, OwnerID: p.mentee,
				Text: "Write up the rollout plan and share it with the team", Status: status, CreatedAt: logged, DoneAt: doneAt, DoneBy: doneBy}); err != nil {
				return err
			}
		}
		if k%2 == 0 {
			if err := w.AgendaItem(store.AgendaItem{PairID: p.id, AuthorID: p.mentee,
				Text: "How to get more visibility for my work", MeetingAt: at, Status: "covered", SessionID: sid, CreatedAt: at.Add(-72 * time.Hour)}); err != nil {
				return err
			}
		}
		// Feedback both ways after every 4th session, the fit check after the first.
		if n := k + 1; n == 1 || n%4 == 0 {
			kind, rating, fit := "rating", 4+k%2, ""
			if n == 1 {
				kind, rating, fit = "fit", 0, "yes"
			}
			for _, from := range []string{p.mentor, p.mentee} {
				to := p.mentee
				if from == p.mentee {
					to = p.mentor
				}
				if err := w.Feedback(store.Feedback{PairID: p.id, FromID: from, ToID: to, Kind: kind, Rating: rating, Fit: fit,
					Text: "Helpful and to the point.", CreatedAt: logged.Add(24 * time.Hour)}); err != nil {
					return err
				}
			}
		}
	}
	if err := w.AgendaItem(store.AgendaItem{PairID: p.id, AuthorID: p.mentee,
		Text: "Promotion case: what is missing?", Status: "open", CreatedAt: now.Add(-24 * time.Hour)}); err != nil {
		return err
	}

	// Sent notifications of the last NoteWeeks weeks: the weekly check-ins,
	// and for each meeting two reminders each, the agenda prompt and, when
	// it was not logged, the follow-ups.
	notesFrom := now.AddDate(0, 0, -7*spec.NoteWeeks)
	logged := map[int64]bool{}
	for _, at := range held {
		logged[at.Unix()] = true
	}
	for d := notesFrom; d.Before(now); d = d.AddDate(0, 0, 7) {
		day := d.In(p.loc).Format("2006-01-02")
		for _, u := range []string{p.mentor, p.mentee} {
			if err := seedNote(w, fmt.Sprintf("checkin:to=%s:on=%s", u, day), "checkin", u, 0, day, d, dm(u)); err != nil {
				return err
			}
		}
	}
	for _, at := range r.occ {
		if at.Before(notesFrom) || at.Before(created) {
			continue
		}
		ref := fmt.Sprint(at.Unix())
		for _, u := range []string{p.mentor, p.mentee} {
			for _, lead := range []string{"24h", "1h"} {
				d, _ := time.ParseDuration(lead)
				if err := seedNote(w, fmt.Sprintf("reminder:%s:pair=%d:at=%d:to=%s", lead, p.id, at.Unix(), u), "reminder", u, p.id, ref, at.Add(-d), dm(u)); err != nil {
					return err
				}
			}
			if !logged[at.Unix()] {
				if err := seedNote(w, fmt.Sprintf("followup:pair=%d:at=%d:to=%s", p.id, at.Unix(), u), "followup", u, p.id, ref, at.Add(90*time.Minute), dm(u)); err != nil {
					return err
				}
			}
		}
		if err := seedNote(w, fmt.Sprintf("agenda_prompt:pair=%d:at=%d:to=%s", p.id, at.Unix(), p.mentee), "agenda_prompt", p.mentee, p.id, ref, at.Add(-48*time.Hour), dm(p.mentee)); err != nil {
			return err
		}
	}
	if pool {
		res.Pool = append(res.Pool, pp)
	}
	return nil
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// seedNote adds a sent notification.
func seedNote(w *store.Seeder, key, kind, to string, pair int64, ref string, due time.Time, channel string) error {
	return w.Notification(store.Notification{Key: key, Kind: kind, RecipientID: to, PairID: pair, Ref: ref, DueAt: due, ExpiresAt: due.Add(24 * time.Hour),
		Status: "sent", Attempts: 1, Channel: channel, TS: fmt.Sprintf("%d.000100", due.Unix()), CreatedAt: due.Add(-72 * time.Hour), SentAt: due})
}
