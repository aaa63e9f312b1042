package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestMain lets this test binary be the bot process that the bench starts
// (it runs os.Executable, which is this binary here).
func TestMain(m *testing.M) {
	if os.Getenv(benchBotEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestBenchPrintsTableAndJSON runs `mentorbot bench -quick` and checks
// the shape of what it prints: every figure the issue asks for, in the
// table and in the JSON, with targets and verdicts. Timings are the
// machine's business, not the test's.
func TestBenchPrintsTableAndJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("bench runs the whole bot")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"bench", "-quick", "-pairs", "200", "-duration", "200ms", "-rate", "250", "-fanout", "200", "-burst", "200"},
		envOf(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut.String())
	}
	s := out.String()
	i := strings.Index(s, "\n{")
	if i < 0 {
		t.Fatalf("no JSON in bench output:\n%s", s)
	}
	table := s[:i]
	if !strings.Contains(table, "figure") || !strings.Contains(table, "target") {
		t.Errorf("table has no header:\n%s", table)
	}
	var doc struct {
		Results []benchResult `json:"results"`
	}
	if err := json.Unmarshal([]byte(s[i:]), &doc); err != nil {
		t.Fatalf("bench JSON: %v", err)
	}
	byName := map[string]benchResult{}
	for _, r := range doc.Results {
		byName[r.Name] = r
		if !strings.Contains(table, r.Name) {
			t.Errorf("%q is in the JSON but not in the table", r.Name)
		}
		if (r.Target == "") != (r.Pass == nil) {
			t.Errorf("%q: a target needs a verdict and a verdict a target: %+v", r.Name, r)
		}
	}
	targets := []string{"startup to ready /healthz", "command ack p99", "command p50 / floor", "scheduler due-scan pass p50",
		"scheduler re-plan at a restart", "scheduler daily re-plan, worst day of a week", "scheduler full re-plan, every plan checked", "peak RSS of the bot", "fan-out: time / lower bound", "fan-out: HTTP 429s",
		"burst: first sent before its time", "burst: last sent after its time"}
	for _, name := range targets {
		r, ok := byName[name]
		if !ok {
			t.Errorf("bench lacks %q:\n%s", name, table)
			continue
		}
		if r.Pass == nil {
			t.Errorf("%q has no verdict", name)
		}
	}
	for _, name := range []string{"seed", "floor: websocket round trip p50", "floor: sqlite insert+select p50",
		"floor, back to back: websocket round trip + sqlite insert+select p50", "command ack p50",
		"command ack max", "database size per pair", "fan-out: lower bound", "burst: check-ins due 09:00"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("bench lacks %q", name)
		}
	}
	// -quick shrinks only what was not given: -pairs 200 stands.
	if r := byName["seed"]; !strings.Contains(r.Note, "200 pairs") {
		t.Errorf("-quick -pairs 200 seeded: %s", r.Note)
	}
	if r := byName["command ack p50"]; !strings.Contains(r.Note, ", 0 failed") {
		t.Errorf("commands failed during the bench: %s", r.Note)
	}
	// What the virtual clock makes exact does not depend on the machine.
	if r := byName["fan-out: HTTP 429s"]; r.Pass == nil || !*r.Pass {
		t.Errorf("fan-out provoked 429s: %+v", r)
	}
	if r := byName["burst: last sent after its time"]; r.Pass == nil || !*r.Pass {
		t.Errorf("burst went late: %+v", r)
	}
}

// TestBenchRefusesBadArgumentsAtOnce: a stray argument or a size that
// cannot be is refused before anything runs, with a line naming it, not
// ignored (a run of minutes) or met minutes later by a panic.
func TestBenchRefusesBadArgumentsAtOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, `unexpected arguments ["extra"]`},
		{[]string{"-quick", "now"}, `unexpected arguments ["now"]`},
		{[]string{"-pairs", "0"}, "-pairs 0"},
		{[]string{"-pairs", "-3"}, "-pairs -3"},
		{[]string{"-duration", "-1s"}, "-duration -1s"},
		{[]string{"-duration", "0s"}, "-duration 0s"},
		{[]string{"-fanout", "-1"}, "-fanout -1"},
		{[]string{"-burst", "0"}, "-burst 0"},
		{[]string{"-post-limit", "0"}, "-post-limit 0"},
		{[]string{"-post-limit", "NaN"}, "-post-limit NaN"},
		{[]string{"-quick", "-pairs", "0"}, "-pairs 0"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			var out, errOut bytes.Buffer
			err := run(ctx, append([]string{"bench"}, tc.args...), envOf(nil), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("bench %v: err = %v, want one naming %q", tc.args, err, tc.want)
			}
			if strings.Contains(errOut.String(), "seed") {
				t.Errorf("bench %v started before refusing:\n%s", tc.args, errOut.String())
			}
		})
	}
}

// BenchmarkSlashCommand measures one slash command's whole path: the
// simulator sends the envelope over the real websocket, the bot (wired as
// in production, on SQLite) handles it and acks with the answer; the
// latency is measured at the simulator, from sending to the ack. It
// reports the median and the 99th percentile besides the mean (ns/op).
//
//	go test -run '^$' -bench BenchmarkSlashCommand -benchtime 2000x ./cmd/mentorbot
func BenchmarkSlashCommand(b *testing.B) {
	e := newEnv(b)
	e.cmd(dana, "/mentor", "pair <@UALICE|alice> <@UBOB|bob>")
	e.cmd(alice, "/mentor", "meet <@UBOB> weekly thu 15:00")
	for i := range 5 {
		e.cmd(bob, "/goal", fmt.Sprintf("add Ship %d PRs to the payments service by 2026-12-15", i+1))
	}
	e.cmd(bob, "/mentor", "agenda my performance review")
	e.settle()
	for _, c := range []struct {
		name, user, command, text, want string
	}{
		{"goal list", bob, "/goal", "list", "Your goals"},
		{"mentor next", bob, "/mentor", "next", "my performance review"},
		// A write whose cost does not grow with the iterations (each
		// /goal add would make bob's goal list, and its re-plan, longer).
		{"goal progress", bob, "/goal", "progress 1 40% first draft written", "Goal *#1*"},
		{"session todos", alice, "/session", "todos", "to-do"},
	} {
		b.Run(c.name, func(b *testing.B) {
			if got := ackText(b, e.cmdIn(c.user, e.dmChannel(c.user), c.command, c.text)); !strings.Contains(got, c.want) {
				b.Fatalf("%s %s answered %q", c.command, c.text, got)
			}
			var lat []time.Duration
			for b.Loop() {
				res := e.cmdIn(c.user, e.dmChannel(c.user), c.command, c.text)
				if res.Ack == nil {
					b.Fatalf("%s %s: acked without an answer", c.command, c.text)
				}
				lat = append(lat, res.AckLatency)
			}
			reportLatency(b, lat)
		})
	}
	// The floor: an envelope the bot acks without work.
	b.Run("ack only", func(b *testing.B) {
		var lat []time.Duration
		ev := json.RawMessage(`{"type":"event_callback","event":{"type":"reaction_added"}}`)
		for b.Loop() {
			start := time.Now()
			if _, err := e.sim.SendEnvelope(e.ctx, "events_api", ev); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
		}
		reportLatency(b, lat)
	})
}

func reportLatency(b *testing.B, lat []time.Duration) {
	b.ReportMetric(float64(percentile(lat, 50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(percentile(lat, 99).Microseconds()), "p99-µs")
}
