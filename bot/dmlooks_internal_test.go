package bot

import (
	"testing"
	"time"
)

// A read of a DM answers for a claim only when it was made since the
// claim (a post of an earlier attempt could have landed by the claim, not
// necessarily by an older read), in the same DM, reaching back as far.
func TestDMLookAnswersOnlyForClaimsItCameAfter(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	var l dmLooks
	l.put("UALICE", dmRead{at: t0, ch: "DALICE", oldest: t0.Add(-time.Hour), keys: map[string]string{"k": "1.0"}})
	for _, tc := range []struct {
		name              string
		who, ch           string
		claimedAt, oldest time.Time
		want              bool
	}{
		{"claimed before the read", "UALICE", "DALICE", t0.Add(-time.Second), t0.Add(-time.Minute), true},
		{"claimed as it was read", "UALICE", "DALICE", t0, t0.Add(-time.Minute), true},
		{"claimed after the read", "UALICE", "DALICE", t0.Add(time.Second), t0.Add(-time.Minute), false},
		{"no claim time", "UALICE", "DALICE", time.Time{}, t0.Add(-time.Minute), false},
		{"older than the read reached", "UALICE", "DALICE", t0, t0.Add(-2 * time.Hour), false},
		{"another DM of theirs", "UALICE", "DOTHER", t0, t0.Add(-time.Minute), false},
		{"someone else", "UBOB", "DALICE", t0, t0.Add(-time.Minute), false},
	} {
		if _, got := l.get(tc.who, tc.ch, tc.claimedAt, tc.oldest); got != tc.want {
			t.Errorf("%s: answered %v, want %v", tc.name, got, tc.want)
		}
	}
	// A read long after the others lets them go.
	l.put("UBOB", dmRead{at: t0.Add(lookKept + time.Minute), ch: "DBOB", oldest: t0})
	if _, ok := l.last["UALICE"]; ok {
		t.Error("a read kept past lookKept")
	}
}
