package match

import "testing"

// A pair whose only thing to say is the time-zone note says just that,
// and SplitReasons reads every form, older ones included.
func TestReasonsWithOnlyTheNoteReadAsANote(t *testing.T) {
	p := Pair{TZKnown: true, MinutesApart: 480}
	if got, want := p.Reasons(), "note: 8 h apart"; got != want {
		t.Errorf("Reasons() = %q, want %q", got, want)
	}
	for _, c := range []struct{ in, reasons, note string }{
		{"both: Go; same time zone", "both: Go; same time zone", ""},
		{"both: Go — note: 8 h apart", "both: Go", "8 h apart"},
		{"note: 8 h apart", "", "8 h apart"},
		{" — note: time zone unknown", "", "time zone unknown"},
		{"", "", ""},
	} {
		r, n := SplitReasons(c.in)
		if r != c.reasons || n != c.note {
			t.Errorf("SplitReasons(%q) = %q, %q; want %q, %q", c.in, r, n, c.reasons, c.note)
		}
	}
}
