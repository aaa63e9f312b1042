package bot

import (
	"strings"
	"testing"
)

// A bidirectional control echoed back — all the more one whose closing
// U+202C the cut dropped — shows the rest of the bot's sentence reversed.
func TestEchoTypedNeutralisesBidiControls(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a\u202eb\u202c c", "a\ufffdb\ufffd c"},
		{"\u2066x\u2069 \u202ay\u202b\u202d", "\ufffdx\ufffd \ufffdy\ufffd\ufffd"},
		{strings.Repeat("x", 97) + "\u202eRTL\u202c", strings.Repeat("x", 97) + "\ufffdR…"},
	} {
		if got := echoTyped(c.in, maxEchoed); got != c.want {
			t.Errorf("echoTyped(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A to-do, goal or note shown whole or cut keeps the direction of the
// bot's words after it: "— done (marked by you)" is not turned around.
func TestShownTextNeutralisesBidiControls(t *testing.T) {
	in := "ship it \u202e<soon>"
	if got, want := shownText(in), "ship it \ufffd&lt;soon&gt;"; got != want {
		t.Errorf("shownText(%q) = %q, want %q", in, got, want)
	}
	if got, want := shownTextFit(in, 12), "ship it \ufffd…"; got != want {
		t.Errorf("shownTextFit(%q, 12) = %q, want %q", in, got, want)
	}
}
