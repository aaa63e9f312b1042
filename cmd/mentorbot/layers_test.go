package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The packages' layering, pinned: bot talks to data only through store
// and to time through scheduler; store knows nothing of Slack or of when
// things are sent; the simulator stands in for Slack and knows nothing of
// the bot. A new import across these lines fails here, so that it is a
// decision, not an accident.
func TestPackageLayers(t *testing.T) {
	const module = "github.com/mentorbot/mentorbot/"
	ours := []string{"internal/bidi", "internal/cadence", "internal/clock", "internal/datetext", "internal/match", "internal/metrics", "internal/smart"}
	allowed := map[string][]string{
		"bot":       append([]string{"scheduler", "store"}, ours...),
		"scheduler": {"store", "internal/cadence", "internal/clock", "internal/datetext", "internal/metrics"},
		"store":     {"internal/bidi", "internal/clock", "internal/datetext"},
		// The simulator and its web page stand in for Slack: nothing of
		// the bot's, so that they cannot agree with it by sharing code.
		"internal/slacksim":   {"internal/clock"},
		"internal/playground": {"internal/clock", "internal/slacksim"},
		// Tests' help with the store; no production package imports it.
		"internal/storetest": {"store"},
	}
	for _, p := range ours {
		allowed[p] = []string{"internal/datetext"} // the leaves: at most dates
	}
	for pkg, may := range allowed {
		files, err := filepath.Glob(filepath.Join("..", "..", pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if dep, ok := strings.CutPrefix(path, module); ok && !slices.Contains(may, dep) {
					t.Errorf("%s imports %s, across the layers (allowed: %s)", f, dep, strings.Join(may, ", "))
				}
			}
		}
	}
}
