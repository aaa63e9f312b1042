package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/store"
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

// Every SQL statement lives in store: no other package's code reaches the
// database but through store's methods. Outside store, no file but a
// test's imports database/sql or the SQLite driver, and a store.Tx offers
// no SQL of its own to the function InTx runs (only its Now).
func TestSQLOnlyInStore(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			if rel == "store" || (rel != "." && strings.HasPrefix(d.Name(), ".")) || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range parsed.Imports {
			dep, _ := strconv.Unquote(imp.Path.Value)
			if dep == "database/sql" || strings.HasPrefix(dep, "database/sql/") || dep == "modernc.org/sqlite" || strings.HasPrefix(dep, "modernc.org/sqlite/") {
				t.Errorf("%s imports %s: SQL belongs in store", path, dep)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tx := reflect.TypeFor[store.Tx]()
	if n := reflect.PointerTo(tx).NumMethod(); n != 0 {
		t.Errorf("*store.Tx has %d exported methods, want none: a package outside store could run SQL through them", n)
	}
	for f := range tx.Fields() {
		if f.IsExported() && f.Name != "Now" {
			t.Errorf("store.Tx has the exported field %s, want Now alone: a package outside store could run SQL through it", f.Name)
		}
	}
}
