package bot

import "testing"

func TestNormalizeSpaces(t *testing.T) {
	for in, want := range map[string]string{
		"done\u00a012":           "done 12",
		"a\u2009b\u3000c\u202fd": "a b c d",
		"\u200b\u2060\ufeff":     "   ",
		"line\nnext\ttab":        "line\nnext\ttab",
		// The joiners inside an emoji sequence stay: the family is one emoji.
		"\U0001F468\u200d\U0001F469\u200d\U0001F467": "\U0001F468\u200d\U0001F469\u200d\U0001F467",
	} {
		if got := normalizeSpaces(in); got != want {
			t.Errorf("normalizeSpaces(%q) = %q, want %q", in, got, want)
		}
	}
}
