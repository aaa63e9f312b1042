package main

import (
	"context"
	"testing"
)

// Slack stops delivering an app's events for the rest of a minute once it
// passes 30,000 an hour, and says so with app_rate_limited: the events of
// that minute (a new time zone, an App Home opened) are lost, which the
// operator must be able to read in the log, at warning level.
func TestAppRateLimitedEventIsLoggedAsAWarning(t *testing.T) {
	logs := &syncBuffer{}
	e := newEnvWithLog(t, logs)
	mark := len(logs.String())
	ctx, cancel := context.WithTimeout(e.ctx, waitLimit)
	defer cancel()
	frame := `{"envelope_id":"rl-1","type":"events_api","payload":{"token":"x","type":"app_rate_limited","team_id":"T0SIM","minute_rate_limited":1796515200,"api_app_id":"A0SIM"},"accepts_response_payload":false}`
	if _, err := e.sim.SendFrame(ctx, []byte(frame)); err != nil {
		t.Fatalf("not acknowledged: %v", err)
	}
	waitLog(t, logs, mark, `level=WARN msg="Slack is rate-limiting this app's events`)
}
