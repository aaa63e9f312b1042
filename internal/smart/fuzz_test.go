package smart_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/smart"
)

// vagueWord is the shape of every vague word or phrase Check reports: words
// of its own list, never the person's text.
var vagueWord = regexp.MustCompile(`^[a-z]+(?: [a-z]+)?$`)

// FuzzCheck checks that any goal text gives a consistent result: a tip for
// each missing part and only then, vague words only when not measurable, a
// filled-in measure always counting, and tips that quote nothing the person
// typed (so they need no escaping).
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"Ship 3 PRs to the payments service", "Get better at public speaking", "learn Go by 2026",
		"Learn Rust so that I can review 5 PRs a week", "Give a talk at the internal tech day", "Improve",
		"have 1:1s with my manager", "learn#3about", "<!channel> get better", "’twice’", "so that", "so ",
		"   ", "", "\xff\xfe", strings.Repeat("learn about ", 50), "İstanbul better ǅ", "done when <@U1|x> says so",
		"Get AWS Solutions Architect certification", "Learn Rust and pass the internal Rust quiz", "learn how to deploy", "pass on",
		"get " + strings.Repeat("x ", 8) + "certification",
	} {
		f.Add(s, "", false, 0)
		f.Add(s, "a count", true, 7)
	}
	f.Fuzz(func(t *testing.T, text, measure string, hasDeadline bool, n int) {
		r := smart.Check(text, measure, hasDeadline, n)
		if r.HasDeadline != hasDeadline {
			t.Fatalf("HasDeadline = %v, given %v", r.HasDeadline, hasDeadline)
		}
		if strings.TrimSpace(measure) != "" && !r.Measurable {
			t.Fatalf("Check(%q, %q): a measure was given but the goal is not measurable", text, measure)
		}
		want := 0
		if !hasDeadline {
			want++
		}
		if !r.Measurable {
			want++
		}
		if len(r.Tips) != want || r.OK() != (want == 0) {
			t.Fatalf("Check(%q, %q, %v) = %+v: %d tips, want %d", text, measure, hasDeadline, r, len(r.Tips), want)
		}
		if r.Measurable && len(r.Vague) > 0 {
			t.Fatalf("Check(%q): measurable yet vague %v", text, r.Vague)
		}
		for _, v := range r.Vague {
			if !vagueWord.MatchString(v) {
				t.Fatalf("Check(%q): vague word %q is not from the list", text, v)
			}
		}
		for _, tip := range r.Tips {
			if tip == "" || strings.ContainsAny(tip, "<>&") {
				t.Fatalf("Check(%q): tip %q needs escaping", text, tip)
			}
		}
	})
}
