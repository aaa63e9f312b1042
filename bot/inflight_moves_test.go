package bot

import (
	"testing"
	"time"
)

// A DM's time may have been passed through by another meeting before the
// DM's own arrived there: following it starts at the move that brought
// the DM's meeting, not at an older move out of the same time.
func TestRecentMovesFollowTheDMsOwnMeeting(t *testing.T) {
	base := time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	x, y, z := at(50), at(250), at(52)
	var m recentMoves
	m.note(1, at(74), x, at(0))  // meeting A moved to X
	m.note(1, x, y, at(1))       // and on, from X to Y
	m.note(1, at(242), x, at(2)) // meeting B moved to X
	sent := at(26)               // B's reminder for X goes
	m.note(1, x, z, at(27))      // B moved on, from X to Z
	m.note(2, x, at(300), at(28))
	if got, ok := m.follow(1, x, sent); !ok || !got.Equal(z) {
		t.Errorf("follow(X) for B's reminder = %v, %v; want Z %v", got, ok, z)
	}
	// Without a sending time (a time named by an edit), from the start.
	if got, ok := m.follow(1, y, time.Time{}); ok {
		t.Errorf("follow(Y) = %v, %v; want not moved", got, ok)
	}
	// Old moves are let go as the pair moves again.
	m.note(1, z, at(60), at(27+5*24))
	if got := len(m.by[1]); got != 1 {
		t.Errorf("pair 1 keeps %d moves after four days, want 1", got)
	}
}
