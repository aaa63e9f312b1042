package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchPrintsTableAndJSON runs `mentorbot bench -quick` and checks
// the shape of what it prints: every figure the issue asks for, in the
// table and in the JSON, with targets and verdicts. Timings are the
// machine's business, not the test's.
func TestBenchPrintsTableAndJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("bench runs the whole bot")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"bench", "-quick", "-pairs", "200", "-duration", "300ms", "-rate", "50", "-fanout", "200", "-burst", "200"},
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
		"scheduler re-plan all pairs", "peak RSS", "fan-out: time / lower bound", "fan-out: HTTP 429s",
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
	for _, name := range []string{"seed", "floor: websocket round trip p50", "floor: sqlite insert+select p50", "command ack p50",
		"command ack max", "database size per pair", "fan-out: lower bound", "burst: check-ins due 09:00"} {
		if _, ok := byName[name]; !ok {
			t.Errorf("bench lacks %q", name)
		}
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
