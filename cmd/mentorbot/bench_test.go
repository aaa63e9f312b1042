package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchPrintsTableAndJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("bench runs the whole bot")
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"bench", "-pairs", "50", "-duration", "200ms", "-rate", "50"}, envOf(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, errOut.String())
	}
	s := out.String()
	for _, want := range []string{"command ack p99", "floor: websocket round trip", "scheduler due-scan pass", "startup to ready"} {
		if !strings.Contains(s, want) {
			t.Errorf("bench output lacks %q:\n%s", want, s)
		}
	}
	i := strings.Index(s, "\n{")
	if i < 0 {
		t.Fatalf("no JSON in bench output:\n%s", s)
	}
	var doc struct {
		Results []benchResult `json:"results"`
	}
	if err := json.Unmarshal([]byte(s[i:]), &doc); err != nil || len(doc.Results) < 8 {
		t.Fatalf("bench JSON: %v, %d results", err, len(doc.Results))
	}
	for _, r := range doc.Results {
		if r.Name == "command ack p50" && !strings.Contains(r.Note, ", 0 failed") {
			t.Errorf("commands failed during the bench: %s", r.Note)
		}
	}
}
