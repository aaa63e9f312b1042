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

	"github.com/mentorbot/mentorbot/store"
)

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
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
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
