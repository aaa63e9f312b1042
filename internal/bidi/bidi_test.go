package bidi

import "testing"

func TestNeutral(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                 "plain",
		"\u202egnp.exe":         "\ufffdgnp.exe",
		"a\u2066b\u2069c":       "a\ufffdb\ufffdc",
		"שלום \u202bעולם\u202c": "שלום \ufffdעולם\ufffd",
		"مرحبا":                 "مرحبا",
	} {
		if got := Neutral(in); got != want {
			t.Errorf("Neutral(%q) = %q, want %q", in, got, want)
		}
	}
}
