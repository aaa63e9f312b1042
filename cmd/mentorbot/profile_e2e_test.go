package main

import (
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
)

// A profile past its time (12 hours) is answered from at once and fetched
// again in the background: a command never waits on users.info, even while
// Slack fails it, and the new profile (bob moved to Tokyo) arrives with
// the next command after Slack is back.
func TestStaleProfileIsRefreshedInTheBackground(t *testing.T) {
	e := newEnv(t)
	if got := e.cmd(bob, "/goal", "list"); strings.Contains(got, "Sorry") {
		t.Fatalf("/goal list: %q", got)
	}
	calls := func() int { return len(e.sim.CallsTo("users.info")) }
	e.sim.AddUser(slacksim.User{ID: bob, Name: "bob", RealName: "Bob Brown", TZ: "Asia/Tokyo"})
	e.clock.Advance(13 * time.Hour)
	e.sim.StartOutage(slacksim.Outage{Method: "users.info", Until: e.clock.Now().Add(time.Minute), Status: 503})

	before := calls()
	res := e.cmdIn(bob, e.dmChannel(bob), "/goal", "list")
	if res.Ack == nil || !strings.Contains(ackText(t, res), "goal") {
		t.Fatalf("with users.info failing, /goal list was not answered in its ack: %+v", res)
	}
	waitFor(t, "a background users.info", func() bool { return calls() > before })
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.TZ != "America/New_York" {
		t.Errorf("during the outage bob's profile is %q, %v; want the cached one kept", u.TZ, err)
	}

	e.clock.Advance(2 * time.Minute) // Slack answers again
	e.cmd(bob, "/goal", "list")
	waitFor(t, "bob's new time zone", func() bool {
		u, err := e.app.DB.User(e.ctx, bob)
		return err == nil && u.TZ == "Asia/Tokyo"
	})
}

// waitFor polls cond (for work the bot does in the background) for up to
// waitLimit of real time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within %v", what, waitLimit)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// The settings form refuses lead times that are only commas instead of
// reading them as "no reminders"; "none" and "off" still turn reminders
// off on purpose.
func TestSettingsLeadTimesNeedAValueOrNone(t *testing.T) {
	e := newEnv(t)
	e.cmd(alice, "/mentor", "settings")
	v := pgSettingsView(e, alice)
	for _, lead := range []string{",", " , ,", ",,\t"} {
		res := pgSubmit(e, alice, v.ID, settingsValues(lead, []string{"checkins", "nudges"}, ""))
		if res.Closed || !strings.Contains(res.Errors["settings_lead"], "24h,1h") || !strings.Contains(res.Errors["settings_lead"], `"none"`) {
			t.Errorf("lead times %q: closed %v, errors %v", lead, res.Closed, res.Errors)
		}
	}
	if u, err := e.app.DB.User(e.ctx, alice); err != nil || u.Settings.RemindBefore != nil {
		t.Fatalf("refused lead times were stored: %+v, %v", u.Settings, err)
	}
	for _, word := range []string{"off", "None"} {
		e.cmd(alice, "/mentor", "settings")
		v = pgSettingsView(e, alice)
		res := pgSubmit(e, alice, v.ID, settingsValues(word, []string{"checkins", "nudges"}, ""))
		if !res.Closed || len(res.Errors) > 0 {
			t.Fatalf("lead times %q: closed %v, errors %v", word, res.Closed, res.Errors)
		}
		if u, _ := e.app.DB.User(e.ctx, alice); u.Settings.RemindBefore == nil || *u.Settings.RemindBefore != "" {
			t.Errorf("lead times %q stored as %v", word, deref(u.Settings.RemindBefore))
		}
	}
	pgWait(e, alice, "Meeting reminders: none.")
	pgNoFailures(e)
}

// A span of quiet hours that starts where it ends is refused with advice
// that matches the form's hint: "none" for no quiet hours, empty for the
// programme's default.
func TestSettingsQuietHoursErrorMatchesTheHint(t *testing.T) {
	e := newEnv(t)
	e.cmd(alice, "/mentor", "settings")
	v := pgSettingsView(e, alice)
	if !strings.Contains(string(v.JSON), `write \"none\" for no quiet hours`) {
		t.Fatalf("the quiet hours hint changed: %s", v.JSON)
	}
	for _, quiet := range []string{"08:00-08:00", "late"} {
		res := pgSubmit(e, alice, v.ID, settingsValues("", []string{"checkins", "nudges"}, quiet))
		msg := res.Errors["settings_quiet"]
		if res.Closed || !strings.Contains(msg, `"none" for no quiet hours`) || !strings.Contains(msg, "empty for the programme default") || strings.Contains(msg, "empty for none") {
			t.Errorf("quiet hours %q: closed %v, error %q", quiet, res.Closed, msg)
		}
	}
	if u, err := e.app.DB.User(e.ctx, alice); err != nil || u.Settings.QuietHours != nil {
		t.Fatalf("refused quiet hours were stored: %+v, %v", u.Settings, err)
	}
	pgNoFailures(e)
}
