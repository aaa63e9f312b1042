package bot

import "testing"

func TestHourUnclear(t *testing.T) {
	for typed, want := range map[string]bool{
		"weekly thu 3:00":            true,
		"2026-11-10 4:30 for 45m":    true,
		"weekly thu 03:00":           false,
		"weekly thu 15:00":           false,
		"weekly thu 3:00am":          false,
		"weekly thu 3:00 AM":         false,
		"weekly thu 3:00 a.m.":       false,
		"monthly last fri 9:30":      true,
		"2026-11-10 0:30":            false,
		"2026-11-10 14:30 for 1h30m": false,
	} {
		if got := hourUnclear(typed); got != want {
			t.Errorf("hourUnclear(%q) = %v, want %v", typed, got, want)
		}
	}
}
