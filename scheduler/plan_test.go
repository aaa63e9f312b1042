package scheduler_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/cadence"
	"github.com/mentorbot/mentorbot/internal/datetext"
	"github.com/mentorbot/mentorbot/scheduler"
	"github.com/mentorbot/mentorbot/store"
)

const (
	alice = "UALICE" // mentor, Berlin
	bob   = "UBOB"   // mentee, New York
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func testConfig() scheduler.Config {
	return scheduler.Config{
		RemindBefore:       []time.Duration{24 * time.Hour, time.Hour},
		AgendaPromptBefore: 48 * time.Hour,
		FollowupAfter:      time.Hour,
		CheckinSchedule:    "0 9 * * MON",
		QuietHours:         "20:00-08:00",
		DefaultTZ:          time.UTC,
	}
}

// world is the state the planner reads, built up by each case.
type world struct {
	cfg   scheduler.Config
	now   time.Time
	pair  store.PlanPair
	users map[string]store.User
	goals []store.Goal
}

// rule encodes a /mentor meet WHEN read in Berlin at set time.
func rule(t testing.TB, when string, loc *time.Location, set time.Time) string {
	t.Helper()
	r, _, err := cadence.ParseMeet(when, loc, set)
	if err != nil {
		t.Fatal(err)
	}
	return r.Encode()
}

func newWorld(t testing.TB) *world {
	berlin := mustLoc(t, "Europe/Berlin")
	set := utc("2026-10-01 10:00")
	return &world{
		cfg: testConfig(),
		now: utc("2026-11-02 08:00"), // Monday
		pair: store.PlanPair{
			Pair: store.Pair{ID: 3, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: utc("2026-10-01 09:00")},
			// Thursdays 15:00 Berlin: 14:00 UTC in winter.
			Schedule:  store.Schedule{PairID: 3, Rule: rule(t, "weekly thu 15:00", berlin, set), Duration: 30 * time.Minute, SetAt: set},
			Scheduled: true,
		},
		users: map[string]store.User{
			alice: {ID: alice, TZ: "Europe/Berlin", Settings: store.DefaultSettings()},
			bob:   {ID: bob, TZ: "America/New_York", Settings: store.DefaultSettings()},
		},
	}
}

// plan runs both planning functions and returns key -> due (UTC) and
// key -> expiry.
func (w *world) plan(t testing.TB) (map[string]string, map[string]time.Time) {
	t.Helper()
	pp, err := scheduler.PlanPair(w.cfg, w.pair, w.users, w.now)
	if err != nil {
		t.Fatal(err)
	}
	ns := pp.Rows
	for _, id := range []string{alice, bob} {
		pu := store.PlanUser{User: w.users[id], Known: true}
		if _, ok := w.users[id]; !ok {
			pu = store.PlanUser{User: store.User{ID: id, Settings: store.DefaultSettings()}}
		}
		if w.pair.Pair.Live() {
			pu.Pairs = []store.Pair{w.pair.Pair}
		}
		for _, g := range w.goals {
			if g.OwnerID == id {
				pu.Goals = append(pu.Goals, g)
			}
		}
		more, err := scheduler.PlanUser(w.cfg, pu, w.now)
		if err != nil {
			t.Fatal(err)
		}
		ns = append(ns, more.Rows...)
	}
	due, exp := map[string]string{}, map[string]time.Time{}
	for _, n := range ns {
		if _, dup := due[n.Key]; dup {
			t.Errorf("key planned twice: %s", n.Key)
		}
		if n.DueAt.Location() != time.UTC || n.ExpiresAt.Location() != time.UTC {
			t.Errorf("%s: times not in UTC", n.Key)
		}
		if !n.DueAt.Before(n.ExpiresAt) {
			t.Errorf("%s: due %v not before expiry %v", n.Key, n.DueAt, n.ExpiresAt)
		}
		reach := scheduler.PairReach(w.now, n.PairID)
		if n.PairID == 0 {
			reach = scheduler.PersonReach(w.now, n.RecipientID) // a person's own kinds
		}
		switch n.Kind {
		case scheduler.KindReminder, scheduler.KindAgenda, scheduler.KindFollowup:
			// Planned with their meeting, once its longest lead is in
			// reach.
			at, _ := scheduler.ParseMeetingRef(n.Ref)
			if at.Add(-w.maxLead(t)).After(reach) {
				t.Errorf("%s: meeting %v beyond the reach %v", n.Key, at, reach)
			}
		case scheduler.KindCheckin:
			// Planned when its firing (the key's day) is in reach.
			if n.Ref > reach.Format("2006-01-02") {
				t.Errorf("%s: firing beyond the reach %v", n.Key, reach)
			}
		default:
			if n.DueAt.After(reach) {
				t.Errorf("%s: due %v beyond the reach %v", n.Key, n.DueAt, reach)
			}
		}
		due[n.Key] = n.DueAt.Format("2006-01-02 15:04")
		exp[n.Key] = n.ExpiresAt
	}
	return due, exp
}

// maxLead is the longest lead of a meeting's notifications: the agenda
// prompt's, the programme's reminders' or the members' own.
func (w *world) maxLead(t testing.TB) time.Duration {
	lead := w.cfg.AgendaPromptBefore
	leads := slices.Clone(w.cfg.RemindBefore)
	for _, u := range w.users {
		if rb := u.Settings.RemindBefore; rb != nil {
			own, err := datetext.ParseLeadTimes(*rb)
			if err != nil {
				t.Fatal(err)
			}
			leads = append(leads, own...)
		}
	}
	for _, l := range leads {
		lead = max(lead, l)
	}
	return lead
}

func at(s string) string { return fmt.Sprint(utc(s).Unix()) }

func TestPlanSchedule(t *testing.T) {
	nov5 := at("2026-11-05 14:00")
	str := func(s string) *string { return &s }
	cases := []struct {
		name  string
		setup func(t *testing.T, w *world)
		want  map[string]string // exact plan: key -> due UTC
		// or, instead of want, what must and must not be there
		has    map[string]string
		hasNot []string
	}{
		{
			name:  "defaults: reminders, agenda prompt, follow-ups, check-ins in each zone",
			setup: func(t *testing.T, w *world) {},
			want: map[string]string{
				"reminder:24h:pair=3:at=" + nov5 + ":to=UALICE": "2026-11-04 14:00",
				"reminder:24h:pair=3:at=" + nov5 + ":to=UBOB":   "2026-11-04 14:00",
				"reminder:1h:pair=3:at=" + nov5 + ":to=UALICE":  "2026-11-05 13:00",
				"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB":    "2026-11-05 13:00",
				"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB":  "2026-11-03 14:00",
				"followup:pair=3:at=" + nov5 + ":to=UALICE":     "2026-11-05 15:30",
				"followup:pair=3:at=" + nov5 + ":to=UBOB":       "2026-11-05 15:30",
				// 09:00 Monday in Berlin (UTC+1) and in New York (UTC-5).
				"checkin:to=UALICE:on=2026-11-02": "2026-11-02 08:00",
				"checkin:to=UALICE:on=2026-11-09": "2026-11-09 08:00",
				"checkin:to=UBOB:on=2026-11-02":   "2026-11-02 14:00",
				"checkin:to=UBOB:on=2026-11-09":   "2026-11-09 14:00",
			},
		},
		{
			name: "a person's own lead times and quiet hours override the programme's",
			setup: func(t *testing.T, w *world) {
				u := w.users[bob]
				u.Settings.RemindBefore = str("2h,15m")
				u.Settings.QuietHours = str("")
				w.users[bob] = u
				a := w.users[alice]
				a.Settings.RemindBefore = str("")
				w.users[alice] = a
			},
			has: map[string]string{
				"reminder:2h:pair=3:at=" + nov5 + ":to=UBOB":  "2026-11-05 12:00",
				"reminder:15m:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 13:45",
			},
			hasNot: []string{"reminder:24h:pair=3:at=" + nov5 + ":to=UBOB", "reminder:24h:pair=3:at=" + nov5 + ":to=UALICE",
				"reminder:1h:pair=3:at=" + nov5 + ":to=UALICE"},
		},
		{
			name: "quiet hours hold follow-ups and check-ins but never reminders",
			setup: func(t *testing.T, w *world) {
				// Thursdays 21:00 Berlin (20:00 UTC), an hour: ends 22:00 Berlin.
				w.pair.Schedule.Rule = rule(t, "weekly thu 21:00", mustLoc(t, "Europe/Berlin"), w.pair.Schedule.SetAt)
				w.pair.Schedule.Duration = time.Hour
				w.cfg.CheckinSchedule = "30 6 * * MON" // 06:30 local: quiet everywhere
			},
			has: map[string]string{
				// 20:00 Berlin is quiet for alice, but reminders go on time.
				"reminder:1h:pair=3:at=" + at("2026-11-05 20:00") + ":to=UALICE": "2026-11-05 19:00",
				// Follow-up at 23:00 Berlin waits until 08:00 Berlin (07:00 UTC)...
				"followup:pair=3:at=" + at("2026-11-05 20:00") + ":to=UALICE": "2026-11-06 07:00",
				// ...while 17:00 in New York is not quiet.
				"followup:pair=3:at=" + at("2026-11-05 20:00") + ":to=UBOB": "2026-11-05 22:00",
				// Check-ins at 06:30 wait until 08:00 local.
				"checkin:to=UALICE:on=2026-11-09": "2026-11-09 07:00",
				"checkin:to=UBOB:on=2026-11-09":   "2026-11-09 13:00",
			},
		},
		{
			name: "quiet hours across the spring DST change",
			setup: func(t *testing.T, w *world) {
				// Saturdays 21:00 Berlin; the clocks go forward in the
				// night of 27/28 March 2027 (CET -> CEST) and in New York
				// on 14 March 2027.
				w.now = utc("2027-03-22 12:00")
				w.pair.Schedule.Rule = rule(t, "weekly sat 21:00", mustLoc(t, "Europe/Berlin"), utc("2027-03-01 10:00"))
				w.pair.Schedule.SetAt = utc("2027-03-01 10:00")
			},
			has: map[string]string{
				// The meeting ends 21:30 CET (20:30 UTC); the follow-up is due
				// 22:30 CET, held to 08:00 CEST on Sunday = 06:00 UTC.
				"followup:pair=3:at=" + at("2027-03-27 20:00") + ":to=UALICE": "2027-03-28 06:00",
				// bob's Monday 09:00 is 13:00 UTC once New York is on EDT.
				"checkin:to=UBOB:on=2027-03-29": "2027-03-29 13:00",
				// alice's Monday 09:00 after the change is 07:00 UTC.
				"checkin:to=UALICE:on=2027-03-29": "2027-03-29 07:00",
			},
		},
		{
			name: "quiet hours across the autumn DST change in New York",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-10-29 12:00")
				// Saturdays 23:00 Berlin = 22:00 UTC after the EU change (25 Oct).
				w.pair.Schedule.Rule = rule(t, "weekly sat 23:00", mustLoc(t, "Europe/Berlin"), w.pair.Schedule.SetAt)
			},
			has: map[string]string{
				// Ends 22:30 UTC Sat 31 Oct = 18:30 EDT; follow-up 19:30 EDT
				// is not quiet for bob.
				"followup:pair=3:at=" + at("2026-10-31 22:00") + ":to=UBOB": "2026-10-31 23:30",
				// For alice, 00:30 Berlin: held to 08:00 CET = 07:00 UTC.
				"followup:pair=3:at=" + at("2026-10-31 22:00") + ":to=UALICE": "2026-11-01 07:00",
			},
		},
		{
			name: "snooze holds follow-ups and check-ins until it ends, not reminders",
			setup: func(t *testing.T, w *world) {
				w.pair.Pair.SnoozedUntil = utc("2026-11-07 12:00")
			},
			has: map[string]string{
				"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 13:00",
				"followup:pair=3:at=" + nov5 + ":to=UALICE":  "2026-11-07 12:00",
				// 07:00 in New York is quiet: on to 08:00 EST.
				"followup:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-07 13:00",
				// The next Monday's check-in is on time.
				"checkin:to=UALICE:on=2026-11-09": "2026-11-09 08:00",
			},
			// This Monday's would be held past its day: old news by then.
			hasNot: []string{"checkin:to=UALICE:on=2026-11-02", "checkin:to=UBOB:on=2026-11-02"},
		},
		{
			name: "a snooze whose end the quiet hours push past the check-in's day skips it",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-02 07:00")
				w.pair.Pair.SnoozedUntil = utc("2026-11-02 20:30") // 21:30 in Berlin
			},
			has:    map[string]string{"checkin:to=UBOB:on=2026-11-02": "2026-11-02 20:30"}, // 15:30 in New York
			hasNot: []string{"checkin:to=UALICE:on=2026-11-02"},
		},
		{
			name: "a snooze past the time a meeting stays in view drops its follow-ups",
			setup: func(t *testing.T, w *world) {
				w.pair.Pair.SnoozedUntil = utc("2026-11-09 12:00") // the follow-ups of 5 Nov would wait four days
			},
			hasNot: []string{"followup:pair=3:at=" + nov5 + ":to=UALICE", "followup:pair=3:at=" + nov5 + ":to=UBOB"},
		},
		{
			name: "a snooze that ends on the check-in's day holds it until then",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-02 07:00")
				w.pair.Pair.SnoozedUntil = utc("2026-11-02 16:00")
			},
			has: map[string]string{
				"checkin:to=UALICE:on=2026-11-02": "2026-11-02 16:00",
				"checkin:to=UBOB:on=2026-11-02":   "2026-11-02 16:00",
			},
		},
		{
			name: "a snooze past the next check-in keeps only the last one",
			setup: func(t *testing.T, w *world) {
				w.pair.Pair.SnoozedUntil = utc("2026-11-09 10:00")
			},
			has:    map[string]string{"checkin:to=UALICE:on=2026-11-09": "2026-11-09 10:00"},
			hasNot: []string{"checkin:to=UALICE:on=2026-11-02", "checkin:to=UBOB:on=2026-11-02"},
		},
		{
			name: "a paused pair gets no meeting notifications and no check-ins",
			setup: func(t *testing.T, w *world) {
				w.pair.Pair.Status = store.PairPaused
			},
			want: map[string]string{},
		},
		{
			name: "a skipped meeting gets nothing",
			setup: func(t *testing.T, w *world) {
				w.pair.Skips = []time.Time{utc("2026-11-05 14:00")}
			},
			hasNot: []string{"reminder:24h:pair=3:at=" + nov5 + ":to=UBOB", "agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB",
				"followup:pair=3:at=" + nov5 + ":to=UALICE"},
			has: map[string]string{"checkin:to=UBOB:on=2026-11-09": "2026-11-09 14:00"},
		},
		{
			name: "an ended pair gets nothing",
			setup: func(t *testing.T, w *world) {
				w.pair.Pair.Status = store.PairEnded
				w.goals = []store.Goal{{ID: 7, OwnerID: bob, Text: "talk", DueOn: "2026-11-06", Status: store.GoalOpen, CreatedAt: utc("2026-10-01 10:00")}}
			},
			want: map[string]string{},
		},
		{
			name: "what had passed when the meeting was set is not planned; the agenda prompt goes at once",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-04 14:30")
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "weekly thu 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			},
			has: map[string]string{
				"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB":   "2026-11-05 13:00",
				"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-04 14:30",
			},
			hasNot: []string{"reminder:24h:pair=3:at=" + nov5 + ":to=UBOB", "reminder:24h:pair=3:at=" + nov5 + ":to=UALICE"},
		},
		{
			name: "the agenda prompt goes at once for a meeting set exactly an hour ahead",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 13:00")
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "2026-11-05 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			},
			has: map[string]string{
				"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 13:00",
				"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB":   "2026-11-05 13:00",
			},
		},
		{
			name: "a meeting set too near for a prompt, then moved hours on, gets its prompt at once",
			setup: func(t *testing.T, w *world) {
				// Set at 13:31 for 14:00 (no prompt: under an hour away),
				// moved at 13:32 to the next day.
				w.now = utc("2026-11-05 13:32")
				w.pair.Schedule.SetAt = utc("2026-11-05 13:31")
				w.pair.Schedule.Rule = rule(t, "2026-11-05 15:00", mustLoc(t, "Europe/Berlin"), w.pair.Schedule.SetAt)
				w.pair.Moves = []store.Move{{From: utc("2026-11-05 14:00"), To: utc("2026-11-06 14:00"), At: w.now, By: bob}}
			},
			has: map[string]string{
				"agenda_prompt:pair=3:at=" + at("2026-11-06 14:00") + ":to=UBOB": "2026-11-05 13:32",
			},
		},
		{
			name: "the agenda prompt does not go when the meeting is less than an hour away",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 13:30")
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "2026-11-05 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			},
			has: map[string]string{
				"followup:pair=3:at=" + nov5 + ":to=UALICE": "2026-11-05 15:30",
				"followup:pair=3:at=" + nov5 + ":to=UBOB":   "2026-11-05 15:30",
			},
			hasNot: []string{"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB", "reminder:1h:pair=3:at=" + nov5 + ":to=UBOB"},
		},
		{
			name: "with a lead under an hour, a prompt whose time passed when the meeting was set does not go",
			setup: func(t *testing.T, w *world) {
				w.cfg.AgendaPromptBefore = 45 * time.Minute
				w.now = utc("2026-11-05 13:30")
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "2026-11-05 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			},
			hasNot: []string{"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB"},
		},
		{
			name: "with a lead under an hour, the prompt goes at its time",
			setup: func(t *testing.T, w *world) {
				w.cfg.AgendaPromptBefore = 45 * time.Minute
				w.now = utc("2026-11-05 13:00")
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "2026-11-05 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			},
			has: map[string]string{"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 13:15"},
		},
		{
			name: "after downtime a reminder before its meeting still goes; the expired agenda prompt does not",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 13:30") // set in October
			},
			has: map[string]string{
				"reminder:1h:pair=3:at=" + nov5 + ":to=UALICE": "2026-11-05 13:00",
				"followup:pair=3:at=" + nov5 + ":to=UALICE":    "2026-11-05 15:30",
			},
			hasNot: []string{"agenda_prompt:pair=3:at=" + nov5 + ":to=UBOB", "reminder:24h:pair=3:at=" + nov5 + ":to=UBOB",
				"checkin:to=UBOB:on=2026-11-02"},
		},
		{
			name: "after downtime a check-in still goes the same day",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-02 18:00")
			},
			has: map[string]string{
				"checkin:to=UBOB:on=2026-11-02":   "2026-11-02 14:00", // 13:00 in New York
				"checkin:to=UALICE:on=2026-11-02": "2026-11-02 08:00", // 19:00 in Berlin: still Monday
			},
		},
		{
			name: "after downtime a check-in of an earlier day is gone",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-03 00:30") // Tuesday in Berlin, Monday evening in New York
			},
			has:    map[string]string{"checkin:to=UBOB:on=2026-11-02": "2026-11-02 14:00"},
			hasNot: []string{"checkin:to=UALICE:on=2026-11-02"},
		},
		{
			name: "after downtime only the latest due reminder goes, and a follow-up days late does not",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-02 08:00")
			},
			hasNot: []string{"followup:pair=3:at=" + at("2026-10-29 14:00") + ":to=UBOB"},
		},
		{
			name: "once the meeting started its reminders are gone",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 14:05")
			},
			hasNot: []string{"reminder:1h:pair=3:at=" + nov5 + ":to=UALICE", "reminder:24h:pair=3:at=" + nov5 + ":to=UBOB"},
			has:    map[string]string{"followup:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 15:30"},
		},
		{
			name: "a logged meeting gets no follow-up; the first log brings the good-fit check",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 14:40")
				w.pair.Sessions = []store.PlanSession{{N: 1, MeetingAt: utc("2026-11-05 14:00"), HeldOn: "2026-11-05", CreatedAt: w.now}}
				w.pair.SessionCount = 1
			},
			has: map[string]string{
				"fit_check:pair=3:to=UALICE": "2026-11-05 14:40",
				"fit_check:pair=3:to=UBOB":   "2026-11-05 14:40",
			},
			hasNot: []string{"followup:pair=3:at=" + nov5 + ":to=UALICE", "followup:pair=3:at=" + nov5 + ":to=UBOB"},
		},
		{
			name: "a session logged on the meeting's day without a link counts too",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-05 16:00")
				w.pair.Sessions = []store.PlanSession{{N: 2, HeldOn: "2026-11-05", CreatedAt: w.now}}
			},
			hasNot: []string{"followup:pair=3:at=" + nov5 + ":to=UALICE", "fit_check:pair=3:to=UALICE"},
		},
		{
			name: "every fourth logged session brings a feedback prompt",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-03 10:00")
				w.pair.Sessions = []store.PlanSession{
					{N: 1, HeldOn: "2026-10-08", CreatedAt: utc("2026-10-08 15:00")},
					{N: 4, HeldOn: "2026-10-29", CreatedAt: utc("2026-10-29 15:00")},
					{N: 8, HeldOn: "2026-11-03", CreatedAt: utc("2026-11-03 02:00")},
				}
			},
			has: map[string]string{
				// The fourth was logged five days ago: still asked until
				// the eighth's prompt falls due, at 13:00 for Bob.
				"feedback_prompt:pair=3:n=4:to=UBOB": "2026-10-29 15:00",
				// The eighth at 03:00 Berlin / 21:00 New York: both quiet.
				"feedback_prompt:pair=3:n=8:to=UALICE": "2026-11-03 07:00",
				"feedback_prompt:pair=3:n=8:to=UBOB":   "2026-11-03 13:00",
			},
			hasNot: []string{
				"fit_check:pair=3:to=UALICE", // logged a month ago: its time has passed
				// Alice's eighth is due already: if the fourth's prompt
				// is still unsent, it gives way to it.
				"feedback_prompt:pair=3:n=4:to=UALICE",
			},
		},
		{
			name: "feedback prompts falling due together: only the latest goes",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-03 02:30")
				// Eight sessions logged in one go at 03:00 Berlin, with
				// both members in quiet hours.
				for n := 1; n <= 8; n++ {
					w.pair.Sessions = append(w.pair.Sessions,
						store.PlanSession{N: n, HeldOn: "2026-11-02", CreatedAt: utc("2026-11-03 02:00").Add(time.Duration(n) * time.Second)})
				}
			},
			has: map[string]string{
				"fit_check:pair=3:to=UALICE":           "2026-11-03 07:00",
				"feedback_prompt:pair=3:n=8:to=UALICE": "2026-11-03 07:00",
				"feedback_prompt:pair=3:n=8:to=UBOB":   "2026-11-03 13:00",
			},
			hasNot: []string{"feedback_prompt:pair=3:n=4:to=UALICE", "feedback_prompt:pair=3:n=4:to=UBOB"},
		},
		{
			name: "goals: three days before at 09:00 for the mentee, and once overdue",
			setup: func(t *testing.T, w *world) {
				w.goals = []store.Goal{
					{ID: 7, OwnerID: bob, Text: "give a talk", DueOn: "2026-11-06", Status: store.GoalOpen, CreatedAt: utc("2026-10-01 10:00")},
					// Set yesterday for Wednesday: "three days before" had passed.
					{ID: 8, OwnerID: bob, Text: "read a book", DueOn: "2026-11-04", Status: store.GoalOpen, CreatedAt: utc("2026-11-01 15:00")},
				}
			},
			has: map[string]string{
				"goal_due:to=UBOB:goal=7:due=2026-11-06":     "2026-11-03 14:00",
				"goal_overdue:to=UBOB:goal=7:due=2026-11-06": "2026-11-07 14:00",
				"goal_overdue:to=UBOB:goal=8:due=2026-11-04": "2026-11-05 14:00",
			},
			hasNot: []string{"goal_due:to=UBOB:goal=8:due=2026-11-04", "goal_due:to=UALICE:goal=7:due=2026-11-06"},
		},
		{
			name: "nudges off: no follow-ups or goal reminders, reminders still go",
			setup: func(t *testing.T, w *world) {
				u := w.users[bob]
				u.Settings.NudgesOn = false
				w.users[bob] = u
				a := w.users[alice]
				a.NudgesStoppedAt = utc("2026-10-20 10:00") // stopped after unanswered ones
				w.users[alice] = a
				w.goals = []store.Goal{{ID: 7, OwnerID: bob, Text: "x", DueOn: "2026-11-06", Status: store.GoalOpen, CreatedAt: utc("2026-10-01 10:00")}}
			},
			has:    map[string]string{"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB": "2026-11-05 13:00"},
			hasNot: []string{"followup:pair=3:at=" + nov5 + ":to=UBOB", "followup:pair=3:at=" + nov5 + ":to=UALICE", "goal_due:to=UBOB:goal=7:due=2026-11-06"},
		},
		{
			name: "check-ins off for one person",
			setup: func(t *testing.T, w *world) {
				u := w.users[bob]
				u.Settings.CheckinsOn = false
				w.users[bob] = u
			},
			has:    map[string]string{"checkin:to=UALICE:on=2026-11-09": "2026-11-09 08:00"},
			hasNot: []string{"checkin:to=UBOB:on=2026-11-09"},
		},
		{
			name: "a person who left the workspace gets nothing",
			setup: func(t *testing.T, w *world) {
				u := w.users[bob]
				u.Deleted = true
				w.users[bob] = u
			},
			hasNot: []string{"reminder:1h:pair=3:at=" + nov5 + ":to=UBOB", "checkin:to=UBOB:on=2026-11-09"},
			has:    map[string]string{"reminder:1h:pair=3:at=" + nov5 + ":to=UALICE": "2026-11-05 13:00"},
		},
		{
			name: "a quiet pair: 30 days with no meeting and no log",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-10-28 12:00")
				w.pair.Scheduled = false
				w.pair.Pair.CreatedAt = utc("2026-10-01 08:00")
			},
			has: map[string]string{
				"quiet_pair:pair=3:since=" + at("2026-10-01 08:00") + ":to=UALICE": "2026-10-31 08:00",
				// 04:00 in New York (still EDT) is quiet: 08:00 EDT = 12:00 UTC.
				"quiet_pair:pair=3:since=" + at("2026-10-01 08:00") + ":to=UBOB": "2026-10-31 12:00",
			},
		},
		{
			name: "a pair that meets is not quiet",
			setup: func(t *testing.T, w *world) {
				w.now = utc("2026-11-20 12:00")
			},
			hasNot: []string{"quiet_pair:pair=3:since=" + at("2026-11-19 14:00") + ":to=UALICE"},
		},
		{
			name: "a check-in cron in each person's own zone",
			setup: func(t *testing.T, w *world) {
				w.cfg.CheckinSchedule = "0 17 * * FRI"
				w.users[alice] = store.User{ID: alice, TZ: "Asia/Tokyo", Settings: store.DefaultSettings()}
				delete(w.users, bob) // no profile: the programme's default zone
				w.cfg.DefaultTZ = mustLoc(t, "America/Los_Angeles")
			},
			has: map[string]string{
				"checkin:to=UALICE:on=2026-11-06": "2026-11-06 08:00", // 17:00 JST
				"checkin:to=UBOB:on=2026-11-06":   "2026-11-07 01:00", // 17:00 PST
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			c.setup(t, w)
			got, _ := w.plan(t)
			if c.want != nil {
				// The rows past PlanHorizon depend on the pair's and the
				// people's blocks (their reach, which w.plan checks).
				within := maps.Clone(got)
				maps.DeleteFunc(within, func(_, due string) bool { return due > w.now.Add(scheduler.PlanHorizon).Format("2006-01-02 15:04") })
				if !mapsEqual(within, c.want) {
					t.Errorf("plan through the horizon:\n%s\nwant:\n%s", dump(within), dump(c.want))
				}
			}
			for k, due := range c.has {
				if g, ok := got[k]; !ok {
					t.Errorf("missing %s (due %s); plan:\n%s", k, due, dump(got))
				} else if g != due {
					t.Errorf("%s due %s, want %s", k, g, due)
				}
			}
			for _, k := range c.hasNot {
				if _, ok := got[k]; ok {
					t.Errorf("planned %s, want not; plan:\n%s", k, dump(got))
				}
			}
		})
	}
}

func TestPlanExpiry(t *testing.T) {
	w := newWorld(t)
	_, exp := w.plan(t)
	nov5 := utc("2026-11-05 14:00")
	for key, want := range map[string]time.Time{
		"reminder:24h:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB":  nov5,                    // before the meeting starts
		"agenda_prompt:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB": nov5.Add(-time.Hour),    // while an hour away
		"followup:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB":      utc("2026-11-07 15:30"), // two days, and never past the next meeting
		"checkin:to=UBOB:on=2026-11-02":                                  utc("2026-11-03 05:00"), // the same day, in New York
		"checkin:to=UALICE:on=2026-11-02":                                utc("2026-11-02 23:00"), // the same day, in Berlin
	} {
		if got, ok := exp[key]; !ok || !got.Equal(want) {
			t.Errorf("%s expires %v, want %v", key, got, want)
		}
	}
}

// With a prompt lead of an hour, the prompt is due when it would expire:
// it stays good until the meeting, as a reminder does.
func TestPlanExpiryOfAnHourLongAgendaLead(t *testing.T) {
	w := newWorld(t)
	w.cfg.AgendaPromptBefore = time.Hour
	due, exp := w.plan(t)
	key := "agenda_prompt:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB"
	if got := due[key]; got != "2026-11-05 13:00" {
		t.Errorf("%s due %q, want 2026-11-05 13:00", key, got)
	}
	if got := exp[key]; !got.Equal(utc("2026-11-05 14:00")) {
		t.Errorf("%s expires %v, want at the meeting", key, got)
	}
}

func TestPlanCheckinOncePerPersonWithSeveralPairs(t *testing.T) {
	now := utc("2026-11-02 07:00")
	pu := store.PlanUser{User: store.User{ID: alice, TZ: "Europe/Berlin", Settings: store.DefaultSettings()}, Known: true,
		Pairs: []store.Pair{
			{ID: 1, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: utc("2026-10-01 00:00")},
			{ID: 2, MentorID: alice, MenteeID: "UCAROL", Status: store.PairActive, CreatedAt: utc("2026-10-01 00:00")},
			{ID: 4, MentorID: "UDANA", MenteeID: alice, Status: store.PairActive, CreatedAt: utc("2026-10-01 00:00"),
				SnoozedUntil: utc("2026-12-01 00:00")},
		}}
	plan, err := scheduler.PlanUser(testConfig(), pu, now)
	if err != nil {
		t.Fatal(err)
	}
	ns := plan.Rows
	var keys []string
	for _, n := range ns {
		if !n.DueAt.After(now.Add(scheduler.PlanHorizon)) {
			keys = append(keys, n.Key) // later ones depend on alice's block
		}
		if n.PairID != 0 {
			t.Errorf("%s: a check-in is per person, not per pair (pair %d)", n.Key, n.PairID)
		}
	}
	want := []string{"checkin:to=UALICE:on=2026-11-02", "checkin:to=UALICE:on=2026-11-09"}
	if !slices.Equal(keys, want) {
		t.Errorf("check-ins %v, want %v", keys, want)
	}
	// With every pair snoozed, the check-ins wait.
	for i := range pu.Pairs {
		pu.Pairs[i].SnoozedUntil = utc("2026-12-01 00:00")
	}
	if plan, _ := scheduler.PlanUser(testConfig(), pu, now); len(plan.Rows) != 0 {
		t.Errorf("snoozed everywhere: planned %v", plan.Rows)
	}
	// A pair that joined after this Monday's check-in does not get it.
	pu.Pairs = []store.Pair{{ID: 1, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: utc("2026-11-02 08:30")}}
	plan, _ = scheduler.PlanUser(testConfig(), pu, utc("2026-11-02 09:00"))
	if ns = plan.Rows; len(ns) == 0 || ns[0].Key != "checkin:to=UALICE:on=2026-11-09" {
		t.Errorf("joined after the check-in: %v", ns)
	}
}

func TestPlanIsStable(t *testing.T) {
	// The same state planned at two instants gives the same keys for what
	// both see: keys do not depend on when planning ran.
	w := newWorld(t)
	a, _ := w.plan(t)
	w.now = w.now.Add(90 * time.Minute)
	b, _ := w.plan(t)
	for k, due := range b {
		if d, ok := a[k]; ok && d != due {
			t.Errorf("%s: due %s then %s", k, d, due)
		}
	}
	if _, ok := b["reminder:24h:pair=3:at="+at("2026-11-05 14:00")+":to=UBOB"]; !ok {
		t.Error("reminder lost on re-plan")
	}
}

func TestPlanRejectsBadConfig(t *testing.T) {
	cfg := testConfig()
	cfg.CheckinSchedule = "every monday"
	if _, err := scheduler.PlanUser(cfg, store.PlanUser{}, time.Now()); err == nil {
		t.Error("bad cron spec accepted")
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func dump(m map[string]string) string {
	var lines []string
	for k, v := range m {
		lines = append(lines, "  "+v+"  "+k)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// A check-in schedule that fires every few minutes (how one tries the
// bot out) sends each firing, not one a day, and plans a bounded number
// ahead.
func TestPlanFrequentCheckins(t *testing.T) {
	w := newWorld(t)
	w.cfg.CheckinSchedule = "*/5 * * * *"
	w.cfg.QuietHours = ""
	w.now = utc("2026-11-02 10:02")
	due, exp := w.plan(t)
	var bobs []string
	for k := range due {
		if strings.HasPrefix(k, "checkin:to=UBOB:") {
			bobs = append(bobs, k)
		}
	}
	if len(bobs) == 0 || len(bobs) > 100 { // maxCheckinFirings
		t.Fatalf("bob's check-ins: %d planned, want 1..100", len(bobs))
	}
	// 10:00 UTC has passed but is still the latest: it goes (late); 10:05
	// follows. Bob is in New York: 05:00 and 05:05 there.
	for key, want := range map[string]string{
		"checkin:to=UBOB:on=2026-11-02T05:00": "2026-11-02 10:00",
		"checkin:to=UBOB:on=2026-11-02T05:05": "2026-11-02 10:05",
	} {
		if due[key] != want {
			t.Errorf("%s due %q, want %q", key, due[key], want)
		}
	}
	if got := exp["checkin:to=UBOB:on=2026-11-02T05:00"]; !got.Equal(utc("2026-11-02 10:05")) {
		t.Errorf("a check-in expires %v, want when the next is due", got)
	}
	if _, ok := due["checkin:to=UBOB:on=2026-11-02T04:55"]; ok {
		t.Error("an earlier firing of today, already replaced, is planned")
	}
}

// A check-in schedule that fires in the hour the clocks skip still gives
// that week's check-in, and one in the hour they repeat gives one.
func TestPlanCheckinAcrossClockChanges(t *testing.T) {
	cfg := testConfig()
	cfg.CheckinSchedule, cfg.QuietHours = "30 1 * * SUN", ""
	pu := store.PlanUser{User: store.User{ID: alice, TZ: "Europe/London", Settings: store.DefaultSettings()}, Known: true,
		Pairs: []store.Pair{{ID: 1, MentorID: alice, MenteeID: bob, Status: store.PairActive, CreatedAt: utc("2027-01-01 00:00")}}}
	for _, c := range []struct{ now, day, due string }{
		{"2027-03-26 12:00", "2027-03-28", "2027-03-28 01:30"}, // 01:30 does not exist: 02:30 BST
		{"2027-10-29 12:00", "2027-10-31", "2027-10-31 00:30"}, // 01:30 BST, the first of two
	} {
		plan, err := scheduler.PlanUser(cfg, pu, utc(c.now))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range plan.Rows {
			if n.Ref == c.day {
				got = append(got, n.Key+"@"+n.DueAt.UTC().Format("2006-01-02 15:04"))
			}
		}
		if want := []string{"checkin:to=UALICE:on=" + c.day + "@" + c.due}; !slices.Equal(got, want) {
			t.Errorf("planned at %s: %v, want %v", c.now, got, want)
		}
	}
}

// With a prompt lead longer than the gap between meetings, each meeting's
// prompt waits for the meeting before it to end: the mentee is asked about
// one meeting at a time, the next one, whose agenda the prompt shows.
func TestPlanAgendaPromptWaitsForTheMeetingBefore(t *testing.T) {
	w := newWorld(t)
	w.cfg.AgendaPromptBefore = 10 * 24 * time.Hour
	due, _ := w.plan(t)
	first := "agenda_prompt:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB"
	second := "agenda_prompt:pair=3:at=" + at("2026-11-12 14:00") + ":to=UBOB"
	if got := due[second]; got != "2026-11-05 14:30" {
		t.Errorf("%s due %q, want 2026-11-05 14:30, when the meeting before ends", second, got)
	}
	// The first waits for the one of 29 Oct (whose prompt went a week
	// earlier).
	if got := due[first]; got != "2026-10-29 14:30" {
		t.Errorf("%s due %q, want 2026-10-29 14:30", first, got)
	}
	// A meeting skipped is not one to wait for: the prompt goes its lead
	// before, after the one before the skipped one.
	w.pair.Changes = store.Changes{Skips: []time.Time{utc("2026-11-05 14:00")}}
	due, _ = w.plan(t)
	if got := due[second]; got != "2026-11-02 14:00" {
		t.Errorf("with 5 Nov skipped, %s due %q, want 2026-11-02 14:00", second, got)
	}
}

// Quiet hours hold the agenda prompt, as they hold check-ins and nudges,
// while it can still come an hour before the meeting. Held later it would
// come too late to help prepare, so it goes at its time, as a reminder
// does.
func TestPlanAgendaPromptWaitsForQuietHours(t *testing.T) {
	key := "agenda_prompt:pair=3:at=" + at("2026-11-05 14:00") + ":to=UBOB"
	cases := []struct {
		name  string
		lead  time.Duration
		quiet string // Bob's own; "" for the programme's 20:00-08:00
		want  string
	}{
		// Tuesday 09:00 in New York, in quiet hours of his own: at 10:00.
		{"own quiet hours in the day", 48 * time.Hour, "08:00-10:00", "2026-11-03 15:00"},
		{"out of quiet hours", 48 * time.Hour, "", "2026-11-03 14:00"},
		// Wednesday 20:00 in New York: held until 07:00, two hours before
		// the meeting.
		{"held overnight", 13 * time.Hour, "20:00-07:00", "2026-11-05 12:00"},
		// Held until 08:00, it comes an hour before the meeting, as late
		// as it is still asked.
		{"held to the hour before", 13 * time.Hour, "", "2026-11-05 13:00"},
		// Held until 08:30 it would come within the last hour, when it is
		// no longer asked: it goes at 20:00.
		{"held too late", 13 * time.Hour, "20:00-08:30", "2026-11-05 01:00"},
		// A lead under an hour can never come an hour before: it goes at
		// its time, 08:30, not when quiet hours end at 08:45.
		{"a lead under an hour", 30 * time.Minute, "08:00-08:45", "2026-11-05 13:30"},
		// Set on Monday 03:00 in New York, past the 4 days' lead: a late
		// prompt goes at once, quiet hours or not.
		{"late", 96 * time.Hour, "", "2026-11-02 08:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			if c.name == "late" {
				w.pair.Schedule.SetAt = w.now
				w.pair.Schedule.Rule = rule(t, "weekly thu 15:00", mustLoc(t, "Europe/Berlin"), w.now)
			}
			w.cfg.AgendaPromptBefore = c.lead
			if c.quiet != "" {
				u := w.users[bob]
				u.Settings.QuietHours = &c.quiet
				w.users[bob] = u
			}
			due, _ := w.plan(t)
			if got := due[key]; got != c.want {
				t.Errorf("%s due %q, want %s", key, got, c.want)
			}
		})
	}
}

// A prompt held for quiet hours that a move finds not yet sent is not
// taken for sent: the moved meeting, whose lead has passed, gets its
// prompt at once, as any meeting set late does. And a resume in the
// mentee's night brings one held to their morning, not at once.
func TestPlanAgendaPromptHeldAcrossAMoveAndAResume(t *testing.T) {
	world := func() *world {
		w := newWorld(t)
		w.cfg.AgendaPromptBefore = 13 * time.Hour // Wed 20:00 New York for Thu 09:00
		q := "20:00-07:00"
		u := w.users[bob]
		u.Settings.QuietHours = &q
		w.users[bob] = u
		return w
	}
	from, to := utc("2026-11-05 14:00"), utc("2026-11-05 14:30")
	w := world()
	w.now = utc("2026-11-05 04:00")                                                            // 23:00 in New York: held to 07:00
	w.pair.Moves = []store.Move{{From: from, To: to, At: w.now, By: alice, PromptKnown: true}} // none went
	due, _ := w.plan(t)
	if got := due["agenda_prompt:pair=3:at="+at("2026-11-05 14:30")+":to=UBOB"]; got != "2026-11-05 04:00" {
		t.Errorf("moved while its prompt was held: the moved meeting's prompt due %q, want at the move, 2026-11-05 04:00", got)
	}
	w = world()
	w.now = utc("2026-11-05 03:00") // 22:00 in New York
	w.pair.Pair.ResumedAt = w.now
	due, _ = w.plan(t)
	if got := due["agenda_prompt:pair=3:at="+at("2026-11-05 14:00")+":to=UBOB"]; got != "2026-11-05 12:00" {
		t.Errorf("resumed at 22:00 in New York: prompt due %q, want 2026-11-05 12:00", got)
	}
}

// Whether a moved meeting gets a new agenda prompt follows what the move
// recorded, where the meeting was when the mentee last had one, whatever
// their zone or quiet hours say later of when it was due; a move from
// before that was recorded is reckoned from the prompt's time as it
// would be held now.
func TestPlanAgendaPromptOfAMovedMeetingFollowsWhatTheMoveRecorded(t *testing.T) {
	from, to := utc("2026-11-05 14:00"), utc("2026-11-06 14:00")
	key := "agenda_prompt:pair=3:at=" + at("2026-11-06 14:00") + ":to=UBOB"
	for _, c := range []struct {
		name         string
		known        bool
		promptedFor  time.Time
		zone         string
		wantPrompted bool
	}{
		{"prompted as scheduled", true, from, "", true},
		// Sent at 09:00 in New York; in Tokyo since, that hour is night,
		// and a prompt held to the morning would not have gone by then.
		{"prompted as scheduled, the mentee in Tokyo since", true, from, "Asia/Tokyo", true},
		{"not prompted", true, time.Time{}, "", false},
		// Prompted where an earlier move had it, three days before: it
		// moved more than the lead later than that, so it gets a new one.
		{"prompted where it was moved before, longer ago than the lead", true, utc("2026-11-03 14:00"), "", false},
		// Prompted for 5 Nov 20:00, where an earlier move had it: moved
		// less than the lead later than that, though more than the lead
		// after the first time, it gets none.
		{"prompted where it was moved before, within the lead", true, utc("2026-11-05 20:00"), "", true},
		{"not recorded, its time had come", false, time.Time{}, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			w.now = utc("2026-11-03 15:00") // the prompt for 5 Nov was due at 14:00
			if c.zone != "" {
				u := w.users[bob]
				u.TZ = c.zone
				w.users[bob] = u
			}
			w.pair.Moves = []store.Move{{From: from, To: to, At: w.now, By: alice, PromptKnown: c.known, PromptedFor: c.promptedFor}}
			due, _ := w.plan(t)
			if _, second := due[key]; second == c.wantPrompted {
				t.Errorf("a new prompt planned: %v (due %q), want %v", second, due[key], !c.wantPrompted)
			}
		})
	}
}
