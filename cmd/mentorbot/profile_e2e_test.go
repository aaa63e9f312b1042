package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/slacksim"
	"github.com/mentorbot/mentorbot/store"
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
	eventually(t, "a background users.info", func() bool { return calls() > before })
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.TZ != "America/New_York" {
		t.Errorf("during the outage bob's profile is %q, %v; want the cached one kept", u.TZ, err)
	}

	e.clock.Advance(2 * time.Minute) // Slack answers again
	e.cmd(bob, "/goal", "list")
	eventually(t, "bob's new time zone", func() bool {
		u, err := e.app.DB.User(e.ctx, bob)
		return err == nil && u.TZ == "Asia/Tokyo"
	})
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

// withTZOffsetOnly puts a proxy between the bot and the simulator's Web
// API that answers users.info for user as Slack can: a tz_offset of
// offset seconds and no tz name (the simulator always has both or
// neither).
func withTZOffsetOnly(t *testing.T, user string, offset int) envOption {
	return func(vars map[string]string) {
		target, err := url.Parse(vars["SLACK_API_URL"])
		if err != nil {
			t.Fatal(err)
		}
		proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: target.Scheme, Host: target.Host})
		proxy.ModifyResponse = func(res *http.Response) error {
			if !strings.HasSuffix(res.Request.URL.Path, "/users.info") {
				return nil
			}
			body, err := io.ReadAll(res.Body)
			res.Body.Close()
			if err != nil {
				return err
			}
			var out map[string]any
			if err := json.Unmarshal(body, &out); err == nil {
				if u, ok := out["user"].(map[string]any); ok && u["id"] == user {
					delete(u, "tz")
					u["tz_offset"] = offset
					body, _ = json.Marshal(out)
				}
			}
			res.Body = io.NopCloser(strings.NewReader(string(body)))
			res.ContentLength = int64(len(body))
			res.Header.Del("Content-Length")
			return nil
		}
		srv := httptest.NewServer(proxy)
		t.Cleanup(srv.Close)
		vars["SLACK_API_URL"] = srv.URL + target.Path
	}
}

// A Slack profile with a tz_offset and no tz name is read at that offset,
// not in the default zone (UTC here): nozone, at UTC+05:30, who sets a
// weekly 15:00 gets a meeting at 15:00 their time (09:30 UTC), and the
// zone is named "UTC+05:30" where the bot names it.
func TestProfileWithOnlyATZOffsetIsReadAtThatOffset(t *testing.T) {
	const nozone = "UNOTZ"
	e := newEnv(t, withTZOffsetOnly(t, nozone, 5*3600+30*60))
	if got := e.meetAnswer(dana, "/mentor", "pair <@UALICE|alice> <@UNOTZ|nozone>"); !strings.Contains(got, "Paired") {
		t.Fatalf("pairing alice and nozone: %q", got)
	}
	got := e.meetAnswer(nozone, "/mentor", "meet weekly tue 15:00")
	if !strings.Contains(got, "UTC+05:30") {
		t.Errorf("the confirmation does not name nozone's zone UTC+05:30:\n%s", got)
	}
	want := time.Date(2026, 11, 3, 9, 30, 0, 0, time.UTC) // Tue 3 Nov, 15:00 at UTC+05:30
	if ds := meetDates(got); len(ds) == 0 || !ds[0].Equal(want) {
		t.Errorf("the first meeting is at %v, want %v (15:00 at UTC+05:30):\n%s", ds, want, got)
	}
	if got, want := e.cmd(nozone, "/mentor", "next"), "15:00 UTC+05:30"; !strings.Contains(got, want) {
		t.Errorf("/mentor next does not show %q:\n%s", want, got)
	}
}

// A user_change whose profile has a tz_offset and no tz name is taken the
// same way, whether slack-go decodes the event or it does not (custom
// fields as a list); one with neither keeps the zone known.
func TestProfileChangeWithOnlyATZOffset(t *testing.T) {
	e := newEnv(t)
	e.pair(alice, bob)
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	// An offset that bob's named zone has now keeps the name, which also
	// knows when his clocks change.
	_, ny := e.clock.Now().In(mustZone("America/New_York")).Zone()
	ev := fmt.Sprintf(`{"type":"event_callback","event":{"type":"user_change","user":{"id":"UBOB","name":"bob","real_name":"Bob Brown","tz_offset":%d}}}`, ny)
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.TZ != "America/New_York" {
		t.Errorf("after a user_change with New York's offset and no name, bob's zone is %q, %v; want America/New_York kept", u.TZ, err)
	}
	for _, c := range []struct{ fields, want string }{
		{`{}`, "UTC-03:00"},
		{`[]`, "UTC+09:30"},
	} {
		off := map[string]int{"UTC-03:00": -3 * 3600, "UTC+09:30": 9*3600 + 1800}[c.want]
		ev := fmt.Sprintf(`{"type":"event_callback","event":{"type":"user_change","user":{"id":"UBOB","name":"bob","real_name":"Bob Brown","tz_offset":%d,"profile":{"fields":%s}}}}`, off, c.fields)
		if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
			t.Fatal(err)
		}
		e.waitUser(bob, "a zone of "+c.want, func(p store.User) bool { return p.TZ == c.want })
	}
	ev = `{"type":"event_callback","event":{"type":"user_change","user":{"id":"UBOB","name":"bob","real_name":"Bob Brown"}}}`
	if _, err := e.sim.SendEnvelope(ctx, "events_api", json.RawMessage(ev)); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if u, err := e.app.DB.User(e.ctx, bob); err != nil || u.TZ != "UTC+09:30" {
		t.Errorf("after a user_change with no zone at all bob's zone is %q, %v; want it kept", u.TZ, err)
	}
}
